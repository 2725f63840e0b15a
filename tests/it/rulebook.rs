//! No threshold of the 办法 is typed into a template or a web page: they print the
//! catalogue's numbers from their context (`rules.*`, `teaching_point_min`). This is the
//! `grep` of issue 26 as a test, over every built-in template and page.

use std::path::Path;

/// Literal thresholds that were once written into templates and pages.
const LITERALS: &[&str] = &[
    "0.50",
    "0.45",
    "85%",
    "85％",
    "≥56",
    "56人",
    "66人",
    "45人",
    "50人",
    "6项",
    "6 项",
    "7项中",
    "2000人",
    "2500人",
    "6000",
    "96平方米",
    "90平方米",
];

fn files() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["templates", "templates/partials", "src/server/web"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("dir").flatten() {
            let p = entry.path();
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if matches!(ext, "j2" | "html" | "js") {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn templates_and_pages_state_no_threshold_of_their_own() {
    let files = files();
    assert!(files.len() > 5, "{files:?}");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        for (n, line) in text.lines().enumerate() {
            for lit in LITERALS {
                if line.contains(lit) {
                    found.push(format!("{}:{}: {lit}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "thresholds typed into templates:\n{}",
        found.join("\n")
    );
}
