//! `import`: the member roll (花名册), a list of sales, vouchers from another system and the
//! opening balances of old books, each as CSV or XLSX, all rows or none; a file with bad rows
//! prints them as a table and exits 1.

use crate::ctx::Ctx;
use crate::output::{pad, rpad};
use clap::Subcommand;
use coopbook::io::import::{ImportReport, ImportRowError};
use coopbook::io::opening::{import_opening, OpeningImport, OpeningOptions};
use coopbook::io::voucher_import::VoucherImport;
use coopbook::{Money, Result};
use serde::Serialize;
use std::path::PathBuf;
use std::time::Instant;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Import from a file (导入): the member roll (花名册), a list of sales or the opening
    /// balances of old books (期初余额表), as CSV or XLSX.
    Import {
        #[command(subcommand)]
        cmd: ImportCmd,
    },
}

#[derive(Subcommand)]
pub enum ImportCmd {
    /// Members from a 花名册 (CSV in UTF-8 or GBK, or XLSX): all rows or none.
    Members {
        file: PathBuf,
        /// Check the file and report its errors without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Sales from a list such as the online mall's monthly export (CSV in UTF-8 or GBK, or XLSX):
    /// all rows or none.
    Sales {
        file: PathBuf,
        /// Check the file and report its errors without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Vouchers from another system or a spreadsheet (凭证导入), one voucher line a row: 日期, 凭证号,
    /// 摘要, 科目编码, 借方金额, 贷方金额 [, 成员编号, 附件数, 制单人, 审核人]. Rows with the same 凭证号
    /// in a month, one after another, are one voucher; each is checked as if entered by hand, and
    /// posted. All rows or none.
    Vouchers {
        file: PathBuf,
        /// Check the file and report its errors without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Opening balances (期初余额表) of old books kept on the 2007 chart (or the 2021 one): shows
    /// where each account goes; only with --apply writes them as one posted voucher.
    Opening {
        file: PathBuf,
        /// The opening voucher's date; it must come before every other voucher.
        #[arg(long)]
        date: Option<String>,
        /// The chart the old books were kept on: 2007 (default) or 2021.
        #[arg(long)]
        chart: Option<String>,
        /// Override where an old account goes, e.g. --map 141=141 (repeatable).
        #[arg(long = "map", value_name = "OLD=NEW")]
        map: Vec<String>,
        /// Write the opening voucher (without it nothing is written).
        #[arg(long)]
        apply: bool,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Import { cmd } = command;
    match cmd {
        ImportCmd::Members { file, dry_run } => {
            let report = ctx.write()?.import_members(&file, dry_run)?;
            ctx.out(&report, import_text)?;
            match report.refusal() {
                Some(e) => Err(e),
                None => Ok(()),
            }
        }
        ImportCmd::Sales { file, dry_run } => {
            let (report, total) = ctx.write()?.import_sales_with_total(&file, dry_run)?;
            let refusal = report.refusal();
            ctx.out(&SalesImportOut { report, total }, sales_import_text)?;
            match refusal {
                Some(e) => Err(e),
                None => Ok(()),
            }
        }
        ImportCmd::Vouchers { file, dry_run } => {
            let started = Instant::now();
            let out = ctx.write()?.import_vouchers(&file, dry_run)?;
            let refusal = out.report.refusal();
            let ms = started.elapsed().as_millis();
            ctx.out(&out, |o| voucher_import_text(o, ms))?;
            match refusal {
                Some(e) => Err(e),
                None => Ok(()),
            }
        }
        ImportCmd::Opening { file, date, chart, map, apply } => {
            let report = import_opening(&mut ctx.write()?, &file, &OpeningOptions { date, chart, map }, apply)?;
            ctx.out(&report, opening_text)?;
            match report.refusal() {
                Some(e) => Err(e),
                None => Ok(()),
            }
        }
    }
}

/// The ignored columns and the table of bad rows, as every import prints them.
fn import_problems_text(r: &ImportReport) -> String {
    problems_text(&r.ignored_columns, &r.errors)
}

fn problems_text(ignored: &[String], errors: &[ImportRowError]) -> String {
    let mut s = String::new();
    if !ignored.is_empty() {
        s += &format!("未读取的列 / ignored columns: {}\n", ignored.join("、"));
    }
    if !errors.is_empty() {
        s += &format!("{}{}{}原因 / reason\n", rpad("行", 4), pad("  列", 14), pad("值", 22));
        for e in errors {
            s += &format!(
                "{}  {}{}{} / {} [{}]\n",
                rpad(&e.row.to_string(), 5),
                pad(&e.column, 12),
                pad(&e.value, 22),
                e.zh,
                e.en,
                e.code
            );
        }
    }
    s
}

fn import_text(r: &ImportReport) -> String {
    let mut s = import_problems_text(r);
    if !r.errors.is_empty() {
        return s;
    }
    if r.imported.is_empty() {
        s += &format!(
            "检查通过：{} 名成员可以导入（试导入，未写入） / \
             {} members would be imported (dry run, nothing written)\n",
            r.rows, r.rows
        );
    } else {
        let first = r.imported.first().copied().unwrap_or_default();
        let last = r.imported.last().copied().unwrap_or_default();
        let range = if first == last { first.to_string() } else { format!("{first}–{last}") };
        s += &format!(
            "已导入 {} 名成员（编号 {range}） / imported {} members (numbers {range})\n",
            r.imported.len(),
            r.imported.len()
        );
    }
    s
}

/// A sales import as the CLI prints it: the report, and the total of its sales (in `--json` as
/// the report's fields plus `total`).
#[derive(Serialize)]
struct SalesImportOut {
    #[serde(flatten)]
    report: ImportReport,
    total: Money,
}

fn sales_import_text(o: &SalesImportOut) -> String {
    let r = &o.report;
    let mut s = import_problems_text(r);
    let total = o.total.grouped();
    if !r.errors.is_empty() {
        return s;
    }
    if r.imported.is_empty() {
        s += &format!(
            "检查通过：{} 笔销售可以导入，合计 {total} 元（试导入，未写入） / \
             {} sales totalling {total} would be imported (dry run, nothing written)\n",
            r.rows, r.rows
        );
    } else {
        s += &format!(
            "已导入 {} 笔销售，合计 {total} 元 / imported {} sales totalling {total}\n",
            r.imported.len(),
            r.imported.len()
        );
    }
    s
}

fn voucher_import_text(o: &VoucherImport, ms: u128) -> String {
    let r = &o.report;
    let mut s = import_problems_text(r);
    if !r.errors.is_empty() {
        return s;
    }
    let (n, lines, total) = (o.vouchers, o.lines, o.total.grouped());
    let span = format!("{} — {}", o.from.as_deref().unwrap_or(""), o.to.as_deref().unwrap_or(""));
    if r.imported.is_empty() {
        s += &format!(
            "检查通过：{n} 张凭证、{lines} 行分录可以导入（{span}），借贷各 {total} 元（试导入，未写入） / \
             {n} vouchers, {lines} lines ({span}), {total} each side, would be imported (dry run, nothing written)\n"
        );
    } else {
        s += &format!(
            "已导入并记账 {n} 张凭证、{lines} 行分录（{span}），借贷各 {total} 元，用时 {ms} ms / \
             imported and posted {n} vouchers, {lines} lines ({span}), {total} each side, in {ms} ms\n"
        );
    }
    s
}

/// The mapping of an opening balance file for review, its totals, its bad rows, and what was
/// (or was not) written.
fn opening_text(r: &OpeningImport) -> String {
    let mut s = format!(
        "期初余额表 {}（{}）：{} 年科目体系 → 2021 年科目体系，期初日期 {}\n",
        r.file, r.encoding, r.chart, r.date
    );
    if !r.maps.is_empty() {
        s += &format!("指定映射 / maps: {}\n", r.maps.join("、"));
    }
    s += &format!(
        "{}  {}{}{}{}{}  {}说明\n",
        rpad("行", 4),
        pad("原科目", 26),
        pad("新科目", 28),
        pad("成员", 12),
        // four CJK characters take eight columns
        rpad("借方余额", 12),
        rpad("贷方余额", 12),
        pad("状态", 8)
    );
    for row in &r.rows {
        let status = match row.status.as_str() {
            "same" => "相同",
            "remapped" => "改码",
            "review" => "请核对",
            _ => "错误",
        };
        let member =
            row.member.map(|m| format!("{m} {}", row.member_name.as_deref().unwrap_or(""))).unwrap_or_default();
        let amount = |m: Money| if m.is_zero() { String::new() } else { m.grouped() };
        s += &format!(
            "{}  {}{}{}{}{}  {}{}\n",
            rpad(&row.row.to_string(), 4),
            pad(&format!("{} {}", row.old_code, row.old_name), 26),
            pad(&format!("→ {} {}", row.new_code, row.new_name), 28),
            pad(&member, 12),
            rpad(&amount(row.debit), 16),
            rpad(&amount(row.credit), 16),
            pad(status, 8),
            row.note
        );
    }
    let balance = if r.balanced {
        "平衡".to_string()
    } else {
        format!("不平衡，相差 {}", (r.debit - r.credit).abs().grouped())
    };
    s += &format!(
        "{}  {}{}{}{}  {balance}\n",
        rpad("", 4),
        pad("合计", 66),
        rpad(&r.debit.grouped(), 16),
        rpad(&r.credit.grouped(), 16),
        ""
    );
    s += &problems_text(&r.ignored_columns, &r.errors);
    match r.voucher_id {
        Some(id) => {
            s += &format!(
                "已写入期初余额凭证 id {id}（{}，{}），已记账 / opening balances posted as voucher id {id}\n",
                r.date, r.summary
            )
        }
        None if r.refusal().is_none() => {
            s += "预览：未写入任何内容。核对无误后加 --apply 写入（一张已记账的期初凭证） / \
                  preview only, nothing was written; add --apply to post the opening voucher\n"
        }
        None => {}
    }
    s
}
