//! `junheng templates export DIR`: write the built-in templates and house style, to start
//! a `--templates` directory from.

use std::path::Path;

use super::{EXIT_INPUT, EXIT_OK};
use crate::render::builtin_templates;
use crate::render::output::write_atomic;

/// Write every built-in template under its own name (partials in `partials/`). Existing
/// files are kept unless `force`.
pub fn templates_export(dir: &Path, force: bool) -> u8 {
    let files = builtin_templates();
    if !force {
        let existing: Vec<String> = files
            .iter()
            .map(|(name, _)| dir.join(name))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            eprintln!(
                "错误：以下文件已存在，未写出任何文件（加 --force 覆盖）：\n  {}",
                existing.join("\n  ")
            );
            return EXIT_INPUT;
        }
    }
    for (name, text) in &files {
        let path = dir.join(name);
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            eprintln!("错误：无法创建文件夹「{}」：{e}", parent.display());
            return EXIT_INPUT;
        }
        if let Err(e) = write_atomic(&path, text.as_bytes()) {
            eprintln!("错误：{e}");
            return EXIT_INPUT;
        }
        println!("  {}", path.display());
    }
    println!(
        "已写出 {} 个内置模板。修改其中任意几个（不需要的可删去），生成时加 --templates {}",
        files.len(),
        dir.display()
    );
    EXIT_OK
}
