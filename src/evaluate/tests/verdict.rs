use super::fixtures::*;
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
    assert_eq!(e.indicator("4.1").unwrap().met, Some(true));
    assert_eq!(e.social_recognition, Some(0.85));
    c.recognition[0].approving = 399;
    let e = evaluate(&c);
    assert_eq!(e.indicator("4.1").unwrap().met, Some(false));
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
    assert_eq!(e.indicator("4.1").unwrap().met, Some(true));
    // Weights 3 : 1 → (2.4 + 0.9)/4 = 0.825.
    c.recognition[0].weight = Some(3.0);
    let e = evaluate(&c);
    assert!(close(e.social_recognition.unwrap(), 0.825, 1e-12));
    assert_eq!(e.indicator("4.1").unwrap().met, Some(false));
    // Mixed weights: undecidable, reported.
    c.recognition[1].weight = None;
    let e = evaluate(&c);
    assert_eq!(e.indicator("4.1").unwrap().met, None);
    assert_eq!(e.social_recognition, None);
    assert!(
        validate(&c)
            .iter()
            .any(|p| p.is_error() && p.sheet == "社会认可度")
    );
    // Approving > valid: null and an error at the row.
    let mut c = passing();
    c.recognition[0].approving = 1001;
    assert_eq!(evaluate(&c).indicator("4.1").unwrap().met, None);
    assert!(
        validate(&c)
            .iter()
            .any(|p| p.is_error() && p.row == Some(2))
    );
    // No survey: null.
    c.recognition.clear();
    assert_eq!(evaluate(&c).indicator("4.1").unwrap().met, None);
}

#[test]
fn veto_items() {
    let mut c = passing();
    yes(&mut c, "重点学校或重点班");
    let e = evaluate(&c);
    assert_eq!(e.veto, vec!["重点学校或重点班".to_string()]);
    assert_eq!(e.indicator("4.2").unwrap().met, Some(false));
    assert!(!e.verdict.passed);
    assert_eq!(e.verdict.unmet, vec!["4.2"]);
    // A missing veto item: undetermined, not passed.
    let mut c = passing();
    c.county_items.remove("弄虚作假");
    let e = evaluate(&c);
    assert_eq!(e.indicator("4.2").unwrap().met, None);
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
    assert!(
        e.indicators
            .iter()
            .all(|i| i.met.is_none() || i.id == "4.2" && i.met.is_none())
    );
    let _ = validate(&c);
}
