//! The pipeline as a library: load → evaluate → documents → render → write.
//!
//! A [`Project`] holds what every build shares (the parsed fonts and templates, the
//! documents to make, the fallback date) and turns one county's workbook, from a path or
//! from bytes, into its set of files in `OUT/<县区名称>/`, replaced as one (see
//! [`crate::render::output::replace_set`]) together with a manifest recording what the
//! files were made from. `build`, `watch`, `diff` and a server call it; [`batch`] runs it
//! over a folder. Errors are typed; the CLI only prints them.

pub mod batch;
pub mod incremental;
pub mod report;
pub mod watcher;

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::documents::summary::SummaryRow;
use crate::documents::{self, DocumentKind};
use crate::evaluate::{self, Evaluation};
use crate::model::{County, Date};
use crate::problem::Problem;
use crate::render::fonts::{FontError, FontSet};
use crate::render::output::{
    Guard, NamedFile, Swapped, WriteError, county_dir, replace_set_guarded, write_atomic,
};
use crate::render::{Compiled, RenderError, Renderer, timing};
use crate::workbook;

/// Stack size of every thread that compiles: Typst recurses deeply on long tables and
/// nested content (its own CLI compiles on a thread with a large stack); the default
/// 2 MiB of a spawned thread is not enough. Only the pages touched become memory.
pub(crate) const STACK_SIZE: usize = 64 * 1024 * 1024;

/// Name of the manifest written with every county's set of files.
pub(crate) const MANIFEST: &str = ".junheng-manifest.json";

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The workbook has errors; `problems` holds all of them (and the warnings).
    #[error("{file}：发现 {errors} 处错误，未生成任何文件。")]
    Input {
        file: String,
        errors: usize,
        problems: Vec<Problem>,
    },
    #[error("{file}：生成「{}」失败：{source}", kind.file_stem())]
    Markup {
        file: String,
        kind: DocumentKind,
        source: RenderError,
    },
    #[error("{file}：「{}」排版失败，未写出任何文件：{source}", kind.file_stem())]
    Compile {
        file: String,
        kind: DocumentKind,
        source: RenderError,
    },
    #[error("{file}：「{}」Word 版生成失败，未写出任何文件：{source}", kind.file_stem())]
    Docx {
        file: String,
        kind: DocumentKind,
        source: RenderError,
    },
    #[error("错误：佐证材料：{0}")]
    Evidence(String),
    #[error("汇总表排版失败：{0}")]
    Summary(RenderError),
    #[error("佐证材料目录生成失败：{0}")]
    EvidenceIndex(RenderError),
    #[error("汇总表 Word 版生成失败：{0}")]
    SummaryDocx(RenderError),
    #[error("数据更正对照表排版失败：{0}")]
    Correction(RenderError),
    #[error("数据更正对照表 Word 版生成失败：{0}")]
    CorrectionDocx(RenderError),
    #[error("错误：{0}")]
    Write(#[from] WriteError),
    #[error("错误：{0}")]
    Fonts(#[from] FontError),
    #[error("内部错误：无法创建工作线程：{0}")]
    Threads(String),
}

impl PipelineError {
    /// True when the workbook is at fault (exit code 1), not the machine (2).
    pub(crate) fn is_input(&self) -> bool {
        matches!(self, PipelineError::Input { .. })
    }
}

/// Where a workbook comes from.
pub enum Input<'a> {
    Path(&'a Path),
    /// The bytes of a workbook file (an upload); `name` labels its messages.
    Bytes {
        name: &'a str,
        bytes: Vec<u8>,
    },
}

impl Input<'_> {
    fn label(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Bytes { name, .. } => (*name).to_string(),
        }
    }
}

/// A document's Word edition: its kind and the .docx bytes.
pub(crate) type WordEdition = (DocumentKind, Vec<u8>);

/// An edition of the documents: the PDF, or the editable Word file from the same markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Pdf,
    Docx,
}

/// What a build makes, shared by every county of a run.
#[derive(Debug, Clone)]
pub struct Options {
    pub kinds: Vec<DocumentKind>,
    /// The editions written (PDF, Word or both).
    pub formats: Vec<Format>,
    /// An evidence folder (佐证材料) to check and index in the 自评报告.
    pub evidence: Option<PathBuf>,
    /// 成文日期 for workbooks that have none (today when None).
    pub date: Option<Date>,
    /// Also write the Typst sources and the files they import.
    pub emit_typst: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            kinds: DocumentKind::ALL.to_vec(),
            formats: vec![Format::Pdf, Format::Docx],
            evidence: None,
            date: None,
            emit_typst: false,
        }
    }
}

/// Every problem `junheng check` reports for one workbook: the diagnosis every entry
/// point shares ([`prepare`]: reading, validation, plausibility against the document date
/// (成文日期, else `fallback_date`), the narrative texts), plus the characters `fonts`
/// cannot print when the workbook has no error (as `build` adds them before it renders).
pub fn check(file: &Path, fonts: &FontSet, fallback_date: Date) -> Vec<Problem> {
    check_against(file, fonts, fallback_date, None)
}

/// [`check`], also comparing the narrative's numbers with the figures a previous build
/// left in `out` (the `-o` folder of `build`).
pub fn check_against(
    file: &Path,
    fonts: &FontSet,
    fallback_date: Date,
    out: Option<&Path>,
) -> Vec<Problem> {
    match prepare(file, Some(fallback_date)) {
        Ok(prepared) => {
            let mut all = prepared.warnings;
            if let Some(out) = out
                && let Some(previous) = crate::narrative::figures::read_previous(&county_dir(
                    out,
                    &prepared.county.info.county_name,
                ))
            {
                all.extend(crate::narrative::figures::stale_numbers(
                    &prepared.county,
                    &previous,
                    &prepared.figures,
                ));
            }
            all.extend(crate::render::coverage::uncovered_chars(
                &prepared.county,
                fonts,
            ));
            all
        }
        Err(problems) => problems,
    }
}

/// The narrative after evaluation: the .docx sections attached, placeholders filled
/// (unknown ones are errors), sentences the results contradict warned of. Gives the
/// problems and the figures.
pub(crate) fn narrative_stage(
    county: &mut County,
    evaluation: &Evaluation,
    narrative: crate::narrative::Narrative,
) -> (Vec<Problem>, std::collections::BTreeMap<String, String>) {
    let figures = crate::narrative::figures::figures(county, evaluation);
    county.narrative = narrative;
    let mut problems = crate::narrative::figures::fill(county, &figures);
    problems.extend(crate::narrative::attach(county));
    problems.extend(crate::narrative::figures::false_claims(county, evaluation));
    (problems, figures)
}

/// A county read and evaluated, ready for the templates.
pub struct Prepared {
    pub file: PathBuf,
    pub county: County,
    pub evaluation: Evaluation,
    /// The date the documents carry (成文日期, else the fallback).
    pub date: Date,
    pub warnings: Vec<Problem>,
    /// Hash of the workbook's bytes (what the manifest records).
    pub content_hash: u64,
    /// Time spent reading and evaluating.
    pub load_ms: u64,
    /// The checked evidence folder (`--evidence`), for the 自评报告.
    pub evidence: Option<crate::evidence::CheckReport>,
    /// The figures narrative placeholders print (and the next build compares with).
    pub figures: std::collections::BTreeMap<String, String>,
    /// The narrative's pictures, as Typst reads them.
    pub assets: Vec<crate::render::Asset>,
}

/// One compiled document with the markup it came from.
pub struct Built {
    pub kind: DocumentKind,
    pub markup: String,
    pub doc: Compiled,
}

/// Milliseconds spent on each stage of one county.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub load_ms: u64,
    pub render_ms: u64,
    pub write_ms: u64,
    pub total_ms: u64,
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// What one county's build gave.
pub struct Outcome {
    pub county: String,
    pub dir: PathBuf,
    /// The files of the set (written now, or already up to date).
    pub files: Vec<PathBuf>,
    /// Per document: its kind, pages and PDF size in bytes (empty when up to date).
    pub documents: Vec<(DocumentKind, usize, usize)>,
    /// Workbook warnings and characters no font has.
    pub warnings: Vec<Problem>,
    /// Typst's warnings, as printed lines.
    pub typst_warnings: Vec<String>,
    /// The county's line of the 汇总表.
    pub summary: SummaryRow,
    pub date: Date,
    /// True when the outputs were already up to date and nothing was written.
    pub up_to_date: bool,
    /// Word editions written: (document, bytes).
    pub docx: Vec<(DocumentKind, usize)>,
    /// Lines to print after the files (the evidence check's count).
    pub notes: Vec<String>,
    pub timings: Timings,
}

/// Steps reported to a progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Loaded,
    Rendered,
    Written,
    UpToDate,
}

/// The record beside a county's files: what they were made from, and what each file
/// held when the tool wrote it (so that a person's changes to one are noticed).
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Manifest {
    key: String,
    county: String,
    files: Vec<String>,
    /// SHA-256 (hex) of each file written, by name. Absent in manifests of versions
    /// before 2026-12.
    #[serde(default)]
    sha256: std::collections::BTreeMap<String, String>,
}

impl Manifest {
    fn read(dir: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Whether the file `name` in `dir` is still what the tool wrote. A manifest of an
    /// earlier version has no hashes: then a listed file not modified after the manifest
    /// was written counts as the tool's.
    fn intact(&self, dir: &Path, name: &str) -> bool {
        let path = dir.join(name);
        if let Some(recorded) = self.sha256.get(name) {
            return std::fs::read(&path).is_ok_and(|bytes| sha256_hex(&bytes) == *recorded);
        }
        if !self.sha256.is_empty() || !self.files.iter().any(|f| f == name) {
            return false;
        }
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        match (modified(&path), modified(&dir.join(MANIFEST))) {
            (Some(file), Some(manifest)) => file <= manifest,
            _ => false,
        }
    }
}

/// SHA-256 of some bytes, in hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Whether the file `name` in a county's folder `dir` is exactly what the last build
/// wrote there (false when it was changed, or the tool never wrote it).
pub(crate) fn intact(dir: &Path, name: &str) -> bool {
    Manifest::read(dir).is_some_and(|m| m.intact(dir, name))
}

/// Every name a build may write into a county's folder (each document, each edition, the
/// Typst sources and the files they import).
pub(crate) fn owned_names(renderer: &Renderer) -> Vec<String> {
    let mut names = Vec::new();
    for kind in DocumentKind::ALL {
        for ext in ["pdf", "docx", "typ"] {
            names.push(format!("{}.{ext}", kind.file_stem()));
        }
    }
    for (name, _) in renderer.support_files() {
        names.push(name.to_string());
    }
    names
}

/// The lines a build prints about a person's files it kept and stale ones it removed.
pub(crate) fn guard_notes(swapped: &Swapped) -> Vec<String> {
    let mut notes = Vec::new();
    for (old, new) in &swapped.kept {
        notes.push(format!(
            "  已保留「{old}」：它与本程序上次写出的不同（可能在 Word 中修改过，或不是本程序写的），未被覆盖，已改名为「{new}」"
        ));
    }
    for name in &swapped.removed {
        notes.push(format!(
            "  已删除上次生成的「{name}」：本次没有重新生成它，留着会与新数据混淆"
        ));
    }
    notes
}

/// A stable 64-bit FNV-1a hash (the standard library's hasher may change between Rust
/// versions, and these hashes are stored and compared across runs and machines).
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// FNV-1a of some bytes.
pub(crate) fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h = Fnv::default();
    h.write(bytes);
    h.finish()
}

/// Read and evaluate a workbook file (and the narrative folder beside it). Err holds
/// every problem when there is an error.
pub fn prepare(file: &Path, fallback_date: Option<Date>) -> Result<Prepared, Vec<Problem>> {
    let started = Instant::now();
    let bytes = std::fs::read(file).unwrap_or_default();
    let outcome = timing::time("read", "", || workbook::read_county(file))?;
    let loaded = crate::narrative::load(file);
    // The build is out of date when the narrative changes, as when the workbook does.
    let hash = stable_hash(&bytes) ^ loaded.hash.rotate_left(1);
    evaluated(
        file,
        outcome,
        hash,
        fallback_date,
        started,
        (loaded.narrative, loaded.problems),
    )
}

/// Read and evaluate a workbook held in memory; `name` labels its messages.
pub(crate) fn prepare_bytes(
    name: &str,
    bytes: Vec<u8>,
    fallback_date: Option<Date>,
) -> Result<Prepared, Vec<Problem>> {
    let started = Instant::now();
    let hash = stable_hash(&bytes);
    let outcome = timing::time("read", "", || {
        let (sheets, problems) = workbook::open::load_bytes(bytes, name).map_err(|p| vec![p])?;
        workbook::read_sheets(sheets, problems)
    })?;
    evaluated(
        Path::new(name),
        outcome,
        hash,
        fallback_date,
        started,
        Default::default(),
    )
}

/// The one diagnosis of a workbook that has been read: validation, evaluation,
/// plausibility and the narrative checks. `check`, `build`, `watch`, `diff`, `eval` and the
/// 工作台 all come through here, so a workbook gets the same errors, warnings and exit
/// code from each. Err holds every problem (warnings too) when at least one is an error.
fn evaluated(
    file: &Path,
    outcome: workbook::ReadOutcome,
    content_hash: u64,
    fallback_date: Option<Date>,
    started: Instant,
    (narrative, narrative_problems): (crate::narrative::Narrative, Vec<Problem>),
) -> Result<Prepared, Vec<Problem>> {
    let mut county = outcome.county;
    let mut problems = outcome.warnings;
    problems.extend(narrative_problems);
    problems.extend(evaluate::validate(&county));
    let date = documents::document_date(&county, fallback_date.unwrap_or_else(today));
    problems.extend(evaluate::plausibility(&county, date));
    if problems.iter().any(Problem::is_error) {
        return Err(problems);
    }
    let evaluation = timing::time("evaluate", "", || evaluate::evaluate(&county));
    // The narrative after evaluation: its placeholders print computed figures (an unknown
    // one is an error) and its all-met claims are held against the results.
    let (narrative_problems, figures) = narrative_stage(&mut county, &evaluation, narrative);
    problems.extend(narrative_problems);
    problems.extend(documents::narrative::narrative_warnings(&county));
    if problems.iter().any(Problem::is_error) {
        return Err(problems);
    }
    let assets = county
        .narrative
        .images
        .iter()
        .filter_map(|i| crate::render::Asset::new(&i.path, i.bytes.clone()))
        .collect();
    Ok(Prepared {
        file: file.to_path_buf(),
        county,
        evaluation,
        date,
        warnings: problems,
        content_hash,
        load_ms: ms(started.elapsed()),
        evidence: None,
        figures,
        assets,
    })
}

/// Check the evidence folder `dir` against the county's expected items and keep the
/// report for the 自评报告.
pub(crate) fn attach_evidence(prepared: &mut Prepared, dir: &Path) -> Result<(), PipelineError> {
    let expected = crate::evidence::expected(Some(&prepared.county));
    let report = crate::evidence::check(dir, &expected, &crate::evidence::Limits::default())
        .map_err(|e| PipelineError::Evidence(e.to_string()))?;
    prepared.evidence = Some(report);
    Ok(())
}

/// The 佐证材料目录 written by `evidence check`: where, and how many pages.
pub struct EvidenceIndex {
    pub pdf: PathBuf,
    pub docx: PathBuf,
    pub pages: usize,
}

/// Write the 佐证材料目录 of a checked folder into `out` (the county's folder when the
/// county is known), the PDF and the Word edition from the same markup.
pub(crate) fn write_evidence_index(
    renderer: &Renderer,
    report: &crate::evidence::CheckReport,
    county: Option<&County>,
    date: Date,
    out: &Path,
) -> Result<EvidenceIndex, PipelineError> {
    let pdf = match county {
        Some(c) => county_dir(out, &c.info.county_name),
        None => out.to_path_buf(),
    }
    .join("佐证材料目录.pdf");
    let docx = pdf.with_extension("docx");
    let context = documents::evidence::context(report, county, date);
    let ident = "junheng-evidence";
    let markup = renderer
        .markup("evidence.typ.j2", &context)
        .map_err(PipelineError::EvidenceIndex)?;
    let word = renderer
        .docx(&markup, date, ident)
        .map_err(PipelineError::EvidenceIndex)?;
    let doc = renderer
        .compile(markup, date, ident)
        .map_err(PipelineError::EvidenceIndex)?;
    write_atomic(&pdf, &doc.pdf)?;
    write_atomic(&docx, &word.bytes)?;
    Ok(EvidenceIndex {
        pdf,
        docx,
        pages: doc.pages,
    })
}

/// The figures of a build, kept beside its documents for the next build to compare the
/// narrative's numbers with.
pub(crate) fn figures_file(prepared: &Prepared) -> NamedFile {
    (
        crate::narrative::figures::FIGURES_FILE.to_string(),
        serde_json::to_vec_pretty(&prepared.figures).unwrap_or_default(),
    )
}

/// Today's date (UTC), used only when the workbook has no 成文日期.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let serial = (secs / 86_400) as f64 + 25_569.0;
    workbook::cells::date_from_serial(serial).unwrap_or(Date {
        year: 2026,
        month: 1,
        day: 1,
    })
}

/// A `--only` entry that names no document.
#[derive(Debug, Clone, thiserror::Error)]
#[error("「{0}」不是文件名")]
pub(crate) struct UnknownDocument(pub String);

/// The documents an `--only` list selects (all when empty), each once.
pub(crate) fn select_kinds(only: &[String]) -> Result<Vec<DocumentKind>, UnknownDocument> {
    if only.is_empty() {
        return Ok(DocumentKind::ALL.to_vec());
    }
    let mut kinds = Vec::new();
    for key in only {
        match DocumentKind::from_key(key) {
            Some(k) if !kinds.contains(&k) => kinds.push(k),
            Some(_) => {}
            None => return Err(UnknownDocument(key.clone())),
        }
    }
    Ok(kinds)
}

/// The line a build prints about the evidence folder.
pub(crate) fn evidence_line(report: &crate::evidence::CheckReport) -> String {
    format!(
        "佐证材料：应提供{}项，已提供{}项，缺{}项（目录见自评报告最后一个附件）",
        report.expected_count(),
        report.present_count(),
        report.missing_count()
    )
}

/// The PDF identifier of a document: stable across runs, machines and thread counts.
pub fn pdf_ident(kind: DocumentKind) -> String {
    format!("junheng-{}", kind.key())
}

/// The fonts: the bundled ones, or those plus a user's folder.
pub(crate) fn load_fonts(font_dir: Option<&Path>) -> Result<FontSet, FontError> {
    timing::time("fonts", "", || match font_dir {
        None => Ok(FontSet::bundled()),
        Some(dir) => FontSet::with_user_dir(dir),
    })
}

/// A worker pool of `threads` threads, each with a stack of [`STACK_SIZE`].
pub fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, PipelineError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .stack_size(STACK_SIZE)
        .build()
        .map_err(|e| PipelineError::Threads(e.to_string()))
}

/// Fill the templates of `kinds` for a loaded county (with its evidence index, if any).
pub(crate) fn fill_templates(
    renderer: &Renderer,
    prepared: &Prepared,
    kinds: &[DocumentKind],
) -> Result<Vec<(DocumentKind, String)>, PipelineError> {
    let sources = kinds
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
            .map_err(|source| PipelineError::Markup {
                file: prepared.file.display().to_string(),
                kind: *kind,
                source,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    within_render_budget(prepared, &sources)?;
    Ok(sources)
}

/// Refuse, before Typst sees them, documents too large to lay out within the memory a
/// build may take: an allocation failure inside Typst ends the whole process (a
/// folder build included) with an English message. The budget is on the estimated
/// layout cost of the documents compiled together (table cells dominate both time
/// and memory; see [`crate::render::parts::layout_cost`]).
fn within_render_budget(
    prepared: &Prepared,
    sources: &[(DocumentKind, String)],
) -> Result<(), PipelineError> {
    let costs: Vec<(DocumentKind, u64)> = sources
        .iter()
        .map(|(kind, markup)| (*kind, crate::render::parts::layout_cost(markup)))
        .collect();
    let total: u64 = costs.iter().map(|(_, c)| c).sum();
    if total <= crate::render::parts::MAX_LAYOUT_COST {
        return Ok(());
    }
    let largest = costs
        .iter()
        .max_by_key(|(_, c)| *c)
        .map(|(k, _)| k.file_stem())
        .unwrap_or_default();
    let schools = prepared.county.schools.len();
    let classes = prepared.county.classes.as_ref().map_or(0, Vec::len);
    let label = prepared.file.file_name().map_or_else(
        || prepared.file.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let problem = Problem::file_error(
        &label,
        format!(
            "要生成的文件过大，无法在内存限制内排版（估计为上限的 {:.1} 倍，其中最大的是「{largest}」）：本工作簿有 {schools} 所学校、{classes} 个班级，程序一次最多排版约 {} 所学校规模的县区。请核对「学校」「班级」工作表是否重复粘贴了数据；确属一个县区的，请联系维护人员",
            total as f64 / crate::render::parts::MAX_LAYOUT_COST as f64,
            crate::render::parts::BUDGET_SCHOOLS
        ),
    );
    Err(PipelineError::Input {
        file: prepared.file.display().to_string(),
        errors: 1,
        problems: vec![problem],
    })
}

/// Compile markups into PDFs on the current rayon pool (in parallel when it has
/// threads). Nothing is written.
pub(crate) fn compile_pdfs(
    renderer: &Renderer,
    file: &Path,
    sources: Vec<(DocumentKind, String)>,
    date: Date,
    assets: &[crate::render::Asset],
) -> Result<Vec<Built>, PipelineError> {
    let jobs = sources
        .iter()
        .map(|(kind, markup)| (pdf_ident(*kind), markup.clone()))
        .collect();
    let results = renderer.compile_all_with(jobs, date, assets);
    let mut built = Vec::with_capacity(results.len());
    for ((kind, markup), result) in sources.into_iter().zip(results) {
        match result {
            Ok(doc) => built.push(Built { kind, markup, doc }),
            Err(source) => {
                return Err(PipelineError::Compile {
                    file: file.display().to_string(),
                    kind,
                    source,
                });
            }
        }
    }
    Ok(built)
}

/// The Word editions of markups, in parallel on the current rayon pool. Nothing is
/// written.
pub(crate) fn word_editions(
    renderer: &Renderer,
    file: &Path,
    sources: &[(DocumentKind, String)],
    date: Date,
    assets: &[crate::render::Asset],
) -> Result<Vec<WordEdition>, PipelineError> {
    use rayon::prelude::*;
    sources
        .par_iter()
        .map(|(kind, markup)| {
            timing::time("docx", kind.key(), || {
                renderer.docx_with(markup, date, &pdf_ident(*kind), assets)
            })
            .map(|d| (*kind, d.bytes))
            .map_err(|source| PipelineError::Docx {
                file: file.display().to_string(),
                kind: *kind,
                source,
            })
        })
        .collect()
}

/// Shared state of every build of a run.
pub struct Project {
    pub renderer: Renderer,
    pub options: Options,
}

impl Project {
    pub fn new(renderer: Renderer, options: Options) -> Self {
        Project { renderer, options }
    }

    /// Load the fonts (and the user's, from `font_dir`) and make a project.
    pub fn with_fonts(font_dir: Option<&Path>, options: Options) -> Result<Self, PipelineError> {
        Ok(Project::new(Renderer::new(load_fonts(font_dir)?), options))
    }

    /// Read and evaluate a workbook.
    pub fn load(&self, input: Input) -> Result<Prepared, PipelineError> {
        let label = input.label();
        let result = match input {
            Input::Path(path) => prepare(path, self.options.date),
            Input::Bytes { name, bytes } => prepare_bytes(name, bytes, self.options.date),
        };
        let mut prepared = result.map_err(|problems| PipelineError::Input {
            file: label,
            errors: problems.iter().filter(|p| p.is_error()).count(),
            problems,
        })?;
        if let Some(dir) = &self.options.evidence {
            attach_evidence(&mut prepared, dir)?;
        }
        Ok(prepared)
    }

    /// Fill the templates of the selected documents.
    pub fn documents(
        &self,
        prepared: &Prepared,
    ) -> Result<Vec<(DocumentKind, String)>, PipelineError> {
        fill_templates(&self.renderer, prepared, &self.options.kinds)
    }

    /// Compile markups on the current rayon pool (in parallel when it has threads).
    /// Nothing is written.
    pub fn render(
        &self,
        file: &Path,
        sources: Vec<(DocumentKind, String)>,
        date: Date,
        assets: &[crate::render::Asset],
    ) -> Result<Vec<Built>, PipelineError> {
        if !self.options.formats.contains(&Format::Pdf) {
            return Ok(Vec::new());
        }
        compile_pdfs(&self.renderer, file, sources, date, assets)
    }

    /// The Word editions of markups (in parallel on the current rayon pool), when the
    /// options ask for them. Nothing is written.
    pub fn docx(
        &self,
        file: &Path,
        sources: &[(DocumentKind, String)],
        date: Date,
        assets: &[crate::render::Asset],
    ) -> Result<Vec<WordEdition>, PipelineError> {
        if !self.options.formats.contains(&Format::Docx) {
            return Ok(Vec::new());
        }
        word_editions(&self.renderer, file, sources, date, assets)
    }

    /// The Word editions with the id `junheng update` reads (what they were generated
    /// from: the workbook's hash, the document, the date).
    pub(crate) fn stamp(
        &self,
        prepared: &Prepared,
        docx: Vec<WordEdition>,
    ) -> Result<Vec<WordEdition>, PipelineError> {
        docx.into_iter()
            .map(|(kind, bytes)| {
                let id = crate::update::doc_id(kind, prepared.content_hash, prepared.date);
                crate::update::id::stamp(bytes, &id)
                    .map(|bytes| (kind, bytes))
                    .map_err(|e| PipelineError::Docx {
                        file: prepared.file.display().to_string(),
                        kind,
                        source: RenderError::Docx(e.to_string()),
                    })
            })
            .collect()
    }

    /// Both editions of `sources`, side by side on the current pool.
    pub(crate) fn render_editions(
        &self,
        file: &Path,
        sources: Vec<(DocumentKind, String)>,
        date: Date,
        assets: &[crate::render::Asset],
    ) -> Result<(Vec<Built>, Vec<WordEdition>), PipelineError> {
        let (built, docx) = rayon::join(
            || self.render(file, sources.clone(), date, assets),
            || self.docx(file, &sources, date, assets),
        );
        Ok((built?, docx?))
    }

    /// The named files of compiled documents: the PDFs and Word editions, and with
    /// `emit_typst` the sources and the two files they import (so that `typst compile`
    /// works on them).
    pub fn files(&self, built: &[Built], docx: &[(DocumentKind, Vec<u8>)]) -> Vec<NamedFile> {
        let mut files = Vec::new();
        for (kind, bytes) in docx {
            files.push((format!("{}.docx", kind.file_stem()), bytes.clone()));
        }
        for b in built {
            files.push((format!("{}.pdf", b.kind.file_stem()), b.doc.pdf.clone()));
            if self.options.emit_typst {
                files.push((
                    format!("{}.typ", b.kind.file_stem()),
                    b.markup.clone().into_bytes(),
                ));
            }
        }
        if self.options.emit_typst {
            for (name, text) in self.renderer.support_files() {
                files.push((name.to_string(), text.into_bytes()));
            }
        }
        files
    }

    /// What the files of `prepared` depend on besides the code: the workbook's bytes,
    /// the date, the documents selected, the fonts.
    fn key(&self, prepared: &Prepared) -> String {
        let mut h = Fnv::default();
        h.write(env!("CARGO_PKG_VERSION").as_bytes());
        h.write_u64(prepared.content_hash);
        h.write(crate::documents::format::date(prepared.date).as_bytes());
        for kind in &self.options.kinds {
            h.write(kind.key().as_bytes());
        }
        h.write_u8(u8::from(self.options.emit_typst));
        for format in &self.options.formats {
            h.write_u8(*format as u8);
        }
        h.write_u8(u8::from(self.renderer.pdfa));
        for (role, family) in &self.renderer.fonts.user_choices {
            h.write(role.as_bytes());
            h.write(family.as_bytes());
        }
        format!("{:016x}", h.finish())
    }

    /// The files already in `dir` when its manifest says they were made from exactly
    /// this input and they are all still there.
    fn up_to_date(&self, dir: &Path, prepared: &Prepared) -> Option<Vec<PathBuf>> {
        // An evidence folder or a user's templates can change without the workbook.
        if self.options.evidence.is_some() || self.renderer.has_overrides() {
            return None;
        }
        let manifest = Manifest::read(dir)?;
        if manifest.key != self.key(prepared) {
            return None;
        }
        // Verified by content, not by name and time: a file overwritten or truncated
        // since is not up to date.
        let intact =
            !manifest.sha256.is_empty() && manifest.files.iter().all(|n| manifest.intact(dir, n));
        intact.then(|| manifest.files.iter().map(|n| dir.join(n)).collect())
    }

    /// Write a county's files into `dir` as one set, with the manifest. A file of the
    /// tool's names that a person changed since the last build is kept under a dated
    /// name, and the tool's unchanged files this set does not write again are removed;
    /// the second value holds the lines that say so.
    pub fn write(
        &self,
        dir: &Path,
        prepared: &Prepared,
        mut files: Vec<NamedFile>,
    ) -> Result<(Vec<PathBuf>, Vec<String>), PipelineError> {
        let manifest = Manifest {
            key: self.key(prepared),
            county: prepared.county.info.county_name.clone(),
            files: files.iter().map(|(n, _)| n.clone()).collect(),
            sha256: files
                .iter()
                .map(|(n, bytes)| (n.clone(), sha256_hex(bytes)))
                .collect(),
        };
        let json = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
        files.push((MANIFEST.to_string(), json));
        if self.options.formats.contains(&Format::Docx) {
            // What `junheng update` needs to generate a person's copy's base again.
            crate::update::keep_source(dir, &prepared.file, prepared.content_hash);
        }
        let owned = owned_names(&self.renderer);
        let guard = Guard {
            owned: &owned,
            intact: &|dir: &Path, name: &str| intact(dir, name),
        };
        let mut swapped = replace_set_guarded(dir, &files, Some(&guard))?;
        swapped.written.pop();
        let notes = guard_notes(&swapped);
        Ok((swapped.written, notes))
    }

    /// The whole pipeline for one county into `out/<县区名称>/`. With `skip_unchanged`,
    /// a county whose files are up to date for its workbook's content is not compiled.
    pub fn build(
        &self,
        input: Input,
        out: &Path,
        skip_unchanged: bool,
        progress: &mut dyn FnMut(Step),
    ) -> Result<Outcome, PipelineError> {
        let prepared = self.load(input)?;
        progress(Step::Loaded);
        self.build_prepared(prepared, out, skip_unchanged, progress)
    }

    /// [`Project::build`] from a county already loaded.
    pub(crate) fn build_prepared(
        &self,
        prepared: Prepared,
        out: &Path,
        skip_unchanged: bool,
        progress: &mut dyn FnMut(Step),
    ) -> Result<Outcome, PipelineError> {
        let started = Instant::now();
        let dir = county_dir(out, &prepared.county.info.county_name);
        let mut warnings = prepared.warnings.clone();
        // Numbers of the narrative that were figures of the previous build and changed.
        if let Some(previous) = crate::narrative::figures::read_previous(&dir) {
            warnings.extend(crate::narrative::figures::stale_numbers(
                &prepared.county,
                &previous,
                &prepared.figures,
            ));
        }
        // Characters no font has would print as empty boxes: name the cells that hold them.
        warnings.extend(timing::time("coverage", "", || {
            crate::render::coverage::uncovered_chars(&prepared.county, &self.renderer.fonts)
        }));
        let summary = SummaryRow::new(&prepared.file, &prepared.evaluation);
        let mut outcome = Outcome {
            county: prepared.county.info.county_name.clone(),
            dir: dir.clone(),
            files: Vec::new(),
            documents: Vec::new(),
            warnings,
            typst_warnings: Vec::new(),
            summary,
            date: prepared.date,
            up_to_date: false,
            docx: Vec::new(),
            notes: Vec::new(),
            timings: Timings {
                load_ms: prepared.load_ms,
                ..Timings::default()
            },
        };
        if skip_unchanged && let Some(files) = self.up_to_date(&dir, &prepared) {
            outcome.files = files;
            outcome.up_to_date = true;
            progress(Step::UpToDate);
            outcome.timings.total_ms = ms(started.elapsed());
            return Ok(outcome);
        }
        let sources = self.documents(&prepared)?;
        let (built, docx) =
            self.render_editions(&prepared.file, sources, prepared.date, &prepared.assets)?;
        let docx = self.stamp(&prepared, docx)?;
        let rendered = started.elapsed();
        progress(Step::Rendered);
        for b in &built {
            for w in &b.doc.warnings {
                outcome.typst_warnings.push(format!(
                    "{}：「{}」排版警告：{w}",
                    prepared.file.display(),
                    b.kind.file_stem()
                ));
            }
            outcome
                .documents
                .push((b.kind, b.doc.pages, b.doc.pdf.len()));
        }
        for (kind, bytes) in &docx {
            outcome.docx.push((*kind, bytes.len()));
        }
        if let Some(report) = &prepared.evidence {
            outcome.notes.push(evidence_line(report));
        }
        let mut files = self.files(&built, &docx);
        files.push(figures_file(&prepared));
        drop(built);
        drop(docx);
        let (written, notes) = timing::time("write", "", || self.write(&dir, &prepared, files))?;
        outcome.files = written;
        outcome.notes.extend(notes);
        progress(Step::Written);
        outcome.timings.render_ms = ms(rendered);
        outcome.timings.total_ms = ms(started.elapsed());
        outcome.timings.write_ms = outcome
            .timings
            .total_ms
            .saturating_sub(outcome.timings.render_ms);
        Ok(outcome)
    }

    /// The 汇总表 of `rows` in the editions the options ask for, from one markup: the PDF
    /// and the Word file, each written atomically to `stem` plus `.pdf` or `.docx`.
    pub(crate) fn write_summary(
        &self,
        stem: &Path,
        rows: &[SummaryRow],
        skipped: &[String],
        date: Date,
    ) -> Result<SummaryFiles, PipelineError> {
        let source = crate::documents::summary::markup(&self.renderer, rows, skipped, date)
            .map_err(PipelineError::Summary)?;
        let formats = &self.options.formats;
        let (pdf, docx) = rayon::join(
            || {
                formats
                    .contains(&Format::Pdf)
                    .then(|| self.renderer.compile(source.clone(), date, SUMMARY_IDENT))
                    .transpose()
                    .map_err(PipelineError::Summary)
            },
            || {
                formats
                    .contains(&Format::Docx)
                    .then(|| self.renderer.docx(&source, date, SUMMARY_IDENT))
                    .transpose()
                    .map_err(PipelineError::SummaryDocx)
            },
        );
        let (pdf, docx) = (pdf?, docx?);
        let mut written = SummaryFiles::default();
        if let Some(doc) = pdf {
            let path = edition_path(stem, "pdf");
            write_atomic(&path, &doc.pdf)?;
            written.pages = Some(doc.pages);
            written.files.push(path);
        }
        if let Some(docx) = docx {
            let path = edition_path(stem, "docx");
            write_atomic(&path, &docx.bytes)?;
            written.files.push(path);
        }
        Ok(written)
    }
}

/// The 数据更正对照表 of `report` (the new version's `county` and `date` head it), from one
/// markup: the PDF to `pdf` and the Word edition to `docx`, each when given, each written
/// atomically. Ok is the PDF's page count when a PDF was written.
pub(crate) fn write_correction(
    renderer: &Renderer,
    report: &crate::compare::DiffReport,
    county: &County,
    date: Date,
    pdf: Option<&Path>,
    docx: Option<&Path>,
) -> Result<Option<usize>, PipelineError> {
    use crate::documents::correction;
    let source =
        correction::markup(renderer, report, county, date).map_err(PipelineError::Correction)?;
    let (doc, word) = rayon::join(
        || {
            pdf.map(|_| renderer.compile(source.clone(), date, correction::IDENT))
                .transpose()
                .map_err(PipelineError::Correction)
        },
        || {
            docx.map(|_| renderer.docx(&source, date, correction::IDENT))
                .transpose()
                .map_err(PipelineError::CorrectionDocx)
        },
    );
    let (doc, word) = (doc?, word?);
    if let (Some(path), Some(word)) = (docx, word) {
        write_atomic(path, &word.bytes)?;
    }
    match (pdf, doc) {
        (Some(path), Some(doc)) => {
            write_atomic(path, &doc.pdf)?;
            Ok(Some(doc.pages))
        }
        _ => Ok(None),
    }
}

/// The document identifier of the 汇总表 (PDF and Word alike).
const SUMMARY_IDENT: &str = "junheng-summary";

/// What [`Project::write_summary`] wrote.
#[derive(Debug, Default)]
pub struct SummaryFiles {
    /// The PDF's page count, when a PDF was written.
    pub pages: Option<usize>,
    /// The files written, the PDF first.
    pub files: Vec<PathBuf>,
}

/// `stem` with `.ext` appended (not replacing anything after a dot in the name).
pub fn edition_path(stem: &Path, ext: &str) -> PathBuf {
    let mut name = stem.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// `path` without a `.pdf` or `.docx` ending: the stem every edition is named from.
pub fn edition_stem(path: &Path) -> PathBuf {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("pdf") || ext.eq_ignore_ascii_case("docx") => {
            path.with_extension("")
        }
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_beyond_the_render_budget_are_refused_before_layout() {
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/qinghe.xlsx");
        let Ok(prepared) = prepare(&sample, None) else {
            panic!("the sample reads")
        };
        let small = vec![(DocumentKind::Report, "\"a\",".repeat(1_000))];
        assert!(within_render_budget(&prepared, &small).is_ok());
        let cells = crate::render::parts::MAX_LAYOUT_COST as usize + 1;
        let large = vec![
            (DocumentKind::Plan, "正文".to_string()),
            (DocumentKind::Report, "\"a\",".repeat(cells)),
        ];
        let Err(PipelineError::Input { problems, .. }) = within_render_budget(&prepared, &large)
        else {
            panic!("refused as an input error (exit 1, listed in a folder's 汇总表)")
        };
        let message = &problems[0].message;
        assert!(
            message.contains("要生成的文件过大，无法在内存限制内排版")
                && message.contains("其中最大的是「自评报告」")
                && message.contains("本工作簿有 15 所学校"),
            "{message}"
        );
    }

    #[test]
    fn the_hash_is_fnv_1a() {
        // Published FNV-1a 64 test vectors: stored hashes must never change.
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(stable_hash(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn editions_are_named_from_one_stem() {
        assert_eq!(
            edition_stem(Path::new("a/汇总表.pdf")),
            Path::new("a/汇总表")
        );
        assert_eq!(edition_stem(Path::new("a/x.DOCX")), Path::new("a/x"));
        assert_eq!(edition_stem(Path::new("a/v1.2")), Path::new("a/v1.2"));
        assert_eq!(
            edition_path(Path::new("a/v1.2"), "docx"),
            Path::new("a/v1.2.docx")
        );
    }
}
