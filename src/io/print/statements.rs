//! The statements (会农社01 资产负债表, 会农社02 盈余及盈余分配表, 会农社03 成员权益变动表, the
//! member account table 成员账户表 and the general ledger 总账) printed as their paper forms, from
//! the one [`Statement`] shape the screens and the Excel copies use.
//!
//! A4: portrait for 02, the member accounts and the general ledger; landscape where the columns
//! need it — 01 with its two sides beside each other (项目 行次 年初数 期末数 ‖ 项目 行次 年初数
//! 期末数, a double rule between them) and 03 with its six amount columns. Every page carries the
//! title, the form number at the right, 编制单位 / the period / 单位：元, the header row of the
//! ruled table, and 第 N 页 共 M 页 at the foot; long statements run on over as many pages as
//! they need (a general-ledger account continued on a new page repeats its name with （续）).
//! Amounts are right-aligned with thousands separators and their minus; total rows are bold;
//! rows are indented by their level. Under the table every check is printed — 核对相符 lines
//! small and grey, a failing one bold as 核对不符 with both figures and the difference — and at
//! the very end the signature line.

use super::layout::{col, Align, Col, Paper, Place, Sheet, MM, U};
use super::{amount, save, today, Printed};
use crate::base::error::Result;
use crate::reports::statements::{Statement, StatementRow};
use crate::store::book::Book;
use std::path::Path;

/// How one kind of statement is laid out.
struct Spec {
    paper: Paper,
    /// The 项目 column (the label) and its heading (a side-by-side statement puts the block's
    /// title there instead).
    label: (U, &'static str),
    /// The 行次 (or member number) column and its heading, if printed, and whether it comes
    /// before the label.
    line: Option<(U, &'static str)>,
    line_first: bool,
    /// Each amount column's width.
    amount: U,
    /// Row and header-row heights, and the text size.
    row: U,
    head: U,
    size: U,
    /// Block titles print as a row across the table (the general ledger's accounts).
    block_titles: bool,
    /// Labels are indented by their level (not the members' names).
    indent: bool,
}

fn spec(st: &Statement) -> Spec {
    let base = Spec {
        paper: Paper::Portrait,
        label: (0, "项目"),
        line: Some((1500, "行次")),
        line_first: false,
        amount: 0,
        row: 700,
        head: 800,
        size: 300,
        block_titles: false,
        indent: true,
    };
    match st.kind.as_str() {
        // Each side: 5,520 + 1,100 + 2 × 3,500 = 13,620; two sides and the 0.6 mm double rule: 273 mm.
        "balance-sheet" => Spec {
            paper: Paper::Landscape,
            label: (5520, "项目"),
            line: Some((1100, "行次")),
            amount: 3500,
            row: 540,
            head: 700,
            size: 280,
            ..base
        },
        // 9,000 + 1,500 + 2 × 3,750 = 180 mm.
        "surplus" => Spec { label: (9000, "项目"), amount: 3750, row: 750, ..base },
        // 7,980 + 6 × 3,220 = 273 mm; the 2021 form has no 行次.
        "equity-changes" => Spec {
            paper: Paper::Landscape,
            label: (7980, "项目"),
            line: None,
            amount: 3220,
            row: 560,
            head: 700,
            size: 280,
            ..base
        },
        // 1,200 + 3,500 + 7 × 1,900 = 180 mm.
        "member-accounts" => Spec {
            label: (3500, "姓名"),
            line: Some((1200, "编号")),
            line_first: true,
            amount: 1900,
            row: 600,
            head: 900,
            size: 270,
            indent: false,
            ..base
        },
        // The notes: 11,000 + 2 × 3,500 = 180 mm, a block per article of 第五十八条.
        "notes" => {
            Spec { label: (11000, "项目"), line: None, amount: 3500, row: 600, size: 280, block_titles: true, ..base }
        }
        // 6,000 + 3 × 4,000 = 180 mm.
        _ => {
            Spec { label: (6000, "摘要"), line: None, amount: 4000, row: 620, size: 290, block_titles: true, ..base }
        }
    }
}

/// The page's margins and the table's limits for a paper.
struct Page {
    left: U,
    width: U,
    top: U,
    /// The lowest a row may reach.
    bottom: U,
    /// The footer's baseline.
    footer: U,
}

fn page(paper: Paper) -> Page {
    match paper {
        Paper::Portrait => Page { left: 15 * MM, width: 180 * MM, top: 12 * MM, bottom: 280 * MM, footer: 289 * MM },
        Paper::Landscape => Page { left: 12 * MM, width: 273 * MM, top: 9 * MM, bottom: 198 * MM, footer: 204 * MM },
    }
}

/// The gap between the two sides of a side-by-side statement (a double rule).
const GAP: U = 60;
/// Check lines: agreeing ones small and grey, a failing one larger and bold.
const CHECK_OK: (U, U) = (240, 420);
const CHECK_BAD: (U, U) = (300, 520);
/// Room for the signature line under the checks.
const SIGNATURES: U = 1100;
const THIN: U = 15;
const FRAME: U = 35;

/// One cell's text and how it is drawn.
struct Text {
    text: String,
    bold: bool,
    indent: U,
}

fn plain(text: impl Into<String>) -> Text {
    Text { text: text.into(), bold: false, indent: 0 }
}

/// What one printed line of the table is.
enum Item<'a> {
    /// A block's title across the table.
    Title(&'a str),
    /// A row of each side (a side may have run out).
    Rows(Vec<Option<&'a StatementRow>>),
}

struct Layout<'a> {
    st: &'a Statement,
    spec: Spec,
    page: Page,
    /// One side's columns.
    cols: Vec<Col>,
    side_w: U,
    sides: usize,
    date: String,
}

impl Layout<'_> {
    /// The cells of one side of a row.
    fn cells(&self, r: Option<&StatementRow>) -> Vec<Text> {
        let Some(r) = r else {
            return self.cols.iter().map(|_| plain("")).collect();
        };
        let bold = r.kind == "total";
        let indent = if self.spec.indent { U::from(r.indent) * self.spec.size } else { 0 };
        let label = Text { text: r.label.clone(), bold, indent };
        let line = plain(r.line.map(|l| l.to_string()).unwrap_or_default());
        let mut out = Vec::new();
        match (self.spec.line, self.spec.line_first) {
            (Some(_), true) => out.extend([line, label]),
            (Some(_), false) => out.extend([label, line]),
            (None, _) => out.push(label),
        }
        let n = self.st.columns.len();
        out.extend((0..n).map(|i| Text {
            text: r.values.get(i).copied().flatten().map(amount).unwrap_or_default(),
            bold,
            indent: 0,
        }));
        out
    }

    /// The header cells of one side (`title`: the side's block title, if it heads the label column).
    fn header(&self, title: Option<&str>) -> Vec<Text> {
        let label = plain(title.filter(|t| !t.is_empty()).unwrap_or(self.spec.label.1));
        let mut out = Vec::new();
        match (self.spec.line, self.spec.line_first) {
            (Some((_, h)), true) => out.extend([plain(h), label]),
            (Some((_, h)), false) => out.extend([label, plain(h)]),
            (None, _) => out.push(label),
        }
        out.extend(self.st.columns.iter().map(plain));
        out
    }

    /// Draws the cells of one side at `x`: text fitted into each column, the rules between the
    /// columns and under the row.
    fn side(&self, sheet: &mut Sheet, x: U, y: U, h: U, cells: &[Text], align: Option<Align>) {
        let mut cx = x;
        for (i, (c, t)) in self.cols.iter().zip(cells).enumerate() {
            if i > 0 {
                sheet.line(cx, y, cx, y + h, THIN);
            }
            if !t.text.is_empty() {
                sheet.bold(t.bold);
                sheet.cell(cx + t.indent, y, c.w - t.indent, h, self.spec.size, &t.text, align.unwrap_or(c.align));
                sheet.bold(false);
            }
            cx += c.w;
        }
        sheet.line(x, y + h, x + self.side_w, y + h, THIN);
    }

    /// The heading of every page: title, form number, 编制单位, period, unit. Returns the table's top.
    fn top(&self, sheet: &mut Sheet) -> U {
        let (p, st) = (&self.page, self.st);
        sheet.at(Place::new(format!("{}的表头", st.title), format!("the heading of {}", st.title)));
        sheet.bold(true);
        sheet.cell(p.left, p.top, p.width, 1000, 640, &st.title, Align::Center);
        sheet.bold(false);
        if !st.form.is_empty() {
            sheet.text_aligned(p.left, p.width, p.top + 750, 300, &st.form, Align::Right);
        }
        let y = p.top + 1250;
        let period_w = sheet.width(&st.period, 300);
        sheet.cell(
            p.left - 120,
            y,
            (p.width - period_w) / 2 - 400,
            600,
            300,
            &format!("编制单位：{}", st.coop),
            Align::Left,
        );
        sheet.cell(p.left, y, p.width, 600, 300, &st.period, Align::Center);
        sheet.text_aligned(p.left, p.width, y + 414, 300, "单位：元", Align::Right);
        y + 850
    }

    /// The header row at `y`; returns the y under it.
    fn header_row(&self, sheet: &mut Sheet, y: U) -> U {
        let h = self.spec.head;
        for s in 0..self.sides {
            let title = if self.sides > 1 { self.st.blocks.get(s).map(|b| b.title.as_str()) } else { None };
            let cells = self.header(title);
            self.side(sheet, self.x(s), y, h, &cells, Some(Align::Center));
        }
        y + h
    }

    fn x(&self, side: usize) -> U {
        self.page.left + side as U * (self.side_w + GAP)
    }

    /// The table's frame on the current page, from `top` to `bottom`, with the double rule
    /// between the sides.
    fn frame(&self, sheet: &mut Sheet, top: U, bottom: U) {
        sheet.rect(self.page.left, top, self.page.width, bottom - top, FRAME);
        for s in 1..self.sides {
            let x = self.x(s);
            sheet.line(x - GAP, top, x - GAP, bottom, THIN);
            sheet.line(x, top, x, bottom, THIN);
        }
    }

    /// The table's lines: for side-by-side blocks, row i of each; otherwise the blocks one after
    /// another, each under its title when titles are printed.
    fn items(&self) -> Vec<(usize, Item<'_>)> {
        let blocks = &self.st.blocks;
        if self.sides > 1 {
            let n = blocks.iter().map(|b| b.rows.len()).max().unwrap_or(0);
            return (0..n).map(|i| (0, Item::Rows(blocks.iter().map(|b| b.rows.get(i)).collect()))).collect();
        }
        let mut out = Vec::new();
        for (bi, b) in blocks.iter().enumerate() {
            if self.spec.block_titles && !b.title.is_empty() {
                out.push((bi, Item::Title(b.title.as_str())));
            }
            out.extend(b.rows.iter().map(|r| (bi, Item::Rows(vec![Some(r)]))));
        }
        out
    }

    fn title_row(&self, sheet: &mut Sheet, y: U, title: &str) {
        let (left, width, h) = (self.page.left, self.page.width, self.spec.row);
        sheet.at(Place::new(format!("科目 {title}"), format!("account {title}")));
        sheet.bold(true);
        sheet.cell(left, y, width, h, self.spec.size, title, Align::Left);
        sheet.bold(false);
        sheet.line(left, y + h, left + width, y + h, THIN);
    }

    fn place(&self, r: &StatementRow) -> Place {
        let line = r.line.map(|l| l.to_string()).unwrap_or_default();
        if self.st.kind == "member-accounts" {
            Place::new(format!("成员 {line} {}", r.label), format!("member {line} {}", r.label))
        } else {
            Place::new(
                format!("{} {line} {}", self.st.title, r.label),
                format!("{} line {line} {}", self.st.kind, r.label),
            )
        }
    }

    fn draw(&self) -> Result<(Sheet, u32)> {
        let st = self.st;
        let mut sheet = Sheet::new(&format!("{} {} {}", st.coop, st.title, st.period), self.spec.paper)?;
        let (row, bottom) = (self.spec.row, self.page.bottom);
        let items = self.items();
        sheet.new_page();
        let mut table_top = self.top(&mut sheet);
        let mut y = self.header_row(&mut sheet, table_top);
        let mut rows = 0u32;
        for (i, (block, item)) in items.iter().enumerate() {
            // A block's title stays with its first two rows.
            let needed = match item {
                Item::Title(_) => row * (1 + 2.min(st.blocks[*block].rows.len() as U)),
                Item::Rows(_) => row,
            };
            if y + needed > bottom {
                self.frame(&mut sheet, table_top, y);
                sheet.new_page();
                table_top = self.top(&mut sheet);
                y = self.header_row(&mut sheet, table_top);
                // A block continued from the page before is named again.
                let continued = i > 0 && items[i - 1].0 == *block && matches!(item, Item::Rows(_));
                if self.spec.block_titles && continued && !st.blocks[*block].title.is_empty() {
                    self.title_row(&mut sheet, y, &format!("{}（续）", st.blocks[*block].title));
                    y += row;
                }
            }
            match item {
                Item::Title(t) => self.title_row(&mut sheet, y, t),
                Item::Rows(sides) => {
                    for (s, r) in sides.iter().enumerate() {
                        if let Some(r) = r {
                            sheet.at(self.place(r));
                            rows += 1;
                        }
                        let cells = self.cells(*r);
                        self.side(&mut sheet, self.x(s), y, row, &cells, None);
                    }
                }
            }
            y += row;
        }
        self.frame(&mut sheet, table_top, y);
        self.checks(&mut sheet, y);
        self.footers(&mut sheet);
        Ok((sheet, rows))
    }

    /// Every check under the table (on a new page when they do not fit), then the signatures.
    fn checks(&self, sheet: &mut Sheet, y: U) {
        let (left, width) = (self.page.left, self.page.width);
        let needed: U = self.st.checks.iter().map(|c| if c.ok { CHECK_OK.1 } else { 2 * CHECK_BAD.1 }).sum::<U>()
            + 200
            + SIGNATURES;
        let mut y = y + 200;
        if y + needed > self.page.bottom + 300 {
            sheet.new_page();
            y = self.top(sheet);
        }
        sheet.at(Place::new("核对", "the checks"));
        for c in &self.st.checks {
            if c.ok {
                let (size, h) = CHECK_OK;
                sheet.grey(true);
                y = sheet.para(left, y + h, width, size, h, &format!("核对相符：{}（{}）", c.zh, amount(c.left))) - h;
                sheet.grey(false);
            } else {
                // The check, then its figures under it.
                let (size, h) = CHECK_BAD;
                let head = "核对不符：";
                let inset = sheet.width(head, size);
                sheet.bold(true);
                sheet.text(left, y + h, size, head);
                y = sheet.para(left + inset, y + h, width - inset, size, h, &c.zh);
                let figures =
                    format!("左边 {}，右边 {}，相差 {}", amount(c.left), amount(c.right), amount(c.left - c.right));
                y = sheet.para(left + inset, y, width - inset, size, h, &figures) - h;
                sheet.bold(false);
            }
        }
        // The signatures, a quarter of the width each.
        let y = y + SIGNATURES - 200;
        sheet.at(Place::new("签章栏", "the signatures"));
        for (i, who) in ["单位负责人：", "会计主管：", "复核：", "制表："].iter().enumerate() {
            sheet.text(left + i as U * width / 4, y, 300, who);
        }
    }

    /// 第 N 页 共 M 页 on every page, with the statement and period at the left and the print date at the right.
    fn footers(&self, sheet: &mut Sheet) {
        let (p, st) = (&self.page, self.st);
        let n = sheet.page_count();
        sheet.at(Place::new("页脚", "the footer"));
        for i in 0..n {
            sheet.goto(i);
            sheet.text(p.left, p.footer, 240, &format!("{}　{}", st.title, st.period));
            sheet.text_aligned(p.left, p.width, p.footer, 260, &format!("第 {} 页 共 {n} 页", i + 1), Align::Center);
            sheet.text_aligned(p.left, p.width, p.footer, 240, &format!("打印日期：{}", self.date), Align::Right);
        }
    }
}

/// Draws a statement; returns the sheet and the number of statement rows printed.
pub fn draw(st: &Statement, date: &str) -> Result<(Sheet, u32)> {
    let spec = spec(st);
    let page = page(spec.paper);
    let mut cols = Vec::new();
    let line = spec.line.map(|(w, _)| col(w, Align::Center));
    let label = col(spec.label.0, Align::Left);
    match (line, spec.line_first) {
        (Some(l), true) => cols.extend([l, label]),
        (Some(l), false) => cols.extend([label, l]),
        (None, _) => cols.push(label),
    }
    cols.extend(st.columns.iter().map(|_| col(spec.amount, Align::Right)));
    let sides = if st.side_by_side { st.blocks.len().max(1) } else { 1 };
    let side_w = cols.iter().map(|c| c.w).sum();
    debug_assert_eq!(side_w * sides as U + GAP * (sides as U - 1), page.width, "{}", st.kind);
    let layout = Layout { st, spec, page, cols, side_w, sides, date: date.to_string() };
    layout.draw()
}

impl Book {
    /// Prints a statement (`kind` one of [`crate::reports::statements::KINDS`]; `month` for the balance
    /// sheet, default December) as its A4 paper form, every check printed under the table.
    /// `items` is the number of statement rows printed.
    pub fn print_report(&self, kind: &str, year: i32, month: Option<u32>, out: &Path) -> Result<Printed> {
        let st = self.statement(kind, year, month)?;
        let (sheet, items) = draw(&st, &today())?;
        save(sheet, out, items)
    }
}
