//! The lists of deliveries and sales as the trade screen shows them, a page at a time.

use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::store::book::Book;
use rusqlite::params;
use serde::Serialize;

/// One page of deliveries or sales and how many there are in the range.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TradePage {
    pub rows: Vec<TradeRow>,
    pub total: i64,
    /// Over the whole range: how many are not reversed, and their amount (the list's 合计).
    pub live: i64,
    pub amount: Money,
}

/// A delivery or sale row of the `trade_rows`/`trade_page` queries.
fn read_trade_row(r: &rusqlite::Row) -> rusqlite::Result<TradeRow> {
    Ok(TradeRow {
        id: r.get(0)?,
        date: r.get(1)?,
        product: r.get(2)?,
        unit: r.get(3)?,
        quantity: r.get(4)?,
        price: r.get(5)?,
        amount: Money(r.get(6)?),
        party: r.get(7)?,
        member: r.get(8)?,
        channel: r.get(9)?,
        paid: r.get(10)?,
        contract: r.get(11)?,
        grade: r.get(12)?,
        voucher_id: r.get(13)?,
        reversal_voucher_id: r.get(14)?,
    })
}

/// A delivery or a sale as listed.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TradeRow {
    pub id: i64,
    pub date: String,
    pub product: String,
    pub unit: String,
    pub quantity: String,
    pub price: String,
    pub amount: Money,
    /// Deliveries: the member; sales: the buyer.
    pub party: String,
    /// Deliveries: the member; sales: the member the buyer is, when a member (member trade).
    pub member: Option<i64>,
    pub channel: Option<String>,
    /// Sales: credit, cash, bank, wechat or alipay.
    pub paid: Option<String>,
    pub contract: Option<String>,
    /// Deliveries: the grade.
    pub grade: Option<String>,
    pub voucher_id: i64,
    /// The reversal's voucher when the document was reversed.
    pub reversal_voucher_id: Option<i64>,
}

impl Book {
    pub(crate) fn trade_row(&self, kind: &str, id: i64) -> Result<TradeRow> {
        self.trade_rows(kind, Some(id), "0000-01-01", "9999-12-31")?
            .pop()
            .ok_or_else(|| Error::internal("document vanished"))
    }

    /// Deliveries (`kind` = delivery) or sales (sale) dated in `[from, to]`, reversed ones included.
    pub fn trade_rows(&self, kind: &str, id: Option<i64>, from: &str, to: &str) -> Result<Vec<TradeRow>> {
        let sql = if kind == "delivery" {
            "SELECT d.id, d.date, p.name, p.unit, d.quantity, d.price, d.amount_fen, m.name, m.no, NULL, NULL, NULL, \
                d.grade, d.voucher_id, d.reversal_voucher_id
             FROM deliveries d JOIN products p ON p.id = d.product_id JOIN members m ON m.id = d.member_id
             WHERE (?1 IS NULL OR d.id = ?1) AND d.date BETWEEN ?2 AND ?3 ORDER BY d.date, d.id"
        } else {
            "SELECT s.id, s.date, p.name, p.unit, s.quantity, s.price, s.amount_fen, b.name, m.no, s.channel, s.paid, \
                s.contract, NULL, s.voucher_id, s.reversal_voucher_id
             FROM sales s JOIN products p ON p.id = s.product_id JOIN buyers b ON b.id = s.buyer_id LEFT JOIN members \
                 m ON m.id = s.member_id
             WHERE (?1 IS NULL OR s.id = ?1) AND s.date BETWEEN ?2 AND ?3 ORDER BY s.date, s.id"
        };
        let mut st = self.conn.prepare_cached(sql)?;
        let rows = st.query_map(params![id, from, to], read_trade_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One page of the deliveries (`kind` `delivery`) or sales dated `from` … `to`, newest first (as
    /// the trade screen lists them), reversed ones included, with how many there are in the range.
    /// `limit` defaults to 100. The page is found on the date index alone, then its rows are read.
    pub fn trade_page(
        &self,
        kind: &str,
        from: &str,
        to: &str,
        limit: Option<i64>,
        offset: Option<i64>,
    ) -> Result<TradePage> {
        let (limit, offset) = crate::ledger::member::page_bounds(limit, offset);
        let (table, sql) = if kind == "delivery" {
            (
                "deliveries",
                "SELECT d.id, d.date, p.name, p.unit, d.quantity, d.price, d.amount_fen, m.name, m.no, NULL, NULL, \
                    NULL, d.grade, d.voucher_id, d.reversal_voucher_id
                 FROM deliveries d JOIN products p ON p.id = d.product_id JOIN members m ON m.id = d.member_id
                 WHERE d.id IN (SELECT id FROM deliveries WHERE date BETWEEN ?1 AND ?2 ORDER BY date DESC, id DESC \
                     LIMIT ?3 OFFSET ?4)
                 ORDER BY d.date DESC, d.id DESC",
            )
        } else {
            (
                "sales",
                "SELECT s.id, s.date, p.name, p.unit, s.quantity, s.price, s.amount_fen, b.name, m.no, s.channel, \
                    s.paid, s.contract, NULL, s.voucher_id, s.reversal_voucher_id
                 FROM sales s JOIN products p ON p.id = s.product_id JOIN buyers b ON b.id = s.buyer_id LEFT JOIN \
                     members m ON m.id = s.member_id
                 WHERE s.id IN (SELECT id FROM sales WHERE date BETWEEN ?1 AND ?2 ORDER BY date DESC, id DESC LIMIT \
                     ?3 OFFSET ?4)
                 ORDER BY s.date DESC, s.id DESC",
            )
        };
        let (total, live, amount): (i64, i64, i64) = self
            .conn
            .prepare_cached(&format!(
                "SELECT COUNT(*), COUNT(CASE WHEN reversal_voucher_id IS NULL THEN 1 END),
                        COALESCE(SUM(CASE WHEN reversal_voucher_id IS NULL THEN amount_fen END), 0)
                 FROM {table} WHERE date BETWEEN ?1 AND ?2"
            ))?
            .query_row(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let mut st = self.conn.prepare_cached(sql)?;
        let rows = st.query_map(params![from, to, limit, offset], read_trade_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(TradePage { rows, total, live, amount: Money(amount) })
    }
}
