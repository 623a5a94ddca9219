//! The report across villages: co-ops, members, collective share, sales by channel, surplus,
//! distribution and collective income (villages at 500,000 元 or more counted).

use super::villages::Township;
use crate::base::error::Result;
use crate::base::money::Money;
use crate::store::book::Book;
use rusqlite::params;
use serde::Serialize;
use std::collections::BTreeMap;

/// One village's figures for a year, as the township report shows them.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VillageFigures {
    pub uscc: String,
    pub name: String,
    pub village: String,
    pub last_seq: i64,
    /// Members at the year's end (not exited), and by kind.
    pub members: i64,
    pub kinds: BTreeMap<String, i64>,
    /// The village collective's share of the share capital, 4 decimals; none without capital.
    pub collective_share: Option<String>,
    /// Contributions made in the year (reversed ones left out), in total and by kind.
    pub contributions: Money,
    pub contributions_by_kind: BTreeMap<String, Money>,
    pub sales: Money,
    pub sales_by_channel: BTreeMap<String, Money>,
    /// Sales by month, "01" … "12".
    pub sales_by_month: BTreeMap<String, Money>,
    /// S: the year's surplus (会农社02 line 15).
    pub surplus: Money,
    /// The year's distribution when posted: reserve, patronage refund, residual, and P + Q.
    pub reserve: Money,
    pub patronage: Money,
    pub residual: Money,
    pub distributed: Money,
    /// P / (P + Q), 4 decimals, when something was distributed.
    pub patronage_share: Option<String>,
    /// What the village collective received from the year's distribution (its refund and residual).
    pub collective_income: Money,
    /// `distributed` per member, rounded to the 分.
    pub per_member: Money,
    /// `collective-below-30`, `patronage-below-60`.
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TownshipTotals {
    pub coops: i64,
    pub members: i64,
    pub contributions: Money,
    pub sales: Money,
    pub surplus: Money,
    pub distributed: Money,
    pub collective_income: Money,
    /// Villages whose collective income from the co-op reached 500,000 元, and their share.
    pub villages_500k: i64,
    pub villages_500k_share: Option<String>,
    pub flagged: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TownshipReport {
    pub year: i32,
    pub villages: Vec<VillageFigures>,
    pub totals: TownshipTotals,
}

/// 500,000 元 in 分: the collective income the county counts villages against.
pub const COLLECTIVE_INCOME_MARK: i64 = 50_000_000;

fn fraction(num: i64, den: i64) -> Option<String> {
    (den != 0).then(|| {
        format!(
            "{:.4}",
            (rust_decimal::Decimal::from(num) / rust_decimal::Decimal::from(den))
                .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        )
    })
}

fn figures(book: &Book, uscc: &str, last_seq: i64, year: i32) -> Result<VillageFigures> {
    let conn = book.conn();
    let end = format!("{year:04}-12-31");
    let coop = book.coop()?;
    let mut kinds: BTreeMap<String, i64> = BTreeMap::new();
    let mut st = conn.prepare(
        "SELECT kind, COUNT(*) FROM members WHERE joined <= ?1 AND (exited IS NULL OR exited > ?1) GROUP BY kind",
    )?;
    for r in st.query_map([&end], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (k, n) = r?;
        kinds.insert(k, n);
    }
    let members: i64 = kinds.values().sum();
    let mut by_kind: BTreeMap<String, Money> = BTreeMap::new();
    let mut st = conn.prepare(
        "SELECT kind, SUM(amount_fen) FROM contributions WHERE reversal_voucher_id IS NULL AND \
        date BETWEEN ?1 AND ?2 GROUP BY kind",
    )?;
    for r in
        st.query_map(params![format!("{year:04}-01-01"), end], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
    {
        let (k, a) = r?;
        by_kind.insert(k, Money(a));
    }
    let sales = book.sales_report(year)?;
    let chart = crate::ledger::account::Chart::load(conn)?;
    let surplus = crate::yearend::surplus::surplus_of_year(conn, &chart, year)?;
    let plan = crate::yearend::distribution::saved(conn, year)?
        .filter(|p| p.saved_status().is_some_and(crate::yearend::distribution::PlanStatus::is_posted));
    let (reserve, patronage, residual) =
        plan.as_ref().map(|p| (p.reserve, p.patronage, p.residual)).unwrap_or_default();
    let collective: Vec<i64> = conn
        .prepare("SELECT no FROM members WHERE kind = 'collective'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let collective_income: Money = plan
        .as_ref()
        .map(|p| p.members.iter().filter(|m| collective.contains(&m.no)).map(|m| m.patronage + m.residual).sum())
        .unwrap_or_default();
    let distributed = patronage + residual;
    let shares = book.shares(&end)?;
    let mut flags = Vec::new();
    if shares
        .collective_share
        .as_deref()
        .and_then(|s| s.parse::<rust_decimal::Decimal>().ok())
        .is_some_and(|s| s < rust_decimal::Decimal::new(30, 2))
    {
        flags.push("collective-below-30".to_string());
    }
    if plan.as_ref().is_some_and(|p| p.patronage_rate < rust_decimal::Decimal::new(60, 2)) {
        flags.push("patronage-below-60".to_string());
    }
    let per_member = if members > 0 {
        Money::round_from_decimal(distributed.to_decimal() / rust_decimal::Decimal::from(members))?
    } else {
        Money::ZERO
    };
    Ok(VillageFigures {
        uscc: uscc.to_string(),
        name: coop.name,
        village: coop.village,
        last_seq,
        members,
        kinds,
        collective_share: shares.collective_share,
        contributions: by_kind.values().copied().sum(),
        contributions_by_kind: by_kind,
        sales: sales.total,
        sales_by_channel: sales.by_channel.iter().map(|a| (a.key.clone(), a.amount)).collect(),
        sales_by_month: sales.by_month.iter().map(|a| (a.key.clone(), a.amount)).collect(),
        surplus: Money(surplus),
        reserve,
        patronage,
        residual,
        distributed,
        patronage_share: fraction(patronage.fen(), distributed.fen()),
        collective_income,
        per_member,
        flags,
    })
}

impl Township {
    /// The township report for `year`: every village's figures and the totals.
    pub fn report(&self, year: i32) -> Result<TownshipReport> {
        let mut villages = Vec::new();
        let mut st = self.conn.prepare("SELECT uscc, last_seq FROM villages ORDER BY uscc")?;
        let list = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (uscc, seq) in list {
            villages.push(figures(&self.village(&uscc)?, &uscc, seq, year)?);
        }
        let sum = |f: fn(&VillageFigures) -> Money| villages.iter().map(f).sum::<Money>();
        let reached = villages.iter().filter(|v| v.collective_income.fen() >= COLLECTIVE_INCOME_MARK).count() as i64;
        let totals = TownshipTotals {
            coops: villages.len() as i64,
            members: villages.iter().map(|v| v.members).sum(),
            contributions: sum(|v| v.contributions),
            sales: sum(|v| v.sales),
            surplus: sum(|v| v.surplus),
            distributed: sum(|v| v.distributed),
            collective_income: sum(|v| v.collective_income),
            villages_500k: reached,
            villages_500k_share: fraction(reached, villages.len() as i64),
            flagged: villages.iter().filter(|v| !v.flags.is_empty()).count() as i64,
        };
        Ok(TownshipReport { year, villages, totals })
    }
}

/// The file name of the township report's workbook for `year`.
pub fn report_file_name(year: i32) -> String {
    format!("{year}年乡镇汇总.xlsx")
}
