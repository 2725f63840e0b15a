//! One diagnosis: every workbook in `tests/fixtures` gets the same exit code and the same
//! problem list from every entry point — `check`, `build` (and `watch`, which loads
//! through the same `Project::load`), `eval`, `diff` and the 工作台's upload check. Before
//! issue 26 `build` never ran the validator: `32_zero_students_with_teachers.xlsx` failed
//! `check` and built PDFs.

use std::path::{Path, PathBuf};

use junheng::pipeline::{self, Input, Options, PipelineError, Project};
use junheng::problem::Problem;
use junheng::render::fonts::FontSet;

fn fixtures() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixtures dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "xlsx" | "xls" | "ods"))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The exit code a problem list gives: 1 with any error, else 0.
fn code(problems: &[Problem]) -> i32 {
    i32::from(problems.iter().any(Problem::is_error))
}

#[test]
fn every_fixture_gets_one_diagnosis_everywhere() {
    let files = fixtures();
    assert!(files.len() > 50, "only {} fixtures found", files.len());
    let fonts = FontSet::bundled();
    let today = pipeline::today();
    let project = Project::with_fonts(None, Options::default()).expect("fonts");
    let mut refused = 0;
    for file in &files {
        let name = file.display().to_string();
        // check (CLI library function) — the reference list.
        let checked = pipeline::check(file, &fonts, today);
        let expected = code(&checked);
        // build / watch: Project::load from the path.
        let built: Vec<Problem> = match project.load(Input::Path(file)) {
            Ok(p) => p.warnings,
            Err(PipelineError::Input { problems, .. }) => problems,
            Err(e) => panic!("{name}: {e}"),
        };
        // The 工作台: the upload's bytes, and the stored file's check.
        let bytes = std::fs::read(file).expect("read fixture");
        let label = file.file_name().and_then(|n| n.to_str()).unwrap_or("x");
        let uploaded: Vec<Problem> = match project.load(Input::Bytes { name: label, bytes }) {
            Ok(p) => p.warnings,
            Err(PipelineError::Input { problems, .. }) => problems,
            Err(e) => panic!("{name}: {e}"),
        };
        let served = match junheng::server::pipeline::check(file) {
            Ok(p) => p.warnings,
            Err(problems) => problems,
        };
        assert_eq!(code(&built), expected, "{name}: build vs check");
        assert_eq!(code(&uploaded), expected, "{name}: upload vs check");
        assert_eq!(code(&served), expected, "{name}: 工作台 vs check");
        assert_eq!(
            built, served,
            "{name}: build and 工作台 problem lists differ"
        );
        // check lists the same problems, plus (when the workbook has no error) the
        // characters the bundled fonts lack, which `build` adds before rendering.
        assert!(
            checked.starts_with(&built),
            "{name}: check's list does not begin with build's\ncheck: {checked:#?}\nbuild: {built:#?}"
        );
        // A problem about the file itself names it: by path from disk, by its name
        // from an upload.
        let path = file.display().to_string();
        let plain = |p: &Problem| {
            (
                p.severity,
                p.sheet.replace(&path, label),
                p.row,
                p.column.clone(),
                p.message.replace(&path, label),
            )
        };
        let same_messages = |a: &[Problem], b: &[Problem]| {
            a.iter().map(plain).collect::<Vec<_>>() == b.iter().map(plain).collect::<Vec<_>>()
        };
        assert!(
            same_messages(&built, &uploaded),
            "{name}: the upload's problems differ from the file's\nfile: {built:#?}\nupload: {uploaded:#?}"
        );
        if expected == 1 {
            refused += 1;
        }
    }
    assert!(
        refused > 10,
        "only {refused} fixtures refused: the list is not the bad one"
    );
}

/// The CLI commands give one exit code per fixture: `check`, `eval --json`, `diff A A`
/// and `build` (which renders only when the workbook has no error).
#[test]
fn every_command_gives_the_same_exit_code() {
    let out = tempfile::tempdir().expect("tempdir");
    for file in fixtures() {
        let name = file.display().to_string();
        let check = run!("check", &file).status.code();
        assert!(matches!(check, Some(0 | 1)), "{name}: check gave {check:?}");
        let eval = run!("eval", &file, "--json").status.code();
        assert_eq!(eval, check, "{name}: eval vs check");
        let diff = run!("diff", &file, &file).status.code();
        assert_eq!(diff, check, "{name}: diff vs check");
        // Building a workbook without errors is the render tests' business; here the
        // point is that a workbook check refuses is refused by build too.
        if check == Some(1) {
            let build = run!(
                "build",
                &file,
                "-o",
                out.path(),
                "--only",
                "duties",
                "--format",
                "pdf"
            );
            assert_eq!(build.status.code(), Some(1), "{name}: build vs check");
            let written = std::fs::read_dir(out.path()).map_or(0, |d| d.count());
            assert_eq!(
                written, 0,
                "{name}: build wrote files for a refused workbook"
            );
        }
    }
}

/// The probe of the issue: a fixture `check` refuses was built anyway.
#[test]
fn zero_students_with_teachers_is_refused_by_build() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad/32_zero_students_with_teachers.xlsx");
    let out = tempfile::tempdir().expect("tempdir");
    let o = run!("build", &file, "-o", out.path(), "--format", "pdf");
    assert_eq!(o.status.code(), Some(1), "{}", crate::common::stderr(&o));
    assert_eq!(std::fs::read_dir(out.path()).map_or(0, |d| d.count()), 0);
}
