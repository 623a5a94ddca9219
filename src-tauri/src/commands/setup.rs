//! Opening, making and closing books; the co-op, its charter and the dashboard.

use super::{adopt, demo_path, picked, release, Res};
use crate::session::AppState;
use coopbook::equity::coop::{Charter, CharterChange, Coop, Setup, SetupDone};
use coopbook::reports::app::AppInfo;
use coopbook::reports::dashboard::Dashboard;
use coopbook::{Book, Mode};
use std::path::PathBuf;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

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
            demo_password: s.book.as_ref().map(Book::demo_password).transpose()?.flatten(),
        })
    })?)
}

/// The first-run setup: creates the book with its co-op, charter, village collective (member
/// no. 1), admin and backup folder in one transaction; the admin is then logged in to add the
/// other users. Every problem is reported at once and a refused setup leaves nothing behind.
#[tauri::command]
pub async fn setup_book(state: State<'_, AppState>, path: String, setup: Setup) -> Res<SetupDone> {
    // The app always makes the admin: a book without users is for scripts.
    setup.require_admin_password()?;
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
    let book = coopbook::tools::demo::open_or_create(&demo_path(&state))?;
    Ok(adopt(&state, book)?)
}

#[tauri::command]
pub async fn close_book(state: State<'_, AppState>) -> Res<()> {
    release(&state)?;
    Ok(())
}

/// The system's file chooser, run on the Rust side: the webview gets no file-system access.
#[tauri::command]
pub async fn pick_book_file(app: tauri::AppHandle) -> Res<Option<String>> {
    Ok(picked(app.dialog().file().add_filter("合作社账本 Coopbook", &["coopbook"]).blocking_pick_file()))
}

#[tauri::command]
pub async fn pick_new_book_path(app: tauri::AppHandle) -> Res<Option<String>> {
    Ok(picked(
        app.dialog()
            .file()
            .add_filter("合作社账本 Coopbook", &["coopbook"])
            .set_file_name("合作社账本.coopbook")
            .blocking_save_file(),
    ))
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
