import { describe, expect, it } from 'vitest'
import type { Statement, StatementRow } from '../../bindings'
import {
  PAGE_ROWS,
  STATEMENT_KINDS,
  cellClass,
  cellText,
  checkFigures,
  findRow,
  flatten,
  headKeys,
  idsByBlock,
  indentStyle,
  isStatementKind,
  monthArg,
  pageOf,
  pairSides,
  rowTestId,
  sortChecks,
  takesMonth,
} from './statements'
import zh from '../../shared/locales/zh-CN.json'
import en from '../../shared/locales/en.json'

const row = (line: number | null, label: string, kind: StatementRow['kind'] = 'item', values: Array<string | null> = ['0.00', '0.00'], formula = ''): StatementRow => ({
  line,
  label,
  name: label,
  indent: kind === 'item' ? 1 : 0,
  kind,
  formula,
  values: kind === 'heading' ? [] : values,
})

const statement = (s: Partial<Statement>): Statement => ({
  kind: 'surplus',
  form: '',
  title: 'T',
  coop: 'C',
  period: '2025年度',
  year: 2025,
  date: '2025-12-31',
  columns: ['本年金额', '上年金额'],
  blocks: [],
  side_by_side: false,
  checks: [],
  ok: true,
  ...s,
})

// the balance sheet's two sides as the core lays them out (src/reports/statements/)
const assets = [row(null, '流动资产：', 'heading'), row(1, '货币资金'), row(10, '流动资产合计', 'total'), row(null, '非流动资产：', 'heading'), row(11, '对外投资'), row(28, '非流动资产合计', 'total'), row(29, '资产总计', 'total')]
const claims = [row(null, '流动负债：', 'heading'), row(30, '短期借款'), row(43, '负债合计', 'total'), row(50, '未分配盈余'), row(54, '负债和所有者权益总计', 'total', ['111500.01', '111500.01'])]
const bs = statement({ kind: 'balance-sheet', side_by_side: true, blocks: [{ title: '资产', rows: assets }, { title: '负债和所有者权益', rows: claims }] })

describe('the statements', () => {
  it('are the six kinds of the core, each with its tab name in both languages', () => {
    expect(STATEMENT_KINDS).toEqual(['balance-sheet', 'surplus', 'equity-changes', 'member-accounts', 'general-ledger', 'notes'])
    for (const k of STATEMENT_KINDS) {
      expect(isStatementKind(k)).toBe(true)
      expect((zh.stmt.kind as Record<string, string>)[k], k).toBeTruthy()
      expect((en.stmt.kind as Record<string, string>)[k], k).toBeTruthy()
    }
    expect(isStatementKind('tb')).toBe(false)
  })
  it('only the balance sheet takes a month, 1 to 12', () => {
    expect(takesMonth('balance-sheet')).toBe(true)
    expect(STATEMENT_KINDS.filter(takesMonth)).toEqual(['balance-sheet'])
    expect(monthArg('balance-sheet', 6)).toBe(6)
    expect(monthArg('balance-sheet', 12)).toBe(12)
    expect(monthArg('balance-sheet', 13)).toBeNull()
    expect(monthArg('balance-sheet', null)).toBeNull()
    expect(monthArg('surplus', 6)).toBeNull()
  })
  it('the heading columns name what the label and line hold', () => {
    expect(headKeys('balance-sheet')).toEqual({ label: 'stmt.head.item', line: 'stmt.head.line' })
    expect(headKeys('member-accounts')).toEqual({ label: 'stmt.head.member', line: 'stmt.head.memberNo' })
    expect(headKeys('general-ledger')).toEqual({ label: 'stmt.head.summary', line: 'stmt.head.month' })
    const get = (t: unknown, key: string) => key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], t)
    for (const k of STATEMENT_KINDS) {
      for (const key of Object.values(headKeys(k))) {
        expect(typeof get(zh, key), key).toBe('string')
        expect(typeof get(en, key), key).toBe('string')
      }
    }
  })
})

describe('amount cells', () => {
  it('group thousands, keep two decimals, leave a missing value empty', () => {
    expect(cellText('111500.01')).toBe('111,500.01')
    expect(cellText('0.00')).toBe('0.00')
    expect(cellText('-8640.5')).toBe('-8,640.50')
    expect(cellText(null)).toBe('')
    expect(cellText(undefined)).toBe('')
  })
  it('are right-aligned and red when negative', () => {
    expect(cellClass('1.00')).toEqual(['amount'])
    expect(cellClass('-0.01')).toEqual(['amount', 'negative'])
    expect(cellClass(null)).toEqual(['amount'])
  })
  it('indent by level', () => {
    expect(indentStyle(0)).toEqual({ paddingLeft: '12px' })
    expect(indentStyle(2)).toEqual({ paddingLeft: '44px' })
    expect(indentStyle(-1)).toEqual({ paddingLeft: '12px' })
  })
})

describe('the balance sheet side by side', () => {
  it('pairs the sides row by row and ends both totals on the same line', () => {
    const pairs = pairSides(assets, claims)
    expect(pairs).toHaveLength(7)
    expect(pairs[0].map((r) => r?.label)).toEqual(['流动资产：', '流动负债：'])
    expect(pairs[3].map((r) => r?.label)).toEqual(['非流动资产：', '未分配盈余'])
    expect(pairs[6].map((r) => r?.line)).toEqual([29, 54])
    // the shorter side is padded before its last row
    expect(pairs[4][1]).toBeNull()
    expect(pairs[5][1]).toBeNull()
    expect(pairs[3][1]?.line).toBe(50)
  })
  it('pads either side, and an empty side stays blank', () => {
    expect(pairSides(claims, assets).map((p) => [p[0]?.line ?? null, p[1]?.line ?? null]).at(-1)).toEqual([54, 29])
    expect(pairSides([], claims).every((p) => p[0] === null)).toBe(true)
    expect(pairSides(assets, assets).every((p) => p[0] === p[1])).toBe(true)
  })
  it('test ids go by block: stmt-row-1-54 is 负债和所有者权益总计', () => {
    expect(idsByBlock(bs)).toBe(true)
    expect(rowTestId(true, 1, 4, claims[4])).toBe('stmt-row-1-54')
    expect(rowTestId(true, 0, 0, assets[0])).toBe('stmt-row-0-r0')
  })
})

describe('statements one block under another', () => {
  const surplus = statement({
    blocks: [
      { title: '本年盈余', rows: [row(1, '一、经营收入'), row(15, '四、本年盈余', 'total')] },
      { title: '盈余分配', rows: [row(16, '五、本年盈余'), row(28, '七、年末未分配盈余', 'total')] },
    ],
  })
  it('flatten titles and rows; unique lines give stmt-row-<line>', () => {
    const f = flatten(surplus)
    expect(f.map((d) => (d.type === 'title' ? `#${d.title}` : d.testid))).toEqual(['#本年盈余', 'stmt-row-1', 'stmt-row-15', '#盈余分配', 'stmt-row-16', 'stmt-row-28'])
  })
  it('a line repeated across blocks (the general ledger\'s months) gives ids by block', () => {
    const gl = statement({
      kind: 'general-ledger',
      blocks: [
        { title: '101 库存现金（借）', rows: [row(null, '上年结转'), row(3, '3月 本月合计'), row(null, '本年累计', 'total')] },
        { title: '102 银行存款（借）', rows: [row(null, '上年结转'), row(3, '3月 本月合计'), row(null, '本年累计', 'total')] },
      ],
    })
    expect(idsByBlock(gl)).toBe(true)
    const ids = flatten(gl).flatMap((d) => (d.type === 'row' ? [d.testid] : []))
    expect(ids).toEqual(['stmt-row-0-r0', 'stmt-row-0-3', 'stmt-row-0-r2', 'stmt-row-1-r0', 'stmt-row-1-3', 'stmt-row-1-r2'])
    expect(new Set(ids).size).toBe(ids.length)
  })
  it('blocks without a title show no title row', () => {
    const one = statement({ blocks: [{ title: '', rows: [row(1, 'a'), row(2, 'b')] }] })
    expect(flatten(one).every((d) => d.type === 'row')).toBe(true)
  })
})

describe('paging a long statement', () => {
  // 成员账户表 of 5,000 members and its 合计
  const members = Array.from({ length: 5000 }, (_, i) => row(i + 1, `成员${i + 1}`, 'item', ['100.00']))
  const big = statement({ kind: 'member-accounts', blocks: [{ title: '', rows: [...members, row(null, '合计', 'total', ['500000.00'])] }] })
  const flat = flatten(big)

  it('a short statement is one page, nothing pinned', () => {
    const p = pageOf(flat.slice(0, 30), 3)
    expect(p.pages).toBe(1)
    expect(p.rows).toHaveLength(30)
    expect(p.pinned).toBeNull()
  })
  it('5,000 members: pages of PAGE_ROWS, the 合计 pinned under every page', () => {
    const p1 = pageOf(flat, 1)
    expect(p1.pages).toBe(5000 / PAGE_ROWS)
    expect(p1.total).toBe(5000)
    expect(p1.rows).toHaveLength(PAGE_ROWS)
    expect(p1.pinned?.type === 'row' && p1.pinned.row.label).toBe('合计')
    expect(p1.pinned?.type === 'row' && p1.pinned.testid).toBe('stmt-row-0-r5000')
    const last = pageOf(flat, 50)
    expect(last.rows.at(-1)).toMatchObject({ type: 'row', testid: 'stmt-row-5000' })
    expect(pageOf(flat, 99).rows).toEqual(last.rows)
    expect(pageOf(flat, 0).rows).toEqual(p1.rows)
  })
  it('a page starting inside a titled block repeats its title, marked continued', () => {
    const rows = Array.from({ length: 150 }, (_, i) => row(i + 1, `r${i}`))
    const st = statement({ blocks: [{ title: 'A', rows: rows.slice(0, 20) }, { title: 'B', rows: rows.slice(20) }] })
    const p2 = pageOf(flatten(st), 2)
    expect(p2.rows[0]).toMatchObject({ type: 'title', title: 'B', cont: true })
    expect(p2.pinned).toBeNull()
    expect(p2.rows.length).toBe(152 - PAGE_ROWS + 1)
  })
  it('finds a member by number or name, and the page it is on', () => {
    expect(findRow(flat, '4321')).toEqual({ page: 44, testid: 'stmt-row-4321' })
    expect(findRow(flat, '成员150')).toEqual({ page: 2, testid: 'stmt-row-150' })
    expect(findRow(flat, ' 1 ')).toEqual({ page: 1, testid: 'stmt-row-1' })
    expect(findRow(flat, '9999')).toBeNull()
    expect(findRow(flat, '')).toBeNull()
    // the total is not a member
    expect(findRow(flat, '合计')).toBeNull()
  })
})

describe('checks', () => {
  it('show both figures and their difference', () => {
    expect(checkFigures({ left: '111500.01', right: '111500.01' })).toEqual({ left: '111,500.01', right: '111,500.01', diff: '0.00' })
    expect(checkFigures({ left: '100.00', right: '1100.50' })).toEqual({ left: '100.00', right: '1,100.50', diff: '-1,000.50' })
  })
  it('failing ones come first, none is dropped', () => {
    const c = (code: string, ok: boolean) => ({ code, zh: code, en: code, left: '1.00', right: ok ? '1.00' : '2.00', ok })
    const sorted = sortChecks([c('a', true), c('b', false), c('c', true), c('d', false)])
    expect(sorted.map((x) => x.code)).toEqual(['b', 'd', 'a', 'c'])
  })
})
