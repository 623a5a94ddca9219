//! Layer 0 — **base**: the vocabulary every other layer speaks.
//!
//! Owns: the error shape ([`error::Error`]: stable code, Chinese and English message, field), exact
//! money in 分 ([`money::Money`]), dates and months as the books write them, and the identifiers a
//! co-op deals in (resident ID numbers, the unified social credit code).
//! May use: nothing else in the crate.

pub mod date;
pub mod error;
pub mod ids;
pub mod money;
