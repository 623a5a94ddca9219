//! The words and numbers of trade: sales channels, quantities (3 decimals), prices (4) and the
//! amount of a line, rounded to the 分 once, half away from zero.

use crate::base::error::{Error, Result};
use crate::base::money::Money;
use rust_decimal::Decimal;
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
