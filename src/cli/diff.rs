//! `junheng diff OLD NEW [--pdf OUT.pdf] [--docx OUT.docx]`: read both workbooks, refuse
//! two different counties, print the comparison (`crate::compare`) and write its
//! 数据更正对照表, as a PDF and as a Word file from the same markup.

use std::path::PathBuf;

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
