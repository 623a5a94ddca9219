//! The voucher import (凭证导入): the vouchers of another system or of a spreadsheet kept by hand,
//! one voucher line a row — a co-op moving its past years into the book, or a month entered
//! elsewhere. It is the bulk path of the book: a year of a large co-op's vouchers goes in within
//! seconds (`coopbook bench` measures the lines a second).
//!
//! Rows with the same 凭证号 in the same month, one after another, are one voucher; its summary is
//! its first row's. Every voucher is checked exactly as one entered by hand (`voucher::check_each`:
//! leaf accounts, members on member accounts only and not after they left, balance, no closed
//! month), and every problem of the file is reported under its row and column. Like every import
//! it is all or nothing: one bad row and nothing is written. A good file's vouchers are numbered
//! after the last of their month (the file's own number stays in the log), prepared by the file's
//! 制单人 or the importing user, reviewed by the file's 审核人 or the system, and posted by the
//! importing user — never reviewed by their own preparer.

use crate::base::date::{parse_date, ym_of};
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::io::import::reader::{field, ImportReport, ImportRowError, RowInput, Sheet, Spec};
use crate::ledger::account::Chart;
use crate::ledger::voucher::{check_each, Bulk, Checked, NewLine, NewVoucher, SYSTEM_REVIEWER};
use crate::store::book::{Book, Tx};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

pub(crate) static VOUCHERS: Spec = Spec {
    file_zh: "凭证文件",
    file_en: "the voucher file",
    item_zh: "凭证",
    item_en: "vouchers",
    fields: &[
        field("date", "日期", &["日期", "凭证日期", "记账日期", "制单日期", "date"], true),
        field("no", "凭证号", &["凭证号", "凭证编号", "凭证字号", "凭证号码", "no", "voucher"], true),
        field("summary", "摘要", &["摘要", "summary"], true),
        field("account", "科目编码", &["科目编码", "科目代码", "科目编号", "科目", "会计科目", "account"], true),
        field("debit", "借方金额", &["借方金额", "借方", "debit"], true),
        field("credit", "贷方金额", &["贷方金额", "贷方", "credit"], true),
        field("member", "成员编号", &["成员编号", "成员号", "成员", "member"], false),
        field("attachments", "附件数", &["附件数", "附单据数", "附件张数", "附件", "attachments"], false),
        field("prepared_by", "制单人", &["制单人", "制单", "preparedby"], false),
        field("reviewed_by", "审核人", &["审核人", "审核", "reviewedby"], false),
    ],
};

/// What a voucher import found and did.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VoucherImport {
    /// The rows and their problems; `imported` holds the new voucher ids once committed.
    pub report: ImportReport,
    /// The vouchers and lines the file holds (all of them, for a dry run or a refused file too:
    /// the good ones are counted, so the numbers say what would be imported).
    pub vouchers: usize,
    pub lines: usize,
    /// The sum of the debits (= of the credits) of the good vouchers.
    pub total: Money,
    /// The first and last date of the good vouchers.
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Book {
    /// Imports the vouchers of a CSV or XLSX file (see the module documentation), after a backup.
    pub fn import_vouchers(&mut self, path: &Path, dry_run: bool) -> Result<VoucherImport> {
        self.require(crate::store::access::Perm::Import)?;
        let sheet = Sheet::read(path, &VOUCHERS)?;
        if !dry_run {
            self.auto_backup("import")?;
        }
        self.import_vouchers_of(&sheet, dry_run)
    }

    /// The import of a file already read, without the backup before it (the benchmark's step).
    pub(crate) fn import_vouchers_of(&mut self, sheet: &Sheet, dry_run: bool) -> Result<VoucherImport> {
        self.write_if(crate::store::access::Perm::Import, |tx| import_in(tx, sheet, dry_run))
    }
}

/// One voucher of the file: its rows, in order.
struct Group<'s> {
    rows: Vec<RowInput<'s>>,
    /// Some cell of the voucher could not be read: it is not checked further.
    unreadable: bool,
}

/// A voucher of the file that passed every check, waiting for the whole file to pass.
struct Good {
    voucher: Checked,
    prepared_by: Option<String>,
    reviewed_by: Option<String>,
    /// Its first row and the file's number for it.
    row: usize,
    no: String,
}

/// What the checking of the file has found so far.
#[derive(Default)]
struct Found {
    good: Vec<Good>,
    errors: Vec<ImportRowError>,
    vouchers: usize,
    lines: usize,
}

fn import_in(tx: &mut Tx, sheet: &Sheet, dry_run: bool) -> Result<(VoucherImport, bool)> {
    let chart = Chart::load(tx)?;
    let mut found = Found::default();
    // Where each (month, number) began, so that a number that comes back later is named.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut group: Option<((String, String), Group)> = None;
    // Each voucher is checked as soon as its last row is read, so only one is held at a time.
    for (row, cell_errors) in sheet.inputs() {
        let date = row.get("date");
        let month = parse_date(&date, "date").map(|d| ym_of(&d).to_string()).unwrap_or(date);
        let key = (month, row.get("no").trim().to_string());
        let unreadable = !cell_errors.is_empty();
        found.errors.extend(cell_errors);
        if let Some((_, g)) = group.as_mut().filter(|(k, _)| *k == key) {
            g.unreadable |= unreadable;
            g.rows.push(row);
            continue;
        }
        if let Some((_, g)) = group.take() {
            check_group(tx, &chart, g, &mut found)?;
        }
        if let Some(&first) = seen.get(&key) {
            let e = Error::new(
                "voucher-no-repeated",
                format!("凭证号“{}”在同一个月里已用于第 {first} 行起的凭证；同一张凭证的分录应连在一起", key.1),
                format!(
                    "voucher number \"{}\" of this month already began at row {first}; a voucher's lines must be \
                    together",
                    key.1
                ),
            );
            found.errors.push(row.error("no", e));
        } else {
            seen.insert(key.clone(), row.no);
        }
        group = Some((key, Group { rows: vec![row], unreadable }));
    }
    if let Some((_, g)) = group.take() {
        check_group(tx, &chart, g, &mut found)?;
    }
    let Found { good, errors, vouchers, lines } = found;
    let total = Money(good.iter().map(|g| g.voucher.debit()).sum());
    let from = good.iter().map(|g| g.voucher.date.clone()).min();
    let to = good.iter().map(|g| g.voucher.date.clone()).max();
    let commit = errors.is_empty() && !dry_run;
    let mut imported = Vec::new();
    if commit {
        let mut bulk = Bulk::new(tx)?;
        let user = tx.user().to_string();
        for g in &good {
            let prepared = g.prepared_by.as_deref().unwrap_or(&user);
            let reviewed = g.reviewed_by.as_deref().unwrap_or(SYSTEM_REVIEWER);
            imported.push(bulk.add(tx, &chart, &g.voucher, prepared, reviewed, serde_json::json!([g.no, g.row]))?);
        }
        bulk.finish(
            tx,
            serde_json::json!({"file": sheet.file, "vouchers": imported.len(), "lines": lines, "total": total}),
        )?;
    }
    let report = ImportReport::of(&VOUCHERS, sheet, imported, errors);
    Ok((VoucherImport { report, vouchers, lines, total, from, to }, commit))
}

/// Checks one voucher of the file: the problems of the file itself (a second date, attachments,
/// a self-review), then everything the core checks of a voucher entered by hand.
fn check_group(tx: &Tx, chart: &Chart, g: Group, found: &mut Found) -> Result<()> {
    found.vouchers += 1;
    found.lines += g.rows.len();
    if g.unreadable {
        return Ok(());
    }
    let first = &g.rows[0];
    let errors = &mut found.errors;
    let before = errors.len();
    // A voucher has one date: a line dated otherwise is the file's mistake, named at its row.
    let date = first.get("date");
    for r in &g.rows[1..] {
        if r.get("date").trim() != date.trim() {
            let e = Error::new(
                "voucher-date-mixed",
                format!(
                    "同一张凭证（第 {} 行起）的日期应相同，本行是 {}，首行是 {}",
                    first.no,
                    r.get("date").trim(),
                    date.trim()
                ),
                format!(
                    "the lines of one voucher (from row {}) share its date: this row has {}, its first {}",
                    first.no,
                    r.get("date").trim(),
                    date.trim()
                ),
            );
            errors.push(r.error("date", e));
        }
    }
    let attachments = match first.opt("attachments").map(|a| a.trim().parse::<u32>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            let e = Error::new(
                "attachments-invalid",
                "附件数应为不小于零的整数",
                "the number of attachments must be a whole number, zero or more",
            );
            errors.push(first.error("attachments", e));
            0
        }
    };
    let prepared_by = first.opt("prepared_by").map(|p| p.trim().to_string());
    let reviewed_by = first.opt("reviewed_by").map(|p| p.trim().to_string());
    if let (Some(p), Some(r)) = (&prepared_by, &reviewed_by) {
        if p == r {
            let e = Error::new(
                "self-review",
                format!("制单人 {p} 不能审核自己填制的凭证，请更正审核人"),
                format!("{p} prepared this voucher and cannot be its reviewer; correct the reviewer"),
            );
            errors.push(first.error("reviewed_by", e));
        }
    }
    let v = NewVoucher {
        date,
        summary: first.get("summary"),
        attachments,
        lines: g
            .rows
            .iter()
            .map(|r| NewLine {
                account: leading(&r.get("account")),
                debit: r.get("debit"),
                credit: r.get("credit"),
                member: r.opt("member").map(|m| leading(&m)),
                summary: r.opt("summary"),
            })
            .collect(),
    };
    match check_each(tx, chart, &v)? {
        Ok(voucher) if errors.len() == before => found.good.push(Good {
            voucher,
            prepared_by,
            reviewed_by,
            row: first.no,
            no: first.get("no").trim().to_string(),
        }),
        Ok(_) => {}
        Err(problems) => errors.extend(problems.into_iter().map(|e| at_cell(&g, e))),
    }
    Ok(())
}

/// The code or number at the start of a cell such as `101 库存现金` or `12 张三`.
fn leading(text: &str) -> String {
    text.split_whitespace().next().unwrap_or("").to_string()
}

/// A problem the core found in a voucher, under the cell it is about: `lines[i].field` is the
/// i-th row's field; the date and summary are the first row's; a problem of the whole voucher
/// (unbalanced, one line) stands under its number.
fn at_cell(g: &Group, e: Error) -> ImportRowError {
    let field = e.field.clone().unwrap_or_default();
    if let Some(rest) = field.strip_prefix("lines[") {
        if let Some((i, f)) = rest.split_once("].") {
            if let Some(r) = i.parse::<usize>().ok().and_then(|i| g.rows.get(i)) {
                return r.error(f, e);
            }
        }
    }
    let first = &g.rows[0];
    match field.as_str() {
        "date" | "summary" => first.error(&field, e),
        _ => first.error("no", e),
    }
}
