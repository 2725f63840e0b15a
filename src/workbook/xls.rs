//! Hidden rows and columns of a binary Excel 97–2003 workbook (.xls, BIFF8), which
//! calamine does not expose: a school on a hidden row would otherwise be counted
//! without anyone seeing it. (Merged ranges come from calamine.)
//!
//! The workbook stream is a list of records `[type: u16][length: u16][data]`. The
//! globals' BOUNDSHEET records give each sheet's name and where its records start;
//! there, ROW records carry a "height zero" (hidden) flag and COLINFO records a hidden
//! flag for a range of columns (MS-XLS 2.4.221, 2.4.53, 2.4.28).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const ROW: u16 = 0x0208;
const COLINFO: u16 = 0x007D;
/// BOF version of BIFF8 (Excel 97 and later); older files are not scanned.
const BIFF8: u16 = 0x0600;

/// Hidden rows and columns (0-based) of one sheet.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct XlsHidden {
    pub rows: BTreeSet<u32>,
    pub columns: BTreeSet<u32>,
}

/// Hidden rows and columns of every worksheet, by sheet name; None when the file is not
/// a BIFF8 workbook this scan can read (then nothing is known about hidden rows).
pub(super) fn xls_hidden(bytes: &[u8]) -> Option<BTreeMap<String, XlsHidden>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let mut stream = Vec::new();
    file.open_stream("/Workbook")
        .ok()?
        .take(super::open::MAX_UNPACKED_BYTES)
        .read_to_end(&mut stream)
        .ok()?;
    scan(&stream)
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

fn scan(stream: &[u8]) -> Option<BTreeMap<String, XlsHidden>> {
    // Globals: BOF (BIFF8), then BOUNDSHEET records, up to EOF.
    let (kind, data, mut at) = record(stream, 0)?;
    if kind != BOF || u16_at(data, 0)? != BIFF8 {
        return None;
    }
    let mut sheets: Vec<(String, usize)> = Vec::new();
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
            EOF => break,
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for (name, position) in sheets {
        out.insert(name, sheet_hidden(stream, position)?);
    }
    Some(out)
}

/// The hidden rows and columns in the sheet substream starting at `position`.
fn sheet_hidden(stream: &[u8], position: usize) -> Option<XlsHidden> {
    let (kind, _, mut at) = record(stream, position)?;
    if kind != BOF {
        return None;
    }
    let mut hidden = XlsHidden::default();
    loop {
        let (kind, data, next) = record(stream, at)?;
        at = next;
        match kind {
            // rw (u16) …; byte 12: bit 5 fDyZero, the row is hidden (also by a filter).
            ROW if *data.get(12)? & 0x20 != 0 => {
                hidden.rows.insert(u32::from(u16_at(data, 0)?));
            }
            // colFirst, colLast, coldx, ixfe (u16 each); options (u16): bit 0 fHidden.
            // BIFF8 sheets have 256 columns; a range may say 256 for "to the end".
            COLINFO if u16_at(data, 8)? & 0x0001 != 0 => {
                let (first, last) = (u16_at(data, 0)?, u16_at(data, 2)?);
                hidden
                    .columns
                    .extend((u32::from(first)..=u32::from(last)).take(256));
            }
            EOF => break,
            _ => {}
        }
    }
    Some(hidden)
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
        let found = found.unwrap_or_default();
        assert_eq!(
            found.get("学校"),
            Some(&XlsHidden {
                rows: BTreeSet::from([4]),
                columns: BTreeSet::from([2, 3]),
            })
        );
        assert_eq!(
            found.get("Sheet2").map(|h| h.rows.clone()),
            Some(BTreeSet::from([7]))
        );
    }

    #[test]
    fn damaged_streams_give_none_not_a_panic() {
        let good = stream(&[("学校", true, row(4, true))]);
        for cut in 0..good.len() {
            let _ = scan(&good[..cut]);
        }
        assert!(scan(&good[..good.len() - 1]).is_none());
        assert!(scan(b"garbage").is_none());
        assert!(scan(&[]).is_none());
    }
}
