//! 政府保障程度 (2.1–2.15), REFERENCE.md §2.
//!
//! 2.3–2.5 are judged school by school from the 学校 (and 班级) sheets; the others from
//! 县级指标 items. 特殊教育学校 are not "小学、初中" and take no part in 2.3–2.5;
//! 教学点 and 民办 schools do. `不涉及` counts as met. A missing item or value makes the
//! indicator `met: null` with a reason, never a silent zero.

use super::catalogue::{IndicatorId, Rational};
use super::exact::{cmp_int_fraction, cmp_real, cmp_value, reaches};
use super::judge::{Judge, count, number, required_count, to_reach, to_reach_adding};
use super::resources::{ExceptionBasis, stages_of};
use super::{Finding, IndicatorResult};
use crate::model::{ClassRow, County, Locality, School, SchoolKind, Stage};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

// Every number of these rules is the catalogue's (`catalogue::rules` and each
// indicator's threshold); the re-export keeps `government::…` paths for the wording.
pub(crate) use crate::catalogue::rules::{
    ART_ROOM_AREA, BACKBONE_SHARE, CLASSES_PER_ROOM, HUGE_CLASS, LARGE_CLASS, MUSIC_ROOM_AREA,
    ROOM_AREA_EXEMPT_UNTIL, ROTATION_SHARE, class_limit, class_limit_relaxed, size_limit,
    threshold,
};

/// The 县级指标 yes/no items, by indicator: each is required to be 是 (or 不涉及); a
/// failure's key is the item's name.
pub(crate) const FLAG_ITEMS: [(IndicatorId, &str); 10] = [
    (IndicatorId::I2_1, "规划布局合理"),
    (IndicatorId::I2_2, "建设标准统一"),
    (IndicatorId::I2_2, "教师编制标准统一"),
    (IndicatorId::I2_2, "生均公用经费基准定额统一"),
    (IndicatorId::I2_2, "基本装备配置标准统一"),
    (IndicatorId::I2_6, "小规模学校按100人核定公用经费"),
    (IndicatorId::I2_8, "绩效工资足额核定"),
    (IndicatorId::I2_10, "编制岗位统筹分配"),
    (IndicatorId::I2_14, "名额分配向农村初中倾斜"),
    (IndicatorId::I2_15, "留守儿童关爱体系健全"),
];

/// Check the yes/no items of indicator `id`.
fn require_items(j: &mut Judge, county: &County, id: IndicatorId) {
    for (_, item) in FLAG_ITEMS.iter().filter(|(i, _)| *i == id) {
        j.require(county, item);
    }
}

/// A finding about school `si` (and stage), worded in documents.
fn about(si: usize, stage: Option<Stage>) -> Finding {
    Finding {
        school: Some(si),
        stage,
        ..Finding::default()
    }
}

fn is_compulsory_school(s: &School) -> bool {
    s.kind != SchoolKind::SpecialEducation
}

pub(crate) fn evaluate_government(county: &County) -> Vec<IndicatorResult> {
    vec![
        rule_2_1(county),
        rule_2_2(county),
        rule_2_3(county),
        rule_2_4(county),
        rule_2_5(county),
        rule_2_6(county),
        rule_2_7(county),
        rule_2_8(county),
        rule_2_9(county),
        rule_2_10(county),
        rule_2_11(county),
        rule_2_12(county),
        rule_2_13(county),
        rule_2_14(county),
        rule_2_15(county),
    ]
}

fn rule_2_1(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_1);
    require_items(&mut j, county, IndicatorId::I2_1);
    j.finish()
}

fn rule_2_2(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_2);
    require_items(&mut j, county, IndicatorId::I2_2);
    j.finish()
}

/// Number of classes of a stage: 学校 sheet, else the 班级 sheet's rows for the school.
fn stage_classes(school: &School, stage: Stage, rows: &[&ClassRow]) -> Option<u32> {
    if let Some(c) = school.classes.get(stage) {
        return Some(c);
    }
    let n = rows.iter().filter(|r| r.stage == stage).count();
    if n > 0 {
        return u32::try_from(n).ok();
    }
    if school.students.get(stage) == Some(0) {
        return Some(0);
    }
    None
}

fn class_rows_by_school(county: &County) -> BTreeMap<&str, Vec<&ClassRow>> {
    let mut map: BTreeMap<&str, Vec<&ClassRow>> = BTreeMap::new();
    if let Some(rows) = &county.classes {
        for r in rows {
            map.entry(r.school.as_str()).or_default().push(r);
        }
    }
    map
}

/// 2.3 特殊情形 (3): the classes a school will have when every grade is as large as its
/// starting grade (一年级 × 6, 七年级 × 3), from the 班级 sheet or, for a single-stage
/// school, the 起始年级班级数 column. None when a stage's starting classes are unknown.
fn projected_classes(school: &School, rows: &[&ClassRow]) -> Option<u32> {
    let stages = stages_of(school.kind);
    let mut total = 0u32;
    for &st in &stages {
        let from_sheet = rows
            .iter()
            .filter(|r| r.stage == st && is_starting_grade(st, r.grade))
            .count();
        let start = if from_sheet > 0 {
            u32::try_from(from_sheet).ok()?
        } else if stages.len() == 1 {
            school.starting_grade_classes?
        } else {
            return None;
        };
        total = total.saturating_add(start.saturating_mul(super::resources::grades(st)));
    }
    Some(total)
}

/// 一年级 for primary, 七年级 for junior (also written 1 in a junior-only numbering).
fn is_starting_grade(stage: Stage, grade: u32) -> bool {
    match stage {
        Stage::Primary => grade == 1,
        Stage::Junior => grade == 7 || grade == 1,
    }
}

fn rule_2_3(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_3);
    let by_school = class_rows_by_school(county);
    let mut schools_ok = 0usize;
    let mut schools_total = 0usize;
    // Whether teaching points are judged is the province's choice (基本信息).
    let judged = |s: &School| {
        is_compulsory_school(s)
            && (s.kind != SchoolKind::TeachingPoint || county.info.rooms_judge_teaching_points())
    };
    for (si, s) in county.schools.iter().enumerate().filter(|(_, s)| judged(s)) {
        schools_total += 1;
        let rows = by_school
            .get(s.name.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let mut classes = Some(0u32);
        for st in stages_of(s.kind) {
            classes = match (classes, stage_classes(s, st, rows)) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                _ => None,
            };
        }
        let Some(classes) = classes else {
            j.unknown(format!(
                "{}缺少班级数，无法核算应配音乐、美术专用教室数",
                s.name
            ));
            continue;
        };
        let required = classes.div_ceil(CLASSES_PER_ROOM);
        // 特殊情形 (3): rooms enough for the classes counted on the starting grade.
        let projected = projected_classes(s, rows)
            .filter(|&p| p > 0 && p < classes)
            .map(|p| (p, p.div_ceil(CLASSES_PER_ROOM)));
        // 特殊情形 (2): in a 城区 or 中心城区, cannot add rooms, teaches both subjects fully.
        let city_taught = s.in_city() && s.music_art_taught == Some(true);
        let exempt = s.built_year.is_some_and(|y| y <= ROOM_AREA_EXEMPT_UNTIL);
        let mut ok = true;
        // One 特殊情形认定 per school and basis, whichever subjects it covers.
        let mut granted: Vec<Finding> = Vec::new();
        let mut grant = |f: Finding| {
            if !granted.iter().any(|g| g.basis == f.basis) {
                granted.push(f);
            }
        };
        for (label, rooms, min_area, need_area, keys) in [
            (
                "音乐",
                s.music_rooms,
                s.music_room_min_area,
                MUSIC_ROOM_AREA,
                ("music_rooms", "music_area"),
            ),
            (
                "美术",
                s.art_rooms,
                s.art_room_min_area,
                ART_ROOM_AREA,
                ("art_rooms", "art_area"),
            ),
        ] {
            match rooms {
                None if required > 0 => {
                    ok = false;
                    j.unknown(format!("{}缺少{label}专用教室数", s.name));
                    continue;
                }
                None => continue,
                Some(r) if r < required => {
                    if let Some((p, need)) = projected.filter(|(_, need)| r >= *need) {
                        // The rooms are held to the projected classes: (rooms, classes).
                        grant(
                            about(si, None)
                                .with_figures(f64::from(r), f64::from(need))
                                .counting(u64::from(r), u64::from(p))
                                .with_basis(ExceptionBasis::StartingGrade),
                        );
                    } else if city_taught {
                        grant(about(si, None).with_basis(ExceptionBasis::MusicArtTaught));
                        continue;
                    } else {
                        ok = false;
                        // The rooms are held to the classes: (rooms, classes).
                        j.fail_with(
                            about(si, None)
                                .with_figures(f64::from(r), f64::from(required))
                                .keyed(keys.0)
                                .counting(u64::from(r), u64::from(classes))
                                .needing(f64::from(required - r)),
                        );
                        continue;
                    }
                }
                Some(0) => continue,
                Some(_) => {}
            }
            let area_ok = min_area.map(|a| cmp_real(a, need_area) != Some(Ordering::Less));
            match (area_ok, exempt, s.built_year) {
                (Some(true), _, _) => {}
                (_, true, _) => grant(about(si, None).with_basis(ExceptionBasis::BuiltBefore2017)),
                (Some(false), false, _) if city_taught => {
                    grant(about(si, None).with_basis(ExceptionBasis::MusicArtTaught));
                }
                (Some(false), false, Some(_)) => {
                    ok = false;
                    j.fail_with(
                        about(si, None)
                            .with_figures(min_area.unwrap_or(0.0), need_area)
                            .keyed(keys.1),
                    );
                }
                (Some(false), false, None) => {
                    ok = false;
                    j.unknown(format!(
                        "{}{label}专用教室最小面积{}平方米，小于{}平方米，但缺少建设年份，无法判断是否属于{}年及以前规划建设的学校",
                        s.name,
                        min_area.unwrap_or(0.0),
                        need_area,
                        ROOM_AREA_EXEMPT_UNTIL
                    ));
                }
                (None, false, _) => {
                    ok = false;
                    j.unknown(format!("{}缺少{label}专用教室最小面积", s.name));
                }
            }
        }
        for f in granted {
            j.exception_with(f);
        }
        if ok {
            schools_ok += 1;
        }
    }
    if schools_total == 0 {
        j.unknown("「学校」工作表没有小学、初中学校");
    }
    j.figure("schools", schools_total as f64);
    j.figure("schools_met", schools_ok as f64);
    j.finish()
}

fn rule_2_4(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_4);
    let mut largest: Option<u32> = None;
    let mut over = 0usize;
    for (si, s) in county
        .schools
        .iter()
        .enumerate()
        .filter(|(_, s)| is_compulsory_school(s))
    {
        let mut size = Some(0u32);
        for st in stages_of(s.kind) {
            size = match (size, s.students.get(st)) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                _ => None,
            };
        }
        let Some(size) = size else {
            j.unknown(format!("{}缺少在校生数，无法核算学校规模", s.name));
            continue;
        };
        largest = Some(largest.map_or(size, |l| l.max(size)));
        let limit = size_limit(s.kind);
        if size > limit {
            over += 1;
            // The three 特殊情形 of the 指标说明, each from its own column.
            let campus = s.largest_campus_students.filter(|&c| c <= limit);
            if s.size_approved == Some(true) {
                j.exception_with(
                    about(si, None)
                        .with_figures(f64::from(size), f64::from(limit))
                        .with_basis(ExceptionBasis::SizeApproved),
                );
            } else if let Some(c) = campus {
                j.exception_with(
                    about(si, None)
                        .with_figures(f64::from(size), f64::from(limit))
                        .counting(u64::from(c), u64::from(size))
                        .with_basis(ExceptionBasis::CampusWithinLimit),
                );
            } else if s.in_city() && s.size_plan == Some(true) {
                j.exception_with(
                    about(si, None)
                        .with_figures(f64::from(size), f64::from(limit))
                        .with_basis(ExceptionBasis::SizePlan),
                );
            } else {
                j.fail_with(
                    about(si, None)
                        .with_figures(f64::from(size), f64::from(limit))
                        .needing(f64::from(size - limit)),
                );
            }
        }
    }
    if let Some(l) = largest {
        j.value(f64::from(l));
    } else {
        j.unknown("「学校」工作表没有小学、初中学校");
    }
    j.figure("schools_over_limit", over as f64);
    j.finish()
}

/// 1 → 一年级 … 9 → 九年级, as grades are written in Chinese documents.
fn grade_name(grade: u32) -> String {
    const NAMES: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match grade.checked_sub(1).and_then(|i| NAMES.get(i as usize)) {
        Some(n) => format!("{n}年级"),
        None => format!("{grade}年级"),
    }
}

fn class_desc(school: &str, r: &ClassRow) -> String {
    let class = r.class_name.trim();
    format!("{school}{}{class}{}人", grade_name(r.grade), r.students)
}

fn rule_2_5(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_5);
    let by_school = class_rows_by_school(county);
    let mut largest: Option<u32> = None;
    let mut oversized = 0usize;
    let mut large = 0usize;
    let mut huge_total = 0usize;
    let mut note_max = |v: u32| largest = Some(largest.map_or(v, |l| l.max(v)));
    let known: BTreeSet<&str> = county.schools.iter().map(|s| s.name.as_str()).collect();
    for (si, s) in county
        .schools
        .iter()
        .enumerate()
        .filter(|(_, s)| is_compulsory_school(s))
    {
        let rows = by_school
            .get(s.name.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        for st in stages_of(s.kind) {
            let limit = class_limit(st);
            let relaxed = class_limit_relaxed(st);
            let stage_rows: Vec<&ClassRow> =
                rows.iter().copied().filter(|r| r.stage == st).collect();
            // How many 大班额 (56 or more), and those the 班级 sheet names (the finding's
            // items, without the school's name).
            let mut huge = 0usize;
            let mut huge_items: Vec<String> = Vec::new();
            let mut count_huge = |n: u32| {
                if n >= HUGE_CLASS {
                    huge_total += 1;
                }
            };
            let (max, start_max, other_max) = if !stage_rows.is_empty() {
                let is_start = |r: &ClassRow| is_starting_grade(st, r.grade);
                for r in &stage_rows {
                    if r.students > limit {
                        oversized += 1;
                    }
                    if r.students >= LARGE_CLASS {
                        huge += 1;
                        huge_items.push(class_desc("", r));
                    }
                    count_huge(r.students);
                }
                let max = stage_rows.iter().map(|r| r.students).max();
                let start = stage_rows
                    .iter()
                    .filter(|r| is_start(r))
                    .map(|r| r.students)
                    .max();
                let other = stage_rows
                    .iter()
                    .filter(|r| !is_start(r))
                    .map(|r| r.students)
                    .max();
                (max, start, other)
            } else {
                match s.max_class_size.get(st) {
                    Some(m) => {
                        if m > limit {
                            oversized += 1;
                        }
                        if m >= LARGE_CLASS {
                            huge += 1;
                        }
                        count_huge(m);
                        (Some(m), None, None)
                    }
                    None if s.students.get(st) == Some(0) => continue,
                    None => {
                        j.unknown(format!(
                            "{}缺少{}最大班额（「学校」工作表），「班级」工作表也无该校数据",
                            s.name,
                            st.label()
                        ));
                        continue;
                    }
                }
            };
            let Some(max) = max else { continue };
            note_max(max);
            j.stage_value(st, f64::from(max));
            if max <= limit {
                continue;
            }
            if huge > 0 {
                large += huge;
                j.fail_with(
                    about(si, Some(st))
                        .with_figures(f64::from(max), f64::from(limit))
                        .keyed("large_class")
                        .listing(huge_items)
                        .needing(f64::from(max - limit)),
                );
                continue;
            }
            if max <= relaxed && s.capacity_expansion == Some(true) {
                j.exception_with(
                    about(si, Some(st))
                        .with_figures(f64::from(max), f64::from(relaxed))
                        .with_basis(ExceptionBasis::CapacityExpansion),
                );
                continue;
            }
            if let (Some(sm), Some(om)) = (start_max, other_max.or(start_max))
                && sm <= limit
                && om <= relaxed
            {
                j.exception_with(
                    about(si, Some(st))
                        .with_figures(f64::from(om), f64::from(relaxed))
                        .with_basis(ExceptionBasis::StartingGrade),
                );
                continue;
            }
            j.fail_with(
                about(si, Some(st))
                    .with_figures(f64::from(max), f64::from(limit))
                    .needing(f64::from(max - limit)),
            );
        }
    }
    // Classes of schools missing from the 学校 sheet still count (conservative).
    if let Some(rows) = &county.classes {
        for r in rows.iter().filter(|r| !known.contains(r.school.as_str())) {
            let limit = class_limit(r.stage);
            note_max(r.students);
            j.stage_value(r.stage, f64::from(r.students));
            if r.students > limit {
                oversized += 1;
                if r.students >= LARGE_CLASS {
                    large += 1;
                }
                if r.students >= HUGE_CLASS {
                    huge_total += 1;
                }
                // No school to point at: the item names the class with its school.
                let mut f = Finding::default()
                    .with_figures(f64::from(r.students), f64::from(limit))
                    .keyed("unlisted_school")
                    .listing(vec![class_desc(&r.school, r)]);
                f.stage = Some(r.stage);
                j.fail_with(f);
            }
        }
    }
    if let Some(l) = largest {
        j.value(f64::from(l));
    } else if county.schools.iter().all(|s| !is_compulsory_school(s)) {
        j.unknown("「学校」工作表没有小学、初中学校");
    }
    j.figure("oversized_classes", oversized as f64);
    j.figure("large_classes", large as f64);
    j.figure("huge_classes", huge_total as f64);
    j.finish()
}

fn rule_2_6(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_6);
    require_items(&mut j, county, IndicatorId::I2_6);
    j.finish()
}

fn rule_2_7(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_7);
    let item = "特殊教育学校生均公用经费";
    j.cite(county, item);
    let threshold = threshold(IndicatorId::I2_7);
    // 不涉及 is met only in a county with no special school and no disabled pupils: the
    // standard covers 随班就读 and 送教上门 pupils too.
    let has_pupils = ["残疾儿童少年入学数", "适龄残疾儿童少年数"]
        .iter()
        .any(|n| {
            county
                .county_items
                .get(*n)
                .is_some_and(|i| matches!(i.value, crate::model::ItemValue::Number(x) if x > 0.0))
        });
    let has_school = county
        .schools
        .iter()
        .any(|s| s.kind == SchoolKind::SpecialEducation);
    let read = j.take(number(county, item));
    if matches!(read, Some(None)) && (has_pupils || has_school) {
        j.unknown(format!(
            "「县级指标」项目“{item}”填为“不涉及”，但县域内有特殊教育学校或残疾学生"
        ));
    }
    if let Some(Some(v)) = read {
        j.value(v);
        j.check_with(
            reaches(cmp_value(v, threshold)),
            || {
                Finding::default()
                    .with_figures(v, threshold.to_f64())
                    .needing(threshold.to_f64() - v)
            },
            || format!("「县级指标」项目“{item}”数值无效"),
        );
    }
    j.finish()
}

fn rule_2_8(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_8);
    let (ti, ci) = ("教师平均工资收入", "公务员平均工资收入");
    j.cite(county, ti);
    j.cite(county, ci);
    let teacher = j.take(number(county, ti));
    let civil = j.take(number(county, ci));
    match (teacher, civil) {
        (Some(Some(t)), Some(Some(c))) => {
            j.figure("teacher_pay", t);
            j.figure("civil_servant_pay", c);
            if c > 0.0 {
                j.value(t / c);
            }
            j.check_with(
                cmp_real(t, c).map(|o| o != Ordering::Less),
                || {
                    Finding::default()
                        .with_figures(t, c)
                        .keyed("pay")
                        .needing(c - t)
                },
                || "工资收入数值无效".to_string(),
            );
        }
        (Some(None), _) | (_, Some(None)) => {
            j.unknown("教师与公务员平均工资收入不能填“不涉及”");
        }
        _ => {}
    }
    require_items(&mut j, county, IndicatorId::I2_8);
    j.finish()
}

fn rule_2_9(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_9);
    let (ri, di) = ("五年360学时应完成教师数", "五年360学时已完成教师数");
    j.cite(county, ri);
    j.cite(county, di);
    let required = j.take(required_count(county, ri));
    let done = j.take(required_count(county, di));
    if let (Some(r), Some(d)) = (required, done) {
        if r == 0 {
            j.unknown(format!("「县级指标」项目“{ri}”为0，无法计算培训完成率"));
        } else {
            let ratio = d as f64 / r as f64;
            j.value(ratio);
            let share = threshold(IndicatorId::I2_9);
            j.check_with(
                reaches(cmp_int_fraction(i128::from(d), u128::from(r), share)),
                || {
                    Finding::default()
                        .with_figures(ratio, share.to_f64())
                        .counting(d, r)
                        .needing(to_reach(i128::from(d), r, share) as f64)
                },
                || "培训完成率无法计算".to_string(),
            );
        }
    }
    j.finish()
}

fn rule_2_10(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_10);
    require_items(&mut j, county, IndicatorId::I2_10);
    j.finish()
}

fn rule_2_11(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_11);
    let (ei, ri, bi) = ("符合交流条件教师数", "交流轮岗教师数", "交流轮岗骨干教师数");
    for i in [ei, ri, bi] {
        j.cite(county, i);
    }
    let eligible = j.take(required_count(county, ei));
    let rotated = j.take(required_count(county, ri));
    let backbone = j.take(required_count(county, bi));
    if let (Some(e), Some(r)) = (eligible, rotated) {
        if e == 0 {
            j.unknown(format!("「县级指标」项目“{ei}”为0，无法计算交流轮岗比例"));
        } else {
            let ratio = r as f64 / e as f64;
            j.value(ratio);
            let share = ROTATION_SHARE;
            j.check_with(
                reaches(cmp_int_fraction(i128::from(r), u128::from(e), share)),
                || {
                    Finding::default()
                        .with_figures(ratio, share.to_f64())
                        .keyed("rotation")
                        .counting(r, e)
                        .needing(to_reach(i128::from(r), e, share) as f64)
                },
                || "交流轮岗比例无法计算".to_string(),
            );
        }
        if let Some(b) = backbone {
            if r == 0 {
                if e > 0 {
                    // Already failed on the 10% rule; the backbone share is undefined.
                } else {
                    j.unknown("交流轮岗教师数为0，无法计算骨干教师比例");
                }
            } else {
                let br = b as f64 / r as f64;
                j.figure("backbone_ratio", br);
                let share = BACKBONE_SHARE;
                j.check_with(
                    reaches(cmp_int_fraction(i128::from(b), u128::from(r), share)),
                    || {
                        Finding::default()
                            .with_figures(br, share.to_f64())
                            .keyed("backbone")
                            .counting(b, r)
                            .needing(to_reach_adding(b, r, share) as f64)
                    },
                    || "骨干教师比例无法计算".to_string(),
                );
            }
        }
    }
    j.finish()
}

fn rule_2_12(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_12);
    let (ti, ci) = ("专任教师数", "持证专任教师数");
    j.cite(county, ti);
    j.cite(county, ci);
    let total = j.take(required_count(county, ti));
    let certified = j.take(required_count(county, ci));
    if let (Some(t), Some(c)) = (total, certified) {
        if t == 0 {
            j.unknown(format!("「县级指标」项目“{ti}”为0，无法计算持证上岗率"));
        } else {
            let ratio = c as f64 / t as f64;
            j.value(ratio);
            let share = threshold(IndicatorId::I2_12);
            j.check_with(
                reaches(cmp_int_fraction(i128::from(c), u128::from(t), share)),
                || {
                    Finding::default()
                        .with_figures(ratio, share.to_f64())
                        .counting(c, t)
                        .needing(to_reach(i128::from(c), t, share) as f64)
                },
                || "持证上岗率无法计算".to_string(),
            );
        }
    }
    j.finish()
}

/// 2.13 school by school: every 小学 100%, every 划片入学 初中 ≥ 95%, over the 城区 and
/// 镇区 public non-boarding schools that give their 就近入学比例.
fn rule_2_13_per_school(county: &County, j: &mut Judge) {
    let mut lowest: BTreeMap<Stage, f64> = BTreeMap::new();
    for (si, s) in county.schools.iter().enumerate() {
        let in_scope = is_compulsory_school(s)
            && !s.private
            && !s.boarding
            && matches!(s.locality, Locality::Urban | Locality::Town);
        let Some(v) = s.nearby_ratio.filter(|_| in_scope) else {
            continue;
        };
        for st in stages_of(s.kind) {
            let threshold = IndicatorId::I2_13
                .indicator()
                .standard(st)
                .unwrap_or(Rational::int(1));
            let low = lowest.entry(st).or_insert(v);
            *low = low.min(v);
            j.check_with(
                reaches(cmp_value(v, threshold)),
                || {
                    about(si, Some(st))
                        .with_figures(v, threshold.to_f64())
                        .needing(threshold.to_f64() - v)
                },
                || format!("{}就近入学比例数值无效", s.name),
            );
        }
    }
    for (st, v) in lowest {
        let key = match st {
            Stage::Primary => "primary",
            Stage::Junior => "junior",
        };
        j.figure(key, v);
    }
    j.figure("per_school", 1.0);
}

fn rule_2_13(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_13);
    if county.schools.iter().any(|s| s.nearby_ratio.is_some()) {
        rule_2_13_per_school(county, &mut j);
        return j.finish();
    }
    for (item, key, stage) in [
        ("小学就近划片入学比例", "primary", Stage::Primary),
        ("初中就近划片入学比例", "junior", Stage::Junior),
    ] {
        let threshold = IndicatorId::I2_13
            .indicator()
            .standard(stage)
            .unwrap_or(Rational::int(1));
        j.cite(county, item);
        // 不涉及: no figure for the stage, and met.
        if let Some(Some(v)) = j.take(number(county, item)) {
            j.figure(key, v);
            j.check_with(
                reaches(cmp_value(v, threshold)),
                || {
                    let mut f = Finding::default()
                        .with_figures(v, threshold.to_f64())
                        .needing(threshold.to_f64() - v);
                    f.stage = Some(stage);
                    f
                },
                || format!("「县级指标」项目“{item}”数值无效"),
            );
        }
    }
    j.finish()
}

fn rule_2_14(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_14);
    let item = "优质高中名额分配比例";
    j.cite(county, item);
    // Never 不涉及: without a recognised 优质高中 the best-scoring 普通高中 counts.
    for name in [item, "名额分配向农村初中倾斜"] {
        if county
            .county_items
            .get(name)
            .is_some_and(|i| i.value == crate::model::ItemValue::NotApplicable)
        {
            j.unknown(format!(
                "「县级指标」项目“{name}”不能填“不涉及”（无认定的优质高中时以录取分数最高的普通高中计）"
            ));
            return j.finish();
        }
    }
    if let Some(Some(v)) = j.take(number(county, item)) {
        j.value(v);
        let share = threshold(IndicatorId::I2_14);
        j.check_with(
            reaches(cmp_value(v, share)),
            || {
                Finding::default()
                    .with_figures(v, share.to_f64())
                    .keyed("share")
                    .needing(share.to_f64() - v)
            },
            || format!("「县级指标」项目“{item}”数值无效"),
        );
    }
    require_items(&mut j, county, IndicatorId::I2_14);
    j.finish()
}

fn rule_2_15(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_15);
    require_items(&mut j, county, IndicatorId::I2_15);
    let (ei, pi, bi) = (
        "符合条件随迁子女数",
        "随迁子女公办学校就读数",
        "随迁子女购买服务民办学校就读数",
    );
    for i in [ei, pi, bi] {
        j.cite(county, i);
    }
    let eligible = j.take(count(county, ei));
    // 不涉及 on the two enrolment items means none enrolled that way.
    let public = j.take(count(county, pi)).map(|v| v.unwrap_or(0));
    let bought = j.take(count(county, bi)).map(|v| v.unwrap_or(0));
    match eligible {
        // None eligible: no value, and met.
        Some(None) | Some(Some(0)) | None => {}
        Some(Some(e)) => {
            if let (Some(p), Some(b)) = (public, bought) {
                let n = p.saturating_add(b);
                let ratio = n as f64 / e as f64;
                j.value(ratio);
                let share = threshold(IndicatorId::I2_15);
                j.check_with(
                    reaches(cmp_int_fraction(i128::from(n), u128::from(e), share)),
                    || {
                        Finding::default()
                            .with_figures(ratio, share.to_f64())
                            .keyed("enrolment")
                            .counting(n, e)
                            .needing(to_reach(i128::from(n), e, share) as f64)
                    },
                    || "随迁子女就读比例无法计算".to_string(),
                );
            }
        }
    }
    j.finish()
}
