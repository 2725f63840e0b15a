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
use crate::pipeline::batch::{self, BatchOptions, CountyResult, Shard};
use crate::pipeline::report::{self, Report, Severity};
use crate::pipeline::{self, Format, Input, Options, Project};
use crate::render::{Renderer, fonts::FontSet};
use crate::workbook;

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

pub(crate) fn project_options(opts: &BuildOptions, kinds: Vec<DocumentKind>) -> Options {
    Options {
        kinds,
        formats: opts.format.clone(),
        evidence: opts.evidence.clone(),
        date: opts.date,
        emit_typst: opts.emit_typst,
    }
}

/// Print a workbook's report (stderr first) and give its exit status.
pub(crate) fn print(report: &Report) -> u8 {
    for line in &report.stderr {
        eprintln!("{line}");
    }
    for line in &report.stdout {
        println!("{line}");
    }
    exit_code(report.severity)
}

pub(crate) fn exit_code(severity: Severity) -> u8 {
    match severity {
        Severity::Ok => EXIT_OK,
        Severity::Input => EXIT_INPUT,
        Severity::Internal => EXIT_INTERNAL,
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
        return print(&match &result {
            Ok(outcome) => report::outcome(file, outcome),
            Err(e) => report::error(file, e),
        });
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
    let mut worst = Severity::Ok;
    let batch_opts = BatchOptions {
        out: opts.out.clone(),
        jobs,
        skip_unchanged: opts.skip_unchanged,
        shard: opts.shard,
    };
    let mut on_result = |i: usize, result: &CountyResult| {
        let file = files.get(i).map(PathBuf::as_path).unwrap_or(Path::new(""));
        let report = report::result(file, result);
        worst = worst.max(report.severity);
        if let CountyResult::Done(outcome) = result {
            bar.set_message(format!("已完成 {}", outcome.county));
        }
        bar.inc(1);
        waiting.insert(i, report);
        while let Some(report) = waiting.remove(&next_to_print) {
            bar.suspend(|| print(&report));
            next_to_print += 1;
        }
    };
    let records = batch::run(project, &opts.path, files, &batch_opts, &mut on_result);
    bar.finish_and_clear();
    for report in waiting.values() {
        print(report);
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
    let mut summary_note = None;
    if opts.shard.is_none() && built > 0 {
        let written = batch::write_folder_summary(project, &records, &opts.out, opts.date, jobs);
        match written {
            Ok(written) => summary_note = Some(report::summary_lines(&written)),
            Err(e) => {
                eprintln!("{e}");
                worst = worst.max(Severity::Internal);
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    for line in report::folder_totals(&opts.path, files.len(), &records, opts.shard, seconds, jobs)
    {
        println!("{line}");
    }
    if let Some(note) = summary_note {
        println!("汇总表：");
        for line in note {
            println!("{line}");
        }
    }
    if let Some(s) = opts.shard {
        println!("{}", report::shard_line(&opts.out, s));
    }
    exit_code(worst)
}
