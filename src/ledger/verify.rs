//! `verify`: walks the hash-chained change log and the ledger invariants and names the first bad
//! row. It catches edits made to the SQLite file by hand: a changed amount or date, a deleted or
//! inserted row, a dropped trigger, totals that no longer match their lines.

use crate::base::error::Result;
use crate::ledger::voucher::content_hash;
use crate::store::book::Book;
use crate::store::log::{row_hash, GENESIS};
use rusqlite::{Connection, OptionalExtension};
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
    /// `totals-mismatch`, `document-tampered`, `users-tampered`.
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
        let mut st = conn.prepare(
            "SELECT seq, at, user, action, entity, entity_id, payload, prev_hash, hash FROM change_log ORDER BY seq",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let (at, user, action, entity, entity_id, payload, prev_hash, hash): (
                String,
                String,
                String,
                String,
                String,
                String,
                String,
                String,
            ) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?);
            log_rows += 1;
            if problems.is_empty() {
                if seq != expect_seq {
                    problems.push(problem(
                        "log-chain-broken",
                        format!("变更日志缺少第 {expect_seq} 行（下一行是第 {seq} 行）：有记录被删除"),
                        format!("change log row {expect_seq} is missing (next is {seq}): a row was deleted"),
                    ));
                } else if prev_hash != prev
                    || row_hash(&prev, seq, &at, &user, &action, &entity, &entity_id, &payload) != hash
                {
                    problems.push(problem(
                        "log-chain-broken",
                        format!("变更日志第 {seq} 行的哈希不符：该行或之前的记录被改动"),
                        format!("change log row {seq} does not match its hash: it or an earlier row was altered"),
                    ));
                }
            }
            if action == "voucher.post" {
                let v: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
                if let (Ok(id), Some(h)) = (entity_id.parse::<i64>(), v.get("content_sha256").and_then(|h| h.as_str()))
                {
                    posted_hash.insert(id, h.to_string());
                }
            } else if action == "voucher.import" {
                // One row posts every voucher of an import, each with its hash.
                let v: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
                posted_hash.extend(crate::ledger::voucher::imported_hashes(&v).map(|(id, h)| (id, h.to_string())));
            }
            prev = hash;
            expect_seq = seq + 1;
        }
    }

    // 2. The triggers that guard immutability are all there.
    for t in TRIGGERS {
        let present: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1)",
            [t],
            |r| r.get(0),
        )?;
        if !present {
            problems.push(problem(
                "trigger-missing",
                format!("保护触发器 {t} 被删除"),
                format!("the guard trigger {t} was dropped"),
            ));
        }
    }

    // 3. Every posted voucher balances, has two lines or more, and is what was posted.
    let mut posted = 0i64;
    {
        let mut st = conn.prepare(
            "SELECT v.id, v.seq, v.ym, COUNT(l.id), COALESCE(SUM(l.debit_fen), 0), COALESCE(SUM(l.credit_fen), 0)
             FROM vouchers v LEFT JOIN voucher_lines l ON l.voucher_id = v.id WHERE v.status = 'posted' GROUP BY v.id \
                 ORDER BY v.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (id, seq, ym, n, d, c): (i64, i64, i64, i64, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
            posted += 1;
            let name = format!("{} 记-{seq:04}（id {id}）", crate::base::date::month_text(ym));
            if n < 2 || d != c {
                problems.push(problem(
                    "voucher-unbalanced",
                    format!("凭证 {name}不平衡或分录不足：{n} 行，借方 {}，贷方 {}", crate::Money(d), crate::Money(c)),
                    format!(
                        "voucher {name} is unbalanced or short: {n} lines, debit {}, credit {}",
                        crate::Money(d),
                        crate::Money(c)
                    ),
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
        let lkeys =
            keys.replace("account_id", "l.account_id").replace("member_id", "l.member_id").replace("ym", "v.ym");
        let recomputed = format!(
            "SELECT {lkeys}, SUM(l.debit_fen), SUM(l.credit_fen) FROM voucher_lines l JOIN vouchers v ON v.id = \
                l.voucher_id
             WHERE v.status = 'posted' {filter} GROUP BY {lkeys}"
        );
        let stored = format!("SELECT {keys}, debit_fen, credit_fen FROM {table}");
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT * FROM ({recomputed}) EXCEPT SELECT * FROM ({stored}) UNION \
            ALL SELECT * FROM (SELECT * FROM ({stored}) EXCEPT SELECT * FROM ({recomputed})))"
        );
        let bad: i64 = conn.query_row(&sql, [], |r| r.get(0))?;
        if bad > 0 {
            problems.push(problem(
                "totals-mismatch",
                format!("余额汇总表 {table} 有 {bad} 行与凭证分录不符"),
                format!("{bad} row(s) of {table} do not match the posted lines"),
            ));
        }
    }

    // 5. Documents and members are as they were entered (what the change log recorded when
    // each was made); none deleted, none added by hand.
    if let Some(p) = documents(conn)? {
        problems.push(p);
    }

    // 6. The users and their roles are what the change log says was done to them.
    let expected = crate::store::users::replay(conn)?;
    let mut found = std::collections::BTreeMap::new();
    {
        let mut st = conn.prepare("SELECT name, role, active, password FROM users")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (name, role, active, phc): (String, String, bool, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            found.insert(name, (role, active, crate::store::users::stored_digest(&phc)));
        }
    }
    let names: std::collections::BTreeSet<&String> = expected.keys().chain(found.keys()).collect();
    if let Some(name) = names.into_iter().find(|n| expected.get(*n) != found.get(*n)) {
        let (zh, en) = match (expected.get(name), found.get(name)) {
            (Some(_), None) => ("被删除".to_string(), "was deleted".to_string()),
            (None, Some(_)) => ("不是通过本软件添加的".to_string(), "was not added through Coopbook".to_string()),
            (Some(e), Some(f)) if e.0 != f.0 => {
                (format!("角色被改成了 {}", f.0), format!("had its role changed to {}", f.0))
            }
            (Some(e), Some(f)) if e.1 != f.1 => {
                ("启用状态被改动".to_string(), "had its active flag changed".to_string())
            }
            _ => ("密码被直接改动".to_string(), "had its password replaced by hand".to_string()),
        };
        problems.push(problem(
            "users-tampered",
            format!("用户“{name}”{zh}（与变更日志不符）"),
            format!("user \"{name}\" {en} (not as the change log says)"),
        ));
    }

    Ok(Verification { ok: problems.is_empty(), log_rows, log_head: prev, posted_vouchers: posted, problems })
}

/// One document kind: the table, its `.add` action, its Chinese name, and the SQL giving each
/// row's id and what is compared (member number, date, amount in 分, voucher).
const DOCUMENTS: &[(&str, &str, &str, &str)] = &[
    (
        "contributions",
        "contribution.add",
        "出资记\
        录",
        "SELECT c.id, m.no, c.date, c.amount_fen, c.voucher_id FROM contributions c JOIN members m ON m.id = \
            c.member_id",
    ),
    (
        "deliveries",
        "delivery.add",
        "交售记\
        录",
        "SELECT d.id, m.no, d.date, d.amount_fen, d.voucher_id FROM deliveries d JOIN members m ON m.id = \
            d.member_id",
    ),
    ("sales", "sale.add", "销售记录", "SELECT s.id, NULL, s.date, s.amount_fen, s.voucher_id FROM sales s"),
];

type Signature = (Option<i64>, String, i64, Option<i64>);

/// The first document or member that differs from what the change log recorded.
fn documents(conn: &Connection) -> Result<Option<Problem>> {
    for (table, action, zh_name, sql) in DOCUMENTS {
        let mut logged: std::collections::BTreeMap<i64, Signature> = std::collections::BTreeMap::new();
        let mut st = conn.prepare("SELECT entity_id, payload FROM change_log WHERE action = ?1")?;
        let mut rows = st.query([action])?;
        while let Some(r) = rows.next()? {
            let (id, payload): (String, String) = (r.get(0)?, r.get(1)?);
            let p: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
            let amount =
                p["amount"].as_str().and_then(|a| crate::Money::parse(a).ok()).map_or(i64::MIN, crate::Money::fen);
            let member = if *table == "sales" { None } else { p["member"].as_i64() };
            logged.insert(
                id.parse().unwrap_or(-1),
                (member, p["date"].as_str().unwrap_or_default().to_string(), amount, p["voucher"].as_i64()),
            );
        }
        let mut st = conn.prepare(sql)?;
        let mut rows = st.query([])?;
        let mut seen = std::collections::BTreeSet::new();
        let mut bad: Option<(i64, &str, &str)> = None;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let sig: Signature = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            seen.insert(id);
            match logged.get(&id) {
                Some(l) if *l == sig => {}
                Some(_) => {
                    bad = bad.or(Some((
                        id,
                        "的成员、日期、金额或凭证被改动",
                        "had its member, date, amount or voucher changed",
                    )))
                }
                // Rows made by other documents (share transfers, exits) are not `.add` rows.
                None if *table != "contributions" => {
                    bad = bad.or(Some((id, "不是通过本软件录入的", "was not entered through Coopbook")))
                }
                None => {}
            }
        }
        if let Some(id) = logged.keys().find(|id| !seen.contains(*id)) {
            bad = bad.or(Some((*id, "被删除", "was deleted")));
        }
        if let Some((id, zh, en)) = bad {
            return Ok(Some(problem(
                "document-tampered",
                format!("{zh_name} #{id} {zh}（与变更日志不符）"),
                format!("{table} row #{id} {en} (not as the change log says)"),
            )));
        }
    }
    // Members: each one logged is there, with the name, kind and joining date last logged.
    let mut logged: std::collections::BTreeMap<i64, (String, String, String)> = std::collections::BTreeMap::new();
    let mut st = conn.prepare(
        "SELECT action, entity_id, payload FROM change_log WHERE action IN ('member.add', \
        'member.update') ORDER BY seq",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (action, id, payload): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let p: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
        let v = if action == "member.update" { &p["after"] } else { &p };
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        logged.insert(id.parse().unwrap_or(-1), (s("name"), s("kind"), s("joined")));
    }
    for (no, want) in &logged {
        let got: Option<(String, String, String)> = conn
            .query_row("SELECT name, kind, joined FROM members WHERE no = ?1", [no], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let (zh, en) = match got {
            None => ("被删除", "was deleted"),
            Some(g) if g != *want => ("的姓名、类型或入社日期被改动", "had its name, kind or joining date changed"),
            _ => continue,
        };
        return Ok(Some(problem(
            "document-tampered",
            format!("{no} 号成员{zh}（与变更日志不符）"),
            format!("member no. {no} {en} (not as the change log says)"),
        )));
    }
    Ok(None)
}

impl Book {
    pub fn verify(&self) -> Result<Verification> {
        verify(&self.conn)
    }
}
