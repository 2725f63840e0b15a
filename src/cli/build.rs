//! `junheng build PATH`: read, evaluate, fill templates, compile, write PDFs atomically.
//!
//! All selected documents of a county are compiled before anything is written, so a
//! failure leaves the previous good PDFs untouched. A folder builds its counties in
//! parallel (rayon, `--jobs` threads, one shared `Renderer` and so one parsed font set),
//! shows a progress bar, prints the results in path order and writes a 汇总表 comparing
//! the counties. A broken workbook is reported and skipped; the others still build.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use super::summary::{self, SummaryRow};
use super::{EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, today, workbooks};
use crate::documents::{self, DocumentKind};
use crate::evaluate::{self, Evaluation};
use crate::model::{County, Date};
use crate::problem::Problem;
use crate::render::fonts::FontSet;
use crate::render::output::{county_dir, write_atomic};
use crate::render::{Compiled, Renderer, timing};
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
    /// 并行线程数（默认每个 CPU 一个）
    #[arg(short, long)]
    pub jobs: Option<usize>,
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

/// An edition of the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Pdf,
    Docx,
}

/// The documents `--only` selects (all when empty). Err names the unknown entry.
pub fn selected_kinds(only: &[String]) -> Result<Vec<DocumentKind>, String> {
    if only.is_empty() {
        return Ok(DocumentKind::ALL.to_vec());
    }
    let mut kinds = Vec::new();
    for key in only {
        match DocumentKind::from_key(key) {
            Some(k) if !kinds.contains(&k) => kinds.push(k),
            Some(_) => {}
            None => return Err(key.clone()),
        }
    }
    Ok(kinds)
}

/// Parse `--date`: 2026-03-16, 2026/3/16 or 2026年3月16日.
pub fn parse_date_arg(text: &str) -> Result<Date, String> {
    match workbook::cells::date(&calamine::Data::String(text.to_string())) {
        Ok(Some(d)) => Ok(d),
        _ => Err(format!("「{text}」不是有效日期，应如 2026-03-16")),
    }
}

/// `--only` as document kinds, printing the usage error.
pub(crate) fn kinds_or_report(only: &[String]) -> Result<Vec<DocumentKind>, u8> {
    selected_kinds(only).map_err(|bad| {
        eprintln!(
            "错误：--only 中的「{bad}」不是文件名；可选 plan,duties,report（或 实施方案,责任清单,自评报告）"
        );
        EXIT_INTERNAL
    })
}

/// The bundled fonts, or those plus the user's folder; prints which user fonts won.
pub(crate) fn load_renderer(font_dir: Option<&Path>) -> Result<Renderer, u8> {
    load_renderer_with(font_dir, None)
}

/// [`load_renderer`] with a `--templates` directory.
pub(crate) fn load_renderer_with(
    font_dir: Option<&Path>,
    templates: Option<&Path>,
) -> Result<Renderer, u8> {
    let loaded = timing::time("fonts", "", || match font_dir {
        None => Ok(FontSet::bundled()),
        Some(dir) => FontSet::with_user_dir(dir),
    });
    let fonts = match loaded {
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

/// A worker pool of `jobs` threads (rayon's default when None).
pub(crate) fn thread_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, u8> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        builder = builder.num_threads(n.max(1));
    }
    builder.build().map_err(|e| {
        eprintln!("内部错误：无法创建工作线程：{e}");
        EXIT_INTERNAL
    })
}

/// A county read and evaluated, ready for the templates.
pub struct Prepared {
    pub file: PathBuf,
    pub county: County,
    pub evaluation: Evaluation,
    /// The date the documents carry (成文日期, else the fallback).
    pub date: Date,
    pub warnings: Vec<Problem>,
    /// The checked evidence folder (`--evidence`), for the 自评报告.
    pub evidence: Option<crate::evidence::CheckReport>,
}

/// Read and evaluate a workbook. Err holds every problem when there is an error.
pub fn prepare(file: &Path, fallback_date: Option<Date>) -> Result<Prepared, Vec<Problem>> {
    let outcome = timing::time("read", "", || workbook::read_county(file))?;
    let county = outcome.county;
    let evaluation = timing::time("evaluate", "", || evaluate::evaluate(&county));
    let date = documents::document_date(&county, fallback_date.unwrap_or_else(today));
    let mut warnings = outcome.warnings;
    warnings.extend(evaluate::plausibility(&county, date));
    Ok(Prepared {
        file: file.to_path_buf(),
        county,
        evaluation,
        date,
        warnings,
        evidence: None,
    })
}

/// Check the `--evidence` folder against the county's expected items. Ok is the line
/// to print; Err the error message.
pub fn attach_evidence(prepared: &mut Prepared, dir: &Path) -> Result<String, String> {
    let expected = crate::evidence::expected(Some(&prepared.county));
    let report = crate::evidence::check(dir, &expected, &crate::evidence::Limits::default())
        .map_err(|e| format!("错误：佐证材料：{e}"))?;
    let line = format!(
        "佐证材料：应提供{}项，已提供{}项，缺{}项（目录见自评报告最后一个附件）",
        report.expected_count(),
        report.present_count(),
        report.missing_count()
    );
    prepared.evidence = Some(report);
    Ok(line)
}

/// Problems as printed lines (`file：错误：工作表…`), errors first.
pub fn problem_lines(file: &Path, problems: &[Problem]) -> Vec<String> {
    let mut sorted: Vec<&Problem> = problems.iter().collect();
    sorted.sort_by_key(|p| p.severity);
    sorted
        .into_iter()
        .map(|p| format!("{}：{p}", file.display()))
        .collect()
}

/// One compiled document with the markup it came from.
pub struct Built {
    pub kind: DocumentKind,
    pub markup: String,
    pub doc: Compiled,
}

/// Fill the templates of `kinds`. Err is the printed message.
pub fn markups(
    renderer: &Renderer,
    prepared: &Prepared,
    kinds: &[DocumentKind],
) -> Result<Vec<(DocumentKind, String)>, String> {
    kinds
        .iter()
        .map(|kind| {
            timing::time("markup", kind.key(), || {
                documents::markup_with_evidence(
                    renderer,
                    *kind,
                    &prepared.county,
                    &prepared.evaluation,
                    prepared.date,
                    prepared.evidence.as_ref(),
                )
            })
            .map(|m| (*kind, m))
            .map_err(|e| {
                format!(
                    "{}：生成「{}」失败：{e}",
                    prepared.file.display(),
                    kind.file_stem()
                )
            })
        })
        .collect()
}

/// The PDF identifier of a document: stable across runs, machines and thread counts.
pub fn pdf_ident(kind: DocumentKind) -> String {
    format!("junheng-{}", kind.key())
}

/// Compile markups (in parallel on the current rayon pool). Nothing is written; Err is
/// the printed message of the first failure.
pub fn compile_markups(
    renderer: &Renderer,
    file: &Path,
    sources: Vec<(DocumentKind, String)>,
    date: Date,
) -> Result<Vec<Built>, String> {
    let jobs = sources
        .iter()
        .map(|(kind, markup)| (pdf_ident(*kind), markup.clone()))
        .collect();
    let results = renderer.compile_all(jobs, date);
    let mut built = Vec::with_capacity(results.len());
    for ((kind, markup), result) in sources.into_iter().zip(results) {
        match result {
            Ok(doc) => built.push(Built { kind, markup, doc }),
            Err(e) => {
                return Err(format!(
                    "{}：「{}」排版失败，未写出任何文件：{e}",
                    file.display(),
                    kind.file_stem()
                ));
            }
        }
    }
    Ok(built)
}

/// The Word editions of markups (in parallel on the current rayon pool). Err is the
/// printed message of the first failure.
pub fn docx_editions(
    renderer: &Renderer,
    file: &Path,
    sources: &[(DocumentKind, String)],
    date: Date,
) -> Result<Vec<(DocumentKind, Vec<u8>)>, String> {
    sources
        .par_iter()
        .map(|(kind, markup)| {
            renderer
                .docx(markup, date, &pdf_ident(*kind))
                .map(|d| (*kind, d.bytes))
                .map_err(|e| {
                    format!(
                        "{}：「{}」Word 版生成失败，未写出任何文件：{e}",
                        file.display(),
                        kind.file_stem()
                    )
                })
        })
        .collect()
}

/// What writing a county's documents printed.
#[derive(Default)]
pub struct Written {
    /// `  path（n 页，k KB）` per PDF.
    pub lines: Vec<String>,
    /// Typst warnings, for stderr.
    pub warnings: Vec<String>,
}

/// Write compiled documents atomically into `dir`. Err is the printed message.
pub fn write_documents(
    renderer: &Renderer,
    file: &Path,
    dir: &Path,
    built: &[Built],
    docx: &[(DocumentKind, Vec<u8>)],
    emit_typst: bool,
) -> Result<Written, String> {
    let mut written = Written::default();
    for b in built {
        for w in &b.doc.warnings {
            written.warnings.push(format!(
                "{}：「{}」排版警告：{w}",
                file.display(),
                b.kind.file_stem()
            ));
        }
        let pdf_path = dir.join(format!("{}.pdf", b.kind.file_stem()));
        write_atomic(&pdf_path, &b.doc.pdf).map_err(|e| format!("错误：{e}"))?;
        if emit_typst {
            let typ_path = dir.join(format!("{}.typ", b.kind.file_stem()));
            write_atomic(&typ_path, b.markup.as_bytes()).map_err(|e| format!("错误：{e}"))?;
        }
        written.lines.push(format!(
            "  {}（{} 页，{} KB）",
            pdf_path.display(),
            b.doc.pages,
            b.doc.pdf.len().div_ceil(1024)
        ));
    }
    for (kind, bytes) in docx {
        let path = dir.join(format!("{}.docx", kind.file_stem()));
        write_atomic(&path, bytes).map_err(|e| format!("错误：{e}"))?;
        written.lines.push(format!(
            "  {}（Word 版，{} KB）",
            path.display(),
            bytes.len().div_ceil(1024)
        ));
    }
    if emit_typst {
        // The sources import these two files; write them so `typst compile` works too.
        for (name, text) in renderer.support_files() {
            write_atomic(&dir.join(name), text.as_bytes()).map_err(|e| format!("错误：{e}"))?;
        }
    }
    Ok(written)
}

/// The outcome of one workbook, buffered so parallel builds print in path order.
struct CountyReport {
    status: u8,
    stdout: Vec<String>,
    stderr: Vec<String>,
    /// Present when the county was built (for the 汇总表).
    row: Option<SummaryRow>,
    /// 成文日期 used, for the 汇总表's date.
    date: Option<Date>,
    /// Why nothing was built, for the summary line.
    reason: &'static str,
}

impl CountyReport {
    fn failed(status: u8, stderr: Vec<String>) -> Self {
        CountyReport {
            status,
            stdout: Vec::new(),
            stderr,
            row: None,
            date: None,
            reason: if status == EXIT_INPUT {
                "数据有误或无法读取"
            } else {
                "排版或写出失败"
            },
        }
    }

    fn print(&self) {
        for line in &self.stderr {
            eprintln!("{line}");
        }
        for line in &self.stdout {
            println!("{line}");
        }
    }
}

pub fn build(opts: &BuildOptions) -> u8 {
    let kinds = match kinds_or_report(&opts.only) {
        Ok(k) => k,
        Err(code) => return code,
    };
    let files = workbooks(&opts.path);
    if opts.evidence.is_some() && !opts.path.is_file() {
        eprintln!("错误：--evidence 只能与单个工作簿一起使用（佐证材料文件夹属于一个县区）");
        return EXIT_INTERNAL;
    }
    if files.is_empty() {
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
    let pool = match thread_pool(opts.jobs) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let (true, [file]) = (opts.path.is_file(), files.as_slice()) {
        let report = pool.install(|| build_prepared(&renderer, file, &kinds, opts));
        report.print();
        return report.status;
    }
    build_folder(&renderer, &pool, &files, &kinds, opts)
}

/// Read, evaluate, compile and write one county.
fn build_prepared(
    renderer: &Renderer,
    file: &Path,
    kinds: &[DocumentKind],
    opts: &BuildOptions,
) -> CountyReport {
    let mut prepared = match prepare(file, opts.date) {
        Ok(prepared) => prepared,
        Err(problems) => return read_failure(file, &problems),
    };
    let mut evidence_line = None;
    if let Some(dir) = &opts.evidence {
        match attach_evidence(&mut prepared, dir) {
            Ok(line) => evidence_line = Some(line),
            Err(e) => return CountyReport::failed(EXIT_INTERNAL, vec![e]),
        }
    }
    let mut report = build_county(renderer, prepared, kinds, opts, Instant::now());
    if report.status == EXIT_OK {
        report.stdout.extend(evidence_line);
    }
    report
}

fn read_failure(file: &Path, problems: &[Problem]) -> CountyReport {
    let mut lines = problem_lines(file, problems);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    lines.push(format!(
        "{}：发现 {errors} 处错误，未生成任何文件。",
        file.display()
    ));
    CountyReport::failed(EXIT_INPUT, lines)
}

fn build_county(
    renderer: &Renderer,
    prepared: Prepared,
    kinds: &[DocumentKind],
    opts: &BuildOptions,
    started: Instant,
) -> CountyReport {
    let file = prepared.file.clone();
    let mut stderr = problem_lines(&file, &prepared.warnings);
    // Characters no font has would print as empty boxes: name the cells that hold them.
    let uncovered = timing::time("coverage", "", || {
        crate::render::coverage::uncovered_chars(&prepared.county, &renderer.fonts)
    });
    stderr.extend(problem_lines(&file, &uncovered));
    let sources = match markups(renderer, &prepared, kinds) {
        Ok(s) => s,
        Err(e) => {
            stderr.push(e);
            return CountyReport::failed(EXIT_INTERNAL, stderr);
        }
    };
    let (built, docx) = rayon::join(
        || {
            if opts.format.contains(&Format::Pdf) {
                compile_markups(renderer, &file, sources.clone(), prepared.date)
            } else {
                Ok(Vec::new())
            }
        },
        || {
            if opts.format.contains(&Format::Docx) {
                docx_editions(renderer, &file, &sources, prepared.date)
            } else {
                Ok(Vec::new())
            }
        },
    );
    let (built, docx) = match (built, docx) {
        (Ok(b), Ok(d)) => (b, d),
        (Err(e), _) | (_, Err(e)) => {
            stderr.push(e);
            return CountyReport::failed(EXIT_INTERNAL, stderr);
        }
    };
    let dir = county_dir(&opts.out, &prepared.county.info.county_name);
    let written = timing::time("write", "", || {
        write_documents(renderer, &file, &dir, &built, &docx, opts.emit_typst)
    });
    let written = match written {
        Ok(w) => w,
        Err(e) => {
            stderr.push(e);
            return CountyReport::failed(EXIT_INTERNAL, stderr);
        }
    };
    stderr.extend(written.warnings);
    let mut stdout = vec![format!(
        "{}：已生成 {} 份文件，用时 {:.2} 秒",
        prepared.county.info.county_name,
        written.lines.len(),
        started.elapsed().as_secs_f64()
    )];
    stdout.extend(written.lines);
    CountyReport {
        status: EXIT_OK,
        stdout,
        stderr,
        row: Some(SummaryRow::new(&prepared.file, &prepared.evaluation)),
        date: Some(prepared.date),
        reason: "",
    }
}

fn build_folder(
    renderer: &Renderer,
    pool: &rayon::ThreadPool,
    files: &[PathBuf],
    kinds: &[DocumentKind],
    opts: &BuildOptions,
) -> u8 {
    let started = Instant::now();
    let bar = indicatif::ProgressBar::new(files.len() as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] [{bar:30}] {pos}/{len} {wide_msg}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("读取工作簿…");
    bar.enable_steady_tick(std::time::Duration::from_millis(120));

    // 1. Read and evaluate every workbook (in parallel).
    let read: Vec<Result<Prepared, Vec<Problem>>> =
        pool.install(|| files.par_iter().map(|f| prepare(f, opts.date)).collect());

    // 2. Two workbooks of one county would overwrite each other's PDFs: keep the first.
    let mut reports: Vec<Option<CountyReport>> = Vec::with_capacity(files.len());
    let mut todo: Vec<(usize, Prepared)> = Vec::new();
    let mut seen: Vec<(String, PathBuf)> = Vec::new();
    for (i, (file, result)) in files.iter().zip(read).enumerate() {
        match result {
            Err(problems) => {
                reports.push(Some(read_failure(file, &problems)));
                bar.inc(1);
            }
            Ok(prepared) => {
                let folder = county_dir(Path::new(""), &prepared.county.info.county_name);
                let key = folder.display().to_string();
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                    let mut report = CountyReport::failed(
                        EXIT_INPUT,
                        vec![format!(
                            "{}：县区名称「{}」与「{}」相同，输出会互相覆盖，已跳过。",
                            file.display(),
                            prepared.county.info.county_name,
                            first.display()
                        )],
                    );
                    report.reason = "与其他工作簿的县区名称相同";
                    reports.push(Some(report));
                    bar.inc(1);
                } else {
                    seen.push((key, file.clone()));
                    reports.push(None);
                    todo.push((i, prepared));
                }
            }
        }
    }

    // 3. Compile and write the counties in parallel; documents of one county too.
    let built: Vec<(usize, CountyReport)> = pool.install(|| {
        todo.into_par_iter()
            .map(|(i, prepared)| {
                let name = prepared.county.info.county_name.clone();
                let report = build_county(renderer, prepared, kinds, opts, Instant::now());
                bar.inc(1);
                bar.set_message(format!("已完成 {name}"));
                (i, report)
            })
            .collect()
    });
    for (i, report) in built {
        if let Some(slot) = reports.get_mut(i) {
            *slot = Some(report);
        }
    }
    bar.finish_and_clear();

    let reports: Vec<CountyReport> = reports.into_iter().flatten().collect();
    let mut worst = EXIT_OK;
    for report in &reports {
        report.print();
        worst = worst.max(report.status);
    }

    // 4. The 汇总表 over the counties that built.
    let rows: Vec<SummaryRow> = reports.iter().filter_map(|r| r.row.clone()).collect();
    let failed: Vec<(PathBuf, &str)> = files
        .iter()
        .zip(&reports)
        .filter(|(_, r)| r.status != EXIT_OK)
        .map(|(f, r)| (f.clone(), r.reason))
        .collect();
    let summary_date = opts
        .date
        .or_else(|| reports.iter().filter_map(|r| r.date).max())
        .unwrap_or_else(today);
    let skipped: Vec<String> = failed
        .iter()
        .map(|(f, _)| relative_name(&opts.path, f))
        .collect();
    let summary_path = opts.out.join("汇总表.pdf");
    let summary_note = if rows.is_empty() {
        None
    } else {
        match pool
            .install(|| summary::write(renderer, &summary_path, &rows, &skipped, summary_date))
        {
            Ok(pages) => Some(format!("  {}（{pages} 页）", summary_path.display())),
            Err(e) => {
                eprintln!("{e}");
                worst = worst.max(EXIT_INTERNAL);
                None
            }
        }
    };

    println!(
        "汇总：共 {} 个工作簿，成功 {} 个，失败 {} 个，用时 {:.2} 秒（{} 个线程）",
        files.len(),
        rows.len(),
        failed.len(),
        started.elapsed().as_secs_f64(),
        pool.current_num_threads()
    );
    for (file, why) in &failed {
        println!("  未生成：{}（{why}，详见上方）", file.display());
    }
    if let Some(note) = summary_note {
        println!("汇总表：");
        println!("{note}");
    }
    worst
}

/// A workbook's path relative to the folder that was built, for the 汇总表.
fn relative_name(root: &Path, file: &Path) -> String {
    file.strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string()
}
