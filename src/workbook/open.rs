//! Opening a workbook file safely.
//!
//! The file's content decides what it is, not its extension: a CSV or HTML page renamed
//! `.xls`, a Word document, a PDF, an encrypted workbook or a plain ZIP are each named in
//! a clear Chinese message instead of a library error. Size is checked before anything is
//! loaded: the file itself, the unpacked size of the parts that would be parsed, and the
//! number of non-empty cells (read as a stream for .xlsx, so a stray value in cell
//! XFD1048576 costs one cell, not a billion). Beside the cells the loader collects merged
//! ranges, hidden rows and columns and hidden sheets, which calamine's generic reader
//! does not expose: for .xlsx from the sheets' XML, for .ods from content.xml
//! (`ods.rs`), for .xls from calamine (merges) and the BIFF8 records
//! (`xls.rs`). Only .xlsb (and pre-97 .xls) files go without, with a warning.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::Path;

use calamine::{Data, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use quick_xml::events::{BytesStart, Event};

use super::sheet::{Grid, Merge, Sheet};
use crate::problem::Problem;

/// Largest workbook file accepted. A county's workbook is well under 2 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest total unpacked size of the parts of an .xlsx/.ods that get parsed (sheets,
/// shared strings, styles, workbook). Refused before any of it is decompressed.
pub const MAX_UNPACKED_BYTES: u64 = 100 * 1024 * 1024;
/// Largest number of non-empty cells in one workbook.
pub const MAX_CELLS: usize = 1_000_000;

const MIB: f64 = 1024.0 * 1024.0;

/// What the bytes of a file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
}

/// Load every sheet of the workbook at `path`. Err is a single whole-file error (the
/// file cannot be read at all); the Vec beside the sheets holds warnings.
pub fn load(path: &Path, label: &str) -> Result<(Vec<Sheet>, Vec<Problem>), Problem> {
    let fail = |message: String| Problem::file_error(label, message);
    let meta = std::fs::metadata(path).map_err(|e| fail(io_message(&e)))?;
    if meta.is_dir() {
        return Err(fail("这是一个文件夹，不是工作簿文件".to_string()));
    }
    if meta.len() == 0 {
        return Err(fail(
            "文件是空的（0 字节）：可能保存时出错或复制不完整，请重新导出".to_string(),
        ));
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
pub fn load_bytes(bytes: Vec<u8>, label: &str) -> Result<(Vec<Sheet>, Vec<Problem>), Problem> {
    let fail = |message: String| Problem::file_error(label, message);
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(format!(
            "文件过大（{:.1} MB，上限 {} MB）",
            bytes.len() as f64 / MIB,
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let kind = sniff(&bytes).map_err(fail)?;
    // calamine is not written for hostile input (the fuzzer finds integer overflows in
    // its cell-reference parsing on damaged files); a panic inside it must not take the
    // whole run down (a folder of 30 counties should still build the other 29).
    let loaded = quietly(|| match kind {
        FileKind::Xlsx => load_xlsx(bytes),
        FileKind::Xlsb => load_generic::<Xlsb<_>>(&bytes, |_, _| None)
            .map(|loaded| with_hidden_unknown(loaded, label)),
        FileKind::Ods => load_ods(&bytes),
        FileKind::Xls => load_xls(&bytes, label),
    });
    match loaded {
        Ok(Ok(sheets)) => Ok(sheets),
        Ok(Err(message)) => Err(fail(message)),
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

/// Recognise the file from its bytes. Err is the Chinese explanation of what it is instead.
pub fn sniff(bytes: &[u8]) -> Result<FileKind, String> {
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(ZIP_EMPTY_MAGIC) {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(CFB_MAGIC) {
        if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo") {
            return Err(
                "文件设有打开密码（已加密），无法读取：请在 Excel/WPS 中打开，取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存为 .xlsx"
                    .to_string(),
            );
        }
        if contains_utf16(bytes, "WordDocument") {
            return Err("这是 Word 文档（.doc），不是工作簿".to_string());
        }
        if contains_utf16(bytes, "PowerPoint Document") {
            return Err("这是 PowerPoint 演示文稿（.ppt），不是工作簿".to_string());
        }
        return Ok(FileKind::Xls);
    }
    if bytes.starts_with(b"%PDF") {
        return Err("这是 PDF 文件，不是工作簿：请提供 Excel/WPS 工作簿（.xlsx）".to_string());
    }
    let head: Vec<u8> = bytes.iter().take(4096).copied().collect();
    let text =
        String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head)).to_lowercase();
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        if text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return Err(
                "这是“XML 电子表格 2003”格式的文件，不是 .xlsx：请用 Excel/WPS 打开后另存为 .xlsx"
                    .to_string(),
            );
        }
        if ["<html", "<table", "<!doctype html", "<meta", "<body"]
            .iter()
            .any(|t| text.contains(t))
        {
            return Err(
                "这是网页（HTML）文件，只是扩展名像工作簿（许多统计系统的“导出 Excel”就是这样）：请用 Excel/WPS 打开后另存为 .xlsx"
                    .to_string(),
            );
        }
    }
    if looks_like_text(&head) {
        return Err(
            "这是文本文件（CSV 或制表符分隔的文本），只是扩展名像工作簿：请用 Excel/WPS 打开后另存为 .xlsx 工作簿"
                .to_string(),
        );
    }
    let shown: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02X}")).collect();
    Err(format!(
        "无法识别的文件格式：不是 .xlsx/.xls/.ods 工作簿（文件开头的字节为 {}），文件可能已损坏",
        shown.join(" ")
    ))
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

fn sniff_zip(bytes: &[u8]) -> Result<FileKind, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!("文件已损坏（压缩结构无法读取：{e}）：请用 Excel/WPS 打开后另存为 .xlsx 再试")
    })?;
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
        return Err("这是 Word 文档（.docx），不是工作簿".to_string());
    } else if names.contains("ppt/presentation.xml") {
        return Err("这是 PowerPoint 演示文稿（.pptx），不是工作簿".to_string());
    } else if names.contains("content.xml") {
        return Err("这是 OpenDocument 文档，但不是电子表格（.ods）".to_string());
    } else if names
        .iter()
        .any(|n| n.ends_with(".xlsx") || n.ends_with(".xls"))
    {
        return Err("这是一个压缩包，里面装着工作簿：请先解压，再对其中的工作簿运行".to_string());
    } else {
        return Err(
            "这是一个 ZIP 压缩包或已损坏的工作簿（找不到工作簿的目录 xl/workbook.xml）：请用 Excel/WPS 打开后另存为 .xlsx 再试"
                .to_string(),
        );
    };
    // The unpacked size of what will be parsed, from the archive's directory.
    let mut unpacked: u64 = 0;
    let mut largest: Option<(String, u64)> = None;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let parsed = name.ends_with(".xml") || name.ends_with(".bin");
        if !parsed || name.contains("/media/") {
            continue;
        }
        unpacked = unpacked.saturating_add(entry.size());
        if largest.as_ref().is_none_or(|(_, s)| entry.size() > *s) {
            largest = Some((name, entry.size()));
        }
    }
    if unpacked > MAX_UNPACKED_BYTES {
        let part = largest
            .map(|(n, s)| format!("，其中最大的是 {n}（{:.0} MB）", s as f64 / MIB))
            .unwrap_or_default();
        return Err(format!(
            "工作簿解压后的表格数据过大（{:.0} MB，上限 {} MB{part}）：通常是某个工作表有几十万行数据或格式。请删除多余的行、列和工作表后另存，再试",
            unpacked as f64 / MIB,
            MAX_UNPACKED_BYTES / 1024 / 1024
        ));
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

fn open_message(kind: &str, e: &dyn std::fmt::Display) -> String {
    let text = e.to_string();
    if text.to_lowercase().contains("password") {
        "文件设有密码（已加密），无法读取：请在 Excel/WPS 中取消密码后另存为 .xlsx".to_string()
    } else {
        format!("文件已损坏，{kind}无法读取（{text}）：请用 Excel/WPS 打开后另存为 .xlsx 再试")
    }
}

fn too_many_cells(sheet: &str) -> String {
    format!(
        "工作表「{sheet}」中的非空单元格超过 {} 万个，超出上限：一个县区的指标工作簿通常只有几万个。请删除多余的数据后另存，再试",
        MAX_CELLS / 10_000
    )
}

/// .xls, .xlsb and .ods: calamine's own reader, then the same cell limit. `merges_of`
/// gives a sheet's merged ranges where the format's reader knows them.
fn load_generic<'a, R>(
    bytes: &'a [u8],
    merges_of: impl Fn(&R, &str) -> Option<Vec<Merge>>,
) -> Result<(Vec<Sheet>, Vec<Problem>), String>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    let mut book = R::new(Cursor::new(bytes)).map_err(|e| open_message("工作簿", &e))?;
    let metadata: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    let mut warnings = Vec::new();
    let mut total = 0usize;
    for meta in metadata {
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        match book.worksheet_range(&meta.name) {
            Ok(range) => {
                let grid = Grid::from_range(&range);
                total = total.saturating_add(grid.cell_count());
                if total > MAX_CELLS {
                    return Err(too_many_cells(&meta.name));
                }
                let mut sheet = Sheet::new(meta.name.clone(), grid);
                sheet.hidden = meta.visible != SheetVisible::Visible;
                sheet.merges = merges_of(&book, &meta.name).unwrap_or_default();
                sheets.push(sheet);
            }
            Err(e) => warnings.push(Problem::error(
                meta.name.clone(),
                format!("工作表无法读取（{e}），其中的数据未读取"),
            )),
        }
    }
    Ok((sheets, warnings))
}

/// .ods: calamine's reader for the cells, our scan of content.xml for merged ranges and
/// hidden rows and columns (calamine reads neither).
fn load_ods(bytes: &[u8]) -> Result<(Vec<Sheet>, Vec<Problem>), String> {
    let (mut sheets, warnings) = load_generic::<Ods<_>>(bytes, |_, _| None)?;
    let extents: BTreeMap<String, (u32, u32)> = sheets
        .iter()
        .map(|s| (s.name.clone(), s.grid.extent()))
        .collect();
    let mut layouts = super::ods::ods_layout(bytes, &extents);
    for sheet in &mut sheets {
        if let Some(layout) = layouts.remove(&sheet.name) {
            sheet.hidden_rows = layout.rows;
            sheet.hidden_columns = layout.columns;
            sheet.merges = layout.merges;
        }
    }
    Ok((sheets, warnings))
}

/// .xls: calamine's reader for the cells and merged ranges, our scan of the BIFF8
/// records for hidden rows and columns.
fn load_xls(bytes: &[u8], label: &str) -> Result<(Vec<Sheet>, Vec<Problem>), String> {
    let loaded = load_generic::<Xls<_>>(bytes, |book, name| {
        book.merge_cells_by_sheet_name(name)
            .ok()
            .map(|dims| dims.iter().map(merge_of).collect())
    })?;
    let Some(mut hidden) = super::xls::xls_hidden(bytes) else {
        return Ok(with_hidden_unknown(loaded, label));
    };
    let (mut sheets, warnings) = loaded;
    let mut all_found = true;
    for sheet in &mut sheets {
        match hidden.remove(&sheet.name) {
            Some(found) => {
                sheet.hidden_rows = found.rows;
                sheet.hidden_columns = found.columns;
            }
            None => all_found = false,
        }
    }
    if all_found {
        Ok((sheets, warnings))
    } else {
        // A sheet our scan did not find (its name read differently): say so rather
        // than pass it as having no hidden rows.
        Ok(with_hidden_unknown((sheets, warnings), label))
    }
}

/// Say, first, that this file's hidden rows and columns could not be checked.
fn with_hidden_unknown(
    (sheets, mut warnings): (Vec<Sheet>, Vec<Problem>),
    label: &str,
) -> (Vec<Sheet>, Vec<Problem>) {
    warnings.insert(
        0,
        Problem::file_warning(
            label,
            "程序无法识别此文件中隐藏的行和列（.xlsb、Excel 95 及更早的 .xls 等），隐藏行里的学校仍会计入。请确认没有隐藏的行、列；在 Excel/WPS 中另存为 .xlsx 后，程序会自动检查",
        ),
    );
    (sheets, warnings)
}

/// calamine's merged range as ours.
fn merge_of(d: &calamine::Dimensions) -> Merge {
    Merge {
        first_row: d.start.0,
        first_col: d.start.1,
        last_row: d.end.0,
        last_col: d.end.1,
    }
}

/// .xlsx: cells streamed with a limit, plus merges and hidden rows, columns and sheets.
fn load_xlsx(bytes: Vec<u8>) -> Result<(Vec<Sheet>, Vec<Problem>), String> {
    let book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes.as_slice())).map_err(|e| open_message("工作簿", &e))?;
    let worksheets: Vec<calamine::Sheet> = book
        .sheets_metadata()
        .iter()
        .filter(|m| m.typ == SheetType::WorkSheet)
        .cloned()
        .collect();
    drop(book);
    // The hidden-row scan and the cells are independent full passes over the sheets'
    // XML, and the cells of different sheets are too: they run side by side, the
    // worksheets in as many groups as there are threads, balanced by unpacked size
    // (the 班级 sheet of a large county is most of the file).
    let groups = sheet_groups(&bytes, &worksheets, rayon::current_num_threads());
    let (layout, read) = rayon::join(
        || xlsx_layout(&bytes),
        || {
            use rayon::prelude::*;
            groups
                .par_iter()
                .map(|group| xlsx_cells(&bytes, group))
                .collect::<Vec<_>>()
        },
    );
    let mut loaded: Vec<(usize, Result<Sheet, Problem>)> = Vec::new();
    for group in read {
        loaded.extend(group?);
    }
    loaded.sort_by_key(|(index, _)| *index);
    let mut sheets = Vec::new();
    let mut warnings = Vec::new();
    let mut total = 0usize;
    for (_, sheet) in loaded {
        match sheet {
            Ok(mut sheet) => {
                total = total.saturating_add(sheet.grid.cell_count());
                if total > MAX_CELLS {
                    return Err(too_many_cells(&sheet.name));
                }
                match layout.get(&sheet.name) {
                    Some(hidden) => {
                        sheet.hidden_rows = hidden.rows.clone();
                        sheet.hidden_columns = hidden.columns.clone();
                        sheet.merges = hidden.merges.clone();
                    }
                    // Our scan could not find the sheet's part: ask calamine for the
                    // merges at least (merged rows must never go unnoticed).
                    None => sheet.merges = calamine_merges(&bytes, &sheet.name),
                }
                sheets.push(sheet);
            }
            Err(problem) => warnings.push(problem),
        }
    }
    Ok((sheets, warnings))
}

/// Merged ranges of one sheet as calamine reads them.
fn calamine_merges(bytes: &[u8], sheet: &str) -> Vec<Merge> {
    let Ok(mut book) = Xlsx::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    book.merge_cells_by_sheet_name(sheet)
        .map(|dims| dims.iter().map(merge_of).collect())
        .unwrap_or_default()
}

/// Split worksheets (by position) into at most `count` groups of about equal unpacked
/// size: largest first, each into the lightest group so far.
fn sheet_groups(
    bytes: &[u8],
    worksheets: &[calamine::Sheet],
    count: usize,
) -> Vec<Vec<(usize, String)>> {
    let sizes = sheet_sizes(bytes);
    let mut sheets: Vec<(usize, &calamine::Sheet, u64)> = worksheets
        .iter()
        .enumerate()
        .map(|(i, m)| (i, m, sizes.get(&m.name).copied().unwrap_or(0)))
        .collect();
    sheets.sort_by_key(|(i, _, size)| (std::cmp::Reverse(*size), *i));
    let count = count.clamp(1, sheets.len().max(1));
    let mut groups: Vec<(u64, Vec<(usize, String)>)> = vec![(0, Vec::new()); count];
    for (index, meta, size) in sheets {
        if let Some(lightest) = groups.iter_mut().min_by_key(|(total, _)| *total) {
            lightest.0 = lightest.0.saturating_add(size);
            lightest.1.push((index, meta.name.clone()));
        }
    }
    groups
        .into_iter()
        .map(|(_, g)| g)
        .filter(|g| !g.is_empty())
        .collect()
}

/// Unpacked size of every worksheet's XML, by sheet name (from the zip directory).
fn sheet_sizes(bytes: &[u8]) -> BTreeMap<String, u64> {
    each_sheet_part(bytes, |entry| entry.size())
}

/// Cells of some worksheets (merges come from [`xlsx_layout`]), each tagged with its position. Err (for the
/// whole file) when a sheet holds more than [`MAX_CELLS`] cells; a sheet that cannot be
/// read gives a located problem instead of a sheet.
#[allow(clippy::type_complexity)]
fn xlsx_cells(
    bytes: &[u8],
    group: &[(usize, String)],
) -> Result<Vec<(usize, Result<Sheet, Problem>)>, String> {
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| open_message("工作簿", &e))?;
    let metadata: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    let mut out = Vec::new();
    for (index, name) in group {
        let Some(meta) = metadata.iter().find(|m| &m.name == name) else {
            continue;
        };
        let mut grid = Grid::new();
        let read: Result<(), String> = (|| {
            let mut reader = book
                .worksheet_cells_reader(&meta.name)
                .map_err(|e| e.to_string())?;
            while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
                let (r, c) = cell.get_position();
                let value = Data::from(cell.get_value().clone());
                grid.set(r, c, value);
                if grid.cell_count() > MAX_CELLS {
                    return Err(too_many_cells(&meta.name));
                }
            }
            Ok(())
        })();
        if let Err(message) = read {
            if message.starts_with("工作表") {
                return Err(message);
            }
            out.push((
                *index,
                Err(Problem::error(
                    meta.name.clone(),
                    format!("工作表已损坏，无法读取（{message}）：请用 Excel/WPS 打开后另存，再试"),
                )),
            ));
            continue;
        }
        let mut sheet = Sheet::new(meta.name.clone(), grid);
        sheet.hidden = meta.visible != SheetVisible::Visible;
        out.push((*index, Ok(sheet)));
    }
    Ok(out)
}

/// What the cells do not say about a worksheet's layout.
#[derive(Debug, Default, Clone)]
struct Hidden {
    rows: BTreeSet<u32>,
    columns: BTreeSet<u32>,
    merges: Vec<Merge>,
}

/// Hidden rows and columns, and merged ranges, of every worksheet, by sheet name.
fn xlsx_layout(bytes: &[u8]) -> BTreeMap<String, Hidden> {
    each_sheet_part(bytes, |entry| {
        layout_of_sheet(BufReader::new(entry.take(MAX_UNPACKED_BYTES)))
    })
}

/// `f` of every worksheet's XML part in the zip, by sheet name. Best effort: a part that
/// cannot be found or opened contributes nothing (calamine reports the real damage).
fn each_sheet_part<T>(
    bytes: &[u8],
    mut f: impl FnMut(zip::read::ZipFile<'_, Cursor<&[u8]>>) -> T,
) -> BTreeMap<String, T> {
    let mut out = BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    for (name, path) in sheet_paths(&mut zip) {
        if let Ok(entry) = zip.by_name(&path) {
            out.insert(name, f(entry));
        }
    }
    out
}

/// (sheet name, path of its XML in the zip) of every sheet of the workbook.
fn sheet_paths<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<(String, String)> {
    let targets = workbook_targets(zip);
    workbook_sheets(zip)
        .into_iter()
        .filter_map(|(name, rid)| {
            let target = targets.get(&rid)?;
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, path))
        })
        .collect()
}

/// (qualified name, local name, value) of every attribute.
pub(super) fn local_attrs(e: &BytesStart) -> Vec<(String, String, String)> {
    e.attributes()
        .filter_map(Result::ok)
        .map(|a| {
            let full = a.key.as_ref().to_string();
            let local = a.key.local_name().into_inner().to_string();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.to_string())
                .unwrap_or_default();
            (full, local, value)
        })
        .collect()
}

/// The attributes (see [`local_attrs`]) of every `element` in the zip part `path`, in
/// document order; nothing when the part is missing or stops parsing.
fn element_attrs<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &str,
    element: &str,
) -> Vec<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    let Ok(entry) = zip.by_name(path) else {
        return out;
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry.take(MAX_UNPACKED_BYTES)));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == element => {
                out.push(local_attrs(&e));
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// (sheet name, relationship id) from xl/workbook.xml.
fn workbook_sheets<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<(String, String)> {
    element_attrs(zip, "xl/workbook.xml", "sheet")
        .into_iter()
        .filter_map(|attrs| {
            let name = attrs.iter().find(|(f, _, _)| f == "name")?.2.clone();
            let rid = attrs
                .iter()
                .find(|(f, l, _)| l == "id" && f != "id" && f != "sheetId")?
                .2
                .clone();
            Some((name, rid))
        })
        .collect()
}

/// relationship id → target, from xl/_rels/workbook.xml.rels.
fn workbook_targets<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> BTreeMap<String, String> {
    element_attrs(zip, "xl/_rels/workbook.xml.rels", "Relationship")
        .into_iter()
        .filter_map(|attrs| {
            let id = attrs.iter().find(|(_, l, _)| l == "Id")?.2.clone();
            let target = attrs.iter().find(|(_, l, _)| l == "Target")?.2.clone();
            Some((id, target))
        })
        .collect()
}

/// A cell range such as `B2:D5` (or a single cell `B2`), 0-based.
fn parse_range(text: &str) -> Option<Merge> {
    let (first, last) = match text.trim().split_once(':') {
        Some((a, b)) => (parse_cell(a)?, parse_cell(b)?),
        None => {
            let one = parse_cell(text)?;
            (one, one)
        }
    };
    Some(Merge {
        first_row: first.0.min(last.0),
        first_col: first.1.min(last.1),
        last_row: first.0.max(last.0),
        last_col: first.1.max(last.1),
    })
}

/// A cell reference such as `AB12` (absolute `$AB$12` too) as 0-based (row, column).
fn parse_cell(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        let c = c.to_ascii_uppercase();
        if !c.is_ascii_uppercase() {
            return None;
        }
        col = col * 26 + (c as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

fn is_true(value: &str) -> bool {
    matches!(value.trim(), "1" | "true")
}

/// Whether a `<row>` or `<col>` is invisible: `hidden="1"`, or its size attribute
/// `size_key` (row height `ht` in points, column `width` in characters) too small to show
/// anything (a row dragged to zero height is as invisible as a hidden one).
fn invisible(attrs: &[(String, String, String)], size_key: &str) -> bool {
    attrs.iter().any(|(_, l, v)| l == "hidden" && is_true(v))
        || attrs
            .iter()
            .find(|(_, l, _)| l == size_key)
            .and_then(|a| a.2.trim().parse::<f64>().ok())
            .is_some_and(|size| size < 0.1)
}

/// Hidden rows (`<row r="5" hidden="1">`), hidden columns (`<col min max hidden="1">`)
/// and merged ranges (`<mergeCell ref="A2:A5"/>`, after the cells).
fn layout_of_sheet<R: std::io::BufRead>(reader: R) -> Hidden {
    let mut hidden = Hidden::default();
    let mut xml = quick_xml::Reader::from_reader(reader);
    let mut buf = Vec::new();
    let mut last_row: u32 = 0;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().into_inner() {
                "row" => {
                    let attrs = local_attrs(&e);
                    let number = attrs
                        .iter()
                        .find(|(_, l, _)| l == "r")
                        .and_then(|a| a.2.trim().parse::<u32>().ok())
                        .unwrap_or(last_row.saturating_add(1));
                    last_row = number;
                    if invisible(&attrs, "ht") && number > 0 {
                        hidden.rows.insert(number - 1);
                    }
                }
                "col" => {
                    let attrs = local_attrs(&e);
                    let get = |key: &str| {
                        attrs
                            .iter()
                            .find(|(_, l, _)| l == key)
                            .and_then(|a| a.2.trim().parse::<u32>().ok())
                    };
                    if invisible(&attrs, "width")
                        && let (Some(min), Some(max)) = (get("min"), get("max"))
                        && min >= 1
                    {
                        // Hidden ranges can run to column XFD; keep only the first 1,000.
                        for c in min..=max.min(min.saturating_add(1000)) {
                            hidden.columns.insert(c - 1);
                        }
                    }
                }
                "mergeCell" => {
                    let attrs = local_attrs(&e);
                    if let Some(merge) = attrs
                        .iter()
                        .find(|(_, l, _)| l == "ref")
                        .and_then(|a| parse_range(&a.2))
                    {
                        hidden.merges.push(merge);
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    hidden
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_names_what_a_file_really_is() {
        assert!(sniff(b"school,type\nA,B\n").unwrap_err().contains("CSV"));
        assert!(
            sniff(b"<html><table><tr><td>1</td></tr></table></html>")
                .unwrap_err()
                .contains("HTML")
        );
        assert!(sniff(b"%PDF-1.7 ...").unwrap_err().contains("PDF"));
        assert!(
            sniff(&[0u8, 1, 2, 3, 0, 0])
                .unwrap_err()
                .contains("无法识别")
        );
        assert!(sniff(b"PK\x03\x04garbage").unwrap_err().contains("已损坏"));
        let mut cfb = CFB_MAGIC.to_vec();
        cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(sniff(&cfb).unwrap_err().contains("密码"));
    }

    #[test]
    fn hidden_rows_and_columns_are_parsed() {
        let xml = br#"<worksheet><cols><col min="2" max="3" hidden="1"/></cols><sheetData>
            <row r="1"><c r="A1"/></row><row r="4" hidden="1"/><row hidden="true"/></sheetData></worksheet>"#;
        let h = layout_of_sheet(&xml[..]);
        assert_eq!(h.rows.into_iter().collect::<Vec<_>>(), vec![3, 4]);
        assert_eq!(h.columns.into_iter().collect::<Vec<_>>(), vec![1, 2]);
        // Zero height or width hides as well; a small but visible size does not.
        let xml = br#"<worksheet><cols><col min="1" max="1" width="0" customWidth="1"/><col min="4" max="4" width="2.5"/></cols><sheetData>
            <row r="2" ht="0" customHeight="1"/><row r="3" ht="6"/><row r="5" ht="0.0"/></sheetData></worksheet>"#;
        let h = layout_of_sheet(&xml[..]);
        assert_eq!(h.rows.into_iter().collect::<Vec<_>>(), vec![1, 4]);
        assert_eq!(h.columns.into_iter().collect::<Vec<_>>(), vec![0]);
    }

    #[test]
    fn merged_ranges_are_parsed() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1"/></row></sheetData>
            <mergeCells count="3"><mergeCell ref="A2:A5"/><mergeCell ref="$C$1:$AB$2"/><mergeCell ref="D9"/><mergeCell ref="bad"/></mergeCells></worksheet>"#;
        let h = layout_of_sheet(&xml[..]);
        let ranges: Vec<(u32, u32, u32, u32)> = h
            .merges
            .iter()
            .map(|m| (m.first_row, m.first_col, m.last_row, m.last_col))
            .collect();
        assert_eq!(ranges, vec![(1, 0, 4, 0), (0, 2, 1, 27), (8, 3, 8, 3)]);
        assert_eq!(parse_cell("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_cell("A0"), None);
        assert_eq!(parse_cell("12"), None);
        assert_eq!(parse_cell("ABCD1"), None);
    }
}
