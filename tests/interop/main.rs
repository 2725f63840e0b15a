//! The interop suite: what other programs make of our documents. LibreOffice converts
//! the Word editions (and sets them on about as many pages as our PDFs), Chromium drives
//! the 工作台, poppler gives a second opinion on the PDFs' text, pages and fonts.
//!
//! Not part of plain `cargo test`, which needs only Rust and a C compiler: run it with
//! `cargo test --test interop` (`.ci/run` installs its programs first). A test whose
//! program is missing fails with one line naming the Debian package to install.

#[macro_use]
#[path = "../it/common/mod.rs"]
mod common;

mod browser;
mod docx_libreoffice;
mod poppler;
mod update;

// `update` plays the month of the `it` suite's test on a LibreOffice-saved copy.
#[allow(dead_code)]
#[path = "../it/cli_diff.rs"]
mod cli_diff;
#[allow(dead_code)]
#[path = "../it/update_merge.rs"]
mod update_merge;

use std::path::PathBuf;

/// The path of `program` on PATH; fails with one line naming the Debian `package` when
/// it is missing (never skips: a green interop run means the programs ran).
pub fn need(program: &str, package: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(program))
        .find(|path| {
            use std::os::unix::fs::PermissionsExt;
            std::fs::metadata(path)
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
        .unwrap_or_else(|| {
            panic!("interop: `{program}` not found on PATH: apt-get install {package}")
        })
}

/// Run `program ARGS`, which must succeed; its stdout. `package` is named when missing.
pub fn tool(program: &str, package: &str, args: &[&std::ffi::OsStr]) -> String {
    let path = need(program, package);
    let out = std::process::Command::new(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("interop: cannot run {}: {e}", path.display()));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}
