//! Layer 1 — **store**: the book file and who may write it.
//!
//! Owns: the SQLite file, its schema and migrations, the single-writer lock and the write
//! transaction ([`book::Book`], [`book::Tx`]); the hash-chained change log every write appends to;
//! users, roles and permissions; backups and restore.
//! May use: `base`.

pub mod access;
pub mod backup;
pub mod book;
pub mod keys;
pub mod log;
pub mod snapshot;
pub mod users;
