//! A member's account (成员账户, Co-operative Law Art. 43) for a year, gathered from the whole book:
//! contributions, share capital and reserve share, trade with the co-op, the surplus returned.

use crate::base::error::Result;
use crate::base::money::Money;
use crate::equity::contribution::{list, Contribution};
use crate::ledger::account::Chart;
use crate::store::book::Book;
use serde::Serialize;

/// A member's account (成员账户, Co-operative Law Art. 43) for a year: what they contributed, their
/// share capital and reserve share, quantified subsidies, and — filled by later capabilities —
/// their trade with the co-op and the surplus returned to them.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberAccount {
    pub no: i64,
    pub name: String,
    pub kind: String,
    pub year: i32,
    pub exited: Option<String>,
    /// Share capital (301) at the year's end.
    pub capital: Money,
    /// Reserve share (322) at the year's end.
    pub reserve: Money,
    /// Quantified subsidies and donations at the year's end.
    pub subsidy: Money,
    /// Patronage refund (221) and residual surplus (222) of the year's surplus, whether the members'
    /// meeting approved them by 31 December or in the next year.
    pub patronage: Money,
    pub residual: Money,
    /// The member's current account (114) at the year's end: positive, the member owes the co-op.
    pub current_account: Money,
    pub contributions: Vec<Contribution>,
    /// Trade with the co-op in the year by product — deliveries and purchases (交易量 / 交易额).
    pub trade: Vec<crate::business::trade::ProductTrade>,
    /// The year's trade amount, the basis of the patronage refund.
    pub trade_amount: Money,
    /// The member's line of the year's distribution plan, when there is one.
    pub distribution: Option<crate::yearend::distribution::PlanMember>,
    /// The year's patronage refund and residual share paid out (or converted to shares).
    pub paid: Money,
}

impl Book {
    pub fn member_account(&self, no: i64, year: i32) -> Result<MemberAccount> {
        let m = self.member(no)?;
        let chart = Chart::load(&self.conn)?;
        let end = format!("{year:04}-12-31");
        let bal = |code: &str| -> Result<Money> {
            Ok(Money(crate::equity::shares::member_balance(&self.conn, &chart, code, m.id, &end)?))
        };
        let returned = |code: &str| -> Result<Money> {
            let by_member =
                crate::reports::statements::member_accounts::returned_of(&self.conn, year, code, Some(m.id))?;
            Ok(Money(by_member.get(&m.id).copied().unwrap_or(0)))
        };
        let contributions: Vec<Contribution> =
            list(&self.conn, Some(no))?.into_iter().filter(|c| c.date.as_str() <= end.as_str()).collect();
        let subsidy = contributions.iter().filter(|c| c.kind == "subsidy").map(|c| c.amount).sum();
        let trade = crate::business::trade::member_trade_of(&self.conn, year, Some(m.id))?
            .members
            .into_iter()
            .find(|t| t.no == no);
        let distribution = crate::yearend::distribution::saved_of(&self.conn, year, Some(m.id))?
            .and_then(|plan| plan.members.into_iter().find(|l| l.no == no));
        Ok(MemberAccount {
            no,
            name: m.name,
            kind: m.kind,
            year,
            exited: m.exited,
            capital: bal("301")?,
            reserve: bal("322")?,
            subsidy,
            patronage: returned("221")?,
            residual: returned("222")?,
            current_account: bal("114")?,
            contributions,
            trade: trade.as_ref().map(|t| t.products.clone()).unwrap_or_default(),
            trade_amount: trade.as_ref().map(|t| t.amount).unwrap_or_default(),
            paid: distribution.as_ref().filter(|d| d.pay_voucher_id.is_some()).map(|d| d.total).unwrap_or_default(),
            distribution,
        })
    }
}

/// One row of the 成员账户 form of 财会〔2021〕37号 (附录): 年初余额, a dated entry (编号 1, 2, …), or
/// 年末余额/总额. Amounts the row does not touch are empty.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberAccountLine {
    /// 编号: the entry's number, none on the opening and closing rows.
    pub line: Option<u32>,
    pub date: Option<String>,
    /// 摘要 (年初余额, 年末余额/总额, or what the entry was).
    pub name: String,
    /// 成员出资 — 来源于到户类扶贫项目资产的出资额 and 其他来源的出资额.
    pub capital_poverty: Option<Money>,
    pub capital_other: Option<Money>,
    /// 公积金份额.
    pub reserve: Option<Money>,
    /// 接受国家财政直接补助形成财产量化份额 and 接受他人捐赠形成财产量化份额.
    pub subsidy: Option<Money>,
    pub donation: Option<Money>,
    /// 交易量 and 交易额, one per product column of the form ([`MemberAccountForm::products`]).
    pub quantities: Vec<Option<String>>,
    pub amounts: Vec<Option<Money>>,
    /// 盈余返还金额 and 剩余盈余分配金额.
    pub patronage: Option<Money>,
    pub residual: Option<Money>,
}

/// A member's 成员账户 for a year as the 2021 appendix lays it out (Co-operative Law Art. 43;
/// 财会〔2021〕37号 第五十七条).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberAccountForm {
    pub no: i64,
    /// 成员姓名（名称）.
    pub name: String,
    pub year: i32,
    /// The form's product columns: the products the member traded in the year, the two largest by
    /// amount as 产品1 and 产品2, any others together as 其他产品 (the form has two).
    pub products: Vec<String>,
    pub lines: Vec<MemberAccountLine>,
}

fn some(fen: i64) -> Option<Money> {
    (fen != 0).then_some(Money(fen))
}

impl Book {
    /// The member's 成员账户 for `year` in the 2021 form: 年初余额; every entry of the year that moved
    /// the member's 出资 (301), 公积金份额 (322), quantified subsidies, trade or surplus returned
    /// (221/222 of this year's plan, whenever the members' meeting approved it), in date order;
    /// 年末余额/总额. The balance columns add up from the opening row to the closing one.
    pub fn member_account_form(&self, no: i64, year: i32) -> Result<MemberAccountForm> {
        let m = self.member(no)?;
        let chart = Chart::load(&self.conn)?;
        let (from, end) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
        let start = format!("{:04}-12-31", year - 1);
        let bal = |code: &str, at: &str| -> Result<i64> {
            crate::equity::shares::member_balance(&self.conn, &chart, code, m.id, at)
        };
        let subsidy_at = |at: &str| -> Result<i64> {
            Ok(self.conn.query_row(
                "SELECT COALESCE(SUM(amount_fen), 0) FROM contributions WHERE member_id = ?1 AND kind = 'subsidy' AND \
                    date <= ?2 AND reversal_voucher_id IS NULL",
                rusqlite::params![m.id, at],
                |r| r.get(0),
            )?)
        };
        // The member's trade of the year, document by document.
        let mut st = self.conn.prepare(
            "SELECT d.date, '交售', p.name, p.unit, d.quantity, d.amount_fen FROM deliveries d JOIN products p ON p.id = \
                d.product_id WHERE d.member_id = ?1 AND d.date BETWEEN ?2 AND ?3 AND d.reversal_voucher_id IS NULL
             UNION ALL
             SELECT s.date, '购买', p.name, p.unit, s.quantity, s.amount_fen FROM sales s JOIN products p ON p.id = \
                s.product_id WHERE s.member_id = ?1 AND s.date BETWEEN ?2 AND ?3 AND s.reversal_voucher_id IS NULL
             UNION ALL
             SELECT c.date, '交售更正', p.name, p.unit, c.quantity, c.amount_fen FROM delivery_corrections c JOIN \
                deliveries d ON d.id = c.delivery_id JOIN products p ON p.id = d.product_id
                WHERE d.member_id = ?1 AND c.date BETWEEN ?2 AND ?3 AND d.reversal_voucher_id IS NULL
             UNION ALL
             SELECT r.date, '退货', p.name, p.unit, '-' || r.quantity, -r.amount_fen FROM sale_returns r JOIN sales s ON \
                s.id = r.sale_id JOIN products p ON p.id = s.product_id
                WHERE s.member_id = ?1 AND r.date BETWEEN ?2 AND ?3 AND s.reversal_voucher_id IS NULL
             ORDER BY 1",
        )?;
        let trades = st
            .query_map(rusqlite::params![m.id, from, end], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // The form's two product columns: the two largest by amount; the rest together.
        let mut by_product: Vec<(String, i64)> = Vec::new();
        for t in &trades {
            match by_product.iter_mut().find(|(p, _)| *p == t.2) {
                Some(e) => e.1 += t.5,
                None => by_product.push((t.2.clone(), t.5)),
            }
        }
        by_product.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut products: Vec<String> = by_product.iter().take(2).map(|(p, _)| p.clone()).collect();
        if by_product.len() > 2 {
            products.pop();
            products.push("其他产品".into());
        }
        let column = |product: &str| products.iter().position(|p| p == product).unwrap_or(products.len() - 1);
        let empty = |name: &str, line: Option<u32>, date: Option<String>| MemberAccountLine {
            line,
            date,
            name: name.into(),
            capital_poverty: None,
            capital_other: None,
            reserve: None,
            subsidy: None,
            donation: None,
            quantities: vec![None; products.len()],
            amounts: vec![None; products.len()],
            patronage: None,
            residual: None,
        };
        let mut entries: Vec<MemberAccountLine> = Vec::new();
        for (date, what, product, unit, qty, fen) in &trades {
            let mut l = empty(&format!("{what}{product} {qty} {unit}"), None, Some(date.clone()));
            let c = column(product);
            // Quantities of different products or units in the 其他产品 column are not added.
            l.quantities[c] = (products[c] != "其他产品").then(|| qty.clone());
            l.amounts[c] = Some(Money(*fen));
            entries.push(l);
        }
        // What moved the member's 出资, 公积金份额 and surplus returned: their voucher lines on 301,
        // 322, 221 and 222 in the year, and this year's plan posting whenever it was dated.
        let mut st = self.conn.prepare(
            "SELECT v.id, v.date, v.summary, substr(a.code, 1, 3), SUM(l.credit_fen - l.debit_fen)
             FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id JOIN accounts a ON a.id = l.account_id
             WHERE v.status = 'posted' AND l.member_id = ?1 AND substr(a.code, 1, 3) IN ('301', '322', '221', '222')
               AND ((l.date BETWEEN ?2 AND ?3 AND (substr(a.code, 1, 3) IN ('301', '322') OR l.credit_fen > 0)
                     AND v.id NOT IN (SELECT post_voucher_id FROM distribution_plans
                                      WHERE year != ?4 AND post_voucher_id IS NOT NULL))
                    OR (v.id IN (SELECT post_voucher_id FROM distribution_plans WHERE year = ?4)
                        AND substr(a.code, 1, 3) IN ('221', '222')))
             GROUP BY v.id, substr(a.code, 1, 3) ORDER BY v.date, v.id",
        )?;
        let moves = st
            .query_map(rusqlite::params![m.id, from, end, year], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut last: Option<i64> = None;
        for (id, date, summary, code, net) in moves {
            if last != Some(id) {
                entries.push(empty(&summary, None, Some(date)));
                last = Some(id);
            }
            let Some(l) = entries.last_mut() else { continue };
            match code.as_str() {
                "301" => l.capital_other = some(net),
                "322" => l.reserve = some(net),
                "221" => l.patronage = some(net),
                _ => l.residual = some(net),
            }
        }
        // Quantified subsidies of the year (the share is on paper, not on 301).
        let mut st = self.conn.prepare(
            "SELECT date, amount_fen FROM contributions WHERE member_id = ?1 AND kind = 'subsidy' AND date BETWEEN ?2 \
                AND ?3 AND reversal_voucher_id IS NULL ORDER BY date, id",
        )?;
        for r in
            st.query_map(rusqlite::params![m.id, from, end], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        {
            let (date, fen) = r?;
            let mut l = empty("国家财政直接补助形成财产量化", None, Some(date));
            l.subsidy = Some(Money(fen));
            entries.push(l);
        }
        entries.sort_by(|a, b| a.date.cmp(&b.date));
        for (i, l) in entries.iter_mut().enumerate() {
            l.line = u32::try_from(i + 1).ok();
        }
        let mut opening = empty("年初余额", None, None);
        opening.capital_poverty = Some(Money::ZERO);
        opening.capital_other = Some(Money(bal("301", &start)?));
        opening.reserve = Some(Money(bal("322", &start)?));
        opening.subsidy = Some(Money(subsidy_at(&start)?));
        opening.donation = Some(Money::ZERO);
        let mut closing = empty("年末余额/总额", None, None);
        closing.capital_poverty = Some(Money::ZERO);
        closing.capital_other = Some(Money(bal("301", &end)?));
        closing.reserve = Some(Money(bal("322", &end)?));
        closing.subsidy = Some(Money(subsidy_at(&end)?));
        closing.donation = Some(Money::ZERO);
        for (c, product) in products.iter().enumerate() {
            let in_column: Vec<_> = trades.iter().filter(|t| column(&t.2) == c).collect();
            closing.amounts[c] = Some(Money(in_column.iter().map(|t| t.5).sum()));
            if product != "其他产品" {
                let q: rust_decimal::Decimal =
                    in_column.iter().filter_map(|t| t.4.parse::<rust_decimal::Decimal>().ok()).sum();
                closing.quantities[c] = Some(q.normalize().to_string());
            }
        }
        let total =
            |f: fn(&MemberAccountLine) -> Option<Money>| Money(entries.iter().filter_map(f).map(|m| m.fen()).sum());
        closing.patronage = Some(total(|l| l.patronage));
        closing.residual = Some(total(|l| l.residual));
        let mut lines = vec![opening];
        lines.extend(entries);
        lines.push(closing);
        let products = products
            .iter()
            .map(|p| match by_product.iter().find(|(n, _)| n == p).and_then(|_| trades.iter().find(|t| &t.2 == p)) {
                Some(t) => format!("{p}（{}）", t.3),
                None => p.clone(),
            })
            .collect();
        Ok(MemberAccountForm { no, name: m.name, year, products, lines })
    }
}
