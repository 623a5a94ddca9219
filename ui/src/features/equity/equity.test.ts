import { describe, expect, it } from 'vitest'
import { parseDecimal, valuation, valuationFen } from '../../shared/money'
import { pieSlices } from './equity'

describe('valuation: exact decimal × money, half away from zero to the 分', () => {
  it('rounds the brief example', () => {
    // 3.333 亩 × 800.05 = 2,666.56665
    expect(valuation('3.333', '800.05')).toBe('2666.57')
    expect(valuationFen('3.333', '800.05')).toBe(266657n)
  })
  it('rounds exactly half a 分 up (away from zero), and just below half down', () => {
    expect(valuation('2.5', '800.05')).toBe('2000.13') // 2000.125
    expect(valuation('0.5', '0.01')).toBe('0.01') // 0.005
    expect(valuation('0.499', '0.01')).toBe('0.00') // 0.00499
    expect(valuation('1.5', '0.03')).toBe('0.05') // 0.045
    expect(valuation('0.125', '0.04')).toBe('0.01') // 0.005
    expect(valuation('0.1249', '0.04')).toBe('0.00') // 0.004996
  })
  it('handles decimals like "0.5" and ".5" 亩, integers and trailing zeros', () => {
    expect(valuation('0.5', '800')).toBe('400.00')
    expect(valuation('.5', '800.01')).toBe('400.01') // 400.005
    expect(valuation('120', '800')).toBe('96000.00')
    expect(valuation('120.000', '800.00')).toBe('96000.00')
    expect(valuation('12.5', '150')).toBe('1875.00') // labour: days × price per day
    expect(valuation('1', '1,234.56')).toBe('1234.56')
  })
  it('stays exact for large areas and prices, beyond float precision', () => {
    expect(valuation('123456789.123', '98765.43')).toBe('12193262864152.42') // …4152.41789
    expect(valuation('123456789.5', '0.01')).toBe('1234567.90') // 1234567.895
    expect(valuation('99999999.9999', '99999.99')).toBe('9999998999990.00') // 9999998999990.000001
    expect(valuationFen('1000000000000', '0.01')).toBe(1000000000000n)
    expect(valuation('0.0000001', '1000000')).toBe('0.10')
  })
  it('refuses what is not a quantity or an amount', () => {
    for (const q of ['', ' ', 'abc', '1e3', '-1', '1,000', '1.2.3', '.', null, undefined]) expect(valuation(q, '800'), String(q)).toBeNull()
    for (const p of ['', '8.001', 'x', null]) expect(valuation('1', p), String(p)).toBeNull()
    expect(parseDecimal('3.333')).toEqual({ digits: 3333n, scale: 3 })
    expect(parseDecimal('\uFF0E5')).toEqual({ digits: 5n, scale: 1 })
  })
})

describe('pieSlices', () => {
  const row = (no: number, name: string, total: string) => ({ no, name, total })
  it('groups members under 2 % as one slice, last, with exact sums', () => {
    const rows = [
      row(1, 'collective', '96000.00'),
      row(2, 'a', '50000.00'),
      row(3, 'b', '1000.00'), // 1000 / 150000.02 < 2 %
      row(4, 'c', '2999.99'),
      row(5, 'd', '0.03'),
      row(6, 'e', '0.00'),
    ]
    const s = pieSlices(rows, 'others')
    expect(s.map((x) => x.name)).toEqual(['collective', 'a', 'others'])
    expect(s[2]).toMatchObject({ no: null, amount: '4000.02', fen: 400002n, members: 3 })
  })
  it('treats exactly 2 % as its own slice', () => {
    const s = pieSlices([row(1, 'x', '98.00'), row(2, 'y', '2.00'), row(3, 'z', '0.00')], 'others')
    expect(s.map((x) => x.name)).toEqual(['x', 'y'])
  })
  it('shows a lone small holder by name, drops zero and negative totals, empty when nothing is held', () => {
    const s = pieSlices([row(1, 'x', '990.00'), row(2, 'y', '10.00'), row(3, 'z', '-5.00')], 'others')
    expect(s.map((x) => [x.no, x.name, x.amount])).toEqual([[1, 'x', '990.00'], [2, 'y', '10.00']])
    expect(pieSlices([row(1, 'x', '0.00')], 'others')).toEqual([])
    expect(pieSlices([], 'others')).toEqual([])
  })
  it('orders by amount, then by number', () => {
    const s = pieSlices([row(3, 'c', '10.00'), row(1, 'a', '10.00'), row(2, 'b', '30.00')], 'others')
    expect(s.map((x) => x.no)).toEqual([2, 1, 3])
  })
})
