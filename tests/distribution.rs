//! The year-end distribution (DESIGN.md §3): a small co-op's year with every pool to the 分,
//! the largest-remainder 分, the approvals in order, posting and paying, and the refusals.

use crate::util::Scratch;
use serde_json::Value;

fn run(s: &Scratch, args: &[&str]) -> Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    s.cli("会计", &a).ok().json()
}

/// [`run`] on a day after `today`'s own: `COOPBOOK_TODAY` (an approval is never dated after today).
fn run_on(s: &Scratch, today: &str, args: &[&str]) -> Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    crate::util::cli_env(&s.db, "会计", &a, &[("COOPBOOK_TODAY", today)]).ok().json()
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
pub(crate) fn year() -> Scratch {
    let s = Scratch::with_members();
    for (m, amt) in [("1", "60000"), ("2", "30000"), ("3", "10000")] {
        run(&s, &["contribute", "--member", m, "--kind", "cash", "--date", "2025-01-05", "--amount", amt]);
    }
    run(&s, &["product", "add", "香菇", "--unit", "斤"]);
    run(&s, &["buyer", "add", "永辉超市", "--channel", "supermarket"]);
    run(
        &s,
        &["deliver", "--member", "2", "--product", "香菇", "--qty", "100", "--price", "10", "--date", "2025-03-01"],
    );
    run(
        &s,
        &["deliver", "--member", "3", "--product", "香菇", "--qty", "200", "--price", "10", "--date", "2025-03-02"],
    );
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
            "300",
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

fn members(p: &Value) -> Vec<String> {
    p["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let f = |k: &str| m[k].as_str().unwrap().to_string();
            format!(
                "{} {} {} {} {} {} {}",
                m["no"],
                f("trade_amount"),
                f("share_basis"),
                f("patronage"),
                f("residual"),
                f("reserve_share"),
                f("total")
            )
        })
        .collect()
}

#[test]
fn a_year_distributed_to_the_fen() {
    let s = year();
    let p = run(&s, &["distribution", "plan", "--year", "2025"]);
    // S 8,500.01; R = round(10 % × 8,500.01) = 850.00; D = 7,650.01; P = round(60 % × D) = 4,590.01; Q = 3,060.00.
    let pools: Vec<&str> = ["surplus", "losses", "reserve", "distributable", "patronage", "residual"]
        .iter()
        .map(|k| p[*k].as_str().unwrap())
        .collect();
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
    refused(
        &s,
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
        "branch-review-required",
    );
    run(
        &s,
        &["distribution", "approve-branch", "--year", "2025", "--date", "2026-01-10", "--ref", "支委会记录2026-01"],
    );
    refused(
        &s,
        &["distribution", "approve-meeting", "--year", "2025", "--date", "2026-01-05", "--ref", "决议1号"],
        "approval-order",
    );
    refused(&s, &["distribution", "post", "--year", "2025"], "approval-required");
    let p = run(
        &s,
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
    assert_eq!(p["status"], "approved");
    refused(&s, &["distribution", "plan", "--year", "2025"], "plan-locked");

    let v = run(&s, &["distribution", "post", "--year", "2025"])["voucher_id"].as_i64().unwrap();
    let lines: Vec<String> = s
        .reader()
        .voucher(v)
        .unwrap()
        .lines
        .iter()
        .map(|l| {
            format!("{} {} {} {}", l.account, l.member.map(|m| m.to_string()).unwrap_or("-".into()), l.debit, l.credit)
        })
        .collect();
    assert_eq!(
        lines,
        // 财会〔2021〕37号, 332: each part of the distribution debits 332 各项分配; the surplus stays
        // where the P&L is until the year close carries it through 331 to 332 未分配盈余.
        [
            "33201 - 8500.01 0.00",
            "322 1 0.00 510.00",
            "322 2 0.00 255.00",
            "322 3 0.00 85.00",
            "221 2 0.00 1530.00",
            "221 3 0.00 3060.01",
            "222 1 0.00 1836.00",
            "222 2 0.00 918.00",
            "222 3 0.00 306.00",
        ]
    );
    assert_eq!(s.reader().voucher(v).unwrap().date, "2026-01-20");
    let pay = run(&s, &["distribution", "pay", "--year", "2025", "--via", "bank"])["voucher_id"].as_i64().unwrap();
    let paid = s.reader().voucher(pay).unwrap();
    assert_eq!((paid.debit.to_string(), paid.lines.last().unwrap().account.as_str()), ("7650.01".to_string(), "102"));
    refused(&s, &["distribution", "pay", "--year", "2025", "--via", "cash"], "plan-state");
    // The member account of 2025 shows what 2025's surplus returned, though the meeting met in 2026.
    // Its reserve share is a balance: quantified on 2026-01-20, it stands in 2026's account.
    let acct = s.reader().member_account(3, 2025).unwrap();
    assert_eq!(
        (acct.patronage.to_string(), acct.residual.to_string(), acct.reserve.to_string()),
        ("3060.01".into(), "306.00".into(), "0.00".into())
    );
    let next = s.reader().member_account(3, 2026).unwrap();
    assert_eq!(
        (next.patronage.to_string(), next.residual.to_string(), next.reserve.to_string()),
        ("0.00".into(), "0.00".into(), "85.00".into())
    );
    let tb = s.reader().trial_balance("2025-01-01", "2026-12-31").unwrap();
    let closing = |code: &str| {
        tb.accounts.iter().find(|a| a.code == code).map(|a| a.closing.to_string()).unwrap_or("0.00".into())
    };
    // Neither year is closed: 332 各项分配 carries the distribution against the surplus still in
    // the P&L accounts; the close carries both to 未分配盈余.
    assert_eq!(["221", "222", "322", "332", "331"].map(closing), ["0.00", "0.00", "850.00", "-8500.01", "0.00"]);
    assert!(s.reader().verify().unwrap().ok);
}

#[test]
fn losses_rates_and_empty_pools() {
    // Patronage under 60 % is refused citing Art. 44.
    let s = year();
    let out = s.cli("会计", &["distribution", "plan", "--year", "2025", "--patronage-rate", "0.55"]);
    assert!(
        out.stderr.contains("第四十四条") && out.stderr.trim_end().ends_with("[patronage-rate-too-low]"),
        "{}",
        out.stderr
    );
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
    assert!(
        out.stderr.starts_with("按交易量（额）返还的盈余无法分配：本年没有任何成员与本社的交易额")
            && out.stderr.contains("[pool-without-weights]"),
        "{}",
        out.stderr
    );
}

/// Four members: the collective 30,000 of capital, 张三 10,000, 李四 none (no shares), 王五 10,000
/// and no trade; 张三 and 李四 each deliver 1,000.00 (equal remainders); a loss of 1,000.00
/// carried from 2024; the 2025 surplus is 6,000.06.
fn ties_and_carried_losses() -> Scratch {
    let s = Scratch::with_members();
    run(
        &s,
        &[
            "member",
            "add",
            "--name",
            "王五",
            "--id-card",
            crate::util::ID_WANG,
            "--kind",
            "farmer",
            "--joined",
            "2025-01-01",
        ],
    );
    // 2024: an expense of 1,000.00, closed to 本年盈余 and carried to 盈余分配 as a loss.
    crate::util::post(&s, "2024-12-20", "办公费", &["523:1000:0", "102:0:1000"]);
    crate::util::post(&s, "2024-12-31", "结转本年亏损", &["331:1000:0", "523:0:1000"]);
    crate::util::post(&s, "2024-12-31", "亏损转入盈余分配", &["33202:1000:0", "331:0:1000"]);
    for (m, amt) in [("1", "30000"), ("2", "10000"), ("4", "10000")] {
        run(&s, &["contribute", "--member", m, "--kind", "cash", "--date", "2025-01-05", "--amount", amt]);
    }
    run(&s, &["product", "add", "香菇", "--unit", "斤"]);
    run(&s, &["buyer", "add", "永辉超市", "--channel", "supermarket"]);
    run(
        &s,
        &["deliver", "--member", "2", "--product", "香菇", "--qty", "100", "--price", "10", "--date", "2025-03-01"],
    );
    run(
        &s,
        &["deliver", "--member", "3", "--product", "香菇", "--qty", "100", "--price", "10", "--date", "2025-03-02"],
    );
    // Income 3,000.00 less cost 2,000.00, and rent 5,000.06: S = 6,000.06.
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
            "200",
            "--price",
            "15",
            "--buyer",
            "永辉超市",
        ],
    );
    run(&s, &["operation", "rental-income", "--date", "2025-06-30", "--amount", "5000.06"]);
    s
}

#[test]
fn ties_members_without_trade_or_shares_and_carried_losses_to_the_fen() {
    let s = ties_and_carried_losses();
    let p = run(&s, &["distribution", "plan", "--year", "2025"]);
    // S − L = 6,000.06 − 1,000.00 = 5,000.06; R = round(500.006) = 500.01; D = 4,500.05;
    // P = round(0.6 × 4,500.05 = 2,700.03) = 2,700.03; Q = 1,800.02.
    let pools: Vec<&str> = ["surplus", "losses", "reserve", "distributable", "patronage", "residual"]
        .iter()
        .map(|k| p[*k].as_str().unwrap())
        .collect();
    assert_eq!(pools, ["6000.06", "1000.00", "500.01", "4500.05", "2700.03", "1800.02"]);
    // P: 270,003 分 over trade 0 : 1 : 1 : 0 → 135,001 each and one 分 left; the remainders tie,
    //    so it goes to the lower number, 张三 (2).
    // Q: 180,002 分 over capital 3 : 1 : 0 : 1 → 108,001.2 / 36,000.4 / 0 / 36,000.4; the left 分
    //    ties between 张三 and 王五 → 张三.
    // R: 50,001 分 the same way → 30,000.6 / 10,000.2 / 0 / 10,000.2; the left 分 to the
    //    collective's .6.
    // 李四 has no shares (residual 0), 王五 and the collective no trade (patronage 0).
    assert_eq!(
        members(&p),
        [
            "1 0.00 30000.00 0.00 1080.01 300.01 1080.01",
            "2 1000.00 10000.00 1350.02 360.01 100.00 1710.03",
            "3 1000.00 0.00 1350.01 0.00 0.00 1350.01",
            "4 0.00 10000.00 0.00 360.00 100.00 360.00",
        ]
    );
    run(
        &s,
        &["distribution", "approve-branch", "--year", "2025", "--date", "2025-12-26", "--ref", "支委会〔2025〕12号"],
    );
    run(
        &s,
        &[
            "distribution",
            "approve-meeting",
            "--year",
            "2025",
            "--date",
            "2025-12-30",
            "--ref",
            "成员大会决议〔2025〕3号",
        ],
    );
    run(&s, &["distribution", "post", "--year", "2025"]);

    // Paid member by member: 李四 in cash first, then everyone else by bank.
    refused(&s, &["distribution", "pay", "--year", "2025", "--via", "cash", "--member", "9"], "not-in-plan");
    let v3 =
        run(&s, &["distribution", "pay", "--year", "2025", "--via", "cash", "--member", "3", "--date", "2025-12-31"])
            ["voucher_id"]
            .as_i64()
            .unwrap();
    let lines = |v: i64| -> Vec<String> {
        s.reader()
            .voucher(v)
            .unwrap()
            .lines
            .iter()
            .map(|l| {
                format!(
                    "{} {} {} {}",
                    l.account,
                    l.member.map(|m| m.to_string()).unwrap_or("-".into()),
                    l.debit,
                    l.credit
                )
            })
            .collect()
    };
    assert_eq!(lines(v3), ["221 3 1350.01 0.00", "101 - 0.00 1350.01"]);
    assert_eq!(s.reader().voucher(v3).unwrap().summary, "发放3 号成员李四 2025 年盈余返还和剩余盈余");
    assert_eq!(run(&s, &["distribution", "show", "--year", "2025"])["status"], "posted");
    refused(&s, &["distribution", "pay", "--year", "2025", "--via", "cash", "--member", "3"], "already-paid");
    let rest = run(&s, &["distribution", "pay", "--year", "2025", "--via", "bank", "--date", "2025-12-31"])
        ["voucher_id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        lines(rest),
        ["222 1 1080.01 0.00", "221 2 1350.02 0.00", "222 2 360.01 0.00", "222 4 360.00 0.00", "102 - 0.00 3150.04"]
    );
    let shown = run(&s, &["distribution", "show", "--year", "2025"]);
    assert_eq!(shown["status"], "paid");
    let via: Vec<String> =
        shown["members"].as_array().unwrap().iter().map(|m| m["paid_via"].as_str().unwrap().to_string()).collect();
    assert_eq!(via, ["bank", "bank", "cash", "bank"]);

    // 李四's member account for the year: his delivery, the refund and what he was paid.
    let a = s.reader().member_account(3, 2025).unwrap();
    assert_eq!((a.trade_amount.to_string(), a.trade.len(), a.trade[0].quantity.as_str()), ("1000.00".into(), 1, "100"));
    let d = a.distribution.unwrap();
    assert_eq!(
        (d.patronage.to_string(), d.residual.to_string(), d.total.to_string(), a.paid.to_string()),
        ("1350.01".into(), "0.00".into(), "1350.01".into(), "1350.01".into())
    );
    // The books: the loss is made good, the reserve quantified, nothing left to pay.
    let tb = s.reader().trial_balance("2024-01-01", "2025-12-31").unwrap();
    let closing = |code: &str| {
        tb.accounts.iter().find(|a| a.code == code).map(|a| a.closing.to_string()).unwrap_or("0.00".into())
    };
    // 2025 is not closed: its surplus is still in the P&L accounts and 332 各项分配 carries the
    // distribution (the close carries both to 未分配盈余); 331 is untouched.
    assert_eq!(["221", "222", "322", "332", "331"].map(closing), ["0.00", "0.00", "500.01", "-6000.06", "0.00"]);
    assert!(s.reader().verify().unwrap().ok);

    // A loss year: 2026 has only an expense, so there is nothing to distribute and nothing posts.
    run(&s, &["operation", "expense", "--date", "2026-03-01", "--amount", "300"]);
    let p = run(&s, &["distribution", "plan", "--year", "2026"]);
    assert_eq!(
        (p["surplus"].as_str(), p["losses"].as_str(), p["distributable"].as_str()),
        (Some("-300.00"), Some("0.00"), Some("0.00"))
    );
    assert!(p["members"].as_array().unwrap().iter().all(|m| m["total"] == "0.00"), "{p}");
    assert!(p["note"].as_str().unwrap().contains("无可分配盈余"), "{p}");
    let after = "2027-01-15";
    run_on(&s, after, &["distribution", "approve-branch", "--year", "2026", "--date", "2026-12-26", "--ref", "支委会"]);
    run_on(&s, after, &["distribution", "approve-meeting", "--year", "2026", "--date", "2026-12-30", "--ref", "决议"]);
    refused(&s, &["distribution", "post", "--year", "2026"], "nothing-to-distribute");
}

#[test]
fn a_posted_plan_changes_only_by_reversing_its_vouchers() {
    let s = year();
    run(&s, &["distribution", "plan", "--year", "2025"]);
    run(&s, &["distribution", "approve-branch", "--year", "2025", "--date", "2025-12-26", "--ref", "支委会"]);
    run(&s, &["distribution", "approve-meeting", "--year", "2025", "--date", "2025-12-30", "--ref", "决议"]);
    let post = run(&s, &["distribution", "post", "--year", "2025"])["voucher_id"].as_i64().unwrap();
    let pay = run(&s, &["distribution", "pay", "--year", "2025", "--via", "bank", "--member", "2"])["voucher_id"]
        .as_i64()
        .unwrap();
    // The posting cannot go while a payment stands.
    refused(&s, &["voucher", "reverse", &post.to_string()], "reverse-payments-first");
    // Reversing the payment posts its red-ink voucher at once; 张三 is unpaid again.
    let rev = run(&s, &["voucher", "reverse", &pay.to_string()]);
    assert_eq!((rev["status"].as_str(), rev["reverses"].as_i64()), (Some("posted"), Some(pay)));
    let shown = run(&s, &["distribution", "show", "--year", "2025"]);
    assert_eq!((shown["status"].as_str(), shown["members"][1]["paid_via"].is_null()), (Some("posted"), true));
    // Reversing the posting takes the plan back to approved and the books back to before.
    run(&s, &["voucher", "reverse", &post.to_string()]);
    assert_eq!(run(&s, &["distribution", "show", "--year", "2025"])["status"], "approved");
    let tb = s.reader().trial_balance("2025-01-01", "2025-12-31").unwrap();
    let closing = |code: &str| {
        tb.accounts.iter().find(|a| a.code == code).map(|a| a.closing.to_string()).unwrap_or("0.00".into())
    };
    assert_eq!(["221", "222", "322", "332", "331"].map(closing), ["0.00", "0.00", "0.00", "0.00", "0.00"]);
    // It can be posted again.
    run(&s, &["distribution", "post", "--year", "2025"]);
    assert!(s.reader().verify().unwrap().ok);

    // A business document's voucher is reversed through its document, never on its own.
    let sale = run(&s, &["report", "trade", "sale", "--from", "2025-01-01", "--to", "2025-12-31"])["rows"][0]
        ["voucher_id"]
        .as_i64()
        .unwrap();
    refused(&s, &["voucher", "reverse", &sale.to_string()], "reverse-the-document");
}

/// 财会〔2021〕37号 and Art. 44 share out the surplus the books show: a plan is bound to the books
/// it was computed from. An expense posted after the plan (the year's surplus 8,500.01 → 8,180.01)
/// makes it stale: shown as such, and both approvals and the posting refuse it until it is
/// recomputed; a voucher of the year still unposted holds the approvals back (the surplus is not
/// final); and 02's check against the posted plan really fails when the books move under it.
#[test]
fn a_stale_plan_is_neither_approved_nor_posted() {
    let s = year();
    let p = run(&s, &["distribution", "plan", "--year", "2025"]);
    assert_eq!((p["surplus"].as_str(), p["stale"].as_bool()), (Some("8500.01"), Some(false)));
    assert_eq!(run(&s, &["distribution", "show", "--year", "2025"])["stale"], false);

    // An expense posted after the plan: the books no longer say 8,500.01.
    run(&s, &["operation", "expense", "--date", "2025-11-30", "--amount", "320"]);
    assert_eq!(run(&s, &["distribution", "show", "--year", "2025"])["stale"], true);
    let branch = ["distribution", "approve-branch", "--year", "2025", "--date", "2026-01-10", "--ref", "支委会"];
    refused(&s, &branch, "plan-stale");
    let out = s.cli("会计", &branch);
    assert!(out.stderr.starts_with("2025 年分配方案编制后账簿又有变动"), "{}", out.stderr);

    // Recomputed on 8,180.01 it goes on.
    let p = run(&s, &["distribution", "plan", "--year", "2025"]);
    assert_eq!(
        (p["surplus"].as_str(), p["reserve"].as_str(), p["stale"].as_bool()),
        (Some("8180.01"), Some("818.00"), Some(false))
    );

    // A draft voucher of 2025 holds the approvals back, naming it.
    let draft = run(
        &s,
        &["voucher", "add", "--date", "2025-12-20", "--summary", "待审", "--line", "523:50:", "--line", "101::50"],
    )["id"]
        .as_i64()
        .unwrap();
    refused(&s, &branch, "year-has-unposted");
    let out = s.cli("会计", &branch);
    assert!(out.stderr.contains("2025 年还有 1 张凭证未记账（2025-12 记-"), "{}", out.stderr);
    run(&s, &["voucher", "delete", &draft.to_string()]);

    run(&s, &branch);
    run(&s, &["distribution", "approve-meeting", "--year", "2025", "--date", "2026-01-20", "--ref", "决议"]);
    // Something posted after the meeting: the posting checks again.
    run(&s, &["operation", "expense", "--date", "2025-12-01", "--amount", "80"]);
    refused(&s, &["distribution", "post", "--year", "2025"], "plan-stale");
    assert_eq!(run(&s, &["distribution", "show", "--year", "2025"])["status"], "approved");

    // Taken back out (reversed), the books match the approved plan again and it posts.
    let ops = run(&s, &["operations"]);
    let last = ops["operations"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).max().unwrap();
    run(&s, &["document", "reverse", "operation", &last.to_string()]);
    run(&s, &["distribution", "post", "--year", "2025"]);

    // 02 against the posted plan: equal while the books stand, unequal once they move.
    let check = |s: &crate::util::Scratch| {
        let st = run(s, &["report", "surplus", "--year", "2025"]);
        let c =
            st["checks"].as_array().unwrap().iter().find(|c| c["code"] == "surplus-distributed-plan").unwrap().clone();
        (c["left"].as_str().unwrap().to_string(), c["right"].as_str().unwrap().to_string(), c["ok"].as_bool().unwrap())
    };
    assert_eq!(check(&s), ("8180.01".to_string(), "8180.01".to_string(), true));
    run(&s, &["operation", "expense", "--date", "2025-12-15", "--amount", "40"]);
    assert_eq!(check(&s), ("8140.01".to_string(), "8180.01".to_string(), false));
    assert_eq!(run(&s, &["report", "surplus", "--year", "2025"])["ok"], false);
}

/// A member's contribution or delivery dated before they joined is refused (it would count as a
/// member's share or trade for a time they were not one, and the plan then found no member trade
/// beside a member-trade report that listed it).
#[test]
fn documents_before_a_member_joined_are_refused() {
    let s = year();
    let contribute = ["contribute", "--member", "2", "--kind", "cash", "--date", "2024-12-31", "--amount", "100"];
    refused(&s, &contribute, "before-joining");
    let deliver =
        ["deliver", "--member", "3", "--product", "香菇", "--qty", "1", "--price", "10", "--date", "2024-12-31"];
    refused(&s, &deliver, "before-joining");
    let out = s.cli("会计", &deliver);
    assert!(
        out.stderr.starts_with("3 号成员 李四 于 2025-01-01 入社，2024-12-31 的交售不能记在其名下"),
        "{}",
        out.stderr
    );
    // On the joining day itself both go in.
    run(&s, &["contribute", "--member", "2", "--kind", "cash", "--date", "2025-01-01", "--amount", "100"]);
    run(&s, &["deliver", "--member", "3", "--product", "香菇", "--qty", "1", "--price", "10", "--date", "2025-01-01"]);
}

/// A member who left during the year keeps the refund of their trade while a member (Co-operative
/// Law Art. 28, 44): 李四 delivered 2,000.00 of the year's 3,000.00 and left on 30 September; the
/// plan gives him 2/3 of the patronage pool of 4,590.01 (3,060.01 with the remainder 分), posts on 221
/// for him after he left, and pays him; his residual share is nil (no shares at the year's end).
#[test]
fn a_member_who_left_during_the_year_is_refunded_and_paid() {
    let s = year();
    run(&s, &["member", "exit", "3", "--date", "2025-09-30"]);
    let p = run(&s, &["distribution", "plan", "--year", "2025"]);
    let li = p["members"].as_array().unwrap().iter().find(|m| m["no"] == 3).unwrap().clone();
    assert_eq!(
        (li["trade_amount"].as_str(), li["patronage"].as_str(), li["residual"].as_str()),
        (Some("2000.00"), Some("3060.01"), Some("0.00"))
    );
    run(&s, &["distribution", "approve-branch", "--year", "2025", "--date", "2026-01-10", "--ref", "支委会"]);
    run(&s, &["distribution", "approve-meeting", "--year", "2025", "--date", "2026-01-20", "--ref", "决议"]);
    run(&s, &["distribution", "post", "--year", "2025"]);
    let owed = |s: &crate::util::Scratch| {
        s.reader().ledger("221", "2025-01-01", "2026-12-31", Some(3)).unwrap().closing.to_string()
    };
    assert_eq!(owed(&s), "3060.01");
    // A former member is paid in money, never in new shares.
    refused(&s, &["distribution", "pay", "--year", "2025", "--via", "shares", "--member", "3"], "member-exited");
    run(&s, &["distribution", "pay", "--year", "2025", "--via", "bank", "--member", "3", "--date", "2026-01-25"]);
    assert_eq!(owed(&s), "0.00");
}

/// Losses a leaver bore on leaving are no longer carried (issue 19 item 5): 2025 loses 3,000.00
/// and is closed with it in 332; 李四 (10,000.00 of 100,000.00 of capital) leaves on 1 March 2026
/// and bears 300.00 of it; 2026 earns 10,000.00, from which only the 2,700.00 still carried is
/// made good.
#[test]
fn losses_a_leaver_bore_are_not_deducted_again() {
    let s = crate::util::Scratch::with_members();
    for (m, amt) in [("1", "60000"), ("2", "30000"), ("3", "10000")] {
        run(&s, &["contribute", "--member", m, "--kind", "cash", "--date", "2025-01-05", "--amount", amt]);
    }
    run(&s, &["operation", "expense", "--date", "2025-07-01", "--amount", "3000"]);
    run(&s, &["year", "close", "2025"]);
    run(&s, &["member", "exit", "3", "--date", "2026-03-01"]);
    let settled = s.reader().ledger("332", "2026-01-01", "2026-12-31", None).unwrap();
    assert_eq!(
        (settled.opening.to_string(), settled.credit.to_string()),
        ("-3000.00".to_string(), "300.00".to_string())
    );
    run(&s, &["operation", "rental-income", "--date", "2026-06-30", "--amount", "10000"]);
    run(&s, &["product", "add", "香菇", "--unit", "斤"]);
    run(
        &s,
        &["deliver", "--member", "2", "--product", "香菇", "--qty", "100", "--price", "10", "--date", "2026-05-01"],
    );
    let p = run(&s, &["distribution", "plan", "--year", "2026"]);
    assert_eq!(
        (p["surplus"].as_str(), p["losses"].as_str(), p["reserve"].as_str(), p["distributable"].as_str()),
        (Some("10000.00"), Some("2700.00"), Some("730.00"), Some("6570.00"))
    );
}

/// A year without member trade cannot split the patronage pool; the refusal says so in each
/// language on its own (the English had the pool's Chinese name in it: issue 19 item 10).
#[test]
fn a_pool_without_weights_is_named_in_each_language() {
    let s = crate::util::Scratch::with_members();
    run(&s, &["contribute", "--member", "1", "--kind", "cash", "--date", "2025-01-05", "--amount", "1000"]);
    run(&s, &["operation", "rental-income", "--date", "2025-06-30", "--amount", "500"]);
    refused(&s, &["distribution", "plan", "--year", "2025"], "pool-without-weights");
    let out = s.cli("会计", &["distribution", "plan", "--year", "2025"]);
    assert_eq!(
        out.stderr.trim_end(),
        "按交易量（额）返还的盈余无法分配：本年没有任何成员与本社的交易额 / the patronage refund pool cannot be split: \
         no member traded with the co-op this year [pool-without-weights]"
    );
}

/// A saved plan the books can no longer compute (every delivery and the sale reversed: no member
/// trade) still shows, as stale; approving it is refused with the reason.
#[test]
fn a_plan_the_books_cannot_compute_any_more_shows_as_stale() {
    let s = year();
    run(&s, &["distribution", "plan", "--year", "2025"]);
    run(&s, &["document", "reverse", "sale", "1"]);
    run(&s, &["document", "reverse", "delivery", "1"]);
    run(&s, &["document", "reverse", "delivery", "2"]);
    let shown = run(&s, &["distribution", "show", "--year", "2025"]);
    assert_eq!((shown["status"].as_str(), shown["stale"].as_bool()), (Some("draft"), Some(true)));
    refused(
        &s,
        &["distribution", "approve-branch", "--year", "2025", "--date", "2026-01-10", "--ref", "支委会"],
        "pool-without-weights",
    );
}

/// A published worked example reproduced to the 分 — 【例5-17】 希望生猪合作社 of the textbook chapter
/// 合作社盈余公积的核算 (guayunfan.com/lilun/381814.html, a text on the 2007 system, whose rule is the
/// 2021 one for 322 盈余公积): 20 members of 10,000.00 each; the charter quantifies the 10 % reserve to
/// the members by their trade; the year's surplus 50,000.00, so the reserve is 5,000.00; the members'
/// trade 1,000,000.00, of which 甲 and 乙 40,000.00 each, 丙 and 丁 10,000.00 each — "甲应得量化份额为
/// 5000×4%=200元，乙为200元 … 丙、丁 … 50元". The source does not itemise the other sixteen members'
/// 900,000.00: here 56,250.00 each, so each of them gets 281.25.
#[test]
fn a_published_example_of_the_reserve_quantified_by_trade() {
    let s = Scratch::new();
    {
        let mut b = coopbook::equity::coop::init(&s.db, "会计", &crate::util::new_coop()).unwrap();
        let names = ["甲", "乙", "丙", "丁"];
        for k in 1..=20 {
            let first = format!("35012519800101{k:03}");
            let id = format!("{first}{}", coopbook::base::ids::citizen_id_check(&first).unwrap());
            let name = names.get(k - 1).map(|n| n.to_string()).unwrap_or(format!("成员{k}"));
            b.add_member(&coopbook::ledger::member::NewMember {
                name,
                id_card: id,
                kind: "farmer".into(),
                phone: None,
                joined: Some("2025-01-01".into()),
            })
            .unwrap();
        }
    }
    run(&s, &["product", "add", "生猪", "--unit", "公斤"]);
    for k in 1..=20 {
        let m = k.to_string();
        run(&s, &["contribute", "--member", &m, "--kind", "cash", "--date", "2025-01-05", "--amount", "10000"]);
        // 甲、乙 40,000.00; 丙、丁 10,000.00; the other sixteen 56,250.00: 1,000,000.00 in all.
        let qty = match k {
            1 | 2 => "4000",
            3 | 4 => "1000",
            _ => "5625",
        };
        run(
            &s,
            &["deliver", "--member", &m, "--product", "生猪", "--qty", qty, "--price", "10", "--date", "2025-06-01"],
        );
    }
    // The year's surplus: 50,000.00.
    run(&s, &["operation", "rental-income", "--date", "2025-12-20", "--amount", "50000"]);
    let p = run(&s, &["distribution", "plan", "--year", "2025", "--reserve-rate", "0.10", "--reserve-basis", "trade"]);
    assert_eq!(
        (p["surplus"].as_str(), p["reserve"].as_str(), p["reserve_basis"].as_str()),
        (Some("50000.00"), Some("5000.00"), Some("trade"))
    );
    let shares: Vec<(String, String, String)> = p["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let f = |k: &str| m[k].as_str().unwrap().to_string();
            (f("name"), f("trade_amount"), f("reserve_share"))
        })
        .collect();
    assert_eq!(shares[0], ("甲".into(), "40000.00".into(), "200.00".into()));
    assert_eq!(shares[1], ("乙".into(), "40000.00".into(), "200.00".into()));
    assert_eq!(shares[2], ("丙".into(), "10000.00".into(), "50.00".into()));
    assert_eq!(shares[3], ("丁".into(), "10000.00".into(), "50.00".into()));
    assert!(shares[4..].iter().all(|(_, t, r)| t == "56250.00" && r == "281.25"), "{shares:?}");
    // The same plan by shares (the default) quantifies it equally: 250.00 each.
    let by_share = run(&s, &["distribution", "plan", "--year", "2025", "--what-if"]);
    assert!(by_share["members"].as_array().unwrap().iter().all(|m| m["reserve_share"] == "250.00"), "{by_share}");
    assert_eq!(by_share["reserve_basis"], "share");
    // A basis the charter cannot have is refused.
    refused(&s, &["distribution", "plan", "--year", "2025", "--reserve-basis", "land"], "invalid-reserve-basis");
    // Posted, each 甲's 公积金份额 stands in the books on 322 by member.
    run(&s, &["distribution", "approve-branch", "--year", "2025", "--date", "2025-12-26", "--ref", "支委会"]);
    run(&s, &["distribution", "approve-meeting", "--year", "2025", "--date", "2025-12-30", "--ref", "决议"]);
    run(&s, &["distribution", "post", "--year", "2025"]);
    assert_eq!(s.reader().member_account(1, 2025).unwrap().reserve.to_string(), "200.00");
    assert_eq!(s.reader().member_account(3, 2025).unwrap().reserve.to_string(), "50.00");
}
