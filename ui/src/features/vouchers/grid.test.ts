import { describe, expect, it } from 'vitest'
import { emptyLine, isBlank, linesToSend, mapField, nextCell, totals, type GridLine } from './grid'

const line = (p: Partial<GridLine>): GridLine => ({ ...emptyLine(), ...p })

describe('Enter navigation', () => {
  const none = () => false
  const memberOn = (rows: number[]) => (r: number) => rows.includes(r)
  it('walks account → debit → credit → next account without a member', () => {
    expect(nextCell({ row: 0, col: 'account' }, 2, none)).toEqual({ cell: { row: 0, col: 'debit' }, add: false })
    expect(nextCell({ row: 0, col: 'debit' }, 2, none)).toEqual({ cell: { row: 0, col: 'credit' }, add: false })
    expect(nextCell({ row: 0, col: 'credit' }, 2, none)).toEqual({ cell: { row: 1, col: 'account' }, add: false })
  })
  it('visits the member cell when the account is kept per member', () => {
    const f = memberOn([1])
    expect(nextCell({ row: 1, col: 'account' }, 2, f)).toEqual({ cell: { row: 1, col: 'member' }, add: false })
    expect(nextCell({ row: 1, col: 'member' }, 2, f)).toEqual({ cell: { row: 1, col: 'debit' }, add: false })
    expect(nextCell({ row: 0, col: 'account' }, 2, f)).toEqual({ cell: { row: 0, col: 'debit' }, add: false })
  })
  it('adds a line after the last cell', () => {
    expect(nextCell({ row: 1, col: 'credit' }, 2, none)).toEqual({ cell: { row: 2, col: 'account' }, add: true })
  })
  it('a member cell left over after the account changed goes on to debit', () => {
    expect(nextCell({ row: 0, col: 'member' }, 2, none)).toEqual({ cell: { row: 0, col: 'debit' }, add: false })
  })
})

describe('totals', () => {
  it('adds exactly and shows the difference', () => {
    const t = totals([line({ debit: '0.1' }), line({ debit: '0.2' }), line({ credit: '0.30' })])
    expect(t).toEqual({ debit: '0.30', credit: '0.30', diff: '0.00', balanced: true, invalid: [] })
  })
  it('reports an unbalanced voucher and invalid cells', () => {
    const t = totals([line({ debit: '1,000.00' }), line({ credit: '900' }), line({ credit: '1.234' })])
    expect(t.debit).toBe('1000.00')
    expect(t.credit).toBe('900.00')
    expect(t.diff).toBe('100.00')
    expect(t.balanced).toBe(false)
    expect(t.invalid).toEqual([2])
  })
  it('a credit surplus is a negative difference', () => {
    expect(totals([line({ debit: '1' }), line({ credit: '2' })]).diff).toBe('-1.00')
  })
})

describe('lines to send and error fields', () => {
  const grid = [line({ account: '102', debit: '5' }), line({}), line({ account: '301', member: '1', credit: '5' })]
  it('leaves blank lines out and remembers the grid rows', () => {
    const s = linesToSend(grid)
    expect(s.lines.map((l) => l.account)).toEqual(['102', '301'])
    expect(s.rows).toEqual([0, 2])
    expect(isBlank(line({ summary: ' ' }))).toBe(true)
  })
  it('maps lines[1].member back to grid row 2', () => {
    const { rows } = linesToSend(grid)
    expect(mapField('lines[1].member', rows)).toEqual({ field: 'lines[1].member', cell: { row: 2, col: 'member' } })
    expect(mapField('lines[0].debit', rows)).toEqual({ field: 'lines[0].debit', cell: { row: 0, col: 'debit' } })
    expect(mapField('date', rows)).toEqual({ field: 'date', cell: null })
    expect(mapField('lines', rows)).toEqual({ field: 'lines', cell: null })
    expect(mapField(null, rows)).toBeNull()
  })
})
