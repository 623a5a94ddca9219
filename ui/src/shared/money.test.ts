import { describe, expect, it } from 'vitest'
import { amountClass, amountInWords, fenIntToString, fenToString, formatAmount, formatFen, formatFenInt, fractionToPercent, isNegative, rateToPercent, sumFen, toFen, toFenOrZero } from './money'

describe('toFen', () => {
  it('parses plain, grouped and fractional amounts exactly', () => {
    expect(toFen('1000')).toBe(100000n)
    expect(toFen('1,000.5')).toBe(100050n)
    expect(toFen('0.01')).toBe(1n)
    expect(toFen('.5')).toBe(50n)
    expect(toFen('12.')).toBe(1200n)
    expect(toFen(' 1234.50 ')).toBe(123450n)
    expect(toFen('1,234,567.80')).toBe(123456780n)
    expect(toFen('-8640.50')).toBe(-864050n)
    expect(toFen('-8,640.50')).toBe(-864050n)
    expect(toFen('+3')).toBe(300n)
    expect(toFen('0')).toBe(0n)
    expect(toFen('99999999999999999.99')).toBe(9999999999999999999n)
  })
  it('accepts full-width comma and full stop', () => {
    expect(toFen('1\uFF0C000\u30025')).toBe(100050n)
  })
  it('refuses three decimals and junk', () => {
    for (const bad of ['1.001', '0.125', 'abc', '1a', '', '  ', '-', '.', '1,00', '12,3456', '1,000,00', '1.2.3', '1e5', '--1', '¥5', 'NaN', 'Infinity']) {
      expect(toFen(bad), bad).toBeNull()
    }
    expect(toFen(null)).toBeNull()
    expect(toFen(undefined)).toBeNull()
  })
  it('toFenOrZero: empty is zero, junk still null', () => {
    expect(toFenOrZero('')).toBe(0n)
    expect(toFenOrZero('  ')).toBe(0n)
    expect(toFenOrZero('x')).toBeNull()
  })
})

describe('formatting', () => {
  it('fenToString', () => {
    expect(fenToString(123450n)).toBe('1234.50')
    expect(fenToString(0n)).toBe('0.00')
    expect(fenToString(5n)).toBe('0.05')
    expect(fenToString(-5n)).toBe('-0.05')
    expect(fenToString(-864050n)).toBe('-8640.50')
  })
  it('formatAmount groups thousands and keeps two decimals', () => {
    expect(formatAmount('1234567.8')).toBe('1,234,567.80')
    expect(formatAmount('-8640.50')).toBe('-8,640.50')
    expect(formatAmount('0')).toBe('0.00')
    expect(formatAmount('999.99')).toBe('999.99')
    expect(formatAmount('1000')).toBe('1,000.00')
    expect(formatAmount('-0.01')).toBe('-0.01')
    expect(formatFen(100000000000n)).toBe('1,000,000,000.00')
  })
  it('leaves unparseable text alone', () => {
    expect(formatAmount('abc')).toBe('abc')
    expect(formatAmount(null)).toBe('')
  })
  it('marks negatives', () => {
    expect(isNegative('-1.00')).toBe(true)
    expect(isNegative('0.00')).toBe(false)
    expect(amountClass('-8640.50')).toEqual(['amount', 'negative'])
    expect(amountClass('8640.50')).toEqual(['amount'])
  })
})

describe('exact sums', () => {
  it('0.1 + 0.2 is exactly 0.30', () => {
    expect(fenToString(sumFen(['0.1', '0.2']))).toBe('0.30')
    expect(fenToString(toFen('0.1')! + toFen('0.2')!)).toBe('0.30')
  })
  it('many small amounts add up exactly', () => {
    const texts = Array.from({ length: 1000 }, () => '0.01')
    expect(fenToString(sumFen(texts))).toBe('10.00')
    expect(fenToString(sumFen(['1,000.10', '-0.10', '', 'junk']))).toBe('1000.00')
  })
  it('large amounts beyond 2^53 fen stay exact', () => {
    expect(fenToString(sumFen(['90071992547409.93', '0.01']))).toBe('90071992547409.94')
  })
})

describe('percentages', () => {
  it('fraction to percent with two decimals, by string math', () => {
    expect(fractionToPercent('0.4967')).toBe('49.67%')
    expect(fractionToPercent('0.3')).toBe('30.00%')
    expect(fractionToPercent('1')).toBe('100.00%')
    expect(fractionToPercent('0')).toBe('0.00%')
    expect(fractionToPercent('0.49675')).toBe('49.68%')
    expect(fractionToPercent('0.12344')).toBe('12.34%')
    expect(fractionToPercent('x')).toBeNull()
  })
  it('rates without trailing zeros', () => {
    expect(rateToPercent('0.30')).toBe('30%')
    expect(rateToPercent('0.10')).toBe('10%')
    expect(rateToPercent('0.125')).toBe('12.5%')
    expect(rateToPercent('1')).toBe('100%')
  })
})

describe('amountInWords (大写, DESIGN §2)', () => {
  it('reads the design\'s examples exactly', () => {
    expect(amountInWords('10005.20')).toBe('人民币壹万零伍元贰角整')
    expect(amountInWords('0.05')).toBe('人民币伍分')
    expect(amountInWords('0.00')).toBe('人民币零元整')
    expect(amountInWords('100000000.00')).toBe('人民币壹亿元整')
    expect(amountInWords('1000000.01')).toBe('人民币壹佰万元零壹分')
    expect(amountInWords('10.00')).toBe('人民币壹拾元整')
  })
  it('agrees with the core (Money::in_words)', () => {
    expect(amountInWords('1.00')).toBe('人民币壹元整')
    expect(amountInWords('1.05')).toBe('人民币壹元零伍分')
    expect(amountInWords('1234.56')).toBe('人民币壹仟贰佰叁拾肆元伍角陆分')
    expect(amountInWords('1000000.00')).toBe('人民币壹佰万元整')
    expect(amountInWords('10001.00')).toBe('人民币壹万零壹元整')
    expect(amountInWords('100010000.00')).toBe('人民币壹亿零壹万元整')
    expect(amountInWords('20000000.00')).toBe('人民币贰仟万元整')
    expect(amountInWords('10100.00')).toBe('人民币壹万零壹佰元整')
    expect(amountInWords('110000.00')).toBe('人民币壹拾壹万元整')
  })
  it('角 without 分 ends in 整; 分 without 角 reads 零 after 元', () => {
    expect(amountInWords('0.50')).toBe('人民币伍角整')
    expect(amountInWords('0.15')).toBe('人民币壹角伍分')
    expect(amountInWords('3.40')).toBe('人民币叁元肆角整')
    expect(amountInWords('3.04')).toBe('人民币叁元零肆分')
  })
  it('internal zeros read once, across 万 and 亿 groups', () => {
    expect(amountInWords('1010.00')).toBe('人民币壹仟零壹拾元整')
    expect(amountInWords('100100.00')).toBe('人民币壹拾万零壹佰元整')
    expect(amountInWords('100000001.00')).toBe('人民币壹亿零壹元整')
    expect(amountInWords('101000000.00')).toBe('人民币壹亿零壹佰万元整')
    expect(amountInWords('110000000.00')).toBe('人民币壹亿壹仟万元整')
    expect(amountInWords('123456789012.34')).toBe('人民币壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分')
    expect(amountInWords('1000000000000.00')).toBe('人民币壹万亿元整')
  })
  it('takes 分 as BigInt, grouped text, negatives; junk gives nothing', () => {
    expect(amountInWords(1000520n)).toBe('人民币壹万零伍元贰角整')
    expect(amountInWords('10,005.20')).toBe('人民币壹万零伍元贰角整')
    expect(amountInWords('-1.00')).toBe('人民币负壹元整')
    expect(amountInWords('abc')).toBe('')
    expect(amountInWords(null)).toBe('')
  })
})

describe('fen integers from IPC (a bundle summary)', () => {
  it('fenIntToString: exact, negative, zero, bigint', () => {
    expect(fenIntToString(10350000)).toBe('103500.00')
    expect(fenIntToString(150001)).toBe('1500.01')
    expect(fenIntToString(5)).toBe('0.05')
    expect(fenIntToString(-864050)).toBe('-8640.50')
    expect(fenIntToString(0)).toBe('0.00')
    expect(fenIntToString(123456789012345678n)).toBe('1234567890123456.78')
    // the largest exact JS integer still comes out exact
    expect(fenIntToString(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91')
  })
  it('fenIntToString refuses what a float could have rounded', () => {
    for (const bad of [0.5, 1.25, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1, null, undefined]) expect(fenIntToString(bad as number), String(bad)).toBeNull()
  })
  it('formatFenInt groups thousands, empty when not an integer', () => {
    expect(formatFenInt(10350000)).toBe('103,500.00')
    expect(formatFenInt(11150001)).toBe('111,500.01')
    expect(formatFenInt(-100)).toBe('-1.00')
    expect(formatFenInt(0)).toBe('0.00')
    expect(formatFenInt(1.5)).toBe('')
  })
})
