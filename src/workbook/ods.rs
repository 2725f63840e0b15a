//! What calamine does not tell about an OpenDocument spreadsheet (.ods): merged ranges
//! and hidden rows and columns, read from `content.xml`.
//!
//! A merged range or a hidden row changes what the numbers mean (a merged 学校类型 is
//! blank on every row but the first; a hidden school is still counted), so .ods files
//! get the same checks as .xlsx. Rows and columns are counted the way calamine counts
//! them: every `table:table-row` / `table:table-column` (and every cell in a row) takes
//! as many positions as its `number-…-repeated` says.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;

use super::open::{MAX_UNPACKED_BYTES, local_attrs};
use super::sheet::Merge;

/// Hidden rows and columns (0-based) and merged ranges of one table.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct OdsLayout {
    pub rows: BTreeSet<u32>,
    pub columns: BTreeSet<u32>,
    pub merges: Vec<Merge>,
}

/// The layout of every table of the .ods file in `bytes`, by table (sheet) name. Best
/// effort: a damaged part gives what was read before the damage (calamine reports it).
///
/// `extents` gives each sheet's (rows, columns) holding cells: only positions within it
/// are recorded. A block of a million hidden rows below the data (LibreOffice writes one
/// `number-rows-repeated="1048000"` row for "hide everything below") then costs nothing.
/// Sheets not in `extents` are skipped.
pub(super) fn ods_layout(
    bytes: &[u8],
    extents: &BTreeMap<String, (u32, u32)>,
) -> BTreeMap<String, OdsLayout> {
    let mut out = BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Ok(entry) = zip.by_name("content.xml") else {
        return out;
    };
    scan(
        BufReader::new(entry.take(MAX_UNPACKED_BYTES)),
        extents,
        &mut out,
    );
    out
}

/// Where the scan is inside the current table.
struct Position {
    name: String,
    layout: OdsLayout,
    /// Next row and column (0-based) to be declared.
    row: u32,
    column: u32,
    /// Next cell position within the current row.
    cell: u32,
    /// Rows the current `table:table-row` stands for (applied at its end).
    row_repeat: u32,
    /// Rows and columns that hold cells; nothing beyond is recorded.
    extent: (u32, u32),
}

fn scan<R: std::io::BufRead>(
    reader: R,
    extents: &BTreeMap<String, (u32, u32)>,
    out: &mut BTreeMap<String, OdsLayout>,
) {
    let mut xml = quick_xml::Reader::from_reader(reader);
    let mut buf = Vec::new();
    let mut current: Option<Position> = None;
    // Tables nested inside a cell (rare) are not sheets: only depth 1 counts.
    let mut depth = 0u32;
    loop {
        buf.clear();
        let (element, empty) = match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                match e.local_name().into_inner() {
                    "table" => {
                        depth = depth.saturating_sub(1);
                        if depth == 0
                            && let Some(done) = current.take()
                        {
                            out.entry(done.name).or_insert(done.layout);
                        }
                    }
                    "table-row" if depth == 1 => {
                        if let Some(p) = current.as_mut() {
                            p.row = p.row.saturating_add(p.row_repeat);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => continue,
        };
        let local = element.local_name().into_inner().to_string();
        if local == "table" {
            depth = depth.saturating_add(1);
            if depth == 1 {
                let name = attribute(&local_attrs(&element), "name")
                    .unwrap_or_default()
                    .to_string();
                let position = Position {
                    extent: extents.get(&name).copied().unwrap_or((0, 0)),
                    name,
                    layout: OdsLayout::default(),
                    row: 0,
                    column: 0,
                    cell: 0,
                    row_repeat: 1,
                };
                if empty {
                    out.entry(position.name).or_insert(position.layout);
                    depth = 0;
                } else {
                    current = Some(position);
                }
            }
            continue;
        }
        if depth != 1 {
            continue;
        }
        let Some(p) = current.as_mut() else { continue };
        let attrs = match local.as_str() {
            "table-column" | "table-row" | "table-cell" | "covered-table-cell" => {
                local_attrs(&element)
            }
            _ => continue,
        };
        match local.as_str() {
            "table-column" => {
                let repeat = count(&attrs, "number-columns-repeated");
                if is_hidden(&attrs) {
                    insert_range(&mut p.layout.columns, p.column, repeat, p.extent.1);
                }
                p.column = p.column.saturating_add(repeat);
            }
            "table-row" => {
                let repeat = count(&attrs, "number-rows-repeated");
                if is_hidden(&attrs) {
                    insert_range(&mut p.layout.rows, p.row, repeat, p.extent.0);
                }
                p.cell = 0;
                if empty {
                    p.row = p.row.saturating_add(repeat);
                } else {
                    p.row_repeat = repeat;
                }
            }
            "table-cell" | "covered-table-cell" => {
                let repeat = count(&attrs, "number-columns-repeated");
                let rows = count(&attrs, "number-rows-spanned");
                let columns = count(&attrs, "number-columns-spanned");
                if (rows > 1 || columns > 1) && p.row < p.extent.0 && p.cell < p.extent.1 {
                    // A spanning cell repeated across columns (LibreOffice does not write
                    // one) is one range per copy, each copy taking one position as every
                    // cell does; a handful is plenty to be reported.
                    for copy in 0..repeat.min(16) {
                        let first_col = p.cell.saturating_add(copy);
                        p.layout.merges.push(Merge {
                            first_row: p.row,
                            first_col,
                            last_row: p.row.saturating_add(rows - 1),
                            last_col: first_col.saturating_add(columns - 1),
                        });
                    }
                }
                p.cell = p.cell.saturating_add(repeat);
            }
            _ => {}
        }
    }
    if let Some(done) = current.take() {
        out.entry(done.name).or_insert(done.layout);
    }
}

/// Add `first .. first + repeat` to `set`, below `limit`.
fn insert_range(set: &mut BTreeSet<u32>, first: u32, repeat: u32, limit: u32) {
    let end = first.saturating_add(repeat).min(limit);
    set.extend(first..end);
}

/// An element's attributes as [`local_attrs`] gives them.
type Attrs = [(String, String, String)];

/// `table:visibility` is `collapse` (hidden) or `filter` (hidden by a filter).
fn is_hidden(attrs: &Attrs) -> bool {
    matches!(
        attribute(attrs, "visibility").map(str::trim),
        Some("collapse" | "filter")
    )
}

/// A positive count attribute; 1 when absent or unreadable.
fn count(attrs: &Attrs, name: &str) -> u32 {
    attribute(attrs, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1)
}

/// The value of the attribute whose local name (without `table:`) is `name`.
fn attribute<'a>(attrs: &'a Attrs, name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(_, local, _)| local == name)
        .map(|(_, _, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout_of(xml: &str) -> BTreeMap<String, OdsLayout> {
        let extents = BTreeMap::from([
            ("学校".to_string(), (20, 10)),
            ("班级".to_string(), (30, 5)),
            ("甲".to_string(), (5, 5)),
        ]);
        let mut out = BTreeMap::new();
        scan(xml.as_bytes(), &extents, &mut out);
        out
    }

    #[test]
    fn repeated_rows_and_columns_are_counted() {
        let xml = r#"<office:document-content xmlns:table="t"><office:body><office:spreadsheet>
            <table:table table:name="学校">
              <table:table-column table:number-columns-repeated="2"/>
              <table:table-column table:visibility="collapse"/>
              <table:table-column/>
              <table:table-header-rows><table:table-row><table:table-cell/></table:table-row></table:table-header-rows>
              <table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="4"/></table:table-row>
              <table:table-row table:visibility="collapse"><table:table-cell/></table:table-row>
              <table:table-row table:visibility="filter" table:number-rows-repeated="2"/>
              <table:table-row>
                <table:table-cell table:number-columns-repeated="2"/>
                <table:table-cell table:number-rows-spanned="2" table:number-columns-spanned="1"/>
                <table:covered-table-cell/>
              </table:table-row>
            </table:table>
            <table:table table:name="班级"><table:table-row table:visibility="collapse" table:number-rows-repeated="1048570"/></table:table>
            </office:spreadsheet></office:body></office:document-content>"#;
        let layouts = layout_of(xml);
        let school = layouts.get("学校").cloned().unwrap_or_default();
        assert_eq!(school.columns, BTreeSet::from([2]));
        assert_eq!(school.rows, BTreeSet::from([4, 5, 6]));
        assert_eq!(
            school.merges,
            vec![Merge {
                first_row: 7,
                first_col: 2,
                last_row: 8,
                last_col: 2
            }]
        );
        // A million hidden rows below the data: only those within the data's extent.
        let classes = layouts.get("班级").cloned().unwrap_or_default();
        assert_eq!(classes.rows, (0..30).collect::<BTreeSet<u32>>());
    }

    #[test]
    fn nested_tables_do_not_move_the_sheet() {
        let xml = r#"<r xmlns:table="t"><table:table table:name="甲">
            <table:table-row><table:table-cell><table:table table:name="内"><table:table-row table:visibility="collapse"/></table:table></table:table-cell></table:table-row>
            <table:table-row table:visibility="collapse"/>
            </table:table></r>"#;
        let layouts = layout_of(xml);
        assert_eq!(layouts.len(), 1);
        assert_eq!(
            layouts.get("甲").map(|l| l.rows.clone()),
            Some(BTreeSet::from([1]))
        );
    }
}
