import { describe, expect, it } from 'vitest'
import type { Summary } from '../../bindings'
import { countText, periodText, shortHash, sizeText, summaryBalanced, summaryItems, summaryParams, timeText } from './bundle'
import { i18n } from '../../shared/i18n'

// The first bundle of the e2e village: 3 members, 5 vouchers of 12 lines, 103,500.00 each side.
const first: Summary = { members: 3, vouchers: 5, lines: 12, debit_fen: 10350000, credit_fen: 10350000, contributions: 3, deliveries: 1, sales: 1, sales_fen: 150000 }

describe('a bundle summary for people', () => {
  it('lists every figure in the CLI order, amounts from fen exactly', () => {
    expect(summaryItems(first)).toEqual([
      { key: 'members', value: '3', amount: false },
      { key: 'vouchers', value: '5', amount: false },
      { key: 'lines', value: '12', amount: false },
      { key: 'debit', value: '103,500.00', amount: true },
      { key: 'credit', value: '103,500.00', amount: true },
      { key: 'contributions', value: '3', amount: false },
      { key: 'deliveries', value: '1', amount: false },
      { key: 'sales', value: '1', amount: false },
      { key: 'salesAmount', value: '1,500.00', amount: true },
    ])
  })
  it('a single fen survives (no float on the way)', () => {
    const s = { ...first, debit_fen: 150001, credit_fen: 150001, sales_fen: 0 }
    expect(summaryParams(s)).toMatchObject({ debit: '1,500.01', credit: '1,500.01', salesAmount: '0.00' })
    // 0.1 + 0.2 style drift would show here: 29 fen stays 0.29
    expect(summaryParams({ ...first, debit_fen: 29 }).debit).toBe('0.29')
  })
  it('large books: counts and amounts grouped', () => {
    const s = { ...first, members: 5000, vouchers: 123456, lines: 1234567, debit_fen: 123456789012, credit_fen: 123456789012 }
    expect(summaryParams(s)).toMatchObject({ members: '5,000', vouchers: '123,456', lines: '1,234,567', debit: '1,234,567,890.12' })
  })
  it('every figure has its words in both languages', () => {
    for (const it of summaryItems(first)) {
      for (const locale of ['zh-CN', 'en'] as const) expect(i18n.global.te(`bundle.sum.${it.key}`, locale), `${locale} ${it.key}`).toBe(true)
    }
  })
  it('balanced when Σ debit = Σ credit', () => {
    expect(summaryBalanced(first)).toBe(true)
    expect(summaryBalanced({ ...first, credit_fen: 10349999 })).toBe(false)
  })
})

describe('bundle file details', () => {
  it('countText', () => {
    expect(countText(0)).toBe('0')
    expect(countText(8595)).toBe('8,595')
    expect(countText(-1234)).toBe('-1,234')
    expect(countText(1.5)).toBe('')
  })
  it('shortHash keeps the start, the full hash goes in the title', () => {
    const sha = 'aa8e8ff8f93b5955827f82a12affddf1da9a1045e4b0387dc20093aab258e7d4'
    expect(shortHash(sha)).toBe('aa8e8ff8f93b\u2026')
    expect(shortHash(sha, 16)).toBe('aa8e8ff8f93b5955\u2026')
    expect(shortHash('abc')).toBe('abc')
    expect(shortHash(null)).toBe('')
  })
  it('sizeText', () => {
    expect(sizeText(512)).toBe('512 B')
    expect(sizeText(8595)).toBe('8.4 KB')
    expect(sizeText(200 * 1024)).toBe('200 KB')
    expect(sizeText(3.5 * 1024 * 1024)).toBe('3.5 MB')
    expect(sizeText(-1)).toBe('')
  })
  it('periodText', () => {
    expect(periodText('2025-01-05', '2025-03-10')).toBe('2025-01-05 \u2013 2025-03-10')
    expect(periodText('2025-04-01', '2025-04-01')).toBe('2025-04-01')
    expect(periodText('', '')).toBe('')
  })
  it('timeText drops the milliseconds and the zone', () => {
    expect(timeText('2026-11-29T19:14:26.352+00:00')).toBe('2026-11-29 19:14:26')
    expect(timeText('2025-04-01T09:30:12.345+08:00')).toBe('2025-04-01 09:30:12')
    expect(timeText('not a time')).toBe('not a time')
    expect(timeText(null)).toBe('')
  })
})
