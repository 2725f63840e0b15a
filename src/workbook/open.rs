//! Opening a workbook file safely.
//!
//! The file's content decides what it is, not its extension: a CSV or HTML page renamed
//! `.xls`, a Word document, a PDF, an encrypted workbook or a plain ZIP are each named in
//! a clear Chinese message instead of a library error. Size is checked before anything is
//! loaded: the file itself and the unpacked size of the parts that would be parsed; the
//! cells and their text are counted while they are read (`limits.rs`). Each format has
//! its reader beside the others (`xlsx.rs`, `ods.rs`, `xls.rs`), which also collects
//! what calamine's generic reader does not expose: merged ranges, hidden rows and
//! columns, formulas without a saved result. Only .xlsb (and pre-97 .xls) files go
//! without the hidden rows and columns, with a warning.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::Xlsb;

use super::limits::Budget;
pub use super::limits::{MAX_CELLS, MAX_FILE_BYTES, MAX_UNPACKED_BYTES};
use super::parts::{Loaded, load_generic, with_hidden_unknown};
use super::{ods, xls, xlsx};
use crate::problem::Problem;

const MIB: f64 = 1024.0 * 1024.0;

/// Most parts (zip entries) in a workbook.
const MAX_ZIP_ENTRIES: usize = 10_000;

/// What the bytes of a file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
}

/// What an empty file (0 bytes) is told, from disk or uploaded.
const EMPTY_FILE: &str = "文件是空的（0 字节）：可能保存时出错或复制不完整，请重新导出";

/// Load every sheet of the workbook at `path`. Err is a single whole-file error (the
/// file cannot be read at all); the Vec beside the sheets holds warnings.
pub fn load(path: &Path, label: &str) -> Result<Loaded, Problem> {
    let fail = |message: String| Problem::file_error(label, message);
    let meta = std::fs::metadata(path).map_err(|e| fail(io_message(&e)))?;
    if meta.is_dir() {
        return Err(fail("这是一个文件夹，不是工作簿文件".to_string()));
    }
    if meta.len() == 0 {
        return Err(fail(EMPTY_FILE.to_string()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(format!(
            "文件过大（{:.1} MB，上限 {} MB）：一个县区的指标工作簿通常不到 2 MB。请删除多余的工作表、图片和大片空白行列后另存，再试",
            meta.len() as f64 / MIB,
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(io_message(&e)))?;
    load_bytes(bytes, label)
}

/// Load a workbook held in memory (the bytes of a file); see [`load`].
pub fn load_bytes(bytes: Vec<u8>, label: &str) -> Result<Loaded, Problem> {
    let fail = |message: String| Problem::file_error(label, message);
    // An upload says what a file on disk says (one diagnosis everywhere).
    if bytes.is_empty() {
        return Err(fail(EMPTY_FILE.to_string()));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(format!(
            "文件过大（{:.1} MB，上限 {} MB）",
            bytes.len() as f64 / MIB,
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let kind = sniff(&bytes).map_err(|e| {
        // Excel and WPS keep a small owner file `~$名称.xlsx` beside a workbook while it
        // is open: not a damaged workbook, and the real one is named beside it.
        match label.strip_prefix("~$") {
            Some(original) if bytes.len() < 4096 => fail(format!(
                "这是 Excel/WPS 打开工作簿时生成的临时锁定文件（以 ~$ 开头，记录谁正在编辑），不是工作簿：请改用同一文件夹中的原文件「{original}」（如果它正在 Excel/WPS 中打开，请先保存）"
            )),
            _ => fail(e.to_string()),
        }
    })?;
    // calamine is not written for hostile input (the fuzzer finds integer overflows in
    // its cell-reference parsing on damaged files); a panic inside it must not take the
    // whole run down (a folder of 30 counties should still build the other 29).
    let budget = Budget::new();
    let loaded = quietly(|| match kind {
        FileKind::Xlsx => xlsx::load(&bytes, label, &budget),
        FileKind::Xlsb => load_generic::<Xlsb<_>>(&bytes, label, &budget, |_, _| None)
            .map(|loaded| with_hidden_unknown(loaded, label)),
        FileKind::Ods => ods::load(&bytes, label, &budget),
        FileKind::Xls => xls::load(&bytes, label, &budget),
    });
    match loaded {
        Ok(Ok(sheets)) => Ok(sheets),
        Ok(Err(problem)) => Err(problem),
        Err(_) => Err(fail(
            "文件已损坏：读取时出现内部错误。请用 Excel/WPS 打开后另存为新的 .xlsx 再试"
                .to_string(),
        )),
    }
}

thread_local! {
    /// Set while this thread runs third-party parsing whose panics are caught and reported.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

static QUIET_HOOK: std::sync::Once = std::sync::Once::new();

/// Run `f`, turning a panic into Err without the panic message on stderr (the caller
/// reports the damaged file in Chinese). Other threads' panics print as before.
fn quietly<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".to_string(),
        std::io::ErrorKind::PermissionDenied => "没有读取该文件的权限".to_string(),
        _ => format!("无法读取文件：{e}"),
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY_MAGIC: &[u8] = b"PK\x05\x06";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why the bytes are not a workbook this tool can read; Display is the Chinese
/// explanation of what the file is instead.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NotAWorkbook {
    #[error(
        "文件设有打开密码（已加密），无法读取：请在 Excel/WPS 中打开，取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存为 .xlsx"
    )]
    Encrypted,
    #[error("这是 Word 文档（.doc），不是工作簿")]
    WordDoc,
    #[error("这是 PowerPoint 演示文稿（.ppt），不是工作簿")]
    PowerPointPpt,
    #[error("这是 PDF 文件，不是工作簿：请提供 Excel/WPS 工作簿（.xlsx）")]
    Pdf,
    #[error("这是“XML 电子表格 2003”格式的文件，不是 .xlsx：请用 Excel/WPS 打开后另存为 .xlsx")]
    Xml2003,
    #[error(
        "这是网页（HTML）文件，只是扩展名像工作簿（许多统计系统的“导出 Excel”就是这样）：请用 Excel/WPS 打开后另存为 .xlsx"
    )]
    Html,
    #[error(
        "这是文本文件（CSV 或制表符分隔的文本），只是扩展名像工作簿：请用 Excel/WPS 打开后另存为 .xlsx 工作簿"
    )]
    Text,
    /// The first bytes of the file, in hex.
    #[error(
        "无法识别的文件格式：不是 .xlsx/.xls/.ods 工作簿（文件开头的字节为 {0}），文件可能已损坏"
    )]
    Unknown(String),
    #[error("文件已损坏（压缩结构无法读取：{0}）：请用 Excel/WPS 打开后另存为 .xlsx 再试")]
    BadZip(String),
    #[error("这是 Word 文档（.docx），不是工作簿")]
    WordDocx,
    #[error("这是 PowerPoint 演示文稿（.pptx），不是工作簿")]
    PowerPointPptx,
    #[error("这是 OpenDocument 文档，但不是电子表格（.ods）")]
    OpenDocument,
    #[error("这是一个压缩包，里面装着工作簿：请先解压，再对其中的工作簿运行")]
    ZippedWorkbook,
    #[error(
        "这是一个 ZIP 压缩包或已损坏的工作簿（找不到工作簿的目录 xl/workbook.xml）：请用 Excel/WPS 打开后另存为 .xlsx 再试"
    )]
    Zip,
    /// The number of parts in the archive.
    #[error(
        "工作簿的压缩包中有 {0} 个部分（上限 {MAX_ZIP_ENTRIES} 个；Excel 保存的工作簿通常只有几十个），文件可能已损坏或被改动过：请用 Excel/WPS 打开后另存为 .xlsx 再试"
    )]
    TooManyParts(usize),
    /// The unpacked size in MB and the largest part.
    #[error("工作簿解压后的表格数据过大（{unpacked_mb:.0} MB，上限 {} MB{}）：通常是某个工作表有几十万行数据或格式。请删除多余的行、列和工作表后另存，再试", MAX_UNPACKED_BYTES / 1024 / 1024, largest_part(.largest.as_ref()))]
    TooLarge {
        unpacked_mb: f64,
        largest: Option<(String, u64)>,
    },
}

/// Recognise the file from its bytes. Err says what it is instead.
pub(crate) fn sniff(bytes: &[u8]) -> Result<FileKind, NotAWorkbook> {
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(ZIP_EMPTY_MAGIC) {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(CFB_MAGIC) {
        if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo") {
            return Err(NotAWorkbook::Encrypted);
        }
        if contains_utf16(bytes, "WordDocument") {
            return Err(NotAWorkbook::WordDoc);
        }
        if contains_utf16(bytes, "PowerPoint Document") {
            return Err(NotAWorkbook::PowerPointPpt);
        }
        return Ok(FileKind::Xls);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(NotAWorkbook::Pdf);
    }
    let head: Vec<u8> = bytes.iter().take(4096).copied().collect();
    let text =
        String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head)).to_lowercase();
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        if text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return Err(NotAWorkbook::Xml2003);
        }
        if ["<html", "<table", "<!doctype html", "<meta", "<body"]
            .iter()
            .any(|t| text.contains(t))
        {
            return Err(NotAWorkbook::Html);
        }
    }
    if looks_like_text(&head) {
        return Err(NotAWorkbook::Text);
    }
    let shown: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02X}")).collect();
    Err(NotAWorkbook::Unknown(shown.join(" ")))
}

/// `，其中最大的是 NAME（N MB）` for the largest part, if known.
fn largest_part(largest: Option<&(String, u64)>) -> String {
    largest
        .map(|(n, s)| format!("，其中最大的是 {n}（{:.0} MB）", *s as f64 / MIB))
        .unwrap_or_default()
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes
        .windows(pattern.len())
        .any(|w| w == pattern.as_slice())
}

/// Printable text in some encoding (UTF-8, GBK): no NUL bytes and few control characters.
fn looks_like_text(head: &[u8]) -> bool {
    if head.is_empty() || head.contains(&0) {
        return false;
    }
    let controls = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t'))
        .count();
    controls * 100 < head.len()
}

fn sniff_zip(bytes: &[u8]) -> Result<FileKind, NotAWorkbook> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| NotAWorkbook::BadZip(e.to_string()))?;
    let names: BTreeSet<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.to_string())
        .collect();
    let kind = if names.contains("xl/workbook.xml") {
        FileKind::Xlsx
    } else if names.contains("xl/workbook.bin") {
        FileKind::Xlsb
    } else if names.contains("content.xml") && zip_mimetype(&mut zip).contains("spreadsheet") {
        FileKind::Ods
    } else if names.contains("word/document.xml") {
        return Err(NotAWorkbook::WordDocx);
    } else if names.contains("ppt/presentation.xml") {
        return Err(NotAWorkbook::PowerPointPptx);
    } else if names.contains("content.xml") {
        return Err(NotAWorkbook::OpenDocument);
    } else if names
        .iter()
        .any(|n| n.ends_with(".xlsx") || n.ends_with(".xls"))
    {
        return Err(NotAWorkbook::ZippedWorkbook);
    } else {
        return Err(NotAWorkbook::Zip);
    };
    // Every reader walks the archive's directory, some of them entry by entry: a real
    // workbook has a few dozen parts, 200,000 empty ones took a minute.
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(NotAWorkbook::TooManyParts(zip.len()));
    }
    // The unpacked size of every part, from the archive's directory (the zip reader
    // refuses to inflate an entry past its declared size). Every part counts, whatever
    // its name: the readers parse relationships (`.rels`), styles, shared strings and
    // whatever a relationship points at, and a part named like an image can be pointed
    // at as a sheet. Pictures are compressed already, so they cost about their share of
    // the 64 MB file.
    let mut unpacked: u64 = 0;
    let mut largest: Option<(String, u64)> = None;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        unpacked = unpacked.saturating_add(entry.size());
        if largest.as_ref().is_none_or(|(_, s)| entry.size() > *s) {
            largest = Some((name, entry.size()));
        }
    }
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(NotAWorkbook::TooLarge {
            unpacked_mb: unpacked as f64 / MIB,
            largest,
        });
    }
    Ok(kind)
}

fn zip_mimetype(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> String {
    let mut text = String::new();
    if let Ok(entry) = zip.by_name("mimetype") {
        let _ = entry.take(200).read_to_string(&mut text);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_names_what_a_file_really_is() {
        assert!(
            sniff(b"school,type\nA,B\n")
                .unwrap_err()
                .to_string()
                .contains("CSV")
        );
        assert!(
            sniff(b"<html><table><tr><td>1</td></tr></table></html>")
                .unwrap_err()
                .to_string()
                .contains("HTML")
        );
        assert!(
            sniff(b"%PDF-1.7 ...")
                .unwrap_err()
                .to_string()
                .contains("PDF")
        );
        assert!(
            sniff(&[0u8, 1, 2, 3, 0, 0])
                .unwrap_err()
                .to_string()
                .contains("无法识别")
        );
        assert!(
            sniff(b"PK\x03\x04garbage")
                .unwrap_err()
                .to_string()
                .contains("已损坏")
        );
        let mut cfb = CFB_MAGIC.to_vec();
        cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(sniff(&cfb).unwrap_err().to_string().contains("密码"));
    }

    #[test]
    fn an_office_lock_file_is_named_for_what_it_is() {
        // 165 bytes: the owner's name, as Excel writes it.
        let mut lock = vec![4u8];
        lock.extend(b"user");
        lock.resize(165, 0x20);
        let p = load_bytes(lock.clone(), "~$清禾区.xlsx").unwrap_err();
        assert!(
            p.message.contains("临时锁定文件") && p.message.contains("原文件「清禾区.xlsx」"),
            "{}",
            p.message
        );
        let p = load_bytes(lock, "清禾区.xlsx").unwrap_err();
        assert!(!p.message.contains("锁定"), "{}", p.message);
    }
}
