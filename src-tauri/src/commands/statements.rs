//! The statements (会农社01/02/03, 成员账户表, 总账) on screen and as Excel workbooks.

use super::{shown, Res};
use crate::session::AppState;
use coopbook::io::print::Printed;
use coopbook::reports::statements::Statement;
use tauri::State;

/// A statement (会农社01/02/03, 成员账户表, 总账) for a year; `month` for the balance sheet.
#[tauri::command]
pub async fn statement(state: State<'_, AppState>, kind: String, year: i32, month: Option<u32>) -> Res<Statement> {
    Ok(state.book(|b| b.statement(&kind, year, month))?)
}

/// A statement as an Excel workbook in the `导出` folder beside the book, opened for the user.
#[tauri::command]
pub async fn export_statement(state: State<'_, AppState>, kind: String, year: i32, month: Option<u32>) -> Res<Printed> {
    Ok(shown(state.book(|b| b.statement_xlsx_into(&kind, year, month, &crate::session::exports_dir(b)))?))
}
