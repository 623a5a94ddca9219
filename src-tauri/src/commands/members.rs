//! Members, their contributions and shares, their accounts and the payments to them.

use super::Res;
use crate::session::AppState;
use coopbook::base::money::Money;
use coopbook::business::payment::{MemberPayment, NewMemberPayment};
use coopbook::equity::contribution::{Contribution, ContributionPage, NewContribution, ShareMovement};
use coopbook::equity::shares::ShareRegister;
use coopbook::ledger::balances::MemberLedger;
use coopbook::ledger::member::{Member, MemberPage, NewMember};
use coopbook::reports::member_account::MemberAccount;
use tauri::State;

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
