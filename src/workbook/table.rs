//! One worksheet seen as a table: header row found by its key column, headers matched
//! after trimming and dropping a bracketed unit, data rows with their Excel row numbers.

use std::collections::BTreeMap;

use calamine::{Data, Range};

use super::cells::{self, CellResult, normalize_text};
use super::schema::{Lookup, SheetSchema};
use super::sheet::{Merge, NumberStyle, Sheet};
use crate::problem::{Problem, column_letter};

/// A header cell after normalisation.
#[derive(Debug, Clone)]
struct Header {
    /// Name without spaces, unit or required-marker: what lookups match against.
    name: String,
    /// Absolute 0-based column.
    column: u32,
    /// Factor that converts values to base units (万元 → 元).
    scale: f64,
    /// The header exactly as written, for messages.
    original: String,
}

/// A data row with its 1-based worksheet row number.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub row: u32,
    cells: Vec<(u32, Data)>,
}

impl TableRow {
    fn get(&self, column: u32) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.cells
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, d)| d)
            .unwrap_or(&EMPTY)
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    pub sheet: String,
    headers: Vec<Header>,
    pub rows: Vec<TableRow>,
    /// The names the sheet accepts (key included): a lookup of any other is a bug.
    accepted: Vec<String>,
}

/// Normalise a header: drop all whitespace, a trailing required-marker, and a trailing
/// unit in brackets (or a bare ㎡). Returns the name and the unit text, if any.
pub fn normalize_header(text: &str) -> (String, Option<String>) {
    let mut name: String = normalize_text(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    name = name.trim_end_matches(['*', '＊']).to_string();
    let mut unit = None;
    loop {
        let closing = name.chars().last();
        let opening = match closing {
            Some(')') => '(',
            Some('）') => '（',
            Some('］') => '［',
            Some(']') => '[',
            _ => break,
        };
        let Some(start) = name.rfind(opening) else {
            break;
        };
        if start == 0 {
            break;
        }
        let inner = name
            .get(start + opening.len_utf8()..name.len() - closing.map_or(0, char::len_utf8))
            .unwrap_or_default();
        unit = Some(inner.to_string());
        name.truncate(start);
        name = name.trim_end_matches(['*', '＊']).to_string();
    }
    for suffix in ["㎡", "m²", "m2"] {
        if let Some(stripped) = name.strip_suffix(suffix)
            && !stripped.is_empty()
        {
            unit = Some(suffix.to_string());
            name = stripped.trim_end_matches(['*', '＊']).to_string();
        }
    }
    (name, unit)
}

/// Text that marks a totals or note row rather than data.
pub fn looks_like_summary(text: &str) -> bool {
    let t: String = normalize_text(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // Totals labels are short (合计, 全区合计, 小计（公办）); a long text that merely
    // mentions 汇总 or 累计 (a task title, an indicator) is data.
    (t.chars().count() <= 10
        && ["合计", "总计", "小计", "累计", "汇总"]
            .iter()
            .any(|w| t.contains(w)))
        || ["全区", "全县", "全市", "总数", "平均", "平均值"].contains(&t.as_str())
        || [
            "备注",
            "说明",
            "注：",
            "注:",
            "注1",
            "注①",
            "填表说明",
            "填报说明",
            "填表人",
            "审核人",
            "制表",
            "负责人",
        ]
        .iter()
        .any(|w| t.starts_with(w))
}

/// Units a header may carry that the reader does not convert, each with the unit the
/// column must be in instead (万元 is converted; 平方米, 元, 人 are the base units).
const FOREIGN_UNITS: &[(&str, &str)] = &[
    ("亩", "平方米"),
    ("公顷", "平方米"),
    ("万平方米", "平方米"),
    ("平方公里", "平方米"),
    ("平方千米", "平方米"),
    ("km²", "平方米"),
    ("千元", "元（或万元）"),
    ("百元", "元（或万元）"),
    ("亿元", "元（或万元）"),
    ("万人", "人"),
    ("千人", "人"),
];

/// The unit written and the unit required, when a header's unit is one the reader does
/// not convert (see [`FOREIGN_UNITS`]).
fn foreign_unit(unit: &str) -> Option<(&str, &'static str)> {
    let unit = unit.trim();
    FOREIGN_UNITS
        .iter()
        .find(|(u, _)| *u == unit)
        .map(|(_, base)| (unit, *base))
}

/// Most cells given the value of the merged range above them, per sheet.
const MAX_FILLS: usize = 100_000;
/// Most cells looked at while giving them, per sheet.
const MAX_FILL_VISITS: usize = 1_000_000;
/// Merged ranges over data rows reported one by one, per sheet; the rest are counted.
const MAX_MERGE_REPORTS: usize = 200;

/// Columns bureaus add for their own use; their cells are not data.
fn ignorable_header(name: &str) -> bool {
    matches!(name, "序号" | "编号" | "备注")
}

/// `D（小学在校生数）`-style location of a cell, or just the letter outside any column.
fn cell_place(headers: &[Header], col: u32) -> String {
    match headers.iter().find(|h| h.column == col) {
        Some(h) => format!("{}列（{}）", column_letter(col), h.original),
        None => format!("{}列", column_letter(col)),
    }
}

/// A column for `Problem::at_column`: `C（学校类型）`, or just the letter outside any column.
fn column_place(headers: &[Header], col: u32) -> String {
    match headers.iter().find(|h| h.column == col) {
        Some(h) => format!("{}（{}）", column_letter(col), h.original),
        None => column_letter(col),
    }
}

/// Up to three cells of a row, for messages: `C列（学校类型）“小学”、D列…`.
fn sample_cells(headers: &[Header], cells: &[(u32, Data)]) -> String {
    let parts: Vec<String> = cells
        .iter()
        .take(3)
        .map(|(c, d)| format!("{}{}", cell_place(headers, *c), cells::describe(d)))
        .collect();
    let mut out = parts.join("、");
    if cells.len() > 3 {
        out.push('等');
    }
    out
}

/// A number in a count, area or money column (`measured`) of row `r` whose cell is
/// formatted as a percentage or as money: the program shows something other than the
/// number used (7480 typed into a percent cell is stored, and used, as 74.8). A warning
/// at the cell with both.
fn styled_numbers(
    sheet: &Sheet,
    r: u32,
    row: &TableRow,
    headers: &[Header],
    measured: &[String],
    problems: &mut Vec<Problem>,
) {
    if sheet.number_styles.is_empty() {
        return;
    }
    for (c, value) in &row.cells {
        let number = match value {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            _ => continue,
        };
        let (Some(style), Some(header)) = (
            sheet.number_styles.get(&(r, *c)),
            headers.iter().find(|h| h.column == *c),
        ) else {
            continue;
        };
        if !measured.contains(&header.name) {
            continue;
        }
        let shown = style.shown(number);
        let used = cells::format_plain(number);
        let message = match style {
            NumberStyle::Percent { .. } => format!(
                "单元格设成了百分比格式：表格中显示为 {shown}，程序使用的是单元格中保存的数值 {used}（在百分比格式的单元格中输入 {} 会存为 {used}）。请把该单元格改为“常规”或“数值”格式，核对后重新填写",
                cells::format_plain(number * 100.0)
            ),
            NumberStyle::Currency { .. } => format!(
                "单元格设成了货币格式：表格中显示为 {shown}，程序使用的数值是 {used}，单位按表头「{}」计。请核对单位，并把该单元格改为“常规”或“数值”格式",
                header.original
            ),
        };
        problems.push(
            Problem::warning(sheet.name.as_str(), message)
                .at_row(row.row)
                .at_column(column_place(headers, *c)),
        );
    }
}

impl Table {
    /// Build a table from a bare calamine range (no merge or visibility information).
    pub fn from_range(
        sheet: &str,
        range: &Range<Data>,
        key: &str,
        known: &[&str],
        problems: &mut Vec<Problem>,
    ) -> Option<Table> {
        Table::from_sheet(&Sheet::from_range(sheet, range), key, known, problems)
    }

    /// Build a table from a loaded sheet. The header row is the first row that contains
    /// `key`. Unknown headers give a warning; rows that look like totals or notes, and
    /// repeated header rows, are reported and skipped; a row with data but no key, a
    /// merged range over several data rows and a hidden data row are errors. Returns
    /// None (with an error) when the key column is absent.
    pub fn from_sheet(
        sheet: &Sheet,
        key: &str,
        known: &[&str],
        problems: &mut Vec<Problem>,
    ) -> Option<Table> {
        Table::build(sheet, key, known, &[], &[], problems)
    }

    /// Build a table from a loaded sheet as its schema describes it: the schema's key,
    /// its columns (per-stage columns expanded) and their aliases, each alias read as
    /// its column.
    pub(crate) fn from_schema(
        sheet: &Sheet,
        schema: &SheetSchema,
        problems: &mut Vec<Problem>,
    ) -> Option<Table> {
        let accepted = schema.accepted();
        let known: Vec<&str> = accepted.iter().map(String::as_str).collect();
        Table::build(
            sheet,
            schema.key,
            &known,
            &schema.aliases(),
            &schema.measured(),
            problems,
        )
    }

    fn build(
        sheet: &Sheet,
        key: &str,
        known: &[&str],
        aliases: &[(String, String)],
        measured: &[String],
        problems: &mut Vec<Problem>,
    ) -> Option<Table> {
        // 文字材料 pasted from Word: a blank 章节 continues the section of the row above
        // (the reader carries it), so such a row is data, not a row without its key.
        let blank_key_repeats = sheet.name == super::schema::TEXTS.name;
        let name = sheet.name.as_str();
        // A header's name after normalisation, an alias read as its column.
        let canonical = |text: &str| -> (String, Option<String>) {
            let (hname, unit) = normalize_header(text);
            match aliases.iter().find(|(alias, _)| *alias == hname) {
                Some((_, column)) => (column.clone(), unit),
                None => (hname, unit),
            }
        };
        let header_hit = sheet.grid.rows().find(|(_, cells)| {
            cells
                .values()
                .any(|c| cells::cell_text(c).map(|t| canonical(&t).0).as_deref() == Some(key))
        });
        let Some((header_row, header_cells)) = header_hit else {
            let mut message = format!("找不到表头：应有一行包含列名「{key}」");
            if sheet.grid.is_empty() {
                message.push_str("（该工作表是空的）");
            }
            problems.push(Problem::error(name, message));
            return None;
        };
        let header_line = header_row.saturating_add(1);
        let mut headers: Vec<Header> = Vec::new();
        for (&column, cell) in header_cells {
            let Some(text) = cells::cell_text(cell) else {
                continue;
            };
            let (hname, unit) = canonical(&text);
            let scale = match &unit {
                Some(u) if u.contains("万元") => 10_000.0,
                _ => 1.0,
            };
            if headers.iter().any(|h| h.name == hname) {
                problems.push(
                    Problem::error(name, format!("列名「{text}」重复出现：每列只能出现一次"))
                        .at_row(header_line)
                        .at_column(column_letter(column)),
                );
                continue;
            }
            let is_known = known.contains(&hname.as_str()) || hname == key;
            if !ignorable_header(&hname) && !is_known {
                problems.push(
                    Problem::warning(name, format!("未知列「{text}」，已忽略"))
                        .at_row(header_line)
                        .at_column(column_letter(column)),
                );
            }
            if is_known && let Some((written, base)) = unit.as_deref().and_then(foreign_unit) {
                problems.push(
                    Problem::error(
                        name,
                        format!(
                            "列「{text}」的单位「{written}」程序不能换算：数值会被当作{base}读取而全部算错。请把该列换算为{base}，表头写作「{hname}（{base}）」"
                        ),
                    )
                    .at_row(header_line)
                    .at_column(column_letter(column)),
                );
            }
            if is_known && sheet.hidden_columns.contains(&column) {
                problems.push(
                    Problem::warning(
                        name,
                        format!("列「{text}」是隐藏列，其中的数据仍会读取，请取消隐藏后核对"),
                    )
                    .at_column(column_letter(column)),
                );
            }
            headers.push(Header {
                name: hname,
                column,
                scale,
                original: text,
            });
        }
        let key_column = headers.iter().find(|h| h.name == key).map(|h| h.column)?;
        let data_columns: Vec<u32> = headers
            .iter()
            .filter(|h| {
                h.name != key && !ignorable_header(&h.name) && known.contains(&h.name.as_str())
            })
            .map(|h| h.column)
            .collect();

        // A range merged over several data rows holds its value in the top row only:
        // report it, and give the value to the rows below so that the error is not
        // repeated as "blank" on every covered row (the error already stops the build).
        let mut fills: BTreeMap<u32, Vec<(u32, Data)>> = BTreeMap::new();
        let extent = sheet.grid.extent();
        let mut filled = 0usize;
        // Cells looked at while filling, over all ranges: overlapping ranges that each
        // claim the whole sheet must not cost ranges × rows.
        let mut visited = 0usize;
        let mut reported = 0usize;
        for merge in &sheet.merges {
            if merge.last_row <= header_row || merge.first_row == merge.last_row {
                continue;
            }
            reported += 1;
            if reported > MAX_MERGE_REPORTS {
                continue;
            }
            let first = merge.first_row.max(header_row.saturating_add(1));
            let top = sheet.grid.get(merge.first_row, merge.first_col);
            let value_text = top
                .map(cells::describe)
                .unwrap_or_else(|| "空白".to_string());
            let (a, b) = (u64::from(first) + 1, u64::from(merge.last_row) + 1);
            let message = if merge.first_row <= header_row {
                format!(
                    "合并单元格 {} 从表头延伸到了数据行（第{a}～{b}行）：请取消合并，在每一行分别填写",
                    merge.label()
                )
            } else {
                format!(
                    "合并单元格 {} 跨越数据行（第{a}～{b}行）：只有第{a}行读得到内容（{value_text}），其余各行在程序看来是空白。请取消合并，在每一行分别填写",
                    merge.label()
                )
            };
            problems.push(
                Problem::error(name, message)
                    .at_row(first.saturating_add(1))
                    .at_column(column_place(&headers, merge.first_col)),
            );
            if merge.first_row > header_row
                && let Some(value) = top
            {
                // Only on rows that hold cells, within the cells' extent and up to a
                // bounded number of fills: a range may claim the whole sheet.
                let last_col = merge.last_col.min(extent.1.saturating_sub(1));
                let covered = sheet
                    .grid
                    .rows_between(merge.first_row.saturating_add(1), merge.last_row);
                'rows: for (r, cells) in covered {
                    for c in merge.first_col..=last_col {
                        visited += 1;
                        if filled >= MAX_FILLS || visited > MAX_FILL_VISITS {
                            break 'rows;
                        }
                        if !cells.contains_key(&c) {
                            fills.entry(r).or_default().push((c, value.clone()));
                            filled += 1;
                        }
                    }
                }
            }
        }
        if reported > MAX_MERGE_REPORTS {
            problems.push(Problem::error(
                name,
                format!(
                    "另有 {} 个合并单元格跨越数据行，未逐一列出：请取消该工作表中数据行的全部合并，在每一行分别填写",
                    reported - MAX_MERGE_REPORTS
                ),
            ));
        }
        // Ranges by their first row, for the check of each data row below.
        let mut merges_by_row: BTreeMap<u32, Vec<&Merge>> = BTreeMap::new();
        for merge in &sheet.merges {
            if merge.first_col != merge.last_col {
                merges_by_row
                    .entry(merge.first_row)
                    .or_default()
                    .push(merge);
            }
        }

        let mut rows = Vec::new();
        let mut row_numbers: Vec<u32> = sheet
            .grid
            .rows()
            .map(|(r, _)| r)
            .filter(|r| *r > header_row)
            .chain(fills.keys().copied())
            .collect();
        row_numbers.sort_unstable();
        row_numbers.dedup();
        for r in row_numbers {
            let row_number = r.saturating_add(1);
            let mut row_cells: Vec<(u32, Data)> = sheet
                .grid
                .row(r)
                .map(|cells| cells.iter().map(|(c, d)| (*c, d.clone())).collect())
                .unwrap_or_default();
            if let Some(extra) = fills.get(&r) {
                row_cells.extend(extra.iter().cloned());
                row_cells.sort_by_key(|(c, _)| *c);
            }
            // A formula without a saved result in a column that is read: an error at its
            // cell, and blank from here on (the error already stops the build).
            row_cells.retain(|(c, d)| {
                if !cells::is_unsaved_formula(d) {
                    return true;
                }
                if *c == key_column || data_columns.contains(c) {
                    problems.push(
                        Problem::error(name, cells::UNSAVED_FORMULA_MESSAGE)
                            .at_row(row_number)
                            .at_column(column_place(&headers, *c)),
                    );
                }
                false
            });
            if row_cells.is_empty() {
                continue;
            }
            let table_row = TableRow {
                row: row_number,
                cells: row_cells,
            };
            let key_text = cells::cell_text(table_row.get(key_column)).unwrap_or_default();
            if canonical(&key_text).0 == key {
                problems.push(
                    Problem::warning(name, "表头在数据中重复出现，已跳过该行").at_row(row_number),
                );
                continue;
            }
            let summary_text = if key_text.is_empty() && blank_key_repeats {
                None
            } else if key_text.is_empty() {
                table_row
                    .cells
                    .iter()
                    .filter_map(|(_, d)| cells::cell_text(d))
                    .find(|t| looks_like_summary(t))
            } else {
                looks_like_summary(&key_text).then(|| key_text.clone())
            };
            if let Some(text) = summary_text {
                problems.push(
                    Problem::warning(
                        name,
                        format!(
                            "{} 像是合计、备注或说明行，未作为数据读取",
                            cells::quote(&text)
                        ),
                    )
                    .at_row(row_number),
                );
                continue;
            }
            if key_text.is_empty() && !blank_key_repeats {
                let data: Vec<(u32, Data)> = table_row
                    .cells
                    .iter()
                    .filter(|(c, _)| data_columns.contains(c))
                    .cloned()
                    .collect();
                let other: Vec<(u32, Data)> = table_row
                    .cells
                    .iter()
                    .filter(|(c, _)| {
                        !headers
                            .iter()
                            .any(|h| h.column == *c && ignorable_header(&h.name))
                    })
                    .cloned()
                    .collect();
                if !data.is_empty() {
                    problems.push(
                        Problem::error(
                            name,
                            format!(
                                "「{key}」为空，但该行填有数据（{}）：请补填「{key}」，或删除该行",
                                sample_cells(&headers, &data)
                            ),
                        )
                        .at_row(row_number)
                        .at_column(column_place(&headers, key_column)),
                    );
                } else if !other.is_empty() {
                    problems.push(
                        Problem::warning(
                            name,
                            format!(
                                "该行没有「{key}」，其中的内容（{}）未读取",
                                sample_cells(&headers, &other)
                            ),
                        )
                        .at_row(row_number),
                    );
                }
                continue;
            }
            if sheet.hidden_rows.contains(&r) {
                problems.push(
                    Problem::error(
                        name,
                        format!(
                            "这是隐藏行（或被筛选隐藏），但其中有数据（{}）：无法判断它是否应当计入。请取消隐藏后核对，不应计入的请删除该行",
                            cells::quote(&key_text)
                        ),
                    )
                    .at_row(row_number),
                );
            }
            // One merged range across two columns that both matter: only the first is read.
            for merge in merges_by_row.get(&r).into_iter().flatten() {
                let covered: Vec<&Header> = headers
                    .iter()
                    .filter(|h| {
                        merge.contains(r, h.column)
                            && (data_columns.contains(&h.column) || h.column == key_column)
                    })
                    .collect();
                if covered.len() >= 2 {
                    let names: Vec<String> = covered
                        .iter()
                        .map(|h| format!("「{}」", h.original))
                        .collect();
                    problems.push(
                        Problem::error(
                            name,
                            format!(
                                "合并单元格 {} 横跨{}等 {} 列：只有第一列读得到内容。请取消合并，在各列分别填写",
                                merge.label(),
                                names.join(""),
                                covered.len()
                            ),
                        )
                        .at_row(row_number)
                        .at_column(column_place(&headers, merge.first_col)),
                    );
                }
            }
            styled_numbers(sheet, r, &table_row, &headers, measured, problems);
            rows.push(table_row);
        }
        let mut accepted: Vec<String> = known.iter().map(|k| k.to_string()).collect();
        accepted.push(key.to_string());
        Some(Table {
            sheet: name.to_string(),
            headers,
            rows,
            accepted,
        })
    }

    fn header(&self, key: impl Lookup) -> Option<&Header> {
        let name = key.header();
        debug_assert!(
            self.accepted.iter().any(|a| *a == name),
            "column 「{name}」 is not in the schema of sheet 「{}」",
            self.sheet
        );
        self.headers.iter().find(|h| h.name == name)
    }

    /// Factor converting the column's values to base units (1 unless the header says 万元).
    pub fn scale(&self, key: impl Lookup) -> f64 {
        self.header(key).map_or(1.0, |h| h.scale)
    }

    /// The column (0-based) of `key` and its scale to base units, when the sheet has it.
    pub(crate) fn place(&self, key: impl Lookup) -> Option<(u32, f64)> {
        self.header(key).map(|h| (h.column, h.scale))
    }

    pub fn has(&self, key: impl Lookup) -> bool {
        self.header(key).is_some()
    }

    /// Column label for messages: letter and the header as written, e.g. `D（小学在校生数）`.
    pub(crate) fn column_label(&self, key: impl Lookup) -> String {
        match self.header(key) {
            Some(h) => format!("{}（{}）", column_letter(h.column), h.original),
            None => format!("（{}）", key.header()),
        }
    }

    /// The raw cell under `key`, or Empty when the column is absent.
    pub fn raw<'a>(&self, row: &'a TableRow, key: impl Lookup) -> &'a Data {
        static EMPTY: Data = Data::Empty;
        match self.header(key) {
            Some(h) => row.get(h.column),
            None => &EMPTY,
        }
    }

    /// Parse the cell under `key`; a failure is recorded as a located error.
    pub fn get<T>(
        &self,
        row: &TableRow,
        key: impl Lookup,
        parse: fn(&Data) -> CellResult<T>,
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        let header = self.header(key)?;
        match parse(row.get(header.column)) {
            Ok(v) => v,
            Err(e) => {
                problems.push(
                    Problem::error(&self.sheet, e.0)
                        .at_row(row.row)
                        .at_column(self.column_label(key)),
                );
                None
            }
        }
    }

    /// A number converted to base units (万元 headers × 10,000).
    pub(crate) fn get_scaled(
        &self,
        row: &TableRow,
        key: impl Lookup,
        parse: fn(&Data) -> CellResult<f64>,
        problems: &mut Vec<Problem>,
    ) -> Option<f64> {
        let scale = self.header(key)?.scale;
        self.get(row, key, parse, problems).map(|v| v * scale)
    }

    /// Record an error for a required cell that is blank (or says "not applicable"). A
    /// cell with other content failed to parse and has been reported already.
    pub(crate) fn require(
        &self,
        row: &TableRow,
        key: impl Lookup,
        what: &str,
        problems: &mut Vec<Problem>,
    ) {
        let raw = self.raw(row, key);
        let name = key.header();
        let message = if cells::cell_text(raw).is_none() {
            format!("「{name}」不能为空：应填写{what}")
        } else if cells::is_not_applicable(raw) {
            format!("「{name}」不能填“不适用”：应填写{what}")
        } else {
            return;
        };
        problems.push(
            Problem::error(&self.sheet, message)
                .at_row(row.row)
                .at_column(self.column_label(key)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_lose_units_spaces_and_markers() {
        assert_eq!(
            normalize_header("教学仪器设备值（万元）"),
            ("教学仪器设备值".to_string(), Some("万元".to_string()))
        );
        assert_eq!(
            normalize_header(" 体育运动场馆面积(㎡) ").0,
            "体育运动场馆面积"
        );
        assert_eq!(
            normalize_header("教学及辅助用房面积㎡").0,
            "教学及辅助用房面积"
        );
        assert_eq!(normalize_header("学校名称*").0, "学校名称");
        assert_eq!(normalize_header("学 校　名 称").0, "学校名称");
        assert_eq!(normalize_header("（备注）").0, "（备注）");
    }

    #[test]
    fn summary_rows_are_recognised() {
        assert!(looks_like_summary("合计"));
        assert!(looks_like_summary("全区合 计"));
        assert!(looks_like_summary("备注：本表由各校填报"));
        assert!(!looks_like_summary("清禾区实验小学"));
        assert!(looks_like_summary("小计（公办学校）"));
        assert!(!looks_like_summary("建立全区学籍数据汇总与动态监测机制"));
    }

    #[test]
    fn header_row_found_below_title_rows() {
        let mut range = Range::new((0, 0), (3, 2));
        range.set_value((0, 0), Data::String("清禾区学校统计表".into()));
        range.set_value((1, 0), Data::String("学校名称".into()));
        range.set_value((1, 1), Data::String("在校生数（人）".into()));
        range.set_value((1, 2), Data::String("怪列".into()));
        range.set_value((2, 0), Data::String("甲校".into()));
        range.set_value((2, 1), Data::String("1,200".into()));
        range.set_value((3, 0), Data::String("合计".into()));
        let mut problems = Vec::new();
        let table = Table::from_range("学校", &range, "学校名称", &["在校生数"], &mut problems)
            .expect("table");
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].row, 3);
        let n = table.get(
            &table.rows[0],
            super::super::schema::school::STUDENTS,
            cells::count,
            &mut problems,
        );
        assert_eq!(n, Some(1200));
        assert_eq!(problems.len(), 2, "{problems:?}"); // unknown column + totals row
        assert!(problems.iter().all(|p| !p.is_error()));
    }
}
