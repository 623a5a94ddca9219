//! The change log: one row per change, each row's hash covering the previous row's hash, so any
//! edit, deletion or reordering by hand breaks the chain. It is the audit trail, the source of
//! incremental sync bundles, and the tamper evidence that `verify` checks.

use crate::base::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of one log row: SHA-256 over the previous hash and the row's fields, each ended by a
/// newline (fields never contain a bare newline that could shift one into the next: the payload is
/// compact JSON, which escapes newlines).
#[allow(clippy::too_many_arguments)]
pub fn row_hash(
    prev: &str,
    seq: i64,
    at: &str,
    user: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    payload: &str,
) -> String {
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
    pub(crate) fn append(
        &mut self,
        conn: &Connection,
        at: &str,
        user: &str,
        action: &str,
        entity: &str,
        entity_id: &str,
        payload: &serde_json::Value,
    ) -> Result<()> {
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
    Ok(search(conn, &LogFilter { limit: Some(limit), ..Default::default() })?.rows)
}

/// What the audit screen and `log` filter by; every field optional.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct LogFilter {
    /// Exactly this user.
    pub user: Option<String>,
    /// An action (`voucher.post`) or a prefix of one ending in a dot (`voucher.`).
    pub action: Option<String>,
    /// What was changed: `voucher`, `member`, `user`, …
    pub entity: Option<String>,
    /// Which one (a voucher id, a member number).
    pub entity_id: Option<String>,
    /// From this day (YYYY-MM-DD), inclusive.
    pub from: Option<String>,
    /// To this day (YYYY-MM-DD), inclusive.
    pub to: Option<String>,
    /// Text anywhere in the row's details.
    pub text: Option<String>,
    /// Rows per page (default 50, at most 1000) and how many to skip.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub limit: Option<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub offset: Option<i64>,
}

/// One page of the change log, newest first, with the total of rows that match.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LogPage {
    pub rows: Vec<LogEntry>,
    pub total: i64,
    /// The users and actions found in the whole log, for the filter's choices.
    pub users: Vec<String>,
    pub actions: Vec<String>,
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// The rows that match `f`, newest first.
pub fn search(conn: &Connection, f: &LogFilter) -> Result<LogPage> {
    let mut conds: Vec<&str> = Vec::new();
    let mut args: Vec<String> = Vec::new();
    let some = |o: &Option<String>| o.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    if let Some(u) = some(&f.user) {
        conds.push("user = ?");
        args.push(u);
    }
    if let Some(a) = some(&f.action) {
        if a.ends_with('.') {
            conds.push("action LIKE ? ESCAPE '\\'");
            args.push(format!("{}%", like_escape(&a)));
        } else {
            conds.push("action = ?");
            args.push(a);
        }
    }
    if let Some(e) = some(&f.entity) {
        conds.push("entity = ?");
        args.push(e);
    }
    if let Some(e) = some(&f.entity_id) {
        conds.push("entity_id = ?");
        args.push(e);
    }
    if let Some(d) = some(&f.from) {
        conds.push("substr(at, 1, 10) >= ?");
        args.push(crate::base::date::parse_date(&d, "from")?);
    }
    if let Some(d) = some(&f.to) {
        conds.push("substr(at, 1, 10) <= ?");
        args.push(crate::base::date::parse_date(&d, "to")?);
    }
    if let Some(t) = some(&f.text) {
        conds.push("(payload LIKE ? ESCAPE '\\' OR entity_id = ? OR user LIKE ? ESCAPE '\\')");
        let pat = format!("%{}%", like_escape(&t));
        args.push(pat.clone());
        args.push(t);
        args.push(pat);
    }
    let filter = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
    let total: i64 =
        conn.query_row(&format!("SELECT COUNT(*) FROM change_log {filter}"), rusqlite::params_from_iter(&args), |r| {
            r.get(0)
        })?;
    let limit = f.limit.unwrap_or(50).clamp(1, 1000);
    let offset = f.offset.unwrap_or(0).max(0);
    let mut st = conn.prepare(&format!(
        "SELECT seq, at, user, action, entity, entity_id, payload, hash FROM change_log {filter} ORDER BY seq DESC \
            LIMIT {limit} OFFSET {offset}"
    ))?;
    let rows = st.query_map(rusqlite::params_from_iter(&args), |r| {
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
    let rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let distinct = |col: &str| -> Result<Vec<String>> {
        let mut st = conn.prepare(&format!("SELECT DISTINCT {col} FROM change_log ORDER BY {col}"))?;
        let v = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(v)
    };
    Ok(LogPage { rows, total, users: distinct("user")?, actions: distinct("action")? })
}

/// The head of the chain: the last sequence number and its hash.
pub fn head(conn: &Connection) -> Result<(i64, String)> {
    Ok(conn
        .query_row("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string())))
}
