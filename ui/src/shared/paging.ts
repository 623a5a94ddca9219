// Lists that grow with the book are shown a page at a time. The core pages members, ledgers,
// deliveries/sales and contributions itself (`*_page` commands: `limit`/`offset`, a `total`); the
// share register and the distribution plan are computed whole anyway, so their rows are paged here
// and the DOM never holds more than a page of them.

/** Rows per page of the long lists. */
export const PAGE = 100

/** The offset of 1-based `page`. */
export function pageOffset(page: number, size = PAGE): number {
  return (Math.max(1, Math.floor(page)) - 1) * size
}

/** How many pages `total` rows make (at least one). */
export function pageCount(total: number, size = PAGE): number {
  return Math.max(1, Math.ceil(total / size))
}

/** `page` brought inside 1 … the last page of `total` rows (a list that shrank under it). */
export function clampPage(page: number, total: number, size = PAGE): number {
  return Math.min(Math.max(1, Math.floor(page)), pageCount(total, size))
}

/** The rows of 1-based `page` of an array computed whole. */
export function pageOf<T>(rows: readonly T[], page: number, size = PAGE): T[] {
  const p = clampPage(page, rows.length, size)
  return rows.slice(pageOffset(p, size), pageOffset(p, size) + size)
}
