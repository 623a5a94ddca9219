//! Member equity: each kind of contribution with its exact valuation and voucher, the share
//! register and its flags, an exit settlement with land handed back and losses kept back, and
//! every refusal changing nothing.

use crate::util::{post, Scratch};
use coopbook::equity::contribution::NewContribution;
use serde_json::Value;

fn contribution(member: i64, kind: &str, date: &str) -> NewContribution {
    NewContribution { member: member.to_string(), kind: kind.into(), date: date.into(), ..Default::default() }
}

/// The lines of the voucher a contribution posted, as `account member debit credit`.
fn voucher_lines(s: &Scratch, id: i64) -> Vec<String> {
    let v = s.reader().voucher(id).unwrap();
    assert_eq!((v.status.as_str(), v.reviewed_by.as_deref()), ("posted", Some("系统")));
    v.lines
        .iter()
        .map(|l| {
            format!("{} {} {} {}", l.account, l.member.map(|m| m.to_string()).unwrap_or("-".into()), l.debit, l.credit)
        })
        .collect()
}

/// One contribution of each kind: cash, land, labour, asset, subsidy.
fn five(s: &Scratch) -> Vec<i64> {
    let mut b = s.book("会计");
    let c = b
        .contribute(&NewContribution {
            amount: Some("300000".into()),
            via: Some("bank".into()),
            ..contribution(1, "cash", "2025-01-05")
        })
        .unwrap();
    let land = b
        .contribute(&NewContribution {
            area: Some("3.333".into()),
            price_per_mu: Some("800.05".into()),
            plot: Some("后山3号地".into()),
            location: Some("青山村后山".into()),
            term: Some("2025-01-01至2034-12-31".into()),
            valuation_ref: Some("成员大会决议〔2025〕1号".into()),
            ..contribution(2, "land", "2025-01-06")
        })
        .unwrap();
    let labour = b
        .contribute(&NewContribution {
            days: Some("12.5".into()),
            price_per_day: Some("120".into()),
            ..contribution(3, "labour", "2025-01-07")
        })
        .unwrap();
    let asset = b
        .contribute(&NewContribution {
            amount: Some("8000".into()),
            description: Some("香菇烘干机一台".into()),
            ..contribution(2, "asset", "2025-01-08")
        })
        .unwrap();
    let subsidy = b
        .contribute(&NewContribution { amount: Some("1000".into()), ..contribution(3, "subsidy", "2025-02-01") })
        .unwrap();
    assert_eq!(
        (land.amount.to_string(), land.quantity.as_deref(), land.unit_price.map(|p| p.to_string())),
        ("2666.57".into(), Some("3.333"), Some("800.05".into()))
    );
    assert_eq!(land.detail["valuation_ref"], "成员大会决议〔2025〕1号");
    assert_eq!(labour.amount.to_string(), "1500.00");
    [c, land, labour, asset, subsidy].iter().map(|x| x.voucher_id.unwrap()).collect()
}

#[test]
fn each_kind_posts_its_voucher() {
    let s = Scratch::with_members();
    let v = five(&s);
    assert_eq!(voucher_lines(&s, v[0]), ["102 - 300000.00 0.00", "301 1 0.00 300000.00"]);
    // 3.333 亩 × 800.05 = 2,666.56665, rounded half away from zero to the 分.
    assert_eq!(voucher_lines(&s, v[1]), ["161 - 2666.57 0.00", "301 2 0.00 2666.57"]);
    assert_eq!(voucher_lines(&s, v[2]), ["401 - 1500.00 0.00", "301 3 0.00 1500.00"]);
    assert_eq!(voucher_lines(&s, v[3]), ["151 - 8000.00 0.00", "301 2 0.00 8000.00"]);
    assert_eq!(voucher_lines(&s, v[4]), ["235 - 1000.00 0.00", "311 - 0.00 1000.00"]);
    let summary = s.book("监事").voucher(v[1]).unwrap().summary;
    assert_eq!(summary, "2 号成员张三以土地经营权出资 3.333 亩，每亩 800.05 元");
    assert!(s.book("监事").verify().unwrap().ok);
}

fn register(s: &Scratch, at: &str) -> Value {
    s.cli("监事", &["--json", "shares", "--at", at]).ok().json()
}

fn rows(r: &Value) -> Vec<String> {
    r["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let f = |k: &str| m[k].as_str().unwrap().to_string();
            format!(
                "{} {} {} {} {} {} {} {} {}",
                m["no"],
                f("cash"),
                f("land"),
                f("labour"),
                f("asset"),
                f("subsidy"),
                f("other"),
                f("total"),
                f("share")
            )
        })
        .collect()
}

#[test]
fn the_share_register_and_its_flags() {
    let s = Scratch::with_members();
    five(&s);
    let r = register(&s, "2025-12-31");
    assert_eq!(
        rows(&r),
        [
            "1 300000.00 0.00 0.00 0.00 0.00 0.00 300000.00 0.9610",
            "2 0.00 2666.57 0.00 8000.00 0.00 0.00 10666.57 0.0342",
            "3 0.00 0.00 1500.00 0.00 1000.00 0.00 1500.00 0.0048",
        ]
    );
    assert_eq!(
        (r["total"].as_str(), r["subsidy_total"].as_str(), r["collective_share"].as_str()),
        (Some("312166.57"), Some("1000.00"), Some("0.9610"))
    );
    // Two natural persons among three members: 66.67 %, under the legal 80 %.
    let flags: Vec<&str> = r["flags"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(flags, ["farmers-below-80"]);
    assert_eq!(r["flags"][0]["zh"], "农民成员（含党员、村干部）2 人，占成员总数 3 人的 66.67%，低于法定的 80%");
    // The register at an earlier date only counts what was contributed by then.
    let early = register(&s, "2025-01-06");
    assert_eq!(early["total"], "302666.57");
    // A lower cap flags the large holder; the collective is never held to it.
    s.cli("会计", &["coop", "charter", "--member-cap", "0.02"]).ok();
    let r = register(&s, "2025-12-31");
    let flags: Vec<&str> = r["flags"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(flags, ["farmers-below-80", "member-above-cap"]);
    assert_eq!(r["flags"][1]["zh"], "2 号成员 张三 占股 3.42%，超过章程上限 2%");
    // Share capital posted by hand shows as "other", and the register still sums to 301.
    post(&s, "2025-06-01", "补记股金", &["101:100:", "301::100:3"]);
    let r = register(&s, "2025-12-31");
    assert_eq!(rows(&r)[2], "3 0.00 0.00 1500.00 0.00 1000.00 100.00 1600.00 0.0051");
    let tb = s.book("监事").trial_balance("2025-01-01", "2025-12-31").unwrap();
    assert_eq!(tb.accounts.iter().find(|a| a.code == "301").unwrap().closing.to_string(), r["total"].as_str().unwrap());
}

#[test]
fn the_collective_below_its_minimum_is_flagged() {
    let s = Scratch::with_members();
    let mut b = s.book("会计");
    b.contribute(&NewContribution { amount: Some("2900".into()), ..contribution(1, "cash", "2025-01-05") }).unwrap();
    b.contribute(&NewContribution { amount: Some("7100".into()), ..contribution(2, "cash", "2025-01-05") }).unwrap();
    drop(b);
    let r = register(&s, "2025-12-31");
    assert_eq!(r["collective_share"], "0.2900");
    assert_eq!(r["flags"][0]["code"], "collective-below-minimum");
    assert_eq!(r["flags"][0]["zh"], "村集体占股 29%，低于章程规定的 30%");
    // The dashboard warns too.
    let d = s.book("监事").dashboard(2025).unwrap();
    assert_eq!((d.collective_share.as_deref(), d.collective_below_minimum), (Some("0.2900"), true));
}

#[test]
fn exit_settlement_returns_land_pays_the_rest_and_keeps_back_losses() {
    let s = Scratch::with_members();
    five(&s);
    let m = s.cli("会计", &["--json", "member", "exit", "2", "--date", "2025-12-31", "--via", "cash"]).ok().json();
    assert_eq!(m["exited"], "2025-12-31");
    let b = s.reader();
    let settle =
        b.vouchers(&Default::default()).unwrap().into_iter().find(|v| v.summary == "2 号成员张三退社结算").unwrap();
    assert_eq!(voucher_lines(&s, settle.id), ["301 2 10666.57 0.00", "161 - 0.00 2666.57", "101 - 0.00 8000.00"]);
    drop(b);
    let r = register(&s, "2025-12-31");
    assert_eq!(r["total"], "301500.00");
    assert_eq!(rows(&r).len(), 2, "the settled member leaves the register");
    // The member keeps a closed account: their contributions and the exit rows net to zero.
    let list = s.book("监事").contributions(Some(2)).unwrap();
    assert_eq!(
        list.iter().map(|c| (c.kind.as_str(), c.amount.to_string())).collect::<Vec<_>>(),
        [
            ("land", "2666.57".to_string()),
            ("asset", "8000.00".to_string()),
            ("land", "-2666.57".to_string()),
            ("asset", "-8000.00".to_string()),
        ]
    );

    // An accumulated loss of 1,000.00 in 332: member 3 holds 1,500 of 301,500 and bears 4.98.
    post(&s, "2026-01-10", "以前年度亏损", &["33202:1000:", "102::1000"]);
    s.cli("会计", &["member", "exit", "3", "--date", "2026-01-31"]).ok();
    let b = s.reader();
    let settle =
        b.vouchers(&Default::default()).unwrap().into_iter().find(|v| v.summary == "3 号成员李四退社结算").unwrap();
    assert_eq!(voucher_lines(&s, settle.id), ["301 3 1500.00 0.00", "102 - 0.00 1495.02", "33202 - 0.00 4.98"]);
    assert!(b.verify().unwrap().ok);
    // The quantified subsidy stays with the co-op (311) and is written off the member.
    let r = register(&s, "2026-01-31");
    assert_eq!((r["total"].as_str(), r["subsidy_total"].as_str()), (Some("300000.00"), Some("0.00")));
}

fn refused(s: &Scratch, code: &str, c: NewContribution) {
    let before = s.snapshot();
    let e = s.book("会计").contribute(&c).unwrap_err();
    assert_eq!(e.code, code, "{}", e.zh);
    assert_eq!(before, s.snapshot());
}

#[test]
fn bad_contributions_are_refused_and_change_nothing() {
    let s = Scratch::with_members();
    let land = |area: &str, price: &str, r: Option<&str>| NewContribution {
        area: Some(area.into()),
        price_per_mu: Some(price.into()),
        valuation_ref: r.map(str::to_string),
        ..contribution(2, "land", "2025-03-01")
    };
    refused(&s, "not-positive", land("0", "800", Some("决议1号")));
    refused(&s, "not-positive", land("-2", "800", Some("决议1号")));
    refused(&s, "not-positive", land("2", "0", Some("决议1号")));
    refused(&s, "quantity-invalid", land("两亩", "800", Some("决议1号")));
    refused(&s, "valuation-ref-required", land("2", "800", None));
    refused(
        &s,
        "not-positive",
        NewContribution {
            days: Some("0".into()),
            price_per_day: Some("100".into()),
            ..contribution(3, "labour", "2025-03-01")
        },
    );
    refused(&s, "not-positive", NewContribution { amount: Some("-5".into()), ..contribution(3, "cash", "2025-03-01") });
    refused(&s, "invalid-contribution-kind", contribution(3, "gold", "2025-03-01"));
    refused(
        &s,
        "unknown-member",
        NewContribution { amount: Some("5".into()), ..contribution(99, "cash", "2025-03-01") },
    );
    s.cli("会计", &["coop", "charter", "--allow-labour", "false"]).ok();
    refused(
        &s,
        "labour-not-allowed",
        NewContribution {
            days: Some("3".into()),
            price_per_day: Some("100".into()),
            ..contribution(3, "labour", "2025-03-01")
        },
    );
    s.cli("会计", &["member", "exit", "3", "--date", "2025-02-28"]).ok();
    refused(&s, "member-exited", NewContribution { amount: Some("5".into()), ..contribution(3, "cash", "2025-03-01") });
    // Through the CLI: the message names the rule, exit 1.
    let out = s.cli(
        "会计",
        &[
            "contribute",
            "--member",
            "2",
            "--kind",
            "land",
            "--date",
            "2025-03-01",
            "--area",
            "2",
            "--price-per-mu",
            "800",
        ],
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.starts_with("土地经营权作价须经成员大会通过")
            && out.stderr.trim_end().ends_with("[valuation-ref-required]"),
        "{}",
        out.stderr
    );
}

#[test]
fn transfer_and_withdrawal_of_shares() {
    let s = Scratch::with_members();
    five(&s);
    // 李四 (3) has only labour; 张三 (2) has land and an asset. The collective transfers cash.
    let out = s
        .cli(
            "会计",
            &[
                "--json",
                "transfer-shares",
                "--from",
                "1",
                "--to",
                "3",
                "--amount",
                "500",
                "--date",
                "2025-03-01",
                "--approval-ref",
                "理事会决定3号",
            ],
        )
        .ok()
        .json();
    let id = out["voucher_id"].as_i64().unwrap();
    assert_eq!(voucher_lines(&s, id), ["301 1 500.00 0.00", "301 3 0.00 500.00"]);
    let out = s
        .cli(
            "会计",
            &[
                "--json",
                "withdraw",
                "--member",
                "2",
                "--kind",
                "asset",
                "--amount",
                "3000",
                "--date",
                "2025-03-02",
                "--via",
                "cash",
            ],
        )
        .ok()
        .json();
    assert_eq!(voucher_lines(&s, out["voucher_id"].as_i64().unwrap()), ["301 2 3000.00 0.00", "101 - 0.00 3000.00"]);
    let out = s
        .cli(
            "会计",
            &["--json", "withdraw", "--member", "2", "--kind", "land", "--amount", "666.57", "--date", "2025-03-02"],
        )
        .ok()
        .json();
    assert_eq!(voucher_lines(&s, out["voucher_id"].as_i64().unwrap()), ["301 2 666.57 0.00", "161 - 0.00 666.57"]);
    let r = register(&s, "2025-12-31");
    assert_eq!(
        rows(&r),
        [
            "1 299500.00 0.00 0.00 0.00 0.00 0.00 299500.00 0.9708",
            "2 0.00 2000.00 0.00 5000.00 0.00 0.00 7000.00 0.0227",
            "3 500.00 0.00 1500.00 0.00 1000.00 0.00 2000.00 0.0065",
        ]
    );
    // Beyond what is held of that kind, subsidies, and unknown members are refused; nothing changes.
    let before = s.snapshot();
    for (args, code) in [
        (vec!["withdraw", "--member", "3", "--amount", "600", "--date", "2025-03-03"], "insufficient-shares"),
        (
            vec!["withdraw", "--member", "3", "--kind", "subsidy", "--amount", "10", "--date", "2025-03-03"],
            "subsidy-not-transferable",
        ),
        (vec!["transfer-shares", "--from", "3", "--to", "3", "--amount", "10", "--date", "2025-03-03"], "same-member"),
        (
            vec!["transfer-shares", "--from", "3", "--to", "9", "--amount", "10", "--date", "2025-03-03"],
            "unknown-member",
        ),
        (vec!["withdraw", "--member", "1", "--amount", "0", "--date", "2025-03-03"], "not-positive"),
    ] {
        let out = s.cli("会计", &args);
        assert_eq!(out.code, 1, "{args:?}");
        assert!(out.stderr.trim_end().ends_with(&format!("[{code}]")), "{args:?}: {}", out.stderr);
    }
    assert_eq!(before, s.snapshot());
}

#[test]
fn a_contribution_is_reversed_with_its_voucher() {
    let s = Scratch::with_members();
    five(&s);
    let land = s.reader().contributions(Some(2)).unwrap().into_iter().find(|c| c.kind == "land").unwrap();
    let rev = s.book("会计").reverse_document("contribution", land.id).unwrap();
    assert_eq!(voucher_lines(&s, rev), ["161 - -2666.57 0.00", "301 2 0.00 -2666.57"]);
    let r = register(&s, "2025-12-31");
    assert_eq!(rows(&r)[1], "2 0.00 0.00 0.00 8000.00 0.00 0.00 8000.00 0.0258");
    assert_eq!(s.book("会计").reverse_document("contribution", land.id).unwrap_err().code, "already-reversed");
    assert_eq!(s.book("会计").reverse_document("invoice", 1).unwrap_err().code, "invalid-document");
}

/// A land-only member who leaves in a loss year gets the whole plot back (issue 19 item 4): 王五's
/// 10 亩 at 1,000.00 are 10,000.00 of 100,000.00 of capital; the co-op has lost 10,000.00, of which
/// he bears 1,000.00. The settlement credits 161 in full and books his loss share as owed by him on
/// 114: Dr 301 10,000.00, Dr 114 1,000.00 / Cr 161 10,000.00, Cr 332 未分配盈余 1,000.00.
#[test]
fn a_land_only_member_leaving_in_a_loss_year_takes_the_whole_plot_and_owes_the_loss_share() {
    let s = Scratch::with_members();
    {
        let b = &mut s.book("会计");
        b.contribute(&NewContribution { amount: Some("90000".into()), ..contribution(1, "cash", "2025-01-05") })
            .unwrap();
        b.contribute(&NewContribution {
            area: Some("10".into()),
            price_per_mu: Some("1000".into()),
            valuation_ref: Some("成员大会决议".into()),
            ..contribution(2, "land", "2025-01-05")
        })
        .unwrap();
    }
    post(&s, "2025-06-30", "以前年度亏损", &["33202:10000:", "102::10000"]);
    let m = s.cli("会计", &["--json", "member", "exit", "2", "--date", "2025-12-31"]).ok().json();
    assert_eq!(m["exited"], "2025-12-31");
    let settle = s
        .reader()
        .vouchers(&Default::default())
        .unwrap()
        .into_iter()
        .find(|v| v.summary == "2 号成员张三退社结算")
        .unwrap();
    assert_eq!(
        voucher_lines(&s, settle.id),
        ["301 2 10000.00 0.00", "114 2 1000.00 0.00", "161 - 0.00 10000.00", "33202 - 0.00 1000.00"]
    );
    let tb = s.reader().trial_balance("2025-01-01", "2025-12-31").unwrap();
    let closing = |code: &str| tb.accounts.iter().find(|a| a.code == code).map(|a| a.closing.to_string());
    assert_eq!((closing("161"), closing("114")), (Some("0.00".into()), Some("1000.00".into())));
}
