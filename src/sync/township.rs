//! The township's side of the sync bundles (DESIGN.md §4): a township database of villages, and
//! for each village a replica book (`<township file>.villages/<USCC>.coopbook`, the same schema as a
//! village's own book) that its bundles are applied to — so the township runs the very same
//! statements and reports on a village's figures and gets exactly the village's numbers.
//!
//! Import, per bundle: the reader's checks (size limits, the signature over every byte, file
//! hashes, summary against rows); the key pinned at the village's first bundle (a different key
//! is refused until someone re-pins it, having confirmed the fingerprint by phone); the sequence —
//! the next number is applied, an older or repeated one is a no-op with a message, a gap is
//! refused naming the missing numbers — and the previous bundle's hash. A bundle is applied in one
//! transaction on the replica; the township's register is written after it and can be rebuilt
//! from the replicas, so a crash between the two loses nothing.

use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::store::book::{Book, Mode, Tx};
use crate::sync::bundle::{self, Bundle};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS villages (
    uscc         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    village      TEXT NOT NULL,
    township     TEXT NOT NULL,
    county       TEXT NOT NULL,
    public_key   TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    pinned_at    TEXT NOT NULL,
    last_seq     INTEGER NOT NULL,
    last_sha256  TEXT NOT NULL,
    imported_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS imports (
    id           INTEGER PRIMARY KEY,
    uscc         TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    file         TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    summary      TEXT NOT NULL
);
";

/// The township database.
pub struct Township {
    conn: Connection,
    path: PathBuf,
}

/// A village in the township's register.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VillageRow {
    pub uscc: String,
    pub name: String,
    pub village: String,
    /// The last bundle imported.
    pub last_seq: i64,
    /// Of the pinned key.
    pub fingerprint: String,
    pub imported_at: String,
}

/// The township database open in the app, and its villages.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TownshipInfo {
    pub path: String,
    pub villages: Vec<VillageRow>,
    /// The latest year any village's books reach: the report's year to start with.
    pub latest_year: Option<i32>,
}

/// What became of one bundle file.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verdict {
    pub file: String,
    /// `imported`, `duplicate` (already there: nothing changed) or `refused`.
    pub status: String,
    pub uscc: Option<String>,
    pub name: Option<String>,
    pub seq: Option<i64>,
    /// The refusal, when refused (Chinese first, then English, then the code).
    pub error: Option<crate::ErrorBody>,
    pub message: String,
}

fn now() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string()
}

fn s(o: &Map<String, Value>, k: &str) -> Option<String> {
    o.get(k).and_then(|v| v.as_str()).map(str::to_string)
}

fn i(o: &Map<String, Value>, k: &str) -> Option<i64> {
    o.get(k).and_then(|v| v.as_i64())
}

fn bad_row(file: &str) -> Error {
    Error::new(
        "bundle-invalid",
        format!("同步包的 {file} 中有无法读取的行"),
        format!("a row of {file} in the bundle cannot be read"),
    )
}

/// Inserts a JSON object into `table` by its keys (the book's own column names), replacing a row
/// with the same key.
fn insert_generic(tx: &Tx, table: &str, o: &Map<String, Value>, skip: &[&str]) -> Result<()> {
    let cols: Vec<&String> = o.keys().filter(|k| !skip.contains(&k.as_str())).collect();
    if cols.iter().any(|c| !c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')) {
        return Err(bad_row(table));
    }
    let names = cols.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ");
    let marks = (1..=cols.len()).map(|n| format!("?{n}")).collect::<Vec<_>>().join(", ");
    let values: Vec<rusqlite::types::Value> = cols
        .iter()
        .map(|c| match &o[c.as_str()] {
            Value::Null => rusqlite::types::Value::Null,
            Value::Number(n) => n.as_i64().map(rusqlite::types::Value::Integer).unwrap_or(rusqlite::types::Value::Null),
            Value::String(t) => rusqlite::types::Value::Text(t.clone()),
            Value::Bool(b) => rusqlite::types::Value::Integer(i64::from(*b)),
            _ => rusqlite::types::Value::Null,
        })
        .collect();
    tx.execute(
        &format!("INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})"),
        rusqlite::params_from_iter(values),
    )?;
    Ok(())
}

fn member_id(tx: &Tx, no: Option<i64>) -> Result<Option<i64>> {
    match no {
        None => Ok(None),
        Some(no) => Ok(Some(
            tx.query_row("SELECT id FROM members WHERE no = ?1", [no], |r| r.get(0))
                .map_err(|_| bad_row("members.jsonl"))?,
        )),
    }
}

/// Applies a checked bundle to a village's replica, in the replica's transaction.
/// A statement prepared once per replica transaction, not parsed again for each of a bundle's
/// hundreds of thousands of rows.
fn exec<P: rusqlite::Params>(tx: &Tx, sql: &str, p: P) -> rusqlite::Result<usize> {
    tx.prepare_cached(sql)?.execute(p)
}

fn apply(tx: &mut Tx, b: &Bundle) -> Result<()> {
    let rows = |name: &str| bundle::rows(&b.files, name);
    for c in rows("coop.jsonl")? {
        exec(
            tx,
            "INSERT INTO coop (id, name, uscc, village, township, county, reserve_rate, patronage_rate, \
                collective_min_share, created_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, village = excluded.village, township = \
                 excluded.township, county = excluded.county,
                reserve_rate = excluded.reserve_rate, patronage_rate = excluded.patronage_rate, collective_min_share \
                    = excluded.collective_min_share",
            params![
                s(&c, "name"),
                s(&c, "uscc"),
                s(&c, "village"),
                s(&c, "township"),
                s(&c, "county"),
                s(&c, "reserve_rate"),
                s(&c, "patronage_rate"),
                s(&c, "collective_min_share"),
                tx.now
            ],
        )?;
    }
    for a in rows("accounts.jsonl")? {
        exec(
            tx,
            "INSERT INTO accounts (id, code, name, parent_id, class, direction, member_ledger, system)
             VALUES (?1, ?2, ?3, (SELECT id FROM accounts WHERE code = ?4), ?5, ?6, ?7, ?8)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name",
            params![
                i(&a, "id"),
                s(&a, "code"),
                s(&a, "name"),
                s(&a, "parent"),
                s(&a, "class"),
                i(&a, "direction"),
                i(&a, "member_ledger"),
                i(&a, "system")
            ],
        )?;
    }
    for m in rows("members.jsonl")? {
        // The replica keeps the keyed hash where the book keeps the ID number.
        exec(
            tx,
            "INSERT INTO members (id, no, name, id_card, kind, phone, joined, exited) VALUES (?1, ?2, ?3, ?4, ?5, \
                NULL, ?6, ?7)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, id_card = excluded.id_card, kind = excluded.kind, \
                 joined = excluded.joined, exited = excluded.exited",
            params![
                i(&m, "id"),
                i(&m, "no"),
                s(&m, "name"),
                s(&m, "id_hash"),
                s(&m, "kind"),
                s(&m, "joined"),
                s(&m, "exited")
            ],
        )?;
    }
    for p in rows("products.jsonl")? {
        insert_generic(tx, "products", &p, &[])?;
    }
    for p in rows("buyers.jsonl")? {
        insert_generic(tx, "buyers", &p, &[])?;
    }
    // Months the village reopened are open here too before its vouchers arrive.
    let periods = rows("periods.jsonl")?;
    let closed: Vec<i64> = periods.iter().filter_map(|p| i(p, "ym")).collect();
    exec(
        tx,
        &format!(
            "DELETE FROM periods WHERE ym NOT IN ({})",
            closed.iter().map(|x| x.to_string()).chain(std::iter::once("0".into())).collect::<Vec<_>>().join(",")
        ),
        [],
    )?;
    let mut lines: BTreeMap<i64, Vec<Map<String, Value>>> = BTreeMap::new();
    for l in rows("voucher_lines.jsonl")? {
        lines.entry(i(&l, "voucher_id").ok_or_else(|| bad_row("voucher_lines.jsonl"))?).or_default().push(l);
    }
    for v in rows("vouchers.jsonl")? {
        let id = i(&v, "id").ok_or_else(|| bad_row("vouchers.jsonl"))?;
        // A posted voucher never changes: one already here is the same one.
        if tx.query_row("SELECT 1 FROM vouchers WHERE id = ?1", [id], |_| Ok(())).optional()?.is_some() {
            continue;
        }
        let ym = i(&v, "ym").ok_or_else(|| bad_row("vouchers.jsonl"))?;
        if tx.query_row("SELECT 1 FROM periods WHERE ym = ?1", [ym], |_| Ok(())).optional()?.is_some() {
            exec(tx, "DELETE FROM periods WHERE ym = ?1", [ym])?;
        }
        exec(
            tx,
            "INSERT INTO vouchers (id, date, ym, seq, summary, attachments, status, prepared_by, prepared_at, \
                reviewed_by, reverses_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?8, ?9, ?10)",
            params![
                id,
                s(&v, "date"),
                ym,
                i(&v, "seq"),
                s(&v, "summary"),
                i(&v, "attachments"),
                s(&v, "prepared_by"),
                s(&v, "posted_at"),
                s(&v, "reviewed_by"),
                i(&v, "reverses_id")
            ],
        )?;
        for l in lines.remove(&id).unwrap_or_default() {
            let account: i64 = tx
                .query_row("SELECT id FROM accounts WHERE code = ?1", [s(&l, "account")], |r| r.get(0))
                .map_err(|_| bad_row("voucher_lines.jsonl"))?;
            exec(
                tx,
                "INSERT INTO voucher_lines (voucher_id, line_no, date, account_id, member_id, summary, debit_fen, \
                    credit_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    i(&l, "line_no"),
                    s(&l, "date"),
                    account,
                    member_id(tx, i(&l, "member"))?,
                    s(&l, "summary"),
                    i(&l, "debit_fen"),
                    i(&l, "credit_fen")
                ],
            )?;
        }
        exec(
            tx,
            "UPDATE vouchers SET status = 'posted', posted_by = ?1, posted_at = ?2 WHERE id = ?3",
            params![s(&v, "posted_by"), s(&v, "posted_at"), id],
        )?;
        crate::ledger::voucher::add_to_totals(tx, id, ym)?;
    }
    if !lines.is_empty() {
        return Err(bad_row("voucher_lines.jsonl"));
    }
    for c in rows("contributions.jsonl")? {
        exec(
            tx,
            "INSERT OR REPLACE INTO contributions (id, member_id, kind, date, amount_fen, detail, voucher_id, \
                reversal_voucher_id) VALUES (?1, ?2, ?3, ?4, ?5, '{}', ?6, ?7)",
            params![
                i(&c, "id"),
                member_id(tx, i(&c, "member"))?,
                s(&c, "kind"),
                s(&c, "date"),
                i(&c, "amount_fen"),
                i(&c, "voucher_id"),
                i(&c, "reversal_voucher_id")
            ],
        )?;
    }
    for d in rows("deliveries.jsonl")? {
        exec(
            tx,
            "INSERT OR REPLACE INTO deliveries (id, member_id, product_id, date, quantity, price, amount_fen, \
                voucher_id, reversal_voucher_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                i(&d, "id"),
                member_id(tx, i(&d, "member"))?,
                i(&d, "product_id"),
                s(&d, "date"),
                s(&d, "quantity"),
                s(&d, "price"),
                i(&d, "amount_fen"),
                i(&d, "voucher_id"),
                i(&d, "reversal_voucher_id")
            ],
        )?;
    }
    for x in rows("sales.jsonl")? {
        exec(
            tx,
            "INSERT OR REPLACE INTO sales (id, date, product_id, buyer_id, channel, quantity, price, amount_fen, \
                cost_fen, paid, member_id, voucher_id, reversal_voucher_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                i(&x, "id"),
                s(&x, "date"),
                i(&x, "product_id"),
                i(&x, "buyer_id"),
                s(&x, "channel"),
                s(&x, "quantity"),
                s(&x, "price"),
                i(&x, "amount_fen"),
                i(&x, "cost_fen"),
                s(&x, "paid"),
                member_id(tx, i(&x, "member"))?,
                i(&x, "voucher_id"),
                i(&x, "reversal_voucher_id")
            ],
        )?;
    }
    exec(tx, "DELETE FROM distribution_lines", [])?;
    exec(tx, "DELETE FROM distribution_plans", [])?;
    for p in rows("distribution_plans.jsonl")? {
        insert_generic(tx, "distribution_plans", &p, &[])?;
    }
    for l in rows("distribution_lines.jsonl")? {
        insert_generic(tx, "distribution_lines", &l, &["member"])?;
    }
    exec(tx, "DELETE FROM year_closes", [])?;
    for y in rows("year_closes.jsonl")? {
        insert_generic(tx, "year_closes", &y, &[])?;
    }
    for p in &periods {
        exec(
            tx,
            "INSERT OR REPLACE INTO periods (ym, closed_at, closed_by) VALUES (?1, ?2, ?3)",
            params![i(p, "ym"), s(p, "closed_at"), s(p, "closed_by")],
        )?;
    }
    let m = &b.manifest;
    exec(
        tx,
        "INSERT INTO bundles_received (seq, sha256, public_key, full, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![m.seq, b.sha256, m.public_key, m.full, tx.now],
    )?;
    tx.log(
        "township.import",
        "bundle",
        m.seq,
        &serde_json::json!({"uscc": m.coop.uscc, "seq": m.seq, "sha256": b.sha256, "summary": m.summary}),
    )
}

impl Township {
    /// Opens (or creates) a township database.
    pub fn open(path: &Path) -> Result<Township> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Township { conn, path: path.to_owned() })
    }

    fn replica_path(&self, uscc: &str) -> PathBuf {
        let mut dir = self.path.as_os_str().to_owned();
        dir.push(".villages");
        PathBuf::from(dir).join(format!("{uscc}.coopbook"))
    }

    /// A village's replica book, read-only: every statement and report of the village, as imported.
    pub fn village(&self, uscc: &str) -> Result<Book> {
        let p = self.replica_path(uscc);
        if !p.is_file() {
            return Err(Error::new(
                "unknown-village",
                format!("乡镇库中没有统一社会信用代码为 {uscc} 的合作社"),
                format!("no co-op {uscc} in the township database"),
            )
            .at("coop"));
        }
        Book::open(&p, "township", Mode::Read)
    }

    /// Imports bundle files: read and checked each on its own, then applied in sequence order per
    /// village (so files given out of order go in), each one all-or-nothing.
    pub fn import(&mut self, files: &[PathBuf]) -> Vec<Verdict> {
        let mut verdicts: Vec<Option<Verdict>> = vec![None; files.len()];
        let mut good: Vec<(usize, Bundle)> = Vec::new();
        for (n, f) in files.iter().enumerate() {
            match bundle::read_file(f) {
                Ok(b) => good.push((n, b)),
                Err(e) => verdicts[n] = Some(refused(f, None, e)),
            }
        }
        good.sort_by(|a, b| {
            (a.1.manifest.coop.uscc.as_str(), a.1.manifest.seq)
                .cmp(&(b.1.manifest.coop.uscc.as_str(), b.1.manifest.seq))
        });
        for (n, b) in good {
            let f = &files[n];
            verdicts[n] = Some(match self.import_one(&b, f) {
                Ok(v) => v,
                Err(e) => refused(f, Some(&b), e),
            });
        }
        verdicts.into_iter().flatten().collect()
    }

    fn import_one(&mut self, b: &Bundle, file: &Path) -> Result<Verdict> {
        let m = &b.manifest;
        let uscc = m.coop.uscc.clone();
        let known: Option<(String, i64, String)> = self
            .conn
            .query_row("SELECT public_key, last_seq, last_sha256 FROM villages WHERE uscc = ?1", [&uscc], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let (last_seq, last_sha) = match &known {
            Some((key, seq, sha)) => {
                if *key != m.public_key {
                    let was = hex::decode(key).map(|k| bundle::fingerprint(&k)).unwrap_or_default();
                    let now = hex::decode(&m.public_key).map(|k| bundle::fingerprint(&k)).unwrap_or_default();
                    return Err(Error::new(
                        "bundle-key-changed",
                        format!(
                            "{} 的签名密钥与首次登记的不同（登记 {was}，本包 {now}）：请电话核实指纹后重新登记密钥",
                            m.coop.name
                        ),
                        format!(
                            "{}'s signing key differs from the one pinned ({was}, this bundle {now}): confirm the \
                            fingerprint by phone, then re-pin",
                            m.coop.name
                        ),
                    ));
                }
                (*seq, Some(sha.clone()))
            }
            None => (0, None),
        };
        let mk = |status: &str, message: String| Verdict {
            file: file.display().to_string(),
            status: status.into(),
            uscc: Some(uscc.clone()),
            name: Some(m.coop.name.clone()),
            seq: Some(m.seq),
            error: None,
            message,
        };
        if m.seq <= last_seq {
            let had: Option<String> = self
                .conn
                .query_row("SELECT sha256 FROM imports WHERE uscc = ?1 AND seq = ?2", params![uscc, m.seq], |r| {
                    r.get(0)
                })
                .optional()?;
            if had.as_deref().is_some_and(|h| h != b.sha256) {
                return Err(Error::new(
                    "bundle-conflict",
                    format!("{} 的第 {} 号同步包已导入过另一个版本，本文件与之不同", m.coop.name, m.seq),
                    format!("bundle {} of {} was already imported with different content", m.seq, m.coop.name),
                ));
            }
            return Ok(mk("duplicate", format!("{} 第 {} 号同步包已导入过，未作改动", m.coop.name, m.seq)));
        }
        if m.seq != last_seq + 1 {
            let missing: Vec<String> = (last_seq + 1..m.seq).map(|n| n.to_string()).collect();
            return Err(Error::new(
                "bundle-gap",
                format!("{} 的同步包不连续：缺少第 {} 号，请先导入", m.coop.name, missing.join("、")),
                format!("{}'s bundles have a gap: number {} missing, import it first", m.coop.name, missing.join(", ")),
            ));
        }
        if m.prev_sha256 != last_sha {
            return Err(Error::new(
                "bundle-chain",
                format!("{} 第 {} 号同步包所接的上一包与已导入的不符", m.coop.name, m.seq),
                format!("bundle {} of {} does not follow the one imported before it", m.seq, m.coop.name),
            ));
        }
        // Applied to the replica in one transaction, then registered.
        let path = self.replica_path(&uscc);
        let mut replica =
            if path.is_file() { Book::open(&path, "township", Mode::Write)? } else { Book::create(&path, "township")? };
        let applied = replica.write(crate::store::access::Perm::Import, |tx| apply(tx, b));
        if let Err(e) = applied {
            drop(replica);
            if known.is_none() {
                for suffix in ["", "-wal", "-shm", "-lock"] {
                    let mut p = path.as_os_str().to_owned();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            return Err(e);
        }
        let at = now();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO villages (uscc, name, village, township, county, public_key, fingerprint, pinned_at, \
                last_seq, last_sha256, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?8)
             ON CONFLICT (uscc) DO UPDATE SET name = excluded.name, last_seq = excluded.last_seq, last_sha256 = \
                 excluded.last_sha256, imported_at = excluded.imported_at",
            params![
                uscc,
                m.coop.name,
                m.coop.village,
                m.coop.township,
                m.coop.county,
                m.public_key,
                hex::decode(&m.public_key).map(|k| bundle::fingerprint(&k)).unwrap_or_default(),
                at,
                m.seq,
                b.sha256
            ],
        )?;
        tx.execute(
            "INSERT INTO imports (uscc, seq, sha256, file, imported_at, summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![uscc, m.seq, b.sha256, file.display().to_string(), at, serde_json::to_string(&m.summary)?],
        )?;
        tx.commit()?;
        Ok(mk("imported", format!("已导入 {} 第 {} 号同步包：凭证 {} 张", m.coop.name, m.seq, m.summary.vouchers)))
    }

    /// Accepts a village's new signing key after its fingerprint was confirmed (by phone): the next
    /// bundle signed with it is imported.
    pub fn repin(&mut self, uscc: &str, fingerprint: &str, public_key: &str) -> Result<()> {
        let key = hex::decode(public_key)
            .map_err(|_| Error::new("invalid-key", "公钥格式无效", "the public key is not valid hex").at("key"))?;
        let f = bundle::fingerprint(&key);
        if !f.eq_ignore_ascii_case(fingerprint.trim()) {
            return Err(Error::new(
                "fingerprint-mismatch",
                format!("指纹不符：该公钥的指纹为 {f}"),
                format!("fingerprint mismatch: this key's fingerprint is {f}"),
            )
            .at("fingerprint"));
        }
        let n = self.conn.execute(
            "UPDATE villages SET public_key = ?1, fingerprint = ?2, pinned_at = ?3 WHERE uscc = ?4",
            params![public_key, f, now(), uscc],
        )?;
        if n == 0 {
            return Err(Error::new(
                "unknown-village",
                format!("乡镇库中没有 {uscc}"),
                format!("no co-op {uscc} in the township database"),
            )
            .at("coop"));
        }
        Ok(())
    }

    /// The villages registered, in USCC order.
    pub fn villages(&self) -> Result<Vec<VillageRow>> {
        let mut st = self
            .conn
            .prepare("SELECT uscc, name, village, last_seq, fingerprint, imported_at FROM villages ORDER BY uscc")?;
        let rows = st.query_map([], |r| {
            Ok(VillageRow {
                uscc: r.get(0)?,
                name: r.get(1)?,
                village: r.get(2)?,
                last_seq: r.get(3)?,
                fingerprint: r.get(4)?,
                imported_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The database's path, villages and latest year, as the app shows them.
    pub fn info(&self) -> Result<TownshipInfo> {
        Ok(TownshipInfo {
            path: self.path.display().to_string(),
            villages: self.villages()?,
            latest_year: self.latest_year()?,
        })
    }

    /// The latest year any village's books reach (the report's default year).
    pub fn latest_year(&self) -> Result<Option<i32>> {
        let mut latest: Option<i32> = None;
        for v in self.villages()? {
            let last: Option<String> =
                self.village(&v.uscc)?.conn().query_row("SELECT MAX(date) FROM vouchers", [], |r| r.get(0))?;
            let year = last.and_then(|d| d.get(..4).and_then(|y| y.parse().ok()));
            latest = latest.max(year);
        }
        Ok(latest)
    }
}

fn refused(file: &Path, b: Option<&Bundle>, e: Error) -> Verdict {
    let body = crate::ErrorBody::from(e);
    Verdict {
        file: file.display().to_string(),
        status: "refused".into(),
        uscc: b.map(|b| b.manifest.coop.uscc.clone()),
        name: b.map(|b| b.manifest.coop.name.clone()),
        seq: b.map(|b| b.manifest.seq),
        message: format!("{} / {} [{}]", body.zh, body.en, body.code),
        error: Some(body),
    }
}

/// One village's figures for a year, as the township report shows them.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VillageFigures {
    pub uscc: String,
    pub name: String,
    pub village: String,
    pub last_seq: i64,
    /// Members at the year's end (not exited), and by kind.
    pub members: i64,
    pub kinds: BTreeMap<String, i64>,
    /// The village collective's share of the share capital, 4 decimals; none without capital.
    pub collective_share: Option<String>,
    /// Contributions made in the year (reversed ones left out), in total and by kind.
    pub contributions: Money,
    pub contributions_by_kind: BTreeMap<String, Money>,
    pub sales: Money,
    pub sales_by_channel: BTreeMap<String, Money>,
    /// Sales by month, "01" … "12".
    pub sales_by_month: BTreeMap<String, Money>,
    /// S: the year's surplus (会农社02 line 15).
    pub surplus: Money,
    /// The year's distribution when posted: reserve, patronage refund, residual, and P + Q.
    pub reserve: Money,
    pub patronage: Money,
    pub residual: Money,
    pub distributed: Money,
    /// P / (P + Q), 4 decimals, when something was distributed.
    pub patronage_share: Option<String>,
    /// What the village collective received from the year's distribution (its refund and residual).
    pub collective_income: Money,
    /// `distributed` per member, rounded to the 分.
    pub per_member: Money,
    /// `collective-below-30`, `patronage-below-60`.
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TownshipTotals {
    pub coops: i64,
    pub members: i64,
    pub contributions: Money,
    pub sales: Money,
    pub surplus: Money,
    pub distributed: Money,
    pub collective_income: Money,
    /// Villages whose collective income from the co-op reached 500,000 元, and their share.
    pub villages_500k: i64,
    pub villages_500k_share: Option<String>,
    pub flagged: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TownshipReport {
    pub year: i32,
    pub villages: Vec<VillageFigures>,
    pub totals: TownshipTotals,
}

/// 500,000 元 in 分: the collective income the county counts villages against.
pub const COLLECTIVE_INCOME_MARK: i64 = 50_000_000;

fn fraction(num: i64, den: i64) -> Option<String> {
    (den != 0).then(|| {
        format!(
            "{:.4}",
            (rust_decimal::Decimal::from(num) / rust_decimal::Decimal::from(den))
                .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        )
    })
}

fn figures(book: &Book, uscc: &str, last_seq: i64, year: i32) -> Result<VillageFigures> {
    let conn = book.conn();
    let end = format!("{year:04}-12-31");
    let coop = book.coop()?;
    let mut kinds: BTreeMap<String, i64> = BTreeMap::new();
    let mut st = conn.prepare(
        "SELECT kind, COUNT(*) FROM members WHERE joined <= ?1 AND (exited IS NULL OR exited > ?1) GROUP BY kind",
    )?;
    for r in st.query_map([&end], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (k, n) = r?;
        kinds.insert(k, n);
    }
    let members: i64 = kinds.values().sum();
    let mut by_kind: BTreeMap<String, Money> = BTreeMap::new();
    let mut st = conn.prepare(
        "SELECT kind, SUM(amount_fen) FROM contributions WHERE reversal_voucher_id IS NULL AND \
        date BETWEEN ?1 AND ?2 GROUP BY kind",
    )?;
    for r in
        st.query_map(params![format!("{year:04}-01-01"), end], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
    {
        let (k, a) = r?;
        by_kind.insert(k, Money(a));
    }
    let sales = book.sales_report(year)?;
    let chart = crate::ledger::account::Chart::load(conn)?;
    let surplus = crate::yearend::surplus::surplus_of_year(conn, &chart, year)?;
    let plan = crate::yearend::distribution::saved(conn, year)?
        .filter(|p| p.saved_status().is_some_and(crate::yearend::distribution::PlanStatus::is_posted));
    let (reserve, patronage, residual) =
        plan.as_ref().map(|p| (p.reserve, p.patronage, p.residual)).unwrap_or_default();
    let collective: Vec<i64> = conn
        .prepare("SELECT no FROM members WHERE kind = 'collective'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let collective_income: Money = plan
        .as_ref()
        .map(|p| p.members.iter().filter(|m| collective.contains(&m.no)).map(|m| m.patronage + m.residual).sum())
        .unwrap_or_default();
    let distributed = patronage + residual;
    let shares = book.shares(&end)?;
    let mut flags = Vec::new();
    if shares
        .collective_share
        .as_deref()
        .and_then(|s| s.parse::<rust_decimal::Decimal>().ok())
        .is_some_and(|s| s < rust_decimal::Decimal::new(30, 2))
    {
        flags.push("collective-below-30".to_string());
    }
    if plan.as_ref().is_some_and(|p| p.patronage_rate < rust_decimal::Decimal::new(60, 2)) {
        flags.push("patronage-below-60".to_string());
    }
    let per_member = if members > 0 {
        Money::round_from_decimal(distributed.to_decimal() / rust_decimal::Decimal::from(members))?
    } else {
        Money::ZERO
    };
    Ok(VillageFigures {
        uscc: uscc.to_string(),
        name: coop.name,
        village: coop.village,
        last_seq,
        members,
        kinds,
        collective_share: shares.collective_share,
        contributions: by_kind.values().copied().sum(),
        contributions_by_kind: by_kind,
        sales: sales.total,
        sales_by_channel: sales.by_channel.iter().map(|a| (a.key.clone(), a.amount)).collect(),
        sales_by_month: sales.by_month.iter().map(|a| (a.key.clone(), a.amount)).collect(),
        surplus: Money(surplus),
        reserve,
        patronage,
        residual,
        distributed,
        patronage_share: fraction(patronage.fen(), distributed.fen()),
        collective_income,
        per_member,
        flags,
    })
}

impl Township {
    /// The township report for `year`: every village's figures and the totals.
    pub fn report(&self, year: i32) -> Result<TownshipReport> {
        let mut villages = Vec::new();
        let mut st = self.conn.prepare("SELECT uscc, last_seq FROM villages ORDER BY uscc")?;
        let list = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (uscc, seq) in list {
            villages.push(figures(&self.village(&uscc)?, &uscc, seq, year)?);
        }
        let sum = |f: fn(&VillageFigures) -> Money| villages.iter().map(f).sum::<Money>();
        let reached = villages.iter().filter(|v| v.collective_income.fen() >= COLLECTIVE_INCOME_MARK).count() as i64;
        let totals = TownshipTotals {
            coops: villages.len() as i64,
            members: villages.iter().map(|v| v.members).sum(),
            contributions: sum(|v| v.contributions),
            sales: sum(|v| v.sales),
            surplus: sum(|v| v.surplus),
            distributed: sum(|v| v.distributed),
            collective_income: sum(|v| v.collective_income),
            villages_500k: reached,
            villages_500k_share: fraction(reached, villages.len() as i64),
            flagged: villages.iter().filter(|v| !v.flags.is_empty()).count() as i64,
        };
        Ok(TownshipReport { year, villages, totals })
    }
}

/// The file name of the township report's workbook for `year`.
pub fn report_file_name(year: i32) -> String {
    format!("{year}年乡镇汇总.xlsx")
}

impl Township {
    /// Imports the bundle files named as the user gave them: names are trimmed, blank ones
    /// skipped; a verdict per file (see [`Township::import`]).
    pub fn import_paths(&mut self, paths: &[String]) -> Vec<Verdict> {
        let files: Vec<PathBuf> = paths.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).map(PathBuf::from).collect();
        self.import(&files)
    }
}
