//! Users, roles and what each role may do (DESIGN.md §5).
//!
//! Five roles: 管理员 admin (users, backups, restore, the co-op's settings), 会计 accountant (enters
//! and posts the books), 出纳 cashier (pays out), 理事长 chairman (reviews, approves, closes the year),
//! 监事 supervisor (reads and audits). The table [`PERMISSIONS`] is the one place that says who may
//! do what; ARCHITECTURE.md prints it. Every writing operation of the core names its [`Perm`] when
//! it opens its transaction ([`Book::write`]), so a new operation cannot forget the check.
//!
//! Passwords are stored as argon2id PHC strings. Five wrong passwords in a row lock the account for
//! 15 minutes; the admin can unlock it or set a new password. A book with no users yet is
//! *unclaimed* (a book made before users existed, or by `init` without a password): whoever opens
//! it acts with every right until the first user — an admin — is made.

use crate::base::error::{Error, Result};
use crate::store::access::role_of;
pub use crate::store::access::{allowed, permissions_of, Perm, Role, PERMISSIONS, ROLES};
use crate::store::book::{Book, Tx};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Wrong passwords in a row that lock an account.
pub const MAX_FAILURES: i64 = 5;
/// How long a locked account stays locked.
pub const LOCK_MINUTES: i64 = 15;
/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// One user as listed (never the password).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct User {
    pub name: String,
    /// `admin`, `accountant`, `cashier`, `chairman` or `supervisor`.
    pub role: String,
    pub role_zh: String,
    pub active: bool,
    /// Wrong passwords in a row.
    pub failed: i64,
    /// Locked until this time (UTC, RFC 3339) when locked now.
    pub locked_until: Option<String>,
    pub created_at: String,
}

/// Who is acting in an open book.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Me {
    pub name: String,
    /// Empty when nobody is logged in.
    pub role: String,
    pub role_zh: String,
    /// False for a book that has no users yet (anyone acts with every right).
    pub claimed: bool,
    /// What the acting user may do (permission codes such as `post`, `close-year`).
    pub permissions: Vec<String>,
}

fn now_utc() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

fn utc_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The argon2id hash of a password (PHC string, random 16-byte salt, the crate's default cost:
/// 19 MiB, 2 passes).
pub fn hash_password(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(Error::internal)?;
    let salt = SaltString::encode_b64(&salt).map_err(Error::internal)?;
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt).map_err(Error::internal)?.to_string())
}

fn password_matches(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// What the change log keeps of a password: a SHA-256 of the stored hash, so `verify` can tell a
/// password hash replaced by hand from one set through Coopbook.
pub fn stored_digest(phc: &str) -> String {
    hex::encode(Sha256::digest(phc.as_bytes()))
}

pub(crate) fn check_password_rules(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::new(
            "password-too-short",
            format!("密码至少要 {MIN_PASSWORD_CHARS} 个字符"),
            format!("a password needs at least {MIN_PASSWORD_CHARS} characters"),
        )
        .at("password"));
    }
    Ok(())
}

fn check_name(name: &str) -> Result<String> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > 32 || n.chars().any(char::is_control) {
        return Err(Error::new("bad-user-name", "用户名不能为空，最多 32 个字符", "a user name is 1 to 32 characters")
            .at("name"));
    }
    Ok(n.to_string())
}

fn unknown(name: &str) -> Error {
    Error::new("user-unknown", format!("没有用户“{name}”"), format!("no user \"{name}\"")).at("name")
}

/// Writes a user row (its password already hashed) and its `user.add` log row.
pub(crate) fn insert_user(tx: &mut Tx, name: &str, role: Role, phc: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO users (name, role, password, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, role.code(), phc, tx.now],
    )?;
    tx.log(
        "user.add",
        "user",
        name,
        &serde_json::json!({"name": name, "role": role.code(), "password_sha256": stored_digest(phc)}),
    )
}

fn admins_left(tx: &Tx, without: &str) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1 AND name <> ?1",
        [without],
        |r| r.get(0),
    )?)
}

impl Book {
    /// Who is acting, with their permissions.
    pub fn me(&self) -> Me {
        let claimed = self.claimed();
        let role = self.role();
        let permissions = match (claimed, role) {
            (false, _) => PERMISSIONS.iter().map(|p| p.0.code()).collect(),
            (true, Some(r)) => permissions_of(r),
            (true, None) => Vec::new(),
        };
        Me {
            name: self.user().to_string(),
            role: role.map(|r| r.code().to_string()).unwrap_or_default(),
            role_zh: role.map(|r| r.zh().to_string()).unwrap_or_default(),
            claimed,
            permissions,
        }
    }

    /// Refused unless the acting user may do `perm` (anyone may, in a book with no users yet).
    pub fn require(&self, perm: Perm) -> Result<()> {
        if !self.claimed() {
            return Ok(());
        }
        match self.role() {
            None => Err(Error::new("login-required", "请先登录", "log in first")),
            Some(r) if allowed(r, perm) => Ok(()),
            Some(r) => Err(Error::new(
                "permission-denied",
                format!("用户“{}”（{}）无权{}", self.user(), r.zh(), perm.zh()),
                format!("user \"{}\" ({}) may not {}", self.user(), r.code(), perm.en()),
            )),
        }
    }

    /// Checks a user's password and makes them the acting user. A wrong password counts toward
    /// the lock (and is logged); a locked or disabled account is refused without trying it.
    pub fn login(&mut self, name: &str, password: &str) -> Result<Me> {
        let name = name.trim();
        let row: Option<(String, String, bool, i64, Option<String>)> = self
            .conn
            .query_row("SELECT role, password, active, failed, locked_until FROM users WHERE name = ?1", [name], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?;
        let Some((role, phc, active, failed, locked_until)) = row else { return Err(unknown(name)) };
        if !active {
            return Err(Error::new(
                "user-disabled",
                format!("用户“{name}”已停用，请找管理员"),
                format!("user \"{name}\" is disabled; ask the admin"),
            )
            .at("name"));
        }
        let now = now_utc();
        if let Some(until) = locked_until.as_deref().filter(|u| *u > utc_text(now).as_str()) {
            return Err(locked(name, until));
        }
        if !password_matches(&phc, password) {
            let failed = failed + 1;
            let until = (failed >= MAX_FAILURES).then(|| utc_text(now + chrono::Duration::minutes(LOCK_MINUTES)));
            let who = name.to_string();
            self.write_as_system(|tx| {
                tx.execute(
                    "UPDATE users SET failed = ?1, locked_until = ?2 WHERE name = ?3",
                    params![if until.is_some() { 0 } else { failed }, until, who],
                )?;
                tx.log_as(
                    &who,
                    "user.login-failed",
                    "user",
                    &who,
                    &serde_json::json!({"failed": failed, "locked_until": until}),
                )
            })?;
            return Err(match until {
                Some(u) => locked(name, &u),
                None => Error::new(
                    "bad-password",
                    format!("密码不对（再错 {} 次将锁定 {LOCK_MINUTES} 分钟）", MAX_FAILURES - failed),
                    format!(
                        "wrong password ({} more and the account locks for {LOCK_MINUTES} minutes)",
                        MAX_FAILURES - failed
                    ),
                )
                .at("password"),
            });
        }
        if failed > 0 || locked_until.is_some() {
            let who = name.to_string();
            self.write_as_system(|tx| {
                Ok(tx.execute("UPDATE users SET failed = 0, locked_until = NULL WHERE name = ?1", [who])?)
            })?;
        }
        self.set_acting(name, Some(Role::parse(&role)?));
        Ok(self.me())
    }

    /// Forgets who is acting (the app's 退出登录).
    pub fn logout(&mut self) {
        self.set_acting("", None);
    }

    pub fn users(&self) -> Result<Vec<User>> {
        let now = utc_text(now_utc());
        let mut st = self.conn.prepare(
            "SELECT name, role, active, failed, locked_until, created_at FROM users ORDER BY created_at, name",
        )?;
        let rows = st.query_map([], |r| {
            let role: String = r.get(1)?;
            let until: Option<String> = r.get(4)?;
            Ok(User {
                name: r.get(0)?,
                role_zh: Role::parse(&role).map(|r| r.zh().to_string()).unwrap_or_default(),
                role,
                active: r.get(2)?,
                failed: r.get(3)?,
                locked_until: until.filter(|u| *u > now),
                created_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a user. The first user of a book must be an admin (it claims the book, and the one
    /// who makes it becomes that admin); after that only an admin adds users.
    pub fn add_user(&mut self, name: &str, role: &str, password: &str) -> Result<User> {
        let name = check_name(name)?;
        let role = Role::parse(role)?;
        check_password_rules(password)?;
        let first = !self.claimed();
        if first && role != Role::Admin {
            return Err(
                Error::new("first-user-admin", "第一个用户必须是管理员", "the first user must be an admin").at("role")
            );
        }
        if role_of(&self.conn, &name)?.is_some() {
            return Err(Error::new(
                "user-exists",
                format!("用户“{name}”已经有了"),
                format!("user \"{name}\" already exists"),
            )
            .at("name"));
        }
        let phc = hash_password(password)?;
        self.write(Perm::Users, |tx| insert_user(tx, &name, role, &phc))?;
        if first {
            self.set_acting(&name, Some(role));
        }
        self.user_row(&name)
    }

    fn user_row(&self, name: &str) -> Result<User> {
        self.users()?.into_iter().find(|u| u.name == name).ok_or_else(|| unknown(name))
    }

    /// Changes a user's role (admin). The last active admin keeps the role.
    pub fn set_user_role(&mut self, name: &str, role: &str) -> Result<User> {
        let role = Role::parse(role)?;
        self.require(Perm::Users)?;
        let (old, _) = role_of(&self.conn, name)?.ok_or_else(|| unknown(name))?;
        let who = name.to_string();
        self.write(Perm::Users, |tx| {
            if old == Role::Admin && role != Role::Admin && admins_left(tx, &who)? == 0 {
                return Err(last_admin());
            }
            tx.execute("UPDATE users SET role = ?1 WHERE name = ?2", params![role.code(), who])?;
            tx.log(
                "user.role",
                "user",
                &who,
                &serde_json::json!({"name": who, "before": {"role": old.code()}, "after": {"role": role.code()}}),
            )
        })?;
        if name == self.user() {
            self.set_acting(name, Some(role));
        }
        self.user_row(name)
    }

    /// Disables or enables a user (admin). The last active admin stays active.
    pub fn set_user_active(&mut self, name: &str, active: bool) -> Result<User> {
        self.require(Perm::Users)?;
        let (role, was) = role_of(&self.conn, name)?.ok_or_else(|| unknown(name))?;
        let who = name.to_string();
        self.write(Perm::Users, |tx| {
            if role == Role::Admin && !active && admins_left(tx, &who)? == 0 {
                return Err(last_admin());
            }
            tx.execute("UPDATE users SET active = ?1 WHERE name = ?2", params![active, who])?;
            tx.log(
                if active { "user.enable" } else { "user.disable" },
                "user",
                &who,
                &serde_json::json!({"name": who, "before": {"active": was}, "after": {"active": active}}),
            )
        })?;
        self.user_row(name)
    }

    /// Lifts a lock before its time (admin).
    pub fn unlock_user(&mut self, name: &str) -> Result<User> {
        role_of(&self.conn, name)?.ok_or_else(|| unknown(name))?;
        let who = name.to_string();
        self.write(Perm::Users, |tx| {
            tx.execute("UPDATE users SET failed = 0, locked_until = NULL WHERE name = ?1", [&who])?;
            tx.log("user.unlock", "user", &who, &serde_json::json!({"name": who}))
        })?;
        self.user_row(name)
    }

    /// Sets a new password: one's own (any logged-in user, who must give the current one), or
    /// anyone's by the admin (a reset, which also unlocks).
    pub fn set_password(&mut self, name: &str, current: Option<&str>, new_password: &str) -> Result<User> {
        check_password_rules(new_password)?;
        let own = self.claimed() && name == self.user();
        if own {
            let phc: String =
                self.conn.query_row("SELECT password FROM users WHERE name = ?1", [name], |r| r.get(0))?;
            if !current.is_some_and(|c| password_matches(&phc, c)) {
                return Err(Error::new("bad-password", "当前密码不对", "the current password is wrong").at("current"));
            }
        } else {
            self.require(Perm::Users)?;
        }
        role_of(&self.conn, name)?.ok_or_else(|| unknown(name))?;
        let phc = hash_password(new_password)?;
        let who = name.to_string();
        self.write(if own { Perm::Read } else { Perm::Users }, |tx| {
            tx.execute(
                "UPDATE users SET password = ?1, failed = 0, locked_until = NULL WHERE name = ?2",
                params![phc, who],
            )?;
            tx.log(
                if own { "user.password" } else { "user.reset" },
                "user",
                &who,
                &serde_json::json!({"name": who, "password_sha256": stored_digest(&phc)}),
            )
        })?;
        self.user_row(name)
    }
}

fn locked(name: &str, until: &str) -> Error {
    let local = chrono::DateTime::parse_from_rfc3339(until)
        .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
        .unwrap_or_else(|_| until.to_string());
    Error::new(
        "user-locked",
        format!("用户“{name}”连续输错密码 {MAX_FAILURES} 次，已锁定到 {local}；可请管理员解锁"),
        format!(
            "user \"{name}\" is locked after {MAX_FAILURES} wrong passwords until {local}; the admin can unlock it"
        ),
    )
    .at("password")
}

fn last_admin() -> Error {
    Error::new(
        "last-admin",
        "这是最后一个管理员，不能停用或改为其他角色",
        "this is the last admin: it cannot be disabled or given another role",
    )
}

/// What `verify` expects the users table to hold, replayed from the change log.
pub(crate) fn replay(
    conn: &rusqlite::Connection,
) -> Result<std::collections::BTreeMap<String, (String, bool, String)>> {
    let mut users = std::collections::BTreeMap::new();
    let mut st =
        conn.prepare("SELECT action, entity_id, payload FROM change_log WHERE entity = 'user' ORDER BY seq")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (action, name, payload): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let p: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
        let s = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        match action.as_str() {
            "user.add" => {
                users.insert(name, (s("role"), true, s("password_sha256")));
            }
            "user.role" => {
                if let Some(u) = users.get_mut(&name) {
                    u.0 = p["after"]["role"].as_str().unwrap_or_default().to_string();
                }
            }
            "user.enable" | "user.disable" => {
                if let Some(u) = users.get_mut(&name) {
                    u.1 = action == "user.enable";
                }
            }
            "user.password" | "user.reset" => {
                if let Some(u) = users.get_mut(&name) {
                    u.2 = s("password_sha256");
                }
            }
            _ => {}
        }
    }
    Ok(users)
}

impl Book {
    /// Adds a user as the admin does in the app: the permission is checked first, before the
    /// name, role and password (anyone may, in a book with no users yet; see [`Book::add_user`]).
    pub fn admin_add_user(&mut self, name: &str, role: &str, password: &str) -> Result<User> {
        self.require(Perm::Users)?;
        self.add_user(name, role, password)
    }

    /// The admin sets someone's password (a reset, which also unlocks): the permission is
    /// checked first; the admin's own password is changed with [`Book::change_own_password`].
    pub fn reset_password(&mut self, name: &str, password: &str) -> Result<User> {
        self.require(Perm::Users)?;
        self.set_password(name, None, password)
    }

    /// The acting user changes their own password, giving the current one.
    pub fn change_own_password(&mut self, current: &str, password: &str) -> Result<User> {
        let me = self.user().to_string();
        self.set_password(&me, Some(current), password)
    }

    /// A book with no users yet (made before users existed): its first user, an admin, claims it
    /// and is logged in. Refused (`book-claimed`) once the book has users.
    pub fn claim(&mut self, name: &str, password: &str) -> Result<Me> {
        if self.claimed() {
            return Err(Error::new(
                "book-claimed",
                "这个账本已经有用户，请登录",
                "this book has users already: log in",
            ));
        }
        self.add_user(name, "admin", password)?;
        Ok(self.me())
    }
}
