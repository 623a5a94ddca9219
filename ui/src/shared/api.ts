// Every IPC call of the app, one typed function per command of src-tauri/src/commands/.
// Tauri 2 takes command arguments in camelCase; struct payloads keep their snake_case fields.
import { invoke } from '@tauri-apps/api/core'
import type {
  Account,
  AppInfo,
  BackupInfo,
  BackupPlace,
  Setup,
  SetupDone,
  LogFilter,
  LogPage,
  Me,
  User,
  Buyer,
  Charter,
  CharterChange,
  ContractRow,
  Contribution,
  ContributionPage,
  Coop,
  Dashboard,
  ErrorBody,
  ImportReport,
  VoucherImport,
  OpeningImport,
  AssetRow,
  Ledger,
  LedgerPage,
  Member,
  MemberPage,
  MemberAccount,
  MemberLedger,
  MemberPayment,
  MemberTrade,
  Money,
  NewBuyer,
  NewContract,
  NewContribution,
  NewDelivery,
  NewAsset,
  NewHarvest,
  NewMember,
  NewMemberPayment,
  NewOperation,
  NewProduct,
  NewSale,
  NewVoucher,
  Operation,
  Period,
  CloseCheck,
  Statement,
  NoteField,
  Correction,
  InputPurchase,
  NewInputPurchase,
  Exported,
  SentBundle,
  TownshipInfo,
  TownshipReport,
  Verdict,
  YearClose,
  YearCloseCheck,
  Plan,
  Product,
  SalesReport,
  ShareRegister,
  TradePage,
  TradeRow,
  TrialBalance,
  Verification,
  Voucher,
  VoucherFilter,
  VoucherPage,
  Printed,
  SlipCode,
} from '../bindings'

export type { AppInfo, VoucherPage, Printed, SlipCode }

/** The business documents `reverse_document` reverses. */
export type DocumentKind = 'sale' | 'delivery' | 'contribution' | 'operation' | 'harvest' | 'payment'
/** How a member is paid: the cashbox (101) or the bank (102). */
export type PaymentVia = 'cash' | 'bank'
/** How the distribution is paid out: cash, bank, or converted to shares (Dr 221/222, Cr 301). */
export type DistributionVia = 'cash' | 'bank' | 'shares'

/** What the store does when the core says nobody is logged in (e.g. after a restore). */
export const hooks = { loginRequired: () => {} }

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args)
  } catch (e) {
    if (e && typeof e === 'object' && (e as { code?: unknown }).code === 'login-required') hooks.loginRequired()
    throw e
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  /** The first-run setup: the book with its co-op, charter, village collective, admin (then logged in) and backup folder. */
  setupBook: (path: string, setup: Setup) => call<SetupDone>('setup_book', { path, setup }),
  openBook: (path: string) => call<Coop>('open_book', { path }),
  openDemo: () => call<Coop>('open_demo'),
  closeBook: () => call<void>('close_book'),
  pickBookFile: () => call<string | null>('pick_book_file'),
  pickNewBookPath: () => call<string | null>('pick_new_book_path'),
  // users and roles (用户与权限)
  login: (user: string, password: string) => call<Me>('login', { user, password }),
  logout: () => call<Me>('logout'),
  /** A book without users: its first user, an admin, is made and logged in. */
  claimBook: (user: string, password: string) => call<Me>('claim_book', { user, password }),
  users: () => call<User[]>('users'),
  addUser: (user: string, role: string, password: string) => call<User>('add_user', { user, role, password }),
  setUserRole: (user: string, role: string) => call<User>('set_user_role', { user, role }),
  setUserActive: (user: string, active: boolean) => call<User>('set_user_active', { user, active }),
  unlockUser: (user: string) => call<User>('unlock_user', { user }),
  /** The admin sets someone's password (which also unlocks them). */
  resetPassword: (user: string, password: string) => call<User>('reset_password', { user, password }),
  /** The logged-in user's own password, after the current one. */
  changePassword: (current: string, password: string) => call<User>('change_password', { current, password }),
  auditLog: (filter: LogFilter) => call<LogPage>('audit_log', { filter }),
  backups: () => call<BackupInfo[]>('backups'),
  backupNow: () => call<BackupInfo>('backup_now'),
  backupPlace: () => call<BackupPlace>('backup_place'),
  /** `null`: back to 备份 beside the book. */
  setBackupDir: (dir: string | null) => call<BackupPlace>('set_backup_dir', { dir }),
  pickBackupDir: () => call<string | null>('pick_backup_dir'),
  /** Restores the open book from a backup (the book as it was is backed up first). */
  restoreBackup: (path: string) => call<BackupInfo>('restore_backup', { path }),
  pickBackupFile: () => call<string | null>('pick_backup_file'),
  setLocale: (locale: string) => call<void>('set_locale', { locale }),
  coop: () => call<Coop>('coop'),
  /** Any of the charter's settings, in one transaction; what is null keeps its value. */
  setCharter: (change: CharterChange) => call<Charter>('set_charter', { change }),
  dashboard: (year: number) => call<Dashboard>('dashboard', { year }),
  members: (query: string | null) => call<Member[]>('members', { query }),
  /** One page of the member list (number order) and how many members the query matches. */
  memberPage: (query: string | null, limit: number, offset: number) => call<MemberPage>('member_page', { query, limit, offset }),
  addMember: (member: NewMember) => call<Member>('add_member', { member }),
  updateMember: (no: number, member: NewMember) => call<Member>('update_member', { no, member }),
  /** `via`: `bank` (the default) or `cash`, how the settlement is paid. */
  exitMember: (no: number, date: string, via: string | null) => call<Member>('exit_member', { no, date, via }),
  pickImportFile: () => call<string | null>('pick_import_file'),
  importMembers: (path: string, dryRun: boolean) => call<ImportReport>('import_members', { path, dryRun }),
  /** A list of sales (CSV or XLSX, e.g. the online mall's monthly export); all or nothing like the members. */
  importSales: (path: string, dryRun: boolean) => call<ImportReport>('import_sales', { path, dryRun }),
  importVouchers: (path: string, dryRun: boolean) => call<VoucherImport>('import_vouchers', { path, dryRun }),
  /**
   * Maps an opening balance file of old books (期初余额表) to the 2021 chart without writing:
   * `chart` 2007 (default) or 2021, `map` overrides `OLD=NEW`. Bad rows and unequal totals are in the report.
   */
  openingPreview: (path: string, date: string | null, chart: string | null, map: string[]) =>
    call<OpeningImport>('opening_preview', { path, date, chart, map }),
  /** Writes the opening balances as one posted voucher; refused unless every row is good and they balance. */
  openingApply: (path: string, date: string | null, chart: string | null, map: string[]) =>
    call<OpeningImport>('opening_apply', { path, date, chart, map }),
  contribute: (contribution: NewContribution) => call<Contribution>('contribute', { contribution }),
  contributions: (member: number | null) => call<Contribution[]>('contributions', { member }),
  contributionPage: (member: number | null, limit: number, offset: number) => call<ContributionPage>('contribution_page', { member, limit, offset }),
  shares: (at: string) => call<ShareRegister>('shares', { at }),
  memberAccount: (no: number, year: number) => call<MemberAccount>('member_account', { no, year }),
  memberLedger: (no: number, from: string, to: string) => call<MemberLedger>('member_ledger', { no, from, to }),
  accounts: () => call<Account[]>('accounts'),
  addAccount: (code: string, name: string, parent: string) => call<Account>('add_account', { code, name, parent }),
  vouchers: (filter: VoucherFilter) => call<VoucherPage>('vouchers', { filter }),
  voucher: (id: number) => call<Voucher>('voucher', { id }),
  addVoucher: (voucher: NewVoucher) => call<Voucher>('add_voucher', { voucher }),
  reviewVoucher: (id: number) => call<Voucher>('review_voucher', { id }),
  unreviewVoucher: (id: number) => call<Voucher>('unreview_voucher', { id }),
  postVoucher: (id: number) => call<Voucher>('post_voucher', { id }),
  reverseVoucher: (id: number, date: string | null) => call<Voucher>('reverse_voucher', { id, date }),
  deleteVoucher: (id: number) => call<void>('delete_voucher', { id }),
  trialBalance: (from: string, to: string) => call<TrialBalance>('trial_balance', { from, to }),
  ledger: (account: string, from: string, to: string, member: number | null) =>
    call<Ledger>('ledger', { account, from, to, member }),
  /** One page of the ledger: its rows, the balance brought forward before them, the range's totals. */
  ledgerPage: (account: string, from: string, to: string, member: number | null, limit: number, offset: number) =>
    call<LedgerPage>('ledger_page', { account, from, to, member, limit, offset }),
  periods: () => call<Period[]>('periods'),
  closePeriod: (month: string) => call<Period>('close_period', { month }),
  /** Every blocker of a month's close, without closing it. */
  closeCheck: (month: string) => call<CloseCheck>('close_check', { month }),
  reopenPeriod: (month: string) => call<Period>('reopen_period', { month }),
  verify: () => call<Verification>('verify'),
  // trade (购销)
  products: () => call<Product[]>('products'),
  addProduct: (product: NewProduct) => call<Product>('add_product', { product }),
  buyers: () => call<Buyer[]>('buyers'),
  addBuyer: (buyer: NewBuyer) => call<Buyer>('add_buyer', { buyer }),
  deliver: (delivery: NewDelivery) => call<TradeRow>('deliver', { delivery }),
  sell: (sale: NewSale) => call<TradeRow>('sell', { sale }),
  memberTrade: (year: number) => call<MemberTrade>('member_trade', { year }),
  salesReport: (year: number) => call<SalesReport>('sales_report', { year }),
  contracts: () => call<ContractRow[]>('contracts'),
  addContract: (contract: NewContract) => call<ContractRow>('add_contract', { contract }),
  /** Sales or deliveries dated from … to (inclusive), reversed ones included. */
  tradeRows: (kind: 'sale' | 'delivery', from: string, to: string) => call<TradeRow[]>('trade_rows', { kind, from, to }),
  /** One page of them, newest first, and how many there are in the range. */
  tradePage: (kind: 'sale' | 'delivery', from: string, to: string, limit: number, offset: number) =>
    call<TradePage>('trade_page', { kind, from, to, limit, offset }),
  /** Reverses a document with its voucher; returns the reversal voucher's id. */
  reverseDocument: (kind: DocumentKind, id: number) => call<number>('reverse_document', { kind, id }),
  /** Returns a sale (销售退回), all that is left (`quantity` null) or part, dated in an open month. */
  returnSale: (id: number, date: string, quantity: string | null, reason: string) => call<Correction>('return_sale', { id, date, quantity, reason }),
  /** Inputs bought for a member (受托代购, 127) with the co-op's service fee. */
  buyInputs: (p: NewInputPurchase) => call<InputPurchase>('buy_inputs', { p }),
  /** Corrects a member's delivery by a signed quantity (交售更正), dated in an open month. */
  correctDelivery: (id: number, date: string, quantity: string, reason: string) => call<Correction>('correct_delivery', { id, date, quantity, reason }),
  // member payments (成员付款: Dr 114 / Cr 101 or 102)
  /** Pays a member for delivered produce; more than `owedToMember` is refused (`exceeds-owed`). */
  payMember: (payment: NewMemberPayment) => call<MemberPayment>('pay_member', { payment }),
  /** One member's payments, or everyone's (null); reversed ones included. */
  memberPayments: (member: number | null) => call<MemberPayment[]>('member_payments', { member }),
  /** What the co-op owes the member (114) at the date. */
  owedToMember: (no: number, date: string) => call<Money>('owed_to_member', { no, date }),
  // year-end surplus distribution (盈余分配, DESIGN §3)
  /**
   * Computes the year's plan with the rates typed ("10%" or "0.10"; null = the charter's). `whatIf`
   * computes without saving (status `what-if`); otherwise the draft is saved or recomputed
   * (refused with `plan-locked` once the Party branch reviewed it).
   */
  distributionPlan: (year: number, reserveRate: string | null, patronageRate: string | null, whatIf: boolean) =>
    call<Plan>('distribution_plan', { year, reserveRate, patronageRate, whatIf }),
  /** The year's saved plan; refused with `no-plan` when there is none. */
  distribution: (year: number) => call<Plan>('distribution', { year }),
  /** The Party branch's review: the meeting's date and minutes reference. */
  approveBranch: (year: number, date: string, reference: string) => call<Plan>('approve_branch', { year, date, reference }),
  /** The members' meeting's approval: its date and resolution number (after the branch's review). */
  approveMeeting: (year: number, date: string, reference: string) => call<Plan>('approve_meeting', { year, date, reference }),
  /** Posts the approved plan (Dr 332 各项分配 / Cr 322, 221, 222, dated the meeting); returns the voucher id. */
  postDistribution: (year: number) => call<number>('post_distribution', { year }),
  /** Pays one member (`member`) or everyone not yet paid (null); returns the voucher id. */
  payDistribution: (year: number, via: DistributionVia, date: string | null, member: number | null) =>
    call<number>('pay_distribution', { year, via, date, member }),
  /** Each member's verification code (校验码) as printed on the slips. */
  slipCodes: (year: number) => call<SlipCode[]>('slip_codes', { year }),
  // printing: the core writes the PDF and opens it in the system viewer
  /** The distribution slips (盈余分配通知单), three to an A4 page: everyone's, or one member's. */
  printSlips: (year: number, member: number | null) => call<Printed>('print_slips', { year, member }),
  /** A member's account statement (成员账户) for the year. */
  printStatement: (no: number, year: number) => call<Printed>('print_statement', { no, year }),
  /** A member's 成员账户 in the form of the 2021 appendix (A4 landscape). */
  printMemberAccount: (no: number, year: number) => call<Printed>('print_member_account', { no, year }),
  /** The plan's public notice (公示) table, A4 landscape. */
  printNotice: (year: number) => call<Printed>('print_notice', { year }),
  /** 记账凭证 as PDF: a month's (`YYYY-MM`) or, with month null, the vouchers named. */
  printVouchers: (month: string | null, ids: number[]) => call<Printed>('print_vouchers', { month, ids }),
  /** A statement (会农社01/02/03, 成员账户表, 总账) as its printed A4 form; `month` for the balance sheet. */
  printReport: (kind: string, year: number, month: number | null) => call<Printed>('print_report', { kind, year, month }),
  statement: (kind: string, year: number, month: number | null) => call<Statement>('statement', { kind, year, month }),
  exportStatement: (kind: string, year: number, month: number | null) => call<Printed>('export_statement', { kind, year, month }),
  /** The notes to the statements only a person knows (附注, 第五十八条), as written for the year. */
  noteFields: (year: number) => call<NoteField[]>('note_fields', { year }),
  /** Writes one of them (an empty text removes it); returns them all. */
  setNote: (year: number, key: string, text: string) => call<NoteField[]>('set_note', { year, key, text }),
  yearCloseCheck: (year: number, defer: string | null) => call<YearCloseCheck>('year_close_check', { year, defer }),
  closeYear: (year: number, defer: string | null) => call<YearClose>('close_year', { year, defer }),
  closedYears: () => call<YearClose[]>('closed_years'),
  keyFingerprint: () => call<string>('key_fingerprint'),
  pickBundleSavePath: (name: string) => call<string | null>('pick_bundle_save_path', { name }),
  pickBundleFiles: () => call<string[]>('pick_bundle_files'),
  pickTownshipPath: (create: boolean) => call<string | null>('pick_township_path', { create }),
  nextBundleName: () => call<string>('next_bundle_name'),
  exportBundle: (path: string | null, full: boolean) => call<Exported>('export_bundle', { path, full }),
  bundlesSent: () => call<SentBundle[]>('bundles_sent'),
  townshipInfo: () => call<TownshipInfo | null>('township_info'),
  townshipOpen: (path: string) => call<TownshipInfo>('township_open', { path }),
  townshipImport: (paths: string[]) => call<Verdict[]>('township_import', { paths }),
  townshipReport: (year: number) => call<TownshipReport>('township_report', { year }),
  townshipStatement: (uscc: string, kind: string, year: number, month: number | null) => call<Statement>('township_statement', { uscc, kind, year, month }),
  townshipExportReport: (year: number) => call<Printed>('township_export_report', { year }),
  // assets and other business (资产与费用)
  assets: (at: string) => call<AssetRow[]>('assets', { at }),
  addAsset: (asset: NewAsset) => call<AssetRow>('add_asset', { asset }),
  /** A month's depreciation (`YYYY-MM`): the voucher id, or null when no asset depreciates that month. */
  depreciate: (month: string) => call<number | null>('depreciate', { month }),
  /** `via`: bank (default) or cash, where the proceeds go; returns the voucher id. */
  disposeAsset: (id: number, date: string, proceeds: string, via: string | null) => call<number>('dispose_asset', { id, date, proceeds, via }),
  recordOperation: (operation: NewOperation) => call<Operation>('record_operation', { operation }),
  operations: () => call<Operation[]>('operations'),
  /** A harvest of the co-op's own product; returns its voucher id. */
  harvest: (harvest: NewHarvest) => call<number>('harvest', { harvest }),
}

export type Api = typeof api

/** A rejected call as an ErrorBody (the core's), or one made from whatever else was thrown. */
export function toErrorBody(e: unknown): ErrorBody {
  if (e && typeof e === 'object' && 'code' in e && ('zh' in e || 'en' in e)) {
    const b = e as Partial<ErrorBody>
    return {
      code: String(b.code ?? 'error'),
      message: String(b.message ?? b.zh ?? b.en ?? ''),
      zh: String(b.zh ?? b.message ?? ''),
      en: String(b.en ?? b.message ?? ''),
      field: b.field ?? null,
      fields: Array.isArray(b.fields) ? b.fields.map(String) : b.field ? [b.field] : [],
    }
  }
  const text = e instanceof Error ? e.message : String(e)
  return { code: 'ipc', message: text, zh: text, en: text, field: null, fields: [] }
}
