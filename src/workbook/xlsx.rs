//! .xlsx: the cells of each worksheet streamed through calamine's cell reader, measured
//! and counted before they are stored (see `limits.rs`), and what the cells do not say,
//! from the sheets' XML: hidden rows and columns, merged ranges, and formulas that have
//! no saved result.

use std::collections::BTreeMap;
use std::io::{BufReader, Cursor, Read, Seek};

use calamine::{Data, DataRef, Reader, SheetType, SheetVisible, Xlsx};
use quick_xml::events::Event;

use super::limits::{Budget, MAX_SHEETS, MAX_UNPACKED_BYTES, too_many_sheets};
use super::parts::{Loaded, local_attrs, merge_of, open_message};
use super::sheet::{Grid, Layout, MAX_STYLED, Merge, NumberStyle, Sheet};
use crate::problem::Problem;

/// .xlsx: cells streamed with a limit, plus merges and hidden rows, columns and sheets.
pub(super) fn load(bytes: &[u8], label: &str, budget: &Budget) -> Result<Loaded, Problem> {
    if let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) {
        let cost = styles_cost(&mut zip);
        if cost > MAX_STYLES_COST {
            return Err(Problem::file_error(
                label,
                format!(
                    "工作簿的样式表（xl/styles.xml）异常：读取它需要约 {} MB 内存（上限 {} MB），通常是成千上万个单元格格式都引用了一个极长的字体、填充或边框定义，多见于被工具反复处理过的文件。请在 Excel/WPS 中把数据复制到一个新建的工作簿（只粘贴数值和格式）后另存，再试",
                    cost / 1024 / 1024,
                    MAX_STYLES_COST / 1024 / 1024
                ),
            ));
        }
    }
    let book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| Problem::file_error(label, open_message("工作簿", &e)))?;
    if book.sheets_metadata().len() > MAX_SHEETS {
        return Err(too_many_sheets(label, book.sheets_metadata().len()));
    }
    let worksheets: Vec<calamine::Sheet> = book
        .sheets_metadata()
        .iter()
        .filter(|m| m.typ == SheetType::WorkSheet)
        .cloned()
        .collect();
    drop(book);
    // The layout scan and the cells are independent full passes over the sheets'
    // XML, and the cells of different sheets are too: they run side by side, the
    // worksheets in as many groups as there are threads, balanced by unpacked size
    // (the 班级 sheet of a large county is most of the file).
    let groups = sheet_groups(bytes, &worksheets, rayon::current_num_threads());
    let (mut layouts, read) = rayon::join(
        || xlsx_layout(bytes),
        || {
            use rayon::prelude::*;
            groups
                .par_iter()
                .map(|group| xlsx_cells(bytes, label, group, budget))
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
    for (_, sheet) in loaded {
        match sheet {
            Ok(mut sheet) => {
                match layouts.remove(&sheet.name) {
                    Some(layout) => sheet.apply(layout),
                    // Our scan could not find the sheet's part: ask calamine for the
                    // merges at least (merged rows must never go unnoticed).
                    None => sheet.merges = calamine_merges(bytes, &sheet.name),
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

/// Cells of some worksheets (the layout comes from [`xlsx_layout`]), each tagged with its
/// position, every cell measured against `budget` before it is stored (a shared string
/// is borrowed until then, so 100,000 cells pointing at one long string cost nothing
/// before they are refused). Err (for the whole file) when a limit is reached; a sheet
/// that cannot be read gives a located problem instead of a sheet.
#[allow(clippy::type_complexity)]
fn xlsx_cells(
    bytes: &[u8],
    label: &str,
    group: &[(usize, String)],
    budget: &Budget,
) -> Result<Vec<(usize, Result<Sheet, Problem>)>, Problem> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| Problem::file_error(label, open_message("工作簿", &e)))?;
    let metadata: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    let mut out = Vec::new();
    for (index, name) in group {
        let Some(meta) = metadata.iter().find(|m| &m.name == name) else {
            continue;
        };
        let mut grid = Grid::new();
        // Err(Ok(problem)): a limit, for the whole file; Err(Err(text)): calamine's error.
        let read: Result<(), Result<Problem, String>> = (|| {
            let mut reader = book
                .worksheet_cells_reader(&meta.name)
                .map_err(|e| Err(e.to_string()))?;
            while let Some(cell) = reader.next_cell().map_err(|e| Err(e.to_string()))? {
                let (r, c) = cell.get_position();
                let value = cell.get_value();
                let text = match value {
                    DataRef::SharedString(s) => Some(*s),
                    DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                        Some(s.as_str())
                    }
                    DataRef::Empty => continue,
                    _ => None,
                };
                if text.is_some_and(|t| t.trim().is_empty()) {
                    continue;
                }
                let (chars, size) = text.map_or((0, 0), |t| (t.chars().count(), t.len()));
                budget.take(&meta.name, r, c, chars, size).map_err(Ok)?;
                grid.set(r, c, Data::from(value.clone()));
            }
            Ok(())
        })();
        match read {
            Ok(()) => {}
            Err(Ok(problem)) => return Err(problem),
            Err(Err(message)) => {
                out.push((
                    *index,
                    Err(Problem::error(
                        meta.name.clone(),
                        format!(
                            "工作表已损坏，无法读取（{message}）：请用 Excel/WPS 打开后另存，再试"
                        ),
                    )),
                ));
                continue;
            }
        }
        let mut sheet = Sheet::new(meta.name.clone(), grid);
        sheet.hidden = meta.visible != SheetVisible::Visible;
        out.push((*index, Ok(sheet)));
    }
    Ok(out)
}

/// The layout (see [`layout_of_sheet`]) of every worksheet, by sheet name.
fn xlsx_layout(bytes: &[u8]) -> BTreeMap<String, Layout> {
    let styles = zip::ZipArchive::new(Cursor::new(bytes))
        .map(|mut zip| cell_styles(&mut zip))
        .unwrap_or_default();
    each_sheet_part(bytes, |entry| {
        layout_of_sheet(BufReader::new(entry.take(MAX_UNPACKED_BYTES)), &styles)
    })
}

/// Most memory calamine may spend on the styles part: it copies the font, fill and
/// border an `<xf>` names into each cell format, so a 300 KB part with one long font
/// name and thousands of formats asked for 593 MB.
const MAX_STYLES_COST: u64 = 64 * 1024 * 1024;

/// The bytes calamine's copies of fonts, fills and borders into the cell formats of
/// xl/styles.xml would take: each `<xf>` of `<cellXfs>` costs the size in the XML of
/// the font, fill and border it names.
fn styles_cost<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> u64 {
    let Ok(entry) = zip.by_name("xl/styles.xml") else {
        return 0;
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry.take(MAX_UNPACKED_BYTES)));
    let mut buf = Vec::new();
    // Sizes of the definitions of each list, in order, and where the open one started.
    let mut sizes: [Vec<u64>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut open: Option<(usize, u64)> = None;
    let mut in_cell_xfs = false;
    let mut cost: u64 = 0;
    let list = |name: &str| match name {
        "font" => Some(0),
        "fill" => Some(1),
        "border" => Some(2),
        _ => None,
    };
    loop {
        buf.clear();
        let before = xml.buffer_position();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = e.local_name().into_inner().to_string();
                if name == "cellXfs" {
                    in_cell_xfs = true;
                } else if let (Some(i), None, false) = (list(&name), open, in_cell_xfs) {
                    open = Some((i, before));
                } else if name == "xf" && in_cell_xfs {
                    cost = cost.saturating_add(xf_cost(&e, &sizes));
                }
            }
            Ok(Event::Empty(e)) => {
                let name = e.local_name().into_inner().to_string();
                if let (Some(i), None, false) = (list(&name), open, in_cell_xfs) {
                    if let Some(v) = sizes.get_mut(i) {
                        v.push(xml.buffer_position().saturating_sub(before));
                    }
                } else if name == "xf" && in_cell_xfs {
                    cost = cost.saturating_add(xf_cost(&e, &sizes));
                }
            }
            Ok(Event::End(e)) => {
                let name = e.local_name().into_inner().to_string();
                if name == "cellXfs" {
                    in_cell_xfs = false;
                } else if let Some((i, start)) = open
                    && list(&name) == Some(i)
                {
                    if let Some(v) = sizes.get_mut(i) {
                        v.push(xml.buffer_position().saturating_sub(start));
                    }
                    open = None;
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        if cost > MAX_STYLES_COST {
            break;
        }
    }
    cost
}

/// The bytes of the font, fill and border an `<xf>` names (see [`styles_cost`]).
fn xf_cost(e: &quick_xml::events::BytesStart, sizes: &[Vec<u64>; 3]) -> u64 {
    let attrs = local_attrs(e);
    ["fontId", "fillId", "borderId"]
        .iter()
        .zip(sizes)
        .filter_map(|(key, list)| {
            let id = attrs
                .iter()
                .find(|(_, l, _)| l == key)?
                .2
                .trim()
                .parse::<usize>()
                .ok()?;
            list.get(id).copied()
        })
        .sum()
}

/// Cell formats (`<xf>` of `<cellXfs>`, by index, as a cell's `s` attribute names
/// them) that show a percentage or money, from xl/styles.xml. At most Excel's 64,000.
fn cell_styles<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<Option<NumberStyle>> {
    let mut out = Vec::new();
    let Ok(entry) = zip.by_name("xl/styles.xml") else {
        return out;
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry.take(MAX_UNPACKED_BYTES)));
    let mut buf = Vec::new();
    let mut codes: BTreeMap<u32, String> = BTreeMap::new();
    let mut in_cell_xfs = false;
    loop {
        buf.clear();
        let e = match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => e,
            Ok(Event::End(e)) => {
                if e.local_name().into_inner() == "cellXfs" {
                    in_cell_xfs = false;
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => continue,
        };
        match e.local_name().into_inner() {
            "numFmt" if codes.len() < 64_000 => {
                let attrs = local_attrs(&e);
                let id = attrs
                    .iter()
                    .find(|(_, l, _)| l == "numFmtId")
                    .and_then(|a| a.2.trim().parse::<u32>().ok());
                let code = attrs.iter().find(|(_, l, _)| l == "formatCode");
                if let (Some(id), Some(code)) = (id, code) {
                    codes.insert(id, code.2.clone());
                }
            }
            "cellXfs" => in_cell_xfs = true,
            "xf" if in_cell_xfs && out.len() < 64_000 => {
                let id = local_attrs(&e)
                    .iter()
                    .find(|(_, l, _)| l == "numFmtId")
                    .and_then(|a| a.2.trim().parse::<u32>().ok());
                out.push(id.and_then(|id| match codes.get(&id) {
                    Some(code) => NumberStyle::of_format_code(code),
                    None => NumberStyle::of_builtin(id),
                }));
            }
            _ => {}
        }
    }
    out
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

/// Rows, columns and merged ranges recorded per sheet beyond which a layout stops
/// growing: Excel's own sheet size, and more merges than any real sheet has.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;
const MAX_MERGES: usize = 65_536;

/// Hidden rows (`<row r="5" hidden="1">`), hidden columns (`<col min max hidden="1">`),
/// merged ranges (`<mergeCell ref="A2:A5"/>`, after the cells) and formulas without a
/// saved result (`<c r="B2"><f>…</f></c>` with no `<v>`).
fn layout_of_sheet<R: std::io::BufRead>(reader: R, styles: &[Option<NumberStyle>]) -> Layout {
    let mut layout = Layout::default();
    let mut xml = quick_xml::Reader::from_reader(reader);
    let mut buf = Vec::new();
    let mut last_row: u32 = 0;
    // Column of the last `<c>` of the current row (cells may omit `r` and follow on).
    let mut last_col: Option<u32> = None;
    // The open `<c>`: its position, whether a formula and whether a value were seen.
    let mut cell: Option<(u32, u32)> = None;
    let (mut formula, mut value, mut in_value) = (false, false, false);
    loop {
        buf.clear();
        let (e, empty) = match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::Text(t)) => {
                if in_value && !t.trim().is_empty() {
                    value = true;
                }
                continue;
            }
            Ok(Event::End(e)) => {
                match e.local_name().into_inner() {
                    "v" => in_value = false,
                    "c" => {
                        if let Some(at) = cell.take()
                            && formula
                            && !value
                            && layout.unsaved_formulas.len() < super::limits::MAX_CELLS
                        {
                            layout.unsaved_formulas.push(at);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => continue,
        };
        match e.local_name().into_inner() {
            "c" => {
                let at = e
                    .try_get_attribute("r")
                    .ok()
                    .flatten()
                    .and_then(|a| parse_cell(&a.value))
                    .unwrap_or((
                        last_row.saturating_sub(1),
                        last_col.map_or(0, |c| c.saturating_add(1)),
                    ));
                last_col = Some(at.1);
                if !empty {
                    cell = Some(at);
                    (formula, value, in_value) = (false, false, false);
                    if let Some(style) = e
                        .try_get_attribute("s")
                        .ok()
                        .flatten()
                        .and_then(|a| a.value.trim().parse::<usize>().ok())
                        .and_then(|s| styles.get(s)?.clone())
                        && layout.number_styles.len() < MAX_STYLED
                    {
                        layout.number_styles.push((at.0, at.1, style));
                    }
                }
            }
            "f" if cell.is_some() => formula = true,
            "v" if cell.is_some() && !empty => in_value = true,
            "is" if cell.is_some() => value = true,
            "row" => {
                let attrs = local_attrs(&e);
                let number = attrs
                    .iter()
                    .find(|(_, l, _)| l == "r")
                    .and_then(|a| a.2.trim().parse::<u32>().ok())
                    .unwrap_or(last_row.saturating_add(1));
                last_row = number;
                last_col = None;
                if invisible(&attrs, "ht") && number > 0 && number <= MAX_ROWS {
                    layout.hidden_rows.insert(number - 1);
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
                    for c in min..=max.min(min.saturating_add(1000)).min(MAX_COLUMNS) {
                        layout.hidden_columns.insert(c - 1);
                    }
                }
            }
            "mergeCell" if layout.merges.len() < MAX_MERGES => {
                let attrs = local_attrs(&e);
                if let Some(merge) = attrs
                    .iter()
                    .find(|(_, l, _)| l == "ref")
                    .and_then(|a| parse_range(&a.2))
                {
                    layout.merges.push(merge);
                }
            }
            _ => {}
        }
    }
    layout
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_and_columns_are_parsed() {
        let xml = br#"<worksheet><cols><col min="2" max="3" hidden="1"/></cols><sheetData>
            <row r="1"><c r="A1"/></row><row r="4" hidden="1"/><row hidden="true"/></sheetData></worksheet>"#;
        let h = layout_of_sheet(&xml[..], &[]);
        assert_eq!(h.hidden_rows.into_iter().collect::<Vec<_>>(), vec![3, 4]);
        assert_eq!(h.hidden_columns.into_iter().collect::<Vec<_>>(), vec![1, 2]);
        // Zero height or width hides as well; a small but visible size does not.
        let xml = br#"<worksheet><cols><col min="1" max="1" width="0" customWidth="1"/><col min="4" max="4" width="2.5"/></cols><sheetData>
            <row r="2" ht="0" customHeight="1"/><row r="3" ht="6"/><row r="5" ht="0.0"/></sheetData></worksheet>"#;
        let h = layout_of_sheet(&xml[..], &[]);
        assert_eq!(h.hidden_rows.into_iter().collect::<Vec<_>>(), vec![1, 4]);
        assert_eq!(h.hidden_columns.into_iter().collect::<Vec<_>>(), vec![0]);
    }

    #[test]
    fn merged_ranges_are_parsed() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1"/></row></sheetData>
            <mergeCells count="3"><mergeCell ref="A2:A5"/><mergeCell ref="$C$1:$AB$2"/><mergeCell ref="D9"/><mergeCell ref="bad"/></mergeCells></worksheet>"#;
        let h = layout_of_sheet(&xml[..], &[]);
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
