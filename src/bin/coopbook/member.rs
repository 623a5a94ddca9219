//! `member`: the members (成员), their exit, and what the co-op pays and owes them.

use crate::ctx::Ctx;
use crate::output::{pad, rpad};
use clap::Subcommand;
use coopbook::business::payment::NewMemberPayment;
use coopbook::ledger::member::NewMember;
use coopbook::reports::member_account::MemberAccount;
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Members (成员).
    Member {
        #[command(subcommand)]
        cmd: MemberCmd,
    },
}

#[derive(Subcommand)]
pub enum MemberCmd {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        id_card: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        joined: Option<String>,
    },
    List {
        /// Filter by name, number or the visible part of the ID.
        #[arg(long)]
        search: Option<String>,
    },
    Show {
        no: i64,
    },
    Exit {
        no: i64,
        #[arg(long)]
        date: String,
        /// How the settlement's cash part is paid: cash or bank (default).
        #[arg(long)]
        via: Option<String>,
    },
    /// Pay a member for delivered produce (Dr 114 / Cr 101 or 102), up to what the co-op owes.
    Pay {
        no: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        date: String,
        /// cash or bank (default).
        #[arg(long)]
        via: Option<String>,
        #[arg(long)]
        summary: Option<String>,
    },
    /// Payments to members (all, or one member's).
    Payments {
        #[arg(long)]
        member: Option<i64>,
    },
    /// What the co-op owes a member on 114 成员往来.
    Owed {
        no: i64,
        #[arg(long)]
        at: Option<String>,
    },
    /// A member's account (成员账户) for a year: shares, reserve share, trade, surplus returned.
    Account {
        no: i64,
        #[arg(long)]
        year: i32,
        /// The 成员账户 in the rows and columns of the 2021 appendix (年初余额, the entries, 年末余额/总额).
        #[arg(long)]
        form: bool,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Member { cmd } = command;
    match cmd {
        MemberCmd::Add { name, id_card, kind, phone, joined } => {
            let m = ctx.write()?.add_member(&NewMember { name, id_card, kind, phone, joined })?;
            ctx.out(&m, |m| format!("已登记 {} 号成员 {}（{}）\n", m.no, m.name, m.id_card))
        }
        MemberCmd::List { search } => {
            let list = ctx.read()?.members(search.as_deref())?;
            ctx.out(&serde_json::json!({"members": list}), |_| {
                let mut s = format!(
                    "{}{}{}{}{}{}\n",
                    rpad("编号", 6),
                    "  ",
                    pad("姓名", 22),
                    pad("证件号码", 20),
                    pad("类型", 12),
                    "入社日期"
                );
                for m in &list {
                    s += &format!(
                        "{}  {}{}{}{}{}\n",
                        rpad(&m.no.to_string(), 6),
                        pad(&m.name, 22),
                        pad(&m.id_card, 20),
                        pad(&m.kind_zh, 12),
                        m.joined,
                        m.exited.as_ref().map(|e| format!("  已于 {e} 退社")).unwrap_or_default()
                    );
                }
                s
            })
        }
        MemberCmd::Show { no } => {
            let m = ctx.read()?.member(no)?;
            ctx.out(&m, |m| {
                format!(
                    "{} 号  {}\n证件号码 {}\n类型 {}\n电话 {}\n入社 {}{}\n",
                    m.no,
                    m.name,
                    m.id_card,
                    m.kind_zh,
                    m.phone.as_deref().unwrap_or("-"),
                    m.joined,
                    m.exited.as_ref().map(|e| format!("\n退社 {e}")).unwrap_or_default()
                )
            })
        }
        MemberCmd::Pay { no, amount, date, via, summary } => {
            let p = ctx.write()?.pay_member(&NewMemberPayment { member: no, amount, via, date, summary })?;
            ctx.out(&p, |p| {
                format!(
                    "已向 {} 号成员{}支付 {} 元（凭证 id {}）\n",
                    p.member,
                    p.name,
                    p.amount.grouped(),
                    p.voucher_id
                )
            })
        }
        MemberCmd::Payments { member } => {
            let list = ctx.read()?.member_payments(member)?;
            ctx.out(&serde_json::json!({"payments": list}), |_| {
                list.iter()
                    .map(|p| {
                        format!(
                            "{}  {:>4} 号 {}  {:>14}  {}{}\n",
                            p.date,
                            p.member,
                            pad(&p.name, 10),
                            p.amount.grouped(),
                            if p.via == "cash" { "现金" } else { "银行" },
                            if p.reversal_voucher_id.is_some() { "  已冲销" } else { "" }
                        )
                    })
                    .collect()
            })
        }
        MemberCmd::Owed { no, at } => {
            let at = at.unwrap_or_else(|| "9999-12-31".into());
            let owed = ctx.read()?.owed_to_member(no, &at)?;
            ctx.out(&serde_json::json!({"no": no, "owed": owed}), |_| {
                format!("本社应付 {no} 号成员 {} 元\n", owed.grouped())
            })
        }
        MemberCmd::Account { no, year, form: true } => {
            let f = ctx.read()?.member_account_form(no, year)?;
            ctx.out(&f, |f| {
                f.lines
                    .iter()
                    .map(|l| {
                        let m = |v: Option<coopbook::Money>| v.map(|m| m.grouped()).unwrap_or_default();
                        format!(
                            "{:>3} {:<10} {:<24} 出资 {:>12} 公积金 {:>10} 补助 {:>10} 交易额 {:>12} 返还 {:>10} 剩余 {:>10}\n",
                            l.line.map(|n| n.to_string()).unwrap_or_default(),
                            l.date.clone().unwrap_or_default(),
                            l.name,
                            m(l.capital_other),
                            m(l.reserve),
                            m(l.subsidy),
                            m(Some(coopbook::Money(l.amounts.iter().flatten().map(|a| a.fen()).sum()))),
                            m(l.patronage),
                            m(l.residual)
                        )
                    })
                    .collect()
            })
        }
        MemberCmd::Account { no, year, form: false } => {
            let a = ctx.read()?.member_account(no, year)?;
            ctx.out(&a, account_text)
        }
        MemberCmd::Exit { no, date, via } => {
            let m = ctx.write()?.exit_member(no, &date, via.as_deref())?;
            ctx.out(&m, |m| {
                format!("{} 号成员 {} 已登记退社（{}）\n", m.no, m.name, m.exited.clone().unwrap_or_default())
            })
        }
    }
}

fn account_text(a: &MemberAccount) -> String {
    let mut s = format!(
        "{} 号成员 {} {} 年成员账户{}\n",
        a.no,
        a.name,
        a.year,
        a.exited.as_ref().map(|e| format!("（已于 {e} 退社）")).unwrap_or_default()
    );
    for (label, m) in [
        ("股金", a.capital),
        ("公积金份额", a.reserve),
        ("补助量化", a.subsidy),
        ("按交易额返还", a.patronage),
        ("剩余盈余返还", a.residual),
        ("已发放", a.paid),
        ("交易额", a.trade_amount),
        ("成员往来（欠社为正）", a.current_account),
    ] {
        s += &format!("{}{}\n", pad(label, 22), rpad(&m.grouped(), 16));
    }
    if !a.contributions.is_empty() {
        s += "出资\n";
        for c in &a.contributions {
            s += &format!("  {}  {}{}\n", c.date, pad(&c.kind_zh, 10), rpad(&c.amount.grouped(), 16));
        }
    }
    if !a.trade.is_empty() {
        s += "交易\n";
        for t in &a.trade {
            let kind = if t.kind == "delivery" { "交售" } else { "购买" };
            s += &format!(
                "  {}  {}{} {}{}\n",
                kind,
                pad(&t.product, 16),
                rpad(&t.quantity, 12),
                pad(&t.unit, 4),
                rpad(&t.amount.grouped(), 16)
            );
        }
    }
    if let Some(d) = &a.distribution {
        s += &format!(
            "分配方案：按交易额返还 {}，剩余盈余 {}，合计 {}\n",
            d.patronage.grouped(),
            d.residual.grouped(),
            d.total.grouped()
        );
    }
    s
}
