import { describe, expect, it } from 'vitest'
import type { ErrorBody, YearCloseCheck } from '../../bindings'
import {
  DEFER_FIELD,
  asksForDefer,
  blockerLines,
  checkAsError,
  closeVoucherIds,
  defaultCloseYear,
  deferArg,
  distributionStatusKey,
  parseYear,
} from './yearclose'
import { fieldBad, fieldError } from '../../shared/store'
import zh from '../../shared/locales/zh-CN.json'

const err = (code: string, field: string | null = null, zhText = code, en = code): ErrorBody => ({ code, message: zhText, zh: zhText, en, field, fields: field ? [field] : [] })

const check = (blockers: ErrorBody[], c: Partial<YearCloseCheck> = {}): YearCloseCheck => ({
  year: 2025,
  ok: blockers.length === 0,
  blockers,
  surplus: '8500.01',
  distributable: '8500.01',
  distribution: null,
  closed: false,
  ...c,
})

describe('the year to close', () => {
  it('is the earliest year with vouchers not yet closed, else the current one', () => {
    expect(defaultCloseYear([2026, 2025, 2024], [2024], 2026)).toBe(2025)
    expect(defaultCloseYear([2025], [], 2026)).toBe(2025)
    expect(defaultCloseYear([2025], [2025], 2026)).toBe(2026)
    expect(defaultCloseYear([], [], 2026)).toBe(2026)
  })
  it('a typed year is four digits in the core\'s range', () => {
    expect(parseYear('2025')).toBe(2025)
    expect(parseYear(' 2025 ')).toBe(2025)
    expect(parseYear(2025)).toBe(2025)
    expect(parseYear('25')).toBeNull()
    expect(parseYear('1899')).toBeNull()
    expect(parseYear('9999')).toBeNull()
    expect(parseYear('２０２５')).toBeNull()
    expect(parseYear('')).toBeNull()
  })
})

describe('deferring the distribution', () => {
  it('sends the reason trimmed, or null when none is typed (so a pending distribution is reported)', () => {
    expect(deferArg('  成员大会决议〔2025〕4号 ')).toBe('成员大会决议〔2025〕4号')
    expect(deferArg('   ')).toBeNull()
    expect(deferArg('')).toBeNull()
    expect(deferArg(null)).toBeNull()
  })
  it('the reason is asked for when the distribution is pending or its reason is missing', () => {
    expect(asksForDefer(check([err('distribution-pending')]), null)).toBe(true)
    expect(asksForDefer(check([err('defer-reason-required', 'reason')]), null)).toBe(true)
    expect(asksForDefer(null, err('defer-reason-required', 'reason'))).toBe(true)
    expect(asksForDefer(null, err('many', null, '', ''))).toBe(false)
    expect(asksForDefer(null, { ...err('unposted-vouchers'), fields: ['reason'] })).toBe(true)
    expect(asksForDefer(check([err('unposted-vouchers')]), null)).toBe(false)
    expect(asksForDefer(check([]), null)).toBe(false)
    expect(asksForDefer(null, null)).toBe(false)
  })
})

describe('blockers', () => {
  const blocked = check([err('unposted-vouchers', null, '2025-03 有 1 张未记账凭证', '2025-03 has 1 unposted voucher'), err('distribution-pending', null, '2025 年本年盈余弥补亏损后为 8,500.01，尚未编制分配方案', '2025 has 8500.01 to distribute')])
  it('are listed each with its code, in the UI\'s language', () => {
    expect(blockerLines(blocked, 'zh-CN')).toEqual([
      { code: 'unposted-vouchers', text: '2025-03 有 1 张未记账凭证', field: null },
      { code: 'distribution-pending', text: '2025 年本年盈余弥补亏损后为 8,500.01，尚未编制分配方案', field: null },
    ])
    expect(blockerLines(blocked, 'en').map((b) => b.text)).toEqual(['2025-03 has 1 unposted voucher', '2025 has 8500.01 to distribute'])
    expect(blockerLines(null, 'zh-CN')).toEqual([])
  })
  it('as one error, outline every field they name (the reason under its input)', () => {
    const e = checkAsError(check([err('unposted-vouchers'), err('defer-reason-required', DEFER_FIELD, '暂缓分配须写明原因')]))
    expect(e?.code).toBe('defer-reason-required')
    expect(e?.fields).toEqual(['reason'])
    expect(fieldBad(e, 'reason')).toBe(true)
    expect(fieldError(e, 'reason')).toBe('暂缓分配须写明原因')
    expect(fieldBad(e, 'year')).toBe(false)
    expect(checkAsError(check([]))).toBeNull()
    expect(checkAsError(null)).toBeNull()
    // no field named: nothing is outlined
    const none = checkAsError(check([err('unposted-vouchers')]))
    expect(none?.fields).toEqual([])
    expect(fieldBad(none, 'reason')).toBe(false)
  })
})

describe('what a close shows', () => {
  it('the distribution\'s status in words, every status known to the locale', () => {
    for (const s of [null, 'draft', 'reviewed', 'approved', 'posted', 'paid', 'odd']) {
      const key = distributionStatusKey(s)
      const v = key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], zh)
      expect(typeof v, key).toBe('string')
    }
    expect(distributionStatusKey(null)).toBe('dist.status.none')
    expect(distributionStatusKey('posted')).toBe('dist.status.posted')
  })
  it('the vouchers written: 结转损益, then 331 → 332, either may be absent', () => {
    expect(closeVoucherIds({ pnl_voucher_id: 41, transfer_voucher_id: 42 })).toEqual([41, 42])
    expect(closeVoucherIds({ pnl_voucher_id: 41, transfer_voucher_id: null })).toEqual([41])
    expect(closeVoucherIds({ pnl_voucher_id: null, transfer_voucher_id: null })).toEqual([])
  })
})
