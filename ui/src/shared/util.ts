// Small helpers shared by the screens.

/** Today as YYYY-MM-DD in local time. */
export function today(d: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** The file name of a path, either separator. */
export function baseName(path: string | null | undefined): string {
  if (!path) return ''
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] || path
}

/** The folder of a path (without the trailing separator), either separator. */
export function dirName(path: string | null | undefined): string {
  if (!path) return ''
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  return i > 0 ? path.slice(0, i) : i === 0 ? path.slice(0, 1) : ''
}

/** The separator a path uses. */
export function sepOf(path: string): string {
  return path.includes('\\') && !path.includes('/') ? '\\' : '/'
}

/** Years that have vouchers, newest first, from `periods()` months ("2025-03"). */
export function yearsOf(months: string[]): number[] {
  const ys = new Set<number>()
  for (const m of months) {
    const y = Number(m.slice(0, 4))
    if (Number.isInteger(y) && y > 0) ys.add(y)
  }
  return [...ys].sort((a, b) => b - a)
}

/** The digit of a screen's Alt shortcut by its place in SCREENS: 1…9, then 0 for the tenth; null beyond. */
export function shortcutDigit(index: number): string | null {
  if (index >= 0 && index < 9) return String(index + 1)
  return index === 9 ? '0' : null
}

/** The place in SCREENS of an Alt+digit shortcut (the inverse of `shortcutDigit`). */
export function screenIndexOfDigit(digit: string): number | null {
  if (!/^[0-9]$/.test(digit)) return null
  return digit === '0' ? 9 : Number(digit) - 1
}

/**
 * Focuses the first element under `root` matching `selector`, or the first input or button inside
 * it (an el-input carries its attributes on its <input>, an el-select on its wrapper); `select` also
 * selects the text. True when something took the focus.
 */
export function focusIn(root: ParentNode | null | undefined, selector: string, select = false): boolean {
  const el = root?.querySelector<HTMLElement>(selector)
  const target = el && (el.tagName === 'INPUT' || el.tagName === 'BUTTON' ? el : el.querySelector<HTMLElement>('input, button'))
  if (!target) return false
  target.focus()
  if (select && target instanceof HTMLInputElement) target.select()
  return true
}

/** `focusIn` by test id. */
export function focusTestId(root: ParentNode | null | undefined, id: string, select = false): boolean {
  return focusIn(root, `[data-testid="${id}"]`, select)
}

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

/** The default name of a new book file (placed beside the demo book). */
export const DEFAULT_BOOK_FILE = '合作社账本.coopbook'
