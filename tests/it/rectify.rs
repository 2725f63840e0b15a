//! 整改测算: for every sample and fixture workbook that fails a resource indicator or a
//! 差异系数, the plan written as a corrected workbook (`rectify --apply`) reads back and
//! passes the evaluation on every indicator the plan takes on.

use std::path::{Path, PathBuf};

use junheng::catalogue::IndicatorId;
use junheng::evaluate::{self, Evaluation};
use junheng::model::County;
use junheng::rectify::{self, Column, Options};
use junheng::workbook::read_county;

fn workbooks() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["samples", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let p = entry.path();
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
            if matches!(ext, "xlsx" | "xls" | "ods") {
                out.push(p.to_path_buf());
            }
        }
    }
    out
}

/// Fails a 1.x indicator (a school or a 差异系数).
fn fails_resources(e: &Evaluation) -> bool {
    e.indicators
        .iter()
        .any(|r| Column::of_indicator(r.id).is_some() && r.met == Some(false))
}

fn counties() -> Vec<(PathBuf, County)> {
    workbooks()
        .into_iter()
        .filter_map(|p| read_county(&p).ok().map(|o| (p, o.county)))
        .collect()
}

#[test]
fn every_failing_workbook_passes_after_apply() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut checked = Vec::new();
    for (path, county) in counties() {
        let before = evaluate::evaluate(&county);
        if !fails_resources(&before) {
            continue;
        }
        let plan = rectify::rectify(&county, &before, &Options::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!plan.actions.is_empty(), "{}: no actions", path.display());
        assert!(
            plan.lower_bound <= plan.total_cost + 1.0,
            "{}: bound {} above cost {}",
            path.display(),
            plan.lower_bound,
            plan.total_cost
        );
        let out = dir.path().join(format!("{}.xlsx", checked.len()));
        rectify::apply::write_corrected(&path, &out, &county, &plan.actions)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let after = read_county(&out)
            .unwrap_or_else(|p| panic!("{}: corrected workbook unreadable: {p:?}", path.display()));
        let after = evaluate::evaluate(&after.county);
        // Every resource indicator not left unresolved, and every indicator the plan
        // fixes, is met in the corrected workbook.
        for r in &after.indicators {
            let in_scope = Column::of_indicator(r.id).is_some()
                && !plan.unresolved.iter().any(|u| u.id == r.id)
                || plan.fixes.contains(&r.id);
            if in_scope {
                assert_eq!(
                    r.met,
                    Some(true),
                    "{}: {} after apply ({:?})",
                    path.display(),
                    r.id.as_str(),
                    r.findings
                );
            }
        }
        // The plan's own re-evaluation agrees with the workbook's.
        assert_eq!(after.cv, plan.after.cv, "{}", path.display());
        eprintln!(
            "{}: {} actions, {:.0} 元 (bound {:.0}, greedy {:.0}{})",
            path.display(),
            plan.actions.len(),
            plan.total_cost,
            plan.lower_bound,
            plan.greedy_cost,
            if plan.greedy_passes { "" } else { ", fails" }
        );
        checked.push(path);
    }
    // samples/failing.xlsx (1.5, 1.6) and samples/qinghe.xlsx (1.6) at least.
    assert!(checked.len() >= 2, "{checked:?}");
    assert!(checked.iter().any(|p| p.ends_with("samples/failing.xlsx")));
}

#[test]
fn failing_sample_leaves_what_no_quantity_fixes_unresolved() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/failing.xlsx");
    let county = read_county(&path).expect("failing.xlsx reads").county;
    let before = evaluate::evaluate(&county);
    let plan = rectify::rectify(&county, &before, &Options::default()).expect("plan");
    let unresolved: Vec<IndicatorId> = plan.unresolved.iter().map(|u| u.id).collect();
    // 4.2 (veto) and 2.5 (classes to split) are not resource quantities.
    assert!(unresolved.contains(&IndicatorId::I4_2), "{unresolved:?}");
    assert!(plan.unresolved.iter().all(|u| !u.reason.is_empty()));
    for id in [IndicatorId::I1_5, IndicatorId::I1_6] {
        assert!(plan.fixes.contains(&id), "{:?}", plan.fixes);
    }
    // The least-cost plan is never dearer than the baseline it is compared with.
    assert!(plan.total_cost <= plan.greedy_cost + 1.0);
}

#[test]
fn apply_refuses_to_overwrite_its_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("石门区.xlsx");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/failing.xlsx"),
        &input,
    )
    .expect("copy");
    let before = std::fs::read(&input).expect("read");
    let o = run!("rectify", input, "--apply", input);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("不能覆盖"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::read(&input).expect("read"), before);
}

#[test]
fn cli_json_has_the_contract_names() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/failing.xlsx");
    let o = run!("rectify", path, "--json");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    for key in [
        "actions",
        "total_cost",
        "lower_bound",
        "unit_costs",
        "years",
        "unresolved",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    let actions = v["actions"].as_array().expect("actions");
    assert!(!actions.is_empty());
    let total: f64 = actions.iter().filter_map(|a| a["cost"].as_f64()).sum();
    let stated = v["total_cost"].as_f64().unwrap_or(f64::NAN);
    assert!(
        (total - stated).abs() <= actions.len() as f64,
        "{total} vs {stated}"
    );
}
