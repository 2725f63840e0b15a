//! The 汇总表 of a folder build: one row per county (verdict, unmet indicators, the 14
//! 差异系数), for the city or province reviewer. Written as a landscape PDF in the house
//! style from `templates/summary.typ.j2`.

use std::path::Path;

use serde::Serialize;

use crate::documents::format;
use crate::documents::report::cv_text;
use crate::evaluate::Evaluation;
use crate::evaluate::catalogue::{IndicatorId, RESOURCE_IDS, joined};
use crate::model::{Date, Stage};
use crate::render::Renderer;
use crate::render::output::write_atomic;

/// One 差异系数 cell.
#[derive(Debug, Clone, Serialize)]
pub struct CvCell {
    pub text: String,
    /// False when the coefficient exceeds its limit.
    pub ok: bool,
}

/// One county's line of the 汇总表.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryRow {
    pub county: String,
    pub file: String,
    pub passed: bool,
    /// 达标 / 未达标 / 前置条件未满足 / 待定.
    pub verdict: String,
    /// Unmet indicator ids joined with 、, or —.
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
            "待定"
        };
        let cvs = |stage: Stage| -> Vec<CvCell> {
            RESOURCE_IDS
                .iter()
                .map(|id| {
                    let stat = evaluation.cv.get(stage, *id);
                    CvCell {
                        text: cv_text(stat.and_then(|s| s.cv), stage),
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
                "—".to_string()
            } else {
                joined(&verdict.unmet, "、")
            },
            undetermined: (!verdict.undetermined.is_empty())
                .then(|| joined(&verdict.undetermined, "、")),
            compliance: format!("{compliant}/{}", parts.len()),
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

/// Fill the 汇总表 template (exposed for tests and `--emit-typst`-style inspection).
pub fn markup(
    renderer: &Renderer,
    rows: &[SummaryRow],
    skipped: &[String],
    date: Date,
) -> Result<String, String> {
    let ctx = Context {
        title: "义务教育优质均衡发展评估汇总表",
        date: format::date(date),
        rows,
        passed: rows.iter().filter(|r| r.passed).count(),
        ids: RESOURCE_IDS,
        skipped,
    };
    renderer
        .markup("summary.typ.j2", &ctx)
        .map_err(|e| format!("汇总表生成失败：{e}"))
}

/// Compile and atomically write the 汇总表. Ok is the page count; Err the message.
pub fn write(
    renderer: &Renderer,
    path: &Path,
    rows: &[SummaryRow],
    skipped: &[String],
    date: Date,
) -> Result<usize, String> {
    let source = markup(renderer, rows, skipped, date)?;
    let doc = renderer
        .compile(source, date, "junheng-summary")
        .map_err(|e| format!("汇总表排版失败：{e}"))?;
    write_atomic(path, &doc.pdf).map_err(|e| format!("错误：{e}"))?;
    Ok(doc.pages)
}
