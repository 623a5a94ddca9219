//! The content of a voucher as the log records it, and its SHA-256 (streamed, equal to the hash
//! of the JSON object the log has always held), which `verify` checks.

use super::list::load;
use crate::base::error::Result;
use crate::base::money::Money;
use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The canonical content of a voucher (what posting freezes), as JSON.
pub fn content_of(conn: &Connection, id: i64) -> Result<serde_json::Value> {
    let v = load(conn, id)?;
    let lines = v
        .lines
        .iter()
        .map(|l| ContentLine {
            account: &l.account,
            credit: l.credit,
            debit: l.debit,
            member: l.member,
            summary: &l.summary,
        })
        .collect();
    Ok(content_json(&Content {
        attachments: v.attachments,
        date: &v.date,
        id: v.id,
        lines,
        no: &v.no,
        reverses: v.reverses,
        summary: &v.summary,
    }))
}

/// The canonical content of a voucher: the one shape whether read back from the book or built by
/// the bulk import from what it inserts. Its fields are declared in the order of their names, so
/// that it serializes exactly as the JSON object the log has always held (serde_json sorts an
/// object's keys), and can be hashed as it is written out, without an object built first.
#[derive(Serialize)]
pub(crate) struct Content<'a> {
    pub(crate) attachments: i64,
    pub(crate) date: &'a str,
    pub(crate) id: i64,
    pub(crate) lines: Vec<ContentLine<'a>>,
    pub(crate) no: &'a str,
    pub(crate) reverses: Option<i64>,
    pub(crate) summary: &'a str,
}

#[derive(Serialize)]
pub(crate) struct ContentLine<'a> {
    pub(crate) account: &'a str,
    pub(crate) credit: Money,
    pub(crate) debit: Money,
    pub(crate) member: Option<i64>,
    pub(crate) summary: &'a str,
}

fn content_json(c: &Content) -> serde_json::Value {
    serde_json::to_value(c).unwrap_or_default()
}

fn sha256_of(content: &serde_json::Value) -> String {
    hex::encode(Sha256::digest(content.to_string().as_bytes()))
}

/// The same hash as [`sha256_of`] the content's JSON, written straight into the hasher.
pub(crate) fn sha256_streamed(c: &Content) -> String {
    struct Hasher(Sha256);
    impl std::io::Write for Hasher {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.update(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hasher(Sha256::new());
    // Writing into a hasher cannot fail, nor can serializing these plain fields.
    let _ = serde_json::to_writer(&mut h, c);
    hex::encode(h.0.finalize())
}

/// SHA-256 of the canonical content; recorded in the log at posting and re-checked by `verify`.
pub fn content_hash(conn: &Connection, id: i64) -> Result<String> {
    Ok(sha256_of(&content_of(conn, id)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash streamed from the content is the hash of its JSON object as the log has always
    /// held it (keys in order, compact, escapes and Chinese as serde_json writes them).
    #[test]
    fn streamed_hash_is_the_hash_of_the_json_object() {
        let lines = || {
            vec![
                ContentLine {
                    account: "114",
                    credit: Money(0),
                    debit: Money(25050),
                    member: Some(2),
                    summary: "销售\"香菇\"\n给张三",
                },
                ContentLine {
                    account: "50101",
                    credit: Money(25050),
                    debit: Money(0),
                    member: None,
                    summary: "tab\there",
                },
            ]
        };
        let c = Content {
            attachments: 2,
            date: "2025-01-20",
            id: 7,
            lines: lines(),
            no: "记-0002",
            reverses: Some(3),
            summary: "销售",
        };
        let object = serde_json::json!({
            "id": 7, "no": "记-0002", "date": "2025-01-20", "summary": "销售", "attachments": 2, "reverses": 3,
            "lines": [
                {"account": "114", "member": 2, "summary": "销售\"香菇\"\n给张三", "debit": "250.50", "credit": "0.00"},
                {"account": "50101", "member": null, "summary": "tab\there", "debit": "0.00", "credit": "250.50"},
            ],
        });
        assert_eq!(content_json(&c), object);
        assert_eq!(sha256_streamed(&c), sha256_of(&object));
        assert_eq!(sha256_streamed(&c), hex::encode(Sha256::digest(object.to_string().as_bytes())));
    }
}
