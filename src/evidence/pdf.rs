//! Page counts of PDFs found in an evidence folder.
//!
//! The count comes from the document's page tree as parsed by hayro-syntax (the PDF
//! reader Typst itself uses for PDF images), which copes with object and cross-reference
//! streams, repairs a damaged cross-reference table and guards against cyclic page
//! trees. Nothing in the file is trusted: the caller bounds how many bytes are read, and
//! a parser panic on a hostile file is caught and reported as an unreadable PDF.

/// Whether the name ends in `.pdf` (any case).
pub(crate) fn is_pdf_name(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("pdf"))
}

/// Why a PDF's pages could not be counted; Display is a short Chinese reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Unreadable {
    #[error("不是 PDF 文件")]
    NotPdf,
    #[error("PDF 中没有页面")]
    NoPages,
    #[error("PDF 已加密，无法统计页数")]
    Encrypted,
    #[error("PDF 已损坏，无法统计页数")]
    Damaged,
}

/// The number of pages of the PDF in `bytes`.
pub(crate) fn page_count(bytes: Vec<u8>) -> Result<usize, Unreadable> {
    // The header may follow some junk, but must come early (as readers require).
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(Unreadable::NotPdf);
    }
    let counted = std::panic::catch_unwind(move || {
        hayro_syntax::Pdf::new(bytes).map(|pdf| pdf.pages().len())
    });
    match counted {
        Ok(Ok(0)) => Err(Unreadable::NoPages),
        Ok(Ok(n)) => Ok(n),
        Ok(Err(hayro_syntax::LoadPdfError::Decryption(_))) => Err(Unreadable::Encrypted),
        Ok(Err(_)) | Err(_) => Err(Unreadable::Damaged),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal PDF with `n` pages, written by hand.
    fn tiny_pdf(n: usize) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", i + 3)).collect();
        let mut objects = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")),
        ];
        for _ in 0..n {
            objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_string());
        }
        for (i, obj) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{obj}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    #[test]
    fn counts_pages_and_rejects_junk() {
        assert_eq!(page_count(tiny_pdf(3)), Ok(3));
        assert_eq!(page_count(tiny_pdf(1)), Ok(1));
        assert!(page_count(b"hello".to_vec()).is_err());
        assert!(page_count(Vec::new()).is_err());
        // A lying /Count does not matter: the page tree is walked.
        let lying = String::from_utf8(tiny_pdf(2))
            .unwrap()
            .replace("/Count 2", "/Count 9");
        assert_eq!(page_count(lying.into_bytes()), Ok(2));
        // Truncated in the middle: repaired or refused, never a panic.
        let mut cut = tiny_pdf(4);
        cut.truncate(cut.len() / 2);
        let _ = page_count(cut);
        assert!(is_pdf_name("a.PDF") && !is_pdf_name("pdf"));
    }
}
