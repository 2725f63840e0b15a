//! Reading a bureau's narrative from a .docx: headings, paragraphs with bold and italic
//! runs, numbered and bulleted lists, tables (merged cells included) and PNG/JPEG
//! pictures. What the documents cannot carry (comments, tracked changes still pending,
//! text boxes, fields, footnotes, formulas, embedded objects) is named in a note with
//! its paragraph, never dropped in silence.
//!
//! A .docx is as hostile as a workbook: the file, the number of zip entries, each part's
//! unpacked size (checked against the directory, then enforced while inflating, since a
//! directory can lie) and the XML nesting are bounded; relationships marked external
//! (linked pictures, hyperlinks) are never followed; a part's path never leaves the zip.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use super::xml::{self, Node};
use super::{Block, Cell, Inline};

/// What one .docx may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The file itself.
    pub file_bytes: u64,
    /// Entries in the zip directory.
    pub entries: usize,
    /// Unpacked size of one XML part.
    pub part_bytes: u64,
    /// Unpacked size of one picture.
    pub image_bytes: u64,
    /// Pictures in one file.
    pub images: usize,
    /// Pixels of one picture (a decoded picture costs 4 bytes a pixel).
    pub image_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: 64 * 1024 * 1024,
            entries: 5_000,
            part_bytes: 32 * 1024 * 1024,
            image_bytes: 20 * 1024 * 1024,
            images: 100,
            image_pixels: 40_000_000,
        }
    }
}

/// A picture read from the file, checked to decode.
#[derive(Debug, Clone)]
pub struct Picture {
    /// `png` or `jpg`.
    pub ext: &'static str,
    pub bytes: Vec<u8>,
}

/// Something of the file the documents do not carry (or carry differently), at a
/// paragraph: numbered from 1 over every paragraph of the body, table cells included,
/// as Word's own 字数统计 counts them.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub para: u32,
    /// The paragraph's first characters, to find it by.
    pub snippet: String,
    pub message: String,
}

/// A .docx as read: its blocks in order, the pictures they refer to (by index), the notes.
#[derive(Debug, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    pub pictures: Vec<Picture>,
    pub notes: Vec<Note>,
}

/// Largest picture kept on the page: the type area's width and most of its height.
const MAX_WIDTH_MM: f64 = 156.0;
const MAX_HEIGHT_MM: f64 = 200.0;
/// EMU (English Metric Units) per millimetre.
const EMU_PER_MM: f64 = 36_000.0;

/// Read a .docx from its bytes. Err is the reason the file cannot be read at all.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, String> {
    if bytes.len() as u64 > limits.file_bytes {
        return Err(format!(
            "文件超过 {} MB，不予读取",
            limits.file_bytes / 1024 / 1024
        ));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        "不是 Word 文件（.docx），或文件已损坏：请用 Word/WPS 打开后另存为 .docx".to_string()
    })?;
    if zip.len() > limits.entries {
        return Err(format!(
            "压缩包中的文件超过 {} 个，不予读取",
            limits.entries
        ));
    }
    let document = read_part(&mut zip, "word/document.xml", limits.part_bytes)?
        .ok_or("缺少正文（word/document.xml）：不是 Word 文件")?;
    let parse =
        |name: &str, text: &str| xml::parse(text).map_err(|e| format!("{name} 无法解析：{e}"));
    let root = parse("正文", &document)?;
    let rels = match read_part(&mut zip, "word/_rels/document.xml.rels", limits.part_bytes)? {
        Some(t) => relationships(&parse("关系表", &t)?),
        None => BTreeMap::new(),
    };
    let styles = match read_part(&mut zip, "word/styles.xml", limits.part_bytes)? {
        Some(t) => Styles::of(&parse("样式表", &t)?),
        None => Styles::default(),
    };
    let numbering = match read_part(&mut zip, "word/numbering.xml", limits.part_bytes)? {
        Some(t) => Numbering::of(&parse("编号定义", &t)?),
        None => Numbering::default(),
    };
    let body = root.child("body").ok_or("正文中没有 body 元素")?;
    let mut walker = Walker {
        zip: &mut zip,
        limits,
        rels,
        styles,
        numbering,
        counters: BTreeMap::new(),
        para: 0,
        out: Document::default(),
    };
    walker.blocks(body)?;
    Ok(walker.out)
}

/// The text of a part, or None when the zip has no such entry. The directory's size is
/// checked first and the inflated bytes are counted too.
fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &str,
    limit: u64,
) -> Result<Option<String>, String> {
    let Some(bytes) = read_bytes(zip, path, limit)? else {
        return Ok(None);
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("{path} 不是 UTF-8 文本"))
}

fn read_bytes<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &str,
    limit: u64,
) -> Result<Option<Vec<u8>>, String> {
    let entry = match zip.by_name(path) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{path} 无法读取（{e}）")),
    };
    let too_big = || format!("{path} 解压后超过 {} MB，不予读取", limit / 1024 / 1024);
    if entry.size() > limit {
        return Err(too_big());
    }
    let mut out = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("{path} 无法解压（{e}）"))?;
    if out.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(Some(out))
}

/// Relationship id → (target, external).
fn relationships(root: &Node) -> BTreeMap<String, (String, bool)> {
    root.elements()
        .filter(|n| n.name == "Relationship")
        .filter_map(|n| {
            let id = n.attr("Id")?.to_string();
            let target = n.attr("Target")?.to_string();
            let external = n
                .attr("TargetMode")
                .is_some_and(|m| m.eq_ignore_ascii_case("external"));
            Some((id, (target, external)))
        })
        .collect()
}

/// The zip path of a relationship target of `word/document.xml`, or None when it would
/// leave the package (`..` above the root, a scheme, a drive).
fn part_path(target: &str) -> Option<String> {
    if target.contains(':') || target.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        vec!["word"]
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// What a paragraph style says: its outline level (0 = Heading 1), and whether it is
/// the Title style.
#[derive(Debug, Default)]
struct Styles {
    by_id: BTreeMap<String, StyleInfo>,
}

#[derive(Debug, Default, Clone)]
struct StyleInfo {
    name: String,
    outline: Option<u8>,
    based_on: Option<String>,
}

impl Styles {
    fn of(root: &Node) -> Self {
        let mut by_id = BTreeMap::new();
        for s in root.elements().filter(|n| n.name == "style") {
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            let name = s
                .child("name")
                .and_then(|n| n.attr("val"))
                .unwrap_or("")
                .to_string();
            let outline = s
                .child("pPr")
                .and_then(|p| p.child("outlineLvl"))
                .and_then(|o| o.attr("val"))
                .and_then(|v| v.parse().ok());
            let based_on = s
                .child("basedOn")
                .and_then(|b| b.attr("val"))
                .map(str::to_string);
            by_id.insert(
                id.to_string(),
                StyleInfo {
                    name,
                    outline,
                    based_on,
                },
            );
        }
        Styles { by_id }
    }

    /// The heading level (1-based) of a style, by its name (heading 1, 标题 1) or its
    /// outline level, following `basedOn` a few steps.
    fn heading_level(&self, id: &str) -> Option<u8> {
        let mut current = Some(id.to_string());
        for _ in 0..8 {
            let info = self.by_id.get(current.as_deref()?)?;
            if let Some(level) = heading_of_name(&info.name) {
                return Some(level);
            }
            if let Some(o) = info.outline
                && o < 9
            {
                return Some(o + 1);
            }
            current = info.based_on.clone();
        }
        None
    }

    fn is_title(&self, id: &str) -> bool {
        self.by_id
            .get(id)
            .map(|s| s.name.as_str())
            .is_some_and(|n| n.eq_ignore_ascii_case("title") || n == "标题")
            || id.eq_ignore_ascii_case("title")
    }
}

/// `heading 2`, `Heading 2`, `标题 2` → 2.
fn heading_of_name(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    let digits = rest.trim();
    let level: u8 = digits.parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

/// List definitions: numId → abstract levels (ilvl → format, text, start).
#[derive(Debug, Default)]
struct Numbering {
    nums: BTreeMap<String, Vec<Level>>,
}

#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

impl Numbering {
    fn of(root: &Node) -> Self {
        let mut abstracts: BTreeMap<String, Vec<Level>> = BTreeMap::new();
        for a in root.elements().filter(|n| n.name == "abstractNum") {
            let Some(id) = a.attr("abstractNumId") else {
                continue;
            };
            let mut levels = vec![Level::default(); 9];
            for l in a.elements().filter(|n| n.name == "lvl") {
                let Some(i) = l.attr("ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                let val = |name: &str| l.child(name).and_then(|n| n.attr("val")).unwrap_or("");
                if let Some(slot) = levels.get_mut(i) {
                    *slot = Level {
                        format: val("numFmt").to_string(),
                        text: val("lvlText").to_string(),
                        start: val("start").parse().unwrap_or(1),
                    };
                }
            }
            abstracts.insert(id.to_string(), levels);
        }
        let mut nums = BTreeMap::new();
        for n in root.elements().filter(|n| n.name == "num") {
            let (Some(id), Some(abs)) = (
                n.attr("numId"),
                n.child("abstractNumId").and_then(|a| a.attr("val")),
            ) else {
                continue;
            };
            if let Some(levels) = abstracts.get(abs) {
                nums.insert(id.to_string(), levels.clone());
            }
        }
        Numbering { nums }
    }
}

/// A counter in a list format: decimal, 一二三, 甲乙丙, a b c, i ii iii, ①②③.
fn format_counter(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographDigital"
        | "japaneseCounting"
        | "taiwaneseCounting" => chinese(n),
        "ideographTraditional" => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth(n.saturating_sub(1) as usize % 10)
            .map(String::from)
            .unwrap_or_default(),
        "lowerLetter" | "upperLetter" => {
            let c = char::from(b'a' + (n.saturating_sub(1) % 26) as u8);
            if format == "upperLetter" {
                c.to_ascii_uppercase().to_string()
            } else {
                c.to_string()
            }
        }
        "lowerRoman" | "upperRoman" => {
            let r = roman(n);
            if format == "upperRoman" {
                r.to_uppercase()
            } else {
                r
            }
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        _ => n.to_string(),
    }
}

fn chinese(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let d = |i: u32| DIGITS.get(i as usize).copied().unwrap_or("");
    match n {
        0..=9 => d(n).to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { d(n - 10) }),
        20..=99 => format!(
            "{}十{}",
            d(n / 10),
            if n.is_multiple_of(10) { "" } else { d(n % 10) }
        ),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// The runs of one paragraph, and what it holds besides text.
#[derive(Default)]
struct Collected {
    runs: Vec<Inline>,
    /// (picture index, width mm, height mm).
    pictures: Vec<(usize, f64, f64)>,
    notes: Vec<String>,
    /// Inside a complex field: before its `separate`, the runs are its code.
    field_code: u32,
}

impl Collected {
    fn note(&mut self, message: &str) {
        if !self.notes.iter().any(|n| n == message) {
            self.notes.push(message.to_string());
        }
    }

    fn push(&mut self, text: &str, bold: bool, italic: bool) {
        if text.is_empty() || self.field_code > 0 {
            return;
        }
        if let Some(last) = self.runs.last_mut()
            && last.bold == bold
            && last.italic == italic
        {
            last.text.push_str(text);
            return;
        }
        self.runs.push(Inline {
            text: text.to_string(),
            bold,
            italic,
        });
    }

    fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

const NOTE_COMMENT: &str = "有批注，批注未排入";
const NOTE_INSERTED: &str =
    "有未接受的修订（插入），按接受修订后的文字排入：请在 Word 中接受或拒绝修订";
const NOTE_DELETED: &str = "有未接受的修订（删除），被删除的文字未排入：请在 Word 中接受或拒绝修订";
const NOTE_FORMAT_CHANGE: &str = "有未接受的格式修订，按修订后的格式排入";
const NOTE_TEXT_BOX: &str = "有文本框，其中的文字未排入：请把文字移到正文段落中";
const NOTE_FIELD: &str =
    "有域（页码、目录、引用、日期等），按 Word 中显示的结果排入，不会随文件更新";
const NOTE_FOOTNOTE: &str = "有脚注或尾注，注释未排入";
const NOTE_FORMULA: &str = "有公式，公式未排入";
const NOTE_OBJECT: &str = "有嵌入对象（图表、Excel 表格等），未排入：请另存为图片后插入";
const NOTE_EXTERNAL: &str = "有链接到文件外的图片，未读取：请在 Word 中把图片嵌入文件";
const NOTE_SHAPE: &str = "有图形（形状、艺术字），未排入";

struct Walker<'a, R: Read + std::io::Seek> {
    zip: &'a mut zip::ZipArchive<R>,
    limits: &'a Limits,
    rels: BTreeMap<String, (String, bool)>,
    styles: Styles,
    numbering: Numbering,
    /// numId → the current counter of each level.
    counters: BTreeMap<String, [u32; 9]>,
    para: u32,
    out: Document,
}

impl<R: Read + std::io::Seek> Walker<'_, R> {
    fn note(&mut self, para: u32, snippet: &str, message: &str) {
        self.out.notes.push(Note {
            para,
            snippet: snippet.chars().take(15).collect(),
            message: message.to_string(),
        });
    }

    /// Block-level content of the body (or of a content control in it).
    fn blocks(&mut self, node: &Node) -> Result<(), String> {
        for n in node.elements() {
            match n.name.as_str() {
                "p" => self.paragraph(n)?,
                "tbl" => self.table(n)?,
                "sdt" => {
                    if let Some(content) = n.child("sdtContent") {
                        self.blocks(content)?;
                    }
                }
                "customXml" | "ins" | "moveTo" => self.blocks(n)?,
                "del" | "moveFrom" => {
                    let para = self.para + 1;
                    self.note(para, "", NOTE_DELETED);
                }
                "altChunk" => {
                    let para = self.para + 1;
                    self.note(
                        para,
                        "",
                        "有嵌入的其他文档（altChunk），未排入：请把内容粘贴为正文",
                    );
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn paragraph(&mut self, p: &Node) -> Result<(), String> {
        self.para += 1;
        let para = self.para;
        let mut c = Collected::default();
        let props = p.child("pPr");
        if let Some(props) = props {
            // A pending change of the paragraph mark or of its formatting.
            if props.child("rPr").is_some_and(|r| r.contains("ins")) {
                c.note(NOTE_INSERTED);
            }
            if props.child("rPr").is_some_and(|r| r.contains("del")) {
                c.note(NOTE_DELETED);
            }
            if props.contains("pPrChange") {
                c.note(NOTE_FORMAT_CHANGE);
            }
        }
        self.inline(p, false, false, &mut c)?;
        let text = c.text();
        for message in std::mem::take(&mut c.notes) {
            self.note(para, &text, &message);
        }
        let style = props
            .and_then(|pp| pp.child("pStyle"))
            .and_then(|s| s.attr("val"))
            .unwrap_or("");
        let level = props
            .and_then(|pp| pp.child("outlineLvl"))
            .and_then(|o| o.attr("val"))
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|o| *o < 9)
            .map(|o| o + 1)
            .or_else(|| self.styles.heading_level(style));
        let marker = props
            .and_then(|pp| pp.child("numPr"))
            .and_then(|n| self.marker(n));
        if !text.trim().is_empty() {
            if self.styles.is_title(style) {
                self.note(
                    para,
                    &text,
                    "是“标题”（Title）样式的文件标题，未排入：各文件的标题由程序生成",
                );
            } else if let Some(level) = level {
                let heading = format!("{}{}", marker.unwrap_or_default(), text.trim());
                self.out.blocks.push(Block::Heading {
                    level,
                    text: heading,
                    para,
                });
            } else {
                let mut runs = c.runs;
                if let Some(m) = marker {
                    runs.insert(
                        0,
                        Inline {
                            text: m,
                            bold: false,
                            italic: false,
                        },
                    );
                }
                trim_runs(&mut runs);
                self.out.blocks.push(Block::Para { runs, para });
            }
        }
        for (index, width_mm, height_mm) in c.pictures {
            self.out.blocks.push(Block::Image {
                index,
                width_mm,
                height_mm,
                para,
            });
        }
        Ok(())
    }

    /// The list marker of a paragraph with numbering, advancing its counters.
    fn marker(&mut self, num_pr: &Node) -> Option<String> {
        let id = num_pr.child("numId")?.attr("val")?.to_string();
        let ilvl: usize = num_pr
            .child("ilvl")
            .and_then(|l| l.attr("val"))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
            .min(8);
        let levels = self.numbering.nums.get(&id)?;
        let level = levels.get(ilvl)?.clone();
        let starts: Vec<u32> = levels.iter().map(|l| l.start).collect();
        let counters = self.counters.entry(id.clone()).or_insert_with(|| {
            let mut c = [0u32; 9];
            for (slot, start) in c.iter_mut().zip(&starts) {
                *slot = start.saturating_sub(1);
            }
            c
        });
        if let Some(c) = counters.get_mut(ilvl) {
            *c = c.saturating_add(1);
        }
        // Deeper levels restart.
        for (i, slot) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            *slot = starts.get(i).copied().unwrap_or(1).saturating_sub(1);
        }
        if level.format == "bullet" {
            return Some("● ".to_string());
        }
        if level.format == "none" {
            return None;
        }
        let mut text = level.text.clone();
        for (i, l) in levels.iter().enumerate().take(9) {
            let key = format!("%{}", i + 1);
            if text.contains(&key) {
                let n = counters.get(i).copied().unwrap_or(1).max(1);
                text = text.replace(&key, &format_counter(n, &l.format));
            }
        }
        // Word puts a tab after the number; a Chinese list runs on after 、 or ．.
        let ends_open = text.ends_with(['、', '．', '）', ')']);
        Some(if ends_open { text } else { format!("{text} ") })
    }

    /// The runs under `node` (a paragraph, a hyperlink, an inserted range…).
    fn inline(
        &mut self,
        node: &Node,
        bold: bool,
        italic: bool,
        c: &mut Collected,
    ) -> Result<(), String> {
        for n in node.elements() {
            match n.name.as_str() {
                "r" => self.run(n, bold, italic, c)?,
                "hyperlink" | "smartTag" | "customXml" | "dir" | "bdo" => {
                    self.inline(n, bold, italic, c)?
                }
                "sdt" => {
                    if let Some(content) = n.child("sdtContent") {
                        self.inline(content, bold, italic, c)?;
                    }
                }
                "ins" | "moveTo" => {
                    c.note(NOTE_INSERTED);
                    self.inline(n, bold, italic, c)?;
                }
                "del" | "moveFrom" => c.note(NOTE_DELETED),
                "fldSimple" => {
                    c.note(NOTE_FIELD);
                    self.inline(n, bold, italic, c)?;
                }
                "commentRangeStart" | "commentRangeEnd" => c.note(NOTE_COMMENT),
                "oMath" | "oMathPara" => c.note(NOTE_FORMULA),
                _ => {}
            }
        }
        Ok(())
    }

    fn run(&mut self, r: &Node, bold: bool, italic: bool, c: &mut Collected) -> Result<(), String> {
        let props = r.child("rPr");
        let bold = bold || props.is_some_and(|p| p.on("b"));
        let italic = italic || props.is_some_and(|p| p.on("i"));
        if props.is_some_and(|p| p.contains("rPrChange")) {
            c.note(NOTE_FORMAT_CHANGE);
        }
        for n in r.elements() {
            match n.name.as_str() {
                "t" => c.push(&n.text(), bold, italic),
                "tab" | "ptab" => c.push(" ", bold, italic),
                // A page break is layout; a line break is kept.
                "br" | "cr" if n.attr("type") != Some("page") => c.push("\n", bold, italic),
                "noBreakHyphen" => c.push("-", bold, italic),
                "fldChar" => match n.attr("fldCharType") {
                    Some("begin") => {
                        c.note(NOTE_FIELD);
                        c.field_code += 1;
                    }
                    Some("separate") => c.field_code = c.field_code.saturating_sub(1),
                    _ => {}
                },
                "drawing" => self.drawing(n, c)?,
                "pict" => self.pict(n, c)?,
                "AlternateContent" => {
                    // A text box or shape in its modern form, with a VML fallback: read
                    // the modern one only, so that it is noted once.
                    if let Some(choice) = n.child("Choice") {
                        for d in choice.elements() {
                            match d.name.as_str() {
                                "drawing" => self.drawing(d, c)?,
                                "pict" => self.pict(d, c)?,
                                _ => {}
                            }
                        }
                    }
                }
                "object" | "embeddedObject" => c.note(NOTE_OBJECT),
                "footnoteReference" | "endnoteReference" => c.note(NOTE_FOOTNOTE),
                "commentReference" => c.note(NOTE_COMMENT),
                "sym" => c.note("有符号字体（Symbol/Wingdings）的字符，未排入"),
                _ => {}
            }
        }
        Ok(())
    }

    /// A DrawingML object: a picture, or a text box, shape or chart (noted).
    fn drawing(&mut self, d: &Node, c: &mut Collected) -> Result<(), String> {
        if d.contains("txbx") || d.contains("txbxContent") {
            c.note(NOTE_TEXT_BOX);
            return Ok(());
        }
        let Some(blip) = d.find("blip") else {
            if d.contains("chart") {
                c.note(NOTE_OBJECT);
            } else {
                c.note(NOTE_SHAPE);
            }
            return Ok(());
        };
        let extent = d.find("extent").and_then(|e| {
            let cx: f64 = e.attr("cx")?.parse().ok()?;
            let cy: f64 = e.attr("cy")?.parse().ok()?;
            Some((cx / EMU_PER_MM, cy / EMU_PER_MM))
        });
        match blip.attr("embed") {
            Some(id) => self.picture(id, extent, c),
            None => {
                c.note(NOTE_EXTERNAL);
                Ok(())
            }
        }
    }

    /// A VML object (older Word, WPS): a picture (`v:imagedata`) or a text box.
    fn pict(&mut self, p: &Node, c: &mut Collected) -> Result<(), String> {
        if p.contains("textbox") || p.contains("txbxContent") {
            c.note(NOTE_TEXT_BOX);
            return Ok(());
        }
        match p.find("imagedata").and_then(|i| i.attr("id")) {
            Some(id) => {
                let id = id.to_string();
                self.picture(&id, None, c)
            }
            None => {
                c.note(NOTE_SHAPE);
                Ok(())
            }
        }
    }

    fn picture(
        &mut self,
        rel: &str,
        extent: Option<(f64, f64)>,
        c: &mut Collected,
    ) -> Result<(), String> {
        let Some((target, external)) = self.rels.get(rel).cloned() else {
            c.note("有图片找不到其文件（关系表中没有），未排入");
            return Ok(());
        };
        if external {
            c.note(NOTE_EXTERNAL);
            return Ok(());
        }
        let Some(path) = part_path(&target) else {
            c.note("有图片的路径指向文件之外，未读取");
            return Ok(());
        };
        if self.out.pictures.len() >= self.limits.images {
            c.note(&format!("图片超过 {} 张，其余未排入", self.limits.images));
            return Ok(());
        }
        let Some(bytes) = read_bytes(self.zip, &path, self.limits.image_bytes)? else {
            c.note("有图片的文件缺失，未排入");
            return Ok(());
        };
        let ext = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            "png"
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            "jpg"
        } else {
            c.note("有图片不是 PNG 或 JPEG 格式（如 EMF、GIF、TIFF），未排入：请另存为 PNG 或 JPEG 后插入");
            return Ok(());
        };
        let Some((px_w, px_h)) = decodes(&bytes, self.limits) else {
            c.note("有图片已损坏或过大，无法解码，未排入");
            return Ok(());
        };
        // Word's size on the page, else the pixels at 96 dpi; kept within the type area.
        let (w, h) = extent
            .filter(|(w, h)| *w > 0.0 && *h > 0.0)
            .unwrap_or((f64::from(px_w) * 25.4 / 96.0, f64::from(px_h) * 25.4 / 96.0));
        let scale = (MAX_WIDTH_MM / w).min(MAX_HEIGHT_MM / h).min(1.0);
        let index = self.out.pictures.len();
        self.out.pictures.push(Picture { ext, bytes });
        c.pictures.push((index, w * scale, h * scale));
        Ok(())
    }

    fn table(&mut self, tbl: &Node) -> Result<(), String> {
        let first_para = self.para + 1;
        struct Raw {
            col: usize,
            span: usize,
            /// Some(true): starts a vertical merge; Some(false): continues one.
            vmerge: Option<bool>,
            paras: Vec<Vec<Inline>>,
        }
        let mut rows: Vec<(bool, Vec<Raw>)> = Vec::new();
        for tr in tbl.elements().filter(|n| n.name == "tr") {
            let header = tr.child("trPr").is_some_and(|p| p.on("tblHeader"));
            let mut cells = Vec::new();
            let mut col = tr
                .child("trPr")
                .and_then(|p| p.child("gridBefore"))
                .and_then(|g| g.attr("val"))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            for tc in tr.elements().filter(|n| n.name == "tc") {
                let props = tc.child("tcPr");
                let span = props
                    .and_then(|p| p.child("gridSpan"))
                    .and_then(|g| g.attr("val"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let vmerge = props
                    .and_then(|p| p.child("vMerge"))
                    .map(|v| v.attr("val") == Some("restart"));
                let mut paras = Vec::new();
                self.cell(tc, &mut paras)?;
                cells.push(Raw {
                    col,
                    span,
                    vmerge,
                    paras,
                });
                col += span;
            }
            rows.push((header, cells));
        }
        let columns = rows
            .iter()
            .map(|(_, cells)| cells.last().map_or(0, |c| c.col + c.span))
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return Ok(());
        }
        let mut out: Vec<Vec<Cell>> = Vec::new();
        for (r, (_, cells)) in rows.iter().enumerate() {
            let mut row = Vec::new();
            let mut filled = 0;
            // Columns before the first cell (gridBefore) are left empty.
            if let Some(first) = cells.first()
                && first.col > 0
            {
                row.push(Cell {
                    paras: Vec::new(),
                    colspan: first.col,
                    rowspan: 1,
                });
            }
            for cell in cells {
                filled = cell.col + cell.span;
                if cell.vmerge == Some(false) {
                    continue;
                }
                let mut rowspan = 1;
                if cell.vmerge == Some(true) {
                    for (_, below) in rows.iter().skip(r + 1) {
                        let continues = below
                            .iter()
                            .any(|b| b.col == cell.col && b.vmerge == Some(false));
                        if !continues {
                            break;
                        }
                        rowspan += 1;
                    }
                }
                row.push(Cell {
                    paras: cell.paras.clone(),
                    colspan: cell.span,
                    rowspan,
                });
            }
            if filled < columns {
                row.push(Cell {
                    paras: Vec::new(),
                    colspan: columns - filled,
                    rowspan: 1,
                });
            }
            out.push(row);
        }
        let marked = rows.iter().take_while(|(h, _)| *h).count();
        self.out.blocks.push(Block::Table {
            rows: out,
            columns,
            header_rows: marked,
            para: first_para,
        });
        Ok(())
    }

    /// The paragraphs of a table cell (a nested table's paragraphs join them).
    fn cell(&mut self, tc: &Node, paras: &mut Vec<Vec<Inline>>) -> Result<(), String> {
        for n in tc.elements() {
            match n.name.as_str() {
                "p" => {
                    self.para += 1;
                    let para = self.para;
                    let mut c = Collected::default();
                    self.inline(n, false, false, &mut c)?;
                    let text = c.text();
                    if !c.pictures.is_empty() {
                        c.note("有图片在表格中，未排入：请把图片放在表格之外");
                    }
                    for message in std::mem::take(&mut c.notes) {
                        self.note(para, &text, &message);
                    }
                    let mut runs = c.runs;
                    trim_runs(&mut runs);
                    if !runs.is_empty() {
                        paras.push(runs);
                    }
                }
                "tbl" => {
                    let para = self.para + 1;
                    self.note(para, "", "表格中套有表格，内层表格按段落排入");
                    for tr in n.elements().filter(|x| x.name == "tr") {
                        for inner in tr.elements().filter(|x| x.name == "tc") {
                            self.cell(inner, paras)?;
                        }
                    }
                }
                "sdt" => {
                    if let Some(content) = n.child("sdtContent") {
                        self.cell(content, paras)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Leading and trailing whitespace of a paragraph is layout, not content.
fn trim_runs(runs: &mut Vec<Inline>) {
    if let Some(first) = runs.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = runs.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    runs.retain(|r| !r.text.is_empty());
}

/// The pixel size of a picture when it decodes within the limits (Typst decodes it
/// again with the same library, so a picture that passes here lays out).
fn decodes(bytes: &[u8], limits: &Limits) -> Option<(u32, u32)> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut l = image::Limits::default();
    l.max_alloc = Some(limits.image_pixels.saturating_mul(4));
    reader.limits(l);
    let (w, h) = reader.into_dimensions().ok()?;
    if u64::from(w) * u64::from(h) > limits.image_pixels {
        return None;
    }
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut l = image::Limits::default();
    l.max_alloc = Some(limits.image_pixels.saturating_mul(4));
    reader.limits(l);
    reader.decode().ok()?;
    Some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_never_leave_the_package() {
        assert_eq!(
            part_path("media/image1.png").as_deref(),
            Some("word/media/image1.png")
        );
        assert_eq!(
            part_path("/word/media/a.jpg").as_deref(),
            Some("word/media/a.jpg")
        );
        assert_eq!(
            part_path("../customXml/x.xml").as_deref(),
            Some("customXml/x.xml")
        );
        assert_eq!(part_path("../../../etc/passwd"), None);
        assert_eq!(part_path("file:///etc/passwd"), None);
        assert_eq!(part_path("C:\\x.png"), None);
    }

    #[test]
    fn counters_in_list_formats() {
        assert_eq!(format_counter(3, "decimal"), "3");
        assert_eq!(format_counter(3, "chineseCounting"), "三");
        assert_eq!(format_counter(12, "chineseCountingThousand"), "十二");
        assert_eq!(format_counter(2, "ideographTraditional"), "乙");
        assert_eq!(format_counter(4, "upperRoman"), "IV");
        assert_eq!(format_counter(2, "decimalEnclosedCircle"), "②");
    }

    #[test]
    fn heading_styles_by_name() {
        assert_eq!(heading_of_name("heading 1"), Some(1));
        assert_eq!(heading_of_name("Heading 2"), Some(2));
        assert_eq!(heading_of_name("标题 3"), Some(3));
        assert_eq!(heading_of_name("Normal"), None);
        assert_eq!(heading_of_name("标题"), None);
    }
}
