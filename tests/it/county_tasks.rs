//! County-level shortfalls in the documents (issue 13, item 3 and the rest of 1): a
//! plan task and specific 问题清单 rows per failing county-level indicator, 努力方向
//! from the unmet items, passes by 特殊情形认定 counted and named beside the pass
//! counts, and every per-stage figure with its stage. Checked on the emitted markup
//! (escapes removed) of the samples, and on `check`'s warnings.

use std::path::Path;

use junheng::documents::{self, DocumentKind};
use junheng::evaluate;
use junheng::model::County;

use crate::common::{DATE, renderer, stderr, stdout};

fn county(name: &str) -> County {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("samples/{name}.xlsx"));
    match junheng::workbook::read_county(&path) {
        Ok(outcome) => outcome.county,
        Err(problems) => panic!("{name} must read: {problems:?}"),
    }
}

/// The markup of one document with Typst's escapes removed, so sentences read as printed.
fn text(name: &str, kind: DocumentKind) -> String {
    let county = county(name);
    let evaluation = evaluate::evaluate(&county);
    documents::markup(renderer(), kind, &county, &evaluation, DATE)
        .unwrap_or_else(|e| panic!("{name} {}: {e}", kind.key()))
        .replace('\\', "")
}

/// 石门区 exchanges 20 of 250 eligible teachers (8%): the plan has a task for 2.11 with
/// the figures, what is lacking in teachers (25 reach 10%), the remedy, the units and
/// the deadline; the 问题清单 row says the same with a remedy of its own.
#[test]
fn a_failing_county_level_indicator_gets_its_own_task_and_problem_row() {
    let plan = text("failing", DocumentKind::Plan);
    assert!(
        plan.contains("补齐县域层面指标短板"),
        "no county-level task group"
    );
    let task = plan
        .lines()
        .find(|l| l.contains("教师交流轮岗力争于"))
        .unwrap_or_else(|| panic!("no 2.11 task in the plan"));
    assert!(
        task.contains("交流轮岗教师比例8.00%（20/250），低于10%，还需交流轮岗教师5人"),
        "{task}"
    );
    assert!(task.contains("制订年度教师交流轮岗计划"), "{task}");
    assert!(task.contains("责任单位：区教育局"), "{task}");
    assert!(task.contains("完成时限："), "{task}");
    // The veto item keeps its own wording, never "达到标准".
    let veto = plan
        .lines()
        .find(|l| l.contains("消除一票否决情形"))
        .unwrap_or_else(|| panic!("no veto task"));
    assert!(veto.contains("不予认定"), "{veto}");

    let report = text("failing", DocumentKind::Report);
    let row = report
        .lines()
        .find(|l| l.contains("[2.11]") && l.contains("还需交流轮岗教师5人"))
        .unwrap_or_else(|| panic!("no 2.11 row with its gap in the 问题清单"));
    assert!(row.contains("制订年度教师交流轮岗计划"), "{row}");
    assert!(
        !row.contains("对照标准制定整改方案"),
        "generic remedy: {row}"
    );
    let veto_row = report
        .lines()
        .find(|l| l.contains("[4.2]") && l.contains("一票否决"))
        .unwrap_or_else(|| panic!("no veto row"));
    assert!(veto_row.contains("不予认定"), "{veto_row}");
}

/// The 问题清单 rows of different county-level indicators no longer share one remedy.
#[test]
fn county_level_problem_rows_have_remedies_that_fit() {
    let county = county("failing");
    let evaluation = evaluate::evaluate(&county);
    let rows = documents::report::problem_rows(&county, &evaluation);
    let county_rows: Vec<_> = rows
        .iter()
        .filter(|r| r.indicator.starts_with('2') || r.indicator.starts_with('3'))
        .collect();
    assert!(county_rows.len() >= 2, "{rows:?}");
    let mut ids: Vec<&str> = county_rows.iter().map(|r| r.indicator.as_str()).collect();
    ids.dedup();
    let mut measures: Vec<&str> = county_rows.iter().map(|r| r.measure.as_str()).collect();
    measures.sort();
    measures.dedup();
    assert!(
        measures.len() >= ids.len().min(2),
        "indicators {ids:?} share remedies {measures:?}"
    );
}

/// A blank 努力方向 is generated from the unmet items; a given one is kept.
#[test]
fn directions_come_from_the_unmet_items_when_the_sheet_leaves_them_blank() {
    let report = text("failing", DocumentKind::Report);
    let start = report.find("（二）努力方向").expect("努力方向 heading");
    let directions = &report[start..];
    assert!(
        directions.contains("补齐“政府保障程度”短板"),
        "{directions:.600}"
    );
    assert!(directions.contains("教师交流轮岗方面"), "{directions:.600}");
    assert!(
        !directions.contains("对照标准查漏补缺，持续加大投入"),
        "generic line"
    );

    let qinghe = county("qinghe");
    let given = qinghe.texts.get("努力方向").expect("qinghe gives 努力方向");
    let first = given.lines().next().unwrap_or_default().trim();
    let report = text("qinghe", DocumentKind::Report);
    assert!(report.contains(first), "the workbook's own text is kept");
}

/// The generated 努力方向 promises nothing it cannot keep: 石门区's veto item is its own
/// paragraph (not a 社会认可度 shortfall), and 鼓林县, whose only unmet item is the
/// monitoring result 3.9, is not promised that every indicator will be met by the deadline.
#[test]
fn generated_directions_keep_the_veto_apart_and_promise_nothing_about_3_9() {
    let report = text("failing", DocumentKind::Report);
    let start = report.find("（二）努力方向").expect("努力方向 heading");
    let directions = &report[start
        ..report[start..]
            .find("附件")
            .map_or(report.len(), |e| start + e)];
    assert!(
        directions.contains("是彻底纠正一票否决情形"),
        "{directions}"
    );
    assert!(!directions.contains("补齐“社会认可度”短板"), "{directions}");

    let mut gulin = county("gulin");
    gulin.texts.remove("努力方向");
    let evaluation = evaluate::evaluate(&gulin);
    let unmet: Vec<&str> = evaluation
        .indicators
        .iter()
        .filter(|r| r.met == Some(false))
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(unmet, ["3.9"], "鼓林县's only unmet item");
    let report = documents::markup(renderer(), DocumentKind::Report, &gulin, &evaluation, DATE)
        .expect("markup")
        .replace('\\', "");
    let start = report.find("（二）努力方向").expect("努力方向 heading");
    let directions = &report[start..];
    assert!(
        directions.contains("除义务教育质量监测结果（3.9）外的各项指标达到要求"),
        "{directions:.400}"
    );
    assert!(
        !directions.contains("确保2026年省级评估前各项指标达到要求"),
        "{directions:.400}"
    );
}

/// 芦浦区: two schools pass only by 特殊情形认定; the pass counts say so and name them.
#[test]
fn passes_by_exception_are_counted_and_named_with_the_pass_counts() {
    let county = county("lupu");
    let evaluation = evaluate::evaluate(&county);
    let by_exception: Vec<String> = evaluation
        .schools
        .iter()
        .filter(|s| {
            s.parts.iter().any(|p| {
                p.items
                    .iter()
                    .any(|i| i.exception.is_some() && i.met == Some(true))
            })
        })
        .map(|s| s.name.clone())
        .collect();
    assert!(!by_exception.is_empty(), "lupu has passes by exception");
    let report = text("lupu", DocumentKind::Report);
    let sentence: String = report
        .lines()
        .filter(|l| l.contains("7项指标全部达标") && l.contains("特殊情形认定"))
        .collect();
    assert!(
        !sentence.is_empty(),
        "the pass counts do not mention 特殊情形认定"
    );
    for name in &by_exception {
        assert!(
            sentence.contains(name.as_str()),
            "{name} not named: {sentence}"
        );
    }
    assert!(
        report.contains("所含经特殊情形认定的指标"),
        "annex 2 heading"
    );
}

/// 2.5's figures name their stage: never a bare "最大班额49人".
#[test]
fn class_size_figures_name_their_stage() {
    for name in ["qinghe", "failing", "lupu"] {
        let county = county(name);
        let evaluation = evaluate::evaluate(&county);
        let rows = documents::report::item_rows(&county, &evaluation, evaluate::Area::Government);
        let row = rows.iter().find(|r| r.id == "2.5").expect("2.5 row");
        // Every clause with a largest class says which stage it is held to.
        for clause in row.result.split(['；', '、']) {
            if clause.contains("最大班额") {
                assert!(
                    clause.contains("小学") || clause.contains("初中"),
                    "{name}: stage missing in “{clause}” ({})",
                    row.result
                );
            }
        }
        assert!(row.result.contains("最大班额"), "{name}: {}", row.result);
    }
}

/// `check` warns, at the 文字材料 cells, of narrative sections left blank or thin.
#[test]
fn check_warns_of_blank_narrative_sections() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/failing.xlsx");
    let out = run!("check", file);
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{all}");
    for section in ["工作目标", "保障措施", "主要做法与成效", "努力方向"] {
        assert!(
            all.contains(&format!("章节“{section}”")) && all.contains("未填写"),
            "{section}: {all}"
        );
    }
    assert!(all.contains("文字材料"), "{all}");
    // A workbook with every section written gets none.
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/qinghe.xlsx");
    let out = run!("check", file);
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!all.contains("章节“"), "{all}");
}

/// The closing count of the 自评情况 says "均已达到" when all 33 are met, never "33项指标中
/// 33项", and the 评估前提 says how many years have passed since 基本均衡, not only that
/// three have.
#[test]
fn the_closing_count_and_the_years_since_basic_balance_read_as_facts() {
    let report = text("lupu", DocumentKind::Report);
    assert!(report.contains("综上，33项指标均已达到要求。"), "lupu");
    assert!(!report.contains("33项指标中33项"), "lupu");
    assert!(
        report.contains(
            // Counted to the application (芦浦区's 成文日期 is 2025), not the 统计年度 2024.
            "2015年通过义务教育基本均衡发展国家认定，至2025年已满10年，满足认定满3年的申报条件"
        ),
        "lupu"
    );
    let failing = text("failing", DocumentKind::Report);
    assert!(
        failing.contains("综上，33项指标中28项已达到要求。"),
        "石门区"
    );
    // The 4.2 row of the 问题清单 is a measure, named as the veto it is.
    let plan = text("failing", DocumentKind::Plan);
    assert!(
        plan.contains("一票否决事项：彻底纠正该情形并形成整改报告"),
        "石门区"
    );
    assert!(
        !plan.contains("），超出7人"),
        "the 2.5 gap must say what exceeds"
    );
}

/// Annex 1's note on starred schools is printed only where a school carries the star.
#[test]
fn the_star_note_of_the_school_list_appears_only_with_a_starred_school() {
    let mut seen = (false, false);
    for name in ["qinghe", "songxi", "lupu", "gulin", "qingyang", "failing"] {
        let report = text(name, DocumentKind::Report);
        let starred = report.contains("#super[*]");
        let note = report.contains("标 * 的学校不参与资源配置指标评估");
        assert_eq!(starred, note, "{name}: starred {starred}, note {note}");
        if starred {
            seen.0 = true;
        } else {
            seen.1 = true;
        }
    }
    assert!(seen.0 && seen.1, "the samples must show both cases");
}
