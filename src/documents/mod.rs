//! Documents stage: one context builder per document, turning the model and the
//! evaluation into sentences, lists and tables ready for the templates. Nothing here
//! knows Typst syntax; numbers are formatted here, escaping happens in `render`.

pub mod defaults;
pub mod duties;
pub mod format;
pub mod plan;
pub mod report;

use serde::Serialize;

use crate::evaluate::Evaluation;
use crate::model::{County, Date};

/// The three documents, in the order they are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Plan,
    Duties,
    Report,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 3] = [
        DocumentKind::Plan,
        DocumentKind::Duties,
        DocumentKind::Report,
    ];

    /// File stem of the output: 实施方案 / 责任清单 / 自评报告.
    pub fn file_stem(self) -> &'static str {
        match self {
            DocumentKind::Plan => "实施方案",
            DocumentKind::Duties => "责任清单",
            DocumentKind::Report => "自评报告",
        }
    }

    /// Name used with `--only`.
    pub fn key(self) -> &'static str {
        match self {
            DocumentKind::Plan => "plan",
            DocumentKind::Duties => "duties",
            DocumentKind::Report => "report",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim();
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.key() == key || k.file_stem() == key)
    }

    pub fn template(self) -> &'static str {
        match self {
            DocumentKind::Plan => "plan.typ.j2",
            DocumentKind::Duties => "duties.typ.j2",
            DocumentKind::Report => "report.typ.j2",
        }
    }
}

/// Facts every document prints.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    pub county: String,
    /// 区 / 县 / 市
    pub unit: String,
    /// 全区 / 全县 / 全市
    pub whole: String,
    /// 我区 / 我县 / 我市
    pub we: String,
    /// 全国义务教育优质均衡发展区（县、市）
    pub goal_name: String,
    pub authority: String,
    pub date: String,
    pub document_number: Option<String>,
}

impl Common {
    pub fn new(county: &County, date: Date) -> Self {
        let info = &county.info;
        let unit = info.admin_level.suffix().to_string();
        Common {
            county: info.county_name.clone(),
            whole: format!("全{unit}"),
            we: format!("我{unit}"),
            goal_name: format!("全国义务教育优质均衡发展{unit}"),
            authority: info
                .issuing_authority
                .clone()
                .unwrap_or_else(|| format!("{}教育局", info.county_name)),
            date: format::date(date),
            document_number: info.document_number.clone(),
            unit,
        }
    }
}

/// Split a text cell into paragraphs (one per non-blank line).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The 文字材料 section, or the built-in default with level words filled in.
pub fn section_text(county: &County, names: &[&str], default: &str) -> Vec<String> {
    for name in names {
        if let Some(text) = county.texts.get(*name)
            && !text.trim().is_empty()
        {
            return paragraphs(text);
        }
    }
    paragraphs(&defaults::fill(
        default,
        county.info.admin_level,
        &county.info.county_name,
    ))
}

/// The date a document carries: 成文日期, else the given fallback (today).
pub fn document_date(county: &County, fallback: Date) -> Date {
    county.info.date.unwrap_or(fallback)
}

/// Build the Typst markup of one document.
pub fn markup(
    renderer: &crate::render::Renderer,
    kind: DocumentKind,
    county: &County,
    evaluation: &Evaluation,
    date: Date,
) -> Result<String, crate::render::RenderError> {
    let common = Common::new(county, date);
    match kind {
        DocumentKind::Plan => {
            renderer.markup(kind.template(), &plan::context(county, evaluation, common))
        }
        DocumentKind::Duties => renderer.markup(
            kind.template(),
            &duties::context(county, evaluation, common),
        ),
        DocumentKind::Report => renderer.markup(
            kind.template(),
            &report::context(county, evaluation, common),
        ),
    }
}
