//! The one error type of the core. Every refusal has a stable code (what scripts and tests match),
//! a Chinese message for the accountant and an English one after it, and where it makes sense the
//! input field it is about (so the UI can highlight it).

use std::fmt;

/// A refusal or failure of a core operation. Nothing is ever half-written when one is returned:
/// every writing operation runs in one transaction that is rolled back on error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Stable machine-readable code, e.g. `unbalanced`.
    pub code: &'static str,
    /// Chinese message, shown first.
    pub zh: String,
    /// English message, shown second.
    pub en: String,
    /// The input field the error is about, e.g. `line[2].debit`, when there is one.
    pub field: Option<String>,
    /// Every field named by the problems joined into this error (see [`Error::many`]).
    pub fields: Vec<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error { code, zh: zh.into(), en: en.into(), field: None, fields: Vec::new() }
    }

    /// Names the input field the error is about.
    pub fn at(mut self, field: impl Into<String>) -> Error {
        let f = field.into();
        self.fields = vec![f.clone()];
        self.field = Some(f);
        self
    }

    /// Joins several problems into one error: the code is the first problem's, the messages list
    /// every problem, so the user can fix all of them at once (as hledger's validators do).
    pub fn many(mut errors: Vec<Error>) -> Error {
        if errors.len() == 1 {
            return errors.remove(0);
        }
        let first = errors[0].clone();
        let zh = errors.iter().map(|e| e.zh.as_str()).collect::<Vec<_>>().join("；");
        let en = errors.iter().map(|e| e.en.as_str()).collect::<Vec<_>>().join("; ");
        let fields = errors.iter().flat_map(|e| e.fields.iter().cloned()).collect();
        Error { code: first.code, zh, en, field: first.field, fields }
    }

    /// The one-line form of DESIGN.md §8: Chinese, then English, then the code in brackets.
    pub fn line(&self) -> String {
        format!("{} / {} [{}]", self.zh, self.en, self.code)
    }

    pub(crate) fn internal(what: impl fmt::Display) -> Error {
        Error::new("internal", format!("内部错误：{what}"), format!("internal error: {what}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line())
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        // Triggers raise their stable code as the message (RAISE(ABORT, 'posted-immutable: …')),
        // so a refusal that only the database caught still reaches the user with its code.
        if let rusqlite::Error::SqliteFailure(_, Some(msg)) = &e {
            if let Some(rest) = msg.strip_prefix("posted-immutable") {
                return Error::new(
                    "posted-immutable",
                    format!("已记账的凭证不能修改或删除，请用红字冲销{rest}"),
                    format!("a posted voucher cannot be changed or deleted; reverse it instead{rest}"),
                );
            }
            if msg.starts_with("period-closed") {
                return Error::new(
                    "period-closed",
                    "该月份已结账，不能记入凭证",
                    "the month is closed and accepts no vouchers",
                );
            }
            if msg.starts_with("log-immutable") {
                return Error::new(
                    "log-immutable",
                    "变更日志只能追加，不能修改或删除",
                    "the change log is append-only",
                );
            }
        }
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            match f.code {
                rusqlite::ErrorCode::NotADatabase => return not_a_book(),
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                    return Error::new(
                        "book-busy",
                        "账本正被另一个程序写入，请稍后再试",
                        "the book is being written by another program; try again later",
                    )
                }
                _ => {}
            }
        }
        Error::internal(e)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::internal(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new("io", format!("文件读写失败：{e}"), format!("file error: {e}"))
    }
}

pub(crate) fn not_a_book() -> Error {
    Error::new("not-a-book", "这个文件不是合作社账本", "this file is not a Coopbook book")
}

/// An error as it crosses to the UI: `{code, message, zh, en, field}`, where `message` is the
/// one-line form (Chinese, English, code).
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    pub zh: String,
    pub en: String,
    pub field: Option<String>,
    /// Every field with a problem, for outlining them all.
    pub fields: Vec<String>,
}

impl From<Error> for ErrorBody {
    fn from(e: Error) -> ErrorBody {
        ErrorBody { message: e.line(), code: e.code.to_string(), zh: e.zh, en: e.en, field: e.field, fields: e.fields }
    }
}

/// Makes the folder (and its parents) a file is about to be written into, e.g. the app's `导出`
/// beside the book; refused as `code` with the folder named as `zh` and `en` say
/// ("导出文件夹", "exports folder").
pub fn create_folder(dir: &std::path::Path, code: &'static str, zh: &str, en: &str) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::new(
            code,
            format!("无法创建{zh} {}：{e}", dir.display()),
            format!("cannot create the {en} {}: {e}", dir.display()),
        )
    })
}
