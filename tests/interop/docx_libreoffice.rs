//! LibreOffice converts every Word edition without complaint and sets it on about as
//! many pages as our PDF (Debian package libreoffice-writer-nogui).

use std::path::{Path, PathBuf};

use crate::common::{sample, stderr};

use crate::common::{DOCUMENT_STEMS as STEMS, SAMPLE_COUNTIES as SAMPLES};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Convert `docx` files with LibreOffice (headless, in the profile folder `profile`) into
/// `outdir`, asserting that it does not complain; `label` names them in failures.
///
/// LibreOffice sees the fonts the documents name (仿宋, 黑体, 楷体, 宋体, 方正小标宋简体)
/// as the bundled Fandol faces, as on an office computer that has them: without any CJK
/// font it draws boxes in DejaVu Sans, whose widths wrap narrow cells that Word would not.
fn libreoffice(label: &str, docx: &[PathBuf], outdir: &Path, profile: &Path) {
    let soffice = crate::need("soffice", "libreoffice-writer-nogui");
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let mut conf = format!(
        "<?xml version=\"1.0\"?>\n<fontconfig><include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include><dir>{}</dir><cachedir>{}</cachedir>",
        fonts.display(),
        profile.join("fc-cache").display()
    );
    for (name, face) in [
        ("仿宋", "FandolFang"),
        ("黑体", "FandolHei"),
        ("楷体", "FandolKai"),
        ("宋体", "FandolSong"),
        ("方正小标宋简体", "FandolSong"),
    ] {
        conf.push_str(&format!(
            "<alias binding=\"same\"><family>{name}</family><prefer><family>{face}</family></prefer></alias>"
        ));
    }
    conf.push_str("</fontconfig>\n");
    let conf_path = profile.join("fonts.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let result = std::process::Command::new(soffice)
        .env("FONTCONFIG_FILE", &conf_path)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(outdir)
        .args(docx)
        .output()
        .unwrap_or_else(|e| panic!("interop: cannot run soffice: {e}"));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success() && !stderr.to_lowercase().contains("error"),
        "{label}: LibreOffice complained: {stderr}"
    );
}

/// LibreOffice's pages of a converted .docx are within 0.8–1.2× of our PDF's.
fn assert_pages_close(label: &str, ours: &Path, theirs: &Path) {
    let (ours, theirs) = (
        crate::common::pdf::page_count(ours),
        crate::common::pdf::page_count(theirs),
    );
    let ratio = theirs as f64 / ours as f64;
    assert!(
        (0.8..=1.2).contains(&ratio),
        "{label}: LibreOffice sets {theirs} pages, we set {ours}"
    );
}

#[test]
fn libreoffice_converts_every_docx_to_about_as_many_pages_as_the_pdf() {
    let out = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    for (file, county) in SAMPLES {
        let o = run!("build", samples().join(file), "-o", out.path());
        assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
        let dir = out.path().join(county);
        let converted = out.path().join(format!("{county}-lo"));
        let docx: Vec<PathBuf> = STEMS
            .iter()
            .map(|stem| dir.join(format!("{stem}.docx")))
            .collect();
        libreoffice(file, &docx, &converted, profile.path());
        for stem in STEMS {
            assert_pages_close(
                &format!("{file} {stem}"),
                &dir.join(format!("{stem}.pdf")),
                &converted.join(format!("{stem}.pdf")),
            );
        }
    }
}

/// The two tables made beside the county documents: the 汇总表 of a folder (36 counties,
/// over several pages) and the 数据更正对照表 of `diff`.
#[test]
fn summary_and_correction_table_convert_to_about_as_many_pages() {
    let dir = tempfile::tempdir().unwrap();
    let built = dir.path().join("built");
    let out = run!(
        "build",
        samples(),
        "-o",
        built,
        "--only",
        "plan",
        "--format",
        "pdf",
        "--date",
        "2026-03-16"
    );
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    // Six copies of each sample county's line under other names: a 汇总表 of 36 counties.
    let lines = std::fs::read_to_string(built.join("summary.jsonl")).unwrap();
    let mut many = String::new();
    for copy in 1..=6 {
        for line in lines.lines() {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(county) = v["county"].as_str().map(str::to_string) {
                let renamed = format!("{county}{copy}");
                v["county"] = renamed.clone().into();
                if v["row"].is_object() {
                    v["row"]["county"] = renamed.into();
                }
            }
            v["file"] = format!("{copy:02}/{}", v["file"].as_str().unwrap()).into();
            many.push_str(&v.to_string());
            many.push('\n');
        }
    }
    let shard = dir.path().join("shard");
    std::fs::create_dir_all(&shard).unwrap();
    std::fs::write(shard.join("summary.jsonl"), many).unwrap();
    let summary = dir.path().join("汇总表.pdf");
    let out = run!("summary", shard, "-o", summary, "--date", "2026-03-16");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        crate::common::pdf::page_count(&summary) > 1,
        "the 汇总表 runs over pages"
    );

    // A correction: one school's equipment value and the county's contact number.
    let old = dir.path().join("old.xlsx");
    let new = dir.path().join("new.xlsx");
    let book = crate::common::Book::open(&sample());
    book.save(&old);
    let mut changed = book.clone();
    changed.set_by(
        "学校",
        "学校名称",
        "清禾区柳塘镇中心小学",
        "教学仪器设备值",
        calamine::Data::Float(110.0),
    );
    changed.set_item(
        "基本信息",
        "联系电话",
        calamine::Data::String("0000-1234567".into()),
    );
    changed.save(&new);
    let table = dir.path().join("对照表.pdf");
    let table_docx = dir.path().join("对照表.docx");
    let out = run!("diff", old, new, "--pdf", table, "--docx", table_docx);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let converted = dir.path().join("lo");
    let profile = tempfile::tempdir().unwrap();
    libreoffice(
        "汇总表 and 对照表",
        &[dir.path().join("汇总表.docx"), table_docx],
        &converted,
        profile.path(),
    );
    assert_pages_close("汇总表", &summary, &converted.join("汇总表.pdf"));
    assert_pages_close("数据更正对照表", &table, &converted.join("对照表.pdf"));
}
