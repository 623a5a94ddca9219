import { describe, expect, it } from 'vitest'
import { PAGE, clampPage, pageCount, pageOf, pageOffset } from './paging'

describe('paging', () => {
  it('turns pages into offsets', () => {
    expect(PAGE).toBe(100)
    expect([pageOffset(1), pageOffset(2), pageOffset(51)]).toEqual([0, 100, 5000])
    expect([pageOffset(0), pageOffset(-3), pageOffset(3, 20)]).toEqual([0, 0, 40])
  })
  it('counts pages of the 5,001 members', () => {
    expect([pageCount(0), pageCount(1), pageCount(100), pageCount(101), pageCount(5001)]).toEqual([1, 1, 1, 2, 51])
  })
  it('brings a page back inside a list that shrank', () => {
    expect([clampPage(7, 5001), clampPage(52, 5001), clampPage(3, 150), clampPage(2, 0), clampPage(0, 10)]).toEqual([7, 51, 2, 1, 1])
  })
  it('slices a page of rows computed whole', () => {
    const rows = Array.from({ length: 5001 }, (_, i) => i + 1)
    expect(pageOf(rows, 1).length).toBe(100)
    expect(pageOf(rows, 2)[0]).toBe(101)
    expect(pageOf(rows, 51)).toEqual([5001])
    expect(pageOf(rows, 99)).toEqual([5001])
    expect(pageOf([], 1)).toEqual([])
    expect(pageOf(['a', 'b', 'c'], 2, 2)).toEqual(['c'])
  })
})
