//! Month close (结账) and reopen (反结账). A closed month accepts nothing: no voucher is entered,
//! reviewed, posted or deleted in it (checked in the core and by triggers). Months close in order
//! and reopen in reverse order, so a closed month never sits after an open one with entries.

use crate::book::Book;
use crate::date::{month_text, parse_month};
use crate::error::{Error, Result};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Period {
    pub month: String,
    pub closed: bool,
    pub closed_by: Option<String>,
    pub closed_at: Option<String>,
    pub vouchers: i64,
    pub unposted: i64,
}

impl Book {
    /// Closes a month. Refused while it has unposted vouchers or an earlier month with vouchers
    /// is still open.
    pub fn close_period(&mut self, month: &str) -> Result<Period> {
        let ym = parse_month(month)?;
        let m = month_text(ym);
        self.write(|tx| {
            if tx.query_row("SELECT 1 FROM periods WHERE ym = ?1", [ym], |_| Ok(())).optional()?.is_some() {
                return Err(Error::new("period-already-closed", format!("{m} 已经结账"), format!("{m} is already closed")));
            }
            let unposted: i64 = tx.query_row("SELECT COUNT(*) FROM vouchers WHERE ym = ?1 AND status != 'posted'", [ym], |r| r.get(0))?;
            if unposted > 0 {
                return Err(Error::new(
                    "period-has-unposted",
                    format!("{m} 还有 {unposted} 张凭证未记账，不能结账"),
                    format!("{m} has {unposted} voucher(s) not yet posted and cannot be closed"),
                ));
            }
            let open_before: Option<i64> = tx
                .query_row(
                    "SELECT MIN(ym) FROM vouchers WHERE ym < ?1 AND ym NOT IN (SELECT ym FROM periods)",
                    [ym],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            if let Some(o) = open_before {
                return Err(Error::new(
                    "period-order",
                    format!("请先结账 {}，再结账 {m}", month_text(o)),
                    format!("close {} before {m}", month_text(o)),
                ));
            }
            tx.execute("INSERT INTO periods (ym, closed_at, closed_by) VALUES (?1, ?2, ?3)", params![ym, tx.now, tx.user])?;
            tx.log("period.close", "period", &m, &serde_json::json!({"month": m}))
        })?;
        self.period(ym)
    }

    /// Reopens a closed month; refused while a later month is closed.
    pub fn reopen_period(&mut self, month: &str) -> Result<Period> {
        let ym = parse_month(month)?;
        let m = month_text(ym);
        self.write(|tx| {
            if tx.query_row("SELECT 1 FROM periods WHERE ym = ?1", [ym], |_| Ok(())).optional()?.is_none() {
                return Err(Error::new("period-not-closed", format!("{m} 没有结账"), format!("{m} is not closed")));
            }
            let later: Option<i64> = tx.query_row("SELECT MAX(ym) FROM periods WHERE ym > ?1", [ym], |r| r.get(0))?;
            if let Some(l) = later {
                return Err(Error::new(
                    "period-order",
                    format!("请先反结账 {}，再反结账 {m}", month_text(l)),
                    format!("reopen {} before {m}", month_text(l)),
                ));
            }
            tx.execute("DELETE FROM periods WHERE ym = ?1", [ym])?;
            tx.log("period.reopen", "period", &m, &serde_json::json!({"month": m}))
        })?;
        self.period(ym)
    }

    fn period(&self, ym: i64) -> Result<Period> {
        let closed: Option<(String, String)> =
            self.conn.query_row("SELECT closed_by, closed_at FROM periods WHERE ym = ?1", [ym], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
        let (vouchers, unposted): (i64, i64) = self.conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(status != 'posted'), 0) FROM vouchers WHERE ym = ?1",
            [ym],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Period {
            month: month_text(ym),
            closed: closed.is_some(),
            closed_by: closed.as_ref().map(|c| c.0.clone()),
            closed_at: closed.map(|c| c.1),
            vouchers,
            unposted,
        })
    }

    /// Every month that has vouchers or is closed, in order.
    pub fn periods(&self) -> Result<Vec<Period>> {
        let mut st = self.conn.prepare("SELECT ym FROM vouchers UNION SELECT ym FROM periods ORDER BY 1")?;
        let yms = st.query_map([], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        yms.into_iter().map(|ym| self.period(ym)).collect()
    }
}
