use super::fixtures::*;
use crate::evaluate::IndicatorId;
use crate::evaluate::resources::{ExceptionBasis, weighted_cv};
use crate::evaluate::{evaluate, validate};
use crate::model::*;
use crate::problem::Severity;

/// The worked public example of REFERENCE.md §1: 5 primary schools, students/books
/// 45/279, 37/137, 89/935, 76/160, 55/402.
const EXAMPLE: [(u32, f64); 5] = [
    (45, 279.0),
    (37, 137.0),
    (89, 935.0),
    (76, 160.0),
    (55, 402.0),
];

#[test]
fn worked_cv_example_is_enrolment_weighted() {
    // By hand: N = 302, Σbooks = 1913, X̄ = 1913/302 = 6.3344…
    let rows: Vec<(u32, f64)> = EXAMPLE
        .iter()
        .map(|&(p, b)| (p, b / f64::from(p)))
        .collect();
    let (mean, sd, cv) = weighted_cv(&rows).unwrap();
    assert!(close(mean, 1913.0 / 302.0, 1e-12));
    assert!(close(mean, 6.334, 5e-4));
    // Σ P(X−X̄)²/N = (Σ b²/P − N·X̄²)/N, worked independently of the code's loop:
    let sum_b2_over_p: f64 = 279.0 * 279.0 / 45.0
        + 137.0 * 137.0 / 37.0
        + 935.0 * 935.0 / 89.0
        + 160.0 * 160.0 / 76.0
        + 402.0 * 402.0 / 55.0;
    let var = (sum_b2_over_p - 302.0 * (1913.0_f64 / 302.0).powi(2)) / 302.0;
    assert!(close(var, 10.65, 5e-3), "variance {var}");
    assert!(close(sd, var.sqrt(), 1e-9));
    let cv = cv.unwrap();
    assert!(close(cv, 0.515, 5e-4), "cv {cv}");
    assert_eq!(format!("{cv:.2}"), "0.52");
    // Unweighted it would be 0.489: the weighting decides pass/fail at 0.50.
    let xs: Vec<f64> = EXAMPLE.iter().map(|&(p, b)| b / f64::from(p)).collect();
    let mu = xs.iter().sum::<f64>() / 5.0;
    let s = (xs.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / 5.0).sqrt();
    assert!(close(s / mu, 0.489, 5e-4));
    assert!(cv > 0.50 && s / mu < 0.50);
}

#[test]
fn worked_cv_example_through_evaluate() {
    // Put the books into 1.4 (teaching area per pupil) of five primary schools.
    let mut c = passing();
    c.schools.retain(|s| s.kind == SchoolKind::Junior);
    for (k, &(p, b)) in EXAMPLE.iter().enumerate() {
        let mut s = primary(&format!("小学{k}"), 10 + k as u32);
        s.students = stage(Some(p), None);
        s.teaching_area = Some(b);
        c.schools.push(s);
    }
    let e = evaluate(&c);
    let stat = e.cv.get(Stage::Primary, IndicatorId::I1_4).unwrap();
    assert_eq!(stat.schools, 5);
    assert_eq!(stat.students, 302);
    assert!(close(stat.mean.unwrap(), 1913.0 / 302.0, 1e-12));
    assert!(close(stat.cv.unwrap(), 0.515, 5e-4));
    assert_eq!(stat.met, Some(false));
    let i14 = e.indicator(IndicatorId::I1_4).unwrap();
    assert_eq!(i14.met, Some(false));
    assert!(
        i14.findings
            .iter()
            .any(|f| f.key == Some(crate::evaluate::resources::CV_KEY)
                && f.stage == Some(Stage::Primary)
                && f.value.is_some_and(|v| close(v, 0.515, 5e-4)))
    );
    // Exceptions or not, the value of 小学0 is 279/45 exactly.
    let p0 = e.schools.iter().find(|s| s.name == "小学0").unwrap().parts[0]
        .value(IndicatorId::I1_4)
        .unwrap();
    assert!(close(p0, 279.0 / 45.0, 1e-12));
}

#[test]
fn nine_year_split_worked_example() {
    // 166 primary + 210 junior, 23,226 (equipment value here): 23,226/(166 + 1.1×210)
    // = 58.5 per weighted pupil → 9,711 primary and 13,515 junior.
    let mut s = blank("九年一贯制学校", SchoolKind::NineYear, 7);
    s.students = stage(Some(166), Some(210));
    s.equipment_value = Some(23_226.0);
    let mut c = passing();
    c.schools = vec![s];
    let e = evaluate(&c);
    let parts = &e.schools[0].parts;
    assert_eq!(parts.len(), 2);
    let p = parts[0]
        .item(IndicatorId::I1_6)
        .unwrap()
        .quantity
        .unwrap()
        .to_f64();
    let j = parts[1]
        .item(IndicatorId::I1_6)
        .unwrap()
        .quantity
        .unwrap()
        .to_f64();
    let per_weighted = 23_226.0 / (166.0 + 1.1 * 210.0);
    assert!(close(per_weighted, 58.5, 0.01));
    assert!(close(p, 23_226.0 * 166.0 / 397.0, 1e-6));
    assert_eq!(p.floor(), 9711.0);
    assert_eq!(23_226.0 - p.floor(), 13_515.0);
    assert!(close(p + j, 23_226.0, 1e-6));
    // Per pupil: both stages get the same value per weighted pupil.
    assert!(close(
        parts[0].value(IndicatorId::I1_6).unwrap(),
        per_weighted,
        1e-9
    ));
    assert!(close(
        parts[1].value(IndicatorId::I1_6).unwrap(),
        per_weighted * 1.1,
        1e-9
    ));
}

#[test]
fn twelve_year_and_complete_remove_senior_share() {
    let mut c = passing();
    let mut t = blank("十二年一贯制学校", SchoolKind::TwelveYear, 7);
    t.students = PerStage {
        primary: Some(100),
        junior: Some(100),
        senior: Some(100),
    };
    t.teaching_area = Some(3420.0); // weights 1 : 1.1 : 1.32 → 342 weighted pupils → 10 m² each
    let mut m = blank("完全中学", SchoolKind::Complete, 8);
    m.students = PerStage {
        primary: None,
        junior: Some(500),
        senior: Some(500),
    };
    m.teaching_area = Some(12_100.0); // 1.1×500 + 1.32×500 = 1210 → 10 per weight unit
    c.schools = vec![t, m];
    let e = evaluate(&c);
    let t = &e.schools[0];
    assert_eq!(t.parts.len(), 2);
    assert!(close(
        t.parts[0].value(IndicatorId::I1_4).unwrap(),
        10.0,
        1e-9
    ));
    assert!(close(
        t.parts[1].value(IndicatorId::I1_4).unwrap(),
        11.0,
        1e-9
    ));
    let m = &e.schools[1];
    assert_eq!(m.parts.len(), 1);
    assert_eq!(m.parts[0].stage, Stage::Junior);
    assert!(close(
        m.parts[0].value(IndicatorId::I1_4).unwrap(),
        11.0,
        1e-9
    ));
    assert!(close(m.parts[0].share.unwrap(), 550.0 / 1210.0, 1e-12));

    // Senior enrolment left blank: the split is impossible, never read as 0.
    let mut c2 = c.clone();
    c2.schools[1].students.senior = None;
    let e2 = evaluate(&c2);
    assert_eq!(e2.schools[1].parts[0].value(IndicatorId::I1_4), None);
    assert!(e2.schools[1].parts[0].value(IndicatorId::I1_1).is_none()); // no teachers given either
    assert_eq!(e2.indicator(IndicatorId::I1_4).unwrap().met, None);
    let probs = validate(&c2);
    assert!(
        probs.iter().any(|p| p.is_error()
            && p.row == Some(8)
            && p.column.as_deref() == Some("高中在校生数"))
    );
}

#[test]
fn exact_threshold_boundaries() {
    let mut c = passing();
    // 42 teachers for 1,000 pupils = exactly 4.2 per hundred: met.
    c.schools[0].teachers_above_degree = stage(Some(42), None);
    // 4.5 m² × 1,000 exactly.
    c.schools[0].teaching_area = Some(4500.0);
    // 41 teachers: 4.1, just under.
    c.schools[1].teachers_above_degree = stage(Some(41), None);
    let e = evaluate(&c);
    let p0 = &e.schools[0].parts[0];
    assert_eq!(
        p0.item(IndicatorId::I1_1).unwrap().meets_standard,
        Some(true)
    );
    assert_eq!(p0.item(IndicatorId::I1_1).unwrap().value, Some(4.2));
    assert_eq!(
        p0.item(IndicatorId::I1_4).unwrap().meets_standard,
        Some(true)
    );
    assert_eq!(p0.met_count, 7);
    let p1 = &e.schools[1].parts[0];
    assert_eq!(p1.item(IndicatorId::I1_1).unwrap().met, Some(false));
    // 4.1 / 4.2 = 97.6% ≥ 85%: still compliant.
    assert_eq!(p1.compliant, Some(true));
    assert_eq!(p1.met_count, 6);
    assert!(close(p1.min_ratio.unwrap(), 4.1 / 4.2, 1e-12));

    // 42 teachers for 1,001 pupils: 4.1958…, just under.
    let mut c = passing();
    c.schools[0].students = stage(Some(1001), None);
    c.schools[0].teachers_above_degree = stage(Some(42), None);
    let e = evaluate(&c);
    assert_eq!(
        e.schools[0].parts[0].item(IndicatorId::I1_1).unwrap().met,
        Some(false)
    );
}

#[test]
fn exactly_85_percent_is_compliant() {
    // 1.1 standard 4.2; 85% = 3.57 = 357 teachers per 10,000 pupils.
    let mut c = passing();
    let s = &mut c.schools[0];
    s.students = stage(Some(10_000), None);
    s.teachers_above_degree = stage(Some(357), None);
    s.backbone_teachers = stage(Some(100), None);
    s.pe_art_teachers = stage(Some(90), None);
    s.teaching_area = Some(45_000.0);
    s.sports_area = Some(75_000.0);
    s.equipment_value = Some(20_000_000.0);
    s.multimedia_rooms = Some(230);
    let e = evaluate(&c);
    let p = &e.schools[0].parts[0];
    assert_eq!(p.item(IndicatorId::I1_1).unwrap().meets_85, Some(true));
    assert_eq!(p.met_count, 6);
    assert_eq!(p.compliant, Some(true));
    assert!(close(p.min_ratio.unwrap(), 0.85, 1e-12));

    // 356: 3.56 < 3.57 → not compliant.
    c.schools[0].teachers_above_degree = stage(Some(356), None);
    let e = evaluate(&c);
    let p = &e.schools[0].parts[0];
    assert_eq!(p.item(IndicatorId::I1_1).unwrap().meets_85, Some(false));
    assert_eq!(p.compliant, Some(false));
    // … so 1.1 is unmet at county level, naming the school.
    let i = e.indicator(IndicatorId::I1_1).unwrap();
    assert_eq!(i.met, Some(false));
    assert!(i.findings.iter().any(|f| f.school == Some(0)));

    // Real-valued 85%: 1.4 standard 4.5 → 3.825 m² × 1,000 = 3,825 m² exactly.
    let mut c = passing();
    c.schools[0].teaching_area = Some(3825.0);
    let e = evaluate(&c);
    let p = &e.schools[0].parts[0];
    assert_eq!(
        p.item(IndicatorId::I1_4).unwrap().meets_standard,
        Some(false)
    );
    assert_eq!(p.item(IndicatorId::I1_4).unwrap().meets_85, Some(true));
    assert_eq!(p.compliant, Some(true));
    c.schools[0].teaching_area = Some(3824.9);
    let e = evaluate(&c);
    assert_eq!(e.schools[0].parts[0].compliant, Some(false));
}

#[test]
fn six_of_seven_rule() {
    // Two indicators short (even slightly): not compliant.
    let mut c = passing();
    c.schools[0].teachers_above_degree = stage(Some(41), None); // 4.1 < 4.2
    c.schools[0].multimedia_rooms = Some(22); // 2.2 < 2.3
    let e = evaluate(&c);
    let p = &e.schools[0].parts[0];
    assert_eq!(p.met_count, 5);
    assert_eq!(p.compliant, Some(false));
    assert_eq!(e.indicator(IndicatorId::I1_1).unwrap().met, Some(false));
    assert_eq!(e.indicator(IndicatorId::I1_7).unwrap().met, Some(false));
    // 1.2 is met by every school: still met.
    assert_eq!(e.indicator(IndicatorId::I1_2).unwrap().met, Some(true));

    // One short and one unknown: cannot tell.
    let mut c = passing();
    c.schools[0].teachers_above_degree = stage(Some(41), None);
    c.schools[0].multimedia_rooms = None;
    let e = evaluate(&c);
    let p = &e.schools[0].parts[0];
    assert_eq!(p.compliant, None);
    assert_eq!(p.min_ratio, None);
    assert_eq!(e.indicator(IndicatorId::I1_1).unwrap().met, None);
    assert_eq!(e.indicator(IndicatorId::I1_7).unwrap().met, None);
}

#[test]
fn scope_exclusions() {
    let mut c = passing();
    let mut sp = blank("特殊教育学校", SchoolKind::SpecialEducation, 10);
    sp.students = stage(Some(120), None);
    let mut tp49 = primary("小教学点", 11);
    tp49.kind = SchoolKind::TeachingPoint;
    tp49.students = stage(Some(49), None);
    tp49.teachers_above_degree = stage(Some(0), None); // would fail badly if counted
    let mut tp50 = primary("大教学点", 12);
    tp50.kind = SchoolKind::TeachingPoint;
    tp50.students = stage(Some(50), None);
    tp50.teachers_above_degree = stage(Some(3), None);
    tp50.backbone_teachers = stage(Some(1), None);
    tp50.pe_art_teachers = stage(Some(1), None);
    tp50.teaching_area = Some(300.0);
    tp50.sports_area = Some(450.0);
    tp50.equipment_value = Some(150_000.0);
    tp50.multimedia_rooms = Some(2);
    let mut private = primary("民办小学", 13);
    private.private = true;
    private.teachers_above_degree = stage(Some(0), None);
    c.schools.extend([sp, tp49, tp50, private]);
    c.info.include_private_schools = false;
    let e = evaluate(&c);
    let by = |n: &str| e.schools.iter().find(|s| s.name == n).unwrap();
    assert!(by("特殊教育学校").excluded.is_some() && by("特殊教育学校").parts.is_empty());
    assert!(by("小教学点").excluded.as_deref().unwrap().contains("49"));
    assert!(by("大教学点").excluded.is_none());
    assert_eq!(by("大教学点").parts.len(), 1);
    assert!(by("民办小学").excluded.is_some());
    // Only the two primary schools and the 50-pupil teaching point are in the CV.
    assert_eq!(
        e.cv.get(Stage::Primary, IndicatorId::I1_1).unwrap().schools,
        3
    );
    assert_eq!(e.indicator(IndicatorId::I1_1).unwrap().met, Some(true));

    // With private schools included, the private school's 0 teachers count.
    c.info.include_private_schools = true;
    let e = evaluate(&c);
    assert_eq!(
        e.cv.get(Stage::Primary, IndicatorId::I1_1).unwrap().schools,
        4
    );
    assert_eq!(e.indicator(IndicatorId::I1_1).unwrap().met, Some(false));
}

#[test]
fn exceptions_mark_met_but_keep_value_and_cv() {
    // 1.4 at 3.0 m² (67% of 4.5): non-compliant without an exception.
    let mut c = passing();
    c.schools[0].teaching_area = Some(3000.0);
    let without = evaluate(&c);
    assert_eq!(without.schools[0].parts[0].compliant, Some(false));
    let cv_without = without
        .cv
        .get(Stage::Primary, IndicatorId::I1_4)
        .unwrap()
        .cv
        .unwrap();

    // (a) under construction: 3,000 + 1,500 = 4,500 → 4.5 per pupil.
    let mut a = c.clone();
    a.schools[0].teaching_area_under_construction = Some(1500.0);
    let ea = evaluate(&a);
    let item = ea.schools[0].parts[0]
        .item(IndicatorId::I1_4)
        .unwrap()
        .clone();
    assert_eq!(item.value, Some(3.0));
    assert_eq!(item.meets_standard, Some(false));
    assert_eq!(item.met, Some(true));
    assert_eq!(
        item.exception.as_ref().unwrap().basis,
        ExceptionBasis::UnderConstruction
    );
    assert_eq!(ea.schools[0].parts[0].compliant, Some(true));
    assert_eq!(
        ea.cv
            .get(Stage::Primary, IndicatorId::I1_4)
            .unwrap()
            .cv
            .unwrap(),
        cv_without
    );
    // 1,499 m² under construction is not enough.
    a.schools[0].teaching_area_under_construction = Some(1499.0);
    assert_eq!(
        evaluate(&a).schools[0].parts[0]
            .item(IndicatorId::I1_4)
            .unwrap()
            .met,
        Some(false)
    );

    // (b) starting grade: 111 first-graders × 6 = 666 pupils → 3,000/666 = 4.50…
    let mut b = c.clone();
    b.schools[0].starting_grade_students = Some(111);
    let eb = evaluate(&b);
    let ex = eb.schools[0].parts[0]
        .item(IndicatorId::I1_4)
        .unwrap()
        .exception
        .clone();
    assert_eq!(ex.unwrap().basis, ExceptionBasis::StartingGrade);
    // 112 × 6 = 672 → 4.46 < 4.5: no exception.
    b.schools[0].starting_grade_students = Some(112);
    assert!(
        evaluate(&b).schools[0].parts[0]
            .item(IndicatorId::I1_4)
            .unwrap()
            .exception
            .is_none()
    );

    // (c) 一校一案 in a 县城区 or 中心城区: the column 面积一校一案 decides, never the note.
    let mut d = c.clone();
    d.schools[0].locality = Locality::Rural;
    d.schools[0].special_note = Some("老城区学校，已制定一校一案化解方案".into());
    let none = |d: &County| {
        evaluate(d).schools[0].parts[0]
            .item(IndicatorId::I1_4)
            .unwrap()
            .exception
            .is_none()
    };
    assert!(none(&d), "a note alone decides nothing");
    d.schools[0].area_plan = Some(true);
    assert!(
        none(&d),
        "a 乡村 school outside the 中心城区 has no 城区 exception"
    );
    // A 县城区 school (城区, not 中心城区) qualifies, and is said to be in the 城区.
    d.schools[0].locality = Locality::Urban;
    let ed = evaluate(&d);
    let ex = ed.schools[0].parts[0]
        .item(IndicatorId::I1_4)
        .unwrap()
        .exception
        .clone()
        .unwrap();
    assert_eq!(ex.basis, ExceptionBasis::CentralCityPlan);
    assert_eq!(ex.place, Some("城区"));
    assert_eq!(
        ex.note.as_deref(),
        Some("老城区学校，已制定一校一案化解方案")
    );
    let line = crate::documents::wording::exception_reason(
        ed.schools[0].parts[0].item(IndicatorId::I1_4).unwrap(),
        Stage::Primary,
    )
    .unwrap();
    assert!(line.starts_with("位于城区，"), "{line}");
    assert!(!line.contains("中心城区"), "{line}");

    // (d) rented sports venue for 1.5: 6,000 + 1,500 rented = 7.5 per pupil.
    let mut r = passing();
    r.schools[0].sports_area = Some(6000.0);
    r.schools[0].sports_area_rented = Some(1500.0);
    let er = evaluate(&r);
    let it = er.schools[0].parts[0].item(IndicatorId::I1_5).unwrap();
    assert_eq!(it.value, Some(6.0));
    assert_eq!(it.met, Some(true));
    assert_eq!(
        it.exception.as_ref().unwrap().basis,
        ExceptionBasis::RentedVenue
    );
    // Not for a rural school.
    r.schools[0].locality = Locality::Rural;
    assert_eq!(
        evaluate(&r).schools[0].parts[0]
            .item(IndicatorId::I1_5)
            .unwrap()
            .met,
        Some(false)
    );
}

#[test]
fn zero_students_with_teachers_is_null_and_reported() {
    let mut c = passing();
    let mut s = primary("九年制", 9);
    s.kind = SchoolKind::NineYear;
    s.students = stage(Some(1000), Some(0));
    s.teachers_above_degree = stage(Some(50), Some(3));
    c.schools.push(s);
    let e = evaluate(&c);
    let sch = e.schools.iter().find(|s| s.name == "九年制").unwrap();
    assert_eq!(sch.parts.len(), 2);
    let j = &sch.parts[1];
    assert_eq!(j.students, 0);
    assert!(j.items.iter().all(|i| i.value.is_none()));
    assert_eq!(j.compliant, None);
    assert!(j.problem.is_some());
    assert_eq!(e.indicator(IndicatorId::I1_1).unwrap().met, None);
    let probs = validate(&c);
    let p = probs
        .iter()
        .find(|p| p.row == Some(9) && p.column.as_deref() == Some("初中在校生数"))
        .unwrap();
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(p.sheet, "学校");

    // A 九年一贯制 whose junior part is simply empty (0 and no junior inputs) has one part.
    let mut c = passing();
    let mut s = primary("九年制", 9);
    s.kind = SchoolKind::NineYear;
    s.students = stage(Some(1000), Some(0));
    c.schools.push(s);
    let e = evaluate(&c);
    let sch = e.schools.iter().find(|s| s.name == "九年制").unwrap();
    assert_eq!(sch.parts.len(), 1);
    assert_eq!(sch.parts[0].share, Some(1.0));
    assert_eq!(e.indicator(IndicatorId::I1_1).unwrap().met, Some(true));
}

#[test]
fn gap_helper() {
    // 42 teachers for 1,001 pupils: need ceil(4.2 × 10.01) = ceil(42.042) = 43 → 1 more;
    // 85% line 3.57 × 10.01 = 35.7357 → 36, already reached.
    let mut c = passing();
    c.schools[0].students = stage(Some(1001), None);
    c.schools[0].teachers_above_degree = stage(Some(42), None);
    c.schools[0].teaching_area = Some(4000.0);
    let e = evaluate(&c);
    let p = &e.schools[0].parts[0];
    let g = p.gap(IndicatorId::I1_1).unwrap();
    assert_eq!(g.unit.symbol(), "人");
    assert_eq!(g.current, 42.0);
    assert_eq!(g.required, 43.0);
    assert_eq!(g.shortfall, 1.0);
    assert_eq!(g.required_85, 36.0);
    assert_eq!(g.shortfall_85, 0.0);
    // 1.4: need 4.5 × 1,001 = 4,504.5 m², have 4,000 → 504.5 short; 85%: 3,828.825 → 0.
    let g = p.gap(IndicatorId::I1_4).unwrap();
    assert_eq!(g.unit.symbol(), "平方米");
    assert!(close(g.required, 4504.5, 1e-9));
    assert!(close(g.shortfall, 504.5, 1e-9));
    assert_eq!(g.shortfall_85, 0.0);
    // Met indicator: no shortfall.
    assert_eq!(p.gap(IndicatorId::I1_2).unwrap().shortfall, 0.0);
    assert!(IndicatorId::parse("9.9").is_none());
}

#[test]
fn cv_limits_at_boundary() {
    // Two primary schools of equal size with values a and b: CV = |a−b|/(a+b).
    // 1.6 values 1000 and 3000 → CV = 0.5 exactly: within the 0.50 limit.
    let mut c = passing();
    c.schools[0].equipment_value = Some(1_000_000.0);
    c.schools[1].equipment_value = Some(3_000_000.0);
    let e = evaluate(&c);
    let st = e.cv.get(Stage::Primary, IndicatorId::I1_6).unwrap();
    assert!(close(st.cv.unwrap(), 0.5, 1e-12));
    assert_eq!(st.met, Some(true));
    // 1000 vs 3001 → CV > 0.5.
    c.schools[1].equipment_value = Some(3_001_000.0);
    assert_eq!(
        evaluate(&c)
            .cv
            .get(Stage::Primary, IndicatorId::I1_6)
            .unwrap()
            .met,
        Some(false)
    );
    // Junior limit 0.45: values 11 and 29 m² (1.4) → CV = 18/40 = 0.45 exactly.
    let mut c = passing();
    c.schools[2].teaching_area = Some(11.0 * 800.0);
    c.schools[3].teaching_area = Some(29.0 * 800.0);
    let st = evaluate(&c)
        .cv
        .get(Stage::Junior, IndicatorId::I1_4)
        .unwrap()
        .clone();
    assert!(close(st.cv.unwrap(), 0.45, 1e-12));
    assert_eq!(st.met, Some(true));
    assert_eq!(st.limit, 0.45);
}

/// Issue 13's worked case: a 九年一贯制 school with 1:1:1 weights and 600 pupils in each
/// stage holds half of every whole-school resource per stage. Raising a stage's share by
/// g needs 2g more for the whole school, and one addition serves both stages, so the
/// school needs the larger of the two, not their sum.
#[test]
fn a_multi_stage_school_adds_the_largest_stage_need_divided_by_its_share() {
    let mut c = passing();
    c.info.split_weights = SplitWeights {
        primary: 1.0,
        junior: 1.0,
        senior: 1.0,
    };
    let mut s = primary("白沙学校", 9);
    s.kind = SchoolKind::NineYear;
    s.students = stage(Some(600), Some(600));
    s.classes = stage(Some(14), Some(12));
    s.full_time_teachers = stage(Some(40), Some(40));
    s.teachers_above_degree = stage(Some(40), Some(40));
    s.backbone_teachers = stage(Some(10), Some(10));
    s.pe_art_teachers = stage(Some(8), Some(8));
    s.teaching_area = Some(4000.0);
    s.multimedia_rooms = Some(20);
    c.schools.push(s);
    let e = evaluate(&c);
    let school = e.schools.iter().find(|s| s.name == "白沙学校").unwrap();
    // 1.4: shares 2,000 m² each; primary needs 2,700 (gap 700 → 1,400 whole school),
    // junior 3,480 (gap 1,480 → 2,960). 4,000 + 2,960 = 6,960, half 3,480 = 5.8 × 600.
    let area = school.gap(IndicatorId::I1_4).unwrap();
    assert_eq!(area.stages, [Stage::Primary, Stage::Junior]);
    assert!(
        close(area.to_standard, 2960.0, 1e-6),
        "{}",
        area.to_standard
    );
    // 85%: junior 4.93 × 600 = 2,958 (gap 958 → 1,916) beats primary's 295 → 590.
    assert!(close(area.to_85, 1916.0, 1e-6), "{}", area.to_85);
    // The per-stage shortfalls, summed, would have said 2,180 m²: not enough.
    let summed: f64 = school
        .parts
        .iter()
        .map(|p| p.gap(IndicatorId::I1_4).unwrap().shortfall)
        .sum();
    assert!(close(summed, 2180.0, 1e-6));
    // 1.7: 10 rooms per stage; primary needs 13.8 (3.8 → 7.6 → 8), junior 14.4
    // (4.4 → 8.8 → 9). 29 rooms give 14.5 per stage; 28 would give 14 < 14.4.
    let rooms = school.gap(IndicatorId::I1_7).unwrap();
    assert_eq!(rooms.to_standard, 9.0);
    // Teachers belong to a stage: 1.1 is met in both stages, so no gap at all.
    assert!(school.gap(IndicatorId::I1_1).is_none());
}
