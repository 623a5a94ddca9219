//! The CLI's read-only counterparts of the app's screens (`dashboard`, `member account`,
//! `contributions`, `operations`, `distribution slip-codes`): on the small year of
//! `distribution::year`, exact figures, the JSON the app's command returns (the core type through
//! serde, lists under one key as every CLI list), a readable table, nothing written.

use crate::util::Scratch;
use serde_json::{json, Value};

/// The supervisor (read only) runs `args` with `--json`.
fn read(s: &Scratch, args: &[&str]) -> Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    s.cli("监事", &a).ok().json()
}

/// The same command's table for people: every line within 120 characters.
fn text(s: &Scratch, args: &[&str]) -> String {
    let out = s.cli("监事", args).ok().stdout;
    for line in out.lines() {
        assert!(line.chars().count() <= 120, "{args:?}: {line}");
    }
    out
}

fn value<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap()
}

/// The year of `distribution::year` with its plan saved (draft): capital 60,000 / 30,000 /
/// 10,000 into the bank, deliveries of 1,000.00 and 2,000.00, a sale of 4,500.00 on credit (cost
/// 3,000.00), rent 8,000.01, expenses 1,000.00; the surplus 8,500.01.
fn year_with_plan() -> Scratch {
    let s = crate::distribution::year();
    assert_eq!(s.cli("会计", &["--json", "distribution", "plan", "--year", "2025"]).ok().code, 0);
    s
}

#[test]
fn the_app_reads_from_the_command_line() {
    let s = year_with_plan();
    let before = s.snapshot();
    let book = s.reader();

    // dashboard: the app's `dashboard { year }`
    let d = read(&s, &["dashboard", "--year", "2025"]);
    assert_eq!(d, value(book.dashboard(2025).unwrap()));
    let figures: Vec<&str> = ["cash", "bank", "other_money", "income", "expenses", "surplus", "share_capital"]
        .iter()
        .map(|k| d[*k].as_str().unwrap())
        .collect();
    // bank: 100,000 of capital + 8,000.01 of rent − 1,000 of expenses (the sale is on credit, 113)
    assert_eq!(figures, ["0.00", "107000.01", "0.00", "12500.01", "4000.00", "8500.01", "100000.00"]);
    assert_eq!(
        (&d["year"], &d["members"], &d["collective_share"], &d["collective_min_share"], &d["collective_below_minimum"]),
        (&json!(2025), &json!(3), &json!("0.6000"), &json!("0.3"), &json!(false))
    );
    let by_month: Vec<String> = d["income_by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| format!("{} {}", m["month"].as_str().unwrap(), m["amount"].as_str().unwrap()))
        .collect();
    let mut expected: Vec<String> = (1..=12).map(|m| format!("2025-{m:02} 0.00")).collect();
    expected[2] = "2025-03 4500.00".into();
    expected[5] = "2025-06 8000.01".into();
    assert_eq!(by_month, expected);
    let t = text(&s, &["dashboard", "--year", "2025"]);
    assert!(t.starts_with("2025 年首页\n"), "{t}");
    assert!(t.contains("本年盈余") && t.contains("8,500.01") && t.contains("107,000.01"), "{t}");

    // member account: the app's `member_account { no, year }`
    let a = read(&s, &["member", "account", "3", "--year", "2025"]);
    assert_eq!(a, value(book.member_account(3, 2025).unwrap()));
    assert_eq!(
        (&a["no"], &a["name"], &a["year"], &a["exited"]),
        (&json!(3), &json!("李四"), &json!(2025), &json!(null))
    );
    let money: Vec<&str> =
        ["capital", "reserve", "subsidy", "patronage", "residual", "current_account", "trade_amount"]
            .iter()
            .map(|k| a[*k].as_str().unwrap())
            .collect();
    // delivered 2,000.00 not yet paid: the co-op owes it on 114
    assert_eq!(money, ["10000.00", "0.00", "0.00", "0.00", "0.00", "-2000.00", "2000.00"]);
    assert_eq!(a["contributions"].as_array().unwrap().len(), 1);
    assert_eq!(
        (&a["contributions"][0]["kind"], &a["contributions"][0]["amount"]),
        (&json!("cash"), &json!("10000.00"))
    );
    assert_eq!(
        a["trade"],
        json!([{"kind": "delivery", "product": "香菇", "unit": "斤", "quantity": "200", "amount": "2000.00"}])
    );
    assert_eq!((&a["distribution"]["patronage"], &a["distribution"]["total"]), (&json!("3060.01"), &json!("3366.01")));
    let t = text(&s, &["member", "account", "3", "--year", "2025"]);
    assert!(t.starts_with("3 号成员 李四 2025 年成员账户\n") && t.contains("3,366.01"), "{t}");

    // contributions: the app's `contributions { member }` (and the pages of `contribution_page`)
    let c = read(&s, &["contributions"]);
    assert_eq!(c, json!({"contributions": value(book.contributions(None).unwrap())}));
    let rows: Vec<String> = c["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{} {} {} {}", r["date"].as_str().unwrap(), r["member"], r["kind"], r["amount"]))
        .collect();
    assert_eq!(
        rows,
        [
            "2025-01-05 1 \"cash\" \"60000.00\"",
            "2025-01-05 2 \"cash\" \"30000.00\"",
            "2025-01-05 3 \"cash\" \"10000.00\""
        ]
    );
    let page = book.contribution_page(None, Some(2), Some(1)).unwrap();
    assert_eq!((value(&page.rows), page.total), (json!(c["contributions"].as_array().unwrap()[1..3]), 3));
    let one = read(&s, &["contributions", "--member", "2"]);
    assert_eq!(one, json!({"contributions": value(book.contributions(Some(2)).unwrap())}));
    assert_eq!(one["contributions"].as_array().unwrap().len(), 1);
    let t = text(&s, &["contributions"]);
    assert_eq!(t.lines().count(), 4, "{t}");
    assert!(t.contains("李四") && t.contains("60,000.00"), "{t}");

    // operations: the app's `operations`
    let o = read(&s, &["operations"]);
    assert_eq!(o, json!({"operations": value(book.operations().unwrap())}));
    let ops: Vec<String> = o["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{} {} {} {}", r["date"].as_str().unwrap(), r["kind"], r["amount"], r["interest"]))
        .collect();
    assert_eq!(
        ops,
        ["2025-06-30 \"rental-income\" \"8000.01\" \"0.00\"", "2025-07-01 \"expense\" \"1000.00\" \"0.00\""]
    );
    let t = text(&s, &["operations"]);
    assert_eq!(t.lines().count(), 3, "{t}");
    assert!(t.contains("8,000.01"), "{t}");

    // slip codes: the app's `slip_codes { year }`
    let codes = read(&s, &["distribution", "slip-codes", "--year", "2025"]);
    assert_eq!(codes, json!({"slip_codes": value(book.slip_codes(2025).unwrap())}));
    let list = codes["slip_codes"].as_array().unwrap();
    assert_eq!(list.iter().map(|c| c["no"].as_i64().unwrap()).collect::<Vec<_>>(), [1, 2, 3]);
    for c in list {
        let code = c["code"].as_str().unwrap();
        assert!(
            code.len() == 9
                && code.char_indices().all(|(i, ch)| if i == 4 { ch == '-' } else { ch.is_ascii_hexdigit() }),
            "{code}"
        );
    }
    let t = text(&s, &["distribution", "slip-codes", "--year", "2025"]);
    assert!(t.contains(list[2]["code"].as_str().unwrap()), "{t}");

    // reads only
    assert_eq!(before, s.snapshot());
}

#[test]
fn the_app_reads_refuse_as_the_core() {
    let s = year_with_plan();
    let before = s.snapshot();
    for (args, code) in [
        (&["member", "account", "9", "--year", "2025"][..], "unknown-member"),
        (&["distribution", "slip-codes", "--year", "2024"][..], "no-plan"),
    ] {
        let out = s.cli("监事", args);
        assert_eq!(out.code, 1, "{args:?}");
        assert!(out.stderr.trim_end().ends_with(&format!("[{code}]")), "{args:?}: {}", out.stderr);
    }
    // a year with nothing in it: zeros, not a refusal
    let d = read(&s, &["dashboard", "--year", "2024"]);
    assert_eq!((&d["income"], &d["bank"], &d["collective_share"]), (&json!("0.00"), &json!("0.00"), &json!(null)));
    assert!(d["income_by_month"].as_array().unwrap().iter().all(|m| m["amount"] == "0.00"));
    assert_eq!(read(&s, &["contributions", "--member", "9"]), json!({"contributions": []}));
    assert_eq!(before, s.snapshot());
}
