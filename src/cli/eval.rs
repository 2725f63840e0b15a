//! `junheng eval PATH --json`: the computed results as JSON on stdout.

use std::path::Path;

use super::{EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, print_problems};
use crate::documents::wording::ResultsJson;
use crate::pipeline;

pub fn eval(path: &Path) -> u8 {
    if !path.is_file() {
        eprintln!("错误：「{}」不是工作簿文件", path.display());
        return EXIT_INPUT;
    }
    // The same diagnosis as check and build: a workbook they refuse gives no results.
    let prepared = match pipeline::prepare(path, None) {
        Ok(p) => {
            print_problems(path, &p.warnings);
            p
        }
        Err(problems) => {
            print_problems(path, &problems);
            let errors = problems.iter().filter(|p| p.is_error()).count();
            eprintln!("{}：发现 {errors} 处错误，未输出结果。", path.display());
            return EXIT_INPUT;
        }
    };
    match serde_json::to_string_pretty(&ResultsJson::new(&prepared.county, &prepared.evaluation)) {
        Ok(json) => {
            println!("{json}");
            EXIT_OK
        }
        Err(e) => {
            eprintln!("内部错误：无法输出 JSON：{e}");
            EXIT_INTERNAL
        }
    }
}
