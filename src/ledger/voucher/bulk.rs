//! The bulk path of the voucher import: checked vouchers inserted in many-row statements with
//! their totals summed in memory, numbered as if entered one by one.

use super::content::{sha256_streamed, Content, ContentLine};
use super::entry::{voucher_no, Checked};
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::store::book::Tx;
use rusqlite::{params, Connection};
use std::collections::{BTreeMap, HashMap, VecDeque};

/// Posts many checked vouchers in one write transaction at the speed of the database (the
/// voucher import). The rows, numbers and monthly totals are those of entering, reviewing and
/// posting each voucher by hand; what differs is how they are written:
/// - the rows go in by many-row `INSERT`s of a couple of hundred rows, the vouchers as reviewed
///   and then their lines, and all of them become posted by one `UPDATE` at the end (inserting
///   the lines first with the foreign keys deferred, the vouchers already posted, was tried:
///   every voucher inserted then made SQLite scan each table that refers to vouchers);
/// - the totals are summed in memory and written once;
/// - the log gets ONE row, `voucher.import`, which names every voucher posted with its number
///   and content hash (computed from what is inserted, not read back): `verify` checks each as it
///   checks a `voucher.post`, and an incremental bundle carries the vouchers it names.
pub(crate) struct Bulk {
    next_id: i64,
    first_id: i64,
    next_seq: HashMap<i64, i64>,
    /// Numbers left by deleted drafts, used first as for a voucher entered by hand.
    free: BTreeMap<i64, VecDeque<i64>>,
    used_free: Vec<(i64, i64)>,
    totals: HashMap<(i64, i64), (i64, i64)>,
    member_totals: HashMap<(i64, i64, i64), (i64, i64)>,
    vouchers: Vec<BulkVoucher>,
    lines: Vec<BulkLine>,
    /// Each voucher posted: id, number, content hash and where it came from.
    posted: Vec<serde_json::Value>,
}

struct BulkVoucher {
    id: i64,
    date: String,
    ym: i64,
    seq: i64,
    summary: String,
    attachments: i64,
    prepared_by: String,
    reviewed_by: String,
}

struct BulkLine {
    voucher_id: i64,
    line_no: i64,
    date: String,
    account_id: i64,
    member_id: Option<i64>,
    summary: String,
    debit: i64,
    credit: i64,
}

/// Rows a many-row `INSERT` of the bulk path writes at once.
const BULK_ROWS: usize = 200;

impl Bulk {
    pub(crate) fn new(conn: &Connection) -> Result<Bulk> {
        let mut free: BTreeMap<i64, VecDeque<i64>> = BTreeMap::new();
        let mut st = conn.prepare("SELECT ym, seq FROM free_numbers ORDER BY ym, seq")?;
        for r in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (ym, seq) = r?;
            free.entry(ym).or_default().push_back(seq);
        }
        let next_id: i64 = conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM vouchers", [], |r| r.get(0))?;
        Ok(Bulk {
            next_id,
            first_id: next_id,
            next_seq: HashMap::new(),
            free,
            used_free: Vec::new(),
            totals: HashMap::new(),
            member_totals: HashMap::new(),
            vouchers: Vec::new(),
            lines: Vec::new(),
            posted: Vec::new(),
        })
    }

    fn seq(&mut self, conn: &Connection, ym: i64) -> Result<i64> {
        if let Some(s) = self.free.get_mut(&ym).and_then(VecDeque::pop_front) {
            self.used_free.push((ym, s));
            return Ok(s);
        }
        let next = match self.next_seq.get(&ym) {
            Some(&n) => n,
            None => conn
                .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM vouchers WHERE ym = ?1")?
                .query_row([ym], |r| r.get(0))?,
        };
        self.next_seq.insert(ym, next + 1);
        Ok(next)
    }

    /// Adds one checked voucher, to be posted by `prepared_by` and `reviewed_by`; `source` says
    /// where it came from (kept with its hash in the log row). Returns its id.
    pub(crate) fn add(
        &mut self,
        tx: &Tx,
        chart: &Chart,
        c: &Checked,
        prepared_by: &str,
        reviewed_by: &str,
        source: serde_json::Value,
    ) -> Result<i64> {
        let seq = self.seq(tx, c.ym)?;
        let id = self.next_id;
        self.next_id += 1;
        for (i, l) in c.lines.iter().enumerate() {
            let t = self.totals.entry((l.account_id, c.ym)).or_default();
            *t = (t.0 + l.debit, t.1 + l.credit);
            if let Some(m) = l.member_id {
                let t = self.member_totals.entry((m, l.account_id, c.ym)).or_default();
                *t = (t.0 + l.debit, t.1 + l.credit);
            }
            self.lines.push(BulkLine {
                voucher_id: id,
                line_no: i as i64 + 1,
                date: c.date.clone(),
                account_id: l.account_id,
                member_id: l.member_id,
                summary: l.summary.clone(),
                debit: l.debit,
                credit: l.credit,
            });
        }
        let no = voucher_no(seq);
        let code = |id: i64| chart.by_id(id).map_or("", |a| a.code.as_str());
        let lines = c
            .lines
            .iter()
            .map(|l| ContentLine {
                account: code(l.account_id),
                credit: Money(l.credit),
                debit: Money(l.debit),
                member: l.member_no,
                summary: &l.summary,
            })
            .collect();
        let hash = sha256_streamed(&Content {
            attachments: c.attachments,
            date: &c.date,
            id,
            lines,
            no: &no,
            reverses: None,
            summary: &c.summary,
        });
        self.posted.push(serde_json::json!([id, no, hash, source]));
        self.vouchers.push(BulkVoucher {
            id,
            date: c.date.clone(),
            ym: c.ym,
            seq,
            summary: c.summary.clone(),
            attachments: c.attachments,
            prepared_by: prepared_by.to_string(),
            reviewed_by: reviewed_by.to_string(),
        });
        if self.vouchers.len() >= BULK_ROWS {
            self.flush(tx)?;
        }
        Ok(id)
    }

    /// Writes the rows held: the vouchers (as reviewed), then their lines.
    fn flush(&mut self, tx: &Tx) -> Result<()> {
        let vouchers = std::mem::take(&mut self.vouchers);
        for chunk in vouchers.chunks(BULK_ROWS) {
            let sql = format!(
                "INSERT INTO vouchers (id, date, ym, seq, summary, attachments, status, prepared_by, prepared_at, \
                    reviewed_by, reviewed_at) VALUES {}",
                vec!["(?, ?, ?, ?, ?, ?, 'reviewed', ?, ?, ?, ?)"; chunk.len()].join(", ")
            );
            let mut st = tx.prepare_cached(&sql)?;
            let mut n = 1;
            for v in chunk {
                st.raw_bind_parameter(n, v.id)?;
                st.raw_bind_parameter(n + 1, &v.date)?;
                st.raw_bind_parameter(n + 2, v.ym)?;
                st.raw_bind_parameter(n + 3, v.seq)?;
                st.raw_bind_parameter(n + 4, &v.summary)?;
                st.raw_bind_parameter(n + 5, v.attachments)?;
                st.raw_bind_parameter(n + 6, &v.prepared_by)?;
                st.raw_bind_parameter(n + 7, &tx.now)?;
                st.raw_bind_parameter(n + 8, &v.reviewed_by)?;
                st.raw_bind_parameter(n + 9, &tx.now)?;
                n += 10;
            }
            st.raw_execute()?;
        }
        let lines = std::mem::take(&mut self.lines);
        for chunk in lines.chunks(BULK_ROWS) {
            let sql = format!(
                "INSERT INTO voucher_lines (voucher_id, line_no, date, account_id, member_id, summary, debit_fen, \
                    credit_fen) VALUES {}",
                vec!["(?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ")
            );
            let mut st = tx.prepare_cached(&sql)?;
            let mut n = 1;
            for l in chunk {
                st.raw_bind_parameter(n, l.voucher_id)?;
                st.raw_bind_parameter(n + 1, l.line_no)?;
                st.raw_bind_parameter(n + 2, &l.date)?;
                st.raw_bind_parameter(n + 3, l.account_id)?;
                st.raw_bind_parameter(n + 4, l.member_id)?;
                st.raw_bind_parameter(n + 5, &l.summary)?;
                st.raw_bind_parameter(n + 6, l.debit)?;
                st.raw_bind_parameter(n + 7, l.credit)?;
                n += 8;
            }
            st.raw_execute()?;
        }
        Ok(())
    }

    /// Writes what is held, the totals, takes the free numbers used, and logs the posting of
    /// every voucher in one `voucher.import` row carrying `about` (the file, its counts).
    pub(crate) fn finish(mut self, tx: &mut Tx, about: serde_json::Value) -> Result<()> {
        self.flush(tx)?;
        if self.next_id > self.first_id {
            let (first, last) = (self.first_id, self.next_id - 1);
            let n = tx
                .prepare_cached(
                    "UPDATE vouchers SET status = 'posted', posted_by = ?1, posted_at = ?2 WHERE id \
                    BETWEEN ?3 AND ?4 AND status = 'reviewed'",
                )?
                .execute(params![tx.user, tx.now, first, last])?;
            if n as i64 != last - first + 1 {
                return Err(Error::internal(format!("bulk posting: {n} vouchers posted of ids {first}..={last}")));
            }
        }
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO account_totals (account_id, ym, debit_fen, credit_fen) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (account_id, ym) DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen, credit_fen = \
                     credit_fen + excluded.credit_fen",
            )?;
            for ((account, ym), (d, c)) in &self.totals {
                st.execute(params![account, ym, d, c])?;
            }
            let mut st = tx.prepare_cached(
                "INSERT INTO member_totals (member_id, account_id, ym, debit_fen, credit_fen) VALUES (?1, ?2, ?3, ?4, \
                    ?5)
                 ON CONFLICT (member_id, account_id, ym) DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen, \
                     credit_fen = credit_fen + excluded.credit_fen",
            )?;
            for ((member, account, ym), (d, c)) in &self.member_totals {
                st.execute(params![member, account, ym, d, c])?;
            }
            let mut st = tx.prepare_cached("DELETE FROM free_numbers WHERE ym = ?1 AND seq = ?2")?;
            for (ym, seq) in &self.used_free {
                st.execute(params![ym, seq])?;
            }
        }
        if self.next_id > self.first_id {
            let mut payload = about;
            if let Some(p) = payload.as_object_mut() {
                p.insert("first_id".into(), self.first_id.into());
                p.insert("last_id".into(), (self.next_id - 1).into());
                p.insert("posted".into(), serde_json::Value::Array(std::mem::take(&mut self.posted)));
            }
            tx.log("voucher.import", "voucher", self.first_id, &payload)?;
        }
        Ok(())
    }
}

/// The vouchers a `voucher.import` log row posted, with their content hashes.
pub(crate) fn imported_hashes(payload: &serde_json::Value) -> impl Iterator<Item = (i64, &str)> {
    payload["posted"].as_array().into_iter().flatten().filter_map(|p| Some((p[0].as_i64()?, p[2].as_str()?)))
}
