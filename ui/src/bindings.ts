// Generated from the Rust types by `coopbook::tools::ts::declarations()`; do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test bindings

/** Money: yuan with two decimals, e.g. "1234.50". */
export type Money = string;

/** serde_json::Value. */
export type JsonValue = number | string | boolean | null | Array<JsonValue> | { [key in string]?: JsonValue };

export type ErrorBody = { code: string, message: string, zh: string, en: string, field: string | null, 
/**
 * Every field with a problem, for outlining them all.
 */
fields: Array<string>, };

export type NewCoop = { name: string, uscc: string, village: string, township: string, county: string, reserve_rate: string | null, patronage_rate: string | null, collective_min_share: string | null, };

export type Coop = { name: string, uscc: string, village: string, township: string, county: string, charter: Charter, };

export type Charter = { reserve_rate: string, patronage_rate: string, collective_min_share: string, 
/**
 * Whether members may contribute labour (工日).
 */
allow_labour: boolean, 
/**
 * The largest share one member other than the collective may hold.
 */
member_cap: string, };

export type Setup = { coop: NewCoop, 
/**
 * Whether members may contribute labour (工日); yes when left out.
 */
allow_labour: boolean | null, 
/**
 * The largest share one member other than the collective may hold; 20 % when left out.
 */
member_cap: string | null, 
/**
 * The village collective (村集体经济组织), entered as member no. 1; its kind is `collective`.
 */
collective: NewMember | null, 
/**
 * The password of the user `admin`, who then acts; without one the book starts with no users.
 */
admin_password: string | null, 
/**
 * A full path for the automatic backups; `备份` beside the book when left out.
 */
backup_dir: string | null, };

export type SetupDone = { book: string, coop: Coop, 
/**
 * Member no. 1, the village collective, when one was entered.
 */
collective: Member | null, 
/**
 * Whether the user `admin` was made (and is acting).
 */
admin: boolean, backups: BackupPlace, };

export type CharterChange = { reserve_rate: string | null, patronage_rate: string | null, collective_min_share: string | null, allow_labour: boolean | null, member_cap: string | null, };

export type NewMember = { name: string, id_card: string, kind: string, phone: string | null, joined: string | null, };

export type Member = { no: number, name: string, 
/**
 * Masked: first 4 and last 4 characters.
 */
id_card: string, kind: string, kind_zh: string, phone: string | null, joined: string, exited: string | null, };

export type MemberPage = { rows: Array<Member>, total: number, };

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
reversed_by: number | null, debit: Money, credit: Money, lines: Array<Line>, 
/**
 * The business document that posted this voucher (or its reversal), as `sale:12`.
 */
source: string | null, };

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

export type LedgerPage = { code: string, name: string, direction: "debit" | "credit", member: number | null, from: string, to: string, opening: Money, 
/**
 * The running balance before the page's first row (the opening on the first page).
 */
brought_forward: Money, rows: Array<LedgerRow>, 
/**
 * How many lines the whole range has, and where this page starts.
 */
total: number, offset: number, debit: Money, credit: Money, closing: Money, };

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
 * `totals-mismatch`, `document-tampered`, `users-tampered`.
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
demo_path: string, 
/**
 * Who is logged in to the open book, and what they may do; `None` when no book is open.
 */
me: Me | null, 
/**
 * The name last logged in with (to fill the login form).
 */
last_user: string | null, 
/**
 * The demo book's password, shown on its login screen; `None` for real books.
 */
demo_password: string | null, };

export type NewContribution = { 
/**
 * Member number.
 */
member: string, 
/**
 * cash, land, labour, asset, subsidy.
 */
kind: string, date: string, 
/**
 * The amount for cash, asset and subsidy.
 */
amount: string | null, 
/**
 * Land: area in 亩 and price per 亩.
 */
area: string | null, price_per_mu: string | null, 
/**
 * Labour: days (工日) and price per day.
 */
days: string | null, price_per_day: string | null, 
/**
 * Cash: `cash` (101) or `bank` (102, the default).
 */
via: string | null, 
/**
 * The account debited: labour defaults to 401 生产成本, assets to 151 固定资产, subsidies to
 * 235 专项应付款 (the subsidy received and now quantified), land is always 161 无形资产.
 */
account: string | null, 
/**
 * Land: plot name, location, term of the management right.
 */
plot: string | null, location: string | null, term: string | null, 
/**
 * The members' meeting resolution that approved the valuation (required for land).
 */
valuation_ref: string | null, description: string | null, };

export type Contribution = { id: number, member: number, member_name: string, kind: string, kind_zh: string, date: string, amount: Money, quantity: string | null, unit_price: Money | null, detail: JsonValue, voucher_id: number | null, };

export type ContributionPage = { rows: Array<Contribution>, total: number, };

export type Settlement = { voucher_id: number | null, 
/**
 * The member's share capital (301) and reserve share (322) being settled.
 */
capital: Money, reserve: Money, 
/**
 * The member's part of the accumulated losses, kept back.
 */
losses: Money, 
/**
 * Land management rights handed back (Cr 161), at their contributed value.
 */
land_returned: Money, 
/**
 * Paid in cash or through the bank.
 */
paid: Money, 
/**
 * The part of the losses the money due could not cover (the land going back whole): owed by
 * the member on 114 成员往来.
 */
owed: Money, };

export type MemberAccount = { no: number, name: string, kind: string, year: number, exited: string | null, 
/**
 * Share capital (301) at the year's end.
 */
capital: Money, 
/**
 * Reserve share (322) at the year's end.
 */
reserve: Money, 
/**
 * Quantified subsidies and donations at the year's end.
 */
subsidy: Money, 
/**
 * Patronage refund (221) and residual surplus (222) of the year's surplus, whether the members'
 * meeting approved them by 31 December or in the next year.
 */
patronage: Money, residual: Money, 
/**
 * The member's current account (114) at the year's end: positive, the member owes the co-op.
 */
current_account: Money, contributions: Array<Contribution>, 
/**
 * Trade with the co-op in the year by product — deliveries and purchases (交易量 / 交易额).
 */
trade: Array<ProductTrade>, 
/**
 * The year's trade amount, the basis of the patronage refund.
 */
trade_amount: Money, 
/**
 * The member's line of the year's distribution plan, when there is one.
 */
distribution: PlanMember | null, 
/**
 * The year's patronage refund and residual share paid out (or converted to shares).
 */
paid: Money, };

export type ShareMovement = { 
/**
 * The member giving up the shares.
 */
from: string, 
/**
 * The member receiving them (a transfer); none for a withdrawal.
 */
to: string | null, 
/**
 * cash (default), land, labour or asset: which contribution the shares came from.
 */
kind: string | null, amount: string, date: string, 
/**
 * A withdrawal's payment: cash or bank (default); land comes back as land.
 */
via: string | null, 
/**
 * The members' meeting (or board) decision that allowed it.
 */
approval_ref: string | null, };

export type ImportRowError = { 
/**
 * The row number as the spreadsheet shows it (the first line of the file is row 1).
 */
row: number, 
/**
 * The header text of the column the problem is in, as the file writes it.
 */
column: string, 
/**
 * The cell's content; identity numbers are masked as everywhere else.
 */
value: string, code: string, zh: string, en: string, };

export type ImportReport = { 
/**
 * True when no row has an error (for a dry run: the file would import as it is).
 */
ok: boolean, file: string, 
/**
 * The data rows read (blank rows are not counted).
 */
rows: number, imported: Array<number>, errors: Array<ImportRowError>, 
/**
 * Header texts of columns that are not part of a member and were not read.
 */
ignored_columns: Array<string>, 
/**
 * How the file was read: `UTF-8`, `GBK` or `XLSX`.
 */
encoding: string, };

export type VoucherImport = { 
/**
 * The rows and their problems; `imported` holds the new voucher ids once committed.
 */
report: ImportReport, 
/**
 * The vouchers and lines the file holds (all of them, for a dry run or a refused file too:
 * the good ones are counted, so the numbers say what would be imported).
 */
vouchers: number, lines: number, 
/**
 * The sum of the debits (= of the credits) of the good vouchers.
 */
total: Money, 
/**
 * The first and last date of the good vouchers.
 */
from: string | null, to: string | null, };

export type OpeningRow = { 
/**
 * The row number as the spreadsheet shows it.
 */
row: number, old_code: string, old_name: string, 
/**
 * Empty when the row could not be mapped.
 */
new_code: string, new_name: string, member: number | null, member_name: string | null, debit: Money, credit: Money, status: "same" | "remapped" | "review" | "error", 
/**
 * Why the row was remapped or needs review, names that differ, or what is wrong with it.
 */
note: string, 
/**
 * The import creates the sub-account `new_code`.
 */
new_account: boolean, 
/**
 * The row totals the rows below it (its sub-accounts or members): checked and shown, not posted.
 */
subtotal: boolean, };

export type OpeningImport = { file: string, 
/**
 * How the file was read: `UTF-8`, `GBK` or `XLSX`.
 */
encoding: string, 
/**
 * The chart the old books were kept on: `2007` or `2021`.
 */
chart: string, date: string, 
/**
 * The summary of the opening voucher.
 */
summary: string, 
/**
 * The overrides applied, as `OLD=NEW`.
 */
maps: Array<string>, rows: Array<OpeningRow>, 
/**
 * Totals of the rows that post (subtotal rows left out).
 */
debit: Money, credit: Money, balanced: boolean, errors: Array<ImportRowError>, 
/**
 * Header texts of columns that were not read.
 */
ignored_columns: Array<string>, 
/**
 * The posted opening voucher, once applied.
 */
voucher_id: number | null, };

export type NewProduct = { name: string, unit: string, category: string | null, 
/**
 * Whether stock is kept (sales cannot exceed deliveries); default true.
 */
track_stock: boolean | null, 
/**
 * `member` (default): members deliver it (stock in 128 受托代销商品); `own`: the co-op
 * produces it (costs in 401, harvested into 121 产品物资).
 */
source: string | null, };

export type Product = { id: number, name: string, unit: string, category: string | null, stock_account: string, income_account: string, cost_account: string, track_stock: boolean, source: string, 
/**
 * Delivered less sold, in the product's unit.
 */
stock_quantity: string, 
/**
 * Delivered value less the cost of what was sold.
 */
stock_value: Money, };

export type NewBuyer = { name: string, channel: string, 
/**
 * The member's number when the buyer is a member of the co-op: sales to them are member trade.
 */
member: string | null, };

export type Buyer = { id: number, name: string, channel: string, channel_zh: string, 
/**
 * The member's number when the buyer is a member.
 */
member: number | null, };

export type NewDelivery = { member: string, product: string, quantity: string, 
/**
 * When given, must be the product's unit.
 */
unit: string | null, price: string, date: string, grade: string | null, };

export type NewSale = { date: string, product: string, quantity: string, unit: string | null, price: string, buyer: string, 
/**
 * Defaults to the buyer's channel.
 */
channel: string | null, contract: string | null, 
/**
 * credit (default: 113 应收款), cash, bank, wechat, alipay.
 */
paid: string | null, };

export type TradeRow = { id: number, date: string, product: string, unit: string, quantity: string, price: string, amount: Money, 
/**
 * Deliveries: the member; sales: the buyer.
 */
party: string, 
/**
 * Deliveries: the member; sales: the member the buyer is, when a member (member trade).
 */
member: number | null, channel: string | null, 
/**
 * Sales: credit, cash, bank, wechat or alipay.
 */
paid: string | null, contract: string | null, 
/**
 * Deliveries: the grade.
 */
grade: string | null, voucher_id: number, 
/**
 * The reversal's voucher when the document was reversed.
 */
reversal_voucher_id: number | null, };

export type TradePage = { rows: Array<TradeRow>, total: number, 
/**
 * Over the whole range: how many are not reversed, and their amount (the list's 合计).
 */
live: number, amount: Money, };

export type ProductTrade = { 
/**
 * `delivery` (the member delivered to the co-op) or `purchase` (the member bought from it).
 */
kind: string, product: string, unit: string, quantity: string, amount: Money, };

export type MemberTradeRow = { no: number, name: string, 
/**
 * The sum of the quantities traded (in each product's own unit; see `products`).
 */
quantity: string, 
/**
 * The member's whole trade with the co-op (交易额): delivered + purchased.
 */
amount: Money, 
/**
 * Produce the member delivered (the 114 credits of deliveries).
 */
delivered: Money, 
/**
 * What the member bought from the co-op as a member buyer.
 */
purchased: Money, products: Array<ProductTrade>, };

export type MemberTrade = { year: number, total: Money, delivered: Money, purchased: Money, members: Array<MemberTradeRow>, };

export type Amount = { 
/**
 * A month `YYYY-MM`, a channel code, a product or a buyer.
 */
key: string, label: string, amount: Money, };

export type SalesReport = { year: number, total: Money, 
/**
 * Sales to members (member trade) and to everyone else, kept apart (Art. 41).
 */
member_total: Money, non_member_total: Money, by_month: Array<Amount>, by_channel: Array<Amount>, by_product: Array<Amount>, by_buyer: Array<Amount>, 
/**
 * Month × channel: `[month, channel, amount]` for the trend chart.
 */
by_month_channel: Array<[string, string, Money]>, };

export type NewContract = { code: string, buyer: string, product: string, quantity: string, price: string, start: string, end: string, };

export type ContractRow = { code: string, buyer: string, product: string, unit: string, quantity: string, price: string, start: string, end: string, delivered: string, remaining: string, delivered_amount: Money, };

export type NewAsset = { name: string, category: string | null, acquired: string, cost: string, residual: string | null, life_months: string, 
/**
 * Where depreciation is charged: a 折旧费 sub-account of 521 经营支出 (default, assets used in
 * the business) or of 523 管理费用.
 */
expense_account: string | null, 
/**
 * How it was paid: bank or cash posts Dr 151 / Cr 102 or 101; none registers an asset whose
 * cost is already on 151 (opening books).
 */
paid: string | null, };

export type AssetRow = { id: number, name: string, category: string | null, acquired: string, cost: Money, residual: Money, life_months: number, monthly: Money, months_depreciated: number, accumulated: Money, net: Money, disposed: string | null, };

export type PlanMember = { no: number, name: string, trade_amount: Money, share_basis: Money, patronage: Money, residual: Money, reserve_share: Money, total: Money, 
/**
 * Once paid: how (cash, bank, shares) and the payment voucher.
 */
paid_via: string | null, pay_voucher_id: number | null, };

export type Plan = { year: number, 
/**
 * draft, reviewed (by the Party branch), approved (by the members' meeting), posted, paid —
 * or `what-if` for a plan computed without saving.
 */
status: string, reserve_rate: string, patronage_rate: string, 
/**
 * What the reserve R is quantified to the members by (their 公积金份额), as the charter says:
 * `share` (出资额 + 公积金份额 + quantified subsidies, as the residual) or `trade` (交易额).
 */
reserve_basis: string, surplus: Money, losses: Money, opening: Money, reserve: Money, distributable: Money, patronage: Money, residual: Money, 
/**
 * Why nothing is distributed, when S − L ≤ 0.
 */
note: string | null, branch_date: string | null, branch_ref: string | null, meeting_date: string | null, meeting_ref: string | null, post_voucher_id: number | null, pay_voucher_id: number | null, members: Array<PlanMember>, 
/**
 * The books changed after the plan was computed (the year's surplus, a member's trade or
 * shares): it must be recomputed before it is approved or posted. Only a saved plan read
 * through [`Book::distribution`] says so; a plan just computed is never stale.
 */
stale: boolean, };

export type NewHarvest = { product: string, quantity: string, unit: string | null, 
/**
 * The production cost carried into stock (Dr 121 / Cr 401), at most what 401 holds.
 */
cost: string, date: string, };

export type NewOperation = { kind: string, date: string, amount: string, 
/**
 * loan-repaid: the interest paid with the principal (Dr 524).
 */
interest: string | null, 
/**
 * How money moved: cash, bank (default) or — for income — credit (113).
 */
paid: string | null, 
/**
 * loans: `short` (201, default) or `long` (231).
 */
term: string | null, 
/**
 * The expense account for wages-accrued (default 523), labour-accrued (521) and expense (523).
 */
account: string | null, 
/**
 * Who: the lender, the payee, the customer.
 */
party: string | null, summary: string | null, };

export type Operation = { id: number, kind: string, kind_zh: string, date: string, amount: Money, interest: Money, voucher_id: number, };

export type ShareRow = { no: number, name: string, kind: string, cash: Money, land: Money, labour: Money, asset: Money, 
/**
 * Quantified subsidies and donations (311): the member's share on paper, not in `total`.
 */
subsidy: Money, 
/**
 * Share capital posted to 301 without a contribution document.
 */
other: Money, 
/**
 * The member's 301 balance.
 */
total: Money, 
/**
 * `total` over the register's total, 4 decimals (`"0.3000"`).
 */
share: string, };

export type Flag = { 
/**
 * `collective-below-minimum`, `no-collective`, `farmers-below-80`, `member-above-cap`.
 */
code: string, zh: string, en: string, };

export type ShareRegister = { at: string, 
/**
 * Σ of the members' 301 balances = the 301 balance.
 */
total: Money, subsidy_total: Money, 
/**
 * The collective's share, null without share capital.
 */
collective_share: string | null, members_count: number, 
/**
 * Natural persons (farmers, Party members, village cadres) among the members.
 */
farmers_count: number, flags: Array<Flag>, members: Array<ShareRow>, };

export type NewMemberPayment = { 
/**
 * The member's number.
 */
member: string, amount: string, 
/**
 * cash or bank (default).
 */
via: string | null, date: string, summary: string | null, };

export type MemberPayment = { id: number, member: number, name: string, date: string, amount: Money, via: string, summary: string | null, voucher_id: number, reversal_voucher_id: number | null, };

export type Printed = { 
/**
 * The PDF file written.
 */
path: string, pages: number, 
/**
 * The file's size.
 */
bytes: number, 
/**
 * slips printed, or rows in the notice/statement
 */
items: number, };

export type SlipCode = { no: number, code: string, };

export type CloseCheck = { month: string, ok: boolean, blockers: Array<ErrorBody>, };

export type StatementRow = { 
/**
 * 行次 (the official line number), when the row has one.
 */
line: number | null, 
/**
 * The line as printed: the item name with its numbering and 加：/减：/其中： (`减：累计折旧`).
 */
label: string, 
/**
 * The official item name of the form (`累计折旧`), without the printed prefixes.
 */
name: string, 
/**
 * 0 for a heading or a total, 1 for an item, 2 for a 其中 item.
 */
indent: number, 
/**
 * `heading` (no amounts), `item`, or `total` (printed bold).
 */
kind: "heading" | "item" | "total", 
/**
 * How the amounts are made, e.g. `101+102+109` or `行10+行28`.
 */
formula: string, 
/**
 * One amount per column; `None` leaves the cell empty.
 */
values: Array<Money | null>, };

export type StatementBlock = { title: string, rows: Array<StatementRow>, };

export type StatementCheck = { code: string, zh: string, en: string, left: Money, right: Money, ok: boolean, };

export type Statement = { 
/**
 * `balance-sheet`, `surplus`, `equity-changes`, `member-accounts`, `general-ledger`, `notes`.
 */
kind: string, 
/**
 * 会农社01表 …; empty for the books that have no form number.
 */
form: string, title: string, 
/**
 * 编制单位.
 */
coop: string, 
/**
 * The period as printed: `2025年12月31日`, `2025年度`.
 */
period: string, year: number, 
/**
 * The last day the figures cover.
 */
date: string, 
/**
 * Headings of the amount columns.
 */
columns: Array<string>, blocks: Array<StatementBlock>, 
/**
 * The blocks print beside each other (the two sides of the balance sheet).
 */
side_by_side: boolean, checks: Array<StatementCheck>, 
/**
 * Every check agrees.
 */
ok: boolean, };

export type NoteField = { key: string, title: string, en: string, 
/**
 * Empty when nothing has been written (printed as 无).
 */
text: string, };

export type Correction = { id: number, 
/**
 * `sale-return` or `delivery-correction`.
 */
kind: string, 
/**
 * The sale or delivery it refers to.
 */
of: number, date: string, 
/**
 * The quantity returned (positive), or the change of the delivery's quantity (signed).
 */
quantity: string, 
/**
 * The amount taken off the sale, or the change of the member's 交易额 (signed).
 */
amount: Money, voucher_id: number, };

export type NewInputPurchase = { 
/**
 * The member's number.
 */
member: string, 
/**
 * What was bought: 复合肥, 稻种 …
 */
item: string, quantity: string, unit: string, 
/**
 * What the co-op paid the supplier for it.
 */
cost: string, 
/**
 * The co-op's service fee (代购服务费), charged to the member on top; may be 0.
 */
fee: string | null, date: string, 
/**
 * How the supplier was paid: bank (default), cash, or credit (owed on 211 应付款).
 */
paid: string | null, };

export type InputPurchase = { id: number, member: number, date: string, item: string, quantity: string, unit: string, cost: Money, fee: Money, 
/**
 * What the member is charged (cost + fee): their trade with the co-op.
 */
charged: Money, voucher_id: number, };

export type MemberAccountLine = { 
/**
 * 编号: the entry's number, none on the opening and closing rows.
 */
line: number | null, date: string | null, 
/**
 * 摘要 (年初余额, 年末余额/总额, or what the entry was).
 */
name: string, 
/**
 * 成员出资 — 来源于到户类扶贫项目资产的出资额 and 其他来源的出资额.
 */
capital_poverty: Money | null, capital_other: Money | null, 
/**
 * 公积金份额.
 */
reserve: Money | null, 
/**
 * 接受国家财政直接补助形成财产量化份额 and 接受他人捐赠形成财产量化份额.
 */
subsidy: Money | null, donation: Money | null, 
/**
 * 交易量 and 交易额, one per product column of the form ([`MemberAccountForm::products`]).
 */
quantities: Array<string | null>, amounts: Array<Money | null>, 
/**
 * 盈余返还金额 and 剩余盈余分配金额.
 */
patronage: Money | null, residual: Money | null, };

export type MemberAccountForm = { no: number, 
/**
 * 成员姓名（名称）.
 */
name: string, year: number, 
/**
 * The form's product columns: the products the member traded in the year, the two largest by
 * amount as 产品1 and 产品2, any others together as 其他产品 (the form has two).
 */
products: Array<string>, lines: Array<MemberAccountLine>, };

export type YearCloseCheck = { year: number, ok: boolean, blockers: Array<ErrorBody>, 
/**
 * S: the year's income less expenses.
 */
surplus: Money, 
/**
 * S − L: the year's surplus after the losses carried are made good — what the Co-operative Law
 * requires to be distributed. (02's 可分配盈余, line 16, is this less the reserve, plus any
 * undistributed surplus brought forward; the plan's `distributable` is the same as line 16.)
 */
distributable: Money, 
/**
 * The year's distribution plan status (`draft` … `paid`), if there is a plan.
 */
distribution: string | null, closed: boolean, };

export type YearClose = { year: number, closed_at: string, closed_by: string, surplus: Money, 
/**
 * 结转损益: Dr income / Cr 331, Dr 331 / Cr expenses.
 */
pnl_voucher_id: number | null, 
/**
 * 结转本年盈余: 331 to 332.
 */
transfer_voucher_id: number | null, deferred_reason: string | null, };

export type ManifestCoop = { uscc: string, name: string, village: string, township: string, county: string, };

export type ManifestFile = { name: string, sha256: string, bytes: number, rows: number, };

export type Summary = { members: number, vouchers: number, lines: number, 
/**
 * Σ debits and Σ credits of the lines carried, in 分.
 */
debit_fen: number, credit_fen: number, contributions: number, deliveries: number, sales: number, sales_fen: number, };

export type Manifest = { format: string, version: number, coop: ManifestCoop, seq: number, 
/**
 * SHA-256 of the previous bundle file; none for the first.
 */
prev_sha256: string | null, created_at: string, period_from: string, period_to: string, full: boolean, 
/**
 * The co-op's ed25519 verifying key, hex.
 */
public_key: string, 
/**
 * Change-log rows `(log_from, log_to]` are in the bundle; `log_head` is the hash of row `log_to`.
 */
log_from: number, log_to: number, log_head: string, files: Array<ManifestFile>, summary: Summary, };

export type Exported = { path: string, bytes: number, sha256: string, manifest: Manifest, };

export type SentBundle = { seq: number, created_at: string, created_by: string, full: boolean, period_from: string, period_to: string, sha256: string, summary: Summary, };

export type VillageRow = { uscc: string, name: string, village: string, 
/**
 * The last bundle imported.
 */
last_seq: number, 
/**
 * Of the pinned key.
 */
fingerprint: string, imported_at: string, };

export type TownshipInfo = { path: string, villages: Array<VillageRow>, 
/**
 * The latest year any village's books reach: the report's year to start with.
 */
latest_year: number | null, };

export type BackupInfo = { path: string, bytes: number, 
/**
 * `manual`, `migration`, `month-close`, `year-close`, `import`, `restore`, `daily`.
 */
reason: string, 
/**
 * When it was taken, `YYYY-MM-DD HH:MM:SS` (from its name; the file time for a manual one).
 */
taken_at: string, };

export type BackupPlace = { 
/**
 * The folder chosen for them, or the default one.
 */
dir: string, 
/**
 * The default folder, `备份` beside the book.
 */
default_dir: string, 
/**
 * Whether a folder other than the default was chosen.
 */
custom: boolean, 
/**
 * Whether that folder can be written now; while not, backups go to the default folder.
 */
available: boolean, };

export type User = { name: string, 
/**
 * `admin`, `accountant`, `cashier`, `chairman` or `supervisor`.
 */
role: string, role_zh: string, active: boolean, 
/**
 * Wrong passwords in a row.
 */
failed: number, 
/**
 * Locked until this time (UTC, RFC 3339) when locked now.
 */
locked_until: string | null, created_at: string, };

export type Me = { name: string, 
/**
 * Empty when nobody is logged in.
 */
role: string, role_zh: string, 
/**
 * False for a book that has no users yet (anyone acts with every right).
 */
claimed: boolean, 
/**
 * What the acting user may do (permission codes such as `post`, `close-year`).
 */
permissions: Array<string>, };

export type LogFilter = { 
/**
 * Exactly this user.
 */
user: string | null, 
/**
 * An action (`voucher.post`) or a prefix of one ending in a dot (`voucher.`).
 */
action: string | null, 
/**
 * What was changed: `voucher`, `member`, `user`, …
 */
entity: string | null, 
/**
 * Which one (a voucher id, a member number).
 */
entity_id: string | null, 
/**
 * From this day (YYYY-MM-DD), inclusive.
 */
from: string | null, 
/**
 * To this day (YYYY-MM-DD), inclusive.
 */
to: string | null, 
/**
 * Text anywhere in the row's details.
 */
text: string | null, 
/**
 * Rows per page (default 50, at most 1000) and how many to skip.
 */
limit: number | null, offset: number | null, };

export type LogPage = { rows: Array<LogEntry>, total: number, 
/**
 * The users and actions found in the whole log, for the filter's choices.
 */
users: Array<string>, actions: Array<string>, };

export type Verdict = { file: string, 
/**
 * `imported`, `duplicate` (already there: nothing changed) or `refused`.
 */
status: string, uscc: string | null, name: string | null, seq: number | null, 
/**
 * The refusal, when refused (Chinese first, then English, then the code).
 */
error: ErrorBody | null, message: string, };

export type VillageFigures = { uscc: string, name: string, village: string, last_seq: number, 
/**
 * Members at the year's end (not exited), and by kind.
 */
members: number, kinds: { [key in string]: number }, 
/**
 * The village collective's share of the share capital, 4 decimals; none without capital.
 */
collective_share: string | null, 
/**
 * Contributions made in the year (reversed ones left out), in total and by kind.
 */
contributions: Money, contributions_by_kind: { [key in string]: Money }, sales: Money, sales_by_channel: { [key in string]: Money }, 
/**
 * Sales by month, "01" … "12".
 */
sales_by_month: { [key in string]: Money }, 
/**
 * S: the year's surplus (会农社02 line 15).
 */
surplus: Money, 
/**
 * The year's distribution when posted: reserve, patronage refund, residual, and P + Q.
 */
reserve: Money, patronage: Money, residual: Money, distributed: Money, 
/**
 * P / (P + Q), 4 decimals, when something was distributed.
 */
patronage_share: string | null, 
/**
 * What the village collective received from the year's distribution (its refund and residual).
 */
collective_income: Money, 
/**
 * `distributed` per member, rounded to the 分.
 */
per_member: Money, 
/**
 * `collective-below-30`, `patronage-below-60`.
 */
flags: Array<string>, };

export type TownshipTotals = { coops: number, members: number, contributions: Money, sales: Money, surplus: Money, distributed: Money, collective_income: Money, 
/**
 * Villages whose collective income from the co-op reached 500,000 元, and their share.
 */
villages_500k: number, villages_500k_share: string | null, flagged: number, };

export type TownshipReport = { year: number, villages: Array<VillageFigures>, totals: TownshipTotals, };
