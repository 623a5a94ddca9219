//! Reading vouchers back: one with its lines, and the filtered, paged list.

use super::entry::{voucher_no, Line, Voucher, DRAFT, POSTED, REVIEWED};
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::store::book::Book;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Loads a voucher with its lines.
pub fn load(conn: &Connection, id: i64) -> Result<Voucher> {
    let mut v = conn
        .prepare_cached(
            "SELECT v.id, v.seq, v.date, v.summary, v.attachments, v.status, v.prepared_by, v.reviewed_by, \
                v.posted_by, v.reverses_id,
                    (SELECT r.id FROM vouchers r WHERE r.reverses_id = v.id)
             FROM vouchers v WHERE v.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Voucher {
                id: r.get(0)?,
                no: voucher_no(r.get(1)?),
                date: r.get(2)?,
                summary: r.get(3)?,
                attachments: r.get(4)?,
                status: r.get(5)?,
                prepared_by: r.get(6)?,
                reviewed_by: r.get(7)?,
                posted_by: r.get(8)?,
                reverses: r.get(9)?,
                reversed_by: r.get(10)?,
                debit: Money::ZERO,
                credit: Money::ZERO,
                lines: Vec::new(),
                source: None,
            })
        })
        .optional()?
        .ok_or_else(|| Error::new("unknown-voucher", format!("凭证 {id} 不存在"), format!("no voucher {id}")))?;
    let mut st = conn.prepare_cached(
        "SELECT l.line_no, a.code, a.name, m.no, m.name, l.summary, l.debit_fen, l.credit_fen
         FROM voucher_lines l JOIN accounts a ON a.id = l.account_id LEFT JOIN members m ON m.id = l.member_id
         WHERE l.voucher_id = ?1 ORDER BY l.line_no",
    )?;
    v.lines = st
        .query_map([id], |r| {
            Ok(Line {
                line_no: r.get(0)?,
                account: r.get(1)?,
                account_name: r.get(2)?,
                member: r.get(3)?,
                member_name: r.get(4)?,
                summary: r.get(5)?,
                debit: Money(r.get(6)?),
                credit: Money(r.get(7)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    v.debit = v.lines.iter().map(|l| l.debit).sum();
    v.credit = v.lines.iter().map(|l| l.credit).sum();
    Ok(v)
}

/// A voucher in a list: no lines, its totals.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VoucherRow {
    pub id: i64,
    pub no: String,
    pub date: String,
    pub summary: String,
    pub status: String,
    pub prepared_by: String,
    pub reviewed_by: Option<String>,
    pub reverses: Option<i64>,
    /// The voucher that reverses this one, if any.
    pub reversed_by: Option<i64>,
    pub amount: Money,
}

/// One page of the voucher list and how many vouchers the filter matches.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VoucherPage {
    pub rows: Vec<VoucherRow>,
    pub total: i64,
}

/// Filter for listing vouchers.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VoucherFilter {
    /// `YYYY-MM`.
    pub month: Option<String>,
    pub status: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

impl Book {
    /// A page of the voucher list with the filter's total.
    pub fn voucher_page(&self, f: &VoucherFilter) -> Result<VoucherPage> {
        Ok(VoucherPage { total: self.count_vouchers(f)?, rows: self.vouchers(f)? })
    }

    /// How many vouchers the filter matches (for paging).
    pub fn count_vouchers(&self, f: &VoucherFilter) -> Result<i64> {
        let ym = f.month.as_deref().map(crate::base::date::parse_month).transpose()?;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM vouchers WHERE (?1 IS NULL OR ym = ?1) AND (?2 IS NULL OR status = ?2)",
            )?
            .query_row(params![ym, f.status], |r| r.get(0))?)
    }

    /// Vouchers in date and number order, filtered; paged with `limit`/`offset`.
    pub fn vouchers(&self, f: &VoucherFilter) -> Result<Vec<VoucherRow>> {
        let ym = f.month.as_deref().map(crate::base::date::parse_month).transpose()?;
        if let Some(s) = f.status.as_deref() {
            if ![DRAFT, REVIEWED, POSTED].contains(&s) {
                return Err(Error::new(
                    "invalid-status",
                    format!("状态“{s}”无效，应为 draft/reviewed/posted"),
                    format!("status \"{s}\" is not draft, reviewed or posted"),
                ));
            }
        }
        let mut st = self.conn.prepare_cached(
            "SELECT v.id, v.seq, v.date, v.summary, v.status, v.prepared_by, v.reviewed_by, v.reverses_id,
                    (SELECT SUM(debit_fen) FROM voucher_lines WHERE voucher_id = v.id),
                    (SELECT r.id FROM vouchers r WHERE r.reverses_id = v.id)
             FROM vouchers v
             WHERE (?1 IS NULL OR v.ym = ?1) AND (?2 IS NULL OR v.status = ?2)
             ORDER BY v.ym, v.seq LIMIT ?3 OFFSET ?4",
        )?;
        let rows = st.query_map(params![ym, f.status, f.limit.unwrap_or(-1), f.offset.unwrap_or(0)], |r| {
            Ok(VoucherRow {
                id: r.get(0)?,
                no: voucher_no(r.get(1)?),
                date: r.get(2)?,
                summary: r.get(3)?,
                status: r.get(4)?,
                prepared_by: r.get(5)?,
                reviewed_by: r.get(6)?,
                reverses: r.get(7)?,
                reversed_by: r.get(9)?,
                amount: Money(r.get::<_, Option<i64>>(8)?.unwrap_or(0)),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
