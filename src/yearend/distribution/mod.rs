//! The year-end surplus distribution of Co-operative Law Art. 44, exactly as DESIGN.md §3 gives it:
//! the year's surplus S less earlier losses L; the reserve R = round(r × (S − L)); the
//! distributable D = S − L − R (+ opening undistributed when the charter says so); the patronage
//! pool P = round(p × D) with p ≥ 60 %, split by each member's trade with the co-op; the residual
//! pool Q = D − P, split by each member's share basis (出资额 + 公积金份额 + quantified subsidies).
//!
//! Invariants: every pool is paid out to the last 分 by the largest-remainder rule (ties to the lower
//! member number), so the result is deterministic; nothing posts before the Party branch's review
//! and the members' meeting's approval; a posted plan changes only by reversing its vouchers.

//!
//! In files: [`plan`] (the plan, its members' lines and its status), [`compute`] (the pools and the
//! largest-remainder split), [`approvals`] (the Party branch's review, the members' meeting),
//! [`posting`] (posting, paying, and stepping back when those vouchers are reversed).

pub mod approvals;
pub mod compute;
pub mod plan;
pub mod posting;

pub use approvals::{approve_branch_in, approve_meeting_in};
pub use compute::{plan_in, plan_with, split};
pub use plan::{load, load_of, no_plan, saved, saved_of, Plan, PlanMember, PlanStatus};
pub(crate) use plan::{meeting_date, pending, status_of};
pub use posting::{pay_in, post_in, reverse_voucher_in};
