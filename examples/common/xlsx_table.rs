//! The table writer shared by the example generators (`make_samples`, `synth_county`):
//! cell values, the house formats of a bureau's workbook, and a sheet writer with an
//! optional merged title row and a frozen header row.

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// One cell to write.
#[derive(Clone)]
pub enum Cell {
    Blank,
    /// Text (also used for numbers typed as text, e.g. "1,861").
    Text(String),
    /// A whole number.
    Int(i64),
    /// A decimal number, written with the given number format.
    Num(f64, &'static str),
    /// A fraction shown as a percentage (percent-formatted cell).
    Pct(f64),
    /// A real Excel date.
    Date(u16, u8, u8),
}

pub fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

pub fn int(n: impl Into<i64>) -> Cell {
    Cell::Int(n.into())
}

pub fn yes(b: bool) -> Cell {
    t(if b { "是" } else { "否" })
}

pub struct Formats {
    pub title: Format,
    pub header: Format,
    pub cell: Format,
    pub wrap: Format,
    pub center: Format,
}

impl Default for Formats {
    fn default() -> Self {
        Self::new()
    }
}

impl Formats {
    pub fn new() -> Self {
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(11)
            .set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color("#D9E1F2")
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            cell: base.clone().set_align(FormatAlign::VerticalCenter),
            wrap: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            center: base
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
        }
    }
}

/// How a column is laid out: header text, width, and whether long text wraps.
pub struct Col {
    pub header: &'static str,
    pub width: f64,
    pub wrap: bool,
}

pub fn col(header: &'static str, width: f64) -> Col {
    Col {
        header,
        width,
        wrap: false,
    }
}

pub fn wcol(header: &'static str, width: f64) -> Col {
    Col {
        header,
        width,
        wrap: true,
    }
}

pub fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    cell: &Cell,
    fmt: &Format,
) -> std::result::Result<(), XlsxError> {
    match cell {
        Cell::Blank => {
            ws.write_blank(row, c, fmt)?;
        }
        Cell::Text(s) => {
            ws.write_string_with_format(row, c, s, fmt)?;
        }
        Cell::Int(n) => {
            ws.write_number_with_format(row, c, *n as f64, fmt)?;
        }
        Cell::Num(x, nf) => {
            ws.write_number_with_format(row, c, *x, &fmt.clone().set_num_format(*nf))?;
        }
        Cell::Pct(x) => {
            ws.write_number_with_format(row, c, *x, &fmt.clone().set_num_format("0.0%"))?;
        }
        Cell::Date(y, m, d) => {
            let date = ExcelDateTime::from_ymd(*y, *m, *d)?;
            ws.write_date_with_format(
                row,
                c,
                &date,
                &fmt.clone().set_num_format("yyyy\"年\"m\"月\"d\"日\""),
            )?;
        }
    }
    Ok(())
}

/// Writes a table: an optional merged title row, the header row, then the rows.
/// The header row is frozen so it stays visible while scrolling.
pub fn table(
    ws: &mut Worksheet,
    f: &Formats,
    title: Option<&str>,
    cols: &[Col],
    rows: &[Vec<Cell>],
) -> std::result::Result<(), XlsxError> {
    let mut r = 0u32;
    if let Some(title) = title {
        ws.merge_range(0, 0, 0, cols.len() as u16 - 1, title, &f.title)?;
        ws.set_row_height(0, 32)?;
        r = 1;
    }
    for (c, col) in cols.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, col.header, &f.header)?;
        ws.set_column_width(c as u16, col.width)?;
    }
    ws.set_freeze_panes(r + 1, 0)?;
    for (i, row) in rows.iter().enumerate() {
        let rr = r + 1 + i as u32;
        for (c, cell) in row.iter().enumerate() {
            let fmt = if cols[c].wrap {
                &f.wrap
            } else if matches!(cell, Cell::Text(s) if s.chars().count() <= 4) {
                &f.center
            } else {
                &f.cell
            };
            write_cell(ws, rr, c as u16, cell, fmt)?;
        }
    }
    Ok(())
}

/// The 学校 sheet's columns as the sample and synthetic workbooks lay them out; the
/// equipment value is in 元 or in 万元.
pub fn school_columns(equipment_in_yuan: bool) -> Vec<Col> {
    let equipment = if equipment_in_yuan {
        col("教学仪器设备值（元）", 12.0)
    } else {
        col("教学仪器设备值（万元）", 12.0)
    };
    vec![
        col("序号", 6.0),
        col("学校名称", 24.0),
        col("学校类型", 12.0),
        col("办学性质", 9.0),
        col("城乡类型", 9.0),
        col("中心城区", 9.0),
        col("寄宿制", 8.0),
        col("建设年份", 9.0),
        col("小学班级数", 9.0),
        col("小学在校生数", 10.0),
        col("初中班级数", 9.0),
        col("初中在校生数", 10.0),
        col("高中在校生数", 10.0),
        col("小学专任教师数", 10.0),
        col("小学高于规定学历教师数", 12.0),
        col("小学县级以上骨干教师数", 12.0),
        col("小学体育艺术专任教师数", 12.0),
        col("初中专任教师数", 10.0),
        col("初中高于规定学历教师数", 12.0),
        col("初中县级以上骨干教师数", 12.0),
        col("初中体育艺术专任教师数", 12.0),
        col("教学及辅助用房面积（平方米）", 13.0),
        col("体育运动场馆面积(㎡)", 12.0),
        equipment,
        col("网络多媒体教室数（间）", 11.0),
        col("音乐专用教室数（间）", 10.0),
        col("音乐专用教室最小面积（平方米）", 12.0),
        col("美术专用教室数（间）", 10.0),
        col("美术专用教室最小面积（平方米）", 12.0),
        col("小学最大班额", 9.0),
        col("初中最大班额", 9.0),
        col("起始年级班级数", 10.0),
        col("起始年级学生数", 10.0),
        col("规模经批复", 9.0),
        col("在建教学及辅助用房面积（平方米）", 13.0),
        col("在建体育运动场馆面积（平方米）", 13.0),
        col("租用体育运动场馆面积（平方米）", 13.0),
        col("公用经费预算总额（元）", 13.0),
        col("教师培训经费（元）", 12.0),
        wcol("特殊情形说明", 48.0),
    ]
}
