//! Render stage: minijinja templates → Typst markup → (in-process Typst) → PDF bytes.
//!
//! Templates in `templates/*.typ.j2` are filled with auto-escaping: every interpolated
//! value prints as literal Typst text. Markup that templates build themselves is plain
//! template text; the only way to inject raw Typst is the `safe` filter, which document
//! contexts never use for workbook data.

pub mod coverage;
pub mod docx;
pub mod escape;
pub mod fonts;
pub mod output;
pub mod parts;
pub mod timing;
pub mod title;
pub mod world;

use minijinja::{AutoEscape, Environment, Error as TemplateError, ErrorKind, Value};
use std::time::Instant;

use serde::Serialize;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Datetime;
use typst::syntax::Source;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::model::Date;
use fonts::FontSet;
pub use world::Asset;
use world::DocumentWorld;

/// The shared 公文 house style, imported by every document.
pub(crate) const HOUSE_STYLE: &str = include_str!("../../templates/house.typ");

/// The document templates, embedded so the binary is self-contained.
const TEMPLATES: &[(&str, &str)] = &[
    ("plan.typ.j2", include_str!("../../templates/plan.typ.j2")),
    (
        "duties.typ.j2",
        include_str!("../../templates/duties.typ.j2"),
    ),
    (
        "report.typ.j2",
        include_str!("../../templates/report.typ.j2"),
    ),
    (
        "partials/macros.typ.j2",
        include_str!("../../templates/partials/macros.typ.j2"),
    ),
    (
        "partials/duties_table.typ.j2",
        include_str!("../../templates/partials/duties_table.typ.j2"),
    ),
    (
        "summary.typ.j2",
        include_str!("../../templates/summary.typ.j2"),
    ),
    ("diff.typ.j2", include_str!("../../templates/diff.typ.j2")),
    (
        "evidence.typ.j2",
        include_str!("../../templates/evidence.typ.j2"),
    ),
    (
        "partials/evidence_table.typ.j2",
        include_str!("../../templates/partials/evidence_table.typ.j2"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("模板「{name}」填充失败：{detail}")]
    Template { name: String, detail: String },
    #[error("排版失败（Typst）：\n{0}")]
    Typst(String),
    #[error("PDF 导出失败：{0}")]
    Pdf(String),
    #[error("Word 版写出失败：{0}")]
    Docx(String),
    #[error("内部错误：无法创建排版环境")]
    World,
}

/// A compiled document: the PDF and what Typst warned about on the way.
pub struct Compiled {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub warnings: Vec<String>,
    /// How many parts it was laid out in (1: in one go).
    pub parts: usize,
}

/// One part of one document, waiting to be laid out.
struct PartJob {
    doc: usize,
    part: usize,
    source: String,
    /// The document's PDF identifier, for timings.
    ident: String,
    /// The timing stage: `compile`, or `compile-part` for one of several parts.
    stage: &'static str,
}

/// What a worker does next.
enum Job<'r> {
    Part(PartJob),
    Finish(usize, Vec<Option<Result<Typeset<'r>, RenderError>>>),
}

/// One document in [`Renderer::compile_all`].
struct DocState<'r> {
    ident: String,
    /// The whole markup of a document laid out in parts (None: laid out whole).
    whole: Option<String>,
    parts: Vec<Option<Result<Typeset<'r>, RenderError>>>,
    remaining: usize,
    started: Option<Instant>,
    result: Option<Result<Compiled, RenderError>>,
}

/// The shared state of [`Renderer::compile_all`]'s workers.
struct Board<'r> {
    /// Parts not yet started, smallest first.
    queue: Vec<PartJob>,
    /// Documents whose parts are all laid out.
    finish: Vec<usize>,
    docs: Vec<DocState<'r>>,
}

/// Holds the parsed fonts and the template environment; build once, use for many documents.
pub struct Renderer {
    pub fonts: FontSet,
    env: Environment<'static>,
    /// `house.typ` and `roles.typ`, parsed once and shared by every compile.
    aux: Vec<Source>,
    /// Write PDF/A-2b (archival: XMP pdfaid, every font embedded, checked by typst-pdf).
    pub pdfa: bool,
    /// The house style in use (the built-in one, or a `--templates` override).
    house: String,
    /// Overridden files: (built-in name, the user's file), for error messages.
    origins: Vec<(String, std::path::PathBuf)>,
}

/// Why a `--templates` directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TemplateDirError {
    #[error("无法读取模板目录「{path}」：{source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The file is not a plain file: a symbolic link (not followed: its target would
    /// be read, and quoted in messages), a folder, a FIFO or a device.
    #[error(
        "模板目录中的「{path}」{what}，未使用：模板目录中只能放普通文件（符号链接不跟随）。请放入文件本身，或删去它以使用内置的"
    )]
    NotAFile { path: String, what: &'static str },
    #[error("模板文件「{path}」过大（超过 {} MB），未使用：内置模板都不到 100 KB", MAX_TEMPLATE_BYTES / 1024 / 1024)]
    TooLarge { path: String },
    #[error("模板「{path}」有语法错误（第 {line} 行）：{detail}")]
    Syntax {
        path: String,
        line: usize,
        detail: String,
    },
}

/// Steps (minijinja's fuel) one template may take to fill.
const TEMPLATE_FUEL: u64 = 200_000_000;

/// Largest template or style file read from a `--templates` folder.
const MAX_TEMPLATE_BYTES: u64 = 4 * 1024 * 1024;

/// The built-in templates and style file, by the names a `--templates` directory uses
/// to override them (and `junheng templates export` writes).
pub(crate) fn builtin_templates() -> Vec<(&'static str, &'static str)> {
    let mut all = vec![("house.typ", HOUSE_STYLE)];
    all.extend(TEMPLATES.iter().copied());
    all
}

fn is_typst_escape(state_escape: &AutoEscape) -> bool {
    matches!(state_escape, AutoEscape::Custom("typst"))
}

/// A fresh template environment with Typst auto-escaping.
pub fn template_environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    // A time budget for filling one template: a custom template's loop (nested
    // `range`s, a recursive macro) ran for ever. The built-in report of a county at the
    // render budget (1,500 schools) uses a small fraction of this.
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".typ.j2") {
            AutoEscape::Custom("typst")
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        if value.is_none() || value.is_undefined() {
            return Err(TemplateError::new(
                ErrorKind::InvalidOperation,
                "模板试图输出空值（none）：请先用 if 判断",
            ));
        }
        if matches!(value.kind(), minijinja::value::ValueKind::Bool) {
            return Err(TemplateError::new(
                ErrorKind::InvalidOperation,
                "模板试图直接输出布尔值：请改用 if 判断",
            ));
        }
        let text = match value.as_str() {
            Some(s) => s.to_string(),
            None => value.to_string(),
        };
        if is_typst_escape(&state.auto_escape()) && !value.is_safe() {
            out.write_str(&escape::typst_markup(&text))?;
        } else {
            out.write_str(&text)?;
        }
        Ok(())
    });
    // `|str` gives a Typst string literal, for values used in code context.
    env.add_filter("str", |value: Value| -> Value {
        let text = match value.as_str() {
            Some(s) => s.to_string(),
            None => value.to_string(),
        };
        Value::from_safe_string(escape::typst_string(&text))
    });
    // `|num` prints a finite number for code context (chart data); anything else is a bug.
    env.add_filter("num", |value: Value| -> Result<Value, TemplateError> {
        match f64::try_from(value.clone()) {
            Ok(v) if v.is_finite() => Ok(Value::from_safe_string(format!("{v}"))),
            _ => Err(TemplateError::new(
                ErrorKind::InvalidOperation,
                format!("num 过滤器需要有限数值，实际为 {value}"),
            )),
        }
    });
    // `|title(county)` gives a title's unbreakable segments as a Typst array, for
    // `doc-title` (lines break between words, never inside one or the county's name).
    env.add_filter("title", |value: String, county: Option<String>| {
        Value::from_safe_string(title::typst_array(&value, county.as_deref().unwrap_or("")))
    });
    // `|count` prints a count in the documents' one number style (documents::format).
    env.add_filter("count", |n: usize| crate::documents::format::count(n));
    // The rule numbers a template prints, from the catalogue (never typed in a template).
    env.add_global(
        "rules",
        Value::from_serialize(crate::documents::wording::RuleText::new()),
    );
    // `|cn` gives Chinese numerals for section numbers: 1 → 一, 12 → 十二.
    env.add_filter("cn", |n: usize| crate::documents::format::chinese_number(n));
    for (name, source) in TEMPLATES {
        // Embedded templates are ours; a syntax error is a bug caught by the tests.
        if let Err(err) = env.add_template(name, source) {
            eprintln!("内部错误：内置模板 {name} 无法解析：{err}");
        }
    }
    env
}

impl Renderer {
    pub fn new(fonts: FontSet) -> Self {
        let aux = world::support_sources(&support_files(&fonts, HOUSE_STYLE));
        Renderer {
            fonts,
            env: template_environment(),
            aux,
            pdfa: false,
            house: HOUSE_STYLE.to_string(),
            origins: Vec::new(),
        }
    }

    /// A renderer whose templates and house style are taken from `dir` where it has a
    /// file of the same name (as mdBook themes and zola templates are), the built-ins
    /// otherwise. Also gives the names that were overridden.
    pub(crate) fn with_templates(
        fonts: FontSet,
        dir: &std::path::Path,
    ) -> Result<(Self, Vec<&'static str>), TemplateDirError> {
        let mut env = template_environment();
        let mut house = HOUSE_STYLE.to_string();
        let mut origins = Vec::new();
        let mut used = Vec::new();
        if !dir.is_dir() {
            return Err(TemplateDirError::Read {
                path: dir.display().to_string(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            });
        }
        for (name, _) in builtin_templates() {
            let path = dir.join(name);
            // The entry itself, not what a link points at: nothing outside the folder
            // is read (nor quoted in an error), and a folder or FIFO of the name is
            // said, not passed over.
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let kind = meta.file_type();
            let what = if kind.is_symlink() {
                Some("是符号链接")
            } else if kind.is_dir() {
                Some("是一个文件夹")
            } else if !kind.is_file() {
                Some("不是普通文件（如命名管道或设备）")
            } else {
                None
            };
            if let Some(what) = what {
                return Err(TemplateDirError::NotAFile {
                    path: path.display().to_string(),
                    what,
                });
            }
            if meta.len() > MAX_TEMPLATE_BYTES {
                return Err(TemplateDirError::TooLarge {
                    path: path.display().to_string(),
                });
            }
            let text = std::fs::read_to_string(&path).map_err(|source| TemplateDirError::Read {
                path: path.display().to_string(),
                source,
            })?;
            if name == "house.typ" {
                house = text;
            } else {
                env.add_template_owned(name, text)
                    .map_err(|e| TemplateDirError::Syntax {
                        path: path.display().to_string(),
                        line: e.line().unwrap_or(0),
                        detail: e.detail().unwrap_or(&e.to_string()).to_string(),
                    })?;
            }
            origins.push((name.to_string(), path));
            used.push(name);
        }
        let aux = world::support_sources(&support_files(&fonts, &house));
        Ok((
            Renderer {
                fonts,
                env,
                aux,
                pdfa: false,
                house,
                origins,
            },
            used,
        ))
    }

    /// True when a `--templates` directory overrides some built-in file.
    pub(crate) fn has_overrides(&self) -> bool {
        !self.origins.is_empty()
    }

    /// Point a message's locations at the user's files where they override ours.
    fn locate(&self, text: String) -> String {
        let mut text = text;
        for (name, path) in &self.origins {
            let path = path.display().to_string();
            text = text
                .replace(&format!("位置：{name} "), &format!("位置：{path} "))
                .replace(&format!("{name}:"), &format!("{path}:"))
                .replace(&format!("「{name}」"), &format!("「{path}」"));
        }
        text
    }

    /// Fill a template with a document context, giving Typst markup.
    pub fn markup<S: Serialize>(&self, template: &str, context: &S) -> Result<String, RenderError> {
        let tmpl = self
            .env
            .get_template(template)
            .map_err(|e| RenderError::Template {
                name: template.to_string(),
                detail: describe_template_error(&e),
            })?;
        tmpl.render(context).map_err(|e| RenderError::Template {
            name: self.locate(template.to_string()),
            detail: self.locate(describe_template_error(&e)),
        })
    }

    /// The auxiliary Typst files every document may import.
    pub(crate) fn support_files(&self) -> Vec<(&'static str, String)> {
        support_files(&self.fonts, &self.house)
    }

    /// Compile Typst markup to a PDF. `date` fixes both `datetime.today()` and the PDF
    /// timestamp, so the same input gives the same bytes. Markup with part markers is
    /// laid out in parallel parts (see [`Renderer::compile_all`]).
    pub fn compile(
        &self,
        markup: String,
        date: Date,
        ident: &str,
    ) -> Result<Compiled, RenderError> {
        self.compile_all(vec![(ident.to_string(), markup)], date)
            .pop()
            .unwrap_or(Err(RenderError::World))
    }

    /// [`Renderer::compile`] of a document that reads `assets` (the narrative's pictures).
    pub fn compile_with(
        &self,
        markup: String,
        date: Date,
        ident: &str,
        assets: &[Asset],
    ) -> Result<Compiled, RenderError> {
        self.compile_all_with(vec![(ident.to_string(), markup)], date, assets)
            .pop()
            .unwrap_or(Err(RenderError::World))
    }

    /// Compile several documents (PDF identifier, markup) on the current rayon pool;
    /// results come back in input order.
    ///
    /// Documents with part markers (see [`parts`]) are cut into parts, and every part of
    /// every document is one job; each idle thread takes the next, longest critical path
    /// first (see [`parts::layout_cost`]). When the last part of a document is done, the
    /// thread that finished it adds the page numbers, joins and exports it. Should any
    /// part fail, that document is compiled whole instead, which gives the same PDF or
    /// diagnostics whose lines point into the whole markup.
    pub(crate) fn compile_all(
        &self,
        docs: Vec<(String, String)>,
        date: Date,
    ) -> Vec<Result<Compiled, RenderError>> {
        self.compile_all_with(docs, date, &[])
    }

    /// [`Renderer::compile_all`] for documents that read `assets` (the narrative's
    /// pictures).
    pub(crate) fn compile_all_with(
        &self,
        docs: Vec<(String, String)>,
        date: Date,
        assets: &[Asset],
    ) -> Vec<Result<Compiled, RenderError>> {
        use std::sync::{Mutex, PoisonError};

        let mut board = Board {
            queue: Vec::new(),
            finish: Vec::new(),
            docs: Vec::with_capacity(docs.len()),
        };
        for (index, (ident, markup)) in docs.into_iter().enumerate() {
            // The whole markup is kept only for a split document's fallback.
            let (sources, whole) = match parts::split(&markup) {
                Some(sources) => (sources, Some(markup)),
                None => (vec![markup], None),
            };
            let count = sources.len();
            for (part, source) in sources.into_iter().enumerate() {
                board.queue.push(PartJob {
                    doc: index,
                    part,
                    source,
                    ident: ident.clone(),
                    stage: if whole.is_some() {
                        "compile-part"
                    } else {
                        "compile"
                    },
                });
            }
            board.docs.push(DocState {
                ident,
                whole,
                parts: (0..count).map(|_| None).collect(),
                remaining: count,
                started: None,
                result: None,
            });
        }
        // Critical path first. A job's priority is its estimated layout time plus the
        // time its document's page numbers, join and export will take afterwards (about
        // a tenth of the document's layout, as measured); workers pop from the end, so
        // the queue is sorted by ascending priority. The 自评报告's big annexes start
        // first, the plan's long problem list starts while they run (not after them),
        // and the 自评报告 is finished early enough that its export, which runs on one
        // core, overlaps the other documents' layout instead of running alone at the end.
        let costs: Vec<u64> = board
            .queue
            .iter()
            .map(|job| parts::layout_cost(&job.source))
            .collect();
        let mut finish_costs = vec![0u64; board.docs.len()];
        for (job, cost) in board.queue.iter().zip(&costs) {
            if let Some(finish) = finish_costs.get_mut(job.doc) {
                *finish += cost / 10;
            }
        }
        let mut prioritised: Vec<(u64, PartJob)> = std::mem::take(&mut board.queue)
            .into_iter()
            .zip(costs)
            .map(|(job, cost)| {
                let finish = finish_costs.get(job.doc).copied().unwrap_or(0);
                (cost + finish, job)
            })
            .collect();
        // The sort is stable and the result reversed, so jobs of equal priority are
        // popped in document and part order.
        prioritised.sort_by_key(|(priority, _)| std::cmp::Reverse(*priority));
        board.queue = prioritised.into_iter().rev().map(|(_, job)| job).collect();

        let board = Mutex::new(board);
        let lock = || board.lock().unwrap_or_else(PoisonError::into_inner);
        let worker = || {
            loop {
                let job = {
                    let mut b = lock();
                    if let Some(doc) = b.finish.pop() {
                        match b.docs.get_mut(doc) {
                            Some(state) => Job::Finish(doc, std::mem::take(&mut state.parts)),
                            None => continue,
                        }
                    } else if let Some(part) = b.queue.pop() {
                        if let Some(state) = b.docs.get_mut(part.doc) {
                            state.started.get_or_insert_with(Instant::now);
                        }
                        Job::Part(part)
                    } else {
                        break;
                    }
                };
                match job {
                    Job::Part(PartJob {
                        doc,
                        part,
                        source,
                        ident,
                        stage,
                    }) => {
                        let typeset = self.typeset_stage(source, date, &ident, stage, assets);
                        let mut b = lock();
                        let Some(state) = b.docs.get_mut(doc) else {
                            continue;
                        };
                        if let Some(slot) = state.parts.get_mut(part) {
                            *slot = Some(typeset);
                        }
                        state.remaining = state.remaining.saturating_sub(1);
                        if state.remaining == 0 {
                            b.finish.push(doc);
                        }
                    }
                    Job::Finish(doc, typeset) => {
                        let (ident, whole, started) = {
                            let mut b = lock();
                            match b.docs.get_mut(doc) {
                                Some(s) => (s.ident.clone(), s.whole.take(), s.started),
                                None => continue,
                            }
                        };
                        let result = self.finish(typeset, whole, date, &ident, started, assets);
                        if let Some(state) = lock().docs.get_mut(doc) {
                            state.result = Some(result);
                        }
                    }
                }
            }
        };
        let threads = rayon::current_num_threads().max(1);
        rayon::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|_| worker());
            }
        });
        board
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .docs
            .into_iter()
            .map(|d| d.result.unwrap_or(Err(RenderError::World)))
            .collect()
    }

    /// The last step of a document once all its parts are laid out: export it (laid
    /// out whole), or add the page numbers, join and export (laid out in parts; `whole`
    /// is then its whole markup), or, should a part have failed, compile it whole.
    fn finish<'r>(
        &'r self,
        typeset: Vec<Option<Result<Typeset<'r>, RenderError>>>,
        whole: Option<String>,
        date: Date,
        ident: &str,
        started: Option<Instant>,
        assets: &'r [Asset],
    ) -> Result<Compiled, RenderError> {
        let (typeset, parts) = match whole {
            None => match typeset.into_iter().next().flatten() {
                Some(t) => (t?, 1),
                None => return Err(RenderError::World),
            },
            Some(markup) => {
                let count = typeset.len();
                let laid_out: Option<Vec<Typeset<'r>>> = typeset
                    .into_iter()
                    .map(|t| t.and_then(Result::ok))
                    .collect();
                match laid_out.and_then(|parts| self.join(parts, date, ident)) {
                    Some(joined) => {
                        if let Some(started) = started {
                            let doc = timing::doc_of_ident(ident);
                            timing::record("compile", doc, started.elapsed());
                        }
                        (joined, count)
                    }
                    // A part (or the join) failed: compile whole, for the diagnostics.
                    None => (
                        self.typeset_stage(markup, date, ident, "compile", assets)?,
                        1,
                    ),
                }
            }
        };
        let pdf = typeset.export(ident, self.pdfa)?;
        Ok(Compiled {
            pdf,
            pages: typeset.document.pages().len(),
            warnings: typeset.warnings,
            parts,
        })
    }

    /// Add the page numbers to laid-out parts and join them into one document.
    fn join<'r>(
        &'r self,
        typeset: Vec<Typeset<'r>>,
        date: Date,
        ident: &str,
    ) -> Option<Typeset<'r>> {
        let documents: Vec<&PagedDocument> = typeset.iter().map(|t| &t.document).collect();
        let footers = self
            .typeset_stage(
                parts::footer_source(&documents),
                date,
                ident,
                "footers",
                &[],
            )
            .ok()?;
        let joined = parts::join(&documents, &footers.document).ok()?;
        let mut warnings: Vec<String> = Vec::new();
        for w in typeset.iter().chain([&footers]).flat_map(|t| &t.warnings) {
            if !warnings.contains(w) {
                warnings.push(w.clone());
            }
        }
        let first = typeset.into_iter().next()?;
        Some(Typeset {
            world: first.world,
            document: joined,
            warnings,
            today: first.today,
        })
    }

    /// Lay out Typst markup (the first half of [`Renderer::compile`]). `ident` only
    /// names the document in timings.
    pub fn typeset(
        &self,
        markup: String,
        date: Date,
        ident: &str,
    ) -> Result<Typeset<'_>, RenderError> {
        self.typeset_stage(markup, date, ident, "compile", &[])
    }

    /// [`Renderer::typeset`], timed under `stage`.
    fn typeset_stage<'r>(
        &'r self,
        markup: String,
        date: Date,
        ident: &str,
        stage: &str,
        assets: &'r [Asset],
    ) -> Result<Typeset<'r>, RenderError> {
        let started = Instant::now();
        let today = typst_date(date).ok_or(RenderError::World)?;
        let world = DocumentWorld::new(&self.fonts, markup, &self.aux, today)
            .ok_or(RenderError::World)?
            .with_assets(assets);
        let warned = typst::compile::<PagedDocument>(&world);
        timing::record(stage, timing::doc_of_ident(ident), started.elapsed());
        let mut warnings = Vec::new();
        let mut fatal = Vec::new();
        for w in &warned.warnings {
            let text = describe_diagnostic(&world, w);
            // An unknown font silently changes the look of an official document: refuse.
            if w.message.contains("unknown font family") {
                fatal.push(text);
            } else {
                warnings.push(text);
            }
        }
        let document = match warned.output {
            Ok(doc) => doc,
            Err(errors) => {
                let mut all: Vec<String> = errors
                    .iter()
                    .map(|e| describe_diagnostic(&world, e))
                    .collect();
                all.extend(fatal);
                return Err(RenderError::Typst(self.locate(all.join("\n"))));
            }
        };
        if !fatal.is_empty() {
            return Err(RenderError::Typst(fatal.join("\n")));
        }
        Ok(Typeset {
            world,
            document,
            warnings,
            today,
        })
    }
}

/// A laid-out document, ready for PDF export.
pub struct Typeset<'a> {
    world: DocumentWorld<'a>,
    pub document: PagedDocument,
    pub warnings: Vec<String>,
    today: Datetime,
}

impl Typeset<'_> {
    /// Export to PDF (the second half of [`Renderer::compile`]): untagged, with a fixed
    /// timestamp and the given stable identifier, so the bytes are reproducible; PDF/A-2b
    /// when `pdfa`.
    pub fn export(&self, ident: &str, pdfa: bool) -> Result<Vec<u8>, RenderError> {
        let started = Instant::now();
        let standards = if pdfa {
            PdfStandards::new(&[PdfStandard::A_2b])
                .map_err(|e| RenderError::Pdf(format!("PDF/A-2b：{}", e.message())))?
        } else {
            PdfStandards::default()
        };
        let options = PdfOptions {
            ident: typst::foundations::Smart::Custom(ident.to_string()),
            timestamp: Some(Timestamp::new_utc(self.today)),
            tagged: false,
            standards,
            ..PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&self.document, &options).map_err(|errors| {
            RenderError::Pdf(
                errors
                    .iter()
                    .map(|e| describe_diagnostic(&self.world, e))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        });
        timing::record("export", timing::doc_of_ident(ident), started.elapsed());
        pdf
    }
}

/// The auxiliary Typst files for a font set: the house style and the font roles.
fn support_files(fonts: &FontSet, house: &str) -> Vec<(&'static str, String)> {
    vec![
        ("house.typ", house.to_string()),
        ("roles.typ", fonts.roles_typst()),
    ]
}

fn typst_date(date: Date) -> Option<Datetime> {
    let month = u8::try_from(date.month).ok()?;
    let day = u8::try_from(date.day).ok()?;
    Datetime::from_ymd(date.year, month, day)
}

fn describe_template_error(err: &TemplateError) -> String {
    if err.kind() == minijinja::ErrorKind::OutOfFuel {
        return format!(
            "模板运行的步骤超过上限（{} 亿步），已停止：通常是模板中的循环过多或没有尽头（如嵌套的 range、递归调用的宏）。请检查自己改写的模板{}",
            TEMPLATE_FUEL / 100_000_000,
            err.line()
                .map(|l| format!("（第 {l} 行附近）"))
                .unwrap_or_default()
        );
    }
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        text.push_str(&format!("；原因：{inner}"));
        source = inner.source();
    }
    text
}

/// A Typst diagnostic with the line of generated source it points at.
fn describe_diagnostic(world: &DocumentWorld, diag: &SourceDiagnostic) -> String {
    use typst::WorldExt;
    let kind = match diag.severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    };
    let mut text = format!("{kind}：{}", diag.message);
    if let Some(id) = diag.span.id()
        && let (Some(source), Some(range)) = (world.lookup(id), world.range(diag.span))
    {
        let line = source.lines().byte_to_line(range.start).unwrap_or(0);
        let snippet: String = source
            .text()
            .lines()
            .nth(line)
            .unwrap_or("")
            .chars()
            .take(160)
            .collect();
        text.push_str(&format!(
            "\n  位置：{} 第{}行：{}",
            id.vpath().get_without_slash(),
            line + 1,
            snippet.trim()
        ));
    }
    for hint in &diag.hints {
        text.push_str(&format!("\n  提示：{}", hint.v));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST_DATE: Date = Date {
        year: 2026,
        month: 3,
        day: 16,
    };

    /// Text written into the templates themselves (headings, notes) must print with the
    /// bundled fonts: Fandol lacks a few symbols (㎡, ✓, ✗), which would show as boxes.
    #[test]
    fn template_text_is_covered_by_the_bundled_fonts() {
        let fonts = fonts::FontSet::bundled();
        let sources = TEMPLATES.iter().map(|(name, text)| (*name, *text));
        for (name, text) in sources.chain(std::iter::once(("house.typ", HOUSE_STYLE))) {
            for c in text.chars().filter(|c| !c.is_ascii() && !c.is_whitespace()) {
                assert!(
                    fonts.covers(c),
                    "{name}: no bundled glyph for {c} (U+{:04X})",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn compile_all_returns_results_in_input_order() {
        let renderer = Renderer::new(FontSet::bundled());
        let date = TEST_DATE;
        let page =
            "#import \"house.typ\": *\n#show: gongwen.with(title: \"t\", author: \"a\")\n正文。\n";
        // Whatever order the jobs run in, results come back in input order.
        let three_pages = format!("{page}#pagebreak()\n二\n#pagebreak()\n三\n");
        let docs = vec![
            ("junheng-a".to_string(), page.to_string()),
            ("junheng-b".to_string(), three_pages),
            ("junheng-c".to_string(), "#let x = (".to_string()),
        ];
        let results = renderer.compile_all(docs, date);
        assert_eq!(results.len(), 3);
        assert_eq!(results[0].as_ref().map(|c| c.pages).ok(), Some(1));
        assert_eq!(results[1].as_ref().map(|c| c.pages).ok(), Some(3));
        assert!(matches!(results[2], Err(RenderError::Typst(_))));
    }

    #[test]
    fn typeset_then_export_matches_compile() {
        let renderer = Renderer::new(FontSet::bundled());
        let date = TEST_DATE;
        let markup =
            "#import \"house.typ\": *\n#show: gongwen.with(title: \"t\", author: \"a\")\n正文。\n";
        let compiled = renderer.compile(markup.to_string(), date, "junheng-x");
        let typeset = renderer.typeset(markup.to_string(), date, "junheng-x");
        let exported = typeset.as_ref().ok().map(|t| t.export("junheng-x", false));
        match (compiled, exported) {
            (Ok(c), Some(Ok(pdf))) => assert_eq!(c.pdf, pdf, "same bytes both ways"),
            _ => panic!("both ways must compile"),
        }
    }

    /// The patched comemo (vendor/comemo) gives each thread its own cache shard and lets
    /// a thread use results another thread cached. Compiling on fresh threads, each
    /// alone and then several at once, must give the bytes of the first compile.
    #[test]
    fn compiles_on_other_threads_reuse_the_cache_and_give_the_same_bytes() {
        let renderer = Renderer::new(FontSet::bundled());
        let date = TEST_DATE;
        let markup = "#import \"house.typ\": *\n#show: gongwen.with(title: \"t\", author: \"a\")\n\
                      = 一、标题\n正文。\n#table(columns: 3, ..range(60).map(i => str(i * 7)))\n";
        let compile = || {
            renderer
                .compile(markup.to_string(), date, "junheng-threads")
                .map(|c| c.pdf)
                .map_err(|e| format!("{e:?}"))
        };
        let first = compile();
        assert!(first.is_ok(), "{first:?}");
        for _ in 0..2 {
            let again = std::thread::scope(|s| s.spawn(compile).join());
            assert!(
                matches!(&again, Ok(pdf) if *pdf == first),
                "one other thread"
            );
        }
        let together: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4).map(|_| s.spawn(compile)).collect();
            handles.into_iter().map(|h| h.join()).collect()
        });
        for pdf in together {
            assert!(
                matches!(&pdf, Ok(pdf) if *pdf == first),
                "four threads at once"
            );
        }
    }

    #[test]
    fn a_template_that_runs_out_of_its_budget_says_so_in_chinese() {
        let mut env = template_environment();
        env.set_fuel(Some(10_000));
        env.add_template(
            "loop.typ.j2",
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        )
        .unwrap();
        let err = env
            .get_template("loop.typ.j2")
            .unwrap()
            .render(minijinja::context! {})
            .unwrap_err();
        let text = describe_template_error(&err);
        assert!(
            text.contains("模板运行的步骤超过上限") && text.contains("第 1 行附近"),
            "{text}"
        );
    }
}
