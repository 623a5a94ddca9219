//! The book file itself: what is not a book, a newer schema, a second writer, raw SQL against
//! posted vouchers, and hand-tampering that `verify` must name.

use crate::util::{cli, post, snapshot, Scratch};
use coopbook::{Book, Mode};
use rusqlite::Connection;

fn code_of(r: coopbook::Result<Book>) -> &'static str {
    r.err().expect("should be refused").code
}

#[test]
fn not_a_book() {
    let s = Scratch::new();
    std::fs::write(&s.db, "这不是数据库，只是一个文本文件。").unwrap();
    assert_eq!(code_of(Book::open(&s.db, "a", Mode::Read)), "not-a-book");
    let out = cli(&s.db, "a", &["member", "list"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.starts_with("这个文件不是合作社账本") && out.stderr.trim_end().ends_with("[not-a-book]"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read_to_string(&s.db).unwrap(), "这不是数据库，只是一个文本文件。");
    // Another program's SQLite file is not a book either, and is left alone.
    let other = s.dir.path().join("other.db");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    let before = snapshot(&other);
    assert_eq!(code_of(Book::open(&other, "a", Mode::Write)), "not-a-book");
    assert_eq!(before, snapshot(&other));
    assert_eq!(code_of(Book::open(&s.dir.path().join("missing.coopbook"), "a", Mode::Read)), "book-not-found");
}

#[test]
fn schema_too_new() {
    let s = Scratch::with_members();
    Connection::open(&s.db).unwrap().pragma_update(None, "user_version", 99).unwrap();
    assert_eq!(code_of(Book::open(&s.db, "a", Mode::Write)), "schema-too-new");
    let out = s.cli("a", &["member", "list"]);
    assert!(out.stderr.contains("结构版本 99") && out.stderr.contains("[schema-too-new]"), "{}", out.stderr);
}

#[test]
fn book_settings() {
    let s = Scratch::with_members();
    let b = s.book("a");
    let c = b.conn();
    let mode: String = c.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    let sync: i64 = c.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
    let fk: i64 = c.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
    let v: i32 = c.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(v, coopbook::store::book::SCHEMA_VERSION);
}

#[test]
fn a_second_writer_is_refused() {
    let s = Scratch::with_members();
    let held = s.book("会计");
    let before = s.snapshot();
    let out =
        s.cli("会计", &["member", "add", "--name", "王五", "--id-card", crate::util::ID_WANG, "--kind", "farmer"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("已被另一个程序打开") && out.stderr.trim_end().ends_with("[book-locked]"),
        "{}",
        out.stderr
    );
    assert_eq!(before, s.snapshot());
    // Reading while the app holds the book is fine.
    s.cli("监事", &["member", "list"]).ok();
    drop(held);
    s.cli("会计", &["member", "add", "--name", "王五", "--id-card", crate::util::ID_WANG, "--kind", "farmer"]).ok();
}

#[test]
fn raw_sql_cannot_change_a_posted_voucher() {
    let s = Scratch::with_members();
    let id = post(&s, "2025-03-01", "收到股金", &["102:1000:", "301::1000:2"]);
    let before = s.snapshot();
    let conn = Connection::open(&s.db).unwrap();
    for sql in [
        format!("UPDATE voucher_lines SET debit_fen = 1 WHERE voucher_id = {id} AND line_no = 1"),
        format!("DELETE FROM voucher_lines WHERE voucher_id = {id}"),
        format!(
            "INSERT INTO voucher_lines (voucher_id, line_no, date, account_id, summary, debit_fen, credit_fen) \
            VALUES ({id}, 3, '2025-03-01', 1, 'x', 1, 0)"
        ),
        format!("UPDATE vouchers SET date = '2025-03-02' WHERE id = {id}"),
        format!("DELETE FROM vouchers WHERE id = {id}"),
        "UPDATE change_log SET user = 'x' WHERE seq = 1".to_string(),
        "DELETE FROM change_log".to_string(),
    ] {
        let e = conn.execute(&sql, []).expect_err(&sql).to_string();
        assert!(e.contains("posted-immutable") || e.contains("log-immutable"), "{sql}: {e}");
    }
    drop(conn);
    assert_eq!(before, s.snapshot());
}

/// Applies `sql` by hand (triggers dropped first where needed) and returns verify's problems.
fn tamper(sql: &str) -> Vec<(String, String)> {
    let s = Scratch::with_members();
    post(&s, "2025-03-01", "收到股金", &["102:1000:", "301::1000:2"]);
    post(&s, "2025-03-02", "收购香菇", &["12801:500:", "114::500:2"]);
    assert!(s.book("a").verify().unwrap().ok);
    Connection::open(&s.db).unwrap().execute_batch(sql).unwrap();
    let v = s.book("a").verify().unwrap();
    let out = s.cli("监事", &["verify"]);
    assert_eq!(out.code, 1, "verify should fail after: {sql}");
    assert!(out.stderr.contains("[verify-failed]"), "{}", out.stderr);
    v.problems.into_iter().map(|p| (p.code.to_string(), p.zh)).collect()
}

#[test]
fn verify_names_hand_tampering() {
    // An amount changed after dropping the guard trigger.
    let p = tamper(
        "DROP TRIGGER lines_posted_no_update; UPDATE voucher_lines SET debit_fen = 60000, credit_fen = 0 \
        WHERE voucher_id = 2 AND line_no = 1; UPDATE voucher_lines SET credit_fen = 60000 WHERE voucher_id = 2 AND \
            line_no = 2;",
    );
    assert!(p.iter().any(|(c, m)| c == "trigger-missing" && m.contains("lines_posted_no_update")), "{p:?}");
    assert!(
        p.iter().any(|(c, m)| c == "voucher-tampered" && m.contains("2025-03 记-0002（id 2）记账后内容被改动")),
        "{p:?}"
    );
    assert!(p.iter().any(|(c, _)| c == "totals-mismatch"), "{p:?}");
    // A date moved.
    let p = tamper(
        "DROP TRIGGER vouchers_posted_no_update; DROP TRIGGER lines_posted_no_update; UPDATE vouchers SET \
        date = '2025-03-09' WHERE id = 1; UPDATE voucher_lines SET date = '2025-03-09' WHERE voucher_id = 1;",
    );
    assert!(p.iter().any(|(c, m)| c == "voucher-tampered" && m.contains("id 1")), "{p:?}");
    // A posted voucher deleted.
    let p = tamper(
        "DROP TRIGGER lines_posted_no_delete; DROP TRIGGER vouchers_posted_no_delete; DELETE FROM \
        voucher_lines WHERE voucher_id = 2; DELETE FROM vouchers WHERE id = 2;",
    );
    assert!(p.iter().any(|(c, m)| c == "voucher-tampered" && m.contains("id 2")), "{p:?}");
    // A log row altered, and one deleted.
    let p = tamper("DROP TRIGGER change_log_no_update; UPDATE change_log SET user = '某人' WHERE seq = 5;");
    assert_eq!(p[0], ("log-chain-broken".to_string(), "变更日志第 5 行的哈希不符：该行或之前的记录被改动".to_string()));
    let p = tamper("DROP TRIGGER change_log_no_delete; DELETE FROM change_log WHERE seq = 7;");
    assert_eq!(
        p[0],
        ("log-chain-broken".to_string(), "变更日志缺少第 7 行（下一行是第 8 行）：有记录被删除".to_string())
    );
}

/// Applies `sql` to the distribution scenario's book (contributions, deliveries, sales) and
/// returns verify's problems.
fn tamper_documents(sql: &str) -> Vec<(String, String)> {
    let s = crate::distribution::year();
    assert!(s.book("a").verify().unwrap().ok);
    Connection::open(&s.db).unwrap().execute_batch(sql).unwrap();
    let v = s.book("a").verify().unwrap();
    v.problems.into_iter().map(|p| (p.code.to_string(), p.zh)).collect()
}

#[test]
fn verify_names_documents_and_members_changed_by_hand() {
    let one = |code: &str, zh: &str| vec![(code.to_string(), zh.to_string())];
    // A contribution's amount raised (the share register reads it), a delivery's date moved.
    assert_eq!(
        tamper_documents("UPDATE contributions SET amount_fen = amount_fen + 100 WHERE id = 1"),
        one("document-tampered", "出资记录 #1 的成员、日期、金额或凭证被改动（与变更日志不符）")
    );
    assert_eq!(
        tamper_documents("UPDATE deliveries SET date = '2025-01-01' WHERE id = 1"),
        one("document-tampered", "交售记录 #1 的成员、日期、金额或凭证被改动（与变更日志不符）")
    );
    // A sale deleted, and one added by hand.
    assert_eq!(
        tamper_documents("DELETE FROM sales WHERE id = 1"),
        one("document-tampered", "销售记录 #1 被删除（与变更日志不符）")
    );
    assert_eq!(
        tamper_documents(
            "INSERT INTO sales (date, product_id, buyer_id, channel, quantity, price, amount_fen, \
            cost_fen, paid, contract, voucher_id, member_id) SELECT date, product_id, buyer_id, channel, quantity, \
                price, amount_fen, cost_fen, paid, contract, voucher_id, member_id FROM sales WHERE id = 1"
        ),
        one("document-tampered", "销售记录 #2 不是通过本软件录入的（与变更日志不符）")
    );
    // A member renamed.
    assert_eq!(
        tamper_documents("UPDATE members SET name = '张三丰' WHERE no = 2"),
        one("document-tampered", "2 号成员的姓名、类型或入社日期被改动（与变更日志不符）")
    );
}
