//! The change log: one row per change, each row's hash covering the previous row's hash, so any
//! edit, deletion or reordering by hand breaks the chain. It is the audit trail, the source of
//! incremental sync bundles, and the tamper evidence that `verify` checks.

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of one log row: SHA-256 over the previous hash and the row's fields, each ended by a
/// newline (fields never contain a bare newline that could shift one into the next: the payload is
/// compact JSON, which escapes newlines).
#[allow(clippy::too_many_arguments)]
pub fn row_hash(prev: &str, seq: i64, at: &str, user: &str, action: &str, entity: &str, entity_id: &str, payload: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev, &seq.to_string(), at, user, action, entity, entity_id, payload] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// Appends rows inside one write transaction, remembering the chain head between appends.
pub struct Appender {
    seq: i64,
    head: String,
}

impl Appender {
    pub(crate) fn load(conn: &Connection) -> Result<Appender> {
        let last: Option<(i64, String)> = conn
            .query_row("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (seq, head) = last.unwrap_or((0, GENESIS.to_string()));
        Ok(Appender { seq, head })
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn append(&mut self, conn: &Connection, at: &str, user: &str, action: &str, entity: &str, entity_id: &str, payload: &serde_json::Value) -> Result<()> {
        let payload = payload.to_string();
        let seq = self.seq + 1;
        let hash = row_hash(&self.head, seq, at, user, action, entity, entity_id, &payload);
        conn.prepare_cached(
            "INSERT INTO change_log (seq, at, user, action, entity, entity_id, payload, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![seq, at, user, action, entity, entity_id, payload, self.head, hash])?;
        self.seq = seq;
        self.head = hash;
        Ok(())
    }
}

/// One row of the change log as shown to people.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LogEntry {
    pub seq: i64,
    pub at: String,
    pub user: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub payload: serde_json::Value,
    pub hash: String,
}

/// The newest `limit` rows, newest first.
pub fn recent(conn: &Connection, limit: i64) -> Result<Vec<LogEntry>> {
    let mut st = conn.prepare(
        "SELECT seq, at, user, action, entity, entity_id, payload, hash FROM change_log ORDER BY seq DESC LIMIT ?1",
    )?;
    let rows = st.query_map([limit], |r| {
        let payload: String = r.get(6)?;
        Ok(LogEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            user: r.get(2)?,
            action: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::String(payload)),
            hash: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The head of the chain: the last sequence number and its hash.
pub fn head(conn: &Connection) -> Result<(i64, String)> {
    Ok(conn
        .query_row("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}
