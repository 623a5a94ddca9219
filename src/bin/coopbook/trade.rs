//! The co-op's trade and other business: `product`, `buyer`, `deliver` (a member's produce),
//! `harvest` (its own), `operation` (income, subsidies, loans, wages, expenses) and their list
//! `operations`, and `sale`.

use crate::ctx::Ctx;
use crate::output::{pad, rpad};
use clap::Subcommand;
use coopbook::business::operations::NewOperation;
use coopbook::business::trade::{NewBuyer, NewDelivery, NewHarvest, NewProduct, NewSale};
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Products (产品).
    Product {
        #[command(subcommand)]
        cmd: ProductCmd,
    },
    /// Buyers (客户) and their sales channel.
    Buyer {
        #[command(subcommand)]
        cmd: BuyerCmd,
    },
    /// Record a member's delivery of produce (交售 / 统购) and post its voucher.
    Deliver {
        #[arg(long)]
        member: String,
        #[arg(long)]
        product: String,
        #[arg(long)]
        qty: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        price: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        grade: Option<String>,
    },
    /// Record the co-op's own harvest (自产收获入库): production cost from 401 into stock (121).
    Harvest {
        #[arg(long)]
        product: String,
        #[arg(long)]
        qty: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        cost: String,
        #[arg(long)]
        date: String,
    },
    /// Other business: service-income, rental-income, subsidy-received, subsidy-to-assets,
    /// loan-received, loan-repaid, wages-accrued, wages-paid, labour-accrued, labour-paid, expense.
    Operation {
        kind: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        interest: Option<String>,
        /// cash, bank (default) or, for income, credit.
        #[arg(long)]
        paid: Option<String>,
        /// Loans: short (201, default) or long (231).
        #[arg(long)]
        term: Option<String>,
        /// The expense account (wages: 523; labour: 521; expense: 523).
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        party: Option<String>,
        #[arg(long)]
        summary: Option<String>,
    },
    /// The other business recorded with `operation`, in date order, reversed ones left out.
    Operations,
    /// Sales (销售).
    Sale {
        #[command(subcommand)]
        cmd: SaleCmd,
    },
    /// Inputs bought on members' behalf (受托代购, 127) with the co-op's service fee.
    Inputs {
        #[command(subcommand)]
        cmd: InputsCmd,
    },
    /// A member's delivery corrected after the fact (交售更正), in an open month.
    Delivery {
        #[command(subcommand)]
        cmd: DeliveryCmd,
    },
}

#[derive(Subcommand)]
pub enum InputsCmd {
    /// Buys inputs for a member and hands them over: Dr 127 / Cr the money; Dr 114 / Cr 127, Cr 501 (the fee).
    Buy {
        #[arg(long)]
        member: String,
        #[arg(long)]
        item: String,
        #[arg(long)]
        qty: String,
        #[arg(long)]
        unit: String,
        /// What the supplier was paid.
        #[arg(long)]
        cost: String,
        /// The co-op's service fee charged to the member on top (default 0).
        #[arg(long)]
        fee: Option<String>,
        #[arg(long)]
        date: String,
        /// bank (default), cash, or credit (the supplier is owed on 211).
        #[arg(long)]
        paid: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum DeliveryCmd {
    /// Corrects delivery ID by a signed quantity at its price (--qty -10: 10 fewer than recorded).
    Correct {
        id: i64,
        #[arg(long)]
        date: String,
        #[arg(long, allow_hyphen_values = true)]
        qty: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
}

#[derive(Subcommand)]
pub enum ProductCmd {
    Add {
        name: String,
        #[arg(long)]
        unit: String,
        #[arg(long)]
        category: Option<String>,
        /// Do not keep stock (sales are not limited by deliveries).
        #[arg(long)]
        no_stock: bool,
        /// Produced by the co-op itself (stock in 121, harvested from 401) rather than delivered by members.
        #[arg(long)]
        own: bool,
    },
    List,
}

#[derive(Subcommand)]
pub enum BuyerCmd {
    Add {
        name: String,
        /// online (线上商城), store (品牌体验店), supermarket (商超协议), market (田头市场), live (直播), other.
        #[arg(long)]
        channel: String,
        /// The buyer is this member: sales to them are member trade (Art. 41).
        #[arg(long)]
        member: Option<String>,
    },
    List,
}

#[derive(Subcommand)]
pub enum SaleCmd {
    Add {
        #[arg(long)]
        date: String,
        #[arg(long)]
        product: String,
        #[arg(long)]
        qty: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        price: String,
        #[arg(long)]
        buyer: String,
        #[arg(long)]
        channel: Option<String>,
        #[arg(long)]
        contract: Option<String>,
        /// credit (default), cash, bank, wechat, alipay.
        #[arg(long)]
        paid: Option<String>,
    },
    /// Returns sale ID (销售退回), all that is left of it or --qty of it, dated in an open month.
    Return {
        id: i64,
        #[arg(long)]
        date: String,
        #[arg(long)]
        qty: Option<String>,
        #[arg(long, default_value = "")]
        reason: String,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Product { cmd } => product(ctx, cmd),
        Command::Buyer { cmd } => buyer(ctx, cmd),
        Command::Deliver { member, product, qty, unit, price, date, grade } => {
            let d = ctx.write()?.deliver(&NewDelivery { member, product, quantity: qty, unit, price, date, grade })?;
            ctx.out(&d, |d| {
                format!(
                    "已记录 {} 交售{} {} {}，金额 {}（凭证 id {}）\n",
                    d.party,
                    d.product,
                    d.quantity,
                    d.unit,
                    d.amount.grouped(),
                    d.voucher_id
                )
            })
        }
        Command::Harvest { product, qty, unit, cost, date } => {
            let v = ctx.write()?.harvest(&NewHarvest { product, quantity: qty, unit, cost, date })?;
            ctx.out(&serde_json::json!({"voucher_id": v}), |_| format!("收获已入库（凭证 id {v}）\n"))
        }
        Command::Operation { kind, date, amount, interest, paid, term, account, party, summary } => {
            let o = ctx.write()?.record_operation(&NewOperation {
                kind,
                date,
                amount,
                interest,
                paid,
                term,
                account,
                party,
                summary,
            })?;
            ctx.out(&o, |o| {
                format!("已登记{} {}（凭证 id {}）\n", o.kind_zh, (o.amount + o.interest).grouped(), o.voucher_id)
            })
        }
        Command::Operations => {
            let list = ctx.read()?.operations()?;
            ctx.out(&serde_json::json!({"operations": list}), |_| {
                let mut s = format!(
                    "{}  {}  {}{}{}{}\n",
                    rpad("id", 5),
                    pad("日期", 10),
                    pad("类型", 20),
                    rpad("金额", 16),
                    rpad("利息", 12),
                    rpad("凭证 id", 10)
                );
                for o in &list {
                    s += &format!(
                        "{}  {}  {}{}{}{}\n",
                        rpad(&o.id.to_string(), 5),
                        o.date,
                        pad(&o.kind_zh, 20),
                        rpad(&o.amount.grouped(), 16),
                        rpad(&o.interest.grouped(), 12),
                        rpad(&o.voucher_id.to_string(), 10)
                    );
                }
                s
            })
        }
        Command::Sale { cmd: SaleCmd::Return { id, date, qty, reason } } => {
            let r = ctx.write()?.return_sale(id, &date, qty.as_deref(), &reason)?;
            ctx.out(&r, |r| {
                format!(
                    "已记录销售单 #{} 退货 {}，冲减金额 {}（红字凭证 id {}）\n",
                    r.of,
                    r.quantity,
                    r.amount.grouped(),
                    r.voucher_id
                )
            })
        }
        Command::Inputs { cmd: InputsCmd::Buy { member, item, qty, unit, cost, fee, date, paid } } => {
            let p = ctx.write()?.buy_inputs(&coopbook::business::trade::NewInputPurchase {
                member,
                item,
                quantity: qty,
                unit,
                cost,
                fee,
                date,
                paid,
            })?;
            ctx.out(&p, |p| {
                format!(
                    "已为 {} 号成员代购{} {} {}，成本 {}，服务费 {}（凭证 id {}）\n",
                    p.member,
                    p.item,
                    p.quantity,
                    p.unit,
                    p.cost.grouped(),
                    p.fee.grouped(),
                    p.voucher_id
                )
            })
        }
        Command::Delivery { cmd: DeliveryCmd::Correct { id, date, qty, reason } } => {
            let r = ctx.write()?.correct_delivery(id, &date, &qty, &reason)?;
            ctx.out(&r, |r| {
                format!(
                    "已更正交售单 #{}：数量 {}，交易额 {}（凭证 id {}）\n",
                    r.of,
                    r.quantity,
                    r.amount.grouped(),
                    r.voucher_id
                )
            })
        }
        Command::Sale { cmd: SaleCmd::Add { date, product, qty, unit, price, buyer, channel, contract, paid } } => {
            let s = ctx.write()?.sell(&NewSale {
                date,
                product,
                quantity: qty,
                unit,
                price,
                buyer,
                channel,
                contract,
                paid,
            })?;
            ctx.out(&s, |s| {
                format!(
                    "已记录销售{} {} {} 给 {}，金额 {}（凭证 id {}）\n",
                    s.product,
                    s.quantity,
                    s.unit,
                    s.party,
                    s.amount.grouped(),
                    s.voucher_id
                )
            })
        }
    }
}

fn product(ctx: &Ctx, cmd: ProductCmd) -> Result<()> {
    match cmd {
        ProductCmd::Add { name, unit, category, no_stock, own } => {
            let source = Some(if own { "own" } else { "member" }.to_string());
            let p =
                ctx.write()?.add_product(&NewProduct { name, unit, category, track_stock: Some(!no_stock), source })?;
            ctx.out(&p, |p| {
                format!(
                    "已登记产品 {}（{}），科目 {} / {} / {}\n",
                    p.name, p.unit, p.stock_account, p.income_account, p.cost_account
                )
            })
        }
        ProductCmd::List => {
            let list = ctx.read()?.products()?;
            ctx.out(&serde_json::json!({"products": list}), |_| {
                list.iter()
                    .map(|p| {
                        format!(
                            "{}  {}  库存 {} {}，{} 元\n",
                            pad(&p.name, 16),
                            pad(&p.unit, 6),
                            p.stock_quantity,
                            p.unit,
                            p.stock_value.grouped()
                        )
                    })
                    .collect()
            })
        }
    }
}

fn buyer(ctx: &Ctx, cmd: BuyerCmd) -> Result<()> {
    match cmd {
        BuyerCmd::Add { name, channel, member } => {
            let b = ctx.write()?.add_buyer(&NewBuyer { name, channel, member })?;
            ctx.out(&b, |b| {
                format!(
                    "已登记客户 {}（{}）{}\n",
                    b.name,
                    b.channel_zh,
                    b.member.map(|n| format!("，即 {n} 号成员")).unwrap_or_default()
                )
            })
        }
        BuyerCmd::List => {
            let list = ctx.read()?.buyers()?;
            ctx.out(&serde_json::json!({"buyers": list}), |_| {
                list.iter()
                    .map(|b| {
                        format!(
                            "{}  {}{}\n",
                            pad(&b.name, 24),
                            b.channel_zh,
                            b.member.map(|n| format!("  {n} 号成员")).unwrap_or_default()
                        )
                    })
                    .collect()
            })
        }
    }
}
