//! `junheng` command line. Exit codes: 0 ok, 1 input errors, 2 usage or internal error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use junheng::cli;

#[derive(Parser)]
#[command(
    name = "junheng",
    version,
    about = "均衡：由县域义务教育优质均衡指标工作簿生成实施方案、责任清单和自评报告（PDF）"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成三份文件：OUT/<县区名称>/{实施方案,责任清单,自评报告}.pdf
    Build {
        /// 工作簿文件（.xlsx/.xls/.ods）或包含工作簿的文件夹
        path: PathBuf,
        /// 输出文件夹
        #[arg(short, long, default_value = "out")]
        out: PathBuf,
        /// 只生成其中几份：plan,duties,report（或 实施方案,责任清单,自评报告）
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// 同时写出生成的 Typst 源文件（.typ）
        #[arg(long)]
        emit_typst: bool,
        /// 用户字体目录：其中的方正小标宋、仿宋_GB2312、黑体、楷体等优先于内置字体
        #[arg(long)]
        font_dir: Option<PathBuf>,
    },
    /// 只校验工作簿，列出全部问题（工作表、行、列）；有错误时退出码为 1
    Check { path: PathBuf },
    /// 输出计算结果
    Eval {
        path: PathBuf,
        /// 以 JSON 输出（目前唯一的格式）
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let status = match cli.command {
        Command::Build {
            path,
            out,
            only,
            emit_typst,
            font_dir,
        } => cli::build(&cli::BuildOptions {
            path,
            out,
            only,
            emit_typst,
            font_dir,
        }),
        Command::Check { path } => cli::check(&path),
        Command::Eval { path, json: _ } => cli::eval(&path),
    };
    ExitCode::from(status)
}
