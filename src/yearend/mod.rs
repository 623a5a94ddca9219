//! Layer 5 — **yearend**: the surplus of a year and what the Co-operative Law does with it.
//!
//! Owns: the year's surplus and the losses carried, the distribution plan (reserve, patronage
//! refunds by trade, the residual by shares; approvals, posting, paying; slip codes), and the year
//! close with its closing vouchers.
//! May use: `base`, `store`, `ledger`, `equity`, `business`.

pub mod close;
pub mod distribution;
pub mod slip_code;
pub mod surplus;
