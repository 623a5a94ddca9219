import { describe, expect, it } from 'vitest'
import type { Account, Member } from '../bindings'
import { accountLabel, filterAccounts, filterMembers, initials, leafAccountOptions, matchAccount, memberOption } from './pickers'

function acct(code: string, name: string, parent: string | null = null, extra: Partial<Account> = {}): Account {
  return {
    code,
    name,
    parent,
    class: 'asset',
    direction: 1,
    member_ledger: false,
    system: parent === null,
    leaf: true,
    full_name: parent ? `${parent} X:${code} ${name}` : `${code} ${name}`,
    ...extra,
  }
}

const accounts: Account[] = [
  acct('101', '库存现金'),
  acct('102', '银行存款'),
  acct('109', '其他货币资金'),
  acct('114', '成员往来', null, { member_ledger: true }),
  acct('301', '股金', null, { member_ledger: true, class: 'equity', direction: -1 }),
  acct('322', '盈余公积', null, { member_ledger: true }),
  acct('501', '经营收入', null, { leaf: false, class: 'pnl', direction: -1 }),
  { ...acct('50101', '香菇', '501'), full_name: '501 经营收入:50101 香菇', class: 'pnl', direction: -1 },
  acct('521', '经营支出'),
  acct('523', '管理费用'),
]
const options = leafAccountOptions(accounts)
const codes = (q: string) => filterAccounts(options, q).map((o) => o.code)

describe('pinyin initials', () => {
  it('takes the first letter of each character', () => {
    expect(initials('银行存款')).toBe('yhck')
    expect(initials('股金')).toBe('gj')
    expect(initials('库存现金')).toBe('kcxj')
    expect(initials('张三')).toBe('zs')
  })
})

describe('account picker filter', () => {
  it('lists leaf accounts only, with full paths for sub-accounts', () => {
    expect(options.map((o) => o.code)).not.toContain('501')
    const sub = options.find((o) => o.code === '50101')!
    expect(sub.label).toBe('501 经营收入:50101 香菇')
    expect(options.find((o) => o.code === '102')!.label).toBe('102 银行存款')
    expect(accountLabel(accounts[1])).toBe('102 银行存款')
  })
  it('matches a code prefix', () => {
    expect(codes('10')).toEqual(['101', '102', '109'])
    expect(codes('102')).toEqual(['102'])
    expect(codes('5')).toEqual(['50101', '521', '523'])
    expect(codes('9')).toEqual([])
  })
  it('matches a name substring', () => {
    expect(codes('银行')).toEqual(['102'])
    expect(codes('存')).toEqual(['101', '102'])
    expect(codes('香菇')).toEqual(['50101'])
    expect(codes('经营收入')).toEqual(['50101'])
  })
  it('matches pinyin initials', () => {
    expect(codes('yhck')[0]).toBe('102')
    expect(codes('gj')[0]).toBe('301')
    expect(codes('GJ')[0]).toBe('301')
    expect(codes('kcxj')).toEqual(['101'])
    expect(codes('xg')).toEqual(['50101'])
    expect(codes('jysr')).toEqual(['50101'])
    expect(codes('zzz')).toEqual([])
  })
  it('an empty query lists everything in code order', () => {
    expect(codes('')).toEqual(options.map((o) => o.code))
    expect(matchAccount(options[0], '  ')).toBe(true)
  })
})

describe('member picker filter', () => {
  const members: Member[] = [
    { no: 1, name: '青山村股份经济合作社', id_card: 'N235****123N', kind: 'collective', kind_zh: '村集体', phone: null, joined: '2025-01-01', exited: null },
    { no: 2, name: '张三', id_card: '1101****002X', kind: 'farmer', kind_zh: '农民', phone: null, joined: '2025-01-01', exited: null },
    { no: 12, name: '李四', id_card: '1101****0011', kind: 'party', kind_zh: '党员', phone: null, joined: '2025-01-01', exited: '2025-06-30' },
  ]
  const opts = members.map(memberOption)
  const nos = (q: string) => filterMembers(opts, q).map((o) => o.no)
  it('labels "1 青山村股份经济合作社"', () => {
    expect(opts[0].label).toBe('1 青山村股份经济合作社')
    expect(opts[2].exited).toBe(true)
  })
  it('matches number, name and initials', () => {
    expect(nos('1')).toEqual([1, 12])
    expect(nos('12')).toEqual([12])
    expect(nos('2')[0]).toBe(2)
    expect(nos('张')).toEqual([2])
    expect(nos('zs')).toEqual([2])
    expect(nos('qsc')).toEqual([1])
    expect(nos('')).toEqual([1, 2, 12])
  })
})
