//! Imports (导入): the member roll (花名册) and sales lists (销售明细, such as the online mall's
//! monthly export). A file is CSV (UTF-8, with or without a BOM, or GBK as Excel saves it on
//! Chinese Windows) or the first worksheet of an XLSX file; every row is added through the same
//! validation as entering it by hand ([`crate::ledger::member::add_in`],
//! [`crate::business::trade::sell_in`]).
//!
//! **Invariant: an import is all or nothing.** Every row goes through the core inside ONE write
//! transaction; the report lists every bad row (not only the first), and if there is any, or the
//! import is a dry run, the transaction is rolled back so the book is exactly as it was. The user
//! fixes the file and imports it again.
//!
//! The reading of files, the finding of the header and the reporting of bad cells are shared;
//! each kind of import is a table of its fields (`reader::Spec`) plus the function that adds one row.
//! Because the rows of a file are added one after another in the same transaction, a later row
//! sees what the earlier ones did (a sale sees the stock that the sales above it have taken).
//!
//! The reader ([`reader`]) is shared by every importer: these two, the opening balances
//! ([`crate::io::opening`]) and another system's vouchers ([`crate::io::voucher_import`]).

mod members;
pub mod reader;
mod sales;

use crate::base::error::Result;
use crate::base::money::Money;
use crate::store::book::Book;
pub use members::import_members;
pub use reader::{ImportReport, ImportRowError, XLSX_MAX_COLUMNS};
pub use sales::{import_sales, import_sales_with_total};
use std::path::Path;

impl Book {
    /// Imports a 花名册 (CSV or XLSX); see [`import_members`].
    pub fn import_members(&mut self, path: &Path, dry_run: bool) -> Result<ImportReport> {
        import_members(self, path, dry_run)
    }

    /// Imports a list of sales (CSV or XLSX); see [`import_sales`].
    pub fn import_sales(&mut self, path: &Path, dry_run: bool) -> Result<ImportReport> {
        import_sales(self, path, dry_run)
    }

    /// Imports a list of sales and returns their total too; see [`import_sales_with_total`].
    pub fn import_sales_with_total(&mut self, path: &Path, dry_run: bool) -> Result<(ImportReport, Money)> {
        import_sales_with_total(self, path, dry_run)
    }
}
