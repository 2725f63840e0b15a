//! One number style per document: no thousands separators anywhere (the seeds' and the
//! quoted standards' style), a value of an indicator printed alike wherever it appears,
//! and "—" only in cells that do not apply.

use std::path::Path;

use junheng::documents::report;
use junheng::evaluate;

use crate::pages::{COUNTIES, DOCUMENTS, Page, built, pages};

const SAMPLES: [&str; 6] = ["qinghe", "songxi", "lupu", "gulin", "qingyang", "failing"];

/// Digits grouped by a comma (`10,796`) anywhere in `text`.
fn grouped_numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        let group = chars.get(i + 1..i + 4);
        if *c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && group.is_some_and(|g| g.iter().all(char::is_ascii_digit))
        {
            let from = i.saturating_sub(6);
            found.push(chars[from..(i + 4).min(chars.len())].iter().collect());
        }
    }
    found
}

/// `1658.63元`: a decimal amount in 元. The only indicator in 元 (1.6) prints whole
/// 元, and gaps print in 万元.
fn decimal_yuan(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if *c != '元' {
            continue;
        }
        let mut j = i;
        while j > 0 && (chars[j - 1].is_ascii_digit() || chars[j - 1] == '.') {
            j -= 1;
        }
        let number: String = chars[j..i].iter().collect();
        if number.contains('.') && number.starts_with(|c: char| c.is_ascii_digit()) {
            found.push(format!("{number}元"));
        }
    }
    found
}

/// Page-number words: in the foot margin of a portrait page, the left margin of a
/// landscape one.
fn in_margin(page: &Page, x1: f64, y0: f64) -> bool {
    if page.landscape() {
        x1 < 37.0 / 25.4 * 72.0
    } else {
        y0 > page.height - 35.0 / 25.4 * 72.0
    }
}

/// The tables whose cells may not apply: the school list (a school without a stage)
/// and the detailed duty list (a judgement indicator has no formula).
fn may_hold_not_applicable(page: &Page) -> bool {
    let text = page.lines().concat();
    (text.contains("城乡") && text.contains("性质")) || text.contains("计算公式")
}

#[test]
fn scanners_find_what_they_look_for() {
    assert_eq!(
        grouped_numbers("在校学生16,333人，其中小学5537人"),
        ["在校学生16,333"]
    );
    assert!(grouped_numbers("1.1、2.3，共3项，2025年").is_empty());
    assert_eq!(
        decimal_yuan("为1658.63元，需18.40万元，标准2000元"),
        ["1658.63元"]
    );
}

#[test]
fn every_document_of_every_sample_prints_one_number_style() {
    let mut bad = Vec::new();
    let mut dashes = 0;
    for county in COUNTIES {
        for doc in DOCUMENTS {
            let pdf = built().join(county).join(format!("{doc}.pdf"));
            let text = crate::common::pdf_text_squeezed(&pdf);
            for g in grouped_numbers(&text) {
                bad.push(format!("{county}{doc}: grouped number {g}"));
            }
            for y in decimal_yuan(&text) {
                bad.push(format!("{county}{doc}: decimal 元 {y}"));
            }
            for (i, page) in pages(&pdf).iter().enumerate() {
                let allowed = may_hold_not_applicable(page);
                for w in &page.words {
                    if w.text == "—" && !in_margin(page, w.x1, w.y0) {
                        dashes += 1;
                        if !allowed {
                            let row: String = page
                                .words
                                .iter()
                                .filter(|o| (o.y0 - w.y0).abs() < 2.0)
                                .map(|o| o.text.as_str())
                                .collect();
                            bad.push(format!(
                                "{county}{doc} p{}: “—” in a cell that applies: {row}",
                                i + 1
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
    // The school lists of junior and primary schools have stage cells that do not apply.
    assert!(dashes > 10, "only {dashes} not-applicable cells seen");
}

#[test]
fn a_stage_mean_prints_alike_in_the_status_and_the_computation_table() {
    let mut compared = 0;
    for sample in SAMPLES {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(format!("{sample}.xlsx"));
        let county = match junheng::workbook::read_county(&path) {
            Ok(outcome) => outcome.county,
            Err(problems) => panic!("{sample} must read: {problems:?}"),
        };
        let evaluation = evaluate::evaluate(&county);
        let status = report::resource_goal_table(&evaluation);
        for table in report::cv_tables(&evaluation) {
            for row in &table.rows {
                let goal = status
                    .rows
                    .iter()
                    .find(|r| r.id == row.id)
                    .unwrap_or_else(|| panic!("{sample} {}: no status row", row.id));
                let mean = if table.stage == "小学" {
                    &goal.primary_value
                } else {
                    &goal.junior_value
                };
                assert_eq!(
                    mean, &row.mean,
                    "{sample} {} {}: the same mean printed two ways",
                    table.stage, row.id
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 60, "only {compared} means compared");
}

/// The 现状 cell of the 责任清单 applies to every indicator: one the workbook cannot judge
/// (no data, or no result at all) reads 数据不全 in every style, never "—".
#[test]
fn a_duty_status_without_data_reads_missing_not_a_dash() {
    use junheng::documents::DocumentKind;
    use junheng::evaluate::IndicatorId;
    use junheng::model::DutyStyle;

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/qinghe.xlsx");
    let mut county = match junheng::workbook::read_county(&path) {
        Ok(outcome) => outcome.county,
        Err(problems) => panic!("qinghe must read: {problems:?}"),
    };
    county.info.duty_status_column = true;
    let mut evaluation = evaluate::evaluate(&county);
    // 2.1 has no result; 2.2 has one the workbook cannot decide.
    let (gone, undecided) = (IndicatorId::parse("2.1"), IndicatorId::parse("2.2"));
    evaluation.indicators.retain(|r| Some(r.id) != gone);
    for r in evaluation.indicators.iter_mut() {
        if Some(r.id) == undecided {
            r.met = None;
        }
    }
    for style in [DutyStyle::Brief, DutyStyle::Detailed, DutyStyle::Graded] {
        county.info.duty_style = style;
        let markup = junheng::documents::markup(
            crate::common::renderer(),
            DocumentKind::Duties,
            &county,
            &evaluation,
            crate::common::DATE,
        )
        .unwrap_or_else(|e| panic!("{style:?}: {e}"));
        for id in [gone, undecided].into_iter().flatten() {
            let wording = id.indicator().wording;
            let row = markup
                .lines()
                .find(|l| l.contains(wording))
                .unwrap_or_else(|| panic!("{style:?} {id}: no row"));
            assert!(
                row.trim_end().ends_with("[数据不全],"),
                "{style:?} {id}: 现状 should read 数据不全: {row}"
            );
        }
    }
}
