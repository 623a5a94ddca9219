//! The demo co-op's trial balance agrees to the 分 with `hledger bal` on the exported journal:
//! an independent implementation checks our balances. CI installs hledger; on a machine without
//! it the test says so and checks only our side (under CI a missing hledger is a failure).

use crate::util::{cli, cli_pw, Scratch};
use std::collections::BTreeMap;
use std::process::Command;

/// `hledger bal` as account name → amount in 分 (debits positive).
fn hledger_balances(journal: &std::path::Path, extra: &[&str]) -> Option<BTreeMap<String, i64>> {
    let out = Command::new("hledger")
        .arg("-f")
        .arg(journal)
        .args(["bal", "-O", "csv", "--no-total"])
        .args(extra)
        .output()
        .ok()?;
    assert!(out.status.success(), "hledger failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut map = BTreeMap::new();
    for line in text.lines().skip(1) {
        let cols: Vec<String> = line.split("\",\"").map(|c| c.trim_matches('"').to_string()).collect();
        let amount = cols[1].trim_end_matches(" CNY").trim_end_matches("CNY").trim();
        let fen = coopbook::Money::parse(amount).unwrap_or_else(|e| panic!("hledger amount {amount}: {e}")).fen();
        map.insert(cols[0].clone(), fen);
    }
    Some(map)
}

#[test]
fn demo_trial_balance_agrees_with_hledger() {
    let s = Scratch::new();
    // Two years ending 2025, each distributed at its year-end meeting; the range may run past the books.
    let demo = cli(&s.db, "会计", &["--json", "demo", "--members", "40", "--years", "2"]).ok().json();
    assert_eq!(demo["members"], 41);
    let tb = cli_pw(
        &s.db,
        "监事",
        "coopbook",
        &["--json", "report", "trial-balance", "--from", "2024-01-01", "--to", "2026-12-31"],
    )
    .ok()
    .json();
    assert_eq!(tb["totals"]["balanced"], true);
    let journal = s.dir.path().join("demo.journal");
    cli_pw(&s.db, "监事", "coopbook", &["export", "hledger", "--out", journal.to_str().unwrap()]).ok();

    let accounts = coopbook::Book::open(&s.db, "监事", coopbook::Mode::Read).unwrap().accounts().unwrap();
    let full: BTreeMap<&str, (&str, i64, bool)> =
        accounts.iter().map(|a| (a.code.as_str(), (a.full_name.as_str(), a.direction, a.leaf))).collect();
    // Ours, in hledger's sign (debits positive), for leaves and for top-level accounts.
    let mut leaves = BTreeMap::new();
    let mut tops = BTreeMap::new();
    for a in tb["accounts"].as_array().unwrap() {
        let code = a["code"].as_str().unwrap();
        let (name, dir, leaf) = full[code];
        let fen = dir * coopbook::Money::parse(a["closing"].as_str().unwrap()).unwrap().fen();
        if fen == 0 {
            continue;
        }
        if leaf {
            leaves.insert(name.to_string(), fen);
        }
        if code.len() == 3 {
            tops.insert(name.to_string(), fen);
        }
    }
    assert!(leaves.len() >= 15, "{leaves:?}");

    let Some(theirs) = hledger_balances(&journal, &["--flat", "-E"]) else {
        assert!(std::env::var_os("CI").is_none(), "hledger is not installed but CI must check against it");
        eprintln!("hledger not installed: skipped the independent check");
        return;
    };
    let theirs: BTreeMap<String, i64> = theirs.into_iter().filter(|(_, v)| *v != 0).collect();
    assert_eq!(leaves, theirs, "leaf balances differ from hledger");
    let theirs_top: BTreeMap<String, i64> =
        hledger_balances(&journal, &["--flat", "--depth", "1"]).unwrap().into_iter().filter(|(_, v)| *v != 0).collect();
    assert_eq!(tops, theirs_top, "top-level balances differ from hledger");
    // And a member's sub-ledger, by the member tag.
    let ours = cli_pw(
        &s.db,
        "监事",
        "coopbook",
        &[
            "--json",
            "report",
            "ledger",
            "--account",
            "301",
            "--member",
            "1",
            "--from",
            "2024-01-01",
            "--to",
            "2026-12-31",
        ],
    )
    .ok()
    .json();
    let theirs = hledger_balances(&journal, &["--flat", "tag:member=^1$", "^301"]).unwrap();
    let ours_fen = -coopbook::Money::parse(ours["closing"].as_str().unwrap()).unwrap().fen();
    assert_eq!(theirs.values().sum::<i64>(), ours_fen);
}
