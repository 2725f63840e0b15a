//! Writes the sample narrative written in Word: `samples/qinghe.文字材料/主要做法与成效.docx`,
//! with two levels of sub-headings, bold and italic runs, a numbered and a bulleted
//! list, a table with merged cells, a photo (a small PNG drawn here) and live figures
//! (`〔学校数〕`, `〔1.6/小学/均值〕` …).
//!
//! ```text
//! cargo run --example make_narrative
//! ```
//!
//! The .docx is written as Word writes it (WordprocessingML in a zip), with the part
//! names, styles and numbering definitions of Word's own files, so that the reader is
//! exercised as on a real one. Everything in it is invented.

use std::io::{Cursor, Write};
use std::path::Path;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture""#;

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A run: (text, bold, italic).
fn run(text: &str, bold: bool, italic: bool) -> String {
    let mut props = String::new();
    if bold {
        props.push_str("<w:b/>");
    }
    if italic {
        props.push_str("<w:i/>");
    }
    let props = if props.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    format!(
        r#"<w:r>{props}<w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

fn para(style: Option<&str>, num: Option<(u32, u32)>, runs: &[(&str, bool, bool)]) -> String {
    let mut ppr = String::new();
    if let Some(s) = style {
        ppr.push_str(&format!(r#"<w:pStyle w:val="{s}"/>"#));
    }
    if let Some((id, level)) = num {
        ppr.push_str(&format!(
            r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{id}"/></w:numPr>"#
        ));
    }
    let ppr = if ppr.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{ppr}</w:pPr>")
    };
    let body: String = runs.iter().map(|(t, b, i)| run(t, *b, *i)).collect();
    format!("<w:p>{ppr}{body}</w:p>")
}

fn plain(text: &str) -> String {
    para(None, None, &[(text, false, false)])
}

fn heading(level: u8, text: &str) -> String {
    para(
        Some(&format!("Heading{level}")),
        None,
        &[(text, false, false)],
    )
}

/// A cell: text, grid span, vertical merge (`restart`/`continue`).
fn cell(text: &str, span: u32, vmerge: Option<&str>) -> String {
    let mut tcpr = String::from(r#"<w:tcW w:w="0" w:type="auto"/>"#);
    if span > 1 {
        tcpr.push_str(&format!(r#"<w:gridSpan w:val="{span}"/>"#));
    }
    match vmerge {
        Some("restart") => tcpr.push_str(r#"<w:vMerge w:val="restart"/>"#),
        Some(_) => tcpr.push_str("<w:vMerge/>"),
        None => {}
    }
    let p = if text.is_empty() {
        "<w:p/>".to_string()
    } else {
        plain(text)
    };
    format!("<w:tc><w:tcPr>{tcpr}</w:tcPr>{p}</w:tc>")
}

fn table() -> String {
    let header = format!(
        r#"<w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}{}{}</w:tr>"#,
        cell("类别", 1, None),
        cell("项目", 1, None),
        cell("2024年", 1, None),
        cell("2025年", 1, None)
    );
    let rows = [
        format!(
            "<w:tr>{}{}{}{}</w:tr>",
            cell("校舍建设", 1, Some("restart")),
            cell("新建学校（所）", 1, None),
            cell("1", 1, None),
            cell("2", 1, None)
        ),
        format!(
            "<w:tr>{}{}{}{}</w:tr>",
            cell("", 1, Some("continue")),
            cell("改扩建学校（所）", 1, None),
            cell("3", 1, None),
            cell("4", 1, None)
        ),
        format!(
            "<w:tr>{}{}{}</w:tr>",
            cell("装备投入（万元）", 2, None),
            cell("860", 1, None),
            cell("1020", 1, None)
        ),
    ];
    format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2600"/><w:gridCol w:w="1800"/><w:gridCol w:w="1800"/></w:tblGrid>{header}{}</w:tbl>"#,
        rows.join("")
    )
}

/// A picture paragraph: 120 mm wide, 3:2.
fn picture() -> String {
    let cx = 120 * 36_000;
    let cy = 80 * 36_000;
    format!(
        r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="图片 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="school.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImage1"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
    )
}

/// A small "photo" of a school building: sky, playground, a building with windows.
fn photo() -> Vec<u8> {
    let (w, h) = (360u32, 240u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let building = (70..290).contains(&x) && (70..180).contains(&y);
        let window = building
            && (x - 70) % 30 > 8
            && (x - 70) % 30 < 22
            && (y - 70) % 30 > 10
            && (y - 70) % 30 < 22;
        let door = (165..195).contains(&x) && (145..180).contains(&y);
        let flag =
            x == 300 && (40..180).contains(&y) || (301..330).contains(&x) && (40..58).contains(&y);
        if flag {
            image::Rgb([200, 30, 30])
        } else if door {
            image::Rgb([90, 60, 40])
        } else if window {
            image::Rgb([170, 210, 240])
        } else if building {
            image::Rgb([235, 225, 200])
        } else if y >= 180 {
            // The running track and the playground.
            if (195..215).contains(&y) {
                image::Rgb([190, 80, 60])
            } else {
                image::Rgb([80, 160, 80])
            }
        } else {
            let t = (y * 100 / 180) as u8;
            image::Rgb([120 + t, 170 + t / 2, 230])
        }
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode the photo");
    out.into_inner()
}

fn document() -> String {
    let body = [
        heading(1, "（一）坚持规划先行，学校布局持续优化"),
        para(
            None,
            None,
            &[
                ("规划引领，扩容提质。", true, false),
                ("全区现有义务教育学校〔学校数〕所，在校生〔在校生数〕人，专任教师〔专任教师数〕人。2016年通过国家义务教育基本均衡发展督导评估认定以来，区委、区政府把义务教育摆在优先发展位置，编制实施中小学校布局专项规划。", false, false),
            ],
        ),
        heading(2, "1．新建改扩建一批学校"),
        plain("累计新建、改扩建学校6所，新增学位5400个，近两年校舍建设和装备投入如下表。"),
        table(),
        picture(),
        para(None, None, &[("图为2025年建成投用的滨河小学新校区。", false, true)]),
        heading(2, "2．补齐乡村学校短板"),
        para(Some("ListParagraph"), Some((1, 0)), &[("完成白沙学校整体改造，乡村学校办学条件整体提升；", false, false)]),
        para(Some("ListParagraph"), Some((1, 0)), &[("实现班班通、校校通全覆盖；", false, false)]),
        para(Some("ListParagraph"), Some((1, 0)), &[("小学、初中生均教学仪器设备值分别达到〔1.6/小学/均值〕元、〔1.6/初中/均值〕元。", false, false)]),
        heading(1, "（二）坚持人才强教，师资配置更加均衡"),
        plain("全面推行“区管校聘”管理改革，近三年公开招聘教师156名，其中音体美教师38名，优先补充乡镇学校。主要举措有："),
        para(Some("ListParagraph"), Some((2, 0)), &[("建立城乡学校结对帮扶和骨干教师交流机制；", false, false)]),
        para(Some("ListParagraph"), Some((2, 0)), &[("教师平均工资收入持续", false, false), ("不低于", true, false), ("本区公务员平均工资收入水平。", false, false)]),
        heading(1, "（三）坚持内涵发展，教育质量稳步提升"),
        plain("组建实验小学、第一中学两个教育集团，以“紧密型集团＋城乡结对”方式覆盖全部乡镇学校。深入落实“双减”要求，课后服务实现有需求学生全覆盖。"),
    ]
    .join("");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    )
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style></w:styles>"#;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rIdImage1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>"#;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/qinghe.文字材料");
    std::fs::create_dir_all(&dir).expect("create the folder");
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // A fixed time: the file is the same bytes on every run.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(
            zip::DateTime::from_date_and_time(2026, 3, 1, 0, 0, 0).expect("a valid date"),
        );
    let parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        ("word/document.xml", document().into_bytes()),
        ("word/styles.xml", STYLES.as_bytes().to_vec()),
        ("word/numbering.xml", NUMBERING.as_bytes().to_vec()),
        ("word/_rels/document.xml.rels", DOC_RELS.as_bytes().to_vec()),
        ("word/media/image1.png", photo()),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(&bytes).expect("zip write");
    }
    let bytes = zip.finish().expect("zip finish").into_inner();
    let path = dir.join("主要做法与成效.docx");
    std::fs::write(&path, bytes).expect("write the .docx");
    println!("{}", path.display());
}
