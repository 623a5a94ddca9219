//! The book file: opening and creating a co-op's SQLite book, its migrations, the single-writer
//! lock, and the write transaction through which every change (and its change-log row) goes.
//!
//! Invariants kept here: a book is only ever opened with WAL, `synchronous=FULL` and foreign keys
//! on; a file that is not a Coopbook book, or was written by a newer version, is refused; at most
//! one process writes a book at a time; a writing operation is one IMMEDIATE transaction.

use crate::base::error::{not_a_book, Error, Result};
use crate::store::access::{Perm, Role};
use crate::store::log;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// `PRAGMA application_id` of every Coopbook book ("CBK1").
pub const APPLICATION_ID: i32 = 0x4342_4B31;

/// The embedded migrations, in order. Never edit one that has landed: add the next.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_contributions.sql"),
    include_str!("migrations/0003_trade.sql"),
    include_str!("migrations/0004_document_reversal.sql"),
    include_str!("migrations/0005_contracts_assets.sql"),
    include_str!("migrations/0006_operations.sql"),
    include_str!("migrations/0007_distribution.sql"),
    include_str!("migrations/0008_member_trade_payments.sql"),
    include_str!("migrations/0009_year_close.sql"),
    include_str!("migrations/0010_bundles.sql"),
    include_str!("migrations/0011_bundles_received.sql"),
    include_str!("migrations/0012_free_numbers.sql"),
    include_str!("migrations/0013_users.sql"),
    include_str!("migrations/0014_change_log_indexes.sql"),
    include_str!("migrations/0015_list_dates.sql"),
    include_str!("migrations/0016_backup_dir.sql"),
    include_str!("migrations/0017_surplus_subaccounts.sql"),
    include_str!("migrations/0018_statement_notes.sql"),
    include_str!("migrations/0019_returns_corrections.sql"),
    include_str!("migrations/0020_input_purchases.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Whether the book is opened to write (takes the single-writer lock) or only to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Read,
    Write,
}

/// An open book. All reads and writes of the core go through it.
pub struct Book {
    pub(crate) conn: Connection,
    path: PathBuf,
    user: String,
    /// The acting user's role; `None` when nobody is logged in (or the book has no users).
    role: Option<Role>,
    /// Whether the book has users (see [`crate::store::users`]): then every operation needs a role.
    claimed: bool,
    /// The date the book takes as today, when set ([`Book::set_today`]); else the computer's.
    today: Option<String>,
    _lock: Option<File>,
}

/// A write transaction with the acting user and its timestamp; every change appends to the log
/// through [`Tx::log`] inside the same transaction.
pub struct Tx<'a> {
    pub(crate) tx: rusqlite::Transaction<'a>,
    pub(crate) user: &'a str,
    pub(crate) now: String,
    /// Today's date (`YYYY-MM-DD`): no approval may be dated after it.
    pub(crate) today: String,
    pub(crate) log: log::Appender,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

fn lock_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push("-lock");
    PathBuf::from(s)
}

/// Takes the exclusive single-writer lock of a book (a sidecar `<book>-lock` file, released by
/// the OS if the process dies).
fn take_lock(path: &Path) -> Result<File> {
    let f = OpenOptions::new().create(true).truncate(false).write(true).open(lock_path(path))?;
    // A lock just released can linger for a moment (a child process between fork and exec still
    // shares the descriptor), so wait briefly before calling the book taken.
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(1500);
    loop {
        match f.try_lock() {
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(25))
            }
            other => break lock_result(path, other).map(|()| f),
        }
    }
}

fn lock_result(path: &Path, r: std::result::Result<(), std::fs::TryLockError>) -> Result<()> {
    match r {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::new(
            "book-locked",
            format!("账本 {} 已被另一个程序打开（可能是桌面版或另一个命令），请先关闭它", path.display()),
            format!(
                "the book {} is open in another program (the app or another command); close it first",
                path.display()
            ),
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Statement journals and sorts in memory, and a 64 MB page cache instead of SQLite's 2 MB: a
    // township applying a ten-year bundle wrote every statement's journal to a temp file.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

impl Book {
    /// Creates a new book file with the current schema. Refuses an existing file.
    pub fn create(path: &Path, user: &str) -> Result<Book> {
        if path.exists() {
            return Err(Error::new(
                "book-exists",
                format!("文件 {} 已存在，不会覆盖", path.display()),
                format!("{} already exists and will not be overwritten", path.display()),
            ));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let lock = take_lock(path)?;
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        configure(&conn)?;
        let mut book = Book {
            conn,
            path: path.to_owned(),
            user: user.to_owned(),
            role: None,
            claimed: false,
            today: None,
            _lock: Some(lock),
        };
        book.migrate(0)?;
        Ok(book)
    }

    /// Opens an existing book. `Mode::Write` takes the single-writer lock.
    pub fn open(path: &Path, user: &str, mode: Mode) -> Result<Book> {
        if !path.is_file() {
            return Err(Error::new(
                "book-not-found",
                format!("找不到账本文件 {}", path.display()),
                format!("no book file at {}", path.display()),
            ));
        }
        let lock = match mode {
            Mode::Write => Some(take_lock(path)?),
            Mode::Read => None,
        };
        let flags = match mode {
            Mode::Write => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            // Read mode still needs write access to the -shm file of a WAL database.
            Mode::Read => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        };
        let conn = Connection::open_with_flags(path, flags)?;
        let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            return Err(not_a_book());
        }
        configure(&conn)?;
        let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Error::new(
                "schema-too-new",
                format!(
                    "这个账本由更新版本的软件写入（结构版本 {version}，本软件只认到 {SCHEMA_VERSION}），请升级软件"
                ),
                format!(
                    "this book was written by a newer version (schema {version}, this build knows up to \
                    {SCHEMA_VERSION}); upgrade Coopbook"
                ),
            ));
        }
        let mut book = Book {
            conn,
            path: path.to_owned(),
            user: String::new(),
            role: None,
            claimed: false,
            today: None,
            _lock: lock,
        };
        if version < SCHEMA_VERSION {
            if mode == Mode::Read {
                return Err(Error::new(
                    "schema-old",
                    "这个账本需要升级结构，请以写入方式打开一次",
                    "this book needs a schema upgrade; open it once for writing",
                ));
            }
            // The book as it was, before its schema changes.
            crate::store::snapshot::automatic(&book.conn, path, "migration")?;
            book.migrate(version)?;
        }
        book.claimed = crate::store::access::any_users(&book.conn)?;
        book.set_user(user)?;
        Ok(book)
    }

    /// Brings a book restored from an older backup up to this schema.
    pub(crate) fn migrate_from(&mut self, from: i32) -> Result<()> {
        self.migrate(from)
    }

    /// After the users table changed under us (a restore): who is acting, if still a user.
    pub(crate) fn reload_users(&mut self) -> Result<()> {
        self.claimed = crate::store::access::any_users(&self.conn)?;
        let user = self.user.clone();
        if self.set_user(&user).is_err() {
            self.set_acting("", None);
        }
        Ok(())
    }

    fn migrate(&mut self, from: i32) -> Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i32)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn role(&self) -> Option<Role> {
        self.role
    }

    /// Whether the book has users (and so needs a role for everything).
    pub fn claimed(&self) -> bool {
        self.claimed
    }

    /// Makes `user` the acting user **without a password**: for callers that have authenticated
    /// the user themselves (tests, tools in the same process). The CLI and the app use
    /// [`Book::login`]. In a book with users the name must be an active user (its role applies);
    /// the empty name means nobody (every operation is then refused with `login-required`).
    pub fn set_user(&mut self, user: &str) -> Result<()> {
        let user = user.trim();
        if !self.claimed || user.is_empty() {
            self.set_acting(user, None);
            return Ok(());
        }
        match crate::store::access::role_of(&self.conn, user)? {
            None => {
                Err(Error::new("user-unknown", format!("没有用户“{user}”"), format!("no user \"{user}\"")).at("name"))
            }
            Some((_, false)) => Err(Error::new(
                "user-disabled",
                format!("用户“{user}”已停用，请找管理员"),
                format!("user \"{user}\" is disabled; ask the admin"),
            )
            .at("name")),
            Some((role, true)) => {
                self.set_acting(user, Some(role));
                Ok(())
            }
        }
    }

    pub(crate) fn set_acting(&mut self, user: &str, role: Option<Role>) {
        self.user = user.to_string();
        self.role = role;
        self.claimed = self.claimed || role.is_some();
    }

    /// The raw connection, for reads outside the core's API (tests, benchmarks).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one IMMEDIATE transaction, if the acting user may do `perm`. On error
    /// nothing of it stays.
    pub fn write<T>(&mut self, perm: Perm, f: impl FnOnce(&mut Tx) -> Result<T>) -> Result<T> {
        self.write_if(perm, |tx| f(tx).map(|out| (out, true)))
    }

    /// Takes `date` as today instead of the computer's date: for a script replaying past work, or a
    /// test of dated rules (the CLI reads it from `$COOPBOOK_TODAY`). Only approvals read it.
    pub fn set_today(&mut self, date: &str) -> Result<()> {
        self.today = Some(crate::base::date::parse_date(date, "today")?);
        Ok(())
    }

    /// Today as the book takes it (`YYYY-MM-DD`).
    pub fn today(&self) -> String {
        self.today.clone().unwrap_or_else(|| chrono::Local::now().format("%Y-%m-%d").to_string())
    }

    /// A write that needs no permission: the password counters of a login attempt.
    pub(crate) fn write_as_system<T>(&mut self, f: impl FnOnce(&mut Tx) -> Result<T>) -> Result<T> {
        self.write_unchecked(|tx| f(tx).map(|out| (out, true)))
    }

    /// Runs `f` in one IMMEDIATE transaction like [`Book::write`], but keeps what it did only when
    /// it says so (`(out, true)`): a dry run or a refused import goes through every step, checks
    /// included, and leaves nothing behind.
    pub fn write_if<T>(&mut self, perm: Perm, f: impl FnOnce(&mut Tx) -> Result<(T, bool)>) -> Result<T> {
        self.require(perm)?;
        self.write_unchecked(f)
    }

    fn write_unchecked<T>(&mut self, f: impl FnOnce(&mut Tx) -> Result<(T, bool)>) -> Result<T> {
        let now = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let log = log::Appender::load(&tx)?;
        let today = self.today.clone().unwrap_or_else(|| now[..10].to_string());
        let mut t = Tx { tx, user: &self.user, now, today, log };
        let (out, keep) = f(&mut t)?;
        if keep {
            t.tx.commit()?;
        } else {
            t.tx.rollback()?;
        }
        Ok(out)
    }
}

/// The name the books record for what the system does on a user's behalf: the review of a
/// business document's voucher, which the user confirmed as the document itself.
pub const SYSTEM: &str = "系统";

impl Tx<'_> {
    /// Runs `f` as the system ([`SYSTEM`]) and gives the acting user back afterwards, whatever
    /// `f` returns: the one place the acting user is swapped.
    pub(crate) fn as_system<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let user = std::mem::replace(&mut self.user, SYSTEM);
        let out = f(self);
        self.user = user;
        out
    }

    /// Appends one row to the hash-chained change log.
    pub fn log(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: impl ToString,
        payload: &serde_json::Value,
    ) -> Result<()> {
        self.log.append(&self.tx, &self.now, self.user, action, entity, &entity_id.to_string(), payload)
    }

    pub fn user(&self) -> &str {
        self.user
    }

    /// Appends a row in another user's name (a failed login is logged as the name tried).
    pub(crate) fn log_as(
        &mut self,
        user: &str,
        action: &str,
        entity: &str,
        entity_id: impl ToString,
        payload: &serde_json::Value,
    ) -> Result<()> {
        self.log.append(&self.tx, &self.now, user, action, entity, &entity_id.to_string(), payload)
    }
}

/// The default book: `$COOPBOOK_DB`, else `book.coopbook` in the user's data folder.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("COOPBOOK_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("coopbook").join("book.coopbook")
}
