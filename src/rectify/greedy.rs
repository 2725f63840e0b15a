//! The baseline a planner would do by hand: bring every failing item of every failing
//! school up to its standard (no 85% choice, no transfers), then for each 差异系数 still
//! over its limit raise the lowest schools to a common level ("raise the lowest
//! school"), the lowest level that brings the coefficient within its limit.

use super::Adds;
use super::column::Column;
use super::costs::UnitCosts;
use super::situation::Situation;

/// The amount added to part `i`'s quantity of column `k` by `adds`.
pub(crate) fn contribution(sit: &Situation, adds: &Adds, i: usize, column: Column) -> f64 {
    let Some(part) = sit.parts.get(i) else {
        return 0.0;
    };
    if column.per_stage() {
        adds.get(&(part.school, Some(part.stage), column))
            .copied()
            .unwrap_or(0.0)
    } else {
        adds.get(&(part.school, None, column))
            .copied()
            .unwrap_or(0.0)
            * part.share
    }
}

/// Round an amount up to the column's step (whole teachers and rooms, 0.1 m², 1 元).
pub(crate) fn round_up(column: Column, amount: f64) -> f64 {
    let step = column.step();
    let scaled = amount / step;
    // Float noise (2.0000000001 teachers) must not cost a whole extra teacher.
    let r = scaled.round();
    let whole = if (scaled - r).abs() <= 1e-7 * scaled.abs().max(1.0) {
        r
    } else {
        scaled.ceil()
    };
    whole * step
}

/// Raise part `i`'s quantity of `column` by at least `need` (a part quantity): teachers
/// add to the stage, whole-school resources add `need ÷ share` to the school.
fn raise(sit: &Situation, adds: &mut Adds, i: usize, column: Column, need: f64) {
    let Some(part) = sit.parts.get(i) else { return };
    if need <= 0.0 {
        return;
    }
    let have = contribution(sit, adds, i, column);
    if column.per_stage() {
        let key = (part.school, Some(part.stage), column);
        let total = round_up(column, have + need);
        adds.insert(key, total);
    } else {
        let share = if part.share > 0.0 { part.share } else { 1.0 };
        let key = (part.school, None, column);
        let total = round_up(column, (have + need) / share);
        let cur = adds.get(&key).copied().unwrap_or(0.0);
        adds.insert(key, cur.max(total));
    }
}

pub(crate) fn greedy(sit: &Situation, costs: &UnitCosts, margin: f64) -> Adds {
    let mut adds = Adds::new();
    for (i, part) in sit.failing() {
        for column in Column::RESOURCES {
            let Some(item) = part.item(column) else {
                continue;
            };
            if item.met != Some(false) || costs.forbidden(column.cost_item()) {
                continue;
            }
            let have = contribution(sit, &adds, i, column);
            let need = item.required * (1.0 + 1e-7) - item.q0 - have;
            raise(sit, &mut adds, i, column, need);
        }
    }
    let active = sit.active();
    // A whole-school addition for one stage moves the other stage's coefficient: a few
    // rounds settle it.
    for _ in 0..6 {
        let mut changed = false;
        for g in &sit.groups {
            let key = (g.column, g.column.per_stage().then_some(g.stage));
            if !active.contains_key(&key) || g.met.is_none() {
                continue;
            }
            if costs.forbidden(g.column.cost_item()) {
                continue;
            }
            let target = g.limit * (1.0 - margin);
            let cv_of = |adds: &Adds| sit.cv_with(g, |i| contribution(sit, adds, i, g.column));
            if cv_of(&adds).is_none_or(|cv| cv <= target) {
                continue;
            }
            let values: Vec<(usize, f64, f64)> = g
                .parts
                .iter()
                .filter_map(|&i| {
                    let item = sit.parts.get(i)?.item(g.column)?;
                    let q = item.q0 + contribution(sit, &adds, i, g.column);
                    Some((i, q * item.per_unit, item.per_unit))
                })
                .collect();
            let lowest = values.iter().map(|v| v.1).fold(f64::INFINITY, f64::min);
            let highest = values.iter().map(|v| v.1).fold(0.0, f64::max);
            let level = |l: f64| {
                let mut trial = adds.clone();
                for &(i, v, per_unit) in &values {
                    if v < l && per_unit > 0.0 {
                        raise(sit, &mut trial, i, g.column, (l - v) / per_unit);
                    }
                }
                trial
            };
            // Raising everyone to the highest value makes the coefficient 0.
            let (mut lo, mut hi) = (lowest, highest);
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                if cv_of(&level(mid)).is_some_and(|cv| cv <= target) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            adds = level(hi);
            changed = true;
        }
        if !changed {
            break;
        }
    }
    adds
}
