//! Property tests of the ledger's invariants on randomly generated books: every posted voucher
//! balances, the trial balance nets to zero and equals a naive sum over all lines for any range,
//! member sub-ledgers sum to their control account, a refused voucher changes nothing, and the
//! statements agree with the ledger before and after the year close.

use crate::util::{voucher, Scratch};
use coopbook::Money;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Accounts that take no member, and member sub-ledger accounts.
const PLAIN: &[&str] = &["101", "102", "113", "12801", "50101", "52101", "212", "523"];
const MEMBER: &[&str] = &["114", "301", "221"];

#[derive(Debug, Clone)]
struct GenLine {
    account: String,
    member: Option<i64>,
    fen: i64,
    debit: bool,
}

fn gen_voucher() -> impl Strategy<Value = (u32, u32, Vec<GenLine>)> {
    let line = (any::<bool>(), 0usize..8, 0usize..3, 1i64..=3, 1i64..5_000_000, any::<bool>()).prop_map(
        |(member, p, m, no, fen, debit)| {
            if member {
                GenLine { account: MEMBER[m].into(), member: Some(no), fen, debit }
            } else {
                GenLine { account: PLAIN[p].into(), member: None, fen, debit }
            }
        },
    );
    (1u32..=3, 1u32..=28, prop::collection::vec(line, 1..5)).prop_map(|(month, day, mut lines)| {
        // Balance it with one more line on the other side.
        let net: i64 = lines.iter().map(|l| if l.debit { l.fen } else { -l.fen }).sum();
        if net != 0 {
            lines.push(GenLine { account: "102".into(), member: None, fen: net.abs(), debit: net < 0 });
        } else {
            lines.push(GenLine { account: "101".into(), member: None, fen: 100, debit: true });
            lines.push(GenLine { account: "101".into(), member: None, fen: 100, debit: false });
        }
        (month, day, lines)
    })
}

fn spec(l: &GenLine) -> String {
    let amt = Money(l.fen).to_string();
    let (d, c) = if l.debit { (amt, String::new()) } else { (String::new(), amt) };
    match l.member {
        Some(m) => format!("{}:{d}:{c}:{m}", l.account),
        None => format!("{}:{d}:{c}", l.account),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn ledger_invariants(vouchers in prop::collection::vec(gen_voucher(), 1..25), from_day in 1u32..=90,
        span in 0u32..=90) {
        let s = Scratch::with_members();
        let mut book = s.book("会计");
        let mut all: Vec<(String, GenLine)> = Vec::new();
        for (month, day, lines) in &vouchers {
            let date = format!("2025-{month:02}-{day:02}");
            let specs: Vec<String> = lines.iter().map(spec).collect();
            let refs: Vec<&str> = specs.iter().map(String::as_str).collect();
            let v = book.add_voucher(&voucher(&date, "随机凭证", &refs)).unwrap();
            book.set_user("理事长").unwrap();
            book.review_voucher(v.id).unwrap();
            book.post_voucher(v.id).unwrap();
            book.set_user("会计").unwrap();
            prop_assert_eq!(v.debit, v.credit);
            all.extend(lines.iter().map(|l| (date.clone(), l.clone())));
        }
        let verification = book.verify().unwrap();
        prop_assert!(verification.ok, "{:?}", verification.problems);

        // Any range: the trial balance equals a naive sum over every line.
        let d0 = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let from = (d0 + chrono::Days::new(u64::from(from_day) - 1)).format("%Y-%m-%d").to_string();
        let to = (d0 + chrono::Days::new(u64::from(from_day + span) - 1)).format("%Y-%m-%d").to_string();
        let tb = book.trial_balance(&from, &to).unwrap();
        prop_assert!(tb.totals.balanced);
        prop_assert_eq!(tb.totals.debit, tb.totals.credit);
        let mut naive: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
        for (date, l) in &all {
            let top = l.account[..3].to_string();
            let mut codes = vec![l.account.clone()];
            if top != l.account { codes.push(top); }
            for code in codes {
                let e = naive.entry(code).or_default();
                let signed = if l.debit { l.fen } else { -l.fen };
                if date.as_str() < from.as_str() { e.0 += signed; }
                else if date.as_str() <= to.as_str() { if l.debit { e.1 += l.fen } else { e.2 += l.fen } }
            }
        }
        for row in &tb.accounts {
            let dir = if row.direction == "debit" { 1 } else { -1 };
            let (o, d, c) = naive.get(&row.code).copied().unwrap_or_default();
            prop_assert_eq!(row.opening.fen(), dir * o, "opening {}", row.code);
            prop_assert_eq!(row.debit.fen(), d, "debit {}", row.code);
            prop_assert_eq!(row.credit.fen(), c, "credit {}", row.code);
            prop_assert_eq!(row.closing.fen(), dir * (o + d - c), "closing {}", row.code);
        }

        // Member sub-ledgers sum to their control accounts.
        let year = book.trial_balance("2025-01-01", "2025-12-31").unwrap();
        for code in MEMBER {
            let control = year.accounts.iter().find(|r| r.code == *code).map(|r| r.closing.fen()).unwrap_or(0);
            let sum: i64 = (1..=3).map(|no| book.ledger(code, "2025-01-01", "2025-12-31",
                Some(no)).unwrap().closing.fen()).sum();
            prop_assert_eq!(control, sum, "member sub-ledgers of {}", code);
        }

        // An unbalanced voucher is refused and changes nothing.
        let before = s.snapshot();
        let e = book.add_voucher(&voucher("2025-02-01", "不平", &["101:1.00:", "102::0.99"])).unwrap_err();
        prop_assert_eq!(e.code, "unbalanced");
        prop_assert_eq!(before, s.snapshot());

        // The statements agree with the ledger at every month's end, and the year close changes
        // none of 02's figures while opening 2026 on 2025's balance sheet.
        for m in 1..=12 {
            let bs = book.statement("balance-sheet", 2025, Some(m)).unwrap();
            prop_assert!(bs.ok, "{:?}", bs.checks);
        }
        let surplus = book.statement("surplus", 2025, None).unwrap();
        prop_assert!(surplus.ok, "{:?}", surplus.checks);
        prop_assert!(book.statement("equity-changes", 2025, None).unwrap().ok);
        book.close_year(2025, Some("随机账本")).unwrap();
        prop_assert_eq!(&book.statement("surplus", 2025, None).unwrap().blocks, &surplus.blocks);
        let (end, next) = (book.statement("balance-sheet", 2025, None).unwrap(), book.statement("balance-sheet", 2026,
            None).unwrap());
        prop_assert!(end.ok && next.ok);
        for b in 0..2 {
            // 期末余额 of 2025 is 年初余额 of 2026.
            let e: Vec<_> = end.blocks[b].rows.iter().map(|r| r.values.first().copied().flatten()).collect();
            let n: Vec<_> = next.blocks[b].rows.iter().map(|r| r.values.get(1).copied().flatten()).collect();
            prop_assert_eq!(e, n);
        }
    }

    #[test]
    fn money_round_trips(fen in -100_000_000_000_000i64..100_000_000_000_000i64) {
        let m = Money(fen);
        prop_assert_eq!(Money::parse(&m.to_string()).unwrap(), m);
        prop_assert_eq!(Money::parse(&m.grouped()).unwrap(), m);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, .. ProptestConfig::default() })]

    /// Whatever mix of contributions and hand-posted share capital, the register sums to the 301
    /// balance, and each member's kinds plus "other" make their total.
    #[test]
    fn the_register_sums_to_share_capital(
        items in prop::collection::vec((1i64..=3, 0usize..5, 1i64..2_000_000, 1u32..=12, any::<bool>()), 1..15),
        at_month in 1u32..=12,
    ) {
        let s = Scratch::with_members();
        let mut book = s.book("会计");
        for (member, kind, fen, month, by_hand) in &items {
            let date = format!("2025-{month:02}-10");
            let amount = Money(*fen).to_string();
            if *by_hand {
                let v = book.add_voucher(&voucher(&date, "手工股\
                    金", &[&format!("101:{amount}:"), &format!("301::{amount}:{member}")])).unwrap();
                book.set_user("理事长").unwrap();
                book.review_voucher(v.id).unwrap();
                book.post_voucher(v.id).unwrap();
                book.set_user("会计").unwrap();
                continue;
            }
            let kind = ["cash", "land", "labour", "asset", "subsidy"][*kind];
            let mut c = coopbook::equity::contribution::NewContribution { member: member.to_string(),
                kind: kind.into(), date, ..Default::default() };
            match kind {
                "land" => { c.area = Some(format!("{}.{}", fen % 7 + 1,
                    fen % 10)); c.price_per_mu = Some(amount.clone()); c.valuation_ref = Some("决议".into()); }
                "labour" => { c.days = Some(format!("{}.5", fen % 30)); c.price_per_day = Some(amount.clone()); }
                _ => c.amount = Some(amount.clone()),
            }
            book.contribute(&c).unwrap();
        }
        let at = format!("2025-{at_month:02}-28");
        let r = book.shares(&at).unwrap();
        let tb = book.trial_balance("2025-01-01", &at).unwrap();
        let capital = tb.accounts.iter().find(|a| a.code == "301").map(|a| a.closing).unwrap_or(Money::ZERO);
        prop_assert_eq!(r.total, capital);
        prop_assert_eq!(r.members.iter().map(|m| m.total).sum::<Money>(), capital);
        for m in &r.members {
            prop_assert_eq!(m.cash + m.land + m.labour + m.asset + m.other, m.total);
        }
        let subsidy = tb.accounts.iter().find(|a| a.code == "311").map(|a| a.closing).unwrap_or(Money::ZERO);
        prop_assert_eq!(r.subsidy_total, subsidy);
    }
}

proptest! {
    /// A split pays its pool out to the last 分, gives each member within one 分 of the exact
    /// share, and is deterministic.
    #[test]
    fn a_split_pays_out_its_pool(pool in 0i64..10_000_000_000, weights in prop::collection::vec(0i64..5_000_000_000,
        1..60)) {
        let total: i128 = weights.iter().map(|w| i128::from(*w)).sum();
        match coopbook::yearend::distribution::split(pool, &weights) {
            None => prop_assert!(total == 0 && pool != 0),
            Some(parts) => {
                prop_assert_eq!(parts.iter().sum::<i64>(), pool);
                if total > 0 {
                    for (p, w) in parts.iter().zip(&weights) {
                        let exact_floor = (i128::from(pool) * i128::from(*w) / total) as i64;
                        prop_assert!(*p == exact_floor || *p == exact_floor + 1);
                    }
                }
                prop_assert_eq!(coopbook::yearend::distribution::split(pool, &weights), Some(parts));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, .. ProptestConfig::default() })]
    /// Whole plans on random books: each pool is paid out exactly (Σ reserve shares = R,
    /// Σ refunds = P, Σ residual shares = Q, R + P + Q = S − L), no member gets a negative amount,
    /// every total is its refund plus its residual share, and the plan is the same when computed again.
    #[test]
    fn plans_pay_out_every_pool_exactly(
        capital in prop::collection::vec(0i64..5_000_000, 3),
        trade in prop::collection::vec((0i64..2_000, 1i64..2_000), 3),
        income in 1i64..50_000_000,
        expense in 0i64..20_000_000,
        rates in (0i64..=30, 60i64..=100),
    ) {
        use coopbook::equity::contribution::NewContribution;
        use coopbook::business::operations::NewOperation;
        use coopbook::business::trade::{NewDelivery, NewProduct};
        let s = Scratch::with_members();
        let mut b = s.book("会计");
        for (i, fen) in capital.iter().enumerate() {
            if *fen > 0 {
                b.contribute(&NewContribution { member: (i + 1).to_string(), kind: "cash".into(),
                    date: "2025-01-05".into(), amount: Some(Money(*fen).to_string()), ..Default::default() }).unwrap();
            }
        }
        b.add_product(&NewProduct { name: "香菇".into(), unit: "斤".into(), ..Default::default() }).unwrap();
        for (i, (qty, price)) in trade.iter().enumerate() {
            if *qty > 0 {
                b.deliver(&NewDelivery { member: (i + 1).to_string(), product: "香\
                    菇".into(), quantity: qty.to_string(), price: Money(*price).to_string(), date: "2025-03-01".into(),
                        ..Default::default() }).unwrap();
            }
        }
        b.record_operation(&NewOperation { kind: "service-income".into(), date: "2025-06-01".into(),
            amount: Money(income).to_string(), ..Default::default() }).unwrap();
        if expense > 0 {
            b.record_operation(&NewOperation { kind: "expense".into(), date: "2025-06-02".into(),
                amount: Money(expense).to_string(), ..Default::default() }).unwrap();
        }
        let (r, p) = (format!("0.{:\
            02}", rates.0), if rates.1 == 100 { "1".to_string() } else { format!("0.{:02}", rates.1) });
        let plan = b.distribution_plan(2025, Some(&r), Some(&p), true);
        let no_trade = trade.iter().all(|(q, _)| *q == 0);
        let no_capital = capital.iter().all(|c| *c == 0);
        match plan {
            Err(e) => {
                prop_assert_eq!(e.code, "pool-without-weights");
                prop_assert!(no_trade || no_capital, "{}", e.zh);
            }
            Ok(plan) => {
                let members = &plan.members;
                let sum = |f: fn(&coopbook::yearend::distribution::PlanMember) -> Money| {
                    members.iter().map(f).sum::<Money>()
                };
                prop_assert_eq!(plan.surplus, Money(income - expense));
                if (plan.surplus - plan.losses).fen() > 0 {
                    prop_assert_eq!(plan.reserve + plan.patronage + plan.residual, plan.surplus - plan.losses);
                } else {
                    prop_assert_eq!(plan.distributable, Money::ZERO);
                }
                prop_assert_eq!(sum(|m| m.reserve_share), plan.reserve);
                prop_assert_eq!(sum(|m| m.patronage), plan.patronage);
                prop_assert_eq!(sum(|m| m.residual), plan.residual);
                for m in members {
                    prop_assert!(m.patronage.fen() >= 0 && m.residual.fen() >= 0 && m.reserve_share.fen() >= 0, "{m:\
                        ?}");
                    prop_assert_eq!(m.total, m.patronage + m.residual);
                }
                prop_assert_eq!(b.distribution_plan(2025, Some(&r), Some(&p), true).unwrap(), plan);
            }
        }
    }
}
