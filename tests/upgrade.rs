//! Upgrades: a book of every released schema, kept in `tests/books/` as the build that landed it
//! wrote it, opens in this one after its migrations — with a backup of the book as it was taken
//! first — and its statements are exactly what that build printed (`schema-N.reports.json`, the
//! `--json` output of the released binary on the same file).
//!
//! A landing that adds a migration adds the book of the schema before it, written by the landed
//! binary: `coopbook --db tests/books/schema-N.coopbook demo --members 12 --years 2 --end-year 2025
//! --seed 7`, then the reports below printed by that binary.

use crate::util::*;
use coopbook::store::book::SCHEMA_VERSION;
use coopbook::{Book, Mode};
use std::path::Path;

/// Released schemas, with the build that wrote their book: schema 14 is v0.1.0 as landed at
/// stop 15, schema 15 the build landed at stop 16 (its version still said 0.1.0).
const RELEASES: &[(&str, i32)] = &[("schema-14", 14), ("schema-15", 15)];

fn user_version(db: &Path) -> i32 {
    rusqlite::Connection::open(db).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

#[test]
fn every_released_book_migrates_after_a_backup_and_keeps_its_statements() {
    let books = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books");
    for (version, schema) in RELEASES {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("合作社.coopbook");
        std::fs::copy(books.join(format!("{version}.coopbook")), &db).unwrap();
        assert_eq!(user_version(&db), *schema, "{version}");
        assert!(*schema < SCHEMA_VERSION, "{version}: this build has no migration past it; nothing is tested");
        let before = snapshot(&db);

        // Read only, it is refused and left alone; the reports say to open it once for writing.
        let e = Book::open(&db, "监事", Mode::Read).err().expect("an old book is not read as it is");
        assert_eq!(e.code, "schema-old");
        let out =
            cli_pw(&db, "监事", "coopbook", &["report", "trial-balance", "--from", "2025-01-01", "--to", "2025-12-31"]);
        assert_eq!(out.code, 1);
        assert!(
            out.stderr.contains(
                "这个账本需要升级结构，请以写入方式打开一次 / this book needs a schema upgrade; open it once for \
            writing [schema-old]"
            ),
            "{}",
            out.stderr
        );
        assert_eq!(snapshot(&db), before);

        // Opened to write (as the app does at login), it is backed up and then migrated.
        let book = Book::open(&db, "会计", Mode::Write).unwrap();
        let backups = book.backups().unwrap();
        drop(book);
        assert_eq!(user_version(&db), SCHEMA_VERSION);
        assert_eq!(backups.len(), 1, "{backups:?}");
        assert_eq!(backups[0].reason, "migration");
        let backup = Path::new(&backups[0].path);
        assert_eq!(user_version(backup), *schema);
        assert_eq!(snapshot(backup), before, "{version}: the backup is the book as it was");

        // Every statement is what the released version printed, to the 分.
        let golden: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(books.join(format!("{version}.reports.json"))).unwrap())
                .unwrap();
        assert_eq!(golden.len(), 7);
        for (args, expected) in &golden {
            let mut a = vec!["--json", "report"];
            a.extend(args.split(' '));
            let out = cli_pw(&db, "监事", "coopbook", &a);
            assert_eq!(out.code, 0, "{version} {args}: {}", out.stderr);
            let mut got = out.json();
            // A check added since that release (02's against the posted plan) must hold on the
            // old book; the figures and the checks the release printed must not change.
            let known: Vec<serde_json::Value> =
                expected["checks"].as_array().into_iter().flatten().map(|c| c["code"].clone()).collect();
            if let Some(checks) = got.get_mut("checks").and_then(|c| c.as_array_mut()) {
                let (old, added): (Vec<_>, Vec<_>) = checks.drain(..).partition(|c| known.contains(&c["code"]));
                assert!(added.iter().all(|c| c["ok"] == true), "{version} {args}: {added:?}");
                *checks = old;
            }
            assert_eq!(&got, expected, "{version}: report {args} changed");
        }
        let v = Book::open(&db, "监事", Mode::Read).unwrap().verify().unwrap();
        assert!(v.ok, "{version}: {:?}", v.problems);
    }
}
