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
        exception_inputs(s, &mut out);
    }
    items(county, &mut out);
    not_applicable(county, &mut out);
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
    if exclusion(s, &county.info).is_none() {
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

/// The 特殊情形 columns: a 城区 exception marked for a school outside the 城区 cannot
/// apply (a warning: the verdict ignores it), and a campus larger than its school is an
/// error.
fn exception_inputs(s: &School, out: &mut Vec<Problem>) {
    use crate::workbook::schema::school as col;
    if !s.in_city() {
        for (marked, column) in [
            (s.area_plan, col::AREA_PLAN),
            (s.size_plan, col::SIZE_PLAN),
            (s.music_art_taught, col::MUSIC_ART_TAUGHT),
        ] {
            if marked == Some(true) {
                out.push(at(
                    Problem::warning(
                        SHEET_SCHOOLS,
                        format!(
                            "{}（{}）的“{}”为“是”，但该校不在城区或中心城区，此特殊情形不适用",
                            s.name,
                            s.locality.label(),
                            column.name()
                        ),
                    ),
                    s,
                    column.name(),
                ));
            }
        }
    }
    if let Some(r) = s.nearby_ratio
        && !(r.is_finite() && (0.0..=1.0 + 1e-9).contains(&r))
    {
        out.push(at(
            Problem::error(
                SHEET_SCHOOLS,
                format!("{}的就近入学比例应在0～100%之间", s.name),
            ),
            s,
            col::NEARBY_RATIO.name(),
        ));
    }
    if let Some(campus) = s.largest_campus_students {
        let size: u32 = stages_of(s.kind)
            .iter()
            .map(|&st| s.students.get(st).unwrap_or(0))
            .sum();
        if campus > size {
            out.push(at(
                Problem::error(
                    SHEET_SCHOOLS,
                    format!(
                        "{}的最大校区在校生数（{campus}）大于全校义务教育阶段在校生数（{size}）",
                        s.name
                    ),
                ),
                s,
                col::LARGEST_CAMPUS_STUDENTS.name(),
            ));
        }
    }
}

/// 不涉及 only where it can be true: 2.7's funding covers the special school and the
/// disabled pupils in ordinary schools and taught at home; 2.14 always applies (without a
/// recognised 优质高中 the best-scoring 普通高中 counts); 2.6 can apply only without small
/// schools.
fn not_applicable(county: &County, out: &mut Vec<Problem>) {
    let is_na = |name: &str| {
        county
            .county_items
            .get(name)
            .filter(|i| i.value == ItemValue::NotApplicable)
            .map(|i| i.row)
    };
    let located = |p: Problem, row: u32| p.at_row(row).at_column("数值");
    let positive = |name: &str| match county.county_items.get(name).map(|i| i.value) {
        Some(ItemValue::Number(x)) if x > 0.0 => Some(x),
        _ => None,
    };
    let funding = "特殊教育学校生均公用经费";
    if let Some(row) = is_na(funding) {
        let special = county
            .schools
            .iter()
            .find(|s| s.kind == SchoolKind::SpecialEducation);
        let pupils = positive("残疾儿童少年入学数").or(positive("适龄残疾儿童少年数"));
        let why = match (special, pupils) {
            (Some(s), _) => Some(format!("「学校」工作表有特殊教育学校“{}”", s.name)),
            (None, Some(n)) => Some(format!(
                "本县（区）有残疾儿童少年{n}人（随班就读、送教上门的学生同样按此标准拨付公用经费）"
            )),
            (None, None) => None,
        };
        if let Some(why) = why {
            out.push(located(
                Problem::error(
                    SHEET_ITEMS,
                    format!("项目“{funding}”填为“不涉及”，但{why}，应填生均公用经费（元）"),
                ),
                row,
            ));
        }
    }
    for name in ["优质高中名额分配比例", "名额分配向农村初中倾斜"] {
        if let Some(row) = is_na(name) {
            out.push(located(
                Problem::error(
                    SHEET_ITEMS,
                    format!(
                        "项目“{name}”不能填“不涉及”：没有省、市级认定的优质高中时，以当地招生录取分数最高的普通高中作为优质高中"
                    ),
                ),
                row,
            ));
        }
    }
    let small = "小规模学校按100人核定公用经费";
    if let Some(row) = is_na(small) {
        let funded_as = crate::catalogue::rules::SMALL_SCHOOL_FUNDED_AS;
        let found = county.schools.iter().find(|s| {
            s.kind == SchoolKind::TeachingPoint
                || (s.kind != SchoolKind::SpecialEducation
                    && stages_of(s.kind)
                        .iter()
                        .map(|&st| s.students.get(st).unwrap_or(0))
                        .sum::<u32>()
                        < funded_as)
        });
        if let Some(s) = found {
            out.push(located(
                Problem::warning(
                    SHEET_ITEMS,
                    format!(
                        "项目“{small}”填为“不涉及”，但「学校」工作表有{}“{}”（第{}行），请核实",
                        if s.kind == SchoolKind::TeachingPoint {
                            "教学点".to_string()
                        } else {
                            format!("不足{funded_as}名学生的学校")
                        },
                        s.name,
                        s.row
                    ),
                ),
                row,
            ));
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
    survey_design(county, out);
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

/// 4.1's survey as the national one is drawn: every group of the 办法 asked, and (when
/// 基本信息 gives 常住人口) a sample not far below 1.5‰ of the resident population.
/// Warnings: the ratio is still computed from what was asked.
fn survey_design(county: &County, out: &mut Vec<Problem>) {
    use crate::catalogue::rules::{SURVEY_GROUPS, SURVEY_SHARE, SURVEY_SHORT_SHARE};
    let groups: Vec<&str> = county.recognition.iter().map(|g| g.group.trim()).collect();
    let missing: Vec<&str> = SURVEY_GROUPS
        .iter()
        .filter(|(_, names)| !groups.iter().any(|g| names.iter().any(|n| g.contains(n))))
        .map(|(label, _)| *label)
        .collect();
    if !missing.is_empty() {
        out.push(
            Problem::warning(
                SHEET_RECOGNITION,
                format!(
                    "调查对象缺少{}：社会认可度调查应包括学生、家长、教师、校长、人大代表、政协委员和其他群众",
                    missing.join("、")
                ),
            )
            .at_column("调查对象"),
        );
    }
    if let Some(population) = county.info.resident_population.filter(|&p| p > 0) {
        let total: u64 = county.recognition.iter().map(|g| u64::from(g.valid)).sum();
        let expected = population.saturating_mul(SURVEY_SHARE.num) / SURVEY_SHARE.den.max(1);
        // "Far below": under this share of the national sample size.
        if total.saturating_mul(SURVEY_SHORT_SHARE.den)
            < expected.saturating_mul(SURVEY_SHORT_SHARE.num)
        {
            let per_mille = crate::documents::format::standard(SURVEY_SHARE.to_f64() * 1000.0);
            out.push(at_item(
                county,
                Problem::warning(
                    SHEET_RECOGNITION,
                    format!(
                        "有效问卷合计{total}份，远少于常住人口{population}人的{per_mille}‰（约{expected}份），调查样本不足"
                    ),
                ),
                "常住人口",
            ));
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
