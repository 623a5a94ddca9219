//! Printing at the size of a large co-op: 5,000 members' dividend slips, the 公示 notice, the
//! member account table, the general ledger and the balance sheet, with time and file size.
//! Run `cargo bench --bench print`.
//!
//! A 200-member demo book is made and its plan lines copied by raw SQL to members up to
//! `$COOPBOOK_PRINT_BENCH_MEMBERS` (default 5,000), so the figure is printing alone;
//! `$COOPBOOK_PRINT_BENCH_DB` names a ready book instead (e.g. `coopbook demo --members 5000`).

use coopbook::{Book, Mode};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let n: i64 = std::env::var("COOPBOOK_PRINT_BENCH_MEMBERS").ok().and_then(|v| v.parse().ok()).unwrap_or(5000);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = match std::env::var_os("COOPBOOK_PRINT_BENCH_DB") {
        Some(db) => PathBuf::from(db),
        None => {
            let db = dir.path().join("big.coopbook");
            drop(coopbook::tools::demo::create(&db, 200, 1, 2025, 1).expect("demo"));
            let conn = rusqlite::Connection::open(&db).expect("open");
            conn.execute_batch("BEGIN").expect("begin");
            for no in 202..=n + 1 {
                let from = 2 + (no - 2) % 200;
                conn.execute(
                    "INSERT INTO members (no, name, id_card, kind, joined) SELECT ?1, name, printf('3501251990%08d', \
                        ?1), kind, joined FROM members WHERE no = ?2",
                    [no, from],
                )
                .expect("member");
                conn.execute(
                    "INSERT INTO distribution_lines (year, member_id, trade_fen, basis_fen, patronage_fen, \
                        residual_fen, reserve_fen)
                     SELECT year, (SELECT id FROM members WHERE no = ?1), trade_fen, basis_fen, patronage_fen, \
                         residual_fen, reserve_fen
                     FROM distribution_lines WHERE year = 2025 AND member_id = (SELECT id FROM members WHERE no = ?2)",
                    [no, from],
                )
                .expect("plan line");
            }
            conn.execute_batch("COMMIT").expect("commit");
            db
        }
    };
    let book = Book::open(&db, "监事", Mode::Read).expect("open book");
    let year = book.distribution(2025).map(|_| 2025).expect("a 2025 plan");
    println!("plan lines: {}", book.distribution(year).expect("plan").members.len());
    for (what, run) in [
        (
            "slips",
            Box::new(|b: &Book, out: &std::path::Path| b.print_slips(year, None, out))
                as Box<dyn Fn(&Book, &std::path::Path) -> coopbook::Result<coopbook::io::print::Printed>>,
        ),
        ("notice", Box::new(|b: &Book, out: &std::path::Path| b.print_notice(year, out))),
        (
            "member accounts",
            Box::new(|b: &Book, out: &std::path::Path| b.print_report("member-accounts", year, None, out)),
        ),
        (
            "general ledger",
            Box::new(|b: &Book, out: &std::path::Path| b.print_report("general-ledger", year, None, out)),
        ),
        ("balance sheet", Box::new(|b: &Book, out: &std::path::Path| b.print_report("balance-sheet", year, None, out))),
    ] {
        let out = dir.path().join(format!("{what}.pdf"));
        let t = Instant::now();
        let p = run(&book, &out).expect("print");
        println!(
            "{what}: {} items, {} pages, {} bytes ({} KiB) in {:.2?}",
            p.items,
            p.pages,
            p.bytes,
            p.bytes.div_ceil(1024),
            t.elapsed()
        );
    }
    // The statements' figures alone, without drawing: what of the time above is the queries.
    for kind in ["member-accounts", "general-ledger"] {
        let t = Instant::now();
        let st = book.statement(kind, year, None).expect("statement");
        println!(
            "{kind} statement alone: {} rows in {:.2?}",
            st.blocks.iter().map(|b| b.rows.len()).sum::<usize>(),
            t.elapsed()
        );
    }
}
