//! The figures of the app's first screen (首页): money on hand, the year's income and expenses,
//! members, the collective's share against the charter minimum, and income by month.

use crate::base::error::Result;
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::balances::cumulative;
use crate::store::book::Book;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthAmount {
    /// `YYYY-MM`.
    pub month: String,
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dashboard {
    pub year: i32,
    /// Balances at the end of the year (or today, for the current year).
    pub cash: Money,
    pub bank: Money,
    pub other_money: Money,
    /// Income (5xx credit-normal accounts) and expenses (5xx debit-normal) of the year.
    pub income: Money,
    pub expenses: Money,
    pub surplus: Money,
    pub members: i64,
    pub share_capital: Money,
    /// The collective's part of the share capital (301), as a fraction `"0.4966"`; null when
    /// there is no share capital yet.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub collective_share: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    #[serde(with = "rust_decimal::serde::str")]
    pub collective_min_share: Decimal,
    /// The collective holds less than the charter's minimum.
    pub collective_below_minimum: bool,
    pub income_by_month: Vec<MonthAmount>,
}

impl Book {
    pub fn dashboard(&self, year: i32) -> Result<Dashboard> {
        let conn = &self.conn;
        let chart = Chart::load(conn)?;
        let end = format!("{year:04}-12-31");
        let start_before = format!("{:04}-12-31", year - 1);
        let at_end = cumulative(conn, &end, None)?;
        let before = cumulative(conn, &start_before, None)?;
        let balance = |code: &str, m: &HashMap<i64, (i64, i64)>| -> i64 {
            chart
                .accounts
                .iter()
                .filter(|a| a.leaf && a.code.starts_with(code))
                .filter_map(|a| m.get(&a.id).map(|(d, c)| a.direction * (d - c)))
                .sum()
        };
        let (mut income, mut expenses) = (0i64, 0i64);
        for a in chart.accounts.iter().filter(|a| a.leaf && a.class == "pnl") {
            let (d1, c1) = at_end.get(&a.id).copied().unwrap_or((0, 0));
            let (d0, c0) = before.get(&a.id).copied().unwrap_or((0, 0));
            let net = (d1 - d0) - (c1 - c0);
            if a.direction < 0 {
                income -= net;
            } else {
                expenses += net;
            }
        }
        let mut income_by_month = Vec::new();
        let mut st = conn.prepare_cached(
            "SELECT t.ym, SUM(t.credit_fen - t.debit_fen) FROM account_totals t JOIN accounts a ON a.id = t.account_id
             WHERE a.class = 'pnl' AND a.direction = -1 AND t.ym BETWEEN ?1 AND ?2 GROUP BY t.ym",
        )?;
        let by: HashMap<i64, i64> = st
            .query_map([i64::from(year) * 100 + 1, i64::from(year) * 100 + 12], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for m in 1..=12 {
            income_by_month.push(MonthAmount {
                month: format!("{year:04}-{m:02}"),
                amount: Money(by.get(&(i64::from(year) * 100 + m)).copied().unwrap_or(0)),
            });
        }
        let members: i64 =
            conn.query_row("SELECT COUNT(*) FROM members WHERE exited IS NULL OR exited > ?1", [&end], |r| r.get(0))?;
        let share_capital = balance("301", &at_end);
        let collective: i64 = {
            let coll =
                conn.query_row("SELECT id FROM members WHERE kind = 'collective' ORDER BY no LIMIT 1", [], |r| {
                    r.get::<_, i64>(0)
                });
            match coll {
                Ok(id) => {
                    let m = cumulative(conn, &end, Some(id))?;
                    chart
                        .accounts
                        .iter()
                        .filter(|a| a.leaf && a.code.starts_with("301"))
                        .filter_map(|a| m.get(&a.id).map(|(d, c)| c - d))
                        .sum()
                }
                Err(_) => 0,
            }
        };
        let min = self.coop()?.charter.collective_min_share;
        let share = (share_capital > 0).then(|| {
            (Decimal::from(collective) / Decimal::from(share_capital))
                .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        });
        Ok(Dashboard {
            year,
            cash: Money(balance("101", &at_end)),
            bank: Money(balance("102", &at_end)),
            other_money: Money(balance("109", &at_end)),
            income: Money(income),
            expenses: Money(expenses),
            surplus: Money(income - expenses),
            members,
            share_capital: Money(share_capital),
            collective_share: share.map(|s| format!("{s:.4}")),
            collective_min_share: min,
            collective_below_minimum: share.is_some_and(|s| s < min),
            income_by_month,
        })
    }
}
