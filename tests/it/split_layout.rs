//! The 自评报告 is laid out in parts, in parallel, and joined (src/render/parts.rs). The
//! joined PDF must be the very document a single whole compile gives: same bytes, for
//! every sample (each with its own mix of portrait and landscape pages and page counts,
//! so odd and even page numbers land on every kind of part boundary).

use std::path::Path;

use junheng::documents::{self, DocumentKind};
use junheng::evaluate::evaluate;
use junheng::model::Date;
use junheng::render::fonts::FontSet;
use junheng::render::{Renderer, parts};
use junheng::workbook::read_county;

const DATE: Date = Date {
    year: 2026,
    month: 5,
    day: 20,
};

fn markup_of(renderer: &Renderer, kind: DocumentKind, sample: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(sample);
    let outcome = read_county(&path).unwrap_or_else(|p| panic!("{sample}: {p:?}"));
    let evaluation = evaluate(&outcome.county);
    documents::markup(renderer, kind, &outcome.county, &evaluation, DATE)
        .unwrap_or_else(|e| panic!("{sample}: {e}"))
}

#[test]
fn joined_parts_give_the_same_pdf_as_one_whole_compile() {
    let renderer = Renderer::new(FontSet::bundled());
    for sample in [
        "qinghe.xlsx",
        "songxi.xlsx",
        "lupu.xlsx",
        "gulin.xlsx",
        "qingyang.xlsx",
        "failing.xlsx",
    ] {
        // 实施方案: body, 附件1 责任清单, 附件2 问题清单; 自评报告: body and 5 annexes.
        for (kind, expected_parts) in [(DocumentKind::Plan, 3), (DocumentKind::Report, 6)] {
            let what = format!("{sample} {}", kind.file_stem());
            let markup = markup_of(&renderer, kind, sample);
            let sources = parts::split(&markup).unwrap_or_default();
            assert_eq!(sources.len(), expected_parts, "{what}: parts");
            let joined = renderer
                .compile(markup.clone(), DATE, "junheng-x")
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            // Laid out in parts indeed: a fallback to the whole compile would make this
            // test compare the whole compile with itself.
            assert_eq!(joined.parts, expected_parts, "{what}: laid out in parts");
            let whole = renderer
                .typeset(markup, DATE, "junheng-x")
                .and_then(|t| t.export("junheng-x", false))
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(joined.pages > 5, "{what}: {} pages", joined.pages);
            assert!(
                joined.pdf == whole,
                "{what}: joined PDF ({} bytes) differs from the whole compile ({} bytes)",
                joined.pdf.len(),
                whole.len()
            );
        }
    }
}

/// A part that does not compile makes the whole document compile instead, so the error
/// points at a line of the whole markup (what `--emit-typst` writes), not of a part.
#[test]
fn an_error_in_a_part_is_reported_against_the_whole_markup() {
    let renderer = Renderer::new(FontSet::bundled());
    let markup = markup_of(&renderer, DocumentKind::Report, "qinghe.xlsx");
    let broken = markup.replacen("#annex(number: 3,", "#annex(number: 3, nonsense: 1,", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("nonsense"))
        .map(|i| i + 1)
        .unwrap_or_default();
    assert_eq!(parts::split(&broken).map(|p| p.len()), Some(6));
    let err = match renderer.compile(broken, DATE, "junheng-report") {
        Ok(_) => panic!("an unknown argument must fail"),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains(&format!("第{line}行")),
        "error should name line {line} of the whole markup: {err}"
    );
}
