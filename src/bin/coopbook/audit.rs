//! `verify` (the change log's hash chain and the ledger invariants) and `log` (the change log,
//! 审计日志).

use crate::ctx::Ctx;
use crate::output::{pad, rpad};
use clap::Subcommand;
use coopbook::store::log::{search, LogFilter};
use coopbook::{Error, Result};

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Check the change log's hash chain and the ledger invariants.
    Verify,
    /// The change log (审计日志), newest first, filtered.
    Log {
        #[arg(long, default_value_t = 20)]
        limit: i64,
        /// Rows by this user only.
        #[arg(long = "by")]
        by: Option<String>,
        /// An action (`voucher.post`) or a prefix ending in a dot (`voucher.`).
        #[arg(long)]
        action: Option<String>,
        /// What was changed (`voucher`, `member`, `user`, …) and, optionally, which one.
        #[arg(long)]
        entity: Option<String>,
        #[arg(long)]
        id: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// Text anywhere in the row.
        #[arg(long)]
        text: Option<String>,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Verify => verify(ctx),
        Command::Log { limit, by, action, entity, id, from, to, text } => {
            let f =
                LogFilter { user: by, action, entity, entity_id: id, from, to, text, limit: Some(limit), offset: None };
            let page = search(ctx.read()?.conn(), &f)?;
            ctx.out(&serde_json::json!({"log": page.rows, "total": page.total}), |_| {
                page.rows
                    .iter()
                    .map(|r| {
                        format!(
                            "{}  {}  {}  {} {} {}\n",
                            rpad(&r.seq.to_string(), 6),
                            r.at,
                            pad(&r.user, 10),
                            r.action,
                            r.entity,
                            r.entity_id
                        )
                    })
                    .collect()
            })
        }
    }
}

fn verify(ctx: &Ctx) -> Result<()> {
    let v = ctx.read()?.verify()?;
    ctx.out(&v, |v| {
        if v.ok {
            format!(
                "校验通过：变更日志 {} 行，哈希链完整；已记账凭证 {} 张全部平衡且未被改动\n",
                v.log_rows, v.posted_vouchers
            )
        } else {
            v.problems.iter().map(|p| format!("{} / {} [{}]\n", p.zh, p.en, p.code)).collect()
        }
    })?;
    if let Some(p) = v.problems.first() {
        return Err(Error::new(
            "verify-failed",
            format!("校验未通过：{}", p.zh),
            format!("verification failed: {}", p.en),
        ));
    }
    Ok(())
}
