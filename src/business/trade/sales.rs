//! Sales (销售): Dr 113 on credit or the money received / Cr 501 经营收入 (the product's
//! sub-account), and the goods relieved at their average delivered cost (Dr 521 / Cr 128); a
//! tracked product is never sold beyond its stock.

use super::catalogue::{check_unit, product_by_name, stock, unknown_product};
use super::contracts::check_contract;
use super::lists::TradeRow;
use super::parse::{amount_of, channel_zh, parse_channel, parse_price, parse_quantity};
use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::{sub_account_for, Chart};
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use rusqlite::{params, OptionalExtension};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewSale {
    pub date: String,
    pub product: String,
    pub quantity: String,
    #[serde(default)]
    pub unit: Option<String>,
    pub price: String,
    pub buyer: String,
    /// Defaults to the buyer's channel.
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub contract: Option<String>,
    /// credit (default: 113 应收款), cash, bank, wechat, alipay.
    #[serde(default)]
    pub paid: Option<String>,
}

/// Records a sale and posts its income and, for a tracked product, the cost of the goods.
pub fn sell_in(tx: &mut Tx, s: &NewSale) -> Result<i64> {
    let mut errors = Vec::new();
    let date = parse_date(&s.date, "date").map_err(|e| errors.push(e)).ok();
    let product = product_by_name(tx, &s.product)?;
    if product.is_none() {
        errors.push(unknown_product(s.product.trim()));
    }
    if let Some((_, unit, ..)) = &product {
        errors.extend(check_unit(&s.unit, unit));
    }
    // The buyer, and the member it is (if any), read together.
    type BuyerRow = (i64, String, Option<(i64, i64, Option<String>)>);
    let found: Option<BuyerRow> = tx
        .prepare_cached(
            "SELECT b.id, b.channel, m.id, m.no, m.exited FROM buyers b LEFT JOIN members m ON m.id = \
            b.member_id WHERE b.name = ?1",
        )?
        .query_row([s.buyer.trim()], |r| {
            let member: Option<i64> = r.get(2)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                member.map(|id| Ok::<_, rusqlite::Error>((id, r.get(3)?, r.get(4)?))).transpose()?,
            ))
        })
        .optional()?;
    // A buyer who is a member (and has not left by the sale's date) makes this member trade.
    let member: Option<(i64, i64)> = match (&found, &date) {
        (Some((_, _, Some((id, no, exited)))), Some(d)) if exited.as_deref().is_none_or(|x| x >= d.as_str()) => {
            Some((*id, *no))
        }
        _ => None,
    };
    let buyer: Option<(i64, String)> = found.map(|(id, channel, _)| (id, channel));
    if buyer.is_none() {
        errors.push(
            Error::new(
                "unknown-buyer",
                format!("客户“{}”不存在，请先登记客户", s.buyer.trim()),
                format!("no buyer \"{}\"; add it first", s.buyer.trim()),
            )
            .at("buyer"),
        );
    }
    let channel = match s.channel.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => parse_channel(c).map(str::to_string).map_err(|e| errors.push(e)).ok(),
        None => buyer.as_ref().map(|b| b.1.clone()),
    };
    let paid = s.paid.as_deref().map(str::trim).filter(|p| !p.is_empty()).unwrap_or("credit").to_string();
    if !["credit", "cash", "bank", "wechat", "alipay"].contains(&paid.as_str()) {
        errors.push(
            Error::new(
                "invalid-paid",
                format!("收款方式“{paid}”无效，应为 credit/cash/bank/wechat/alipay"),
                format!("\"{paid}\" is not credit, cash, bank, wechat or alipay"),
            )
            .at("paid"),
        );
    }
    let qty = parse_quantity(&s.quantity, "quantity").map_err(|e| errors.push(e)).ok();
    let price = parse_price(&s.price, "price").map_err(|e| errors.push(e)).ok();
    let contract = s.contract.as_deref().map(str::trim).filter(|c| !c.is_empty());
    if let (Some(code), Some((pid, ..)), Some((bid, _)), Some(d)) = (contract, &product, &buyer, &date) {
        errors.extend(check_contract(tx, code, *pid, *bid, d)?);
    }
    let mut cost = 0i64;
    if let (Some((pid, unit, true, ..)), Some(q), Some(d)) = (&product, qty, &date) {
        let (held, value) = stock(tx, *pid, d)?;
        if q > held {
            errors.push(
                Error::new(
                    "insufficient-stock",
                    format!("“{}”库存只有 {held} {unit}，不够销售 {q} {unit}", s.product.trim()),
                    format!("only {held} {unit} of \"{}\" in stock, cannot sell {q} {unit}", s.product.trim()),
                )
                .at("quantity"),
            );
        } else if q == held {
            cost = value;
        } else {
            // 0 < q < held, so the cost is below the stock's value; multiplied first for an exact
            // half-分 rounding, divided first only when the product would not fit in a Decimal.
            let exact = Decimal::from(value)
                .checked_mul(q)
                .map(|p| p / held)
                .unwrap_or_else(|| Decimal::from(value) * (q / held));
            cost = exact
                .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                .try_into()
                .map_err(Error::internal)?;
        }
    }
    let (
        Some((product_id, unit, _, stock_acct, income_acct, cost_acct)),
        Some((buyer_id, _)),
        Some(channel),
        Some(date),
        Some(qty),
        Some(price),
        true,
    ) = (product, buyer, channel, date, qty, price, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    let amount = amount_of(qty, price)?;
    // WeChat and Alipay money sits in 109's sub-accounts, made on first use: reload the chart after.
    let money_account_id = match paid.as_str() {
        "wechat" => Some(sub_account_for(tx, "109", "微信")?),
        "alipay" => Some(sub_account_for(tx, "109", "支付宝")?),
        _ => None,
    };
    let chart = Chart::load(tx)?;
    let code = |id: i64| chart.by_id(id).map(|a| a.code.clone()).unwrap_or_default();
    let money_account = match (paid.as_str(), money_account_id) {
        (_, Some(id)) => code(id),
        ("cash", _) => "101".to_string(),
        ("bank", _) => "102".to_string(),
        // On credit: a member owes on their current account (114), anyone else on 113 应收款.
        _ if member.is_some() => "114".to_string(),
        _ => "113".to_string(),
    };
    let owing_member = (money_account == "114").then(|| member.map(|m| m.1.to_string())).flatten();
    let mut lines = vec![
        NewLine {
            account: money_account,
            debit: amount.to_string(),
            credit: String::new(),
            member: owing_member,
            summary: None,
        },
        NewLine {
            account: code(income_acct),
            debit: String::new(),
            credit: amount.to_string(),
            member: None,
            summary: None,
        },
    ];
    if cost > 0 {
        lines.push(NewLine {
            account: code(cost_acct),
            debit: Money(cost).to_string(),
            credit: String::new(),
            member: None,
            summary: Some("结转销售成本".into()),
        });
        lines.push(NewLine {
            account: code(stock_acct),
            debit: String::new(),
            credit: Money(cost).to_string(),
            member: None,
            summary: Some("结转销售成本".into()),
        });
    }
    let v = NewVoucher {
        date: date.clone(),
        summary: format!(
            "销售{} {qty} {unit}给{}{}（{}），单价 {price}",
            s.product.trim(),
            member.map(|m| format!("{} 号成员", m.1)).unwrap_or_default(),
            s.buyer.trim(),
            channel_zh(&channel)
        ),
        attachments: 1,
        lines,
    };
    let voucher_id = post_document_in(tx, &chart, &v)?;
    tx.prepare_cached(
        "INSERT INTO sales (date, product_id, buyer_id, channel, quantity, price, amount_fen, cost_fen, paid, \
            contract, voucher_id, member_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        date,
        product_id,
        buyer_id,
        channel,
        qty.to_string(),
        price.to_string(),
        amount.fen(),
        cost,
        paid,
        contract,
        voucher_id,
        member.map(|m| m.0)
    ])?;
    let id = tx.last_insert_rowid();
    tx.log(
        "sale.add",
        "sale",
        id,
        &serde_json::json!({"product": s.product.trim(),
        "buyer": s.buyer.trim(), "member": member.map(|m| m.1), "channel": channel, "quantity": qty.to_string(),
            "price": price.to_string(), "amount": amount, "cost": Money(cost), "paid": paid, "date": date,
                "voucher": voucher_id}),
    )?;
    Ok(id)
}

impl Book {
    pub fn sell(&mut self, s: &NewSale) -> Result<TradeRow> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| sell_in(tx, s))?;
        self.trade_row("sale", id)
    }
}
