//! What every statement shares: its rows, blocks and checks, the kinds there are, their titles
//! and export file names, and [`statement`] which makes any of them by kind.

use super::balance_sheet::balance_sheet;
use super::equity_changes::equity_changes;
use super::general_ledger::general_ledger;
use super::member_accounts::member_accounts;
use super::surplus_statement::surplus_statement;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::store::book::Book;
use rusqlite::Connection;
use serde::Serialize;

/// One row of a statement.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementRow {
    /// 行次 (the official line number), when the row has one.
    pub line: Option<u32>,
    /// The line as printed: the item name with its numbering and 加：/减：/其中： (`减：累计折旧`).
    pub label: String,
    /// The official item name of the form (`累计折旧`), without the printed prefixes.
    pub name: String,
    /// 0 for a heading or a total, 1 for an item, 2 for a 其中 item.
    pub indent: u8,
    /// `heading` (no amounts), `item`, or `total` (printed bold).
    #[cfg_attr(feature = "ts", ts(type = "\"heading\" | \"item\" | \"total\""))]
    pub kind: &'static str,
    /// How the amounts are made, e.g. `101+102+109` or `行10+行28`.
    pub formula: String,
    /// One amount per column; `None` leaves the cell empty.
    pub values: Vec<Option<Money>>,
}

/// A titled group of rows: a side of the balance sheet, an account of the general ledger.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementBlock {
    pub title: String,
    pub rows: Vec<StatementRow>,
}

/// A figure that must agree with another, and whether it does.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementCheck {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub left: Money,
    pub right: Money,
    pub ok: bool,
}

/// A statement ready to show, print or export.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Statement {
    /// `balance-sheet`, `surplus`, `equity-changes`, `member-accounts`, `general-ledger`, `notes`.
    pub kind: String,
    /// 会农社01表 …; empty for the books that have no form number.
    pub form: String,
    pub title: String,
    /// 编制单位.
    pub coop: String,
    /// The period as printed: `2025年12月31日`, `2025年度`.
    pub period: String,
    pub year: i32,
    /// The last day the figures cover.
    pub date: String,
    /// Headings of the amount columns.
    pub columns: Vec<String>,
    pub blocks: Vec<StatementBlock>,
    /// The blocks print beside each other (the two sides of the balance sheet).
    pub side_by_side: bool,
    pub checks: Vec<StatementCheck>,
    /// Every check agrees.
    pub ok: bool,
}

pub(crate) fn check(code: &str, zh: &str, en: &str, left: Money, right: Money) -> StatementCheck {
    StatementCheck { code: code.into(), zh: zh.into(), en: en.into(), left, right, ok: left == right }
}

pub(crate) fn row(
    line: Option<u32>,
    label: &str,
    indent: u8,
    kind: &'static str,
    formula: &str,
    values: Vec<Option<Money>>,
) -> StatementRow {
    let name = official_name(label);
    StatementRow { line, label: label.into(), name, indent, kind, formula: formula.into(), values }
}

/// An item's name without what the form prints before it: the numbering (`一、`), `加：`, `减：`,
/// `其中：` and a trailing colon of a heading.
pub(crate) fn official_name(label: &str) -> String {
    let mut s = label.trim();
    if let Some((head, rest)) = s.split_once('、') {
        if head.chars().all(|c| "一二三四五六七八九十".contains(c)) {
            s = rest;
        }
    }
    for p in ["加：", "减：", "其中："] {
        s = s.strip_prefix(p).unwrap_or(s);
    }
    s.trim_end_matches('：').to_string()
}

pub(crate) fn heading(label: &str) -> StatementRow {
    row(None, label, 0, "heading", "", vec![])
}

pub(crate) fn check_year(year: i32) -> Result<()> {
    if !(1900..=9998).contains(&year) {
        return Err(
            Error::new("invalid-year", format!("年度 {year} 无效"), format!("{year} is not a valid year")).at("year")
        );
    }
    Ok(())
}

pub(crate) fn coop_name(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT name FROM coop LIMIT 1", [], |r| r.get(0)).unwrap_or_default())
}

/// The statement kinds by their command-line names.
pub const KINDS: &[&str] =
    &["balance-sheet", "surplus", "equity-changes", "member-accounts", "general-ledger", "notes"];

/// A statement by kind: `month` is used by the balance sheet only (default December).
pub fn statement(conn: &Connection, kind: &str, year: i32, month: Option<u32>) -> Result<Statement> {
    match kind {
        "balance-sheet" => balance_sheet(conn, year, month.unwrap_or(12)),
        "surplus" => surplus_statement(conn, year),
        "equity-changes" => equity_changes(conn, year),
        "member-accounts" => member_accounts(conn, year),
        "general-ledger" => general_ledger(conn, year),
        "notes" => super::notes::notes(conn, year),
        _ => Err(Error::new(
            "unknown-statement",
            format!("没有“{kind}”这张报表，可用：{}", KINDS.join("、")),
            format!("no statement \"{kind}\"; use one of {}", KINDS.join(", ")),
        )
        .at("kind")),
    }
}

impl Book {
    pub fn statement(&self, kind: &str, year: i32, month: Option<u32>) -> Result<Statement> {
        statement(&self.conn, kind, year, month)
    }
}

/// A statement's title by kind, without building it (printing names its file before drawing,
/// so the general ledger is not built twice): "报表" for a kind that is none of [`KINDS`], which
/// the statement itself then refuses (`unknown-statement`).
pub fn title_of(kind: &str) -> &'static str {
    match kind {
        "balance-sheet" => "资产负债表",
        "surplus" => "盈余及盈余分配表",
        "equity-changes" => "成员权益变动表",
        "member-accounts" => "成员账户表",
        "general-ledger" => "总账",
        "notes" => "会计报表附注",
        _ => "报表",
    }
}

/// The file name a statement is printed or exported under (`ext`: pdf, xlsx): `2025年总账.pdf`;
/// a balance sheet at a month other than December says the month, `2025年6月资产负债表.xlsx`.
pub fn file_name(kind: &str, year: i32, month: Option<u32>, ext: &str) -> String {
    let title = title_of(kind);
    match (kind, month) {
        ("balance-sheet", Some(m)) if m != 12 => format!("{year}年{m}月{title}.{ext}"),
        _ => format!("{year}年{title}.{ext}"),
    }
}
