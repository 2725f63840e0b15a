//! The 汇总表 of a folder build: one row per county (verdict, unmet indicators, the 14
//! 差异系数), for the city or province reviewer, laid out as a landscape table in the
//! house style by `templates/summary.typ.j2`. Rows are small and serialisable: a batch
//! keeps only these once a county's files are written, and shards record them as JSON
//! lines that `junheng summary` merges.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::documents::format;
use crate::documents::report::cv_of;
use crate::evaluate::Evaluation;
use crate::evaluate::catalogue::{IndicatorId, RESOURCE_IDS, joined};
use crate::model::{Date, Stage};
use crate::render::{RenderError, Renderer};

/// One 差异系数 cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvCell {
    pub text: String,
    /// False when the coefficient exceeds its limit.
    pub ok: bool,
}

/// One county's line of the 汇总表.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    pub county: String,
    pub file: String,
    pub passed: bool,
    /// 达标 / 未达标 / 前置条件未满足 / 数据不全.
    pub verdict: String,
    /// Unmet indicator ids joined with 、, or 无.
    pub unmet: String,
    /// Indicators that could not be judged (missing input), joined with 、.
    pub undetermined: Option<String>,
    /// Compliant school parts / evaluated school parts.
    pub compliance: String,
    pub primary: Vec<CvCell>,
    pub junior: Vec<CvCell>,
}

impl SummaryRow {
    pub fn new(file: &Path, evaluation: &Evaluation) -> Self {
        let verdict = &evaluation.verdict;
        let label = if verdict.passed {
            "达标"
        } else if !verdict.unmet.is_empty() {
            "未达标"
        } else if verdict.precondition.met == Some(false) {
            "前置条件未满足"
        } else {
            // The documents' one word for a verdict that cannot be reached.
            format::MISSING
        };
        let cvs = |stage: Stage| -> Vec<CvCell> {
            RESOURCE_IDS
                .iter()
                .map(|id| {
                    let stat = evaluation.cv.get(stage, *id);
                    CvCell {
                        text: cv_of(stat, stage),
                        ok: stat.and_then(|s| s.met) != Some(false),
                    }
                })
                .collect()
        };
        let parts: Vec<_> = evaluation.parts().collect();
        let compliant = parts
            .iter()
            .filter(|(_, p)| p.compliant == Some(true))
            .count();
        SummaryRow {
            county: evaluation.county.clone(),
            file: file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
            passed: verdict.passed,
            verdict: label.to_string(),
            unmet: if verdict.unmet.is_empty() {
                format::NONE.to_string()
            } else {
                joined(&verdict.unmet, "、")
            },
            undetermined: (!verdict.undetermined.is_empty())
                .then(|| joined(&verdict.undetermined, "、")),
            compliance: format!(
                "{}/{}",
                format::count(compliant),
                format::count(parts.len())
            ),
            primary: cvs(Stage::Primary),
            junior: cvs(Stage::Junior),
        }
    }
}

#[derive(Serialize)]
struct Context<'a> {
    title: &'static str,
    date: String,
    rows: &'a [SummaryRow],
    passed: usize,
    ids: [IndicatorId; 7],
    skipped: &'a [String],
}

/// Fill the 汇总表 template: `rows` in the order they are listed, `skipped` names the
/// workbooks that could not be built.
pub fn markup(
    renderer: &Renderer,
    rows: &[SummaryRow],
    skipped: &[String],
    date: Date,
) -> Result<String, RenderError> {
    let ctx = Context {
        title: "义务教育优质均衡发展评估汇总表",
        date: format::date(date),
        rows,
        passed: rows.iter().filter(|r| r.passed).count(),
        ids: RESOURCE_IDS,
        skipped,
    };
    renderer.markup("summary.typ.j2", &ctx)
}
