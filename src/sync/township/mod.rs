//! The township's side of the sync bundles (DESIGN.md §4): a township database of villages, and
//! for each village a replica book (`<township file>.villages/<USCC>.coopbook`, the same schema as a
//! village's own book) that its bundles are applied to — so the township runs the very same
//! statements and reports on a village's figures and gets exactly the village's numbers.
//!
//! Import, per bundle: the reader's checks (size limits, the signature over every byte, file
//! hashes, summary against rows); the key pinned at the village's first bundle (a different key
//! is refused until someone re-pins it, having confirmed the fingerprint by phone); the sequence —
//! the next number is applied, an older or repeated one is a no-op with a message, a gap is
//! refused naming the missing numbers — and the previous bundle's hash. A bundle is applied in one
//! transaction on the replica; the township's register is written after it and can be rebuilt
//! from the replicas, so a crash between the two loses nothing.

//!
//! In files: [`villages`] (the township database, its villages and their keys, importing bundles
//! in sequence), [`apply`] (a bundle's rows written into the village's replica book), [`report`]
//! (the figures across villages).

pub mod apply;
pub mod report;
pub mod villages;

pub use report::{report_file_name, TownshipReport, TownshipTotals, VillageFigures, COLLECTIVE_INCOME_MARK};
pub use villages::{Township, TownshipInfo, Verdict, VillageRow};
