//! Shared plumbing for the county-level rules: reading 县级指标 items without ever
//! mistaking a missing item for zero, and building an [`IndicatorResult`] from
//! three-valued checks (met / not met / cannot tell).

use super::catalogue::{IndicatorId, Rational};
use super::{Finding, IndicatorResult, PerStageValue};
use crate::model::{County, ItemValue};
use std::collections::BTreeMap;

pub(crate) const SHEET_ITEMS: &str = crate::workbook::schema::COUNTY_INDICATORS.name;

/// A yes/no item as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flag {
    Yes,
    No,
    NotApplicable,
}

impl Flag {
    /// For an item where 是 is the requirement: 是 and 不涉及 are met.
    pub(crate) fn is_met(self) -> bool {
        matches!(self, Flag::Yes | Flag::NotApplicable)
    }
}

fn missing_item(name: &str) -> String {
    format!("「{SHEET_ITEMS}」工作表缺少项目“{name}”")
}

/// Read a 是/否/不涉及 item. `Err` carries a Chinese reason naming the item.
pub(crate) fn flag(county: &County, name: &str) -> Result<Flag, String> {
    match county.county_items.get(name).map(|i| i.value) {
        None => Err(missing_item(name)),
        Some(ItemValue::Yes) => Ok(Flag::Yes),
        Some(ItemValue::No) => Ok(Flag::No),
        Some(ItemValue::NotApplicable) => Ok(Flag::NotApplicable),
        Some(ItemValue::Number(_)) => Err(format!(
            "「{SHEET_ITEMS}」项目“{name}”应填“是”“否”或“不涉及”，实际为数值"
        )),
    }
}

/// Read a numeric item. `Ok(None)` means 不涉及.
pub(crate) fn number(county: &County, name: &str) -> Result<Option<f64>, String> {
    match county.county_items.get(name).map(|i| i.value) {
        None => Err(missing_item(name)),
        Some(ItemValue::NotApplicable) => Ok(None),
        Some(ItemValue::Number(x)) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
        Some(ItemValue::Number(_)) => Err(format!("「{SHEET_ITEMS}」项目“{name}”应为非负数")),
        Some(ItemValue::Yes | ItemValue::No) => Err(format!(
            "「{SHEET_ITEMS}」项目“{name}”应填数值，实际为“是/否”"
        )),
    }
}

/// Read a whole-number item (people, students). `Ok(None)` means 不涉及.
pub(crate) fn count(county: &County, name: &str) -> Result<Option<u64>, String> {
    match number(county, name)? {
        None => Ok(None),
        Some(x) if x.fract() == 0.0 && x <= 1e15 => Ok(Some(x as u64)),
        Some(_) => Err(format!("「{SHEET_ITEMS}」项目“{name}”应为整数")),
    }
}

/// Read a whole-number item where 不涉及 makes no sense: 不涉及 is reported as missing.
pub(crate) fn required_count(county: &County, name: &str) -> Result<u64, String> {
    count(county, name)?
        .ok_or_else(|| format!("「{SHEET_ITEMS}」项目“{name}”填为“不涉及”，无法计算"))
}

/// The 说明 text of an item, if any.
pub(crate) fn note(county: &County, name: &str) -> Option<String> {
    county
        .county_items
        .get(name)
        .and_then(|i| i.note.as_ref())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Accumulates the findings for one indicator.
#[derive(Debug)]
pub(crate) struct Judge {
    id: IndicatorId,
    fails: Vec<Finding>,
    unknown: Vec<String>,
    exceptions: Vec<Finding>,
    evidence: Vec<String>,
    value: Option<f64>,
    figures: BTreeMap<&'static str, f64>,
    by_stage: PerStageValue,
}

impl Judge {
    pub(crate) fn new(id: IndicatorId) -> Self {
        Judge {
            id,
            fails: Vec::new(),
            unknown: Vec::new(),
            exceptions: Vec::new(),
            evidence: Vec::new(),
            value: None,
            figures: BTreeMap::new(),
            by_stage: PerStageValue::default(),
        }
    }

    /// Record a definite failure with its data.
    pub(crate) fn fail_with(&mut self, finding: Finding) {
        self.fails.push(finding);
    }

    /// Record something that cannot be decided (missing or invalid input).
    pub(crate) fn unknown(&mut self, msg: impl Into<String>) {
        self.unknown.push(msg.into());
    }

    /// Record a 特殊情形认定 with its data (once per school, stage and basis).
    pub(crate) fn exception_with(&mut self, finding: Finding) {
        if !self.exceptions.contains(&finding) {
            self.exceptions.push(finding);
        }
    }

    /// Record a three-valued check whose failure carries its data.
    pub(crate) fn check_with(
        &mut self,
        ok: Option<bool>,
        fail: impl FnOnce() -> Finding,
        unknown: impl FnOnce() -> String,
    ) {
        match ok {
            Some(true) => {}
            Some(false) => self.fail_with(fail()),
            None => self.unknown(unknown()),
        }
    }

    /// Unwrap a lookup, recording its error as unknown.
    pub(crate) fn take<T>(&mut self, r: Result<T, String>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.unknown(e);
                None
            }
        }
    }

    /// Check a yes/no item where 是 (or 不涉及) is the requirement; a failure is keyed
    /// by the item's name, for documents to word.
    pub(crate) fn require(&mut self, county: &County, name: &'static str) {
        self.cite(county, name);
        if let Some(f) = self.take(flag(county, name))
            && !f.is_met()
        {
            self.fail_with(Finding::default().keyed(name));
        }
    }

    /// Quote an item's 说明 as evidence.
    pub(crate) fn cite(&mut self, county: &County, name: &str) {
        if let Some(n) = note(county, name)
            && !self.evidence.contains(&n)
        {
            self.evidence.push(n);
        }
    }

    pub(crate) fn value(&mut self, v: f64) {
        if v.is_finite() {
            self.value = Some(v);
        }
    }

    /// The headline figure of one stage (kept out of the JSON).
    pub(crate) fn stage_value(&mut self, stage: crate::model::Stage, v: f64) {
        let slot = match stage {
            crate::model::Stage::Primary => &mut self.by_stage.primary,
            crate::model::Stage::Junior => &mut self.by_stage.junior,
        };
        *slot = Some(slot.map_or(v, |old: f64| old.max(v)));
    }

    pub(crate) fn figure(&mut self, key: &'static str, v: f64) {
        if v.is_finite() {
            self.figures.insert(key, v);
        }
    }

    pub(crate) fn finish(self) -> IndicatorResult {
        let met = if !self.fails.is_empty() {
            Some(false)
        } else if !self.unknown.is_empty() {
            None
        } else {
            Some(true)
        };
        IndicatorResult {
            id: self.id,
            met,
            value: self.value,
            findings: self.fails,
            missing: self.unknown,
            exceptions: self.exceptions,
            evidence: self.evidence,
            figures: self.figures,
            by_stage: self.by_stage,
        }
    }
}

/// The fewest to add to `have` so that `have ÷ total` reaches `share`, exactly
/// (`have` may be negative, as 3.1's numerator can be).
pub(crate) fn to_reach(have: i128, total: u64, share: Rational) -> u64 {
    let (p, q) = (i128::from(share.num), i128::from(share.den));
    let target = (i128::from(total) * p + q - 1) / q;
    u64::try_from((target - have).max(0)).unwrap_or(u64::MAX)
}

/// The fewest to add to both `have` and `total` so that `have ÷ total` reaches `share`
/// (< 1): backbone teachers added to the teachers exchanged.
pub(crate) fn to_reach_adding(have: u64, total: u64, share: Rational) -> u64 {
    let (p, q) = (i128::from(share.num), i128::from(share.den));
    if p >= q {
        return u64::MAX;
    }
    // q(have + x) ≥ p(total + x)  ⇔  x ≥ (p·total − q·have) ÷ (q − p)
    let short = p * i128::from(total) - q * i128::from(have);
    if short <= 0 {
        return 0;
    }
    let x = (short + (q - p) - 1) / (q - p);
    u64::try_from(x).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_lacking_is_the_fewest_whole_addition() {
        // 49 of 500 exchanged: 50 reach 10%.
        assert_eq!(to_reach(49, 500, Rational::new(10, 100)), 1);
        assert_eq!(to_reach(50, 500, Rational::new(10, 100)), 0);
        // 10% of 501 is 50.1: 51 are needed.
        assert_eq!(to_reach(49, 501, Rational::new(10, 100)), 2);
        assert_eq!(to_reach(-3, 100, Rational::new(95, 100)), 98);
        // 8 backbone of 50 exchanged: adding x backbone teachers to both, (8+x)/(50+x)
        // ≥ 20% needs x ≥ 2/0.8 = 2.5, so 3 (11/53 = 20.75%, 10/52 = 19.2%).
        assert_eq!(to_reach_adding(8, 50, Rational::new(20, 100)), 3);
        assert_eq!(to_reach_adding(10, 50, Rational::new(20, 100)), 0);
    }
}
