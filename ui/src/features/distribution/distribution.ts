// The year-end distribution (盈余分配, DESIGN §3) screen's logic: which step and which buttons a
// plan's status allows, the member table's sums (exact, in 分) and the slip preview's pages. Pure
// functions, tested in distribution.test.ts (beside it).
import type { Plan, PlanMember } from '../../bindings'
import { sumFen } from '../../shared/money'

/** A saved plan's statuses in the order the plan moves through them. */
export const PLAN_STATUSES = ['draft', 'reviewed', 'approved', 'posted', 'paid'] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]
/** A saved plan's status, or null when the year has none. */
export type SavedStatus = PlanStatus | null

/** The wizard's steps: ① 参数 ② 方案 ③ 审批 ④ 记账 ⑤ 发放. */
export const STEPS = ['settings', 'plan', 'approvals', 'post', 'pay'] as const
export type Step = (typeof STEPS)[number]

/** How far along a status is: -1 for none (or an unknown status), 0 draft … 4 paid. */
export function statusRank(status: string | null | undefined): number {
  return PLAN_STATUSES.indexOf(status as PlanStatus)
}

/** A status from the core as a saved status (`what-if` and unknown ones are not saved). */
export function savedStatus(status: string | null | undefined): SavedStatus {
  return statusRank(status) >= 0 ? (status as PlanStatus) : null
}

export interface PlanActions {
  /** Compute without saving (试算): always, whatever is saved. */
  whatIf: boolean
  /** Save or recompute the draft (生成方案): until the Party branch has reviewed it. */
  make: boolean
  /** Record the Party branch's review. */
  branch: boolean
  /** Record the members' meeting's approval (only after the branch's review). */
  meeting: boolean
  /** Post the vouchers (only after both approvals). */
  post: boolean
  /** Pay members (once posted, until everyone is paid). */
  pay: boolean
  /** Print the public notice (公示表): once a plan is saved. */
  printNotice: boolean
  /** Print (and preview) the slips (分配通知单): once the members' meeting has approved. */
  printSlips: boolean
}

/** What the saved plan's status allows. */
export function planActions(status: SavedStatus): PlanActions {
  const r = statusRank(status)
  return {
    whatIf: true,
    make: r <= 0,
    branch: status === 'draft',
    meeting: status === 'reviewed',
    post: status === 'approved',
    pay: status === 'posted',
    printNotice: r >= 0,
    printSlips: r >= statusRank('approved'),
  }
}

/** el-steps' `active`: the step in progress (earlier ones show done); 5 when everything is done. */
export function progressOf(status: SavedStatus): number {
  switch (status) {
    case null:
      return 0
    case 'draft':
    case 'reviewed':
      return 2
    case 'approved':
      return 3
    case 'posted':
      return 4
    case 'paid':
      return 5
  }
}

/** The step shown when a year's plan is opened: what the plan needs next (a draft: check it first). */
export function stepFor(status: SavedStatus): number {
  switch (status) {
    case null:
      return 0
    case 'draft':
      return 1
    case 'reviewed':
      return 2
    case 'approved':
      return 3
    case 'posted':
    case 'paid':
      return 4
  }
}

/** Whether a step can be opened: the settings always, the plan once computed, the rest once saved. */
export function stepReachable(step: number, status: SavedStatus, whatIfShown: boolean): boolean {
  if (step === 0) return true
  if (step === 1) return status !== null || whatIfShown
  return status !== null && step < STEPS.length
}

/** The status tag's colour. */
export function statusTagType(status: string | null): 'info' | 'primary' | 'success' | 'warning' {
  if (status === 'what-if') return 'warning'
  if (status === 'posted' || status === 'paid') return 'success'
  if (status === 'reviewed' || status === 'approved') return 'primary'
  return 'info'
}

/** The member table's money columns, in its order. */
export const PLAN_MONEY = ['trade_amount', 'share_basis', 'patronage', 'residual', 'reserve_share', 'total'] as const
export type PlanMoney = (typeof PLAN_MONEY)[number]

/** The sums of the member table's money columns, exactly in 分 (BigInt; no float ever holds them). */
export function planSums(members: readonly PlanMember[]): Record<PlanMoney, bigint> {
  const out = {} as Record<PlanMoney, bigint>
  for (const c of PLAN_MONEY) out[c] = sumFen(members.map((m) => m[c]))
  return out
}

/**
 * The pools the members' lines do not add up to: none when the core has split them to the last 分
 * (the patronage pool P over 返还额, the residual pool Q over 剩余盈余).
 */
export function poolMismatches(plan: Pick<Plan, 'patronage' | 'residual' | 'members'>): Array<'P' | 'Q'> {
  const s = planSums(plan.members)
  const out: Array<'P' | 'Q'> = []
  if (plan.members.length && s.patronage !== sumFen([plan.patronage])) out.push('P')
  if (plan.members.length && s.residual !== sumFen([plan.residual])) out.push('Q')
  return out
}

/** Members paid so far, of all. */
export function paidCount(members: readonly PlanMember[]): { paid: number; all: number } {
  return { paid: members.filter((m) => m.paid_via !== null).length, all: members.length }
}

/** Whether a member's row can be paid on its own: the plan is posted and the member not yet paid. */
export function canPayMember(status: SavedStatus, m: Pick<PlanMember, 'paid_via'>): boolean {
  return planActions(status).pay && m.paid_via === null
}

/** Members whose number starts with, or whose name contains, the query. */
export function filterPlanMembers<T extends Pick<PlanMember, 'no' | 'name'>>(members: readonly T[], query: string): T[] {
  const q = query.trim()
  if (!q) return [...members]
  if (/^\d+$/.test(q)) return members.filter((m) => String(m.no).startsWith(q))
  return members.filter((m) => m.name.includes(q))
}

/** Items in groups of `n` (three slips to an A4 page). */
export function chunk<T>(items: readonly T[], n: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n))
  return out
}

export const SLIPS_PER_PAGE = 3

/** The years offered: those with vouchers, this year and last year, and the one chosen; newest first. */
export function yearOptions(years: readonly number[], current: number, chosen: number | null): number[] {
  const ys = new Set<number>(years)
  ys.add(current)
  ys.add(current - 1)
  if (chosen !== null) ys.add(chosen)
  return [...ys].sort((a, b) => b - a)
}

/**
 * The year opened first: the latest year (of those with vouchers and this year) that has a saved
 * plan, asked for newest first (`get` gives null for a year without one); else last year.
 */
export async function defaultPlanYear<T>(years: readonly number[], current: number, get: (year: number) => Promise<T | null>): Promise<{ year: number; plan: T | null }> {
  for (const y of [...new Set([current, ...years])].sort((a, b) => b - a)) {
    const plan = await get(y)
    if (plan !== null) return { year: y, plan }
  }
  return { year: current - 1, plan: null }
}
