use super::fixtures::*;
use crate::evaluate::IndicatorId;
use crate::evaluate::verdict::RecognitionMethod;
use crate::evaluate::{evaluate, validate};
use crate::model::*;

fn group(row: u32, name: &str, valid: u32, approving: u32, weight: Option<f64>) -> SurveyGroup {
    SurveyGroup {
        row,
        group: name.into(),
        valid,
        approving,
        weight,
    }
}

#[test]
fn passing_county_passes() {
    let c = passing();
    let e = evaluate(&c);
    assert!(
        e.verdict.passed,
        "unmet {:?} undetermined {:?}",
        e.verdict.unmet, e.verdict.undetermined
    );
    assert!(e.verdict.unmet.is_empty());
    assert!(e.veto.is_empty());
    // (900 + 880) / 2000 = 0.89.
    assert_eq!(e.social_recognition, Some(0.89));
    assert_eq!(e.area_count(crate::evaluate::Area::Government), (15, 15));
    // No located errors in a clean county.
    assert!(
        validate(&c).iter().all(|p| !p.is_error()),
        "{:?}",
        validate(&c)
    );
}

#[test]
fn social_recognition_pooled_boundary() {
    let mut c = passing();
    // 850 / 1000 = 85% exactly.
    c.recognition = vec![
        group(2, "学生", 500, 400, None),
        group(3, "家长", 500, 450, None),
    ];
    let e = evaluate(&c);
    assert_eq!(e.recognition.method, RecognitionMethod::Pooled);
    assert_eq!(e.indicator(IndicatorId::I4_1).unwrap().met, Some(true));
    assert_eq!(e.social_recognition, Some(0.85));
    c.recognition[0].approving = 399;
    let e = evaluate(&c);
    assert_eq!(e.indicator(IndicatorId::I4_1).unwrap().met, Some(false));
    assert_eq!(e.verdict.unmet, vec!["4.1"]);
    assert!(!e.verdict.passed);
}

#[test]
fn social_recognition_weighted() {
    let mut c = passing();
    // Ratios 0.8 and 0.9, weights 1 and 1 → 0.85 exactly; pooled would be
    // (80 + 900)/(100 + 1000) = 0.8909.
    c.recognition = vec![
        group(2, "学生", 100, 80, Some(1.0)),
        group(3, "家长", 1000, 900, Some(1.0)),
    ];
    let e = evaluate(&c);
    assert_eq!(e.recognition.method, RecognitionMethod::Weighted);
    assert!(close(e.social_recognition.unwrap(), 0.85, 1e-12));
    assert_eq!(e.indicator(IndicatorId::I4_1).unwrap().met, Some(true));
    // Weights 3 : 1 → (2.4 + 0.9)/4 = 0.825.
    c.recognition[0].weight = Some(3.0);
    let e = evaluate(&c);
    assert!(close(e.social_recognition.unwrap(), 0.825, 1e-12));
    assert_eq!(e.indicator(IndicatorId::I4_1).unwrap().met, Some(false));
    // Mixed weights: undecidable, reported.
    c.recognition[1].weight = None;
    let e = evaluate(&c);
    assert_eq!(e.indicator(IndicatorId::I4_1).unwrap().met, None);
    assert_eq!(e.social_recognition, None);
    assert!(
        validate(&c)
            .iter()
            .any(|p| p.is_error() && p.sheet == "社会认可度")
    );
    // Approving > valid: null and an error at the row.
    let mut c = passing();
    c.recognition[0].approving = 1001;
    assert_eq!(evaluate(&c).indicator(IndicatorId::I4_1).unwrap().met, None);
    assert!(
        validate(&c)
            .iter()
            .any(|p| p.is_error() && p.row == Some(2))
    );
    // No survey: null.
    c.recognition.clear();
    assert_eq!(evaluate(&c).indicator(IndicatorId::I4_1).unwrap().met, None);
}

#[test]
fn veto_items() {
    let mut c = passing();
    yes(&mut c, "重点学校或重点班");
    let e = evaluate(&c);
    assert_eq!(e.veto, vec!["重点学校或重点班".to_string()]);
    assert_eq!(e.indicator(IndicatorId::I4_2).unwrap().met, Some(false));
    assert!(!e.verdict.passed);
    assert_eq!(e.verdict.unmet, vec!["4.2"]);
    // A missing veto item: undetermined, not passed.
    let mut c = passing();
    c.county_items.remove("弄虚作假");
    let e = evaluate(&c);
    assert_eq!(e.indicator(IndicatorId::I4_2).unwrap().met, None);
    assert_eq!(e.verdict.undetermined, vec!["4.2"]);
    assert!(!e.verdict.passed);
    // 不涉及 is "not present".
    set(&mut c, "弄虚作假", ItemValue::NotApplicable);
    assert!(evaluate(&c).verdict.passed);
}

#[test]
fn three_year_precondition() {
    let mut c = passing();
    c.info.basic_balance_year = Some(2021);
    c.info.statistics_year = Some(2024);
    let e = evaluate(&c);
    assert_eq!(e.verdict.precondition.met, Some(true));
    assert!(e.verdict.passed);
    c.info.basic_balance_year = Some(2022);
    let e = evaluate(&c);
    assert_eq!(e.verdict.precondition.met, Some(false));
    assert!(!e.verdict.passed);
    assert!(e.verdict.unmet.is_empty()); // all 33 met, yet not passed
    c.info.basic_balance_year = None;
    let e = evaluate(&c);
    assert_eq!(e.verdict.precondition.met, None);
    assert!(!e.verdict.passed);
}

#[test]
fn empty_county_is_total() {
    let c = County::default();
    let e = evaluate(&c);
    assert_eq!(e.indicators.len(), 33);
    assert!(!e.verdict.passed);
    // Nothing can be judged, and every null says why.
    for i in &e.indicators {
        assert_eq!(i.met, None, "{}", i.id);
        assert!(i.missing.iter().any(|m| !m.is_empty()), "{}", i.id);
    }
    assert_eq!(e.verdict.undetermined.len(), 33);
    assert!(!validate(&c).is_empty());
}

#[test]
fn hostile_inputs_do_not_panic() {
    let mut c = passing();
    c.info.split_weights = SplitWeights {
        primary: 0.0,
        junior: f64::NAN,
        senior: -1.0,
    };
    c.info.statistics_year = Some(i32::MIN);
    c.info.basic_balance_year = Some(i32::MAX);
    let mut s = primary("极端", 20);
    s.kind = SchoolKind::TwelveYear;
    s.students = PerStage {
        primary: Some(u32::MAX),
        junior: Some(u32::MAX),
        senior: Some(u32::MAX),
    };
    s.teachers_above_degree = stage(Some(u32::MAX), Some(0));
    s.teaching_area = Some(f64::NAN);
    s.sports_area = Some(f64::INFINITY);
    s.equipment_value = Some(-5.0);
    s.multimedia_rooms = Some(u32::MAX);
    s.classes = stage(Some(u32::MAX), Some(u32::MAX));
    s.starting_grade_students = Some(u32::MAX);
    s.public_funds_budget = Some(0.0);
    s.training_budget = Some(f64::NAN);
    c.schools.push(s);
    let mut z = primary("空九年制", 21);
    z.kind = SchoolKind::NineYear;
    z.students = stage(Some(0), Some(0));
    c.schools.push(z);
    n(&mut c, "三年前初一学生数", 0.0);
    n(&mut c, "初中毕业生数", 1e15);
    n(&mut c, "教师平均工资收入", f64::NAN);
    c.recognition = vec![group(2, "学生", u32::MAX, u32::MAX, Some(f64::INFINITY))];
    c.quality = vec![QualitySubject {
        row: 2,
        subject: "数学".into(),
        level: Some(0),
        difference_rate: Some(f64::NAN),
    }];
    c.classes = Some(vec![ClassRow {
        row: 2,
        school: "不存在的学校".into(),
        stage: Stage::Junior,
        grade: 0,
        class_name: String::new(),
        students: u32::MAX,
    }]);
    let e = evaluate(&c);
    assert!(!e.verdict.passed);
    assert_eq!(e.indicators.len(), 33);
    let _ = serde_json::to_string(&crate::documents::wording::ResultsJson::new(&c, &e)).unwrap();
    let probs = validate(&c);
    assert!(probs.iter().any(|p| p.is_error() && p.sheet == "基本信息"));
    assert!(probs.iter().any(|p| p.is_error() && p.row == Some(21)));
    for (_, p) in e.parts() {
        for id in crate::evaluate::catalogue::RESOURCE_IDS {
            let _ = p.gap(id);
        }
    }
}

#[test]
fn basic_info_warnings_name_the_item_row() {
    let mut c = passing();
    c.info.statistics_year = Some(2024);
    c.info.basic_balance_year = Some(2025);
    c.info.item_rows = [("基本均衡认定年份".to_string(), 11)].into_iter().collect();
    let late = validate(&c)
        .into_iter()
        .find(|p| p.message.contains("晚于统计年度"))
        .expect("a later recognition year is warned about");
    assert_eq!(
        late.to_string(),
        "警告：工作表「基本信息」 第11行 内容（基本均衡认定年份）列：基本均衡认定年份（2025）晚于统计年度（2024），请核实"
    );
    // An item the sheet does not list has no row to point at.
    c.info.statistics_year = None;
    let missing = validate(&c)
        .into_iter()
        .find(|p| p.message.contains("缺少“统计年度”"))
        .expect("a missing statistics year is warned about");
    assert_eq!(missing.row, None);
    assert_eq!(missing.column.as_deref(), Some("内容（统计年度）"));
}
