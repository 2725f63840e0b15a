//! `junheng rectify --json` (DESIGN.md's `junheng rectify` row): `{"actions": [{"school",
//! "stage", "column", "add", "kind", "cost"}], "total_cost", "lower_bound", "unit_costs",
//! "years", "unresolved": [{"id", "reason"}]}` and, beside the contract's names, what a
//! reviewer checks the plan by (`gap`, `greedy_cost`, `method`, `moves`, `fixes`).

use super::{Method, Plan};
use crate::model::{County, Stage};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct ActionJson<'a> {
    school: &'a str,
    /// "primary" / "junior" for teachers; null for a whole-school resource.
    stage: Option<Stage>,
    column: String,
    add: f64,
    kind: &'static str,
    cost: f64,
}

#[derive(Serialize)]
struct MoveJson<'a> {
    from: &'a str,
    to: &'a str,
    stage: Stage,
    column: String,
    count: u32,
}

#[derive(Serialize)]
struct TotalJson {
    add: f64,
    cost: f64,
    unit: &'static str,
}

#[derive(Serialize)]
struct YearJson<'a> {
    year: i32,
    cost: f64,
    over_budget: bool,
    /// Indices into `actions`.
    actions: &'a [usize],
    cv: &'a crate::evaluate::CvTable,
    unmet: Vec<&'static str>,
}

#[derive(Serialize)]
struct UnresolvedJson<'a> {
    id: &'static str,
    reason: &'a str,
}

#[derive(Serialize)]
pub struct PlanJson<'a> {
    county: &'a str,
    actions: Vec<ActionJson<'a>>,
    moves: Vec<MoveJson<'a>>,
    total_cost: f64,
    lower_bound: f64,
    gap: f64,
    greedy_cost: f64,
    greedy_passes: bool,
    /// "branch_and_bound", "greedy" or "none".
    method: &'static str,
    optimal: bool,
    nodes: usize,
    unit_costs: BTreeMap<String, f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    budget: Option<f64>,
    totals: BTreeMap<String, TotalJson>,
    years: Vec<YearJson<'a>>,
    unresolved: Vec<UnresolvedJson<'a>>,
    fixes: Vec<&'static str>,
    cv_after: &'a crate::evaluate::CvTable,
}

fn round(v: f64, places: i32) -> f64 {
    let s = 10f64.powi(places);
    (v * s).round() / s
}

impl<'a> PlanJson<'a> {
    pub fn new(county: &'a County, plan: &'a Plan) -> Self {
        let name = |i: usize| {
            county
                .schools
                .get(i)
                .map(|s| s.name.as_str())
                .unwrap_or_default()
        };
        let (method, optimal, nodes) = match plan.method {
            Method::BranchAndBound { nodes, complete } => ("branch_and_bound", complete, nodes),
            Method::Greedy => ("greedy", false, 0),
            Method::None => ("none", true, 0),
        };
        PlanJson {
            county: &county.info.county_name,
            actions: plan
                .actions
                .iter()
                .map(|a| ActionJson {
                    school: &a.school_name,
                    stage: if a.column.per_stage() { a.stage } else { None },
                    column: a.header(),
                    add: round(a.add, 1),
                    kind: a.kind.label(),
                    cost: round(a.cost, 0),
                })
                .collect(),
            moves: plan
                .moves
                .iter()
                .map(|m| MoveJson {
                    from: name(m.from),
                    to: name(m.to),
                    stage: m.stage,
                    column: m.column.header(Some(m.stage)),
                    count: m.count,
                })
                .collect(),
            total_cost: round(plan.total_cost, 0),
            lower_bound: round(plan.lower_bound, 0),
            gap: round(plan.gap(), 4),
            greedy_cost: round(plan.greedy_cost, 0),
            greedy_passes: plan.greedy_passes,
            method,
            optimal,
            nodes,
            unit_costs: plan.unit_costs.by_column(),
            budget: plan.unit_costs.budget,
            totals: plan
                .totals()
                .into_iter()
                .map(|(c, (add, cost))| {
                    (
                        c.name().to_string(),
                        TotalJson {
                            add: round(add, 1),
                            cost: round(cost, 0),
                            unit: c.unit(),
                        },
                    )
                })
                .collect(),
            years: plan
                .years
                .iter()
                .map(|y| YearJson {
                    year: y.year,
                    cost: round(y.cost, 0),
                    over_budget: y.over_budget,
                    actions: &y.actions,
                    cv: &y.cv,
                    unmet: y.unmet.iter().map(|id| id.as_str()).collect(),
                })
                .collect(),
            unresolved: plan
                .unresolved
                .iter()
                .map(|u| UnresolvedJson {
                    id: u.id.as_str(),
                    reason: &u.reason,
                })
                .collect(),
            fixes: plan.fixes.iter().map(|id| id.as_str()).collect(),
            cv_after: &plan.after.cv,
        }
    }
}
