//! CLI stage: one file per command. Commands print Chinese messages and return the
//! process exit code (0 ok, 1 input errors, 2 usage or internal error).

pub mod build;
mod check;
pub mod diff;
mod eval;
pub mod evidence;
pub mod init;
pub mod summary;
mod templates;

pub mod watch;

pub use build::{BuildOptions, build, parse_date_arg};
pub use check::check;
pub use diff::{DiffOptions, diff};
pub use eval::eval;
pub use evidence::{EvidenceCommand, evidence};
pub use init::{InitOptions, init};
pub use summary::{SummaryOptions, summary};
pub use templates::templates_export;
pub use watch::{WatchOptions, watch};

use std::path::{Path, PathBuf};

use crate::model::Date;
use crate::problem::Problem;
use crate::workbook::{self, ReadOutcome};

pub const EXIT_OK: u8 = 0;
pub const EXIT_INPUT: u8 = 1;
pub const EXIT_INTERNAL: u8 = 2;

/// Print problems to stderr, errors first, each on its own line.
pub fn print_problems(file: &Path, problems: &[Problem]) {
    let mut sorted: Vec<&Problem> = problems.iter().collect();
    sorted.sort_by_key(|p| p.severity);
    for p in sorted {
        eprintln!("{}：{p}", file.display());
    }
}

/// Read a workbook, printing its problems. None when it has errors.
pub fn read_or_report(path: &Path) -> Option<ReadOutcome> {
    match workbook::read_county(path) {
        Ok(outcome) => {
            print_problems(path, &outcome.warnings);
            Some(outcome)
        }
        Err(problems) => {
            print_problems(path, &problems);
            let errors = problems.iter().filter(|p| p.is_error()).count();
            eprintln!("{}：发现 {errors} 处错误，未生成任何文件。", path.display());
            None
        }
    }
}

/// Workbooks under `path`: the file itself, or every .xlsx/.xls/.ods below a folder
/// (Office lock files such as `~$x.xlsx` and hidden files skipped), sorted by path.
pub fn workbooks(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| is_workbook(p))
        .collect();
    found.sort();
    found
}

fn is_workbook(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with("~$") || name.starts_with('.') {
        return false;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// Today's date (UTC), used only when the workbook has no 成文日期.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let serial = (secs / 86_400) as f64 + 25_569.0;
    workbook::cells::date_from_serial(serial).unwrap_or(Date {
        year: 2026,
        month: 1,
        day: 1,
    })
}
