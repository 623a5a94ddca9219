//! Layer 8 — **sync**: the signed bundle a village sends and the township's replica of it.
//!
//! Owns: the bundle format (manifest, data files, ed25519 signature), its export from a book, and
//! the township database that imports bundles from many villages and reports across them.
//! May use: every layer below.

pub mod bundle;
pub mod township;
