//! The co-op's other business and its own production: each operation's voucher to the 分, a
//! harvest carrying production cost into stock and out again at sale, and refusals.

use crate::util::Scratch;

fn run(s: &Scratch, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    s.cli("会计", &a).ok().json()
}

fn lines(s: &Scratch, id: i64) -> Vec<String> {
    s.reader().voucher(id).unwrap().lines.iter().map(|l| format!("{} {} {}", l.account, l.debit, l.credit)).collect()
}

fn op(s: &Scratch, args: &[&str]) -> Vec<String> {
    let mut a = vec!["operation"];
    a.extend_from_slice(args);
    let o = run(s, &a);
    lines(s, o["voucher_id"].as_i64().unwrap())
}

#[test]
fn operations_and_own_production() {
    let s = Scratch::with_members();
    let p = run(&s, &["product", "add", "灵芝", "--unit", "斤", "--own"]);
    assert_eq!(
        (p["source"].as_str(), p["stock_account"].as_str(), p["income_account"].as_str()),
        (Some("own"), Some("12101"), Some("50102"))
    );
    assert_eq!(
        op(
            &s,
            &["service-income", "--date", "2025-03-01", "--amount", "1200", "--paid", "cash", "--party", "邻村合作社"]
        ),
        ["101 1200.00 0.00", "50103 0.00 1200.00"]
    );
    assert_eq!(
        op(&s, &["subsidy-received", "--date", "2025-03-02", "--amount", "200000"]),
        ["102 200000.00 0.00", "235 0.00 200000.00"]
    );
    assert_eq!(
        op(&s, &["subsidy-to-assets", "--date", "2025-03-03", "--amount", "150000"]),
        ["235 150000.00 0.00", "311 0.00 150000.00"]
    );
    assert_eq!(
        op(
            &s,
            &["loan-received", "--date", "2025-03-04", "--amount", "100000", "--term", "long", "--party", "县担保公司"]
        ),
        ["102 100000.00 0.00", "231 0.00 100000.00"]
    );
    assert_eq!(
        op(
            &s,
            &["loan-repaid", "--date", "2025-09-04", "--amount", "20000", "--interest", "1234.56", "--term", "long"]
        ),
        ["231 20000.00 0.00", "524 1234.56 0.00", "102 0.00 21234.56"]
    );
    assert_eq!(
        op(&s, &["wages-accrued", "--date", "2025-03-31", "--amount", "8000"]),
        ["523 8000.00 0.00", "212 0.00 8000.00"]
    );
    assert_eq!(
        op(&s, &["wages-paid", "--date", "2025-04-05", "--amount", "8000", "--paid", "cash"]),
        ["212 8000.00 0.00", "101 0.00 8000.00"]
    );
    assert_eq!(
        op(&s, &["labour-accrued", "--date", "2025-04-10", "--amount", "3000", "--account", "401"]),
        ["401 3000.00 0.00", "213 0.00 3000.00"]
    );
    assert_eq!(
        op(&s, &["labour-paid", "--date", "2025-04-12", "--amount", "3000"]),
        ["213 3000.00 0.00", "102 0.00 3000.00"]
    );
    assert_eq!(
        op(&s, &["expense", "--date", "2025-04-15", "--amount", "500", "--account", "401", "--summary", "购买菌种"]),
        ["401 500.00 0.00", "102 0.00 500.00"]
    );
    assert_eq!(
        op(&s, &["expense", "--date", "2025-04-16", "--amount", "600", "--paid", "cash"]),
        ["523 600.00 0.00", "101 0.00 600.00"]
    );

    // Harvest: the 3,500 collected in 401 goes into stock; 60 of 100 斤 sold carry 2,100 of it.
    let h = run(
        &s,
        &["harvest", "--product", "灵芝", "--qty", "100", "--unit", "斤", "--cost", "3500", "--date", "2025-05-01"],
    );
    assert_eq!(lines(&s, h["voucher_id"].as_i64().unwrap()), ["12101 3500.00 0.00", "401 0.00 3500.00"]);
    run(&s, &["buyer", "add", "药材商", "--channel", "other"]);
    let sale = run(
        &s,
        &[
            "sale",
            "add",
            "--date",
            "2025-05-10",
            "--product",
            "灵芝",
            "--qty",
            "60",
            "--price",
            "80",
            "--buyer",
            "药材商",
        ],
    );
    assert_eq!(
        lines(&s, sale["voucher_id"].as_i64().unwrap()),
        ["113 4800.00 0.00", "50102 0.00 4800.00", "52102 2100.00 0.00", "12101 0.00 2100.00"]
    );

    let tb = s.reader().trial_balance("2025-01-01", "2025-12-31").unwrap();
    let closing = |code: &str| {
        tb.accounts.iter().find(|a| a.code == code).map(|a| a.closing.to_string()).unwrap_or("0.00".into())
    };
    assert_eq!(
        ["231", "311", "235", "212", "213", "401", "12101", "524"].map(closing),
        ["80000.00", "150000.00", "50000.00", "0.00", "0.00", "0.00", "1400.00", "1234.56"]
    );
    assert!(tb.totals.balanced);
    assert!(s.reader().verify().unwrap().ok);
    // An operation is reversed like any document.
    let ops = s.reader().operations().unwrap();
    assert_eq!(ops.len(), 11);
    run(&s, &["document", "reverse", "operation", &ops[0].id.to_string()]);
    assert_eq!(s.reader().operations().unwrap().len(), 10);

    let before = s.snapshot();
    for (args, code) in [
        (
            vec!["harvest", "--product", "灵芝", "--qty", "10", "--cost", "1", "--date", "2025-06-01"],
            "insufficient-production-cost",
        ),
        (
            vec!["deliver", "--member", "2", "--product", "灵芝", "--qty", "1", "--price", "1", "--date", "2025-06-01"],
            "product-source",
        ),
        (
            vec!["operation", "expense", "--date", "2025-06-01", "--amount", "5", "--account", "102"],
            "invalid-expense-account",
        ),
        (vec!["operation", "loan-received", "--date", "2025-06-01", "--amount", "5", "--term", "mid"], "invalid-term"),
        (vec!["operation", "gift", "--date", "2025-06-01", "--amount", "5"], "invalid-operation"),
        (vec!["operation", "expense", "--date", "2025-06-01", "--amount", "0"], "not-positive"),
        (vec!["operation", "wages-paid", "--date", "2025-06-01", "--amount", "5", "--paid", "credit"], "invalid-paid"),
    ] {
        let out = s.cli("会计", &args);
        assert_eq!(out.code, 1, "{args:?}");
        assert!(out.stderr.trim_end().ends_with(&format!("[{code}]")), "{args:?}: {}", out.stderr);
    }
    assert_eq!(before, s.snapshot());
}

#[test]
fn an_expense_account_with_sub_accounts_gets_the_kind_s_own() {
    let s = Scratch::with_members();
    run(
        &s,
        &[
            "asset",
            "add",
            "电脑",
            "--acquired",
            "2025-01-05",
            "--cost",
            "6000",
            "--life-months",
            "36",
            "--expense-account",
            "523",
        ],
    );
    assert_eq!(
        op(&s, &["wages-accrued", "--date", "2025-01-31", "--amount", "5000"]),
        ["52302 5000.00 0.00", "212 0.00 5000.00"]
    );
    assert_eq!(
        op(&s, &["expense", "--date", "2025-02-01", "--amount", "80", "--paid", "cash"]),
        ["52303 80.00 0.00", "101 0.00 80.00"]
    );
    let names: Vec<String> = s
        .reader()
        .accounts()
        .unwrap()
        .into_iter()
        .filter(|a| a.code.starts_with("523") && a.code.len() == 5)
        .map(|a| format!("{} {}", a.code, a.name))
        .collect();
    assert_eq!(names, ["52301 折旧费", "52302 工资", "52303 其他费用"]);
}
