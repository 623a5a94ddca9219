//! Who may do what in a book: the five roles of a co-op, the permissions an operation needs and
//! the table that grants them ([`PERMISSIONS`]), and who the book's users are as the book itself
//! asks when it opens and when it writes. Users are managed in [`crate::store::users`].

use crate::base::error::{Error, Result};
use rusqlite::OptionalExtension;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Accountant,
    Cashier,
    Chairman,
    Supervisor,
}

pub const ROLES: [Role; 5] = [Role::Admin, Role::Accountant, Role::Cashier, Role::Chairman, Role::Supervisor];

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Accountant => "accountant",
            Role::Cashier => "cashier",
            Role::Chairman => "chairman",
            Role::Supervisor => "supervisor",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Accountant => "会计",
            Role::Cashier => "出纳",
            Role::Chairman => "理事长",
            Role::Supervisor => "监事",
        }
    }

    /// Accepts the English code or the Chinese name.
    pub fn parse(text: &str) -> Result<Role> {
        let t = text.trim();
        ROLES.into_iter().find(|r| r.code().eq_ignore_ascii_case(t) || r.zh() == t).ok_or_else(|| {
            Error::new(
                "bad-role",
                format!("角色“{t}”不对：应为 管理员 admin、会计 accountant、出纳 cashier、理事长 chairman 或 监事 supervisor"),
                format!("unknown role \"{t}\": use admin, accountant, cashier, chairman or supervisor"),
            )
            .at("role")
        })
    }
}

/// What an operation needs. Reading (reports, lists, printing, `verify`, the audit log) is open to
/// every role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Perm {
    Read,
    /// Members, contributions, deliveries, sales, products, contracts, assets, operations, draft vouchers.
    Enter,
    Review,
    Post,
    Reverse,
    /// Payments to members and paying out the distribution.
    Pay,
    ClosePeriod,
    ReopenPeriod,
    CloseYear,
    /// The distribution plan and its posting.
    Distribute,
    /// Recording the Party branch's and the members' meeting's approval of the distribution.
    Approve,
    /// Imports: members, sales, opening balances.
    Import,
    /// Sync bundles for the township.
    Export,
    /// The co-op's profile and charter figures.
    Settings,
    Backup,
    Restore,
    /// Adding users, roles, disabling, unlocking, resetting passwords.
    Users,
}

use Role::*;

/// Who may do what: the permission, its names, and the roles that have it.
pub const PERMISSIONS: &[(Perm, &str, &str, &[Role])] = &[
    (
        Perm::Read,
        "查看账簿、报表、打印、校验、审计日志",
        "read books, reports, print, verify, audit log",
        &[Admin, Accountant, Cashier, Chairman, Supervisor],
    ),
    (
        Perm::Enter,
        "录入成员、出资、交售、销售、资产、业务和凭证草稿",
        "enter members, contributions, deliveries, sales, assets, operations, draft vouchers",
        &[Accountant],
    ),
    (Perm::Review, "审核凭证（不能审核自己制的单）", "review vouchers (not one's own)", &[Accountant, Chairman]),
    (Perm::Post, "记账", "post vouchers", &[Accountant, Chairman]),
    (Perm::Reverse, "红字冲销凭证和单据", "reverse vouchers and documents", &[Accountant]),
    (Perm::Pay, "付款给成员、发放盈余", "pay members, pay out the distribution", &[Accountant, Cashier]),
    (Perm::ClosePeriod, "月末结账", "close a month", &[Accountant]),
    (Perm::ReopenPeriod, "反结账", "reopen a month", &[Chairman]),
    (Perm::CloseYear, "年终结账", "close a year", &[Chairman]),
    (Perm::Distribute, "编制并过账盈余分配方案", "draw up and post the surplus distribution", &[Accountant]),
    (
        Perm::Approve,
        "登记党支部和成员大会的批准",
        "record the branch's and the members' meeting's approval",
        &[Chairman],
    ),
    (Perm::Import, "导入花名册、销售明细、期初余额", "import rosters, sales, opening balances", &[Accountant]),
    (Perm::Export, "导出同步包", "export sync bundles", &[Accountant, Chairman]),
    (Perm::Settings, "修改合作社资料和章程比例", "change the co-op's profile and charter", &[Admin, Accountant]),
    (Perm::Backup, "备份账本", "back up the book", &[Admin, Accountant, Chairman]),
    (Perm::Restore, "从备份恢复", "restore from a backup", &[Admin]),
    (
        Perm::Users,
        "管理用户（新增、角色、停用、解锁、重设密码）",
        "manage users (add, role, disable, unlock, reset password)",
        &[Admin],
    ),
];

impl Perm {
    /// The permission's row of [`PERMISSIONS`]; a permission missing from the table is held by
    /// no role (refused, never allowed by mistake). A test checks every one is there.
    fn row(self) -> (&'static str, &'static str, &'static [Role]) {
        PERMISSIONS.iter().find(|p| p.0 == self).map_or(("", "", &[]), |p| (p.1, p.2, p.3))
    }
    pub fn zh(self) -> &'static str {
        self.row().0
    }
    pub fn en(self) -> &'static str {
        self.row().1
    }
    pub fn code(self) -> String {
        match self {
            Perm::Read => "read",
            Perm::Enter => "enter",
            Perm::Review => "review",
            Perm::Post => "post",
            Perm::Reverse => "reverse",
            Perm::Pay => "pay",
            Perm::ClosePeriod => "close-period",
            Perm::ReopenPeriod => "reopen-period",
            Perm::CloseYear => "close-year",
            Perm::Distribute => "distribute",
            Perm::Approve => "approve",
            Perm::Import => "import",
            Perm::Export => "export",
            Perm::Settings => "settings",
            Perm::Backup => "backup",
            Perm::Restore => "restore",
            Perm::Users => "users",
        }
        .to_string()
    }
}

pub fn allowed(role: Role, perm: Perm) -> bool {
    perm.row().2.contains(&role)
}

/// The permissions a role has, as codes (for the app to show or hide what the user can do).
pub fn permissions_of(role: Role) -> Vec<String> {
    PERMISSIONS.iter().filter(|p| p.3.contains(&role)).map(|p| p.0.code()).collect()
}

/// A user's role and whether the account is active; `None` for no such user.
pub(crate) fn role_of(conn: &rusqlite::Connection, name: &str) -> Result<Option<(Role, bool)>> {
    let row: Option<(String, bool)> = conn
        .query_row("SELECT role, active FROM users WHERE name = ?1", [name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(r, a)| Ok((Role::parse(&r)?, a))).transpose()
}

/// Whether the book has users at all (then every operation needs a role).
pub(crate) fn any_users(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |r| r.get(0))?)
}
