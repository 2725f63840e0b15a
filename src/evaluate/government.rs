//! 政府保障程度 (2.1–2.15), REFERENCE.md §2.
//!
//! 2.3–2.5 are judged school by school from the 学校 (and 班级) sheets; the others from
//! 县级指标 items. 特殊教育学校 are not "小学、初中" and take no part in 2.3–2.5;
//! 教学点 and 民办 schools do. `不涉及` counts as met. A missing item or value makes the
//! indicator `met: null` with a reason, never a silent zero.

use super::catalogue::{IndicatorId, Rational};
use super::exact::{cmp_int_fraction, cmp_real, cmp_value, reaches};
use super::judge::{
    Judge, count, num, num_below, number, pct, pct_below, required_count, to_reach, to_reach_adding,
};
use super::resources::{ExceptionBasis, stage_label, stages_of};
use super::{Finding, IndicatorResult};
use crate::model::{ClassRow, County, School, SchoolKind, Stage};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Music room minimum area, m².
pub(crate) const MUSIC_ROOM_AREA: f64 = 96.0;
/// Art room minimum area, m².
pub(crate) const ART_ROOM_AREA: f64 = 90.0;
/// Schools built (planned) in or before this year are judged on the number of rooms only.
pub(crate) const ROOM_AREA_EXEMPT_UNTIL: i32 = 2016;
/// Classes per music/art room.
pub(crate) const CLASSES_PER_ROOM: u32 = 12;
/// School size limits (2.4).
pub(crate) const SIZE_LIMIT: u32 = 2000;
pub(crate) const SIZE_LIMIT_THROUGH: u32 = 2500;
/// 超大班额: any class this large never passes (2.5).
pub(crate) const SUPER_LARGE_CLASS: u32 = 56;

/// Class-size limit (2.5): 45 primary, 50 junior.
pub(crate) fn class_limit(stage: Stage) -> u32 {
    match stage {
        Stage::Primary => 45,
        Stage::Junior => 50,
    }
}

/// Relaxed limit for the 2.5 exceptions: 50 primary, 55 junior.
pub(crate) fn class_limit_relaxed(stage: Stage) -> u32 {
    match stage {
        Stage::Primary => 50,
        Stage::Junior => 55,
    }
}

/// 2.4's limit for a school type (compulsory part).
pub(crate) fn size_limit(kind: SchoolKind) -> u32 {
    match kind {
        SchoolKind::NineYear | SchoolKind::TwelveYear => SIZE_LIMIT_THROUGH,
        _ => SIZE_LIMIT,
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
    j.require_flag(
        county,
        "规划布局合理",
        "县域义务教育学校规划布局不合理或不符合国家规定要求",
    );
    j.finish()
}

fn rule_2_2(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_2);
    for (item, what) in [
        ("建设标准统一", "城乡学校建设标准未统一"),
        ("教师编制标准统一", "城乡教师编制标准未统一"),
        ("生均公用经费基准定额统一", "城乡生均公用经费基准定额未统一"),
        ("基本装备配置标准统一", "城乡基本装备配置标准未统一"),
    ] {
        j.require_flag(county, item, what);
    }
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

fn rule_2_3(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_3);
    let by_school = class_rows_by_school(county);
    let mut schools_ok = 0usize;
    let mut schools_total = 0usize;
    for (si, s) in county
        .schools
        .iter()
        .enumerate()
        .filter(|(_, s)| is_compulsory_school(s))
    {
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
        let before = |j: &mut Judge| {
            j.exception_with(
                Finding::at(
                    si,
                    None,
                    format!(
                        "{}为{}年及以前规划建设的学校，音乐、美术专用教室按数量认定（{}）",
                        s.name,
                        ROOM_AREA_EXEMPT_UNTIL,
                        ExceptionBasis::BuiltBefore2017.label()
                    ),
                )
                .with_basis(ExceptionBasis::BuiltBefore2017),
            )
        };
        let exempt = s.built_year.is_some_and(|y| y <= ROOM_AREA_EXEMPT_UNTIL);
        let mut ok = true;
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
                    ok = false;
                    j.fail_with(
                        Finding::at(
                            si,
                            None,
                            format!(
                                "{}有{classes}个班，应配{label}专用教室{required}间，实有{r}间",
                                s.name
                            ),
                        )
                        .with_figures(f64::from(r), f64::from(required))
                        .keyed(keys.0)
                        .needing(f64::from(required - r)),
                    );
                    continue;
                }
                Some(0) => continue,
                Some(_) => {}
            }
            let area_ok = min_area.map(|a| cmp_real(a, need_area) != Some(Ordering::Less));
            match (area_ok, exempt, s.built_year) {
                (Some(true), _, _) => {}
                (_, true, _) => before(&mut j),
                (Some(false), false, Some(y)) => {
                    ok = false;
                    j.fail_with(
                        Finding::at(
                            si,
                            None,
                            format!(
                                "{}（{y}年建设）{label}专用教室最小面积{}平方米，小于{}平方米",
                                s.name,
                                num(min_area.unwrap_or(0.0), 2),
                                num(need_area, 0)
                            ),
                        )
                        .with_figures(min_area.unwrap_or(0.0), need_area)
                        .keyed(keys.1),
                    );
                }
                (Some(false), false, None) => {
                    ok = false;
                    j.unknown(format!(
                        "{}{label}专用教室最小面积{}平方米，小于{}平方米，但缺少建设年份，无法判断是否属于{}年及以前规划建设的学校",
                        s.name,
                        num(min_area.unwrap_or(0.0), 2),
                        num(need_area, 0),
                        ROOM_AREA_EXEMPT_UNTIL
                    ));
                }
                (None, false, _) => {
                    ok = false;
                    j.unknown(format!("{}缺少{label}专用教室最小面积", s.name));
                }
            }
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
    j.summary(format!(
        "{schools_total}所学校音乐、美术专用教室配备均达到要求"
    ));
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
            if s.size_approved == Some(true) {
                j.exception_with(
                    Finding::at(
                        si,
                        None,
                        format!(
                            "{}义务教育阶段在校生{size}人，超过{limit}人，但未超过县级以上人民政府批复规模",
                            s.name
                        ),
                    )
                    .with_figures(f64::from(size), f64::from(limit))
                    .with_basis(ExceptionBasis::SizeApproved),
                );
            } else {
                j.fail_with(
                    Finding::at(
                        si,
                        None,
                        format!(
                            "{}（{}）义务教育阶段在校生{size}人，超过{limit}人",
                            s.name,
                            s.kind.label()
                        ),
                    )
                    .with_figures(f64::from(size), f64::from(limit))
                    .needing(f64::from(size - limit)),
                );
            }
        }
    }
    if let Some(l) = largest {
        j.value(f64::from(l));
        j.summary(format!("最大学校规模{l}人"));
    } else {
        j.unknown("「学校」工作表没有小学、初中学校");
    }
    j.figure("schools_over_limit", over as f64);
    j.finish()
}

fn mentions_expansion(note: Option<&str>) -> bool {
    note.is_some_and(|n| n.contains("扩容"))
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
    let mut super_large = 0usize;
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
            let label = stage_label(&s.name, s.kind, st);
            let stage_rows: Vec<&ClassRow> =
                rows.iter().copied().filter(|r| r.stage == st).collect();
            // The classes of 56 or more: with the school's name for the JSON line, and
            // without it as the finding's items.
            let mut huge: Vec<String> = Vec::new();
            let mut huge_items: Vec<String> = Vec::new();
            let (max, start_max, other_max) = if !stage_rows.is_empty() {
                let is_start = |r: &ClassRow| match st {
                    Stage::Primary => r.grade == 1,
                    Stage::Junior => r.grade == 7 || r.grade == 1,
                };
                for r in &stage_rows {
                    if r.students > limit {
                        oversized += 1;
                    }
                    if r.students >= SUPER_LARGE_CLASS {
                        huge.push(class_desc(&s.name, r));
                        huge_items.push(class_desc("", r));
                    }
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
                        if m >= SUPER_LARGE_CLASS {
                            huge.push(format!("{label}最大班额{m}人"));
                            let unnamed = label.strip_prefix(s.name.as_str()).unwrap_or(&label);
                            huge_items.push(format!("{unnamed}最大班额{m}人"));
                        }
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
            if !huge.is_empty() {
                super_large += huge.len();
                j.fail_with(
                    Finding::at(
                        si,
                        Some(st),
                        format!(
                            "{label}存在{SUPER_LARGE_CLASS}人以上超大班额：{}",
                            huge.join("、")
                        ),
                    )
                    .with_figures(f64::from(max), f64::from(limit))
                    .keyed("super_large")
                    .listing(huge_items)
                    .needing(f64::from(max - limit)),
                );
                continue;
            }
            if max <= relaxed && mentions_expansion(s.special_note.as_deref()) {
                j.exception_with(
                    Finding::at(
                        si,
                        Some(st),
                        format!(
                            "{label}最大班额{max}人，属挖潜扩容的优质学校，不超过{relaxed}人（{}）",
                            ExceptionBasis::CapacityExpansion.label()
                        ),
                    )
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
                    Finding::at(
                        si,
                        Some(st),
                        format!(
                            "{label}起始年级班额不超过{limit}人，其他年级最大班额{om}人，不超过{relaxed}人（{}）",
                            ExceptionBasis::StartingGrade.label()
                        ),
                    )
                    .with_figures(f64::from(om), f64::from(relaxed))
                    .with_basis(ExceptionBasis::StartingGrade),
                );
                continue;
            }
            j.fail_with(
                Finding::at(
                    si,
                    Some(st),
                    format!("{label}最大班额{max}人，超过{limit}人"),
                )
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
            if r.students > limit {
                oversized += 1;
                if r.students >= SUPER_LARGE_CLASS {
                    super_large += 1;
                }
                j.fail(format!(
                    "{}，超过{limit}人（该校不在「学校」工作表中）",
                    class_desc(&r.school, r)
                ));
            }
        }
    }
    if let Some(l) = largest {
        j.value(f64::from(l));
        j.summary(format!("最大班额{l}人"));
    } else if county.schools.iter().all(|s| !is_compulsory_school(s)) {
        j.unknown("「学校」工作表没有小学、初中学校");
    }
    j.figure("oversized_classes", oversized as f64);
    j.figure("super_large_classes", super_large as f64);
    j.finish()
}

fn rule_2_6(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_6);
    j.require_flag(
        county,
        "小规模学校按100人核定公用经费",
        "不足100名学生的村小学和教学点未按100名学生核定公用经费",
    );
    j.finish()
}

fn rule_2_7(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_7);
    let item = "特殊教育学校生均公用经费";
    j.cite(county, item);
    let threshold = Rational::int(6000);
    match j.take(number(county, item)) {
        Some(Some(v)) => {
            j.value(v);
            j.check_with(
                reaches(cmp_value(v, threshold)),
                || {
                    Finding::line(format!(
                        "特殊教育学校生均公用经费{}元，低于6000元",
                        num_below(v, 6000.0, 2)
                    ))
                    .with_figures(v, threshold.to_f64())
                    .needing(threshold.to_f64() - v)
                },
                || format!("「县级指标」项目“{item}”数值无效"),
            );
            j.summary(format!("特殊教育学校生均公用经费{}元", num(v, 2)));
        }
        Some(None) => j.summary("不涉及"),
        None => {}
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
                    Finding::line(format!(
                        "教师平均工资收入{}元，低于当地公务员平均工资收入{}元",
                        num(t, 2),
                        num(c, 2)
                    ))
                    .with_figures(t, c)
                    .keyed("pay")
                    .needing(c - t)
                },
                || "工资收入数值无效".to_string(),
            );
            j.summary(format!(
                "教师平均工资收入{}元，当地公务员平均工资收入{}元",
                num(t, 2),
                num(c, 2)
            ));
        }
        (Some(None), _) | (_, Some(None)) => {
            j.unknown("教师与公务员平均工资收入不能填“不涉及”");
        }
        _ => {}
    }
    j.require_flag(
        county,
        "绩效工资足额核定",
        "未按规定足额核定教师绩效工资总量",
    );
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
            j.check_with(
                reaches(cmp_int_fraction(
                    i128::from(d),
                    u128::from(r),
                    Rational::int(1),
                )),
                || {
                    Finding::line(format!(
                        "5年360学时培训完成率{}（已完成{d}人，应完成{r}人），未达到100%",
                        pct_below(ratio, 1.0)
                    ))
                    .with_figures(ratio, 1.0)
                    .needing(to_reach(i128::from(d), r, Rational::int(1)) as f64)
                },
                || "培训完成率无法计算".to_string(),
            );
            j.summary(format!("5年360学时培训完成率{}", pct(ratio)));
        }
    }
    j.finish()
}

fn rule_2_10(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_10);
    j.require_flag(
        county,
        "编制岗位统筹分配",
        "县级教育行政部门未在核定的编制总额和岗位总量内统筹分配各校编制和岗位",
    );
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
            let share = Rational::new(10, 100);
            j.check_with(
                reaches(cmp_int_fraction(i128::from(r), u128::from(e), share)),
                || {
                    Finding::line(format!(
                        "交流轮岗教师比例{}（{r}/{e}），低于10%",
                        pct_below(ratio, 0.10)
                    ))
                    .with_figures(ratio, share.to_f64())
                    .keyed("rotation")
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
                let share = Rational::new(20, 100);
                j.check_with(
                    reaches(cmp_int_fraction(i128::from(b), u128::from(r), share)),
                    || {
                        Finding::line(format!(
                            "交流轮岗教师中骨干教师比例{}（{b}/{r}），低于20%",
                            pct_below(br, 0.20)
                        ))
                        .with_figures(br, share.to_f64())
                        .keyed("backbone")
                        .needing(to_reach_adding(b, r, share) as f64)
                    },
                    || "骨干教师比例无法计算".to_string(),
                );
                if e > 0 {
                    j.summary(format!(
                        "交流轮岗教师比例{}，其中骨干教师比例{}",
                        pct(r as f64 / e as f64),
                        pct(br)
                    ));
                }
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
            j.check_with(
                reaches(cmp_int_fraction(
                    i128::from(c),
                    u128::from(t),
                    Rational::int(1),
                )),
                || {
                    Finding::line(format!(
                        "专任教师持证上岗率{}（{c}/{t}），未达到100%",
                        pct_below(ratio, 1.0)
                    ))
                    .with_figures(ratio, 1.0)
                    .needing(to_reach(i128::from(c), t, Rational::int(1)) as f64)
                },
                || "持证上岗率无法计算".to_string(),
            );
            j.summary(format!("专任教师持证上岗率{}", pct(ratio)));
        }
    }
    j.finish()
}

fn rule_2_13(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_13);
    let mut texts = Vec::new();
    for (item, key, threshold, label, stage) in [
        (
            "小学就近划片入学比例",
            "primary",
            Rational::int(1),
            "小学",
            Stage::Primary,
        ),
        (
            "初中就近划片入学比例",
            "junior",
            Rational::new(95, 100),
            "初中",
            Stage::Junior,
        ),
    ] {
        j.cite(county, item);
        match j.take(number(county, item)) {
            Some(Some(v)) => {
                j.figure(key, v);
                texts.push(format!("{label}{}", pct(v)));
                j.check_with(
                    reaches(cmp_value(v, threshold)),
                    || {
                        let mut f = Finding::line(format!(
                            "{label}就近划片入学比例{}，未达到{}",
                            pct(v),
                            pct(threshold.to_f64())
                        ))
                        .with_figures(v, threshold.to_f64())
                        .needing(threshold.to_f64() - v);
                        f.stage = Some(stage);
                        f
                    },
                    || format!("「县级指标」项目“{item}”数值无效"),
                );
            }
            Some(None) => texts.push(format!("{label}不涉及")),
            None => {}
        }
    }
    j.summary(format!("就近划片入学比例：{}", texts.join("，")));
    j.finish()
}

fn rule_2_14(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_14);
    let item = "优质高中名额分配比例";
    j.cite(county, item);
    match j.take(number(county, item)) {
        Some(Some(v)) => {
            j.value(v);
            j.check_with(
                reaches(cmp_value(v, Rational::new(50, 100))),
                || {
                    Finding::line(format!(
                        "优质高中招生名额分配比例{}，低于50%",
                        pct_below(v, 0.50)
                    ))
                    .with_figures(v, 0.50)
                    .keyed("share")
                    .needing(0.50 - v)
                },
                || format!("「县级指标」项目“{item}”数值无效"),
            );
            j.summary(format!("优质高中招生名额分配比例{}", pct(v)));
        }
        Some(None) => j.summary("不涉及"),
        None => {}
    }
    j.require_flag(
        county,
        "名额分配向农村初中倾斜",
        "优质高中招生名额分配未向农村初中倾斜",
    );
    j.finish()
}

fn rule_2_15(county: &County) -> IndicatorResult {
    let mut j = Judge::new(IndicatorId::I2_15);
    j.require_flag(county, "留守儿童关爱体系健全", "留守儿童关爱体系不健全");
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
        Some(None) | Some(Some(0)) => j.summary("县域内无符合条件的随迁子女"),
        Some(Some(e)) => {
            if let (Some(p), Some(b)) = (public, bought) {
                let n = p.saturating_add(b);
                let ratio = n as f64 / e as f64;
                j.value(ratio);
                let share = Rational::new(85, 100);
                j.check_with(
                    reaches(cmp_int_fraction(i128::from(n), u128::from(e), share)),
                    || {
                        Finding::line(format!(
                            "随迁子女在公办学校和政府购买服务的民办学校就读比例{}，低于85%",
                            pct(ratio)
                        ))
                        .with_figures(ratio, share.to_f64())
                        .keyed("enrolment")
                        .needing(to_reach(i128::from(n), e, share) as f64)
                    },
                    || "随迁子女就读比例无法计算".to_string(),
                );
                j.summary(format!(
                    "随迁子女在公办学校和政府购买服务的民办学校就读比例{}",
                    pct(ratio)
                ));
            }
        }
        None => {}
    }
    j.finish()
}
