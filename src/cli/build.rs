//! `junheng build PATH`: one workbook, or a folder of them (see [`crate::pipeline`],
//! which does the work); this file parses the options and prints.
//!
//! A folder prints its results in path order whatever order the counties finish in,
//! shows a progress bar with counts and the time left, and ends with a 汇总表 comparing
//! the counties (or, for one shard of a folder, only its JSON-lines summary, which
//! `junheng summary` merges).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, workbooks};
use crate::documents::DocumentKind;
use crate::model::Date;
use crate::pipeline::batch::{self, BatchOptions, CountyResult, Record, Shard};
use crate::pipeline::{self, Input, Options, Outcome, PipelineError, Project};
use crate::problem::Problem;
use crate::render::{Renderer, fonts::FontSet};
use crate::workbook;

pub use crate::pipeline::{Built, Format, Prepared, pdf_ident, prepare};

/// Options of `build`, shared by `watch` (clap flattens them into both commands).
#[derive(Debug, Clone, clap::Args)]
pub struct BuildOptions {
    /// 工作簿文件（.xlsx/.xls/.ods）或包含工作簿的文件夹（watch 只接受文件）
    pub path: PathBuf,
    /// 输出文件夹
    #[arg(short, long, default_value = "out")]
    pub out: PathBuf,
    /// 只生成其中几份：plan,duties,report（或 实施方案,责任清单,自评报告）
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// 同时写出生成的 Typst 源文件（.typ）
    #[arg(long)]
    pub emit_typst: bool,
    /// 用户字体目录：其中的方正小标宋、仿宋_GB2312、黑体、楷体等优先于内置字体
    #[arg(long)]
    pub font_dir: Option<PathBuf>,
    /// 成文日期（如 2026-03-16），用于未填“成文日期”的工作簿和汇总表；默认今天
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<Date>,
    /// 写出 PDF/A-2b 长期存档格式（声明 pdfaid，嵌入全部字体）
    #[arg(long)]
    pub pdfa: bool,
    /// 并行线程数（默认每个 CPU 一个，最多为 CPU 数的两倍）
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// 跳过输出已是最新的县区（工作簿内容、日期和所选文件均未变化；用于中断后续跑）
    #[arg(long)]
    pub skip_unchanged: bool,
    /// 只生成文件夹的第 K 部分（共 N 部分，如 3/8），供多台机器或作业数组分担；
    /// 各部分写出 summary.shard-K-of-N.jsonl，最后用 junheng summary 合并汇总表
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    /// 佐证材料文件夹：检查后把佐证材料目录作为自评报告的最后一个附件，缺少的材料列入问题清单（只用于单个工作簿）
    #[arg(long, value_name = "DIR")]
    pub evidence: Option<PathBuf>,
    /// 写出哪些版本：pdf、docx（可编辑的 Word 版），或 pdf,docx（默认两者）
    #[arg(long, value_delimiter = ',', default_value = "pdf,docx")]
    pub format: Vec<Format>,
    /// 模板目录：其中与内置模板或样式文件同名的文件（如 plan.typ.j2、house.typ）取代内置的
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

/// A `--date` that is not a date.
#[derive(Debug, Clone, thiserror::Error)]
#[error("「{0}」不是有效日期，应如 2026-03-16")]
pub struct BadDate(String);

/// Parse `--date`: 2026-03-16, 2026/3/16 or 2026年3月16日.
pub fn parse_date_arg(text: &str) -> Result<Date, BadDate> {
    match workbook::cells::date(&calamine::Data::String(text.to_string())) {
        Ok(Some(d)) => Ok(d),
        _ => Err(BadDate(text.to_string())),
    }
}

/// `--only` as document kinds, printing the usage error.
pub(crate) fn kinds_or_report(only: &[String]) -> Result<Vec<DocumentKind>, u8> {
    pipeline::select_kinds(only).map_err(|e| {
        eprintln!("错误：--only 中的{e}；可选 plan,duties,report（或 实施方案,责任清单,自评报告）");
        EXIT_INTERNAL
    })
}

/// The bundled fonts, or those plus the user's folder; prints which user fonts won.
pub(crate) fn load_renderer(font_dir: Option<&Path>) -> Result<Renderer, u8> {
    load_renderer_with(font_dir, None)
}

/// [`load_renderer`] with a `--templates` directory; prints which files it overrides.
pub(crate) fn load_renderer_with(
    font_dir: Option<&Path>,
    templates: Option<&Path>,
) -> Result<Renderer, u8> {
    let fonts: FontSet = match pipeline::load_fonts(font_dir) {
        Ok(set) => set,
        Err(e) => {
            eprintln!("错误：{e}");
            return Err(EXIT_INTERNAL);
        }
    };
    for (role, family) in &fonts.user_choices {
        println!("字体：{role} 使用「{family}」，缺字时由内置字体补足");
    }
    match templates {
        None => Ok(Renderer::new(fonts)),
        Some(dir) => match Renderer::with_templates(fonts, dir) {
            Ok((renderer, used)) => {
                for name in used {
                    println!("模板：使用「{}」", dir.join(name).display());
                }
                Ok(renderer)
            }
            Err(e) => {
                eprintln!("错误：{e}");
                Err(EXIT_INPUT)
            }
        },
    }
}

/// `-j` (see [`batch::capped_jobs`]), with a warning when a larger number was asked for.
pub(crate) fn capped_jobs(requested: Option<usize>) -> usize {
    let jobs = batch::capped_jobs(requested);
    if let Some(asked) = jobs.asked {
        eprintln!(
            "警告：-j {asked} 过大，已改为 {}（本机 {} 个 CPU；线程再多也不会更快，只会占用更多内存）",
            jobs.threads, jobs.cpus
        );
    }
    jobs.threads
}

/// A worker pool of `jobs` threads (capped, see [`capped_jobs`]) with large stacks.
pub(crate) fn thread_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, u8> {
    pipeline::thread_pool(capped_jobs(jobs)).map_err(|e| {
        eprintln!("{e}");
        EXIT_INTERNAL
    })
}

/// Problems as printed lines (`file：错误：工作表…`), errors first.
pub(crate) fn problem_lines(file: &Path, problems: &[Problem]) -> Vec<String> {
    let mut sorted: Vec<&Problem> = problems.iter().collect();
    sorted.sort_by_key(|p| p.severity);
    sorted
        .into_iter()
        .map(|p| format!("{}：{p}", file.display()))
        .collect()
}

pub(crate) fn project_options(opts: &BuildOptions, kinds: Vec<DocumentKind>) -> Options {
    Options {
        kinds,
        formats: opts.format.clone(),
        evidence: opts.evidence.clone(),
        date: opts.date,
        emit_typst: opts.emit_typst,
    }
}

/// The printed lines of one workbook, and its exit status.
struct Report {
    status: u8,
    stdout: Vec<String>,
    stderr: Vec<String>,
}

impl Report {
    fn print(&self) {
        for line in &self.stderr {
            eprintln!("{line}");
        }
        for line in &self.stdout {
            println!("{line}");
        }
    }
}

/// How a county's build is printed.
fn report_outcome(file: &Path, outcome: &Outcome) -> Report {
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
        status: EXIT_OK,
        stdout,
        stderr,
    }
}

fn report_error(file: &Path, error: &PipelineError) -> Report {
    let mut stderr = match error {
        PipelineError::Input { problems, .. } => problem_lines(file, problems),
        _ => Vec::new(),
    };
    stderr.push(error.to_string());
    Report {
        status: if error.is_input() {
            EXIT_INPUT
        } else {
            EXIT_INTERNAL
        },
        stdout: Vec::new(),
        stderr,
    }
}

fn report_result(file: &Path, result: &CountyResult) -> Report {
    match result {
        CountyResult::Done(outcome) => report_outcome(file, outcome),
        CountyResult::Failed(e) => report_error(file, e),
        CountyResult::Duplicate { county, first } => Report {
            status: EXIT_INPUT,
            stdout: Vec::new(),
            stderr: vec![format!(
                "{}：县区名称「{county}」与「{}」相同，输出会互相覆盖，已跳过。",
                file.display(),
                first.display()
            )],
        },
    }
}

pub fn build(opts: &BuildOptions) -> u8 {
    let kinds = match kinds_or_report(&opts.only) {
        Ok(k) => k,
        Err(code) => return code,
    };
    if opts.evidence.is_some() && !opts.path.is_file() {
        eprintln!("错误：--evidence 只能与单个工作簿一起使用（佐证材料文件夹属于一个县区）");
        return EXIT_INTERNAL;
    }
    let all = workbooks(&opts.path);
    if all.is_empty() {
        eprintln!(
            "错误：「{}」不存在、不是工作簿，或其下没有工作簿（.xlsx/.xls/.ods）",
            opts.path.display()
        );
        return EXIT_INPUT;
    }
    let mut renderer = match load_renderer_with(opts.font_dir.as_deref(), opts.templates.as_deref())
    {
        Ok(r) => r,
        Err(code) => return code,
    };
    renderer.pdfa = opts.pdfa;
    let project = Project::new(renderer, project_options(opts, kinds));
    let jobs = capped_jobs(opts.jobs);
    if let (true, [file]) = (opts.path.is_file(), all.as_slice()) {
        let pool = match pipeline::thread_pool(jobs) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{e}");
                return EXIT_INTERNAL;
            }
        };
        let result = pool.install(|| {
            project.build(
                Input::Path(file),
                &opts.out,
                opts.skip_unchanged,
                &mut |_| {},
            )
        });
        let report = match &result {
            Ok(outcome) => report_outcome(file, outcome),
            Err(e) => report_error(file, e),
        };
        report.print();
        return report.status;
    }
    let files = batch::select(&opts.path, all, opts.shard);
    build_folder(&project, &files, jobs, opts)
}

fn build_folder(project: &Project, files: &[PathBuf], jobs: usize, opts: &BuildOptions) -> u8 {
    let started = Instant::now();
    let bar = indicatif::ProgressBar::new(files.len() as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] [{bar:30}] {pos}/{len} 剩余约 {eta} {wide_msg}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("生成中…");
    bar.enable_steady_tick(std::time::Duration::from_millis(120));

    // Results print in path order: a finished county waits here for those before it.
    let mut waiting: BTreeMap<usize, Report> = BTreeMap::new();
    let mut next_to_print = 0;
    let mut worst = EXIT_OK;
    let batch_opts = BatchOptions {
        out: opts.out.clone(),
        jobs,
        skip_unchanged: opts.skip_unchanged,
        shard: opts.shard,
    };
    let mut on_result = |i: usize, result: &CountyResult| {
        let file = files.get(i).map(PathBuf::as_path).unwrap_or(Path::new(""));
        let report = report_result(file, result);
        worst = worst.max(report.status);
        if let CountyResult::Done(outcome) = result {
            bar.set_message(format!("已完成 {}", outcome.county));
        }
        bar.inc(1);
        waiting.insert(i, report);
        while let Some(report) = waiting.remove(&next_to_print) {
            bar.suspend(|| report.print());
            next_to_print += 1;
        }
    };
    let records = batch::run(project, &opts.path, files, &batch_opts, &mut on_result);
    bar.finish_and_clear();
    for report in waiting.values() {
        report.print();
    }
    let mut records = match records {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_INTERNAL;
        }
    };
    records.sort_by(|a, b| a.file.cmp(&b.file));

    let built = records.iter().filter(|r| r.status.ok()).count();
    let fresh = records
        .iter()
        .filter(|r| r.status == batch::Status::UpToDate)
        .count();
    let failed: Vec<&Record> = records.iter().filter(|r| !r.status.ok()).collect();
    let mut summary_note = None;
    if opts.shard.is_none() && built > 0 {
        let written = batch::write_folder_summary(project, &records, &opts.out, opts.date, jobs);
        match written {
            Ok(written) => summary_note = Some(summary_lines(&written)),
            Err(e) => {
                eprintln!("{e}");
                worst = worst.max(EXIT_INTERNAL);
            }
        }
    }
    let shard_text = opts
        .shard
        .map(|s| format!("（分片 {}/{}）", s.index, s.count))
        .unwrap_or_default();
    let fresh_text = if fresh > 0 {
        format!("，其中 {fresh} 个已是最新而跳过")
    } else {
        String::new()
    };
    println!(
        "汇总{shard_text}：共 {} 个工作簿，成功 {built} 个{fresh_text}，失败 {} 个，用时 {:.2} 秒（{jobs} 个线程）",
        files.len(),
        failed.len(),
        started.elapsed().as_secs_f64(),
    );
    for r in &failed {
        println!(
            "  未生成：{}（{}，详见上方）",
            opts.path.join(&r.file).display(),
            r.status.reason()
        );
    }
    if let Some(note) = summary_note {
        println!("汇总表：");
        for line in note {
            println!("{line}");
        }
    }
    if let Some(s) = opts.shard {
        println!(
            "本分片的汇总记录：{}；全部分片完成后运行 junheng summary 输出文件夹… 合并为汇总表",
            opts.out.join(Shard::summary_name(Some(s))).display()
        );
    }
    worst
}

/// The lines naming the 汇总表's files: the PDF with its pages, the Word edition.
pub fn summary_lines(written: &crate::pipeline::SummaryFiles) -> Vec<String> {
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
