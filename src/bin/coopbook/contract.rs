//! `contract`: purchase agreements (购销协议) with buyers and how far they are fulfilled.

use crate::ctx::Ctx;
use crate::output::pad;
use clap::Subcommand;
use coopbook::business::trade::NewContract;
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Purchase agreements (购销协议) and their fulfilment.
    Contract {
        #[command(subcommand)]
        cmd: ContractCmd,
    },
}

#[derive(Subcommand)]
pub enum ContractCmd {
    Add {
        code: String,
        #[arg(long)]
        buyer: String,
        #[arg(long)]
        product: String,
        #[arg(long)]
        qty: String,
        #[arg(long)]
        price: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    List,
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Contract { cmd } = command;
    match cmd {
        ContractCmd::Add { code, buyer, product, qty, price, from, to } => {
            let c = ctx.write()?.add_contract(&NewContract {
                code,
                buyer,
                product,
                quantity: qty,
                price,
                start: from,
                end: to,
            })?;
            ctx.out(&c, |c| {
                format!(
                    "已登记购销协议 {}：{} {} {}，{} 至 {}\n",
                    c.code, c.buyer, c.product, c.quantity, c.start, c.end
                )
            })
        }
        ContractCmd::List => {
            let list = ctx.read()?.contracts()?;
            ctx.out(&serde_json::json!({"contracts": list}), |_| {
                list.iter()
                    .map(|c| {
                        format!(
                            "{}  {}  {}  约定 {} {}，已交 {}，未交 {}\n",
                            pad(&c.code, 14),
                            pad(&c.buyer, 12),
                            pad(&c.product, 8),
                            c.quantity,
                            c.unit,
                            c.delivered,
                            c.remaining
                        )
                    })
                    .collect()
            })
        }
    }
}
