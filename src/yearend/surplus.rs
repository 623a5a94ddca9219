//! The surplus of a year (盈余), in one place: the year's income less its expenses over the P&L
//! accounts with the year-close vouchers that carry them to 331 left out (so the figure is the same
//! before and after the year is closed), the losses carried from earlier years on 332, and which
//! vouchers are those closing vouchers. The distribution, the year close, the statements and the
//! township all read the surplus from here.

use crate::base::date::year_end;
use crate::base::error::Result;
use crate::ledger::account::Chart;
use crate::ledger::balances::{cumulative, roll_up};
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

/// The year-close vouchers of `year` (they carry P&L into 331 and 331 into 332).
pub fn closing_vouchers(conn: &Connection, year: i32) -> Result<HashSet<i64>> {
    let mut st = conn.prepare_cached("SELECT pnl_voucher_id, transfer_voucher_id FROM year_closes WHERE year = ?1")?;
    let mut out = HashSet::new();
    let mut rows = st.query([year])?;
    while let Some(r) = rows.next()? {
        for i in 0..2 {
            if let Some(id) = r.get::<_, Option<i64>>(i)? {
                out.insert(id);
            }
        }
    }
    Ok(out)
}

/// The P&L of a year: credit-positive movement of each top-level P&L account, year-close vouchers
/// left out.
pub(crate) fn pnl_of_year(conn: &Connection, chart: &Chart, year: i32) -> Result<HashMap<String, i64>> {
    let start = roll_up(chart, &cumulative(conn, &year_end(year - 1), None)?);
    let end = roll_up(chart, &cumulative(conn, &year_end(year), None)?);
    let mut out = HashMap::new();
    for a in chart.accounts.iter().filter(|a| a.parent.is_none() && a.class == "pnl") {
        let net = |m: &HashMap<String, (i64, i64)>| m.get(&a.code).map(|(d, c)| c - d).unwrap_or(0);
        out.insert(a.code.clone(), net(&end) - net(&start));
    }
    let closing = closing_vouchers(conn, year)?;
    if !closing.is_empty() {
        let ids = closing.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let mut st = conn.prepare(&format!(
            "SELECT substr(a.code, 1, 3), SUM(l.credit_fen - l.debit_fen) FROM voucher_lines l JOIN accounts a ON \
                a.id = l.account_id
             WHERE l.voucher_id IN ({ids}) AND a.class = 'pnl' GROUP BY 1"
        ))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            *out.entry(r.get(0)?).or_default() -= r.get::<_, i64>(1)?;
        }
    }
    Ok(out)
}

/// The year's surplus S (本年盈余): income less expenses, year-close vouchers left out.
pub fn surplus_of_year(conn: &Connection, chart: &Chart, year: i32) -> Result<i64> {
    Ok(pnl_of_year(conn, chart, year)?.values().sum())
}

/// Balances of the year-end ledger the plan needs: (S, L, opening undistributed).
pub(crate) fn figures(conn: &Connection, chart: &Chart, year: i32) -> Result<(i64, i64, i64)> {
    let start = cumulative(conn, &format!("{:04}-12-31", year - 1), None)?;
    let net = |m: &HashMap<i64, (i64, i64)>, id: i64| m.get(&id).map(|(d, c)| c - d).unwrap_or(0);
    // S: the year's income less expenses (credit-positive over the P&L accounts), the year-close
    // vouchers that carry them into 331 left out.
    let surplus = surplus_of_year(conn, chart, year)?;
    // What stood undistributed at the year's start, wherever it sat: 331, 332 (either sub-account,
    // and 332 itself in a book from before them) and the P&L of an earlier year not yet closed
    // (its 各项分配 not yet carried either). In debit, losses carried; in credit, surplus not
    // distributed.
    let opening: i64 = chart
        .accounts
        .iter()
        .filter(|a| a.code.starts_with("331") || a.code.starts_with("332") || a.class == "pnl")
        .map(|a| net(&start, a.id))
        .sum();
    // An earlier year's plan the members' meeting approved in this year posts here: what it
    // distributes is not this year's to distribute again.
    let approved_here: i64 = conn.query_row(
        "SELECT COALESCE(SUM(l.reserve_fen + l.patronage_fen + l.residual_fen), 0) FROM distribution_lines l
         JOIN distribution_plans p ON p.year = l.year JOIN vouchers v ON v.id = p.post_voucher_id
         WHERE p.year < ?1 AND v.date BETWEEN ?2 AND ?3",
        rusqlite::params![year, format!("{year:04}-01-01"), year_end(year)],
        |r| r.get(0),
    )?;
    // Members who left during the year bore their part of those losses (Co-operative Law Art. 28:
    // the exit settlement credits it to 332): it is carried no longer.
    let borne = borne_by_leavers(conn, year)?;
    Ok((surplus, (-opening - borne).max(0), (opening - approved_here).max(0)))
}

/// What the exit settlements of `year` credited to 332: the carried losses the members who left
/// bore (see [`crate::equity::exit`]); a settlement reversed in red ink takes its part back.
fn borne_by_leavers(conn: &Connection, year: i32) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(l.credit_fen - l.debit_fen), 0) FROM voucher_lines l
         JOIN accounts a ON a.id = l.account_id JOIN vouchers v ON v.id = l.voucher_id
         WHERE a.code LIKE '332%' AND v.status = 'posted' AND l.date BETWEEN ?1 AND ?2
           AND l.voucher_id IN (
               WITH exits(id) AS (SELECT voucher_id FROM contributions
                                  WHERE detail LIKE '%\"exit\"%' AND voucher_id IS NOT NULL)
               SELECT id FROM exits UNION SELECT id FROM vouchers WHERE reverses_id IN (SELECT id FROM exits))",
        [format!("{year:04}-01-01"), year_end(year)],
        |r| r.get(0),
    )?)
}

/// (S, L): the year's surplus and the losses carried from earlier years.
pub(crate) fn surplus_and_losses(conn: &Connection, chart: &Chart, year: i32) -> Result<(i64, i64)> {
    let (s, l, _) = figures(conn, chart, year)?;
    Ok((s, l))
}
