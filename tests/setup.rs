//! The first-run setup: the co-op, its charter, the village collective as member no. 1, the admin
//! and the backup folder made in one transaction; a refused setup reports every problem at once
//! and leaves no file and no folder; the backup folder chosen, away, and back to the default.

use crate::util::{cli_env, new_coop as coop, snapshot, COLLECTIVE_USCC, USCC};
use coopbook::equity::coop::{setup, NewCoop, Setup};
use coopbook::ledger::member::NewMember;
use coopbook::{Book, Mode};
use std::path::Path;

const PW: &str = "管理员的密码123";

fn collective() -> NewMember {
    NewMember {
        name: "青山村股份经济合作社".into(),
        id_card: COLLECTIVE_USCC.into(),
        kind: String::new(),
        phone: None,
        joined: Some("2025-01-01".into()),
    }
}

/// The actions of the change log, oldest first.
fn actions(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c.prepare("SELECT action FROM change_log ORDER BY seq").unwrap();
    st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn a_setup_makes_the_coop_the_collective_the_admin_and_the_backup_folder_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("账本").join("合作社.coopbook");
    let backups = dir.path().join("U盘").join("账本备份");
    let input = Setup {
        coop: NewCoop { reserve_rate: Some("15%".into()), patronage_rate: Some("0.70".into()), ..coop() },
        allow_labour: Some(false),
        member_cap: Some("0.25".into()),
        collective: Some(collective()),
        admin_password: Some(PW.into()),
        backup_dir: Some(backups.display().to_string()),
    };
    let (book, done) = setup(&db, "admin", &input).unwrap();
    assert_eq!(done.book, db.display().to_string());
    assert_eq!(done.coop.name, "青山村十方田农产品专业合作社");
    let ch = &done.coop.charter;
    assert_eq!(
        (ch.reserve_rate.to_string(), ch.patronage_rate.to_string(), ch.collective_min_share.to_string()),
        ("0.15".into(), "0.7".into(), "0.3".into())
    );
    assert_eq!((ch.allow_labour, ch.member_cap.to_string()), (false, "0.25".into()));
    let m = done.collective.as_ref().unwrap();
    assert_eq!(
        (m.no, m.name.as_str(), m.kind.as_str(), m.id_card.as_str(), m.joined.as_str()),
        (1, "青山村股份经济合作社", "collective", "N235**********123N", "2025-01-01")
    );
    assert!(done.admin);
    assert_eq!(book.me().role, "admin");
    assert_eq!(done.backups.dir, backups.display().to_string());
    assert!(done.backups.custom && done.backups.available);
    assert_eq!(done.backups.default_dir, dir.path().join("账本").join("备份").display().to_string());
    // Backups go to the chosen folder; the default one is not even made.
    let b = book.auto_backup("manual").unwrap();
    assert_eq!(Path::new(&b.path).parent().unwrap(), backups);
    assert!(!dir.path().join("账本").join("备份").exists());
    assert_eq!(book.backups().unwrap().len(), 1);
    assert!(book.verify().unwrap().ok);
    drop(book);
    // One transaction wrote it all, in this order, and the admin logs in with the password.
    assert_eq!(actions(&db), ["coop.init", "account.seed", "coop.key", "user.add", "member.add"]);
    let out = cli_env(&db, "admin", &["--json", "member", "list"], &[("COOPBOOK_PASSWORD", PW)]).ok().json();
    assert_eq!(out["members"].as_array().unwrap().len(), 1);
    assert_eq!(out["members"][0]["kind_zh"], "村集体");
}

#[test]
fn a_refused_setup_names_every_problem_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("合作社.coopbook");
    let backups = dir.path().join("备份盘");
    let input = Setup {
        coop: NewCoop {
            uscc: "91350100M000100Y44".into(),
            patronage_rate: Some("0.5".into()),
            township: " ".into(),
            ..coop()
        },
        allow_labour: None,
        member_cap: Some("120%".into()),
        collective: Some(NewMember { name: "".into(), id_card: "N2350125MF0000123X".into(), ..collective() }),
        admin_password: Some("12345".into()),
        backup_dir: Some(backups.display().to_string()),
    };
    let e = setup(&db, "admin", &input).err().expect("refused");
    assert_eq!(e.code, "field-required");
    assert_eq!(
        e.fields,
        ["township", "uscc", "patronage_rate", "member_cap", "collective.name", "collective.id_card", "password"]
    );
    assert!(e.zh.starts_with("请填写乡镇；统一社会信用代码"), "{}", e.zh);
    assert!(e.zh.contains("按交易量（额）返还的比例 50% 低于法定的 60%（《农民专业合作社法》第四十四条）"), "{}", e.zh);
    assert!(e.zh.contains("比例“120%”必须在 0 到 100% 之间"), "{}", e.zh);
    assert!(e.zh.ends_with("密码至少要 8 个字符"), "{}", e.zh);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no book, no backup folder");

    // The collective is a member of the co-op, not the co-op.
    let input = Setup {
        collective: Some(NewMember { id_card: USCC.into(), ..collective() }),
        ..Setup { coop: coop(), ..Default::default() }
    };
    let e = setup(&db, "admin", &input).err().unwrap();
    assert_eq!((e.code, e.field.as_deref()), ("collective-same-uscc", Some("collective.id_card")));
    assert_eq!(e.zh, "村集体经济组织的统一社会信用代码不能与合作社本身的相同（村集体是合作社的成员，不是合作社）");

    // A backup folder that is not a full path.
    let input = Setup { backup_dir: Some("备份".into()), ..Setup { coop: coop(), ..Default::default() } };
    let e = setup(&db, "admin", &input).err().unwrap();
    assert_eq!((e.code, e.field.as_deref()), ("backup-dir-invalid", Some("backup_dir")));

    // The book cannot be made where asked (its folder is a file): the backup folder made for it goes again.
    std::fs::write(dir.path().join("文件"), b"x").unwrap();
    let input = Setup {
        backup_dir: Some(backups.join("二级").join("三级").display().to_string()),
        ..Setup { coop: coop(), ..Default::default() }
    };
    assert!(setup(&dir.path().join("文件").join("合作社.coopbook"), "admin", &input).is_err());
    assert!(!backups.exists(), "the three folders made for it are gone");

    // An existing file is never overwritten, and is reported with the rest.
    std::fs::write(&db, b"not mine").unwrap();
    let e = setup(&db, "admin", &Setup { coop: NewCoop { name: "".into(), ..coop() }, ..Default::default() })
        .err()
        .unwrap();
    assert_eq!(e.fields, ["name", "path"]);
    assert_eq!(std::fs::read(&db).unwrap(), b"not mine");
}

#[test]
fn backups_fall_back_beside_the_book_while_the_chosen_folder_is_away() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("合作社.coopbook");
    let stick = dir.path().join("stick");
    let input = Setup {
        coop: coop(),
        admin_password: Some(PW.into()),
        backup_dir: Some(stick.join("备份").display().to_string()),
        ..Default::default()
    };
    let (mut book, _) = setup(&db, "admin", &input).unwrap();
    let first = book.auto_backup("manual").unwrap();
    let kept = dir.path().join("kept.coopbook");
    std::fs::copy(&first.path, &kept).unwrap();
    // The stick is pulled out: its folder is gone and a file is where it was.
    std::fs::remove_dir_all(&stick).unwrap();
    std::fs::write(&stick, b"").unwrap();
    let place = book.backup_place().unwrap();
    assert!(place.custom && !place.available);
    // (a chosen folder whose parent is away is not made again on the laptop)
    std::fs::remove_file(&stick).unwrap();
    assert!(!book.backup_place().unwrap().available);
    assert!(!stick.exists());
    std::fs::write(&stick, b"").unwrap();
    let second = book.auto_backup("month-close").unwrap();
    assert_eq!(Path::new(&second.path).parent().unwrap(), dir.path().join("备份"));
    assert_eq!(book.backups().unwrap().iter().map(|b| b.reason.as_str()).collect::<Vec<_>>(), ["month-close"]);
    // Back in: both folders are listed, newest first.
    std::fs::remove_file(&stick).unwrap();
    std::fs::create_dir_all(stick.join("备份")).unwrap();
    std::fs::copy(&kept, stick.join("备份").join(Path::new(&first.path).file_name().unwrap())).unwrap();
    assert_eq!(
        book.backups().unwrap().iter().map(|b| b.reason.as_str()).collect::<Vec<_>>(),
        ["month-close", "manual"]
    );
    // Back to the default, logged; a refused folder changes nothing.
    let before = snapshot(&db);
    let e = book.set_backup_dir(Some("relative/dir")).err().unwrap();
    assert_eq!(e.code, "backup-dir-invalid");
    assert_eq!(snapshot(&db), before);
    let place = book.set_backup_dir(None).unwrap();
    assert!(!place.custom && place.available);
    assert_eq!(place.dir, dir.path().join("备份").display().to_string());
    assert_eq!(actions(&db).last().unwrap(), "coop.backup_dir");
    assert!(book.verify().unwrap().ok);
}

#[test]
fn the_cli_init_takes_the_whole_setup_and_coop_backup_dir_changes_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("合作社.coopbook");
    let backups = dir.path().join("备份盘");
    let b = backups.display().to_string();
    let out = cli_env(
        &db,
        "admin",
        &[
            "--json",
            "init",
            "--name",
            "青山村十方田农产品专业合作社",
            "--uscc",
            USCC,
            "--village",
            "青山村",
            "--township",
            "白云乡",
            "--county",
            "示范县",
            "--allow-labour",
            "false",
            "--member-cap",
            "0.25",
            "--collective-name",
            "青山村股份经济合作社",
            "--collective-uscc",
            COLLECTIVE_USCC,
            "--collective-joined",
            "2025-01-01",
            "--backup-dir",
            &b,
        ],
        &[("COOPBOOK_PASSWORD", PW)],
    )
    .ok()
    .json();
    assert_eq!(out["admin"], true);
    assert_eq!(out["coop"]["charter"]["allow_labour"], false);
    assert_eq!(out["coop"]["charter"]["member_cap"], "0.25");
    assert_eq!(out["collective"]["no"], 1);
    assert_eq!(out["backups"]["dir"], b.as_str());
    let pw = [("COOPBOOK_PASSWORD", PW)];
    let shown = cli_env(&db, "admin", &["coop", "backup-dir"], &pw).ok();
    assert_eq!(shown.stdout, format!("自动备份存放在 {b}\n"));
    let reset = cli_env(&db, "admin", &["--json", "coop", "backup-dir", "--default"], &pw).ok().json();
    assert_eq!(reset["custom"], false);
    assert_eq!(reset["dir"], dir.path().join("备份").display().to_string().as_str());
    // Only the admin (settings) chooses the folder.
    let out = cli_env(&db, "admin", &["--json", "coop", "backup-dir", &b], &pw).ok().json();
    assert_eq!(out["custom"], true);
    assert!(Book::open(&db, "admin", Mode::Read).unwrap().verify().unwrap().ok);
    // A collective without its code is a usage error.
    let other = dir.path().join("另一个.coopbook");
    let out = cli_env(
        &other,
        "admin",
        &[
            "init",
            "--name",
            "x",
            "--uscc",
            USCC,
            "--village",
            "v",
            "--township",
            "t",
            "--county",
            "c",
            "--collective-name",
            "村集体",
        ],
        &pw,
    );
    assert_eq!(out.code, 2);
    assert!(!other.exists());
}

#[test]
fn the_charter_changes_in_one_transaction_with_one_log_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("合作社.coopbook");
    let (_, _) =
        setup(&db, "admin", &Setup { coop: coop(), admin_password: Some(PW.into()), ..Default::default() }).unwrap();
    let pw = [("COOPBOOK_PASSWORD", PW)];
    let before = snapshot(&db);
    // Every problem at once, nothing changed.
    let out = cli_env(
        &db,
        "admin",
        &["coop", "charter", "--reserve-rate", "abc", "--member-cap", "1.5", "--allow-labour", "false"],
        &pw,
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("比例“abc”不是有效数字（如 0.10 或 10%）；比例“1.5”必须在 0 到 100% 之间"),
        "{}",
        out.stderr
    );
    assert_eq!(snapshot(&db), before);
    // All five settings in one change: one coop.charter row holding the whole charter before and after.
    let out = cli_env(
        &db,
        "admin",
        &[
            "--json",
            "coop",
            "charter",
            "--reserve-rate",
            "12%",
            "--patronage-rate",
            "0.65",
            "--collective-min-share",
            "0.35",
            "--allow-labour",
            "false",
            "--member-cap",
            "0.25",
        ],
        &pw,
    )
    .ok()
    .json();
    assert_eq!(out["charter"]["reserve_rate"], "0.12");
    assert_eq!((out["allow_labour"].as_bool(), out["member_cap"].as_str()), (Some(false), Some("0.25")));
    let c = rusqlite::Connection::open(&db).unwrap();
    let rows: Vec<String> = c
        .prepare("SELECT payload FROM change_log WHERE action = 'coop.charter'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 1);
    let p: serde_json::Value = serde_json::from_str(&rows[0]).unwrap();
    assert_eq!(
        p["before"],
        serde_json::json!({"reserve_rate": "0.1", "patronage_rate": "0.6", "collective_min_share": "0.3",
            "allow_labour": true, "member_cap": "0.20"})
    );
    assert_eq!(
        p["after"],
        serde_json::json!({"reserve_rate": "0.12", "patronage_rate": "0.65", "collective_min_share": "0.35",
            "allow_labour": false, "member_cap": "0.25"})
    );
    // What is left out keeps its value.
    let out = cli_env(&db, "admin", &["--json", "coop", "charter", "--allow-labour", "true"], &pw).ok().json();
    assert_eq!(
        (out["charter"]["reserve_rate"].as_str(), out["member_cap"].as_str(), out["allow_labour"].as_bool()),
        (Some("0.12"), Some("0.25"), Some(true))
    );
}
