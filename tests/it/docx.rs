//! The Word editions: the same text as the PDFs, read back in Rust the way python-docx
//! reads them (`common::docx`), byte-identical on rebuild, and changed by a
//! `--templates` override together with the PDF. LibreOffice's conversion of them is
//! checked by the interop suite (`tests/interop/docx_libreoffice.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{pdftotext_raw, stderr, stdout};

use crate::common::{DOCUMENT_STEMS as STEMS, SAMPLE_COUNTIES as SAMPLES};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn build(file: &Path, out: &Path, extra: &[&str]) {
    let mut args: Vec<std::ffi::OsString> = vec!["build".into(), file.into(), "-o".into()];
    args.push(out.into());
    args.extend(extra.iter().map(Into::into));
    let result = Command::new(env!("CARGO_BIN_EXE_junheng"))
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

/// Every paragraph (`P\t…`), table row (`R\t`) and cell (`C\t…`) of a .docx in body
/// order, as python-docx reads them, and the number of tables. Merged cells are read once.
pub(crate) fn docx_texts(docx: &Path) -> (usize, Vec<String>) {
    crate::common::docx::texts(docx)
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text without the page numbers ("—12—"), which the PDF's text stream puts inside
/// paragraphs that run over a page.
fn without_page_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('—') {
        let after = &rest[start + '—'.len_utf8()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with('—') {
            out.push_str(&rest[..start]);
            rest = &after[digits + '—'.len_utf8()..];
        } else {
            out.push_str(&rest[..start + '—'.len_utf8()]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn pdf_pages(pdf: &Path) -> usize {
    crate::common::pdf::page_count(pdf)
}

/// The .docx has the PDF's text in the same order, every paragraph and table of it read
/// as python-docx reads them; `label` names the document in failures.
fn assert_same_text(label: &str, pdf: &Path, docx: &Path) {
    let (tables, paragraphs) = docx_texts(docx);
    assert!(tables > 0, "{label}: no table in the .docx");
    let pdf_text = without_page_numbers(&squeeze(&pdftotext_raw(pdf)));
    // Every paragraph of the .docx is in the PDF, in the same order; every cell
    // of a table is in the PDF after the table's start (the PDF's text stream
    // may interleave the lines of cells that wrap, and lays a cell merged down
    // several rows out after them).
    let mut at = 0usize;
    let mut table_start: Option<usize> = None;
    let mut matched = 0usize;
    for line in &paragraphs {
        let (kind, text) = line.split_once('\t').unwrap_or(("P", line));
        let text = squeeze(text);
        if kind == "R" {
            table_start.get_or_insert(at);
            continue;
        }
        if text.is_empty() {
            continue;
        }
        if kind == "C" {
            let rest = pdf_text.get(table_start.unwrap_or(at)..).unwrap_or("");
            if !rest.contains(&text) {
                // Wrapped: its lines apart, but each where the cell starts.
                let head: String = text.chars().take(3).collect();
                let spread_from = |start: usize| {
                    let near = rest.get(start..).unwrap_or("");
                    let mut chars = near.chars().take(text.chars().count() * 6 + 200);
                    text.chars().all(|c| chars.any(|w| w == c))
                };
                assert!(
                    rest.match_indices(&head)
                        .take(200)
                        .any(|(i, _)| spread_from(i)),
                    "{label}: cell 「{text}」 is not in the PDF"
                );
            }
            matched += text.len();
            continue;
        }
        table_start = None;
        let rest = pdf_text.get(at..).unwrap_or("");
        let Some(found) = rest.find(&text) else {
            panic!(
                "{label}: 「{text}」 is not in the PDF after offset {at}: …{}…",
                rest.chars().take(80).collect::<String>()
            );
        };
        at += found + text.len();
        matched += text.len();
    }
    // And the .docx leaves out nothing but what pages repeat (page numbers,
    // table headers on every page) and the text drawn inside the charts.
    let share = matched as f64 / pdf_text.len() as f64;
    assert!(
        share > 0.85,
        "{label}: the .docx has only {:.0} % of the PDF's text",
        share * 100.0
    );
}

#[test]
fn every_sample_docx_has_the_pdf_text_in_order() {
    let out = tempfile::tempdir().unwrap();
    for (file, county) in SAMPLES {
        build(&samples().join(file), out.path(), &[]);
        for stem in STEMS {
            let dir = out.path().join(county);
            assert_same_text(
                &format!("{file} {stem}"),
                &dir.join(format!("{stem}.pdf")),
                &dir.join(format!("{stem}.docx")),
            );
        }
    }
}

/// The two tables made beside the county documents, the 汇总表 of a folder (merged from a
/// shard summary here, long enough to run over pages) and the 数据更正对照表 of `diff`:
/// their Word editions have the PDFs' text in order. (LibreOffice setting them on about
/// as many pages is the interop suite's `summary_and_correction_table_convert_to_about_as_many_pages`.)
#[test]
fn the_summary_and_the_correction_table_in_word_match_their_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    crate::cli_batch::folder(&input);
    let built = dir.path().join("built");
    let out = run!(
        "build", input, "-o", built, "--only", "plan", "--format", "pdf"
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Twelve copies of each county's line under other names: a 汇总表 of 36 counties.
    let lines = std::fs::read_to_string(built.join("summary.jsonl")).unwrap();
    let mut many = String::new();
    for copy in 1..=12 {
        for line in lines.lines() {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(county) = v["county"].as_str().map(str::to_string) {
                let renamed = format!("{county}{copy}");
                v["county"] = renamed.clone().into();
                if v["row"].is_object() {
                    v["row"]["county"] = renamed.into();
                }
            }
            v["file"] = format!("{copy:02}/{}", v["file"].as_str().unwrap()).into();
            many.push_str(&v.to_string());
            many.push('\n');
        }
    }
    let shard = dir.path().join("shard");
    std::fs::create_dir_all(&shard).unwrap();
    std::fs::write(shard.join("summary.jsonl"), many).unwrap();
    let summary = dir.path().join("汇总表.pdf");
    let out = run!("summary", shard, "-o", summary, "--date", "2026-03-16");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary_docx = dir.path().join("汇总表.docx");
    assert!(pdf_pages(&summary) > 1, "the 汇总表 runs over pages");

    let (old, new) = crate::cli_diff::planted(dir.path());
    let table = dir.path().join("对照表.pdf");
    let table_docx = dir.path().join("对照表.docx");
    let out = run!("diff", old, new, "--pdf", table, "--docx", table_docx);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Word 版"), "{}", stdout(&out));

    assert_same_text("汇总表", &summary, &summary_docx);
    assert_same_text("数据更正对照表", &table, &table_docx);
    let (_, summary_lines) = docx_texts(&summary_docx);
    assert!(
        summary_lines.iter().any(|l| l == "C\t青山区12"),
        "every county is a row of the Word 汇总表"
    );
}

#[test]
fn docx_files_are_byte_identical_on_rebuild_and_dated_by_the_document() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let file = samples().join("qinghe.xlsx");
    build(&file, a.path(), &["--format", "docx"]);
    build(&file, b.path(), &["--format", "docx", "--jobs", "1"]);
    for stem in STEMS {
        let name = format!("清禾区/{stem}.docx");
        let first = std::fs::read(a.path().join(&name)).unwrap();
        let second = std::fs::read(b.path().join(&name)).unwrap();
        assert!(first == second, "{name} differs between builds");
        let pdf = a.path().join(format!("清禾区/{stem}.pdf"));
        assert!(!pdf.exists(), "--format docx wrote {}", pdf.display());
    }
    let core =
        crate::common::docx::part(&a.path().join("清禾区/实施方案.docx"), "docProps/core.xml");
    let (_, texts) = docx_texts(&a.path().join("清禾区/实施方案.docx"));
    // The 成文日期 printed in the document is the date of the core properties.
    let date = texts
        .iter()
        .find_map(|t| {
            let (y, rest) = t.strip_prefix("P\t")?.split_once('年')?;
            let (m, rest) = rest.split_once('月')?;
            let d = rest.strip_suffix('日')?;
            let n = |s: &str| s.parse::<u32>().ok();
            Some(format!("{:04}-{:02}-{:02}", n(y)?, n(m)?, n(d)?))
        })
        .expect("a 成文日期 paragraph");
    assert!(core.contains(&format!("{date}T00:00:00Z")), "{core}");
}

#[test]
fn a_template_override_changes_the_pdf_and_the_docx_alike() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("tpl");
    let exported = Command::new(env!("CARGO_BIN_EXE_junheng"))
        .args(["templates", "export"])
        .arg(&templates)
        .output()
        .unwrap();
    assert!(exported.status.success());
    for name in ["house.typ", "plan.typ.j2", "partials/macros.typ.j2"] {
        assert!(templates.join(name).is_file(), "{name} not exported");
    }
    let plan = templates.join("plan.typ.j2");
    let text = std::fs::read_to_string(&plan).unwrap();
    let changed = text.replace("= 一、指导思想", "= 一、指导思想和基本原则");
    assert_ne!(
        text, changed,
        "the heading to override is not in plan.typ.j2"
    );
    std::fs::write(&plan, changed).unwrap();
    let out = dir.path().join("out");
    let tpl = templates.to_string_lossy().to_string();
    build(
        &samples().join("qinghe.xlsx"),
        &out,
        &["--templates", &tpl, "--only", "plan"],
    );
    let pdf = squeeze(&pdftotext_raw(&out.join("清禾区/实施方案.pdf")));
    assert!(pdf.contains("一、指导思想和基本原则"));
    let (_, texts) = docx_texts(&out.join("清禾区/实施方案.docx"));
    assert!(texts.iter().any(|t| t == "P\t一、指导思想和基本原则"));

    // An override that does not compile: the error names the user's file and line.
    let house = templates.join("house.typ");
    let mut style = std::fs::read_to_string(&house).unwrap();
    let line = style.lines().count() + 1;
    style.push_str("#let broken = (\n");
    std::fs::write(&house, style).unwrap();
    let result = Command::new(env!("CARGO_BIN_EXE_junheng"))
        .arg("build")
        .arg(samples().join("qinghe.xlsx"))
        .arg("-o")
        .arg(&out)
        .args(["--templates", &tpl, "--only", "plan"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(!result.status.success());
    assert!(
        stderr.contains(&format!("{} 第{line}行", house.display())),
        "{stderr}"
    );
}

/// The Word title is broken where the PDF's is: between words, in balanced lines, never
/// inside 实施方案 (Word would otherwise wrap it at the margin, as "……实施/方案").
#[test]
fn word_titles_break_between_words() {
    let out = tempfile::tempdir().unwrap();
    build(
        &samples().join("failing.xlsx"),
        out.path(),
        &["--format", "docx", "--only", "plan"],
    );
    let (_, lines) = docx_texts(&out.path().join("石门区").join("实施方案.docx"));
    assert!(
        lines
            .iter()
            .any(|l| l == "P\t石门区创建全国义务教育 优质均衡发展区实施方案"),
        "{lines:?}"
    );
}
