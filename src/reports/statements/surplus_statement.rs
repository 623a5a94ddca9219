//! 会农社02 盈余及盈余分配表: the year's surplus and what was done with it.

use super::balance_sheet::Balances;
use super::equity_changes::{analyse, equity_lines};
use super::form::{check, check_year, coop_name, row, Statement, StatementBlock};
use crate::base::date::year_end;
use crate::base::error::Result;
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::yearend::surplus::pnl_of_year;
use rusqlite::Connection;
use std::collections::HashMap;

/// The figures of 会农社02 for one year, by line.
pub(crate) struct SurplusFigures {
    pub(crate) lines: HashMap<u32, i64>,
    /// 331 + 332 + P&L not carried at the year's end, from the ledger.
    pub(crate) ledger_end: i64,
}

pub(crate) fn surplus_figures(conn: &Connection, chart: &Chart, year: i32) -> Result<SurplusFigures> {
    let p = pnl_of_year(conn, chart, year)?;
    let g = |c: &str| p.get(c).copied().unwrap_or(0);
    let mut l: HashMap<u32, i64> = HashMap::new();
    l.insert(1, g("501"));
    l.insert(2, g("511"));
    l.insert(3, -g("521"));
    l.insert(4, -g("522"));
    l.insert(5, -g("523"));
    l.insert(6, -g("524"));
    l.insert(7, l[&1] + l[&2] - l[&3] - l[&4] - l[&5] - l[&6]);
    l.insert(8, g("502"));
    l.insert(9, -g("529"));
    l.insert(10, l[&7] + l[&8] - l[&9]);
    l.insert(11, -g("531"));
    l.insert(12, l[&10] - l[&11]);
    let start = Balances::at(conn, chart, &year_end(year - 1))?;
    let end = Balances::at(conn, chart, &year_end(year))?;
    l.insert(13, start.undistributed());
    // What 332 各项分配 moved in the year, by the vouchers dated in it: a plan the members' meeting
    // approved after 31 December shows in the next year's form (lines 15, 17–19), against the
    // 年初未分配盈余 (line 13) the close carried.
    let a = analyse(&equity_lines(conn, year)?);
    l.insert(14, a.other_to_332);
    l.insert(15, a.reserve);
    l.insert(16, l[&12] + l[&13] + l[&14] - l[&15]);
    l.insert(17, a.patronage);
    l.insert(18, a.residual);
    l.insert(19, a.to_shares);
    l.insert(20, l[&16] - l[&17] - l[&18] - l[&19]);
    Ok(SurplusFigures { lines: l, ledger_end: end.undistributed() })
}

/// 会农社02 盈余及盈余分配表 of 财会〔2021〕37号 (附录 合作社会计科目和财务报表), lines 1–20:
/// (line, label as printed, indent, kind, how it is made).
pub(crate) const SURPLUS_LAYOUT: &[(u32, &str, u8, &str, &str)] = &[
    (1, "一、经营收入", 0, "item", "501 本年发生额（不含年终结转）"),
    (2, "加：投资收益", 1, "item", "511"),
    (3, "减：经营支出", 1, "item", "521"),
    (4, "税金及附加", 1, "item", "522"),
    (5, "管理费用", 1, "item", "523"),
    (6, "财务费用", 1, "item", "524"),
    (7, "二、经营收益", 0, "total", "行1+行2−行3−行4−行5−行6"),
    (8, "加：其他收入", 1, "item", "502"),
    (9, "减：其他支出", 1, "item", "529"),
    (10, "三、盈余总额", 0, "total", "行7+行8−行9"),
    (11, "减：所得税费用", 1, "item", "531"),
    (12, "四、本年盈余", 0, "total", "行10−行11"),
    (13, "加：年初未分配盈余", 1, "item", "年初 331+332+尚未结转的损益"),
    (14, "其他转入", 1, "item", "本年转入 332 的其他金额（如盈余公积弥补亏损）"),
    (15, "减：提取盈余公积", 1, "item", "借记 332 各项分配、贷记 322"),
    (16, "五、可分配盈余", 0, "total", "行12+行13+行14−行15"),
    (17, "减：盈余返还", 1, "item", "借记 332 各项分配、贷记 221"),
    (18, "剩余盈余分配", 1, "item", "借记 332 各项分配、贷记 222"),
    (19, "转为成员出资", 1, "item", "借记 332 各项分配、贷记 301"),
    (20, "六、年末未分配盈余", 0, "total", "行16−行17−行18−行19"),
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
        if *line <= 12 {
            main.push(r);
        } else {
            dist.push(r);
        }
    }
    let mut checks = vec![
        check(
            "surplus-undistributed",
            "年末未分配盈余（行20）= 账面 331+332+尚未结转的损益（资产负债表行40）",
            "undistributed surplus at year end (line 20) = 331 + 332 + P&L not yet carried in the ledger (balance \
                sheet line 40)",
            Money(this.lines[&20]),
            Money(this.ledger_end),
        ),
        check(
            "surplus-undistributed-last-year",
            "上年：年末未分配盈余（行20）= 账面 331+332+尚未结转的损益",
            "last year: undistributed surplus (line 20) = the ledger's",
            Money(last.lines[&20]),
            Money(last.ledger_end),
        ),
    ];
    // The plan that shared out this year's surplus was computed on this surplus: a voucher posted
    // after it (a stale plan) shows here even when the ledger agrees with itself.
    if let Some(plan) = crate::yearend::distribution::saved(conn, year)?
        .filter(|p| p.saved_status().is_some_and(crate::yearend::distribution::PlanStatus::is_posted))
    {
        checks.push(check(
            "surplus-distributed-plan",
            "本年盈余（行12）= 已记账的盈余分配方案所依据的本年盈余",
            "the year's surplus (line 12) = the surplus the posted distribution plan shared out",
            Money(this.lines[&12]),
            plan.surplus,
        ));
    }
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
