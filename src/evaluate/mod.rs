//! Evaluation: from the typed [`County`] to the 33 indicators, per-school compliance,
//! 差异系数 and the verdict.
//!
//! Entry points: [`evaluate`] (total: never panics, missing input gives `met: null`
//! with a reason), [`validate`] (located problems for `junheng check`) and
//! [`plausibility`] (figures that contradict each other, for `check` and `build`).
//! [`Evaluation`] is data: the results JSON of DESIGN.md ("Computed results") is written by
//! `documents::wording::ResultsJson`, which words every line of it, so that a result reads
//! the same in the JSON, the 工作台 and the documents.
//!
//! Modules: [`catalogue`] (the 33 indicators as data), [`exact`] (comparisons float
//! error cannot flip), [`resources`] (1.1–1.7 and 差异系数), [`government`] (2.x),
//! [`quality`] (3.x), [`verdict`] (4.1, 4.2, precondition, verdict).

pub use crate::catalogue::{self, evidence_items};
pub mod exact;
pub mod government;
mod judge;
mod plausibility;
pub mod quality;
pub mod resources;
mod validate;
pub mod verdict;

#[cfg(test)]
pub(crate) mod tests;

pub use catalogue::{Area, INDICATORS, Indicator, IndicatorId, Rational, indicator};
pub use plausibility::plausibility;
pub use resources::{
    CvRow, CvStat, CvTable, Exception, ExceptionBasis, Gap, PartResult, ResourceItem, SchoolGap,
    SchoolResult,
};
pub use validate::validate;
pub use verdict::{Precondition, Recognition, RecognitionMethod, Verdict};

use crate::model::{County, Stage};
use std::collections::BTreeMap;

/// The result of one indicator at county level.
///
/// The results JSON writes it as `{"met": true|false|null, "value"?: number,
/// "detail"?: "…", …extras}` (`documents::wording::ResultsJson`).
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorResult {
    pub id: IndicatorId,
    /// `None` when an input is missing or invalid (see `missing`).
    pub met: Option<bool>,
    /// The headline figure where one exists (ratios as fractions; 2.4/2.5 the largest
    /// school / class; 3.9 the largest 校际差异率).
    pub value: Option<f64>,
    /// One per failure (school, class, item).
    pub findings: Vec<Finding>,
    /// One Chinese line per missing/invalid input.
    pub missing: Vec<String>,
    /// 特殊情形认定 applied (the indicator counts them as met).
    pub exceptions: Vec<Finding>,
    /// The 说明 texts of the 县级指标 items used, to quote in the report.
    pub evidence: Vec<String>,
    /// Further named figures (e.g. 2.13 `primary`/`junior`, 1.x `primary_cv`).
    pub figures: BTreeMap<&'static str, f64>,
    /// The headline figure per stage where the indicator has one (2.5: the largest
    /// class of each stage).
    pub by_stage: PerStageValue,
}

/// A figure for each compulsory stage.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PerStageValue {
    pub primary: Option<f64>,
    pub junior: Option<f64>,
}

impl PerStageValue {
    pub fn get(&self, stage: Stage) -> Option<f64> {
        match stage {
            Stage::Primary => self.primary,
            Stage::Junior => self.junior,
        }
    }
}

/// One failure or 特殊情形认定 of an indicator, as data: which school and stage, the
/// figure found and the limit it is held to, and (for an exception) on what basis.
/// `documents::wording` words it, for the documents and the results JSON alike.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Finding {
    /// Index into `County::schools` when the finding is about one school.
    pub school: Option<usize>,
    pub stage: Option<Stage>,
    pub value: Option<f64>,
    pub limit: Option<f64>,
    pub basis: Option<ExceptionBasis>,
    /// Which requirement of the indicator the finding is about where it has several
    /// (2.11 `rotation`/`backbone`, 2.3 `music_rooms`/`art_area`, 2.8 `pay`); `None`
    /// for a yes/no requirement.
    pub key: Option<&'static str>,
    /// What is still lacking to reach the limit, in the requirement's own quantity:
    /// the fewest whole people where people are counted (2.9, 2.11, 2.12, 2.15, 3.1,
    /// 3.2), rooms (2.3), pupils over the limit (2.4, 2.5), 元 (2.7, 2.8, 3.4), or the
    /// fraction short of a stated share (2.13, 2.14, 4.1).
    pub need: Option<f64>,
    /// The items a finding lists, without the school's name (2.5: the classes of 56 or
    /// more, `八年级3班57人`; 3.9 the subject, 4.2 the veto item).
    pub items: Vec<String>,
    /// The whole numbers behind a share, as (part, whole): 2.11's 20 of 250 eligible
    /// teachers exchanged.
    pub counts: Option<(u64, u64)>,
}

impl Finding {
    /// A finding about one school (and stage).
    pub fn at(school: usize, stage: Option<Stage>) -> Self {
        Finding {
            school: Some(school),
            stage,
            ..Finding::default()
        }
    }

    pub fn with_figures(mut self, value: f64, limit: f64) -> Self {
        self.value = Some(value);
        self.limit = Some(limit);
        self
    }

    pub fn with_basis(mut self, basis: ExceptionBasis) -> Self {
        self.basis = Some(basis);
        self
    }

    pub fn keyed(mut self, key: &'static str) -> Self {
        self.key = Some(key);
        self
    }

    pub fn listing(mut self, items: Vec<String>) -> Self {
        self.items = items;
        self
    }

    pub fn counting(mut self, part: u64, whole: u64) -> Self {
        self.counts = Some((part, whole));
        self
    }

    pub fn needing(mut self, need: f64) -> Self {
        if need.is_finite() {
            self.need = Some(need);
        }
        self
    }
}

impl IndicatorResult {
    pub fn indicator(&self) -> &'static Indicator {
        self.id.indicator()
    }

    pub fn figure(&self, key: &str) -> Option<f64> {
        self.figures.get(key).copied()
    }
}

/// The computed results for one county.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// 县区名称.
    pub county: String,
    /// Every school of the 学校 sheet, in order (excluded ones with no parts).
    pub schools: Vec<SchoolResult>,
    pub cv: CvTable,
    /// All 33, in catalogue order.
    pub indicators: Vec<IndicatorResult>,
    /// 4.1's ratio (None when it cannot be computed).
    pub social_recognition: Option<f64>,
    pub recognition: Recognition,
    /// Veto items present (4.2), by item name.
    pub veto: Vec<String>,
    pub verdict: Verdict,
}

impl Evaluation {
    pub fn indicator(&self, id: IndicatorId) -> Option<&IndicatorResult> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// Every in-scope school part, with its school.
    pub fn parts(&self) -> impl Iterator<Item = (&SchoolResult, &PartResult)> {
        self.schools
            .iter()
            .filter(|s| s.excluded.is_none())
            .flat_map(|s| s.parts.iter().map(move |p| (s, p)))
    }

    /// (met, total) for an area, e.g. "政府保障程度 15 项中 14 项达标".
    pub fn area_count(&self, area: Area) -> (usize, usize) {
        let of_area = self
            .indicators
            .iter()
            .filter(|i| i.indicator().area == area);
        let mut met = 0;
        let mut total = 0;
        for i in of_area {
            total += 1;
            if i.met == Some(true) {
                met += 1;
            }
        }
        (met, total)
    }

    /// Ids of an area that are not met (false), in order.
    pub fn unmet_in(&self, area: Area) -> Vec<IndicatorId> {
        self.indicators
            .iter()
            .filter(|i| i.met == Some(false) && i.indicator().area == area)
            .map(|i| i.id)
            .collect()
    }
}

/// Evaluate a county. Total: any missing or inconsistent input yields `met: null` (or
/// `None` values) with a reason, never a panic and never a silent zero.
pub fn evaluate(county: &County) -> Evaluation {
    let res = resources::evaluate_resources(county);
    let (recognition, r41) = verdict::recognition(county);
    let (veto, r42) = verdict::veto(county);
    let mut indicators = res.indicators;
    indicators.extend(government::evaluate_government(county));
    indicators.extend(quality::evaluate_quality(county));
    indicators.push(r41);
    indicators.push(r42);
    debug_assert_eq!(indicators.len(), INDICATORS.len());
    let pre = verdict::precondition(county);
    let verdict = verdict::verdict(&indicators, pre);
    Evaluation {
        county: county.info.county_name.clone(),
        schools: res.schools,
        cv: res.cv,
        indicators,
        social_recognition: recognition.ratio,
        recognition,
        veto,
        verdict,
    }
}
