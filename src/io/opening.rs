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

use crate::base::date::{month_text, parse_date, ym_of};
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::io::import::reader::{field, ImportRowError, RowInput, Sheet, Spec};
use crate::ledger::account::{self, Chart, CHART};
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The note on the 2007 biological assets, which the 2021 chart splits three ways.
pub const BIOLOGICAL_NOTE: &str = "幼畜及育肥畜/用材林属消耗性生物资产 141，防风固沙林等属公益性生物资产 144，请核对";

/// The chart of 财会〔2007〕15号 (农民专业合作社财务会计制度（试行）) as old books write it, with
/// where each account goes in the 2021 chart: (old code, old name, new code, review note). 109
/// and 122 were optional in 2007. Every account not named here is unknown to the 2007 chart.
pub const CHART_2007: &[(&str, &str, &str, Option<&str>)] = &[
    ("101", "库存现金", "101", None),
    ("102", "银行存款", "102", None),
    ("109", "其他货币资金", "109", None),
    ("113", "应收款", "113", None),
    ("114", "成员往来", "114", None),
    ("121", "产品物资", "121", None),
    ("122", "包装物", "122", None),
    ("124", "委托加工物资", "124", None),
    ("125", "委托代销商品", "125", None),
    ("127", "受托代购商品", "127", None),
    ("128", "受托代销商品", "128", None),
    ("131", "对外投资", "131", None),
    ("141", "牲畜（禽）资产", "142", Some(BIOLOGICAL_NOTE)),
    ("142", "林木资产", "142", Some(BIOLOGICAL_NOTE)),
    ("151", "固定资产", "151", None),
    ("152", "累计折旧", "152", None),
    ("153", "在建工程", "153", None),
    ("154", "固定资产清理", "154", None),
    ("161", "无形资产", "161", None),
    ("201", "短期借款", "201", None),
    ("211", "应付款", "211", None),
    ("212", "应付工资", "212", None),
    ("221", "应付盈余返还", "221", None),
    ("222", "应付剩余盈余", "222", None),
    ("231", "长期借款", "231", None),
    ("235", "专项应付款", "235", None),
    ("301", "股金", "301", None),
    ("311", "专项基金", "311", None),
    ("321", "资本公积", "321", None),
    ("322", "盈余公积", "322", None),
    ("331", "本年盈余", "331", None),
    ("332", "盈余分配", "332", None),
    ("401", "生产成本", "401", None),
    ("501", "经营收入", "501", None),
    ("502", "其他收入", "502", None),
    ("511", "投资收益", "511", None),
    ("521", "经营支出", "521", None),
    ("522", "管理费用", "523", None),
    ("529", "其他支出", "529", None),
];

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
                    format!("期初余额借贷不平衡：借方合计 {}，贷方合计 {}，相差 {}，未写入任何内容", d.grouped(), c.grouped(), (d - c).abs().grouped()),
                    format!("the opening balances do not balance: debits {}, credits {}, difference {}; nothing was written", d.grouped(), c.grouped(), (d - c).abs().grouped()),
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

static OPENING: Spec = Spec {
    file_zh: "期初余额表",
    file_en: "the opening balance file",
    item_zh: "余额",
    item_en: "balances",
    fields: &[
        field("code", "科目编码", &["科目编码", "科目代码", "编码", "代码", "科目号", "code", "accountcode"], true),
        field("name", "科目名称", &["科目名称", "名称", "name", "accountname"], true),
        field(
            "debit",
            "借方余额",
            &["借方余额", "期初借方", "期初借方余额", "年初借方余额", "借方", "debit", "openingdebit"],
            true,
        ),
        field(
            "credit",
            "贷方余额",
            &["贷方余额", "期初贷方", "期初贷方余额", "年初贷方余额", "贷方", "credit", "openingcredit"],
            true,
        ),
        field("member", "成员编号", &["成员编号", "成员号", "成员编码", "社员编号", "member", "memberno"], false),
    ],
};

/// The chart the old books were kept on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OldChart {
    Y2007,
    Y2021,
}

impl OldChart {
    fn parse(text: Option<&str>) -> Result<OldChart> {
        match text.map(str::trim).unwrap_or("") {
            "" | "2007" => Ok(OldChart::Y2007),
            "2021" => Ok(OldChart::Y2021),
            other => Err(Error::new(
                "chart-invalid",
                format!("科目体系“{other}”无效，应为 2007 或 2021"),
                format!("chart \"{other}\" is not 2007 or 2021"),
            )
            .at("chart")),
        }
    }

    fn year(self) -> &'static str {
        match self {
            OldChart::Y2007 => "2007",
            OldChart::Y2021 => "2021",
        }
    }

    fn summary(self) -> &'static str {
        match self {
            OldChart::Y2007 => "期初余额（自2007年科目体系转入）",
            OldChart::Y2021 => "期初余额",
        }
    }

    /// The name of a first-level code in this chart.
    fn name(self, code: &str) -> Option<&'static str> {
        match self {
            OldChart::Y2007 => CHART_2007.iter().find(|c| c.0 == code).map(|c| c.1),
            OldChart::Y2021 => CHART.iter().find(|c| c.0 == code).map(|c| c.1),
        }
    }
}

/// An account code as old books write it (`522`, `52201`, `522.01`, `522-01`), as digits: three
/// for a first-level account and two more for each level below; `None` when it is not one.
fn norm_code(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut parts = t.split(['.', '-']);
    let first = parts.next()?;
    let mut code = first.to_string();
    for p in parts {
        if p.len() != 2 {
            return None;
        }
        code += p;
    }
    let ok = code.bytes().all(|b| b.is_ascii_digit()) && code.len() >= 3 && code.len() <= 11 && code.len() % 2 == 1;
    ok.then_some(code)
}

/// A name as compared with the chart: without spaces, brackets in one width.
fn norm_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// `code` lies below `parent` in the chart (a strict extension by whole levels).
fn below(code: &str, parent: &str) -> bool {
    code.len() > parent.len() && code.starts_with(parent) && (code.len() - parent.len()).is_multiple_of(2)
}

/// Reads the overrides `OLD=NEW`; every target must be an account of the book.
fn parse_maps(maps: &[String], chart: &Chart) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut errors = Vec::new();
    for text in maps {
        for m in text.split([',', '，', ';', '；', ' ', '\n', '\t']).map(str::trim).filter(|m| !m.is_empty()) {
            let pair = m.split_once(['=', '＝']).and_then(|(o, n)| Some((norm_code(o)?, norm_code(n)?)));
            let Some((old, new)) = pair else {
                errors.push(
                    Error::new(
                        "map-invalid",
                        format!("映射“{m}”格式应为 旧编码=新编码（如 141=141）"),
                        format!("map \"{m}\" must be OLD=NEW (e.g. 141=141)"),
                    )
                    .at("map"),
                );
                continue;
            };
            if out.iter().any(|(o, _)| *o == old) {
                errors.push(
                    Error::new(
                        "map-invalid",
                        format!("科目 {old} 的映射给了不止一次"),
                        format!("account {old} is mapped more than once"),
                    )
                    .at("map"),
                );
                continue;
            }
            if chart.get(&new).is_none() {
                errors.push(
                    Error::new(
                        "map-unknown-account",
                        format!("映射 {old}={new}：科目 {new} 不在本账本的科目表中"),
                        format!("map {old}={new}: account {new} is not in the book's chart"),
                    )
                    .at("map"),
                );
                continue;
            }
            out.push((old, new));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::many(errors))
    }
}

/// Where an old code goes: the new code, the status, and the notes on it.
#[derive(Debug)]
struct Mapped {
    new: String,
    status: &'static str,
    notes: Vec<String>,
}

fn map_code(chart: OldChart, maps: &[(String, String)], old: &str) -> Result<Mapped> {
    // The override on the longest part of the code wins (`14201=14401` over `142=142`).
    if let Some((o, n)) = maps.iter().filter(|(o, _)| o == old || below(old, o)).max_by_key(|(o, _)| o.len()) {
        let new = format!("{n}{}", &old[o.len()..]);
        let status = if new == old { SAME } else { REMAPPED };
        return Ok(Mapped { new, status, notes: vec![format!("按指定映射 {o}={n}")] });
    }
    let (head, rest) = old.split_at(3);
    match chart {
        OldChart::Y2007 => match CHART_2007.iter().find(|c| c.0 == head) {
            Some(&(_, old_name, to, review)) => {
                let new = format!("{to}{rest}");
                let to_name = CHART.iter().find(|c| c.0 == to).map_or("", |c| c.1);
                match review {
                    Some(note) => Ok(Mapped {
                        new,
                        status: REVIEW,
                        notes: vec![format!("2007年 {head} {old_name} → {to} {to_name}；{note}")],
                    }),
                    None if to != head => Ok(Mapped {
                        new,
                        status: REMAPPED,
                        notes: vec![format!("2007年 {head} {old_name} → 2021年 {to} {to_name}")],
                    }),
                    None => Ok(Mapped { new, status: SAME, notes: Vec::new() }),
                }
            }
            None => Err(unknown_code(chart, old)),
        },
        OldChart::Y2021 => match CHART.iter().find(|c| c.0 == head) {
            Some(_) => Ok(Mapped { new: old.to_string(), status: SAME, notes: Vec::new() }),
            None => Err(unknown_code(chart, old)),
        },
    }
}

fn unknown_code(chart: OldChart, code: &str) -> Error {
    let y = chart.year();
    Error::new(
        "unknown-account",
        format!("科目编码 {code} 不在{y}年科目表中；如确有此科目，请用 --map {code}=新编码 指定它转入的科目"),
        format!("account code {code} is not in the {y} chart; if the books really have it, say where it goes with --map {code}=NEW"),
    )
    .at("code")
}

/// One side of a balance: empty, `-` or `0` is none; a fraction of a 分 and negative amounts
/// are refused (a negative balance belongs in the other column).
fn side(text: &str, other: &str) -> Result<Money> {
    let t = text.trim();
    if t.is_empty() || ["-", "—", "－", "--"].contains(&t) {
        return Ok(Money::ZERO);
    }
    // `1200.500` is an exact amount (a spreadsheet's format), not a fraction of a 分.
    let exact = match t.split_once('.') {
        Some((int, frac)) if frac.len() > 2 && frac.get(2..).is_some_and(|rest| rest.bytes().all(|b| b == b'0')) => {
            format!("{int}.{}", &frac[..2])
        }
        _ => t.to_string(),
    };
    let m = Money::parse(&exact)?;
    if m.fen() < 0 {
        return Err(Error::new(
            "amount-negative",
            format!("余额 {t} 为负数：请把 {} 填在{other}", (-m).grouped()),
            format!("the balance {t} is negative: put {} in the other column", (-m).grouped()),
        ));
    }
    Ok(m)
}

/// A row as read and mapped, before the checks across rows.
struct Line {
    out: OpeningRow,
    /// The old code, when it is one.
    code: Option<String>,
    /// Both amounts could be read.
    amounts: bool,
    notes: Vec<String>,
    errors: Vec<ImportRowError>,
    /// The header text of each field's column, for the problems found across rows.
    headers: HashMap<&'static str, String>,
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
    let date = match opts.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => parse_date(d, "date")?,
        None => {
            return Err(Error::new(
                "date-required",
                "请填写期初余额的日期（期初凭证的日期，通常是启用月份的第一天）",
                "the date of the opening balances is required (the opening voucher's date, usually the first day of the first month)",
            )
            .at("date"))
        }
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

/// Refuses when opening balances dated `date` would not come before everything else: a voucher
/// dated on or before it (a reversed voucher and its reversal cancel out and do not count), an
/// earlier opening import that has not been reversed, or a closed month from its month on.
fn before_everything(conn: &Connection, date: &str) -> Result<()> {
    let standing: Option<(i64, String)> = conn
        .query_row(
            "SELECT v.id, v.date FROM change_log l JOIN vouchers v ON v.id = CAST(l.entity_id AS INTEGER)
             WHERE l.action = 'opening.import' AND NOT EXISTS (SELECT 1 FROM vouchers r WHERE r.reverses_id = v.id)
             ORDER BY v.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, d)) = standing {
        return Err(Error::new(
            "opening-exists",
            format!("账本已于 {d} 导入过期初余额（凭证 id {id}），不能再次导入；如需重新导入，请先红字冲销该凭证"),
            format!("the book already has opening balances of {d} (voucher {id}); reverse that voucher before importing again"),
        )
        .at("date"));
    }
    let (n, first): (i64, Option<String>) = conn.query_row(
        "SELECT COUNT(*), MIN(date || ' 记-' || printf('%04d', seq)) FROM vouchers v
         WHERE v.date <= ?1 AND v.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM vouchers r WHERE r.reverses_id = v.id)",
        [date],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if n > 0 {
        let first = first.unwrap_or_default();
        return Err(Error::new(
            "opening-exists",
            format!("账本中已有 {n} 张日期不晚于 {date} 的凭证（最早的是 {first}）；期初余额必须早于其他一切凭证，请选更早的期初日期"),
            format!("the book already has {n} voucher(s) dated on or before {date} (the first: {first}); opening balances must come before every other voucher, so choose an earlier date"),
        )
        .at("date"));
    }
    let closed: Option<i64> =
        conn.query_row("SELECT MIN(ym) FROM periods WHERE ym >= ?1", [ym_of(date)], |r| r.get(0))?;
    if let Some(ym) = closed {
        let m = month_text(ym);
        return Err(Error::new(
            "period-closed",
            format!("{m} 已结账：期初余额记在 {date} 会改变已结账月份的余额（如需导入，请先反结账）"),
            format!("{m} is closed: opening balances dated {date} would change a closed month (reopen it first)"),
        )
        .at("date"));
    }
    Ok(())
}

/// Reads every row, maps it and checks it alone and against the other rows and the book;
/// writes nothing.
fn plan(tx: &Tx, sheet: &Sheet, date: &str, chart: OldChart, maps: &[(String, String)]) -> Result<OpeningImport> {
    let book_chart = Chart::load(tx)?;
    let headers: HashMap<&'static str, String> =
        ["code", "name", "debit", "credit", "member"].into_iter().map(|f| (f, sheet.header(f))).collect();
    let ctx = Context { date, chart, maps, book_chart: &book_chart, headers: &headers };
    let mut lines: Vec<Line> = Vec::new();
    for (input, cell_errors) in sheet.inputs() {
        lines.push(read_line(tx, &input, cell_errors, &ctx)?);
    }
    across(&mut lines, &book_chart, date);

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let (mut debit, mut credit) = (Money::ZERO, Money::ZERO);
    for mut l in lines {
        if !l.out.subtotal {
            debit += l.out.debit;
            credit += l.out.credit;
        }
        if l.errors.is_empty() {
            l.out.note = l.notes.join("；");
        } else {
            l.out.status = ERROR.to_string();
            l.out.note = l
                .errors
                .iter()
                .map(|e| e.zh.as_str())
                .chain(l.notes.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join("；");
        }
        errors.append(&mut l.errors);
        rows.push(l.out);
    }
    Ok(OpeningImport {
        file: sheet.file.clone(),
        encoding: sheet.encoding.to_string(),
        chart: chart.year().to_string(),
        date: date.to_string(),
        summary: chart.summary().to_string(),
        maps: maps.iter().map(|(o, n)| format!("{o}={n}")).collect(),
        rows,
        debit,
        credit,
        balanced: debit == credit,
        errors,
        ignored_columns: sheet.ignored().to_vec(),
        voucher_id: None,
    })
}

/// What every row is read against: the opening's date, the old chart and the overrides, the book's
/// chart, and the header text of each field's column.
struct Context<'a> {
    date: &'a str,
    chart: OldChart,
    maps: &'a [(String, String)],
    book_chart: &'a Chart,
    headers: &'a HashMap<&'static str, String>,
}

/// One row read and mapped, with the problems it has on its own.
fn read_line(conn: &Connection, input: &RowInput, cell_errors: Vec<ImportRowError>, ctx: &Context) -> Result<Line> {
    let Context { date, chart, maps, book_chart, headers } = *ctx;
    // A cell that could not be read (a formula, an error value) is no amount.
    let unreadable = |f: &str| cell_errors.iter().any(|e| headers.get(f).is_some_and(|h| *h == e.column));
    let unread_amount = unreadable("debit") || unreadable("credit");
    let mut errors = cell_errors;
    let mut notes = Vec::new();
    let raw_code = input.get("code");
    let file_name = input.get("name").trim().to_string();
    let code = norm_code(&raw_code);
    let mut out = OpeningRow {
        row: input.no,
        old_code: code.clone().unwrap_or_else(|| raw_code.trim().to_string()),
        old_name: file_name.clone(),
        new_code: String::new(),
        new_name: String::new(),
        member: None,
        member_name: None,
        debit: Money::ZERO,
        credit: Money::ZERO,
        status: SAME.to_string(),
        note: String::new(),
        new_account: false,
        subtotal: false,
    };

    // The amounts.
    let debit =
        side(&input.get("debit"), "贷方余额").map_err(|e| errors.push(input.error("debit", e.at("debit")))).ok();
    let credit =
        side(&input.get("credit"), "借方余额").map_err(|e| errors.push(input.error("credit", e.at("credit")))).ok();
    let amounts = debit.is_some() && credit.is_some() && !unread_amount;
    if let (Some(d), Some(c)) = (debit, credit) {
        out.debit = d;
        out.credit = c;
        if !d.is_zero() && !c.is_zero() {
            let e = Error::new(
                "line-both-sides",
                "借方余额和贷方余额都填了，一行只能有一方余额",
                "both a debit and a credit balance; a row has one side",
            )
            .at("credit");
            errors.push(input.error("credit", e));
        }
    }

    // The code and where it goes.
    let mut mapped = None;
    match &code {
        None if raw_code.trim().is_empty() => errors.push(input.error("code", Error::new("field-required", "请填写科目编码", "the account code is required").at("code"))),
        None => errors.push(input.error(
            "code",
            Error::new(
                "code-invalid",
                format!("科目编码“{}”无效：一级科目三位数字，明细科目每级再加两位（如 522、52201 或 522.01）", raw_code.trim()),
                format!("account code \"{}\" is not valid: three digits, and two more for each level of sub-account (522, 52201 or 522.01)", raw_code.trim()),
            )
            .at("code"),
        )),
        Some(c) => match map_code(chart, maps, c) {
            Ok(m) => mapped = Some(m),
            Err(e) => errors.push(input.error("code", e)),
        },
    }
    if let (Some(c), Some(m)) = (&code, mapped) {
        out.new_code = m.new.clone();
        out.status = m.status.to_string();
        notes.extend(m.notes);
        // The name the old chart (or, for a sub-account, the book) gives the code.
        let known = if c.len() == 3 {
            chart.name(c).map(str::to_string)
        } else {
            book_chart.get(&m.new).map(|a| a.name.clone())
        };
        match (&known, file_name.is_empty()) {
            (Some(k), true) => out.old_name = k.clone(),
            (Some(k), false) if norm_name(k) != norm_name(&file_name) => {
                notes.push(format!("文件中的科目名称“{file_name}”与科目表的“{k}”不同，按编码导入"))
            }
            _ => {}
        }
        match book_chart.get(&m.new) {
            Some(a) => out.new_name = a.name.clone(),
            None => {
                out.new_name = file_name.clone();
                out.new_account = true;
            }
        }
    }

    // The member.
    if let Some(text) = input.opt("member").map(|m| m.trim().to_string()).filter(|m| !m.is_empty()) {
        let no = text.strip_suffix(".0").unwrap_or(&text).parse::<i64>().ok();
        match no.map(|no| crate::ledger::member::by_no(conn, no)).transpose()?.flatten() {
            Some(m) => {
                out.member = Some(m.no);
                out.member_name = Some(m.name.clone());
                if let Some(x) = m.exited.as_deref().filter(|x| *x < date) {
                    let e = Error::new(
                        "member-exited",
                        format!("{} 号成员 {} 已于 {x} 退社", m.no, m.name),
                        format!("member no. {} ({}) exited on {x}", m.no, m.name),
                    )
                    .at("member");
                    errors.push(input.error("member", e));
                }
            }
            None => errors.push(input.error("member", crate::ledger::member::unknown_member(&text))),
        }
    }
    Ok(Line { out, code, amounts, notes, errors, headers: headers.clone() })
}

/// The checks across rows: repeated rows, subtotal rows against the rows below them, accounts
/// that must be leaves, sub-accounts to create, members on exactly the member sub-ledgers, and
/// the notes that only the whole file tells.
fn across(lines: &mut [Line], chart: &Chart, date: &str) {
    let n = lines.len();

    // Repeats: the same code for the same member (or none) twice.
    let mut seen: HashMap<(String, Option<i64>), usize> = HashMap::new();
    let mut repeats = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(c) = &l.code {
            if let Some(&first) = seen.get(&(c.clone(), l.out.member)) {
                repeats.push((i, lines[first].out.row));
            } else {
                seen.insert((c.clone(), l.out.member), i);
            }
        }
    }
    for (i, first) in repeats {
        let l = &mut lines[i];
        let who = l.out.member.map(|m| format!("（成员 {m}）")).unwrap_or_default();
        let e = Error::new(
            "opening-repeat",
            format!("科目 {}{who} 与第 {first} 行重复", l.out.old_code),
            format!("account {} repeats row {first}", l.out.old_code),
        );
        push(l, "code", e);
    }

    // Subtotals: a row without a member whose code has rows below it, or whose account has rows
    // for members, totals them; it must equal the sum of the rows that post.
    let under = |p: &Line, c: &Line| -> bool {
        match (&p.code, &c.code) {
            (Some(pc), Some(cc)) => p.out.member.is_none() && (below(cc, pc) || (cc == pc && c.out.member.is_some())),
            _ => false,
        }
    };
    let subtotal: Vec<bool> = (0..n).map(|i| (0..n).any(|j| j != i && under(&lines[i], &lines[j]))).collect();
    for i in 0..n {
        if !subtotal[i] {
            continue;
        }
        lines[i].out.subtotal = true;
        let parts: Vec<usize> = (0..n).filter(|&j| j != i && !subtotal[j] && under(&lines[i], &lines[j])).collect();
        if !lines[i].amounts || parts.iter().any(|&j| !lines[j].amounts) {
            continue;
        }
        let net = |l: &Line| l.out.debit.fen() - l.out.credit.fen();
        let sum: i64 = parts.iter().map(|&j| net(&lines[j])).sum();
        let own = net(&lines[i]);
        let l = &mut lines[i];
        if own == sum {
            l.notes.push("合计行：按下级各行记账，本行不重复记入".to_string());
        } else if own == 0 && l.out.debit.is_zero() && l.out.credit.is_zero() {
            // A parent row without a balance heads the rows below it.
            l.notes.push("上级科目行（未填余额）：按下级各行记账".to_string());
        } else {
            let show = |x: i64| {
                if x >= 0 {
                    format!("借 {}", Money(x).grouped())
                } else {
                    format!("贷 {}", Money(-x).grouped())
                }
            };
            let e = Error::new(
                "opening-subtotal",
                format!(
                    "科目 {} 是下级各行的合计，但本行余额 {} 与下级各行合计 {} 不符",
                    l.out.old_code,
                    show(own),
                    show(sum)
                ),
                format!(
                    "account {} totals the rows below it, but its balance {} differs from their sum {}",
                    l.out.old_code,
                    show(own),
                    show(sum)
                ),
            );
            push(l, "debit", e);
        }
    }

    // Sub-accounts to create: each under a parent the book has or this file creates, one name
    // per code.
    let mut creating: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for i in 0..n {
        let l = &lines[i];
        if !l.out.new_account || l.out.new_code.is_empty() {
            continue;
        }
        let code = l.out.new_code.clone();
        let name = l.out.new_name.clone();
        match creating.get(&code) {
            Some((first, other)) if norm_name(other) != norm_name(&name) => {
                let first_row = lines[*first].out.row;
                let e = Error::new(
                    "opening-collision",
                    format!("第 {first_row} 行和本行都转入新科目 {code}，但名称不同（“{other}”与“{name}”），请用 --map 指定其中一个转入别的科目"),
                    format!("row {first_row} and this row both go to the new account {code} under different names (\"{other}\" and \"{name}\"); map one of them elsewhere with --map"),
                );
                push(&mut lines[i], "code", e);
            }
            Some(_) => {}
            None => {
                creating.insert(code, (i, name));
            }
        }
    }
    for (code, (i, name)) in &creating {
        let parent = &code[..code.len() - 2];
        let l = &mut lines[*i];
        if chart.get(parent).is_none() && !creating.contains_key(parent) {
            let e = Error::new(
                "unknown-account",
                format!("新明细科目 {code} 的上级科目 {parent} 不存在，请在文件中加上 {parent} 的行或先增设该科目"),
                format!("the parent {parent} of the new sub-account {code} does not exist; add a row for it or add the account first"),
            );
            push(l, "code", e);
        } else if name.is_empty() {
            push(
                l,
                "name",
                Error::new(
                    "field-required",
                    format!("要新建明细科目 {code}，请填写科目名称"),
                    format!("the name is required to create the sub-account {code}"),
                ),
            );
        } else {
            l.notes.push(format!("将新建明细科目 {code} {name}"));
        }
    }

    // Accounts that post must be leaves, in the book and after the import.
    let posting: Vec<String> = lines
        .iter()
        .filter(|l| !l.out.subtotal && !l.out.new_code.is_empty())
        .map(|l| l.out.new_code.clone())
        .collect();
    for l in lines.iter_mut() {
        let code = l.out.new_code.clone();
        if l.out.subtotal || code.is_empty() {
            continue;
        }
        if let Some(a) = chart.get(&code).filter(|a| !a.leaf) {
            let e = Error::new(
                "account-not-leaf",
                format!("科目 {} {} 设有明细科目，请按明细科目填写余额", a.code, a.name),
                format!("account {} {} has sub-accounts; give the balances of its sub-accounts", a.code, a.name),
            );
            push(l, "code", e);
        } else if let Some(sub) = posting.iter().chain(creating.keys()).find(|c| below(c, &code)) {
            let e = Error::new(
                "account-not-leaf",
                format!("本行转入科目 {code}，而文件中另有行转入它的明细科目 {sub}，余额只能记在明细科目上；请用 --map 调整"),
                format!("this row goes to {code}, while another row goes to its sub-account {sub}; balances post to sub-accounts only: adjust with --map"),
            );
            push(l, "code", e);
        }
    }

    // Members exactly on the member sub-ledgers (114, 221, 222, 301, 322 and their sub-accounts),
    // as on every voucher.
    let year_start = date.ends_with("-01-01");
    for l in lines.iter_mut() {
        let code = l.out.new_code.clone();
        if code.is_empty() {
            continue;
        }
        let Some(root) = chart.get(&code[..3]) else { continue };
        let has_amount = !(l.out.debit.is_zero() && l.out.credit.is_zero());
        match (root.member_ledger, l.out.member.is_some()) {
            (true, false) if !l.out.subtotal && has_amount => {
                let e = Error::new(
                    "member-required",
                    format!(
                        "第 {} 行：科目 {} {} 按成员明细核算，请在“成员编号”列填写成员（每位成员一行）",
                        l.out.row, code, root.name
                    ),
                    format!(
                        "row {}: account {} {} is kept per member; give the member number (one row per member)",
                        l.out.row, code, root.name
                    ),
                );
                push(l, "member", e);
            }
            (false, true) => {
                let e = Error::new(
                    "member-not-allowed",
                    format!("第 {} 行：科目 {} {} 不按成员核算，不能填写成员", l.out.row, code, root.name),
                    format!("row {}: account {} {} is not kept per member", l.out.row, code, root.name),
                );
                push(l, "member", e);
            }
            _ => {}
        }
        if year_start && root.class == "pnl" && has_amount && !l.out.subtotal {
            l.notes.push("年初损益类科目一般没有余额，请核对".to_string());
        }
    }
}

/// Marks the rows that the core refused while writing (a sub-account, a voucher line).
fn mark_errors(report: &mut OpeningImport) {
    for r in report.rows.iter_mut().filter(|r| r.status != ERROR) {
        let problems: Vec<&str> = report.errors.iter().filter(|e| e.row == r.row).map(|e| e.zh.as_str()).collect();
        if !problems.is_empty() {
            r.status = ERROR.to_string();
            r.note = problems.join("；");
        }
    }
}

/// Adds a problem to a row, shown under the column of `field` (its header text).
fn push(l: &mut Line, field: &str, e: Error) {
    let value = match field {
        "code" => l.out.old_code.clone(),
        "name" => l.out.new_name.clone(),
        "member" => l.out.member.map(|m| m.to_string()).unwrap_or_default(),
        "debit" => l.out.debit.to_string(),
        _ => String::new(),
    };
    let column = l.headers.get(field).cloned().unwrap_or_default();
    l.errors.push(ImportRowError { row: l.out.row, column, value, code: e.code.to_string(), zh: e.zh, en: e.en });
}

/// Creates the sub-accounts the rows need and posts the opening voucher, in the caller's
/// transaction; the problems the core finds go to their rows. Returns the voucher's id when it
/// was posted.
fn post(tx: &mut Tx, sheet: &Sheet, report: &mut OpeningImport) -> Result<Option<i64>> {
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
                "member": r.member, "debit": r.debit, "credit": r.credit, "status": r.status, "subtotal": r.subtotal, "new_account": r.new_account,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(norm_code("522").as_deref(), Some("522"));
        assert_eq!(norm_code(" 522.01 ").as_deref(), Some("52201"));
        assert_eq!(norm_code("522-01-03").as_deref(), Some("5220103"));
        assert_eq!(norm_code("52201").as_deref(), Some("52201"));
        assert_eq!(norm_code("5220"), None);
        assert_eq!(norm_code("522.1"), None);
        assert_eq!(norm_code("1001"), None);
        assert_eq!(norm_code("现金"), None);
        assert!(below("52201", "522") && !below("5221", "522") && !below("522", "522"));
    }

    #[test]
    fn the_2007_chart_maps_into_the_2021_chart() {
        for (old, _, new, _) in CHART_2007 {
            assert!(CHART.iter().any(|c| c.0 == *new), "{old} → {new}");
        }
        let m = map_code(OldChart::Y2007, &[], "52201").unwrap();
        assert_eq!((m.new.as_str(), m.status), ("52301", REMAPPED));
        let m = map_code(OldChart::Y2007, &[], "141").unwrap();
        assert_eq!((m.new.as_str(), m.status), ("142", REVIEW));
        assert!(m.notes[0].contains(BIOLOGICAL_NOTE));
        assert_eq!(map_code(OldChart::Y2007, &[], "101").unwrap().status, SAME);
        assert_eq!(map_code(OldChart::Y2007, &[], "162").unwrap_err().code, "unknown-account");
        assert_eq!(map_code(OldChart::Y2021, &[], "162").unwrap().status, SAME);
        let maps = vec![("141".to_string(), "141".to_string()), ("14201".to_string(), "144".to_string())];
        assert_eq!(map_code(OldChart::Y2007, &maps, "14103").unwrap().new, "14103");
        assert_eq!(map_code(OldChart::Y2007, &maps, "14201").unwrap().new, "144");
        assert_eq!(map_code(OldChart::Y2007, &maps, "14202").unwrap().new, "14202");
    }

    #[test]
    fn sides() {
        assert_eq!(side("1,200.50", "x").unwrap(), Money(120050));
        assert_eq!(side("1200.500", "x").unwrap(), Money(120050));
        assert_eq!(side("-", "x").unwrap(), Money::ZERO);
        assert_eq!(side("", "x").unwrap(), Money::ZERO);
        assert_eq!(side("0.005", "x").unwrap_err().code, "amount-precision");
        assert_eq!(side("-5", "贷方余额").unwrap_err().code, "amount-negative");
    }
}
