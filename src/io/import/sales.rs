//! Sales lists (销售明细, such as the online mall's monthly export): one sale a row, each added
//! through the same validation as entering it by hand ([`trade::sell_in`]); a later row sees the
//! stock the rows above it have taken.

use super::reader::{field, import_rows, ImportReport, ImportRowError, RowInput, Spec};
use crate::base::date::parse_date;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::business::trade::{self, parse_price, parse_quantity, NewSale};
use crate::store::book::{Book, Tx};
use std::path::Path;

pub(crate) static SALES: Spec = Spec {
    file_zh: "销售明细",
    file_en: "the sales file",
    item_zh: "销售",
    item_en: "sales",
    fields: &[
        field("date", "日期", &["日期", "销售日期", "date"], true),
        field("product", "产品", &["产品", "产品名称", "商品", "商品名称", "product"], true),
        field("quantity", "数量", &["数量", "销售数量", "qty", "quantity"], true),
        field("unit", "单位", &["单位", "计量单位", "unit"], false),
        field("price", "单价", &["单价", "销售单价", "price"], true),
        field("buyer", "客户", &["客户", "客户名称", "购买方", "buyer"], true),
        field("channel", "渠道", &["渠道", "销售渠道", "channel"], false),
        field("paid", "收款方式", &["收款方式", "付款方式", "paid"], false),
        field("contract", "协议编号", &["协议", "协议编号", "合同", "contract"], false),
    ],
};

/// Imports the sales listed in the file at `path` (one sale a row); see the module documentation.
/// `imported` holds the new sale ids in the file's order.
pub fn import_sales(book: &mut Book, path: &Path, dry_run: bool) -> Result<ImportReport> {
    import_sales_with_total(book, path, dry_run).map(|(report, _)| report)
}

/// [`import_sales`], also returning the sum of the amounts of the good rows. For a dry run it is
/// the amount the file would add; it is taken from the sales as the core recorded them (each
/// rounded to the 分 once), so it is exactly what the sales report will show.
pub fn import_sales_with_total(book: &mut Book, path: &Path, dry_run: bool) -> Result<(ImportReport, Money)> {
    let mut total = Money::ZERO;
    let report = import_rows(book, path, dry_run, &SALES, |tx, row, errors| sale_row(tx, row, &mut total, errors))?;
    Ok((report, total))
}

/// The ways of being paid as a sales file writes them (the mall's export and hand-kept lists
/// write them in Chinese), and the core's names for them.
const PAID: &[(&str, &[&str])] = &[
    ("credit", &["赊销", "赊账", "应收"]),
    ("cash", &["现金"]),
    ("bank", &["银行", "银行转账", "转账"]),
    ("wechat", &["微信", "微信支付"]),
    ("alipay", &["支付宝"]),
];

/// The core's name of a way of being paid. Text that names none is passed on as it is, so that
/// the core refuses it with the row's other problems.
fn paid_code(text: &str) -> String {
    let t = text.trim();
    PAID.iter()
        .find(|(code, names)| code.eq_ignore_ascii_case(t) || names.contains(&t))
        .map(|(code, _)| code.to_string())
        .unwrap_or_else(|| t.to_string())
}

/// Records one sale inside the import's transaction through [`trade::sell_in`], which checks it
/// as a sale entered by hand (product, unit, buyer, channel, payment, contract, quantity, price,
/// and the stock left by everything before it, the earlier rows of this file included).
fn sale_row(tx: &mut Tx, row: &RowInput, total: &mut Money, errors: &mut Vec<ImportRowError>) -> Result<Option<i64>> {
    let input = NewSale {
        date: row.get("date"),
        product: row.get("product"),
        quantity: row.get("quantity"),
        unit: row.opt("unit"),
        price: row.get("price"),
        buyer: row.get("buyer"),
        channel: row.opt("channel"),
        contract: row.opt("contract"),
        paid: row.opt("paid").map(|p| paid_code(&p)),
    };
    match trade::sell_in(tx, &input) {
        Ok(id) => {
            let fen: i64 =
                tx.prepare_cached("SELECT amount_fen FROM sales WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
            *total += Money(fen);
            Ok(Some(id))
        }
        Err(e) => {
            row.refused(e, |e| split_sale(e, &input).into_iter().map(chinese_paid).collect(), errors).map(|()| None)
        }
    }
}

/// The core names the ways of being paid in English only; a file is usually in Chinese, so the
/// message lists the Chinese names the import reads as well.
fn chinese_paid(e: Error) -> Error {
    // The core's only problem with the `paid` field is a way of being paid it does not know.
    if e.field.as_deref() != Some("paid") {
        return e;
    }
    let names = PAID.iter().map(|(_, n)| n[0]).collect::<Vec<_>>().join("/");
    let codes = PAID.iter().map(|(c, _)| *c).collect::<Vec<_>>().join("/");
    let zh = match e.zh.split_once("无效") {
        Some((head, _)) => format!("{head}无效，应为 {names}（或 {codes}）"),
        None => e.zh.clone(),
    };
    Error { zh, ..e }
}

/// [`trade::sell_in`] joins a sale's problems into one error: the messages joined by `；` / `; `,
/// the code and field of the first, and the field of every problem in `fields`. To show each
/// problem under its own column, the messages are split again. The Chinese messages contain no
/// `；` of their own, so they split at it; the English ones do (`…; add it first`), so each part
/// is matched against what it must be: the very message of a check that needs only the row,
/// which is run again (date, channel, quantity, price), or else the start of the core's message
/// for that field, which also tells the code. The split is used only when exactly one reading
/// fits and it joins back into exactly the core's error; otherwise the row's error stays whole,
/// so no problem is ever lost or misreported, even when a name contains a `；` or the core's
/// messages change.
fn split_sale(e: Error, s: &NewSale) -> Vec<Error> {
    let n = e.fields.len();
    let zh: Vec<&str> = e.zh.split('；').collect();
    if n < 2 || zh.len() != n {
        return vec![e];
    }
    let mut rules = Vec::new();
    for (field, zh) in e.fields.iter().zip(&zh) {
        match sale_problem(field, zh, s) {
            Some(rule) => rules.push(rule),
            None => return vec![e],
        }
    }
    let segments: Vec<&str> = e.en.split("; ").collect();
    let mut readings = Vec::new();
    read_english(&segments, &rules, &mut Vec::new(), &mut readings);
    let [en] = readings.as_slice() else {
        return vec![e];
    };
    let parts: Vec<Error> =
        rules.iter().zip(&zh).zip(en).map(|((r, zh), en)| Error::new(r.code, *zh, en.clone()).at(r.field)).collect();
    if Error::many(parts.clone()) == e {
        parts
    } else {
        vec![e]
    }
}

/// What one part of a joined sale error must be.
struct SaleProblem {
    field: &'static str,
    code: &'static str,
    /// The whole English message, when a check was run again; else how it starts.
    en: Result<String, &'static str>,
}

/// The problem with `field` whose Chinese message is `zh`, or `None` when it cannot be told.
fn sale_problem(field: &str, zh: &str, s: &NewSale) -> Option<SaleProblem> {
    // A check that needs nothing but the row is run again; when it fails it must give back the
    // very message, or the part is not its problem.
    let rerun = match field {
        "date" => parse_date(&s.date, "date").err(),
        "channel" => s.channel.as_deref().and_then(|c| trade::parse_channel(c).err()),
        "quantity" => parse_quantity(&s.quantity, "quantity").err(),
        "price" => parse_price(&s.price, "price").err(),
        _ => None,
    };
    if let Some(x) = rerun {
        let field = x.fields.first().and_then(|f| SALES.fields.iter().find(|g| g.name == f))?.name;
        return (x.zh == zh).then_some(SaleProblem { field, code: x.code, en: Ok(x.en) });
    }
    // The other problems, by the field and the start of their Chinese and English messages.
    const KNOWN: &[(&str, &str, &str, &str)] = &[
        ("date", "contract-period", "销售日期 ", "the sale date "),
        ("product", "unknown-product", "产品“", "no product "),
        ("unit", "unit-mismatch", "单位“", "unit "),
        ("buyer", "unknown-buyer", "客户“", "no buyer "),
        ("paid", "invalid-paid", "收款方式“", "\""),
        ("quantity", "insufficient-stock", "“", "only "),
        ("contract", "unknown-contract", "购销协议“", "no contract "),
        ("contract", "contract-mismatch", "协议“", "contract "),
    ];
    KNOWN.iter().find(|(f, _, z, _)| *f == field && zh.starts_with(z)).map(|&(field, code, _, en)| SaleProblem {
        field,
        code,
        en: Err(en),
    })
}

/// Every way of reading the English `segments` (the message split at each `; `) as the messages
/// of `rules` in order; stops looking once a second reading is found, as two mean ambiguity.
fn read_english(segments: &[&str], rules: &[SaleProblem], taken: &mut Vec<String>, readings: &mut Vec<Vec<String>>) {
    if readings.len() > 1 {
        return;
    }
    let Some((rule, rest)) = rules.split_first() else {
        if segments.is_empty() {
            readings.push(taken.clone());
        }
        return;
    };
    // The last rule takes every segment left; the others leave at least one for each after them.
    let most = segments.len().saturating_sub(rest.len());
    let least = if rest.is_empty() { most } else { 1 };
    for k in least..=most {
        if k == 0 {
            continue;
        }
        let text = segments[..k].join("; ");
        let fits = match &rule.en {
            Ok(whole) => text == *whole,
            Err(start) => text.starts_with(start),
        };
        if fits {
            taken.push(text);
            read_english(&segments[k..], rest, taken, readings);
            taken.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::reader::field_of;

    #[test]
    fn headers() {
        let sale = |h: &str| field_of(&SALES, h).map(|f| f.name);
        assert_eq!(sale("销售日期"), Some("date"));
        assert_eq!(sale("Qty"), Some("quantity"));
        assert_eq!(sale("单价（元）"), Some("price"));
        assert_eq!(sale("购买方"), Some("buyer"));
        assert_eq!(sale("合同"), Some("contract"));
        assert_eq!(sale("姓名"), None);
    }

    #[test]
    fn ways_of_being_paid() {
        assert_eq!(paid_code("微信"), "wechat");
        assert_eq!(paid_code(" 赊销 "), "credit");
        assert_eq!(paid_code("Cash"), "cash");
        assert_eq!(paid_code("支票"), "支票");
    }
}
