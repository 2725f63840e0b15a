//! `junheng init DIR`: a blank, documented workbook to fill in (written by
//! [`crate::workbook::template`]).

use std::path::PathBuf;

use super::{EXIT_INTERNAL, EXIT_OK};
use crate::render::output::template_path;
use crate::render::output::write_atomic;
use crate::workbook::template::template;

pub struct InitOptions {
    pub dir: PathBuf,
    /// 县区名称 to pre-fill (also names the file).
    pub county: Option<String>,
    /// Overwrite an existing file.
    pub force: bool,
}

pub fn init(opts: &InitOptions) -> u8 {
    let path = template_path(&opts.dir, opts.county.as_deref());
    if path.exists() && !opts.force {
        eprintln!(
            "错误：「{}」已存在，未覆盖；如需重新生成请加 --force",
            path.display()
        );
        return EXIT_INTERNAL;
    }
    let bytes = match template(opts.county.as_deref()) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("内部错误：无法生成工作簿模板：{e}");
            return EXIT_INTERNAL;
        }
    };
    if let Err(e) = write_atomic(&path, &bytes) {
        eprintln!("错误：{e}");
        return EXIT_INTERNAL;
    }
    println!("已生成空白工作簿：{}", path.display());
    println!("请先阅读其中的“填表说明”工作表；填写后运行：");
    println!("  junheng check {}", path.display());
    println!("  junheng build {}", path.display());
    EXIT_OK
}
