//! CLI stage: one file per command. Commands print Chinese messages and return the
//! process exit code (0 ok, 1 input errors, 2 usage or internal error).

pub mod build;
mod check;
pub mod diff;
mod eval;
pub mod evidence;
pub mod init;
pub mod rectify;
pub mod summary;
mod templates;
pub mod update;

pub mod watch;

pub use build::{BuildOptions, build, parse_date_arg};
pub use check::check;
pub use diff::{DiffOptions, diff};
pub use eval::eval;
pub use evidence::{EvidenceCommand, evidence};
pub use init::{InitOptions, init};
pub use rectify::{RectifyOptions, rectify};
pub use summary::{SummaryOptions, summary};
pub use templates::templates_export;
pub use update::update;
pub use watch::{WatchOptions, watch};

pub use crate::pipeline::batch::workbooks;
pub use crate::pipeline::today;

use std::path::Path;

use crate::problem::Problem;
use crate::workbook::{self, ReadOutcome};

pub(crate) const EXIT_OK: u8 = 0;
pub(crate) const EXIT_INPUT: u8 = 1;
pub(crate) const EXIT_INTERNAL: u8 = 2;

/// Print problems to stderr, errors first, each on its own line.
pub(crate) fn print_problems(file: &Path, problems: &[Problem]) {
    for line in crate::pipeline::report::problem_lines(file, problems) {
        eprintln!("{line}");
    }
}

/// Read a workbook, printing its problems. None when it has errors.
pub(crate) fn read_or_report(path: &Path) -> Option<ReadOutcome> {
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
