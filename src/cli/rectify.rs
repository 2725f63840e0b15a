//! `junheng rectify PATH [--json] [--apply OUT.xlsx]`: the 整改测算 (least-cost plan),
//! verified by re-evaluating the county with it; `--apply` writes the corrected workbook.

use std::path::{Path, PathBuf};

use super::{EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, read_or_report};
use crate::documents::wording::rectify as words;
use crate::evaluate;
use crate::rectify::{self as planner, Options, json::PlanJson};

pub struct RectifyOptions {
    pub path: PathBuf,
    pub json: bool,
    pub apply: Option<PathBuf>,
}

pub fn rectify(opts: &RectifyOptions) -> u8 {
    let path: &Path = &opts.path;
    if !path.is_file() {
        eprintln!("错误：「{}」不是工作簿文件", path.display());
        return EXIT_INPUT;
    }
    let Some(outcome) = read_or_report(path) else {
        return EXIT_INPUT;
    };
    let county = &outcome.county;
    let evaluation = evaluate::evaluate(county);
    let plan = match planner::rectify(county, &evaluation, &Options::default()) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("内部错误：{e}");
            return EXIT_INTERNAL;
        }
    };
    if let Some(out) = &opts.apply {
        if let Err(e) = planner::apply::write_corrected(path, out, county, &plan.actions) {
            eprintln!("错误：{e}");
            return EXIT_INPUT;
        }
        eprintln!("已写出整改后的工作簿：{}", out.display());
    }
    if opts.json {
        match serde_json::to_string_pretty(&PlanJson::new(county, &plan)) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("内部错误：无法输出 JSON：{e}");
                return EXIT_INTERNAL;
            }
        }
    } else {
        for line in words::summary(&plan, &county.info.county_name) {
            println!("{line}");
        }
    }
    EXIT_OK
}
