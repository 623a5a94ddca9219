//! `voucher`: entering, reviewing, posting, reversing and listing vouchers (记账凭证).

use crate::ctx::Ctx;
use crate::output::{pad, rpad};
use clap::Subcommand;
use coopbook::ledger::voucher::{NewLine, NewVoucher, Voucher, VoucherFilter};
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Vouchers (记账凭证).
    Voucher {
        #[command(subcommand)]
        cmd: VoucherCmd,
    },
}

#[derive(Subcommand)]
pub enum VoucherCmd {
    Add {
        #[arg(long)]
        date: String,
        #[arg(long)]
        summary: String,
        /// ACCOUNT:DEBIT:CREDIT[:MEMBER_NO], at least two.
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        #[arg(long, default_value_t = 0)]
        attachments: u32,
    },
    Review {
        id: i64,
    },
    Unreview {
        id: i64,
    },
    Post {
        id: i64,
    },
    Reverse {
        id: i64,
        #[arg(long)]
        date: Option<String>,
    },
    Delete {
        id: i64,
    },
    List {
        /// YYYY-MM
        #[arg(long)]
        month: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        limit: Option<i64>,
        #[arg(long)]
        offset: Option<i64>,
    },
    Show {
        id: i64,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Voucher { cmd } = command;
    match cmd {
        VoucherCmd::Add { date, summary, lines, attachments } => {
            let lines = lines.iter().map(|l| NewLine::parse_spec(l)).collect::<Result<Vec<_>>>()?;
            let v = ctx.write()?.add_voucher(&NewVoucher { date, summary, attachments, lines })?;
            ctx.out(&serde_json::json!({"id": v.id, "no": v.no}), |_| format!("{}\n", v.id))
        }
        VoucherCmd::Review { id } => {
            let v = ctx.write()?.review_voucher(id)?;
            ctx.out(&v, |v| format!("凭证 {} {} 已审核（{}）\n", v.id, v.no, ctx.user))
        }
        VoucherCmd::Unreview { id } => {
            let v = ctx.write()?.unreview_voucher(id)?;
            ctx.out(&v, |v| format!("凭证 {} {} 已取消审核\n", v.id, v.no))
        }
        VoucherCmd::Post { id } => {
            let v = ctx.write()?.post_voucher(id)?;
            ctx.out(&v, |v| format!("凭证 {} {} 已记账\n", v.id, v.no))
        }
        VoucherCmd::Reverse { id, date } => {
            let v = ctx.write()?.reverse_voucher(id, date.as_deref())?;
            ctx.out(&serde_json::json!({"id": v.id, "no": v.no, "reverses": id, "status": v.status}), |_| {
                format!("{}\n", v.id)
            })
        }
        VoucherCmd::Delete { id } => {
            ctx.write()?.delete_voucher(id)?;
            ctx.out(&serde_json::json!({"deleted": id}), |_| format!("凭证 {id} 已删除\n"))
        }
        VoucherCmd::List { month, status, limit, offset } => {
            let list = ctx.read()?.vouchers(&VoucherFilter { month, status, limit, offset })?;
            ctx.out(&serde_json::json!({"vouchers": list}), |_| {
                let mut s = String::new();
                for v in &list {
                    s += &format!(
                        "{}  {}  {}  {}{}  {}\n",
                        rpad(&v.id.to_string(), 6),
                        v.date,
                        pad(&v.no, 8),
                        pad(&v.status, 9),
                        rpad(&v.amount.grouped(), 16),
                        v.summary
                    );
                }
                s
            })
        }
        VoucherCmd::Show { id } => {
            let v = ctx.read()?.voucher(id)?;
            ctx.out(&v, voucher_text)
        }
    }
}

fn voucher_text(v: &Voucher) -> String {
    let mut s = format!(
        "{}  {}  {}  [{}]  制单 {}  审核 {}  记账 {}\n",
        v.no,
        v.date,
        v.summary,
        v.status,
        v.prepared_by,
        v.reviewed_by.as_deref().unwrap_or("-"),
        v.posted_by.as_deref().unwrap_or("-")
    );
    for l in &v.lines {
        let member =
            l.member.map(|m| format!(" [{} {}]", m, l.member_name.clone().unwrap_or_default())).unwrap_or_default();
        s += &format!(
            "  {}{}  {}  {}\n",
            pad(&format!("{} {}{member}", l.account, l.account_name), 36),
            rpad(&l.debit.grouped(), 16),
            rpad(&l.credit.grouped(), 16),
            l.summary
        );
    }
    s += &format!("  {}  {}  {}\n", pad("合计", 36), rpad(&v.debit.grouped(), 16), rpad(&v.credit.grouped(), 16));
    if let Some(r) = v.reverses {
        s += &format!("  冲销凭证 id {r}\n");
    }
    if let Some(r) = v.reversed_by {
        s += &format!("  已被凭证 id {r} 冲销\n");
    }
    s
}
