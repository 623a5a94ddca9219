// The other business documents (资产与费用 → 费用与其他业务): which fields each kind of operation
// asks for, the accounts an expense may go to, and the payload sent to `record_operation`. Pure
// functions, tested in operations.test.ts (beside it); the core (src/business/operations.rs) decides the voucher.
import type { Account, NewOperation } from '../../bindings'

/** The kinds, in the core's order (src/business/operations.rs `KINDS`). */
export const OP_KINDS = [
  'service-income',
  'rental-income',
  'subsidy-received',
  'subsidy-to-assets',
  'loan-received',
  'loan-repaid',
  'wages-accrued',
  'wages-paid',
  'labour-accrued',
  'labour-paid',
  'expense',
] as const
export type OpKind = (typeof OP_KINDS)[number]

export type OpPaid = 'bank' | 'cash' | 'credit'

export interface OpFields {
  /** The interest paid with the principal (loan-repaid). */
  interest: boolean
  /** How money moved; empty when no money moves (accruals, subsidy to assets). */
  paid: readonly OpPaid[]
  /** Short (201) or long (231) loan. */
  term: boolean
  /** The expense account chosen (wages and labour accrued, expenses). */
  account: boolean
  /** Who: the customer, grantor, lender or payee. */
  party: boolean
}

const INCOME: readonly OpPaid[] = ['bank', 'cash', 'credit']
const MONEY: readonly OpPaid[] = ['bank', 'cash']
const NONE: readonly OpPaid[] = []

/** The fields a kind shows, besides the date, the amount and the summary that every kind has. */
export function opFields(kind: string): OpFields {
  const f = (paid: readonly OpPaid[], more: Partial<OpFields> = {}): OpFields => ({ interest: false, paid, term: false, account: false, party: true, ...more })
  switch (kind as OpKind) {
    case 'service-income':
    case 'rental-income':
      return f(INCOME)
    case 'subsidy-received':
      return f(MONEY)
    case 'subsidy-to-assets':
      return f(NONE, { party: false })
    case 'loan-received':
      return f(MONEY, { term: true })
    case 'loan-repaid':
      return f(MONEY, { term: true, interest: true })
    case 'wages-accrued':
    case 'labour-accrued':
      return f(NONE, { account: true })
    case 'wages-paid':
    case 'labour-paid':
      return f(MONEY)
    case 'expense':
      return f(MONEY, { account: true })
    default:
      return f(NONE, { party: false })
  }
}

/** The account the core charges when none is chosen (src/business/operations.rs), for the kinds that choose one. */
export function defaultOpAccount(kind: string): string | null {
  if (kind === 'labour-accrued') return '521'
  if (kind === 'wages-accrued' || kind === 'expense') return '523'
  return null
}

/** Accounts an expense may be charged to: leaf, debit-normal, an expense (5xx) or a cost (4xx). */
export function expenseAccounts(accounts: Account[]): Account[] {
  return accounts.filter((a) => a.leaf && a.direction > 0 && (a.class === 'pnl' || a.class === 'cost')).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
}

/** The account to start with: the core's default when it is a leaf one can book to, else none (the user chooses). */
export function initialOpAccount(kind: string, accounts: Account[]): string {
  const d = defaultOpAccount(kind)
  return d && expenseAccounts(accounts).some((a) => a.code === d) ? d : ''
}

/** The payment to keep when the kind changes: the one chosen if the kind offers it, else bank. */
export function keepPaid(kind: string, paid: string): OpPaid {
  const offered = opFields(kind).paid
  return (offered as readonly string[]).includes(paid) ? (paid as OpPaid) : 'bank'
}

export interface OpForm {
  kind: string
  date: string
  amount: string
  interest: string
  paid: string
  term: string
  account: string
  party: string
  summary: string
}

/** What is sent: the fields the kind does not show are null, so nothing hidden is ever posted. */
export function opPayload(form: OpForm): NewOperation {
  const f = opFields(form.kind)
  const text = (v: string) => (v.trim() === '' ? null : v.trim())
  return {
    kind: form.kind,
    date: form.date.trim(),
    amount: form.amount.trim(),
    interest: f.interest ? text(form.interest) : null,
    paid: f.paid.length ? form.paid || null : null,
    term: f.term ? form.term || null : null,
    account: f.account ? text(form.account) : null,
    party: f.party ? text(form.party) : null,
    summary: text(form.summary),
  }
}

/** The text to filter accounts by: code prefix or name. */
export function filterAccounts(accounts: Account[], query: string): Account[] {
  const q = query.trim().toLowerCase()
  if (!q) return accounts
  return accounts.filter((a) => a.code.startsWith(q) || a.name.toLowerCase().includes(q) || a.full_name.toLowerCase().includes(q))
}
