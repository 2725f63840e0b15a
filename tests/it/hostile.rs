//! Hostile and sloppy workbooks, built here from small generators: each must be answered
//! within seconds by a located Chinese error or warning, by the CLI running under an
//! address-space limit (`ulimit -v`, 2 GB), never by an allocation abort or a blank.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use calamine::Data;
use rust_xlsxwriter::Workbook;

use crate::common::{Book, sample};

/// Address space allowed to the CLI in these tests, in KiB.
const ADDRESS_SPACE_KIB: u64 = 2_000_000;

/// `junheng ARGS` under the address-space limit, with how long it took.
fn limited(args: &[&Path]) -> (Output, Duration) {
    let started = Instant::now();
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {ADDRESS_SPACE_KIB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_junheng"))
        .args(args)
        .output()
        .expect("run junheng under ulimit");
    (output, started.elapsed())
}

/// `junheng check FILE` under the limit: exit code 1, within seconds, and stderr.
fn refused(file: &Path) -> String {
    let (output, took) = limited(&[Path::new("check"), file]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(took < Duration::from_secs(20), "took {took:?}: {stderr}");
    assert!(!stderr.contains("memory allocation"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// A zip of `(name, bytes)` entries, the first stored (as .ods wants its mimetype).
fn zip(path: &Path, entries: &[(&str, Vec<u8>)]) {
    let file = std::fs::File::create(path).expect("create");
    let mut out = zip::ZipWriter::new(file);
    for (i, (name, bytes)) in entries.iter().enumerate() {
        let options = if i == 0 {
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored)
        } else {
            zip::write::SimpleFileOptions::default()
        };
        out.start_file(*name, options).expect("start");
        out.write_all(bytes).expect("write");
    }
    out.finish().expect("finish");
}

/// An .ods whose one table `学校` has the rows `rows` (table:table-row elements).
fn ods(path: &Path, rows: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="学校">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip(
        path,
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            ),
            ("content.xml", content.into_bytes()),
            (
                "META-INF/manifest.xml",
                br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.to_vec(),
            ),
        ],
    );
}

/// An .xlsx of one sheet `学校` with the given `<sheetData>` content and shared strings.
fn xlsx(path: &Path, sheet_data: &str, shared: &[String]) {
    let strings: String = shared
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    zip(
        path,
        &[
            (
                "[Content_Types].xml",
                br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_vec(),
            ),
            (
                "_rels/.rels",
                br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="学校" sheetId="1" r:id="rId1"/></sheets></workbook>"#.as_bytes().to_vec(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_vec(),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#).into_bytes(),
            ),
            (
                "xl/sharedStrings.xml",
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">{strings}</sst>"#, shared.len()).into_bytes(),
            ),
        ],
    );
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

#[test]
fn an_ods_repeating_one_long_string_is_refused_at_its_cell() {
    let dir = temp();
    let path = dir.path().join("repeat.ods");
    // 36 KB that calamine would grow past 24 GB: a 10,000-character string repeated in
    // 1,000 columns of 100,000 rows.
    let long = "字".repeat(10_000);
    ods(
        &path,
        &format!(
            r#"<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>{long}</text:p></table:table-cell></table:table-row>"#
        ),
    );
    assert!(std::fs::metadata(&path).expect("meta").len() < 100_000);
    let stderr = refused(&path);
    assert!(
        stderr.contains("错误：工作表「学校」 第1行 A列：工作簿中的"),
        "{stderr}"
    );
}

#[test]
fn an_ods_of_a_million_repeated_rows_that_look_empty_is_refused() {
    let dir = temp();
    let path = dir.path().join("rows.ods");
    ods(
        &path,
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>学校名称</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string"><text:p> </text:p></table:table-cell></table:table-row>"#,
    );
    let stderr = refused(&path);
    assert!(
        stderr.contains("错误：工作表「学校」 第2行 A列：工作簿中的非空单元格超过 100 万个"),
        "{stderr}"
    );
}

#[test]
fn an_ods_value_far_below_a_million_empty_rows_is_refused() {
    let dir = temp();
    let path = dir.path().join("far.ods");
    ods(
        &path,
        r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"/><table:table-cell table:number-columns-repeated="20" office:value-type="float" office:value="2"/></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="30"/></table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
    );
    let stderr = refused(&path);
    assert!(stderr.contains("工作表的数据区域过大"), "{stderr}");
}

#[test]
fn an_xlsx_whose_cells_all_point_at_one_long_shared_string_is_refused() {
    let dir = temp();
    let path = dir.path().join("fanout.xlsx");
    // 100,000 cells referring to one 100,000-character string: 10 GB if materialised.
    let mut rows = String::new();
    for r in 1..=10_000 {
        rows.push_str(&format!(r#"<row r="{r}">"#));
        for c in ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"] {
            rows.push_str(&format!(r#"<c r="{c}{r}" t="s"><v>0</v></c>"#));
        }
        rows.push_str("</row>");
    }
    xlsx(&path, &rows, &["甲".repeat(30_000)]);
    let stderr = refused(&path);
    assert!(stderr.contains("错误：工作表「学校」 第"), "{stderr}");
    assert!(
        stderr.contains("工作簿中的文字总量超过 32 MB，读到此单元格时停止"),
        "{stderr}"
    );
}

#[test]
fn a_cell_longer_than_excel_allows_is_refused_at_its_place() {
    let dir = temp();
    let path = dir.path().join("long.xlsx");
    let long = "说".repeat(40_000);
    xlsx(
        &path,
        &format!(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="3"><c r="C3" t="inlineStr"><is><t>{long}</t></is></c></row>"#
        ),
        &["学校名称".to_string()],
    );
    let stderr = refused(&path);
    assert!(
        stderr.contains(
            "错误：工作表「学校」 第3行 C列：单元格中的文字过长（40000 个字符，上限 32767 个，与 Excel 相同）"
        ),
        "{stderr}"
    );
}

/// The bundled sample as a compound-file .xls (converted by LibreOffice, kept in the
/// fixtures).
fn sample_xls() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/qinghe.xls")
}

#[test]
fn an_xls_whose_sector_chain_loops_is_read_in_seconds() {
    let mut bytes = std::fs::read(sample_xls()).expect("read the .xls fixture");
    // Header: sector size 2^u16 at 0x1E, first directory sector at 0x30, first FAT
    // sector in the DIFAT at 0x4C. Point the directory's FAT entry at itself.
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let sector = 1usize << u16::from_le_bytes([bytes[0x1E], bytes[0x1F]]);
    let directory = u32_at(&bytes, 0x30);
    let fat = u32_at(&bytes, 0x4C) as usize;
    let entry = (fat + 1) * sector + directory as usize * 4;
    bytes[entry..entry + 4].copy_from_slice(&directory.to_le_bytes());
    let dir = temp();
    let path = dir.path().join("loop.xls");
    std::fs::write(&path, &bytes).expect("write");
    // calamine's own container reader follows this chain for ever, growing; the
    // validated copy given to it ends the chain, so the workbook reads in seconds.
    let (output, took) = limited(&[Path::new("check"), &path]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(took < Duration::from_secs(20), "took {took:?}: {stderr}");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{:?}: {stderr}",
        output.status
    );
    assert!(stderr.contains("loop.xls"), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("memory"),
        "{stderr}"
    );
}

/// The sample with the cells `formulas` ((sheet, item, formula) in an item sheet)
/// written as formulas without a saved result, as scripts write them.
fn sample_with_unsaved_formulas(path: &Path, formulas: &[(&str, &str, &str)]) {
    let mut book = Book::open(&sample());
    let mut places = Vec::new();
    for (sheet, item, formula) in formulas {
        let (_, value_col) = book.header(sheet, "内容");
        let (_, key_col) = book.header(sheet, "项目");
        let row = book.row_of(sheet, key_col, item);
        book.set(sheet, row, value_col, Data::Empty);
        places.push((
            sheet.to_string(),
            row as u32,
            value_col as u16,
            formula.to_string(),
        ));
    }
    let mut wb = Workbook::new();
    for (name, grid) in &book.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).expect("name");
        for (r, row) in grid.iter().enumerate() {
            for (c, d) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match d {
                    Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                    Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()),
                    Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()),
                    Data::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                    Data::DateTime(dt) => ws.write_number(r, c, dt.as_f64()).map(|_| ()),
                    _ => Ok(()),
                }
                .expect("write");
            }
        }
        for (sheet, r, c, formula) in &places {
            if sheet == name {
                ws.write_formula(*r, *c, formula.as_str()).expect("formula");
            }
        }
    }
    let bytes = wb.save_to_buffer().expect("save");
    // Drop the results rust_xlsxwriter saves with each formula.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let name = file.name().expect("entry name").to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut data).expect("read");
        if name.starts_with("xl/worksheets/") {
            let text = String::from_utf8(data).expect("utf-8");
            let mut out = String::new();
            let mut rest = text.as_str();
            while let Some(at) = rest.find("</f><v>") {
                out.push_str(&rest[..at + 4]);
                let after = &rest[at + 4..];
                let end = after.find("</v>").expect("end of value") + 4;
                rest = &after[end..];
            }
            out.push_str(rest);
            data = out.into_bytes();
        }
        entries.push((name, data));
    }
    let named: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.clone()))
        .collect();
    // Keep [Content_Types].xml first as Excel does (the stored first entry is harmless).
    zip(path, &named);
}

#[test]
fn a_formula_without_a_saved_result_is_a_located_error_not_a_blank() {
    let dir = temp();
    let path = dir.path().join("formulas.xlsx");
    sample_with_unsaved_formulas(&path, &[("基本信息", "县区名称", "=\"清禾\"&\"区\"")]);
    let stderr = refused(&path);
    assert!(
        stderr.contains("错误：工作表「基本信息」 第")
            && stderr.contains("该单元格是公式，但文件中没有保存公式的计算结果")
            && stderr.contains("请用 Excel、WPS 或 LibreOffice 打开该文件，保存一次后再试"),
        "{stderr}"
    );
}

#[test]
fn an_ods_formula_without_a_saved_result_is_a_located_error() {
    let dir = temp();
    let path = dir.path().join("formula.ods");
    ods(
        &path,
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>学校名称</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>学校类型</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>甲小学</text:p></table:table-cell><table:table-cell table:formula="of:=&quot;小学&quot;"/></table:table-row>"#,
    );
    let stderr = refused(&path);
    assert!(
        stderr.contains("错误：工作表「学校」 第2行 B（学校类型）列：该单元格是公式，但文件中没有保存公式的计算结果"),
        "{stderr}"
    );
}

/// `junheng check` of the sample changed by `change`: (exit code, stderr).
fn check_changed(change: impl FnOnce(&mut Book)) -> (Option<i32>, String) {
    let dir = temp();
    let path = dir.path().join("changed.xlsx");
    let mut book = Book::open(&sample());
    change(&mut book);
    book.save(&path);
    let (output, took) = limited(&[Path::new("check"), &path]);
    assert!(took < Duration::from_secs(20), "took {took:?}");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

#[test]
fn a_school_name_plus_a_zero_width_space_is_the_same_school_and_is_reported() {
    let (code, stderr) = check_changed(|book| {
        let (header, col) = book.header("学校", "学校名称");
        let first = book.get("学校", header + 1, col);
        let Data::String(name) = first else {
            panic!("first school has no name: {first:?}")
        };
        book.set(
            "学校",
            header + 2,
            col,
            Data::String(format!("{name}\u{200B}")),
        );
    });
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("警告：工作表「学校」 第") && stderr.contains("U+200B（零宽空格），已删除"),
        "{stderr}"
    );
    assert!(stderr.contains("重复"), "{stderr}");
}

#[test]
fn a_county_name_of_only_invisible_characters_is_refused() {
    let (code, stderr) = check_changed(|book| {
        book.set_item(
            "基本信息",
            "县区名称",
            Data::String("\u{200B}\u{FEFF} \u{200D}".to_string()),
        );
    });
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("看不见的字符"), "{stderr}");
    assert!(
        stderr.contains("错误：工作表「基本信息」 第2行 B（内容）列：「县区名称」必须填写"),
        "{stderr}"
    );
}

#[test]
fn escape_sequences_in_a_cell_do_not_reach_the_terminal() {
    let (_, stderr) = check_changed(|book| {
        book.set_item(
            "基本信息",
            "县区名称",
            Data::String("\u{1b}]0;pwned\u{7}\u{1b}[31m清禾区".to_string()),
        );
    });
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(stderr.contains("U+001B（终端控制符 ESC）"), "{stderr}");
}

#[test]
fn diff_refuses_two_different_counties_naming_both() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let (old, new) = (root.join("qinghe.xlsx"), root.join("lupu.xlsx"));
    let output = Command::new(env!("CARGO_BIN_EXE_junheng"))
        .arg("diff")
        .args([&old, &new])
        .output()
        .expect("run diff");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let names = |p: &Path| {
        junheng::workbook::read_county(p)
            .map(|o| o.county.info.county_name)
            .unwrap_or_default()
    };
    let (a, b) = (names(&old), names(&new));
    assert!(!a.is_empty() && a != b);
    assert!(
        stderr.contains("错误：两个工作簿属于不同的县区")
            && stderr.contains(&format!("「{a}」"))
            && stderr.contains(&format!("「{b}」")),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing compared");
}

/// Move row `from` of `sheet` (0-based) to the end of the sheet.
fn move_row_to_end(book: &mut Book, sheet: &str, from: usize) {
    let grid = &mut book
        .sheets
        .iter_mut()
        .find(|(n, _)| n == sheet)
        .expect("sheet")
        .1;
    let row = grid.remove(from);
    grid.push(row);
}

#[test]
fn diff_compares_rows_by_key_so_a_moved_row_is_no_change() {
    let dir = temp();
    let moved = dir.path().join("moved.xlsx");
    let mut book = Book::open(&sample());
    for sheet in ["基本信息", "领导小组", "实施步骤", "工作任务", "发展指标"] {
        if book.sheets.iter().any(|(n, _)| n == sheet) {
            move_row_to_end(&mut book, sheet, 1);
        }
    }
    book.save(&moved);
    let output = Command::new(env!("CARGO_BIN_EXE_junheng"))
        .arg("diff")
        .args([sample(), moved])
        .output()
        .expect("run diff");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!stdout.contains("item_rows"), "{stdout}");
    assert!(stdout.contains("两个工作簿的数据没有差异"), "{stdout}");
}

/// Replace the header cell starting with `header` in `sheet` by `text`.
fn rename_header(book: &mut Book, sheet: &str, header: &str, text: &str) {
    let (r, c) = book.header(sheet, header);
    book.set(sheet, r, c, Data::String(text.to_string()));
}

#[test]
fn a_header_unit_the_reader_cannot_convert_is_an_error_at_the_header() {
    for (unit, base) in [("亩", "平方米"), ("万平方米", "平方米")] {
        let (code, stderr) = check_changed(|book| {
            rename_header(
                book,
                "学校",
                "体育运动场馆面积",
                &format!("体育运动场馆面积（{unit}）"),
            )
        });
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "列「体育运动场馆面积（{unit}）」的单位「{unit}」程序不能换算：数值会被当作{base}读取而全部算错"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn a_duty_row_with_an_unknown_indicator_id_is_not_dropped_in_silence() {
    let (code, stderr) = check_changed(|book| {
        let (header, col) = book.header("责任分工", "指标编号");
        book.set("责任分工", header + 1, col, Data::String("9.9".to_string()));
    });
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("错误：工作表「责任分工」 第") && stderr.contains("指标编号“9.9”不存在"),
        "{stderr}"
    );
}

/// The sample with its part `part` replaced by `head`, `filler` repeated to `size`
/// bytes, and `tail`, streamed into the zip (the large parts are never held whole).
fn sample_with_part(path: &Path, part: &str, head: &str, filler: &str, size: usize, tail: &str) {
    let mut input =
        zip::ZipArchive::new(std::fs::File::open(sample()).expect("sample")).expect("sample zip");
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    for i in 0..input.len() {
        let entry = input.by_index_raw(i).expect("entry");
        if entry.name().is_ok_and(|n| n == part) {
            continue;
        }
        out.raw_copy_file(entry).expect("copy entry");
    }
    let options = zip::write::SimpleFileOptions::default()
        .large_file(true)
        .compression_level(Some(1));
    out.start_file(part, options).expect("start");
    out.write_all(head.as_bytes()).expect("write");
    let chunk = filler.repeat((1 << 20) / filler.len().max(1));
    let mut written = head.len();
    while written < size {
        out.write_all(chunk.as_bytes()).expect("write");
        written += chunk.len();
    }
    out.write_all(tail.as_bytes()).expect("write");
    out.finish().expect("finish");
}

/// The relationships of the sample's workbook part, as text.
fn sample_workbook_rels() -> String {
    let mut input =
        zip::ZipArchive::new(std::fs::File::open(sample()).expect("sample")).expect("sample zip");
    let mut rels = String::new();
    std::io::Read::read_to_string(
        &mut input
            .by_name("xl/_rels/workbook.xml.rels")
            .expect("workbook rels"),
        &mut rels,
    )
    .expect("read rels");
    rels
}

#[test]
fn a_600_mb_relationships_part_is_refused_before_it_is_inflated() {
    // R01: the relationships part counts against the unpacked bound like the sheets do
    // (it was parsed whole: a 612 MB allocation and an abort under 2 GB).
    let dir = temp();
    let path = dir.path().join("rels.xlsx");
    let rels = sample_workbook_rels();
    let end = rels.rfind("</Relationships>").expect("end of rels");
    let head = format!(
        r#"{}<Relationship Id="rId999" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target=""#,
        &rels[..end]
    );
    sample_with_part(
        &path,
        "xl/_rels/workbook.xml.rels",
        &head,
        "a",
        600 * 1024 * 1024,
        r#""/></Relationships>"#,
    );
    let packed = std::fs::metadata(&path).expect("meta").len();
    assert!(packed < 20 * 1024 * 1024, "packed {packed} bytes");
    let stderr = refused(&path);
    assert!(
        stderr.contains("错误：文件「rels.xlsx」：工作簿解压后的表格数据过大（600 MB，上限 100 MB，其中最大的是 xl/_rels/workbook.xml.rels（600 MB））"),
        "{stderr}"
    );
}

#[test]
fn a_large_part_of_any_name_counts_against_the_unpacked_bound() {
    // R01: a styles part, or a part named like a picture, is parsed (or can be pointed
    // at) all the same; only the directory's sizes are read before refusing.
    for part in [
        "xl/styles.xml",
        "xl/media/image9.png",
        "customXml/item1.dat",
    ] {
        let dir = temp();
        let path = dir.path().join("part.xlsx");
        sample_with_part(&path, part, "<x>", "<y/>", 120 * 1024 * 1024, "</x>");
        let stderr = refused(&path);
        assert!(
            stderr.contains("错误：文件「part.xlsx」：工作簿解压后的表格数据过大（")
                && stderr.contains(&format!("其中最大的是 {part}（120 MB）")),
            "{part}: {stderr}"
        );
    }
}
