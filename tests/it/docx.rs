//! The Word editions: the same text as the PDFs, readable by python-docx, converted by
//! LibreOffice without complaint and to about as many pages, byte-identical on rebuild,
//! and changed by a `--templates` override together with the PDF.
//!
//! Needs poppler-utils, python3-docx and libreoffice-writer (CI installs them).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::pdftotext_raw;

const SAMPLES: [(&str, &str); 6] = [
    ("qinghe.xlsx", "清禾区"),
    ("songxi.xlsx", "松溪区"),
    ("lupu.xlsx", "芦浦区"),
    ("gulin.xlsx", "鼓林县"),
    ("qingyang.xlsx", "青杨区"),
    ("failing.xlsx", "石门区"),
];
const STEMS: [&str; 3] = ["实施方案", "责任清单", "自评报告"];

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
/// order, read by python-docx, and the number of tables. Merged cells are read once.
pub(crate) fn docx_texts(docx: &Path) -> (usize, Vec<String>) {
    const SCRIPT: &str = r#"
import sys, docx
from docx.table import Table
from docx.text.paragraph import Paragraph
d = docx.Document(sys.argv[1])
out = []
tables = 0
for child in d.element.body.iterchildren():
    tag = child.tag.split('}')[1]
    if tag == 'p':
        out.append('P\t' + Paragraph(child, d).text)
    elif tag == 'tbl':
        tables += 1
        for row in Table(child, d).rows:
            out.append('R\t')
            seen = []
            for cell in row.cells:
                if any(cell._tc is s for s in seen):
                    continue
                seen.append(cell._tc)
                if cell._tc.vMerge == 'continue':
                    continue
                out.append('C\t' + ' '.join(p.text for p in cell.paragraphs))
print(tables)
for line in out:
    print(line.replace('\n', ' '))
"#;
    let out = Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(docx)
        .output()
        .unwrap_or_else(|e| panic!("python3 missing (install python3-docx): {e}"));
    assert!(
        out.status.success(),
        "python-docx cannot read {}: {}",
        docx.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut lines = text.lines();
    let tables = lines
        .next()
        .and_then(|l| l.parse().ok())
        .expect("table count");
    (tables, lines.map(str::to_string).collect())
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
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

#[test]
fn every_sample_docx_has_the_pdf_text_in_order_and_python_docx_reads_it() {
    let out = tempfile::tempdir().unwrap();
    for (file, county) in SAMPLES {
        build(&samples().join(file), out.path(), &[]);
        for stem in STEMS {
            let dir = out.path().join(county);
            let pdf = dir.join(format!("{stem}.pdf"));
            let docx = dir.join(format!("{stem}.docx"));
            let (tables, paragraphs) = docx_texts(&docx);
            assert!(tables > 0, "{file} {stem}: no table in the .docx");
            let pdf_text = without_page_numbers(&squeeze(&pdftotext_raw(&pdf).expect("pdftotext")));
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
                            "{file} {stem}: cell 「{text}」 is not in the PDF"
                        );
                    }
                    matched += text.len();
                    continue;
                }
                table_start = None;
                let rest = pdf_text.get(at..).unwrap_or("");
                let Some(found) = rest.find(&text) else {
                    panic!(
                        "{file} {stem}: 「{text}」 is not in the PDF after offset {at}: …{}…",
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
                "{file} {stem}: the .docx has only {:.0} % of the PDF's text",
                share * 100.0
            );
        }
    }
}

#[test]
fn libreoffice_converts_every_docx_to_about_as_many_pages_as_the_pdf() {
    let out = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    for (file, county) in SAMPLES {
        build(&samples().join(file), out.path(), &[]);
        let dir = out.path().join(county);
        let converted = out.path().join(format!("{county}-lo"));
        let mut cmd = Command::new("soffice");
        cmd.arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&converted);
        for stem in STEMS {
            cmd.arg(dir.join(format!("{stem}.docx")));
        }
        let result = cmd
            .output()
            .unwrap_or_else(|e| panic!("soffice missing (install libreoffice-writer): {e}"));
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(
            result.status.success() && !stderr.to_lowercase().contains("error"),
            "{file}: LibreOffice complained: {stderr}"
        );
        for stem in STEMS {
            let ours = pdf_pages(&dir.join(format!("{stem}.pdf")));
            let theirs = pdf_pages(&converted.join(format!("{stem}.pdf")));
            let ratio = theirs as f64 / ours as f64;
            assert!(
                (0.8..=1.2).contains(&ratio),
                "{file} {stem}: LibreOffice sets {theirs} pages, we set {ours}"
            );
        }
    }
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
    let core = Command::new("unzip")
        .arg("-p")
        .arg(a.path().join("清禾区/实施方案.docx"))
        .arg("docProps/core.xml")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
        .unwrap_or_default();
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
    let pdf = squeeze(&pdftotext_raw(&out.join("清禾区/实施方案.pdf")).unwrap());
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
