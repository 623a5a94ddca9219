//! `township`: the township station's side (乡镇经管站): importing villages' bundles into the
//! township database, the villages, their figures and statements as imported, re-pinning a key.

use crate::ctx::Ctx;
use crate::output::pad;
use crate::report::{statement_text, trial_balance_text};
use clap::Subcommand;
use coopbook::io::xlsx::write_township;
use coopbook::sync::township::Township;
use coopbook::{Error, Result};
use std::path::PathBuf;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// The township station's side (乡镇经管站): --db is the township database; import villages'
    /// bundles, list villages, a village's statements as imported, re-pin a village's key.
    Township {
        #[command(subcommand)]
        cmd: TownshipCmd,
    },
}

#[derive(Subcommand)]
pub enum TownshipCmd {
    /// Import bundle files (any order; each is applied in sequence, all-or-nothing, and gets a verdict).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The villages registered, with their last bundle and key fingerprint.
    Villages,
    /// Every village's figures for a year and the township's totals (Excel with --xlsx).
    Report {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// A village's trial balance, as imported.
    TrialBalance {
        #[arg(long)]
        coop: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// A village's statement (KIND: balance-sheet, surplus, equity-changes, member-accounts, notes,
    /// general-ledger), as imported.
    Statement {
        kind: String,
        #[arg(long)]
        coop: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        month: Option<u32>,
    },
    /// Accept a village's new signing key once its fingerprint was confirmed by phone.
    Repin {
        coop: String,
        #[arg(long)]
        fingerprint: String,
        /// The new public key (hex, as in the bundle's manifest).
        #[arg(long)]
        key: String,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Township { cmd } = command;
    let mut t = Township::open(&ctx.db)?;
    match cmd {
        TownshipCmd::Import { files } => {
            let verdicts = t.import(&files);
            ctx.out(&serde_json::json!({"files": verdicts}), |_| {
                verdicts
                    .iter()
                    .map(|v| {
                        format!(
                            "{}  {}\n",
                            v.file,
                            if v.status == "refused" { format!("拒绝：{}", v.message) } else { v.message.clone() }
                        )
                    })
                    .collect()
            })?;
            match verdicts.iter().find(|v| v.status == "refused") {
                Some(v) => Err(Error::new(
                    "import-refused",
                    format!("有同步包被拒绝：{}", v.file),
                    format!("a bundle was refused: {}", v.file),
                )),
                None => Ok(()),
            }
        }
        TownshipCmd::Villages => {
            let list = t.villages()?;
            ctx.out(&serde_json::json!({"villages": list}), |_| {
                list.iter()
                    .map(|v| format!("{}  {}  第 {} 号  {}\n", v.uscc, pad(&v.name, 30), v.last_seq, v.fingerprint))
                    .collect()
            })
        }
        TownshipCmd::Report { year, xlsx } => {
            // By default the latest year the villages' books reach.
            let year = match year {
                Some(y) => y,
                None => t
                    .latest_year()?
                    .unwrap_or_else(|| chrono::Local::now().format("%Y").to_string().parse().unwrap_or(2025)),
            };
            let r = t.report(year)?;
            if let Some(out) = &xlsx {
                write_township(out, &r)?;
            }
            ctx.out(&r, |r| {
                let mut s = format!(
                    "{} 年乡镇汇总：合作社 {} 个，成员 {} 名，销售 {}，本年盈余 {}，分配 {}，村集体收入 {}；\
                     村集体收入达 50 万元的 {} 个\n",
                    r.year,
                    r.totals.coops,
                    r.totals.members,
                    r.totals.sales.grouped(),
                    r.totals.surplus.grouped(),
                    r.totals.distributed.grouped(),
                    r.totals.collective_income.grouped(),
                    r.totals.villages_500k
                );
                for v in &r.villages {
                    s += &format!(
                        "{}  {}  成员 {}  村集体占股 {}  销售 {}  盈余 {}  分配 {}  村集体收入 {}{}\n",
                        v.uscc,
                        pad(&v.name, 30),
                        v.members,
                        v.collective_share.clone().unwrap_or("-".into()),
                        v.sales.grouped(),
                        v.surplus.grouped(),
                        v.distributed.grouped(),
                        v.collective_income.grouped(),
                        if v.flags.is_empty() { String::new() } else { format!("  ⚠ {}", v.flags.join(", ")) }
                    );
                }
                s
            })
        }
        TownshipCmd::TrialBalance { coop, from, to } => {
            let tb = t.village(&coop)?.trial_balance(&from, &to)?;
            ctx.out(&tb, trial_balance_text)
        }
        TownshipCmd::Statement { kind, coop, year, month } => {
            let st = t.village(&coop)?.statement(&kind, year, month)?;
            ctx.out(&st, statement_text)
        }
        TownshipCmd::Repin { coop, fingerprint, key } => {
            t.repin(&coop, &fingerprint, &key)?;
            ctx.out(&serde_json::json!({"uscc": coop, "fingerprint": fingerprint}), |_| {
                format!("已重新登记 {coop} 的签名密钥（指纹 {fingerprint}）\n")
            })
        }
    }
}
