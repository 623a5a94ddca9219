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

pub mod base; //         0: error, money, dates, identity numbers
pub mod store; //        1: the book file, log, users and permissions, backups
pub mod ledger; //       2: accounts, members, vouchers, periods, ledger reports
pub mod equity; //       3: the co-op and charter, contributions, shares, exits
pub mod business; //     4: trade, payments, operations, assets
pub mod yearend; //      5: the surplus, the distribution, the year close
pub mod reversal; //     6: every source of a voucher and its reversal
pub mod reports; //      7: statements, member accounts, dashboard
pub mod sync; //         8: the bundle and the township
pub mod io; //           9: imports, Excel, hledger, printing
pub mod tools; //       10: demo, bench, fuzzing, TypeScript bindings

pub use base::error::{Error, ErrorBody, Result};
pub use base::money::Money;
pub use store::book::{Book, Mode};
