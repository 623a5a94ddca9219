//! The two approvals a plan needs before it posts: the Party branch's review (党支部研究审议),
//! then the members' meeting (成员大会).

use super::compute::{refuse_stale, refuse_unposted};
use super::plan::{load, no_plan, status_of, Plan, PlanStatus};
use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::store::book::{Book, Tx};
use rusqlite::params;

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
