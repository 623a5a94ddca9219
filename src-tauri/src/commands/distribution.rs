//! The year's surplus distribution: the plan, its approvals, posting and paying it out.

use super::Res;
use crate::session::AppState;
use coopbook::yearend::distribution::Plan;
use coopbook::yearend::slip_code::SlipCode;
use tauri::State;

/// Makes (or, with `what_if`, only computes) the year's distribution plan.
#[tauri::command]
pub async fn distribution_plan(
    state: State<'_, AppState>,
    year: i32,
    reserve_rate: Option<String>,
    patronage_rate: Option<String>,
    what_if: bool,
) -> Res<Plan> {
    Ok(state.book(|b| b.distribution_plan(year, reserve_rate.as_deref(), patronage_rate.as_deref(), what_if))?)
}

#[tauri::command]
pub async fn distribution(state: State<'_, AppState>, year: i32) -> Res<Plan> {
    Ok(state.book(|b| b.distribution(year))?)
}

#[tauri::command]
pub async fn approve_branch(state: State<'_, AppState>, year: i32, date: String, reference: String) -> Res<Plan> {
    Ok(state.book(|b| b.approve_branch(year, &date, &reference))?)
}

#[tauri::command]
pub async fn approve_meeting(state: State<'_, AppState>, year: i32, date: String, reference: String) -> Res<Plan> {
    Ok(state.book(|b| b.approve_meeting(year, &date, &reference))?)
}

#[tauri::command]
pub async fn post_distribution(state: State<'_, AppState>, year: i32) -> Res<i64> {
    Ok(state.book(|b| b.post_distribution(year))?)
}

#[tauri::command]
pub async fn pay_distribution(
    state: State<'_, AppState>,
    year: i32,
    via: String,
    date: Option<String>,
    member: Option<i64>,
) -> Res<i64> {
    Ok(state.book(|b| b.pay_distribution(year, &via, date.as_deref(), member))?)
}

/// Each plan member's slip verification code (校验码), for the on-screen preview.
#[tauri::command]
pub async fn slip_codes(state: State<'_, AppState>, year: i32) -> Res<Vec<SlipCode>> {
    Ok(state.book(|b| b.slip_codes(year))?)
}
