//! Data problems the evaluation finds, located for `junheng check`.
//!
//! The workbook reader reports parse errors (bad numbers, unknown headers, duplicate
//! school names, 班级 rows that disagree with 学校); this module reports what only the
//! evaluation notices: inputs an indicator needs that are blank, stages with teachers
//! or classes but no students, a multi-stage school whose resources cannot be split,
//! impossible survey figures, invalid monitoring levels. Errors make an indicator
//! impossible to compute; warnings leave it `met: null` or are plausibility checks.

use super::judge::SHEET_ITEMS;
use super::quality::SHEET_QUALITY;
use super::resources::{exclusion, part_stages, stages_of};
use super::verdict::SHEET_RECOGNITION;
use crate::model::{COUNTY_ITEMS, County, ItemKind, ItemValue, School, SchoolKind, Stage};
use crate::problem::Problem;
use std::collections::HashSet;

const SHEET_SCHOOLS: &str = crate::workbook::schema::SCHOOLS.name;
const SHEET_INFO: &str = crate::workbook::schema::BASIC_INFO.name;

fn at(p: Problem, school: &School, column: &str) -> Problem {
    p.at_row(school.row).at_column(column)
}

fn stage_col(stage: Stage, name: &str) -> String {
    format!("{}{name}", stage.label())
}

/// Located problems found while evaluating. Never panics.
pub fn validate(county: &County) -> Vec<Problem> {
    let mut out = Vec::new();
    let w = county.info.split_weights;
    if ![w.primary, w.junior, w.senior]
        .iter()
        .all(|x| x.is_finite() && *x > 0.0)
    {
        out.push(at_item(
            county,
            Problem::error(SHEET_INFO, "一贯制拆分权重应为三个正数（小学:初中:高中）"),
            "一贯制拆分权重",
        ));
    }
    // Schools that list classes on the 班级 sheet, collected once (a per-school scan of
    // every class row was quadratic in large counties).
    let with_class_rows: HashSet<&str> = county
        .classes
        .iter()
        .flatten()
        .map(|r| r.school.as_str())
        .collect();
    for s in &county.schools {
        schools(
            county,
            s,
            with_class_rows.contains(s.name.as_str()),
            &mut out,
        );
    }
    items(county, &mut out);
    quality(county, &mut out);
    recognition(county, &mut out);
    info(county, &mut out);
    out
}

fn schools(county: &County, s: &School, has_class_rows: bool, out: &mut Vec<Problem>) {
    let name = &s.name;
    let stages = stages_of(s.kind);
    // Enrolment of every stage the type has.
    for &st in &stages {
        match s.students.get(st) {
            None => out.push(at(
                Problem::error(
                    SHEET_SCHOOLS,
                    format!("{name}（{}）缺少{}在校生数", s.kind.label(), st.label()),
                ),
                s,
                &stage_col(st, "在校生数"),
            )),
            Some(0) => {
                if part_stages(s).iter().any(|(p, _)| *p == st) {
                    out.push(at(
                        Problem::error(
                            SHEET_SCHOOLS,
                            format!(
                                "{name}{}在校生数为0，但填有{}教师或班级数据，无法计算生均和每百名学生指标",
                                st.label(),
                                st.label()
                            ),
                        ),
                        s,
                        &stage_col(st, "在校生数"),
                    ));
                }
            }
            Some(_) => {}
        }
    }
    if s.kind.has_senior() && s.students.senior.is_none() {
        out.push(at(
            Problem::error(
                SHEET_SCHOOLS,
                format!(
                    "{name}（{}）缺少高中在校生数，无法拆分校舍、场馆、设备和教室（没有高中学生请填0）",
                    s.kind.label()
                ),
            ),
            s,
            "高中在校生数",
        ));
    }
    if s.kind == SchoolKind::SpecialEducation {
        return;
    }
    // Whole-school resources but no compulsory-stage students at all (a multi-stage
    // school with every enrolment 0 gets no part, so nothing else would notice).
    let no_students = stages.iter().all(|&st| s.students.get(st) == Some(0));
    let has_resources = [s.teaching_area, s.sports_area, s.equipment_value]
        .iter()
        .any(|v| v.is_some_and(|x| x > 0.0))
        || s.multimedia_rooms.is_some_and(|r| r > 0);
    if stages.len() > 1 && no_students && has_resources {
        out.push(at(
            Problem::error(
                SHEET_SCHOOLS,
                format!("{name}义务教育阶段在校生数均为0，但填有校舍、场馆、设备或教室数据"),
            ),
            s,
            &stage_col(
                stages.first().copied().unwrap_or(Stage::Primary),
                "在校生数",
            ),
        ));
    }
    // Inputs of 1.1–1.7 for schools in scope.
    if exclusion(s, county.info.include_private_schools).is_none() {
        for (st, n) in part_stages(s) {
            if n.unwrap_or(0) == 0 {
                continue;
            }
            for (field, v) in [
                ("高于规定学历教师数", s.teachers_above_degree.get(st)),
                ("县级以上骨干教师数", s.backbone_teachers.get(st)),
                ("体育艺术专任教师数", s.pe_art_teachers.get(st)),
            ] {
                if v.is_none() {
                    out.push(at(
                        Problem::warning(SHEET_SCHOOLS, format!("{name}缺少{}{field}", st.label())),
                        s,
                        &stage_col(st, field),
                    ));
                }
            }
            if let Some(ft) = s.full_time_teachers.get(st) {
                for (field, v) in [
                    ("高于规定学历教师数", s.teachers_above_degree.get(st)),
                    ("县级以上骨干教师数", s.backbone_teachers.get(st)),
                    ("体育艺术专任教师数", s.pe_art_teachers.get(st)),
                ] {
                    if let Some(v) = v
                        && v > ft
                    {
                        out.push(at(
                            Problem::warning(
                                SHEET_SCHOOLS,
                                format!(
                                    "{name}{}{field}（{v}）大于专任教师数（{ft}），请核实",
                                    st.label()
                                ),
                            ),
                            s,
                            &stage_col(st, field),
                        ));
                    }
                }
            }
        }
        for (field, v) in [
            ("教学及辅助用房面积", s.teaching_area),
            ("体育运动场馆面积", s.sports_area),
            ("教学仪器设备值", s.equipment_value),
            ("网络多媒体教室数", s.multimedia_rooms.map(f64::from)),
        ] {
            match v {
                None => out.push(at(
                    Problem::warning(SHEET_SCHOOLS, format!("{name}缺少{field}")),
                    s,
                    field,
                )),
                Some(x) if !(x.is_finite() && x >= 0.0) => out.push(at(
                    Problem::error(SHEET_SCHOOLS, format!("{name}{field}应为非负数")),
                    s,
                    field,
                )),
                Some(_) => {}
            }
        }
    }
    // 2.3, 2.5 inputs.
    for &st in &stages {
        if s.students.get(st).unwrap_or(0) == 0 {
            continue;
        }
        if s.classes.get(st).is_none() && !has_class_rows {
            out.push(at(
                Problem::warning(SHEET_SCHOOLS, format!("{name}缺少{}班级数", st.label())),
                s,
                &stage_col(st, "班级数"),
            ));
        }
        if s.max_class_size.get(st).is_none() && !has_class_rows {
            out.push(at(
                Problem::warning(
                    SHEET_SCHOOLS,
                    format!("{name}缺少{}最大班额（也可填写「班级」工作表）", st.label()),
                ),
                s,
                &stage_col(st, "最大班额"),
            ));
        }
    }
    for (field, v) in [
        ("音乐专用教室数", s.music_rooms),
        ("美术专用教室数", s.art_rooms),
    ] {
        if v.is_none() {
            out.push(at(
                Problem::warning(SHEET_SCHOOLS, format!("{name}缺少{field}")),
                s,
                field,
            ));
        }
    }
    // 3.4 inputs (a 教学点 without its own budget is fine).
    let both_blank = s.public_funds_budget.is_none() && s.training_budget.is_none();
    if !(both_blank && s.kind == SchoolKind::TeachingPoint) {
        for (field, v) in [
            ("公用经费预算总额", s.public_funds_budget),
            ("教师培训经费", s.training_budget),
        ] {
            if v.is_none() {
                out.push(at(
                    Problem::warning(SHEET_SCHOOLS, format!("{name}缺少{field}")),
                    s,
                    field,
                ));
            }
        }
        if s.public_funds_budget == Some(0.0) {
            out.push(at(
                Problem::error(
                    SHEET_SCHOOLS,
                    format!("{name}公用经费预算总额为0，无法计算教师培训经费比例"),
                ),
                s,
                "公用经费预算总额",
            ));
        }
    }
}

fn items(county: &County, out: &mut Vec<Problem>) {
    for (name, kind) in COUNTY_ITEMS {
        match county.county_items.get(*name) {
            None => out.push(
                Problem::warning(SHEET_ITEMS, format!("缺少项目“{name}”，相关指标无法判定"))
                    .at_column("项目"),
            ),
            Some(item) => {
                let ok = match (kind, item.value) {
                    (_, ItemValue::NotApplicable) => true,
                    (ItemKind::YesNo, ItemValue::Yes | ItemValue::No) => true,
                    (ItemKind::YesNo, ItemValue::Number(_)) => false,
                    (_, ItemValue::Number(x)) => x.is_finite() && x >= 0.0,
                    (_, ItemValue::Yes | ItemValue::No) => false,
                };
                if !ok {
                    let expect = match kind {
                        ItemKind::YesNo => "是/否/不涉及",
                        _ => "非负数值或“不涉及”",
                    };
                    out.push(
                        Problem::error(SHEET_ITEMS, format!("项目“{name}”应填{expect}"))
                            .at_row(item.row)
                            .at_column("数值"),
                    );
                }
            }
        }
    }
    let num = |name: &str| match county.county_items.get(name).map(|i| i.value) {
        Some(ItemValue::Number(x)) => Some(x),
        _ => None,
    };
    let row = |name: &str| county.county_items.get(name).map(|i| i.row);
    for (part, whole) in [
        ("五年360学时已完成教师数", "五年360学时应完成教师数"),
        ("交流轮岗教师数", "符合交流条件教师数"),
        ("交流轮岗骨干教师数", "交流轮岗教师数"),
        ("持证专任教师数", "专任教师数"),
        ("残疾儿童少年入学数", "适龄残疾儿童少年数"),
    ] {
        if let (Some(p), Some(w)) = (num(part), num(whole))
            && p > w
        {
            let mut pr = Problem::warning(
                SHEET_ITEMS,
                format!("“{part}”（{p}）大于“{whole}”（{w}），请核实"),
            )
            .at_column("数值");
            if let Some(r) = row(part) {
                pr = pr.at_row(r);
            }
            out.push(pr);
        }
    }
    for (name, _) in [
        ("小学就近划片入学比例", ()),
        ("初中就近划片入学比例", ()),
        ("优质高中名额分配比例", ()),
    ] {
        if let Some(x) = num(name)
            && x > 1.0 + 1e-9
        {
            let mut pr = Problem::error(SHEET_ITEMS, format!("“{name}”超过100%")).at_column("数值");
            if let Some(r) = row(name) {
                pr = pr.at_row(r);
            }
            out.push(pr);
        }
    }
}

fn quality(county: &County, out: &mut Vec<Problem>) {
    if county.quality.is_empty() {
        out.push(Problem::warning(
            SHEET_QUALITY,
            "缺少「质量监测」数据，指标3.9无法判定",
        ));
    }
    for q in &county.quality {
        match q.level {
            Some(1..=4) => {}
            Some(l) => out.push(
                Problem::error(
                    SHEET_QUALITY,
                    format!("学业水平等级“{l}”无效，应为1–4（Ⅰ–Ⅳ）"),
                )
                .at_row(q.row)
                .at_column("学业水平等级"),
            ),
            None => out.push(
                Problem::warning(SHEET_QUALITY, format!("{}缺少学业水平等级", q.subject))
                    .at_row(q.row)
                    .at_column("学业水平等级"),
            ),
        }
        match q.difference_rate {
            Some(r) if !(r.is_finite() && r >= 0.0) => out.push(
                Problem::error(SHEET_QUALITY, "校际差异率应为非负数")
                    .at_row(q.row)
                    .at_column("校际差异率"),
            ),
            None => out.push(
                Problem::warning(SHEET_QUALITY, format!("{}缺少校际差异率", q.subject))
                    .at_row(q.row)
                    .at_column("校际差异率"),
            ),
            _ => {}
        }
    }
}

fn recognition(county: &County, out: &mut Vec<Problem>) {
    if county.recognition.is_empty() {
        out.push(Problem::warning(
            SHEET_RECOGNITION,
            "缺少「社会认可度」数据，指标4.1无法判定",
        ));
        return;
    }
    let weighted = county
        .recognition
        .iter()
        .filter(|g| g.weight.is_some())
        .count();
    if weighted > 0 && weighted < county.recognition.len() {
        out.push(
            Problem::error(
                SHEET_RECOGNITION,
                "权重应全部填写（加权计算）或全部留空（按问卷数合计计算）",
            )
            .at_column("权重"),
        );
    }
    for g in &county.recognition {
        if g.approving > g.valid {
            out.push(
                Problem::error(
                    SHEET_RECOGNITION,
                    format!(
                        "{}认可问卷数（{}）大于有效问卷数（{}）",
                        g.group, g.approving, g.valid
                    ),
                )
                .at_row(g.row)
                .at_column("认可问卷数"),
            );
        }
        if g.valid == 0 {
            out.push(
                Problem::warning(SHEET_RECOGNITION, format!("{}有效问卷数为0", g.group))
                    .at_row(g.row)
                    .at_column("有效问卷数"),
            );
        }
        if let Some(w) = g.weight
            && !(w.is_finite() && w >= 0.0)
        {
            out.push(
                Problem::error(SHEET_RECOGNITION, "权重应为非负数")
                    .at_row(g.row)
                    .at_column("权重"),
            );
        }
    }
}

/// A 基本信息 problem about one item: its 内容 cell, on the item's row when the sheet
/// lists it (a missing item has no row).
fn at_item(county: &County, problem: Problem, item: &str) -> Problem {
    let problem = problem.at_column(format!("内容（{item}）"));
    match county.info.item_rows.get(item) {
        Some(&row) => problem.at_row(row),
        None => problem,
    }
}

fn info(county: &County, out: &mut Vec<Problem>) {
    let i = &county.info;
    if i.statistics_year.is_none() {
        out.push(at_item(
            county,
            Problem::warning(SHEET_INFO, "缺少“统计年度”，无法判断基本均衡认定是否满3年"),
            "统计年度",
        ));
    }
    if i.basic_balance_year.is_none() {
        out.push(at_item(
            county,
            Problem::warning(SHEET_INFO, "缺少“基本均衡认定年份”，无法判断是否满3年"),
            "基本均衡认定年份",
        ));
    }
    if let (Some(b), Some(s)) = (i.basic_balance_year, i.statistics_year)
        && b > s
    {
        out.push(at_item(
            county,
            Problem::warning(
                SHEET_INFO,
                format!("基本均衡认定年份（{b}）晚于统计年度（{s}），请核实"),
            ),
            "基本均衡认定年份",
        ));
    }
}
