//! The documents' structure, checked on compiled PDFs: sections in order, tables with
//! the right rows, sentences with numbers from the results, repeated table headers,
//! charts, and every duty-list style. The sample is varied in code (style, status).

use std::path::Path;

use crate::common::{DATE, renderer};
use junheng::documents::{self, DocumentKind};
use junheng::evaluate::{self, INDICATORS};
use junheng::model::{County, DraftStatus, DutyStyle};

fn sample() -> County {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/qinghe.xlsx");
    match junheng::workbook::read_county(&path) {
        Ok(outcome) => outcome.county,
        Err(problems) => panic!("sample must read: {problems:?}"),
    }
}

/// Compile one document and return (pdf path in a temp dir, its text per page).
fn compile(
    county: &County,
    kind: DocumentKind,
) -> (tempfile::TempDir, std::path::PathBuf, Vec<String>) {
    let evaluation = evaluate::evaluate(county);
    let markup = documents::markup(renderer(), kind, county, &evaluation, DATE).expect("markup");
    let compiled = renderer().compile(markup, DATE, "test").expect("compile");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("doc.pdf");
    std::fs::write(&pdf, &compiled.pdf).unwrap();
    let pages: Vec<String> = crate::common::pdf::pages_of_bytes(&compiled.pdf)
        .iter()
        .map(|p| crate::common::pdf::squeeze(&p.text))
        .collect();
    assert_eq!(pages.len(), compiled.pages, "pages read back");
    (dir, pdf, pages)
}

/// The size of the first page in points (what pdfinfo prints as "Page size").
fn page_size(pdf: &Path) -> (f64, f64) {
    crate::common::pdf::page_sizes(pdf)
        .first()
        .copied()
        .expect("a page")
}

/// Asserts that each needle occurs in `text`, in this order.
fn assert_in_order(text: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match text[from..].find(needle) {
            Some(pos) => from += pos + needle.len(),
            None => panic!("“{needle}” missing or out of order"),
        }
    }
}

#[test]
fn plan_sections_in_order_with_annexes_and_generated_shortfalls() {
    let (_dir, _pdf, pages) = compile(&sample(), DocumentKind::Plan);
    // Page numbers left out: a sentence may run on to the next page.
    let all: String = pages
        .iter()
        .enumerate()
        .map(|(i, p)| p.replace(&format!("—{}—", i + 1), ""))
        .collect();
    assert_in_order(
        &all,
        &[
            "清禾区教育局文件",
            "关于印发《清禾区创建全国义务教育优质均衡发展区实施方案》的通知",
            "清禾区创建全国义务教育优质均衡发展区实施方案",
            "一、指导思想",
            "二、工作目标",
            "三、重点任务",
            "四、组织领导",
            "五、实施步骤",
            "六、保障措施",
            "附件：1．",
            "附件1",
            "附件2",
            "问题清单（整改台账）",
            "印发",
        ],
    );
    // 柳塘镇中心小学: 539 students, 894,000 元 of equipment. Standard 2000 元 →
    // 1,078,000 元 needed, 184,000 元 (18.40万元) short; the 85% line needs 916,300 元,
    // 22,300 元 (2.23万元) more.
    assert!(all.contains("需增加教学仪器设备18.40万元，其中至少增加2.23万元方可达到标准的85%"));
    // The 发展指标 sheet has 6 rows; the goal table lists the 7 resource indicators.
    assert!(all.contains("主要发展指标如下"));
    for ind in INDICATORS.iter().filter(|i| i.is_resource()) {
        assert!(all.contains(ind.name), "goal table lacks {}", ind.name);
    }
}

#[test]
fn extra_text_sections_become_numbered_plan_sections() {
    let mut county = sample();
    for (name, text) in [
        ("工作要求", "（一）严守时间节点。各单位按期报送。"),
        ("宣传动员", "广泛宣传。"),
    ] {
        county.texts.insert(name.to_string(), text.to_string());
        county.section_order.push(name.to_string());
    }
    let (_dir, _pdf, pages) = compile(&county, DocumentKind::Plan);
    assert_in_order(
        &pages.concat(),
        &[
            "六、保障措施",
            "七、工作要求",
            "（一）严守时间节点。",
            "八、宣传动员",
            "附件：",
        ],
    );
}

#[test]
fn consultation_draft_gets_a_cover_notice_with_contacts() {
    let mut county = sample();
    county.info.status = DraftStatus::Consultation;
    county.info.red_header = false;
    county.info.contact_person = Some("林青".into());
    county.info.feedback_deadline = Some("2026年4月1日".into());
    let (_dir, _pdf, pages) = compile(&county, DocumentKind::Plan);
    assert!(pages[0].contains("关于征求意见建议的通知"));
    assert!(pages[0].contains("（征求意见稿）"));
    assert!(pages[0].contains("请于2026年4月1日前"));
    assert!(pages[0].contains("联系人：林青"));
    assert!(
        !pages[0].contains("教育局文件"),
        "no red header when 红头 is 否"
    );
    assert!(pages[1].contains("（征求意见稿）"));
}

#[test]
fn duty_list_styles_repeat_headers_and_list_all_33_indicators() {
    for (style, header, landscape) in [
        (
            DutyStyle::Brief,
            &["一级指标", "二级指标", "责任部门", "现状"][..],
            false,
        ),
        (
            DutyStyle::Detailed,
            &[
                "一级指标",
                "二级指标",
                "指标说明",
                "评估重点",
                "计算公式",
                "责任单位",
                "责任领导",
            ][..],
            true,
        ),
        (
            DutyStyle::Graded,
            &["A级指标", "B级指标", "C级指标及评估要点", "责任部门"][..],
            false,
        ),
    ] {
        let mut county = sample();
        county.info.duty_style = style;
        let (_dir, pdf, pages) = compile(&county, DocumentKind::Duties);
        if std::env::var_os("JUNHENG_KEEP").is_some() {
            let _ = std::fs::copy(&pdf, format!("/tmp/duties-{style:?}.pdf"));
        }
        assert!(pages.len() >= 2, "{style:?}: expected a multi-page table");
        // Every page that carries table rows (a verdict mark) repeats the header.
        for (i, page) in pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.contains("√达标") || p.contains("×未达标"))
        {
            for word in header {
                assert!(
                    page.contains(word),
                    "{style:?}: page {} lacks header {word}",
                    i + 1
                );
            }
        }
        let (w, h) = page_size(&pdf);
        assert_eq!(
            (w - 841.89).abs() < 0.01 && (h - 595.276).abs() < 0.01,
            landscape,
            "{style:?}: page size {w} x {h}"
        );
        let all = pages.concat();
        for ind in INDICATORS {
            // Wording wraps in narrow cells; its first 6 characters stay on one line.
            let head: String = ind.wording.chars().take(6).collect();
            assert!(all.contains(&head), "{style:?}: lacks {} {head}", ind.id);
            if style != DutyStyle::Brief {
                assert!(all.contains(&ind.code()), "{style:?}: lacks {}", ind.code());
            }
        }
        if style == DutyStyle::Detailed {
            assert!(all.contains("加粗者为牵头单位"));
        }
        // The per-unit summary closes the list; the sample's 责任分工 names 区教育局 as
        // lead of 1.1.
        assert_in_order(&all, &["各单位承担指标汇总", "区教育局", "1.1"]);
        if style == DutyStyle::Graded {
            // In reading order (a merged A cell comes after its rows in the content stream).
            let read: String = crate::common::pdf::pages(&pdf)
                .iter()
                .map(|p| crate::common::pdf::squeeze(&p.reading_order()))
                .collect();
            assert_in_order(&read, &["A1", "B1", "C1", "A2", "C8", "A4", "C33"]);
        }
    }
}

#[test]
fn report_sections_sentences_tables_and_charts() {
    let (_dir, _pdf, pages) = compile(&sample(), DocumentKind::Report);
    let all = pages.concat();
    assert_in_order(
        &all,
        &[
            "清源育禾",
            "清禾区创建全国义务教育优质均衡发展区工作自评报告",
            "第一部分基本情况",
            "第二部分自评情况",
            "一是“资源配置”方面，共有7项指标",
            "二是“政府保障程度”方面，共有15项指标",
            "三是“教育质量”方面，共有9项指标",
            "四是“社会认可度”方面，共有2项指标",
            "（一）资源配置",
            "小学各项指标校际差异系数",
            "初中各项指标校际差异系数",
            "小学学校按达标指标项数分布",
            "（二）政府保障程度",
            "（三）教育质量",
            "（四）社会认可度",
            "第三部分主要做法与成效",
            "第四部分存在问题与努力方向",
            "附件1",
            "附件2",
            "附件3",
            "附件4",
            "附件5",
        ],
    );
    // Counted by hand from the sample: 8 primary parts in scope (7 小学 incl. the 民办
    // one + 白沙学校's primary part; the 32-pupil 教学点 is out of scope), 7 of them
    // meet all seven; 6 junior parts (4 初中, 白沙学校, 临河中学).
    assert!(all.contains("全区参评小学8所"), "primary sentence");
    assert!(all.contains("其中7项指标全部达标7所"));
    assert!(all.contains("全区参评初中6所"), "junior sentence");
    // Only 1.6 is unmet: the area sentence and the verdict say so.
    assert!(all.contains("6项已达到要求，第1.6项尚未达到要求"));
    assert!(all.contains("33项指标中32项已达到要求"));
    // The failing school is described by what it misses (the 7th item under 85%), never
    // as "未达到……要求（达标6项）", with the table's 1659 元, not 1658.63, and the
    // stage of the standard it is held to.
    assert!(all.contains(
        "清禾区柳塘镇中心小学为1659元，低于小学2000元的标准，仅为标准的82.9%，低于85%的底线"
    ));
    assert!(!all.contains("（达标6项）"));
    // The limit line is labelled on both CV charts.
    assert!(all.contains("限值0.50") && all.contains("限值0.45"));
    // 社会认可度 table: 7 groups + total, pooled 3788 / 4175 = 90.73%.
    for group in [
        "学生",
        "家长",
        "教师",
        "校长",
        "人大代表",
        "政协委员",
        "其他群众",
    ] {
        assert!(all.contains(group));
    }
    assert!(all.contains("90.73%"));
}

#[test]
fn generated_typst_for_the_brief_duty_list_is_stable() {
    let county = sample();
    let evaluation = evaluate::evaluate(&county);
    let markup =
        documents::markup(renderer(), DocumentKind::Duties, &county, &evaluation, DATE).unwrap();
    insta::assert_snapshot!("duties_brief_qinghe", markup);
}
