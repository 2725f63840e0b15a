//! `junheng summary DIR…`: merge the JSON-lines summaries of the shards of a folder
//! build into one 汇总表, the same as a single run over the whole folder gives: the PDF
//! and the Word edition (`--format`), byte for byte.

use std::path::PathBuf;

use super::build::load_renderer;
use super::{EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, today};
use crate::model::Date;
use crate::pipeline::batch::{read_records, summary_inputs};
use crate::pipeline::report::summary_lines;
use crate::pipeline::{Format, Options, Project, edition_stem};

pub struct SummaryOptions {
    /// Output folders of the shards, or summary files.
    pub inputs: Vec<PathBuf>,
    /// Where the 汇总表 goes (default `汇总表` in the first folder); a `.pdf` or `.docx`
    /// ending is dropped and each edition gets its own.
    pub out: Option<PathBuf>,
    /// The editions written.
    pub formats: Vec<Format>,
    pub date: Option<Date>,
    pub font_dir: Option<PathBuf>,
}

pub fn summary(opts: &SummaryOptions) -> u8 {
    let records = match read_records(&opts.inputs) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_INPUT;
        }
    };
    let (rows, skipped, date) = summary_inputs(&records, opts.date);
    if rows.is_empty() {
        eprintln!(
            "错误：分片汇总中没有已生成的县区（共 {} 条记录）",
            records.len()
        );
        return EXIT_INPUT;
    }
    let stem = match &opts.out {
        Some(path) => edition_stem(path),
        None => {
            let first = opts.inputs.first().cloned().unwrap_or_default();
            let folder = if first.is_dir() {
                first
            } else {
                first.parent().map(PathBuf::from).unwrap_or_default()
            };
            folder.join("汇总表")
        }
    };
    let renderer = match load_renderer(opts.font_dir.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let options = Options {
        formats: opts.formats.clone(),
        ..Options::default()
    };
    let project = Project::new(renderer, options);
    let pool = match super::build::thread_pool(None) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let date = date.unwrap_or_else(today);
    match pool.install(|| project.write_summary(&stem, &rows, &skipped, date)) {
        Ok(written) => {
            println!(
                "汇总表：共 {} 个县区（{} 个未生成）",
                rows.len(),
                skipped.len(),
            );
            for line in summary_lines(&written) {
                println!("{line}");
            }
            EXIT_OK
        }
        Err(e) => {
            eprintln!("{e}");
            EXIT_INTERNAL
        }
    }
}
