//! OpenDocument spreadsheets (.ods): calamine reads the cells, after our scan of
//! `content.xml` has measured what it would hold, and the scan gives what calamine does
//! not read: merged ranges, hidden rows and columns, formulas without a saved result.
//!
//! calamine materialises every copy of a repeated cell (`number-columns-repeated`) and
//! row (`number-rows-repeated`), the empty cells up to the last value of each row, and a
//! dense rectangle over all values of a sheet, each before we see any of it: a 36 KB
//! file can ask for gigabytes. The scan refuses such a file first, at the cell that
//! breaks a limit: every copy of a value counts against the workbook's limits (see
//! `limits.rs`), the dense rectangle and the per-row cells against [`MAX_AREA`]. So
//! calamine holds at most about 2 × [`MAX_AREA`] cells (56 bytes each with its formula
//! text, about 220 MB) and twice the text limit.
//!
//! Rows and columns are counted the way calamine counts them: every
//! `table:table-row` / `table:table-column` (and every cell in a row) takes as many
//! positions as its `number-…-repeated` says.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, Cursor, Read};

use calamine::Ods;
use quick_xml::events::{BytesStart, Event};

use super::limits::{Budget, MAX_AREA, MAX_SHEETS, MAX_UNPACKED_BYTES};
use super::parts::{Loaded, load_generic, local_attrs};
use super::sheet::{Layout, MAX_STYLED, Merge, NumberStyle};
use crate::problem::{Problem, column_letter};

/// Excel's sheet size, beyond which calamine stops counting.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;
/// Hidden ranges, merged ranges and unsaved formulas recorded per sheet at most.
const MAX_RECORDED: usize = 65_536;

/// .ods: measure, then calamine's reader for the cells, then our layout.
pub(super) fn load(bytes: &[u8], label: &str, budget: &Budget) -> Result<Loaded, Problem> {
    let mut scanned = scan_file(bytes)?;
    let (mut sheets, warnings) = load_generic::<Ods<_>>(bytes, label, budget, |_, _| None)?;
    for sheet in &mut sheets {
        if let Some(table) = scanned.remove(&sheet.name) {
            let extent = sheet.grid.extent();
            sheet.apply(table.layout(extent));
        }
    }
    Ok((sheets, warnings))
}

/// What the scan found in one table. Hidden rows and columns are kept as ranges (first,
/// count) until the extent of the cells is known: a block of a million hidden rows
/// below the data (LibreOffice writes one `number-rows-repeated="1048000"` row for
/// "hide everything below") then costs nothing.
#[derive(Debug, Default, Clone, PartialEq)]
struct Scanned {
    hidden_rows: Vec<(u32, u32)>,
    hidden_columns: Vec<(u32, u32)>,
    merges: Vec<Merge>,
    unsaved_formulas: Vec<(u32, u32)>,
    number_styles: Vec<(u32, u32, NumberStyle)>,
}

impl Scanned {
    /// The layout within `extent` (rows, columns holding cells).
    fn layout(self, extent: (u32, u32)) -> Layout {
        let expand = |ranges: &[(u32, u32)], limit: u32| -> BTreeSet<u32> {
            let mut set = BTreeSet::new();
            for (first, count) in ranges {
                set.extend(*first..first.saturating_add(*count).min(limit));
            }
            set
        };
        Layout {
            hidden_rows: expand(&self.hidden_rows, extent.0),
            hidden_columns: expand(&self.hidden_columns, extent.1),
            merges: self
                .merges
                .into_iter()
                .filter(|m| m.first_row < extent.0 && m.first_col < extent.1)
                .collect(),
            unsaved_formulas: self.unsaved_formulas,
            number_styles: self.number_styles,
        }
    }
}

/// Scan `content.xml` of the .ods in `bytes`. Err is a located refusal; a part that
/// cannot be read gives nothing (calamine then reports the damage).
fn scan_file(bytes: &[u8]) -> Result<BTreeMap<String, Scanned>, Problem> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(BTreeMap::new());
    };
    let Ok(entry) = zip.by_name("content.xml") else {
        return Ok(BTreeMap::new());
    };
    scan(BufReader::new(entry.take(MAX_UNPACKED_BYTES)))
}

/// Where the scan is inside the current table, and what calamine would hold of it.
struct Position {
    name: String,
    found: Scanned,
    /// Next row and column (0-based) to be declared.
    row: u32,
    column: u32,
    /// Next cell position within the current row.
    cell: u32,
    /// Rows the current `table:table-row` stands for (applied at its end).
    row_repeat: u32,
    /// One past the last value of the current row (calamine stores the cells up to it).
    row_end: u32,
    /// Cells calamine stores for the rows so far, before expanding repeated rows.
    stored: u64,
    /// Rows and columns (first, last) spanned by values so far.
    rows: Option<(u32, u32)>,
    columns: Option<(u32, u32)>,
}

impl Position {
    fn new(name: String) -> Self {
        Position {
            name,
            found: Scanned::default(),
            row: 0,
            column: 0,
            cell: 0,
            row_repeat: 1,
            row_end: 0,
            stored: 0,
            rows: None,
            columns: None,
        }
    }

    /// The end of a row: what calamine stores for it must stay within [`MAX_AREA`].
    fn end_row(&mut self, repeat: u32) -> Result<(), Problem> {
        self.stored = self.stored.saturating_add(u64::from(self.row_end));
        let area = match (self.rows, self.columns) {
            (Some((r0, r1)), Some((c0, c1))) => u64::from(r1.saturating_sub(r0))
                .saturating_add(1)
                .saturating_mul(u64::from(c1.saturating_sub(c0)).saturating_add(1)),
            _ => 0,
        };
        if self.stored > MAX_AREA || area > MAX_AREA {
            let (r0, r1) = self.rows.unwrap_or((self.row, self.row));
            let (c0, c1) = self.columns.unwrap_or((0, self.row_end));
            return Err(Problem::error(
                self.name.clone(),
                format!(
                    "工作表的数据区域过大（第{}～{}行、{}～{}列，超过 {} 万个单元格）：通常是远处有零星的内容，或有成千上万行（列）重复的行、单元格。请删除多余的行、列后另存，再试",
                    u64::from(r0) + 1,
                    u64::from(r1) + 1,
                    column_letter(c0),
                    column_letter(c1),
                    MAX_AREA / 10_000
                ),
            )
            .at_row(self.row.saturating_add(1)));
        }
        self.row = self.row.saturating_add(repeat).min(MAX_ROWS);
        self.row_end = 0;
        Ok(())
    }
}

fn scan<R: std::io::BufRead>(reader: R) -> Result<BTreeMap<String, Scanned>, Problem> {
    let mut out = BTreeMap::new();
    // Every copy of every value calamine would store, against the workbook's limits.
    let budget = Budget::new();
    let mut xml = quick_xml::Reader::from_reader(reader);
    let mut buf = Vec::new();
    let mut current: Option<Position> = None;
    let mut tables = 0usize;
    loop {
        buf.clear();
        let (element, empty) = match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e.into_owned(), false),
            Ok(Event::Empty(e)) => (e.into_owned(), true),
            Ok(Event::End(e)) => {
                match e.local_name().into_inner() {
                    "table" => {
                        if let Some(done) = current.take() {
                            out.entry(done.name).or_insert(done.found);
                        }
                    }
                    "table-row" => {
                        if let Some(p) = current.as_mut() {
                            let repeat = p.row_repeat;
                            p.end_row(repeat)?;
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
            let name = attribute(&local_attrs(&element), "name")
                .unwrap_or_default()
                .to_string();
            tables += 1;
            if tables > MAX_SHEETS {
                return Err(Problem::error(
                    name,
                    format!(
                        "工作簿中的工作表超过 {MAX_SHEETS} 个，读到此工作表时停止：一个县区的指标工作簿通常只有十几个工作表。请删除多余的工作表后另存，再试"
                    ),
                ));
            }
            if empty {
                out.entry(name).or_insert_with(Scanned::default);
            } else {
                current = Some(Position::new(name));
            }
            continue;
        }
        let Some(p) = current.as_mut() else { continue };
        match local.as_str() {
            "table-column" => {
                let attrs = local_attrs(&element);
                let repeat = count(&attrs, "number-columns-repeated").min(MAX_COLUMNS);
                if is_hidden(&attrs) && p.found.hidden_columns.len() < MAX_RECORDED {
                    p.found.hidden_columns.push((p.column, repeat));
                }
                p.column = p.column.saturating_add(repeat);
            }
            "table-row" => {
                let attrs = local_attrs(&element);
                let repeat = count(&attrs, "number-rows-repeated");
                if is_hidden(&attrs) && p.found.hidden_rows.len() < MAX_RECORDED {
                    p.found.hidden_rows.push((p.row, repeat));
                }
                p.cell = 0;
                p.row_end = 0;
                if empty {
                    p.end_row(repeat)?;
                } else {
                    p.row_repeat = repeat;
                }
            }
            "table-cell" | "covered-table-cell" => {
                let attrs = local_attrs(&element);
                let content = if empty {
                    Content::default()
                } else {
                    cell_content(&mut xml, &element)
                };
                cell(p, &attrs, content, &budget)?;
            }
            _ => {}
        }
    }
    if let Some(done) = current.take() {
        out.entry(done.name).or_insert(done.found);
    }
    Ok(out)
}

/// One cell (all its repeated copies) at the current position.
fn cell(p: &mut Position, attrs: &Attrs, content: Content, budget: &Budget) -> Result<(), Problem> {
    let repeat = count(attrs, "number-columns-repeated").min(MAX_COLUMNS);
    let value_type = attrs
        .iter()
        .find(|(full, local, _)| local == "value-type" && !full.starts_with("calcext"))
        .map(|(_, _, v)| v.as_str());
    let formula = attribute(attrs, "formula");
    if value_type.is_some() || formula.is_some() {
        // The text calamine stores for the cell: the string value, the date or time
        // as written, or the paragraphs of a string cell; and its formula text.
        let text = match value_type {
            Some("string") => match attribute(attrs, "string-value") {
                Some(s) => (s.chars().count(), s.len()),
                None => (content.chars, content.bytes),
            },
            Some("date") => attribute(attrs, "date-value").map_or((0, 0), |s| (s.len(), s.len())),
            Some("time") => attribute(attrs, "time-value").map_or((0, 0), |s| (s.len(), s.len())),
            _ => (0, 0),
        };
        let formula_bytes = formula.map_or(0, str::len);
        let copies =
            usize::try_from(u64::from(repeat) * u64::from(p.row_repeat)).unwrap_or(usize::MAX);
        budget.take_copies(
            &p.name,
            p.row,
            p.cell,
            copies,
            text.0,
            text.1.saturating_add(formula_bytes),
        )?;
        let last_row = p
            .row
            .saturating_add(p.row_repeat.saturating_sub(1))
            .min(MAX_ROWS);
        let last_col = p
            .cell
            .saturating_add(repeat.saturating_sub(1))
            .min(MAX_COLUMNS);
        p.rows = Some(
            p.rows
                .map_or((p.row, last_row), |(a, b)| (a.min(p.row), b.max(last_row))),
        );
        p.columns = Some(p.columns.map_or((p.cell, last_col), |(a, b)| {
            (a.min(p.cell), b.max(last_col))
        }));
        p.row_end = p.cell.saturating_add(repeat).min(MAX_COLUMNS);
        // The result a formula saved, in the attribute its type keeps it in: a float,
        // percentage or currency cell whose `office:value` is missing is as blank to
        // calamine as a formula with no type at all. (A string result may be empty.)
        let saved = match value_type {
            None => false,
            Some("string") => true,
            Some(_) => ["value", "date-value", "time-value", "boolean-value"]
                .iter()
                .any(|a| attribute(attrs, a).is_some()),
        };
        // A percentage or currency cell: the program shows something other than the
        // number stored (7480 typed into a percent cell stores 74.8).
        let style = match value_type {
            Some("percentage") => attribute(attrs, "value")
                .and_then(|v| v.trim().parse::<f64>().ok())
                .map(|v| NumberStyle::Percent {
                    decimals: percent_decimals(v),
                }),
            Some("currency") => Some(NumberStyle::Currency {
                symbol: currency_symbol(attribute(attrs, "currency").unwrap_or("")),
                decimals: 2,
            }),
            _ => None,
        };
        if let Some(style) = style {
            for copy in 0..repeat.min(16) {
                if p.found.number_styles.len() < MAX_STYLED {
                    p.found
                        .number_styles
                        .push((p.row, p.cell.saturating_add(copy), style.clone()));
                }
            }
        }
        if formula.is_some() && !saved {
            // A formula without a saved result: calamine reads it as blank.
            for copy in 0..repeat.min(16) {
                if p.found.unsaved_formulas.len() < MAX_RECORDED {
                    p.found
                        .unsaved_formulas
                        .push((p.row, p.cell.saturating_add(copy)));
                }
            }
        }
    }
    let rows = count(attrs, "number-rows-spanned");
    let columns = count(attrs, "number-columns-spanned");
    if (rows > 1 || columns > 1) && p.found.merges.len() < MAX_RECORDED {
        // A spanning cell repeated across columns (LibreOffice does not write one) is
        // one range per copy, each copy taking one position as every cell does; a
        // handful is plenty to be reported.
        for copy in 0..repeat.min(16) {
            let first_col = p.cell.saturating_add(copy);
            p.found.merges.push(Merge {
                first_row: p.row,
                first_col,
                last_row: p.row.saturating_add(rows - 1),
                last_col: first_col.saturating_add(columns - 1),
            });
        }
    }
    p.cell = p.cell.saturating_add(repeat).min(MAX_COLUMNS);
    Ok(())
}

/// Decimals LibreOffice needs to show `value` as a percentage exactly (at most 4).
fn percent_decimals(value: f64) -> u8 {
    let shown = value * 100.0;
    (0u8..4)
        .find(|d| {
            let scale = 10f64.powi(i32::from(*d));
            ((shown * scale).round() - shown * scale).abs() < 1e-6
        })
        .unwrap_or(4)
}

/// The symbol of an ISO currency code (`office:currency`), or the code itself.
fn currency_symbol(code: &str) -> String {
    match code.trim() {
        "CNY" | "RMB" | "JPY" => "¥".to_string(),
        "USD" => "$".to_string(),
        "EUR" => "€".to_string(),
        "GBP" => "£".to_string(),
        "" => "¥".to_string(),
        other => format!("{other} "),
    }
}

/// The size of a cell's text content as calamine would build it.
#[derive(Debug, Default, Clone, Copy)]
struct Content {
    chars: usize,
    bytes: usize,
}

/// Read to the end of the cell `start`, measuring its text: paragraphs (joined by line
/// breaks), `text:s` runs of spaces (`text:c` of them), tabs and line breaks; notes
/// (`office:annotation`) are not part of it.
fn cell_content<R: std::io::BufRead>(
    xml: &mut quick_xml::Reader<R>,
    start: &BytesStart,
) -> Content {
    let name = start.name().as_ref().to_string();
    let mut content = Content::default();
    let mut buf = Vec::new();
    let (mut depth, mut note, mut paragraphs) = (0u32, 0u32, 0u32);
    let mut add = |content: &mut Content, chars: usize, bytes: usize| {
        content.chars = content.chars.saturating_add(chars);
        content.bytes = content.bytes.saturating_add(bytes);
    };
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let local = e.local_name().into_inner().to_string();
                if e.name().as_ref() == name {
                    depth += 1;
                }
                if local == "annotation" {
                    note += 1;
                } else if note == 0 {
                    measure(&mut content, &e, &local, &mut paragraphs, &mut add);
                }
            }
            Ok(Event::Empty(e)) if note == 0 => {
                let local = e.local_name().into_inner().to_string();
                measure(&mut content, &e, &local, &mut paragraphs, &mut add);
            }
            Ok(Event::Text(t)) if note == 0 => add(&mut content, t.chars().count(), t.len()),
            Ok(Event::GeneralRef(_)) if note == 0 => add(&mut content, 1, 4),
            Ok(Event::End(e)) => {
                if e.local_name().into_inner() == "annotation" {
                    note = note.saturating_sub(1);
                } else if e.name().as_ref() == name {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    content
}

/// The text one element inside a cell adds.
fn measure(
    content: &mut Content,
    e: &BytesStart,
    local: &str,
    paragraphs: &mut u32,
    add: &mut impl FnMut(&mut Content, usize, usize),
) {
    match local {
        "p" => {
            if *paragraphs > 0 {
                add(content, 1, 1);
            }
            *paragraphs = paragraphs.saturating_add(1);
        }
        "s" => {
            let spaces = attribute(&local_attrs(e), "c")
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(1);
            add(content, spaces, spaces);
        }
        "tab" | "line-break" => add(content, 1, 1),
        _ => {}
    }
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

    fn layout_of(xml: &str) -> BTreeMap<String, Layout> {
        let extents = BTreeMap::from([
            ("学校".to_string(), (20, 10)),
            ("班级".to_string(), (30, 5)),
            ("甲".to_string(), (5, 5)),
        ]);
        scan(xml.as_bytes())
            .unwrap()
            .into_iter()
            .map(|(name, s)| {
                let extent = extents.get(&name).copied().unwrap_or((0, 0));
                (name, s.layout(extent))
            })
            .collect()
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
        assert_eq!(school.hidden_columns, BTreeSet::from([2]));
        assert_eq!(school.hidden_rows, BTreeSet::from([4, 5, 6]));
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
        assert_eq!(classes.hidden_rows, (0..30).collect::<BTreeSet<u32>>());
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
            layouts.get("甲").map(|l| l.hidden_rows.clone()),
            Some(BTreeSet::from([1]))
        );
    }

    fn table(rows: &str) -> String {
        format!(
            r#"<office:document-content xmlns:table="t" xmlns:office="o" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="学校">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    #[test]
    fn repeated_copies_of_a_long_string_are_refused_at_their_cell() {
        let long = "字".repeat(10_000);
        let xml = table(&format!(
            r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>{long}</text:p></table:table-cell></table:table-row>"#
        ));
        let p = scan(xml.as_bytes()).unwrap_err();
        assert_eq!(
            (p.sheet.as_str(), p.row, p.column.as_deref()),
            ("学校", Some(1), Some("A"))
        );
        assert!(
            p.message.contains("非空单元格超过") || p.message.contains("文字总量"),
            "{}",
            p.message
        );
    }

    #[test]
    fn a_value_far_away_and_a_run_of_spaces_are_refused() {
        let xml = table(
            r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
               <table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>
               <table:table-row><table:table-cell table:number-columns-repeated="50"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
        );
        let p = scan(xml.as_bytes()).unwrap_err();
        assert!(p.message.contains("数据区域过大"), "{}", p.message);
        let xml = table(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row>"#,
        );
        let p = scan(xml.as_bytes()).unwrap_err();
        assert!(p.message.contains("文字过长"), "{}", p.message);
    }

    #[test]
    fn formulas_without_a_saved_result_are_found() {
        let xml = table(
            r#"<table:table-row><table:table-cell table:formula="of:=1+1"/><table:table-cell table:formula="of:=2" office:value-type="float" office:value="2"/><table:table-cell table:formula="of:=&quot;是&quot;"></table:table-cell></table:table-row>
               <table:table-row><table:table-cell table:formula="of:=[.A1]*2" office:value-type="float" calcext:value-type="float"/><table:table-cell table:formula="of:=0.5" office:value-type="percentage"/><table:table-cell table:formula="of:=&quot;&quot;" office:value-type="string"><text:p/></table:table-cell><table:table-cell table:formula="of:=TRUE()" office:value-type="boolean" office:boolean-value="true"/></table:table-row>"#,
        );
        let found = scan(xml.as_bytes()).unwrap();
        // A typed result with its value attribute missing is no saved result either.
        assert_eq!(
            found.get("学校").map(|s| s.unsaved_formulas.clone()),
            Some(vec![(0, 0), (0, 2), (1, 0), (1, 1)])
        );
    }
}
