//! The voucher import (凭证导入), the book's bulk path: a good file's vouchers are posted exactly as
//! if entered, reviewed and posted by hand (the same numbers, lines, totals and log hashes that
//! `verify` re-checks); every problem of a bad file is reported at its row and column, and a bad
//! file or a dry run writes nothing.

use crate::util::*;
use coopbook::io::import::ImportReport;
use std::path::PathBuf;

fn write(s: &Scratch, name: &str, text: &str) -> PathBuf {
    let p = s.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Three vouchers over two months: a member's contribution of cash, a sale on credit to the
/// member's current account, and a February expense; the second names its preparer and reviewer.
const GOOD: &str = "\
日期,凭证号,摘要,科目编码,借方金额,贷方金额,成员编号,附件数,制单人,审核人
2025-01-10,记-1,张三缴纳股金,101 库存现金,\"1,000.00\",,,1,,
2025-01-10,记-1,张三缴纳股金,301,,1000.00,2,,,
2025-01-20,记-2,销售香菇给张三,114,250.50,,2,2,王芳,李明
2025-01-20,记-2,销售香菇给张三,50101,,250.5,,,,
2025-02-03,记-1,付运费,52101,80.00,,,,,
2025-02-03,记-1,付运费,101,,80.00,,,,
";

/// The same vouchers as the good file, entered, reviewed and posted by hand.
fn by_hand(s: &Scratch) {
    post(s, "2025-01-10", "张三缴纳股金", &["101:1000.00:", "301::1000.00:2"]);
    post(s, "2025-01-20", "销售香菇给张三", &["114:250.50::2", "50101::250.50"]);
    post(s, "2025-02-03", "付运费", &["52101:80.00:", "101::80.00"]);
}

/// The rows of a table that an import and entry by hand must leave alike.
fn rows(s: &Scratch, sql: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let mut st = conn.prepare(sql).unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        Ok((0..n)
            .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn errors(r: &ImportReport) -> Vec<(usize, &str, &str)> {
    r.errors.iter().map(|e| (e.row, e.column.as_str(), e.code.as_str())).collect()
}

#[test]
fn a_good_file_posts_what_entry_by_hand_posts() {
    let s = Scratch::with_members();
    let p = write(&s, "凭证.csv", GOOD);
    let out = s.book("会计").import_vouchers(&p, false).unwrap();
    assert!(out.report.ok, "{:?}", out.report.errors);
    assert_eq!((out.vouchers, out.lines, out.total.fen()), (3, 6, 133_050));
    assert_eq!((out.from.as_deref(), out.to.as_deref()), (Some("2025-01-10"), Some("2025-02-03")));
    assert_eq!(out.report.imported, vec![1, 2, 3]);

    let hand = Scratch::with_members();
    by_hand(&hand);
    // The same numbers, dates, summaries, lines and totals as by hand.
    for sql in [
        "SELECT id, date, ym, seq, summary, status FROM vouchers ORDER BY id",
        "SELECT voucher_id, line_no, date, account_id, member_id, summary, debit_fen, credit_fen FROM voucher_lines \
            ORDER BY id",
        "SELECT * FROM account_totals ORDER BY account_id, ym",
        "SELECT * FROM member_totals ORDER BY member_id, account_id, ym",
    ] {
        assert_eq!(rows(&s, sql), rows(&hand, sql), "{sql}");
    }
    // Who did what: the file's preparer and reviewer where it names them, else the importing
    // user and the system; posted by the importing user.
    assert_eq!(
        rows(&s, "SELECT id, prepared_by, reviewed_by, posted_by FROM vouchers ORDER BY id"),
        vec![
            "Integer(1)|Text(\"会计\")|Text(\"系统\")|Text(\"会计\")",
            "Integer(2)|Text(\"王芳\")|Text(\"李明\")|Text(\"会计\")",
            "Integer(3)|Text(\"会计\")|Text(\"系统\")|Text(\"会计\")"
        ]
    );
    assert_eq!(
        rows(&s, "SELECT attachments FROM vouchers ORDER BY id"),
        vec!["Integer(1)", "Integer(2)", "Integer(0)"]
    );
    // One log row posts them all, each with its number, the hash verify re-checks and where in
    // the file it was.
    let v = s.reader().verify().unwrap();
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(v.posted_vouchers, 3);
    let log = rows(
        &s,
        "SELECT action, entity_id, json_extract(payload, '$.first_id'), json_extract(payload, \
        '$.last_id'), json_extract(payload, '$.lines'), json_extract(payload, '$.total'), json_array_length(payload, \
            '$.posted') FROM change_log WHERE action LIKE 'voucher.%' ORDER BY seq",
    );
    assert_eq!(
        log,
        vec!["Text(\"voucher.import\")|Text(\"1\")|Integer(1)|Integer(3)|Integer(6)|Text(\"1330.50\")|Integer(3)"]
    );
    let posted = rows(
        &s,
        "SELECT p.value ->> 0, p.value ->> 1, p.value -> 3 FROM change_log, json_each(payload, \
        '$.posted') p WHERE action = 'voucher.import' ORDER BY p.key",
    );
    assert_eq!(
        posted,
        vec![
            "Integer(1)|Text(\"记-0001\")|Text(\"[\\\"记-1\\\",2]\")",
            "Integer(2)|Text(\"记-0002\")|Text(\"[\\\"记-2\\\",4]\")",
            "Integer(3)|Text(\"记-0001\")|Text(\"[\\\"记-1\\\",6]\")",
        ]
    );
    // The hash of each is that of its content as read back from the book.
    let hashes = rows(
        &s,
        "SELECT p.value ->> 2 FROM change_log, json_each(payload, '$.posted') p WHERE action = \
        'voucher.import' ORDER BY p.key",
    );
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    for (i, h) in hashes.iter().enumerate() {
        assert_eq!(*h, format!("Text({:?})", coopbook::ledger::voucher::content_hash(&conn, i as i64 + 1).unwrap()));
    }
    let tb = s.reader().trial_balance("2025-01-01", "2025-12-31").unwrap();
    let hand_tb = hand.reader().trial_balance("2025-01-01", "2025-12-31").unwrap();
    assert_eq!(format!("{:?}", tb.accounts), format!("{:?}", hand_tb.accounts));
}

#[test]
fn numbers_follow_the_month_and_fill_a_deleted_drafts_gap_first() {
    let s = Scratch::with_members();
    post(&s, "2025-01-02", "期初", &["101:500.00:", "301::500.00:2"]);
    let draft = s.book("会计").add_voucher(&voucher("2025-01-03", "草稿", &["101:1.00:", "502::1.00"])).unwrap().id;
    post(&s, "2025-01-04", "第三张", &["101:2.00:", "502::2.00"]);
    s.book("会计").delete_voucher(draft).unwrap();
    let p = write(&s, "v.csv", GOOD);
    let out = s.book("会计").import_vouchers(&p, false).unwrap();
    assert!(out.report.ok, "{:?}", out.report.errors);
    // January had 记-0001 and 记-0003 with 0002 freed: the import takes 0002, then 0004.
    assert_eq!(
        rows(&s, "SELECT date, seq, summary FROM vouchers ORDER BY ym, seq"),
        vec![
            "Text(\"2025-01-02\")|Integer(1)|Text(\"期初\")",
            "Text(\"2025-01-10\")|Integer(2)|Text(\"张三缴纳股金\")",
            "Text(\"2025-01-04\")|Integer(3)|Text(\"第三张\")",
            "Text(\"2025-01-20\")|Integer(4)|Text(\"销售香菇给张三\")",
            "Text(\"2025-02-03\")|Integer(1)|Text(\"付运费\")",
        ]
    );
    assert!(rows(&s, "SELECT * FROM free_numbers").is_empty());
    assert!(s.reader().verify().unwrap().ok);
}

const BAD: &str = "\
日期,凭证号,摘要,科目编码,借方金额,贷方金额,成员编号,附件数,制单人,审核人
2025-01-10,1,缴纳股金,101,100.00,,,x,,
2025-01-10,1,缴纳股金,301,,90.00,2,,,
2025-01-11,2,销售,128,10.00,,,,王芳,王芳
2025-01-11,2,销售,999,,10.00,,,,
2025-01-12,3,成员往来,114,5.00,,,,,
2025-01-12,3,成员往来,101,,5.00,3,,,
2025-01-13,4,日期不同,101,1.00,,,,,
2025-01-14,4,日期不同,502,,1.00,,,,
2025-01-15,5,两边,101,1.00,1.00,,,,
2025-01-15,5,两边,502,,1.00,,,,
2025-01-16,1,又是一号,101,1.00,,,,,
2025-01-16,1,又是一号,502,,1.00,,,,
2025-01-17,6,只有一行,101,,,,,,
2025-03-01,1,三月,101,1.00,,9,,,
2025-03-01,1,三月,502,,1.00,,,,
";

#[test]
fn every_bad_row_is_reported_at_its_cell_and_nothing_is_written() {
    let s = Scratch::with_members();
    let before = s.snapshot();
    let p = write(&s, "bad.csv", BAD);
    let out = s.book("会计").import_vouchers(&p, false).unwrap();
    assert!(!out.report.ok);
    assert!(out.report.imported.is_empty());
    assert_eq!(
        errors(&out.report),
        vec![
            (2, "附件数", "attachments-invalid"),
            (2, "凭证号", "unbalanced"),
            (4, "审核人", "self-review"),
            (4, "科目编码", "account-not-leaf"),
            (5, "科目编码", "unknown-account"),
            (6, "成员编号", "member-required"),
            (7, "成员编号", "member-not-allowed"),
            (9, "日期", "voucher-date-mixed"),
            (10, "借方金额", "line-both-sides"),
            (12, "凭证号", "voucher-no-repeated"),
            (14, "凭证号", "too-few-lines"),
            (14, "借方金额", "amount-zero"),
            (15, "成员编号", "member-not-allowed"),
            (15, "成员编号", "unknown-member"),
        ]
    );
    assert_eq!((out.vouchers, out.lines), (8, 15));
    assert_eq!(out.report.refusal().unwrap().code, "import-invalid");
    assert_eq!(s.snapshot(), before);
}

#[test]
fn a_closed_month_is_refused_at_the_date_of_each_voucher() {
    let s = Scratch::with_members();
    post(&s, "2025-01-05", "一月", &["101:3.00:", "502::3.00"]);
    s.book("会计").close_period("2025-01").unwrap();
    let p = write(&s, "v.csv", GOOD);
    let before = s.snapshot();
    let out = s.book("会计").import_vouchers(&p, false).unwrap();
    assert_eq!(errors(&out.report), vec![(2, "日期", "period-closed"), (4, "日期", "period-closed")]);
    assert_eq!(s.snapshot(), before);
}

#[test]
fn a_dry_run_checks_everything_and_writes_nothing() {
    let s = Scratch::with_members();
    let before = s.snapshot();
    let p = write(&s, "v.csv", GOOD);
    let out = s.book("会计").import_vouchers(&p, true).unwrap();
    assert!(out.report.ok);
    assert!(out.report.imported.is_empty());
    assert_eq!((out.vouchers, out.lines, out.total.fen()), (3, 6, 133_050));
    assert_eq!(s.snapshot(), before);
}

#[test]
fn cli_refuses_a_bad_file_and_imports_a_good_one() {
    let s = Scratch::with_members();
    let bad = write(&s, "bad.csv", BAD);
    let before = s.snapshot();
    let out = s.cli("会计", &["import", "vouchers", bad.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "凭证文件有 10 行错误，未导入任何凭证 / 10 rows have errors; nothing was imported [import-invalid]"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("   12  凭证号      1"), "{}", out.stdout);
    assert_eq!(s.snapshot(), before);

    let good = write(&s, "good.csv", GOOD);
    let out = s.cli("会计", &["import", "vouchers", good.to_str().unwrap(), "--dry-run"]).ok();
    assert!(
        out.stdout.starts_with(
            "检查通过：3 张凭证、6 行分录可以导入（2025-01-10 — 2025-02-03），借贷各 1,330.50 元（试导入，未写入）"
        ),
        "{}",
        out.stdout
    );
    let out = s.cli("会计", &["--json", "import", "vouchers", good.to_str().unwrap()]).ok();
    let j = out.json();
    assert_eq!(j["vouchers"], 3);
    assert_eq!(j["lines"], 6);
    assert_eq!(j["total"], "1330.50");
    assert_eq!(j["report"]["imported"], serde_json::json!([1, 2, 3]));
    assert!(s.reader().verify().unwrap().ok);
}

#[test]
fn an_imported_voucher_changed_afterwards_is_caught_by_verify() {
    let s = Scratch::with_members();
    let p = write(&s, "v.csv", GOOD);
    s.book("会计").import_vouchers(&p, false).unwrap();
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER lines_posted_no_update;
         UPDATE voucher_lines SET debit_fen = 25000 WHERE voucher_id = 2 AND line_no = 1;
         UPDATE voucher_lines SET credit_fen = 25000 WHERE voucher_id = 2 AND line_no = 2;
         UPDATE account_totals SET debit_fen = debit_fen - 50 WHERE account_id = (SELECT id FROM accounts WHERE code \
             = '114');
         UPDATE account_totals SET credit_fen = credit_fen - 50 WHERE account_id = (SELECT id FROM accounts WHERE \
             code = '50101');
         UPDATE member_totals SET debit_fen = debit_fen - 50 WHERE account_id = (SELECT id FROM accounts WHERE code = \
             '114');",
    )
    .unwrap();
    let v = s.reader().verify().unwrap();
    let found: Vec<(&str, &str)> = v.problems.iter().map(|p| (p.code, p.zh.as_str())).collect();
    assert!(found.iter().any(|(c, zh)| *c == "voucher-tampered" && zh.contains("记-0002（id 2）")), "{found:?}");
    assert!(found.iter().all(|(c, _)| *c == "voucher-tampered" || *c == "trigger-missing"), "{found:?}");
}

#[test]
fn an_incremental_bundle_carries_the_imported_vouchers() {
    let s = Scratch::with_members();
    post(&s, "2025-01-02", "期初", &["101:500.00:", "301::500.00:2"]);
    let first = s.dir.path().join("1.coopsync");
    s.book("会计").export_bundle(&first, false).unwrap();
    let p = write(&s, "v.csv", GOOD);
    s.book("会计").import_vouchers(&p, false).unwrap();
    let second = s.dir.path().join("2.coopsync");
    let e = s.book("会计").export_bundle(&second, false).unwrap();
    let m = &e.manifest.summary;
    assert_eq!((m.vouchers, m.lines, m.debit_fen, m.credit_fen), (3, 6, 133_050, 133_050));
}
