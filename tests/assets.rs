//! Fixed assets: straight-line depreciation to the last 分, one run per month, disposal with a
//! gain, and refusals.

use crate::util::Scratch;

fn run(s: &Scratch, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    s.cli("会计", &a).ok().json()
}

fn lines(s: &Scratch, id: i64) -> Vec<String> {
    s.reader().voucher(id).unwrap().lines.iter().map(|l| format!("{} {} {}", l.account, l.debit, l.credit)).collect()
}

#[test]
fn depreciation_and_disposal() {
    let s = Scratch::with_members();
    let cold = run(
        &s,
        &[
            "asset",
            "add",
            "冷库",
            "--acquired",
            "2025-01-18",
            "--cost",
            "180000",
            "--life-months",
            "120",
            "--category",
            "置业",
        ],
    );
    assert_eq!((cold["monthly"].as_str(), cold["id"].as_i64()), (Some("1500.00"), Some(1)));
    // 9,900 over 7 months: 1,414.29 a month, the last month 1,414.26.
    let dryer = run(
        &s,
        &[
            "asset",
            "add",
            "烘干机",
            "--acquired",
            "2025-01-05",
            "--cost",
            "10000",
            "--residual",
            "100",
            "--life-months",
            "7",
            "--expense-account",
            "523",
            "--paid",
            "cash",
        ],
    );
    assert_eq!(dryer["monthly"], "1414.29");
    // Nothing in the month of acquisition.
    assert_eq!(run(&s, &["asset", "depreciate", "2025-01"])["voucher_id"], serde_json::Value::Null);
    let feb = run(&s, &["asset", "depreciate", "2025-02"])["voucher_id"].as_i64().unwrap();
    assert_eq!(lines(&s, feb), ["52102 1500.00 0.00", "52301 1414.29 0.00", "152 0.00 2914.29"]);
    assert_eq!(s.reader().voucher(feb).unwrap().date, "2025-02-28");
    let e = s.cli("会计", &["asset", "depreciate", "2025-02"]);
    assert!(e.stderr.contains("[depreciation-already-run]"), "{}", e.stderr);
    let mut last = 0;
    for m in 3..=12 {
        if let Some(id) = run(&s, &["asset", "depreciate", &format!("2025-{m:02}")])["voucher_id"].as_i64() {
            last = id;
        }
        if m == 8 {
            assert_eq!(lines(&s, last), ["52102 1500.00 0.00", "52301 1414.26 0.00", "152 0.00 2914.26"]);
        }
    }
    let reg = run(&s, &["asset", "list", "--at", "2025-12-31"]);
    let rows: Vec<String> = reg["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            format!(
                "{} {} {} {}",
                a["name"].as_str().unwrap(),
                a["months_depreciated"],
                a["accumulated"].as_str().unwrap(),
                a["net"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(rows, ["烘干机 7 9900.00 100.00", "冷库 11 16500.00 163500.00"]);

    // Sold for 500: net value 100, a gain of 400.
    let v = run(&s, &["asset", "dispose", "2", "--date", "2025-12-20", "--proceeds", "500"])["voucher_id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        lines(&s, v),
        [
            "154 100.00 0.00",
            "152 9900.00 0.00",
            "151 0.00 10000.00",
            "102 500.00 0.00",
            "154 0.00 500.00",
            "154 400.00 0.00",
            "502 0.00 400.00"
        ]
    );
    let e = s.cli("会计", &["asset", "dispose", "2", "--date", "2025-12-21"]);
    assert!(e.stderr.contains("[asset-disposed]"), "{}", e.stderr);
    let tb = s.reader().trial_balance("2025-01-01", "2025-12-31").unwrap();
    let closing = |code: &str| {
        tb.accounts.iter().find(|a| a.code == code).map(|a| a.closing.to_string()).unwrap_or("0.00".into())
    };
    assert_eq!(["151", "152", "154", "502"].map(closing), ["180000.00", "16500.00", "0.00", "400.00"]);
    assert!(s.reader().verify().unwrap().ok);

    let before = s.snapshot();
    for (args, code) in [
        (
            vec!["asset", "add", "菇棚", "--acquired", "2025-03-01", "--cost", "0", "--life-months", "60"],
            "not-positive",
        ),
        (
            vec!["asset", "add", "菇棚", "--acquired", "2025-03-01", "--cost", "5000", "--life-months", "0"],
            "not-positive",
        ),
        (
            vec![
                "asset",
                "add",
                "菇棚",
                "--acquired",
                "2025-03-01",
                "--cost",
                "5000",
                "--residual",
                "6000",
                "--life-months",
                "60",
            ],
            "residual-invalid",
        ),
        (
            vec![
                "asset",
                "add",
                "菇棚",
                "--acquired",
                "2025-03-01",
                "--cost",
                "5000",
                "--life-months",
                "60",
                "--expense-account",
                "102",
            ],
            "unknown-account",
        ),
        (
            vec!["asset", "add", "菇棚", "--acquired", "2025-02-30", "--cost", "5000", "--life-months", "60"],
            "date-invalid",
        ),
    ] {
        let out = s.cli("会计", &args);
        assert_eq!(out.code, 1, "{args:?}");
        assert!(out.stderr.trim_end().ends_with(&format!("[{code}]")), "{args:?}: {}", out.stderr);
    }
    assert_eq!(before, s.snapshot());
}
