//! Layer 6 — **reversal**: where every voucher comes from, and the one way back for each.
//!
//! A voucher is made by hand, by a business document (a delivery, a sale, a contribution, an
//! operation, a harvest, a payment to a member) or by the distribution. This module knows every
//! source ([`source_of`]) and reverses any voucher through the right door: a document's voucher
//! through its document (red ink posted at once, like the document's own voucher, and the document
//! counts nowhere from then on — not in stock, member trade, sales or shares); the distribution's
//! posting or payment through the plan, which steps back; a hand voucher as it is.
//!
//! Invariant: a document is reversed on its own date, so every report over any range sees either
//! both the document and its reversal or neither; a reversal that would take stock or a member's
//! shares below zero is refused.
//! May use: every layer below (it sits above every layer that makes vouchers).

use crate::base::error::{Error, Result};
use crate::ledger::voucher::{load, reverse_and_post_in, reverse_in, Voucher};
use crate::store::book::{Book, Tx};

/// Whether a contribution row records an exit, a transfer or a withdrawal (reversed through its
/// voucher, not as a document).
fn moves_shares(amount: i64, detail: &str) -> bool {
    amount <= 0 || detail.contains("\"exit\"") || detail.contains("\"movement\"")
}

use rusqlite::{params, OptionalExtension};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The kinds of document and their tables.
fn table(kind: &str) -> Result<&'static str> {
    match kind {
        "delivery" => Ok("deliveries"),
        "sale" => Ok("sales"),
        "contribution" => Ok("contributions"),
        "operation" => Ok("operations"),
        "harvest" => Ok("harvests"),
        "input" => Ok("input_purchases"),
        "payment" => Ok("member_payments"),
        other => Err(Error::new(
            "invalid-document",
            format!("单据类型“{other}”无效，应为 delivery/sale/contribution/operation/harvest/input/payment"),
            format!("\"{other}\" is not delivery, sale, contribution, operation, harvest, input or payment"),
        )),
    }
}

/// Reverses a document; returns the reversal voucher's id.
pub fn reverse_document_in(tx: &mut Tx, kind: &str, id: i64) -> Result<i64> {
    let t = table(kind)?;
    let row: Option<(String, Option<i64>, Option<i64>)> = tx
        .query_row(&format!("SELECT date, voucher_id, reversal_voucher_id FROM {t} WHERE id = ?1"), [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((date, Some(voucher_id), reversed)) = row else {
        return Err(Error::new("unknown-document", format!("单据 {kind} #{id} 不存在"), format!("no {kind} #{id}")));
    };
    if let Some(r) = reversed {
        return Err(Error::new(
            "already-reversed",
            format!("单据 #{id} 已被凭证 id {r} 冲销"),
            format!("{kind} #{id} is already reversed by voucher {r}"),
        ));
    }
    // A sale returned in part, or a delivery corrected, stands with those: reversing the original
    // whole would take back what the return or correction already took.
    let followed: i64 = match kind {
        "sale" => tx.query_row("SELECT COUNT(*) FROM sale_returns WHERE sale_id = ?1", [id], |r| r.get(0))?,
        "delivery" => {
            tx.query_row("SELECT COUNT(*) FROM delivery_corrections WHERE delivery_id = ?1", [id], |r| r.get(0))?
        }
        _ => 0,
    };
    if followed > 0 {
        return Err(Error::new(
            "document-has-corrections",
            format!("单据 #{id} 已有退货或更正记录，不能整单冲销；请继续用退货或更正调整"),
            format!(
                "{kind} #{id} has returns or corrections: it cannot be reversed whole; return or correct it further"
            ),
        ));
    }
    match kind {
        "delivery" | "harvest" => {
            // The goods must still be there to hand back.
            let (product, qty): (i64, String) =
                tx.query_row(&format!("SELECT product_id, quantity FROM {t} WHERE id = ?1"), [id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            let qty = Decimal::from_str(&qty).map_err(Error::internal)?;
            let (held, _) = crate::business::trade::stock(tx, product, "9999-12-31")?;
            if held < qty {
                return Err(Error::new(
                    "insufficient-stock",
                    format!("这批货已售出（库存只剩 {held}），不能冲销交售单 #{id}，请先冲销相关销售"),
                    format!("the goods are sold (only {held} left): reverse the sales before delivery #{id}"),
                ));
            }
        }
        "contribution" => {
            let (member, ckind, amount, detail): (i64, String, i64, String) = tx.query_row(
                "SELECT member_id, kind, amount_fen, detail FROM contributions WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            if moves_shares(amount, &detail) {
                return Err(Error::new(
                    "not-reversible",
                    "退社、转让或退股的记录不能单独冲销，请冲销其凭证",
                    "an exit, transfer or withdrawal row is not reversed on its own; reverse its voucher",
                ));
            }
            let held: i64 = tx.query_row(
                "SELECT COALESCE(SUM(amount_fen), 0) FROM contributions WHERE member_id = ?1 AND kind = ?2 AND \
                    reversal_voucher_id IS NULL",
                params![member, ckind],
                |r| r.get(0),
            )?;
            if held < amount {
                return Err(Error::new(
                    "insufficient-shares",
                    "该出资已部分转让或退还，不能整笔冲销",
                    "part of this contribution was transferred or withdrawn; it cannot be reversed whole",
                ));
            }
        }
        _ => {}
    }
    let rev = reverse_and_post_in(tx, voucher_id, &date)?;
    tx.execute(&format!("UPDATE {t} SET reversal_voucher_id = ?1 WHERE id = ?2"), params![rev, id])?;
    tx.log(
        "document.reverse",
        kind,
        id,
        &serde_json::json!({"kind": kind, "id": id, "voucher": voucher_id, "reversal": rev}),
    )?;
    Ok(rev)
}

/// The document a voucher must be reversed through, as `kind:id`: every document but the exit,
/// transfer and withdrawal rows of contributions, whose vouchers are reversed directly.
pub fn reversed_through_document(conn: &rusqlite::Connection, voucher_id: i64) -> Result<Option<String>> {
    let Some(source) = source_of(conn, voucher_id)? else { return Ok(None) };
    if let Some(id) = source.strip_prefix("contribution:") {
        let (amount, detail): (i64, String) =
            conn.query_row("SELECT amount_fen, detail FROM contributions WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        if moves_shares(amount, &detail) {
            return Ok(None);
        }
    }
    Ok(Some(source))
}

/// A document reference `kind:id` in words: 销售单 #12.
pub fn describe(source: &str) -> String {
    let (kind, id) = source.split_once(':').unwrap_or((source, ""));
    let zh = match kind {
        "delivery" => "交售单",
        "sale" => "销售单",
        "contribution" => "出资记录",
        "operation" => "业务单",
        "harvest" => "收获入库单",
        "input" => "代购单",
        "payment" => "成员付款单",
        _ => "单据",
    };
    format!("{zh} #{id}")
}

/// The document a voucher belongs to, as `kind:id`, if any.
pub fn source_of(conn: &rusqlite::Connection, voucher_id: i64) -> Result<Option<String>> {
    for (kind, t) in [
        ("delivery", "deliveries"),
        ("sale", "sales"),
        ("contribution", "contributions"),
        ("operation", "operations"),
        ("harvest", "harvests"),
        ("input", "input_purchases"),
        ("payment", "member_payments"),
    ] {
        let id: Option<i64> = conn
            .prepare_cached(&format!("SELECT id FROM {t} WHERE voucher_id = ?1 OR reversal_voucher_id = ?1 LIMIT 1"))?
            .query_row([voucher_id], |r| r.get(0))
            .optional()?;
        if let Some(id) = id {
            return Ok(Some(format!("{kind}:{id}")));
        }
    }
    Ok(None)
}

impl Book {
    /// Reverses a posted voucher in red ink. A business document's voucher is reversed through its
    /// document (so the document stops counting too); a distribution's posting or payment voucher
    /// is reversed and posted at once, and the plan steps back (see `distribution`).
    pub fn reverse_voucher(&mut self, id: i64, date: Option<&str>) -> Result<Voucher> {
        let new_id = self.write(crate::store::access::Perm::Reverse, |tx| {
            if let Some(source) = reversed_through_document(tx, id)? {
                return Err(Error::new(
                    "reverse-the-document",
                    format!("凭证 id {id} 由{}生成，请在该单据处冲销（会同时冲销凭证）", describe(&source)),
                    format!(
                        "voucher {id} was made by document {source}: reverse the document, which reverses its voucher"
                    ),
                ));
            }
            match crate::yearend::distribution::reverse_voucher_in(tx, id, date)? {
                Some(rev) => Ok(rev),
                None => reverse_in(tx, id, date),
            }
        })?;
        self.voucher(new_id)
    }
    /// A voucher with its lines and the document it came from.
    pub fn voucher(&self, id: i64) -> Result<Voucher> {
        let mut v = load(&self.conn, id)?;
        v.source = source_of(&self.conn, id)?;
        Ok(v)
    }

    /// Reverses a delivery, sale or contribution; returns the reversal voucher's id.
    pub fn reverse_document(&mut self, kind: &str, id: i64) -> Result<i64> {
        self.write(crate::store::access::Perm::Reverse, |tx| reverse_document_in(tx, kind, id))
    }
}
