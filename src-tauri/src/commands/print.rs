//! The PDFs, written into the `打印` folder beside the book and opened in the system viewer.

use super::{print_to, Res};
use crate::session::AppState;
use coopbook::io::print::{file_names, Printed};
use tauri::State;

/// The year's dividend slips (盈余分配通知单), all members or one.
#[tauri::command]
pub async fn print_slips(state: State<'_, AppState>, year: i32, member: Option<i64>) -> Res<Printed> {
    Ok(print_to(&state, file_names::slips(year, member), |b, out| b.print_slips(year, member, out))?)
}

/// A member's account statement (成员账户) for a year.
#[tauri::command]
pub async fn print_statement(state: State<'_, AppState>, no: i64, year: i32) -> Res<Printed> {
    Ok(print_to(&state, file_names::member_statement(no, year), |b, out| b.print_statement(no, year, out))?)
}

/// A member's 成员账户 for a year in the form of the 2021 appendix (A4 landscape).
#[tauri::command]
pub async fn print_member_account(state: State<'_, AppState>, no: i64, year: i32) -> Res<Printed> {
    Ok(print_to(&state, file_names::member_account(no, year), |b, out| b.print_member_account(no, year, out))?)
}

/// The 公示 notice of the year's plan for the village board.
#[tauri::command]
pub async fn print_notice(state: State<'_, AppState>, year: i32) -> Res<Printed> {
    Ok(print_to(&state, file_names::notice(year), |b, out| b.print_notice(year, out))?)
}

/// 记账凭证 as PDF: a month's vouchers, or the ones named.
#[tauri::command]
pub async fn print_vouchers(state: State<'_, AppState>, month: Option<String>, ids: Vec<i64>) -> Res<Printed> {
    let file = file_names::vouchers(month.as_deref());
    match month {
        Some(m) => Ok(print_to(&state, file, |b, out| b.print_month_vouchers(&m, out))?),
        None => Ok(print_to(&state, file, |b, out| b.print_vouchers(&ids, out))?),
    }
}

/// A statement (会农社01/02/03, 成员账户表, 总账) as its printed form; `month` for the balance sheet.
#[tauri::command]
pub async fn print_report(state: State<'_, AppState>, kind: String, year: i32, month: Option<u32>) -> Res<Printed> {
    Ok(print_to(&state, file_names::report(&kind, year, month), |b, out| b.print_report(&kind, year, month, out))?)
}
