//! 整改测算 (`junheng rectify`): the least-cost set of actions after which the county
//! meets every indicator that adding or moving resources can fix, checked by the same
//! evaluation that found the shortfalls.
//!
//! Pipeline: [`situation`] reads the evaluation into parts, quantities and 差异系数
//! groups; [`program`] states the least-cost plan as a mixed-integer second-order-cone
//! program, which [`solver`] solves (clarabel relaxations, branch and bound); [`greedy`]
//! is the hand method it is compared with; [`apply`] writes a plan into the county (and
//! into a corrected workbook) so that `evaluate` can verify it; [`schedule`] spreads it
//! over the years to the evaluation. What no quantity fixes is listed as `unresolved`
//! with its reason.

pub mod apply;
pub mod column;
pub mod costs;
mod greedy;
pub mod json;
mod program;
pub mod schedule;
mod situation;
pub mod solver;

#[cfg(test)]
mod tests;

pub use column::Column;
pub use costs::{CostItem, UnitCosts};

use crate::catalogue::IndicatorId;
use crate::documents::wording::rectify as words;
use crate::evaluate::{self, Evaluation};
use crate::model::{County, Stage};
use situation::Situation;
use std::collections::BTreeMap;

/// Additions by (school index, stage for teachers, column), in the column's unit.
pub type Adds = BTreeMap<(usize, Option<Stage>, Column), f64>;

/// 新增 (a new resource) or 交流 (a teacher moved from another school).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ActionKind {
    New,
    Exchange,
}

impl ActionKind {
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::New => "新增",
            ActionKind::Exchange => "交流",
        }
    }
}

/// One action: add `add` (negative for a school a teacher leaves) to a 学校 column.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Index into `County::schools`.
    pub school: usize,
    pub school_name: String,
    /// The stage of a teacher column; `None` for a whole-school resource.
    pub stage: Option<Stage>,
    pub column: Column,
    pub add: f64,
    pub kind: ActionKind,
    /// 元.
    pub cost: f64,
}

impl Action {
    /// The column's header as DESIGN.md names it (`小学高于规定学历教师数`).
    pub fn header(&self) -> String {
        self.column.header(self.stage)
    }
}

/// Teachers moved from one school to another (交流轮岗).
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub stage: Stage,
    pub column: Column,
    pub from: usize,
    pub to: usize,
    pub count: u32,
}

/// An indicator the plan does not fix, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Unresolved {
    pub id: IndicatorId,
    pub reason: String,
}

/// How the plan was found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// Branch and bound; `complete` when the search finished (the plan is optimal).
    BranchAndBound { nodes: usize, complete: bool },
    /// The baseline was cheaper or the program found nothing verified.
    Greedy,
    /// Nothing to do.
    None,
}

/// The 整改测算 of one county.
#[derive(Debug, Clone)]
pub struct Plan {
    pub actions: Vec<Action>,
    pub moves: Vec<Move>,
    /// 元.
    pub total_cost: f64,
    /// A proven lower bound on the cost of any plan (the relaxation, improved by the
    /// search), 元.
    pub lower_bound: f64,
    /// The baseline's cost, and whether it passed the evaluation.
    pub greedy_cost: f64,
    pub greedy_passes: bool,
    pub method: Method,
    pub unit_costs: UnitCosts,
    pub years: Vec<schedule::Year>,
    pub unresolved: Vec<Unresolved>,
    /// The indicators the plan fixes (unmet now, met after), verified.
    pub fixes: Vec<IndicatorId>,
    /// The county with the plan applied, evaluated.
    pub after: Evaluation,
}

impl Plan {
    /// (total − lower bound) ÷ total: how far from optimal the plan can be at most.
    pub fn gap(&self) -> f64 {
        if self.total_cost > 0.0 {
            ((self.total_cost - self.lower_bound) / self.total_cost).max(0.0)
        } else {
            0.0
        }
    }

    /// What the plan saves against the baseline, as a fraction of the baseline.
    pub fn saving(&self) -> Option<f64> {
        (self.greedy_passes && self.greedy_cost > 0.0)
            .then(|| (self.greedy_cost - self.total_cost) / self.greedy_cost)
    }

    /// Totals per column of 新增 (amount, cost).
    pub fn totals(&self) -> BTreeMap<Column, (f64, f64)> {
        let mut t: BTreeMap<Column, (f64, f64)> = BTreeMap::new();
        for a in self.actions.iter().filter(|a| a.kind == ActionKind::New) {
            let e = t.entry(a.column).or_default();
            e.0 += a.add;
            e.1 += a.cost;
        }
        t
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RectifyError {
    /// The plan applied to the county does not pass what it claims to fix: a bug, said
    /// loudly rather than printed as a plan.
    #[error("整改测算未通过复核：{0}")]
    Verification(String),
}

/// The search limits of `rectify` (the CLI's defaults; tests may lower them).
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub limits: solver::Limits,
}

/// Parts giving and parts receiving teachers, with their amounts.
type GiversAndTakers = (Vec<(usize, f64)>, Vec<(usize, f64)>);

/// Margins below the 差异系数 limits tried in turn: the first plan that the evaluation
/// passes is kept.
const MARGINS: [f64; 3] = [1e-4, 1e-3, 1e-2];

/// The least-cost plan for `county`, verified by re-evaluating the county with it.
pub fn rectify(
    county: &County,
    evaluation: &Evaluation,
    options: &Options,
) -> Result<Plan, RectifyError> {
    let sit = Situation::new(evaluation);
    let costs = UnitCosts::from_params(&county.cost_params);
    let (claims, mut unresolved) = scope(county, evaluation, &sit);
    let extra = extra_actions(county, evaluation, &costs);

    let bound = lower_bound(&sit, &costs);
    let mut found: Option<(Vec<Action>, Vec<Move>, usize, bool)> = None;
    for margin in MARGINS {
        let built = program::build(&sit, &costs, margin);
        let Some(result) = solver::solve(&built.program, options.limits) else {
            break;
        };
        let Some(best) = result.best else { continue };
        let (adds, exchange) = decode(&built, &best.x);
        let (actions, moves) = actions_of(county, &sit, &adds, &exchange, &costs);
        let mut all = actions.clone();
        all.extend(extra.iter().cloned());
        let after = evaluate::evaluate(&apply::apply(county, &all));
        if verify(evaluation, &after, &claims).is_ok() {
            found = Some((actions, moves, result.nodes, result.complete));
            break;
        }
    }
    let greedy_adds = greedy::greedy(&sit, &costs, MARGINS[0]);
    let (greedy_actions, _) = actions_of(county, &sit, &greedy_adds, &BTreeMap::new(), &costs);
    let mut all = greedy_actions.clone();
    all.extend(extra.iter().cloned());
    let greedy_after = evaluate::evaluate(&apply::apply(county, &all));
    let greedy_passes = verify(evaluation, &greedy_after, &claims).is_ok();
    let greedy_cost: f64 = greedy_actions.iter().map(|a| a.cost).sum();

    let (mut actions, moves, method) = match found {
        Some((actions, moves, nodes, complete)) => {
            let cost: f64 = actions.iter().map(|a| a.cost).sum();
            if greedy_passes && greedy_cost < cost {
                (greedy_actions, Vec::new(), Method::Greedy)
            } else {
                (actions, moves, Method::BranchAndBound { nodes, complete })
            }
        }
        None if greedy_passes => (greedy_actions, Vec::new(), Method::Greedy),
        None => {
            // No verified plan: the indicators it would fix are unresolved.
            let reason = words::infeasible();
            let resource: Vec<IndicatorId> = claims
                .iter()
                .filter(|id| Column::of_indicator(**id).is_some())
                .copied()
                .collect();
            if resource.iter().any(|id| {
                evaluation
                    .indicator(*id)
                    .is_some_and(|r| r.met == Some(false))
            }) {
                for id in &resource {
                    if evaluation
                        .indicator(*id)
                        .is_some_and(|r| r.met == Some(false))
                    {
                        unresolved.push(Unresolved {
                            id: *id,
                            reason: reason.clone(),
                        });
                    }
                }
            }
            (Vec::new(), Vec::new(), Method::None)
        }
    };
    let extra_cost: f64 = extra.iter().map(|a| a.cost).sum();
    actions.extend(extra);
    let applied = apply::apply(county, &actions);
    let after = evaluate::evaluate(&applied);
    let claims: Vec<IndicatorId> = claims
        .into_iter()
        .filter(|id| !unresolved.iter().any(|u| u.id == *id))
        .collect();
    if let Err(message) = verify(evaluation, &after, &claims) {
        return Err(RectifyError::Verification(message));
    }
    let fixes: Vec<IndicatorId> = claims
        .iter()
        .copied()
        .filter(|id| {
            evaluation
                .indicator(*id)
                .is_some_and(|r| r.met != Some(true))
                && after.indicator(*id).is_some_and(|r| r.met == Some(true))
        })
        .collect();
    let method = if actions.is_empty() {
        Method::None
    } else {
        method
    };
    let total_cost: f64 = actions.iter().map(|a| a.cost).sum();
    let resource_cost = total_cost - extra_cost;
    let lower_bound = match method {
        Method::BranchAndBound { .. } | Method::Greedy => bound.min(resource_cost) + extra_cost,
        Method::None => total_cost,
    };
    let years = schedule::schedule(county, &actions, &costs);
    unresolved.sort_by_key(|u| u.id);
    Ok(Plan {
        actions,
        moves,
        total_cost,
        lower_bound: lower_bound.max(0.0),
        greedy_cost: greedy_cost + extra_cost,
        greedy_passes,
        method,
        unit_costs: costs,
        years,
        unresolved,
        fixes,
        after,
    })
}

/// The relaxation at the limits themselves (no margin, no tie-breaker): no plan that
/// meets the limits costs less. 0 when there is nothing to relax.
fn lower_bound(sit: &Situation, costs: &UnitCosts) -> f64 {
    let mut built = program::build(sit, costs, 0.0);
    for (j, var) in built.vars.iter().enumerate() {
        if matches!(var, program::Var::In { .. })
            && let Some(c) = built.program.cost.get_mut(j)
        {
            *c -= program::MOVE_TIE / program::COST_SCALE;
        }
    }
    let p = &built.program;
    solver::relax(p, &p.lower, &p.upper).map_or(0.0, |r| r.objective * program::COST_SCALE)
}

/// The indicators the plan must fix or keep (claims) and those it cannot (unresolved).
fn scope(
    county: &County,
    evaluation: &Evaluation,
    sit: &Situation,
) -> (Vec<IndicatorId>, Vec<Unresolved>) {
    let mut claims = Vec::new();
    let mut unresolved = Vec::new();
    for r in &evaluation.indicators {
        let resource = Column::of_indicator(r.id).is_some();
        let remediable = resource || extra_fixes(r.id);
        match r.met {
            Some(true) => {
                if resource {
                    // Met now: the plan must not break it.
                    claims.push(r.id);
                }
            }
            None => unresolved.push(Unresolved {
                id: r.id,
                reason: words::missing(r),
            }),
            Some(false) if remediable => {
                if extra_fixes(r.id) && !extra_fixable(county, evaluation, r.id) {
                    unresolved.push(Unresolved {
                        id: r.id,
                        reason: words::not_countable(r.id),
                    });
                } else if resource && !resource_fixable(sit, r.id) {
                    unresolved.push(Unresolved {
                        id: r.id,
                        reason: words::missing(r),
                    });
                } else {
                    claims.push(r.id);
                }
            }
            Some(false) => unresolved.push(Unresolved {
                id: r.id,
                reason: words::not_countable(r.id),
            }),
        }
    }
    (claims, unresolved)
}

/// A failing resource indicator can be planned only when every part and 差异系数 behind
/// it is known (an unknown compliance or coefficient cannot be verified).
fn resource_fixable(sit: &Situation, id: IndicatorId) -> bool {
    let Some(column) = Column::of_indicator(id) else {
        return false;
    };
    let parts_known = sit
        .parts
        .iter()
        .all(|p| p.compliant.is_some() || p.item(column).is_none_or(|i| i.met != Some(false)));
    let groups_known = sit
        .groups
        .iter()
        .filter(|g| g.column == column)
        .all(|g| g.met.is_some());
    parts_known && groups_known
}

/// Indicators besides 1.x that a countable school action fixes: 2.3's rooms and 3.4's
/// training money.
fn extra_fixes(id: IndicatorId) -> bool {
    matches!(id, IndicatorId::I2_3 | IndicatorId::I3_4)
}

/// Whether every finding of 2.3/3.4 has a countable remedy (a room count, a sum).
fn extra_fixable(county: &County, evaluation: &Evaluation, id: IndicatorId) -> bool {
    let Some(r) = evaluation.indicator(id) else {
        return false;
    };
    !r.findings.is_empty()
        && r.findings
            .iter()
            .all(|f| extra_column(id, f.key).is_some() && f.need.is_some_and(|n| n > 0.0))
        && r.findings
            .iter()
            .all(|f| f.school.is_some_and(|s| s < county.schools.len()))
}

fn extra_column(id: IndicatorId, key: Option<&str>) -> Option<Column> {
    match (id, key) {
        (IndicatorId::I2_3, Some("music_rooms")) => Some(Column::MusicRooms),
        (IndicatorId::I2_3, Some("art_rooms")) => Some(Column::ArtRooms),
        (IndicatorId::I3_4, _) => Some(Column::TrainingBudget),
        _ => None,
    }
}

/// The actions for 2.3 (music and art rooms) and 3.4 (training money): each finding
/// names its school and what it lacks, so the least cost is exactly that.
fn extra_actions(county: &County, evaluation: &Evaluation, costs: &UnitCosts) -> Vec<Action> {
    let mut out: Vec<Action> = Vec::new();
    for id in [IndicatorId::I2_3, IndicatorId::I3_4] {
        if !extra_fixable(county, evaluation, id) {
            continue;
        }
        let Some(r) = evaluation.indicator(id) else {
            continue;
        };
        for f in &r.findings {
            let (Some(column), Some(school), Some(need)) =
                (extra_column(id, f.key), f.school, f.need)
            else {
                continue;
            };
            if costs.forbidden(column.cost_item()) {
                continue;
            }
            let add = greedy::round_up(column, need);
            let name = county
                .schools
                .get(school)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            if let Some(a) = out
                .iter_mut()
                .find(|a| a.school == school && a.column == column)
            {
                a.add = a.add.max(add);
                a.cost = a.add * costs.column(column);
                continue;
            }
            out.push(Action {
                school,
                school_name: name,
                stage: None,
                column,
                add,
                kind: ActionKind::New,
                cost: add * costs.column(column),
            });
        }
    }
    out
}

/// Additions and the teachers each part receives (+) or gives (−), from a solution.
fn decode(built: &program::Built, x: &[f64]) -> (Adds, BTreeMap<(usize, Column), f64>) {
    let mut adds = Adds::new();
    let mut exchange: BTreeMap<(usize, Column), f64> = BTreeMap::new();
    for (j, var) in built.vars.iter().enumerate() {
        let v = x.get(j).copied().unwrap_or(0.0);
        match *var {
            program::Var::Add {
                school,
                stage,
                column,
            } => {
                let amount = v * column.scale();
                // Interior-point zeros are 1e-9, not 0: below a hundredth of a step is
                // nothing.
                if amount > column.step() * 1e-2 {
                    adds.insert((school, stage, column), greedy::round_up(column, amount));
                }
            }
            program::Var::In { part, column } => {
                *exchange.entry((part, column)).or_default() += v.round();
            }
            program::Var::Out { part, column } => {
                *exchange.entry((part, column)).or_default() -= v.round();
            }
            program::Var::Choice | program::Var::Mean => {}
        }
    }
    exchange.retain(|_, v| *v != 0.0);
    (adds, exchange)
}

/// Actions (and the moves behind the exchanges) in school order.
fn actions_of(
    county: &County,
    sit: &Situation,
    adds: &Adds,
    exchange: &BTreeMap<(usize, Column), f64>,
    costs: &UnitCosts,
) -> (Vec<Action>, Vec<Move>) {
    let name = |i: usize| {
        county
            .schools
            .get(i)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let mut actions: Vec<Action> = adds
        .iter()
        .filter(|(_, a)| **a > 0.0)
        .map(|(&(school, stage, column), &add)| Action {
            school,
            school_name: name(school),
            stage,
            column,
            add,
            kind: ActionKind::New,
            cost: add * costs.column(column),
        })
        .collect();
    // Givers and receivers per stage and column, matched in order.
    let mut pools: BTreeMap<(Stage, Column), GiversAndTakers> = BTreeMap::new();
    for (&(part, column), &net) in exchange {
        let Some(p) = sit.parts.get(part) else {
            continue;
        };
        let pool = pools.entry((p.stage, column)).or_default();
        if net > 0.0 {
            pool.0.push((p.school, net));
        } else {
            pool.1.push((p.school, -net));
        }
        actions.push(Action {
            school: p.school,
            school_name: name(p.school),
            stage: Some(p.stage),
            column,
            add: net,
            kind: ActionKind::Exchange,
            cost: net.max(0.0) * costs.transfer(),
        });
    }
    let mut moves = Vec::new();
    for ((stage, column), (receivers, givers)) in pools {
        let mut givers = givers.into_iter();
        let mut giver = givers.next();
        for (to, mut wanted) in receivers {
            while wanted > 0.0 {
                let Some((from, left)) = giver.as_mut() else {
                    break;
                };
                let n = wanted.min(*left);
                if n > 0.0 {
                    moves.push(Move {
                        stage,
                        column,
                        from: *from,
                        to,
                        count: n as u32,
                    });
                }
                wanted -= n;
                *left -= n;
                if *left <= 0.0 {
                    giver = givers.next();
                }
            }
        }
    }
    actions.sort_by(|a, b| {
        (a.school, a.stage, a.column, a.kind).cmp(&(b.school, b.stage, b.column, b.kind))
    });
    (actions, moves)
}

/// Every claimed indicator is met after the plan. Err names those that are not.
fn verify(before: &Evaluation, after: &Evaluation, claims: &[IndicatorId]) -> Result<(), String> {
    let failing: Vec<String> = claims
        .iter()
        .filter(|id| after.indicator(**id).is_none_or(|r| r.met != Some(true)))
        .map(|id| {
            let was = before.indicator(*id).and_then(|r| r.met);
            words::still_failing(*id, was)
        })
        .collect();
    if failing.is_empty() {
        Ok(())
    } else {
        Err(failing.join("；"))
    }
}
