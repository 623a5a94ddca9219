//! The app's commands: each one a call into the core. Async so that the window never waits on
//! the book (Tauri runs async commands off the main thread).

use crate::session::AppState;
use coopbook::reports::app::AppInfo;
use coopbook::business::assets::{AssetRow, NewAsset};
use coopbook::store::backup::{BackupInfo, BackupPlace};
use coopbook::sync::bundle::{Exported, SentBundle};
use coopbook::equity::contribution::{Contribution, ContributionPage, MemberAccount, NewContribution, ShareMovement};
use coopbook::equity::coop::{Charter, CharterChange, Coop, Setup, SetupDone};
use coopbook::reports::dashboard::Dashboard;
use coopbook::yearend::distribution::{Plan, SlipCode};
use coopbook::io::import::ImportReport;
use coopbook::store::log::{LogFilter, LogPage};
use coopbook::ledger::member::{Member, MemberPage, NewMember};
use coopbook::base::money::Money;
use coopbook::io::opening::{OpeningImport, OpeningOptions};
use coopbook::business::operations::{NewOperation, Operation};
use coopbook::business::payment::{MemberPayment, NewMemberPayment};
use coopbook::ledger::period::{CloseCheck, Period};
use coopbook::io::print::Printed;
use coopbook::ledger::balances::{Ledger, LedgerPage, MemberLedger, TrialBalance};
use coopbook::equity::shares::ShareRegister;
use coopbook::reports::statements::Statement;
use coopbook::sync::township::{TownshipInfo, TownshipReport, Verdict};
use coopbook::business::trade::{
    Buyer, ContractRow, MemberTrade, NewBuyer, NewContract, NewDelivery, NewHarvest, NewProduct, NewSale, Product,
    SalesReport, TradePage, TradeRow,
};
use coopbook::store::users::{Me, User};
use coopbook::ledger::verify::Verification;
use coopbook::ledger::voucher::{NewVoucher, Voucher, VoucherFilter, VoucherPage};
use coopbook::io::voucher_import::VoucherImport;
use coopbook::yearend::close::{YearClose, YearCloseCheck};
use coopbook::{account::Account, Book, ErrorBody, Mode};
use std::path::PathBuf;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

type Res<T> = Result<T, ErrorBody>;

fn demo_path(state: &AppState) -> PathBuf {
    state.data_dir.join("demo.coopbook")
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Res<AppInfo> {
    let demo = demo_path(&state);
    Ok(state.with(|s| {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            book: s.book.as_ref().map(|b| b.path().display().to_string()),
            coop: s.book.as_ref().map(|b| b.coop()).transpose()?,
            user: s.book.as_ref().map(|b| b.user().to_string()).unwrap_or_default(),
            locale: s.settings.locale.clone().unwrap_or_else(|| "zh-CN".into()),
            start_error: s.start_error.clone().map(Into::into),
            startup_ms: i64::try_from(s.startup_ms).unwrap_or(i64::MAX),
            demo_path: demo.display().to_string(),
            me: s.book.as_ref().map(Book::me),
            last_user: s.settings.user.clone(),
            demo_password: match s.book.as_ref() {
                Some(b) if b.is_demo()? => Some(coopbook::tools::demo::DEMO_PASSWORD.to_string()),
                _ => None,
            },
        })
    })?)
}

/// Replaces the open book with `book` and remembers its path.
fn adopt(state: &AppState, book: Book) -> coopbook::Result<Coop> {
    let coop = book.coop()?;
    state.with(|s| {
        s.settings.last_book = Some(book.path().to_owned());
        s.book = Some(book);
        s.start_error = None;
        state.save_settings(&s.settings);
        Ok(coop)
    })
}

/// The open book must be let go before another is opened (the same file could be chosen).
fn release(state: &AppState) -> coopbook::Result<()> {
    state.with(|s| {
        s.book = None;
        Ok(())
    })
}

/// The first-run setup: creates the book with its co-op, charter, village collective (member
/// no. 1), admin and backup folder in one transaction; the admin is then logged in to add the
/// other users. Every problem is reported at once and a refused setup leaves nothing behind.
#[tauri::command]
pub async fn setup_book(state: State<'_, AppState>, path: String, setup: Setup) -> Res<SetupDone> {
    if setup.admin_password.is_none() {
        // The app always makes the admin: a book without users is for scripts.
        return Err(coopbook::Error::new("field-required", "请设置管理员密码", "the admin's password is required")
            .at("password")
            .into());
    }
    release(&state)?;
    let (book, done) = coopbook::equity::coop::setup(&PathBuf::from(path), "admin", &setup)?;
    adopt(&state, book)?;
    Ok(done)
}

#[tauri::command]
pub async fn open_book(state: State<'_, AppState>, path: String) -> Res<Coop> {
    release(&state)?;
    let book = Book::open(&PathBuf::from(path), "", Mode::Write)?;
    crate::session::daily_backup_in_background(book.path());
    Ok(adopt(&state, book)?)
}

/// Opens the demo co-op, making it first if it is not there yet; its users log in with the
/// demo password.
#[tauri::command]
pub async fn open_demo(state: State<'_, AppState>) -> Res<Coop> {
    release(&state)?;
    let path = demo_path(&state);
    let book = if path.exists() {
        Book::open(&path, "", Mode::Write)?
    } else {
        let (mut b, _) = coopbook::tools::demo::create(&path, 30, 1, 2025, 1)?;
        b.logout();
        b
    };
    Ok(adopt(&state, book)?)
}

/// Logs a user in to the open book; the name is remembered for the next login form.
#[tauri::command]
pub async fn login(state: State<'_, AppState>, user: String, password: String) -> Res<Me> {
    let me = state.any_book(|b| b.login(&user, &password))?;
    state.with(|s| {
        s.settings.user = Some(me.name.clone());
        state.save_settings(&s.settings);
        Ok(())
    })?;
    Ok(me)
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> Res<Me> {
    Ok(state.any_book(|b| {
        b.logout();
        Ok(b.me())
    })?)
}

/// A book with no users yet (made before users existed): its first user, an admin, claims it.
#[tauri::command]
pub async fn claim_book(state: State<'_, AppState>, user: String, password: String) -> Res<Me> {
    Ok(state.any_book(|b| {
        if b.claimed() {
            return Err(coopbook::Error::new(
                "book-claimed",
                "这个账本已经有用户，请登录",
                "this book has users already: log in",
            ));
        }
        b.add_user(&user, "admin", &password)?;
        Ok(b.me())
    })?)
}

#[tauri::command]
pub async fn users(state: State<'_, AppState>) -> Res<Vec<User>> {
    Ok(state.book(|b| b.users())?)
}

#[tauri::command]
pub async fn add_user(state: State<'_, AppState>, user: String, role: String, password: String) -> Res<User> {
    Ok(state.book(|b| {
        b.require(coopbook::store::users::Perm::Users)?;
        b.add_user(&user, &role, &password)
    })?)
}

#[tauri::command]
pub async fn set_user_role(state: State<'_, AppState>, user: String, role: String) -> Res<User> {
    Ok(state.book(|b| b.set_user_role(&user, &role))?)
}

#[tauri::command]
pub async fn set_user_active(state: State<'_, AppState>, user: String, active: bool) -> Res<User> {
    Ok(state.book(|b| b.set_user_active(&user, active))?)
}

#[tauri::command]
pub async fn unlock_user(state: State<'_, AppState>, user: String) -> Res<User> {
    Ok(state.book(|b| b.unlock_user(&user))?)
}

/// The admin sets someone's password (a reset, which also unlocks).
#[tauri::command]
pub async fn reset_password(state: State<'_, AppState>, user: String, password: String) -> Res<User> {
    Ok(state.book(|b| {
        b.require(coopbook::store::users::Perm::Users)?;
        b.set_password(&user, None, &password)
    })?)
}

/// The logged-in user changes their own password.
#[tauri::command]
pub async fn change_password(state: State<'_, AppState>, current: String, password: String) -> Res<User> {
    Ok(state.book(|b| {
        let me = b.user().to_string();
        b.set_password(&me, Some(&current), &password)
    })?)
}

/// The change log, filtered, newest first (the audit screen).
#[tauri::command]
pub async fn audit_log(state: State<'_, AppState>, filter: LogFilter) -> Res<LogPage> {
    Ok(state.book(|b| coopbook::store::log::search(b.conn(), &filter))?)
}

/// The book's automatic backups in its 备份 folder, newest first.
#[tauri::command]
pub async fn backups(state: State<'_, AppState>) -> Res<Vec<BackupInfo>> {
    Ok(state.book(|b| b.backups())?)
}

/// Where the automatic backups go, and whether that folder can be written now.
#[tauri::command]
pub async fn backup_place(state: State<'_, AppState>) -> Res<BackupPlace> {
    Ok(state.book(|b| b.backup_place())?)
}

/// Sends the automatic backups to `dir` (a full path), or back to 备份 beside the book (`null`).
#[tauri::command]
pub async fn set_backup_dir(state: State<'_, AppState>, dir: Option<String>) -> Res<BackupPlace> {
    Ok(state.book(|b| b.set_backup_dir(dir.as_deref()))?)
}

/// A folder for the automatic backups (a second disk, a USB stick).
#[tauri::command]
pub async fn pick_backup_dir(app: tauri::AppHandle) -> Res<Option<String>> {
    let picked = app.dialog().file().blocking_pick_folder();
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

/// A backup now, into the backup folder (kept with the automatic ones).
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Res<BackupInfo> {
    Ok(state.book(|b| {
        b.require(coopbook::store::users::Perm::Backup)?;
        b.auto_backup("manual")
    })?)
}

/// Restores the open book from one of its backups (the admin); the book as it was is backed up
/// first. Whoever is not a user of the restored book is logged out.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Res<BackupInfo> {
    Ok(state.book(|b| b.restore_from(std::path::Path::new(&path)))?)
}

#[tauri::command]
pub async fn close_book(state: State<'_, AppState>) -> Res<()> {
    release(&state)?;
    Ok(())
}

/// The system's file chooser, run on the Rust side: the webview gets no file-system access.
#[tauri::command]
pub async fn pick_book_file(app: tauri::AppHandle) -> Res<Option<String>> {
    let picked = app.dialog().file().add_filter("合作社账本 Coopbook", &["coopbook"]).blocking_pick_file();
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

#[tauri::command]
pub async fn pick_new_book_path(app: tauri::AppHandle) -> Res<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .add_filter("合作社账本 Coopbook", &["coopbook"])
        .set_file_name("合作社账本.coopbook")
        .blocking_save_file();
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

/// A backup copy to restore from (e.g. one kept on a USB stick).
#[tauri::command]
pub async fn pick_backup_file(app: tauri::AppHandle) -> Res<Option<String>> {
    let picked = app.dialog().file().add_filter("账本备份 Coopbook backup", &["coopbook"]).blocking_pick_file();
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

#[tauri::command]
pub async fn pick_import_file(app: tauri::AppHandle) -> Res<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .add_filter("花名册、销售明细或期初余额表 (CSV, XLSX)", &["csv", "xlsx", "txt"])
        .blocking_pick_file();
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

/// Checks (`dry_run`) or imports a 花名册; a file with bad rows comes back as a report, not an error.
#[tauri::command]
pub async fn import_members(state: State<'_, AppState>, path: String, dry_run: bool) -> Res<ImportReport> {
    Ok(state.book(|b| b.import_members(std::path::Path::new(&path), dry_run))?)
}

/// Checks (`dry_run`) or imports a list of sales (e.g. the online mall's monthly export); a file
/// with bad rows comes back as a report, not an error.
#[tauri::command]
pub async fn import_sales(state: State<'_, AppState>, path: String, dry_run: bool) -> Res<ImportReport> {
    Ok(state.book(|b| b.import_sales(std::path::Path::new(&path), dry_run))?)
}

/// Checks (`dry_run`) or imports the vouchers of another system or a spreadsheet, one voucher
/// line a row (凭证导入); bad rows come back in the report, not as an error.
#[tauri::command]
pub async fn import_vouchers(state: State<'_, AppState>, path: String, dry_run: bool) -> Res<VoucherImport> {
    Ok(state.book(|b| b.import_vouchers(std::path::Path::new(&path), dry_run))?)
}

/// Reads an opening balance file (期初余额表) of old books and maps it to the 2021 chart
/// (`chart`: 2007 or 2021; `map`: overrides `OLD=NEW`); writes nothing. Bad rows and unequal
/// totals come back in the report.
#[tauri::command]
pub async fn opening_preview(
    state: State<'_, AppState>,
    path: String,
    date: Option<String>,
    chart: Option<String>,
    map: Vec<String>,
) -> Res<OpeningImport> {
    Ok(state.book(|b| b.opening_preview(std::path::Path::new(&path), &OpeningOptions { date, chart, map }))?)
}

/// Writes the opening balances as one posted voucher; refused (nothing written) unless every row
/// is good and the debits equal the credits.
#[tauri::command]
pub async fn opening_apply(
    state: State<'_, AppState>,
    path: String,
    date: Option<String>,
    chart: Option<String>,
    map: Vec<String>,
) -> Res<OpeningImport> {
    Ok(state.book(|b| b.opening_apply(std::path::Path::new(&path), &OpeningOptions { date, chart, map }))?)
}

#[tauri::command]
pub async fn set_locale(state: State<'_, AppState>, locale: String) -> Res<()> {
    Ok(state.with(|s| {
        s.settings.locale = Some(locale);
        state.save_settings(&s.settings);
        Ok(())
    })?)
}

#[tauri::command]
pub async fn coop(state: State<'_, AppState>) -> Res<Coop> {
    Ok(state.book(|b| b.coop())?)
}

#[tauri::command]
pub async fn set_charter(state: State<'_, AppState>, change: CharterChange) -> Res<Charter> {
    Ok(state.book(|b| b.update_charter(&change))?)
}

#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>, year: i32) -> Res<Dashboard> {
    Ok(state.book(|b| b.dashboard(year))?)
}

#[tauri::command]
pub async fn members(state: State<'_, AppState>, query: Option<String>) -> Res<Vec<Member>> {
    Ok(state.book(|b| b.members(query.as_deref()))?)
}

/// One page of the member list (number order) and how many members the query matches.
#[tauri::command]
pub async fn member_page(
    state: State<'_, AppState>,
    query: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
) -> Res<MemberPage> {
    Ok(state.book(|b| b.member_page(query.as_deref(), limit, offset))?)
}

#[tauri::command]
pub async fn add_member(state: State<'_, AppState>, member: NewMember) -> Res<Member> {
    Ok(state.book(|b| b.add_member(&member))?)
}

#[tauri::command]
pub async fn update_member(state: State<'_, AppState>, no: i64, member: NewMember) -> Res<Member> {
    Ok(state.book(|b| b.update_member(no, &member))?)
}

#[tauri::command]
pub async fn exit_member(state: State<'_, AppState>, no: i64, date: String, via: Option<String>) -> Res<Member> {
    Ok(state.book(|b| b.exit_member(no, &date, via.as_deref()))?)
}

#[tauri::command]
pub async fn contribute(state: State<'_, AppState>, contribution: NewContribution) -> Res<Contribution> {
    Ok(state.book(|b| b.contribute(&contribution))?)
}

/// A transfer of shares between members or a withdrawal; returns the voucher id.
#[tauri::command]
pub async fn move_shares(state: State<'_, AppState>, movement: ShareMovement) -> Res<i64> {
    Ok(state.book(|b| b.move_shares(&movement))?)
}

#[tauri::command]
pub async fn contributions(state: State<'_, AppState>, member: Option<i64>) -> Res<Vec<Contribution>> {
    Ok(state.book(|b| b.contributions(member))?)
}

/// One page of the contributions (date order) and how many there are.
#[tauri::command]
pub async fn contribution_page(
    state: State<'_, AppState>,
    member: Option<i64>,
    limit: Option<i64>,
    offset: Option<i64>,
) -> Res<ContributionPage> {
    Ok(state.book(|b| b.contribution_page(member, limit, offset))?)
}

#[tauri::command]
pub async fn member_account(state: State<'_, AppState>, no: i64, year: i32) -> Res<MemberAccount> {
    Ok(state.book(|b| b.member_account(no, year))?)
}

#[tauri::command]
pub async fn member_ledger(state: State<'_, AppState>, no: i64, from: String, to: String) -> Res<MemberLedger> {
    Ok(state.book(|b| b.member_ledger(no, &from, &to))?)
}

#[tauri::command]
pub async fn shares(state: State<'_, AppState>, at: String) -> Res<ShareRegister> {
    Ok(state.book(|b| b.shares(&at))?)
}

#[tauri::command]
pub async fn accounts(state: State<'_, AppState>) -> Res<Vec<Account>> {
    Ok(state.book(|b| b.accounts())?)
}

#[tauri::command]
pub async fn add_account(state: State<'_, AppState>, code: String, name: String, parent: String) -> Res<Account> {
    Ok(state.book(|b| b.add_account(&code, &name, &parent))?)
}

#[tauri::command]
pub async fn vouchers(state: State<'_, AppState>, filter: VoucherFilter) -> Res<VoucherPage> {
    Ok(state.book(|b| b.voucher_page(&filter))?)
}

#[tauri::command]
pub async fn voucher(state: State<'_, AppState>, id: i64) -> Res<Voucher> {
    Ok(state.book(|b| b.voucher(id))?)
}

#[tauri::command]
pub async fn add_voucher(state: State<'_, AppState>, voucher: NewVoucher) -> Res<Voucher> {
    Ok(state.book(|b| b.add_voucher(&voucher))?)
}

#[tauri::command]
pub async fn review_voucher(state: State<'_, AppState>, id: i64) -> Res<Voucher> {
    Ok(state.book(|b| b.review_voucher(id))?)
}

#[tauri::command]
pub async fn unreview_voucher(state: State<'_, AppState>, id: i64) -> Res<Voucher> {
    Ok(state.book(|b| b.unreview_voucher(id))?)
}

#[tauri::command]
pub async fn post_voucher(state: State<'_, AppState>, id: i64) -> Res<Voucher> {
    Ok(state.book(|b| b.post_voucher(id))?)
}

#[tauri::command]
pub async fn reverse_voucher(state: State<'_, AppState>, id: i64, date: Option<String>) -> Res<Voucher> {
    Ok(state.book(|b| b.reverse_voucher(id, date.as_deref()))?)
}

#[tauri::command]
pub async fn delete_voucher(state: State<'_, AppState>, id: i64) -> Res<()> {
    Ok(state.book(|b| b.delete_voucher(id))?)
}

#[tauri::command]
pub async fn trial_balance(state: State<'_, AppState>, from: String, to: String) -> Res<TrialBalance> {
    Ok(state.book(|b| b.trial_balance(&from, &to))?)
}

#[tauri::command]
pub async fn ledger(
    state: State<'_, AppState>,
    account: String,
    from: String,
    to: String,
    member: Option<i64>,
) -> Res<Ledger> {
    Ok(state.book(|b| b.ledger(&account, &from, &to, member))?)
}

/// One page of an account's detail ledger with the balance brought forward and the range's totals.
#[tauri::command]
pub async fn ledger_page(
    state: State<'_, AppState>,
    account: String,
    from: String,
    to: String,
    member: Option<i64>,
    limit: Option<i64>,
    offset: Option<i64>,
) -> Res<LedgerPage> {
    Ok(state.book(|b| b.ledger_page(&account, &from, &to, member, limit, offset))?)
}

#[tauri::command]
pub async fn periods(state: State<'_, AppState>) -> Res<Vec<Period>> {
    Ok(state.book(|b| b.periods())?)
}

/// Every blocker of a month's close, without closing it.
#[tauri::command]
pub async fn close_check(state: State<'_, AppState>, month: String) -> Res<CloseCheck> {
    Ok(state.book(|b| b.close_check(&month))?)
}

#[tauri::command]
pub async fn close_period(state: State<'_, AppState>, month: String) -> Res<Period> {
    Ok(state.book(|b| b.close_period(&month))?)
}

#[tauri::command]
pub async fn reopen_period(state: State<'_, AppState>, month: String) -> Res<Period> {
    Ok(state.book(|b| b.reopen_period(&month))?)
}

#[tauri::command]
pub async fn verify(state: State<'_, AppState>) -> Res<Verification> {
    Ok(state.book(|b| b.verify())?)
}

#[tauri::command]
pub async fn products(state: State<'_, AppState>) -> Res<Vec<Product>> {
    Ok(state.book(|b| b.products())?)
}

#[tauri::command]
pub async fn add_product(state: State<'_, AppState>, product: NewProduct) -> Res<Product> {
    Ok(state.book(|b| b.add_product(&product))?)
}

#[tauri::command]
pub async fn buyers(state: State<'_, AppState>) -> Res<Vec<Buyer>> {
    Ok(state.book(|b| b.buyers())?)
}

#[tauri::command]
pub async fn add_buyer(state: State<'_, AppState>, buyer: NewBuyer) -> Res<Buyer> {
    Ok(state.book(|b| b.add_buyer(&buyer))?)
}

#[tauri::command]
pub async fn deliver(state: State<'_, AppState>, delivery: NewDelivery) -> Res<TradeRow> {
    Ok(state.book(|b| b.deliver(&delivery))?)
}

#[tauri::command]
pub async fn sell(state: State<'_, AppState>, sale: NewSale) -> Res<TradeRow> {
    Ok(state.book(|b| b.sell(&sale))?)
}

#[tauri::command]
pub async fn member_trade(state: State<'_, AppState>, year: i32) -> Res<MemberTrade> {
    Ok(state.book(|b| b.member_trade(year))?)
}

#[tauri::command]
pub async fn sales_report(state: State<'_, AppState>, year: i32) -> Res<SalesReport> {
    Ok(state.book(|b| b.sales_report(year))?)
}

/// Reverses a delivery, sale or contribution with its voucher; returns the reversal voucher id.
#[tauri::command]
pub async fn reverse_document(state: State<'_, AppState>, kind: String, id: i64) -> Res<i64> {
    Ok(state.book(|b| b.reverse_document(&kind, id))?)
}

#[tauri::command]
pub async fn contracts(state: State<'_, AppState>) -> Res<Vec<ContractRow>> {
    Ok(state.book(|b| b.contracts())?)
}

#[tauri::command]
pub async fn add_contract(state: State<'_, AppState>, contract: NewContract) -> Res<ContractRow> {
    Ok(state.book(|b| b.add_contract(&contract))?)
}

#[tauri::command]
pub async fn record_operation(state: State<'_, AppState>, operation: NewOperation) -> Res<Operation> {
    Ok(state.book(|b| b.record_operation(&operation))?)
}

#[tauri::command]
pub async fn operations(state: State<'_, AppState>) -> Res<Vec<Operation>> {
    Ok(state.book(|b| b.operations())?)
}

/// Records a harvest of the co-op's own product; returns its voucher id.
#[tauri::command]
pub async fn harvest(state: State<'_, AppState>, harvest: NewHarvest) -> Res<i64> {
    Ok(state.book(|b| b.harvest(&harvest))?)
}

#[tauri::command]
pub async fn assets(state: State<'_, AppState>, at: String) -> Res<Vec<AssetRow>> {
    Ok(state.book(|b| b.assets(&at))?)
}

#[tauri::command]
pub async fn add_asset(state: State<'_, AppState>, asset: NewAsset) -> Res<AssetRow> {
    Ok(state.book(|b| b.add_asset(&asset))?)
}

/// Runs a month's depreciation; null when no asset depreciates that month.
#[tauri::command]
pub async fn depreciate(state: State<'_, AppState>, month: String) -> Res<Option<i64>> {
    Ok(state.book(|b| b.depreciate(&month))?)
}

#[tauri::command]
pub async fn dispose_asset(
    state: State<'_, AppState>,
    id: i64,
    date: String,
    proceeds: String,
    via: Option<String>,
) -> Res<i64> {
    Ok(state.book(|b| b.dispose_asset(id, &date, &proceeds, via.as_deref()))?)
}

/// Sales or deliveries (`kind`: sale | delivery) dated in a range, reversed ones included.
#[tauri::command]
pub async fn trade_rows(state: State<'_, AppState>, kind: String, from: String, to: String) -> Res<Vec<TradeRow>> {
    Ok(state.book(|b| b.trade_rows(&kind, None, &from, &to))?)
}

/// One page of deliveries or sales in the range, newest first, and how many there are.
#[tauri::command]
pub async fn trade_page(
    state: State<'_, AppState>,
    kind: String,
    from: String,
    to: String,
    limit: Option<i64>,
    offset: Option<i64>,
) -> Res<TradePage> {
    Ok(state.book(|b| b.trade_page(&kind, &from, &to, limit, offset))?)
}

/// Makes (or, with `what_if`, only computes) the year's distribution plan.
#[tauri::command]
pub async fn distribution_plan(
    state: State<'_, AppState>,
    year: i32,
    reserve_rate: Option<String>,
    patronage_rate: Option<String>,
    what_if: bool,
) -> Res<Plan> {
    Ok(state.book(|b| b.distribution_plan(year, reserve_rate.as_deref(), patronage_rate.as_deref(), what_if))?)
}

#[tauri::command]
pub async fn distribution(state: State<'_, AppState>, year: i32) -> Res<Plan> {
    Ok(state.book(|b| b.distribution(year))?)
}

#[tauri::command]
pub async fn approve_branch(state: State<'_, AppState>, year: i32, date: String, reference: String) -> Res<Plan> {
    Ok(state.book(|b| b.approve_branch(year, &date, &reference))?)
}

#[tauri::command]
pub async fn approve_meeting(state: State<'_, AppState>, year: i32, date: String, reference: String) -> Res<Plan> {
    Ok(state.book(|b| b.approve_meeting(year, &date, &reference))?)
}

#[tauri::command]
pub async fn post_distribution(state: State<'_, AppState>, year: i32) -> Res<i64> {
    Ok(state.book(|b| b.post_distribution(year))?)
}

/// Writes a PDF into the prints folder beside the book and opens it in the system viewer.
fn print_to(
    state: &AppState,
    file: String,
    f: impl FnOnce(&Book, &std::path::Path) -> coopbook::Result<Printed>,
) -> Res<Printed> {
    let printed = state.book(|b| {
        let dir = crate::session::prints_dir(b);
        std::fs::create_dir_all(&dir).map_err(|e| {
            coopbook::Error::new(
                "print-folder",
                format!("无法创建打印文件夹 {}：{e}", dir.display()),
                format!("cannot create the prints folder {}: {e}", dir.display()),
            )
        })?;
        f(b, &dir.join(file))
    })?;
    crate::session::open_in_viewer(std::path::Path::new(&printed.path));
    Ok(printed)
}

/// A statement (会农社01/02/03, 成员账户表, 总账) for a year; `month` for the balance sheet.
#[tauri::command]
pub async fn statement(state: State<'_, AppState>, kind: String, year: i32, month: Option<u32>) -> Res<Statement> {
    Ok(state.book(|b| b.statement(&kind, year, month))?)
}

/// A statement as an Excel workbook in the `导出` folder beside the book, opened for the user.
#[tauri::command]
pub async fn export_statement(state: State<'_, AppState>, kind: String, year: i32, month: Option<u32>) -> Res<Printed> {
    let printed = state.book(|b| {
        let st = b.statement(&kind, year, month)?;
        let dir = crate::session::exports_dir(b);
        std::fs::create_dir_all(&dir).map_err(|e| {
            coopbook::Error::new(
                "export-folder",
                format!("无法创建导出文件夹 {}：{e}", dir.display()),
                format!("cannot create the exports folder {}: {e}", dir.display()),
            )
        })?;
        let name = match (kind.as_str(), month) {
            ("balance-sheet", Some(m)) if m != 12 => format!("{year}年{m}月{}.xlsx", st.title),
            _ => format!("{year}年{}.xlsx", st.title),
        };
        let out = dir.join(name);
        coopbook::io::xlsx::write_statement(&out, &st)?;
        let bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        Ok(Printed {
            path: out.display().to_string(),
            pages: 1,
            bytes,
            items: u32::try_from(st.blocks.iter().map(|b| b.rows.len()).sum::<usize>()).unwrap_or(u32::MAX),
        })
    })?;
    crate::session::open_in_viewer(std::path::Path::new(&printed.path));
    Ok(printed)
}

/// The fingerprint of the co-op's bundle-signing key (made now for a book that has none).
#[tauri::command]
pub async fn key_fingerprint(state: State<'_, AppState>) -> Res<String> {
    Ok(state.book(|b| b.key_fingerprint())?)
}

/// Where to save a bundle: the system's save dialog, with the suggested name.
#[tauri::command]
pub async fn pick_bundle_save_path(app: tauri::AppHandle, name: String) -> Res<Option<String>> {
    let picked =
        app.dialog().file().add_filter("同步包 Coopsync", &["coopsync"]).set_file_name(&name).blocking_save_file();
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

/// Bundle files to import at the township (several at once).
#[tauri::command]
pub async fn pick_bundle_files(app: tauri::AppHandle) -> Res<Vec<String>> {
    let picked =
        app.dialog().file().add_filter("同步包 Coopsync", &["coopsync"]).blocking_pick_files().unwrap_or_default();
    Ok(picked.into_iter().filter_map(|p| p.into_path().ok()).map(|p| p.display().to_string()).collect())
}

/// A township database to open (or, `create`, a new one's path).
#[tauri::command]
pub async fn pick_township_path(app: tauri::AppHandle, create: bool) -> Res<Option<String>> {
    let d = app.dialog().file().add_filter("乡镇汇总库 Township", &["township"]);
    let picked =
        if create { d.set_file_name("乡镇汇总.township").blocking_save_file() } else { d.blocking_pick_file() };
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

/// The suggested file name of the next bundle.
#[tauri::command]
pub async fn next_bundle_name(state: State<'_, AppState>) -> Res<String> {
    Ok(state.book(|b| Ok(format!("{}-同步包第{}号.coopsync", b.coop()?.village, b.next_bundle_seq()?)))?)
}

/// Writes the next sync bundle to `path` (default: the 同步包 folder beside the book).
#[tauri::command]
pub async fn export_bundle(state: State<'_, AppState>, path: Option<String>, full: bool) -> Res<Exported> {
    Ok(state.book(|b| {
        let out = match path.filter(|p| !p.trim().is_empty()) {
            Some(p) => PathBuf::from(p),
            None => {
                let dir = crate::session::bundles_dir(b);
                std::fs::create_dir_all(&dir).map_err(|e| {
                    coopbook::Error::new(
                        "export-folder",
                        format!("无法创建同步包文件夹 {}：{e}", dir.display()),
                        format!("cannot create the bundles folder {}: {e}", dir.display()),
                    )
                })?;
                dir.join(format!("{}-同步包第{}号.coopsync", b.coop()?.village, b.next_bundle_seq()?))
            }
        };
        b.export_bundle(&out, full)
    })?)
}

#[tauri::command]
pub async fn bundles_sent(state: State<'_, AppState>) -> Res<Vec<SentBundle>> {
    Ok(state.book(|b| b.bundles_sent())?)
}

/// The township database open now, if any, and its villages.
#[tauri::command]
pub async fn township_info(state: State<'_, AppState>) -> Res<Option<TownshipInfo>> {
    match state.township(|t| t.info()) {
        Ok(i) => Ok(Some(i)),
        Err(e) if e.code == "no-township" => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Opens (or creates) a township database and remembers it.
#[tauri::command]
pub async fn township_open(state: State<'_, AppState>, path: String) -> Res<TownshipInfo> {
    let p = PathBuf::from(path.trim());
    let t = coopbook::sync::township::Township::open(&p)?;
    let info = t.info()?;
    let settings = state.with(|s| {
        s.township = Some(t);
        s.settings.last_township = Some(p.clone());
        Ok(s.settings.clone())
    })?;
    state.save_settings(&settings);
    Ok(info)
}

/// Imports bundle files into the open township database: a verdict per file.
#[tauri::command]
pub async fn township_import(state: State<'_, AppState>, paths: Vec<String>) -> Res<Vec<Verdict>> {
    let files: Vec<PathBuf> = paths.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).map(PathBuf::from).collect();
    Ok(state.township(|t| Ok(t.import(&files)))?)
}

#[tauri::command]
pub async fn township_report(state: State<'_, AppState>, year: i32) -> Res<TownshipReport> {
    Ok(state.township(|t| t.report(year))?)
}

/// A village's statement as the township imported it.
#[tauri::command]
pub async fn township_statement(
    state: State<'_, AppState>,
    uscc: String,
    kind: String,
    year: i32,
    month: Option<u32>,
) -> Res<Statement> {
    Ok(state.township(|t| t.village(&uscc)?.statement(&kind, year, month))?)
}

/// The township report as Excel in a `导出` folder beside the township database, opened for the user.
#[tauri::command]
pub async fn township_export_report(state: State<'_, AppState>, year: i32) -> Res<Printed> {
    let printed = state.township(|t| {
        let r = t.report(year)?;
        let dir = t.path().parent().map(std::path::Path::to_path_buf).unwrap_or_default().join("导出");
        std::fs::create_dir_all(&dir).map_err(|e| {
            coopbook::Error::new(
                "export-folder",
                format!("无法创建导出文件夹 {}：{e}", dir.display()),
                format!("cannot create the exports folder {}: {e}", dir.display()),
            )
        })?;
        let out = dir.join(format!("{year}年乡镇汇总.xlsx"));
        coopbook::io::xlsx::write_township(&out, &r)?;
        let bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        Ok(Printed {
            path: out.display().to_string(),
            pages: 1,
            bytes,
            items: u32::try_from(r.villages.len()).unwrap_or(u32::MAX),
        })
    })?;
    crate::session::open_in_viewer(std::path::Path::new(&printed.path));
    Ok(printed)
}

/// What stops a year from closing (writes nothing).
#[tauri::command]
pub async fn year_close_check(state: State<'_, AppState>, year: i32, defer: Option<String>) -> Res<YearCloseCheck> {
    Ok(state.book(|b| b.year_close_check(year, defer.as_deref()))?)
}

/// Closes a year: P&L to 331, 331 to 332, every month closed.
#[tauri::command]
pub async fn close_year(state: State<'_, AppState>, year: i32, defer: Option<String>) -> Res<YearClose> {
    Ok(state.book(|b| b.close_year(year, defer.as_deref()))?)
}

#[tauri::command]
pub async fn closed_years(state: State<'_, AppState>) -> Res<Vec<YearClose>> {
    Ok(state.book(|b| b.closed_years())?)
}

/// The year's dividend slips (盈余分配通知单), all members or one.
#[tauri::command]
pub async fn print_slips(state: State<'_, AppState>, year: i32, member: Option<i64>) -> Res<Printed> {
    let file = match member {
        Some(no) => format!("{year}年盈余分配通知单-{no}号.pdf"),
        None => format!("{year}年盈余分配通知单.pdf"),
    };
    print_to(&state, file, |b, out| b.print_slips(year, member, out))
}

/// A member's account statement (成员账户) for a year.
#[tauri::command]
pub async fn print_statement(state: State<'_, AppState>, no: i64, year: i32) -> Res<Printed> {
    print_to(&state, format!("{year}年成员账户-{no}号.pdf"), |b, out| b.print_statement(no, year, out))
}

/// The 公示 notice of the year's plan for the village board.
#[tauri::command]
pub async fn print_notice(state: State<'_, AppState>, year: i32) -> Res<Printed> {
    print_to(&state, format!("{year}年盈余分配公示.pdf"), |b, out| b.print_notice(year, out))
}

/// 记账凭证 as PDF: a month's vouchers, or the ones named.
#[tauri::command]
pub async fn print_vouchers(state: State<'_, AppState>, month: Option<String>, ids: Vec<i64>) -> Res<Printed> {
    match month {
        Some(m) => print_to(&state, format!("{m}记账凭证.pdf"), |b, out| b.print_month_vouchers(&m, out)),
        None => print_to(&state, "记账凭证.pdf".into(), |b, out| b.print_vouchers(&ids, out)),
    }
}

/// A statement (会农社01/02/03, 成员账户表, 总账) as its printed form; `month` for the balance sheet.
#[tauri::command]
pub async fn print_report(state: State<'_, AppState>, kind: String, year: i32, month: Option<u32>) -> Res<Printed> {
    // the statements' titles (statements.rs), so the general ledger is not built twice
    let title = match kind.as_str() {
        "balance-sheet" => "资产负债表",
        "surplus" => "盈余及盈余分配表",
        "equity-changes" => "成员权益变动表",
        "member-accounts" => "成员账户表",
        "general-ledger" => "总账",
        _ => "报表", // refused by print_report (unknown-statement)
    };
    let file = match (kind.as_str(), month) {
        ("balance-sheet", Some(m)) if m != 12 => format!("{year}年{m}月{title}.pdf"),
        _ => format!("{year}年{title}.pdf"),
    };
    print_to(&state, file, |b, out| b.print_report(&kind, year, month, out))
}

/// Each plan member's slip verification code (校验码), for the on-screen preview.
#[tauri::command]
pub async fn slip_codes(state: State<'_, AppState>, year: i32) -> Res<Vec<SlipCode>> {
    Ok(state.book(|b| b.slip_codes(year))?)
}

/// Pays a member for delivered produce (Dr 114 / Cr 101 or 102).
#[tauri::command]
pub async fn pay_member(state: State<'_, AppState>, payment: NewMemberPayment) -> Res<MemberPayment> {
    Ok(state.book(|b| b.pay_member(&payment))?)
}

#[tauri::command]
pub async fn member_payments(state: State<'_, AppState>, member: Option<i64>) -> Res<Vec<MemberPayment>> {
    Ok(state.book(|b| b.member_payments(member))?)
}

/// What the co-op owes a member on 114 at a date.
#[tauri::command]
pub async fn owed_to_member(state: State<'_, AppState>, no: i64, date: String) -> Res<Money> {
    Ok(state.book(|b| b.owed_to_member(no, &date))?)
}

#[tauri::command]
pub async fn pay_distribution(
    state: State<'_, AppState>,
    year: i32,
    via: String,
    date: Option<String>,
    member: Option<i64>,
) -> Res<i64> {
    Ok(state.book(|b| b.pay_distribution(year, &via, date.as_deref(), member))?)
}
