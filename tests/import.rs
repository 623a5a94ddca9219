//! Member import (花名册): CSV in UTF-8 (with BOM) and GBK, XLSX written here with
//! rust_xlsxwriter, English headers, every bad row reported with its row and column, and nothing
//! written unless every row is good. Sales import (销售明细) under the same rules, each row
//! checked by the core's `sell_in` (stock included, seeing the rows above it). The fixtures are
//! made by the tests themselves.

use crate::util::{Scratch, ID_LI};
use coopbook::base::ids::citizen_id_check;
use coopbook::io::import::{ImportReport, ImportRowError};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::PathBuf;

/// A valid citizen ID born 1980-01-01 with sequence number `seq`.
fn id(seq: u32) -> String {
    let first = format!("35012519800101{seq:03}");
    format!("{first}{}", citizen_id_check(&first).unwrap())
}

/// The same ID with a wrong check digit.
fn bad_check(seq: u32) -> String {
    let good = id(seq);
    let wrong = if good.ends_with('1') { '2' } else { '1' };
    format!("{}{wrong}", &good[..17])
}

fn write(s: &Scratch, name: &str, bytes: &[u8]) -> PathBuf {
    let p = s.dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A good roll of three members, with an extra 序号 column and a blank row.
fn good_csv() -> String {
    format!(
        "序号,姓名,身份证号码,成员类型,联系电话,入社日期\n\
         1,王五,{},农民,13800138000,2025-03-01\n\
         ,,,,,\n\
         2,赵六,{},党员,,2025/3/2\n\
         3,孙七,{},村两委干部,0591-1234567,\n",
        id(11),
        id(12),
        id(13)
    )
}

/// The members as (no, name, masked ID, kind, phone); the joined date is left out because an
/// empty one means today.
fn members(s: &Scratch) -> Vec<(i64, String, String, String, Option<String>)> {
    s.book("会计").members(None).unwrap().into_iter().map(|m| (m.no, m.name, m.id_card, m.kind, m.phone)).collect()
}

fn errors(r: &ImportReport) -> Vec<(usize, &str, &str)> {
    r.errors.iter().map(|e: &ImportRowError| (e.row, e.column.as_str(), e.code.as_str())).collect()
}

#[test]
fn utf8_csv_with_bom_imports_every_member() {
    let s = Scratch::with_members();
    let p = write(&s, "花名册.csv", format!("\u{feff}{}", good_csv()).as_bytes());
    let r = s.book("会计").import_members(&p, false).unwrap();
    assert!(r.ok, "{r:?}");
    assert_eq!(r.encoding, "UTF-8");
    assert_eq!(r.rows, 3);
    assert_eq!(r.imported, vec![4, 5, 6]);
    assert_eq!(r.ignored_columns, vec!["序号".to_string()]);
    let b = s.book("会计");
    let m4 = b.member(4).unwrap();
    assert_eq!(
        (m4.name.as_str(), m4.kind.as_str(), m4.phone.as_deref(), m4.joined.as_str()),
        ("王五", "farmer", Some("13800138000"), "2025-03-01")
    );
    assert_eq!(m4.id_card, coopbook::base::ids::mask(&id(11)));
    let m5 = b.member(5).unwrap();
    assert_eq!(
        (m5.name.as_str(), m5.kind.as_str(), m5.phone.as_deref(), m5.joined.as_str()),
        ("赵六", "party", None, "2025-03-02")
    );
    let m6 = b.member(6).unwrap();
    assert_eq!((m6.name.as_str(), m6.kind.as_str(), m6.phone.as_deref()), ("孙七", "cadre", Some("0591-1234567")));
    assert_eq!(m6.joined, chrono::Local::now().format("%Y-%m-%d").to_string());
}

#[test]
fn gbk_csv_imports_the_same_members() {
    let utf8 = Scratch::with_members();
    let p = write(&utf8, "u.csv", good_csv().as_bytes());
    utf8.book("会计").import_members(&p, false).unwrap();

    let gbk = Scratch::with_members();
    // As Excel saves it on Chinese Windows: GBK with CRLF line ends.
    let text = good_csv().replace('\n', "\r\n");
    let (bytes, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy);
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture must really be GBK");
    let p = write(&gbk, "g.csv", &bytes);
    let r = gbk.book("会计").import_members(&p, false).unwrap();
    assert_eq!((r.ok, r.encoding.as_str(), r.imported.clone()), (true, "GBK", vec![4, 5, 6]));
    assert_eq!(members(&gbk), members(&utf8));
    assert_eq!(gbk.book("会计").member(5).unwrap().name, "赵六");
}

#[test]
fn english_headers_and_kinds() {
    let s = Scratch::with_members();
    let csv = format!(
        "Name, ID_Card ,KIND,phone,joined,note\nWang Wu,{},farmer,,2025-01-05,x\n钱八,{},Party,,,\n",
        id(21),
        id(22)
    );
    let p = write(&s, "en.csv", csv.as_bytes());
    let r = s.book("会计").import_members(&p, false).unwrap();
    assert_eq!((r.ok, r.imported.clone(), r.ignored_columns.clone()), (true, vec![4, 5], vec!["note".to_string()]));
    assert_eq!(s.book("会计").member(4).unwrap().name, "Wang Wu");
    assert_eq!(s.book("会计").member(5).unwrap().kind, "party");
}

/// A roll with one problem of each kind (and two rows with two): every problem is reported.
fn bad_csv() -> String {
    format!(
        "姓名,身份证号,类型,电话,入社日期\n\
         王五,{good},农民,,2025-03-01\n\
         赵六,{bad},农民,,2025-03-01\n\
         孙七,{i3},社员,,2025-03-01\n\
         王五,{good},农民,,2025-03-01\n\
         李四,{li},党员,,2025-03-01\n\
         周九,{i5},农民,,2025-02-30\n\
         吴十,{i6},社员,,2025-13-01\n\
         郑一,{bad9},农民,138,\n",
        good = id(31),
        bad9 = bad_check(39),
        bad = bad_check(32),
        i3 = id(33),
        li = ID_LI,
        i5 = id(35),
        i6 = id(36)
    )
}

#[test]
fn every_bad_row_is_reported_and_nothing_is_written() {
    let s = Scratch::with_members();
    let before = s.snapshot();
    let p = write(&s, "bad.csv", bad_csv().as_bytes());
    let r = s.book("会计").import_members(&p, false).unwrap();
    assert!(!r.ok);
    assert_eq!(r.rows, 8);
    assert!(r.imported.is_empty());
    assert_eq!(
        errors(&r),
        vec![
            (3, "身份证号", "invalid-id-card"),
            (4, "类型", "invalid-kind"),
            (5, "身份证号", "duplicate-id-card"),
            (6, "身份证号", "duplicate-id-card"),
            (7, "入社日期", "date-invalid"),
            (8, "类型", "invalid-kind"),
            (8, "入社日期", "date-invalid"),
            (9, "电话", "invalid-phone"),
            (9, "身份证号", "invalid-id-card"),
        ]
    );
    assert!(r.errors[0].zh.contains("校验码"), "{}", r.errors[0].zh);
    assert_eq!(r.errors[1].value, "社员");
    assert!(r.errors[2].zh.contains("与第 2 行重复"), "{}", r.errors[2].zh);
    assert!(r.errors[2].en.contains("repeats row 2"), "{}", r.errors[2].en);
    assert!(r.errors[3].zh.contains("已登记为 3 号成员"), "{}", r.errors[3].zh);
    // Identity numbers are shown masked in the report too.
    assert_eq!(r.errors[3].value, "3501**********0035");
    assert_eq!(r.errors[4].value, "2025-02-30");
    assert_eq!(r.refusal().unwrap().code, "import-invalid");
    assert!(r.refusal().unwrap().zh.contains("花名册有 7 行错误，未导入任何成员"));
    assert_eq!(s.snapshot(), before);
}

#[test]
fn row_numbers_count_blank_rows_and_multi_line_cells_as_the_spreadsheet_does() {
    let s = Scratch::with_members();
    let csv = format!("姓名,身份证号,类型,备注\n王五,{},农民,\"第一行\n第二行\"\n\n赵六,{},社员,\n", id(41), id(42));
    let p = write(&s, "rows.csv", csv.as_bytes());
    let r = s.book("会计").import_members(&p, false).unwrap();
    assert_eq!(errors(&r), vec![(4, "类型", "invalid-kind")]);
}

#[test]
fn header_problems_are_refused() {
    let s = Scratch::with_members();
    let before = s.snapshot();
    let p = write(&s, "h.csv", "姓名,电话,地址\n王五,13800138000,青山村\n".as_bytes());
    let e = s.book("会计").import_members(&p, false).unwrap_err();
    assert_eq!(e.code, "import-header");
    assert!(e.zh.contains("缺少必需的列：身份证号、成员类型"), "{}", e.zh);
    assert!(e.zh.contains("找到的列：姓名、电话、地址"), "{}", e.zh);
    assert!(e.en.contains("id_card, kind"), "{}", e.en);
    let p = write(&s, "twice.csv", format!("姓名,身份证号,类型,电话,手机\n王五,{},农民,,\n", id(51)).as_bytes());
    assert_eq!(s.book("会计").import_members(&p, false).unwrap_err().code, "import-header");
    assert_eq!(s.snapshot(), before);
}

#[test]
fn empty_files_are_refused() {
    let s = Scratch::with_members();
    for (name, body) in [
        ("e.csv", ""),
        ("bom.csv", "\u{feff}"),
        ("head.csv", "姓名,身份证号,类型\n"),
        ("blank.csv", "姓名,身份证号,类型\n,,\n\n"),
    ] {
        let p = write(&s, name, body.as_bytes());
        assert_eq!(s.book("会计").import_members(&p, false).unwrap_err().code, "import-empty", "{name}");
    }
}

#[test]
fn unreadable_files_are_refused_naming_the_file() {
    let s = Scratch::with_members();
    let cases = [
        write(&s, "roll.pdf", b"%PDF-1.4"),
        write(&s, "roll.xlsx", "姓名,身份证号,类型\n".as_bytes()),
        write(&s, "old.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]),
        write(&s, "neither.csv", &[0xE5, 0xA7, 0x93, b',', 0x81, b'\n']),
        s.dir.path().join("missing.csv"),
    ];
    for p in cases {
        let e = s.book("会计").import_members(&p, false).unwrap_err();
        assert_eq!(e.code, "import-format", "{}", p.display());
        assert!(e.zh.contains(&p.display().to_string()), "{}", e.zh);
    }
}

fn xlsx(s: &Scratch, name: &str, fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> PathBuf {
    let p = s.dir.path().join(name);
    let mut wb = Workbook::new();
    fill(wb.add_worksheet());
    wb.save(&p).unwrap();
    p
}

#[test]
fn xlsx_with_a_title_row_dates_and_numbers() {
    let s = Scratch::with_members();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let p = xlsx(&s, "花名册.xlsx", |ws| {
        ws.merge_range(0, 0, 0, 5, "青山村十方田农产品专业合作社成员花名册", &Format::new()).unwrap();
        for (c, h) in ["序号", "姓名", "身份证号", "成员类型", "联系电话", "入社日期"].iter().enumerate()
        {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        // The usual template numbers its rows with a formula: that column is not read.
        ws.write_formula(2, 0, "=ROW()-2").unwrap();
        ws.write_string(2, 1, "王五").unwrap();
        ws.write_string(2, 2, id(61)).unwrap();
        ws.write_string(2, 3, "农民").unwrap();
        ws.write_number(2, 4, 13_800_138_000.0).unwrap();
        ws.write_datetime_with_format(2, 5, ExcelDateTime::from_ymd(2025, 3, 1).unwrap(), &date).unwrap();
        ws.write_string(3, 1, "赵六").unwrap();
        ws.write_string(3, 2, id(62)).unwrap();
        ws.write_string(3, 3, "党员").unwrap();
        ws.write_number(3, 5, 20250302).unwrap();
    });
    let r = s.book("会计").import_members(&p, false).unwrap();
    assert!(r.ok, "{r:?}");
    assert_eq!(
        (r.encoding.as_str(), r.rows, r.imported.clone(), r.ignored_columns.clone()),
        ("XLSX", 2, vec![4, 5], vec!["序号".to_string()])
    );
    let b = s.book("会计");
    let m4 = b.member(4).unwrap();
    assert_eq!(
        (m4.name.as_str(), m4.phone.as_deref(), m4.joined.as_str()),
        ("王五", Some("13800138000"), "2025-03-01")
    );
    assert_eq!(b.member(5).unwrap().joined, "2025-03-02");
}

#[test]
fn xlsx_formula_and_numeric_id_cells_are_errors_of_their_cell() {
    let s = Scratch::with_members();
    let before = s.snapshot();
    let p = xlsx(&s, "cells.xlsx", |ws| {
        for (c, h) in ["姓名", "身份证号", "成员类型"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "王五").unwrap();
        ws.write_string(1, 1, id(71)).unwrap();
        ws.write_string(1, 2, "农民").unwrap();
        ws.write_formula(2, 0, "=\"赵\"&\"六\"").unwrap();
        ws.write_string(2, 1, id(72)).unwrap();
        ws.write_string(2, 2, "农民").unwrap();
        ws.write_string(3, 0, "孙七").unwrap();
        ws.write_number(3, 1, 350125198001010073_u64 as f64).unwrap();
        ws.write_string(3, 2, "农民").unwrap();
    });
    let r = s.book("会计").import_members(&p, false).unwrap();
    assert_eq!(errors(&r), vec![(3, "姓名", "import-formula"), (4, "身份证号", "import-id-number")]);
    assert!(r.errors[0].value.contains("赵"), "{}", r.errors[0].value);
    assert!(r.errors[1].zh.contains("文本"), "{}", r.errors[1].zh);
    assert!(r.errors[1].en.contains("format the column as text"), "{}", r.errors[1].en);
    assert_eq!(s.snapshot(), before);
}

#[test]
fn a_dry_run_writes_nothing() {
    let s = Scratch::with_members();
    let before = s.snapshot();
    let p = write(&s, "good.csv", good_csv().as_bytes());
    let r = s.book("会计").import_members(&p, true).unwrap();
    assert!(r.ok);
    assert_eq!(r.rows, 3);
    assert!(r.imported.is_empty());
    assert_eq!(s.snapshot(), before);
}

#[test]
fn cli_refuses_a_bad_file_and_imports_a_good_one() {
    let s = Scratch::with_members();
    let before = s.snapshot();
    let bad = write(&s, "bad.csv", bad_csv().as_bytes());
    let out = s.cli("会计", &["import", "members", bad.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains("[import-invalid]"), "{}", out.stderr);
    assert!(
        out.stderr.contains("花名册有 7 行错误，未导入任何成员 / 7 rows have errors; nothing was imported"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("与第 2 行重复"), "{}", out.stdout);
    let out = s.cli("会计", &["--json", "import", "members", bad.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    assert_eq!(out.json()["errors"].as_array().unwrap().len(), 9);
    assert_eq!(s.snapshot(), before);

    let good = write(&s, "good.csv", good_csv().as_bytes());
    let out = s.cli("会计", &["import", "members", "--dry-run", good.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("3 名成员可以导入"), "{}", out.stdout);
    assert_eq!(s.snapshot(), before);
    let out = s.cli("会计", &["import", "members", good.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("已导入 3 名成员（编号 4–6）"), "{}", out.stdout);
    assert_eq!(s.book("会计").members(None).unwrap().len(), 6);
}

// ---------------------------------------------------------------------------------------------
// Sales import

/// The book of `Scratch::with_members` with two products in stock and two buyers: 1000 斤 of
/// 香菇 at 7 (delivered by 张三) and 300 斤 of 芙蓉李 at 3 (by 李四), both on 2025-03-01.
fn trade_setup() -> Scratch {
    use coopbook::business::trade::{NewBuyer, NewDelivery, NewProduct};
    let s = Scratch::with_members();
    let mut b = s.book("会计");
    for name in ["香菇", "芙蓉李"] {
        b.add_product(&NewProduct { name: name.into(), unit: "斤".into(), ..Default::default() }).unwrap();
    }
    b.add_buyer(&NewBuyer { name: "永辉超市".into(), channel: "商超协议".into(), member: None }).unwrap();
    b.add_buyer(&NewBuyer { name: "民富商城".into(), channel: "online".into(), member: None }).unwrap();
    for (member, product, qty, price) in [("2", "香菇", "1000", "7"), ("3", "芙蓉李", "300", "3")] {
        b.deliver(&NewDelivery {
            member: member.into(),
            product: product.into(),
            quantity: qty.into(),
            price: price.into(),
            date: "2025-03-01".into(),
            ..Default::default()
        })
        .unwrap();
    }
    s
}

/// Three good sales with every optional column, a 备注 column that is not read and a blank row:
/// 100.5 × 9.5 = 954.75 on credit, 200 × 5.25 = 1,050.00 by WeChat, 50.125 × 10.0001 =
/// 501.2550125 → 501.26 in cash; 2,506.01 in all.
fn good_sales_csv() -> String {
    "日期,产品名称,数量,单位,单价,客户,销售渠道,收款方式,协议编号,备注\n\
     2025-03-10,香菇,100.5,斤,9.5,永辉超市,,赊销,,第一单\n\
     ,,,,,,,,,\n\
     2025/3/11,芙蓉李,200,,5.25,民富商城,线上商城,微信,,\n\
     20250312,香菇,50.125,斤,10.0001,民富商城,,现金,,\n"
        .to_string()
}

/// Every sale of the book as its columns, in order (ids aside).
fn sales(s: &Scratch) -> Vec<String> {
    let b = s.reader();
    let mut st = b
        .conn()
        .prepare(
            "SELECT s.date, p.name, s.quantity, s.price, b.name, s.channel, s.paid, s.amount_fen, s.cost_fen, \
            s.contract FROM sales s JOIN products p ON p.id = s.product_id JOIN buyers b ON b.id = s.buyer_id ORDER \
                BY s.id",
        )
        .unwrap();
    let rows = st
        .query_map([], |r| {
            Ok(format!(
                "{} {} {} {} {} {} {} {} {} {:?}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, i64>(7)?,
                r.get::<_, i64>(8)?,
                r.get::<_, Option<String>>(9)?
            ))
        })
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// Closing balances of the accounts the three good sales touch, and the period credit of 501.
fn sale_balances(s: &Scratch) -> Vec<String> {
    let tb = s.reader().trial_balance("2025-01-01", "2025-12-31").unwrap();
    assert!(tb.totals.balanced);
    let row = |code: &str| tb.accounts.iter().find(|a| a.code == code);
    let mut out: Vec<String> = ["113", "101", "10901", "50101", "50102", "52101", "52102", "12801", "12802"]
        .iter()
        .map(|c| format!("{c} {}", row(c).map(|a| a.closing.to_string()).unwrap_or("0.00".into())))
        .collect();
    out.push(format!("501 credit {}", row("501").map(|a| a.credit.to_string()).unwrap_or("0.00".into())));
    out
}

/// What the three good sales leave: each sale's figures (the cost at the average delivered cost:
/// 100.5 × 7 = 703.50, 200 × 3 = 600.00, 50.125 × 7 = 350.875 → 350.88) and the balances.
fn assert_good_sales_imported(s: &Scratch, r: &ImportReport) {
    assert!(r.ok, "{r:?}");
    assert_eq!((r.rows, r.imported.len(), r.ignored_columns.clone()), (3, 3, vec!["备注".to_string()]));
    assert_eq!(
        sales(s),
        [
            "2025-03-10 香菇 100.5 9.5 永辉超市 supermarket credit 95475 70350 None",
            "2025-03-11 芙蓉李 200 5.25 民富商城 online wechat 105000 60000 None",
            "2025-03-12 香菇 50.125 10.0001 民富商城 online cash 50126 35088 None",
        ]
    );
    assert_eq!(s.reader().sales_report(2025).unwrap().total.to_string(), "2506.01");
    assert_eq!(
        sale_balances(s),
        [
            "113 954.75",
            "101 501.26",
            "10901 1050.00",
            "50101 1456.01",
            "50102 1050.00",
            "52101 1054.38",
            "52102 600.00",
            "12801 5945.62",
            "12802 300.00",
            "501 credit 2506.01"
        ]
    );
    assert!(s.reader().verify().unwrap().ok);
}

#[test]
fn a_utf8_sales_file_imports_every_sale() {
    let s = trade_setup();
    assert_eq!(s.reader().sales_report(2025).unwrap().total.to_string(), "0.00");
    assert_eq!(sale_balances(&s).last().unwrap(), "501 credit 0.00");
    let p = write(&s, "销售.csv", good_sales_csv().as_bytes());
    let (r, total) = s.book("会计").import_sales_with_total(&p, false).unwrap();
    assert_eq!((r.encoding.as_str(), total.to_string()), ("UTF-8", "2506.01".to_string()));
    // The sale ids follow the order of the file.
    let ids: Vec<i64> = s
        .reader()
        .conn()
        .prepare("SELECT id FROM sales ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(r.imported, ids);
    assert_good_sales_imported(&s, &r);
}

#[test]
fn a_gbk_sales_file_imports_the_same_sales() {
    let s = trade_setup();
    let text = good_sales_csv().replace('\n', "\r\n");
    let (bytes, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy);
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture must really be GBK");
    let p = write(&s, "g.csv", &bytes);
    let r = s.book("会计").import_sales(&p, false).unwrap();
    assert_eq!(r.encoding, "GBK");
    assert_good_sales_imported(&s, &r);
}

#[test]
fn an_xlsx_sales_file_with_number_and_date_cells_imports_the_same_sales() {
    let s = trade_setup();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let p = xlsx(&s, "销售.xlsx", |ws| {
        ws.write_string(0, 0, "民富商城 2025年3月 销售明细").unwrap();
        for (c, h) in ["销售日期", "商品", "Qty", "unit", "Price", "购买方", "渠道", "付款方式", "合同", "备注"]
            .iter()
            .enumerate()
        {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        // Day of March 2025, product, quantity, unit, price, buyer, channel, paid.
        type Sale<'a> = (u8, &'a str, f64, &'a str, f64, &'a str, &'a str, &'a str);
        let rows: [Sale; 3] = [
            (10, "香菇", 100.5, "斤", 9.5, "永辉超市", "", "credit"),
            (11, "芙蓉李", 200.0, "", 5.25, "民富商城", "线上商城", "WeChat"),
            (12, "香菇", 50.125, "斤", 10.0001, "民富商城", "", "现金"),
        ];
        for (i, (day, product, qty, unit, price, buyer, channel, paid)) in rows.into_iter().enumerate() {
            let r = 2 + i as u32;
            ws.write_datetime_with_format(r, 0, ExcelDateTime::from_ymd(2025, 3, day).unwrap(), &date).unwrap();
            ws.write_string(r, 1, product).unwrap();
            ws.write_number(r, 2, qty).unwrap();
            ws.write_string(r, 3, unit).unwrap();
            ws.write_number(r, 4, price).unwrap();
            ws.write_string(r, 5, buyer).unwrap();
            ws.write_string(r, 6, channel).unwrap();
            ws.write_string(r, 7, paid).unwrap();
        }
    });
    let r = s.book("会计").import_sales(&p, false).unwrap();
    assert_eq!(r.encoding, "XLSX");
    assert_good_sales_imported(&s, &r);
}

/// One bad sale a row, of each kind the issue names (and a good row whose stock effect the next
/// row sees), then two rows with several problems each.
fn bad_sales_csv() -> &'static str {
    "日期,产品,数量,单位,单价,客户,渠道,收款方式\n\
     2025-03-10,松茸,1,斤,9,永辉超市,,\n\
     2025-03-10,香菇,1,斤,9,某某公司,,\n\
     2025-03-10,香菇,1.2345,斤,9,永辉超市,,\n\
     2025-03-10,香菇,1,斤,0,永辉超市,,\n\
     2025-03-10,香菇,600,斤,9,永辉超市,,\n\
     2025-03-11,香菇,500,斤,9,永辉超市,,\n\
     2025-02-30,香菇,1,斤,9,永辉超市,,\n\
     2025-03-12,芙蓉李,1,公斤,3,永辉超市,电视购物,支票\n\
     2025-13-01,灵芝,0,,3,永辉超市,,\n"
}

#[test]
fn every_bad_sale_is_reported_and_nothing_is_written() {
    let s = trade_setup();
    let before = s.snapshot();
    let p = write(&s, "bad.csv", bad_sales_csv().as_bytes());
    let r = s.book("会计").import_sales(&p, false).unwrap();
    assert!(!r.ok);
    assert_eq!(r.rows, 9);
    assert!(r.imported.is_empty());
    assert_eq!(
        errors(&r),
        vec![
            (2, "产品", "unknown-product"),
            (3, "客户", "unknown-buyer"),
            (4, "数量", "quantity-precision"),
            (5, "单价", "not-positive"),
            (7, "数量", "insufficient-stock"),
            (8, "日期", "date-invalid"),
            (9, "单位", "unit-mismatch"),
            (9, "渠道", "invalid-channel"),
            (9, "收款方式", "invalid-paid"),
            (10, "日期", "date-invalid"),
            (10, "产品", "unknown-product"),
            (10, "数量", "not-positive"),
        ]
    );
    let value = |i: usize| r.errors[i].value.as_str();
    assert_eq!([value(0), value(1), value(2), value(3), value(5)], ["松茸", "某某公司", "1.2345", "0", "2025-02-30"]);
    assert!(r.errors[0].zh.contains("产品“松茸”不存在"), "{}", r.errors[0].zh);
    // Row 7 sees that row 6 (good on its own) has already taken 600 of the 1000 斤.
    assert_eq!(r.errors[4].zh, "“香菇”库存只有 400 斤，不够销售 500 斤");
    assert_eq!(r.errors[8].value, "支票");
    assert!(r.errors[8].zh.contains("应为 赊销/现金/银行/微信/支付宝"), "{}", r.errors[8].zh);
    assert_eq!(r.errors[11].zh, "数量必须大于零，输入的是 0");
    let refusal = r.refusal().unwrap();
    assert_eq!(refusal.code, "import-invalid");
    assert_eq!(
        (refusal.zh.as_str(), refusal.en.as_str()),
        ("销售明细有 8 行错误，未导入任何销售", "8 rows have errors; nothing was imported")
    );
    assert_eq!(s.snapshot(), before);
}

#[test]
fn sales_header_and_cell_problems() {
    let s = trade_setup();
    let before = s.snapshot();
    let p = write(&s, "h.csv", "日期,产品,数量,备注\n2025-03-10,香菇,1,x\n".as_bytes());
    let e = s.book("会计").import_sales(&p, false).unwrap_err();
    assert_eq!(e.code, "import-header");
    assert!(
        e.zh.starts_with(&format!(
            "销售明细 {} 的表头不对：缺少必需的列：单价、客户（找到的列：日期、产品、数量、备注）",
            p.display()
        )),
        "{}",
        e.zh
    );
    assert!(e.zh.ends_with("表头应有 日期、产品、数量、单价、客户，可选 单位、渠道、收款方式、协议编号"), "{}", e.zh);
    assert!(e.en.contains("required column(s) missing: price, buyer"), "{}", e.en);
    let p = write(&s, "empty.csv", "日期,产品,数量,单价,客户\n".as_bytes());
    let e = s.book("会计").import_sales(&p, false).unwrap_err();
    assert_eq!(e.code, "import-empty");
    assert!(e.zh.ends_with("只有表头，没有销售"), "{}", e.zh);

    // A formula is refused in its cell; a good row after it is checked but not written.
    let p = xlsx(&s, "f.xlsx", |ws| {
        for (c, h) in ["日期", "产品", "数量", "单价", "客户"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..=2 {
            ws.write_string(r, 0, "2025-03-10").unwrap();
            ws.write_string(r, 1, "香菇").unwrap();
            ws.write_number(r, 2, 10).unwrap();
            ws.write_string(r, 4, "永辉超市").unwrap();
        }
        ws.write_formula(1, 3, "=19/2").unwrap();
        ws.write_number(2, 3, 9.5).unwrap();
    });
    let r = s.book("会计").import_sales(&p, false).unwrap();
    assert_eq!(errors(&r), vec![(2, "单价", "import-formula")]);
    assert_eq!(s.snapshot(), before);
}

/// Found by the `import_sales` fuzz target: a price so large that quantity × price, or its
/// amount in 分, is beyond what a `Decimal` holds, panicked (`Multiplication overflowed`); one
/// whose amount is beyond an `i64` of 分 stopped the whole import with an error of no row. Both
/// are now the row's `amount-too-large` in the price column, and the other rows are checked.
#[test]
fn an_amount_too_large_for_any_number_is_an_error_of_its_row() {
    let s = trade_setup();
    let before = s.snapshot();
    let p = write(
        &s,
        "huge.csv",
        "日期,产品,数量,单价,客户\n\
         2025-03-10,香菇,1000,79228162514264337593543950335,永辉超市\n\
         2025-03-10,香菇,1,1000000000000000000000000000,永辉超市\n\
         2025-03-10,香菇,1,100000000000000000000,永辉超市\n\
         2025-03-10,香菇,1,9.5,永辉超市\n"
            .as_bytes(),
    );
    for dry_run in [true, false] {
        let r = s.book("会计").import_sales(&p, dry_run).unwrap();
        assert_eq!(
            errors(&r),
            vec![(2, "单价", "amount-too-large"), (3, "单价", "amount-too-large"), (4, "单价", "amount-too-large")]
        );
        assert_eq!(r.rows, 4);
    }
    assert_eq!(s.snapshot(), before);
}

/// Found by the `import_xlsx` fuzz target: a worksheet whose cell reference has a row number
/// beyond 32 bits made calamine panic (`attempt to multiply with overflow`); the file is refused.
#[test]
fn an_xlsx_whose_reader_panics_is_refused() {
    let s = Scratch::with_members();
    let sheet = concat!(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        r#"<row r="1"><c r="A11111111111" t="inlineStr"><is><t>姓名</t></is></c></row></sheetData></worksheet>"#
    );
    let p = write(&s, "overflow.xlsx", &coopbook::tools::fuzzing::xlsx_of(sheet.as_bytes()));
    let e = s.book("会计").import_members(&p, true).unwrap_err();
    assert_eq!(e.code, "import-format");
    assert!(e.en.contains("not a valid XLSX file"), "{}", e.en);
}

/// A worksheet is read cell by cell, never as one dense range: a cell at A1 and one at
/// XFD1048576 would have made that range 17 billion cells (an allocation that aborts the app).
/// Content beyond the 256th column is refused with its place; a member on row 1,000,000 of an
/// otherwise empty sheet is read as that row, in memory for two rows.
#[test]
fn an_xlsx_is_read_cell_by_cell_however_far_apart_its_cells() {
    let s = Scratch::with_members();
    let before = s.snapshot();
    let cell = |r: &str, t: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#);
    let sheet = |rows: &str| {
        format!(
            concat!(
                r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
                "<sheetData>{rows}</sheetData></worksheet>"
            ),
            rows = rows
        )
    };
    let far = sheet(&format!(
        r#"<row r="1">{}{}{}</row><row r="1048576">{}</row>"#,
        cell("A1", "姓名"),
        cell("B1", "身份证号"),
        cell("C1", "成员类型"),
        cell("XFD1048576", "x")
    ));
    let p = write(&s, "far.xlsx", &coopbook::tools::fuzzing::xlsx_of(far.as_bytes()));
    let e = s.book("会计").import_members(&p, false).unwrap_err();
    assert_eq!(e.code, "import-format");
    assert!(
        e.zh.ends_with("表格第 1048576 行第 16384 列有内容，超出了导入能读的前 256 列；请删去右边多余的内容"),
        "{}",
        e.zh
    );
    assert_eq!(s.snapshot(), before);

    let deep = sheet(&format!(
        r#"<row r="1">{}{}{}{}</row><row r="1000000">{}{}{}{}</row>"#,
        cell("A1", "姓名"),
        cell("B1", "身份证号"),
        cell("C1", "成员类型"),
        cell("D1", "入社日期"),
        cell("A1000000", "王五"),
        cell("B1000000", "110105195001010039"),
        cell("C1000000", "农民"),
        cell("D1000000", "2025-02-01"),
    ));
    let p = write(&s, "deep.xlsx", &coopbook::tools::fuzzing::xlsx_of(deep.as_bytes()));
    let r = s.book("会计").import_members(&p, false).unwrap();
    assert!(r.ok, "{r:?}");
    assert_eq!((r.encoding.as_str(), r.rows, r.imported.len()), ("XLSX", 1, 1));
    let m = s.reader().member(4).unwrap();
    assert_eq!((m.name.as_str(), m.kind.as_str(), m.joined.as_str()), ("王五", "farmer", "2025-02-01"));
}

#[test]
fn a_sales_dry_run_writes_nothing() {
    let s = trade_setup();
    let before = s.snapshot();
    let p = write(&s, "good.csv", good_sales_csv().as_bytes());
    let (r, total) = s.book("会计").import_sales_with_total(&p, true).unwrap();
    assert!(r.ok, "{r:?}");
    assert_eq!((r.rows, r.imported.len(), total.to_string()), (3, 0, "2506.01".to_string()));
    assert_eq!(r.refusal(), None);
    assert_eq!(s.snapshot(), before);
    assert!(sales(&s).is_empty());
}

#[test]
fn cli_refuses_a_bad_sales_file_and_imports_a_good_one() {
    let s = trade_setup();
    let before = s.snapshot();
    let bad = write(&s, "bad.csv", bad_sales_csv().as_bytes());
    let out = s.cli("会计", &["import", "sales", bad.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains("[import-invalid]"), "{}", out.stderr);
    assert!(
        out.stderr.contains("销售明细有 8 行错误，未导入任何销售 / 8 rows have errors; nothing was imported"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("产品“松茸”不存在"), "{}", out.stdout);
    let out = s.cli("会计", &["--json", "import", "sales", bad.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    assert_eq!(out.json()["errors"].as_array().unwrap().len(), 12);
    assert_eq!(s.snapshot(), before);

    let good = write(&s, "good.csv", good_sales_csv().as_bytes());
    let out = s.cli("会计", &["import", "sales", "--dry-run", good.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("检查通过：3 笔销售可以导入，合计 2,506.01 元"), "{}", out.stdout);
    assert_eq!(s.snapshot(), before);
    let out = s.cli("会计", &["import", "sales", good.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("已导入 3 笔销售，合计 2,506.01 元"), "{}", out.stdout);
    assert_eq!(s.reader().sales_report(2025).unwrap().total.to_string(), "2506.01");
}
