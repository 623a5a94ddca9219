//! The chart of accounts, vouchers, ledgers, periods, the book's check and the year's close.

use super::Res;
use crate::session::AppState;
use coopbook::ledger::account::Account;
use coopbook::ledger::balances::{Ledger, LedgerPage, TrialBalance};
use coopbook::ledger::period::{CloseCheck, Period};
use coopbook::ledger::verify::Verification;
use coopbook::ledger::voucher::{NewVoucher, Voucher, VoucherFilter, VoucherPage};
use coopbook::yearend::close::{YearClose, YearCloseCheck};
use tauri::State;

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
