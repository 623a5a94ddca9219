//! Layer 7 — **reports**: read-only views of the whole book.
//!
//! Owns: the statements 会农社01/02/03, the members' accounts and the general ledger; the
//! dashboard's figures; what the desktop shell shows about the app at start.
//! May use: every layer below.

pub mod app;
pub mod dashboard;
pub mod member_account;
pub mod statements;
