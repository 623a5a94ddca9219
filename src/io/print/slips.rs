//! The distribution slip (盈余分配通知单): three to an A4 portrait page, each 99 mm high, with a
//! dashed cut line between them. A slip shows the member, their trade and share basis, the
//! patronage refund, the residual share and the total in figures and in words, the approvals,
//! who prepared the plan, the print date, the verification code and the lines to sign.

use super::layout::Paper;
use super::layout::{col, Align, Place, Sheet, MM, U};
use super::{amount, approvals};
use crate::base::error::Result;
use crate::equity::coop::Coop;
use crate::yearend::distribution::{Plan, PlanMember};
use crate::yearend::slip_code::code_of;
use std::collections::HashMap;

/// What every slip of a print shares.
pub struct Context<'a> {
    pub coop: &'a Coop,
    pub plan: &'a Plan,
    pub preparer: String,
    pub date: String,
    pub digest: [u8; 32],
}

/// A slip's height: a third of an A4 page.
const SLIP: U = 99 * MM;
const LEFT: U = 12 * MM;
const WIDTH: U = 186 * MM;

/// Draws the slips of `lines` (masked identity numbers in `ids`, by member number).
pub fn draw(ctx: &Context, lines: &[&PlanMember], ids: &HashMap<i64, String>) -> Result<Sheet> {
    let year = ctx.plan.year;
    let mut sheet = Sheet::new(&format!("{} {year} 年度盈余分配通知单", ctx.coop.name), Paper::Portrait)?;
    for (i, m) in lines.iter().enumerate() {
        let k = (i % 3) as U;
        if k == 0 {
            sheet.new_page();
        }
        let top = k * SLIP;
        sheet.at(Place::new("合作社名称和分配方案", "the co-op's name and the plan"));
        slip_frame(&mut sheet, ctx, top, m);
        sheet.at(Place::new(format!("成员 {} {}", m.no, m.name), format!("member {} {}", m.no, m.name)));
        slip_member(&mut sheet, ctx, top, m, ids.get(&m.no).map(String::as_str).unwrap_or(""));
        // A cut line under every slip but the page's last.
        if k < 2 && i + 1 < lines.len() {
            sheet.cut_line(top + SLIP);
        }
    }
    Ok(sheet)
}

/// The frame of a slip: title, approvals, signatures. A member paid by conversion to shares
/// (Dr 221/222 / Cr 301) receives no money: they sign to confirm the new shares, not as payee.
fn slip_frame(sheet: &mut Sheet, ctx: &Context, top: U, m: &PlanMember) {
    let plan = ctx.plan;
    sheet.cell(
        LEFT,
        top + 6 * MM,
        WIDTH,
        9 * MM,
        540,
        &format!("{} {} 年度盈余分配通知单", ctx.coop.name, plan.year),
        Align::Center,
    );
    sheet.text(LEFT, top + 19 * MM, 300, "单位：元");
    let after = sheet.para(LEFT, top + 5850, WIDTH, 300, 450, &approvals(plan));
    sheet.grey(true);
    let note = "注：合计 = 按交易量（额）返还 + 剩余盈余分配；公积金份额记入成员账户，不以现金发放。";
    sheet.para(LEFT, after, WIDTH, 260, 400, note);
    sheet.grey(false);
    let y = top + 75 * MM;
    sheet.text(LEFT, y, 300, &format!("制表：{}", ctx.preparer));
    sheet.text_aligned(LEFT, WIDTH, y, 300, &format!("打印日期：{}", ctx.date), Align::Right);
    // Signature lines: a label, then a line to sign on.
    let y = top + 88 * MM;
    let size = 320;
    let mut x = LEFT;
    let signer = if m.paid_via.as_deref() == Some("shares") {
        "成员确认转为出资（签字）："
    } else {
        "领款人（签字）："
    };
    for (label, line) in [("理事长：", 30 * MM), ("会计：", 30 * MM), (signer, 36 * MM), ("日期：", 0)] {
        sheet.text(x, y, size, label);
        x += sheet.width(label, size);
        let end = if line == 0 { LEFT + WIDTH } else { x + line - 4 * MM };
        sheet.line(x, y + 80, end, y + 80, 20);
        x += line;
    }
}

/// The member's own part: the table of figures and the verification code.
fn slip_member(sheet: &mut Sheet, ctx: &Context, top: U, m: &PlanMember, id_card: &str) {
    let code = code_of(&ctx.coop.uscc, ctx.plan.year, m, &ctx.digest);
    sheet.text_aligned(LEFT, WIDTH, top + 19 * MM, 300, &format!("校验码：{code}"), Align::Right);
    let (label, text, number) = (Align::Center, Align::Left, Align::Right);
    let cols = [
        col(29 * MM, label),
        col(27 * MM, text),
        col(25 * MM, label),
        col(42 * MM, number),
        col(25 * MM, label),
        col(38 * MM, number),
    ];
    let (y, h, size) = (top + 21 * MM, 8 * MM, 330);
    let mut c = cols;
    c[3].align = text;
    c[5].align = text;
    sheet.row(LEFT, y, h, &c, &["成员编号", &m.no.to_string(), "姓名", &m.name, "身份证号", id_card], size);
    let row2 = [
        "交易额",
        &amount(m.trade_amount),
        "股金及份额",
        &amount(m.share_basis),
        "公积金份额",
        &amount(m.reserve_share),
    ];
    let mut c = cols;
    c[1].align = number;
    sheet.row(LEFT, y + h, h, &c, &row2, size);
    let row3 =
        ["按交易量（额）返还", &amount(m.patronage), "剩余盈余分配", &amount(m.residual), "合计", &amount(m.total)];
    sheet.row(LEFT, y + 2 * h, h, &c, &row3, size);
    let words = [col(29 * MM, label), col(157 * MM, text)];
    sheet.row(LEFT, y + 3 * h, h, &words, &["合计（大写）", &m.total.in_words()], size);
}
