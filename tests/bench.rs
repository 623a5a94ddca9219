//! `coopbook bench`: every step measured on a real book, the book itself unchanged, and `hledger
//! bal` run beside it on the same book's journal.

use crate::util::{cli_pw, snapshot, Scratch};

#[test]
fn the_bench_measures_every_step_and_changes_nothing() {
    let s = Scratch::new();
    crate::util::cli(&s.db, "会计", &["demo", "--members", "20", "--years", "2"]).ok();
    let before = snapshot(&s.db);
    let scratch = s.dir.path().join("scratch");
    let r = cli_pw(&s.db, "监事", "coopbook", &["--json", "bench", "--scratch", scratch.to_str().unwrap()]).ok().json();
    let names: Vec<&str> = r["steps"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "open", "dashboard", "periods", "members-list", "members-page", "ledger-page", "ledger-page-middle", "deliveries-page", "trial-balance-year", "trial-balance-all", "member-account", "sales-report", "distribution-plan", "slips", "backup", "verify",
            "bundle-export", "township-import", "export-hledger"
        ]
    );
    assert_eq!((r["members"].as_i64(), r["years"].as_str()), (Some(21), Some("2024–2025")));
    let lines: i64 = rusqlite::Connection::open(&s.db).unwrap().query_row("SELECT COUNT(*) FROM voucher_lines", [], |r| r.get(0)).unwrap();
    assert_eq!(r["lines"].as_i64(), Some(lines));
    // Each step took time and says what it did; the targets are the issue's.
    for st in r["steps"].as_array().unwrap() {
        assert!(st["micros"].as_i64().unwrap() > 0, "{st}");
    }
    let step = |n: &str| r["steps"].as_array().unwrap().iter().find(|s| s["name"] == n).unwrap().clone();
    assert_eq!(step("trial-balance-all")["target"], "≤ 100 ms");
    assert_eq!(step("member-account")["target"], "≤ 20 ms");
    assert_eq!(step("distribution-plan")["target"], "≤ 300 ms");
    assert_eq!(step("slips")["target"], "≤ 5 s, ≤ 5 MB");
    assert!(step("slips")["detail"].as_str().unwrap().starts_with("21 张，7 页"), "{}", step("slips")["detail"]);
    assert!(step("verify")["detail"].as_str().unwrap().ends_with("通过"));
    assert!(step("township-import")["detail"].as_str().unwrap().starts_with("imported，2 年"));
    // hledger ran on the journal beside us (installed by the test script).
    assert!(r["hledger_micros"].as_i64().unwrap() > 0);
    assert!(step("open")["vs_hledger"].is_string());
    // What it wrote is in the scratch folder; the book is as it was.
    for f in ["slips.pdf", "copy.coopbook", "full.coopsync", "book.journal", "bench.township"] {
        assert!(scratch.join(f).is_file(), "{f}");
    }
    assert_eq!(snapshot(&s.db), before);
}
