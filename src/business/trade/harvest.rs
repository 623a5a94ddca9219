//! The co-op's own production brought into stock (收获入库).

use super::catalogue::{check_unit, product_by_name, unknown_product};
use super::parse::parse_quantity;
use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use rusqlite::params;
use serde::Deserialize;

/// The co-op's own harvest (自产收获入库): the production cost collected in 401 goes to stock.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewHarvest {
    pub product: String,
    pub quantity: String,
    #[serde(default)]
    pub unit: Option<String>,
    /// The production cost carried into stock (Dr 121 / Cr 401), at most what 401 holds.
    pub cost: String,
    pub date: String,
}

pub fn harvest_in(tx: &mut Tx, h: &NewHarvest) -> Result<i64> {
    let mut errors = Vec::new();
    let date = parse_date(&h.date, "date").map_err(|e| errors.push(e)).ok();
    let product = product_by_name(tx, &h.product)?;
    match &product {
        None => errors.push(unknown_product(h.product.trim())),
        Some((pid, unit, ..)) => {
            errors.extend(check_unit(&h.unit, unit));
            let source: String = tx.query_row("SELECT source FROM products WHERE id = ?1", [pid], |r| r.get(0))?;
            if source != "own" {
                errors.push(
                    Error::new(
                        "product-source",
                        format!("“{}”由成员交售，不是本社自产产品", h.product.trim()),
                        format!("\"{}\" is delivered by members, not produced by the co-op", h.product.trim()),
                    )
                    .at("product"),
                );
            }
        }
    }
    let qty = parse_quantity(&h.quantity, "quantity").map_err(|e| errors.push(e)).ok();
    let cost = Money::parse(&h.cost)
        .map_err(|e| e.at("cost"))
        .and_then(|m| {
            if m.fen() > 0 {
                Ok(m)
            } else {
                Err(Error::new("not-positive", "入库成本必须大于零", "the cost must be greater than zero").at("cost"))
            }
        })
        .map_err(|e| errors.push(e))
        .ok();
    if let (Some(c), Some(d)) = (cost, &date) {
        let chart = Chart::load(tx)?;
        let cum = crate::ledger::balances::cumulative(tx, d, None)?;
        let held: i64 = chart
            .accounts
            .iter()
            .filter(|a| a.leaf && a.code.starts_with("401"))
            .filter_map(|a| cum.get(&a.id).map(|(dr, cr)| dr - cr))
            .sum();
        if c.fen() > held {
            errors.push(
                Error::new(
                    "insufficient-production-cost",
                    format!("生产成本（401）只归集了 {}，不够结转 {}", Money(held).grouped(), c.grouped()),
                    format!("production cost (401) holds only {}, less than {}", Money(held).grouped(), c.grouped()),
                )
                .at("cost"),
            );
        }
    }
    let (Some((product_id, unit, _, stock_acct, ..)), Some(date), Some(qty), Some(cost), true) =
        (product, date, qty, cost, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    let chart = Chart::load(tx)?;
    let code = chart.by_id(stock_acct).map(|a| a.code.clone()).unwrap_or_default();
    let v = NewVoucher {
        date: date.clone(),
        summary: format!("自产{}收获入库 {qty} {unit}", h.product.trim()),
        attachments: 1,
        lines: vec![
            NewLine { account: code, debit: cost.to_string(), credit: String::new(), member: None, summary: None },
            NewLine {
                account: "401".into(),
                debit: String::new(),
                credit: cost.to_string(),
                member: None,
                summary: None,
            },
        ],
    };
    let voucher_id = post_document_in(tx, &chart, &v)?;
    tx.execute(
        "INSERT INTO harvests (product_id, date, quantity, amount_fen, voucher_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![product_id, date, qty.to_string(), cost.fen(), voucher_id],
    )?;
    let id = tx.last_insert_rowid();
    tx.log(
        "harvest.add",
        "harvest",
        id,
        &serde_json::json!({"product": h.product.trim(), "quantity": qty.to_string(),
        "cost": cost, "date": date, "voucher": voucher_id}),
    )?;
    Ok(id)
}

impl Book {
    /// Records a harvest; returns its voucher id.
    pub fn harvest(&mut self, h: &NewHarvest) -> Result<i64> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| harvest_in(tx, h))?;
        Ok(self.conn.query_row("SELECT voucher_id FROM harvests WHERE id = ?1", [id], |r| r.get(0))?)
    }
}
