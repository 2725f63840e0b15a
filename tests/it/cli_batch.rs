//! `junheng build DIR`: every workbook under DIR is a county; a broken workbook is
//! reported and skipped while the others still build; a 汇总表 compares the counties.

use std::path::Path;

use crate::common::{Book, pdf_text_squeezed, sample, stderr, stdout};
use calamine::Data;

/// Three good counties (one of them passes every indicator), one broken workbook, an
/// Office lock file and a non-workbook file.
pub(crate) fn folder(root: &Path) {
    let base = Book::open(&sample());
    let mut a = base.clone();
    a.set_item("基本信息", "县区名称", Data::String("清禾区".into()));
    a.save(&root.join("清禾区.xlsx"));
    let mut b = base.clone();
    b.set_item("基本信息", "县区名称", Data::String("青山区".into()));
    // Lift 柳塘镇中心小学's equipment above the standard: 青山区 passes.
    b.set_by(
        "学校",
        "学校名称",
        "清禾区柳塘镇中心小学",
        "教学仪器设备值",
        Data::Float(110.0),
    );
    b.save(&root.join("市区/青山区.xlsx"));
    let mut c = base.clone();
    c.set_item("基本信息", "县区名称", Data::String("白水县".into()));
    c.set_item("基本信息", "行政级别", Data::String("县".into()));
    c.save(&root.join("县/白水县.xlsx"));
    // Broken: the required 县区名称 is blank.
    let mut broken = base.clone();
    broken.set_item("基本信息", "县区名称", Data::Empty);
    broken.save(&root.join("县/损坏.xlsx"));
    // Noise that must be ignored.
    std::fs::write(root.join("~$清禾区.xlsx"), b"lock").unwrap();
    std::fs::write(root.join("说明.txt"), "不是工作簿").unwrap();
}

#[test]
fn builds_three_and_reports_the_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    folder(&input);
    let out_dir = dir.path().join("out");
    let out = run!("build", input, "-o", out_dir, "-j", "2");
    let (so, se) = (stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{so}\n{se}");

    for county in ["清禾区", "青山区", "白水县"] {
        for stem in ["实施方案", "责任清单", "自评报告"] {
            let pdf = out_dir.join(county).join(format!("{stem}.pdf"));
            assert!(pdf.is_file(), "{} missing\n{so}\n{se}", pdf.display());
        }
    }
    let dirs: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    assert_eq!(
        dirs.len(),
        6,
        "three counties, the 汇总表 (PDF and Word) and the JSON-lines summary"
    );
    assert!(out_dir.join("汇总表.docx").is_file());
    assert!(so.contains("汇总表.docx（Word 版）"), "{so}");
    assert!(out_dir.join("summary.jsonl").is_file());

    assert!(so.contains("共 4 个工作簿，成功 3 个，失败 1 个"), "{so}");
    assert!(so.contains("损坏.xlsx"), "{so}");
    assert!(se.contains("损坏.xlsx") && se.contains("县区名称"), "{se}");
    assert!(
        !so.contains("~$") && !se.contains("~$"),
        "lock file must be skipped"
    );
    assert!(!se.contains("说明.txt"));

    // The 汇总表 compares the three counties and names the skipped workbook.
    let text = pdf_text_squeezed(&out_dir.join("汇总表.pdf"));
    assert!(text.contains("义务教育优质均衡发展评估汇总表"), "{text}");
    assert!(
        text.contains("共3个县（区），其中1个各项指标均已达标"),
        "{text}"
    );
    for county in ["清禾区", "青山区", "白水县"] {
        assert!(text.contains(county), "{text}");
    }
    assert!(text.contains("损坏.xlsx"), "{text}");
    assert!(
        text.contains("未达标1.6"),
        "清禾区 and 白水县 miss 1.6: {text}"
    );
}

#[test]
fn results_print_in_path_order_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    folder(&input);
    let first = run!("build", input, "-o", dir.path().join("o1"), "-j", "1");
    let second = run!("build", input, "-o", dir.path().join("o2"), "-j", "2");
    let names = |o: &std::process::Output| -> Vec<String> {
        stdout(o)
            .lines()
            .filter(|l| l.contains("已生成"))
            .map(|l| l.split('：').next().unwrap_or("").to_string())
            .collect()
    };
    // Path order (县/白水县, 市区/青山区, 清禾区), not completion order.
    assert_eq!(names(&first), vec!["白水县", "青山区", "清禾区"]);
    assert_eq!(names(&first), names(&second));
}

#[test]
fn two_workbooks_of_one_county_do_not_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let book = Book::open(&sample());
    book.save(&input.join("a.xlsx"));
    book.save(&input.join("b.xlsx"));
    let out = run!("build", input, "-o", dir.path().join("out"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("相同"), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("成功 1 个，失败 1 个"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn empty_folder_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run!("build", dir.path(), "-o", dir.path().join("out"));
    assert_eq!(out.status.code(), Some(1));
}
