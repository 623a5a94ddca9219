//! The book's backups: where they go, taking one now, restoring from one.

use super::{picked, Res};
use crate::session::AppState;
use coopbook::store::backup::{BackupInfo, BackupPlace};
use std::path::Path;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

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
    Ok(picked(app.dialog().file().blocking_pick_folder()))
}

/// A backup now, into the backup folder (kept with the automatic ones).
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Res<BackupInfo> {
    Ok(state.book(|b| b.backup_now())?)
}

/// Restores the open book from one of its backups (the admin); the book as it was is backed up
/// first. Whoever is not a user of the restored book is logged out.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Res<BackupInfo> {
    Ok(state.book(|b| b.restore_from(Path::new(&path)))?)
}

/// A backup copy to restore from (e.g. one kept on a USB stick).
#[tauri::command]
pub async fn pick_backup_file(app: tauri::AppHandle) -> Res<Option<String>> {
    Ok(picked(app.dialog().file().add_filter("账本备份 Coopbook backup", &["coopbook"]).blocking_pick_file()))
}
