//! Posting the opening balances as one voucher dated before everything else in the book.

use super::report::{OpeningImport, OpeningRow};
use crate::base::error::Result;
use crate::base::money::Money;
use crate::io::import::reader::{ImportRowError, Sheet};
use crate::ledger::account::{self, Chart};
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::Tx;

/// Creates the sub-accounts the rows need and posts the opening voucher, in the caller's
/// transaction; the problems the core finds go to their rows. Returns the voucher's id when it
/// was posted.
pub(crate) fn post(tx: &mut Tx, sheet: &Sheet, report: &mut OpeningImport) -> Result<Option<i64>> {
    let chart = Chart::load(tx)?;
    // Parents before their sub-accounts.
    let mut new: Vec<(String, String, usize)> = Vec::new();
    for r in report.rows.iter().filter(|r| r.new_account) {
        if !new.iter().any(|(c, ..)| *c == r.new_code) && chart.get(&r.new_code).is_none() {
            new.push((r.new_code.clone(), r.new_name.clone(), r.row));
        }
    }
    new.sort_by(|a, b| (a.0.len(), &a.0).cmp(&(b.0.len(), &b.0)));
    for (code, name, row) in &new {
        if let Err(e) = account::add_in(tx, code, name, &code[..code.len() - 2]) {
            if e.field.is_none() {
                return Err(e);
            }
            report.errors.push(ImportRowError {
                row: *row,
                column: sheet.header("code"),
                value: code.clone(),
                code: e.code.to_string(),
                zh: e.zh,
                en: e.en,
            });
        }
    }
    if !report.errors.is_empty() {
        return Ok(None);
    }

    let posting: Vec<&OpeningRow> =
        report.rows.iter().filter(|r| !r.subtotal && (!r.debit.is_zero() || !r.credit.is_zero())).collect();
    let text = |m: Money| if m.is_zero() { String::new() } else { m.to_string() };
    let v = NewVoucher {
        date: report.date.clone(),
        summary: report.summary.clone(),
        attachments: 1,
        lines: posting
            .iter()
            .map(|r| NewLine {
                account: r.new_code.clone(),
                debit: text(r.debit),
                credit: text(r.credit),
                member: r.member.map(|m| m.to_string()),
                summary: None,
            })
            .collect(),
    };
    let chart = Chart::load(tx)?;
    let id = match post_document_in(tx, &chart, &v) {
        Ok(id) => id,
        Err(e) => {
            // A problem of one line is its row's; anything else refuses the import.
            let line = e
                .field
                .as_deref()
                .and_then(|f| f.strip_prefix("lines["))
                .and_then(|f| f.split(']').next())
                .and_then(|i| i.parse::<usize>().ok());
            match line.and_then(|i| posting.get(i)) {
                Some(r) => {
                    let row = r.row;
                    report.errors.push(ImportRowError {
                        row,
                        column: String::new(),
                        value: String::new(),
                        code: e.code.to_string(),
                        zh: e.zh,
                        en: e.en,
                    });
                    return Ok(None);
                }
                None => return Err(e),
            }
        }
    };
    let mapping: Vec<serde_json::Value> = report
        .rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "row": r.row, "old": r.old_code, "old_name": r.old_name, "new": r.new_code, "new_name": r.new_name,
                "member": r.member, "debit": r.debit, "credit": r.credit, "status": r.status, "subtotal": r.subtotal,
                    "new_account": r.new_account,
            })
        })
        .collect();
    tx.log(
        "opening.import",
        "voucher",
        id,
        &serde_json::json!({
            "file": report.file, "chart": report.chart, "date": report.date, "voucher": id, "maps": report.maps,
            "debit": report.debit, "credit": report.credit, "rows": mapping,
        }),
    )?;
    Ok(Some(id))
}
