//! How a build is told: the lines `build`, `watch`, `diff` and `summary` print for a
//! county's outcome, its problems, a folder's totals and the 汇总表's files. The CLI
//! only prints them and turns [`Severity`] into its exit code.

use std::path::Path;

use super::batch::{CountyResult, Record, Shard, Status};
use super::{Outcome, PipelineError, SummaryFiles};
use crate::problem::Problem;

/// How a county's build ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Ok,
    /// The workbook is at fault.
    Input,
    /// The machine is (fonts, writing, threads).
    Internal,
}

/// The lines told about one workbook: stderr first, then stdout.
#[derive(Debug, Clone)]
pub struct Report {
    pub severity: Severity,
    pub stdout: Vec<String>,
    pub stderr: Vec<String>,
}

/// Problems as lines (`file：错误：工作表…`), errors first.
pub fn problem_lines(file: &Path, problems: &[Problem]) -> Vec<String> {
    let mut sorted: Vec<&Problem> = problems.iter().collect();
    sorted.sort_by_key(|p| p.severity);
    sorted
        .into_iter()
        .map(|p| format!("{}：{p}", file.display()))
        .collect()
}

/// How a county's build is told: its warnings, the files written with pages and sizes.
pub fn outcome(file: &Path, outcome: &Outcome) -> Report {
    let mut stderr = problem_lines(file, &outcome.warnings);
    stderr.extend(outcome.typst_warnings.iter().cloned());
    let seconds = outcome.timings.total_ms as f64 / 1000.0;
    let stdout = if outcome.up_to_date {
        vec![format!(
            "{}：文件已是最新（工作簿未改动），跳过：{}",
            outcome.county,
            outcome.dir.display()
        )]
    } else {
        let mut lines = vec![format!(
            "{}：已生成 {} 份文件，用时 {seconds:.2} 秒",
            outcome.county,
            outcome.documents.len() + outcome.docx.len()
        )];
        for (kind, pages, bytes) in &outcome.documents {
            lines.push(format!(
                "  {}（{pages} 页，{} KB）",
                outcome
                    .dir
                    .join(format!("{}.pdf", kind.file_stem()))
                    .display(),
                bytes.div_ceil(1024)
            ));
        }
        for (kind, bytes) in &outcome.docx {
            lines.push(format!(
                "  {}（Word 版，{} KB）",
                outcome
                    .dir
                    .join(format!("{}.docx", kind.file_stem()))
                    .display(),
                bytes.div_ceil(1024)
            ));
        }
        lines.extend(outcome.notes.iter().cloned());
        lines
    };
    Report {
        severity: Severity::Ok,
        stdout,
        stderr,
    }
}

/// How a failed build is told: the workbook's problems, then the error.
pub fn error(file: &Path, error: &PipelineError) -> Report {
    let mut stderr = match error {
        PipelineError::Input { problems, .. } => problem_lines(file, problems),
        _ => Vec::new(),
    };
    stderr.push(error.to_string());
    Report {
        severity: if error.is_input() {
            Severity::Input
        } else {
            Severity::Internal
        },
        stdout: Vec::new(),
        stderr,
    }
}

/// One county of a folder build.
pub fn result(file: &Path, result: &CountyResult) -> Report {
    match result {
        CountyResult::Done(done) => outcome(file, done),
        CountyResult::Failed(e) => error(file, e),
        CountyResult::Duplicate { county, first } => Report {
            severity: Severity::Input,
            stdout: Vec::new(),
            stderr: vec![format!(
                "{}：县区名称「{county}」与「{}」相同，输出会互相覆盖，已跳过。",
                file.display(),
                first.display()
            )],
        },
    }
}

/// The closing lines of a folder build: the totals and the workbooks not built.
/// `records` are in path order; `seconds` is the wall time of the run.
pub fn folder_totals(
    folder: &Path,
    files: usize,
    records: &[Record],
    shard: Option<Shard>,
    seconds: f64,
    jobs: usize,
) -> Vec<String> {
    let built = records.iter().filter(|r| r.status.ok()).count();
    let fresh = records
        .iter()
        .filter(|r| r.status == Status::UpToDate)
        .count();
    let failed: Vec<&Record> = records.iter().filter(|r| !r.status.ok()).collect();
    let shard_text = shard
        .map(|s| format!("（分片 {}/{}）", s.index, s.count))
        .unwrap_or_default();
    let fresh_text = if fresh > 0 {
        format!("，其中 {fresh} 个已是最新而跳过")
    } else {
        String::new()
    };
    let mut lines = vec![format!(
        "汇总{shard_text}：共 {files} 个工作簿，成功 {built} 个{fresh_text}，失败 {} 个，用时 {seconds:.2} 秒（{jobs} 个线程）",
        failed.len(),
    )];
    for r in &failed {
        lines.push(format!(
            "  未生成：{}（{}，详见上方）",
            folder.join(&r.file).display(),
            r.status.reason()
        ));
    }
    lines
}

/// The line pointing a shard's run to `junheng summary`.
pub fn shard_line(out: &Path, shard: Shard) -> String {
    format!(
        "本分片的汇总记录：{}；全部分片完成后运行 junheng summary 输出文件夹… 合并为汇总表",
        out.join(Shard::summary_name(Some(shard))).display()
    )
}

/// The lines naming the 汇总表's files: the PDF with its pages, the Word edition.
pub fn summary_lines(written: &SummaryFiles) -> Vec<String> {
    written
        .files
        .iter()
        .map(
            |f| match (f.extension().and_then(|e| e.to_str()), written.pages) {
                (Some("pdf"), Some(pages)) => format!("  {}（{pages} 页）", f.display()),
                _ => format!("  {}（Word 版）", f.display()),
            },
        )
        .collect()
}
