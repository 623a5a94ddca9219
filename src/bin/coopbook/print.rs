//! `print`: PDFs of the dividend slips, a member's account, the 公示 notice, vouchers and
//! statements.

use crate::ctx::Ctx;
use clap::builder::PossibleValuesParser;
use clap::Subcommand;
use coopbook::reports::statements::KINDS;
use coopbook::Result;
use std::path::PathBuf;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Print to PDF: dividend slips, a member's account statement, the 公示 notice, vouchers, statements.
    Print {
        #[command(subcommand)]
        cmd: PrintCmd,
    },
}

#[derive(Subcommand)]
pub enum PrintCmd {
    /// 盈余分配通知单, three to an A4 page: every member, or one with --member.
    Slips {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        member: Option<i64>,
    },
    /// A member's account (成员账户) for a year.
    Statement {
        #[arg(long)]
        member: i64,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
    /// 成员账户 in the form of the 2021 appendix (A4 landscape): 年初余额, the year's entries, 年末余额/总额.
    MemberAccount {
        #[arg(long)]
        member: i64,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
    /// 记账凭证, two to an A4 page: a month's (`--month`) or the ones named (`--id`, repeatable).
    Vouchers {
        #[arg(long, conflicts_with = "ids", required_unless_present = "ids")]
        month: Option<String>,
        #[arg(long = "id")]
        ids: Vec<i64>,
        #[arg(long)]
        out: PathBuf,
    },
    /// The 公示 list of the year's plan for the village notice board (A4 landscape).
    Notice {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
    /// A statement as its A4 form: balance-sheet (会农社01), surplus (02), equity-changes (03),
    /// member-accounts (成员账户表) or general-ledger (总账), every check printed under it.
    Report {
        #[arg(value_parser = PossibleValuesParser::new(KINDS.iter().copied()))]
        kind: String,
        #[arg(long)]
        year: i32,
        /// The balance sheet's month (default 12).
        #[arg(long)]
        month: Option<u32>,
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Print { cmd } = command;
    let book = ctx.read()?;
    let (printed, what) = match cmd {
        PrintCmd::Slips { year, out, member } => (book.print_slips(year, member, &out)?, "张分配通知单"),
        PrintCmd::Statement { member, year, out } => (book.print_statement(member, year, &out)?, "行成员账户"),
        PrintCmd::MemberAccount { member, year, out } => {
            (book.print_member_account(member, year, &out)?, "行成员账户（2021 年格式）")
        }
        PrintCmd::Notice { year, out } => (book.print_notice(year, &out)?, "名成员的公示表"),
        PrintCmd::Vouchers { month: Some(m), out, .. } => (book.print_month_vouchers(&m, &out)?, "张记账凭证"),
        PrintCmd::Vouchers { month: None, ids, out } => (book.print_vouchers(&ids, &out)?, "张记账凭证"),
        PrintCmd::Report { kind, year, month, out } => (book.print_report(&kind, year, month, &out)?, "行报表"),
    };
    ctx.out(&printed, |p| {
        format!("已打印 {} {what}：{}，{} 页，{} KB\n", p.items, p.path, p.pages, p.bytes.div_ceil(1024))
    })
}
