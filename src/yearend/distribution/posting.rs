//! An approved plan into the books: posting (Dr 332 各项分配 / Cr 322, 221 and 222 per member),
//! paying (cash, bank or shares, all at once or member by member), and the plan stepping back when
//! one of these vouchers is reversed.

use super::compute::refuse_stale;
use super::plan::{load, no_plan, status_of, PlanStatus};
use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use rusqlite::{params, OptionalExtension};

pub(crate) fn line(account: &str, d: Money, c: Money, member: Option<i64>) -> NewLine {
    NewLine {
        account: account.into(),
        debit: if d.is_zero() { String::new() } else { d.to_string() },
        credit: if c.is_zero() { String::new() } else { c.to_string() },
        member: member.map(|m| m.to_string()),
        summary: None,
    }
}

/// Posts an approved plan: Dr 332 各项分配 (R + P + Q) / Cr 322 (R per member), Cr 221 (P per
/// member), Cr 222 (Q per member). Dated the members' meeting, in whichever year that falls.
pub fn post_in(tx: &mut Tx, year: i32) -> Result<i64> {
    match status_of(tx, year)? {
        None => return Err(no_plan(year)),
        Some(PlanStatus::Approved) => {}
        Some(PlanStatus::Draft | PlanStatus::Reviewed) => {
            return Err(Error::new(
                "approval-required",
                "分配方案须经党支部研究审议并经成员大会通过后才能记账",
                "the plan must be reviewed by the Party branch and approved by the members' meeting before posting",
            ))
        }
        Some(s @ (PlanStatus::Posted | PlanStatus::Paid)) => {
            return Err(Error::new(
                "plan-state",
                format!("{year} 年分配方案已{}", s.zh()),
                format!("the {year} plan is already {s}"),
            ))
        }
    }
    // Posting checks again: nothing may have changed since the meeting approved the plan.
    refuse_stale(tx, year)?;
    let plan = load(tx, year)?;
    if plan.surplus.fen() - plan.losses.fen() <= 0 {
        return Err(Error::new(
            "nothing-to-distribute",
            format!("{year} 年无可分配盈余，无需记账"),
            format!("{year} has nothing to distribute"),
        ));
    }
    // Dated the members' meeting: in the year when it met by 31 December, else in the next year,
    // where the year close has carried the surplus to 332 未分配盈余.
    let date = plan.meeting_date.clone().unwrap_or_else(|| format!("{year:04}-12-31"));
    // 财会〔2021〕37号, 332 盈余分配: "按规定提取盈余公积时，借记本科目（各项分配），贷记'盈余公积'科目；
    // 按交易量（额）向成员返还盈余时，借记本科目（各项分配），贷记'应付盈余返还'科目；以合作社成员账户中
    // 记载的出资额和公积金份额……分配剩余盈余时，借记本科目（各项分配），贷记'应付剩余盈余'科目".
    // The surplus itself stays where the P&L is until the year close carries it to 331 and on to
    // 未分配盈余; 331 is never touched here.
    let to_332 = plan.reserve + plan.patronage + plan.residual;
    let mut lines = vec![line(crate::ledger::account::ALLOCATIONS, to_332, Money::ZERO, None)];
    for m in &plan.members {
        if !m.reserve_share.is_zero() {
            lines.push(line("322", Money::ZERO, m.reserve_share, Some(m.no)));
        }
    }
    for m in &plan.members {
        if !m.patronage.is_zero() {
            lines.push(line("221", Money::ZERO, m.patronage, Some(m.no)));
        }
    }
    for m in &plan.members {
        if !m.residual.is_zero() {
            lines.push(line("222", Money::ZERO, m.residual, Some(m.no)));
        }
    }
    let chart = Chart::load(tx)?;
    let v = post_document_in(
        tx,
        &chart,
        &NewVoucher { date, summary: format!("{year} 年盈余分配"), attachments: 2, lines },
    )?;
    tx.execute(
        "UPDATE distribution_plans SET status = 'posted', post_voucher_id = ?1 WHERE year = ?2",
        params![v, year],
    )?;
    tx.log("distribution.post", "distribution", year, &serde_json::json!({"year": year, "voucher": v}))?;
    Ok(v)
}

/// Pays a posted plan: Dr 221 / 222 per member, Cr 101 or 102 — or, `shares`, Cr 301 per member.
/// With `member`, pays that member only; otherwise every member not yet paid. The plan is `paid`
/// once every member with something to receive is.
pub fn pay_in(tx: &mut Tx, year: i32, via: &str, date: Option<&str>, member: Option<i64>) -> Result<i64> {
    match status_of(tx, year)? {
        None => return Err(no_plan(year)),
        Some(PlanStatus::Posted) => {}
        Some(PlanStatus::Paid) => {
            return Err(Error::new(
                "plan-state",
                format!("{year} 年分配已发放"),
                format!("the {year} distribution is already paid"),
            ))
        }
        Some(PlanStatus::Draft | PlanStatus::Reviewed | PlanStatus::Approved) => {
            return Err(Error::new("not-posted", "分配方案尚未记账，不能发放", "the plan is not posted yet"))
        }
    }
    let mut plan = load(tx, year)?;
    if let Some(no) = member {
        let Some(m) = plan.members.iter().find(|m| m.no == no) else {
            return Err(Error::new(
                "not-in-plan",
                format!("{no} 号成员不在 {year} 年分配方案中"),
                format!("member no. {no} is not in the {year} plan"),
            )
            .at("member"));
        };
        if m.pay_voucher_id.is_some() {
            return Err(Error::new(
                "already-paid",
                format!("{no} 号成员{}的 {year} 年盈余已发放", m.name),
                format!("member no. {no} was already paid for {year}"),
            )
            .at("member"));
        }
        if m.total.is_zero() {
            return Err(Error::new(
                "nothing-to-pay",
                format!("{no} 号成员{}在 {year} 年没有可发放的盈余", m.name),
                format!("member no. {no} has nothing to receive for {year}"),
            )
            .at("member"));
        }
    }
    plan.members.retain(|m| m.pay_voucher_id.is_none() && !m.total.is_zero() && member.is_none_or(|no| m.no == no));
    let date = match date {
        Some(d) => parse_date(d, "date")?,
        None => plan.meeting_date.clone().unwrap_or_else(|| format!("{year:04}-12-31")),
    };
    let money = match via {
        "cash" => Some("101"),
        "bank" => Some("102"),
        "shares" => None,
        other => {
            return Err(Error::new(
                "invalid-via",
                format!("发放方式“{other}”无效，应为 cash/bank/shares"),
                format!("\"{other}\" is not cash, bank or shares"),
            )
            .at("via"))
        }
    };
    let mut lines = Vec::new();
    for m in &plan.members {
        if !m.patronage.is_zero() {
            lines.push(line("221", m.patronage, Money::ZERO, Some(m.no)));
        }
        if !m.residual.is_zero() {
            lines.push(line("222", m.residual, Money::ZERO, Some(m.no)));
        }
    }
    let total: Money = plan.members.iter().map(|m| m.total).sum();
    match money {
        Some(acct) => lines.push(line(acct, Money::ZERO, total, None)),
        None => {
            for m in &plan.members {
                if !m.total.is_zero() {
                    lines.push(line("301", Money::ZERO, m.total, Some(m.no)));
                }
            }
        }
    }
    let whom = match (member, plan.members.first()) {
        (Some(no), Some(m)) => format!("{no} 号成员{}", m.name),
        _ => String::new(),
    };
    let summary = if money.is_some() {
        format!("发放{whom} {year} 年盈余返还和剩余盈余")
    } else {
        format!("{whom} {year} 年盈余返还和剩余盈余转为成员股金")
    };
    let chart = Chart::load(tx)?;
    let v = post_document_in(
        tx,
        &chart,
        &NewVoucher { date, summary: summary.trim_start().to_string(), attachments: 1, lines },
    )?;
    for m in &plan.members {
        tx.prepare_cached(
            "UPDATE distribution_lines SET pay_voucher_id = ?1, paid_via = ?2 WHERE year = ?3 AND \
            member_id = (SELECT id FROM members WHERE no = ?4)",
        )?
        .execute(params![v, via, year, m.no])?;
    }
    let unpaid: i64 = tx.query_row(
        "SELECT COUNT(*) FROM distribution_lines WHERE year = ?1 AND pay_voucher_id IS NULL AND patronage_fen + \
            residual_fen > 0",
        [year],
        |r| r.get(0),
    )?;
    if unpaid == 0 {
        tx.execute(
            "UPDATE distribution_plans SET status = 'paid', pay_voucher_id = ?1, paid_via = ?2 WHERE year = ?3",
            params![v, via, year],
        )?;
    }
    tx.log(
        "distribution.pay",
        "distribution",
        year,
        &serde_json::json!({"year": year, "via": via, "member": member, "voucher": v}),
    )?;
    Ok(v)
}

/// Reverses a distribution's posting or payment voucher (the only way a posted plan changes):
/// the reversal posts at once and the plan steps back — a payment's members are unpaid again
/// and the plan is `posted`; reversing the posting (only once no payment stands) makes the plan
/// `approved` again. `None` when the voucher is not a distribution's.
pub fn reverse_voucher_in(tx: &mut Tx, voucher_id: i64, date: Option<&str>) -> Result<Option<i64>> {
    let posted: Option<i32> = tx
        .query_row("SELECT year FROM distribution_plans WHERE post_voucher_id = ?1", [voucher_id], |r| r.get(0))
        .optional()?;
    let paid: Option<i32> = tx
        .query_row("SELECT year FROM distribution_lines WHERE pay_voucher_id = ?1 LIMIT 1", [voucher_id], |r| r.get(0))
        .optional()?;
    let (year, date) = match (posted, paid) {
        (None, None) => return Ok(None),
        (Some(y), _) | (None, Some(y)) => {
            let own: String = tx.query_row("SELECT date FROM vouchers WHERE id = ?1", [voucher_id], |r| r.get(0))?;
            (y, date.map(str::to_string).unwrap_or(own))
        }
    };
    if posted.is_some() {
        let payments: i64 = tx.query_row(
            "SELECT COUNT(*) FROM distribution_lines WHERE year = ?1 AND pay_voucher_id IS NOT NULL",
            [year],
            |r| r.get(0),
        )?;
        if payments > 0 {
            return Err(Error::new(
                "reverse-payments-first",
                format!("{year} 年分配已有发放凭证，请先冲销发放凭证，再冲销分配凭证"),
                format!("the {year} distribution has been paid: reverse its payment vouchers first"),
            ));
        }
    }
    let rev = crate::ledger::voucher::reverse_and_post_in(tx, voucher_id, &date)?;
    if posted.is_some() {
        tx.execute(
            "UPDATE distribution_plans SET status = 'approved', post_voucher_id = NULL WHERE year = ?1",
            [year],
        )?;
    } else {
        tx.execute(
            "UPDATE distribution_lines SET pay_voucher_id = NULL, paid_via = NULL WHERE pay_voucher_id = ?1",
            [voucher_id],
        )?;
        tx.execute(
            "UPDATE distribution_plans SET status = 'posted', pay_voucher_id = NULL, paid_via = NULL WHERE year = ?1",
            [year],
        )?;
    }
    tx.log(
        "distribution.reverse",
        "distribution",
        year,
        &serde_json::json!({"year": year, "voucher": voucher_id, "reversal": rev}),
    )?;
    Ok(Some(rev))
}

impl Book {
    pub fn post_distribution(&mut self, year: i32) -> Result<i64> {
        self.write(crate::store::access::Perm::Distribute, |tx| post_in(tx, year))
    }

    /// Pays the posted plan to every member not yet paid, or with `member` to that member only.
    pub fn pay_distribution(&mut self, year: i32, via: &str, date: Option<&str>, member: Option<i64>) -> Result<i64> {
        self.write(crate::store::access::Perm::Pay, |tx| pay_in(tx, year, via, date, member))
    }
}
