//! Layer 4 — **business**: the co-op's trade and operations, each a document that posts its voucher.
//!
//! Owns: products, buyers, members' deliveries, sales, contracts and harvests (and the member trade
//! they add up to), payments to members, services/subsidies/loans/wages/expenses, fixed assets and
//! their depreciation.
//! May use: `base`, `store`, `ledger`, `equity`.

pub mod assets;
pub mod operations;
pub mod payment;
pub mod trade;
