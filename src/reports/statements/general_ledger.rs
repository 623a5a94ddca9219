//! 总账: each top-level account's opening balance, monthly movements and closing balance.

use super::form::{check, check_year, coop_name, row, Statement, StatementBlock};
use crate::base::date::year_end;
use crate::base::error::Result;
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::balances::{cumulative, roll_up};
use rusqlite::Connection;

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
