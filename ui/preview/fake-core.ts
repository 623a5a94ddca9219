// A small in-memory stand-in for the Rust core, for looking at the screens in a browser.
// Dev-only: never imported by the app.
import type { Account, Contribution, ErrorBody, Flag, ImportReport, OpeningImport, OpeningRow, Member, NewContribution, ShareRow, Voucher, VoucherRow, Line, Period, TrialBalanceRow } from '../src/bindings'
import { fenToString, parseDecimal, toFen, toFenOrZero, valuationFen } from '../src/shared/money'
import { tradeAmount, CHANNELS } from '../src/features/trade/trade'
import type { AssetRow, Buyer, ContractRow, MemberPayment, NewAsset, NewHarvest, NewMemberPayment, NewOperation, Operation, Plan, PlanMember, Product, TradeRow } from '../src/bindings'
import type { Printed } from '../src/shared/api'
import chart from './chart.json'
import { townshipCommand, villageCommand } from './fake-township'
import { PERM_ROLES } from '../src/features/users/users'
import type { BackupInfo, LogEntry, User, VoucherImport } from '../src/bindings'

type Err = ErrorBody
const err = (code: string, zh: string, en: string, field: string | null = null, fields: string[] = field ? [field] : []): Err => ({ code, zh, en, field, fields, message: `${zh} / ${en} [${code}]` })

const st = {
  book: null as string | null,
  /** The folder chosen for the automatic backups (null: 备份 beside the book). */
  backupDir: null as string | null,
  defaultBackupDir: '/home/kuaiji/.local/share/coopbook/备份',
  user: '会计',
  /** The acting user's role; empty when nobody is logged in. */
  role: 'accountant',
  lastUser: '会计' as string | null,
  demo: false,
  locale: 'zh-CN',
  accounts: [] as Account[],
  members: [] as Member[],
  vouchers: [] as Voucher[],
  contributions: [] as Contribution[],
  closed: new Map<string, { by: string; at: string }>(),
  charter: { reserve_rate: '0.10', patronage_rate: '0.60', collective_min_share: '0.30', allow_labour: true, member_cap: '0.20' },
  coop: { name: '青山村十方田农产品专业合作社', uscc: '93350125MA2YH0E50P', village: '青山村', township: '白云乡', county: '示范县' },
}

function fullName(code: string): string {
  const a = st.accounts.find((x) => x.code === code)!
  return a.parent ? `${fullName(a.parent)}:${a.code} ${a.name}` : `${a.code} ${a.name}`
}
function refreshLeaves() {
  for (const a of st.accounts) {
    a.leaf = !st.accounts.some((b) => b.parent === a.code)
    a.full_name = fullName(a.code)
  }
}
function addAccount(code: string, name: string, parent: string | null) {
  const p = parent ? st.accounts.find((a) => a.code === parent)! : null
  const base = chart.find((c) => c.code === code)
  st.accounts.push({
    code,
    name,
    parent,
    class: p?.class ?? base!.class,
    direction: p?.direction ?? base!.direction,
    member_ledger: p?.member_ledger ?? base!.member_ledger,
    system: !p,
    leaf: true,
    full_name: '',
  })
  refreshLeaves()
}

const NAMES = ['张三', '李四', '王五', '赵六', '钱七', '孙八', '周九', '吴十', '郑一', '冯二', '陈海', '褚明', '卫东', '蒋华', '沈兰', '韩梅', '杨帆', '朱军', '秦岭', '尤佳', '许多', '何平', '吕强', '施展', '张丽', '孔亮', '曹阳', '严格', '华山']

function seed() {
  st.accounts = []
  for (const c of chart) addAccount(c.code, c.name, null)
  addAccount('50101', '香菇', '501')
  addAccount('50102', '木耳', '501')
  addAccount('12801', '香菇', '128')
  addAccount('52101', '香菇收购', '521')
  st.members = [
    { no: 1, name: '青山村股份经济合作社', id_card: 'N235**********123N', kind: 'collective', kind_zh: '村集体', phone: '0591-8888123', joined: '2025-01-01', exited: null },
    ...NAMES.map((n, i) => ({
      no: i + 2,
      name: n,
      id_card: `3501**********${String(1000 + i * 37).slice(-4)}`,
      kind: i < 3 ? 'cadre' : i < 8 ? 'party' : 'farmer',
      kind_zh: i < 3 ? '村两委干部' : i < 8 ? '党员' : '农民',
      phone: i % 3 === 0 ? null : `1390591${String(1000 + i).slice(-4)}`,
      joined: '2025-01-01',
      exited: i === 20 ? '2025-09-30' : null,
    })),
  ]
  st.vouchers = []
  const mk = (date: string, summary: string, lines: Array<[string, string, string, number | null]>, status: string) => {
    const v = makeVoucher(date, summary, 1, lines.map(([account, debit, credit, member]) => ({ account, debit, credit, member: member === null ? null : String(member), summary: null })), '会计')
    v.status = status
    if (status !== 'draft') v.reviewed_by = '理事长'
    if (status === 'posted') v.posted_by = '理事长'
    return v
  }
  st.contributions = []
  const c = (member: number, kind: string, date: string, extra: Partial<NewContribution>) =>
    contribute({ member: String(member), kind, date, amount: null, area: null, price_per_mu: null, days: null, price_per_day: null, via: null, account: null, plot: null, location: null, term: null, valuation_ref: null, description: null, ...extra })
  c(1, 'cash', '2025-01-05', { amount: '50000', via: 'bank' })
  c(1, 'land', '2025-01-05', { area: '120', price_per_mu: '800', plot: '青山村集体机动地', location: '青山村一组、二组', term: '2025-01-01 至 2039-12-31', valuation_ref: '成员大会决议〔2025〕1号' })
  c(2, 'cash', '2025-01-06', { amount: '40000', via: 'bank' })
  for (let no = 3; no <= 10; no++) c(no, 'cash', '2025-01-06', { amount: '20000', via: no % 4 === 0 ? 'cash' : 'bank' })
  for (let no = 11; no <= 13; no++) c(no, 'land', '2025-01-08', { area: '4.5', price_per_mu: '800.05', plot: `后山${no - 10}号地`, location: '青山村三组', term: '2025-01-01 至 2034-12-31', valuation_ref: '成员大会决议〔2025〕1号' })
  for (let no = 14; no <= 30; no++) if (no !== 22) c(no, 'cash', '2025-01-10', { amount: '9000', via: 'bank' })
  for (let no = 2; no <= 6; no++) c(no, 'subsidy', '2025-06-30', { amount: '1500', description: '2025 年中央财政扶持资金量化' })
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0')
    const status = m <= 9 ? 'posted' : m === 10 ? 'reviewed' : 'draft'
    for (let k = 0; k < 5; k++) {
      const amt = fenToString(BigInt(123456 + m * 98765 + k * 4321))
      mk(`2025-${mm}-${String(8 + k * 4).padStart(2, '0')}`, k % 2 ? '销售香菇收入' : '收购成员香菇', k % 2 ? [['102', amt, '0', null], ['50101', '0', amt, null]] : [['12801', amt, '0', null], ['114', '0', amt, 3 + k]], status)
    }
  }
  mk('2025-03-20', '支付管理费用', [['523', '8640.50', '0', null], ['101', '0', '8640.50', null]], 'posted')
  const orig = st.vouchers[st.vouchers.length - 1]
  const rev = mk('2025-03-28', `冲销 ${orig.no}`, [['523', '-8640.50', '0', null], ['101', '0', '-8640.50', null]], 'posted')
  rev.reverses = orig.id
  orig.reversed_by = rev.id
  seedTrade()
  seedOps()
  seedDist()
  st.closed.set('2025-01', { by: '会计', at: '2025-02-03 10:12:00' })
  st.closed.set('2025-02', { by: '会计', at: '2025-03-02 09:40:00' })
}

let nextId = 1
function makeVoucher(date: string, summary: string, attachments: number, lines: Array<{ account: string; debit: string; credit: string; member: string | null; summary: string | null }>, user: string): Voucher {
  const ym = date.slice(0, 7)
  const seq = st.vouchers.filter((v) => v.date.slice(0, 7) === ym).length + 1
  const ls: Line[] = lines.map((l, i) => {
    const a = st.accounts.find((x) => x.code === l.account)!
    const m = l.member ? st.members.find((x) => String(x.no) === l.member)! : null
    return {
      line_no: i + 1,
      account: a.code,
      account_name: a.full_name.replace(/^\S+ /, ''),
      member: m?.no ?? null,
      member_name: m?.name ?? null,
      summary: l.summary ?? summary,
      debit: fenToString(toFenOrZero(l.debit)!),
      credit: fenToString(toFenOrZero(l.credit)!),
    }
  })
  const d = ls.reduce((s, l) => s + toFen(l.debit)!, 0n)
  const c = ls.reduce((s, l) => s + toFen(l.credit)!, 0n)
  const v: Voucher = {
    id: nextId++,
    no: `记-${String(seq).padStart(4, '0')}`,
    date,
    summary,
    attachments,
    status: 'draft',
    prepared_by: user,
    reviewed_by: null,
    posted_by: null,
    reverses: null,
    reversed_by: null,
    debit: fenToString(d),
    credit: fenToString(c),
    lines: ls,
    source: null,
  }
  st.vouchers.push(v)
  return v
}

const KIND_ZH: Record<string, string> = { cash: '现金', land: '土地经营权', labour: '劳务', asset: '实物资产', subsidy: '财政补助量化' }

function contribute(c: NewContribution): Contribution {
  const m = st.members.find((x) => String(x.no) === c.member.trim())
  if (!m) throw err('unknown-member', `成员编号“${c.member}”不存在`, `no member "${c.member}"`, 'member')
  if (m.exited) throw err('member-exited', `${m.no} 号成员 ${m.name} 已于 ${m.exited} 退社，不能再出资`, `member no. ${m.no} exited`, 'member')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(c.date)) throw err('date-invalid', `日期“${c.date}”无效，应写作 2025-03-01`, `date "${c.date}" is not valid`, 'date')
  const money = (t: string | null, field: string, zh: string) => {
    if (!t) throw err('field-required', `请填写${zh}`, `${field} is required`, field)
    const f = toFen(t)
    if (f === null) throw err('amount-invalid', `金额“${t}”无效`, `amount "${t}" is not valid`, field)
    if (f <= 0n) throw err('not-positive', `${zh}必须大于零，输入的是 ${t}`, `${field} must be greater than zero`, field)
    return f
  }
  let amount = 0n
  let quantity: string | null = null
  let unit: bigint | null = null
  let debit = '102'
  let summary = ''
  const detail: Record<string, string> = {}
  for (const k of ['plot', 'location', 'term', 'valuation_ref', 'description'] as const) if (c[k]) detail[k] = c[k]!
  switch (c.kind) {
    case 'cash':
      amount = money(c.amount, 'amount', '出资金额')
      debit = c.via === 'cash' ? '101' : '102'
      detail.via = c.via ?? 'bank'
      summary = '以现金出资'
      break
    case 'land':
    case 'labour': {
      const [qf, pf, qz, pz] = c.kind === 'land' ? (['area', 'price_per_mu', '面积（亩）', '每亩作价'] as const) : (['days', 'price_per_day', '工日数', '每工日作价'] as const)
      const q = c[qf]
      if (!q) throw err('field-required', `请填写${qz}`, `${qf} is required`, qf)
      unit = money(c[pf], pf, pz)
      if (c.kind === 'land' && !c.valuation_ref) throw err('valuation-ref-required', '土地经营权作价须经成员大会通过，请填写决议文号', "a land valuation must be approved by the members' meeting", 'valuation_ref')
      const v = valuationFen(q, fenToString(unit))
      if (v === null) throw err('quantity-invalid', `${qz}“${q}”不是有效数字`, `"${q}" is not a number`, qf)
      amount = v
      quantity = q.trim()
      debit = c.kind === 'land' ? '161' : c.account || '401'
      summary = c.kind === 'land' ? `以土地经营权出资 ${quantity} 亩，每亩 ${fenToString(unit)} 元` : `以劳务出资 ${quantity} 工日，每工日 ${fenToString(unit)} 元`
      break
    }
    case 'asset':
      amount = money(c.amount, 'amount', '评估价值')
      debit = c.account || '151'
      summary = '以实物资产出资'
      break
    case 'subsidy':
      amount = money(c.amount, 'amount', '量化金额')
      debit = c.account || '235'
      summary = '财政补助资金量化到成员'
      break
    default:
      throw err('invalid-contribution-kind', `出资方式“${c.kind}”无效`, `"${c.kind}" is not a kind`, 'kind')
  }
  const a = fenToString(amount)
  const credit = c.kind === 'subsidy' ? '311' : '301'
  const v = makeVoucher(c.date, `${m.no} 号成员${m.name}${summary}`, 1, [
    { account: debit, debit: a, credit: '', member: null, summary: null },
    { account: credit, debit: '', credit: a, member: credit === '301' ? String(m.no) : null, summary: null },
  ], st.user)
  v.status = 'posted'
  v.reviewed_by = v.posted_by = st.user
  const row: Contribution = { id: st.contributions.length + 1, member: m.no, member_name: m.name, kind: c.kind, kind_zh: KIND_ZH[c.kind], date: c.date, amount: a, quantity, unit_price: unit === null ? null : fenToString(unit), detail, voucher_id: v.id }
  st.contributions.push(row)
  return row
}

/** Per-member balances (credit-positive) of a member-ledger account at a date. */
function memberBalances(code: string, at: string, from = '0000-00-00'): Map<number, bigint> {
  const out = new Map<number, bigint>()
  for (const { l } of postedLines(from, at)) {
    if (!l.account.startsWith(code) || l.member === null) continue
    out.set(l.member, (out.get(l.member) ?? 0n) + toFen(l.credit)! - toFen(l.debit)!)
  }
  return out
}

function pct(f: bigint, w: bigint) {
  return w === 0n ? '0.0000' : (() => { const x = (f * 20000n + w) / (2n * w); const s = x.toString().padStart(5, '0'); return `${s.slice(0, -4)}.${s.slice(-4)}` })()
}

function shares(at: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(at)) throw err('date-invalid', `日期“${at}”无效，应写作 2025-03-01`, `date "${at}" is not valid`, 'at')
  const cap = memberBalances('301', at)
  const total = [...cap.values()].reduce((s, x) => s + x, 0n)
  const byKind = (id: number, k: string) => st.contributions.filter((c) => c.member === id && c.kind === k && c.date <= at).reduce((s, c) => s + toFen(c.amount)!, 0n)
  const members: ShareRow[] = []
  let collective: bigint | null = null
  let count = 0
  let farmers = 0
  let subsidyTotal = 0n
  for (const m of st.members) {
    const own = cap.get(m.no) ?? 0n
    const active = m.joined <= at && (!m.exited || m.exited > at)
    if (!active && own === 0n && byKind(m.no, 'subsidy') === 0n) continue
    if (active) {
      count++
      if (['farmer', 'party', 'cadre'].includes(m.kind)) farmers++
    }
    const k = { cash: byKind(m.no, 'cash'), land: byKind(m.no, 'land'), labour: byKind(m.no, 'labour'), asset: byKind(m.no, 'asset'), subsidy: byKind(m.no, 'subsidy') }
    if (m.kind === 'collective') collective = (collective ?? 0n) + own
    subsidyTotal += k.subsidy
    members.push({ no: m.no, name: m.name, kind: m.kind, cash: fenToString(k.cash), land: fenToString(k.land), labour: fenToString(k.labour), asset: fenToString(k.asset), subsidy: fenToString(k.subsidy), other: fenToString(own - k.cash - k.land - k.labour - k.asset), total: fenToString(own), share: pct(own, total) })
  }
  const flags: Flag[] = []
  const cs = collective === null || total === 0n ? null : pct(collective, total)
  const min = st.charter.collective_min_share
  if (collective === null) flags.push({ code: 'no-collective', zh: '村集体尚未登记为成员', en: 'the village collective is not a member' })
  else if (cs !== null && toFen(cs.slice(0, -2))! < toFen(min)!) {
    const p = (x: string) => `${(Number(x) * 100).toFixed(2).replace(/\.?0+$/, '')}%`
    flags.push({ code: 'collective-below-minimum', zh: `村集体占股 ${p(cs)}，低于章程规定的 ${p(min)}`, en: `the collective holds ${p(cs)}, below the charter's minimum of ${p(min)}` })
  }
  return { at, total: fenToString(total), subsidy_total: fenToString(subsidyTotal), collective_share: cs, members_count: count, farmers_count: farmers, flags, members }
}

function memberLedger(no: number, from: string, to: string) {
  const m = st.members.find((x) => x.no === no)
  if (!m) throw err('unknown-member', `成员编号“${no}”不存在`, `no member ${no}`, 'no')
  const accounts = st.accounts.filter((a) => a.member_ledger && a.leaf).map((a) => {
    const dir = BigInt(a.direction)
    const before = postedLines('0000-00-00', to).filter(({ v, l }) => v.date < from && l.account === a.code && l.member === no)
    const opening = before.reduce((s, { l }) => s + dir * (toFen(l.debit)! - toFen(l.credit)!), 0n)
    let bal = opening
    let d = 0n
    let cr = 0n
    const rows = postedLines(from, to).filter(({ l }) => l.account === a.code && l.member === no).map(({ v, l }) => {
      d += toFen(l.debit)!
      cr += toFen(l.credit)!
      bal += dir * (toFen(l.debit)! - toFen(l.credit)!)
      return { date: v.date, voucher_id: v.id, voucher_no: v.no, account: a.code, summary: l.summary, member: no, debit: l.debit, credit: l.credit, balance: fenToString(bal) }
    })
    return { code: a.code, name: a.name, direction: a.direction > 0 ? 'debit' : 'credit', member: no, from, to, opening: fenToString(opening), rows, debit: fenToString(d), credit: fenToString(cr), closing: fenToString(bal) }
  })
  return { no, name: m.name, accounts }
}

function row(v: Voucher): VoucherRow & { reversed_by: number | null } {
  return { id: v.id, no: v.no, date: v.date, summary: v.summary, status: v.status, prepared_by: v.prepared_by, reviewed_by: v.reviewed_by, reverses: v.reverses, amount: v.debit, reversed_by: v.reversed_by }
}

function byId(id: number) {
  const v = st.vouchers.find((x) => x.id === id)
  if (!v) throw err('unknown-voucher', `凭证 ${id} 不存在`, `no voucher ${id}`)
  return v
}

function checkVoucher(v: { date: string; summary: string; lines: Array<{ account: string; debit: string; credit: string; member: string | null }> }) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) throw err('date-invalid', `日期“${v.date}”无效，应写作 2025-03-01`, `date "${v.date}" is not valid`, 'date')
  if (st.closed.has(v.date.slice(0, 7))) throw err('period-closed', `${v.date.slice(0, 7)} 已结账`, `${v.date.slice(0, 7)} is closed`, 'date')
  if (!v.summary.trim()) throw err('summary-required', '请填写凭证摘要', 'the voucher needs a summary', 'summary')
  if (v.lines.length < 2) throw err('too-few-lines', `凭证至少要有两行分录，现有 ${v.lines.length} 行`, 'a voucher needs at least two lines', 'lines')
  let d = 0n
  let c = 0n
  v.lines.forEach((l, i) => {
    const a = st.accounts.find((x) => x.code === l.account.trim())
    if (!a) throw err('unknown-account', `第 ${i + 1} 行：科目“${l.account}”不存在`, `line ${i + 1}: no account "${l.account}"`, `lines[${i}].account`)
    for (const side of ['debit', 'credit'] as const) {
      const f = toFenOrZero(l[side])
      if (f === null) throw err('amount-invalid', `金额“${l[side]}”无效`, `amount "${l[side]}" is not valid`, `lines[${i}].${side}`)
    }
    if (a.member_ledger && !l.member) throw err('member-required', `第 ${i + 1} 行：科目 ${a.code} ${a.name} 按成员明细核算，请选择成员`, `line ${i + 1}: choose the member`, `lines[${i}].member`)
    d += toFenOrZero(l.debit)!
    c += toFenOrZero(l.credit)!
  })
  if (d !== c) throw err('unbalanced', `凭证借贷不平衡：借方 ${fenToString(d)}，贷方 ${fenToString(c)}`, 'voucher does not balance', 'lines')
}

function periods(): Period[] {
  const months = new Set([...st.vouchers.map((v) => v.date.slice(0, 7)), ...st.closed.keys()])
  return [...months].sort().map((m) => ({
    month: m,
    closed: st.closed.has(m),
    closed_by: st.closed.get(m)?.by ?? null,
    closed_at: st.closed.get(m)?.at ?? null,
    vouchers: st.vouchers.filter((v) => v.date.startsWith(m)).length,
    unposted: st.vouchers.filter((v) => v.date.startsWith(m) && v.status !== 'posted').length,
  }))
}

function postedLines(from: string, to: string) {
  return st.vouchers.filter((v) => v.status === 'posted' && v.date >= from && v.date <= to).flatMap((v) => v.lines.map((l) => ({ v, l })))
}

function trialBalance(from: string, to: string) {
  const rows: TrialBalanceRow[] = []
  let td = 0n
  let tc = 0n
  const cd = { d: 0n, c: 0n }
  for (const a of [...st.accounts].sort((x, y) => (x.code < y.code ? -1 : 1))) {
    const ls = postedLines(from, to).filter(({ l }) => l.account.startsWith(a.code))
    if (!ls.length) continue
    const d = ls.reduce((s, { l }) => s + toFen(l.debit)!, 0n)
    const c = ls.reduce((s, { l }) => s + toFen(l.credit)!, 0n)
    const closing = BigInt(a.direction) * (d - c)
    rows.push({ code: a.code, name: a.name, level: 1 + (a.code.length - 3) / 2, direction: a.direction > 0 ? 'debit' : 'credit', opening: '0.00', debit: fenToString(d), credit: fenToString(c), closing: fenToString(closing) })
    if (!a.parent) {
      td += d
      tc += c
      if (d - c > 0n) cd.d += d - c
      else cd.c += c - d
    }
  }
  return { from, to, accounts: rows, totals: { opening_debit: '0.00', opening_credit: '0.00', debit: fenToString(td), credit: fenToString(tc), closing_debit: fenToString(cd.d), closing_credit: fenToString(cd.c), balanced: td === tc && cd.d === cd.c } }
}

function ledger(code: string, from: string, to: string) {
  const a = st.accounts.find((x) => x.code === code)
  if (!a) throw err('unknown-account', `科目“${code}”不存在`, `no account "${code}"`, 'account')
  let bal = 0n
  let d = 0n
  let c = 0n
  const rows = postedLines(from, to)
    .filter(({ l }) => l.account.startsWith(code))
    .sort((x, y) => (x.v.date < y.v.date ? -1 : x.v.date > y.v.date ? 1 : x.v.id - y.v.id))
    .map(({ v, l }) => {
      const ld = toFen(l.debit)!
      const lc = toFen(l.credit)!
      d += ld
      c += lc
      bal += BigInt(a.direction) * (ld - lc)
      return { date: v.date, voucher_id: v.id, voucher_no: v.no, account: l.account, summary: l.summary, member: l.member, debit: l.debit, credit: l.credit, balance: fenToString(bal) }
    })
  return { code: a.code, name: a.name, direction: a.direction > 0 ? 'debit' : 'credit', member: null, from, to, opening: '0.00', rows, debit: fenToString(d), credit: fenToString(c), closing: fenToString(bal) }
}

/** A page of a list computed whole, as the core's `*_page` commands return it. */
function slicePage<T>(rows: T[], limit: number | null, offset: number | null): { rows: T[]; total: number } {
  const l = Math.min(Math.max(limit ?? 100, 1), 1000)
  const o = Math.max(offset ?? 0, 0)
  return { rows: rows.slice(o, o + l), total: rows.length }
}

function ledgerPage(code: string, from: string, to: string, limit: number | null, offset: number | null) {
  const whole = ledger(code, from, to)
  const p = slicePage(whole.rows, limit, offset)
  const at = Math.min(Math.max(offset ?? 0, 0), whole.rows.length)
  const broughtForward = at === 0 ? whole.opening : whole.rows[at - 1].balance
  return { ...whole, rows: p.rows, total: p.total, offset: Math.max(offset ?? 0, 0), brought_forward: broughtForward }
}


// ---- trade ----------------------------------------------------------------------------------
const CH_ZH: Record<string, string> = { online: '线上商城', store: '品牌体验店', supermarket: '商超协议', market: '田头市场', live: '直播', other: '其他' }
const tr = {
  products: [] as Array<{ id: number; name: string; unit: string; stock: string; income: string; source: string }>,
  harvests: [] as Array<{ id: number; product: string; date: string; quantity: string; cost: string; voucher_id: number }>,
  buyers: [] as Buyer[],
  contracts: [] as Array<{ code: string; buyer: string; product: string; quantity: string; price: string; start: string; end: string }>,
  sales: [] as TradeRow[],
  deliveries: [] as TradeRow[],
}
const dec = (x: string) => {
  const [i, f = ''] = x.split('.')
  return BigInt(i + f.padEnd(3, '0').slice(0, 3)) // thousandths
}
const undec = (m: bigint) => {
  const s = m.toString().padStart(4, '0')
  return `${s.slice(0, -3)}.${s.slice(-3)}`.replace(/\.?0+$/, '') || '0'
}

function seedTrade() {
  addAccount('50103', '芙蓉李', '501')
  addAccount('12802', '芙蓉李', '128')
  tr.products = [
    { id: 1, name: '香菇', unit: '斤', stock: '12801', income: '50101', source: 'member' },
    { id: 2, name: '芙蓉李', unit: '斤', stock: '12802', income: '50103', source: 'member' },
  ]
  tr.buyers = [
    { id: 1, name: '永辉超市', channel: 'supermarket', channel_zh: CH_ZH.supermarket, member: null },
    { id: 2, name: '民富商城', channel: 'online', channel_zh: CH_ZH.online, member: null },
    { id: 3, name: '抖音直播间', channel: 'live', channel_zh: CH_ZH.live, member: null },
    { id: 4, name: '田头市场散客', channel: 'market', channel_zh: CH_ZH.market, member: null },
    // a member who buys from the co-op: member trade (Art. 41)
    { id: 5, name: '李四家庭农场', channel: 'store', channel_zh: CH_ZH.store, member: 3 },
  ]
  tr.contracts = [
    { code: 'YH-2025-01', buyer: '永辉超市', product: '香菇', quantity: '6000', price: '12.5', start: '2025-01-01', end: '2025-12-31' },
    { code: 'MF-2025-02', buyer: '民富商城', product: '芙蓉李', quantity: '3000', price: '8.8', start: '2025-06-01', end: '2025-09-30' },
  ]
  tr.sales = []
  tr.deliveries = []
  // members 3…9 deliver through the year; a year of sales by channel
  let id = 1
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0')
    for (let no = 3; no <= 9; no++) {
      if ((no + m) % 3 === 0) continue
      const plum = m >= 6 && m <= 9 && no % 2 === 0
      const q = String(plum ? 420 + ((no * 37 + m * 13) % 160) : 260 + ((no * 37 + m * 13) % 150))
      const price = plum ? '6.5' : '9.8'
      const mem = st.members.find((x) => x.no === no)!
      tr.deliveries.push({ id: id++, date: `2025-${mm}-05`, product: plum ? '芙蓉李' : '香菇', unit: '斤', quantity: q, price, amount: (tradeAmount(q, price) as { amount: string }).amount, party: mem.name, member: no, channel: null, paid: null, contract: null, grade: no % 3 ? '一级' : '二级', voucher_id: 1, reversal_voucher_id: null })
    }
  }
  id = 1
  const plan: Array<[string, string, (m: number) => number]> = [
    ['永辉超市', '香菇', (m) => 380 + m * 21],
    ['民富商城', '香菇', (m) => 120 + ((m * 53) % 90)],
    ['抖音直播间', '香菇', (m) => (m >= 4 ? 60 + m * 15 : 0)],
    ['田头市场散客', '香菇', (m) => 90 + ((m * 31) % 70)],
    ['民富商城', '芙蓉李', (m) => (m >= 6 && m <= 9 ? 420 + m * 10 : 0)],
    ['田头市场散客', '芙蓉李', (m) => (m >= 6 && m <= 9 ? 200 : 0)],
    ['李四家庭农场', '香菇', (m) => (m % 3 === 0 ? 40 + m * 2 : 0)],
  ]
  for (let m = 1; m <= 11; m++) {
    const mm = String(m).padStart(2, '0')
    for (const [buyer, product, qty] of plan) {
      const q = qty(m)
      if (!q) continue
      const b = tr.buyers.find((x) => x.name === buyer)!
      const price = product === '香菇' ? (b.channel === 'live' ? '16.8' : b.channel === 'market' ? '11' : '12.5') : b.channel === 'online' ? '8.8' : '7.5'
      const contract = buyer === '永辉超市' ? 'YH-2025-01' : buyer === '民富商城' && product === '芙蓉李' ? 'MF-2025-02' : null
      tr.sales.push({ id: id++, date: `2025-${mm}-18`, product, unit: '斤', quantity: String(q), price, amount: (tradeAmount(String(q), price) as { amount: string }).amount, party: buyer, member: b.member, channel: b.channel, paid: b.channel === 'market' ? 'cash' : b.channel === 'live' ? 'wechat' : 'credit', contract, grade: null, voucher_id: 2, reversal_voucher_id: null })
    }
  }
}

function stockOf(product: string): bigint {
  const h = tr.harvests.filter((x) => x.product === product).reduce((t, x) => t + dec(x.quantity), 0n)
  const d = h + tr.deliveries.filter((x) => x.product === product && x.reversal_voucher_id === null).reduce((s, x) => s + dec(x.quantity), 0n)
  const s = tr.sales.filter((x) => x.product === product && x.reversal_voucher_id === null).reduce((t, x) => t + dec(x.quantity), 0n)
  return d - s
}

function products(): Product[] {
  return tr.products.map((p) => ({ id: p.id, name: p.name, unit: p.unit, category: null, stock_account: p.stock, income_account: p.income, cost_account: '521', track_stock: true, source: p.source, stock_quantity: undec(stockOf(p.name)), stock_value: fenToString(tr.harvests.filter((h) => h.product === p.name).reduce((t, h) => t + toFen(h.cost)!, 0n)) }))
}

function contractRows(): ContractRow[] {
  return tr.contracts.map((c) => {
    const sold = tr.sales.filter((s) => s.contract === c.code && s.reversal_voucher_id === null)
    const delivered = sold.reduce((t, s) => t + dec(s.quantity), 0n)
    const left = dec(c.quantity) - delivered
    return { ...c, unit: '斤', delivered: undec(delivered), remaining: undec(left > 0n ? left : 0n), delivered_amount: fenToString(sold.reduce((t, s) => t + toFen(s.amount)!, 0n)) }
  })
}

function checkQtyPrice(q: string, p: string) {
  const a = tradeAmount(q, p)
  if (a.ok) return a.amount
  const zh = a.field === 'quantity' ? '数量' : '单价'
  const text = a.field === 'quantity' ? q : p
  if (a.code === 'precision') throw err(`${a.field}-precision`, `${zh}“${text}”最多 ${a.field === 'quantity' ? 3 : 4} 位小数`, `${a.field} "${text}" has too many decimals`, a.field)
  if (a.code === 'not-positive') throw err('not-positive', `${zh}必须大于零，输入的是 ${text}`, `${a.field} must be greater than zero`, a.field)
  throw err('quantity-invalid', `${zh}“${text}”不是有效数字`, `${a.field} "${text}" is not a number`, a.field)
}

function sell(s: Record<string, string | null>): TradeRow {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s.date ?? '')) throw err('date-invalid', `日期“${s.date}”无效，应写作 2025-03-01`, `date "${s.date}" is not valid`, 'date')
  const p = tr.products.find((x) => x.name === (s.product ?? '').trim())
  if (!p) throw err('unknown-product', `产品“${s.product}”不存在，请先登记产品`, `no product "${s.product}"; add it first`, 'product')
  const b = tr.buyers.find((x) => x.name === (s.buyer ?? '').trim())
  if (!b) throw err('unknown-buyer', `客户“${s.buyer}”不存在，请先登记客户`, `no buyer "${s.buyer}"; add it first`, 'buyer')
  const amount = checkQtyPrice(s.quantity ?? '', s.price ?? '')
  const held = stockOf(p.name)
  if (dec(s.quantity!) > held) throw err('insufficient-stock', `“${p.name}”库存只有 ${undec(held)} 斤，不够销售 ${s.quantity} 斤`, `only ${undec(held)} in stock`, 'quantity')
  if (s.contract) {
    const c = tr.contracts.find((x) => x.code === s.contract)
    if (!c) throw err('unknown-contract', `购销协议“${s.contract}”不存在，请先登记协议`, `no contract "${s.contract}"`, 'contract')
    if (c.buyer !== b.name || c.product !== p.name) throw err('contract-mismatch', `协议“${c.code}”的客户或产品与本次销售不符`, `contract "${c.code}" is for another buyer or product`, 'contract')
    if (s.date! < c.start || s.date! > c.end) throw err('contract-period', `销售日期 ${s.date} 不在协议“${c.code}”的期限 ${c.start} 至 ${c.end} 内`, 'outside the contract period', 'date')
  }
  const channel = s.channel || b.channel
  const money = s.paid === 'cash' ? '101' : s.paid === 'bank' ? '102' : s.paid === 'wechat' || s.paid === 'alipay' ? '109' : '113'
  const v = makeVoucher(s.date!, `销售${p.name} ${s.quantity} 斤给${b.name}（${CH_ZH[channel]}），单价 ${s.price}`, 1, [
    { account: money, debit: amount, credit: '', member: null, summary: null },
    { account: p.income, debit: '', credit: amount, member: null, summary: null },
  ], st.user)
  v.status = 'posted'
  const row: TradeRow = { id: tr.sales.length + 1, date: s.date!, product: p.name, unit: p.unit, quantity: s.quantity!.trim(), price: s.price!.trim(), amount, party: b.name, member: b.member, channel, paid: s.paid ?? 'credit', contract: s.contract ?? null, grade: null, voucher_id: v.id, reversal_voucher_id: null }
  tr.sales.push(row)
  return row
}

function deliver(d: Record<string, string | null>): TradeRow {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date ?? '')) throw err('date-invalid', `日期“${d.date}”无效，应写作 2025-03-01`, `date "${d.date}" is not valid`, 'date')
  const m = st.members.find((x) => String(x.no) === (d.member ?? '').trim())
  if (!m) throw err('unknown-member', `成员编号“${d.member}”不存在`, `no member "${d.member}"`, 'member')
  const p = tr.products.find((x) => x.name === (d.product ?? '').trim())
  if (!p) throw err('unknown-product', `产品“${d.product}”不存在，请先登记产品`, `no product "${d.product}"; add it first`, 'product')
  const amount = checkQtyPrice(d.quantity ?? '', d.price ?? '')
  const v = makeVoucher(d.date!, `收购 ${m.no} 号成员${m.name}${p.name} ${d.quantity} 斤，单价 ${d.price}`, 1, [
    { account: p.stock, debit: amount, credit: '', member: null, summary: null },
    { account: '114', debit: '', credit: amount, member: String(m.no), summary: null },
  ], st.user)
  v.status = 'posted'
  const row: TradeRow = { id: tr.deliveries.length + 1, date: d.date!, product: p.name, unit: p.unit, quantity: d.quantity!.trim(), price: d.price!.trim(), amount, party: m.name, member: m.no, channel: null, paid: null, contract: null, grade: d.grade?.trim() || null, voucher_id: v.id, reversal_voucher_id: null }
  tr.deliveries.push(row)
  return row
}

function salesReport(year: number) {
  const rows = tr.sales.filter((s) => s.date.startsWith(String(year)) && s.reversal_voucher_id === null)
  const group = (key: (s: (typeof rows)[number]) => string) => {
    const m = new Map<string, bigint>()
    for (const s of rows) m.set(key(s), (m.get(key(s)) ?? 0n) + toFen(s.amount)!)
    return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1))
  }
  const amounts = (g: Array<[string, bigint]>, label = (k: string) => k) => g.map(([key, f]) => ({ key, label: label(key), amount: fenToString(f) }))
  const mc = group((s) => `${s.date.slice(0, 7)}|${s.channel}`)
  const sum = (xs: typeof rows) => fenToString(xs.reduce((t, s) => t + toFen(s.amount)!, 0n))
  return {
    year,
    total: sum(rows),
    member_total: sum(rows.filter((s) => s.member !== null)),
    non_member_total: sum(rows.filter((s) => s.member === null)),
    by_month: amounts(group((s) => s.date.slice(0, 7))),
    by_channel: amounts(group((s) => s.channel!), (k) => CH_ZH[k]).sort((a, b) => CHANNELS.indexOf(a.key as never) - CHANNELS.indexOf(b.key as never)),
    by_product: amounts(group((s) => s.product)),
    by_buyer: amounts(group((s) => s.party)),
    by_month_channel: mc.map(([k, f]) => [k.split('|')[0], k.split('|')[1], fenToString(f)] as [string, string, string]),
  }
}

/** Members' trade with the co-op in a year: deliveries (Dr 128 / Cr 114) and purchases as member buyers. */
function memberTradeRows(year: number) {
  const by = new Map<number, { name: string; products: Map<string, { kind: string; product: string; q: bigint; f: bigint }> }>()
  const add = (no: number, name: string, kind: string, x: TradeRow) => {
    const e = by.get(no) ?? { name, products: new Map() }
    by.set(no, e)
    const p = e.products.get(`${kind}|${x.product}`) ?? { kind, product: x.product, q: 0n, f: 0n }
    p.q += dec(x.quantity)
    p.f += toFen(x.amount)!
    e.products.set(`${kind}|${x.product}`, p)
  }
  const live = (x: TradeRow) => x.date.startsWith(String(year)) && x.reversal_voucher_id === null
  for (const d of tr.deliveries.filter(live)) add(d.member!, d.party, 'delivery', d)
  for (const s of tr.sales.filter((x) => live(x) && x.member !== null)) add(s.member!, st.members.find((m) => m.no === s.member)?.name ?? s.party, 'purchase', s)
  return [...by.entries()].sort(([a], [b]) => a - b).map(([no, e]) => {
    const ps = [...e.products.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.product < b.product ? -1 : 1))
    const of = (kind: string) => ps.filter((p) => p.kind === kind).reduce((t, p) => t + p.f, 0n)
    return {
      no,
      name: e.name,
      quantity: undec(ps.reduce((t, p) => t + p.q, 0n)),
      amount: fenToString(of('delivery') + of('purchase')),
      delivered: fenToString(of('delivery')),
      purchased: fenToString(of('purchase')),
      products: ps.map((p) => ({ kind: p.kind, product: p.product, unit: '斤', quantity: undec(p.q), amount: fenToString(p.f) })),
    }
  })
}

function memberTrade(year: number) {
  const members = memberTradeRows(year)
  const sum = (k: 'amount' | 'delivered' | 'purchased') => fenToString(members.reduce((t, m) => t + toFen(m[k])!, 0n))
  return { year, total: sum('amount'), delivered: sum('delivered'), purchased: sum('purchased'), members }
}

function tradeCommand(cmd: string, a: Record<string, any>): { handled: boolean; value?: unknown } {
  switch (cmd) {
    case 'products':
      return { handled: true, value: products() }
    case 'add_product': {
      const p = a.product
      if (!p.name.trim()) throw err('field-required', '请填写产品名称', 'the product name is required', 'name')
      if (!p.unit.trim()) throw err('field-required', '请填写计量单位（如 斤、公斤、箱）', 'the unit is required', 'unit')
      if (tr.products.some((x) => x.name === p.name.trim())) throw err('product-exists', `产品“${p.name}”已登记`, `product "${p.name}" already exists`, 'name')
      const n = tr.products.length + 1
      const own = p.source === 'own'
      const stock = subAccount(own ? '121' : '128', p.name.trim())
      const income = subAccount('501', p.name.trim())
      tr.products.push({ id: n, name: p.name.trim(), unit: p.unit.trim(), stock, income, source: own ? 'own' : 'member' })
      return { handled: true, value: products().find((x) => x.id === n) }
    }
    case 'buyers':
      return { handled: true, value: tr.buyers.map((b) => ({ ...b })) }
    case 'add_buyer': {
      const b = a.buyer
      if (!b.name.trim()) throw err('field-required', '请填写客户名称', "the buyer's name is required", 'name')
      if (!CH_ZH[b.channel]) throw err('invalid-channel', `销售渠道“${b.channel}”无效，应为 线上商城/品牌体验店/商超协议/田头市场/直播/其他`, `channel "${b.channel}" is not valid`, 'channel')
      if (tr.buyers.some((x) => x.name === b.name.trim())) throw err('buyer-exists', `客户“${b.name}”已登记`, `buyer "${b.name}" already exists`, 'name')
      let member: number | null = null
      if (b.member != null && String(b.member).trim()) {
        const m = st.members.find((x) => String(x.no) === String(b.member).trim())
        if (!m) throw err('unknown-member', `成员编号“${b.member}”不存在`, `no member "${b.member}"`, 'member')
        if (m.exited) throw err('member-exited', `${m.no} 号成员 ${m.name} 已于 ${m.exited} 退社`, `member no. ${m.no} exited on ${m.exited}`, 'member')
        member = m.no
      }
      const row: Buyer = { id: tr.buyers.length + 1, name: b.name.trim(), channel: b.channel, channel_zh: CH_ZH[b.channel], member }
      tr.buyers.push(row)
      return { handled: true, value: row }
    }
    case 'trade_page': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(a.from) || !/^\d{4}-\d{2}-\d{2}$/.test(a.to)) throw err('date-invalid', `日期“${a.from}”无效，应写作 2025-03-01`, `date "${a.from}" is not valid`, 'from')
      const list = a.kind === 'delivery' ? tr.deliveries : tr.sales
      const rows = list.filter((x) => x.date >= a.from && x.date <= a.to).sort((x, y) => (x.date < y.date ? 1 : x.date > y.date ? -1 : y.id - x.id))
      const live = rows.filter((x) => x.reversal_voucher_id === null)
      const amount = fenToString(live.reduce((t, x) => t + toFen(x.amount)!, 0n))
      return { handled: true, value: { ...slicePage(rows.map((x) => ({ ...x })), a.limit, a.offset), live: live.length, amount } }
    }
    case 'trade_rows': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(a.from) || !/^\d{4}-\d{2}-\d{2}$/.test(a.to)) throw err('date-invalid', `日期“${a.from}”无效，应写作 2025-03-01`, `date "${a.from}" is not valid`, 'from')
      const list = a.kind === 'delivery' ? tr.deliveries : tr.sales
      const rows = list.filter((x) => x.date >= a.from && x.date <= a.to).sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.id - y.id))
      return { handled: true, value: rows.map((x) => ({ ...x })) }
    }
    case 'sell':
      return { handled: true, value: sell(a.sale) }
    case 'deliver':
      return { handled: true, value: deliver(a.delivery) }
    case 'contracts':
      return { handled: true, value: contractRows() }
    case 'add_contract': {
      const c = a.contract
      if (!c.code.trim()) throw err('field-required', '请填写协议编号', 'the contract number is required', 'code')
      if (tr.contracts.some((x) => x.code === c.code.trim())) throw err('contract-exists', `协议“${c.code}”已登记`, `contract "${c.code}" already exists`, 'code')
      if (!tr.buyers.some((x) => x.name === c.buyer)) throw err('unknown-buyer', `客户“${c.buyer}”不存在，请先登记客户`, `no buyer "${c.buyer}"`, 'buyer')
      if (!tr.products.some((x) => x.name === c.product)) throw err('unknown-product', `产品“${c.product}”不存在，请先登记产品`, `no product "${c.product}"`, 'product')
      checkQtyPrice(c.quantity, c.price)
      if (c.start > c.end) throw err('range-invalid', `协议开始日期 ${c.start} 晚于结束日期 ${c.end}`, 'the contract starts after it ends', 'end')
      tr.contracts.push({ code: c.code.trim(), buyer: c.buyer, product: c.product, quantity: c.quantity, price: c.price, start: c.start, end: c.end })
      return { handled: true, value: contractRows().find((x) => x.code === c.code.trim()) }
    }
    case 'sales_report':
      return { handled: true, value: salesReport(a.year) }
    case 'member_trade':
      return { handled: true, value: memberTrade(a.year) }
    case 'reverse_document': {
      if (a.kind !== 'sale' && a.kind !== 'delivery') return { handled: false }
      const list = a.kind === 'sale' ? tr.sales : a.kind === 'delivery' ? tr.deliveries : null
      const row = list?.find((x) => x.id === a.id)
      if (!row) throw err('unknown-document', `单据 ${a.kind} #${a.id} 不存在`, `no ${a.kind} #${a.id}`)
      if (row.reversal_voucher_id !== null) throw err('already-reversed', `单据 #${a.id} 已被凭证 id ${row.reversal_voucher_id} 冲销`, `${a.kind} #${a.id} is already reversed`)
      if (a.kind === 'delivery' && stockOf(row.product) < dec(row.quantity)) throw err('insufficient-stock', `这批货已售出，不能冲销交售单 #${a.id}，请先冲销相关销售`, 'the goods are sold: reverse the sales first')
      row.reversal_voucher_id = reverseVoucherOf(row.voucher_id, row.date)
      return { handled: true, value: row.reversal_voucher_id }
    }
  }
  return { handled: false }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const coop = () => ({ ...st.coop, charter: { ...st.charter } })
const backupPlace = () => ({ dir: st.backupDir ?? st.defaultBackupDir, default_dir: st.defaultBackupDir, custom: st.backupDir !== null, available: true })
function needBook() {
  if (!st.book) throw err('no-book', '没有打开账本', 'no book is open')
}

export async function handle(cmd: string, a: Record<string, any>): Promise<unknown> {
  await sleep(60)
  switch (cmd) {
    case 'app_info':
      return {
        version: '0.1.0', book: st.book, coop: st.book ? coop() : null, user: st.user, locale: st.locale, start_error: null, startup_ms: 120,
        demo_path: '/home/kuaiji/.local/share/coopbook/demo.coopbook', me: st.book ? me() : null, last_user: st.lastUser, demo_password: st.book && st.demo ? 'coopbook' : null,
      }
    case 'open_demo':
      await sleep(900)
      seed()
      seedUsers()
      st.book = '/home/kuaiji/.local/share/coopbook/demo.coopbook'
      st.demo = true
      st.user = ''
      st.role = ''
      return coop()
    case 'open_book':
      if (!a.path.endsWith('.coopbook')) throw err('not-a-book', '这个文件不是合作社账本', 'this file is not a Coopbook book', 'path')
      seed()
      seedUsers()
      // a path with `old` is a book from before users: nobody to log in as yet
      if (a.path.includes('old')) users.length = 0
      st.book = a.path
      st.demo = false
      st.user = ''
      st.role = ''
      return coop()
    case 'setup_book': {
      const su = a.setup
      const c = su.coop
      const errors: Err[] = []
      if (!c.name.trim()) errors.push(err('field-required', '请填写合作社名称', 'the name is required', 'name'))
      if (c.uscc.length !== 18) errors.push(err('invalid-uscc', '统一社会信用代码应为 18 位', 'the credit code has 18 characters', 'uscc'))
      const pr = Number(String(c.patronage_rate ?? '0.60').replace('%', '')) / (String(c.patronage_rate ?? '').includes('%') ? 100 : 1)
      if (pr < 0.6) errors.push(err('patronage-rate-too-low', `按交易量（额）返还的比例 ${Math.round(pr * 100)}% 低于法定的 60%（《农民专业合作社法》第四十四条）`, `patronage refund rate ${Math.round(pr * 100)}% is below the legal minimum of 60% (Co-operative Law Art. 44)`, 'patronage_rate'))
      if (su.collective) {
        if (!su.collective.name.trim()) errors.push(err('field-required', '请填写姓名', 'the name is required', 'collective.name'))
        if (su.collective.id_card.length !== 18) errors.push(err('invalid-uscc', '统一社会信用代码应为 18 位', 'the credit code has 18 characters', 'collective.id_card'))
        else if (su.collective.id_card === c.uscc) errors.push(err('collective-same-uscc', '村集体经济组织的统一社会信用代码不能与合作社本身的相同（村集体是合作社的成员，不是合作社）', "the village collective's credit code cannot be the co-op's own", 'collective.id_card'))
      }
      if ([...(su.admin_password ?? '')].length < 8) errors.push(err('password-too-short', '密码至少要 8 个字符', 'a password needs at least 8 characters', 'password'))
      if (su.backup_dir && !/^(\/|[A-Za-z]:\\)/.test(su.backup_dir)) errors.push(err('backup-dir-invalid', `备份文件夹“${su.backup_dir}”要写完整路径`, `the backup folder "${su.backup_dir}" must be a full path`, 'backup_dir'))
      if (errors.length) {
        const e = errors[0]
        throw { ...e, zh: errors.map((x) => x.zh).join('；'), en: errors.map((x) => x.en).join('; '), fields: errors.map((x) => x.field!) }
      }
      seed()
      st.vouchers = []
      st.closed.clear()
      Object.assign(st.coop, { name: c.name, uscc: c.uscc, village: c.village, township: c.township, county: c.county })
      Object.assign(st.charter, {
        reserve_rate: c.reserve_rate ?? '0.10',
        patronage_rate: c.patronage_rate ?? '0.60',
        collective_min_share: c.collective_min_share ?? '0.30',
        allow_labour: su.allow_labour ?? true,
        member_cap: su.member_cap ?? '0.20',
      })
      st.book = a.path
      st.demo = false
      users.length = 0
      log.length = 0
      addUser('admin', 'admin', su.admin_password)
      st.user = 'admin'
      st.role = 'admin'
      st.lastUser = 'admin'
      st.members = []
      const dir = a.path.slice(0, Math.max(a.path.lastIndexOf('/'), 0))
      st.backupDir = su.backup_dir ?? null
      st.defaultBackupDir = `${dir}/备份`
      if (su.collective) {
        const m = su.collective
        st.members.push({ no: 1, name: m.name, id_card: m.id_card.slice(0, 4) + '**********' + m.id_card.slice(-4), kind: 'collective', kind_zh: '村集体', phone: m.phone, joined: m.joined ?? '2025-11-29', exited: null })
      }
      return { book: a.path, coop: coop(), collective: st.members[0] ?? null, admin: true, backups: backupPlace() }
    }
    case 'login': {
      needBook()
      const u = users.find((x) => x.name === String(a.user).trim())
      if (!u) throw err('unknown-user', `没有用户“${a.user}”`, `no user "${a.user}"`, 'name')
      if (!u.active) throw err('user-disabled', `用户“${u.name}”已停用，请找管理员`, `user "${u.name}" is disabled; ask the admin`, 'name')
      if (u.locked_until) throw err('user-locked', `用户“${u.name}”连续输错密码，已锁定到 ${u.locked_until}；可以等到那时，或请管理员解锁`, `user "${u.name}" is locked`)
      if (u.password !== a.password) {
        u.failed++
        addLog('user.login-failed', 'user', u.name, { failed: u.failed, locked_until: null }, u.name)
        if (u.failed >= 5) {
          u.failed = 0
          u.locked_until = '2025-12-01T08:15:00Z'
          throw err('user-locked', `用户“${u.name}”连续输错密码，已锁定到 2025-12-01 16:15；可以等到那时，或请管理员解锁`, `user "${u.name}" is locked`)
        }
        throw err('bad-password', `密码不对（再错 ${5 - u.failed} 次将锁定 15 分钟）`, `wrong password (${5 - u.failed} more and the account locks for 15 minutes)`, 'password')
      }
      u.failed = 0
      st.user = u.name
      st.role = u.role
      st.lastUser = u.name
      return me()
    }
    case 'logout':
      st.user = ''
      st.role = ''
      return me()
    case 'claim_book':
      needBook()
      if (users.length) throw err('book-claimed', '这个账本已经有用户，请登录', 'this book has users already: log in')
      addUser(String(a.user).trim(), 'admin', a.password)
      st.user = String(a.user).trim()
      st.role = 'admin'
      return me()
    case 'close_book':
      st.book = null
      return null
    case 'pick_book_file':
      return '/home/kuaiji/文档/青山村.coopbook'
    case 'pick_new_book_path':
      return '/home/kuaiji/文档/新账本.coopbook'
    case 'pick_backup_dir':
      return '/media/usb/账本备份'
    case 'set_locale':
      st.locale = a.locale
      return null
  }
  // the township station's side works without a book
  const township = await townshipCommand(cmd, a)
  if (township.handled) return township.value
  needBook()
  if (users.length && !st.role) throw err('login-required', '请先登录', 'log in first')
  const usersDone = usersCommand(cmd, a)
  if (usersDone.handled) {
    if (cmd === 'restore_backup') await sleep(800)
    return usersDone.value
  }
  const bundle = await villageCommand(cmd, a, {
    coop: st.coop,
    counts: () => {
      const posted = st.vouchers.filter((v) => v.status === 'posted')
      return { members: st.members.length, vouchers: posted.length, lines: posted.reduce((s, v) => s + v.lines.length, 0), fen: posted.reduce((s, v) => s + toFen(v.debit)!, 0n) }
    },
  })
  if (bundle.handled) return bundle.value
  const traded = tradeCommand(cmd, a)
  if (traded.handled) {
    if (cmd === 'sales_report' || cmd === 'member_trade') await sleep(250)
    return traded.value
  }
  const distributed = await distCommand(cmd, a)
  if (distributed.handled) return distributed.value
  const ops = opsCommand(cmd, a)
  if (ops.handled) {
    if (cmd === 'depreciate' || cmd === 'import_sales') await sleep(400)
    return ops.value
  }
  switch (cmd) {
    case 'coop':
      return coop()
    case 'set_charter':
      if (a.change.patronage_rate && toFen(a.change.patronage_rate)! < 60n) throw err('patronage-rate-too-low', '按交易量（额）返还的比例低于法定的 60%（《农民专业合作社法》第四十四条）', 'below 60%', 'patronage_rate')
      st.charter = {
        reserve_rate: a.change.reserve_rate ?? st.charter.reserve_rate,
        patronage_rate: a.change.patronage_rate ?? st.charter.patronage_rate,
        collective_min_share: a.change.collective_min_share ?? st.charter.collective_min_share,
        member_cap: a.change.member_cap ?? st.charter.member_cap,
        allow_labour: a.change.allow_labour ?? st.charter.allow_labour,
      }
      return { ...st.charter }
    case 'dashboard': {
      const y = String(a.year)
      const inc = new Map<string, bigint>()
      for (const { v, l } of postedLines(`${y}-01-01`, `${y}-12-31`)) {
        if (l.account.startsWith('5') && st.accounts.find((x) => x.code === l.account)!.direction < 0) {
          const m = v.date.slice(0, 7)
          inc.set(m, (inc.get(m) ?? 0n) + toFen(l.credit)! - toFen(l.debit)!)
        }
      }
      const income = [...inc.values()].reduce((s, x) => s + x, 0n)
      const reg = shares(`${y}-12-31`)
      return {
        year: a.year,
        cash: '-8640.50',
        bank: '1523456.78',
        other_money: '0.00',
        income: fenToString(income),
        expenses: '86400.50',
        surplus: fenToString(income - 8640050n),
        members: st.members.filter((m) => !m.exited).length,
        share_capital: reg.total,
        collective_share: reg.collective_share,
        collective_min_share: st.charter.collective_min_share,
        collective_below_minimum: reg.flags.some((f) => f.code === 'collective-below-minimum'),
        income_by_month: [...inc.entries()].map(([month, amount]) => ({ month, amount: fenToString(amount) })),
      }
    }
    case 'member_page': {
      const q = (a.query ?? '').trim()
      return slicePage(st.members.filter((m) => !q || m.name.includes(q) || String(m.no) === q || m.id_card.includes(q)), a.limit, a.offset)
    }
    case 'members': {
      const q = (a.query ?? '').trim()
      return st.members.filter((m) => !q || m.name.includes(q) || String(m.no) === q || m.id_card.includes(q))
    }
    case 'add_member': {
      const m = a.member
      if (!m.name.trim()) throw err('field-required', '请填写姓名', 'the name is required', 'name')
      if (m.id_card.length !== 18) throw err('invalid-id-card', `身份证号码“${m.id_card}”应为 18 位`, 'an ID has 18 characters', 'id_card')
      const no = st.members.length + 1
      const kinds: Record<string, string> = { collective: '村集体', party: '党员', cadre: '村两委干部', farmer: '农民', entity: '企业或其他' }
      const row: Member = { no, name: m.name, id_card: m.id_card.slice(0, 4) + '**********' + m.id_card.slice(-4), kind: m.kind, kind_zh: kinds[m.kind], phone: m.phone, joined: m.joined ?? '2025-11-29', exited: null }
      st.members.push(row)
      return row
    }
    case 'update_member': {
      const r = st.members.find((x) => x.no === a.no)!
      Object.assign(r, { name: a.member.name, kind: a.member.kind, phone: a.member.phone, joined: a.member.joined ?? r.joined })
      return r
    }
    case 'exit_member': {
      const r = st.members.find((x) => x.no === a.no)!
      if (a.date < r.joined) throw err('exit-before-join', `退社日期 ${a.date} 早于入社日期 ${r.joined}`, 'exit before joining', 'date')
      if (a.via && a.via !== 'cash' && a.via !== 'bank') throw err('invalid-via', `付款方式“${a.via}”无效，应为 cash 或 bank`, `"${a.via}" is not cash or bank`, 'via')
      r.exited = a.date
      return r
    }
    case 'contribute':
      return contribute(a.contribution)
    case 'contribution_page':
      return slicePage(st.contributions.filter((c) => a.member == null || c.member === a.member), a.limit, a.offset)
    case 'contributions':
      return st.contributions.filter((c) => a.member == null || c.member === a.member)
    case 'shares':
      await sleep(200)
      return shares(a.at)
    case 'member_account': {
      const m = st.members.find((x) => x.no === a.no)
      if (!m) throw err('unknown-member', `成员编号“${a.no}”不存在`, `no member ${a.no}`, 'no')
      const end = `${a.year}-12-31`
      const bal = (code: string, from?: string) => fenToString(memberBalances(code, end, from).get(m.no) ?? 0n)
      const contributions = st.contributions.filter((c) => c.member === m.no && c.date <= end)
      const cur = -(toFen(bal('114')) ?? 0n)
      return {
        no: m.no, name: m.name, kind: m.kind, year: a.year, exited: m.exited,
        capital: bal('301'), reserve: bal('322'),
        subsidy: fenToString(contributions.filter((c) => c.kind === 'subsidy').reduce((s, c) => s + toFen(c.amount)!, 0n)),
        patronage: bal('221', `${a.year}-01-01`), residual: bal('222', `${a.year}-01-01`),
        current_account: fenToString(cur), contributions,
        ...memberAccountExtras(m.no, a.year),
      }
    }
    case 'member_ledger':
      return memberLedger(a.no, a.from, a.to)
    case 'pick_import_file':
      return '/home/kuaiji/文档/花名册.csv'
    case 'import_members': {
      await sleep(500)
      const path: string = a.path.trim()
      if (!path) throw err('field-required', '请选择花名册文件', 'choose the member roll file', 'file')
      if (path.endsWith('.xls')) throw err('import-format', `无法读取花名册 ${path}：这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入`, `cannot read the member roll ${path}: this is an old Excel (.xls) file`, 'file')
      const report: ImportReport = { ok: true, file: path, rows: 3, imported: [], errors: [], ignored_columns: ['备注', '所在小组'], encoding: path.endsWith('.xlsx') ? 'XLSX' : 'GBK' }
      if (path.includes('bad')) {
        report.ok = false
        report.errors = [
          { row: 3, column: '身份证号', value: '3501**********0035', code: 'invalid-id-card', zh: '身份证号码第 18 位校验码错误：应为 7，输入的是 5', en: 'the ID number\'s check digit is wrong: 7 expected, 5 given' },
          { row: 4, column: '成员类型', value: '村民', code: 'invalid-member-kind', zh: '成员类型“村民”无效，应为 村集体、党员、村两委干部、农民、企业或其他', en: 'member kind "村民" is not valid' },
          { row: 4, column: '入社日期', value: '2025/13/01', code: 'date-invalid', zh: '日期“2025/13/01”无效，应写作 2025-03-01', en: 'date "2025/13/01" is not valid' },
        ]
      } else if (!a.dryRun) {
        const start = st.members.length + 1
        ;['林一', '林二', '林三'].forEach((name, i) => st.members.push({ no: start + i, name, id_card: `3501**********${1200 + i}`, kind: 'farmer', kind_zh: '农民', phone: null, joined: '2025-11-29', exited: null }))
        report.imported = [start, start + 1, start + 2]
      }
      return report
    }
    case 'opening_preview':
    case 'opening_apply':
      await sleep(300)
      return openingImport(a, cmd === 'opening_apply')
    case 'accounts':
      return st.accounts.map((x) => ({ ...x }))
    case 'add_account': {
      if (!st.accounts.find((x) => x.code === a.parent)) throw err('unknown-account', `上级科目“${a.parent}”不存在`, 'no such parent', 'parent')
      if (!a.code.startsWith(a.parent) || a.code.length !== a.parent.length + 2) throw err('code-invalid', `明细科目编码应为 ${a.parent} 后加两位`, 'code must extend the parent by two digits', 'code')
      if (st.accounts.find((x) => x.code === a.code)) throw err('account-exists', `科目编码 ${a.code} 已存在`, `account ${a.code} already exists`, 'code')
      if (!a.name.trim()) throw err('field-required', '请填写科目名称', 'the account name is required', 'name')
      addAccount(a.code, a.name, a.parent)
      return st.accounts.find((x) => x.code === a.code)
    }
    case 'vouchers': {
      const f = a.filter
      const all = st.vouchers
        .filter((v) => (!f.month || v.date.startsWith(f.month)) && (!f.status || v.status === f.status))
        .sort((x, y) => (x.date < y.date ? 1 : x.date > y.date ? -1 : y.id - x.id))
      return { rows: all.slice(f.offset ?? 0, (f.offset ?? 0) + (f.limit ?? all.length)).map(row), total: all.length }
    }
    case 'voucher':
      return byId(a.id)
    case 'add_voucher': {
      checkVoucher(a.voucher)
      return makeVoucher(a.voucher.date, a.voucher.summary.trim(), a.voucher.attachments, a.voucher.lines, st.user)
    }
    case 'review_voucher': {
      const v = byId(a.id)
      if (v.prepared_by === st.user) throw err('self-review', `制单人 ${st.user} 不能审核自己制单的凭证 ${v.no}`, `the preparer ${st.user} cannot review their own voucher`, null)
      v.status = 'reviewed'
      v.reviewed_by = st.user
      return v
    }
    case 'unreview_voucher': {
      const v = byId(a.id)
      v.status = 'draft'
      v.reviewed_by = null
      return v
    }
    case 'post_voucher': {
      const v = byId(a.id)
      v.status = 'posted'
      v.posted_by = st.user
      return v
    }
    case 'delete_voucher': {
      st.vouchers = st.vouchers.filter((v) => v.id !== a.id)
      return null
    }
    case 'reverse_voucher': {
      const o = byId(a.id)
      const r = makeVoucher(a.date ?? o.date, `冲销 ${o.no} ${o.summary}`, 0, o.lines.map((l) => ({ account: l.account, debit: fenToString(-toFen(l.debit)!), credit: fenToString(-toFen(l.credit)!), member: l.member === null ? null : String(l.member), summary: null })), st.user)
      r.reverses = o.id
      o.reversed_by = r.id
      return r
    }
    case 'trial_balance':
      if (a.from > a.to) throw err('range-invalid', `起始日期 ${a.from} 晚于截止日期 ${a.to}`, 'start after end', 'from')
      return trialBalance(a.from, a.to)
    case 'ledger':
      return ledger(a.account, a.from, a.to)
    case 'ledger_page':
      return ledgerPage(a.account, a.from, a.to, a.limit, a.offset)
    case 'periods':
      return periods()
    case 'close_period': {
      const p = periods().find((x) => x.month === a.month)
      if (p && p.unposted > 0) throw err('period-unposted', `${a.month} 还有 ${p.unposted} 张凭证未记账，不能结账`, `${a.month} has unposted vouchers`, 'month')
      st.closed.set(a.month, { by: st.user, at: '2025-11-29 12:00:00' })
      return periods().find((x) => x.month === a.month) ?? { month: a.month, closed: true, closed_by: st.user, closed_at: null, vouchers: 0, unposted: 0 }
    }
    case 'close_check': {
      const p = periods().find((x) => x.month === a.month)
      const blockers = p && p.unposted > 0 ? [err('period-has-unposted', `${a.month} 还有 ${p.unposted} 张凭证未记账，不能结账`, `${a.month} has unposted vouchers`)] : []
      return { month: a.month, ok: blockers.length === 0, blockers }
    }
    case 'closed_years':
      return []
    case 'key_fingerprint':
      return '3EB8-4F4B-C386-FAEB'
    case 'reopen_period':
      st.closed.delete(a.month)
      return periods().find((x) => x.month === a.month)
    case 'verify':
      await sleep(400)
      return { ok: true, log_rows: 1234, log_head: '9f2c4e1ab3d45e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f', posted_vouchers: st.vouchers.filter((v) => v.status === 'posted').length, problems: [] }
  }
  throw err('unknown-command', `未知命令 ${cmd}`, `unknown command ${cmd}`)
}

export function openDemoNow() {
  seed()
  seedUsers()
  st.book = '/home/kuaiji/.local/share/coopbook/demo.coopbook'
  st.demo = true
}

// ---- users, the audit log and backups ------------------------------------------------------------
type FakeUser = User & { password: string }
const users: FakeUser[] = []
const log: LogEntry[] = []
const backups: BackupInfo[] = []
const ROLE_ZH: Record<string, string> = { admin: '管理员', accountant: '会计', cashier: '出纳', chairman: '理事长', supervisor: '监事' }

function me() {
  const claimed = users.length > 0
  const permissions = Object.entries(PERM_ROLES).filter(([, roles]) => !claimed || (roles as readonly string[]).includes(st.role)).map(([p]) => p)
  return { name: st.user, role: claimed ? st.role : '', role_zh: claimed ? ROLE_ZH[st.role] ?? '' : '', claimed, permissions: claimed && !st.role ? [] : permissions }
}
function requirePerm(perm: string) {
  if (!users.length) return
  if (!(PERM_ROLES[perm] as readonly string[]).includes(st.role)) {
    throw err('permission-denied', `用户“${st.user}”（${ROLE_ZH[st.role]}）无权${perm}`, `user "${st.user}" (${st.role}) may not ${perm}`)
  }
}
function checkPassword(pw: string) {
  if ([...(pw ?? '')].length < 8) throw err('password-too-short', '密码至少要 8 个字符', 'a password needs at least 8 characters', 'password')
}
function addLog(action: string, entity: string, id: string | number, payload: LogEntry['payload'], user = st.user, at = '2025-11-29T10:00:00.000+08:00') {
  const seq = log.length + 1
  log.push({ seq, at, user, action, entity, entity_id: String(id), payload, hash: `${(seq * 2654435761).toString(16).padStart(8, '0')}`.repeat(8).slice(0, 64) })
}
function addUser(name: string, role: string, password: string): FakeUser {
  if (!name) throw err('field-required', '请填写用户名', 'the user name is required', 'name')
  if (!ROLE_ZH[role]) throw err('bad-role', `角色“${role}”不对`, `unknown role "${role}"`, 'role')
  checkPassword(password)
  if (users.some((u) => u.name === name)) throw err('user-exists', `用户“${name}”已经有了`, `user "${name}" already exists`, 'name')
  const u: FakeUser = { name, role, role_zh: ROLE_ZH[role], active: true, failed: 0, locked_until: null, created_at: '2025-01-02T01:00:00Z', password }
  users.push(u)
  addLog('user.add', 'user', name, { name, role, password_sha256: '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8' })
  return u
}
function seedUsers() {
  users.length = 0
  log.length = 0
  for (const [n, r] of [['admin', 'admin'], ['会计', 'accountant'], ['出纳', 'cashier'], ['理事长', 'chairman'], ['监事', 'supervisor']]) addUser(n, r, 'coopbook')
  users[2].failed = 2
  addLog('coop.charter', 'coop', 1, { before: { reserve_rate: '0.10', patronage_rate: '0.60', collective_min_share: '0.30' }, after: { reserve_rate: '0.10', patronage_rate: '0.65', collective_min_share: '0.30' } }, '会计', '2025-01-03T09:12:00.000+08:00')
  for (const m of st.members.slice(0, 12)) addLog('member.add', 'member', m.no, { no: m.no, name: m.name, kind: m.kind, id_card: m.id_card, joined: m.joined }, '会计', '2025-01-05T09:30:00.000+08:00')
  addLog('member.update', 'member', 3, { no: 3, before: { name: '李四', kind: 'farmer', phone: null, joined: '2025-01-01' }, after: { name: '李四', kind: 'party', phone: '13905911001', joined: '2025-01-01' } }, '会计', '2025-02-11T15:02:00.000+08:00')
  for (const v of st.vouchers.slice(0, 30)) {
    addLog('voucher.add', 'voucher', v.id, { no: v.no, date: v.date, summary: v.summary, lines: v.lines.length, debit: v.debit }, '会计', `${v.date}T10:00:00.000+08:00`)
    if (v.status !== 'draft') addLog('voucher.review', 'voucher', v.id, { no: v.no }, '理事长', `${v.date}T16:00:00.000+08:00`)
    if (v.status === 'posted') addLog('voucher.post', 'voucher', v.id, { no: v.no }, '理事长', `${v.date}T16:01:00.000+08:00`)
  }
  addLog('user.role', 'user', '出纳', { name: '出纳', before: { role: 'supervisor' }, after: { role: 'cashier' } }, 'admin', '2025-03-01T08:00:00.000+08:00')
  addLog('period.close', 'period', '2025-01', { month: '2025-01' }, '会计', '2025-02-03T10:12:00.000+08:00')
  addLog('distribution.branch', 'distribution', 2025, { year: 2025, date: '2025-12-26', reference: '支委会记录〔2025〕12号' }, '理事长', '2025-12-26T15:00:00.000+08:00')
  backups.length = 0
  const dir = '/home/kuaiji/.local/share/coopbook/备份'
  backups.push(
    { path: `${dir}/demo-2025-11-29-每日.coopbook`, bytes: 1843200, reason: 'daily', taken_at: '2025-11-29 08:00:02' },
    { path: `${dir}/demo-2025-11-03-月结前.coopbook`, bytes: 1790012, reason: 'month-close', taken_at: '2025-11-03 10:12:40' },
    { path: `${dir}/demo-2025-10-20-手动.coopbook`, bytes: 1712345, reason: 'manual', taken_at: '2025-10-20 17:30:00' },
    { path: `${dir}/demo-2025-06-01-导入前.coopbook`, bytes: 902144, reason: 'import', taken_at: '2025-06-01 09:02:11' },
    { path: `${dir}/demo-2025-01-01-升级前.coopbook`, bytes: 40960, reason: 'migration', taken_at: '2025-01-01 08:00:00' },
  )
}
function userOf(name: string): FakeUser {
  const u = users.find((x) => x.name === name)
  if (!u) throw err('unknown-user', `没有用户“${name}”`, `no user "${name}"`, 'name')
  return u
}
const publicUser = (u: FakeUser): User => ({ name: u.name, role: u.role, role_zh: u.role_zh, active: u.active, failed: u.failed, locked_until: u.locked_until, created_at: u.created_at })

function usersCommand(cmd: string, a: Record<string, any>): { handled: boolean; value?: unknown } {
  switch (cmd) {
    case 'users':
      return { handled: true, value: users.map(publicUser) }
    case 'add_user':
      requirePerm('users')
      return { handled: true, value: publicUser(addUser(String(a.user).trim(), a.role, a.password)) }
    case 'set_user_role': {
      requirePerm('users')
      const u = userOf(a.user)
      const before = u.role
      if (before === 'admin' && a.role !== 'admin' && users.filter((x) => x.role === 'admin' && x.active).length <= 1) throw err('last-admin', '至少要留一个启用的管理员', 'keep at least one active admin', 'role')
      u.role = a.role
      u.role_zh = ROLE_ZH[a.role]
      addLog('user.role', 'user', u.name, { name: u.name, before: { role: before }, after: { role: a.role } })
      return { handled: true, value: publicUser(u) }
    }
    case 'set_user_active': {
      requirePerm('users')
      const u = userOf(a.user)
      if (u.name === st.user && !a.active) throw err('self-disable', '不能停用自己', 'you cannot disable yourself')
      const was = u.active
      u.active = !!a.active
      addLog(a.active ? 'user.enable' : 'user.disable', 'user', u.name, { name: u.name, before: { active: was }, after: { active: u.active } })
      return { handled: true, value: publicUser(u) }
    }
    case 'unlock_user': {
      requirePerm('users')
      const u = userOf(a.user)
      u.locked_until = null
      u.failed = 0
      addLog('user.unlock', 'user', u.name, { name: u.name })
      return { handled: true, value: publicUser(u) }
    }
    case 'reset_password': {
      requirePerm('users')
      const u = userOf(a.user)
      checkPassword(a.password)
      u.password = a.password
      u.locked_until = null
      u.failed = 0
      addLog('user.reset', 'user', u.name, { name: u.name, password_sha256: 'a1b2c3' })
      return { handled: true, value: publicUser(u) }
    }
    case 'change_password': {
      const u = userOf(st.user)
      if (u.password !== a.current) throw err('bad-password', '当前密码不对', 'the current password is wrong', 'current')
      checkPassword(a.password)
      u.password = a.password
      addLog('user.password', 'user', u.name, { name: u.name, password_sha256: 'd4e5f6' })
      return { handled: true, value: publicUser(u) }
    }
    case 'audit_log': {
      const f = a.filter ?? {}
      const has = (v: unknown) => typeof v === 'string' && v.trim() !== ''
      const rows = log
        .filter((e) => !has(f.user) || e.user === f.user)
        .filter((e) => !has(f.action) || (f.action.endsWith('.') ? e.action.startsWith(f.action) : e.action === f.action))
        .filter((e) => !has(f.entity) || e.entity === f.entity.trim())
        .filter((e) => !has(f.entity_id) || e.entity_id === f.entity_id.trim())
        .filter((e) => !has(f.from) || e.at.slice(0, 10) >= f.from)
        .filter((e) => !has(f.to) || e.at.slice(0, 10) <= f.to)
        .filter((e) => !has(f.text) || JSON.stringify(e.payload).includes(f.text.trim()) || e.entity_id === f.text.trim() || e.user.includes(f.text.trim()))
        .sort((x, y) => y.seq - x.seq)
      const off = f.offset ?? 0
      return {
        handled: true,
        value: { rows: rows.slice(off, off + (f.limit ?? 50)), total: rows.length, users: [...new Set(log.map((e) => e.user))].sort(), actions: [...new Set(log.map((e) => e.action))].sort() },
      }
    }
    case 'backups':
      return { handled: true, value: backups.map((b) => ({ ...b })) }
    case 'backup_now': {
      requirePerm('backup')
      const b = { path: `/home/kuaiji/.local/share/coopbook/备份/demo-2025-11-29-手动-${backups.length}.coopbook`, bytes: 1843712, reason: 'manual', taken_at: '2025-11-29 12:00:00' }
      backups.unshift(b)
      return { handled: true, value: b }
    }
    case 'restore_backup': {
      requirePerm('restore')
      const saved = { path: `/home/kuaiji/.local/share/coopbook/备份/demo-2025-11-29-恢复前.coopbook`, bytes: 1843712, reason: 'restore', taken_at: '2025-11-29 12:05:00' }
      backups.unshift(saved)
      addLog('book.restore', 'book', 1, { from: a.path, saved: saved.path })
      return { handled: true, value: saved }
    }
    case 'pick_backup_file':
      return { handled: true, value: '/media/usb/青山村-备份.coopbook' }
    case 'backup_place':
      return { handled: true, value: backupPlace() }
    case 'set_backup_dir': {
      requirePerm('settings')
      const d = a.dir === null ? null : String(a.dir).trim()
      if (d !== null && !/^(\/|[A-Za-z]:\\)/.test(d)) throw err('backup-dir-invalid', `备份文件夹“${d}”要写完整路径`, `the backup folder "${d}" must be a full path`, 'backup_dir')
      addLog('coop.backup_dir', 'coop', 1, { before: st.backupDir, after: d })
      st.backupDir = d
      return { handled: true, value: backupPlace() }
    }
  }
  return { handled: false }
}


// ---- assets, other business, harvests, the sales import ---------------------------------------
/** The child of `parent` named `name`, made with the next free code when there is none. */
function subAccount(parent: string, name: string): string {
  const kids = st.accounts.filter((x) => x.parent === parent)
  const found = kids.find((x) => x.name === name)
  if (found) return found.code
  const next = kids.reduce((m, x) => Math.max(m, Number(x.code.slice(parent.length))), 0) + 1
  const code = `${parent}${String(next).padStart(2, '0')}`
  addAccount(code, name, parent)
  return code
}

function reverseVoucherOf(id: number, date: string): number {
  const o = byId(id)
  const r = makeVoucher(date, `冲销 ${o.no} ${o.summary}`, 0, o.lines.map((l) => ({ account: l.account, debit: fenToString(-toFen(l.debit)!), credit: fenToString(-toFen(l.credit)!), member: l.member === null ? null : String(l.member), summary: null })), st.user)
  r.status = 'posted'
  r.reviewed_by = r.posted_by = st.user
  r.reverses = o.id
  o.reversed_by = r.id
  return r.id
}

const ops = {
  assets: [] as Array<{ id: number; name: string; category: string | null; acquired: string; cost: bigint; residual: bigint; life: number; expense: string; disposed: string | null }>,
  depreciation: [] as Array<{ asset: number; ym: string; amount: bigint; voucher: number }>,
  operations: [] as Array<Operation & { reversed: boolean }>,
}

const OP_ZH: Record<string, string> = {
  'service-income': '服务收入',
  'rental-income': '租赁收入',
  'subsidy-received': '收到财政补助',
  'subsidy-to-assets': '补助形成资产转专项基金',
  'loan-received': '取得借款',
  'loan-repaid': '归还借款',
  'wages-accrued': '计提工资',
  'wages-paid': '发放工资',
  'labour-accrued': '计提劳务费',
  'labour-paid': '支付劳务费',
  expense: '费用支出',
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const posted = (v: Voucher) => {
  v.status = 'posted'
  v.reviewed_by = v.posted_by = st.user
  return v
}
const line = (account: string, debit: bigint, credit: bigint) => ({ account, debit: debit ? fenToString(debit) : '', credit: credit ? fenToString(credit) : '', member: null, summary: null })
/** Months since the epoch: 2025-03 → 2025 × 12 + 2. */
const monthNo = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1
function monthly(cost: bigint, residual: bigint, life: number): bigint {
  const n = cost - residual
  const l = BigInt(Math.max(life, 1))
  return (n * 2n + l) / (2n * l)
}

function addAsset(a: NewAsset): AssetRow {
  const errors: Err[] = []
  if (!a.name.trim()) errors.push(err('field-required', '请填写资产名称', 'the asset name is required', 'name'))
  if (!DATE.test(a.acquired)) errors.push(err('date-invalid', `日期“${a.acquired}”无效，应写作 2025-03-01`, `date "${a.acquired}" is not valid`, 'acquired'))
  const cost = toFen(a.cost)
  if (cost === null || cost <= 0n) errors.push(err('not-positive', '原值必须大于零', 'the cost must be greater than zero', 'cost'))
  const residual = a.residual?.trim() ? toFen(a.residual) : 0n
  if (residual === null || residual < 0n || (cost !== null && residual >= cost)) errors.push(err('residual-invalid', '残值不能为负，也不能大于等于原值', 'the residual value must be at least zero and below the cost', 'residual'))
  const life = /^\d+$/.test(a.life_months.trim()) ? Number(a.life_months.trim()) : 0
  if (life < 1 || life > 1200) errors.push(err('not-positive', `使用月数“${a.life_months.trim()}”无效，应为 1 到 1200 的整数`, `life in months "${a.life_months.trim()}" must be a whole number from 1 to 1200`, 'life_months'))
  const paid = a.paid || 'bank'
  if (!['bank', 'cash', 'none'].includes(paid)) errors.push(err('invalid-paid', `付款方式“${paid}”无效，应为 bank/cash/none`, `"${paid}" is not bank, cash or none`, 'paid'))
  if (errors.length) {
    const e = errors[0]
    throw { ...e, zh: errors.map((x) => x.zh).join('；'), en: errors.map((x) => x.en).join('; '), fields: errors.map((x) => x.field!) }
  }
  const expense = subAccount(a.expense_account || '521', '折旧费')
  if (paid !== 'none') {
    posted(makeVoucher(a.acquired, `购建固定资产：${a.name.trim()}`, 1, [line('151', cost!, 0n), line(paid === 'cash' ? '101' : '102', 0n, cost!)], st.user))
  }
  const id = ops.assets.length + 1
  ops.assets.push({ id, name: a.name.trim(), category: a.category?.trim() || null, acquired: a.acquired, cost: cost!, residual: residual!, life, expense, disposed: null })
  return assetRows('9999-12-31').find((r) => r.id === id)!
}

function assetRows(at: string): AssetRow[] {
  if (!DATE.test(at)) throw err('date-invalid', `日期“${at}”无效，应写作 2025-03-01`, `date "${at}" is not valid`, 'at')
  const ym = at.slice(0, 7)
  return [...ops.assets]
    .sort((x, y) => (x.acquired < y.acquired ? -1 : x.acquired > y.acquired ? 1 : x.id - y.id))
    .map((a) => {
      const done = ops.depreciation.filter((d) => d.asset === a.id && d.ym <= ym)
      const acc = done.reduce((t, d) => t + d.amount, 0n)
      return { id: a.id, name: a.name, category: a.category, acquired: a.acquired, cost: fenToString(a.cost), residual: fenToString(a.residual), life_months: a.life, monthly: fenToString(monthly(a.cost, a.residual, a.life)), months_depreciated: done.length, accumulated: fenToString(acc), net: fenToString(a.cost - acc), disposed: a.disposed }
    })
}

function depreciate(month: string): number | null {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw err('month-invalid', `月份“${month}”无效，应写作 2025-03`, `month "${month}" is not valid`, 'month')
  if (ops.depreciation.some((d) => d.ym === month)) throw err('depreciation-already-run', `${month} 已计提过折旧`, `depreciation for ${month} has already been run`, 'month')
  if (st.closed.has(month)) throw err('period-closed', `${month} 已结账`, `${month} is closed`, 'month')
  const charges: Array<{ asset: number; expense: string; amount: bigint }> = []
  for (const a of ops.assets) {
    const done = ops.depreciation.filter((d) => d.asset === a.id)
    const acc = done.reduce((t, d) => t + d.amount, 0n)
    const left = a.cost - a.residual - acc
    if (monthNo(month) <= monthNo(a.acquired) || (a.disposed && a.disposed.slice(0, 7) < month) || left <= 0n) continue
    const m = monthly(a.cost, a.residual, a.life)
    const amount = done.length + 1 >= a.life ? left : m < left ? m : left
    if (amount > 0n) charges.push({ asset: a.id, expense: a.expense, amount })
  }
  if (!charges.length) return null
  const by = new Map<string, bigint>()
  for (const c of charges) by.set(c.expense, (by.get(c.expense) ?? 0n) + c.amount)
  const total = charges.reduce((t, c) => t + c.amount, 0n)
  const n = monthNo(month) + 1
  const last = new Date(Date.UTC(Math.floor(n / 12), n % 12, 0)).getUTCDate()
  const v = posted(makeVoucher(`${month}-${String(last).padStart(2, '0')}`, `计提 ${month} 固定资产折旧`, 1, [...[...by.entries()].map(([acct, amt]) => line(acct, amt, 0n)), line('152', 0n, total)], st.user))
  for (const c of charges) ops.depreciation.push({ asset: c.asset, ym: month, amount: c.amount, voucher: v.id })
  return v.id
}

function dispose(id: number, date: string, proceeds: string, via: string | null): number {
  const a = ops.assets.find((x) => x.id === id)
  if (!a) throw err('unknown-asset', `固定资产 #${id} 不存在`, `no fixed asset #${id}`)
  if (a.disposed) throw err('asset-disposed', `“${a.name}”已于 ${a.disposed} 处置`, `"${a.name}" was disposed of on ${a.disposed}`)
  if (!DATE.test(date)) throw err('date-invalid', `日期“${date}”无效，应写作 2025-03-01`, `date "${date}" is not valid`, 'date')
  const p = proceeds.trim() ? toFen(proceeds) : 0n
  if (p === null) throw err('amount-invalid', `金额“${proceeds}”无效`, `amount "${proceeds}" is not valid`, 'proceeds')
  if (p < 0n) throw err('amount-negative', '处置收入不能为负', 'the proceeds cannot be negative', 'proceeds')
  const acc = ops.depreciation.filter((d) => d.asset === id).reduce((t, d) => t + d.amount, 0n)
  const net = a.cost - acc
  const lines = [line('154', net, 0n), ...(acc ? [line('152', acc, 0n)] : []), line('151', 0n, a.cost)]
  if (p > 0n) lines.push(line(via === 'cash' ? '101' : '102', p, 0n), line('154', 0n, p))
  const result = p - net
  if (result > 0n) lines.push(line('154', result, 0n), line('502', 0n, result))
  else if (result < 0n) lines.push(line('529', -result, 0n), line('154', 0n, -result))
  const v = posted(makeVoucher(date, `处置固定资产：${a.name}`, 1, lines.filter((l) => l.debit || l.credit), st.user))
  a.disposed = date
  return v.id
}

function recordOperation(o: NewOperation): Operation {
  const zh = OP_ZH[o.kind]
  if (!zh) throw err('invalid-operation', `业务类型“${o.kind}”无效`, `"${o.kind}" is not a known operation`, 'kind')
  const errors: Err[] = []
  if (!DATE.test(o.date)) errors.push(err('date-invalid', `日期“${o.date}”无效，应写作 2025-03-01`, `date "${o.date}" is not valid`, 'date'))
  const amount = toFen(o.amount)
  if (amount === null) errors.push(err('amount-invalid', `金额“${o.amount}”无效`, `amount "${o.amount}" is not valid`, 'amount'))
  else if (amount <= 0n) errors.push(err('not-positive', `金额必须大于零，输入的是 ${o.amount}`, `the amount must be greater than zero, got ${o.amount}`, 'amount'))
  const interest = o.interest?.trim() ? toFen(o.interest) : 0n
  if (interest === null || interest < 0n) errors.push(err('amount-negative', '利息不能为负', 'interest cannot be negative', 'interest'))
  if (errors.length) {
    const e = errors[0]
    throw { ...e, zh: errors.map((x) => x.zh).join('；'), en: errors.map((x) => x.en).join('; '), fields: errors.map((x) => x.field!) }
  }
  if (st.closed.has(o.date.slice(0, 7))) throw err('period-closed', `${o.date.slice(0, 7)} 已结账`, `${o.date.slice(0, 7)} is closed`, 'date')
  const paid = o.paid || 'bank'
  const income = o.kind === 'service-income' || o.kind === 'rental-income'
  const money = paid === 'cash' ? '101' : paid === 'bank' ? '102' : paid === 'credit' && income ? '113' : null
  if (!money && !['subsidy-to-assets', 'wages-accrued', 'labour-accrued'].includes(o.kind)) throw err('invalid-paid', `收付方式“${paid}”无效，应为 cash 或 bank${income ? ' 或 credit' : ''}`, `"${paid}" is not cash or bank${income ? ' or credit' : ''}`, 'paid')
  const loan = (o.term || 'short') === 'long' ? '231' : '201'
  const chosen = (d: string) => o.account?.trim() || d
  const checkExpense = (code: string) => {
    const acct = st.accounts.find((x) => x.code === code)
    if (!acct || acct.direction < 0 || !(acct.class === 'pnl' || acct.class === 'cost') || !acct.leaf)
      throw err('invalid-expense-account', `“${code}”不是费用或成本科目（如 523 管理费用、529 其他支出、401 生产成本）`, `"${code}" is not an expense or cost account (e.g. 523, 529, 401)`, 'account')
    return code
  }
  const A = amount!
  let lines
  switch (o.kind) {
    case 'service-income':
    case 'rental-income':
      lines = [line(money!, A, 0n), line(subAccount('501', zh), 0n, A)]
      break
    case 'subsidy-received':
      lines = [line(money!, A, 0n), line('235', 0n, A)]
      break
    case 'subsidy-to-assets':
      lines = [line('235', A, 0n), line('311', 0n, A)]
      break
    case 'loan-received':
      lines = [line(money!, A, 0n), line(loan, 0n, A)]
      break
    case 'loan-repaid':
      lines = [line(loan, A, 0n), ...(interest! > 0n ? [line('524', interest!, 0n)] : []), line(money!, 0n, A + interest!)]
      break
    case 'wages-accrued':
      lines = [line(checkExpense(chosen('523')), A, 0n), line('212', 0n, A)]
      break
    case 'wages-paid':
      lines = [line('212', A, 0n), line(money!, 0n, A)]
      break
    case 'labour-accrued':
      lines = [line(checkExpense(chosen('521')), A, 0n), line('213', 0n, A)]
      break
    case 'labour-paid':
      lines = [line('213', A, 0n), line(money!, 0n, A)]
      break
    default:
      lines = [line(checkExpense(chosen('523')), A, 0n), line(money!, 0n, A)]
  }
  const party = o.party?.trim()
  const summary = o.summary?.trim() || (party ? `${zh}：${party}` : zh)
  const v = posted(makeVoucher(o.date, summary, 1, lines, st.user))
  const row = { id: ops.operations.length + 1, kind: o.kind, kind_zh: zh, date: o.date, amount: fenToString(A), interest: fenToString(interest!), voucher_id: v.id, reversed: false }
  ops.operations.push(row)
  return { ...row }
}

function harvest(h: NewHarvest): number {
  const errors: Err[] = []
  if (!DATE.test(h.date)) errors.push(err('date-invalid', `日期“${h.date}”无效，应写作 2025-03-01`, `date "${h.date}" is not valid`, 'date'))
  const p = tr.products.find((x) => x.name === h.product.trim())
  if (!p) errors.push(err('unknown-product', `产品“${h.product}”不存在，请先登记产品`, `no product "${h.product}"; add it first`, 'product'))
  else if (p.source !== 'own') errors.push(err('product-source', `“${p.name}”由成员交售，不是本社自产产品`, `"${p.name}" is delivered by members, not produced by the co-op`, 'product'))
  const q = tradeAmount(h.quantity, '1')
  if (!q.ok) errors.push(err('quantity-invalid', `数量“${h.quantity}”不是有效数字`, `quantity "${h.quantity}" is not a number`, 'quantity'))
  const cost = toFen(h.cost)
  if (cost === null || cost <= 0n) errors.push(err('not-positive', '入库成本必须大于零', 'the cost must be greater than zero', 'cost'))
  else {
    const held = postedLines('0000-00-00', DATE.test(h.date) ? h.date : '9999-12-31').filter(({ l }) => l.account.startsWith('401')).reduce((t, { l }) => t + toFen(l.debit)! - toFen(l.credit)!, 0n)
    if (cost > held) errors.push(err('insufficient-production-cost', `生产成本（401）只归集了 ${fenToString(held)}，不够结转 ${fenToString(cost)}`, `production cost (401) holds only ${fenToString(held)}, less than ${fenToString(cost)}`, 'cost'))
  }
  if (errors.length) {
    const e = errors[0]
    throw { ...e, zh: errors.map((x) => x.zh).join('；'), en: errors.map((x) => x.en).join('; '), fields: errors.map((x) => x.field!) }
  }
  const v = posted(makeVoucher(h.date, `自产${p!.name}收获入库 ${h.quantity.trim()} ${p!.unit}`, 1, [line(p!.stock, cost!, 0n), line('401', 0n, cost!)], st.user))
  tr.harvests.push({ id: tr.harvests.length + 1, product: p!.name, date: h.date, quantity: h.quantity.trim(), cost: fenToString(cost!), voucher_id: v.id })
  return v.id
}

function importSales(path: string, dryRun: boolean): ImportReport {
  if (!path) throw err('field-required', '请选择销售明细文件', 'choose the sales file', 'file')
  if (path.endsWith('.xls')) throw err('import-format', `无法读取销售明细 ${path}：这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入`, `cannot read the sales file ${path}: this is an old Excel (.xls) file`, 'file')
  const report: ImportReport = { ok: true, file: path, rows: 4, imported: [], errors: [], ignored_columns: ['订单号', '收货地址'], encoding: path.endsWith('.xlsx') ? 'XLSX' : 'UTF-8' }
  if (path.includes('bad')) {
    report.ok = false
    report.errors = [
      { row: 3, column: '产品', value: '干香菇', code: 'unknown-product', zh: '产品“干香菇”不存在，请先登记产品', en: 'no product "干香菇"; add it first' },
      { row: 4, column: '数量', value: '12.3456', code: 'quantity-precision', zh: '数量“12.3456”最多 3 位小数', en: 'quantity "12.3456" has more than 3 decimals' },
      { row: 5, column: '收款方式', value: '月结', code: 'invalid-paid', zh: '收款方式“月结”无效，应为 赊销/现金/银行/微信/支付宝（或 credit/cash/bank/wechat/alipay）', en: 'payment "月结" is not credit, cash, bank, wechat or alipay' },
    ]
  } else if (!dryRun) {
    for (const [i, q] of ['30', '25.5', '40', '18'].entries()) {
      const r = sell({ date: `2025-11-0${i + 2}`, product: '香菇', quantity: q, unit: null, price: '12.8', buyer: '民富商城', channel: 'online', contract: null, paid: 'credit' })
      report.imported.push(r.id)
    }
  }
  return report
}

/** A voucher file of two vouchers (the preview writes nothing to the books for it). */
function importVouchers(path: string, dryRun: boolean): VoucherImport {
  if (!path) throw err('field-required', '请选择凭证文件', 'choose the voucher file', 'file')
  const report: ImportReport = { ok: true, file: path, rows: 4, imported: [], errors: [], ignored_columns: ['科目名称'], encoding: path.endsWith('.xlsx') ? 'XLSX' : 'UTF-8' }
  if (path.includes('bad')) {
    report.ok = false
    report.errors = [{ row: 3, column: '凭证号', value: '记-1', code: 'unbalanced', zh: '凭证借贷不平衡：借方 1,000.00，贷方 900.00，相差 100.00', en: 'voucher does not balance: debit 1,000.00, credit 900.00, difference 100.00' }]
  } else if (!dryRun) {
    report.imported = [9001, 9002]
  }
  return { report, vouchers: 2, lines: 4, total: '1250.50', from: '2025-01-10', to: '2025-01-20' }
}

function seedOps() {
  ops.assets = []
  ops.depreciation = []
  ops.operations = []
  tr.harvests = []
  tr.products.push({ id: 3, name: '平菇', unit: '斤', stock: subAccount('121', '平菇'), income: subAccount('501', '平菇'), source: 'own' })
  const at = (x: NewAsset) => addAsset(x)
  at({ name: '冷库', category: '房屋及建筑物', acquired: '2025-03-15', cost: '180000', residual: null, life_months: '120', expense_account: '521', paid: 'bank' })
  at({ name: '香菇烘干机', category: '机器设备', acquired: '2025-06-10', cost: '36800', residual: '1840', life_months: '60', expense_account: '521', paid: 'bank' })
  at({ name: '办公电脑', category: '电子设备', acquired: '2025-02-20', cost: '4999', residual: null, life_months: '36', expense_account: '521', paid: 'cash' })
  for (let m = 3; m <= 10; m++) depreciate(`2025-${String(m).padStart(2, '0')}`)
  const op = (o: Partial<NewOperation> & { kind: string; date: string; amount: string }) =>
    recordOperation({ interest: null, paid: null, term: null, account: null, party: null, summary: null, ...o })
  op({ kind: 'loan-received', date: '2025-03-01', amount: '100000', term: 'short', party: '县农商银行' })
  op({ kind: 'subsidy-received', date: '2025-05-20', amount: '200000', party: '县农业农村局' })
  op({ kind: 'service-income', date: '2025-04-10', amount: '8000', paid: 'bank', party: '白云乡香菇种植户' })
  op({ kind: 'rental-income', date: '2025-07-01', amount: '3600', paid: 'credit', party: '青山村农机队' })
  op({ kind: 'loan-repaid', date: '2025-09-01', amount: '50000', interest: '2150', party: '县农商银行' })
  op({ kind: 'wages-accrued', date: '2025-10-31', amount: '12000', party: '管理人员' })
  op({ kind: 'expense', date: '2025-08-15', amount: '1260.5', account: '529', paid: 'cash', summary: '村道维修捐款' })
  posted(makeVoucher('2025-09-12', '购买平菇菌棒、人工等生产成本', 2, [line('401', 2000000n, 0n), line('102', 0n, 2000000n)], st.user))
  harvest({ product: '平菇', quantity: '1200', unit: null, cost: '6000', date: '2025-10-20' })
}

function opsCommand(cmd: string, a: Record<string, any>): { handled: boolean; value?: unknown } {
  switch (cmd) {
    case 'assets':
      return { handled: true, value: assetRows(a.at) }
    case 'add_asset':
      return { handled: true, value: addAsset(a.asset) }
    case 'depreciate':
      return { handled: true, value: depreciate(a.month) }
    case 'dispose_asset':
      return { handled: true, value: dispose(a.id, a.date, a.proceeds, a.via) }
    case 'record_operation':
      return { handled: true, value: recordOperation(a.operation) }
    case 'operations':
      return { handled: true, value: ops.operations.filter((o) => !o.reversed).sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.id - y.id)).map(({ reversed: _, ...o }) => o) }
    case 'harvest':
      return { handled: true, value: harvest(a.harvest) }
    case 'import_sales':
      return { handled: true, value: importSales(String(a.path ?? '').trim(), !!a.dryRun) }
    case 'import_vouchers':
      return { handled: true, value: importVouchers(String(a.path ?? '').trim(), !!a.dryRun) }
    case 'reverse_document': {
      if (a.kind !== 'operation') return { handled: false }
      const o = ops.operations.find((x) => x.id === a.id)
      if (!o) throw err('unknown-document', `单据 operation #${a.id} 不存在`, `no operation #${a.id}`)
      if (o.reversed) throw err('already-reversed', `单据 #${a.id} 已被冲销`, `operation #${a.id} is already reversed`)
      o.reversed = true
      return { handled: true, value: reverseVoucherOf(o.voucher_id, o.date) }
    }
  }
  return { handled: false }
}


// ---- member payments, the year-end distribution, printing ---------------------------------------
const dist = {
  payments: [] as MemberPayment[],
  plans: new Map<number, Plan>(),
}

function seedDist() {
  dist.payments = []
  dist.plans = new Map()
}

const memberOf = (no: unknown, field = 'member') => {
  const m = st.members.find((x) => String(x.no) === String(no ?? '').trim())
  if (!m) throw err('unknown-member', `成员编号“${no ?? ''}”不存在`, `no member "${no ?? ''}"`, field)
  return m
}

/** What the co-op owes a member at a date: the member's 114 credit balance. */
function owedTo(no: number, date: string): bigint {
  return memberBalances('114', date).get(no) ?? 0n
}

function payMember(p: NewMemberPayment): MemberPayment {
  const errors: Err[] = []
  const m = st.members.find((x) => String(x.no) === p.member.trim())
  if (!m) errors.push(err('unknown-member', `成员编号“${p.member}”不存在`, `no member "${p.member}"`, 'member'))
  if (!DATE.test(p.date)) errors.push(err('date-invalid', `日期“${p.date}”无效，应写作 2025-03-01`, `date "${p.date}" is not valid`, 'date'))
  const amount = toFen(p.amount)
  if (amount === null) errors.push(err('amount-invalid', `金额“${p.amount}”无效`, `amount "${p.amount}" is not valid`, 'amount'))
  else if (amount <= 0n) errors.push(err('not-positive', `付款金额必须大于零，输入的是 ${p.amount}`, `the amount must be greater than zero, got ${p.amount}`, 'amount'))
  const via = p.via || 'bank'
  if (via !== 'cash' && via !== 'bank') errors.push(err('invalid-via', `付款方式“${via}”无效，应为 cash 或 bank`, `"${via}" is not cash or bank`, 'via'))
  if (errors.length) {
    const e = errors[0]
    throw { ...e, zh: errors.map((x) => x.zh).join('；'), en: errors.map((x) => x.en).join('; '), fields: errors.map((x) => x.field!) }
  }
  const owed = owedTo(m!.no, p.date)
  if (amount! > owed)
    throw err('exceeds-owed', `付款 ${fenToString(amount!)} 元超过本社截至 ${p.date} 应付 ${m!.no} 号成员${m!.name}的 ${fenToString(owed)} 元`, `paying ${fenToString(amount!)} exceeds the ${fenToString(owed)} owed to member no. ${m!.no} at ${p.date}`, 'amount')
  const summary = p.summary?.trim() || `支付 ${m!.no} 号成员${m!.name}交售货款`
  const v = posted(makeVoucher(p.date, summary, 1, [{ ...line('114', amount!, 0n), member: String(m!.no) }, line(via === 'cash' ? '101' : '102', 0n, amount!)], st.user))
  const row: MemberPayment = { id: dist.payments.length + 1, member: m!.no, name: m!.name, date: p.date, amount: fenToString(amount!), via, summary, voucher_id: v.id, reversal_voucher_id: null }
  dist.payments.push(row)
  return { ...row }
}

/** A rate typed as "10%" or "0.10", as a fraction num / den; null when it is not one. */
function rateOf(text: string | null, fallback: string, field: string): { num: bigint; den: bigint; text: string } {
  const t = (text ?? fallback).trim()
  const pct = t.endsWith('%')
  const d = parseDecimal(pct ? t.slice(0, -1) : t)
  if (!d) throw err('rate-invalid', `比例“${t}”不是有效数字（如 0.10 或 10%）`, `rate "${t}" is not a valid number (e.g. 0.10 or 10%)`, field)
  const den = 10n ** BigInt(d.scale) * (pct ? 100n : 1n)
  if (d.digits > den) throw err('rate-out-of-range', `比例“${t}”必须在 0 到 100% 之间`, `rate "${t}" must be between 0 and 100%`, field)
  // as the core keeps it: a decimal with at least two places ("0.10", "0.125")
  const s = String((d.digits * 10000n) / den).padStart(5, '0')
  const frac = s.slice(-4).replace(/0+$/, '').padEnd(2, '0')
  return { num: d.digits, den, text: `${s.slice(0, -4)}.${frac}` }
}

/** round(x × num / den), half away from zero (x ≥ 0). */
const mulRate = (x: bigint, r: { num: bigint; den: bigint }) => (x * r.num * 2n + r.den) / (2n * r.den)

/** Splits a pool of N 分 by weights: floor shares, the left-over 分 to the largest remainders, ties to the lower number. */
function split(pool: bigint, weights: Array<[number, bigint]>, what: string): Map<number, bigint> {
  const W = weights.reduce((t, [, w]) => t + w, 0n)
  const out = new Map<number, bigint>(weights.map(([no]) => [no, 0n]))
  if (pool === 0n) return out
  if (W === 0n) throw err('zero-weights', `${what}没有可以分配的依据（所有成员的权数都是零）`, `the ${what} pool has no basis: every weight is zero`)
  const rem: Array<[number, bigint]> = []
  let given = 0n
  for (const [no, w] of weights) {
    const base = (pool * w) / W
    out.set(no, base)
    given += base
    rem.push([no, (pool * w) % W])
  }
  rem.sort((a, b) => (a[1] === b[1] ? a[0] - b[0] : a[1] > b[1] ? -1 : 1))
  for (let i = 0n; i < pool - given; i++) {
    const no = rem[Number(i)][0]
    out.set(no, out.get(no)! + 1n)
  }
  return out
}

/** The year's surplus from the posted 5xx lines: income less expenses. */
function yearSurplus(year: number): bigint {
  let s = 0n
  for (const { l } of postedLines(`${year}-01-01`, `${year}-12-31`)) {
    if (!l.account.startsWith('5')) continue
    s += toFen(l.credit)! - toFen(l.debit)!
  }
  return s
}

function computePlan(year: number, reserveRate: string | null, patronageRate: string | null, whatIf: boolean): Plan {
  const r = rateOf(reserveRate, st.charter.reserve_rate, 'reserve_rate')
  const p = rateOf(patronageRate, st.charter.patronage_rate, 'patronage_rate')
  if (p.num * 100n < p.den * 60n)
    throw err('patronage-rate-too-low', '按交易量（额）返还的比例不得低于可分配盈余的 60%（《农民专业合作社法》第四十四条）', 'the patronage refund must be at least 60% of the distributable surplus (Co-operative Law Art. 44)', 'patronage_rate')
  const S = yearSurplus(year)
  const L = 0n
  const base = { year, status: whatIf ? 'what-if' : 'draft', reserve_rate: r.text, patronage_rate: p.text, surplus: fenToString(S), losses: fenToString(L), opening: '0.00', branch_date: null, branch_ref: null, meeting_date: null, meeting_ref: null, post_voucher_id: null, pay_voucher_id: null }
  if (S - L <= 0n)
    return { ...base, reserve: '0.00', distributable: '0.00', patronage: '0.00', residual: '0.00', note: `${year} 年盈余 ${fenToString(S)} 元，弥补亏损后无可分配盈余`, members: [] }
  const R = mulRate(S - L, r)
  const D = S - L - R
  const P = mulRate(D, p)
  const Q = D - P
  const end = `${year}-12-31`
  const trade = new Map(memberTradeRows(year).map((m) => [m.no, toFen(m.amount)!]))
  const cap = memberBalances('301', end)
  const res = memberBalances('322', end)
  const subsidy = (no: number) => st.contributions.filter((c) => c.member === no && c.kind === 'subsidy' && c.date <= end).reduce((t, c) => t + toFen(c.amount)!, 0n)
  const rows = st.members
    .map((m) => ({ m, trade: trade.get(m.no) ?? 0n, basis: (cap.get(m.no) ?? 0n) + (res.get(m.no) ?? 0n) + subsidy(m.no) }))
    .filter((x) => x.trade > 0n || x.basis > 0n)
  const ps = split(P, rows.map((x) => [x.m.no, x.trade]), '按交易额返还')
  const qs = split(Q, rows.map((x) => [x.m.no, x.basis]), '剩余盈余')
  const rs = split(R, rows.map((x) => [x.m.no, x.basis]), '公积金')
  const members: PlanMember[] = rows.map(({ m, trade: tf, basis }) => ({
    no: m.no,
    name: m.name,
    trade_amount: fenToString(tf),
    share_basis: fenToString(basis),
    patronage: fenToString(ps.get(m.no)!),
    residual: fenToString(qs.get(m.no)!),
    reserve_share: fenToString(rs.get(m.no)!),
    total: fenToString(ps.get(m.no)! + qs.get(m.no)!),
    paid_via: null,
    pay_voucher_id: null,
  }))
  return { ...base, reserve: fenToString(R), distributable: fenToString(D), patronage: fenToString(P), residual: fenToString(Q), note: null, members }
}

function savedPlan(year: number): Plan {
  const p = dist.plans.get(year)
  if (!p) throw err('no-plan', `${year} 年度还没有盈余分配方案`, `there is no distribution plan for ${year}`, 'year')
  return p
}
const planCopy = (p: Plan): Plan => ({ ...p, members: p.members.map((m) => ({ ...m })) })

function approve(year: number, which: 'branch' | 'meeting', date: string, reference: string): Plan {
  const p = savedPlan(year)
  if (which === 'branch' && p.status !== 'draft') throw err('plan-not-draft', '方案已经党支部审议', 'the Party branch has already reviewed the plan')
  if (which === 'meeting' && p.status === 'draft') throw err('branch-review-required', '分配方案须先经村党支部审议，再提交成员大会', "the Party branch must review the plan before the members' meeting")
  if (which === 'meeting' && p.status !== 'reviewed') throw err('plan-not-reviewed', '成员大会已通过该方案', "the members' meeting has already approved the plan")
  const errors: Err[] = []
  if (!DATE.test(date)) errors.push(err('date-invalid', `日期“${date}”无效，应写作 2025-03-01`, `date "${date}" is not valid`, 'date'))
  if (!reference.trim()) errors.push(err('field-required', which === 'branch' ? '请填写党支部会议记录编号' : '请填写成员大会决议文号', which === 'branch' ? 'the minutes reference is required' : 'the resolution number is required', 'reference'))
  if (errors.length) {
    const e = errors[0]
    throw { ...e, zh: errors.map((x) => x.zh).join('；'), en: errors.map((x) => x.en).join('; '), fields: errors.map((x) => x.field!) }
  }
  if (which === 'branch') Object.assign(p, { status: 'reviewed', branch_date: date, branch_ref: reference.trim() })
  else {
    if (date < p.branch_date!) throw err('approval-order', `成员大会日期 ${date} 早于党支部审议日期 ${p.branch_date}`, `the meeting (${date}) cannot come before the branch's review (${p.branch_date})`, 'date')
    Object.assign(p, { status: 'approved', meeting_date: date, meeting_ref: reference.trim() })
  }
  return planCopy(p)
}

function postPlan(year: number): number {
  const p = savedPlan(year)
  if (p.status === 'draft' || p.status === 'reviewed') throw err('approval-required', '分配方案须经党支部审议和成员大会通过后才能记账', "the plan must be reviewed by the Party branch and approved by the members' meeting before it posts")
  if (p.status !== 'approved') throw err('plan-posted', '分配方案已记账', 'the plan is already posted')
  const R = toFen(p.reserve)!
  const P = toFen(p.patronage)!
  const Q = toFen(p.residual)!
  const per = (code: string, k: 'patronage' | 'residual' | 'reserve_share') => p.members.filter((m) => m[k] !== '0.00').map((m) => ({ ...line(code, 0n, toFen(m[k])!), member: String(m.no) }))
  const v = posted(makeVoucher(p.meeting_date!, `${year} 年度盈余分配（${p.meeting_ref}）`, 1, [line('331', R + P + Q, 0n), line('332', 0n, R + P + Q), line('332', R + P + Q, 0n), ...per('322', 'reserve_share'), ...per('221', 'patronage'), ...per('222', 'residual')], st.user))
  Object.assign(p, { status: 'posted', post_voucher_id: v.id })
  return v.id
}

function payPlan(year: number, via: string, date: string | null, member: number | null): number {
  const p = savedPlan(year)
  if (p.status !== 'posted') throw err(p.status === 'paid' ? 'plan-paid' : 'plan-not-posted', p.status === 'paid' ? '分配已全部发放' : '分配方案记账后才能发放', p.status === 'paid' ? 'everyone is paid' : 'the plan must be posted before paying')
  if (!['cash', 'bank', 'shares'].includes(via)) throw err('invalid-via', `发放方式“${via}”无效，应为 cash、bank 或 shares`, `"${via}" is not cash, bank or shares`, 'via')
  const d = date?.trim() || p.meeting_date!
  if (!DATE.test(d)) throw err('date-invalid', `日期“${d}”无效，应写作 2025-03-01`, `date "${d}" is not valid`, 'date')
  const rows = p.members.filter((m) => m.paid_via === null && (member === null || m.no === member))
  if (member !== null && !p.members.some((m) => m.no === member)) throw err('unknown-member', `${member} 号成员不在分配方案中`, `member no. ${member} is not in the plan`, 'member')
  if (!rows.length) throw err('already-paid', member === null ? '没有未发放的成员' : `${member} 号成员已发放`, member === null ? 'everyone is paid' : `member no. ${member} is already paid`, 'member')
  const total = rows.reduce((t, m) => t + toFen(m.total)!, 0n)
  const lines = rows.flatMap((m) => [
    ...(m.patronage !== '0.00' ? [{ ...line('221', toFen(m.patronage)!, 0n), member: String(m.no) }] : []),
    ...(m.residual !== '0.00' ? [{ ...line('222', toFen(m.residual)!, 0n), member: String(m.no) }] : []),
  ])
  const credit = via === 'shares' ? rows.map((m) => ({ ...line('301', 0n, toFen(m.total)!), member: String(m.no) })) : [line(via === 'cash' ? '101' : '102', 0n, total)]
  const v = posted(makeVoucher(d, `发放 ${year} 年度盈余${member === null ? '' : `（${member} 号 ${rows[0].name}）`}`, 1, [...lines, ...credit], st.user))
  for (const m of rows) Object.assign(m, { paid_via: via, pay_voucher_id: v.id })
  if (p.members.every((m) => m.paid_via !== null)) Object.assign(p, { status: 'paid', pay_voucher_id: v.id })
  return v.id
}

/** A fake 校验码: a short deterministic code per year and member. */
function slipCode(year: number, no: number): string {
  let h = 2166136261 ^ year
  for (const c of `${st.coop.uscc}:${year}:${no}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0
  const x = h.toString(16).toUpperCase().padStart(8, '0')
  return `${x.slice(0, 4)}-${x.slice(4)}`
}

async function printed(name: string, items: number, perPage: number): Promise<Printed> {
  await sleep(Math.min(2500, 600 + items * 5))
  const pages = Math.max(1, Math.ceil(items / perPage))
  return { path: `/home/kuaiji/文档/合作社账本/${name}.pdf`, pages, bytes: 18000 + pages * 9400, items }
}

function memberAccountExtras(no: number, year: number) {
  const t = memberTradeRows(year).find((m) => m.no === no)
  const row = dist.plans.get(year)?.members.find((m) => m.no === no) ?? null
  return {
    trade: t?.products ?? [],
    trade_amount: t?.amount ?? '0.00',
    distribution: row ? { ...row } : null,
    paid: row && row.paid_via ? row.total : '0.00',
  }
}

async function distCommand(cmd: string, a: Record<string, any>): Promise<{ handled: boolean; value?: unknown }> {
  switch (cmd) {
    case 'pay_member':
      return { handled: true, value: payMember(a.payment) }
    case 'member_payments':
      return { handled: true, value: dist.payments.filter((p) => a.member == null || p.member === a.member).map((p) => ({ ...p })) }
    case 'owed_to_member': {
      const m = memberOf(a.no, 'no')
      if (!DATE.test(a.date ?? '')) throw err('date-invalid', `日期“${a.date}”无效，应写作 2025-03-01`, `date "${a.date}" is not valid`, 'date')
      return { handled: true, value: fenToString(owedTo(m.no, a.date)) }
    }
    case 'reverse_document': {
      if (a.kind !== 'payment') return { handled: false }
      const p = dist.payments.find((x) => x.id === a.id)
      if (!p) throw err('unknown-document', `单据 payment #${a.id} 不存在`, `no payment #${a.id}`)
      if (p.reversal_voucher_id !== null) throw err('already-reversed', `付款 #${a.id} 已被冲销`, `payment #${a.id} is already reversed`)
      p.reversal_voucher_id = reverseVoucherOf(p.voucher_id, p.date)
      return { handled: true, value: p.reversal_voucher_id }
    }
    case 'distribution_plan': {
      await sleep(500)
      const old = dist.plans.get(a.year)
      if (!a.whatIf && old && old.status !== 'draft') throw err('plan-locked', `${a.year} 年度分配方案已经党支部审议，不能再修改`, `the ${a.year} plan has been reviewed and can no longer change`, 'year')
      const p = computePlan(a.year, a.reserveRate ?? null, a.patronageRate ?? null, !!a.whatIf)
      if (!a.whatIf) dist.plans.set(a.year, p)
      return { handled: true, value: planCopy(p) }
    }
    case 'distribution':
      return { handled: true, value: planCopy(savedPlan(a.year)) }
    case 'approve_branch':
      return { handled: true, value: approve(a.year, 'branch', a.date ?? '', a.reference ?? '') }
    case 'approve_meeting':
      return { handled: true, value: approve(a.year, 'meeting', a.date ?? '', a.reference ?? '') }
    case 'post_distribution':
      await sleep(300)
      return { handled: true, value: postPlan(a.year) }
    case 'pay_distribution':
      await sleep(300)
      return { handled: true, value: payPlan(a.year, a.via, a.date ?? null, a.member ?? null) }
    case 'slip_codes':
      return { handled: true, value: savedPlan(a.year).members.map((m) => ({ no: m.no, code: slipCode(a.year, m.no) })) }
    case 'print_slips': {
      const p = savedPlan(a.year)
      if (!['approved', 'posted', 'paid'].includes(p.status)) throw err('plan-not-approved', '分配方案经成员大会通过后才能打印分配通知单', "the slips print once the members' meeting has approved the plan")
      const rows = p.members.filter((m) => a.member == null || m.no === a.member)
      if (!rows.length) throw err('unknown-member', `${a.member} 号成员不在分配方案中`, `member no. ${a.member} is not in the plan`, 'member')
      return { handled: true, value: await printed(a.member == null ? `${a.year}年度盈余分配通知单` : `${a.year}年度盈余分配通知单-${a.member}号`, rows.length, 3) }
    }
    case 'print_vouchers':
      return { handled: true, value: await printed(`${a.month ?? ''}记账凭证`, a.month ? 12 : a.ids.length, 2) }
    case 'print_notice':
      return { handled: true, value: await printed(`${a.year}年度盈余分配方案公示表`, savedPlan(a.year).members.length, 25) }
    case 'print_statement': {
      const m = memberOf(a.no, 'no')
      return { handled: true, value: await printed(`${a.year}年度成员账户-${m.no}号${m.name}`, 1, 1) }
    }
  }
  return { handled: false }
}

// ---- the opening balances of old books (期初余额表) -----------------------------------------------
/** The core's test fixture (tests/opening.rs) as a preview; a path with `bad` does not balance. */
function openingImport(a: Record<string, any>, apply: boolean): OpeningImport {
  const path = String(a.path ?? '').trim()
  if (!path) throw err('field-required', '请选择期初余额表', 'choose the opening balance file', 'file')
  if (!a.date) throw err('date-required', '请填写期初余额的日期（期初凭证的日期，通常是启用月份的第一天）', 'the date of the opening balances is required', 'date')
  const bad = path.includes('bad')
  const r = (row: number, old_code: string, old_name: string, new_code: string, new_name: string, debit: string, credit: string, status: OpeningRow['status'], note = '', more: Partial<OpeningRow> = {}): OpeningRow =>
    ({ row, old_code, old_name, new_code, new_name, member: null, member_name: null, debit, credit, status, note, new_account: false, subtotal: false, ...more })
  const rows: OpeningRow[] = [
    r(2, '101', '库存现金', '101', '库存现金', '1200.50', '0.00', 'same'),
    r(3, '102', '银行存款', '102', '银行存款', bad ? '58000.10' : '58000.00', '0.00', 'same'),
    r(4, '113', '应收账款', '113', '应收款', '2500.00', '0.00', 'same', '文件中的科目名称“应收账款”与科目表的“应收款”不同，按编码导入'),
    r(5, '141', '牲畜（禽）资产', '142', '生产性生物资产', '6000.00', '0.00', 'review', '2007年 141 牲畜（禽）资产 → 142 生产性生物资产；幼畜及育肥畜/用材林属消耗性生物资产 141，防风固沙林等属公益性生物资产 144，请核对'),
    r(6, '151', '固定资产', '151', '固定资产', '120000.00', '0.00', 'same'),
    r(7, '152', '累计折旧', '152', '累计折旧', '0.00', '20000.00', 'same'),
    r(8, '211', '应付款', '211', '应付款', '0.00', '8700.50', 'same'),
    r(9, '301', '股金', '301', '股金', '0.00', '150000.00', 'same', '合计行：按下级各行记账，本行不重复记入', { subtotal: true }),
    r(10, '301', '股金', '301', '股金', '0.00', '100000.00', 'same', '', { member: 1, member_name: '青山村股份经济合作社' }),
    r(11, '301', '股金', '301', '股金', '0.00', '30000.00', 'same', '', { member: 2, member_name: '张三' }),
    r(12, '301', '股金', '301', '股金', '0.00', '20000.00', 'same', '', { member: 3, member_name: '李四' }),
    r(13, '321', '资本公积', '321', '资本公积', '0.00', '3400.00', 'same'),
    r(14, '502', '其他收入', '502', '其他收入', '0.00', '9000.00', 'same'),
    r(15, '522', '管理费用', '523', '管理费用', '3400.00', '0.00', 'remapped', '2007年 522 管理费用 → 2021年 523 管理费用；合计行：按下级各行记账，本行不重复记入', { subtotal: true }),
    r(16, '52201', '办公费', '52301', '办公费', '1400.00', '0.00', 'remapped', '2007年 522 管理费用 → 2021年 523 管理费用；将新建明细科目 52301 办公费', { new_account: true }),
    r(17, '52202', '差旅费', '52302', '差旅费', '2000.00', '0.00', 'remapped', '2007年 522 管理费用 → 2021年 523 管理费用；将新建明细科目 52302 差旅费', { new_account: true }),
  ]
  const debit = bad ? '191100.60' : '191100.50'
  const report: OpeningImport = {
    file: path, encoding: path.endsWith('.xlsx') ? 'XLSX' : 'GBK', chart: String(a.chart ?? '2007'), date: String(a.date),
    summary: '期初余额（自2007年科目体系转入）', maps: (a.map ?? []) as string[], rows, debit, credit: '191100.50', balanced: !bad,
    errors: [], ignored_columns: [], voucher_id: null,
  }
  if (apply) {
    if (bad) throw err('opening-unbalanced', '期初余额借贷不平衡：借方合计 191,100.60，贷方合计 191,100.50，相差 0.10，未写入任何内容', 'the opening balances do not balance', 'file')
    report.voucher_id = st.vouchers.length + 1
  }
  return report
}
