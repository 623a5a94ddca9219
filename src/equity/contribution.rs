//! Contributions (出资): cash, land management rights (亩 × price per 亩), labour (工日 × price per
//! day, when the charter allows it), assets in kind (appraised value) and quantified state
//! subsidies or donations. Each one writes its document row and posts its voucher in one
//! transaction: Dr the asset (or cost) side, Cr 301 股金 for the member — or Cr 311 专项基金 for a
//! quantified subsidy, which is the member's share on paper and cannot be withdrawn.
//!
//! Invariant: the valuation is exact — area and days are decimals, the product is rounded to the
//! 分 half away from zero once, here — and what the register reads is what the voucher posted.

use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::member::unknown_member;
use crate::ledger::voucher::{post_document_in, NewLine, NewVoucher};
use crate::store::book::{Book, Tx};
use rusqlite::{params, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

pub const KINDS: &[(&str, &str)] =
    &[("cash", "现金"), ("land", "土地经营权"), ("labour", "劳务"), ("asset", "实物资产"), ("subsidy", "财政补助量化")];

pub fn kind_zh(kind: &str) -> &'static str {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, z)| *z).unwrap_or("?")
}

/// A contribution as the user enters it (raw text, validated here).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewContribution {
    /// Member number.
    pub member: String,
    /// cash, land, labour, asset, subsidy.
    pub kind: String,
    pub date: String,
    /// The amount for cash, asset and subsidy.
    #[serde(default)]
    pub amount: Option<String>,
    /// Land: area in 亩 and price per 亩.
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default)]
    pub price_per_mu: Option<String>,
    /// Labour: days (工日) and price per day.
    #[serde(default)]
    pub days: Option<String>,
    #[serde(default)]
    pub price_per_day: Option<String>,
    /// Cash: `cash` (101) or `bank` (102, the default).
    #[serde(default)]
    pub via: Option<String>,
    /// The account debited: labour defaults to 401 生产成本, assets to 151 固定资产, subsidies to
    /// 235 专项应付款 (the subsidy received and now quantified), land is always 161 无形资产.
    #[serde(default)]
    pub account: Option<String>,
    /// Land: plot name, location, term of the management right.
    #[serde(default)]
    pub plot: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub term: Option<String>,
    /// The members' meeting resolution that approved the valuation (required for land).
    #[serde(default)]
    pub valuation_ref: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Contribution {
    pub id: i64,
    pub member: i64,
    pub member_name: String,
    pub kind: String,
    pub kind_zh: String,
    pub date: String,
    pub amount: Money,
    pub quantity: Option<String>,
    pub unit_price: Option<Money>,
    #[cfg_attr(feature = "ts", ts(type = "JsonValue"))]
    pub detail: serde_json::Value,
    pub voucher_id: Option<i64>,
}

/// One page of the contribution list and how many contributions there are.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContributionPage {
    pub rows: Vec<Contribution>,
    pub total: i64,
}

fn positive_decimal(text: Option<&str>, field: &str, zh: &str, en: &str) -> Result<Decimal> {
    let t = text.map(str::trim).unwrap_or("");
    if t.is_empty() {
        return Err(Error::new("field-required", format!("请填写{zh}"), format!("{en} is required")).at(field));
    }
    let d = Decimal::from_str(t).map_err(|_| {
        Error::new("quantity-invalid", format!("{zh}“{t}”不是有效数字"), format!("{en} \"{t}\" is not a number"))
            .at(field)
    })?;
    if d <= Decimal::ZERO {
        return Err(Error::new(
            "not-positive",
            format!("{zh}必须大于零，输入的是 {t}"),
            format!("{en} must be greater than zero, got {t}"),
        )
        .at(field));
    }
    Ok(d.normalize())
}

fn positive_money(text: Option<&str>, field: &str, zh: &str, en: &str) -> Result<Money> {
    let t = text.map(str::trim).unwrap_or("");
    if t.is_empty() {
        return Err(Error::new("field-required", format!("请填写{zh}"), format!("{en} is required")).at(field));
    }
    let m = Money::parse(t).map_err(|e| e.at(field))?;
    if m.fen() <= 0 {
        return Err(Error::new(
            "not-positive",
            format!("{zh}必须大于零，输入的是 {t}"),
            format!("{en} must be greater than zero, got {t}"),
        )
        .at(field));
    }
    Ok(m)
}

/// The valuation of a quantity at a unit price, rounded to the 分 half away from zero.
pub fn valuation(quantity: Decimal, unit_price: Money) -> Result<Money> {
    Money::round_from_product(quantity, unit_price.to_decimal())
}

/// Validates, writes the document and posts its voucher inside `tx`; returns the new id.
/// A member's document dated before they joined the co-op is refused: what they contribute or
/// deliver counts from their joining on (the plan shares the year's trade among members only).
pub(crate) fn before_joining(no: i64, name: &str, joined: &str, date: &str, zh: &str, en: &str) -> Option<Error> {
    (date < joined).then(|| {
        Error::new(
            "before-joining",
            format!("{no} 号成员 {name} 于 {joined} 入社，{date} 的{zh}不能记在其名下"),
            format!("member no. {no} ({name}) joined on {joined}: cannot {en} on {date}"),
        )
        .at("date")
    })
}

pub fn contribute_in(tx: &mut Tx, chart: &Chart, c: &NewContribution) -> Result<i64> {
    let mut errors = Vec::new();
    let member = c.member.trim();
    let found: Option<(i64, i64, String, Option<String>, String)> = match member.parse::<i64>() {
        Ok(no) => tx
            .prepare_cached("SELECT id, no, name, exited, joined FROM members WHERE no = ?1")?
            .query_row([no], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .optional()?,
        Err(_) => None,
    };
    if found.is_none() {
        errors.push(unknown_member(member));
    }
    let date = parse_date(&c.date, "date").map_err(|e| errors.push(e)).ok();
    if let (Some((_, no, name, _, joined)), Some(d)) = (&found, &date) {
        errors.extend(before_joining(*no, name, joined, d, "出资", "contribute"));
    }
    if let (Some((_, no, name, Some(exited), _)), Some(_)) = (&found, &date) {
        errors.push(
            Error::new(
                "member-exited",
                format!("{no} 号成员 {name} 已于 {exited} 退社，不能再出资"),
                format!("member no. {no} ({name}) exited on {exited} and cannot contribute"),
            )
            .at("member"),
        );
    }
    let kind = c.kind.trim();
    let text = |o: &Option<String>| o.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let mut detail = serde_json::Map::new();
    for (k, v) in [
        ("plot", &c.plot),
        ("location", &c.location),
        ("term", &c.term),
        ("valuation_ref", &c.valuation_ref),
        ("description", &c.description),
    ] {
        if let Some(v) = text(v) {
            detail.insert(k.into(), v.into());
        }
    }
    // (debit account, amount, quantity, unit price, credit account, what for the summary)
    type Plan = (String, Money, Option<String>, Option<Money>, &'static str, String);
    let mut plan: Option<Plan> = None;
    match kind {
        "cash" => {
            let via = text(&c.via).unwrap_or_else(|| "bank".into());
            let acct = match via.as_str() {
                "cash" => Some("101"),
                "bank" => Some("102"),
                _ => {
                    errors.push(
                        Error::new(
                            "invalid-via",
                            format!("收款方式“{via}”无效，应为 cash 或 bank"),
                            format!("\"{via}\" is not cash or bank"),
                        )
                        .at("via"),
                    );
                    None
                }
            };
            detail.insert("via".into(), via.clone().into());
            match (acct, positive_money(c.amount.as_deref(), "amount", "出资金额", "the amount")) {
                (Some(a), Ok(m)) => plan = Some((a.into(), m, None, None, "301", "以现金出资".into())),
                (_, Err(e)) => errors.push(e),
                _ => {}
            }
        }
        "land" => {
            let area = positive_decimal(c.area.as_deref(), "area", "面积（亩）", "the area (mu)")
                .map_err(|e| errors.push(e))
                .ok();
            let price = positive_money(c.price_per_mu.as_deref(), "price_per_mu", "每亩作价", "the price per mu")
                .map_err(|e| errors.push(e))
                .ok();
            if text(&c.valuation_ref).is_none() {
                errors.push(
                    Error::new(
                        "valuation-ref-required",
                        "土地经营权作价须经成员大会通过，请填写决议文号",
                        "a land valuation must be approved by the members' meeting: give the resolution reference",
                    )
                    .at("valuation_ref"),
                );
            }
            if let (Some(a), Some(p)) = (area, price) {
                match valuation(a, p) {
                    Ok(v) => {
                        plan = Some((
                            "161".into(),
                            v,
                            Some(a.to_string()),
                            Some(p),
                            "301",
                            format!("以土地经营权出资 {a} 亩，每亩 {p} 元"),
                        ))
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        "labour" => {
            let allowed: bool = tx.query_row("SELECT allow_labour FROM coop WHERE id = 1", [], |r| r.get(0))?;
            if !allowed {
                errors.push(
                    Error::new(
                        "labour-not-allowed",
                        "本社章程不允许以劳务出资",
                        "the charter does not allow contributions in labour",
                    )
                    .at("kind"),
                );
            }
            let days = positive_decimal(c.days.as_deref(), "days", "工日数", "the number of days")
                .map_err(|e| errors.push(e))
                .ok();
            let price = positive_money(c.price_per_day.as_deref(), "price_per_day", "每工日作价", "the price per day")
                .map_err(|e| errors.push(e))
                .ok();
            if let (Some(d), Some(p)) = (days, price) {
                match valuation(d, p) {
                    Ok(v) => {
                        plan = Some((
                            text(&c.account).unwrap_or_else(|| "401".into()),
                            v,
                            Some(d.to_string()),
                            Some(p),
                            "301",
                            format!("以劳务出资 {d} 工日，每工日 {p} 元"),
                        ))
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        "asset" => match positive_money(c.amount.as_deref(), "amount", "评估价值", "the appraised value") {
            Ok(m) => {
                plan = Some((
                    text(&c.account).unwrap_or_else(|| "151".into()),
                    m,
                    None,
                    None,
                    "301",
                    "以实物资产出资".into(),
                ))
            }
            Err(e) => errors.push(e),
        },
        "subsidy" => match positive_money(c.amount.as_deref(), "amount", "量化金额", "the quantified amount") {
            Ok(m) => {
                plan = Some((
                    text(&c.account).unwrap_or_else(|| "235".into()),
                    m,
                    None,
                    None,
                    "311",
                    "财政补助资金量化到成员".into(),
                ))
            }
            Err(e) => errors.push(e),
        },
        other => errors.push(
            Error::new(
                "invalid-contribution-kind",
                format!("出资方式“{other}”无效，应为 cash/land/labour/asset/subsidy"),
                format!("\"{other}\" is not cash, land, labour, asset or subsidy"),
            )
            .at("kind"),
        ),
    }
    let (
        Some((member_id, no, name, _, _)),
        Some(date),
        Some((debit, amount, quantity, unit_price, credit, what)),
        true,
    ) = (found, date, plan, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    let summary = format!("{no} 号成员{name}{what}");
    let credit_member = (credit == "301").then(|| no.to_string());
    let v = NewVoucher {
        date: date.clone(),
        summary: summary.clone(),
        attachments: 1,
        lines: vec![
            NewLine { account: debit, debit: amount.to_string(), credit: String::new(), member: None, summary: None },
            NewLine {
                account: credit.into(),
                debit: String::new(),
                credit: amount.to_string(),
                member: credit_member,
                summary: None,
            },
        ],
    };
    let voucher_id = post_document_in(tx, chart, &v)?;
    let detail = serde_json::Value::Object(detail);
    tx.prepare_cached(
        "INSERT INTO contributions (member_id, kind, date, amount_fen, quantity, unit_price_fen, detail, voucher_id) \
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        member_id,
        kind,
        date,
        amount.fen(),
        quantity,
        unit_price.map(Money::fen),
        detail.to_string(),
        voucher_id
    ])?;
    let id = tx.last_insert_rowid();
    tx.log(
        "contribution.add",
        "contribution",
        id,
        &serde_json::json!({"member": no, "kind": kind, "date": date, "amount": amount, "quantity": quantity,
            "unit_price": unit_price, "detail": detail, "voucher": voucher_id}),
    )?;
    Ok(id)
}

/// Contributions in date order, for one member or all.
pub fn list(conn: &rusqlite::Connection, member: Option<i64>) -> Result<Vec<Contribution>> {
    list_page(conn, member, -1, 0)
}

/// One member's contributions, or everyone's, in date order: `limit` rows (`-1`: all) from `offset`.
fn list_page(conn: &rusqlite::Connection, member: Option<i64>, limit: i64, offset: i64) -> Result<Vec<Contribution>> {
    // One member's through the member index, not a scan of everyone's.
    let which = if member.is_some() { "c.member_id = (SELECT id FROM members WHERE no = ?1)" } else { "?1 IS NULL" };
    let mut st = conn.prepare_cached(&format!(
        "SELECT c.id, m.no, m.name, c.kind, c.date, c.amount_fen, c.quantity, c.unit_price_fen, c.detail, c.voucher_id
         FROM contributions c JOIN members m ON m.id = c.member_id WHERE {which} AND c.reversal_voucher_id IS NULL \
             ORDER BY c.date, c.id
         LIMIT ?2 OFFSET ?3"
    ))?;
    let rows = st.query_map(params![member, limit, offset], |r| {
        let kind: String = r.get(3)?;
        let detail: String = r.get(8)?;
        Ok(Contribution {
            id: r.get(0)?,
            member: r.get(1)?,
            member_name: r.get(2)?,
            kind_zh: kind_zh(&kind).into(),
            kind,
            date: r.get(4)?,
            amount: Money(r.get(5)?),
            quantity: r.get(6)?,
            unit_price: r.get::<_, Option<i64>>(7)?.map(Money),
            detail: serde_json::from_str(&detail).unwrap_or_default(),
            voucher_id: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Book {
    pub fn contribute(&mut self, c: &NewContribution) -> Result<Contribution> {
        let id = self.write(crate::store::access::Perm::Enter, |tx| {
            let chart = Chart::load(tx)?;
            contribute_in(tx, &chart, c)
        })?;
        list(&self.conn, None)?.into_iter().find(|x| x.id == id).ok_or_else(|| Error::internal("contribution vanished"))
    }

    pub fn contributions(&self, member: Option<i64>) -> Result<Vec<Contribution>> {
        list(&self.conn, member)
    }

    /// One page of `contributions` (date order) and how many there are; `limit` defaults to 100.
    pub fn contribution_page(
        &self,
        member: Option<i64>,
        limit: Option<i64>,
        offset: Option<i64>,
    ) -> Result<ContributionPage> {
        let (limit, offset) = crate::ledger::member::page_bounds(limit, offset);
        let which = if member.is_some() { "member_id = (SELECT id FROM members WHERE no = ?1)" } else { "?1 IS NULL" };
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM contributions WHERE {which} AND reversal_voucher_id IS NULL"
            ))?
            .query_row([member], |r| r.get(0))?;
        Ok(ContributionPage { rows: list_page(&self.conn, member, limit, offset)?, total })
    }
}

/// A withdrawal of part of a member's contribution, or a transfer of shares between members.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ShareMovement {
    /// The member giving up the shares.
    pub from: String,
    /// The member receiving them (a transfer); none for a withdrawal.
    #[serde(default)]
    pub to: Option<String>,
    /// cash (default), land, labour or asset: which contribution the shares came from.
    #[serde(default)]
    pub kind: Option<String>,
    pub amount: String,
    pub date: String,
    /// A withdrawal's payment: cash or bank (default); land comes back as land.
    #[serde(default)]
    pub via: Option<String>,
    /// The members' meeting (or board) decision that allowed it.
    #[serde(default)]
    pub approval_ref: Option<String>,
}

/// Moves shares out of a member: to another member (转让, Dr 301 from / Cr 301 to) or back to the
/// member (退股, Dr 301 / Cr 101 or 102, or Cr 161 for land). Refused beyond what the member holds
/// of that kind, for quantified subsidies (not transferable), and for exited members.
pub fn move_shares_in(tx: &mut Tx, chart: &Chart, mv: &ShareMovement) -> Result<i64> {
    let mut errors = Vec::new();
    let date = parse_date(&mv.date, "date").map_err(|e| errors.push(e)).ok();
    let kind = mv.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()).unwrap_or("cash").to_string();
    if kind == "subsidy" {
        errors.push(
            Error::new(
                "subsidy-not-transferable",
                "财政补助量化份额不能转让或退还",
                "quantified subsidy shares cannot be transferred or withdrawn",
            )
            .at("kind"),
        );
    } else if !["cash", "land", "labour", "asset"].contains(&kind.as_str()) {
        errors.push(
            Error::new(
                "invalid-contribution-kind",
                format!("出资方式“{kind}”无效"),
                format!("\"{kind}\" is not cash, land, labour or asset"),
            )
            .at("kind"),
        );
    }
    let amount = positive_money(Some(&mv.amount), "amount", "金额", "the amount").map_err(|e| errors.push(e)).ok();
    let find = |tx: &Tx, text: &str, field: &str| -> Result<std::result::Result<(i64, i64, String), Error>> {
        let found: Option<(i64, i64, String, Option<String>)> = match text.trim().parse::<i64>() {
            Ok(no) => tx
                .prepare_cached("SELECT id, no, name, exited FROM members WHERE no = ?1")?
                .query_row([no], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?,
            Err(_) => None,
        };
        Ok(match found {
            None => Err(unknown_member(text.trim()).at(field)),
            Some((_, no, name, Some(x))) => Err(Error::new(
                "member-exited",
                format!("{no} 号成员 {name} 已于 {x} 退社"),
                format!("member no. {no} ({name}) exited on {x}"),
            )
            .at(field)),
            Some((id, no, name, None)) => Ok((id, no, name)),
        })
    };
    let from = find(tx, &mv.from, "from")?.map_err(|e| errors.push(e)).ok();
    let to = match mv.to.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => find(tx, t, "to")?.map_err(|e| errors.push(e)).ok().map(Some),
        None => Some(None),
    };
    if let (Some((a, ..)), Some(Some((b, ..)))) = (&from, &to) {
        if a == b {
            errors.push(
                Error::new("same-member", "转出和转入是同一成员", "the shares would go to the same member").at("to"),
            );
        }
    }
    if let (Some((id, no, name)), Some(d), Some(a)) = (&from, &date, amount) {
        let held: i64 = tx.query_row(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM contributions WHERE member_id = ?1 AND \
            kind = ?2 AND date <= ?3 AND reversal_voucher_id IS NULL",
            params![id, kind, d],
            |r| r.get(0),
        )?;
        if a.fen() > held {
            errors.push(
                Error::new(
                    "insufficient-shares",
                    format!(
                        "{no} 号成员{name}的{}出资只有 {}，不足 {}",
                        kind_zh(&kind),
                        Money(held).grouped(),
                        a.grouped()
                    ),
                    format!(
                        "member no. {no} ({name}) holds only {} of {kind} contributions, less than {}",
                        Money(held).grouped(),
                        a.grouped()
                    ),
                )
                .at("amount"),
            );
        }
    }
    let via = mv.via.as_deref().unwrap_or("bank");
    let pay = match (kind.as_str(), via) {
        ("land", _) => Some("161"),
        (_, "bank") => Some("102"),
        (_, "cash") => Some("101"),
        (_, other) => {
            errors.push(
                Error::new(
                    "invalid-via",
                    format!("付款方式“{other}”无效，应为 cash 或 bank"),
                    format!("\"{other}\" is not cash or bank"),
                )
                .at("via"),
            );
            None
        }
    };
    let (Some((from_id, from_no, from_name)), Some(to), Some(date), Some(amount), Some(pay), true) =
        (from, to, date, amount, pay, errors.is_empty())
    else {
        return Err(Error::many(errors));
    };
    let (summary, credit_line) = match &to {
        Some((_, to_no, to_name)) => (
            format!("{from_no} 号成员{from_name}将{}股份 {} 元转让给 {to_no} 号成员{to_name}", kind_zh(&kind), amount),
            NewLine {
                account: "301".into(),
                debit: String::new(),
                credit: amount.to_string(),
                member: Some(to_no.to_string()),
                summary: None,
            },
        ),
        None => (
            format!("{from_no} 号成员{from_name}退还{}出资 {} 元", kind_zh(&kind), amount),
            NewLine {
                account: pay.into(),
                debit: String::new(),
                credit: amount.to_string(),
                member: None,
                summary: None,
            },
        ),
    };
    let v = NewVoucher {
        date: date.clone(),
        summary,
        attachments: 1,
        lines: vec![
            NewLine {
                account: "301".into(),
                debit: amount.to_string(),
                credit: String::new(),
                member: Some(from_no.to_string()),
                summary: None,
            },
            credit_line,
        ],
    };
    let voucher_id = post_document_in(tx, chart, &v)?;
    let detail = serde_json::json!({"movement": if to.is_some() { "transfer" } else { "withdrawal" },
        "approval_ref": mv.approval_ref, "via": via});
    let insert = |member_id: i64, fen: i64| -> Result<()> {
        tx.prepare_cached(
            "INSERT INTO contributions (member_id, kind, date, amount_fen, quantity, unit_price_fen, detail, \
                voucher_id) VALUES (?1, ?2, ?3, ?4, NULL, NULL, ?5, ?6)",
        )?
        .execute(params![member_id, kind, date, fen, detail.to_string(), voucher_id])?;
        Ok(())
    };
    insert(from_id, -amount.fen())?;
    if let Some((to_id, ..)) = &to {
        insert(*to_id, amount.fen())?;
    }
    tx.log(
        "shares.move",
        "voucher",
        voucher_id,
        &serde_json::json!({"from": from_no, "to": to.as_ref().map(|t| t.1), "kind": kind, "amount": amount,
            "date": date, "detail": detail}),
    )?;
    Ok(voucher_id)
}

impl Book {
    /// Transfers shares between members or returns part of a contribution; returns the voucher id.
    pub fn move_shares(&mut self, mv: &ShareMovement) -> Result<i64> {
        self.write(crate::store::access::Perm::Enter, |tx| {
            let chart = Chart::load(tx)?;
            move_shares_in(tx, &chart, mv)
        })
    }
}
