//! `verify`: walks the hash-chained change log and the ledger invariants and names the first bad
//! row. It catches edits made to the SQLite file by hand: a changed amount or date, a deleted or
//! inserted row, a dropped trigger, totals that no longer match their lines.

use crate::book::Book;
use crate::error::Result;
use crate::log::{row_hash, GENESIS};
use crate::voucher::content_hash;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;

/// The triggers that make posted vouchers, closed months and the log immutable.
pub const TRIGGERS: &[&str] = &[
    "vouchers_posted_no_update",
    "vouchers_posted_no_delete",
    "lines_posted_no_update",
    "lines_posted_no_delete",
    "lines_posted_no_insert",
    "vouchers_closed_no_insert",
    "vouchers_closed_no_update",
    "change_log_no_update",
    "change_log_no_delete",
];

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Problem {
    /// Stable code: `log-chain-broken`, `trigger-missing`, `voucher-unbalanced`, `voucher-tampered`,
    /// `totals-mismatch`, `users-tampered`.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub code: &'static str,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verification {
    pub ok: bool,
    pub log_rows: i64,
    pub log_head: String,
    pub posted_vouchers: i64,
    pub problems: Vec<Problem>,
}

fn problem(code: &'static str, zh: String, en: String) -> Problem {
    Problem { code, zh, en }
}

pub fn verify(conn: &Connection) -> Result<Verification> {
    let mut problems = Vec::new();

    // 1. The chain: consecutive sequence numbers, each hash over the previous one.
    let mut prev = GENESIS.to_string();
    let mut expect_seq = 1i64;
    let mut log_rows = 0;
    let mut posted_hash: HashMap<i64, String> = HashMap::new();
    {
        let mut st = conn.prepare("SELECT seq, at, user, action, entity, entity_id, payload, prev_hash, hash FROM change_log ORDER BY seq")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let (at, user, action, entity, entity_id, payload, prev_hash, hash): (String, String, String, String, String, String, String, String) =
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?);
            log_rows += 1;
            if problems.is_empty() {
                if seq != expect_seq {
                    problems.push(problem(
                        "log-chain-broken",
                        format!("变更日志缺少第 {expect_seq} 行（下一行是第 {seq} 行）：有记录被删除"),
                        format!("change log row {expect_seq} is missing (next is {seq}): a row was deleted"),
                    ));
                } else if prev_hash != prev || row_hash(&prev, seq, &at, &user, &action, &entity, &entity_id, &payload) != hash {
                    problems.push(problem(
                        "log-chain-broken",
                        format!("变更日志第 {seq} 行的哈希不符：该行或之前的记录被改动"),
                        format!("change log row {seq} does not match its hash: it or an earlier row was altered"),
                    ));
                }
            }
            if action == "voucher.post" {
                let v: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
                if let (Ok(id), Some(h)) = (entity_id.parse::<i64>(), v.get("content_sha256").and_then(|h| h.as_str())) {
                    posted_hash.insert(id, h.to_string());
                }
            }
            prev = hash;
            expect_seq = seq + 1;
        }
    }

    // 2. The triggers that guard immutability are all there.
    for t in TRIGGERS {
        let present: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1)", [t], |r| r.get(0))?;
        if !present {
            problems.push(problem("trigger-missing", format!("保护触发器 {t} 被删除"), format!("the guard trigger {t} was dropped")));
        }
    }

    // 3. Every posted voucher balances, has two lines or more, and is what was posted.
    let mut posted = 0i64;
    {
        let mut st = conn.prepare(
            "SELECT v.id, v.seq, v.ym, COUNT(l.id), COALESCE(SUM(l.debit_fen), 0), COALESCE(SUM(l.credit_fen), 0)
             FROM vouchers v LEFT JOIN voucher_lines l ON l.voucher_id = v.id WHERE v.status = 'posted' GROUP BY v.id ORDER BY v.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (id, seq, ym, n, d, c): (i64, i64, i64, i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
            posted += 1;
            let name = format!("{} 记-{seq:04}（id {id}）", crate::date::month_text(ym));
            if n < 2 || d != c {
                problems.push(problem(
                    "voucher-unbalanced",
                    format!("凭证 {name}不平衡或分录不足：{n} 行，借方 {}，贷方 {}", crate::Money(d), crate::Money(c)),
                    format!("voucher {name} is unbalanced or short: {n} lines, debit {}, credit {}", crate::Money(d), crate::Money(c)),
                ));
                continue;
            }
            match posted_hash.remove(&id) {
                None => problems.push(problem(
                    "voucher-tampered",
                    format!("凭证 {name}标为已记账，但变更日志里没有它的记账记录"),
                    format!("voucher {name} is marked posted but the change log never posted it"),
                )),
                Some(h) if h != content_hash(conn, id)? => problems.push(problem(
                    "voucher-tampered",
                    format!("凭证 {name}记账后内容被改动（金额、日期、科目或摘要）"),
                    format!("voucher {name} was altered after posting (amount, date, account or summary)"),
                )),
                _ => {}
            }
        }
    }
    let mut missing: Vec<i64> = posted_hash.into_keys().collect();
    missing.sort();
    if let Some(id) = missing.first() {
        problems.push(problem(
            "voucher-tampered",
            format!("变更日志记载已记账的凭证 id {id} 不见了或被改回未记账"),
            format!("posted voucher id {id} in the change log is missing or no longer posted"),
        ));
    }

    // 4. The monthly totals are exactly the sums of posted lines.
    for (table, keys) in [("account_totals", "account_id, ym"), ("member_totals", "member_id, account_id, ym")] {
        let filter = if table == "member_totals" { "AND l.member_id IS NOT NULL" } else { "" };
        let lkeys = keys.replace("account_id", "l.account_id").replace("member_id", "l.member_id").replace("ym", "v.ym");
        let recomputed = format!(
            "SELECT {lkeys}, SUM(l.debit_fen), SUM(l.credit_fen) FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
             WHERE v.status = 'posted' {filter} GROUP BY {lkeys}"
        );
        let stored = format!("SELECT {keys}, debit_fen, credit_fen FROM {table}");
        let sql = format!("SELECT COUNT(*) FROM (SELECT * FROM ({recomputed}) EXCEPT SELECT * FROM ({stored}) UNION ALL SELECT * FROM (SELECT * FROM ({stored}) EXCEPT SELECT * FROM ({recomputed})))");
        let bad: i64 = conn.query_row(&sql, [], |r| r.get(0))?;
        if bad > 0 {
            problems.push(problem(
                "totals-mismatch",
                format!("余额汇总表 {table} 有 {bad} 行与凭证分录不符"),
                format!("{bad} row(s) of {table} do not match the posted lines"),
            ));
        }
    }

    // 5. The users and their roles are what the change log says was done to them.
    let expected = crate::users::replay(conn)?;
    let mut found = std::collections::BTreeMap::new();
    {
        let mut st = conn.prepare("SELECT name, role, active, password FROM users")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (name, role, active, phc): (String, String, bool, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            found.insert(name, (role, active, crate::users::stored_digest(&phc)));
        }
    }
    let names: std::collections::BTreeSet<&String> = expected.keys().chain(found.keys()).collect();
    if let Some(name) = names.into_iter().find(|n| expected.get(*n) != found.get(*n)) {
        let (zh, en) = match (expected.get(name), found.get(name)) {
            (Some(_), None) => ("被删除".to_string(), "was deleted".to_string()),
            (None, Some(_)) => ("不是通过本软件添加的".to_string(), "was not added through Coopbook".to_string()),
            (Some(e), Some(f)) if e.0 != f.0 => (format!("角色被改成了 {}", f.0), format!("had its role changed to {}", f.0)),
            (Some(e), Some(f)) if e.1 != f.1 => ("启用状态被改动".to_string(), "had its active flag changed".to_string()),
            _ => ("密码被直接改动".to_string(), "had its password replaced by hand".to_string()),
        };
        problems.push(problem("users-tampered", format!("用户“{name}”{zh}（与变更日志不符）"), format!("user \"{name}\" {en} (not as the change log says)")));
    }

    Ok(Verification { ok: problems.is_empty(), log_rows, log_head: prev, posted_vouchers: posted, problems })
}

impl Book {
    pub fn verify(&self) -> Result<Verification> {
        verify(&self.conn)
    }
}
