//! The statements of 财会〔2021〕37号: 会农社01 资产负债表, 会农社02 盈余及盈余分配表, 会农社03
//! 成员权益变动表, plus the member account table (成员账户表) for all members and the general
//! ledger (总账). Every one is a [`Statement`]: titled blocks of numbered rows with one amount per
//! column, and the checks the figures must pass. Printing, Excel and the app's screens all render
//! that one shape.
//!
//! Each row's formula is written next to it below, in the account codes of the 2021 chart; the
//! same text travels with the row (`formula`) so a reader of the statement can see it too.
//! Invariants:
//! - 01 covers every top-level account of the chart exactly once (a unit test holds the list), so
//!   assets = liabilities + equity whenever the books balance; the check is still computed and a
//!   mismatch is reported, never hidden.
//! - 02's P&L rows are the year's movements *without* the year-close vouchers (which empty the
//!   P&L accounts into 331); its 年末未分配盈余 is worked out from its own rows and checked against
//!   the ledger (331 + 332 + P&L not yet carried) — the figure of 01's row 50.
//! - 03 is 01's equity at the year's start and end, with the year's movements analysed by the
//!   voucher they came from; its ending balances are checked against 01.

use crate::base::date::year_end;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::balances::{cumulative, roll_up};
use crate::store::book::Book;
use crate::yearend::surplus::{closing_vouchers, pnl_of_year};
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::HashMap;

/// One row of a statement.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementRow {
    /// 行次 (the official line number), when the row has one.
    pub line: Option<u32>,
    pub label: String,
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
    /// `balance-sheet`, `surplus`, `equity-changes`, `member-accounts`, `general-ledger`.
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

fn check(code: &str, zh: &str, en: &str, left: Money, right: Money) -> StatementCheck {
    StatementCheck { code: code.into(), zh: zh.into(), en: en.into(), left, right, ok: left == right }
}

fn row(
    line: Option<u32>,
    label: &str,
    indent: u8,
    kind: &'static str,
    formula: &str,
    values: Vec<Option<Money>>,
) -> StatementRow {
    StatementRow { line, label: label.into(), indent, kind, formula: formula.into(), values }
}

fn heading(label: &str) -> StatementRow {
    row(None, label, 0, "heading", "", vec![])
}

fn check_year(year: i32) -> Result<()> {
    if !(1900..=9998).contains(&year) {
        return Err(
            Error::new("invalid-year", format!("年度 {year} 无效"), format!("{year} is not a valid year")).at("year")
        );
    }
    Ok(())
}

/// The ledger at one date, as the statements read it.
struct Balances {
    /// Debit-positive balance of every account code (parents are sums of children).
    by_code: HashMap<String, i64>,
    /// 114 成员往来 split by member: debit balances (members owe the co-op) and credit balances
    /// (the co-op owes members), as positive numbers.
    receivable_114: i64,
    payable_114: i64,
    /// P&L not yet carried to 331 (credit-positive): income less expenses of every year not closed.
    pnl_open: i64,
}

impl Balances {
    fn at(conn: &Connection, chart: &Chart, date: &str) -> Result<Balances> {
        let leaf = cumulative(conn, date, None)?;
        let by_code: HashMap<String, i64> = roll_up(chart, &leaf).into_iter().map(|(k, (d, c))| (k, d - c)).collect();
        let members = crate::equity::shares::member_balances(conn, chart, "114", date)?;
        let (mut receivable_114, mut payable_114) = (0, 0);
        let mut split = 0;
        for b in members.values() {
            split += b;
            if *b > 0 {
                receivable_114 += b;
            } else {
                payable_114 -= b;
            }
        }
        // Lines on 114 without a member (none are allowed today) are shown by their net side.
        let rest = by_code.get("114").copied().unwrap_or(0) - split;
        if rest > 0 {
            receivable_114 += rest;
        } else {
            payable_114 -= rest;
        }
        let pnl_open = -chart
            .accounts
            .iter()
            .filter(|a| a.parent.is_none() && a.class == "pnl")
            .map(|a| by_code.get(&a.code).copied().unwrap_or(0))
            .sum::<i64>();
        Ok(Balances { by_code, receivable_114, payable_114, pnl_open })
    }

    /// Debit-positive sum of the accounts.
    fn dr(&self, codes: &[&str]) -> i64 {
        codes.iter().map(|c| self.by_code.get(*c).copied().unwrap_or(0)).sum()
    }

    /// Credit-positive sum of the accounts.
    fn cr(&self, codes: &[&str]) -> i64 {
        -self.dr(codes)
    }

    /// 未分配盈余: 331 + 332 + the P&L not yet carried, credit-positive.
    fn undistributed(&self) -> i64 {
        self.cr(&["331", "332"]) + self.pnl_open
    }
}

/// How a balance-sheet line is made.
enum F {
    /// Debit-positive sum of accounts (asset lines).
    Dr(&'static [&'static str]),
    /// Credit-positive sum of accounts (liability and equity lines, and the contra-asset lines
    /// printed as "减：…").
    Cr(&'static [&'static str]),
    /// 113 + the members' debit balances of 114.
    Receivables,
    /// 211 + the members' credit balances of 114.
    Payables,
    /// 331 + 332 + P&L not yet carried to 331.
    Undistributed,
    /// Sum of earlier lines, each with its sign.
    Lines(&'static [(i8, u32)]),
}

/// (line, label, indent, kind, formula text, how) — the layout of 会农社01.
type Line = (u32, &'static str, u8, &'static str, &'static str, F);

const ASSETS: &[Line] = &[
    (1, "货币资金", 1, "item", "101+102+109", F::Dr(&["101", "102", "109"])),
    (2, "应收款项", 1, "item", "113+114借方余额（按成员）", F::Receivables),
    (3, "存货", 1, "item", "121+122+124+125+127+128+401", F::Dr(&["121", "122", "124", "125", "127", "128", "401"])),
    (4, "消耗性生物资产", 1, "item", "141", F::Dr(&["141"])),
    (10, "流动资产合计", 0, "total", "行1+行2+行3+行4", F::Lines(&[(1, 1), (1, 2), (1, 3), (1, 4)])),
    (11, "对外投资", 1, "item", "131", F::Dr(&["131"])),
    (12, "生产性生物资产原值", 1, "item", "142", F::Dr(&["142"])),
    (13, "减：生产性生物资产累计折旧", 1, "item", "143（贷方余额）", F::Cr(&["143"])),
    (14, "生产性生物资产净值", 1, "item", "行12−行13", F::Lines(&[(1, 12), (-1, 13)])),
    (15, "公益性生物资产", 1, "item", "144", F::Dr(&["144"])),
    (16, "固定资产原值", 1, "item", "151", F::Dr(&["151"])),
    (17, "减：累计折旧", 1, "item", "152（贷方余额）", F::Cr(&["152"])),
    (20, "固定资产净值", 1, "item", "行16−行17", F::Lines(&[(1, 16), (-1, 17)])),
    (21, "固定资产清理", 1, "item", "154", F::Dr(&["154"])),
    (22, "在建工程", 1, "item", "153", F::Dr(&["153"])),
    (23, "无形资产原值", 1, "item", "161", F::Dr(&["161"])),
    (24, "减：累计摊销", 1, "item", "162（贷方余额）", F::Cr(&["162"])),
    (25, "无形资产净值", 1, "item", "行23−行24", F::Lines(&[(1, 23), (-1, 24)])),
    (26, "长期待摊费用", 1, "item", "171", F::Dr(&["171"])),
    (27, "待处理财产损溢", 1, "item", "181", F::Dr(&["181"])),
    (
        28,
        "非流动资产合计",
        0,
        "total",
        "行11+行14+行15+行20+行21+行22+行25+行26+行27",
        F::Lines(&[(1, 11), (1, 14), (1, 15), (1, 20), (1, 21), (1, 22), (1, 25), (1, 26), (1, 27)]),
    ),
    (29, "资产总计", 0, "total", "行10+行28", F::Lines(&[(1, 10), (1, 28)])),
];

const CLAIMS: &[Line] = &[
    (30, "短期借款", 1, "item", "201", F::Cr(&["201"])),
    (31, "应付款项", 1, "item", "211+114贷方余额（按成员）", F::Payables),
    (32, "应付工资", 1, "item", "212", F::Cr(&["212"])),
    (33, "应付劳务费", 1, "item", "213", F::Cr(&["213"])),
    (34, "应交税费", 1, "item", "214", F::Cr(&["214"])),
    (35, "应付利息", 1, "item", "215", F::Cr(&["215"])),
    (36, "应付盈余返还", 1, "item", "221", F::Cr(&["221"])),
    (37, "应付剩余盈余", 1, "item", "222", F::Cr(&["222"])),
    (
        39,
        "流动负债合计",
        0,
        "total",
        "行30至行37",
        F::Lines(&[(1, 30), (1, 31), (1, 32), (1, 33), (1, 34), (1, 35), (1, 36), (1, 37)]),
    ),
    (40, "长期借款", 1, "item", "231", F::Cr(&["231"])),
    (41, "专项应付款", 1, "item", "235", F::Cr(&["235"])),
    (42, "非流动负债合计", 0, "total", "行40+行41", F::Lines(&[(1, 40), (1, 41)])),
    (43, "负债合计", 0, "total", "行39+行42", F::Lines(&[(1, 39), (1, 42)])),
    (44, "股金", 1, "item", "301", F::Cr(&["301"])),
    (45, "专项基金", 1, "item", "311", F::Cr(&["311"])),
    (46, "资本公积", 1, "item", "321", F::Cr(&["321"])),
    (47, "盈余公积", 1, "item", "322", F::Cr(&["322"])),
    (50, "未分配盈余", 1, "item", "331+332+尚未结转的损益（5xx）", F::Undistributed),
    (
        51,
        "所有者权益合计",
        0,
        "total",
        "行44+行45+行46+行47+行50",
        F::Lines(&[(1, 44), (1, 45), (1, 46), (1, 47), (1, 50)]),
    ),
    (54, "负债和所有者权益总计", 0, "total", "行43+行51", F::Lines(&[(1, 43), (1, 51)])),
];

/// The sub-headings of the balance sheet, placed before the line they head.
const SUBHEADS: &[(u32, &str)] =
    &[(1, "流动资产："), (11, "非流动资产："), (30, "流动负债："), (40, "非流动负债："), (44, "所有者权益：")];

/// Every top-level account the balance sheet reads (P&L through 未分配盈余).
#[cfg(test)]
const BS_ACCOUNTS: &[&str] = &[
    "101", "102", "109", "113", "114", "121", "122", "124", "125", "127", "128", "401", "141", "131", "142", "143",
    "144", "151", "152", "154", "153", "161", "162", "171", "181", "201", "211", "212", "213", "214", "215", "221",
    "222", "231", "235", "301", "311", "321", "322", "331", "332",
];

fn sheet_side(lines: &[Line], b: &Balances, values: &mut HashMap<u32, i64>) -> Vec<(u32, i64)> {
    let mut out = Vec::new();
    for (line, _, _, _, _, f) in lines {
        let v = match f {
            F::Dr(codes) => b.dr(codes),
            F::Cr(codes) => b.cr(codes),
            F::Receivables => b.dr(&["113"]) + b.receivable_114,
            F::Payables => b.cr(&["211"]) + b.payable_114,
            F::Undistributed => b.undistributed(),
            F::Lines(ls) => ls.iter().map(|(s, l)| i64::from(*s) * values.get(l).copied().unwrap_or(0)).sum(),
        };
        values.insert(*line, v);
        out.push((*line, v));
    }
    out
}

fn coop_name(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT name FROM coop LIMIT 1", [], |r| r.get(0)).unwrap_or_default())
}

/// 会农社01 资产负债表 at the end of `month` (1–12) of `year`, with the year's opening beside it.
pub fn balance_sheet(conn: &Connection, year: i32, month: u32) -> Result<Statement> {
    check_year(year)?;
    if !(1..=12).contains(&month) {
        return Err(Error::new(
            "invalid-month",
            format!("月份 {month} 无效，应为 1 至 12"),
            format!("month {month} is not 1–12"),
        )
        .at("month"));
    }
    let chart = Chart::load(conn)?;
    let date = crate::base::date::month_end(year, month);
    let start = Balances::at(conn, &chart, &year_end(year - 1))?;
    let end = Balances::at(conn, &chart, &date)?;
    let (mut vs, mut ve) = (HashMap::new(), HashMap::new());
    let mut blocks = Vec::new();
    for (title, lines) in [("资产", ASSETS), ("负债和所有者权益", CLAIMS)] {
        let s = sheet_side(lines, &start, &mut vs);
        let e = sheet_side(lines, &end, &mut ve);
        let mut rows = Vec::new();
        for (i, (line, label, indent, kind, formula, _)) in lines.iter().enumerate() {
            if let Some((_, h)) = SUBHEADS.iter().find(|(l, _)| l == line) {
                rows.push(heading(h));
            }
            rows.push(row(Some(*line), label, *indent, kind, formula, vec![Some(Money(s[i].1)), Some(Money(e[i].1))]));
        }
        blocks.push(StatementBlock { title: title.into(), rows });
    }
    let checks = vec![
        check(
            "balance-sheet-start",
            "年初数：资产总计 = 负债和所有者权益总计",
            "year start: total assets = total liabilities and equity",
            Money(vs[&29]),
            Money(vs[&54]),
        ),
        check(
            "balance-sheet-end",
            "期末数：资产总计 = 负债和所有者权益总计",
            "period end: total assets = total liabilities and equity",
            Money(ve[&29]),
            Money(ve[&54]),
        ),
    ];
    Ok(Statement {
        kind: "balance-sheet".into(),
        form: "会农社01表".into(),
        title: "资产负债表".into(),
        coop: coop_name(conn)?,
        period: format!("{}年{}月{}日", year, month, &date[8..]),
        year,
        date,
        columns: vec!["年初数".into(), "期末数".into()],
        blocks,
        side_by_side: true,
        ok: checks.iter().all(|c| c.ok),
        checks,
    })
}

/// The lines of one voucher as (top-level code, debit, credit), by voucher id.
type LinesByVoucher = HashMap<i64, Vec<(String, i64, i64)>>;

/// Posted lines of `year` for the vouchers that touch an equity account; year-close vouchers left
/// out.
fn equity_lines(conn: &Connection, year: i32) -> Result<LinesByVoucher> {
    let closing = closing_vouchers(conn, year)?;
    let (from, to) = (format!("{year:04}-01-01"), year_end(year));
    let mut st = conn.prepare_cached(
        "SELECT l.voucher_id, substr(a.code, 1, 3), l.debit_fen, l.credit_fen FROM voucher_lines l
         JOIN vouchers v ON v.id = l.voucher_id JOIN accounts a ON a.id = l.account_id
         WHERE v.status = 'posted' AND l.date BETWEEN ?1 AND ?2 AND l.voucher_id IN (
            SELECT l2.voucher_id FROM voucher_lines l2 JOIN accounts a2 ON a2.id = l2.account_id
            WHERE l2.date BETWEEN ?1 AND ?2 AND substr(a2.code, 1, 3) IN ('301', '311', '321', '322', '331', '332'))
         ORDER BY l.voucher_id, l.line_no",
    )?;
    let mut out: LinesByVoucher = HashMap::new();
    let mut rows = st.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let v: i64 = r.get(0)?;
        if !closing.contains(&v) {
            out.entry(v).or_default().push((r.get(1)?, r.get(2)?, r.get(3)?));
        }
    }
    Ok(out)
}

/// The figures of 会农社02 for one year, by line.
struct SurplusFigures {
    lines: HashMap<u32, i64>,
    /// 331 + 332 + P&L not carried at the year's end, from the ledger.
    ledger_end: i64,
}

fn surplus_figures(conn: &Connection, chart: &Chart, year: i32) -> Result<SurplusFigures> {
    let p = pnl_of_year(conn, chart, year)?;
    let g = |c: &str| p.get(c).copied().unwrap_or(0);
    let mut l: HashMap<u32, i64> = HashMap::new();
    l.insert(1, g("501"));
    l.insert(2, g("511"));
    l.insert(3, -g("521"));
    l.insert(4, -g("522"));
    l.insert(5, -g("523"));
    l.insert(6, -g("524"));
    l.insert(10, l[&1] + l[&2] - l[&3] - l[&4] - l[&5] - l[&6]);
    l.insert(11, g("502"));
    l.insert(12, -g("529"));
    l.insert(13, l[&10] + l[&11] - l[&12]);
    l.insert(14, -g("531"));
    l.insert(15, l[&13] - l[&14]);
    l.insert(16, l[&15]);
    let start = Balances::at(conn, chart, &year_end(year - 1))?;
    let end = Balances::at(conn, chart, &year_end(year))?;
    l.insert(17, start.undistributed());
    let a = analyse(&equity_lines(conn, year)?);
    l.insert(18, a.other_to_332);
    l.insert(21, l[&16] + l[&17] + l[&18]);
    l.insert(22, a.reserve);
    l.insert(23, a.patronage);
    l.insert(24, a.residual);
    l.insert(28, l[&21] - l[&22] - l[&23] - l[&24]);
    Ok(SurplusFigures { lines: l, ledger_end: end.undistributed() })
}

/// The year's equity movements, analysed by the voucher they came from.
#[derive(Default)]
struct EquityMoves {
    /// Credits to 322 / 221 / 222 in vouchers that debit 332 (the distribution).
    reserve: i64,
    patronage: i64,
    residual: i64,
    /// Net credits to 332 in vouchers that neither carry 331 nor distribute (e.g. 盈余公积弥补亏损),
    /// i.e. 332's movement not explained by the surplus or the distribution.
    other_to_332: i64,
    /// (column, category) → amount, for 会农社03.
    increase: HashMap<(&'static str, &'static str), i64>,
    decrease: HashMap<(&'static str, &'static str), i64>,
}

fn analyse(vouchers: &LinesByVoucher) -> EquityMoves {
    let mut m = EquityMoves::default();
    for lines in vouchers.values() {
        let has = |code: &str, debit: bool| {
            lines.iter().any(|(c, d, cr)| c == code && if debit { *d != 0 } else { *cr != 0 })
        };
        let distributes = has("332", true);
        let carries = lines.iter().any(|(c, _, _)| c == "331");
        let mut dist_credits = 0;
        for (code, d, c) in lines {
            match code.as_str() {
                "322" | "221" | "222" if distributes => {
                    dist_credits += c;
                    match code.as_str() {
                        "322" => m.reserve += c,
                        "221" => m.patronage += c,
                        _ => m.residual += c,
                    }
                }
                _ => {}
            }
            let (inc, dec): (&'static str, &'static str) = match code.as_str() {
                "301" => (
                    if has("221", true) || has("222", true) {
                        "盈余返还转为出资"
                    } else if has("321", true) {
                        "资本公积转增"
                    } else if has("322", true) {
                        "盈余公积转增"
                    } else {
                        "成员出资"
                    },
                    "发还成员出资",
                ),
                "311" => ("国家财政补助及捐赠", "其他减少"),
                "321" => ("股金溢价及资产评估增值", if has("301", false) { "转增股金" } else { "其他减少" }),
                "322" => (
                    if distributes { "从盈余中提取" } else { "其他增加" },
                    if has("301", false) {
                        "转增股金"
                    } else if has("332", false) {
                        "弥补亏损"
                    } else {
                        "其他减少"
                    },
                ),
                _ => continue,
            };
            let col: &'static str = match code.as_str() {
                "301" => "301",
                "311" => "311",
                "321" => "321",
                _ => "322",
            };
            if *c != 0 {
                *m.increase.entry((col, inc)).or_default() += c;
            }
            if *d != 0 {
                *m.decrease.entry((col, dec)).or_default() += d;
            }
        }
        if !carries {
            let net_332: i64 = lines.iter().filter(|(c, _, _)| c == "332").map(|(_, d, c)| c - d).sum();
            m.other_to_332 += net_332 + dist_credits;
        }
    }
    m
}

const SURPLUS_LAYOUT: &[(u32, &str, u8, &str, &str)] = &[
    (1, "一、经营收入", 0, "item", "501 本年贷方发生额（不含年终结转）"),
    (2, "加：投资收益", 1, "item", "511"),
    (3, "减：经营支出", 1, "item", "521 本年借方发生额"),
    (4, "税金及附加", 1, "item", "522"),
    (5, "管理费用", 1, "item", "523"),
    (6, "财务费用", 1, "item", "524"),
    (10, "二、经营收益", 0, "total", "行1+行2−行3−行4−行5−行6"),
    (11, "加：其他收入", 1, "item", "502"),
    (12, "减：其他支出", 1, "item", "529"),
    (13, "三、盈余总额", 0, "total", "行10+行11−行12"),
    (14, "减：所得税费用", 1, "item", "531"),
    (15, "四、本年盈余", 0, "total", "行13−行14"),
    (16, "五、本年盈余", 0, "item", "行15"),
    (17, "加：年初未分配盈余", 1, "item", "年初 331+332+尚未结转的损益"),
    (18, "其他转入", 1, "item", "本年转入 332 的其他金额（如盈余公积弥补亏损）"),
    (21, "六、可分配盈余", 0, "total", "行16+行17+行18"),
    (22, "减：提取盈余公积", 1, "item", "借记 332 贷记 322"),
    (23, "盈余返还", 1, "item", "借记 332 贷记 221"),
    (24, "剩余盈余分配", 1, "item", "借记 332 贷记 222"),
    (28, "七、年末未分配盈余", 0, "total", "行21−行22−行23−行24"),
];

/// 会农社02 盈余及盈余分配表 for `year`, with last year beside it.
pub fn surplus_statement(conn: &Connection, year: i32) -> Result<Statement> {
    check_year(year)?;
    let chart = Chart::load(conn)?;
    let this = surplus_figures(conn, &chart, year)?;
    let last = surplus_figures(conn, &chart, year - 1)?;
    let mut main = Vec::new();
    let mut dist = Vec::new();
    for (line, label, indent, kind, formula) in SURPLUS_LAYOUT {
        let r = row(
            Some(*line),
            label,
            *indent,
            kind,
            formula,
            vec![Some(Money(this.lines[line])), Some(Money(last.lines[line]))],
        );
        if *line <= 15 {
            main.push(r);
        } else {
            dist.push(r);
        }
    }
    let checks = vec![
        check(
            "surplus-undistributed",
            "年末未分配盈余（行28）= 账面 331+332+尚未结转的损益（资产负债表行50）",
            "undistributed surplus at year end (line 28) = 331 + 332 + P&L not yet carried in the ledger (balance sheet line 50)",
            Money(this.lines[&28]),
            Money(this.ledger_end),
        ),
        check(
            "surplus-undistributed-last-year",
            "上年：年末未分配盈余（行28）= 账面 331+332+尚未结转的损益",
            "last year: undistributed surplus (line 28) = the ledger's",
            Money(last.lines[&28]),
            Money(last.ledger_end),
        ),
    ];
    Ok(Statement {
        kind: "surplus".into(),
        form: "会农社02表".into(),
        title: "盈余及盈余分配表".into(),
        coop: coop_name(conn)?,
        period: format!("{year}年度"),
        year,
        date: year_end(year),
        columns: vec!["本年金额".into(), "上年金额".into()],
        blocks: vec![
            StatementBlock { title: "本年盈余".into(), rows: main },
            StatementBlock { title: "盈余分配".into(), rows: dist },
        ],
        side_by_side: false,
        ok: checks.iter().all(|c| c.ok),
        checks,
    })
}

const EQUITY_INCREASE: &[&str] = &[
    "成员出资",
    "盈余返还转为出资",
    "资本公积转增",
    "盈余公积转增",
    "国家财政补助及捐赠",
    "股金溢价及资产评估增值",
    "从盈余中提取",
    "本年盈余",
    "其他增加",
];
const EQUITY_DECREASE: &[&str] =
    &["发还成员出资", "转增股金", "弥补亏损", "提取盈余公积", "盈余返还", "剩余盈余分配", "本年亏损", "其他减少"];
const EQUITY_COLUMNS: &[&str] = &["301", "311", "321", "322", "undistributed"];

/// 会农社03 成员权益变动表 for `year`: 股金, 专项基金, 资本公积, 盈余公积, 未分配盈余 and the total.
pub fn equity_changes(conn: &Connection, year: i32) -> Result<Statement> {
    check_year(year)?;
    let chart = Chart::load(conn)?;
    let start = Balances::at(conn, &chart, &year_end(year - 1))?;
    let end = Balances::at(conn, &chart, &year_end(year))?;
    let s = surplus_figures(conn, &chart, year)?;
    let mut moves = analyse(&equity_lines(conn, year)?);
    // The 未分配盈余 column comes from 02: the surplus (or loss), other transfers, the distribution.
    let u = "undistributed";
    let surplus = s.lines[&15];
    *moves.increase.entry((u, "本年盈余")).or_default() += surplus.max(0);
    *moves.decrease.entry((u, "本年亏损")).or_default() += (-surplus).max(0);
    let other = s.lines[&18];
    *moves.increase.entry((u, "其他增加")).or_default() += other.max(0);
    *moves.decrease.entry((u, "其他减少")).or_default() += (-other).max(0);
    *moves.decrease.entry((u, "提取盈余公积")).or_default() += s.lines[&22];
    *moves.decrease.entry((u, "盈余返还")).or_default() += s.lines[&23];
    *moves.decrease.entry((u, "剩余盈余分配")).or_default() += s.lines[&24];
    let bal = |b: &Balances, col: &str| if col == u { b.undistributed() } else { b.cr(&[col]) };
    let with_total = |v: Vec<i64>| -> Vec<Option<Money>> {
        let t: i64 = v.iter().sum();
        v.into_iter().chain(std::iter::once(t)).map(|x| Some(Money(x))).collect()
    };
    let opening: Vec<i64> = EQUITY_COLUMNS.iter().map(|c| bal(&start, c)).collect();
    let closing_ledger: Vec<i64> = EQUITY_COLUMNS.iter().map(|c| bal(&end, c)).collect();
    let sum_of = |map: &HashMap<(&'static str, &'static str), i64>, cats: &[&str]| -> Vec<i64> {
        EQUITY_COLUMNS
            .iter()
            .map(|col| cats.iter().map(|cat| map.get(&(*col, *cat)).copied().unwrap_or(0)).sum())
            .collect()
    };
    let inc = sum_of(&moves.increase, EQUITY_INCREASE);
    let dec = sum_of(&moves.decrease, EQUITY_DECREASE);
    let closing: Vec<i64> = (0..EQUITY_COLUMNS.len()).map(|i| opening[i] + inc[i] - dec[i]).collect();
    let mut rows = vec![row(
        Some(1),
        "一、年初余额",
        0,
        "total",
        "上年末 301、311、321、322；331+332+尚未结转的损益",
        with_total(opening.clone()),
    )];
    rows.push(row(Some(2), "二、本年增加数", 0, "total", "各项增加之和", with_total(inc.clone())));
    let mut line = 3;
    let detail = |map: &HashMap<(&'static str, &'static str), i64>, cat: &str| -> Vec<Option<Money>> {
        let v: Vec<i64> = EQUITY_COLUMNS.iter().map(|col| map.get(&(*col, cat)).copied().unwrap_or(0)).collect();
        let t: i64 = v.iter().sum();
        v.into_iter().map(|x| (x != 0).then_some(Money(x))).chain(std::iter::once(Some(Money(t)))).collect()
    };
    for cat in EQUITY_INCREASE {
        rows.push(row(Some(line), &format!("其中：{cat}"), 2, "item", "", detail(&moves.increase, cat)));
        line += 1;
    }
    rows.push(row(Some(line), "三、本年减少数", 0, "total", "各项减少之和", with_total(dec.clone())));
    line += 1;
    for cat in EQUITY_DECREASE {
        rows.push(row(Some(line), &format!("其中：{cat}"), 2, "item", "", detail(&moves.decrease, cat)));
        line += 1;
    }
    rows.push(row(Some(line), "四、年末余额", 0, "total", "一+二−三", with_total(closing.clone())));
    let names = ["股金", "专项基金", "资本公积", "盈余公积", "未分配盈余"];
    let mut checks: Vec<StatementCheck> = (0..EQUITY_COLUMNS.len())
        .map(|i| {
            check(
                &format!("equity-{}", EQUITY_COLUMNS[i]),
                &format!("{}：年初余额+本年增加−本年减少 = 年末账面余额", names[i]),
                &format!("{}: opening + increases − decreases = the ledger's closing balance", names[i]),
                Money(closing[i]),
                Money(closing_ledger[i]),
            )
        })
        .collect();
    let bs = balance_sheet(conn, year, 12)?;
    let equity_total =
        bs.blocks[1].rows.iter().find(|r| r.line == Some(51)).and_then(|r| r.values[1]).unwrap_or_default();
    checks.push(check(
        "equity-balance-sheet",
        "年末余额合计 = 资产负债表所有者权益合计（行51）",
        "total equity at year end = the balance sheet's line 51",
        Money(closing.iter().sum()),
        equity_total,
    ));
    Ok(Statement {
        kind: "equity-changes".into(),
        form: "会农社03表".into(),
        title: "成员权益变动表".into(),
        coop: coop_name(conn)?,
        period: format!("{year}年度"),
        year,
        date: year_end(year),
        columns: names.iter().map(|s| s.to_string()).chain(std::iter::once("合计".to_string())).collect(),
        blocks: vec![StatementBlock { title: String::new(), rows }],
        side_by_side: false,
        ok: checks.iter().all(|c| c.ok),
        checks,
    })
}

/// The member account table (成员账户表) of every member for `year`: contribution, reserve share,
/// quantified subsidies, trade amount, patronage refund, residual surplus and the current account.
pub fn member_accounts(conn: &Connection, year: i32) -> Result<Statement> {
    check_year(year)?;
    let chart = Chart::load(conn)?;
    let end = year_end(year);
    let from = format!("{year:04}-01-01");
    let bal = |code: &str| crate::equity::shares::member_balances(conn, &chart, code, &end);
    let (capital, reserve, current) = (bal("301")?, bal("322")?, bal("114")?);
    let credited = |code: &str| -> Result<HashMap<i64, i64>> {
        let mut st = conn.prepare(
            "SELECT l.member_id, SUM(l.credit_fen) FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id JOIN accounts a ON a.id = l.account_id
             WHERE v.status = 'posted' AND substr(a.code, 1, 3) = ?1 AND l.date BETWEEN ?2 AND ?3 AND l.member_id IS NOT NULL GROUP BY l.member_id",
        )?;
        let rows = st.query_map(params![code, from, end], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let (patronage, residual) = (credited("221")?, credited("222")?);
    let mut subsidy: HashMap<i64, i64> = HashMap::new();
    {
        let mut st = conn.prepare("SELECT member_id, SUM(amount_fen) FROM contributions WHERE kind = 'subsidy' AND date <= ?1 AND reversal_voucher_id IS NULL GROUP BY member_id")?;
        let rows = st.query_map([&end], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for r in rows {
            let (m, a) = r?;
            subsidy.insert(m, a);
        }
    }
    let trade: HashMap<i64, Money> =
        crate::business::trade::member_trade(conn, year)?.members.into_iter().map(|t| (t.no, t.amount)).collect();
    let mut st = conn.prepare("SELECT id, no, name FROM members WHERE joined <= ?1 OR id IN (SELECT member_id FROM voucher_lines WHERE member_id IS NOT NULL) ORDER BY no")?;
    let members = st
        .query_map([&end], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut rows = Vec::new();
    let mut totals = [0i64; 7];
    for (id, no, name) in members {
        let g = |m: &HashMap<i64, i64>| m.get(&id).copied().unwrap_or(0);
        let v = [
            g(&capital),
            g(&reserve),
            g(&subsidy),
            trade.get(&no).copied().unwrap_or_default().fen(),
            g(&patronage),
            g(&residual),
            g(&current),
        ];
        for (t, x) in totals.iter_mut().zip(v) {
            *t += x;
        }
        rows.push(StatementRow {
            line: Some(u32::try_from(no).unwrap_or(0)),
            label: name,
            indent: 1,
            kind: "item",
            formula: String::new(),
            values: v.into_iter().map(|x| Some(Money(x))).collect(),
        });
    }
    rows.push(row(None, "合计", 0, "total", "", totals.into_iter().map(|x| Some(Money(x))).collect()));
    let b = Balances::at(conn, &chart, &end)?;
    let checks = vec![
        check(
            "members-capital",
            "成员出资合计 = 股金（301）年末余额",
            "members' contributions = 301 at year end",
            Money(totals[0]),
            Money(b.cr(&["301"])),
        ),
        check(
            "members-reserve",
            "公积金份额合计 = 盈余公积（322）年末余额",
            "members' reserve shares = 322 at year end",
            Money(totals[1]),
            Money(b.cr(&["322"])),
        ),
        check(
            "members-current",
            "成员往来合计 = 成员往来（114）年末余额",
            "members' current accounts = 114 at year end",
            Money(totals[6]),
            Money(b.dr(&["114"])),
        ),
    ];
    Ok(Statement {
        kind: "member-accounts".into(),
        form: String::new(),
        title: "成员账户表".into(),
        coop: coop_name(conn)?,
        period: format!("{year}年度"),
        year,
        date: end,
        columns: ["出资额", "公积金份额", "补助及捐赠量化", "交易额", "盈余返还", "剩余盈余", "成员往来余额"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        blocks: vec![StatementBlock { title: String::new(), rows }],
        side_by_side: false,
        ok: checks.iter().all(|c| c.ok),
        checks,
    })
}

/// The general ledger (总账) of `year`: for every top-level account with a balance or a movement,
/// the opening balance, each month's debits, credits and balance, and the year's totals. Balances
/// are in the account's normal direction (named in the block's title).
pub fn general_ledger(conn: &Connection, year: i32) -> Result<Statement> {
    check_year(year)?;
    let chart = Chart::load(conn)?;
    let mut snapshots = vec![roll_up(&chart, &cumulative(conn, &year_end(year - 1), None)?)];
    for m in 1..=12 {
        snapshots.push(roll_up(&chart, &cumulative(conn, &crate::base::date::month_end(year, m), None)?));
    }
    let mut blocks = Vec::new();
    let (mut td, mut tc) = (0, 0);
    for a in chart.accounts.iter().filter(|a| a.parent.is_none()) {
        let at = |i: usize| snapshots[i].get(&a.code).copied().unwrap_or((0, 0));
        let bal = |i: usize| {
            let (d, c) = at(i);
            Money(a.direction * (d - c))
        };
        let (d0, c0) = at(0);
        let (d12, c12) = at(12);
        if bal(0).is_zero() && d12 == d0 && c12 == c0 {
            continue;
        }
        let mut rows = vec![row(None, "上年结转", 1, "item", "", vec![None, None, Some(bal(0))])];
        for m in 1..=12usize {
            let ((pd, pc), (d, c)) = (at(m - 1), at(m));
            if d != pd || c != pc {
                rows.push(row(
                    Some(u32::try_from(m).unwrap_or(0)),
                    &format!("{m}月 本月合计"),
                    1,
                    "item",
                    "",
                    vec![Some(Money(d - pd)), Some(Money(c - pc)), Some(bal(m))],
                ));
            }
        }
        rows.push(row(
            None,
            "本年累计",
            0,
            "total",
            "",
            vec![Some(Money(d12 - d0)), Some(Money(c12 - c0)), Some(bal(12))],
        ));
        td += d12 - d0;
        tc += c12 - c0;
        blocks.push(StatementBlock { title: format!("{} {}（{}）", a.code, a.name, a.direction_zh()), rows });
    }
    let checks = vec![check(
        "general-ledger",
        "全部总账科目本年借方发生额 = 贷方发生额",
        "the year's debits = credits over all accounts",
        Money(td),
        Money(tc),
    )];
    Ok(Statement {
        kind: "general-ledger".into(),
        form: String::new(),
        title: "总账".into(),
        coop: coop_name(conn)?,
        period: format!("{year}年度"),
        year,
        date: year_end(year),
        columns: vec!["借方".into(), "贷方".into(), "余额".into()],
        blocks,
        side_by_side: false,
        ok: checks.iter().all(|c| c.ok),
        checks,
    })
}

/// The statement kinds by their command-line names.
pub const KINDS: &[&str] = &["balance-sheet", "surplus", "equity-changes", "member-accounts", "general-ledger"];

/// A statement by kind: `month` is used by the balance sheet only (default December).
pub fn statement(conn: &Connection, kind: &str, year: i32, month: Option<u32>) -> Result<Statement> {
    match kind {
        "balance-sheet" => balance_sheet(conn, year, month.unwrap_or(12)),
        "surplus" => surplus_statement(conn, year),
        "equity-changes" => equity_changes(conn, year),
        "member-accounts" => member_accounts(conn, year),
        "general-ledger" => general_ledger(conn, year),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_balance_sheet_reads_every_top_level_account_once() {
        let mut seen: Vec<&str> = Vec::new();
        for (_, _, _, _, _, f) in ASSETS.iter().chain(CLAIMS) {
            match f {
                F::Dr(c) | F::Cr(c) => seen.extend(c.iter()),
                F::Receivables => seen.extend(["113", "114"]),
                F::Payables => seen.extend(["211"]),
                F::Undistributed => seen.extend(["331", "332"]),
                F::Lines(_) => {}
            }
        }
        let mut s = seen.clone();
        s.sort();
        let mut want: Vec<&str> = BS_ACCOUNTS.to_vec();
        want.sort();
        // 114 appears twice (its debit and credit members), every other code once.
        s.dedup();
        assert_eq!(s, want);
        let chart: Vec<&str> = crate::ledger::account::CHART.iter().filter(|c| c.2 != "pnl").map(|c| c.0).collect();
        let mut chart_sorted = chart.clone();
        chart_sorted.sort();
        assert_eq!(want, chart_sorted);
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
