import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zh from '../../shared/locales/zh-CN.json'
import en from '../../shared/locales/en.json'
import type { OpeningImport, OpeningRow } from '../../bindings'
import { CHARTS, STATUSES, accountText, canApply, difference, parseMaps, postingRows, rowClass, statusCounts, statusKey, statusTag } from './opening'

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zh, en } })
const tz = (k: string, n?: Record<string, unknown>) => i18n.global.t(k, n ?? {}, { locale: 'zh-CN' })
const te = (k: string, n?: Record<string, unknown>) => i18n.global.t(k, n ?? {}, { locale: 'en' })

function row(over: Partial<OpeningRow>): OpeningRow {
  return {
    row: 2,
    old_code: '101',
    old_name: '库存现金',
    new_code: '101',
    new_name: '库存现金',
    member: null,
    member_name: null,
    debit: '0.00',
    credit: '0.00',
    status: 'same',
    note: '',
    new_account: false,
    subtotal: false,
    ...over,
  }
}

// The balances of the core's test fixture (tests/opening.rs), in short.
const rows: OpeningRow[] = [
  row({ row: 2, debit: '1200.50' }),
  row({ row: 5, old_code: '141', old_name: '牲畜（禽）资产', new_code: '142', new_name: '生产性生物资产', debit: '6000.00', status: 'review' }),
  row({ row: 9, old_code: '301', old_name: '股金', new_code: '301', new_name: '股金', credit: '7200.50', subtotal: true }),
  row({ row: 10, old_code: '301', old_name: '股金', new_code: '301', new_name: '股金', credit: '7200.50', member: 2, member_name: '张三' }),
  row({ row: 15, old_code: '522', old_name: '管理费用', new_code: '523', new_name: '管理费用', status: 'remapped' }),
]

function report(over: Partial<OpeningImport> = {}): OpeningImport {
  return {
    file: 'o.csv',
    encoding: 'GBK',
    chart: '2007',
    date: '2025-07-01',
    summary: '期初余额（自2007年科目体系转入）',
    maps: [],
    rows,
    debit: '7200.50',
    credit: '7200.50',
    balanced: true,
    errors: [],
    ignored_columns: [],
    voucher_id: null,
    ...over,
  }
}

describe('the opening balance import', () => {
  it('reads the overrides typed in one box, in either width', () => {
    expect(parseMaps('141=141, 142=144')).toEqual(['141=141', '142=144'])
    expect(parseMaps(' 141\uFF1D141\uFF0C14201=144；522.01=52301 ')).toEqual(['141=141', '14201=144', '522.01=52301'])
    expect(parseMaps('')).toEqual([])
    expect(parseMaps(' ,  ; ')).toEqual([])
  })
  it('highlights rows to review, marks bad rows, dims subtotals', () => {
    expect(rowClass(rows[1])).toEqual(['opening-review'])
    expect(rowClass(row({ status: 'error' }))).toEqual(['opening-error'])
    expect(rowClass(rows[2])).toEqual(['dim'])
    expect(rowClass(rows[0])).toEqual([])
    expect(STATUSES.map(statusTag)).toEqual(['success', 'info', 'warning', 'danger'])
  })
  it('counts the statuses and the rows that post', () => {
    expect(statusCounts(rows)).toEqual({ same: 3, remapped: 1, review: 1, error: 0 })
    // the 301 subtotal and the 522 row without a balance do not post
    expect(postingRows(rows).map((r) => r.row)).toEqual([2, 5, 10])
  })
  it('gives the difference of the totals exactly, with separators', () => {
    expect(difference({ debit: '191100.60', credit: '191100.50' })).toBe('0.10')
    expect(difference({ debit: '0.01', credit: '1234567.89' })).toBe('1,234,567.88')
    expect(difference({ debit: '7200.50', credit: '7200.50' })).toBe('0.00')
  })
  it('lets the file be written only when it is good, balanced, not empty and not written yet', () => {
    expect(canApply(report())).toBe(true)
    expect(canApply(null)).toBe(false)
    expect(canApply(report({ balanced: false, debit: '7200.60' }))).toBe(false)
    expect(canApply(report({ debit: '0.00', credit: '0.00' }))).toBe(false)
    expect(canApply(report({ voucher_id: 1 }))).toBe(false)
    const e = { row: 3, column: '科目编码', value: '190', code: 'unknown-account', zh: '', en: '' }
    expect(canApply(report({ errors: [e] }))).toBe(false)
  })
  it('shows accounts by code and name', () => {
    expect(accountText('522', '管理费用')).toBe('522 管理费用')
    expect(accountText('190', '')).toBe('190')
    expect(accountText('', '')).toBe('')
  })
  it('has every word it uses in both languages', () => {
    for (const t of [tz, te]) {
      for (const s of STATUSES) expect(t(statusKey(s)), s).not.toBe(statusKey(s))
      for (const c of CHARTS) expect(t(`imp.opening.chart${c}`)).not.toBe(`imp.opening.chart${c}`)
      expect(t('imp.openingValues')).not.toBe('imp.openingValues')
    }
    expect(tz(statusKey('review'))).toBe('请核对')
    expect(tz('imp.opening.unbalancedTitle', { debit: '191,100.60', credit: '191,100.50', diff: '0.10' })).toBe('借贷不平衡：借方合计 191,100.60，贷方合计 191,100.50，相差 0.10')
    expect(tz('imp.opening.counts', statusCounts(rows))).toBe('相同 3 行，改码 1 行，请核对 1 行，错误 0 行')
  })
})
