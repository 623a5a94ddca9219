//! Coopbook 合作社账本: the core of the bookkeeping app for a Party-branch-led village co-op.
//!
//! This crate is the single door to the books: the `coopbook` CLI and the desktop app both call
//! its public API (mostly methods of [`Book`]), so everything the app does can be scripted and
//! tested without a window.
//!
//! **Architecture invariants:** nothing here depends on Tauri or any UI; money is integer 分
//! ([`Money`]) or exact `Decimal`, never floating point; every write is one transaction that
//! appends to the hash-chained log.
//!
//! ## Layers
//! The modules below are declared **lowest layer first**. A module may use its own layer's
//! modules (without an import circle) and any layer declared above it here, never one declared
//! below it; `tests/layers.rs` reads this order and fails on a violation or a circle.
//! ARCHITECTURE.md has the map.
#![deny(clippy::float_arithmetic)]
#![forbid(unsafe_code)]

pub mod base;
pub mod business;
pub mod equity;
pub mod io;
pub mod ledger;
pub mod reports;
pub mod reversal;
pub mod store;
pub mod sync;
pub mod tools;
pub mod yearend;

pub use base::error::{Error, ErrorBody, Result};
pub use base::money::Money;
pub use store::book::{Book, Mode};
