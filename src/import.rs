//! Member import (花名册导入): reads a co-op's member roll from a CSV file (UTF-8, with or without
//! a BOM, or GBK as Excel saves it on Chinese Windows) or from the first worksheet of an XLSX
//! file, and adds every member in it through the same validation as adding one by hand
//! ([`member::add_in`]).
//!
//! **Invariant: an import is all or nothing.** Every row goes through the core inside ONE write
//! transaction; the report lists every bad row (not only the first), and if there is any, or the
//! import is a dry run, the transaction is rolled back so the book is exactly as it was. The user
//! fixes the file and imports it again.

use crate::book::{Book, Tx};
use crate::error::{Error, Result};
use crate::ids;
use crate::member::{self, NewMember};
use calamine::{Data, Reader, Xlsx};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// What an import found and did. `imported` holds the new member numbers only when the import
/// was committed (all rows good and not a dry run); otherwise nothing was written.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    /// True when no row has an error (for a dry run: the file would import as it is).
    pub ok: bool,
    pub file: String,
    /// The data rows read (blank rows are not counted).
    pub rows: usize,
    pub imported: Vec<i64>,
    pub errors: Vec<ImportRowError>,
    /// Header texts of columns that are not part of a member and were not read.
    pub ignored_columns: Vec<String>,
    /// How the file was read: `UTF-8`, `GBK` or `XLSX`.
    pub encoding: String,
}

/// One problem in one cell of the file.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportRowError {
    /// The row number as the spreadsheet shows it (the first line of the file is row 1).
    pub row: usize,
    /// The header text of the column the problem is in, as the file writes it.
    pub column: String,
    /// The cell's content; identity numbers are masked as everywhere else.
    pub value: String,
    pub code: String,
    pub zh: String,
    pub en: String,
}

impl ImportReport {
    /// The refusal a caller reports when the file had errors (`import-invalid`), or `None`.
    pub fn refusal(&self) -> Option<Error> {
        if self.errors.is_empty() {
            return None;
        }
        let mut rows: Vec<usize> = self.errors.iter().map(|e| e.row).collect();
        rows.dedup();
        let n = rows.len();
        let en = if n == 1 { "1 row has errors; nothing was imported".to_string() } else { format!("{n} rows have errors; nothing was imported") };
        Some(Error::new("import-invalid", format!("花名册有 {n} 行错误，未导入任何成员"), en))
    }
}

/// Imports the members of the 花名册 at `path`; see the module documentation. A file that cannot
/// be read, has no usable header or no data is refused; bad rows are not refused but reported.
pub fn import_members(book: &mut Book, path: &Path, dry_run: bool) -> Result<ImportReport> {
    let table = read_table(path)?;
    let file = path.display().to_string();
    let (header_at, columns) = find_header(&table, path)?;
    let data: Vec<&Row> = table.rows[header_at + 1..].iter().filter(|r| !columns.is_blank(r)).collect();
    if data.is_empty() {
        return Err(Error::new(
            "import-empty",
            format!("花名册 {file} 只有表头，没有成员"),
            format!("the member roll {file} has a header but no members"),
        ));
    }

    let mut outcome = None;
    let written = book.write(|tx| {
        let mut imported = Vec::new();
        let mut errors = Vec::new();
        // The first row of each identity number, so that a repeat names the row it repeats.
        let mut first_row: HashMap<String, usize> = HashMap::new();
        for row in &data {
            if let Some(no) = import_row(tx, &columns, row, &mut first_row, &mut errors)? {
                imported.push(no);
            }
        }
        let commit = errors.is_empty() && !dry_run;
        outcome = Some(ImportReport {
            ok: errors.is_empty(),
            file: file.clone(),
            rows: data.len(),
            imported: if commit { imported } else { Vec::new() },
            errors,
            ignored_columns: columns.ignored.clone(),
            encoding: table.encoding.to_string(),
        });
        // Returning an error is how `Book::write` rolls back: nothing of a bad or trial import stays.
        if commit {
            Ok(())
        } else {
            Err(Error::new(ROLLBACK, "", ""))
        }
    });
    match written {
        Ok(()) => {}
        Err(e) if e.code == ROLLBACK => {}
        Err(e) => return Err(e),
    }
    outcome.ok_or_else(|| Error::internal("the import produced no report"))
}

impl Book {
    /// Imports a 花名册 (CSV or XLSX); see [`import_members`].
    pub fn import_members(&mut self, path: &Path, dry_run: bool) -> Result<ImportReport> {
        import_members(self, path, dry_run)
    }
}

/// The private code with which the import's transaction is rolled back on purpose.
const ROLLBACK: &str = "import-rollback";

/// A cell as read from the file, before it becomes member input.
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    /// A numeric XLSX cell, written out in full.
    Number(String),
    /// An XLSX date cell, as an ISO date.
    Date(String),
    /// An XLSX formula (with its leading `=`).
    Formula(String),
    /// An XLSX error value such as `#N/A`.
    Invalid(String),
}

impl Cell {
    fn text(&self) -> &str {
        match self {
            Cell::Text(s) | Cell::Number(s) | Cell::Date(s) | Cell::Formula(s) | Cell::Invalid(s) => s.trim(),
        }
    }
}

/// One row of the file: its row number as the spreadsheet shows it, and its cells by column.
struct Row {
    no: usize,
    cells: Vec<Cell>,
}

impl Row {
    fn cell(&self, col: usize) -> Option<&Cell> {
        self.cells.get(col)
    }
}

struct Table {
    encoding: &'static str,
    rows: Vec<Row>,
}

fn format_error(path: &Path, zh: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
    let f = path.display();
    Error::new("import-format", format!("无法读取花名册 {f}：{zh}"), format!("cannot read the member roll {f}: {en}")).at("file")
}

/// Reads the file into rows of cells, choosing the format by content (an XLSX file is a zip
/// archive) and the text encoding by whether the bytes are valid UTF-8.
fn read_table(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| format_error(path, &e, &e))?;
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(path, bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(format_error(
            path,
            "这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入",
            "this is an old Excel (.xls) file; save it as .xlsx or CSV in Excel or WPS and import that",
        ));
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    if !matches!(ext.as_deref(), None | Some("csv" | "txt" | "tsv")) {
        return Err(format_error(path, "只能导入 CSV 或 XLSX 文件", "only CSV and XLSX files can be imported"));
    }
    // Excel's "Unicode text" is UTF-16; GBK decoding would turn it into plausible-looking garbage.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || bytes.contains(&0) {
        return Err(format_error(path, "不是 CSV 文本文件（请另存为“CSV（逗号分隔）”）", "not a CSV text file (save it as \"CSV (comma delimited)\")"));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let (text, encoding) = match std::str::from_utf8(body) {
        Ok(t) => (t.to_string(), "UTF-8"),
        Err(_) => match encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(body) {
            Some(t) => (t.into_owned(), "GBK"),
            None => return Err(format_error(path, "文字编码既不是 UTF-8 也不是 GBK", "the text is neither UTF-8 nor GBK")),
        },
    };
    read_csv(path, &text, encoding)
}

fn read_csv(path: &Path, text: &str, encoding: &'static str) -> Result<Table> {
    // Excel writes commas; a file whose first line has tabs and no comma is tab-separated.
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // The row number the spreadsheet shows counts blank lines (which the csv reader skips) but
    // not the line breaks inside a quoted cell, so it is counted here from the record's offset:
    // the lines before the record, less the line breaks inside earlier records' cells.
    let (mut line, mut counted_to, mut inner_newlines) = (1, 0, 0);
    for record in reader.records() {
        let record = record.map_err(|e| format_error(path, e.to_string(), e))?;
        let mut start = record.position().map_or(counted_to, |p| p.byte() as usize).clamp(counted_to, text.len());
        // The reader's position is where it started reading, before the blank lines it skipped.
        start += text.as_bytes()[start..].iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
        line += text.as_bytes()[counted_to..start].iter().filter(|&&b| b == b'\n').count();
        counted_to = start;
        rows.push(Row { no: line - inner_newlines, cells: record.iter().map(|c| Cell::Text(c.to_string())).collect() });
        inner_newlines += record.iter().map(|c| c.matches('\n').count()).sum::<usize>();
    }
    Ok(Table { encoding, rows })
}

fn read_xlsx(path: &Path, bytes: Vec<u8>) -> Result<Table> {
    let bad = |e: &dyn std::fmt::Display| format_error(path, format!("不是有效的 XLSX 文件（{e}）"), format!("not a valid XLSX file ({e})"));
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let Some(sheet) = book.sheet_names().into_iter().next() else {
        return Err(bad(&"no worksheet"));
    };
    let range = book.worksheet_range(&sheet).map_err(|e| bad(&e))?;
    let formulas = book.worksheet_formula(&sheet).map_err(|e| bad(&e))?;
    let Some((row0, col0)) = range.start() else {
        return Ok(Table { encoding: "XLSX", rows: Vec::new() });
    };
    let mut rows = Vec::new();
    for (i, data) in range.rows().enumerate() {
        let r = row0 + i as u32;
        // Cells are placed at their absolute column so that the header and the data line up.
        let mut cells = vec![Cell::Text(String::new()); col0 as usize];
        for (j, value) in data.iter().enumerate() {
            let c = col0 + j as u32;
            let formula = formulas.get_value((r, c)).filter(|f| !f.trim().is_empty());
            cells.push(match formula {
                Some(f) if f.starts_with('=') => Cell::Formula(f.clone()),
                Some(f) => Cell::Formula(format!("={f}")),
                None => xlsx_cell(value),
            });
        }
        rows.push(Row { no: r as usize + 1, cells });
    }
    Ok(Table { encoding: "XLSX", rows })
}

fn xlsx_cell(value: &Data) -> Cell {
    match value {
        Data::Empty => Cell::Text(String::new()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::Int(n) => Cell::Number(n.to_string()),
        // Shown in full (never in exponent form), so a phone or a date typed as a number reads
        // as the digits the user typed.
        Data::Float(x) => Cell::Number(x.to_string()),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::Date(format!("{y:04}-{m:02}-{d:02}"))
        }
        Data::Error(e) => Cell::Invalid(format!("#{e:?}")),
    }
}

/// The member fields a column can hold, with the header texts accepted for each (compared
/// without case, spaces, `*` marks and bracketed hints such as “（选填）”).
const FIELDS: &[(&str, &[&str])] = &[
    ("name", &["姓名", "名称", "成员姓名", "成员名称", "name"]),
    ("id_card", &["身份证号", "身份证号码", "身份证", "证件号码", "证件号", "统一社会信用代码", "idcard", "id"]),
    ("kind", &["成员类型", "类型", "成员类别", "类别", "kind"]),
    ("phone", &["联系电话", "电话", "手机", "手机号", "手机号码", "电话号码", "phone", "tel", "mobile"]),
    ("joined", &["入社日期", "入社时间", "joined"]),
];
const REQUIRED: &[&str] = &["name", "id_card", "kind"];

fn field_zh(field: &str) -> &'static str {
    match field {
        "name" => "姓名",
        "id_card" => "身份证号",
        "kind" => "成员类型",
        "phone" => "联系电话",
        _ => "入社日期",
    }
}

fn normalise_header(h: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in h.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            c if c.is_whitespace() || c == '*' || c == '_' || c == '-' || c == '＊' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn field_of(header: &str) -> Option<&'static str> {
    let h = normalise_header(header);
    FIELDS.iter().find(|(_, names)| names.contains(&h.as_str())).map(|(f, _)| *f)
}

/// Which column holds which field.
struct Columns {
    /// (field, column index, header text)
    fields: Vec<(&'static str, usize, String)>,
    ignored: Vec<String>,
}

impl Columns {
    fn of(&self, field: &str) -> Option<&(&'static str, usize, String)> {
        self.fields.iter().find(|(f, ..)| *f == field)
    }

    /// A row is blank when every member column is empty (a filled-in 序号 column alone does not
    /// make a member).
    fn is_blank(&self, row: &Row) -> bool {
        self.fields.iter().all(|(_, col, _)| row.cell(*col).is_none_or(|c| c.text().is_empty()))
    }
}

/// Finds the header row: the first row that names at least two member fields, so that a title
/// row above it (“青山村合作社成员花名册”) is skipped; otherwise the first non-empty row.
fn find_header(table: &Table, path: &Path) -> Result<(usize, Columns)> {
    let non_empty: Vec<usize> = (0..table.rows.len()).filter(|&i| table.rows[i].cells.iter().any(|c| !c.text().is_empty())).collect();
    let Some(&first) = non_empty.first() else {
        let f = path.display();
        return Err(Error::new("import-empty", format!("花名册 {f} 是空的"), format!("the member roll {f} is empty")));
    };
    let known = |i: usize| table.rows[i].cells.iter().filter(|c| field_of(c.text()).is_some()).count();
    let at = non_empty.iter().take(10).copied().find(|&i| known(i) >= 2).unwrap_or(first);

    let mut fields: Vec<(&'static str, usize, String)> = Vec::new();
    let mut ignored = Vec::new();
    let mut found = Vec::new();
    for (col, cell) in table.rows[at].cells.iter().enumerate() {
        let header = cell.text().to_string();
        if header.is_empty() {
            continue;
        }
        found.push(header.clone());
        match field_of(&header) {
            Some(f) => {
                if let Some((_, _, other)) = fields.iter().find(|(g, ..)| *g == f) {
                    return Err(header_error(
                        path,
                        format!("“{other}”和“{header}”两列都是{}，请只保留一列", field_zh(f)),
                        format!("the columns \"{other}\" and \"{header}\" are both {f}; keep one"),
                    ));
                }
                fields.push((f, col, header));
            }
            None => ignored.push(header),
        }
    }
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|r| !fields.iter().any(|(f, ..)| f == r)).collect();
    if !missing.is_empty() {
        let zh_missing = missing.iter().map(|f| field_zh(f)).collect::<Vec<_>>().join("、");
        return Err(header_error(
            path,
            format!("缺少必需的列：{zh_missing}（找到的列：{}）", found.join("、")),
            format!("required column(s) missing: {} (columns found: {})", missing.join(", "), found.join(", ")),
        ));
    }
    Ok((at, Columns { fields, ignored }))
}

fn header_error(path: &Path, zh: String, en: String) -> Error {
    let f = path.display();
    Error::new(
        "import-header",
        format!("花名册 {f} 的表头不对：{zh}。表头应有 姓名、身份证号、成员类型，可选 联系电话、入社日期"),
        format!("the header of the member roll {f} is wrong: {en}. It needs name, id_card, kind, and may have phone, joined"),
    )
    .at("header")
}

/// Validates and adds one row inside the import's transaction. Problems go to `errors`;
/// only a failure of the book itself (not of the row) is returned as an error.
fn import_row(tx: &mut Tx, columns: &Columns, row: &Row, first_row: &mut HashMap<String, usize>, errors: &mut Vec<ImportRowError>) -> Result<Option<i64>> {
    let before = errors.len();
    let mut values: HashMap<&str, String> = HashMap::new();
    for (field, col, header) in &columns.fields {
        let cell = row.cell(*col).cloned().unwrap_or(Cell::Text(String::new()));
        match cell_value(field, &cell) {
            Ok(v) => {
                values.insert(*field, v);
            }
            Err(e) => errors.push(row_error(row.no, header, field, cell.text(), e)),
        }
    }
    // A cell that could not be read says nothing reliable about the row's other checks, so the
    // row stops here; the user sees those once the cell is fixed.
    if errors.len() > before {
        return Ok(None);
    }
    let get = |f: &str| values.get(f).cloned().unwrap_or_default();
    let input = NewMember {
        name: get("name"),
        id_card: get("id_card"),
        kind: get("kind"),
        phone: Some(get("phone")).filter(|p| !p.is_empty()),
        joined: Some(get("joined")).filter(|d| !d.is_empty()),
    };
    let id_header = columns.of("id_card").map(|(_, _, h)| h.as_str()).unwrap_or("");

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
            errors.push(row_error(row.no, id_header, "id_card", &key, e));
            return Ok(None);
        }
        first_row.insert(key, row.no);
    }

    match member::add_in(tx, &input) {
        Ok(no) => Ok(Some(no)),
        // An error without a field is the book's (busy, disk), not the row's: stop the import.
        Err(e) if e.field.is_none() => Err(e),
        Err(e) => {
            for part in split(e, &input) {
                let field = part.field.clone().unwrap_or_default();
                let (header, value) = match columns.of(&field) {
                    Some((_, _, h)) => (h.as_str(), values.get(field.as_str()).cloned().unwrap_or_default()),
                    None => ("", String::new()),
                };
                errors.push(row_error(row.no, header, &field, &value, part));
            }
            Ok(None)
        }
    }
}

/// The text of a cell as member input, or why the cell cannot be used.
fn cell_value(field: &str, cell: &Cell) -> Result<String> {
    match cell {
        Cell::Formula(f) => Err(Error::new(
            "import-formula",
            format!("单元格是公式（{f}），请改为直接填写的内容（复制后“选择性粘贴 → 数值”）"),
            format!("the cell is a formula ({f}); replace it by its value (copy, then paste special → values)"),
        )),
        Cell::Invalid(v) => Err(Error::new("import-cell", format!("单元格是错误值 {v}"), format!("the cell holds the error value {v}"))),
        // Excel keeps 15 significant digits of a number, so an 18-character ID typed into a
        // number cell has already lost its last digits (and a CSV saved from it shows 3.50125E+17).
        Cell::Number(v) if field == "id_card" => Err(numeric_id(v)),
        Cell::Text(v) if field == "id_card" && looks_like_exponent(v.trim()) => Err(numeric_id(v.trim())),
        c => Ok(c.text().to_string()),
    }
}

fn numeric_id(v: &str) -> Error {
    Error::new(
        "import-id-number",
        format!("证件号码被存成了数字（{}），Excel 只保留 15 位有效数字，18 位号码的末几位已经丢失；请把这一列设置为“文本”格式后重新录入", ids::mask(v)),
        format!("the identity number is stored as a number ({}); Excel keeps only 15 significant digits, so the 18-character number has lost its last digits: format the column as text and type the numbers again", ids::mask(v)),
    )
}

/// `3.50125E+17`: how Excel writes a long number it holds as a number.
fn looks_like_exponent(v: &str) -> bool {
    let upper = v.to_ascii_uppercase();
    match upper.split_once("E+") {
        Some((mantissa, exp)) => {
            !mantissa.is_empty() && !exp.is_empty() && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.') && exp.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// The core joins a row's problems into one error (code and field of the first). To show each
/// problem under its own column, the core's field checks are run again one by one (the check
/// against the book's other members is not: a row with that and another problem stays whole);
/// the split is used only when it reproduces the core's error exactly, so no problem is ever lost
/// or misreported even if the core's checks change.
fn split(e: Error, m: &NewMember) -> Vec<Error> {
    let mut parts = Vec::new();
    if m.name.trim().is_empty() {
        parts.push(Error::new("field-required", "请填写姓名", "the name is required").at("name"));
    }
    let kind = member::parse_kind(&m.kind).map_err(|e| parts.push(e)).ok();
    if let Some(p) = m.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        if !p.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == '+') || p.len() < 7 {
            parts.push(Error::new("invalid-phone", format!("电话号码“{p}”无效"), format!("phone number \"{p}\" is not valid")).at("phone"));
        }
    }
    if let Some(d) = m.joined.as_deref().filter(|d| !d.trim().is_empty()) {
        if let Err(e) = crate::date::parse_date(d, "joined") {
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

fn row_error(row: usize, header: &str, field: &str, value: &str, e: Error) -> ImportRowError {
    // Identity numbers are only ever shown masked, in the report as on screen.
    let value = if field == "id_card" { ids::mask(value.trim()) } else { value.trim().to_string() };
    ImportRowError { row, column: header.to_string(), value, code: e.code.to_string(), zh: e.zh, en: e.en }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(field_of(" 身份证号码（必填）"), Some("id_card"));
        assert_eq!(field_of("*姓名"), Some("name"));
        assert_eq!(field_of("ID_Card"), Some("id_card"));
        assert_eq!(field_of("Phone"), Some("phone"));
        assert_eq!(field_of("序号"), None);
        assert!(looks_like_exponent("3.50125E+17"));
        assert!(!looks_like_exponent("35012519850315003X"));
    }
}
