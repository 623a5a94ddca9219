//! Printing (issue 6): the members' surplus distribution slips (盈余分配通知单, three to an A4
//! page, cut apart), a member's account statement (成员账户) and the 公示 notice of the year's plan
//! for the village notice board (A4 landscape) — PDFs written here, in Rust, with printpdf and
//! the embedded Noto Sans SC face, because the app's webview cannot print silently. The
//! statements (会农社01/02/03, 成员账户表, 总账) print as their A4 forms too (`statements.rs`), every
//! check under the table, a failing one included.
//!
//! Invariants:
//! - **Read-only**: printing never writes the book.
//! - **All or nothing**: a document is drawn completely in memory first, and every string drawn
//!   is checked against the font; a character without a glyph refuses the whole document
//!   (`missing-glyphs`, naming the characters and where they occur) rather than printing a box.
//!   The file is then written to `<out>.tmp` and renamed over `out`, so a refusal or a failure
//!   leaves no file behind (and never half a file).
//! - **Slips only for an approved plan**: they are handed to members after the members' meeting,
//!   so a draft or merely reviewed plan is refused (`plan-not-approved`); the notice can be
//!   printed at any stage and says "（草案）" until the meeting has approved the plan.
//! - **Verifiable**: every slip carries a code from the co-op, the member's figures and a digest
//!   of the whole saved plan ([`crate::yearend::slip_code`]); any change to the plan changes every code.
//! - **Exact**: amounts are [`Money`] formatted with thousands separators and, on slips, in words;
//!   the notice's page subtotals and grand total are sums of 分. The font is subset per file.

mod layout;
mod notice;
mod statements;
mod slips;
mod member_account_form;
mod member_statement;
mod voucher;

use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::store::book::Book;
use crate::yearend::distribution::{Plan, PlanMember};
use crate::yearend::slip_code::{plan_digest, plan_line};
use layout::{Font, Sheet};
use rusqlite::OptionalExtension;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a print wrote.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Printed {
    /// The PDF file written.
    pub path: String,
    pub pages: u32,
    /// The file's size.
    pub bytes: u64,
    /// slips printed, or rows in the notice/statement
    pub items: u32,
}

/// The distinct characters of `text` that the print font has no glyph for, in first-seen order
/// (line breaks and spaces are not drawn and never count).
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let font = layout::font().ok();
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if !Font::ignorable(c) && font.and_then(|f| f.glyph(c)).is_none() && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Who prepared the plan (制表): the user of its latest `distribution.plan` log row.
fn preparer(book: &Book, year: i32) -> Result<String> {
    let user: Option<String> = book
        .conn
        .query_row(
            "SELECT user FROM change_log WHERE action = 'distribution.plan' AND entity_id = ?1 ORDER BY seq DESC \
                LIMIT 1",
            [year.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(user.unwrap_or_else(|| book.user().to_string()))
}

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

/// Whether the members' meeting has approved the plan (approved, posted or paid).
fn approved(plan: &Plan) -> bool {
    plan.saved_status().is_some_and(crate::yearend::distribution::PlanStatus::is_approved)
}

/// The two approvals as one line, blanks where one is still missing.
fn approvals(plan: &Plan) -> String {
    let one = |date: &Option<String>, r: &Option<String>| match (date, r) {
        (Some(d), Some(r)) => format!("{d}（{r}）"),
        (Some(d), None) => d.clone(),
        _ => "______年___月___日（__________）".to_string(),
    };
    format!(
        "党支部研究审议：{}　　成员大会决议：{}",
        one(&plan.branch_date, &plan.branch_ref),
        one(&plan.meeting_date, &plan.meeting_ref)
    )
}

/// A rate as a percentage: 0.6 → "60%", 0.125 → "12.5%".
fn percent(rate: rust_decimal::Decimal) -> String {
    format!("{}%", (rate * rust_decimal::Decimal::ONE_HUNDRED).normalize())
}

fn amount(m: Money) -> String {
    m.grouped()
}

/// Writes `bytes` to `out` through `<out>.tmp` and a rename; on failure neither file is left.
fn write_atomically(out: &Path, bytes: &[u8]) -> Result<u64> {
    let mut tmp = out.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, out)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::new(
            "io",
            format!("无法写入文件 {}：{e}", out.display()),
            format!("cannot write {}: {e}", out.display()),
        ));
    }
    Ok(bytes.len() as u64)
}

/// Serialises a finished sheet and writes it.
fn save(sheet: Sheet, out: &Path, items: u32) -> Result<Printed> {
    let (pdf, pages) = sheet.finish()?;
    let bytes = write_atomically(out, &pdf)?;
    Ok(Printed { path: out.display().to_string(), pages, bytes, items })
}

impl Book {
    /// Prints the distribution slips (盈余分配通知单) of a year's approved plan, three to an A4
    /// page with cut lines between them. With `member`, that member's slip alone (printed even
    /// when it is all zeros, since it was asked for); without, a slip for every plan member, in
    /// number order, whose total (patronage + residual) or reserve share is above zero — a
    /// member with nothing at all gets no slip. `items` is the number of slips.
    pub fn print_slips(&self, year: i32, member: Option<i64>, out: &Path) -> Result<Printed> {
        let plan = crate::yearend::distribution::load(&self.conn, year)?;
        if !approved(&plan) {
            return Err(Error::new(
                "plan-not-approved",
                format!("{year} 年度分配方案尚未经成员大会通过，不能打印分配通知单（可先打印公示草案）"),
                format!(
                    "the {year} plan has not been approved by the members' meeting; slips cannot be printed yet \
                    (the notice can)"
                ),
            ));
        }
        let lines: Vec<&PlanMember> = match member {
            Some(no) => vec![plan_line(&self.conn, &plan, no)?],
            None => plan.members.iter().filter(|m| m.total.fen() > 0 || m.reserve_share.fen() > 0).collect(),
        };
        if lines.is_empty() {
            return Err(Error::new(
                "nothing-to-distribute",
                format!("{year} 年度没有分配给任何成员的盈余，没有通知单可打印"),
                format!("nothing is distributed to any member for {year}; there are no slips to print"),
            ));
        }
        let coop = self.coop()?;
        let ids: std::collections::HashMap<i64, String> =
            self.members(None)?.into_iter().map(|m| (m.no, m.id_card)).collect();
        let ctx = slips::Context {
            coop: &coop,
            plan: &plan,
            preparer: preparer(self, year)?,
            date: today(),
            digest: plan_digest(&plan),
        };
        let sheet = slips::draw(&ctx, &lines, &ids)?;
        save(sheet, out, lines.len() as u32)
    }

    /// Prints a member's account (成员账户) for a year on A4 portrait (more pages when it is
    /// long): the member, contributions, year-end equity, trade by product, surplus returned,
    /// and the member's line of the year's plan when there is one. `items` counts the rows of
    /// the contribution and trade tables.
    pub fn print_statement(&self, no: i64, year: i32, out: &Path) -> Result<Printed> {
        let member = self.member(no)?;
        let account = self.member_account(no, year)?;
        let plan = crate::yearend::distribution::saved(&self.conn, year)?;
        let coop = self.coop()?;
        let (sheet, items) = member_statement::draw(&coop, &member, &account, plan.as_ref(), &today())?;
        save(sheet, out, items)
    }

    /// Prints the 公示 notice of a year's plan for the village notice board: A4 landscape, the
    /// pools, then every plan member 25 to a page with the header repeated, a subtotal per page
    /// and the grand total at the end, the approvals and the objection period. A plan not yet
    /// approved by the members' meeting is titled "（草案）". `items` is the number of members.
    /// Prints a member's 成员账户 for `year` in the form of the 2021 appendix (A4 landscape; see
    /// [`Book::member_account_form`]). `items` is the number of rows.
    pub fn print_member_account(&self, no: i64, year: i32, out: &Path) -> Result<Printed> {
        let form = self.member_account_form(no, year)?;
        let sheet = member_account_form::draw(&form)?;
        save(sheet, out, form.lines.len() as u32)
    }

    pub fn print_notice(&self, year: i32, out: &Path) -> Result<Printed> {
        let plan = crate::yearend::distribution::load(&self.conn, year)?;
        let coop = self.coop()?;
        let sheet = notice::draw(&coop, &plan, &preparer(self, year)?, &today())?;
        save(sheet, out, plan.members.len() as u32)
    }

    /// Prints the vouchers (记账凭证) with these ids, in the order given, two sheets to an A4
    /// page with a cut line between them; a voucher of more than six lines runs on to further
    /// sheets (第 i/n 张). An unknown id refuses the whole print (`unknown-voucher`). `items` is
    /// the number of vouchers.
    pub fn print_vouchers(&self, ids: &[i64], out: &Path) -> Result<Printed> {
        if ids.is_empty() {
            return Err(Error::new("no-vouchers", "没有要打印的凭证", "no vouchers to print"));
        }
        let vouchers = ids.iter().map(|id| self.voucher(*id)).collect::<Result<Vec<_>>>()?;
        voucher::print(self, vouchers, out)
    }

    /// Prints every voucher of a month `YYYY-MM` in number order, drafts and reviewed ones
    /// included (marked 未记账). A month without vouchers is `no-vouchers`.
    pub fn print_month_vouchers(&self, month: &str, out: &Path) -> Result<Printed> {
        let ym = crate::base::date::parse_month(month)?;
        let month = crate::base::date::month_text(ym);
        let rows =
            self.vouchers(&crate::ledger::voucher::VoucherFilter { month: Some(month.clone()), ..Default::default() })?;
        if rows.is_empty() {
            return Err(Error::new(
                "no-vouchers",
                format!("{month} 没有凭证"),
                format!("there are no vouchers in {month}"),
            )
            .at("month"));
        }
        let vouchers = rows.iter().map(|r| self.voucher(r.id)).collect::<Result<Vec<_>>>()?;
        voucher::print(self, vouchers, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_font_covers_names_and_amounts_in_words() {
        assert_eq!(
            missing_glyphs("镕堃喆昇玥赟旻 零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整（）：，、。—¥× 0-9 AZaz\n"),
            Vec::<char>::new()
        );
        assert_eq!(missing_glyphs("张𠀀李𠀀\u{10FFFD}"), vec!['𠀀', '\u{10FFFD}']);
    }

    #[test]
    fn wrapping_keeps_numbers_whole() {
        let sheet = Sheet::new("t", layout::Paper::Portrait).unwrap();
        let w = sheet.width("党支部研究审议：2026", 300);
        let lines = sheet.wrap("党支部研究审议：2026-01-10（支委会记录）", w, 300);
        assert_eq!(lines[0], "党支部研究审议：");
        assert!(lines[1].starts_with("2026-01-10"), "{lines:?}");
        assert_eq!(lines.concat(), "党支部研究审议：2026-01-10（支委会记录）");
    }

    #[test]
    fn percentages() {
        assert_eq!(percent("0.6".parse().unwrap()), "60%");
        assert_eq!(percent("0.125".parse().unwrap()), "12.5%");
    }
}

/// The names of the PDFs the app prints into the folder beside the book (the CLI is given its
/// output path): one name per document, so a reprint replaces the earlier print.
pub mod file_names {
    /// The year's distribution slips, of every member or of one.
    pub fn slips(year: i32, member: Option<i64>) -> String {
        match member {
            Some(no) => format!("{year}年盈余分配通知单-{no}号.pdf"),
            None => format!("{year}年盈余分配通知单.pdf"),
        }
    }

    /// A member's account statement (成员账户) for a year.
    pub fn member_statement(no: i64, year: i32) -> String {
        format!("{year}年成员账户-{no}号.pdf")
    }

    /// The 成员账户 in the 2021 form.
    pub fn member_account(no: i64, year: i32) -> String {
        format!("{year}年成员账户（2021格式）-{no}号.pdf")
    }

    /// The 公示 notice of the year's plan.
    pub fn notice(year: i32) -> String {
        format!("{year}年盈余分配公示.pdf")
    }

    /// 记账凭证: a month's (`YYYY-MM` as given), or the ones picked.
    pub fn vouchers(month: Option<&str>) -> String {
        match month {
            Some(m) => format!("{m}记账凭证.pdf"),
            None => "记账凭证.pdf".into(),
        }
    }

    /// A statement's printed form (see [`crate::reports::statements::file_name`]).
    pub fn report(kind: &str, year: i32, month: Option<u32>) -> String {
        crate::reports::statements::file_name(kind, year, month, "pdf")
    }
}
