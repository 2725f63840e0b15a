//! Binary Excel 97–2003 workbooks (.xls, BIFF8). calamine reads the cells and merged
//! ranges; before it does, the file is checked and rebuilt here, because calamine's
//! own container reader follows a damaged sector chain for ever (four changed bytes made
//! it grow by half a gigabyte a second) and materialises every cell of a sheet (a
//! shared string copied into each cell that refers to it) and a dense rectangle over
//! them before we see any of it:
//! - the compound-file container is opened with the `cfb` crate, which validates its
//!   chains, and only the workbook stream is copied into a fresh container for calamine;
//! - the workbook stream is a list of records `[type: u16][length: u16][data]`: the
//!   scan reads the shared strings' lengths (SST), then each sheet's cell records,
//!   counting every cell and its text against the workbook's limits and the sheet's
//!   dense rectangle against [`MAX_AREA`], and refuses at the cell that breaks one;
//! - the same scan gives the hidden rows and columns, which calamine does not expose:
//!   ROW records carry a "height zero" flag and COLINFO records a hidden flag for a
//!   range of columns (MS-XLS 2.4.221, 2.4.53, 2.4.28).

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use calamine::Xls;

use super::limits::{Budget, MAX_AREA, MAX_SHEETS, MAX_UNPACKED_BYTES, too_many_sheets};
use super::parts::{Loaded, load_generic, merge_of, with_hidden_unknown};
use super::sheet::{Layout, MAX_STYLED, NumberStyle};
use crate::problem::{Problem, column_letter};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const ROW: u16 = 0x0208;
const COLINFO: u16 = 0x007D;
const SST: u16 = 0x00FC;
/// A number format: ifmt and its format code.
const FORMAT: u16 = 0x041E;
/// A cell format: font, ifmt, …
const XF: u16 = 0x00E0;
const CONTINUE: u16 = 0x003C;
/// Cell records holding one value at (rw, col).
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const BOOLERR: u16 = 0x0205;
const FORMULA: u16 = 0x0006;
/// A formula's text result, after its FORMULA record: cch (u16) …
const STRING: u16 = 0x0207;
/// rw, colFirst, (ixfe, RK) × n, colLast.
const MULRK: u16 = 0x00BD;
/// rw, col, ixfe, isst (u32): a shared string.
const LABELSST: u16 = 0x00FD;
/// rw, col, ixfe, cch (u16) …: inline text.
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
/// BOF version of BIFF8 (Excel 97 and later); older files are not scanned.
const BIFF8: u16 = 0x0600;

/// .xls: check and rebuild the container, scan the records, then calamine.
pub(super) fn load(bytes: &[u8], label: &str, budget: &Budget) -> Result<Loaded, Problem> {
    let damaged = |detail: String| {
        Problem::file_error(
            label,
            format!(
                "文件已损坏：.xls 文件的内部结构（复合文档）无法读取（{detail}）。请用 Excel/WPS 打开后另存为 .xlsx 再试"
            ),
        )
    };
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let Some(path) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|p| file.is_stream(p))
    else {
        return Err(damaged("找不到工作簿数据流 Workbook".to_string()));
    };
    let mut stream = Vec::new();
    file.open_stream(path)
        .map_err(|e| damaged(e.to_string()))?
        .take(MAX_UNPACKED_BYTES.saturating_add(1))
        .read_to_end(&mut stream)
        .map_err(|e| damaged(e.to_string()))?;
    drop(file);
    if stream.len() as u64 > MAX_UNPACKED_BYTES {
        return Err(Problem::file_error(
            label,
            format!(
                "工作簿的表格数据过大（超过 {} MB）：请删除多余的行、列和工作表后另存，再试",
                MAX_UNPACKED_BYTES / 1024 / 1024
            ),
        ));
    }
    let sheets = sheet_records(&stream);
    if sheets > MAX_SHEETS {
        return Err(too_many_sheets(label, sheets));
    }
    let scanned = scan(&stream)?;
    let clean = rebuild(path, &stream).map_err(|e| damaged(e.to_string()))?;
    drop(stream);
    let loaded = load_generic::<Xls<_>>(&clean, label, budget, |book, name| {
        book.merge_cells_by_sheet_name(name)
            .ok()
            .map(|dims| dims.iter().map(merge_of).collect())
    })?;
    let Some(mut layouts) = scanned else {
        return Ok(with_hidden_unknown(loaded, label));
    };
    let (mut sheets, warnings) = loaded;
    let mut all_found = true;
    for sheet in &mut sheets {
        match layouts.remove(&sheet.name) {
            Some(found) => {
                sheet.hidden_rows = found.hidden_rows;
                sheet.hidden_columns = found.hidden_columns;
                sheet.number_styles = found
                    .number_styles
                    .into_iter()
                    .map(|(r, c, style)| ((r, c), style))
                    .collect();
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

/// A fresh compound file holding only the workbook stream, at `path`.
fn rebuild(path: &str, stream: &[u8]) -> std::io::Result<Vec<u8>> {
    // Version 3 (512-byte sectors), as Excel writes: calamine refuses a version 4 file
    // whose root has no mini stream.
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))?;
    file.create_stream(path)?.write_all(stream)?;
    file.flush()?;
    Ok(file.into_inner().into_inner())
}

/// BOUNDSHEET records (sheets of any kind) in the globals, up to their EOF: what
/// calamine will load, counted before it does.
fn sheet_records(stream: &[u8]) -> usize {
    let mut count = 0;
    let mut at = 0;
    while let Some((kind, _, next)) = record(stream, at) {
        match kind {
            BOUNDSHEET => count += 1,
            EOF => break,
            _ => {}
        }
        at = next;
    }
    count
}

/// One record: its type and data, and the offset of the next one.
fn record(stream: &[u8], at: usize) -> Option<(u16, &[u8], usize)> {
    let head = stream.get(at..at.checked_add(4)?)?;
    let kind = u16::from_le_bytes([*head.first()?, *head.get(1)?]);
    let length = usize::from(u16::from_le_bytes([*head.get(2)?, *head.get(3)?]));
    let start = at + 4;
    let end = start.checked_add(length)?;
    Some((kind, stream.get(start..end)?, end))
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes([
        *data.get(at)?,
        *data.get(at + 1)?,
        *data.get(at + 2)?,
        *data.get(at + 3)?,
    ]))
}

/// Scan the workbook stream. Ok(None) when it is not BIFF8 this scan can read (then
/// nothing is known about hidden rows; calamine reads what it can); Err when a sheet
/// would cost more than the limits.
fn scan(stream: &[u8]) -> Result<Option<BTreeMap<String, Layout>>, Problem> {
    let Some((sheets, strings, styles)) = globals(stream) else {
        return Ok(None);
    };
    let budget = Budget::new();
    let mut out = BTreeMap::new();
    for (name, position) in sheets {
        let Some(layout) = sheet(stream, position, &name, &strings, &styles, &budget)? else {
            return Ok(None);
        };
        out.insert(name, layout);
    }
    Ok(Some(out))
}

/// Sheets (name, position of the substream), shared-string lengths, and the cell
/// formats (XF records, by index) that show a percentage or money.
type Globals = (Vec<(String, usize)>, Vec<usize>, Vec<Option<NumberStyle>>);

/// The globals: BOF (BIFF8), then BOUNDSHEET records (name, position of each sheet) and
/// the SST (the shared strings, of which the lengths are kept), up to EOF.
fn globals(stream: &[u8]) -> Option<Globals> {
    let (kind, data, mut at) = record(stream, 0)?;
    if kind != BOF || u16_at(data, 0)? != BIFF8 {
        return None;
    }
    let mut sheets: Vec<(String, usize)> = Vec::new();
    let mut strings = Vec::new();
    // FORMAT records (ifmt → format code) and each XF record's ifmt, in order.
    let mut codes: BTreeMap<u16, String> = BTreeMap::new();
    let mut xfs: Vec<u16> = Vec::new();
    loop {
        let (kind, data, next) = record(stream, at)?;
        at = next;
        match kind {
            BOUNDSHEET => {
                // lbPlyPos (u32), hsState (u8), dt (u8: 0 = worksheet), stName.
                let position = usize::try_from(u32_at(data, 0)?).ok()?;
                if *data.get(5)? == 0 {
                    sheets.push((short_string(data.get(6..)?)?, position));
                }
            }
            SST => {
                let mut parts = vec![data.get(8..)?];
                while let Some((CONTINUE, more, after)) = record(stream, at) {
                    parts.push(more);
                    at = after;
                }
                strings = sst_lengths(parts);
            }
            // ifmt (u16), stFormat (XLUnicodeString: cch u16, flags u8, characters).
            FORMAT => {
                if codes.len() < 64_000
                    && let (Some(id), Some(code)) =
                        (u16_at(data, 0), data.get(2..).and_then(unicode_string))
                {
                    codes.insert(id, code);
                }
            }
            // ifnt (u16), ifmt (u16), …
            XF if xfs.len() < 64_000 => xfs.push(u16_at(data, 2).unwrap_or(0)),
            EOF => break,
            _ => {}
        }
    }
    let styles = xfs
        .into_iter()
        .map(|id| match codes.get(&id) {
            Some(code) => NumberStyle::of_format_code(code),
            None => NumberStyle::of_builtin(u32::from(id)),
        })
        .collect();
    Some((sheets, strings, styles))
}

/// The length in characters of every string of the SST, whose data (after cstTotal and
/// cstUnique) is split over `parts` (the SST record and its CONTINUE records). Each
/// XLUnicodeRichExtendedString: cch (u16), flags (u8: 1 two-byte characters, 4 phonetic
/// data, 8 rich text), cRun (u16) if rich, cbExtRst (u32) if phonetic, the characters
/// (a CONTINUE inside them starts with a new flags byte), 4 × cRun bytes, cbExtRst
/// bytes. A string that runs past the end ends the list.
fn sst_lengths(parts: Vec<&[u8]>) -> Vec<usize> {
    let mut reader = Parts {
        parts,
        index: 0,
        at: 0,
    };
    let mut lengths = Vec::new();
    while !reader.at_end() {
        match reader.rich_string() {
            Some(count) => lengths.push(count),
            None => break,
        }
    }
    lengths
}

/// Bytes split over several records, read as one.
struct Parts<'a> {
    parts: Vec<&'a [u8]>,
    index: usize,
    at: usize,
}

impl Parts<'_> {
    fn rest(&self) -> usize {
        self.parts
            .get(self.index)
            .map_or(0, |p| p.len().saturating_sub(self.at))
    }

    /// Move to the next part; false at the very end.
    fn next_part(&mut self) -> bool {
        if self.index.saturating_add(1) >= self.parts.len() {
            return false;
        }
        self.index += 1;
        self.at = 0;
        true
    }

    fn at_end(&mut self) -> bool {
        while self.rest() == 0 {
            if !self.next_part() {
                return true;
            }
        }
        false
    }

    fn byte(&mut self) -> Option<u8> {
        if self.at_end() {
            return None;
        }
        let b = *self.parts.get(self.index)?.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn skip(&mut self, mut count: usize) -> Option<()> {
        while count > 0 {
            if self.at_end() {
                return None;
            }
            let n = self.rest().min(count);
            self.at += n;
            count -= n;
        }
        Some(())
    }

    /// `count` characters, one or two bytes each; a new part starts with a flags byte.
    fn chars(&mut self, mut count: usize, mut wide: bool) -> Option<()> {
        while count > 0 {
            if self.rest() == 0 {
                if !self.next_part() {
                    return None;
                }
                wide = self.byte()? & 0x01 != 0;
                continue;
            }
            let width = if wide { 2 } else { 1 };
            let n = (self.rest() / width).min(count);
            if n == 0 {
                return None;
            }
            self.at += n * width;
            count -= n;
        }
        Some(())
    }

    /// One XLUnicodeRichExtendedString; its length in characters.
    fn rich_string(&mut self) -> Option<usize> {
        let count = usize::from(u16::from_le_bytes([self.byte()?, self.byte()?]));
        let flags = self.byte()?;
        let runs = if flags & 0x08 != 0 {
            usize::from(u16::from_le_bytes([self.byte()?, self.byte()?]))
        } else {
            0
        };
        let extra = if flags & 0x04 != 0 {
            let b = [self.byte()?, self.byte()?, self.byte()?, self.byte()?];
            usize::try_from(u32::from_le_bytes(b)).ok()?
        } else {
            0
        };
        self.chars(count, flags & 0x01 != 0)?;
        self.skip(runs.checked_mul(4)?.checked_add(extra)?)?;
        Some(count)
    }
}

/// The sheet substream starting at `position`: hidden rows and columns, and every cell
/// (with its text) counted. Ok(None) when the substream cannot be read.
fn sheet(
    stream: &[u8],
    position: usize,
    name: &str,
    strings: &[usize],
    styles: &[Option<NumberStyle>],
    budget: &Budget,
) -> Result<Option<Layout>, Problem> {
    let Some((BOF, _, mut at)) = record(stream, position) else {
        return Ok(None);
    };
    let mut layout = Layout::default();
    let mut area = Area::default();
    // The last FORMULA cell, whose text result may follow in a STRING record.
    let mut formula: Option<(u32, u32)> = None;
    loop {
        let Some((kind, data, next)) = record(stream, at) else {
            return Ok(None);
        };
        at = next;
        let cell = || -> Option<(u32, u32)> {
            Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)))
        };
        match kind {
            // rw (u16) …; byte 12: bit 5 fDyZero, the row is hidden (also by a filter).
            ROW => {
                if data.get(12).is_some_and(|b| b & 0x20 != 0)
                    && let Some(row) = u16_at(data, 0)
                {
                    layout.hidden_rows.insert(u32::from(row));
                }
            }
            // colFirst, colLast, coldx, ixfe (u16 each); options (u16): bit 0 fHidden.
            // BIFF8 sheets have 256 columns; a range may say 256 for "to the end".
            COLINFO => {
                if u16_at(data, 8).is_some_and(|o| o & 0x0001 != 0)
                    && let (Some(first), Some(last)) = (u16_at(data, 0), u16_at(data, 2))
                {
                    layout
                        .hidden_columns
                        .extend((u32::from(first)..=u32::from(last)).take(256));
                }
            }
            NUMBER | RK | BOOLERR | FORMULA => {
                if let Some((row, col)) = cell() {
                    area.take(name, row, (col, col), 0, budget)?;
                    formula = (kind == FORMULA).then_some((row, col));
                    styled(&mut layout, styles, row, col, u16_at(data, 4));
                }
            }
            STRING => {
                if let (Some((row, col)), Some(count)) = (formula.take(), u16_at(data, 0)) {
                    let chars = usize::from(count);
                    budget.take_copies(name, row, col, 0, chars, chars.saturating_mul(3))?;
                }
            }
            MULRK => {
                let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at));
                if let (Some((row, first)), Some(last)) = (cell(), last) {
                    area.take(name, row, (first, u32::from(last).max(first)), 0, budget)?;
                    // (ixfe u16, RK u32) per cell from byte 4.
                    for (i, col) in (first..=u32::from(last)).enumerate().take(256) {
                        styled(&mut layout, styles, row, col, u16_at(data, 4 + 6 * i));
                    }
                }
            }
            LABELSST => {
                if let (Some((row, col)), Some(index)) = (cell(), u32_at(data, 6)) {
                    let chars = usize::try_from(index)
                        .ok()
                        .and_then(|i| strings.get(i))
                        .copied()
                        .unwrap_or(0);
                    area.take(name, row, (col, col), chars, budget)?;
                }
            }
            LABEL | RSTRING => {
                if let (Some((row, col)), Some(count)) = (cell(), u16_at(data, 6)) {
                    area.take(name, row, (col, col), usize::from(count), budget)?;
                }
            }
            EOF => break,
            _ => {}
        }
    }
    Ok(Some(layout))
}

/// Record the cell at (row, col) if its XF `ixfe` shows a percentage or money.
fn styled(
    layout: &mut Layout,
    styles: &[Option<NumberStyle>],
    row: u32,
    col: u32,
    ixfe: Option<u16>,
) {
    if let Some(style) = ixfe.and_then(|i| styles.get(usize::from(i))?.clone())
        && layout.number_styles.len() < MAX_STYLED
    {
        layout.number_styles.push((row, col, style));
    }
}

/// An XLUnicodeString: cch (u16), flags (u8: bit 0, two-byte characters), characters.
fn unicode_string(data: &[u8]) -> Option<String> {
    let count = usize::from(u16_at(data, 0)?);
    let wide = data.get(2)? & 0x01 != 0;
    let body = data.get(3..)?;
    if wide {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(count)
            .map(|c| u16::from_le_bytes(c.try_into().unwrap_or([0, 0])))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(body.iter().take(count).map(|b| char::from(*b)).collect())
    }
}

/// The rows and columns spanned by a sheet's cells so far.
#[derive(Debug, Default)]
struct Area {
    rows: Option<(u32, u32)>,
    columns: Option<(u32, u32)>,
}

impl Area {
    /// Cells of `row` in columns first..=last, each holding text of `chars` characters:
    /// counted against `budget`, and the sheet's rectangle against [`MAX_AREA`].
    fn take(
        &mut self,
        sheet: &str,
        row: u32,
        (first, last): (u32, u32),
        chars: usize,
        budget: &Budget,
    ) -> Result<(), Problem> {
        let copies = usize::try_from(last.saturating_sub(first))
            .unwrap_or(0)
            .saturating_add(1);
        // UTF-8 takes up to 3 bytes for a character that UTF-16 stores in one unit.
        budget.take_copies(sheet, row, first, copies, chars, chars.saturating_mul(3))?;
        let (r0, r1) = self
            .rows
            .map_or((row, row), |(a, b)| (a.min(row), b.max(row)));
        let (c0, c1) = self
            .columns
            .map_or((first, last), |(a, b)| (a.min(first), b.max(last)));
        self.rows = Some((r0, r1));
        self.columns = Some((c0, c1));
        let area = (u64::from(r1.saturating_sub(r0)) + 1) * (u64::from(c1.saturating_sub(c0)) + 1);
        if area > MAX_AREA {
            return Err(Problem::error(
                sheet,
                format!(
                    "工作表的数据区域过大（第{}～{}行、{}～{}列，超过 {} 万个单元格）：通常是远处有零星的内容，或文件已损坏。请删除多余的行、列后另存为 .xlsx，再试",
                    u64::from(r0) + 1,
                    u64::from(r1) + 1,
                    column_letter(c0),
                    column_letter(c1),
                    MAX_AREA / 10_000
                ),
            )
            .at_row(row.saturating_add(1))
            .at_column(column_letter(first)));
        }
        Ok(())
    }
}

/// ShortXLUnicodeString: cch (u8), fHighByte (bit 0), then cch characters, UTF-16LE or
/// one byte each (the low byte of UTF-16).
fn short_string(data: &[u8]) -> Option<String> {
    let count = usize::from(*data.first()?);
    let wide = *data.get(1)? & 0x01 != 0;
    let chars = data.get(2..)?;
    if wide {
        let units: Vec<u16> = chars
            .get(..count.checked_mul(2)?)?
            .chunks_exact(2)
            .map(|pair| match pair {
                [low, high] => u16::from_le_bytes([*low, *high]),
                _ => 0,
            })
            .collect();
        String::from_utf16(&units).ok()
    } else {
        Some(chars.get(..count)?.iter().map(|&b| char::from(b)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn rec(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    fn bof() -> Vec<u8> {
        rec(BOF, &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0])
    }

    fn row(number: u16, hidden: bool) -> Vec<u8> {
        let mut data = vec![0u8; 16];
        data[..2].copy_from_slice(&number.to_le_bytes());
        data[12] = if hidden { 0x20 } else { 0 };
        rec(ROW, &data)
    }

    /// A workbook stream with the given sheets (name as UTF-16 or single bytes; its records).
    fn stream(sheets: &[(&str, bool, Vec<u8>)]) -> Vec<u8> {
        let names: Vec<Vec<u8>> = sheets
            .iter()
            .map(|(name, wide, _)| {
                let mut s = vec![name.chars().count() as u8, u8::from(*wide)];
                if *wide {
                    s.extend(name.encode_utf16().flat_map(u16::to_le_bytes));
                } else {
                    s.extend(name.bytes());
                }
                s
            })
            .collect();
        let globals_len: usize = bof().len()
            + names.iter().map(|n| 4 + 6 + n.len()).sum::<usize>()
            + rec(EOF, &[]).len();
        let mut out = bof();
        let mut position = globals_len;
        for (name, (_, _, body)) in names.iter().zip(sheets) {
            let mut data = (position as u32).to_le_bytes().to_vec();
            data.extend([0, 0]);
            data.extend(name);
            out.extend(rec(BOUNDSHEET, &data));
            position += bof().len() + body.len() + rec(EOF, &[]).len();
        }
        out.extend(rec(EOF, &[]));
        for (_, _, body) in sheets {
            out.extend(bof());
            out.extend(body);
            out.extend(rec(EOF, &[]));
        }
        out
    }

    #[test]
    fn hidden_rows_and_columns_per_sheet() {
        let mut school = row(0, false);
        school.extend(row(4, true));
        school.extend(rec(COLINFO, &[2, 0, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0]));
        let classes = row(7, true);
        let found = scan(&stream(&[
            ("学校", true, school),
            ("Sheet2", false, classes),
        ]));
        let found = found.unwrap().unwrap_or_default();
        let school = found.get("学校").cloned().unwrap_or_default();
        assert_eq!(school.hidden_rows, BTreeSet::from([4]));
        assert_eq!(school.hidden_columns, BTreeSet::from([2, 3]));
        assert_eq!(
            found.get("Sheet2").map(|h| h.hidden_rows.clone()),
            Some(BTreeSet::from([7]))
        );
    }

    #[test]
    fn damaged_streams_give_none_not_a_panic() {
        let good = stream(&[("学校", true, row(4, true))]);
        for cut in 0..good.len() {
            let _ = scan(&good[..cut]);
        }
        assert!(scan(&good[..good.len() - 1]).unwrap().is_none());
        assert!(scan(b"garbage").unwrap().is_none());
        assert!(scan(&[]).unwrap().is_none());
    }

    fn label_sst(row: u16, col: u16, index: u32) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0, 0]);
        data.extend(index.to_le_bytes());
        rec(LABELSST, &data)
    }

    /// A stream whose globals hold an SST of one string of `chars` characters, split
    /// over CONTINUE records, and one sheet with `body`.
    fn with_sst(chars: usize, body: Vec<u8>) -> Vec<u8> {
        let mut plain = stream(&[("学校", true, body)]);
        // SST: cstTotal, cstUnique, then cch, flags (one byte per character).
        let mut data = vec![1, 0, 0, 0, 1, 0, 0, 0];
        data.extend((chars as u16).to_le_bytes());
        data.push(0);
        let text = vec![b'a'; chars];
        let (first, rest) = text.split_at(chars.min(8000));
        data.extend(first);
        let mut sst = rec(SST, &data);
        for chunk in rest.chunks(8000) {
            let mut more = vec![0u8];
            more.extend(chunk);
            sst.extend(rec(CONTINUE, &more));
        }
        // Insert the SST after the globals' BOF and move the sheet positions on.
        let at = bof().len();
        let shift = sst.len() as u32;
        let mut globals_end = at;
        while let Some((kind, data, next)) = record(&plain, globals_end) {
            if kind == BOUNDSHEET {
                let position = u32_at(data, 0).unwrap() + shift;
                plain[globals_end + 4..globals_end + 8].copy_from_slice(&position.to_le_bytes());
            }
            globals_end = next;
            if kind == EOF {
                break;
            }
        }
        plain.splice(at..at, sst);
        plain
    }

    #[test]
    fn shared_string_lengths_cross_continue_records() {
        let parts: Vec<&[u8]> = vec![&[3, 0, 1, b'a', 0], &[0, b'b', b'c', 1, 0, 0, b'z']];
        assert_eq!(sst_lengths(parts), vec![3, 1]);
        let ok = with_sst(20_000, label_sst(0, 0, 0));
        assert!(scan(&ok).unwrap().is_some());
    }

    #[test]
    fn one_long_shared_string_in_many_cells_is_refused_at_a_cell() {
        let mut body = Vec::new();
        for r in 0..2_000u16 {
            body.extend(label_sst(r, 1, 0));
        }
        let p = scan(&with_sst(30_000, body)).unwrap_err();
        assert_eq!(p.sheet, "学校");
        assert_eq!(p.column.as_deref(), Some("B"));
        assert!(p.message.contains("文字总量"), "{}", p.message);
    }

    #[test]
    fn a_value_far_away_is_refused_before_calamine_spreads_the_sheet() {
        let mut body = label_sst(0, 0, 0);
        let mut number = 65_000u16.to_le_bytes().to_vec();
        number.extend(200u16.to_le_bytes());
        number.extend([0; 10]);
        body.extend(rec(NUMBER, &number));
        let p = scan(&with_sst(3, body)).unwrap_err();
        assert!(p.message.contains("数据区域过大"), "{}", p.message);
        assert_eq!(p.row, Some(65_001));
    }

    /// `plain` with `records` inserted after the globals' BOF (sheet positions moved on).
    fn with_globals(mut plain: Vec<u8>, records: Vec<u8>) -> Vec<u8> {
        let at = bof().len();
        let shift = records.len() as u32;
        let mut globals_end = at;
        while let Some((kind, data, next)) = record(&plain, globals_end) {
            if kind == BOUNDSHEET {
                let position = u32_at(data, 0).unwrap() + shift;
                plain[globals_end + 4..globals_end + 8].copy_from_slice(&position.to_le_bytes());
            }
            globals_end = next;
            if kind == EOF {
                break;
            }
        }
        plain.splice(at..at, records);
        plain
    }

    #[test]
    fn percent_and_currency_cells_are_found_through_their_xf() {
        // FORMAT 164 = "¥"#,##0.00; XF 0 general, XF 1 built-in 9 (0%), XF 2 format 164.
        let code = "\"¥\"#,##0.00";
        let mut format = 164u16.to_le_bytes().to_vec();
        format.extend((code.encode_utf16().count() as u16).to_le_bytes());
        format.push(1);
        format.extend(code.encode_utf16().flat_map(u16::to_le_bytes));
        let mut globals = rec(FORMAT, &format);
        for ifmt in [0u16, 9, 164] {
            let mut xf = vec![0u8; 20];
            xf[2..4].copy_from_slice(&ifmt.to_le_bytes());
            globals.extend(rec(XF, &xf));
        }
        let number = |row: u16, col: u16, ixfe: u16| {
            let mut data = row.to_le_bytes().to_vec();
            data.extend(col.to_le_bytes());
            data.extend(ixfe.to_le_bytes());
            data.extend(74.8f64.to_le_bytes());
            rec(NUMBER, &data)
        };
        let mut body = number(1, 2, 1);
        body.extend(number(1, 3, 2));
        body.extend(number(1, 4, 0));
        let found = scan(&with_globals(stream(&[("学校", true, body)]), globals))
            .unwrap()
            .unwrap();
        let styles = found.get("学校").unwrap().number_styles.clone();
        assert_eq!(
            styles,
            vec![
                (1, 2, NumberStyle::Percent { decimals: 0 }),
                (
                    1,
                    3,
                    NumberStyle::Currency {
                        symbol: "¥".to_string(),
                        decimals: 2
                    }
                ),
            ]
        );
    }
}
