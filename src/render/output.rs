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
    remove_stale_temps(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(".junheng-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    // Make the rename itself durable (best effort: not every platform can sync a folder).
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Temporary files older than this are left-overs of an interrupted run.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Remove `.junheng-*.tmp` files that a killed run left behind (never a fresh one, which
/// may belong to a run still in progress).
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".junheng-") && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Longest folder name derived from a county name, in characters (file systems allow
/// 255 bytes; CJK takes 3 bytes a character in UTF-8).
const MAX_FOLDER_CHARS: usize = 60;

/// Device names Windows reserves, with or without an extension (`CON`, `con.txt`, `COM1`).
fn is_reserved_on_windows(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or_default().trim_end();
    let upper = base.to_ascii_uppercase();
    if ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"].contains(&upper.as_str()) {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: String = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && rest.chars().count() == 1
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '¹' | '²' | '³'))
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
    out = out
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    if out.chars().count() > MAX_FOLDER_CHARS {
        out = out.chars().take(MAX_FOLDER_CHARS).collect();
        out = out.trim_end_matches(['.', ' ']).to_string();
    }
    if out.is_empty() || is_reserved_on_windows(&out) {
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
        assert_eq!(safe_folder_name("con.txt"), "县区_con.txt");
        assert_eq!(safe_folder_name("LPT¹"), "县区_LPT¹");
        assert_eq!(safe_folder_name("COM10"), "COM10");
        assert_eq!(safe_folder_name("..\\..\\windows"), "_.._windows");
        assert_eq!(safe_folder_name(" ．．/ "), "．．_");
        assert_eq!(safe_folder_name(&"长".repeat(300)).chars().count(), 60);
        for hostile in ["../../x", "/", "\\", "..", ".", "a/../../b", "C:\\x", "~/x"] {
            let name = safe_folder_name(hostile);
            let dir = county_dir(Path::new("out"), hostile);
            assert_eq!(dir.parent(), Some(Path::new("out")), "{hostile} → {name}");
            assert!(!name.contains(['/', '\\']) && name != ".." && name != ".");
        }
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
