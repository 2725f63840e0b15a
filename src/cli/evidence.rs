//! `junheng evidence init|check`: the 佐证材料 folder tree and its check.
//! The work is done by [`crate::evidence`] and [`crate::documents::evidence`]; this file
//! parses the options and prints.

use std::path::{Path, PathBuf};

use super::build::{load_renderer, parse_date_arg};
use super::{EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, read_or_report, today};
use crate::evidence::{self, Limits};
use crate::model::{County, Date};
use crate::pipeline;

#[derive(Debug, Clone, clap::Subcommand)]
pub enum EvidenceCommand {
    /// 建立佐证材料文件夹：按一级指标分组，每项指标一个文件夹，内附“应提供材料.txt”；不覆盖已有文件
    Init {
        /// 佐证材料文件夹（不存在时新建）
        dir: PathBuf,
        /// 指标工作簿：使用其中的“佐证材料”“责任分工”工作表
        #[arg(long)]
        workbook: Option<PathBuf>,
    },
    /// 检查佐证材料文件夹：逐项指标列出已有和缺少的材料，写出 OUT/<县区名称>/佐证材料目录.pdf；有缺项时退出码为 1
    Check {
        /// 佐证材料文件夹
        dir: PathBuf,
        /// 指标工作簿：使用其中的县区名称、“佐证材料”“责任分工”工作表
        #[arg(long)]
        workbook: Option<PathBuf>,
        /// 输出文件夹
        #[arg(short, long, default_value = "out")]
        out: PathBuf,
        /// 县区名称（未给工作簿时用于目录标题和输出文件夹）
        #[arg(long)]
        county: Option<String>,
        /// 目录落款日期（如 2026-03-16）；默认取工作簿的成文日期，未填时为今天
        #[arg(long, value_parser = parse_date_arg)]
        date: Option<Date>,
        /// 用户字体目录
        #[arg(long)]
        font_dir: Option<PathBuf>,
    },
}

pub fn evidence(cmd: &EvidenceCommand) -> u8 {
    match cmd {
        EvidenceCommand::Init { dir, workbook } => init(dir, workbook.as_deref()),
        EvidenceCommand::Check {
            dir,
            workbook,
            out,
            county,
            date,
            font_dir,
        } => check(
            dir,
            workbook.as_deref(),
            out,
            county.as_deref(),
            *date,
            font_dir.as_deref(),
        ),
    }
}

/// The county of `--workbook`, or a bare one named by `--county`. Err is the exit code.
fn county_of(workbook: Option<&Path>, name: Option<&str>) -> Result<Option<County>, u8> {
    if let Some(path) = workbook {
        return match read_or_report(path) {
            Some(outcome) => Ok(Some(outcome.county)),
            None => Err(EXIT_INPUT),
        };
    }
    Ok(name.map(str::trim).filter(|n| !n.is_empty()).map(|n| {
        let mut county = County::default();
        county.info.county_name = n.to_string();
        county
    }))
}

fn init(dir: &Path, workbook: Option<&Path>) -> u8 {
    let county = match county_of(workbook, None) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let expected = evidence::expected(county.as_ref());
    match evidence::init_tree(dir, &expected) {
        Ok(report) => {
            println!(
                "已建立佐证材料文件夹：{}（新建文件夹 {} 个，写出“{}” {} 份）",
                dir.display(),
                report.created_folders,
                evidence::LIST_FILE,
                report.written_files
            );
            if !report.kept_files.is_empty() {
                println!(
                    "已有的 {} 份“{}”保持不变（未覆盖）",
                    report.kept_files.len(),
                    evidence::LIST_FILE
                );
            }
            println!("请把材料放进对应指标的文件夹（文件名中含材料名称），然后运行：");
            println!("  junheng evidence check {}", dir.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("错误：无法在「{}」建立文件夹：{e}", dir.display());
            EXIT_INTERNAL
        }
    }
}

fn check(
    dir: &Path,
    workbook: Option<&Path>,
    out: &Path,
    county_name: Option<&str>,
    date: Option<Date>,
    font_dir: Option<&Path>,
) -> u8 {
    let county = match county_of(workbook, county_name) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let expected = evidence::expected(county.as_ref());
    let report = match evidence::check(dir, &expected, &Limits::default()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_INTERNAL;
        }
    };
    let mut text = evidence::text::report_lines(&report).join("\n");
    text.push('\n');
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
    let date = date
        .or_else(|| county.as_ref().and_then(|c| c.info.date))
        .unwrap_or_else(today);
    let Ok(renderer) = load_renderer(font_dir) else {
        return EXIT_INTERNAL;
    };
    match pipeline::write_evidence_index(&renderer, &report, county.as_ref(), date, out) {
        Ok(index) => println!(
            "已写出佐证材料目录：{}（{} 页）、{}（Word 版）",
            index.pdf.display(),
            index.pages,
            index.docx.display()
        ),
        Err(e) => {
            eprintln!("{e}");
            return EXIT_INTERNAL;
        }
    }
    if report.complete() {
        EXIT_OK
    } else {
        EXIT_INPUT
    }
}
