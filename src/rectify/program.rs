//! The least-cost plan as a mixed-integer second-order-cone program.
//!
//! Variables: what each school adds to each active column (新增; whole teachers and
//! rooms), teachers each part receives and gives (交流, whole, a giver never below the
//! number its own standard needs), one binary per failing item of a failing part (the
//! item the 6-of-7 rule lets stay at 85%), and the mean of each 差异系数 group.
//!
//! Constraints: every failing part meets its failing items (or one at 85%, at most one);
//! teachers given equal teachers received, per stage and column; and every 差异系数 of an
//! active column stays within its limit, which with the mean as a variable μ is the cone
//!   ‖(√(P_i/N)·(X_i − μ))_i‖ ≤ c·μ,   μ = Σ P_i·X_i / N,
//! X_i affine in the additions. The cone uses c slightly below the limit (`margin`) so
//! rounding areas up to print precision cannot tip a coefficient over.

use super::column::Column;
use super::costs::UnitCosts;
use super::situation::{Situation, k_of};
use super::solver::{Affine, Prefer, Program};
use crate::model::Stage;
use std::collections::BTreeMap;

/// What a variable of the program stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Var {
    /// 新增 to a school's column (`stage` for teachers).
    Add {
        school: usize,
        stage: Option<Stage>,
        column: Column,
    },
    /// Teachers a part receives (交流).
    In { part: usize, column: Column },
    /// Teachers a part gives (交流).
    Out { part: usize, column: Column },
    /// The item a failing part may leave at 85%.
    Choice,
    /// A group's mean.
    Mean,
}

pub(crate) struct Built {
    pub program: Program,
    pub vars: Vec<Var>,
}

/// Objective units: 元 ÷ this keeps the objective near 1–10⁴.
pub(crate) const COST_SCALE: f64 = 10_000.0;
/// A tie-breaker per teacher moved (元), so free transfers never circle.
pub(crate) const MOVE_TIE: f64 = 0.01;

pub(crate) fn build(sit: &Situation, costs: &UnitCosts, margin: f64) -> Built {
    let mut p = Program::default();
    let mut vars: Vec<Var> = Vec::new();
    let active = sit.active();
    let is_active = |c: Column, st: Stage| active.contains_key(&(c, c.per_stage().then_some(st)));
    // contribution[(part, k)] = terms adding to the part's quantity of column k.
    let mut contribution: BTreeMap<(usize, usize), Vec<(usize, f64)>> = BTreeMap::new();
    let mut school_add: BTreeMap<(usize, Column), usize> = BTreeMap::new();
    let mut moves: BTreeMap<(Stage, Column), (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, part) in sit.parts.iter().enumerate() {
        for column in Column::RESOURCES {
            let k = k_of(column);
            let Some(item) = part.item(column) else {
                continue;
            };
            if !is_active(column, part.stage) {
                continue;
            }
            let forbidden = costs.forbidden(column.cost_item());
            let scale = column.scale();
            if column.per_stage() {
                let upper = if forbidden { 0.0 } else { f64::INFINITY };
                let add = p.var(
                    costs.column(column) * scale / COST_SCALE,
                    upper,
                    true,
                    Prefer::Up,
                );
                vars.push(Var::Add {
                    school: part.school,
                    stage: Some(part.stage),
                    column,
                });
                let transfer = (costs.transfer() + MOVE_TIE) / COST_SCALE;
                let forbid_moves = costs.forbidden(super::costs::CostItem::Transfer);
                let upper_in = if forbid_moves { 0.0 } else { f64::INFINITY };
                let inn = p.var(transfer, upper_in, true, Prefer::Up);
                vars.push(Var::In { part: i, column });
                let mut terms = vec![(add, 1.0), (inn, 1.0)];
                let entry = moves.entry((part.stage, column)).or_default();
                entry.0.push(inn);
                if item.surplus > 0 && !forbid_moves {
                    let out = p.var(0.0, item.surplus as f64, true, Prefer::Down);
                    vars.push(Var::Out { part: i, column });
                    terms.push((out, -1.0));
                    entry.1.push(out);
                }
                contribution.insert((i, k), terms);
            } else {
                let add = *school_add.entry((part.school, column)).or_insert_with(|| {
                    let upper = if forbidden { 0.0 } else { f64::INFINITY };
                    let v = p.var(
                        costs.column(column) * scale / COST_SCALE,
                        upper,
                        column.whole(),
                        Prefer::Up,
                    );
                    vars.push(Var::Add {
                        school: part.school,
                        stage: None,
                        column,
                    });
                    v
                });
                contribution.insert((i, k), vec![(add, part.share * scale)]);
            }
        }
    }
    // Teachers given = teachers received, per stage and column.
    for (ins, outs) in moves.values() {
        if outs.is_empty() {
            // Nobody can give: nobody receives.
            for &v in ins {
                if let Some(u) = p.upper.get_mut(v) {
                    *u = 0.0;
                }
            }
            continue;
        }
        let mut terms: Vec<(usize, f64)> = ins.iter().map(|&v| (v, 1.0)).collect();
        terms.extend(outs.iter().map(|&v| (v, -1.0)));
        p.eq.push(Affine {
            terms,
            constant: 0.0,
        });
    }
    // The 6-of-7 rule for every failing part.
    let line = 1.0 - crate::catalogue::EIGHTY_FIVE_PERCENT.to_f64();
    for (i, part) in sit.failing() {
        let mut choices = Vec::new();
        for (k, item) in part.items.iter().enumerate() {
            let Some(item) = item else {
                continue;
            };
            if item.met != Some(false) {
                continue;
            }
            let Some(terms) = contribution.get(&(i, k)) else {
                continue;
            };
            let r = item.required.max(f64::MIN_POSITIVE);
            let z = p.var(0.0, 1.0, true, Prefer::Up);
            vars.push(Var::Choice);
            choices.push(z);
            // q0 + Σ terms ≥ R(1 + ε) − (1 − 85%)·R·z, divided by R.
            let mut le: Vec<(usize, f64)> = terms.iter().map(|&(v, c)| (v, -c / r)).collect();
            le.push((z, -line * item.required / r));
            p.le.push(Affine {
                terms: le,
                constant: (item.required * (1.0 + 1e-7) - item.q0) / r,
            });
        }
        if choices.len() > 1 {
            p.le.push(Affine {
                terms: choices.iter().map(|&z| (z, 1.0)).collect(),
                constant: -1.0,
            });
        }
    }
    // Every 差异系数 of an active column.
    for g in &sit.groups {
        if !is_active(g.column, g.stage) || g.met.is_none() || g.mean <= 0.0 {
            continue;
        }
        let k = k_of(g.column);
        let n: f64 = g
            .parts
            .iter()
            .filter_map(|&i| sit.parts.get(i))
            .map(|p| f64::from(p.students))
            .sum();
        if n <= 0.0 {
            continue;
        }
        let m0 = g.mean;
        let mu = p.var(0.0, f64::INFINITY, false, Prefer::Up);
        vars.push(Var::Mean);
        // μ − Σ w_i X_i = 0, over m0.
        let mut mean_eq = Affine {
            terms: vec![(mu, 1.0 / m0)],
            constant: 0.0,
        };
        let mut cone = vec![Affine {
            terms: vec![(mu, g.limit * (1.0 - margin) / m0)],
            constant: 0.0,
        }];
        for &i in &g.parts {
            let Some(part) = sit.parts.get(i) else {
                continue;
            };
            let Some(item) = part.item(g.column) else {
                continue;
            };
            let w = f64::from(part.students) / n;
            let x0 = item.q0 * item.per_unit;
            let terms: &[(usize, f64)] =
                contribution.get(&(i, k)).map(Vec::as_slice).unwrap_or(&[]);
            mean_eq.constant -= w * x0 / m0;
            for &(v, c) in terms {
                mean_eq.terms.push((v, -w * c * item.per_unit / m0));
            }
            let sw = w.sqrt();
            let mut row = Affine {
                terms: vec![(mu, -sw / m0)],
                constant: sw * x0 / m0,
            };
            for &(v, c) in terms {
                row.terms.push((v, sw * c * item.per_unit / m0));
            }
            cone.push(row);
        }
        p.eq.push(mean_eq);
        p.cones.push(cone);
    }
    Built { program: p, vars }
}
