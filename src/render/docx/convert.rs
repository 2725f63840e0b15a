//! Typst's HTML tree of a document → the blocks of a Word body.
//!
//! The house style's `data-style` hints name the paragraph style of each block (see the
//! Word section at the end of `templates/house.typ`); elements without hints map by
//! their HTML meaning (`p`, `h2`…, `table`, `strong`, `sup`, `br`). Charts arrive as
//! laid-out frames and become images.

use typst::layout::Frame;
use typst_html::{HtmlElement, HtmlNode};

/// A paragraph style of the Word file (the ids are in `write::STYLES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Body,
    Flush,
    Note,
    Title,
    Subtitle,
    Heading1,
    Heading2,
    Heading3,
    RedMark,
    RedNumber,
    SignAuthority,
    SignDate,
    Attachment,
    AttachmentNext,
    AnnexMark,
    AnnexTitle,
    Colophon,
    ColophonLast,
    Table,
    TableHead,
    Figure,
}

#[derive(Debug, Clone, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub bad: bool,
    pub underline: bool,
    pub sup: bool,
    /// A line break (`text` is empty).
    pub br: bool,
    /// A tab (`text` is empty).
    pub tab: bool,
    /// A run-in lead (“（一）……。”): set in [`Body::run_in_font`] unless bold.
    pub run_in: bool,
}

#[derive(Debug, Clone)]
pub struct Para {
    pub style: Style,
    pub runs: Vec<Run>,
    pub page_break_before: bool,
    /// Left-aligned cell text (tables only).
    pub left: bool,
    /// Extra right indent in characters (the signature line is centred on the date).
    pub right_chars: Option<u32>,
    /// Ends a section: the page of the section it ends.
    pub section_end: Option<Section>,
    /// Stays on the page of the block after it (a sticky block of the house style).
    pub keep_next: bool,
    /// An empty paragraph as high as the house's paragraph spacing (between two tables,
    /// which Word would otherwise join into one).
    pub spacer: bool,
    /// Index into [`Body::images`] when this paragraph holds a chart.
    pub image: Option<usize>,
    /// Rules above and below, in eighths of a point (0: none).
    pub border_top: u32,
    pub border_bottom: u32,
}

impl Para {
    fn new(style: Style) -> Self {
        Para {
            style,
            runs: Vec::new(),
            page_break_before: false,
            left: false,
            right_chars: None,
            section_end: None,
            keep_next: false,
            spacer: false,
            image: None,
            border_top: 0,
            border_bottom: 0,
        }
    }

    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub paras: Vec<Para>,
    pub colspan: usize,
    pub rowspan: usize,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Bordered data table (false: a borderless arrangement such as the 领导小组 list).
    pub ruled: bool,
    /// Relative column widths, or empty for equal columns.
    pub widths: Vec<ColumnWidth>,
    pub header_rows: usize,
    pub rows: Vec<Vec<Cell>>,
    /// Font size in half points.
    pub size: u32,
    /// The section it is in (its type area's width).
    pub section: Section,
}

#[derive(Debug, Clone, Copy)]
pub enum ColumnWidth {
    /// Fixed, in points.
    Fixed(f64),
    /// Fixed, in ems of the table's text.
    Em(f64),
    /// A share of the rest.
    Fraction(f64),
}

#[derive(Debug, Clone)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// The page of a section: its orientation and margins (top, right, bottom, left, in
/// points) as the house style's `set page` gives them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Section {
    pub landscape: bool,
    pub margin: Option<[f64; 4]>,
}

/// What the house style says about the page and the type (the `document` hint, read
/// from the PDF's own `set page`/`set text`/`set par` rules and style variables). `None`
/// where an overriding `house.typ` gives no hint: the writer then uses GB/T 9704.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// Paper width and height in points (portrait).
    pub paper: Option<(f64, f64)>,
    /// Body text size, paragraph leading, tracking and first-line indent, in points.
    pub size: Option<f64>,
    pub leading: Option<f64>,
    pub tracking: Option<f64>,
    pub indent: Option<f64>,
    pub title_size: Option<f64>,
    pub page_size: Option<f64>,
    pub table_size: Option<f64>,
    /// Font families (Typst's lists, first wins) of each role.
    pub fonts: SetupFonts,
}

#[derive(Debug, Clone, Default)]
pub struct SetupFonts {
    pub body: Option<Vec<String>>,
    pub title: Option<Vec<String>>,
    pub h1: Option<Vec<String>>,
    pub h2: Option<Vec<String>>,
    pub h3: Option<Vec<String>>,
    pub hei: Option<Vec<String>>,
    pub kai: Option<Vec<String>>,
    pub page: Option<Vec<String>>,
}

/// A Word body: blocks, the page of its last section, and the chart frames.
pub struct Body {
    pub blocks: Vec<Block>,
    /// The page of the last section.
    pub last_section: Section,
    pub images: Vec<Frame>,
    pub setup: Setup,
    /// The font families of run-in leads (the house's `open-bracket-full` hint).
    pub run_in_font: Option<Vec<String>>,
}

/// Inline formatting in force.
#[derive(Clone, Copy, Default)]
struct Format {
    bold: bool,
    italic: bool,
    bad: bool,
    underline: bool,
    sup: bool,
}

struct Converter {
    body: Body,
    section: Section,
    /// Inside a sticky block: paragraphs keep with the next block.
    keep: bool,
    /// Inside a run-in lead.
    run_in: bool,
    /// The paragraph being filled by inline content.
    open: Option<Para>,
    /// Whether anything has been written (a title later on starts a new page).
    started: bool,
    /// The annex mark just written: its title stays on the same page.
    after_annex_mark: bool,
    /// The next block starts a new page.
    break_next: bool,
}

pub fn convert(root: &HtmlElement) -> Body {
    let mut c = Converter {
        body: Body {
            blocks: Vec::new(),
            last_section: Section {
                landscape: false,
                margin: None,
            },
            images: Vec::new(),
            setup: Setup::default(),
            run_in_font: None,
        },
        section: Section {
            landscape: false,
            margin: None,
        },
        keep: false,
        run_in: false,
        open: None,
        started: false,
        after_annex_mark: false,
        break_next: false,
    };
    if let Some(doc) = find_document(root) {
        c.section = Section {
            landscape: attr(doc, "data-landscape") == Some("1"),
            margin: attr(doc, "data-margin").and_then(parse_margin),
        };
        c.body.setup = parse_setup(doc);
    }
    c.children(&root.children, Style::Body, Format::default());
    c.close();
    c.body.last_section = c.section;
    c.body
}

/// A length in points as the house hints print it (`"37.5"`); empty when unknown.
fn points(value: Option<&str>) -> Option<f64> {
    value
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && (0.0..=10_000.0).contains(&v.abs()))
}

/// Four margins, top right bottom left, in points.
fn parse_margin(value: &str) -> Option<[f64; 4]> {
    let sides: Vec<f64> = value
        .split_whitespace()
        .filter_map(|v| points(Some(v)))
        .filter(|v| *v >= 0.0)
        .collect();
    <[f64; 4]>::try_from(sides).ok()
}

fn families(value: Option<&str>) -> Option<Vec<String>> {
    let list: Vec<String> = value?
        .split('|')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    (!list.is_empty()).then_some(list)
}

fn parse_setup(doc: &HtmlElement) -> Setup {
    let at = |name: &str| points(attr(doc, name));
    let font = |name: &str| families(attr(doc, name));
    let paper = attr(doc, "data-paper").and_then(|p| {
        let mut it = p.split_whitespace().filter_map(|v| points(Some(v)));
        let (w, h) = (it.next()?, it.next()?);
        (w > 0.0 && h > 0.0).then(|| (w.min(h), w.max(h)))
    });
    Setup {
        paper,
        size: at("data-size").filter(|v| *v > 0.0),
        leading: at("data-leading"),
        tracking: at("data-tracking"),
        indent: at("data-indent"),
        title_size: at("data-size-title").filter(|v| *v > 0.0),
        page_size: at("data-size-page").filter(|v| *v > 0.0),
        table_size: at("data-size-table").filter(|v| *v > 0.0),
        fonts: SetupFonts {
            body: font("data-font-body"),
            title: font("data-font-title"),
            h1: font("data-font-h1"),
            h2: font("data-font-h2"),
            h3: font("data-font-h3"),
            hei: font("data-font-hei"),
            kai: font("data-font-kai"),
            page: font("data-font-page"),
        },
    }
}

fn find_document(el: &HtmlElement) -> Option<&HtmlElement> {
    if attr(el, "data-style") == Some("document") {
        return Some(el);
    }
    el.children.iter().find_map(|n| match n {
        HtmlNode::Element(e) => find_document(e),
        _ => None,
    })
}

fn attr<'a>(el: &'a HtmlElement, name: &str) -> Option<&'a str> {
    el.attrs
        .0
        .iter()
        .find(|(k, _)| k.resolve().as_str() == name)
        .map(|(_, v)| v.as_str())
}

fn tag(el: &HtmlElement) -> String {
    el.tag.resolve().as_str().to_string()
}

fn style_of_hint(hint: &str) -> Option<Style> {
    Some(match hint {
        "title" => Style::Title,
        "subtitle" => Style::Subtitle,
        "addressee" | "flush" => Style::Flush,
        "note" => Style::Note,
        "h1" => Style::Heading1,
        "h2" => Style::Heading2,
        "h3" | "h4" | "h5" | "h6" => Style::Heading3,
        "red-mark" => Style::RedMark,
        "red-number" => Style::RedNumber,
        "sign-authority" => Style::SignAuthority,
        "sign-date" => Style::SignDate,
        "attachment" => Style::Attachment,
        "attachment-next" => Style::AttachmentNext,
        "annex-mark" => Style::AnnexMark,
        "annex-title" => Style::AnnexTitle,
        "colophon-copy" | "colophon-printer" => Style::Colophon,
        "colophon-printed" => Style::ColophonLast,
        _ => return None,
    })
}

impl Converter {
    fn children(&mut self, nodes: &[HtmlNode], style: Style, fmt: Format) {
        for node in nodes {
            self.node(node, style, fmt);
        }
    }

    fn node(&mut self, node: &HtmlNode, style: Style, fmt: Format) {
        match node {
            HtmlNode::Tag(_) => {}
            HtmlNode::Text(text, _) => self.text(text, style, fmt),
            HtmlNode::Frame(frame) => {
                self.close();
                let mut para = Para::new(Style::Figure);
                para.image = Some(self.body.images.len());
                self.body.images.push(frame.inner.clone());
                self.push_para(para);
            }
            HtmlNode::Element(el) => self.element(el, style, fmt),
        }
    }

    fn element(&mut self, el: &HtmlElement, style: Style, fmt: Format) {
        let name = tag(el);
        if let Some(hint) = attr(el, "data-style") {
            match hint {
                "bad" => {
                    let fmt = Format { bad: true, ..fmt };
                    return self.children(&el.children, style, fmt);
                }
                "run-in" => {
                    if self.body.run_in_font.is_none() {
                        self.body.run_in_font = families(attr(el, "data-font"));
                    }
                    let saved = std::mem::replace(&mut self.run_in, true);
                    self.children(&el.children, style, fmt);
                    self.run_in = saved;
                    return;
                }
                "keep" => {
                    let saved = std::mem::replace(&mut self.keep, true);
                    self.children(&el.children, style, fmt);
                    self.close();
                    self.keep = saved;
                    return;
                }
                "table" | "grid" => {
                    self.close();
                    return self.table(el, hint == "table");
                }
                "annex" => {
                    self.close();
                    let section = Section {
                        landscape: attr(el, "data-landscape") == Some("1"),
                        margin: attr(el, "data-margin").and_then(parse_margin),
                    };
                    if section != self.section {
                        self.section_break();
                        self.section = section;
                    } else if self.started {
                        self.break_next = true;
                    }
                    return self.children(&el.children, style, fmt);
                }
                "signature" => {
                    self.close();
                    let texts: Vec<String> = el
                        .children
                        .iter()
                        .filter_map(|n| match n {
                            HtmlNode::Element(e) => Some(plain_text(e)),
                            _ => None,
                        })
                        .collect();
                    let start = self.body.blocks.len();
                    self.children(&el.children, style, fmt);
                    // The authority is centred over the date, which ends 4 characters in.
                    if let [authority, date] = texts.as_slice() {
                        let shift = width_chars(date).saturating_sub(width_chars(authority)) / 2;
                        if let Some(Block::Para(p)) = self.body.blocks.get_mut(start) {
                            p.right_chars = Some(4 + shift);
                        }
                    }
                    return;
                }
                "red-header" => {
                    // The 红头 and the notice under it share the first page.
                    self.children(&el.children, style, fmt);
                    self.close();
                    self.started = false;
                    return;
                }
                "colophon" => {
                    self.close();
                    let start = self.body.blocks.len();
                    self.children(&el.children, style, fmt);
                    self.close();
                    self.finish_colophon(start);
                    return;
                }
                _ => {}
            }
            if let Some(s) = style_of_hint(hint) {
                self.close();
                let after_subtitle = matches!(
                    self.body.blocks.last(),
                    Some(Block::Para(p)) if p.style == Style::Subtitle
                );
                if s == Style::Title && self.started && !self.after_annex_mark && !after_subtitle {
                    // A second title (the plan after its notice) starts a new page; a
                    // title under its motto (the report's 报告主题) stays on page 1.
                    self.break_next = true;
                }
                self.children(&el.children, s, fmt);
                self.close();
                self.after_annex_mark = s == Style::AnnexMark;
                return;
            }
            // Containers (document, red-header, attachments, colophon, chart, cell).
            return self.children(&el.children, style, fmt);
        }
        match name.as_str() {
            "p" => {
                self.close();
                self.children(&el.children, style, fmt);
                self.close();
            }
            "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close();
                let s = match name.as_str() {
                    "h2" => Style::Heading1,
                    "h3" => Style::Heading2,
                    _ => Style::Heading3,
                };
                self.children(&el.children, s, fmt);
                self.close();
            }
            "table" => {
                self.close();
                self.table(el, true);
            }
            "br" => {
                self.para(style).runs.push(Run {
                    br: true,
                    ..Run::default()
                });
            }
            "strong" | "b" => {
                let fmt = Format { bold: true, ..fmt };
                self.children(&el.children, style, fmt);
            }
            "em" | "i" => {
                let fmt = Format {
                    italic: true,
                    ..fmt
                };
                self.children(&el.children, style, fmt);
            }
            "sup" => {
                let fmt = Format { sup: true, ..fmt };
                self.children(&el.children, style, fmt);
            }
            "span" => {
                let underline = el.css.to_inline().to_string().contains("underline");
                let fmt = Format {
                    underline: fmt.underline || underline,
                    ..fmt
                };
                self.children(&el.children, style, fmt);
            }
            // The HTML head holds the document title, which is metadata.
            "head" => {}
            _ => self.children(&el.children, style, fmt),
        }
    }

    fn text(&mut self, text: &str, style: Style, fmt: Format) {
        // Whitespace between blocks is not content.
        if self.open.is_none() && text.trim().is_empty() {
            return;
        }
        let run_in = self.run_in;
        let para = self.para(style);
        if let Some(last) = para.runs.last_mut()
            && !last.br
            && last.run_in == run_in
            && last.bold == fmt.bold
            && last.italic == fmt.italic
            && last.bad == fmt.bad
            && last.underline == fmt.underline
            && last.sup == fmt.sup
        {
            last.text.push_str(text);
            return;
        }
        para.runs.push(Run {
            text: text.to_string(),
            bold: fmt.bold,
            italic: fmt.italic,
            bad: fmt.bad,
            underline: fmt.underline,
            sup: fmt.sup,
            br: false,
            tab: false,
            run_in,
        });
    }

    fn para(&mut self, style: Style) -> &mut Para {
        if self.open.as_ref().is_some_and(|p| p.style != style) {
            self.close();
        }
        self.open.get_or_insert_with(|| Para::new(style))
    }

    fn close(&mut self) {
        if let Some(mut para) = self.open.take() {
            // Trim the spaces markup layout leaves at the ends of a paragraph.
            if let Some(first) = para.runs.first_mut() {
                first.text = first.text.trim_start().to_string();
            }
            if let Some(last) = para.runs.last_mut() {
                last.text = last.text.trim_end().to_string();
            }
            para.runs.retain(|r| r.br || !r.text.is_empty());
            if !para.runs.is_empty() {
                self.push_para(para);
            }
        }
    }

    fn push_para(&mut self, mut para: Para) {
        if std::mem::take(&mut self.break_next) {
            para.page_break_before = true;
        }
        para.keep_next |= self.keep;
        self.after_annex_mark = false;
        self.started = true;
        self.body.blocks.push(Block::Para(para));
    }

    /// The 版记: the 印发 date joins the printer's line (right-aligned at a tab), thick
    /// rules above and below, thin ones between.
    fn finish_colophon(&mut self, start: usize) {
        let mut paras: Vec<Para> = self
            .body
            .blocks
            .drain(start.min(self.body.blocks.len())..)
            .filter_map(|b| match b {
                Block::Para(p) => Some(p),
                Block::Table(_) => None,
            })
            .collect();
        if paras.len() >= 2
            && let Some(printed) = paras.pop()
            && let Some(printer) = paras.last_mut()
        {
            printer.runs.push(Run {
                tab: true,
                ..Run::default()
            });
            printer.runs.extend(printed.runs);
        }
        let count = paras.len();
        for (i, mut p) in paras.into_iter().enumerate() {
            p.style = Style::Colophon;
            p.border_top = if i == 0 { 8 } else { 6 };
            if i + 1 == count {
                p.border_bottom = 8;
            }
            self.body.blocks.push(Block::Para(p));
        }
    }

    /// End the current section (the next block starts a new page in the other
    /// orientation).
    fn section_break(&mut self) {
        self.break_next = false;
        if let Some(Block::Para(p)) = self.body.blocks.last_mut()
            && p.section_end.is_none()
        {
            p.section_end = Some(self.section);
            return;
        }
        let mut p = Para::new(Style::Flush);
        p.section_end = Some(self.section);
        self.body.blocks.push(Block::Para(p));
    }

    fn table(&mut self, el: &HtmlElement, ruled: bool) {
        // Tables are set in 小四 (the house style's table rule wins over any size around
        // them); a borderless grid is body text.
        let given = attr(el, "data-size")
            .and_then(|s| s.strip_suffix("pt"))
            .and_then(|s| s.parse::<f64>().ok())
            .map(|pt| (pt * 2.0).round() as u32);
        let house = |pt: Option<f64>, default: u32| {
            pt.map(|pt| (pt * 2.0).round() as u32)
                .unwrap_or(default)
                .clamp(10, 144)
        };
        let table_size = house(self.body.setup.table_size, 24);
        let body_size = house(self.body.setup.size, 32);
        let size = if ruled {
            // A table the template sets smaller (the 详表's 9pt) keeps its size.
            given
                .filter(|&half_points| half_points < table_size)
                .unwrap_or(table_size)
                .clamp(14.min(table_size), table_size)
        } else {
            given.unwrap_or(body_size).clamp(14, 144)
        };
        let mut table = Table {
            ruled,
            widths: attr(el, "data-widths")
                .map(parse_widths)
                .unwrap_or_default(),
            header_rows: 0,
            rows: Vec::new(),
            size,
            section: self.section,
        };
        let lefts = attr(el, "data-align").map(parse_lefts).unwrap_or_default();
        if ruled {
            if let Some(inner) = find_tag(el, "table") {
                self.ruled_rows(inner, &mut table, &lefts);
            }
        } else {
            let columns = attr(el, "data-columns")
                .and_then(|c| c.parse::<usize>().ok())
                .unwrap_or(1)
                .max(1);
            let cells: Vec<Cell> = el
                .children
                .iter()
                .filter_map(|n| match n {
                    HtmlNode::Element(e) => Some(self.cell(e, Style::Flush, false)),
                    _ => None,
                })
                .collect();
            for chunk in cells.chunks(columns) {
                let mut row = chunk.to_vec();
                while row.len() < columns {
                    row.push(empty_cell());
                }
                table.rows.push(row);
            }
        }
        if !table.rows.is_empty() {
            self.push_table(table);
        }
    }

    fn push_table(&mut self, table: Table) {
        if std::mem::take(&mut self.break_next) {
            let mut p = Para::new(Style::Flush);
            p.page_break_before = true;
            p.runs.push(Run::default());
            self.body.blocks.push(Block::Para(p));
        } else if matches!(self.body.blocks.last(), Some(Block::Table(_))) {
            // Two tables in a row are one table to Word: keep them apart as the PDF
            // does, by the house's paragraph spacing.
            let mut p = Para::new(Style::Flush);
            p.spacer = true;
            p.keep_next = self.keep;
            self.body.blocks.push(Block::Para(p));
        }
        self.started = true;
        self.after_annex_mark = false;
        self.body.blocks.push(Block::Table(table));
    }

    fn ruled_rows(&mut self, table_el: &HtmlElement, table: &mut Table, lefts: &[bool]) {
        // For each grid column, how many more rows a cell from above still covers: a row
        // under a merged cell has fewer cells, and its first one is in the next column.
        let mut covered: Vec<usize> = Vec::new();
        for section in elements(table_el) {
            let section_tag = tag(section);
            let rows: Vec<&HtmlElement> = if section_tag == "tr" {
                vec![section]
            } else {
                elements(section).filter(|e| tag(e) == "tr").collect()
            };
            for tr in rows {
                let head = section_tag == "thead";
                let mut row = Vec::new();
                let mut x = 0usize;
                for td in elements(tr) {
                    while covered.get(x).copied().unwrap_or(0) > 0 {
                        x += 1;
                    }
                    let style = if head { Style::TableHead } else { Style::Table };
                    let left = !head && lefts.get(x).copied().unwrap_or(false);
                    let mut cell = self.cell(td, style, left);
                    cell.colspan = span_attr(td, "colspan");
                    cell.rowspan = span_attr(td, "rowspan");
                    if covered.len() < x + cell.colspan {
                        covered.resize(x + cell.colspan, 0);
                    }
                    for c in covered.iter_mut().skip(x).take(cell.colspan) {
                        *c = cell.rowspan;
                    }
                    x += cell.colspan;
                    row.push(cell);
                }
                for c in covered.iter_mut() {
                    *c = c.saturating_sub(1);
                }
                if head {
                    table.header_rows += 1;
                }
                table.rows.push(row);
            }
        }
    }

    /// A cell's paragraphs, converted apart from the body.
    fn cell(&mut self, el: &HtmlElement, style: Style, left: bool) -> Cell {
        let saved_blocks = std::mem::take(&mut self.body.blocks);
        let saved_open = self.open.take();
        let saved_flags = (self.started, self.after_annex_mark, self.break_next);
        // A sticky block around a table keeps the block before it with the table, not
        // each row with the next.
        let saved_keep = std::mem::replace(&mut self.keep, false);
        self.children(&el.children, style, Format::default());
        self.close();
        self.keep = saved_keep;
        let blocks = std::mem::replace(&mut self.body.blocks, saved_blocks);
        self.open = saved_open;
        (self.started, self.after_annex_mark, self.break_next) = saved_flags;
        let mut paras: Vec<Para> = blocks
            .into_iter()
            .map(|b| match b {
                Block::Para(mut p) => {
                    if matches!(p.style, Style::Body | Style::Flush) {
                        p.style = style;
                    }
                    p.left = left;
                    p.page_break_before = false;
                    p
                }
                // Nested tables do not occur in our templates; their text is kept.
                Block::Table(t) => {
                    let mut p = Para::new(style);
                    p.runs.push(Run {
                        text: t
                            .rows
                            .iter()
                            .flatten()
                            .flat_map(|c| c.paras.iter().map(Para::text))
                            .collect::<Vec<_>>()
                            .join(" "),
                        ..Run::default()
                    });
                    p
                }
            })
            .collect();
        if paras.is_empty() {
            paras.push(Para::new(style));
        }
        Cell {
            paras,
            colspan: 1,
            rowspan: 1,
        }
    }
}

fn empty_cell() -> Cell {
    Cell {
        paras: vec![Para::new(Style::Flush)],
        colspan: 1,
        rowspan: 1,
    }
}

fn elements(el: &HtmlElement) -> impl Iterator<Item = &HtmlElement> {
    el.children.iter().filter_map(|n| match n {
        HtmlNode::Element(e) => Some(e),
        _ => None,
    })
}

fn find_tag<'a>(el: &'a HtmlElement, name: &str) -> Option<&'a HtmlElement> {
    if tag(el) == name {
        return Some(el);
    }
    elements(el).find_map(|e| find_tag(e, name))
}

fn span_attr(el: &HtmlElement, name: &str) -> usize {
    attr(el, name)
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 1000)
}

fn plain_text(el: &HtmlElement) -> String {
    let mut out = String::new();
    for n in &el.children {
        match n {
            HtmlNode::Text(t, _) => out.push_str(t),
            HtmlNode::Element(e) => out.push_str(&plain_text(e)),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Width in full-width characters (ASCII counts half).
fn width_chars(text: &str) -> u32 {
    let halves: u32 = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    halves.div_ceil(2)
}

/// Typst's `repr` of a table's `columns`: `(1fr, 3.4em, 6em, auto)` or a count.
fn parse_widths(repr: &str) -> Vec<ColumnWidth> {
    let inner = repr.trim().trim_start_matches('(').trim_end_matches(')');
    if let Ok(n) = inner.trim().parse::<usize>() {
        return vec![ColumnWidth::Fraction(1.0); n.min(64)];
    }
    inner
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .take(64)
        .map(|s| {
            // Relative lengths print as `0% + 4em`.
            let s = s.rsplit('+').next().unwrap_or(s).trim();
            let number = |suffix: &str| {
                s.strip_suffix(suffix)
                    .and_then(|n| n.trim().parse::<f64>().ok())
            };
            if let Some(fr) = number("fr") {
                ColumnWidth::Fraction(fr)
            } else if let Some(em) = number("em") {
                ColumnWidth::Em(em)
            } else if let Some(pt) = number("pt") {
                ColumnWidth::Fixed(pt)
            } else if let Some(mm) = number("mm") {
                ColumnWidth::Fixed(mm * 72.0 / 25.4)
            } else {
                ColumnWidth::Fraction(1.0)
            }
        })
        .collect()
}

/// Typst's `repr` of a table's `align`: which columns are left-aligned.
fn parse_lefts(repr: &str) -> Vec<bool> {
    let inner = repr.trim();
    if !inner.starts_with('(') {
        return Vec::new();
    }
    inner
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split(',')
        .map(|s| s.contains("left"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_widths_parse_from_typst_repr() {
        let w = parse_widths("(1fr, 0% + 3.4em, 12pt, auto)");
        assert_eq!(w.len(), 4);
        assert!(matches!(w.first(), Some(ColumnWidth::Fraction(f)) if (*f - 1.0).abs() < 1e-9));
        assert!(matches!(w.get(1), Some(ColumnWidth::Em(f)) if (*f - 3.4).abs() < 1e-9));
        assert!(matches!(w.get(2), Some(ColumnWidth::Fixed(f)) if (*f - 12.0).abs() < 1e-9));
        assert_eq!(parse_widths("3").len(), 3);
    }

    #[test]
    fn left_columns_parse_from_typst_repr() {
        assert_eq!(
            parse_lefts("(left + horizon, center + horizon)"),
            vec![true, false]
        );
        assert!(parse_lefts("center + horizon").is_empty());
    }

    #[test]
    fn signature_width_counts_ascii_as_half() {
        assert_eq!(width_chars("2026年3月16日"), 7);
        assert_eq!(width_chars("教育局"), 3);
    }
}
