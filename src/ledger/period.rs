//! Month close (结账) and reopen (反结账). A closed month accepts nothing: no voucher is entered,
//! reviewed, posted or deleted in it (checked in the core and by triggers). Months close in order
//! and reopen in reverse order, so a closed month never sits after an open one with entries.

use crate::base::date::{month_text, parse_month};
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::voucher::voucher_no;
use crate::store::book::Book;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Period {
    pub month: String,
    pub closed: bool,
    pub closed_by: Option<String>,
    pub closed_at: Option<String>,
    pub vouchers: i64,
    pub unposted: i64,
}

/// What a month-close check found: every blocker at once (empty when the month can close).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CloseCheck {
    pub month: String,
    pub ok: bool,
    pub blockers: Vec<crate::ErrorBody>,
}

/// Every reason month `ym` cannot close: already closed; vouchers not posted (named); gaps in the
/// numbering (named); an earlier month with vouchers still open; posted debits ≠ credits.
pub(crate) fn blockers(conn: &Connection, ym: i64) -> Result<Vec<Error>> {
    if month_is_closed(conn, ym)? {
        let m = month_text(ym);
        return Ok(vec![Error::new(
            "period-already-closed",
            format!("{m} 已经结账"),
            format!("{m} is already closed"),
        )]);
    }
    checks(conn, ym, true)
}

/// Whether the month `ym` is closed.
pub(crate) fn month_is_closed(conn: &Connection, ym: i64) -> Result<bool> {
    Ok(conn.query_row("SELECT 1 FROM periods WHERE ym = ?1", [ym], |_| Ok(())).optional()?.is_some())
}

/// What stops the open month `ym` from closing: vouchers not posted, a gap in the numbers, an
/// unbalanced month and — with `in_order` — an earlier month still open. The year close leaves the
/// order out: it closes the months itself, in order.
pub(crate) fn checks(conn: &Connection, ym: i64, in_order: bool) -> Result<Vec<Error>> {
    let m = month_text(ym);
    let mut out = Vec::new();
    let nos = |sql: &str| -> Result<Vec<String>> {
        let mut st = conn.prepare(sql)?;
        let rows = st.query_map([ym], |r| r.get::<_, i64>(0))?;
        Ok(rows.map(|s| s.map(voucher_no)).collect::<rusqlite::Result<_>>()?)
    };
    let unposted = nos("SELECT seq FROM vouchers WHERE ym = ?1 AND status != 'posted' ORDER BY seq")?;
    if !unposted.is_empty() {
        let list = unposted.join("、");
        out.push(Error::new(
            "period-has-unposted",
            format!("{m} 还有 {} 张凭证未记账（{list}），不能结账", unposted.len()),
            format!("{m} has {} voucher(s) not yet posted ({list}) and cannot be closed", unposted.len()),
        ));
    }
    // Numbers run 1…max without a hole (a hole is a draft deleted before later vouchers).
    let missing = nos(
        "WITH RECURSIVE n(seq) AS (SELECT 1 WHERE EXISTS (SELECT 1 FROM vouchers WHERE ym = ?1) UNION ALL SELECT seq \
            + 1 FROM n WHERE seq < (SELECT MAX(seq) FROM vouchers WHERE ym = ?1))
         SELECT seq FROM n WHERE seq NOT IN (SELECT seq FROM vouchers WHERE ym = ?1) ORDER BY seq",
    )?;
    if !missing.is_empty() {
        let list = missing.join("、");
        out.push(Error::new(
            "voucher-number-gap",
            format!("{m} 凭证号不连续，缺少 {list}（已删除的草稿留下的空号；该月下一张录入的凭证将补用空号）"),
            format!(
                "{m}'s voucher numbers have gaps: {list} missing (left by deleted drafts; the month's next \
                voucher entered takes the free number)"
            ),
        ));
    }
    let open_before: Option<i64> = conn.query_row(
        "SELECT MIN(ym) FROM vouchers WHERE ym < ?1 AND ym NOT IN (SELECT ym FROM periods)",
        [ym],
        |r| r.get(0),
    )?;
    if let Some(o) = open_before.filter(|_| in_order) {
        out.push(Error::new(
            "period-order",
            format!("请先结账 {}，再结账 {m}", month_text(o)),
            format!("close {} before {m}", month_text(o)),
        ));
    }
    let (debit, credit): (i64, i64) = conn.query_row(
        "SELECT COALESCE(SUM(l.debit_fen), 0), COALESCE(SUM(l.credit_fen), 0) FROM voucher_lines l JOIN vouchers v ON \
            v.id = l.voucher_id WHERE v.ym = ?1 AND v.status = 'posted'",
        [ym],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    // 财会〔2021〕37号, 181 待处理财产损溢: "本科目期末应无余额" — what a count found short or over is
    // approved and written off before the month closes (the balance sheet has no line for it).
    let pending: i64 = conn.query_row(
        "SELECT COALESCE(SUM(l.debit_fen - l.credit_fen), 0) FROM voucher_lines l JOIN vouchers v ON v.id = \
            l.voucher_id JOIN accounts a ON a.id = l.account_id
         WHERE a.code LIKE '181%' AND v.status = 'posted' AND v.ym <= ?1",
        [ym],
        |r| r.get(0),
    )?;
    if pending != 0 {
        out.push(Error::new(
            "pending-disposal",
            format!(
                "{m} 末 181 待处理财产损溢仍有余额 {}：盘盈、盘亏和毁损须经批准处理完毕后才能结账",
                Money(pending).grouped()
            ),
            format!(
                "181 (assets pending disposal) still has {} at the end of {m}: write off what the count found \
                before closing",
                Money(pending)
            ),
        ));
    }
    if debit != credit {
        out.push(Error::new(
            "month-unbalanced",
            format!("{m} 已记账凭证借方合计 {} 与贷方合计 {} 不等", Money(debit).grouped(), Money(credit).grouped()),
            format!("{m}'s posted debits {} and credits {} differ", Money(debit), Money(credit)),
        ));
    }
    Ok(out)
}

impl Book {
    /// Checks whether a month can close and lists every blocker (writes nothing).
    pub fn close_check(&self, month: &str) -> Result<CloseCheck> {
        let ym = parse_month(month)?;
        let found = blockers(&self.conn, ym)?;
        Ok(CloseCheck {
            month: month_text(ym),
            ok: found.is_empty(),
            blockers: found.into_iter().map(crate::ErrorBody::from).collect(),
        })
    }

    /// Closes a month. Refused, with every blocker named, while it has vouchers not posted, gaps
    /// in its numbering, an earlier month with vouchers still open, or unequal posted totals.
    pub fn close_period(&mut self, month: &str) -> Result<Period> {
        let ym = parse_month(month)?;
        let m = month_text(ym);
        self.require(crate::store::access::Perm::ClosePeriod)?;
        if blockers(&self.conn, ym)?.is_empty() {
            self.auto_backup("month-close")?;
        }
        self.write(crate::store::access::Perm::ClosePeriod, |tx| {
            let found = blockers(tx, ym)?;
            if !found.is_empty() {
                return Err(Error::many(found));
            }
            tx.execute(
                "INSERT INTO periods (ym, closed_at, closed_by) VALUES (?1, ?2, ?3)",
                params![ym, tx.now, tx.user],
            )?;
            tx.log("period.close", "period", &m, &serde_json::json!({"month": m}))
        })?;
        self.period(ym)
    }

    /// Reopens a closed month; refused while a later month is closed.
    pub fn reopen_period(&mut self, month: &str) -> Result<Period> {
        let ym = parse_month(month)?;
        let m = month_text(ym);
        self.write(crate::store::access::Perm::ReopenPeriod, |tx| {
            if tx.query_row("SELECT 1 FROM periods WHERE ym = ?1", [ym], |_| Ok(())).optional()?.is_none() {
                return Err(Error::new("period-not-closed", format!("{m} 没有结账"), format!("{m} is not closed")));
            }
            let year = i32::try_from(ym / 100).unwrap_or_default();
            if year_is_closed(tx, year)? {
                return Err(Error::new(
                    "year-closed",
                    format!("{year} 年已年结，{m} 不能反结账"),
                    format!("{year} is closed for the year; {m} cannot be reopened"),
                ));
            }
            let later: Option<i64> = tx.query_row("SELECT MAX(ym) FROM periods WHERE ym > ?1", [ym], |r| r.get(0))?;
            if let Some(l) = later {
                return Err(Error::new(
                    "period-order",
                    format!("请先反结账 {}，再反结账 {m}", month_text(l)),
                    format!("reopen {} before {m}", month_text(l)),
                ));
            }
            tx.execute("DELETE FROM periods WHERE ym = ?1", [ym])?;
            tx.log("period.reopen", "period", &m, &serde_json::json!({"month": m}))
        })?;
        self.period(ym)
    }

    fn period(&self, ym: i64) -> Result<Period> {
        let closed: Option<(String, String)> = self
            .conn
            .query_row("SELECT closed_by, closed_at FROM periods WHERE ym = ?1", [ym], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (vouchers, unposted): (i64, i64) = self.conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(status != 'posted'), 0) FROM vouchers WHERE ym = ?1",
            [ym],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Period {
            month: month_text(ym),
            closed: closed.is_some(),
            closed_by: closed.as_ref().map(|c| c.0.clone()),
            closed_at: closed.map(|c| c.1),
            vouchers,
            unposted,
        })
    }

    /// Every month that has vouchers or is closed, in order.
    /// Three grouped reads (the month index, the few unposted vouchers through the status index,
    /// the closed months), not two queries per month: the app asks for this after every login, and
    /// on a ten-year book the per-month way took 0.6 s.
    pub fn periods(&self) -> Result<Vec<Period>> {
        let mut by: std::collections::BTreeMap<i64, Period> = std::collections::BTreeMap::new();
        let blank = |ym: i64| Period {
            month: month_text(ym),
            closed: false,
            closed_by: None,
            closed_at: None,
            vouchers: 0,
            unposted: 0,
        };
        let mut st = self.conn.prepare_cached("SELECT ym, COUNT(*) FROM vouchers GROUP BY ym")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let ym: i64 = r.get(0)?;
            by.entry(ym).or_insert_with(|| blank(ym)).vouchers = r.get(1)?;
        }
        let mut st = self
            .conn
            .prepare_cached("SELECT ym, COUNT(*) FROM vouchers WHERE status IN ('draft', 'reviewed') GROUP BY ym")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let ym: i64 = r.get(0)?;
            by.entry(ym).or_insert_with(|| blank(ym)).unposted = r.get(1)?;
        }
        let mut st = self.conn.prepare_cached("SELECT ym, closed_by, closed_at FROM periods")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let ym: i64 = r.get(0)?;
            let p = by.entry(ym).or_insert_with(|| blank(ym));
            p.closed = true;
            p.closed_by = r.get(1)?;
            p.closed_at = r.get(2)?;
        }
        Ok(by.into_values().collect())
    }
}

/// Whether `year` is closed (it has a row in `year_closes`, written by
/// [`crate::yearend::close`]): its months then stay closed and its books read only.
pub fn year_is_closed(conn: &Connection, year: i32) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM year_closes WHERE year = ?1)")?
        .query_row([year], |r| r.get(0))?)
}
