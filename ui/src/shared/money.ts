// Exact money: amounts cross IPC as strings with two decimals ("1234.50", "-8640.50") and are
// computed here as BigInt 分 (cents). No JS number ever holds an amount.

const AMOUNT = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{0,2}))?$/

/**
 * Parses a typed amount to 分: "1000", "1,000.5", "0.01", "-8640.50", "  12 ". Refuses more than
 * two decimals, misplaced separators and anything else (returns null). Empty text is null too.
 */
export function toFen(text: string | null | undefined): bigint | null {
  if (text == null) return null
  const t = text.trim().replace(/[\uFF0C]/g, ',').replace(/[\uFF0E\u3002]/g, '.')
  if (t === '' || t === '.' || t === '-' || t === '+') return null
  const m = AMOUNT.exec(t)
  if (!m) return null
  const [, sign, intPart, frac] = m
  if (intPart === undefined && frac === undefined) return null
  if (intPart === undefined && frac === '') return null
  const yuan = BigInt((intPart ?? '0').replace(/,/g, ''))
  const fen = BigInt(((frac ?? '') + '00').slice(0, 2))
  const v = yuan * 100n + fen
  return sign === '-' ? -v : v
}

/** Like `toFen` but empty text counts as zero; invalid text is still null. */
export function toFenOrZero(text: string | null | undefined): bigint | null {
  if (text == null || text.trim() === '') return 0n
  return toFen(text)
}

/** 123450n → "1234.50"; -5n → "-0.05". */
export function fenToString(fen: bigint): string {
  const neg = fen < 0n
  const a = neg ? -fen : fen
  const yuan = a / 100n
  const cents = (a % 100n).toString().padStart(2, '0')
  return `${neg ? '-' : ''}${yuan.toString()}.${cents}`
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** "1234567.8" → "1,234,567.80"; "-8640.50" → "-8,640.50". Unparseable text is returned as is. */
export function formatAmount(text: string | null | undefined): string {
  if (text == null) return ''
  const fen = toFen(text)
  if (fen === null) return text
  return formatFen(fen)
}

export function formatFen(fen: bigint): string {
  const s = fenToString(fen)
  const neg = s.startsWith('-')
  const body = neg ? s.slice(1) : s
  const [int, frac] = body.split('.')
  return `${neg ? '-' : ''}${group(int)}.${frac}`
}

/**
 * An amount in 分 that crossed IPC as a JSON integer (e.g. a bundle summary's `debit_fen`) as an
 * exact money text: 10350000 → "103500.00". Only safe integers are exact as JS numbers, so anything
 * else (fractions, NaN, beyond 2^53) is null rather than a rounded amount.
 */
export function fenIntToString(fen: number | bigint | null | undefined): string | null {
  if (typeof fen === 'bigint') return fenToString(fen)
  if (typeof fen !== 'number' || !Number.isSafeInteger(fen)) return null
  return fenToString(BigInt(fen))
}

/** `fenIntToString` with thousands separators: 10350000 → "103,500.00"; '' when not a safe integer. */
export function formatFenInt(fen: number | bigint | null | undefined): string {
  const s = fenIntToString(fen)
  return s === null ? '' : formatAmount(s)
}

/** True when the amount text is negative (shown red). */
export function isNegative(text: string | null | undefined): boolean {
  const f = toFen(text ?? '')
  return f !== null && f < 0n
}

/** CSS classes of an amount cell. */
export function amountClass(text: string | null | undefined): string[] {
  return isNegative(text) ? ['amount', 'negative'] : ['amount']
}

/** Sums amount texts exactly; empty texts count as zero, invalid ones are skipped. */
export function sumFen(texts: Array<string | null | undefined>): bigint {
  let total = 0n
  for (const t of texts) {
    const f = toFenOrZero(t)
    if (f !== null) total += f
  }
  return total
}

/**
 * A decimal fraction as a percentage with `decimals` places, exactly (half away from zero):
 * "0.4967" → "49.67%", "0.3" → "30.00%", "1" → "100.00%". Null for unparseable text.
 */
export function fractionToPercent(text: string | null | undefined, decimals = 2): string | null {
  if (text == null) return null
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text)
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null
  const [, sign, int, frac = ''] = m
  // value = int.frac; percent = value * 100; keep `decimals` places.
  const scale = frac.length
  const raw = BigInt((int || '0') + frac) * 100n // percent × 10^scale
  const target = BigInt(decimals)
  let scaled: bigint
  const s = BigInt(scale)
  if (s <= target) {
    scaled = raw * 10n ** (target - s)
  } else {
    const div = 10n ** (s - target)
    scaled = raw / div
    if ((raw % div) * 2n >= div) scaled += 1n
  }
  const str = scaled.toString().padStart(decimals + 1, '0')
  const ip = decimals > 0 ? str.slice(0, -decimals) : str
  const fp = decimals > 0 ? '.' + str.slice(-decimals) : ''
  const negative = sign === '-' && scaled !== 0n
  return `${negative ? '-' : ''}${ip}${fp}%`
}

/** "0.30" → "30%", "0.125" → "12.5%": a rate without trailing zeros. */
export function rateToPercent(text: string | null | undefined): string | null {
  const p = fractionToPercent(text, 4)
  if (p === null) return null
  return p.replace(/\.?0+%$/, '%')
}

const DECIMAL = /^\+?(\d*)(?:\.(\d*))?$/

/**
 * A non-negative decimal quantity ("3.333", "0.5", "120", ".5") as an exact scaled integer:
 * { digits: 3333n, scale: 3 }. Full-width digits' separators are accepted like in amounts;
 * anything else (signs, exponents, grouping, empty text) is null.
 */
export function parseDecimal(text: string | null | undefined): { digits: bigint; scale: number } | null {
  if (text == null) return null
  const t = text.trim().replace(/[\uFF0E\u3002]/g, '.')
  const m = DECIMAL.exec(t)
  if (!m) return null
  const [, int, frac = ''] = m
  if (int === '' && frac === '') return null
  return { digits: BigInt((int || '0') + frac), scale: frac.length }
}

/**
 * The exact valuation of a quantity at a unit price, in 分, rounded once to the 分 half away from
 * zero, as the core does: "3.333" 亩 × "800.05" = 2,666.56665 → 266657n. Null when either text is
 * not a valid quantity or amount.
 */
export function valuationFen(quantity: string | null | undefined, unitPrice: string | null | undefined): bigint | null {
  const q = parseDecimal(quantity)
  const p = toFen(unitPrice)
  if (q === null || p === null) return null
  const raw = q.digits * p // 分 × 10^scale
  const div = 10n ** BigInt(q.scale)
  const neg = raw < 0n
  const a = neg ? -raw : raw
  let v = a / div
  if ((a % div) * 2n >= div) v += 1n
  return neg ? -v : v
}

/** `valuationFen` as a money text ("2666.57"), or null. */
export function valuation(quantity: string | null | undefined, unitPrice: string | null | undefined): string | null {
  const f = valuationFen(quantity, unitPrice)
  return f === null ? null : fenToString(f)
}

const WORD_DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖']
const WORD_UNITS = ['仟', '佰', '拾', '']

/** 0 < n < 10000 as 仟佰拾个, internal zeros read once (1010 → 壹仟零壹拾, 10 → 壹拾). */
function sectionWords(n: bigint): string {
  const ds = [n / 1000n, (n / 100n) % 10n, (n / 10n) % 10n, n % 10n]
  let out = ''
  let zero = false
  ds.forEach((d, i) => {
    if (d === 0n) {
      zero = out !== ''
      return
    }
    if (zero) out += '零'
    zero = false
    out += WORD_DIGITS[Number(d)] + WORD_UNITS[i]
  })
  return out
}

/** n > 0 whole yuan in words: groups of 万 and 亿, a gap of zeros before a group read as 零. */
function yuanWords(n: bigint): string {
  const [size, unit] = n >= 100000000n ? [100000000n, '亿'] : n >= 10000n ? [10000n, '万'] : [0n, '']
  if (size === 0n) return sectionWords(n)
  const high = n / size
  const low = n % size
  if (low === 0n) return yuanWords(high) + unit
  return yuanWords(high) + unit + (low < size / 10n ? '零' : '') + yuanWords(low)
}

/**
 * The amount in words (大写) as slips and vouchers write it (DESIGN §2), mirroring the core's
 * `Money::in_words`: "人民币" first, internal zeros read 零, 整 after 元 or 角 when there are no 分;
 * 10005.20 → 人民币壹万零伍元贰角整, 0.05 → 人民币伍分, 1000000.01 → 人民币壹佰万元零壹分.
 * Negative amounts read 负 after 人民币. Unparseable text gives ''.
 */
export function amountInWords(amount: string | bigint | null | undefined): string {
  const fen = typeof amount === 'bigint' ? amount : toFen(amount)
  if (fen === null) return ''
  const v = fen < 0n ? -fen : fen
  const yuan = v / 100n
  const jiao = Number((v / 10n) % 10n)
  const cents = Number(v % 10n)
  let s = '人民币' + (fen < 0n ? '负' : '')
  if (yuan > 0n) s += yuanWords(yuan) + '元'
  if (jiao === 0 && cents === 0) return s + (yuan === 0n ? '零元' : '') + '整'
  if (jiao > 0) s += WORD_DIGITS[jiao] + '角'
  else if (yuan > 0n) s += '零'
  return s + (cents > 0 ? WORD_DIGITS[cents] + '分' : '整')
}
