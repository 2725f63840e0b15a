//! What the plan's tasks and the 问题清单 rows are made of, shared by the resource
//! shortfalls (`report`), the county-level ones (`county`) and the missing evidence
//! (`evidence`).

use serde::Serialize;

use super::format;
use crate::evaluate::catalogue::{IndicatorId, cv_limit};
use crate::model::{County, Stage};

#[derive(Debug, Clone, Serialize)]
pub struct ShortfallTask {
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemRow {
    pub school: String,
    pub indicator: String,
    pub problem: String,
    pub measure: String,
    pub units: String,
    pub deadline: String,
}

/// A CV prints with 3 decimals; a failing one is never rounded down onto its limit.
pub fn cv_text(cv: Option<f64>, stage: Stage) -> String {
    match cv {
        None => format::MISSING.to_string(),
        Some(v) => format::cv(v, cv_limit(stage).to_f64()),
    }
}

/// The deadline every generated task and problem carries.
pub(crate) fn deadline(county: &County) -> String {
    county
        .info
        .provincial_assessment_year
        .map(|y| format!("{y}年省级评估前"))
        .unwrap_or_else(|| "省级评估前".to_string())
}

/// The responsible units of an indicator as one cell: the 责任分工 sheet's, lead unit
/// first, else the built-in defaults.
pub(crate) fn units_for(county: &County, id: IndicatorId) -> String {
    super::duties::responsible_units(county, id.indicator())
        .0
        .join("、")
}
