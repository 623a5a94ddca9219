//! Layer 9 — **io**: files that come in and documents that go out.
//!
//! Owns: the one import reader (CSV in UTF-8/GBK, XLSX) and its importers (members, sales, opening
//! balances of old books, another system's vouchers), Excel export, the hledger journal, and
//! printing (slips, member statements, the 公示 notice, statements, vouchers) as PDF.
//! Every file read here is hostile until checked.
//! May use: every layer below.

pub mod hledger;
pub mod import;
pub mod opening;
pub mod print;
pub mod voucher_import;
pub mod xlsx;
