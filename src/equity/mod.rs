//! Layer 3 — **equity**: the co-op, its charter and what its members own.
//!
//! Owns: the co-op and its charter (reserve and patronage rates, the collective's share, the
//! first-run setup), contributions of every kind (cash, land, labour, assets, quantified
//! subsidies), the share register, and the settlement of a member who leaves.
//! May use: `base`, `store`, `ledger`.

pub mod contribution;
pub mod coop;
pub mod exit;
pub mod shares;
