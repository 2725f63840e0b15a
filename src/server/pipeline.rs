//! The server's only door into the pipeline: reading, checking, evaluating, building,
//! comparing and the template all go through here, so the server calls the same code as
//! the CLI and a change of the library's entry points touches this one file.

use std::path::{Path, PathBuf};

use crate::compare::{self, DiffReport, Side};
use crate::documents::DocumentKind;
use crate::documents::summary::{self, SummaryRow};
use crate::documents::wording::ResultsJson;

use crate::model::Date;
use crate::pipeline::{self, PipelineError};
use crate::problem::Problem;
use crate::render::Renderer;
use crate::render::fonts::FontSet;
use crate::render::output::{NamedFile, replace_set};
use crate::workbook::open::{self, FileKind, NotAWorkbook};

use super::ServerError;

pub use crate::pipeline::Prepared as Checked;

/// The documents the server writes for every upload, with their file names.
pub fn document_files() -> Vec<String> {
    let mut names = Vec::new();
    for ext in ["pdf", "docx"] {
        for kind in DocumentKind::ALL {
            names.push(format!("{}.{ext}", kind.file_stem()));
        }
    }
    names
}

/// The extension an upload is stored under, from its bytes.
pub(crate) fn sniff(bytes: &[u8]) -> Result<&'static str, NotAWorkbook> {
    match open::sniff(bytes)? {
        FileKind::Xlsx => Ok("xlsx"),
        FileKind::Xlsb => Ok("xlsb"),
        FileKind::Ods => Ok("ods"),
        FileKind::Xls => Ok("xls"),
    }
}

/// The bundled fonts and templates, loaded once per server.
pub fn renderer() -> Renderer {
    Renderer::new(FontSet::bundled())
}

/// The diagnosis `junheng check`, `build` and `eval` share ([`pipeline::prepare`]). Ok
/// carries the warnings; Err every problem when at least one is an error.
pub fn check(file: &Path) -> Result<Checked, Vec<Problem>> {
    pipeline::prepare(file, None)
}

/// The county's results, byte for byte what `junheng eval --json` prints.
pub(crate) fn results_json(checked: &Checked) -> Result<String, ServerError> {
    serde_json::to_string_pretty(&ResultsJson::new(&checked.county, &checked.evaluation))
        .map(|json| format!("{json}\n"))
        .map_err(ServerError::ResultsJson)
}

/// The verdict part of the results, as in the results JSON.
pub(crate) fn verdict_json(checked: &Checked) -> serde_json::Value {
    serde_json::to_value(crate::documents::wording::VerdictJson(
        &checked.evaluation.verdict,
    ))
    .unwrap_or(serde_json::Value::Null)
}

pub fn county_name(checked: &Checked) -> &str {
    &checked.county.info.county_name
}

/// The county's 上级行政区 as its identity uses it: blank-free, in composed form (two
/// counties of one name are told apart by it).
pub fn region(checked: &Checked) -> String {
    normalize_region(checked.county.info.parent_region.as_deref().unwrap_or(""))
}

/// A 上级行政区 as typed on the command line or in a workbook, compared blank-free.
pub fn normalize_region(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().filter(|c| !c.is_whitespace()).collect()
}

/// Compile the three documents and write them into `dir` (as `build` does). Ok is the
/// written file names.
pub(crate) fn build_documents(
    renderer: &Renderer,
    checked: &Checked,
    dir: &Path,
) -> Result<(), ServerError> {
    let sources = pipeline::fill_templates(renderer, checked, &DocumentKind::ALL)?;
    // The PDFs and the Word editions of the same markup, side by side, written as one set.
    let (built, docx) = rayon::join(
        || {
            pipeline::compile_pdfs(
                renderer,
                &checked.file,
                sources.clone(),
                checked.date,
                &checked.assets,
            )
        },
        || {
            pipeline::word_editions(
                renderer,
                &checked.file,
                &sources,
                checked.date,
                &checked.assets,
            )
        },
    );
    let mut files: Vec<NamedFile> = built?
        .into_iter()
        .map(|b| (format!("{}.pdf", b.kind.file_stem()), b.doc.pdf))
        .collect();
    files.extend(
        docx?
            .into_iter()
            .map(|(kind, bytes)| (format!("{}.docx", kind.file_stem()), bytes)),
    );
    replace_set(dir, &files)?;
    Ok(())
}

fn side(p: &Checked) -> Side<'_> {
    Side {
        file: p.file.as_path(),
        county: &p.county,
        evaluation: &p.evaluation,
    }
}

/// Compare two versions and write the 数据更正对照表 to `pdf` and its Word edition, from
/// the same markup, to `docx`.
pub(crate) fn correction(
    renderer: &Renderer,
    old: &Checked,
    new: &Checked,
    pdf: &Path,
    docx: &Path,
) -> Result<DiffReport, ServerError> {
    let report = compare::compare(side(old), side(new));
    crate::pipeline::write_correction(
        renderer,
        &report,
        &new.county,
        new.date,
        Some(pdf),
        Some(docx),
    )?;
    Ok(report)
}

/// 通过 / 未通过 with the reasons, as `diff` words it.
pub(crate) fn verdict_text(checked: &Checked) -> String {
    compare::verdict_text(&checked.evaluation)
}

/// The blank workbook of `init`, with the county's name filled in.
pub fn template(county: Option<&str>) -> Result<Vec<u8>, ServerError> {
    crate::workbook::template::template(county).map_err(ServerError::Template)
}

/// One county's line of the 汇总表.
pub(crate) fn summary_row(file_label: &str, checked: &Checked) -> SummaryRow {
    SummaryRow::new(&PathBuf::from(file_label), &checked.evaluation)
}

/// The 汇总表 PDF over `rows`.
pub(crate) fn summary_pdf(
    renderer: &Renderer,
    rows: &[SummaryRow],
    date: Date,
) -> Result<Vec<u8>, ServerError> {
    let source = summary::markup(renderer, rows, &[], date).map_err(PipelineError::Summary)?;
    renderer
        .compile(source, date, "junheng-summary")
        .map(|doc| doc.pdf)
        .map_err(|e| PipelineError::Summary(e).into())
}

pub fn today() -> Date {
    crate::pipeline::today()
}

pub(crate) type Row = SummaryRow;
