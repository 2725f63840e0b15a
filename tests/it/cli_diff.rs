//! `junheng diff OLD NEW`: a pair of sample workbooks with planted changes must report
//! exactly those changes and the verdicts they flip, in the terminal and as a PDF.

use crate::common::{Book, sample, stderr, stdout};
use calamine::Data;
use junheng::cli::diff::compare;
use junheng::pipeline::prepare;

const SCHOOL: &str = "清禾区柳塘镇中心小学";

/// The sample plus three planted changes:
/// 1. 学校: 柳塘镇中心小学's 教学仪器设备值 89.42 → 110 万元 (lifts 1.6 above 2000 元/生);
/// 2. 县级指标: 教师平均工资收入 up by 1000 元 (changes 2.8's value, not its verdict);
/// 3. 基本信息: 联系电话 (no consequence).
pub(crate) fn planted(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let old = dir.join("old.xlsx");
    let new = dir.join("new.xlsx");
    let book = Book::open(&sample());
    book.save(&old);
    let mut changed = book.clone();
    changed.set_by(
        "学校",
        "学校名称",
        SCHOOL,
        "教学仪器设备值",
        Data::Float(110.0),
    );
    let (_, key) = changed.header("县级指标", "项目");
    let (_, value) = changed.header("县级指标", "数值");
    let row = changed.row_of("县级指标", key, "教师平均工资收入");
    let pay = match changed.get("县级指标", row, value) {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        other => panic!("unexpected pay cell {other:?}"),
    };
    changed.set("县级指标", row, value, Data::Float(pay + 1000.0));
    changed.set_item("基本信息", "联系电话", Data::String("0000-1234567".into()));
    changed.save(&new);
    (old, new)
}

#[test]
fn reports_exactly_the_planted_changes_and_flips() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = planted(dir.path());
    let (Ok(a), Ok(b)) = (prepare(&old, None), prepare(&new, None)) else {
        panic!("sample clones must read");
    };
    let report = compare(&a, &b);

    let inputs: Vec<(&str, &str, &str)> = report
        .inputs
        .iter()
        .map(|c| (c.sheet.as_str(), c.subject.as_str(), c.field.as_str()))
        .collect();
    assert_eq!(
        inputs,
        vec![
            ("基本信息", "联系电话", "内容"),
            ("学校", SCHOOL, "教学仪器设备值"),
            ("县级指标", "教师平均工资收入", "数值"),
        ],
        "{:#?}",
        report.inputs
    );
    let school = &report.inputs[1];
    // Entered as 110 万元: shown so, not as 1100000 元 (issue 32).
    assert_eq!(school.new, "110万元");
    assert_eq!(school.old, "89.4万元");
    assert!(school.row.is_some());

    let flipped: Vec<(String, String)> = report
        .consequences
        .iter()
        .filter(|c| c.flipped)
        .map(|c| (c.category.clone(), c.subject.clone()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("指标", "1.6 生均教学仪器设备值".to_string()),
        ("学校", format!("{SCHOOL}（小学）")),
        ("学校", format!("{SCHOOL}（小学） 1.6 生均教学仪器设备值")),
        ("认定结论", "优质均衡认定".to_string()),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b))
    .collect();
    assert_eq!(flipped, expected, "{:#?}", report.consequences);

    // Value-only consequences: 2.8's ratio and the primary 1.6 差异系数; nothing else.
    let others: Vec<(String, String)> = report
        .consequences
        .iter()
        .filter(|c| !c.flipped)
        .map(|c| (c.category.clone(), c.subject.clone()))
        .collect();
    assert!(
        others.contains(&(
            "差异系数".to_string(),
            "小学 1.6 生均教学仪器设备值".to_string()
        )),
        "{others:#?}"
    );
    assert!(
        others
            .iter()
            .any(|(c, s)| c == "指标" && s.starts_with("2.8 ")),
        "{others:#?}"
    );
    assert_eq!(others.len(), 2, "{others:#?}");
    assert!(report.verdict_old.starts_with("未通过"));
    assert!(report.verdict_new.starts_with("通过"));
}

#[test]
fn cli_prints_changes_and_writes_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = planted(dir.path());
    let pdf = dir.path().join("对照表.pdf");
    let out = run!("diff", old, new, "--pdf", pdf);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("一、数据变化（3 处）"), "{text}");
    assert!(
        text.contains("学校 第") && text.contains("教学仪器设备值："),
        "{text}"
    );
    assert!(text.contains("结论改变 4 处"), "{text}");
    assert!(
        text.contains("三、认定结论：未通过（未达标：1.6） → 通过"),
        "{text}"
    );
    let bytes = std::fs::read(&pdf).expect("pdf written");
    assert!(bytes.starts_with(b"%PDF"));
}

#[test]
fn identical_workbooks_have_no_differences() {
    let out = run!("diff", sample(), sample());
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("没有差异"), "{}", stdout(&out));
}

#[test]
fn unreadable_workbook_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.xlsx");
    std::fs::write(&bad, "not a workbook").unwrap();
    let out = run!("diff", sample(), bad);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bad.xlsx"));
}

/// In the 对照表 "—" means 不适用 only: a cleared cell reads （空） and a result that can
/// no longer be computed reads 数据不全, in the report and in the PDF alike.
#[test]
fn a_cleared_value_reads_blank_and_an_uncomputable_one_missing() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.xlsx");
    let new = dir.path().join("new.xlsx");
    let book = Book::open(&sample());
    book.save(&old);
    let mut changed = book.clone();
    changed.set_by("学校", "学校名称", SCHOOL, "教学仪器设备值", Data::Empty);
    changed.set_item("基本信息", "联系电话", Data::String("   ".into()));
    changed.save(&new);
    let (Ok(a), Ok(b)) = (prepare(&old, None), prepare(&new, None)) else {
        panic!("sample clones must read");
    };
    let report = compare(&a, &b);
    let cleared = report
        .inputs
        .iter()
        .find(|c| c.subject == SCHOOL && c.field.starts_with("教学仪器设备值"))
        .unwrap_or_else(|| panic!("{:#?}", report.inputs));
    assert_eq!(cleared.new, "（空）");
    for c in &report.inputs {
        assert!(!c.old.is_empty() && !c.new.is_empty(), "empty cell: {c:?}");
    }
    let item = report
        .consequences
        .iter()
        .find(|c| c.subject == format!("{SCHOOL}（小学） 1.6 生均教学仪器设备值"))
        .unwrap_or_else(|| panic!("{:#?}", report.consequences));
    assert!(item.new.starts_with("数据不全"), "{item:?}");
    for c in &report.consequences {
        assert!(!c.old.contains('—') && !c.new.contains('—'), "{c:?}");
    }

    let pdf = dir.path().join("对照表.pdf");
    let out = run!("diff", old, new, "--pdf", pdf);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = crate::common::pdf_text_squeezed(&pdf);
    // Page numbers are “— N —”; no other dash.
    let mut rest = text.clone();
    for n in 1..20 {
        rest = rest.replace(&format!("—{n}—"), "");
    }
    assert!(!rest.contains('—'), "{text}");
    assert!(
        text.contains("（空）") && text.contains("数据不全"),
        "{text}"
    );
}
