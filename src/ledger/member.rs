//! Members (成员): number, name, identity number (citizen ID for a person, credit code for the
//! collective or an entity), kind, phone, joined and exit dates. Identity numbers are validated
//! by their check digit, unique, and only ever shown masked.

use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::ids;
use crate::store::book::{Book, Tx};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// The kinds of member, with their Chinese names.
pub const KINDS: &[(&str, &str)] = &[
    ("collective", "村集体"),
    ("party", "党员"),
    ("cadre", "村两委干部"),
    ("farmer", "农民"),
    ("entity", "企业或其他"),
];

/// Reads a member kind in English or Chinese (as the 花名册 writes it).
pub fn parse_kind(text: &str) -> Result<&'static str> {
    let t = text.trim();
    let found = match t.to_ascii_lowercase().as_str() {
        "collective" | "村集体" | "集体" | "村集体经济组织" => Some("collective"),
        "party" | "党员" => Some("party"),
        "cadre" | "干部" | "村两委干部" | "村干部" | "两委干部" => Some("cadre"),
        "farmer" | "农民" | "村民" | "群众" => Some("farmer"),
        "entity" | "企业" | "企业或其他" | "其他" => Some("entity"),
        _ => None,
    };
    found.ok_or_else(|| {
        Error::new(
            "invalid-kind",
            format!("成员类型“{t}”无效，应为 村集体/党员/村两委干部/农民/企业"),
            format!("member kind \"{t}\" is not one of collective, party, cadre, farmer, entity"),
        )
        .at("kind")
    })
}

pub fn kind_zh(kind: &str) -> &'static str {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, z)| *z).unwrap_or("?")
}

/// What the user enters for a new member.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewMember {
    pub name: String,
    pub id_card: String,
    pub kind: String,
    pub phone: Option<String>,
    pub joined: Option<String>,
}

/// A member as listed: the identity number is masked.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Member {
    #[serde(skip)]
    pub id: i64,
    pub no: i64,
    pub name: String,
    /// Masked: first 4 and last 4 characters.
    pub id_card: String,
    pub kind: String,
    pub kind_zh: String,
    pub phone: Option<String>,
    pub joined: String,
    pub exited: Option<String>,
}

/// One page of the member list and how many members match.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MemberPage {
    pub rows: Vec<Member>,
    pub total: i64,
}

/// A list page's `limit` (default 100, 1 to 1,000) and `offset` (default 0, never negative).
pub fn page_bounds(limit: Option<i64>, offset: Option<i64>) -> (i64, i64) {
    (limit.unwrap_or(100).clamp(1, 1000), offset.unwrap_or(0).max(0))
}

const SELECT: &str = "SELECT id, no, name, id_card, kind, phone, joined, exited FROM members";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Member> {
    let kind: String = r.get(4)?;
    Ok(Member {
        id: r.get(0)?,
        no: r.get(1)?,
        name: r.get(2)?,
        id_card: ids::mask(&r.get::<_, String>(3)?),
        kind_zh: kind_zh(&kind).to_string(),
        kind,
        phone: r.get(5)?,
        joined: r.get(6)?,
        exited: r.get(7)?,
    })
}

pub fn unknown_member(no: &str) -> Error {
    if no.trim().is_empty() {
        return Error::new("field-required", "请选择成员", "choose a member").at("member");
    }
    Error::new("unknown-member", format!("成员编号“{no}”不存在"), format!("no member number \"{no}\"")).at("member")
}

/// Finds a member by number.
pub fn by_no(conn: &Connection, no: i64) -> Result<Option<Member>> {
    Ok(conn.prepare_cached(&format!("{SELECT} WHERE no = ?1"))?.query_row([no], row).optional()?)
}

/// Finds a member by identity number (as stored: validated, upper case).
pub fn by_id_card(conn: &Connection, id_card: &str) -> Result<Option<Member>> {
    Ok(conn.prepare_cached(&format!("{SELECT} WHERE id_card = ?1"))?.query_row([id_card], row).optional()?)
}

/// Validates what adding and correcting a member share (name, kind, phone, joining date),
/// pushing every problem to `errors`; `default_joined` stands in for an empty date.
fn check_fields(
    m: &NewMember,
    default_joined: &str,
    errors: &mut Vec<Error>,
) -> (String, Option<&'static str>, Option<String>, Option<String>) {
    let name = m.name.trim().to_string();
    if name.is_empty() {
        errors.push(Error::new("field-required", "请填写姓名", "the name is required").at("name"));
    }
    let kind = parse_kind(&m.kind).map_err(|e| errors.push(e)).ok();
    let phone = m.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_string);
    if let Some(p) = &phone {
        if !p.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == '+') || p.len() < 7 {
            errors.push(
                Error::new("invalid-phone", format!("电话号码“{p}”无效"), format!("phone number \"{p}\" is not valid"))
                    .at("phone"),
            );
        }
    }
    let joined = match m.joined.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(d) => parse_date(d, "joined").map_err(|e| errors.push(e)).ok(),
        None => Some(default_joined.to_string()),
    };
    (name, kind, phone, joined)
}

/// A person has a citizen ID; the collective or an entity has a unified social credit code.
fn check_id_for_kind(kind: &str, id: &str) -> Result<String> {
    match kind {
        "collective" | "entity" => ids::validate_uscc(id).map_err(|e| e.at("id_card")),
        _ => ids::validate_citizen_id(id),
    }
}

/// Validates a new member's input, returning every problem at once.
fn validate(
    conn: &Connection,
    m: &NewMember,
    today: &str,
) -> Result<(String, String, &'static str, Option<String>, String)> {
    let mut errors = Vec::new();
    let (name, kind, phone, joined) = check_fields(m, today, &mut errors);
    // Checked against the kind given, or as a citizen ID when the kind is unreadable.
    let id = check_id_for_kind(kind.unwrap_or("farmer"), &m.id_card).map_err(|e| errors.push(e)).ok();
    if let Some(id) = &id {
        let dup: Option<i64> =
            conn.query_row("SELECT no FROM members WHERE id_card = ?1", [id], |r| r.get(0)).optional()?;
        if let Some(no) = dup {
            errors.push(
                Error::new(
                    "duplicate-id-card",
                    format!("证件号码 {} 已登记为 {no} 号成员", ids::mask(id)),
                    format!("identity number {} is already member no. {no}", ids::mask(id)),
                )
                .at("id_card"),
            );
        }
    }
    match (id, kind, joined, errors.is_empty()) {
        (Some(id), Some(kind), Some(joined), true) => Ok((name, id, kind, phone, joined)),
        _ => Err(Error::many(errors)),
    }
}

/// Checks a new member's input without a book (so without the duplicate check): every problem,
/// for a form that is checked before the book exists (the first-run setup's village collective).
pub fn check_new(m: &NewMember) -> Vec<Error> {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let mut errors = Vec::new();
    let (_, kind, _, _) = check_fields(m, &today, &mut errors);
    if let Err(e) = check_id_for_kind(kind.unwrap_or("farmer"), &m.id_card) {
        errors.push(e);
    }
    errors
}

/// Adds a member with the next number inside a write transaction (validated against the rows
/// already written in it, so a batch import sees its own duplicates); returns the number.
pub fn add_in(tx: &mut Tx, m: &NewMember) -> Result<i64> {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let (name, id, kind, phone, joined) = validate(tx, m, &today)?;
    let no: i64 = tx.query_row("SELECT COALESCE(MAX(no), 0) + 1 FROM members", [], |r| r.get(0))?;
    tx.prepare_cached("INSERT INTO members (no, name, id_card, kind, phone, joined) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![no, name, id, kind, phone, joined])?;
    // The log keeps the masked number: it leaves the laptop in sync bundles.
    tx.log(
        "member.add",
        "member",
        no,
        &serde_json::json!({"no": no, "name": name, "id_card": ids::mask(&id), "kind": kind, "phone": phone,
            "joined": joined}),
    )?;
    Ok(no)
}

impl Book {
    /// Adds a member with the next number.
    pub fn add_member(&mut self, m: &NewMember) -> Result<Member> {
        let no = self.write(crate::store::access::Perm::Enter, |tx| add_in(tx, m))?;
        self.member(no)
    }

    pub fn member(&self, no: i64) -> Result<Member> {
        by_no(&self.conn, no)?.ok_or_else(|| unknown_member(&no.to_string()))
    }

    /// Members in number order; `query` filters by name, number or the visible part of the ID.
    pub fn members(&self, query: Option<&str>) -> Result<Vec<Member>> {
        let mut st = self.conn.prepare_cached(&format!("{SELECT} ORDER BY no"))?;
        let all = st.query_map([], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(match query.map(str::trim).filter(|q| !q.is_empty()) {
            Some(q) => all
                .into_iter()
                .filter(|m| m.name.contains(q) || m.no.to_string() == q || m.id_card.contains(q))
                .collect(),
            None => all,
        })
    }

    /// One page of the member list (number order) and how many members `query` matches; `query`
    /// as for `members`. `limit` defaults to 100 (at most 1,000), `offset` to 0.
    pub fn member_page(&self, query: Option<&str>, limit: Option<i64>, offset: Option<i64>) -> Result<MemberPage> {
        let (limit, offset) = page_bounds(limit, offset);
        match query.map(str::trim).filter(|q| !q.is_empty()) {
            // The masked identity number is only known after masking: filter here (5,000 members: ms).
            Some(_) => {
                let all = self.members(query)?;
                let total = all.len() as i64;
                let rows = all.into_iter().skip(offset as usize).take(limit as usize).collect();
                Ok(MemberPage { rows, total })
            }
            None => {
                let total: i64 = self.conn.query_row("SELECT COUNT(*) FROM members", [], |r| r.get(0))?;
                let mut st = self.conn.prepare_cached(&format!("{SELECT} ORDER BY no LIMIT ?1 OFFSET ?2"))?;
                let rows = st.query_map([limit, offset], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(MemberPage { rows, total })
            }
        }
    }

    /// Corrects a member's name, kind, phone or joining date. The identity number is not
    /// editable (it identifies the person); it must still fit the new kind.
    pub fn update_member(&mut self, no: i64, m: &NewMember) -> Result<Member> {
        let old = self.member(no)?;
        let full: String = self.conn.query_row("SELECT id_card FROM members WHERE no = ?1", [no], |r| r.get(0))?;
        let mut errors = Vec::new();
        let (name, kind, phone, joined) = check_fields(m, &old.joined, &mut errors);
        if let Some(k) = kind {
            if check_id_for_kind(k, &full).is_err() {
                errors.push(
                    Error::new(
                        "kind-mismatch",
                        format!(
                            "成员类型“{}”与已登记的证件号码不符（个人用身份证号，村集体和企业用统一社会信用代码）",
                            kind_zh(k)
                        ),
                        format!(
                            "kind \"{k}\" does not fit the registered identity number (a person has a citizen ID, the \
                        collective or an entity a credit code)"
                        ),
                    )
                    .at("kind"),
                );
            }
        }
        let (Some(kind), Some(joined), true) = (kind, joined, errors.is_empty()) else {
            return Err(Error::many(errors));
        };
        self.write(crate::store::access::Perm::Enter, |tx| {
            tx.execute(
                "UPDATE members SET name = ?1, kind = ?2, phone = ?3, joined = ?4 WHERE no = \
                ?5",
                params![name, kind, phone, joined, no],
            )?;
            tx.log(
                "member.update",
                "member",
                no,
                &serde_json::json!({"no": no, "before": {"name": old.name, "kind": old.kind, "phone": old.phone,
                    "joined": old.joined},
                                    "after": {"name": name, "kind": kind, "phone": phone, "joined": joined}}),
            )
        })?;
        self.member(no)
    }
}
