//! `junheng build` on every bundled sample: three PDFs per county, each naming the
//! county (read back by the Rust reader in `common::pdf`).

use std::path::Path;

use crate::common::pdf_text_squeezed;
use std::process::Command;

/// (file, 县区名称, a phrase the 实施方案 must carry because of the sample's settings).
const SAMPLES: [(&str, &str, &str); 6] = [
    ("qinghe.xlsx", "清禾区", "清教字〔2026〕7号"),
    ("songxi.xlsx", "松溪区", "征求意见稿"),
    ("lupu.xlsx", "芦浦区", "芦浦教发〔2025〕6号"),
    ("gulin.xlsx", "鼓林县", "鼓林县人民政府"),
    ("qingyang.xlsx", "青杨区", "青杨区"),
    ("failing.xlsx", "石门区", "石门区"),
];

#[test]
fn every_sample_builds_three_pdfs_naming_the_county() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let out = tempfile::tempdir().unwrap();
    for (file, county, phrase) in SAMPLES {
        let result = Command::new(env!("CARGO_BIN_EXE_junheng"))
            .arg("build")
            .arg(samples.join(file))
            .arg("-o")
            .arg(out.path())
            .output()
            .expect("run junheng");
        assert!(
            result.status.success(),
            "build {file} failed: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        for stem in ["实施方案", "责任清单", "自评报告"] {
            let pdf = out.path().join(county).join(format!("{stem}.pdf"));
            assert!(pdf.exists(), "{file}: {} missing", pdf.display());
            let text = pdf_text_squeezed(&pdf);
            assert!(
                text.contains(county),
                "{file}: {stem}.pdf does not name {county}"
            );
            if stem == "实施方案" {
                assert!(text.contains(phrase), "{file}: {stem}.pdf lacks {phrase}");
            }
        }
    }
}
