//! Snapshots of the emitted Typst markup of all three documents and of the results JSON
//! (`eval --json`), for every sample and for the bad-input fixtures that build. Any change to a sentence, a number or a table
//! cell shows up in review as a snapshot diff (`cargo insta review`). The date is fixed
//! so that a workbook without 成文日期 gives the same markup every day.

use std::path::Path;

use crate::common::{DATE, renderer};
use junheng::documents::wording::ResultsJson;
use junheng::documents::{self, DocumentKind};
use junheng::evaluate;

/// Snapshot the three documents of one workbook as `markup__{name}__{document}`.
fn snapshot_workbook(relative: &str, name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let county = match junheng::workbook::read_county(&path) {
        Ok(outcome) => outcome.county,
        Err(problems) => panic!("{relative} must read: {problems:?}"),
    };
    let evaluation = evaluate::evaluate(&county);
    let json = serde_json::to_string_pretty(&ResultsJson::new(&county, &evaluation))
        .unwrap_or_else(|e| panic!("{relative} JSON: {e}"));
    assert!(json.contains("\"indicators\""), "{relative}");
    insta::assert_snapshot!(format!("results__{name}"), json);
    for kind in DocumentKind::ALL {
        let markup = documents::markup(renderer(), kind, &county, &evaluation, DATE)
            .unwrap_or_else(|e| panic!("{relative} {}: {e}", kind.key()));
        assert!(markup.contains("#doc-title"), "{relative} {}", kind.key());
        insta::assert_snapshot!(format!("markup__{name}__{}", kind.key()), markup);
    }
}

#[test]
fn sample_qinghe() {
    snapshot_workbook("samples/qinghe.xlsx", "qinghe");
}

#[test]
fn sample_songxi() {
    snapshot_workbook("samples/songxi.xlsx", "songxi");
}

#[test]
fn sample_lupu() {
    snapshot_workbook("samples/lupu.xlsx", "lupu");
}

#[test]
fn sample_gulin() {
    snapshot_workbook("samples/gulin.xlsx", "gulin");
}

#[test]
fn sample_qingyang() {
    snapshot_workbook("samples/qingyang.xlsx", "qingyang");
}

#[test]
fn sample_failing_shimen() {
    snapshot_workbook("samples/failing.xlsx", "shimen");
}

#[test]
fn fixture_base_valid() {
    snapshot_workbook(
        "tests/fixtures/bad/00_base_valid.xlsx",
        "fixture_base_valid",
    );
}

#[test]
fn fixture_hostile_typst() {
    snapshot_workbook(
        "tests/fixtures/bad/hostile_typst.xlsx",
        "fixture_hostile_typst",
    );
}

#[test]
fn fixture_rare_chars() {
    snapshot_workbook("tests/fixtures/bad/rare_chars.xlsx", "fixture_rare_chars");
}

#[test]
fn fixture_totals_row() {
    snapshot_workbook(
        "tests/fixtures/bad/66_totals_row.xlsx",
        "fixture_totals_row",
    );
}
