//! The bodies of the cargo-fuzz targets (`fuzz/fuzz_targets/`), shared with the test that replays
//! their corpora under `cargo test` (`tests/fuzz.rs`), so that the fuzzer and the test run the
//! same code. Not an API: each function takes arbitrary bytes and panics only on a bug (a panic
//! of the code under test, or a broken property asserted here).
//!
//! The importers validate their rows against a book, so they run on a [`Scratch`] book (created
//! once per process) with members, products in stock, buyers and a contract, as dry runs: the
//! file is written to the scratch directory and imported through the public `Book::import_*`,
//! which reads, checks every row in a transaction and rolls it back.

use crate::base::error::Result;
use crate::base::money::Money;
use crate::base::{date, ids, money};
use crate::business::trade;
use crate::business::trade::{NewBuyer, NewContract, NewDelivery, NewProduct};
use crate::equity::coop::{init, NewCoop};
use crate::io::opening::OpeningOptions;
use crate::ledger::member::NewMember;
use crate::Book;
use rust_decimal::Decimal;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A book to import into, and one without vouchers for the opening balances.
pub struct Scratch {
    dir: PathBuf,
    trade: Book,
    blank: Book,
}

const USCC: &str = "91350100M000100Y43";

/// The co-op of the harness's books (the integration tests' books are the same co-op).
pub fn sample_coop() -> NewCoop {
    NewCoop {
        name: "青山村十方田农产品专业合作社".into(),
        uscc: USCC.into(),
        village: "青山村".into(),
        township: "白云乡".into(),
        county: "示范县".into(),
        ..Default::default()
    }
}

impl Scratch {
    /// Creates the books in `dir` (which must exist and hold no book yet). The trade book has the
    /// members 1 (collective), 2 张三, 3 李四, 4 王五; the products 香菇 (1000 斤 in stock) and
    /// 芙蓉李 (300 斤), both delivered on 2025-03-01, and 快递服务 (no stock kept); the buyers
    /// 永辉超市 (商超协议, with contract HT-001 for 香菇 in 2025), 民富商城 (online) and 王五 (a
    /// member).
    pub fn new(dir: &Path) -> Result<Scratch> {
        let mut b = init(&dir.join("trade.coopbook"), "会计", &sample_coop())?;
        for (name, id, kind) in [
            ("青山村股份经济合作社", "N2350125MF0000123N", "collective"),
            ("张三", "11010519491231002X", "farmer"),
            ("李四", "350125198503150035", "party"),
            ("王五", "350125199001010010", "cadre"),
        ] {
            b.add_member(&NewMember {
                name: name.into(),
                id_card: id.into(),
                kind: kind.into(),
                phone: None,
                joined: Some("2025-01-01".into()),
            })?;
        }
        for name in ["香菇", "芙蓉李"] {
            b.add_product(&NewProduct { name: name.into(), unit: "斤".into(), ..Default::default() })?;
        }
        b.add_product(&NewProduct {
            name: "快递服务".into(),
            unit: "次".into(),
            track_stock: Some(false),
            ..Default::default()
        })?;
        b.add_buyer(&NewBuyer { name: "永辉超市".into(), channel: "商超协议".into(), member: None })?;
        b.add_buyer(&NewBuyer { name: "民富商城".into(), channel: "online".into(), member: None })?;
        b.add_buyer(&NewBuyer { name: "王五".into(), channel: "market".into(), member: Some("4".into()) })?;
        for (member, product, qty, price) in [("2", "香菇", "1000", "7"), ("3", "芙蓉李", "300", "3")] {
            b.deliver(&NewDelivery {
                member: member.into(),
                product: product.into(),
                quantity: qty.into(),
                price: price.into(),
                date: "2025-03-01".into(),
                ..Default::default()
            })?;
        }
        b.add_contract(&NewContract {
            code: "HT-001".into(),
            buyer: "永辉超市".into(),
            product: "香菇".into(),
            quantity: "500".into(),
            price: "9".into(),
            start: "2025-01-01".into(),
            end: "2025-12-31".into(),
        })?;
        let blank = init(&dir.join("blank.coopbook"), "会计", &sample_coop())?;
        Ok(Scratch { dir: dir.to_path_buf(), trade: b, blank })
    }

    /// The scratch of this process, in a directory of the temporary directory named after the
    /// process, made on first use (for the fuzz targets, which cannot keep state of their own).
    pub fn with<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
        thread_local! {
            static SCRATCH: std::cell::RefCell<Option<Scratch>> = const { std::cell::RefCell::new(None) };
        }
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let s = s.get_or_insert_with(|| {
                let dir = std::env::temp_dir().join(format!(
                    "coopbook-fuzz-{}-{:?}",
                    std::process::id(),
                    std::thread::current().id()
                ));
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).expect("scratch directory");
                Scratch::new(&dir).expect("scratch book")
            });
            f(s)
        })
    }

    fn file(&self, data: &[u8]) -> PathBuf {
        let p = self.dir.join("导入.csv");
        std::fs::write(&p, data).expect("write the input");
        p
    }

    /// The changes of a book: nothing a dry run or a preview does may add one.
    fn changes(book: &Book) -> i64 {
        book.conn().query_row("SELECT COUNT(*) FROM change_log", [], |r| r.get(0)).expect("count changes")
    }

    /// The file `data` as a member roll, a dry run.
    pub fn import_members(&mut self, data: &[u8]) {
        let p = self.file(data);
        let before = Self::changes(&self.trade);
        let got = self.trade.import_members(&p, true);
        check_import(got.map(|r| (r, Money::ZERO)));
        assert_eq!(Self::changes(&self.trade), before, "a dry run wrote to the book");
    }

    /// The file `data` as a sales list, a dry run.
    pub fn import_sales(&mut self, data: &[u8]) {
        let p = self.file(data);
        let before = Self::changes(&self.trade);
        let got = self.trade.import_sales_with_total(&p, true);
        check_import(got);
        assert_eq!(Self::changes(&self.trade), before, "a dry run wrote to the book");
    }

    /// The file `data` as opening balances on 2025-07-01, previewed.
    pub fn opening(&mut self, data: &[u8]) {
        let p = self.file(data);
        let before = Self::changes(&self.blank);
        let opts = OpeningOptions { date: Some("2025-07-01".into()), chart: None, map: Vec::new() };
        match self.blank.opening_preview(&p, &opts) {
            Ok(r) => {
                let _ = r.refusal();
                serde_json::to_string(&r).expect("the report serialises");
            }
            Err(e) => {
                assert!(e.code.starts_with("import-") || e.code.starts_with("opening-"), "unexpected refusal {e:?}")
            }
        }
        assert_eq!(Self::changes(&self.blank), before, "a preview wrote to the book");
    }

    /// `data` as the parts of an XLSX file (see [`xlsx_of`]), imported as a member roll, a sales
    /// list and opening balances.
    pub fn import_xlsx(&mut self, data: &[u8]) {
        let file = xlsx_of(data);
        self.import_members(&file);
        self.import_sales(&file);
        self.opening(&file);
    }
}

/// What an import may answer: a report of a dry run (nothing imported, the errors and the
/// refusal in agreement), or the refusal of the file as a whole.
fn check_import(got: Result<(crate::io::import::ImportReport, Money)>) {
    match got {
        Ok((r, total)) => {
            assert!(r.imported.is_empty(), "a dry run imported {:?}", r.imported);
            assert_eq!(r.ok, r.errors.is_empty());
            assert_eq!(r.refusal().is_some(), !r.ok);
            assert!(["UTF-8", "GBK", "XLSX"].contains(&r.encoding.as_str()), "{}", r.encoding);
            assert!(r.rows > 0);
            assert!(r.errors.iter().all(|e| e.row >= 1 && !e.code.is_empty()), "{:?}", r.errors);
            assert!(total >= Money::ZERO, "{total}");
            serde_json::to_string(&r).expect("the report serialises");
        }
        Err(e) => {
            assert!(["import-format", "import-header", "import-empty"].contains(&e.code), "unexpected refusal {e:?}")
        }
    }
}

/// An XLSX file made of `data`: its parts separated by NUL bytes are the first worksheet's XML,
/// the shared strings and the styles (missing parts are left out of the archive), stored
/// uncompressed in the archive with the workbook that names the sheet. The fuzzer so reaches the
/// reading of cells, which a mutated archive (whose checksums break) rarely does.
pub fn xlsx_of(data: &[u8]) -> Vec<u8> {
    let mut parts = data.splitn(3, |&b| b == 0);
    let sheet = parts.next().unwrap_or_default();
    let strings = parts.next();
    let styles = parts.next();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |name: &str, bytes: &[u8]| {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(bytes).expect("zip write");
    };
    let mut types = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Override PartName="/xl/workbook.xml" "#,
        r#"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
        r#"<Override PartName="/xl/worksheets/sheet1.xml" "#,
        r#"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    ));
    let mut rels = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rId1" "#,
        r#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" "#,
        r#"Target="worksheets/sheet1.xml"/>"#,
    ));
    if strings.is_some() {
        types.push_str(concat!(
            r#"<Override PartName="/xl/sharedStrings.xml" "#,
            r#"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#,
        ));
        rels.push_str(concat!(
            r#"<Relationship Id="rId2" "#,
            r#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" "#,
            r#"Target="sharedStrings.xml"/>"#,
        ));
    }
    if styles.is_some() {
        types.push_str(concat!(
            r#"<Override PartName="/xl/styles.xml" "#,
            r#"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
        ));
        rels.push_str(concat!(
            r#"<Relationship Id="rId3" "#,
            r#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" "#,
            r#"Target="styles.xml"/>"#,
        ));
    }
    types.push_str("</Types>");
    rels.push_str("</Relationships>");
    put("[Content_Types].xml", types.as_bytes());
    put(
        "_rels/.rels",
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            r#"<Relationship Id="rId1" "#,
            r#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" "#,
            r#"Target="xl/workbook.xml"/>"#,
            r#"</Relationships>"#,
        )
        .as_bytes(),
    );
    put(
        "xl/workbook.xml",
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
            r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
            r#"<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        )
        .as_bytes(),
    );
    put("xl/_rels/workbook.xml.rels", rels.as_bytes());
    put("xl/worksheets/sheet1.xml", sheet);
    if let Some(s) = strings {
        put("xl/sharedStrings.xml", s);
    }
    if let Some(s) = styles {
        put("xl/styles.xml", s);
    }
    zip.finish().expect("zip finish").into_inner()
}

/// The parsers of amounts, rates, quantities, prices, dates, months, channels, member kinds and
/// identity numbers on the text of `data` (decoded lossily), and on each of its lines; what they
/// accept must print back to a text they read as the same value.
pub fn parsers(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    parse_all(&text);
    for line in text.lines().take(16) {
        parse_all(line);
    }
    // Two lines as a quantity and a price: their amount is refused or rounded, never a panic.
    let mut lines = text.lines();
    if let (Some(q), Some(p)) = (lines.next(), lines.next()) {
        if let (Ok(q), Ok(p)) = (trade::parse_quantity(q, "quantity"), trade::parse_price(p, "price")) {
            let _ = trade::amount_of(q, p);
        }
    }
}

fn parse_all(t: &str) {
    if let Ok(m) = Money::parse(t) {
        assert_eq!(Money::parse(&m.to_string()).ok(), Some(m), "{t:?} → {m}");
        assert_eq!(Money::parse(&m.grouped()).ok(), Some(m), "{t:?} → {}", m.grouped());
        let _ = m.in_words();
        assert!(m.fen().abs() < 100_000_000_000_000, "{t:?} → {m}");
    }
    if let Ok(d) = Decimal::from_str(t.trim()) {
        if let Ok(m) = Money::round_from_decimal(d) {
            assert!((m.to_decimal() - d).abs() <= Decimal::new(5, 3), "{d} → {m}");
        }
    }
    if let Ok(r) = money::parse_rate(t, "rate") {
        assert!(r >= Decimal::ZERO && r <= Decimal::ONE, "{t:?} → {r}");
        assert_eq!(money::parse_rate(&r.to_string(), "rate").ok(), Some(r), "{t:?} → {r}");
    }
    for (dp, parse) in [(3, trade::parse_quantity as fn(&str, &str) -> Result<Decimal>), (4, trade::parse_price)] {
        if let Ok(q) = parse(t, "q") {
            assert!(q > Decimal::ZERO && q.scale() <= dp, "{t:?} → {q}");
            assert_eq!(parse(&q.to_string(), "q").ok(), Some(q), "{t:?} → {q}");
            let _ = trade::amount_of(q, q);
        }
    }
    if let Ok(d) = date::parse_date(t, "date") {
        let b = d.as_bytes();
        assert!(
            b.len() == 10 && b[4] == b'-' && b[7] == b'-' && d.bytes().filter(u8::is_ascii_digit).count() == 8,
            "{t:?} → {d}"
        );
        assert_eq!(date::parse_date(&d, "date").ok().as_deref(), Some(d.as_str()), "{t:?} → {d}");
        assert_eq!(date::parse_month(&d[..7]).ok(), Some(date::ym_of(&d)), "{t:?} → {d}");
        assert_ne!(date::day_before(&d), d);
        assert_ne!(date::day_after(&d), d);
    }
    if let Ok(ym) = date::parse_month(t) {
        assert_eq!(date::parse_month(&date::month_text(ym)).ok(), Some(ym), "{t:?} → {ym}");
    }
    if let Ok(c) = trade::parse_channel(t) {
        assert_eq!(trade::parse_channel(c).ok(), Some(c));
        let _ = trade::channel_zh(c);
    }
    if let Ok(k) = crate::ledger::member::parse_kind(t) {
        assert_eq!(crate::ledger::member::parse_kind(k).ok(), Some(k));
    }
    if let Ok(id) = ids::validate_citizen_id(t) {
        assert_eq!(id.len(), 18, "{t:?} → {id}");
        assert_eq!(ids::citizen_id_check(&id[..17]), id.chars().last(), "{t:?} → {id}");
        assert_eq!(ids::validate_citizen_id(&id).ok().as_deref(), Some(id.as_str()));
    }
    if let Ok(code) = ids::validate_uscc(t) {
        assert_eq!(code.len(), 18, "{t:?} → {code}");
        assert_eq!(ids::uscc_check(&code[..17]), code.chars().last(), "{t:?} → {code}");
        assert_eq!(ids::validate_uscc(&code).ok().as_deref(), Some(code.as_str()));
    }
    let _ = ids::mask(t);
    let _ = crate::equity::coop::parse_charter(Some(t), None, None);
    let _ = crate::equity::coop::parse_charter(None, Some(t), Some(t));
}
