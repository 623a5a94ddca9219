//! Year-end close (年结): carries the year's income and expenses into 331 本年盈余, then 331 and
//! 332 各项分配 into 332 未分配盈余, each by a posted voucher dated 31 December, then closes every
//! month of the year. The next year opens on the balances this leaves: the P&L accounts and 331 at zero,
//! the balance-sheet accounts carried forward (the balance sheet's year-start column of the next
//! year is this year's end).
//!
//! Refused, with every blocker named, while any voucher of the year is not posted, a month has a
//! gap in its numbering or unequal totals, an earlier year with entries is still open, or the
//! year's surplus is distributable (S − L > 0) and there is no plan, or one approved inside the year
//! and not posted, unless the distribution is explicitly deferred with a reason. A plan the
//! members' meeting approves after 31 December posts on that date, in the next year, on 332 各项分配
//! against the 未分配盈余 this close carried (see [`crate::yearend::distribution`]).

use crate::base::date::month_text;
use crate::base::date::year_end;
use crate::base::error::{Error, ErrorBody, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::balances::cumulative;
use crate::ledger::period::year_is_closed as is_closed;
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use crate::yearend::distribution::PlanStatus;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// What stops a year from closing (empty when it can), and the figures the close would carry.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct YearCloseCheck {
    pub year: i32,
    pub ok: bool,
    pub blockers: Vec<ErrorBody>,
    /// S: the year's income less expenses.
    pub surplus: Money,
    /// S − L: the year's surplus after the losses carried are made good — what the Co-operative Law
    /// requires to be distributed. (02's 可分配盈余, line 16, is this less the reserve, plus any
    /// undistributed surplus brought forward; the plan's `distributable` is the same as line 16.)
    pub distributable: Money,
    /// The year's distribution plan status (`draft` … `paid`), if there is a plan.
    pub distribution: Option<String>,
    pub closed: bool,
}

/// A closed year.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct YearClose {
    pub year: i32,
    pub closed_at: String,
    pub closed_by: String,
    pub surplus: Money,
    /// 结转损益: Dr income / Cr 331, Dr 331 / Cr expenses.
    pub pnl_voucher_id: Option<i64>,
    /// 结转本年盈余: 331 to 332.
    pub transfer_voucher_id: Option<i64>,
    pub deferred_reason: Option<String>,
}

fn check_year(year: i32) -> Result<()> {
    if !(1900..=9998).contains(&year) {
        return Err(
            Error::new("invalid-year", format!("年度 {year} 无效"), format!("{year} is not a valid year")).at("year")
        );
    }
    Ok(())
}

fn blockers(conn: &Connection, year: i32, defer: Option<&str>) -> Result<(Vec<Error>, i64, i64, Option<String>)> {
    let chart = Chart::load(conn)?;
    let (surplus, losses) = crate::yearend::surplus::surplus_and_losses(conn, &chart, year)?;
    let plan = crate::yearend::distribution::status_of(conn, year)?;
    let status = plan.map(|s| s.code().to_string());
    if is_closed(conn, year)? {
        return Ok((
            vec![Error::new("year-already-closed", format!("{year} 年已经年结"), format!("{year} is already closed"))],
            surplus,
            surplus - losses,
            status,
        ));
    }
    let mut out = Vec::new();
    let first = year * 100 + 1;
    let open_before: Option<i64> = conn.query_row(
        "SELECT MIN(ym) FROM vouchers WHERE ym < ?1 AND ym / 100 NOT IN (SELECT year FROM year_closes)",
        [first],
        |r| r.get(0),
    )?;
    if let Some(o) = open_before {
        let y = o / 100;
        out.push(Error::new(
            "year-order",
            format!("请先年结 {y} 年，再年结 {year} 年"),
            format!("close {y} before {year}"),
        ));
    }
    for m in 1..=12 {
        let ym = i64::from(year) * 100 + m;
        // Months close here in order, and a month already closed is fine.
        if !crate::ledger::period::month_is_closed(conn, ym)? {
            out.extend(crate::ledger::period::checks(conn, ym, false)?);
        }
    }
    // The distribution must be posted in the year, deferred with a reason, or in the hands of a
    // members' meeting after 31 December: then it posts on its approval date in the next year,
    // against 332 未分配盈余 (where this close carries the surplus). A plan approved on a date
    // inside the year must be posted before the year closes (its date would fall in a closed month).
    let meeting = crate::yearend::distribution::meeting_date(conn, year)?;
    let in_the_year = match plan {
        None => true,
        Some(PlanStatus::Approved) => meeting.as_deref().is_some_and(|d| d <= year_end(year).as_str()),
        Some(_) => false,
    };
    if surplus - losses > 0 && in_the_year {
        match defer {
            Some(r) if !r.trim().is_empty() => {}
            Some(_) => out.push(
                Error::new(
                    "defer-reason-required",
                    "暂缓分配须写明原因（如成员大会决议）",
                    "deferring the distribution needs a reason (e.g. the members' meeting resolution)",
                )
                .at("reason"),
            ),
            None => {
                let now = match (plan, meeting) {
                    (None, _) => "尚未编制分配方案".to_string(),
                    (Some(s), Some(d)) => format!("分配方案已于 {d} {}，尚未记账", s.zh()),
                    (Some(s), None) => format!("分配方案{}，尚未记账", s.zh()),
                };
                out.push(Error::new(
                    "distribution-pending",
                    format!(
                        "{year} 年本年盈余弥补亏损后为 {}，{now}：请先完成盈余分配并记账（成员大会在次年召开的，先编制分配\
                        方案），或经成员大会决定暂缓分配并写明原因后再年结",
                        Money(surplus - losses).grouped()
                    ),
                    format!(
                        "{year} has {} to distribute and its distribution is not posted: post it (or compute \
                        the plan, when the members' meeting is next year), or defer it with a reason, before \
                        closing the year",
                        Money(surplus - losses)
                    ),
                ));
            }
        }
    }
    Ok((out, surplus, surplus - losses, status))
}

fn line(account: &str, debit: i64, credit: i64) -> NewLine {
    NewLine {
        account: account.into(),
        debit: if debit != 0 { Money(debit).to_string() } else { String::new() },
        credit: if credit != 0 { Money(credit).to_string() } else { String::new() },
        member: None,
        summary: None,
    }
}

pub(crate) fn close_in(tx: &mut Tx, year: i32, defer: Option<&str>) -> Result<YearClose> {
    let (found, surplus, _, _) = blockers(tx, year, defer)?;
    if !found.is_empty() {
        return Err(Error::many(found));
    }
    let pending = crate::yearend::distribution::pending(tx, year)?;
    let chart = Chart::load(tx)?;
    let date = year_end(year);
    // 1. Every P&L leaf account to 331 on its own side (财会〔2021〕37号, 331 本年盈余: 会计期末将
    //    收入类科目的余额转入本科目的贷方，将成本、费用类科目的余额转入本科目的借方): the income
    //    accounts' balances to 331's credit, the expense accounts' to its debit — two lines, never
    //    one net line.
    let bal = cumulative(tx, &date, None)?;
    let is_income = |code: &str| ["501", "502", "511"].iter().any(|p| code.starts_with(p));
    let (mut income_lines, mut expense_lines) = (Vec::new(), Vec::new());
    let (mut income, mut expenses) = (0, 0);
    for a in chart.accounts.iter().filter(|a| a.leaf && a.class == "pnl") {
        let (d, c) = bal.get(&a.id).copied().unwrap_or((0, 0));
        let net = d - c;
        let closing = match net.cmp(&0) {
            std::cmp::Ordering::Greater => line(&a.code, 0, net),
            std::cmp::Ordering::Less => line(&a.code, -net, 0),
            std::cmp::Ordering::Equal => continue,
        };
        if is_income(&a.code) {
            income -= net;
            income_lines.push(closing);
        } else {
            expenses += net;
            expense_lines.push(closing);
        }
    }
    let to_331 = |credit: i64| if credit >= 0 { line("331", 0, credit) } else { line("331", -credit, 0) };
    let mut lines = income_lines;
    if income != 0 {
        lines.push(to_331(income));
    }
    if expenses != 0 {
        lines.push(to_331(-expenses));
    }
    lines.extend(expense_lines);
    let pnl_voucher_id = if lines.is_empty() {
        None
    } else {
        Some(post_document_in(
            tx,
            &chart,
            &NewVoucher { date: date.clone(), summary: format!("结转{year}年损益"), attachments: 0, lines },
        )?)
    };
    // 2. 财会〔2021〕37号, 331 本年盈余: "年度终了，应将本年收入和支出相抵后结出的本年实现的净盈余，
    //    转入'盈余分配——未分配盈余'科目" — 331 is empty after every close; and 332 盈余分配: "年度终了，
    //    将'盈余分配——各项分配'明细科目的余额转入'盈余分配——未分配盈余'明细科目". One voucher,
    //    each transfer its own pair of lines.
    let bal = cumulative(tx, &date, None)?;
    let credit_of = |prefix: &str| -> i64 {
        chart
            .accounts
            .iter()
            .filter(|a| a.leaf && a.code.starts_with(prefix))
            .map(|a| bal.get(&a.id).map(|(d, c)| c - d).unwrap_or(0))
            .sum()
    };
    use crate::ledger::account::{ALLOCATIONS, UNDISTRIBUTED};
    let (left, allocated) = (credit_of("331"), credit_of(ALLOCATIONS));
    let mut lines = Vec::new();
    let pair = |lines: &mut Vec<NewLine>, from: &str, to: &str, credit: i64| {
        if credit > 0 {
            lines.extend([line(from, credit, 0), line(to, 0, credit)]);
        } else if credit < 0 {
            lines.extend([line(to, -credit, 0), line(from, 0, -credit)]);
        }
    };
    pair(&mut lines, "331", UNDISTRIBUTED, left);
    pair(&mut lines, ALLOCATIONS, UNDISTRIBUTED, allocated);
    let transfer_voucher_id = if lines.is_empty() {
        None
    } else {
        Some(post_document_in(
            tx,
            &chart,
            &NewVoucher {
                date: date.clone(),
                summary: format!("结转{year}年本年盈余及各项分配至未分配盈余"),
                attachments: 0,
                lines,
            },
        )?)
    };
    // 3. Every month of the year closed.
    for m in 1..=12 {
        let ym = i64::from(year) * 100 + m;
        tx.execute(
            "INSERT OR IGNORE INTO periods (ym, closed_at, closed_by) VALUES (?1, ?2, ?3)",
            params![ym, tx.now, tx.user],
        )?;
    }
    let deferred_reason = defer.map(|r| r.trim().to_string()).filter(|r| !r.is_empty() && pending);
    tx.execute(
        "INSERT INTO year_closes (year, closed_at, closed_by, surplus_fen, pnl_voucher_id, transfer_voucher_id, \
            deferred_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![year, tx.now, tx.user, surplus, pnl_voucher_id, transfer_voucher_id, deferred_reason],
    )?;
    tx.log(
        "year.close",
        "year",
        year,
        &serde_json::json!({"year": year, "surplus": Money(surplus),
            "pnl_voucher": pnl_voucher_id, "transfer_voucher": transfer_voucher_id, "deferred_reason": deferred_reason,
                "months": (1..=12).map(|m| month_text(i64::from(year) * 100 + m)).collect::<Vec<_>>()}),
    )?;
    load(tx, year)
}

fn load(conn: &Connection, year: i32) -> Result<YearClose> {
    conn.query_row(
        "SELECT closed_at, closed_by, surplus_fen, pnl_voucher_id, transfer_voucher_id, deferred_reason FROM \
            year_closes WHERE year = ?1",
        [year],
        |r| {
            Ok(YearClose {
                year,
                closed_at: r.get(0)?,
                closed_by: r.get(1)?,
                surplus: Money(r.get(2)?),
                pnl_voucher_id: r.get(3)?,
                transfer_voucher_id: r.get(4)?,
                deferred_reason: r.get(5)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::new("year-not-closed", format!("{year} 年尚未年结"), format!("{year} is not closed")))
}

impl Book {
    /// What stops `year` from closing, every blocker at once (writes nothing).
    pub fn year_close_check(&self, year: i32, defer: Option<&str>) -> Result<YearCloseCheck> {
        check_year(year)?;
        let (found, surplus, distributable, distribution) = blockers(&self.conn, year, defer)?;
        Ok(YearCloseCheck {
            year,
            ok: found.is_empty(),
            blockers: found.into_iter().map(ErrorBody::from).collect(),
            surplus: Money(surplus),
            distributable: Money(distributable),
            distribution,
            closed: is_closed(&self.conn, year)?,
        })
    }

    /// Closes `year`: carries P&L to 331 and 331 to 332, closes its months. `defer` is the reason
    /// the distribution is deferred, required only when it is pending.
    pub fn close_year(&mut self, year: i32, defer: Option<&str>) -> Result<YearClose> {
        check_year(year)?;
        self.require(crate::store::access::Perm::CloseYear)?;
        if blockers(&self.conn, year, defer)?.0.is_empty() {
            self.auto_backup("year-close")?;
        }
        self.write(crate::store::access::Perm::CloseYear, |tx| close_in(tx, year, defer))
    }

    pub fn year_close(&self, year: i32) -> Result<YearClose> {
        load(&self.conn, year)
    }

    /// Every closed year, in order.
    pub fn closed_years(&self) -> Result<Vec<YearClose>> {
        let mut st = self.conn.prepare("SELECT year FROM year_closes ORDER BY year")?;
        let years = st.query_map([], |r| r.get::<_, i32>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        years.into_iter().map(|y| load(&self.conn, y)).collect()
    }
}
