import { describe, expect, it } from 'vitest'
import {
  DELIVERY_ORDER,
  SALE_ORDER,
  contractProgress,
  deliveryRowFromMemory,
  effectiveChannel,
  filterNamed,
  newDeliveryMemory,
  newSaleMemory,
  nextField,
  onBuyerChange,
  onProductChange,
  rememberDelivery,
  rememberSale,
  rowFromMemory,
  shareOf,
  stackedSeries,
  sumQuantities,
  tradeAmount,
} from './trade'
import { initials } from '../../shared/pickers'

describe('tradeAmount: quantity × price exactly, half away from zero to the 分', () => {
  const amt = (q: string, p: string) => {
    const r = tradeAmount(q, p)
    return r.ok ? r.amount : r
  }
  it('multiplies 3-decimal quantities by 4-decimal prices exactly', () => {
    expect(amt('12.5', '8.6')).toBe('107.50')
    expect(amt('1.333', '2.3456')).toBe('3.13') // 3.1266848
    expect(amt('0.005', '1')).toBe('0.01') // 0.005: half away from zero
    expect(amt('0.004', '1.2499')).toBe('0.00') // 0.0049996
    expect(amt('3', '0.0015')).toBe('0.00') // 0.0045
    expect(amt('10', '0.0005')).toBe('0.01') // 0.005
    expect(amt('1,000', '12.35')).toBe('12350.00')
    expect(amt('999999999.999', '9999.9999')).toBe('9999999899990.00') // 9999999899990.0000001, beyond float precision
  })
  it('accepts trailing zeros beyond the limits (the core normalizes them)', () => {
    expect(amt('1.5000', '2.000000')).toBe('3.00')
  })
  it('says which field is wrong and why', () => {
    expect(tradeAmount('', '1')).toEqual({ ok: false, field: 'quantity', code: 'empty' })
    expect(tradeAmount('2', ' ')).toEqual({ ok: false, field: 'price', code: 'empty' })
    expect(tradeAmount('1.2345', '1')).toEqual({ ok: false, field: 'quantity', code: 'precision' })
    expect(tradeAmount('1', '1.23456')).toEqual({ ok: false, field: 'price', code: 'precision' })
    expect(tradeAmount('abc', '1')).toEqual({ ok: false, field: 'quantity', code: 'invalid' })
    expect(tradeAmount('-1', '1')).toEqual({ ok: false, field: 'quantity', code: 'invalid' })
    expect(tradeAmount('0', '1')).toEqual({ ok: false, field: 'quantity', code: 'not-positive' })
    expect(tradeAmount('1', '0.0000')).toEqual({ ok: false, field: 'price', code: 'not-positive' })
  })
})

describe('Enter order', () => {
  it('walks the sale row and saves on the buyer', () => {
    const walk: string[] = []
    let at: string = 'date'
    while (at !== 'save') {
      walk.push(at)
      at = nextField(SALE_ORDER, at as (typeof SALE_ORDER)[number])
    }
    expect(walk).toEqual(['date', 'product', 'quantity', 'price', 'buyer'])
    expect(nextField(SALE_ORDER, 'buyer')).toBe('save')
  })
  it('walks the delivery row and saves on the grade', () => {
    expect(nextField(DELIVERY_ORDER, 'date')).toBe('member')
    expect(nextField(DELIVERY_ORDER, 'member')).toBe('product')
    expect(nextField(DELIVERY_ORDER, 'price')).toBe('grade')
    expect(nextField(DELIVERY_ORDER, 'grade')).toBe('save')
  })
})

describe('the sale row remembers', () => {
  it('starts empty with today, on credit', () => {
    const m = newSaleMemory('2025-06-01')
    expect(rowFromMemory(m)).toEqual({ date: '2025-06-01', product: '', quantity: '', price: '', buyer: '', channel: '', paid: 'credit', contract: '' })
  })
  it('keeps date, product, price, buyer, payment and contract after a save; only the quantity is empty', () => {
    let m = newSaleMemory('2025-06-01')
    const saved = { date: '2025-05-30', product: '香菇', quantity: '120', price: '12.5', buyer: '永辉超市', channel: '', paid: 'bank' as const, contract: 'YH-2025-01' }
    m = rememberSale(m, saved)
    expect(rowFromMemory(m)).toEqual({ ...saved, quantity: '' })
    // a blank date does not wipe the remembered one
    m = rememberSale(m, { ...saved, date: '  ' })
    expect(m.date).toBe('2025-05-30')
  })
  it('remembers the last price per product and puts it back when the product is chosen again', () => {
    let m = newSaleMemory('2025-06-01')
    const base = rowFromMemory(m)
    m = rememberSale(m, { ...base, product: '香菇', quantity: '1', price: '12.5', buyer: 'b' })
    m = rememberSale(m, { ...base, product: '芙蓉李', quantity: '1', price: '6.8', buyer: 'b' })
    expect(m.prices).toEqual({ 香菇: '12.5', 芙蓉李: '6.8' })
    let row = rowFromMemory(m)
    expect(row.price).toBe('6.8')
    row = onProductChange(row, m.prices, '香菇')
    expect(row).toMatchObject({ product: '香菇', price: '12.5', contract: '' })
    // a product without a remembered price keeps what was typed
    row = onProductChange({ ...row, price: '9' }, m.prices, '木耳')
    expect(row.price).toBe('9')
  })
  it('keeps the contract when the same product is chosen again, drops it for another', () => {
    const row = { ...rowFromMemory(newSaleMemory('2025-06-01')), product: '香菇', contract: 'YH-2025-01' }
    expect(onProductChange(row, {}, '香菇').contract).toBe('YH-2025-01')
    expect(onProductChange(row, {}, '芙蓉李').contract).toBe('')
  })
  it('a new buyer brings back its own channel and drops the contract', () => {
    const row = { ...rowFromMemory(newSaleMemory('2025-06-01')), buyer: 'a', channel: 'live', contract: 'C1' }
    expect(onBuyerChange(row, 'b')).toMatchObject({ buyer: 'b', channel: '', contract: '' })
    expect(onBuyerChange(row, 'a')).toMatchObject({ buyer: 'a', channel: 'live', contract: 'C1' })
  })
  it('the channel defaults to the buyer’s', () => {
    const buyers = [{ name: '永辉超市', channel: 'supermarket' }, { name: '抖音直播间', channel: 'live' }]
    expect(effectiveChannel({ buyer: '永辉超市', channel: '' }, buyers)).toBe('supermarket')
    expect(effectiveChannel({ buyer: '永辉超市', channel: 'online' }, buyers)).toBe('online')
    expect(effectiveChannel({ buyer: 'nobody', channel: '' }, buyers)).toBe('')
  })
})

describe('the delivery row remembers', () => {
  it('keeps date, product, its price and grade; the member and quantity start empty', () => {
    let m = newDeliveryMemory('2025-06-01')
    m = rememberDelivery(m, { date: '2025-06-02', member: '3', product: '香菇', quantity: '50', price: '8', grade: ' 一级 ' })
    expect(deliveryRowFromMemory(m)).toEqual({ date: '2025-06-02', member: '', product: '香菇', quantity: '', price: '8', grade: '一级' })
  })
})

describe('contractProgress', () => {
  it('computes delivered / agreed exactly, with 2 decimals', () => {
    expect(contractProgress('0', '1000')).toEqual({ percent: '0.00', width: '0.00', over: false, done: false })
    expect(contractProgress('625', '1000')).toEqual({ percent: '62.50', width: '62.50', over: false, done: false })
    expect(contractProgress('1', '3')).toMatchObject({ percent: '33.33' })
    expect(contractProgress('2', '3')).toMatchObject({ percent: '66.67' })
    expect(contractProgress('0.001', '8')).toMatchObject({ percent: '0.01' }) // 0.0125 % → half up
    expect(contractProgress('0.0004', '10')).toMatchObject({ percent: '0.00' }) // 0.004 %
    expect(contractProgress('1000.000', '1000')).toEqual({ percent: '100.00', width: '100.00', over: false, done: true })
  })
  it('caps the bar at 100 % when more than agreed was delivered', () => {
    expect(contractProgress('1250.5', '1000')).toEqual({ percent: '125.05', width: '100.00', over: true, done: true })
  })
  it('stays exact where floats would not', () => {
    // 0.1 + 0.2 style: 3 × 0.1 of 0.3
    expect(contractProgress('0.3', '0.3')).toMatchObject({ percent: '100.00', done: true })
    expect(contractProgress('999999999.999', '1000000000')).toMatchObject({ percent: '100.00', done: false })
  })
  it('is null for what is not a decimal', () => {
    expect(contractProgress('x', '1')).toBeNull()
    expect(contractProgress('1', '')).toBeNull()
  })
})

describe('stackedSeries', () => {
  it('lays out all 12 months and the channels in the core’s order, with exact totals', () => {
    const s = stackedSeries(
      [
        ['2025-01', 'supermarket', '1000.10'],
        ['2025-01', 'online', '0.20'],
        ['2025-03', 'live', '5.00'],
        ['2025-03', 'online', '300.00'],
        ['2025-12', 'market', '0.01'],
        ['2024-12', 'market', '99.00'], // another year: left out
      ],
      2025,
    )
    expect(s.months).toHaveLength(12)
    expect(s.months[0]).toBe('2025-01')
    expect(s.months[11]).toBe('2025-12')
    expect(s.channels).toEqual(['online', 'supermarket', 'market', 'live'])
    expect(s.data.online.slice(0, 3)).toEqual(['0.20', '0.00', '300.00'])
    expect(s.data.supermarket[0]).toBe('1000.10')
    expect(s.data.market[11]).toBe('0.01')
    expect(s.totals[0]).toBe('1000.30')
    expect(s.totals[2]).toBe('305.00')
    expect(s.totals[1]).toBe('0.00')
  })
  it('adds rows of the same month and channel, keeps unknown channels last, and handles nothing', () => {
    const s = stackedSeries([['2025-02', 'zz', '1.00'], ['2025-02', 'other', '0.10'], ['2025-02', 'other', '0.20']], 2025)
    expect(s.channels).toEqual(['other', 'zz'])
    expect(s.data.other[1]).toBe('0.30')
    expect(s.totals[1]).toBe('1.30')
    const e = stackedSeries([], 2024)
    expect(e.channels).toEqual([])
    expect(e.totals.every((x) => x === '0.00')).toBe(true)
  })
  it('keeps negative months (reversals in a later month) exact', () => {
    const s = stackedSeries([['2025-04', 'online', '-12.34'], ['2025-04', 'store', '12.30']], 2025)
    expect(s.totals[3]).toBe('-0.04')
  })
})

describe('small helpers', () => {
  it('shareOf: a part of the whole, exactly', () => {
    expect(shareOf('1', '3')).toBe('33.33%')
    expect(shareOf('2', '3')).toBe('66.67%')
    expect(shareOf('0.00', '0.00')).toBe('')
    expect(shareOf('-1', '8')).toBe('-12.50%')
  })
  it('sumQuantities adds decimals exactly', () => {
    expect(sumQuantities(['0.1', '0.2'])).toBe('0.3')
    expect(sumQuantities(['120', '35.5', '0.005'])).toBe('155.505')
    expect(sumQuantities(['1.500', '1.5'])).toBe('3')
    expect(sumQuantities(['1', 'x'])).toBeNull()
  })
  it('filterNamed matches names and pinyin initials, exact names first', () => {
    const items = [{ name: '香菇干' }, { name: '芙蓉李' }, { name: '香菇' }]
    expect(filterNamed(items, 'xg', initials).map((i) => i.name)).toEqual(['香菇干', '香菇'])
    expect(filterNamed(items, '香菇', initials).map((i) => i.name)).toEqual(['香菇', '香菇干'])
    expect(filterNamed(items, 'frl', initials).map((i) => i.name)).toEqual(['芙蓉李'])
    expect(filterNamed(items, '', initials)).toHaveLength(3)
  })
})

import { inRange, liveTrades, monthRange } from './trade'

describe('the trade lists: the month of the entry date', () => {
  it('monthRange gives the first and last day', () => {
    expect(monthRange('2025-05-01')).toEqual({ from: '2025-05-01', to: '2025-05-31' })
    expect(monthRange('2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(monthRange('2025-02')).toEqual({ from: '2025-02-01', to: '2025-02-28' })
    expect(monthRange('2025-13-01')).toBeNull()
    expect(monthRange('soon')).toBeNull()
  })
  it('inRange and liveTrades', () => {
    const r = { from: '2025-05-01', to: '2025-05-31' }
    expect(inRange('2025-05-31', r)).toBe(true)
    expect(inRange('2025-06-01', r)).toBe(false)
    expect(liveTrades([{ id: 1, reversal_voucher_id: null }, { id: 2, reversal_voucher_id: 9 }]).map((x) => x.id)).toEqual([1])
  })
})
