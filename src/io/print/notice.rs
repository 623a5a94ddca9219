//! The 公示 notice of a year's distribution plan, for the village notice board: A4 landscape, the
//! pools in a small table, then every plan member 25 to a page — the header row repeated on
//! every page, a 本页小计 row under each page's rows and a 总计 row after the last — the
//! approvals, the objection period, and "第 x 页 / 共 y 页" on every page.

use super::layout::{col, Align, Col, Paper, Place, Sheet, MM, U};
use super::{amount, approvals, approved, percent};
use crate::base::error::Result;
use crate::base::money::Money;
use crate::equity::coop::Coop;
use crate::yearend::distribution::{Plan, PlanMember};

/// Members per page.
pub const ROWS: usize = 25;
const LEFT: U = 12 * MM;
const WIDTH: U = 273 * MM;
const ROW: U = 480;
const HEAD: U = 750;
/// The lowest a table row or text block may reach (the footer sits under it).
const BOTTOM: U = 197 * MM + 50;

const HEADER: [&str; 9] =
    ["序号", "成员编号", "姓名", "交易额", "股金及份额", "返还额", "剩余盈余", "公积金份额", "合计"];

fn cols() -> [Col; 9] {
    let (c, l, r) = (Align::Center, Align::Left, Align::Right);
    [
        col(1300, c),
        col(1700, c),
        col(5900, l),
        col(3000, r),
        col(3200, r),
        col(3000, r),
        col(3000, r),
        col(3000, r),
        col(3200, r),
    ]
}

/// The six amounts of a row: trade, share basis, patronage, residual, reserve share, total.
fn figures(m: &PlanMember) -> [Money; 6] {
    [m.trade_amount, m.share_basis, m.patronage, m.residual, m.reserve_share, m.total]
}

fn sum_row(sheet: &mut Sheet, y: U, label: &str, sums: &[Money; 6]) {
    let c = cols();
    let mut merged = vec![col(c[0].w + c[1].w + c[2].w, Align::Center)];
    merged.extend_from_slice(&c[3..]);
    let mut cells = vec![label.to_string()];
    cells.extend(sums.iter().map(|m| amount(*m)));
    sheet.row(LEFT, y, ROW, &merged, &cells, 300);
}

/// Draws the notice of `plan`.
pub fn draw(coop: &Coop, plan: &Plan, preparer: &str, date: &str) -> Result<Sheet> {
    let draft = if approved(plan) { "" } else { "（草案）" };
    let title = format!("{} {} 年度盈余分配方案公示{draft}", coop.name, plan.year);
    let mut sheet = Sheet::new(&title, Paper::Landscape)?;
    sheet.at(Place::new("合作社名称和分配方案", "the co-op's name and the plan"));
    let c = cols();
    let chunks: Vec<&[PlanMember]> =
        if plan.members.is_empty() { vec![&[]] } else { plan.members.chunks(ROWS).collect() };
    let mut total = [Money::ZERO; 6];
    let mut y = 0;
    for (page, chunk) in chunks.iter().enumerate() {
        sheet.new_page();
        sheet.at(Place::new("合作社名称和分配方案", "the co-op's name and the plan"));
        let cont = if page == 0 { "" } else { "（续）" };
        sheet.cell(LEFT, 8 * MM, WIDTH, 10 * MM, 600, &format!("{title}{cont}"), Align::Center);
        y = 21 * MM;
        if page == 0 {
            y = pools(&mut sheet, plan, y);
        }
        sheet.text_aligned(LEFT, WIDTH, y + 400, 280, "单位：元", Align::Right);
        y += 600;
        let heads: Vec<Col> = c.iter().map(|c| col(c.w, Align::Center)).collect();
        sheet.row(LEFT, y, HEAD, &heads, &HEADER, 320);
        y += HEAD;
        let mut sub = [Money::ZERO; 6];
        for (i, m) in chunk.iter().enumerate() {
            sheet.at(Place::new(format!("成员 {} {}", m.no, m.name), format!("member {} {}", m.no, m.name)));
            let f = figures(m);
            let mut cells = vec![(page * ROWS + i + 1).to_string(), m.no.to_string(), m.name.clone()];
            cells.extend(f.iter().map(|a| amount(*a)));
            sheet.row(LEFT, y, ROW, &c, &cells, 300);
            for (s, a) in sub.iter_mut().zip(f) {
                *s += a;
            }
            y += ROW;
        }
        sheet.at(Place::new("合计行", "the totals"));
        sum_row(&mut sheet, y, "本页小计", &sub);
        y += ROW;
        for (t, s) in total.iter_mut().zip(sub) {
            *t += s;
        }
    }
    sum_row(&mut sheet, y, "总计", &total);
    y += ROW;
    // The approvals and the objection period, on a page of their own if the last is full.
    sheet.at(Place::new("审批记录", "the approvals"));
    let period =
        "公示期：自______年____月____日起至______年____月____日止。如有异议，请在公示期内向本社理事会或监事会反映。";
    let needed = 600 + 3 * 450;
    if y + needed > BOTTOM {
        sheet.new_page();
        sheet.cell(LEFT, 8 * MM, WIDTH, 10 * MM, 600, &format!("{title}（续）"), Align::Center);
        y = 21 * MM;
    }
    let y = sheet.para(LEFT, y + 600, WIDTH, 300, 450, &approvals(plan));
    let y = sheet.para(LEFT, y, WIDTH, 300, 450, period);
    // Signed by the board, dated when it is posted up.
    sheet.text_aligned(
        LEFT,
        WIDTH,
        y + 300,
        300,
        &format!("{}理事会　　______年____月____日", coop.name),
        Align::Right,
    );
    // Footers, now that the page count is known.
    let n = sheet.page_count();
    sheet.at(Place::new("页脚", "the footer"));
    for p in 0..n {
        sheet.goto(p);
        let fy = 203 * MM;
        sheet.text(LEFT, fy, 260, &format!("制表：{preparer}"));
        sheet.text_aligned(LEFT, WIDTH, fy, 260, &format!("第 {} 页 / 共 {n} 页", p + 1), Align::Center);
        sheet.text_aligned(LEFT, WIDTH, fy, 260, &format!("打印日期：{date}"), Align::Right);
    }
    Ok(sheet)
}

/// The pools as a two-row table from `y`; returns the y under it (and under the plan's note).
fn pools(sheet: &mut Sheet, plan: &Plan, y: U) -> U {
    let mut heads = vec![
        "本年盈余".to_string(),
        "弥补以前年度亏损".to_string(),
        format!("提取公积金（{}）", percent(plan.reserve_rate)),
    ];
    let mut values = vec![plan.surplus, plan.losses, plan.reserve];
    if !plan.opening.is_zero() {
        heads.push("加：年初未分配盈余".into());
        values.push(plan.opening);
    }
    heads.extend([
        "可分配盈余".to_string(),
        format!("按交易量（额）返还（{}）", percent(plan.patronage_rate)),
        "剩余盈余（按股金及份额）".to_string(),
    ]);
    values.extend([plan.distributable, plan.patronage, plan.residual]);
    let w = WIDTH / heads.len() as U;
    let cs: Vec<Col> = heads.iter().map(|_| col(w, Align::Center)).collect();
    sheet.row(LEFT, y, 650, &cs, &heads, 300);
    let vs: Vec<String> = values.iter().map(|m| amount(*m)).collect();
    sheet.row(LEFT, y + 650, 650, &cs, &vs, 320);
    let mut y = y + 1300;
    if let Some(note) = &plan.note {
        y = sheet.para(LEFT, y + 450, WIDTH, 300, 450, note) - 450;
    }
    y
}
