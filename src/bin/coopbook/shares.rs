//! Members' shares: `contribute` (出资), `transfer-shares` (转让), `withdraw` (退股), the
//! share register `shares` (股权登记) and the list of contributions `contributions`.

use crate::ctx::Ctx;
use crate::output::{pad, rpad};
use clap::{Args, Subcommand};
use coopbook::equity::contribution::{NewContribution, ShareMovement};
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Record a member's contribution (出资) and post its voucher.
    // Boxed: its arguments dwarf every other command's (clippy::large_enum_variant).
    Contribute(Box<ContributeArgs>),
    /// Transfer shares to another member (转让).
    TransferShares(TransferArgs),
    /// Return part of a member's contribution (退股) while they stay a member.
    Withdraw(WithdrawArgs),
    /// The share register (股权登记) at a date (default today).
    Shares {
        #[arg(long)]
        at: Option<String>,
    },
    /// The contributions (出资) in date order, reversed ones left out: all, or one member's.
    Contributions {
        #[arg(long)]
        member: Option<i64>,
    },
}

#[derive(Args)]
pub struct ContributeArgs {
    #[arg(long)]
    member: String,
    /// cash, land, labour, asset or subsidy.
    #[arg(long)]
    kind: String,
    #[arg(long)]
    date: String,
    #[arg(long)]
    amount: Option<String>,
    /// Land: area in 亩.
    #[arg(long)]
    area: Option<String>,
    #[arg(long)]
    price_per_mu: Option<String>,
    /// Labour: days (工日).
    #[arg(long)]
    days: Option<String>,
    #[arg(long)]
    price_per_day: Option<String>,
    /// Cash: cash or bank (default).
    #[arg(long)]
    via: Option<String>,
    /// The account debited (labour: default 401; asset: 151; subsidy: 235).
    #[arg(long)]
    account: Option<String>,
    #[arg(long)]
    plot: Option<String>,
    #[arg(long)]
    location: Option<String>,
    #[arg(long)]
    term: Option<String>,
    /// The members' meeting resolution approving the valuation (required for land).
    #[arg(long)]
    valuation_ref: Option<String>,
    #[arg(long)]
    description: Option<String>,
}

#[derive(Args)]
pub struct TransferArgs {
    /// The member giving up the shares.
    #[arg(long)]
    from: String,
    /// The member receiving them.
    #[arg(long)]
    to: String,
    #[arg(long)]
    amount: String,
    #[arg(long)]
    date: String,
    /// cash (default), land, labour or asset.
    #[arg(long)]
    kind: Option<String>,
    /// The decision that allowed it.
    #[arg(long)]
    approval_ref: Option<String>,
}

#[derive(Args)]
pub struct WithdrawArgs {
    #[arg(long)]
    member: String,
    #[arg(long)]
    amount: String,
    #[arg(long)]
    date: String,
    /// cash (default), land, labour or asset.
    #[arg(long)]
    kind: Option<String>,
    /// cash or bank (default); land comes back as land.
    #[arg(long)]
    via: Option<String>,
    #[arg(long)]
    approval_ref: Option<String>,
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Contribute(a) => contribute(ctx, *a),
        Command::TransferShares(a) => move_shares(
            ctx,
            ShareMovement {
                from: a.from,
                to: Some(a.to),
                kind: a.kind,
                amount: a.amount,
                date: a.date,
                via: None,
                approval_ref: a.approval_ref,
            },
        ),
        Command::Withdraw(a) => move_shares(
            ctx,
            ShareMovement {
                from: a.member,
                to: None,
                kind: a.kind,
                amount: a.amount,
                date: a.date,
                via: a.via,
                approval_ref: a.approval_ref,
            },
        ),
        Command::Shares { at } => shares(ctx, at),
        Command::Contributions { member } => contributions(ctx, member),
    }
}

fn contributions(ctx: &Ctx, member: Option<i64>) -> Result<()> {
    let list = ctx.read()?.contributions(member)?;
    ctx.out(&serde_json::json!({"contributions": list}), |_| {
        let mut s = format!(
            "{}  {}  {}{}{}{}{}\n",
            pad("日期", 10),
            rpad("编号", 4),
            pad("姓名", 22),
            pad("类型", 10),
            rpad("数量", 12),
            rpad("金额", 16),
            rpad("凭证 id", 10)
        );
        for c in &list {
            s += &format!(
                "{}  {}  {}{}{}{}{}\n",
                c.date,
                rpad(&c.member.to_string(), 4),
                pad(&c.member_name, 22),
                pad(&c.kind_zh, 10),
                rpad(c.quantity.as_deref().unwrap_or("-"), 12),
                rpad(&c.amount.grouped(), 16),
                rpad(&c.voucher_id.map(|v| v.to_string()).unwrap_or_else(|| "-".into()), 10)
            );
        }
        s
    })
}

fn contribute(ctx: &Ctx, a: ContributeArgs) -> Result<()> {
    let c = ctx.write()?.contribute(&NewContribution {
        member: a.member,
        kind: a.kind,
        date: a.date,
        amount: a.amount,
        area: a.area,
        price_per_mu: a.price_per_mu,
        days: a.days,
        price_per_day: a.price_per_day,
        via: a.via,
        account: a.account,
        plot: a.plot,
        location: a.location,
        term: a.term,
        valuation_ref: a.valuation_ref,
        description: a.description,
    })?;
    ctx.out(&c, |c| {
        format!(
            "已登记 {} 号成员 {} 的{}出资 {} 元（凭证 id {}）\n",
            c.member,
            c.member_name,
            c.kind_zh,
            c.amount.grouped(),
            c.voucher_id.unwrap_or(0)
        )
    })
}

fn move_shares(ctx: &Ctx, mv: ShareMovement) -> Result<()> {
    let id = ctx.write()?.move_shares(&mv)?;
    ctx.out(&serde_json::json!({"voucher_id": id}), |_| format!("已登记并记账，凭证 id {id}\n"))
}

fn shares(ctx: &Ctx, at: Option<String>) -> Result<()> {
    let at = at.unwrap_or_else(|| chrono::Local::now().format("%Y-%m-%d").to_string());
    let r = ctx.read()?.shares(&at)?;
    ctx.out(&r, |r| {
        let mut s = format!(
            "股权登记表 截至 {}（股金合计 {}，财政补助量化 {}）\n",
            r.at,
            r.total.grouped(),
            r.subsidy_total.grouped()
        );
        s += &format!(
            "{}  {}{}{}{}{}{}{}{}\n",
            rpad("编号", 4),
            pad("姓名", 22),
            rpad("现金", 14),
            rpad("土地", 14),
            rpad("劳务", 12),
            rpad("实物", 12),
            rpad("补助量化", 14),
            rpad("股金合计", 16),
            rpad("占比", 8)
        );
        for m in &r.members {
            s += &format!(
                "{}  {}{}{}{}{}{}{}{}\n",
                rpad(&m.no.to_string(), 4),
                pad(&m.name, 22),
                rpad(&m.cash.grouped(), 14),
                rpad(&m.land.grouped(), 14),
                rpad(&m.labour.grouped(), 12),
                rpad(&m.asset.grouped(), 12),
                rpad(&m.subsidy.grouped(), 14),
                rpad(&m.total.grouped(), 16),
                rpad(&m.share, 8)
            );
        }
        s += &format!(
            "村集体占股 {}；成员 {} 人，其中农民 {} 人\n",
            r.collective_share.as_deref().unwrap_or("-"),
            r.members_count,
            r.farmers_count
        );
        for f in &r.flags {
            s += &format!("⚠ {} / {} [{}]\n", f.zh, f.en, f.code);
        }
        s
    })
}
