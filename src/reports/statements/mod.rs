//! The statements of 财会〔2021〕37号: 会农社01 资产负债表, 会农社02 盈余及盈余分配表, 会农社03
//! 成员权益变动表, plus the member account table (成员账户表) for all members and the general
//! ledger (总账). Every one is a [`Statement`]: titled blocks of numbered rows with one amount per
//! column, and the checks the figures must pass. Printing, Excel and the app's screens all render
//! that one shape.
//!
//! Each row's formula is written next to it below, in the account codes of the 2021 chart; the
//! same text travels with the row (`formula`) so a reader of the statement can see it too.
//! Invariants:
//! - 01 covers every top-level account of the chart exactly once (a unit test holds the list), so
//!   assets = liabilities + equity whenever the books balance; the check is still computed and a
//!   mismatch is reported, never hidden.
//! - 02's P&L rows are the year's movements *without* the year-close vouchers (which empty the
//!   P&L accounts into 331); its 年末未分配盈余 is worked out from its own rows and checked against
//!   the ledger (331 + 332 + P&L not yet carried) — the figure of 01's line 40.
//! - 03 is 01's equity at the year's start and end, with the year's movements analysed by the
//!   voucher they came from; its ending balances are checked against 01.

//!
//! One file a form: [`balance_sheet`](mod@balance_sheet) (会农社01), [`surplus_statement`](mod@surplus_statement) (会农社02),
//! [`equity_changes`](mod@equity_changes)
//! (会农社03), [`member_accounts`](mod@member_accounts) (成员账户), [`general_ledger`](mod@general_ledger) (总账),
//! [`notes`](mod@notes) (附注, 第五十八条); [`form`]
//! holds what they
//! share (the row and check types, the list of kinds, titles and file names).

pub mod balance_sheet;
pub mod equity_changes;
pub mod form;
pub mod general_ledger;
pub mod member_accounts;
pub mod notes;
pub mod surplus_statement;

pub use balance_sheet::balance_sheet;
pub use equity_changes::equity_changes;
pub use form::{file_name, statement, title_of, Statement, StatementBlock, StatementCheck, StatementRow, KINDS};
pub use general_ledger::general_ledger;
pub use member_accounts::member_accounts;
pub use notes::{note_fields, notes, NoteField, NOTE_KEYS};
pub use surplus_statement::surplus_statement;
