//! A member's account (成员账户, Co-operative Law Art. 43) for a year, gathered from the whole book:
//! contributions, share capital and reserve share, trade with the co-op, the surplus returned.

use crate::base::error::Result;
use crate::base::money::Money;
use crate::equity::contribution::{list, Contribution};
use crate::ledger::account::Chart;
use crate::store::book::Book;
use serde::Serialize;

/// A member's account (成员账户, Co-operative Law Art. 43) for a year: what they contributed, their
/// share capital and reserve share, quantified subsidies, and — filled by later capabilities —
/// their trade with the co-op and the surplus returned to them.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberAccount {
    pub no: i64,
    pub name: String,
    pub kind: String,
    pub year: i32,
    pub exited: Option<String>,
    /// Share capital (301) at the year's end.
    pub capital: Money,
    /// Reserve share (322) at the year's end.
    pub reserve: Money,
    /// Quantified subsidies and donations at the year's end.
    pub subsidy: Money,
    /// Patronage refund (221) and residual surplus (222) of the year's surplus, whether the members'
    /// meeting approved them by 31 December or in the next year.
    pub patronage: Money,
    pub residual: Money,
    /// The member's current account (114) at the year's end: positive, the member owes the co-op.
    pub current_account: Money,
    pub contributions: Vec<Contribution>,
    /// Trade with the co-op in the year by product — deliveries and purchases (交易量 / 交易额).
    pub trade: Vec<crate::business::trade::ProductTrade>,
    /// The year's trade amount, the basis of the patronage refund.
    pub trade_amount: Money,
    /// The member's line of the year's distribution plan, when there is one.
    pub distribution: Option<crate::yearend::distribution::PlanMember>,
    /// The year's patronage refund and residual share paid out (or converted to shares).
    pub paid: Money,
}

impl Book {
    pub fn member_account(&self, no: i64, year: i32) -> Result<MemberAccount> {
        let m = self.member(no)?;
        let chart = Chart::load(&self.conn)?;
        let end = format!("{year:04}-12-31");
        let bal = |code: &str| -> Result<Money> {
            Ok(Money(crate::equity::shares::member_balance(&self.conn, &chart, code, m.id, &end)?))
        };
        let returned = |code: &str| -> Result<Money> {
            let by_member = crate::reports::statements::member_accounts::returned(&self.conn, year, code)?;
            Ok(Money(by_member.get(&m.id).copied().unwrap_or(0)))
        };
        let contributions: Vec<Contribution> =
            list(&self.conn, Some(no))?.into_iter().filter(|c| c.date.as_str() <= end.as_str()).collect();
        let subsidy = contributions.iter().filter(|c| c.kind == "subsidy").map(|c| c.amount).sum();
        let trade = crate::business::trade::member_trade_of(&self.conn, year, Some(m.id))?
            .members
            .into_iter()
            .find(|t| t.no == no);
        let distribution = crate::yearend::distribution::saved_of(&self.conn, year, Some(m.id))?
            .and_then(|plan| plan.members.into_iter().find(|l| l.no == no));
        Ok(MemberAccount {
            no,
            name: m.name,
            kind: m.kind,
            year,
            exited: m.exited,
            capital: bal("301")?,
            reserve: bal("322")?,
            subsidy,
            patronage: returned("221")?,
            residual: returned("222")?,
            current_account: bal("114")?,
            contributions,
            trade: trade.as_ref().map(|t| t.products.clone()).unwrap_or_default(),
            trade_amount: trade.as_ref().map(|t| t.amount).unwrap_or_default(),
            paid: distribution.as_ref().filter(|d| d.pay_voucher_id.is_some()).map(|d| d.total).unwrap_or_default(),
            distribution,
        })
    }
}
