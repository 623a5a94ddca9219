// The preview's stand-in for the sync bundles: the village's export (同步包) and the township
// station's database (乡镇汇总) with five villages of 白云乡, their import verdicts, the year's
// report and a village's statements. Dev-only: never imported by the app.
//
// Try it: open the township from the welcome screen and press 选择… (a preset township), or type a
// new path; 选择同步包… gives four files — one new, one already imported, one with a gap, one bad.
import type { ErrorBody, Exported, SentBundle, Statement, StatementBlock, StatementRow, Summary, TownshipReport, Verdict, VillageFigures, VillageRow } from '../src/bindings'
import type { Printed } from '../src/shared/api'
import { fenToString, toFen } from '../src/shared/money'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const err = (code: string, zh: string, en: string, field: string | null = null): ErrorBody => ({ code, zh, en, field, fields: field ? [field] : [], message: `${zh} / ${en} [${code}]` })
const now = () => new Date().toISOString().replace('Z', '+08:00')

// ---- the village's side ------------------------------------------------------------------------

interface VillageBook {
  coop: { name: string; uscc: string; village: string; township: string; county: string }
  /** What the book has, for a full bundle's summary. */
  counts: () => { members: number; vouchers: number; lines: number; fen: bigint }
}

const sent: SentBundle[] = []
const PUBLIC_KEY = '8f3a51c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f'
const hex = (seed: number) => {
  let h = 2166136261 ^ seed
  let out = ''
  for (let i = 0; i < 64; i++) {
    h = Math.imul(h ^ (h >>> 13), 16777619) >>> 0
    out += (h & 15).toString(16)
  }
  return out
}

function seedSent() {
  if (sent.length) return
  const sum = (members: number, vouchers: number, lines: number, fen: number, contributions: number, deliveries: number, sales: number, salesFen: number): Summary => ({
    members, vouchers, lines, debit_fen: fen, credit_fen: fen, contributions, deliveries, sales, sales_fen: salesFen,
  })
  sent.push(
    { seq: 2, created_at: '2025-07-03T16:20:41.512+08:00', created_by: '会计', full: false, period_from: '2025-04-01', period_to: '2025-06-30', sha256: hex(2), summary: sum(2, 31, 74, 96_543_210, 0, 9, 12, 18_765_400) },
    { seq: 1, created_at: '2025-04-02T10:05:12.104+08:00', created_by: '会计', full: true, period_from: '2025-01-05', period_to: '2025-03-31', sha256: hex(1), summary: sum(30, 46, 118, 412_345_678, 29, 6, 8, 9_876_500) },
  )
}

export function villageCommand(cmd: string, a: Record<string, any>, book: VillageBook): { handled: boolean; value?: unknown } | Promise<{ handled: boolean; value?: unknown }> {
  seedSent()
  const next = () => (sent[0]?.seq ?? 0) + 1
  const name = () => `${book.coop.village}-同步包第${next()}号.coopsync`
  switch (cmd) {
    case 'next_bundle_name':
      return { handled: true, value: name() }
    case 'pick_bundle_save_path':
      return { handled: true, value: `/home/kuaiji/桌面/${a.name}` }
    case 'bundles_sent':
      return { handled: true, value: sent.map((b) => ({ ...b, summary: { ...b.summary } })) }
    case 'export_bundle':
      return (async () => {
        await sleep(700)
        const path: string = a.path ?? `/home/kuaiji/文档/合作社账本/同步包/${name()}`
        if (path.includes('bad')) throw err('io', `无法写入 ${path}：权限不够`, `cannot write ${path}: permission denied`)
        const c = book.counts()
        const last = sent[0]
        const full = !!a.full
        const summary: Summary = full
          ? { members: c.members, vouchers: c.vouchers, lines: c.lines, debit_fen: Number(c.fen), credit_fen: Number(c.fen), contributions: 29, deliveries: 15, sales: 20, sales_fen: 28_641_900 }
          : { members: 1, vouchers: 14, lines: 33, debit_fen: 23_456_789, credit_fen: 23_456_789, contributions: 1, deliveries: 3, sales: 5, sales_fen: 6_789_050 }
        const seq = next()
        const sha256 = hex(seq * 7 + (full ? 1 : 0))
        const b: SentBundle = { seq, created_at: now(), created_by: '会计', full, period_from: full ? '2025-01-05' : '2025-07-01', period_to: '2025-09-30', sha256, summary }
        sent.unshift(b)
        const e: Exported = {
          path,
          bytes: 7_000 + summary.lines * 61,
          sha256,
          manifest: {
            format: 'coopsync', version: 1, coop: { ...book.coop }, seq, prev_sha256: last?.sha256 ?? null, created_at: b.created_at,
            period_from: b.period_from, period_to: b.period_to, full, public_key: PUBLIC_KEY, log_from: 812, log_to: 937, log_head: hex(99),
            files: [], summary,
          },
        }
        return { handled: true, value: e }
      })()
  }
  return { handled: false }
}

// ---- the township's side ---------------------------------------------------------------------------

interface FakeVillage {
  row: VillageRow
  /** The figures of 2025; other years are scaled down. */
  f: Omit<VillageFigures, 'uscc' | 'name' | 'village' | 'last_seq'>
}

const PRESET: Array<{ uscc: string; name: string; village: string; seq: number; fp: string; f: Partial<FakeVillage['f']> }> = [
  { uscc: '93350125MA2YH0E50P', name: '青山村十方田农产品专业合作社', village: '青山村', seq: 3, fp: '3EB8-4F4B-C386-FAEB', f: { members: 30, collective_share: '0.4967', contributions: '386000.00', sales: '1286419.00', surplus: '218640.50', distributed: '196776.45', patronage_share: '0.6000', collective_income: '98123.40', per_member: '6559.22' } },
  { uscc: '93350125MA2YJ7K21X', name: '白云村香菇专业合作社', village: '白云村', seq: 2, fp: '91C0-77AE-2B34-D015', f: { members: 58, collective_share: '0.3512', contributions: '512500.00', sales: '2345678.91', surplus: '402118.77', distributed: '361906.89', patronage_share: '0.6500', collective_income: '126667.41', per_member: '6239.77' } },
  { uscc: '93350125MA2YK3L84Q', name: '溪口村茶叶专业合作社', village: '溪口村', seq: 4, fp: '5D2F-0B9C-E871-44A6', f: { members: 112, collective_share: '0.5230', contributions: '1200000.00', sales: '5682310.40', surplus: '1287650.22', distributed: '1158885.20', patronage_share: '0.6000', collective_income: '563218.40', per_member: '10347.19' } },
  { uscc: '93350125MA2YL6M19B', name: '石门村果蔬专业合作社', village: '石门村', seq: 1, fp: 'A4E1-9F3D-0C52-7B88', f: { members: 21, collective_share: '0.2480', contributions: '96000.00', sales: '432150.00', surplus: '-12640.35', distributed: '0.00', patronage_share: null, collective_income: '0.00', per_member: '0.00', flags: ['collective-below-30'] } },
  { uscc: '93350125MA2YM2N57D', name: '上坪村养殖专业合作社', village: '上坪村', seq: 2, fp: 'C7B5-1E60-3DA9-F214', f: { members: 44, collective_share: '0.3100', contributions: '268000.00', sales: '1873400.00', surplus: '156300.00', distributed: '140670.00', patronage_share: '0.5500', collective_income: '61894.80', per_member: '3197.05', flags: ['patronage-below-60'] } },
]

const twp = {
  path: null as string | null,
  villages: new Map<string, FakeVillage>(),
}

function base(): FakeVillage['f'] {
  return {
    members: 0, kinds: {}, collective_share: null, contributions: '0.00', contributions_by_kind: {}, sales: '0.00', sales_by_channel: {}, sales_by_month: {},
    surplus: '0.00', reserve: '0.00', patronage: '0.00', residual: '0.00', distributed: '0.00', patronage_share: null, collective_income: '0.00', per_member: '0.00', flags: [],
  }
}

function addVillage(p: (typeof PRESET)[number], seq = p.seq) {
  twp.villages.set(p.uscc, {
    row: { uscc: p.uscc, name: p.name, village: p.village, last_seq: seq, fingerprint: p.fp, imported_at: `2026-0${Math.min(9, seq + 1)}-1${seq}T09:3${seq}:12.345+08:00` },
    f: { ...base(), ...p.f, kinds: { collective: 1, farmer: Math.max(0, (p.f.members ?? 1) - 4), party: 2, cadre: 1 } },
  })
}

function info() {
  return { path: twp.path!, villages: [...twp.villages.values()].map((v) => ({ ...v.row })).sort((a, b) => (a.uscc < b.uscc ? -1 : 1)), latest_year: twp.villages.size ? 2025 : null }
}

function needTownship() {
  if (!twp.path) throw err('no-township', '还没有打开乡镇汇总库', 'no township database is open')
}

/** A bundle file name of the preview: `<village>-同步包第<n>号.coopsync`; anything else is not a bundle. */
function parseBundle(file: string): { p: (typeof PRESET)[number]; seq: number } | null {
  const m = /([^/\\]+)-同步包第(\d+)号\.coopsync$/.exec(file)
  if (!m) return null
  const p = PRESET.find((x) => x.village === m[1])
  return p ? { p, seq: Number(m[2]) } : null
}

function importFiles(files: string[]): Verdict[] {
  const out: Array<Verdict | null> = files.map(() => null)
  const good: Array<{ i: number; p: (typeof PRESET)[number]; seq: number }> = []
  files.forEach((file, i) => {
    const b = parseBundle(file)
    if (file.includes('bad') || !b) {
      const e = file.includes('bad')
        ? err('bundle-signature', `同步包 ${file} 的签名无效：文件在生成后被改动过，或不是本社生成的`, `the signature of ${file} is not valid: the file was changed after it was made`)
        : err('bundle-invalid', `${file} 不是同步包（.coopsync）`, `${file} is not a sync bundle (.coopsync)`)
      out[i] = { file, status: 'refused', uscc: null, name: null, seq: null, error: e, message: e.message }
    } else good.push({ i, ...b })
  })
  good.sort((x, y) => (x.p.uscc === y.p.uscc ? x.seq - y.seq : x.p.uscc < y.p.uscc ? -1 : 1))
  for (const { i, p, seq } of good) {
    const file = files[i]
    const known = twp.villages.get(p.uscc)
    const last = known?.row.last_seq ?? 0
    const mk = (status: string, message: string, error: ErrorBody | null = null): Verdict => ({ file, status, uscc: p.uscc, name: p.name, seq, error, message })
    if (seq <= last) {
      out[i] = mk('duplicate', `${p.name} 第 ${seq} 号同步包已导入过，未作改动`)
    } else if (seq !== last + 1) {
      const missing = Array.from({ length: seq - last - 1 }, (_, k) => String(last + 1 + k))
      const e = err('bundle-gap', `${p.name} 的同步包不连续：缺少第 ${missing.join('、')} 号，请先导入`, `${p.name}'s bundles have a gap: number ${missing.join(', ')} missing, import it first`)
      out[i] = mk('refused', e.message, e)
    } else {
      if (known) {
        known.row.last_seq = seq
        known.row.imported_at = now()
      } else addVillage(p, seq)
      out[i] = mk('imported', `已导入 ${p.name} 第 ${seq} 号同步包：凭证 ${12 + seq * 7} 张`)
    }
  }
  return out.filter((v): v is Verdict => v !== null)
}

/** Amounts of another year than 2025: a share of them, exactly (in 分, rounded down). */
function scaled(amount: string, year: number): string {
  const f = toFen(amount) ?? 0n
  if (year === 2025) return fenToString(f)
  if (year > 2025) return fenToString((f * 37n) / 100n)
  return fenToString((f * 81n) / 100n)
}

function report(year: number): TownshipReport {
  const vs: VillageFigures[] = info().villages.map((row) => {
    const v = twp.villages.get(row.uscc)!
    const money = ['contributions', 'sales', 'surplus', 'distributed', 'collective_income', 'per_member'] as const
    const f = { ...v.f }
    for (const k of money) f[k] = scaled(v.f[k], year)
    return { uscc: row.uscc, name: row.name, village: row.village, last_seq: row.last_seq, ...f }
  })
  const sum = (k: 'contributions' | 'sales' | 'surplus' | 'distributed' | 'collective_income') => fenToString(vs.reduce((s, v) => s + (toFen(v[k]) ?? 0n), 0n))
  const reached = vs.filter((v) => (toFen(v.collective_income) ?? 0n) >= 50_000_000n).length
  return {
    year,
    villages: vs,
    totals: {
      coops: vs.length,
      members: vs.reduce((s, v) => s + v.members, 0),
      contributions: sum('contributions'),
      sales: sum('sales'),
      surplus: sum('surplus'),
      distributed: sum('distributed'),
      collective_income: sum('collective_income'),
      villages_500k: reached,
      villages_500k_share: vs.length ? (reached / vs.length).toFixed(4) : null,
      flagged: vs.filter((v) => v.flags.length).length,
    },
  }
}

// ---- a village's statements, roughly as the core lays them out -----------------------------------

const row = (line: number | null, label: string, indent: number, kind: StatementRow['kind'], values: Array<string | null>, formula = ''): StatementRow => ({ line, label, indent, kind, formula, values })
const m = (fen: bigint) => fenToString(fen)

function statement(uscc: string, kind: string, year: number, month: number | null): Statement {
  const v = twp.villages.get(uscc)
  if (!v) throw err('unknown-village', `乡镇库中没有统一社会信用代码为 ${uscc} 的合作社`, `no co-op ${uscc} in the township database`, 'coop')
  const capital = toFen(scaled(v.f.contributions, year))!
  const surplus = toFen(scaled(v.f.surplus, year))!
  const sales = toFen(scaled(v.f.sales, year))!
  const end = kind === 'balance-sheet' && month && month !== 12 ? new Date(year, month, 0) : new Date(year, 11, 31)
  const date = `${year}-${String(end.getMonth() + 1).padStart(2, '0')}-${String(end.getDate()).padStart(2, '0')}`
  const head = { kind, coop: v.row.name, year, date, checks: [] as Statement['checks'], ok: true, side_by_side: false }
  if (kind === 'balance-sheet') {
    const payable = sales / 20n
    const reserve = surplus > 0n ? surplus / 10n : 0n
    const undistributed = surplus - reserve
    const total = capital + payable + reserve + undistributed
    const fixed = capital / 2n
    const receivable = sales / 25n
    const cash = total - fixed - receivable
    const open = (x: bigint) => m((x * 3n) / 5n)
    const assets: StatementBlock = {
      title: '资产',
      rows: [
        row(null, '流动资产：', 0, 'heading', []),
        row(1, '货币资金', 1, 'item', [open(cash), m(cash)], '101+102+109'),
        row(2, '应收款项', 1, 'item', [open(receivable), m(receivable)], '113+114借方余额（按成员）'),
        row(3, '存货', 1, 'item', ['0.00', '0.00'], '121+122+124+125+127+128+401'),
        row(10, '流动资产合计', 0, 'total', [open(cash + receivable), m(cash + receivable)], '行1+行2+行3+行4'),
        row(null, '非流动资产：', 0, 'heading', []),
        row(15, '固定资产', 1, 'item', [open(fixed), m(fixed)], '151-152'),
        row(28, '非流动资产合计', 0, 'total', [open(fixed), m(fixed)]),
        row(29, '资产总计', 0, 'total', [open(total), m(total)], '行10+行28'),
      ],
    }
    const right: StatementBlock = {
      title: '负债和所有者权益',
      rows: [
        row(null, '流动负债：', 0, 'heading', []),
        row(31, '应付款项', 1, 'item', [open(payable), m(payable)], '211+212+114贷方余额（按成员）'),
        row(39, '流动负债合计', 0, 'total', [open(payable), m(payable)], '行30至行37'),
        row(43, '负债合计', 0, 'total', [open(payable), m(payable)], '行39+行42'),
        row(null, '所有者权益：', 0, 'heading', []),
        row(44, '股金', 1, 'item', [open(capital), m(capital)], '301'),
        row(46, '盈余公积', 1, 'item', [open(reserve), m(reserve)], '322'),
        row(50, '未分配盈余', 1, 'item', [open(undistributed), m(undistributed)], '331+332'),
        row(51, '所有者权益合计', 0, 'total', [open(total - payable), m(total - payable)], '行44+行45+行46+行47+行50'),
        row(54, '负债和所有者权益总计', 0, 'total', [open(total), m(total)], '行43+行51'),
      ],
    }
    return {
      ...head, form: '会农社01表', title: '资产负债表', period: `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8))}日`,
      columns: ['年初数', '期末数'], blocks: [assets, right], side_by_side: true,
      checks: [{ code: 'balance-sheet-end', zh: '期末资产总计等于负债和所有者权益总计', en: 'assets equal liabilities and equity at the end', left: m(total), right: m(total), ok: true }],
    }
  }
  if (kind === 'surplus') {
    const cost = (sales * 7n) / 10n
    return {
      ...head, form: '会农社02表', title: '盈余及盈余分配表', period: `${year}年度`, columns: ['本年金额', '上年金额'],
      blocks: [{
        title: '',
        rows: [
          row(1, '经营收入', 0, 'item', [m(sales), m((sales * 4n) / 5n)], '501'),
          row(4, '经营支出', 0, 'item', [m(cost), m((cost * 4n) / 5n)], '521'),
          row(15, '本年盈余', 0, 'total', [m(surplus), m((surplus * 4n) / 5n)], '行1+行2+行3-行4-行5-行6-行7+行8+行9-行10'),
          row(28, '年末未分配盈余', 0, 'total', [m(surplus - surplus / 10n), '0.00'], '行21-行22-行23-行24+行25+行26+行27'),
        ],
      }],
    }
  }
  if (kind === 'member-accounts') {
    const n = Math.min(v.f.members, 40)
    const each = n ? capital / BigInt(n) : 0n
    const rows = Array.from({ length: n }, (_, i) => row(i + 1, i === 0 ? `${v.row.village}股份经济合作社` : `成员${i + 1}`, 1, 'item', [m(each), '0.00', m(each)]))
    rows.push(row(null, '合计', 0, 'total', [m(each * BigInt(n)), '0.00', m(each * BigInt(n))]))
    return { ...head, form: '', title: '成员账户表', period: `${year}年度`, columns: ['股金', '公积金份额', '合计'], blocks: [{ title: '', rows }] }
  }
  if (kind === 'general-ledger') {
    const blocks: StatementBlock[] = [['101', '库存现金'], ['102', '银行存款'], ['301', '股金']].map(([code, name]) => ({
      title: `${code} ${name}`,
      rows: [row(1, '期初余额', 1, 'item', ['0.00', '0.00', '0.00']), row(12, '本年累计', 0, 'total', [m(capital / 3n), m(capital / 7n), m(capital / 3n - capital / 7n)])],
    }))
    return { ...head, form: '', title: '总账', period: `${year}年度`, columns: ['借方', '贷方', '余额'], blocks }
  }
  return {
    ...head, form: '会农社03表', title: '成员权益变动表', period: `${year}年度`, columns: ['股金', '盈余公积', '未分配盈余', '合计'],
    blocks: [{ title: '', rows: [row(1, '上年年末余额', 0, 'item', [m((capital * 3n) / 5n), '0.00', '0.00', m((capital * 3n) / 5n)]), row(21, '本年年末余额', 0, 'total', [m(capital), m(surplus / 10n), m(surplus - surplus / 10n), m(capital + surplus)])] }],
  }
}

/** The township's commands: they need no book. */
export async function townshipCommand(cmd: string, a: Record<string, any>): Promise<{ handled: boolean; value?: unknown }> {
  switch (cmd) {
    case 'pick_township_path':
      return { handled: true, value: a.create ? '/home/jingguan/文档/新乡镇汇总.township' : '/home/jingguan/文档/白云乡汇总.township' }
    case 'pick_bundle_files':
      return {
        handled: true,
        value: ['/media/U盘/石门村-同步包第2号.coopsync', '/media/U盘/青山村-同步包第3号.coopsync', '/media/U盘/白云村-同步包第5号.coopsync', '/media/U盘/溪口村-同步包第5号-bad.coopsync'],
      }
    case 'township_info':
      return { handled: true, value: twp.path ? info() : null }
    case 'township_open': {
      await sleep(250)
      const p = String(a.path ?? '').trim()
      if (!p) throw err('field-required', '请填写乡镇汇总库的路径', 'the township database path is required', 'path')
      if (p.endsWith('.coopbook')) throw err('not-a-township', `${p} 是合作社账本，不是乡镇汇总库`, `${p} is a co-op's book, not a township database`, 'path')
      if (p !== twp.path) {
        twp.villages.clear()
        // the preset township (选择…) has the five villages; any other path is a new, empty one
        if (p.includes('白云乡')) for (const v of PRESET) addVillage(v)
      }
      twp.path = p
      return { handled: true, value: info() }
    }
  }
  if (!cmd.startsWith('township_')) return { handled: false }
  needTownship()
  switch (cmd) {
    case 'township_import':
      await sleep(300 + 250 * (a.paths?.length ?? 0))
      return { handled: true, value: importFiles((a.paths ?? []) as string[]) }
    case 'township_report':
      await sleep(200)
      return { handled: true, value: report(Number(a.year)) }
    case 'township_statement':
      await sleep(150)
      return { handled: true, value: statement(a.uscc, a.kind, Number(a.year), a.month ?? null) }
    case 'township_export_report': {
      await sleep(600)
      const dir = twp.path!.replace(/[^/]*$/, '')
      const p: Printed = { path: `${dir}导出/${a.year}年乡镇汇总.xlsx`, pages: 1, bytes: 9_800 + twp.villages.size * 420, items: twp.villages.size }
      return { handled: true, value: p }
    }
  }
  return { handled: false }
}
