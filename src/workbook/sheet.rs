//! One worksheet as loaded from a file: its non-empty cells (sparse, so a stray value in
//! cell XFD1048576 costs one entry, not a billion), and what the container says about its
//! layout: merged ranges, hidden rows and columns, whether the sheet itself is hidden.

use std::collections::{BTreeMap, BTreeSet};

use calamine::{Data, Range};

use super::cells;
use super::limits::Budget;
use crate::problem::Problem;

/// The non-empty cells of a worksheet: row → column → value, all 0-based and absolute
/// (A1 is (0, 0)), whatever the sheet's used range starts at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    rows: BTreeMap<u32, BTreeMap<u32, Data>>,
    count: usize,
}

impl Grid {
    pub fn new() -> Self {
        Grid::default()
    }

    /// All non-empty cells of a calamine range, at their absolute positions.
    pub fn from_range(range: &Range<Data>) -> Self {
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut grid = Grid::new();
        for (r, c, value) in range.used_cells() {
            let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
                continue;
            };
            grid.set(
                row0.saturating_add(r),
                col0.saturating_add(c),
                value.clone(),
            );
        }
        grid
    }

    /// [`Grid::from_range`], each cell counted against `budget` before it is stored.
    pub(crate) fn from_range_within(
        range: &Range<Data>,
        sheet: &str,
        budget: &Budget,
    ) -> Result<Self, Problem> {
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut grid = Grid::new();
        for (r, c, value) in range.used_cells() {
            let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
                continue;
            };
            if cells::is_blank(value) {
                continue;
            }
            let (r, c) = (row0.saturating_add(r), col0.saturating_add(c));
            budget.take_value(sheet, r, c, value)?;
            grid.set(r, c, value.clone());
        }
        Ok(grid)
    }

    /// Store a value; blank cells (empty, or text that is only spaces) are not stored.
    pub fn set(&mut self, row: u32, col: u32, value: Data) {
        if cells::is_blank(&value) {
            if let Some(cells) = self.rows.get_mut(&row)
                && cells.remove(&col).is_some()
            {
                self.count -= 1;
            }
            return;
        }
        if self
            .rows
            .entry(row)
            .or_default()
            .insert(col, value)
            .is_none()
        {
            self.count += 1;
        }
    }

    /// Rewrite every text cell with `f` (row, column, text), in order; a cell whose text
    /// becomes blank is removed.
    pub(crate) fn rewrite_text(&mut self, mut f: impl FnMut(u32, u32, &mut String)) {
        let mut emptied = Vec::new();
        for (r, cells) in &mut self.rows {
            for (c, value) in cells.iter_mut() {
                if let Data::String(text) = value {
                    f(*r, *c, text);
                    if cells::is_blank(value) {
                        emptied.push((*r, *c));
                    }
                }
            }
        }
        for (r, c) in emptied {
            self.set(r, c, Data::Empty);
        }
    }

    pub fn get(&self, row: u32, col: u32) -> Option<&Data> {
        self.rows.get(&row).and_then(|cells| cells.get(&col))
    }

    /// The cells of one row, if it has any.
    pub fn row(&self, row: u32) -> Option<&BTreeMap<u32, Data>> {
        self.rows.get(&row)
    }

    /// Number of non-empty cells.
    pub fn cell_count(&self) -> usize {
        self.count
    }

    /// (rows, columns) up to the last cell: one past the largest row and column index.
    pub(crate) fn extent(&self) -> (u32, u32) {
        let mut extent = (0u32, 0u32);
        for (row, cells) in self.rows() {
            extent.0 = extent.0.max(row.saturating_add(1));
            if let Some((col, _)) = cells.last_key_value() {
                extent.1 = extent.1.max(col.saturating_add(1));
            }
        }
        extent
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Rows that hold at least one value, in order, with their cells in column order.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &BTreeMap<u32, Data>)> {
        self.rows
            .iter()
            .filter(|(_, cells)| !cells.is_empty())
            .map(|(r, cells)| (*r, cells))
    }

    /// Rows from `first` to `last` (inclusive) that hold at least one value, in order:
    /// a lookup in the row map, not a scan of the sheet.
    pub fn rows_between(
        &self,
        first: u32,
        last: u32,
    ) -> impl Iterator<Item = (u32, &BTreeMap<u32, Data>)> {
        self.rows
            .range(first..=last.max(first))
            .filter(|(_, cells)| !cells.is_empty())
            .map(|(r, cells)| (*r, cells))
    }

    /// The same cells as a dense calamine range (for writers and tests; small sheets only).
    pub fn to_range(&self) -> Range<Data> {
        let mut cells = Vec::with_capacity(self.count);
        for (r, row) in &self.rows {
            for (c, value) in row {
                cells.push(calamine::Cell::new((*r, *c), value.clone()));
            }
        }
        Range::from_sparse(cells)
    }
}

/// A merged range, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Merge {
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row)
            && (self.first_col..=self.last_col).contains(&col)
    }

    /// `C4:C6` as Excel writes it.
    pub fn label(&self) -> String {
        format!(
            "{}{}:{}{}",
            crate::problem::column_letter(self.first_col),
            u64::from(self.first_row) + 1,
            crate::problem::column_letter(self.last_col),
            u64::from(self.last_row) + 1
        )
    }
}

/// What the container says about a worksheet beyond its cells; each format's reader
/// fills one per sheet.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Layout {
    /// 0-based rows marked hidden (also rows hidden by a filter, or of zero height).
    pub hidden_rows: BTreeSet<u32>,
    /// 0-based columns marked hidden.
    pub hidden_columns: BTreeSet<u32>,
    pub merges: Vec<Merge>,
    /// (row, column) of formulas the file holds without a saved result: they read as
    /// blank, and must not pass as blank.
    pub unsaved_formulas: Vec<(u32, u32)>,
    /// Cells formatted as a percentage or as money (at most [`MAX_STYLED`]): what the
    /// spreadsheet program shows differs from the number stored.
    pub number_styles: Vec<(u32, u32, NumberStyle)>,
}

/// Most formatted cells recorded per sheet.
pub(crate) const MAX_STYLED: usize = 65_536;

/// A number format that makes the program show something other than the number stored.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberStyle {
    /// Shown × 100 with a percent sign, with this many decimals: typing 7480 into such
    /// a cell stores 74.8.
    Percent { decimals: u8 },
    /// Shown with a currency symbol, with this many decimals.
    Currency { symbol: String, decimals: u8 },
}

impl NumberStyle {
    /// What the program shows for `value`: `7480%`, `¥1,234.50`.
    pub fn shown(&self, value: f64) -> String {
        match self {
            NumberStyle::Percent { decimals } => {
                format!("{:.*}%", usize::from(*decimals), value * 100.0)
            }
            NumberStyle::Currency { symbol, decimals } => {
                format!("{symbol}{}", grouped(value, *decimals))
            }
        }
    }

    /// Classify an Excel number format code (its first section; quoted text, escaped
    /// characters and colours aside): a percent sign makes it a percentage, a currency
    /// symbol (`¥`, `$`, `[$¥-804]`) money. None for anything else.
    pub fn of_format_code(code: &str) -> Option<NumberStyle> {
        let mut plain = String::new();
        let mut symbol: Option<String> = None;
        let mut chars = code.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                ';' => break,
                // Quoted or escaped text is shown as it is: `"¥"#,##0.00` and `\¥0` are
                // money all the same.
                '"' => {
                    for q in chars.by_ref() {
                        if q == '"' {
                            break;
                        }
                        if is_currency_sign(q) {
                            symbol = Some(q.to_string());
                        }
                    }
                }
                '\\' => {
                    if let Some(q) = chars.next().filter(|q| is_currency_sign(*q)) {
                        symbol = Some(q.to_string());
                    }
                }
                '_' | '*' => {
                    chars.next();
                }
                '[' => {
                    let mut inside = String::new();
                    for q in chars.by_ref() {
                        if q == ']' {
                            break;
                        }
                        inside.push(q);
                    }
                    // [$¥-804]: a currency with its locale.
                    if let Some(rest) = inside.strip_prefix('$') {
                        let sym: String = rest.chars().take_while(|c| *c != '-').collect();
                        if !sym.is_empty() {
                            symbol = Some(sym);
                        }
                    }
                }
                c if is_currency_sign(c) => symbol = Some(c.to_string()),
                _ => plain.push(c),
            }
        }
        let decimals = plain
            .split_once('.')
            .map_or(0, |(_, after)| {
                after
                    .chars()
                    .take_while(|c| matches!(c, '0' | '#' | '?'))
                    .count()
            })
            .min(15) as u8;
        if plain.contains('%') {
            Some(NumberStyle::Percent { decimals })
        } else {
            symbol.map(|symbol| NumberStyle::Currency { symbol, decimals })
        }
    }

    /// Excel's built-in number formats that show a percentage or money (ids 5–8 are
    /// the currency formats, in a Chinese Excel `¥#,##0`; 9 and 10 the percentages).
    pub fn of_builtin(id: u32) -> Option<NumberStyle> {
        match id {
            5 | 6 => Some(NumberStyle::Currency {
                symbol: "¥".to_string(),
                decimals: 0,
            }),
            7 | 8 => Some(NumberStyle::Currency {
                symbol: "¥".to_string(),
                decimals: 2,
            }),
            9 => Some(NumberStyle::Percent { decimals: 0 }),
            10 => Some(NumberStyle::Percent { decimals: 2 }),
            _ => None,
        }
    }
}

fn is_currency_sign(c: char) -> bool {
    matches!(c, '¥' | '￥' | '$' | '€' | '£')
}

/// `1,234.50`: `value` with `decimals` decimals and thousands separators.
fn grouped(value: f64, decimals: u8) -> String {
    let text = format!("{:.*}", usize::from(decimals), value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    if value < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// A worksheet as the reader sees it.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The name as written in the workbook.
    pub name: String,
    pub grid: Grid,
    pub merges: Vec<Merge>,
    /// 0-based rows marked hidden (also rows hidden by a filter).
    pub hidden_rows: BTreeSet<u32>,
    /// 0-based columns marked hidden.
    pub hidden_columns: BTreeSet<u32>,
    /// The sheet tab itself is hidden.
    pub hidden: bool,
    /// Cells formatted as a percentage or as money, by (row, column).
    pub number_styles: BTreeMap<(u32, u32), NumberStyle>,
}

impl Sheet {
    /// A plain sheet (no merges, nothing hidden) holding `grid`.
    pub fn new(name: impl Into<String>, grid: Grid) -> Self {
        Sheet {
            name: name.into(),
            grid,
            ..Sheet::default()
        }
    }

    /// Take over what the container says about the sheet. A formula without a saved
    /// result, where no value was read, becomes [`cells::UNSAVED_FORMULA`].
    pub fn apply(&mut self, layout: Layout) {
        self.hidden_rows = layout.hidden_rows;
        self.hidden_columns = layout.hidden_columns;
        self.merges = layout.merges;
        self.number_styles = layout
            .number_styles
            .into_iter()
            .map(|(r, c, style)| ((r, c), style))
            .collect();
        for (row, col) in layout.unsaved_formulas {
            if self.grid.get(row, col).is_none() {
                self.grid.set(row, col, cells::UNSAVED_FORMULA);
            }
        }
    }

    /// A plain sheet from a calamine range.
    pub fn from_range(name: impl Into<String>, range: &Range<Data>) -> Self {
        Sheet::new(name, Grid::from_range(range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_currency_formats_are_recognised_and_shown() {
        let percent = NumberStyle::of_format_code("0.0%").unwrap();
        assert_eq!(percent, NumberStyle::Percent { decimals: 1 });
        assert_eq!(percent.shown(74.8), "7480.0%");
        for money in [
            "\"¥\"#,##0.00",
            "[$¥-804]#,##0.00",
            "\\¥#,##0.00;[Red]\\¥-#,##0.00",
        ] {
            let style = NumberStyle::of_format_code(money).unwrap();
            assert_eq!(style.shown(1234.5), "¥1,234.50", "{money}");
        }
        // Literal units, dates and plain numbers are none of these; nor a % in quotes.
        for other in ["0\"平方米\"", "yyyy-mm-dd", "#,##0.00", "General", "0\"%\""] {
            assert_eq!(NumberStyle::of_format_code(other), None, "{other}");
        }
        assert_eq!(NumberStyle::of_builtin(9).unwrap().shown(0.5), "50%");
        assert_eq!(NumberStyle::of_builtin(3), None);
    }

    #[test]
    fn grid_is_sparse_and_absolute() {
        let mut range = Range::new((2, 1), (3, 2));
        range.set_value((2, 1), Data::String("甲".into()));
        range.set_value((3, 2), Data::Int(5));
        let mut grid = Grid::from_range(&range);
        assert_eq!(grid.cell_count(), 2);
        assert_eq!(grid.get(2, 1), Some(&Data::String("甲".into())));
        grid.set(1_000_000, 16_000, Data::String("远处".into()));
        assert_eq!(grid.cell_count(), 3);
        grid.set(2, 1, Data::String("  ".into()));
        assert_eq!(grid.cell_count(), 2);
        assert_eq!(grid.rows().count(), 2);
    }

    #[test]
    fn merge_labels() {
        let m = Merge {
            first_row: 3,
            first_col: 2,
            last_row: 5,
            last_col: 2,
        };
        assert_eq!(m.label(), "C4:C6");
        assert!(m.contains(4, 2));
        assert!(!m.contains(4, 3));
    }
}
