//! Trade: products, buyers, members' deliveries and sales with their vouchers, stock at average
//! cost, the member trade summary against the 114 credits, the sales report, and refusals.

use crate::util::Scratch;

fn setup() -> Scratch {
    let s = Scratch::with_members();
    for args in [
        vec!["product", "add", "香菇", "--unit", "斤", "--category", "食用菌"],
        vec!["product", "add", "芙蓉李", "--unit", "斤"],
        vec!["buyer", "add", "永辉超市", "--channel", "商超协议"],
        vec!["buyer", "add", "民富商城", "--channel", "online"],
        vec![
            "contract",
            "add",
            "YH-2025-01",
            "--buyer",
            "永辉超市",
            "--product",
            "香菇",
            "--qty",
            "5000",
            "--price",
            "9.5",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
        ],
    ] {
        s.cli("会计", &args).ok();
    }
    s
}

fn lines(s: &Scratch, id: i64) -> Vec<String> {
    let v = s.reader().voucher(id).unwrap();
    v.lines
        .iter()
        .map(|l| {
            format!("{} {} {} {}", l.account, l.member.map(|m| m.to_string()).unwrap_or("-".into()), l.debit, l.credit)
        })
        .collect()
}

fn run(s: &Scratch, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    s.cli("会计", &a).ok().json()
}

#[test]
fn deliveries_and_sales_post_their_vouchers() {
    let s = setup();
    // The existing 香菇 sub-accounts are reused; 芙蓉李 gets new ones.
    let products = run(&s, &["product", "list"]);
    let p: Vec<String> = products["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {} {} {}",
                p["name"].as_str().unwrap(),
                p["stock_account"].as_str().unwrap(),
                p["income_account"].as_str().unwrap(),
                p["cost_account"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(p, ["芙蓉李 12802 50102 52102", "香菇 12801 50101 52101"]);

    let d1 = run(
        &s,
        &[
            "deliver",
            "--member",
            "2",
            "--product",
            "香菇",
            "--qty",
            "1234.5",
            "--unit",
            "斤",
            "--price",
            "7",
            "--date",
            "2025-03-01",
            "--grade",
            "一级",
        ],
    );
    assert_eq!((d1["amount"].as_str(), d1["party"].as_str()), (Some("8641.50"), Some("张三")));
    assert_eq!(lines(&s, d1["voucher_id"].as_i64().unwrap()), ["12801 - 8641.50 0.00", "114 2 0.00 8641.50"]);
    // 800.25 斤 × 6.8888 = 5,512.7622 → 5,512.76.
    let d2 = run(
        &s,
        &[
            "deliver",
            "--member",
            "3",
            "--product",
            "香菇",
            "--qty",
            "800.25",
            "--price",
            "6.8888",
            "--date",
            "2025-03-02",
        ],
    );
    assert_eq!(d2["amount"], "5512.76");
    let d3 = run(
        &s,
        &[
            "deliver",
            "--member",
            "2",
            "--product",
            "芙蓉李",
            "--qty",
            "300",
            "--price",
            "3.335",
            "--date",
            "2025-06-20",
        ],
    );
    assert_eq!(d3["amount"], "1000.50");

    // 1,000 of 2,034.75 斤 in stock worth 14,154.26: cost 6,956.26 (average, rounded once).
    let s1 = run(
        &s,
        &[
            "sale",
            "add",
            "--date",
            "2025-03-10",
            "--product",
            "香菇",
            "--qty",
            "1000",
            "--unit",
            "斤",
            "--price",
            "9.50",
            "--buyer",
            "永辉超市",
            "--contract",
            "YH-2025-01",
        ],
    );
    assert_eq!((s1["amount"].as_str(), s1["channel"].as_str()), (Some("9500.00"), Some("supermarket")));
    assert_eq!(
        lines(&s, s1["voucher_id"].as_i64().unwrap()),
        ["113 - 9500.00 0.00", "50101 - 0.00 9500.00", "52101 - 6956.26 0.00", "12801 - 0.00 6956.26"]
    );
    // The rest of the stock goes at exactly the rest of its value: no 分 left behind.
    let s2 = run(
        &s,
        &[
            "sale",
            "add",
            "--date",
            "2025-03-12",
            "--product",
            "香菇",
            "--qty",
            "1034.75",
            "--price",
            "10",
            "--buyer",
            "民富商城",
            "--paid",
            "wechat",
        ],
    );
    assert_eq!(
        lines(&s, s2["voucher_id"].as_i64().unwrap()),
        ["10901 - 10347.50 0.00", "50101 - 0.00 10347.50", "52101 - 7198.00 0.00", "12801 - 0.00 7198.00"]
    );
    let products = run(&s, &["product", "list"]);
    assert_eq!(
        (products["products"][1]["stock_quantity"].as_str(), products["products"][1]["stock_value"].as_str()),
        (Some("0"), Some("0.00"))
    );

    let tb = s.reader().trial_balance("2025-01-01", "2025-12-31").unwrap();
    let closing =
        |code: &str| tb.accounts.iter().find(|a| a.code == code).map(|a| a.closing.to_string()).unwrap_or_default();
    assert_eq!(
        ["12801", "12802", "113", "10901", "50101", "52101", "114"].map(closing),
        ["0.00", "1000.50", "9500.00", "10347.50", "19847.50", "14154.26", "-15154.76"]
    );
    assert!(tb.totals.balanced);
    assert!(s.reader().verify().unwrap().ok);

    // The member trade summary equals the 114 credits from deliveries.
    let mt = run(&s, &["report", "member-trade", "--year", "2025"]);
    assert_eq!(mt["total"], "15154.76");
    let members: Vec<String> = mt["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} {} {} {}",
                m["no"],
                m["name"].as_str().unwrap(),
                m["quantity"].as_str().unwrap(),
                m["amount"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(members, ["2 张三 1534.5 9642.00", "3 李四 800.25 5512.76"]);
    assert_eq!(
        mt["members"][0]["products"][0],
        serde_json::json!({"kind": "delivery", "product": "芙蓉李", "unit": "斤", "quantity": "300", "amount": "1000.50"})
    );
    let credits_114 = tb.accounts.iter().find(|a| a.code == "114").unwrap().credit.to_string();
    assert_eq!(mt["total"].as_str().unwrap(), credits_114);

    let contracts = run(&s, &["contract", "list"]);
    assert_eq!(
        contracts["contracts"][0],
        serde_json::json!({"code": "YH-2025-01", "buyer": "永辉超\
            市", "product": "香菇", "unit": "斤", "quantity": "5000", "price": "9.5",
                           "start": "2025-01-01", "end": "2025-12-31", "delivered": "1000", "remaining": "4000",
                               "delivered_amount": "9500.00"})
    );
    let sales = run(&s, &["report", "sales", "--year", "2025"]);
    assert_eq!(sales["total"], "19847.50");
    let by_channel: Vec<(String, String)> = sales["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["label"].as_str().unwrap().into(), a["amount"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        by_channel,
        [("线上商城".to_string(), "10347.50".to_string()), ("商超协议".to_string(), "9500.00".to_string())]
    );
    assert_eq!(sales["by_month"][0], serde_json::json!({"key": "2025-03", "label": "2025-03", "amount": "19847.50"}));
}

#[test]
fn bad_trade_input_is_refused_and_changes_nothing() {
    let s = setup();
    run(
        &s,
        &["deliver", "--member", "2", "--product", "芙蓉李", "--qty", "10", "--price", "3", "--date", "2025-06-01"],
    );
    s.cli("会计", &["member", "exit", "3", "--date", "2025-06-30"]).ok();
    s.cli("会计", &["period", "close", "2025-06"]).ok();
    let before = s.snapshot();
    for (args, code) in [
        (
            vec!["deliver", "--member", "2", "--product", "松茸", "--qty", "1", "--price", "1", "--date", "2025-07-01"],
            "unknown-product",
        ),
        (
            vec!["deliver", "--member", "2", "--product", "香菇", "--qty", "0", "--price", "1", "--date", "2025-07-01"],
            "not-positive",
        ),
        (
            vec!["deliver", "--member", "2", "--product", "香菇", "--qty", "1", "--price=-2", "--date", "2025-07-01"],
            "not-positive",
        ),
        (
            vec![
                "deliver",
                "--member",
                "2",
                "--product",
                "香菇",
                "--qty",
                "1.2345",
                "--price",
                "1",
                "--date",
                "2025-07-01",
            ],
            "quantity-precision",
        ),
        (
            vec![
                "deliver",
                "--member",
                "2",
                "--product",
                "香菇",
                "--qty",
                "1",
                "--price",
                "1.23456",
                "--date",
                "2025-07-01",
            ],
            "price-precision",
        ),
        (
            vec![
                "deliver",
                "--member",
                "2",
                "--product",
                "香菇",
                "--qty",
                "1",
                "--unit",
                "公斤",
                "--price",
                "1",
                "--date",
                "2025-07-01",
            ],
            "unit-mismatch",
        ),
        (
            vec!["deliver", "--member", "3", "--product", "香菇", "--qty", "1", "--price", "1", "--date", "2025-07-01"],
            "member-exited",
        ),
        (
            vec!["deliver", "--member", "2", "--product", "香菇", "--qty", "1", "--price", "1", "--date", "2025-06-15"],
            "period-closed",
        ),
        (
            vec![
                "sale",
                "add",
                "--date",
                "2025-07-01",
                "--product",
                "芙蓉李",
                "--qty",
                "11",
                "--price",
                "5",
                "--buyer",
                "永辉超市",
            ],
            "insufficient-stock",
        ),
        (
            vec![
                "sale",
                "add",
                "--date",
                "2025-07-01",
                "--product",
                "芙蓉李",
                "--qty",
                "1",
                "--price",
                "5",
                "--buyer",
                "某某公司",
            ],
            "unknown-buyer",
        ),
        (
            vec![
                "sale",
                "add",
                "--date",
                "2025-07-01",
                "--product",
                "芙蓉李",
                "--qty",
                "1",
                "--price",
                "5",
                "--buyer",
                "永辉超市",
                "--channel",
                "电视购物",
            ],
            "invalid-channel",
        ),
        (
            vec![
                "sale",
                "add",
                "--date",
                "2025-06-20",
                "--product",
                "芙蓉李",
                "--qty",
                "1",
                "--price",
                "5",
                "--buyer",
                "永辉超市",
            ],
            "period-closed",
        ),
        (vec!["buyer", "add", "永辉超市", "--channel", "supermarket"], "buyer-exists"),
        (
            vec![
                "sale",
                "add",
                "--date",
                "2025-07-01",
                "--product",
                "芙蓉李",
                "--qty",
                "1",
                "--price",
                "5",
                "--buyer",
                "永辉超市",
                "--contract",
                "XX-1",
            ],
            "unknown-contract",
        ),
        (
            vec![
                "sale",
                "add",
                "--date",
                "2025-07-01",
                "--product",
                "芙蓉李",
                "--qty",
                "1",
                "--price",
                "5",
                "--buyer",
                "永辉超市",
                "--contract",
                "YH-2025-01",
            ],
            "contract-mismatch",
        ),
        (vec!["product", "add", "香菇", "--unit", "斤"], "product-exists"),
    ] {
        let out = s.cli("会计", &args);
        assert_eq!(out.code, 1, "{args:?}: {}", out.stdout);
        assert!(out.stderr.trim_end().ends_with(&format!("[{code}]")), "{args:?}: {}", out.stderr);
    }
    let e = s
        .cli(
            "会计",
            &[
                "sale",
                "add",
                "--date",
                "2025-07-01",
                "--product",
                "芙蓉李",
                "--qty",
                "11",
                "--price",
                "5",
                "--buyer",
                "永辉超市",
            ],
        )
        .stderr;
    assert!(e.starts_with("“芙蓉李”库存只有 10 斤，不够销售 11 斤"), "{e}");
    assert_eq!(before, s.snapshot());
}

#[test]
fn documents_are_reversed_with_their_vouchers() {
    let s = setup();
    let d1 = run(
        &s,
        &["deliver", "--member", "2", "--product", "香菇", "--qty", "100", "--price", "7", "--date", "2025-03-01"],
    );
    let d2 = run(
        &s,
        &["deliver", "--member", "3", "--product", "香菇", "--qty", "50", "--price", "8", "--date", "2025-03-02"],
    );
    let s1 = run(
        &s,
        &[
            "sale",
            "add",
            "--date",
            "2025-03-10",
            "--product",
            "香菇",
            "--qty",
            "120",
            "--price",
            "10",
            "--buyer",
            "永辉超市",
        ],
    );
    // Delivery 1 cannot go back while its goods are sold: 30 斤 left of 150.
    let e = s.cli("会计", &["document", "reverse", "delivery", &d1["id"].to_string()]);
    assert!(e.stderr.contains("[insufficient-stock]"), "{}", e.stderr);
    // Reverse the sale: its voucher is reversed in red ink on the sale's date, and the stock and
    // the sales report forget it.
    let rev = run(&s, &["document", "reverse", "sale", &s1["id"].to_string()]);
    let rev_id = rev["reversal_voucher_id"].as_i64().unwrap();
    let v = s.reader().voucher(rev_id).unwrap();
    assert_eq!((v.date.as_str(), v.status.as_str(), v.reverses), ("2025-03-10", "posted", s1["voucher_id"].as_i64()));
    assert_eq!(v.source.as_deref(), Some(format!("sale:{}", s1["id"]).as_str()));
    assert_eq!(
        s.reader().voucher(s1["voucher_id"].as_i64().unwrap()).unwrap().source.as_deref(),
        Some(format!("sale:{}", s1["id"]).as_str())
    );
    assert_eq!(run(&s, &["report", "sales", "--year", "2025"])["total"], "0.00");
    let e = s.cli("会计", &["document", "reverse", "sale", &s1["id"].to_string()]);
    assert!(e.stderr.contains("[already-reversed]"), "{}", e.stderr);
    // Now delivery 1 can go back; member trade then counts only 李四's delivery.
    run(&s, &["document", "reverse", "delivery", &d1["id"].to_string()]);
    let mt = run(&s, &["report", "member-trade", "--year", "2025"]);
    assert_eq!((mt["total"].as_str(), mt["members"].as_array().unwrap().len()), (Some("400.00"), 1));
    let _ = d2;
    let tb = s.reader().trial_balance("2025-01-01", "2025-12-31").unwrap();
    let closing = |code: &str| {
        tb.accounts.iter().find(|a| a.code == code).map(|a| a.closing.to_string()).unwrap_or("0.00".into())
    };
    assert_eq!(["12801", "113", "50101", "114"].map(closing), ["400.00", "0.00", "0.00", "-400.00"]);
    assert!(s.reader().verify().unwrap().ok);
    let products = run(&s, &["product", "list"]);
    assert_eq!(products["products"][1]["stock_quantity"], "50");
    let listed = run(&s, &["report", "trade", "sale", "--from", "2025-01-01", "--to", "2025-12-31"]);
    assert_eq!(listed["rows"][0]["reversal_voucher_id"].as_i64(), Some(rev_id));
    assert_eq!(
        (listed["rows"][0]["paid"].as_str(), listed["rows"][0]["channel"].as_str()),
        (Some("credit"), Some("supermarket"))
    );
    let listed = run(&s, &["report", "trade", "delivery", "--from", "2025-03-02", "--to", "2025-03-02"]);
    assert_eq!((listed["rows"].as_array().unwrap().len(), listed["rows"][0]["party"].as_str()), (1, Some("李四")));
}

#[test]
fn members_are_paid_for_deliveries_and_member_sales_are_kept_apart() {
    let s = setup();
    s.cli("会计", &["buyer", "add", "张三（成员自购）", "--channel", "other", "--member", "2"]).ok();
    let b = run(&s, &["buyer", "list"]);
    let zhang = b["buyers"].as_array().unwrap().iter().find(|b| b["name"] == "张三（成员自购）").unwrap().clone();
    assert_eq!((zhang["member"].as_i64(), zhang["channel"].as_str()), (Some(2), Some("other")));
    // 张三 delivers 200 斤 × 7.00 = 1,400.00; 李四 100 斤 × 7.50 = 750.00.
    run(&s, &["deliver", "--member", "2", "--product", "香菇", "--qty", "200", "--price", "7", "--date", "2025-03-01"]);
    run(
        &s,
        &["deliver", "--member", "3", "--product", "香菇", "--qty", "100", "--price", "7.5", "--date", "2025-03-02"],
    );
    assert_eq!(run(&s, &["member", "owed", "2", "--at", "2025-03-31"])["owed"], "1400.00");

    // 张三 buys 10 斤 × 9.00 back on credit: member trade, owed on his 114 (not 113), and the
    // co-op now owes him 1,400.00 − 90.00 = 1,310.00.
    let sale = run(
        &s,
        &[
            "sale",
            "add",
            "--date",
            "2025-03-05",
            "--product",
            "香菇",
            "--qty",
            "10",
            "--price",
            "9",
            "--buyer",
            "张三（成员自购）",
        ],
    );
    assert_eq!(sale["member"].as_i64(), Some(2));
    // Cost: 10 of 300 斤 worth 2,150.00 → 71.67.
    assert_eq!(
        lines(&s, sale["voucher_id"].as_i64().unwrap()),
        ["114 2 90.00 0.00", "50101 - 0.00 90.00", "52101 - 71.67 0.00", "12801 - 0.00 71.67"]
    );
    run(
        &s,
        &[
            "sale",
            "add",
            "--date",
            "2025-03-06",
            "--product",
            "香菇",
            "--qty",
            "100",
            "--price",
            "10",
            "--buyer",
            "永辉超市",
        ],
    );
    assert_eq!(run(&s, &["member", "owed", "2", "--at", "2025-03-31"])["owed"], "1310.00");

    // The sales report keeps member and non-member sales apart (Art. 41).
    let r = run(&s, &["report", "sales", "--year", "2025"]);
    assert_eq!(
        [&r["total"], &r["member_total"], &r["non_member_total"]].map(|v| v.as_str().unwrap()),
        ["1090.00", "90.00", "1000.00"]
    );
    // Member trade: deliveries and purchases, the deliveries equal to the 114 credits.
    let mt = run(&s, &["report", "member-trade", "--year", "2025"]);
    assert_eq!(
        [&mt["total"], &mt["delivered"], &mt["purchased"]].map(|v| v.as_str().unwrap()),
        ["2240.00", "2150.00", "90.00"]
    );
    let z = &mt["members"][0];
    assert_eq!(
        [&z["amount"], &z["delivered"], &z["purchased"]].map(|v| v.as_str().unwrap()),
        ["1490.00", "1400.00", "90.00"]
    );
    assert_eq!(
        z["products"][1],
        serde_json::json!({"kind": "purchase", "product": "香菇", "unit": "斤", "quantity": "10", "amount": "90.00"})
    );

    // Paying more than is owed is refused, naming what is owed; nothing changes.
    let before = s.snapshot();
    for (args, code) in [
        (vec!["member", "pay", "2", "--amount", "1310.01", "--date", "2025-03-28"], "exceeds-owed"),
        (vec!["member", "pay", "2", "--amount", "100", "--date", "2025-02-28"], "exceeds-owed"),
        (vec!["member", "pay", "2", "--amount", "0", "--date", "2025-03-28"], "not-positive"),
        (vec!["member", "pay", "2", "--amount", "1.005", "--date", "2025-03-28"], "amount-precision"),
        (vec!["member", "pay", "2", "--amount", "100", "--date", "2025-03-28", "--via", "wechat"], "invalid-via"),
        (vec!["member", "pay", "9", "--amount", "100", "--date", "2025-03-28"], "unknown-member"),
    ] {
        let out = s.cli("会计", &args);
        assert_eq!(out.code, 1, "{args:?}");
        assert!(out.stderr.trim_end().ends_with(&format!("[{code}]")), "{args:?}: {}", out.stderr);
    }
    let e = s.cli("会计", &["member", "pay", "2", "--amount", "1310.01", "--date", "2025-03-28"]).stderr;
    assert!(e.starts_with("本社应付 2 号成员张三 1,310.00 元，付款 1,310.01 元超出应付金额"), "{e}");
    assert_eq!(before, s.snapshot());

    // Paid in two parts, bank then cash: Dr 114 (张三) / Cr 102, then Cr 101.
    let p1 = run(&s, &["member", "pay", "2", "--amount", "1000", "--date", "2025-03-28"]);
    assert_eq!(lines(&s, p1["voucher_id"].as_i64().unwrap()), ["114 2 1000.00 0.00", "102 - 0.00 1000.00"]);
    assert_eq!(s.reader().voucher(p1["voucher_id"].as_i64().unwrap()).unwrap().summary, "支付 2 号成员张三交售货款");
    let p2 = run(
        &s,
        &[
            "member",
            "pay",
            "2",
            "--amount",
            "310",
            "--date",
            "2025-03-29",
            "--via",
            "cash",
            "--summary",
            "付清三月货款",
        ],
    );
    assert_eq!(lines(&s, p2["voucher_id"].as_i64().unwrap()), ["114 2 310.00 0.00", "101 - 0.00 310.00"]);
    assert_eq!(run(&s, &["member", "owed", "2"])["owed"], "0.00");
    let listed = run(&s, &["member", "payments", "--member", "2"]);
    let rows: Vec<String> = listed["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!("{} {} {}", p["date"].as_str().unwrap(), p["amount"].as_str().unwrap(), p["via"].as_str().unwrap())
        })
        .collect();
    assert_eq!(rows, ["2025-03-28 1000.00 bank", "2025-03-29 310.00 cash"]);

    // A payment is reversed with its voucher; the co-op owes the 310.00 again.
    let rev = run(&s, &["document", "reverse", "payment", &p2["id"].to_string()]);
    let v = s.reader().voucher(rev["reversal_voucher_id"].as_i64().unwrap()).unwrap();
    assert_eq!((v.date.as_str(), v.source.as_deref()), ("2025-03-29", Some(format!("payment:{}", p2["id"]).as_str())));
    assert_eq!(run(&s, &["member", "owed", "2"])["owed"], "310.00");

    let tb = s.reader().trial_balance("2025-01-01", "2025-12-31").unwrap();
    let closing = |code: &str| {
        tb.accounts.iter().find(|a| a.code == code).map(|a| a.closing.to_string()).unwrap_or("0.00".into())
    };
    // 114: −1,400 − 750 + 90 + 1,000 = −1,060.00; 113 only the supermarket's 1,000.00.
    assert_eq!(
        ["114", "113", "102", "101", "50101"].map(closing),
        ["-1060.00", "1000.00", "-1000.00", "0.00", "1090.00"]
    );
    assert!(tb.totals.balanced);
    assert!(s.reader().verify().unwrap().ok);
}

/// The cost of part of a huge stock: value × quantity sold overflowed a Decimal (a panic) before it
/// was divided by the stock held; now it is divided first in that case only. 9,000,000,000,000,000
/// 斤 delivered at 0.0001 = 900,000,000,000.00 元 of stock; a tenth of it sold costs a tenth
/// (9.0e13 分 × 9.0e14 斤 = 8.1e28, beyond a Decimal's 7.9e28).
#[test]
fn the_cost_of_part_of_a_huge_stock_does_not_overflow() {
    let s = setup();
    run(
        &s,
        &[
            "deliver",
            "--member",
            "2",
            "--product",
            "芙蓉李",
            "--qty",
            "9000000000000000",
            "--price",
            "0.0001",
            "--date",
            "2025-06-01",
        ],
    );
    let sale = run(
        &s,
        &[
            "sale",
            "add",
            "--date",
            "2025-06-02",
            "--product",
            "芙蓉李",
            "--qty",
            "900000000000000",
            "--price",
            "0.0001",
            "--buyer",
            "永辉超市",
        ],
    );
    let id = sale["voucher_id"].as_i64().unwrap();
    let cost: Vec<String> =
        lines(&s, id).into_iter().filter(|l| l.starts_with("52102") || l.starts_with("12802")).collect();
    assert_eq!(cost, ["52102 - 90000000000.00 0.00", "12802 - 0.00 90000000000.00"]);
    assert!(s.reader().verify().unwrap().ok);
}

/// Returns and corrections after the fact (issue 19 item 7). The mushrooms sold in 2025 (300 斤 for
/// 4,500.00 on credit, cost 3,000.00) come back in 2026, after 2025 is closed: 60 斤 first, then the
/// rest, each by a red-ink voucher of the sale's own entries dated in the open month, the sale and its
/// closed month untouched; the stock, the sales figures and the receivable follow. 张三's delivery is
/// corrected by −20 斤 (red ink on 128 and his 114) and +5 斤 (a further entry), and his 交易额 with it.
#[test]
fn a_sale_is_returned_in_part_after_its_year_is_closed_and_a_delivery_corrected() {
    let s = crate::distribution::year();
    run(&s, &["year", "close", "2025", "--defer-distribution", "成员大会决议：审计后分配"]);
    let stock = |s: &Scratch| -> (String, String) {
        let p = &run(s, &["product", "list"])["products"][0];
        (p["stock_quantity"].as_str().unwrap().to_string(), p["stock_value"].as_str().unwrap().to_string())
    };
    assert_eq!(stock(&s), ("0".to_string(), "0.00".to_string()));

    // In a closed month: refused, nothing written.
    let before = s.snapshot();
    let e = s.cli("会计", &["sale", "return", "1", "--date", "2025-12-31", "--qty", "60"]);
    assert!(e.code == 1 && e.stderr.contains("[period-closed]"), "{}", e.stderr);
    assert_eq!(before, s.snapshot());
    let r = run(&s, &["sale", "return", "1", "--date", "2026-02-10", "--qty", "60", "--reason", "质量问题"]);
    assert_eq!(
        (r["quantity"].as_str(), r["amount"].as_str(), r["kind"].as_str()),
        (Some("60"), Some("900.00"), Some("sale-return"))
    );
    let v = s.reader().voucher(r["voucher_id"].as_i64().unwrap()).unwrap();
    let lines: Vec<String> = v.lines.iter().map(|l| format!("{} {} {}", l.account, l.debit, l.credit)).collect();
    assert_eq!(lines, ["113 -900.00 0.00", "50101 0.00 -900.00", "52101 -600.00 0.00", "12801 0.00 -600.00"]);
    assert_eq!((v.date.as_str(), v.status.as_str()), ("2026-02-10", "posted"));
    assert!(v.summary.starts_with("销售退回：销售单 #1（2025-03-10）香菇 60 斤，质量问题"), "{}", v.summary);
    assert_eq!(stock(&s), ("60".to_string(), "600.00".to_string()));
    // More than is left: refused, naming what can still come back.
    let e = s.cli("会计", &["sale", "return", "1", "--date", "2026-02-11", "--qty", "241"]);
    assert!(
        e.stderr.contains("销售单 #1 还可退 240 斤，不能退 241 斤") && e.stderr.contains("[return-exceeds-sale]"),
        "{}",
        e.stderr
    );
    // The rest: exactly what is left of the amount and the cost.
    let rest = run(&s, &["sale", "return", "1", "--date", "2026-03-01"]);
    assert_eq!((rest["quantity"].as_str(), rest["amount"].as_str()), (Some("240"), Some("3600.00")));
    assert_eq!(stock(&s), ("300".to_string(), "3000.00".to_string()));
    let e = s.cli("会计", &["sale", "return", "1", "--date", "2026-03-02"]);
    assert!(e.stderr.contains("[return-exceeds-sale]"), "{}", e.stderr);
    // The sale cannot now be reversed whole.
    let e = s.cli("会计", &["document", "reverse", "sale", "1"]);
    assert!(e.stderr.contains("[document-has-corrections]"), "{}", e.stderr);
    // 2026's sales are −4,500.00, the receivable is gone; 2025's figures are as they were.
    assert_eq!(run(&s, &["report", "sales", "--year", "2026"])["total"], "-4500.00");
    assert_eq!(run(&s, &["report", "sales", "--year", "2025"])["total"], "4500.00");
    let tb = s.reader().trial_balance("2026-01-01", "2026-12-31").unwrap();
    let closing = |code: &str| tb.accounts.iter().find(|a| a.code == code).map(|a| a.closing.to_string());
    assert_eq!(
        ["113", "501", "521", "128"].map(|c| closing(c).unwrap_or_default()),
        ["0.00", "-4500.00", "-3000.00", "3000.00"]
    );

    // 张三's delivery of 100 斤 at 10.00: 20 斤 fewer, then 5 more.
    let c = run(&s, &["delivery", "correct", "1", "--date", "2026-03-05", "--qty", "-20", "--reason", "过磅有误"]);
    assert_eq!((c["quantity"].as_str(), c["amount"].as_str()), (Some("-20"), Some("-200.00")));
    let v = s.reader().voucher(c["voucher_id"].as_i64().unwrap()).unwrap();
    let lines: Vec<String> = v
        .lines
        .iter()
        .map(|l| {
            format!("{} {} {} {}", l.account, l.member.map(|m| m.to_string()).unwrap_or("-".into()), l.debit, l.credit)
        })
        .collect();
    assert_eq!(lines, ["12801 - -200.00 0.00", "114 2 0.00 -200.00"]);
    let e = s.cli("会计", &["delivery", "correct", "1", "--date", "2026-03-05", "--qty", "-81"]);
    assert!(
        e.stderr.contains("交售单 #1 现为 80 斤，不能减少 81 斤") && e.stderr.contains("[correction-below-zero]"),
        "{}",
        e.stderr
    );
    let c = run(&s, &["delivery", "correct", "1", "--date", "2026-03-06", "--qty", "5"]);
    assert_eq!((c["quantity"].as_str(), c["amount"].as_str()), (Some("5"), Some("50.00")));
    assert_eq!(stock(&s), ("285".to_string(), "2850.00".to_string()));
    // 张三's 交易额 of 2026 is the corrections' (−150.00); of 2025, still his delivery's 1,000.00.
    let trade = |y: &str| -> String {
        let t = run(&s, &["report", "member-trade", "--year", y]);
        t["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["no"] == 2)
            .map(|m| m["amount"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert_eq!((trade("2025"), trade("2026")), ("1000.00".to_string(), "-150.00".to_string()));
    let e = s.cli("会计", &["document", "reverse", "delivery", "1"]);
    assert!(e.stderr.contains("[document-has-corrections]"), "{}", e.stderr);
    assert!(s.reader().verify().unwrap().ok);
}

/// 受托代购 (财会〔2021〕37号, 127): 10 袋 of 复合肥 bought for 张三 through the bank for 1,500.00 and
/// handed over with a 50.00 service fee — one voucher: Dr 127 / Cr 102, Dr 114 (张三) 1,550.00 / Cr 127,
/// Cr 501 代购服务费 50.00; 127 is empty again, and the 1,550.00 is 张三's trade with the co-op. Refused:
/// an unknown member, no item, a negative fee, an unknown way of paying; reversed like any document.
#[test]
fn inputs_are_bought_for_a_member_through_127_with_the_fee() {
    let s = crate::distribution::year();
    let args = |fee: &str, paid: &str| -> Vec<String> {
        [
            "inputs",
            "buy",
            "--member",
            "2",
            "--item",
            "复合肥",
            "--qty",
            "10",
            "--unit",
            "袋",
            "--cost",
            "1500",
            "--fee",
            fee,
            "--date",
            "2025-04-01",
            "--paid",
            paid,
        ]
        .iter()
        .map(|a| a.to_string())
        .collect()
    };
    let a = args("50", "bank");
    let p = run(&s, &a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        (p["cost"].as_str(), p["fee"].as_str(), p["charged"].as_str()),
        (Some("1500.00"), Some("50.00"), Some("1550.00"))
    );
    let v = s.reader().voucher(p["voucher_id"].as_i64().unwrap()).unwrap();
    let lines: Vec<String> = v
        .lines
        .iter()
        .map(|l| {
            format!("{} {} {} {}", l.account, l.member.map(|m| m.to_string()).unwrap_or("-".into()), l.debit, l.credit)
        })
        .collect();
    assert_eq!(
        lines,
        ["127 - 1500.00 0.00", "102 - 0.00 1500.00", "114 2 1550.00 0.00", "127 - 0.00 1500.00", "50103 - 0.00 50.00"]
    );
    let tb = s.reader().trial_balance("2025-01-01", "2025-12-31").unwrap();
    let closing = |code: &str| tb.accounts.iter().find(|a| a.code == code).map(|a| a.closing.to_string());
    assert_eq!(closing("127"), Some("0.00".into()));
    // 张三's trade: his delivery 1,000.00 and the inputs 1,550.00.
    let t = run(&s, &["report", "member-trade", "--year", "2025"]);
    let zhang = t["members"].as_array().unwrap().iter().find(|m| m["no"] == 2).unwrap().clone();
    assert_eq!((zhang["amount"].as_str(), zhang["purchased"].as_str()), (Some("2550.00"), Some("1550.00")));
    for (bad, code) in [
        (
            vec![
                "inputs",
                "buy",
                "--member",
                "99",
                "--item",
                "x",
                "--qty",
                "1",
                "--unit",
                "袋",
                "--cost",
                "1",
                "--date",
                "2025-04-01",
            ],
            "unknown-member",
        ),
        (
            vec![
                "inputs",
                "buy",
                "--member",
                "2",
                "--item",
                " ",
                "--qty",
                "1",
                "--unit",
                "袋",
                "--cost",
                "1",
                "--date",
                "2025-04-01",
            ],
            "field-required",
        ),
        (
            vec![
                "inputs",
                "buy",
                "--member",
                "2",
                "--item",
                "x",
                "--qty",
                "1",
                "--unit",
                "袋",
                "--cost",
                "1",
                "--fee=-1",
                "--date",
                "2025-04-01",
            ],
            "not-positive",
        ),
        (
            vec![
                "inputs",
                "buy",
                "--member",
                "2",
                "--item",
                "x",
                "--qty",
                "1",
                "--unit",
                "袋",
                "--cost",
                "1",
                "--date",
                "2025-04-01",
                "--paid",
                "gold",
            ],
            "invalid-paid",
        ),
    ] {
        let before = s.snapshot();
        let e = s.cli("会计", &bad);
        assert!(e.code == 1 && e.stderr.contains(&format!("[{code}]")), "{bad:?}: {}", e.stderr);
        assert_eq!(before, s.snapshot());
    }
    // Reversed like any document: the trade and 114 go back.
    run(&s, &["document", "reverse", "input", &p["id"].to_string()]);
    let t = run(&s, &["report", "member-trade", "--year", "2025"]);
    let zhang = t["members"].as_array().unwrap().iter().find(|m| m["no"] == 2).unwrap().clone();
    assert_eq!(zhang["amount"], "1000.00");
    assert!(s.reader().verify().unwrap().ok);
}
