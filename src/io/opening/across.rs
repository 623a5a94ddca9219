//! The checks that look across the lines: the same code twice, debits equal to credits, members
//! on member sub-ledger accounts, the notes to review.

use super::chart2007::{below, norm_name};
use super::read::{push, Line};
use crate::base::error::Error;
use crate::base::money::Money;
use crate::ledger::account::Chart;
use std::collections::{BTreeMap, HashMap};

/// The checks across rows: repeated rows, subtotal rows against the rows below them, accounts
/// that must be leaves, sub-accounts to create, members on exactly the member sub-ledgers, and
/// the notes that only the whole file tells.
pub(crate) fn across(lines: &mut [Line], chart: &Chart, date: &str) {
    let n = lines.len();

    // Repeats: the same code for the same member (or none) twice.
    let mut seen: HashMap<(String, Option<i64>), usize> = HashMap::new();
    let mut repeats = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(c) = &l.code {
            if let Some(&first) = seen.get(&(c.clone(), l.out.member)) {
                repeats.push((i, lines[first].out.row));
            } else {
                seen.insert((c.clone(), l.out.member), i);
            }
        }
    }
    for (i, first) in repeats {
        let l = &mut lines[i];
        let who = l.out.member.map(|m| format!("（成员 {m}）")).unwrap_or_default();
        let e = Error::new(
            "opening-repeat",
            format!("科目 {}{who} 与第 {first} 行重复", l.out.old_code),
            format!("account {} repeats row {first}", l.out.old_code),
        );
        push(l, "code", e);
    }

    // Subtotals: a row without a member whose code has rows below it, or whose account has rows
    // for members, totals them; it must equal the sum of the rows that post.
    let under = |p: &Line, c: &Line| -> bool {
        match (&p.code, &c.code) {
            (Some(pc), Some(cc)) => p.out.member.is_none() && (below(cc, pc) || (cc == pc && c.out.member.is_some())),
            _ => false,
        }
    };
    let subtotal: Vec<bool> = (0..n).map(|i| (0..n).any(|j| j != i && under(&lines[i], &lines[j]))).collect();
    for i in 0..n {
        if !subtotal[i] {
            continue;
        }
        lines[i].out.subtotal = true;
        let parts: Vec<usize> = (0..n).filter(|&j| j != i && !subtotal[j] && under(&lines[i], &lines[j])).collect();
        if !lines[i].amounts || parts.iter().any(|&j| !lines[j].amounts) {
            continue;
        }
        let net = |l: &Line| l.out.debit.fen() - l.out.credit.fen();
        let sum: i64 = parts.iter().map(|&j| net(&lines[j])).sum();
        let own = net(&lines[i]);
        let l = &mut lines[i];
        if own == sum {
            l.notes.push("合计行：按下级各行记账，本行不重复记入".to_string());
        } else if own == 0 && l.out.debit.is_zero() && l.out.credit.is_zero() {
            // A parent row without a balance heads the rows below it.
            l.notes.push("上级科目行（未填余额）：按下级各行记账".to_string());
        } else {
            let show = |x: i64| {
                if x >= 0 {
                    format!("借 {}", Money(x).grouped())
                } else {
                    format!("贷 {}", Money(-x).grouped())
                }
            };
            let e = Error::new(
                "opening-subtotal",
                format!(
                    "科目 {} 是下级各行的合计，但本行余额 {} 与下级各行合计 {} 不符",
                    l.out.old_code,
                    show(own),
                    show(sum)
                ),
                format!(
                    "account {} totals the rows below it, but its balance {} differs from their sum {}",
                    l.out.old_code,
                    show(own),
                    show(sum)
                ),
            );
            push(l, "debit", e);
        }
    }

    // Sub-accounts to create: each under a parent the book has or this file creates, one name
    // per code.
    let mut creating: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for i in 0..n {
        let l = &lines[i];
        if !l.out.new_account || l.out.new_code.is_empty() {
            continue;
        }
        let code = l.out.new_code.clone();
        let name = l.out.new_name.clone();
        match creating.get(&code) {
            Some((first, other)) if norm_name(other) != norm_name(&name) => {
                let first_row = lines[*first].out.row;
                let e = Error::new(
                    "opening-collision",
                    format!("第 {first_row} 行和本行都转入新科目 {code}，但名称不同（“{other}”与“{name}”），请用 --map 指定其中一个转入别的科目"),
                    format!("row {first_row} and this row both go to the new account {code} under different names \
                        (\"{other}\" and \"{name}\"); map one of them elsewhere with --map"),
                );
                push(&mut lines[i], "code", e);
            }
            Some(_) => {}
            None => {
                creating.insert(code, (i, name));
            }
        }
    }
    for (code, (i, name)) in &creating {
        let parent = &code[..code.len() - 2];
        let l = &mut lines[*i];
        if chart.get(parent).is_none() && !creating.contains_key(parent) {
            let e = Error::new(
                "unknown-account",
                format!("新明细科目 {code} 的上级科目 {parent} 不存在，请在文件中加上 {parent} 的行或先增设该科目"),
                format!(
                    "the parent {parent} of the new sub-account {code} does not exist; add a row for it or add \
                    the account first"
                ),
            );
            push(l, "code", e);
        } else if name.is_empty() {
            push(
                l,
                "name",
                Error::new(
                    "field-required",
                    format!("要新建明细科目 {code}，请填写科目名称"),
                    format!("the name is required to create the sub-account {code}"),
                ),
            );
        } else {
            l.notes.push(format!("将新建明细科目 {code} {name}"));
        }
    }

    // Accounts that post must be leaves, in the book and after the import.
    let posting: Vec<String> = lines
        .iter()
        .filter(|l| !l.out.subtotal && !l.out.new_code.is_empty())
        .map(|l| l.out.new_code.clone())
        .collect();
    for l in lines.iter_mut() {
        let code = l.out.new_code.clone();
        if l.out.subtotal || code.is_empty() {
            continue;
        }
        if let Some(a) = chart.get(&code).filter(|a| !a.leaf) {
            let e = Error::new(
                "account-not-leaf",
                format!("科目 {} {} 设有明细科目，请按明细科目填写余额", a.code, a.name),
                format!("account {} {} has sub-accounts; give the balances of its sub-accounts", a.code, a.name),
            );
            push(l, "code", e);
        } else if let Some(sub) = posting.iter().chain(creating.keys()).find(|c| below(c, &code)) {
            let e = Error::new(
                "account-not-leaf",
                format!("本行转入科目 {code}，而文件中另有行转入它的明细科目 {sub}，余额只能记在明细科目上；请用 --map 调整"),
                format!("this row goes to {code}, while another row goes to its sub-account {sub}; balances post to \
                    sub-accounts only: adjust with --map"),
            );
            push(l, "code", e);
        }
    }

    // Members exactly on the member sub-ledgers (114, 221, 222, 301, 322 and their sub-accounts),
    // as on every voucher.
    let year_start = date.ends_with("-01-01");
    for l in lines.iter_mut() {
        let code = l.out.new_code.clone();
        if code.is_empty() {
            continue;
        }
        let Some(root) = chart.get(&code[..3]) else { continue };
        let has_amount = !(l.out.debit.is_zero() && l.out.credit.is_zero());
        match (root.member_ledger, l.out.member.is_some()) {
            (true, false) if !l.out.subtotal && has_amount => {
                let e = Error::new(
                    "member-required",
                    format!(
                        "第 {} 行：科目 {} {} 按成员明细核算，请在“成员编号”列填写成员（每位成员一行）",
                        l.out.row, code, root.name
                    ),
                    format!(
                        "row {}: account {} {} is kept per member; give the member number (one row per member)",
                        l.out.row, code, root.name
                    ),
                );
                push(l, "member", e);
            }
            (false, true) => {
                let e = Error::new(
                    "member-not-allowed",
                    format!("第 {} 行：科目 {} {} 不按成员核算，不能填写成员", l.out.row, code, root.name),
                    format!("row {}: account {} {} is not kept per member", l.out.row, code, root.name),
                );
                push(l, "member", e);
            }
            _ => {}
        }
        if year_start && root.class == "pnl" && has_amount && !l.out.subtotal {
            l.notes.push("年初损益类科目一般没有余额，请核对".to_string());
        }
    }
}
