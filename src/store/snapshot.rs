//! The backup files of a book (DESIGN.md §5), below the book itself: a consistent copy of an open
//! connection through SQLite's online backup API (temporary file, `PRAGMA integrity_check`, then
//! rename), where the automatic copies go (the chosen folder, or `备份` beside the book while it is
//! away), their names, listing and rotation. [`crate::store::book`] takes the migration backup
//! through this module; [`crate::store::backup`] adds the book's own backup and restore.

use crate::base::error::{Error, Result};
use rusqlite::Connection;
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
pub(crate) fn chosen_dir(conn: &Connection) -> Option<PathBuf> {
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
pub fn automatic(conn: &Connection, book: &Path, reason: &str) -> Result<BackupInfo> {
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
