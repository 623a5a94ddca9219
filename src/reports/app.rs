//! What the desktop shell tells the UI about itself at start: kept in the core so that its
//! TypeScript type is generated with the others (the shell fills it in).

use crate::base::error::ErrorBody;
use crate::equity::coop::Coop;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppInfo {
    pub version: String,
    /// The open book's file, if one is open.
    pub book: Option<String>,
    pub coop: Option<Coop>,
    /// The acting user.
    pub user: String,
    /// `zh-CN` or `en`.
    pub locale: String,
    /// Why the remembered or `COOPBOOK_DB` book did not open at start.
    pub start_error: Option<ErrorBody>,
    /// Milliseconds from process start to the book being open.
    pub startup_ms: i64,
    /// Where the demo co-op's book is kept.
    pub demo_path: String,
    /// Who is logged in to the open book, and what they may do; `None` when no book is open.
    pub me: Option<crate::store::users::Me>,
    /// The name last logged in with (to fill the login form).
    pub last_user: Option<String>,
    /// The demo book's password, shown on its login screen; `None` for real books.
    pub demo_password: Option<String>,
}
