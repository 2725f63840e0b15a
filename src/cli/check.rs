//! `junheng check PATH`: validate only, print every problem, exit 1 on any error.

use std::path::Path;

use super::{EXIT_INPUT, EXIT_OK, print_problems, today, workbooks};
use crate::pipeline;
use crate::render::fonts::FontSet;

pub fn check(path: &Path, out: Option<&Path>) -> u8 {
    let files = workbooks(path);
    if files.is_empty() {
        eprintln!(
            "错误：「{}」不是工作簿，其下也没有找到工作簿（.xlsx/.xls/.ods）",
            path.display()
        );
        return EXIT_INPUT;
    }
    // The bundled fonts: `build` warns of characters they cannot print, and so does `check`.
    let fonts = FontSet::bundled();
    let mut failed = 0;
    for file in &files {
        let problems = pipeline::check_against(file, &fonts, today(), out);
        print_problems(file, &problems);
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let warnings = problems.len() - errors;
        if errors > 0 {
            failed += 1;
            println!("{}：{errors} 处错误，{warnings} 处警告。", file.display());
        } else {
            println!("{}：检查通过（{warnings} 处警告）。", file.display());
        }
    }
    if failed > 0 { EXIT_INPUT } else { EXIT_OK }
}
