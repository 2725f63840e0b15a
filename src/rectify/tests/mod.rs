//! Counties small enough to solve by hand.

use super::*;
use crate::evaluate::tests::fixtures::{passing, primary, stage};
use crate::model::School;

fn county_with(schools: Vec<School>) -> County {
    let mut c = passing();
    c.schools = schools;
    c
}

fn plan_of(c: &County) -> Plan {
    let evaluation = evaluate::evaluate(c);
    match rectify(c, &evaluation, &Options::default()) {
        Ok(plan) => plan,
        Err(e) => panic!("{e}"),
    }
}

/// Three primary schools of 1,000 pupils with 8, 8 and 40 m² of sports ground per pupil:
/// the 差异系数 √(Σ P(X − X̄)²/N)/X̄ is 0.81 > 0.50. Adding can only raise values, the
/// problem is convex and symmetric in the two low schools, so the optimum raises both
/// to the same y: CV = √2·(40 − y)/(2y + 40) ≤ 0.5 ⇔ y ≥ (40√2 − 20)/(1 + √2) = 15.147,
/// i.e. 7,147 m² at each low school, 14,294 m² in all at 400 元/m².
#[test]
fn one_cv_over_the_limit_is_fixed_at_the_hand_optimum() {
    let mut schools = vec![
        primary("甲小学", 3),
        primary("乙小学", 4),
        primary("丙小学", 5),
    ];
    schools[0].sports_area = Some(8000.0);
    schools[1].sports_area = Some(8000.0);
    schools[2].sports_area = Some(40000.0);
    let c = county_with(schools);
    let before = evaluate::evaluate(&c);
    let unmet: Vec<&str> = before
        .indicators
        .iter()
        .filter(|r| r.met != Some(true))
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(unmet, ["1.5"], "the county fails only the 差异系数 of 1.5");

    let plan = plan_of(&c);
    let y = (40.0 * 2f64.sqrt() - 20.0) / (1.0 + 2f64.sqrt());
    let each = (y - 8.0) * 1000.0;
    assert_eq!(plan.actions.len(), 2, "{:?}", plan.actions);
    for (a, school) in plan.actions.iter().zip([0usize, 1]) {
        assert_eq!(a.school, school);
        assert_eq!(a.column, Column::SportsArea);
        assert_eq!(a.kind, ActionKind::New);
        // Within 0.1% of the hand optimum (the margin below the limit and 0.1 m² steps).
        assert!(
            (a.add - each).abs() <= each * 1e-3,
            "{} m² vs {each:.1}",
            a.add
        );
    }
    let optimum = 2.0 * each * 400.0;
    assert!(
        (plan.total_cost - optimum).abs() <= optimum * 1e-3,
        "{} vs {optimum}",
        plan.total_cost
    );
    assert!(plan.lower_bound <= plan.total_cost + 1.0);
    assert!(plan.lower_bound >= optimum * 0.999, "{}", plan.lower_bound);
    assert_eq!(plan.fixes, [IndicatorId::I1_5]);
    let cv = plan
        .after
        .cv
        .get(Stage::Primary, IndicatorId::I1_5)
        .and_then(|s| s.cv)
        .unwrap_or(f64::NAN);
    assert!(cv <= 0.5 && cv > 0.499, "{cv}");
}

/// 甲小学 has 30 teachers above the required degree for 1,000 pupils (3.0 per hundred,
/// below 85% of 4.2); 乙 and 丙 have 50 each, 8 above the 42 their own standard needs.
/// Moving 6 (to 36, the 85% line, all else being met) costs nothing; hiring costs
/// 600,000 元 and the greedy baseline hires 12 to the full standard.
#[test]
fn a_transfer_beats_hiring() {
    let mut schools = vec![
        primary("甲小学", 3),
        primary("乙小学", 4),
        primary("丙小学", 5),
    ];
    schools[0].teachers_above_degree = stage(Some(30), None);
    let c = county_with(schools);
    let plan = plan_of(&c);
    let hires: Vec<&Action> = plan
        .actions
        .iter()
        .filter(|a| a.kind == ActionKind::New)
        .collect();
    assert!(hires.is_empty(), "{hires:?}");
    let received: f64 = plan
        .actions
        .iter()
        .filter(|a| a.school == 0 && a.kind == ActionKind::Exchange)
        .map(|a| a.add)
        .sum();
    assert_eq!(received, 6.0, "{:?}", plan.actions);
    let given: f64 = plan
        .actions
        .iter()
        .filter(|a| a.school != 0)
        .map(|a| a.add)
        .sum();
    assert_eq!(given, -6.0);
    // No giver ends below its own 42.
    for s in &plan.after.schools[1..] {
        let q = s.parts[0].value(IndicatorId::I1_1).unwrap_or(0.0);
        assert!(q >= 4.2, "{} at {q}", s.name);
    }
    let moved: u32 = plan.moves.iter().map(|m| m.count).sum();
    assert_eq!(moved, 6);
    assert_eq!(plan.total_cost, 0.0);
    // Greedy hires at least the twelve teachers that bring 甲 to the full standard.
    assert!(plan.greedy_cost >= 12.0 * 100_000.0, "{}", plan.greedy_cost);
    assert_eq!(plan.fixes, [IndicatorId::I1_1]);
}

/// Forbidding transfers makes the same county hire: six teachers (the 85% line), not
/// twelve.
#[test]
fn forbidden_transfers_hire_to_the_85_percent_line() {
    let mut schools = vec![
        primary("甲小学", 3),
        primary("乙小学", 4),
        primary("丙小学", 5),
    ];
    schools[0].teachers_above_degree = stage(Some(30), None);
    let mut c = county_with(schools);
    c.cost_params.push(crate::model::CostParam {
        row: 2,
        item: "教师交流".into(),
        price: None,
        forbidden: true,
        unit: None,
        note: None,
    });
    let plan = plan_of(&c);
    assert_eq!(plan.actions.len(), 1, "{:?}", plan.actions);
    assert_eq!(plan.actions[0].add, 6.0);
    assert_eq!(plan.actions[0].header(), "小学高于规定学历教师数");
    assert_eq!(plan.total_cost, 600_000.0);
}

#[test]
fn a_passing_county_needs_nothing_and_lists_nothing_unresolved() {
    let c = passing();
    let plan = plan_of(&c);
    assert!(plan.actions.is_empty());
    assert_eq!(plan.total_cost, 0.0);
    assert!(plan.unresolved.is_empty(), "{:?}", plan.unresolved);
}

#[test]
fn the_json_keeps_the_contract_names() {
    let mut schools = vec![
        primary("甲小学", 3),
        primary("乙小学", 4),
        primary("丙小学", 5),
    ];
    schools[2].sports_area = Some(40000.0);
    schools[0].sports_area = Some(8000.0);
    schools[1].sports_area = Some(8000.0);
    let c = county_with(schools);
    let plan = plan_of(&c);
    let v = serde_json::to_value(json::PlanJson::new(&c, &plan)).unwrap_or_default();
    for key in [
        "actions",
        "total_cost",
        "lower_bound",
        "unit_costs",
        "years",
        "unresolved",
    ] {
        assert!(v.get(key).is_some(), "{key} missing: {v}");
    }
    let a = &v["actions"][0];
    for key in ["school", "stage", "column", "add", "kind", "cost"] {
        assert!(a.get(key).is_some(), "action.{key} missing: {a}");
    }
    assert_eq!(a["column"], "体育运动场馆面积");
    assert_eq!(a["kind"], "新增");
    assert_eq!(v["unit_costs"]["体育运动场馆面积"], 400.0);
    assert_eq!(v["unit_costs"]["初中高于规定学历教师数"], 100_000.0);
}
