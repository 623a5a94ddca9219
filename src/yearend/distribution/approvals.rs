//! The two approvals a plan needs before it posts: the Party branch's review (党支部研究审议),
//! then the members' meeting (成员大会).

use super::compute::{refuse_stale, refuse_unposted};
use super::plan::{load, no_plan, status_of, Plan, PlanStatus};
use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::store::book::{Book, Tx};
use rusqlite::params;

/// An approval's date: a real date, not after today (a meeting cannot have approved what it has
/// not yet met on), and — for the members' meeting, whose date the plan posts on — in a month still
/// open.
fn approval_date(tx: &Tx, date: &str, posts: bool) -> Result<String> {
    let date = parse_date(date, "date")?;
    if date > tx.today {
        return Err(Error::new(
            "date-in-future",
            format!("审议日期 {date} 晚于今天 {}：只能记录已经召开的会议", tx.today),
            format!("the approval date {date} is after today ({}): record only a meeting that has met", tx.today),
        )
        .at("date"));
    }
    let ym = date[..4].parse::<i64>().unwrap_or(0) * 100 + date[5..7].parse::<i64>().unwrap_or(0);
    if posts && crate::ledger::period::month_is_closed(tx, ym)? {
        return Err(Error::new(
            "period-closed",
            format!("{} 已结账：成员大会日期是分配记账的日期，须在未结账的月份", &date[..7]),
            format!("{} is closed: the plan posts on the meeting's date, which must fall in an open month", &date[..7]),
        )
        .at("date"));
    }
    Ok(date)
}

/// Records the Party branch's review (党支部研究审议) of a draft plan.
pub fn approve_branch_in(tx: &mut Tx, year: i32, date: &str, reference: &str) -> Result<Plan> {
    let date = approval_date(tx, date, false)?;
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
    refuse_unposted(tx, year)?;
    refuse_stale(tx, year)?;
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
    let date = approval_date(tx, date, true)?;
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
    refuse_unposted(tx, year)?;
    refuse_stale(tx, year)?;
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

impl Book {
    pub fn approve_branch(&mut self, year: i32, date: &str, reference: &str) -> Result<Plan> {
        self.write(crate::store::access::Perm::Approve, |tx| approve_branch_in(tx, year, date, reference))
    }

    pub fn approve_meeting(&mut self, year: i32, date: &str, reference: &str) -> Result<Plan> {
        self.write(crate::store::access::Perm::Approve, |tx| approve_meeting_in(tx, year, date, reference))
    }
}
