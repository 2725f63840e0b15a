//! Plausibility: figures that parse and evaluate but contradict each other or the
//! calendar, so that a reviewer would stop at them. Every finding is a warning (the
//! documents are still built) located at one cell, and its message names the cell on
//! the other side, so the clerk can compare both.

use super::judge::SHEET_ITEMS;
use crate::model::{AdminLevel, County, Date, ItemValue, SchoolKind, Stage};
use crate::problem::Problem;

const SHEET_SCHOOLS: &str = crate::workbook::schema::SCHOOLS.name;
const SHEET_INFO: &str = crate::workbook::schema::BASIC_INFO.name;

/// Pupils per class above which a school's 在校生数 or 班级数 is surely mistyped
/// (the national 大班额 limits are 45 and 50, 超大班额 starts at 66).
pub(crate) const MAX_PUPILS_PER_CLASS: u32 = 70;

/// How far 县级指标's 专任教师数 may stray from the school sheet's total (either way),
/// as a share of the school sheet's total: teachers of schools outside the sheet, or
/// counted on another date, explain a few per cent, not more.
pub(crate) const TEACHER_TOTAL_TOLERANCE: f64 = 0.10;

/// 初中毕业生数 is one of the three junior grades: more than this share of all junior
/// pupils on the school sheet is implausible.
pub(crate) const MAX_GRADUATE_SHARE: f64 = 0.5;

/// A cell named in a message: `工作表「学校」 第5行 小学在校生数列`.
fn cell(sheet: &str, row: Option<u32>, column: &str) -> String {
    match row {
        Some(r) => format!("工作表「{sheet}」 第{r}行 {column}列"),
        None => format!("工作表「{sheet}」 {column}列"),
    }
}

fn located(problem: Problem, row: Option<u32>, column: &str) -> Problem {
    let problem = problem.at_column(column);
    match row {
        Some(r) => problem.at_row(r),
        None => problem,
    }
}

/// The plausibility warnings of a county; `today` is the document date (years after it
/// are in the future).
pub fn plausibility(county: &County, today: Date) -> Vec<Problem> {
    let mut out = Vec::new();
    admin_level(county, &mut out);
    schools(county, &mut out);
    county_totals(county, &mut out);
    future_years(county, today, &mut out);
    out
}

fn admin_level(county: &County, out: &mut Vec<Problem>) {
    let info = &county.info;
    let name = info.county_name.trim();
    let suffix = info.admin_level.suffix();
    let expected = [
        ("县", AdminLevel::County),
        ("区", AdminLevel::District),
        ("市", AdminLevel::CountyCity),
    ]
    .into_iter()
    .find(|(end, _)| name.ends_with(end));
    let Some((end, level)) = expected else {
        return;
    };
    if level == info.admin_level {
        return;
    }
    let level_row = info.item_rows.get("行政级别").copied();
    let stated = if level_row.is_some() {
        format!("填的是“{suffix}”")
    } else {
        format!("未填（按“{suffix}”处理）")
    };
    let name_cell = cell(
        SHEET_INFO,
        info.item_rows.get("县区名称").copied(),
        "内容（县区名称）",
    );
    out.push(located(
        Problem::warning(
            SHEET_INFO,
            format!(
                "行政级别{stated}，但县区名称「{name}」（{name_cell}）以“{end}”结尾：文件标题和正文会按“{suffix}”称呼本地，请核对其中一处"
            ),
        ),
        level_row,
        "内容（行政级别）",
    ));
}

fn schools(county: &County, out: &mut Vec<Problem>) {
    for s in &county.schools {
        // Both stages of every school, 特殊教育学校 included: a field is blank where a
        // school has no such stage.
        for st in Stage::BOTH {
            let label = st.label();
            let Some(pupils) = s.students.get(st).filter(|n| *n > 0) else {
                continue;
            };
            if let Some(classes) = s.classes.get(st).filter(|n| *n > 0)
                && pupils > classes.saturating_mul(MAX_PUPILS_PER_CLASS)
            {
                let pupils_cell = cell(SHEET_SCHOOLS, Some(s.row), &format!("{label}在校生数"));
                out.push(
                    Problem::warning(
                        SHEET_SCHOOLS,
                        format!(
                            "{}{label}班级数为{classes}，而在校生数为{pupils}（{pupils_cell}），平均每班{:.1}人，超过{MAX_PUPILS_PER_CLASS}人，请核实",
                            s.name,
                            f64::from(pupils) / f64::from(classes)
                        ),
                    )
                    .at_row(s.row)
                    .at_column(format!("{label}班级数")),
                );
            }
            if let Some(teachers) = s.full_time_teachers.get(st)
                && teachers > pupils
            {
                let pupils_cell = cell(SHEET_SCHOOLS, Some(s.row), &format!("{label}在校生数"));
                out.push(
                    Problem::warning(
                        SHEET_SCHOOLS,
                        format!(
                            "{}{label}专任教师数（{teachers}）多于在校生数（{pupils}，{pupils_cell}），请核实",
                            s.name
                        ),
                    )
                    .at_row(s.row)
                    .at_column(format!("{label}专任教师数")),
                );
            }
        }
    }
}

fn item_number(county: &County, name: &str) -> Option<(f64, u32)> {
    let item = county.county_items.get(name)?;
    match item.value {
        ItemValue::Number(x) if x.is_finite() => Some((x, item.row)),
        _ => None,
    }
}

/// The school sheet's total of one per-stage field, and how many schools filled it.
fn stage_total(
    county: &County,
    field: impl Fn(&crate::model::School) -> Option<u32>,
) -> (u64, usize) {
    county
        .schools
        .iter()
        .filter_map(field)
        .fold((0, 0), |(total, n), v| (total + u64::from(v), n + 1))
}

fn county_totals(county: &County, out: &mut Vec<Problem>) {
    // 专任教师数 against the school sheet's compulsory-stage teachers.
    if let Some((stated, row)) = item_number(county, "专任教师数") {
        let (primary, n1) = stage_total(county, |s| s.full_time_teachers.get(Stage::Primary));
        let (junior, n2) = stage_total(county, |s| s.full_time_teachers.get(Stage::Junior));
        let sheet = (primary + junior) as f64;
        if n1 + n2 > 0 && sheet > 0.0 && (stated - sheet).abs() > sheet * TEACHER_TOTAL_TOLERANCE {
            out.push(
                Problem::warning(
                    SHEET_ITEMS,
                    format!(
                        "专任教师数为{stated}，而工作表「学校」各校小学、初中专任教师数（小学专任教师数列、初中专任教师数列）合计为{}，相差超过{}%，请核实",
                        primary + junior,
                        TEACHER_TOTAL_TOLERANCE * 100.0
                    ),
                )
                .at_row(row)
                .at_column("数值"),
            );
        }
    }
    // 初中毕业生数 is one grade of three.
    if let Some((graduates, row)) = item_number(county, "初中毕业生数") {
        let (junior, counted) = stage_total(county, |s| s.students.get(Stage::Junior));
        if counted > 0 && graduates > junior as f64 * MAX_GRADUATE_SHARE {
            out.push(
                Problem::warning(
                    SHEET_ITEMS,
                    format!(
                        "初中毕业生数为{graduates}，而工作表「学校」各校初中在校生数（初中在校生数列）合计只有{junior}：毕业生只是三个年级之一，超过在校生的{}%不合常理，请核实",
                        MAX_GRADUATE_SHARE * 100.0
                    ),
                )
                .at_row(row)
                .at_column("数值"),
            );
        }
    }
    // A per-pupil amount for special schools the county does not list, and no disabled
    // pupil it could go to (the standard also covers 随班就读 and 送教上门 pupils).
    let disabled = ["适龄残疾儿童少年数", "残疾儿童少年入学数"]
        .iter()
        .any(|n| item_number(county, n).is_some_and(|(v, _)| v > 0.0));
    if let Some((amount, row)) = item_number(county, "特殊教育学校生均公用经费")
        && amount > 0.0
        && !disabled
        && !county
            .schools
            .iter()
            .any(|s| s.kind == SchoolKind::SpecialEducation)
    {
        out.push(
            Problem::warning(
                SHEET_ITEMS,
                format!(
                    "填有特殊教育学校生均公用经费（{amount}元），但工作表「学校」（学校类型列）中没有特殊教育学校，也没有残疾儿童少年：请在「学校」中列出该校，或把此项填为“不涉及”"
                ),
            )
            .at_row(row)
            .at_column("数值"),
        );
    }
}

fn future_years(county: &County, today: Date, out: &mut Vec<Problem>) {
    let info = &county.info;
    let date_cell = match info.date {
        Some(_) => cell(
            SHEET_INFO,
            info.item_rows.get("成文日期").copied(),
            "内容（成文日期）",
        ),
        None => "生成日期".to_string(),
    };
    let now = today.year;
    for (item, year) in [
        ("统计年度", info.statistics_year),
        ("基本均衡认定年份", info.basic_balance_year),
    ] {
        if let Some(y) = year
            && y > now
        {
            out.push(located(
                Problem::warning(
                    SHEET_INFO,
                    format!("{item}为{y}年，晚于成文日期所在的{now}年（{date_cell}），请核实"),
                ),
                info.item_rows.get(item).copied(),
                &format!("内容（{item}）"),
            ));
        }
    }
    for s in &county.schools {
        if let Some(y) = s.built_year
            && y > now
        {
            out.push(
                Problem::warning(
                    SHEET_SCHOOLS,
                    format!(
                        "{}建设年份为{y}年，晚于成文日期所在的{now}年（{date_cell}），请核实",
                        s.name
                    ),
                )
                .at_row(s.row)
                .at_column("建设年份"),
            );
        }
    }
}
