//! `account`: the chart of accounts (科目) and the sub-accounts a co-op adds.

use crate::ctx::Ctx;
use crate::output::pad;
use clap::Subcommand;
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Chart of accounts (科目).
    Account {
        #[command(subcommand)]
        cmd: AccountCmd,
    },
}

#[derive(Subcommand)]
pub enum AccountCmd {
    List,
    Add {
        code: String,
        name: String,
        #[arg(long)]
        parent: String,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Account { cmd } = command;
    match cmd {
        AccountCmd::List => {
            let list = ctx.read()?.accounts()?;
            ctx.out(&serde_json::json!({"accounts": list}), |_| {
                let mut s = String::new();
                for a in &list {
                    let indent = "  ".repeat((a.code.len() - 3) / 2);
                    s += &format!(
                        "{}{}{}{}\n",
                        pad(&format!("{indent}{} {}", a.code, a.name), 36),
                        pad(a.class_zh(), 12),
                        a.direction_zh(),
                        if a.member_ledger { "  按成员核算" } else { "" }
                    );
                }
                s
            })
        }
        AccountCmd::Add { code, name, parent } => {
            let a = ctx.write()?.add_account(&code, &name, &parent)?;
            ctx.out(&a, |a| format!("已增设科目 {}\n", a.full_name))
        }
    }
}
