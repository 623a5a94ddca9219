//! 成员账户: every member's contributions, reserve share, trade and surplus returned for a year.

use super::balance_sheet::Balances;
use super::form::{check, check_year, coop_name, row, Statement, StatementBlock, StatementRow};
use crate::base::date::year_end;
use crate::base::error::Result;
use crate::base::money::Money;
use crate::ledger::account::Chart;
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// What `year`'s surplus returned to each member on `code` (221 盈余返还 or 222 剩余盈余), by
/// member id, whenever the members' meeting approved it (a January meeting posts in the next year):
/// the lines of this year's plan posting, and any other credit dated in the year that is not some
/// year's plan posting.
pub(crate) fn returned(conn: &Connection, year: i32, code: &str) -> Result<HashMap<i64, i64>> {
    returned_of(conn, year, code, None)
}

/// [`returned`] for one member (`member_id`, read through the member index), or for all.
pub(crate) fn returned_of(
    conn: &Connection,
    year: i32,
    code: &str,
    member_id: Option<i64>,
) -> Result<HashMap<i64, i64>> {
    let only = if member_id.is_some() { "l.member_id = ?5" } else { "?5 IS NULL" };
    let mut st = conn.prepare_cached(&format!(
        "SELECT l.member_id, SUM(l.credit_fen) FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id JOIN \
            accounts a ON a.id = l.account_id
         WHERE {only} AND v.status = 'posted' AND substr(a.code, 1, 3) = ?1 AND l.member_id IS NOT NULL
           AND (v.id IN (SELECT post_voucher_id FROM distribution_plans WHERE year = ?4)
                OR (l.date BETWEEN ?2 AND ?3 AND v.id NOT IN (
                    SELECT post_voucher_id FROM distribution_plans WHERE post_voucher_id IS NOT NULL)))
         GROUP BY l.member_id"
    ))?;
    let rows = st.query_map(params![code, format!("{year:04}-01-01"), year_end(year), year, member_id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The member account table (成员账户表) of every member for `year`: contribution, reserve share,
/// quantified subsidies, trade amount, patronage refund, residual surplus and the current account.
pub fn member_accounts(conn: &Connection, year: i32) -> Result<Statement> {
    check_year(year)?;
    let chart = Chart::load(conn)?;
    let end = year_end(year);
    let bal = |code: &str| crate::equity::shares::member_balances(conn, &chart, code, &end);
    let (capital, reserve, current) = (bal("301")?, bal("322")?, bal("114")?);
    let (patronage, residual) = (returned(conn, year, "221")?, returned(conn, year, "222")?);
    let mut subsidy: HashMap<i64, i64> = HashMap::new();
    {
        let mut st = conn.prepare(
            "SELECT member_id, SUM(amount_fen) FROM contributions WHERE kind = 'subsidy' AND \
            date <= ?1 AND reversal_voucher_id IS NULL GROUP BY member_id",
        )?;
        let rows = st.query_map([&end], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for r in rows {
            let (m, a) = r?;
            subsidy.insert(m, a);
        }
    }
    let trade: HashMap<i64, Money> =
        crate::business::trade::member_trade(conn, year)?.members.into_iter().map(|t| (t.no, t.amount)).collect();
    let mut st = conn.prepare(
        "SELECT id, no, name FROM members WHERE joined <= ?1 OR id IN (SELECT member_id FROM \
        voucher_lines WHERE member_id IS NOT NULL) ORDER BY no",
    )?;
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
            label: name.clone(),
            name,
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
