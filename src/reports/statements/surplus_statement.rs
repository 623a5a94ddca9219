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
    let mut checks = vec![
        check(
            "surplus-undistributed",
            "年末未分配盈余（行28）= 账面 331+332+尚未结转的损益（资产负债表行50）",
            "undistributed surplus at year end (line 28) = 331 + 332 + P&L not yet carried in the ledger (balance \
                sheet line 50)",
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
    // The plan that shared out this year's surplus was computed on this surplus: a voucher posted
    // after it (a stale plan) shows here even when the ledger agrees with itself.
    if let Some(plan) = crate::yearend::distribution::saved(conn, year)?
        .filter(|p| p.saved_status().is_some_and(crate::yearend::distribution::PlanStatus::is_posted))
    {
        checks.push(check(
            "surplus-distributed-plan",
            "本年盈余（行15）= 已记账的盈余分配方案所依据的本年盈余",
            "the year's surplus (line 15) = the surplus the posted distribution plan shared out",
            Money(this.lines[&15]),
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
