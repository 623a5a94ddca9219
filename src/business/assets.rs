//! The fixed-asset register (置业: mushroom houses, cold stores, machines): acquisition, monthly
//! straight-line depreciation run for a month as one voucher, and disposal.
//!
//! Invariants: an asset depreciates from the month after it is acquired (当月增加当月不提) until its
//! cost less residual value is written off exactly — each month the rounded monthly amount, the
//! last month whatever is left; a month is depreciated once; a disposed asset stops.

use crate::base::date::{month_text, parse_date, parse_month, ym_of};
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewAsset {
    pub name: String,
    #[serde(default)]
    pub category: Option<String>,
    pub acquired: String,
    pub cost: String,
    #[serde(default)]
    pub residual: Option<String>,
    pub life_months: String,
    /// Where depreciation is charged: a 折旧费 sub-account of 521 经营支出 (default, assets used in
    /// the business) or of 523 管理费用.
    #[serde(default)]
    pub expense_account: Option<String>,
    /// How it was paid: bank or cash posts Dr 151 / Cr 102 or 101; none registers an asset whose
    /// cost is already on 151 (opening books).
    #[serde(default)]
    pub paid: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssetRow {
    pub id: i64,
    pub name: String,
    pub category: Option<String>,
    pub acquired: String,
    pub cost: Money,
    pub residual: Money,
    pub life_months: i64,
    pub monthly: Money,
    pub months_depreciated: i64,
    pub accumulated: Money,
    pub net: Money,
    pub disposed: Option<String>,
}

/// The rounded monthly amount: (cost − residual) / life, half away from zero.
pub fn monthly(cost: i64, residual: i64, life: i64) -> i64 {
    (Decimal::from(cost - residual) / Decimal::from(life.max(1)))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .try_into()
        .unwrap_or(0)
}

pub fn add_asset_in(tx: &mut Tx, a: &NewAsset) -> Result<i64> {
    let chart = &Chart::load(tx)?;
    let mut errors = Vec::new();
    let name = a.name.trim();
    if name.is_empty() {
        errors.push(Error::new("field-required", "请填写资产名称", "the asset name is required").at("name"));
    }
    let acquired = parse_date(&a.acquired, "acquired").map_err(|e| errors.push(e)).ok();
    let cost = Money::parse(&a.cost)
        .map_err(|e| e.at("cost"))
        .and_then(|m| {
            if m.fen() > 0 {
                Ok(m)
            } else {
                Err(Error::new("not-positive", "原值必须大于零", "the cost must be greater than zero").at("cost"))
            }
        })
        .map_err(|e| errors.push(e))
        .ok();
    let residual = match a.residual.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => Money::parse(r).map_err(|e| errors.push(e.at("residual"))).ok(),
        None => Some(Money::ZERO),
    };
    if let (Some(c), Some(r)) = (cost, residual) {
        if r.fen() < 0 || r >= c {
            errors.push(
                Error::new(
                    "residual-invalid",
                    "残值不能为负，也不能大于等于原值",
                    "the residual value must be at least zero and below the cost",
                )
                .at("residual"),
            );
        }
    }
    let life = match a.life_months.trim().parse::<i64>() {
        Ok(n) if (1..=1200).contains(&n) => Some(n),
        _ => {
            errors.push(
                Error::new(
                    "not-positive",
                    format!("使用月数“{}”无效，应为 1 到 1200 的整数", a.life_months.trim()),
                    format!("life in months \"{}\" must be a whole number from 1 to 1200", a.life_months.trim()),
                )
                .at("life_months"),
            );
            None
        }
    };
    // Depreciation goes to a 折旧费 sub-account of the expense account chosen (521 by default),
    // made on first use, or to the account itself when it is a leaf already in use.
    let expense = a.expense_account.as_deref().map(str::trim).filter(|e| !e.is_empty()).unwrap_or("521");
    let expense_acct = match chart.get(expense) {
        Some(x) if x.class == "pnl" && x.direction > 0 => {
            Some(crate::ledger::account::sub_account_for(tx, expense, "折旧费")?)
        }
        _ => None,
    };
    if expense_acct.is_none() {
        errors.push(
            Error::new(
                "unknown-account",
                format!("折旧费用科目“{expense}”不存在或不是末级损益科目"),
                format!("depreciation account \"{expense}\" is not a leaf expense account"),
            )
            .at("expense_account"),
        );
    }
    let paid = a.paid.as_deref().map(str::trim).filter(|p| !p.is_empty()).unwrap_or("bank");
    let pay_account = match paid {
        "bank" => Some(Some("102")),
        "cash" => Some(Some("101")),
        "none" => Some(None),
        other => {
            errors.push(
                Error::new(
                    "invalid-paid",
                    format!("付款方式“{other}”无效，应为 bank/cash/none"),
                    format!("\"{other}\" is not bank, cash or none"),
                )
                .at("paid"),
            );
            None
        }
    };
    let (Some(acquired), Some(cost), Some(residual), Some(life), Some(expense_acct), Some(pay), true) =
        (acquired, cost, residual, life, expense_acct, pay_account, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    let voucher_id = match pay {
        Some(acct) => Some(post_document_in(
            tx,
            &Chart::load(tx)?,
            &NewVoucher {
                date: acquired.clone(),
                summary: format!("购建固定资产：{name}"),
                attachments: 1,
                lines: vec![
                    NewLine {
                        account: "151".into(),
                        debit: cost.to_string(),
                        credit: String::new(),
                        member: None,
                        summary: None,
                    },
                    NewLine {
                        account: acct.into(),
                        debit: String::new(),
                        credit: cost.to_string(),
                        member: None,
                        summary: None,
                    },
                ],
            },
        )?),
        None => None,
    };
    tx.execute(
        "INSERT INTO fixed_assets (name, category, acquired, cost_fen, residual_fen, life_months, expense_account, \
            voucher_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            name,
            a.category.as_deref().map(str::trim).filter(|c| !c.is_empty()),
            acquired,
            cost.fen(),
            residual.fen(),
            life,
            expense_acct,
            voucher_id
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.log(
        "asset.add",
        "asset",
        id,
        &serde_json::json!({"name": name, "acquired": acquired, "cost": cost,
        "residual": residual, "life_months": life, "voucher": voucher_id}),
    )?;
    Ok(id)
}

/// Runs depreciation for a month: one voucher, Dr each asset's expense account / Cr 152.
pub fn depreciate_in(tx: &mut Tx, chart: &Chart, month: &str) -> Result<Option<i64>> {
    let ym = parse_month(month)?;
    let m = month_text(ym);
    let done: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM depreciation WHERE ym = ?1)", [ym], |r| r.get(0))?;
    if done {
        return Err(Error::new(
            "depreciation-already-run",
            format!("{m} 已计提过折旧"),
            format!("depreciation for {m} has already been run"),
        )
        .at("month"));
    }
    let mut st = tx.prepare(
        "SELECT a.id, a.name, a.acquired, a.cost_fen, a.residual_fen, a.life_months, a.expense_account, a.disposed,
                (SELECT COALESCE(SUM(amount_fen), 0) FROM depreciation d WHERE d.asset_id = a.id), (SELECT COUNT(*) \
                    FROM depreciation d WHERE d.asset_id = a.id)
         FROM fixed_assets a ORDER BY a.id",
    )?;
    #[allow(clippy::type_complexity)]
    let assets: Vec<(i64, String, String, i64, i64, i64, i64, Option<String>, i64, i64)> = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    drop(st);
    let mut charges: Vec<(i64, i64, i64)> = Vec::new(); // (asset, expense account, amount)
    for (id, _name, acquired, cost, residual, life, expense, disposed, accumulated, months) in assets {
        let from_ym = ym_of(&acquired);
        let started = ym > from_ym;
        let stopped = disposed.as_deref().is_some_and(|d| ym_of(d) < ym);
        let left = cost - residual - accumulated;
        if !started || stopped || left <= 0 {
            continue;
        }
        let amount = if months + 1 >= life { left } else { monthly(cost, residual, life).min(left) };
        if amount > 0 {
            charges.push((id, expense, amount));
        }
    }
    if charges.is_empty() {
        return Ok(None);
    }
    let mut by_account: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    for (_, acct, amt) in &charges {
        *by_account.entry(*acct).or_default() += amt;
    }
    let total: i64 = charges.iter().map(|c| c.2).sum();
    let code = |id: i64| chart.by_id(id).map(|a| a.code.clone()).unwrap_or_default();
    let mut lines: Vec<NewLine> = by_account
        .iter()
        .map(|(acct, amt)| NewLine {
            account: code(*acct),
            debit: Money(*amt).to_string(),
            credit: String::new(),
            member: None,
            summary: None,
        })
        .collect();
    lines.push(NewLine {
        account: "152".into(),
        debit: String::new(),
        credit: Money(total).to_string(),
        member: None,
        summary: None,
    });
    // Dated the last day of the month.
    let last_day = chrono::NaiveDate::from_ymd_opt((ym / 100) as i32, (ym % 100) as u32, 1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .and_then(|d| d.pred_opt())
        .map(|d| d.format("%Y-%m-%d").to_string())
        .ok_or_else(|| Error::internal("month end"))?;
    let voucher_id = post_document_in(
        tx,
        chart,
        &NewVoucher { date: last_day, summary: format!("计提 {m} 固定资产折旧"), attachments: 1, lines },
    )?;
    for (id, _, amt) in &charges {
        tx.execute(
            "INSERT INTO depreciation (asset_id, ym, amount_fen, voucher_id) VALUES (?1, ?2, ?3, ?4)",
            params![id, ym, amt, voucher_id],
        )?;
    }
    tx.log(
        "depreciation.run",
        "period",
        &m,
        &serde_json::json!({"month": m, "total": Money(total), "assets": charges.len(), "voucher": voucher_id}),
    )?;
    Ok(Some(voucher_id))
}

pub fn register(conn: &Connection, at: &str) -> Result<Vec<AssetRow>> {
    let ym = ym_of(&parse_date(at, "at")?);
    let mut st = conn.prepare(
        "SELECT a.id, a.name, a.category, a.acquired, a.cost_fen, a.residual_fen, a.life_months, a.disposed,
                (SELECT COALESCE(SUM(amount_fen), 0) FROM depreciation d WHERE d.asset_id = a.id AND d.ym <= ?1),
                (SELECT COUNT(*) FROM depreciation d WHERE d.asset_id = a.id AND d.ym <= ?1)
         FROM fixed_assets a ORDER BY a.acquired, a.id",
    )?;
    let rows = st.query_map([ym], |r| {
        let (cost, residual, life, acc): (i64, i64, i64, i64) = (r.get(4)?, r.get(5)?, r.get(6)?, r.get(8)?);
        Ok(AssetRow {
            id: r.get(0)?,
            name: r.get(1)?,
            category: r.get(2)?,
            acquired: r.get(3)?,
            cost: Money(cost),
            residual: Money(residual),
            life_months: life,
            monthly: Money(monthly(cost, residual, life)),
            months_depreciated: r.get(9)?,
            accumulated: Money(acc),
            net: Money(cost - acc),
            disposed: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Disposes of an asset: its cost and depreciation go to 154 固定资产清理 with what it fetched;
/// a gain goes to 502 其他收入, a loss to 529 其他支出. One voucher.
pub fn dispose_in(tx: &mut Tx, chart: &Chart, id: i64, date: &str, proceeds: &str, via: Option<&str>) -> Result<i64> {
    let date = parse_date(date, "date")?;
    let row: Option<(String, i64, Option<String>)> = tx
        .query_row("SELECT name, cost_fen, disposed FROM fixed_assets WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((name, cost, disposed)) = row else {
        return Err(Error::new("unknown-asset", format!("固定资产 #{id} 不存在"), format!("no fixed asset #{id}")));
    };
    if let Some(d) = disposed {
        return Err(Error::new(
            "asset-disposed",
            format!("“{name}”已于 {d} 处置"),
            format!("\"{name}\" was disposed of on {d}"),
        ));
    }
    let proceeds =
        if proceeds.trim().is_empty() { Money::ZERO } else { Money::parse(proceeds).map_err(|e| e.at("proceeds"))? };
    if proceeds.fen() < 0 {
        return Err(Error::new("amount-negative", "处置收入不能为负", "the proceeds cannot be negative").at("proceeds"));
    }
    let acc: i64 =
        tx.query_row("SELECT COALESCE(SUM(amount_fen), 0) FROM depreciation WHERE asset_id = ?1", [id], |r| r.get(0))?;
    let net = cost - acc;
    let pay = if via == Some("cash") { "101" } else { "102" };
    let t = |x: i64| if x == 0 { String::new() } else { Money(x).to_string() };
    let l = |account: &str, d: i64, c: i64| NewLine {
        account: account.into(),
        debit: t(d),
        credit: t(c),
        member: None,
        summary: None,
    };
    let mut lines = vec![l("154", net, 0)];
    if acc > 0 {
        lines.push(l("152", acc, 0));
    }
    lines.push(l("151", 0, cost));
    if proceeds.fen() > 0 {
        lines.push(l(pay, proceeds.fen(), 0));
        lines.push(l("154", 0, proceeds.fen()));
    }
    let result = proceeds.fen() - net;
    if result > 0 {
        lines.push(l("154", result, 0));
        lines.push(l("502", 0, result));
    } else if result < 0 {
        lines.push(l("529", -result, 0));
        lines.push(l("154", 0, -result));
    }
    lines.retain(|x| !(x.debit.is_empty() && x.credit.is_empty()));
    let v = post_document_in(
        tx,
        chart,
        &NewVoucher { date: date.clone(), summary: format!("处置固定资产：{name}"), attachments: 1, lines },
    )?;
    tx.execute("UPDATE fixed_assets SET disposed = ?1 WHERE id = ?2", params![date, id])?;
    tx.log(
        "asset.dispose",
        "asset",
        id,
        &serde_json::json!({"name": name, "date": date, "proceeds": proceeds, "net": Money(net), "voucher": v}),
    )?;
    Ok(v)
}

impl Book {
    pub fn add_asset(&mut self, a: &NewAsset) -> Result<AssetRow> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| add_asset_in(tx, a))?;
        register(&self.conn, "9999-12-31")?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| Error::internal("asset vanished"))
    }

    /// Runs a month's depreciation; `None` when no asset depreciates that month.
    pub fn depreciate(&mut self, month: &str) -> Result<Option<i64>> {
        self.write(crate::store::access::Perm::Enter, |tx| {
            let chart = Chart::load(tx)?;
            depreciate_in(tx, &chart, month)
        })
    }

    pub fn assets(&self, at: &str) -> Result<Vec<AssetRow>> {
        register(&self.conn, at)
    }

    pub fn dispose_asset(&mut self, id: i64, date: &str, proceeds: &str, via: Option<&str>) -> Result<i64> {
        self.write(crate::store::access::Perm::Enter, |tx| {
            let chart = Chart::load(tx)?;
            dispose_in(tx, &chart, id, date, proceeds, via)
        })
    }
}
