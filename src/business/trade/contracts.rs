//! Purchase agreements (订单/协议) with buyers: code, product, price and term; a sale may name one.

use super::catalogue::{product_by_name, unknown_product};
use super::parse::{parse_price, parse_quantity};
use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::store::book::{Book, Tx};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A purchase agreement (购销协议 / 订单农业) with a buyer for a product.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewContract {
    pub code: String,
    pub buyer: String,
    pub product: String,
    pub quantity: String,
    pub price: String,
    pub start: String,
    pub end: String,
}

/// A contract and how far sales have fulfilled it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContractRow {
    pub code: String,
    pub buyer: String,
    pub product: String,
    pub unit: String,
    pub quantity: String,
    pub price: String,
    pub start: String,
    pub end: String,
    pub delivered: String,
    pub remaining: String,
    pub delivered_amount: Money,
}

pub fn add_contract_in(tx: &mut Tx, c: &NewContract) -> Result<i64> {
    let mut errors = Vec::new();
    let code = c.code.trim();
    if code.is_empty() {
        errors.push(Error::new("field-required", "请填写协议编号", "the contract number is required").at("code"));
    } else if tx.query_row("SELECT 1 FROM contracts WHERE code = ?1", [code], |_| Ok(())).optional()?.is_some() {
        errors.push(
            Error::new("contract-exists", format!("协议“{code}”已登记"), format!("contract \"{code}\" already exists"))
                .at("code"),
        );
    }
    let buyer: Option<i64> =
        tx.query_row("SELECT id FROM buyers WHERE name = ?1", [c.buyer.trim()], |r| r.get(0)).optional()?;
    if buyer.is_none() {
        errors.push(
            Error::new(
                "unknown-buyer",
                format!("客户“{}”不存在，请先登记客户", c.buyer.trim()),
                format!("no buyer \"{}\"; add it first", c.buyer.trim()),
            )
            .at("buyer"),
        );
    }
    let product = product_by_name(tx, &c.product)?;
    if product.is_none() {
        errors.push(unknown_product(c.product.trim()));
    }
    let qty = parse_quantity(&c.quantity, "quantity").map_err(|e| errors.push(e)).ok();
    let price = parse_price(&c.price, "price").map_err(|e| errors.push(e)).ok();
    let start = parse_date(&c.start, "start").map_err(|e| errors.push(e)).ok();
    let end = parse_date(&c.end, "end").map_err(|e| errors.push(e)).ok();
    if let (Some(s), Some(e)) = (&start, &end) {
        if s > e {
            errors.push(
                Error::new(
                    "range-invalid",
                    format!("协议开始日期 {s} 晚于结束日期 {e}"),
                    format!("the contract starts ({s}) after it ends ({e})"),
                )
                .at("end"),
            );
        }
    }
    let (Some(buyer), Some((product, ..)), Some(qty), Some(price), Some(start), Some(end), true) =
        (buyer, product, qty, price, start, end, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    tx.execute(
        "INSERT INTO contracts (code, buyer_id, product_id, quantity, price, start_date, end_date) VALUES (?1, ?2, \
            ?3, ?4, ?5, ?6, ?7)",
        params![code, buyer, product, qty.to_string(), price.to_string(), start, end],
    )?;
    let id = tx.last_insert_rowid();
    tx.log(
        "contract.add",
        "contract",
        code,
        &serde_json::json!({"code": code,
        "buyer": c.buyer.trim(), "product": c.product.trim(), "quantity": qty.to_string(), "price": price.to_string(),
            "start": start, "end": end}),
    )?;
    Ok(id)
}

/// Checks a sale against the contract it names: same buyer and product, inside the period.
pub(crate) fn check_contract(
    conn: &Connection,
    code: &str,
    product_id: i64,
    buyer_id: i64,
    date: &str,
) -> Result<Option<Error>> {
    let c: Option<(i64, i64, String, String)> = conn
        .query_row("SELECT product_id, buyer_id, start_date, end_date FROM contracts WHERE code = ?1", [code], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    Ok(match c {
        None => Some(
            Error::new(
                "unknown-contract",
                format!("购销协议“{code}”不存在，请先登记协议"),
                format!("no contract \"{code}\"; add it first"),
            )
            .at("contract"),
        ),
        Some((p, b, _, _)) if p != product_id || b != buyer_id => Some(
            Error::new(
                "contract-mismatch",
                format!("协议“{code}”的客户或产品与本次销售不符"),
                format!("contract \"{code}\" is for another buyer or product"),
            )
            .at("contract"),
        ),
        Some((_, _, s, e)) if date < s.as_str() || date > e.as_str() => Some(
            Error::new(
                "contract-period",
                format!("销售日期 {date} 不在协议“{code}”的期限 {s} 至 {e} 内"),
                format!("the sale date {date} is outside contract \"{code}\" ({s} to {e})"),
            )
            .at("date"),
        ),
        _ => None,
    })
}

pub fn contracts(conn: &Connection) -> Result<Vec<ContractRow>> {
    let mut st = conn.prepare(
        "SELECT c.code, b.name, p.name, p.unit, c.quantity, c.price, c.start_date, c.end_date,
                (SELECT group_concat(s.quantity, '|') FROM sales s WHERE s.contract = c.code AND \
                    s.reversal_voucher_id IS NULL),
                (SELECT COALESCE(SUM(s.amount_fen), 0) FROM sales s WHERE s.contract = c.code AND \
                    s.reversal_voucher_id IS NULL)
         FROM contracts c JOIN buyers b ON b.id = c.buyer_id JOIN products p ON p.id = c.product_id ORDER BY \
             c.start_date, c.code",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, i64>(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (code, buyer, product, unit, quantity, price, start, end, sold, amount) = row?;
        let delivered: Decimal = sold
            .unwrap_or_default()
            .split('|')
            .filter(|q| !q.is_empty())
            .filter_map(|q| Decimal::from_str(q).ok())
            .sum();
        let total = Decimal::from_str(&quantity).map_err(Error::internal)?;
        out.push(ContractRow {
            code,
            buyer,
            product,
            unit,
            remaining: (total - delivered).max(Decimal::ZERO).normalize().to_string(),
            quantity,
            price,
            start,
            end,
            delivered: delivered.normalize().to_string(),
            delivered_amount: Money(amount),
        });
    }
    Ok(out)
}

impl Book {
    pub fn add_contract(&mut self, c: &NewContract) -> Result<ContractRow> {
        self.write(crate::store::access::Perm::Enter, |tx| add_contract_in(tx, c))?;
        contracts(&self.conn)?
            .into_iter()
            .find(|r| r.code == c.code.trim())
            .ok_or_else(|| Error::internal("contract vanished"))
    }

    pub fn contracts(&self) -> Result<Vec<ContractRow>> {
        contracts(&self.conn)
    }
}
