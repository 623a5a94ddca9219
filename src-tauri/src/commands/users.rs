//! Logging in and out, the book's users and the change log.

use super::Res;
use crate::session::AppState;
use coopbook::store::log::{LogFilter, LogPage};
use coopbook::store::users::{Me, User};
use tauri::State;

/// Logs a user in to the open book; the name is remembered for the next login form.
#[tauri::command]
pub async fn login(state: State<'_, AppState>, user: String, password: String) -> Res<Me> {
    let me = state.any_book(|b| b.login(&user, &password))?;
    state.with(|s| {
        s.settings.user = Some(me.name.clone());
        state.save_settings(&s.settings);
        Ok(())
    })?;
    Ok(me)
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> Res<Me> {
    Ok(state.any_book(|b| {
        b.logout();
        Ok(b.me())
    })?)
}

/// A book with no users yet (made before users existed): its first user, an admin, claims it.
#[tauri::command]
pub async fn claim_book(state: State<'_, AppState>, user: String, password: String) -> Res<Me> {
    Ok(state.any_book(|b| b.claim(&user, &password))?)
}

#[tauri::command]
pub async fn users(state: State<'_, AppState>) -> Res<Vec<User>> {
    Ok(state.book(|b| b.users())?)
}

#[tauri::command]
pub async fn add_user(state: State<'_, AppState>, user: String, role: String, password: String) -> Res<User> {
    Ok(state.book(|b| b.admin_add_user(&user, &role, &password))?)
}

#[tauri::command]
pub async fn set_user_role(state: State<'_, AppState>, user: String, role: String) -> Res<User> {
    Ok(state.book(|b| b.set_user_role(&user, &role))?)
}

#[tauri::command]
pub async fn set_user_active(state: State<'_, AppState>, user: String, active: bool) -> Res<User> {
    Ok(state.book(|b| b.set_user_active(&user, active))?)
}

#[tauri::command]
pub async fn unlock_user(state: State<'_, AppState>, user: String) -> Res<User> {
    Ok(state.book(|b| b.unlock_user(&user))?)
}

/// The admin sets someone's password (a reset, which also unlocks).
#[tauri::command]
pub async fn reset_password(state: State<'_, AppState>, user: String, password: String) -> Res<User> {
    Ok(state.book(|b| b.reset_password(&user, &password))?)
}

/// The logged-in user changes their own password.
#[tauri::command]
pub async fn change_password(state: State<'_, AppState>, current: String, password: String) -> Res<User> {
    Ok(state.book(|b| b.change_own_password(&current, &password))?)
}

/// The change log, filtered, newest first (the audit screen).
#[tauri::command]
pub async fn audit_log(state: State<'_, AppState>, filter: LogFilter) -> Res<LogPage> {
    Ok(state.book(|b| coopbook::store::log::search(b.conn(), &filter))?)
}
