// The village side of the sync bundles (同步包, Settings → BundleExport.vue): what a bundle's
// summary says, formatted for people. The summary's amounts are integers in 分 and are formatted
// exactly (money.ts), never through floats. Pure functions, tested in bundle.test.ts (beside it).
import type { Summary } from '../../bindings'
import { formatFenInt } from '../../shared/money'

/** One figure of a bundle's summary: its locale key under `bundle.sum`, and the text shown. */
export interface SummaryItem {
  key: 'members' | 'vouchers' | 'lines' | 'debit' | 'credit' | 'contributions' | 'deliveries' | 'sales' | 'salesAmount'
  value: string
  /** An amount (right-aligned, tabular figures) rather than a count. */
  amount: boolean
}

/** A count as people read it: 12345 → "12,345". */
export function countText(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) return ''
  const neg = n < 0
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return neg ? `-${digits}` : digits
}

/**
 * The summary's figures in the order the CLI prints them: members, vouchers, lines, Σ debit,
 * Σ credit, contributions, deliveries, sales and their amount.
 */
export function summaryItems(s: Summary): SummaryItem[] {
  const count = (key: SummaryItem['key'], n: number): SummaryItem => ({ key, value: countText(n), amount: false })
  const money = (key: SummaryItem['key'], fen: number): SummaryItem => ({ key, value: formatFenInt(fen), amount: true })
  return [
    count('members', s.members),
    count('vouchers', s.vouchers),
    count('lines', s.lines),
    money('debit', s.debit_fen),
    money('credit', s.credit_fen),
    count('contributions', s.contributions),
    count('deliveries', s.deliveries),
    count('sales', s.sales),
    money('salesAmount', s.sales_fen),
  ]
}

/** The parameters of the one-line summary (`bundle.sumLine`): counts and formatted amounts. */
export function summaryParams(s: Summary): Record<string, string> {
  return Object.fromEntries(summaryItems(s).map((i) => [i.key, i.value]))
}

/** Whether the lines carried balance (Σ debit = Σ credit), as they always should. */
export function summaryBalanced(s: Summary): boolean {
  return s.debit_fen === s.credit_fen
}

/** A SHA-256 shortened for the eye: the first `n` hex digits and an ellipsis (the full one on hover). */
export function shortHash(sha: string | null | undefined, n = 12): string {
  if (!sha) return ''
  return sha.length > n ? `${sha.slice(0, n)}\u2026` : sha
}

/** A file's size: bytes below 1 KB, else KB (one decimal below 10 KB) or MB with one decimal. */
export function sizeText(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return ''
  if (bytes < 1024) return `${Math.round(bytes)} B`
  const kib = bytes / 1024
  if (kib < 10) return `${kib.toFixed(1)} KB`
  if (kib < 1024) return `${Math.round(kib)} KB`
  return `${(kib / 1024).toFixed(1)} MB`
}

/** The period a bundle covers, "2025-01-05 – 2025-03-10"; one date when both ends are the same. */
export function periodText(from: string, to: string): string {
  if (!from && !to) return ''
  if (from === to || !to) return from
  if (!from) return to
  return `${from} \u2013 ${to}`
}

/** A stored time ("2025-04-01T09:30:12.345+08:00") as people read it: "2025-04-01 09:30:12". */
export function timeText(iso: string | null | undefined): string {
  if (!iso) return ''
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)/.exec(iso)
  return m ? `${m[1]} ${m[2]}` : iso
}
