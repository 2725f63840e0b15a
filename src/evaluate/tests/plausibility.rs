//! Plausibility warnings: a consistent county gives none; each contradiction gives one
//! warning at its cell, naming the cell on the other side.

use super::fixtures::*;
use crate::evaluate::plausibility;
use crate::model::*;
use crate::problem::Problem;

const TODAY: Date = Date {
    year: 2026,
    month: 3,
    day: 16,
};

/// The passing fixture made consistent: with a 特殊教育学校 its five schools have 310
/// teachers and 1,630 junior pupils.
fn consistent() -> County {
    let mut c = passing();
    n(&mut c, "初中毕业生数", 530.0);
    let mut special = blank("特殊教育学校", SchoolKind::SpecialEducation, 7);
    special.students = stage(Some(60), Some(30));
    special.full_time_teachers = stage(Some(20), Some(10));
    special.classes = stage(Some(8), Some(4));
    c.schools.push(special);
    n(&mut c, "专任教师数", 310.0);
    c.info.item_rows.insert("县区名称".into(), 3);
    c.info.item_rows.insert("行政级别".into(), 4);
    c.info.item_rows.insert("统计年度".into(), 9);
    c
}

fn only(problems: Vec<Problem>) -> String {
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(!problems[0].is_error());
    problems[0].to_string()
}

#[test]
fn a_consistent_county_has_no_plausibility_warning() {
    assert_eq!(plausibility(&consistent(), TODAY), Vec::new());
}

#[test]
fn a_name_ending_in_xian_with_level_qu_is_named_on_both_cells() {
    let mut c = consistent();
    c.info.county_name = "鼓林县".into();
    c.info.admin_level = AdminLevel::District;
    let text = only(plausibility(&c, TODAY));
    assert!(
        text.starts_with("警告：工作表「基本信息」 第4行 内容（行政级别）列："),
        "{text}"
    );
    assert!(
        text.contains("「鼓林县」（工作表「基本信息」 第3行 内容（县区名称）列）以“县”结尾"),
        "{text}"
    );
    // And the other way round.
    c.info.county_name = "示例区".into();
    c.info.admin_level = AdminLevel::County;
    let text = only(plausibility(&c, TODAY));
    assert!(
        text.contains("填的是“县”") && text.contains("以“区”结尾"),
        "{text}"
    );
}

#[test]
fn teachers_in_county_items_far_from_the_school_sheet_total() {
    let mut c = consistent();
    n(&mut c, "专任教师数", 2600.0);
    let row = c.county_items["专任教师数"].row;
    let text = only(plausibility(&c, TODAY));
    assert!(
        text.starts_with(&format!("警告：工作表「县级指标」 第{row}行 数值列：")),
        "{text}"
    );
    assert!(
        text.contains("专任教师数为2600") && text.contains("合计为310"),
        "{text}"
    );
    assert!(text.contains("相差超过10%"), "{text}");
    // Within the stated tolerance: silent.
    n(&mut c, "专任教师数", 340.0);
    assert_eq!(plausibility(&c, TODAY), Vec::new());
}

#[test]
fn more_graduates_than_half_the_junior_pupils() {
    let mut c = consistent();
    // 1,630 junior pupils (800 + 800 + 30).
    n(&mut c, "初中毕业生数", 1100.0);
    let text = only(plausibility(&c, TODAY));
    assert!(
        text.contains("初中毕业生数为1100") && text.contains("合计只有1630"),
        "{text}"
    );
    n(&mut c, "初中毕业生数", 815.0);
    assert_eq!(plausibility(&c, TODAY), Vec::new());
}

#[test]
fn special_school_funding_without_a_special_school() {
    let mut c = consistent();
    c.schools.retain(|s| s.kind != SchoolKind::SpecialEducation);
    n(&mut c, "专任教师数", 280.0);
    n(&mut c, "初中毕业生数", 530.0);
    // Disabled pupils in ordinary schools are funded at the same rate: no warning.
    n(&mut c, "适龄残疾儿童少年数", 12.0);
    n(&mut c, "残疾儿童少年入学数", 12.0);
    assert_eq!(plausibility(&c, TODAY), Vec::new());
    n(&mut c, "适龄残疾儿童少年数", 0.0);
    n(&mut c, "残疾儿童少年入学数", 0.0);
    let text = only(plausibility(&c, TODAY));
    assert!(
        text.contains("特殊教育学校生均公用经费（7000元）"),
        "{text}"
    );
    assert!(
        text.contains("工作表「学校」（学校类型列）中没有特殊教育学校"),
        "{text}"
    );
    set(&mut c, "特殊教育学校生均公用经费", ItemValue::NotApplicable);
    assert_eq!(plausibility(&c, TODAY), Vec::new());
}

#[test]
fn pupils_per_class_above_70_and_more_teachers_than_pupils() {
    let mut c = consistent();
    // 1,000 pupils in 14 classes: 71.4 a class.
    c.schools[0].classes = stage(Some(14), None);
    let text = only(plausibility(&c, TODAY));
    assert!(
        text.starts_with("警告：工作表「学校」 第3行 小学班级数列："),
        "{text}"
    );
    assert!(
        text.contains("平均每班71.4人") && text.contains("第3行 小学在校生数列"),
        "{text}"
    );
    // 1,000 pupils in 15 classes is 66.7: silent.
    c.schools[0].classes = stage(Some(15), None);
    assert_eq!(plausibility(&c, TODAY), Vec::new());
    c.schools[2].full_time_teachers = stage(None, Some(801));
    // Keep the county total in step (310 − 70 + 801).
    n(&mut c, "专任教师数", 1041.0);
    let text = only(plausibility(&c, TODAY));
    assert!(
        text.starts_with("警告：工作表「学校」 第5行 初中专任教师数列："),
        "{text}"
    );
    assert!(
        text.contains("（801）多于在校生数（800，工作表「学校」 第5行 初中在校生数列）"),
        "{text}"
    );
}

#[test]
fn years_after_the_document_date() {
    let mut c = consistent();
    c.info.statistics_year = Some(2027);
    c.schools[1].built_year = Some(2030);
    let problems = plausibility(&c, TODAY);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    let all: Vec<String> = problems.iter().map(Problem::to_string).collect();
    assert!(all[0].starts_with("警告：工作表「基本信息」 第9行 内容（统计年度）列：统计年度为2027年，晚于成文日期所在的2026年"), "{all:?}");
    assert!(
        all[1].starts_with("警告：工作表「学校」 第4行 建设年份列：第二小学建设年份为2030年"),
        "{all:?}"
    );
    c.info.statistics_year = Some(2026);
    c.schools[1].built_year = Some(2026);
    assert_eq!(plausibility(&c, TODAY), Vec::new());
}
