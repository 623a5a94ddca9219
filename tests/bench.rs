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
            "open",
            "dashboard",
            "periods",
            "members-list",
            "members-page",
            "ledger-page",
            "ledger-page-middle",
            "deliveries-page",
            "trial-balance-year",
            "trial-balance-all",
            "member-account",
            "sales-report",
            "distribution-plan",
            "slips",
            "backup",
            "verify",
            "bundle-export",
            "township-import",
            "bulk-import",
            "export-hledger"
        ]
    );
    assert_eq!((r["members"].as_i64(), r["years"].as_str()), (Some(21), Some("2024–2025")));
    let lines: i64 = rusqlite::Connection::open(&s.db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM voucher_lines", [], |r| r.get(0))
        .unwrap();
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
    // The last year's vouchers through the voucher import, into the copy: all of them but those
    // of members who have left, so exactly the posted vouchers of 2025 that name no such member.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let (vouchers, year_lines): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(DISTINCT v.id), COUNT(*) FROM vouchers v JOIN voucher_lines l ON l.voucher_id = v.id
             WHERE v.status = 'posted' AND v.date LIKE '2025-%'
               AND NOT EXISTS (SELECT 1 FROM voucher_lines x JOIN members m ON m.id = x.member_id WHERE x.voucher_id \
                   = v.id AND m.exited IS NOT NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let bulk = step("bulk-import");
    assert_eq!(bulk["target"], "≥ 100,000 行/s");
    assert!(
        bulk["detail"].as_str().unwrap().starts_with(&format!("{vouchers} 张凭证，{year_lines} 行分录，")),
        "{bulk}"
    );
    assert!(scratch.join("vouchers.csv").is_file());
    // hledger ran on the journal beside us (installed by the test script).
    assert!(r["hledger_micros"].as_i64().unwrap() > 0);
    assert!(step("open")["vs_hledger"].is_string());
    // What it wrote is in the scratch folder; the book is as it was.
    for f in ["slips.pdf", "copy.coopbook", "full.coopsync", "book.journal", "bench.township"] {
        assert!(scratch.join(f).is_file(), "{f}");
    }
    assert_eq!(snapshot(&s.db), before);
}
