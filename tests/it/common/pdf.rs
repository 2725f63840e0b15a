//! Reading our PDFs back in Rust, the facts the tests used to ask poppler for: page
//! count and size, the text (in content-stream order, as `pdftotext -raw` gives it), the
//! words with their boxes (as `pdftotext -bbox` gives them) and the fonts (as `pdffonts`
//! lists them). hayro-interpret (the PDF interpreter of the hayro family, already in the
//! tree through Typst) walks the content streams; this module only groups its glyphs.
//!
//! Words follow poppler's rules, so that a box means what it meant with poppler: a word
//! ends at a space, at a gap wider than 0.1 em or an overlap of more than 0.2 em, where
//! the baseline moves by more than 0.5 pt, or where the font size changes. A word's box
//! runs from the baseline minus the font's ascent to the baseline minus its descent
//! (the /Ascent and /Descent of its font descriptor, poppler's 0.95 and −0.35 when
//! missing), in points from the page's top-left corner.

use std::collections::HashMap;
use std::path::Path;

use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::hayro_syntax::object::{Array, Dict, Name, Object};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache,
    InterpreterSettings, Paint, PathDrawMode, SoftMask, TransformExt, interpret_page,
};
use kurbo::{Affine, BezPath, Point};

/// One word: its text and box (points, origin at the page's top-left corner).
#[derive(Clone, Debug)]
pub struct Word {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

/// One page: its size in points and its words in content-stream order.
#[derive(Clone, Debug)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub words: Vec<Word>,
    /// The words joined like `pdftotext -raw`: a space between words of a line, a line
    /// break where the baseline moves or the text runs backwards.
    pub text: String,
}

/// One font of the document, as a row of `pdffonts`.
#[derive(Clone, Debug)]
pub struct Font {
    /// The /BaseFont, with its subset tag (`ABCDEF+FandolSong-Regular`).
    pub name: String,
    /// The /Subtype of the font dictionary (`Type0`, `TrueType`, `Type1`, `Type3`).
    pub subtype: String,
    /// The font program is in the file (FontFile, FontFile2 or FontFile3).
    pub embedded: bool,
    /// The name carries a six-capital subset tag.
    pub subset: bool,
    /// It has a /ToUnicode map.
    pub unicode: bool,
}

impl Page {
    /// The words in reading order: lines top to bottom (words whose tops lie within
    /// 2 pt), each left to right, one line a line. Table rows read across their cells
    /// here, where the content stream lays out a cell merged down several rows after them.
    pub fn reading_order(&self) -> String {
        let mut lines: Vec<(f64, Vec<&Word>)> = Vec::new();
        for w in &self.words {
            match lines.iter_mut().find(|(y, _)| (y - w.y0).abs() < 2.0) {
                Some((_, line)) => line.push(w),
                None => lines.push((w.y0, vec![w])),
            }
        }
        lines.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut text = String::new();
        for (_, mut words) in lines {
            words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let line: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
            text.push_str(&line.join(" "));
            text.push('\n');
        }
        text
    }
}

fn load(pdf: &Path) -> Pdf {
    let bytes = std::fs::read(pdf).unwrap_or_else(|e| panic!("read {}: {e}", pdf.display()));
    Pdf::new(bytes).unwrap_or_else(|e| panic!("{} is not a PDF: {e:?}", pdf.display()))
}

/// The number of pages.
pub fn page_count(pdf: &Path) -> usize {
    load(pdf).pages().len()
}

/// Each page's (width, height) in points, as the viewer shows it (rotation applied).
pub fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    load(pdf)
        .pages()
        .iter()
        .map(|p| {
            let (w, h) = p.render_dimensions();
            (f64::from(w), f64::from(h))
        })
        .collect()
}

/// Every page with its words.
pub fn pages(pdf: &Path) -> Vec<Page> {
    pages_of(&load(pdf))
}

/// Every page of a PDF held in memory.
pub fn pages_of_bytes(pdf: &[u8]) -> Vec<Page> {
    let doc = Pdf::new(pdf.to_vec()).unwrap_or_else(|e| panic!("not a PDF: {e:?}"));
    pages_of(&doc)
}

fn pages_of(doc: &Pdf) -> Vec<Page> {
    let metrics = font_metrics(doc);
    let cache = InterpreterCache::new();
    let mut out = Vec::new();
    for page in doc.pages().iter() {
        let (width, height) = page.render_dimensions();
        let (width, height) = (f64::from(width), f64::from(height));
        let initial = page.initial_transform(true).to_kurbo();
        let mut context = Context::new(
            initial,
            kurbo::Rect::new(0.0, 0.0, width, height),
            &cache,
            doc.xref(),
            InterpreterSettings::default(),
        );
        let mut collector = Collector {
            metrics: &metrics,
            glyphs: Vec::new(),
        };
        interpret_page(page, &mut context, &mut collector);
        let words = words(&collector.glyphs, width, height);
        let text = join_words(&words);
        out.push(Page {
            width,
            height,
            words,
            text,
        });
    }
    out
}

/// The text of the whole document like `pdftotext -raw`: pages separated by a form feed.
pub fn text_raw(pdf: &Path) -> String {
    join_pages(pages(pdf))
}

/// [`text_raw`] of a PDF held in memory.
pub fn text_raw_of_bytes(pdf: &[u8]) -> String {
    join_pages(pages_of_bytes(pdf))
}

fn join_pages(pages: Vec<Page>) -> String {
    let mut text = String::new();
    for page in pages {
        text.push_str(&page.text);
        text.push('\n');
        text.push('\u{c}');
    }
    text
}

/// The text with all whitespace removed: line breaks and justification spaces are
/// layout, not content.
pub fn text_squeezed(pdf: &Path) -> String {
    squeeze(&text_raw(pdf))
}

/// `text` without whitespace.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The fonts of the document (Type0 fonts with their descendant's descriptor; the
/// descendant CIDFonts themselves are not listed, as in `pdffonts`).
pub fn fonts(pdf: &Path) -> Vec<Font> {
    let doc = load(pdf);
    let mut fonts = Vec::new();
    for object in doc.objects() {
        let Some(dict) = dict_of(object) else {
            continue;
        };
        if !is_name(&dict, b"Type", b"Font") {
            continue;
        }
        let subtype = name_of(&dict, b"Subtype").unwrap_or_default();
        if subtype.starts_with("CIDFontType") {
            continue;
        }
        let name = name_of(&dict, b"BaseFont").unwrap_or_default();
        let descriptor = descriptor_of(&dict);
        let embedded = subtype == "Type3"
            || descriptor.as_ref().is_some_and(|d| {
                d.contains_key(b"FontFile")
                    || d.contains_key(b"FontFile2")
                    || d.contains_key(b"FontFile3")
            });
        let subset = name
            .split_once('+')
            .is_some_and(|(tag, _)| tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()));
        fonts.push(Font {
            unicode: dict.contains_key(b"ToUnicode"),
            name,
            subtype,
            embedded,
            subset,
        });
    }
    fonts
}

fn dict_of(object: Object<'_>) -> Option<Dict<'_>> {
    match object {
        Object::Dict(d) => Some(d),
        Object::Stream(s) => Some(s.dict().clone()),
        _ => None,
    }
}

fn name_of(dict: &Dict<'_>, key: &[u8]) -> Option<String> {
    dict.get::<Name<'_>>(key).map(|n| n.as_str().to_string())
}

fn is_name(dict: &Dict<'_>, key: &[u8], value: &[u8]) -> bool {
    dict.get::<Name<'_>>(key)
        .is_some_and(|n| n.as_str().as_bytes() == value)
}

/// The font descriptor of a font, or of the descendant of a Type0 font.
fn descriptor_of<'a>(font: &Dict<'a>) -> Option<Dict<'a>> {
    if let Some(d) = font.get::<Dict<'_>>(b"FontDescriptor") {
        return Some(d);
    }
    let descendants = font.get::<Array<'_>>(b"DescendantFonts")?;
    let first = descendants.iter::<Dict<'_>>().next()?;
    first.get::<Dict<'_>>(b"FontDescriptor")
}

/// (ascent, descent) in em of every font by its PostScript name (subset tag removed),
/// read as poppler reads them: absolute values below 3 and not 0, else 0.95 and −0.35.
fn font_metrics(doc: &Pdf) -> HashMap<String, (f64, f64)> {
    let mut metrics = HashMap::new();
    for object in doc.objects() {
        let Some(dict) = dict_of(object) else {
            continue;
        };
        if !is_name(&dict, b"Type", b"Font") {
            continue;
        }
        let Some(name) = name_of(&dict, b"BaseFont") else {
            continue;
        };
        let base = match name.split_once('+') {
            Some((tag, rest)) if tag.len() == 6 => rest.to_string(),
            _ => name,
        };
        let mut ascent = 0.95;
        let mut descent = -0.35;
        if let Some(d) = descriptor_of(&dict) {
            if let Some(a) = d.get::<f64>(b"Ascent") {
                let a = (a * 0.001).abs();
                if a != 0.0 && a < 3.0 {
                    ascent = a;
                }
            }
            if let Some(v) = d.get::<f64>(b"Descent") {
                let v = -(v * 0.001).abs();
                if v != 0.0 && v > -3.0 {
                    descent = v;
                }
            }
        }
        metrics.entry(base).or_insert((ascent, descent));
    }
    metrics
}

/// One glyph as drawn: its text, origin and advance end (device space, y down), size.
struct Drawn {
    text: String,
    /// Which font (hayro's cache key of it).
    font: u128,
    /// Writing direction as poppler counts it: 0 left to right, 1 downwards, 2 right to
    /// left, 3 upwards (a landscape page's margin number).
    rot: u8,
    /// Start and end of the advance along the writing direction.
    x: f64,
    end: f64,
    /// The baseline: the coordinate across the writing direction.
    base: f64,
    size: f64,
    /// The origin, for poppler's off-page check.
    origin: Point,
    /// The em box from descent to ascent over the advance, on the page.
    bbox: kurbo::Rect,
}

struct Collector<'m> {
    metrics: &'m HashMap<String, (f64, f64)>,
    glyphs: Vec<Drawn>,
}

impl<'a> Device<'a> for Collector<'_> {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, _: &BezPath, _: Affine, _: &Paint<'a>, _: &PathDrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}

    fn draw_glyph(
        &mut self,
        glyph: &Glyph<'a>,
        transform: Affine,
        glyph_transform: Affine,
        _: &Paint<'a>,
        mode: &GlyphDrawMode,
    ) {
        // Glyph space is 1000 units to the em; `full` maps it to the page, y down.
        let full = transform * glyph_transform;
        let origin = full * Point::ZERO;
        let size = (full * Point::new(0.0, 1000.0) - origin).hypot();
        let text = match glyph.as_unicode() {
            Some(hayro_interpret::hayro_cmap::BfString::Char(c)) => c.to_string(),
            Some(hayro_interpret::hayro_cmap::BfString::String(s)) => s,
            None => String::new(),
        };
        let (advance, (ascent, descent), font) = match glyph {
            Glyph::Outline(g) => {
                let metrics = g
                    .font_data()
                    .and_then(|d| d.postscript_name)
                    .and_then(|n| self.metrics.get(&n).copied())
                    .unwrap_or((0.95, -0.35));
                (
                    f64::from(g.advance_width().unwrap_or(0.0)),
                    metrics,
                    g.font_cache_key(),
                )
            }
            Glyph::Type3(_) => (0.0, (0.95, -0.35), 0),
        };
        let end = full * Point::new(advance, 0.0);
        let direction = full * Point::new(1000.0, 0.0) - origin;
        let rot = if direction.x.abs() >= direction.y.abs() {
            if direction.x >= 0.0 { 0 } else { 2 }
        } else if direction.y > 0.0 {
            1
        } else {
            3
        };
        let along = |p: Point| match rot {
            0 => p.x,
            1 => p.y,
            2 => -p.x,
            _ => -p.y,
        };
        let across = |p: Point| if rot % 2 == 0 { p.y } else { p.x };
        let mut bbox = kurbo::Rect::from_points(origin, origin);
        for corner in [
            Point::new(0.0, descent * 1000.0),
            Point::new(0.0, ascent * 1000.0),
            Point::new(advance, descent * 1000.0),
            Point::new(advance, ascent * 1000.0),
        ] {
            bbox = bbox.union_pt(full * corner);
        }
        let drawn = Drawn {
            font,
            text,
            rot,
            x: along(origin),
            end: along(end),
            base: across(origin),
            size,
            origin,
            bbox,
        };
        // Fill-and-stroke text (Typst's synthetic bold) comes as a fill and a stroke of
        // the same glyph: one character, as poppler sees it.
        if matches!(mode, GlyphDrawMode::Stroke(_))
            && self
                .glyphs
                .last()
                .is_some_and(|last| last.text == drawn.text && last.origin == drawn.origin)
        {
            return;
        }
        self.glyphs.push(drawn);
    }
}

/// A word being built: the word, and what poppler keeps beside it.
struct Open {
    word: Word,
    rot: u8,
    /// Start and end along the writing direction.
    start: f64,
    end: f64,
    base: f64,
    size: f64,
    font: u128,
    chars: usize,
    /// Index of its first and last glyph in drawing order.
    first: usize,
    last: usize,
    /// Origin of its last glyph.
    edge: f64,
    /// It began on a glyph drawn over the previous one (poppler's duplicate check).
    over: bool,
}

/// Group glyphs into words by poppler's rules (see the module's comment), then join
/// the words of a line as poppler's TextLine::coalesce does.
fn words(glyphs: &[Drawn], width: f64, height: f64) -> Vec<Word> {
    let mut done: Vec<Open> = Vec::new();
    let mut open: Option<Open> = None;
    // The previous glyph was drawn over the one before it: it stays a word of its own.
    let mut last_over = false;
    for (i, g) in glyphs.iter().enumerate() {
        // Off the page: poppler drops it.
        if g.bbox.x1 < 0.0 || g.origin.x > width || g.bbox.y1 < 0.0 || g.origin.y > height {
            continue;
        }
        if g.text.is_empty() || g.text.chars().all(char::is_whitespace) {
            done.extend(open.take());
            continue;
        }
        let mut over = false;
        if let Some(o) = &open {
            let gap = g.x - o.end;
            over = (g.x - o.edge).abs() < 0.1 * o.size && (g.base - o.base).abs() < 0.2 * o.size;
            if over
                || last_over
                || g.rot != o.rot
                || gap < -0.2 * o.size
                || gap > 0.1 * o.size
                || (g.base - o.base).abs() > 0.5
                || g.size != o.size
            {
                done.extend(open.take());
            }
        }
        last_over = over;
        match &mut open {
            Some(o) => {
                o.end = o.end.max(g.end);
                o.word.x0 = o.word.x0.min(g.bbox.x0);
                o.word.y0 = o.word.y0.min(g.bbox.y0);
                o.word.x1 = o.word.x1.max(g.bbox.x1);
                o.word.y1 = o.word.y1.max(g.bbox.y1);
                o.word.text.push_str(&g.text);
                o.chars += g.text.chars().count();
                o.last = i;
                o.edge = g.x;
            }
            None => {
                open = Some(Open {
                    word: Word {
                        x0: g.bbox.x0,
                        y0: g.bbox.y0,
                        x1: g.bbox.x1,
                        y1: g.bbox.y1,
                        text: g.text.clone(),
                    },
                    rot: g.rot,
                    start: g.x,
                    end: g.end,
                    base: g.base,
                    size: g.size,
                    font: g.font,
                    chars: g.text.chars().count(),
                    first: i,
                    last: i,
                    edge: g.x,
                    over,
                });
            }
        }
    }
    done.extend(open);
    coalesce(done)
}

/// poppler's TextLine::coalesce on lines of words (words following each other in the
/// content stream on one baseline): a word joins the previous one when nothing was
/// drawn between them, it does not start on a glyph drawn over the previous one, the
/// font is the same, the size within 5 %, and the gap between −0.5 em and 0.03 em (or, on a line of single characters, below 1.3 times its smallest gap and
/// 0.4 em).
fn coalesce(words: Vec<Open>) -> Vec<Word> {
    let mut lines: Vec<Vec<Open>> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some(line) if line[0].rot == w.rot && (line[0].base - w.base).abs() <= 0.5 => {
                line.push(w)
            }
            _ => lines.push(vec![w]),
        }
    }
    let mut out = Vec::new();
    for line in lines {
        let size = line[0].size;
        let mut by_x: Vec<&Open> = line.iter().collect();
        by_x.sort_by(|a, b| a.start.total_cmp(&b.start));
        let single = by_x.len() > 1 && by_x.iter().all(|w| w.chars == 1);
        let min_gap = by_x
            .windows(2)
            .map(|p| p[1].start - p[0].end)
            .fold(f64::INFINITY, f64::min);
        let space = if single && min_gap > 0.0 {
            (1.3 * min_gap).min(0.4 * size)
        } else {
            0.03 * size
        };
        let mut merged: Vec<Open> = Vec::new();
        for w in line {
            if let Some(prev) = merged.last_mut()
                && !w.over
                && w.first == prev.last + 1
                && w.font == prev.font
                && (w.size - prev.size).abs() < 0.05 * size
                && w.start - prev.end < space
                // poppler's lines take no word that starts more than half an em back
                // (minCharSpacing; exactly half an em, a trimmed bracket, still joins).
                && w.start - prev.end >= -0.5 * size - 0.01
            {
                prev.end = prev.end.max(w.end);
                prev.word.x1 = prev.word.x1.max(w.word.x1);
                prev.word.x0 = prev.word.x0.min(w.word.x0);
                prev.word.y0 = prev.word.y0.min(w.word.y0);
                prev.word.y1 = prev.word.y1.max(w.word.y1);
                prev.word.text.push_str(&w.word.text);
                prev.chars += w.chars;
                prev.last = w.last;
                continue;
            }
            merged.push(w);
        }
        out.extend(merged.into_iter().map(|o| o.word));
    }
    out
}

/// Words of a page joined as `pdftotext -raw` does.
fn join_words(words: &[Word]) -> String {
    let mut text = String::new();
    let mut last: Option<&Word> = None;
    for w in words {
        if let Some(prev) = last {
            let same_line = (w.y1 - prev.y1).abs() < 0.5 * (prev.y1 - prev.y0).max(1.0)
                && w.x0 >= prev.x1 - 0.5;
            text.push(if same_line { ' ' } else { '\n' });
        }
        text.push_str(&w.text);
        last = Some(w);
    }
    text
}
