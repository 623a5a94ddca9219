//! Layer 2 — **ledger**: the double-entry books of the 2021 co-op accounting system.
//!
//! Owns: the chart of accounts, the member register (members are the ledger's subsidiary
//! dimension on 114/211/221/222/301), vouchers from draft to posted and their red-ink reversal,
//! monthly periods and whether a month or a year is closed, the ledger reports (trial balance,
//! ledgers) and the integrity check of the ledger against the log.
//! May use: `base`, `store`.

pub mod account;
pub mod balances;
pub mod member;
pub mod period;
pub mod verify;
pub mod voucher;
