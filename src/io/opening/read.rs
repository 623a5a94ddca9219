//! Reading the opening-balance file line by line against its field table: code, name, member,
//! debit or credit side.

use super::across::across;
use super::chart2007::{map_code, norm_code, norm_name, OldChart};
use super::report::{OpeningImport, OpeningRow, ERROR, SAME};
use crate::base::date::{month_text, ym_of};
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::io::import::reader::{field, ImportRowError, RowInput, Sheet, Spec};
use crate::ledger::account::Chart;
use crate::store::book::Tx;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

pub(crate) static OPENING: Spec = Spec {
    file_zh: "期初余额表",
    file_en: "the opening balance file",
    item_zh: "余额",
    item_en: "balances",
    fields: &[
        field("code", "科目编码", &["科目编码", "科目代码", "编码", "代码", "科目号", "code", "accountcode"], true),
        field("name", "科目名称", &["科目名称", "名称", "name", "accountname"], true),
        field(
            "debit",
            "借方余额",
            &["借方余额", "期初借方", "期初借方余额", "年初借方余额", "借方", "debit", "openingdebit"],
            true,
        ),
        field(
            "credit",
            "贷方余额",
            &["贷方余额", "期初贷方", "期初贷方余额", "年初贷方余额", "贷方", "credit", "openingcredit"],
            true,
        ),
        field("member", "成员编号", &["成员编号", "成员号", "成员编码", "社员编号", "member", "memberno"], false),
    ],
};

/// One side of a balance: empty, `-` or `0` is none; a fraction of a 分 and negative amounts
/// are refused (a negative balance belongs in the other column).
pub(crate) fn side(text: &str, other: &str) -> Result<Money> {
    let t = text.trim();
    if t.is_empty() || ["-", "—", "－", "--"].contains(&t) {
        return Ok(Money::ZERO);
    }
    // `1200.500` is an exact amount (a spreadsheet's format), not a fraction of a 分.
    let exact = match t.split_once('.') {
        Some((int, frac)) if frac.len() > 2 && frac.get(2..).is_some_and(|rest| rest.bytes().all(|b| b == b'0')) => {
            format!("{int}.{}", &frac[..2])
        }
        _ => t.to_string(),
    };
    let m = Money::parse(&exact)?;
    if m.fen() < 0 {
        return Err(Error::new(
            "amount-negative",
            format!("余额 {t} 为负数：请把 {} 填在{other}", (-m).grouped()),
            format!("the balance {t} is negative: put {} in the other column", (-m).grouped()),
        ));
    }
    Ok(m)
}

/// A row as read and mapped, before the checks across rows.
pub(crate) struct Line {
    pub(crate) out: OpeningRow,
    /// The old code, when it is one.
    pub(crate) code: Option<String>,
    /// Both amounts could be read.
    pub(crate) amounts: bool,
    pub(crate) notes: Vec<String>,
    pub(crate) errors: Vec<ImportRowError>,
    /// The header text of each field's column, for the problems found across rows.
    pub(crate) headers: HashMap<&'static str, String>,
}

/// Refuses when opening balances dated `date` would not come before everything else: a voucher
/// dated on or before it (a reversed voucher and its reversal cancel out and do not count), an
/// earlier opening import that has not been reversed, or a closed month from its month on.
pub(crate) fn before_everything(conn: &Connection, date: &str) -> Result<()> {
    let standing: Option<(i64, String)> = conn
        .query_row(
            "SELECT v.id, v.date FROM change_log l JOIN vouchers v ON v.id = CAST(l.entity_id AS INTEGER)
             WHERE l.action = 'opening.import' AND NOT EXISTS (SELECT 1 FROM vouchers r WHERE r.reverses_id = v.id)
             ORDER BY v.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, d)) = standing {
        return Err(Error::new(
            "opening-exists",
            format!("账本已于 {d} 导入过期初余额（凭证 id {id}），不能再次导入；如需重新导入，请先红字冲销该凭证"),
            format!(
                "the book already has opening balances of {d} (voucher {id}); reverse that voucher before \
                importing again"
            ),
        )
        .at("date"));
    }
    let (n, first): (i64, Option<String>) = conn.query_row(
        "SELECT COUNT(*), MIN(date || ' 记-' || printf('%04d', seq)) FROM vouchers v
         WHERE v.date <= ?1 AND v.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM vouchers r WHERE r.reverses_id = \
             v.id)",
        [date],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if n > 0 {
        let first = first.unwrap_or_default();
        return Err(Error::new(
            "opening-exists",
            format!("账本中已有 {n} 张日期不晚于 {date} 的凭证（最早的是 {first}）；期初余额必须早于其他一切凭证，请选更早的期初日期"),
            format!("the book already has {n} voucher(s) dated on or before {date} (the first: {first}); opening \
                balances must come before every other voucher, so choose an earlier date"),
        )
        .at("date"));
    }
    let closed: Option<i64> =
        conn.query_row("SELECT MIN(ym) FROM periods WHERE ym >= ?1", [ym_of(date)], |r| r.get(0))?;
    if let Some(ym) = closed {
        let m = month_text(ym);
        return Err(Error::new(
            "period-closed",
            format!("{m} 已结账：期初余额记在 {date} 会改变已结账月份的余额（如需导入，请先反结账）"),
            format!("{m} is closed: opening balances dated {date} would change a closed month (reopen it first)"),
        )
        .at("date"));
    }
    Ok(())
}

/// Reads every row, maps it and checks it alone and against the other rows and the book;
/// writes nothing.
pub(crate) fn plan(
    tx: &Tx,
    sheet: &Sheet,
    date: &str,
    chart: OldChart,
    maps: &[(String, String)],
) -> Result<OpeningImport> {
    let book_chart = Chart::load(tx)?;
    let headers: HashMap<&'static str, String> =
        ["code", "name", "debit", "credit", "member"].into_iter().map(|f| (f, sheet.header(f))).collect();
    let ctx = Context { date, chart, maps, book_chart: &book_chart, headers: &headers };
    let mut lines: Vec<Line> = Vec::new();
    for (input, cell_errors) in sheet.inputs() {
        lines.push(read_line(tx, &input, cell_errors, &ctx)?);
    }
    across(&mut lines, &book_chart, date);

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let (mut debit, mut credit) = (Money::ZERO, Money::ZERO);
    for mut l in lines {
        if !l.out.subtotal {
            debit += l.out.debit;
            credit += l.out.credit;
        }
        if l.errors.is_empty() {
            l.out.note = l.notes.join("；");
        } else {
            l.out.status = ERROR.to_string();
            l.out.note = l
                .errors
                .iter()
                .map(|e| e.zh.as_str())
                .chain(l.notes.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join("；");
        }
        errors.append(&mut l.errors);
        rows.push(l.out);
    }
    Ok(OpeningImport {
        file: sheet.file.clone(),
        encoding: sheet.encoding.to_string(),
        chart: chart.year().to_string(),
        date: date.to_string(),
        summary: chart.summary().to_string(),
        maps: maps.iter().map(|(o, n)| format!("{o}={n}")).collect(),
        rows,
        debit,
        credit,
        balanced: debit == credit,
        errors,
        ignored_columns: sheet.ignored().to_vec(),
        voucher_id: None,
    })
}

/// What every row is read against: the opening's date, the old chart and the overrides, the book's
/// chart, and the header text of each field's column.
pub(crate) struct Context<'a> {
    pub(crate) date: &'a str,
    pub(crate) chart: OldChart,
    pub(crate) maps: &'a [(String, String)],
    pub(crate) book_chart: &'a Chart,
    pub(crate) headers: &'a HashMap<&'static str, String>,
}

/// One row read and mapped, with the problems it has on its own.
fn read_line(conn: &Connection, input: &RowInput, cell_errors: Vec<ImportRowError>, ctx: &Context) -> Result<Line> {
    let Context { date, chart, maps, book_chart, headers } = *ctx;
    // A cell that could not be read (a formula, an error value) is no amount.
    let unreadable = |f: &str| cell_errors.iter().any(|e| headers.get(f).is_some_and(|h| *h == e.column));
    let unread_amount = unreadable("debit") || unreadable("credit");
    let mut errors = cell_errors;
    let mut notes = Vec::new();
    let raw_code = input.get("code");
    let file_name = input.get("name").trim().to_string();
    let code = norm_code(&raw_code);
    let mut out = OpeningRow {
        row: input.no,
        old_code: code.clone().unwrap_or_else(|| raw_code.trim().to_string()),
        old_name: file_name.clone(),
        new_code: String::new(),
        new_name: String::new(),
        member: None,
        member_name: None,
        debit: Money::ZERO,
        credit: Money::ZERO,
        status: SAME.to_string(),
        note: String::new(),
        new_account: false,
        subtotal: false,
    };

    // The amounts.
    let debit =
        side(&input.get("debit"), "贷方余额").map_err(|e| errors.push(input.error("debit", e.at("debit")))).ok();
    let credit =
        side(&input.get("credit"), "借方余额").map_err(|e| errors.push(input.error("credit", e.at("credit")))).ok();
    let amounts = debit.is_some() && credit.is_some() && !unread_amount;
    if let (Some(d), Some(c)) = (debit, credit) {
        out.debit = d;
        out.credit = c;
        if !d.is_zero() && !c.is_zero() {
            let e = Error::new(
                "line-both-sides",
                "借方余额和贷方余额都填了，一行只能有一方余额",
                "both a debit and a credit balance; a row has one side",
            )
            .at("credit");
            errors.push(input.error("credit", e));
        }
    }

    // The code and where it goes.
    let mut mapped = None;
    match &code {
        None if raw_code.trim().is_empty() => errors.push(
            input.error(
                "code",
                Error::new(
                    "field-required",
                    "请填写科目编\
            码",
                    "the account code is required",
                )
                .at("code"),
            ),
        ),
        None => errors.push(
            input.error(
                "code",
                Error::new(
                    "code-invalid",
                    format!(
                        "科目编码“{}”无效：一级科目三位数字，明细科目每级再加两位（如 522、52201 或 522.01）",
                        raw_code.trim()
                    ),
                    format!(
                        "account code \"{}\" is not valid: three digits, and two more for each level of sub-account \
                    (522, 52201 or 522.01)",
                        raw_code.trim()
                    ),
                )
                .at("code"),
            ),
        ),
        Some(c) => match map_code(chart, maps, c) {
            Ok(m) => mapped = Some(m),
            Err(e) => errors.push(input.error("code", e)),
        },
    }
    if let (Some(c), Some(m)) = (&code, mapped) {
        out.new_code = m.new.clone();
        out.status = m.status.to_string();
        notes.extend(m.notes);
        // The name the old chart (or, for a sub-account, the book) gives the code.
        let known = if c.len() == 3 {
            chart.name(c).map(str::to_string)
        } else {
            book_chart.get(&m.new).map(|a| a.name.clone())
        };
        match (&known, file_name.is_empty()) {
            (Some(k), true) => out.old_name = k.clone(),
            (Some(k), false) if norm_name(k) != norm_name(&file_name) => {
                notes.push(format!("文件中的科目名称“{file_name}”与科目表的“{k}”不同，按编码导入"))
            }
            _ => {}
        }
        match book_chart.get(&m.new) {
            Some(a) => out.new_name = a.name.clone(),
            None => {
                out.new_name = file_name.clone();
                out.new_account = true;
            }
        }
    }

    // The member.
    if let Some(text) = input.opt("member").map(|m| m.trim().to_string()).filter(|m| !m.is_empty()) {
        let no = text.strip_suffix(".0").unwrap_or(&text).parse::<i64>().ok();
        match no.map(|no| crate::ledger::member::by_no(conn, no)).transpose()?.flatten() {
            Some(m) => {
                out.member = Some(m.no);
                out.member_name = Some(m.name.clone());
                if let Some(x) = m.exited.as_deref().filter(|x| *x < date) {
                    let e = Error::new(
                        "member-exited",
                        format!("{} 号成员 {} 已于 {x} 退社", m.no, m.name),
                        format!("member no. {} ({}) exited on {x}", m.no, m.name),
                    )
                    .at("member");
                    errors.push(input.error("member", e));
                }
            }
            None => errors.push(input.error("member", crate::ledger::member::unknown_member(&text))),
        }
    }
    Ok(Line { out, code, amounts, notes, errors, headers: headers.clone() })
}

/// Marks the rows that the core refused while writing (a sub-account, a voucher line).
pub(crate) fn mark_errors(report: &mut OpeningImport) {
    for r in report.rows.iter_mut().filter(|r| r.status != ERROR) {
        let problems: Vec<&str> = report.errors.iter().filter(|e| e.row == r.row).map(|e| e.zh.as_str()).collect();
        if !problems.is_empty() {
            r.status = ERROR.to_string();
            r.note = problems.join("；");
        }
    }
}

/// Adds a problem to a row, shown under the column of `field` (its header text).
pub(crate) fn push(l: &mut Line, field: &str, e: Error) {
    let value = match field {
        "code" => l.out.old_code.clone(),
        "name" => l.out.new_name.clone(),
        "member" => l.out.member.map(|m| m.to_string()).unwrap_or_default(),
        "debit" => l.out.debit.to_string(),
        _ => String::new(),
    };
    let column = l.headers.get(field).cloned().unwrap_or_default();
    l.errors.push(ImportRowError { row: l.out.row, column, value, code: e.code.to_string(), zh: e.zh, en: e.en });
}
