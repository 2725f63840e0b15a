//! `junheng evidence init|check` and `build --evidence`: the folder tree, the check's
//! terminal report and exit code, the 佐证材料目录 PDF, the report annex.

use std::path::{Path, PathBuf};

use calamine::Data;

use crate::common::{Book, pdf_text_squeezed, sample, stderr, stdout};

/// A hand-written PDF with `n` pages (what a scanner would give, minus the images).
fn tiny_pdf(n: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", i + 3)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")),
    ];
    for _ in 0..n {
        objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_string());
    }
    for (i, obj) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{obj}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn folder(root: &Path, area: &str, indicator: &str) -> PathBuf {
    let dir = root.join(area).join(indicator);
    assert!(dir.is_dir(), "{} missing", dir.display());
    dir
}

/// The PDF text without whitespace and without the zero-width breaks put into long names.
/// The PDF's text without whitespace and page numbers ("—26—"): landscape pages carry
/// their number in the margin, which the text stream has between the 附件 mark and its title.
fn squeezed(pdf: &Path) -> String {
    let text = pdf_text_squeezed(pdf).replace('\u{200B}', "");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find('—') {
        out.push_str(&rest[..start]);
        let after = &rest[start + '—'.len_utf8()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with('—') {
            rest = &after[digits + '—'.len_utf8()..];
        } else {
            out.push('—');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn init_builds_the_tree_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("佐证材料");
    let out = run!("evidence", "init", root);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("写出“应提供材料.txt” 33 份"),
        "{}",
        stdout(&out)
    );
    let lists: Vec<String> = crate::common::files_under(&root)
        .into_iter()
        .filter(|f| f.ends_with("应提供材料.txt"))
        .collect();
    assert_eq!(lists.len(), 33, "{lists:?}");
    let class = folder(&root, "二、政府保障程度", "2.5 班额");
    let text = std::fs::read_to_string(class.join("应提供材料.txt")).unwrap();
    assert!(
        text.contains("班额统计表") && text.contains("责任单位：区教育局"),
        "{text}"
    );
    folder(
        &root,
        "一、资源配置",
        "1.1 每百名学生拥有高于规定学历教师数",
    );
    folder(&root, "四、社会认可度", "4.2 一票否决事项");

    // A second run keeps what the county wrote.
    std::fs::write(class.join("应提供材料.txt"), "本县自己的清单").unwrap();
    let out = run!("evidence", "init", root);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("33 份“应提供材料.txt”保持不变"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        std::fs::read_to_string(class.join("应提供材料.txt")).unwrap(),
        "本县自己的清单"
    );
}

#[test]
fn check_reports_found_missing_unmatched_and_hostile_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("材料");
    assert!(run!("evidence", "init", root).status.success());
    let class = folder(&root, "二、政府保障程度", "2.5 班额");
    std::fs::write(class.join("（2026年）班额 统计表.pdf"), tiny_pdf(3)).unwrap();
    std::fs::create_dir(class.join("学籍名册")).unwrap();
    std::fs::write(class.join("学籍名册").join("一年级.xlsx"), b"x").unwrap();
    std::fs::write(class.join("随便写的.docx"), b"x").unwrap();
    let survey = folder(&root, "四、社会认可度", "4.1 社会认可度");
    std::fs::write(survey.join("问卷汇总表.xlsx"), b"").unwrap();
    // A newline and an escape sequence in a name; a long ASCII name.
    let plan = folder(&root, "二、政府保障程度", "2.1 义务教育学校规划布局合理");
    std::fs::write(plan.join("规划文本\n\u{1b}[31m第二版.pdf"), b"not a pdf").unwrap();
    let long = "scan_000123_document_with_a_very_long_name_from_the_copier_规划图.pdf";
    std::fs::write(plan.join(long), tiny_pdf(1)).unwrap();
    std::fs::write(root.join("放错地方的文件.txt"), b"x").unwrap();
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("教师花名册.xlsx"), b"x").unwrap();
        let teachers = folder(
            &root,
            "一、资源配置",
            "1.1 每百名学生拥有高于规定学历教师数",
        );
        std::os::unix::fs::symlink(outside.path(), teachers.join("链接")).unwrap();
    }

    let out_dir = tmp.path().join("out");
    let out = run!(
        "evidence",
        "check",
        root,
        "-o",
        out_dir,
        "--county",
        "测试区",
        "--date",
        "2026-03-16"
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}\n{}", stderr(&out));
    assert!(text.contains("2.5 班额：缺1项（共3项）"), "{text}");
    assert!(
        text.contains("有  班额统计表：（2026年）班额 统计表.pdf（3页）"),
        "{text}"
    );
    assert!(
        text.contains("有  学籍名册：学籍名册/一年级.xlsx"),
        "{text}"
    );
    assert!(
        text.contains("缺  化解大班额方案（责任单位：区教育局）"),
        "{text}"
    );
    assert!(text.contains("未对应任何材料：随便写的.docx"), "{text}");
    assert!(
        text.contains("问卷汇总表（问卷汇总表.xlsx（空文件））"),
        "{text}"
    );
    assert!(
        text.contains("不在任何指标文件夹中：放错地方的文件.txt"),
        "{text}"
    );
    assert!(
        text.contains("规划文本\\u{a}\\u{1b}[31m第二版.pdf"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "escape sequence reached the terminal"
    );
    assert!(text.contains("文件夹是空的：一、资源配置/1.2"), "{text}");
    #[cfg(unix)]
    {
        assert!(text.contains("已跳过：一、资源配置/1.1 每百名学生拥有高于规定学历教师数/链接（符号链接（未跟随））"), "{text}");
        assert!(
            !text.contains("有  教师花名册"),
            "the symlink was followed: {text}"
        );
    }
    assert!(
        text.contains("佐证材料不齐：应提供111项，已提供4项，缺107项；未对应材料的文件2个。"),
        "{text}"
    );

    let pdf = out_dir.join("测试区").join("佐证材料目录.pdf");
    assert!(pdf.is_file(), "{text}");
    // The Word edition of the index, from the same markup: the same file names.
    let (tables, lines) =
        crate::docx::docx_texts(&out_dir.join("测试区").join("佐证材料目录.docx"));
    assert!(tables >= 1, "{lines:?}");
    assert!(
        lines.iter().any(|l| l
            .replace('\u{200B}', "")
            .contains("（2026年）班额 统计表.pdf")),
        "{lines:?}"
    );
    let printed = squeezed(&pdf);
    assert!(
        printed.contains("测试区义务教育优质均衡发展佐证材料目录"),
        "{printed}"
    );
    assert!(
        printed.contains("应提供佐证材料111项，已提供4项，缺107项"),
        "{printed}"
    );
    assert!(
        printed.contains("（2026年）班额统计表.pdf3区教育局有"),
        "{printed}"
    );
    // No file found for it: 无 (not “—”, which means not applicable).
    assert!(printed.contains("化解大班额方案无"), "{printed}");
    assert!(printed.contains(&long.replace(' ', "")), "{printed}");
    assert!(printed.contains("问卷汇总表.xlsx（空文件）"), "{printed}");
    assert!(
        printed.contains("规划文本??[31m第二版.pdf：不是PDF文件"),
        "{printed}"
    );
    assert!(printed.contains("随便写的.docx") && printed.contains("放错地方的文件.txt"));
    assert!(printed.contains("测试区教育局2026年3月16日"), "{printed}");
    let marks = printed.matches('缺').count();
    // 107 status marks, plus the summary and the note's mentions of 缺.
    assert!(marks >= 107, "{marks} 缺 marks");
}

#[test]
fn a_workbook_list_replaces_items_and_a_complete_tree_exits_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let mut book = Book::open(&sample());
    let s = |t: &str| Data::String(t.to_string());
    let mut rows = vec![
        vec![s("指标编号"), s("材料名称"), s("责任单位"), s("说明")],
        vec![s("2.5"), s("班级名单"), s("区教育局基教股"), s("每班一份")],
        vec![Data::Empty, s("班额统计表"), Data::Empty, Data::Empty],
    ];
    for ind in junheng::evaluate::catalogue::INDICATORS {
        if ind.id != "2.5" {
            rows.push(vec![s(ind.id.as_str()), s("无"), Data::Empty, Data::Empty]);
        }
    }
    book.sheets.push(("佐证材料".to_string(), rows));
    let workbook = tmp.path().join("清禾区.xlsx");
    book.save(&workbook);

    let root = tmp.path().join("材料");
    let out = run!("evidence", "init", root, "--workbook", workbook);
    assert!(out.status.success(), "{}", stderr(&out));
    let class = folder(&root, "二、政府保障程度", "2.5 班额");
    let list = std::fs::read_to_string(class.join("应提供材料.txt")).unwrap();
    assert!(
        list.contains("1．班级名单") && list.contains("2．班额统计表"),
        "{list}"
    );
    assert!(list.contains("责任单位：区教育局基教股"), "{list}");
    assert!(!list.contains("化解大班额方案"), "{list}");
    let other = std::fs::read_to_string(
        folder(&root, "三、教育质量", "3.1 初中三年巩固率").join("应提供材料.txt"),
    )
    .unwrap();
    assert!(other.contains("不需要提供佐证材料"), "{other}");

    std::fs::write(class.join("2026班级名单.xlsx"), b"x").unwrap();
    let out_dir = tmp.path().join("out");
    let args = ["evidence", "check"];
    let out = run!(
        args[0],
        args[1],
        root,
        "--workbook",
        workbook,
        "-o",
        out_dir
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("缺  班额统计表（责任单位："),
        "{}",
        stdout(&out)
    );

    std::fs::write(class.join("班额统计表.xlsx"), b"x").unwrap();
    let out = run!(
        args[0],
        args[1],
        root,
        "--workbook",
        workbook,
        "-o",
        out_dir
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("佐证材料齐全：应提供2项"),
        "{}",
        stdout(&out)
    );
    let printed = squeezed(&out_dir.join("清禾区").join("佐证材料目录.pdf"));
    assert!(
        printed.contains("清禾区义务教育优质均衡发展佐证材料目录"),
        "{printed}"
    );
    assert!(printed.contains("已全部提供"), "{printed}");
    assert!(
        printed.contains("班级名单2026班级名单.xlsx—区教育局基教股有"),
        "{printed}"
    );
}

#[test]
fn a_bad_evidence_sheet_is_located() {
    let tmp = tempfile::tempdir().unwrap();
    let mut book = Book::open(&sample());
    let s = |t: &str| Data::String(t.to_string());
    book.sheets.push((
        "佐证材料".to_string(),
        vec![
            vec![s("指标编号"), s("材料名称")],
            vec![s("9.9"), s("规划文本")],
            vec![s("2.5"), s("班额统计表")],
            vec![s("2.5"), s("班额统计表")],
        ],
    ));
    let workbook = tmp.path().join("x.xlsx");
    book.save(&workbook);
    let out = run!("evidence", "check", tmp.path(), "--workbook", workbook);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("佐证材料") && err.contains("第2行") && err.contains("9.9"),
        "{err}"
    );
    assert!(err.contains("第4行") && err.contains("重复"), "{err}");
}

#[test]
fn build_with_evidence_ends_the_report_with_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("材料");
    assert!(run!("evidence", "init", root).status.success());
    let class = folder(&root, "二、政府保障程度", "2.5 班额");
    std::fs::write(class.join("班额统计表.pdf"), tiny_pdf(2)).unwrap();
    let out_dir = tmp.path().join("out");
    let out = run!(
        "build",
        sample(),
        "-o",
        out_dir,
        "--only",
        "report",
        "--date",
        "2026-03-16",
        "--evidence",
        root
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("佐证材料：应提供111项，已提供1项，缺110项"),
        "{}",
        stdout(&out)
    );
    let printed = squeezed(&out_dir.join("清禾区").join("自评报告.pdf"));
    assert!(
        printed.contains("6．清禾区义务教育优质均衡发展佐证材料目录"),
        "{printed}"
    );
    assert!(
        printed.contains("附件6清禾区义务教育优质均衡发展佐证材料目录"),
        "{printed}"
    );
    assert!(printed.contains("班额统计表.pdf2"), "{printed}");
    // The 问题清单 names the missing items and who must supply them.
    // (Table cells wrap, so their lines may come apart in the text: check the pieces.)
    assert!(printed.contains("佐证材料缺2项：学籍名册"), "{printed}");
    assert!(printed.contains("佐证材料缺4项：规划文本"), "{printed}");
    assert_eq!(printed.matches("佐证材料缺").count(), 33, "{printed}");
    // The index is the last annex: nothing of annex 5 follows it.
    let annex6 = printed.find("附件6").unwrap();
    assert!(printed.find("附件5").unwrap() < annex6);

    // With a folder of workbooks, one evidence folder is refused.
    let out = run!("build", tmp.path(), "--evidence", root);
    assert_eq!(out.status.code(), Some(2));
}
