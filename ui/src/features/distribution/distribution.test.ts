import { describe, expect, it } from 'vitest'
import type { Plan, PlanMember } from '../../bindings'
import {
  PLAN_STATUSES,
  STEPS,
  canPayMember,
  chunk,
  defaultPlanYear,
  filterPlanMembers,
  paidCount,
  planActions,
  planSums,
  poolMismatches,
  progressOf,
  savedStatus,
  statusTagType,
  stepFor,
  stepReachable,
  yearOptions,
  type SavedStatus,
} from './distribution'
import { fenToString } from '../../shared/money'

const member = (no: number, m: Partial<PlanMember> = {}): PlanMember => ({
  no,
  name: `成员${no}`,
  trade_amount: '0.00',
  share_basis: '0.00',
  patronage: '0.00',
  residual: '0.00',
  reserve_share: '0.00',
  total: '0.00',
  paid_via: null,
  pay_voucher_id: null,
  ...m,
})

const plan = (members: PlanMember[], p: Partial<Plan> = {}): Plan => ({
  year: 2025,
  status: 'draft',
  reserve_basis: 'share',
  reserve_rate: '0.10',
  patronage_rate: '0.60',
  surplus: '0.00',
  losses: '0.00',
  opening: '0.00',
  reserve: '0.00',
  distributable: '0.00',
  patronage: '0.00',
  residual: '0.00',
  note: null,
  branch_date: null,
  branch_ref: null,
  meeting_date: null,
  meeting_ref: null,
  post_voucher_id: null,
  pay_voucher_id: null,
  members,
  stale: false,
  ...p,
})

describe('planSums: the member table sums, exactly in 分', () => {
  it('adds decimal amounts that floats get wrong', () => {
    const ms = [member(1, { patronage: '0.10', residual: '0.70' }), member(2, { patronage: '0.20', residual: '0.10' })]
    const s = planSums(ms)
    expect(fenToString(s.patronage)).toBe('0.30') // 0.1 + 0.2 in floats is 0.30000000000000004
    expect(fenToString(s.residual)).toBe('0.80')
    expect(fenToString(s.total)).toBe('0.00')
  })
  it('sums every money column of thousands of members to the last 分', () => {
    // 3,000 members: patronage 33.33 each plus one extra 分 for the first 10 → 99,990.00 + 0.10
    const ms = Array.from({ length: 3000 }, (_, i) =>
      member(i + 1, { trade_amount: '1234.56', share_basis: '9000.00', patronage: i < 10 ? '33.34' : '33.33', residual: '0.01', reserve_share: '3.33', total: i < 10 ? '33.35' : '33.34' }),
    )
    const s = planSums(ms)
    expect(fenToString(s.trade_amount)).toBe('3703680.00')
    expect(fenToString(s.share_basis)).toBe('27000000.00')
    expect(fenToString(s.patronage)).toBe('99990.10')
    expect(fenToString(s.residual)).toBe('30.00')
    expect(fenToString(s.reserve_share)).toBe('9990.00')
    expect(fenToString(s.total)).toBe('100020.10')
  })
  it('stays exact beyond 2^53 分', () => {
    const s = planSums([member(1, { trade_amount: '90071992547409.93' }), member(2, { trade_amount: '0.01' })])
    expect(fenToString(s.trade_amount)).toBe('90071992547409.94')
  })
  it('is zero for no members', () => {
    const s = planSums([])
    expect(Object.values(s).every((v) => v === 0n)).toBe(true)
  })
})

describe('poolMismatches', () => {
  it('none when the members add up to P and Q', () => {
    const p = plan([member(1, { patronage: '600.01', residual: '399.99' }), member(2, { patronage: '0.99', residual: '0.01' })], { patronage: '601.00', residual: '400.00' })
    expect(poolMismatches(p)).toEqual([])
  })
  it('names the pools that do not add up', () => {
    const p = plan([member(1, { patronage: '600.00', residual: '400.00' })], { patronage: '600.01', residual: '400.00' })
    expect(poolMismatches(p)).toEqual(['P'])
  })
  it('nothing to check without members (nothing to distribute)', () => {
    expect(poolMismatches(plan([], { patronage: '0.00', residual: '0.00', note: '无可分配盈余' }))).toEqual([])
  })
})

describe('what each status allows', () => {
  const table: Array<[SavedStatus, Partial<ReturnType<typeof planActions>>]> = [
    [null, { make: true, branch: false, meeting: false, post: false, pay: false, printNotice: false, printSlips: false }],
    ['draft', { make: true, branch: true, meeting: false, post: false, pay: false, printNotice: true, printSlips: false }],
    ['reviewed', { make: false, branch: false, meeting: true, post: false, pay: false, printNotice: true, printSlips: false }],
    ['approved', { make: false, branch: false, meeting: false, post: true, pay: false, printNotice: true, printSlips: true }],
    ['posted', { make: false, branch: false, meeting: false, post: false, pay: true, printNotice: true, printSlips: true }],
    ['paid', { make: false, branch: false, meeting: false, post: false, pay: false, printNotice: true, printSlips: true }],
  ]
  for (const [status, want] of table) {
    it(`${status ?? 'no plan'}`, () => {
      const a = planActions(status)
      expect(a).toMatchObject(want)
      expect(a.whatIf).toBe(true) // a what-if never changes anything
    })
  }
  it('exactly one approval or posting action at a time, in order', () => {
    const order = PLAN_STATUSES.map((s) => {
      const a = planActions(s)
      return (['branch', 'meeting', 'post', 'pay'] as const).filter((k) => a[k])
    })
    expect(order).toEqual([['branch'], ['meeting'], ['post'], ['pay'], []])
  })
  it('savedStatus: what-if and unknown statuses are not saved plans', () => {
    expect(savedStatus('what-if')).toBeNull()
    expect(savedStatus('bogus')).toBeNull()
    expect(savedStatus(undefined)).toBeNull()
    expect(savedStatus('approved')).toBe('approved')
  })
  it('a member can be paid alone only once the plan is posted, and only once', () => {
    expect(canPayMember('posted', { paid_via: null })).toBe(true)
    expect(canPayMember('posted', { paid_via: 'cash' })).toBe(false)
    expect(canPayMember('approved', { paid_via: null })).toBe(false)
    expect(canPayMember(null, { paid_via: null })).toBe(false)
  })
  it('status tag colours', () => {
    expect(statusTagType('what-if')).toBe('warning')
    expect(statusTagType(null)).toBe('info')
    expect(statusTagType('draft')).toBe('info')
    expect(statusTagType('reviewed')).toBe('primary')
    expect(statusTagType('paid')).toBe('success')
  })
})

describe('the wizard steps', () => {
  it('has five steps', () => {
    expect(STEPS).toEqual(['settings', 'plan', 'approvals', 'post', 'pay'])
  })
  it('progress: steps done per status', () => {
    expect([null, ...PLAN_STATUSES].map((s) => progressOf(s as SavedStatus))).toEqual([0, 2, 2, 3, 4, 5])
  })
  it('opens at the step that is due (a draft: the plan to check)', () => {
    expect([null, ...PLAN_STATUSES].map((s) => stepFor(s as SavedStatus))).toEqual([0, 1, 2, 3, 4, 4])
  })
  it('reachable steps: settings always, the plan once computed, the rest once saved', () => {
    expect(STEPS.map((_, i) => stepReachable(i, null, false))).toEqual([true, false, false, false, false])
    expect(STEPS.map((_, i) => stepReachable(i, null, true))).toEqual([true, true, false, false, false])
    expect(STEPS.map((_, i) => stepReachable(i, 'draft', false))).toEqual([true, true, true, true, true])
    expect(stepReachable(5, 'paid', false)).toBe(false)
  })
})

describe('helpers', () => {
  it('paidCount', () => {
    expect(paidCount([member(1, { paid_via: 'bank' }), member(2), member(3, { paid_via: 'shares' })])).toEqual({ paid: 2, all: 3 })
  })
  it('filterPlanMembers: number prefix or name', () => {
    const ms = [member(1, { name: '张三' }), member(12, { name: '李四' }), member(2, { name: '张丽' })]
    expect(filterPlanMembers(ms, '1').map((m) => m.no)).toEqual([1, 12])
    expect(filterPlanMembers(ms, '张').map((m) => m.no)).toEqual([1, 2])
    expect(filterPlanMembers(ms, ' ').length).toBe(3)
  })
  it('chunk: three slips to a page', () => {
    expect(chunk([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]])
    expect(chunk([], 3)).toEqual([])
  })
  it('yearOptions: years with vouchers, this year, last year and the chosen one, newest first', () => {
    expect(yearOptions([2024, 2023], 2026, null)).toEqual([2026, 2025, 2024, 2023])
    expect(yearOptions([2026], 2026, 2019)).toEqual([2026, 2025, 2019])
  })
  it('defaultPlanYear: the latest year with a plan, asked newest first; else last year', async () => {
    const asked: number[] = []
    const get = (withPlan: number[]) => async (y: number) => {
      asked.push(y)
      return withPlan.includes(y) ? `plan ${y}` : null
    }
    expect(await defaultPlanYear([2025, 2024, 2023], 2026, get([2024, 2023]))).toEqual({ year: 2024, plan: 'plan 2024' })
    expect(asked).toEqual([2026, 2025, 2024])
    expect(await defaultPlanYear([2025, 2024], 2026, get([]))).toEqual({ year: 2025, plan: null })
  })
})

describe('the words the screen looks up by status, step, column and way of paying', () => {
  it('exist in both languages', async () => {
    const zh = (await import('../../shared/locales/zh-CN.json')).default as Record<string, any>
    const en = (await import('../../shared/locales/en.json')).default as Record<string, any>
    for (const l of [zh, en]) {
      for (const s of ['none', 'what-if', ...PLAN_STATUSES]) expect(l.dist.status[s], s).toBeTruthy()
      for (const s of STEPS) expect(l.dist.step[s], s).toBeTruthy()
      for (const c of ['trade_amount', 'share_basis', 'patronage', 'residual', 'reserve_share', 'total', 'paid']) expect(l.dist.col[c], c).toBeTruthy()
      for (const v of ['cash', 'bank', 'shares']) {
        expect(l.dist.via[v], v).toBeTruthy()
        expect(l.dist.payHint[v], v).toBeTruthy()
      }
      for (const k of ['delivery', 'purchase']) expect(l.trade.tradeKind[k], k).toBeTruthy()
      for (const p of ['S', 'L', 'R', 'D', 'P', 'Q']) expect(l.dist.pool[p], p).toBeTruthy()
    }
  })
})
