//! The township station's side (经管站): its database of the villages' bundles and its report.

use super::{picked, shown, Res};
use crate::session::AppState;
use coopbook::io::print::Printed;
use coopbook::reports::statements::Statement;
use coopbook::sync::township::{TownshipInfo, TownshipReport, Verdict};
use std::path::PathBuf;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

/// Bundle files to import at the township (several at once).
#[tauri::command]
pub async fn pick_bundle_files(app: tauri::AppHandle) -> Res<Vec<String>> {
    let files =
        app.dialog().file().add_filter("同步包 Coopsync", &["coopsync"]).blocking_pick_files().unwrap_or_default();
    Ok(files.into_iter().filter_map(|p| p.into_path().ok()).map(|p| p.display().to_string()).collect())
}

/// A township database to open (or, `create`, a new one's path).
#[tauri::command]
pub async fn pick_township_path(app: tauri::AppHandle, create: bool) -> Res<Option<String>> {
    let d = app.dialog().file().add_filter("乡镇汇总库 Township", &["township"]);
    Ok(picked(if create {
        d.set_file_name("乡镇汇总.township").blocking_save_file()
    } else {
        d.blocking_pick_file()
    }))
}

/// The township database open now, if any, and its villages.
#[tauri::command]
pub async fn township_info(state: State<'_, AppState>) -> Res<Option<TownshipInfo>> {
    Ok(state.township_if_open(|t| t.info())?)
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
    Ok(state.township(|t| Ok(t.import_paths(&paths)))?)
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
    Ok(shown(state.township(|t| t.report_xlsx_into(year, &crate::session::township_exports_dir(t)))?))
}
