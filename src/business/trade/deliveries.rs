//! Members' deliveries (交售): the member's trade with the co-op, the basis of the patronage
//! refund. Dr 128 受托代销商品 (the product's sub-account) / Cr 114 成员往来 at the agreed price.

use super::catalogue::{check_unit, product_by_name, unknown_product};
use super::lists::TradeRow;
use super::parse::{amount_of, parse_price, parse_quantity};
use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::ledger::account::Chart;
use crate::ledger::member::unknown_member;
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use rusqlite::{params, OptionalExtension};
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewDelivery {
    pub member: String,
    pub product: String,
    pub quantity: String,
    /// When given, must be the product's unit.
    #[serde(default)]
    pub unit: Option<String>,
    pub price: String,
    pub date: String,
    #[serde(default)]
    pub grade: Option<String>,
}

/// Records a member's delivery and posts Dr 128 (product) / Cr 114 (member).
pub fn deliver_in(tx: &mut Tx, chart: &Chart, d: &NewDelivery) -> Result<i64> {
    let mut errors = Vec::new();
    let date = parse_date(&d.date, "date").map_err(|e| errors.push(e)).ok();
    let member: Option<(i64, i64, String, Option<String>, String)> = match d.member.trim().parse::<i64>() {
        Ok(no) => tx
            .prepare_cached("SELECT id, no, name, exited, joined FROM members WHERE no = ?1")?
            .query_row([no], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .optional()?,
        Err(_) => None,
    };
    if let (Some((_, no, name, _, joined)), Some(dt)) = (&member, &date) {
        errors.extend(crate::equity::contribution::before_joining(*no, name, joined, dt, "交售", "deliver"));
    }
    match (&member, &date) {
        (None, _) => errors.push(unknown_member(d.member.trim())),
        (Some((_, no, name, Some(x), _)), Some(dt)) if dt.as_str() > x.as_str() => errors.push(
            Error::new(
                "member-exited",
                format!("{no} 号成员 {name} 已于 {x} 退社，不能再交售"),
                format!("member no. {no} ({name}) exited on {x} and cannot deliver"),
            )
            .at("member"),
        ),
        _ => {}
    }
    let product = product_by_name(tx, &d.product)?;
    if product.is_none() {
        errors.push(unknown_product(d.product.trim()));
    }
    if let Some((pid, unit, ..)) = &product {
        errors.extend(check_unit(&d.unit, unit));
        let source: String = tx.query_row("SELECT source FROM products WHERE id = ?1", [pid], |r| r.get(0))?;
        if source == "own" {
            errors.push(
                Error::new(
                    "product-source",
                    format!("“{}”是本社自产产品，应登记收获入库，不能登记成员交售", d.product.trim()),
                    format!("\"{}\" is produced by the co-op: record a harvest, not a delivery", d.product.trim()),
                )
                .at("product"),
            );
        }
    }
    let qty = parse_quantity(&d.quantity, "quantity").map_err(|e| errors.push(e)).ok();
    let price = parse_price(&d.price, "price").map_err(|e| errors.push(e)).ok();
    let (
        Some((member_id, no, name, _, _)),
        Some((product_id, unit, _, stock_acct, ..)),
        Some(date),
        Some(qty),
        Some(price),
        true,
    ) = (member, product, date, qty, price, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    let amount = amount_of(qty, price)?;
    let code = |id: i64| chart.by_id(id).map(|a| a.code.clone()).unwrap_or_default();
    let v = NewVoucher {
        date: date.clone(),
        summary: format!("收购 {no} 号成员{name}{} {qty} {unit}，单价 {price}", d.product.trim()),
        attachments: 1,
        lines: vec![
            NewLine {
                account: code(stock_acct),
                debit: amount.to_string(),
                credit: String::new(),
                member: None,
                summary: None,
            },
            NewLine {
                account: "114".into(),
                debit: String::new(),
                credit: amount.to_string(),
                member: Some(no.to_string()),
                summary: None,
            },
        ],
    };
    let voucher_id = post_document_in(tx, chart, &v)?;
    let grade = d.grade.as_deref().map(str::trim).filter(|g| !g.is_empty());
    tx.prepare_cached(
        "INSERT INTO deliveries (member_id, product_id, date, quantity, grade, price, amount_fen, \
        voucher_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        member_id,
        product_id,
        date,
        qty.to_string(),
        grade,
        price.to_string(),
        amount.fen(),
        voucher_id
    ])?;
    let id = tx.last_insert_rowid();
    tx.log(
        "delivery.add",
        "delivery",
        id,
        &serde_json::json!({"member": no, "product": d.product.trim(),
        "quantity": qty.to_string(), "price": price.to_string(), "amount": amount, "date": date,
            "voucher": voucher_id}),
    )?;
    Ok(id)
}

impl Book {
    /// Records a delivery; returns its voucher id.
    pub fn deliver(&mut self, d: &NewDelivery) -> Result<TradeRow> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| {
            let chart = Chart::load(tx)?;
            deliver_in(tx, &chart, d)
        })?;
        self.trade_row("delivery", id)
    }
}
