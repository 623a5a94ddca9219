//! Shared fixtures: a scratch book, the CLI runner, and table snapshots.

use coopbook::equity::coop::{init, NewCoop};
use coopbook::ledger::member::NewMember;
use coopbook::ledger::voucher::{NewLine, NewVoucher};
use coopbook::{Book, Mode};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const USCC: &str = "91350100M000100Y43";
pub const COLLECTIVE_USCC: &str = "N2350125MF0000123N";
/// Valid citizen IDs (GB 11643 check digits computed by hand).
pub const ID_ZHANG: &str = "11010519491231002X";
pub const ID_LI: &str = "350125198503150035";
pub const ID_WANG: &str = "350125199001010010";

/// The co-op of the test books: 青山村十方田农产品专业合作社, charter defaults.
pub fn new_coop() -> NewCoop {
    coopbook::tools::fuzzing::sample_coop()
}

pub struct Scratch {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Scratch {
    pub fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("test.coopbook");
        Scratch { dir, db }
    }

    /// A book with the co-op, sub-accounts 12801/50101/52101, and three members:
    /// 1 the collective, 2 张三 (farmer), 3 李四 (party member).
    pub fn with_members() -> Scratch {
        let s = Scratch::new();
        let mut b = init(&s.db, "会计", &new_coop()).expect("init");
        b.add_account("12801", "香菇", "128").unwrap();
        b.add_account("50101", "香菇", "501").unwrap();
        b.add_account("52101", "香菇", "521").unwrap();
        for (name, id, kind) in [
            ("青山村股份经济合作社", COLLECTIVE_USCC, "collective"),
            ("张三", ID_ZHANG, "farmer"),
            ("李四", ID_LI, "party"),
        ] {
            b.add_member(&NewMember {
                name: name.into(),
                id_card: id.into(),
                kind: kind.into(),
                phone: None,
                joined: Some("2025-01-01".into()),
            })
            .unwrap();
        }
        s
    }

    pub fn book(&self, user: &str) -> Book {
        Book::open(&self.db, user, Mode::Write).expect("open")
    }

    /// The book opened to read only (no writer lock), as the supervisor.
    pub fn reader(&self) -> Book {
        Book::open(&self.db, "监事", Mode::Read).expect("open to read")
    }

    /// Runs the CLI on this book as `user`.
    pub fn cli(&self, user: &str, args: &[&str]) -> Out {
        cli(&self.db, user, args)
    }

    pub fn snapshot(&self) -> String {
        snapshot(&self.db)
    }
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// The JSON printed on stdout.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }
    pub fn ok(self) -> Out {
        assert_eq!(self.code, 0, "command failed: {}", self.stderr);
        self
    }
}

pub fn cli(db: &Path, user: &str, args: &[&str]) -> Out {
    cli_env(db, user, args, &[])
}

/// Runs the CLI as `user` with `password` in $COOPBOOK_PASSWORD (a book with users).
pub fn cli_pw(db: &Path, user: &str, password: &str, args: &[&str]) -> Out {
    cli_env(db, user, args, &[("COOPBOOK_PASSWORD", password)])
}

/// Runs the CLI with exactly these COOPBOOK_* variables (none are inherited) and no terminal.
pub fn cli_env(db: &Path, user: &str, args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coopbook"));
    cmd.arg("--db").arg(db).arg("--user").arg(user).args(args).stdin(std::process::Stdio::null());
    for v in ["COOPBOOK_DB", "COOPBOOK_USER", "COOPBOOK_PASSWORD", "COOPBOOK_NEW_PASSWORD", "COOPBOOK_TODAY"] {
        cmd.env_remove(v);
    }
    cmd.envs(env.iter().copied());
    let out = cmd.output().expect("run coopbook");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every row of every table, sorted: equal snapshots mean nothing was written.
pub fn snapshot(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open raw");
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.retain(|t| !t.starts_with("sqlite_"));
    let mut out = String::new();
    for t in tables {
        let mut st = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let n = st.column_count();
        let mut rows: Vec<String> = st
            .query_map([], |r| {
                let mut s = String::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    s += &format!("{v:?}|");
                }
                Ok(s)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out += &format!("## {t} ({})\n{}\n", rows.len(), rows.join("\n"));
    }
    out
}

/// A voucher from `ACCOUNT:DEBIT:CREDIT[:MEMBER]` specs.
pub fn voucher(date: &str, summary: &str, lines: &[&str]) -> NewVoucher {
    NewVoucher {
        date: date.into(),
        summary: summary.into(),
        attachments: 1,
        lines: lines.iter().map(|l| NewLine::parse_spec(l).unwrap()).collect(),
    }
}

/// Adds, reviews (as 理事长) and posts a voucher; returns its id.
pub fn post(s: &Scratch, date: &str, summary: &str, lines: &[&str]) -> i64 {
    let id = s.book("会计").add_voucher(&voucher(date, summary, lines)).expect("add").id;
    let mut chair = s.book("理事长");
    chair.review_voucher(id).expect("review");
    chair.post_voucher(id).expect("post");
    id
}
