//! 会农社01 资产负债表: the balance sheet at the end of a month, from the accounts' balances.

use super::form::{check, check_year, coop_name, heading, row, Statement, StatementBlock};
use crate::base::date::year_end;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::balances::{cumulative, roll_up};
use rusqlite::Connection;
use std::collections::HashMap;

/// The ledger at one date, as the statements read it.
pub(crate) struct Balances {
    /// Debit-positive balance of every account code (parents are sums of children).
    pub(crate) by_code: HashMap<String, i64>,
    /// 114 成员往来 split by member: debit balances (members owe the co-op) and credit balances
    /// (the co-op owes members), as positive numbers.
    pub(crate) receivable_114: i64,
    pub(crate) payable_114: i64,
    /// P&L not yet carried to 331 (credit-positive): income less expenses of every year not closed.
    pub(crate) pnl_open: i64,
}

impl Balances {
    pub(crate) fn at(conn: &Connection, chart: &Chart, date: &str) -> Result<Balances> {
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
    pub(crate) fn dr(&self, codes: &[&str]) -> i64 {
        codes.iter().map(|c| self.by_code.get(*c).copied().unwrap_or(0)).sum()
    }

    /// Credit-positive sum of the accounts.
    pub(crate) fn cr(&self, codes: &[&str]) -> i64 {
        -self.dr(codes)
    }

    /// 未分配盈余: 331 + 332 + the P&L not yet carried, credit-positive.
    pub(crate) fn undistributed(&self) -> i64 {
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

/// 会农社01 资产负债表 of 财会〔2021〕37号 (附录 合作社会计科目和财务报表), the assets side: lines
/// 1–22, 货币资金 1 … 固定资产清理 14, 固定资产小计 15 … 资产总计 22. 181 待处理财产损溢 has no line:
/// it must be cleared before a period closes (a close blocker, and a check of this statement).
const ASSETS: &[Line] = &[
    (1, "货币资金", 1, "item", "101+102+109", F::Dr(&["101", "102", "109"])),
    (2, "应收款项", 1, "item", "113+114借方余额（按成员）", F::Receivables),
    (3, "存货", 1, "item", "121+122+124+125+127+128+401", F::Dr(&["121", "122", "124", "125", "127", "128", "401"])),
    (4, "消耗性生物资产", 1, "item", "141", F::Dr(&["141"])),
    (5, "流动资产合计", 0, "total", "行1+行2+行3+行4", F::Lines(&[(1, 1), (1, 2), (1, 3), (1, 4)])),
    (6, "对外投资", 1, "item", "131", F::Dr(&["131"])),
    (7, "生产性生物资产原值", 1, "item", "142", F::Dr(&["142"])),
    (8, "减：生产性生物资产累计折旧", 1, "item", "143（贷方余额）", F::Cr(&["143"])),
    (9, "生产性生物资产净值", 1, "item", "行7−行8", F::Lines(&[(1, 7), (-1, 8)])),
    (10, "固定资产原值", 1, "item", "151", F::Dr(&["151"])),
    (11, "减：累计折旧", 1, "item", "152（贷方余额）", F::Cr(&["152"])),
    (12, "固定资产净值", 1, "item", "行10−行11", F::Lines(&[(1, 10), (-1, 11)])),
    (13, "在建工程", 1, "item", "153", F::Dr(&["153"])),
    (14, "固定资产清理", 1, "item", "154", F::Dr(&["154"])),
    (15, "固定资产小计", 1, "total", "行12+行13+行14", F::Lines(&[(1, 12), (1, 13), (1, 14)])),
    (16, "无形资产原值", 1, "item", "161", F::Dr(&["161"])),
    (17, "减：累计摊销", 1, "item", "162（贷方余额）", F::Cr(&["162"])),
    (18, "无形资产净值", 1, "item", "行16−行17", F::Lines(&[(1, 16), (-1, 17)])),
    (19, "公益性生物资产", 1, "item", "144", F::Dr(&["144"])),
    (20, "长期待摊费用", 1, "item", "171", F::Dr(&["171"])),
    (
        21,
        "非流动资产合计",
        0,
        "total",
        "行6+行9+行15+行18+行19+行20",
        F::Lines(&[(1, 6), (1, 9), (1, 15), (1, 18), (1, 19), (1, 20)]),
    ),
    (22, "资产总计", 0, "total", "行5+行21", F::Lines(&[(1, 5), (1, 21)])),
];

/// The liabilities and equity side of 会农社01: lines 23–42, … 未分配盈余 40, 所有者权益合计 41,
/// 负债和所有者权益总计 42.
const CLAIMS: &[Line] = &[
    (23, "短期借款", 1, "item", "201", F::Cr(&["201"])),
    (24, "应付款项", 1, "item", "211+114贷方余额（按成员）", F::Payables),
    (25, "应付工资", 1, "item", "212", F::Cr(&["212"])),
    (26, "应付劳务费", 1, "item", "213", F::Cr(&["213"])),
    (27, "应交税费", 1, "item", "214", F::Cr(&["214"])),
    (28, "应付利息", 1, "item", "215", F::Cr(&["215"])),
    (29, "应付盈余返还", 1, "item", "221", F::Cr(&["221"])),
    (30, "应付剩余盈余", 1, "item", "222", F::Cr(&["222"])),
    (
        31,
        "流动负债合计",
        0,
        "total",
        "行23至行30",
        F::Lines(&[(1, 23), (1, 24), (1, 25), (1, 26), (1, 27), (1, 28), (1, 29), (1, 30)]),
    ),
    (32, "长期借款", 1, "item", "231", F::Cr(&["231"])),
    (33, "专项应付款", 1, "item", "235", F::Cr(&["235"])),
    (34, "非流动负债合计", 0, "total", "行32+行33", F::Lines(&[(1, 32), (1, 33)])),
    (35, "负债合计", 0, "total", "行31+行34", F::Lines(&[(1, 31), (1, 34)])),
    (36, "股金", 1, "item", "301", F::Cr(&["301"])),
    (37, "专项基金", 1, "item", "311", F::Cr(&["311"])),
    (38, "资本公积", 1, "item", "321", F::Cr(&["321"])),
    (39, "盈余公积", 1, "item", "322", F::Cr(&["322"])),
    (40, "未分配盈余", 1, "item", "331+332+尚未结转的损益（5xx）", F::Undistributed),
    (
        41,
        "所有者权益合计",
        0,
        "total",
        "行36+行37+行38+行39+行40",
        F::Lines(&[(1, 36), (1, 37), (1, 38), (1, 39), (1, 40)]),
    ),
    (42, "负债和所有者权益总计", 0, "total", "行35+行41", F::Lines(&[(1, 35), (1, 41)])),
];

/// The line of 会农社01 that carries 资产总计, 负债和所有者权益总计, 所有者权益合计, 未分配盈余.
pub(crate) const TOTAL_ASSETS: u32 = 22;
pub(crate) const TOTAL_CLAIMS: u32 = 42;
pub(crate) const TOTAL_EQUITY: u32 = 41;

/// The sub-headings of the balance sheet, placed before the line they head.
const SUBHEADS: &[(u32, &str)] =
    &[(1, "流动资产："), (6, "非流动资产："), (23, "流动负债："), (32, "非流动负债："), (36, "所有者权益：")];

/// Every top-level account the balance sheet reads (P&L through 未分配盈余); 181 is read by its
/// check instead of a line.
#[cfg(test)]
const BS_ACCOUNTS: &[&str] = &[
    "101", "102", "109", "113", "114", "121", "122", "124", "125", "127", "128", "401", "141", "131", "142", "143",
    "144", "151", "152", "154", "153", "161", "162", "171", "201", "211", "212", "213", "214", "215", "221", "222",
    "231", "235", "301", "311", "321", "322", "331", "332",
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
            // The 2021 form's columns: 期末余额, then 年初余额.
            rows.push(row(Some(*line), label, *indent, kind, formula, vec![Some(Money(e[i].1)), Some(Money(s[i].1))]));
        }
        blocks.push(StatementBlock { title: title.into(), rows });
    }
    let checks = vec![
        check(
            "balance-sheet-start",
            "年初余额：资产总计（行22）= 负债和所有者权益总计（行42）",
            "year start: total assets (line 22) = total liabilities and equity (line 42)",
            Money(vs[&TOTAL_ASSETS]),
            Money(vs[&TOTAL_CLAIMS]),
        ),
        check(
            "balance-sheet-end",
            "期末余额：资产总计（行22）= 负债和所有者权益总计（行42）",
            "period end: total assets (line 22) = total liabilities and equity (line 42)",
            Money(ve[&TOTAL_ASSETS]),
            Money(ve[&TOTAL_CLAIMS]),
        ),
        // 财会〔2021〕37号, 181 待处理财产损溢: "本科目期末应无余额" — losses and gains found in a count
        // are dealt with before the period closes; the form has no line for them.
        check(
            "balance-sheet-181",
            "期末 181 待处理财产损溢无余额（须在结账前处理完毕）",
            "181 (assets pending disposal) has no balance at the period end (clear it before closing)",
            Money(end.dr(&["181"])),
            Money::ZERO,
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
        columns: vec!["期末余额".into(), "年初余额".into()],
        blocks,
        side_by_side: true,
        ok: checks.iter().all(|c| c.ok),
        checks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 会农社01 of 财会〔2021〕37号: lines 1–22 on the assets side and 23–42 on the other, each once,
    /// in order, with the anchors the form gives (固定资产清理 14, 固定资产小计 15, 资产总计 22,
    /// 未分配盈余 40, 所有者权益合计 41, 负债和所有者权益总计 42).
    #[test]
    fn the_lines_are_the_2021_forms() {
        let a: Vec<u32> = ASSETS.iter().map(|l| l.0).collect();
        let c: Vec<u32> = CLAIMS.iter().map(|l| l.0).collect();
        assert_eq!(a, (1..=22).collect::<Vec<_>>());
        assert_eq!(c, (23..=42).collect::<Vec<_>>());
        let name = |n: u32| ASSETS.iter().chain(CLAIMS).find(|l| l.0 == n).map(|l| l.1).unwrap();
        assert_eq!(
            [14, 15, 22, 40, 41, 42].map(name),
            ["固定资产清理", "固定资产小计", "资产总计", "未分配盈余", "所有者权益合计", "负债和所有者权益总计"]
        );
    }

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
        // Every balance-sheet account of the chart but 181, which has no line (it is checked nil).
        let chart: Vec<&str> =
            crate::ledger::account::CHART.iter().filter(|c| c.2 != "pnl" && c.0 != "181").map(|c| c.0).collect();
        let mut chart_sorted = chart.clone();
        chart_sorted.sort();
        assert_eq!(want, chart_sorted);
    }
}
