//! `distribution`: the year-end surplus distribution (盈余分配, Co-operative Law Art. 44): the
//! plan, its two approvals, its voucher and the payments.

use crate::ctx::Ctx;
use crate::output::{pad, rpad};
use clap::Subcommand;
use coopbook::yearend::distribution::Plan;
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// The year-end surplus distribution (盈余分配, Co-operative Law Art. 44).
    Distribution {
        #[command(subcommand)]
        cmd: DistributionCmd,
    },
}

#[derive(Subcommand)]
pub enum DistributionCmd {
    /// Make (or remake while draft) the plan; --what-if computes without saving.
    Plan {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        reserve_rate: Option<String>,
        #[arg(long)]
        patronage_rate: Option<String>,
        #[arg(long)]
        what_if: bool,
        /// What the reserve is quantified to the members by, as the charter says: share (出资额和公积金份额,
        /// the default) or trade (交易额).
        #[arg(long)]
        reserve_basis: Option<String>,
    },
    /// Show the saved plan.
    Show {
        #[arg(long)]
        year: i32,
    },
    /// The Party branch's review (党支部研究审议).
    ApproveBranch {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        date: String,
        #[arg(long = "ref")]
        reference: String,
    },
    /// The members' meeting's approval (成员大会决议).
    ApproveMeeting {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        date: String,
        #[arg(long = "ref")]
        reference: String,
    },
    Post {
        #[arg(long)]
        year: i32,
    },
    Pay {
        #[arg(long)]
        year: i32,
        /// cash, bank or shares (converted to share capital).
        #[arg(long)]
        via: String,
        #[arg(long)]
        date: Option<String>,
        /// Pay this member only (the others later).
        #[arg(long)]
        member: Option<i64>,
    },
    /// The verification code (校验码) of each member's dividend slip, from the saved plan.
    SlipCodes {
        #[arg(long)]
        year: i32,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Distribution { cmd } = command;
    match cmd {
        DistributionCmd::Plan { year, reserve_rate, patronage_rate, what_if, reserve_basis } => {
            let p = ctx.write()?.distribution_plan_by(
                year,
                reserve_rate.as_deref(),
                patronage_rate.as_deref(),
                what_if,
                reserve_basis.as_deref(),
            )?;
            ctx.out(&p, plan_text)
        }
        DistributionCmd::Show { year } => {
            let p = ctx.read()?.distribution(year)?;
            ctx.out(&p, plan_text)
        }
        DistributionCmd::ApproveBranch { year, date, reference } => {
            let p = ctx.write()?.approve_branch(year, &date, &reference)?;
            ctx.out(&p, |p| {
                format!(
                    "{} 年分配方案已经党支部研究审议（{} {}）\n",
                    p.year,
                    p.branch_date.clone().unwrap_or_default(),
                    p.branch_ref.clone().unwrap_or_default()
                )
            })
        }
        DistributionCmd::ApproveMeeting { year, date, reference } => {
            let p = ctx.write()?.approve_meeting(year, &date, &reference)?;
            ctx.out(&p, |p| {
                format!(
                    "{} 年分配方案已经成员大会通过（{} {}）\n",
                    p.year,
                    p.meeting_date.clone().unwrap_or_default(),
                    p.meeting_ref.clone().unwrap_or_default()
                )
            })
        }
        DistributionCmd::Post { year } => {
            let v = ctx.write()?.post_distribution(year)?;
            ctx.out(&serde_json::json!({"voucher_id": v}), |_| format!("{year} 年盈余分配已记账（凭证 id {v}）\n"))
        }
        DistributionCmd::Pay { year, via, date, member } => {
            let v = ctx.write()?.pay_distribution(year, &via, date.as_deref(), member)?;
            let whom = member.map(|no| format!("{no} 号成员的 ")).unwrap_or_default();
            ctx.out(&serde_json::json!({"voucher_id": v}), |_| format!("{whom}{year} 年盈余已发放（凭证 id {v}）\n"))
        }
        DistributionCmd::SlipCodes { year } => {
            let codes = ctx.read()?.slip_codes(year)?;
            ctx.out(&serde_json::json!({"slip_codes": codes}), |_| {
                let mut s = format!("{year} 年分配通知单校验码\n{}  校验码\n", rpad("编号", 5));
                for c in &codes {
                    s += &format!("{}  {}\n", rpad(&c.no.to_string(), 5), c.code);
                }
                s
            })
        }
    }
}

fn plan_text(p: &Plan) -> String {
    let mut s = format!(
        "{} 年盈余分配方案 [{}]\n\
         本年盈余 {}  弥补亏损 {}  提取公积 {}  可分配 {}  按交易额返还 {}  剩余盈余 {}\n",
        p.year,
        p.status,
        p.surplus.grouped(),
        p.losses.grouped(),
        p.reserve.grouped(),
        p.distributable.grouped(),
        p.patronage.grouped(),
        p.residual.grouped()
    );
    if let Some(n) = &p.note {
        s += &format!("{n}\n");
    }
    for m in &p.members {
        s += &format!(
            "{}  {}{}{}{}{}{}\n",
            rpad(&m.no.to_string(), 5),
            pad(&m.name, 22),
            rpad(&m.trade_amount.grouped(), 14),
            rpad(&m.share_basis.grouped(), 14),
            rpad(&m.patronage.grouped(), 12),
            rpad(&m.residual.grouped(), 12),
            rpad(&m.total.grouped(), 12)
        );
    }
    s
}
