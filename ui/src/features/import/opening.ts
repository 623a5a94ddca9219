// The opening balance import (期初余额, src/io/opening/) as the import wizard shows it: the charts
// old books were kept on, the overrides typed in one box, how each row's status looks, the exact
// difference of the totals, and whether the file may be written. Pure, tested in
// opening.test.ts (beside it).
import type { OpeningImport, OpeningRow } from '../../bindings'
import { formatFen, toFen } from '../../shared/money'

/** The charts old books may be kept on: 财会〔2007〕15号 (the default) and 财会〔2021〕37号. */
export const CHARTS = ['2007', '2021'] as const
export type OldChart = (typeof CHARTS)[number]

export type OpeningStatus = OpeningRow['status']
export const STATUSES: readonly OpeningStatus[] = ['same', 'remapped', 'review', 'error']

/**
 * The overrides typed in one box (`141=141, 14201=144`) as the core takes them, one `OLD=NEW` an
 * entry. Separators are commas, semicolons or spaces, in either width; the core checks each entry.
 */
export function parseMaps(text: string): string[] {
  return text
    .replace(/\uFF1D/g, '=')
    .split(/[\s,;\uFF0C\uFF1B]+/)
    .map((m) => m.trim())
    .filter((m) => m !== '')
}

/** The classes of a row in the mapping table: review rows stand out, bad rows are red, subtotals dim. */
export function rowClass(r: OpeningRow): string[] {
  const c: string[] = []
  if (r.status === 'review') c.push('opening-review')
  if (r.status === 'error') c.push('opening-error')
  if (r.subtotal) c.push('dim')
  return c
}

/** The Element Plus tag type of a status. */
export function statusTag(s: OpeningStatus): 'success' | 'info' | 'warning' | 'danger' {
  return s === 'same' ? 'success' : s === 'remapped' ? 'info' : s === 'review' ? 'warning' : 'danger'
}

/** The locale key of a status (`imp.opening.status.review`). */
export function statusKey(s: OpeningStatus): string {
  return `imp.opening.status.${s}`
}

/** How many rows have each status. */
export function statusCounts(rows: readonly OpeningRow[]): Record<OpeningStatus, number> {
  const out: Record<OpeningStatus, number> = { same: 0, remapped: 0, review: 0, error: 0 }
  for (const r of rows) out[r.status] += 1
  return out
}

/** |debits − credits| of the file, exact, with thousands separators ("0.00" when balanced). */
export function difference(r: Pick<OpeningImport, 'debit' | 'credit'>): string {
  const d = (toFen(r.debit) ?? 0n) - (toFen(r.credit) ?? 0n)
  return formatFen(d < 0n ? -d : d)
}

/**
 * Whether the previewed file may be written: no bad row, debits equal to credits, some balance to
 * post, and not written yet. The core refuses anything else anyway; this only decides the button.
 */
export function canApply(r: OpeningImport | null | undefined): boolean {
  if (!r || r.voucher_id !== null) return false
  const debit = toFen(r.debit) ?? 0n
  return r.errors.length === 0 && r.balanced && debit === toFen(r.credit) && debit > 0n
}

/** The rows that post (a subtotal row is shown, not posted). */
export function postingRows(rows: readonly OpeningRow[]): OpeningRow[] {
  return rows.filter((r) => !r.subtotal && !(toFen(r.debit) === 0n && toFen(r.credit) === 0n))
}

/** An account as the table shows it: `522 管理费用`, or the code alone when there is no name. */
export function accountText(code: string, name: string): string {
  return [code, name].filter((x) => x !== '').join(' ')
}
