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

use crate::store::book::{Book, Mode};
use crate::base::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Automatic backups kept per book.
pub const KEEP: usize = 30;

/// A backup on disk.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupInfo {
    pub path: String,
    pub bytes: u64,
    /// `manual`, `migration`, `month-close`, `year-close`, `import`, `restore`, `daily`.
    pub reason: String,
    /// When it was taken, `YYYY-MM-DD HH:MM:SS` (from its name; the file time for a manual one).
    pub taken_at: String,
}

fn io(e: std::io::Error, path: &Path) -> Error {
    Error::new("io", format!("无法写入 {}：{e}", path.display()), format!("cannot write {}: {e}", path.display()))
}

/// Copies the database behind `conn` to `out`, checked and atomic.
pub fn copy_to(conn: &Connection, out: &Path) -> Result<u64> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io(e, dir))?;
    }
    let tmp = out.with_extension("coopbook.tmp");
    let _ = std::fs::remove_file(&tmp);
    let result = (|| -> Result<()> {
        let mut dst = Connection::open(&tmp)?;
        {
            let b = rusqlite::backup::Backup::new(conn, &mut dst)?;
            b.run_to_completion(256, Duration::from_millis(0), None)?;
        }
        // A backup is a plain file: no WAL beside it.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        let ok: String = dst.pragma_query_value(None, "integrity_check", |r| r.get(0))?;
        if ok != "ok" {
            return Err(Error::new(
                "backup-corrupt",
                format!("备份校验未通过：{ok}"),
                format!("the backup failed its integrity check: {ok}"),
            ));
        }
        drop(dst);
        // On disk before it gets its name, so a power cut never leaves a named, partial backup.
        std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| io(e, &tmp))?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e, out)
    })?;
    #[cfg(unix)]
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(std::fs::metadata(out).map(|m| m.len()).unwrap_or(0))
}

/// The folder of a book's automatic backups.
pub fn dir_of(book: &Path) -> PathBuf {
    book.parent().map(Path::to_path_buf).unwrap_or_default().join("备份")
}

fn stem(book: &Path) -> String {
    book.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "book".into())
}

/// Where a book's automatic backups go.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupPlace {
    /// The folder chosen for them, or the default one.
    pub dir: String,
    /// The default folder, `备份` beside the book.
    pub default_dir: String,
    /// Whether a folder other than the default was chosen.
    pub custom: bool,
    /// Whether that folder can be written now; while not, backups go to the default folder.
    pub available: bool,
}

/// The folder chosen for the automatic backups, if one was (a book from before schema 16 has none).
fn chosen_dir(conn: &Connection) -> Option<PathBuf> {
    conn.query_row("SELECT backup_dir FROM coop WHERE id = 1", [], |r| r.get::<_, Option<String>>(0))
        .ok()
        .flatten()
        .filter(|d| !d.trim().is_empty())
        .map(PathBuf::from)
}

/// The folders a book's automatic backups are in: the chosen one (if any), then the default.
fn dirs(conn: &Connection, book: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = chosen_dir(conn).into_iter().collect();
    let default = dir_of(book);
    if !out.contains(&default) {
        out.push(default);
    }
    out
}

/// Whether backups can be written into `dir` now: made if missing (only the folder itself when
/// `parents` is false — a stick that is away must not be stood in for by folders made on the
/// laptop where it was mounted), and a file written and removed.
fn writable_with(dir: &Path, parents: bool) -> std::io::Result<()> {
    if parents {
        std::fs::create_dir_all(dir)?;
    } else if !dir.is_dir() {
        std::fs::create_dir(dir)?;
    }
    let probe = dir.join(format!(".coopbook-probe-{}", std::process::id()));
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(&probe)
}

/// Whether the chosen folder can take a backup now.
fn writable(dir: &Path) -> std::io::Result<()> {
    writable_with(dir, false)
}

/// Checks a folder chosen for the automatic backups: a full path that can be written. Returns it,
/// and the outermost folder that had to be made for it, if any (so a refused setup can take away
/// what it made: see [`unmake`]).
pub fn check_dir(text: &str) -> Result<(PathBuf, Option<PathBuf>)> {
    let t = text.trim();
    let dir = PathBuf::from(t);
    if t.is_empty() || !dir.is_absolute() {
        return Err(Error::new(
            "backup-dir-invalid",
            format!("备份文件夹“{t}”要写完整路径（如 D:\\账本备份 或 /media/u盘/账本备份）"),
            format!("the backup folder \"{t}\" must be a full path (e.g. D:\\backups or /media/usb/backups)"),
        )
        .at("backup_dir"));
    }
    let made = dir.ancestors().take_while(|a| !a.exists()).last().map(Path::to_path_buf);
    writable_with(&dir, true).map_err(|e| {
        unmake(&dir, made.as_deref());
        Error::new(
            "backup-dir-unusable",
            format!("备份文件夹 {} 无法写入：{e}", dir.display()),
            format!("cannot write to the backup folder {}: {e}", dir.display()),
        )
        .at("backup_dir")
    })?;
    Ok((dir, made))
}

/// Removes the empty folders from `dir` up to `top` (what [`check_dir`] made), leaving anything
/// that has come to hold a file.
pub fn unmake(dir: &Path, top: Option<&Path>) {
    let Some(top) = top else { return };
    for d in dir.ancestors() {
        if std::fs::remove_dir(d).is_err() || d == top {
            return;
        }
    }
}

/// Where the automatic backups of the book behind `conn` go, and whether that folder is there.
pub fn place(conn: &Connection, book: &Path) -> BackupPlace {
    let default = dir_of(book);
    match chosen_dir(conn) {
        Some(d) => BackupPlace {
            available: writable(&d).is_ok(),
            dir: d.display().to_string(),
            default_dir: default.display().to_string(),
            custom: true,
        },
        None => BackupPlace {
            dir: default.display().to_string(),
            default_dir: default.display().to_string(),
            custom: false,
            available: true,
        },
    }
}

/// Takes an automatic backup of the database behind `conn` (the book at `book`) and rotates: into
/// the chosen folder, or — when none was chosen or it cannot be written now — `备份` beside the book.
pub(crate) fn automatic(conn: &Connection, book: &Path, reason: &str) -> Result<BackupInfo> {
    let now = chrono::Local::now();
    let name = format!("{}-{}-{reason}.coopbook", stem(book), now.format("%Y%m%d-%H%M%S%3f"));
    let dir = chosen_dir(conn).filter(|d| writable(d).is_ok()).unwrap_or_else(|| dir_of(book));
    let out = dir.join(name);
    let bytes = copy_to(conn, &out)?;
    rotate(&dir, book)?;
    Ok(BackupInfo {
        path: out.display().to_string(),
        bytes,
        reason: reason.into(),
        taken_at: now.format("%Y-%m-%d %H:%M:%S").to_string(),
    })
}

/// The automatic backups of the book behind `conn`, newest first, from every folder they may be in.
pub fn list(conn: &Connection, book: &Path) -> Result<Vec<BackupInfo>> {
    let mut out: Vec<(String, BackupInfo)> = Vec::new();
    for dir in dirs(conn, book) {
        list_dir(&dir, book, &mut out);
    }
    out.sort_by(|a, b| b.0.cmp(&a.0));
    Ok(out.into_iter().map(|(_, b)| b).collect())
}

/// The automatic backups of `book` in `dir`, each with its sortable stamp.
fn list_dir(dir: &Path, book: &Path, out: &mut Vec<(String, BackupInfo)>) {
    let prefix = format!("{}-", stem(book));
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(rest) = name.strip_prefix(&prefix).and_then(|r| r.strip_suffix(".coopbook")) else { continue };
        // YYYYMMDD-HHMMSSmmm-reason
        let (stamp, reason) = match (rest.get(..18), rest.get(19..)) {
            (Some(s), Some(r))
                if !r.is_empty()
                    && s.bytes().enumerate().all(|(i, b)| if i == 8 { b == b'-' } else { b.is_ascii_digit() }) =>
            {
                (s, r)
            }
            _ => continue,
        };
        let taken_at = format!(
            "{}-{}-{} {}:{}:{}",
            &stamp[..4],
            &stamp[4..6],
            &stamp[6..8],
            &stamp[9..11],
            &stamp[11..13],
            &stamp[13..15]
        );
        out.push((
            stamp.to_string(),
            BackupInfo {
                path: e.path().display().to_string(),
                bytes: e.metadata().map(|m| m.len()).unwrap_or(0),
                reason: reason.into(),
                taken_at,
            },
        ));
    }
}

/// A half-written backup left by a process that died while copying (`….coopbook.tmp`) is
/// removed once it is this old; a younger one may belong to a backup still running (the app's
/// daily backup runs in the background).
pub const STALE_TMP: Duration = Duration::from_secs(3600);

/// Keeps the newest [`KEEP`] automatic backups in `dir` (a folder rotates on its own: the
/// default folder's backups from while a chosen one was away are not counted against it).
fn rotate(dir: &Path, book: &Path) -> Result<()> {
    let mut here = Vec::new();
    list_dir(dir, book, &mut here);
    here.sort_by(|a, b| b.0.cmp(&a.0));
    for (_, old) in here.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(&old.path);
    }
    // Partial copies hold members' ID numbers too: they do not stay behind.
    let prefix = format!("{}-", stem(book));
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let stale = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_TMP);
            // (with the rollback journal SQLite keeps beside a copy being written)
            let partial = name.ends_with(".coopbook.tmp") || name.ends_with(".coopbook.tmp-journal");
            if name.starts_with(&prefix) && partial && stale {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(())
}

/// Checks that `file` is a sound book this build can open, without changing it.
fn check_book(file: &Path) -> Result<()> {
    let conn =
        Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|_| crate::base::error::not_a_book())?;
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
        self.require(crate::store::users::Perm::Backup)?;
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
        self.require(crate::store::users::Perm::Settings)?;
        let before = chosen_dir(&self.conn).map(|d| d.display().to_string());
        let after = match dir.map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => Some(check_dir(d)?.0.display().to_string()),
            None => None,
        };
        self.write(crate::store::users::Perm::Settings, |tx| {
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
        self.require(crate::store::users::Perm::Restore)?;
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
        self.require(crate::store::users::Perm::Backup)?;
        self.auto_backup("manual")
    }
}
