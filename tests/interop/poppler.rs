//! poppler (Debian package poppler-utils) as a second opinion on the Rust PDF reader the
//! tests use (`common::pdf`): the same pages, the same text, the same fonts and about
//! the same word boxes, on every sample document.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::pdf;

const COUNTIES: [&str; 6] = ["清禾区", "松溪区", "芦浦区", "鼓林县", "青杨区", "石门区"];
const DOCUMENTS: [&str; 3] = ["实施方案", "责任清单", "自评报告"];

fn poppler(program: &str, args: &[&OsStr]) -> String {
    crate::tool(program, "poppler-utils", args)
}

/// Every sample built once.
fn built() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let o = run!(
            "build",
            samples,
            "-o",
            out,
            "--date",
            "2026-03-16",
            "--format",
            "pdf"
        );
        assert_eq!(o.status.code(), Some(0), "{}", crate::common::stderr(&o));
        (dir, out)
    });
    out
}

fn each_pdf() -> Vec<(String, PathBuf)> {
    let mut all = Vec::new();
    for county in COUNTIES {
        for doc in DOCUMENTS {
            all.push((
                format!("{county}{doc}"),
                built().join(county).join(format!("{doc}.pdf")),
            ));
        }
    }
    all
}

#[test]
fn page_counts_and_sizes_agree_with_pdfinfo() {
    for (label, path) in each_pdf() {
        let info = poppler(
            "pdfinfo",
            &[OsStr::new("-l"), OsStr::new("9999"), path.as_os_str()],
        );
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("Pages:");
        assert_eq!(pdf::page_count(&path), pages, "{label}");
        // "Page    3 size: 595.276 x 841.89 pts (A4)"
        let theirs: Vec<(f64, f64)> = info
            .lines()
            .filter(|l| l.starts_with("Page") && l.contains(" size: "))
            .filter_map(|l| {
                let size = l.split(" size: ").nth(1)?;
                let mut it = size.split_whitespace();
                let w = it.next()?.parse().ok()?;
                it.next()?;
                let h = it.next()?.parse().ok()?;
                Some((w, h))
            })
            .collect();
        let ours = pdf::page_sizes(&path);
        assert_eq!(ours.len(), theirs.len(), "{label}");
        for (o, t) in ours.iter().zip(&theirs) {
            assert!(
                (o.0 - t.0).abs() < 0.01 && (o.1 - t.1).abs() < 0.01,
                "{label}: {o:?} vs {t:?}"
            );
        }
    }
}

#[test]
fn text_agrees_with_pdftotext() {
    for (label, path) in each_pdf() {
        let theirs = pdf::squeeze(&poppler(
            "pdftotext",
            &[OsStr::new("-raw"), path.as_os_str(), OsStr::new("-")],
        ));
        let ours = pdf::text_squeezed(&path);
        assert!(
            ours == theirs,
            "{label}: the Rust reader's text differs from pdftotext's at char {}",
            ours.chars()
                .zip(theirs.chars())
                .take_while(|(a, b)| a == b)
                .count()
        );
    }
}

#[test]
fn fonts_agree_with_pdffonts() {
    for (label, path) in each_pdf() {
        let listing = poppler("pdffonts", &[path.as_os_str()]);
        let mut theirs: Vec<(String, bool, bool)> = listing
            .lines()
            .skip(2)
            .filter_map(|row| {
                let cols: Vec<&str> = row.split_whitespace().collect();
                let n = cols.len();
                (n >= 7).then(|| {
                    (
                        cols[0].to_string(),
                        cols[n - 5] == "yes",
                        cols[n - 4] == "yes",
                    )
                })
            })
            .collect();
        let mut ours: Vec<(String, bool, bool)> = pdf::fonts(&path)
            .into_iter()
            .map(|f| (f.name, f.embedded, f.subset))
            .collect();
        theirs.sort();
        ours.sort();
        assert_eq!(ours, theirs, "{label}");
    }
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    tag.split(&key)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
}

/// Each word pdftotext -bbox finds is a word of the Rust reader, with a box within 0.5 pt.
#[test]
fn word_boxes_agree_with_pdftotext_bbox() {
    for (label, path) in each_pdf() {
        let html = poppler(
            "pdftotext",
            &[OsStr::new("-bbox"), path.as_os_str(), OsStr::new("-")],
        );
        let ours = pdf::pages(&path);
        let mut page = 0usize;
        let (mut seen, mut matched) = (0usize, 0usize);
        let mut misses = Vec::new();
        for line in html.lines().map(str::trim) {
            if line.starts_with("<page ") {
                page += 1;
            } else if line.starts_with("<word ") {
                let text = line
                    .split('>')
                    .nth(1)
                    .and_then(|t| t.split('<').next())
                    .unwrap_or_default()
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"");
                let (x0, y0, x1, y1) = (
                    attr(line, "xMin"),
                    attr(line, "yMin"),
                    attr(line, "xMax"),
                    attr(line, "yMax"),
                );
                seen += 1;
                let found = ours[page - 1].words.iter().any(|w| {
                    w.text == text
                        && (w.x0 - x0).abs() < 0.5
                        && (w.y0 - y0).abs() < 0.5
                        && (w.x1 - x1).abs() < 0.5
                        && (w.y1 - y1).abs() < 0.5
                });
                if found {
                    matched += 1;
                } else if misses.len() < 5 {
                    misses.push(format!("p{page} {text} {x0} {y0} {x1} {y1}"));
                }
            }
        }
        assert!(seen > 0, "{label}: no words");
        assert_eq!(matched, seen, "{label}: e.g. {misses:?}");
    }
}
