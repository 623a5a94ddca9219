import { describe, expect, it } from 'vitest'
import type { Account } from '../../bindings'
import { OP_KINDS, defaultOpAccount, expenseAccounts, filterAccounts, initialOpAccount, keepPaid, opFields, opPayload, type OpForm } from './operations'
import zh from '../../shared/locales/zh-CN.json'
import en from '../../shared/locales/en.json'

const acct = (code: string, name: string, cls: string, direction: number, leaf = true, parent: string | null = null): Account => ({
  code, name, parent, class: cls, direction, member_ledger: false, system: !parent, leaf, full_name: `${code} ${name}`,
})
const chart = [
  acct('102', '银行存款', 'asset', 1),
  acct('212', '应付工资', 'liability', -1),
  acct('401', '生产成本', 'cost', 1),
  acct('501', '经营收入', 'pnl', -1),
  acct('521', '经营支出', 'pnl', 1, false),
  acct('52101', '香菇收购', 'pnl', 1, true, '521'),
  acct('523', '管理费用', 'pnl', 1),
  acct('524', '财务费用', 'pnl', 1),
  acct('529', '其他支出', 'pnl', 1),
  acct('143', '生产性生物资产累计折旧', 'asset', -1),
]

describe('opFields: what each kind of operation asks for', () => {
  it('offers credit only to income', () => {
    expect(opFields('service-income').paid).toEqual(['bank', 'cash', 'credit'])
    expect(opFields('rental-income').paid).toEqual(['bank', 'cash', 'credit'])
    for (const k of ['subsidy-received', 'loan-received', 'loan-repaid', 'wages-paid', 'labour-paid', 'expense']) expect(opFields(k).paid, k).toEqual(['bank', 'cash'])
  })
  it('moves no money for accruals and the subsidy turned into assets', () => {
    for (const k of ['wages-accrued', 'labour-accrued', 'subsidy-to-assets']) expect(opFields(k).paid, k).toEqual([])
  })
  it('asks the interest only when a loan is repaid, the term for loans only', () => {
    for (const k of OP_KINDS) {
      expect(opFields(k).interest, k).toBe(k === 'loan-repaid')
      expect(opFields(k).term, k).toBe(k === 'loan-received' || k === 'loan-repaid')
    }
  })
  it('lets the expense account be chosen for expenses, wages and labour accrued', () => {
    const withAccount = OP_KINDS.filter((k) => opFields(k).account)
    expect(withAccount).toEqual(['wages-accrued', 'labour-accrued', 'expense'])
    expect(withAccount.map(defaultOpAccount)).toEqual(['523', '521', '523'])
    expect(defaultOpAccount('wages-paid')).toBeNull()
  })
  it('has no party for the subsidy turned into assets', () => {
    expect(opFields('subsidy-to-assets').party).toBe(false)
    expect(opFields('loan-received').party).toBe(true)
  })
  it('every kind has its name, explanation and party label in both languages', () => {
    for (const l of [zh, en]) {
      for (const k of OP_KINDS) {
        expect((l.ops.kind as Record<string, string>)[k], k).toBeTruthy()
        expect((l.ops.explain as Record<string, string>)[k], k).toBeTruthy()
        expect((l.ops.party as Record<string, string>)[k], k).toBeTruthy()
      }
    }
    expect(zh.ops.explain['loan-repaid']).toContain('524')
    expect(zh.ops.kind['subsidy-to-assets']).toBe('补助形成资产转专项基金')
  })
})

describe('expense accounts', () => {
  it('are the leaf debit-normal expense and cost accounts, by code', () => {
    expect(expenseAccounts(chart).map((a) => a.code)).toEqual(['401', '52101', '523', '524', '529'])
  })
  it('start at the core default only when it is a leaf', () => {
    expect(initialOpAccount('expense', chart)).toBe('523')
    expect(initialOpAccount('labour-accrued', chart)).toBe('') // 521 has sub-accounts: the user chooses
    expect(initialOpAccount('loan-received', chart)).toBe('')
  })
  it('filter by code prefix or name', () => {
    const list = expenseAccounts(chart)
    expect(filterAccounts(list, '52').map((a) => a.code)).toEqual(['52101', '523', '524', '529'])
    expect(filterAccounts(list, '管理').map((a) => a.code)).toEqual(['523'])
    expect(filterAccounts(list, ' ').length).toBe(list.length)
  })
})

describe('opPayload', () => {
  const form = (over: Partial<OpForm>): OpForm => ({ kind: 'expense', date: ' 2025-08-15 ', amount: ' 1,260.50 ', interest: '30', paid: 'cash', term: 'long', account: '529', party: ' 乡供电所 ', summary: '', ...over })
  it('sends only what the kind shows', () => {
    expect(opPayload(form({}))).toEqual({ kind: 'expense', date: '2025-08-15', amount: '1,260.50', interest: null, paid: 'cash', term: null, account: '529', party: '乡供电所', summary: null })
    expect(opPayload(form({ kind: 'loan-repaid', paid: 'bank' }))).toEqual({ kind: 'loan-repaid', date: '2025-08-15', amount: '1,260.50', interest: '30', paid: 'bank', term: 'long', account: null, party: '乡供电所', summary: null })
    expect(opPayload(form({ kind: 'subsidy-to-assets', summary: ' 冷库建成 ' }))).toEqual({ kind: 'subsidy-to-assets', date: '2025-08-15', amount: '1,260.50', interest: null, paid: null, term: null, account: null, party: null, summary: '冷库建成' })
    expect(opPayload(form({ kind: 'wages-accrued', account: '' })).account).toBeNull()
  })
  it('keeps the payment when the new kind offers it, else bank', () => {
    expect(keepPaid('expense', 'cash')).toBe('cash')
    expect(keepPaid('expense', 'credit')).toBe('bank')
    expect(keepPaid('service-income', 'credit')).toBe('credit')
  })
})
