//! Deterministic output: the same workbook gives byte-identical PDFs on every run, with
//! any number of threads, whether the document date comes from 成文日期 or `--date`.

use std::path::Path;

use crate::common::{Book, files_under, sample, stderr};
use calamine::Data;

fn build(input: &Path, out: &Path, extra: &[&str]) {
    let mut args: Vec<std::ffi::OsString> =
        vec!["build".into(), input.into(), "-o".into(), out.into()];
    args.extend(extra.iter().map(Into::into));
    let refs: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let result = crate::common::junheng(&refs);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
}

/// Every file under `a` equals the file at the same place under `b`, and both trees list
/// the same files.
fn assert_same_tree(a: &Path, b: &Path) {
    let (fa, fb) = (files_under(a), files_under(b));
    assert_eq!(fa, fb);
    assert!(!fa.is_empty());
    for f in &fa {
        let (mut x, mut y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        if f.ends_with(".jsonl") {
            // The JSON-lines summary lists the counties as they finish and how long each
            // took: the same lines otherwise.
            (x, y) = (without_timings(&x), without_timings(&y));
        }
        assert!(
            x == y,
            "{f} differs between runs ({} vs {} bytes)",
            x.len(),
            y.len()
        );
    }
}

fn without_timings(jsonl: &[u8]) -> Vec<u8> {
    let mut lines: Vec<String> = String::from_utf8_lossy(jsonl)
        .lines()
        .map(|line| {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(v["timings"].is_object(), "{line}");
            v["timings"] = serde_json::Value::Null;
            v.to_string()
        })
        .collect();
    lines.sort();
    lines.join("\n").into_bytes()
}

#[test]
fn two_runs_give_identical_bytes_with_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two, three) = (
        dir.path().join("1"),
        dir.path().join("2"),
        dir.path().join("3"),
    );
    build(&sample(), &one, &["--jobs", "1"]);
    build(&sample(), &two, &["--jobs", "2"]);
    build(&sample(), &three, &["--jobs", "1"]);
    assert_same_tree(&one, &two);
    assert_same_tree(&one, &three);
    // The PDF carries the workbook's 成文日期, not the time of the run.
    let pdf = std::fs::read(one.join("清禾区/自评报告.pdf")).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        text.contains("D:20260316"),
        "creation date should be 成文日期"
    );
}

#[test]
fn without_document_date_the_date_flag_fixes_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = Book::open(&sample());
    book.set_item("基本信息", "成文日期", Data::Empty);
    let input = dir.path().join("undated.xlsx");
    book.save(&input);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&input, &a, &["--date", "2026-05-20", "-j", "2"]);
    build(&input, &b, &["--date", "2026年5月20日", "-j", "1"]);
    assert_same_tree(&a, &b);
    let pdf = std::fs::read(a.join("清禾区/实施方案.pdf")).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("D:20260520"));
}

#[test]
fn folder_builds_and_summary_are_identical_across_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let base = Book::open(&sample());
    for (file, name) in [
        ("a.xlsx", "清禾区"),
        ("b/b.xlsx", "青山区"),
        ("c.xlsx", "白水县"),
    ] {
        let mut book = base.clone();
        book.set_item("基本信息", "县区名称", Data::String(name.into()));
        book.save(&input.join(file));
    }
    let (one, two) = (dir.path().join("1"), dir.path().join("2"));
    build(&input, &one, &["-j", "1"]);
    build(&input, &two, &["-j", "2"]);
    assert_same_tree(&one, &two);
    assert!(one.join("汇总表.pdf").is_file());
    assert!(
        one.join("汇总表.docx").is_file(),
        "the Word 汇总表 is compared too"
    );
}

#[test]
fn bad_date_flag_is_a_usage_error() {
    let out = run!("build", sample(), "--date", "2026-13-40");
    assert_eq!(out.status.code(), Some(2));
}
