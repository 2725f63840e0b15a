//! `junheng build PATH`: read, evaluate, fill templates, compile, write PDFs atomically.
//!
//! All selected documents are compiled before anything is written, so a failure leaves
//! the previous good PDFs untouched.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, read_or_report, today, workbooks};
use crate::documents::{self, DocumentKind};
use crate::evaluate;
use crate::render::fonts::FontSet;
use crate::render::output::{county_dir, write_atomic};
use crate::render::{Compiled, Renderer};

pub struct BuildOptions {
    pub path: PathBuf,
    pub out: PathBuf,
    pub only: Vec<String>,
    pub emit_typst: bool,
    pub font_dir: Option<PathBuf>,
}

/// The documents `--only` selects (all when empty). Err names the unknown entry.
pub fn selected_kinds(only: &[String]) -> Result<Vec<DocumentKind>, String> {
    if only.is_empty() {
        return Ok(DocumentKind::ALL.to_vec());
    }
    let mut kinds = Vec::new();
    for key in only {
        match DocumentKind::from_key(key) {
            Some(k) if !kinds.contains(&k) => kinds.push(k),
            Some(_) => {}
            None => return Err(key.clone()),
        }
    }
    Ok(kinds)
}

pub fn build(opts: &BuildOptions) -> u8 {
    let kinds = match selected_kinds(&opts.only) {
        Ok(k) => k,
        Err(bad) => {
            eprintln!(
                "错误：--only 中的「{bad}」不是文件名；可选 plan,duties,report（或 实施方案,责任清单,自评报告）"
            );
            return EXIT_INTERNAL;
        }
    };
    let files = workbooks(&opts.path);
    if files.is_empty() {
        eprintln!(
            "错误：「{}」不存在、不是工作簿，或其下没有工作簿（.xlsx/.xls/.ods）",
            opts.path.display()
        );
        return EXIT_INPUT;
    }
    let fonts = match &opts.font_dir {
        None => FontSet::bundled(),
        Some(dir) => match FontSet::with_user_dir(dir) {
            Ok(set) => set,
            Err(e) => {
                eprintln!("错误：{e}");
                return EXIT_INTERNAL;
            }
        },
    };
    for (role, family) in &fonts.user_choices {
        println!("字体：{role} 使用「{family}」，缺字时由内置字体补足");
    }
    let renderer = Renderer::new(fonts);
    let mut worst = EXIT_OK;
    for file in &files {
        let status = build_one(&renderer, file, &kinds, opts);
        worst = worst.max(status);
    }
    worst
}

fn build_one(renderer: &Renderer, file: &Path, kinds: &[DocumentKind], opts: &BuildOptions) -> u8 {
    let started = Instant::now();
    let Some(outcome) = read_or_report(file) else {
        return EXIT_INPUT;
    };
    let county = outcome.county;
    let evaluation = evaluate::evaluate(&county);
    let date = documents::document_date(&county, today());

    // Fill templates, then compile the documents in parallel (fonts are shared).
    let mut sources = Vec::new();
    for kind in kinds {
        match documents::markup(renderer, *kind, &county, &evaluation, date) {
            Ok(markup) => sources.push((*kind, markup)),
            Err(e) => {
                eprintln!("{}：生成「{}」失败：{e}", file.display(), kind.file_stem());
                return EXIT_INTERNAL;
            }
        }
    }
    let results: Vec<(
        DocumentKind,
        String,
        Result<Compiled, crate::render::RenderError>,
    )> = std::thread::scope(|scope| {
        let handles: Vec<_> = sources
            .into_iter()
            .map(|(kind, markup)| {
                scope.spawn(move || {
                    let ident = format!("junheng-{}", kind.key());
                    let compiled = renderer.compile(markup.clone(), date, &ident);
                    (kind, markup, compiled)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    if results.len() != kinds.len() {
        eprintln!("{}：内部错误：排版线程异常退出", file.display());
        return EXIT_INTERNAL;
    }
    let mut compiled = Vec::new();
    for (kind, markup, result) in results {
        match result {
            Ok(doc) => compiled.push((kind, markup, doc)),
            Err(e) => {
                eprintln!(
                    "{}：「{}」排版失败，未写出任何文件：{e}",
                    file.display(),
                    kind.file_stem()
                );
                return EXIT_INTERNAL;
            }
        }
    }

    let dir = county_dir(&opts.out, &county.info.county_name);
    let mut written = Vec::new();
    for (kind, markup, doc) in &compiled {
        for w in &doc.warnings {
            eprintln!("{}：「{}」排版警告：{w}", file.display(), kind.file_stem());
        }
        let pdf_path = dir.join(format!("{}.pdf", kind.file_stem()));
        if let Err(e) = write_atomic(&pdf_path, &doc.pdf) {
            eprintln!("错误：{e}");
            return EXIT_INTERNAL;
        }
        if opts.emit_typst {
            let typ_path = dir.join(format!("{}.typ", kind.file_stem()));
            if let Err(e) = write_atomic(&typ_path, markup.as_bytes()) {
                eprintln!("错误：{e}");
                return EXIT_INTERNAL;
            }
        }
        written.push(format!(
            "  {}（{} 页，{} KB）",
            pdf_path.display(),
            doc.pages,
            doc.pdf.len().div_ceil(1024)
        ));
    }
    if opts.emit_typst {
        // The sources import these two files; write them so `typst compile` works too.
        for (name, text) in renderer.support_files() {
            if let Err(e) = write_atomic(&dir.join(name), text.as_bytes()) {
                eprintln!("错误：{e}");
                return EXIT_INTERNAL;
            }
        }
    }
    println!(
        "{}：已生成 {} 份文件，用时 {:.2} 秒",
        county.info.county_name,
        written.len(),
        started.elapsed().as_secs_f64()
    );
    for line in written {
        println!("{line}");
    }
    EXIT_OK
}
