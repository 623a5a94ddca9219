//! Users and roles: every role against every kind of operation (allowed, or refused with
//! `permission-denied` and nothing written), passwords (argon2id, lock after five wrong ones,
//! change and reset), the CLI's `COOPBOOK_PASSWORD`, and `verify` catching users edited by hand.

use crate::util::{cli_env, cli_pw, snapshot, voucher, Scratch};
use coopbook::business::trade::NewDelivery;
use coopbook::ledger::member::NewMember;
use coopbook::{Book, Mode};
use std::path::Path;

const PW: &str = "secret-123";
const ROLES: [(&str, &str); 5] =
    [("admin", "admin"), ("会计", "accountant"), ("出纳", "cashier"), ("理事长", "chairman"), ("监事", "supervisor")];

/// The distribution scenario's book (2025: surplus 8,500.01, trade by 张三 and 李四) with one user
/// per role, all with the password [`PW`].
fn claimed() -> Scratch {
    let s = crate::distribution::year();
    let mut b = s.book("会计");
    for (name, role) in ROLES {
        b.add_user(name, role, PW).unwrap();
    }
    // A second accountant, who prepares the drafts the first one may review.
    b.add_user("会计2", "accountant", PW).unwrap();
    s
}

type Step = fn(&mut Book, &Path) -> coopbook::Result<()>;

/// A draft voucher made by the second accountant.
fn draft(b: &mut Book) -> coopbook::Result<i64> {
    b.set_user("会计2")?;
    Ok(b.add_voucher(&voucher("2025-12-20", "购办公用品", &["524:10.00:0", "102:0:10.00"]))?.id)
}

fn last_voucher(b: &Book) -> i64 {
    b.conn().query_row("SELECT MAX(id) FROM vouchers", [], |r| r.get(0)).unwrap()
}

/// Each operation: the permission it needs, the roles that have it, a setup run by those who may
/// (so the operation itself can succeed), and the operation.
fn operations() -> Vec<(&'static str, &'static [&'static str], Option<Step>, Step)> {
    vec![
        ("enter: add a member", &["accountant"], None, |b, _| {
            b.add_member(&NewMember {
                name: "王五".into(),
                id_card: crate::util::ID_WANG.into(),
                kind: "farmer".into(),
                phone: None,
                joined: Some("2025-06-01".into()),
            })
            .map(drop)
        }),
        ("enter: a draft voucher", &["accountant"], None, |b, _| {
            b.add_voucher(&voucher("2025-12-20", "购办公用品", &["524:10.00:0", "102:0:10.00"])).map(drop)
        }),
        ("enter: a delivery", &["accountant"], None, |b, _| {
            b.deliver(&NewDelivery {
                member: "2".into(),
                product: "香菇".into(),
                quantity: "10".into(),
                price: "7".into(),
                date: "2025-12-01".into(),
                ..Default::default()
            })
            .map(drop)
        }),
        ("review", &["accountant", "chairman"], Some(|b, _| draft(b).map(drop)), |b, _| {
            let id = last_voucher(b);
            b.review_voucher(id).map(drop)
        }),
        (
            "post",
            &["accountant", "chairman"],
            Some(|b, _| {
                let id = draft(b)?;
                b.set_user("理事长")?;
                b.review_voucher(id).map(drop)
            }),
            |b, _| {
                let id = last_voucher(b);
                b.post_voucher(id).map(drop)
            },
        ),
        ("reverse", &["accountant"], None, |b, _| b.reverse_document("contribution", 1).map(drop)),
        ("pay a member", &["accountant", "cashier"], None, |b, _| {
            b.pay_member(&coopbook::business::payment::NewMemberPayment {
                member: "2".into(),
                amount: "100.00".into(),
                via: Some("cash".into()),
                date: "2025-12-10".into(),
                summary: None,
            })
            .map(drop)
        }),
        ("close a month", &["accountant"], None, |b, _| b.close_period("2025-01").map(drop)),
        (
            "reopen a month",
            &["chairman"],
            Some(|b, _| {
                b.set_user("会计")?;
                b.close_period("2025-01").map(drop)
            }),
            |b, _| b.reopen_period("2025-01").map(drop),
        ),
        ("draw up the distribution", &["accountant"], None, |b, _| {
            b.distribution_plan(2025, None, None, false).map(drop)
        }),
        (
            "approve the distribution",
            &["chairman"],
            Some(|b, _| {
                b.set_user("会计")?;
                b.distribution_plan(2025, None, None, false).map(drop)
            }),
            |b, _| b.approve_branch(2025, "2026-01-10", "支委会记录").map(drop),
        ),
        (
            "close the year",
            &["chairman"],
            Some(|b, _| {
                b.set_user("会计")?;
                b.distribution_plan(2025, None, None, false)?;
                b.set_user("理事长")?;
                b.approve_branch(2025, "2026-01-10", "支委会记录")?;
                b.approve_meeting(2025, "2026-01-20", "成员大会决议")?;
                b.set_user("会计")?;
                b.post_distribution(2025).map(drop)
            }),
            |b, _| b.close_year(2025, None).map(drop),
        ),
        ("import a roster", &["accountant"], None, |b, dir| {
            let f = dir.join("roster.csv");
            std::fs::write(
                &f,
                format!("姓名,身份证号,成员类型,入社日期\n王五,{},农民,2025-06-01\n", crate::util::ID_WANG),
            )
            .unwrap();
            b.import_members(&f, false).map(drop)
        }),
        ("export a bundle", &["accountant", "chairman"], None, |b, dir| {
            b.export_bundle(&dir.join("b.coopsync"), false).map(drop)
        }),
        ("change the charter", &["admin", "accountant"], None, |b, _| {
            b.set_charter(Some("0.15"), None, None).map(drop)
        }),
        ("back up", &["admin", "accountant", "chairman"], None, |b, dir| {
            b.backup(&dir.join("copy.coopbook")).map(drop)
        }),
        ("restore", &["admin"], Some(|b, dir| b.backup(&dir.join("before.coopbook")).map(drop)), |b, dir| {
            b.restore_from(&dir.join("before.coopbook")).map(drop)
        }),
        ("manage users", &["admin"], None, |b, _| b.add_user("新会计", "accountant", PW).map(drop)),
    ]
}

#[test]
fn every_role_against_every_operation() {
    let base = claimed();
    let mut table = String::new();
    for (what, allowed, setup, act) in operations() {
        for (user, role) in ROLES {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("book.coopbook");
            std::fs::copy(&base.db, &db).unwrap();
            let mut b = Book::open(&db, "admin", Mode::Write).unwrap();
            b.set_user("admin").unwrap();
            if let Some(setup) = setup {
                // The setup is done by whoever may (it switches users itself).
                setup(&mut b, dir.path()).unwrap_or_else(|e| panic!("setup of {what}: {}", e.line()));
            }
            b.set_user(user).unwrap();
            let before = snapshot(&db);
            let got = act(&mut b, dir.path());
            let may = allowed.contains(&role);
            match (&got, may) {
                (Ok(()), true) => {}
                (Err(e), false) => {
                    assert_eq!(e.code, "permission-denied", "{what} as {role}: {}", e.line());
                    assert!(e.zh.contains(&format!("用户“{user}”")) && e.zh.contains("无权"), "{}", e.zh);
                    drop(b);
                    assert_eq!(snapshot(&db), before, "{what} as {role} wrote something");
                }
                (Ok(()), false) => panic!("{what} as {role} was allowed"),
                (Err(e), true) => panic!("{what} as {role} was refused: {}", e.line()),
            }
            table += &format!("{what}|{role}|{}\n", if may { "ok" } else { "denied" });
        }
    }
    // 18 operations × 5 roles.
    assert_eq!(table.lines().count(), 90);
    assert_eq!(table.lines().filter(|l| l.ends_with("|ok")).count(), 25);
}

#[test]
fn the_permission_table_is_what_roles_get() {
    use coopbook::store::users::{allowed, permissions_of, Perm, Role};
    // Every permission has its row (one missing would be held by no role), and its code is what
    // it serialises to.
    let all = [
        Perm::Read,
        Perm::Enter,
        Perm::Review,
        Perm::Post,
        Perm::Reverse,
        Perm::Pay,
        Perm::ClosePeriod,
        Perm::ReopenPeriod,
        Perm::CloseYear,
        Perm::Distribute,
        Perm::Approve,
        Perm::Import,
        Perm::Export,
        Perm::Settings,
        Perm::Backup,
        Perm::Restore,
        Perm::Users,
    ];
    assert_eq!(coopbook::store::users::PERMISSIONS.len(), all.len());
    for p in all {
        assert!(!p.zh().is_empty() && !p.en().is_empty(), "{p:?} has no row");
        assert_eq!(serde_json::to_value(p).unwrap(), serde_json::Value::String(p.code()));
    }
    assert_eq!(permissions_of(Role::Supervisor), ["read"]);
    assert_eq!(permissions_of(Role::Cashier), ["read", "pay"]);
    assert_eq!(
        permissions_of(Role::Chairman),
        ["read", "review", "post", "reopen-period", "close-year", "approve", "export", "backup"]
    );
    assert_eq!(permissions_of(Role::Admin), ["read", "settings", "backup", "restore", "users"]);
    assert_eq!(
        permissions_of(Role::Accountant),
        [
            "read",
            "enter",
            "review",
            "post",
            "reverse",
            "pay",
            "close-period",
            "distribute",
            "import",
            "export",
            "settings",
            "backup"
        ]
    );
    // Separation of duties: whoever pays out never enters the books; the chairman approves what
    // the accountant drew up; no one but the admin manages users.
    assert!(!allowed(Role::Cashier, Perm::Enter));
    assert!(!allowed(Role::Accountant, Perm::Approve) && !allowed(Role::Accountant, Perm::CloseYear));
    assert!(coopbook::store::users::ROLES.iter().filter(|r| allowed(**r, Perm::Users)).eq([Role::Admin].iter()));
}

#[test]
fn nobody_logged_in_may_do_nothing() {
    let s = claimed();
    let mut b = Book::open(&s.db, "", Mode::Write).unwrap();
    assert!(b.claimed() && b.role().is_none());
    let before = snapshot(&s.db);
    let e = b.add_voucher(&voucher("2025-12-20", "x", &["524:1.00:0", "102:0:1.00"])).unwrap_err();
    assert_eq!(e.code, "login-required");
    assert_eq!(Book::open(&s.db, "某人", Mode::Read).err().unwrap().code, "user-unknown");
    drop(b);
    assert_eq!(snapshot(&s.db), before);
}

#[test]
fn passwords_lock_change_and_reset() {
    let s = claimed();
    let mut b = Book::open(&s.db, "", Mode::Write).unwrap();
    // argon2id with its default cost, salted: two users with one password store different hashes.
    let hashes: Vec<String> = b
        .conn()
        .prepare("SELECT password FROM users ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(hashes.iter().all(|h| h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")), "{hashes:?}");
    assert_eq!(hashes.iter().collect::<std::collections::HashSet<_>>().len(), 6);

    let me = b.login("出纳", PW).unwrap();
    assert_eq!((me.role.as_str(), me.permissions.clone()), ("cashier", vec!["read".to_string(), "pay".to_string()]));
    for n in 1..=4 {
        let e = b.login("出纳", "wrong-one").unwrap_err();
        assert_eq!(e.code, "bad-password");
        assert!(e.zh.contains(&format!("再错 {} 次", 5 - n)), "{}", e.zh);
    }
    let e = b.login("出纳", "wrong-one").unwrap_err();
    assert_eq!(e.code, "user-locked");
    assert!(e.zh.contains("连续输错密码 5 次，已锁定到"), "{}", e.zh);
    // Locked: even the right password is refused, without being tried.
    assert_eq!(b.login("出纳", PW).unwrap_err().code, "user-locked");
    let failures: i64 = b
        .conn()
        .query_row("SELECT COUNT(*) FROM change_log WHERE action = 'user.login-failed' AND user = '出纳'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(failures, 5);
    // Only the admin unlocks.
    b.login("会计", PW).unwrap();
    assert_eq!(b.unlock_user("出纳").unwrap_err().code, "permission-denied");
    b.login("admin", PW).unwrap();
    assert_eq!(b.unlock_user("出纳").unwrap().locked_until, None);
    b.login("出纳", PW).unwrap();

    // A lock runs out by itself.
    for _ in 0..5 {
        let _ = b.login("监事", "nope-nope");
    }
    assert_eq!(b.login("监事", PW).unwrap_err().code, "user-locked");
    b.conn().execute("UPDATE users SET locked_until = '2000-01-01T00:00:00Z' WHERE name = '监事'", []).unwrap();
    b.login("监事", PW).unwrap();

    // One's own password: the current one is needed; too short is refused.
    b.login("会计", PW).unwrap();
    assert_eq!(b.set_password("会计", Some("not-it-at-all"), "new-pass-456").unwrap_err().code, "bad-password");
    assert_eq!(b.set_password("会计", Some(PW), "short").unwrap_err().code, "password-too-short");
    b.set_password("会计", Some(PW), "new-pass-456").unwrap();
    assert_eq!(b.login("会计", PW).unwrap_err().code, "bad-password");
    b.login("会计", "new-pass-456").unwrap();
    // Someone else's: the admin only.
    assert_eq!(b.set_password("出纳", None, "cash-pass-789").unwrap_err().code, "permission-denied");
    b.login("admin", PW).unwrap();
    b.set_password("出纳", None, "cash-pass-789").unwrap();
    b.login("出纳", "cash-pass-789").unwrap();

    // Disabled users cannot log in; the last admin stays an admin.
    b.login("admin", PW).unwrap();
    b.set_user_active("监事", false).unwrap();
    assert_eq!(b.login("监事", PW).unwrap_err().code, "user-disabled");
    assert_eq!(b.set_user_active("admin", false).unwrap_err().code, "last-admin");
    assert_eq!(b.set_user_role("admin", "accountant").unwrap_err().code, "last-admin");
    b.set_user_role("理事长", "admin").unwrap();
    b.set_user_role("admin", "accountant").unwrap();
    assert_eq!(b.me().role, "accountant");
    assert_eq!(b.add_user("x", "auditor", PW).unwrap_err().code, "bad-role");
    // Every change of a user is in the log; the book still verifies.
    let actions: Vec<String> = b
        .conn()
        .prepare("SELECT action FROM change_log WHERE entity = 'user' AND action NOT LIKE 'user.login%' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        actions,
        [
            "user.add",
            "user.add",
            "user.add",
            "user.add",
            "user.add",
            "user.add",
            "user.unlock",
            "user.password",
            "user.reset",
            "user.disable",
            "user.role",
            "user.role"
        ]
    );
    assert!(b.verify().unwrap().ok, "{:?}", b.verify().unwrap().problems);
}

#[test]
fn the_first_user_is_an_admin() {
    let s = Scratch::with_members();
    let mut b = s.book("会计");
    assert!(!b.claimed());
    assert_eq!(b.add_user("会计", "accountant", PW).unwrap_err().code, "first-user-admin");
    assert_eq!(b.add_user("admin", "admin", "short").unwrap_err().code, "password-too-short");
    b.add_user("admin", "admin", PW).unwrap();
    assert!(b.claimed());
    assert_eq!(b.me().name, "admin");
    assert_eq!(b.add_user("admin", "accountant", PW).unwrap_err().code, "user-exists");
}

/// Edits the users table by hand and returns verify's problems.
fn tampered(sql: &str) -> Vec<(String, String)> {
    let s = claimed();
    rusqlite::Connection::open(&s.db).unwrap().execute_batch(sql).unwrap();
    let v = s.book("理事长").verify().unwrap();
    v.problems.into_iter().map(|p| (p.code.to_string(), p.zh)).collect()
}

#[test]
fn verify_catches_users_edited_by_hand() {
    assert_eq!(
        tampered("UPDATE users SET role = 'admin' WHERE name = '出纳'"),
        [("users-tampered".to_string(), "用户“出纳”角色被改成了 admin（与变更日志不符）".to_string())]
    );
    assert_eq!(
        tampered("DELETE FROM users WHERE name = '监事'"),
        [("users-tampered".to_string(), "用户“监事”被删除（与变更日志不符）".to_string())]
    );
    let other: String = coopbook::store::users::hash_password("attacker-pw").unwrap();
    assert_eq!(
        tampered(&format!("UPDATE users SET password = '{other}' WHERE name = 'admin'")),
        [("users-tampered".to_string(), "用户“admin”密码被直接改动（与变更日志不符）".to_string())]
    );
    assert_eq!(
        tampered(&format!(
            "INSERT INTO users (name, role, password, created_at) VALUES ('后门', 'admin', '{other}', '2026-01-01')"
        )),
        [("users-tampered".to_string(), "用户“后门”不是通过本软件添加的（与变更日志不符）".to_string())]
    );
}

#[test]
fn the_cli_logs_in_with_coopbook_password() {
    let s = Scratch::new();
    let db = &s.db;
    let init = [
        "init",
        "--name",
        "青山村十方田农产品专业合作社",
        "--uscc",
        crate::util::USCC,
        "--village",
        "青山村",
        "--township",
        "白云乡",
        "--county",
        "示范县",
    ];
    // init makes the admin with $COOPBOOK_PASSWORD.
    cli_pw(db, "admin", PW, &init).ok();
    let out = cli_env(
        db,
        "admin",
        &["user", "add", "会计", "--role", "会计"],
        &[("COOPBOOK_PASSWORD", PW), ("COOPBOOK_NEW_PASSWORD", "kuaiji-2026")],
    )
    .ok();
    assert!(out.stdout.contains("已添加用户 会计（会计）"), "{}", out.stdout);
    cli_env(
        db,
        "admin",
        &["user", "add", "出纳", "--role", "cashier"],
        &[("COOPBOOK_PASSWORD", PW), ("COOPBOOK_NEW_PASSWORD", "chuna-2026")],
    )
    .ok();

    // No password and no terminal: refused, nothing read.
    let out = cli_env(db, "会计", &["member", "list"], &[]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("需要密码") && out.stderr.ends_with("[password-required]\n"), "{}", out.stderr);
    // A wrong one.
    let out = cli_pw(db, "会计", "guess-guess", &["member", "list"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("[bad-password]"), "{}", out.stderr);
    // The right one.
    let no = cli_pw(
        db,
        "会计",
        "kuaiji-2026",
        &["--json", "member", "add", "--name", "张三", "--id-card", crate::util::ID_ZHANG, "--kind", "farmer"],
    )
    .ok()
    .json()["no"]
        .clone();
    assert_eq!(no, 1);
    // The cashier may not enter a voucher: exit 1, Chinese first, the code last; nothing written.
    let before = snapshot(db);
    let out = cli_pw(
        db,
        "出纳",
        "chuna-2026",
        &["voucher", "add", "--date", "2025-03-01", "--summary", "x", "--line", "524:1.00:0", "--line", "102:0:1.00"],
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr, "用户“出纳”（出纳）无权录入成员、出资、交售、销售、资产、业务和凭证草稿 / user \"出纳\" (cashier) may not enter members, \
        contributions, deliveries, sales, assets, operations, draft vouchers [permission-denied]\n");
    assert_eq!(snapshot(db), before);
    let me = cli_pw(db, "出纳", "chuna-2026", &["--json", "whoami"]).ok().json();
    assert_eq!(me["role"], "cashier");
    assert_eq!(me["permissions"], serde_json::json!(["read", "pay"]));
    // The admin lists users; the accountant may not add one.
    let users = cli_pw(db, "admin", PW, &["--json", "user", "list"]).ok().json();
    let names: Vec<&str> = users["users"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["admin", "会计", "出纳"]);
    let out = cli_env(
        db,
        "会计",
        &["user", "add", "监事", "--role", "supervisor"],
        &[("COOPBOOK_PASSWORD", "kuaiji-2026"), ("COOPBOOK_NEW_PASSWORD", "jianshi-2026")],
    );
    assert!(out.stderr.ends_with("[permission-denied]\n"), "{}", out.stderr);
    // Own password change through the CLI.
    cli_env(
        db,
        "会计",
        &["user", "password"],
        &[("COOPBOOK_PASSWORD", "kuaiji-2026"), ("COOPBOOK_NEW_PASSWORD", "kuaiji-2027")],
    )
    .ok();
    cli_pw(db, "会计", "kuaiji-2027", &["member", "list"]).ok();
    // The audit log, filtered.
    let log = cli_pw(db, "监事", "x", &["--json", "log"]);
    assert!(log.stderr.contains("[user-unknown]"), "{}", log.stderr);
    let log = cli_pw(db, "admin", PW, &["--json", "log", "--by", "会计", "--entity", "member"]).ok().json();
    assert_eq!(log["total"], 1);
    assert_eq!(log["log"][0]["action"], "member.add");
    let log = cli_pw(db, "admin", PW, &["--json", "log", "--action", "user."]).ok().json();
    let actions: Vec<&str> = log["log"].as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["user.password", "user.login-failed", "user.add", "user.add", "user.add"]);
}
