//! Crash safety: a writer (this test binary, re-run as a child) posts documents one after another
//! and says which ones were committed; it is killed with SIGKILL at a random moment, again and
//! again. After every kill the book must open, pass `integrity_check` and `verify`, hold every
//! document acknowledged before the kill, and hold no document half there (a contribution without
//! its posted voucher, a voucher without lines, lines that do not balance).

use crate::util::Scratch;
use coopbook::contribution::NewContribution;
use coopbook::{Book, Mode};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD: &str = "COOPBOOK_CRASH_CHILD_DB";

/// The writer, when run as the child: contributions (one transaction each: the row and its posted
/// voucher), each acknowledged on stdout after its commit.
#[test]
fn writer_child() {
    let Some(db) = std::env::var_os(CHILD) else { return };
    let mut book = Book::open(std::path::Path::new(&db), "会计", Mode::Write).unwrap();
    let mut out = std::io::stdout().lock();
    for n in 0.. {
        let c = NewContribution {
            member: (1 + n % 3).to_string(),
            kind: "cash".into(),
            date: "2025-02-10".into(),
            amount: Some(format!("{}.{:02}", 1 + n % 97, n % 100)),
            ..Default::default()
        };
        let done = book.contribute(&c).unwrap();
        writeln!(out, "ACK {} {}", done.id, done.voucher_id.unwrap()).unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn killed_writers_leave_a_sound_book() {
    let s = Scratch::with_members();
    drop(s.book("会计"));
    let exe = std::env::current_exe().unwrap();
    let runs = 200;
    let (mut acked, mut kills) = (Vec::<(i64, i64)>::new(), 0);
    let mut seed: u64 = 0x5EED_C00B;
    let started = Instant::now();
    for run in 0..runs {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let wait = Duration::from_millis(20 + (seed >> 33) % 180);
        let mut child = Command::new(&exe)
            .args(["--exact", "crash::writer_child", "--nocapture", "--test-threads", "1"])
            .env(CHILD, &s.db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut got = Vec::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // libtest's own "test … ... " may precede the first acknowledgement on its line.
                if let Some(rest) = line.find("ACK ").map(|i| &line[i + 4..]) {
                    let mut p = rest.split(' ').map(|x| x.parse::<i64>().unwrap());
                    got.push((p.next().unwrap(), p.next().unwrap()));
                }
            }
            got
        });
        std::thread::sleep(wait);
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        kills += 1;
        acked.extend(reader.join().unwrap());
        // The book after the kill.
        let book = Book::open(&s.db, "监事", Mode::Write).unwrap_or_else(|e| panic!("run {run}: the book does not open: {e}"));
        let ok: String = book.conn().pragma_query_value(None, "integrity_check", |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok", "run {run}");
        let v = book.verify().unwrap();
        assert!(v.ok, "run {run}: {:?}", v.problems);
        let conn = book.conn();
        // Nothing half there: every contribution has its posted voucher; every voucher has lines that balance.
        let orphans: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM contributions c LEFT JOIN vouchers v ON v.id = c.voucher_id WHERE v.id IS NULL OR v.status != 'posted'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0, "run {run}: contributions without a posted voucher");
        let unbalanced: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM vouchers v WHERE NOT EXISTS (SELECT 1 FROM voucher_lines l WHERE l.voucher_id = v.id)
                    OR (SELECT SUM(debit_fen) - SUM(credit_fen) FROM voucher_lines l WHERE l.voucher_id = v.id) != 0",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(unbalanced, 0, "run {run}: vouchers without lines or not balancing");
        // Every acknowledged one is there.
        for (c, v) in &acked {
            let found: i64 = conn.query_row("SELECT COUNT(*) FROM contributions WHERE id = ?1 AND voucher_id = ?2", [c, v], |r| r.get(0)).unwrap();
            assert_eq!(found, 1, "run {run}: contribution {c} was acknowledged and is gone");
        }
    }
    let total: i64 = Book::open(&s.db, "监事", Mode::Read).unwrap().conn().query_row("SELECT COUNT(*) FROM contributions", [], |r| r.get(0)).unwrap();
    eprintln!("crash harness: {runs} runs, {kills} kills, {} documents acknowledged, {total} in the book, 0 failures, {:.1} s", acked.len(), started.elapsed().as_secs_f64());
    assert!(acked.len() > runs, "the writer barely wrote: {}", acked.len());
    // At most one document per kill can be committed without its acknowledgement having been read.
    assert!(total as usize >= acked.len() && total as usize <= acked.len() + kills, "{total} vs {}", acked.len());
}
