//! The verification code printed on each member's dividend slip (and listed by `slip-codes`): it
//! binds the slip to the co-op, the year, the member's figures and the whole saved plan, so a
//! township reviewer can tell a genuine slip from an altered one.

use crate::base::error::{Error, Result};
use crate::store::book::Book;
use crate::yearend::distribution::{load, Plan, PlanMember};
use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The SHA-256 of a saved plan: its rates, its pools and every member's line (number, trade,
/// share basis, patronage, residual, reserve share, in 分). The status and the approvals are left
/// out, so a slip's code stays valid when the plan is later posted and paid.
pub(crate) fn plan_digest(plan: &Plan) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(format!("coopbook-plan\n{}\n{}\n{}\n", plan.year, plan.reserve_rate, plan.patronage_rate));
    for m in [plan.surplus, plan.losses, plan.opening, plan.reserve, plan.distributable, plan.patronage, plan.residual]
    {
        h.update(format!("{}\n", m.fen()));
    }
    for m in &plan.members {
        h.update(format!(
            "{}|{}|{}|{}|{}|{}\n",
            m.no,
            m.trade_amount.fen(),
            m.share_basis.fen(),
            m.patronage.fen(),
            m.residual.fen(),
            m.reserve_share.fen()
        ));
    }
    h.finalize().into()
}

/// A slip's code from the co-op's USCC, the year, the member's line and the plan's digest.
pub(crate) fn code_of(uscc: &str, year: i32, m: &PlanMember, digest: &[u8; 32]) -> String {
    let mut h = Sha256::new();
    h.update(format!(
        "coopbook-slip\n{uscc}\n{year}\n{}\n{}\n{}\n{}\n{}\n",
        m.no,
        m.patronage.fen(),
        m.residual.fen(),
        m.total.fen(),
        hex::encode(digest)
    ));
    let hex = hex::encode_upper(&h.finalize()[..4]);
    format!("{}-{}", &hex[..4], &hex[4..])
}

/// The slip's verification code, e.g. "7F3A-91C2": from a SHA-256 over the co-op's USCC, the
/// year, the member no, the member's patronage/residual/total in 分 and a digest of the whole saved
/// plan (every line), so any change to the plan changes every code.
pub fn slip_code(conn: &Connection, year: i32, no: i64) -> Result<String> {
    let plan = load(conn, year)?;
    let line = plan_line(conn, &plan, no)?;
    Ok(code_of(&uscc(conn)?, year, line, &plan_digest(&plan)))
}

fn uscc(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT uscc FROM coop WHERE id = 1", [], |r| r.get(0))?)
}

/// A member's line in the plan: `unknown-member` when there is no such member, `not-in-plan`
/// when the member has no line.
pub(crate) fn plan_line<'p>(conn: &Connection, plan: &'p Plan, no: i64) -> Result<&'p PlanMember> {
    if let Some(m) = plan.members.iter().find(|m| m.no == no) {
        return Ok(m);
    }
    let member = crate::ledger::member::by_no(conn, no)?
        .ok_or_else(|| crate::ledger::member::unknown_member(&no.to_string()))?;
    Err(Error::new(
        "not-in-plan",
        format!("{no} 号成员 {} 不在 {} 年度盈余分配方案中", member.name, plan.year),
        format!("member no. {no} ({}) has no line in the {} distribution plan", member.name, plan.year),
    )
    .at("member"))
}

/// A member's slip verification code (校验码), as printed on the slip.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SlipCode {
    pub no: i64,
    pub code: String,
}

impl Book {
    /// The verification code of every member of the saved plan, in number order.
    pub fn slip_codes(&self, year: i32) -> Result<Vec<SlipCode>> {
        load(&self.conn, year)?
            .members
            .iter()
            .map(|m| Ok(SlipCode { no: m.no, code: slip_code(&self.conn, year, m.no)? }))
            .collect()
    }
}
