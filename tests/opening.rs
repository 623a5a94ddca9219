//! Opening balances of old books (期初余额表) kept on the 2007 chart: a GBK CSV as Excel saves it
//! and an XLSX written here, mapped to the 2021 chart (522 管理费用 → 523, the 2007 biological
//! assets → 142 for review), previewed without writing, applied as one posted voucher whose trial
//! balance is checked to the 分, and every refusal with its code and the book unchanged.

use crate::util::{post, Scratch};
use coopbook::io::opening::{OpeningImport, OpeningOptions};
use coopbook::Money;
use rust_xlsxwriter::{Format, Workbook};
use std::path::PathBuf;

const DATE: &str = "2025-07-01";

/// The old books' 期初余额表 on 2025-07-01 (mid-year, so the expense accounts have balances): 522
/// totals its two sub-accounts, 301 股金 totals its three members' rows, 113's name is not the
/// chart's. Debits and credits are both 191,100.50.
const BALANCES: &str = "科目编码,科目名称,借方余额,贷方余额,成员编号
101,库存现金,\"1,200.50\",,
102,银行存款,58000.00,,
113,应收账款,2500,,
141,牲畜（禽）资产,6000.00,,
151,固定资产,120000.00,0.00,
152,累计折旧,,20000.00,
211,应付款,,8700.50,
301,股金,,150000.00,
301,股金,,100000.00,1
301,股金,,30000.00,2
301,股金,,20000.00,3
321,资本公积,,3400.00,
502,其他收入,,9000.00,
522,管理费用,3400.00,,
52201,办公费,1400.00,,
52202,差旅费,2000.00,,
";

fn write(s: &Scratch, name: &str, bytes: &[u8]) -> PathBuf {
    let p = s.dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The file as Excel saves it on Chinese Windows: GBK with CRLF line ends.
fn gbk(s: &Scratch, name: &str, text: &str) -> PathBuf {
    let crlf = text.replace('\n', "\r\n");
    let (bytes, _, lossy) = encoding_rs::GBK.encode(&crlf);
    assert!(!lossy);
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture must really be GBK");
    write(s, name, &bytes)
}

fn opts(date: Option<&str>, map: &[&str]) -> OpeningOptions {
    OpeningOptions { date: date.map(str::to_string), chart: None, map: map.iter().map(|m| m.to_string()).collect() }
}

fn vouchers(s: &Scratch) -> i64 {
    s.reader().conn().query_row("SELECT COUNT(*) FROM vouchers", [], |r| r.get(0)).unwrap()
}

/// (old code, member, new code, status) of every row.
fn mapping(r: &OpeningImport) -> Vec<(String, Option<i64>, String, String)> {
    r.rows.iter().map(|x| (x.old_code.clone(), x.member, x.new_code.clone(), x.status.clone())).collect()
}

fn row<'a>(r: &'a OpeningImport, old: &str, member: Option<i64>) -> &'a coopbook::io::opening::OpeningRow {
    r.rows.iter().find(|x| x.old_code == old && x.member == member).unwrap_or_else(|| panic!("no row {old}"))
}

/// The closing balance (in the account's normal direction) of every account of the trial balance
/// over the opening's month, as `code name amount`.
fn closing(s: &Scratch) -> Vec<String> {
    let tb = s.reader().trial_balance(DATE, "2025-07-31").unwrap();
    assert!(tb.totals.balanced);
    tb.accounts.iter().map(|a| format!("{} {} {}", a.code, a.name, a.closing)).collect()
}

const EXPECTED: &[&str] = &[
    "101 库存现金 1200.50",
    "102 银行存款 58000.00",
    "113 应收款 2500.00",
    "142 生产性生物资产 6000.00",
    "151 固定资产 120000.00",
    "152 累计折旧 20000.00",
    "211 应付款 8700.50",
    "301 股金 150000.00",
    "321 资本公积 3400.00",
    "502 其他收入 9000.00",
    "523 管理费用 3400.00",
    "52301 办公费 1400.00",
    "52302 差旅费 2000.00",
];

fn assert_applied(s: &Scratch, r: &OpeningImport) {
    let id = r.voucher_id.expect("applied");
    let v = s.reader().voucher(id).unwrap();
    assert_eq!(
        (v.status.as_str(), v.date.as_str(), v.summary.as_str()),
        ("posted", DATE, "期初余额（自2007年科目体系转入）")
    );
    assert_eq!((v.prepared_by.as_str(), v.reviewed_by.as_deref()), ("会计", Some("系统")));
    assert_eq!((v.debit, v.credit), (Money(19_110_050), Money(19_110_050)));
    // One line a posting row: the subtotals of 301 and 522 are not posted again.
    assert_eq!(v.lines.len(), 14);
    let members: Vec<(String, Option<i64>, String)> = v
        .lines
        .iter()
        .filter(|l| l.account == "301")
        .map(|l| (l.account.clone(), l.member, l.credit.to_string()))
        .collect();
    assert_eq!(
        members,
        vec![
            ("301".into(), Some(1), "100000.00".into()),
            ("301".into(), Some(2), "30000.00".into()),
            ("301".into(), Some(3), "20000.00".into())
        ]
    );
    assert_eq!(vouchers(s), 1);
    assert_eq!(closing(s), EXPECTED);
    let tb = s.reader().trial_balance(DATE, "2025-07-31").unwrap();
    assert_eq!((tb.totals.debit, tb.totals.credit), (Money(19_110_050), Money(19_110_050)));
    assert_eq!((tb.totals.closing_debit, tb.totals.closing_credit), (Money(19_110_050), Money(19_110_050)));
    // The member sub-ledger has each member's share capital.
    let m2 = s.reader().member_ledger(2, DATE, "2025-07-31").unwrap();
    assert_eq!(
        m2.accounts.iter().map(|a| (a.code.as_str(), a.closing)).collect::<Vec<_>>(),
        vec![("301", Money(3_000_000))]
    );
    // The audit log has the mapping.
    let (entity_id, payload): (String, String) = s
        .reader()
        .conn()
        .query_row("SELECT entity_id, payload FROM change_log WHERE action = 'opening.import'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(entity_id, id.to_string());
    let p: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!((p["chart"].as_str(), p["rows"].as_array().map(Vec::len)), (Some("2007"), Some(16)));
    assert_eq!((p["rows"][13]["old"].as_str(), p["rows"][13]["new"].as_str()), (Some("522"), Some("523")));
    assert!(s.reader().verify().unwrap().ok);
}

#[test]
fn a_gbk_csv_on_the_2007_chart_previews_then_applies_as_one_voucher() {
    let s = Scratch::with_members();
    let p = gbk(&s, "期初余额表.csv", BALANCES);
    let before = s.snapshot();

    let r = s.book("会计").opening_preview(&p, &opts(Some(DATE), &[])).unwrap();
    assert_eq!(r.encoding, "GBK");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(r.balanced);
    assert_eq!((r.debit, r.credit), (Money(19_110_050), Money(19_110_050)));
    assert_eq!(r.voucher_id, None);
    assert!(r.refusal().is_none());
    let m = |old: &str, member: Option<i64>, new: &str, status: &str| {
        (old.to_string(), member, new.to_string(), status.to_string())
    };
    assert_eq!(
        mapping(&r),
        vec![
            m("101", None, "101", "same"),
            m("102", None, "102", "same"),
            m("113", None, "113", "same"),
            m("141", None, "142", "review"),
            m("151", None, "151", "same"),
            m("152", None, "152", "same"),
            m("211", None, "211", "same"),
            m("301", None, "301", "same"),
            m("301", Some(1), "301", "same"),
            m("301", Some(2), "301", "same"),
            m("301", Some(3), "301", "same"),
            m("321", None, "321", "same"),
            m("502", None, "502", "same"),
            m("522", None, "523", "remapped"),
            m("52201", None, "52301", "remapped"),
            m("52202", None, "52302", "remapped"),
        ]
    );
    let r522 = row(&r, "522", None);
    assert_eq!(
        (r522.old_name.as_str(), r522.new_name.as_str(), r522.debit, r522.subtotal),
        ("管理费用", "管理费用", Money(340_000), true)
    );
    let r141 = row(&r, "141", None);
    assert_eq!((r141.new_name.as_str(), r141.debit), ("生产性生物资产", Money(600_000)));
    assert!(
        r141.note.contains("幼畜及育肥畜/用材林属消耗性生物资产 141，防风固沙林等属公益性生物资产 144，请核对"),
        "{}",
        r141.note
    );
    let r52201 = row(&r, "52201", None);
    assert!(r52201.new_account && r52201.note.contains("将新建明细科目 52301 办公费"), "{r52201:?}");
    assert!(row(&r, "301", None).subtotal && !row(&r, "301", Some(2)).subtotal);
    assert_eq!(row(&r, "301", Some(2)).member_name.as_deref(), Some("张三"));
    // A name that is not the chart's is a note, not an error.
    let r113 = row(&r, "113", None);
    assert_eq!((r113.status.as_str(), r113.debit), ("same", Money(250_000)));
    assert!(r113.note.contains("应收账款") && r113.note.contains("应收款"), "{}", r113.note);
    assert_eq!(row(&r, "101", None).debit, Money(120_050));
    // The preview wrote nothing: no voucher, no sub-account, no log row.
    assert_eq!(vouchers(&s), 0);
    assert_eq!(s.snapshot(), before);

    let r = s.book("会计").opening_apply(&p, &opts(Some(DATE), &[])).unwrap();
    assert_applied(&s, &r);
    let a = s.reader().account("52302").unwrap();
    assert_eq!((a.name.as_str(), a.parent.as_deref()), ("差旅费", Some("523")));
}

/// The same balances as an XLSX workbook with English headers, a title row, numbers as number
/// cells and sub-account codes written `522.01`.
#[test]
fn an_xlsx_file_imports_the_same_balances() {
    let s = Scratch::with_members();
    let p = s.dir.path().join("opening.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "青山村合作社 2025年7月1日 期初余额表").unwrap();
    for (c, h) in ["Code", "Name", "Debit", "Credit", "Member"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let money = Format::new().set_num_format("#,##0.00");
    for (i, line) in BALANCES.lines().skip(1).enumerate() {
        let r = i as u32 + 2;
        let mut cells = Vec::new();
        let mut rest = line;
        // the one quoted amount of the fixture
        while !rest.is_empty() || cells.len() < 5 {
            if let Some(q) = rest.strip_prefix('"') {
                let (cell, after) = q.split_once('"').unwrap();
                cells.push(cell.replace(',', ""));
                rest = after.strip_prefix(',').unwrap_or(after);
            } else {
                let (cell, after) = rest.split_once(',').unwrap_or((rest, ""));
                cells.push(cell.to_string());
                rest = after;
            }
        }
        let code = match cells[0].len() {
            5 => format!("{}.{}", &cells[0][..3], &cells[0][3..]),
            _ => cells[0].clone(),
        };
        ws.write_string(r, 0, &code).unwrap();
        ws.write_string(r, 1, &cells[1]).unwrap();
        for c in [2usize, 3] {
            if !cells[c].is_empty() {
                let n: f64 = cells[c].parse().unwrap();
                ws.write_number_with_format(r, c as u16, n, &money).unwrap();
            }
        }
        if !cells[4].is_empty() {
            ws.write_number(r, 4, cells[4].parse::<f64>().unwrap()).unwrap();
        }
    }
    wb.save(&p).unwrap();

    let r = s.book("会计").opening_preview(&p, &opts(Some(DATE), &[])).unwrap();
    assert_eq!(r.encoding, "XLSX");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!((row(&r, "522", None).new_code.as_str(), row(&r, "522", None).status.as_str()), ("523", "remapped"));
    assert_eq!((row(&r, "141", None).new_code.as_str(), row(&r, "141", None).status.as_str()), ("142", "review"));
    assert_eq!(row(&r, "52201", None).row, 17, "rows are numbered as the spreadsheet shows them");
    assert_eq!(vouchers(&s), 0);
    let r = s.book("会计").opening_apply(&p, &opts(Some(DATE), &[])).unwrap();
    assert_applied(&s, &r);
}

#[test]
fn a_map_overrides_where_an_account_goes() {
    let s = Scratch::with_members();
    let p = gbk(&s, "o.csv", BALANCES);
    let r = s.book("会计").opening_preview(&p, &opts(Some(DATE), &["141=141"])).unwrap();
    let r141 = row(&r, "141", None);
    assert_eq!(
        (r141.new_code.as_str(), r141.new_name.as_str(), r141.status.as_str()),
        ("141", "消耗性生物资产", "same")
    );
    assert!(r141.note.contains("按指定映射 141=141"));
    assert_eq!(r.maps, vec!["141=141".to_string()]);
    s.book("会计").opening_apply(&p, &opts(Some(DATE), &["141=141"])).unwrap();
    let c = closing(&s);
    assert!(c.contains(&"141 消耗性生物资产 6000.00".to_string()) && !c.iter().any(|l| l.starts_with("142 ")), "{c:?}");
}

/// Each refusal, with its code, and the book exactly as it was.
#[test]
fn refusals_leave_the_book_unchanged() {
    let s = Scratch::with_members();
    let good = gbk(&s, "good.csv", BALANCES);
    let before = s.snapshot();
    let apply = |p: &PathBuf, o: &OpeningOptions| s.book("会计").opening_apply(p, o).unwrap_err();

    // Debits and credits differ: both totals are named.
    let p = gbk(&s, "unbalanced.csv", &BALANCES.replace("58000.00", "58000.10"));
    let preview = s.book("会计").opening_preview(&p, &opts(Some(DATE), &[])).unwrap();
    assert!(!preview.balanced && preview.errors.is_empty());
    let e = apply(&p, &opts(Some(DATE), &[]));
    assert_eq!((e.code, e.field.as_deref()), ("opening-unbalanced", Some("file")));
    assert!(e.zh.starts_with("期初余额借贷不平衡：借方合计 191,100.60，贷方合计 191,100.50，相差 0.10"), "{}", e.zh);
    assert!(e.en.contains("debits 191,100.60, credits 191,100.50"), "{}", e.en);

    // An account unknown to the 2007 chart: its row is named.
    let p = gbk(&s, "unknown.csv", &BALANCES.replace("321,资本公积,,3400.00,", "190,其他资产,,3400.00,"));
    let r = s.book("会计").opening_preview(&p, &opts(Some(DATE), &[])).unwrap();
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(
        (r.errors[0].row, r.errors[0].column.as_str(), r.errors[0].value.as_str(), r.errors[0].code.as_str()),
        (13, "科目编码", "190", "unknown-account")
    );
    assert!(r.errors[0].zh.contains("190") && r.errors[0].zh.contains("--map 190="), "{}", r.errors[0].zh);
    assert_eq!(row(&r, "190", None).status, "error");
    let e = apply(&p, &opts(Some(DATE), &[]));
    assert_eq!(e.code, "opening-invalid");
    assert!(e.zh.contains("有 1 行错误"), "{}", e.zh);

    // A map to an account the chart does not have.
    let e = apply(&good, &opts(Some(DATE), &["141=149"]));
    assert_eq!((e.code, e.field.as_deref()), ("map-unknown-account", Some("map")));
    assert!(e.zh.contains("149"));
    assert_eq!(apply(&good, &opts(Some(DATE), &["141"])).code, "map-invalid");

    // No date, or a date that is none.
    let e = apply(&good, &opts(None, &[]));
    assert_eq!((e.code, e.field.as_deref()), ("date-required", Some("date")));
    assert_eq!(s.book("会计").opening_preview(&good, &opts(Some(" "), &[])).unwrap_err().code, "date-required");
    assert_eq!(apply(&good, &opts(Some("2025-02-30"), &[])).code, "date-invalid");

    // A fraction of a 分.
    let p = gbk(&s, "fen.csv", &BALANCES.replace("\"1,200.50\"", "1200.505"));
    let r = s.book("会计").opening_preview(&p, &opts(Some(DATE), &[])).unwrap();
    assert_eq!(
        r.errors.iter().map(|e| (e.row, e.column.as_str(), e.code.as_str())).collect::<Vec<_>>(),
        vec![(2, "借方余额", "amount-precision")]
    );
    assert_eq!(apply(&p, &opts(Some(DATE), &[])).code, "opening-invalid");

    // A member on an account not kept per member, a negative balance, both sides on one row, a
    // member-ledger row without its member, an unknown member, a parent with sub-accounts in the
    // book (501 has 50101), a subtotal that is not the sum of its rows.
    let bad = BALANCES
        .replace("102,银行存款,58000.00,,", "102,银行存款,58000.00,,2")
        .replace("152,累计折旧,,20000.00,", "152,累计折旧,-20000.00,,")
        .replace("211,应付款,,8700.50,", "211,应付款,100.00,8800.50,")
        .replace("321,资本公积,,3400.00,", "322,盈余公积,,3400.00,")
        .replace("502,其他收入,,9000.00,", "501,经营收入,,9000.00,")
        .replace("52202,差旅费,2000.00,,", "52202,差旅费,2000.00,,9")
        .replace("522,管理费用,3400.00,,", "522,管理费用,3500.00,,");
    let p = gbk(&s, "bad.csv", &bad);
    let r = s.book("会计").opening_preview(&p, &opts(Some(DATE), &[])).unwrap();
    let mut got: Vec<(usize, &str)> = r.errors.iter().map(|e| (e.row, e.code.as_str())).collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            (3, "member-not-allowed"),
            (7, "amount-negative"),
            (8, "line-both-sides"),
            (13, "member-required"),
            (14, "account-not-leaf"),
            (15, "opening-subtotal"),
            (17, "unknown-member"),
        ]
    );
    let missing = r.errors.iter().find(|e| e.code == "member-required").unwrap();
    assert!(missing.zh.starts_with("第 13 行：科目 322 盈余公积 按成员明细核算"), "{}", missing.zh);
    assert_eq!(missing.column, "成员编号");
    let negative = r.errors.iter().find(|e| e.code == "amount-negative").unwrap();
    assert!(negative.zh.contains("请把 20,000.00 填在贷方余额"), "{}", negative.zh);
    assert_eq!(apply(&p, &opts(Some(DATE), &[])).code, "opening-invalid");

    // A closed month from the opening's month on.
    assert_eq!(s.snapshot(), before);
    post(&s, "2025-08-05", "收到借款", &["102:500.00:0", "201:0:500.00"]);
    s.book("会计").close_period("2025-08").unwrap();
    let e = apply(&good, &opts(Some(DATE), &[]));
    assert_eq!((e.code, e.field.as_deref()), ("period-closed", Some("date")));
    assert!(e.zh.starts_with("2025-08 已结账"), "{}", e.zh);
    s.book("会计").reopen_period("2025-08").unwrap();

    // A voucher dated on or before the opening's date.
    let after = s.snapshot();
    post(&s, "2025-06-30", "零星支出", &["52101:10.00:0", "101:0:10.00"]);
    let with_voucher = s.snapshot();
    let e = apply(&good, &opts(Some(DATE), &[]));
    assert_eq!((e.code, e.field.as_deref()), ("opening-exists", Some("date")));
    assert!(e.zh.contains("2025-06-30 记-0001"), "{}", e.zh);
    assert_eq!(s.snapshot(), with_voucher);
    assert_ne!(after, with_voucher);
}

#[test]
fn opening_balances_come_once_and_before_everything_else() {
    let s = Scratch::with_members();
    let p = gbk(&s, "o.csv", BALANCES);
    // A voucher after the date does not stop it.
    post(&s, "2025-07-15", "收到借款", &["102:500.00:0", "201:0:500.00"]);
    s.book("会计").opening_apply(&p, &opts(Some(DATE), &[])).unwrap();
    let before = s.snapshot();
    // A second import, on the same date or an earlier one, is refused.
    for d in [DATE, "2025-01-01", "2025-12-31"] {
        let e = s.book("会计").opening_apply(&p, &opts(Some(d), &[])).unwrap_err();
        assert_eq!(e.code, "opening-exists", "{d}");
        assert!(e.zh.contains("已于 2025-07-01 导入过期初余额"), "{}", e.zh);
        assert_eq!(s.book("会计").opening_preview(&p, &opts(Some(d), &[])).unwrap_err().code, "opening-exists");
    }
    assert_eq!(s.snapshot(), before);
}

#[test]
fn a_2021_file_keeps_its_codes() {
    let s = Scratch::with_members();
    let text = "code,name,debit,credit,member\n101,库存现金,500.00,,\n523,管理费用,100.00,,\n162,累计摊销,,100.00,\n114,成员往来,,\
        500.00,3\n";
    let p = write(&s, "o2021.csv", text.as_bytes());
    let o = OpeningOptions { date: Some("2025-01-01".into()), chart: Some("2021".into()), map: Vec::new() };
    let r = s.book("会计").opening_preview(&p, &o).unwrap();
    assert_eq!(r.encoding, "UTF-8");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(r.rows.iter().all(|x| x.status == "same" && x.new_code == x.old_code));
    // A year-start balance on an expense account is worth a second look.
    assert!(row(&r, "523", None).note.contains("年初损益类科目一般没有余额"));
    let r = s.book("会计").opening_apply(&p, &o).unwrap();
    let v = s.reader().voucher(r.voucher_id.unwrap()).unwrap();
    assert_eq!(v.summary, "期初余额");
    assert_eq!(
        s.book("会计").opening_preview(&p, &OpeningOptions { chart: Some("2013".into()), ..o }).unwrap_err().code,
        "chart-invalid"
    );
}

#[test]
fn cli_previews_then_applies() {
    let s = Scratch::with_members();
    let p = gbk(&s, "期初余额表.csv", BALANCES);
    let file = p.to_str().unwrap();
    let before = s.snapshot();

    let out = s.cli("会计", &["import", "opening", file, "--date", DATE]).ok();
    assert!(out.stdout.contains("522 管理费用"), "{}", out.stdout);
    assert!(out.stdout.contains("→ 523 管理费用"), "{}", out.stdout);
    assert!(
        out.stdout.contains("改码") && out.stdout.contains("请核对") && out.stdout.contains("191,100.50"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("未写入任何内容") && out.stdout.contains("--apply"), "{}", out.stdout);
    assert_eq!(s.snapshot(), before);

    let json = s.cli("会计", &["--json", "import", "opening", file, "--date", DATE, "--map", "141=141"]).ok().json();
    assert_eq!((json["debit"].as_str(), json["balanced"].as_bool()), (Some("191100.50"), Some(true)));
    assert_eq!(
        (
            json["rows"][3]["new_code"].as_str(),
            json["rows"][13]["new_code"].as_str(),
            json["rows"][13]["status"].as_str()
        ),
        (Some("141"), Some("523"), Some("remapped"))
    );
    assert_eq!(s.snapshot(), before);

    let out = s.cli("会计", &["import", "opening", file]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("[date-required]"), "{}", out.stderr);
    let out = s.cli("会计", &["import", "opening", file, "--date", DATE, "--map", "141=149", "--apply"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("[map-unknown-account]"), "{}", out.stderr);
    let bad = gbk(&s, "bad.csv", &BALANCES.replace("58000.00", "58000.10"));
    let out = s.cli("会计", &["import", "opening", bad.to_str().unwrap(), "--date", DATE, "--apply"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("借方合计 191,100.60，贷方合计 191,100.50") && out.stderr.contains("[opening-unbalanced]"),
        "{}",
        out.stderr
    );
    assert_eq!(s.snapshot(), before);

    let out = s.cli("会计", &["import", "opening", file, "--date", DATE, "--apply"]).ok();
    assert!(out.stdout.contains("已写入期初余额凭证 id 1"), "{}", out.stdout);
    let tb = s.cli("会计", &["--json", "report", "trial-balance", "--from", DATE, "--to", "2025-07-31"]).ok().json();
    let find = |code: &str| {
        tb["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["code"] == code)
            .map(|a| a["closing"].as_str().unwrap().to_string())
    };
    assert_eq!(find("523").as_deref(), Some("3400.00"));
    assert_eq!(find("142").as_deref(), Some("6000.00"));
    assert_eq!(find("522"), None);
    let out = s.cli("会计", &["import", "opening", file, "--date", DATE, "--apply"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("[opening-exists]"), "{}", out.stderr);
}

/// A parent row without a balance only heads the rows below it; once the opening voucher is
/// reversed, the corrected file can be imported on the same date.
#[test]
fn heading_rows_and_importing_again_after_a_reversal() {
    let s = Scratch::with_members();
    let text = "科目编码,科目名称,借方余额,贷方余额,成员编号\n102,银行存款,800.00,,\n301,股金,,,\n301,股金,,500.00,2\n301,股金,,300.00,3\n";
    let p = write(&s, "heading.csv", text.as_bytes());
    let r = s.book("会计").opening_preview(&p, &opts(Some(DATE), &[])).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(row(&r, "301", None).subtotal && row(&r, "301", None).note.contains("上级科目行"));
    let first = s.book("会计").opening_apply(&p, &opts(Some(DATE), &[])).unwrap().voucher_id.unwrap();
    assert_eq!(s.book("会计").opening_apply(&p, &opts(Some(DATE), &[])).unwrap_err().code, "opening-exists");

    s.book("会计").reverse_voucher(first, None).unwrap();
    let mut chair = s.book("理事长");
    let rev = chair.vouchers(&Default::default()).unwrap().into_iter().find(|v| v.reverses == Some(first)).unwrap().id;
    chair.review_voucher(rev).unwrap();
    chair.post_voucher(rev).unwrap();
    drop(chair);
    let fixed = write(&s, "fixed.csv", text.replace("800.00", "900.00").replace(",,300.00,3", ",,400.00,3").as_bytes());
    let second = s.book("会计").opening_apply(&fixed, &opts(Some(DATE), &[])).unwrap().voucher_id.unwrap();
    assert_ne!(first, second);
    assert_eq!(closing(&s), vec!["102 银行存款 900.00".to_string(), "301 股金 900.00".to_string()]);
}

/// Found by the `opening` fuzz target: an amount whose decimals start with a character of more
/// than one byte (`1.葡萄`) panicked (`byte index 2 is not a char boundary`) where `1200.500` is
/// read as `1200.50`; it is the row's `amount-invalid`. The fuzzer's GBK file is in the corpus
/// (fuzz/corpus/opening/regression-side-char-boundary).
#[test]
fn an_amount_with_wide_characters_after_the_point_is_an_error_of_its_row() {
    let s = Scratch::with_members();
    let p = write(
        &s,
        "wide.csv",
        "科目编码,科目名称,借方余额,贷方余额\n101,库存现金,1.葡萄,\n102,银行存款,,1.0０\n".as_bytes(),
    );
    let r = s.book("会计").opening_preview(&p, &opts(Some(DATE), &[])).unwrap();
    assert_eq!(
        r.errors.iter().map(|e| (e.row, e.column.as_str(), e.code.as_str())).collect::<Vec<_>>(),
        vec![(2, "借方余额", "amount-invalid"), (3, "贷方余额", "amount-invalid")]
    );
}

/// The balance of 332 盈余分配 an old book carries (a loss not yet made good, or surplus not yet
/// distributed) lands on its sub-account 33202 未分配盈余 (财会〔2021〕37号, 332: at every year end 各项分配
/// is carried to 未分配盈余), on either chart; the preview says so.
#[test]
fn an_old_books_332_lands_on_undistributed_surplus() {
    let s = Scratch::with_members();
    let text = "code,name,debit,credit,member\n101,库存现金,300.00,,\n332,盈余分配,700.00,,\n301,股金,,1000.00,2\n";
    for chart in ["2007", "2021"] {
        let p = write(&s, &format!("o332-{chart}.csv"), text.as_bytes());
        let o = OpeningOptions { date: Some("2025-01-01".into()), chart: Some(chart.into()), map: Vec::new() };
        let r = s.book("会计").opening_preview(&p, &o).unwrap();
        assert!(r.errors.is_empty(), "{chart}: {:?}", r.errors);
        let x = row(&r, "332", None);
        assert_eq!((x.new_code.as_str(), x.status.as_str()), ("33202", "remapped"), "{chart}");
        assert!(x.note.contains("332 盈余分配的余额转入其明细科目 33202 未分配盈余"), "{chart}: {}", x.note);
    }
    let p = write(&s, "o332.csv", text.as_bytes());
    let r = s.book("会计").opening_apply(&p, &opts(Some("2025-01-01"), &[])).unwrap();
    let v = s.reader().voucher(r.voucher_id.unwrap()).unwrap();
    let lines: Vec<String> = v.lines.iter().map(|l| format!("{} {} {}", l.account, l.debit, l.credit)).collect();
    assert!(lines.contains(&"33202 700.00 0.00".to_string()), "{lines:?}");
    // 01 at the end of January (期末余额): the loss carried is 未分配盈余 −700.00 (line 40).
    let bs = s.reader().statement("balance-sheet", 2025, Some(1)).unwrap();
    let line40 = bs.blocks[1].rows.iter().find(|r| r.line == Some(40)).unwrap().values[0];
    assert_eq!(line40.map(|m| m.to_string()), Some("-700.00".into()));
}
