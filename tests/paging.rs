//! The lists the app reads a page at a time: members (with search), an account's detail ledger
//! (the balance brought forward on every page equals the unpaged ledger's running balance there;
//! the range's totals stay whole), deliveries and sales newest first, contributions.

use crate::util::{voucher, Scratch, ID_WANG};
use coopbook::business::trade::NewDelivery;
use coopbook::equity::contribution::NewContribution;
use coopbook::ledger::member::NewMember;

/// Adds every voucher as the accountant, then the chairman reviews and posts all but `drafts`.
fn enter(s: &Scratch, vouchers: &[(&str, &[&str])], drafts: &[usize]) {
    let ids: Vec<i64> = {
        let mut acc = s.book("会计");
        vouchers.iter().map(|(date, lines)| acc.add_voucher(&voucher(date, "往来", lines)).expect("add").id).collect()
    };
    let mut chair = s.book("理事长");
    for (_, id) in ids.iter().enumerate().filter(|(i, _)| !drafts.contains(i)) {
        chair.review_voucher(*id).expect("review");
        chair.post_voucher(*id).expect("post");
    }
}

/// Eight posted lines on 114 over three months (four on one day, two vouchers on another), and a
/// draft on 114 that no ledger may count.
fn ledger_book() -> Scratch {
    let s = Scratch::with_members();
    enter(
        &s,
        &[
            ("2025-01-05", &["12801:100.00:", "114::100.00:2"]),
            ("2025-01-05", &["12801:200.00:", "114::200.00:3"]),
            ("2025-01-05", &["12801:70.00:", "114::30.00:2", "114::40.00:3"]),
            ("2025-01-20", &["114:100.00::2", "102::100.00"]),
            ("2025-02-03", &["12801:500.00:", "114::500.00:3"]),
            ("2025-02-03", &["12801:10.01:", "114::10.01:2"]),
            ("2025-02-15", &["12801:999.00:", "114::999.00:2"]),
            ("2025-03-01", &["114:250.00::3", "102::250.00"]),
        ],
        &[6],
    );
    s
}

fn balances(rows: &[coopbook::ledger::balances::LedgerRow]) -> Vec<String> {
    rows.iter()
        .map(|r| format!("{} {} {} {} {}", r.date, r.member.unwrap_or(0), r.debit, r.credit, r.balance))
        .collect()
}

#[test]
fn ledger_pages_carry_the_running_balance() {
    let s = ledger_book();
    let b = s.reader();
    let whole = b.ledger("114", "2025-01-01", "2025-12-31", None).unwrap();
    assert_eq!(
        balances(&whole.rows),
        [
            "2025-01-05 2 0.00 100.00 -100.00",
            "2025-01-05 3 0.00 200.00 -300.00",
            "2025-01-05 2 0.00 30.00 -330.00",
            "2025-01-05 3 0.00 40.00 -370.00",
            "2025-01-20 2 100.00 0.00 -270.00",
            "2025-02-03 3 0.00 500.00 -770.00",
            "2025-02-03 2 0.00 10.01 -780.01",
            "2025-03-01 3 250.00 0.00 -530.01",
        ]
    );
    // 114 is a debit account: what the co-op owes members shows below zero.
    // Page 2 of three rows starts inside the day of four lines: brought forward is row 3's balance.
    let p = b.ledger_page("114", "2025-01-01", "2025-12-31", None, Some(3), Some(3)).unwrap();
    assert_eq!(
        (p.total, p.offset, p.opening.to_string(), p.brought_forward.to_string()),
        (8, 3, "0.00".into(), "-330.00".into())
    );
    assert_eq!(
        balances(&p.rows),
        ["2025-01-05 3 0.00 40.00 -370.00", "2025-01-20 2 100.00 0.00 -270.00", "2025-02-03 3 0.00 500.00 -770.00"]
    );
    // The range's totals, not the page's.
    assert_eq!(
        (p.debit.to_string(), p.credit.to_string(), p.closing.to_string()),
        ("350.00".into(), "880.01".into(), "-530.01".into())
    );
    // The last page, and a page past the end (brought forward = closing, no rows).
    let p = b.ledger_page("114", "2025-01-01", "2025-12-31", None, Some(3), Some(6)).unwrap();
    assert_eq!(
        (p.brought_forward.to_string(), balances(&p.rows)),
        (
            "-770.00".into(),
            vec!["2025-02-03 2 0.00 10.01 -780.01".to_string(), "2025-03-01 3 250.00 0.00 -530.01".into()]
        )
    );
    let p = b.ledger_page("114", "2025-01-01", "2025-12-31", None, Some(3), Some(9)).unwrap();
    assert_eq!((p.total, p.rows.len(), p.brought_forward.to_string()), (8, 0, "-530.01".into()));
    // The default page holds everything here; the first page brings forward the opening.
    let p = b.ledger_page("114", "2025-01-01", "2025-12-31", None, None, None).unwrap();
    assert_eq!((p.rows, p.brought_forward), (whole.rows.clone(), whole.opening));

    // A range starting later: the opening comes from before it.
    let p = b.ledger_page("114", "2025-01-06", "2025-12-31", None, Some(2), Some(2)).unwrap();
    assert_eq!(
        (p.total, p.opening.to_string(), p.brought_forward.to_string()),
        (4, "-370.00".into(), "-770.00".into())
    );
    assert_eq!(balances(&p.rows), ["2025-02-03 2 0.00 10.01 -780.01", "2025-03-01 3 250.00 0.00 -530.01"]);
    assert_eq!((p.debit.to_string(), p.credit.to_string()), ("350.00".into(), "510.01".into()));

    // One member's ledger, paged.
    let p = b.ledger_page("114", "2025-01-01", "2025-12-31", Some(2), Some(2), Some(2)).unwrap();
    assert_eq!((p.total, p.brought_forward.to_string(), p.closing.to_string()), (4, "-130.00".into(), "-40.01".into()));
    assert_eq!(balances(&p.rows), ["2025-01-20 2 100.00 0.00 -30.00", "2025-02-03 2 0.00 10.01 -40.01"]);
}

#[test]
fn every_page_of_every_ledger_matches_the_unpaged_one() {
    let s = ledger_book();
    let b = s.reader();
    for (code, member, from) in [
        ("114", None, "2025-01-01"),
        ("114", Some(3), "2025-01-01"),
        ("128", None, "2025-01-01"),
        ("12801", None, "2025-01-20"),
        ("102", None, "2025-01-01"),
        ("101", None, "2025-01-01"),
    ] {
        let whole = b.ledger(code, from, "2025-12-31", member).unwrap();
        let n = whole.rows.len();
        for limit in 1..=n.max(1) + 1 {
            for offset in 0..=n + 1 {
                let p =
                    b.ledger_page(code, from, "2025-12-31", member, Some(limit as i64), Some(offset as i64)).unwrap();
                let at = offset.min(n);
                let expect: Vec<_> = whole.rows[at..(at + limit).min(n)].to_vec();
                let bf = if at == 0 { whole.opening } else { whole.rows[at - 1].balance };
                let what = format!("{code} {member:?} limit {limit} offset {offset}");
                assert_eq!(p.rows, expect, "{what}");
                assert_eq!(p.brought_forward, bf, "{what}");
                assert_eq!(
                    (p.total, p.opening, p.debit, p.credit, p.closing),
                    (n as i64, whole.opening, whole.debit, whole.credit, whole.closing),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn member_pages_with_and_without_search() {
    let s = Scratch::with_members();
    s.book("会计")
        .add_member(&NewMember {
            name: "王五".into(),
            id_card: ID_WANG.into(),
            kind: "farmer".into(),
            phone: None,
            joined: Some("2025-01-01".into()),
        })
        .unwrap();
    let b = s.reader();
    let nos = |p: &coopbook::ledger::member::MemberPage| (p.total, p.rows.iter().map(|m| m.no).collect::<Vec<_>>());
    assert_eq!(nos(&b.member_page(None, Some(2), Some(0)).unwrap()), (4, vec![1, 2]));
    assert_eq!(nos(&b.member_page(None, Some(2), Some(2)).unwrap()), (4, vec![3, 4]));
    assert_eq!(nos(&b.member_page(Some("  "), Some(3), Some(3)).unwrap()), (4, vec![4]));
    assert_eq!(nos(&b.member_page(None, Some(2), Some(4)).unwrap()), (4, vec![]));
    assert_eq!(nos(&b.member_page(None, None, None).unwrap()), (4, vec![1, 2, 3, 4]));
    // "5" is in the visible part of three identity numbers (N235…, 3501…, 3501…).
    assert_eq!(nos(&b.member_page(Some("5"), Some(2), Some(0)).unwrap()), (3, vec![1, 3]));
    assert_eq!(nos(&b.member_page(Some("5"), Some(2), Some(2)).unwrap()), (3, vec![4]));
    assert_eq!(nos(&b.member_page(Some("张三"), Some(2), Some(0)).unwrap()), (1, vec![2]));
    assert_eq!(nos(&b.member_page(Some("4"), None, None).unwrap()), (1, vec![4]));
    // Out-of-range figures are brought back: at least one row, never a negative offset.
    assert_eq!(nos(&b.member_page(None, Some(0), Some(-5)).unwrap()), (4, vec![1]));
}

#[test]
fn delivery_and_contribution_pages() {
    let s = Scratch::with_members();
    s.cli("会计", &["product", "add", "香菇", "--unit", "斤"]).ok();
    let mut b = s.book("会计");
    let mut ids = Vec::new();
    for (no, date, qty) in [
        (2, "2025-03-01", "10"),
        (3, "2025-03-01", "20"),
        (2, "2025-03-15", "30"),
        (3, "2025-04-02", "40"),
        (2, "2025-02-28", "50"),
    ] {
        let d = NewDelivery {
            member: no.to_string(),
            product: "香菇".into(),
            quantity: qty.into(),
            unit: None,
            price: "2".into(),
            date: date.into(),
            grade: None,
        };
        ids.push(b.deliver(&d).unwrap().id);
    }
    for (no, date, amount) in [(2, "2025-01-05", "1000"), (3, "2025-01-06", "2000"), (2, "2025-01-07", "3000")] {
        let c = NewContribution {
            member: no.to_string(),
            kind: "cash".into(),
            date: date.into(),
            amount: Some(amount.into()),
            via: Some("bank".into()),
            ..Default::default()
        };
        b.contribute(&c).unwrap();
    }
    drop(b);
    let b = s.reader();
    let page = |from: &str, to: &str, limit: i64, offset: i64| {
        let p = b.trade_page("delivery", from, to, Some(limit), Some(offset)).unwrap();
        (p.total, p.rows.iter().map(|r| format!("{} {} {}", r.date, r.member.unwrap(), r.amount)).collect::<Vec<_>>())
    };
    // Newest first; the same day by entry order, latest first.
    assert_eq!(
        page("2025-01-01", "2025-12-31", 2, 0),
        (5, vec!["2025-04-02 3 80.00".to_string(), "2025-03-15 2 60.00".into()])
    );
    assert_eq!(
        page("2025-01-01", "2025-12-31", 2, 2),
        (5, vec!["2025-03-01 3 40.00".to_string(), "2025-03-01 2 20.00".into()])
    );
    assert_eq!(page("2025-01-01", "2025-12-31", 2, 4), (5, vec!["2025-02-28 2 100.00".to_string()]));
    assert_eq!(page("2025-03-01", "2025-03-31", 100, 0).0, 3);
    // The range's count and amount of what stands, whatever the page: 20 + 40 + 60 less the reversed 20.
    s.book("会计").reverse_document("delivery", ids[0]).unwrap();
    let p = b.trade_page("delivery", "2025-03-01", "2025-03-31", Some(1), Some(0)).unwrap();
    assert_eq!((p.total, p.live, p.amount.to_string(), p.rows.len()), (3, 2, "100.00".into(), 1));
    // The pages together are the unpaged list, reversed.
    let all: Vec<i64> =
        b.trade_rows("delivery", None, "2025-01-01", "2025-12-31").unwrap().iter().rev().map(|r| r.id).collect();
    let paged: Vec<i64> = (0..3)
        .flat_map(|i| b.trade_page("delivery", "2025-01-01", "2025-12-31", Some(2), Some(i * 2)).unwrap().rows)
        .map(|r| r.id)
        .collect();
    assert_eq!(paged, all);
    assert_eq!(b.trade_page("sale", "2025-01-01", "2025-12-31", None, None).unwrap().total, 0);

    let c = b.contribution_page(None, Some(2), Some(1)).unwrap();
    assert_eq!(
        (c.total, c.rows.iter().map(|r| format!("{} {} {}", r.date, r.member, r.amount)).collect::<Vec<_>>()),
        (3, vec!["2025-01-06 3 2000.00".to_string(), "2025-01-07 2 3000.00".into()])
    );
    let c = b.contribution_page(Some(2), Some(1), Some(1)).unwrap();
    assert_eq!(
        (c.total, c.rows.iter().map(|r| r.amount.to_string()).collect::<Vec<_>>()),
        (2, vec!["3000.00".to_string()])
    );
    assert_eq!(b.contribution_page(None, None, None).unwrap().rows, b.contributions(None).unwrap());
}
