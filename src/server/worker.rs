//! Every touch of an uploaded workbook happens in a child process: the same binary run as
//! `junheng serve-worker`, with an address-space limit. A workbook that makes the reader
//! or the typesetter panic, run out of memory or loop fails that one job (the child dies,
//! the server answers with a message) and never the server, which serves every county.
//!
//! The server writes one [`Job`] as JSON to the child's stdin and reads one [`Outcome`]
//! as JSON from its stdout. Files the job makes go into the upload's folder.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::page;
use super::pipeline::{self, Checked};
use crate::documents::summary::SummaryRow;
use crate::problem::Problem;

/// The hidden subcommand the server starts.
pub const SUBCOMMAND: &str = "serve-worker";

/// The files a check writes beside the workbook.
pub(crate) const RESULTS: &str = "results.json";
pub(crate) const PAGE: &str = "page.json";
pub(crate) const SUMMARY_ROW: &str = "summary-row.json";
pub(crate) const DIFF_JSON: &str = "diff.json";
pub(crate) const DIFF_PDF: &str = "数据更正对照表.pdf";
pub(crate) const DIFF_DOCX: &str = "数据更正对照表.docx";
pub(crate) const ZIP: &str = "all.zip";

/// The files of an upload that may be fetched: (name in the URL, content type). The
/// name is also the file's name on disk; only these constants ever name a file.
pub(crate) const FILES: &[(&str, &str)] = &[
    ("实施方案.pdf", "application/pdf"),
    ("责任清单.pdf", "application/pdf"),
    ("自评报告.pdf", "application/pdf"),
    (DIFF_PDF, "application/pdf"),
    (
        "实施方案.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "责任清单.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "自评报告.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        DIFF_DOCX,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (RESULTS, "application/json"),
    (ZIP, "application/zip"),
];

/// The earlier version a build compares with (数据更正对照表).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Previous {
    pub source: PathBuf,
    pub label: String,
    pub id: String,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "snake_case")]
pub enum Job {
    /// Sniff, read, check and evaluate `source`; write the results JSON, the page's
    /// evaluation part and the 汇总表 row into `dir`.
    Check { source: PathBuf, dir: PathBuf },
    /// Compile the documents (and the correction table against `previous`) into `dir`.
    Build {
        source: PathBuf,
        dir: PathBuf,
        label: String,
        county: String,
        previous: Option<Previous>,
    },
    /// The 汇总表 PDF over `rows`, written to `out`.
    Summary { rows: Vec<SummaryRow>, out: PathBuf },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The workbook is readable and has no errors.
    Checked {
        ext: String,
        county: String,
        region: String,
        passed: bool,
        verdict: Value,
        /// Problems as the API shows them (file-level ones still to be named).
        warnings: Vec<Value>,
    },
    /// Not a workbook at all (415).
    NotWorkbook {
        reason: String,
    },
    /// Read, but with errors (422): every problem, errors first.
    Refused {
        problems: Vec<Value>,
    },
    Done,
    Failed {
        message: String,
    },
}

/// How a child is run.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Address-space limit of the child, in MB (0: none).
    pub memory_mb: u64,
    pub timeout: Duration,
}

/// Problems as JSON, errors first.
fn problems_json(problems: &[Problem]) -> Vec<Value> {
    let mut sorted: Vec<&Problem> = problems.iter().collect();
    sorted.sort_by_key(|p| p.severity);
    sorted
        .into_iter()
        .map(|p| serde_json::to_value(p).unwrap_or(Value::Null))
        .collect()
}

/// Run one job in this (child) process.
fn run_job(job: Job) -> Outcome {
    match job {
        Job::Check { source, dir } => check_job(&source, &dir),
        Job::Build {
            source,
            dir,
            label,
            county,
            previous,
        } => match build_job(&source, &dir, &label, &county, previous.as_ref()) {
            Ok(()) => Outcome::Done,
            Err(message) => Outcome::Failed { message },
        },
        Job::Summary { rows, out } => {
            let renderer = pipeline::renderer();
            match pipeline::summary_pdf(&renderer, &rows, pipeline::today()) {
                Ok(pdf) => match crate::render::output::write_atomic(&out, &pdf) {
                    Ok(()) => Outcome::Done,
                    Err(e) => Outcome::Failed {
                        message: e.to_string(),
                    },
                },
                Err(e) => Outcome::Failed {
                    message: e.to_string(),
                },
            }
        }
    }
}

fn write(dir: &Path, name: &str, text: &str) -> Result<(), String> {
    crate::render::output::write_atomic(&dir.join(name), text.as_bytes()).map_err(|e| e.to_string())
}

fn check_job(source: &Path, dir: &Path) -> Outcome {
    // The upload limit keeps this read bounded (the server refused larger bodies).
    let bytes = match std::fs::read(source) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Failed {
                message: format!("无法读取上传的文件：{e}"),
            };
        }
    };
    let ext = match pipeline::sniff(&bytes) {
        Ok(ext) => ext,
        Err(reason) => {
            return Outcome::NotWorkbook {
                reason: reason.to_string(),
            };
        }
    };
    drop(bytes);
    // The reader picks its format by extension: give it the sniffed one.
    let typed = source.with_extension(ext);
    if typed != source
        && let Err(e) = std::fs::rename(source, &typed)
    {
        return Outcome::Failed {
            message: format!("无法保存上传的文件：{e}"),
        };
    }
    let checked = match pipeline::check(&typed) {
        Ok(c) => c,
        Err(problems) => {
            return Outcome::Refused {
                problems: problems_json(&problems),
            };
        }
    };
    let written = (|| {
        write(
            dir,
            RESULTS,
            &pipeline::results_json(&checked).map_err(|e| e.to_string())?,
        )?;
        write(dir, PAGE, &page::evaluation_context(&checked).to_string())?;
        let row = pipeline::summary_row("", &checked);
        write(
            dir,
            SUMMARY_ROW,
            &serde_json::to_string(&row).map_err(|e| e.to_string())?,
        )
    })();
    if let Err(message) = written {
        return Outcome::Failed { message };
    }
    Outcome::Checked {
        ext: ext.to_string(),
        county: pipeline::county_name(&checked).to_string(),
        region: pipeline::region(&checked),
        passed: checked.evaluation.verdict.passed,
        verdict: pipeline::verdict_json(&checked),
        warnings: problems_json(&checked.warnings),
    }
}

fn reread(source: &Path, label: &str) -> Result<Checked, String> {
    match pipeline::check(source) {
        Ok(mut c) => {
            c.file = PathBuf::from(label);
            Ok(c)
        }
        Err(problems) => Err(format!(
            "重新读取工作簿时出错：{}",
            problems
                .first()
                .map(|p| p.message.clone())
                .unwrap_or_default()
        )),
    }
}

fn build_job(
    source: &Path,
    dir: &Path,
    label: &str,
    county: &str,
    previous: Option<&Previous>,
) -> Result<(), String> {
    let renderer = pipeline::renderer();
    let checked = reread(source, label)?;
    pipeline::build_documents(&renderer, &checked, dir).map_err(|e| e.to_string())?;
    if let Some(prev) = previous
        && let Ok(old) = reread(&prev.source, &prev.label)
    {
        let report = pipeline::correction(
            &renderer,
            &old,
            &checked,
            &dir.join(DIFF_PDF),
            &dir.join(DIFF_DOCX),
        )
        .map_err(|e| e.to_string())?;
        let json = serde_json::to_string_pretty(&json!({
            "old": prev.id, "old_version": prev.version, "report": report,
        }))
        .map_err(|e| e.to_string())?;
        write(dir, DIFF_JSON, &json)?;
    }
    write_zip(dir, county)
}

/// Everything of one upload as one zip: the PDFs, the Word editions, the results and the
/// correction table.
fn write_zip(dir: &Path, county: &str) -> Result<(), String> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let folder = crate::render::output::safe_folder_name(county);
        for (name, _) in FILES {
            if *name == ZIP {
                continue;
            }
            let Ok(bytes) = std::fs::read(dir.join(name)) else {
                continue;
            };
            zip.start_file(format!("{folder}/{name}"), options)
                .map_err(|e| format!("打包失败：{e}"))?;
            zip.write_all(&bytes)
                .map_err(|e| format!("打包失败：{e}"))?;
        }
        zip.finish().map_err(|e| format!("打包失败：{e}"))?;
    }
    crate::render::output::write_atomic(&dir.join(ZIP), buf.get_ref()).map_err(|e| e.to_string())
}

/// Limit this process's address space (the child's first act).
#[cfg(unix)]
fn limit_memory(mb: u64) {
    if mb == 0 {
        return;
    }
    let bytes: libc::rlim_t = mb.saturating_mul(1024 * 1024);
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit reads the struct we pass and touches no Rust-managed memory.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

#[cfg(not(unix))]
fn limit_memory(_mb: u64) {}

/// `junheng serve-worker --memory-mb N`: one job from stdin, its outcome to stdout.
pub fn worker_main(memory_mb: u64) -> u8 {
    limit_memory(memory_mb);
    let mut input = String::new();
    if std::io::stdin()
        .take(16 * 1024 * 1024)
        .read_to_string(&mut input)
        .is_err()
    {
        return 2;
    }
    let outcome = match serde_json::from_str::<Job>(&input) {
        Ok(job) => run_job(job),
        Err(e) => Outcome::Failed {
            message: format!("内部错误：任务格式不对：{e}"),
        },
    };
    let text = serde_json::to_string(&outcome).unwrap_or_default();
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).is_err() || out.flush().is_err() {
        return 2;
    }
    0
}

/// Why a child gave no outcome.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("无法启动处理进程：{0}")]
    Spawn(std::io::Error),
    #[error("处理超时（超过 {0} 秒），已中止")]
    Timeout(u64),
    #[error("处理时超出内存上限（{0} MB），已中止：文件可能含有异常巨大的部件")]
    OutOfMemory(u64),
    #[error("处理进程意外退出（{0}）")]
    Crashed(String),
}

/// Run `job` in a child process of this same binary; blocking (call it from a blocking
/// thread). The child is killed at `limits.timeout`.
pub fn run(job: &Job, limits: Limits) -> Result<Outcome, WorkerError> {
    let exe = std::env::current_exe().map_err(WorkerError::Spawn)?;
    let mut child = Command::new(exe)
        .arg(SUBCOMMAND)
        .arg("--memory-mb")
        .arg(limits.memory_mb.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(WorkerError::Spawn)?;
    let input = serde_json::to_vec(job).unwrap_or_default();
    if let Some(mut stdin) = child.stdin.take() {
        // A child that died at once closes the pipe: its exit status tells why.
        let _ = stdin.write_all(&input);
    }
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let child = Arc::new(Mutex::new(child));
    let deadline = Instant::now() + limits.timeout;
    let timed_out = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let child = Arc::clone(&child);
        let timed_out = Arc::clone(&timed_out);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(50));
                let mut c = child
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                match c.try_wait() {
                    Ok(Some(_)) | Err(_) => return,
                    Ok(None) if Instant::now() >= deadline => {
                        timed_out.store(true, std::sync::atomic::Ordering::SeqCst);
                        let _ = c.kill();
                        let _ = c.wait();
                        return;
                    }
                    Ok(None) => {}
                }
            }
        })
    };
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(e) = stderr {
            let _ = e.take(64 * 1024).read_to_string(&mut text);
        }
        text
    });
    let mut output = Vec::new();
    if let Some(out) = stdout {
        // The outcome is small; a child writing more is broken.
        let _ = out.take(64 * 1024 * 1024).read_to_end(&mut output);
    }
    let _ = watchdog.join();
    let status = child
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .wait()
        .ok();
    let stderr_text = errors.join().unwrap_or_default();
    if timed_out.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(WorkerError::Timeout(limits.timeout.as_secs()));
    }
    if let Ok(outcome) = serde_json::from_slice::<Outcome>(&output) {
        return Ok(outcome);
    }
    let oom = stderr_text.contains("memory allocation")
        || stderr_text.contains("out of memory")
        || stderr_text.contains("capacity overflow")
        || stderr_text.contains("Cannot allocate");
    if oom && limits.memory_mb > 0 {
        return Err(WorkerError::OutOfMemory(limits.memory_mb));
    }
    let how = match status {
        Some(s) => s.to_string(),
        None => "状态未知".to_string(),
    };
    let last = stderr_text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .chars()
        .take(300)
        .collect::<String>();
    Err(WorkerError::Crashed(if last.is_empty() {
        how
    } else {
        format!("{how}：{last}")
    }))
}
