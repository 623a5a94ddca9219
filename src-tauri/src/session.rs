//! Which book the window has open, who is acting, and the settings remembered between runs
//! (the last book, the user, the language) in `settings.json` of the app's config folder.

use coopbook::{Book, Error, Mode, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::Manager;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Settings {
    pub last_book: Option<PathBuf>,
    /// The township database opened last (经管站 side).
    #[serde(default)]
    pub last_township: Option<PathBuf>,
    pub user: Option<String>,
    pub locale: Option<String>,
}

pub struct Session {
    pub book: Option<Book>,
    /// The township database, when the township station's side is open.
    pub township: Option<coopbook::sync::township::Township>,
    pub settings: Settings,
    /// Why the remembered or `COOPBOOK_DB` book did not open at start, for the first screen.
    pub start_error: Option<Error>,
    /// Milliseconds from process start to the book being open (for the first-screen timing).
    pub startup_ms: u128,
}

pub struct AppState {
    pub session: Mutex<Session>,
    pub settings_path: PathBuf,
    pub data_dir: PathBuf,
}

fn load_settings(path: &Path) -> Settings {
    std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

impl AppState {
    pub fn start(app: &tauri::AppHandle, started: std::time::Instant) -> AppState {
        let config_dir = app.path().app_config_dir().unwrap_or_else(|_| PathBuf::from("."));
        let data_dir = app.path().app_data_dir().unwrap_or_else(|_| PathBuf::from("."));
        let settings_path = config_dir.join("settings.json");
        let settings = load_settings(&settings_path);
        // COOPBOOK_DB names the book to open, as for the CLI; else the one used last.
        let wanted = std::env::var_os("COOPBOOK_DB")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .or_else(|| settings.last_book.clone());
        let (book, start_error) = match wanted {
            // Nobody is logged in yet: the first screen asks (or, for a book with no users yet,
            // asks for its admin).
            Some(p) => match Book::open(&p, "", Mode::Write) {
                Ok(b) => {
                    daily_backup_in_background(b.path());
                    (Some(b), None)
                }
                Err(e) => (None, Some(e)),
            },
            None => (None, None),
        };
        let startup_ms = started.elapsed().as_millis();
        AppState {
            session: Mutex::new(Session { book, township: None, settings, start_error, startup_ms }),
            settings_path,
            data_dir,
        }
    }

    /// Runs `f` with the session locked.
    pub fn with<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> Result<T> {
        let mut s = self
            .session
            .lock()
            .map_err(|_| Error::new("internal", "内部错误：会话锁损坏", "internal error: session lock poisoned"))?;
        f(&mut s)
    }

    /// Runs `f` on the open book, for the logged-in user (the core checks what they may do).
    pub fn book<T>(&self, f: impl FnOnce(&mut Book) -> Result<T>) -> Result<T> {
        self.any_book(|b| {
            if b.claimed() && b.role().is_none() {
                return Err(Error::new("login-required", "请先登录", "log in first"));
            }
            f(b)
        })
    }

    /// Runs `f` on the open book whether or not anyone is logged in (login itself).
    pub fn any_book<T>(&self, f: impl FnOnce(&mut Book) -> Result<T>) -> Result<T> {
        self.with(|s| match s.book.as_mut() {
            Some(b) => f(b),
            None => Err(Error::new("no-book", "还没有打开账本", "no book is open")),
        })
    }

    /// Runs `f` on the open township database; COOPBOOK_TOWNSHIP, else the last one, opens on first use.
    pub fn township<T>(&self, f: impl FnOnce(&mut coopbook::sync::township::Township) -> Result<T>) -> Result<T> {
        self.township_if_open(f)?
            .ok_or_else(|| Error::new("no-township", "还没有打开乡镇汇总库", "no township database is open"))
    }

    /// Like [`Self::township`], but `None` when there is no township database to open.
    pub fn township_if_open<T>(
        &self,
        f: impl FnOnce(&mut coopbook::sync::township::Township) -> Result<T>,
    ) -> Result<Option<T>> {
        self.with(|s| {
            if s.township.is_none() {
                let wanted = std::env::var_os("COOPBOOK_TOWNSHIP")
                    .filter(|p| !p.is_empty())
                    .map(PathBuf::from)
                    .or_else(|| s.settings.last_township.clone());
                if let Some(p) = wanted.filter(|p| p.is_file()) {
                    s.township = Some(coopbook::sync::township::Township::open(&p)?);
                }
            }
            s.township.as_mut().map(f).transpose()
        })
    }

    pub fn save_settings(&self, s: &Settings) {
        if let Some(dir) = self.settings_path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(bytes) = serde_json::to_vec_pretty(s) {
            let _ = std::fs::write(&self.settings_path, bytes);
        }
    }
}

/// Where the app writes its PDFs: a `打印` folder beside the book, so the accountant finds the
/// prints next to the books they belong to.
pub fn prints_dir(book: &Book) -> PathBuf {
    book.path().parent().map(Path::to_path_buf).unwrap_or_default().join("打印")
}

/// Where the app writes Excel exports: a `导出` folder beside the book.
pub fn exports_dir(book: &Book) -> PathBuf {
    book.path().parent().map(Path::to_path_buf).unwrap_or_default().join("导出")
}

/// Where the township's Excel exports go: a `导出` folder beside the township database.
pub fn township_exports_dir(township: &coopbook::sync::township::Township) -> PathBuf {
    township.path().parent().map(Path::to_path_buf).unwrap_or_default().join("导出")
}

/// The day's first opening of a book takes a backup, on a thread of its own so the first screen
/// does not wait for it; one that fails does not stop the work.
pub fn daily_backup_in_background(book: &Path) {
    let book = book.to_path_buf();
    std::thread::spawn(move || {
        let _ = coopbook::store::backup::daily(&book);
    });
}

/// Where bundles are written unless the user picks a place: a `同步包` folder beside the book.
pub fn bundles_dir(book: &Book) -> PathBuf {
    book.path().parent().map(Path::to_path_buf).unwrap_or_default().join("同步包")
}

/// Opens a written file in the system's viewer (Tauri has no print API and webkit2gtk cannot
/// print silently: the viewer prints). Skipped when `COOPBOOK_NO_OPEN` is set, as the end-to-end
/// test does; a viewer that cannot be started leaves the file where the message says.
pub fn open_in_viewer(path: &Path) {
    if std::env::var_os("COOPBOOK_NO_OPEN").is_some_and(|v| !v.is_empty()) {
        return;
    }
    #[cfg(target_os = "windows")]
    let child = std::process::Command::new("explorer").arg(path).spawn();
    #[cfg(target_os = "macos")]
    let child = std::process::Command::new("open").arg(path).spawn();
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let child = std::process::Command::new("xdg-open").arg(path).spawn();
    // Reap the launcher in the background so it leaves no zombie.
    if let Ok(mut c) = child {
        std::thread::spawn(move || c.wait());
    }
}
