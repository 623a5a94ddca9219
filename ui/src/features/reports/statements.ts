// The statements screen's logic (会农社01/02/03, the member account table, the general ledger):
// which statements there are, how a `Statement` from the core is laid out on screen (the balance
// sheet's two sides paired row by row, the others one block under another, paged when long),
// each row's test id, and the amount cells. Pure functions, tested in statements.test.ts (beside it).
import type { Statement, StatementCheck, StatementRow } from '../../bindings'
import { amountClass, formatAmount, fenToString, toFen } from '../../shared/money'

/** The statements in the order of their tabs (the core's kinds, see src/reports/statements/). */
export const STATEMENT_KINDS = ['balance-sheet', 'surplus', 'equity-changes', 'member-accounts', 'general-ledger', 'notes'] as const
export type StatementKind = (typeof STATEMENT_KINDS)[number]

export function isStatementKind(k: string): k is StatementKind {
  return (STATEMENT_KINDS as readonly string[]).includes(k)
}

/** Only the balance sheet is drawn up at a month's end; the others cover the whole year. */
export function takesMonth(kind: string): boolean {
  return kind === 'balance-sheet'
}

/** The month argument of the core's call: the balance sheet's month (12 is the default), else null. */
export function monthArg(kind: string, month: number | null): number | null {
  if (!takesMonth(kind)) return null
  return month !== null && Number.isInteger(month) && month >= 1 && month <= 12 ? month : null
}

/** Rows shown per page before a statement is paged (5,000 members stay quick). */
export const PAGE_ROWS = 100

/** An amount cell: empty for a missing value, else with thousands separators. */
export function cellText(v: string | null | undefined): string {
  return v == null ? '' : formatAmount(v)
}

/** The CSS classes of an amount cell (right-aligned; red when negative). */
export function cellClass(v: string | null | undefined): string[] {
  return v == null ? ['amount'] : amountClass(v)
}

/** Left padding of a row's label by its indent (0 heading or total, 1 item, 2 a 其中 item). */
export function indentStyle(indent: number): { paddingLeft: string } {
  return { paddingLeft: `${12 + Math.max(0, Math.min(indent, 4)) * 16}px` }
}

/** A row's classes: totals bold, headings set apart. */
export function rowClass(row: StatementRow): string[] {
  return [`stmt-${row.kind}`]
}

/**
 * The two sides of the balance sheet as table rows: the i-th row of each side together, the
 * shorter side padded with blanks before its last row, so that 资产总计 and 负债和所有者权益总计
 * end on the same line as on the printed form.
 */
export function pairSides(left: readonly StatementRow[], right: readonly StatementRow[]): Array<[StatementRow | null, StatementRow | null]> {
  const n = Math.max(left.length, right.length)
  const pad = (side: readonly StatementRow[]): Array<StatementRow | null> => {
    if (side.length === n || side.length === 0) return [...side, ...Array<null>(n - side.length).fill(null)]
    return [...side.slice(0, -1), ...Array<null>(n - side.length).fill(null), side[side.length - 1]]
  }
  const l = pad(left)
  const r = pad(right)
  return l.map((row, i) => [row, r[i]])
}

/**
 * Whether a row's test id needs its block's index: always beside each other (the balance sheet's
 * sides), and whenever a line number repeats across blocks (the general ledger's months).
 */
export function idsByBlock(st: Pick<Statement, 'side_by_side' | 'blocks'>): boolean {
  if (st.side_by_side) return true
  const seen = new Set<number>()
  for (const b of st.blocks) {
    for (const r of b.rows) {
      if (r.line === null) continue
      if (seen.has(r.line)) return true
      seen.add(r.line)
    }
  }
  return false
}

/**
 * A row's test id: `stmt-row-<line>`, or `stmt-row-<block>-<line>` when ids go by block; a row
 * without a line number (a heading, 合计, 上年结转) is `stmt-row-<block>-r<index in its block>`.
 */
export function rowTestId(byBlock: boolean, block: number, index: number, row: StatementRow): string {
  if (row.line === null) return `stmt-row-${block}-r${index}`
  return byBlock ? `stmt-row-${block}-${row.line}` : `stmt-row-${row.line}`
}

/** One line of the one-under-another layout: a block's title (again, marked continued, at the top of a page) or a row. */
export type DisplayRow =
  | { type: 'title'; key: string; block: number; title: string; cont: boolean }
  | { type: 'row'; key: string; block: number; index: number; row: StatementRow; testid: string }

/** Every block's title (when it has one) and rows, in order. */
export function flatten(st: Pick<Statement, 'side_by_side' | 'blocks'>): DisplayRow[] {
  const byBlock = idsByBlock(st)
  const out: DisplayRow[] = []
  st.blocks.forEach((b, bi) => {
    if (b.title) out.push({ type: 'title', key: `t${bi}`, block: bi, title: b.title, cont: false })
    b.rows.forEach((row, i) => out.push({ type: 'row', key: `r${bi}-${i}`, block: bi, index: i, row, testid: rowTestId(byBlock, bi, i, row) }))
  })
  return out
}

export interface Paged {
  /** The rows of the page shown (a continued block's title first when the page starts inside it). */
  rows: DisplayRow[]
  /** Pages in all (1 when not paged). */
  pages: number
  /** The rows that are paged (the pinned total is not among them). */
  total: number
  /** A single block's closing total (成员账户表's 合计), kept under the table on every page. */
  pinned: DisplayRow | null
}

/**
 * The page `page` (1-based, clamped) of `rows`, `size` rows a page. Short statements are one page.
 * When paged, a single block's last row that is a total stays pinned under every page, and a page
 * starting inside a titled block repeats its title, marked continued.
 */
export function pageOf(rows: readonly DisplayRow[], page: number, size = PAGE_ROWS): Paged {
  if (rows.length <= size) return { rows: [...rows], pages: 1, total: rows.length, pinned: null }
  let body = [...rows]
  let pinned: DisplayRow | null = null
  const last = body[body.length - 1]
  const blocks = new Set(body.map((r) => r.block))
  if (blocks.size === 1 && last.type === 'row' && last.row.kind === 'total') {
    pinned = last
    body = body.slice(0, -1)
  }
  const pages = Math.max(1, Math.ceil(body.length / size))
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages)
  const slice = body.slice((p - 1) * size, p * size)
  const first = slice[0]
  if (first && first.type === 'row') {
    const title = body.find((r) => r.type === 'title' && r.block === first.block)
    if (title && title.type === 'title') slice.unshift({ ...title, key: `${title.key}-p${p}`, cont: true })
  }
  return { rows: slice, pages, total: body.length, pinned }
}

/**
 * The first row found by a member number (its line) or a part of its label, and the page it is on;
 * null when none matches. Headings and totals are not searched.
 */
export function findRow(rows: readonly DisplayRow[], query: string, size = PAGE_ROWS): { page: number; testid: string } | null {
  const q = query.trim()
  if (q === '') return null
  const n = /^\d+$/.test(q) ? Number(q) : null
  const paged = pageOf(rows, 1, size)
  const body = paged.pinned ? rows.slice(0, -1) : rows
  const match = (r: DisplayRow) => r.type === 'row' && r.row.kind === 'item' && (n !== null ? r.row.line === n : r.row.label.includes(q))
  const i = body.findIndex(match)
  if (i < 0) return null
  const r = body[i]
  return r.type === 'row' ? { page: paged.pages === 1 ? 1 : Math.floor(i / size) + 1, testid: r.testid } : null
}

/** A check's two figures and their difference (left − right), formatted. */
export function checkFigures(c: Pick<StatementCheck, 'left' | 'right'>): { left: string; right: string; diff: string } {
  const l = toFen(c.left)
  const r = toFen(c.right)
  const diff = l !== null && r !== null ? formatAmount(fenToString(l - r)) : ''
  return { left: formatAmount(c.left), right: formatAmount(c.right), diff }
}

/** The failing checks first (they are shown as errors), each once. */
export function sortChecks(checks: readonly StatementCheck[]): StatementCheck[] {
  return [...checks.filter((c) => !c.ok), ...checks.filter((c) => c.ok)]
}

/** The locale keys of the label and line columns' headings, by statement. */
export function headKeys(kind: string): { label: string; line: string } {
  switch (kind) {
    case 'member-accounts':
      return { label: 'stmt.head.member', line: 'stmt.head.memberNo' }
    case 'general-ledger':
      return { label: 'stmt.head.summary', line: 'stmt.head.month' }
    default:
      return { label: 'stmt.head.item', line: 'stmt.head.line' }
  }
}
