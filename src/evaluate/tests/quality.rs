use super::fixtures::*;
use crate::evaluate::IndicatorId;
use crate::evaluate::{IndicatorResult, evaluate};
use crate::model::*;

fn ind(c: &County, id: IndicatorId) -> IndicatorResult {
    evaluate(c).indicator(id).unwrap().clone()
}

#[test]
fn passing_fixture_meets_all_quality_items() {
    let c = passing();
    for k in 1..=9 {
        let id = format!("3.{k}");
        let r = ind(&c, IndicatorId::parse(&id).unwrap());
        assert_eq!(r.met, Some(true), "{id}: {:?} {:?}", r.findings, r.missing);
    }
}

#[test]
fn rule_3_1_retention() {
    // (960 − 20 + 10) / 1000 = 950/1000 = 95% exactly: met.
    let mut c = passing();
    n(&mut c, "初中毕业生数", 960.0);
    let r = ind(&c, IndicatorId::I3_1);
    assert_eq!(r.met, Some(true));
    assert_eq!(r.value, Some(0.95));
    // 959 → 94.9%.
    n(&mut c, "初中毕业生数", 959.0);
    let r = ind(&c, IndicatorId::I3_1);
    assert_eq!(r.met, Some(false));
    assert_eq!(r.value, Some(0.949));
    // One more pupil kept reaches 95%.
    assert_eq!(r.findings[0].need, Some(1.0));
    // Missing base: null, naming the item.
    c.county_items.remove("三年前初一学生数");
    let r = ind(&c, IndicatorId::I3_1);
    assert_eq!(r.met, None);
    assert!(r.missing.join("；").contains("三年前初一学生数"));
}

#[test]
fn rule_3_2_disabled_enrolment() {
    let mut c = passing();
    n(&mut c, "残疾儿童少年入学数", 95.0);
    assert_eq!(ind(&c, IndicatorId::I3_2).met, Some(true));
    n(&mut c, "残疾儿童少年入学数", 94.0);
    assert_eq!(ind(&c, IndicatorId::I3_2).met, Some(false));
    n(&mut c, "适龄残疾儿童少年数", 0.0);
    assert_eq!(ind(&c, IndicatorId::I3_2).met, Some(true));
}

#[test]
fn rules_3_3_and_3_5_to_3_8_flags() {
    for (id, item) in [
        ("3.3", "学校章程制定"),
        ("3.3", "管理与教学信息化"),
        ("3.5", "教师信息化教学"),
        ("3.6", "德育与校园文化良好"),
        ("3.7", "课程开齐开足"),
        ("3.8", "无过重课业负担"),
    ] {
        let mut c = passing();
        no(&mut c, item);
        let id = IndicatorId::parse(id).unwrap();
        assert_eq!(ind(&c, id).met, Some(false), "{id} {item}");
        c.county_items.remove(item);
        assert_eq!(ind(&c, id).met, None, "{id} {item}");
    }
}

#[test]
fn rule_3_4_training_budget_every_school() {
    let mut c = passing();
    // 50,000 / 1,000,000 = 5% exactly.
    c.schools[0].training_budget = Some(50_000.0);
    assert_eq!(ind(&c, IndicatorId::I3_4).met, Some(true));
    c.schools[0].training_budget = Some(49_999.0);
    let r = ind(&c, IndicatorId::I3_4);
    assert_eq!(r.met, Some(false));
    assert_eq!(r.findings[0].school, Some(0));
    // Missing budget: null.
    c.schools[0].training_budget = None;
    assert_eq!(ind(&c, IndicatorId::I3_4).met, None);
}

fn subject(row: u32, name: &str, level: Option<u8>, rate: Option<f64>) -> QualitySubject {
    QualitySubject {
        row,
        subject: name.into(),
        level,
        difference_rate: rate,
    }
}

#[test]
fn rule_3_9_levels_and_difference_rate() {
    let mut c = passing();
    c.quality = vec![subject(2, "数学", Some(3), Some(0.1499))];
    assert_eq!(ind(&c, IndicatorId::I3_9).met, Some(true));
    // Level Ⅱ fails (Ⅰ lowest … Ⅳ highest; Ⅲ or above required).
    c.quality = vec![subject(2, "数学", Some(2), Some(0.10))];
    let r = ind(&c, IndicatorId::I3_9);
    assert_eq!(r.met, Some(false));
    assert_eq!(r.findings[0].key, Some(crate::evaluate::quality::LEVEL_KEY));
    assert_eq!(r.findings[0].value, Some(2.0));
    assert_eq!(r.findings[0].items, ["数学"]);
    // A rate of exactly 0.15 is not "below 0.15".
    c.quality = vec![subject(2, "数学", Some(4), Some(0.15))];
    assert_eq!(ind(&c, IndicatorId::I3_9).met, Some(false));
    // Missing sheet: null.
    c.quality.clear();
    let r = ind(&c, IndicatorId::I3_9);
    assert_eq!(r.met, None);
    assert!(r.missing.join("；").contains("质量监测"));
    // Invalid level: null, not a pass.
    c.quality = vec![subject(2, "数学", Some(5), Some(0.1))];
    assert_eq!(ind(&c, IndicatorId::I3_9).met, None);
}
