//! The OOXML parts of a Word file, and the zip that holds them.
//!
//! Written as text with escaping (quick-xml's `escape`): the parts are small, their
//! element order is fixed by the schema, and a writer crate would add a second XML
//! stack without giving us the 公文 settings (document grid, odd/even footers, East
//! Asian font names) any more directly.

use std::fmt::Write as _;
use std::io::Write as _;

use quick_xml::escape::escape;

use super::convert::{Block, Body, Cell, ColumnWidth, Para, Run, Section, Setup, Style, Table};
use crate::model::Date;

/// Twips (1/20 pt) per millimetre.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

/// Untracked text (titles, tables).
const NO_TRACKING: &str = r#"<w:spacing w:val="0"/>"#;

/// The page and the type of the Word file in Word's units, from the house style's hints
/// (`convert::Setup`); GB/T 9704 where an overriding `house.typ` gives none.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Paper, short and long side, in twips.
    pub short: u32,
    pub long: u32,
    /// Margins (top, right, bottom, left) in twips of a section that names none.
    pub portrait: [u32; 4],
    pub landscape: [u32; 4],
    /// The body's line pitch (the line grid), in twips.
    pub pitch: u32,
    /// Body text size in half points, and its tracking in twentieths of a point.
    pub body: u32,
    pub tracking: i32,
    /// First-line indent in hundredths of a character.
    pub indent_chars: u32,
    /// Title, page number and table text sizes in half points.
    pub title: u32,
    pub page: u32,
    pub table: u32,
}

impl Default for Layout {
    /// A4, the margins 37/26/35/28 mm, 22 lines of 28 characters in 16 pt.
    fn default() -> Self {
        Layout {
            short: 11906,
            long: 16838,
            portrait: [2098, 1474, 1984, 1588],
            landscape: [1588, 1984, 1474, 2098],
            pitch: 579,
            body: 32,
            tracking: -5,
            indent_chars: 200,
            title: 44,
            page: 28,
            table: 24,
        }
    }
}

fn twips(pt: f64) -> u32 {
    (pt * 20.0).round().clamp(0.0, 200_000.0) as u32
}

fn half_points(pt: f64) -> u32 {
    (pt * 2.0).round().clamp(2.0, 3276.0) as u32
}

impl Layout {
    pub fn from_setup(setup: &Setup) -> Self {
        let mut l = Layout::default();
        if let Some((short, long)) = setup.paper {
            l.short = twips(short).max(1440);
            l.long = twips(long).max(1440);
        }
        if let Some(size) = setup.size {
            l.body = half_points(size);
            if let Some(leading) = setup.leading {
                // Round down: the grid must fit as many lines as the PDF's type area.
                l.pitch = ((size + leading) * 20.0).floor().clamp(100.0, 20_000.0) as u32;
            }
            if let Some(indent) = setup.indent {
                l.indent_chars = (indent / size * 100.0).round().clamp(0.0, 2000.0) as u32;
            }
        }
        if let Some(tracking) = setup.tracking {
            l.tracking = (tracking * 20.0).round().clamp(-2000.0, 2000.0) as i32;
        }
        if let Some(title) = setup.title_size {
            l.title = half_points(title);
        }
        if let Some(page) = setup.page_size {
            l.page = half_points(page);
        }
        if let Some(table) = setup.table_size {
            l.table = half_points(table);
        }
        l
    }

    /// One body character, in twips.
    fn char(&self) -> u32 {
        self.body * 10
    }

    /// The page size and margins of a section, in twips: (width, height, [t, r, b, l]).
    fn page(&self, section: &Section) -> (u32, u32, [u32; 4]) {
        let margin = section
            .margin
            .map(|m| m.map(twips))
            .unwrap_or(if section.landscape {
                self.landscape
            } else {
                self.portrait
            });
        if section.landscape {
            (self.long, self.short, margin)
        } else {
            (self.short, self.long, margin)
        }
    }
}

/// The Word names of the font roles.
pub struct FontNames {
    pub title: String,
    pub body: String,
    pub h1: String,
    pub h2: String,
    pub h3: String,
    /// Annex marks and table headers.
    pub hei: String,
    /// Subtitles and run-in leads.
    pub kai: String,
    /// Page numbers.
    pub song: String,
}

/// Document metadata for `docProps/core.xml`.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub date: Date,
}

/// The zip of a Word file, byte-identical for the same input.
pub fn package(
    body: &Body,
    images: &[Vec<u8>],
    fonts: &FontNames,
    meta: &Meta,
) -> Result<Vec<u8>, String> {
    let layout = Layout::from_setup(&body.setup);
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), content_types().into_bytes()),
        ("_rels/.rels".into(), ROOT_RELS.as_bytes().to_vec()),
        ("docProps/core.xml".into(), core(meta).into_bytes()),
        ("docProps/app.xml".into(), APP.as_bytes().to_vec()),
        (
            "word/document.xml".into(),
            document(body, images, &layout, fonts).into_bytes(),
        ),
        (
            "word/_rels/document.xml.rels".into(),
            document_rels(images.len()).into_bytes(),
        ),
        (
            "word/styles.xml".into(),
            styles(fonts, &layout).into_bytes(),
        ),
        ("word/settings.xml".into(), SETTINGS.as_bytes().to_vec()),
        ("word/fontTable.xml".into(), font_table(fonts).into_bytes()),
        (
            "word/footer1.xml".into(),
            footer(true, fonts, &layout).into_bytes(),
        ),
        (
            "word/footer2.xml".into(),
            footer(false, fonts, &layout).into_bytes(),
        ),
    ];
    for (i, png) in images.iter().enumerate() {
        parts.push((format!("word/media/chart{}.png", i + 1), png.clone()));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // Entry times are the document's date, so the bytes do not depend on the clock.
    let time = zip::DateTime::from_date_and_time(
        u16::try_from(meta.date.year)
            .unwrap_or(2026)
            .clamp(1980, 2107),
        u8::try_from(meta.date.month).unwrap_or(1),
        u8::try_from(meta.date.day).unwrap_or(1),
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time);
    for (name, bytes) in &parts {
        // PNGs are compressed already.
        let options = if name.ends_with(".png") {
            options.compression_method(zip::CompressionMethod::Stored)
        } else {
            options
        };
        zip.start_file(name.as_str(), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())?;
    }
    let cursor = zip.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const NS_DRAWING: &str = r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;
const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

fn content_types() -> String {
    let mut s = String::from(XML_HEAD);
    s.push_str(r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#);
    s
}

const ROOT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#
);

const APP: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>junheng</Application></Properties>"#
);

fn core(meta: &Meta) -> String {
    let date = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        meta.date.year, meta.date.month, meta.date.day
    );
    format!(
        r#"{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>zh-CN</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified></cp:coreProperties>"#,
        escape(meta.title),
        escape(meta.author),
    )
}

fn document_rels(images: usize) -> String {
    let mut s = String::from(XML_HEAD);
    s.push_str(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>"#);
    for i in 1..=images {
        let _ = write!(
            s,
            r#"<Relationship Id="rIdImg{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/chart{i}.png"/>"#
        );
    }
    s.push_str("</Relationships>");
    s
}

const SETTINGS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
);

/// The five font roles with the names Windows and WPS know them by.
fn font_table(fonts: &FontNames) -> String {
    let mut s = format!("{XML_HEAD}<w:fonts {NS}>");
    let mut seen: Vec<&str> = Vec::new();
    for name in [
        &fonts.title,
        &fonts.body,
        &fonts.h1,
        &fonts.h2,
        &fonts.h3,
        &fonts.hei,
        &fonts.kai,
        &fonts.song,
    ] {
        if seen.contains(&name.as_str()) {
            continue;
        }
        seen.push(name);
        // The English name each face also has, and its PANOSE class, by which Word and
        // WPS pick a substitute when the face is missing.
        let (alt, panose) = match name.as_str() {
            "仿宋" => (Some("FangSong"), Some("02010609060101010101")),
            "黑体" => (Some("SimHei"), Some("02010609060101010101")),
            "楷体" => (Some("KaiTi"), Some("02010609060101010101")),
            "宋体" => (Some("SimSun"), Some("02010600030101010101")),
            // Not part of Windows: the declared fallback is 宋体 (SimSun's PANOSE).
            "方正小标宋简体" => (Some("宋体"), Some("02010600030101010101")),
            _ => (None, None),
        };
        let _ = write!(s, r#"<w:font w:name="{}">"#, escape(name.as_str()));
        if let Some(alt) = alt {
            let _ = write!(s, r#"<w:altName w:val="{alt}"/>"#);
        }
        if let Some(panose) = panose {
            let _ = write!(s, r#"<w:panose1 w:val="{panose}"/>"#);
        }
        s.push_str(r#"<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#);
    }
    s.push_str("</w:fonts>");
    s
}

fn fonts_xml(name: &str) -> String {
    let n = escape(name);
    format!(r#"<w:rFonts w:ascii="{n}" w:hAnsi="{n}" w:eastAsia="{n}" w:cs="{n}"/>"#)
}

/// The style id, Chinese name, paragraph and run properties of each style.
fn style_def(
    style: Style,
    fonts: &FontNames,
    l: &Layout,
) -> (&'static str, &'static str, String, String) {
    let pitch = l.pitch;
    let ch = l.char();
    let line =
        format!(r#"<w:spacing w:before="0" w:after="0" w:line="{pitch}" w:lineRule="exact"/>"#);
    let no_indent = r#"<w:ind w:firstLineChars="0" w:firstLine="0"/>"#;
    let centred = format!(r#"{line}{no_indent}<w:jc w:val="center"/>"#);
    let heading =
        |level: u32| format!(r#"<w:keepNext/><w:keepLines/>{line}<w:outlineLvl w:val="{level}"/>"#);
    let table = l.table;
    let size = |half_points: u32| {
        format!(r#"<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>"#)
    };
    // Exact lines as tight as the PDF's tables (14 pt for 小四: single spacing in a CJK
    // font with tall ascenders sets them a quarter taller).
    let table_p = format!(
        r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{}" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/>"#,
        table * 35 / 3
    );
    match style {
        Style::Body => ("Normal", "Normal", String::new(), String::new()),
        Style::Flush => ("Flush", "无缩进", no_indent.into(), String::new()),
        Style::Note => (
            "Note",
            "表注",
            format!(
                r#"<w:spacing w:before="0" w:after="0" w:line="{}" w:lineRule="exact"/>{no_indent}"#,
                table * 125 / 6
            ),
            format!(r#"{NO_TRACKING}{}"#, size(table)),
        ),
        Style::Title => (
            "DocTitle",
            "标题",
            format!(
                r#"<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="{pitch}" w:line="{pitch}" w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/>"#
            ),
            format!(r#"{}{NO_TRACKING}{}"#, fonts_xml(&fonts.title), size(l.title)),
        ),
        Style::Subtitle => (
            "DocSubtitle",
            "副标题",
            format!("<w:keepNext/>{centred}"),
            fonts_xml(&fonts.kai),
        ),
        // Word's own heading styles (its navigation pane and outline know them), set as
        // the house's headings.
        Style::Heading1 => ("Heading1", "heading 1", heading(0), fonts_xml(&fonts.h1)),
        Style::Heading2 => ("Heading2", "heading 2", heading(1), fonts_xml(&fonts.h2)),
        Style::Heading3 => (
            "Heading3",
            "heading 3",
            heading(2),
            format!("{}<w:b/><w:bCs/>", fonts_xml(&fonts.h3)),
        ),
        Style::RedMark => (
            "RedMark",
            "发文机关标志",
            format!(
                r#"<w:snapToGrid w:val="0"/><w:spacing w:before="1134" w:after="{}" w:line="900" w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/>"#,
                pitch / 2
            ),
            format!(
                r#"{}<w:color w:val="E60012"/><w:spacing w:val="40"/><w:sz w:val="68"/><w:szCs w:val="68"/>"#,
                fonts_xml(&fonts.title)
            ),
        ),
        Style::RedNumber => (
            "DocNumber",
            "发文字号",
            format!(
                r#"<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="6" w:color="E60012"/></w:pBdr><w:spacing w:before="0" w:after="{pitch}" w:line="{pitch}" w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/>"#
            ),
            String::new(),
        ),
        // The closing block stays together: the 署名 with its date.
        Style::SignAuthority => (
            "Signature",
            "署名",
            format!(
                r#"<w:keepNext/><w:spacing w:before="{}" w:after="0" w:line="{pitch}" w:lineRule="exact"/>{no_indent}<w:jc w:val="right"/>"#,
                pitch * 2
            ),
            String::new(),
        ),
        Style::SignDate => (
            "SignDate",
            "成文日期",
            format!(
                r#"{line}<w:ind w:rightChars="400" w:right="{}" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>"#,
                4 * ch
            ),
            String::new(),
        ),
        // The 附件说明 stays with the 落款 under it, as in the PDF.
        Style::Attachment => (
            "Attachment",
            "附件说明",
            format!(
                r#"<w:keepNext/>{line}<w:ind w:leftChars="650" w:left="{}" w:hangingChars="450" w:hanging="{}"/>"#,
                ch * 13 / 2,
                ch * 9 / 2
            ),
            String::new(),
        ),
        Style::AttachmentNext => (
            "AttachmentNext",
            "附件说明续",
            format!(
                r#"<w:keepNext/>{line}<w:ind w:leftChars="650" w:left="{}" w:hangingChars="150" w:hanging="{}"/>"#,
                ch * 13 / 2,
                ch * 3 / 2
            ),
            String::new(),
        ),
        Style::AnnexMark => (
            "AnnexMark",
            "附件标记",
            format!(
                r#"<w:keepNext/><w:spacing w:before="0" w:after="{pitch}" w:line="{pitch}" w:lineRule="exact"/>{no_indent}"#
            ),
            fonts_xml(&fonts.hei),
        ),
        Style::AnnexTitle => (
            "AnnexTitle",
            "附件标题",
            format!(
                r#"<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="{pitch}" w:line="{pitch}" w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/>"#
            ),
            format!(r#"{}{NO_TRACKING}{}"#, fonts_xml(&fonts.title), size(l.title)),
        ),
        Style::Colophon | Style::ColophonLast => {
            let page_char = l.page * 10;
            let width = l.short.saturating_sub(l.portrait[1] + l.portrait[3]);
            (
                "Colophon",
                "版记",
                format!(
                    r#"<w:keepNext/><w:snapToGrid w:val="0"/><w:tabs><w:tab w:val="right" w:pos="{}"/></w:tabs><w:spacing w:before="60" w:after="60" w:line="{}" w:lineRule="exact"/><w:ind w:leftChars="100" w:left="{page_char}" w:rightChars="100" w:right="{page_char}" w:firstLineChars="0" w:firstLine="0"/>"#,
                    width.saturating_sub(page_char),
                    l.page * 110 / 7
                ),
                format!(r#"{NO_TRACKING}{}"#, size(l.page)),
            )
        }
        Style::Table => ("TableText", "表格文字", table_p, NO_TRACKING.into()),
        Style::TableHead => (
            "TableHead",
            "表头",
            table_p,
            format!("{}{NO_TRACKING}", fonts_xml(&fonts.hei)),
        ),
        Style::Figure => (
            "Figure",
            "图",
            r#"<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="120" w:after="120" w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/>"#.into(),
            String::new(),
        ),
    }
}

const ALL_STYLES: &[Style] = &[
    Style::Body,
    Style::Flush,
    Style::Note,
    Style::Title,
    Style::Subtitle,
    Style::Heading1,
    Style::Heading2,
    Style::Heading3,
    Style::RedMark,
    Style::RedNumber,
    Style::SignAuthority,
    Style::SignDate,
    Style::Attachment,
    Style::AttachmentNext,
    Style::AnnexMark,
    Style::AnnexTitle,
    Style::Colophon,
    Style::Table,
    Style::TableHead,
    Style::Figure,
];

fn styles(fonts: &FontNames, l: &Layout) -> String {
    let mut s = format!("{XML_HEAD}<w:styles {NS}>");
    let body = l.body;
    let _ = write!(
        s,
        r#"<w:docDefaults><w:rPrDefault><w:rPr>{}<w:kern w:val="2"/><w:sz w:val="{body}"/><w:szCs w:val="{body}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
        fonts_xml(&fonts.body)
    );
    for style in ALL_STYLES {
        let (id, name, ppr, rpr) = style_def(*style, fonts, l);
        if *style == Style::Body {
            // Word shows its Normal style as 正文 in Chinese.
            let _ = write!(
                s,
                r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{}" w:lineRule="exact"/><w:ind w:firstLineChars="{}" w:firstLine="{}"/><w:jc w:val="both"/></w:pPr><w:rPr>{}<w:spacing w:val="{}"/><w:sz w:val="{body}"/><w:szCs w:val="{body}"/></w:rPr></w:style>"#,
                l.pitch,
                l.indent_chars,
                l.indent_chars * l.char() / 100,
                fonts_xml(&fonts.body),
                l.tracking,
            );
            continue;
        }
        // Word's built-in headings are not custom styles.
        let custom = if id.starts_with("Heading") {
            ""
        } else {
            r#" w:customStyle="1""#
        };
        let _ = write!(
            s,
            r#"<w:style w:type="paragraph"{custom} w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
        );
    }
    s.push_str(r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#);
    s.push_str("</w:styles>");
    s
}

/// "— PAGE —" as a field in the house's page-number face and size (四号 宋体): odd
/// pages right, even pages left, one character in.
fn footer(odd: bool, fonts: &FontNames, l: &Layout) -> String {
    let page_char = l.page * 10;
    let (jc, ind) = if odd {
        (
            "right",
            format!(
                r#"<w:ind w:rightChars="100" w:right="{page_char}" w:firstLineChars="0" w:firstLine="0"/>"#
            ),
        )
    } else {
        (
            "left",
            format!(
                r#"<w:ind w:leftChars="100" w:left="{page_char}" w:firstLineChars="0" w:firstLine="0"/>"#
            ),
        )
    };
    let rpr = format!(
        r#"<w:rPr>{}<w:spacing w:val="0"/><w:sz w:val="{}"/><w:szCs w:val="{}"/></w:rPr>"#,
        fonts_xml(&fonts.song),
        l.page,
        l.page
    );
    format!(
        r#"{XML_HEAD}<w:ftr {NS}><w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{ind}<w:jc w:val="{jc}"/></w:pPr><w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t>1</w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r><w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#
    )
}

/// Section properties: page size and orientation, margins, line grid and the two
/// footers.
fn sect_pr(section: &Section, l: &Layout) -> String {
    let refs = r#"<w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>"#;
    let (w, h, [top, right, bottom, left]) = l.page(section);
    let orient = if section.landscape {
        r#" w:orient="landscape""#
    } else {
        ""
    };
    // The page number's line sits 7 mm below the type area (GB/T 9704 7.5).
    let footer = bottom
        .saturating_sub((7.0 * TWIPS_PER_MM) as u32 + l.page * 10)
        .max(200);
    // The type area's lines on the line grid. The 28 characters a line come, as in the
    // PDF, from tracking the body text (the Normal style): a character grid
    // (`linesAndChars` with a negative `charSpace`, as Word writes it) is misread by
    // LibreOffice, which then sets about 16 characters a line.
    format!(
        r#"<w:sectPr>{refs}<w:type w:val="nextPage"/><w:pgSz w:w="{w}" w:h="{h}"{orient}/><w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" w:header="851" w:footer="{footer}" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{}"/></w:sectPr>"#,
        l.pitch
    )
}

fn document(body: &Body, images: &[Vec<u8>], l: &Layout, fonts: &FontNames) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(s, "{XML_HEAD}<w:document {NS} {NS_DRAWING}><w:body>");
    let ctx = Ctx {
        images,
        layout: l,
        run_in: &fonts.kai,
    };
    for block in &body.blocks {
        match block {
            Block::Para(p) => write_para(&mut s, p, None, &ctx),
            Block::Table(t) => write_table(&mut s, t, &ctx),
        }
    }
    s.push_str(&sect_pr(&body.last_section, l));
    s.push_str("</w:body></w:document>");
    s
}

fn style_id(style: Style) -> &'static str {
    match style {
        Style::Body => "Normal",
        Style::Flush => "Flush",
        Style::Note => "Note",
        Style::Title => "DocTitle",
        Style::Subtitle => "DocSubtitle",
        Style::Heading1 => "Heading1",
        Style::Heading2 => "Heading2",
        Style::Heading3 => "Heading3",
        Style::RedMark => "RedMark",
        Style::RedNumber => "DocNumber",
        Style::SignAuthority => "Signature",
        Style::SignDate => "SignDate",
        Style::Attachment => "Attachment",
        Style::AttachmentNext => "AttachmentNext",
        Style::AnnexMark => "AnnexMark",
        Style::AnnexTitle => "AnnexTitle",
        Style::Colophon | Style::ColophonLast => "Colophon",
        Style::Table => "TableText",
        Style::TableHead => "TableHead",
        Style::Figure => "Figure",
    }
}

/// What every paragraph of a body is written with.
struct Ctx<'a> {
    images: &'a [Vec<u8>],
    layout: &'a Layout,
    /// The Word font of run-in leads.
    run_in: &'a str,
}

/// `size`: the run size in half points (table cells).
fn write_para(s: &mut String, p: &Para, size: Option<u32>, ctx: &Ctx) {
    let l = ctx.layout;
    s.push_str("<w:p><w:pPr>");
    let _ = write!(s, r#"<w:pStyle w:val="{}"/>"#, style_id(p.style));
    if p.keep_next {
        s.push_str("<w:keepNext/>");
    }
    if p.page_break_before {
        s.push_str("<w:pageBreakBefore/>");
    }
    if p.border_top > 0 || p.border_bottom > 0 {
        s.push_str("<w:pBdr>");
        if p.border_top > 0 {
            let _ = write!(
                s,
                r#"<w:top w:val="single" w:sz="{}" w:space="1" w:color="000000"/>"#,
                p.border_top
            );
        }
        if p.border_bottom > 0 {
            let _ = write!(
                s,
                r#"<w:bottom w:val="single" w:sz="{}" w:space="1" w:color="000000"/>"#,
                p.border_bottom
            );
        }
        s.push_str("</w:pBdr>");
    }
    if p.spacer {
        // The house's paragraph spacing (its leading), off the line grid.
        let gap = l.pitch.saturating_sub(l.char()).max(20);
        let _ = write!(
            s,
            r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{gap}" w:lineRule="exact"/>"#
        );
    }
    // A table set smaller than the house's table size (the 详表) gets a line pitch to
    // match its size, in the proportion of the table style's (7/6 of the size).
    if let (Style::Table, Some(half_points)) = (p.style, size)
        && half_points < l.table
    {
        let line = half_points * 35 / 3;
        let _ = write!(
            s,
            r#"<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>"#
        );
    }
    if let Some(chars) = p.right_chars {
        let _ = write!(
            s,
            r#"<w:ind w:rightChars="{}" w:right="{}" w:firstLineChars="0" w:firstLine="0"/>"#,
            chars * 100,
            chars * l.char()
        );
    }
    if p.left {
        s.push_str(r#"<w:jc w:val="left"/>"#);
    }
    if let Some(ended) = &p.section_end {
        s.push_str(&sect_pr(ended, l));
    }
    s.push_str("</w:pPr>");
    if let Some(index) = p.image
        && let Some(png) = ctx.images.get(index)
    {
        write_image(s, index, png);
    }
    for run in &p.runs {
        write_run(s, run, size, ctx);
    }
    s.push_str("</w:p>");
}

fn write_run(s: &mut String, run: &Run, size: Option<u32>, ctx: &Ctx) {
    s.push_str("<w:r>");
    let mut rpr = String::new();
    // A run-in lead is set in its own face (楷体), unless it is a bold one (“1．……。”).
    if run.run_in && !run.bold {
        rpr.push_str(&fonts_xml(ctx.run_in));
    }
    if run.bold {
        rpr.push_str("<w:b/><w:bCs/>");
    }
    if run.italic {
        rpr.push_str("<w:i/><w:iCs/>");
    }
    if run.bad {
        rpr.push_str(r#"<w:color w:val="C00000"/>"#);
    }
    if let Some(size) = size {
        let _ = write!(rpr, r#"<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>"#);
    }
    if run.bad || run.underline {
        rpr.push_str(r#"<w:u w:val="single"/>"#);
    }
    if run.sup {
        rpr.push_str(r#"<w:vertAlign w:val="superscript"/>"#);
    }
    if !rpr.is_empty() {
        let _ = write!(s, "<w:rPr>{rpr}</w:rPr>");
    }
    if run.br {
        s.push_str("<w:br/>");
    } else if run.tab {
        s.push_str("<w:tab/>");
    } else {
        let _ = write!(
            s,
            r#"<w:t xml:space="preserve">{}</w:t>"#,
            escape(run.text.as_str())
        );
    }
    s.push_str("</w:r>");
}

fn write_image(s: &mut String, index: usize, png: &[u8]) {
    let (w, h) = png_size(png).unwrap_or((1, 1));
    // Pictures are rasterised at a known resolution (charts 156 mm wide, narrative
    // pictures as wide as in their .docx): the pixels give the size; 12,700 EMU a point.
    let cx = (f64::from(w) / super::CHART_PIXELS_PER_PT * 12_700.0) as u64;
    let cy = cx * u64::from(h) / u64::from(w.max(1));
    let id = index + 1;
    let _ = write!(
        s,
        r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{id}" name="图表{id}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{id}" name="chart{id}.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImg{id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    );
}

/// Width and height from a PNG's IHDR.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let w = png.get(16..20)?;
    let h = png.get(20..24)?;
    Some((
        u32::from_be_bytes(w.try_into().ok()?),
        u32::from_be_bytes(h.try_into().ok()?),
    ))
}

/// The column widths of a table in twips, filling the type area.
fn column_widths(t: &Table, columns: usize, section: &Section, l: &Layout) -> Vec<u32> {
    let (width, _, margin) = l.page(section);
    let total = width.saturating_sub(margin[1] + margin[3]).max(1440);
    let em = f64::from(t.size) * 10.0;
    if t.widths.len() != columns || columns == 0 {
        let each = total / u32::try_from(columns.max(1)).unwrap_or(1);
        return vec![each; columns];
    }
    let fixed: f64 = t
        .widths
        .iter()
        .map(|w| match w {
            ColumnWidth::Fixed(pt) => pt * 20.0,
            ColumnWidth::Em(n) => n * em,
            ColumnWidth::Fraction(_) => 0.0,
        })
        .sum();
    let fractions: f64 = t
        .widths
        .iter()
        .map(|w| match w {
            ColumnWidth::Fraction(f) => *f,
            _ => 0.0,
        })
        .sum();
    let rest = (f64::from(total) - fixed).max(0.0);
    let mut widths: Vec<f64> = t
        .widths
        .iter()
        .map(|w| match w {
            ColumnWidth::Fixed(pt) => pt * 20.0,
            ColumnWidth::Em(n) => n * em,
            ColumnWidth::Fraction(f) if fractions > 0.0 => rest * f / fractions,
            ColumnWidth::Fraction(_) => 0.0,
        })
        .collect();
    // Too wide (fixed columns beyond the type area): scale down to fit.
    let sum: f64 = widths.iter().sum();
    if sum > f64::from(total) && sum > 0.0 {
        let factor = f64::from(total) / sum;
        widths.iter_mut().for_each(|w| *w *= factor);
    }
    widths
        .into_iter()
        .map(|w| w.round().max(200.0) as u32)
        .collect()
}

fn write_table(s: &mut String, t: &Table, ctx: &Ctx) {
    // The grid's column count: the widest row, counting spans from rows above.
    let mut columns = 0usize;
    let mut pending: Vec<usize> = Vec::new();
    let mut layout: Vec<Vec<Slot>> = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut slots = Vec::new();
        let mut x = 0usize;
        let mut cells = row.iter();
        loop {
            if pending.get(x).copied().unwrap_or(0) > 0 {
                let span = continuation_span(&layout, x);
                slots.push(Slot::Continue(span));
                for p in pending.iter_mut().skip(x).take(span) {
                    *p = p.saturating_sub(1);
                }
                x += span;
                continue;
            }
            let Some(cell) = cells.next() else { break };
            let span = cell.colspan.max(1);
            if pending.len() < x + span {
                pending.resize(x + span, 0);
            }
            for p in pending.iter_mut().skip(x).take(span) {
                *p = cell.rowspan.saturating_sub(1);
            }
            slots.push(Slot::Cell(cell, x));
            x += span;
        }
        columns = columns.max(x);
        layout.push(slots);
    }
    let widths = column_widths(t, columns, &t.section, ctx.layout);
    let total: u32 = widths.iter().sum();
    s.push_str("<w:tbl><w:tblPr>");
    let _ = write!(
        s,
        r#"<w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>"#
    );
    if t.ruled {
        s.push_str(r#"<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>"#);
    }
    // Tables set smaller than 小四 have narrow columns of figures (the 汇总表's 差异系数
    // in 10 mm): 2 pt each side, as their PDF insets, or "0.090" wraps.
    // Less above and below than the PDF's 5 pt (3 pt, 2 pt in the smaller tables): the
    // PDF's cell text runs from the cap height to the baseline, Word's exact line holds
    // the whole em and then some, so the rows come out about as high as the PDF's.
    let (side, top) = if t.size < ctx.layout.table {
        (40, 40)
    } else {
        (80, 60)
    };
    let _ = write!(
        s,
        r#"<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{side}" w:type="dxa"/><w:bottom w:w="{top}" w:type="dxa"/><w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>"#
    );
    s.push_str(r#"<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#);
    for w in &widths {
        let _ = write!(s, r#"<w:gridCol w:w="{w}"/>"#);
    }
    s.push_str("</w:tblGrid>");
    let size = if t.ruled { Some(t.size) } else { None };
    for (y, slots) in layout.iter().enumerate() {
        s.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if y < t.header_rows {
            s.push_str("<w:tblHeader/>");
        }
        s.push_str("</w:trPr>");
        let mut x = 0usize;
        for slot in slots {
            let (span, merge, cell) = match slot {
                Slot::Cell(c, _) => (
                    c.colspan.max(1),
                    if c.rowspan > 1 { Some("restart") } else { None },
                    Some(*c),
                ),
                Slot::Continue(span) => (*span, Some("continue"), None),
            };
            let width: u32 = widths.iter().skip(x).take(span).sum();
            let _ = write!(s, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
            if span > 1 {
                let _ = write!(s, r#"<w:gridSpan w:val="{span}"/>"#);
            }
            match merge {
                Some("restart") => s.push_str(r#"<w:vMerge w:val="restart"/>"#),
                Some(_) => s.push_str("<w:vMerge/>"),
                None => {}
            }
            s.push_str(r#"<w:vAlign w:val="center"/></w:tcPr>"#);
            match cell {
                Some(c) => write_cell_paras(s, c, size, ctx),
                None => s.push_str(r#"<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>"#),
            }
            s.push_str("</w:tc>");
            x += span;
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
}

fn write_cell_paras(s: &mut String, c: &Cell, size: Option<u32>, ctx: &Ctx) {
    let ctx = Ctx {
        images: &[],
        ..*ctx
    };
    for p in &c.paras {
        write_para(s, p, size, &ctx);
    }
}

enum Slot<'a> {
    Cell(&'a Cell, usize),
    Continue(usize),
}

/// The column span of the merged cell that started above column `x`.
fn continuation_span(layout: &[Vec<Slot>], x: usize) -> usize {
    for slots in layout.iter().rev() {
        for slot in slots {
            if let Slot::Cell(c, start) = slot
                && *start == x
                && c.rowspan > 1
            {
                return c.colspan.max(1);
            }
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_size_reads_the_header() {
        let mut png = vec![0u8; 24];
        png.splice(16..24, [0, 0, 1, 0, 0, 0, 0, 50]);
        assert_eq!(png_size(&png), Some((256, 50)));
        assert_eq!(png_size(&[0u8; 10]), None);
    }

    #[test]
    fn portrait_sections_have_gb_9704_margins_and_22_lines() {
        let l = Layout::default();
        let s = sect_pr(
            &Section {
                landscape: false,
                margin: None,
            },
            &l,
        );
        for margin in [
            r#"w:top="2098""#,
            r#"w:bottom="1984""#,
            r#"w:left="1588""#,
            r#"w:right="1474""#,
        ] {
            assert!(s.contains(margin), "{s}");
        }
        // 22 lines of the pitch fit the 225 mm type area, 23 do not.
        let area = f64::from(l.long - l.portrait[0] - l.portrait[2]);
        assert!(f64::from(22 * l.pitch) <= area && f64::from(23 * l.pitch) > area);
        // 28 tracked characters of 16 pt fit the 156 mm line, 29 do not.
        let line = f64::from(l.short - l.portrait[1] - l.portrait[3]) / 20.0;
        let pitch = f64::from(l.body) / 2.0 + f64::from(l.tracking) / 20.0;
        assert!(28.0 * pitch <= line && 29.0 * pitch > line);
    }

    /// The house's own numbers (A4, 37/26/35/28 mm, 16 pt on a 225 mm / 22 pitch, -0.25 pt)
    /// give the same Word page as GB/T 9704's defaults; a section's own margins win.
    #[test]
    fn the_layout_follows_the_house_setup() {
        let mm = 72.0 / 25.4;
        let setup = Setup {
            paper: Some((210.0 * mm, 297.0 * mm)),
            size: Some(16.0),
            leading: Some(225.0 * mm / 22.0 - 16.0),
            tracking: Some(-0.25),
            indent: Some(32.0),
            ..Setup::default()
        };
        let l = Layout::from_setup(&setup);
        let d = Layout::default();
        assert_eq!(
            (l.short, l.long, l.pitch, l.body),
            (d.short, d.long, d.pitch, d.body)
        );
        assert_eq!((l.tracking, l.indent_chars), (d.tracking, d.indent_chars));
        let wide = Section {
            landscape: false,
            margin: Some([60.0 * mm, 26.0 * mm, 35.0 * mm, 28.0 * mm]),
        };
        assert!(sect_pr(&wide, &l).contains(r#"w:top="3402""#));
        let flipped = Section {
            landscape: true,
            margin: None,
        };
        let s = sect_pr(&flipped, &l);
        assert!(
            s.contains(r#"w:w="16838" w:h="11906" w:orient="landscape""#),
            "{s}"
        );
    }
}
