//! Nothing a person wrote is lost (issue 25, item 3): a build never overwrites or deletes
//! a file of the tool's names that differs from what the tool recorded writing; it keeps
//! it under a dated name and says so. A rebuild that writes fewer editions removes the
//! tool's unchanged ones, and `--skip-unchanged` checks the files by content.

use std::path::{Path, PathBuf};

use crate::common::{sample, stderr, stdout};

/// `build SAMPLE -o OUT ARGS…`, which must succeed; its stdout.
fn build(out: &Path, extra: &[&str]) -> String {
    let mut args: Vec<std::ffi::OsString> = vec!["build".into(), sample().into(), "-o".into()];
    args.push(out.into());
    args.extend(extra.iter().map(Into::into));
    let result = std::process::Command::new(env!("CARGO_BIN_EXE_junheng"))
        .args(&args)
        .output()
        .expect("run junheng");
    assert!(result.status.success(), "{}", stderr(&result));
    stdout(&result)
}

/// File names in a folder (hidden ones too), sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

/// The names in `dir` that are kept copies of `stem.ext`.
fn kept(dir: &Path, stem: &str, ext: &str) -> Vec<PathBuf> {
    names(dir)
        .into_iter()
        .filter(|n| {
            n.starts_with(&format!("{stem}（"))
                && n.contains("修改稿")
                && n.ends_with(&format!(".{ext}"))
        })
        .map(|n| dir.join(n))
        .collect()
}

#[test]
fn an_edited_docx_is_kept_under_a_dated_name_and_never_overwritten() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), &["--only", "plan"]);
    let dir = out.path().join("清禾区");
    let docx = dir.join("实施方案.docx");
    let fresh = std::fs::read(&docx).unwrap();

    // A leader's edit (any change of the bytes counts).
    let mut edited = fresh.clone();
    edited.extend_from_slice(b"leader");
    std::fs::write(&docx, &edited).unwrap();
    let said = build(out.path(), &["--only", "plan"]);
    assert!(said.contains("已保留「实施方案.docx」"), "{said}");
    assert_eq!(std::fs::read(&docx).unwrap(), fresh, "a fresh edition");
    let first = kept(&dir, "实施方案", "docx");
    assert_eq!(first.len(), 1, "{:?}", names(&dir));
    assert_eq!(std::fs::read(&first[0]).unwrap(), edited);
    let name = first[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(said.contains(&format!("改名为「{name}」")), "{said}");
    assert!(
        name.starts_with("实施方案（20") && name.ends_with(" 修改稿）.docx"),
        "{name}"
    );

    // A second edit the same day never takes the first one's name.
    let mut again = fresh.clone();
    again.extend_from_slice(b"twice");
    std::fs::write(&docx, &again).unwrap();
    build(out.path(), &["--only", "plan"]);
    let both = kept(&dir, "实施方案", "docx");
    assert_eq!(both.len(), 2, "{:?}", names(&dir));
    assert_eq!(
        std::fs::read(&first[0]).unwrap(),
        edited,
        "first copy intact"
    );
    let contents: Vec<Vec<u8>> = both.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(contents.contains(&again));

    // An unchanged folder rebuilds without keeping anything more.
    let said = build(out.path(), &["--only", "plan"]);
    assert!(!said.contains("已保留"), "{said}");
    assert_eq!(kept(&dir, "实施方案", "docx").len(), 2);
}

#[test]
fn a_file_of_our_names_the_tool_never_wrote_is_kept() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("清禾区");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("责任清单.pdf"), b"%PDF-1.7 mine").unwrap();
    let said = build(out.path(), &["--only", "duties", "--format", "pdf"]);
    assert!(said.contains("已保留「责任清单.pdf」"), "{said}");
    let copies = kept(&dir, "责任清单", "pdf");
    assert_eq!(copies.len(), 1, "{:?}", names(&dir));
    assert_eq!(std::fs::read(&copies[0]).unwrap(), b"%PDF-1.7 mine");
    assert!(std::fs::read(dir.join("责任清单.pdf")).unwrap().len() > 1000);
}

#[test]
fn a_rebuild_with_fewer_editions_leaves_no_stale_one_looking_current() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("清禾区");
    build(out.path(), &["--only", "plan,duties"]);
    assert!(dir.join("实施方案.docx").is_file() && dir.join("责任清单.pdf").is_file());

    // --format pdf: the unchanged Word edition goes, and the build says so.
    let said = build(out.path(), &["--only", "plan,duties", "--format", "pdf"]);
    assert!(!dir.join("实施方案.docx").exists(), "{:?}", names(&dir));
    assert!(!dir.join("责任清单.docx").exists(), "{:?}", names(&dir));
    assert!(said.contains("已删除上次生成的「实施方案.docx」"), "{said}");
    assert!(dir.join("实施方案.pdf").is_file());

    // --only plan: the other document's unchanged PDF goes too.
    let said = build(out.path(), &["--only", "plan", "--format", "pdf"]);
    assert!(!dir.join("责任清单.pdf").exists(), "{:?}", names(&dir));
    assert!(said.contains("已删除上次生成的「责任清单.pdf」"), "{said}");

    // An edited Word edition that is not written again is kept, renamed, not deleted.
    build(out.path(), &["--only", "plan"]);
    let docx = dir.join("实施方案.docx");
    let mut edited = std::fs::read(&docx).unwrap();
    edited.extend_from_slice(b"leader");
    std::fs::write(&docx, &edited).unwrap();
    let said = build(out.path(), &["--only", "plan", "--format", "pdf"]);
    assert!(
        !docx.exists(),
        "no .docx looking current: {:?}",
        names(&dir)
    );
    let copies = kept(&dir, "实施方案", "docx");
    assert_eq!(copies.len(), 1, "{:?}", names(&dir));
    assert_eq!(std::fs::read(&copies[0]).unwrap(), edited);
    assert!(said.contains("已保留「实施方案.docx」"), "{said}");
}

#[test]
fn skip_unchanged_checks_the_files_by_content() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("清禾区");
    build(out.path(), &["--only", "plan", "--format", "pdf"]);
    let pdf = dir.join("实施方案.pdf");
    let good = std::fs::read(&pdf).unwrap();
    let said = build(
        out.path(),
        &["--only", "plan", "--format", "pdf", "--skip-unchanged"],
    );
    assert!(said.contains("已是最新"), "{said}");

    // Same name, same size class, newer time: only the content tells.
    std::fs::write(&pdf, b"%PDF-1.7").unwrap();
    let said = build(
        out.path(),
        &["--only", "plan", "--format", "pdf", "--skip-unchanged"],
    );
    assert!(!said.contains("已是最新"), "{said}");
    assert_eq!(std::fs::read(&pdf).unwrap(), good, "rebuilt");
    let copies = kept(&dir, "实施方案", "pdf");
    assert_eq!(copies.len(), 1, "{:?}", names(&dir));
    assert_eq!(std::fs::read(&copies[0]).unwrap(), b"%PDF-1.7");
}

#[test]
fn watch_keeps_an_edited_docx_too() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("清禾区");
    build(out.path(), &["--only", "plan"]);
    let docx = dir.join("实施方案.docx");
    let fresh = std::fs::read(&docx).unwrap();
    let mut edited = fresh.clone();
    edited.extend_from_slice(b"leader");
    std::fs::write(&docx, &edited).unwrap();
    let result = run!(
        "watch",
        sample(),
        "-o",
        out.path(),
        "--only",
        "plan",
        "--exit-after",
        "1"
    );
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(
        stdout(&result).contains("已保留「实施方案.docx」"),
        "{}",
        stdout(&result)
    );
    assert_eq!(std::fs::read(&docx).unwrap(), fresh);
    let copies = kept(&dir, "实施方案", "docx");
    assert_eq!(copies.len(), 1, "{:?}", names(&dir));
    assert_eq!(std::fs::read(&copies[0]).unwrap(), edited);
}
