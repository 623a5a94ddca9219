//! Drawing pages in whole numbers: every position, length and font size here is an `i32` count of
//! hundredths of a millimetre ([`U`]), measured from the page's top-left corner downwards, and
//! text widths come from the font's integer advance widths. The one conversion to PDF points is a
//! scale matrix at the head of each page's content (1 unit = 72/2540 pt), so the module does no
//! floating-point arithmetic (the crate denies it) and names no float type (the hygiene test
//! greps for them): integers enter printpdf's `Pt` through the lossless `From<i16>`.
//!
//! Invariants: a [`Sheet`] checks every string it draws against the font and remembers each
//! character without a glyph and where it was drawn, so the caller can refuse the whole document
//! (see [`Sheet::finish`]) instead of printing boxes; text drawn in a box never leaves it — it
//! shrinks, then wraps, and only as a last resort is cut with "…".

use crate::base::error::{Error, Result};
use printpdf::{
    Color, CurTransMat, Greyscale, Line, LineDashPattern, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, TextItem, TextRenderingMode,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A length in hundredths of a millimetre.
pub type U = i32;
/// One millimetre.
pub const MM: U = 100;

/// The embedded print face (see `assets/fonts/README.md`).
const FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Regular.ttf");

/// The print font, parsed once per process.
pub struct Font {
    parsed: ParsedFont,
    units_per_em: i64,
}

static FONT: OnceLock<std::result::Result<Font, String>> = OnceLock::new();

/// The parsed print font.
pub fn font() -> Result<&'static Font> {
    FONT.get_or_init(|| {
        let parsed = ParsedFont::from_bytes(FONT_BYTES, 0, &mut Vec::new())
            .ok_or_else(|| "the embedded print font cannot be parsed".to_string())?;
        let units_per_em = i64::from(parsed.pdf_font_metrics.units_per_em.max(1));
        Ok(Font { parsed, units_per_em })
    })
    .as_ref()
    .map_err(Error::internal)
}

impl Font {
    /// The glyph of a character, if the font has one (glyph 0, `.notdef`, counts as none).
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.parsed.lookup_glyph_index(u32::from(c)).filter(|g| *g != 0)
    }

    /// Whether a character needs no glyph: line breaks and spaces are never drawn as glyphs.
    pub fn ignorable(c: char) -> bool {
        c == '\n' || c == '\r' || c == ' '
    }

    /// A character's advance width in font units, `None` when it has no glyph.
    fn advance(&self, c: char) -> Option<i64> {
        self.glyph(c).map(|g| i64::from(self.parsed.get_horizontal_advance(g)))
    }
}

/// Paper: A4 portrait (210 × 297 mm) or landscape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    Portrait,
    Landscape,
}

impl Paper {
    /// Width and height in units.
    pub fn size(self) -> (U, U) {
        match self {
            Paper::Portrait => (210 * MM, 297 * MM),
            Paper::Landscape => (297 * MM, 210 * MM),
        }
    }
    fn media(self) -> (Mm, Mm) {
        match self {
            Paper::Portrait => (Mm(210.0), Mm(297.0)),
            Paper::Landscape => (Mm(297.0), Mm(210.0)),
        }
    }
}

/// A table column: its width and how its cells align.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    pub w: U,
    pub align: Align,
}

/// A column of width `w` aligned as given.
pub const fn col(w: U, align: Align) -> Col {
    Col { w, align }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// Where on the document the text being drawn comes from, in Chinese and English (for the
/// missing-glyph refusal: "成员 12 张𠀀" / "member 12 张𠀀").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub zh: String,
    pub en: String,
}

impl Place {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Place {
        Place { zh: zh.into(), en: en.into() }
    }
}

/// A document being drawn: its pages' operations, and every character that had no glyph.
pub struct Sheet {
    font: &'static Font,
    paper: Paper,
    /// Page width and height in units.
    pub w: U,
    pub h: U,
    handle: PdfFontHandle,
    doc: PdfDocument,
    pages: Vec<Vec<Op>>,
    /// The page drawn on (an index into `pages`).
    current: usize,
    place: Place,
    missing: Vec<char>,
    places: Vec<Place>,
    /// The font size and the pen (thickness, dash) last set on the current page, so they are
    /// only written again when they change.
    font_size: Option<U>,
    pen: Option<(U, Option<(U, U)>)>,
    /// Text is drawn bold (see [`Sheet::bold`]).
    bold: bool,
    /// Advance widths (font units) looked up so far; `None` for a character without a glyph.
    advances: RefCell<HashMap<char, Option<i64>>>,
}

/// A number of units as PDF user-space coordinates (the page's scale matrix makes 1 unit 0.01 mm).
fn pt(v: U) -> Pt {
    Pt(i16::try_from(v.clamp(U::from(i16::MIN), U::from(i16::MAX))).unwrap_or(0).into())
}

impl Sheet {
    pub fn new(title: &str, paper: Paper) -> Result<Sheet> {
        let font = font()?;
        let mut doc = PdfDocument::new(title);
        let id = doc.add_font(&font.parsed);
        let (w, h) = paper.size();
        Ok(Sheet {
            font,
            paper,
            w,
            h,
            handle: PdfFontHandle::External(id),
            doc,
            pages: Vec::new(),
            current: 0,
            place: Place::new("", ""),
            missing: Vec::new(),
            places: Vec::new(),
            font_size: None,
            pen: None,
            bold: false,
            advances: RefCell::new(HashMap::new()),
        })
    }

    /// Starts a new page; drawing goes to it from now on.
    pub fn new_page(&mut self) {
        // 72 pt per inch / 2540 hundredths of a millimetre per inch.
        self.pages.push(vec![Op::SetTransformationMatrix { matrix: CurTransMat::Scale(0.028_346_457, 0.028_346_457) }]);
        self.current = self.pages.len() - 1;
        (self.font_size, self.pen) = (None, None);
    }

    /// Goes back to an earlier page (e.g. to write "page x / y" once y is known).
    pub fn goto(&mut self, page: usize) {
        self.current = page.min(self.pages.len().saturating_sub(1));
        (self.font_size, self.pen) = (None, None);
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Names where the text drawn from now on comes from.
    pub fn at(&mut self, place: Place) {
        self.place = place;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.new_page();
        }
        &mut self.pages[self.current]
    }

    fn check(&mut self, text: &str) {
        let mut here = false;
        for c in text.chars() {
            if !Font::ignorable(c) && self.advance(c).is_none() {
                here = true;
                if !self.missing.contains(&c) {
                    self.missing.push(c);
                }
            }
        }
        if here && !self.places.contains(&self.place) {
            self.places.push(self.place.clone());
        }
    }

    fn advance(&self, c: char) -> Option<i64> {
        *self.advances.borrow_mut().entry(c).or_insert_with(|| self.font.advance(c))
    }

    /// The width of `text` in font units (a character without a glyph counts 0).
    fn em(&self, text: &str) -> i64 {
        text.chars().map(|c| self.advance(c).unwrap_or(0)).sum()
    }

    /// Whether `em` font units at `size` fit in `w`.
    fn fits(&self, em: i64, size: U, w: U) -> bool {
        em * i64::from(size) <= i64::from(w) * self.font.units_per_em
    }

    /// The advance width of `text` at `size`, rounded up to the unit.
    pub fn width(&self, text: &str, size: U) -> U {
        let upm = self.font.units_per_em;
        U::try_from((self.em(text) * i64::from(size) + upm - 1) / upm).unwrap_or(U::MAX)
    }

    /// Draws one line of text with its baseline at `y` (from the top), starting at `x`.
    pub fn text(&mut self, x: U, y: U, size: U, text: &str) {
        self.check(text);
        if text.trim().is_empty() {
            return;
        }
        let (handle, h) = (self.handle.clone(), self.h);
        let set_font = self.font_size != Some(size);
        self.font_size = Some(size);
        let bold = self.bold;
        let ops = self.ops();
        ops.push(Op::StartTextSection);
        if set_font {
            // The font is part of the graphics state: it holds in later text sections too.
            ops.push(Op::SetFont { font: handle, size: pt(size) });
        }
        if bold {
            // Filled and outlined with a solid stroke of 1/30 em: the face has no bold weight.
            ops.extend([
                Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke },
                Op::SetOutlineThickness { pt: pt((size / 30).max(1)) },
                Op::SetLineDashPattern { dash: LineDashPattern::solid() },
            ]);
        }
        ops.extend([
            Op::SetTextCursor { pos: Point { x: pt(x), y: pt(h - y) } },
            Op::ShowText { items: vec![TextItem::Text(text.to_string())] },
            Op::EndTextSection,
        ]);
        if bold {
            ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Fill });
            // The stroke width was changed: the next line sets its pen again.
            self.pen = None;
        }
    }

    /// Draws the following text bold (`true`) or regular. The embedded face has a single
    /// weight, so bold is the glyphs filled and outlined with a thin stroke of the text colour.
    pub fn bold(&mut self, on: bool) {
        self.bold = on;
    }

    /// Draws one line aligned in the span `x .. x + w` (it may overflow: see [`Sheet::cell`]).
    pub fn text_aligned(&mut self, x: U, w: U, y: U, size: U, text: &str, align: Align) {
        let tw = self.width(text, size);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2,
            Align::Right => x + w - tw,
        };
        self.text(x, y, size, text);
    }

    /// Draws text inside the box `(x, y, w, h)`, 1.2 mm in from the sides, vertically centred:
    /// at `size` if it fits, else shrunk down to 60 % of it, else wrapped over the lines the box
    /// holds at the largest size that lets it fit, and only if even 60 % does not, cut with "…".
    #[allow(clippy::too_many_arguments)]
    pub fn cell(&mut self, x: U, y: U, w: U, h: U, size: U, text: &str, align: Align) {
        let pad = 120;
        let inner = (w - 2 * pad).max(1);
        let natural = self.width(text, size);
        let min = size * 6 / 10;
        let (size, lines) = if natural <= inner {
            (size, vec![text.to_string()])
        } else if natural * min <= inner * size {
            // Shrink just enough (the width scales with the size).
            (size * inner / natural.max(1), vec![text.to_string()])
        } else {
            // Wrapped at the largest size (in steps of 5 %) whose lines fit the box's height.
            let fitting = (0..=8).map(|i| size * (100 - 5 * i) / 100).find_map(|s| {
                let lines = self.wrap(text, inner, s);
                (lines.len() as U * s * 12 / 10 <= h).then_some((s, lines))
            });
            fitting.unwrap_or_else(|| {
                let fit = (h * 10 / (min * 12)).max(1) as usize;
                let mut lines = self.wrap(text, inner, min);
                lines.truncate(fit);
                let last = lines.last_mut().expect("a line");
                while !last.is_empty() && self.width(&format!("{last}…"), min) > inner {
                    last.pop();
                }
                last.push('…');
                (min, lines)
            })
        };
        self.check(text);
        let line_h = size * 12 / 10;
        let n = lines.len() as U;
        // The ideographic em box sits from -0.12 em to 0.88 em: its middle is 0.38 em above the baseline.
        let first = y + h / 2 - (n - 1) * line_h / 2 + size * 38 / 100;
        for (i, l) in lines.iter().enumerate() {
            self.text_aligned(x + pad, inner, first + i as U * line_h, size, l, align);
        }
    }

    /// Splits text into lines no wider than `w` at `size`: breaks between any two CJK
    /// characters, keeps runs of Latin letters and digits together where they fit, and never
    /// starts a line with closing punctuation.
    pub fn wrap(&self, text: &str, w: U, size: U) -> Vec<String> {
        let mut out = Vec::new();
        for para in text.split('\n') {
            // Tokens: a run of Latin letters, digits and ASCII punctuation; or one other
            // character, with the closing punctuation after it.
            let mut tokens: Vec<String> = Vec::new();
            for c in para.chars() {
                let attach = tokens.last().and_then(|t| t.chars().last()).is_some_and(|p| {
                    (c.is_ascii_graphic() && p.is_ascii_graphic()) || "，。、：；）」》！？".contains(c)
                });
                match tokens.last_mut() {
                    Some(t) if attach => t.push(c),
                    _ => tokens.push(c.to_string()),
                }
            }
            let mut line = String::new();
            let mut line_em = 0;
            for t in tokens {
                let t_em = self.em(&t);
                if line.is_empty() || self.fits(line_em + t_em, size, w) {
                    line.push_str(&t);
                    line_em += t_em;
                } else {
                    out.push(std::mem::take(&mut line));
                    line = t.trim_start().to_string();
                    line_em = self.em(&line);
                }
                // A token wider than the line on its own is cut by character.
                while !self.fits(line_em, size, w) && line.chars().count() > 1 {
                    let (mut head, mut head_em) = (String::new(), 0);
                    let mut rest = line.chars().peekable();
                    while let Some(c) = rest.peek().copied() {
                        let c_em = self.advance(c).unwrap_or(0);
                        if !head.is_empty() && !self.fits(head_em + c_em, size, w) {
                            break;
                        }
                        head.push(c);
                        head_em += c_em;
                        rest.next();
                    }
                    out.push(head);
                    line = rest.collect();
                    line_em = self.em(&line);
                }
            }
            out.push(line);
        }
        out
    }

    /// Draws a paragraph wrapped to `w` from baseline `y`; returns the baseline after it.
    pub fn para(&mut self, x: U, y: U, w: U, size: U, line_h: U, text: &str) -> U {
        self.check(text);
        let mut y = y;
        for l in self.wrap(text, w, size) {
            self.text(x, y, size, &l);
            y += line_h;
        }
        y
    }

    fn stroke(&mut self, points: &[(U, U)], thick: U, dash: Option<(U, U)>) {
        let h = self.h;
        let line = Line {
            points: points
                .iter()
                .map(|(x, y)| LinePoint { p: Point { x: pt(*x), y: pt(h - y) }, bezier: false })
                .collect(),
            is_closed: false,
        };
        let set_pen = self.pen != Some((thick, dash));
        self.pen = Some((thick, dash));
        let ops = self.ops();
        if set_pen {
            let dash = match dash {
                Some((on, off)) => LineDashPattern::new(0.0, &[pt(on).0, pt(off).0]),
                None => LineDashPattern::solid(),
            };
            ops.extend([Op::SetOutlineThickness { pt: pt(thick) }, Op::SetLineDashPattern { dash }]);
        }
        ops.push(Op::DrawLine { line });
    }

    /// A solid line.
    pub fn line(&mut self, x1: U, y1: U, x2: U, y2: U, thick: U) {
        self.stroke(&[(x1, y1), (x2, y2)], thick, None);
    }

    /// A dashed horizontal line (2 mm dashes, 1 mm gaps), e.g. to cut along.
    pub fn dashed(&mut self, x1: U, x2: U, y: U) {
        self.stroke(&[(x1, y), (x2, y)], 20, Some((2 * MM, MM)));
    }

    /// A dashed line across the page at `y` with "沿此线剪开" in a gap in its middle, between the
    /// slips or vouchers that share a page.
    pub fn cut_line(&mut self, y: U) {
        let label = "沿此线剪开";
        let size = 240;
        let (w, page) = (self.width(label, size), self.w);
        let gap_from = (page - w) / 2 - 2 * MM;
        let gap_to = (page + w) / 2 + 2 * MM;
        self.grey(true);
        self.dashed(5 * MM, gap_from, y);
        self.dashed(gap_to, page - 5 * MM, y);
        self.text_aligned(0, page, y + size * 38 / 100, size, label, Align::Center);
        self.grey(false);
    }

    /// The outline of a box.
    pub fn rect(&mut self, x: U, y: U, w: U, h: U, thick: U) {
        self.stroke(&[(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)], thick, None);
    }

    /// One table row at `(x, y)`, `h` high: each cell's text fitted into its column (see
    /// [`Sheet::cell`]), with the borders of every cell.
    pub fn row<S: AsRef<str>>(&mut self, x: U, y: U, h: U, cols: &[Col], cells: &[S], size: U) {
        let w: U = cols.iter().map(|c| c.w).sum();
        self.rect(x, y, w, h, 20);
        let mut cx = x;
        for (i, col) in cols.iter().enumerate() {
            if i > 0 {
                self.line(cx, y, cx, y + h, 20);
            }
            if let Some(text) = cells.get(i) {
                self.cell(cx, y, col.w, h, size, text.as_ref(), col.align);
            }
            cx += col.w;
        }
    }

    /// Draws the following text and lines in grey (`true`) or black.
    pub fn grey(&mut self, on: bool) {
        let g = if on { 0.45 } else { 0.0 };
        self.ops().extend([
            Op::SetFillColor { col: Color::Greyscale(Greyscale { percent: g, icc_profile: None }) },
            Op::SetOutlineColor { col: Color::Greyscale(Greyscale { percent: g, icc_profile: None }) },
        ]);
    }

    /// Refuses the document if any character drawn has no glyph (`missing-glyphs`, naming the
    /// characters and where they occur); otherwise serialises it with the font subset to the
    /// glyphs used. Returns the PDF bytes and the page count.
    pub fn finish(self) -> Result<(Vec<u8>, u32)> {
        if !self.missing.is_empty() {
            return Err(missing_glyphs_error(&self.missing, &self.places));
        }
        let Sheet { mut doc, pages, paper, .. } = self;
        let (mw, mh) = paper.media();
        let n = pages.len() as u32;
        doc.with_pages(pages.into_iter().map(|ops| PdfPage::new(mw, mh, ops)).collect());
        let opts = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
        let mut warnings = Vec::new();
        let bytes = doc.save(&opts, &mut warnings);
        if let Some(w) = warnings.iter().find(|w| w.severity == PdfParseErrorSeverity::Error) {
            return Err(Error::internal(format!("PDF: {}", w.msg)));
        }
        Ok((bytes, n))
    }
}

/// The `missing-glyphs` refusal: the characters, and (up to ten of) the places they occur.
pub fn missing_glyphs_error(chars: &[char], places: &[Place]) -> Error {
    let zh_chars = chars.iter().map(char::to_string).collect::<Vec<_>>().join("、");
    let en_chars = chars.iter().map(|c| format!("{c} (U+{:04X})", u32::from(*c))).collect::<Vec<_>>().join(", ");
    let shown = &places[..places.len().min(10)];
    let more = places.len() - shown.len();
    let mut zh_where = shown.iter().map(|p| p.zh.as_str()).collect::<Vec<_>>().join("；");
    let mut en_where = shown.iter().map(|p| p.en.as_str()).collect::<Vec<_>>().join("; ");
    if more > 0 {
        zh_where += &format!("；另有 {more} 处");
        en_where += &format!("; {more} more");
    }
    let (zh_where, en_where) = if shown.is_empty() {
        (String::new(), String::new())
    } else {
        (format!("（{zh_where}）"), format!(" ({en_where})"))
    };
    Error::new(
        "missing-glyphs",
        format!("以下字符在打印字体中没有字形，无法打印：{zh_chars}{zh_where}"),
        format!("no glyph in the print font for: {en_chars}{en_where}"),
    )
}
