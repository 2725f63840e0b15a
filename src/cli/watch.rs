//! `junheng watch PATH`: rebuild on every save of the workbook.
//!
//! Saves are found by `pipeline::watcher` (the parent folder watched, events debounced);
//! a save whose bytes did not change is ignored. One
//! `Renderer` lives for the whole session, so fonts are parsed once, and Typst's
//! memoisation (comemo) carries over between compiles; entries unused for ten rebuilds
//! are evicted. Only documents whose markup changed are compiled again. A save that
//! breaks the data prints the located errors and leaves the last good PDFs in place.

use std::time::Instant;

use super::build::BuildOptions;
use super::build::{kinds_or_report, load_renderer_with, project_options, thread_pool};
use super::{EXIT_INPUT, EXIT_INTERNAL, EXIT_OK};
use crate::pipeline::incremental::{Rebuild, RebuildError, Session};
use crate::pipeline::watcher::{Save, WorkbookWatcher};
use crate::pipeline::{PipelineError, Project, evidence_line};

pub struct WatchOptions {
    /// The same options as `build`.
    pub build: BuildOptions,
    /// Stop after this many builds (the first one included); for tests and scripts.
    pub exit_after: Option<usize>,
}

pub fn watch(opts: &WatchOptions) -> u8 {
    let kinds = match kinds_or_report(&opts.build.only) {
        Ok(k) => k,
        Err(code) => return code,
    };
    if !opts.build.path.is_file() {
        eprintln!(
            "错误：「{}」不是工作簿文件（watch 只能监视单个工作簿）",
            opts.build.path.display()
        );
        return EXIT_INPUT;
    }
    let mut renderer = match load_renderer_with(
        opts.build.font_dir.as_deref(),
        opts.build.templates.as_deref(),
    ) {
        Ok(r) => r,
        Err(code) => return code,
    };
    renderer.pdfa = opts.build.pdfa;
    // The evidence folder is re-checked on every rebuild (it is not watched itself).
    let project = Project::new(renderer, project_options(&opts.build, kinds));
    let pool = match thread_pool(opts.build.jobs) {
        Ok(p) => p,
        Err(code) => return code,
    };

    let mut watcher = match WorkbookWatcher::new(&opts.build.path) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_INTERNAL;
        }
    };
    println!(
        "正在监视「{}」：每次保存后自动重新生成（按 Ctrl+C 退出）",
        opts.build.path.display()
    );

    let mut session = Session::default();
    let mut status = pool.install(|| rebuild(&project, opts, &mut session));
    loop {
        if opts.exit_after.is_some_and(|n| session.builds >= n) {
            return status;
        }
        let hash = match watcher.next_save() {
            Ok(Save::Saved(hash)) => hash,
            Ok(Save::Gone) => {
                println!(
                    "「{}」已被删除或移走；上次生成的文件保持不变，等待其重新出现…",
                    opts.build.path.display()
                );
                continue;
            }
            Err(e) => {
                eprintln!("{e}");
                return EXIT_INTERNAL;
            }
        };
        if session.last_bytes == Some(hash) {
            continue;
        }
        status = pool.install(|| rebuild(&project, opts, &mut session));
    }
}

/// One rebuild; prints what was rebuilt and how long it took.
fn rebuild(project: &Project, opts: &WatchOptions, session: &mut Session) -> u8 {
    let started = Instant::now();
    let file = &opts.build.path;
    let prepared = session.load(project, file);
    let n = session.builds;
    let prepared = match prepared {
        Ok(p) => p,
        Err(RebuildError::Input(PipelineError::Input {
            problems, errors, ..
        })) => {
            super::print_problems(file, &problems);
            println!(
                "[第{n}次] 数据有 {errors} 处错误，未重新生成；上次生成的文件保持不变。改正后保存即可。"
            );
            return EXIT_INPUT;
        }
        Err(e) => {
            eprintln!("{e}");
            return EXIT_INTERNAL;
        }
    };
    super::print_problems(file, &prepared.warnings);
    if let Some(report) = &prepared.evidence {
        println!("{}", evidence_line(report));
    }
    let done = match session.rebuild(project, file, &opts.build.out, prepared) {
        Ok(done) => done,
        Err(RebuildError::Render(e)) => {
            eprintln!("{e}");
            println!("[第{n}次] 排版失败，上次生成的文件保持不变。");
            return EXIT_INTERNAL;
        }
        Err(e) => {
            eprintln!("{e}");
            return EXIT_INTERNAL;
        }
    };
    if done.nothing_changed() {
        println!(
            "[第{n}次] 数据已更新，三份文件内容均未变化，无需重新排版（用时 {:.2} 秒）",
            started.elapsed().as_secs_f64()
        );
        return EXIT_OK;
    }
    let Rebuild {
        prepared,
        dir,
        built,
        docx,
        unchanged,
        notes,
    } = done;
    for b in &built {
        for w in &b.doc.warnings {
            eprintln!(
                "{}：「{}」排版警告：{w}",
                file.display(),
                b.kind.file_stem()
            );
        }
    }

    let mut names: Vec<String> = built
        .iter()
        .map(|b| format!("{}（{} 页）", b.kind.file_stem(), b.doc.pages))
        .collect();
    if built.is_empty() {
        names = docx
            .iter()
            .map(|(kind, _)| format!("{}（Word 版）", kind.file_stem()))
            .collect();
    }
    let mut line = format!(
        "[第{n}次] {}：已重新生成 {}",
        prepared.county.info.county_name,
        names.join("、")
    );
    if !unchanged.is_empty() {
        let same: Vec<&str> = unchanged.iter().map(|k| k.file_stem()).collect();
        line.push_str(&format!("；{}未变化", same.join("、")));
    }
    line.push_str(&format!("，用时 {:.2} 秒", started.elapsed().as_secs_f64()));
    println!("{line}");
    for b in &built {
        println!(
            "  {}（{} 页，{} KB）",
            dir.join(format!("{}.pdf", b.kind.file_stem())).display(),
            b.doc.pages,
            b.doc.pdf.len().div_ceil(1024)
        );
    }
    for (kind, bytes) in &docx {
        println!(
            "  {}（Word 版，{} KB）",
            dir.join(format!("{}.docx", kind.file_stem())).display(),
            bytes.len().div_ceil(1024)
        );
    }
    for note in notes {
        println!("{note}");
    }
    EXIT_OK
}
