//! Printing (issue 6): the distribution slips, the member statement and the 公示 notice as PDFs,
//! read back with poppler's `pdftotext`, `pdfinfo` and `pdffonts` (Debian `poppler-utils`) and
//! rendered with `pdftoppm`; the refusals (no plan, unapproved plan, unknown member, a character
//! the font cannot draw) leave no file and change nothing; the slips' verification codes.
//!
//! Set `COOPBOOK_PRINT_SAMPLES=/some/dir` to keep the PDFs and PNGs made here for a look.

use crate::util::{snapshot, Scratch};
use coopbook::io::print::{missing_glyphs, Printed};
use coopbook::ledger::member::NewMember;
use coopbook::yearend::slip_code::slip_code;
use coopbook::{Book, Mode, Money};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn run(s: &Scratch, args: &[&str]) -> Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    s.cli("会计", &a).ok().json()
}

/// A citizen ID from 17 digits and its GB 11643 check digit.
fn citizen_id(base: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = base.chars().zip(W).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    format!("{base}{}", "10X98765432".as_bytes()[(sum % 11) as usize] as char)
}

/// The year of tests/distribution.rs (capital 60,000 / 30,000 / 10,000; 张三 and 李四 deliver
/// 1,000.00 and 2,000.00 of mushrooms) plus 张镕, 王堃 and 李喆, whose names are outside GB 2312:
/// 张镕 contributes 5,000 and delivers 500.00, 王堃 contributes 3,000, 李喆 delivers 1,500.00;
/// 7 赵六 has neither (a plan line of zeros); 8 钱七 joins in 2026 (no line in the 2025 plan).
fn year() -> Scratch {
    let s = Scratch::with_members();
    {
        let mut b = s.book("会计");
        for (i, name) in ["张镕", "王堃", "李喆", "赵六"].iter().enumerate() {
            let id = citizen_id(&format!("3501251980010{}00{}", i + 1, i + 1));
            b.add_member(&NewMember {
                name: (*name).into(),
                id_card: id,
                kind: "farmer".into(),
                phone: None,
                joined: Some("2025-01-01".into()),
            })
            .unwrap();
        }
        b.add_member(&NewMember {
            name: "钱七".into(),
            id_card: citizen_id("35012519900505005"),
            kind: "farmer".into(),
            phone: None,
            joined: Some("2026-03-01".into()),
        })
        .unwrap();
    }
    for (m, amt) in [("1", "60000"), ("2", "30000"), ("3", "10000"), ("4", "5000"), ("5", "3000")] {
        run(&s, &["contribute", "--member", m, "--kind", "cash", "--date", "2025-01-05", "--amount", amt]);
    }
    run(&s, &["product", "add", "香菇", "--unit", "斤"]);
    run(&s, &["buyer", "add", "永辉超市", "--channel", "supermarket"]);
    for (m, qty, date) in
        [("2", "100", "2025-03-01"), ("3", "200", "2025-03-02"), ("4", "50", "2025-03-03"), ("6", "150", "2025-03-04")]
    {
        run(&s, &["deliver", "--member", m, "--product", "香菇", "--qty", qty, "--price", "10", "--date", date]);
    }
    run(
        &s,
        &[
            "sale",
            "add",
            "--date",
            "2025-03-10",
            "--product",
            "香菇",
            "--qty",
            "500",
            "--price",
            "15",
            "--buyer",
            "永辉超市",
        ],
    );
    run(&s, &["operation", "rental-income", "--date", "2025-06-30", "--amount", "8000.01"]);
    run(&s, &["operation", "expense", "--date", "2025-07-01", "--amount", "1000"]);
    s
}

fn plan(s: &Scratch) -> Value {
    run(s, &["distribution", "plan", "--year", "2025"])
}

fn approve(s: &Scratch) {
    run(s, &["distribution", "approve-branch", "--year", "2025", "--date", "2026-01-10", "--ref", "支委会记录2026-01"]);
    run(
        s,
        &[
            "distribution",
            "approve-meeting",
            "--year",
            "2025",
            "--date",
            "2026-01-20",
            "--ref",
            "成员大会决议〔2026〕1号",
        ],
    );
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

pub(crate) fn text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

/// Text without its spaces (pdftotext drops some between CJK and digits, keeps others).
pub(crate) fn squash(t: &str) -> String {
    t.chars().filter(|c| *c != ' ').collect()
}

/// The text of each page.
fn page_texts(pdf: &Path) -> Vec<String> {
    text(pdf).split('\u{c}').filter(|p| !p.trim().is_empty()).map(str::to_string).collect()
}

fn info(pdf: &Path, key: &str) -> String {
    let out = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no {key} in {out}"))
        .trim()
        .to_string()
}

/// Renders page `page` at 60 dpi; returns the PNG (copied to `$COOPBOOK_PRINT_SAMPLES`).
fn png(pdf: &Path, page: u32, name: &str) -> PathBuf {
    let prefix = pdf.with_file_name(name);
    let p = page.to_string();
    tool(
        "pdftoppm",
        &["-r", "60", "-png", "-singlefile", "-f", &p, "-l", &p, pdf.to_str().unwrap(), prefix.to_str().unwrap()],
    );
    let png = prefix.with_extension("png");
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000, "{} looks empty", png.display());
    keep(&png);
    png
}

fn keep(file: &Path) {
    if let Some(dir) = std::env::var_os("COOPBOOK_PRINT_SAMPLES") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(file, Path::new(&dir).join(file.file_name().unwrap())).unwrap();
    }
}

/// The font is embedded as a subset (`pdffonts`: emb, sub and uni all "yes").
fn assert_subset(pdf: &Path) {
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 1, "{fonts}");
    assert!(
        rows[0].contains("+NotoSansSC")
            && rows[0].contains("CID TrueType")
            && rows[0].split_whitespace().rev().take(5).collect::<Vec<_>>()[2..] == ["yes", "yes", "yes"],
        "{fonts}"
    );
}

#[test]
fn slips_for_every_member_with_something_to_receive() {
    let s = year();
    let p = plan(&s);
    approve(&s);
    let lines: Vec<String> = p["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} {} {} {}",
                m["no"],
                m["name"].as_str().unwrap(),
                m["total"].as_str().unwrap(),
                m["reserve_share"].as_str().unwrap()
            )
        })
        .collect();
    // S 9,500.01 (the mushrooms sell for 2,500.00 over cost) → R 950.00, D 8,550.01;
    // P 5,130.01 over trade 0 : 1,000 : 2,000 : 500 : 0 : 1,500 : 0 (the odd 分 to 李四);
    // Q 3,420.00 and R over capital 60,000 : 30,000 : 10,000 : 5,000 : 3,000 : 0 : 0.
    assert_eq!(
        lines,
        [
            "1 青山村股份经济合作社 1900.00 527.78",
            "2 张三 1976.00 263.89",
            "3 李四 2368.68 87.96",
            "4 张镕 671.33 43.98",
            "5 王堃 95.00 26.39",
            "6 李喆 1539.00 0.00",
            "7 赵六 0.00 0.00",
        ]
    );
    let before = s.snapshot();
    let out = s.dir.path().join("slips.pdf");
    let printed = s.reader().print_slips(2025, None, &out).unwrap();
    assert_eq!(s.snapshot(), before, "printing wrote the book");
    // 赵六 gets nothing and no slip: six slips, two pages.
    assert_eq!(
        printed,
        Printed { path: out.display().to_string(), pages: 2, bytes: std::fs::metadata(&out).unwrap().len(), items: 6 }
    );
    assert_eq!(info(&out, "Pages"), "2");
    assert!(info(&out, "Page size").starts_with("595.276 x 841.89"), "{}", info(&out, "Page size"));
    // One font subset, not the 10 MB face: the file is small.
    assert_subset(&out);
    assert!(printed.bytes < 200 * 1024, "{} bytes", printed.bytes);
    let t = text(&out);
    let conn = s.reader();
    for (no, name, total) in [
        (1, "青山村股份经济合作社", "1,900.00"),
        (2, "张三", "1,976.00"),
        (3, "李四", "2,368.68"),
        (4, "张镕", "671.33"),
        (5, "王堃", "95.00"),
        (6, "李喆", "1,539.00"),
    ] {
        assert!(t.contains(name) && t.contains(total), "{name} {total} not in\n{t}");
        let code = slip_code(conn.conn(), 2025, no).unwrap();
        assert!(t.contains(&format!("校验码：{code}")), "{code} not in\n{t}");
    }
    assert!(!t.contains("赵六") && !t.contains("钱七"));
    assert!(t.contains("人民币贰仟叁佰陆拾捌元陆角捌分") && t.contains("人民币壹仟玖佰元整"), "{t}");
    assert_eq!(Money(236868).in_words(), "人民币贰仟叁佰陆拾捌元陆角捌分");
    assert!(t.contains("1101**********002X") && t.contains("3501**********0016"), "masked IDs:\n{t}");
    for needle in [
        "青山村十方田农产品专业合作社 2025 年度盈余分配通知单",
        "成员大会决议〔2026〕1号",
        "2026-01-20",
        "支委会记录2026-01",
        "制表：会计",
        "领款人（签字）",
        "沿此线剪开",
    ] {
        assert!(t.contains(needle), "{needle} not in\n{t}");
    }
    // Three slips and two cut lines on the first page, the rest on the second.
    let pages = page_texts(&out);
    assert_eq!(
        pages.iter().map(|p| (p.matches("通知单").count(), p.matches("沿此线剪开").count())).collect::<Vec<_>>(),
        [(3, 2), (3, 2)]
    );
    keep(&out);
    png(&out, 1, "slips-page1");
}

#[test]
fn one_members_slip_and_statement() {
    let s = year();
    plan(&s);
    approve(&s);
    run(&s, &["distribution", "post", "--year", "2025"]);
    let out = s.dir.path().join("slip-4.pdf");
    let printed = s.reader().print_slips(2025, Some(4), &out).unwrap();
    assert_eq!((printed.pages, printed.items), (1, 1));
    let t = text(&out);
    assert!(
        t.contains("张镕") && t.contains("671.33") && t.contains("人民币陆佰柒拾壹元叁角叁分") && !t.contains("张三"),
        "{t}"
    );
    assert_eq!(t.matches("沿此线剪开").count(), 0);
    // A member with a zero line still gets the slip asked for.
    let zero = s.reader().print_slips(2025, Some(7), &s.dir.path().join("slip-7.pdf")).unwrap();
    assert_eq!(zero.items, 1);

    let out = s.dir.path().join("statement-4.pdf");
    let before = s.snapshot();
    let printed = s.reader().print_statement(4, 2025, &out).unwrap();
    assert_eq!(s.snapshot(), before);
    assert_eq!((printed.pages, printed.items), (1, 2));
    assert_eq!(info(&out, "Pages"), "1");
    assert_subset(&out);
    let t = text(&out);
    for needle in [
        "成员账户",
        "青山村十方田农产品专业合作社",
        "张镕",
        "3501**********0016",
        "农民",
        "2025-01-01",
        "2025-01-05",
        "现金",
        "5,000.00",
        "香菇",
        "斤",
        "50",
        "500.00",
        "已记账，尚未发放",
        "671.33",
        "513.00",
        "158.33",
        "43.98",
        "第1页/共1页",
    ] {
        assert!(t.contains(needle) || squash(&t).contains(needle), "{needle} not in\n{t}");
    }
    keep(&out);
    png(&out, 1, "statement-page1");
}

#[test]
fn notice_in_landscape_with_headers_subtotals_and_total() {
    // The small year, still a draft: one page, titled as a draft.
    let s = year();
    plan(&s);
    let out = s.dir.path().join("notice-draft.pdf");
    let printed = s.reader().print_notice(2025, &out).unwrap();
    assert_eq!((printed.pages, printed.items), (1, 7));
    assert_eq!(info(&out, "Page size"), "841.89 x 595.276 pts (A4)");
    let t = text(&out);
    for needle in [
        "青山村十方田农产品专业合作社 2025 年度盈余分配方案公示（草案）",
        "9,500.01",
        "950.00",
        "8,550.01",
        "5,130.01",
        "3,420.00",
        "（10%）",
        "（60%）",
        "赵六",
        "公示期",
        "理事会或监事会反映",
    ] {
        assert!(t.contains(needle), "{needle} not in\n{t}");
    }
    // 总计: trade 5,000.00, basis 108,000.00, P 5,130.01, Q 3,420.00, R 950.00, total 8,550.01.
    let total = t.lines().find(|l| l.contains("总计")).unwrap();
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        ["总计", "5,000.00", "108,000.00", "5,130.01", "3,420.00", "950.00", "8,550.01"]
    );
    keep(&out);

    // The demo co-op: 40 members and the collective, 25 to a page.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.coopbook");
    drop(coopbook::tools::demo::create(&db, 40, 1, 2025, 7).unwrap());
    let book = Book::open(&db, "监事", Mode::Read).unwrap();
    let plan = book.distribution(2025).unwrap();
    assert_eq!((plan.status.as_str(), plan.members.len()), ("paid", 41));
    let out = dir.path().join("notice.pdf");
    let printed = book.print_notice(2025, &out).unwrap();
    assert_eq!((printed.pages, printed.items), (2, 41));
    assert_eq!(info(&out, "Pages"), "2");
    let pages = page_texts(&out);
    assert_eq!(pages.len(), 2);
    let sums = |ms: &[coopbook::yearend::distribution::PlanMember]| -> Vec<String> {
        let f =
            |g: fn(&coopbook::yearend::distribution::PlanMember) -> Money| ms.iter().map(g).sum::<Money>().grouped();
        vec![
            f(|m| m.trade_amount),
            f(|m| m.share_basis),
            f(|m| m.patronage),
            f(|m| m.residual),
            f(|m| m.reserve_share),
            f(|m| m.total),
        ]
    };
    for (i, page) in pages.iter().enumerate() {
        // The header row once on every page, and the page's own subtotal.
        assert_eq!(
            (page.matches("公积金份额").count(), page.matches("成员编号").count(), page.matches("本页小计").count()),
            (1, 1, 1),
            "page {}:\n{page}",
            i + 1
        );
        assert!(squash(page).contains(&format!("第{}页/共2页", i + 1)), "{page}");
        let sub = page.lines().find(|l| l.contains("本页小计")).unwrap();
        let members = &plan.members[i * 25..((i + 1) * 25).min(41)];
        assert_eq!(sub.split_whitespace().skip(1).collect::<Vec<_>>(), sums(members), "page {}", i + 1);
        // Every member of the page in a row of their own, with their total.
        for m in members {
            assert!(
                page.lines().any(|l| l.contains(&m.name) && l.trim_end().ends_with(&m.total.grouped())),
                "{} {} on page {}",
                m.no,
                m.name,
                i + 1
            );
        }
    }
    assert!(!pages[0].contains("（草案）") && pages[1].contains("（续）") && !pages[0].contains("总计"));
    let total = pages[1].lines().find(|l| l.contains("总计")).unwrap();
    let expected = sums(&plan.members);
    assert_eq!(total.split_whitespace().skip(1).collect::<Vec<_>>(), expected);
    assert_eq!(
        (expected[2].as_str(), expected[3].as_str(), expected[4].as_str()),
        (plan.patronage.grouped().as_str(), plan.residual.grouped().as_str(), plan.reserve.grouped().as_str())
    );
    assert!(pages[1].contains("成员大会决议〔2025〕6号") && pages[1].contains("公示期"), "{}", pages[1]);
    keep(&out);
    png(&out, 1, "notice-page1");
    png(&out, 2, "notice-page2");

    // A full first page (25 members) still has room for the total, the approvals and the period.
    let db = dir.path().join("demo25.coopbook");
    drop(coopbook::tools::demo::create(&db, 24, 1, 2025, 7).unwrap());
    let out = dir.path().join("notice-25.pdf");
    let printed = Book::open(&db, "监事", Mode::Read).unwrap().print_notice(2025, &out).unwrap();
    assert_eq!((printed.pages, printed.items), (1, 25));
    let t = text(&out);
    assert!(t.contains("本页小计") && t.contains("总计") && t.contains("公示期") && t.contains("理事会"), "{t}");
    keep(&out);
    png(&out, 1, "notice-25");
}

#[test]
fn refusals_leave_no_file_and_change_nothing() {
    let s = year();
    let dir = s.dir.path();
    let refused = |r: coopbook::Result<Printed>, out: &Path, code: &str| -> coopbook::Error {
        let e = r.expect_err(code);
        assert_eq!(e.code, code, "{e}");
        assert!(
            !out.exists()
                && !out.with_file_name(format!("{}.tmp", out.file_name().unwrap().to_str().unwrap())).exists(),
            "{} left behind",
            out.display()
        );
        e
    };
    let before = s.snapshot();
    let out = dir.join("x.pdf");
    let e = refused(s.reader().print_slips(2025, None, &out), &out, "no-plan");
    assert!(e.zh.contains("2025 年还没有盈余分配方案"), "{e}");
    refused(s.reader().print_notice(2025, &out), &out, "no-plan");
    assert_eq!(s.snapshot(), before);

    plan(&s);
    let e = refused(s.reader().print_slips(2025, None, &out), &out, "plan-not-approved");
    assert!(e.zh.contains("尚未经成员大会通过"), "{e}");
    run(&s, &["distribution", "approve-branch", "--year", "2025", "--date", "2026-01-10", "--ref", "支委会"]);
    refused(s.reader().print_slips(2025, Some(2), &out), &out, "plan-not-approved");
    run(&s, &["distribution", "approve-meeting", "--year", "2025", "--date", "2026-01-20", "--ref", "决议"]);
    refused(s.reader().print_slips(2025, Some(99), &out), &out, "unknown-member");
    refused(s.reader().print_statement(99, 2025, &out), &out, "unknown-member");
    let e = refused(s.reader().print_slips(2025, Some(8), &out), &out, "not-in-plan");
    assert!(e.zh.contains("8 号成员 钱七"), "{e}");
    assert_eq!(slip_code(s.reader().conn(), 2025, 8).unwrap_err().code, "not-in-plan");
    assert_eq!(slip_code(s.reader().conn(), 2025, 99).unwrap_err().code, "unknown-member");
    assert_eq!(slip_code(s.reader().conn(), 2024, 2).unwrap_err().code, "no-plan");

    // A name the font cannot draw (U+20000, CJK Extension B) refuses every document it is on.
    assert_eq!(missing_glyphs("张𠀀 李\n𠀀"), ['𠀀']);
    assert_eq!(missing_glyphs("张镕王堃李喆昇玥赟旻"), Vec::<char>::new());
    rusqlite::Connection::open(&s.db).unwrap().execute("UPDATE members SET name = '张𠀀' WHERE no = 4", []).unwrap();
    let before = s.snapshot();
    let e = refused(s.reader().print_slips(2025, None, &out), &out, "missing-glyphs");
    assert_eq!(e.zh, "以下字符在打印字体中没有字形，无法打印：𠀀（成员 4 张𠀀）");
    assert_eq!(e.en, "no glyph in the print font for: 𠀀 (U+20000) (member 4 张𠀀)");
    refused(s.reader().print_slips(2025, Some(4), &out), &out, "missing-glyphs");
    refused(s.reader().print_notice(2025, &out), &out, "missing-glyphs");
    let e = refused(s.reader().print_statement(4, 2025, &out), &out, "missing-glyphs");
    assert!(e.zh.starts_with("以下字符在打印字体中没有字形，无法打印：𠀀（成员 4 张𠀀"), "{e}");
    // Other members still print; an existing file is replaced only by a complete one.
    std::fs::write(&out, b"old").unwrap();
    assert_eq!(s.reader().print_slips(2025, Some(2), &out).unwrap().items, 1);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    let e = s.reader().print_slips(2025, Some(4), &out).unwrap_err();
    assert_eq!(e.code, "missing-glyphs");
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"), "a refusal touched the earlier file");
    assert_eq!(snapshot(&s.db), before);
}

#[test]
fn slip_codes_follow_the_plan() {
    let s = year();
    plan(&s);
    let code = |no: i64| slip_code(s.reader().conn(), 2025, no).unwrap();
    let first: Vec<String> = (1..=7).map(code).collect();
    assert!(
        first.iter().all(|c| c.len() == 9
            && c.as_bytes()[4] == b'-'
            && c.chars().all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase())),
        "{first:?}"
    );
    // Stable for the same plan, different for every member.
    assert_eq!((1..=7).map(code).collect::<Vec<_>>(), first);
    let mut distinct = first.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 7);
    // Another rate changes every code, even 赵六's (whose line stays all zeros); the old rate
    // gives the old codes back.
    run(&s, &["distribution", "plan", "--year", "2025", "--patronage-rate", "0.7"]);
    let other: Vec<String> = (1..=7).map(code).collect();
    assert!(first.iter().zip(&other).all(|(a, b)| a != b), "{first:?} {other:?}");
    plan(&s);
    assert_eq!((1..=7).map(code).collect::<Vec<_>>(), first);
    // Approving does not change them (the slips printed after the meeting keep their codes).
    approve(&s);
    assert_eq!((1..=7).map(code).collect::<Vec<_>>(), first);
}

/// A statement longer than a page runs on, the table's header repeated on the next page.
#[test]
fn long_statement_runs_on_to_more_pages() {
    let s = year();
    {
        let mut b = s.book("会计");
        for i in 0..60 {
            let c = coopbook::equity::contribution::NewContribution {
                member: "2".into(),
                kind: "cash".into(),
                date: format!("2025-{:02}-{:02}", 2 + i / 28, 1 + i % 28),
                amount: Some(format!("{}.{:02}", 100 + i, i)),
                ..Default::default()
            };
            b.contribute(&c).unwrap();
        }
    }
    let out = s.dir.path().join("statement-2.pdf");
    let printed = s.reader().print_statement(2, 2025, &out).unwrap();
    // 61 contributions and one product.
    assert_eq!((printed.pages, printed.items), (3, 62));
    let pages = page_texts(&out);
    assert_eq!(pages.len(), 3);
    for (i, page) in pages.iter().enumerate() {
        // The contributions run over pages 1 and 2; the other sections follow.
        assert_eq!(page.matches("出资方式").count(), usize::from(i < 2), "page {}:\n{page}", i + 1);
        assert!(squash(page).contains(&format!("第{}页/共3页", i + 1)), "{page}");
    }
    assert!(pages[1].contains("二、年末权益") && pages[2].contains("五、2025 年度盈余分配方案"), "{}", pages[2]);
    // 30,000.00 + 100.00 + 101.01 + … + 159.59 = 30,000.00 + 7,770.00 + 17.70 (the 分: 0 + 1 + … + 59 = 1,770).
    let total = pages[1]
        .lines()
        .find(|l| l.contains("合计") && l.contains("37,787.70"))
        .unwrap_or_else(|| panic!("{}", pages[1]));
    assert!(total.trim_start().starts_with("合计"), "{total}");
    keep(&out);
    png(&out, 2, "statement-page2");
}

/// Long names shrink to fit their cell, or wrap within it, and are never cut.
#[test]
fn long_names_shrink_or_wrap() {
    let s = year();
    plan(&s);
    approve(&s);
    let c = rusqlite::Connection::open(&s.db).unwrap();
    let (long, longer) = (
        "福建省青山村十方田农业科技发展有限公司",
        "福建省青山村十方田农业科技发展有限公司第一分公司暨青山村十方田农产品专业合作社联合社",
    );
    c.execute("UPDATE members SET name = ?1 WHERE no = 5", [long]).unwrap();
    c.execute("UPDATE members SET name = ?1 WHERE no = 6", [longer]).unwrap();
    for (file, printed) in [
        ("long-slips.pdf", s.reader().print_slips(2025, None, &s.dir.path().join("long-slips.pdf"))),
        ("long-notice.pdf", s.reader().print_notice(2025, &s.dir.path().join("long-notice.pdf"))),
    ] {
        printed.unwrap();
        let t = text(&s.dir.path().join(file));
        // The first shrinks onto one line; the second wraps (pdftotext reads its lines apart).
        assert!(t.contains(long) && !t.contains(longer) && !t.contains('…'), "{file}:\n{t}");
        assert!(t.contains("福建省青山村十方田农业") && t.contains("联合社"), "{file}:\n{t}");
    }
}

/// The demo co-op's slips (its 2025 plan is approved, posted and paid at the year-end meeting):
/// one slip for every member with something to receive, each showing the member's name and total
/// as the plan has them, three to a page.
#[test]
fn the_demo_coops_slips_show_every_member() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.coopbook");
    drop(coopbook::tools::demo::create(&db, 30, 1, 2025, 1).unwrap());
    let book = Book::open(&db, "监事", Mode::Read).unwrap();
    let plan = book.distribution(2025).unwrap();
    assert_eq!(plan.status, "paid");
    let out = dir.path().join("demo-slips.pdf");
    let printed = book.print_slips(2025, None, &out).unwrap();
    let due: Vec<_> = plan.members.iter().filter(|m| m.total.fen() > 0 || m.reserve_share.fen() > 0).collect();
    assert_eq!(due.len(), 31);
    assert_eq!((printed.items, printed.pages), (31, 11));
    assert_eq!(info(&out, "Pages"), "11");
    let pages = page_texts(&out);
    for (i, m) in due.iter().enumerate() {
        // Each slip on its page: the member's name, the total in figures and in words, the code.
        let page = squash(&pages[i / 3]);
        for want in [
            m.name.clone(),
            m.total.grouped(),
            m.total.in_words(),
            coopbook::yearend::slip_code::slip_code(book.conn(), 2025, m.no).unwrap(),
        ] {
            assert!(page.contains(&squash(&want)), "member {} ({}): {want} not on page {}", m.no, m.name, i / 3 + 1);
        }
    }
    png(&out, 1, "demo-slips-1");
    assert_subset(&out);
}

/// A March of three vouchers: 记-0001 李四's share capital on 30101 普通股金 (posted), 记-0002 a sale of eight lines
/// (reviewed, not posted: two sheets), 记-0003 the reversal of 记-0001 (a draft).
fn voucher_month() -> (Scratch, [i64; 3]) {
    let s = Scratch::with_members();
    s.book("会计").add_account("30101", "普通股金", "301").unwrap();
    let v1 = crate::util::post(&s, "2025-03-05", "李四交来股金", &["101:5000:0", "30101:0:5000:3"]);
    let lines = [
        "101:100:0",
        "102:200:0",
        "109:300:0",
        "113:400.50:0",
        "52101:1000:0",
        "50101:0:1000.50",
        "502:0:500",
        "211:0:500",
    ];
    let v2 = s.book("会计").add_voucher(&crate::util::voucher("2025-03-10", "香菇销售及费用", &lines)).unwrap().id;
    s.book("理事长").review_voucher(v2).unwrap();
    let v3 = s.book("会计").reverse_voucher(v1, Some("2025-03-20")).unwrap().id;
    (s, [v1, v2, v3])
}

#[test]
fn a_months_vouchers_two_sheets_to_a_page() {
    let (s, _) = voucher_month();
    let out = s.dir.path().join("vouchers-2025-03.pdf");
    let before = s.snapshot();
    let printed = s.reader().print_month_vouchers("2025-03", &out).unwrap();
    assert_eq!(s.snapshot(), before, "printing wrote the book");
    // Sheets: 1 + 2 + 1 = 4, two to a page.
    assert_eq!(
        printed,
        Printed { path: out.display().to_string(), pages: 2, bytes: std::fs::metadata(&out).unwrap().len(), items: 3 }
    );
    assert_eq!(info(&out, "Pages"), "2");
    assert_subset(&out);
    let t = text(&out);
    let q = squash(&t);
    assert_eq!(t.matches("记账凭证").count(), 4, "{t}");
    assert_eq!(t.matches("沿此线剪开").count(), 2, "{t}");
    assert_eq!(t.matches("未记账").count(), 3, "two sheets of 记-0002, one of 记-0003:\n{t}");
    assert_eq!(Money(200050).in_words(), "人民币贰仟元伍角整");
    for needle in [
        "记字第0001号",
        "记字第0002号",
        "记字第0003号",
        "2025年03月05日",
        "2025年03月20日",
        "青山村十方田农产品专业合作社",
        "人民币伍仟元整",
        "人民币贰仟元伍角整",
        "人民币负伍仟元整",
        "5,000.00",
        "2,000.50",
        "-5,000.00",
        "1,000.50",
        "101库存现金",
        "301股金",
        "30101普通股金",
        "3号李四",
        "501经营收入",
        "50101香菇",
        "521经营支出",
        "52101香菇",
        "113应收款",
        "第1/2张",
        "第2/2张",
        "合计（大写）",
        "制单：会计",
        "审核：理事长",
        "记账：理事长",
        "红字冲销记-0001（原凭证2025-03-05）",
        "李四交来股金",
        "香菇销售及费用",
    ] {
        assert!(q.contains(needle), "{needle} not in\n{t}");
    }
    // Page 1: 记-0001 and the first six lines of 记-0002 (no 合计 yet); page 2: its last two
    // lines with the 合计, then 记-0003.
    let pages: Vec<String> = page_texts(&out).iter().map(|p| squash(p)).collect();
    assert_eq!(pages.len(), 2);
    assert!(
        pages[0].contains("记字第0001号") && pages[0].contains("第1/2张") && pages[0].contains("合计见第2/2张"),
        "{}",
        pages[0]
    );
    assert!(
        !pages[0].contains("人民币贰仟元伍角整")
            && !pages[0].contains("211应付款")
            && !pages[0].contains("502其他收入")
            && !pages[0].contains("红字冲销")
    );
    assert!(
        pages[1].contains("第2/2张")
            && pages[1].contains("人民币贰仟元伍角整")
            && pages[1].contains("211应付款")
            && pages[1].contains("502其他收入")
    );
    assert!(pages[1].contains("记字第0003号") && pages[1].contains("红字冲销") && !pages[1].contains("记字第0001号"));
    // The posted voucher is not marked; its sheet is the first on page 1.
    assert_eq!(pages[0].matches("未记账").count(), 1, "only 记-0002's first sheet:\n{}", pages[0]);
    keep(&out);
    let png = png(&out, 1, "voucher-page1");
    std::fs::create_dir_all("/tmp/print-samples").unwrap();
    std::fs::copy(&png, "/tmp/print-samples/voucher-page1.png").unwrap();
    let png2 = self::png(&out, 2, "voucher-page2");
    std::fs::copy(&png2, "/tmp/print-samples/voucher-page2.png").unwrap();
}

#[test]
fn chosen_vouchers_in_the_order_given() {
    let (s, [v1, _, v3]) = voucher_month();
    let out = s.dir.path().join("voucher-1.pdf");
    let printed = s.reader().print_vouchers(&[v1], &out).unwrap();
    assert_eq!((printed.pages, printed.items), (1, 1));
    let t = squash(&text(&out));
    assert!(t.contains("记字第0001号") && t.contains("人民币伍仟元整"), "{t}");
    // 附件 1 张 stands in the right margin, one character under another.
    let margin: Vec<&str> = t.lines().map(str::trim).filter(|l| ["附", "件", "1", "张"].contains(l)).collect();
    assert_eq!(margin, ["附", "件", "1", "张"], "{t}");
    assert!(
        !t.contains("记字第0002号") && !t.contains("未记账") && !t.contains("沿此线剪开") && !t.contains("第1/"),
        "{t}"
    );
    // The reversal first, then the original: one page, one cut line.
    let printed = s.reader().print_vouchers(&[v3, v1], &out).unwrap();
    assert_eq!((printed.pages, printed.items), (1, 2));
    let t = squash(&text(&out));
    let (a, b) = (t.find("记字第0003号").unwrap(), t.find("记字第0001号").unwrap());
    assert!(a < b, "{t}");
    assert_eq!(t.matches("沿此线剪开").count(), 1);
}

#[test]
fn voucher_print_refusals_leave_no_file() {
    let (s, [_, v2, v3]) = voucher_month();
    let out = s.dir.path().join("v.pdf");
    let refused = |r: coopbook::Result<Printed>, code: &str| -> coopbook::Error {
        let e = r.expect_err(code);
        assert_eq!(e.code, code, "{e}");
        assert!(!out.exists() && !s.dir.path().join("v.pdf.tmp").exists(), "{} left behind", out.display());
        e
    };
    let before = s.snapshot();
    let e = refused(s.reader().print_vouchers(&[v2, 999], &out), "unknown-voucher");
    assert_eq!(e.zh, "凭证 999 不存在");
    let e = refused(s.reader().print_month_vouchers("2025-04", &out), "no-vouchers");
    assert_eq!(e.zh, "2025-04 没有凭证");
    refused(s.reader().print_month_vouchers("2025-13", &out), "month-invalid");
    refused(s.reader().print_month_vouchers("三月", &out), "month-invalid");
    refused(s.reader().print_vouchers(&[], &out), "no-vouchers");
    // A character the font cannot draw, on the draft reversal's line.
    rusqlite::Connection::open(&s.db)
        .unwrap()
        .execute("UPDATE voucher_lines SET summary = '冲销𠀀' WHERE voucher_id = ?1 AND line_no = 1", [v3])
        .unwrap();
    let before_glyph = s.snapshot();
    let e = refused(s.reader().print_month_vouchers("2025-03", &out), "missing-glyphs");
    assert_eq!(e.zh, "以下字符在打印字体中没有字形，无法打印：𠀀（凭证 2025-03-20 记-0003）");
    refused(s.reader().print_vouchers(&[v3], &out), "missing-glyphs");
    assert_eq!(s.reader().print_vouchers(&[v2], &out).unwrap().items, 1);
    assert_eq!(s.snapshot(), before_glyph);
    assert_ne!(before, before_glyph);
}

/// The CLI prints a month's vouchers or the ones named, and refuses both at once as a usage error.
#[test]
fn vouchers_from_the_command_line() {
    let (s, [v1, _, v3]) = voucher_month();
    let out = s.dir.path().join("三月凭证.pdf");
    let p = run(&s, &["print", "vouchers", "--month", "2025-03", "--out", out.to_str().unwrap()]);
    assert_eq!((p["items"].as_i64(), p["pages"].as_i64()), (Some(3), Some(2)));
    let one = s.dir.path().join("one.pdf");
    let p = run(
        &s,
        &["print", "vouchers", "--id", &v3.to_string(), "--id", &v1.to_string(), "--out", one.to_str().unwrap()],
    );
    assert_eq!((p["items"].as_i64(), p["pages"].as_i64()), (Some(2), Some(1)));
    let both = s.cli("会计", &["print", "vouchers", "--month", "2025-03", "--id", "1", "--out", one.to_str().unwrap()]);
    assert_eq!(both.code, 2, "{}", both.stderr);
}

/// The distribution scenario of tests/distribution.rs (S = 8,500.01), the plan approved and
/// posted on 30 December and the year closed: every statement of 2025 printed.
fn distributed_and_closed() -> Scratch {
    let s = crate::distribution::year();
    run(&s, &["distribution", "plan", "--year", "2025"]);
    run(&s, &["distribution", "approve-branch", "--year", "2025", "--date", "2025-12-26", "--ref", "支委会记录"]);
    run(&s, &["distribution", "approve-meeting", "--year", "2025", "--date", "2025-12-30", "--ref", "成员大会决议"]);
    run(&s, &["distribution", "post", "--year", "2025"]);
    run(&s, &["year", "close", "2025"]);
    s
}

/// Prints a statement of 2025; checks the result, the file and its single font subset.
fn report(s: &Scratch, kind: &str, month: Option<u32>) -> (PathBuf, Printed, String) {
    let out = s.dir.path().join(format!("{kind}{}.pdf", month.map(|m| format!("-{m}")).unwrap_or_default()));
    let before = s.snapshot();
    let printed = s.reader().print_report(kind, 2025, month, &out).unwrap();
    assert_eq!(s.snapshot(), before, "printing wrote the book");
    assert_eq!(printed.path, out.display().to_string());
    assert_eq!(printed.bytes, std::fs::metadata(&out).unwrap().len());
    assert_eq!(info(&out, "Pages"), printed.pages.to_string());
    assert_subset(&out);
    keep(&out);
    let t = text(&out);
    (out, printed, t)
}

/// Renders page 1 at 80 dpi into test-output/print/ (for a person to look at).
fn look(pdf: &Path, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-output/print");
    std::fs::create_dir_all(&dir).unwrap();
    let prefix = dir.join(name);
    tool(
        "pdftoppm",
        &["-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1", pdf.to_str().unwrap(), prefix.to_str().unwrap()],
    );
    assert!(std::fs::metadata(prefix.with_extension("png")).unwrap().len() > 10_000);
}

#[test]
fn statements_printed_as_their_forms() {
    let s = distributed_and_closed();

    // 会农社01 on one landscape page, the two sides beside each other.
    let (out, p, t) = report(&s, "balance-sheet", None);
    assert_eq!((p.pages, p.items), (1, 24 + 23), "22 asset lines and 2 sub-headings; 20 claims and 3");
    assert!(info(&out, "Page size").starts_with("841.89 x 595.276"), "{}", info(&out, "Page size"));
    let q = squash(&t);
    for needle in [
        "资产负债表",
        "会农社01表",
        "编制单位：青山村十方田农产品专业合作社",
        "2025年12月31日",
        "单位：元",
        "期末余额",
        "年初余额",
        "负债和所有者权益",
        "固定资产小计",
        "流动资产：",
        "所有者权益：",
    ] {
        assert!(q.contains(needle), "{needle} not in\n{t}");
    }
    // 资产总计 and 负债和所有者权益总计 at period end; 货币资金; 应付盈余返还 / 应付剩余盈余; 盈余公积.
    assert_eq!(t.matches("111,500.01").count(), 4, "lines 5, 22 and 42, and the check:\n{t}");
    for (label, figure) in [
        ("资产总计", "111,500.01"),
        ("负债和所有者权益总计", "111,500.01"),
        ("货币资金", "107,000.01"),
        ("应付盈余返还", "4,590.01"),
        ("应付剩余盈余", "3,060.00"),
        ("盈余公积", "850.00"),
        ("所有者权益合计", "100,850.00"),
    ] {
        let l = t.lines().find(|l| squash(l).contains(label)).unwrap_or_else(|| panic!("no {label} in\n{t}"));
        assert!(l.contains(figure), "{label} {figure}: {l}");
    }
    assert!(q.contains("核对相符：期末余额：资产总计（行22）=负债和所有者权益总计（行42）（111,500.01）"), "{t}");
    assert!(q.contains("核对相符：期末181待处理财产损溢无余额（须在结账前处理完毕）（0.00）"), "{t}");
    assert!(!q.contains("核对不符"));
    assert!(
        q.contains("单位负责人：") && q.contains("会计主管：") && q.contains("复核：") && q.contains("制表："),
        "{t}"
    );
    assert!(q.contains("第1页共1页"), "{t}");
    look(&out, "balance-sheet");
    // At the end of March: the period and the file name the CLI is given.
    let (_, p, t) = report(&s, "balance-sheet", Some(3));
    assert_eq!(p.pages, 1);
    assert!(squash(&t).contains("2025年3月31日") && t.matches("104,500.00").count() == 4, "{t}");

    // 会农社02 on one portrait page.
    let (out, p, t) = report(&s, "surplus", None);
    assert_eq!((p.pages, p.items), (1, 20), "lines 1–20 of the 2021 form");
    assert!(info(&out, "Page size").starts_with("595.276 x 841.89"));
    let q = squash(&t);
    for needle in ["盈余及盈余分配表", "会农社02表", "2025年度", "本年金额", "上年金额"] {
        assert!(q.contains(needle), "{needle} not in\n{t}");
    }
    for (label, figure) in [
        ("一、经营收入", "12,500.01"),
        ("四、本年盈余", "8,500.01"),
        ("减：提取盈余公积", "850.00"),
        ("五、可分配盈余", "7,650.01"),
        ("减：盈余返还", "4,590.01"),
        ("剩余盈余分配", "3,060.00"),
        ("转为成员出资", "0.00"),
        ("六、年末未分配盈余", "0.00"),
    ] {
        let l = t.lines().find(|l| squash(l).contains(label)).unwrap_or_else(|| panic!("no {label} in\n{t}"));
        assert!(l.contains(figure), "{label} {figure}: {l}");
    }
    // The two ledger checks and the year's surplus against the posted plan's.
    assert_eq!(q.matches("核对相符").count(), 3);
    assert!(q.contains(&squash("本年盈余（行12）= 已记账的盈余分配方案所依据的本年盈余")), "{t}");
    look(&out, "surplus");

    // 会农社03 on one landscape page.
    let (out, p, t) = report(&s, "equity-changes", None);
    assert_eq!((p.pages, p.items), (1, 22));
    assert!(info(&out, "Page size").starts_with("841.89 x 595.276"));
    let q = squash(&t);
    for needle in [
        "成员权益变动表",
        "会农社03表",
        "股金",
        "专项基金",
        "资本公积",
        "盈余公积",
        "未分配盈余",
        "合计",
        "其中：成员增加出资",
        "其中：接受国家财政直接补助形成",
        "其中：转为成员出资",
    ] {
        assert!(q.contains(needle), "{needle} not in\n{t}");
    }
    // The 2021 form's 年末余额 row has no 行次: its label, then the five columns and 合计.
    let end = t.lines().find(|l| squash(l).starts_with("年末余额")).unwrap();
    assert_eq!(
        end.split_whitespace().collect::<Vec<_>>(),
        ["年末余额", "100,000.00", "0.00", "0.00", "850.00", "0.00", "100,850.00"],
        "{end}"
    );
    assert_eq!(q.matches("核对相符").count(), 6, "{t}");
    look(&out, "equity-changes");

    // The member accounts: three members and the total.
    let (out, p, t) = report(&s, "member-accounts", None);
    assert_eq!((p.pages, p.items), (1, 4));
    let li = t.lines().find(|l| l.contains("李四")).unwrap();
    assert_eq!(
        li.split_whitespace().collect::<Vec<_>>(),
        ["3", "李四", "10,000.00", "85.00", "0.00", "2,000.00", "3,060.01", "306.00", "-2,000.00"],
        "{li}"
    );
    let total = t.lines().find(|l| l.trim_start().starts_with("合计")).unwrap();
    assert!(total.contains("100,000.00") && total.contains("4,590.01") && total.contains("-3,000.00"), "{total}");
    look(&out, "member-accounts");

    // The general ledger: a block per account that moved, over as many pages as it needs.
    let (out, p, t) = report(&s, "general-ledger", None);
    let st = s.reader().statement("general-ledger", 2025, None).unwrap();
    assert_eq!(p.items as usize, st.blocks.iter().map(|b| b.rows.len()).sum::<usize>());
    let q = squash(&t);
    assert!(q.contains("102银行存款（借）") && q.contains("7月本月合计"), "{t}");
    let bank: Vec<&str> = t
        .lines()
        .skip_while(|l| !squash(l).contains("102银行存款"))
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(5)
        .collect();
    assert_eq!(
        bank[4].split_whitespace().collect::<Vec<_>>(),
        ["本年累计", "108,000.01", "1,000.00", "107,000.01"],
        "{bank:?}"
    );
    // Twelve accounts on two pages: 332 starts the second, under the header row again.
    let pages = page_texts(&out);
    assert_eq!((p.pages, pages.len()), (2, 2));
    for (i, page) in pages.iter().enumerate() {
        let q = squash(page);
        assert!(
            q.contains("总账") && q.contains("摘要借方贷方余额") && q.contains(&format!("第{}页共2页", i + 1)),
            "page {}:\n{page}",
            i + 1
        );
    }
    assert!(
        squash(&pages[1]).starts_with("总账")
            && squash(&pages[1]).contains("332盈余分配（贷）")
            && !squash(&pages[0]).contains("332盈余分配")
    );
    // The year close carries income and expenses to 331 on their own sides (12,500.01 and 4,000.00,
    // not one net line of 8,500.01); the distribution debits 332 各项分配 once (8,500.01) and the
    // close carries 331 and 各项分配 to 未分配盈余 (2 × 8,500.01).
    assert!(
        squash(&pages[1]).contains("核对相符：全部总账科目本年借方发生额=贷方发生额（161,500.05）"),
        "{}",
        pages[1]
    );
    look(&out, "general-ledger");
}

/// The member account table of a demo co-op of 120 members runs over pages of 39 rows, the
/// header row on each, every member on the page their row falls on, the total on the last.
#[test]
fn long_statements_run_on_with_the_header_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.coopbook");
    drop(coopbook::tools::demo::create(&db, 120, 1, 2025, 1).unwrap());
    let book = Book::open(&db, "监事", Mode::Read).unwrap();
    let st = book.statement("member-accounts", 2025, None).unwrap();
    let rows = &st.blocks[0].rows;
    assert_eq!(rows.len(), 121 + 1, "the collective, 120 members and the total");
    let out = dir.path().join("members.pdf");
    let p = book.print_report("member-accounts", 2025, None, &out).unwrap();
    assert_eq!((p.items, p.pages), (122, 4));
    let pages: Vec<String> = page_texts(&out).iter().map(|p| squash(p)).collect();
    assert_eq!(pages.len(), 4);
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("成员账户表")
                && page.contains("编号姓名出资额公积金份额")
                && page.contains(&format!("第{}页共4页", i + 1)),
            "page {}",
            i + 1
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let want = format!(
            "{}{}{}",
            r.line.map(|l| l.to_string()).unwrap_or_default(),
            r.label,
            r.values[0].unwrap().grouped()
        );
        assert!(pages[i / 39].contains(&want), "row {i} ({want}) not on page {}", i / 39 + 1);
    }
    assert!(pages[3].contains("核对相符：成员出资合计") && pages[3].contains("单位负责人："));
    assert!(!pages[2].contains("核对"));
    keep(&out);
    // The general ledger: every page's table starts with an account's name, a new one or the
    // one continued from the page before (（续）).
    let out = dir.path().join("ledger.pdf");
    let p = book.print_report("general-ledger", 2025, None, &out).unwrap();
    let pages: Vec<String> = page_texts(&out).iter().map(|p| squash(p)).collect();
    assert!(p.pages >= 3 && pages.len() == p.pages as usize, "{} pages", p.pages);
    let mut continued = 0;
    for (i, page) in pages.iter().enumerate() {
        let first = page.split("摘要借方贷方余额").nth(1).unwrap().trim_start().lines().next().unwrap();
        assert!(
            first.len() > 3 && first[..3].chars().all(|c| c.is_ascii_digit()) && first.contains('（'),
            "page {}: {first}",
            i + 1
        );
        continued += usize::from(first.ends_with("（续）"));
    }
    assert!(continued > 0);
}

/// A check that fails is printed, prominently, never left out.
#[test]
fn a_failing_check_is_printed() {
    let s = crate::distribution::year();
    // Straight from 331 to the bank: 02's line 20 no longer agrees with the ledger.
    crate::util::post(&s, "2025-08-01", "手工冲减本年盈余", &["331:100:0", "102:0:100"]);
    let st = s.reader().statement("surplus", 2025, None).unwrap();
    assert!(!st.ok);
    let (out, p, t) = report(&s, "surplus", None);
    assert_eq!(p.pages, 1);
    let q = squash(&t).replace('\n', "");
    assert!(q.contains("核对不符：年末未分配盈余（行20）=账面331+332+尚未结转的损益（资产负债表行40）左边8,500.01，右边8,400.01，相差100.00"), "{t}");
    assert!(q.contains("核对相符：上年"), "{t}");
    look(&out, "surplus-failing");
}

/// `print report KIND` from the command line; an unknown kind is a usage error.
#[test]
fn statements_from_the_command_line() {
    let s = crate::distribution::year();
    let out = s.dir.path().join("2025年总账.pdf");
    let p = run(&s, &["print", "report", "general-ledger", "--year", "2025", "--out", out.to_str().unwrap()]);
    assert!(p["pages"].as_i64().unwrap() >= 1 && p["items"].as_i64().unwrap() > 10, "{p}");
    let text = s
        .cli(
            "会计",
            &["print", "report", "balance-sheet", "--year", "2025", "--month", "3", "--out", out.to_str().unwrap()],
        )
        .ok();
    assert!(text.stdout.contains("1 页") && text.stdout.contains("2025年总账.pdf"), "{}", text.stdout);
    let bad = s.cli("会计", &["print", "report", "trial", "--year", "2025", "--out", out.to_str().unwrap()]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

/// A member's name the font cannot draw refuses the whole statement, naming the member; no file.
#[test]
fn a_statement_with_a_missing_glyph_is_refused() {
    let s = crate::distribution::year();
    rusqlite::Connection::open(&s.db).unwrap().execute("UPDATE members SET name = '张𠀀' WHERE no = 2", []).unwrap();
    let out = s.dir.path().join("members.pdf");
    let e = s.reader().print_report("member-accounts", 2025, None, &out).unwrap_err();
    assert_eq!(
        (e.code, e.zh.as_str()),
        ("missing-glyphs", "以下字符在打印字体中没有字形，无法打印：𠀀（成员 2 张𠀀）")
    );
    assert!(!out.exists() && !s.dir.path().join("members.pdf.tmp").exists());
    // The other statements do not name members and still print.
    assert_eq!(s.reader().print_report("balance-sheet", 2025, None, &out).unwrap().pages, 1);
    let e = s.reader().print_report("trial", 2025, None, &out).unwrap_err();
    assert_eq!(e.code, "unknown-statement");
}

/// A member paid by conversion to shares gets no money: their slip asks them to confirm the new
/// shares, and has no payee's line (issue 19 item 10); a member paid in cash keeps the payee's line.
#[test]
fn a_slip_paid_in_shares_has_no_payee_line() {
    let s = year();
    plan(&s);
    approve(&s);
    run(&s, &["distribution", "post", "--year", "2025"]);
    run(&s, &["distribution", "pay", "--year", "2025", "--via", "shares", "--member", "4", "--date", "2026-01-25"]);
    let shares = s.dir.path().join("slip-shares.pdf");
    s.reader().print_slips(2025, Some(4), &shares).unwrap();
    let t = squash(&text(&shares));
    assert!(t.contains("成员确认转为出资（签字）") && !t.contains("领款人"), "{t}");
    let cash = s.dir.path().join("slip-cash.pdf");
    s.reader().print_slips(2025, Some(2), &cash).unwrap();
    let t = squash(&text(&cash));
    assert!(t.contains("领款人（签字）") && !t.contains("转为出资（签字）"), "{t}");
}

/// 会计报表附注 printed with the statements: portrait A4, a block per item of 第五十八条, the
/// accountant's note in it, every line in the font.
#[test]
fn the_notes_print_with_the_statements() {
    let s = distributed_and_closed();
    run(
        &s,
        &[
            "notes",
            "set",
            "--year",
            "2025",
            "--key",
            "officers",
            "--text",
            "理事长：张三；执行监事：李四。本年无变动。",
        ],
    );
    let (out, p, t) = report(&s, "notes", None);
    assert!(info(&out, "Page size").starts_with("595.276 x 841.89"));
    let st = s.reader().statement("notes", 2025, None).unwrap();
    assert_eq!(p.items as usize, st.blocks.iter().map(|b| b.rows.len()).sum::<usize>());
    let q = squash(&t);
    for needle in [
        "会计报表附注",
        "编制单位：青山村十方田农产品专业合作社",
        "一、遵循农民专业合作社会计制度的声明",
        "股金总额100,000.00",
        "理事长：张三；执行监事：李四。本年无变动。",
        "2张三（农民，2025-01-01入社）30,000.00255.00",
        "与非成员的交易额4,500.00",
        "九、根据国家有关法律法规等规定需要说明的其他事项",
    ] {
        assert!(q.contains(needle), "{needle} not in\n{t}");
    }
    look(&out, "notes");
}

/// A member's 成员账户 in the form of the 2021 appendix: 年初余额, the year's entries numbered 1, 2, …
/// (李四's cash contribution, his delivery, the distribution) and 年末余额/总额, with every column of the
/// form; the balance columns add up from the first row to the last.
#[test]
fn a_member_account_prints_as_the_2021_form() {
    let s = distributed_and_closed();
    let f = run(&s, &["member", "account", "3", "--year", "2025", "--form"]);
    let rows: Vec<String> = f["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let m = |k: &str| l[k].as_str().unwrap_or("").to_string();
            let a: Vec<String> =
                l["amounts"].as_array().unwrap().iter().map(|v| v.as_str().unwrap_or("").into()).collect();
            let q: Vec<String> =
                l["quantities"].as_array().unwrap().iter().map(|v| v.as_str().unwrap_or("").into()).collect();
            format!(
                "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
                l["line"].as_u64().map(|n| n.to_string()).unwrap_or_default(),
                m("date"),
                m("name"),
                m("capital_other"),
                m("reserve"),
                m("subsidy"),
                q.join(","),
                a.join(","),
                m("patronage"),
                m("residual")
            )
        })
        .collect();
    assert_eq!(f["products"], serde_json::json!(["香菇（斤）"]));
    assert_eq!(
        rows,
        [
            "||年初余额|0.00|0.00|0.00||||",
            "1|2025-01-05|3 号成员李四以现金出资|10000.00||||||",
            "2|2025-03-02|交售香菇 200 斤||||200|2000.00||",
            "3|2025-12-30|2025 年盈余分配||85.00||||3060.01|306.00",
            "||年末余额/总额|10000.00|85.00|0.00|200|2000.00|3060.01|306.00",
        ]
    );
    let out = s.dir.path().join("成员账户.pdf");
    let p = s.reader().print_member_account(3, 2025, &out).unwrap();
    assert_eq!((p.pages, p.items), (1, 5));
    assert!(info(&out, "Page size").starts_with("841.89 x 595.276"));
    let q = squash(&text(&out));
    for needle in [
        "成员账户",
        "2025年度",
        "成员姓名（名称）：李四（3号）",
        // The long headings wrap in their cells; their first lines read so.
        "来源于到户类扶",
        "其他来源的出资额",
        "公积金份额",
        "接受国家财政直",
        "接受他人捐赠形",
        "交易量",
        "交易额",
        "盈余返还金额",
        "剩余盈余分配金额",
        "年末余额/总额",
    ] {
        assert!(q.contains(needle), "{needle} not in\n{q}");
    }
    keep(&out);
    look(&out, "member-account-2021");
}
