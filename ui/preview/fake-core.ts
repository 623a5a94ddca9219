// A small in-memory stand-in for the Rust core, for looking at the screens in a browser.
// Dev-only: never imported by the app.
import type { Account, ErrorBody, Member, Voucher, VoucherRow, Line, Period, TrialBalanceRow } from '../src/bindings'
import { fenToString, toFen, toFenOrZero } from '../src/money'
import chart from './chart.json'

type Err = ErrorBody
const err = (code: string, zh: string, en: string, field: string | null = null): Err => ({ code, zh, en, field, message: `${zh} / ${en} [${code}]` })

const st = {
  book: null as string | null,
  user: '会计',
  locale: 'zh-CN',
  accounts: [] as Account[],
  members: [] as Member[],
  vouchers: [] as Voucher[],
  closed: new Map<string, { by: string; at: string }>(),
  charter: { reserve_rate: '0.10', patronage_rate: '0.60', collective_min_share: '0.30' },
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
  mk('2025-01-05', '收到成员股金', [['102', '150000.00', '0', null], ['301', '0', '50000.00', 1], ['301', '0', '100000.00', 2]], 'posted')
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
  }
  st.vouchers.push(v)
  return v
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const coop = () => ({ ...st.coop, charter: { ...st.charter } })
function needBook() {
  if (!st.book) throw err('no-book', '没有打开账本', 'no book is open')
}

export async function handle(cmd: string, a: Record<string, any>): Promise<unknown> {
  await sleep(60)
  switch (cmd) {
    case 'app_info':
      return { version: '0.1.0', book: st.book, coop: st.book ? coop() : null, user: st.user, locale: st.locale, start_error: null, startup_ms: 120, demo_path: '/home/kuaiji/.local/share/coopbook/demo.coopbook' }
    case 'open_demo':
      await sleep(900)
      seed()
      st.book = '/home/kuaiji/.local/share/coopbook/demo.coopbook'
      return coop()
    case 'open_book':
      if (!a.path.endsWith('.coopbook')) throw err('not-a-book', '这个文件不是合作社账本', 'this file is not a Coopbook book', 'path')
      seed()
      st.book = a.path
      return coop()
    case 'create_book':
      if (!a.coop.name.trim()) throw err('field-required', '请填写合作社名称', 'the name is required', 'name')
      if (a.coop.uscc.length !== 18) throw err('invalid-uscc', '统一社会信用代码应为 18 位', 'the credit code has 18 characters', 'uscc')
      seed()
      st.vouchers = []
      st.closed.clear()
      Object.assign(st.coop, a.coop)
      st.book = a.path
      return coop()
    case 'close_book':
      st.book = null
      return null
    case 'pick_book_file':
      return '/home/kuaiji/文档/青山村.coopbook'
    case 'pick_new_book_path':
      return '/home/kuaiji/文档/新账本.coopbook'
    case 'set_user':
      if (!a.user.trim()) throw err('field-required', '请填写用户名', 'the user name is required', 'user')
      st.user = a.user.trim()
      return st.user
    case 'set_locale':
      st.locale = a.locale
      return null
  }
  needBook()
  switch (cmd) {
    case 'coop':
      return coop()
    case 'set_charter':
      if (a.patronageRate && toFen(a.patronageRate)! < 60n) throw err('patronage-rate-too-low', '按交易量（额）返还的比例低于法定的 60%（《农民专业合作社法》第四十四条）', 'below 60%', 'patronage_rate')
      st.charter = { reserve_rate: a.reserveRate ?? st.charter.reserve_rate, patronage_rate: a.patronageRate ?? st.charter.patronage_rate, collective_min_share: a.collectiveMinShare ?? st.charter.collective_min_share }
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
      return {
        year: a.year,
        cash: '-8640.50',
        bank: '1523456.78',
        other_money: '0.00',
        income: fenToString(income),
        expenses: '86400.50',
        surplus: fenToString(income - 8640050n),
        members: st.members.filter((m) => !m.exited).length,
        share_capital: '150000.00',
        collective_share: '0.2967',
        collective_min_share: st.charter.collective_min_share,
        collective_below_minimum: true,
        income_by_month: [...inc.entries()].map(([month, amount]) => ({ month, amount: fenToString(amount) })),
      }
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
      r.exited = a.date
      return r
    }
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
    case 'periods':
      return periods()
    case 'close_period': {
      const p = periods().find((x) => x.month === a.month)
      if (p && p.unposted > 0) throw err('period-unposted', `${a.month} 还有 ${p.unposted} 张凭证未记账，不能结账`, `${a.month} has unposted vouchers`, 'month')
      st.closed.set(a.month, { by: st.user, at: '2025-11-29 12:00:00' })
      return periods().find((x) => x.month === a.month) ?? { month: a.month, closed: true, closed_by: st.user, closed_at: null, vouchers: 0, unposted: 0 }
    }
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
  st.book = '/home/kuaiji/.local/share/coopbook/demo.coopbook'
}
