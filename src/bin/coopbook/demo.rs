//! `demo`: a demo co-op book with members and posted vouchers.

use crate::ctx::Ctx;
use clap::{Args, Subcommand};
use coopbook::tools::demo::{create, DEMO_PASSWORD, DEMO_USERS};
use coopbook::{Error, Result};
use std::time::Instant;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Create a demo co-op book with members and posted vouchers.
    Demo(DemoArgs),
}

#[derive(Args)]
pub struct DemoArgs {
    #[arg(long, default_value_t = 30)]
    members: i64,
    #[arg(long, default_value_t = 1)]
    years: i64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The last year of the demo's books.
    #[arg(long, default_value_t = 2025)]
    end_year: i64,
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Demo(a) = command;
    if a.members < 1 || a.years < 1 || a.years > 50 {
        return Err(Error::new(
            "demo-invalid",
            "成员数至少为 1，年数在 1 到 50 之间",
            "members must be at least 1 and years between 1 and 50",
        ));
    }
    let started = Instant::now();
    let (_book, s) = create(&ctx.db, a.members, a.years, a.end_year, a.seed)?;
    let ms = started.elapsed().as_millis();
    let done = serde_json::json!({
        "book": ctx.db,
        "members": s.members,
        "vouchers": s.vouchers,
        "lines": s.lines,
        "years": s.years,
        "millis": ms
    });
    ctx.out(&done, |_| {
        format!(
            "已生成示范账本 {}：成员 {} 名，凭证 {} 张，分录 {} 行（{}），用时 {} ms\n用户 {}，密码均为 {}\n",
            ctx.db.display(),
            s.members,
            s.vouchers,
            s.lines,
            s.years,
            ms,
            DEMO_USERS.map(|u| u.0).join("、"),
            DEMO_PASSWORD
        )
    })
}
