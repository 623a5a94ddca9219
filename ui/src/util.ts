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

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

/** The default name of a new book file (placed beside the demo book). */
export const DEFAULT_BOOK_FILE = '合作社账本.coopbook'
