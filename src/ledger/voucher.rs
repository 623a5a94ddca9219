//! Vouchers (记账凭证): entry with full validation, review, posting, and correction by a reversing
//! voucher (红字冲销).
//!
//! Invariants: a voucher has at least two lines and balances (借 = 贷); lines post to leaf accounts,
//! with a member exactly on member sub-ledger accounts; the preparer never reviews their own
//! voucher; a posted voucher is never changed or deleted (checked here and by SQLite triggers);
//! nothing is dated into a closed month. Posting updates the monthly totals in the same transaction.

use crate::base::date::{month_text, parse_date, ym_of};
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::{unknown_account, Chart};
use crate::ledger::member::unknown_member;
use crate::store::book::{Book, Tx};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, VecDeque};

/// A voucher as the user enters it: amounts and member numbers are the raw text typed, so that
/// the core validates everything and can name the field of every problem.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewVoucher {
    pub date: String,
    pub summary: String,
    #[serde(default)]
    pub attachments: u32,
    pub lines: Vec<NewLine>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewLine {
    pub account: String,
    #[serde(default)]
    pub debit: String,
    #[serde(default)]
    pub credit: String,
    #[serde(default)]
    pub member: Option<String>,
    /// The line's own summary; the voucher's when empty.
    #[serde(default)]
    pub summary: Option<String>,
}

impl NewLine {
    /// Parses the CLI form `ACCOUNT:DEBIT:CREDIT[:MEMBER_NO]`.
    pub fn parse_spec(spec: &str) -> Result<NewLine> {
        let parts: Vec<&str> = spec.split([':', '：']).collect();
        if !(3..=4).contains(&parts.len()) {
            return Err(Error::new(
                "line-invalid",
                format!("分录“{spec}”格式应为 科目:借方:贷方[:成员编号]"),
                format!("line \"{spec}\" must be ACCOUNT:DEBIT:CREDIT[:MEMBER_NO]"),
            ));
        }
        Ok(NewLine {
            account: parts[0].trim().to_string(),
            debit: parts[1].trim().to_string(),
            credit: parts[2].trim().to_string(),
            member: parts.get(3).map(|m| m.trim().to_string()).filter(|m| !m.is_empty()),
            summary: None,
        })
    }
}

/// Statuses: draft → reviewed → posted.
pub const DRAFT: &str = "draft";
pub const REVIEWED: &str = "reviewed";
pub const POSTED: &str = "posted";

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Voucher {
    pub id: i64,
    /// `记-0001`: the word and the number within its month.
    pub no: String,
    pub date: String,
    pub summary: String,
    pub attachments: i64,
    pub status: String,
    pub prepared_by: String,
    pub reviewed_by: Option<String>,
    pub posted_by: Option<String>,
    /// The voucher this one reverses (红字冲销), if any.
    pub reverses: Option<i64>,
    /// The voucher that reverses this one, if any.
    pub reversed_by: Option<i64>,
    pub debit: Money,
    pub credit: Money,
    pub lines: Vec<Line>,
    /// The business document that posted this voucher (or its reversal), as `sale:12`.
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Line {
    pub line_no: i64,
    pub account: String,
    pub account_name: String,
    pub member: Option<i64>,
    pub member_name: Option<String>,
    pub summary: String,
    pub debit: Money,
    pub credit: Money,
}

pub fn voucher_no(seq: i64) -> String {
    format!("记-{seq:04}")
}

/// A validated voucher, its lines resolved to ids.
pub(crate) struct Checked {
    pub(crate) date: String,
    ym: i64,
    summary: String,
    attachments: i64,
    lines: Vec<CheckedLine>,
}

pub(crate) struct CheckedLine {
    account_id: i64,
    member_id: Option<i64>,
    /// The member's number, as the voucher's content names the member.
    member_no: Option<i64>,
    summary: String,
    debit: i64,
    credit: i64,
}

impl Checked {
    /// The sum of the debits (= the credits).
    pub(crate) fn debit(&self) -> i64 {
        self.lines.iter().map(|l| l.debit).sum()
    }
}

fn period_closed(conn: &Connection, ym: i64) -> Result<()> {
    let closed: bool =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM periods WHERE ym = ?1)")?.query_row([ym], |r| r.get(0))?;
    if closed {
        let m = month_text(ym);
        return Err(Error::new(
            "period-closed",
            format!("{m} 已结账，不能再记入或改动该月的凭证（如需更正，请先反结账）"),
            format!("{m} is closed and accepts no vouchers (reopen it first to correct it)"),
        )
        .at("date"));
    }
    Ok(())
}

/// Parses one side of a line: empty is zero; negative, > 2 decimals and non-numbers are refused.
fn side(text: &str, field: String) -> Result<i64> {
    if text.trim().is_empty() {
        return Ok(0);
    }
    let m = Money::parse(text).map_err(|e| e.at(field.clone()))?;
    if m.fen() < 0 {
        return Err(Error::new(
            "amount-negative",
            format!("金额 {m} 不能为负数（更正已记账凭证请用红字冲销）"),
            format!("amount {m} cannot be negative (correct a posted voucher by reversing it)"),
        )
        .at(field));
    }
    Ok(m.fen())
}

/// Validates a voucher, returning every problem at once.
fn check(conn: &Connection, chart: &Chart, v: &NewVoucher) -> Result<Checked> {
    check_each(conn, chart, v)?.map_err(Error::many)
}

/// Validates a voucher: the checked voucher, or each of its problems apart (an import shows each
/// under its own cell). The outer error is the book's own failure.
pub(crate) fn check_each(
    conn: &Connection,
    chart: &Chart,
    v: &NewVoucher,
) -> Result<std::result::Result<Checked, Vec<Error>>> {
    let mut errors = Vec::new();
    let date = parse_date(&v.date, "date").map_err(|e| errors.push(e)).ok();
    let summary = v.summary.trim().to_string();
    if summary.is_empty() {
        errors.push(Error::new("summary-required", "请填写凭证摘要", "the voucher needs a summary").at("summary"));
    }
    if let Some(d) = &date {
        if let Err(e) = period_closed(conn, ym_of(d)) {
            errors.push(e);
        }
    }
    if v.lines.len() < 2 {
        errors.push(
            Error::new(
                "too-few-lines",
                format!("凭证至少要有两行分录，现有 {} 行", v.lines.len()),
                format!("a voucher needs at least two lines, it has {}", v.lines.len()),
            )
            .at("lines"),
        );
    }
    let mut lines = Vec::new();
    let mut member_stmt = conn.prepare_cached("SELECT id, name, exited, joined FROM members WHERE no = ?1")?;
    for (i, l) in v.lines.iter().enumerate() {
        let n = i + 1;
        let f = |what: &str| format!("lines[{i}].{what}");
        let code = l.account.trim();
        let account = chart.get(code);
        match account {
            None => errors.push(unknown_account(code).at(f("account"))),
            Some(a) if !a.leaf => errors.push(
                Error::new(
                    "account-not-leaf",
                    format!("第 {n} 行：科目 {} {} 设有明细科目，请记到明细科目", a.code, a.name),
                    format!("line {n}: account {} {} has sub-accounts; post to one of them", a.code, a.name),
                )
                .at(f("account")),
            ),
            _ => {}
        }
        let debit = side(&l.debit, f("debit")).map_err(|e| errors.push(e)).ok();
        let credit = side(&l.credit, f("credit")).map_err(|e| errors.push(e)).ok();
        if let (Some(d), Some(c)) = (debit, credit) {
            if d != 0 && c != 0 {
                errors.push(
                    Error::new(
                        "line-both-sides",
                        format!("第 {n} 行同时填了借方和贷方，一行只能记一方"),
                        format!("line {n} has both a debit and a credit; a line has one side"),
                    )
                    .at(f("debit")),
                );
            } else if d == 0 && c == 0 {
                errors.push(
                    Error::new("amount-zero", format!("第 {n} 行金额为零"), format!("line {n} has no amount"))
                        .at(f("debit")),
                );
            }
        }
        let member_text = l.member.as_deref().map(str::trim).filter(|m| !m.is_empty());
        let mut member_id = None;
        let mut member_no = None;
        if let Some(a) = account {
            match (a.member_ledger, member_text) {
                (true, None) => errors.push(
                    Error::new(
                        "member-required",
                        format!("第 {n} 行：科目 {} {} 按成员明细核算，请选择成员", a.code, a.name),
                        format!("line {n}: account {} {} is kept per member; choose the member", a.code, a.name),
                    )
                    .at(f("member")),
                ),
                (false, Some(_)) => errors.push(
                    Error::new(
                        "member-not-allowed",
                        format!("第 {n} 行：科目 {} {} 不按成员核算，不能选择成员", a.code, a.name),
                        format!("line {n}: account {} {} is not kept per member", a.code, a.name),
                    )
                    .at(f("member")),
                ),
                _ => {}
            }
        }
        if let Some(mt) = member_text {
            match mt.parse::<i64>().ok().map(|no| {
                member_stmt
                    .query_row([no], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, Option<String>>(2)?,
                            r.get::<_, String>(3)?,
                        ))
                    })
                    .optional()
            }) {
                Some(Ok(Some((id, name, exited, _joined)))) => {
                    member_id = Some(id);
                    member_no = mt.parse::<i64>().ok();
                    if let (Some(x), Some(d)) = (&exited, &date) {
                        if d > x {
                            errors.push(
                                Error::new(
                                    "member-exited",
                                    format!("第 {n} 行：{mt} 号成员 {name} 已于 {x} 退社"),
                                    format!("line {n}: member no. {mt} ({name}) exited on {x}"),
                                )
                                .at(f("member")),
                            );
                        }
                    }
                }
                Some(Err(e)) => return Err(e.into()),
                _ => errors.push(unknown_member(mt).at(f("member"))),
            }
        }
        if let (Some(a), Some(d), Some(c)) = (account, debit, credit) {
            let summary = l.summary.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or(&summary).to_string();
            lines.push(CheckedLine { account_id: a.id, member_id, member_no, summary, debit: d, credit: c });
        }
    }
    if errors.is_empty() {
        let d: i64 = lines.iter().map(|l| l.debit).sum();
        let c: i64 = lines.iter().map(|l| l.credit).sum();
        if d != c {
            errors.push(unbalanced(Money(d), Money(c)));
        }
    }
    Ok(match (date, errors.is_empty()) {
        (Some(date), true) => {
            Ok(Checked { ym: ym_of(&date), date, summary, attachments: i64::from(v.attachments), lines })
        }
        _ => Err(errors),
    })
}

pub fn unbalanced(d: Money, c: Money) -> Error {
    Error::new(
        "unbalanced",
        format!("凭证借贷不平衡：借方 {}，贷方 {}，相差 {}", d.grouped(), c.grouped(), (d - c).abs().grouped()),
        format!(
            "voucher does not balance: debit {}, credit {}, difference {}",
            d.grouped(),
            c.grouped(),
            (d - c).abs().grouped()
        ),
    )
    .at("lines")
}

fn insert(tx: &mut Tx, c: &Checked, reverses: Option<i64>) -> Result<i64> {
    // A number left by a deleted draft is used again first, so a month's numbers can always be
    // made to run without a gap before it closes; otherwise the next after the month's last.
    let free: Option<i64> =
        tx.prepare_cached("SELECT MIN(seq) FROM free_numbers WHERE ym = ?1")?.query_row([c.ym], |r| r.get(0))?;
    let seq: i64 = match free {
        Some(s) => {
            tx.prepare_cached("DELETE FROM free_numbers WHERE ym = ?1 AND seq = ?2")?.execute(params![c.ym, s])?;
            s
        }
        None => tx
            .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM vouchers WHERE ym = ?1")?
            .query_row([c.ym], |r| r.get(0))?,
    };
    tx.prepare_cached(
        "INSERT INTO vouchers (date, ym, seq, summary, attachments, status, prepared_by, prepared_at, reverses_id)
         VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?7, ?8)",
    )?
    .execute(params![c.date, c.ym, seq, c.summary, c.attachments, tx.user, tx.now, reverses])?;
    let id = tx.last_insert_rowid();
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO voucher_lines (voucher_id, line_no, date, account_id, member_id, summary, debit_fen, credit_fen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for (i, l) in c.lines.iter().enumerate() {
            st.execute(params![id, i as i64 + 1, c.date, l.account_id, l.member_id, l.summary, l.debit, l.credit])?;
        }
    }
    Ok(id)
}

/// Adds a draft voucher inside a write transaction; `chart` is the chart loaded in it.
pub fn add_in(tx: &mut Tx, chart: &Chart, v: &NewVoucher) -> Result<i64> {
    let c = check(tx, chart, v)?;
    let id = insert(tx, &c, None)?;
    let content = content_of(tx, id)?;
    tx.log("voucher.add", "voucher", id, &content)?;
    Ok(id)
}

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
    status: String,
    prepared_by: String,
    reverses: Option<i64>,
    seq: i64,
}

fn head(conn: &Connection, id: i64) -> Result<Head> {
    conn.prepare_cached("SELECT ym, status, prepared_by, reverses_id, seq FROM vouchers WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Head { ym: r.get(0)?, status: r.get(1)?, prepared_by: r.get(2)?, reverses: r.get(3)?, seq: r.get(4)? })
        })
        .optional()?
        .ok_or_else(|| Error::new("unknown-voucher", format!("凭证 {id} 不存在"), format!("no voucher {id}")))
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
    match h.status.as_str() {
        DRAFT => {}
        REVIEWED => {
            return Err(Error::new(
                "already-reviewed",
                format!("凭证 {id} 已审核"),
                format!("voucher {id} is already reviewed"),
            ))
        }
        _ => return Err(posted_immutable(id)),
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
    match h.status.as_str() {
        REVIEWED => {}
        DRAFT => {
            return Err(Error::new(
                "not-reviewed",
                format!("凭证 {id} 尚未审核"),
                format!("voucher {id} is not reviewed"),
            ))
        }
        _ => return Err(posted_immutable(id)),
    }
    tx.execute("UPDATE vouchers SET status = 'draft', reviewed_by = NULL, reviewed_at = NULL WHERE id = ?1", [id])?;
    tx.log("voucher.unreview", "voucher", id, &serde_json::json!({"id": id}))
}

/// Posts (记账) a reviewed voucher: it becomes immutable and enters the totals.
pub fn post_in(tx: &mut Tx, id: i64) -> Result<()> {
    let h = head(tx, id)?;
    period_closed(tx, h.ym)?;
    match h.status.as_str() {
        REVIEWED => {}
        DRAFT => {
            return Err(Error::new(
                "not-reviewed",
                format!("凭证 {id} 尚未审核，不能记账"),
                format!("voucher {id} must be reviewed before posting"),
            ))
        }
        _ => {
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
         SELECT account_id, ?2, SUM(debit_fen), SUM(credit_fen) FROM voucher_lines WHERE voucher_id = ?1 GROUP BY account_id
         ON CONFLICT (account_id, ym) DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen, credit_fen = credit_fen + excluded.credit_fen",
    )?
    .execute(params![id, ym])?;
    tx.prepare_cached(
        "INSERT INTO member_totals (member_id, account_id, ym, debit_fen, credit_fen)
         SELECT member_id, account_id, ?2, SUM(debit_fen), SUM(credit_fen) FROM voucher_lines
         WHERE voucher_id = ?1 AND member_id IS NOT NULL GROUP BY member_id, account_id
         ON CONFLICT (member_id, account_id, ym) DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen, credit_fen = credit_fen + excluded.credit_fen",
    )?
    .execute(params![id, ym])?;
    Ok(())
}

/// Deletes a voucher that is not posted.
pub fn delete_in(tx: &mut Tx, id: i64) -> Result<()> {
    let h = head(tx, id)?;
    period_closed(tx, h.ym)?;
    if h.status == POSTED {
        return Err(posted_immutable(id));
    }
    let content = content_of(tx, id)?;
    tx.execute("DELETE FROM voucher_lines WHERE voucher_id = ?1", [id])?;
    tx.execute("DELETE FROM vouchers WHERE id = ?1", [id])?;
    // A number below the month's last is freed for the month's next voucher.
    tx.execute(
        "INSERT OR IGNORE INTO free_numbers (ym, seq) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM vouchers WHERE ym = ?1 AND seq > ?2)",
        params![h.ym, h.seq],
    )?;
    tx.log("voucher.delete", "voucher", id, &content)
}

/// Creates the reversing voucher (红字冲销) of a posted one: the same lines with negated amounts,
/// as a draft that is reviewed and posted like any other. Dated `date`, or the original's date.
pub fn reverse_in(tx: &mut Tx, id: i64, date: Option<&str>) -> Result<i64> {
    let h = head(tx, id)?;
    if h.status != POSTED {
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
        "SELECT l.account_id, l.member_id, m.no, l.summary, l.debit_fen, l.credit_fen FROM voucher_lines l LEFT JOIN members m ON m.id = l.member_id
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

/// The canonical content of a voucher (what posting freezes), as JSON.
pub fn content_of(conn: &Connection, id: i64) -> Result<serde_json::Value> {
    let v = load(conn, id)?;
    let lines = v
        .lines
        .iter()
        .map(|l| ContentLine {
            account: &l.account,
            credit: l.credit,
            debit: l.debit,
            member: l.member,
            summary: &l.summary,
        })
        .collect();
    Ok(content_json(&Content {
        attachments: v.attachments,
        date: &v.date,
        id: v.id,
        lines,
        no: &v.no,
        reverses: v.reverses,
        summary: &v.summary,
    }))
}

/// The canonical content of a voucher: the one shape whether read back from the book or built by
/// the bulk import from what it inserts. Its fields are declared in the order of their names, so
/// that it serializes exactly as the JSON object the log has always held (serde_json sorts an
/// object's keys), and can be hashed as it is written out, without an object built first.
#[derive(Serialize)]
struct Content<'a> {
    attachments: i64,
    date: &'a str,
    id: i64,
    lines: Vec<ContentLine<'a>>,
    no: &'a str,
    reverses: Option<i64>,
    summary: &'a str,
}

#[derive(Serialize)]
struct ContentLine<'a> {
    account: &'a str,
    credit: Money,
    debit: Money,
    member: Option<i64>,
    summary: &'a str,
}

fn content_json(c: &Content) -> serde_json::Value {
    serde_json::to_value(c).unwrap_or_default()
}

fn sha256_of(content: &serde_json::Value) -> String {
    hex::encode(Sha256::digest(content.to_string().as_bytes()))
}

/// The same hash as [`sha256_of`] the content's JSON, written straight into the hasher.
fn sha256_streamed(c: &Content) -> String {
    struct Hasher(Sha256);
    impl std::io::Write for Hasher {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.update(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hasher(Sha256::new());
    // Writing into a hasher cannot fail, nor can serializing these plain fields.
    let _ = serde_json::to_writer(&mut h, c);
    hex::encode(h.0.finalize())
}

/// SHA-256 of the canonical content; recorded in the log at posting and re-checked by `verify`.
pub fn content_hash(conn: &Connection, id: i64) -> Result<String> {
    Ok(sha256_of(&content_of(conn, id)?))
}

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
                "INSERT INTO vouchers (id, date, ym, seq, summary, attachments, status, prepared_by, prepared_at, reviewed_by, reviewed_at) VALUES {}",
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
                "INSERT INTO voucher_lines (voucher_id, line_no, date, account_id, member_id, summary, debit_fen, credit_fen) VALUES {}",
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
                .prepare_cached("UPDATE vouchers SET status = 'posted', posted_by = ?1, posted_at = ?2 WHERE id BETWEEN ?3 AND ?4 AND status = 'reviewed'")?
                .execute(params![tx.user, tx.now, first, last])?;
            if n as i64 != last - first + 1 {
                return Err(Error::internal(format!("bulk posting: {n} vouchers posted of ids {first}..={last}")));
            }
        }
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO account_totals (account_id, ym, debit_fen, credit_fen) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (account_id, ym) DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen, credit_fen = credit_fen + excluded.credit_fen",
            )?;
            for ((account, ym), (d, c)) in &self.totals {
                st.execute(params![account, ym, d, c])?;
            }
            let mut st = tx.prepare_cached(
                "INSERT INTO member_totals (member_id, account_id, ym, debit_fen, credit_fen) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (member_id, account_id, ym) DO UPDATE SET debit_fen = debit_fen + excluded.debit_fen, credit_fen = credit_fen + excluded.credit_fen",
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

/// Loads a voucher with its lines.
pub fn load(conn: &Connection, id: i64) -> Result<Voucher> {
    let mut v = conn
        .prepare_cached(
            "SELECT v.id, v.seq, v.date, v.summary, v.attachments, v.status, v.prepared_by, v.reviewed_by, v.posted_by, v.reverses_id,
                    (SELECT r.id FROM vouchers r WHERE r.reverses_id = v.id)
             FROM vouchers v WHERE v.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Voucher {
                id: r.get(0)?,
                no: voucher_no(r.get(1)?),
                date: r.get(2)?,
                summary: r.get(3)?,
                attachments: r.get(4)?,
                status: r.get(5)?,
                prepared_by: r.get(6)?,
                reviewed_by: r.get(7)?,
                posted_by: r.get(8)?,
                reverses: r.get(9)?,
                reversed_by: r.get(10)?,
                debit: Money::ZERO,
                credit: Money::ZERO,
                lines: Vec::new(),
                source: None,
            })
        })
        .optional()?
        .ok_or_else(|| Error::new("unknown-voucher", format!("凭证 {id} 不存在"), format!("no voucher {id}")))?;
    let mut st = conn.prepare_cached(
        "SELECT l.line_no, a.code, a.name, m.no, m.name, l.summary, l.debit_fen, l.credit_fen
         FROM voucher_lines l JOIN accounts a ON a.id = l.account_id LEFT JOIN members m ON m.id = l.member_id
         WHERE l.voucher_id = ?1 ORDER BY l.line_no",
    )?;
    v.lines = st
        .query_map([id], |r| {
            Ok(Line {
                line_no: r.get(0)?,
                account: r.get(1)?,
                account_name: r.get(2)?,
                member: r.get(3)?,
                member_name: r.get(4)?,
                summary: r.get(5)?,
                debit: Money(r.get(6)?),
                credit: Money(r.get(7)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    v.debit = v.lines.iter().map(|l| l.debit).sum();
    v.credit = v.lines.iter().map(|l| l.credit).sum();
    Ok(v)
}

/// A voucher in a list: no lines, its totals.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VoucherRow {
    pub id: i64,
    pub no: String,
    pub date: String,
    pub summary: String,
    pub status: String,
    pub prepared_by: String,
    pub reviewed_by: Option<String>,
    pub reverses: Option<i64>,
    /// The voucher that reverses this one, if any.
    pub reversed_by: Option<i64>,
    pub amount: Money,
}

/// One page of the voucher list and how many vouchers the filter matches.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VoucherPage {
    pub rows: Vec<VoucherRow>,
    pub total: i64,
}

/// Filter for listing vouchers.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VoucherFilter {
    /// `YYYY-MM`.
    pub month: Option<String>,
    pub status: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
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

    /// A page of the voucher list with the filter's total.
    pub fn voucher_page(&self, f: &VoucherFilter) -> Result<VoucherPage> {
        Ok(VoucherPage { total: self.count_vouchers(f)?, rows: self.vouchers(f)? })
    }

    /// How many vouchers the filter matches (for paging).
    pub fn count_vouchers(&self, f: &VoucherFilter) -> Result<i64> {
        let ym = f.month.as_deref().map(crate::base::date::parse_month).transpose()?;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM vouchers WHERE (?1 IS NULL OR ym = ?1) AND (?2 IS NULL OR status = ?2)",
            )?
            .query_row(params![ym, f.status], |r| r.get(0))?)
    }

    /// Vouchers in date and number order, filtered; paged with `limit`/`offset`.
    pub fn vouchers(&self, f: &VoucherFilter) -> Result<Vec<VoucherRow>> {
        let ym = f.month.as_deref().map(crate::base::date::parse_month).transpose()?;
        if let Some(s) = f.status.as_deref() {
            if ![DRAFT, REVIEWED, POSTED].contains(&s) {
                return Err(Error::new(
                    "invalid-status",
                    format!("状态“{s}”无效，应为 draft/reviewed/posted"),
                    format!("status \"{s}\" is not draft, reviewed or posted"),
                ));
            }
        }
        let mut st = self.conn.prepare_cached(
            "SELECT v.id, v.seq, v.date, v.summary, v.status, v.prepared_by, v.reviewed_by, v.reverses_id,
                    (SELECT SUM(debit_fen) FROM voucher_lines WHERE voucher_id = v.id),
                    (SELECT r.id FROM vouchers r WHERE r.reverses_id = v.id)
             FROM vouchers v
             WHERE (?1 IS NULL OR v.ym = ?1) AND (?2 IS NULL OR v.status = ?2)
             ORDER BY v.ym, v.seq LIMIT ?3 OFFSET ?4",
        )?;
        let rows = st.query_map(params![ym, f.status, f.limit.unwrap_or(-1), f.offset.unwrap_or(0)], |r| {
            Ok(VoucherRow {
                id: r.get(0)?,
                no: voucher_no(r.get(1)?),
                date: r.get(2)?,
                summary: r.get(3)?,
                status: r.get(4)?,
                prepared_by: r.get(5)?,
                reviewed_by: r.get(6)?,
                reverses: r.get(7)?,
                reversed_by: r.get(9)?,
                amount: Money(r.get::<_, Option<i64>>(8)?.unwrap_or(0)),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash streamed from the content is the hash of its JSON object as the log has always
    /// held it (keys in order, compact, escapes and Chinese as serde_json writes them).
    #[test]
    fn streamed_hash_is_the_hash_of_the_json_object() {
        let lines = || {
            vec![
                ContentLine {
                    account: "114",
                    credit: Money(0),
                    debit: Money(25050),
                    member: Some(2),
                    summary: "销售\"香菇\"\n给张三",
                },
                ContentLine {
                    account: "50101",
                    credit: Money(25050),
                    debit: Money(0),
                    member: None,
                    summary: "tab\there",
                },
            ]
        };
        let c = Content {
            attachments: 2,
            date: "2025-01-20",
            id: 7,
            lines: lines(),
            no: "记-0002",
            reverses: Some(3),
            summary: "销售",
        };
        let object = serde_json::json!({
            "id": 7, "no": "记-0002", "date": "2025-01-20", "summary": "销售", "attachments": 2, "reverses": 3,
            "lines": [
                {"account": "114", "member": 2, "summary": "销售\"香菇\"\n给张三", "debit": "250.50", "credit": "0.00"},
                {"account": "50101", "member": null, "summary": "tab\there", "debit": "0.00", "credit": "250.50"},
            ],
        });
        assert_eq!(content_json(&c), object);
        assert_eq!(sha256_streamed(&c), sha256_of(&object));
        assert_eq!(sha256_streamed(&c), hex::encode(Sha256::digest(object.to_string().as_bytes())));
    }
}
