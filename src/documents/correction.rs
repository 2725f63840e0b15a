//! The 数据更正对照表: the comparison of two versions of a county's workbook
//! (`crate::compare`) as a document, for its PDF and Word editions alike.

use std::path::Path;

use serde::Serialize;

use crate::compare::{Consequence, DiffReport};
use crate::documents::format;
use crate::model::{County, Date};
use crate::render::{RenderError, Renderer};

/// The document identifier of the 数据更正对照表 (PDF and Word alike).
pub(crate) const IDENT: &str = "junheng-diff";

#[derive(Serialize)]
struct PdfRow {
    sheet: String,
    row: Option<u32>,
    subject: String,
    field: String,
    old: String,
    new: String,
}

#[derive(Serialize)]
struct PdfContext<'a> {
    title: String,
    county: &'a str,
    authority: String,
    date: String,
    old_file: String,
    new_file: String,
    inputs: Vec<PdfRow>,
    consequences: &'a [Consequence],
    flipped: usize,
    verdict_old: &'a str,
    verdict_new: &'a str,
    verdict_changed: bool,
}

fn short_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.to_string())
}

/// The 数据更正对照表's Typst markup: one source for its PDF and its Word edition.
pub(crate) fn markup(
    renderer: &Renderer,
    r: &DiffReport,
    new: &County,
    date: Date,
) -> Result<String, RenderError> {
    let info = &new.info;
    let ctx = PdfContext {
        title: format!("{}义务教育优质均衡发展\n数据更正对照表", r.county),
        county: &r.county,
        authority: info
            .issuing_authority
            .clone()
            .unwrap_or_else(|| format!("{}教育局", info.county_name)),
        date: format::date(date),
        old_file: short_name(&r.old_file),
        new_file: short_name(&r.new_file),
        inputs: r
            .inputs
            .iter()
            .map(|c| PdfRow {
                sheet: c.sheet.clone(),
                row: c.row,
                subject: c.subject.clone(),
                field: c.field.clone(),
                old: c.old.clone(),
                new: c.new.clone(),
            })
            .collect(),
        consequences: &r.consequences,
        flipped: r.flipped(),
        verdict_old: &r.verdict_old,
        verdict_new: &r.verdict_new,
        verdict_changed: r.verdict_old != r.verdict_new,
    };
    renderer.markup("diff.typ.j2", &ctx)
}
