//! `junheng` command line. Exit codes: 0 ok, 1 input errors, 2 usage or internal error.

// Workbooks are hostile input: outside tests, nothing may panic on them. `cargo clippy`
// (run by `tests/it/no_panic_lint.rs` and CI) refuses unwrap, expect, panic-family macros
// and unchecked indexing; use `.get()`, `?`, `let … else` instead.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use junheng::cli;

// See Cargo.toml: jemalloc where it builds, the system allocator elsewhere.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
use junheng::model::Date;

#[derive(Parser)]
#[command(
    name = "junheng",
    version,
    about = "均衡：由县域义务教育优质均衡指标工作簿生成实施方案、责任清单和自评报告（PDF）"
)]
struct Cli {
    /// 不给命令时（如双击程序）等同于 `serve --open`
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// 生成三份文件：OUT/<县区名称>/{实施方案,责任清单,自评报告}.pdf
    Build(cli::BuildOptions),
    /// 只校验工作簿，列出全部问题（工作表、行、列）；有错误时退出码为 1
    Check {
        path: PathBuf,
        /// build 的输出目录：文字材料中的数字与上次生成时的数据比对（已变化的给出警告）
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
    /// 监视工作簿：每次保存后自动重新生成（字体只载入一次，排版结果增量复用）
    Watch {
        #[command(flatten)]
        build: cli::BuildOptions,
        /// 生成 N 次后退出（测试用）
        #[arg(long, hide = true)]
        exit_after: Option<usize>,
    },
    /// 比较同一县区两版工作簿：列出改动的数据及其影响的指标、学校、差异系数和结论（数据更正对照表）
    Diff {
        /// 原工作簿
        old: PathBuf,
        /// 更正后的工作簿
        new: PathBuf,
        /// 同时写出 PDF 版数据更正对照表
        #[arg(long, value_name = "OUT.pdf")]
        pdf: Option<PathBuf>,
        /// 同时写出 Word 版（可编辑）数据更正对照表
        #[arg(long, value_name = "OUT.docx")]
        docx: Option<PathBuf>,
        /// 对照表落款日期（新工作簿未填“成文日期”时使用；默认今天）
        #[arg(long, value_parser = cli::parse_date_arg)]
        date: Option<Date>,
        /// 用户字体目录
        #[arg(long)]
        font_dir: Option<PathBuf>,
    },
    /// 把数据更正带进已修改的 Word 版：按更正后的工作簿重新生成，数据变化处以修订（作者“数据更正”）写入，
    /// 您的修改原样保留，两者都改过的地方加批注；写出新文件，不改动原文件
    Update {
        /// 已修改的 Word 版（本程序生成、再经 Word/WPS/LibreOffice 修改保存的 .docx）
        edited: PathBuf,
        /// 更正后的工作簿
        #[arg(long)]
        workbook: PathBuf,
        /// 生成该 Word 版时所用的原工作簿（默认在它旁边的 .junheng 文件夹中自动找到）
        #[arg(long)]
        base: Option<PathBuf>,
        /// 写出的文件（默认：原文件名加“（已更正）”，与原文件同一文件夹；不能是输入文件之一）
        #[arg(short, long, value_name = "OUT.docx")]
        out: Option<PathBuf>,
        /// 修订的日期（默认今天）
        #[arg(long, value_parser = cli::parse_date_arg)]
        date: Option<Date>,
    },
    /// 生成空白工作簿模板（全部工作表、表头、下拉列表、填表说明）
    Init {
        /// 模板写入的文件夹
        dir: PathBuf,
        /// 预填县区名称（也用于文件名）
        #[arg(long)]
        county: Option<String>,
        /// 覆盖已有文件
        #[arg(long)]
        force: bool,
    },
    /// 佐证材料：建立按指标分类的文件夹（init），检查是否齐全并生成佐证材料目录（check）
    Evidence {
        #[command(subcommand)]
        command: cli::EvidenceCommand,
    },
    /// 模板：export DIR 写出内置模板和样式文件（house.typ），修改后用 build --templates DIR 生效
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// 合并各分片（build --shard K/N）的汇总记录，生成一份汇总表（与整体一次生成的相同）
    Summary {
        /// 各分片的输出文件夹（或其中的 summary*.jsonl 文件）
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// 汇总表的路径（默认：第一个文件夹下的 汇总表）；按 --format 写出 .pdf 和 .docx，
        /// 给出的 .pdf 或 .docx 扩展名只用来取文件名
        #[arg(short, long, value_name = "OUT.pdf")]
        out: Option<PathBuf>,
        /// 写出哪些版本：pdf、docx（可编辑的 Word 版），或 pdf,docx（默认两者）
        #[arg(long, value_delimiter = ',', default_value = "pdf,docx")]
        format: Vec<junheng::pipeline::Format>,
        /// 汇总表落款日期（默认取各县区成文日期中最晚的）
        #[arg(long, value_parser = cli::parse_date_arg)]
        date: Option<Date>,
        /// 用户字体目录
        #[arg(long)]
        font_dir: Option<PathBuf>,
    },
    /// 输出计算结果
    Eval {
        path: PathBuf,
        /// 以 JSON 输出（目前唯一的格式）
        #[arg(long)]
        json: bool,
    },
    /// 整改测算：使全部可由资源解决的指标达标的最低成本方案（逐校、逐列、逐年），并按评估办法复核
    Rectify {
        path: PathBuf,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
        /// 写出按方案整改后的工作簿（.xlsx，不能覆盖输入的工作簿）
        #[arg(long, value_name = "OUT.xlsx")]
        apply: Option<PathBuf>,
    },
    /// 工作台：在浏览器中上传、检查、评估、预览和下载（默认只在本机 127.0.0.1 上）
    Serve(junheng::server::ServeOptions),
    /// 工作台账号（一个县区或督导室一个账号）
    Users {
        #[command(subcommand)]
        command: junheng::server::UsersCommand,
    },
    /// 工作台的子进程：读取、检查、排版一个上传的工作簿（由 serve 启动）
    #[command(name = "serve-worker", hide = true)]
    ServeWorker {
        #[arg(long, default_value_t = 0)]
        memory_mb: u64,
    },
}

#[derive(Subcommand)]
enum TemplatesAction {
    /// 把内置模板写入 DIR
    Export {
        dir: PathBuf,
        /// 覆盖已有文件
        #[arg(long)]
        force: bool,
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
    let Some(command) = cli.command else {
        return ExitCode::from(junheng::server::serve(
            &junheng::server::ServeOptions::double_click(),
        ));
    };
    // An interrupted build removes its temporary files; finished files stay. The server
    // handles its own signals (it finishes the requests under way), and its workers die
    // with it.
    if !matches!(command, Command::Serve(_) | Command::ServeWorker { .. }) {
        junheng::render::output::install_signal_cleanup();
    }
    let status = match command {
        Command::Serve(opts) => junheng::server::serve(&opts),
        Command::Users { command } => junheng::server::users(&command),
        Command::ServeWorker { memory_mb } => junheng::server::worker::worker_main(memory_mb),
        Command::Build(opts) => cli::build(&opts),
        Command::Check { path, out } => cli::check(&path, out.as_deref()),
        Command::Watch { build, exit_after } => {
            cli::watch(&cli::WatchOptions { build, exit_after })
        }
        Command::Update {
            edited,
            workbook,
            base,
            out,
            date,
        } => cli::update(&junheng::update::UpdateOptions {
            edited,
            workbook,
            base,
            out,
            date,
        }),
        Command::Init { dir, county, force } => cli::init(&cli::InitOptions { dir, county, force }),
        Command::Diff {
            old,
            new,
            pdf,
            docx,
            date,
            font_dir,
        } => cli::diff(&cli::DiffOptions {
            old,
            new,
            pdf,
            docx,
            date,
            font_dir,
        }),
        Command::Summary {
            inputs,
            out,
            format,
            date,
            font_dir,
        } => cli::summary(&cli::SummaryOptions {
            inputs,
            out,
            formats: format,
            date,
            font_dir,
        }),
        Command::Eval { path, json: _ } => cli::eval(&path),
        Command::Rectify { path, json, apply } => {
            cli::rectify(&cli::RectifyOptions { path, json, apply })
        }
        Command::Evidence { command } => cli::evidence(&command),
        Command::Templates {
            action: TemplatesAction::Export { dir, force },
        } => cli::templates_export(&dir, force),
    };
    ExitCode::from(status)
}
