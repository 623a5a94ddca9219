//! The integration tests of the core and the CLI, one binary (as ripgrep does):
//!
//! - `util`      — a scratch book with a fixed co-op and members, the CLI runner, and a snapshot of every table to
//!   prove that a refusal changed nothing.
//! - `ledger`    — a small co-op's month of vouchers with exact trial balance, ledgers, reversal, month close.
//! - `refusals`  — every bad input of the core-ledger issue: its code, and nothing changed.
//! - `storage`   — the book file: not a book, schema too new, a second writer, triggers vs raw SQL, tampering caught by
//!   `verify`.
//! - `hledger`   — the demo's trial balance against `hledger bal` on the exported journal.
//! - `props`     — property tests of the ledger's invariants.
//! - `hygiene`   — no floating point in money code.
//! - `layers`    — the core's layers: no module uses a higher layer, no import circle.
//! - `bindings`  — the UI's TypeScript types are generated from the Rust ones.
//! - `distribution` — the year-end distribution to the 分: pools, largest remainder, approvals, posting, paying.
//! - `equity`    — contributions of each kind, the share register and its flags, exit settlement.
//! - `assets`    — fixed assets: depreciation to the last 分, one run a month, disposal.
//! - `operations` — services, subsidies, loans, wages, labour, expenses; own production and harvest.
//! - `trade`     — products, buyers, deliveries and sales with exact vouchers, member trade, sales report.
//! - `print`     — slips, member statement and 公示 notice as PDFs (read back with poppler): content, pages, subset font,
//!   refusals, slip codes.
//! - `bundle`    — sync bundles: what a full and an incremental bundle carry, IDs only masked or hashed, every flipped
//!   byte and bad file refused.
//! - `township`  — two villages' bundles imported in mixed order with gaps and repeats reproduce their statements; a
//!   changed byte, another key, a wrong re-pin refused.
//! - `backup`    — backups through the online backup API: restore, automatic before closes and imports, rotation, bad
//!   files refused.
//! - `crash`     — a writer doing imports, deliveries, contributions, postings and yearly distributions, killed with
//!   SIGKILL at random moments 200 times: the book opens, checks, verifies, balances, keeps every acknowledged step and
//!   no half one.
//! - `statements` — 会农社01/02/03, member accounts and general ledger worked out by hand, against hledger and read back
//!   from Excel; the year close and each of its blockers.
//! - `import`    — member (花名册) and sales imports from CSV (UTF-8, GBK) and XLSX: every bad row reported, nothing
//!   written unless all are good.
//! - `fuzz`      — the cargo-fuzz corpora (importers, parsers) replayed through the targets' own functions: no panic.
//! - `voucher_import` — vouchers from another system (CSV): posted exactly as by hand (same numbers, lines, totals,
//!   verify's hashes), every bad cell reported, nothing written unless all are good.
//! - `paging`    — the lists read a page at a time: members with search, the ledger's brought-forward balance on every
//!   page, deliveries, contributions.
//! - `upgrade`   — the book of every released schema (tests/books/) migrates after a backup and prints the statements
//!   its build printed.
//! - `setup`     — the first-run setup: co-op, charter, the collective as member no. 1, the admin and the backup folder
//!   in one transaction; every problem at once, nothing left behind; the backup folder away and back.
//! - `opening`   — opening balances of old books on the 2007 chart (GBK CSV, XLSX): the mapping previewed, one posted
//!   voucher to the 分, every refusal.
//! - `shell`     — what the desktop shell asks of the core: the names of the files it writes, exports into a folder,
//!   the permission checked first, claiming a book, the demo book.
//! - `app_reads` — the CLI's read-only counterparts of the app's screens (dashboard, a member's account,
//!   contributions, operations, slip codes): exact figures, the JSON of the app's command, nothing written.

mod app_reads;
mod assets;
mod backup;
mod bench;
mod bindings;
mod bundle;
mod crash;
mod distribution;
mod equity;
mod fuzz;
mod hledger;
mod hygiene;
mod import;
mod layers;
mod ledger;
mod opening;
mod operations;
mod paging;
mod print;
mod props;
mod refusals;
mod setup;
mod shell;
mod statements;
mod storage;
mod township;
mod trade;
mod upgrade;
mod users;
mod util;
mod voucher_import;
