//! End-to-end: the CLI on the bundled sample and on a hostile workbook, the PDFs read
//! back (text, word boxes, page sizes, fonts) by `common::pdf` the way a reviewer would
//! look at them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn junheng(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_junheng"))
        .args(args)
        .output()
        .expect("run junheng")
}

fn text_of(pdf: &Path) -> String {
    // Line breaks and justification spaces are layout, not content.
    crate::common::pdf::text_squeezed(pdf)
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/qinghe.xlsx")
}

fn build_sample(out: &Path) {
    let result = junheng(&[
        "build",
        sample().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        result.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn build_writes_three_a4_pdfs_with_embedded_subset_fonts() {
    let out = tempfile::tempdir().unwrap();
    build_sample(out.path());
    for stem in ["实施方案", "责任清单", "自评报告"] {
        let pdf = out.path().join("清禾区").join(format!("{stem}.pdf"));
        assert!(pdf.exists(), "{stem}.pdf missing");
        // A4 is 595.276 x 841.89 pt (what pdfinfo prints as "(A4)" for the first page;
        // the report's landscape annexes are A4 turned).
        let sizes = crate::common::pdf::page_sizes(&pdf);
        let (w, h) = sizes.first().copied().expect("a page");
        assert!(
            (w - 595.276).abs() < 0.01 && (h - 841.89).abs() < 0.01,
            "{stem}: not A4: {w} x {h}"
        );
        let fonts = crate::common::pdf::fonts(&pdf);
        assert!(
            fonts.len() >= 2,
            "{stem}: expected several fonts: {fonts:?}"
        );
        for font in fonts {
            assert!(font.embedded, "{stem}: font not embedded: {font:?}");
            assert!(font.subset, "{stem}: font not subset: {font:?}");
            assert!(
                font.name.contains("Fandol"),
                "{stem}: unexpected font {font:?}"
            );
        }
    }
}

#[test]
fn pdfs_carry_titles_and_numbers_computed_from_the_sample() {
    let out = tempfile::tempdir().unwrap();
    build_sample(out.path());
    let dir = out.path().join("清禾区");
    let plan = text_of(&dir.join("实施方案.pdf"));
    let duties = text_of(&dir.join("责任清单.pdf"));
    let report = text_of(&dir.join("自评报告.pdf"));

    assert!(plan.contains("清禾区创建全国义务教育优质均衡发展区实施方案"));
    assert!(plan.contains("清教字〔2026〕7号"));
    assert!(plan.contains("2026年3月16日"));
    assert!(duties.contains("清禾区相关部门推进义务教育优质均衡发展责任清单"));
    assert!(report.contains("清禾区创建全国义务教育优质均衡发展区工作自评报告"));

    // Basic figures, summed independently from the sample's 学校 sheet:
    // primary 7082 students / 430 teachers, junior 5223 / 451; 15 schools (never grouped).
    assert!(
        report.contains("在校学生12305人，其中小学7082人、初中5223人"),
        "report lacks the enrolment sentence"
    );
    assert!(report.contains("专任教师881人，其中小学430人、初中451人"));
    assert!(report.contains("学校（含教学点）15所"));
    // 柳塘镇中心小学: equipment 894,000 元 ÷ 539 students = 1658.6 → prints 1659 with
    // the standard 2000 and is named in the plan's shortfall tasks and problem list.
    assert!(report.contains("柳塘镇中心小学"));
    // The task is a goal with its deadline and target, never a claim that it is met.
    assert!(
        plan.contains("清禾区柳塘镇中心小学生均教学仪器设备值力争于2026年省级评估前达到2000元以上")
    );
    assert!(!plan.contains("清禾区柳塘镇中心小学生均教学仪器设备值达标"));
    // Every indicator row of the responsibility list is present (1.1 … 4.2).
    for id in ["1.1", "1.7", "2.1", "2.15", "3.1", "3.9", "4.1", "4.2"] {
        assert!(duties.contains(id), "duties lacks {id}");
    }
}

/// The top of the topmost word and the leftmost word start of a page (word boxes as
/// `pdftotext -bbox` gives them). Words beginning with a CJK opening bracket are
/// skipped: Typst trims the blank left half of such a glyph at a line start, so its box
/// starts half an em further left.
fn first_line_box(page: &crate::common::pdf::Page) -> (f64, f64) {
    let top = page
        .words
        .iter()
        .map(|w| w.y0)
        .fold(f64::INFINITY, f64::min);
    let left = page
        .words
        .iter()
        .filter(|w| !w.text.starts_with(['（', '“', '《', '〔', '「', '【']))
        .map(|w| w.x0)
        .fold(f64::INFINITY, f64::min);
    (top, left)
}

#[test]
fn body_text_block_starts_37mm_from_top_and_28mm_from_left() {
    let out = tempfile::tempdir().unwrap();
    build_sample(out.path());
    let plan = out.path().join("清禾区/实施方案.pdf");
    let pages = crate::common::pdf::pages(&plan);
    assert!(!pages.is_empty());
    let mm = |v: f64| v * 25.4 / 72.0;
    let (mut at_top, mut at_left) = (0, 0);
    // Portrait pages only (annex 1 may be landscape in other styles; here it is not).
    for (i, words) in pages.iter().enumerate() {
        let page = i + 1;
        assert!(!words.landscape(), "page {page} is landscape");
        let (top, left) = first_line_box(words);
        // Nothing is ever set above or left of the type area…
        assert!(
            mm(top) > 37.0 - 0.3,
            "page {page}: text at {} mm from top",
            mm(top)
        );
        assert!(
            mm(left) > 28.0 - 0.3,
            "page {page}: text at {} mm from left",
            mm(left)
        );
        // …and body pages start exactly at its corner.
        at_top += usize::from((mm(top) - 37.0).abs() < 0.3);
        at_left += usize::from((mm(left) - 28.0).abs() < 0.3);
    }
    assert!(at_top >= 3, "only {at_top} pages start at 37 mm");
    assert!(at_left >= 5, "only {at_left} pages start at 28 mm");
}

/// The 版记 sits at the foot of the last page, its rules closing the type area (262 mm
/// from the top), also when it does not fit below the last table and moves to a page of
/// its own (芦浦区).
#[test]
fn colophon_stands_at_the_foot_of_the_last_page() {
    let out = tempfile::tempdir().unwrap();
    for sample in ["qinghe.xlsx", "lupu.xlsx"] {
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(sample);
        let o = junheng(&[
            "build",
            file.to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{sample}: {o:?}");
    }
    let mm = |v: f64| v * 25.4 / 72.0;
    for county in ["清禾区", "芦浦区"] {
        let plan = out.path().join(county).join("实施方案.pdf");
        let pages = crate::common::pdf::pages(&plan);
        let last = pages.last().expect("a page");
        let word = last
            .words
            .iter()
            .find(|w| w.text == "印发")
            .unwrap_or_else(|| panic!("{county}: no 印发 on the last page"));
        let bottom = mm(word.y1);
        assert!(
            (250.0..262.0).contains(&bottom),
            "{county}: 印发 ends {bottom:.1} mm from the top, not at the foot of the type area"
        );
    }
}

const HOSTILE: &str = r"#emph[x] *y* $z$ <a> @b \ ]";

/// A small but complete workbook whose text fields hold Typst and template syntax.
fn write_hostile_workbook(path: &Path) {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let info = wb.add_worksheet();
    info.set_name("基本信息").unwrap();
    let rows: &[(&str, &str)] = &[
        ("项目", "内容"),
        ("县区名称", "示例县"),
        ("行政级别", "县"),
        ("成文日期", "2026年5月8日"),
        ("统计年度", "2025"),
        ("基本均衡认定年份", "2015"),
        ("报告主题", HOSTILE),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        info.write_string(i as u32, 0, *k).unwrap();
        info.write_string(i as u32, 1, *v).unwrap();
    }
    let schools = wb.add_worksheet();
    schools.set_name("学校").unwrap();
    let headers = [
        "学校名称",
        "学校类型",
        "小学在校生数",
        "小学专任教师数",
        "小学高于规定学历教师数",
        "小学县级以上骨干教师数",
        "小学体育艺术专任教师数",
        "教学及辅助用房面积",
        "体育运动场馆面积",
        "教学仪器设备值",
        "网络多媒体教室数",
        "特殊情形说明",
    ];
    for (j, h) in headers.iter().enumerate() {
        schools.write_string(0, j as u16, *h).unwrap();
    }
    let school_rows: [(&str, f64); 2] = [(HOSTILE, 600.0), ("{{ county }}小学{% raw %}", 480.0)];
    for (i, (name, students)) in school_rows.iter().enumerate() {
        let r = i as u32 + 1;
        schools.write_string(r, 0, *name).unwrap();
        schools.write_string(r, 1, "小学").unwrap();
        let s = *students;
        let values = [
            s,
            s * 0.06,
            s * 0.05,
            s * 0.012,
            s * 0.01,
            s * 5.0,
            s * 8.0,
            s * 2100.0,
            s * 0.025,
        ];
        for (j, v) in values.iter().enumerate() {
            schools.write_number(r, j as u16 + 2, v.round()).unwrap();
        }
        schools.write_string(r, 11, HOSTILE).unwrap();
    }
    let leaders = wb.add_worksheet();
    leaders.set_name("领导小组").unwrap();
    for (j, h) in ["职务", "姓名", "单位及职务"].iter().enumerate() {
        leaders.write_string(0, j as u16, *h).unwrap();
    }
    leaders.write_string(1, 0, "组长").unwrap();
    leaders.write_string(1, 1, HOSTILE).unwrap();
    leaders
        .write_string(1, 2, "县人民政府县长 // not a comment")
        .unwrap();
    let tasks = wb.add_worksheet();
    tasks.set_name("工作任务").unwrap();
    for (j, h) in ["类别", "标题", "内容", "责任单位", "完成时限"]
        .iter()
        .enumerate()
    {
        tasks.write_string(0, j as u16, *h).unwrap();
    }
    tasks.write_string(1, 0, "- 1. = 列表？").unwrap();
    tasks.write_string(1, 1, HOSTILE).unwrap();
    tasks
        .write_string(1, 2, "见 http://example.cn/a*b*c 与 \\\\server\\share")
        .unwrap();
    tasks.write_string(1, 3, "县教育局、{{ x }}").unwrap();
    tasks.write_string(1, 4, "{% if %}").unwrap();
    let texts = wb.add_worksheet();
    texts.set_name("文字材料").unwrap();
    texts.write_string(0, 0, "章节").unwrap();
    texts.write_string(0, 1, "内容").unwrap();
    texts.write_string(1, 0, "指导思想").unwrap();
    texts
        .write_string(1, 1, format!("{HOSTILE}\n= 不是标题\n/* 不是注释 */"))
        .unwrap();
    wb.save(path).unwrap();
}

#[test]
fn every_interpolated_string_prints_literally() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("hostile.xlsx");
    write_hostile_workbook(&book);
    let out = dir.path().join("out");
    let result = junheng(&["build", book.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(
        result.status.success(),
        "hostile workbook must build: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    let plan = text_of(&out.join("示例县/实施方案.pdf"));
    let report = text_of(&out.join("示例县/自评报告.pdf"));
    let literal: String = HOSTILE.chars().filter(|c| !c.is_whitespace()).collect();
    // School name and motto in the report; leader, task title and text in the plan.
    assert!(report.matches(&literal).count() >= 2, "report: {report}");
    assert!(plan.matches(&literal).count() >= 2, "plan: {plan}");
    for literal in [
        "{{county}}小学{%raw%}",
        "//notacomment",
        "http://example.cn/a*b*c",
        "\\\\server\\share",
        "=不是标题",
        "/*不是注释*/",
        "{%if%}",
    ] {
        assert!(
            plan.contains(literal) || report.contains(literal),
            "missing literal {literal}"
        );
    }
}

#[test]
fn check_reports_warnings_but_passes_the_sample() {
    let result = junheng(&["check", sample().to_str().unwrap()]);
    assert!(result.status.success());
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(stdout.contains("检查通过"), "{stdout}");
}

#[test]
fn failed_build_keeps_previous_pdfs() {
    let out = tempfile::tempdir().unwrap();
    build_sample(out.path());
    let pdf = out.path().join("清禾区/自评报告.pdf");
    let before = std::fs::read(&pdf).unwrap();
    // A broken workbook for the same county: the 学校 sheet lacks its type column.
    let broken = out.path().join("broken.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let info = wb.add_worksheet();
    info.set_name("基本信息").unwrap();
    info.write_string(0, 0, "项目").unwrap();
    info.write_string(0, 1, "内容").unwrap();
    info.write_string(1, 0, "县区名称").unwrap();
    info.write_string(1, 1, "清禾区").unwrap();
    let schools = wb.add_worksheet();
    schools.set_name("学校").unwrap();
    schools.write_string(0, 0, "学校名称").unwrap();
    schools.write_string(1, 0, "甲小学").unwrap();
    wb.save(&broken).unwrap();
    let result = junheng(&[
        "build",
        broken.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("学校类型"), "{stderr}");
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        before,
        "previous PDF must survive"
    );
}

#[test]
fn user_font_wins_its_role_and_bundled_font_fills_missing_glyphs() {
    let out = tempfile::tempdir().unwrap();
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts");
    let result = junheng(&[
        "build",
        sample().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--only",
        "plan",
        "--font-dir",
        fonts.to_str().unwrap(),
    ]);
    assert!(result.status.success());
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(stdout.contains("使用「KaiTi_GB2312」"), "{stdout}");
    let pdf = out.path().join("清禾区/实施方案.pdf");
    let fonts: Vec<String> = crate::common::pdf::fonts(&pdf)
        .into_iter()
        .map(|f| f.name)
        .collect();
    // The fixture covers only a few heading characters: both faces must be used.
    assert!(
        fonts.iter().any(|f| f.contains("KaiTi_GB2312-Test")),
        "{fonts:?}"
    );
    assert!(fonts.iter().any(|f| f.contains("FandolKai")), "{fonts:?}");
    assert!(
        !out.path().join("清禾区/自评报告.pdf").exists(),
        "--only plan"
    );
}
