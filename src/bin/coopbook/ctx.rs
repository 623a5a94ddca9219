//! The context every command runs in: the book, the acting user and the output wanted; the
//! book is opened through the acting user's password, asked for here.

use crate::output;
use coopbook::{Book, Error, Mode, Result};
use serde::Serialize;
use std::path::PathBuf;

pub struct Ctx {
    pub db: PathBuf,
    pub user: String,
    pub json: bool,
}

impl Ctx {
    pub fn read(&self) -> Result<Book> {
        self.open(Mode::Read)
    }
    pub fn write(&self) -> Result<Book> {
        self.open(Mode::Write)
    }
    /// Opens the book as the acting user: in a book with users, after their password
    /// ($COOPBOOK_PASSWORD, or asked on the terminal).
    fn open(&self, mode: Mode) -> Result<Book> {
        let mut book = Book::open(&self.db, "", mode)?;
        // A script replaying past work (or a test of dated rules) names its own today.
        if let Some(d) = std::env::var_os("COOPBOOK_TODAY") {
            book.set_today(&d.to_string_lossy())?;
        }
        if !book.claimed() {
            book.set_user(&self.user)?;
            return Ok(book);
        }
        let pw = secret("COOPBOOK_PASSWORD", &format!("用户“{}”的密码 / password of {}: ", self.user, self.user))?;
        book.login(&self.user, &pw)?;
        Ok(book)
    }
    /// Prints `value` as JSON, or the text that `text` makes.
    pub fn out<T: Serialize>(&self, value: &T, text: impl FnOnce(&T) -> String) -> Result<()> {
        output::print(self.json, value, text)
    }
}

/// A password from the environment variable `var`, else asked on the terminal (not echoed).
fn secret(var: &str, prompt: &str) -> Result<String> {
    if let Some(v) = std::env::var_os(var) {
        return v.into_string().map_err(|_| {
            Error::new("password-required", format!("{var} 不是有效的文字"), format!("{var} is not valid text"))
        });
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return rpassword::prompt_password(prompt).map_err(|e| {
            Error::new("password-required", format!("读不到密码：{e}"), format!("could not read the password: {e}"))
        });
    }
    Err(Error::new(
        "password-required",
        format!("需要密码：请设置环境变量 {var} 或在终端上运行"),
        format!("a password is needed: set {var} or run on a terminal"),
    ))
}

/// A new password: from `COOPBOOK_NEW_PASSWORD`, else asked twice on the terminal.
pub fn new_secret(for_user: &str) -> Result<String> {
    new_secret_from("COOPBOOK_NEW_PASSWORD", for_user)
}

/// A new password from `var`, else asked twice on the terminal.
pub fn new_secret_from(var: &str, for_user: &str) -> Result<String> {
    if std::env::var_os(var).is_some() || !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return secret(var, "");
    }
    let a = secret("", &format!("“{for_user}”的新密码 / new password of {for_user}: "))?;
    let b = secret("", "再输一次 / again: ")?;
    if a != b {
        return Err(Error::new("password-mismatch", "两次输入的密码不一样", "the two passwords differ").at("password"));
    }
    Ok(a)
}
