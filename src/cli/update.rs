//! `junheng update EDITED.docx --workbook CORRECTED.xlsx [--base OLD.xlsx] [-o OUT.docx]`:
//! carry a data correction into a person's copy as tracked changes (see
//! [`crate::update`]); this file only prints.

use super::{EXIT_INPUT, EXIT_INTERNAL, EXIT_OK};
use crate::update::{UpdateError, UpdateOptions, update as run};

pub fn update(opts: &UpdateOptions) -> u8 {
    match run(opts) {
        Ok(report) => {
            for note in &report.notes {
                eprintln!("{note}");
            }
            println!(
                "已写出「{}」（{}）：数据修订 {} 处，冲突 {} 处，用时 {:.2} 秒（比较与合并 {:.2} 秒）",
                report.out.display(),
                report.document,
                report.revisions,
                report.conflicts,
                report.total_ms as f64 / 1000.0,
                report.merge_ms as f64 / 1000.0
            );
            println!(
                "  修订的作者为“{}”：在 Word 或 WPS 中“审阅 → 接受所有修订”即得到更正后的数据，您的修改原样保留",
                crate::update::AUTHOR
            );
            if report.conflicts > 0 {
                println!(
                    "  冲突：您改过、数据也变了的 {} 处保留您的文字，并加了批注，批注中是更正后新生成的文字，请逐条核对",
                    report.conflicts
                );
            }
            if !report.unplaced.is_empty() {
                println!(
                    "  以下 {} 处新生成的内容在表格中，未能自动插入，请手工补上：",
                    report.unplaced.len()
                );
                for text in &report.unplaced {
                    println!("    {text}");
                }
            }
            EXIT_OK
        }
        Err(UpdateError::Workbook {
            file,
            errors,
            problems,
        }) => {
            super::print_problems(std::path::Path::new(&file), &problems);
            eprintln!("{file}：发现 {errors} 处错误，未生成更正稿。");
            EXIT_INPUT
        }
        Err(e @ (UpdateError::Write(_) | UpdateError::Render { .. })) => {
            eprintln!("错误：{e}");
            EXIT_INTERNAL
        }
        Err(e) => {
            eprintln!("错误：{e}");
            EXIT_INPUT
        }
    }
}
