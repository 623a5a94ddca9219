// The year close (年结) panel's logic: which year to offer first, when the reason for deferring the
// distribution is asked for, what is sent as `defer`, where a core error points in the form, and
// the vouchers a close wrote. Pure functions, tested in yearclose.test.ts (beside it).
import type { ErrorBody, YearClose, YearCloseCheck } from '../../bindings'

/** The core's field of the deferral reason (`defer-reason-required` is reported at it). */
export const DEFER_FIELD = 'reason'
/** The blockers that the reason for deferring answers. */
export const DEFER_CODES = ['distribution-pending', 'defer-reason-required'] as const

/** The year offered first: the earliest year with vouchers that is not closed yet (years close in order), else `current`. */
export function defaultCloseYear(years: readonly number[], closed: readonly number[], current: number): number {
  const open = years.filter((y) => !closed.includes(y)).sort((a, b) => a - b)
  return open[0] ?? current
}

/** The `defer` argument: the reason typed, trimmed, or null when none (so a pending distribution is reported as such). */
export function deferArg(text: string | null | undefined): string | null {
  const t = (text ?? '').trim()
  return t === '' ? null : t
}

/** Whether an error or a check's blockers concern the deferral reason (the input is then shown). */
export function asksForDefer(check: Pick<YearCloseCheck, 'blockers'> | null, error: ErrorBody | null): boolean {
  const codes = new Set<string>([...(check?.blockers ?? []).map((b) => b.code), ...(error ? [error.code] : [])])
  if (DEFER_CODES.some((c) => codes.has(c))) return true
  return !!error && (error.field === DEFER_FIELD || (error.fields ?? []).includes(DEFER_FIELD))
}

/** The blockers as lines to show: the code and the text in the UI's language. */
export function blockerLines(check: Pick<YearCloseCheck, 'blockers'> | null, locale: string): Array<{ code: string; text: string; field: string | null }> {
  return (check?.blockers ?? []).map((b) => ({ code: b.code, text: (locale === 'en' ? b.en : b.zh) || b.message, field: b.field }))
}

/** A check's blockers as one error, so that the form outlines every field they name. */
export function checkAsError(check: Pick<YearCloseCheck, 'ok' | 'blockers'> | null): ErrorBody | null {
  if (!check || check.ok || check.blockers.length === 0) return null
  const first = check.blockers.find((b) => b.field) ?? check.blockers[0]
  const fields = [...new Set(check.blockers.flatMap((b) => (b.fields && b.fields.length ? b.fields : b.field ? [b.field] : [])))]
  return { ...first, fields }
}

/** The locale key of a distribution plan's status (`dist.status.*`; none when there is no plan). */
export function distributionStatusKey(status: string | null | undefined): string {
  const known = ['what-if', 'draft', 'reviewed', 'approved', 'posted', 'paid']
  return `dist.status.${status && known.includes(status) ? status : 'none'}`
}

/** The vouchers a close wrote: 结转损益 first, then 331 → 332 (either may be absent). */
export function closeVoucherIds(yc: Pick<YearClose, 'pnl_voucher_id' | 'transfer_voucher_id'>): number[] {
  return [yc.pnl_voucher_id, yc.transfer_voucher_id].filter((id): id is number => id !== null && id !== undefined)
}

/** A typed year, or null when it is not four digits in the core's range. */
export function parseYear(text: string | number | null | undefined): number | null {
  const t = String(text ?? '').trim()
  if (!/^\d{4}$/.test(t)) return null
  const y = Number(t)
  return y >= 1900 && y <= 9998 ? y : null
}
