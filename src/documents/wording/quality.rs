//! The lines of 教育质量 (3.1–3.9) and 社会认可度 (4.1, 4.2), and of the verdict's
//! 评估前提.

use super::Words;
use crate::documents::format;
use crate::evaluate::catalogue::IndicatorId;
use crate::evaluate::quality::{LEVEL_KEY, MAX_DIFFERENCE_RATE, MIN_LEVEL, level_label};
use crate::evaluate::verdict::YEARS_AFTER_BASIC_BALANCE;
use crate::evaluate::{Finding, IndicatorResult, Precondition, RecognitionMethod};

pub(super) fn finding(w: &Words, r: &IndicatorResult, f: &Finding) -> Option<String> {
    let below = |name: &str| {
        format!(
            "{name}{}{}，低于{}",
            share(r.id, f.value, f.limit),
            fraction(f.counts),
            standard_share(f.limit)
        )
    };
    Some(match r.id {
        IndicatorId::I3_1 => format!(
            "初中三年巩固率{}{}，低于{}",
            share(r.id, f.value, f.limit),
            consolidation(r),
            standard_share(f.limit)
        ),
        IndicatorId::I3_2 => below("残疾儿童少年入学率"),
        IndicatorId::I3_4 => training_line(w, r, f),
        IndicatorId::I3_9 => monitoring_line(f),
        IndicatorId::I4_1 => below(recognition_name(w)),
        IndicatorId::I4_2 => format!("存在“{}”情形", f.items.join("、")),
        _ => flag_line(f.key.unwrap_or_default()),
    })
}

/// 教育质量 and 社会认可度 have no 特殊情形认定.
pub(super) fn exception(_w: &Words, _r: &IndicatorResult, _f: &Finding) -> Option<String> {
    Some(String::new())
}

pub(super) fn summary(w: &Words, r: &IndicatorResult) -> Option<String> {
    let threshold = r.indicator().threshold.map(|t| t.to_f64());
    let value = r.value;
    Some(match r.id {
        IndicatorId::I3_1 => format!("初中三年巩固率{}", share(r.id, value, threshold)),
        IndicatorId::I3_2 if value.is_none() => "县域内无适龄残疾儿童少年".to_string(),
        IndicatorId::I3_2 => format!("残疾儿童少年入学率{}", share(r.id, value, threshold)),
        IndicatorId::I3_4 if value.is_none() => String::new(),
        IndicatorId::I3_4 => format!(
            "各校教师培训经费占公用经费预算总额的比例最低为{}",
            share(r.id, value, Some(training_share()))
        ),
        IndicatorId::I3_9 => format!(
            "{}个监测科目学业水平均达到{}级以上，校际差异率均低于{}",
            w.county.quality.len(),
            level_label(MIN_LEVEL),
            format::standard(MAX_DIFFERENCE_RATE.to_f64())
        ),
        IndicatorId::I4_1 => format!("{}{}", recognition_name(w), share(r.id, value, threshold)),
        IndicatorId::I4_2 => "不存在一票否决情形".to_string(),
        _ => String::new(),
    })
}

/// The 评估前提 line (the verdict's `precondition.detail`).
pub fn precondition(p: &Precondition) -> String {
    let years = YEARS_AFTER_BASIC_BALANCE;
    let span = match (p.basic_balance_year, p.application_year) {
        // The years that have passed, not only "已满3年": 2015 → 2024 is nine.
        (Some(b), Some(s)) if s.saturating_sub(b) >= years => format!(
            "{b}年通过义务教育基本均衡发展国家认定，至{s}年已满{}年，满足认定满{years}年的申报条件",
            s.saturating_sub(b)
        ),
        (Some(b), Some(s)) => format!(
            "{b}年通过义务教育基本均衡发展国家认定，至{s}年仅{}年，不满{years}年",
            s.saturating_sub(b).max(0)
        ),
        (None, _) => "「基本信息」缺少“基本均衡认定年份”".to_string(),
        (_, None) => "「基本信息」缺少“申报年份”（或成文日期、统计年度）".to_string(),
    };
    let monitoring = match p.monitoring_kept {
        Some(true) => "；基本均衡发展年度监测中持续保持基本均衡",
        Some(false) => "；基本均衡发展年度监测中未能持续保持基本均衡，不满足申报条件",
        None => "",
    };
    format!("{span}{monitoring}")
}

/// A share of indicator `id` with its catalogue decimals, never printed as reaching
/// `limit` when below it: `94.90%`.
fn share(id: IndicatorId, value: Option<f64>, limit: Option<f64>) -> String {
    let Some(v) = value else {
        return format::MISSING.to_string();
    };
    let places = usize::from(id.indicator().decimals);
    match limit {
        Some(l) => format::indicator_share(id, v, l),
        None => format::percent(v, places),
    }
}

/// A share standard as the 办法 writes it: `95%`.
fn standard_share(limit: Option<f64>) -> String {
    format::standard_share(limit.unwrap_or(f64::NAN))
}

/// `（188/200）`: the counts behind a share.
fn fraction(counts: Option<(u64, u64)>) -> String {
    counts.map_or_else(String::new, |(part, whole)| {
        format!("（{}/{}）", format::int(part), format::int(whole))
    })
}

/// 3.1's computation: `（(毕业生数－转入数＋转出数)÷三年前初一学生数）` in figures.
fn consolidation(r: &IndicatorResult) -> String {
    let figures = (
        r.figure("graduates"),
        r.figure("transferred_in"),
        r.figure("transferred_out"),
        r.figure("denominator"),
    );
    let (Some(g), Some(i), Some(d), Some(b)) = figures else {
        return String::new();
    };
    let n = |x: f64| format::decimal(x, 0);
    format!("（({}－{}＋{})÷{}）", n(g), n(i), n(d), n(b))
}

fn training_share() -> f64 {
    crate::evaluate::quality::TRAINING_SHARE.to_f64()
}

/// `北关小学教师培训经费3000元，占公用经费预算总额80000元的3.75%，低于5%` (元 whole,
/// as everywhere in the documents).
fn training_line(w: &Words, r: &IndicatorResult, f: &Finding) -> String {
    let who = w.who(f).unwrap_or_default();
    let ratio = share(r.id, f.value, f.limit);
    let limit = standard_share(f.limit);
    let yuan = |x: f64| format!("{}元", format::decimal(x, 0));
    match w
        .school(f)
        .and_then(|s| Some((s.training_budget?, s.public_funds_budget?)))
    {
        Some((t, b)) => format!(
            "{who}教师培训经费{}，占公用经费预算总额{}的{ratio}，低于{limit}",
            yuan(t),
            yuan(b)
        ),
        None => format!("{who}教师培训经费占公用经费预算总额的{ratio}，低于{limit}"),
    }
}

/// A 3.9 subject below level Ⅲ, or whose 校际差异率 is not below 0.15.
fn monitoring_line(f: &Finding) -> String {
    let subject = f.items.join("、");
    let value = f.value.unwrap_or(f64::NAN);
    if f.key == Some(LEVEL_KEY) {
        let level = if value.is_finite() && (1.0..=4.0).contains(&value) {
            level_label(value as u8)
        } else {
            "?"
        };
        return format!(
            "{subject}学生学业水平为{level}级，未达到{}级以上",
            level_label(MIN_LEVEL)
        );
    }
    // A rate at or above the limit fails: three decimals never print it below 0.150.
    format!(
        "{subject}校际差异率为{}，未低于{}",
        format::decimal(value, 3),
        format::standard(f.limit.unwrap_or(f64::NAN))
    )
}

fn recognition_name(w: &Words) -> &'static str {
    match w.evaluation.recognition.method {
        RecognitionMethod::Weighted => "社会认可度（加权）",
        RecognitionMethod::Pooled => "社会认可度",
    }
}

/// A yes/no requirement of 3.3 and 3.5–3.8 that is not met, by its 县级指标 item.
fn flag_line(item: &str) -> String {
    match item {
        "学校章程制定" => "存在未制定章程的学校",
        "管理与教学信息化" => "学校管理与教学信息化未全面实现",
        "教师信息化教学" => "教师运用信息化手段组织教学、设施设备利用率未达到较高水平",
        "德育与校园文化良好" => "存在德育工作、校园文化建设水平未达到良好的学校",
        "课程开齐开足" => "课程开齐开足、教学秩序规范、综合实践活动有效开展方面存在不足",
        "无过重课业负担" => "存在过重课业负担",
        other => return format!("“{other}”未达到要求"),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::super::Words;
    use super::*;
    use crate::evaluate::evaluate;
    use crate::evaluate::tests::fixtures::{n, no, passing};
    use crate::model::County;

    fn detail(c: &County, id: IndicatorId) -> String {
        let e = evaluate(c);
        let r = e.indicator(id).unwrap();
        Words::new(c, &e).detail(r).unwrap_or_default()
    }

    #[test]
    fn a_failing_share_stays_below_its_standard_with_fixed_decimals() {
        let mut c = passing();
        n(&mut c, "适龄残疾儿童少年数", 100_000.0);
        n(&mut c, "残疾儿童少年入学数", 94_999.0);
        assert_eq!(
            detail(&c, IndicatorId::I3_2),
            "残疾儿童少年入学率94.99%（94999/100000），低于95%"
        );
        n(&mut c, "初中毕业生数", 959.0);
        assert_eq!(
            detail(&c, IndicatorId::I3_1),
            "初中三年巩固率94.90%（(959－20＋10)÷1000），低于95%"
        );
        c.schools[0].training_budget = Some(49_999.0);
        assert_eq!(
            detail(&c, IndicatorId::I3_4),
            "第一小学教师培训经费49999元，占公用经费预算总额1000000元的4.99%，低于5%"
        );
    }

    #[test]
    fn met_summaries_print_the_catalogue_decimals() {
        let c = passing();
        assert_eq!(detail(&c, IndicatorId::I3_2), "残疾儿童少年入学率98.00%");
        assert_eq!(detail(&c, IndicatorId::I4_1), "社会认可度89.00%");
        assert_eq!(
            detail(&c, IndicatorId::I3_9),
            "2个监测科目学业水平均达到Ⅲ级以上，校际差异率均低于0.15"
        );
        assert_eq!(detail(&c, IndicatorId::I4_2), "不存在一票否决情形");
    }

    #[test]
    fn judgements_and_monitoring_failures_are_worded_from_their_keys() {
        let mut c = passing();
        no(&mut c, "学校章程制定");
        assert_eq!(detail(&c, IndicatorId::I3_3), "存在未制定章程的学校");
        c.quality[0].difference_rate = Some(0.15);
        c.quality[1].level = Some(2);
        assert_eq!(
            detail(&c, IndicatorId::I3_9),
            "数学校际差异率为0.150，未低于0.15；语文学生学业水平为Ⅱ级，未达到Ⅲ级以上"
        );
    }

    #[test]
    fn the_precondition_says_whether_three_years_have_passed() {
        let mut c = passing();
        let line = |c: &County| precondition(&evaluate(c).verdict.precondition);
        assert_eq!(
            line(&c),
            "2018年通过义务教育基本均衡发展国家认定，至2024年已满6年，满足认定满3年的申报条件"
        );
        c.info.basic_balance_year = Some(2022);
        assert_eq!(
            line(&c),
            "2022年通过义务教育基本均衡发展国家认定，至2024年仅2年，不满3年"
        );
        c.info.statistics_year = None;
        assert_eq!(
            line(&c),
            "「基本信息」缺少“申报年份”（或成文日期、统计年度）"
        );
    }

    /// Issue 26's probe: the three years run to the application (申报年份, else the
    /// 成文日期's year), not to the 统计年度; and 否 on the yearly monitoring fails.
    #[test]
    fn the_precondition_counts_to_the_application_year() {
        use crate::model::Date;
        let mut c = passing();
        c.info.basic_balance_year = Some(2022);
        c.info.statistics_year = Some(2024);
        let pre = |c: &County| evaluate(c).verdict.precondition;
        assert_eq!(pre(&c).met, Some(false), "2022 → 2024 is two years");
        c.info.date = Some(Date {
            year: 2025,
            month: 3,
            day: 16,
        });
        assert_eq!(pre(&c).met, Some(true), "2022 → 2025 (成文日期) is three");
        assert_eq!(pre(&c).application_year, Some(2025));
        c.info.application_year = Some(2024);
        assert_eq!(pre(&c).met, Some(false), "申报年份 2024 wins over the date");
        c.info.application_year = Some(2026);
        assert_eq!(pre(&c).met, Some(true));
        assert_eq!(
            precondition(&pre(&c)),
            "2022年通过义务教育基本均衡发展国家认定，至2026年已满4年，满足认定满3年的申报条件"
        );
        c.info.monitoring_kept = Some(false);
        assert_eq!(pre(&c).met, Some(false));
        assert!(precondition(&pre(&c)).ends_with("未能持续保持基本均衡，不满足申报条件"));
        assert!(!evaluate(&c).verdict.passed);
    }
}
