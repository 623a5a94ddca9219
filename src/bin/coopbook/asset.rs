//! `asset`: fixed assets (固定资产): register, monthly depreciation, disposal.

use crate::ctx::Ctx;
use crate::output::pad;
use clap::Subcommand;
use coopbook::business::assets::NewAsset;
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Fixed assets (固定资产): register, monthly depreciation, disposal.
    Asset {
        #[command(subcommand)]
        cmd: AssetCmd,
    },
}

#[derive(Subcommand)]
pub enum AssetCmd {
    Add {
        name: String,
        #[arg(long)]
        acquired: String,
        #[arg(long)]
        cost: String,
        #[arg(long)]
        life_months: String,
        #[arg(long)]
        residual: Option<String>,
        #[arg(long)]
        category: Option<String>,
        /// 521 (default) or 523.
        #[arg(long)]
        expense_account: Option<String>,
        /// bank (default), cash, or none (already on 151).
        #[arg(long)]
        paid: Option<String>,
    },
    List {
        #[arg(long)]
        at: Option<String>,
    },
    /// Run a month's straight-line depreciation (one voucher).
    Depreciate { month: String },
    Dispose {
        id: i64,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "0")]
        proceeds: String,
        #[arg(long)]
        via: Option<String>,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Asset { cmd } = command;
    match cmd {
        AssetCmd::Add { name, acquired, cost, life_months, residual, category, expense_account, paid } => {
            let a = ctx.write()?.add_asset(&NewAsset {
                name,
                category,
                acquired,
                cost,
                residual,
                life_months,
                expense_account,
                paid,
            })?;
            ctx.out(&a, |a| {
                format!(
                    "已登记固定资产 #{} {}，原值 {}，月折旧 {}\n",
                    a.id,
                    a.name,
                    a.cost.grouped(),
                    a.monthly.grouped()
                )
            })
        }
        AssetCmd::List { at } => {
            let at = at.unwrap_or_else(|| "9999-12-31".into());
            let list = ctx.read()?.assets(&at)?;
            ctx.out(&serde_json::json!({"assets": list}), |_| {
                list.iter()
                    .map(|a| {
                        format!(
                            "#{}  {}  原值 {}  累计折旧 {}  净值 {}{}\n",
                            a.id,
                            pad(&a.name, 16),
                            a.cost.grouped(),
                            a.accumulated.grouped(),
                            a.net.grouped(),
                            a.disposed.as_ref().map(|d| format!("  已于 {d} 处置")).unwrap_or_default()
                        )
                    })
                    .collect()
            })
        }
        AssetCmd::Depreciate { month } => {
            let v = ctx.write()?.depreciate(&month)?;
            ctx.out(&serde_json::json!({"voucher_id": v}), |_| match v {
                Some(id) => format!("{month} 折旧已计提（凭证 id {id}）\n"),
                None => format!("{month} 没有需要计提折旧的资产\n"),
            })
        }
        AssetCmd::Dispose { id, date, proceeds, via } => {
            let v = ctx.write()?.dispose_asset(id, &date, &proceeds, via.as_deref())?;
            ctx.out(&serde_json::json!({"voucher_id": v}), |_| format!("固定资产 #{id} 已处置（凭证 id {v}）\n"))
        }
    }
}
