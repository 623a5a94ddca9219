//! The share register (股权登记) at any date: each member's share capital (301 股金, from the
//! ledger) split by how it was contributed, their quantified subsidy share (311), their share of
//! the total, and the compliance flags the charter and the law ask for.
//!
//! Invariant: the register's total is the 301 balance at that date, by construction — per-member
//! totals come from the member sub-ledger; the split by kind comes from the contribution
//! documents, and anything posted to 301 by hand shows as `other`.

use crate::base::date::{parse_date, ym_of};
use crate::base::error::Result;
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::store::book::Book;
use rusqlite::{params, Connection};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ShareRow {
    pub no: i64,
    pub name: String,
    pub kind: String,
    pub cash: Money,
    pub land: Money,
    pub labour: Money,
    pub asset: Money,
    /// Quantified subsidies and donations (311): the member's share on paper, not in `total`.
    pub subsidy: Money,
    /// Share capital posted to 301 without a contribution document.
    pub other: Money,
    /// The member's 301 balance.
    pub total: Money,
    /// `total` over the register's total, 4 decimals (`"0.3000"`).
    pub share: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Flag {
    /// `collective-below-minimum`, `no-collective`, `farmers-below-80`, `member-above-cap`.
    pub code: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ShareRegister {
    pub at: String,
    /// Σ of the members' 301 balances = the 301 balance.
    pub total: Money,
    pub subsidy_total: Money,
    /// The collective's share, null without share capital.
    pub collective_share: Option<String>,
    pub members_count: i64,
    /// Natural persons (farmers, Party members, village cadres) among the members.
    pub farmers_count: i64,
    pub flags: Vec<Flag>,
    pub members: Vec<ShareRow>,
}

/// A fraction rounded half away from zero to 4 decimals, as text.
pub fn fraction(part: i64, whole: i64) -> Option<Decimal> {
    (whole != 0).then(|| {
        (Decimal::from(part) / Decimal::from(whole)).round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
    })
}

fn pct(d: Decimal) -> String {
    format!("{}%", (d * Decimal::ONE_HUNDRED).round_dp(2).normalize())
}

/// Balances per member of the leaf accounts under `code` at `date` (normal side: credit-positive
/// for credit-normal accounts).
pub fn member_balances(conn: &Connection, chart: &Chart, code: &str, date: &str) -> Result<HashMap<i64, i64>> {
    let ids: Vec<String> =
        chart.accounts.iter().filter(|a| a.leaf && a.code.starts_with(code)).map(|a| a.id.to_string()).collect();
    let dir = chart.get(code).map(|a| a.direction).unwrap_or(-1);
    let ids = ids.join(",");
    let ym = ym_of(date);
    let mut out: HashMap<i64, i64> = HashMap::new();
    let mut st = conn.prepare(&format!(
        "SELECT member_id, SUM(debit_fen - credit_fen) FROM member_totals WHERE account_id IN ({ids}) AND ym < ?1 \
            GROUP BY member_id
         UNION ALL
         SELECT l.member_id, SUM(l.debit_fen - l.credit_fen) FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
         WHERE l.account_id IN ({ids}) AND v.status = 'posted' AND v.ym = ?1 AND l.date <= ?2 AND l.member_id IS NOT \
             NULL GROUP BY l.member_id"
    ))?;
    let mut rows = st.query(params![ym, date])?;
    while let Some(r) = rows.next()? {
        *out.entry(r.get(0)?).or_default() += dir * r.get::<_, i64>(1)?;
    }
    Ok(out)
}

/// One member's balance of the leaf accounts under `code` at `date` (normal side), read from
/// that member's monthly totals and the lines of `date`'s month only.
pub fn member_balance(conn: &Connection, chart: &Chart, code: &str, member_id: i64, date: &str) -> Result<i64> {
    let ids: Vec<String> =
        chart.accounts.iter().filter(|a| a.leaf && a.code.starts_with(code)).map(|a| a.id.to_string()).collect();
    let dir = chart.get(code).map(|a| a.direction).unwrap_or(-1);
    let ids = ids.join(",");
    let net: i64 = conn
        .prepare_cached(&format!(
            "SELECT (SELECT COALESCE(SUM(debit_fen - credit_fen), 0) FROM member_totals WHERE member_id = ?1 AND \
            account_id IN ({ids}) AND ym < ?2)
              + (SELECT COALESCE(SUM(l.debit_fen - l.credit_fen), 0) FROM voucher_lines l JOIN vouchers v ON v.id = \
                  l.voucher_id
                 WHERE l.member_id = ?1 AND l.account_id IN ({ids}) AND v.status = 'posted' AND v.ym = ?2 AND l.date \
                     <= ?3)"
        ))?
        .query_row(params![member_id, ym_of(date), date], |r| r.get(0))?;
    Ok(dir * net)
}

pub fn register(conn: &Connection, at: &str) -> Result<ShareRegister> {
    let at = parse_date(at, "at")?;
    let chart = Chart::load(conn)?;
    let capital = member_balances(conn, &chart, "301", &at)?;
    let mut by_kind: HashMap<(i64, String), i64> = HashMap::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT member_id, kind, SUM(amount_fen) FROM contributions WHERE date <= ?1 \
            AND reversal_voucher_id IS NULL GROUP BY member_id, kind",
        )?;
        let mut rows = st.query([&at])?;
        while let Some(r) = rows.next()? {
            by_kind.insert((r.get(0)?, r.get(1)?), r.get(2)?);
        }
    }
    let (min, cap): (String, String) =
        conn.query_row("SELECT collective_min_share, member_cap FROM coop WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let min: Decimal = min.parse().unwrap_or(Decimal::new(30, 2));
    let cap: Decimal = cap.parse().unwrap_or(Decimal::new(20, 2));
    let total: i64 = capital.values().sum();
    let mut members = Vec::new();
    let (mut count, mut farmers, mut subsidy_total) = (0i64, 0i64, 0i64);
    let mut collective: Option<i64> = None;
    let mut over_cap = Vec::new();
    let mut st = conn.prepare_cached("SELECT id, no, name, kind, joined, exited FROM members ORDER BY no")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (id, no, name, kind, joined, exited): (i64, i64, String, String, String, Option<String>) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        let get = |k: &str| by_kind.get(&(id, k.to_string())).copied().unwrap_or(0);
        let member_total = capital.get(&id).copied().unwrap_or(0);
        let active = joined.as_str() <= at.as_str() && exited.as_deref().is_none_or(|x| x > at.as_str());
        if !active && member_total == 0 && get("subsidy") == 0 {
            continue;
        }
        if active {
            count += 1;
            if matches!(kind.as_str(), "farmer" | "party" | "cadre") {
                farmers += 1;
            }
        }
        let classified = get("cash") + get("land") + get("labour") + get("asset");
        let share = fraction(member_total, total);
        if kind == "collective" {
            collective = Some(collective.unwrap_or(0) + member_total);
        } else if share.is_some_and(|s| s > cap) {
            over_cap.push((no, name.clone(), share.unwrap_or_default()));
        }
        subsidy_total += get("subsidy");
        members.push(ShareRow {
            no,
            name,
            kind,
            cash: Money(get("cash")),
            land: Money(get("land")),
            labour: Money(get("labour")),
            asset: Money(get("asset")),
            subsidy: Money(get("subsidy")),
            other: Money(member_total - classified),
            total: Money(member_total),
            share: share.map(|s| format!("{s:.4}")).unwrap_or_else(|| "0.0000".into()),
        });
    }
    let collective_share = collective.and_then(|c| fraction(c, total));
    let mut flags = Vec::new();
    match (collective, collective_share) {
        (None, _) => flags.push(Flag {
            code: "no-collective".into(),
            zh: "村集体尚未登记为成员".into(),
            en: "the village collective is not a member".into(),
        }),
        (Some(_), Some(s)) if s < min => flags.push(Flag {
            code: "collective-below-minimum".into(),
            zh: format!("村集体占股 {}，低于章程规定的 {}", pct(s), pct(min)),
            en: format!("the collective holds {}, below the charter's minimum of {}", pct(s), pct(min)),
        }),
        _ => {}
    }
    if count > 0 && Decimal::from(farmers) < Decimal::from(count) * Decimal::new(8, 1) {
        flags.push(Flag {
            code: "farmers-below-80".into(),
            zh: format!(
                "农民成员（含党员、村干部）{farmers} 人，占成员总数 {count} 人的 {}，低于法定的 80%",
                pct(fraction(farmers, count).unwrap_or_default())
            ),
            en: format!(
                "{farmers} of {count} members are farmers ({}), below the legal 80%",
                pct(fraction(farmers, count).unwrap_or_default())
            ),
        });
    }
    for (no, name, s) in over_cap {
        flags.push(Flag {
            code: "member-above-cap".into(),
            zh: format!("{no} 号成员 {name} 占股 {}，超过章程上限 {}", pct(s), pct(cap)),
            en: format!("member no. {no} ({name}) holds {}, above the charter's cap of {}", pct(s), pct(cap)),
        });
    }
    Ok(ShareRegister {
        at,
        total: Money(total),
        subsidy_total: Money(subsidy_total),
        collective_share: collective_share.map(|s| format!("{s:.4}")),
        members_count: count,
        farmers_count: farmers,
        flags,
        members,
    })
}

impl Book {
    pub fn shares(&self, at: &str) -> Result<ShareRegister> {
        register(&self.conn, at)
    }
}
