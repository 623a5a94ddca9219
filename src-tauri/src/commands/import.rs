//! Imports from files: the member roll (花名册), sales, vouchers and the opening balances.

use super::{picked, Res};
use crate::session::AppState;
use coopbook::io::import::ImportReport;
use coopbook::io::opening::{OpeningImport, OpeningOptions};
use coopbook::io::voucher_import::VoucherImport;
use std::path::Path;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

#[tauri::command]
pub async fn pick_import_file(app: tauri::AppHandle) -> Res<Option<String>> {
    Ok(picked(
        app.dialog()
            .file()
            .add_filter("花名册、销售明细或期初余额表 (CSV, XLSX)", &["csv", "xlsx", "txt"])
            .blocking_pick_file(),
    ))
}

/// Checks (`dry_run`) or imports a 花名册; a file with bad rows comes back as a report, not an error.
#[tauri::command]
pub async fn import_members(state: State<'_, AppState>, path: String, dry_run: bool) -> Res<ImportReport> {
    Ok(state.book(|b| b.import_members(Path::new(&path), dry_run))?)
}

/// Checks (`dry_run`) or imports a list of sales (e.g. the online mall's monthly export); a file
/// with bad rows comes back as a report, not an error.
#[tauri::command]
pub async fn import_sales(state: State<'_, AppState>, path: String, dry_run: bool) -> Res<ImportReport> {
    Ok(state.book(|b| b.import_sales(Path::new(&path), dry_run))?)
}

/// Checks (`dry_run`) or imports the vouchers of another system or a spreadsheet, one voucher
/// line a row (凭证导入); bad rows come back in the report, not as an error.
#[tauri::command]
pub async fn import_vouchers(state: State<'_, AppState>, path: String, dry_run: bool) -> Res<VoucherImport> {
    Ok(state.book(|b| b.import_vouchers(Path::new(&path), dry_run))?)
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
    Ok(state.book(|b| b.opening_preview(Path::new(&path), &OpeningOptions { date, chart, map }))?)
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
    Ok(state.book(|b| b.opening_apply(Path::new(&path), &OpeningOptions { date, chart, map }))?)
}
