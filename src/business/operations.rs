//! The co-op's other business documents, each a template that posts its voucher: service and
//! rental income, state subsidies received and turned into assets (235 → 311), loans received and
//! repaid with interest (201/231, 524), wages and labour accrued and paid (212, 213), and
//! expenses (523 管理费用, 529 其他支出, 401 生产成本 or any expense account).
//!
//! Invariant: a document and its voucher are written together; the template decides the accounts,
//! the user only the amounts, the date, how money moved and, where allowed, the expense account.

use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::{sub_account_for, Chart};
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// The kinds of operation and their Chinese names.
pub const KINDS: &[(&str, &str)] = &[
    ("service-income", "服务收入"),
    ("rental-income", "租赁收入"),
    ("subsidy-received", "收到财政补助"),
    ("subsidy-to-assets", "补助形成资产转专项基金"),
    ("loan-received", "取得借款"),
    ("loan-repaid", "归还借款"),
    ("wages-accrued", "计提工资"),
    ("wages-paid", "发放工资"),
    ("labour-accrued", "计提劳务费"),
    ("labour-paid", "支付劳务费"),
    ("expense", "费用支出"),
];

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewOperation {
    pub kind: String,
    pub date: String,
    pub amount: String,
    /// loan-repaid: the interest paid with the principal (Dr 524).
    #[serde(default)]
    pub interest: Option<String>,
    /// How money moved: cash, bank (default) or — for income — credit (113).
    #[serde(default)]
    pub paid: Option<String>,
    /// loans: `short` (201, default) or `long` (231).
    #[serde(default)]
    pub term: Option<String>,
    /// The expense account for wages-accrued (default 523), labour-accrued (521) and expense (523).
    #[serde(default)]
    pub account: Option<String>,
    /// Who: the lender, the payee, the customer.
    #[serde(default)]
    pub party: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Operation {
    pub id: i64,
    pub kind: String,
    pub kind_zh: String,
    pub date: String,
    pub amount: Money,
    pub interest: Money,
    pub voucher_id: i64,
}

fn money_account(paid: &str, allow_credit: bool) -> Result<&'static str> {
    match paid {
        "cash" => Ok("101"),
        "bank" => Ok("102"),
        "credit" if allow_credit => Ok("113"),
        other => Err(Error::new(
            "invalid-paid",
            format!("收付方式“{other}”无效，应为 cash 或 bank{}", if allow_credit { " 或 credit" } else { "" }),
            format!("\"{other}\" is not cash or bank{}", if allow_credit { " or credit" } else { "" }),
        )
        .at("paid")),
    }
}

fn positive(text: &str, field: &str) -> Result<Money> {
    let m = Money::parse(text).map_err(|e| e.at(field))?;
    if m.fen() <= 0 {
        return Err(Error::new(
            "not-positive",
            format!("金额必须大于零，输入的是 {text}"),
            format!("the amount must be greater than zero, got {text}"),
        )
        .at(field));
    }
    Ok(m)
}

/// Validates an operation and posts its voucher; returns the document id.
pub fn record_in(tx: &mut Tx, op: &NewOperation) -> Result<i64> {
    let kind = op.kind.trim();
    let kind_zh = KINDS.iter().find(|(k, _)| *k == kind).map(|(_, z)| *z).ok_or_else(|| {
        Error::new("invalid-operation", format!("业务类型“{kind}”无效"), format!("\"{kind}\" is not a known operation"))
            .at("kind")
    })?;
    let mut errors = Vec::new();
    let date = parse_date(&op.date, "date").map_err(|e| errors.push(e)).ok();
    let amount = positive(&op.amount, "amount").map_err(|e| errors.push(e)).ok();
    let interest = match op.interest.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        Some(i) => Money::parse(i)
            .map_err(|e| e.at("interest"))
            .and_then(|m| {
                if m.fen() < 0 {
                    Err(Error::new("amount-negative", "利息不能为负", "interest cannot be negative").at("interest"))
                } else {
                    Ok(m)
                }
            })
            .map_err(|e| errors.push(e))
            .ok(),
        None => Some(Money::ZERO),
    };
    let paid = op.paid.as_deref().map(str::trim).filter(|p| !p.is_empty()).unwrap_or("bank").to_string();
    let loan_account = match op.term.as_deref().map(str::trim).unwrap_or("short") {
        "short" | "" => Some("201"),
        "long" => Some("231"),
        other => {
            errors.push(
                Error::new(
                    "invalid-term",
                    format!("借款期限“{other}”无效，应为 short 或 long"),
                    format!("\"{other}\" is not short or long"),
                )
                .at("term"),
            );
            None
        }
    };
    let (Some(date), Some(amount), Some(interest), Some(loan_account), true) =
        (date, amount, interest, loan_account, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    // The expense account chosen (or the kind's default); when it has sub-accounts, the kind's own
    // sub-account under it (made on first use), since lines post to leaves only.
    let mut chosen = |default: &str, sub_name: &str| -> Result<String> {
        let code = op.account.as_deref().map(str::trim).filter(|a| !a.is_empty()).unwrap_or(default).to_string();
        let chart = Chart::load(tx)?;
        match chart.get(&code) {
            Some(a) if !a.leaf => {
                let id = sub_account_for(tx, &code, sub_name)?;
                Ok(Chart::load(tx)?.by_id(id).map(|a| a.code.clone()).unwrap_or(code))
            }
            _ => Ok(code),
        }
    };
    let a = amount.to_string();
    // (account, amount) on each side.
    type Side = Vec<(String, Money)>;
    let (debits, credits): (Side, Side) = match kind {
        "service-income" | "rental-income" => {
            let income = sub_account_for(tx, "501", if kind == "service-income" { "服务收入" } else { "租赁收入" })?;
            let code = Chart::load(tx)?.by_id(income).map(|x| x.code.clone()).unwrap_or_default();
            (vec![(money_account(&paid, true)?.into(), amount)], vec![(code, amount)])
        }
        "subsidy-received" => (vec![(money_account(&paid, false)?.into(), amount)], vec![("235".into(), amount)]),
        "subsidy-to-assets" => (vec![("235".into(), amount)], vec![("311".into(), amount)]),
        "loan-received" => (vec![(money_account(&paid, false)?.into(), amount)], vec![(loan_account.into(), amount)]),
        "loan-repaid" => {
            let mut d = vec![(loan_account.to_string(), amount)];
            if interest.fen() > 0 {
                d.push(("524".into(), interest));
            }
            (d, vec![(money_account(&paid, false)?.into(), amount + interest)])
        }
        "wages-accrued" => (vec![(chosen("523", "工资")?, amount)], vec![("212".into(), amount)]),
        "wages-paid" => (vec![("212".into(), amount)], vec![(money_account(&paid, false)?.into(), amount)]),
        "labour-accrued" => (vec![(chosen("521", "劳务费")?, amount)], vec![("213".into(), amount)]),
        "labour-paid" => (vec![("213".into(), amount)], vec![(money_account(&paid, false)?.into(), amount)]),
        _ => {
            let acct = chosen("523", "其他费用")?;
            let chart = Chart::load(tx)?;
            match chart.get(&acct) {
                Some(x) if x.direction > 0 && (x.class == "pnl" || x.class == "cost") => {}
                _ => {
                    return Err(Error::new(
                        "invalid-expense-account",
                        format!("“{acct}”不是费用或成本科目（如 523 管理费用、529 其他支出、401 生产成本）"),
                        format!("\"{acct}\" is not an expense or cost account (e.g. 523, 529, 401)"),
                    )
                    .at("account"))
                }
            }
            (vec![(acct, amount)], vec![(money_account(&paid, false)?.into(), amount)])
        }
    };
    let party = op.party.as_deref().map(str::trim).filter(|p| !p.is_empty());
    let summary = op.summary.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).unwrap_or_else(
        || match party {
            Some(p) => format!("{kind_zh}：{p}"),
            None => kind_zh.to_string(),
        },
    );
    let line = |account: &str, d: Money, c: Money| NewLine {
        account: account.into(),
        debit: if d.is_zero() { String::new() } else { d.to_string() },
        credit: if c.is_zero() { String::new() } else { c.to_string() },
        member: None,
        summary: None,
    };
    let mut lines: Vec<NewLine> = debits.iter().map(|(acc, m)| line(acc, *m, Money::ZERO)).collect();
    lines.extend(credits.iter().map(|(acc, m)| line(acc, Money::ZERO, *m)));
    let chart = Chart::load(tx)?;
    let voucher_id = post_document_in(
        tx,
        &chart,
        &NewVoucher { date: date.clone(), summary: summary.clone(), attachments: 1, lines },
    )?;
    let detail =
        serde_json::json!({"paid": paid, "term": op.term, "account": op.account, "party": party, "summary": summary});
    tx.execute(
        "INSERT INTO operations (kind, date, amount_fen, interest_fen, detail, voucher_id) VALUES (?1, ?2, ?3, ?4, \
            ?5, ?6)",
        params![kind, date, amount.fen(), interest.fen(), detail.to_string(), voucher_id],
    )?;
    let id = tx.last_insert_rowid();
    tx.log(
        "operation.add",
        "operation",
        id,
        &serde_json::json!({"kind": kind, "date": date, "amount": a,
        "interest": interest, "detail": detail, "voucher": voucher_id}),
    )?;
    Ok(id)
}

impl Book {
    pub fn record_operation(&mut self, op: &NewOperation) -> Result<Operation> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| record_in(tx, op))?;
        self.operations()?.into_iter().find(|o| o.id == id).ok_or_else(|| Error::internal("operation vanished"))
    }

    pub fn operations(&self) -> Result<Vec<Operation>> {
        let mut st = self.conn.prepare(
            "SELECT id, kind, date, amount_fen, interest_fen, voucher_id FROM operations \
            WHERE reversal_voucher_id IS NULL ORDER BY date, id",
        )?;
        let rows = st.query_map([], |r| {
            let kind: String = r.get(1)?;
            Ok(Operation {
                id: r.get(0)?,
                kind_zh: KINDS.iter().find(|(k, _)| *k == kind).map(|(_, z)| *z).unwrap_or("?").into(),
                kind,
                date: r.get(2)?,
                amount: Money(r.get(3)?),
                interest: Money(r.get(4)?),
                voucher_id: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
