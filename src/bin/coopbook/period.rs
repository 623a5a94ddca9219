//! `period`: month close and reopen (结账 / 反结账).

use crate::ctx::Ctx;
use clap::Subcommand;
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Month close and reopen (结账 / 反结账).
    Period {
        #[command(subcommand)]
        cmd: PeriodCmd,
    },
}

#[derive(Subcommand)]
pub enum PeriodCmd {
    /// What stops a month from closing (every blocker), without closing it.
    Check {
        month: String,
    },
    Close {
        month: String,
    },
    Reopen {
        month: String,
    },
    List,
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Period { cmd } = command;
    match cmd {
        PeriodCmd::Check { month } => {
            let c = ctx.read()?.close_check(&month)?;
            ctx.out(&c, |c| {
                if c.ok {
                    format!("{} 可以结账\n", c.month)
                } else {
                    c.blockers.iter().map(|b| format!("{} [{}]\n", b.zh, b.code)).collect()
                }
            })
        }
        PeriodCmd::Close { month } => {
            let p = ctx.write()?.close_period(&month)?;
            ctx.out(&p, |p| format!("{} 已结账\n", p.month))
        }
        PeriodCmd::Reopen { month } => {
            let p = ctx.write()?.reopen_period(&month)?;
            ctx.out(&p, |p| format!("{} 已反结账\n", p.month))
        }
        PeriodCmd::List => {
            let list = ctx.read()?.periods()?;
            ctx.out(&serde_json::json!({"periods": list}), |_| {
                list.iter()
                    .map(|p| {
                        format!(
                            "{}  {}  凭证 {} 张，未记账 {} 张\n",
                            p.month,
                            if p.closed { "已结账" } else { "未结账" },
                            p.vouchers,
                            p.unposted
                        )
                    })
                    .collect()
            })
        }
    }
}
