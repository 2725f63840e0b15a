//! Keeps user data from panicking the tool, without needing clippy in CI:
//! - the crate roots carry the `deny(clippy::unwrap_used, …)` attribute that
//!   `cargo clippy` enforces on all code outside tests;
//! - no non-test source under `src/` calls `.unwrap()`, `.expect(`, or a panicking
//!   macro (test modules and `src/**/tests/` are skipped).

use std::path::{Path, PathBuf};

const LINTS: &[&str] = &[
    "clippy::unwrap_used",
    "clippy::expect_used",
    "clippy::panic",
    "clippy::indexing_slicing",
    "clippy::unreachable",
    "clippy::todo",
    "clippy::unimplemented",
];

const FORBIDDEN: &[&str] = &[
    ".unwrap()",
    ".expect(",
    "panic!(",
    "unreachable!(",
    "todo!(",
    "unimplemented!(",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "tests") {
                continue;
            }
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without `#[cfg(test)]` items (a module block or a single item).
fn non_test_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            // Skip the next item: up to its matching closing brace, or a `;` line.
            let mut depth = 0i32;
            let mut opened = false;
            for (_, l) in lines.by_ref() {
                for c in l.chars() {
                    match c {
                        '{' => {
                            depth += 1;
                            opened = true;
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                if (opened && depth <= 0) || (!opened && l.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        let code = line.split("//").next().unwrap_or_default();
        out.push((i + 1, code.to_string()));
    }
    out
}

#[test]
fn crate_roots_deny_panicking_calls() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["src/lib.rs", "src/main.rs"] {
        let text = std::fs::read_to_string(root.join(file)).expect("read");
        for lint in LINTS {
            assert!(text.contains(lint), "{file} no longer denies {lint}");
        }
        assert!(
            text.contains("not(test)"),
            "{file}: the deny must cover all non-test code"
        );
    }
}

#[test]
fn no_unwrap_expect_or_panic_outside_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        for (n, line) in non_test_lines(&text) {
            for pattern in FORBIDDEN {
                if line.contains(pattern) {
                    found.push(format!(
                        "{}:{n}: {}",
                        file.strip_prefix(root).unwrap_or(file).display(),
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "panicking calls on non-test paths (use ?, .get(), let-else):\n{}",
        found.join("\n")
    );
}
