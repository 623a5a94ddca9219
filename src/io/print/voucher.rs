//! The accounting voucher (记账凭证): two to an A4 portrait page, each in its half (148.5 mm) with
//! a dashed cut line between them. A sheet shows the title (and 未记账 until the voucher is
//! posted), the co-op, the date and the number, a ruled table of at most six lines — 摘要, 总账科目,
//! 明细科目 (the sub-account and/or the member), 借方金额, 贷方金额 — the 合计 row with the total in
//! words, 附件 N 张 at the right edge and the signatures. A voucher with more than six lines runs
//! on to further sheets marked 第 i/n 张, its 合计 on the last. A reversal (红字冲销) prints its
//! negative amounts with their minus and names the voucher it reverses.

use super::layout::{Align, Paper, Place, Sheet, MM, U};
use super::{amount, save, Printed};
use crate::base::error::Result;
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::voucher::{Line, Voucher, POSTED};
use crate::store::book::Book;
use std::path::Path;

/// A sheet's height: half an A4 page.
const HALF: U = 14850;
const LEFT: U = 12 * MM;
/// The table's width; 附件 N 张 stands in the margin to its right.
const WIDTH: U = 178 * MM;
/// Line rows per sheet.
pub const ROWS: usize = 6;
/// Column widths: 摘要, 总账科目, 明细科目, 借方金额, 贷方金额 (sum: WIDTH).
const COLS: [U; 5] = [50 * MM, 36 * MM, 38 * MM, 27 * MM, 27 * MM];
const TABLE_TOP: U = 27 * MM;
const HEAD: U = 7 * MM;
const ROW: U = 12 * MM;
const TOTAL: U = 11 * MM;
const SIZE: U = 320;

/// What a voucher's sheets need besides the voucher: the co-op's name and, for a reversal, the
/// number and date of the voucher it reverses.
pub struct Item {
    pub voucher: Voucher,
    pub reverses: Option<(String, String)>,
}

/// Prints these vouchers (already loaded, in print order); `items` is their number.
pub fn print(book: &Book, vouchers: Vec<Voucher>, out: &Path) -> Result<Printed> {
    let chart = Chart::load(&book.conn)?;
    let coop = book.coop()?;
    let mut items = Vec::new();
    for v in vouchers {
        let reverses = match v.reverses {
            Some(id) => {
                let orig = crate::ledger::voucher::load(&book.conn, id)?;
                Some((orig.no, orig.date))
            }
            None => None,
        };
        items.push(Item { voucher: v, reverses });
    }
    let sheet = draw(&coop.name, &chart, &items)?;
    save(sheet, out, items.len() as u32)
}

/// How many sheets a voucher takes.
pub fn sheets_of(v: &Voucher) -> usize {
    v.lines.len().div_ceil(ROWS).max(1)
}

/// Draws the vouchers, sheet after sheet, two to a page.
pub fn draw(coop: &str, chart: &Chart, items: &[Item]) -> Result<Sheet> {
    let mut sheet = Sheet::new(&format!("{coop} 记账凭证"), Paper::Portrait)?;
    let total: usize = items.iter().map(|i| sheets_of(&i.voucher)).sum();
    let mut slot = 0;
    for item in items {
        let v = &item.voucher;
        let n = sheets_of(v);
        sheet.at(Place::new(format!("凭证 {} {}", v.date, v.no), format!("voucher {} {}", v.date, v.no)));
        for (i, lines) in v.lines.chunks(ROWS).chain(v.lines.is_empty().then_some(&[][..])).enumerate() {
            let k = (slot % 2) as U;
            if k == 0 {
                sheet.new_page();
            }
            let top = k * HALF;
            draw_sheet(&mut sheet, top, coop, chart, item, lines, i + 1, n);
            slot += 1;
            if k == 0 && slot < total {
                sheet.cut_line(HALF);
            }
        }
    }
    Ok(sheet)
}

/// `2025 年 03 月 05 日` from `2025-03-05`.
fn date_zh(date: &str) -> String {
    match (date.get(0..4), date.get(5..7), date.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{y} 年 {m} 月 {d} 日"),
        _ => date.to_string(),
    }
}

/// `记字第 0001 号` from `记-0001`.
fn number_zh(no: &str) -> String {
    format!("记字第 {} 号", no.strip_prefix("记-").unwrap_or(no))
}

/// The 总账科目 (the top-level account) and the 明细科目 parts (the sub-account, the member).
fn accounts(chart: &Chart, l: &Line) -> (String, Vec<String>) {
    let chain = chart.ancestry(&l.account);
    let (general, sub) = match chain.last() {
        Some(root) if root.code != l.account => {
            (format!("{} {}", root.code, root.name), Some(format!("{} {}", l.account, l.account_name)))
        }
        Some(root) => (format!("{} {}", root.code, root.name), None),
        None => (format!("{} {}", l.account, l.account_name), None),
    };
    let member = match (l.member, &l.member_name) {
        (Some(no), Some(name)) => Some(format!("{no} 号 {name}")),
        (Some(no), None) => Some(format!("{no} 号")),
        _ => None,
    };
    (general, sub.into_iter().chain(member).collect())
}

#[allow(clippy::too_many_arguments)]
fn draw_sheet(sheet: &mut Sheet, top: U, coop: &str, chart: &Chart, item: &Item, lines: &[Line], no: usize, of: usize) {
    let v = &item.voucher;
    let right = LEFT + WIDTH;
    // Title, double-underlined, with the marks beside it.
    let title = "记账凭证";
    let (tsize, ty) = (620, top + 15 * MM);
    let tw = sheet.width(title, tsize);
    sheet.text_aligned(LEFT, WIDTH, ty, tsize, title, Align::Center);
    let (tx1, tx2) = (LEFT + (WIDTH - tw) / 2 - 3 * MM, LEFT + (WIDTH + tw) / 2 + 3 * MM);
    sheet.line(tx1, ty + 150, tx2, ty + 150, 25);
    sheet.line(tx1, ty + 230, tx2, ty + 230, 25);
    if v.status != POSTED {
        let mark = "未记账";
        let (ms, mx) = (300, tx2 + 4 * MM);
        let mw = sheet.width(mark, ms);
        sheet.rect(mx, ty - 420, mw + 200, 560, 20);
        sheet.text(mx + 100, ty - 30, ms, mark);
    }
    if of > 1 {
        sheet.text_aligned(LEFT, WIDTH, ty, SIZE, &format!("第 {no}/{of} 张"), Align::Right);
    }
    if let Some((rno, rdate)) = &item.reverses {
        sheet.text(LEFT, ty, SIZE, &format!("红字冲销 {rno}（原凭证 {rdate}）"));
    }
    // The co-op, the date and the number.
    let iy = top + 23 * MM;
    sheet.cell(LEFT - 120, iy - 400, 62 * MM, 600, SIZE, coop, Align::Left);
    sheet.text_aligned(LEFT, WIDTH, iy, SIZE, &date_zh(&v.date), Align::Center);
    sheet.text_aligned(LEFT, WIDTH, iy, SIZE, &number_zh(&v.no), Align::Right);

    // The table's grid.
    let xs: Vec<U> = std::iter::once(LEFT)
        .chain(COLS.iter().scan(LEFT, |x, w| {
            *x += w;
            Some(*x)
        }))
        .collect();
    let y0 = top + TABLE_TOP;
    let (ymid, y1) = (y0 + HEAD, y0 + 2 * HEAD);
    let rows_end = y1 + ROWS as U * ROW;
    let bottom = rows_end + TOTAL;
    sheet.rect(LEFT, y0, WIDTH, bottom - y0, 35);
    sheet.line(xs[1], ymid, xs[3], ymid, 20);
    for y in (0..=ROWS).map(|i| y1 + i as U * ROW) {
        sheet.line(LEFT, y, right, y, 20);
    }
    for x in [xs[1], xs[3], xs[4]] {
        let from = y0;
        let to = if x == xs[1] { rows_end } else { bottom };
        sheet.line(x, from, x, to, 20);
    }
    sheet.line(xs[2], ymid, xs[2], rows_end, 20);
    // The header.
    let w = |i: usize| COLS[i];
    sheet.cell(xs[0], y0, w(0), 2 * HEAD, SIZE, "摘　　要", Align::Center);
    sheet.cell(xs[1], y0, w(1) + w(2), HEAD, SIZE, "会 计 科 目", Align::Center);
    sheet.cell(xs[1], ymid, w(1), HEAD, SIZE, "总账科目", Align::Center);
    sheet.cell(xs[2], ymid, w(2), HEAD, SIZE, "明细科目", Align::Center);
    sheet.cell(xs[3], y0, w(3), 2 * HEAD, SIZE, "借方金额", Align::Center);
    sheet.cell(xs[4], y0, w(4), 2 * HEAD, SIZE, "贷方金额", Align::Center);
    // The lines.
    let shown = |m: Money| if m.is_zero() { String::new() } else { amount(m) };
    for (i, l) in lines.iter().enumerate() {
        let y = y1 + i as U * ROW;
        let summary = if l.summary.trim().is_empty() { v.summary.as_str() } else { l.summary.as_str() };
        sheet.cell(xs[0], y, w(0), ROW, SIZE, summary, Align::Left);
        let (general, detail) = accounts(chart, l);
        sheet.cell(xs[1], y, w(1), ROW, SIZE, &general, Align::Left);
        let part = ROW / detail.len().max(1) as U;
        for (j, d) in detail.iter().enumerate() {
            sheet.cell(xs[2], y + j as U * part, w(2), part, SIZE, d, Align::Left);
        }
        sheet.cell(xs[3], y, w(3), ROW, SIZE, &shown(l.debit), Align::Right);
        sheet.cell(xs[4], y, w(4), ROW, SIZE, &shown(l.credit), Align::Right);
    }
    // Unused rows are struck through so nothing can be added to them.
    if lines.len() < ROWS {
        sheet.line(xs[3], rows_end, right, y1 + lines.len() as U * ROW, 20);
    }
    // 合计 on the last sheet.
    if no == of {
        sheet.cell(
            LEFT,
            rows_end,
            xs[3] - LEFT,
            TOTAL,
            SIZE,
            &format!("合计（大写）：{}", v.debit.in_words()),
            Align::Left,
        );
        sheet.cell(xs[3], rows_end, w(3), TOTAL, SIZE, &amount(v.debit), Align::Right);
        sheet.cell(xs[4], rows_end, w(4), TOTAL, SIZE, &amount(v.credit), Align::Right);
    } else {
        sheet.grey(true);
        sheet.cell(LEFT, rows_end, xs[3] - LEFT, TOTAL, 280, &format!("合计见第 {of}/{of} 张"), Align::Left);
        sheet.grey(false);
    }
    // 附件 N 张, one character under another, in the right margin beside the lines.
    let ax = right + 2 * MM;
    let aw = sheet.w - 4 * MM - ax;
    let cells = ["附", "件", &v.attachments.to_string(), "张"];
    let step = 700;
    let first = y1 + (ROWS as U * ROW - cells.len() as U * step) / 2;
    for (i, c) in cells.iter().enumerate() {
        sheet.cell(ax - 120, first + i as U * step, aw + 240, step, SIZE, c, Align::Center);
    }
    // The signatures.
    let sy = bottom + 8 * MM;
    let slot = WIDTH / 5;
    let blank = String::new();
    let signs = [
        ("会计主管：", &blank),
        ("记账：", v.posted_by.as_ref().unwrap_or(&blank)),
        ("审核：", v.reviewed_by.as_ref().unwrap_or(&blank)),
        ("出纳：", &blank),
        ("制单：", &v.prepared_by),
    ];
    for (i, (label, name)) in signs.iter().enumerate() {
        let x = LEFT + i as U * slot;
        sheet.text(x, sy, SIZE, label);
        let lw = sheet.width(label, SIZE);
        let end = x + slot - 3 * MM;
        sheet.line(x + lw, sy + 100, end, sy + 100, 15);
        if !name.is_empty() {
            sheet.cell(x + lw - 120, sy - 500, end - x - lw + 240, 640, SIZE, name, Align::Left);
        }
    }
}
