//! What an opening-balance import shows: each line mapped, reviewed or refused, and the entry point
//! that reads, checks and (when asked and all is good) posts the file.

use super::chart2007::{parse_maps, OldChart};
use super::post::post;
use super::read::{before_everything, mark_errors, plan, OPENING};
use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::io::import::reader::{ImportRowError, Sheet};
use crate::ledger::account::Chart;
use crate::store::book::Book;
use serde::Serialize;
use std::path::Path;

/// The note on the 2007 biological assets, which the 2021 chart splits three ways.
pub const BIOLOGICAL_NOTE: &str = "幼畜及育肥畜/用材林属消耗性生物资产 141，防风固沙林等属公益性生物资产 144，请核对";

/// Row statuses: the code and meaning stay, the code changes, the mapping needs a person's
/// judgement, or the row cannot be imported.
pub const SAME: &str = "same";

pub const REMAPPED: &str = "remapped";

pub const REVIEW: &str = "review";

pub const ERROR: &str = "error";

/// How an opening import is asked for: the voucher's date (required), the chart the old books
/// were kept on (`2007`, the default, or `2021`), and overrides `OLD=NEW` (several may be given in
/// one string, separated by commas or spaces).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpeningOptions {
    pub date: Option<String>,
    pub chart: Option<String>,
    pub map: Vec<String>,
}

/// What an opening import found (and, when applied, did).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpeningImport {
    pub file: String,
    /// How the file was read: `UTF-8`, `GBK` or `XLSX`.
    pub encoding: String,
    /// The chart the old books were kept on: `2007` or `2021`.
    pub chart: String,
    pub date: String,
    /// The summary of the opening voucher.
    pub summary: String,
    /// The overrides applied, as `OLD=NEW`.
    pub maps: Vec<String>,
    pub rows: Vec<OpeningRow>,
    /// Totals of the rows that post (subtotal rows left out).
    pub debit: Money,
    pub credit: Money,
    pub balanced: bool,
    pub errors: Vec<ImportRowError>,
    /// Header texts of columns that were not read.
    pub ignored_columns: Vec<String>,
    /// The posted opening voucher, once applied.
    pub voucher_id: Option<i64>,
}

/// One row of the file and where it goes.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpeningRow {
    /// The row number as the spreadsheet shows it.
    pub row: usize,
    pub old_code: String,
    pub old_name: String,
    /// Empty when the row could not be mapped.
    pub new_code: String,
    pub new_name: String,
    pub member: Option<i64>,
    pub member_name: Option<String>,
    pub debit: Money,
    pub credit: Money,
    #[cfg_attr(feature = "ts", ts(type = "\"same\" | \"remapped\" | \"review\" | \"error\""))]
    pub status: String,
    /// Why the row was remapped or needs review, names that differ, or what is wrong with it.
    pub note: String,
    /// The import creates the sub-account `new_code`.
    pub new_account: bool,
    /// The row totals the rows below it (its sub-accounts or members): checked and shown, not posted.
    pub subtotal: bool,
}

impl OpeningImport {
    /// Why this import cannot be applied (`opening-invalid`, `opening-unbalanced`,
    /// `opening-empty`), or `None`.
    pub fn refusal(&self) -> Option<Error> {
        if !self.errors.is_empty() {
            let mut rows: Vec<usize> = self.errors.iter().map(|e| e.row).collect();
            rows.dedup();
            let n = rows.len();
            let en = if n == 1 {
                "1 row has errors; nothing was written".to_string()
            } else {
                format!("{n} rows have errors; nothing was written")
            };
            return Some(
                Error::new(
                    "opening-invalid",
                    format!("期初余额表 {} 有 {n} 行错误，未写入任何内容", self.file),
                    format!("the opening balance file {}: {en}", self.file),
                )
                .at("file"),
            );
        }
        if !self.balanced {
            let (d, c) = (self.debit, self.credit);
            return Some(
                Error::new(
                    "opening-unbalanced",
                    format!(
                        "期初余额借贷不平衡：借方合计 {}，贷方合计 {}，相差 {}，未写入任何内\
                        容",
                        d.grouped(),
                        c.grouped(),
                        (d - c).abs().grouped()
                    ),
                    format!(
                        "the opening balances do not balance: debits {}, credits {}, difference {}; nothing was \
                        written",
                        d.grouped(),
                        c.grouped(),
                        (d - c).abs().grouped()
                    ),
                )
                .at("file"),
            );
        }
        if self.debit.is_zero() {
            return Some(
                Error::new(
                    "opening-empty",
                    "期初余额表中没有任何余额，未写入任何内容",
                    "the file has no balance to import; nothing was written",
                )
                .at("file"),
            );
        }
        None
    }
}

impl Book {
    /// Reads and maps an opening balance file without writing anything; see [`import_opening`].
    pub fn opening_preview(&mut self, path: &Path, opts: &OpeningOptions) -> Result<OpeningImport> {
        import_opening(self, path, opts, false)
    }

    /// Imports the opening balances as one posted voucher; a file with bad rows, or whose debits
    /// and credits differ, is refused with [`OpeningImport::refusal`] and nothing is written.
    pub fn opening_apply(&mut self, path: &Path, opts: &OpeningOptions) -> Result<OpeningImport> {
        let report = import_opening(self, path, opts, true)?;
        match report.refusal() {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }
}

/// Reads, maps and imports an opening balance file; see the module documentation. Refusals of
/// the import as a whole (no date, an unknown chart or map, a book that already has vouchers
/// before the date or a closed month, a file that cannot be read) are errors; the problems of
/// rows, and debits that differ from credits, are in the report (see [`OpeningImport::refusal`]).
/// Something is written only when `apply` is true and the report has no refusal.
pub fn import_opening(book: &mut Book, path: &Path, opts: &OpeningOptions, apply: bool) -> Result<OpeningImport> {
    if apply {
        book.require(crate::store::access::Perm::Import)?;
        book.auto_backup("import")?;
    }
    let date =
        match opts.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => parse_date(d, "date")?,
            None => return Err(Error::new(
                "date-required",
                "请填写期初余额的日期（期初凭证的日期，通常是启用月份的第一天）",
                "the date of the opening balances is required (the opening voucher's date, usually the first day of \
                    the first month)",
            )
            .at("date")),
        };
    let chart = OldChart::parse(opts.chart.as_deref())?;
    let maps = parse_maps(&opts.map, &Chart::load(&book.conn)?)?;
    let sheet = Sheet::read(path, &OPENING)?;

    // A preview, or a file that is refused, leaves nothing.
    book.write_if(crate::store::access::Perm::Import, |tx| {
        before_everything(tx, &date)?;
        let mut report = plan(tx, &sheet, &date, chart, &maps)?;
        if report.refusal().is_none() {
            let id = post(tx, &sheet, &mut report)?;
            if report.errors.is_empty() && apply {
                report.voucher_id = id;
            }
            mark_errors(&mut report);
        }
        let commit = apply && report.refusal().is_none() && report.voucher_id.is_some();
        Ok((report, commit))
    })
}
