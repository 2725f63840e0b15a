//! A bounded walk of an evidence folder that never follows a symlink.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::CheckError;

/// Bounds on what one check may visit and read.
#[derive(Debug, Clone, Serialize)]
pub struct Limits {
    /// Folder levels below the checked folder that are entered (area / indicator /
    /// item subfolder / … leaves room for a county's own subfolders).
    pub max_depth: usize,
    /// Files and folders visited in all; the walk stops there.
    pub max_entries: usize,
    /// A PDF larger than this is listed without a page count.
    pub max_pdf_bytes: u64,
    /// Bytes read for page counts over the whole check.
    pub max_total_pdf_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 8,
            max_entries: 20_000,
            max_pdf_bytes: 64 << 20,
            max_total_pdf_bytes: 1 << 30,
        }
    }
}

/// A regular file found by the walk.
#[derive(Debug, Clone)]
pub struct ScannedFile {
    /// Path components below the checked folder (names as text; invalid UTF-8 replaced).
    pub rel: Vec<String>,
    pub path: PathBuf,
    pub size: u64,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Tree {
    /// Every folder below the root (components), in walk order.
    pub dirs: Vec<Vec<String>>,
    pub files: Vec<ScannedFile>,
    /// (relative path, reason) of folders that could not be listed.
    pub unreadable: Vec<(String, String)>,
    /// (relative path, kind) of symlinks and special files, not followed.
    pub skipped: Vec<(String, String)>,
    /// Why the walk stopped short, if it did.
    pub truncated: Vec<String>,
}

/// Files the system or an office suite leaves behind; they are not evidence.
pub(crate) fn is_ignored(name: &str) -> bool {
    let lower = name.to_lowercase();
    name == super::LIST_FILE
        || name.starts_with('.')
        || name.starts_with("~$")
        || lower == "thumbs.db"
        || lower == "desktop.ini"
}

pub fn display(rel: &[String]) -> String {
    rel.join("/")
}

/// Walk `root`, depth-first in name order, within `limits`.
pub fn scan(root: &Path, limits: &Limits) -> Result<Tree, CheckError> {
    let meta = std::fs::metadata(root)
        .map_err(|_| CheckError::NotADirectory(root.display().to_string()))?;
    if !meta.is_dir() {
        return Err(CheckError::NotADirectory(root.display().to_string()));
    }
    let mut tree = Tree::default();
    let mut entries = 0usize;
    // The root itself must be listable; below it, failures are reported and skipped.
    let mut stack: Vec<(PathBuf, Vec<String>)> = Vec::new();
    let first = list(root, limits.max_entries)
        .map_err(|e| CheckError::Unreadable(root.display().to_string(), e.to_string()))?;
    push_children(&[], first, &mut stack, &mut tree, &mut entries, limits);
    while let Some((path, rel)) = stack.pop() {
        if entries > limits.max_entries {
            break;
        }
        match list(&path, limits.max_entries) {
            Ok(children) => {
                push_children(&rel, children, &mut stack, &mut tree, &mut entries, limits)
            }
            Err(e) => tree.unreadable.push((display(&rel), e.to_string())),
        }
    }
    Ok(tree)
}

/// The entries of one folder (at most `max` + 1 of them), sorted by name.
fn list(dir: &Path, max: usize) -> std::io::Result<Vec<std::fs::DirEntry>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)?.take(max.saturating_add(1)) {
        out.push(entry?);
    }
    out.sort_by_key(|e| e.file_name());
    Ok(out)
}

fn push_children(
    rel: &[String],
    children: Vec<std::fs::DirEntry>,
    stack: &mut Vec<(PathBuf, Vec<String>)>,
    tree: &mut Tree,
    entries: &mut usize,
    limits: &Limits,
) {
    let mut subdirs = Vec::new();
    for entry in children {
        *entries += 1;
        if *entries > limits.max_entries {
            if tree.truncated.is_empty() {
                tree.truncated.push(format!(
                    "文件和文件夹超过 {} 个，其余未检查",
                    limits.max_entries
                ));
            }
            return;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        let mut child_rel = rel.to_vec();
        child_rel.push(name.clone());
        // DirEntry::file_type does not follow symlinks.
        let kind = match entry.file_type() {
            Ok(k) => k,
            Err(e) => {
                tree.unreadable.push((display(&child_rel), e.to_string()));
                continue;
            }
        };
        if kind.is_symlink() {
            tree.skipped
                .push((display(&child_rel), "符号链接（未跟随）".to_string()));
        } else if kind.is_dir() {
            if rel.len() + 1 > limits.max_depth {
                tree.truncated.push(format!(
                    "「{}」在第 {} 层以下，未检查",
                    display(&child_rel),
                    limits.max_depth
                ));
                continue;
            }
            tree.dirs.push(child_rel.clone());
            subdirs.push((entry.path(), child_rel));
        } else if kind.is_file() {
            if is_ignored(&name) {
                continue;
            }
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            tree.files.push(ScannedFile {
                rel: child_rel,
                path: entry.path(),
                size,
            });
        } else {
            tree.skipped
                .push((display(&child_rel), "特殊文件（未读取）".to_string()));
        }
    }
    // Reverse so that the stack pops folders in name order.
    stack.extend(subdirs.into_iter().rev());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_and_count_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let mut deep = dir.path().to_path_buf();
        for i in 0..12 {
            deep = deep.join(format!("d{i}"));
        }
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("x.pdf"), b"x").unwrap();
        for i in 0..50 {
            std::fs::write(dir.path().join(format!("f{i:02}.txt")), b"x").unwrap();
        }
        let limits = Limits {
            max_depth: 4,
            ..Limits::default()
        };
        let tree = scan(dir.path(), &limits).unwrap();
        assert_eq!(tree.dirs.len(), 4);
        assert_eq!(tree.files.len(), 50);
        assert!(
            tree.truncated[0].contains("第 4 层以下"),
            "{:?}",
            tree.truncated
        );

        let limits = Limits {
            max_entries: 10,
            ..Limits::default()
        };
        let tree = scan(dir.path(), &limits).unwrap();
        assert!(tree.files.len() + tree.dirs.len() <= 10);
        assert!(tree.truncated[0].contains("超过 10 个"));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_listed_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.pdf"), b"x").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let tree = scan(dir.path(), &Limits::default()).unwrap();
        assert!(tree.files.is_empty());
        assert_eq!(tree.skipped.len(), 2);
        assert!(tree.skipped.iter().all(|(_, k)| k.contains("符号链接")));
    }

    #[test]
    fn a_file_is_not_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.txt");
        std::fs::write(&file, b"x").unwrap();
        assert!(matches!(
            scan(&file, &Limits::default()),
            Err(CheckError::NotADirectory(_))
        ));
    }
}
