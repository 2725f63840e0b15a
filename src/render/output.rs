//! Atomic output: write to a temporary file in the target folder, then rename over the
//! old file. A failed or interrupted run never leaves a half-written PDF and never
//! destroys the previous good one.

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[error("无法写入「{path}」：{source}")]
pub struct WriteError {
    pub path: String,
    pub source: std::io::Error,
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |source: std::io::Error| WriteError {
        path: path.display().to_string(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".junheng-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// A folder name derived from a county name that cannot escape the output folder:
/// path separators, `..`, control characters and characters Windows forbids are replaced.
pub fn safe_folder_name(name: &str) -> String {
    let mut out: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    out = out.trim_matches(|c: char| c == '.' || c == ' ').to_string();
    let upper = out.to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"];
    let reserved_numbered = upper.len() == 4
        && (upper.starts_with("COM") || upper.starts_with("LPT"))
        && upper.chars().nth(3).is_some_and(|c| c.is_ascii_digit());
    if out.is_empty() || reserved.contains(&upper.as_str()) || reserved_numbered {
        out = format!("县区_{out}");
    }
    out
}

pub fn county_dir(out: &Path, county_name: &str) -> PathBuf {
    out.join(safe_folder_name(county_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_cannot_escape() {
        assert_eq!(safe_folder_name("清禾区"), "清禾区");
        assert_eq!(safe_folder_name("../etc"), "_etc");
        assert_eq!(safe_folder_name(".."), "县区_");
        assert_eq!(safe_folder_name("/abs/path"), "_abs_path");
        assert_eq!(safe_folder_name("CON"), "县区_CON");
        assert_eq!(safe_folder_name("a\u{0}b"), "a_b");
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
