//! The demo co-op: a deterministic, realistic mushroom-and-plum co-op of a village, like the
//! 十方田 brand of the county's report. The village collective plus N members with valid IDs and
//! Chinese names, and per year posted vouchers of capital, members' deliveries, sales to the
//! supermarket and through the online mall and field market, payments, wages, costs and rent.
//! The same seed always gives the same book, to the 分.

use crate::base::error::Result;
use crate::base::ids::{citizen_id_check, uscc_check};
use crate::base::money::Money;
use crate::business::assets::{add_asset_in, depreciate_in, NewAsset};
use crate::business::operations::{record_in, NewOperation};
use crate::business::payment::{pay_member_in, NewMemberPayment};
use crate::business::trade::{
    add_contract_in, deliver_in, sell_in, NewBuyer, NewContract, NewDelivery, NewProduct, NewSale,
};
use crate::equity::contribution::{contribute_in, NewContribution};
use crate::equity::coop::{init, NewCoop};
use crate::ledger::account::Chart;
use crate::ledger::member::NewMember;
use crate::ledger::voucher::{add_in, post_in, review_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use crate::yearend::distribution as dist;
use serde::Serialize;
use std::path::Path;

/// A small deterministic generator (SplitMix64): the demo must not change when a crate does.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
    /// True with probability `pct` %.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.next_u64() % 100 < pct
    }
}

const SURNAMES: &[&str] = &[
    "陈", "林", "黄", "张", "李", "王", "吴", "刘", "蔡", "杨", "郑", "谢", "郭", "许", "何", "曾", "罗", "叶", "苏",
    "周", "詹", "鄢", "池", "卢",
];
// A few given-name characters outside GB 2312 (镕 堃 喆 昇 玥 赟 旻), as villagers' names have.
const GIVEN: &[&str] = &[
    "建国", "秀英", "桂芳", "志强", "丽华", "金水", "春生", "玉兰", "德明", "美玲", "文斌", "海燕", "国平", "秋菊",
    "荣华", "永福", "镕", "堃", "喆", "昇", "玥", "赟", "旻", "木生", "月娥", "长青", "宝珠", "福清", "细妹", "依香",
    "水英", "天赐",
];

/// A valid citizen ID for the demo county (350125), born in `year`.
pub fn citizen_id(rng: &mut Rng, year: i64) -> String {
    let first17 = format!("350125{year:04}{:02}{:02}{:03}", rng.range(1, 12), rng.range(1, 28), rng.range(1, 999));
    let check = citizen_id_check(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

/// A valid unified social credit code from its first 17 characters.
pub fn credit_code(first17: &str) -> String {
    format!("{first17}{}", uscc_check(first17).unwrap_or('0'))
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DemoSummary {
    pub members: i64,
    pub vouchers: i64,
    pub lines: i64,
    pub years: String,
}

struct Sub {
    code: &'static str,
    name: &'static str,
    parent: &'static str,
}

const SUBS: &[Sub] = &[
    Sub { code: "10901", name: "微信", parent: "109" },
    Sub { code: "10902", name: "支付宝", parent: "109" },
    Sub { code: "12801", name: "香菇", parent: "128" },
    Sub { code: "12802", name: "芙蓉李", parent: "128" },
    Sub { code: "50101", name: "香菇", parent: "501" },
    Sub { code: "50102", name: "芙蓉李", parent: "501" },
    Sub { code: "52101", name: "香菇", parent: "521" },
    Sub { code: "52102", name: "芙蓉李", parent: "521" },
    Sub { code: "52103", name: "包装物", parent: "521" },
    Sub { code: "52301", name: "工资", parent: "523" },
    Sub { code: "52302", name: "办公费", parent: "523" },
];

/// The users the demo's vouchers are entered and reviewed by.
pub const PREPARER: &str = "会计";
pub const REVIEWER: &str = "理事长";

fn line(account: &str, debit: Money, credit: Money, member: Option<i64>) -> NewLine {
    let s = |m: Money| if m.is_zero() { String::new() } else { m.to_string() };
    NewLine {
        account: account.into(),
        debit: s(debit),
        credit: s(credit),
        member: member.map(|m| m.to_string()),
        summary: None,
    }
}

/// Enters, reviews and posts one voucher within the demo's transaction.
fn book_voucher(
    tx: &mut Tx,
    chart: &Chart,
    date: &str,
    summary: &str,
    lines: Vec<NewLine>,
    count: &mut (i64, i64),
) -> Result<()> {
    let n = lines.len() as i64;
    let v = NewVoucher { date: date.into(), summary: summary.into(), attachments: 1, lines };
    tx.user = PREPARER;
    let id = add_in(tx, chart, &v)?;
    tx.user = REVIEWER;
    review_in(tx, id)?;
    post_in(tx, id)?;
    tx.user = PREPARER;
    count.0 += 1;
    count.1 += n;
    Ok(())
}

fn day(year: i64, month: i64, d: i64) -> String {
    format!("{year:04}-{month:02}-{d:02}")
}

/// Creates the demo book at `path`: `members` members besides the collective, `years` years of
/// books ending in `end_year`.
/// The member who buys from the co-op in the demo (member trade): the village collective.
const MEMBER_BUYER: &str = "青山村股份经济合作社（成员）";

pub fn create(path: &Path, members: i64, years: i64, end_year: i64, seed: u64) -> Result<(Book, DemoSummary)> {
    let coop = NewCoop {
        name: "青山村十方田农产品专业合作社".into(),
        uscc: credit_code("93350125MA2Y8QK3X"),
        village: "青山村".into(),
        township: "白云乡".into(),
        county: "示范县".into(),
        reserve_rate: Some("0.10".into()),
        patronage_rate: Some("0.60".into()),
        collective_min_share: Some("0.30".into()),
    };
    let mut book = init(path, PREPARER, &coop)?;
    for s in SUBS {
        book.add_account(s.code, s.name, s.parent)?;
    }
    for (name, category) in [("香菇", "食用菌"), ("芙蓉李", "水果")] {
        book.add_product(&NewProduct {
            name: name.into(),
            unit: "斤".into(),
            category: Some(category.into()),
            track_stock: Some(true),
            source: None,
        })?;
    }
    for (name, channel) in [
        ("永辉超市", "supermarket"),
        ("民富商城", "online"),
        ("十方田品牌体验店", "store"),
        ("田头市场散客", "market"),
        ("抖音直播间", "live"),
    ] {
        book.add_buyer(&NewBuyer { name: name.into(), channel: channel.into(), member: None })?;
    }
    let mut rng = Rng::new(seed);
    let first_year = end_year - years + 1;
    let joined = format!("{first_year:04}-01-01");
    book.add_member(&NewMember {
        name: "青山村股份经济合作社".into(),
        id_card: credit_code("N2350125MF0000123"),
        kind: "collective".into(),
        phone: Some("0591-22880001".into()),
        joined: Some(joined.clone()),
    })?;
    let mut kinds = Vec::new();
    for i in 0..members {
        let kind = if i < 2 {
            "cadre"
        } else if rng.chance(15) {
            "party"
        } else {
            "farmer"
        };
        let name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
        let year = rng.range(1950, 1998);
        // Re-draw on the rare clash of two generated IDs.
        let id = loop {
            let id = citizen_id(&mut rng, year);
            if crate::ledger::member::by_id_card(book.conn(), &id)?.is_none() {
                break id;
            }
        };
        let phone = format!("13{:09}", rng.range(0, 999_999_999));
        let m = book.add_member(&NewMember {
            name: name.clone(),
            id_card: id,
            kind: kind.into(),
            phone: Some(phone),
            joined: Some(joined.clone()),
        })?;
        kinds.push(m.no);
    }
    // The village collective (member no. 1) also buys from the co-op: member trade.
    book.add_buyer(&NewBuyer { name: MEMBER_BUYER.into(), channel: "other".into(), member: Some("1".into()) })?;
    let member_nos = kinds;
    let mut count = (0i64, 0i64);
    book.write(crate::store::access::Perm::Settings, |tx| {
        let chart = Chart::load(tx)?;
        // Capital through contribution documents: each member's cash, every fifth member's land
        // (亩 × 作价, approved by the members' meeting), the collective's cash and the village's
        // land so that it holds about 40-50 % of the shares.
        let contribute = |tx: &mut Tx, c: NewContribution, count: &mut (i64, i64)| -> Result<()> {
            tx.user = PREPARER;
            contribute_in(tx, &chart, &c)?;
            count.0 += 1;
            count.1 += 2;
            Ok(())
        };
        let joined_day = day(first_year, 1, 5);
        let base = |no: i64, kind: &str| NewContribution {
            member: no.to_string(),
            kind: kind.into(),
            date: joined_day.clone(),
            ..Default::default()
        };
        let mut paid_in = Money::ZERO;
        for &no in &member_nos {
            let amt = Money::from_yuan(rng.range(4, 40) * 500);
            paid_in += amt;
            contribute(
                tx,
                NewContribution { amount: Some(amt.to_string()), via: Some("bank".into()), ..base(no, "cash") },
                &mut count,
            )?;
            if no % 5 == 0 {
                let area = format!("{}.{}", rng.range(1, 6), rng.range(0, 9));
                let value =
                    crate::equity::contribution::valuation(area.parse().unwrap_or_default(), Money::from_yuan(800))?;
                paid_in += value;
                contribute(
                    tx,
                    NewContribution {
                        area: Some(area),
                        price_per_mu: Some("800".into()),
                        plot: Some(format!("后山{no}号地块")),
                        location: Some("青山村后山".into()),
                        term: Some("2025-01-01至2034-12-31".into()),
                        valuation_ref: Some("成员大会决议〔2025〕1号".into()),
                        ..base(no, "land")
                    },
                    &mut count,
                )?;
            }
        }
        let collective =
            Money::from_yuan((paid_in.fen() * 2 / 3 / 100 / 1000 + 1) * 1000).max(Money::from_yuan(300_000));
        contribute(
            tx,
            NewContribution { amount: Some(collective.to_string()), via: Some("bank".into()), ..base(1, "cash") },
            &mut count,
        )?;
        contribute(
            tx,
            NewContribution {
                area: Some("120".into()),
                price_per_mu: Some("600".into()),
                plot: Some("村集体机动地".into()),
                location: Some("青山村溪边".into()),
                term: Some("2025-01-01至2044-12-31".into()),
                valuation_ref: Some("成员大会决议〔2025〕1号".into()),
                ..base(1, "land")
            },
            &mut count,
        )?;
        // A state subsidy for the mushroom houses, received, then quantified: up to 1,000 元 to
        // each member (at most half of it in all) and the rest to the collective.
        let subsidy = Money::from_yuan(200_000);
        book_voucher(
            tx,
            &chart,
            &day(first_year, 2, 20),
            "收到菇棚建设财政补助资金",
            vec![line("102", subsidy, Money::ZERO, None), line("235", Money::ZERO, subsidy, None)],
            &mut count,
        )?;
        let each = Money::from_yuan((subsidy.fen() / 100 / (2 * member_nos.len() as i64).max(1)).min(1000));
        for &no in &member_nos {
            contribute(
                tx,
                NewContribution { amount: Some(each.to_string()), date: day(first_year, 2, 25), ..base(no, "subsidy") },
                &mut count,
            )?;
        }
        let rest = subsidy - Money(each.fen() * member_nos.len() as i64);
        if rest.fen() > 0 {
            contribute(
                tx,
                NewContribution { amount: Some(rest.to_string()), date: day(first_year, 2, 25), ..base(1, "subsidy") },
                &mut count,
            )?;
        }
        // The cold store (置业): bought, then depreciated monthly over ten years, and rented out.
        tx.user = PREPARER;
        add_asset_in(
            tx,
            &NewAsset {
                name: "冷库".into(),
                category: Some("置业".into()),
                acquired: day(first_year, 1, 18),
                cost: "180000".into(),
                residual: None,
                life_months: "120".into(),
                expense_account: Some("521".into()),
                paid: Some("bank".into()),
            },
        )?;
        count.0 += 1;
        count.1 += 2;
        Ok(())
    })?;
    // One transaction a year: a ten-year book is not one giant write (its WAL would grow to
    // gigabytes and every page lookup through it slow down).
    let mut receivable = Money::ZERO;
    for year in first_year..=end_year {
        book.write(crate::store::access::Perm::Settings, |tx| {
            let chart = Chart::load(tx)?;
            add_contract_in(
                tx,
                &NewContract {
                    code: format!("YH-{year}-01"),
                    buyer: "永辉超市".into(),
                    product: "香菇".into(),
                    quantity: (member_nos.len() as i64 * 600).to_string(),
                    price: "10.5".into(),
                    start: day(year, 1, 1),
                    end: day(year, 12, 31),
                },
            )?;
            for month in 1..=12i64 {
                // The supermarket pays last month's receivable.
                if !receivable.is_zero() {
                    book_voucher(
                        tx,
                        &chart,
                        &day(year, month, 10),
                        "收到永辉超市货款",
                        vec![line("102", receivable, Money::ZERO, None), line("113", Money::ZERO, receivable, None)],
                        &mut count,
                    )?;
                    receivable = Money::ZERO;
                }
                let mut owed: Vec<(i64, Money)> = Vec::new();
                // Members' deliveries as documents: mushrooms all year (more in winter), plums in
                // June and July. Quantities in whole 斤, prices to the 分 per 斤.
                let mut delivered = [0i64; 2];
                for &no in &member_nos {
                    let winter = matches!(month, 1 | 2 | 3 | 11 | 12);
                    for (i, product, on, qty, price) in [
                        (0, "香菇", rng.chance(if winter { 70 } else { 35 }), rng.range(50, 400), rng.range(600, 900)),
                        (
                            1,
                            "芙蓉李",
                            (month == 6 || month == 7) && rng.chance(60),
                            rng.range(100, 800),
                            rng.range(300, 500),
                        ),
                    ] {
                        if !on {
                            continue;
                        }
                        delivered[i] += qty;
                        owed.push((no, Money(qty * price)));
                        tx.user = PREPARER;
                        deliver_in(
                            tx,
                            &chart,
                            &NewDelivery {
                                member: no.to_string(),
                                product: product.into(),
                                quantity: qty.to_string(),
                                unit: Some("斤".into()),
                                price: Money(price).to_string(),
                                date: day(year, month, rng.range(1, 25)),
                                grade: Some(if rng.chance(70) { "一级" } else { "二级" }.into()),
                            },
                        )?;
                        count.0 += 1;
                        count.1 += 2;
                    }
                }
                // Sales of the month's stock: half to the supermarket under its agreement (on
                // credit), 30 % through the online mall (WeChat/Alipay), a share by live stream in
                // the autumn, the rest at the field market in cash.
                let mut market_cash = Money::ZERO;
                let mut e_money = [Money::ZERO; 2];
                for (i, product, lo, hi) in [(0usize, "香菇", 900, 1200), (1, "芙蓉李", 500, 700)] {
                    let q = delivered[i];
                    if q == 0 {
                        continue;
                    }
                    let live = if month >= 9 { q / 10 } else { 0 };
                    // Before the Spring Festival the village collective (a member) buys mushrooms
                    // for the elderly's gift boxes: member trade (Art. 41).
                    let member = if month == 1 && i == 0 && q >= 200 { 20 } else { 0 };
                    let plan = [
                        ("永辉超市", q / 2, "credit", 26),
                        ("民富商城", q * 3 / 10, if month % 2 == 0 { "wechat" } else { "alipay" }, 27),
                        ("十方田品牌体验店", q / 10, "cash", 27),
                        ("抖音直播间", live, if month % 2 == 0 { "alipay" } else { "wechat" }, 27),
                        (MEMBER_BUYER, member, "cash", 27),
                        ("田头市场散客", q - q / 2 - q * 3 / 10 - q / 10 - live - member, "cash", 28),
                    ];
                    for (buyer, qty, paid, d) in plan {
                        if qty == 0 {
                            continue;
                        }
                        let price = Money(rng.range(lo, hi));
                        let amount = Money(qty * price.fen());
                        tx.user = PREPARER;
                        sell_in(
                            tx,
                            &NewSale {
                                date: day(year, month, d),
                                product: product.into(),
                                quantity: qty.to_string(),
                                unit: Some("斤".into()),
                                price: price.to_string(),
                                buyer: buyer.into(),
                                channel: None,
                                contract: (buyer == "永辉超市" && product == "香菇").then(|| format!("YH-{year}-01")),
                                paid: Some(paid.into()),
                            },
                        )?;
                        count.0 += 1;
                        count.1 += 4;
                        match paid {
                            "credit" => receivable += amount,
                            "cash" => market_cash += amount,
                            "wechat" => e_money[0] += amount,
                            _ => e_money[1] += amount,
                        }
                    }
                }
                if !market_cash.is_zero() {
                    book_voucher(
                        tx,
                        &chart,
                        &day(year, month, 28),
                        "田头市场销售现金送存银行",
                        vec![line("102", market_cash, Money::ZERO, None), line("101", Money::ZERO, market_cash, None)],
                        &mut count,
                    )?;
                }
                let [w, a] = e_money;
                if !(w + a).is_zero() {
                    let mut lines = vec![line("102", w + a, Money::ZERO, None)];
                    if !w.is_zero() {
                        lines.push(line("10901", Money::ZERO, w, None));
                    }
                    if !a.is_zero() {
                        lines.push(line("10902", Money::ZERO, a, None));
                    }
                    book_voucher(tx, &chart, &day(year, month, 28), "微信、支付宝余额转入银行", lines, &mut count)?;
                }
                // Pay each member for the month's deliveries (a payment document each, by bank).
                let mut by_member: std::collections::BTreeMap<i64, Money> = std::collections::BTreeMap::new();
                for &(no, amt) in &owed {
                    *by_member.entry(no).or_default() += amt;
                }
                for (no, amount) in by_member {
                    tx.user = PREPARER;
                    pay_member_in(
                        tx,
                        &NewMemberPayment {
                            member: no.to_string(),
                            amount: amount.to_string(),
                            via: Some("bank".into()),
                            date: day(year, month, 28),
                            summary: None,
                        },
                    )?;
                    count.0 += 1;
                    count.1 += 2;
                }

                // Wages, office costs, depreciation, rent, packaging, interest, petty cash.
                let wages = Money::from_yuan(rng.range(30, 40) * 100 + member_nos.len() as i64 * 40).to_string();
                let operation =
                    |kind: &str, date: String, amount: &str, paid: &str, account: Option<&str>, summary: &str| {
                        NewOperation {
                            kind: kind.into(),
                            date,
                            amount: amount.into(),
                            paid: Some(paid.into()),
                            account: account.map(str::to_string),
                            summary: Some(summary.into()),
                            ..Default::default()
                        }
                    };
                tx.user = PREPARER;
                record_in(
                    tx,
                    &operation(
                        "wages-accrued",
                        day(year, month, 25),
                        &wages,
                        "bank",
                        Some("52301"),
                        "计提本月管理人员工资",
                    ),
                )?;
                record_in(tx, &operation("wages-paid", day(year, month, 28), &wages, "bank", None, "发放本月工资"))?;
                count.0 += 2;
                count.1 += 4;
                let office = Money(rng.range(20_000, 150_000));
                book_voucher(
                    tx,
                    &chart,
                    &day(year, month, 12),
                    "购买办公用品",
                    vec![line("52302", office, Money::ZERO, None), line("101", Money::ZERO, office, None)],
                    &mut count,
                )?;
                let delivered_value: Money = owed.iter().map(|(_, a)| *a).sum();
                let packaging = Money(delivered_value.fen() * rng.range(10, 30) / 1000 + 20_000);
                book_voucher(
                    tx,
                    &chart,
                    &day(year, month, 8),
                    "购入包装箱",
                    vec![line("122", packaging, Money::ZERO, None), line("102", Money::ZERO, packaging, None)],
                    &mut count,
                )?;
                book_voucher(
                    tx,
                    &chart,
                    &day(year, month, 28),
                    "领用包装箱",
                    vec![line("52103", packaging, Money::ZERO, None), line("122", Money::ZERO, packaging, None)],
                    &mut count,
                )?;
                // Straight-line over 10 years, no residual: 180,000 / 120 = 1,500 a month.
                tx.user = PREPARER;
                if depreciate_in(tx, &chart, &format!("{year:04}-{month:02}"))?.is_some() {
                    count.0 += 1;
                    count.1 += 2;
                }
                let petty = Money::from_yuan(2000);
                book_voucher(
                    tx,
                    &chart,
                    &day(year, month, 3),
                    "提取备用金",
                    vec![line("101", petty, Money::ZERO, None), line("102", Money::ZERO, petty, None)],
                    &mut count,
                )?;
                if month % 3 == 0 {
                    let rent = Money::from_yuan(rng.range(18, 30) * 1000).to_string();
                    tx.user = PREPARER;
                    record_in(
                        tx,
                        &operation(
                            "rental-income",
                            day(year, month, 15),
                            &rent,
                            "bank",
                            None,
                            "收取菇棚、冷库季度租金",
                        ),
                    )?;
                    count.0 += 1;
                    count.1 += 2;
                    let interest = Money(rng.range(30_000, 120_000));
                    book_voucher(
                        tx,
                        &chart,
                        &day(year, month, 21),
                        "银行存款季度利息",
                        vec![line("102", interest, Money::ZERO, None), line("524", Money::ZERO, interest, None)],
                        &mut count,
                    )?;
                }
            }
            // The year's surplus distributed at the year-end meeting: the Party branch reviews the
            // plan, the members' meeting approves it, then it is posted and paid through the bank.
            tx.user = PREPARER;
            // The demo's clock: the meeting has met once the books it made are past (an approval
            // is never dated after today).
            tx.today = tx.today.clone().max(day(year + 1, 1, 31));
            let y = i32::try_from(year).unwrap_or(i32::MAX);
            let plan = dist::plan_in(tx, y, None, None, false)?;
            if plan.surplus.fen() - plan.losses.fen() > 0 {
                dist::approve_branch_in(tx, y, &day(year, 12, 29), &format!("党支部委员会会议记录 {year}-12"))?;
                dist::approve_meeting_in(tx, y, &day(year, 12, 30), &format!("成员大会决议〔{year}〕6号"))?;
                dist::post_in(tx, y)?;
                dist::pay_in(tx, y, "bank", Some(&day(year, 12, 31)), None)?;
                count.0 += 2;
                count.1 += 3 + 5 * plan.members.len() as i64;
            }
            // Every year but the last is closed (年结), as a co-op's books are once its
            // statements are filed: P&L into 331, all twelve months closed.
            if year < end_year {
                let closed = crate::yearend::close::close_in(tx, y, None)?;
                for id in [closed.pnl_voucher_id, closed.transfer_voucher_id].into_iter().flatten() {
                    count.0 += 1;
                    count.1 += tx.query_row("SELECT COUNT(*) FROM voucher_lines WHERE voucher_id = ?1", [id], |r| {
                        r.get::<_, i64>(0)
                    })?;
                }
            }
            Ok(())
        })?;
    }
    let summary = DemoSummary {
        members: members + 1,
        vouchers: count.0,
        lines: count.1,
        years: format!("{first_year}–{end_year}"),
    };
    add_users(&mut book)?;
    Ok((book, summary))
}

/// The demo's users, one per role, all with the password [`DEMO_PASSWORD`] (the login screen
/// says so for the demo book). The book is left with the accountant acting.
pub fn add_users(book: &mut Book) -> Result<()> {
    for (name, role) in DEMO_USERS {
        book.add_user(name, role, DEMO_PASSWORD)?;
    }
    book.set_user(PREPARER)
}

impl Book {
    /// Whether this is the demo co-op's book (its credit code is the demo's).
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.coop()?.uscc == credit_code("93350125MA2Y8QK3X"))
    }
}

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "coopbook";

/// The demo's users and their roles; the admin first (the first user of a book is its admin).
pub const DEMO_USERS: [(&str, &str); 5] =
    [("admin", "admin"), ("会计", "accountant"), ("出纳", "cashier"), ("理事长", "chairman"), ("监事", "supervisor")];

/// The app's demo co-op at `path`: opened, or made first (30 members, the year 2025) when it is
/// not there yet, with nobody logged in (its users log in with [`DEMO_PASSWORD`]).
pub fn open_or_create(path: &Path) -> Result<Book> {
    if path.exists() {
        return Book::open(path, "", crate::store::book::Mode::Write);
    }
    let (mut book, _) = create(path, 30, 1, 2025, 1)?;
    book.logout();
    Ok(book)
}

impl Book {
    /// The password to show on the login screen: the demo's, for the demo book; none otherwise.
    pub fn demo_password(&self) -> Result<Option<String>> {
        Ok(self.is_demo()?.then(|| DEMO_PASSWORD.to_string()))
    }
}
