//! The county as the planner sees it: every in-scope school part with the quantities of
//! its seven resources and what each needs, and every 差异系数 group — all read from the
//! evaluation (`evaluate::resources`), so shares, exceptions and scope are exactly the
//! evaluation's.

use super::column::Column;
use crate::catalogue::{EIGHTY_FIVE_PERCENT, RESOURCE_IDS, cv_limit};
use crate::evaluate::Evaluation;
use crate::evaluate::exact::Quantity;
use crate::model::Stage;
use std::collections::BTreeMap;

/// One resource of one part.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Item {
    /// What the value is computed from (the stage's share for whole-school resources).
    pub q0: f64,
    /// The quantity that reaches the standard: standard × students ÷ factor.
    pub required: f64,
    /// The 85% line in the same quantity.
    pub required_85: f64,
    pub met: Option<bool>,
    /// Teachers above the whole number the standard needs (what may move away).
    pub surplus: u64,
    /// factor ÷ students: the value per unit of quantity.
    pub per_unit: f64,
}

/// One compulsory stage of one school in scope.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Part {
    /// Index into `County::schools`.
    pub school: usize,
    pub stage: Stage,
    pub students: u32,
    /// The stage's share of whole-school resources (1 for a single stage).
    pub share: f64,
    pub compliant: Option<bool>,
    pub items: [Option<Item>; 7],
}

/// The parts of one stage whose values make one 差异系数.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CvGroup {
    pub stage: Stage,
    pub column: Column,
    pub limit: f64,
    pub met: Option<bool>,
    pub cv: Option<f64>,
    pub mean: f64,
    /// Indices into `Situation::parts`.
    pub parts: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Situation {
    pub parts: Vec<Part>,
    pub groups: Vec<CvGroup>,
}

/// Column index k (0–6) of a resource column.
pub(crate) fn k_of(column: Column) -> usize {
    Column::RESOURCES
        .iter()
        .position(|c| *c == column)
        .unwrap_or(0)
}

impl Part {
    /// The part's item of a resource column.
    pub fn item(&self, column: Column) -> Option<Item> {
        self.items.get(k_of(column)).copied().flatten()
    }
}

impl Situation {
    pub fn new(evaluation: &Evaluation) -> Situation {
        let mut parts = Vec::new();
        for (s, p) in evaluation.parts() {
            let mut items: [Option<Item>; 7] = [None; 7];
            for (k, id) in RESOURCE_IDS.into_iter().enumerate() {
                let Some(item) = p.item(id) else { continue };
                let Some(q) = item.quantity else { continue };
                if p.students == 0 {
                    continue;
                }
                let n = u128::from(p.students);
                let std = item.standard;
                let factor = u128::from(item.factor);
                let required = std.to_f64() * p.students as f64 / item.factor as f64;
                let line = std.times(EIGHTY_FIVE_PERCENT);
                let required_85 = line.to_f64() * p.students as f64 / item.factor as f64;
                let surplus = match q {
                    Quantity::Count(c) => {
                        let need = (u128::from(std.num) * n).div_ceil(u128::from(std.den) * factor);
                        u64::try_from(u128::from(c).saturating_sub(need)).unwrap_or(0)
                    }
                    Quantity::Amount(_) => 0,
                };
                if let Some(slot) = items.get_mut(k) {
                    *slot = Some(Item {
                        q0: q.to_f64(),
                        required,
                        required_85,
                        met: item.met,
                        surplus,
                        per_unit: item.factor as f64 / p.students as f64,
                    });
                }
            }
            parts.push(Part {
                school: s.index,
                stage: p.stage,
                students: p.students,
                share: p.share.unwrap_or(1.0),
                compliant: p.compliant,
                items,
            });
        }
        let mut groups = Vec::new();
        for stage in Stage::BOTH {
            for (k, (id, column)) in RESOURCE_IDS.into_iter().zip(Column::RESOURCES).enumerate() {
                let Some(stat) = evaluation.cv.get(stage, id) else {
                    continue;
                };
                let members: Vec<usize> = parts
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| {
                        p.stage == stage && p.items.get(k).is_some_and(Option::is_some)
                    })
                    .map(|(i, _)| i)
                    .collect();
                if members.is_empty() {
                    continue;
                }
                groups.push(CvGroup {
                    stage,
                    column,
                    limit: cv_limit(stage).to_f64(),
                    met: stat.met,
                    cv: stat.cv,
                    mean: stat.mean.unwrap_or(0.0),
                    parts: members,
                });
            }
        }
        Situation { parts, groups }
    }

    /// Parts that fail the 6-of-7 rule (known to fail, not unknown).
    pub fn failing(&self) -> impl Iterator<Item = (usize, &Part)> {
        self.parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.compliant == Some(false))
    }

    /// Columns (and, for teachers, stages) the plan must touch: a failing part's item or
    /// a failing 差异系数. Untouched columns keep their (met) 差异系数.
    pub fn active(&self) -> BTreeMap<(Column, Option<Stage>), bool> {
        let mut active = BTreeMap::new();
        let key = |c: Column, st: Stage| (c, c.per_stage().then_some(st));
        for (_, p) in self.failing() {
            for (item, column) in p.items.iter().zip(Column::RESOURCES) {
                if item.is_some_and(|i| i.met == Some(false)) {
                    active.insert(key(column, p.stage), true);
                }
            }
        }
        for g in &self.groups {
            if g.met == Some(false) {
                active.insert(key(g.column, g.stage), true);
            }
        }
        active
    }

    /// The 差异系数 of a group with quantities added (`contribution(part index)`).
    pub fn cv_with(&self, g: &CvGroup, contribution: impl Fn(usize) -> f64) -> Option<f64> {
        let rows: Vec<(u32, f64)> = g
            .parts
            .iter()
            .filter_map(|&i| {
                let p = self.parts.get(i)?;
                let item = p.item(g.column)?;
                Some((p.students, (item.q0 + contribution(i)) * item.per_unit))
            })
            .collect();
        crate::evaluate::resources::weighted_cv(&rows).and_then(|(_, _, cv)| cv)
    }
}
