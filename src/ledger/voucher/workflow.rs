//! A voucher's way through the books: review (never by its preparer), posting (the monthly totals
//! in the same transaction), deletion of a draft, and red-ink reversal; a business document's
//! voucher is reviewed by the system and posted at once.

use super::content::{content_hash, content_of};
use super::entry::{
    add_in, insert, period_closed, voucher_no, Checked, CheckedLine, NewVoucher, Voucher, VoucherStatus,
};
use super::list::load;
use crate::base::date::{parse_date, ym_of};
use crate::base::error::{Error, Result};
use crate::ledger::account::Chart;
use crate::store::book::{Book, Tx};
use rusqlite::{params, Connection, OptionalExtension};

/// The reviewer recorded on the vouchers of business documents.
pub const SYSTEM_REVIEWER: &str = crate::store::book::SYSTEM;

/// Enters and posts the voucher of a business document (a contribution, an exit settlement) in
/// the document's own transaction: the document is what the user confirmed, so its voucher is
/// reviewed by the system and posted at once, with the user as preparer.
pub fn post_document_in(tx: &mut Tx, chart: &Chart, v: &NewVoucher) -> Result<i64> {
    let id = add_in(tx, chart, v)?;
    tx.as_system(|tx| review_in(tx, id))?;
    post_in(tx, id)?;
    Ok(id)
}

/// A red-ink line (红字): the amount is written negative on the side the original entry had it.
pub struct RedLine {
    pub account_id: i64,
    pub member: Option<(i64, i64)>,
    pub debit: i64,
    pub credit: i64,
}

/// Posts a red-ink voucher (红字) dated `date` in an open month: the part of an earlier document's
/// entries taken back — a sale returned in part, a delivery corrected — the original voucher (and
/// its closed month) left as it was. Reviewed like the document's own voucher.
pub fn post_red_in(tx: &mut Tx, date: &str, summary: String, lines: &[RedLine]) -> Result<i64> {
    let date = parse_date(date, "date")?;
    let ym = ym_of(&date);
    period_closed(tx, ym)?;
    let c = Checked {
        date,
        ym,
        summary,
        attachments: 1,
        lines: lines
            .iter()
            .filter(|l| l.debit != 0 || l.credit != 0)
            .map(|l| CheckedLine {
                account_id: l.account_id,
                member_id: l.member.map(|m| m.0),
                member_no: l.member.map(|m| m.1),
                summary: String::new(),
                debit: -l.debit,
                credit: -l.credit,
            })
            .collect(),
    };
    let id = insert(tx, &c, None)?;
    let content = content_of(tx, id)?;
    tx.log("voucher.add", "voucher", id, &content)?;
    tx.as_system(|tx| review_in(tx, id))?;
    post_in(tx, id)?;
    Ok(id)
}

/// Reverses the voucher of a document (or of the distribution) on `date` and posts the reversal
/// at once, reviewed by the system like the voucher it reverses; returns the reversal's id.
pub fn reverse_and_post_in(tx: &mut Tx, voucher_id: i64, date: &str) -> Result<i64> {
    let rev = reverse_in(tx, voucher_id, Some(date))?;
    tx.as_system(|tx| review_in(tx, rev))?;
    post_in(tx, rev)?;
    Ok(rev)
}

struct Head {
    ym: i64,
    status: VoucherStatus,
    prepared_by: String,
    reverses: Option<i64>,
    seq: i64,
}

fn head(conn: &Connection, id: i64) -> Result<Head> {
    let (ym, status, prepared_by, reverses, seq): (i64, String, String, Option<i64>, i64) = conn
        .prepare_cached("SELECT ym, status, prepared_by, reverses_id, seq FROM vouchers WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?
        .ok_or_else(|| Error::new("unknown-voucher", format!("凭证 {id} 不存在"), format!("no voucher {id}")))?;
    Ok(Head { ym, status: VoucherStatus::parse(&status)?, prepared_by, reverses, seq })
}

fn posted_immutable(id: i64) -> Error {
    Error::new(
        "posted-immutable",
        format!("凭证 {id} 已记账，不能修改或删除，请用红字冲销后重新填制"),
        format!("voucher {id} is posted and cannot be changed or deleted; reverse it and enter a new one"),
    )
}

/// Marks a draft as reviewed (审核). The reviewer must not be the preparer.
pub fn review_in(tx: &mut Tx, id: i64) -> Result<()> {
    let h = head(tx, id)?;
    period_closed(tx, h.ym)?;
    match h.status {
        VoucherStatus::Draft => {}
        VoucherStatus::Reviewed => {
            return Err(Error::new(
                "already-reviewed",
                format!("凭证 {id} 已审核"),
                format!("voucher {id} is already reviewed"),
            ))
        }
        VoucherStatus::Posted => return Err(posted_immutable(id)),
    }
    if h.prepared_by == tx.user {
        return Err(Error::new(
            "self-review",
            format!("制单人 {} 不能审核自己填制的凭证，请由另一位用户审核", h.prepared_by),
            format!("{} prepared this voucher and cannot review it; another user must", h.prepared_by),
        ));
    }
    tx.prepare_cached("UPDATE vouchers SET status = 'reviewed', reviewed_by = ?1, reviewed_at = ?2 WHERE id = ?3")?
        .execute(params![tx.user, tx.now, id])?;
    tx.log("voucher.review", "voucher", id, &serde_json::json!({"id": id}))
}

/// Withdraws a review so the draft can be corrected or deleted.
pub fn unreview_in(tx: &mut Tx, id: i64) -> Result<()> {
    let h = head(tx, id)?;
    period_closed(tx, h.ym)?;
    match h.status {
        VoucherStatus::Reviewed => {}
        VoucherStatus::Draft => {
            return Err(Error::new(
                "not-reviewed",
                format!("凭证 {id} 尚未审核"),
                format!("voucher {id} is not reviewed"),
            ))
        }
        VoucherStatus::Posted => return Err(posted_immutable(id)),
    }
    tx.execute("UPDATE vouchers SET status = 'draft', reviewed_by = NULL, reviewed_at = NULL WHERE id = ?1", [id])?;
    tx.log("voucher.unreview", "voucher", id, &serde_json::json!({"id": id}))
}

/// Posts (记账) a reviewed voucher: it becomes immutable and enters the totals.
pub fn post_in(tx: &mut Tx, id: i64) -> Result<()> {
    let h = head(tx, id)?;
    period_closed(tx, h.ym)?;
    match h.status {
        VoucherStatus::Reviewed => {}
        VoucherStatus::Draft => {
            return Err(Error::new(
                "not-reviewed",
                format!("凭证 {id} 尚未审核，不能记账"),
                format!("voucher {id} must be reviewed before posting"),
            ))
        }
        VoucherStatus::Posted => {
            return Err(Error::new(
                "already-posted",
                format!("凭证 {id} 已记账"),
                format!("voucher {id} is already posted"),
            ))
        }
    }
    tx.prepare_cached("UPDATE vouchers SET status = 'posted', posted_by = ?1, posted_at = ?2 WHERE id = ?3")?
        .execute(params![tx.user, tx.now, id])?;
    add_to_totals(tx, id, h.ym)?;
    let hash = content_hash(tx, id)?;
    tx.log(
        "voucher.post",
        "voucher",
        id,
        &serde_json::json!({"id": id, "no": voucher_no(h.seq), "content_sha256": hash}),
    )
}

/// Adds a voucher just posted to the monthly totals of its accounts and members.
pub(crate) fn add_to_totals(tx: &Tx, id: i64, ym: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO account_totals (account_id, ym, debit_fen, credit_fen)
         SELECT account_id, ?2, SUM(debit_fen), SUM(credit_fen) FROM voucher_lines WHERE voucher_id = ?1 GROUP BY \
             account_id
         ON CONFLICT (account_id, ym) DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen, credit_fen = \
             credit_fen + excluded.credit_fen",
    )?
    .execute(params![id, ym])?;
    tx.prepare_cached(
        "INSERT INTO member_totals (member_id, account_id, ym, debit_fen, credit_fen)
         SELECT member_id, account_id, ?2, SUM(debit_fen), SUM(credit_fen) FROM voucher_lines
         WHERE voucher_id = ?1 AND member_id IS NOT NULL GROUP BY member_id, account_id
         ON CONFLICT (member_id, account_id, ym) DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen, credit_fen \
             = credit_fen + excluded.credit_fen",
    )?
    .execute(params![id, ym])?;
    Ok(())
}

/// Deletes a voucher that is not posted.
pub fn delete_in(tx: &mut Tx, id: i64) -> Result<()> {
    let h = head(tx, id)?;
    period_closed(tx, h.ym)?;
    if h.status == VoucherStatus::Posted {
        return Err(posted_immutable(id));
    }
    let content = content_of(tx, id)?;
    tx.execute("DELETE FROM voucher_lines WHERE voucher_id = ?1", [id])?;
    tx.execute("DELETE FROM vouchers WHERE id = ?1", [id])?;
    // A number below the month's last is freed for the month's next voucher.
    tx.execute(
        "INSERT OR IGNORE INTO free_numbers (ym, seq) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM vouchers WHERE ym = \
            ?1 AND seq > ?2)",
        params![h.ym, h.seq],
    )?;
    tx.log("voucher.delete", "voucher", id, &content)
}

/// Creates the reversing voucher (红字冲销) of a posted one: the same lines with negated amounts,
/// as a draft that is reviewed and posted like any other. Dated `date`, or the original's date.
pub fn reverse_in(tx: &mut Tx, id: i64, date: Option<&str>) -> Result<i64> {
    let h = head(tx, id)?;
    if h.status != VoucherStatus::Posted {
        return Err(Error::new(
            "not-posted",
            format!("凭证 {id} 尚未记账，直接修改或删除即可，无需冲销"),
            format!("voucher {id} is not posted; edit or delete it instead"),
        ));
    }
    if h.reverses.is_some() {
        return Err(Error::new(
            "is-reversal",
            format!("凭证 {id} 本身是冲销凭证，不能再冲销"),
            format!("voucher {id} is itself a reversal"),
        ));
    }
    let already: Option<i64> =
        tx.query_row("SELECT id FROM vouchers WHERE reverses_id = ?1", [id], |r| r.get(0)).optional()?;
    if let Some(r) = already {
        return Err(Error::new(
            "already-reversed",
            format!("凭证 {id} 已被凭证 {r} 冲销"),
            format!("voucher {id} is already reversed by voucher {r}"),
        ));
    }
    let orig = load(tx, id)?;
    let date = match date {
        Some(d) => parse_date(d, "date")?,
        None => orig.date.clone(),
    };
    let ym = ym_of(&date);
    period_closed(tx, ym)?;
    let mut lines = Vec::new();
    let mut st = tx.prepare_cached(
        "SELECT l.account_id, l.member_id, m.no, l.summary, l.debit_fen, l.credit_fen FROM voucher_lines l LEFT JOIN \
            members m ON m.id = l.member_id
         WHERE l.voucher_id = ?1 ORDER BY l.line_no",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(CheckedLine {
            account_id: r.get(0)?,
            member_id: r.get(1)?,
            member_no: r.get(2)?,
            summary: r.get(3)?,
            debit: -r.get::<_, i64>(4)?,
            credit: -r.get::<_, i64>(5)?,
        })
    })?;
    for r in rows {
        lines.push(r?);
    }
    drop(st);
    let c = Checked {
        date,
        ym,
        summary: format!("冲销{}月{}号凭证：{}", &orig.date[5..7], orig.no, orig.summary),
        attachments: 0,
        lines,
    };
    let new_id = insert(tx, &c, Some(id))?;
    let content = content_of(tx, new_id)?;
    tx.log("voucher.reverse", "voucher", new_id, &serde_json::json!({"reverses": id, "voucher": content}))?;
    Ok(new_id)
}

impl Book {
    pub fn add_voucher(&mut self, v: &NewVoucher) -> Result<Voucher> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| {
            let chart = Chart::load(tx)?;
            add_in(tx, &chart, v)
        })?;
        load(&self.conn, id)
    }

    pub fn review_voucher(&mut self, id: i64) -> Result<Voucher> {
        self.write(crate::store::access::Perm::Review, |tx| review_in(tx, id))?;
        load(&self.conn, id)
    }

    pub fn unreview_voucher(&mut self, id: i64) -> Result<Voucher> {
        self.write(crate::store::access::Perm::Review, |tx| unreview_in(tx, id))?;
        load(&self.conn, id)
    }

    pub fn post_voucher(&mut self, id: i64) -> Result<Voucher> {
        self.write(crate::store::access::Perm::Post, |tx| post_in(tx, id))?;
        load(&self.conn, id)
    }

    pub fn delete_voucher(&mut self, id: i64) -> Result<()> {
        self.write(crate::store::access::Perm::Enter, |tx| delete_in(tx, id))
    }
}
