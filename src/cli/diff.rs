//! `junheng diff OLD NEW [--pdf OUT.pdf] [--docx OUT.docx]`: read both workbooks, refuse
//! two different counties, print the comparison (`crate::compare`) and write its
//! 数据更正对照表, as a PDF and as a Word file from the same markup.

use std::path::{Path, PathBuf};

use super::{EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, print_problems};
use crate::compare::{DiffReport, Side, different_counties, render_text};
use crate::model::Date;
use crate::pipeline::{PipelineError, Prepared, prepare, write_correction};
use crate::problem::terminal_safe;
use crate::render::Renderer;

pub struct DiffOptions {
    pub old: PathBuf,
    pub new: PathBuf,
    /// Write the 数据更正对照表 here.
    pub pdf: Option<PathBuf>,
    /// Write its Word edition here.
    pub docx: Option<PathBuf>,
    /// Date printed on the 对照表 when the new workbook has no 成文日期.
    pub date: Option<Date>,
    pub font_dir: Option<PathBuf>,
}

pub fn diff(opts: &DiffOptions) -> u8 {
    if let Err(message) = check_outputs(opts) {
        eprintln!("错误：{message}");
        return EXIT_INTERNAL;
    }
    let mut read = Vec::new();
    let mut failed = false;
    for path in [&opts.old, &opts.new] {
        if !path.is_file() {
            eprintln!("错误：「{}」不是工作簿文件", path.display());
            failed = true;
            continue;
        }
        match prepare(path, opts.date) {
            Ok(p) => {
                print_problems(path, &p.warnings);
                read.push(p);
            }
            Err(problems) => {
                print_problems(path, &problems);
                let n = problems.iter().filter(|p| p.is_error()).count();
                eprintln!("{}：发现 {n} 处错误，无法比较。", path.display());
                failed = true;
            }
        }
    }
    if failed {
        return EXIT_INPUT;
    }
    let (Some(old), Some(new)) = (read.first(), read.get(1)) else {
        return EXIT_INTERNAL;
    };
    if let Some((a, b)) = different_counties(&old.county, &new.county) {
        eprintln!(
            "错误：两个工作簿属于不同的县区（{}：「{}」，{}：「{}」），无法比较：数据更正对照表只比较同一县区的两个版本，请检查是否选错了文件",
            opts.old.display(),
            terminal_safe(&a),
            opts.new.display(),
            terminal_safe(&b)
        );
        return EXIT_INPUT;
    }
    let report = compare(old, new);
    // Numbers of the narrative that were figures of the old workbook and have changed:
    // in the new one's narrative, or the old one's when only it has a .docx narrative.
    let mut stale =
        crate::narrative::figures::stale_numbers(&new.county, &old.figures, &new.figures);
    if new.county.narrative.sections.is_empty() && !old.county.narrative.sections.is_empty() {
        stale.extend(crate::narrative::figures::stale_numbers(
            &old.county,
            &old.figures,
            &new.figures,
        ));
    }
    print_problems(&opts.new, &stale);
    // A closed pipe (`| head`) is not an error worth a panic.
    let text = render_text(&report);
    let _ = std::io::Write::write_all(&mut std::io::stdout(), terminal_safe(&text).as_bytes());
    if opts.pdf.is_some() || opts.docx.is_some() {
        match write_tables(opts, old, new, &report) {
            Ok(lines) => {
                for line in lines {
                    println!("{line}");
                }
            }
            Err(e) => {
                eprintln!("{e}");
                return EXIT_INTERNAL;
            }
        }
    }
    EXIT_OK
}

/// Compare two prepared workbooks (see [`crate::compare::compare`]).
pub fn compare(old: &Prepared, new: &Prepared) -> DiffReport {
    crate::compare::compare(side(old), side(new))
}

fn side(p: &Prepared) -> Side<'_> {
    Side {
        file: p.file.as_path(),
        county: &p.county,
        evaluation: &p.evaluation,
    }
}

/// Write the 数据更正对照表 editions asked for, from one markup. Ok is the lines to print.
fn write_tables(
    opts: &DiffOptions,
    old: &Prepared,
    new: &Prepared,
    r: &DiffReport,
) -> Result<Vec<String>, PipelineError> {
    let renderer = crate::pipeline::load_fonts(opts.font_dir.as_deref()).map(Renderer::new)?;
    let pages = write_correction(
        &renderer,
        r,
        &new.county,
        new.date,
        opts.pdf.as_deref(),
        opts.docx.as_deref(),
    )?;
    if let Some(path) = &opts.docx {
        // The id `junheng update` reads, and the workbooks it makes the table from again.
        crate::update::stamp_correction(path, old, new).map_err(|e| {
            PipelineError::CorrectionDocx(crate::render::RenderError::Docx(e.to_string()))
        })?;
    }
    let mut lines = Vec::new();
    if let (Some(path), Some(pages)) = (&opts.pdf, pages) {
        lines.push(format!(
            "已写出数据更正对照表：{}（{pages} 页）",
            path.display()
        ));
    }
    if let Some(path) = &opts.docx {
        lines.push(format!(
            "已写出数据更正对照表（Word 版）：{}",
            path.display()
        ));
    }
    Ok(lines)
}

/// What `--pdf`/`--docx` may replace: nothing that is one of the two workbooks (by any
/// name or link), nothing that is not already a file of that kind (a workbook given by
/// mistake, a folder), and not each other. Err is the Chinese refusal, said before any
/// work is done, as `init` refuses to overwrite.
fn check_outputs(opts: &DiffOptions) -> Result<(), String> {
    let outputs = [
        (opts.pdf.as_deref(), OutputKind::Pdf),
        (opts.docx.as_deref(), OutputKind::Docx),
    ];
    for (path, kind) in outputs {
        let Some(path) = path else { continue };
        for input in [&opts.old, &opts.new] {
            if same_file(path, input) {
                return Err(format!(
                    "{} 的输出文件「{}」就是输入的工作簿，未覆盖：请另给一个文件名，如「数据更正对照表{}」",
                    kind.option(),
                    path.display(),
                    kind.extension()
                ));
            }
        }
        if let Some(why) = kind.refusal(path) {
            return Err(format!(
                "{} 的输出文件「{}」{why}，未覆盖：请另给一个以 {} 结尾的文件名",
                kind.option(),
                path.display(),
                kind.extension()
            ));
        }
    }
    if let (Some(pdf), Some(docx)) = (&opts.pdf, &opts.docx)
        && (pdf == docx || same_file(pdf, docx))
    {
        return Err(format!(
            "--pdf 与 --docx 给的是同一个文件「{}」：请分别给出 .pdf 和 .docx 文件名",
            pdf.display()
        ));
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum OutputKind {
    Pdf,
    Docx,
}

impl OutputKind {
    fn option(self) -> &'static str {
        match self {
            OutputKind::Pdf => "--pdf",
            OutputKind::Docx => "--docx",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            OutputKind::Pdf => ".pdf",
            OutputKind::Docx => ".docx",
        }
    }

    /// Why `path` must not be written, if it must not: its name does not end in the
    /// kind's extension, or it exists and is not a file of this kind (by its content,
    /// not its name: a workbook renamed .pdf is still a workbook).
    fn refusal(self, path: &Path) -> Option<String> {
        let named = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| format!(".{}", e.to_lowercase()) == self.extension());
        if !named {
            return Some(format!("的扩展名不是 {}", self.extension()));
        }
        let meta = match std::fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => return Some(format!("无法检查（{e}）")),
        };
        if meta.is_dir() {
            return Some("是一个文件夹".to_string());
        }
        if meta.file_type().is_symlink() {
            return Some("是一个符号链接".to_string());
        }
        if !meta.is_file() {
            return Some("不是普通文件".to_string());
        }
        if meta.len() == 0 {
            return None;
        }
        let mut head = [0u8; 8];
        let read = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
            .unwrap_or(0);
        let head = head.get(..read).unwrap_or(&[]);
        let is_kind = match self {
            OutputKind::Pdf => head.starts_with(b"%PDF"),
            OutputKind::Docx => {
                head.starts_with(b"PK\x03\x04") && is_word_document(path).unwrap_or(false)
            }
        };
        (!is_kind).then(|| match self {
            OutputKind::Pdf => "已存在，但不是 PDF 文件".to_string(),
            OutputKind::Docx => "已存在，但不是 Word 文档（.docx）".to_string(),
        })
    }
}

/// Whether the zip at `path` is a Word document (has `word/document.xml`).
fn is_word_document(path: &Path) -> Option<bool> {
    let file = std::fs::File::open(path).ok()?;
    let zip = zip::ZipArchive::new(file).ok()?;
    Some(
        zip.file_names()
            .any(|n| n.is_ok_and(|n| n == "word/document.xml")),
    )
}

/// Whether two paths name the same existing file (through links, `..` or hard links).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
