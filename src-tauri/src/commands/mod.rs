//! The app's commands, grouped by the screens that call them: each one a call into the core.
//! Async so that the window never waits on the book (Tauri runs async commands off the main
//! thread). Every command is re-exported here, so the invoke handler names it `commands::NAME`.

mod backup;
mod distribution;
mod import;
mod ledger;
mod members;
mod print;
mod setup;
mod statements;
mod sync;
mod township;
mod trade;
mod users;

pub use backup::*;
pub use distribution::*;
pub use import::*;
pub use ledger::*;
pub use members::*;
pub use print::*;
pub use setup::*;
pub use statements::*;
pub use sync::*;
pub use township::*;
pub use trade::*;
pub use users::*;

use crate::session::AppState;
use coopbook::equity::coop::Coop;
use coopbook::io::print::Printed;
use coopbook::{Book, ErrorBody};
use std::path::{Path, PathBuf};
use tauri_plugin_dialog::FilePath;

type Res<T> = Result<T, ErrorBody>;

/// The path the user picked in a file dialog, as text; `None` when they cancelled.
fn picked(path: Option<FilePath>) -> Option<String> {
    path.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string())
}

fn demo_path(state: &AppState) -> PathBuf {
    state.data_dir.join("demo.coopbook")
}

/// Replaces the open book with `book` and remembers its path.
fn adopt(state: &AppState, book: Book) -> coopbook::Result<Coop> {
    let coop = book.coop()?;
    state.with(|s| {
        s.settings.last_book = Some(book.path().to_owned());
        s.book = Some(book);
        s.start_error = None;
        state.save_settings(&s.settings);
        Ok(coop)
    })
}

/// The open book must be let go before another is opened (the same file could be chosen).
fn release(state: &AppState) -> coopbook::Result<()> {
    state.with(|s| {
        s.book = None;
        Ok(())
    })
}

/// Writes a PDF named `file` into the prints folder beside the book and opens it in the system
/// viewer.
fn print_to(
    state: &AppState,
    file: String,
    f: impl FnOnce(&Book, &Path) -> coopbook::Result<Printed>,
) -> coopbook::Result<Printed> {
    let printed = state.book(|b| {
        let dir = crate::session::prints_dir(b);
        coopbook::base::error::create_folder(&dir, "print-folder", "打印文件夹", "prints folder")?;
        f(b, &dir.join(file))
    })?;
    crate::session::open_in_viewer(Path::new(&printed.path));
    Ok(printed)
}

/// Opens a written export in the system's viewer and hands back what was written.
fn shown(printed: Printed) -> Printed {
    crate::session::open_in_viewer(Path::new(&printed.path));
    printed
}
