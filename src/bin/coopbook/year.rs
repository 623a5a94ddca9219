//! `year`: the year-end close (年结): what blocks it, the close itself, the closed years.

use crate::ctx::Ctx;
use clap::Subcommand;
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Year-end close (年结): check what blocks it, close, list closed years.
    Year {
        #[command(subcommand)]
        cmd: YearCmd,
    },
}

#[derive(Subcommand)]
pub enum YearCmd {
    /// What stops the year from closing (every blocker), without closing it.
    Check {
        year: i32,
        /// The reason the year's distribution is deferred (成员大会决定暂缓分配).
        #[arg(long)]
        defer_distribution: Option<String>,
    },
    /// Carry P&L into 331 and 331 into 332, and close every month of the year.
    Close {
        year: i32,
        /// The reason the year's distribution is deferred (成员大会决定暂缓分配).
        #[arg(long)]
        defer_distribution: Option<String>,
    },
    /// The closed years.
    List,
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Year { cmd } = command;
    match cmd {
        YearCmd::Check { year, defer_distribution } => {
            let c = ctx.read()?.year_close_check(year, defer_distribution.as_deref())?;
            ctx.out(&c, |c| {
                let mut s = format!(
                    "{} 年本年盈余 {}，弥补亏损后 {}\n",
                    c.year,
                    c.surplus.grouped(),
                    c.distributable.grouped()
                );
                if c.ok {
                    s += &format!("{} 年可以年结\n", c.year);
                }
                for b in &c.blockers {
                    s += &format!("{} [{}]\n", b.zh, b.code);
                }
                s
            })
        }
        YearCmd::Close { year, defer_distribution } => {
            let c = ctx.write()?.close_year(year, defer_distribution.as_deref())?;
            ctx.out(&c, |c| {
                let v = |id: Option<i64>| id.map(|i| format!("凭证 {i}")).unwrap_or_else(|| "无需".into());
                format!(
                    "{} 年已年结：本年盈余 {}；结转损益 {}；结转本年盈余 {}{}\n",
                    c.year,
                    c.surplus.grouped(),
                    v(c.pnl_voucher_id),
                    v(c.transfer_voucher_id),
                    c.deferred_reason.as_ref().map(|r| format!("；暂缓分配：{r}")).unwrap_or_default()
                )
            })
        }
        YearCmd::List => {
            let list = ctx.read()?.closed_years()?;
            ctx.out(&serde_json::json!({"years": list}), |_| {
                list.iter()
                    .map(|y| {
                        format!(
                            "{} 年  年结于 {}（{}）  本年盈余 {}\n",
                            y.year,
                            y.closed_at,
                            y.closed_by,
                            y.surplus.grouped()
                        )
                    })
                    .collect()
            })
        }
    }
}
