//! Workbooks saved as .xls (Excel 97–2003) or .ods (LibreOffice, WPS) read exactly as the
//! .xlsx they were saved from: the same results, and the same merged ranges, hidden rows,
//! hidden columns and hidden sheets found, with the same messages. The fixtures in
//! `tests/fixtures/formats/` were made from the .xlsx originals by LibreOffice
//! (`tests/fixtures/formats/make.sh`).

use std::path::{Path, PathBuf};

use crate::common::{stderr, stdout};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn converted(name: &str, format: &str) -> PathBuf {
    root().join(format!("tests/fixtures/formats/{name}.{format}"))
}

/// `junheng check PATH`: exit code and every output line, the file's path replaced by
/// `FILE` and its name by `NAME` so that two formats of one workbook compare equal.
fn check(path: &Path) -> (Option<i32>, Vec<String>) {
    let output = run!("check", path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let text = format!("{}{}", stdout(&output), stderr(&output));
    let lines = text
        .lines()
        .map(|l| {
            l.replace(&path.display().to_string(), "FILE")
                .replace(&name, "NAME")
        })
        .collect();
    (output.status.code(), lines)
}

#[test]
fn the_sample_saved_as_xls_or_ods_gives_the_same_results() {
    let original = run!("eval", root().join("samples/qinghe.xlsx"), "--json");
    assert_eq!(original.status.code(), Some(0), "{}", stderr(&original));
    let expected = stdout(&original);
    assert!(
        expected.contains("清禾区"),
        "the sample's results name its county"
    );
    for format in ["xls", "ods"] {
        let path = converted("qinghe", format);
        let output = run!("eval", &path, "--json");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            stderr(&output)
        );
        assert_eq!(
            stdout(&output),
            expected,
            "{format}: results differ from the .xlsx"
        );
        let (code, lines) = check(&path);
        assert_eq!(code, Some(0), "{format}: {lines:?}");
        assert_eq!(
            lines,
            vec!["FILE：检查通过（0 处警告）。".to_string()],
            "{format}: no warning, not even about the format"
        );
    }
}

#[test]
fn merges_and_hidden_rows_columns_and_sheets_are_found_in_every_format() {
    let cases = [
        ("60_merged_across_rows", "合并单元格 C3:C4 跨越数据行"),
        ("61_merged_across_columns", "合并单元格 B4:C4 横跨"),
        ("62_hidden_row", "第5行：这是隐藏行"),
        ("63_hidden_column", "是隐藏列"),
        ("64_hidden_sheet", "这是隐藏的工作表"),
    ];
    for (name, finding) in cases {
        let (code, lines) = check(&root().join(format!("tests/fixtures/bad/{name}.xlsx")));
        assert!(
            lines.iter().any(|l| l.contains(finding)),
            "{name}.xlsx: expected “{finding}” in {lines:#?}"
        );
        for format in ["xls", "ods"] {
            let (other_code, other_lines) = check(&converted(name, format));
            assert_eq!(other_code, code, "{name}.{format}: exit code");
            assert_eq!(
                other_lines, lines,
                "{name}.{format}: messages differ from .xlsx"
            );
        }
    }
}
