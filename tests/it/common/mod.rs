//! Test helpers shared by the CLI tests: run the binary, and clone a workbook with
//! modifications (read every sheet with calamine, rewrite it with rust_xlsxwriter).
#![allow(dead_code)]

pub mod docx;
pub mod fuzz;
pub mod http;
pub mod pdf;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::{Format, Workbook};

/// The bundled sample workbook.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/qinghe.xlsx")
}

/// Run `junheng ARGS`.
pub fn junheng(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_junheng"))
        .args(args)
        .output()
        .expect("run junheng")
}

/// Run `junheng` with string-like arguments.
#[macro_export]
macro_rules! run {
    ($($arg:expr),* $(,)?) => {
        $crate::common::junheng(&[$(std::ffi::OsStr::new(&$arg)),*])
    };
}

/// The text of a PDF in content-stream order (as `pdftotext -raw` gives it), read in Rust.
pub fn pdftotext_raw(pdf: &Path) -> String {
    pdf::text_raw(pdf)
}

/// The text of a PDF with all whitespace removed: line breaks and justification spaces
/// are layout, not content.
pub fn pdf_text_squeezed(pdf: &Path) -> String {
    pdf::text_squeezed(pdf)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// A workbook held as plain grids of cells (absolute positions from A1).
#[derive(Clone)]
pub struct Book {
    pub sheets: Vec<(String, Vec<Vec<Data>>)>,
}

fn cell_text(d: &Data) -> Option<String> {
    match d {
        Data::String(s) => Some(s.trim().to_string()),
        Data::Float(f) => Some(f.to_string()),
        Data::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

impl Book {
    pub fn open(path: &Path) -> Book {
        let mut wb = open_workbook_auto(path).expect("open workbook");
        let mut sheets = Vec::new();
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).expect("read sheet");
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut grid: Vec<Vec<Data>> = vec![Vec::new(); r0 as usize];
            for row in range.rows() {
                let mut cells = vec![Data::Empty; c0 as usize];
                cells.extend(row.iter().cloned());
                grid.push(cells);
            }
            sheets.push((name, grid));
        }
        Book { sheets }
    }

    fn grid(&self, sheet: &str) -> &Vec<Vec<Data>> {
        &self
            .sheets
            .iter()
            .find(|(n, _)| n == sheet)
            .unwrap_or_else(|| panic!("no sheet {sheet}"))
            .1
    }

    fn grid_mut(&mut self, sheet: &str) -> &mut Vec<Vec<Data>> {
        &mut self
            .sheets
            .iter_mut()
            .find(|(n, _)| n == sheet)
            .unwrap_or_else(|| panic!("no sheet {sheet}"))
            .1
    }

    /// (row, column) of the first header cell starting with `header`, 0-based.
    pub fn header(&self, sheet: &str, header: &str) -> (usize, usize) {
        for (r, row) in self.grid(sheet).iter().enumerate() {
            for (c, d) in row.iter().enumerate() {
                if cell_text(d).is_some_and(|t| t.starts_with(header)) {
                    return (r, c);
                }
            }
        }
        panic!("no header {header} in {sheet}")
    }

    /// 0-based row whose cell in column `key_col` equals `key`.
    pub fn row_of(&self, sheet: &str, key_col: usize, key: &str) -> usize {
        self.grid(sheet)
            .iter()
            .position(|row| row.get(key_col).and_then(cell_text).as_deref() == Some(key))
            .unwrap_or_else(|| panic!("no row {key} in {sheet}"))
    }

    /// Set the cell at 0-based (row, col).
    pub fn set(&mut self, sheet: &str, row: usize, col: usize, value: Data) {
        let grid = self.grid_mut(sheet);
        if grid.len() <= row {
            grid.resize(row + 1, Vec::new());
        }
        let cells = &mut grid[row];
        if cells.len() <= col {
            cells.resize(col + 1, Data::Empty);
        }
        cells[col] = value;
    }

    /// The cell at 0-based (row, col).
    pub fn get(&self, sheet: &str, row: usize, col: usize) -> Data {
        self.grid(sheet)
            .get(row)
            .and_then(|r| r.get(col))
            .cloned()
            .unwrap_or(Data::Empty)
    }

    /// In a table sheet, set column `header` of the row whose `key_header` is `key`.
    pub fn set_by(&mut self, sheet: &str, key_header: &str, key: &str, header: &str, value: Data) {
        let (_, key_col) = self.header(sheet, key_header);
        let (_, col) = self.header(sheet, header);
        let row = self.row_of(sheet, key_col, key);
        self.set(sheet, row, col, value);
    }

    /// In an item sheet (项目 | 内容/数值), set the value of `item`.
    pub fn set_item(&mut self, sheet: &str, item: &str, value: Data) {
        let value_header = if sheet == "基本信息" {
            "内容"
        } else {
            "数值"
        };
        self.set_by(sheet, "项目", item, value_header, value);
    }

    /// Append a row below the last one.
    pub fn push_row(&mut self, sheet: &str, cells: Vec<Data>) {
        self.grid_mut(sheet).push(cells);
    }

    pub fn save(&self, path: &Path) {
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (name, grid) in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(name).expect("sheet name");
            for (r, row) in grid.iter().enumerate() {
                for (c, d) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match d {
                        Data::Empty | Data::Error(_) => {}
                        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                            ws.write_string(r, c, s).expect("write");
                        }
                        Data::Float(f) => {
                            ws.write_number(r, c, *f).expect("write");
                        }
                        Data::Int(i) => {
                            ws.write_number(r, c, *i as f64).expect("write");
                        }
                        Data::Bool(b) => {
                            ws.write_boolean(r, c, *b).expect("write");
                        }
                        Data::DateTime(dt) => {
                            ws.write_number_with_format(r, c, dt.as_f64(), &date)
                                .expect("write");
                        }
                    }
                }
            }
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        wb.save(path).expect("save workbook");
    }
}

/// All files under `dir`, relative, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .display()
                .to_string()
        })
        .collect();
    out.sort();
    out
}

/// One renderer with the bundled fonts for every in-process test (fonts parse once).
pub fn renderer() -> &'static junheng::render::Renderer {
    static RENDERER: std::sync::OnceLock<junheng::render::Renderer> = std::sync::OnceLock::new();
    RENDERER
        .get_or_init(|| junheng::render::Renderer::new(junheng::render::fonts::FontSet::bundled()))
}

/// The date the in-process tests build with, so that a workbook without 成文日期 gives
/// the same documents every day.
/// The six sample workbooks and their counties.
#[allow(dead_code)]
pub const SAMPLE_COUNTIES: [(&str, &str); 6] = [
    ("qinghe.xlsx", "清禾区"),
    ("songxi.xlsx", "松溪区"),
    ("lupu.xlsx", "芦浦区"),
    ("gulin.xlsx", "鼓林县"),
    ("qingyang.xlsx", "青杨区"),
    ("failing.xlsx", "石门区"),
];
/// The three documents' file stems.
#[allow(dead_code)]
pub const DOCUMENT_STEMS: [&str; 3] = ["实施方案", "责任清单", "自评报告"];

pub const DATE: junheng::model::Date = junheng::model::Date {
    year: 2026,
    month: 3,
    day: 16,
};
