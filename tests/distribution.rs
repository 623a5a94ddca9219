//! The year-end distribution (DESIGN.md §3): a small co-op's year with every pool to the 分,
//! the largest-remainder 分, the approvals in order, posting and paying, and the refusals.

use crate::util::Scratch;
use serde_json::Value;

fn run(s: &Scratch, args: &[&str]) -> Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    s.cli("会计", &a).ok().json()
}

fn refused(s: &Scratch, args: &[&str], code: &str) {
    let before = s.snapshot();
    let out = s.cli("会计", args);
    assert_eq!(out.code, 1, "{args:?}");
    assert!(out.stderr.trim_end().ends_with(&format!("[{code}]")), "{args:?}: {}", out.stderr);
    assert_eq!(before, s.snapshot());
}

/// Capital 60,000 / 30,000 / 10,000; 张三 and 李四 deliver 1,000.00 and 2,000.00 of mushrooms;
/// the year's surplus is 8,500.01.
fn year() -> Scratch {
    let s = Scratch::with_members();
    for (m, amt) in [("1", "60000"), ("2", "30000"), ("3", "10000")] {
        run(&s, &["contribute", "--member", m, "--kind", "cash", "--date", "2025-01-05", "--amount", amt]);
    }
    run(&s, &["product", "add", "香菇", "--unit", "斤"]);
    run(&s, &["buyer", "add", "永辉超市", "--channel", "supermarket"]);
    run(&s, &["deliver", "--member", "2", "--product", "香菇", "--qty", "100", "--price", "10", "--date", "2025-03-01"]);
    run(&s, &["deliver", "--member", "3", "--product", "香菇", "--qty", "200", "--price", "10", "--date", "2025-03-02"]);
    run(&s, &["sale", "add", "--date", "2025-03-10", "--product", "香菇", "--qty", "300", "--price", "15", "--buyer", "永辉超市"]);
    run(&s, &["operation", "rental-income", "--date", "2025-06-30", "--amount", "8000.01"]);
    run(&s, &["operation", "expense", "--date", "2025-07-01", "--amount", "1000"]);
    s
}

fn members(p: &Value) -> Vec<String> {
    p["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let f = |k: &str| m[k].as_str().unwrap().to_string();
            format!("{} {} {} {} {} {} {}", m["no"], f("trade_amount"), f("share_basis"), f("patronage"), f("residual"), f("reserve_share"), f("total"))
        })
        .collect()
}

#[test]
fn a_year_distributed_to_the_fen() {
    let s = year();
    let p = run(&s, &["distribution", "plan", "--year", "2025"]);
    // S 8,500.01; R = round(10 % × 8,500.01) = 850.00; D = 7,650.01; P = round(60 % × D) = 4,590.01; Q = 3,060.00.
    let pools: Vec<&str> = ["surplus", "losses", "reserve", "distributable", "patronage", "residual"].iter().map(|k| p[*k].as_str().unwrap()).collect();
    assert_eq!(pools, ["8500.01", "0.00", "850.00", "7650.01", "4590.01", "3060.00"]);
    assert_eq!(p["status"], "draft");
    // P over trade 0 : 1,000 : 2,000 → 0, 1,530.00 and 3,060.00 with one 分 left, which goes to the
    // largest remainder (李四's ⅔ 分). Q and R over capital 6 : 3 : 1 are exact.
    assert_eq!(
        members(&p),
        [
            "1 0.00 60000.00 0.00 1836.00 510.00 1836.00",
            "2 1000.00 30000.00 1530.00 918.00 255.00 2448.00",
            "3 2000.00 10000.00 3060.01 306.00 85.00 3366.01",
        ]
    );
    // What-if rates are computed and not saved.
    let w = run(&s, &["distribution", "plan", "--year", "2025", "--patronage-rate", "0.7", "--what-if"]);
    assert_eq!((w["status"].as_str(), w["patronage"].as_str()), (Some("what-if"), Some("5355.01")));
    assert_eq!(run(&s, &["distribution", "show", "--year", "2025"])["patronage"], "4590.01");

    // Nothing posts before both approvals, and the branch comes first.
    refused(&s, &["distribution", "post", "--year", "2025"], "approval-required");
    refused(&s, &["distribution", "approve-meeting", "--year", "2025", "--date", "2026-01-20", "--ref", "成员大会决议〔2026〕1号"], "branch-review-required");
    run(&s, &["distribution", "approve-branch", "--year", "2025", "--date", "2026-01-10", "--ref", "支委会记录2026-01"]);
    refused(&s, &["distribution", "approve-meeting", "--year", "2025", "--date", "2026-01-05", "--ref", "决议1号"], "approval-order");
    refused(&s, &["distribution", "post", "--year", "2025"], "approval-required");
    let p = run(&s, &["distribution", "approve-meeting", "--year", "2025", "--date", "2026-01-20", "--ref", "成员大会决议〔2026〕1号"]);
    assert_eq!(p["status"], "approved");
    refused(&s, &["distribution", "plan", "--year", "2025"], "plan-locked");

    let v = run(&s, &["distribution", "post", "--year", "2025"])["voucher_id"].as_i64().unwrap();
    let lines: Vec<String> = s.reader().voucher(v).unwrap().lines.iter().map(|l| format!("{} {} {} {}", l.account, l.member.map(|m| m.to_string()).unwrap_or("-".into()), l.debit, l.credit)).collect();
    assert_eq!(
        lines,
        [
            "331 - 8500.01 0.00", "332 - 0.00 8500.01", "332 - 8500.01 0.00",
            "322 1 0.00 510.00", "322 2 0.00 255.00", "322 3 0.00 85.00",
            "221 2 0.00 1530.00", "221 3 0.00 3060.01",
            "222 1 0.00 1836.00", "222 2 0.00 918.00", "222 3 0.00 306.00",
        ]
    );
    assert_eq!(s.reader().voucher(v).unwrap().date, "2026-01-20");
    let pay = run(&s, &["distribution", "pay", "--year", "2025", "--via", "bank"])["voucher_id"].as_i64().unwrap();
    let paid = s.reader().voucher(pay).unwrap();
    assert_eq!((paid.debit.to_string(), paid.lines.last().unwrap().account.as_str()), ("7650.01".to_string(), "102"));
    refused(&s, &["distribution", "pay", "--year", "2025", "--via", "cash"], "plan-state");
    // The member account shows what was returned.
    let acct = s.reader().member_account(3, 2026).unwrap();
    assert_eq!((acct.patronage.to_string(), acct.residual.to_string(), acct.reserve.to_string()), ("3060.01".into(), "306.00".into(), "85.00".into()));
    let tb = s.reader().trial_balance("2025-01-01", "2026-12-31").unwrap();
    let closing = |code: &str| tb.accounts.iter().find(|a| a.code == code).map(|a| a.closing.to_string()).unwrap_or("0.00".into());
    assert_eq!(["221", "222", "322", "332"].map(closing), ["0.00", "0.00", "850.00", "0.00"]);
    assert!(s.reader().verify().unwrap().ok);
}

#[test]
fn losses_rates_and_empty_pools() {
    // Patronage under 60 % is refused citing Art. 44.
    let s = year();
    let out = s.cli("会计", &["distribution", "plan", "--year", "2025", "--patronage-rate", "0.55"]);
    assert!(out.stderr.contains("第四十四条") && out.stderr.trim_end().ends_with("[patronage-rate-too-low]"), "{}", out.stderr);
    // A year without surplus: the plan says so and nothing posts.
    let p = run(&s, &["distribution", "plan", "--year", "2024"]);
    assert_eq!((p["surplus"].as_str(), p["patronage"].as_str()), (Some("0.00"), Some("0.00")));
    assert!(p["note"].as_str().unwrap().contains("无可分配盈余"), "{p}");
    // Converting to shares credits 301 per member.
    run(&s, &["distribution", "plan", "--year", "2025"]);
    run(&s, &["distribution", "approve-branch", "--year", "2025", "--date", "2026-01-10", "--ref", "支委会"]);
    run(&s, &["distribution", "approve-meeting", "--year", "2025", "--date", "2026-01-20", "--ref", "决议"]);
    run(&s, &["distribution", "post", "--year", "2025"]);
    run(&s, &["distribution", "pay", "--year", "2025", "--via", "shares"]);
    let r = s.cli("监事", &["--json", "shares", "--at", "2026-12-31"]).ok().json();
    assert_eq!(r["total"], "107650.01");

    // A surplus with no member trade cannot split the patronage pool: the error names the pool.
    let s = Scratch::with_members();
    run(&s, &["contribute", "--member", "1", "--kind", "cash", "--date", "2025-01-05", "--amount", "1000"]);
    run(&s, &["operation", "service-income", "--date", "2025-05-01", "--amount", "500"]);
    let out = s.cli("会计", &["distribution", "plan", "--year", "2025"]);
    assert!(out.stderr.starts_with("按交易量（额）返还的盈余无法分配：本年没有任何成员与本社的交易额") && out.stderr.contains("[pool-without-weights]"), "{}", out.stderr);
}
