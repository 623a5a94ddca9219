//! What the trade adds up to: each member's trade with the co-op in a year (by product, the basis
//! of the patronage refund) and the year's sales by product, channel and buyer.

use super::parse::channel_zh;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::store::book::Book;
use rusqlite::{params, Connection};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::str::FromStr;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProductTrade {
    /// `delivery` (the member delivered to the co-op) or `purchase` (the member bought from it).
    pub kind: String,
    pub product: String,
    pub unit: String,
    pub quantity: String,
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberTradeRow {
    pub no: i64,
    pub name: String,
    /// The sum of the quantities traded (in each product's own unit; see `products`).
    pub quantity: String,
    /// The member's whole trade with the co-op (交易额): delivered + purchased.
    pub amount: Money,
    /// Produce the member delivered (the 114 credits of deliveries).
    pub delivered: Money,
    /// What the member bought from the co-op as a member buyer.
    pub purchased: Money,
    pub products: Vec<ProductTrade>,
}

/// Each member's trade with the co-op in a year — deliveries to it and purchases from it — the
/// basis of the patronage refund. Non-member trade never appears here (Art. 41).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberTrade {
    pub year: i32,
    pub total: Money,
    pub delivered: Money,
    pub purchased: Money,
    pub members: Vec<MemberTradeRow>,
}

pub fn member_trade(conn: &Connection, year: i32) -> Result<MemberTrade> {
    member_trade_of(conn, year, None)
}

/// The year's trade of one member (by the member's row id) or of all; one member's goes through
/// the member indexes, not the year's whole trade.
pub fn member_trade_of(conn: &Connection, year: i32, member_id: Option<i64>) -> Result<MemberTrade> {
    let (from, to) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    let (d_only, s_only, i_only) = if member_id.is_some() {
        (" AND d.member_id = ?3", " AND s.member_id = ?3", " AND i.member_id = ?3")
    } else {
        (" AND ?3 IS NULL", " AND ?3 IS NULL", " AND ?3 IS NULL")
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT m.no, m.name, 'delivery', p.name, p.unit, d.quantity, d.amount_fen FROM deliveries_net d JOIN \
            members m ON m.id = d.member_id JOIN products p ON p.id = d.product_id
         WHERE d.date BETWEEN ?1 AND ?2 AND d.reversal_voucher_id IS NULL{d_only}
         UNION ALL
         SELECT m.no, m.name, 'purchase', p.name, p.unit, s.quantity, s.amount_fen FROM sales_net s JOIN members m ON \
             m.id = s.member_id JOIN products p ON p.id = s.product_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.reversal_voucher_id IS NULL{s_only}
         UNION ALL
         SELECT m.no, m.name, 'purchase', i.item, i.unit, i.quantity, i.cost_fen + i.fee_fen FROM input_purchases i \
             JOIN members m ON m.id = i.member_id
         WHERE i.date BETWEEN ?1 AND ?2 AND i.reversal_voucher_id IS NULL{i_only}",
    ))?;
    // member no → (name, (kind, product) → (unit, quantity, amount in 分))
    type PerProduct = BTreeMap<(String, String), (String, Decimal, i64)>;
    let mut by: BTreeMap<i64, (String, PerProduct)> = BTreeMap::new();
    let mut rows = st.query(params![from, to, member_id])?;
    while let Some(r) = rows.next()? {
        let (no, name, kind, product, unit, q, fen): (i64, String, String, String, String, String, i64) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
        let q = Decimal::from_str(&q).map_err(Error::internal)?;
        let e = by.entry(no).or_insert_with(|| (name, BTreeMap::new())).1.entry((kind, product)).or_insert((
            unit,
            Decimal::ZERO,
            0,
        ));
        e.1 += q;
        e.2 += fen;
    }
    let members: Vec<MemberTradeRow> = by
        .into_iter()
        .map(|(no, (name, products))| {
            let quantity: Decimal = products.values().map(|p| p.1).sum();
            let of = |kind: &str| Money(products.iter().filter(|((k, _), _)| k == kind).map(|(_, p)| p.2).sum());
            let (delivered, purchased) = (of("delivery"), of("purchase"));
            MemberTradeRow {
                no,
                name,
                quantity: quantity.normalize().to_string(),
                amount: delivered + purchased,
                delivered,
                purchased,
                products: products
                    .into_iter()
                    .map(|((kind, product), (unit, q, fen))| ProductTrade {
                        kind,
                        product,
                        unit,
                        quantity: q.normalize().to_string(),
                        amount: Money(fen),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(MemberTrade {
        year,
        total: members.iter().map(|m| m.amount).sum(),
        delivered: members.iter().map(|m| m.delivered).sum(),
        purchased: members.iter().map(|m| m.purchased).sum(),
        members,
    })
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Amount {
    /// A month `YYYY-MM`, a channel code, a product or a buyer.
    pub key: String,
    pub label: String,
    pub amount: Money,
}

/// Sales of a year by month, channel, product and buyer.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SalesReport {
    pub year: i32,
    pub total: Money,
    /// Sales to members (member trade) and to everyone else, kept apart (Art. 41).
    pub member_total: Money,
    pub non_member_total: Money,
    pub by_month: Vec<Amount>,
    pub by_channel: Vec<Amount>,
    pub by_product: Vec<Amount>,
    pub by_buyer: Vec<Amount>,
    /// Month × channel: `[month, channel, amount]` for the trend chart.
    pub by_month_channel: Vec<(String, String, Money)>,
}

pub fn sales_report(conn: &Connection, year: i32) -> Result<SalesReport> {
    let (from, to) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    let group = |expr: &str, join: &str| -> Result<Vec<(String, i64)>> {
        let mut st = conn.prepare(&format!(
            "SELECT {expr}, SUM(s.amount_fen) FROM sales_net s {join} WHERE s.date BETWEEN \
            ?1 AND ?2 AND s.reversal_voucher_id IS NULL GROUP BY 1 ORDER BY 1"
        ))?;
        let rows = st.query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let by_month = group("substr(s.date, 1, 7)", "")?
        .into_iter()
        .map(|(k, v)| Amount { label: k.clone(), key: k, amount: Money(v) })
        .collect();
    let by_channel = group("s.channel", "")?
        .into_iter()
        .map(|(k, v)| Amount { label: channel_zh(&k).into(), key: k, amount: Money(v) })
        .collect();
    let by_product = group("p.name", "JOIN products p ON p.id = s.product_id")?
        .into_iter()
        .map(|(k, v)| Amount { label: k.clone(), key: k, amount: Money(v) })
        .collect();
    let by_buyer = group("b.name", "JOIN buyers b ON b.id = s.buyer_id")?
        .into_iter()
        .map(|(k, v)| Amount { label: k.clone(), key: k, amount: Money(v) })
        .collect();
    let mut st = conn.prepare(
        "SELECT substr(date, 1, 7), channel, SUM(amount_fen) FROM sales_net WHERE date BETWEEN ?1 \
        AND ?2 AND reversal_voucher_id IS NULL GROUP BY 1, 2 ORDER BY 1, 2",
    )?;
    let by_month_channel = st
        .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, Money(r.get(2)?))))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total = conn
        .query_row(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM sales_net WHERE date BETWEEN ?1 AND ?2 AND \
        reversal_voucher_id IS NULL",
            params![from, to],
            |r| r.get(0),
        )
        .map(Money)?;
    let member_total = conn
        .query_row(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM sales_net WHERE date BETWEEN ?1 AND ?2 AND \
            reversal_voucher_id IS NULL AND member_id IS NOT NULL",
            params![from, to],
            |r| r.get(0),
        )
        .map(Money)?;
    Ok(SalesReport {
        year,
        total,
        member_total,
        non_member_total: total - member_total,
        by_month,
        by_channel,
        by_product,
        by_buyer,
        by_month_channel,
    })
}

impl Book {
    pub fn member_trade(&self, year: i32) -> Result<MemberTrade> {
        member_trade(&self.conn, year)
    }

    pub fn sales_report(&self, year: i32) -> Result<SalesReport> {
        sales_report(&self.conn, year)
    }
}
