// Generated from the Rust types by `coopbook::ts::declarations()`; do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test bindings

/** Money: yuan with two decimals, e.g. "1234.50". */
export type Money = string;

/** serde_json::Value. */
export type JsonValue = number | string | boolean | null | Array<JsonValue> | { [key in string]?: JsonValue };

export type ErrorBody = { code: string, message: string, zh: string, en: string, field: string | null, };

export type NewCoop = { name: string, uscc: string, village: string, township: string, county: string, reserve_rate: string | null, patronage_rate: string | null, collective_min_share: string | null, };

export type Coop = { name: string, uscc: string, village: string, township: string, county: string, charter: Charter, };

export type Charter = { reserve_rate: string, patronage_rate: string, collective_min_share: string, };

export type NewMember = { name: string, id_card: string, kind: string, phone: string | null, joined: string | null, };

export type Member = { no: number, name: string, 
/**
 * Masked: first 4 and last 4 characters.
 */
id_card: string, kind: string, kind_zh: string, phone: string | null, joined: string, exited: string | null, };

export type Account = { code: string, name: string, parent: string | null, 
/**
 * asset, liability, equity, cost, pnl.
 */
class: string, 
/**
 * 1 debit-normal, -1 credit-normal.
 */
direction: number, member_ledger: boolean, system: boolean, leaf: boolean, 
/**
 * `501 经营收入:50101 香菇`: codes and names of the account and its ancestors.
 */
full_name: string, };

export type NewLine = { account: string, debit: string, credit: string, member: string | null, 
/**
 * The line's own summary; the voucher's when empty.
 */
summary: string | null, };

export type NewVoucher = { date: string, summary: string, attachments: number, lines: Array<NewLine>, };

export type Line = { line_no: number, account: string, account_name: string, member: number | null, member_name: string | null, summary: string, debit: Money, credit: Money, };

export type Voucher = { id: number, 
/**
 * `记-0001`: the word and the number within its month.
 */
no: string, date: string, summary: string, attachments: number, status: string, prepared_by: string, reviewed_by: string | null, posted_by: string | null, 
/**
 * The voucher this one reverses (红字冲销), if any.
 */
reverses: number | null, 
/**
 * The voucher that reverses this one, if any.
 */
reversed_by: number | null, debit: Money, credit: Money, lines: Array<Line>, };

export type VoucherRow = { id: number, no: string, date: string, summary: string, status: string, prepared_by: string, reviewed_by: string | null, reverses: number | null, 
/**
 * The voucher that reverses this one, if any.
 */
reversed_by: number | null, amount: Money, };

export type VoucherPage = { rows: Array<VoucherRow>, total: number, };

export type VoucherFilter = { 
/**
 * `YYYY-MM`.
 */
month: string | null, status: string | null, limit: number | null, offset: number | null, };

export type TrialBalanceRow = { code: string, name: string, level: number, 
/**
 * `debit` or `credit`: the account's normal side; opening and closing are signed in it.
 */
direction: "debit" | "credit", opening: Money, debit: Money, credit: Money, closing: Money, };

export type TrialBalanceTotals = { opening_debit: Money, opening_credit: Money, debit: Money, credit: Money, closing_debit: Money, closing_credit: Money, 
/**
 * Debits equal credits in every column.
 */
balanced: boolean, };

export type TrialBalance = { from: string, to: string, accounts: Array<TrialBalanceRow>, totals: TrialBalanceTotals, };

export type LedgerRow = { date: string, voucher_id: number, voucher_no: string, account: string, summary: string, member: number | null, debit: Money, credit: Money, 
/**
 * Running balance in the account's normal direction.
 */
balance: Money, };

export type Ledger = { code: string, name: string, direction: "debit" | "credit", member: number | null, from: string, to: string, opening: Money, rows: Array<LedgerRow>, debit: Money, credit: Money, closing: Money, };

export type MemberLedger = { no: number, name: string, accounts: Array<Ledger>, };

export type Period = { month: string, closed: boolean, closed_by: string | null, closed_at: string | null, vouchers: number, unposted: number, };

export type MonthAmount = { 
/**
 * `YYYY-MM`.
 */
month: string, amount: Money, };

export type Dashboard = { year: number, 
/**
 * Balances at the end of the year (or today, for the current year).
 */
cash: Money, bank: Money, other_money: Money, 
/**
 * Income (5xx credit-normal accounts) and expenses (5xx debit-normal) of the year.
 */
income: Money, expenses: Money, surplus: Money, members: number, share_capital: Money, 
/**
 * The collective's part of the share capital (301), as a fraction `"0.4966"`; null when
 * there is no share capital yet.
 */
collective_share: string | null, collective_min_share: string, 
/**
 * The collective holds less than the charter's minimum.
 */
collective_below_minimum: boolean, income_by_month: Array<MonthAmount>, };

export type Problem = { 
/**
 * Stable code: `log-chain-broken`, `trigger-missing`, `voucher-unbalanced`, `voucher-tampered`,
 * `totals-mismatch`.
 */
code: string, zh: string, en: string, };

export type Verification = { ok: boolean, log_rows: number, log_head: string, posted_vouchers: number, problems: Array<Problem>, };

export type LogEntry = { seq: number, at: string, user: string, action: string, entity: string, entity_id: string, payload: JsonValue, hash: string, };

export type DemoSummary = { members: number, vouchers: number, lines: number, years: string, };

export type AppInfo = { version: string, 
/**
 * The open book's file, if one is open.
 */
book: string | null, coop: Coop | null, 
/**
 * The acting user.
 */
user: string, 
/**
 * `zh-CN` or `en`.
 */
locale: string, 
/**
 * Why the remembered or `COOPBOOK_DB` book did not open at start.
 */
start_error: ErrorBody | null, 
/**
 * Milliseconds from process start to the book being open.
 */
startup_ms: number, 
/**
 * Where the demo co-op's book is kept.
 */
demo_path: string, };
