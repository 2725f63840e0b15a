//! `junheng watch PATH`: rebuilds after a rename-over save, keeps the last good PDFs when
//! a save breaks the data, and says what it rebuilt.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::{Book, sample};
use calamine::Data;

/// Save the way editors do: write a temporary file beside the target, rename over it.
fn save_via_rename(target: &Path, write: impl FnOnce(&Path)) {
    let tmp = target.with_file_name(".junheng-test-save.tmp");
    write(&tmp);
    std::fs::rename(&tmp, target).unwrap();
}

/// Next stdout line containing `needle`, or panic after the timeout.
fn wait_for(lines: &mpsc::Receiver<String>, needle: &str, seen: &mut Vec<String>) -> String {
    loop {
        match lines.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => {
                seen.push(line.clone());
                if line.contains(needle) {
                    return line;
                }
            }
            Err(_) => panic!(
                "no line with {needle:?}; output so far:\n{}",
                seen.join("\n")
            ),
        }
    }
}

#[test]
fn rebuilds_on_save_and_keeps_last_good_pdfs_on_bad_data() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("qinghe.xlsx");
    let original = Book::open(&sample());
    original.save(&workbook);
    let out = dir.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_junheng"))
        .arg("watch")
        .arg(&workbook)
        .arg("-o")
        .arg(&out)
        .args(["--exit-after", "3"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let first = wait_for(&rx, "[第1次]", &mut seen);
    assert!(first.contains("已重新生成"), "{first}");
    let report = out.join("清禾区/自评报告.pdf");
    let good = std::fs::read(&report).unwrap();

    // A save that breaks the workbook: errors, PDFs untouched.
    save_via_rename(&workbook, |p| std::fs::write(p, b"not a workbook").unwrap());
    let second = wait_for(&rx, "[第2次]", &mut seen);
    assert!(
        second.contains("错误") && second.contains("保持不变"),
        "{second}"
    );
    assert_eq!(std::fs::read(&report).unwrap(), good);

    // A good save with one changed cell: rebuilt.
    save_via_rename(&workbook, |p| {
        let mut book = original.clone();
        book.set_by(
            "学校",
            "学校名称",
            "清禾区柳塘镇中心小学",
            "教学仪器设备值",
            Data::Float(110.0),
        );
        book.save(p);
    });
    let third = wait_for(&rx, "[第3次]", &mut seen);
    assert!(
        third.contains("已重新生成") && third.contains("自评报告"),
        "{third}"
    );
    assert!(third.contains("用时"), "{third}");

    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_ne!(std::fs::read(&report).unwrap(), good, "report must change");
    // No temporary files left in the output.
    for entry in std::fs::read_dir(out.join("清禾区")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(
            name.ends_with(".pdf")
                || name.ends_with(".docx")
                || name == ".junheng-manifest.json"
                // The workbooks `junheng update` generates a copy's base from.
                || name == junheng::update::SOURCES
                // The figures the next build compares the narrative's numbers with.
                || name == junheng::narrative::figures::FIGURES_FILE,
            "stray file {name}"
        );
    }
}

#[test]
fn watch_needs_a_workbook_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = run!("watch", dir.path());
    assert_eq!(out.status.code(), Some(1));
}
