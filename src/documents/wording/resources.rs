//! The lines of 资源配置 (1.1–1.7): a 差异系数 over its limit, a school (stage) below
//! the standard that fails the 6-of-7 rule, a 特殊情形认定 and a met indicator's summary.

use super::Words;
use crate::documents::format;
use crate::evaluate::catalogue::IndicatorId;
use crate::evaluate::resources::{CV_KEY, grades};
use crate::evaluate::{ExceptionBasis, Finding, IndicatorResult, ResourceItem};
use crate::model::Stage;

pub(super) fn finding(w: &Words, r: &IndicatorResult, f: &Finding) -> Option<String> {
    Some(match f.key {
        Some(CV_KEY) => cv_line(f),
        _ => part_line(w, r, f),
    })
}

pub(super) fn exception(w: &Words, r: &IndicatorResult, f: &Finding) -> Option<String> {
    let who = w.who(f).unwrap_or_default();
    let item = w
        .evaluation
        .schools
        .get(f.school.unwrap_or(usize::MAX))
        .and_then(|s| s.parts.iter().find(|p| Some(p.stage) == f.stage))
        .and_then(|p| Some((p.stage, p.item(r.id)?)));
    Some(
        match item.and_then(|(stage, item)| exception_reason(item, stage)) {
            Some(reason) => format!("{who}：{reason}"),
            None => format!("{who}：{}", f.basis.map_or("特殊情形认定", |b| b.label())),
        },
    )
}

pub(super) fn summary(w: &Words, r: &IndicatorResult) -> Option<String> {
    let cvs: Vec<String> = Stage::BOTH
        .iter()
        .filter_map(|&stage| {
            let key = match stage {
                Stage::Primary => "primary_cv",
                Stage::Junior => "junior_cv",
            };
            let cv = r.figure(key)?;
            let limit = w
                .evaluation
                .cv
                .get(stage, r.id)
                .map_or(f64::NAN, |s| s.limit);
            Some(format!(
                "{}差异系数{}",
                stage.label(),
                format::cv(cv, limit)
            ))
        })
        .collect();
    if cvs.is_empty() {
        return Some(String::new());
    }
    let short = w
        .evaluation
        .parts()
        .filter(|(_, p)| {
            p.item(r.id)
                .is_some_and(|i| i.meets_standard == Some(false))
        })
        .count();
    let tail = if short == 0 {
        "各校均达到标准".to_string()
    } else {
        format!("{short}所学校（学段）未达到标准，但均达到校际均衡要求或经特殊情形认定")
    };
    Some(format!("{}，均在规定范围内；{tail}", cvs.join("，")))
}

/// `小学校际差异系数为0.571，高于0.50`.
fn cv_line(f: &Finding) -> String {
    let stage = f.stage.map_or("", |s| s.label());
    let (cv, limit) = (f.value.unwrap_or(f64::NAN), f.limit.unwrap_or(f64::NAN));
    format!(
        "{stage}校际差异系数为{}，高于{}",
        format::cv(cv, limit),
        format::cv_limit(limit)
    )
}

/// A school (stage) below the standard whose school fails the compliance rule, saying
/// what it misses: six met but the seventh below 85%, or fewer than six met.
fn part_line(w: &Words, r: &IndicatorResult, f: &Finding) -> String {
    let who = w.who(f).unwrap_or_default();
    let unit = r.indicator().unit;
    let limit = f.limit.unwrap_or(f64::NAN);
    let value = format::indicator_value(r.id, f.value.unwrap_or(f64::NAN), limit);
    let standard = format::standard(limit);
    let met = f.counts.map_or(0, |(met, _)| met);
    let why = if met >= 6 {
        format!("达标{met}项，但其余1项低于标准的85%")
    } else {
        format!("仅{met}项达标")
    };
    format!(
        "{who}为{value}{unit}，低于{standard}{unit}的标准，且该校未达到“7项中至少6项达标、其余1项不低于标准85%”的要求（{why}）"
    )
}

/// Why a value below the standard is recognised (特殊情形认定), for the 1.x tables and
/// the results JSON: `现有面积与在建教学及辅助用房面积1200.0平方米合并计算，生均4.62平方米，
/// 达到4.5平方米标准`.
pub fn exception_reason(item: &ResourceItem, stage: Stage) -> Option<String> {
    let e = item.exception.as_ref()?;
    let standard = item.standard_f64();
    let reaching = |per: Option<f64>| {
        format!(
            "生均{}平方米，达到{}平方米标准",
            format::indicator_value(item.id, per.unwrap_or(f64::NAN), standard),
            format::standard(standard)
        )
    };
    // Areas as the plan's gaps print them: m² with one decimal.
    let area = |a: Option<f64>| format::decimal(a.unwrap_or(f64::NAN), 1);
    Some(match e.basis {
        ExceptionBasis::UnderConstruction => {
            let building = match item.id {
                IndicatorId::I1_4 => "在建教学及辅助用房",
                _ => "在建体育运动场馆",
            };
            format!(
                "现有面积与{building}面积{}平方米合并计算，{}",
                area(e.added_area),
                reaching(e.per_student)
            )
        }
        ExceptionBasis::RentedVenue => format!(
            "现有体育运动场馆与租用的保障学校上课时间专用场馆{}平方米合并计算，{}",
            area(e.added_area),
            reaching(e.per_student)
        ),
        ExceptionBasis::StartingGrade => {
            let first = e.starting_students.unwrap_or(0);
            let n = grades(stage);
            format!(
                "按起始年级学生数{first}人×{n}个年级＝{}人测算，{}",
                first.saturating_mul(n),
                reaching(e.per_student)
            )
        }
        ExceptionBasis::CentralCityPlan => format!(
            "位于{}，确实无法扩充教学及辅助用房，已“一校一案”制定化解方案{}",
            e.place.unwrap_or("城区"),
            super::quoted_note(e.note.as_deref())
        ),
        other => other.label().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::Words;
    use super::*;
    use crate::evaluate::catalogue::Rational;
    use crate::evaluate::resources::Exception;
    use crate::evaluate::tests::fixtures::{passing, primary, stage};
    use crate::evaluate::{IndicatorId, evaluate};
    use crate::model::SchoolKind;

    #[test]
    fn a_cv_over_its_limit_names_its_stage_and_never_prints_as_the_limit() {
        let f = Finding {
            stage: Some(Stage::Primary),
            ..Finding::default()
        }
        .with_figures(0.45004, 0.45)
        .keyed(CV_KEY);
        assert_eq!(cv_line(&f), "小学校际差异系数为0.451，高于0.45");
    }

    /// 第一小学 with 30 teachers above the required degree (3.00 per 100 pupils, below 85% of 4.2) and 1999.7 元 of
    /// equipment per pupil against 2000: two items unmet, so the school fails the rule.
    #[test]
    fn a_failing_part_keeps_its_value_below_the_standard_with_fixed_decimals() {
        let mut c = passing();
        c.schools[0].teachers_above_degree = stage(Some(30), None);
        c.schools[0].equipment_value = Some(1_999_700.0);
        let e = evaluate(&c);
        let w = Words::new(&c, &e);
        let line = |id: IndicatorId| {
            let r = e.indicator(id).unwrap();
            let f = r.findings.iter().find(|f| f.school == Some(0)).unwrap();
            w.finding(r, f)
        };
        assert_eq!(
            line(IndicatorId::I1_1),
            "第一小学为3.00人，低于4.2人的标准，且该校未达到“7项中至少6项达标、其余1项不低于标准85%”的要求（仅5项达标）"
        );
        assert!(line(IndicatorId::I1_6).starts_with("第一小学为1999元，低于2000元的标准"));
    }

    #[test]
    fn a_two_stage_school_is_named_with_its_stage() {
        let mut c = passing();
        let mut s = primary("白沙学校", 9);
        s.kind = SchoolKind::NineYear;
        s.students = stage(Some(600), Some(600));
        s.full_time_teachers = stage(Some(10), Some(60));
        s.teachers_above_degree = stage(Some(10), Some(60));
        s.backbone_teachers = stage(Some(10), Some(20));
        s.pe_art_teachers = stage(Some(10), Some(20));
        c.schools.push(s);
        let e = evaluate(&c);
        let w = Words::new(&c, &e);
        let r = e.indicator(IndicatorId::I1_1).unwrap();
        let f = r.findings.iter().find(|f| f.school == Some(4)).unwrap();
        assert!(
            w.finding(r, f)
                .starts_with("白沙学校（小学）为1.67人，低于4.2人的标准")
        );
    }

    #[test]
    fn exception_reasons_word_their_figures() {
        let standard = Rational::new(45, 10);
        let item = |e: Exception| ResourceItem {
            id: IndicatorId::I1_4,
            standard,
            factor: 1,
            quantity: None,
            value: Some(4.0),
            ratio: None,
            meets_standard: Some(false),
            meets_85: Some(true),
            exception: Some(e),
            met: Some(true),
        };
        let base = |basis| Exception {
            indicator: IndicatorId::I1_4,
            basis,
            added_area: None,
            per_student: None,
            starting_students: None,
            note: None,
            place: None,
        };
        let building = item(Exception {
            added_area: Some(500.0),
            per_student: Some(4.5),
            ..base(ExceptionBasis::UnderConstruction)
        });
        assert_eq!(
            exception_reason(&building, Stage::Primary).unwrap(),
            "现有面积与在建教学及辅助用房面积500.0平方米合并计算，生均4.50平方米，达到4.5平方米标准"
        );
        let starting = item(Exception {
            starting_students: Some(150),
            per_student: Some(4.6),
            ..base(ExceptionBasis::StartingGrade)
        });
        assert_eq!(
            exception_reason(&starting, Stage::Junior).unwrap(),
            "按起始年级学生数150人×3个年级＝450人测算，生均4.60平方米，达到4.5平方米标准"
        );
    }
}
