// Trade (购销) helpers: pure functions, tested in trade.test.ts (beside it). Quantities have at most 3
// decimals and prices 4 (as the core checks); amounts are quantity × price rounded once to the 分,
// half away from zero, exactly (BigInt), like `amount_of` in src/business/trade/parse.rs.
import type { Buyer } from '../../bindings'
import { fenToString, toFen } from '../../shared/money'

/** The sales channels, in the core's order (src/business/trade/parse.rs `CHANNELS`). */
export const CHANNELS = ['online', 'store', 'supermarket', 'market', 'live', 'other'] as const
export type Channel = (typeof CHANNELS)[number]

/** How a sale is paid: on credit (113 应收款, the default) or the money received. */
export const PAID = ['credit', 'cash', 'bank', 'wechat', 'alipay'] as const
export type Paid = (typeof PAID)[number]

export const QTY_DP = 3
export const PRICE_DP = 4

const DEC = /^\+?(\d*)(?:\.(\d*))?$/

/** A non-negative decimal as digits and scale; grouping commas (also full-width) are dropped as the core does. */
export function parseDec(text: string | null | undefined): { digits: bigint; scale: number } | null {
  if (text == null) return null
  const t = text.trim().replace(/[,\uFF0C]/g, '').replace(/[\uFF0E\u3002]/g, '.')
  const m = DEC.exec(t)
  if (!m) return null
  const [, int, frac = ''] = m
  if (int === '' && frac === '') return null
  return { digits: BigInt((int || '0') + frac), scale: frac.length }
}

/** Significant decimals of a parsed decimal ("1.500" has 1). */
function usedScale(d: { digits: bigint; scale: number }): number {
  let { digits, scale } = d
  while (scale > 0 && digits % 10n === 0n) {
    digits /= 10n
    scale--
  }
  return scale
}

export type AmountCheck =
  | { ok: true; fen: bigint; amount: string }
  | { ok: false; field: 'quantity' | 'price' | null; code: 'empty' | 'invalid' | 'not-positive' | 'precision' }

/**
 * The live amount of a trade line: quantity × price, exact, rounded half away from zero to the 分.
 * Not ok while a text is empty or invalid, zero, or has more decimals than the core accepts
 * (quantity 3, price 4).
 */
export function tradeAmount(quantity: string | null | undefined, price: string | null | undefined): AmountCheck {
  if (!quantity?.trim()) return { ok: false, field: 'quantity', code: 'empty' }
  const q = parseDec(quantity)
  if (!q) return { ok: false, field: 'quantity', code: 'invalid' }
  if (q.digits === 0n) return { ok: false, field: 'quantity', code: 'not-positive' }
  if (usedScale(q) > QTY_DP) return { ok: false, field: 'quantity', code: 'precision' }
  if (!price?.trim()) return { ok: false, field: 'price', code: 'empty' }
  const p = parseDec(price)
  if (!p) return { ok: false, field: 'price', code: 'invalid' }
  if (p.digits === 0n) return { ok: false, field: 'price', code: 'not-positive' }
  if (usedScale(p) > PRICE_DP) return { ok: false, field: 'price', code: 'precision' }
  const fen = mulToFen(q, p)
  return { ok: true, fen, amount: fenToString(fen) }
}

/** q × p in 分, half away from zero (both non-negative). */
export function mulToFen(q: { digits: bigint; scale: number }, p: { digits: bigint; scale: number }): bigint {
  const raw = q.digits * p.digits * 100n // 分 × 10^(qs+ps)
  const div = 10n ** BigInt(q.scale + p.scale)
  let v = raw / div
  if ((raw % div) * 2n >= div) v += 1n
  return v
}

// ---------------------------------------------------------------------------------------------
// The sales entry row: Enter order and what is remembered between entries.

export type SaleField = 'date' | 'product' | 'quantity' | 'price' | 'buyer'
/** Enter walks these in order; Enter on the buyer saves. */
export const SALE_ORDER: readonly SaleField[] = ['date', 'product', 'quantity', 'price', 'buyer']
export type DeliveryField = 'date' | 'member' | 'product' | 'quantity' | 'price' | 'grade'
/** Enter walks these; Enter on the last (grade) saves. */
export const DELIVERY_ORDER: readonly DeliveryField[] = ['date', 'member', 'product', 'quantity', 'price', 'grade']

/** The field after `at`, or `'save'` after the last one. A field not in the order starts it. */
export function nextField<F extends string>(order: readonly F[], at: F): F | 'save' {
  const i = order.indexOf(at)
  if (i < 0) return order[0]
  return i + 1 < order.length ? order[i + 1] : 'save'
}

export interface SaleRow {
  date: string
  product: string
  quantity: string
  price: string
  buyer: string
  /** The channel chosen; '' = the buyer's own. */
  channel: string
  paid: Paid
  contract: string
}

/** What is kept between entries: the last date, product, buyer, payment, and the last price of each product. */
export interface SaleMemory {
  date: string
  product: string
  buyer: string
  paid: Paid
  /** The contract of the last sale, kept while the product and buyer stay. */
  contract: string
  prices: Record<string, string>
}

export function newSaleMemory(today: string): SaleMemory {
  return { date: today, product: '', buyer: '', paid: 'credit', contract: '', prices: {} }
}

/** A fresh entry row from what was remembered: the quantity is the only field left empty. */
export function rowFromMemory(m: SaleMemory): SaleRow {
  return {
    date: m.date,
    product: m.product,
    quantity: '',
    price: m.product ? (m.prices[m.product] ?? '') : '',
    buyer: m.buyer,
    channel: '',
    paid: m.paid,
    contract: m.contract,
  }
}

/** After a sale was recorded: remember its date, product, buyer, payment and the product's price. */
export function rememberSale(m: SaleMemory, saved: SaleRow): SaleMemory {
  return {
    date: saved.date.trim() || m.date,
    product: saved.product,
    buyer: saved.buyer,
    paid: saved.paid,
    contract: saved.contract,
    prices: rememberPrice(m.prices, saved.product, saved.price),
  }
}

/** The prices remembered per product, with `product`'s set to `price` (when both are given). */
export function rememberPrice(prices: Record<string, string>, product: string, price: string): Record<string, string> {
  const p = price.trim()
  return p && product ? { ...prices, [product]: p } : { ...prices }
}

/** The delivery row: the member changes on every entry; date, product, its price and the grade are kept. */
export interface DeliveryRow {
  date: string
  member: string
  product: string
  quantity: string
  price: string
  grade: string
}

export interface DeliveryMemory {
  date: string
  product: string
  grade: string
  prices: Record<string, string>
}

export function newDeliveryMemory(today: string): DeliveryMemory {
  return { date: today, product: '', grade: '', prices: {} }
}

export function deliveryRowFromMemory(m: DeliveryMemory): DeliveryRow {
  return { date: m.date, member: '', product: m.product, quantity: '', price: m.product ? (m.prices[m.product] ?? '') : '', grade: m.grade }
}

export function rememberDelivery(m: DeliveryMemory, saved: DeliveryRow): DeliveryMemory {
  return { date: saved.date.trim() || m.date, product: saved.product, grade: saved.grade.trim(), prices: rememberPrice(m.prices, saved.product, saved.price) }
}

/**
 * The product changed in the row: its last price (when one is remembered) replaces the price; a
 * product without a remembered price keeps what was typed. The contract is dropped (it is per product).
 */
export function onProductChange<R extends { product: string; price: string }>(row: R, prices: Record<string, string>, product: string): R {
  const remembered = prices[product]
  const next = { ...row, product, price: remembered ?? row.price }
  if ('contract' in next && row.product !== product) (next as { contract: string }).contract = ''
  return next
}

/** The buyer changed: the channel goes back to the buyer's own and the contract is dropped. */
export function onBuyerChange(row: SaleRow, buyer: string): SaleRow {
  return row.buyer === buyer ? { ...row } : { ...row, buyer, channel: '', contract: '' }
}

/** Name substring or pinyin-initials prefix ("xg" → 香菇); exact names first. */
export function filterNamed<T extends { name: string }>(items: T[], query: string, initialsOf: (name: string) => string): T[] {
  const q = query.trim().toLowerCase()
  if (q === '') return items
  const hits = items.filter((i) => i.name.toLowerCase().includes(q) || (/^[a-z]+$/.test(q) && initialsOf(i.name).startsWith(q)))
  return hits.sort((a, b) => Number(b.name.toLowerCase() === q) - Number(a.name.toLowerCase() === q))
}

/** The channel a sale goes to: the one chosen, else the buyer's. */
export function effectiveChannel(row: Pick<SaleRow, 'channel' | 'buyer'>, buyers: Pick<Buyer, 'name' | 'channel'>[]): string {
  if (row.channel) return row.channel
  return buyers.find((b) => b.name === row.buyer)?.channel ?? ''
}

// ---------------------------------------------------------------------------------------------
// Contracts: progress of delivered over agreed quantity, exactly.

export interface Progress {
  /** delivered / quantity as a percentage with 2 decimals, half away from zero: "62.50". */
  percent: string
  /** The bar's width: the percentage capped at 100 ("100.00" when over-delivered). */
  width: string
  over: boolean
  done: boolean
}

function pct2(num: bigint, den: bigint): string {
  // num / den × 100, with 2 decimals, half away from zero (num, den ≥ 0)
  const scaled = num * 10000n
  let v = scaled / den
  if ((scaled % den) * 2n >= den) v += 1n
  const s = v.toString().padStart(3, '0')
  return `${s.slice(0, -2)}.${s.slice(-2)}`
}

/** The progress of a contract from its `delivered` and `quantity` texts; null when they are not decimals. */
export function contractProgress(delivered: string, quantity: string): Progress | null {
  const d = parseDec(delivered)
  const q = parseDec(quantity)
  if (!d || !q) return null
  // bring both to the same scale
  const s = Math.max(d.scale, q.scale)
  const dn = d.digits * 10n ** BigInt(s - d.scale)
  const qn = q.digits * 10n ** BigInt(s - q.scale)
  if (qn === 0n) return { percent: '0.00', width: '0.00', over: dn > 0n, done: true }
  const percent = pct2(dn, qn)
  const over = dn > qn
  return { percent, width: over ? '100.00' : percent, over, done: dn >= qn }
}

// ---------------------------------------------------------------------------------------------
// Sales analysis: the month × channel trend as stacked series.

export interface StackedSeries {
  /** `YYYY-MM` of every month of the year. */
  months: string[]
  /** The channels that have sales, in the core's order (unknown codes last, sorted). */
  channels: string[]
  /** channel → exact amount text per month ("0.00" where nothing was sold). */
  data: Record<string, string[]>
  /** Exact total per month. */
  totals: string[]
}

/** Stacked bars per channel from `by_month_channel` (`[month, channel, amount]`), all 12 months. */
export function stackedSeries(rows: Array<[string, string, string]>, year: number): StackedSeries {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
  const fen = new Map<string, bigint[]>()
  const totals = months.map(() => 0n)
  for (const [month, channel, amount] of rows) {
    const i = months.indexOf(month)
    const f = toFenExact(amount)
    if (i < 0 || f === null) continue
    if (!fen.has(channel)) fen.set(channel, months.map(() => 0n))
    fen.get(channel)![i] += f
    totals[i] += f
  }
  const known = CHANNELS.filter((c) => fen.has(c)) as string[]
  const unknown = [...fen.keys()].filter((c) => !(CHANNELS as readonly string[]).includes(c)).sort()
  const channels = [...known, ...unknown]
  const data: Record<string, string[]> = {}
  for (const c of channels) data[c] = fen.get(c)!.map(fenToString)
  return { months, channels, data, totals: totals.map(fenToString) }
}

/** "1234.50" / "-5.00" → 分; amounts from the core have exactly two decimals. */
function toFenExact(text: string): bigint | null {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(text.trim())
  if (!m) return null
  const v = BigInt(m[2]) * 100n + BigInt(m[3])
  return m[1] ? -v : v
}

/** Sums quantity texts exactly (e.g. a member's products in one unit); null if one is not a decimal. */
export function sumQuantities(texts: string[]): string | null {
  let scale = 0
  const ds: Array<{ digits: bigint; scale: number }> = []
  for (const t of texts) {
    const d = parseDec(t)
    if (!d) return null
    ds.push(d)
    scale = Math.max(scale, d.scale)
  }
  const total = ds.reduce((s, d) => s + d.digits * 10n ** BigInt(scale - d.scale), 0n)
  if (scale === 0) return total.toString()
  const str = total.toString().padStart(scale + 1, '0')
  return `${str.slice(0, -scale)}.${str.slice(-scale)}`.replace(/\.?0+$/, '')
}

/** A part of a whole amount as a percentage with 2 decimals, exactly, half away from zero ("" when the whole is not positive). */
export function shareOf(part: string, whole: string): string {
  const a = toFen(part) ?? 0n
  const w = toFen(whole) ?? 0n
  if (w <= 0n) return ''
  const neg = a < 0n
  const scaled = (neg ? -a : a) * 10000n
  let v = scaled / w
  if ((scaled % w) * 2n >= w) v += 1n
  const s = v.toString().padStart(3, '0')
  return `${neg && v !== 0n ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}%`
}

// ---------------------------------------------------------------------------------------------
// The sales and delivery lists: a date range, by default the month of the entry row's date.

/** The first and last day of the month of `date` (`YYYY-MM-DD` or `YYYY-MM`); null when it is not a date. */
export function monthRange(date: string): { from: string; to: string } | null {
  const m = /^(\d{4})-(\d{2})/.exec(date.trim())
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2])
  if (mo < 1 || mo > 12) return null
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  return { from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}` }
}

/** Whether `date` lies in the range (all `YYYY-MM-DD`, compared as text). */
export function inRange(date: string, r: { from: string; to: string }): boolean {
  return date >= r.from && date <= r.to
}

/** The rows of a trade list that count: not reversed. */
export function liveTrades<T extends { reversal_voucher_id: number | null }>(rows: T[]): T[] {
  return rows.filter((r) => r.reversal_voucher_id === null)
}
