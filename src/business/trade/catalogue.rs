//! The catalogue: products (each with its 128 / 501 / 521 sub-accounts) and buyers with their
//! sales channel; the stock of a product on a day and its average delivered cost.

use super::parse::{channel_zh, parse_channel};
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::{sub_account_for, Chart};
use crate::ledger::member::unknown_member;
use crate::store::book::{Book, Tx};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewProduct {
    pub name: String,
    pub unit: String,
    #[serde(default)]
    pub category: Option<String>,
    /// Whether stock is kept (sales cannot exceed deliveries); default true.
    #[serde(default)]
    pub track_stock: Option<bool>,
    /// `member` (default): members deliver it (stock in 128 受托代销商品); `own`: the co-op
    /// produces it (costs in 401, harvested into 121 产品物资).
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub category: Option<String>,
    pub stock_account: String,
    pub income_account: String,
    pub cost_account: String,
    pub track_stock: bool,
    pub source: String,
    /// Delivered less sold, in the product's unit.
    pub stock_quantity: String,
    /// Delivered value less the cost of what was sold.
    pub stock_value: Money,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewBuyer {
    pub name: String,
    pub channel: String,
    /// The member's number when the buyer is a member of the co-op: sales to them are member trade.
    #[serde(default)]
    pub member: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Buyer {
    pub id: i64,
    pub name: String,
    pub channel: String,
    pub channel_zh: String,
    /// The member's number when the buyer is a member.
    pub member: Option<i64>,
}

/// A product as documents need it: (id, unit, track stock, stock, income and cost account ids).
type ProductRef = (i64, String, bool, i64, i64, i64);

pub(crate) fn product_by_name(conn: &Connection, name: &str) -> Result<Option<ProductRef>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, unit, track_stock, stock_account, income_account, cost_account FROM products WHERE name = ?1",
        )?
        .query_row([name.trim()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .optional()?)
}

pub(crate) fn unknown_product(name: &str) -> Error {
    Error::new(
        "unknown-product",
        format!("产品“{name}”不存在，请先登记产品"),
        format!("no product \"{name}\"; add it first"),
    )
    .at("product")
}

/// Stock of a product from its documents: (quantity, value in 分) up to and including `date`.
pub fn stock(conn: &Connection, product_id: i64, date: &str) -> Result<(Decimal, i64)> {
    let mut qty = Decimal::ZERO;
    let mut value = 0i64;
    let mut st = conn.prepare_cached(
        "SELECT quantity, amount_fen, 1 FROM deliveries_net WHERE product_id = ?1 AND date <= ?2 AND \
            reversal_voucher_id IS NULL
         UNION ALL SELECT quantity, amount_fen, 1 FROM harvests WHERE product_id = ?1 AND date <= ?2 AND \
             reversal_voucher_id IS NULL
         UNION ALL SELECT quantity, cost_fen, -1 FROM sales_net WHERE product_id = ?1 AND date <= ?2 AND \
             reversal_voucher_id IS NULL",
    )?;
    let mut rows = st.query(params![product_id, date])?;
    while let Some(r) = rows.next()? {
        let q = Decimal::from_str(&r.get::<_, String>(0)?).map_err(Error::internal)?;
        let sign: i64 = r.get(2)?;
        qty += q * Decimal::from(sign);
        value += sign * r.get::<_, i64>(1)?;
    }
    Ok((qty.normalize(), value))
}

pub(crate) fn check_unit(given: &Option<String>, unit: &str) -> Option<Error> {
    let g = given.as_deref().map(str::trim).filter(|u| !u.is_empty())?;
    (g != unit).then(|| {
        Error::new(
            "unit-mismatch",
            format!("单位“{g}”与产品的计量单位“{unit}”不符"),
            format!("unit \"{g}\" is not the product's unit \"{unit}\""),
        )
        .at("unit")
    })
}

pub fn add_product_in(tx: &mut Tx, p: &NewProduct) -> Result<i64> {
    let name = p.name.trim();
    let unit = p.unit.trim();
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(Error::new("field-required", "请填写产品名称", "the product name is required").at("name"));
    }
    if unit.is_empty() {
        errors.push(
            Error::new(
                "field-required",
                "请填写计量单位（如 斤、公斤、箱）",
                "the unit is required (e.g. 斤, 公斤, 箱)",
            )
            .at("unit"),
        );
    }
    if !name.is_empty() && product_by_name(tx, name)?.is_some() {
        errors.push(
            Error::new("product-exists", format!("产品“{name}”已登记"), format!("product \"{name}\" already exists"))
                .at("name"),
        );
    }
    let source = p.source.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or("member");
    if !["member", "own"].contains(&source) {
        errors.push(
            Error::new(
                "invalid-source",
                format!("产品来源“{source}”无效，应为 member（成员交售）或 own（自产）"),
                format!("\"{source}\" is not member or own"),
            )
            .at("source"),
        );
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    let stock = sub_account_for(tx, if source == "own" { "121" } else { "128" }, name)?;
    let income = sub_account_for(tx, "501", name)?;
    let cost = sub_account_for(tx, "521", name)?;
    tx.execute(
        "INSERT INTO products (name, unit, category, stock_account, income_account, cost_account, track_stock, \
            source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            name,
            unit,
            p.category.as_deref().map(str::trim).filter(|c| !c.is_empty()),
            stock,
            income,
            cost,
            p.track_stock.unwrap_or(true),
            source
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.log("product.add", "product", id, &serde_json::json!({"name": name, "unit": unit, "category": p.category}))?;
    Ok(id)
}

pub fn add_buyer_in(tx: &mut Tx, b: &NewBuyer) -> Result<i64> {
    let name = b.name.trim();
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(Error::new("field-required", "请填写客户名称", "the buyer's name is required").at("name"));
    }
    let channel = parse_channel(&b.channel).map_err(|e| errors.push(e)).ok();
    if !name.is_empty()
        && tx.query_row("SELECT 1 FROM buyers WHERE name = ?1", [name], |_| Ok(())).optional()?.is_some()
    {
        errors.push(
            Error::new("buyer-exists", format!("客户“{name}”已登记"), format!("buyer \"{name}\" already exists"))
                .at("name"),
        );
    }
    let member = match b.member.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => None,
        Some(no) => {
            let found: Option<(i64, i64)> = match no.parse::<i64>() {
                Ok(n) => tx
                    .prepare_cached("SELECT id, no FROM members WHERE no = ?1")?
                    .query_row([n], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?,
                Err(_) => None,
            };
            if found.is_none() {
                errors.push(unknown_member(no));
            }
            found
        }
    };
    let (Some(channel), true) = (channel, errors.is_empty()) else {
        return Err(Error::many(errors));
    };
    tx.execute(
        "INSERT INTO buyers (name, channel, member_id) VALUES (?1, ?2, ?3)",
        params![name, channel, member.map(|m| m.0)],
    )?;
    let id = tx.last_insert_rowid();
    tx.log(
        "buyer.add",
        "buyer",
        id,
        &serde_json::json!({"name": name, "channel": channel, "member": member.map(|m| m.1)}),
    )?;
    Ok(id)
}

impl Book {
    pub fn add_product(&mut self, p: &NewProduct) -> Result<Product> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| add_product_in(tx, p))?;
        self.products()?.into_iter().find(|x| x.id == id).ok_or_else(|| Error::internal("product vanished"))
    }

    pub fn products(&self) -> Result<Vec<Product>> {
        let chart = Chart::load(&self.conn)?;
        let code = |id: i64| chart.by_id(id).map(|a| a.code.clone()).unwrap_or_default();
        let mut st = self.conn.prepare(
            "SELECT id, name, unit, category, stock_account, income_account, cost_account, \
            track_stock, source FROM products ORDER BY name",
        )?;
        #[allow(clippy::type_complexity)]
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<(i64, String, String, Option<String>, i64, i64, i64, bool, String)>>>()?;
        rows.into_iter()
            .map(|(id, name, unit, category, s, i, c, track, source)| {
                let (q, v) = stock(&self.conn, id, "9999-12-31")?;
                Ok(Product {
                    id,
                    name,
                    unit,
                    category,
                    stock_account: code(s),
                    income_account: code(i),
                    cost_account: code(c),
                    track_stock: track,
                    source,
                    stock_quantity: q.to_string(),
                    stock_value: Money(v),
                })
            })
            .collect()
    }

    pub fn add_buyer(&mut self, b: &NewBuyer) -> Result<Buyer> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| add_buyer_in(tx, b))?;
        self.buyers()?.into_iter().find(|x| x.id == id).ok_or_else(|| Error::internal("buyer vanished"))
    }

    pub fn buyers(&self) -> Result<Vec<Buyer>> {
        let mut st = self.conn.prepare(
            "SELECT b.id, b.name, b.channel, m.no FROM buyers b LEFT JOIN members m ON \
            m.id = b.member_id ORDER BY b.name",
        )?;
        let rows = st.query_map([], |r| {
            let channel: String = r.get(2)?;
            Ok(Buyer {
                id: r.get(0)?,
                name: r.get(1)?,
                channel_zh: channel_zh(&channel).into(),
                channel,
                member: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
