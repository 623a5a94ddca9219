//! A small co-op's first two months, entered and posted, with every figure checked to the 分.

use crate::util::{post, Scratch};
use serde_json::{json, Value};

/// Capital, a member's delivery, a sale, the cost transfer, paying the member, collecting the
/// receivable: the six vouchers of a co-op's first weeks.
fn six_vouchers(s: &Scratch) -> Vec<i64> {
    vec![
        post(
            s,
            "2025-01-05",
            "收到成员股金",
            &["102:150000.00:0", "301::100000.00:1", "301::30000.00:2", "301::20000:3"],
        ),
        post(s, "2025-01-20", "收购张三香菇 1234.5 斤，单价 7.00", &["12801:8640.50:", "114::8640.50:2"]),
        post(s, "2025-01-28", "销售香菇给永辉超市", &["113:11232.65:0", "50101:0:11232.65"]),
        post(s, "2025-01-28", "结转已售香菇成本", &["52101:8640.50:0", "12801:0:8640.50"]),
        post(s, "2025-02-03", "支付张三货款", &["114:8640.50:0:2", "102:0:8640.50"]),
        post(s, "2025-02-10", "收到永辉超市货款", &["102:11232.65:0", "113:0:11232.65"]),
    ]
}

/// The rows of a trial balance JSON as `code opening debit credit closing`.
fn rows(tb: &Value) -> Vec<String> {
    tb["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            format!(
                "{} {} {} {} {}",
                a["code"].as_str().unwrap(),
                a["opening"].as_str().unwrap(),
                a["debit"].as_str().unwrap(),
                a["credit"].as_str().unwrap(),
                a["closing"].as_str().unwrap()
            )
        })
        .collect()
}

fn tb(s: &Scratch, from: &str, to: &str) -> Value {
    s.cli("监事", &["--json", "report", "trial-balance", "--from", from, "--to", to]).ok().json()
}

#[test]
fn january_trial_balance() {
    let s = Scratch::with_members();
    six_vouchers(&s);
    let t = tb(&s, "2025-01-01", "2025-01-31");
    assert_eq!(
        rows(&t),
        [
            "102 0.00 150000.00 0.00 150000.00",
            "113 0.00 11232.65 0.00 11232.65",
            "114 0.00 0.00 8640.50 -8640.50",
            "128 0.00 8640.50 8640.50 0.00",
            "12801 0.00 8640.50 8640.50 0.00",
            "301 0.00 0.00 150000.00 150000.00",
            "501 0.00 0.00 11232.65 11232.65",
            "50101 0.00 0.00 11232.65 11232.65",
            "521 0.00 8640.50 0.00 8640.50",
            "52101 0.00 8640.50 0.00 8640.50",
        ]
    );
    assert_eq!(
        t["totals"],
        json!({"opening_debit": "0.00", "opening_credit": "0.00", "debit": "178513.65", "credit": "178513.65",
               "closing_debit": "169873.15", "closing_credit": "169873.15", "balanced": true})
    );
    assert_eq!(t["accounts"][0]["name"], "银行存款");
    assert_eq!(t["accounts"][2]["direction"], "debit");
    assert_eq!(t["accounts"][5]["direction"], "credit");
}

#[test]
fn february_opens_with_january_and_a_partial_range_straddles_months() {
    let s = Scratch::with_members();
    six_vouchers(&s);
    let t = tb(&s, "2025-02-01", "2025-02-28");
    assert_eq!(
        rows(&t),
        [
            "102 150000.00 11232.65 8640.50 152592.15",
            "113 11232.65 0.00 11232.65 0.00",
            "114 -8640.50 8640.50 0.00 0.00",
            "301 150000.00 0.00 0.00 150000.00",
            "501 11232.65 0.00 0.00 11232.65",
            "50101 11232.65 0.00 0.00 11232.65",
            "521 8640.50 0.00 0.00 8640.50",
            "52101 8640.50 0.00 0.00 8640.50",
        ]
    );
    assert_eq!(t["totals"]["opening_debit"], "169873.15");
    assert_eq!(t["totals"]["debit"], "19873.15");
    assert_eq!(t["totals"]["closing_debit"], "161232.65");
    assert_eq!(t["totals"]["closing_credit"], "161232.65");

    let t = tb(&s, "2025-01-25", "2025-02-05");
    assert_eq!(
        rows(&t),
        [
            "102 150000.00 0.00 8640.50 141359.50",
            "113 0.00 11232.65 0.00 11232.65",
            "114 -8640.50 8640.50 0.00 0.00",
            "128 8640.50 0.00 8640.50 0.00",
            "12801 8640.50 0.00 8640.50 0.00",
            "301 150000.00 0.00 0.00 150000.00",
            "501 0.00 0.00 11232.65 11232.65",
            "50101 0.00 0.00 11232.65 11232.65",
            "521 0.00 8640.50 0.00 8640.50",
            "52101 0.00 8640.50 0.00 8640.50",
        ]
    );
}

#[test]
fn numbering_ledgers_and_member_sub_ledger() {
    let s = Scratch::with_members();
    let ids = six_vouchers(&s);
    let b = s.book("监事");
    let nos: Vec<String> = ids.iter().map(|id| b.voucher(*id).unwrap().no).collect();
    assert_eq!(nos, ["记-0001", "记-0002", "记-0003", "记-0004", "记-0001", "记-0002"]);

    let l = b.ledger("102", "2025-01-01", "2025-02-28", None).unwrap();
    let lines: Vec<String> =
        l.rows.iter().map(|r| format!("{} {} {} {} {}", r.date, r.voucher_no, r.debit, r.credit, r.balance)).collect();
    assert_eq!(
        lines,
        [
            "2025-01-05 记-0001 150000.00 0.00 150000.00",
            "2025-02-03 记-0001 0.00 8640.50 141359.50",
            "2025-02-10 记-0002 11232.65 0.00 152592.15",
        ]
    );
    assert_eq!((l.opening.to_string(), l.closing.to_string()), ("0.00".into(), "152592.15".into()));

    // A parent's ledger gathers its sub-accounts' lines.
    let l = b.ledger("128", "2025-01-01", "2025-01-31", None).unwrap();
    assert_eq!(
        l.rows.iter().map(|r| (r.account.as_str(), r.balance.to_string())).collect::<Vec<_>>(),
        [("12801", "8640.50".to_string()), ("12801", "0.00".to_string())]
    );

    let out = s
        .cli(
            "监事",
            &["--json", "report", "member-ledger", "--member", "2", "--from", "2025-01-01", "--to", "2025-12-31"],
        )
        .ok()
        .json();
    assert_eq!(out["name"], "张三");
    let accts: Vec<(String, Vec<String>, String)> = out["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["code"].as_str().unwrap().to_string(),
                a["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {} {} {}",
                            r["date"].as_str().unwrap(),
                            r["debit"].as_str().unwrap(),
                            r["credit"].as_str().unwrap(),
                            r["balance"].as_str().unwrap()
                        )
                    })
                    .collect(),
                a["closing"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        accts,
        [
            (
                "114".to_string(),
                vec!["2025-01-20 0.00 8640.50 -8640.50".to_string(), "2025-02-03 8640.50 0.00 0.00".to_string()],
                "0.00".to_string()
            ),
            ("301".to_string(), vec!["2025-01-05 0.00 30000.00 30000.00".to_string()], "30000.00".to_string()),
        ]
    );

    // The member sub-ledgers of 301 add up to the control account.
    let per_member: i64 =
        (1..=3).map(|no| b.ledger("301", "2025-01-01", "2025-12-31", Some(no)).unwrap().closing.fen()).sum();
    assert_eq!(per_member, 15_000_000);
}

#[test]
fn red_ink_reversal_undoes_a_posted_voucher() {
    let s = Scratch::with_members();
    let ids = six_vouchers(&s);
    let out = s.cli("会计", &["--json", "voucher", "reverse", &ids[3].to_string(), "--date", "2025-02-15"]).ok().json();
    let rid = out["id"].as_i64().unwrap();
    assert_eq!(out["no"], "记-0003");
    let v = s.book("会计").voucher(rid).unwrap();
    assert_eq!(v.summary, "冲销01月记-0004号凭证：结转已售香菇成本");
    assert_eq!(v.status, "draft");
    assert_eq!(v.reverses, Some(ids[3]));
    assert_eq!(
        v.lines.iter().map(|l| (l.account.as_str(), l.debit.to_string(), l.credit.to_string())).collect::<Vec<_>>(),
        [("52101", "-8640.50".to_string(), "0.00".to_string()), ("12801", "0.00".to_string(), "-8640.50".to_string()),]
    );
    s.cli("理事长", &["voucher", "review", &rid.to_string()]).ok();
    s.cli("理事长", &["voucher", "post", &rid.to_string()]).ok();
    let t = tb(&s, "2025-02-01", "2025-02-28");
    assert!(rows(&t).contains(&"521 8640.50 -8640.50 0.00 0.00".to_string()), "{:?}", rows(&t));
    assert!(rows(&t).contains(&"12801 0.00 0.00 -8640.50 8640.50".to_string()), "{:?}", rows(&t));
    assert_eq!(t["totals"]["debit"], "11232.65");
    assert_eq!(t["totals"]["balanced"], true);
    assert_eq!(s.book("会计").voucher(ids[3]).unwrap().reversed_by, Some(rid));
    // A voucher is reversed once, and a reversal is not reversed.
    let e = s.cli("会计", &["voucher", "reverse", &ids[3].to_string()]);
    assert!(e.stderr.contains("[already-reversed]"), "{}", e.stderr);
    let e = s.cli("会计", &["voucher", "reverse", &rid.to_string()]);
    assert!(e.stderr.contains("[is-reversal]"), "{}", e.stderr);
}

#[test]
fn month_close_and_reopen() {
    let s = Scratch::with_members();
    six_vouchers(&s);
    let e = s.cli("会计", &["period", "close", "2025-02", "--json"]);
    assert_eq!(e.code, 1);
    assert!(e.stderr.contains("请先结账 2025-01") && e.stderr.contains("[period-order]"), "{}", e.stderr);
    let p = s.cli("会计", &["--json", "period", "close", "2025-01"]).ok().json();
    assert_eq!(
        (p["month"].as_str(), p["closed"].as_bool(), p["vouchers"].as_i64()),
        (Some("2025-01"), Some(true), Some(4))
    );
    let e = s.cli("会计", &["period", "reopen", "2025-02"]);
    assert!(e.stderr.contains("[period-not-closed]"), "{}", e.stderr);
    s.cli("会计", &["period", "close", "2025-02"]).ok();
    let e = s.cli("会计", &["period", "reopen", "2025-01"]);
    assert!(e.stderr.contains("请先反结账 2025-02") && e.stderr.contains("[period-order]"), "{}", e.stderr);
    s.cli("会计", &["period", "reopen", "2025-02"]).ok();
    s.cli("会计", &["period", "reopen", "2025-01"]).ok();
    // Open again, January takes vouchers.
    s.cli(
        "会计",
        &[
            "voucher",
            "add",
            "--date",
            "2025-01-31",
            "--summary",
            "提取备用金",
            "--line",
            "101:500:",
            "--line",
            "102::500",
        ],
    )
    .ok();
    // A month with an unposted voucher cannot close.
    let e = s.cli("会计", &["period", "close", "2025-01"]);
    assert!(e.stderr.contains("还有 1 张凭证未记账") && e.stderr.contains("[period-has-unposted]"), "{}", e.stderr);
}

/// The close check names every blocker at once: vouchers not posted (by number), a hole in the
/// numbering, an earlier month still open; a clean month says it can close.
#[test]
fn month_close_check_lists_every_blocker() {
    let s = Scratch::with_members();
    six_vouchers(&s);
    let add = |summary: &str| -> i64 {
        s.cli(
            "会计",
            &[
                "--json",
                "voucher",
                "add",
                "--date",
                "2025-02-20",
                "--summary",
                summary,
                "--line",
                "101:10:",
                "--line",
                "102::10",
            ],
        )
        .ok()
        .json()["id"]
            .as_i64()
            .unwrap()
    };
    let (a, b, c) = (add("甲"), add("乙"), add("丙"));
    // Post the last one, then delete the middle draft: its number leaves a hole.
    s.cli("理事长", &["voucher", "review", &c.to_string()]).ok();
    s.cli("理事长", &["voucher", "post", &c.to_string()]).ok();
    let no = |id: i64| s.reader().voucher(id).unwrap().no;
    let missing = no(b);
    s.cli("会计", &["voucher", "delete", &b.to_string()]).ok();
    let check = s.cli("会计", &["--json", "period", "check", "2025-02"]).ok().json();
    assert_eq!(check["ok"], false);
    let got: Vec<String> = check["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| format!("{} {}", b["code"].as_str().unwrap(), b["zh"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            format!("period-has-unposted 2025-02 还有 1 张凭证未记账（{}），不能结账", no(a)),
            format!("voucher-number-gap 2025-02 凭证号不连续，缺少 {missing}（已删除的草稿留下的空号；该月下一张录入的凭证将补用空号）"),
            "period-order 请先结账 2025-01，再结账 2025-02".to_string(),
        ]
    );
    // Closing refuses with all of them, and changes nothing.
    let before = s.snapshot();
    let e = s.cli("会计", &["period", "close", "2025-02"]);
    assert_eq!(e.code, 1);
    assert!(
        e.stderr.contains("未记账") && e.stderr.contains("凭证号不连续") && e.stderr.contains("请先结账 2025-01"),
        "{}",
        e.stderr
    );
    assert_eq!(before, s.snapshot());
    // January has none of these.
    assert_eq!(s.cli("会计", &["period", "check", "2025-01"]).ok().stdout, "2025-01 可以结账\n");
    // The remedy: the month's next voucher takes the free number, and the gap is gone.
    let d = add("丁");
    assert_eq!(no(d), missing);
    let check = s.cli("会计", &["--json", "period", "check", "2025-02"]).ok().json();
    let codes: Vec<&str> = check["blockers"].as_array().unwrap().iter().map(|b| b["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["period-has-unposted", "period-order"]);
}

#[test]
fn sub_accounts_and_leaf_posting() {
    let s = Scratch::with_members();
    let out = s.cli("会计", &["--json", "account", "add", "50102", "芙蓉李", "--parent", "501"]).ok().json();
    assert_eq!(out["full_name"], "501 经营收入:50102 芙蓉李");
    assert_eq!(out["direction"], -1);
    assert_eq!(out["class"], "pnl");
    // Member sub-ledger is inherited: a sub-account of 114 still needs a member.
    s.cli("会计", &["account", "add", "11401", "交售货款", "--parent", "114"]).ok();
    let e = s.cli(
        "会计",
        &["voucher", "add", "--date", "2025-03-01", "--summary", "x", "--line", "12801:10:", "--line", "11401::10"],
    );
    assert!(e.stderr.contains("[member-required]"), "{}", e.stderr);
    let e = s.cli("会计", &["account", "add", "5010", "x", "--parent", "501"]);
    assert!(e.stderr.contains("[account-code-invalid]"), "{}", e.stderr);
    let e = s.cli("会计", &["account", "add", "50101", "x", "--parent", "501"]);
    assert!(e.stderr.contains("[account-exists]"), "{}", e.stderr);
    let e = s.cli(
        "会计",
        &["voucher", "add", "--date", "2025-03-01", "--summary", "x", "--line", "101:10:", "--line", "501::10"],
    );
    assert!(e.stderr.contains("设有明细科目") && e.stderr.contains("[account-not-leaf]"), "{}", e.stderr);
    post(&s, "2025-03-01", "现金销售", &["101:10:", "50102::10"]);
    // An account with entries takes no sub-accounts.
    let e = s.cli("会计", &["account", "add", "10101", "x", "--parent", "101"]);
    assert!(e.stderr.contains("[account-has-entries]"), "{}", e.stderr);
    let list = s.cli("会计", &["--json", "account", "list"]).ok().json();
    // The statutory chart: 50 accounts and 332's two sub-accounts 各项分配 and 未分配盈余, and the five added here.
    assert_eq!(list["accounts"].as_array().unwrap().len(), 50 + 2 + 5);
}

#[test]
fn members_are_listed_masked_and_exit() {
    let s = Scratch::with_members();
    let list = s.cli("会计", &["--json", "member", "list"]).ok().json();
    let got: Vec<(i64, &str, &str, &str)> = list["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["no"].as_i64().unwrap(),
                m["name"].as_str().unwrap(),
                m["id_card"].as_str().unwrap(),
                m["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, "青山村股份经济合作社", "N235**********123N", "collective"),
            (2, "张三", "1101**********002X", "farmer"),
            (3, "李四", "3501**********0035", "party")
        ]
    );
    // The full number never shows in the text listing or in the change log either.
    let text = s.cli("会计", &["member", "list"]).ok().stdout;
    assert!(!text.contains(crate::util::ID_ZHANG) && text.contains("1101**********002X"), "{text}");
    let log = s.cli("会计", &["--json", "log", "--limit", "100"]).ok().stdout;
    assert!(!log.contains(crate::util::ID_ZHANG));
    let m = s
        .cli(
            "会计",
            &[
                "--json",
                "member",
                "add",
                "--name",
                "王五",
                "--id-card",
                crate::util::ID_WANG,
                "--kind",
                "村两委干部",
                "--phone",
                "13800000000",
                "--joined",
                "2025-01-01",
            ],
        )
        .ok()
        .json();
    assert_eq!((m["no"].as_i64(), m["kind"].as_str()), (Some(4), Some("cadre")));
    let m = s.cli("会计", &["--json", "member", "exit", "4", "--date", "2025-06-30"]).ok().json();
    assert_eq!(m["exited"], "2025-06-30");
    // Lines up to the exit date are still fine (the settlement), later ones are refused.
    post(&s, "2025-06-30", "退还王五股金", &["301:0.01::4", "102::0.01"]);
}

#[test]
fn verify_passes_on_a_clean_book() {
    let s = Scratch::with_members();
    six_vouchers(&s);
    let v = s.cli("监事", &["--json", "verify"]).ok().json();
    assert_eq!(v["ok"], true);
    assert_eq!(v["posted_vouchers"], 6);
    // init, chart, the signing key, 3 sub-accounts, 3 members, 6 × (add, review, post).
    assert_eq!(v["log_rows"], 1 + 1 + 1 + 3 + 3 + 18);
}

/// The trial balance exported to Excel reads back (calamine) with every code, name and amount of
/// the report: amounts as numbers equal to the report's, the totals row, the header frozen.
#[test]
fn trial_balance_to_excel() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let s = Scratch::with_members();
    six_vouchers(&s);
    let out = s.dir.path().join("科目余额表.xlsx");
    let tb = s
        .cli(
            "会计",
            &[
                "--json",
                "report",
                "trial-balance",
                "--from",
                "2025-01-01",
                "--to",
                "2025-01-31",
                "--xlsx",
                out.to_str().unwrap(),
            ],
        )
        .ok()
        .json();
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(wb.sheet_names(), ["科目余额表"]);
    let range = wb.worksheet_range("科目余额表").unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    // 分 from a cell: the number Excel holds, to the 分 (exact for two-decimal amounts).
    let fen = |d: Data| match d {
        Data::Float(f) => format!("{f:.2}"),
        other => panic!("not a number: {other:?}"),
    };
    assert_eq!(cell(0, 0), Data::String("科目余额表".into()));
    assert_eq!(
        cell(1, 0),
        Data::String("编制单位：青山村十方田农产品专业合作社    期间：2025-01-01 至 2025-01-31    单位：元".into())
    );
    assert_eq!(
        (3..4).map(|r| (0..7).map(|c| cell(r, c).to_string()).collect::<Vec<_>>()).next().unwrap(),
        ["科目编码", "科目名称", "方向", "期初余额", "本期借方", "本期贷方", "期末余额"]
    );
    let accounts = tb["accounts"].as_array().unwrap();
    for (i, a) in accounts.iter().enumerate() {
        let r = 4 + i as u32;
        assert_eq!(cell(r, 0).to_string(), a["code"].as_str().unwrap());
        assert_eq!(cell(r, 1).to_string().trim_start(), a["name"].as_str().unwrap());
        for (c, k) in [(3, "opening"), (4, "debit"), (5, "credit"), (6, "closing")] {
            assert_eq!(fen(cell(r, c)), a[k].as_str().unwrap(), "{} {k}", a["code"]);
        }
    }
    let total = 4 + accounts.len() as u32;
    assert_eq!(
        (cell(total, 0).to_string(), fen(cell(total, 4)), fen(cell(total, 5))),
        ("合计".to_string(), "178513.65".to_string(), "178513.65".to_string())
    );
    // The number format shows thousands and two decimals; the header row stays on screen.
    assert!(zip_entry(&out, "xl/styles.xml").contains("#,##0.00"));
    assert!(zip_entry(&out, "xl/worksheets/sheet1.xml").contains(r#"<pane ySplit="4" topLeftCell="A5""#));
}

/// One entry of an .xlsx (a zip archive) as text, read with `unzip` (the test script installs it).
fn zip_entry(path: &std::path::Path, name: &str) -> String {
    let out = std::process::Command::new("unzip")
        .args(["-p", path.to_str().unwrap(), name])
        .output()
        .expect("unzip (apt-get install unzip)");
    assert!(out.status.success(), "unzip {name}");
    String::from_utf8(out.stdout).unwrap()
}
