//! Coopbook 合作社账本: the core of the bookkeeping app for a Party-branch-led village co-op.
//!
//! This crate is the single door to the books: the `coopbook` CLI and the desktop app both call
//! its public API, so everything the app does can be scripted and tested without a window.
//! **Architecture invariant:** nothing here depends on Tauri or any UI; money is integer 分
//! ([`Money`]) or exact `Decimal`, never floating point.
#![deny(clippy::float_arithmetic)]
#![forbid(unsafe_code)]

pub mod account;
pub mod app;
pub mod assets;
pub mod backup;
pub mod bench;
pub mod book;
pub mod bundle;
pub mod contribution;
pub mod coop;
pub mod dashboard;
pub mod date;
pub mod demo;
pub mod distribution;
pub mod document;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod hledger;
pub mod ids;
pub mod import;
pub mod log;
pub mod member;
pub mod money;
pub mod opening;
pub mod operations;
pub mod payment;
pub mod period;
pub mod print;
pub mod report;
pub mod shares;
pub mod statements;
pub mod township;
pub mod trade;
#[cfg(feature = "ts")]
pub mod ts;
pub mod users;
pub mod verify;
pub mod voucher;
pub mod voucher_import;
pub mod xlsx;
pub mod yearclose;

pub use book::{Book, Mode};
pub use error::{Error, ErrorBody, Result};
pub use money::Money;
