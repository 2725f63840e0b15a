//! Folder builds at scale (issue 19) and all-or-nothing output (issue 16): memory that
//! does not grow with the number of counties, shards that partition a folder and merge
//! into the single run's 汇总表, resumable runs, concurrent builds and interrupted builds
//! that never leave a mixed set or a temporary file.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Book, stderr, stdout};
use calamine::Data;

const STEMS: [&str; 3] = ["实施方案", "责任清单", "自评报告"];

/// The smallest sample (10 schools).
fn small() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/failing.xlsx")
}

/// `n` counties, named 县0001…, in a few sub-folders.
fn counties(root: &Path, n: usize) {
    let mut book = Book::open(&small());
    for i in 0..n {
        let name = format!("测试{i:04}县");
        book.set_item("基本信息", "县区名称", Data::String(name.clone()));
        book.save(
            &root
                .join(format!("市{}", i % 3))
                .join(format!("{name}.xlsx")),
        );
    }
}

/// Every file below `dir` whose name marks it as temporary.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.starts_with(".junheng-") && name != ".junheng-manifest.json"
        })
        .map(|e| e.into_path())
        .collect()
}

/// Peak resident memory of `junheng ARGS`, in KB: the `ru_maxrss` that wait4(2) gives
/// for this one child (what GNU time's "Maximum resident set size" prints; other tests'
/// children, which getrusage(RUSAGE_CHILDREN) would mix in, do not count).
#[cfg(target_os = "linux")]
// The child is reaped by wait4 below, not by Child::wait.
#[allow(clippy::zombie_processes)]
fn peak_kb(args: &[&std::ffi::OsStr]) -> u64 {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_junheng"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run junheng");
    // Drain both pipes while it runs so that it never blocks on a full one.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value, wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped (std's Child only reaps on wait);
    // both out-pointers point at live locals.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4: {}", std::io::Error::last_os_error());
    let (out, err) = (stdout.join().unwrap(), stderr.join().unwrap());
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "status {status}: {out}\n{err}"
    );
    // Linux gives ru_maxrss in kilobytes.
    u64::try_from(usage.ru_maxrss).expect("ru_maxrss")
}

#[cfg(target_os = "linux")]
#[test]
fn memory_does_not_grow_with_the_number_of_counties() {
    let dir = tempfile::tempdir().unwrap();
    let (few, many) = (dir.path().join("few"), dir.path().join("many"));
    counties(&few, 50);
    counties(&many, 150);
    let os = |p: &Path| p.as_os_str().to_os_string();
    let few_out = dir.path().join("o50");
    let many_out = dir.path().join("o150");
    let date = std::ffi::OsString::from("2026-03-16");
    let args = |input: &Path, out: &Path| {
        vec![
            std::ffi::OsString::from("build"),
            os(input),
            "-o".into(),
            os(out),
            "-j".into(),
            "2".into(),
            "--date".into(),
            date.clone(),
        ]
    };
    let a = args(&few, &few_out);
    let b = args(&many, &many_out);
    let peak_few = peak_kb(&a.iter().map(|s| s.as_os_str()).collect::<Vec<_>>());
    let peak_many = peak_kb(&b.iter().map(|s| s.as_os_str()).collect::<Vec<_>>());
    // Every county built, completely.
    for i in 0..150 {
        for stem in STEMS {
            let pdf = many_out
                .join(format!("测试{i:04}县"))
                .join(format!("{stem}.pdf"));
            assert!(pdf.is_file(), "{}", pdf.display());
        }
    }
    let lines = std::fs::read_to_string(many_out.join("summary.jsonl")).unwrap();
    assert_eq!(lines.lines().count(), 150);
    eprintln!("peak memory: 50 counties {peak_few} KB, 150 counties {peak_many} KB");
    // Three times the counties, about the same peak: it grew by ~40 MB a county before.
    assert!(
        peak_many < peak_few + peak_few / 4,
        "peak memory 50 counties {peak_few} KB, 150 counties {peak_many} KB"
    );
}

#[test]
fn shards_partition_the_folder_and_merge_into_the_single_runs_summary() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    counties(&input, 7);
    // A broken workbook is listed as not built in both.
    let mut broken = Book::open(&small());
    broken.set_item("基本信息", "县区名称", Data::Empty);
    broken.save(&input.join("损坏.xlsx"));
    let single = dir.path().join("single");
    let out = run!("build", input, "-o", single, "--date", "2026-03-16");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    let sharded = dir.path().join("sharded");
    let mut seen: Vec<String> = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let out = run!(
            "build",
            input,
            "-o",
            sharded,
            "--date",
            "2026-03-16",
            "--shard",
            shard
        );
        assert!(
            stdout(&out).contains(&format!("分片 {k}/3")),
            "{}",
            stdout(&out)
        );
        let jsonl = sharded.join(format!("summary.shard-{k}-of-3.jsonl"));
        for line in std::fs::read_to_string(&jsonl).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            seen.push(v["file"].as_str().unwrap().to_string());
            assert!(v["timings"]["total_ms"].is_u64());
        }
    }
    for name in ["汇总表.pdf", "汇总表.docx"] {
        assert!(!sharded.join(name).exists(), "a shard writes no {name}");
    }
    let mut all: Vec<String> = std::fs::read_to_string(single.join("summary.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["file"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    all.sort();
    seen.sort();
    assert_eq!(seen, all, "every workbook in exactly one shard");
    assert_eq!(all.len(), 8);

    let merged = dir.path().join("merged.pdf");
    // The same --date as the single run (which dates its 汇总表 by it).
    let out = run!("summary", sharded, "-o", merged, "--date", "2026-03-16");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("共 7 个县区（1 个未生成）"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        std::fs::read(&merged).unwrap(),
        std::fs::read(single.join("汇总表.pdf")).unwrap(),
        "the merged 汇总表 is the single run's"
    );
    // The Word edition beside it (`-o merged.pdf` names both), byte for byte too.
    let merged_docx = dir.path().join("merged.docx");
    let word = std::fs::read(&merged_docx).unwrap();
    assert!(word.starts_with(b"PK"));
    assert!(
        word == std::fs::read(single.join("汇总表.docx")).unwrap(),
        "the merged 汇总表.docx is the single run's"
    );
    // `--format docx` writes the Word edition alone.
    let only = dir.path().join("only");
    let out = run!(
        "summary",
        sharded,
        "-o",
        only,
        "--format",
        "docx",
        "--date",
        "2026-03-16"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!dir.path().join("only.pdf").exists());
    assert!(std::fs::read(dir.path().join("only.docx")).unwrap() == word);
}

#[test]
fn an_unchanged_county_is_skipped_and_a_changed_one_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    counties(&input, 2);
    let out_dir = dir.path().join("out");
    let first = run!("build", input, "-o", out_dir, "--date", "2026-03-16");
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let pdf = out_dir.join("测试0000县/实施方案.pdf");
    let before = std::fs::metadata(&pdf).unwrap().modified().unwrap();

    let again = run!(
        "build",
        input,
        "-o",
        out_dir,
        "--date",
        "2026-03-16",
        "--skip-unchanged"
    );
    let so = stdout(&again);
    assert!(so.contains("其中 2 个已是最新而跳过"), "{so}");
    assert_eq!(std::fs::metadata(&pdf).unwrap().modified().unwrap(), before);
    assert!(out_dir.join("汇总表.pdf").is_file());

    // A changed workbook is rebuilt, the other one still skipped.
    let changed = input.join("市0/测试0000县.xlsx");
    let mut book = Book::open(&changed);
    book.set_item("基本信息", "成文日期", Data::String("2026年4月1日".into()));
    book.save(&changed);
    let again = run!(
        "build",
        input,
        "-o",
        out_dir,
        "--date",
        "2026-03-16",
        "--skip-unchanged"
    );
    let so = stdout(&again);
    assert!(so.contains("其中 1 个已是最新而跳过"), "{so}");
    assert!(so.contains("测试0000县：已生成 6 份文件"), "{so}");
    assert_ne!(std::fs::metadata(&pdf).unwrap().modified().unwrap(), before);
}

#[test]
fn too_many_threads_are_capped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = run!(
        "build",
        small(),
        "-o",
        dir.path(),
        "-j",
        "10000",
        "--only",
        "plan"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("-j 10000 过大，已改为"),
        "{}",
        stderr(&out)
    );
}

/// Two workbooks of one county that give different documents.
fn two_versions(dir: &Path) -> (PathBuf, PathBuf) {
    let a = dir.join("a.xlsx");
    let b = dir.join("b.xlsx");
    let book = Book::open(&small());
    book.save(&a);
    let mut other = book.clone();
    other.set_item("基本信息", "成文日期", Data::String("2026年4月1日".into()));
    other.save(&b);
    (a, b)
}

fn set_of(dir: &Path) -> Vec<Vec<u8>> {
    STEMS
        .iter()
        .map(|s| std::fs::read(dir.join(format!("{s}.pdf"))).unwrap())
        .collect()
}

#[test]
fn two_builds_into_one_folder_leave_one_runs_complete_set() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_versions(dir.path());
    let date = "2026-03-16";
    let (ref_a, ref_b) = (dir.path().join("ra"), dir.path().join("rb"));
    assert!(
        run!("build", a, "-o", ref_a, "--date", date)
            .status
            .success()
    );
    assert!(
        run!("build", b, "-o", ref_b, "--date", date)
            .status
            .success()
    );
    let county = std::fs::read_dir(&ref_a)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    let (set_a, set_b) = (set_of(&ref_a.join(&county)), set_of(&ref_b.join(&county)));
    assert_ne!(set_a, set_b);

    let shared = dir.path().join("shared");
    for round in 0..6 {
        let spawn = |file: &Path| {
            Command::new(env!("CARGO_BIN_EXE_junheng"))
                .args([
                    "build".as_ref(),
                    file.as_os_str(),
                    "-o".as_ref(),
                    shared.as_os_str(),
                ])
                .args(["--date", date, "-j", "1"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let (mut x, mut y) = (spawn(&a), spawn(&b));
        assert!(x.wait().unwrap().success() && y.wait().unwrap().success());
        let found = set_of(&shared.join(&county));
        assert!(
            found == set_a || found == set_b,
            "round {round}: a mixed set"
        );
        assert_eq!(temporaries(&shared), Vec::<PathBuf>::new());
    }
}

#[cfg(unix)]
#[test]
fn an_interrupted_batch_leaves_finished_counties_complete_and_no_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    counties(&input, 6);
    for (round, delay_ms) in [300u64, 900, 1600].into_iter().enumerate() {
        let out_dir = dir.path().join(format!("out{round}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_junheng"))
            .args([
                "build".as_ref(),
                input.as_os_str(),
                "-o".as_ref(),
                out_dir.as_os_str(),
            ])
            .args(["-j", "2"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let signal = if round % 2 == 0 {
            libc::SIGTERM
        } else {
            libc::SIGINT
        };
        let pid = libc::pid_t::try_from(child.id()).expect("pid");
        // SAFETY: kill(2) on our own child, which has not been waited for yet.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "kill");
        let _ = child.wait().unwrap();
        assert_eq!(
            temporaries(&out_dir),
            Vec::<PathBuf>::new(),
            "round {round}"
        );
        let Ok(entries) = std::fs::read_dir(&out_dir) else {
            continue;
        };
        for entry in entries.flatten().filter(|e| e.path().is_dir()) {
            for stem in STEMS {
                let pdf = entry.path().join(format!("{stem}.pdf"));
                assert!(pdf.is_file(), "round {round}: {} missing", pdf.display());
            }
        }
    }
}

#[test]
fn the_deepest_document_compiles_on_a_worker_thread() {
    use junheng::pipeline::{Input, Options, Project, thread_pool};
    // The largest sample's 自评报告 (46 schools, five annexes of tables) recurses deepest;
    // every document is compiled on one worker thread of a pool, as a batch does.
    let project = Project::with_fonts(None, Options::default()).unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/qingyang.xlsx");
    let prepared = project.load(Input::Path(&file)).unwrap();
    let sources = project.documents(&prepared).unwrap();
    let pool = thread_pool(1).unwrap();
    let built = pool
        .install(|| project.render(&prepared.file, sources, prepared.date, &prepared.assets))
        .unwrap();
    assert_eq!(built.len(), 3);
    assert!(
        built
            .iter()
            .all(|b| b.doc.pages > 0 && b.doc.pdf.starts_with(b"%PDF"))
    );
}
