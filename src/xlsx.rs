//! Excel export (.xlsx) of reports: a title, the co-op and the period, a bold header row frozen in
//! place, amounts as real numbers formatted `#,##0.00` (so sums and filters work in Excel), text as
//! text, column widths a person would keep, and a bold totals row.
//!
//! Invariants: the book's figures stay exact up to here; a cell's number is made from the exact
//! decimal (`Decimal::to_f64`), which Excel stores as a double — every amount below 2^53 分 shows
//! exactly as its two-decimal value. The file is written to a temporary name and renamed, so a
//! failed export leaves no half-written workbook.

use crate::error::{Error, Result};
use crate::money::Money;
use crate::statements::{Statement, StatementBlock, StatementRow};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use std::path::Path;

/// A cell of a report table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Money(Money),
    Int(i64),
}

/// One worksheet: a titled table.
pub struct Sheet {
    /// The worksheet's tab name (≤ 31 characters).
    pub name: String,
    pub title: String,
    /// Under the title: the co-op, the period, the unit.
    pub subtitle: String,
    /// Column headings and widths (in Excel's character units).
    pub columns: Vec<(String, u16)>,
    pub rows: Vec<Vec<Cell>>,
    /// Indexes of `rows` printed bold (subtotals).
    pub bold_rows: Vec<usize>,
    pub totals: Option<Vec<Cell>>,
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::new("xlsx", format!("无法生成 Excel 文件：{e}"), format!("cannot write the Excel file: {e}"))
}

/// Writes the sheets to `out` (atomically).
pub fn write(out: &Path, sheets: &[Sheet]) -> Result<()> {
    let mut wb = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    let sub = Format::new().set_font_color("#555555");
    let head = Format::new().set_bold().set_border(FormatBorder::Thin).set_background_color("#E8F0EC").set_align(FormatAlign::Center);
    let text = Format::new().set_border(FormatBorder::Thin);
    let amount = Format::new().set_border(FormatBorder::Thin).set_num_format("#,##0.00;[Red]-#,##0.00");
    let int = Format::new().set_border(FormatBorder::Thin).set_num_format("0");
    let bold_text = text.clone().set_bold();
    let bold_amount = amount.clone().set_bold();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).map_err(xlsx_error)?;
        let last = u16::try_from(s.columns.len().saturating_sub(1)).map_err(Error::internal)?;
        ws.merge_range(0, 0, 0, last, &s.title, &title).map_err(xlsx_error)?;
        ws.write_string_with_format(1, 0, &s.subtitle, &sub).map_err(xlsx_error)?;
        for (c, (heading, width)) in s.columns.iter().enumerate() {
            let c = u16::try_from(c).map_err(Error::internal)?;
            ws.write_string_with_format(3, c, heading, &head).map_err(xlsx_error)?;
            ws.set_column_width(c, *width).map_err(xlsx_error)?;
        }
        ws.set_freeze_panes(4, 0).map_err(xlsx_error)?;
        let rows = s.rows.iter().enumerate().map(|(i, row)| (row, s.bold_rows.contains(&i))).chain(s.totals.iter().map(|row| (row, true)));
        for ((row, bold), r) in rows.zip(4u32..) {
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).map_err(Error::internal)?;
                match cell {
                    Cell::Text(t) => ws.write_string_with_format(r, c, t, if bold { &bold_text } else { &text }),
                    Cell::Money(m) => {
                        let n = Decimal::new(m.fen(), 2).to_f64().unwrap_or_default();
                        ws.write_number_with_format(r, c, n, if bold { &bold_amount } else { &amount })
                    }
                    Cell::Int(i) => ws.write_number_with_format(r, c, Decimal::from(*i).to_f64().unwrap_or_default(), &int),
                }
                .map_err(xlsx_error)?;
            }
        }
    }
    let tmp = out.with_extension("xlsx.tmp");
    wb.save(&tmp).map_err(xlsx_error)?;
    std::fs::rename(&tmp, out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::new("io", format!("无法写入 {}：{e}", out.display()), format!("cannot write {}: {e}", out.display()))
    })
}

fn statement_cells(r: &StatementRow) -> Vec<Cell> {
    let line = r.line.map(|l| Cell::Int(i64::from(l))).unwrap_or(Cell::Text(String::new()));
    let label = Cell::Text(format!("{}{}", "  ".repeat(usize::from(r.indent)), r.label));
    let values = r.values.iter().map(|v| v.map(Cell::Money).unwrap_or(Cell::Text(String::new())));
    [label, line].into_iter().chain(values).collect()
}

/// A statement as a worksheet: 项目, 行次 and one column per amount column; the balance sheet's
/// two sides beside each other, as on the printed form; the general ledger's accounts one under
/// another, each under its own heading row; the checks under the table.
pub fn statement_sheet(st: &Statement) -> Sheet {
    let width = st.columns.len() + 2;
    let mut columns: Vec<(String, u16)> = vec![("项目".into(), 34), ("行次".into(), 6)];
    columns.extend(st.columns.iter().map(|c| (c.clone(), 16)));
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut bold_rows = Vec::new();
    if st.side_by_side && st.blocks.len() == 2 {
        let (left, right) = (&st.blocks[0], &st.blocks[1]);
        columns[0].0 = left.title.clone();
        let more: Vec<(String, u16)> = columns.iter().enumerate().map(|(i, (h, w))| (if i == 0 { right.title.clone() } else { h.clone() }, *w)).collect();
        columns.extend(more);
        for i in 0..left.rows.len().max(right.rows.len()) {
            let side = |b: &StatementBlock| b.rows.get(i).map(statement_cells).unwrap_or_default();
            let mut l = side(left);
            l.resize(width, Cell::Text(String::new()));
            l.extend(side(right));
            if left.rows.get(i).is_some_and(|r| r.kind != "item") || right.rows.get(i).is_some_and(|r| r.kind != "item") {
                bold_rows.push(rows.len());
            }
            rows.push(l);
        }
    } else {
        for b in &st.blocks {
            if !b.title.is_empty() {
                bold_rows.push(rows.len());
                rows.push(vec![Cell::Text(b.title.clone())]);
            }
            for r in &b.rows {
                if r.kind != "item" {
                    bold_rows.push(rows.len());
                }
                rows.push(statement_cells(r));
            }
        }
    }
    rows.push(vec![]);
    for c in &st.checks {
        rows.push(vec![Cell::Text(format!("{}：{}", if c.ok { "核对相符" } else { "核对不符" }, c.zh)), Cell::Text(String::new()), Cell::Money(c.left), Cell::Money(c.right)]);
    }
    let form = if st.form.is_empty() { String::new() } else { format!("{}    ", st.form) };
    Sheet {
        name: st.title.clone(),
        title: st.title.clone(),
        subtitle: format!("{form}编制单位：{}    {}    单位：元", st.coop, st.period),
        columns,
        rows,
        bold_rows,
        totals: None,
    }
}

/// Writes a statement as an Excel workbook.
pub fn write_statement(out: &Path, st: &Statement) -> Result<()> {
    write(out, &[statement_sheet(st)])
}

impl crate::Book {
    /// The trial balance (科目余额表) over `[from, to]` as an Excel workbook.
    pub fn trial_balance_xlsx(&self, from: &str, to: &str, out: &Path) -> Result<()> {
        let tb = self.trial_balance(from, to)?;
        let coop = self.coop()?;
        let side = |d: &str| if d == "debit" { "借" } else { "贷" };
        let rows = tb
            .accounts
            .iter()
            .map(|a| {
                vec![
                    Cell::Text(a.code.clone()),
                    Cell::Text(format!("{}{}", "  ".repeat(a.level.saturating_sub(1)), a.name)),
                    Cell::Text(side(a.direction).into()),
                    Cell::Money(a.opening),
                    Cell::Money(a.debit),
                    Cell::Money(a.credit),
                    Cell::Money(a.closing),
                ]
            })
            .collect();
        let t = &tb.totals;
        let sheet = Sheet {
            name: "科目余额表".into(),
            title: "科目余额表".into(),
            subtitle: format!("编制单位：{}    期间：{} 至 {}    单位：元", coop.name, tb.from, tb.to),
            columns: [("科目编码", 12), ("科目名称", 28), ("方向", 6), ("期初余额", 16), ("本期借方", 16), ("本期贷方", 16), ("期末余额", 16)]
                .into_iter()
                .map(|(h, w)| (h.to_string(), w))
                .collect(),
            rows,
            bold_rows: Vec::new(),
            totals: Some(vec![
                Cell::Text("合计".into()),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
                Cell::Money(t.debit),
                Cell::Money(t.credit),
                Cell::Text(String::new()),
            ]),
        };
        write(out, &[sheet])
    }
}
