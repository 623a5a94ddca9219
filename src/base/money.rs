//! Money as whole 分 (hundredths of a 元) in an `i64`: the one door through which amounts are
//! built and printed. No floating point anywhere: parsing reads digits, formatting writes digits.

use crate::base::error::{Error, Result};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

/// An amount of money in 分. Serialises as a string with two decimals (`"1234.50"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn from_yuan(yuan: i64) -> Money {
        Money(yuan * 100)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// Parses an amount as a user types it: `1000`, `1000.5`, `1,000.50`, `-20.00`, `¥12`.
    /// More than two decimals is refused (`amount-precision`), anything else that is not a plain
    /// number is `amount-invalid`. The sign is accepted here; callers decide whether it is allowed.
    pub fn parse(text: &str) -> Result<Money> {
        let raw = text.trim();
        let invalid = || {
            Error::new(
                "amount-invalid",
                format!("金额“{raw}”不是有效数字"),
                format!("amount \"{raw}\" is not a number"),
            )
        };
        let s = raw.trim_start_matches(['¥', '￥']).replace([',', '，'], "");
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(&s)),
        };
        let (int_part, frac_part) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid());
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit()) || !frac_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        if digits.contains('.') && frac_part.is_empty() && int_part.is_empty() {
            return Err(invalid());
        }
        if frac_part.len() > 2 {
            return Err(Error::new(
                "amount-precision",
                format!("金额“{raw}”超过两位小数（只能到分）"),
                format!("amount \"{raw}\" has more than two decimals (分 is the smallest unit)"),
            ));
        }
        // Twelve integer digits is 千亿 元: far beyond any co-op, and well inside i64.
        if int_part.len() > 12 {
            return Err(Error::new(
                "amount-too-large",
                format!("金额“{raw}”过大"),
                format!("amount \"{raw}\" is too large"),
            ));
        }
        let yuan: i64 = if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| invalid())? };
        let mut frac = frac_part.to_string();
        while frac.len() < 2 {
            frac.push('0');
        }
        let fen: i64 = frac.parse().map_err(|_| invalid())?;
        let v = yuan * 100 + fen;
        Ok(Money(if neg { -v } else { v }))
    }

    /// Exact conversion to a `Decimal` of 元 (for rates and proportional arithmetic).
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// Rounds a `Decimal` amount of 元 to the 分, half away from zero (四舍五入).
    /// An amount beyond an `i64` of 分 (or a `Decimal`) is `amount-too-large`, never a panic.
    pub fn round_from_decimal(yuan: Decimal) -> Result<Money> {
        let r = yuan.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        r.checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|fen| i64::try_from(fen.trunc()).ok())
            .map(Money)
            .ok_or_else(too_large)
    }

    /// `a × b` 元 rounded to the 分 as [`Money::round_from_decimal`]; a product beyond what a
    /// `Decimal` holds is `amount-too-large` too.
    pub fn round_from_product(a: Decimal, b: Decimal) -> Result<Money> {
        a.checked_mul(b).ok_or_else(too_large).and_then(Money::round_from_decimal)
    }

    /// With thousands separators, for people: `1,234,567.80`.
    pub fn grouped(self) -> String {
        let plain = self.to_string();
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", plain.as_str()),
        };
        let (int_part, frac) = rest.split_once('.').unwrap_or((rest, "00"));
        let mut out = String::new();
        for (i, c) in int_part.chars().enumerate() {
            if i > 0 && (int_part.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        format!("{sign}{out}.{frac}")
    }

    /// The amount in words (大写) as written on slips and vouchers, e.g. 10005.20 →
    /// `人民币壹万零伍元贰角整`. Negative amounts are prefixed with 负.
    pub fn in_words(self) -> String {
        const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
        const UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
        const GROUPS: [&str; 4] = ["", "万", "亿", "万"];
        let neg = self.0 < 0;
        let v = self.0.unsigned_abs();
        let yuan = v / 100;
        let jiao = (v / 10 % 10) as usize;
        let fen = (v % 10) as usize;
        let mut s = String::from("人民币");
        if neg {
            s.push('负');
        }
        if yuan > 0 {
            // Split into groups of four digits from the right; each group reads like 仟佰拾个.
            let mut groups = Vec::new();
            let mut y = yuan;
            while y > 0 {
                groups.push((y % 10000) as usize);
                y /= 10000;
            }
            let mut words = String::new();
            let mut need_zero = false;
            for gi in (0..groups.len()).rev() {
                let g = groups[gi];
                if g == 0 {
                    need_zero = !words.is_empty();
                    // 亿 must still be written when the 万 group below is empty but 亿 is not.
                    continue;
                }
                if need_zero || (!words.is_empty() && g < 1000) {
                    words.push('零');
                }
                need_zero = false;
                let ds = [g / 1000, g / 100 % 10, g / 10 % 10, g % 10];
                let mut zero_pending = false;
                let mut started = false;
                for (i, d) in ds.iter().enumerate() {
                    let unit = UNITS[3 - i];
                    if *d == 0 {
                        if started {
                            zero_pending = true;
                        }
                        continue;
                    }
                    if zero_pending {
                        words.push('零');
                        zero_pending = false;
                    }
                    started = true;
                    words.push(DIGITS[*d]);
                    words.push_str(unit);
                }
                words.push_str(GROUPS[gi]);
            }
            s.push_str(&words);
            s.push('元');
        }
        if jiao == 0 && fen == 0 {
            if yuan == 0 {
                s.push_str("零元");
            }
            s.push('整');
        } else {
            if jiao > 0 {
                s.push(DIGITS[jiao]);
                s.push('角');
            } else if yuan > 0 {
                s.push('零');
            }
            if fen > 0 {
                s.push(DIGITS[fen]);
                s.push('分');
            } else {
                s.push('整');
            }
        }
        s
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let v = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", v / 100, v % 100)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl FromStr for Money {
    type Err = Error;
    fn from_str(s: &str) -> Result<Money> {
        Money::parse(s)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, o: Money) {
        self.0 -= o.0
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.map(|m| m.0).sum())
    }
}

fn too_large() -> Error {
    Error::new("amount-too-large", "金额过大", "amount is too large")
}

/// Parses a rate or share written as a decimal (`0.10`) or a percentage (`10%`).
pub fn parse_rate(text: &str, field: &str) -> Result<Decimal> {
    let t = text.trim();
    let bad = || {
        Error::new(
            "rate-invalid",
            format!("比例“{t}”不是有效数字（如 0.10 或 10%）"),
            format!("rate \"{t}\" is not a valid number (e.g. 0.10 or 10%)"),
        )
        .at(field)
    };
    let d = if let Some(p) = t.strip_suffix('%') {
        Decimal::from_str(p.trim()).map_err(|_| bad())? / Decimal::ONE_HUNDRED
    } else {
        Decimal::from_str(t).map_err(|_| bad())?
    };
    if d < Decimal::ZERO || d > Decimal::ONE {
        return Err(Error::new(
            "rate-out-of-range",
            format!("比例“{t}”必须在 0 到 100% 之间"),
            format!("rate \"{t}\" must be between 0 and 100%"),
        )
        .at(field));
    }
    Ok(d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        assert_eq!(Money::parse("1000").unwrap(), Money(100000));
        assert_eq!(Money::parse("1,000.5").unwrap(), Money(100050));
        assert_eq!(Money::parse("0.01").unwrap(), Money(1));
        assert_eq!(Money::parse(".5").unwrap(), Money(50));
        assert_eq!(Money::parse("-20.00").unwrap(), Money(-2000));
        // Found by the `parsers` fuzz target: these panicked with "Multiplication overflowed".
        let max = Decimal::MAX;
        assert_eq!(Money::round_from_decimal(max).unwrap_err().code, "amount-too-large");
        assert_eq!(Money::round_from_decimal(-max).unwrap_err().code, "amount-too-large");
        assert_eq!(Money::round_from_product(max, Decimal::TWO).unwrap_err().code, "amount-too-large");
        assert_eq!(Money::round_from_product(Decimal::new(1005, 3), Decimal::TWO).unwrap(), Money(201));
        assert_eq!(
            Money::round_from_decimal(Decimal::new(92_233_720_368_547_758, 0)).unwrap(),
            Money(9_223_372_036_854_775_800)
        );
        assert_eq!(Money(-5).to_string(), "-0.05");
        assert_eq!(Money(123456780).grouped(), "1,234,567.80");
        assert_eq!(Money(-100).grouped(), "-1.00");
        assert_eq!(Money::parse("1.234").unwrap_err().code, "amount-precision");
        for bad in ["", "abc", "1.2.3", "1e5", "--1", ".", "12a"] {
            assert_eq!(Money::parse(bad).unwrap_err().code, "amount-invalid", "{bad}");
        }
    }

    #[test]
    fn words() {
        let w = |f: i64| Money(f).in_words();
        // The cases the issue names: 0.05, 10.00, 10,005.20, 1,000,000.01, 100,000,000.00, 0.00.
        assert_eq!(w(5), "人民币伍分");
        assert_eq!(w(1000), "人民币壹拾元整");
        assert_eq!(w(1000520), "人民币壹万零伍元贰角整");
        assert_eq!(w(100000001), "人民币壹佰万元零壹分");
        assert_eq!(w(10000000000), "人民币壹亿元整");
        assert_eq!(w(0), "人民币零元整");
        assert_eq!(w(100), "人民币壹元整");
        assert_eq!(w(0), "人民币零元整");
        assert_eq!(w(5), "人民币伍分");
        assert_eq!(w(105), "人民币壹元零伍分");
        assert_eq!(w(123456), "人民币壹仟贰佰叁拾肆元伍角陆分");
        assert_eq!(w(100000000), "人民币壹佰万元整");
        assert_eq!(w(1000100), "人民币壹万零壹元整");
        assert_eq!(w(10001000000), "人民币壹亿零壹万元整");
        assert_eq!(w(2000000000), "人民币贰仟万元整");
        assert_eq!(w(1010000), "人民币壹万零壹佰元整");
        assert_eq!(w(11000000), "人民币壹拾壹万元整");
        assert_eq!(w(10000000000), "人民币壹亿元整");
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("10%", "r").unwrap(), Decimal::new(1, 1));
        assert_eq!(parse_rate("0.6", "r").unwrap(), Decimal::new(6, 1));
        assert_eq!(parse_rate("1.2", "r").unwrap_err().code, "rate-out-of-range");
        assert_eq!(parse_rate("x", "r").unwrap_err().code, "rate-invalid");
    }
}
