//! The bad-input catalogue: every file in `tests/fixtures/bad/` is run through
//! `junheng check` and must give the exit code and every message line that
//! `tests/fixtures/bad/expected.tsv` lists for it (regenerate both with
//! `cargo run --example make_bad_fixtures`). Files that must read are also run through
//! `junheng eval` to check how many schools were counted (totals and note rows must not
//! be). Beyond the catalogue: files too large to load, hostile text through the whole
//! build, rare characters, and output safety when a run fails or is killed.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

fn junheng(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_junheng"))
        .args(args)
        .output()
        .expect("run junheng")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

struct Entry {
    file: String,
    exit: i32,
    schools: Option<usize>,
    what: String,
    lines: Vec<String>,
}

fn manifest() -> Vec<Entry> {
    let tsv = std::fs::read_to_string(bad_dir().join("expected.tsv")).expect("expected.tsv");
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split('\t');
            let file = f.next().expect("file").to_string();
            let exit = f.next().expect("exit").parse().expect("exit code");
            let schools = f.next().expect("schools").parse().ok();
            let what = f.next().expect("what").to_string();
            Entry {
                file,
                exit,
                schools,
                what,
                lines: f.map(str::to_string).collect(),
            }
        })
        .collect()
}

#[test]
fn catalogue_has_at_least_40_kinds_and_lists_every_file() {
    let entries = manifest();
    assert!(entries.len() >= 40, "only {} fixtures", entries.len());
    let mut listed: Vec<&str> = entries.iter().map(|e| e.file.as_str()).collect();
    listed.sort_unstable();
    listed.dedup();
    assert_eq!(listed.len(), entries.len(), "a file is listed twice");
    for entry in std::fs::read_dir(bad_dir()).expect("fixtures folder") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .to_string();
        if name.ends_with(".tsv") || name.ends_with(".txt") {
            continue;
        }
        assert!(
            listed.contains(&name.as_str()),
            "{name} is not in expected.tsv"
        );
    }
    for e in &entries {
        assert!(!e.lines.is_empty(), "{}: no expected message", e.file);
        assert!(matches!(e.exit, 0 | 1), "{}: exit {}", e.file, e.exit);
        if e.exit == 1 {
            assert!(
                e.lines.iter().all(|l| l.starts_with("错误：")),
                "{}: a failing fixture must name its errors",
                e.file
            );
        }
    }
}

#[test]
fn every_fixture_gives_its_exit_code_and_exact_messages() {
    let mut failures = Vec::new();
    for e in manifest() {
        let path = bad_dir().join(&e.file);
        let out = junheng(&["check".as_ref(), path.as_os_str()]);
        let (stdout, stderr) = text(&out);
        let all = format!("{stdout}{stderr}");
        let code = out.status.code();
        if code != Some(e.exit) {
            failures.push(format!(
                "{} ({}): exit {code:?}, expected {}\n{all}",
                e.file, e.what, e.exit
            ));
            continue;
        }
        if all.contains("panicked") || all.contains("RUST_BACKTRACE") {
            failures.push(format!("{}: panic\n{all}", e.file));
        }
        for line in &e.lines {
            if !all.contains(line.as_str()) {
                failures.push(format!(
                    "{} ({}): missing line\n  {line}\noutput:\n{all}",
                    e.file, e.what
                ));
            }
        }
        // Every error says where: a sheet, or the file or workbook as a whole.
        for l in stderr.lines().filter(|l| l.contains("错误：")) {
            if !["工作表「", "文件「", "整个工作簿"]
                .iter()
                .any(|w| l.contains(w))
            {
                failures.push(format!("{}: unlocated error: {l}", e.file));
            }
        }
        if let Some(n) = e.schools {
            let out = junheng(&["eval".as_ref(), path.as_os_str(), "--json".as_ref()]);
            let json: serde_json::Value =
                serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
            let counted = json["schools"].as_array().map(Vec::len);
            if counted != Some(n) {
                failures.push(format!(
                    "{}: eval counted {counted:?} schools, expected {n}",
                    e.file
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_failing_file_does_not_hide_the_others_in_a_folder() {
    // Three files, one broken beyond reading: check reports all three and exits 1.
    let dir = tempfile::tempdir().expect("tempdir");
    for name in [
        "00_base_valid.xlsx",
        "93_csv_renamed.xlsx",
        "30_negative_students.xlsx",
    ] {
        std::fs::copy(bad_dir().join(name), dir.path().join(name)).expect("copy");
    }
    let out = junheng(&["check".as_ref(), dir.path().as_os_str()]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("00_base_valid.xlsx：检查通过"), "{stdout}");
    assert!(stderr.contains("93_csv_renamed.xlsx"), "{stderr}");
    assert!(stderr.contains("应为非负整数，实际为-12"), "{stderr}");
}

// ------------------------------------------------------------------ size guards

/// Copy `base` into `path`, replacing the 学校 sheet with `rows` rows of `row(i)` XML.
fn xlsx_with_generated_sheet(path: &Path, rows: usize, row: impl Fn(usize) -> String) {
    let base = std::fs::File::open(bad_dir().join("00_base_valid.xlsx")).expect("base");
    let mut zin = zip::ZipArchive::new(base).expect("zip");
    let out = std::fs::File::create(path).expect("create");
    let mut zout = zip::ZipWriter::new(out);
    for i in 0..zin.len() {
        let file = zin.by_index(i).expect("entry");
        if file.name().is_ok_and(|n| n == "xl/worksheets/sheet2.xml") {
            continue;
        }
        zout.raw_copy_file(file).expect("copy entry");
    }
    let options = zip::write::SimpleFileOptions::default().large_file(true);
    zout.start_file("xl/worksheets/sheet2.xml", options)
        .expect("start");
    zout.write_all(
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    )
    .expect("write");
    let mut chunk = String::new();
    for i in 0..rows {
        chunk.push_str(&row(i));
        if chunk.len() > 1 << 20 {
            zout.write_all(chunk.as_bytes()).expect("write");
            chunk.clear();
        }
    }
    chunk.push_str("</sheetData></worksheet>");
    zout.write_all(chunk.as_bytes()).expect("write");
    zout.finish().expect("finish");
}

#[test]
fn a_200_mb_sheet_is_refused_before_loading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.xlsx");
    // 200 MB of XML that compresses to well under 1 MB.
    // Rows without `r` attributes (allowed: they follow each other) compress ~1000:1.
    let row = |_: usize| {
        r#"<row><c t="inlineStr"><is><t>学校</t></is></c><c><v>900</v></c><c><v>600</v></c></row>"#
            .to_string()
    };
    let one = row(0).len();
    xlsx_with_generated_sheet(&path, 200 * 1024 * 1024 / one + 1, row);
    let packed = std::fs::metadata(&path).expect("meta").len();
    assert!(packed < 8 * 1024 * 1024, "packed {packed} bytes");
    let out = junheng(&["check".as_ref(), path.as_os_str()]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("错误：文件「huge.xlsx」：工作簿解压后的表格数据过大（200 MB，上限 100 MB，其中最大的是 xl/worksheets/sheet2.xml（200 MB））"),
        "{stderr}"
    );
}

#[test]
fn more_than_a_million_cells_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("many.xlsx");
    // 1.1 million small cells: 40 MB of XML, under the size guard, over the cell limit.
    let row = |i: usize| {
        let r = i + 1;
        let mut xml = format!(r#"<row r="{r}">"#);
        for c in ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"] {
            xml.push_str(&format!(r#"<c r="{c}{r}"><v>1</v></c>"#));
        }
        xml.push_str("</row>");
        xml
    };
    xlsx_with_generated_sheet(&path, 110_000, row);
    let out = junheng(&["check".as_ref(), path.as_os_str()]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    // Refused at the cell that passes the limit, while reading.
    assert!(
        stderr.contains("错误：工作表「学校」 第")
            && stderr.contains("列：工作簿中的非空单元格超过 100 万个，读到此单元格时停止"),
        "{stderr}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.xlsx");
    // A sparse file: 65 MB long, no disk space used.
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(65 * 1024 * 1024).expect("set_len");
    let out = junheng(&["check".as_ref(), path.as_os_str()]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("错误：文件「big.xlsx」：文件过大（65.0 MB，上限 64 MB）"),
        "{stderr}"
    );
}

// ------------------------------------------------------------------ hostile text, fonts

/// The text of a PDF in content-stream order (`-raw`: a table cell's lines stay together).
fn squeeze(s: &str) -> String {
    // Zero-width spaces are the break opportunities the escaper puts into long runs.
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200B}')
        .collect()
}

fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in walk(dir) {
        if entry.extension().is_some_and(|e| e == "pdf") {
            found.push(entry);
        }
    }
    found.sort();
    found
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn hostile_text_in_every_field_builds_and_prints_literally() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = build_into(&bad_dir().join("hostile_typst.xlsx"), dir.path());
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    // The county name is `#测试区{{ x }}]`: a folder of that name, inside the output folder.
    let county = dir.path().join("#测试区{{ x }}]");
    let pdfs = pdfs_in(dir.path());
    assert_eq!(pdfs.len(), 3, "{pdfs:?}");
    assert!(pdfs.iter().all(|p| p.starts_with(&county)), "{pdfs:?}");
    let mut all = String::new();
    for pdf in &pdfs {
        all.push_str(&crate::common::pdftotext_raw(pdf));
    }
    let all = squeeze(&all);
    let strings = std::fs::read_to_string(bad_dir().join("hostile_strings.txt")).expect("list");
    let mut missing = Vec::new();
    for line in strings.lines() {
        let literal = line.replace("\\n", "\n").replace("\\\\", "\\");
        if !all.contains(&squeeze(&literal)) {
            missing.push(literal);
        }
    }
    assert!(missing.is_empty(), "not shown literally: {missing:#?}");
    // Nothing was executed: no page 1 cm wide, no file read, no red text markup.
    assert!(!all.contains("boom") || all.contains("panic(\"boom\")"));
}

#[test]
fn characters_no_font_covers_are_warned_with_their_cell_and_the_pdf_still_builds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = build_into(&bad_dir().join("rare_chars.xlsx"), dir.path());
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stderr.contains("警告：工作表「学校」 第5行 学校名称列：「𠀾𡈼学校」中的 “𠀾”（U+2003E）、“𡈼”（U+2123C） 没有任何字体收录"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "警告：工作表「领导小组」 第2行 姓名列：「王𪚥」中的 “𪚥”（U+2A6A5） 没有任何字体收录"
        ),
        "{stderr}"
    );
    assert_eq!(pdfs_in(dir.path()).len(), 3);
}

// ------------------------------------------------------------------ output safety

#[test]
fn a_county_name_with_a_path_in_it_stays_inside_the_output_folder() {
    let root = tempfile::tempdir().expect("tempdir");
    let out = root.path().join("out");
    let file = bad_dir().join("path_in_county_name.xlsx");
    let o = build_into(&file, &out);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let pdfs = pdfs_in(root.path());
    assert_eq!(pdfs.len(), 3, "{pdfs:?}");
    for pdf in &pdfs {
        let rel = pdf.strip_prefix(&out).expect("inside the output folder");
        assert_eq!(rel.components().count(), 2, "{}", rel.display());
    }
    assert!(out.join("_.._逃逸区_CON").is_dir(), "{pdfs:?}");
}

fn build_into(file: &Path, out: &Path) -> Output {
    junheng(&[
        "build".as_ref(),
        file.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    pdfs_in(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read pdf");
            (p, bytes)
        })
        .collect()
}

fn complete_pdf(bytes: &[u8]) -> bool {
    let tail: Vec<u8> = bytes.iter().rev().take(32).rev().copied().collect();
    bytes.starts_with(b"%PDF-") && String::from_utf8_lossy(&tail).contains("%%EOF")
}

#[test]
fn a_failed_run_leaves_the_previous_pdfs_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = build_into(&bad_dir().join("00_base_valid.xlsx"), dir.path());
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let before = snapshot(dir.path());
    assert_eq!(before.len(), 3);
    // Input errors: nothing is written.
    let out = build_into(&bad_dir().join("30_negative_students.xlsx"), dir.path());
    assert_eq!(out.status.code(), Some(1), "{:?}", text(&out));
    assert_eq!(snapshot(dir.path()), before);
    // A write that fails (the report's path is taken by a folder): the PDFs already
    // there stay complete, and no temporary file is left behind.
    let report = before
        .iter()
        .map(|(p, _)| p.clone())
        .find(|p| p.ends_with("自评报告.pdf"))
        .expect("report");
    std::fs::remove_file(&report).expect("remove");
    std::fs::create_dir(&report).expect("dir in the way");
    std::fs::write(report.join("keep"), b"x").expect("block");
    let out = build_into(&bad_dir().join("52_wan_header_correct.xlsx"), dir.path());
    assert_eq!(out.status.code(), Some(2), "{:?}", text(&out));
    for (path, bytes) in snapshot(dir.path()) {
        assert!(
            complete_pdf(&bytes),
            "{} is not a complete PDF",
            path.display()
        );
    }
    let leftovers: Vec<PathBuf> = walk(dir.path())
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_killed_run_never_leaves_a_half_written_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = bad_dir().join("00_base_valid.xlsx");
    // Same county, other data (a renamed school, a leading group): other PDFs.
    let new = bad_dir().join("rare_chars.xlsx");
    assert_eq!(build_into(&old, dir.path()).status.code(), Some(0));
    let old_pdfs = snapshot(dir.path());
    // The new run's own output, built elsewhere, to compare against.
    let other = tempfile::tempdir().expect("tempdir");
    let started = Instant::now();
    assert_eq!(build_into(&new, other.path()).status.code(), Some(0));
    let full = started.elapsed();
    let new_pdfs = snapshot(other.path());
    assert_ne!(
        old_pdfs.iter().map(|p| &p.1).collect::<Vec<_>>(),
        new_pdfs.iter().map(|p| &p.1).collect::<Vec<_>>()
    );
    // Kill the build at points spread over its run time; after each kill every PDF must
    // be exactly the old or exactly the new document.
    let steps = 12u32;
    for k in 0..steps {
        let delay = full.mul_f64(f64::from(k) / f64::from(steps) * 1.2);
        let mut child = Command::new(env!("CARGO_BIN_EXE_junheng"))
            .args([
                "build".as_ref(),
                new.as_os_str(),
                "-o".as_ref(),
                dir.path().as_os_str(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        for (path, bytes) in snapshot(dir.path()) {
            let name = path.file_name().expect("name");
            let was = old_pdfs.iter().find(|(p, _)| p.file_name() == Some(name));
            let will = new_pdfs.iter().find(|(p, _)| p.file_name() == Some(name));
            assert!(
                was.is_some_and(|(_, b)| *b == bytes) || will.is_some_and(|(_, b)| *b == bytes),
                "after a kill at {delay:?}, {} is neither the old nor the new PDF",
                path.display()
            );
        }
    }
}

#[test]
fn reading_a_fixture_twice_gives_identical_output() {
    // Messages are deterministic: the same order every run (no hash-map order leaks).
    let path = bad_dir().join("99_many_problems.xlsx");
    let a = junheng(&["check".as_ref(), path.as_os_str()]);
    let b = junheng(&["check".as_ref(), path.as_os_str()]);
    assert_eq!(a.stderr, b.stderr);
    let mut s = String::new();
    let _ = (&a.stderr[..]).read_to_string(&mut s);
    assert!(s.lines().count() >= 5, "{s}");
}
