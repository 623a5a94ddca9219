//! Identity numbers: the citizen ID (GB 11643, mod 11-2 check) and the unified social credit
//! code (GB 32100, mod 31 check), and the mask under which they are ever shown (个人信息保护法).

use crate::base::error::{Error, Result};

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character of the first 17 digits of a citizen ID.
pub fn citizen_id_check(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17.bytes().zip(ID_WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(ID_CHECK[(sum % 11) as usize])
}

/// Validates an 18-digit citizen ID and returns it normalised (upper-case X).
pub fn validate_citizen_id(raw: &str) -> Result<String> {
    let id = raw.trim().to_ascii_uppercase();
    let invalid = |zh: String, en: String| Error::new("invalid-id-card", zh, en).at("id_card");
    if id.chars().count() != 18 {
        return Err(invalid(
            format!("身份证号应为 18 位，输入的是 {} 位", id.chars().count()),
            format!("a citizen ID has 18 characters, got {}", id.chars().count()),
        ));
    }
    if let Some((pos, c)) = id.chars().take(17).enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(invalid(
            format!("身份证号第 {} 位“{c}”不是数字", pos + 1),
            format!("character {} (\"{c}\") of the citizen ID is not a digit", pos + 1),
        ));
    }
    let last = id.chars().nth(17).unwrap_or(' ');
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(invalid(
            format!("身份证号第 18 位“{last}”应为数字或 X"),
            format!("character 18 (\"{last}\") of the citizen ID must be a digit or X"),
        ));
    }
    let (y, m, d) = (&id[6..10], &id[10..12], &id[12..14]);
    let date_ok =
        chrono::NaiveDate::from_ymd_opt(y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0))
            .is_some_and(|dt| dt.format("%Y").to_string().as_str() >= "1900");
    if !date_ok {
        return Err(invalid(
            format!("身份证号第 7–14 位的出生日期 {y}-{m}-{d} 无效"),
            format!("the birth date {y}-{m}-{d} in characters 7–14 of the citizen ID is not valid"),
        ));
    }
    let expect = citizen_id_check(&id[..17]).unwrap_or('?');
    if last != expect {
        return Err(invalid(
            format!("身份证号第 18 位校验码错误：应为 {expect}，输入的是 {last}"),
            format!("check digit (character 18) of the citizen ID is wrong: expected {expect}, got {last}"),
        ));
    }
    Ok(id)
}

const USCC_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// The check character of the first 17 characters of a unified social credit code.
pub fn uscc_check(first17: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut n = 0;
    for (c, w) in first17.chars().zip(USCC_WEIGHTS) {
        sum += USCC_CHARS.find(c)? as u32 * w;
        n += 1;
    }
    if n != 17 || first17.chars().count() != 17 {
        return None;
    }
    let check = (31 - sum % 31) % 31;
    USCC_CHARS.chars().nth(check as usize)
}

/// Validates an 18-character unified social credit code and returns it upper-cased.
pub fn validate_uscc(raw: &str) -> Result<String> {
    let code = raw.trim().to_ascii_uppercase();
    let invalid = |zh: String, en: String| Error::new("invalid-uscc", zh, en).at("uscc");
    if code.chars().count() != 18 {
        return Err(invalid(
            format!("统一社会信用代码应为 18 位，输入的是 {} 位", code.chars().count()),
            format!("a unified social credit code has 18 characters, got {}", code.chars().count()),
        ));
    }
    if let Some((pos, c)) = code.chars().enumerate().find(|(_, c)| !USCC_CHARS.contains(*c)) {
        return Err(invalid(
            format!("统一社会信用代码第 {} 位“{c}”不是允许的字符（不用 I、O、Z、S、V）", pos + 1),
            format!("character {} (\"{c}\") of the credit code is not allowed (I, O, Z, S, V are never used)", pos + 1),
        ));
    }
    let expect = uscc_check(&code[..17]).unwrap_or('?');
    let last = code.chars().nth(17).unwrap_or(' ');
    if last != expect {
        return Err(invalid(
            format!("统一社会信用代码第 18 位校验码错误：应为 {expect}，输入的是 {last}"),
            format!("check character 18 of the credit code is wrong: expected {expect}, got {last}"),
        ));
    }
    Ok(code)
}

/// Masks an ID for display: the first 4 and last 4 characters stay, the rest become `*`.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars.iter().enumerate().map(|(i, c)| if i < 4 || i >= n - 4 { *c } else { '*' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citizen_ids() {
        // The GB 11643 worked example.
        assert_eq!(validate_citizen_id("11010519491231002x").unwrap(), "11010519491231002X");
        let e = validate_citizen_id("110105194912310021").unwrap_err();
        assert_eq!(e.code, "invalid-id-card");
        assert!(e.zh.contains("应为 X"), "{}", e.zh);
        assert!(validate_citizen_id("11010519491331002X").unwrap_err().zh.contains("出生日期"));
        assert!(validate_citizen_id("1101051949").unwrap_err().zh.contains("18 位"));
        assert!(validate_citizen_id("1101A519491231002X").unwrap_err().zh.contains("第 5 位"));
    }

    #[test]
    fn credit_codes() {
        // Check characters computed by hand from the GB 32100 weights.
        assert_eq!(uscc_check("93350125MA2YH0E50"), Some('P'));
        assert_eq!(validate_uscc("93350125ma2yh0e50p").unwrap(), "93350125MA2YH0E50P");
        assert_eq!(uscc_check("N2350125MF0000123"), Some('N'));
        assert_eq!(validate_uscc("91350100M000100Y0A").unwrap_err().code, "invalid-uscc");
        assert_eq!(uscc_check("91350100M000100Y4"), Some('3'));
        assert!(validate_uscc("91350100M000100Y43").is_ok());
        assert!(validate_uscc("91350100M000100Y4I").unwrap_err().zh.contains("第 18 位“I”"));
    }

    #[test]
    fn masking() {
        assert_eq!(mask("11010519491231002X"), "1101**********002X");
        assert_eq!(mask("1234"), "****");
    }
}
