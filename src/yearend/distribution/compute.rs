//! Working out a plan: the pools of Art. 44 from the year's surplus and the charter's rates, each
//! split over the members by largest remainder to the last 分.

use super::plan::{load, status_of, Plan, PlanMember, PlanStatus};
use crate::base::error::{Error, Result};
use crate::base::money::{parse_rate, Money};
use crate::equity::coop::patronage_too_low;
use crate::ledger::account::Chart;
use crate::ledger::voucher::voucher_no;
use crate::store::book::{Book, Tx};
use crate::yearend::surplus::figures;
use rusqlite::{params, Connection};
use rust_decimal::{Decimal, RoundingStrategy};
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
    let pool_error = |pool: &str, pool_en: &str, zh_why: &str, en_why: &str| {
        Error::new(
            "pool-without-weights",
            format!("{pool}无法分配：{zh_why}"),
            format!("{pool_en} cannot be split: {en_why}"),
        )
    };
    let p_split = split(patronage, &trades).ok_or_else(|| {
        pool_error(
            "按交易量（额）返还的盈余",
            "the patronage refund pool",
            "本年没有任何成员与本社的交易额",
            "no member traded with the co-op this year",
        )
    })?;
    let q_split = split(residual, &bases).ok_or_else(|| {
        pool_error(
            "剩余盈余",
            "the residual pool",
            "成员的出资额、公积金份额和补助量化份额都为零",
            "every member's share basis is zero",
        )
    })?;
    let reserve_weights = if reserve_basis == "trade" { &trades } else { &bases };
    let r_split = split(reserve, reserve_weights).ok_or_else(|| {
        pool_error("盈余公积", "the reserve", "量化依据全为零", "its quantification basis is zero for every member")
    })?;
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
            reserve_basis: reserve_basis.to_string(),
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
            stale: false,
        },
    })
}

/// What a plan pays, as numbers: its pools and every member's line. Two plans of a year agree when
/// these do (the status, approvals and vouchers aside).
fn figures_of(p: &Plan) -> Vec<i64> {
    let pools = [p.surplus, p.losses, p.opening, p.reserve, p.distributable, p.patronage, p.residual];
    let mut out: Vec<i64> = pools.iter().map(|m| m.fen()).collect();
    for m in &p.members {
        let line = [m.trade_amount, m.share_basis, m.patronage, m.residual, m.reserve_share];
        out.push(m.no);
        out.extend(line.iter().map(|m| m.fen()));
    }
    out
}

/// Whether a saved plan no longer matches the books it was computed from: computed again now with
/// its own rates, a pool or a member's line comes out different — a voucher posted since changed
/// the year's surplus, or a member's trade or shares. A posted (or paid) plan is in the books and
/// never stale: its own vouchers move the reserve shares it was computed from.
pub fn is_stale(conn: &Connection, saved: &Plan) -> Result<bool> {
    if saved.saved_status().is_none_or(PlanStatus::is_posted) {
        return Ok(false);
    }
    let now = compute(conn, saved.year, saved.reserve_rate, saved.patronage_rate, false, &saved.reserve_basis)?.plan;
    Ok(figures_of(saved) != figures_of(&now))
}

/// Refuses to approve or post the plan of `year` unless it still matches the books (see
/// [`is_stale`]).
pub(crate) fn refuse_stale(conn: &Connection, year: i32) -> Result<()> {
    if is_stale(conn, &load(conn, year)?)? {
        return Err(Error::new(
            "plan-stale",
            format!(
                "{year} 年分配方案编制后账簿又有变动（本年盈余、成员交易额或股金变了），请重新计算方案后再审批或记账"
            ),
            format!(
                "the books changed after the {year} plan was computed (the surplus, a member's trade or shares): \
                 recompute it before approving or posting"
            ),
        ));
    }
    Ok(())
}

/// Refuses to approve the plan of `year` while a voucher dated in that year is not posted: what is
/// pending could still change the surplus the plan shares out.
pub(crate) fn refuse_unposted(conn: &Connection, year: i32) -> Result<()> {
    let ym = i64::from(year) * 100;
    let mut st = conn.prepare_cached(
        "SELECT ym, seq FROM vouchers WHERE ym BETWEEN ?1 AND ?2 AND status != 'posted' ORDER BY ym, seq",
    )?;
    let pending: Vec<String> = st
        .query_map([ym + 1, ym + 12], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
        .map(|r| r.map(|(m, seq)| format!("{} {}", crate::base::date::month_text(m), voucher_no(seq))))
        .collect::<rusqlite::Result<_>>()?;
    if pending.is_empty() {
        return Ok(());
    }
    let list = pending.iter().take(5).cloned().collect::<Vec<_>>().join("、");
    let more = if pending.len() > 5 { "等" } else { "" };
    Err(Error::new(
        "year-has-unposted",
        format!(
            "{year} 年还有 {} 张凭证未记账（{list}{more}），盈余尚未确定：请先审核记账，再审批分配方案",
            pending.len()
        ),
        format!(
            "{year} has {} voucher(s) not posted ({list}); the surplus is not final: post them before approving \
             the plan",
            pending.len()
        ),
    ))
}

/// Makes (or remakes, while draft) the plan for a year; `what_if` computes without saving.
/// What the reserve is quantified to the members by: `share` (the default) or `trade`.
pub(crate) fn parse_basis(basis: Option<&str>) -> Result<&'static str> {
    match basis.map(str::trim).unwrap_or("share") {
        "" | "share" | "出资" => Ok("share"),
        "trade" | "交易额" => Ok("trade"),
        other => Err(Error::new(
            "invalid-reserve-basis",
            format!("公积金量化依据“{other}”无效，应为 share（按出资额和公积金份额）或 trade（按交易额）"),
            format!("reserve basis \"{other}\" is not share (by shares) or trade (by trade amount)"),
        )
        .at("reserve_basis")),
    }
}

pub fn plan_in(
    tx: &mut Tx,
    year: i32,
    reserve_rate: Option<&str>,
    patronage_rate: Option<&str>,
    what_if: bool,
) -> Result<Plan> {
    plan_with(tx, year, reserve_rate, patronage_rate, what_if, None)
}

/// [`plan_in`] with the basis the reserve is quantified by (财会〔2021〕37号, 322 盈余公积: quantified
/// to the members "按照章程规定" — by their shares or by their trade).
pub fn plan_with(
    tx: &mut Tx,
    year: i32,
    reserve_rate: Option<&str>,
    patronage_rate: Option<&str>,
    what_if: bool,
    reserve_basis: Option<&str>,
) -> Result<Plan> {
    let basis = parse_basis(reserve_basis)?;
    let charter = tx.query_row("SELECT reserve_rate, patronage_rate FROM coop WHERE id = 1", [], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let r = parse_rate(reserve_rate.unwrap_or(&charter.0), "reserve_rate")?;
    let p = parse_rate(patronage_rate.unwrap_or(&charter.1), "patronage_rate")?;
    let c = compute(tx, year, r, p, false, basis)?;
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
         VALUES (?1, ?2, ?3, 0, ?11, 'draft', ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
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
            pl.residual.fen(),
            basis
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
            "reserve_basis": basis,
            "surplus": pl.surplus, "losses": pl.losses, "reserve": pl.reserve, "distributable": pl.distributable,
                "patronage": pl.patronage, "residual": pl.residual}),
    )?;
    load(tx, year)
}

impl Book {
    pub fn distribution_plan(
        &mut self,
        year: i32,
        reserve_rate: Option<&str>,
        patronage_rate: Option<&str>,
        what_if: bool,
    ) -> Result<Plan> {
        self.distribution_plan_by(year, reserve_rate, patronage_rate, what_if, None)
    }

    /// [`Book::distribution_plan`] with the basis the reserve is quantified by: `share` (the
    /// default) or `trade`, as the charter says.
    pub fn distribution_plan_by(
        &mut self,
        year: i32,
        reserve_rate: Option<&str>,
        patronage_rate: Option<&str>,
        what_if: bool,
        reserve_basis: Option<&str>,
    ) -> Result<Plan> {
        if what_if {
            let charter = self.coop()?.charter;
            let r = parse_rate(reserve_rate.unwrap_or(&charter.reserve_rate.to_string()), "reserve_rate")?;
            let p = parse_rate(patronage_rate.unwrap_or(&charter.patronage_rate.to_string()), "patronage_rate")?;
            return Ok(compute(&self.conn, year, r, p, false, parse_basis(reserve_basis)?)?.plan);
        }
        self.write(crate::store::access::Perm::Distribute, |tx| {
            plan_with(tx, year, reserve_rate, patronage_rate, false, reserve_basis)
        })
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
