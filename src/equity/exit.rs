//! A member who leaves (退社, Co-operative Law Art. 28): the exit date on the register and the
//! settlement of their account — share capital and reserve share returned less their part of the
//! losses, land handed back as land — in one transaction with one posted voucher.

use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::member::Member;
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use rusqlite::params;
use rust_decimal::Decimal;
use serde::Serialize;

/// What an exit settlement paid and returned.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Settlement {
    pub voucher_id: Option<i64>,
    /// The member's share capital (301) and reserve share (322) being settled.
    pub capital: Money,
    pub reserve: Money,
    /// The member's part of the accumulated losses, kept back.
    pub losses: Money,
    /// Land management rights handed back (Cr 161), at their contributed value.
    pub land_returned: Money,
    /// Paid in cash or through the bank.
    pub paid: Money,
    /// The part of the losses the money due could not cover (the land going back whole): owed by
    /// the member on 114 成员往来.
    pub owed: Money,
}

/// Settles an exiting member's account (退社结算, Co-operative Law Art. 28): their share capital
/// and reserve share are returned less their part of the accumulated losses (331 + 332 when in
/// debit, in proportion to their share of 301). Land contributed comes back as land (Cr 161 at its
/// whole contributed value); the rest is paid `via` cash or bank, and a loss share the rest cannot
/// cover is owed by the member on 114. One posted voucher; the contribution
/// register gets the matching negative rows so the member's account closes at zero. A quantified
/// subsidy share is not paid out: it stays with the co-op (311), and is written off the member.
pub fn settle_exit_in(
    tx: &mut Tx,
    chart: &Chart,
    member_id: i64,
    no: i64,
    name: &str,
    date: &str,
    via: Option<&str>,
) -> Result<Settlement> {
    let capital = crate::equity::shares::member_balances(tx, chart, "301", date)?;
    let reserve = crate::equity::shares::member_balances(tx, chart, "322", date)?;
    let own = capital.get(&member_id).copied().unwrap_or(0);
    let own_reserve = reserve.get(&member_id).copied().unwrap_or(0);
    let total: i64 = capital.values().sum();
    // The undistributed position below zero is the accumulated loss the member bears (Co-operative
    // Law Art. 28): what stood undistributed at the start of the exit's year — 331, 332 (every
    // account under it, and 332 itself in a book from before its sub-accounts) and the P&L of an
    // earlier year not yet closed — moved by what was entered on 331/332 since (a loss made good,
    // an earlier year's distribution posted this year). The year's own running result is not yet a
    // loss to share, and this year's own distribution stands against it.
    let year: i32 = date[..4].parse().unwrap_or(0);
    let start = crate::ledger::balances::cumulative(tx, &crate::base::date::year_end(year - 1), None)?;
    let opening: i64 = chart
        .accounts
        .iter()
        .filter(|a| a.code.starts_with("331") || a.code.starts_with("332") || a.class == "pnl")
        .filter_map(|a| start.get(&a.id).map(|(d, c)| c - d))
        .sum();
    let moved: i64 = tx.query_row(
        "SELECT COALESCE(SUM(l.credit_fen - l.debit_fen), 0) FROM voucher_lines l
         JOIN vouchers v ON v.id = l.voucher_id JOIN accounts a ON a.id = l.account_id
         WHERE v.status = 'posted' AND substr(a.code, 1, 3) IN ('331', '332') AND l.date BETWEEN ?1 AND ?2
           AND v.id NOT IN (SELECT post_voucher_id FROM distribution_plans
                            WHERE year >= ?3 AND post_voucher_id IS NOT NULL)",
        params![format!("{year:04}-01-01"), date, year],
        |r| r.get(0),
    )?;
    let equity = opening + moved;
    let loss_total = (-equity).max(0);
    let losses = if loss_total > 0 && total > 0 {
        Money::round_from_decimal(Money(loss_total).to_decimal() * Decimal::from(own) / Decimal::from(total))?
            .min(Money(own + own_reserve))
    } else {
        Money::ZERO
    };
    let sum_kind = |tx: &Tx, kind: &str| -> Result<i64> {
        Ok(tx.query_row(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM contributions WHERE member_id = ?1 AND kind = ?2 \
            AND date <= ?3 AND reversal_voucher_id IS NULL",
            params![member_id, kind, date],
            |r| r.get(0),
        )?)
    };
    // The plot goes back whole (Cr 161 at its contributed value, 财会〔2021〕37号 on 161); the
    // member's part of the losses is kept back from the money due to them, and what the money due
    // cannot cover they owe the co-op on 114 成员往来 (recovered from them, as the charter says).
    let land = sum_kind(tx, "land")?.clamp(0, own + own_reserve);
    let rest = own + own_reserve - losses.fen() - land;
    let (paid, owed) = (rest.max(0), (-rest).max(0));
    let mut s = Settlement {
        voucher_id: None,
        capital: Money(own),
        reserve: Money(own_reserve),
        losses,
        land_returned: Money(land),
        paid: Money(paid),
        owed: Money(owed),
    };
    if own != 0 || own_reserve != 0 {
        let via = via.unwrap_or("bank");
        let pay_account = match via {
            "cash" => "101",
            "bank" => "102",
            other => {
                return Err(Error::new(
                    "invalid-via",
                    format!("付款方式“{other}”无效，应为 cash 或 bank"),
                    format!("\"{other}\" is not cash or bank"),
                )
                .at("via"))
            }
        };
        let m = Some(no.to_string());
        let mut lines = Vec::new();
        let mut push = |account: &str, d: i64, c: i64, member: Option<String>| {
            if d != 0 || c != 0 {
                let t = |x: i64| if x == 0 { String::new() } else { Money(x).to_string() };
                lines.push(NewLine { account: account.into(), debit: t(d), credit: t(c), member, summary: None });
            }
        };
        push("301", own, 0, m.clone());
        push("322", own_reserve, 0, m.clone());
        push("114", owed, 0, m);
        push("161", 0, land, None);
        push(pay_account, 0, paid, None);
        // The losses kept back reduce the debit balance of 332 未分配盈余 (where the losses carried sit).
        push(crate::ledger::account::UNDISTRIBUTED, 0, losses.fen(), None);
        let v = NewVoucher {
            date: date.into(), summary: format!("{no} 号成员{name}退社结算"), attachments: 1, lines
        };
        s.voucher_id = Some(post_document_in(tx, chart, &v)?);
    }
    // Close the member's contribution register, kind by kind.
    for kind in ["cash", "land", "labour", "asset", "subsidy"] {
        let left = sum_kind(tx, kind)?;
        if left != 0 {
            tx.prepare_cached(
                "INSERT INTO contributions (member_id, kind, date, amount_fen, quantity, unit_price_fen, detail, \
                    voucher_id) VALUES (?1, ?2, ?3, ?4, NULL, NULL, ?5, ?6)",
            )?
            .execute(params![member_id, kind, date, -left, r#"{"exit":true}"#, s.voucher_id])?;
        }
    }
    Ok(s)
}

impl Book {
    /// Records a member's exit (退社) and settles their account in the same transaction (see
    /// [`settle_exit_in`]); `via` is how the cash part is paid (`cash` or
    /// `bank`, the default). Lines dated after the exit date are refused from then on.
    pub fn exit_member(&mut self, no: i64, date: &str, via: Option<&str>) -> Result<Member> {
        let m = self.member(no)?;
        let date = parse_date(date, "date")?;
        if let Some(d) = &m.exited {
            return Err(Error::new(
                "member-exited",
                format!("{no} 号成员 {} 已于 {d} 退社", m.name),
                format!("member no. {no} already exited on {d}"),
            )
            .at("member"));
        }
        if date < m.joined {
            return Err(Error::new(
                "exit-before-join",
                format!("退社日期 {date} 早于入社日期 {}", m.joined),
                format!("exit date {date} is before the joining date {}", m.joined),
            )
            .at("date"));
        }
        self.write(crate::store::access::Perm::Enter, |tx| {
            let chart = crate::ledger::account::Chart::load(tx)?;
            let settlement = settle_exit_in(tx, &chart, m.id, no, &m.name, &date, via)?;
            tx.execute("UPDATE members SET exited = ?1 WHERE no = ?2", params![date, no])?;
            tx.log(
                "member.exit",
                "member",
                no,
                &serde_json::json!({"no": no, "exited": date, "settlement": settlement}),
            )
        })?;
        self.member(no)
    }
}
