//! How the CLI prints: one JSON document for scripts or a table for people, the padding of the
//! tables' columns, and a refusal on stderr with its exit code.

use coopbook::Result;
use serde::Serialize;
use std::process::ExitCode;

/// Prints `value` as JSON when `json`, else the text that `text` makes of it.
pub fn print<T: Serialize>(json: bool, value: &T, text: impl FnOnce(&T) -> String) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(value)?);
    } else {
        print!("{}", text(value));
    }
    Ok(())
}

/// The exit code of a command: 0 when it succeeded, else 1 after its refusal on stderr as
/// `中文 / English [code]` (usage errors exit 2 from clap before a command runs).
pub fn exit(result: Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e.line());
            ExitCode::from(1)
        }
    }
}

/// `s` padded on the right to `width` terminal columns.
pub fn pad(s: &str, width: usize) -> String {
    // CJK characters take two columns in a terminal.
    let w: usize = s.chars().map(|c| if (c as u32) > 0x2E80 { 2 } else { 1 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// `s` right-aligned in `width` characters.
pub fn rpad(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.chars().count())))
}
