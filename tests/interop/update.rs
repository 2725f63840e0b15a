//! Interop: `junheng update` on a leader's copy re-saved by LibreOffice (which
//! renames every style and rewrites every run), and the merged file opened again by
//! LibreOffice. Needs libreoffice-writer (CI installs it). The files are left in
//! `target/tmp/interop-update/` to look at.

use std::path::Path;
use std::process::Command;

/// Re-save `from` as .docx with LibreOffice into `to`.
fn libreoffice_resave(from: &Path, to: &Path) {
    let outdir = to.parent().unwrap().join("lo");
    std::fs::create_dir_all(&outdir).unwrap();
    let status = Command::new(crate::need("soffice", "libreoffice-writer-nogui"))
        .args([
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(&outdir)
        .arg(from)
        .output()
        .expect("soffice (install libreoffice-writer-nogui)");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    std::fs::copy(outdir.join(from.file_name().unwrap()), to).unwrap();
}

#[test]
fn a_libreoffice_copy_merges_and_the_result_opens_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let merged = crate::update_merge::play_the_month(dir.path(), &libreoffice_resave);
    // The merged file opens: LibreOffice converts it to a PDF.
    let pdfdir = dir.path().join("pdf");
    let out = Command::new(crate::need("soffice", "libreoffice-writer-nogui"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdfdir)
        .arg(&merged)
        .output()
        .expect("soffice");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = pdfdir.join("自评报告（已更正）.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF") && bytes.len() > 10_000);
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tmp/interop-update");
    std::fs::create_dir_all(&keep).unwrap();
    for file in [&merged, &pdf] {
        std::fs::copy(file, keep.join(file.file_name().unwrap())).unwrap();
    }
}
