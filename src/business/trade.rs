//! Trade: products, buyers and their sales channels, members' deliveries (统购 / 受托代销) and
//! sales, each a document that posts its own voucher in the same transaction.
//!
//! A delivery is the member's trade with the co-op (交易额, the basis of the patronage refund):
//! Dr 128 受托代销商品 (the product's sub-account) / Cr 114 成员往来 for the member, at the agreed
//! price. A sale credits 501 经营收入 (the product's sub-account) against 113 on credit or the money
//! received, and relieves the goods at their average delivered cost (Dr 521 / Cr 128).
//! Invariants: quantities have at most 3 decimals and prices 4, amounts are rounded to the 分
//! once (half away from zero); a tracked product is never sold beyond its stock.

use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::{sub_account_for, Chart};
use crate::ledger::member::unknown_member;
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

/// Sales channels of the case: online mall, brand store, supermarket agreement, field market,
/// live stream, other.
pub const CHANNELS: &[(&str, &str)] = &[
    ("online", "线上商城"),
    ("store", "品牌体验店"),
    ("supermarket", "商超协议"),
    ("market", "田头市场"),
    ("live", "直播"),
    ("other", "其他"),
];

pub fn channel_zh(c: &str) -> &'static str {
    CHANNELS.iter().find(|(k, _)| *k == c).map(|(_, z)| *z).unwrap_or("其他")
}

pub fn parse_channel(text: &str) -> Result<&'static str> {
    let t = text.trim();
    CHANNELS
        .iter()
        .find(|(k, z)| k.eq_ignore_ascii_case(t) || *z == t || (t.len() > 3 && z.contains(t)))
        .map(|(k, _)| *k)
        .ok_or_else(|| {
            Error::new(
                "invalid-channel",
                format!("销售渠道“{t}”无效，应为 线上商城/品牌体验店/商超协议/田头市场/直播/其他"),
                format!("channel \"{t}\" is not online, store, supermarket, market, live or other"),
            )
            .at("channel")
        })
}

/// A quantity: positive, at most 3 decimals.
pub fn parse_quantity(text: &str, field: &str) -> Result<Decimal> {
    parse_positive(text, field, 3, "数量", "quantity", "quantity-precision")
}

/// A unit price: positive, at most 4 decimals.
pub fn parse_price(text: &str, field: &str) -> Result<Decimal> {
    parse_positive(text, field, 4, "单价", "price", "price-precision")
}

fn parse_positive(
    text: &str,
    field: &str,
    dp: u32,
    zh: &str,
    en: &str,
    precision_code: &'static str,
) -> Result<Decimal> {
    let t = text.trim().replace([',', '，'], "");
    let d = Decimal::from_str(&t).map_err(|_| {
        Error::new("quantity-invalid", format!("{zh}“{t}”不是有效数字"), format!("{en} \"{t}\" is not a number"))
            .at(field)
    })?;
    if d <= Decimal::ZERO {
        return Err(Error::new(
            "not-positive",
            format!("{zh}必须大于零，输入的是 {t}"),
            format!("{en} must be greater than zero, got {t}"),
        )
        .at(field));
    }
    if d.normalize().scale() > dp {
        return Err(Error::new(
            precision_code,
            format!("{zh}“{t}”最多 {dp} 位小数"),
            format!("{en} \"{t}\" has more than {dp} decimals"),
        )
        .at(field));
    }
    Ok(d.normalize())
}

/// quantity × price, rounded to the 分 half away from zero; an amount too large for the books is
/// the price's `amount-too-large`.
pub fn amount_of(quantity: Decimal, price: Decimal) -> Result<Money> {
    Money::round_from_product(quantity, price).map_err(|e| e.at("price"))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewProduct {
    pub name: String,
    pub unit: String,
    #[serde(default)]
    pub category: Option<String>,
    /// Whether stock is kept (sales cannot exceed deliveries); default true.
    #[serde(default)]
    pub track_stock: Option<bool>,
    /// `member` (default): members deliver it (stock in 128 受托代销商品); `own`: the co-op
    /// produces it (costs in 401, harvested into 121 产品物资).
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub category: Option<String>,
    pub stock_account: String,
    pub income_account: String,
    pub cost_account: String,
    pub track_stock: bool,
    pub source: String,
    /// Delivered less sold, in the product's unit.
    pub stock_quantity: String,
    /// Delivered value less the cost of what was sold.
    pub stock_value: Money,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewBuyer {
    pub name: String,
    pub channel: String,
    /// The member's number when the buyer is a member of the co-op: sales to them are member trade.
    #[serde(default)]
    pub member: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Buyer {
    pub id: i64,
    pub name: String,
    pub channel: String,
    pub channel_zh: String,
    /// The member's number when the buyer is a member.
    pub member: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewDelivery {
    pub member: String,
    pub product: String,
    pub quantity: String,
    /// When given, must be the product's unit.
    #[serde(default)]
    pub unit: Option<String>,
    pub price: String,
    pub date: String,
    #[serde(default)]
    pub grade: Option<String>,
}

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

/// One page of deliveries or sales and how many there are in the range.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TradePage {
    pub rows: Vec<TradeRow>,
    pub total: i64,
    /// Over the whole range: how many are not reversed, and their amount (the list's 合计).
    pub live: i64,
    pub amount: Money,
}

/// A delivery or sale row of the `trade_rows`/`trade_page` queries.
fn read_trade_row(r: &rusqlite::Row) -> rusqlite::Result<TradeRow> {
    Ok(TradeRow {
        id: r.get(0)?,
        date: r.get(1)?,
        product: r.get(2)?,
        unit: r.get(3)?,
        quantity: r.get(4)?,
        price: r.get(5)?,
        amount: Money(r.get(6)?),
        party: r.get(7)?,
        member: r.get(8)?,
        channel: r.get(9)?,
        paid: r.get(10)?,
        contract: r.get(11)?,
        grade: r.get(12)?,
        voucher_id: r.get(13)?,
        reversal_voucher_id: r.get(14)?,
    })
}

/// A delivery or a sale as listed.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TradeRow {
    pub id: i64,
    pub date: String,
    pub product: String,
    pub unit: String,
    pub quantity: String,
    pub price: String,
    pub amount: Money,
    /// Deliveries: the member; sales: the buyer.
    pub party: String,
    /// Deliveries: the member; sales: the member the buyer is, when a member (member trade).
    pub member: Option<i64>,
    pub channel: Option<String>,
    /// Sales: credit, cash, bank, wechat or alipay.
    pub paid: Option<String>,
    pub contract: Option<String>,
    /// Deliveries: the grade.
    pub grade: Option<String>,
    pub voucher_id: i64,
    /// The reversal's voucher when the document was reversed.
    pub reversal_voucher_id: Option<i64>,
}

/// A product as documents need it: (id, unit, track stock, stock, income and cost account ids).
type ProductRef = (i64, String, bool, i64, i64, i64);

fn product_by_name(conn: &Connection, name: &str) -> Result<Option<ProductRef>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, unit, track_stock, stock_account, income_account, cost_account FROM products WHERE name = ?1",
        )?
        .query_row([name.trim()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .optional()?)
}

fn unknown_product(name: &str) -> Error {
    Error::new(
        "unknown-product",
        format!("产品“{name}”不存在，请先登记产品"),
        format!("no product \"{name}\"; add it first"),
    )
    .at("product")
}

/// Stock of a product from its documents: (quantity, value in 分) up to and including `date`.
pub fn stock(conn: &Connection, product_id: i64, date: &str) -> Result<(Decimal, i64)> {
    let mut qty = Decimal::ZERO;
    let mut value = 0i64;
    let mut st = conn.prepare_cached(
        "SELECT quantity, amount_fen, 1 FROM deliveries WHERE product_id = ?1 AND date <= ?2 AND reversal_voucher_id IS NULL
         UNION ALL SELECT quantity, amount_fen, 1 FROM harvests WHERE product_id = ?1 AND date <= ?2 AND reversal_voucher_id IS NULL
         UNION ALL SELECT quantity, cost_fen, -1 FROM sales WHERE product_id = ?1 AND date <= ?2 AND reversal_voucher_id IS NULL",
    )?;
    let mut rows = st.query(params![product_id, date])?;
    while let Some(r) = rows.next()? {
        let q = Decimal::from_str(&r.get::<_, String>(0)?).map_err(Error::internal)?;
        let sign: i64 = r.get(2)?;
        qty += q * Decimal::from(sign);
        value += sign * r.get::<_, i64>(1)?;
    }
    Ok((qty.normalize(), value))
}

fn check_unit(given: &Option<String>, unit: &str) -> Option<Error> {
    let g = given.as_deref().map(str::trim).filter(|u| !u.is_empty())?;
    (g != unit).then(|| {
        Error::new(
            "unit-mismatch",
            format!("单位“{g}”与产品的计量单位“{unit}”不符"),
            format!("unit \"{g}\" is not the product's unit \"{unit}\""),
        )
        .at("unit")
    })
}

pub fn add_product_in(tx: &mut Tx, p: &NewProduct) -> Result<i64> {
    let name = p.name.trim();
    let unit = p.unit.trim();
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(Error::new("field-required", "请填写产品名称", "the product name is required").at("name"));
    }
    if unit.is_empty() {
        errors.push(
            Error::new(
                "field-required",
                "请填写计量单位（如 斤、公斤、箱）",
                "the unit is required (e.g. 斤, 公斤, 箱)",
            )
            .at("unit"),
        );
    }
    if !name.is_empty() && product_by_name(tx, name)?.is_some() {
        errors.push(
            Error::new("product-exists", format!("产品“{name}”已登记"), format!("product \"{name}\" already exists"))
                .at("name"),
        );
    }
    let source = p.source.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or("member");
    if !["member", "own"].contains(&source) {
        errors.push(
            Error::new(
                "invalid-source",
                format!("产品来源“{source}”无效，应为 member（成员交售）或 own（自产）"),
                format!("\"{source}\" is not member or own"),
            )
            .at("source"),
        );
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    let stock = sub_account_for(tx, if source == "own" { "121" } else { "128" }, name)?;
    let income = sub_account_for(tx, "501", name)?;
    let cost = sub_account_for(tx, "521", name)?;
    tx.execute(
        "INSERT INTO products (name, unit, category, stock_account, income_account, cost_account, track_stock, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![name, unit, p.category.as_deref().map(str::trim).filter(|c| !c.is_empty()), stock, income, cost, p.track_stock.unwrap_or(true), source],
    )?;
    let id = tx.last_insert_rowid();
    tx.log("product.add", "product", id, &serde_json::json!({"name": name, "unit": unit, "category": p.category}))?;
    Ok(id)
}

pub fn add_buyer_in(tx: &mut Tx, b: &NewBuyer) -> Result<i64> {
    let name = b.name.trim();
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(Error::new("field-required", "请填写客户名称", "the buyer's name is required").at("name"));
    }
    let channel = parse_channel(&b.channel).map_err(|e| errors.push(e)).ok();
    if !name.is_empty()
        && tx.query_row("SELECT 1 FROM buyers WHERE name = ?1", [name], |_| Ok(())).optional()?.is_some()
    {
        errors.push(
            Error::new("buyer-exists", format!("客户“{name}”已登记"), format!("buyer \"{name}\" already exists"))
                .at("name"),
        );
    }
    let member = match b.member.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => None,
        Some(no) => {
            let found: Option<(i64, i64)> = match no.parse::<i64>() {
                Ok(n) => tx
                    .prepare_cached("SELECT id, no FROM members WHERE no = ?1")?
                    .query_row([n], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?,
                Err(_) => None,
            };
            if found.is_none() {
                errors.push(unknown_member(no));
            }
            found
        }
    };
    let (Some(channel), true) = (channel, errors.is_empty()) else {
        return Err(Error::many(errors));
    };
    tx.execute(
        "INSERT INTO buyers (name, channel, member_id) VALUES (?1, ?2, ?3)",
        params![name, channel, member.map(|m| m.0)],
    )?;
    let id = tx.last_insert_rowid();
    tx.log(
        "buyer.add",
        "buyer",
        id,
        &serde_json::json!({"name": name, "channel": channel, "member": member.map(|m| m.1)}),
    )?;
    Ok(id)
}

/// Records a member's delivery and posts Dr 128 (product) / Cr 114 (member).
pub fn deliver_in(tx: &mut Tx, chart: &Chart, d: &NewDelivery) -> Result<i64> {
    let mut errors = Vec::new();
    let date = parse_date(&d.date, "date").map_err(|e| errors.push(e)).ok();
    let member: Option<(i64, i64, String, Option<String>)> = match d.member.trim().parse::<i64>() {
        Ok(no) => tx
            .prepare_cached("SELECT id, no, name, exited FROM members WHERE no = ?1")?
            .query_row([no], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?,
        Err(_) => None,
    };
    match (&member, &date) {
        (None, _) => errors.push(unknown_member(d.member.trim())),
        (Some((_, no, name, Some(x))), Some(dt)) if dt.as_str() > x.as_str() => errors.push(
            Error::new(
                "member-exited",
                format!("{no} 号成员 {name} 已于 {x} 退社，不能再交售"),
                format!("member no. {no} ({name}) exited on {x} and cannot deliver"),
            )
            .at("member"),
        ),
        _ => {}
    }
    let product = product_by_name(tx, &d.product)?;
    if product.is_none() {
        errors.push(unknown_product(d.product.trim()));
    }
    if let Some((pid, unit, ..)) = &product {
        errors.extend(check_unit(&d.unit, unit));
        let source: String = tx.query_row("SELECT source FROM products WHERE id = ?1", [pid], |r| r.get(0))?;
        if source == "own" {
            errors.push(
                Error::new(
                    "product-source",
                    format!("“{}”是本社自产产品，应登记收获入库，不能登记成员交售", d.product.trim()),
                    format!("\"{}\" is produced by the co-op: record a harvest, not a delivery", d.product.trim()),
                )
                .at("product"),
            );
        }
    }
    let qty = parse_quantity(&d.quantity, "quantity").map_err(|e| errors.push(e)).ok();
    let price = parse_price(&d.price, "price").map_err(|e| errors.push(e)).ok();
    let (
        Some((member_id, no, name, _)),
        Some((product_id, unit, _, stock_acct, ..)),
        Some(date),
        Some(qty),
        Some(price),
        true,
    ) = (member, product, date, qty, price, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    let amount = amount_of(qty, price)?;
    let code = |id: i64| chart.by_id(id).map(|a| a.code.clone()).unwrap_or_default();
    let v = NewVoucher {
        date: date.clone(),
        summary: format!("收购 {no} 号成员{name}{} {qty} {unit}，单价 {price}", d.product.trim()),
        attachments: 1,
        lines: vec![
            NewLine {
                account: code(stock_acct),
                debit: amount.to_string(),
                credit: String::new(),
                member: None,
                summary: None,
            },
            NewLine {
                account: "114".into(),
                debit: String::new(),
                credit: amount.to_string(),
                member: Some(no.to_string()),
                summary: None,
            },
        ],
    };
    let voucher_id = post_document_in(tx, chart, &v)?;
    let grade = d.grade.as_deref().map(str::trim).filter(|g| !g.is_empty());
    tx.prepare_cached("INSERT INTO deliveries (member_id, product_id, date, quantity, grade, price, amount_fen, voucher_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?
        .execute(params![member_id, product_id, date, qty.to_string(), grade, price.to_string(), amount.fen(), voucher_id])?;
    let id = tx.last_insert_rowid();
    tx.log("delivery.add", "delivery", id, &serde_json::json!({"member": no, "product": d.product.trim(), "quantity": qty.to_string(), "price": price.to_string(), "amount": amount, "date": date, "voucher": voucher_id}))?;
    Ok(id)
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
        .prepare_cached("SELECT b.id, b.channel, m.id, m.no, m.exited FROM buyers b LEFT JOIN members m ON m.id = b.member_id WHERE b.name = ?1")?
        .query_row([s.buyer.trim()], |r| {
            let member: Option<i64> = r.get(2)?;
            Ok((r.get(0)?, r.get(1)?, member.map(|id| Ok::<_, rusqlite::Error>((id, r.get(3)?, r.get(4)?))).transpose()?))
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
        "INSERT INTO sales (date, product_id, buyer_id, channel, quantity, price, amount_fen, cost_fen, paid, contract, voucher_id, member_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![date, product_id, buyer_id, channel, qty.to_string(), price.to_string(), amount.fen(), cost, paid, contract, voucher_id, member.map(|m| m.0)])?;
    let id = tx.last_insert_rowid();
    tx.log("sale.add", "sale", id, &serde_json::json!({"product": s.product.trim(), "buyer": s.buyer.trim(), "member": member.map(|m| m.1), "channel": channel, "quantity": qty.to_string(), "price": price.to_string(), "amount": amount, "cost": Money(cost), "paid": paid, "date": date, "voucher": voucher_id}))?;
    Ok(id)
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProductTrade {
    /// `delivery` (the member delivered to the co-op) or `purchase` (the member bought from it).
    pub kind: String,
    pub product: String,
    pub unit: String,
    pub quantity: String,
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberTradeRow {
    pub no: i64,
    pub name: String,
    /// The sum of the quantities traded (in each product's own unit; see `products`).
    pub quantity: String,
    /// The member's whole trade with the co-op (交易额): delivered + purchased.
    pub amount: Money,
    /// Produce the member delivered (the 114 credits of deliveries).
    pub delivered: Money,
    /// What the member bought from the co-op as a member buyer.
    pub purchased: Money,
    pub products: Vec<ProductTrade>,
}

/// Each member's trade with the co-op in a year — deliveries to it and purchases from it — the
/// basis of the patronage refund. Non-member trade never appears here (Art. 41).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberTrade {
    pub year: i32,
    pub total: Money,
    pub delivered: Money,
    pub purchased: Money,
    pub members: Vec<MemberTradeRow>,
}

pub fn member_trade(conn: &Connection, year: i32) -> Result<MemberTrade> {
    member_trade_of(conn, year, None)
}

/// The year's trade of one member (by the member's row id) or of all; one member's goes through
/// the member indexes, not the year's whole trade.
pub fn member_trade_of(conn: &Connection, year: i32, member_id: Option<i64>) -> Result<MemberTrade> {
    let (from, to) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    let (d_only, s_only) = if member_id.is_some() {
        (" AND d.member_id = ?3", " AND s.member_id = ?3")
    } else {
        (" AND ?3 IS NULL", " AND ?3 IS NULL")
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT m.no, m.name, 'delivery', p.name, p.unit, d.quantity, d.amount_fen FROM deliveries d JOIN members m ON m.id = d.member_id JOIN products p ON p.id = d.product_id
         WHERE d.date BETWEEN ?1 AND ?2 AND d.reversal_voucher_id IS NULL{d_only}
         UNION ALL
         SELECT m.no, m.name, 'purchase', p.name, p.unit, s.quantity, s.amount_fen FROM sales s JOIN members m ON m.id = s.member_id JOIN products p ON p.id = s.product_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.reversal_voucher_id IS NULL{s_only}",
    ))?;
    // member no → (name, (kind, product) → (unit, quantity, amount in 分))
    type PerProduct = BTreeMap<(String, String), (String, Decimal, i64)>;
    let mut by: BTreeMap<i64, (String, PerProduct)> = BTreeMap::new();
    let mut rows = st.query(params![from, to, member_id])?;
    while let Some(r) = rows.next()? {
        let (no, name, kind, product, unit, q, fen): (i64, String, String, String, String, String, i64) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
        let q = Decimal::from_str(&q).map_err(Error::internal)?;
        let e = by.entry(no).or_insert_with(|| (name, BTreeMap::new())).1.entry((kind, product)).or_insert((
            unit,
            Decimal::ZERO,
            0,
        ));
        e.1 += q;
        e.2 += fen;
    }
    let members: Vec<MemberTradeRow> = by
        .into_iter()
        .map(|(no, (name, products))| {
            let quantity: Decimal = products.values().map(|p| p.1).sum();
            let of = |kind: &str| Money(products.iter().filter(|((k, _), _)| k == kind).map(|(_, p)| p.2).sum());
            let (delivered, purchased) = (of("delivery"), of("purchase"));
            MemberTradeRow {
                no,
                name,
                quantity: quantity.normalize().to_string(),
                amount: delivered + purchased,
                delivered,
                purchased,
                products: products
                    .into_iter()
                    .map(|((kind, product), (unit, q, fen))| ProductTrade {
                        kind,
                        product,
                        unit,
                        quantity: q.normalize().to_string(),
                        amount: Money(fen),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(MemberTrade {
        year,
        total: members.iter().map(|m| m.amount).sum(),
        delivered: members.iter().map(|m| m.delivered).sum(),
        purchased: members.iter().map(|m| m.purchased).sum(),
        members,
    })
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Amount {
    /// A month `YYYY-MM`, a channel code, a product or a buyer.
    pub key: String,
    pub label: String,
    pub amount: Money,
}

/// Sales of a year by month, channel, product and buyer.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SalesReport {
    pub year: i32,
    pub total: Money,
    /// Sales to members (member trade) and to everyone else, kept apart (Art. 41).
    pub member_total: Money,
    pub non_member_total: Money,
    pub by_month: Vec<Amount>,
    pub by_channel: Vec<Amount>,
    pub by_product: Vec<Amount>,
    pub by_buyer: Vec<Amount>,
    /// Month × channel: `[month, channel, amount]` for the trend chart.
    pub by_month_channel: Vec<(String, String, Money)>,
}

pub fn sales_report(conn: &Connection, year: i32) -> Result<SalesReport> {
    let (from, to) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    let group = |expr: &str, join: &str| -> Result<Vec<(String, i64)>> {
        let mut st = conn.prepare(&format!("SELECT {expr}, SUM(s.amount_fen) FROM sales s {join} WHERE s.date BETWEEN ?1 AND ?2 AND s.reversal_voucher_id IS NULL GROUP BY 1 ORDER BY 1"))?;
        let rows = st.query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let by_month = group("substr(s.date, 1, 7)", "")?
        .into_iter()
        .map(|(k, v)| Amount { label: k.clone(), key: k, amount: Money(v) })
        .collect();
    let by_channel = group("s.channel", "")?
        .into_iter()
        .map(|(k, v)| Amount { label: channel_zh(&k).into(), key: k, amount: Money(v) })
        .collect();
    let by_product = group("p.name", "JOIN products p ON p.id = s.product_id")?
        .into_iter()
        .map(|(k, v)| Amount { label: k.clone(), key: k, amount: Money(v) })
        .collect();
    let by_buyer = group("b.name", "JOIN buyers b ON b.id = s.buyer_id")?
        .into_iter()
        .map(|(k, v)| Amount { label: k.clone(), key: k, amount: Money(v) })
        .collect();
    let mut st = conn.prepare("SELECT substr(date, 1, 7), channel, SUM(amount_fen) FROM sales WHERE date BETWEEN ?1 AND ?2 AND reversal_voucher_id IS NULL GROUP BY 1, 2 ORDER BY 1, 2")?;
    let by_month_channel = st
        .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, Money(r.get(2)?))))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total = conn.query_row("SELECT COALESCE(SUM(amount_fen), 0) FROM sales WHERE date BETWEEN ?1 AND ?2 AND reversal_voucher_id IS NULL", params![from, to], |r| r.get(0)).map(Money)?;
    let member_total = conn
        .query_row("SELECT COALESCE(SUM(amount_fen), 0) FROM sales WHERE date BETWEEN ?1 AND ?2 AND reversal_voucher_id IS NULL AND member_id IS NOT NULL", params![from, to], |r| r.get(0))
        .map(Money)?;
    Ok(SalesReport {
        year,
        total,
        member_total,
        non_member_total: total - member_total,
        by_month,
        by_channel,
        by_product,
        by_buyer,
        by_month_channel,
    })
}

impl Book {
    pub fn add_product(&mut self, p: &NewProduct) -> Result<Product> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| add_product_in(tx, p))?;
        self.products()?.into_iter().find(|x| x.id == id).ok_or_else(|| Error::internal("product vanished"))
    }

    pub fn products(&self) -> Result<Vec<Product>> {
        let chart = Chart::load(&self.conn)?;
        let code = |id: i64| chart.by_id(id).map(|a| a.code.clone()).unwrap_or_default();
        let mut st = self.conn.prepare("SELECT id, name, unit, category, stock_account, income_account, cost_account, track_stock, source FROM products ORDER BY name")?;
        #[allow(clippy::type_complexity)]
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<(i64, String, String, Option<String>, i64, i64, i64, bool, String)>>>()?;
        rows.into_iter()
            .map(|(id, name, unit, category, s, i, c, track, source)| {
                let (q, v) = stock(&self.conn, id, "9999-12-31")?;
                Ok(Product {
                    id,
                    name,
                    unit,
                    category,
                    stock_account: code(s),
                    income_account: code(i),
                    cost_account: code(c),
                    track_stock: track,
                    source,
                    stock_quantity: q.to_string(),
                    stock_value: Money(v),
                })
            })
            .collect()
    }

    pub fn add_buyer(&mut self, b: &NewBuyer) -> Result<Buyer> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| add_buyer_in(tx, b))?;
        self.buyers()?.into_iter().find(|x| x.id == id).ok_or_else(|| Error::internal("buyer vanished"))
    }

    pub fn buyers(&self) -> Result<Vec<Buyer>> {
        let mut st = self.conn.prepare("SELECT b.id, b.name, b.channel, m.no FROM buyers b LEFT JOIN members m ON m.id = b.member_id ORDER BY b.name")?;
        let rows = st.query_map([], |r| {
            let channel: String = r.get(2)?;
            Ok(Buyer {
                id: r.get(0)?,
                name: r.get(1)?,
                channel_zh: channel_zh(&channel).into(),
                channel,
                member: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a delivery; returns its voucher id.
    pub fn deliver(&mut self, d: &NewDelivery) -> Result<TradeRow> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| {
            let chart = Chart::load(tx)?;
            deliver_in(tx, &chart, d)
        })?;
        self.trade_row("delivery", id)
    }

    pub fn sell(&mut self, s: &NewSale) -> Result<TradeRow> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| sell_in(tx, s))?;
        self.trade_row("sale", id)
    }

    fn trade_row(&self, kind: &str, id: i64) -> Result<TradeRow> {
        self.trade_rows(kind, Some(id), "0000-01-01", "9999-12-31")?
            .pop()
            .ok_or_else(|| Error::internal("document vanished"))
    }

    /// Deliveries (`kind` = delivery) or sales (sale) dated in `[from, to]`, reversed ones included.
    pub fn trade_rows(&self, kind: &str, id: Option<i64>, from: &str, to: &str) -> Result<Vec<TradeRow>> {
        let sql = if kind == "delivery" {
            "SELECT d.id, d.date, p.name, p.unit, d.quantity, d.price, d.amount_fen, m.name, m.no, NULL, NULL, NULL, d.grade, d.voucher_id, d.reversal_voucher_id
             FROM deliveries d JOIN products p ON p.id = d.product_id JOIN members m ON m.id = d.member_id
             WHERE (?1 IS NULL OR d.id = ?1) AND d.date BETWEEN ?2 AND ?3 ORDER BY d.date, d.id"
        } else {
            "SELECT s.id, s.date, p.name, p.unit, s.quantity, s.price, s.amount_fen, b.name, m.no, s.channel, s.paid, s.contract, NULL, s.voucher_id, s.reversal_voucher_id
             FROM sales s JOIN products p ON p.id = s.product_id JOIN buyers b ON b.id = s.buyer_id LEFT JOIN members m ON m.id = s.member_id
             WHERE (?1 IS NULL OR s.id = ?1) AND s.date BETWEEN ?2 AND ?3 ORDER BY s.date, s.id"
        };
        let mut st = self.conn.prepare_cached(sql)?;
        let rows = st.query_map(params![id, from, to], read_trade_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One page of the deliveries (`kind` `delivery`) or sales dated `from` … `to`, newest first (as
    /// the trade screen lists them), reversed ones included, with how many there are in the range.
    /// `limit` defaults to 100. The page is found on the date index alone, then its rows are read.
    pub fn trade_page(
        &self,
        kind: &str,
        from: &str,
        to: &str,
        limit: Option<i64>,
        offset: Option<i64>,
    ) -> Result<TradePage> {
        let (limit, offset) = crate::ledger::member::page_bounds(limit, offset);
        let (table, sql) = if kind == "delivery" {
            (
                "deliveries",
                "SELECT d.id, d.date, p.name, p.unit, d.quantity, d.price, d.amount_fen, m.name, m.no, NULL, NULL, NULL, d.grade, d.voucher_id, d.reversal_voucher_id
                 FROM deliveries d JOIN products p ON p.id = d.product_id JOIN members m ON m.id = d.member_id
                 WHERE d.id IN (SELECT id FROM deliveries WHERE date BETWEEN ?1 AND ?2 ORDER BY date DESC, id DESC LIMIT ?3 OFFSET ?4)
                 ORDER BY d.date DESC, d.id DESC",
            )
        } else {
            (
                "sales",
                "SELECT s.id, s.date, p.name, p.unit, s.quantity, s.price, s.amount_fen, b.name, m.no, s.channel, s.paid, s.contract, NULL, s.voucher_id, s.reversal_voucher_id
                 FROM sales s JOIN products p ON p.id = s.product_id JOIN buyers b ON b.id = s.buyer_id LEFT JOIN members m ON m.id = s.member_id
                 WHERE s.id IN (SELECT id FROM sales WHERE date BETWEEN ?1 AND ?2 ORDER BY date DESC, id DESC LIMIT ?3 OFFSET ?4)
                 ORDER BY s.date DESC, s.id DESC",
            )
        };
        let (total, live, amount): (i64, i64, i64) = self
            .conn
            .prepare_cached(&format!(
                "SELECT COUNT(*), COUNT(CASE WHEN reversal_voucher_id IS NULL THEN 1 END),
                        COALESCE(SUM(CASE WHEN reversal_voucher_id IS NULL THEN amount_fen END), 0)
                 FROM {table} WHERE date BETWEEN ?1 AND ?2"
            ))?
            .query_row(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let mut st = self.conn.prepare_cached(sql)?;
        let rows = st.query_map(params![from, to, limit, offset], read_trade_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(TradePage { rows, total, live, amount: Money(amount) })
    }

    pub fn member_trade(&self, year: i32) -> Result<MemberTrade> {
        member_trade(&self.conn, year)
    }

    pub fn sales_report(&self, year: i32) -> Result<SalesReport> {
        sales_report(&self.conn, year)
    }
}

/// A purchase agreement (购销协议 / 订单农业) with a buyer for a product.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewContract {
    pub code: String,
    pub buyer: String,
    pub product: String,
    pub quantity: String,
    pub price: String,
    pub start: String,
    pub end: String,
}

/// A contract and how far sales have fulfilled it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContractRow {
    pub code: String,
    pub buyer: String,
    pub product: String,
    pub unit: String,
    pub quantity: String,
    pub price: String,
    pub start: String,
    pub end: String,
    pub delivered: String,
    pub remaining: String,
    pub delivered_amount: Money,
}

pub fn add_contract_in(tx: &mut Tx, c: &NewContract) -> Result<i64> {
    let mut errors = Vec::new();
    let code = c.code.trim();
    if code.is_empty() {
        errors.push(Error::new("field-required", "请填写协议编号", "the contract number is required").at("code"));
    } else if tx.query_row("SELECT 1 FROM contracts WHERE code = ?1", [code], |_| Ok(())).optional()?.is_some() {
        errors.push(
            Error::new("contract-exists", format!("协议“{code}”已登记"), format!("contract \"{code}\" already exists"))
                .at("code"),
        );
    }
    let buyer: Option<i64> =
        tx.query_row("SELECT id FROM buyers WHERE name = ?1", [c.buyer.trim()], |r| r.get(0)).optional()?;
    if buyer.is_none() {
        errors.push(
            Error::new(
                "unknown-buyer",
                format!("客户“{}”不存在，请先登记客户", c.buyer.trim()),
                format!("no buyer \"{}\"; add it first", c.buyer.trim()),
            )
            .at("buyer"),
        );
    }
    let product = product_by_name(tx, &c.product)?;
    if product.is_none() {
        errors.push(unknown_product(c.product.trim()));
    }
    let qty = parse_quantity(&c.quantity, "quantity").map_err(|e| errors.push(e)).ok();
    let price = parse_price(&c.price, "price").map_err(|e| errors.push(e)).ok();
    let start = parse_date(&c.start, "start").map_err(|e| errors.push(e)).ok();
    let end = parse_date(&c.end, "end").map_err(|e| errors.push(e)).ok();
    if let (Some(s), Some(e)) = (&start, &end) {
        if s > e {
            errors.push(
                Error::new(
                    "range-invalid",
                    format!("协议开始日期 {s} 晚于结束日期 {e}"),
                    format!("the contract starts ({s}) after it ends ({e})"),
                )
                .at("end"),
            );
        }
    }
    let (Some(buyer), Some((product, ..)), Some(qty), Some(price), Some(start), Some(end), true) =
        (buyer, product, qty, price, start, end, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    tx.execute(
        "INSERT INTO contracts (code, buyer_id, product_id, quantity, price, start_date, end_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![code, buyer, product, qty.to_string(), price.to_string(), start, end],
    )?;
    let id = tx.last_insert_rowid();
    tx.log("contract.add", "contract", code, &serde_json::json!({"code": code, "buyer": c.buyer.trim(), "product": c.product.trim(), "quantity": qty.to_string(), "price": price.to_string(), "start": start, "end": end}))?;
    Ok(id)
}

/// Checks a sale against the contract it names: same buyer and product, inside the period.
fn check_contract(conn: &Connection, code: &str, product_id: i64, buyer_id: i64, date: &str) -> Result<Option<Error>> {
    let c: Option<(i64, i64, String, String)> = conn
        .query_row("SELECT product_id, buyer_id, start_date, end_date FROM contracts WHERE code = ?1", [code], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    Ok(match c {
        None => Some(
            Error::new(
                "unknown-contract",
                format!("购销协议“{code}”不存在，请先登记协议"),
                format!("no contract \"{code}\"; add it first"),
            )
            .at("contract"),
        ),
        Some((p, b, _, _)) if p != product_id || b != buyer_id => Some(
            Error::new(
                "contract-mismatch",
                format!("协议“{code}”的客户或产品与本次销售不符"),
                format!("contract \"{code}\" is for another buyer or product"),
            )
            .at("contract"),
        ),
        Some((_, _, s, e)) if date < s.as_str() || date > e.as_str() => Some(
            Error::new(
                "contract-period",
                format!("销售日期 {date} 不在协议“{code}”的期限 {s} 至 {e} 内"),
                format!("the sale date {date} is outside contract \"{code}\" ({s} to {e})"),
            )
            .at("date"),
        ),
        _ => None,
    })
}

pub fn contracts(conn: &Connection) -> Result<Vec<ContractRow>> {
    let mut st = conn.prepare(
        "SELECT c.code, b.name, p.name, p.unit, c.quantity, c.price, c.start_date, c.end_date,
                (SELECT group_concat(s.quantity, '|') FROM sales s WHERE s.contract = c.code AND s.reversal_voucher_id IS NULL),
                (SELECT COALESCE(SUM(s.amount_fen), 0) FROM sales s WHERE s.contract = c.code AND s.reversal_voucher_id IS NULL)
         FROM contracts c JOIN buyers b ON b.id = c.buyer_id JOIN products p ON p.id = c.product_id ORDER BY c.start_date, c.code",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, i64>(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (code, buyer, product, unit, quantity, price, start, end, sold, amount) = row?;
        let delivered: Decimal = sold
            .unwrap_or_default()
            .split('|')
            .filter(|q| !q.is_empty())
            .filter_map(|q| Decimal::from_str(q).ok())
            .sum();
        let total = Decimal::from_str(&quantity).map_err(Error::internal)?;
        out.push(ContractRow {
            code,
            buyer,
            product,
            unit,
            remaining: (total - delivered).max(Decimal::ZERO).normalize().to_string(),
            quantity,
            price,
            start,
            end,
            delivered: delivered.normalize().to_string(),
            delivered_amount: Money(amount),
        });
    }
    Ok(out)
}

impl Book {
    pub fn add_contract(&mut self, c: &NewContract) -> Result<ContractRow> {
        self.write(crate::store::access::Perm::Enter, |tx| add_contract_in(tx, c))?;
        contracts(&self.conn)?
            .into_iter()
            .find(|r| r.code == c.code.trim())
            .ok_or_else(|| Error::internal("contract vanished"))
    }

    pub fn contracts(&self) -> Result<Vec<ContractRow>> {
        contracts(&self.conn)
    }
}

/// The co-op's own harvest (自产收获入库): the production cost collected in 401 goes to stock.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewHarvest {
    pub product: String,
    pub quantity: String,
    #[serde(default)]
    pub unit: Option<String>,
    /// The production cost carried into stock (Dr 121 / Cr 401), at most what 401 holds.
    pub cost: String,
    pub date: String,
}

pub fn harvest_in(tx: &mut Tx, h: &NewHarvest) -> Result<i64> {
    let mut errors = Vec::new();
    let date = parse_date(&h.date, "date").map_err(|e| errors.push(e)).ok();
    let product = product_by_name(tx, &h.product)?;
    match &product {
        None => errors.push(unknown_product(h.product.trim())),
        Some((pid, unit, ..)) => {
            errors.extend(check_unit(&h.unit, unit));
            let source: String = tx.query_row("SELECT source FROM products WHERE id = ?1", [pid], |r| r.get(0))?;
            if source != "own" {
                errors.push(
                    Error::new(
                        "product-source",
                        format!("“{}”由成员交售，不是本社自产产品", h.product.trim()),
                        format!("\"{}\" is delivered by members, not produced by the co-op", h.product.trim()),
                    )
                    .at("product"),
                );
            }
        }
    }
    let qty = parse_quantity(&h.quantity, "quantity").map_err(|e| errors.push(e)).ok();
    let cost = Money::parse(&h.cost)
        .map_err(|e| e.at("cost"))
        .and_then(|m| {
            if m.fen() > 0 {
                Ok(m)
            } else {
                Err(Error::new("not-positive", "入库成本必须大于零", "the cost must be greater than zero").at("cost"))
            }
        })
        .map_err(|e| errors.push(e))
        .ok();
    if let (Some(c), Some(d)) = (cost, &date) {
        let chart = Chart::load(tx)?;
        let cum = crate::ledger::balances::cumulative(tx, d, None)?;
        let held: i64 = chart
            .accounts
            .iter()
            .filter(|a| a.leaf && a.code.starts_with("401"))
            .filter_map(|a| cum.get(&a.id).map(|(dr, cr)| dr - cr))
            .sum();
        if c.fen() > held {
            errors.push(
                Error::new(
                    "insufficient-production-cost",
                    format!("生产成本（401）只归集了 {}，不够结转 {}", Money(held).grouped(), c.grouped()),
                    format!("production cost (401) holds only {}, less than {}", Money(held).grouped(), c.grouped()),
                )
                .at("cost"),
            );
        }
    }
    let (Some((product_id, unit, _, stock_acct, ..)), Some(date), Some(qty), Some(cost), true) =
        (product, date, qty, cost, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    let chart = Chart::load(tx)?;
    let code = chart.by_id(stock_acct).map(|a| a.code.clone()).unwrap_or_default();
    let v = NewVoucher {
        date: date.clone(),
        summary: format!("自产{}收获入库 {qty} {unit}", h.product.trim()),
        attachments: 1,
        lines: vec![
            NewLine { account: code, debit: cost.to_string(), credit: String::new(), member: None, summary: None },
            NewLine {
                account: "401".into(),
                debit: String::new(),
                credit: cost.to_string(),
                member: None,
                summary: None,
            },
        ],
    };
    let voucher_id = post_document_in(tx, &chart, &v)?;
    tx.execute(
        "INSERT INTO harvests (product_id, date, quantity, amount_fen, voucher_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![product_id, date, qty.to_string(), cost.fen(), voucher_id],
    )?;
    let id = tx.last_insert_rowid();
    tx.log("harvest.add", "harvest", id, &serde_json::json!({"product": h.product.trim(), "quantity": qty.to_string(), "cost": cost, "date": date, "voucher": voucher_id}))?;
    Ok(id)
}

impl Book {
    /// Records a harvest; returns its voucher id.
    pub fn harvest(&mut self, h: &NewHarvest) -> Result<i64> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| harvest_in(tx, h))?;
        Ok(self.conn.query_row("SELECT voucher_id FROM harvests WHERE id = ?1", [id], |r| r.get(0))?)
    }
}
