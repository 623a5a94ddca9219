//! Paying a member for produce delivered (统购 / 受托代销): a business document that posts
//! Dr 114 成员往来 (the member) / Cr 101 库存现金 or 102 银行存款.
//!
//! Invariant: a payment never exceeds what the co-op owes the member on 114 — neither at the
//! payment's date nor at the end of the book — so a member's current account is never pushed into
//! an advance by a payment; an advance is a different business and is entered as a voucher.

use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::member::unknown_member;
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewMemberPayment {
    /// The member's number.
    pub member: String,
    pub amount: String,
    /// cash or bank (default).
    #[serde(default)]
    pub via: Option<String>,
    pub date: String,
    #[serde(default)]
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberPayment {
    pub id: i64,
    pub member: i64,
    pub name: String,
    pub date: String,
    pub amount: Money,
    pub via: String,
    pub summary: Option<String>,
    pub voucher_id: i64,
    pub reversal_voucher_id: Option<i64>,
}

/// What the co-op owes a member on 114 at `date` (posted entries): positive when the co-op owes.
pub fn owed_to_member(conn: &Connection, chart: &Chart, member_id: i64, date: &str) -> Result<Money> {
    let balance = crate::equity::shares::member_balance(conn, chart, "114", member_id, date)?;
    // 114 is debit-normal: a credit balance is what the co-op owes.
    Ok(Money(-balance))
}

/// Validates a payment and posts its voucher; returns the document id.
pub fn pay_member_in(tx: &mut Tx, p: &NewMemberPayment) -> Result<i64> {
    let mut errors = Vec::new();
    let date = parse_date(&p.date, "date").map_err(|e| errors.push(e)).ok();
    let member: Option<(i64, i64, String)> = match p.member.trim().parse::<i64>() {
        Ok(no) => tx
            .prepare_cached("SELECT id, no, name FROM members WHERE no = ?1")?
            .query_row([no], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?,
        Err(_) => None,
    };
    if member.is_none() {
        errors.push(unknown_member(p.member.trim()));
    }
    let amount = match Money::parse(&p.amount) {
        Ok(m) if m.fen() > 0 => Some(m),
        Ok(_) => {
            errors.push(
                Error::new(
                    "not-positive",
                    format!("付款金额必须大于零，输入的是 {}", p.amount.trim()),
                    format!("the amount must be greater than zero, got {}", p.amount.trim()),
                )
                .at("amount"),
            );
            None
        }
        Err(e) => {
            errors.push(e.at("amount"));
            None
        }
    };
    let via = p.via.as_deref().map(str::trim).filter(|v| !v.is_empty()).unwrap_or("bank").to_string();
    let money_account = match via.as_str() {
        "cash" => Some("101"),
        "bank" => Some("102"),
        other => {
            errors.push(
                Error::new(
                    "invalid-via",
                    format!("付款方式“{other}”无效，应为 cash 或 bank"),
                    format!("\"{other}\" is not cash or bank"),
                )
                .at("via"),
            );
            None
        }
    };
    let chart = Chart::load(tx)?;
    if let (Some((id, no, name)), Some(d), Some(amount)) = (&member, &date, amount) {
        let owed = owed_to_member(tx, &chart, *id, d)?.min(owed_to_member(tx, &chart, *id, "9999-12-31")?);
        if amount > owed {
            errors.push(
                Error::new(
                    "exceeds-owed",
                    format!(
                        "本社应付 {no} 号成员{name} {} 元，付款 {} 元超出应付金额",
                        owed.max(Money::ZERO).grouped(),
                        amount.grouped()
                    ),
                    format!("the co-op owes member no. {no} ({name}) {}, cannot pay {}", owed.max(Money::ZERO), amount),
                )
                .at("amount"),
            );
        }
    }
    let (Some((member_id, no, name)), Some(date), Some(amount), Some(money_account), true) =
        (member, date, amount, money_account, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    let summary = p.summary.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let v = NewVoucher {
        date: date.clone(),
        summary: summary.clone().unwrap_or_else(|| format!("支付 {no} 号成员{name}交售货款")),
        attachments: 1,
        lines: vec![
            NewLine {
                account: "114".into(),
                debit: amount.to_string(),
                credit: String::new(),
                member: Some(no.to_string()),
                summary: None,
            },
            NewLine {
                account: money_account.into(),
                debit: String::new(),
                credit: amount.to_string(),
                member: None,
                summary: None,
            },
        ],
    };
    let voucher_id = post_document_in(tx, &chart, &v)?;
    tx.prepare_cached(
        "INSERT INTO member_payments (member_id, date, amount_fen, via, summary, voucher_id) VALUES \
        (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![member_id, date, amount.fen(), via, summary, voucher_id])?;
    let id = tx.last_insert_rowid();
    tx.log(
        "payment.add",
        "payment",
        id,
        &serde_json::json!({"member": no, "amount": amount, "via": via, "date": date, "voucher": voucher_id}),
    )?;
    Ok(id)
}

/// Payments to members, oldest first (reversed ones included); `member` narrows to one member.
pub fn list(conn: &Connection, member: Option<i64>, id: Option<i64>) -> Result<Vec<MemberPayment>> {
    let mut st = conn.prepare_cached(
        "SELECT p.id, m.no, m.name, p.date, p.amount_fen, p.via, p.summary, p.voucher_id, p.reversal_voucher_id FROM \
            member_payments p JOIN members m ON m.id = p.member_id
         WHERE (?1 IS NULL OR m.no = ?1) AND (?2 IS NULL OR p.id = ?2) ORDER BY p.date, p.id",
    )?;
    let rows = st.query_map(params![member, id], |r| {
        Ok(MemberPayment {
            id: r.get(0)?,
            member: r.get(1)?,
            name: r.get(2)?,
            date: r.get(3)?,
            amount: Money(r.get(4)?),
            via: r.get(5)?,
            summary: r.get(6)?,
            voucher_id: r.get(7)?,
            reversal_voucher_id: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Book {
    pub fn pay_member(&mut self, p: &NewMemberPayment) -> Result<MemberPayment> {
        let id = self.write(crate::store::access::Perm::Pay, |tx| pay_member_in(tx, p))?;
        list(&self.conn, None, Some(id))?.pop().ok_or_else(|| Error::internal("payment vanished"))
    }

    pub fn member_payments(&self, member: Option<i64>) -> Result<Vec<MemberPayment>> {
        list(&self.conn, member, None)
    }

    /// What the co-op owes member `no` for deliveries and other dealings on 114 at `date`.
    pub fn owed_to_member(&self, no: i64, date: &str) -> Result<Money> {
        let date = parse_date(date, "date")?;
        let m = crate::ledger::member::by_no(&self.conn, no)?.ok_or_else(|| unknown_member(&no.to_string()))?;
        owed_to_member(&self.conn, &Chart::load(&self.conn)?, m.id, &date)
    }
}
