//! Backups: a manual copy is a sound book with the same figures; restoring brings the book back and
//! keeps what it replaced; automatic backups are taken before a month close, a year close and an
//! import, and rotated; a restore from a file that is not a sound book is refused and changes nothing.

use crate::distribution::year;
use crate::util::{cli, post, snapshot, Scratch};
use coopbook::{Book, Mode};

fn tb(path: &std::path::Path) -> serde_json::Value {
    cli(path, "监事", &["--json", "report", "trial-balance", "--from", "2025-01-01", "--to", "2025-12-31"]).ok().json()
}

#[test]
fn a_backup_restores_the_book_and_keeps_what_it_replaced() {
    let s = year();
    let copy = s.dir.path().join("copy.coopbook");
    let b = cli(&s.db, "会计", &["--json", "backup", "--out", copy.to_str().unwrap()]).ok().json();
    assert_eq!(b["reason"], "manual");
    // The copy is a book of its own: it opens, verifies and has the same trial balance.
    assert!(Book::open(&copy, "监事", Mode::Read).unwrap().verify().unwrap().ok);
    let before = tb(&s.db);
    assert_eq!(tb(&copy), before);
    // More work, then the restore: the book is as it was at the backup…
    post(&s, "2025-08-01", "办公用品", &["523:35.50:", "101::35.50"]);
    let after = tb(&s.db);
    assert_ne!(after, before);
    let r = cli(&s.db, "会计", &["--json", "restore", copy.to_str().unwrap()]).ok().json();
    assert_eq!(tb(&s.db), before);
    assert!(s.reader().verify().unwrap().ok);
    // … and what it replaced was kept, with the later voucher in it.
    let saved = std::path::PathBuf::from(r["saved_before"]["path"].as_str().unwrap());
    assert_eq!(r["saved_before"]["reason"], "restore");
    assert_eq!(tb(&saved), after);
    let list = cli(&s.db, "会计", &["--json", "backups"]).ok().json();
    assert_eq!(list["backups"][0]["path"].as_str().unwrap(), saved.to_str().unwrap());
}

#[test]
fn automatic_backups_before_closes_and_imports_rotated() {
    let s = year();
    let reasons =
        |s: &Scratch| -> Vec<String> { s.reader().backups().unwrap().iter().map(|b| b.reason.clone()).collect() };
    assert!(reasons(&s).is_empty());
    cli(&s.db, "会计", &["period", "close", "2025-01"]).ok();
    assert_eq!(reasons(&s), ["month-close"]);
    // A close that is refused takes no backup.
    let out = cli(&s.db, "会计", &["year", "close", "2025"]);
    assert_eq!(out.code, 1);
    assert_eq!(reasons(&s).len(), 1);
    cli(&s.db, "会计", &["year", "close", "2025", "--defer-distribution", "审计后分配"]).ok();
    assert_eq!(reasons(&s), ["year-close", "month-close"]);
    let csv = s.dir.path().join("members.csv");
    std::fs::write(&csv, "姓名,身份证号,成员类型,入社日期\n王五,110105195001010039,农民,2026-01-02\n").unwrap();
    cli(&s.db, "会计", &["import", "members", csv.to_str().unwrap()]).ok();
    assert_eq!(reasons(&s)[0], "import");
    // Each backup is a sound book; the newest holds the book before the import (3 members).
    let newest = s.reader().backups().unwrap()[0].path.clone();
    assert_eq!(Book::open(std::path::Path::new(&newest), "x", Mode::Read).unwrap().members(None).unwrap().len(), 3);
    // Rotation keeps the newest 30.
    let book = s.reader();
    for _ in 0..32 {
        book.auto_backup("daily").unwrap();
    }
    assert_eq!(book.backups().unwrap().len(), coopbook::store::backup::KEEP);
    assert!(book.backups().unwrap().iter().all(|b| b.reason == "daily"));
    // Today's daily backup exists already: the app's open takes no other.
    assert!(book.daily_backup().unwrap().is_none());
    assert!(coopbook::store::backup::daily(&s.db).unwrap().is_none());
    // A file in 备份 that is not one of ours (a name that only looks like it) is not listed.
    std::fs::write(coopbook::store::backup::dir_of(&s.db).join("test-2025年备份-复制的一份.coopbook"), b"x").unwrap();
    assert_eq!(book.backups().unwrap().len(), coopbook::store::backup::KEEP);
    // Half-written copies of writers killed mid-backup go at the next backup once an hour old;
    // a younger one may be a backup still running and stays.
    let dir = coopbook::store::backup::dir_of(&s.db);
    let (old, young) = (
        dir.join("test-20250101-000000000-import.coopbook.tmp"),
        dir.join("test-20250101-000001000-daily.coopbook.tmp"),
    );
    let old_journal = dir.join("test-20250101-000000000-import.coopbook.tmp-journal");
    for f in [&old, &young, &old_journal] {
        std::fs::write(f, b"partial").unwrap();
    }
    let hour_ago =
        std::time::SystemTime::now() - coopbook::store::backup::STALE_TMP - std::time::Duration::from_secs(60);
    for f in [&old, &old_journal] {
        std::fs::File::options().write(true).open(f).unwrap().set_modified(hour_ago).unwrap();
    }
    book.auto_backup("daily").unwrap();
    assert!(!old.exists() && !old_journal.exists() && young.exists());
}

#[test]
fn a_restore_from_a_bad_file_is_refused_and_changes_nothing() {
    let s = year();
    let before = snapshot(&s.db);
    let junk = s.dir.path().join("junk.coopbook");
    std::fs::write(&junk, b"not a book at all").unwrap();
    let out = cli(&s.db, "会计", &["restore", junk.to_str().unwrap()]);
    assert!(out.stderr.contains("[not-a-book]"), "{}", out.stderr);
    let missing = s.dir.path().join("missing.coopbook");
    let out = cli(&s.db, "会计", &["restore", missing.to_str().unwrap()]);
    assert!(out.stderr.contains("[backup-not-found]"), "{}", out.stderr);
    // A backup cut in half.
    let copy = s.dir.path().join("copy.coopbook");
    cli(&s.db, "会计", &["backup", "--out", copy.to_str().unwrap()]).ok();
    let bytes = std::fs::read(&copy).unwrap();
    let cut = s.dir.path().join("cut.coopbook");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let out = cli(&s.db, "会计", &["restore", cut.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains("[backup-corrupt]") || out.stderr.contains("[not-a-book]"), "{}", out.stderr);
    assert_eq!(before, snapshot(&s.db));
    assert!(s.reader().backups().unwrap().is_empty(), "a refused restore takes no backup");
}
