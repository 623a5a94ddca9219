//! The `coopbook` command line: every command is a thin call into the core library, printing a
//! table for people or, with `--json`, one JSON document for scripts. A refusal prints
//! `中文 / English [code]` on stderr and exits 1; usage errors exit 2.
//!
//! Each module beside this one is a group of commands: its clap enum (the commands in the order
//! `--help` lists them, their arguments beside them) and the `run` that carries them out.
//! `ctx` opens the book as the acting user; `output` prints tables, JSON and refusals.

mod account;
mod asset;
mod audit;
mod backup;
mod bench;
mod bundle;
mod contract;
mod coop;
mod ctx;
mod demo;
mod distribution;
mod document;
mod import;
mod member;
mod notes;
mod output;
mod period;
mod print;
mod report;
mod shares;
mod township;
mod trade;
mod user;
mod voucher;
mod year;

use clap::{Parser, Subcommand};
use coopbook::store::book::default_path;
use coopbook::Result;
use ctx::Ctx;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "coopbook", version, about = "Coopbook 合作社账本 — bookkeeping for village co-ops")]
struct Cli {
    /// The book file (default: $COOPBOOK_DB, else book.coopbook in the user's data folder).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// The acting user (default: $COOPBOOK_USER, else "admin").
    #[arg(long, global = true)]
    user: Option<String>,
    /// Print one JSON document instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

// Every group's commands, inlined at this level in this order: the order of `--help`.
#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Coop(coop::Command),
    #[command(flatten)]
    Member(member::Command),
    #[command(flatten)]
    Account(account::Command),
    #[command(flatten)]
    Voucher(voucher::Command),
    #[command(flatten)]
    Period(period::Command),
    #[command(flatten)]
    Township(township::Command),
    #[command(flatten)]
    Backup(backup::Command),
    #[command(flatten)]
    Bundle(bundle::Command),
    #[command(flatten)]
    Year(year::Command),
    #[command(flatten)]
    Report(report::Command),
    #[command(flatten)]
    Trade(trade::Command),
    #[command(flatten)]
    Asset(asset::Command),
    #[command(flatten)]
    Contract(contract::Command),
    #[command(flatten)]
    Notes(notes::Command),
    #[command(flatten)]
    Print(print::Command),
    #[command(flatten)]
    Document(document::Command),
    #[command(flatten)]
    Distribution(distribution::Command),
    #[command(flatten)]
    Shares(shares::Command),
    #[command(flatten)]
    Import(import::Command),
    #[command(flatten)]
    Demo(demo::Command),
    #[command(flatten)]
    Audit(audit::Command),
    #[command(flatten)]
    User(user::Command),
    #[command(flatten)]
    Bench(bench::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Ctx {
        db: cli.db.clone().unwrap_or_else(default_path),
        user: cli
            .user
            .clone()
            .or_else(|| std::env::var("COOPBOOK_USER").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "admin".to_string()),
        json: cli.json,
    };
    output::exit(run(&ctx, cli.command))
}

fn run(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Coop(c) => coop::run(ctx, c),
        Command::Member(c) => member::run(ctx, c),
        Command::Account(c) => account::run(ctx, c),
        Command::Voucher(c) => voucher::run(ctx, c),
        Command::Period(c) => period::run(ctx, c),
        Command::Township(c) => township::run(ctx, c),
        Command::Backup(c) => backup::run(ctx, c),
        Command::Bundle(c) => bundle::run(ctx, c),
        Command::Year(c) => year::run(ctx, c),
        Command::Report(c) => report::run(ctx, c),
        Command::Trade(c) => trade::run(ctx, c),
        Command::Asset(c) => asset::run(ctx, c),
        Command::Contract(c) => contract::run(ctx, c),
        Command::Notes(c) => notes::run(ctx, c),
        Command::Print(c) => print::run(ctx, c),
        Command::Document(c) => document::run(ctx, c),
        Command::Distribution(c) => distribution::run(ctx, c),
        Command::Shares(c) => shares::run(ctx, c),
        Command::Import(c) => import::run(ctx, c),
        Command::Demo(c) => demo::run(ctx, c),
        Command::Audit(c) => audit::run(ctx, c),
        Command::User(c) => user::run(ctx, c),
        Command::Bench(c) => bench::run(ctx, c),
    }
}
