//! The township database: its villages (USCC, pinned key, last bundle, replica book) and the
//! import of bundles in sequence, each checked before it touches a replica.

use super::apply::apply;
use crate::base::error::{Error, Result};
use crate::store::book::{Book, Mode};
use crate::sync::bundle::{self, Bundle};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
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
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
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

pub(crate) fn now() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string()
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

impl Township {
    /// Imports the bundle files named as the user gave them: names are trimmed, blank ones
    /// skipped; a verdict per file (see [`Township::import`]).
    pub fn import_paths(&mut self, paths: &[String]) -> Vec<Verdict> {
        let files: Vec<PathBuf> = paths.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).map(PathBuf::from).collect();
        self.import(&files)
    }
}
