//! What the desktop shell asks of the core, beyond the calls the other tests cover: the names of
//! the files it writes beside the book, the exports into a folder, the permission checked before
//! anything else, claiming a book, the manual backup, the setup's admin password, the demo book
//! and the township's import of the paths as typed.

use crate::util::Scratch;
use coopbook::equity::coop::Setup;
use coopbook::io::print::file_names;
use coopbook::reports::statements::{file_name, title_of, KINDS};
use coopbook::sync::township::Township;

const PW: &str = "secret-123";

#[test]
fn a_statements_title_is_known_without_building_it() {
    let s = Scratch::with_members();
    let b = s.book("会计");
    for kind in KINDS {
        assert_eq!(title_of(kind), b.statement(kind, 2025, None).unwrap().title, "{kind}");
    }
    assert_eq!(title_of("nonsense"), "报表");
    assert_eq!(b.statement("nonsense", 2025, None).unwrap_err().code, "unknown-statement");
}

#[test]
fn the_file_names_of_prints_and_exports() {
    assert_eq!(file_name("balance-sheet", 2025, Some(6), "pdf"), "2025年6月资产负债表.pdf");
    assert_eq!(file_name("balance-sheet", 2025, Some(12), "xlsx"), "2025年资产负债表.xlsx");
    assert_eq!(file_name("balance-sheet", 2025, None, "pdf"), "2025年资产负债表.pdf");
    // the month names only the balance sheet's
    assert_eq!(file_name("surplus", 2025, Some(6), "xlsx"), "2025年盈余及盈余分配表.xlsx");
    assert_eq!(file_name("general-ledger", 2024, None, "pdf"), "2024年总账.pdf");
    assert_eq!(file_name("nonsense", 2025, None, "pdf"), "2025年报表.pdf");
    assert_eq!(file_names::report("member-accounts", 2025, Some(3)), "2025年成员账户表.pdf");
    assert_eq!(file_names::report("balance-sheet", 2025, Some(3)), "2025年3月资产负债表.pdf");
    assert_eq!(file_names::slips(2025, None), "2025年盈余分配通知单.pdf");
    assert_eq!(file_names::slips(2025, Some(7)), "2025年盈余分配通知单-7号.pdf");
    assert_eq!(file_names::member_statement(7, 2025), "2025年成员账户-7号.pdf");
    assert_eq!(file_names::notice(2025), "2025年盈余分配公示.pdf");
    assert_eq!(file_names::vouchers(Some("2025-03")), "2025-03记账凭证.pdf");
    assert_eq!(file_names::vouchers(None), "记账凭证.pdf");
    assert_eq!(coopbook::sync::bundle::file_name("东山村", 3), "东山村-同步包第3号.coopsync");
    assert_eq!(coopbook::sync::township::report_file_name(2025), "2025年乡镇汇总.xlsx");
}

#[test]
fn a_statement_is_exported_into_its_folder() {
    let s = Scratch::with_members();
    let b = s.book("会计");
    let dir = s.dir.path().join("导出");
    // an unknown statement is refused before the folder is made
    assert_eq!(b.statement_xlsx_into("nonsense", 2025, None, &dir).unwrap_err().code, "unknown-statement");
    assert!(!dir.exists());
    let p = b.statement_xlsx_into("balance-sheet", 2025, Some(6), &dir).unwrap();
    assert_eq!(p.path, dir.join("2025年6月资产负债表.xlsx").display().to_string());
    let st = b.statement("balance-sheet", 2025, Some(6)).unwrap();
    assert_eq!(p.items as usize, st.blocks.iter().map(|b| b.rows.len()).sum::<usize>());
    assert_eq!((p.pages, p.bytes), (1, std::fs::metadata(&p.path).unwrap().len()));
    // a folder that cannot be made (a file is in the way)
    let blocked = s.dir.path().join("file");
    std::fs::write(&blocked, b"x").unwrap();
    let e = b.statement_xlsx_into("surplus", 2025, None, &blocked.join("导出")).unwrap_err();
    assert_eq!(e.code, "export-folder");
    assert!(e.zh.starts_with("无法创建导出文件夹 ") && e.en.starts_with("cannot create the exports folder "), "{e:?}");
}

#[test]
fn the_next_bundle_is_named_and_written_into_its_folder() {
    let s = Scratch::with_members();
    let mut b = s.book("会计");
    let village = b.coop().unwrap().village;
    assert_eq!(b.next_bundle_name().unwrap(), format!("{village}-同步包第1号.coopsync"));
    let dir = s.dir.path().join("同步包");
    let first = b.export_bundle_to(None, &dir, true).unwrap();
    assert_eq!(first.path, dir.join(format!("{village}-同步包第1号.coopsync")).display().to_string());
    assert_eq!(b.next_bundle_name().unwrap(), format!("{village}-同步包第2号.coopsync"));
    // a blank path is no path
    let second = b.export_bundle_to(Some("  "), &dir, false).unwrap();
    assert_eq!(second.path, dir.join(format!("{village}-同步包第2号.coopsync")).display().to_string());
    let chosen = s.dir.path().join("picked.coopsync");
    let third = b.export_bundle_to(Some(chosen.to_str().unwrap()), &dir, false).unwrap();
    assert_eq!(third.path, chosen.display().to_string());
    let blocked = s.dir.path().join("file");
    std::fs::write(&blocked, b"x").unwrap();
    let e = b.export_bundle_to(None, &blocked, false).unwrap_err();
    assert_eq!(e.code, "export-folder");
    assert!(
        e.zh.starts_with("无法创建同步包文件夹 ") && e.en.starts_with("cannot create the bundles folder "),
        "{e:?}"
    );
}

#[test]
fn claiming_a_book_and_the_users_permission_checked_first() {
    let s = Scratch::with_members();
    let mut b = s.book("");
    let me = b.claim("admin", PW).unwrap();
    assert_eq!((me.name.as_str(), me.role.as_str(), me.claimed), ("admin", "admin", true));
    assert_eq!(b.claim("other", PW).unwrap_err().code, "book-claimed");
    b.admin_add_user("会计", "accountant", PW).unwrap();
    b.admin_add_user("出纳", "cashier", PW).unwrap();
    b.login("会计", PW).unwrap();
    // refused for the permission before the bad role and short password are looked at
    assert_eq!(b.admin_add_user("x", "nonsense", "1").unwrap_err().code, "permission-denied");
    assert_eq!(b.add_user("x", "nonsense", "1").unwrap_err().code, "bad-role");
    assert_eq!(b.reset_password("出纳", "1").unwrap_err().code, "permission-denied");
    assert_eq!(b.change_own_password("wrong", "another-456").unwrap_err().code, "bad-password");
    b.change_own_password(PW, "another-456").unwrap();
    b.logout();
    assert_eq!(b.login("会计", PW).unwrap_err().code, "bad-password");
    b.login("admin", PW).unwrap();
    b.reset_password("会计", PW).unwrap();
    // the admin's own password is changed, not reset
    assert_eq!(b.reset_password("admin", "another-456").unwrap_err().code, "bad-password");
    b.login("会计", PW).unwrap();
}

#[test]
fn a_backup_now_needs_the_backup_permission() {
    let s = Scratch::with_members();
    let mut b = s.book("");
    b.claim("admin", PW).unwrap();
    b.admin_add_user("出纳", "cashier", PW).unwrap();
    let taken = b.backup_now().unwrap();
    assert_eq!(taken.reason, "manual");
    b.login("出纳", PW).unwrap();
    assert_eq!(b.backup_now().unwrap_err().code, "permission-denied");
}

#[test]
fn the_app_setup_needs_the_admin_password() {
    let e = Setup::default().require_admin_password().unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), ("field-required", Some("password")));
    assert_eq!((e.zh.as_str(), e.en.as_str()), ("请设置管理员密码", "the admin's password is required"));
    Setup { admin_password: Some(PW.into()), ..Setup::default() }.require_admin_password().unwrap();
}

#[test]
fn the_demo_book_is_made_once_then_opened() {
    let s = Scratch::with_members();
    assert_eq!(s.book("会计").demo_password().unwrap(), None);
    let path = s.dir.path().join("demo.coopbook");
    let made = coopbook::tools::demo::open_or_create(&path).unwrap();
    assert!(made.claimed() && made.role().is_none(), "nobody is logged in");
    assert_eq!(made.demo_password().unwrap().as_deref(), Some(coopbook::tools::demo::DEMO_PASSWORD));
    let members = made.members(None).unwrap().len();
    drop(made);
    let opened = coopbook::tools::demo::open_or_create(&path).unwrap();
    assert_eq!(opened.members(None).unwrap().len(), members);
    assert!(opened.role().is_none());
}

#[test]
fn the_township_imports_the_paths_as_typed_and_exports_its_report() {
    let s = Scratch::with_members();
    let mut t = Township::open(&s.dir.path().join("乡镇.township")).unwrap();
    let bundle = s.dir.path().join("a.coopsync");
    s.book("会计").export_bundle(&bundle, true).unwrap();
    let typed = vec![format!("  {}  ", bundle.display()), "   ".into(), String::new()];
    let v = t.import_paths(&typed);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].status, "imported", "{v:?}");
    let dir = s.dir.path().join("导出");
    let p = t.report_xlsx_into(2025, &dir).unwrap();
    assert_eq!(p.path, dir.join("2025年乡镇汇总.xlsx").display().to_string());
    assert_eq!((p.items, p.pages), (1, 1));
    assert!(p.bytes > 0);
}
