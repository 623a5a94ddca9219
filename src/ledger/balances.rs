//! Reports over posted vouchers: the trial balance (科目余额表), the account detail ledger (明细账)
//! with running balance, and a member's sub-ledger.
//!
//! A balance at a date reads the monthly totals before that month plus at most one month of lines,
//! so no report reads the whole book. Parents are the sums of their children.

use crate::base::date::{day_before, parse_date, ym_of};
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::{unknown_account, Account, Chart};
use crate::ledger::member::unknown_member;
use crate::ledger::voucher::voucher_no;
use crate::store::book::Book;
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::HashMap;

/// Cumulative posted (debit, credit) per leaf account up to and including `date`, optionally for
/// one member only.
pub fn cumulative(conn: &Connection, date: &str, member: Option<i64>) -> Result<HashMap<i64, (i64, i64)>> {
    let ym = ym_of(date);
    let mut out: HashMap<i64, (i64, i64)> = HashMap::new();
    let mut add = |r: &rusqlite::Row| -> rusqlite::Result<()> {
        let e = out.entry(r.get(0)?).or_insert((0, 0));
        e.0 += r.get::<_, i64>(1)?;
        e.1 += r.get::<_, i64>(2)?;
        Ok(())
    };
    match member {
        None => {
            let mut st = conn.prepare_cached(
                "SELECT account_id, SUM(debit_fen), SUM(credit_fen) FROM account_totals \
                WHERE ym < ?1 GROUP BY account_id",
            )?;
            let mut rows = st.query([ym])?;
            while let Some(r) = rows.next()? {
                add(r)?;
            }
            let mut st = conn.prepare_cached(
                "SELECT l.account_id, SUM(l.debit_fen), SUM(l.credit_fen) FROM vouchers v JOIN voucher_lines l ON \
                    l.voucher_id = v.id
                 WHERE v.status = 'posted' AND v.ym = ?1 AND v.date <= ?2 GROUP BY l.account_id",
            )?;
            let mut rows = st.query(params![ym, date])?;
            while let Some(r) = rows.next()? {
                add(r)?;
            }
        }
        Some(m) => {
            let mut st = conn.prepare_cached(
                "SELECT account_id, SUM(debit_fen), SUM(credit_fen) FROM member_totals WHERE member_id = ?1 AND ym < \
                    ?2 GROUP BY account_id",
            )?;
            let mut rows = st.query(params![m, ym])?;
            while let Some(r) = rows.next()? {
                add(r)?;
            }
            let mut st = conn.prepare_cached(
                "SELECT l.account_id, SUM(l.debit_fen), SUM(l.credit_fen) FROM voucher_lines l JOIN vouchers v ON \
                    v.id = l.voucher_id
                 WHERE l.member_id = ?1 AND v.status = 'posted' AND v.ym = ?2 AND l.date <= ?3 GROUP BY l.account_id",
            )?;
            let mut rows = st.query(params![m, ym, date])?;
            while let Some(r) = rows.next()? {
                add(r)?;
            }
        }
    }
    Ok(out)
}

/// Rolls leaf sums up to every ancestor, keyed by account code.
pub(crate) fn roll_up(chart: &Chart, leaf: &HashMap<i64, (i64, i64)>) -> HashMap<String, (i64, i64)> {
    let mut out: HashMap<String, (i64, i64)> = HashMap::new();
    for (id, (d, c)) in leaf {
        if let Some(a) = chart.by_id(*id) {
            for anc in chart.ancestry(&a.code) {
                let e = out.entry(anc.code.clone()).or_insert((0, 0));
                e.0 += d;
                e.1 += c;
            }
        }
    }
    out
}

fn check_range(from: &str, to: &str) -> Result<(String, String)> {
    let from = parse_date(from, "from")?;
    let to = parse_date(to, "to")?;
    if from > to {
        return Err(Error::new(
            "range-invalid",
            format!("起始日期 {from} 晚于截止日期 {to}"),
            format!("start date {from} is after end date {to}"),
        )
        .at("from"));
    }
    Ok((from, to))
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrialBalanceRow {
    pub code: String,
    pub name: String,
    pub level: usize,
    /// `debit` or `credit`: the account's normal side; opening and closing are signed in it.
    #[cfg_attr(feature = "ts", ts(type = "\"debit\" | \"credit\""))]
    pub direction: &'static str,
    pub opening: Money,
    pub debit: Money,
    pub credit: Money,
    pub closing: Money,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrialBalanceTotals {
    pub opening_debit: Money,
    pub opening_credit: Money,
    pub debit: Money,
    pub credit: Money,
    pub closing_debit: Money,
    pub closing_credit: Money,
    /// Debits equal credits in every column.
    pub balanced: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrialBalance {
    pub from: String,
    pub to: String,
    pub accounts: Vec<TrialBalanceRow>,
    pub totals: TrialBalanceTotals,
}

fn level(a: &Account) -> usize {
    1 + (a.code.len().saturating_sub(3)) / 2
}

/// The trial balance over `[from, to]`: every account with a balance or a movement, parents and
/// sub-accounts alike; totals over the top-level accounts.
pub fn trial_balance(conn: &Connection, from: &str, to: &str) -> Result<TrialBalance> {
    let (from, to) = check_range(from, to)?;
    let chart = Chart::load(conn)?;
    let open = roll_up(&chart, &cumulative(conn, &day_before(&from), None)?);
    let close = roll_up(&chart, &cumulative(conn, &to, None)?);
    let mut rows = Vec::new();
    let mut t = [0i64; 6];
    for a in &chart.accounts {
        let (od, oc) = open.get(&a.code).copied().unwrap_or((0, 0));
        let (cd, cc) = close.get(&a.code).copied().unwrap_or((0, 0));
        let (pd, pc) = (cd - od, cc - oc);
        if od == oc && pd == 0 && pc == 0 {
            continue;
        }
        if a.parent.is_none() {
            let (ob, cb) = (od - oc, cd - cc);
            t[0] += ob.max(0);
            t[1] += (-ob).max(0);
            t[2] += pd;
            t[3] += pc;
            t[4] += cb.max(0);
            t[5] += (-cb).max(0);
        }
        rows.push(TrialBalanceRow {
            code: a.code.clone(),
            name: a.name.clone(),
            level: level(a),
            direction: if a.direction > 0 { "debit" } else { "credit" },
            opening: Money(a.direction * (od - oc)),
            debit: Money(pd),
            credit: Money(pc),
            closing: Money(a.direction * (cd - cc)),
        });
    }
    Ok(TrialBalance {
        from,
        to,
        accounts: rows,
        totals: TrialBalanceTotals {
            opening_debit: Money(t[0]),
            opening_credit: Money(t[1]),
            debit: Money(t[2]),
            credit: Money(t[3]),
            closing_debit: Money(t[4]),
            closing_credit: Money(t[5]),
            balanced: t[0] == t[1] && t[2] == t[3] && t[4] == t[5],
        },
    })
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedgerRow {
    pub date: String,
    pub voucher_id: i64,
    pub voucher_no: String,
    pub account: String,
    pub summary: String,
    pub member: Option<i64>,
    pub debit: Money,
    pub credit: Money,
    /// Running balance in the account's normal direction.
    pub balance: Money,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Ledger {
    pub code: String,
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "\"debit\" | \"credit\""))]
    pub direction: &'static str,
    pub member: Option<i64>,
    pub from: String,
    pub to: String,
    pub opening: Money,
    pub rows: Vec<LedgerRow>,
    pub debit: Money,
    pub credit: Money,
    pub closing: Money,
}

/// The detail ledger of an account (with its sub-accounts) over `[from, to]`, optionally for one
/// member, with a running balance.
pub fn ledger(conn: &Connection, code: &str, from: &str, to: &str, member_no: Option<i64>) -> Result<Ledger> {
    let (from, to) = check_range(from, to)?;
    let chart = Chart::load(conn)?;
    let acct = chart.get(code.trim()).ok_or_else(|| unknown_account(code.trim()).at("account"))?.clone();
    let member_id = match member_no {
        Some(no) => Some(crate::ledger::member::by_no(conn, no)?.ok_or_else(|| unknown_member(&no.to_string()))?.id),
        None => None,
    };
    let leaves: Vec<i64> = chart
        .accounts
        .iter()
        .filter(|a| a.leaf && chart.ancestry(&a.code).iter().any(|x| x.code == acct.code))
        .map(|a| a.id)
        .collect();
    let open = cumulative(conn, &day_before(&from), member_id)?;
    let (od, oc) = leaves.iter().filter_map(|id| open.get(id)).fold((0, 0), |s, (d, c)| (s.0 + d, s.1 + c));
    let opening = Money(acct.direction * (od - oc));
    let ids = leaves.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    // One member's lines through the member index (not every member's lines of the account).
    let which = if member_id.is_some() { "l.member_id = ?3" } else { "?3 IS NULL" };
    let sql = format!(
        "SELECT l.date, v.id, v.seq, a.code, l.summary, m.no, l.debit_fen, l.credit_fen
         FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id JOIN accounts a ON a.id = l.account_id
         LEFT JOIN members m ON m.id = l.member_id
         WHERE l.account_id IN ({ids}) AND l.date BETWEEN ?1 AND ?2 AND v.status = 'posted' AND {which}
         ORDER BY l.date, v.ym, v.seq, l.line_no"
    );
    let mut st = conn.prepare(&sql)?;
    let mut bal = opening;
    let (mut td, mut tc) = (Money::ZERO, Money::ZERO);
    let rows = st
        .query_map(params![from, to, member_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get::<_, i64>(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, i64>(7)?,
            ))
        })?
        .map(|row| {
            row.map(|(date, vid, seq, account, summary, member, d, c)| {
                bal += Money(acct.direction * (d - c));
                td += Money(d);
                tc += Money(c);
                LedgerRow {
                    date,
                    voucher_id: vid,
                    voucher_no: voucher_no(seq),
                    account,
                    summary,
                    member,
                    debit: Money(d),
                    credit: Money(c),
                    balance: bal,
                }
            })
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Ledger {
        code: acct.code.clone(),
        name: acct.name.clone(),
        direction: if acct.direction > 0 { "debit" } else { "credit" },
        member: member_no,
        from,
        to,
        opening,
        rows,
        debit: td,
        credit: tc,
        closing: bal,
    })
}

/// One page of an account's detail ledger: the rows from `offset`, each with its running balance
/// over the whole range, the balance brought forward before the page's first row (承前页), and the
/// range's opening, totals (本期合计) and closing — for the whole range, not the page.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedgerPage {
    pub code: String,
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "\"debit\" | \"credit\""))]
    pub direction: &'static str,
    pub member: Option<i64>,
    pub from: String,
    pub to: String,
    pub opening: Money,
    /// The running balance before the page's first row (the opening on the first page).
    pub brought_forward: Money,
    pub rows: Vec<LedgerRow>,
    /// How many lines the whole range has, and where this page starts.
    pub total: i64,
    pub offset: i64,
    pub debit: Money,
    pub credit: Money,
    pub closing: Money,
}

/// A page of `ledger` without reading the lines before it: the line counts per day come from the
/// account index (lines of vouchers not posted taken off), the day of the page's first row from
/// them, the balance up to that day from the monthly totals (`cumulative`), and only the rows of
/// that day before the page are read and added. The range's totals are two `cumulative` reads.
pub fn ledger_page(
    conn: &Connection,
    code: &str,
    from: &str,
    to: &str,
    member_no: Option<i64>,
    limit: Option<i64>,
    offset: Option<i64>,
) -> Result<LedgerPage> {
    let (limit, offset) = crate::ledger::member::page_bounds(limit, offset);
    let (from, to) = check_range(from, to)?;
    let chart = Chart::load(conn)?;
    let acct = chart.get(code.trim()).ok_or_else(|| unknown_account(code.trim()).at("account"))?.clone();
    let member_id = match member_no {
        Some(no) => Some(crate::ledger::member::by_no(conn, no)?.ok_or_else(|| unknown_member(&no.to_string()))?.id),
        None => None,
    };
    let leaves: Vec<i64> = chart
        .accounts
        .iter()
        .filter(|a| a.leaf && chart.ancestry(&a.code).iter().any(|x| x.code == acct.code))
        .map(|a| a.id)
        .collect();
    let sum = |m: &HashMap<i64, (i64, i64)>| {
        leaves.iter().filter_map(|id| m.get(id)).fold((0, 0), |s, (d, c)| (s.0 + d, s.1 + c))
    };
    let (od, oc) = sum(&cumulative(conn, &day_before(&from), member_id)?);
    let (ed, ec) = sum(&cumulative(conn, &to, member_id)?);
    let dir = acct.direction;
    let opening = Money(dir * (od - oc));
    let closing = Money(dir * (ed - ec));
    let ids = leaves.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let which = if member_id.is_some() { "l.member_id = ?3" } else { "?3 IS NULL" };
    // Lines per day: every line on the account index, less those of vouchers not (yet) posted.
    let mut per_day: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    {
        let mut st = conn.prepare_cached(&format!(
            "SELECT l.date, COUNT(*) FROM voucher_lines l WHERE l.account_id IN ({ids}) AND l.date BETWEEN ?1 AND ?2 \
                AND {which} GROUP BY l.date"
        ))?;
        let mut rows = st.query(params![from, to, member_id])?;
        while let Some(r) = rows.next()? {
            per_day.insert(r.get(0)?, r.get(1)?);
        }
        let mut st = conn.prepare_cached(&format!(
            "SELECT l.date, COUNT(*) FROM vouchers v CROSS JOIN voucher_lines l ON l.voucher_id = v.id
             WHERE v.status IN ('draft', 'reviewed') AND l.account_id IN ({ids}) AND l.date BETWEEN ?1 AND ?2 AND \
                 {which} GROUP BY l.date"
        ))?;
        let mut rows = st.query(params![from, to, member_id])?;
        while let Some(r) = rows.next()? {
            let date: String = r.get(0)?;
            *per_day.entry(date).or_insert(0) -= r.get::<_, i64>(1)?;
        }
    }
    let total: i64 = per_day.values().sum();
    // The day of the page's first row, and how many of that day's rows come before the page.
    let mut before = 0;
    let mut start: Option<(String, i64)> = None;
    for (date, n) in &per_day {
        if before + n > offset {
            start = Some((date.clone(), offset - before));
            break;
        }
        before += n;
    }
    let mut rows = Vec::new();
    let brought_forward = match start {
        None => closing,
        Some((day, skip)) => {
            let (bd, bc) = sum(&cumulative(conn, &day_before(&day), member_id)?);
            let mut bal = Money(dir * (bd - bc));
            let sql = format!(
                "SELECT l.date, v.id, v.seq, a.code, l.summary, m.no, l.debit_fen, l.credit_fen
                 FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id JOIN accounts a ON a.id = l.account_id
                 LEFT JOIN members m ON m.id = l.member_id
                 WHERE l.account_id IN ({ids}) AND l.date BETWEEN ?1 AND ?2 AND v.status = 'posted' AND {which}
                 ORDER BY l.date, v.ym, v.seq, l.line_no LIMIT ?4"
            );
            let mut st = conn.prepare(&sql)?;
            let mut q = st.query(params![day, to, member_id, skip + limit])?;
            let mut i = 0;
            let mut bf = bal;
            while let Some(r) = q.next()? {
                let (d, c): (i64, i64) = (r.get(6)?, r.get(7)?);
                bal += Money(dir * (d - c));
                if i < skip {
                    bf = bal;
                } else {
                    let seq: i64 = r.get(2)?;
                    rows.push(LedgerRow {
                        date: r.get(0)?,
                        voucher_id: r.get(1)?,
                        voucher_no: voucher_no(seq),
                        account: r.get(3)?,
                        summary: r.get(4)?,
                        member: r.get(5)?,
                        debit: Money(d),
                        credit: Money(c),
                        balance: bal,
                    });
                }
                i += 1;
            }
            bf
        }
    };
    Ok(LedgerPage {
        code: acct.code.clone(),
        name: acct.name.clone(),
        direction: if dir > 0 { "debit" } else { "credit" },
        member: member_no,
        from,
        to,
        opening,
        brought_forward,
        rows,
        total,
        offset,
        debit: Money(ed - od),
        credit: Money(ec - oc),
        closing,
    })
}

/// A member's sub-ledger: for each member sub-ledger account, the member's ledger.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberLedger {
    pub no: i64,
    pub name: String,
    pub accounts: Vec<Ledger>,
}

pub fn member_ledger(conn: &Connection, no: i64, from: &str, to: &str) -> Result<MemberLedger> {
    let m = crate::ledger::member::by_no(conn, no)?.ok_or_else(|| unknown_member(&no.to_string()))?;
    let chart = Chart::load(conn)?;
    let mut accounts = Vec::new();
    for a in chart.accounts.iter().filter(|a| a.member_ledger && a.parent.is_none()) {
        let l = ledger(conn, &a.code, from, to, Some(no))?;
        if !l.rows.is_empty() || !l.opening.is_zero() {
            accounts.push(l);
        }
    }
    Ok(MemberLedger { no, name: m.name, accounts })
}

impl Book {
    pub fn trial_balance(&self, from: &str, to: &str) -> Result<TrialBalance> {
        trial_balance(&self.conn, from, to)
    }
    pub fn ledger(&self, code: &str, from: &str, to: &str, member: Option<i64>) -> Result<Ledger> {
        ledger(&self.conn, code, from, to, member)
    }
    /// One page of `ledger` (`limit` rows, default 100, from `offset`); see `ledger_page`.
    pub fn ledger_page(
        &self,
        code: &str,
        from: &str,
        to: &str,
        member: Option<i64>,
        limit: Option<i64>,
        offset: Option<i64>,
    ) -> Result<LedgerPage> {
        ledger_page(&self.conn, code, from, to, member, limit, offset)
    }
    pub fn member_ledger(&self, no: i64, from: &str, to: &str) -> Result<MemberLedger> {
        member_ledger(&self.conn, no, from, to)
    }
}
