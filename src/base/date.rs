//! Dates as the books write them: ISO `YYYY-MM-DD`, and months as `YYYY-MM` / the integer YYYYMM.

use crate::base::error::{Error, Result};
use chrono::{Datelike, NaiveDate};

/// Parses a calendar date (`2025-03-01`; `2025/3/1` and `20250301` are also read) and returns it
/// in ISO form. Anything else is `date-invalid`.
pub fn parse_date(text: &str, field: &str) -> Result<String> {
    let t = text.trim();
    let parsed = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y/%m/%d"))
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y%m%d"))
        .ok()
        .filter(|d| (1900..=9999).contains(&d.year()));
    parsed.map(|d| d.format("%Y-%m-%d").to_string()).ok_or_else(|| {
        Error::new(
            "date-invalid",
            format!("日期“{t}”无效，应写作 2025-03-01"),
            format!("date \"{t}\" is not valid; write it as 2025-03-01"),
        )
        .at(field)
    })
}

/// YYYYMM of an ISO date.
pub fn ym_of(date: &str) -> i64 {
    date[0..4].parse::<i64>().unwrap_or(0) * 100 + date[5..7].parse::<i64>().unwrap_or(0)
}

/// Parses a month `YYYY-MM` into YYYYMM.
pub fn parse_month(text: &str) -> Result<i64> {
    let t = text.trim();
    parse_date(&format!("{t}-01"), "month").map(|d| ym_of(&d)).map_err(|_| {
        Error::new(
            "month-invalid",
            format!("月份“{t}”无效，应写作 2025-03"),
            format!("month \"{t}\" is not valid; write it as 2025-03"),
        )
        .at("month")
    })
}

/// `2025-03` from 202503.
pub fn month_text(ym: i64) -> String {
    format!("{:04}-{:02}", ym / 100, ym % 100)
}

/// The day before an ISO date.
pub fn day_before(date: &str) -> String {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.pred_opt())
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "0000-00-00".to_string())
}

/// The day after an ISO date.
pub fn day_after(date: &str) -> String {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.succ_opt())
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "9999-12-31".to_string())
}

/// The last day of `month` (1–12) of `year`, as an ISO date.
pub fn month_end(year: i32, month: u32) -> String {
    let first_next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    first_next
        .and_then(|d| d.pred_opt())
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| format!("{year:04}-12-31"))
}

/// The last day of `year`, `YYYY-12-31`.
pub fn year_end(year: i32) -> String {
    format!("{year:04}-12-31")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn dates() {
        assert_eq!(parse_date("2025/3/1", "d").unwrap(), "2025-03-01");
        assert_eq!(parse_date("20250301", "d").unwrap(), "2025-03-01");
        assert_eq!(parse_date("2025-02-30", "d").unwrap_err().code, "date-invalid");
        assert_eq!(parse_month("2025-03").unwrap(), 202503);
        assert_eq!(parse_month("2025-13").unwrap_err().code, "month-invalid");
        assert_eq!(day_before("2025-03-01"), "2025-02-28");
        assert_eq!(ym_of("2025-12-31"), 202512);
    }
}
