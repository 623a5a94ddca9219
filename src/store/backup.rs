//! Backups of the book (DESIGN.md §5) through SQLite's online backup API: a consistent copy taken
//! while the book is open, written to a temporary file, checked with `PRAGMA integrity_check`, then
//! renamed — so a backup on disk is always a whole, sound book. Automatic ones go to a `备份` folder
//! beside the book, named for the moment and the reason (before a migration, a month or year close,
//! an import, a restore; daily when the app opens), and the oldest beyond [`KEEP`] are removed.
//! The first-run setup (or Settings) may choose another folder for them — a second disk or a USB
//! stick; while that folder cannot be written (the stick is away), they go to `备份` beside the
//! book instead, so a month close never fails for want of a stick, and the list shows both.
//! A restore first backs up the book as it is, then copies the chosen backup into it, again
//! through the backup API, under the book's writer lock.

use crate::base::error::{Error, Result};
use crate::store::book::{Book, Mode};
use crate::store::snapshot::{automatic, chosen_dir};
pub use crate::store::snapshot::{
    check_dir, copy_to, dir_of, list, place, unmake, BackupInfo, BackupPlace, KEEP, STALE_TMP,
};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// Checks that `file` is a sound book this build can open, without changing it.
fn check_book(file: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| crate::base::error::not_a_book())?;
    let app_id: i32 =
        conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(|_| crate::base::error::not_a_book())?;
    if app_id != crate::store::book::APPLICATION_ID {
        return Err(crate::base::error::not_a_book());
    }
    let ok: String =
        conn.pragma_query_value(None, "integrity_check", |r| r.get(0)).map_err(|_| crate::base::error::not_a_book())?;
    if ok != "ok" {
        return Err(Error::new(
            "backup-corrupt",
            format!("{} 未通过完整性检查：{ok}", file.display()),
            format!("{} fails its integrity check: {ok}", file.display()),
        ));
    }
    let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > crate::store::book::SCHEMA_VERSION {
        return Err(Error::new(
            "schema-too-new",
            "这个备份由更新版本的软件写入，请升级软件",
            "this backup was written by a newer version; upgrade Coopbook",
        ));
    }
    Ok(())
}

impl Book {
    /// A backup of the book to `out` (checked, atomic).
    pub fn backup(&self, out: &Path) -> Result<BackupInfo> {
        self.require(crate::store::access::Perm::Backup)?;
        let bytes = copy_to(&self.conn, out)?;
        Ok(BackupInfo {
            path: out.display().to_string(),
            bytes,
            reason: "manual".into(),
            taken_at: chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
        })
    }

    /// An automatic backup into the 备份 folder, rotated.
    pub fn auto_backup(&self, reason: &str) -> Result<BackupInfo> {
        automatic(&self.conn, self.path(), reason)
    }

    /// This book's automatic backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        list(&self.conn, self.path())
    }

    /// Takes today's backup unless there is one already.
    pub fn daily_backup(&self) -> Result<Option<BackupInfo>> {
        if taken_today(&self.conn, self.path())? {
            return Ok(None);
        }
        self.auto_backup("daily").map(Some)
    }

    /// Where the automatic backups go.
    pub fn backup_place(&self) -> Result<BackupPlace> {
        Ok(place(&self.conn, self.path()))
    }

    /// Chooses the folder for the automatic backups (`None`: `备份` beside the book again). The
    /// folder is checked (a full path that can be written); the change is logged.
    pub fn set_backup_dir(&mut self, dir: Option<&str>) -> Result<BackupPlace> {
        self.require(crate::store::access::Perm::Settings)?;
        let before = chosen_dir(&self.conn).map(|d| d.display().to_string());
        let after = match dir.map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => Some(check_dir(d)?.0.display().to_string()),
            None => None,
        };
        self.write(crate::store::access::Perm::Settings, |tx| {
            tx.execute("UPDATE coop SET backup_dir = ?1 WHERE id = 1", [&after])?;
            tx.log("coop.backup_dir", "coop", 1, &serde_json::json!({"before": before, "after": after}))
        })?;
        self.backup_place()
    }
}

fn taken_today(conn: &Connection, book: &Path) -> Result<bool> {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    Ok(list(conn, book)?.iter().any(|b| b.taken_at.starts_with(&today)))
}

/// Today's backup of the book at `book` unless there is one, on a connection of its own — so the
/// app can take it in the background when a book opens, off the path to the first screen.
pub fn daily(book: &Path) -> Result<Option<BackupInfo>> {
    let conn = Connection::open_with_flags(book, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if taken_today(&conn, book)? {
        return Ok(None);
    }
    automatic(&conn, book, "daily").map(Some)
}

/// Restores the book at `book` from the backup `from`, acting as `user` (see [`Book::restore_from`]).
pub fn restore(book: &Path, from: &Path, user: &str) -> Result<BackupInfo> {
    Book::open(book, user, Mode::Write)?.restore_from(from)
}

impl Book {
    /// Restores this book from the backup `from` (admin only): checks the backup, backs up the
    /// book as it is (reason `restore`), then copies the backup into it under the writer lock.
    /// The restored book's users are the backup's: if the acting user is not among them, nobody
    /// is logged in afterwards.
    pub fn restore_from(&mut self, from: &Path) -> Result<BackupInfo> {
        self.require(crate::store::access::Perm::Restore)?;
        if !from.is_file() {
            return Err(Error::new(
                "backup-not-found",
                format!("找不到备份文件 {}", from.display()),
                format!("no backup file at {}", from.display()),
            ));
        }
        check_book(from)?;
        let saved = self.auto_backup("restore")?;
        let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        {
            let b = rusqlite::backup::Backup::new(&src, &mut self.conn)?;
            b.run_to_completion(256, Duration::from_millis(0), None)?;
        }
        let ok: String = self.conn.pragma_query_value(None, "integrity_check", |r| r.get(0))?;
        if ok != "ok" {
            return Err(Error::new(
                "backup-corrupt",
                format!("恢复后的账本未通过完整性检查：{ok}；恢复前的账本在 {}", saved.path),
                format!("the restored book fails its integrity check: {ok}; the book before is at {}", saved.path),
            ));
        }
        let version: i32 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version < crate::store::book::SCHEMA_VERSION {
            self.migrate_from(version)?;
        }
        let payload =
            serde_json::json!({"from": from.display().to_string(), "saved_before": saved.path, "by": self.user()});
        self.reload_users()?;
        self.write_as_system(|tx| tx.log("book.restore", "book", 1, &payload))?;
        Ok(saved)
    }
}

impl Book {
    /// A backup asked for now (the app's 立即备份), into the backup folder with the automatic
    /// ones; refused without the backup permission.
    pub fn backup_now(&self) -> Result<BackupInfo> {
        self.require(crate::store::access::Perm::Backup)?;
        self.auto_backup("manual")
    }
}
