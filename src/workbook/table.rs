//! One worksheet seen as a table: header row found by its key column, headers matched
//! after trimming and dropping a bracketed unit, data rows with their Excel row numbers.

use calamine::{Data, Range};

use super::cells::{self, CellResult, normalize_text};
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
        let inner =
            &name[start + opening.len_utf8()..name.len() - closing.map_or(0, char::len_utf8)];
        unit = Some(inner.to_string());
        name.truncate(start);
        name = name.trim_end_matches(['*', '＊']).to_string();
    }
    for suffix in ["㎡", "m²", "m2"] {
        if let Some(stripped) = name.strip_suffix(suffix)
            && !stripped.is_empty()
        {
            unit = Some(suffix.to_string());
            name = stripped.to_string();
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
    ["合计", "总计", "小计", "累计"]
        .iter()
        .any(|w| t.contains(w))
        || ["备注", "说明", "注：", "注:", "填表说明", "填报说明"]
            .iter()
            .any(|w| t.starts_with(w))
}

impl Table {
    /// Build a table from a sheet range. The header row is the first row that contains
    /// `key`. Unknown headers give a warning. Returns None (with an error) when the key
    /// column is absent.
    pub fn from_range(
        sheet: &str,
        range: &Range<Data>,
        key: &str,
        known: &[&str],
        problems: &mut Vec<Problem>,
    ) -> Option<Table> {
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut header_index = None;
        for (i, row) in range.rows().enumerate() {
            if row.iter().any(|c| {
                cells::cell_text(c).map(|t| normalize_header(&t).0) == Some(key.to_string())
            }) {
                header_index = Some(i);
                break;
            }
        }
        let Some(header_index) = header_index else {
            problems.push(Problem::error(
                sheet,
                format!("找不到表头：应有一行包含列名「{key}」"),
            ));
            return None;
        };
        let header_row = range.rows().nth(header_index)?;
        let mut headers: Vec<Header> = Vec::new();
        for (j, cell) in header_row.iter().enumerate() {
            let Some(text) = cells::cell_text(cell) else {
                continue;
            };
            let (name, unit) = normalize_header(&text);
            let column = col0 + j as u32;
            let scale = match &unit {
                Some(u) if u.contains("万元") => 10_000.0,
                _ => 1.0,
            };
            if headers.iter().any(|h| h.name == name) {
                problems.push(
                    Problem::error(sheet, format!("列名「{text}」重复出现：每列只能出现一次"))
                        .at_row(row0 + header_index as u32 + 1)
                        .at_column(column_letter(column)),
                );
                continue;
            }
            // Row numbers and remarks are common in bureaus' sheets: accept them silently.
            let ignorable = matches!(name.as_str(), "序号" | "编号" | "备注");
            if !ignorable && !known.iter().any(|k| *k == name) && name != key {
                problems.push(
                    Problem::warning(sheet, format!("未知列「{text}」，已忽略"))
                        .at_row(row0 + header_index as u32 + 1)
                        .at_column(column_letter(column)),
                );
            }
            headers.push(Header {
                name,
                column,
                scale,
                original: text,
            });
        }
        let key_column = headers.iter().find(|h| h.name == key).map(|h| h.column)?;
        let mut rows = Vec::new();
        for (i, row) in range.rows().enumerate().skip(header_index + 1) {
            let row_number = row0 + i as u32 + 1;
            let cells: Vec<(u32, Data)> = row
                .iter()
                .enumerate()
                .filter(|(_, d)| cells::cell_text(d).is_some())
                .map(|(j, d)| (col0 + j as u32, d.clone()))
                .collect();
            if cells.is_empty() {
                continue;
            }
            let table_row = TableRow {
                row: row_number,
                cells,
            };
            let key_text = cells::cell_text(table_row.get(key_column)).unwrap_or_default();
            if normalize_header(&key_text).0 == key {
                problems.push(
                    Problem::warning(sheet, "表头在数据中重复出现，已跳过该行").at_row(row_number),
                );
                continue;
            }
            if looks_like_summary(&key_text) {
                problems.push(
                    Problem::warning(
                        sheet,
                        format!("「{key_text}」像是合计或备注行，未作为数据读取"),
                    )
                    .at_row(row_number),
                );
                continue;
            }
            rows.push(table_row);
        }
        Some(Table {
            sheet: sheet.to_string(),
            headers,
            rows,
        })
    }

    fn header(&self, name: &str) -> Option<&Header> {
        self.headers.iter().find(|h| h.name == name)
    }

    /// Factor converting the column's values to base units (1 unless the header says 万元).
    pub fn scale(&self, name: &str) -> f64 {
        self.header(name).map_or(1.0, |h| h.scale)
    }

    pub fn has(&self, name: &str) -> bool {
        self.header(name).is_some()
    }

    /// Column label for messages: letter and the header as written, e.g. `D（小学在校生数）`.
    pub fn column_label(&self, name: &str) -> String {
        match self.header(name) {
            Some(h) => format!("{}（{}）", column_letter(h.column), h.original),
            None => format!("（{name}）"),
        }
    }

    /// The raw cell under `name`, or Empty when the column is absent.
    pub fn raw<'a>(&self, row: &'a TableRow, name: &str) -> &'a Data {
        static EMPTY: Data = Data::Empty;
        match self.header(name) {
            Some(h) => row.get(h.column),
            None => &EMPTY,
        }
    }

    /// Parse the cell under `name`; a failure is recorded as a located error.
    pub fn get<T>(
        &self,
        row: &TableRow,
        name: &str,
        parse: fn(&Data) -> CellResult<T>,
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        let header = self.header(name)?;
        match parse(row.get(header.column)) {
            Ok(v) => v,
            Err(e) => {
                problems.push(
                    Problem::error(&self.sheet, e.0)
                        .at_row(row.row)
                        .at_column(self.column_label(name)),
                );
                None
            }
        }
    }

    /// A number converted to base units (万元 headers × 10,000).
    pub fn get_scaled(
        &self,
        row: &TableRow,
        name: &str,
        parse: fn(&Data) -> CellResult<f64>,
        problems: &mut Vec<Problem>,
    ) -> Option<f64> {
        let scale = self.header(name)?.scale;
        self.get(row, name, parse, problems).map(|v| v * scale)
    }

    /// The first of `names` whose column exists.
    pub fn first_present<'n>(&self, names: &[&'n str]) -> Option<&'n str> {
        names.iter().copied().find(|n| self.has(n))
    }

    /// Record an error for a required cell that is blank.
    pub fn require(&self, row: &TableRow, name: &str, what: &str, problems: &mut Vec<Problem>) {
        problems.push(
            Problem::error(&self.sheet, format!("「{name}」不能为空：应填写{what}"))
                .at_row(row.row)
                .at_column(self.column_label(name)),
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
        let n = table.get(&table.rows[0], "在校生数", cells::count, &mut problems);
        assert_eq!(n, Some(1200));
        assert_eq!(problems.len(), 2, "{problems:?}"); // unknown column + totals row
        assert!(problems.iter().all(|p| !p.is_error()));
    }
}
