//! A distribution plan as saved: its pools, its members' lines and where it stands.

use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::store::book::Book;
use crate::yearend::surplus::surplus_and_losses;
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::Serialize;

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
    /// What the reserve R is quantified to the members by (their 公积金份额), as the charter says:
    /// `share` (出资额 + 公积金份额 + quantified subsidies, as the residual) or `trade` (交易额).
    pub reserve_basis: String,
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
    /// The books changed after the plan was computed (the year's surplus, a member's trade or
    /// shares): it must be recomputed before it is approved or posted. Only a saved plan read
    /// through [`Book::distribution`] says so; a plan just computed is never stale.
    pub stale: bool,
}

/// The year has something to distribute and its distribution is not posted yet.
pub(crate) fn pending(conn: &Connection, year: i32) -> Result<bool> {
    let chart = Chart::load(conn)?;
    let (s, l) = surplus_and_losses(conn, &chart, year)?;
    Ok(s - l > 0 && !status_of(conn, year)?.is_some_and(PlanStatus::is_posted))
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

/// The members' meeting's date of `year`'s plan, once the meeting has approved it.
pub(crate) fn meeting_date(conn: &Connection, year: i32) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT meeting_date FROM distribution_plans WHERE year = ?1", [year], |r| r.get(0))
        .optional()?
        .flatten())
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
                    branch_date, branch_ref, meeting_date, meeting_ref, post_voucher_id, pay_voucher_id, reserve_basis \
                        FROM distribution_plans WHERE year = ?1",
            [year],
            |r| {
                Ok(Plan {
                    year,
                    status: r.get(0)?,
                    reserve_rate: r.get::<_, String>(1)?.parse().unwrap_or_default(),
                    patronage_rate: r.get::<_, String>(2)?.parse().unwrap_or_default(),
                    reserve_basis: r.get(16)?,
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
                    stale: false,
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

impl Book {
    /// The saved plan of `year`, saying whether the books have changed under it.
    pub fn distribution(&self, year: i32) -> Result<Plan> {
        let mut plan = load(&self.conn, year)?;
        // A plan the books no longer let anyone compute (say, every delivery reversed) does not
        // match them either; the approvals say why when they refuse it.
        plan.stale = crate::yearend::distribution::compute::is_stale(&self.conn, &plan).unwrap_or(true);
        Ok(plan)
    }
}
