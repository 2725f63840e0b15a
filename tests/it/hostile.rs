//! Hostile and sloppy workbooks, built here from small generators: each must be answered
//! by a located Chinese error or warning, by the CLI running under an
//! address-space limit (`ulimit -v`, 2 GB), never by an allocation abort or a blank.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::Data;
use rust_xlsxwriter::Workbook;

use crate::common::{Book, sample};

/// Address space allowed to the CLI in these tests, in KiB.
const ADDRESS_SPACE_KIB: u64 = 2_000_000;

/// `junheng ARGS` under the address-space limit. (How long it takes is the business of
/// bench/run.sh, not of a test on a loaded machine.)
fn limited(args: &[&Path]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {ADDRESS_SPACE_KIB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_junheng"))
        .args(args)
        .output()
        .expect("run junheng under ulimit")
}

/// `junheng check FILE` under the limit: exit code 1, and stderr.
fn refused(file: &Path) -> String {
    let output = limited(&[Path::new("check"), file]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
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
    xlsx_sheets(path, sheet_data, "", shared, 1);
}

/// [`xlsx`] with `after` following `</sheetData>` (merged ranges), and `sheets` sheets
/// `学校`, `表2`, `表3`… in the workbook, all of them the same part.
fn xlsx_sheets(path: &Path, sheet_data: &str, after: &str, shared: &[String], sheets: usize) {
    let mut listed = String::from(r#"<sheet name="学校" sheetId="1" r:id="rId1"/>"#);
    for i in 2..=sheets {
        listed.push_str(&format!(
            r#"<sheet name="表{i}" sheetId="{i}" r:id="rId1"/>"#
        ));
    }
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
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{listed}</sheets></workbook>"#).into_bytes(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_vec(),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData>{after}</worksheet>"#).into_bytes(),
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
    let output = limited(&[Path::new("check"), &path]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
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
    let output = limited(&[Path::new("check"), &path]);
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
    // The sample's narrative folder stands beside samples/qinghe.xlsx only: compare two
    // copies in one folder, so that only the moved rows differ.
    let original = dir.path().join("original.xlsx");
    Book::open(&sample()).save(&original);
    let output = Command::new(env!("CARGO_BIN_EXE_junheng"))
        .arg("diff")
        .args([original, moved])
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

#[test]
fn merged_ranges_over_100000_rows_are_looked_up_not_scanned() {
    // R02: each merged range scanned every row of its sheet (65,000 ranges × 200,000
    // rows kept `check` busy for 138 s; 30,000 × 100,000 here, about a minute before).
    let dir = temp();
    let path = dir.path().join("merges.xlsx");
    let mut rows =
        String::from(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>学校名称</t></is></c></row>"#);
    for r in 2..=100_001 {
        rows.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    let mut merges = String::from(r#"<mergeCells count="30000">"#);
    for i in 0..30_000u32 {
        let first = 2 + 3 * i;
        merges.push_str(&format!(r#"<mergeCell ref="B{first}:C{}"/>"#, first + 1));
    }
    merges.push_str("</mergeCells>");
    xlsx_sheets(&path, &rows, &merges, &[], 1);
    let stderr = refused(&path);
    assert!(
        stderr.contains("错误：工作表「学校」 第2行 B列：合并单元格 B2:C3 跨越数据行（第2～3行）"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.contains("另有 29800 个合并单元格跨越数据行，未逐一列出"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
}

#[test]
fn a_workbook_of_250000_sheets_is_refused_by_count() {
    // R03: sheets were looked up by name, each among all the others (250,000 sheets
    // took over a minute).
    let dir = temp();
    let path = dir.path().join("sheets.xlsx");
    xlsx_sheets(
        &path,
        r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
        "",
        &[],
        250_000,
    );
    let stderr = refused(&path);
    assert!(
        stderr
            .contains("错误：文件「sheets.xlsx」：工作簿中的工作表过多（250000 个，上限 1000 个）"),
        "{stderr}"
    );
    let path = dir.path().join("sheets.ods");
    let tables: String = (1..=250_000)
        .map(|i| format!(r#"</table:table><table:table table:name="表{i}">"#))
        .collect();
    ods(&path, &format!("<table:table-row/>{tables}"));
    let stderr = refused(&path);
    assert!(
        stderr.contains("错误：工作表「表1000」：工作簿中的工作表超过 1000 个，读到此工作表时停止"),
        "{stderr}"
    );
}

#[test]
fn an_ods_typed_formula_without_its_value_is_the_same_error_as_in_an_xlsx() {
    // R09: a formula cell that names its type (float) but keeps no value was a blank
    // cell with a "缺少" warning.
    let dir = temp();
    let path = dir.path().join("typed.ods");
    ods(
        &path,
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>学校名称</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>教学及辅助用房面积</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>甲小学</text:p></table:table-cell><table:table-cell table:formula="of:=100*2" office:value-type="float"/></table:table-row>"#,
    );
    let stderr = refused(&path);
    assert!(
        stderr.contains("错误：工作表「学校」 第2行 B（教学及辅助用房面积）列：该单元格是公式，但文件中没有保存公式的计算结果"),
        "{stderr}"
    );
}

/// The warnings R06 expects for the 学校 row 2 of `styled_*`: a percent-formatted area
/// (C, 74.8 shown as 7480%) and a currency-formatted value (D, 1234.5).
fn assert_styled_warnings(stderr: &str) {
    assert!(
        stderr.contains("警告：工作表「学校」 第2行 C（教学及辅助用房面积（平方米））列：单元格设成了百分比格式：表格中显示为 7480%，程序使用的是单元格中保存的数值 74.8"),
        "{stderr}"
    );
    assert!(
        stderr.contains("警告：工作表「学校」 第2行 D（教学仪器设备值（元））列：单元格设成了货币格式：表格中显示为 ¥1,234.50，程序使用的数值是 1234.5"),
        "{stderr}"
    );
    // A percent-formatted ratio column is no slip, and the name column is not a number.
    assert_eq!(stderr.matches("设成了").count(), 2, "{stderr}");
}

#[test]
fn a_number_in_a_percent_or_currency_cell_of_a_measured_column_is_a_warning() {
    // R06: 7480 typed into a %-formatted area cell is stored, and was silently used, as
    // 74.8 (1.4 flipped to not met with no warning).
    let dir = temp();
    let path = dir.path().join("styled.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("学校").expect("name");
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    let money = rust_xlsxwriter::Format::new().set_num_format("\"¥\"#,##0.00");
    for (c, header) in [
        "学校名称",
        "学校类型",
        "教学及辅助用房面积（平方米）",
        "教学仪器设备值（元）",
        "体育艺术专任教师达标比例",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *header).expect("header");
    }
    ws.write_string(1, 0, "甲小学").expect("name");
    ws.write_string(1, 1, "小学").expect("kind");
    ws.write_number_with_format(1, 2, 74.8, &percent)
        .expect("area");
    ws.write_number_with_format(1, 3, 1234.5, &money)
        .expect("money");
    ws.write_number_with_format(1, 4, 0.9, &percent)
        .expect("ratio");
    wb.save(&path).expect("save");
    assert_styled_warnings(&refused(&path));

    let path = dir.path().join("styled.ods");
    let text = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
        )
    };
    ods(
        &path,
        &format!(
            r#"<table:table-row>{}{}{}{}</table:table-row><table:table-row>{}{}<table:table-cell office:value-type="percentage" office:value="74.8"/><table:table-cell office:value-type="currency" office:currency="CNY" office:value="1234.5"/></table:table-row>"#,
            text("学校名称"),
            text("学校类型"),
            text("教学及辅助用房面积（平方米）"),
            text("教学仪器设备值（元）"),
            text("甲小学"),
            text("小学"),
        ),
    );
    assert_styled_warnings(&refused(&path));
}

#[test]
fn diff_never_writes_its_tables_over_an_input_or_a_file_of_another_kind() {
    // R07: `diff --pdf new.xlsx` replaced the corrected workbook with a PDF (exit 0).
    let dir = temp();
    let (old, new) = crate::cli_diff::planted(dir.path());
    let before = std::fs::read(&new).expect("read new");
    let notes = dir.path().join("说明.pdf");
    std::fs::write(&notes, "不是 PDF 的文字").expect("write notes");
    let link = dir.path().join("link.pdf");
    std::os::unix::fs::symlink(&new, &link).expect("symlink");
    let cases: Vec<(Vec<&std::ffi::OsStr>, &str)> = vec![
        (
            vec!["--pdf".as_ref(), new.as_os_str()],
            "就是输入的工作簿，未覆盖",
        ),
        (
            vec!["--docx".as_ref(), old.as_os_str()],
            "就是输入的工作簿，未覆盖",
        ),
        (
            vec!["--pdf".as_ref(), link.as_os_str()],
            "就是输入的工作簿，未覆盖",
        ),
        (
            vec!["--pdf".as_ref(), notes.as_os_str()],
            "已存在，但不是 PDF 文件，未覆盖",
        ),
        (
            vec!["--docx".as_ref(), notes.as_os_str()],
            "的扩展名不是 .docx，未覆盖",
        ),
        (
            vec!["--pdf".as_ref(), dir.path().as_os_str()],
            "的扩展名不是 .pdf，未覆盖",
        ),
    ];
    for (extra, expected) in cases {
        let mut args: Vec<&std::ffi::OsStr> =
            vec!["diff".as_ref(), old.as_os_str(), new.as_os_str()];
        args.extend(extra);
        let out = crate::common::junheng(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read(&new).expect("read new"),
        before,
        "the workbook is intact"
    );
    assert_eq!(
        std::fs::read_to_string(&notes).expect("read notes"),
        "不是 PDF 的文字"
    );
}

#[test]
fn a_percent_or_currency_cell_in_an_xls_saved_by_libreoffice_is_a_warning() {
    // R06 in .xls: tests/fixtures/formats/65_percent_and_currency.xls is LibreOffice's
    // "另存为 Excel 97" of a 学校 sheet whose C2 (74.8) and E2 (3) are formatted 0% and
    // D2 (1234.5) "¥"#,##0.00; the format reaches the cell through its XF record.
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/65_percent_and_currency.xls");
    let output = limited(&[Path::new("check"), &path]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(
        stderr.contains("警告：工作表「学校」 第2行 C（教学及辅助用房面积（平方米））列：单元格设成了百分比格式：表格中显示为 7480%，程序使用的是单元格中保存的数值 74.8")
            && stderr.contains("第2行 D（教学仪器设备值（元））列：单元格设成了货币格式：表格中显示为 ¥1,234.50")
            && stderr.contains("第2行 E（小学在校生数（人））列：单元格设成了百分比格式：表格中显示为 300%"),
        "{stderr}"
    );
}

#[test]
fn a_county_beyond_the_render_budget_is_refused_and_listed_while_the_others_build() {
    // R04: 4,000 schools aborted under 2 GB with an English allocator message, and in a
    // folder ended the whole run. The sample's schools copied 200 times (3,000 schools,
    // no 班级 sheet) read fine and are refused before layout, by the estimate.
    let dir = temp();
    let folder = dir.path().join("counties");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::copy(sample(), folder.join("a-qinghe.xlsx")).expect("copy sample");
    let mut book = Book::open(&sample());
    book.sheets.retain(|(name, _)| name != "班级");
    book.set_item("基本信息", "县区名称", Data::String("大县".to_string()));
    let (header, name_col) = book.header("学校", "学校名称");
    let schools: Vec<Vec<Data>> = book
        .sheets
        .iter()
        .find(|(n, _)| n == "学校")
        .map(|(_, grid)| grid[header + 1..].to_vec())
        .unwrap_or_default()
        .into_iter()
        .filter(|row| matches!(row.get(name_col), Some(Data::String(s)) if !s.trim().is_empty()))
        .collect();
    for copy in 1..200 {
        for row in &schools {
            let mut row = row.clone();
            if let Some(Data::String(name)) = row.get_mut(name_col) {
                *name = format!("{name}{copy}");
            }
            book.push_row("学校", row);
        }
    }
    let big = folder.join("b-big.xlsx");
    book.save(&big);

    let out = dir.path().join("out");
    let output = limited(&[Path::new("build"), &big, Path::new("-o"), &out]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("错误：文件「b-big.xlsx」：要生成的文件过大，无法在内存限制内排版")
            && stderr.contains(&format!("本工作簿有 {} 所学校", schools.len() * 200)),
        "{stderr}"
    );

    let output = limited(&[Path::new("build"), &folder, Path::new("-o"), &out]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(!stderr.contains("memory allocation"), "{stderr}");
    assert!(out.join("清禾区/自评报告.pdf").is_file(), "{stderr}");
    assert!(out.join("汇总表.pdf").is_file(), "{stderr}");
    let records = std::fs::read_to_string(out.join("summary.jsonl")).expect("summary");
    assert!(
        records
            .lines()
            .any(|l| l.contains("\"b-big.xlsx\"") && l.contains("\"input-error\"")),
        "{records}"
    );
}

#[test]
fn summary_says_it_is_partial_when_county_folders_are_missing_from_the_records() {
    // R10: after a killed folder build was run again and killed again, summary.jsonl
    // listed only the last run's counties ("共 4 个县区" with 8 complete folders).
    let dir = temp();
    let folder = dir.path().join("counties");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::write(folder.join("broken.xlsx"), b"not a workbook").expect("write");
    let out = dir.path().join("out");
    let output = limited(&[Path::new("build"), &folder, Path::new("-o"), &out]);
    assert_eq!(output.status.code(), Some(1));
    // Folders a previous run finished, whose records the rerun's summary no longer has.
    for county in ["松溪区", "芦浦区"] {
        std::fs::create_dir_all(out.join(county)).expect("county folder");
        std::fs::write(out.join(county).join("自评报告.pdf"), b"%PDF-1.7").expect("pdf");
    }
    std::fs::create_dir_all(out.join(".junheng-stage-x")).expect("staging");
    let output = limited(&[Path::new("summary"), &out]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(
        stderr.contains(
            "警告：输出目录中另有 2 个县区的文件夹（松溪区、芦浦区）不在分片汇总 summary*.jsonl 中"
        ) && stderr.contains("本汇总表只含汇总记录中的县区，是不完整的"),
        "{stderr}"
    );
}

#[test]
fn a_template_folder_entry_that_is_a_link_or_a_folder_is_refused_not_followed() {
    // R12: a house.typ that is a symlink was followed and the error quoted a line of its
    // target (/etc/passwd); a folder named house.typ was passed over in silence.
    let dir = temp();
    let templates = dir.path().join("模板");
    std::fs::create_dir(&templates).expect("templates");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "root:x:0:0:秘密").expect("secret");
    let house = templates.join("house.typ");
    std::os::unix::fs::symlink(&secret, &house).expect("symlink");
    let out = dir.path().join("out");
    let build = |expected: &str| {
        let output = limited(&[
            Path::new("build"),
            &sample(),
            Path::new("-o"),
            &out,
            Path::new("--templates"),
            &templates,
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert_ne!(output.status.code(), Some(0), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!stderr.contains("秘密"), "{stderr}");
        assert!(!out.join("清禾区").exists());
    };
    build("house.typ」是符号链接，未使用：模板目录中只能放普通文件（符号链接不跟随）");
    std::fs::remove_file(&house).expect("remove link");
    std::fs::create_dir(&house).expect("folder");
    build("house.typ」是一个文件夹，未使用");
}

#[test]
fn a_small_styles_part_whose_formats_all_copy_one_long_font_is_refused() {
    // 300 KB of styles took 593 MB: calamine copies the font an <xf> names into each
    // cell format. One 150,000-character font name and 37,000 formats naming it ask
    // for about 16 GB here.
    let dir = temp();
    let path = dir.path().join("styles.xlsx");
    let head = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="{}"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellXfs>"#,
        "宋".repeat(150_000)
    );
    sample_with_part(
        &path,
        "xl/styles.xml",
        &head,
        r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>"#,
        2 * 1024 * 1024,
        "</cellXfs></styleSheet>",
    );
    let stderr = refused(&path);
    assert!(
        stderr.contains(
            "错误：文件「styles.xlsx」：工作簿的样式表（xl/styles.xml）异常：读取它需要约"
        ),
        "{stderr}"
    );
}

#[test]
fn a_workbook_of_200000_empty_parts_is_refused_by_count() {
    // Red team: every reader walks the zip directory (200,000 empty parts, 21 MB, took
    // a minute to pass as a good workbook).
    let dir = temp();
    let path = dir.path().join("parts.xlsx");
    let mut input =
        zip::ZipArchive::new(std::fs::File::open(sample()).expect("sample")).expect("sample zip");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    for i in 0..input.len() {
        out.raw_copy_file(input.by_index_raw(i).expect("entry"))
            .expect("copy entry");
    }
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..200_000 {
        out.start_file(format!("junk/{i}.xml"), stored)
            .expect("start");
    }
    out.finish().expect("finish");
    let stderr = refused(&path);
    assert!(
        stderr
            .contains("错误：文件「parts.xlsx」：工作簿的压缩包中有 200021 个部分（上限 10000 个"),
        "{stderr}"
    );
}
