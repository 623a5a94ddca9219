//! `document`: reversing a business document together with its voucher (红字冲销).

use crate::ctx::Ctx;
use clap::Subcommand;
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Business documents (deliveries, sales, contributions).
    Document {
        #[command(subcommand)]
        cmd: DocumentCmd,
    },
}

#[derive(Subcommand)]
pub enum DocumentCmd {
    /// Reverse a document and its voucher (红字冲销): KIND is delivery, sale, contribution, operation,
    /// harvest or payment.
    Reverse { kind: String, id: i64 },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Document { cmd: DocumentCmd::Reverse { kind, id } } = command;
    let rev = ctx.write()?.reverse_document(&kind, id)?;
    ctx.out(&serde_json::json!({"reversal_voucher_id": rev}), |_| format!("单据已冲销，冲销凭证 id {rev}\n"))
}
