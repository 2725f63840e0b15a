use super::fixtures::*;
use crate::evaluate::{ExceptionBasis, IndicatorId};
use crate::evaluate::{IndicatorResult, evaluate};
use crate::model::*;

fn ind(c: &County, id: IndicatorId) -> IndicatorResult {
    evaluate(c).indicator(id).unwrap().clone()
}

/// Which requirement each finding is about.
fn keys(r: &IndicatorResult) -> Vec<Option<&'static str>> {
    r.findings.iter().map(|f| f.key).collect()
}

#[test]
fn passing_fixture_meets_all_government_items() {
    let c = passing();
    for k in 1..=15 {
        let id = format!("2.{k}");
        let r = ind(&c, IndicatorId::parse(&id).unwrap());
        assert_eq!(r.met, Some(true), "{id}: {:?} {:?}", r.findings, r.missing);
    }
}

#[test]
fn missing_items_are_null_with_reason() {
    let mut c = passing();
    c.county_items.remove("规划布局合理");
    c.county_items.remove("特殊教育学校生均公用经费");
    let r = ind(&c, IndicatorId::I2_1);
    assert_eq!(r.met, None);
    assert!(r.missing.join("；").contains("规划布局合理"));
    let r = ind(&c, IndicatorId::I2_7);
    assert_eq!(r.met, None);
    assert!(
        r.missing
            .join("；")
            .contains("「县级指标」工作表缺少项目“特殊教育学校生均公用经费”")
    );
    // A wrong-typed item is not read as a value either.
    set(&mut c, "规划布局合理", ItemValue::Number(1.0));
    assert_eq!(ind(&c, IndicatorId::I2_1).met, None);
}

#[test]
fn rule_2_2_all_four_and_not_applicable() {
    let mut c = passing();
    set(&mut c, "基本装备配置标准统一", ItemValue::NotApplicable);
    assert_eq!(ind(&c, IndicatorId::I2_2).met, Some(true));
    no(&mut c, "教师编制标准统一");
    let r = ind(&c, IndicatorId::I2_2);
    assert_eq!(r.met, Some(false));
    assert_eq!(keys(&r), [Some("教师编制标准统一")]);
}

#[test]
fn rule_2_3_rooms_and_areas() {
    // 24 classes → 2 rooms each (24/12); 25 → 3.
    let mut c = passing();
    c.schools[0].classes = stage(Some(24), None);
    c.schools[0].music_rooms = Some(2);
    c.schools[0].art_rooms = Some(2);
    c.schools[0].music_room_min_area = Some(96.0);
    c.schools[0].art_room_min_area = Some(90.0);
    c.schools[0].built_year = Some(2020);
    assert_eq!(ind(&c, IndicatorId::I2_3).met, Some(true));
    c.schools[0].classes = stage(Some(25), None);
    let r = ind(&c, IndicatorId::I2_3);
    assert_eq!(r.met, Some(false));
    // 25 classes need 3 rooms; 2 music and 2 art rooms are each short of one.
    let f = &r.findings[0];
    assert_eq!(keys(&r), [Some("music_rooms"), Some("art_rooms")]);
    assert_eq!(
        (f.school, f.value, f.limit),
        (Some(0), Some(2.0), Some(3.0))
    );
    assert_eq!((f.counts, f.need), (Some((2, 25)), Some(1.0)));
    // Area just under, school built after 2016: fails.
    c.schools[0].classes = stage(Some(24), None);
    c.schools[0].music_room_min_area = Some(95.9);
    assert_eq!(ind(&c, IndicatorId::I2_3).met, Some(false));
    // Built in 2016: number only.
    c.schools[0].built_year = Some(2016);
    let r = ind(&c, IndicatorId::I2_3);
    assert_eq!(r.met, Some(true));
    assert!(!r.exceptions.is_empty());
    // Unknown year: cannot tell.
    c.schools[0].built_year = None;
    assert_eq!(ind(&c, IndicatorId::I2_3).met, None);
    // Art room 89.9 m² in a 2020 school fails.
    let mut c = passing();
    c.schools[0].built_year = Some(2020);
    c.schools[0].art_room_min_area = Some(89.9);
    assert_eq!(ind(&c, IndicatorId::I2_3).met, Some(false));
}

#[test]
fn rule_2_3_counts_compulsory_classes_only() {
    // A 十二年一贯制 with 12 primary + 12 junior + 30 senior classes needs 2 rooms.
    let mut c = passing();
    let mut s = primary("十二年一贯制学校", 9);
    s.kind = SchoolKind::TwelveYear;
    s.students = PerStage {
        primary: Some(500),
        junior: Some(500),
        senior: Some(1500),
    };
    s.classes = PerStage {
        primary: Some(12),
        junior: Some(12),
        senior: Some(30),
    };
    s.music_rooms = Some(2);
    s.art_rooms = Some(2);
    c.schools.push(s);
    assert_eq!(ind(&c, IndicatorId::I2_3).met, Some(true));
    c.schools[4].classes.junior = Some(13);
    assert_eq!(ind(&c, IndicatorId::I2_3).met, Some(false));
}

#[test]
fn rule_2_4_school_size() {
    let mut c = passing();
    c.schools[0].students = stage(Some(2000), None);
    let r = ind(&c, IndicatorId::I2_4);
    assert_eq!(r.met, Some(true));
    assert_eq!(r.value, Some(2000.0));
    c.schools[0].students = stage(Some(2001), None);
    let r = ind(&c, IndicatorId::I2_4);
    assert_eq!(r.met, Some(false));
    let f = &r.findings[0];
    assert_eq!(
        (f.school, f.value, f.limit),
        (Some(0), Some(2001.0), Some(2000.0))
    );
    assert_eq!(f.need, Some(1.0));
    c.schools[0].size_approved = Some(true);
    let r = ind(&c, IndicatorId::I2_4);
    assert_eq!(r.met, Some(true));
    assert_eq!(r.exceptions.len(), 1);

    // 九年一贯制: 2,500 for the compulsory part.
    let mut c = passing();
    let mut s = blank("九年一贯制学校", SchoolKind::NineYear, 9);
    s.students = stage(Some(1500), Some(1000));
    c.schools.push(s);
    assert_eq!(ind(&c, IndicatorId::I2_4).met, Some(true));
    c.schools[4].students = stage(Some(1501), Some(1000));
    assert_eq!(ind(&c, IndicatorId::I2_4).met, Some(false));

    // 完全中学: only its junior part counts, against 2,000.
    let mut c = passing();
    let mut s = blank("完全中学", SchoolKind::Complete, 9);
    s.students = PerStage {
        primary: None,
        junior: Some(2000),
        senior: Some(3000),
    };
    c.schools.push(s);
    assert_eq!(ind(&c, IndicatorId::I2_4).met, Some(true));
}

#[test]
fn rule_2_5_class_sizes_from_school_sheet() {
    let mut c = passing();
    c.schools[0].max_class_size = stage(Some(45), None);
    c.schools[2].max_class_size = stage(None, Some(50));
    let r = ind(&c, IndicatorId::I2_5);
    assert_eq!(r.met, Some(true));
    assert_eq!(r.value, Some(50.0));
    c.schools[0].max_class_size = stage(Some(46), None);
    let r = ind(&c, IndicatorId::I2_5);
    assert_eq!(r.met, Some(false));
    let f = &r.findings[0];
    assert_eq!((f.school, f.stage), (Some(0), Some(Stage::Primary)));
    assert_eq!(
        (f.value, f.limit, f.need),
        (Some(46.0), Some(45.0), Some(1.0))
    );
    // A note that mentions 扩容 decides nothing, even when it says the opposite.
    c.schools[0].special_note = Some("本校不属于挖潜扩容学校。".into());
    c.schools[0].max_class_size = stage(Some(50), None);
    assert_eq!(ind(&c, IndicatorId::I2_5).met, Some(false));
    // Capacity-expanded quality school (its column): ≤ 50 primary.
    c.schools[0].capacity_expansion = Some(true);
    c.schools[0].max_class_size = stage(Some(50), None);
    let r = ind(&c, IndicatorId::I2_5);
    assert_eq!(r.met, Some(true));
    assert_eq!(r.exceptions.len(), 1);
    c.schools[0].max_class_size = stage(Some(51), None);
    assert_eq!(ind(&c, IndicatorId::I2_5).met, Some(false));
    // Junior: ≤ 55 with the exception, but 56 is a 大班额 and never passes.
    let mut c = passing();
    c.schools[2].capacity_expansion = Some(true);
    c.schools[2].max_class_size = stage(None, Some(55));
    assert_eq!(ind(&c, IndicatorId::I2_5).met, Some(true));
    c.schools[2].max_class_size = stage(None, Some(56));
    let r = ind(&c, IndicatorId::I2_5);
    assert_eq!(r.met, Some(false));
    assert_eq!(keys(&r), [Some("large_class")]);
    assert_eq!(r.findings[0].stage, Some(Stage::Junior));
    assert_eq!(r.figures.get("large_classes"), Some(&1.0));
    assert_eq!(r.figures.get("huge_classes"), Some(&0.0));
    // Missing max class size and no 班级 sheet: null.
    let mut c = passing();
    c.schools[1].max_class_size = stage(None, None);
    assert_eq!(ind(&c, IndicatorId::I2_5).met, None);
}

fn class(row: u32, school: &str, stage: Stage, grade: u32, name: &str, students: u32) -> ClassRow {
    ClassRow {
        row,
        school: school.into(),
        stage,
        grade,
        class_name: name.into(),
        students,
    }
}

#[test]
fn rule_2_5_class_sheet_and_starting_grade_exception() {
    let mut c = passing();
    c.schools[0].max_class_size = stage(None, None); // the 班级 sheet is the source
    c.classes = Some(vec![
        class(2, "第一小学", Stage::Primary, 1, "1班", 45),
        class(3, "第一小学", Stage::Primary, 3, "1班", 50),
    ]);
    // Starting grade within 45 and other grades ≤ 50: recognised.
    let r = ind(&c, IndicatorId::I2_5);
    assert_eq!(r.met, Some(true), "{:?} {:?}", r.findings, r.missing);
    assert_eq!(r.exceptions.len(), 1);
    assert_eq!(r.value, Some(50.0));
    // Starting grade 46: fails.
    c.classes = Some(vec![
        class(2, "第一小学", Stage::Primary, 1, "1班", 46),
        class(3, "第一小学", Stage::Primary, 3, "1班", 50),
    ]);
    assert_eq!(ind(&c, IndicatorId::I2_5).met, Some(false));
    // A 58-pupil class is listed by name.
    c.classes = Some(vec![class(2, "第一小学", Stage::Primary, 4, "2班", 58)]);
    let r = ind(&c, IndicatorId::I2_5);
    assert_eq!(r.met, Some(false));
    let f = &r.findings[0];
    assert_eq!((f.school, f.key), (Some(0), Some("large_class")));
    assert_eq!(f.items, ["四年级2班58人"]);
}

#[test]
fn rules_2_6_to_2_8() {
    let mut c = passing();
    set(
        &mut c,
        "小规模学校按100人核定公用经费",
        ItemValue::NotApplicable,
    );
    assert_eq!(ind(&c, IndicatorId::I2_6).met, Some(true));
    no(&mut c, "小规模学校按100人核定公用经费");
    assert_eq!(ind(&c, IndicatorId::I2_6).met, Some(false));

    n(&mut c, "特殊教育学校生均公用经费", 6000.0);
    assert_eq!(ind(&c, IndicatorId::I2_7).met, Some(true));
    n(&mut c, "特殊教育学校生均公用经费", 5999.99);
    assert_eq!(ind(&c, IndicatorId::I2_7).met, Some(false));
    // 不涉及 with disabled pupils (随班就读, 送教上门) cannot be judged; without them it is met.
    set(&mut c, "特殊教育学校生均公用经费", ItemValue::NotApplicable);
    assert_eq!(ind(&c, IndicatorId::I2_7).met, None);
    n(&mut c, "适龄残疾儿童少年数", 0.0);
    n(&mut c, "残疾儿童少年入学数", 0.0);
    assert_eq!(ind(&c, IndicatorId::I2_7).met, Some(true));

    n(&mut c, "教师平均工资收入", 110_000.0);
    assert_eq!(ind(&c, IndicatorId::I2_8).met, Some(true));
    n(&mut c, "教师平均工资收入", 109_999.0);
    assert_eq!(ind(&c, IndicatorId::I2_8).met, Some(false));
    n(&mut c, "教师平均工资收入", 110_000.0);
    no(&mut c, "绩效工资足额核定");
    let r = ind(&c, IndicatorId::I2_8);
    assert_eq!(r.met, Some(false));
    assert_eq!(keys(&r), [Some("绩效工资足额核定")]);
}

#[test]
fn rules_2_9_to_2_12() {
    let mut c = passing();
    n(&mut c, "五年360学时已完成教师数", 499.0);
    let r = ind(&c, IndicatorId::I2_9);
    assert_eq!(r.met, Some(false));
    assert_eq!(r.value, Some(499.0 / 500.0));

    no(&mut c, "编制岗位统筹分配");
    assert_eq!(ind(&c, IndicatorId::I2_10).met, Some(false));

    // 100 of 1,000 = 10% exactly, 20 of 100 = 20% exactly: met.
    n(&mut c, "交流轮岗教师数", 100.0);
    n(&mut c, "交流轮岗骨干教师数", 20.0);
    assert_eq!(ind(&c, IndicatorId::I2_11).met, Some(true));
    n(&mut c, "交流轮岗骨干教师数", 19.0);
    let r = ind(&c, IndicatorId::I2_11);
    assert_eq!(r.met, Some(false));
    // 19 of 100: adding 2 backbone teachers gives 21/102 ≥ 20% (1 gives 20/101 < 20%).
    let f = &r.findings[0];
    assert_eq!(
        (f.key, f.counts, f.need),
        (Some("backbone"), Some((19, 100)), Some(2.0))
    );
    n(&mut c, "交流轮岗骨干教师数", 20.0);
    n(&mut c, "交流轮岗教师数", 99.0);
    assert_eq!(ind(&c, IndicatorId::I2_11).met, Some(false));

    n(&mut c, "持证专任教师数", 1999.0);
    assert_eq!(ind(&c, IndicatorId::I2_12).met, Some(false));
    n(&mut c, "持证专任教师数", 2000.0);
    assert_eq!(ind(&c, IndicatorId::I2_12).met, Some(true));
}

#[test]
fn rules_2_13_to_2_15() {
    let mut c = passing();
    // 95% read from a percent cell is 0.95 (not exactly 95/100 in binary): met.
    n(&mut c, "初中就近划片入学比例", 95.0 / 100.0);
    assert_eq!(ind(&c, IndicatorId::I2_13).met, Some(true));
    n(&mut c, "初中就近划片入学比例", 0.9499);
    assert_eq!(ind(&c, IndicatorId::I2_13).met, Some(false));
    n(&mut c, "初中就近划片入学比例", 0.95);
    n(&mut c, "小学就近划片入学比例", 0.999);
    assert_eq!(ind(&c, IndicatorId::I2_13).met, Some(false));

    n(&mut c, "优质高中名额分配比例", 0.5);
    assert_eq!(ind(&c, IndicatorId::I2_14).met, Some(true));
    no(&mut c, "名额分配向农村初中倾斜");
    assert_eq!(ind(&c, IndicatorId::I2_14).met, Some(false));

    // (800 + 50) / 1000 = 85% exactly.
    n(&mut c, "随迁子女公办学校就读数", 800.0);
    assert_eq!(ind(&c, IndicatorId::I2_15).met, Some(true));
    n(&mut c, "随迁子女公办学校就读数", 799.0);
    assert_eq!(ind(&c, IndicatorId::I2_15).met, Some(false));
    n(&mut c, "随迁子女公办学校就读数", 800.0);
    no(&mut c, "留守儿童关爱体系健全");
    assert_eq!(ind(&c, IndicatorId::I2_15).met, Some(false));
}

/// Issue 26's probe: a school built in 2018 with 26 classes, 2 music and 2 art rooms
/// and 4 starting classes (4 × 6 = 24 classes → 2 rooms) passes 2.3 by 特殊情形 (3).
#[test]
fn rule_2_3_by_starting_grade_classes() {
    let mut c = passing();
    let s = &mut c.schools[0];
    s.built_year = Some(2018);
    s.classes = stage(Some(26), None);
    s.music_rooms = Some(2);
    s.art_rooms = Some(2);
    let r = ind(&c, IndicatorId::I2_3);
    assert_eq!(r.met, Some(false), "26 classes need 3 rooms of each");
    c.schools[0].starting_grade_classes = Some(4);
    let r = ind(&c, IndicatorId::I2_3);
    assert_eq!(r.met, Some(true), "{:?} {:?}", r.findings, r.missing);
    assert_eq!(
        r.exceptions.len(),
        1,
        "one 认定 per school, not per subject"
    );
    let e = &r.exceptions[0];
    assert_eq!(e.basis, Some(ExceptionBasis::StartingGrade));
    assert_eq!(
        (e.value, e.limit, e.counts),
        (Some(2.0), Some(2.0), Some((2, 24)))
    );
    // 5 starting classes → 30 → 3 rooms: still short.
    c.schools[0].starting_grade_classes = Some(5);
    assert_eq!(ind(&c, IndicatorId::I2_3).met, Some(false));
    // From the 班级 sheet: four 一年级 classes.
    c.schools[0].starting_grade_classes = None;
    c.classes = Some(
        (0..26)
            .map(|i| {
                let grade = if i < 4 { 1 } else { 2 + (i % 5) };
                class(
                    2 + i,
                    "第一小学",
                    Stage::Primary,
                    grade,
                    &format!("{i}班"),
                    38,
                )
            })
            .collect(),
    );
    c.schools[0].max_class_size = stage(None, None);
    assert_eq!(ind(&c, IndicatorId::I2_3).met, Some(true));
}

/// 2.3 特殊情形 (2): a 城区 (or 中心城区) school that cannot add rooms but teaches music
/// and art fully, from its column; a 乡村 school cannot use it.
#[test]
fn rule_2_3_city_school_teaching_fully() {
    let mut c = passing();
    c.schools[0].built_year = Some(2020);
    c.schools[0].music_rooms = Some(1);
    c.schools[0].art_room_min_area = Some(80.0);
    assert_eq!(ind(&c, IndicatorId::I2_3).met, Some(false));
    c.schools[0].music_art_taught = Some(true);
    let r = ind(&c, IndicatorId::I2_3);
    assert_eq!(r.met, Some(true));
    assert_eq!(r.exceptions.len(), 1);
    assert_eq!(r.exceptions[0].basis, Some(ExceptionBasis::MusicArtTaught));
    c.schools[0].locality = Locality::Rural;
    assert_eq!(ind(&c, IndicatorId::I2_3).met, Some(false));
    c.schools[0].central_city = true;
    assert_eq!(ind(&c, IndicatorId::I2_3).met, Some(true));
}

/// 2.4 特殊情形 (1) each campus within the limit, (3) a 城区 school with a 化解方案.
#[test]
fn rule_2_4_campuses_and_city_plan() {
    let mut c = passing();
    c.schools[0].students = stage(Some(2600), None);
    assert_eq!(ind(&c, IndicatorId::I2_4).met, Some(false));
    c.schools[0].largest_campus_students = Some(2001);
    assert_eq!(ind(&c, IndicatorId::I2_4).met, Some(false));
    c.schools[0].largest_campus_students = Some(1400);
    let r = ind(&c, IndicatorId::I2_4);
    assert_eq!(r.met, Some(true));
    assert_eq!(
        r.exceptions[0].basis,
        Some(ExceptionBasis::CampusWithinLimit)
    );
    assert_eq!(r.exceptions[0].counts, Some((1400, 2600)));
    c.schools[0].largest_campus_students = None;
    c.schools[0].size_plan = Some(true);
    let r = ind(&c, IndicatorId::I2_4);
    assert_eq!(r.met, Some(true));
    assert_eq!(r.exceptions[0].basis, Some(ExceptionBasis::SizePlan));
    c.schools[0].locality = Locality::Town;
    assert_eq!(ind(&c, IndicatorId::I2_4).met, Some(false));
}

/// 不涉及 where it cannot be true: 2.14 never; 2.7 with a special school or disabled
/// pupils (the evaluation cannot tell, and `validate` makes it an error).
#[test]
fn not_applicable_only_where_it_can_be_true() {
    let mut c = passing();
    set(&mut c, "优质高中名额分配比例", ItemValue::NotApplicable);
    assert_eq!(ind(&c, IndicatorId::I2_14).met, None);
    let errors = |c: &County| {
        crate::evaluate::validate(c)
            .into_iter()
            .filter(|p| p.is_error())
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        errors(&c)
            .iter()
            .any(|m| m.contains("优质高中名额分配比例")),
        "{:?}",
        errors(&c)
    );
    let mut c = passing();
    set(&mut c, "特殊教育学校生均公用经费", ItemValue::NotApplicable);
    n(&mut c, "适龄残疾儿童少年数", 0.0);
    n(&mut c, "残疾儿童少年入学数", 0.0);
    c.schools.retain(|s| s.kind != SchoolKind::SpecialEducation);
    assert_eq!(ind(&c, IndicatorId::I2_7).met, Some(true));
    assert!(errors(&c).is_empty(), "{:?}", errors(&c));
    n(&mut c, "适龄残疾儿童少年数", 165.0);
    n(&mut c, "残疾儿童少年入学数", 160.0);
    assert_eq!(ind(&c, IndicatorId::I2_7).met, None);
    assert!(
        errors(&c)
            .iter()
            .any(|m| m.contains("特殊教育学校生均公用经费") && m.contains("160")),
        "{:?}",
        errors(&c)
    );
}

/// 57 is a 大班额 (56–65), 70 a 超大班额 (66+): both fail 2.5, each under its own term.
#[test]
fn large_and_huge_classes_are_named_apart() {
    let worded = |size: u32| {
        let mut c = passing();
        c.schools[2].max_class_size = stage(None, Some(size));
        let e = evaluate(&c);
        let r = e.indicator(IndicatorId::I2_5).unwrap();
        assert_eq!(r.met, Some(false));
        let w = crate::documents::wording::Words::new(&c, &e);
        w.finding(r, &r.findings[0])
    };
    let l57 = worded(57);
    assert!(l57.ends_with("属56人以上大班额"), "{l57}");
    assert!(!l57.contains("超大班额"), "{l57}");
    let l70 = worded(70);
    assert!(l70.ends_with("属66人以上超大班额"), "{l70}");
}

/// Issue 26's probe: 就近入学 judged school by school when the schools give it — one
/// 小学 below 100% fails the county even when the county ratio is 100%.
#[test]
fn rule_2_13_school_by_school_when_given() {
    let mut c = passing();
    for s in &mut c.schools {
        s.nearby_ratio = Some(1.0);
    }
    let r = ind(&c, IndicatorId::I2_13);
    assert_eq!(r.met, Some(true));
    assert_eq!(r.figure("per_school"), Some(1.0));
    c.schools[1].nearby_ratio = Some(0.97);
    let r = ind(&c, IndicatorId::I2_13);
    assert_eq!(r.met, Some(false), "county items say 100%, 第二小学 97%");
    assert_eq!(
        (r.findings[0].school, r.findings[0].stage),
        (Some(1), Some(Stage::Primary))
    );
    // An 初中 at 95% passes; a boarding school is out of scope.
    c.schools[1].nearby_ratio = Some(1.0);
    c.schools[2].nearby_ratio = Some(0.95);
    c.schools[3].nearby_ratio = Some(0.80);
    assert_eq!(ind(&c, IndicatorId::I2_13).met, Some(false));
    c.schools[3].boarding = true;
    assert_eq!(ind(&c, IndicatorId::I2_13).met, Some(true));
}
