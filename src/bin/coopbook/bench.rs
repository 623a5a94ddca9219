//! `bench`: timing what an accountant waits for on a book, beside `hledger bal`.

use crate::ctx::Ctx;
use clap::Subcommand;
use coopbook::tools::bench::{default_scratch, run as run_bench, table};
use coopbook::Result;
use std::path::PathBuf;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Time what an accountant waits for on this book (opening, trial balances, a member's account,
    /// the sales report, the distribution plan, all slips, backup, verify, a full bundle and its
    /// township import) beside `hledger bal` on the same book; the book is not changed.
    Bench {
        /// Where the copies, PDF, bundle and journal go (default: bench-scratch beside the book).
        #[arg(long)]
        scratch: Option<PathBuf>,
        /// Leave hledger out.
        #[arg(long)]
        no_hledger: bool,
        /// Only the interactive steps (opening to the distribution plan).
        #[arg(long)]
        quick: bool,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Bench { scratch, no_hledger, quick } = command;
    // The same door as every reader: who is acting must be a user of the book.
    drop(ctx.read()?);
    let scratch = scratch.unwrap_or_else(|| default_scratch(&ctx.db));
    let r = run_bench(&ctx.db, &scratch, !no_hledger, quick, |what| eprintln!("… {what}"))?;
    ctx.out(&r, table)
}
