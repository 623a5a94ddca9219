//! The 成员账户 of 财会〔2021〕37号 (附录) on A4 landscape, as the appendix draws it: 成员账户 /
//! ____年度 / 成员姓名（名称）：… 联系地址：… 第 页; the columns 编号, 日期, 摘要, 成员出资 (来源于到户类扶贫
//! 项目资产的出资额, 其他来源的出资额), 公积金份额, 接受国家财政直接补助形成财产量化份额, 接受他人捐赠形成
//! 财产量化份额, 交易量 and 交易额 (产品1, 产品2), 盈余返还金额, 剩余盈余分配金额; the rows 年初余额,
//! the entries 1, 2, 3 …, 年末余额/总额. Long accounts run on to further pages, the header again.

use super::amount;
use super::layout::{col, Align, Col, Paper, Place, Sheet, MM, U};
use crate::base::error::Result;
use crate::reports::member_account::{MemberAccountForm, MemberAccountLine};

const LEFT: U = 12 * MM;
const ROW: U = 560;
const SIZE: U = 250;
const BOTTOM: U = 196 * MM;

/// The columns: 编号 日期 摘要, the two 出资 columns, 公积金, 补助, 捐赠, then 交易量 and 交易额 for each
/// of the form's two products, 盈余返还, 剩余盈余 — 273 mm in all.
fn cols() -> Vec<Col> {
    let (c, l, r) = (Align::Center, Align::Left, Align::Right);
    vec![
        col(900, c),
        col(1900, c),
        col(3800, l),
        col(1800, r),
        col(2100, r),
        col(2000, r),
        col(1900, r),
        col(1800, r),
        col(1400, r),
        col(1400, r),
        col(2000, r),
        col(2000, r),
        col(2100, r),
        col(2200, r),
    ]
}

fn cells(l: &MemberAccountLine) -> Vec<String> {
    let m = |v: Option<crate::base::money::Money>| v.map(amount).unwrap_or_default();
    let q = |i: usize| l.quantities.get(i).cloned().flatten().unwrap_or_default();
    let a = |i: usize| m(l.amounts.get(i).copied().flatten());
    vec![
        l.line.map(|n| n.to_string()).unwrap_or_default(),
        l.date.clone().unwrap_or_default(),
        l.name.clone(),
        m(l.capital_poverty),
        m(l.capital_other),
        m(l.reserve),
        m(l.subsidy),
        m(l.donation),
        q(0),
        q(1),
        a(0),
        a(1),
        m(l.patronage),
        m(l.residual),
    ]
}

/// The two header rows: the groups (成员出资, 交易量, 交易额) over their columns.
fn header(sheet: &mut Sheet, y: U, products: &[String]) -> U {
    let c = cols();
    let w = |r: std::ops::Range<usize>| c[r].iter().map(|c| c.w).sum::<U>();
    let p = |i: usize| products.get(i).cloned().unwrap_or_else(|| format!("产品{}", i + 1));
    let h = 1500;
    let top: Vec<Col> = vec![
        col(w(0..3), Align::Center),
        col(w(3..5), Align::Center),
        col(w(5..8), Align::Center),
        col(w(8..10), Align::Center),
        col(w(10..12), Align::Center),
        col(w(12..14), Align::Center),
    ];
    sheet.row(LEFT, y, h / 3, &top, &["", "成员出资", "", "交易量", "交易额", ""], SIZE);
    let heads: Vec<Col> = c.iter().map(|c| col(c.w, Align::Center)).collect();
    let labels = [
        "编号".to_string(),
        "日期".into(),
        "摘要".into(),
        "来源于到户类扶贫项目资产的出资额".into(),
        "其他来源的出资额".into(),
        "公积金份额".into(),
        "接受国家财政直接补助形成财产量化份额".into(),
        "接受他人捐赠形成财产量化份额".into(),
        p(0),
        p(1),
        p(0),
        p(1),
        "盈余返还金额".into(),
        "剩余盈余分配金额".into(),
    ];
    let hy = y + h / 3;
    let hh = h - h / 3;
    let mut x = LEFT;
    sheet.rect(LEFT, hy, w(0..14), hh, 20);
    for (i, (cw, text)) in heads.iter().zip(labels.iter()).enumerate() {
        if i > 0 {
            sheet.line(x, hy, x, hy + hh, 20);
        }
        let lines = sheet.wrap(text, cw.w - 150, 220);
        let lh = 270;
        let mut ty = hy + (hh - lh * lines.len() as U) / 2 + 200;
        for t in lines {
            sheet.text_aligned(x, cw.w, ty, 220, &t, Align::Center);
            ty += lh;
        }
        x += cw.w;
    }
    y + h
}

/// Draws the member's account form.
pub fn draw(form: &MemberAccountForm) -> Result<Sheet> {
    let title = format!("成员账户 {} {}年度", form.name, form.year);
    let mut sheet = Sheet::new(&title, Paper::Landscape)?;
    let c = cols();
    let width: U = c.iter().map(|c| c.w).sum();
    let mut page = 0;
    let mut i = 0;
    loop {
        page += 1;
        sheet.new_page();
        sheet.at(Place::new(format!("成员 {} {}", form.no, form.name), format!("member {} {}", form.no, form.name)));
        sheet.cell(LEFT, 7 * MM, width, 9 * MM, 560, "成员账户", Align::Center);
        sheet.cell(LEFT, 16 * MM, width, 6 * MM, 300, &format!("{}年度", form.year), Align::Center);
        sheet.text(LEFT, 26 * MM, 280, &format!("成员姓名（名称）：{}（{} 号）", form.name, form.no));
        // The book keeps no address for a member: the line is left to be filled in by hand.
        sheet.text(LEFT + 110 * MM, 26 * MM, 280, "联系地址：");
        sheet.text_aligned(LEFT, width, 26 * MM, 280, &format!("第 {page} 页"), Align::Right);
        let mut y = header(&mut sheet, 28 * MM, &form.products);
        while i < form.lines.len() && y + ROW <= BOTTOM {
            let l = &form.lines[i];
            let bold = l.line.is_none();
            sheet.bold(bold);
            sheet.row(LEFT, y, ROW, &c, &cells(l), SIZE);
            sheet.bold(false);
            y += ROW;
            i += 1;
        }
        if i >= form.lines.len() {
            sheet.text(LEFT, y + 600, 240, "单位：元；交易量按各产品的计量单位。");
            break;
        }
    }
    Ok(sheet)
}
