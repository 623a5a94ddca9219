//! The year-end surplus distribution of Co-operative Law Art. 44, exactly as DESIGN.md §3 gives it:
//! the year's surplus S less earlier losses L; the reserve R = round(r × (S − L)); the
//! distributable D = S − L − R (+ opening undistributed when the charter says so); the patronage
//! pool P = round(p × D) with p ≥ 60 %, split by each member's trade with the co-op; the residual
//! pool Q = D − P, split by each member's share basis (出资额 + 公积金份额 + quantified subsidies).
//!
//! Invariants: every pool is paid out to the last 分 by the largest-remainder rule (ties to the lower
//! member number), so the result is deterministic; nothing posts before the Party branch's review
//! and the members' meeting's approval; a posted plan changes only by reversing its vouchers.

use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::{parse_rate, Money};
use crate::equity::coop::patronage_too_low;
use crate::ledger::account::Chart;
use crate::store::book::{Book, Tx};

use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::yearend::surplus::{figures, surplus_and_losses};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::HashMap;

/// Splits `pool` 分 over `weights` by the largest-remainder rule: each gets ⌊pool·wᵢ/W⌋, and the
/// 分 left over go one each to the largest remainders (pool·wᵢ) mod W, ties to the earlier entry
/// (callers pass members in number order). `None` when every weight is zero.
pub fn split(pool: i64, weights: &[i64]) -> Option<Vec<i64>> {
    let total: i128 = weights.iter().map(|w| i128::from((*w).max(0))).sum();
    if total == 0 {
        return if pool == 0 { Some(vec![0; weights.len()]) } else { None };
    }
    let mut out = Vec::with_capacity(weights.len());
    let mut rem = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let prod = i128::from(pool) * i128::from((*w).max(0));
        out.push((prod / total) as i64);
        rem.push((prod % total, i));
    }
    let left = pool - out.iter().sum::<i64>();
    // Largest remainder first; equal remainders go to the lower index.
    rem.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in rem.iter().take(left.max(0) as usize) {
        out[*i] += 1;
    }
    Some(out)
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanMember {
    pub no: i64,
    pub name: String,
    pub trade_amount: Money,
    pub share_basis: Money,
    pub patronage: Money,
    pub residual: Money,
    pub reserve_share: Money,
    pub total: Money,
    /// Once paid: how (cash, bank, shares) and the payment voucher.
    pub paid_via: Option<String>,
    pub pay_voucher_id: Option<i64>,
}

/// Where a saved plan stands (DESIGN.md §3): drawn up, reviewed by the Party branch, approved by
/// the members' meeting, posted, paid. Stored and shown as its code (`draft` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanStatus {
    Draft,
    Reviewed,
    Approved,
    Posted,
    Paid,
}

impl PlanStatus {
    pub fn code(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Reviewed => "reviewed",
            PlanStatus::Approved => "approved",
            PlanStatus::Posted => "posted",
            PlanStatus::Paid => "paid",
        }
    }

    /// The status as a Chinese sentence ends: 分配方案已{zh}.
    pub fn zh(self) -> &'static str {
        match self {
            PlanStatus::Draft => "是草稿",
            PlanStatus::Reviewed => "经党支部研究审议",
            PlanStatus::Approved => "经成员大会通过",
            PlanStatus::Posted => "记账",
            PlanStatus::Paid => "发放",
        }
    }

    pub fn parse(code: &str) -> Result<PlanStatus> {
        [PlanStatus::Draft, PlanStatus::Reviewed, PlanStatus::Approved, PlanStatus::Posted, PlanStatus::Paid]
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| Error::internal(format!("unknown distribution plan status {code:?}")))
    }

    /// Posted or paid: the distribution is in the books.
    pub fn is_posted(self) -> bool {
        matches!(self, PlanStatus::Posted | PlanStatus::Paid)
    }

    /// Approved by the members' meeting (and maybe posted and paid since).
    pub fn is_approved(self) -> bool {
        matches!(self, PlanStatus::Approved | PlanStatus::Posted | PlanStatus::Paid)
    }
}

impl std::fmt::Display for PlanStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Plan {
    /// The saved plan's status; `None` for a what-if plan.
    pub fn saved_status(&self) -> Option<PlanStatus> {
        PlanStatus::parse(&self.status).ok()
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Plan {
    pub year: i32,
    /// draft, reviewed (by the Party branch), approved (by the members' meeting), posted, paid —
    /// or `what-if` for a plan computed without saving.
    pub status: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    #[serde(with = "rust_decimal::serde::str")]
    pub reserve_rate: Decimal,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    #[serde(with = "rust_decimal::serde::str")]
    pub patronage_rate: Decimal,
    pub surplus: Money,
    pub losses: Money,
    pub opening: Money,
    pub reserve: Money,
    pub distributable: Money,
    pub patronage: Money,
    pub residual: Money,
    /// Why nothing is distributed, when S − L ≤ 0.
    pub note: Option<String>,
    pub branch_date: Option<String>,
    pub branch_ref: Option<String>,
    pub meeting_date: Option<String>,
    pub meeting_ref: Option<String>,
    pub post_voucher_id: Option<i64>,
    pub pay_voucher_id: Option<i64>,
    pub members: Vec<PlanMember>,
}

/// The year has something to distribute and its distribution is not posted yet.
pub(crate) fn pending(conn: &Connection, year: i32) -> Result<bool> {
    let chart = Chart::load(conn)?;
    let (s, l) = surplus_and_losses(conn, &chart, year)?;
    Ok(s - l > 0 && !status_of(conn, year)?.is_some_and(PlanStatus::is_posted))
}

struct Computed {
    plan: Plan,
    ids: Vec<i64>,
}

fn compute(
    conn: &Connection,
    year: i32,
    reserve_rate: Decimal,
    patronage_rate: Decimal,
    add_opening: bool,
    reserve_basis: &str,
) -> Result<Computed> {
    if patronage_rate < crate::equity::coop::min_patronage_rate() {
        return Err(patronage_too_low(patronage_rate));
    }
    let chart = Chart::load(conn)?;
    let (s, l, opening) = figures(conn, &chart, year)?;
    let end = format!("{year:04}-12-31");
    // Members active at some point of the year, in number order.
    let mut st = conn.prepare(
        "SELECT id, no, name FROM members WHERE joined <= ?1 AND (exited IS NULL OR exited >= ?2) ORDER BY no",
    )?;
    let members: Vec<(i64, i64, String)> = st
        .query_map(params![end, format!("{year:04}-01-01")], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let trade = crate::business::trade::member_trade(conn, year)?;
    let trade_by_no: HashMap<i64, i64> = trade.members.iter().map(|m| (m.no, m.amount.fen())).collect();
    let capital = crate::equity::shares::member_balances(conn, &chart, "301", &end)?;
    let reserve_shares = crate::equity::shares::member_balances(conn, &chart, "322", &end)?;
    let mut subsidy: HashMap<i64, i64> = HashMap::new();
    {
        let mut st = conn.prepare(
            "SELECT member_id, SUM(amount_fen) FROM contributions WHERE kind = 'subsidy' AND \
            date <= ?1 AND reversal_voucher_id IS NULL GROUP BY member_id",
        )?;
        let mut rows = st.query([&end])?;
        while let Some(r) = rows.next()? {
            subsidy.insert(r.get(0)?, r.get(1)?);
        }
    }
    let trades: Vec<i64> = members.iter().map(|(_, no, _)| trade_by_no.get(no).copied().unwrap_or(0)).collect();
    let bases: Vec<i64> = members
        .iter()
        .map(|(id, _, _)| {
            capital.get(id).copied().unwrap_or(0)
                + reserve_shares.get(id).copied().unwrap_or(0)
                + subsidy.get(id).copied().unwrap_or(0)
        })
        .collect();
    let base = s - l;
    let round = |d: Decimal| -> Result<i64> {
        d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero).try_into().map_err(Error::internal)
    };
    let (reserve, distributable, patronage, residual, note) = if base <= 0 {
        (
            0,
            0,
            0,
            0,
            Some(format!(
                "本年盈余 {} 不足以弥补以前年度亏损 {}，无可分配盈余",
                Money(s).grouped(),
                Money(l).grouped()
            )),
        )
    } else {
        let r = round(reserve_rate * Decimal::from(base))?;
        let d = base - r + if add_opening { opening } else { 0 };
        let p = round(patronage_rate * Decimal::from(d))?;
        (r, d, p, d - p, None)
    };
    let pool_error = |pool: &str, zh_why: &str, en_why: &str| {
        Error::new(
            "pool-without-weights",
            format!("{pool}无法分配：{zh_why}"),
            format!("{pool} cannot be split: {en_why}"),
        )
    };
    let p_split = split(patronage, &trades).ok_or_else(|| {
        pool_error(
            "按交易量（额）返还的盈余",
            "本年没有任何成员与本社的交易额",
            "no member traded with the co-op this year",
        )
    })?;
    let q_split = split(residual, &bases).ok_or_else(|| {
        pool_error("剩余盈余", "成员的出资额、公积金份额和补助量化份额都为零", "every member's share basis is zero")
    })?;
    let reserve_weights = if reserve_basis == "trade" { &trades } else { &bases };
    let r_split = split(reserve, reserve_weights)
        .ok_or_else(|| pool_error("盈余公积", "量化依据全为零", "its quantification basis is zero for every member"))?;
    let plan_members: Vec<PlanMember> = members
        .iter()
        .enumerate()
        .map(|(i, (_, no, name))| PlanMember {
            no: *no,
            name: name.clone(),
            trade_amount: Money(trades[i]),
            share_basis: Money(bases[i]),
            patronage: Money(p_split[i]),
            residual: Money(q_split[i]),
            reserve_share: Money(r_split[i]),
            total: Money(p_split[i] + q_split[i]),
            paid_via: None,
            pay_voucher_id: None,
        })
        .collect();
    Ok(Computed {
        ids: members.iter().map(|m| m.0).collect(),
        plan: Plan {
            year,
            status: "what-if".into(),
            reserve_rate,
            patronage_rate,
            surplus: Money(s),
            losses: Money(l),
            opening: Money(if add_opening { opening } else { 0 }),
            reserve: Money(reserve),
            distributable: Money(distributable),
            patronage: Money(patronage),
            residual: Money(residual),
            note,
            branch_date: None,
            branch_ref: None,
            meeting_date: None,
            meeting_ref: None,
            post_voucher_id: None,
            pay_voucher_id: None,
            members: plan_members,
        },
    })
}

pub fn no_plan(year: i32) -> Error {
    Error::new(
        "no-plan",
        format!("{year} 年还没有盈余分配方案，请先生成方案"),
        format!("there is no distribution plan for {year}; make one first"),
    )
}

/// The status of `year`'s saved plan, `None` when there is none.
pub(crate) fn status_of(conn: &Connection, year: i32) -> Result<Option<PlanStatus>> {
    let code: Option<String> =
        conn.query_row("SELECT status FROM distribution_plans WHERE year = ?1", [year], |r| r.get(0)).optional()?;
    code.as_deref().map(PlanStatus::parse).transpose()
}

/// The saved plan of `year` (with only `member_id`'s line when given), `None` when there is none.
pub fn saved_of(conn: &Connection, year: i32, member_id: Option<i64>) -> Result<Option<Plan>> {
    match status_of(conn, year)? {
        None => Ok(None),
        Some(_) => load_of(conn, year, member_id).map(Some),
    }
}

/// The saved plan of `year`, `None` when there is none.
pub fn saved(conn: &Connection, year: i32) -> Result<Option<Plan>> {
    saved_of(conn, year, None)
}

/// Loads a saved plan.
pub fn load(conn: &Connection, year: i32) -> Result<Plan> {
    load_of(conn, year, None)
}

/// A year's plan with the line of one member only (by row id), or of all members.
pub fn load_of(conn: &Connection, year: i32, member_id: Option<i64>) -> Result<Plan> {
    let plan = conn
        .query_row(
            "SELECT status, reserve_rate, patronage_rate, surplus_fen, losses_fen, opening_fen, reserve_fen, \
                distributable_fen, patronage_fen, residual_fen,
                    branch_date, branch_ref, meeting_date, meeting_ref, post_voucher_id, pay_voucher_id FROM \
                        distribution_plans WHERE year = ?1",
            [year],
            |r| {
                Ok(Plan {
                    year,
                    status: r.get(0)?,
                    reserve_rate: r.get::<_, String>(1)?.parse().unwrap_or_default(),
                    patronage_rate: r.get::<_, String>(2)?.parse().unwrap_or_default(),
                    surplus: Money(r.get(3)?),
                    losses: Money(r.get(4)?),
                    opening: Money(r.get(5)?),
                    reserve: Money(r.get(6)?),
                    distributable: Money(r.get(7)?),
                    patronage: Money(r.get(8)?),
                    residual: Money(r.get(9)?),
                    note: None,
                    branch_date: r.get(10)?,
                    branch_ref: r.get(11)?,
                    meeting_date: r.get(12)?,
                    meeting_ref: r.get(13)?,
                    post_voucher_id: r.get(14)?,
                    pay_voucher_id: r.get(15)?,
                    members: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| no_plan(year))?;
    let mut st = conn.prepare_cached(
        "SELECT m.no, m.name, l.trade_fen, l.basis_fen, l.patronage_fen, l.residual_fen, l.reserve_fen, l.paid_via, \
            l.pay_voucher_id FROM distribution_lines l JOIN members m ON m.id = l.member_id
         WHERE l.year = ?1 AND (?2 IS NULL OR l.member_id = ?2) ORDER BY m.no",
    )?;
    let members = st
        .query_map(rusqlite::params![year, member_id], |r| {
            let (p, q): (i64, i64) = (r.get(4)?, r.get(5)?);
            Ok(PlanMember {
                no: r.get(0)?,
                name: r.get(1)?,
                trade_amount: Money(r.get(2)?),
                share_basis: Money(r.get(3)?),
                patronage: Money(p),
                residual: Money(q),
                reserve_share: Money(r.get(6)?),
                total: Money(p + q),
                paid_via: r.get(7)?,
                pay_voucher_id: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Plan {
        members,
        note: (plan.surplus.fen() - plan.losses.fen() <= 0).then(|| "无可分配盈余".to_string()),
        ..plan
    })
}

/// Makes (or remakes, while draft) the plan for a year; `what_if` computes without saving.
pub fn plan_in(
    tx: &mut Tx,
    year: i32,
    reserve_rate: Option<&str>,
    patronage_rate: Option<&str>,
    what_if: bool,
) -> Result<Plan> {
    let charter = tx.query_row("SELECT reserve_rate, patronage_rate FROM coop WHERE id = 1", [], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let r = parse_rate(reserve_rate.unwrap_or(&charter.0), "reserve_rate")?;
    let p = parse_rate(patronage_rate.unwrap_or(&charter.1), "patronage_rate")?;
    let c = compute(tx, year, r, p, false, "share")?;
    if what_if {
        return Ok(c.plan);
    }
    match status_of(tx, year)? {
        None | Some(PlanStatus::Draft) => {}
        Some(s @ (PlanStatus::Reviewed | PlanStatus::Approved | PlanStatus::Posted | PlanStatus::Paid)) => {
            return Err(Error::new(
                "plan-locked",
                format!("{year} 年分配方案已{}，不能重新计算", s.zh()),
                format!("the {year} plan is {s} and cannot be recomputed"),
            ))
        }
    }
    let pl = &c.plan;
    tx.execute("DELETE FROM distribution_lines WHERE year = ?1", [year])?;
    tx.execute(
        "INSERT OR REPLACE INTO distribution_plans (year, reserve_rate, patronage_rate, add_opening, reserve_basis, \
            status, surplus_fen, losses_fen, opening_fen, reserve_fen, distributable_fen, patronage_fen, residual_fen)
         VALUES (?1, ?2, ?3, 0, 'share', 'draft', ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            year,
            r.to_string(),
            p.to_string(),
            pl.surplus.fen(),
            pl.losses.fen(),
            pl.opening.fen(),
            pl.reserve.fen(),
            pl.distributable.fen(),
            pl.patronage.fen(),
            pl.residual.fen()
        ],
    )?;
    for (m, id) in pl.members.iter().zip(&c.ids) {
        tx.prepare_cached(
            "INSERT INTO distribution_lines (year, member_id, trade_fen, basis_fen, patronage_fen, \
            residual_fen, reserve_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            year,
            id,
            m.trade_amount.fen(),
            m.share_basis.fen(),
            m.patronage.fen(),
            m.residual.fen(),
            m.reserve_share.fen()
        ])?;
    }
    tx.log(
        "distribution.plan",
        "distribution",
        year,
        &serde_json::json!({"year": year, "reserve_rate": r.to_string(), "patronage_rate": p.to_string(),
            "surplus": pl.surplus, "losses": pl.losses, "reserve": pl.reserve, "distributable": pl.distributable,
                "patronage": pl.patronage, "residual": pl.residual}),
    )?;
    load(tx, year)
}

/// Records the Party branch's review (党支部研究审议) of a draft plan.
pub fn approve_branch_in(tx: &mut Tx, year: i32, date: &str, reference: &str) -> Result<Plan> {
    let date = parse_date(date, "date")?;
    if reference.trim().is_empty() {
        return Err(Error::new(
            "field-required",
            "请填写党支部会议记录编号",
            "the branch minutes reference is required",
        )
        .at("reference"));
    }
    match status_of(tx, year)? {
        None => return Err(no_plan(year)),
        Some(PlanStatus::Draft) => {}
        Some(s @ (PlanStatus::Reviewed | PlanStatus::Approved | PlanStatus::Posted | PlanStatus::Paid)) => {
            return Err(Error::new(
                "plan-state",
                format!("{year} 年分配方案已{}", s.zh()),
                format!("the {year} plan is already {s}"),
            ))
        }
    }
    tx.execute(
        "UPDATE distribution_plans SET status = 'reviewed', branch_date = ?1, branch_ref = ?2 WHERE year = ?3",
        params![date, reference.trim(), year],
    )?;
    tx.log(
        "distribution.branch",
        "distribution",
        year,
        &serde_json::json!({"year": year, "date": date, "ref": reference.trim()}),
    )?;
    load(tx, year)
}

/// Records the members' meeting's approval (成员大会决议) of a reviewed plan.
pub fn approve_meeting_in(tx: &mut Tx, year: i32, date: &str, reference: &str) -> Result<Plan> {
    let date = parse_date(date, "date")?;
    if reference.trim().is_empty() {
        return Err(
            Error::new("field-required", "请填写成员大会决议文号", "the resolution number is required").at("reference")
        );
    }
    match status_of(tx, year)? {
        None => return Err(no_plan(year)),
        Some(PlanStatus::Reviewed) => {}
        Some(PlanStatus::Draft) => {
            return Err(Error::new(
                "branch-review-required",
                "重大事项须先经村党支部研究审议，再提交成员大会",
                "the Party branch must review the plan before the members' meeting",
            ))
        }
        Some(s @ (PlanStatus::Approved | PlanStatus::Posted | PlanStatus::Paid)) => {
            return Err(Error::new(
                "plan-state",
                format!("{year} 年分配方案已{}", s.zh()),
                format!("the {year} plan is already {s}"),
            ))
        }
    }
    let branch: String =
        tx.query_row("SELECT branch_date FROM distribution_plans WHERE year = ?1", [year], |r| r.get(0))?;
    if date < branch {
        return Err(Error::new(
            "approval-order",
            format!("成员大会日期 {date} 早于党支部审议日期 {branch}"),
            format!("the meeting ({date}) is before the branch review ({branch})"),
        )
        .at("date"));
    }
    tx.execute(
        "UPDATE distribution_plans SET status = 'approved', meeting_date = ?1, meeting_ref = ?2 WHERE year = ?3",
        params![date, reference.trim(), year],
    )?;
    tx.log(
        "distribution.meeting",
        "distribution",
        year,
        &serde_json::json!({"year": year, "date": date, "ref": reference.trim()}),
    )?;
    load(tx, year)
}

fn line(account: &str, d: Money, c: Money, member: Option<i64>) -> NewLine {
    NewLine {
        account: account.into(),
        debit: if d.is_zero() { String::new() } else { d.to_string() },
        credit: if c.is_zero() { String::new() } else { c.to_string() },
        member: member.map(|m| m.to_string()),
        summary: None,
    }
}

/// Posts an approved plan: Dr 331 / Cr 332 (S); Dr 332 / Cr 322 (R per member), Cr 221 (P per
/// member), Cr 222 (Q per member). Dated the members' meeting.
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
    let plan = load(tx, year)?;
    if plan.surplus.fen() - plan.losses.fen() <= 0 {
        return Err(Error::new(
            "nothing-to-distribute",
            format!("{year} 年无可分配盈余，无需记账"),
            format!("{year} has nothing to distribute"),
        ));
    }
    let date = plan.meeting_date.clone().unwrap_or_else(|| format!("{year:04}-12-31"));
    let to_332 = plan.reserve + plan.patronage + plan.residual;
    // Before the year is closed the surplus is still in 331 (the close carries P&L there): move it
    // to 332 first. After, the close has already put it in 332.
    let mut lines = if crate::ledger::period::year_is_closed(tx, year)? {
        vec![line("332", to_332, Money::ZERO, None)]
    } else {
        vec![
            line("331", plan.surplus, Money::ZERO, None),
            line("332", Money::ZERO, plan.surplus, None),
            line("332", to_332, Money::ZERO, None),
        ]
    };
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
    pub fn distribution_plan(
        &mut self,
        year: i32,
        reserve_rate: Option<&str>,
        patronage_rate: Option<&str>,
        what_if: bool,
    ) -> Result<Plan> {
        if what_if {
            let charter = self.coop()?.charter;
            let r = parse_rate(reserve_rate.unwrap_or(&charter.reserve_rate.to_string()), "reserve_rate")?;
            let p = parse_rate(patronage_rate.unwrap_or(&charter.patronage_rate.to_string()), "patronage_rate")?;
            return Ok(compute(&self.conn, year, r, p, false, "share")?.plan);
        }
        self.write(crate::store::access::Perm::Distribute, |tx| plan_in(tx, year, reserve_rate, patronage_rate, false))
    }
    pub fn distribution(&self, year: i32) -> Result<Plan> {
        load(&self.conn, year)
    }
    pub fn approve_branch(&mut self, year: i32, date: &str, reference: &str) -> Result<Plan> {
        self.write(crate::store::access::Perm::Approve, |tx| approve_branch_in(tx, year, date, reference))
    }
    pub fn approve_meeting(&mut self, year: i32, date: &str, reference: &str) -> Result<Plan> {
        self.write(crate::store::access::Perm::Approve, |tx| approve_meeting_in(tx, year, date, reference))
    }
    pub fn post_distribution(&mut self, year: i32) -> Result<i64> {
        self.write(crate::store::access::Perm::Distribute, |tx| post_in(tx, year))
    }
    /// Pays the posted plan to every member not yet paid, or with `member` to that member only.
    pub fn pay_distribution(&mut self, year: i32, via: &str, date: Option<&str>, member: Option<i64>) -> Result<i64> {
        self.write(crate::store::access::Perm::Pay, |tx| pay_in(tx, year, via, date, member))
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn largest_remainder() {
        // 100 分 over 1:1:1 → 34, 33, 33 (the tie goes to the lowest number).
        assert_eq!(split(100, &[1, 1, 1]), Some(vec![34, 33, 33]));
        // 10 分 over 3:3:4 → exact 3, 3, 4.
        assert_eq!(split(10, &[3, 3, 4]), Some(vec![3, 3, 4]));
        // 7 分 over 1:2:4 (W = 7): exact.
        assert_eq!(split(7, &[1, 2, 4]), Some(vec![1, 2, 4]));
        // 5 分 over 2:2:1: 2, 2, 1.
        assert_eq!(split(5, &[2, 2, 1]), Some(vec![2, 2, 1]));
        // 1 分 over 0:5:5 → the lower of the equal remainders.
        assert_eq!(split(1, &[0, 5, 5]), Some(vec![0, 1, 0]));
        assert_eq!(split(100, &[0, 0]), None);
        assert_eq!(split(0, &[0, 0]), Some(vec![0, 0]));
    }
}
