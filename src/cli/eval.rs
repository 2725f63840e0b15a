//! `junheng eval PATH --json`: the computed results as JSON on stdout.

use std::path::Path;

use super::{EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, read_or_report};
use crate::documents::wording::ResultsJson;
use crate::evaluate;

pub fn eval(path: &Path) -> u8 {
    if !path.is_file() {
        eprintln!("错误：「{}」不是工作簿文件", path.display());
        return EXIT_INPUT;
    }
    let Some(outcome) = read_or_report(path) else {
        return EXIT_INPUT;
    };
    let evaluation = evaluate::evaluate(&outcome.county);
    match serde_json::to_string_pretty(&ResultsJson::new(&outcome.county, &evaluation)) {
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
