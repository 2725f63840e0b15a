//! The Word edition as a clerk opens it: fonts an office PC has, charts with their bars,
//! the page the house style gives, run-in leads, merged cells, separate tables,
//! keep-with-next and the title page. Read in Rust (zip, quick-xml, png, hayro-syntax):
//! nothing here shells out to a system tool.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};

use crate::common::{DOCUMENT_STEMS as STEMS, SAMPLE_COUNTIES as SAMPLES};

/// The Windows/WPS faces the Word edition may name when no `--font-dir` is given.
const WINDOWS_FACES: [&str; 5] = ["仿宋", "黑体", "楷体", "宋体", "方正小标宋简体"];

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn build(file: &Path, out: &Path, extra: &[&str]) {
    let mut args: Vec<std::ffi::OsString> = vec!["build".into(), file.into(), "-o".into()];
    args.push(out.into());
    args.extend(extra.iter().map(Into::into));
    let result = std::process::Command::new(env!("CARGO_BIN_EXE_junheng"))
        .args(&args)
        .output()
        .expect("run junheng");
    assert!(
        result.status.success(),
        "build {} failed: {}",
        file.display(),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Every sample's three Word files, built once for the tests of this module.
fn sample_docx() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        for (file, _) in SAMPLES {
            build(&samples().join(file), dir.path(), &["--format", "docx"]);
        }
        dir
    })
    .path()
}

fn docx_path(county: &str, stem: &str) -> PathBuf {
    sample_docx().join(county).join(format!("{stem}.docx"))
}

/// The parts of a .docx by name: XML as text, everything else as bytes.
fn parts(docx: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(docx).unwrap_or_else(|e| panic!("{}: {e}", docx.display()));
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.insert(entry.name().expect("an entry name").to_string(), bytes);
    }
    out
}

fn xml(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts.get(name).cloned().unwrap_or_default()).expect("UTF-8 XML")
}

fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes().filter_map(Result::ok).find_map(|a| {
        (a.key.local_name().into_inner() == local).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
    })
}

#[derive(Debug, Default, Clone)]
struct Run {
    text: String,
    east_asia: Option<String>,
    bold: bool,
}

#[derive(Debug, Default, Clone)]
struct Para {
    style: String,
    keep_next: bool,
    page_break: bool,
    jc: Option<String>,
    runs: Vec<Run>,
}

impl Para {
    fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

#[derive(Debug, Default, Clone)]
struct Cell {
    span: usize,
    /// Continues a cell merged from the row above.
    merged: bool,
    paras: Vec<Para>,
}

#[derive(Debug, Clone)]
enum Item {
    Para(Para),
    Table(Vec<Vec<Cell>>),
}

/// The body of `word/document.xml`: its paragraphs and tables, in order.
fn body(document: &str) -> Vec<Item> {
    let mut reader = quick_xml::Reader::from_str(document);
    let mut items = Vec::new();
    let mut para: Option<Para> = None;
    let mut run: Option<Run> = None;
    let mut in_text = false;
    let mut in_ppr = false;
    let mut table: Option<Vec<Vec<Cell>>> = None;
    let mut cell: Option<Cell> = None;
    loop {
        let (e, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::Text(t)) => {
                if in_text && let Some(r) = run.as_mut() {
                    r.text.push_str(&t.xml10_content());
                }
                continue;
            }
            Ok(Event::GeneralRef(r)) => {
                if in_text && let Some(run) = run.as_mut() {
                    run.text.push_str(match r.xml10_content().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        _ => "'",
                    });
                }
                continue;
            }
            Ok(Event::End(e)) => {
                match e.local_name().into_inner() {
                    "t" => in_text = false,
                    "pPr" => in_ppr = false,
                    "r" => {
                        if let (Some(r), Some(p)) = (run.take(), para.as_mut()) {
                            p.runs.push(r);
                        }
                    }
                    "p" => {
                        if let Some(p) = para.take() {
                            match cell.as_mut() {
                                Some(c) => c.paras.push(p),
                                None => items.push(Item::Para(p)),
                            }
                        }
                    }
                    "tc" => {
                        if let (Some(c), Some(t)) = (cell.take(), table.as_mut())
                            && let Some(row) = t.last_mut()
                        {
                            row.push(c);
                        }
                    }
                    "tbl" => {
                        if let Some(t) = table.take() {
                            items.push(Item::Table(t));
                        }
                    }
                    _ => {}
                }
                continue;
            }
            Ok(Event::Eof) => break,
            Err(e) => panic!("document.xml does not parse: {e}"),
            _ => continue,
        };
        match e.local_name().into_inner() {
            "p" if !empty => para = Some(Para::default()),
            "pPr" if !empty => in_ppr = true,
            "pStyle" if in_ppr => {
                if let Some(p) = para.as_mut() {
                    p.style = attr(&e, "val").unwrap_or_default();
                }
            }
            "keepNext" if in_ppr => {
                if let Some(p) = para.as_mut() {
                    p.keep_next = true;
                }
            }
            "pageBreakBefore" if in_ppr => {
                if let Some(p) = para.as_mut() {
                    p.page_break = true;
                }
            }
            "jc" if in_ppr => {
                if let Some(p) = para.as_mut() {
                    p.jc = attr(&e, "val");
                }
            }
            "r" if !empty => run = Some(Run::default()),
            "rFonts" => {
                if let Some(r) = run.as_mut() {
                    r.east_asia = attr(&e, "eastAsia");
                }
            }
            "b" => {
                if let Some(r) = run.as_mut() {
                    r.bold = true;
                }
            }
            "t" if !empty => in_text = true,
            "tbl" if !empty => table = Some(Vec::new()),
            "tr" if !empty => {
                if let Some(t) = table.as_mut() {
                    t.push(Vec::new());
                }
            }
            "tc" if !empty => {
                cell = Some(Cell {
                    span: 1,
                    ..Cell::default()
                })
            }
            "gridSpan" => {
                if let Some(c) = cell.as_mut() {
                    c.span = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                }
            }
            "vMerge" => {
                if let Some(c) = cell.as_mut() {
                    c.merged = attr(&e, "val").as_deref() != Some("restart");
                }
            }
            _ => {}
        }
    }
    items
}

fn paragraphs(items: &[Item]) -> Vec<Para> {
    let mut out = Vec::new();
    for item in items {
        match item {
            Item::Para(p) => out.push(p.clone()),
            Item::Table(rows) => {
                for row in rows {
                    for cell in row {
                        out.extend(cell.paras.iter().cloned());
                    }
                }
            }
        }
    }
    out
}

/// Every font name a part gives: the four slots of each `w:rFonts` and each `w:font`
/// of the font table.
fn font_names(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut names = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().into_inner() {
                "rFonts" => {
                    for slot in ["ascii", "hAnsi", "eastAsia", "cs"] {
                        names.extend(attr(&e, slot));
                    }
                }
                "font" => names.extend(attr(&e, "name")),
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => panic!("XML does not parse: {e}"),
            _ => {}
        }
    }
    names
}

/// No run, style, footer or font-table entry of any sample's Word files names a bundled
/// face (Fandol, Noto): only the faces of a Chinese Windows and WPS.
#[test]
fn word_files_name_only_windows_faces() {
    for (_, county) in SAMPLES {
        for stem in STEMS {
            let parts = parts(&docx_path(county, stem));
            let mut seen = 0;
            for (name, bytes) in &parts {
                if !name.ends_with(".xml") {
                    continue;
                }
                let text = String::from_utf8_lossy(bytes);
                for bundled in ["Fandol", "Noto"] {
                    assert!(
                        !text.contains(bundled),
                        "{county} {stem}: {name} names {bundled}"
                    );
                }
                for font in font_names(&text) {
                    assert!(
                        WINDOWS_FACES.contains(&font.as_str()),
                        "{county} {stem}: {name} names 「{font}」"
                    );
                    seen += 1;
                }
            }
            assert!(seen > 10, "{county} {stem}: only {seen} font names");
            // The roles keep their faces: body 仿宋, headings 黑体/楷体, title 小标宋.
            let styles = xml(&parts, "word/styles.xml");
            for (id, face) in [
                ("Normal", "仿宋"),
                ("DocTitle", "方正小标宋简体"),
                ("TableHead", "黑体"),
            ] {
                let style = style_xml(&styles, id);
                assert!(
                    style.contains(&format!(r#"w:eastAsia="{face}""#)),
                    "{county} {stem}: style {id} is not set in {face}: {style}"
                );
            }
            // 方正小标宋简体 is no Windows face: the font table declares its fallback.
            let table = xml(&parts, "word/fontTable.xml");
            assert!(
                table.contains(r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>"#),
                "{table}"
            );
        }
    }
}

/// One `<w:style>` of styles.xml by id.
fn style_xml(styles: &str, id: &str) -> String {
    let start = styles
        .find(&format!(r#"w:styleId="{id}""#))
        .unwrap_or_else(|| panic!("no style {id}"));
    let end = styles[start..]
        .find("</w:style>")
        .map_or(styles.len(), |e| start + e);
    styles[start..end].to_string()
}

/// The report's chart images show their bars: each PNG has columns of the bar colours
/// (#3c6e9f, and #c00000 above a limit), not only the title, the frame and the limit.
#[test]
fn word_charts_have_their_bars() {
    // 松溪区: 清禾区's report also holds the narrative's photo.
    let parts = parts(&docx_path("松溪区", "自评报告"));
    let charts: Vec<&Vec<u8>> = parts
        .iter()
        .filter(|(name, _)| name.starts_with("word/media/") && name.ends_with(".png"))
        .map(|(_, bytes)| bytes)
        .collect();
    assert_eq!(charts.len(), 4, "chart images");
    for (i, png_bytes) in charts.iter().enumerate() {
        let bars = bar_columns(png_bytes);
        // The two 差异系数 charts have a bar for each of the seven indicators (1.1–1.7);
        // the two 达标项数 charts one at least (清禾区's schools meet 6 or 7 items).
        if i < 2 {
            assert_eq!(bars, 7, "chart {} shows {bars} bars", i + 1);
        } else {
            assert!(bars >= 1, "chart {} shows no bar", i + 1);
        }
    }
}

/// How many separate runs of bar-coloured pixel columns the image has (one per bar).
fn bar_columns(png_bytes: &[u8]) -> usize {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let is_bar = |x: usize, y: usize| {
        let i = (y * w + x) * channels;
        let px = &buf[i..i + 3];
        let near = |c: [u8; 3]| px.iter().zip(c).all(|(a, b)| a.abs_diff(b) <= 12);
        near([0x3c, 0x6e, 0x9f]) || near([0xc0, 0x00, 0x00])
    };
    // A bar is at least 30 adjacent pixel columns (a bar is some 90 wide at 216 dpi; the
    // 0.007 bar is 4 high) with at least 3 bar-coloured pixels each: the dashes of the
    // limit line are narrower than that, and so are the strokes of the red limit label.
    let columns: Vec<bool> = (0..w)
        .map(|x| (0..h).filter(|&y| is_bar(x, y)).count() >= 3)
        .collect();
    columns.split(|c| !c).filter(|run| run.len() >= 30).count()
}

/// “（一）……。” leads are 楷体 runs in Word as in the PDF, and “1．……。” leads bold.
#[test]
fn run_in_leads_keep_their_face() {
    let items = body(&xml(
        &parts(&docx_path("清禾区", "实施方案")),
        "word/document.xml",
    ));
    let mut kai = 0;
    for p in paragraphs(&items) {
        let Some(first) = p.runs.first() else {
            continue;
        };
        if first.text.starts_with('（') && p.style == "Normal" && first.text.ends_with('。') {
            assert_eq!(
                first.east_asia.as_deref(),
                Some("楷体"),
                "lead 「{}」 is not 楷体",
                first.text
            );
            assert!(p.runs.len() > 1, "the lead runs into its paragraph");
            kai += 1;
        }
    }
    assert!(kai >= 4, "{kai} run-in leads");
}

/// Under a merged 一级指标 cell, every row of the 责任清单 aligns the same: the 二级指标
/// column left, the others centred (the cells do not shift a column).
#[test]
fn duty_rows_align_alike_under_merged_cells() {
    for (_, county) in SAMPLES {
        let items = body(&xml(
            &parts(&docx_path(county, "责任清单")),
            "word/document.xml",
        ));
        let Some(rows) = items.iter().find_map(|i| match i {
            Item::Table(rows) => Some(rows),
            _ => None,
        }) else {
            panic!("{county}: no table")
        };
        let header = &rows[0];
        let second = header
            .iter()
            .position(|c| c.paras.iter().any(|p| p.text().contains("二级指标")))
            .or_else(|| {
                header
                    .iter()
                    .position(|c| c.paras.iter().any(|p| p.text().contains("C级指标")))
            });
        let Some(second) = second else {
            panic!("{county}: no 二级指标 column")
        };
        let mut continued = 0;
        for row in rows.iter().skip(1) {
            let mut x = 0;
            for cell in row {
                if !cell.merged && x == second {
                    let jc = cell.paras.first().and_then(|p| p.jc.clone());
                    assert_eq!(jc.as_deref(), Some("left"), "{county}: {row:?}");
                }
                if !cell.merged && x != second && x + cell.span <= second {
                    let jc = cell.paras.first().and_then(|p| p.jc.clone());
                    assert_ne!(jc.as_deref(), Some("left"), "{county}: {row:?}");
                }
                x += cell.span;
            }
            if row.first().is_some_and(|c| c.merged) {
                continued += 1;
            }
        }
        assert!(
            continued > 10,
            "{county}: {continued} rows under merged cells"
        );
    }
}

/// Two tables never touch (Word would join them into one): a paragraph stands between.
#[test]
fn tables_never_touch() {
    for (_, county) in SAMPLES {
        for stem in STEMS {
            let items = body(&xml(&parts(&docx_path(county, stem)), "word/document.xml"));
            for pair in items.windows(2) {
                assert!(
                    !matches!(pair, [Item::Table(_), Item::Table(_)]),
                    "{county} {stem}: two tables touch"
                );
            }
        }
    }
    // The report's 4.2 table and the 社会认可度 survey table are two tables.
    let items = body(&xml(
        &parts(&docx_path("清禾区", "自评报告")),
        "word/document.xml",
    ));
    let survey = items.iter().position(|i| match i {
        Item::Table(rows) => rows.first().is_some_and(|r| {
            r.iter()
                .any(|c| c.paras.iter().any(|p| p.text() == "调查对象"))
        }),
        _ => false,
    });
    let Some(survey) = survey else {
        panic!("no survey table")
    };
    assert!(
        matches!(items.get(survey - 1), Some(Item::Para(_))),
        "the survey table follows a paragraph"
    );
    assert!(matches!(items.get(survey - 2), Some(Item::Table(_))));
}

/// The closing block stays together: the paragraph before the 附件说明, the 附件说明
/// and the 署名 keep with what follows; headings keep with their first paragraph.
#[test]
fn the_closing_block_and_headings_keep_with_next() {
    for (_, county) in SAMPLES {
        for stem in ["实施方案", "自评报告"] {
            let parts = parts(&docx_path(county, stem));
            let items = body(&xml(&parts, "word/document.xml"));
            let paras: Vec<&Para> = items
                .iter()
                .filter_map(|i| match i {
                    Item::Para(p) => Some(p),
                    _ => None,
                })
                .collect();
            let first = paras
                .iter()
                .position(|p| p.style == "Attachment")
                .unwrap_or_else(|| panic!("{county} {stem}: no 附件说明"));
            let before = paras[first - 1];
            assert!(
                before.keep_next,
                "{county} {stem}: 「{}」 does not keep with the 附件说明",
                before.text()
            );
            let styles = xml(&parts, "word/styles.xml");
            for id in [
                "Attachment",
                "AttachmentNext",
                "Signature",
                "Heading1",
                "Heading2",
                "Heading3",
                "DocTitle",
            ] {
                assert!(
                    style_xml(&styles, id).contains("<w:keepNext/>"),
                    "{county} {stem}: {id} has no keep-with-next"
                );
            }
            // Word's own heading styles, which its navigation pane lists.
            assert!(styles.contains(r#"w:styleId="Heading1"><w:name w:val="heading 1"/>"#));
        }
    }
}

/// A report with a 报告主题 has it and the title on page 1 (no break before the title).
#[test]
fn the_report_title_stands_under_its_motto_on_page_one() {
    for county in ["清禾区", "青杨区"] {
        let items = body(&xml(
            &parts(&docx_path(county, "自评报告")),
            "word/document.xml",
        ));
        let paras: Vec<&Para> = items
            .iter()
            .filter_map(|i| match i {
                Item::Para(p) => Some(p),
                _ => None,
            })
            .collect();
        assert_eq!(paras[0].style, "DocSubtitle", "{county}: {:?}", paras[0]);
        assert_eq!(paras[1].style, "DocTitle", "{county}: {:?}", paras[1]);
        assert!(
            !paras[1].page_break,
            "{county}: a page break before the title"
        );
    }
}

/// No “。；” (a sentence's full stop before a semicolon) in any sample's Word text.
#[test]
fn no_full_stop_before_a_semicolon() {
    for (_, county) in SAMPLES {
        for stem in STEMS {
            let items = body(&xml(&parts(&docx_path(county, stem)), "word/document.xml"));
            for p in paragraphs(&items) {
                let text = p.text();
                assert!(!text.contains("。；"), "{county} {stem}: 「{text}」");
            }
        }
    }
}

/// What a PDF's text shows, from its content streams (hayro-syntax): the highest text
/// origin on any page (points from the bottom edge) and how many text-showing operators
/// use a font whose name contains each of `faces`.
fn pdf_text_facts(pdf: &Path, faces: &[&str]) -> (f64, Vec<usize>) {
    use hayro_syntax::content::ops::TypedInstruction;
    let bytes = std::fs::read(pdf).unwrap();
    let pdf = hayro_syntax::Pdf::new(std::sync::Arc::new(bytes)).expect("a PDF");
    let mut top = 0f64;
    let mut shows = vec![0usize; faces.len()];
    for page in pdf.pages().iter() {
        let mut y = 0f64;
        let mut font = String::new();
        // A lending iterator: each instruction borrows it.
        let mut ops = page.typed_operations();
        while let Some(op) = ops.next() {
            match op {
                TypedInstruction::Transform(t) => y = t.5.as_f64(),
                TypedInstruction::TextFont(f) => {
                    font = page
                        .resources()
                        .get_font(f.0)
                        .and_then(|d| d.get::<hayro_syntax::object::Name>(b"BaseFont"))
                        .map(|n| n.as_str().to_string())
                        .unwrap_or_default();
                }
                TypedInstruction::ShowText(_) | TypedInstruction::ShowTexts(_) => {
                    top = top.max(y);
                    for (face, count) in faces.iter().zip(shows.iter_mut()) {
                        if font.contains(face) {
                            *count += 1;
                        }
                    }
                }
                _ => {}
            }
        }
    }
    (top, shows)
}

/// The page and the headings of the Word edition come from `house.typ`, as the PDF's
/// do: an override that moves the top margin to 60 mm and sets the 一级标题 in 楷体
/// changes both editions.
#[test]
fn a_house_override_of_margins_and_heading_font_reaches_both_editions() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("tpl");
    let out = run!("templates", "export", templates);
    assert!(out.status.success());
    let house = templates.join("house.typ");
    let style = std::fs::read_to_string(&house).unwrap();
    let changed = style
        .replace(
            "#let portrait-margin = (top: 37mm,",
            "#let portrait-margin = (top: 60mm,",
        )
        .replace(
            "#let heading-face(level) = if level == 1 { font-hei }",
            "#let heading-face(level) = if level == 1 { font-kai }",
        );
    assert_eq!(
        changed.matches("60mm").count(),
        style.matches("60mm").count() + 1,
        "the margin to override is not in house.typ"
    );
    assert!(
        changed.contains("level == 1 { font-kai }"),
        "no heading-face"
    );
    std::fs::write(&house, changed).unwrap();

    let plain = dir.path().join("plain");
    let overridden = dir.path().join("overridden");
    let file = samples().join("songxi.xlsx");
    build(&file, &plain, &["--only", "plan"]);
    let tpl = templates.to_string_lossy().to_string();
    build(&file, &overridden, &["--only", "plan", "--templates", &tpl]);

    // The PDF: no text above the 60 mm margin any more; the 一级标题 (一、…六、) left
    // 黑体 for 楷体.
    let line_60mm = 841.89 - 60.0 * 72.0 / 25.4;
    let faces = ["FandolHei", "FandolKai"];
    let (plain_top, plain_shows) = pdf_text_facts(&plain.join("松溪区/实施方案.pdf"), &faces);
    let (top, shows) = pdf_text_facts(&overridden.join("松溪区/实施方案.pdf"), &faces);
    assert!(plain_top > line_60mm, "the plain PDF starts at {plain_top}");
    assert!(top <= line_60mm, "text at {top} pt above the 60 mm margin");
    assert!(
        shows[0] + 6 <= plain_shows[0] && shows[1] >= plain_shows[1] + 6,
        "黑体/楷体 text runs: {plain_shows:?} → {shows:?}"
    );

    // The Word edition: the same margin on its portrait sections, the same face in its
    // 一级标题 style.
    let word = |dir: &Path| parts(&dir.join("松溪区/实施方案.docx"));
    let (plain_word, word_parts) = (word(&plain), word(&overridden));
    let document = xml(&word_parts, "word/document.xml");
    assert!(
        xml(&plain_word, "word/document.xml").contains(r#"<w:pgMar w:top="2098""#),
        "the plain Word edition has the 37 mm margin"
    );
    assert!(
        document.contains(r#"<w:pgMar w:top="3402""#),
        "the 60 mm margin is not in the Word edition"
    );
    assert!(!document.contains(r#"<w:pgMar w:top="2098""#));
    let heading = style_xml(&xml(&word_parts, "word/styles.xml"), "Heading1");
    assert!(heading.contains(r#"w:eastAsia="楷体""#), "{heading}");
    let plain_heading = style_xml(&xml(&plain_word, "word/styles.xml"), "Heading1");
    assert!(
        plain_heading.contains(r#"w:eastAsia="黑体""#),
        "{plain_heading}"
    );
}
