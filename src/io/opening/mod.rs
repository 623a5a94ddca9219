//! Opening balances (期初余额) brought over from old books: a co-op that moves to Coopbook brings
//! its opening trial balance (期初余额表), often kept on the chart of 2007 (财会〔2007〕15号),
//! which 财会〔2021〕37号 replaced. The file (CSV in UTF-8 or GBK, or XLSX, read like every other
//! import by [`crate::io::import`]) has one row per account (and per member on the member
//! sub-ledgers): code, name, debit or credit balance, and the member number where the account is
//! kept per member.
//!
//! Each old code is mapped to the 2021 chart ([`CHART_2007`]; most codes keep their meaning and
//! code, 522 管理费用 becomes 523, the two kinds of 2007 biological assets go to 142 and are
//! flagged for review); `--map OLD=NEW` overrides a mapping. A sub-account code (`52201`,
//! `522.01`) follows its 3-digit parent and is created under the new parent when the book does
//! not have it. A parent row that totals the rows below it (its sub-accounts or its members) is
//! checked against them and shown, not posted twice.
//!
//! **Invariants.** Opening balances are one posted voucher that comes before every other: the
//! import is refused (`opening-exists`) when the book has any voucher dated on or before its date
//! (a reversed voucher and its reversal aside) or an earlier opening import that stands, and when
//! a month from its date on is closed. Nothing is written unless the import is applied, every row
//! is good and the debits equal the credits; then the sub-accounts it needs, the voucher (posted
//! at once, reviewed by the system like a business document's) and the change-log entry
//! `opening.import` with the mapping are written in one transaction. A preview runs the very same
//! steps and rolls them back.

//!
//! In files: [`report`] (what the import shows and [`import_opening`]), [`chart2007`] (the 2007
//! chart and the mapping of its codes), [`read`] (each line of the file), [`across`] (the checks
//! across lines: repeats, balance, members), [`post`] (the one opening voucher).

pub mod across;
pub mod chart2007;
pub mod post;
pub mod read;
pub mod report;

pub use chart2007::CHART_2007;
pub use report::{
    import_opening, OpeningImport, OpeningOptions, OpeningRow, BIOLOGICAL_NOTE, ERROR, REMAPPED, REVIEW, SAME,
};
