//! A checked bundle applied to the village's replica book: each data file's rows written into the
//! village's own schema, so the same statements run on the replica as in the village.

use crate::base::error::{Error, Result};
use crate::store::book::Tx;
use crate::sync::bundle::{self, Bundle};
use rusqlite::{params, OptionalExtension};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub(crate) fn s(o: &Map<String, Value>, k: &str) -> Option<String> {
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

pub(crate) fn apply(tx: &mut Tx, b: &Bundle) -> Result<()> {
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
        // A replica migrated by this build may hold an account the migration seeded (332's
        // sub-accounts, migration 0017) under its own id: the village's row replaces it while no line
        // uses it, so the codes agree with the village's ids.
        exec(
            tx,
            "DELETE FROM accounts WHERE code = ?2 AND id != ?1
               AND NOT EXISTS (SELECT 1 FROM voucher_lines l WHERE l.account_id = accounts.id)
               AND NOT EXISTS (SELECT 1 FROM accounts c WHERE c.parent_id = accounts.id)",
            params![i(&a, "id"), s(&a, "code")],
        )?;
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
    // Returns and corrections (version 2), whole in every bundle: after the vouchers they refer to.
    for (file, table) in [
        ("sale_returns.jsonl", "sale_returns"),
        ("delivery_corrections.jsonl", "delivery_corrections"),
        ("input_purchases.jsonl", "input_purchases"),
    ] {
        if b.files.contains_key(file) {
            exec(tx, &format!("DELETE FROM {table}"), [])?;
            for r in rows(file)? {
                // A row that does not fit the table (a column it has not, a sale or voucher the bundle
                // does not hold) is a bad row of the file, not an internal error.
                insert_generic(tx, table, &r, &[]).map_err(|_| bad_row(file))?;
            }
        }
    }
    // The accountant's notes to the statements, whole in every bundle from version 2 (a version 1
    // bundle has none and leaves the replica's as they are); a key the book does not know or a
    // text longer than the book allows is refused, like any other bad row.
    if b.files.contains_key("statement_notes.jsonl") {
        exec(tx, "DELETE FROM statement_notes", [])?;
        for n in rows("statement_notes.jsonl")? {
            use crate::reports::statements::notes::{NOTE_KEYS, NOTE_MAX_CHARS};
            let known = s(&n, "key").is_some_and(|k| NOTE_KEYS.iter().any(|(x, _, _)| *x == k));
            let fits = s(&n, "text").is_some_and(|t| t.chars().count() <= NOTE_MAX_CHARS);
            if !known || !fits || i(&n, "year").is_none() {
                return Err(bad_row("statement_notes.jsonl"));
            }
            insert_generic(tx, "statement_notes", &n, &[]).map_err(|_| bad_row("statement_notes.jsonl"))?;
        }
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
