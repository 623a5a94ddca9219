//! What a voucher is, and every check on entering one: balance, leaf accounts, members on the
//! member sub-ledgers, dates outside closed months; the voucher number (记-0001) of its month.

use super::content::content_of;
use crate::base::date::{month_text, parse_date, ym_of};
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::{unknown_account, Chart};
use crate::ledger::member::unknown_member;
use crate::store::book::Tx;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

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

/// A voucher's status as the workflow matches on it (stored and shown as [`DRAFT`], [`REVIEWED`],
/// [`POSTED`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoucherStatus {
    Draft,
    Reviewed,
    Posted,
}

impl VoucherStatus {
    pub fn code(self) -> &'static str {
        match self {
            VoucherStatus::Draft => DRAFT,
            VoucherStatus::Reviewed => REVIEWED,
            VoucherStatus::Posted => POSTED,
        }
    }

    pub fn parse(code: &str) -> Result<VoucherStatus> {
        [VoucherStatus::Draft, VoucherStatus::Reviewed, VoucherStatus::Posted]
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| Error::internal(format!("unknown voucher status {code:?}")))
    }
}

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
    pub(crate) ym: i64,
    pub(crate) summary: String,
    pub(crate) attachments: i64,
    pub(crate) lines: Vec<CheckedLine>,
}

pub(crate) struct CheckedLine {
    pub(crate) account_id: i64,
    pub(crate) member_id: Option<i64>,
    /// The member's number, as the voucher's content names the member.
    pub(crate) member_no: Option<i64>,
    pub(crate) summary: String,
    pub(crate) debit: i64,
    pub(crate) credit: i64,
}

impl Checked {
    /// The sum of the debits (= the credits).
    pub(crate) fn debit(&self) -> i64 {
        self.lines.iter().map(|l| l.debit).sum()
    }
}

pub(crate) fn period_closed(conn: &Connection, ym: i64) -> Result<()> {
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
                    // What the co-op owes a former member for their time as one — the refund and
                    // residual share of the year they left (Co-operative Law Art. 28) — is still
                    // booked and paid to them on 221/222 after they left.
                    let owed_to_former =
                        account.is_some_and(|a| a.code.starts_with("221") || a.code.starts_with("222"));
                    if let (Some(x), Some(d)) = (&exited, &date) {
                        if d > x && !owed_to_former {
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

pub(crate) fn insert(tx: &mut Tx, c: &Checked, reverses: Option<i64>) -> Result<i64> {
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
            "INSERT INTO voucher_lines (voucher_id, line_no, date, account_id, member_id, summary, debit_fen, \
                credit_fen)
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
