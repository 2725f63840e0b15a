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
    // A folder build that was interrupted and run again rewrites its summary from the
    // start: counties built by the earlier run are complete on disk but not listed.
    // Say so rather than pass the 汇总表 off as the whole folder.
    let unlisted = unlisted_counties(&opts.inputs, &records);
    if !unlisted.is_empty() {
        let shown: Vec<&str> = unlisted.iter().take(10).map(String::as_str).collect();
        eprintln!(
            "警告：输出目录中另有 {} 个县区的文件夹（{}{}）不在分片汇总 summary*.jsonl 中，多半是某次生成被中断后重新运行所致：本汇总表只含汇总记录中的县区，是不完整的。请对整个文件夹重新运行 build（可加 --skip-unchanged 跳过已是最新的县区），再运行 summary",
            unlisted.len(),
            shown.join("、"),
            if unlisted.len() > shown.len() {
                "等"
            } else {
                ""
            }
        );
    }
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

/// County folders in the output folders `inputs` holding a built document that no
/// record lists (by the folder of its files), in name order.
fn unlisted_counties(
    inputs: &[PathBuf],
    records: &[crate::pipeline::batch::Record],
) -> Vec<String> {
    use std::collections::BTreeSet;
    let listed: BTreeSet<&str> = records
        .iter()
        .flat_map(|r| r.files.iter())
        .filter_map(|f| f.split('/').next())
        .collect();
    let documents: Vec<String> = crate::documents::DocumentKind::ALL
        .iter()
        .map(|k| format!("{}.pdf", k.file_stem()))
        .collect();
    let mut out = BTreeSet::new();
    for input in inputs.iter().filter(|p| p.is_dir()) {
        let Ok(entries) = std::fs::read_dir(input) else {
            continue;
        };
        for entry in entries.flatten().take(100_000) {
            let name = entry.file_name().to_string_lossy().to_string();
            // Staging and previous folders of the atomic swap start with a dot.
            if name.starts_with('.') || listed.contains(name.as_str()) {
                continue;
            }
            let path = entry.path();
            let is_county = entry.file_type().is_ok_and(|t| t.is_dir())
                && documents.iter().any(|d| path.join(d).is_file());
            if is_county {
                out.insert(name);
            }
        }
    }
    out.into_iter().collect()
}
