//! 社会认可度 (4.1), the veto items (4.2), the basic-balance precondition and the
//! overall verdict (REFERENCE.md §4).

use super::catalogue::{IndicatorId, Rational};
use super::exact::{cmp_int_fraction, cmp_value, reaches};
use super::judge::{Flag, Judge, flag};
use super::{Finding, IndicatorResult};
use crate::model::{County, VETO_ITEMS};
use serde::Serialize;

pub(crate) const SHEET_RECOGNITION: &str = crate::workbook::schema::RECOGNITION.name;
/// 4.1: at least 85% (the catalogue's threshold).
pub(crate) const RECOGNITION_THRESHOLD: Rational = crate::catalogue::rules::RECOGNITION_SHARE;
pub use crate::catalogue::rules::YEARS_AFTER_BASIC_BALANCE;

/// How 4.1 was aggregated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecognitionMethod {
    /// Σ认可 ÷ Σ有效 over all groups.
    Pooled,
    /// Σ wᵢ·rᵢ ÷ Σ wᵢ with rᵢ each group's ratio (when every group has a 权重).
    Weighted,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRatio {
    pub group: String,
    pub valid: u32,
    pub approving: u32,
    /// approving ÷ valid; None when valid is 0 or approving > valid.
    pub ratio: Option<f64>,
    pub weight: Option<f64>,
}

/// 4.1's computation, for the report's table by group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recognition {
    pub method: RecognitionMethod,
    pub ratio: Option<f64>,
    pub groups: Vec<GroupRatio>,
}

/// 基本均衡 recognised at least three years before 统计年度 (`met` is `None` when a
/// year is missing). Worded by `documents::wording`.
#[derive(Debug, Clone, PartialEq)]
pub struct Precondition {
    pub met: Option<bool>,
    pub basic_balance_year: Option<i32>,
    pub statistics_year: Option<i32>,
    /// The year the three years are counted to (see [`YearSource`]).
    pub application_year: Option<i32>,
    pub year_source: Option<YearSource>,
    /// 基本均衡年度监测持续巩固, as answered.
    pub monitoring_kept: Option<bool>,
}

/// The overall verdict (its JSON is written by `documents::wording`).
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// True only when all 33 indicators are met and the precondition holds.
    pub passed: bool,
    /// Ids whose `met` is false, in catalogue order.
    pub unmet: Vec<IndicatorId>,
    /// Ids whose `met` is null (missing input), in catalogue order.
    pub undetermined: Vec<IndicatorId>,
    pub precondition: Precondition,
}

pub(crate) fn recognition(county: &County) -> (Recognition, IndicatorResult) {
    let mut j = Judge::new(IndicatorId::I4_1);
    let groups: Vec<GroupRatio> = county
        .recognition
        .iter()
        .map(|g| GroupRatio {
            group: g.group.trim().to_string(),
            valid: g.valid,
            approving: g.approving,
            ratio: (g.valid > 0 && g.approving <= g.valid)
                .then(|| f64::from(g.approving) / f64::from(g.valid)),
            weight: g.weight,
        })
        .collect();
    let weighted_n = county
        .recognition
        .iter()
        .filter(|g| g.weight.is_some())
        .count();
    let method = if weighted_n > 0 && weighted_n == county.recognition.len() {
        RecognitionMethod::Weighted
    } else {
        RecognitionMethod::Pooled
    };
    let mut ratio = None;
    if county.recognition.is_empty() {
        j.unknown(format!("缺少「{SHEET_RECOGNITION}」工作表或该表没有数据"));
    } else if weighted_n > 0 && weighted_n < county.recognition.len() {
        j.unknown(format!(
            "「{SHEET_RECOGNITION}」部分调查对象填写了权重、部分未填写，无法确定计算方法"
        ));
    } else {
        for g in &county.recognition {
            if g.approving > g.valid {
                j.unknown(format!(
                    "「{SHEET_RECOGNITION}」第{}行{}认可问卷数{}大于有效问卷数{}",
                    g.row, g.group, g.approving, g.valid
                ));
            }
        }
        match method {
            RecognitionMethod::Pooled => {
                let approving: u64 = county
                    .recognition
                    .iter()
                    .map(|g| u64::from(g.approving))
                    .sum();
                let valid: u64 = county.recognition.iter().map(|g| u64::from(g.valid)).sum();
                j.figure("approving", approving as f64);
                j.figure("valid", valid as f64);
                if valid == 0 {
                    j.unknown(format!("「{SHEET_RECOGNITION}」有效问卷数合计为0"));
                } else {
                    let r = approving as f64 / valid as f64;
                    ratio = Some(r);
                    j.value(r);
                    j.check_with(
                        reaches(cmp_int_fraction(
                            i128::from(approving),
                            u128::from(valid),
                            RECOGNITION_THRESHOLD,
                        )),
                        || {
                            Finding::default()
                                .with_figures(r, RECOGNITION_THRESHOLD.to_f64())
                                .needing(RECOGNITION_THRESHOLD.to_f64() - r)
                                .counting(approving, valid)
                        },
                        || "社会认可度无法计算".to_string(),
                    );
                }
            }
            RecognitionMethod::Weighted => {
                let mut num = 0.0;
                let mut den = 0.0;
                let mut ok = true;
                for (g, gr) in county.recognition.iter().zip(&groups) {
                    let w = g.weight.unwrap_or(f64::NAN);
                    if !(w.is_finite() && w >= 0.0) {
                        ok = false;
                        j.unknown(format!(
                            "「{SHEET_RECOGNITION}」第{}行{}权重无效",
                            g.row, g.group
                        ));
                        continue;
                    }
                    if w == 0.0 {
                        continue;
                    }
                    match gr.ratio {
                        Some(r) => {
                            num += w * r;
                            den += w;
                        }
                        None => {
                            ok = false;
                            if g.valid == 0 {
                                j.unknown(format!(
                                    "「{SHEET_RECOGNITION}」第{}行{}有效问卷数为0",
                                    g.row, g.group
                                ));
                            }
                        }
                    }
                }
                if ok && den > 0.0 {
                    let r = num / den;
                    ratio = Some(r);
                    j.value(r);
                    j.check_with(
                        reaches(cmp_value(r, RECOGNITION_THRESHOLD)),
                        || {
                            Finding::default()
                                .with_figures(r, RECOGNITION_THRESHOLD.to_f64())
                                .needing(RECOGNITION_THRESHOLD.to_f64() - r)
                        },
                        || "社会认可度无法计算".to_string(),
                    );
                } else if ok {
                    j.unknown(format!("「{SHEET_RECOGNITION}」权重合计为0"));
                }
            }
        }
    }
    // A failed check must not leave a number that documents might print as valid.
    let mut result = j.finish();
    let ratio = if result.met.is_some() { ratio } else { None };
    if result.met.is_none() {
        result.value = None;
    }
    (
        Recognition {
            method,
            ratio,
            groups,
        },
        result,
    )
}

/// 4.2: returns the veto items present and the indicator.
pub(crate) fn veto(county: &County) -> (Vec<String>, IndicatorResult) {
    let mut j = Judge::new(IndicatorId::I4_2);
    let mut present = Vec::new();
    for item in VETO_ITEMS {
        j.cite(county, item);
        match flag(county, item) {
            Ok(Flag::Yes) => {
                present.push(item.to_string());
                j.fail_with(Finding::default().listing(vec![item.to_string()]));
            }
            Ok(Flag::No | Flag::NotApplicable) => {}
            Err(e) => j.unknown(e),
        }
    }
    j.figure("present", present.len() as f64);
    (present, j.finish())
}

/// Where the year an application is measured to comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum YearSource {
    /// 基本信息 申报年份
    Application,
    /// the year of 成文日期
    DocumentDate,
    /// 统计年度, when neither is given
    StatisticsYear,
}

/// The 申报条件: 基本均衡 recognised at least three years before the application, and
/// kept up in the yearly monitoring (否 fails it; left blank it is not asserted and
/// `check` warns).
pub(crate) fn precondition(county: &County) -> Precondition {
    let info = &county.info;
    let bb = info.basic_balance_year;
    let (year, source) = match (
        info.application_year,
        info.date.map(|d| d.year),
        info.statistics_year,
    ) {
        (Some(y), _, _) => (Some(y), Some(YearSource::Application)),
        (None, Some(y), _) => (Some(y), Some(YearSource::DocumentDate)),
        (None, None, Some(y)) => (Some(y), Some(YearSource::StatisticsYear)),
        _ => (None, None),
    };
    let years = match (bb, year) {
        (Some(b), Some(s)) => Some(b <= s.saturating_sub(YEARS_AFTER_BASIC_BALANCE)),
        _ => None,
    };
    let met = match (years, info.monitoring_kept) {
        (_, Some(false)) => Some(false),
        (y, _) => y,
    };
    Precondition {
        met,
        basic_balance_year: bb,
        statistics_year: info.statistics_year,
        application_year: year,
        year_source: source,
        monitoring_kept: info.monitoring_kept,
    }
}

pub(crate) fn verdict(indicators: &[IndicatorResult], pre: Precondition) -> Verdict {
    let unmet: Vec<IndicatorId> = indicators
        .iter()
        .filter(|i| i.met == Some(false))
        .map(|i| i.id)
        .collect();
    let undetermined: Vec<IndicatorId> = indicators
        .iter()
        .filter(|i| i.met.is_none())
        .map(|i| i.id)
        .collect();
    let passed = indicators.len() == super::catalogue::INDICATORS.len()
        && indicators.iter().all(|i| i.met == Some(true))
        && pre.met == Some(true);
    Verdict {
        passed,
        unmet,
        undetermined,
        precondition: pre,
    }
}
