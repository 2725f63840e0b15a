//! Characters of the 通用规范汉字表 print from the bundled fallback faces; characters
//! beyond it are warned by both `check` and `build`; `--pdfa` writes PDF/A-2b.

use std::path::{Path, PathBuf};

use calamine::Data;

use crate::common::{Book, pdf_text_squeezed, sample, stderr, stdout};

fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

/// The fonts of a PDF, as `pdffonts` lists them.
fn pdffonts(pdf: &Path) -> Vec<crate::common::pdf::Font> {
    crate::common::pdf::fonts(pdf)
}

#[test]
fn check_warns_of_characters_no_font_has_like_build_does() {
    let file = bad_dir().join("rare_chars.xlsx");
    let out = run!("check", file);
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(
        all.contains("警告：工作表「学校」 第5行 学校名称列：「𠀾𡈼学校」中的 “𠀾”（U+2003E）、“𡈼”（U+2123C） 没有任何字体收录"),
        "{all}"
    );
    assert!(
        all.contains(
            "警告：工作表「领导小组」 第2行 姓名列：「王𪚥」中的 “𪚥”（U+2A6A5） 没有任何字体收录"
        ),
        "{all}"
    );
}

#[test]
fn name_characters_fandol_lacks_print_from_the_fallback_in_every_role() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = Book::open(&sample());
    // Twelve characters of names reported as blank boxes, in a leader's name (a table
    // cell) and in the county's name (the 小标宋 title and the body text).
    // Short names, so that no table cell wraps them.
    let names = ["王堃喆", "李玥珺", "赵昇䶮", "钱赟犇", "孙旸燊", "周翀"];
    let (header_row, name_col) = book.header("领导小组", "姓名");
    for (i, name) in names.iter().enumerate() {
        book.set(
            "领导小组",
            header_row + 1 + i,
            name_col,
            Data::String(name.to_string()),
        );
    }
    book.set_item("基本信息", "县区名称", Data::String("镕溪区".to_string()));
    let file = dir.path().join("rare.xlsx");
    book.save(&file);

    let check = run!("check", file);
    assert!(
        !stdout(&check).contains("没有任何字体收录"),
        "{}",
        stdout(&check)
    );
    assert!(
        !stderr(&check).contains("没有任何字体收录"),
        "{}",
        stderr(&check)
    );

    let out_dir = dir.path().join("out");
    let out = run!("build", file, "-o", out_dir, "--date", "2026-03-16");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("没有任何字体收录"),
        "{}",
        stderr(&out)
    );
    let county = std::fs::read_dir(&out_dir)
        .expect("out")
        .filter_map(Result::ok)
        .find(|e| e.path().is_dir())
        .expect("county folder")
        .path();
    let plan = county.join("实施方案.pdf");
    let text = pdf_text_squeezed(&plan);
    for name in names {
        assert!(text.contains(name), "leader's name {name} not printed");
    }
    assert!(text.contains("镕溪区"), "county name not printed");
    let fonts = pdffonts(&plan);
    let named = |name: &str| fonts.iter().any(|f| f.name.contains(name));
    assert!(named("NotoSerifCJKsc-Regular"), "{fonts:?}");
    assert!(named("NotoSerifCJKsc-Bold"), "title face: {fonts:?}");
    for font in &fonts {
        assert!(
            font.embedded && font.subset,
            "font not embedded as a subset: {font:?}"
        );
    }
}

#[test]
fn pdfa_declares_pdf_a_2b_and_embeds_every_font() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("a");
    let plain = dir.path().join("p");
    let out = run!(
        "build",
        sample(),
        "-o",
        archive,
        "--date",
        "2026-03-16",
        "--pdfa"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run!(
        "build",
        sample(),
        "-o",
        plain,
        "--date",
        "2026-03-16",
        "--only",
        "duties"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let county = archive.join("清禾区");
    for doc in ["实施方案", "责任清单", "自评报告"] {
        let pdf = county.join(format!("{doc}.pdf"));
        let bytes = std::fs::read(&pdf).expect("pdf");
        let xmp = String::from_utf8_lossy(&bytes);
        assert!(
            xmp.contains("<pdfaid:part>2</pdfaid:part>"),
            "{doc}: no pdfaid:part 2"
        );
        assert!(
            xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
            "{doc}: no pdfaid:conformance B"
        );
        let fonts = pdffonts(&pdf);
        assert!(fonts.len() >= 3, "{doc}: {fonts:?}");
        for font in &fonts {
            assert!(font.embedded, "{doc}: font not embedded: {font:?}");
        }
    }
    let bytes = std::fs::read(plain.join("清禾区/责任清单.pdf")).expect("pdf");
    assert!(
        !String::from_utf8_lossy(&bytes).contains("pdfaid:part"),
        "a plain build must not claim PDF/A"
    );
}
