//! The village's side of the sync: the signing key and the bundles sent to the township.

use super::{picked, Res};
use crate::session::AppState;
use coopbook::sync::bundle::{Exported, SentBundle};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

/// The fingerprint of the co-op's bundle-signing key (made now for a book that has none).
#[tauri::command]
pub async fn key_fingerprint(state: State<'_, AppState>) -> Res<String> {
    Ok(state.book(|b| b.key_fingerprint())?)
}

/// Where to save a bundle: the system's save dialog, with the suggested name.
#[tauri::command]
pub async fn pick_bundle_save_path(app: tauri::AppHandle, name: String) -> Res<Option<String>> {
    Ok(picked(
        app.dialog().file().add_filter("同步包 Coopsync", &["coopsync"]).set_file_name(&name).blocking_save_file(),
    ))
}

/// The suggested file name of the next bundle.
#[tauri::command]
pub async fn next_bundle_name(state: State<'_, AppState>) -> Res<String> {
    Ok(state.book(|b| b.next_bundle_name())?)
}

/// Writes the next sync bundle to `path` (default: the 同步包 folder beside the book).
#[tauri::command]
pub async fn export_bundle(state: State<'_, AppState>, path: Option<String>, full: bool) -> Res<Exported> {
    Ok(state.book(|b| {
        let dir = crate::session::bundles_dir(b);
        b.export_bundle_to(path.as_deref(), &dir, full)
    })?)
}

#[tauri::command]
pub async fn bundles_sent(state: State<'_, AppState>) -> Res<Vec<SentBundle>> {
    Ok(state.book(|b| b.bundles_sent())?)
}
