//! Sync bundles (DESIGN.md §4), the village's side: the co-op's ed25519 key pair, and `*.coopsync`
//! files that carry what changed since the previous bundle (or everything, `full`) to the township.
//!
//! A bundle is a zip archive — `manifest.json` first, then the data files (JSON lines, one object
//! per row with the book's own column names; `statements.json`) — followed by a 72-byte trailer: the
//! ed25519 signature over every byte of the archive, then the magic `COOPSIG1`. So one byte changed
//! anywhere (a zip header, a timestamp, the signature, the trailer) makes the bundle unreadable or
//! its signature fail; `read` checks that before it trusts anything else, and bounds every size on
//! the way (file, entries, each entry's inflated size) so a zip bomb is refused, not inflated.
//!
//! The manifest names the co-op, the sequence number (1, 2, … without a gap), the SHA-256 of the
//! previous bundle file, the period, the change-log range and its head hash, the SHA-256, size and
//! row count of every data file, and summary figures that `read` recomputes from the rows.
//! Identity numbers leave the book only masked (first 4 and last 4) and as a keyed hash (SHA-256
//! under a key derived from the co-op's secret), so the township can tell two members apart
//! without learning their numbers.

use crate::base::error::{Error, Result};
use crate::store::book::{Book, Tx};
use crate::store::keys::ensure_key;
pub use crate::store::keys::fingerprint;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use std::path::Path;

pub const FORMAT: &str = "coopsync";
/// The bundle format this build writes (and the newest it reads). Version 2 carries the
/// accountant's notes to the statements (`statement_notes.jsonl`), the sales returned and the
/// deliveries corrected after the fact (`sale_returns.jsonl`, `delivery_corrections.jsonl`), and
/// leaves reversed sales out of
/// the manifest's sales total; version 1 bundles are still read, with their own summary rule.
pub const VERSION: u32 = 2;
/// A bundle file larger than this is refused before it is read.
pub const MAX_BUNDLE_BYTES: u64 = 512 << 20;
/// The data files of one bundle together may inflate to at most this.
pub const MAX_INFLATED_BYTES: u64 = 2 << 30;
const MAX_MANIFEST_BYTES: u64 = 1 << 20;
const MAX_ENTRIES: usize = 64;
const MAGIC: &[u8; 8] = b"COOPSIG1";
const TRAILER: usize = 64 + 8;

/// The data files a bundle may hold, in the order they are written.
pub const DATA_FILES: &[&str] = &[
    "coop.jsonl",
    "accounts.jsonl",
    "members.jsonl",
    "products.jsonl",
    "buyers.jsonl",
    "vouchers.jsonl",
    "voucher_lines.jsonl",
    "contributions.jsonl",
    "deliveries.jsonl",
    "sales.jsonl",
    "distribution_plans.jsonl",
    "distribution_lines.jsonl",
    "periods.jsonl",
    "year_closes.jsonl",
    "sale_returns.jsonl",
    "delivery_corrections.jsonl",
    "input_purchases.jsonl",
    "statement_notes.jsonl",
    "statements.json",
];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ManifestCoop {
    pub uscc: String,
    pub name: String,
    pub village: String,
    pub township: String,
    pub county: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ManifestFile {
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
    pub rows: u64,
}

/// Figures recomputed from the rows on reading; a bundle whose manifest disagrees is refused.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Summary {
    pub members: u64,
    pub vouchers: u64,
    pub lines: u64,
    /// Σ debits and Σ credits of the lines carried, in 分.
    pub debit_fen: i64,
    pub credit_fen: i64,
    pub contributions: u64,
    pub deliveries: u64,
    pub sales: u64,
    pub sales_fen: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub coop: ManifestCoop,
    pub seq: i64,
    /// SHA-256 of the previous bundle file; none for the first.
    pub prev_sha256: Option<String>,
    pub created_at: String,
    pub period_from: String,
    pub period_to: String,
    pub full: bool,
    /// The co-op's ed25519 verifying key, hex.
    pub public_key: String,
    /// Change-log rows `(log_from, log_to]` are in the bundle; `log_head` is the hash of row `log_to`.
    pub log_from: i64,
    pub log_to: i64,
    pub log_head: String,
    pub files: Vec<ManifestFile>,
    pub summary: Summary,
}

/// A bundle read and checked: its manifest, its data files, the SHA-256 of the whole file.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub manifest: Manifest,
    pub files: BTreeMap<String, Vec<u8>>,
    pub sha256: String,
}

/// What `bundle export` wrote.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Exported {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    pub manifest: Manifest,
}

fn bad(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::new(code, zh, en)
}

fn sha_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Rows of `sql` as JSON lines, one object per row keyed by column name.
fn jsonl(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> Result<(Vec<u8>, u64)> {
    let mut st = conn.prepare(sql)?;
    let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
    let mut rows = st.query(args)?;
    let mut out = Vec::new();
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let mut obj = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let v = match r.get_ref(i)? {
                ValueRef::Null => serde_json::Value::Null,
                ValueRef::Integer(x) => serde_json::Value::from(x),
                ValueRef::Text(t) => serde_json::Value::from(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => serde_json::Value::from(hex::encode(b)),
                ValueRef::Real(_) => return Err(Error::internal(format!("a float in {name}"))),
            };
            obj.insert(name.clone(), v);
        }
        serde_json::to_writer(&mut out, &serde_json::Value::Object(obj))?;
        out.push(b'\n');
        n += 1;
    }
    Ok((out, n))
}

/// Writes `files` and the manifest as a signed bundle. The manifest's file list and public key are
/// filled in here; the summary is the caller's (the reader checks it against the rows).
pub fn seal(mut manifest: Manifest, files: &[(String, Vec<u8>)], key: &SigningKey) -> Result<Vec<u8>> {
    manifest.public_key = hex::encode(key.verifying_key().to_bytes());
    manifest.files = files
        .iter()
        .map(|(name, bytes)| ManifestFile {
            name: name.clone(),
            sha256: sha_hex(bytes),
            bytes: bytes.len() as u64,
            rows: if name.ends_with(".jsonl") { bytes.iter().filter(|b| **b == b'\n').count() as u64 } else { 1 },
        })
        .collect();
    let zerr = |e: zip::result::ZipError| Error::internal(format!("zip: {e}"));
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // A fixed timestamp: the same content always makes the same bytes.
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    zip.start_file("manifest.json", opts).map_err(zerr)?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
    for (name, bytes) in files {
        zip.start_file(name.as_str(), opts).map_err(zerr)?;
        zip.write_all(bytes)?;
    }
    let mut out = zip.finish().map_err(zerr)?.into_inner();
    let sig = key.sign(&out);
    out.extend_from_slice(&sig.to_bytes());
    out.extend_from_slice(MAGIC);
    Ok(out)
}

fn not_a_bundle(why: &str) -> Error {
    bad("bundle-invalid", format!("不是有效的同步包（{why}）"), format!("not a valid sync bundle ({why})"))
}

/// Reads a bundle file, refusing one over the size limit before reading it.
pub fn read_file(path: &Path) -> Result<Bundle> {
    let meta = std::fs::metadata(path).map_err(|e| {
        bad(
            "bundle-unreadable",
            format!("无法读取 {}：{e}", path.display()),
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    if meta.len() > MAX_BUNDLE_BYTES {
        return Err(too_large(meta.len()));
    }
    let bytes = std::fs::read(path)?;
    read(&bytes)
}

fn too_large(n: u64) -> Error {
    bad(
        "bundle-too-large",
        format!("同步包 {} 字节，超过上限 {} 字节", n, MAX_BUNDLE_BYTES),
        format!("the bundle is {n} bytes, over the limit of {MAX_BUNDLE_BYTES}"),
    )
}

/// Checks a bundle: sizes, the archive, the manifest, the signature over every byte (strict
/// ed25519 against the key the manifest names — the township then compares that key with the one
/// it pinned), every file's size, hash and row count, no file missing or extra, and the summary
/// against the rows. Nothing is trusted before these pass.
pub fn read(bytes: &[u8]) -> Result<Bundle> {
    if bytes.is_empty() {
        return Err(bad("bundle-empty", "同步包是空文件", "the bundle file is empty"));
    }
    if bytes.len() as u64 > MAX_BUNDLE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    if bytes.len() < TRAILER + 22 || &bytes[bytes.len() - 8..] != MAGIC {
        return Err(bad(
            "bundle-truncated",
            "同步包不完整（缺少签名尾部），可能传输中被截断",
            "the bundle is incomplete (no signature trailer): it may have been cut short",
        ));
    }
    let body = &bytes[..bytes.len() - TRAILER];
    let sig_bytes: [u8; 64] = bytes[body.len()..body.len() + 64].try_into().map_err(|_| not_a_bundle("签名长度"))?;
    let mut zip = zip::ZipArchive::new(Cursor::new(body)).map_err(|e| not_a_bundle(&e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(not_a_bundle("文件过多"));
    }
    let mut entries: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut inflated: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|e| not_a_bundle(&e.to_string()))?;
        let name = f.name().to_string();
        let limit = if name == "manifest.json" { MAX_MANIFEST_BYTES } else { MAX_INFLATED_BYTES - inflated };
        if name != "manifest.json" && !DATA_FILES.contains(&name.as_str()) {
            return Err(bad(
                "bundle-unexpected-file",
                format!("同步包含有未知文件 {name}"),
                format!("the bundle holds an unknown file {name}"),
            ));
        }
        if entries.contains_key(&name) {
            return Err(not_a_bundle("文件重复"));
        }
        if f.size() > limit {
            return Err(bad(
                "bundle-too-large",
                format!("同步包中的 {name} 解压后超过上限"),
                format!("{name} inflates beyond the limit"),
            ));
        }
        let mut data = Vec::new();
        f.take(limit + 1).read_to_end(&mut data).map_err(|e| not_a_bundle(&e.to_string()))?;
        if data.len() as u64 > limit {
            return Err(bad(
                "bundle-too-large",
                format!("同步包中的 {name} 解压后超过上限"),
                format!("{name} inflates beyond the limit"),
            ));
        }
        inflated += data.len() as u64;
        entries.insert(name, data);
    }
    let manifest_bytes = entries.remove("manifest.json").ok_or_else(|| not_a_bundle("缺少 manifest.json"))?;
    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| not_a_bundle(&format!("manifest.json：{e}")))?;
    if manifest.format != FORMAT {
        return Err(not_a_bundle("格式标识不符"));
    }
    if manifest.version > VERSION {
        return Err(bad(
            "bundle-version",
            format!("同步包格式为第 {} 版，本软件只认得第 {VERSION} 版：请先升级合作社账本", manifest.version),
            format!(
                "the bundle is format version {}, this build reads version {VERSION}: upgrade Coopbook first",
                manifest.version
            ),
        ));
    }
    let public: [u8; 32] = hex::decode(&manifest.public_key)
        .ok()
        .and_then(|k| k.try_into().ok())
        .ok_or_else(|| not_a_bundle("公钥格式"))?;
    let key = VerifyingKey::from_bytes(&public).map_err(|_| not_a_bundle("公钥无效"))?;
    key.verify_strict(body, &Signature::from_bytes(&sig_bytes)).map_err(|_| {
        bad(
            "bundle-signature",
            "同步包签名验证失败：文件被改动过，或不是该合作社签发的",
            "the bundle's signature does not verify: it was altered, or not signed by this co-op",
        )
    })?;
    let listed: BTreeSet<&str> = manifest.files.iter().map(|f| f.name.as_str()).collect();
    for f in &manifest.files {
        let data = entries.get(&f.name).ok_or_else(|| {
            bad(
                "bundle-missing-file",
                format!("清单列出的 {} 不在包内", f.name),
                format!("{} is listed but missing", f.name),
            )
        })?;
        let rows = if f.name.ends_with(".jsonl") { data.iter().filter(|b| **b == b'\n').count() as u64 } else { 1 };
        if sha_hex(data) != f.sha256 || data.len() as u64 != f.bytes || rows != f.rows {
            return Err(bad(
                "bundle-file-hash",
                format!("{} 的内容与清单不符", f.name),
                format!("{} does not match the manifest", f.name),
            ));
        }
    }
    if let Some(extra) = entries.keys().find(|k| !listed.contains(k.as_str())) {
        return Err(bad(
            "bundle-unexpected-file",
            format!("同步包含有清单未列出的 {extra}"),
            format!("the bundle holds {extra}, not in its manifest"),
        ));
    }
    let found = summarise(&entries, manifest.version)?;
    if found != manifest.summary {
        return Err(bad(
            "bundle-summary",
            format!("同步包清单的汇总数与数据不符：清单 {:?}，数据 {:?}", manifest.summary, found),
            format!(
                "the manifest's summary disagrees with the rows: manifest {:?}, rows {:?}",
                manifest.summary, found
            ),
        ));
    }
    Ok(Bundle { manifest, files: entries, sha256: sha_hex(bytes) })
}

/// Each JSON line of a data file as an object.
pub fn rows(files: &BTreeMap<String, Vec<u8>>, name: &str) -> Result<Vec<serde_json::Map<String, serde_json::Value>>> {
    let Some(data) = files.get(name) else { return Ok(Vec::new()) };
    data.split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| match serde_json::from_slice(l) {
            Ok(serde_json::Value::Object(o)) => Ok(o),
            _ => Err(not_a_bundle(&format!("{name} 中有无效的行"))),
        })
        .collect()
}

/// The manifest's summary of the rows: from version 2 on, the sales total leaves out the sales
/// reversed (红字冲销) — they are no trade; version 1 counted them.
fn summarise(files: &BTreeMap<String, Vec<u8>>, version: u32) -> Result<Summary> {
    let int = |o: &serde_json::Map<String, serde_json::Value>, k: &str| o.get(k).and_then(|v| v.as_i64()).unwrap_or(0);
    let lines = rows(files, "voucher_lines.jsonl")?;
    let sales = rows(files, "sales.jsonl")?;
    Ok(Summary {
        members: rows(files, "members.jsonl")?.len() as u64,
        vouchers: rows(files, "vouchers.jsonl")?.len() as u64,
        lines: lines.len() as u64,
        debit_fen: lines.iter().map(|l| int(l, "debit_fen")).sum(),
        credit_fen: lines.iter().map(|l| int(l, "credit_fen")).sum(),
        contributions: rows(files, "contributions.jsonl")?.len() as u64,
        deliveries: rows(files, "deliveries.jsonl")?.len() as u64,
        sales: sales.len() as u64,
        sales_fen: sales
            .iter()
            .filter(|s| version < 2 || s.get("reversal_voucher_id").is_none_or(serde_json::Value::is_null))
            .map(|s| int(s, "amount_fen"))
            .sum(),
    })
}

/// Ids of `entity` changed in change-log rows `(from, to]`.
fn changed(entity: &str, action: Option<&str>, from: i64, to: i64) -> String {
    let act = action.map(|a| format!(" AND action = '{a}'")).unwrap_or_default();
    format!(
        "SELECT CAST(entity_id AS INTEGER) FROM change_log WHERE entity = '{entity}'{act} AND seq > {from} AND \
        seq <= {to}"
    )
}

fn export_in(tx: &mut Tx, out: &Path, full: bool) -> Result<Exported> {
    let key = ensure_key(tx)?;
    let secret = key.to_bytes();
    let last: Option<(i64, i64, String, String)> = tx
        .query_row("SELECT seq, log_to, sha256, period_to FROM bundles_sent ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let (log_to, log_head): (i64, String) =
        tx.query_row("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let log_from = if full { 0 } else { last.as_ref().map(|l| l.1).unwrap_or(0) };
    let coop: ManifestCoop =
        tx.query_row("SELECT uscc, name, village, township, county FROM coop WHERE id = 1", [], |r| {
            Ok(ManifestCoop {
                uscc: r.get(0)?,
                name: r.get(1)?,
                village: r.get(2)?,
                township: r.get(3)?,
                county: r.get(4)?,
            })
        })?;
    // The keyed hash of an ID number: SHA-256 over a key derived from the co-op's secret and the number.
    let id_key = Sha256::new().chain_update(b"coopbook id hash v1").chain_update(secret).finalize();
    let conn: &Connection = tx;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, (bytes, _): (Vec<u8>, u64)| files.push((name.to_string(), bytes));
    add(
        "coop.jsonl",
        jsonl(
            conn,
            "SELECT name, uscc, village, township, county, reserve_rate, patronage_rate, \
        collective_min_share FROM coop",
            [],
        )?,
    );
    add(
        "accounts.jsonl",
        jsonl(
            conn,
            "SELECT a.id, a.code, a.name, p.code AS parent, a.class, a.direction, \
        a.member_ledger, a.system FROM accounts a LEFT JOIN accounts p ON p.id = a.parent_id ORDER BY a.id",
            [],
        )?,
    );
    // Members: the ID number masked and keyed-hashed, no phone.
    {
        let mut st = conn.prepare(&format!(
            "SELECT id, no, name, id_card, kind, joined, exited FROM members {} ORDER BY id",
            if full { String::new() } else { format!("WHERE id IN ({})", changed("member", None, log_from, log_to)) }
        ))?;
        let mut out = Vec::new();
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id_card: String = r.get(3)?;
            let hash = hex::encode(Sha256::new().chain_update(id_key).chain_update(id_card.as_bytes()).finalize());
            let row = serde_json::json!({
                "id": r.get::<_, i64>(0)?, "no": r.get::<_, i64>(1)?, "name": r.get::<_, String>(2)?,
                "id_masked": crate::base::ids::mask(&id_card), "id_hash": hash, "kind": r.get::<_, String>(4)?,
                "joined": r.get::<_, String>(5)?, "exited": r.get::<_, Option<String>>(6)?,
            });
            serde_json::to_writer(&mut out, &row)?;
            out.push(b'\n');
        }
        files.push(("members.jsonl".into(), out));
    }
    let mut add = |name: &str, (bytes, _): (Vec<u8>, u64)| files.push((name.to_string(), bytes));
    add(
        "products.jsonl",
        jsonl(
            conn,
            "SELECT id, name, unit, category, stock_account, income_account, cost_account, \
        track_stock, source FROM products ORDER BY id",
            [],
        )?,
    );
    add("buyers.jsonl", jsonl(conn, "SELECT id, name, channel, member_id FROM buyers ORDER BY id", [])?);
    // Vouchers posted one by one, and those an import posted in one log row (by their id range).
    let posted = if full {
        "SELECT id FROM vouchers WHERE status = 'posted'".to_string()
    } else {
        format!(
            "{} UNION ALL SELECT v.id FROM change_log c JOIN vouchers v ON v.id BETWEEN json_extract(c.payload, \
                '$.first_id') AND json_extract(c.payload, '$.last_id')
             WHERE c.action = 'voucher.import' AND c.seq > {log_from} AND c.seq <= {log_to}",
            changed("voucher", Some("voucher.post"), log_from, log_to)
        )
    };
    add(
        "vouchers.jsonl",
        jsonl(
            conn,
            &format!(
                "SELECT id, date, ym, seq, summary, attachments, prepared_by, reviewed_by, posted_by, \
            posted_at, reverses_id FROM vouchers WHERE status = 'posted' AND id IN ({posted}) ORDER BY id"
            ),
            [],
        )?,
    );
    add(
        "voucher_lines.jsonl",
        jsonl(
            conn,
            &format!(
                "SELECT l.voucher_id, l.line_no, l.date, a.code AS account, m.no AS member, l.summary, \
                l.debit_fen, l.credit_fen FROM voucher_lines l JOIN accounts a ON a.id = l.account_id LEFT JOIN \
                    members m ON m.id = l.member_id JOIN vouchers v ON v.id = l.voucher_id WHERE v.status = 'posted' \
                        AND l.voucher_id IN ({posted}) ORDER BY l.voucher_id, l.line_no"
            ),
            [],
        )?,
    );
    let docs = |table: &str, entity: &str, cols: &str| -> String {
        let filter = if full {
            String::new()
        } else {
            format!(" WHERE id IN ({}) OR reversal_voucher_id IN ({posted})", changed(entity, None, log_from, log_to))
        };
        format!("SELECT {cols} FROM {table}{filter} ORDER BY id")
    };
    add(
        "contributions.jsonl",
        jsonl(
            conn,
            &docs(
                "contributions",
                "contribution",
                "id, (SELECT no FROM members WHERE \
        id = member_id) AS member, kind, date, amount_fen, voucher_id, reversal_voucher_id",
            ),
            [],
        )?,
    );
    add(
        "deliveries.jsonl",
        jsonl(
            conn,
            &docs(
                "deliveries",
                "delivery",
                "id, (SELECT no FROM members WHERE id = \
        member_id) AS member, product_id, date, quantity, price, amount_fen, voucher_id, reversal_voucher_id",
            ),
            [],
        )?,
    );
    add(
        "sales.jsonl",
        jsonl(
            conn,
            &docs(
                "sales",
                "sale",
                "id, date, product_id, buyer_id, channel, quantity, price, \
        amount_fen, cost_fen, paid, (SELECT no FROM members WHERE id = member_id) AS member, voucher_id, \
            reversal_voucher_id",
            ),
            [],
        )?,
    );
    add("distribution_plans.jsonl", jsonl(conn, "SELECT * FROM distribution_plans ORDER BY year", [])?);
    add(
        "distribution_lines.jsonl",
        jsonl(
            conn,
            "SELECT d.*, m.no AS member FROM distribution_lines d JOIN members m \
        ON m.id = d.member_id ORDER BY d.year, m.no",
            [],
        )?,
    );
    add("periods.jsonl", jsonl(conn, "SELECT ym, closed_at, closed_by FROM periods ORDER BY ym", [])?);
    add("year_closes.jsonl", jsonl(conn, "SELECT * FROM year_closes ORDER BY year", [])?);
    add("sale_returns.jsonl", jsonl(conn, "SELECT * FROM sale_returns ORDER BY id", [])?);
    add("delivery_corrections.jsonl", jsonl(conn, "SELECT * FROM delivery_corrections ORDER BY id", [])?);
    add("input_purchases.jsonl", jsonl(conn, "SELECT * FROM input_purchases ORDER BY id", [])?);
    add(
        "statement_notes.jsonl",
        jsonl(conn, "SELECT year, key, text, updated_at, updated_by FROM statement_notes ORDER BY year, key", [])?,
    );
    // The period: from the day after the previous bundle's end (or the first voucher) to the last voucher.
    let first: Option<String> =
        conn.query_row("SELECT MIN(date) FROM vouchers WHERE status = 'posted'", [], |r| r.get(0))?;
    let latest: Option<String> =
        conn.query_row("SELECT MAX(date) FROM vouchers WHERE status = 'posted'", [], |r| r.get(0))?;
    let period_to = latest.unwrap_or_else(|| tx.now.get(..10).unwrap_or("1970-01-01").to_string());
    let period_from = match (&last, full) {
        (Some(l), false) => crate::base::date::day_after(&l.3),
        _ => first.unwrap_or_else(|| period_to.clone()),
    };
    // Nothing newer than the last bundle: an empty period at its end.
    let period_from = period_from.min(period_to.clone());
    // The statutory statements of the period's year, as the village sees them.
    let year: i32 = period_to[..4].parse().unwrap_or(1970);
    let month: u32 = period_to[5..7].parse().unwrap_or(12);
    let statements = serde_json::json!({
        "balance_sheet": crate::reports::statements::balance_sheet(conn, year, month)?,
        "surplus": crate::reports::statements::surplus_statement(conn, year)?,
        "equity_changes": crate::reports::statements::equity_changes(conn, year)?,
        "notes": crate::reports::statements::notes(conn, year)?,
    });
    files.push(("statements.json".into(), serde_json::to_vec(&statements)?));
    let seq = last.as_ref().map(|l| l.0).unwrap_or(0) + 1;
    let summary = summarise(&files.iter().cloned().collect(), VERSION)?;
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        coop,
        seq,
        prev_sha256: last.as_ref().map(|l| l.2.clone()),
        created_at: tx.now.clone(),
        period_from,
        period_to,
        full,
        public_key: String::new(),
        log_from,
        log_to,
        log_head,
        files: Vec::new(),
        summary,
    };
    let bytes = seal(manifest, &files, &key)?;
    let checked = read(&bytes)?;
    let sha256 = checked.sha256.clone();
    let m = &checked.manifest;
    tx.execute(
        "INSERT INTO bundles_sent (seq, created_at, created_by, full, log_from, log_to, period_from, period_to, \
            sha256, summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            m.seq,
            m.created_at,
            tx.user,
            m.full,
            m.log_from,
            m.log_to,
            m.period_from,
            m.period_to,
            sha256,
            serde_json::to_string(&m.summary)?
        ],
    )?;
    tx.log(
        "bundle.export",
        "bundle",
        m.seq,
        &serde_json::json!({"seq": m.seq, "sha256": sha256, "full": m.full,
        "log_from": m.log_from, "log_to": m.log_to, "summary": m.summary}),
    )?;
    // Written last, atomically: a refusal above leaves no file, and the book records only a bundle that exists.
    let tmp = out.with_extension("coopsync.tmp");
    std::fs::write(&tmp, &bytes).and_then(|_| std::fs::rename(&tmp, out)).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        bad("io", format!("无法写入 {}：{e}", out.display()), format!("cannot write {}: {e}", out.display()))
    })?;
    Ok(Exported { path: out.display().to_string(), bytes: bytes.len() as u64, sha256, manifest: checked.manifest })
}

/// A bundle this book has written.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SentBundle {
    pub seq: i64,
    pub created_at: String,
    pub created_by: String,
    pub full: bool,
    pub period_from: String,
    pub period_to: String,
    pub sha256: String,
    pub summary: Summary,
}

impl Book {
    /// The bundles written so far, newest first.
    pub fn bundles_sent(&self) -> Result<Vec<SentBundle>> {
        let mut st = self.conn.prepare(
            "SELECT seq, created_at, created_by, full, period_from, period_to, sha256, \
            summary FROM bundles_sent ORDER BY seq DESC",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                SentBundle {
                    seq: r.get(0)?,
                    created_at: r.get(1)?,
                    created_by: r.get(2)?,
                    full: r.get(3)?,
                    period_from: r.get(4)?,
                    period_to: r.get(5)?,
                    sha256: r.get(6)?,
                    summary: Summary::default(),
                },
                r.get::<_, String>(7)?,
            ))
        })?;
        rows.map(|row| {
            let (mut b, summary) = row?;
            b.summary = serde_json::from_str(&summary)?;
            Ok(b)
        })
        .collect()
    }

    /// The number the next bundle will carry.
    pub fn next_bundle_seq(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM bundles_sent", [], |r| r.get(0))?)
    }

    /// Writes the next sync bundle to `out`: what changed since the last one, or everything.
    pub fn export_bundle(&mut self, out: &Path, full: bool) -> Result<Exported> {
        self.write(crate::store::access::Perm::Export, |tx| export_in(tx, out, full))
    }

    /// The co-op's key fingerprint (made now if the book has no key yet).
    pub fn key_fingerprint(&mut self) -> Result<String> {
        self.write(crate::store::access::Perm::Read, |tx| Ok(fingerprint(&ensure_key(tx)?.verifying_key().to_bytes())))
    }
}

/// The file name of a village's bundle number `seq`: `东山村-同步包第3号.coopsync`.
pub fn file_name(village: &str, seq: i64) -> String {
    format!("{village}-同步包第{seq}号.coopsync")
}

impl Book {
    /// The suggested file name of the next bundle (see [`file_name`]).
    pub fn next_bundle_name(&self) -> Result<String> {
        Ok(file_name(&self.coop()?.village, self.next_bundle_seq()?))
    }

    /// Writes the next sync bundle to `path`; when that is none or blank, into `dir` (made if
    /// missing, `export-folder` when it cannot be) under [`Book::next_bundle_name`].
    pub fn export_bundle_to(&mut self, path: Option<&str>, dir: &Path, full: bool) -> Result<Exported> {
        let out = match path.filter(|p| !p.trim().is_empty()) {
            Some(p) => std::path::PathBuf::from(p),
            None => {
                crate::base::error::create_folder(dir, "export-folder", "同步包文件夹", "bundles folder")?;
                dir.join(self.next_bundle_name()?)
            }
        };
        self.export_bundle(&out, full)
    }
}
