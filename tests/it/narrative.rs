//! The narrative written in Word (`<工作簿名>.文字材料/*.docx`) and the live figures of
//! the narrative: what reaches the markup, the PDF and the Word edition; located notes for
//! what does not; placeholders; stale numbers and false all-met claims.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use junheng::documents::DocumentKind;
use junheng::narrative::figures;
use junheng::pipeline::{Input, Options, Project, prepare};

use crate::common::{DATE, renderer};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// A minimal .docx around a body (WordprocessingML), with the given extra parts.
fn docx(body: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="wp" xmlns:a="a" xmlns:w14="w14" xmlns:mc="mc" xmlns:wps="wps" xmlns:v="v"><w:body>{body}</w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document.as_bytes()).unwrap();
    for (name, bytes) in extra {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// A copy of a sample in a temporary folder, with a narrative folder holding `files`.
fn county_with(sample: &str, files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join(format!("{sample}.xlsx"));
    std::fs::copy(samples().join(format!("{sample}.xlsx")), &book).unwrap();
    if !files.is_empty() {
        let folder = dir.path().join(format!("{sample}.文字材料"));
        std::fs::create_dir(&folder).unwrap();
        for (name, bytes) in files {
            std::fs::write(folder.join(name), bytes).unwrap();
        }
    }
    (dir, book)
}

fn zip_entry(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut entry = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    entry.read_to_end(&mut out).ok()?;
    Some(out)
}

/// Every image XObject of a PDF, as (width, height) in pixels.
fn pdf_images(pdf: &[u8]) -> Vec<(i64, i64)> {
    use hayro_syntax::object::{Dict, Name, Object};
    let Ok(doc) = hayro_syntax::Pdf::new(pdf.to_vec()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for obj in doc.objects() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        let dict: &Dict = stream.dict();
        let is_image = dict
            .get::<Name>(&b"Subtype"[..])
            .is_some_and(|n| n.as_ref() == b"Image");
        if is_image {
            let w = dict.get::<i64>(&b"Width"[..]).unwrap_or(0);
            let h = dict.get::<i64>(&b"Height"[..]).unwrap_or(0);
            out.push((w, h));
        }
    }
    out
}

/// The sample's 主要做法与成效 is written in Word: sub-headings, runs, lists, a table
/// with merged cells and a photo reach the markup, the PDF and the Word edition, with
/// the live figures filled.
#[test]
fn qinghe_narrative_in_word_reaches_both_editions() {
    let prepared = prepare(&samples().join("qinghe.xlsx"), Some(DATE)).unwrap();
    let section = prepared
        .county
        .narrative
        .section("主要做法与成效")
        .expect("the sample's .docx section");
    assert!(
        section.file.ends_with("主要做法与成效.docx"),
        "{}",
        section.file
    );
    assert_eq!(prepared.assets.len(), 1);
    // The sheet's own 主要做法与成效 is set aside, with a warning at its row.
    assert!(
        prepared
            .warnings
            .iter()
            .any(|w| w.message.contains("已由文件") && w.row.is_some()),
        "{:?}",
        prepared.warnings
    );
    let mean = prepared.figures.get("1.6/小学/均值").unwrap().clone();
    let schools = prepared.figures.get("学校数").unwrap().clone();
    assert_eq!(schools, prepared.county.schools.len().to_string());

    let markup = junheng::documents::markup(
        renderer(),
        DocumentKind::Report,
        &prepared.county,
        &prepared.evaluation,
        prepared.date,
    )
    .unwrap();
    let narrative = &markup[markup.find("第三部分").unwrap()..markup.find("第四部分").unwrap()];
    assert!(
        narrative.contains("== （一）坚持规划先行，学校布局持续优化"),
        "{narrative}"
    );
    assert!(
        narrative.contains("=== 1．新建改扩建一批学校"),
        "{narrative}"
    );
    assert!(
        narrative.contains("#strong[规划引领，扩容提质。]"),
        "{narrative}"
    );
    assert!(narrative.contains("#emph[图为2025年建成投用的滨河小学新校区。]"));
    assert!(narrative.contains(&format!("全区现有义务教育学校{schools}所")));
    assert!(
        narrative.contains(&format!("分别达到{mean}元")),
        "{narrative}"
    );
    assert!(!narrative.contains('〔'), "a placeholder left: {narrative}");
    // The numbered list counts, the bullets are bullets.
    assert!(narrative.contains("（1）完成白沙学校") && narrative.contains("（3）小学"));
    assert!(narrative.contains("● 建立城乡学校结对帮扶"));
    // Merged cells: 校舍建设 spans two rows, 装备投入 two columns; the header row repeats.
    assert!(
        narrative.contains("#narrative-table(\n  columns: 4,"),
        "{narrative}"
    );
    assert!(narrative.contains("table.cell(colspan: 1, rowspan: 2)[校舍建设]"));
    assert!(narrative.contains("table.cell(colspan: 2, rowspan: 1)[装备投入（万元）]"));
    assert!(narrative.contains("header: (table.cell(colspan: 1, rowspan: 1)[类别]"));
    assert!(narrative.contains("#narrative-image(\"/narrative/1.png\", width: 120 * 1mm)"));

    // The PDF carries the photo (360 × 240 pixels) and the table's text.
    let compiled = renderer()
        .compile_with(markup.clone(), prepared.date, "test", &prepared.assets)
        .unwrap();
    let images = pdf_images(&compiled.pdf);
    assert!(images.contains(&(360, 240)), "{images:?}");

    // The Word edition: the same headings, the table with its merges, the photo.
    let word = renderer()
        .docx_with(&markup, prepared.date, "test", &prepared.assets)
        .unwrap();
    assert!(word.dropped.is_empty(), "{:?}", word.dropped);
    let paras = word.paragraphs.join("\n");
    for text in [
        "（一）坚持规划先行，学校布局持续优化",
        "校舍建设",
        "改扩建学校（所）",
        "装备投入（万元）",
        "1020",
    ] {
        assert!(paras.contains(text), "{text} missing from the Word edition");
    }
    let xml = String::from_utf8(zip_entry(&word.bytes, "word/document.xml").unwrap()).unwrap();
    assert!(
        xml.contains(r#"<w:gridSpan w:val="2"/>"#),
        "no merged columns"
    );
    assert!(xml.contains("<w:vMerge"), "no merged rows");
    assert!(xml.contains("<w:i/>"), "no italic run");
    let media: Vec<String> = {
        let zip = zip::ZipArchive::new(Cursor::new(&word.bytes[..])).unwrap();
        zip.file_names()
            .filter_map(Result::ok)
            .filter(|n| n.starts_with("word/media/"))
            .map(|n| n.to_string())
            .collect()
    };
    // The report's charts are pictures too: the photo is one more than without it.
    let plain = prepare(&county_with("qinghe", &[]).1, Some(DATE)).unwrap();
    let plain_markup = junheng::documents::markup(
        renderer(),
        DocumentKind::Report,
        &plain.county,
        &plain.evaluation,
        plain.date,
    )
    .unwrap();
    let plain_word = renderer().docx(&plain_markup, plain.date, "test").unwrap();
    let plain_media = zip::ZipArchive::new(Cursor::new(&plain_word.bytes[..]))
        .unwrap()
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("word/media/"))
        .count();
    assert_eq!(media.len(), plain_media + 1, "{media:?}");
}

/// Comments, pending tracked changes, text boxes, fields and external pictures are named
/// with the file and the paragraph; the text of a pending insertion is kept, a
/// deletion's is not.
#[test]
fn what_word_has_and_the_documents_do_not_is_warned_of_by_paragraph() {
    let body = [
        p("（一）第一条"),
        r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>有批注的段落。</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#.to_string(),
        r#"<w:p><w:r><w:t>保留</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>插入的字</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>删去的字</w:delText></w:r></w:del></w:p>"#.to_string(),
        r#"<w:p><w:r><w:t>文本框前</w:t></w:r><w:r><w:drawing><wp:anchor><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>框中字</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></wp:anchor></w:drawing></w:r></w:p>"#.to_string(),
        r#"<w:p><w:r><w:t>第</w:t></w:r><w:fldSimple w:instr="PAGE"><w:r><w:t>3</w:t></w:r></w:fldSimple><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DATE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2026年</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#.to_string(),
        r#"<w:p><w:r><w:drawing><wp:inline><wp:extent cx="100" cy="100"/><a:graphic><a:blip r:link="rIdX"/></a:graphic></wp:inline></w:drawing></w:r></w:p>"#.to_string(),
    ]
    .join("");
    let (_dir, book) = county_with("qinghe", &[("典型经验.docx", docx(&body, &[]))]);
    let prepared = prepare(&book, Some(DATE)).unwrap();
    let notes: Vec<String> = prepared
        .warnings
        .iter()
        .filter(|w| w.sheet.ends_with("典型经验.docx"))
        .map(|w| w.message.clone())
        .collect();
    let at = |para: &str, what: &str| {
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with(para) && n.contains(what)),
            "{para} {what}: {notes:?}"
        )
    };
    at("第2段（“有批注的段落。", "批注");
    at("第3段", "修订（插入）");
    at("第3段", "修订（删除）");
    at("第4段", "文本框");
    at("第5段", "域");
    at("第6段", "链接到文件外的图片");
    // 典型经验 belongs to the report: after 主要做法与成效, not in the plan.
    let text = &prepared.county.texts["典型经验"];
    assert!(
        text.contains("保留插入的字") && !text.contains("删去的字"),
        "{text}"
    );
    assert!(!text.contains("框中字"));
    assert!(text.contains("第3") && text.contains("2026年") && !text.contains("DATE"));
    let report = junheng::documents::markup(
        renderer(),
        DocumentKind::Report,
        &prepared.county,
        &prepared.evaluation,
        prepared.date,
    )
    .unwrap();
    assert!(report.contains("== 典型经验"), "典型经验 not in the report");
    let plan = junheng::documents::markup(
        renderer(),
        DocumentKind::Plan,
        &prepared.county,
        &prepared.evaluation,
        prepared.date,
    )
    .unwrap();
    // (The sample's 保障措施 mentions 典型经验 in a sentence; no section is named so.)
    assert!(
        !plan.contains("、典型经验\n"),
        "典型经验 landed in the plan"
    );
    assert!(
        !plan.contains("保留插入的字"),
        "典型经验 landed in the plan"
    );
}

/// One file with a Heading 1 per section; text before the first is named, not lost.
#[test]
fn one_file_holds_several_sections_by_heading_one() {
    let styles = br#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/></w:style></w:styles>"#;
    let h = |style: &str, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = [
        p("前言之前的一段。"),
        h("1", "五、存在问题"),
        h("2", "（一）短板"),
        p("学位偏紧。"),
        h("1", "六、努力方向"),
        p("加快建设。"),
    ]
    .join("");
    let rels =
        br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#;
    let (_dir, book) = county_with(
        "qinghe",
        &[(
            "文字材料.docx",
            docx(
                &body,
                &[
                    ("word/styles.xml", styles),
                    ("word/_rels/document.xml.rels", rels),
                ],
            ),
        )],
    );
    let prepared = prepare(&book, Some(DATE)).unwrap();
    let n = &prepared.county.narrative;
    let names: Vec<&str> = n.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["存在问题", "努力方向"]);
    assert_eq!(prepared.county.texts["努力方向"], "加快建设。");
    assert!(
        prepared
            .warnings
            .iter()
            .any(|w| w.message.starts_with("第1段起") && w.message.contains("不属于任何章节")),
        "{:?}",
        prepared.warnings
    );
    let report = junheng::documents::markup(
        renderer(),
        DocumentKind::Report,
        &prepared.county,
        &prepared.evaluation,
        prepared.date,
    )
    .unwrap();
    assert!(
        report.contains("== （一）短板"),
        "Heading 2 is a level-2 heading"
    );
}

/// A hostile or broken .docx is refused with its name; nothing reads outside the zip.
#[test]
fn a_broken_docx_is_a_located_error() {
    let (_dir, book) = county_with("qinghe", &[("主要做法与成效.docx", b"not a zip".to_vec())]);
    let problems = prepare(&book, Some(DATE)).err().expect("an error");
    assert!(
        problems.iter().any(|p| p.is_error()
            && p.sheet.ends_with("主要做法与成效.docx")
            && p.message.contains("不是 Word 文件")),
        "{problems:?}"
    );
    // Nesting past the bound is refused, not recursed into.
    let deep = "<w:p>".repeat(500) + &"</w:p>".repeat(500);
    let (_dir, book) = county_with("qinghe", &[("主要做法与成效.docx", docx(&deep, &[]))]);
    let problems = prepare(&book, Some(DATE)).err().expect("an error");
    assert!(
        problems.iter().any(|p| p.message.contains("嵌套")),
        "{problems:?}"
    );
}

/// Placeholders print the figures; an unknown one stops the build at its place.
#[test]
fn unknown_placeholders_are_located_errors() {
    let body = [p("全区〔学校数〕所学校。"), p("共有〔学校总数〕所。")].join("");
    let (_dir, book) = county_with("qinghe", &[("存在问题.docx", docx(&body, &[]))]);
    let problems = prepare(&book, Some(DATE))
        .err()
        .expect("an unknown placeholder");
    let error = problems
        .iter()
        .find(|p| p.is_error() && p.message.contains("〔学校总数〕"))
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert!(error.sheet.ends_with("存在问题.docx"));
    assert!(
        error.message.starts_with("第2段：占位符〔学校总数〕不是"),
        "{}",
        error.message
    );
    // The known one in the first paragraph is no error.
    assert_eq!(
        problems.iter().filter(|p| p.is_error()).count(),
        1,
        "{problems:?}"
    );
}

/// In the 文字材料 sheet a placeholder works too, and an unknown one names its row.
#[test]
fn placeholders_in_the_sheet_name_their_row() {
    let prepared = prepare(&samples().join("songxi.xlsx"), Some(DATE)).unwrap();
    let mut county = prepared.county.clone();
    county.texts.insert(
        "存在问题".into(),
        "共〔学校数〕所。\n【学校数】所，〔小学/均值〕".into(),
    );
    county.text_line_rows.insert("存在问题".into(), vec![7, 8]);
    let problems = figures::fill(&mut county, &prepared.figures);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].row, Some(8));
    assert_eq!(problems[0].sheet, "文字材料");
    let n = prepared.figures["学校数"].clone();
    assert!(county.texts["存在问题"].starts_with(&format!("共{n}所。\n{n}所，")));
}

/// A number the narrative restates goes stale when a correction changes it: `build` over
/// the previous output, `check -o` and `diff` say so, at the narrative's row.
#[test]
fn stale_figures_are_warned_of_after_a_correction() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = crate::cli_diff::planted(dir.path());
    let out = dir.path().join("out");
    let project = Project::with_fonts(
        None,
        Options {
            date: Some(DATE),
            formats: vec![junheng::pipeline::Format::Pdf],
            kinds: vec![DocumentKind::Duties],
            ..Options::default()
        },
    )
    .unwrap();
    let first = project
        .build(Input::Path(&old), &out, false, &mut |_| {})
        .unwrap();
    let kept = first.dir.join(figures::FIGURES_FILE);
    let previous: std::collections::BTreeMap<String, String> =
        serde_json::from_slice(&std::fs::read(&kept).unwrap()).unwrap();
    // The sample's narrative says 分别达到2261元、2805元.
    assert_eq!(previous["1.6/小学/均值"], "2261");
    let second = project
        .build(Input::Path(&new), &out, false, &mut |_| {})
        .unwrap();
    let stale: Vec<_> = second
        .warnings
        .iter()
        .filter(|w| w.message.contains("上次生成时〔1.6/小学/均值〕"))
        .collect();
    assert_eq!(stale.len(), 1, "{:?}", second.warnings);
    assert_eq!(stale[0].sheet, "文字材料");
    assert!(stale[0].row.is_some());
    assert!(
        stale[0].message.starts_with("“2261”"),
        "{}",
        stale[0].message
    );
    // Unchanged figures restated in the narrative (2805) are not warned of.
    assert!(
        !second
            .warnings
            .iter()
            .any(|w| w.message.starts_with("“2805”"))
    );

    // check -o compares with what the output folder holds (now the new figures: quiet),
    // diff compares the two workbooks.
    let fonts = junheng::render::fonts::FontSet::bundled();
    let checked = junheng::pipeline::check_against(&new, &fonts, DATE, Some(&out));
    assert!(!checked.iter().any(|p| p.message.contains("上次生成时")));
    std::fs::write(&kept, serde_json::to_vec(&previous).unwrap()).unwrap();
    let checked = junheng::pipeline::check_against(&new, &fonts, DATE, Some(&out));
    assert!(
        checked
            .iter()
            .any(|p| p.message.contains("“2261”是上次生成时"))
    );
    let a = prepare(&old, Some(DATE)).unwrap();
    let b = prepare(&new, Some(DATE)).unwrap();
    let from_diff = figures::stale_numbers(&b.county, &a.figures, &b.figures);
    assert!(
        from_diff.iter().any(|p| p.message.contains("“2261”")),
        "{from_diff:?}"
    );
}

/// A sentence claiming all is met where the data says otherwise is warned of; the same
/// sentence about a county that meets everything is not.
#[test]
fn false_all_met_claims_are_warned_of() {
    let claims = "资源配置7项指标所有学校全部达标。\n各项指标差异系数均在0.45以下。\n第2.11项指标均已达到要求。";
    let mut failing = prepare(&samples().join("failing.xlsx"), Some(DATE)).unwrap();
    failing
        .county
        .texts
        .insert("存在问题".into(), claims.into());
    failing
        .county
        .text_line_rows
        .insert("存在问题".into(), vec![5, 6, 7]);
    let warnings = figures::false_claims(&failing.county, &failing.evaluation);
    let rows: Vec<Option<u32>> = warnings.iter().map(|w| w.row).collect();
    assert!(rows.contains(&Some(5)), "{warnings:?}");
    assert!(rows.contains(&Some(6)), "{warnings:?}");
    assert!(
        warnings
            .iter()
            .all(|w| w.message.contains("与测算结果不符"))
    );
    let mut passing = prepare(&samples().join("qingyang.xlsx"), Some(DATE)).unwrap();
    passing
        .county
        .texts
        .insert("存在问题".into(), claims.into());
    let none = figures::false_claims(&passing.county, &passing.evaluation);
    assert!(none.is_empty(), "{none:?}");
}

/// Text pasted from Word into the sheet: a blank 章节 continues the section above.
#[test]
fn a_blank_section_name_continues_the_row_above() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = crate::common::Book::open(&samples().join("qinghe.xlsx"));
    use calamine::Data;
    book.push_row(
        "文字材料",
        vec![
            Data::String("典型经验".into()),
            Data::String("第一段。".into()),
        ],
    );
    book.push_row(
        "文字材料",
        vec![Data::Empty, Data::String("第二段。".into())],
    );
    book.push_row(
        "文字材料",
        vec![Data::Empty, Data::String("第三段。".into())],
    );
    let path = dir.path().join("pasted.xlsx");
    book.save(&path);
    let prepared = prepare(&path, Some(DATE)).unwrap();
    assert_eq!(
        prepared.county.texts["典型经验"],
        "第一段。\n第二段。\n第三段。"
    );
}
