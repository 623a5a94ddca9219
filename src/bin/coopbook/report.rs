//! `report` (the statements, the trial balance, ledgers, sales and members' trade), `export`
//! (the posted books for hledger) and `dashboard` (the app's first screen, 首页). The statement and
//! trial balance tables are the township's too.

use crate::ctx::Ctx;
use crate::output::{pad, rpad};
use clap::{Args, Subcommand};
use coopbook::io::xlsx::write_statement;
use coopbook::ledger::balances::{Ledger, TrialBalance};
use coopbook::reports::dashboard::Dashboard;
use coopbook::reports::statements::Statement;
use coopbook::{Error, Result};
use std::path::PathBuf;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Reports (科目余额表, 明细账, 成员明细).
    Report {
        #[command(subcommand)]
        cmd: ReportCmd,
    },
    /// Export the posted books.
    Export {
        #[command(subcommand)]
        cmd: ExportCmd,
    },
    /// The figures of the app's first screen (首页) for a year (default this year): money on hand,
    /// income, expenses, surplus, members, the collective's share, income by month.
    Dashboard {
        #[arg(long)]
        year: Option<i32>,
    },
}

/// A statement's options: the year, the month (balance sheet), an Excel copy.
#[derive(Args)]
pub struct StatementArgs {
    #[arg(long)]
    year: i32,
    /// The balance sheet at the end of this month (1–12; default 12).
    #[arg(long)]
    month: Option<u32>,
    /// Also write it as an Excel workbook.
    #[arg(long)]
    xlsx: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum ReportCmd {
    /// 会农社01 资产负债表 (期末余额 and 年初余额 columns).
    BalanceSheet(StatementArgs),
    /// 会农社02 盈余及盈余分配表 (this year and last year).
    Surplus(StatementArgs),
    /// 会农社03 成员权益变动表.
    EquityChanges(StatementArgs),
    /// 成员账户表: every member's account for the year.
    MemberAccounts(StatementArgs),
    /// 总账: every account's months for the year.
    GeneralLedger(StatementArgs),
    /// 会计报表附注 (第五十八条): made from the book, with the accountant's notes (`notes set`).
    Notes(StatementArgs),
    TrialBalance {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Also write it as an Excel workbook.
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// The detail ledger (明细账) of an account.
    Ledger {
        #[arg(long)]
        account: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        member: Option<i64>,
        /// Also write it as an Excel workbook.
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// Sales of a year by month, channel, product and buyer.
    Sales {
        #[arg(long)]
        year: i32,
        /// Also write it as an Excel workbook.
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// The sales or deliveries (KIND: sale | delivery) in a date range, reversed ones marked.
    Trade {
        kind: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Each member's deliveries in a year, per product (the basis of the patronage refund).
    MemberTrade {
        #[arg(long)]
        year: i32,
        /// Also write it as an Excel workbook.
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// A member's sub-ledger across 114, 221, 222, 301, 322.
    MemberLedger {
        #[arg(long)]
        member: i64,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand)]
pub enum ExportCmd {
    Hledger {
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Report { cmd } => report(ctx, cmd),
        Command::Export { cmd: ExportCmd::Hledger { out } } => {
            let n = ctx.read()?.export_hledger(&out)?;
            ctx.out(&serde_json::json!({"out": out, "transactions": n}), |_| {
                format!("已导出 {n} 张已记账凭证到 {}\n", out.display())
            })
        }
        Command::Dashboard { year } => {
            let year = year.unwrap_or_else(|| chrono::Datelike::year(&chrono::Local::now()));
            let d = ctx.read()?.dashboard(year)?;
            ctx.out(&d, dashboard_text)
        }
    }
}

fn dashboard_text(d: &Dashboard) -> String {
    let mut s = format!("{} 年首页\n", d.year);
    for (label, m) in [
        ("库存现金", d.cash),
        ("银行存款", d.bank),
        ("其他货币资金", d.other_money),
        ("本年收入", d.income),
        ("本年支出", d.expenses),
        ("本年盈余", d.surplus),
        ("股金", d.share_capital),
    ] {
        s += &format!("{}{}\n", pad(label, 16), rpad(&m.grouped(), 16));
    }
    s += &format!("{}{}\n", pad("成员人数", 16), rpad(&d.members.to_string(), 16));
    s += &format!(
        "{}{}（章程下限 {}）{}\n",
        pad("村集体占股", 16),
        rpad(d.collective_share.as_deref().unwrap_or("-"), 16),
        d.collective_min_share,
        if d.collective_below_minimum { "  ⚠ 低于章程下限" } else { "" }
    );
    s += "按月收入\n";
    for m in &d.income_by_month {
        s += &format!("  {}{}\n", pad(&m.month, 14), rpad(&m.amount.grouped(), 16));
    }
    s
}

fn report(ctx: &Ctx, cmd: ReportCmd) -> Result<()> {
    match cmd {
        ReportCmd::BalanceSheet(a) => statement_out(ctx, "balance-sheet", a),
        ReportCmd::Surplus(a) => statement_out(ctx, "surplus", a),
        ReportCmd::EquityChanges(a) => statement_out(ctx, "equity-changes", a),
        ReportCmd::MemberAccounts(a) => statement_out(ctx, "member-accounts", a),
        ReportCmd::GeneralLedger(a) => statement_out(ctx, "general-ledger", a),
        ReportCmd::Notes(a) => statement_out(ctx, "notes", a),
        ReportCmd::TrialBalance { from, to, xlsx } => {
            let book = ctx.read()?;
            if let Some(out) = &xlsx {
                book.trial_balance_xlsx(&from, &to, out)?;
            }
            let tb = book.trial_balance(&from, &to)?;
            ctx.out(&tb, trial_balance_text)
        }
        ReportCmd::Ledger { account, from, to, member, xlsx } => {
            let book = ctx.read()?;
            if let Some(out) = &xlsx {
                book.ledger_xlsx(&account, &from, &to, member, out)?;
            }
            let l = book.ledger(&account, &from, &to, member)?;
            ctx.out(&l, ledger_text)
        }
        ReportCmd::Sales { year, xlsx } => {
            let book = ctx.read()?;
            if let Some(out) = &xlsx {
                book.sales_xlsx(year, out)?;
            }
            let r = book.sales_report(year)?;
            ctx.out(&r, |r| {
                let mut s = format!("{} 年销售 合计 {}\n", r.year, r.total.grouped());
                for (title, list) in [
                    ("按月", &r.by_month),
                    ("按渠道", &r.by_channel),
                    ("按产品", &r.by_product),
                    ("按客户", &r.by_buyer),
                ] {
                    s += &format!("{title}\n");
                    for a in list.iter() {
                        s += &format!("  {}{}\n", pad(&a.label, 24), rpad(&a.amount.grouped(), 16));
                    }
                }
                s
            })
        }
        ReportCmd::Trade { kind, from, to } => {
            if kind != "sale" && kind != "delivery" {
                return Err(Error::new(
                    "invalid-document",
                    format!("单据类型“{kind}”无效，应为 sale 或 delivery"),
                    format!("\"{kind}\" is not sale or delivery"),
                ));
            }
            let rows = ctx.read()?.trade_rows(&kind, None, &from, &to)?;
            ctx.out(&serde_json::json!({"rows": rows}), |_| {
                rows.iter()
                    .map(|r| {
                        format!(
                            "#{}  {}  {}  {} {} × {}  {}  {}{}\n",
                            r.id,
                            r.date,
                            pad(&r.product, 8),
                            r.quantity,
                            r.unit,
                            r.price,
                            rpad(&r.amount.grouped(), 14),
                            r.party,
                            if r.reversal_voucher_id.is_some() { "  已冲销" } else { "" }
                        )
                    })
                    .collect()
            })
        }
        ReportCmd::MemberTrade { year, xlsx } => {
            let book = ctx.read()?;
            if let Some(out) = &xlsx {
                book.member_trade_xlsx(year, out)?;
            }
            let r = book.member_trade(year)?;
            ctx.out(&r, |r| {
                let mut s = format!("{} 年成员交易额 合计 {}\n", r.year, r.total.grouped());
                for m in &r.members {
                    s += &format!(
                        "{}  {}{}\n",
                        rpad(&m.no.to_string(), 5),
                        pad(&m.name, 22),
                        rpad(&m.amount.grouped(), 16)
                    );
                    for p in &m.products {
                        s += &format!(
                            "        {} {} {}  {}\n",
                            pad(&p.product, 12),
                            p.quantity,
                            p.unit,
                            p.amount.grouped()
                        );
                    }
                }
                s
            })
        }
        ReportCmd::MemberLedger { member, from, to } => {
            let ml = ctx.read()?.member_ledger(member, &from, &to)?;
            ctx.out(&ml, |ml| {
                let mut s = format!("成员明细账：{} 号 {}\n", ml.no, ml.name);
                for l in &ml.accounts {
                    s += &ledger_text(l);
                }
                s
            })
        }
    }
}

/// Prints a statement (and writes its Excel copy when asked). A check that does not agree is
/// printed with the statement, never dropped; the JSON carries it as `checks` and `ok`.
fn statement_out(ctx: &Ctx, kind: &str, a: StatementArgs) -> Result<()> {
    let book = ctx.read()?;
    let st = book.statement(kind, a.year, a.month)?;
    if let Some(out) = &a.xlsx {
        write_statement(out, &st)?;
    }
    ctx.out(&st, statement_text)
}

pub fn statement_text(st: &Statement) -> String {
    let mut s = format!(
        "{}{}\n编制单位：{}    {}    单位：元\n",
        st.title,
        if st.form.is_empty() { String::new() } else { format!("（{}）", st.form) },
        st.coop,
        st.period
    );
    s += &format!("{}{}{}\n", pad("", 6), pad("项目", 34), st.columns.iter().map(|c| rpad(c, 16)).collect::<String>());
    for b in &st.blocks {
        if !b.title.is_empty() {
            s += &format!("【{}】\n", b.title);
        }
        for r in &b.rows {
            let line = r.line.map(|l| l.to_string()).unwrap_or_default();
            let label = format!("{}{}", "  ".repeat(usize::from(r.indent)), r.label);
            let values: String =
                r.values.iter().map(|v| rpad(&v.map(|m| m.grouped()).unwrap_or_default(), 16)).collect();
            s += &format!("{}  {}{}\n", rpad(&line, 4), pad(&label, 34), values);
        }
    }
    for c in &st.checks {
        s += &format!(
            "{} {}：{} / {}\n",
            if c.ok { "核对相符" } else { "核对不符！" },
            c.zh,
            c.left.grouped(),
            c.right.grouped()
        );
    }
    s
}

pub fn trial_balance_text(tb: &TrialBalance) -> String {
    let mut s = format!("科目余额表 {} 至 {}\n", tb.from, tb.to);
    s += &format!(
        "{}{}{}{}{}\n",
        pad("科目", 34),
        rpad("期初余额", 14),
        rpad("本期借方", 14),
        rpad("本期贷方", 14),
        rpad("期末余额", 14)
    );
    for a in &tb.accounts {
        let indent = "  ".repeat(a.level - 1);
        s += &format!(
            "{}{}{}{}{}\n",
            pad(&format!("{indent}{} {}", a.code, a.name), 38),
            rpad(&a.opening.grouped(), 18),
            rpad(&a.debit.grouped(), 18),
            rpad(&a.credit.grouped(), 18),
            rpad(&a.closing.grouped(), 18)
        );
    }
    let t = &tb.totals;
    s += &format!(
        "合计  期初 借 {} / 贷 {}  本期 借 {} / 贷 {}  期末 借 {} / 贷 {}  {}\n",
        t.opening_debit.grouped(),
        t.opening_credit.grouped(),
        t.debit.grouped(),
        t.credit.grouped(),
        t.closing_debit.grouped(),
        t.closing_credit.grouped(),
        if t.balanced { "平衡" } else { "不平衡！" }
    );
    s
}

fn ledger_text(l: &Ledger) -> String {
    let who = l.member.map(|m| format!("（成员 {m}）")).unwrap_or_default();
    let mut s = format!("明细账 {} {}{who}  {} 至 {}\n", l.code, l.name, l.from, l.to);
    s += &format!("{}  {}期初余额{}\n", pad("", 10), pad("", 40), rpad(&l.opening.grouped(), 52));
    for r in &l.rows {
        s += &format!(
            "{}  {}  {}{}{}{}\n",
            r.date,
            pad(&r.voucher_no, 8),
            pad(&r.summary, 30),
            rpad(&r.debit.grouped(), 16),
            rpad(&r.credit.grouped(), 16),
            rpad(&r.balance.grouped(), 18)
        );
    }
    s += &format!("本期合计  借 {}  贷 {}  期末余额 {}\n", l.debit.grouped(), l.credit.grouped(), l.closing.grouped());
    s
}
