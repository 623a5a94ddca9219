import { describe, expect, it } from 'vitest'
import { monthlyDepreciation, previousMonth } from './assets'

const m = (cost: string, residual: string, life: string) => {
  const r = monthlyDepreciation(cost, residual, life)
  return r.ok ? r.amount : r
}

describe('monthlyDepreciation: (cost − residual) / months, half away from zero to the 分', () => {
  it('computes the usual cases exactly', () => {
    expect(m('180000', '', '120')).toBe('1500.00') // the cold store
    expect(m('36,800', '1840', '60')).toBe('582.67') // 34,960 / 60 = 582.666…
    expect(m('4999', '', '36')).toBe('138.86') // 138.861…
    expect(m('100', '0', '3')).toBe('33.33')
    expect(m('0.05', '', '2')).toBe('0.03') // 0.025: half away from zero
    expect(m('0.01', '', '3')).toBe('0.00')
    expect(m('99999999999999.99', '0.01', '7')).toBe('14285714285714.28') // beyond float precision
  })
  it('says which field is wrong', () => {
    expect(monthlyDepreciation('', '', '12')).toEqual({ ok: false, field: 'cost', code: 'empty' })
    expect(monthlyDepreciation('1.234', '', '12')).toEqual({ ok: false, field: 'cost', code: 'invalid' })
    expect(monthlyDepreciation('0', '', '12')).toEqual({ ok: false, field: 'cost', code: 'not-positive' })
    expect(monthlyDepreciation('100', '100', '12')).toEqual({ ok: false, field: 'residual', code: 'residual-invalid' })
    expect(monthlyDepreciation('100', '-1', '12')).toEqual({ ok: false, field: 'residual', code: 'residual-invalid' })
    expect(monthlyDepreciation('100', 'x', '12')).toEqual({ ok: false, field: 'residual', code: 'invalid' })
    expect(monthlyDepreciation('100', '', '')).toEqual({ ok: false, field: 'life_months', code: 'empty' })
    for (const life of ['0', '1201', '12.5', '-3', 'abc']) expect(monthlyDepreciation('100', '', life), life).toEqual({ ok: false, field: 'life_months', code: 'life-invalid' })
    expect(m('100', '', '1200')).toBe('0.08')
  })
})

describe('previousMonth', () => {
  it('steps back over the year', () => {
    expect(previousMonth('2025-03-15')).toBe('2025-02')
    expect(previousMonth('2025-01')).toBe('2024-12')
  })
})
