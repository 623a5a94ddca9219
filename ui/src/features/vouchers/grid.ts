// The voucher entry grid's pure logic: Enter navigation, totals, which lines to send, and where a
// core error's `field` points in the grid.
import { fenToString, toFenOrZero } from '../../shared/money'

export type Col = 'account' | 'member' | 'debit' | 'credit'

export interface GridLine {
  account: string
  member: string
  debit: string
  credit: string
  summary: string
}

export interface Cell {
  row: number
  col: Col
}

export function emptyLine(): GridLine {
  return { account: '', member: '', debit: '', credit: '', summary: '' }
}

/** The cells Enter walks through on one line: the member only when the account needs one. */
export function lineCells(showMember: boolean): Col[] {
  return showMember ? ['account', 'member', 'debit', 'credit'] : ['account', 'debit', 'credit']
}

/**
 * The cell after `at` when Enter is pressed: account → member (if shown) → debit → credit → the
 * next line's account. `add: true` means the last cell was left: a new line is to be added and
 * its account cell focused.
 */
export function nextCell(at: Cell, lineCount: number, showMember: (row: number) => boolean): { cell: Cell; add: boolean } {
  const cols = lineCells(showMember(at.row))
  const i = cols.indexOf(at.col)
  if (i >= 0 && i < cols.length - 1) return { cell: { row: at.row, col: cols[i + 1] }, add: false }
  if (i < 0 && at.col === 'member') return { cell: { row: at.row, col: 'debit' }, add: false }
  if (at.row + 1 < lineCount) return { cell: { row: at.row + 1, col: 'account' }, add: false }
  return { cell: { row: at.row + 1, col: 'account' }, add: true }
}

export interface Totals {
  debit: string
  credit: string
  diff: string
  balanced: boolean
  /** Lines whose debit or credit text is not a valid amount. */
  invalid: number[]
}

/** Exact totals of the typed amounts (invalid ones are left out and listed). */
export function totals(lines: GridLine[]): Totals {
  let d = 0n
  let c = 0n
  const invalid: number[] = []
  lines.forEach((l, i) => {
    const fd = toFenOrZero(l.debit)
    const fc = toFenOrZero(l.credit)
    if (fd === null || fc === null) invalid.push(i)
    d += fd ?? 0n
    c += fc ?? 0n
  })
  return { debit: fenToString(d), credit: fenToString(c), diff: fenToString(d - c), balanced: d === c, invalid }
}

export function isBlank(l: GridLine): boolean {
  return [l.account, l.member, l.debit, l.credit, l.summary].every((v) => v.trim() === '')
}

/**
 * The lines to send (wholly blank lines are left out) and, for each sent line, its grid row, so
 * that `lines[2].debit` in an error can be mapped back to the row the user sees.
 */
export function linesToSend(lines: GridLine[]): { lines: GridLine[]; rows: number[] } {
  const out: GridLine[] = []
  const rows: number[] = []
  lines.forEach((l, i) => {
    if (!isBlank(l)) {
      out.push(l)
      rows.push(i)
    }
  })
  return { lines: out, rows }
}

export interface FieldRef {
  /** `date`, `summary`, `attachments`, `lines` (the whole grid) or a cell. */
  field: string
  cell: { row: number; col: Col | 'summary' } | null
}

/** Maps a core error field (`lines[1].member`) to the grid cell, through the sent rows. */
export function mapField(field: string | null, rows: number[]): FieldRef | null {
  if (!field) return null
  const m = /^lines\[(\d+)\]\.(account|member|debit|credit|summary)$/.exec(field)
  if (!m) return { field, cell: null }
  const sent = Number(m[1])
  const row = rows[sent] ?? sent
  return { field, cell: { row, col: m[2] as Col | 'summary' } }
}
