//! Returns and corrections after the fact: a sale returned whole or in part, a member's delivery
//! corrected (so many 斤 fewer or more than recorded), each dated in an open month — the original
//! document's month may long be closed — with its own voucher that refers to the original: red ink
//! (红字) for what is taken back, the original voucher never touched. Stock, the sales figures and
//! the member's trade (交易额) follow on the new date.

use super::catalogue::stock;
use super::parse::{amount_of, parse_quantity};
use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::voucher::{post_document_in, post_red_in, NewLine, NewVoucher, RedLine};
use crate::store::book::{Book, Tx};
use rusqlite::{params, OptionalExtension};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::str::FromStr;

/// A sale returned, or a delivery corrected: what was recorded and the voucher that carries it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Correction {
    pub id: i64,
    /// `sale-return` or `delivery-correction`.
    pub kind: String,
    /// The sale or delivery it refers to.
    pub of: i64,
    pub date: String,
    /// The quantity returned (positive), or the change of the delivery's quantity (signed).
    pub quantity: String,
    /// The amount taken off the sale, or the change of the member's 交易额 (signed).
    pub amount: Money,
    pub voucher_id: i64,
}

/// A line of the original document's voucher: its account, member (id, number), debit and credit.
struct Entry {
    account_id: i64,
    member: Option<(i64, i64)>,
    debit: i64,
    credit: i64,
}

fn entries(tx: &Tx, voucher: i64) -> Result<Vec<Entry>> {
    let mut st = tx.prepare_cached(
        "SELECT l.account_id, l.member_id, m.no, l.debit_fen, l.credit_fen FROM voucher_lines l LEFT JOIN members m \
            ON m.id = l.member_id WHERE l.voucher_id = ?1 ORDER BY l.line_no",
    )?;
    let rows = st.query_map([voucher], |r| {
        let member: Option<i64> = r.get(1)?;
        let no: Option<i64> = r.get(2)?;
        Ok(Entry { account_id: r.get(0)?, member: member.zip(no), debit: r.get(3)?, credit: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The entries taken back by `by(i)` (line `i`) on each side they had: a red-ink voucher's lines.
fn taken_back(lines: &[Entry], by: impl Fn(usize) -> i64) -> Vec<RedLine> {
    lines
        .iter()
        .enumerate()
        .map(|(i, e)| RedLine {
            account_id: e.account_id,
            member: e.member,
            debit: if e.debit != 0 { by(i) } else { 0 },
            credit: if e.credit != 0 { by(i) } else { 0 },
        })
        .collect()
}

/// The document a return or correction refers to: a sale or a member's delivery.
struct Original {
    date: String,
    product: i64,
    quantity: Decimal,
    price: Decimal,
    amount: i64,
    /// The sale's cost (nil for a delivery).
    cost: i64,
    voucher: i64,
    name: String,
    unit: String,
    /// The delivering member's number (none for a sale).
    member_no: Option<i64>,
}

/// Reads sale or delivery `id` (`kind` `sale` / `delivery`), refusing an unknown or reversed one.
fn original(tx: &Tx, kind: &str, id: i64) -> Result<Original> {
    let sql = if kind == "sale" {
        "SELECT s.date, s.product_id, s.quantity, s.price, s.amount_fen, s.cost_fen, s.voucher_id, \
            s.reversal_voucher_id, p.name, p.unit, NULL FROM sales s JOIN products p ON p.id = s.product_id \
            WHERE s.id = ?1"
    } else {
        "SELECT d.date, d.product_id, d.quantity, d.price, d.amount_fen, 0, d.voucher_id, d.reversal_voucher_id, \
            p.name, p.unit, m.no FROM deliveries d JOIN products p ON p.id = d.product_id JOIN members m ON m.id = \
            d.member_id WHERE d.id = ?1"
    };
    type Row = (String, i64, String, String, i64, i64, i64, Option<i64>, String, String, Option<i64>);
    let row: Option<Row> = tx
        .prepare_cached(sql)?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })
        .optional()?;
    let Some((date, product, quantity, price, amount, cost, voucher, reversed, name, unit, member_no)) = row else {
        return Err(unknown(kind, id));
    };
    if reversed.is_some() {
        let (zh, en) = if kind == "sale" { ("销售单", "sale") } else { ("交售单", "delivery") };
        return Err(Error::new(
            "document-reversed",
            format!("{zh} #{id} 已冲销，不能再退货或更正"),
            format!("{en} #{id} is reversed: it cannot be returned or corrected"),
        )
        .at("id"));
    }
    Ok(Original {
        date,
        product,
        quantity: dec(&quantity)?,
        price: dec(&price)?,
        amount,
        cost,
        voucher,
        name,
        unit,
        member_no,
    })
}

/// What the returns (or corrections) of document `id` took so far: quantity, amount and cost.
fn so_far(tx: &Tx, sql: &str, id: i64) -> Result<(Decimal, i64, i64)> {
    let mut out = (Decimal::ZERO, 0i64, 0i64);
    let mut st = tx.prepare_cached(sql)?;
    let mut rows = st.query([id])?;
    while let Some(r) = rows.next()? {
        out.0 += dec(&r.get::<_, String>(0)?)?;
        out.1 += r.get::<_, i64>(1)?;
        out.2 += r.get::<_, i64>(2)?;
    }
    Ok(out)
}

fn dec(t: &str) -> Result<Decimal> {
    Decimal::from_str(t).map_err(Error::internal)
}

fn reason_of(reason: &str, default: &str) -> Result<String> {
    let r = reason.trim();
    if r.chars().count() > 200 {
        return Err(Error::new("reason-too-long", "原因不能超过 200 字", "the reason is longer than 200 characters")
            .at("reason"));
    }
    Ok(if r.is_empty() { default.to_string() } else { r.to_string() })
}

fn unknown(kind: &str, id: i64) -> Error {
    Error::new("unknown-document", format!("单据 {kind} #{id} 不存在"), format!("no {kind} #{id}")).at("id")
}

/// `value × part / whole`, rounded half away from zero to the 分.
fn share(value: i64, part: Decimal, whole: Decimal) -> Result<i64> {
    (Decimal::from(value) * part / whole)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .try_into()
        .map_err(Error::internal)
}

/// Returns `quantity` of sale `sale_id` (all that is left of it when `None`) on `date`: the price of
/// it comes off the sale — refunded the way it was paid, or off what the buyer owes — and its cost
/// goes back into stock, by a red-ink voucher of the sale's own entries.
pub fn return_sale_in(
    tx: &mut Tx,
    sale_id: i64,
    date: &str,
    quantity: Option<&str>,
    reason: &str,
) -> Result<Correction> {
    let Original { date: sold_on, quantity: qty, price, amount, cost, voucher, name, unit, .. } =
        original(tx, "sale", sale_id)?;
    let date = parse_date(date, "date")?;
    if date < sold_on {
        return Err(Error::new(
            "return-before-sale",
            format!("退货日期 {date} 早于销售日期 {sold_on}"),
            format!("the return ({date}) is dated before the sale ({sold_on})"),
        )
        .at("date"));
    }
    let reason = reason_of(reason, "退货")?;
    let back = so_far(tx, "SELECT quantity, amount_fen, cost_fen FROM sale_returns WHERE sale_id = ?1", sale_id)?;
    let left = qty - back.0;
    let q = match quantity.map(str::trim).filter(|q| !q.is_empty()) {
        None => left,
        Some(t) => parse_quantity(t, "quantity")?,
    };
    if q <= Decimal::ZERO || q > left {
        return Err(Error::new(
            "return-exceeds-sale",
            format!("销售单 #{sale_id} 还可退 {} {unit}，不能退 {q} {unit}", left.normalize()),
            format!("only {} {unit} of sale #{sale_id} can still be returned, not {q}", left.normalize()),
        )
        .at("quantity"));
    }
    // All that is left: exactly what is left of the amount and the cost; a part: its share, never
    // more than is left.
    let (a, c) = if q == left {
        (amount - back.1, cost - back.2)
    } else {
        (amount_of(q, price)?.fen().min(amount - back.1), share(cost, q, qty)?.min(cost - back.2))
    };
    // The sale's own entries, in red: the money (or receivable) and 501 by the amount, 521 and the
    // stock by the cost (财会〔2021〕37号 on 501: 发生的销售退回 … 冲减当期的经营收入).
    let red = taken_back(&entries(tx, voucher)?, |i| if i < 2 { a } else { c });
    let v =
        post_red_in(tx, &date, format!("销售退回：销售单 #{sale_id}（{sold_on}）{name} {q} {unit}，{reason}"), &red)?;
    tx.execute(
        "INSERT INTO sale_returns (sale_id, date, quantity, amount_fen, cost_fen, reason, voucher_id) VALUES (?1, ?2, \
            ?3, ?4, ?5, ?6, ?7)",
        params![sale_id, date, q.normalize().to_string(), a, c, reason, v],
    )?;
    let id = tx.last_insert_rowid();
    tx.log(
        "sale.return",
        "sale_return",
        id,
        &serde_json::json!({"sale": sale_id, "date": date, "quantity": q.normalize().to_string(), "amount": Money(a),
            "cost": Money(c), "reason": reason, "voucher": v}),
    )?;
    Ok(Correction {
        id,
        kind: "sale-return".into(),
        of: sale_id,
        date,
        quantity: q.normalize().to_string(),
        amount: Money(a),
        voucher_id: v,
    })
}

/// Corrects member delivery `delivery_id` by `delta` (signed: −10 is 10 fewer than recorded) on
/// `date`, at the delivery's price: the goods and what the co-op owes the member (114) change by the
/// amount — in red ink when fewer, a further entry when more — and so does the member's 交易额.
pub fn correct_delivery_in(tx: &mut Tx, delivery_id: i64, date: &str, delta: &str, reason: &str) -> Result<Correction> {
    let o = original(tx, "delivery", delivery_id)?;
    let Original { date: delivered_on, product, quantity: qty, price, amount, voucher, .. } = o;
    let (name, unit, member_no) = (o.name, o.unit, o.member_no.unwrap_or_default());
    let date = parse_date(date, "date")?;
    if date < delivered_on {
        return Err(Error::new(
            "correction-before-delivery",
            format!("更正日期 {date} 早于交售日期 {delivered_on}"),
            format!("the correction ({date}) is dated before the delivery ({delivered_on})"),
        )
        .at("date"));
    }
    let reason = reason_of(reason, "交售数量更正")?;
    let t = delta.trim();
    let (negative, magnitude) = match t.strip_prefix('-') {
        Some(rest) => (true, parse_quantity(rest, "quantity")?),
        None => (false, parse_quantity(t.strip_prefix('+').unwrap_or(t), "quantity")?),
    };
    let so_far =
        so_far(tx, "SELECT quantity, amount_fen, 0 FROM delivery_corrections WHERE delivery_id = ?1", delivery_id)?;
    let now = qty + so_far.0;
    if negative && magnitude > now {
        return Err(Error::new(
            "correction-below-zero",
            format!("交售单 #{delivery_id} 现为 {} {unit}，不能减少 {magnitude} {unit}", now.normalize()),
            format!("delivery #{delivery_id} now stands at {} {unit}; it cannot lose {magnitude}", now.normalize()),
        )
        .at("quantity"));
    }
    if negative {
        let (held, _) = stock(tx, product, &date)?;
        if held < magnitude {
            return Err(Error::new(
                "insufficient-stock",
                format!("“{name}”库存只有 {held} {unit}，不够减少 {magnitude} {unit}（请先处理相关销售）"),
                format!("only {held} {unit} of \"{name}\" in stock, cannot take off {magnitude} {unit}"),
            )
            .at("quantity"));
        }
    }
    // All of it taken off: exactly what stands; otherwise the change at the delivery's price.
    let a = if negative && magnitude == now { amount + so_far.1 } else { amount_of(magnitude, price)?.fen() };
    let (signed_qty, signed_amount) = if negative { (-magnitude, -a) } else { (magnitude, a) };
    let summary = format!(
        "交售更正：{member_no} 号成员交售单 #{delivery_id}（{delivered_on}）{name} {}{magnitude} {unit}，{reason}",
        if negative { "减少 " } else { "增加 " }
    );
    let lines = entries(tx, voucher)?;
    let v = if negative {
        post_red_in(tx, &date, summary, &taken_back(&lines, |_| a))?
    } else {
        let chart = Chart::load(tx)?;
        let code = |id: i64| chart.by_id(id).map(|a| a.code.clone()).unwrap_or_default();
        let new_lines = lines
            .iter()
            .map(|e| NewLine {
                account: code(e.account_id),
                debit: if e.debit != 0 { Money(a).to_string() } else { String::new() },
                credit: if e.debit == 0 { Money(a).to_string() } else { String::new() },
                member: e.member.map(|m| m.1.to_string()),
                summary: None,
            })
            .collect();
        post_document_in(tx, &chart, &NewVoucher { date: date.clone(), summary, attachments: 1, lines: new_lines })?
    };
    tx.execute(
        "INSERT INTO delivery_corrections (delivery_id, date, quantity, amount_fen, reason, voucher_id) \
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![delivery_id, date, signed_qty.normalize().to_string(), signed_amount, reason, v],
    )?;
    let id = tx.last_insert_rowid();
    tx.log(
        "delivery.correct",
        "delivery_correction",
        id,
        &serde_json::json!({"delivery": delivery_id, "date": date, "quantity": signed_qty.normalize().to_string(),
            "amount": Money(signed_amount), "reason": reason, "voucher": v}),
    )?;
    Ok(Correction {
        id,
        kind: "delivery-correction".into(),
        of: delivery_id,
        date,
        quantity: signed_qty.normalize().to_string(),
        amount: Money(signed_amount),
        voucher_id: v,
    })
}

impl Book {
    /// Returns a sale, whole (`quantity` `None`: all that is left of it) or in part, on `date`.
    pub fn return_sale(
        &mut self,
        sale_id: i64,
        date: &str,
        quantity: Option<&str>,
        reason: &str,
    ) -> Result<Correction> {
        self.write(crate::store::access::Perm::Enter, |tx| return_sale_in(tx, sale_id, date, quantity, reason))
    }

    /// Corrects a member's delivery by a signed quantity on `date`.
    pub fn correct_delivery(&mut self, delivery_id: i64, date: &str, delta: &str, reason: &str) -> Result<Correction> {
        self.write(crate::store::access::Perm::Enter, |tx| correct_delivery_in(tx, delivery_id, date, delta, reason))
    }
}
