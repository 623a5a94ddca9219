//! The member roll (花名册): each row added through the same validation as entering a member by
//! hand ([`member::add_in`]).

use super::reader::{field, import_rows, Field, ImportReport, ImportRowError, RowInput, Spec};
use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::ids;
use crate::ledger::member::{self, NewMember};
use crate::store::book::{Book, Tx};
use std::collections::HashMap;
use std::path::Path;

pub(crate) static MEMBERS: Spec = Spec {
    file_zh: "花名册",
    file_en: "the member roll",
    item_zh: "成员",
    item_en: "members",
    fields: &[
        field("name", "姓名", &["姓名", "名称", "成员姓名", "成员名称", "name"], true),
        Field {
            identity: true,
            ..field(
                "id_card",
                "身份证号",
                &["身份证号", "身份证号码", "身份证", "证件号码", "证件号", "统一社会信用代码", "idcard", "id"],
                true,
            )
        },
        field("kind", "成员类型", &["成员类型", "类型", "成员类别", "类别", "kind"], true),
        field(
            "phone",
            "联系电话",
            &["联系电话", "电话", "手机", "手机号", "手机号码", "电话号码", "phone", "tel", "mobile"],
            false,
        ),
        field("joined", "入社日期", &["入社日期", "入社时间", "joined"], false),
    ],
};

/// Imports the members of the 花名册 at `path`; see the module documentation. A file that cannot
/// be read, has no usable header or no data is refused; bad rows are not refused but reported.
pub fn import_members(book: &mut Book, path: &Path, dry_run: bool) -> Result<ImportReport> {
    // The first row of each identity number, so that a repeat names the row it repeats.
    let mut first_row: HashMap<String, usize> = HashMap::new();
    import_rows(book, path, dry_run, &MEMBERS, |tx, row, errors| member_row(tx, row, &mut first_row, errors))
}

/// Validates and adds one member inside the import's transaction.
fn member_row(
    tx: &mut Tx,
    row: &RowInput,
    first_row: &mut HashMap<String, usize>,
    errors: &mut Vec<ImportRowError>,
) -> Result<Option<i64>> {
    let input = NewMember {
        name: row.get("name"),
        id_card: row.get("id_card"),
        kind: row.get("kind"),
        phone: row.opt("phone"),
        joined: row.opt("joined"),
    };

    // The core would also refuse a repeat within the file (the first one is already inserted),
    // but it would name a member number that never comes to exist; naming the row is clearer.
    let key = input.id_card.trim().to_ascii_uppercase();
    if !key.is_empty() {
        if let Some(&first) = first_row.get(&key) {
            let masked = ids::mask(&key);
            let e = Error::new(
                "duplicate-id-card",
                format!("证件号码 {masked} 与第 {first} 行重复"),
                format!("identity number {masked} repeats row {first}"),
            );
            errors.push(row.error_with("id_card", &key, e));
            return Ok(None);
        }
        first_row.insert(key, row.no);
    }

    match member::add_in(tx, &input) {
        Ok(no) => Ok(Some(no)),
        Err(e) => row.refused(e, |e| split_member(e, &input), errors).map(|()| None),
    }
}

/// The core joins a row's problems into one error (code and field of the first). To show each
/// problem under its own column, the core's field checks are run again one by one (the check
/// against the book's other members is not: a row with that and another problem stays whole);
/// the split is used only when it reproduces the core's error exactly, so no problem is ever lost
/// or misreported even if the core's checks change.
fn split_member(e: Error, m: &NewMember) -> Vec<Error> {
    let mut parts = Vec::new();
    if m.name.trim().is_empty() {
        parts.push(Error::new("field-required", "请填写姓名", "the name is required").at("name"));
    }
    let kind = member::parse_kind(&m.kind).map_err(|e| parts.push(e)).ok();
    if let Some(p) = m.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        if !p.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == '+') || p.len() < 7 {
            parts.push(
                Error::new("invalid-phone", format!("电话号码“{p}”无效"), format!("phone number \"{p}\" is not valid"))
                    .at("phone"),
            );
        }
    }
    if let Some(d) = m.joined.as_deref().filter(|d| !d.trim().is_empty()) {
        if let Err(e) = parse_date(d, "joined") {
            parts.push(e);
        }
    }
    let id = match kind.unwrap_or("farmer") {
        "collective" | "entity" => ids::validate_uscc(&m.id_card).map_err(|e| e.at("id_card")),
        _ => ids::validate_citizen_id(&m.id_card),
    };
    if let Err(e) = id {
        parts.push(e);
    }
    if parts.len() > 1 && Error::many(parts.clone()) == e {
        parts
    } else {
        vec![e]
    }
}

// ---------------------------------------------------------------------------------------------
// Sales (销售明细)

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::reader::field_of;

    #[test]
    fn headers() {
        let name = |h: &str| field_of(&MEMBERS, h).map(|f| f.name);
        assert_eq!(name(" 身份证号码（必填）"), Some("id_card"));
        assert_eq!(name("*姓名"), Some("name"));
        assert_eq!(name("ID_Card"), Some("id_card"));
        assert_eq!(name("Phone"), Some("phone"));
        assert_eq!(name("序号"), None);
    }
}
