//! What one workbook may cost, enforced while it is read: before a cell is stored, its
//! text is measured and counted, so that a small file that expands (repeated rows and
//! cells in .ods, one long shared string referenced by every cell of an .xlsx, a damaged
//! .xls) is refused with a located message instead of filling memory.
//!
//! Together the limits bound what the cells of one workbook hold in memory: at most
//! [`MAX_CELLS`] values (about 100 bytes each with the sparse grid's overhead) and
//! [`MAX_TEXT_BYTES`] of text, beside the file itself ([`MAX_FILE_BYTES`]) and what the
//! format's parser keeps of its parts ([`MAX_UNPACKED_BYTES`]; for .ods and .xls,
//! calamine's dense sheets, at most 2 × [`MAX_AREA`] cells of 56 bytes): about 0.5 GB
//! at the very worst, well under the 2 GB address space the tests give the CLI.

use std::sync::atomic::{AtomicUsize, Ordering};

use calamine::Data;

use crate::problem::{Problem, column_letter};

/// Largest workbook file accepted. A county's workbook is well under 2 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest total unpacked size of the parts of an .xlsx/.ods that get parsed (sheets,
/// shared strings, styles, workbook), and of an .xls workbook stream. Refused before
/// any of it is decompressed.
pub const MAX_UNPACKED_BYTES: u64 = 100 * 1024 * 1024;
/// Largest number of non-empty cells in one workbook.
pub const MAX_CELLS: usize = 1_000_000;
/// Longest text of one cell, in characters: Excel's own limit.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;
/// Largest total of the text of all cells, in bytes (a county's workbook holds well
/// under 2 MB of text).
pub(crate) const MAX_TEXT_BYTES: usize = 32 * 1024 * 1024;

/// Most sheets in one workbook: a county's workbook has about a dozen; readers look
/// sheets up by name, so each one more costs them a little for every other.
pub(crate) const MAX_SHEETS: usize = 1_000;

/// The refusal of a workbook with `count` sheets (or more), past [`MAX_SHEETS`].
pub(crate) fn too_many_sheets(label: &str, count: usize) -> Problem {
    Problem::file_error(
        label,
        format!(
            "工作簿中的工作表过多（{count} 个，上限 {MAX_SHEETS} 个）：一个县区的指标工作簿通常只有十几个工作表。请删除多余的工作表后另存，再试"
        ),
    )
}

/// Largest rectangle over the values of one sheet, in cells, for the formats whose
/// reader (calamine, for .ods and .xls) stores a sheet densely; and for .ods the most
/// cells calamine stores for a sheet's rows before repeating them.
pub(crate) const MAX_AREA: u64 = 2_000_000;

/// Cells and text stored so far for one workbook; shared by the threads that read its
/// sheets.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    cells: AtomicUsize,
    text: AtomicUsize,
}

impl Budget {
    pub fn new() -> Self {
        Budget::default()
    }

    /// Account for one non-empty cell at (row, col) of `sheet` holding text of `chars`
    /// characters and `bytes` bytes (0 for a number). Err is the located refusal.
    pub fn take(
        &self,
        sheet: &str,
        row: u32,
        col: u32,
        chars: usize,
        bytes: usize,
    ) -> Result<(), Problem> {
        self.take_copies(sheet, row, col, 1, chars, bytes)
    }

    /// [`Budget::take`] for `copies` cells of the same text (a repeated .ods cell).
    pub(crate) fn take_copies(
        &self,
        sheet: &str,
        row: u32,
        col: u32,
        copies: usize,
        chars: usize,
        bytes: usize,
    ) -> Result<(), Problem> {
        let at = |p: Problem| {
            p.at_row(row.saturating_add(1))
                .at_column(column_letter(col))
        };
        if chars > MAX_CELL_CHARS {
            return Err(at(Problem::error(
                sheet,
                format!(
                    "单元格中的文字过长（{chars} 个字符，上限 {MAX_CELL_CHARS} 个，与 Excel 相同）：请删去多余的内容，长篇材料请分成几行填写"
                ),
            )));
        }
        let copies = copies.min(MAX_CELLS.saturating_add(1));
        let cells = self
            .cells
            .fetch_add(copies, Ordering::Relaxed)
            .saturating_add(copies);
        if cells > MAX_CELLS {
            return Err(at(Problem::error(sheet, too_many_cells())));
        }
        let added = bytes.saturating_mul(copies);
        let text = self
            .text
            .fetch_add(
                added.min(MAX_TEXT_BYTES.saturating_add(1)),
                Ordering::Relaxed,
            )
            .saturating_add(added);
        if text > MAX_TEXT_BYTES {
            return Err(at(Problem::error(
                sheet,
                format!(
                    "工作簿中的文字总量超过 {} MB，读到此单元格时停止：一个县区的指标工作簿通常不到 2 MB。常见原因是大量单元格填了（或引用了）同一段很长的文字，或重复了成千上万行。请删除多余的内容后另存，再试",
                    MAX_TEXT_BYTES / 1024 / 1024
                ),
            )));
        }
        Ok(())
    }

    /// [`Budget::take`] for a value about to be stored.
    pub(crate) fn take_value(
        &self,
        sheet: &str,
        row: u32,
        col: u32,
        value: &Data,
    ) -> Result<(), Problem> {
        let (chars, bytes) = match value {
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                (s.chars().count(), s.len())
            }
            _ => (0, 0),
        };
        self.take(sheet, row, col, chars, bytes)
    }
}

/// The refusal of a workbook with more than [`MAX_CELLS`] non-empty cells.
pub(crate) fn too_many_cells() -> String {
    format!(
        "工作簿中的非空单元格超过 {} 万个，读到此单元格时停止：一个县区的指标工作簿通常只有几万个。请删除多余的数据（或大片重复的行、列）后另存，再试",
        MAX_CELLS / 10_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_cell_is_refused_with_its_place() {
        let budget = Budget::new();
        let long = Data::String("字".repeat(MAX_CELL_CHARS + 1));
        let p = budget.take_value("学校", 4, 2, &long).unwrap_err();
        assert_eq!((p.row, p.column.as_deref()), (Some(5), Some("C")));
        assert!(p.message.contains("32767 个"), "{}", p.message);
        let fits = Data::String("字".repeat(MAX_CELL_CHARS));
        assert!(budget.take_value("学校", 4, 2, &fits).is_ok());
    }

    #[test]
    fn the_text_total_and_the_cell_count_are_shared() {
        let budget = Budget::new();
        let chunk = 30_000;
        let mut refused = None;
        for i in 0..(MAX_TEXT_BYTES / chunk + 2) {
            if let Err(p) = budget.take("班级", i as u32, 0, chunk, chunk) {
                refused = Some((i, p));
                break;
            }
        }
        let (at, p) = refused.unwrap();
        assert_eq!(at, MAX_TEXT_BYTES / chunk);
        assert!(p.message.contains("文字总量"), "{}", p.message);
        let budget = Budget::new();
        for _ in 0..MAX_CELLS {
            budget.take("学校", 0, 0, 0, 0).unwrap();
        }
        assert!(
            budget
                .take("学校", 0, 0, 0, 0)
                .unwrap_err()
                .message
                .contains("100 万")
        );
    }
}
