//! The catalogue is the one rulebook: each threshold decides the verdict and is what the
//! wording prints. Each case sets a value exactly at the catalogue's threshold (met),
//! just past it (not met), and reads the printed line for the same number, so changing
//! one number in `src/catalogue` moves the verdict and the sentence together.

use super::fixtures::*;
use crate::catalogue::rules;
use crate::documents::format;
use crate::documents::wording::Words;
use crate::evaluate::{IndicatorId, evaluate};
use crate::model::*;

/// met, and the finding lines, of one indicator.
fn judged(c: &County, id: IndicatorId) -> (Option<bool>, Vec<String>) {
    let e = evaluate(c);
    let w = Words::new(c, &e);
    let r = e.indicator(id).unwrap();
    (r.met, r.findings.iter().map(|f| w.finding(r, f)).collect())
}

#[test]
fn county_thresholds_decide_and_are_printed() {
    // (indicator, item, just short of the threshold)
    let cases = [
        (IndicatorId::I2_7, "特殊教育学校生均公用经费", 1.0),
        (IndicatorId::I2_14, "优质高中名额分配比例", 0.0001),
    ];
    for (id, item, step) in cases {
        let t = rules::threshold(id).to_f64();
        assert!(t > 0.0, "{id} has a threshold in the catalogue");
        let mut c = passing();
        n(&mut c, item, t);
        assert_eq!(judged(&c, id).0, Some(true), "{id} at {t}");
        n(&mut c, item, t - step);
        let (met, lines) = judged(&c, id);
        assert_eq!(met, Some(false), "{id} below {t}");
        let printed = if id.indicator().unit == "%" {
            format::standard_share(t)
        } else {
            format::standard(t)
        };
        assert!(
            lines.iter().any(|l| l.contains(&printed)),
            "{id}: {lines:?} should print {printed}"
        );
    }
}

#[test]
fn class_and_size_limits_decide_and_are_printed() {
    for stage in Stage::BOTH {
        let limit = rules::class_limit(stage);
        let std = IndicatorId::I2_5.indicator().standard(stage).unwrap();
        assert_eq!(u64::from(limit), std.num / std.den);
        let mut c = passing();
        let si = if stage == Stage::Primary { 0 } else { 2 };
        let set = |c: &mut County, v: u32| {
            c.schools[si].max_class_size = match stage {
                Stage::Primary => stage_of(Some(v), None),
                Stage::Junior => stage_of(None, Some(v)),
            }
        };
        set(&mut c, limit);
        assert_eq!(judged(&c, IndicatorId::I2_5).0, Some(true));
        set(&mut c, limit + 1);
        let (met, lines) = judged(&c, IndicatorId::I2_5);
        assert_eq!(met, Some(false));
        assert!(
            lines[0].contains(&format!("{}{}人的标准", stage.label(), limit)),
            "{lines:?}"
        );
    }
    // 2.4: the limit decides and is printed; the catalogue's standard text states it.
    let mut c = passing();
    c.schools[0].students = stage_of(Some(rules::SIZE_LIMIT), None);
    assert_eq!(judged(&c, IndicatorId::I2_4).0, Some(true));
    c.schools[0].students = stage_of(Some(rules::SIZE_LIMIT + 1), None);
    let (met, lines) = judged(&c, IndicatorId::I2_4);
    assert_eq!(met, Some(false));
    assert!(
        lines[0].contains(&format!("超过{}人", rules::SIZE_LIMIT)),
        "{lines:?}"
    );
    let text = IndicatorId::I2_4.indicator().standard_text;
    for n in [rules::SIZE_LIMIT, rules::SIZE_LIMIT_THROUGH] {
        assert!(text.contains(&n.to_string()), "{text}");
    }
    let text = IndicatorId::I2_5.indicator().standard_text;
    assert!(
        text.contains(&format!("{}人以上大班额", rules::LARGE_CLASS)),
        "{text}"
    );
    let text = IndicatorId::I2_3.indicator().standard_text;
    for n in [rules::MUSIC_ROOM_AREA, rules::ART_ROOM_AREA] {
        assert!(text.contains(&format::standard(n)), "{text}");
    }
    assert!(
        text.contains(&format!("每{}个班级", rules::CLASSES_PER_ROOM)),
        "{text}"
    );
}

/// A class of exactly 大班额 size never passes, even under the exception; one below it can.
#[test]
fn large_class_line_is_the_catalogue_number() {
    let mut c = passing();
    c.schools[2].capacity_expansion = Some(true);
    c.schools[2].max_class_size = stage_of(None, Some(rules::LARGE_CLASS - 1));
    assert_eq!(judged(&c, IndicatorId::I2_5).0, Some(true));
    c.schools[2].max_class_size = stage_of(None, Some(rules::LARGE_CLASS));
    let (met, lines) = judged(&c, IndicatorId::I2_5);
    assert_eq!(met, Some(false));
    assert!(
        lines[0].contains(&format!("{}人以上大班额", rules::LARGE_CLASS)),
        "{lines:?}"
    );
}

/// The notes templates and pages print come from the catalogue.
#[test]
fn rule_text_is_the_catalogue() {
    let r = crate::documents::wording::RuleText::new();
    assert_eq!(
        r.cv_primary,
        format::cv_limit(crate::catalogue::cv_limit(Stage::Primary).to_f64())
    );
    assert_eq!(r.cv_primary, "0.50");
    assert_eq!(r.cv_junior, "0.45");
    assert_eq!(r.compliance, "至少6项指标达到标准、其余1项不低于标准的85%");
    assert_eq!(
        (r.large_class.as_str(), r.huge_class.as_str()),
        ("56", "66")
    );
}

fn stage_of(primary: Option<u32>, junior: Option<u32>) -> PerStage<u32> {
    stage(primary, junior)
}

/// Issue 26's probe: 4.4996 against 4.5 prints as the documents print it, 4.49, in the
/// 数据更正对照表 (it printed "4.50（未达标）").
#[test]
fn correction_table_prints_values_as_the_documents_do() {
    let old = passing();
    let mut new = old.clone();
    // 1,000 pupils: 4,499.6 m² is 4.4996 per pupil.
    new.schools[0].teaching_area = Some(4499.6);
    let changes = crate::compare::consequences(&evaluate(&old), &evaluate(&new));
    let line = changes
        .iter()
        .find(|c| c.subject.contains("1.4") && c.category == "学校")
        .expect("the 1.4 value of 第一小学 changed");
    assert_eq!(line.new, "4.49（未达标）");
    assert_eq!(line.old, "6.00（达标）");
}

/// Issue 26's probe: a teaching point of 62 pupils under each 教学点参评人数下限.
#[test]
fn teaching_point_threshold_is_a_setting() {
    let mut c = passing();
    let mut tp = primary("河湾教学点", 9);
    tp.kind = SchoolKind::TeachingPoint;
    tp.students = stage(Some(62), None);
    c.schools.push(tp);
    let excluded = |c: &County| evaluate(c).schools[4].excluded.clone();
    // National default (50): 62 pupils take part.
    assert_eq!(excluded(&c), None);
    assert!(crate::documents::wording::settings_notes(&c.info).is_empty());
    c.info.teaching_point_min = Some(100);
    let why = excluded(&c).expect("excluded under 100");
    assert!(why.contains("不足100人"), "{why}");
    let notes = crate::documents::wording::settings_notes(&c.info);
    assert_eq!(notes.len(), 1);
    assert!(notes[0].contains("不足100人的教学点"), "{notes:?}");
    c.info.teaching_point_min = Some(0);
    assert_eq!(excluded(&c), None);
    // 2.3 on teaching points: one room short fails unless the province leaves them out.
    c.schools[4].music_rooms = Some(0);
    assert_eq!(
        evaluate(&c).indicator(IndicatorId::I2_3).unwrap().met,
        Some(false)
    );
    c.info.teaching_points_in_rooms = Some(false);
    assert_eq!(
        evaluate(&c).indicator(IndicatorId::I2_3).unwrap().met,
        Some(true)
    );
    assert!(
        crate::documents::wording::settings_notes(&c.info)
            .iter()
            .any(|n| n.contains("指标2.3"))
    );
}

/// Issue 26's probe: a thin 4.1 survey (five students, one questionnaire per other
/// group) is warned of when 常住人口 is given, and groups missing are named.
#[test]
fn thin_survey_is_warned_of() {
    let mut c = passing();
    c.recognition = [
        "学生",
        "家长",
        "教师",
        "校长",
        "人大代表",
        "政协委员",
        "其他群众",
    ]
    .iter()
    .enumerate()
    .map(|(i, g)| SurveyGroup {
        row: 2 + i as u32,
        group: (*g).to_string(),
        valid: if i == 0 { 5 } else { 1 },
        approving: if i == 0 { 5 } else { 1 },
        weight: None,
    })
    .collect();
    let warnings = |c: &County| {
        crate::evaluate::validate(c)
            .into_iter()
            .filter(|p| p.sheet == "社会认可度")
            .map(|p| p.message)
            .collect::<Vec<_>>()
    };
    assert!(warnings(&c).is_empty(), "{:?}", warnings(&c));
    c.info.resident_population = Some(420_000);
    let w = warnings(&c);
    assert!(
        w.iter()
            .any(|m| m.contains("有效问卷合计11份") && m.contains("1.5‰") && m.contains("630份")),
        "{w:?}"
    );
    c.recognition.truncate(3);
    let w = warnings(&c);
    assert!(
        w.iter()
            .any(|m| m.contains("缺少校长、人大代表、政协委员、其他群众")),
        "{w:?}"
    );
}

/// The 自评报告 is the 县（区）人民政府's unless the workbook names its issuer; the plan
/// keeps the 发文机关 (default 教育局). Its 2.x 特殊情形认定 are on the 问题清单 with
/// their basis.
#[test]
fn report_is_signed_by_the_government_and_lists_its_exceptions() {
    let mut c = passing();
    c.schools[0].students = stage(Some(2600), None);
    c.schools[0].size_approved = Some(true);
    let e = evaluate(&c);
    let date = Date {
        year: 2026,
        month: 3,
        day: 16,
    };
    let common = crate::documents::Common::new(&c, date);
    assert_eq!(common.authority, "示例区教育局");
    let report = crate::documents::report::context(&c, &e, common.clone());
    assert_eq!(report.common.authority, "示例区人民政府");
    c.info.report_authority = Some("示例区人民政府办公室".into());
    let report = crate::documents::report::context(&c, &e, common);
    assert_eq!(report.common.authority, "示例区人民政府办公室");
    let rows = crate::documents::report::problem_rows(&c, &e);
    let row = rows
        .iter()
        .find(|r| r.indicator == "2.4")
        .expect("the 2.4 认定 is on the 问题清单");
    assert!(
        row.problem.starts_with("已按特殊情形认定："),
        "{}",
        row.problem
    );
    assert!(
        row.problem.contains("县级以上人民政府批复规模"),
        "{}",
        row.problem
    );
}
