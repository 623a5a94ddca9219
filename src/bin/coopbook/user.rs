//! `user` (users and roles: add, list, change a role or password, disable, unlock) and `whoami`.

use crate::ctx::{new_secret, Ctx};
use crate::output::pad;
use clap::Subcommand;
use coopbook::store::users::{Perm, Role, User, PERMISSIONS};
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Users and roles (用户): add, list, change a role or password, disable, unlock.
    User {
        #[command(subcommand)]
        cmd: UserCmd,
    },
    /// Who is acting, with their role and what they may do.
    Whoami,
}

#[derive(Subcommand)]
pub enum UserCmd {
    /// Add a user; the password comes from $COOPBOOK_NEW_PASSWORD or is asked for.
    Add {
        name: String,
        /// admin, accountant, cashier, chairman or supervisor (or 管理员, 会计, 出纳, 理事长, 监事).
        #[arg(long)]
        role: String,
    },
    List,
    /// Change a user's role (admin).
    Role {
        name: String,
        #[arg(long)]
        role: String,
    },
    /// Set a password: your own (after your current one), or anyone's as the admin. The new
    /// password comes from $COOPBOOK_NEW_PASSWORD or is asked for.
    Password {
        name: Option<String>,
    },
    /// Disable a user (admin); they can no longer log in.
    Disable {
        name: String,
    },
    /// Enable a disabled user (admin).
    Enable {
        name: String,
    },
    /// Lift the lock after too many wrong passwords (admin).
    Unlock {
        name: String,
    },
    /// Who may do what (the permission table).
    Permissions,
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::User { cmd } => user(ctx, cmd),
        Command::Whoami => {
            let me = ctx.read()?.me();
            ctx.out(&me, |m| {
                if !m.claimed {
                    format!("{}（账本还没有用户，可做一切操作）\n", m.name)
                } else {
                    let zh: Vec<&str> =
                        PERMISSIONS.iter().filter(|p| m.permissions.contains(&p.0.code())).map(|p| p.1).collect();
                    format!("{}  {} {}\n可以：{}\n", m.name, m.role_zh, m.role, zh.join("；"))
                }
            })
        }
    }
}

fn user(ctx: &Ctx, cmd: UserCmd) -> Result<()> {
    match cmd {
        UserCmd::Add { name, role } => {
            let mut book = ctx.write()?;
            book.require(Perm::Users)?;
            Role::parse(&role)?;
            let pw = new_secret(&name)?;
            let u = book.add_user(&name, &role, &pw)?;
            ctx.out(&u, |u| format!("已添加用户 {}（{}）\n", u.name, u.role_zh))
        }
        UserCmd::List => {
            let list = ctx.read()?.users()?;
            ctx.out(&serde_json::json!({"users": list}), |_| list.iter().map(user_line).collect())
        }
        UserCmd::Role { name, role } => {
            let u = ctx.write()?.set_user_role(&name, &role)?;
            ctx.out(&u, |u| format!("用户 {} 的角色改为 {}\n", u.name, u.role_zh))
        }
        UserCmd::Password { name } => {
            let mut book = ctx.write()?;
            let name = name.unwrap_or_else(|| ctx.user.clone());
            let own = name == book.user();
            if !own {
                book.require(Perm::Users)?;
            }
            let pw = new_secret(&name)?;
            // One's own password was just given to log in.
            let current = if own { std::env::var("COOPBOOK_PASSWORD").ok() } else { None };
            let u = book.set_password(&name, current.as_deref(), &pw)?;
            ctx.out(&u, |u| format!("用户 {} 的密码已更改\n", u.name))
        }
        UserCmd::Disable { name } => {
            let u = ctx.write()?.set_user_active(&name, false)?;
            ctx.out(&u, |u| format!("用户 {} 已停用\n", u.name))
        }
        UserCmd::Enable { name } => {
            let u = ctx.write()?.set_user_active(&name, true)?;
            ctx.out(&u, |u| format!("用户 {} 已启用\n", u.name))
        }
        UserCmd::Unlock { name } => {
            let u = ctx.write()?.unlock_user(&name)?;
            ctx.out(&u, |u| format!("用户 {} 已解锁\n", u.name))
        }
        UserCmd::Permissions => {
            let rows: Vec<serde_json::Value> = PERMISSIONS
                .iter()
                .map(|(p, zh, en, roles)| serde_json::json!({"permission": p, "zh": zh, "en": en, "roles": roles}))
                .collect();
            ctx.out(&serde_json::json!({"permissions": rows}), |_| {
                PERMISSIONS
                    .iter()
                    .map(|(p, zh, _, roles)| {
                        format!(
                            "{}  {}  {}\n",
                            pad(&p.code(), 14),
                            pad(zh, 40),
                            roles.iter().map(|r| r.zh()).collect::<Vec<_>>().join("、")
                        )
                    })
                    .collect()
            })
        }
    }
}

fn user_line(u: &User) -> String {
    format!(
        "{}  {}  {}{}\n",
        pad(&u.name, 12),
        pad(&format!("{} {}", u.role_zh, u.role), 20),
        if u.active { "启用" } else { "已停用" },
        u.locked_until.as_deref().map(|t| format!("  锁定至 {t}")).unwrap_or_default()
    )
}
