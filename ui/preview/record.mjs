// Records the answers the browser preview replays (preview/recorded.json), from the REAL core:
// the `coopbook` command line on a fresh demo book (`coopbook demo`, the book the app's
// 打开示范账本 makes), one `coopbook --json …` run per answer. Run by scripts/record-preview.sh:
//
//   node ui/preview/record.mjs /path/to/coopbook [ui/preview/recorded.json]
//
// Each answer is keyed by the app's IPC command and the arguments the UI sends with it (see
// src/shared/api.ts). Where the command line prints a list the app reads a page at a time
// (member_page, contribution_page, vouchers, trade_page, ledger_page, audit_log) the page is cut
// here from the full list the core printed; nothing is computed but the page's bounds, its row
// count and, for trade_page, the sum of the amounts of the rows not reversed (the list's 合计), in
// exact 分. The dashboard, each member's account, the contributions, the operations and the slip
// codes are recorded for the demo's year (`dashboard`, `member account`, `contributions`,
// `operations`, `distribution slip-codes`); a call with other arguments, or a command the command
// line has no counterpart for, is not recorded: the preview says so.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const bin = process.argv[2]
const out = process.argv[3] ?? path.join(path.dirname(new URL(import.meta.url).pathname), 'recorded.json')
if (!bin) {
  console.error('usage: node preview/record.mjs /path/to/coopbook [out.json]')
  process.exit(2)
}
/** The demo's year: the preview's clock stands at its last day. */
const YEAR = 2025
const TODAY = `${YEAR}-12-31`
/** Where the preview pretends the book lives; the temporary folder is replaced by it. */
const HOME = '/home/kuaiji/.local/share/coopbook'
const PAGE = 100

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coopbook-preview-'))
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }))
const book = path.join(tmp, 'demo.coopbook')
const township = path.join(tmp, '白云乡.township')
const env = { ...process.env, COOPBOOK_PASSWORD: 'coopbook', COOPBOOK_USER: 'admin', LANG: 'C.UTF-8' }
delete env.COOPBOOK_DB

/** Runs the command line: its JSON answer, or the refusal as the app's ErrorBody. */
function cli(args, { db = book, user = 'admin', password = 'coopbook', json = true } = {}) {
  const argv = ['--db', db, '--user', user, ...(json ? ['--json'] : []), ...args]
  try {
    const text = execFileSync(bin, argv, { env: { ...env, COOPBOOK_PASSWORD: password }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 })
    return { ok: json ? JSON.parse(text) : text.trim() }
  } catch (e) {
    const line = String(e.stderr ?? '').trim().split('\n').pop() ?? ''
    // `中文 / English [code]`, as the command line prints a refusal
    const m = /^(.*) \/ (.*) \[([a-z0-9-]+)\]$/.exec(line)
    if (!m) throw new Error(`coopbook ${argv.join(' ')} failed: ${e.stderr || e.message}`)
    return { err: { code: m[3], message: line, zh: m[1], en: m[2], field: null, fields: [] } }
  }
}
const must = (r) => {
  if ('err' in r) throw new Error(`unexpected refusal: ${r.err.message}`)
  return r.ok
}

const answers = []
/** One recorded answer for `cmd` called with `args` (exactly what src/shared/api.ts sends). */
function rec(cmd, args, r) {
  answers.push({ cmd, args, ...r })
}
/** The JSON answer of the command line, unwrapped from `{ key: … }` when the app gets the bare value. */
const unwrap = (r, key) => ('err' in r ? r : { ok: r.ok[key] })

// ---- the book ----------------------------------------------------------------------------
must(cli(['demo'], { json: false }))
const version = must(cli(['--version'], { json: false })).replace(/^coopbook /, '')

// the session: who each demo user is once logged in, and a wrong password
const USERS = ['admin', '会计', '出纳', '理事长', '监事']
for (const u of USERS) rec('login', { user: u, password: 'coopbook' }, cli(['whoami'], { user: u }))
rec('login', { user: '会计', password: '' }, cli(['whoami'], { user: '会计', password: 'wrong-password' }))

const coop = must(cli(['coop', 'show']))
rec('coop', {}, { ok: coop })
rec('accounts', {}, unwrap(cli(['account', 'list']), 'accounts'))
const members = must(cli(['member', 'list'])).members
rec('members', { query: null }, { ok: members })
rec('member_page', { query: null, limit: PAGE, offset: 0 }, { ok: { rows: members.slice(0, PAGE), total: members.length } })
rec('dashboard', { year: YEAR }, cli(['dashboard', '--year', String(YEAR)]))
for (const mem of members) rec('member_account', { no: mem.no, year: YEAR }, cli(['member', 'account', String(mem.no), '--year', String(YEAR)]))
const contributions = must(cli(['contributions'])).contributions
rec('contributions', { member: null }, { ok: contributions })
rec('operations', {}, unwrap(cli(['operations']), 'operations'))
rec('products', {}, unwrap(cli(['product', 'list']), 'products'))
rec('buyers', {}, unwrap(cli(['buyer', 'list']), 'buyers'))
rec('contracts', {}, unwrap(cli(['contract', 'list']), 'contracts'))
const periods = must(cli(['period', 'list'])).periods
rec('periods', {}, { ok: periods })
for (const p of periods) rec('close_check', { month: p.month }, cli(['period', 'check', p.month]))
rec('closed_years', {}, unwrap(cli(['year', 'list']), 'years'))
rec('year_close_check', { year: YEAR, defer: null }, cli(['year', 'check', String(YEAR)]))
rec('verify', {}, cli(['verify']))
rec('users', {}, unwrap(cli(['user', 'list']), 'users'))
rec('backups', {}, unwrap(cli(['backups']), 'backups'))
rec('backup_place', {}, cli(['coop', 'backup-dir']))
rec('bundles_sent', {}, unwrap(cli(['bundle', 'list']), 'bundles'))
rec('key_fingerprint', {}, unwrap(cli(['bundle', 'key']), 'fingerprint'))

// vouchers: the list a page at a time (all, and each month), every voucher's detail
const allVouchers = must(cli(['voucher', 'list', '--limit', '1000000'])).vouchers
const pages = (list, key) => {
  for (let offset = 0; offset === 0 || offset < list.length; offset += PAGE) key(offset, { rows: list.slice(offset, offset + PAGE), total: list.length })
}
pages(contributions, (offset, page) => rec('contribution_page', { member: null, limit: PAGE, offset }, { ok: page }))
pages(allVouchers, (offset, page) => rec('vouchers', { filter: { month: null, status: null, limit: PAGE, offset } }, { ok: page }))
for (const p of periods) {
  const list = must(cli(['voucher', 'list', '--month', p.month, '--limit', '1000000'])).vouchers
  pages(list, (offset, page) => rec('vouchers', { filter: { month: p.month, status: null, limit: PAGE, offset } }, { ok: page }))
}
for (const v of allVouchers) rec('voucher', { id: v.id }, cli(['voucher', 'show', String(v.id)]))

// reports of the year
const from = `${YEAR}-01-01`
const tb = cli(['report', 'trial-balance', '--from', from, '--to', TODAY])
rec('trial_balance', { from, to: TODAY }, tb)
for (const row of must(tb).accounts) {
  const l = cli(['report', 'ledger', '--account', row.code, '--from', from, '--to', TODAY])
  if ('err' in l) continue
  const { rows, ...rest } = l.ok
  for (let offset = 0; offset === 0 || offset < rows.length; offset += PAGE) {
    const brought_forward = offset === 0 ? rest.opening : rows[offset - 1].balance
    rec('ledger_page', { account: row.code, from, to: TODAY, member: null, limit: PAGE, offset }, { ok: { ...rest, brought_forward, rows: rows.slice(offset, offset + PAGE), total: rows.length, offset } })
  }
}
for (let m = 1; m <= 12; m++) rec('statement', { kind: 'balance-sheet', year: YEAR, month: m }, cli(['report', 'balance-sheet', '--year', String(YEAR), '--month', String(m)]))
for (const kind of ['surplus', 'equity-changes', 'member-accounts', 'general-ledger', 'notes']) rec('statement', { kind, year: YEAR, month: null }, cli(['report', kind, '--year', String(YEAR)]))
rec('note_fields', { year: YEAR }, unwrap(cli(['notes', 'list', '--year', String(YEAR)]), 'notes'))
rec('shares', { at: TODAY }, cli(['shares', '--at', TODAY]))
rec('assets', { at: TODAY }, unwrap(cli(['asset', 'list', '--at', TODAY]), 'assets'))
rec('sales_report', { year: YEAR }, cli(['report', 'sales', '--year', String(YEAR)]))
rec('member_trade', { year: YEAR }, cli(['report', 'member-trade', '--year', String(YEAR)]))
rec('member_payments', { member: null }, unwrap(cli(['member', 'payments']), 'payments'))
for (const mem of members) {
  rec('owed_to_member', { no: mem.no, date: TODAY }, unwrap(cli(['member', 'owed', String(mem.no), '--at', TODAY]), 'owed'))
  rec('member_ledger', { no: mem.no, from, to: TODAY }, cli(['report', 'member-ledger', '--member', String(mem.no), '--from', from, '--to', TODAY]))
}
rec('distribution', { year: YEAR }, cli(['distribution', 'show', '--year', String(YEAR)]))
rec('slip_codes', { year: YEAR }, unwrap(cli(['distribution', 'slip-codes', '--year', String(YEAR)]), 'slip_codes'))
rec('distribution_plan', { year: YEAR, reserveRate: null, patronageRate: null, whatIf: true }, cli(['distribution', 'plan', '--year', String(YEAR), '--what-if']))

// the sales and deliveries of each month and of the year, newest first as trade_page reads them
/** Exact sum of money strings ("-1,234.56" without the commas) in 分, back as a string. */
function sumMoney(list) {
  let fen = 0n
  for (const s of list) {
    const neg = s.startsWith('-')
    const [i, f = ''] = (neg ? s.slice(1) : s).split('.')
    const v = BigInt(i) * 100n + BigInt((f + '00').slice(0, 2))
    fen += neg ? -v : v
  }
  const neg = fen < 0n
  const a = neg ? -fen : fen
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`
}
const ranges = [{ from, to: TODAY }]
for (let m = 1; m <= 12; m++) {
  const mm = String(m).padStart(2, '0')
  const last = new Date(Date.UTC(YEAR, m, 0)).getUTCDate()
  ranges.push({ from: `${YEAR}-${mm}-01`, to: `${YEAR}-${mm}-${last}` })
}
for (const kind of ['sale', 'delivery']) {
  for (const r of ranges) {
    const rows = must(cli(['report', 'trade', kind, '--from', r.from, '--to', r.to])).rows.slice().reverse()
    const standing = rows.filter((x) => x.reversal_voucher_id === null)
    pages(rows, (offset, page) =>
      rec('trade_page', { kind, from: r.from, to: r.to, limit: PAGE, offset }, { ok: { ...page, live: standing.length, amount: sumMoney(standing.map((x) => x.amount)) } }),
    )
  }
}

// the audit log, unfiltered: its first page
const log = must(cli(['log', '--limit', '1000000']))
const distinct = (k) => [...new Set(log.log.map((e) => e[k]))].sort()
const nullFilter = { user: null, action: null, entity: null, entity_id: null, from: null, to: null, text: null }
pages(log.log.slice(0, PAGE), (offset, page) =>
  rec('audit_log', { filter: { ...nullFilter, limit: PAGE, offset } }, { ok: { rows: page.rows, total: log.total, users: distinct('user'), actions: distinct('action') } }),
)

// ---- the township: the demo's full bundle imported into a new township database ----------
const bundle = path.join(tmp, `${coop.name}-${YEAR}.coopsync`)
must(cli(['bundle', 'export', '--out', bundle, '--full'], { user: '会计' }))
const verdicts = unwrap(cli(['township', 'import', bundle], { db: township }), 'files')
const villages = must(cli(['township', 'villages'], { db: township })).villages
rec('pick_bundle_files', {}, { ok: [bundle] })
rec('township_import', { paths: [bundle] }, verdicts)
rec('township_open', { path: township }, { ok: { path: township, villages, latest_year: YEAR } })
rec('township_report', { year: YEAR }, cli(['township', 'report', '--year', String(YEAR)], { db: township }))
for (const v of villages) {
  for (let m = 1; m <= 12; m++) rec('township_statement', { uscc: v.uscc, kind: 'balance-sheet', year: YEAR, month: m }, cli(['township', 'statement', 'balance-sheet', '--coop', v.uscc, '--year', String(YEAR), '--month', String(m)], { db: township }))
  for (const kind of ['surplus', 'equity-changes', 'member-accounts', 'general-ledger', 'notes'])
    rec('township_statement', { uscc: v.uscc, kind, year: YEAR, month: null }, cli(['township', 'statement', kind, '--coop', v.uscc, '--year', String(YEAR)], { db: township }))
}

// ---- written without the temporary folder --------------------------------------------------
const recording = {
  about: 'Answers of the real core (coopbook CLI) on its demo book, replayed by the browser preview. Made by scripts/record-preview.sh; do not edit by hand.',
  version,
  today: TODAY,
  book: path.join(HOME, 'demo.coopbook'),
  township: path.join(HOME, '白云乡.township'),
  answers,
}
let text = JSON.stringify(recording)
text = text.split(JSON.stringify(book).slice(1, -1)).join(path.join(HOME, 'demo.coopbook'))
text = text.split(JSON.stringify(tmp).slice(1, -1)).join(HOME)
// one answer a line: reviewable diffs when the core changes
const parsed = JSON.parse(text)
const lines = parsed.answers.map((a) => JSON.stringify(a))
delete parsed.answers
fs.writeFileSync(out, `${JSON.stringify(parsed, null, 2).replace(/\n}$/, '')},\n  "answers": [\n${lines.join(',\n')}\n]}\n`)
console.log(`recorded ${answers.length} answers into ${out} (${(fs.statSync(out).size / 1024).toFixed(0)} KiB)`)
