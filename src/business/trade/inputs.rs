//! 受托代购 (财会〔2021〕37号, 127 受托代购商品): inputs — fertiliser, seed, feed — the co-op buys on
//! its members' behalf and hands over to them, with its service fee. One document, one voucher:
//! bought, Dr 127 / Cr the money paid (or 211 应付款 when the supplier is owed); handed over, Dr 114
//! for the member at cost plus fee / Cr 127 at cost and Cr 501 经营收入 (代购服务费) for the fee. What the
//! member is charged is their trade with the co-op (交易额, 成员利用本社服务) like a delivery.

use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::{sub_account_for, Chart};
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Inputs bought for a member (受托代购).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewInputPurchase {
    /// The member's number.
    pub member: String,
    /// What was bought: 复合肥, 稻种 …
    pub item: String,
    pub quantity: String,
    pub unit: String,
    /// What the co-op paid the supplier for it.
    pub cost: String,
    /// The co-op's service fee (代购服务费), charged to the member on top; may be 0.
    #[serde(default)]
    pub fee: Option<String>,
    pub date: String,
    /// How the supplier was paid: bank (default), cash, or credit (owed on 211 应付款).
    #[serde(default)]
    pub paid: Option<String>,
}

/// An input purchase as recorded.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InputPurchase {
    pub id: i64,
    pub member: i64,
    pub date: String,
    pub item: String,
    pub quantity: String,
    pub unit: String,
    pub cost: Money,
    pub fee: Money,
    /// What the member is charged (cost + fee): their trade with the co-op.
    pub charged: Money,
    pub voucher_id: i64,
}

fn positive_money(text: &str, field: &str, zero_ok: bool) -> Result<Money> {
    let m = Money::parse(text).map_err(|e| e.at(field))?;
    if m.fen() < 0 || (m.fen() == 0 && !zero_ok) {
        return Err(Error::new(
            "not-positive",
            format!("金额 {m} 必须大于零"),
            format!("the amount {m} must be greater than zero"),
        )
        .at(field));
    }
    Ok(m)
}

pub fn buy_inputs_in(tx: &mut Tx, p: &NewInputPurchase) -> Result<InputPurchase> {
    let mut errors = Vec::new();
    let date = parse_date(&p.date, "date").map_err(|e| errors.push(e)).ok();
    let member: Option<(i64, i64, String, String, Option<String>)> = match p.member.trim().parse::<i64>() {
        Ok(no) => tx
            .query_row("SELECT id, no, name, joined, exited FROM members WHERE no = ?1", [no], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?,
        Err(_) => None,
    };
    match (&member, &date) {
        (None, _) => errors.push(crate::ledger::member::unknown_member(p.member.trim()).at("member")),
        (Some((_, no, name, joined, exited)), Some(d)) => {
            errors.extend(crate::equity::contribution::before_joining(*no, name, joined, d, "代购", "buy inputs for"));
            if exited.as_deref().is_some_and(|x| d.as_str() > x) {
                errors.push(
                    Error::new(
                        "member-exited",
                        format!("{no} 号成员{name}已于 {} 退社", exited.as_deref().unwrap_or_default()),
                        format!("member no. {no} left on {}", exited.as_deref().unwrap_or_default()),
                    )
                    .at("member"),
                );
            }
        }
        _ => {}
    }
    let item = p.item.trim().to_string();
    if item.is_empty() || item.chars().count() > 50 {
        errors.push(
            Error::new("field-required", "请填写代购物资名称（50 字以内）", "name the inputs (50 characters at most)")
                .at("item"),
        );
    }
    let unit = p.unit.trim().to_string();
    if unit.is_empty() || unit.chars().count() > 10 {
        errors.push(Error::new("field-required", "请填写计量单位", "the unit is required").at("unit"));
    }
    let qty = super::parse::parse_quantity(&p.quantity, "quantity").map_err(|e| errors.push(e)).ok();
    let cost = positive_money(&p.cost, "cost", false).map_err(|e| errors.push(e)).ok();
    let fee = positive_money(p.fee.as_deref().filter(|f| !f.trim().is_empty()).unwrap_or("0"), "fee", true)
        .map_err(|e| errors.push(e))
        .ok();
    let paid = p.paid.as_deref().map(str::trim).filter(|x| !x.is_empty()).unwrap_or("bank").to_string();
    let pay_account = match paid.as_str() {
        "bank" => Some("102"),
        "cash" => Some("101"),
        "credit" => Some("211"),
        other => {
            errors.push(
                Error::new(
                    "invalid-paid",
                    format!("付款方式“{other}”无效，应为 bank/cash/credit"),
                    format!("\"{other}\" is not bank, cash or credit"),
                )
                .at("paid"),
            );
            None
        }
    };
    let (Some(date), Some((member_id, no, name, _, _)), Some(qty), Some(cost), Some(fee), Some(pay_account), true) =
        (date, member, qty, cost, fee, pay_account, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    // The fee is income of the co-op's service: 501's sub-account 代购服务费, made on first use.
    let fee_account = sub_account_for(tx, "501", "代购服务费")?;
    let chart = Chart::load(tx)?;
    let fee_code = chart.by_id(fee_account).map(|a| a.code.clone()).unwrap_or_else(|| "501".into());
    let line = |account: &str, d: Money, c: Money, member: Option<i64>| NewLine {
        account: account.into(),
        debit: if d.is_zero() { String::new() } else { d.to_string() },
        credit: if c.is_zero() { String::new() } else { c.to_string() },
        member: member.map(|m| m.to_string()),
        summary: None,
    };
    let mut lines = vec![
        line("127", cost, Money::ZERO, None),
        line(pay_account, Money::ZERO, cost, None),
        line("114", cost + fee, Money::ZERO, Some(no)),
        line("127", Money::ZERO, cost, None),
    ];
    if !fee.is_zero() {
        lines.push(line(&fee_code, Money::ZERO, fee, None));
    }
    let q = qty.normalize().to_string();
    let v = post_document_in(
        tx,
        &chart,
        &NewVoucher {
            date: date.clone(),
            summary: format!("为 {no} 号成员{name}代购{item} {q} {unit}，服务费 {}", fee.grouped()),
            attachments: 1,
            lines,
        },
    )?;
    tx.execute(
        "INSERT INTO input_purchases (member_id, date, item, quantity, unit, cost_fen, fee_fen, paid, voucher_id) \
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![member_id, date, item, q, unit, cost.fen(), fee.fen(), paid, v],
    )?;
    let id = tx.last_insert_rowid();
    tx.log(
        "inputs.buy",
        "input_purchase",
        id,
        &serde_json::json!({"member": no, "date": date, "item": item, "quantity": q, "unit": unit, "cost": cost,
            "fee": fee, "paid": paid, "voucher": v}),
    )?;
    Ok(InputPurchase { id, member: no, date, item, quantity: q, unit, cost, fee, charged: cost + fee, voucher_id: v })
}

impl Book {
    /// Buys inputs on a member's behalf (受托代购) and hands them over, with the service fee.
    pub fn buy_inputs(&mut self, p: &NewInputPurchase) -> Result<InputPurchase> {
        self.write(crate::store::access::Perm::Enter, |tx| buy_inputs_in(tx, p))
    }
}
