//! A .docx a person saved, read as hostile input (like a workbook, see
//! `crate::workbook::limits`): the file size, the number of zip entries and their declared
//! unpacked sizes are checked before anything is decompressed, each part read is cut off
//! at its limit while it is inflated, and the XML is parsed with a bounded nesting depth
//! (see `super::wordml`). Parts the update does not change are copied compressed, never
//! inflated. No reference outside the package is ever followed.

use std::io::{Cursor, Read, Write};

use super::UpdateError;

/// Largest .docx accepted (a county's 自评报告 with photos is well under 20 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Most entries in the zip (a Word file has a few dozen).
pub const MAX_ENTRIES: usize = 5_000;
/// Largest unpacked XML part that is read (document.xml of a long report is ~5 MB).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Largest total of the declared unpacked sizes of all entries.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;

/// An opened Word package.
pub struct Package {
    label: String,
    bytes: Vec<u8>,
    names: Vec<String>,
}

impl Package {
    /// Open `bytes` (labelled `label` in messages), checking the bounds.
    pub fn open(label: &str, bytes: Vec<u8>) -> Result<Package, UpdateError> {
        let bad = |why: String| UpdateError::Docx {
            file: label.to_string(),
            why,
        };
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(bad(format!("文件大于 {} MB", MAX_FILE_BYTES / 1024 / 1024)));
        }
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice()))
            .map_err(|_| bad("不是 Word 文件（.docx 应是 zip 压缩包）".into()))?;
        if zip.len() > MAX_ENTRIES {
            return Err(bad(format!(
                "压缩包中有 {} 个文件，超过上限 {MAX_ENTRIES}",
                zip.len()
            )));
        }
        let mut names = Vec::with_capacity(zip.len());
        let mut unpacked: u64 = 0;
        for i in 0..zip.len() {
            let entry = zip
                .by_index_raw(i)
                .map_err(|e| bad(format!("压缩包第 {} 项无法读取：{e}", i + 1)))?;
            unpacked = unpacked.saturating_add(entry.size());
            names.push(entry.name().map(|n| n.to_string()).unwrap_or_default());
        }
        if unpacked > MAX_UNPACKED_BYTES {
            return Err(bad(format!(
                "解压后超过 {} MB",
                MAX_UNPACKED_BYTES / 1024 / 1024
            )));
        }
        if !names.iter().any(|n| n == "word/document.xml") {
            return Err(bad("缺少正文（word/document.xml）".into()));
        }
        drop(zip);
        Ok(Package {
            label: label.to_string(),
            bytes,
            names,
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// The text of the XML part `name` (None when absent), inflated at most to
    /// [`MAX_PART_BYTES`].
    pub fn part(&self, name: &str) -> Result<Option<String>, UpdateError> {
        if !self.has(name) {
            return Ok(None);
        }
        let bad = |why: String| UpdateError::Docx {
            file: self.label.clone(),
            why,
        };
        let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes.as_slice()))
            .map_err(|e| bad(e.to_string()))?;
        let entry = zip.by_name(name).map_err(|e| bad(format!("{name}：{e}")))?;
        let mut bytes = Vec::new();
        entry
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("{name} 无法解压：{e}")))?;
        if bytes.len() as u64 > MAX_PART_BYTES {
            return Err(bad(format!(
                "{name} 解压后超过 {} MB",
                MAX_PART_BYTES / 1024 / 1024
            )));
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| bad(format!("{name} 不是 UTF-8 编码的 XML")))
    }

    /// The package with the parts in `replace` written anew (added when absent) and
    /// every other entry copied as it is, still compressed.
    pub fn rewrite(
        &self,
        replace: &[(String, Vec<u8>)],
        time: zip::DateTime,
    ) -> Result<Vec<u8>, UpdateError> {
        let bad = |why: String| UpdateError::Docx {
            file: self.label.clone(),
            why,
        };
        let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes.as_slice()))
            .map_err(|e| bad(e.to_string()))?;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(time);
        let write = |out: &mut zip::ZipWriter<Cursor<Vec<u8>>>, name: &str, bytes: &[u8]| {
            out.start_file(name, options)
                .and_then(|()| out.write_all(bytes).map_err(Into::into))
                .map_err(|e| bad(format!("{name}：{e}")))
        };
        for i in 0..zip.len() {
            let entry = zip
                .by_index_raw(i)
                .map_err(|e| bad(format!("压缩包第 {} 项：{e}", i + 1)))?;
            let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
            if let Some((_, bytes)) = replace.iter().find(|(n, _)| *n == name) {
                drop(entry);
                write(&mut out, &name, bytes)?;
            } else {
                out.raw_copy_file(entry)
                    .map_err(|e| bad(format!("{name}：{e}")))?;
            }
        }
        for (name, bytes) in replace {
            if !self.has(name) {
                write(&mut out, name, bytes)?;
            }
        }
        let cursor = out.finish().map_err(|e| bad(e.to_string()))?;
        Ok(cursor.into_inner())
    }
}

/// A zip time for the parts written on `date`.
pub fn zip_time(date: crate::model::Date) -> zip::DateTime {
    zip::DateTime::from_date_and_time(
        u16::try_from(date.year).unwrap_or(2026).clamp(1980, 2107),
        u8::try_from(date.month).unwrap_or(1),
        u8::try_from(date.day).unwrap_or(1),
        0,
        0,
        0,
    )
    .unwrap_or_default()
}
