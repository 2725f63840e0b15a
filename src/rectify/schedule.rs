//! The plan over the years from the 成文日期 to the evaluation (`省级评估年份`, or the
//! 测算参数 sheet's 测算截止年份): equipment, rooms, training money and 交流 in the first
//! year; new teachers by school year (recruited each autumn, spread evenly); buildings
//! and sports grounds by construction time (a year, two above 5,000 m²). With a yearly
//! budget cap, what does not fit moves to the next year (the last year takes the rest and
//! says it is over the cap). Each year's indicator values are those of the county with
//! that year's actions done, evaluated.

// Indices here are positions in the plan's own action list.
#![allow(clippy::indexing_slicing)]
use super::{Action, ActionKind, Column, UnitCosts};
use crate::catalogue::IndicatorId;
use crate::evaluate::{self, CvTable};
use crate::model::County;

/// Area above which a building takes two years.
const LARGE_BUILDING_M2: f64 = 5_000.0;

#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    /// Indices into the plan's actions done this year.
    pub actions: Vec<usize>,
    /// 元 spent this year.
    pub cost: f64,
    /// The cost exceeds the 年度预算上限 (only the last year can).
    pub over_budget: bool,
    /// The 差异系数 at the end of the year.
    pub cv: CvTable,
    /// Indicators still unmet at the end of the year.
    pub unmet: Vec<IndicatorId>,
}

/// The year an action is finished in at the earliest, counted from the first (0).
fn earliest(a: &Action) -> usize {
    match (a.column, a.kind) {
        (Column::TeachingArea | Column::SportsArea, ActionKind::New) => {
            if a.add > LARGE_BUILDING_M2 { 2 } else { 1 }
        }
        _ => 0,
    }
}

pub fn schedule(county: &County, actions: &[Action], costs: &UnitCosts) -> Vec<Year> {
    let info = &county.info;
    let Some(first) = info
        .date
        .map(|d| d.year)
        .or(info.statistics_year.map(|y| y + 1))
        .or(info.provincial_assessment_year)
        .or(costs.horizon)
    else {
        return Vec::new();
    };
    let last = costs
        .horizon
        .or(info.provincial_assessment_year)
        .unwrap_or(first)
        .max(first);
    // At most a decade: a horizon beyond is a typing error, not a plan.
    let years = usize::try_from(last - first).unwrap_or(0).min(10) + 1;
    let mut slot: Vec<usize> = actions.iter().map(|a| earliest(a).min(years - 1)).collect();
    // New teachers: spread over the school years, a school's hires one year at a time.
    let hires: Vec<usize> = actions
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind == ActionKind::New && a.column.per_stage())
        .map(|(i, _)| i)
        .collect();
    let mut per_year = vec![0.0f64; years];
    for i in hires {
        let y = (0..years)
            .min_by(|&a, &b| per_year[a].total_cmp(&per_year[b]))
            .unwrap_or(0);
        if let (Some(s), Some(a)) = (slot.get_mut(i), actions.get(i)) {
            *s = y;
            per_year[y] += a.add;
        }
    }
    // The budget cap: the costliest actions of an over-spent year move on.
    if let Some(cap) = costs.budget {
        for y in 0..years.saturating_sub(1) {
            loop {
                let spent: f64 = (0..actions.len())
                    .filter(|&i| slot[i] == y)
                    .map(|i| actions[i].cost)
                    .sum();
                if spent <= cap {
                    break;
                }
                let Some(i) = (0..actions.len())
                    .filter(|&i| slot[i] == y && actions[i].cost > 0.0)
                    .max_by(|&a, &b| actions[a].cost.total_cmp(&actions[b].cost))
                else {
                    break;
                };
                slot[i] = y + 1;
            }
        }
    }
    let mut out = Vec::with_capacity(years);
    let mut done: Vec<Action> = Vec::new();
    for y in 0..years {
        let idx: Vec<usize> = (0..actions.len()).filter(|&i| slot[i] == y).collect();
        done.extend(idx.iter().filter_map(|&i| actions.get(i).cloned()));
        let cost: f64 = idx.iter().map(|&i| actions[i].cost).sum();
        let evaluation = evaluate::evaluate(&super::apply::apply(county, &done));
        let unmet = evaluation
            .indicators
            .iter()
            .filter(|r| r.met == Some(false))
            .map(|r| r.id)
            .collect();
        out.push(Year {
            year: first + y as i32,
            actions: idx,
            cost,
            over_budget: costs.budget.is_some_and(|cap| cost > cap),
            cv: evaluation.cv,
            unmet,
        });
    }
    out
}
