//! The one reader of import files: CSV (UTF-8, with or without a BOM, or GBK as Excel saves it on
//! Chinese Windows) or the first worksheet of an XLSX file, read against a table of fields
//! (`Spec`): the header found, each column matched to its field, the data rows with every bad
//! cell reported by row and column. `import_rows` runs an importer's row function over a file in
//! one write transaction, committed only when every row is good and it is not a dry run.
//! It knows no kind of import: each importer brings its own `Spec`.

use crate::base::error::{Error, Result};
use crate::base::ids;
use crate::store::book::{Book, Tx};
use calamine::{Data, Reader, Xlsx};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// What an import found and did. `imported` holds the new ids (member numbers, sale ids) only
/// when the import was committed (all rows good and not a dry run); otherwise nothing was written.
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
    // What was imported, so that the refusal names the file and its rows in the right words. It
    // stays out of the JSON and the UI's types: the caller already knows what it imported.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    spec: &'static Spec,
}

impl ImportReport {
    /// The report of an import that reads its file with [`Sheet`] and its own loop.
    pub(crate) fn of(
        spec: &'static Spec,
        sheet: &Sheet,
        imported: Vec<i64>,
        errors: Vec<ImportRowError>,
    ) -> ImportReport {
        ImportReport {
            ok: errors.is_empty(),
            file: sheet.file.clone(),
            rows: sheet.rows.len(),
            imported,
            errors,
            ignored_columns: sheet.columns.ignored.clone(),
            encoding: sheet.encoding.to_string(),
            spec,
        }
    }
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
        let spec = self.spec;
        let en = if n == 1 {
            "1 row has errors; nothing was imported".to_string()
        } else {
            format!("{n} rows have errors; nothing was imported")
        };
        Some(Error::new("import-invalid", format!("{}有 {n} 行错误，未导入任何{}", spec.file_zh, spec.item_zh), en))
    }
}

/// What one kind of import reads: the words for its file and rows, and its fields. The opening
/// balances (`crate::io::opening`) read their file through the same table.
#[derive(Debug, PartialEq)]
pub(crate) struct Spec {
    /// The file as messages name it (`花名册`, `the member roll`).
    pub(crate) file_zh: &'static str,
    pub(crate) file_en: &'static str,
    /// What one row adds (`成员`, `members`).
    pub(crate) item_zh: &'static str,
    pub(crate) item_en: &'static str,
    pub(crate) fields: &'static [Field],
}

/// A field a column can hold.
#[derive(Debug, PartialEq)]
pub(crate) struct Field {
    /// The field's name, the same as the `field` of the core's errors about it.
    pub(crate) name: &'static str,
    /// Its name in the header hint and messages.
    pub(crate) zh: &'static str,
    /// The header texts accepted for it, compared without case, spaces, `*` marks and bracketed
    /// hints such as “（选填）”.
    pub(crate) headers: &'static [&'static str],
    pub(crate) required: bool,
    /// An identity number: shown masked, and refused from a number cell (see [`cell_value`]).
    pub(crate) identity: bool,
}

pub(crate) const fn field(
    name: &'static str,
    zh: &'static str,
    headers: &'static [&'static str],
    required: bool,
) -> Field {
    Field { name, zh, headers, required, identity: false }
}

/// The shared import: reads the file, finds the header, and adds every non-blank data row with
/// `add` inside one write transaction that is committed only when every row is good and this is
/// not a dry run. `add` gets a row whose cells were all readable; it pushes the row's problems to
/// the errors and returns the new id, and returns an error only for a failure of the book itself.
pub(crate) fn import_rows(
    book: &mut Book,
    path: &Path,
    dry_run: bool,
    spec: &'static Spec,
    mut add: impl FnMut(&mut Tx, &RowInput, &mut Vec<ImportRowError>) -> Result<Option<i64>>,
) -> Result<ImportReport> {
    book.require(crate::store::access::Perm::Import)?;
    let sheet = Sheet::read(path, spec)?;
    if !dry_run {
        book.auto_backup("import")?;
    }
    // Nothing of a bad or trial import stays.
    book.write_if(crate::store::access::Perm::Import, |tx| {
        let mut imported = Vec::new();
        let mut errors = Vec::new();
        for (row, cell_errors) in sheet.inputs() {
            // A cell that could not be read says nothing reliable about the row's other checks, so
            // the row stops here; the user sees those once the cell is fixed.
            if !cell_errors.is_empty() {
                errors.extend(cell_errors);
                continue;
            }
            if let Some(id) = add(tx, &row, &mut errors)? {
                imported.push(id);
            }
        }
        let commit = errors.is_empty() && !dry_run;
        let report = ImportReport {
            ok: errors.is_empty(),
            file: sheet.file.clone(),
            rows: sheet.rows.len(),
            imported: if commit { imported } else { Vec::new() },
            errors,
            ignored_columns: sheet.columns.ignored.clone(),
            encoding: sheet.encoding.to_string(),
            spec,
        };
        Ok((report, commit))
    })
}

/// A file read against a field table: which column holds which field, and the data rows below the
/// header (blank ones left out). Every import reads its file through it.
pub(crate) struct Sheet {
    pub(crate) file: String,
    /// How the file was read: `UTF-8`, `GBK` or `XLSX`.
    pub(crate) encoding: &'static str,
    columns: Columns,
    rows: Vec<Row>,
}

impl Sheet {
    /// Reads the file at `path` and finds its header. A file that cannot be read, has no usable
    /// header or no data is refused; bad cells are not refused here but come with their rows.
    pub(crate) fn read(path: &Path, spec: &'static Spec) -> Result<Sheet> {
        let src = Source { path, spec };
        let table = read_table(&src)?;
        let file = path.display().to_string();
        let (header_at, columns) = find_header(&table, &src)?;
        let rows: Vec<Row> = table.rows.into_iter().skip(header_at + 1).filter(|r| !columns.is_blank(r)).collect();
        if rows.is_empty() {
            return Err(Error::new(
                "import-empty",
                format!("{} {file} 只有表头，没有{}", spec.file_zh, spec.item_zh),
                format!("{} {file} has a header but no {}", spec.file_en, spec.item_en),
            ));
        }
        Ok(Sheet { file, encoding: table.encoding, columns, rows })
    }

    /// Header texts of the columns that name no field.
    pub(crate) fn ignored(&self) -> &[String] {
        &self.columns.ignored
    }

    /// The header text of `field`'s column, empty when the file has none.
    pub(crate) fn header(&self, field: &str) -> String {
        self.columns.of(field).map(|(_, _, h)| h.clone()).unwrap_or_default()
    }

    /// Every data row with the text of its readable cells, and the problems of the cells that
    /// cannot be read (formulas, error values, identity numbers stored as numbers).
    pub(crate) fn inputs(&self) -> impl Iterator<Item = (RowInput<'_>, Vec<ImportRowError>)> {
        self.rows.iter().map(|row| {
            let mut errors = Vec::new();
            let mut values: HashMap<&'static str, String> = HashMap::new();
            for (field, col, header) in &self.columns.fields {
                let cell = row.cell(*col).cloned().unwrap_or(Cell::Text(String::new()));
                match cell_value(field, &cell) {
                    Ok(v) => {
                        values.insert(field.name, v);
                    }
                    Err(e) => errors.push(row_error(row.no, header, field.identity, cell.text(), e)),
                }
            }
            (RowInput { no: row.no, columns: &self.columns, values }, errors)
        })
    }
}

/// One data row, as the function that adds it sees it.
pub(crate) struct RowInput<'a> {
    /// The row number as the spreadsheet shows it.
    pub(crate) no: usize,
    columns: &'a Columns,
    /// The text of each readable field's cell (empty when the cell is); fields without a column,
    /// and cells that could not be read, are absent.
    values: HashMap<&'static str, String>,
}

impl RowInput<'_> {
    pub(crate) fn get(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    /// The field's text, or `None` when it has no column or its cell is empty.
    pub(crate) fn opt(&self, field: &str) -> Option<String> {
        Some(self.get(field)).filter(|v| !v.is_empty())
    }

    /// The problem `e` of this row, shown under the column of `field` with `value`. A field that
    /// has no column (a check across fields, say) is shown with an empty column.
    pub(crate) fn error_with(&self, field: &str, value: &str, e: Error) -> ImportRowError {
        match self.columns.of(field) {
            Some((f, _, header)) => row_error(self.no, header, f.identity, value, e),
            None => row_error(self.no, "", false, value, e),
        }
    }

    /// The problem `e` of this row, shown under the column of `field` with that cell's text.
    pub(crate) fn error(&self, field: &str, e: Error) -> ImportRowError {
        self.error_with(field, &self.get(field), e)
    }

    /// Reports the core's refusal of this row, split by `split` into its problems. An error
    /// without a field is the book's (busy, disk), not the row's: it stops the import.
    pub(crate) fn refused(
        &self,
        e: Error,
        split: impl FnOnce(Error) -> Vec<Error>,
        errors: &mut Vec<ImportRowError>,
    ) -> Result<()> {
        if e.field.is_none() {
            return Err(e);
        }
        for part in split(e) {
            let field = part.field.clone().unwrap_or_default();
            errors.push(self.error(&field, part));
        }
        Ok(())
    }
}

/// The file being imported and what kind of import it is, for messages that name it.
struct Source<'a> {
    path: &'a Path,
    spec: &'static Spec,
}

impl Source<'_> {
    fn format_error(&self, zh: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
        let f = self.path.display();
        let s = self.spec;
        Error::new(
            "import-format",
            format!("无法读取{} {f}：{zh}", s.file_zh),
            format!("cannot read {} {f}: {en}", s.file_en),
        )
        .at("file")
    }

    fn header_error(&self, zh: String, en: String) -> Error {
        let f = self.path.display();
        let s = self.spec;
        let names = |required: bool, name: fn(&Field) -> &'static str, sep: &str| {
            s.fields.iter().filter(|x| x.required == required).map(name).collect::<Vec<_>>().join(sep)
        };
        Error::new(
            "import-header",
            format!(
                "{} {f} 的表头不对：{zh}。表头应有 {}，可选 {}",
                s.file_zh,
                names(true, |x| x.zh, "、"),
                names(false, |x| x.zh, "、")
            ),
            format!(
                "the header of {} {f} is wrong: {en}. It needs {}, and may have {}",
                s.file_en,
                names(true, |x| x.name, ", "),
                names(false, |x| x.name, ", ")
            ),
        )
        .at("header")
    }
}

/// A cell as read from the file, before it becomes input to the core.
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

/// Reads the file into rows of cells, choosing the format by content (an XLSX file is a zip
/// archive) and the text encoding by whether the bytes are valid UTF-8.
fn read_table(src: &Source) -> Result<Table> {
    let path = src.path;
    let bytes = std::fs::read(path).map_err(|e| src.format_error(&e, &e))?;
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(src, bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(src.format_error(
            "这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入",
            "this is an old Excel (.xls) file; save it as .xlsx or CSV in Excel or WPS and import that",
        ));
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    if !matches!(ext.as_deref(), None | Some("csv" | "txt" | "tsv")) {
        return Err(src.format_error("只能导入 CSV 或 XLSX 文件", "only CSV and XLSX files can be imported"));
    }
    // Excel's "Unicode text" is UTF-16; GBK decoding would turn it into plausible-looking garbage.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || bytes.contains(&0) {
        return Err(src.format_error(
            "不是 CSV 文本文件（请另存为“CSV（逗号分隔）”）",
            "not a CSV text file (save it as \"CSV (comma delimited)\")",
        ));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let (text, encoding) = match std::str::from_utf8(body) {
        Ok(t) => (t.to_string(), "UTF-8"),
        Err(_) => match encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(body) {
            Some(t) => (t.into_owned(), "GBK"),
            None => {
                return Err(src.format_error("文字编码既不是 UTF-8 也不是 GBK", "the text is neither UTF-8 nor GBK"))
            }
        },
    };
    read_csv(src, &text, encoding)
}

fn read_csv(src: &Source, text: &str, encoding: &'static str) -> Result<Table> {
    // Excel writes commas; a file whose first line has tabs and no comma is tab-separated.
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') { b'\t' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // The row number the spreadsheet shows counts blank lines (which the csv reader skips) but
    // not the line breaks inside a quoted cell, so it is counted here from the record's offset:
    // the lines before the record, less the line breaks inside earlier records' cells.
    let (mut line, mut counted_to, mut inner_newlines) = (1, 0, 0);
    for record in reader.records() {
        let record = record.map_err(|e| src.format_error(e.to_string(), e))?;
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

/// The widest sheet an import reads: its files have a dozen columns; content further right is
/// refused, not skipped (it could be data in the wrong place).
pub const XLSX_MAX_COLUMNS: u32 = 256;

fn read_xlsx(src: &Source, bytes: Vec<u8>) -> Result<Table> {
    let bad = |e: &dyn std::fmt::Display| {
        src.format_error(format!("不是有效的 XLSX 文件（{e}）"), format!("not a valid XLSX file ({e})"))
    };
    // The worksheet is read cell by cell (values with their formulas, in one pass) into rows of
    // their own, never as calamine's dense range: a crafted file with one cell at A1 and one at
    // XFD1048576 would make that range 17 billion cells. Memory stays in proportion to the cells
    // the file holds. calamine can also panic on a malformed file (a cell reference
    // `A99999999999` overflows its row number: found by the import_xlsx fuzz target); that file
    // is refused like any other bad one.
    let read =
        std::panic::catch_unwind(|| -> std::result::Result<std::result::Result<Vec<Row>, (u32, u32)>, String> {
            let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
            let Some(sheet) = book.sheet_names().into_iter().next() else {
                return Err("no worksheet".to_string());
            };
            let mut cells = book.worksheet_cells_reader(&sheet).map_err(|e| e.to_string())?;
            let mut rows: std::collections::BTreeMap<u32, Vec<Cell>> = std::collections::BTreeMap::new();
            while let Some(c) = cells.next_cell_with_formula().map_err(|e| e.to_string())? {
                let (r, col) = c.pos;
                let formula = c.formula.filter(|f| !f.trim().is_empty());
                let value: Data = c.value.into();
                if formula.is_none() && value == Data::Empty {
                    continue;
                }
                if col >= XLSX_MAX_COLUMNS {
                    return Ok(Err((r, col)));
                }
                // Cells are placed at their absolute column so that the header and the data line up.
                let row = rows.entry(r).or_default();
                if row.len() <= col as usize {
                    row.resize(col as usize + 1, Cell::Text(String::new()));
                }
                row[col as usize] = match formula {
                    Some(f) if f.starts_with('=') => Cell::Formula(f),
                    Some(f) => Cell::Formula(format!("={f}")),
                    None => xlsx_cell(&value),
                };
            }
            Ok(Ok(rows.into_iter().map(|(r, cells)| Row { no: r as usize + 1, cells }).collect()))
        });
    match read.unwrap_or_else(|_| Err("the reader failed".to_string())).map_err(|e| bad(&e))? {
        Ok(rows) => Ok(Table { encoding: "XLSX", rows }),
        Err((r, c)) => Err(src.format_error(
            format!(
                "表格第 {} 行第 {} 列有内容，超出了导入能读的前 {XLSX_MAX_COLUMNS} 列；请删去右边多余的内容",
                r + 1,
                c + 1
            ),
            format!(
                "row {} has content in column {}, beyond the first {XLSX_MAX_COLUMNS} columns an import reads; \
                delete what is on the right",
                r + 1,
                c + 1
            ),
        )),
    }
}

fn xlsx_cell(value: &Data) -> Cell {
    match value {
        Data::Empty => Cell::Text(String::new()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::Int(n) => Cell::Number(n.to_string()),
        // Infinity and NaN are no amount or quantity (calamine reads them from a hand-made file).
        Data::Float(x) if !x.is_finite() => Cell::Invalid(x.to_string()),
        // The number arrives from calamine as a binary float; it is turned into its shortest
        // decimal text here and never computed with (12.5 → "12.5"). That text is shown in full
        // (never in exponent form), so a phone or a date typed as a number reads as the digits
        // the user typed, and a quantity or a price is parsed exactly as if it had been typed.
        Data::Float(x) => Cell::Number(x.to_string()),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::Date(format!("{y:04}-{m:02}-{d:02}"))
        }
        Data::Error(e) => Cell::Invalid(format!("#{e:?}")),
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

/// The field of `spec` that a header text names, if any.
pub(crate) fn field_of(spec: &'static Spec, header: &str) -> Option<&'static Field> {
    let h = normalise_header(header);
    spec.fields.iter().find(|f| f.headers.contains(&h.as_str()))
}

/// Which column holds which field.
struct Columns {
    /// (field, column index, header text)
    fields: Vec<(&'static Field, usize, String)>,
    ignored: Vec<String>,
}

impl Columns {
    fn of(&self, field: &str) -> Option<&(&'static Field, usize, String)> {
        self.fields.iter().find(|(f, ..)| f.name == field)
    }

    /// A row is blank when every column of a known field is empty (a filled-in 序号 column alone
    /// does not make a member or a sale).
    fn is_blank(&self, row: &Row) -> bool {
        self.fields.iter().all(|(_, col, _)| row.cell(*col).is_none_or(|c| c.text().is_empty()))
    }
}

/// Finds the header row: the first row that names at least two known fields, so that a title
/// row above it (“青山村合作社成员花名册”) is skipped; otherwise the first non-empty row.
fn find_header(table: &Table, src: &Source) -> Result<(usize, Columns)> {
    let spec = src.spec;
    let non_empty: Vec<usize> =
        (0..table.rows.len()).filter(|&i| table.rows[i].cells.iter().any(|c| !c.text().is_empty())).collect();
    let Some(&first) = non_empty.first() else {
        let f = src.path.display();
        return Err(Error::new(
            "import-empty",
            format!("{} {f} 是空的", spec.file_zh),
            format!("{} {f} is empty", spec.file_en),
        ));
    };
    let known = |i: usize| table.rows[i].cells.iter().filter(|c| field_of(spec, c.text()).is_some()).count();
    let at = non_empty.iter().take(10).copied().find(|&i| known(i) >= 2).unwrap_or(first);

    let mut fields: Vec<(&'static Field, usize, String)> = Vec::new();
    let mut ignored = Vec::new();
    let mut found = Vec::new();
    for (col, cell) in table.rows[at].cells.iter().enumerate() {
        let header = cell.text().to_string();
        if header.is_empty() {
            continue;
        }
        found.push(header.clone());
        match field_of(spec, &header) {
            Some(f) => {
                if let Some((_, _, other)) = fields.iter().find(|(g, ..)| g.name == f.name) {
                    return Err(src.header_error(
                        format!("“{other}”和“{header}”两列都是{}，请只保留一列", f.zh),
                        format!("the columns \"{other}\" and \"{header}\" are both {}; keep one", f.name),
                    ));
                }
                fields.push((f, col, header));
            }
            None => ignored.push(header),
        }
    }
    let missing: Vec<&Field> =
        spec.fields.iter().filter(|r| r.required && !fields.iter().any(|(f, ..)| f.name == r.name)).collect();
    if !missing.is_empty() {
        let zh_missing = missing.iter().map(|f| f.zh).collect::<Vec<_>>().join("、");
        let en_missing = missing.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
        return Err(src.header_error(
            format!("缺少必需的列：{zh_missing}（找到的列：{}）", found.join("、")),
            format!("required column(s) missing: {en_missing} (columns found: {})", found.join(", ")),
        ));
    }
    Ok((at, Columns { fields, ignored }))
}

/// The text of a cell as input to the core, or why the cell cannot be used.
fn cell_value(field: &Field, cell: &Cell) -> Result<String> {
    match cell {
        Cell::Formula(f) => Err(Error::new(
            "import-formula",
            format!("单元格是公式（{f}），请改为直接填写的内容（复制后“选择性粘贴 → 数值”）"),
            format!("the cell is a formula ({f}); replace it by its value (copy, then paste special → values)"),
        )),
        Cell::Invalid(v) => {
            Err(Error::new("import-cell", format!("单元格是错误值 {v}"), format!("the cell holds the error value {v}")))
        }
        // Excel keeps 15 significant digits of a number, so an 18-character ID typed into a
        // number cell has already lost its last digits (and a CSV saved from it shows 3.50125E+17).
        Cell::Number(v) if field.identity => Err(numeric_id(v)),
        Cell::Text(v) if field.identity && looks_like_exponent(v.trim()) => Err(numeric_id(v.trim())),
        c => Ok(c.text().to_string()),
    }
}

pub(crate) fn numeric_id(v: &str) -> Error {
    Error::new(
        "import-id-number",
        format!("证件号码被存成了数字（{}），Excel 只保留 15 位有效数字，18 位号码的末几位已经丢失；请把这一列设置为“文本”格式后重新录入", ids::mask(v)),
        format!("the identity number is stored as a number ({}); Excel keeps only 15 significant digits, so the \
            18-character number has lost its last digits: format the column as text and type the numbers \
                again", ids::mask(v)),
    )
}

/// `3.50125E+17`: how Excel writes a long number it holds as a number.
pub(crate) fn looks_like_exponent(v: &str) -> bool {
    let upper = v.to_ascii_uppercase();
    match upper.split_once("E+") {
        Some((mantissa, exp)) => {
            !mantissa.is_empty()
                && !exp.is_empty()
                && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
                && exp.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

pub(crate) fn row_error(row: usize, header: &str, identity: bool, value: &str, e: Error) -> ImportRowError {
    // Identity numbers are only ever shown masked, in the report as on screen.
    let value = if identity { ids::mask(value.trim()) } else { value.trim().to_string() };
    ImportRowError { row, column: header.to_string(), value, code: e.code.to_string(), zh: e.zh, en: e.en }
}

// ---------------------------------------------------------------------------------------------
// Members (花名册)

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_exponent_form_are_told_apart() {
        assert!(looks_like_exponent("3.50125E+17"));
        assert!(!looks_like_exponent("35012519850315003X"));
    }
}
