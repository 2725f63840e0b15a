//! The lines of 整改测算 (`rectify`): why an indicator is left to other measures, and
//! the summary `junheng rectify` prints.

use crate::documents::format;
use crate::evaluate::IndicatorResult;
use crate::evaluate::catalogue::IndicatorId;
use crate::rectify::{ActionKind, Method, Plan};

/// An indicator undetermined for want of data.
pub fn missing(r: &IndicatorResult) -> String {
    let first = r.missing.first().cloned().unwrap_or_default();
    if first.is_empty() {
        "数据不全，无法测算".to_string()
    } else {
        format!("数据不全，无法测算：{first}")
    }
}

/// Why no quantity of resources fixes an indicator.
pub fn not_countable(id: IndicatorId) -> String {
    match id {
        IndicatorId::I4_2 => {
            "一票否决事项须纠正违规行为本身，不能通过增加或调配资源解决".to_string()
        }
        IndicatorId::I3_9 => {
            "义务教育质量监测结果取决于教育教学质量，不能由资源数量测算".to_string()
        }
        IndicatorId::I4_1 => "社会认可度取决于问卷调查结果，不能由资源数量测算".to_string(),
        IndicatorId::I2_3 => {
            "音乐、美术专用教室面积不足须改扩建，数量之外的部分不能由本测算给出".to_string()
        }
        IndicatorId::I2_5 => {
            "大班额须分班化解，所需教室和教师取决于分班方案，按问题清单逐班落实".to_string()
        }
        IndicatorId::I2_11 => "交流轮岗比例由县级统筹落实，按问题清单确定交流人数".to_string(),
        _ => "该指标属县级政策、制度或经费保障事项，不能由学校资源数量测算，按问题清单落实"
            .to_string(),
    }
}

/// No plan within the forbidden kinds of action reaches the standards.
pub fn infeasible() -> String {
    "在「测算参数」禁止的整改措施之外，没有能够达标的方案".to_string()
}

/// A claimed indicator still unmet after the plan (the verification's message).
pub fn still_failing(id: IndicatorId, was: Option<bool>) -> String {
    match was {
        Some(true) => format!("{}原已达标，按方案调整后不再达标", id.as_str()),
        _ => format!("{}按方案整改后仍未达标", id.as_str()),
    }
}

fn amount(add: f64, step: f64) -> String {
    if step < 1.0 {
        format::decimal(add, 1)
    } else {
        format::decimal(add, 0)
    }
}

/// The text `junheng rectify` prints.
pub fn summary(plan: &Plan, county: &str) -> Vec<String> {
    let mut lines = Vec::new();
    lines.push(format!("{county}整改测算"));
    if plan.actions.is_empty() {
        lines.push("资源配置各项指标无需整改措施。".to_string());
    }
    for a in &plan.actions {
        let verb = match (a.kind, a.add < 0.0) {
            (ActionKind::Exchange, true) => "交流调出",
            (ActionKind::Exchange, false) => "交流调入",
            (ActionKind::New, _) => "新增",
        };
        lines.push(format!(
            "  {}：{}{}{}{}，{}元",
            a.school_name,
            verb,
            a.header(),
            amount(a.add.abs(), a.column.step()),
            a.column.unit(),
            format::decimal(a.cost, 0)
        ));
    }
    lines.push(format!(
        "合计{}元；下界{}元（差距{}）；逐项补齐后再提升最低学校的方法需{}元{}",
        format::decimal(plan.total_cost, 0),
        format::decimal(plan.lower_bound, 0),
        format::percent(plan.gap(), 1),
        format::decimal(plan.greedy_cost, 0),
        if plan.greedy_passes {
            ""
        } else {
            "（且不能全部达标）"
        }
    ));
    let how = match plan.method {
        Method::BranchAndBound { complete: true, .. } => "分支定界求得最优方案",
        Method::BranchAndBound {
            complete: false, ..
        } => "分支定界在时限内求得的方案",
        Method::Greedy => "逐项补齐后再提升最低学校",
        Method::None => "无需整改",
    };
    lines.push(format!("测算方法：{how}；方案已按评估办法重新计算复核。"));
    for u in &plan.unresolved {
        lines.push(format!("  {} 未纳入测算：{}", u.id.as_str(), u.reason));
    }
    lines
}

/// The 实施方案's 整改测算 opening: what the plan adds in all and what it costs.
pub fn plan_intro(plan: &Plan, county_unit: &str) -> String {
    let mut kinds: Vec<String> = plan
        .totals()
        .into_iter()
        .map(|(c, (add, _))| {
            format!(
                "{}{}{}",
                noun(c),
                format::planned_amount(add, c.step()),
                c.unit()
            )
        })
        .collect();
    let moved: u32 = plan.moves.iter().map(|m| m.count).sum();
    if moved > 0 {
        kinds.push(format!("校际交流教师{moved}人"));
    }
    let what = if kinds.is_empty() {
        "无需新增资源".to_string()
    } else {
        kinds.join("，")
    };
    format!(
        "按评估办法逐校、逐项测算，{county_unit}资源配置达标所需的最低成本方案为：{what}，共需投入{}万元（测算下界{}万元）。方案已代入各校数据，按评估办法重新计算复核，相关指标和校际差异系数均可达到要求。",
        format::wan_yuan(plan.total_cost),
        format::wan_yuan(plan.lower_bound)
    )
}

/// The unit costs the 测算 assumes, as one sentence.
pub fn assumptions(plan: &Plan) -> String {
    use crate::rectify::costs::ITEMS;
    let prices: Vec<String> = ITEMS
        .iter()
        .map(|(item, name, unit, _, _)| {
            format!(
                "{name}{}{unit}",
                format::standard(plan.unit_costs.price(*item))
            )
        })
        .collect();
    format!(
        "测算单价：{}（可在工作簿“测算参数”表中调整）。",
        prices.join("，")
    )
}

/// What a column's addition is called in the plan.
pub fn noun(c: crate::rectify::Column) -> &'static str {
    use crate::rectify::Column;
    match c {
        Column::AboveDegree => "高于规定学历教师",
        Column::Backbone => "县级以上骨干教师",
        Column::PeArt => "体育艺术专任教师",
        Column::TeachingArea => "教学及辅助用房",
        Column::SportsArea => "体育运动场馆",
        Column::Equipment => "教学仪器设备",
        Column::MultimediaRoom => "网络多媒体教室",
        Column::MusicRooms => "音乐专用教室",
        Column::ArtRooms => "美术专用教室",
        Column::TrainingBudget => "教师培训经费",
        Column::FullTime => "专任教师",
    }
}

/// One action as the plan's project table prints it: 新增体育运动场馆1234.5平方米.
pub fn action_content(a: &crate::rectify::Action) -> String {
    let stage = match a.stage {
        Some(st) if a.column.per_stage() => st.label(),
        _ => "",
    };
    let verb = match (a.kind, a.add < 0.0) {
        (ActionKind::Exchange, true) => "交流调出",
        (ActionKind::Exchange, false) => "交流调入",
        (ActionKind::New, _) => "新增",
    };
    format!(
        "{verb}{stage}{}{}{}",
        noun(a.column),
        format::planned_amount(a.add.abs(), a.column.step()),
        a.column.unit()
    )
}

/// One 交流 move: 从甲校交流2名小学高于规定学历教师到乙校.
pub fn move_line(m: &crate::rectify::Move, from: &str, to: &str) -> String {
    format!(
        "从{from}交流{}名{}{}到{to}",
        m.count,
        m.stage.label(),
        noun(m.column)
    )
}

/// A year's line of the schedule.
pub fn year_line(year: i32, cost: f64, unmet: &[IndicatorId], over_budget: bool) -> String {
    let left = if unmet.is_empty() {
        "年末各项可测算指标全部达标".to_string()
    } else {
        let ids: Vec<&str> = unmet.iter().map(|i| i.as_str()).collect();
        format!("年末尚未达标：{}", ids.join("、"))
    };
    let over = if over_budget {
        "（超出年度预算上限）"
    } else {
        ""
    };
    format!("{year}年投入{}万元{over}，{left}", format::wan_yuan(cost))
}
