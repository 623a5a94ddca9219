//! Excel export (.xlsx) of reports: a title, the co-op and the period, a bold header row frozen in
//! place, amounts as real numbers formatted `#,##0.00` (so sums and filters work in Excel), text as
//! text, column widths a person would keep, and a bold totals row.
//!
//! Invariants: the book's figures stay exact up to here; a cell's number is made from the exact
//! decimal (`Decimal::to_f64`), which Excel stores as a double — every amount below 2^53 分 shows
//! exactly as its two-decimal value. The file is written to a temporary name and renamed, so a
//! failed export leaves no half-written workbook.

use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::reports::statements::{Statement, StatementBlock, StatementRow};
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
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("#E8F0EC")
        .set_align(FormatAlign::Center);
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
        let rows = s
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| (row, s.bold_rows.contains(&i)))
            .chain(s.totals.iter().map(|row| (row, true)));
        for ((row, bold), r) in rows.zip(4u32..) {
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).map_err(Error::internal)?;
                match cell {
                    Cell::Text(t) => ws.write_string_with_format(r, c, t, if bold { &bold_text } else { &text }),
                    Cell::Money(m) => {
                        let n = Decimal::new(m.fen(), 2).to_f64().unwrap_or_default();
                        ws.write_number_with_format(r, c, n, if bold { &bold_amount } else { &amount })
                    }
                    Cell::Int(i) => {
                        ws.write_number_with_format(r, c, Decimal::from(*i).to_f64().unwrap_or_default(), &int)
                    }
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
        let more: Vec<(String, u16)> = columns
            .iter()
            .enumerate()
            .map(|(i, (h, w))| (if i == 0 { right.title.clone() } else { h.clone() }, *w))
            .collect();
        columns.extend(more);
        for i in 0..left.rows.len().max(right.rows.len()) {
            let side = |b: &StatementBlock| b.rows.get(i).map(statement_cells).unwrap_or_default();
            let mut l = side(left);
            l.resize(width, Cell::Text(String::new()));
            l.extend(side(right));
            if left.rows.get(i).is_some_and(|r| r.kind != "item") || right.rows.get(i).is_some_and(|r| r.kind != "item")
            {
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
        rows.push(vec![
            Cell::Text(format!("{}：{}", if c.ok { "核对相符" } else { "核对不符" }, c.zh)),
            Cell::Text(String::new()),
            Cell::Money(c.left),
            Cell::Money(c.right),
        ]);
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
            columns: [
                ("科目编码", 12),
                ("科目名称", 28),
                ("方向", 6),
                ("期初余额", 16),
                ("本期借方", 16),
                ("本期贷方", 16),
                ("期末余额", 16),
            ]
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

fn columns(spec: &[(&str, u16)]) -> Vec<(String, u16)> {
    spec.iter().map(|(h, w)| (h.to_string(), *w)).collect()
}

fn blank() -> Cell {
    Cell::Text(String::new())
}

impl crate::Book {
    /// The detail ledger (明细账) of an account as an Excel workbook: opening, every line with its
    /// running balance, the period's totals.
    pub fn ledger_xlsx(&self, code: &str, from: &str, to: &str, member: Option<i64>, out: &Path) -> Result<()> {
        let l = self.ledger(code, from, to, member)?;
        let coop = self.coop()?;
        let mut rows = vec![vec![
            blank(),
            blank(),
            blank(),
            Cell::Text("期初余额".into()),
            blank(),
            blank(),
            blank(),
            Cell::Money(l.opening),
        ]];
        rows.extend(l.rows.iter().map(|r| {
            vec![
                Cell::Text(r.date.clone()),
                Cell::Text(r.voucher_no.clone()),
                Cell::Text(r.account.clone()),
                Cell::Text(r.summary.clone()),
                r.member.map(Cell::Int).unwrap_or_else(blank),
                Cell::Money(r.debit),
                Cell::Money(r.credit),
                Cell::Money(r.balance),
            ]
        }));
        let side = if l.direction == "debit" { "借" } else { "贷" };
        let who = l.member.map(|m| format!("    成员：{m} 号")).unwrap_or_default();
        let sheet = Sheet {
            name: "明细账".into(),
            title: format!("明细账 {} {}", l.code, l.name),
            subtitle: format!(
                "编制单位：{}    期间：{} 至 {}    余额方向：{side}{who}    单位：元",
                coop.name, l.from, l.to
            ),
            columns: columns(&[
                ("日期", 12),
                ("凭证号", 10),
                ("科目", 10),
                ("摘要", 36),
                ("成员", 6),
                ("借方", 16),
                ("贷方", 16),
                ("余额", 16),
            ]),
            rows,
            bold_rows: vec![0],
            totals: Some(vec![
                Cell::Text("本期合计".into()),
                blank(),
                blank(),
                blank(),
                blank(),
                Cell::Money(l.debit),
                Cell::Money(l.credit),
                Cell::Money(l.closing),
            ]),
        };
        write(out, &[sheet])
    }

    /// The year's sales report as an Excel workbook: one sheet per breakdown (month, channel,
    /// product, buyer), each with the year's total; member and non-member trade (Art. 41) on the first.
    pub fn sales_xlsx(&self, year: i32, out: &Path) -> Result<()> {
        let r = self.sales_report(year)?;
        let coop = self.coop()?;
        let sheet = |name: &str, what: &str, list: &[crate::business::trade::Amount], extra: Vec<Vec<Cell>>| Sheet {
            name: name.into(),
            title: format!("{year} 年销售 {name}"),
            subtitle: format!("编制单位：{}    {year} 年度    单位：元", coop.name),
            columns: columns(&[(what, 28), ("金额", 16)]),
            rows: list.iter().map(|a| vec![Cell::Text(a.label.clone()), Cell::Money(a.amount)]).chain(extra).collect(),
            bold_rows: Vec::new(),
            totals: Some(vec![Cell::Text("合计".into()), Cell::Money(r.total)]),
        };
        let split = vec![
            vec![Cell::Text("其中：成员交易".into()), Cell::Money(r.member_total)],
            vec![Cell::Text("其中：非成员交易".into()), Cell::Money(r.non_member_total)],
        ];
        write(
            out,
            &[
                sheet("按月", "月份", &r.by_month, split),
                sheet("按渠道", "渠道", &r.by_channel, vec![]),
                sheet("按产品", "产品", &r.by_product, vec![]),
                sheet("按客户", "客户", &r.by_buyer, vec![]),
            ],
        )
    }

    /// Each member's trade with the co-op in the year (交易量 / 交易额), per product, as Excel.
    pub fn member_trade_xlsx(&self, year: i32, out: &Path) -> Result<()> {
        let t = self.member_trade(year)?;
        let coop = self.coop()?;
        let mut rows = Vec::new();
        let mut bold_rows = Vec::new();
        for m in &t.members {
            bold_rows.push(rows.len());
            rows.push(vec![
                Cell::Int(m.no),
                Cell::Text(m.name.clone()),
                blank(),
                blank(),
                blank(),
                Cell::Money(m.delivered),
                Cell::Money(m.purchased),
                Cell::Money(m.amount),
            ]);
            for p in &m.products {
                let (d, b) = if p.kind == "purchase" { (Money::ZERO, p.amount) } else { (p.amount, Money::ZERO) };
                rows.push(vec![
                    blank(),
                    blank(),
                    Cell::Text(p.product.clone()),
                    Cell::Text(p.quantity.clone()),
                    Cell::Text(p.unit.clone()),
                    Cell::Money(d),
                    Cell::Money(b),
                    Cell::Money(p.amount),
                ]);
            }
        }
        let sheet = Sheet {
            name: "成员交易".into(),
            title: format!("{year} 年成员交易量（额）"),
            subtitle: format!("编制单位：{}    {year} 年度    单位：元", coop.name),
            columns: columns(&[
                ("编号", 6),
                ("成员", 22),
                ("产品", 14),
                ("数量", 12),
                ("单位", 6),
                ("交售", 16),
                ("购买", 16),
                ("交易额", 16),
            ]),
            rows,
            bold_rows,
            totals: Some(vec![
                Cell::Text("合计".into()),
                blank(),
                blank(),
                blank(),
                blank(),
                Cell::Money(t.delivered),
                Cell::Money(t.purchased),
                Cell::Money(t.total),
            ]),
        };
        write(out, &[sheet])
    }
}

/// The township report as an Excel workbook: a row per village and the totals.
pub fn write_township(out: &Path, r: &crate::sync::township::TownshipReport) -> Result<()> {
    let rows = r
        .villages
        .iter()
        .map(|v| {
            vec![
                Cell::Text(v.uscc.clone()),
                Cell::Text(v.name.clone()),
                Cell::Int(v.members),
                Cell::Text(v.collective_share.clone().unwrap_or_default()),
                Cell::Money(v.contributions),
                Cell::Money(v.sales),
                Cell::Money(v.surplus),
                Cell::Money(v.distributed),
                Cell::Text(v.patronage_share.clone().unwrap_or_default()),
                Cell::Money(v.collective_income),
                Cell::Money(v.per_member),
                Cell::Text(v.flags.join(", ")),
            ]
        })
        .collect();
    let t = &r.totals;
    let sheet = Sheet {
        name: "乡镇汇总".into(),
        title: format!("{} 年村党支部领办合作社汇总表", r.year),
        subtitle: format!(
            "合作社 {} 个；村集体收入达 50 万元的村 {} 个（占 {}）    单位：元",
            t.coops,
            t.villages_500k,
            t.villages_500k_share.clone().unwrap_or_default()
        ),
        columns: columns(&[
            ("统一社会信用代码", 22),
            ("合作社", 30),
            ("成员", 8),
            ("村集体占股", 10),
            ("本年出资", 16),
            ("销售", 16),
            ("本年盈余", 16),
            ("分配", 16),
            ("按交易额返还占比", 10),
            ("村集体收入", 16),
            ("人均分配", 14),
            ("提示", 24),
        ]),
        rows,
        bold_rows: Vec::new(),
        totals: Some(vec![
            Cell::Text("合计".into()),
            Cell::Text(format!("{} 个", t.coops)),
            Cell::Int(t.members),
            blank(),
            Cell::Money(t.contributions),
            Cell::Money(t.sales),
            Cell::Money(t.surplus),
            Cell::Money(t.distributed),
            blank(),
            Cell::Money(t.collective_income),
            blank(),
            Cell::Text(format!("{} 个需关注", t.flagged)),
        ]),
    };
    write(out, &[sheet])
}

/// What an export wrote, in the shape of a print (one "page").
fn exported(out: &Path, items: usize) -> crate::io::print::Printed {
    let bytes = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    crate::io::print::Printed {
        path: out.display().to_string(),
        pages: 1,
        bytes,
        items: u32::try_from(items).unwrap_or(u32::MAX),
    }
}

impl crate::Book {
    /// A statement as an Excel workbook in `dir` (made if missing, `export-folder` when it cannot
    /// be), named by [`crate::reports::statements::file_name`]; `items` counts the statement's rows.
    pub fn statement_xlsx_into(
        &self,
        kind: &str,
        year: i32,
        month: Option<u32>,
        dir: &Path,
    ) -> Result<crate::io::print::Printed> {
        let st = self.statement(kind, year, month)?;
        crate::base::error::create_folder(dir, "export-folder", "导出文件夹", "exports folder")?;
        let out = dir.join(crate::reports::statements::file_name(kind, year, month, "xlsx"));
        write_statement(&out, &st)?;
        Ok(exported(&out, st.blocks.iter().map(|b| b.rows.len()).sum::<usize>()))
    }
}

impl crate::sync::township::Township {
    /// The township report as an Excel workbook in `dir` (made if missing, `export-folder` when
    /// it cannot be), named by [`crate::sync::township::report_file_name`]; `items` counts the villages.
    pub fn report_xlsx_into(&self, year: i32, dir: &Path) -> Result<crate::io::print::Printed> {
        let r = self.report(year)?;
        crate::base::error::create_folder(dir, "export-folder", "导出文件夹", "exports folder")?;
        let out = dir.join(crate::sync::township::report_file_name(year));
        write_township(&out, &r)?;
        Ok(exported(&out, r.villages.len()))
    }
}
