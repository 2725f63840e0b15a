//! 教育质量 (3.1–3.9), REFERENCE.md §3.
//!
//! 3.9's level direction: in 国家义务教育质量监测 the 学业表现 levels run from 水平Ⅰ
//! (lowest) to 水平Ⅳ (highest), and the 办法 asks for "达到Ⅲ级以上", so a subject
//! passes with level 3 or 4 (Ⅲ or Ⅳ) and a 校际差异率 strictly below 0.15.

use super::catalogue::{IndicatorId, Rational};
use super::exact::{below, cmp_int_fraction, cmp_real_fraction, cmp_value, reaches};
use super::judge::{Judge, count, required_count, to_reach};
use super::{Finding, IndicatorResult};
use crate::model::County;

// The numbers of 3.x are the catalogue's (`catalogue::rules`, each indicator's threshold).
pub use crate::catalogue::rules::{MAX_DIFFERENCE_RATE, MIN_LEVEL};
/// 3.4: training budget ≥ 5% of public funds (the catalogue's threshold).
pub const TRAINING_SHARE: Rational = crate::catalogue::rules::TRAINING_SHARE;

/// 3.9's findings: a subject below level Ⅲ, or a 校际差异率 not below 0.15.
pub const LEVEL_KEY: &str = "level";
pub const RATE_KEY: &str = "rate";

pub(crate) const SHEET_QUALITY: &str = crate::workbook::schema::QUALITY.name;

/// Roman numeral of a level 1–4.
pub fn level_label(level: u8) -> &'static str {
    match level {
        1 => "Ⅰ",
        2 => "Ⅱ",
        3 => "Ⅲ",
        4 => "Ⅳ",
        _ => "?",
    }
}

pub(crate) fn evaluate_quality(county: &County) -> Vec<IndicatorResult> {
    vec![
        rule_3_1(county),
        rule_3_2(county),
        flags(
            IndicatorId::I3_3,
            county,
            &["学校章程制定", "管理与教学信息化"],
        ),
        rule_3_4(county),
        flags(IndicatorId::I3_5, county, &["教师信息化教学"]),
        flags(IndicatorId::I3_6, county, &["德育与校园文化良好"]),
        flags(IndicatorId::I3_7, county, &["课程开齐开足"]),
        flags(IndicatorId::I3_8, county, &["无过重课业负担"]),
        rule_3_9(county),
    ]
}

/// A judgement indicator: each 县级指标 item must be 是 (a failure is keyed by the item).
fn flags(id: IndicatorId, county: &County, items: &[&'static str]) -> IndicatorResult {
    let mut j = Judge::new(id);
    for item in items {
        j.require(county, item);
    }
    j.finish()
}

fn rule_3_1(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I3_1);
    let (gi, ii, di, bi) = (
        "初中毕业生数",
        "三年内转入复学等增加数",
        "三年内转出休学等减少数",
        "三年前初一学生数",
    );
    for i in [gi, ii, di, bi] {
        j.cite(county, i);
    }
    let graduates = j.take(required_count(county, gi));
    // 不涉及 on the change items means no such changes.
    let inc = j.take(count(county, ii)).map(|v| v.unwrap_or(0));
    let dec = j.take(count(county, di)).map(|v| v.unwrap_or(0));
    let base = j.take(required_count(county, bi));
    if let (Some(g), Some(i), Some(d), Some(b)) = (graduates, inc, dec, base) {
        if b == 0 {
            j.unknown(format!("「县级指标」项目“{bi}”为0，无法计算巩固率"));
        } else {
            let numer = i128::from(g) - i128::from(i) + i128::from(d);
            let ratio = numer as f64 / b as f64;
            j.value(ratio);
            j.figure("graduates", g as f64);
            j.figure("transferred_in", i as f64);
            j.figure("transferred_out", d as f64);
            j.figure("numerator", numer as f64);
            j.figure("denominator", b as f64);
            let share = crate::catalogue::rules::threshold(IndicatorId::I3_1);
            j.check_with(
                reaches(cmp_int_fraction(numer, u128::from(b), share)),
                || {
                    Finding::default()
                        .with_figures(ratio, share.to_f64())
                        .needing(to_reach(numer, b, share) as f64)
                },
                || "巩固率无法计算".to_string(),
            );
        }
    }
    j.finish()
}

fn rule_3_2(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I3_2);
    let (ai, ei) = ("适龄残疾儿童少年数", "残疾儿童少年入学数");
    j.cite(county, ai);
    j.cite(county, ei);
    let all = j.take(count(county, ai));
    let enrolled = j.take(count(county, ei)).map(|v| v.unwrap_or(0));
    match (all, enrolled) {
        // Met without a value: no such children in the county.
        (Some(None) | Some(Some(0)), _) => {}
        (Some(Some(a)), Some(e)) => {
            let ratio = e as f64 / a as f64;
            j.value(ratio);
            let share = crate::catalogue::rules::threshold(IndicatorId::I3_2);
            j.check_with(
                reaches(cmp_int_fraction(i128::from(e), u128::from(a), share)),
                || {
                    Finding::default()
                        .with_figures(ratio, share.to_f64())
                        .needing(to_reach(i128::from(e), a, share) as f64)
                        .counting(e, a)
                },
                || "入学率无法计算".to_string(),
            );
        }
        _ => {}
    }
    j.finish()
}

fn rule_3_4(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I3_4);
    let mut judged = 0usize;
    let mut min_ratio: Option<f64> = None;
    for (si, s) in county.schools.iter().enumerate() {
        match (s.public_funds_budget, s.training_budget) {
            (None, None) if s.kind == crate::model::SchoolKind::TeachingPoint => {
                // A teaching point normally has no budget of its own (it is funded
                // through its central school): nothing to judge.
            }
            (None, _) => j.unknown(format!("{}缺少公用经费预算总额", s.name)),
            (Some(_), None) => j.unknown(format!("{}缺少教师培训经费", s.name)),
            (Some(b), Some(t)) => {
                if !(b.is_finite() && b > 0.0 && t.is_finite() && t >= 0.0) {
                    j.unknown(format!("{}公用经费预算总额或教师培训经费无效", s.name));
                    continue;
                }
                judged += 1;
                let ratio = t / b;
                min_ratio = Some(min_ratio.map_or(ratio, |m: f64| m.min(ratio)));
                j.check_with(
                    reaches(cmp_real_fraction(t, b, TRAINING_SHARE)),
                    || {
                        Finding::at(si, None)
                            .with_figures(ratio, TRAINING_SHARE.to_f64())
                            .needing(b * TRAINING_SHARE.to_f64() - t)
                    },
                    || format!("{}教师培训经费比例无法计算", s.name),
                );
            }
        }
    }
    if judged == 0 && county.schools.is_empty() {
        j.unknown("「学校」工作表没有学校");
    }
    if let Some(m) = min_ratio {
        j.value(m);
    }
    j.figure("schools", judged as f64);
    j.finish()
}

fn rule_3_9(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I3_9);
    if county.quality.is_empty() {
        j.unknown(format!("缺少「{SHEET_QUALITY}」工作表或该表没有数据"));
        return j.finish();
    }
    let mut max_rate: Option<f64> = None;
    let mut min_level: Option<u8> = None;
    for q in &county.quality {
        let subject = q.subject.trim();
        match q.level {
            Some(l @ 1..=4) => {
                min_level = Some(min_level.map_or(l, |m| m.min(l)));
                if l < MIN_LEVEL {
                    j.fail_with(
                        Finding::default()
                            .with_figures(f64::from(l), f64::from(MIN_LEVEL))
                            .keyed(LEVEL_KEY)
                            .listing(vec![subject.to_string()]),
                    );
                }
            }
            Some(l) => j.unknown(format!(
                "「{SHEET_QUALITY}」第{}行{subject}学业水平等级“{l}”无效（应为1–4，即Ⅰ–Ⅳ）",
                q.row
            )),
            None => j.unknown(format!(
                "「{SHEET_QUALITY}」第{}行{subject}缺少学业水平等级",
                q.row
            )),
        }
        match q.difference_rate {
            Some(r) => {
                if r.is_finite() {
                    max_rate = Some(max_rate.map_or(r, |m: f64| m.max(r)));
                }
                j.check_with(
                    below(cmp_value(r, MAX_DIFFERENCE_RATE)),
                    || {
                        Finding::default()
                            .with_figures(r, MAX_DIFFERENCE_RATE.to_f64())
                            .keyed(RATE_KEY)
                            .listing(vec![subject.to_string()])
                    },
                    || format!("「{SHEET_QUALITY}」第{}行{subject}校际差异率无效", q.row),
                );
            }
            None => j.unknown(format!(
                "「{SHEET_QUALITY}」第{}行{subject}缺少校际差异率",
                q.row
            )),
        }
    }
    if let Some(m) = max_rate {
        j.value(m);
        j.figure("max_difference_rate", m);
    }
    if let Some(l) = min_level {
        j.figure("min_level", f64::from(l));
    }
    j.finish()
}
