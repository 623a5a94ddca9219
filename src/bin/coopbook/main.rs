//! The `coopbook` command line: every command is a thin call into the core library, printing a
//! table for people or, with `--json`, one JSON document for scripts. A refusal prints
//! `中文 / English [code]` on stderr and exits 1; usage errors exit 2.

use clap::{Args, Parser, Subcommand};
use coopbook::contribution::ShareMovement;
use coopbook::coop::NewCoop;
use coopbook::import::{ImportReport, ImportRowError};
use coopbook::member::NewMember;
use coopbook::opening::{OpeningImport, OpeningOptions};
use coopbook::report::{Ledger, TrialBalance};
use coopbook::voucher::{NewLine, NewVoucher, Voucher, VoucherFilter};
use coopbook::voucher_import::VoucherImport;
use coopbook::{Book, Error, Mode, Money, Result};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "coopbook", version, about = "Coopbook 合作社账本 — bookkeeping for village co-ops")]
struct Cli {
    /// The book file (default: $COOPBOOK_DB, else book.coopbook in the user's data folder).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// The acting user (default: $COOPBOOK_USER, else "admin").
    #[arg(long, global = true)]
    user: Option<String>,
    /// Print one JSON document instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new book for a co-op.
    Init(InitArgs),
    /// Show the co-op's profile and charter, or change the charter.
    Coop {
        #[command(subcommand)]
        cmd: CoopCmd,
    },
    /// Members (成员).
    Member {
        #[command(subcommand)]
        cmd: MemberCmd,
    },
    /// Chart of accounts (科目).
    Account {
        #[command(subcommand)]
        cmd: AccountCmd,
    },
    /// Vouchers (记账凭证).
    Voucher {
        #[command(subcommand)]
        cmd: VoucherCmd,
    },
    /// Month close and reopen (结账 / 反结账).
    Period {
        #[command(subcommand)]
        cmd: PeriodCmd,
    },
    /// The township station's side (乡镇经管站): --db is the township database; import villages'
    /// bundles, list villages, a village's statements as imported, re-pin a village's key.
    Township {
        #[command(subcommand)]
        cmd: TownshipCmd,
    },
    /// A checked copy of the book (online backup API, integrity-checked, written atomically).
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// The automatic backups kept in the 备份 folder beside the book, newest first.
    Backups,
    /// Restore the book from a backup (the book as it is is backed up first).
    Restore { file: PathBuf },
    /// Sync bundles to the township (同步包): export, check a file, the co-op's key fingerprint.
    Bundle {
        #[command(subcommand)]
        cmd: BundleCmd,
    },
    /// Year-end close (年结): check what blocks it, close, list closed years.
    Year {
        #[command(subcommand)]
        cmd: YearCmd,
    },
    /// Reports (科目余额表, 明细账, 成员明细).
    Report {
        #[command(subcommand)]
        cmd: ReportCmd,
    },
    /// Export the posted books.
    Export {
        #[command(subcommand)]
        cmd: ExportCmd,
    },
    /// Products (产品).
    Product {
        #[command(subcommand)]
        cmd: ProductCmd,
    },
    /// Buyers (客户) and their sales channel.
    Buyer {
        #[command(subcommand)]
        cmd: BuyerCmd,
    },
    /// Record a member's delivery of produce (交售 / 统购) and post its voucher.
    Deliver {
        #[arg(long)]
        member: String,
        #[arg(long)]
        product: String,
        #[arg(long)]
        qty: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        price: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        grade: Option<String>,
    },
    /// Record the co-op's own harvest (自产收获入库): production cost from 401 into stock (121).
    Harvest {
        #[arg(long)]
        product: String,
        #[arg(long)]
        qty: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        cost: String,
        #[arg(long)]
        date: String,
    },
    /// Other business: service-income, rental-income, subsidy-received, subsidy-to-assets,
    /// loan-received, loan-repaid, wages-accrued, wages-paid, labour-accrued, labour-paid, expense.
    Operation {
        kind: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        interest: Option<String>,
        /// cash, bank (default) or, for income, credit.
        #[arg(long)]
        paid: Option<String>,
        /// Loans: short (201, default) or long (231).
        #[arg(long)]
        term: Option<String>,
        /// The expense account (wages: 523; labour: 521; expense: 523).
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        party: Option<String>,
        #[arg(long)]
        summary: Option<String>,
    },
    /// Sales (销售).
    Sale {
        #[command(subcommand)]
        cmd: SaleCmd,
    },
    /// Fixed assets (固定资产): register, monthly depreciation, disposal.
    Asset {
        #[command(subcommand)]
        cmd: AssetCmd,
    },
    /// Purchase agreements (购销协议) and their fulfilment.
    Contract {
        #[command(subcommand)]
        cmd: ContractCmd,
    },
    /// Print to PDF: dividend slips, a member's account statement, the 公示 notice, vouchers, statements.
    Print {
        #[command(subcommand)]
        cmd: PrintCmd,
    },
    /// Business documents (deliveries, sales, contributions).
    Document {
        #[command(subcommand)]
        cmd: DocumentCmd,
    },
    /// The year-end surplus distribution (盈余分配, Co-operative Law Art. 44).
    Distribution {
        #[command(subcommand)]
        cmd: DistributionCmd,
    },
    /// Record a member's contribution (出资) and post its voucher.
    Contribute(ContributeArgs),
    /// Transfer shares to another member (转让).
    TransferShares(TransferArgs),
    /// Return part of a member's contribution (退股) while they stay a member.
    Withdraw(WithdrawArgs),
    /// The share register (股权登记) at a date (default today).
    Shares {
        #[arg(long)]
        at: Option<String>,
    },
    /// Import from a file (导入): the member roll (花名册), a list of sales or the opening
    /// balances of old books (期初余额表), as CSV or XLSX.
    Import {
        #[command(subcommand)]
        cmd: ImportCmd,
    },
    /// Create a demo co-op book with members and posted vouchers.
    Demo(DemoArgs),
    /// Check the change log's hash chain and the ledger invariants.
    Verify,
    /// The change log (审计日志), newest first, filtered.
    Log {
        #[arg(long, default_value_t = 20)]
        limit: i64,
        /// Rows by this user only.
        #[arg(long = "by")]
        by: Option<String>,
        /// An action (`voucher.post`) or a prefix ending in a dot (`voucher.`).
        #[arg(long)]
        action: Option<String>,
        /// What was changed (`voucher`, `member`, `user`, …) and, optionally, which one.
        #[arg(long)]
        entity: Option<String>,
        #[arg(long)]
        id: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// Text anywhere in the row.
        #[arg(long)]
        text: Option<String>,
    },
    /// Users and roles (用户): add, list, change a role or password, disable, unlock.
    User {
        #[command(subcommand)]
        cmd: UserCmd,
    },
    /// Who is acting, with their role and what they may do.
    Whoami,
    /// Time what an accountant waits for on this book (opening, trial balances, a member's account,
    /// the sales report, the distribution plan, all slips, backup, verify, a full bundle and its
    /// township import) beside `hledger bal` on the same book; the book is not changed.
    Bench {
        /// Where the copies, PDF, bundle and journal go (default: bench-scratch beside the book).
        #[arg(long)]
        scratch: Option<PathBuf>,
        /// Leave hledger out.
        #[arg(long)]
        no_hledger: bool,
        /// Only the interactive steps (opening to the distribution plan).
        #[arg(long)]
        quick: bool,
    },
}

#[derive(Subcommand)]
enum UserCmd {
    /// Add a user; the password comes from $COOPBOOK_NEW_PASSWORD or is asked for.
    Add {
        name: String,
        /// admin, accountant, cashier, chairman or supervisor (or 管理员, 会计, 出纳, 理事长, 监事).
        #[arg(long)]
        role: String,
    },
    List,
    /// Change a user's role (admin).
    Role {
        name: String,
        #[arg(long)]
        role: String,
    },
    /// Set a password: your own (after your current one), or anyone's as the admin. The new
    /// password comes from $COOPBOOK_NEW_PASSWORD or is asked for.
    Password {
        name: Option<String>,
    },
    /// Disable a user (admin); they can no longer log in.
    Disable {
        name: String,
    },
    /// Enable a disabled user (admin).
    Enable {
        name: String,
    },
    /// Lift the lock after too many wrong passwords (admin).
    Unlock {
        name: String,
    },
    /// Who may do what (the permission table).
    Permissions,
}

#[derive(Args)]
struct InitArgs {
    #[arg(long)]
    name: String,
    #[arg(long)]
    uscc: String,
    #[arg(long)]
    village: String,
    #[arg(long)]
    township: String,
    #[arg(long)]
    county: String,
    #[arg(long)]
    reserve_rate: Option<String>,
    #[arg(long)]
    patronage_rate: Option<String>,
    #[arg(long)]
    collective_min_share: Option<String>,
    /// Whether members may contribute labour (true/false; true when left out).
    #[arg(long)]
    allow_labour: Option<bool>,
    /// The largest share one member other than the collective may hold (0.20 when left out).
    #[arg(long)]
    member_cap: Option<String>,
    /// The village collective (村集体经济组织), entered as member no. 1: its name …
    #[arg(long, requires = "collective_uscc")]
    collective_name: Option<String>,
    /// … and its unified social credit code.
    #[arg(long, requires = "collective_name")]
    collective_uscc: Option<String>,
    /// The day the collective joined (today when left out).
    #[arg(long, requires = "collective_name")]
    collective_joined: Option<String>,
    /// A full path for the automatic backups (备份 beside the book when left out).
    #[arg(long)]
    backup_dir: Option<String>,
}

#[derive(Subcommand)]
enum CoopCmd {
    Show,
    /// Where the automatic backups go; with DIR, send them there; with --default, back to 备份
    /// beside the book.
    BackupDir {
        dir: Option<String>,
        #[arg(long, conflicts_with = "dir")]
        default: bool,
    },
    /// Change charter settings.
    Charter {
        #[arg(long)]
        reserve_rate: Option<String>,
        #[arg(long)]
        patronage_rate: Option<String>,
        #[arg(long)]
        collective_min_share: Option<String>,
        /// Whether members may contribute labour (true/false).
        #[arg(long)]
        allow_labour: Option<bool>,
        /// The largest share one member other than the collective may hold.
        #[arg(long)]
        member_cap: Option<String>,
    },
}

#[derive(Subcommand)]
enum MemberCmd {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        id_card: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        joined: Option<String>,
    },
    List {
        /// Filter by name, number or the visible part of the ID.
        #[arg(long)]
        search: Option<String>,
    },
    Show {
        no: i64,
    },
    Exit {
        no: i64,
        #[arg(long)]
        date: String,
        /// How the settlement's cash part is paid: cash or bank (default).
        #[arg(long)]
        via: Option<String>,
    },
    /// Pay a member for delivered produce (Dr 114 / Cr 101 or 102), up to what the co-op owes.
    Pay {
        no: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        date: String,
        /// cash or bank (default).
        #[arg(long)]
        via: Option<String>,
        #[arg(long)]
        summary: Option<String>,
    },
    /// Payments to members (all, or one member's).
    Payments {
        #[arg(long)]
        member: Option<i64>,
    },
    /// What the co-op owes a member on 114 成员往来.
    Owed {
        no: i64,
        #[arg(long)]
        at: Option<String>,
    },
}

#[derive(Subcommand)]
enum AssetCmd {
    Add {
        name: String,
        #[arg(long)]
        acquired: String,
        #[arg(long)]
        cost: String,
        #[arg(long)]
        life_months: String,
        #[arg(long)]
        residual: Option<String>,
        #[arg(long)]
        category: Option<String>,
        /// 521 (default) or 523.
        #[arg(long)]
        expense_account: Option<String>,
        /// bank (default), cash, or none (already on 151).
        #[arg(long)]
        paid: Option<String>,
    },
    List {
        #[arg(long)]
        at: Option<String>,
    },
    /// Run a month's straight-line depreciation (one voucher).
    Depreciate { month: String },
    Dispose {
        id: i64,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "0")]
        proceeds: String,
        #[arg(long)]
        via: Option<String>,
    },
}

#[derive(Subcommand)]
enum ContractCmd {
    Add {
        code: String,
        #[arg(long)]
        buyer: String,
        #[arg(long)]
        product: String,
        #[arg(long)]
        qty: String,
        #[arg(long)]
        price: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    List,
}

#[derive(Subcommand)]
enum DistributionCmd {
    /// Make (or remake while draft) the plan; --what-if computes without saving.
    Plan {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        reserve_rate: Option<String>,
        #[arg(long)]
        patronage_rate: Option<String>,
        #[arg(long)]
        what_if: bool,
    },
    /// Show the saved plan.
    Show {
        #[arg(long)]
        year: i32,
    },
    /// The Party branch's review (党支部研究审议).
    ApproveBranch {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        date: String,
        #[arg(long = "ref")]
        reference: String,
    },
    /// The members' meeting's approval (成员大会决议).
    ApproveMeeting {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        date: String,
        #[arg(long = "ref")]
        reference: String,
    },
    Post {
        #[arg(long)]
        year: i32,
    },
    Pay {
        #[arg(long)]
        year: i32,
        /// cash, bank or shares (converted to share capital).
        #[arg(long)]
        via: String,
        #[arg(long)]
        date: Option<String>,
        /// Pay this member only (the others later).
        #[arg(long)]
        member: Option<i64>,
    },
}

#[derive(Subcommand)]
enum PrintCmd {
    /// 盈余分配通知单, three to an A4 page: every member, or one with --member.
    Slips {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        member: Option<i64>,
    },
    /// A member's account (成员账户) for a year.
    Statement {
        #[arg(long)]
        member: i64,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
    /// 记账凭证, two to an A4 page: a month's (`--month`) or the ones named (`--id`, repeatable).
    Vouchers {
        #[arg(long, conflicts_with = "ids", required_unless_present = "ids")]
        month: Option<String>,
        #[arg(long = "id")]
        ids: Vec<i64>,
        #[arg(long)]
        out: PathBuf,
    },
    /// The 公示 list of the year's plan for the village notice board (A4 landscape).
    Notice {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
    /// A statement as its A4 form: balance-sheet (会农社01), surplus (02), equity-changes (03),
    /// member-accounts (成员账户表) or general-ledger (总账), every check printed under it.
    Report {
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(coopbook::statements::KINDS.iter().copied()))]
        kind: String,
        #[arg(long)]
        year: i32,
        /// The balance sheet's month (default 12).
        #[arg(long)]
        month: Option<u32>,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum DocumentCmd {
    /// Reverse a document and its voucher (红字冲销): KIND is delivery, sale, contribution, operation, harvest or payment.
    Reverse { kind: String, id: i64 },
}

#[derive(Subcommand)]
enum ProductCmd {
    Add {
        name: String,
        #[arg(long)]
        unit: String,
        #[arg(long)]
        category: Option<String>,
        /// Do not keep stock (sales are not limited by deliveries).
        #[arg(long)]
        no_stock: bool,
        /// Produced by the co-op itself (stock in 121, harvested from 401) rather than delivered by members.
        #[arg(long)]
        own: bool,
    },
    List,
}

#[derive(Subcommand)]
enum BuyerCmd {
    Add {
        name: String,
        /// online (线上商城), store (品牌体验店), supermarket (商超协议), market (田头市场), live (直播), other.
        #[arg(long)]
        channel: String,
        /// The buyer is this member: sales to them are member trade (Art. 41).
        #[arg(long)]
        member: Option<String>,
    },
    List,
}

#[derive(Subcommand)]
enum SaleCmd {
    Add {
        #[arg(long)]
        date: String,
        #[arg(long)]
        product: String,
        #[arg(long)]
        qty: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        price: String,
        #[arg(long)]
        buyer: String,
        #[arg(long)]
        channel: Option<String>,
        #[arg(long)]
        contract: Option<String>,
        /// credit (default), cash, bank, wechat, alipay.
        #[arg(long)]
        paid: Option<String>,
    },
}

#[derive(Subcommand)]
enum AccountCmd {
    List,
    Add {
        code: String,
        name: String,
        #[arg(long)]
        parent: String,
    },
}

#[derive(Subcommand)]
enum VoucherCmd {
    Add {
        #[arg(long)]
        date: String,
        #[arg(long)]
        summary: String,
        /// ACCOUNT:DEBIT:CREDIT[:MEMBER_NO], at least two.
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        #[arg(long, default_value_t = 0)]
        attachments: u32,
    },
    Review {
        id: i64,
    },
    Unreview {
        id: i64,
    },
    Post {
        id: i64,
    },
    Reverse {
        id: i64,
        #[arg(long)]
        date: Option<String>,
    },
    Delete {
        id: i64,
    },
    List {
        /// YYYY-MM
        #[arg(long)]
        month: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        limit: Option<i64>,
        #[arg(long)]
        offset: Option<i64>,
    },
    Show {
        id: i64,
    },
}

#[derive(Subcommand)]
enum PeriodCmd {
    /// What stops a month from closing (every blocker), without closing it.
    Check {
        month: String,
    },
    Close {
        month: String,
    },
    Reopen {
        month: String,
    },
    List,
}

#[derive(Subcommand)]
enum TownshipCmd {
    /// Import bundle files (any order; each is applied in sequence, all-or-nothing, and gets a verdict).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The villages registered, with their last bundle and key fingerprint.
    Villages,
    /// Every village's figures for a year and the township's totals (Excel with --xlsx).
    Report {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// A village's trial balance, as imported.
    TrialBalance {
        #[arg(long)]
        coop: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// A village's statement (KIND: balance-sheet, surplus, equity-changes, member-accounts, general-ledger), as imported.
    Statement {
        kind: String,
        #[arg(long)]
        coop: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        month: Option<u32>,
    },
    /// Accept a village's new signing key once its fingerprint was confirmed by phone.
    Repin {
        coop: String,
        #[arg(long)]
        fingerprint: String,
        /// The new public key (hex, as in the bundle's manifest).
        #[arg(long)]
        key: String,
    },
}

#[derive(Subcommand)]
enum BundleCmd {
    /// Write the next bundle: what changed since the last one, or everything with --full.
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        full: bool,
    },
    /// Check a bundle file (size, signature, hashes, summary) and show its manifest; writes nothing.
    Verify { file: PathBuf },
    /// The co-op's signing key fingerprint, to confirm with the township by phone.
    Key,
    /// The bundles written so far.
    List,
}

#[derive(Subcommand)]
enum YearCmd {
    /// What stops the year from closing (every blocker), without closing it.
    Check {
        year: i32,
        /// The reason the year's distribution is deferred (成员大会决定暂缓分配).
        #[arg(long)]
        defer_distribution: Option<String>,
    },
    /// Carry P&L into 331 and 331 into 332, and close every month of the year.
    Close {
        year: i32,
        /// The reason the year's distribution is deferred (成员大会决定暂缓分配).
        #[arg(long)]
        defer_distribution: Option<String>,
    },
    /// The closed years.
    List,
}

/// A statement's options: the year, the month (balance sheet), an Excel copy.
#[derive(Args)]
struct StatementArgs {
    #[arg(long)]
    year: i32,
    /// The balance sheet at the end of this month (1–12; default 12).
    #[arg(long)]
    month: Option<u32>,
    /// Also write it as an Excel workbook.
    #[arg(long)]
    xlsx: Option<PathBuf>,
}

#[derive(Subcommand)]
enum ReportCmd {
    /// 会农社01 资产负债表 (year-start and period-end columns).
    BalanceSheet(StatementArgs),
    /// 会农社02 盈余及盈余分配表 (this year and last year).
    Surplus(StatementArgs),
    /// 会农社03 成员权益变动表.
    EquityChanges(StatementArgs),
    /// 成员账户表: every member's account for the year.
    MemberAccounts(StatementArgs),
    /// 总账: every account's months for the year.
    GeneralLedger(StatementArgs),
    TrialBalance {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Also write it as an Excel workbook.
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// The detail ledger (明细账) of an account.
    Ledger {
        #[arg(long)]
        account: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        member: Option<i64>,
        /// Also write it as an Excel workbook.
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// Sales of a year by month, channel, product and buyer.
    Sales {
        #[arg(long)]
        year: i32,
        /// Also write it as an Excel workbook.
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// The sales or deliveries (KIND: sale | delivery) in a date range, reversed ones marked.
    Trade {
        kind: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Each member's deliveries in a year, per product (the basis of the patronage refund).
    MemberTrade {
        #[arg(long)]
        year: i32,
        /// Also write it as an Excel workbook.
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// A member's sub-ledger across 114, 221, 222, 301, 322.
    MemberLedger {
        #[arg(long)]
        member: i64,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand)]
enum ExportCmd {
    Hledger {
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Args)]
struct ContributeArgs {
    #[arg(long)]
    member: String,
    /// cash, land, labour, asset or subsidy.
    #[arg(long)]
    kind: String,
    #[arg(long)]
    date: String,
    #[arg(long)]
    amount: Option<String>,
    /// Land: area in 亩.
    #[arg(long)]
    area: Option<String>,
    #[arg(long)]
    price_per_mu: Option<String>,
    /// Labour: days (工日).
    #[arg(long)]
    days: Option<String>,
    #[arg(long)]
    price_per_day: Option<String>,
    /// Cash: cash or bank (default).
    #[arg(long)]
    via: Option<String>,
    /// The account debited (labour: default 401; asset: 151; subsidy: 235).
    #[arg(long)]
    account: Option<String>,
    #[arg(long)]
    plot: Option<String>,
    #[arg(long)]
    location: Option<String>,
    #[arg(long)]
    term: Option<String>,
    /// The members' meeting resolution approving the valuation (required for land).
    #[arg(long)]
    valuation_ref: Option<String>,
    #[arg(long)]
    description: Option<String>,
}

#[derive(Subcommand)]
enum ImportCmd {
    /// Members from a 花名册 (CSV in UTF-8 or GBK, or XLSX): all rows or none.
    Members {
        file: PathBuf,
        /// Check the file and report its errors without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Sales from a list such as the online mall's monthly export (CSV in UTF-8 or GBK, or XLSX):
    /// all rows or none.
    Sales {
        file: PathBuf,
        /// Check the file and report its errors without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Vouchers from another system or a spreadsheet (凭证导入), one voucher line a row: 日期, 凭证号,
    /// 摘要, 科目编码, 借方金额, 贷方金额 [, 成员编号, 附件数, 制单人, 审核人]. Rows with the same 凭证号
    /// in a month, one after another, are one voucher; each is checked as if entered by hand, and
    /// posted. All rows or none.
    Vouchers {
        file: PathBuf,
        /// Check the file and report its errors without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Opening balances (期初余额表) of old books kept on the 2007 chart (or the 2021 one): shows
    /// where each account goes; only with --apply writes them as one posted voucher.
    Opening {
        file: PathBuf,
        /// The opening voucher's date; it must come before every other voucher.
        #[arg(long)]
        date: Option<String>,
        /// The chart the old books were kept on: 2007 (default) or 2021.
        #[arg(long)]
        chart: Option<String>,
        /// Override where an old account goes, e.g. --map 141=141 (repeatable).
        #[arg(long = "map", value_name = "OLD=NEW")]
        map: Vec<String>,
        /// Write the opening voucher (without it nothing is written).
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Args)]
struct TransferArgs {
    /// The member giving up the shares.
    #[arg(long)]
    from: String,
    /// The member receiving them.
    #[arg(long)]
    to: String,
    #[arg(long)]
    amount: String,
    #[arg(long)]
    date: String,
    /// cash (default), land, labour or asset.
    #[arg(long)]
    kind: Option<String>,
    /// The decision that allowed it.
    #[arg(long)]
    approval_ref: Option<String>,
}

#[derive(Args)]
struct WithdrawArgs {
    #[arg(long)]
    member: String,
    #[arg(long)]
    amount: String,
    #[arg(long)]
    date: String,
    /// cash (default), land, labour or asset.
    #[arg(long)]
    kind: Option<String>,
    /// cash or bank (default); land comes back as land.
    #[arg(long)]
    via: Option<String>,
    #[arg(long)]
    approval_ref: Option<String>,
}

#[derive(Args)]
struct DemoArgs {
    #[arg(long, default_value_t = 30)]
    members: i64,
    #[arg(long, default_value_t = 1)]
    years: i64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The last year of the demo's books.
    #[arg(long, default_value_t = 2025)]
    end_year: i64,
}

struct Ctx {
    db: PathBuf,
    user: String,
    json: bool,
}

impl Ctx {
    fn read(&self) -> Result<Book> {
        self.open(Mode::Read)
    }
    fn write(&self) -> Result<Book> {
        self.open(Mode::Write)
    }
    /// Opens the book as the acting user: in a book with users, after their password
    /// ($COOPBOOK_PASSWORD, or asked on the terminal).
    fn open(&self, mode: Mode) -> Result<Book> {
        let mut book = Book::open(&self.db, "", mode)?;
        if !book.claimed() {
            book.set_user(&self.user)?;
            return Ok(book);
        }
        let pw = secret("COOPBOOK_PASSWORD", &format!("用户“{}”的密码 / password of {}: ", self.user, self.user))?;
        book.login(&self.user, &pw)?;
        Ok(book)
    }
    /// Prints `value` as JSON, or the text that `text` makes.
    fn out<T: Serialize>(&self, value: &T, text: impl FnOnce(&T) -> String) -> Result<()> {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value)?);
        } else {
            print!("{}", text(value));
        }
        Ok(())
    }
}

/// A password from the environment variable `var`, else asked on the terminal (not echoed).
fn secret(var: &str, prompt: &str) -> Result<String> {
    if let Some(v) = std::env::var_os(var) {
        return v.into_string().map_err(|_| {
            Error::new("password-required", format!("{var} 不是有效的文字"), format!("{var} is not valid text"))
        });
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return rpassword::prompt_password(prompt).map_err(|e| {
            Error::new("password-required", format!("读不到密码：{e}"), format!("could not read the password: {e}"))
        });
    }
    Err(Error::new(
        "password-required",
        format!("需要密码：请设置环境变量 {var} 或在终端上运行"),
        format!("a password is needed: set {var} or run on a terminal"),
    ))
}

/// A new password: from `COOPBOOK_NEW_PASSWORD`, else asked twice on the terminal.
fn new_secret(for_user: &str) -> Result<String> {
    new_secret_from("COOPBOOK_NEW_PASSWORD", for_user)
}

/// A new password from `var`, else asked twice on the terminal.
fn new_secret_from(var: &str, for_user: &str) -> Result<String> {
    if std::env::var_os(var).is_some() || !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return secret(var, "");
    }
    let a = secret("", &format!("“{for_user}”的新密码 / new password of {for_user}: "))?;
    let b = secret("", "再输一次 / again: ")?;
    if a != b {
        return Err(Error::new("password-mismatch", "两次输入的密码不一样", "the two passwords differ").at("password"));
    }
    Ok(a)
}

fn user_line(u: &coopbook::users::User) -> String {
    format!(
        "{}  {}  {}{}\n",
        pad(&u.name, 12),
        pad(&format!("{} {}", u.role_zh, u.role), 20),
        if u.active { "启用" } else { "已停用" },
        u.locked_until.as_deref().map(|t| format!("  锁定至 {t}")).unwrap_or_default()
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Ctx {
        db: cli.db.clone().unwrap_or_else(coopbook::book::default_path),
        user: cli
            .user
            .clone()
            .or_else(|| std::env::var("COOPBOOK_USER").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "admin".to_string()),
        json: cli.json,
    };
    match run(&ctx, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e.line());
            ExitCode::from(1)
        }
    }
}

fn manifest_text(m: &coopbook::bundle::Manifest, bytes: u64, sha256: &str) -> String {
    let s = &m.summary;
    format!(
        "同步包 第 {} 号{}：{}（{}）  期间 {} 至 {}\n成员 {} 条，凭证 {} 张（分录 {} 行，借方 {} / 贷方 {}），出资 {} 条，交售 {} 条，销售 {} 条 {}\n{} 字节  SHA-256 {}\n签名密钥指纹 {}\n",
        m.seq,
        if m.full { "（完整）" } else { "" },
        m.coop.name,
        m.coop.uscc,
        m.period_from,
        m.period_to,
        s.members,
        s.vouchers,
        s.lines,
        coopbook::Money(s.debit_fen).grouped(),
        coopbook::Money(s.credit_fen).grouped(),
        s.contributions,
        s.deliveries,
        s.sales,
        coopbook::Money(s.sales_fen).grouped(),
        bytes,
        sha256,
        hex_fingerprint(&m.public_key),
    )
}

fn hex_fingerprint(public_hex: &str) -> String {
    hex::decode(public_hex).map(|k| coopbook::bundle::fingerprint(&k)).unwrap_or_default()
}

/// Prints a statement (and writes its Excel copy when asked). A check that does not agree is
/// printed with the statement, never dropped; the JSON carries it as `checks` and `ok`.
fn statement_out(ctx: &Ctx, kind: &str, a: StatementArgs) -> Result<()> {
    let book = ctx.read()?;
    let st = book.statement(kind, a.year, a.month)?;
    if let Some(out) = &a.xlsx {
        coopbook::xlsx::write_statement(out, &st)?;
    }
    ctx.out(&st, statement_text)
}

fn statement_text(st: &coopbook::statements::Statement) -> String {
    let mut s = format!(
        "{}{}\n编制单位：{}    {}    单位：元\n",
        st.title,
        if st.form.is_empty() { String::new() } else { format!("（{}）", st.form) },
        st.coop,
        st.period
    );
    s += &format!("{}{}{}\n", pad("", 6), pad("项目", 34), st.columns.iter().map(|c| rpad(c, 16)).collect::<String>());
    for b in &st.blocks {
        if !b.title.is_empty() {
            s += &format!("【{}】\n", b.title);
        }
        for r in &b.rows {
            let line = r.line.map(|l| l.to_string()).unwrap_or_default();
            let label = format!("{}{}", "  ".repeat(usize::from(r.indent)), r.label);
            let values: String =
                r.values.iter().map(|v| rpad(&v.map(|m| m.grouped()).unwrap_or_default(), 16)).collect();
            s += &format!("{}  {}{}\n", rpad(&line, 4), pad(&label, 34), values);
        }
    }
    for c in &st.checks {
        s += &format!(
            "{} {}：{} / {}\n",
            if c.ok { "核对相符" } else { "核对不符！" },
            c.zh,
            c.left.grouped(),
            c.right.grouped()
        );
    }
    s
}

fn pad(s: &str, width: usize) -> String {
    // CJK characters take two columns in a terminal.
    let w: usize = s.chars().map(|c| if (c as u32) > 0x2E80 { 2 } else { 1 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn rpad(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.chars().count())))
}

fn voucher_text(v: &Voucher) -> String {
    let mut s = format!(
        "{}  {}  {}  [{}]  制单 {}  审核 {}  记账 {}\n",
        v.no,
        v.date,
        v.summary,
        v.status,
        v.prepared_by,
        v.reviewed_by.as_deref().unwrap_or("-"),
        v.posted_by.as_deref().unwrap_or("-")
    );
    for l in &v.lines {
        let member =
            l.member.map(|m| format!(" [{} {}]", m, l.member_name.clone().unwrap_or_default())).unwrap_or_default();
        s += &format!(
            "  {}{}  {}  {}\n",
            pad(&format!("{} {}{member}", l.account, l.account_name), 36),
            rpad(&l.debit.grouped(), 16),
            rpad(&l.credit.grouped(), 16),
            l.summary
        );
    }
    s += &format!("  {}  {}  {}\n", pad("合计", 36), rpad(&v.debit.grouped(), 16), rpad(&v.credit.grouped(), 16));
    if let Some(r) = v.reverses {
        s += &format!("  冲销凭证 id {r}\n");
    }
    if let Some(r) = v.reversed_by {
        s += &format!("  已被凭证 id {r} 冲销\n");
    }
    s
}

fn trial_balance_text(tb: &TrialBalance) -> String {
    let mut s = format!("科目余额表 {} 至 {}\n", tb.from, tb.to);
    s += &format!(
        "{}{}{}{}{}\n",
        pad("科目", 34),
        rpad("期初余额", 14),
        rpad("本期借方", 14),
        rpad("本期贷方", 14),
        rpad("期末余额", 14)
    );
    for a in &tb.accounts {
        let indent = "  ".repeat(a.level - 1);
        s += &format!(
            "{}{}{}{}{}\n",
            pad(&format!("{indent}{} {}", a.code, a.name), 38),
            rpad(&a.opening.grouped(), 18),
            rpad(&a.debit.grouped(), 18),
            rpad(&a.credit.grouped(), 18),
            rpad(&a.closing.grouped(), 18)
        );
    }
    let t = &tb.totals;
    s += &format!(
        "合计  期初 借 {} / 贷 {}  本期 借 {} / 贷 {}  期末 借 {} / 贷 {}  {}\n",
        t.opening_debit.grouped(),
        t.opening_credit.grouped(),
        t.debit.grouped(),
        t.credit.grouped(),
        t.closing_debit.grouped(),
        t.closing_credit.grouped(),
        if t.balanced { "平衡" } else { "不平衡！" }
    );
    s
}

fn ledger_text(l: &Ledger) -> String {
    let who = l.member.map(|m| format!("（成员 {m}）")).unwrap_or_default();
    let mut s = format!("明细账 {} {}{who}  {} 至 {}\n", l.code, l.name, l.from, l.to);
    s += &format!("{}  {}期初余额{}\n", pad("", 10), pad("", 40), rpad(&l.opening.grouped(), 52));
    for r in &l.rows {
        s += &format!(
            "{}  {}  {}{}{}{}\n",
            r.date,
            pad(&r.voucher_no, 8),
            pad(&r.summary, 30),
            rpad(&r.debit.grouped(), 16),
            rpad(&r.credit.grouped(), 16),
            rpad(&r.balance.grouped(), 18)
        );
    }
    s += &format!("本期合计  借 {}  贷 {}  期末余额 {}\n", l.debit.grouped(), l.credit.grouped(), l.closing.grouped());
    s
}

/// The ignored columns and the table of bad rows, as every import prints them.
fn import_problems_text(r: &ImportReport) -> String {
    problems_text(&r.ignored_columns, &r.errors)
}

fn problems_text(ignored: &[String], errors: &[ImportRowError]) -> String {
    let mut s = String::new();
    if !ignored.is_empty() {
        s += &format!("未读取的列 / ignored columns: {}\n", ignored.join("、"));
    }
    if !errors.is_empty() {
        s += &format!("{}{}{}原因 / reason\n", rpad("行", 4), pad("  列", 14), pad("值", 22));
        for e in errors {
            s += &format!(
                "{}  {}{}{} / {} [{}]\n",
                rpad(&e.row.to_string(), 5),
                pad(&e.column, 12),
                pad(&e.value, 22),
                e.zh,
                e.en,
                e.code
            );
        }
    }
    s
}

fn import_text(r: &ImportReport) -> String {
    let mut s = import_problems_text(r);
    if !r.errors.is_empty() {
        return s;
    }
    if r.imported.is_empty() {
        s += &format!(
            "检查通过：{} 名成员可以导入（试导入，未写入） / {} members would be imported (dry run, nothing written)\n",
            r.rows, r.rows
        );
    } else {
        let first = r.imported.first().copied().unwrap_or_default();
        let last = r.imported.last().copied().unwrap_or_default();
        let range = if first == last { first.to_string() } else { format!("{first}–{last}") };
        s += &format!(
            "已导入 {} 名成员（编号 {range}） / imported {} members (numbers {range})\n",
            r.imported.len(),
            r.imported.len()
        );
    }
    s
}

/// A sales import as the CLI prints it: the report, and the total of its sales (in `--json` as
/// the report's fields plus `total`).
#[derive(Serialize)]
struct SalesImportOut {
    #[serde(flatten)]
    report: ImportReport,
    total: Money,
}

fn sales_import_text(o: &SalesImportOut) -> String {
    let r = &o.report;
    let mut s = import_problems_text(r);
    let total = o.total.grouped();
    if !r.errors.is_empty() {
        return s;
    }
    if r.imported.is_empty() {
        s += &format!("检查通过：{} 笔销售可以导入，合计 {total} 元（试导入，未写入） / {} sales totalling {total} would be imported (dry run, nothing written)\n", r.rows, r.rows);
    } else {
        s += &format!(
            "已导入 {} 笔销售，合计 {total} 元 / imported {} sales totalling {total}\n",
            r.imported.len(),
            r.imported.len()
        );
    }
    s
}

fn voucher_import_text(o: &VoucherImport, ms: u128) -> String {
    let r = &o.report;
    let mut s = import_problems_text(r);
    if !r.errors.is_empty() {
        return s;
    }
    let (n, lines, total) = (o.vouchers, o.lines, o.total.grouped());
    let span = format!("{} — {}", o.from.as_deref().unwrap_or(""), o.to.as_deref().unwrap_or(""));
    if r.imported.is_empty() {
        s += &format!("检查通过：{n} 张凭证、{lines} 行分录可以导入（{span}），借贷各 {total} 元（试导入，未写入） / {n} vouchers, {lines} lines ({span}), {total} each side, would be imported (dry run, nothing written)\n");
    } else {
        s += &format!("已导入并记账 {n} 张凭证、{lines} 行分录（{span}），借贷各 {total} 元，用时 {ms} ms / imported and posted {n} vouchers, {lines} lines ({span}), {total} each side, in {ms} ms\n");
    }
    s
}

/// The mapping of an opening balance file for review, its totals, its bad rows, and what was
/// (or was not) written.
fn opening_text(r: &OpeningImport) -> String {
    let mut s = format!(
        "期初余额表 {}（{}）：{} 年科目体系 → 2021 年科目体系，期初日期 {}\n",
        r.file, r.encoding, r.chart, r.date
    );
    if !r.maps.is_empty() {
        s += &format!("指定映射 / maps: {}\n", r.maps.join("、"));
    }
    s += &format!(
        "{}  {}{}{}{}{}  {}说明\n",
        rpad("行", 4),
        pad("原科目", 26),
        pad("新科目", 28),
        pad("成员", 12),
        // four CJK characters take eight columns
        rpad("借方余额", 12),
        rpad("贷方余额", 12),
        pad("状态", 8)
    );
    for row in &r.rows {
        let status = match row.status.as_str() {
            "same" => "相同",
            "remapped" => "改码",
            "review" => "请核对",
            _ => "错误",
        };
        let member =
            row.member.map(|m| format!("{m} {}", row.member_name.as_deref().unwrap_or(""))).unwrap_or_default();
        let amount = |m: Money| if m.is_zero() { String::new() } else { m.grouped() };
        s += &format!(
            "{}  {}{}{}{}{}  {}{}\n",
            rpad(&row.row.to_string(), 4),
            pad(&format!("{} {}", row.old_code, row.old_name), 26),
            pad(&format!("→ {} {}", row.new_code, row.new_name), 28),
            pad(&member, 12),
            rpad(&amount(row.debit), 16),
            rpad(&amount(row.credit), 16),
            pad(status, 8),
            row.note
        );
    }
    let balance = if r.balanced {
        "平衡".to_string()
    } else {
        format!("不平衡，相差 {}", (r.debit - r.credit).abs().grouped())
    };
    s += &format!(
        "{}  {}{}{}{}  {balance}\n",
        rpad("", 4),
        pad("合计", 66),
        rpad(&r.debit.grouped(), 16),
        rpad(&r.credit.grouped(), 16),
        ""
    );
    s += &problems_text(&r.ignored_columns, &r.errors);
    match r.voucher_id {
        Some(id) => s += &format!("已写入期初余额凭证 id {id}（{}，{}），已记账 / opening balances posted as voucher id {id}\n", r.date, r.summary),
        None if r.refusal().is_none() => {
            s += "预览：未写入任何内容。核对无误后加 --apply 写入（一张已记账的期初凭证） / preview only, nothing was written; add --apply to post the opening voucher\n"
        }
        None => {}
    }
    s
}

fn plan_text(p: &coopbook::distribution::Plan) -> String {
    let mut s = format!(
        "{} 年盈余分配方案 [{}]\n本年盈余 {}  弥补亏损 {}  提取公积 {}  可分配 {}  按交易额返还 {}  剩余盈余 {}\n",
        p.year,
        p.status,
        p.surplus.grouped(),
        p.losses.grouped(),
        p.reserve.grouped(),
        p.distributable.grouped(),
        p.patronage.grouped(),
        p.residual.grouped()
    );
    if let Some(n) = &p.note {
        s += &format!("{n}\n");
    }
    for m in &p.members {
        s += &format!(
            "{}  {}{}{}{}{}{}\n",
            rpad(&m.no.to_string(), 5),
            pad(&m.name, 22),
            rpad(&m.trade_amount.grouped(), 14),
            rpad(&m.share_basis.grouped(), 14),
            rpad(&m.patronage.grouped(), 12),
            rpad(&m.residual.grouped(), 12),
            rpad(&m.total.grouped(), 12)
        );
    }
    s
}

fn move_shares(ctx: &Ctx, mv: ShareMovement) -> Result<()> {
    let id = ctx.write()?.move_shares(&mv)?;
    ctx.out(&serde_json::json!({"voucher_id": id}), |_| format!("已登记并记账，凭证 id {id}\n"))
}

fn run(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Init(a) => {
            // The admin's password, asked before anything is written; without one (no
            // $COOPBOOK_PASSWORD and no terminal) the book starts with no users.
            let asked =
                std::env::var_os("COOPBOOK_PASSWORD").is_some() || std::io::IsTerminal::is_terminal(&std::io::stdin());
            let password = if asked { Some(new_secret_from("COOPBOOK_PASSWORD", "admin")?) } else { None };
            let input = coopbook::coop::Setup {
                coop: NewCoop {
                    name: a.name,
                    uscc: a.uscc,
                    village: a.village,
                    township: a.township,
                    county: a.county,
                    reserve_rate: a.reserve_rate,
                    patronage_rate: a.patronage_rate,
                    collective_min_share: a.collective_min_share,
                },
                allow_labour: a.allow_labour,
                member_cap: a.member_cap,
                collective: a.collective_name.map(|name| NewMember {
                    name,
                    id_card: a.collective_uscc.unwrap_or_default(),
                    kind: "collective".into(),
                    phone: None,
                    joined: a.collective_joined,
                }),
                admin_password: password,
                backup_dir: a.backup_dir,
            };
            let (_, done) = coopbook::coop::setup(&ctx.db, &ctx.user, &input)?;
            ctx.out(&done, |d| {
                let mut s = format!("已建立账本 {}：{}\n", d.book, d.coop.name);
                if let Some(m) = &d.collective {
                    s += &format!("村集体 {} 已登记为 {} 号成员\n", m.name, m.no);
                }
                s += &format!("自动备份存放在 {}\n", d.backups.dir);
                s += if d.admin { "管理员用户 admin 已建立；请用 user add 为会计、出纳、理事长、监事建用户\n" } else { "注意：没有设置密码（未设 COOPBOOK_PASSWORD），账本还没有用户；用 user add admin --role admin 建立管理员\n" };
                s
            })
        }
        Command::Coop { cmd } => match cmd {
            CoopCmd::Show => {
                let c = ctx.read()?.coop()?;
                ctx.out(&c, |c| {
                    format!(
                        "{}\n统一社会信用代码 {}\n{} {} {}\n盈余公积提取比例 {}  按交易量返还比例 {}  村集体最低持股 {}\n",
                        c.name, c.uscc, c.county, c.township, c.village, c.charter.reserve_rate, c.charter.patronage_rate, c.charter.collective_min_share
                    )
                })
            }
            CoopCmd::BackupDir { dir, default } => {
                let place = if dir.is_some() || default {
                    ctx.write()?.set_backup_dir(dir.as_deref())?
                } else {
                    ctx.read()?.backup_place()?
                };
                ctx.out(&place, |p| {
                    let mut s = format!("自动备份存放在 {}\n", p.dir);
                    if p.custom && !p.available {
                        s += &format!(
                            "注意：这个文件夹现在无法写入（U 盘不在？），备份暂存到账本旁的 {}\n",
                            p.default_dir
                        );
                    }
                    s
                })
            }
            CoopCmd::Charter { reserve_rate, patronage_rate, collective_min_share, allow_labour, member_cap } => {
                // one transaction, one log row, however many settings change
                let ch = ctx.write()?.update_charter(&coopbook::coop::CharterChange {
                    reserve_rate,
                    patronage_rate,
                    collective_min_share,
                    allow_labour,
                    member_cap,
                })?;
                let (allow, cap) = (ch.allow_labour, ch.member_cap);
                ctx.out(
                    &serde_json::json!({"charter": ch, "allow_labour": allow, "member_cap": cap.to_string()}),
                    |_| "章程设置已更新\n".to_string(),
                )
            }
        },
        Command::Member { cmd } => match cmd {
            MemberCmd::Add { name, id_card, kind, phone, joined } => {
                let m = ctx.write()?.add_member(&NewMember { name, id_card, kind, phone, joined })?;
                ctx.out(&m, |m| format!("已登记 {} 号成员 {}（{}）\n", m.no, m.name, m.id_card))
            }
            MemberCmd::List { search } => {
                let list = ctx.read()?.members(search.as_deref())?;
                ctx.out(&serde_json::json!({"members": list}), |_| {
                    let mut s = format!(
                        "{}{}{}{}{}{}\n",
                        rpad("编号", 6),
                        "  ",
                        pad("姓名", 22),
                        pad("证件号码", 20),
                        pad("类型", 12),
                        "入社日期"
                    );
                    for m in &list {
                        s += &format!(
                            "{}  {}{}{}{}{}\n",
                            rpad(&m.no.to_string(), 6),
                            pad(&m.name, 22),
                            pad(&m.id_card, 20),
                            pad(&m.kind_zh, 12),
                            m.joined,
                            m.exited.as_ref().map(|e| format!("  已于 {e} 退社")).unwrap_or_default()
                        );
                    }
                    s
                })
            }
            MemberCmd::Show { no } => {
                let m = ctx.read()?.member(no)?;
                ctx.out(&m, |m| {
                    format!(
                        "{} 号  {}\n证件号码 {}\n类型 {}\n电话 {}\n入社 {}{}\n",
                        m.no,
                        m.name,
                        m.id_card,
                        m.kind_zh,
                        m.phone.as_deref().unwrap_or("-"),
                        m.joined,
                        m.exited.as_ref().map(|e| format!("\n退社 {e}")).unwrap_or_default()
                    )
                })
            }
            MemberCmd::Pay { no, amount, date, via, summary } => {
                let p = ctx.write()?.pay_member(&coopbook::payment::NewMemberPayment {
                    member: no,
                    amount,
                    via,
                    date,
                    summary,
                })?;
                ctx.out(&p, |p| {
                    format!(
                        "已向 {} 号成员{}支付 {} 元（凭证 id {}）\n",
                        p.member,
                        p.name,
                        p.amount.grouped(),
                        p.voucher_id
                    )
                })
            }
            MemberCmd::Payments { member } => {
                let list = ctx.read()?.member_payments(member)?;
                ctx.out(&serde_json::json!({"payments": list}), |_| {
                    list.iter()
                        .map(|p| {
                            format!(
                                "{}  {:>4} 号 {}  {:>14}  {}{}\n",
                                p.date,
                                p.member,
                                pad(&p.name, 10),
                                p.amount.grouped(),
                                if p.via == "cash" { "现金" } else { "银行" },
                                if p.reversal_voucher_id.is_some() { "  已冲销" } else { "" }
                            )
                        })
                        .collect()
                })
            }
            MemberCmd::Owed { no, at } => {
                let at = at.unwrap_or_else(|| "9999-12-31".into());
                let owed = ctx.read()?.owed_to_member(no, &at)?;
                ctx.out(&serde_json::json!({"no": no, "owed": owed}), |_| {
                    format!("本社应付 {no} 号成员 {} 元\n", owed.grouped())
                })
            }
            MemberCmd::Exit { no, date, via } => {
                let m = ctx.write()?.exit_member(no, &date, via.as_deref())?;
                ctx.out(&m, |m| {
                    format!("{} 号成员 {} 已登记退社（{}）\n", m.no, m.name, m.exited.clone().unwrap_or_default())
                })
            }
        },
        Command::Account { cmd } => match cmd {
            AccountCmd::List => {
                let list = ctx.read()?.accounts()?;
                ctx.out(&serde_json::json!({"accounts": list}), |_| {
                    let mut s = String::new();
                    for a in &list {
                        let indent = "  ".repeat((a.code.len() - 3) / 2);
                        s += &format!(
                            "{}{}{}{}\n",
                            pad(&format!("{indent}{} {}", a.code, a.name), 36),
                            pad(a.class_zh(), 12),
                            a.direction_zh(),
                            if a.member_ledger { "  按成员核算" } else { "" }
                        );
                    }
                    s
                })
            }
            AccountCmd::Add { code, name, parent } => {
                let a = ctx.write()?.add_account(&code, &name, &parent)?;
                ctx.out(&a, |a| format!("已增设科目 {}\n", a.full_name))
            }
        },
        Command::Voucher { cmd } => match cmd {
            VoucherCmd::Add { date, summary, lines, attachments } => {
                let lines = lines.iter().map(|l| NewLine::parse_spec(l)).collect::<Result<Vec<_>>>()?;
                let v = ctx.write()?.add_voucher(&NewVoucher { date, summary, attachments, lines })?;
                ctx.out(&serde_json::json!({"id": v.id, "no": v.no}), |_| format!("{}\n", v.id))
            }
            VoucherCmd::Review { id } => {
                let v = ctx.write()?.review_voucher(id)?;
                ctx.out(&v, |v| format!("凭证 {} {} 已审核（{}）\n", v.id, v.no, ctx.user))
            }
            VoucherCmd::Unreview { id } => {
                let v = ctx.write()?.unreview_voucher(id)?;
                ctx.out(&v, |v| format!("凭证 {} {} 已取消审核\n", v.id, v.no))
            }
            VoucherCmd::Post { id } => {
                let v = ctx.write()?.post_voucher(id)?;
                ctx.out(&v, |v| format!("凭证 {} {} 已记账\n", v.id, v.no))
            }
            VoucherCmd::Reverse { id, date } => {
                let v = ctx.write()?.reverse_voucher(id, date.as_deref())?;
                ctx.out(&serde_json::json!({"id": v.id, "no": v.no, "reverses": id, "status": v.status}), |_| {
                    format!("{}\n", v.id)
                })
            }
            VoucherCmd::Delete { id } => {
                ctx.write()?.delete_voucher(id)?;
                ctx.out(&serde_json::json!({"deleted": id}), |_| format!("凭证 {id} 已删除\n"))
            }
            VoucherCmd::List { month, status, limit, offset } => {
                let list = ctx.read()?.vouchers(&VoucherFilter { month, status, limit, offset })?;
                ctx.out(&serde_json::json!({"vouchers": list}), |_| {
                    let mut s = String::new();
                    for v in &list {
                        s += &format!(
                            "{}  {}  {}  {}{}  {}\n",
                            rpad(&v.id.to_string(), 6),
                            v.date,
                            pad(&v.no, 8),
                            pad(&v.status, 9),
                            rpad(&v.amount.grouped(), 16),
                            v.summary
                        );
                    }
                    s
                })
            }
            VoucherCmd::Show { id } => {
                let v = ctx.read()?.voucher(id)?;
                ctx.out(&v, voucher_text)
            }
        },
        Command::Period { cmd } => match cmd {
            PeriodCmd::Check { month } => {
                let c = ctx.read()?.close_check(&month)?;
                ctx.out(&c, |c| {
                    if c.ok {
                        format!("{} 可以结账\n", c.month)
                    } else {
                        c.blockers.iter().map(|b| format!("{} [{}]\n", b.zh, b.code)).collect()
                    }
                })
            }
            PeriodCmd::Close { month } => {
                let p = ctx.write()?.close_period(&month)?;
                ctx.out(&p, |p| format!("{} 已结账\n", p.month))
            }
            PeriodCmd::Reopen { month } => {
                let p = ctx.write()?.reopen_period(&month)?;
                ctx.out(&p, |p| format!("{} 已反结账\n", p.month))
            }
            PeriodCmd::List => {
                let list = ctx.read()?.periods()?;
                ctx.out(&serde_json::json!({"periods": list}), |_| {
                    list.iter()
                        .map(|p| {
                            format!(
                                "{}  {}  凭证 {} 张，未记账 {} 张\n",
                                p.month,
                                if p.closed { "已结账" } else { "未结账" },
                                p.vouchers,
                                p.unposted
                            )
                        })
                        .collect()
                })
            }
        },
        Command::Backup { out } => {
            let b = ctx.read()?.backup(&out)?;
            ctx.out(&b, |b| format!("已备份到 {}（{} 字节，完整性检查通过）\n", b.path, b.bytes))
        }
        Command::Backups => {
            let list = ctx.read()?.backups()?;
            ctx.out(&serde_json::json!({"backups": list}), |_| {
                list.iter()
                    .map(|b| format!("{}  {}  {} 字节  {}\n", b.taken_at, pad(&b.reason, 12), b.bytes, b.path))
                    .collect()
            })
        }
        Command::Restore { file } => {
            let saved = ctx.write()?.restore_from(&file)?;
            ctx.out(&serde_json::json!({"restored_from": file.display().to_string(), "saved_before": saved}), |_| {
                format!("已从 {} 恢复账本；恢复前的账本已备份到 {}\n", file.display(), saved.path)
            })
        }
        Command::Township { cmd } => {
            let mut t = coopbook::township::Township::open(&ctx.db)?;
            match cmd {
                TownshipCmd::Import { files } => {
                    let verdicts = t.import(&files);
                    ctx.out(&serde_json::json!({"files": verdicts}), |_| {
                        verdicts
                            .iter()
                            .map(|v| {
                                format!(
                                    "{}  {}\n",
                                    v.file,
                                    if v.status == "refused" {
                                        format!("拒绝：{}", v.message)
                                    } else {
                                        v.message.clone()
                                    }
                                )
                            })
                            .collect()
                    })?;
                    match verdicts.iter().find(|v| v.status == "refused") {
                        Some(v) => Err(Error::new(
                            "import-refused",
                            format!("有同步包被拒绝：{}", v.file),
                            format!("a bundle was refused: {}", v.file),
                        )),
                        None => Ok(()),
                    }
                }
                TownshipCmd::Villages => {
                    let list = t.villages()?;
                    ctx.out(&serde_json::json!({"villages": list}), |_| {
                        list.iter()
                            .map(|v| {
                                format!("{}  {}  第 {} 号  {}\n", v.uscc, pad(&v.name, 30), v.last_seq, v.fingerprint)
                            })
                            .collect()
                    })
                }
                TownshipCmd::Report { year, xlsx } => {
                    // By default the latest year the villages' books reach.
                    let year = match year {
                        Some(y) => y,
                        None => t
                            .latest_year()?
                            .unwrap_or_else(|| chrono::Local::now().format("%Y").to_string().parse().unwrap_or(2025)),
                    };
                    let r = t.report(year)?;
                    if let Some(out) = &xlsx {
                        coopbook::xlsx::write_township(out, &r)?;
                    }
                    ctx.out(&r, |r| {
                        let mut s = format!("{} 年乡镇汇总：合作社 {} 个，成员 {} 名，销售 {}，本年盈余 {}，分配 {}，村集体收入 {}；村集体收入达 50 万元的 {} 个\n", r.year, r.totals.coops, r.totals.members, r.totals.sales.grouped(), r.totals.surplus.grouped(), r.totals.distributed.grouped(), r.totals.collective_income.grouped(), r.totals.villages_500k);
                        for v in &r.villages {
                            s += &format!("{}  {}  成员 {}  村集体占股 {}  销售 {}  盈余 {}  分配 {}  村集体收入 {}{}\n", v.uscc, pad(&v.name, 30), v.members, v.collective_share.clone().unwrap_or("-".into()), v.sales.grouped(), v.surplus.grouped(), v.distributed.grouped(), v.collective_income.grouped(), if v.flags.is_empty() { String::new() } else { format!("  ⚠ {}", v.flags.join(", ")) });
                        }
                        s
                    })
                }
                TownshipCmd::TrialBalance { coop, from, to } => {
                    let tb = t.village(&coop)?.trial_balance(&from, &to)?;
                    ctx.out(&tb, trial_balance_text)
                }
                TownshipCmd::Statement { kind, coop, year, month } => {
                    let st = t.village(&coop)?.statement(&kind, year, month)?;
                    ctx.out(&st, statement_text)
                }
                TownshipCmd::Repin { coop, fingerprint, key } => {
                    t.repin(&coop, &fingerprint, &key)?;
                    ctx.out(&serde_json::json!({"uscc": coop, "fingerprint": fingerprint}), |_| {
                        format!("已重新登记 {coop} 的签名密钥（指纹 {fingerprint}）\n")
                    })
                }
            }
        }
        Command::Bundle { cmd } => match cmd {
            BundleCmd::Export { out, full } => {
                let e = ctx.write()?.export_bundle(&out, full)?;
                ctx.out(&e, |e| format!("{}\n{}", e.path, manifest_text(&e.manifest, e.bytes, &e.sha256)))
            }
            BundleCmd::Verify { file } => {
                let b = coopbook::bundle::read_file(&file)?;
                let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
                ctx.out(&serde_json::json!({"sha256": b.sha256, "bytes": bytes, "manifest": b.manifest}), |_| {
                    format!("校验通过\n{}", manifest_text(&b.manifest, bytes, &b.sha256))
                })
            }
            BundleCmd::List => {
                let list = ctx.read()?.bundles_sent()?;
                ctx.out(&serde_json::json!({"bundles": list}), |_| {
                    list.iter()
                        .map(|b| {
                            format!(
                                "第 {} 号{}  {}  {} 至 {}  凭证 {} 张  {}\n",
                                b.seq,
                                if b.full { "（完整）" } else { "" },
                                b.created_at,
                                b.period_from,
                                b.period_to,
                                b.summary.vouchers,
                                &b.sha256[..16]
                            )
                        })
                        .collect()
                })
            }
            BundleCmd::Key => {
                let f = ctx.write()?.key_fingerprint()?;
                ctx.out(&serde_json::json!({"fingerprint": f}), |_| format!("签名密钥指纹：{f}\n"))
            }
        },
        Command::Year { cmd } => match cmd {
            YearCmd::Check { year, defer_distribution } => {
                let c = ctx.read()?.year_close_check(year, defer_distribution.as_deref())?;
                ctx.out(&c, |c| {
                    let mut s = format!(
                        "{} 年本年盈余 {}，可分配盈余 {}\n",
                        c.year,
                        c.surplus.grouped(),
                        c.distributable.grouped()
                    );
                    if c.ok {
                        s += &format!("{} 年可以年结\n", c.year);
                    }
                    for b in &c.blockers {
                        s += &format!("{} [{}]\n", b.zh, b.code);
                    }
                    s
                })
            }
            YearCmd::Close { year, defer_distribution } => {
                let c = ctx.write()?.close_year(year, defer_distribution.as_deref())?;
                ctx.out(&c, |c| {
                    let v = |id: Option<i64>| id.map(|i| format!("凭证 {i}")).unwrap_or_else(|| "无需".into());
                    format!(
                        "{} 年已年结：本年盈余 {}；结转损益 {}；结转本年盈余 {}{}\n",
                        c.year,
                        c.surplus.grouped(),
                        v(c.pnl_voucher_id),
                        v(c.transfer_voucher_id),
                        c.deferred_reason.as_ref().map(|r| format!("；暂缓分配：{r}")).unwrap_or_default()
                    )
                })
            }
            YearCmd::List => {
                let list = ctx.read()?.closed_years()?;
                ctx.out(&serde_json::json!({"years": list}), |_| {
                    list.iter()
                        .map(|y| {
                            format!(
                                "{} 年  年结于 {}（{}）  本年盈余 {}\n",
                                y.year,
                                y.closed_at,
                                y.closed_by,
                                y.surplus.grouped()
                            )
                        })
                        .collect()
                })
            }
        },
        Command::Report { cmd } => match cmd {
            ReportCmd::BalanceSheet(a) => statement_out(ctx, "balance-sheet", a),
            ReportCmd::Surplus(a) => statement_out(ctx, "surplus", a),
            ReportCmd::EquityChanges(a) => statement_out(ctx, "equity-changes", a),
            ReportCmd::MemberAccounts(a) => statement_out(ctx, "member-accounts", a),
            ReportCmd::GeneralLedger(a) => statement_out(ctx, "general-ledger", a),
            ReportCmd::TrialBalance { from, to, xlsx } => {
                let book = ctx.read()?;
                if let Some(out) = &xlsx {
                    book.trial_balance_xlsx(&from, &to, out)?;
                }
                let tb = book.trial_balance(&from, &to)?;
                ctx.out(&tb, trial_balance_text)
            }
            ReportCmd::Ledger { account, from, to, member, xlsx } => {
                let book = ctx.read()?;
                if let Some(out) = &xlsx {
                    book.ledger_xlsx(&account, &from, &to, member, out)?;
                }
                let l = book.ledger(&account, &from, &to, member)?;
                ctx.out(&l, ledger_text)
            }
            ReportCmd::Sales { year, xlsx } => {
                let book = ctx.read()?;
                if let Some(out) = &xlsx {
                    book.sales_xlsx(year, out)?;
                }
                let r = book.sales_report(year)?;
                ctx.out(&r, |r| {
                    let mut s = format!("{} 年销售 合计 {}\n", r.year, r.total.grouped());
                    for (title, list) in [
                        ("按月", &r.by_month),
                        ("按渠道", &r.by_channel),
                        ("按产品", &r.by_product),
                        ("按客户", &r.by_buyer),
                    ] {
                        s += &format!("{title}\n");
                        for a in list.iter() {
                            s += &format!("  {}{}\n", pad(&a.label, 24), rpad(&a.amount.grouped(), 16));
                        }
                    }
                    s
                })
            }
            ReportCmd::Trade { kind, from, to } => {
                if kind != "sale" && kind != "delivery" {
                    return Err(Error::new(
                        "invalid-document",
                        format!("单据类型“{kind}”无效，应为 sale 或 delivery"),
                        format!("\"{kind}\" is not sale or delivery"),
                    ));
                }
                let rows = ctx.read()?.trade_rows(&kind, None, &from, &to)?;
                ctx.out(&serde_json::json!({"rows": rows}), |_| {
                    rows.iter()
                        .map(|r| {
                            format!(
                                "#{}  {}  {}  {} {} × {}  {}  {}{}\n",
                                r.id,
                                r.date,
                                pad(&r.product, 8),
                                r.quantity,
                                r.unit,
                                r.price,
                                rpad(&r.amount.grouped(), 14),
                                r.party,
                                if r.reversal_voucher_id.is_some() { "  已冲销" } else { "" }
                            )
                        })
                        .collect()
                })
            }
            ReportCmd::MemberTrade { year, xlsx } => {
                let book = ctx.read()?;
                if let Some(out) = &xlsx {
                    book.member_trade_xlsx(year, out)?;
                }
                let r = book.member_trade(year)?;
                ctx.out(&r, |r| {
                    let mut s = format!("{} 年成员交易额 合计 {}\n", r.year, r.total.grouped());
                    for m in &r.members {
                        s += &format!(
                            "{}  {}{}\n",
                            rpad(&m.no.to_string(), 5),
                            pad(&m.name, 22),
                            rpad(&m.amount.grouped(), 16)
                        );
                        for p in &m.products {
                            s += &format!(
                                "        {} {} {}  {}\n",
                                pad(&p.product, 12),
                                p.quantity,
                                p.unit,
                                p.amount.grouped()
                            );
                        }
                    }
                    s
                })
            }
            ReportCmd::MemberLedger { member, from, to } => {
                let ml = ctx.read()?.member_ledger(member, &from, &to)?;
                ctx.out(&ml, |ml| {
                    let mut s = format!("成员明细账：{} 号 {}\n", ml.no, ml.name);
                    for l in &ml.accounts {
                        s += &ledger_text(l);
                    }
                    s
                })
            }
        },
        Command::Export { cmd } => match cmd {
            ExportCmd::Hledger { out } => {
                let n = ctx.read()?.export_hledger(&out)?;
                ctx.out(&serde_json::json!({"out": out, "transactions": n}), |_| {
                    format!("已导出 {n} 张已记账凭证到 {}\n", out.display())
                })
            }
        },
        Command::Asset { cmd } => match cmd {
            AssetCmd::Add { name, acquired, cost, life_months, residual, category, expense_account, paid } => {
                let a = ctx.write()?.add_asset(&coopbook::assets::NewAsset {
                    name,
                    category,
                    acquired,
                    cost,
                    residual,
                    life_months,
                    expense_account,
                    paid,
                })?;
                ctx.out(&a, |a| {
                    format!(
                        "已登记固定资产 #{} {}，原值 {}，月折旧 {}\n",
                        a.id,
                        a.name,
                        a.cost.grouped(),
                        a.monthly.grouped()
                    )
                })
            }
            AssetCmd::List { at } => {
                let at = at.unwrap_or_else(|| "9999-12-31".into());
                let list = ctx.read()?.assets(&at)?;
                ctx.out(&serde_json::json!({"assets": list}), |_| {
                    list.iter()
                        .map(|a| {
                            format!(
                                "#{}  {}  原值 {}  累计折旧 {}  净值 {}{}\n",
                                a.id,
                                pad(&a.name, 16),
                                a.cost.grouped(),
                                a.accumulated.grouped(),
                                a.net.grouped(),
                                a.disposed.as_ref().map(|d| format!("  已于 {d} 处置")).unwrap_or_default()
                            )
                        })
                        .collect()
                })
            }
            AssetCmd::Depreciate { month } => {
                let v = ctx.write()?.depreciate(&month)?;
                ctx.out(&serde_json::json!({"voucher_id": v}), |_| match v {
                    Some(id) => format!("{month} 折旧已计提（凭证 id {id}）\n"),
                    None => format!("{month} 没有需要计提折旧的资产\n"),
                })
            }
            AssetCmd::Dispose { id, date, proceeds, via } => {
                let v = ctx.write()?.dispose_asset(id, &date, &proceeds, via.as_deref())?;
                ctx.out(&serde_json::json!({"voucher_id": v}), |_| format!("固定资产 #{id} 已处置（凭证 id {v}）\n"))
            }
        },
        Command::Contract { cmd } => match cmd {
            ContractCmd::Add { code, buyer, product, qty, price, from, to } => {
                let c = ctx.write()?.add_contract(&coopbook::trade::NewContract {
                    code,
                    buyer,
                    product,
                    quantity: qty,
                    price,
                    start: from,
                    end: to,
                })?;
                ctx.out(&c, |c| {
                    format!(
                        "已登记购销协议 {}：{} {} {}，{} 至 {}\n",
                        c.code, c.buyer, c.product, c.quantity, c.start, c.end
                    )
                })
            }
            ContractCmd::List => {
                let list = ctx.read()?.contracts()?;
                ctx.out(&serde_json::json!({"contracts": list}), |_| {
                    list.iter()
                        .map(|c| {
                            format!(
                                "{}  {}  {}  约定 {} {}，已交 {}，未交 {}\n",
                                pad(&c.code, 14),
                                pad(&c.buyer, 12),
                                pad(&c.product, 8),
                                c.quantity,
                                c.unit,
                                c.delivered,
                                c.remaining
                            )
                        })
                        .collect()
                })
            }
        },
        Command::Distribution { cmd } => match cmd {
            DistributionCmd::Plan { year, reserve_rate, patronage_rate, what_if } => {
                let p = ctx.write()?.distribution_plan(
                    year,
                    reserve_rate.as_deref(),
                    patronage_rate.as_deref(),
                    what_if,
                )?;
                ctx.out(&p, plan_text)
            }
            DistributionCmd::Show { year } => {
                let p = ctx.read()?.distribution(year)?;
                ctx.out(&p, plan_text)
            }
            DistributionCmd::ApproveBranch { year, date, reference } => {
                let p = ctx.write()?.approve_branch(year, &date, &reference)?;
                ctx.out(&p, |p| {
                    format!(
                        "{} 年分配方案已经党支部研究审议（{} {}）\n",
                        p.year,
                        p.branch_date.clone().unwrap_or_default(),
                        p.branch_ref.clone().unwrap_or_default()
                    )
                })
            }
            DistributionCmd::ApproveMeeting { year, date, reference } => {
                let p = ctx.write()?.approve_meeting(year, &date, &reference)?;
                ctx.out(&p, |p| {
                    format!(
                        "{} 年分配方案已经成员大会通过（{} {}）\n",
                        p.year,
                        p.meeting_date.clone().unwrap_or_default(),
                        p.meeting_ref.clone().unwrap_or_default()
                    )
                })
            }
            DistributionCmd::Post { year } => {
                let v = ctx.write()?.post_distribution(year)?;
                ctx.out(&serde_json::json!({"voucher_id": v}), |_| format!("{year} 年盈余分配已记账（凭证 id {v}）\n"))
            }
            DistributionCmd::Pay { year, via, date, member } => {
                let v = ctx.write()?.pay_distribution(year, &via, date.as_deref(), member)?;
                let whom = member.map(|no| format!("{no} 号成员的 ")).unwrap_or_default();
                ctx.out(&serde_json::json!({"voucher_id": v}), |_| {
                    format!("{whom}{year} 年盈余已发放（凭证 id {v}）\n")
                })
            }
        },
        Command::Print { cmd } => {
            let book = ctx.read()?;
            let (printed, what) = match cmd {
                PrintCmd::Slips { year, out, member } => (book.print_slips(year, member, &out)?, "张分配通知单"),
                PrintCmd::Statement { member, year, out } => (book.print_statement(member, year, &out)?, "行成员账户"),
                PrintCmd::Notice { year, out } => (book.print_notice(year, &out)?, "名成员的公示表"),
                PrintCmd::Vouchers { month: Some(m), out, .. } => (book.print_month_vouchers(&m, &out)?, "张记账凭证"),
                PrintCmd::Vouchers { month: None, ids, out } => (book.print_vouchers(&ids, &out)?, "张记账凭证"),
                PrintCmd::Report { kind, year, month, out } => (book.print_report(&kind, year, month, &out)?, "行报表"),
            };
            ctx.out(&printed, |p| {
                format!("已打印 {} {what}：{}，{} 页，{} KB\n", p.items, p.path, p.pages, p.bytes.div_ceil(1024))
            })
        }
        Command::Document { cmd: DocumentCmd::Reverse { kind, id } } => {
            let rev = ctx.write()?.reverse_document(&kind, id)?;
            ctx.out(&serde_json::json!({"reversal_voucher_id": rev}), |_| format!("单据已冲销，冲销凭证 id {rev}\n"))
        }
        Command::Product { cmd } => match cmd {
            ProductCmd::Add { name, unit, category, no_stock, own } => {
                let source = Some(if own { "own" } else { "member" }.to_string());
                let p = ctx.write()?.add_product(&coopbook::trade::NewProduct {
                    name,
                    unit,
                    category,
                    track_stock: Some(!no_stock),
                    source,
                })?;
                ctx.out(&p, |p| {
                    format!(
                        "已登记产品 {}（{}），科目 {} / {} / {}\n",
                        p.name, p.unit, p.stock_account, p.income_account, p.cost_account
                    )
                })
            }
            ProductCmd::List => {
                let list = ctx.read()?.products()?;
                ctx.out(&serde_json::json!({"products": list}), |_| {
                    list.iter()
                        .map(|p| {
                            format!(
                                "{}  {}  库存 {} {}，{} 元\n",
                                pad(&p.name, 16),
                                pad(&p.unit, 6),
                                p.stock_quantity,
                                p.unit,
                                p.stock_value.grouped()
                            )
                        })
                        .collect()
                })
            }
        },
        Command::Buyer { cmd } => match cmd {
            BuyerCmd::Add { name, channel, member } => {
                let b = ctx.write()?.add_buyer(&coopbook::trade::NewBuyer { name, channel, member })?;
                ctx.out(&b, |b| {
                    format!(
                        "已登记客户 {}（{}）{}\n",
                        b.name,
                        b.channel_zh,
                        b.member.map(|n| format!("，即 {n} 号成员")).unwrap_or_default()
                    )
                })
            }
            BuyerCmd::List => {
                let list = ctx.read()?.buyers()?;
                ctx.out(&serde_json::json!({"buyers": list}), |_| {
                    list.iter()
                        .map(|b| {
                            format!(
                                "{}  {}{}\n",
                                pad(&b.name, 24),
                                b.channel_zh,
                                b.member.map(|n| format!("  {n} 号成员")).unwrap_or_default()
                            )
                        })
                        .collect()
                })
            }
        },
        Command::Deliver { member, product, qty, unit, price, date, grade } => {
            let d = ctx.write()?.deliver(&coopbook::trade::NewDelivery {
                member,
                product,
                quantity: qty,
                unit,
                price,
                date,
                grade,
            })?;
            ctx.out(&d, |d| {
                format!(
                    "已记录 {} 交售{} {} {}，金额 {}（凭证 id {}）\n",
                    d.party,
                    d.product,
                    d.quantity,
                    d.unit,
                    d.amount.grouped(),
                    d.voucher_id
                )
            })
        }
        Command::Harvest { product, qty, unit, cost, date } => {
            let v = ctx.write()?.harvest(&coopbook::trade::NewHarvest { product, quantity: qty, unit, cost, date })?;
            ctx.out(&serde_json::json!({"voucher_id": v}), |_| format!("收获已入库（凭证 id {v}）\n"))
        }
        Command::Operation { kind, date, amount, interest, paid, term, account, party, summary } => {
            let o = ctx.write()?.record_operation(&coopbook::operations::NewOperation {
                kind,
                date,
                amount,
                interest,
                paid,
                term,
                account,
                party,
                summary,
            })?;
            ctx.out(&o, |o| {
                format!("已登记{} {}（凭证 id {}）\n", o.kind_zh, (o.amount + o.interest).grouped(), o.voucher_id)
            })
        }
        Command::Sale { cmd } => match cmd {
            SaleCmd::Add { date, product, qty, unit, price, buyer, channel, contract, paid } => {
                let s = ctx.write()?.sell(&coopbook::trade::NewSale {
                    date,
                    product,
                    quantity: qty,
                    unit,
                    price,
                    buyer,
                    channel,
                    contract,
                    paid,
                })?;
                ctx.out(&s, |s| {
                    format!(
                        "已记录销售{} {} {} 给 {}，金额 {}（凭证 id {}）\n",
                        s.product,
                        s.quantity,
                        s.unit,
                        s.party,
                        s.amount.grouped(),
                        s.voucher_id
                    )
                })
            }
        },
        Command::Contribute(a) => {
            let c = ctx.write()?.contribute(&coopbook::contribution::NewContribution {
                member: a.member,
                kind: a.kind,
                date: a.date,
                amount: a.amount,
                area: a.area,
                price_per_mu: a.price_per_mu,
                days: a.days,
                price_per_day: a.price_per_day,
                via: a.via,
                account: a.account,
                plot: a.plot,
                location: a.location,
                term: a.term,
                valuation_ref: a.valuation_ref,
                description: a.description,
            })?;
            ctx.out(&c, |c| {
                format!(
                    "已登记 {} 号成员 {} 的{}出资 {} 元（凭证 id {}）\n",
                    c.member,
                    c.member_name,
                    c.kind_zh,
                    c.amount.grouped(),
                    c.voucher_id.unwrap_or(0)
                )
            })
        }
        Command::TransferShares(a) => move_shares(
            ctx,
            ShareMovement {
                from: a.from,
                to: Some(a.to),
                kind: a.kind,
                amount: a.amount,
                date: a.date,
                via: None,
                approval_ref: a.approval_ref,
            },
        ),
        Command::Withdraw(a) => move_shares(
            ctx,
            ShareMovement {
                from: a.member,
                to: None,
                kind: a.kind,
                amount: a.amount,
                date: a.date,
                via: a.via,
                approval_ref: a.approval_ref,
            },
        ),
        Command::Shares { at } => {
            let at = at.unwrap_or_else(|| chrono::Local::now().format("%Y-%m-%d").to_string());
            let r = ctx.read()?.shares(&at)?;
            ctx.out(&r, |r| {
                let mut s = format!(
                    "股权登记表 截至 {}（股金合计 {}，财政补助量化 {}）\n",
                    r.at,
                    r.total.grouped(),
                    r.subsidy_total.grouped()
                );
                s += &format!(
                    "{}  {}{}{}{}{}{}{}{}\n",
                    rpad("编号", 4),
                    pad("姓名", 22),
                    rpad("现金", 14),
                    rpad("土地", 14),
                    rpad("劳务", 12),
                    rpad("实物", 12),
                    rpad("补助量化", 14),
                    rpad("股金合计", 16),
                    rpad("占比", 8)
                );
                for m in &r.members {
                    s += &format!(
                        "{}  {}{}{}{}{}{}{}{}\n",
                        rpad(&m.no.to_string(), 4),
                        pad(&m.name, 22),
                        rpad(&m.cash.grouped(), 14),
                        rpad(&m.land.grouped(), 14),
                        rpad(&m.labour.grouped(), 12),
                        rpad(&m.asset.grouped(), 12),
                        rpad(&m.subsidy.grouped(), 14),
                        rpad(&m.total.grouped(), 16),
                        rpad(&m.share, 8)
                    );
                }
                s += &format!(
                    "村集体占股 {}；成员 {} 人，其中农民 {} 人\n",
                    r.collective_share.as_deref().unwrap_or("-"),
                    r.members_count,
                    r.farmers_count
                );
                for f in &r.flags {
                    s += &format!("⚠ {} / {} [{}]\n", f.zh, f.en, f.code);
                }
                s
            })
        }
        Command::Import { cmd } => match cmd {
            ImportCmd::Members { file, dry_run } => {
                let report = ctx.write()?.import_members(&file, dry_run)?;
                ctx.out(&report, import_text)?;
                match report.refusal() {
                    Some(e) => Err(e),
                    None => Ok(()),
                }
            }
            ImportCmd::Sales { file, dry_run } => {
                let (report, total) = ctx.write()?.import_sales_with_total(&file, dry_run)?;
                let refusal = report.refusal();
                ctx.out(&SalesImportOut { report, total }, sales_import_text)?;
                match refusal {
                    Some(e) => Err(e),
                    None => Ok(()),
                }
            }
            ImportCmd::Vouchers { file, dry_run } => {
                let started = Instant::now();
                let out = ctx.write()?.import_vouchers(&file, dry_run)?;
                let refusal = out.report.refusal();
                let ms = started.elapsed().as_millis();
                ctx.out(&out, |o| voucher_import_text(o, ms))?;
                match refusal {
                    Some(e) => Err(e),
                    None => Ok(()),
                }
            }
            ImportCmd::Opening { file, date, chart, map, apply } => {
                let report = coopbook::opening::import_opening(
                    &mut ctx.write()?,
                    &file,
                    &OpeningOptions { date, chart, map },
                    apply,
                )?;
                ctx.out(&report, opening_text)?;
                match report.refusal() {
                    Some(e) => Err(e),
                    None => Ok(()),
                }
            }
        },
        Command::Demo(a) => {
            if a.members < 1 || a.years < 1 || a.years > 50 {
                return Err(Error::new(
                    "demo-invalid",
                    "成员数至少为 1，年数在 1 到 50 之间",
                    "members must be at least 1 and years between 1 and 50",
                ));
            }
            let started = Instant::now();
            let (_book, s) = coopbook::demo::create(&ctx.db, a.members, a.years, a.end_year, a.seed)?;
            let ms = started.elapsed().as_millis();
            ctx.out(&serde_json::json!({"book": ctx.db, "members": s.members, "vouchers": s.vouchers, "lines": s.lines, "years": s.years, "millis": ms}), |_| {
                format!(
                    "已生成示范账本 {}：成员 {} 名，凭证 {} 张，分录 {} 行（{}），用时 {} ms\n用户 {}，密码均为 {}\n",
                    ctx.db.display(),
                    s.members,
                    s.vouchers,
                    s.lines,
                    s.years,
                    ms,
                    coopbook::demo::DEMO_USERS.map(|u| u.0).join("、"),
                    coopbook::demo::DEMO_PASSWORD
                )
            })
        }
        Command::Verify => {
            let v = ctx.read()?.verify()?;
            ctx.out(&v, |v| {
                if v.ok {
                    format!(
                        "校验通过：变更日志 {} 行，哈希链完整；已记账凭证 {} 张全部平衡且未被改动\n",
                        v.log_rows, v.posted_vouchers
                    )
                } else {
                    v.problems.iter().map(|p| format!("{} / {} [{}]\n", p.zh, p.en, p.code)).collect()
                }
            })?;
            if let Some(p) = v.problems.first() {
                return Err(Error::new(
                    "verify-failed",
                    format!("校验未通过：{}", p.zh),
                    format!("verification failed: {}", p.en),
                ));
            }
            Ok(())
        }
        Command::Log { limit, by, action, entity, id, from, to, text } => {
            let f = coopbook::log::LogFilter {
                user: by,
                action,
                entity,
                entity_id: id,
                from,
                to,
                text,
                limit: Some(limit),
                offset: None,
            };
            let page = coopbook::log::search(ctx.read()?.conn(), &f)?;
            ctx.out(&serde_json::json!({"log": page.rows, "total": page.total}), |_| {
                page.rows
                    .iter()
                    .map(|r| {
                        format!(
                            "{}  {}  {}  {} {} {}\n",
                            rpad(&r.seq.to_string(), 6),
                            r.at,
                            pad(&r.user, 10),
                            r.action,
                            r.entity,
                            r.entity_id
                        )
                    })
                    .collect()
            })
        }
        Command::Bench { scratch, no_hledger, quick } => {
            // The same door as every reader: who is acting must be a user of the book.
            drop(ctx.read()?);
            let scratch = scratch.unwrap_or_else(|| coopbook::bench::default_scratch(&ctx.db));
            let r = coopbook::bench::run(&ctx.db, &scratch, !no_hledger, quick, |what| eprintln!("… {what}"))?;
            ctx.out(&r, coopbook::bench::table)
        }
        Command::Whoami => {
            let me = ctx.read()?.me();
            ctx.out(&me, |m| {
                if !m.claimed {
                    format!("{}（账本还没有用户，可做一切操作）\n", m.name)
                } else {
                    let zh: Vec<&str> = coopbook::users::PERMISSIONS
                        .iter()
                        .filter(|p| m.permissions.contains(&p.0.code()))
                        .map(|p| p.1)
                        .collect();
                    format!("{}  {} {}\n可以：{}\n", m.name, m.role_zh, m.role, zh.join("；"))
                }
            })
        }
        Command::User { cmd } => match cmd {
            UserCmd::Add { name, role } => {
                let mut book = ctx.write()?;
                book.require(coopbook::users::Perm::Users)?;
                coopbook::users::Role::parse(&role)?;
                let pw = new_secret(&name)?;
                let u = book.add_user(&name, &role, &pw)?;
                ctx.out(&u, |u| format!("已添加用户 {}（{}）\n", u.name, u.role_zh))
            }
            UserCmd::List => {
                let list = ctx.read()?.users()?;
                ctx.out(&serde_json::json!({"users": list}), |_| list.iter().map(user_line).collect())
            }
            UserCmd::Role { name, role } => {
                let u = ctx.write()?.set_user_role(&name, &role)?;
                ctx.out(&u, |u| format!("用户 {} 的角色改为 {}\n", u.name, u.role_zh))
            }
            UserCmd::Password { name } => {
                let mut book = ctx.write()?;
                let name = name.unwrap_or_else(|| ctx.user.clone());
                let own = name == book.user();
                if !own {
                    book.require(coopbook::users::Perm::Users)?;
                }
                let pw = new_secret(&name)?;
                // One's own password was just given to log in.
                let current = if own { std::env::var("COOPBOOK_PASSWORD").ok() } else { None };
                let u = book.set_password(&name, current.as_deref(), &pw)?;
                ctx.out(&u, |u| format!("用户 {} 的密码已更改\n", u.name))
            }
            UserCmd::Disable { name } => {
                let u = ctx.write()?.set_user_active(&name, false)?;
                ctx.out(&u, |u| format!("用户 {} 已停用\n", u.name))
            }
            UserCmd::Enable { name } => {
                let u = ctx.write()?.set_user_active(&name, true)?;
                ctx.out(&u, |u| format!("用户 {} 已启用\n", u.name))
            }
            UserCmd::Unlock { name } => {
                let u = ctx.write()?.unlock_user(&name)?;
                ctx.out(&u, |u| format!("用户 {} 已解锁\n", u.name))
            }
            UserCmd::Permissions => {
                let rows: Vec<serde_json::Value> = coopbook::users::PERMISSIONS
                    .iter()
                    .map(|(p, zh, en, roles)| serde_json::json!({"permission": p, "zh": zh, "en": en, "roles": roles}))
                    .collect();
                ctx.out(&serde_json::json!({"permissions": rows}), |_| {
                    coopbook::users::PERMISSIONS
                        .iter()
                        .map(|(p, zh, _, roles)| {
                            format!(
                                "{}  {}  {}\n",
                                pad(&p.code(), 14),
                                pad(zh, 40),
                                roles.iter().map(|r| r.zh()).collect::<Vec<_>>().join("、")
                            )
                        })
                        .collect()
                })
            }
        },
    }
}
