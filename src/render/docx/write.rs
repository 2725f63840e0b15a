//! The OOXML parts of a Word file, and the zip that holds them.
//!
//! Written as text with escaping (quick-xml's `escape`): the parts are small, their
//! element order is fixed by the schema, and a writer crate would add a second XML
//! stack without giving us the 公文 settings (document grid, odd/even footers, East
//! Asian font names) any more directly.

use std::fmt::Write as _;
use std::io::Write as _;

use quick_xml::escape::escape;

use super::convert::{Block, Body, Cell, ColumnWidth, Para, Run, Style, Table};
use crate::model::Date;

/// A4 and the GB/T 9704 margins, in twips.
const PAGE_SHORT: u32 = 11906;
const PAGE_LONG: u32 = 16838;
const MARGIN_TOP: u32 = 2098; // 37 mm
const MARGIN_BOTTOM: u32 = 1984; // 35 mm
const MARGIN_LEFT: u32 = 1588; // 28 mm
const MARGIN_RIGHT: u32 = 1474; // 26 mm
/// The type area is 225 mm high with 22 lines: the line pitch.
const LINE_PITCH: u32 = 579;
/// The body text size, 三号 16 pt, in half points.
const BODY_SIZE: u32 = 32;
/// The body's tracking, -0.25 pt in twentieths of a point: 28 characters of 16 pt in
/// the 156 mm line, as in the PDF.
const BODY_TRACKING: i32 = -5;
/// Untracked text (titles, tables).
const NO_TRACKING: &str = r#"<w:spacing w:val="0"/>"#;
/// The footer sits 7 mm below the type area (its 14 pt line ends about 23 mm above
/// the page's bottom edge).
const FOOTER: u32 = 1304;

/// The Word names of the five font roles.
pub struct FontNames {
    pub title: String,
    pub body: String,
    pub hei: String,
    pub kai: String,
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
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), content_types().into_bytes()),
        ("_rels/.rels".into(), ROOT_RELS.as_bytes().to_vec()),
        ("docProps/core.xml".into(), core(meta).into_bytes()),
        ("docProps/app.xml".into(), APP.as_bytes().to_vec()),
        (
            "word/document.xml".into(),
            document(body, images).into_bytes(),
        ),
        (
            "word/_rels/document.xml.rels".into(),
            document_rels(images.len()).into_bytes(),
        ),
        ("word/styles.xml".into(), styles(fonts).into_bytes()),
        ("word/settings.xml".into(), SETTINGS.as_bytes().to_vec()),
        ("word/fontTable.xml".into(), font_table(fonts).into_bytes()),
        ("word/footer1.xml".into(), footer(true).into_bytes()),
        ("word/footer2.xml".into(), footer(false).into_bytes()),
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
        &fonts.hei,
        &fonts.kai,
        &fonts.song,
    ] {
        if seen.contains(&name.as_str()) {
            continue;
        }
        seen.push(name);
        let alt = match name.as_str() {
            "仿宋" => Some("FangSong"),
            "黑体" => Some("SimHei"),
            "楷体" => Some("KaiTi"),
            "宋体" => Some("SimSun"),
            // Without 方正小标宋 installed, Word and WPS fall back on 宋体.
            "方正小标宋简体" => Some("宋体"),
            _ => None,
        };
        let _ = write!(s, r#"<w:font w:name="{}">"#, escape(name.as_str()));
        if let Some(alt) = alt {
            let _ = write!(s, r#"<w:altName w:val="{alt}"/>"#);
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
fn style_def(style: Style, fonts: &FontNames) -> (&'static str, &'static str, String, String) {
    let line = format!(
        r#"<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>"#
    );
    let no_indent = r#"<w:ind w:firstLineChars="0" w:firstLine="0"/>"#;
    let centred = format!(r#"{line}{no_indent}<w:jc w:val="center"/>"#);
    let heading =
        |level: u32| format!(r#"<w:keepNext/><w:keepLines/>{line}<w:outlineLvl w:val="{level}"/>"#);
    // Exact 14 pt lines, as tight as the PDF's tables (single spacing in a CJK font with
    // tall ascenders sets them a quarter taller).
    let table_p = r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="280" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/>"#;
    match style {
        Style::Body => ("Normal", "Normal", String::new(), String::new()),
        Style::Flush => ("Flush", "无缩进", no_indent.into(), String::new()),
        Style::Note => (
            "Note",
            "表注",
            format!(r#"<w:spacing w:before="0" w:after="0" w:line="500" w:lineRule="exact"/>{no_indent}"#),
            format!(r#"{NO_TRACKING}<w:sz w:val="24"/><w:szCs w:val="24"/>"#),
        ),
        Style::Title => (
            "DocTitle",
            "标题",
            format!(
                r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="{LINE_PITCH}" w:line="{LINE_PITCH}" w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/>"#
            ),
            format!(r#"{}{NO_TRACKING}<w:sz w:val="44"/><w:szCs w:val="44"/>"#, fonts_xml(&fonts.title)),
        ),
        Style::Subtitle => ("DocSubtitle", "副标题", centred.clone(), fonts_xml(&fonts.kai)),
        Style::Heading1 => ("Heading1", "一级标题", heading(0), fonts_xml(&fonts.hei)),
        Style::Heading2 => ("Heading2", "二级标题", heading(1), fonts_xml(&fonts.kai)),
        Style::Heading3 => ("Heading3", "三级标题", heading(2), "<w:b/><w:bCs/>".into()),
        Style::RedMark => (
            "RedMark",
            "发文机关标志",
            format!(
                r#"<w:snapToGrid w:val="0"/><w:spacing w:before="1134" w:after="{}" w:line="900" w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/>"#,
                LINE_PITCH / 2
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
                r#"<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="6" w:color="E60012"/></w:pBdr><w:spacing w:before="0" w:after="{LINE_PITCH}" w:line="{LINE_PITCH}" w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/>"#
            ),
            String::new(),
        ),
        Style::SignAuthority => (
            "Signature",
            "署名",
            format!(
                r#"<w:spacing w:before="{}" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>{no_indent}<w:jc w:val="right"/>"#,
                LINE_PITCH * 2
            ),
            String::new(),
        ),
        Style::SignDate => (
            "SignDate",
            "成文日期",
            format!(
                r#"{line}<w:ind w:rightChars="400" w:right="1280" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>"#
            ),
            String::new(),
        ),
        Style::Attachment => (
            "Attachment",
            "附件说明",
            format!(
                r#"{line}<w:ind w:leftChars="650" w:left="2080" w:hangingChars="450" w:hanging="1440"/>"#
            ),
            String::new(),
        ),
        Style::AttachmentNext => (
            "AttachmentNext",
            "附件说明续",
            format!(
                r#"{line}<w:ind w:leftChars="650" w:left="2080" w:hangingChars="150" w:hanging="480"/>"#
            ),
            String::new(),
        ),
        Style::AnnexMark => (
            "AnnexMark",
            "附件标记",
            format!(
                r#"<w:keepNext/><w:spacing w:before="0" w:after="{LINE_PITCH}" w:line="{LINE_PITCH}" w:lineRule="exact"/>{no_indent}"#
            ),
            fonts_xml(&fonts.hei),
        ),
        Style::AnnexTitle => (
            "AnnexTitle",
            "附件标题",
            format!(
                r#"<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="{LINE_PITCH}" w:line="{LINE_PITCH}" w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/>"#
            ),
            format!(r#"{}{NO_TRACKING}<w:sz w:val="44"/><w:szCs w:val="44"/>"#, fonts_xml(&fonts.title)),
        ),
        Style::Colophon | Style::ColophonLast => (
            "Colophon",
            "版记",
            r#"<w:keepNext/><w:snapToGrid w:val="0"/><w:tabs><w:tab w:val="right" w:pos="8560"/></w:tabs><w:spacing w:before="60" w:after="60" w:line="440" w:lineRule="exact"/><w:ind w:leftChars="100" w:left="280" w:rightChars="100" w:right="280" w:firstLineChars="0" w:firstLine="0"/>"#.into(),
            format!(r#"{NO_TRACKING}<w:sz w:val="28"/><w:szCs w:val="28"/>"#),
        ),
        Style::Table => ("TableText", "表格文字", table_p.into(), NO_TRACKING.into()),
        Style::TableHead => (
            "TableHead",
            "表头",
            table_p.into(),
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

fn styles(fonts: &FontNames) -> String {
    let mut s = format!("{XML_HEAD}<w:styles {NS}>");
    let _ = write!(
        s,
        r#"<w:docDefaults><w:rPrDefault><w:rPr>{}<w:kern w:val="2"/><w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
        fonts_xml(&fonts.body)
    );
    for style in ALL_STYLES {
        let (id, name, ppr, rpr) = style_def(*style, fonts);
        if *style == Style::Body {
            // Word shows its Normal style as 正文 in Chinese.
            let _ = write!(
                s,
                r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr><w:rPr>{}<w:spacing w:val="{BODY_TRACKING}"/><w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/></w:rPr></w:style>"#,
                fonts_xml(&fonts.body)
            );
            continue;
        }
        let _ = write!(
            s,
            r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
        );
    }
    s.push_str(r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#);
    s.push_str("</w:styles>");
    s
}

/// "— PAGE —" as a field, 四号 宋体: odd pages right, even pages left, one character in.
fn footer(odd: bool) -> String {
    let (jc, ind) = if odd {
        (
            "right",
            r#"<w:ind w:rightChars="100" w:right="280" w:firstLineChars="0" w:firstLine="0"/>"#,
        )
    } else {
        (
            "left",
            r#"<w:ind w:leftChars="100" w:left="280" w:firstLineChars="0" w:firstLine="0"/>"#,
        )
    };
    let rpr = r#"<w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>"#;
    format!(
        r#"{XML_HEAD}<w:ftr {NS}><w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{ind}<w:jc w:val="{jc}"/></w:pPr><w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t>1</w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r><w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#
    )
}

/// Section properties: orientation, margins, grid and the two footers.
fn sect_pr(landscape: bool) -> String {
    let refs = r#"<w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>"#;
    if landscape {
        format!(
            r#"<w:sectPr>{refs}<w:type w:val="nextPage"/><w:pgSz w:w="{PAGE_LONG}" w:h="{PAGE_SHORT}" w:orient="landscape"/><w:pgMar w:top="{MARGIN_LEFT}" w:right="{MARGIN_BOTTOM}" w:bottom="{MARGIN_RIGHT}" w:left="{MARGIN_TOP}" w:header="851" w:footer="{}" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/></w:sectPr>"#,
            FOOTER - 300
        )
    } else {
        // 22 lines of the type area on the line grid. The 28 characters a line come, as
        // in the PDF, from tracking the body text by -0.25 pt (the Normal style): a
        // character grid (`linesAndChars` with a negative `charSpace`, as Word writes
        // it) is misread by LibreOffice, which then sets about 16 characters a line.
        format!(
            r#"<w:sectPr>{refs}<w:type w:val="nextPage"/><w:pgSz w:w="{PAGE_SHORT}" w:h="{PAGE_LONG}"/><w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="851" w:footer="{FOOTER}" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/></w:sectPr>"#
        )
    }
}

fn document(body: &Body, images: &[Vec<u8>]) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(s, "{XML_HEAD}<w:document {NS} {NS_DRAWING}><w:body>");
    for block in &body.blocks {
        match block {
            Block::Para(p) => write_para(&mut s, p, None, images),
            Block::Table(t) => write_table(&mut s, t),
        }
    }
    s.push_str(&sect_pr(body.last_landscape));
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

/// `size`: the run size in half points (table cells).
fn write_para(s: &mut String, p: &Para, size: Option<u32>, images: &[Vec<u8>]) {
    s.push_str("<w:p><w:pPr>");
    let _ = write!(s, r#"<w:pStyle w:val="{}"/>"#, style_id(p.style));
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
    // A table set smaller than 小四 (the 详表) gets a line pitch to match its size.
    if let (Style::Table, Some(half_points)) = (p.style, size)
        && half_points < 24
    {
        let line = half_points * 13;
        let _ = write!(
            s,
            r#"<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>"#
        );
    }
    if p.left {
        s.push_str(r#"<w:jc w:val="left"/>"#);
    }
    if let Some(chars) = p.right_chars {
        let _ = write!(
            s,
            r#"<w:ind w:rightChars="{}" w:right="{}" w:firstLineChars="0" w:firstLine="0"/>"#,
            chars * 100,
            chars * 320
        );
    }
    if let Some(ended) = p.section_end {
        s.push_str(&sect_pr(ended));
    }
    s.push_str("</w:pPr>");
    if let Some(index) = p.image
        && let Some(png) = images.get(index)
    {
        write_image(s, index, png);
    }
    for run in &p.runs {
        write_run(s, run, size);
    }
    s.push_str("</w:p>");
}

fn write_run(s: &mut String, run: &Run, size: Option<u32>) {
    s.push_str("<w:r>");
    let mut rpr = String::new();
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
fn column_widths(t: &Table, columns: usize) -> Vec<u32> {
    let total = if t.landscape {
        PAGE_LONG - MARGIN_TOP - MARGIN_BOTTOM
    } else {
        PAGE_SHORT - MARGIN_LEFT - MARGIN_RIGHT
    };
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

fn write_table(s: &mut String, t: &Table) {
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
    let widths = column_widths(t, columns);
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
    let side = if t.size < 24 { 40 } else { 80 };
    let _ = write!(
        s,
        r#"<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="80" w:type="dxa"/><w:left w:w="{side}" w:type="dxa"/><w:bottom w:w="80" w:type="dxa"/><w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>"#
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
                Some(c) => write_cell_paras(s, c, size),
                None => s.push_str(r#"<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>"#),
            }
            s.push_str("</w:tc>");
            x += span;
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
}

fn write_cell_paras(s: &mut String, c: &Cell, size: Option<u32>) {
    for p in &c.paras {
        write_para(s, p, size, &[]);
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
        let s = sect_pr(false);
        for margin in [
            r#"w:top="2098""#,
            r#"w:bottom="1984""#,
            r#"w:left="1588""#,
            r#"w:right="1474""#,
        ] {
            assert!(s.contains(margin), "{s}");
        }
        // 22 lines of the pitch fit the 225 mm type area, 23 do not.
        let area = f64::from(PAGE_LONG - MARGIN_TOP - MARGIN_BOTTOM);
        assert!(f64::from(22 * LINE_PITCH) <= area && f64::from(23 * LINE_PITCH) > area);
        // 28 tracked characters of 16 pt fit the 156 mm line, 29 do not.
        let line = f64::from(PAGE_SHORT - MARGIN_LEFT - MARGIN_RIGHT) / 20.0;
        let pitch = f64::from(BODY_SIZE) / 2.0 + f64::from(BODY_TRACKING) / 20.0;
        assert!(28.0 * pitch <= line && 29.0 * pitch > line);
    }
}
