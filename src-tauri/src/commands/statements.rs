//! The statements (会农社01/02/03, 成员账户表, 总账) on screen and as Excel workbooks.

use super::{shown, Res};
use crate::session::AppState;
use coopbook::io::print::Printed;
use coopbook::reports::statements::{NoteField, Statement};
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

/// The notes to the statements only a person knows (附注, 第五十八条), as written for a year.
#[tauri::command]
pub async fn note_fields(state: State<'_, AppState>, year: i32) -> Res<Vec<NoteField>> {
    Ok(state.book(|b| b.note_fields(year))?)
}

/// Writes one of those notes (an empty text removes it); returns them all.
#[tauri::command]
pub async fn set_note(state: State<'_, AppState>, year: i32, key: String, text: String) -> Res<Vec<NoteField>> {
    Ok(state.book(|b| b.set_note(year, &key, &text))?)
}
