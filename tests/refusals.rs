//! Every bad input of the core ledger is refused with its own code, a Chinese message first, exit
//! code 1, and leaves the book exactly as it was (every table compared before and after).

use crate::util::{post, Scratch, ID_LI, ID_WANG};

/// Runs the CLI as `user`, expects refusal `code` and an unchanged book; returns stderr.
fn refused(s: &Scratch, user: &str, code: &str, args: &[&str]) -> String {
    let before = s.snapshot();
    let out = s.cli(user, args);
    assert_eq!(out.code, 1, "{args:?} should be refused with exit 1: {}{}", out.stdout, out.stderr);
    assert!(out.stderr.trim_end().ends_with(&format!("[{code}]")), "{args:?}: expected [{code}], got: {}", out.stderr);
    // Chinese first, then English after the slash.
    let first = out.stderr.chars().next().unwrap();
    assert!((first as u32) > 0x2E80 || first.is_ascii_digit(), "message should start in Chinese: {}", out.stderr);
    assert!(out.stderr.contains(" / "), "{}", out.stderr);
    assert_eq!(before, s.snapshot(), "{args:?} changed the book");
    out.stderr
}

fn add(lines: &[&str]) -> Vec<String> {
    let mut v = vec![
        "voucher".to_string(),
        "add".into(),
        "--date".into(),
        "2025-03-01".into(),
        "--summary".into(),
        "测试".into(),
    ];
    for l in lines {
        v.push("--line".into());
        v.push(l.to_string());
    }
    v
}

fn refused_voucher(s: &Scratch, code: &str, lines: &[&str]) -> String {
    let args = add(lines);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(s, "会计", code, &args)
}

#[test]
fn unbalanced() {
    let s = Scratch::with_members();
    let e = refused_voucher(&s, "unbalanced", &["102:100.00:", "301::90.00:2"]);
    assert!(e.starts_with("凭证借贷不平衡：借方 100.00，贷方 90.00，相差 10.00 / voucher does not balance"), "{e}");
}

#[test]
fn one_line() {
    let s = Scratch::with_members();
    let e = refused_voucher(&s, "too-few-lines", &["102:100.00:"]);
    assert!(e.contains("至少要有两行分录"), "{e}");
}

#[test]
fn three_decimals() {
    let s = Scratch::with_members();
    let e = refused_voucher(&s, "amount-precision", &["102:100.005:", "301::100.005:2"]);
    assert!(e.contains("超过两位小数"), "{e}");
}

#[test]
fn negative_amount() {
    let s = Scratch::with_members();
    refused_voucher(&s, "amount-negative", &["102:-100:", "301::-100:2"]);
}

#[test]
fn zero_amount() {
    let s = Scratch::with_members();
    refused_voucher(&s, "amount-zero", &["102:0:0", "301:0:0:2"]);
    refused_voucher(&s, "amount-zero", &["102::", "301:0.00::2"]);
}

#[test]
fn not_a_number() {
    let s = Scratch::with_members();
    let e = refused_voucher(&s, "amount-invalid", &["102:一百:", "301::100:2"]);
    assert!(e.contains("金额“一百”不是有效数字"), "{e}");
    refused_voucher(&s, "amount-invalid", &["102:1e3:", "301::1000:2"]);
}

#[test]
fn both_sides() {
    let s = Scratch::with_members();
    refused_voucher(&s, "line-both-sides", &["102:100:100", "301::0:2"]);
}

#[test]
fn unknown_account() {
    let s = Scratch::with_members();
    let e = refused_voucher(&s, "unknown-account", &["999:100:", "301::100:2"]);
    assert!(e.contains("科目“999”不存在"), "{e}");
}

#[test]
fn member_line_without_member() {
    let s = Scratch::with_members();
    let e = refused_voucher(&s, "member-required", &["102:100:", "301::100"]);
    assert!(e.contains("301 股金 按成员明细核算"), "{e}");
    refused_voucher(&s, "member-not-allowed", &["102:100::2", "301::100:2"]);
}

#[test]
fn unknown_member() {
    let s = Scratch::with_members();
    let e = refused_voucher(&s, "unknown-member", &["102:100:", "301::100:99"]);
    assert!(e.contains("成员编号“99”不存在"), "{e}");
}

#[test]
fn exited_member() {
    let s = Scratch::with_members();
    s.cli("会计", &["member", "exit", "3", "--date", "2025-02-28"]).ok();
    let e = refused_voucher(&s, "member-exited", &["102:100:", "301::100:3"]);
    assert!(e.contains("3 号成员 李四 已于 2025-02-28 退社"), "{e}");
    refused(&s, "会计", "member-exited", &["member", "exit", "3", "--date", "2025-03-31"]);
}

#[test]
fn wrong_id_check_digit() {
    let s = Scratch::with_members();
    let e = refused(
        &s,
        "会计",
        "invalid-id-card",
        &["member", "add", "--name", "王五", "--id-card", "350125199001010011", "--kind", "farmer"],
    );
    assert!(e.contains("第 18 位校验码错误：应为 0，输入的是 1"), "{e}");
    let e = refused(
        &s,
        "会计",
        "invalid-uscc",
        &["member", "add", "--name", "某公司", "--id-card", "91350100M000100Y44", "--kind", "entity"],
    );
    assert!(e.contains("应为 3"), "{e}");
}

#[test]
fn duplicate_id() {
    let s = Scratch::with_members();
    let e = refused(
        &s,
        "会计",
        "duplicate-id-card",
        &["member", "add", "--name", "李四二", "--id-card", ID_LI, "--kind", "farmer"],
    );
    assert!(e.contains("已登记为 3 号成员"), "{e}");
}

#[test]
fn bad_member_kind_and_several_problems_at_once() {
    let s = Scratch::with_members();
    // Every problem is named; the code is the first one's.
    let e = refused(
        &s,
        "会计",
        "field-required",
        &["member", "add", "--name", " ", "--id-card", ID_WANG, "--kind", "村民代表", "--joined", "2025-13-01"],
    );
    assert!(
        e.contains("请填写姓名") && e.contains("成员类型“村民代表”无效") && e.contains("日期“2025-13-01”无效"),
        "{e}"
    );
}

#[test]
fn date_in_closed_month() {
    let s = Scratch::with_members();
    post(&s, "2025-01-05", "收到股金", &["102:1000:", "301::1000:2"]);
    s.cli("会计", &["period", "close", "2025-01"]).ok();
    let e = refused(
        &s,
        "会计",
        "period-closed",
        &["voucher", "add", "--date", "2025-01-31", "--summary", "补记", "--line", "101:1:", "--line", "102::1"],
    );
    assert!(e.starts_with("2025-01 已结账"), "{e}");
    // Reversing into the closed month is refused too; into an open month it is fine.
    refused(&s, "会计", "period-closed", &["voucher", "reverse", "1"]);
    refused(&s, "会计", "period-already-closed", &["period", "close", "2025-01"]);
}

#[test]
fn review_by_the_preparer() {
    let s = Scratch::with_members();
    let id = s
        .book("会计")
        .add_voucher(&crate::util::voucher("2025-03-01", "收到股金", &["102:1000:", "301::1000:2"]))
        .unwrap()
        .id;
    let e = refused(&s, "会计", "self-review", &["voucher", "review", &id.to_string()]);
    assert!(e.contains("制单人 会计 不能审核自己填制的凭证"), "{e}");
    refused(&s, "会计", "not-reviewed", &["voucher", "post", &id.to_string()]);
}

#[test]
fn changing_or_deleting_a_posted_voucher() {
    let s = Scratch::with_members();
    let id = post(&s, "2025-03-01", "收到股金", &["102:1000:", "301::1000:2"]);
    refused(&s, "会计", "posted-immutable", &["voucher", "delete", &id.to_string()]);
    refused(&s, "理事长", "posted-immutable", &["voucher", "review", &id.to_string()]);
    refused(&s, "理事长", "posted-immutable", &["voucher", "unreview", &id.to_string()]);
    refused(&s, "理事长", "already-posted", &["voucher", "post", &id.to_string()]);
}

#[test]
fn malformed_date() {
    let s = Scratch::with_members();
    let e = refused(
        &s,
        "会计",
        "date-invalid",
        &["voucher", "add", "--date", "2025-02-30", "--summary", "x", "--line", "101:1:", "--line", "102::1"],
    );
    assert!(e.contains("日期“2025-02-30”无效"), "{e}");
    refused(
        &s,
        "会计",
        "date-invalid",
        &["voucher", "add", "--date", "三月一日", "--summary", "x", "--line", "101:1:", "--line", "102::1"],
    );
    refused(&s, "会计", "date-invalid", &["member", "exit", "2", "--date", "yesterday"]);
    refused(&s, "会计", "month-invalid", &["period", "close", "2025-13"]);
}

#[test]
fn malformed_line_spec() {
    let s = Scratch::with_members();
    refused(
        &s,
        "会计",
        "line-invalid",
        &["voucher", "add", "--date", "2025-03-01", "--summary", "x", "--line", "101-1", "--line", "102::1"],
    );
}

#[test]
fn init_refuses_bad_profile_and_low_patronage() {
    let s = Scratch::new();
    let args = |uscc: &'static str, rate: &'static str| -> Vec<&'static str> {
        vec![
            "init",
            "--name",
            "某合作社",
            "--uscc",
            uscc,
            "--village",
            "青山村",
            "--township",
            "白云乡",
            "--county",
            "示范县",
            "--patronage-rate",
            rate,
        ]
    };
    let out = s.cli("admin", &args("91350100M000100Y44", "0.6"));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("[invalid-uscc]"), "{}", out.stderr);
    let out = s.cli("admin", &args("91350100M000100Y43", "55%"));
    assert!(
        out.stderr.contains("55% 低于法定的 60%（《农民专业合作社法》第四十四条）")
            && out.stderr.contains("[patronage-rate-too-low]"),
        "{}",
        out.stderr
    );
    assert!(!s.db.exists(), "a refused init leaves no file");
    s.cli("admin", &args("91350100M000100Y43", "0.6")).ok();
    let out = s.cli("admin", &args("91350100M000100Y43", "0.6"));
    assert!(out.stderr.contains("[book-exists]"), "{}", out.stderr);
    refused(&s, "admin", "patronage-rate-too-low", &["coop", "charter", "--patronage-rate", "0.5"]);
}

#[test]
fn correcting_a_member() {
    let s = Scratch::with_members();
    let mut b = s.book("会计");
    let fix = |name: &str, kind: &str, phone: Option<&str>| coopbook::ledger::member::NewMember {
        name: name.into(),
        id_card: String::new(),
        kind: kind.into(),
        phone: phone.map(str::to_string),
        joined: None,
    };
    let before = s.snapshot();
    // A person cannot become the collective: the registered citizen ID does not fit.
    let e = b.update_member(2, &fix("张三", "collective", None)).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), ("kind-mismatch", Some("kind")));
    let e = b.update_member(2, &fix("张三", "farmer", Some("电话"))).unwrap_err();
    assert_eq!(e.code, "invalid-phone");
    assert_eq!(before, s.snapshot());
    let m = b.update_member(2, &fix("张叁", "cadre", Some("13900000000"))).unwrap();
    assert_eq!(
        (m.name.as_str(), m.kind.as_str(), m.joined.as_str(), m.id_card.as_str()),
        ("张叁", "cadre", "2025-01-01", "1101**********002X")
    );
}

#[test]
fn every_bad_field_is_named() {
    let s = Scratch::with_members();
    let e = s
        .book("会计")
        .add_voucher(&coopbook::ledger::voucher::NewVoucher {
            date: "2025-13-01".into(),
            summary: String::new(),
            attachments: 0,
            lines: vec![
                coopbook::ledger::voucher::NewLine { account: "999".into(), debit: "1".into(), ..Default::default() },
                coopbook::ledger::voucher::NewLine {
                    account: "301".into(),
                    credit: "1.001".into(),
                    ..Default::default()
                },
            ],
        })
        .unwrap_err();
    assert_eq!(e.code, "date-invalid");
    assert_eq!(e.fields, ["date", "summary", "lines[0].account", "lines[1].credit", "lines[1].member"]);
    let body = coopbook::ErrorBody::from(e);
    assert_eq!(body.field.as_deref(), Some("date"));
    assert_eq!(body.fields.len(), 5);
}
