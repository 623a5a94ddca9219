//! A member's account statement (成员账户, Co-operative Law Art. 43) on A4 portrait: who the
//! member is, their contributions, the year-end capital, reserve share and subsidy share, their
//! trade with the co-op by product, the surplus returned to them, and their line of the year's
//! distribution plan. Long tables run on to further pages with their header repeated.

use super::amount;
use super::layout::{col, Align, Col, Paper, Place, Sheet, MM, U};
use crate::base::error::Result;
use crate::base::money::Money;
use crate::equity::contribution::Contribution;
use crate::equity::coop::Coop;
use crate::ledger::member::Member;
use crate::reports::member_account::MemberAccount;
use crate::yearend::distribution::Plan;
use crate::yearend::distribution::PlanStatus;

const LEFT: U = 15 * MM;
const WIDTH: U = 180 * MM;
const TOP: U = 15 * MM;
const BOTTOM: U = 280 * MM;
const ROW: U = 700;
const SIZE: U = 320;

/// The pen's position down the pages.
struct Flow {
    y: U,
}

impl Flow {
    /// Makes room for `h` more: a new page when the current one is full.
    fn room(&mut self, sheet: &mut Sheet, h: U) -> bool {
        if self.y + h > BOTTOM {
            sheet.new_page();
            self.y = TOP;
            return true;
        }
        false
    }

    fn heading(&mut self, sheet: &mut Sheet, text: &str) {
        // A heading stays with its table's header and first row.
        self.room(sheet, 1000 + 2 * ROW);
        sheet.text(LEFT, self.y + 700, 380, text);
        self.y += 1000;
    }

    /// A table: the header, then the rows (the header again on each new page), then `last`
    /// (a total row) if given.
    fn table(
        &mut self,
        sheet: &mut Sheet,
        cols: &[Col],
        header: &[&str],
        rows: &[Vec<String>],
        last: Option<Vec<String>>,
    ) {
        let heads: Vec<Col> = cols.iter().map(|c| col(c.w, Align::Center)).collect();
        self.room(sheet, 2 * ROW);
        sheet.row(LEFT, self.y, ROW, &heads, header, SIZE);
        self.y += ROW;
        for r in rows.iter().chain(last.as_ref()) {
            if self.room(sheet, ROW) {
                sheet.row(LEFT, self.y, ROW, &heads, header, SIZE);
                self.y += ROW;
            }
            sheet.row(LEFT, self.y, ROW, cols, r, SIZE);
            self.y += ROW;
        }
        self.y += 400;
    }

    fn line(&mut self, sheet: &mut Sheet, text: &str) {
        self.room(sheet, 600);
        self.y = sheet.para(LEFT, self.y + 450, WIDTH, SIZE, 480, text) - 480 + 300;
    }
}

fn contribution_detail(c: &Contribution) -> String {
    let unit = match c.kind.as_str() {
        "land" => "亩",
        "labour" => "工日",
        _ => "",
    };
    let mut parts = Vec::new();
    if c.detail.get("exit").is_some() {
        parts.push("退社结算".to_string());
    }
    if let (Some(q), Some(p)) = (&c.quantity, c.unit_price) {
        parts.push(format!("{q} {unit} × {}", amount(p)));
    }
    for key in ["plot", "location", "description"] {
        if let Some(s) = c.detail.get(key).and_then(|v| v.as_str()).filter(|s| !s.trim().is_empty()) {
            parts.push(s.to_string());
        }
    }
    parts.join("　")
}

/// Draws the statement; returns it and the number of table rows (contributions and products).
pub fn draw(
    coop: &Coop,
    member: &Member,
    account: &MemberAccount,
    plan: Option<&Plan>,
    date: &str,
) -> Result<(Sheet, u32)> {
    let year = account.year;
    let who =
        Place::new(format!("成员 {} {}", member.no, member.name), format!("member {} {}", member.no, member.name));
    let mut sheet = Sheet::new(&format!("{} 成员账户 {} {year}", coop.name, member.name), Paper::Portrait)?;
    sheet.new_page();
    sheet.at(Place::new("合作社名称", "the co-op's name"));
    sheet.cell(LEFT, 10 * MM, WIDTH, 10 * MM, 640, "成员账户", Align::Center);
    sheet.cell(LEFT, 20 * MM, WIDTH, 7 * MM, 360, &format!("{}　{year} 年度", coop.name), Align::Center);
    sheet.at(who.clone());
    let (l, t) = (Align::Center, Align::Left);
    let info = [col(2400, l), col(3600, t), col(2400, l), col(3600, t), col(2400, l), col(3600, t)];
    let y = 30 * MM;
    sheet.row(
        LEFT,
        y,
        ROW,
        &info,
        &["成员编号", &member.no.to_string(), "姓名", &member.name, "成员类型", &member.kind_zh],
        SIZE,
    );
    let exited = member.exited.clone().unwrap_or_else(|| "—".into());
    sheet.row(
        LEFT,
        y + ROW,
        ROW,
        &info,
        &["身份证号", &member.id_card, "入社日期", &member.joined, "退社日期", &exited],
        SIZE,
    );
    let mut flow = Flow { y: y + 2 * ROW + 400 };
    let r = Align::Right;

    flow.heading(&mut sheet, "一、出资记录");
    let contributions: Vec<Vec<String>> = account
        .contributions
        .iter()
        .map(|c| vec![c.date.clone(), c.kind_zh.clone(), contribution_detail(c), amount(c.amount)])
        .collect();
    let total: Money = account.contributions.iter().map(|c| c.amount).sum();
    let cols = [col(2800, l), col(3200, l), col(8000, t), col(4000, r)];
    if contributions.is_empty() {
        flow.line(&mut sheet, "本年末以前没有出资记录。");
    } else {
        flow.table(
            &mut sheet,
            &cols,
            &["日期", "出资方式", "说明", "金额"],
            &contributions,
            Some(vec!["合计".into(), String::new(), String::new(), amount(total)]),
        );
    }

    flow.heading(&mut sheet, &format!("二、年末权益（{year}-12-31）"));
    let equity = [col(4500, r), col(4500, r), col(4500, r), col(4500, r)];
    let values = vec![
        amount(account.capital),
        amount(account.reserve),
        amount(account.subsidy),
        amount(account.capital + account.reserve + account.subsidy),
    ];
    flow.table(&mut sheet, &equity, &["股金", "公积金份额", "补助/捐赠份额", "合计"], &[values], None);

    flow.heading(&mut sheet, &format!("三、与本社的交易（{year} 年）"));
    sheet.at(Place::new("交易的产品", "the products traded"));
    let rows: Vec<Vec<String>> = account
        .trade
        .iter()
        .map(|p| vec![p.product.clone(), p.unit.clone(), p.quantity.clone(), amount(p.amount)])
        .collect();
    if rows.is_empty() {
        flow.line(&mut sheet, "本年没有与本社的交易。");
    } else {
        let cols = [col(6500, t), col(2500, l), col(4500, r), col(4500, r)];
        flow.table(
            &mut sheet,
            &cols,
            &["产品", "单位", "数量", "交易额"],
            &rows,
            Some(vec!["合计".into(), String::new(), String::new(), amount(account.trade_amount)]),
        );
    }

    sheet.at(who.clone());
    flow.heading(&mut sheet, &format!("四、本年记入的盈余返还（{year} 年内记账）"));
    let cols = [col(6000, r), col(6000, r), col(6000, r)];
    let values =
        vec![amount(account.patronage), amount(account.residual), amount(account.patronage + account.residual)];
    flow.table(&mut sheet, &cols, &["按交易量（额）返还", "剩余盈余分配", "合计"], &[values], None);

    flow.heading(&mut sheet, &format!("五、{year} 年度盈余分配方案"));
    match plan {
        None => flow.line(&mut sheet, &format!("{year} 年度尚未生成盈余分配方案。")),
        Some(p) => match p.members.iter().find(|m| m.no == member.no) {
            None => flow.line(&mut sheet, &format!("本成员不在 {year} 年度盈余分配方案中。")),
            Some(m) => {
                let state = match p.saved_status() {
                    Some(PlanStatus::Paid) => "已发放",
                    Some(PlanStatus::Posted) => "已记账，尚未发放",
                    Some(PlanStatus::Approved) => "已经成员大会通过",
                    Some(PlanStatus::Reviewed) => "草案，已经党支部研究审议，尚待成员大会通过",
                    Some(PlanStatus::Draft) | None => "草案，尚待党支部研究审议和成员大会通过",
                };
                let cols = [col(3000, r), col(3000, r), col(3000, r), col(3000, r), col(3000, r), col(3000, r)];
                let values = vec![
                    amount(m.trade_amount),
                    amount(m.share_basis),
                    amount(m.patronage),
                    amount(m.residual),
                    amount(m.reserve_share),
                    amount(m.total),
                ];
                flow.table(
                    &mut sheet,
                    &cols,
                    &["交易额", "股金及份额", "返还额", "剩余盈余", "公积金份额", "合计"],
                    &[values],
                    None,
                );
                flow.line(&mut sheet, &format!("方案状态：{state}；已发放 {} 元。", amount(account.paid)));
            }
        },
    }

    let n = sheet.page_count();
    sheet.at(Place::new("页脚", "the footer"));
    for p in 0..n {
        sheet.goto(p);
        let fy = 289 * MM;
        sheet.text(LEFT, fy, 260, &format!("{}　{} 号成员 {}", coop.name, member.no, member.name));
        sheet.text_aligned(
            LEFT,
            WIDTH,
            fy,
            260,
            &format!("第 {} 页 / 共 {n} 页　打印日期：{date}", p + 1),
            Align::Right,
        );
    }
    Ok((sheet, (contributions.len() + rows.len()) as u32))
}
