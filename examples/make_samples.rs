//! Writes the bundled sample workbooks under `samples/`.
//!
//! ```text
//! cargo run --example make_samples
//! ```
//!
//! `samples/qinghe.xlsx` describes 清禾区, a fictional district of the fictional
//! 江汉省临川市: 15 schools, every class, all county-level items and the narrative
//! text, in the layout a county bureau's own workbook usually has (a merged title row,
//! units in the headers, a 序号 column, a few numbers typed as text). Everything in it
//! (places, schools, people, phone numbers, figures) is invented. Two school parts
//! deliberately fall short of one resource indicator each, so that the generated
//! documents have shortfalls to report; see `samples/README.md`.
//!
//! The program does not use the `junheng` library: it only writes the workbook.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("qinghe.xlsx");
    write_qinghe(&path)?;
    println!("已生成 {}", path.display());
    Ok(())
}

// ---------------------------------------------------------------------------------
// Cell values and formats
// ---------------------------------------------------------------------------------

/// One cell to write.
#[derive(Clone)]
enum Cell {
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

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn int(n: impl Into<i64>) -> Cell {
    Cell::Int(n.into())
}

fn yes(b: bool) -> Cell {
    t(if b { "是" } else { "否" })
}

/// Writes `n` with thousands separators as text, the way a number pasted from another
/// system often arrives: "1,861".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

struct Formats {
    title: Format,
    header: Format,
    cell: Format,
    wrap: Format,
    center: Format,
}

impl Formats {
    fn new() -> Self {
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
struct Col {
    header: &'static str,
    width: f64,
    wrap: bool,
}

fn col(header: &'static str, width: f64) -> Col {
    Col {
        header,
        width,
        wrap: false,
    }
}

fn wcol(header: &'static str, width: f64) -> Col {
    Col {
        header,
        width,
        wrap: true,
    }
}

fn write_cell(
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
fn table(
    ws: &mut Worksheet,
    f: &Formats,
    title: Option<&str>,
    cols: &[Col],
    rows: &[Vec<Cell>],
) -> Result<()> {
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

// ---------------------------------------------------------------------------------
// 清禾区: the schools
// ---------------------------------------------------------------------------------

/// Teachers of one stage: full-time, above the required degree (1.1), county-level
/// backbone (1.2), PE and art (1.3).
#[derive(Clone, Copy)]
struct Teachers {
    total: u32,
    above_degree: u32,
    backbone: u32,
    pe_art: u32,
}

const NONE: Teachers = Teachers {
    total: 0,
    above_degree: 0,
    backbone: 0,
    pe_art: 0,
};

const fn tc(total: u32, above_degree: u32, backbone: u32, pe_art: u32) -> Teachers {
    Teachers {
        total,
        above_degree,
        backbone,
        pe_art,
    }
}

struct School {
    name: &'static str,
    kind: &'static str,
    locality: &'static str,
    private: bool,
    boarding: bool,
    central_city: bool,
    built: u32,
    /// Every class: (grade 1–9, the class sizes of that grade in class order).
    classes: &'static [(u32, &'static [u32])],
    senior_students: u32,
    primary: Teachers,
    junior: Teachers,
    /// 教学及辅助用房面积, m², whole school.
    teaching_area: f64,
    /// 体育运动场馆面积, m², whole school.
    sports_area: f64,
    /// 教学仪器设备值, 万元, whole school.
    equipment_wan: f64,
    multimedia_rooms: u32,
    music_rooms: (u32, f64),
    art_rooms: (u32, f64),
    teaching_area_building: Option<f64>,
    /// 公用经费预算总额 and 教师培训经费, 元.
    public_funds: f64,
    training_funds: f64,
    note: &'static str,
}

impl School {
    fn students(&self, primary: bool) -> u32 {
        self.classes
            .iter()
            .filter(|(g, _)| (*g <= 6) == primary)
            .map(|(_, sizes)| sizes.iter().sum::<u32>())
            .sum()
    }

    fn class_count(&self, primary: bool) -> u32 {
        self.classes
            .iter()
            .filter(|(g, _)| (*g <= 6) == primary)
            .map(|(_, sizes)| sizes.len() as u32)
            .sum()
    }

    fn max_class(&self, primary: bool) -> Option<u32> {
        self.classes
            .iter()
            .filter(|(g, _)| (*g <= 6) == primary)
            .flat_map(|(_, sizes)| sizes.iter().copied())
            .max()
    }

    /// 起始年级: 一年级 when the school has primary classes, otherwise 七年级.
    fn starting_grade(&self) -> (u32, u32) {
        let first = if self.class_count(true) > 0 { 1 } else { 7 };
        self.classes
            .iter()
            .filter(|(g, _)| *g == first)
            .fold((0, 0), |(n, s), (_, sizes)| {
                (n + sizes.len() as u32, s + sizes.iter().sum::<u32>())
            })
    }
}

const SCHOOLS: &[School] = &[
    School {
        name: "清禾区实验小学",
        kind: "小学",
        locality: "城区",
        private: false,
        boarding: false,
        central_city: true,
        built: 1978,
        classes: &[
            (1, &[45, 45, 45, 45, 44, 44, 44]),
            (2, &[45, 45, 44, 44, 44, 44, 44]),
            (3, &[44, 44, 44, 44, 43, 45, 44]),
            (4, &[44, 44, 44, 44, 45, 42, 43]),
            (5, &[45, 44, 43, 45, 45, 43, 44]),
            (6, &[47, 46, 45, 44, 45, 44, 45]),
        ],
        senior_students: 0,
        primary: tc(104, 92, 24, 19),
        junior: NONE,
        teaching_area: 8960.0,
        sports_area: 14300.0,
        equipment_wan: 412.6,
        multimedia_rooms: 46,
        music_rooms: (4, 82.0),
        art_rooms: (4, 78.0),
        teaching_area_building: None,
        public_funds: 1_488_800.0,
        training_funds: 89_300.0,
        note: "六年级1班、2班学生数分别为47人、46人，系2020年秋季学区内住宅集中交付时插班形成；起始年级已严格控制在45人以内，其余年级均不超过50人，上述两个班级于2026年7月学生毕业后自然消化。音乐、美术专用教室系1990年代改造，面积未达现行标准，学校2016年以前建成。",
    },
    School {
        name: "清禾区文昌路小学",
        kind: "小学",
        locality: "城区",
        private: false,
        boarding: false,
        central_city: true,
        built: 1996,
        classes: &[
            (1, &[44, 44, 45, 43, 42, 44]),
            (2, &[42, 44, 44, 42, 43, 43]),
            (3, &[44, 42, 42, 43, 44, 40]),
            (4, &[43, 40, 41, 41, 39, 43]),
            (5, &[39, 41, 42, 38, 40, 40]),
            (6, &[40, 40, 37, 41, 38, 40]),
        ],
        senior_students: 0,
        primary: tc(84, 71, 17, 16),
        junior: NONE,
        teaching_area: 7480.0,
        sports_area: 11900.0,
        equipment_wan: 338.5,
        multimedia_rooms: 38,
        music_rooms: (3, 98.0),
        art_rooms: (3, 92.0),
        teaching_area_building: None,
        public_funds: 1_198_400.0,
        training_funds: 71_900.0,
        note: "",
    },
    School {
        name: "清禾区滨河小学",
        kind: "小学",
        locality: "城区",
        private: false,
        boarding: false,
        central_city: false,
        built: 2018,
        classes: &[
            (1, &[44, 44, 44, 43, 43]),
            (2, &[41, 45, 42, 44, 42]),
            (3, &[44, 44, 45, 43]),
            (4, &[42, 44, 44, 42]),
            (5, &[43, 41, 40, 42]),
            (6, &[41, 39, 40, 40]),
        ],
        senior_students: 0,
        primary: tc(62, 54, 13, 12),
        junior: NONE,
        teaching_area: 6150.0,
        sports_area: 9620.0,
        equipment_wan: 276.0,
        multimedia_rooms: 30,
        music_rooms: (3, 108.0),
        art_rooms: (3, 96.0),
        teaching_area_building: None,
        public_funds: 884_800.0,
        training_funds: 53_100.0,
        note: "",
    },
    School {
        name: "清禾区青石镇中心小学",
        kind: "小学",
        locality: "镇区",
        private: false,
        boarding: false,
        central_city: false,
        built: 2009,
        classes: &[
            (1, &[42, 44, 42]),
            (2, &[44, 44, 43]),
            (3, &[44, 40, 42]),
            (4, &[40, 43, 41]),
            (5, &[44, 43, 43]),
            (6, &[42, 43, 42]),
        ],
        senior_students: 0,
        primary: tc(46, 36, 9, 8),
        junior: NONE,
        teaching_area: 3960.0,
        sports_area: 6480.0,
        equipment_wan: 166.8,
        multimedia_rooms: 19,
        music_rooms: (2, 96.0),
        art_rooms: (2, 90.0),
        teaching_area_building: None,
        public_funds: 612_800.0,
        training_funds: 36_800.0,
        note: "",
    },
    School {
        name: "清禾区柳塘镇中心小学",
        kind: "小学",
        locality: "镇区",
        private: false,
        boarding: false,
        central_city: false,
        built: 2006,
        classes: &[
            (1, &[33, 31, 32]),
            (2, &[45, 43]),
            (3, &[45, 45]),
            (4, &[43, 43]),
            (5, &[45, 44]),
            (6, &[45, 45]),
        ],
        senior_students: 0,
        primary: tc(34, 26, 6, 6),
        junior: NONE,
        teaching_area: 2780.0,
        sports_area: 5260.0,
        equipment_wan: 89.4,
        multimedia_rooms: 14,
        music_rooms: (2, 96.0),
        art_rooms: (2, 91.0),
        teaching_area_building: None,
        public_funds: 431_200.0,
        training_funds: 22_000.0,
        note: "",
    },
    School {
        name: "清禾区白沙乡中心小学",
        kind: "小学",
        locality: "乡村",
        private: false,
        boarding: false,
        central_city: false,
        built: 1998,
        classes: &[
            (1, &[28]),
            (2, &[31]),
            (3, &[30]),
            (4, &[29]),
            (5, &[33]),
            (6, &[31]),
        ],
        senior_students: 0,
        primary: tc(15, 10, 3, 3),
        junior: NONE,
        teaching_area: 1240.0,
        sports_area: 3600.0,
        equipment_wan: 46.2,
        multimedia_rooms: 7,
        music_rooms: (1, 86.0),
        art_rooms: (1, 84.0),
        teaching_area_building: None,
        public_funds: 145_600.0,
        training_funds: 8_000.0,
        note: "",
    },
    School {
        name: "清禾区启明外国语小学",
        kind: "小学",
        locality: "城区",
        private: true,
        boarding: false,
        central_city: false,
        built: 2012,
        classes: &[
            (1, &[40, 36, 38, 38]),
            (2, &[35, 39, 36, 38]),
            (3, &[37, 37, 37, 35]),
            (4, &[35, 37, 37, 34]),
            (5, &[36, 34, 34, 35]),
            (6, &[35, 33, 34, 34]),
        ],
        senior_students: 0,
        primary: tc(52, 44, 10, 9),
        junior: NONE,
        teaching_area: 4350.0,
        sports_area: 6720.0,
        equipment_wan: 205.3,
        multimedia_rooms: 24,
        music_rooms: (2, 120.0),
        art_rooms: (3, 110.0),
        teaching_area_building: None,
        public_funds: 691_200.0,
        training_funds: 41_500.0,
        note: "",
    },
    School {
        name: "清禾区白沙乡桃源教学点",
        kind: "教学点",
        locality: "乡村",
        private: false,
        boarding: false,
        central_city: false,
        built: 2003,
        classes: &[(1, &[9]), (2, &[8]), (3, &[8]), (4, &[7])],
        senior_students: 0,
        primary: tc(4, 2, 0, 1),
        junior: NONE,
        teaching_area: 260.0,
        sports_area: 900.0,
        equipment_wan: 4.8,
        multimedia_rooms: 4,
        music_rooms: (1, 62.0),
        art_rooms: (1, 60.0),
        teaching_area_building: None,
        public_funds: 80_000.0,
        training_funds: 4_200.0,
        note: "学生不足100人，按100人核定公用经费。五、六年级学生到白沙乡中心小学就读。",
    },
    School {
        name: "清禾区第一中学",
        kind: "初中",
        locality: "城区",
        private: false,
        boarding: false,
        central_city: true,
        built: 1985,
        classes: &[
            (7, &[46, 48, 49, 45, 47, 47, 48, 46, 46, 48, 48, 44]),
            (8, &[46, 46, 44, 48, 45, 47, 47, 45, 45, 45, 43, 47]),
            (9, &[48, 43, 45, 45, 46, 44, 44, 46, 47, 43, 45, 45]),
        ],
        senior_students: 0,
        primary: NONE,
        junior: tc(138, 96, 21, 17),
        teaching_area: 8760.0,
        sports_area: 17600.0,
        equipment_wan: 448.5,
        multimedia_rooms: 41,
        music_rooms: (3, 96.0),
        art_rooms: (3, 90.0),
        teaching_area_building: Some(3400.0),
        public_funds: 1_651_000.0,
        training_funds: 99_100.0,
        note: "学校位于中心城区，校园用地无法扩展。综合教学楼（建筑面积3400平方米）于2025年4月开工，计划2026年8月竣工投入使用，届时生均教学及辅助用房面积可达7.4平方米。",
    },
    School {
        name: "清禾区第二中学",
        kind: "初中",
        locality: "城区",
        private: false,
        boarding: false,
        central_city: true,
        built: 2002,
        classes: &[
            (7, &[44, 48, 45, 47, 47, 45, 46, 45, 45]),
            (8, &[45, 45, 46, 44, 44, 45, 46, 42, 44]),
            (9, &[45, 47, 47, 45, 46, 46, 43, 47]),
        ],
        senior_students: 0,
        primary: NONE,
        junior: tc(99, 68, 14, 12),
        teaching_area: 7120.0,
        sports_area: 12460.0,
        equipment_wan: 316.2,
        multimedia_rooms: 30,
        music_rooms: (3, 100.0),
        art_rooms: (3, 92.0),
        teaching_area_building: None,
        public_funds: 1_179_000.0,
        training_funds: 70_700.0,
        note: "",
    },
    School {
        name: "清禾区青石镇初级中学",
        kind: "初中",
        locality: "镇区",
        private: false,
        boarding: true,
        central_city: false,
        built: 2011,
        classes: &[
            (7, &[42, 40, 40, 42, 43, 39]),
            (8, &[49, 47, 48, 47, 47]),
            (9, &[46, 48, 48, 44, 46]),
        ],
        senior_students: 0,
        primary: NONE,
        junior: tc(62, 41, 8, 8),
        teaching_area: 4560.0,
        sports_area: 8950.0,
        equipment_wan: 196.4,
        multimedia_rooms: 19,
        music_rooms: (2, 102.0),
        art_rooms: (2, 96.0),
        teaching_area_building: None,
        public_funds: 859_200.0,
        training_funds: 51_600.0,
        note: "",
    },
    School {
        name: "清禾区柳塘镇初级中学",
        kind: "初中",
        locality: "镇区",
        private: false,
        boarding: true,
        central_city: false,
        built: 2008,
        classes: &[
            (7, &[42, 42, 39, 43]),
            (8, &[43, 38, 40, 40]),
            (9, &[49, 49, 48]),
        ],
        senior_students: 0,
        primary: NONE,
        junior: tc(42, 27, 5, 5),
        teaching_area: 3180.0,
        sports_area: 6300.0,
        equipment_wan: 131.0,
        multimedia_rooms: 13,
        music_rooms: (1, 98.0),
        art_rooms: (2, 92.0),
        teaching_area_building: None,
        public_funds: 567_600.0,
        training_funds: 34_100.0,
        note: "",
    },
    School {
        name: "清禾区白沙学校",
        kind: "九年一贯制",
        locality: "乡村",
        private: false,
        boarding: true,
        central_city: false,
        built: 2019,
        classes: &[
            (1, &[27]),
            (2, &[29]),
            (3, &[26]),
            (4, &[28]),
            (5, &[30]),
            (6, &[26]),
            (7, &[38, 36]),
            (8, &[35, 35]),
            (9, &[33, 33]),
        ],
        senior_students: 0,
        primary: tc(13, 9, 2, 2),
        junior: tc(19, 12, 3, 2),
        teaching_area: 2650.0,
        sports_area: 6200.0,
        equipment_wan: 105.0,
        multimedia_rooms: 14,
        music_rooms: (1, 98.0),
        art_rooms: (1, 92.0),
        teaching_area_building: None,
        public_funds: 418_000.0,
        training_funds: 21_000.0,
        note: "",
    },
    School {
        name: "清禾区临河中学",
        kind: "完全中学",
        locality: "城区",
        private: false,
        boarding: false,
        central_city: true,
        built: 1992,
        classes: &[
            (7, &[42, 44, 43, 41, 42, 42, 40, 44]),
            (8, &[47, 44, 44, 46, 47, 43, 45]),
            (9, &[45, 43, 44, 44, 42, 45, 43]),
        ],
        senior_students: 1104,
        primary: NONE,
        junior: tc(82, 55, 12, 10),
        teaching_area: 15800.0,
        sports_area: 26500.0,
        equipment_wan: 720.0,
        multimedia_rooms: 62,
        music_rooms: (3, 104.0),
        art_rooms: (3, 96.0),
        teaching_area_building: None,
        public_funds: 2_284_800.0,
        training_funds: 137_100.0,
        note: "",
    },
    School {
        name: "清禾区特殊教育学校",
        kind: "特殊教育学校",
        locality: "城区",
        private: false,
        boarding: true,
        central_city: false,
        built: 2013,
        classes: &[
            (1, &[10]),
            (2, &[12]),
            (3, &[11]),
            (4, &[12]),
            (5, &[11]),
            (6, &[12]),
            (7, &[12]),
            (8, &[11]),
            (9, &[11]),
        ],
        senior_students: 0,
        primary: tc(16, 12, 2, 3),
        junior: tc(9, 4, 1, 2),
        teaching_area: 2480.0,
        sports_area: 1860.0,
        equipment_wan: 86.0,
        multimedia_rooms: 11,
        music_rooms: (2, 96.0),
        art_rooms: (2, 90.0),
        teaching_area_building: None,
        public_funds: 714_000.0,
        training_funds: 42_800.0,
        note: "另承担送教上门学生17人的教育教学任务。",
    },
];

/// Cells typed as text with thousands separators, as they arrive when pasted from
/// another system: (school, column header).
const AS_TEXT: &[(&str, &str)] = &[
    ("清禾区实验小学", "小学在校生数"),
    ("清禾区第一中学", "初中在校生数"),
    ("清禾区临河中学", "体育运动场馆面积(㎡)"),
];

fn school_sheet(wb: &mut Workbook, f: &Formats) -> Result<()> {
    let cols = [
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
        col("教学仪器设备值（万元）", 12.0),
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
    ];
    let count = |n: u32| if n == 0 { Cell::Blank } else { int(n) };
    let mut rows = Vec::new();
    for (i, s) in SCHOOLS.iter().enumerate() {
        let (ps, js) = (s.students(true), s.students(false));
        let (pc, jc) = (s.class_count(true), s.class_count(false));
        let (start_classes, start_students) = s.starting_grade();
        let has_p = pc > 0;
        let has_j = jc > 0;
        let per = |has: bool, n: u32| if has { int(n) } else { Cell::Blank };
        let mut row = vec![
            int(i as i64 + 1),
            t(s.name),
            t(s.kind),
            t(if s.private { "民办" } else { "公办" }),
            t(s.locality),
            yes(s.central_city),
            yes(s.boarding),
            int(s.built),
            count(pc),
            count(ps),
            count(jc),
            count(js),
            count(s.senior_students),
            per(has_p, s.primary.total),
            per(has_p, s.primary.above_degree),
            per(has_p, s.primary.backbone),
            per(has_p, s.primary.pe_art),
            per(has_j, s.junior.total),
            per(has_j, s.junior.above_degree),
            per(has_j, s.junior.backbone),
            per(has_j, s.junior.pe_art),
            Cell::Num(s.teaching_area, "#,##0"),
            Cell::Num(s.sports_area, "#,##0"),
            Cell::Num(s.equipment_wan, "0.00"),
            int(s.multimedia_rooms),
            int(s.music_rooms.0),
            Cell::Num(s.music_rooms.1, "0"),
            int(s.art_rooms.0),
            Cell::Num(s.art_rooms.1, "0"),
            s.max_class(true).map_or(Cell::Blank, int),
            s.max_class(false).map_or(Cell::Blank, int),
            int(start_classes),
            int(start_students),
            t("否"),
            s.teaching_area_building
                .map_or(Cell::Blank, |a| Cell::Num(a, "#,##0")),
            Cell::Blank,
            Cell::Blank,
            Cell::Num(s.public_funds, "#,##0"),
            Cell::Num(s.training_funds, "#,##0"),
            if s.note.is_empty() {
                Cell::Blank
            } else {
                t(s.note)
            },
        ];
        for (school, header) in AS_TEXT {
            if *school == s.name {
                let c = cols
                    .iter()
                    .position(|c| c.header == *header)
                    .expect("column");
                row[c] = match &row[c] {
                    Cell::Int(n) => t(thousands(*n as u64)),
                    Cell::Num(x, _) => t(thousands(*x as u64)),
                    other => other.clone(),
                };
            }
        }
        assert_eq!(row.len(), cols.len());
        rows.push(row);
    }
    let ws = wb.add_worksheet().set_name("学校")?;
    table(
        ws,
        f,
        Some("清禾区义务教育学校办学条件统计表（2025年）"),
        &cols,
        &rows,
    )?;
    ws.set_row_height(1, 48)?;
    ws.set_freeze_panes(2, 2)?;
    Ok(())
}

fn class_sheet(wb: &mut Workbook, f: &Formats) -> Result<()> {
    const GRADES: [&str; 9] = [
        "一年级",
        "二年级",
        "三年级",
        "四年级",
        "五年级",
        "六年级",
        "七年级",
        "八年级",
        "九年级",
    ];
    let cols = [
        col("学校名称", 24.0),
        col("学段", 8.0),
        col("年级", 9.0),
        col("班级", 8.0),
        col("学生数", 8.0),
    ];
    let mut rows = Vec::new();
    for s in SCHOOLS {
        for (grade, sizes) in s.classes {
            for (k, n) in sizes.iter().enumerate() {
                rows.push(vec![
                    t(s.name),
                    t(if *grade <= 6 { "小学" } else { "初中" }),
                    t(GRADES[*grade as usize - 1]),
                    t(format!("{}班", k + 1)),
                    int(*n),
                ]);
            }
        }
    }
    let ws = wb.add_worksheet().set_name("班级")?;
    table(ws, f, None, &cols, &rows)?;
    ws.autofilter(0, 0, rows.len() as u32, cols.len() as u16 - 1)?;
    Ok(())
}

// ---------------------------------------------------------------------------------
// 清禾区: the other sheets
// ---------------------------------------------------------------------------------

fn info_sheet(wb: &mut Workbook, f: &Formats) -> Result<()> {
    let rows: Vec<Vec<Cell>> = vec![
        vec![t("县区名称"), t("清禾区")],
        vec![t("行政级别"), t("区")],
        vec![t("上级行政区"), t("江汉省临川市")],
        vec![t("发文机关"), t("临川市清禾区教育局")],
        vec![t("发文字号"), t("清教字〔2026〕7号")],
        vec![t("成文日期"), Cell::Date(2026, 3, 16)],
        vec![t("文稿状态"), t("正式稿")],
        vec![t("红头"), t("是")],
        vec![t("统计年度"), int(2025)],
        vec![t("基本均衡认定年份"), int(2016)],
        vec![t("省级评估年份"), int(2026)],
        vec![t("国家认定年份"), int(2027)],
        vec![t("联系人"), t("许明川")],
        vec![t("联系电话"), t("0719-5201234")],
        vec![t("电子邮箱"), t("qhjyj_jyk@example.cn")],
        vec![t("报告主题"), t("清源育禾 均衡致远")],
        vec![t("一贯制拆分权重"), t("1:1.1:1.32")],
        vec![t("民办学校纳入资源配置评估"), t("是")],
        vec![t("责任清单样式"), t("简表")],
    ];
    let ws = wb.add_worksheet().set_name("基本信息")?;
    table(ws, f, None, &[col("项目", 26.0), col("内容", 36.0)], &rows)?;
    Ok(())
}

fn county_items_sheet(wb: &mut Workbook, f: &Formats) -> Result<()> {
    let yes_ = || t("是");
    let no_ = || t("否");
    let items: Vec<(&str, Cell, &str)> = vec![
        (
            "规划布局合理",
            yes_(),
            "《清禾区中小学校布局专项规划（2021—2035年）》经区人民政府批复实施，2023年完成中期修编；新建住宅小区配套学校与住宅同步规划、同步建设、同步交付。",
        ),
        (
            "建设标准统一",
            yes_(),
            "区人民政府印发《清禾区城乡义务教育学校建设标准》，2016年以后新建、改扩建的滨河小学、白沙学校均按城乡统一标准设计建设。",
        ),
        (
            "教师编制标准统一",
            yes_(),
            "区委编办按城乡统一的中小学教职工编制标准核定编制，乡村小规模学校和教学点按生师比与班师比相结合的方式核编。",
        ),
        (
            "生均公用经费基准定额统一",
            yes_(),
            "城乡小学、初中生均公用经费分别按每生每年800元、1000元统一拨付，寄宿制学校按每生每年200元另行补助。",
        ),
        (
            "基本装备配置标准统一",
            yes_(),
            "执行江汉省中小学教育技术装备标准，城乡学校按同一目录配置实验仪器、音体美器材和信息化设备。",
        ),
        (
            "小规模学校按100人核定公用经费",
            yes_(),
            "不足100人的桃源教学点按100人核定公用经费，2025年拨付8万元。",
        ),
        (
            "特殊教育学校生均公用经费",
            int(7000),
            "区特殊教育学校学生及随班就读、送教上门学生均按每生每年7000元拨付公用经费。",
        ),
        (
            "教师平均工资收入",
            int(128_640),
            "2025年全区义务教育学校教师年平均工资收入128640元（含绩效工资和各类津贴补贴），数据取自区人社局工资统计年报。",
        ),
        (
            "公务员平均工资收入",
            int(126_910),
            "2025年本区公务员年平均工资收入126910元，由区人社局、区财政局联合核定。",
        ),
        (
            "绩效工资足额核定",
            yes_(),
            "义务教育学校绩效工资总量按不低于本区公务员水平足额核定，乡村教师生活补助按月随工资发放。",
        ),
        (
            "五年360学时应完成教师数",
            int(812),
            "统计口径为2021—2025年培训周期内在岗满五年的义务教育学校专任教师。",
        ),
        (
            "五年360学时已完成教师数",
            int(812),
            "经江汉省教师继续教育管理平台核对，应完成教师全部完成360学时培训。",
        ),
        (
            "编制岗位统筹分配",
            yes_(),
            "实行“区管校聘”管理，区教育局在核定的编制总额和岗位总量内按学校规模和课程开设需要统筹分配。",
        ),
        (
            "符合交流条件教师数",
            int(276),
            "在同一所公办学校连续任教满6年的专任教师。",
        ),
        (
            "交流轮岗教师数",
            int(34),
            "2025学年交流轮岗教师34人，其中由城区学校交流到乡镇学校21人。",
        ),
        (
            "交流轮岗骨干教师数",
            int(9),
            "交流轮岗教师中区级以上骨干教师9人。",
        ),
        (
            "专任教师数",
            int(881),
            "全区义务教育学校（含民办学校、特殊教育学校，不含完全中学高中部）专任教师数。",
        ),
        (
            "持证专任教师数",
            int(881),
            "专任教师全部持有相应学段教师资格证书，已与国家教师资格管理信息系统逐人核对。",
        ),
        (
            "小学就近划片入学比例",
            t("100%"),
            "城区和镇区公办小学全部实行划片就近免试入学。",
        ),
        (
            "初中就近划片入学比例",
            Cell::Pct(0.982),
            "城区和镇区非寄宿制公办初中就近入学比例为98.2%，其余为政策性照顾学生统筹安置。",
        ),
        (
            "优质高中名额分配比例",
            t("56%"),
            "2025年临川市清禾高级中学统招计划的56%按名额分配方式下达到区内各初中。",
        ),
        (
            "名额分配向农村初中倾斜",
            yes_(),
            "名额按各初中应届毕业生数比例分配，青石镇初级中学、柳塘镇初级中学和白沙学校在此基础上上浮10%。",
        ),
        (
            "留守儿童关爱体系健全",
            yes_(),
            "建立留守儿童信息台账和“一对一”结对帮扶制度，由班主任、代理家长和社区网格员共同跟踪关爱。",
        ),
        (
            "符合条件随迁子女数",
            int(2316),
            "依据2025年秋季学期入学登记，符合入学条件的进城务工人员随迁子女数。",
        ),
        (
            "随迁子女公办学校就读数",
            int(2108),
            "在区内公办义务教育学校就读的随迁子女数。",
        ),
        (
            "随迁子女购买服务民办学校就读数",
            int(96),
            "通过政府购买学位方式在启明外国语小学就读。",
        ),
        (
            "初中毕业生数",
            int(1643),
            "2025年6月全区初中毕业生数，以学籍系统毕业名单为准。",
        ),
        (
            "三年内转入复学等增加数",
            int(38),
            "2022年9月至2025年6月该届学生转入、复学等增加人数。",
        ),
        (
            "三年内转出休学等减少数",
            int(27),
            "同期转出、休学、死亡等减少人数，均有学籍异动审批记录。",
        ),
        (
            "三年前初一学生数",
            int(1671),
            "2022年秋季学期七年级在校生数。",
        ),
        (
            "适龄残疾儿童少年数",
            int(164),
            "区残联提供的持证适龄残疾儿童少年底数，已与学籍系统比对。",
        ),
        (
            "残疾儿童少年入学数",
            int(160),
            "特殊教育学校就读102人、随班就读41人、送教上门17人。",
        ),
        (
            "学校章程制定",
            yes_(),
            "全区15所义务教育学校均已制定章程并经区教育局核准，依章程自主管理。",
        ),
        (
            "管理与教学信息化",
            yes_(),
            "全部学校接入区教育城域网，学籍、资产、排课、评价等业务在区智慧教育平台统一办理。",
        ),
        (
            "教师信息化教学",
            yes_(),
            "教师信息技术应用能力提升工程2.0校本考核合格率100%，信息化教学在日常课堂中常态化开展。",
        ),
        (
            "德育与校园文化良好",
            yes_(),
            "2025年区教育局组织德育与校园文化建设专项评估，所有学校均达到良好以上，其中优秀9所。",
        ),
        (
            "课程开齐开足",
            yes_(),
            "各校按国家课程方案排课，区教研室每学期抽查课表与实际教学的一致性，音体美、劳动、信息科技课程均按规定课时开设。",
        ),
        (
            "无过重课业负担",
            yes_(),
            "落实作业总量和时长管控，小学一、二年级不布置书面家庭作业；2025年秋季学期作业时长抽查全部达标。",
        ),
        (
            "以考试方式招生",
            no_(),
            "义务教育学校招生全部通过区招生入学平台办理，未组织任何形式的入学考试或测试。",
        ),
        (
            "违规择校",
            no_(),
            "公办、民办学校同步招生，民办学校报名超过计划的一律电脑随机录取。",
        ),
        (
            "重点学校或重点班",
            no_(),
            "各校起始年级均衡编班，由驻区教育局纪检监察组现场监督。",
        ),
        (
            "有编不补或长期聘用编外教师",
            no_(),
            "空编岗位当年通过公开招聘补充，未长期聘用编外教师。",
        ),
        (
            "重大安全责任事故或严重违纪违规",
            no_(),
            "近三年全区教育系统未发生重大安全责任事故和严重违纪违规事件。",
        ),
        (
            "弄虚作假",
            no_(),
            "申报数据均以教育事业统计年报为准，并经区统计局核对。",
        ),
    ];
    let rows: Vec<Vec<Cell>> = items
        .into_iter()
        .map(|(name, value, note)| vec![t(name), value, t(note)])
        .collect();
    let ws = wb.add_worksheet().set_name("县级指标")?;
    table(
        ws,
        f,
        None,
        &[col("项目", 30.0), col("数值", 12.0), wcol("说明", 70.0)],
        &rows,
    )?;
    Ok(())
}

fn quality_sheet(wb: &mut Workbook, f: &Formats) -> Result<()> {
    let data = [
        ("语文", "Ⅳ", 0.07),
        ("数学", "Ⅲ", 0.11),
        ("英语", "Ⅲ", 0.10),
        ("科学", "Ⅲ", 0.09),
        ("体育与健康", "Ⅳ", 0.06),
        ("艺术", "Ⅲ", 0.12),
        ("德育", "Ⅳ", 0.05),
    ];
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .map(|(s, l, r)| vec![t(*s), t(*l), Cell::Num(*r, "0.00")])
        .collect();
    let ws = wb.add_worksheet().set_name("质量监测")?;
    table(
        ws,
        f,
        None,
        &[
            col("学科", 14.0),
            col("学业水平等级", 14.0),
            col("校际差异率", 12.0),
        ],
        &rows,
    )?;
    Ok(())
}

fn recognition_sheet(wb: &mut Workbook, f: &Formats) -> Result<()> {
    let data = [
        ("学生", 1260, 1152),
        ("家长", 1840, 1652),
        ("教师", 620, 583),
        ("校长", 15, 15),
        ("人大代表", 42, 39),
        ("政协委员", 38, 35),
        ("其他群众", 360, 312),
    ];
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .map(|(g, v, a)| vec![t(*g), int(*v), int(*a)])
        .collect();
    let ws = wb.add_worksheet().set_name("社会认可度")?;
    table(
        ws,
        f,
        None,
        &[
            col("调查对象", 12.0),
            col("有效问卷数", 12.0),
            col("认可问卷数", 12.0),
        ],
        &rows,
    )?;
    Ok(())
}

const JIANG: &str = "蒋承宇（区政府党组成员、区教育局局长）";
const LUO: &str = "罗晓岚（区政府副区长）";
const HAN: &str = "韩志远（区委常委、常务副区长）";
const ZHU: &str = "朱予澄（区教育局副局长）";

const BUILD_UNITS: &str =
    "区教育局、区发展和改革局、区财政局、区自然资源和规划局、区住房和城乡建设局";

fn duties_sheet(wb: &mut Workbook, f: &Formats) -> Result<()> {
    // (id, units, lead, leader, 指标说明, 评估重点)
    let data: [(&str, &str, &str, &str, &str, &str); 33] = [
        (
            "1.1",
            "区教育局、区人社局",
            "区教育局",
            JIANG,
            "高于规定学历指小学专任教师具有专科及以上学历、初中专任教师具有本科及以上学历。按学校分学段计算：每百名学生拥有数＝高于规定学历教师数÷在校生数×100。",
            "核对教师学历证书与人事档案，复核各校分学段在校生数口径，防止跨校重复统计。",
        ),
        (
            "1.2",
            "区教育局、区人社局",
            "区教育局",
            JIANG,
            "县级以上骨干教师指经县级及以上教育行政部门认定且在有效期内的学科带头人、骨干教师、名师等。",
            "核查认定文件及有效期；乡镇学校骨干教师配备情况。",
        ),
        (
            "1.3",
            "区教育局、区委编办、区人社局",
            "区教育局",
            JIANG,
            "体育、艺术专任教师指专职承担体育、音乐、美术课程教学的专任教师，兼课教师不计入。",
            "核对课表与任课安排，重点查看乡村学校音体美教师配备。",
        ),
        (
            "1.4",
            BUILD_UNITS,
            "区教育局",
            HAN,
            "教学及辅助用房包括普通教室、专用教室、公共教学用房及其辅助用房，按建筑面积计算；一贯制学校、完全中学按学段加权分摊。",
            "核对校舍产权和测绘资料；面积不足学校的在建项目进度及“一校一案”。",
        ),
        (
            "1.5",
            BUILD_UNITS,
            "区教育局",
            HAN,
            "体育运动场馆面积为室外运动场地面积与室内体育馆面积之和。",
            "实地测量运动场地；租用校外场馆的协议及上课时间专用安排。",
        ),
        (
            "1.6",
            "区教育局、区财政局",
            "区教育局",
            LUO,
            "教学仪器设备值按学校固定资产账中教学、实验仪器设备原值计算，不含图书和课桌椅。",
            "资产账与教育统计年报是否一致；设备使用和更新记录。",
        ),
        (
            "1.7",
            "区教育局、区财政局",
            "区教育局",
            LUO,
            "网络多媒体教室指接入校园网、配备交互式多媒体设备并能开展网络教学的教室。",
            "逐校清点教室设备，核查网络接入和日常使用情况。",
        ),
        (
            "2.1",
            "区自然资源和规划局、区教育局、区发展和改革局、区住房和城乡建设局",
            "区自然资源和规划局",
            HAN,
            "根据城镇化进程和学龄人口变化科学编制并落实中小学布局规划，保障学校建设用地，新建住宅小区按规定配建学校。",
            "布局规划文本及批复、配套学校移交记录、民办学校在校生占比。",
        ),
        (
            "2.2",
            "区教育局、区委编办、区财政局、区住房和城乡建设局",
            "区教育局",
            LUO,
            "城乡义务教育学校建设标准、教师编制标准、生均公用经费基准定额、基本装备配置标准统一。",
            "“四统一”文件及编制、经费、装备相关账表。",
        ),
        (
            "2.3",
            "区教育局、区财政局",
            "区教育局",
            LUO,
            "所有小学、初中每12个班级配备音乐、美术专用教室1间以上；每间音乐专用教室面积不小于96平方米，每间美术专用教室面积不小于90平方米。",
            "逐校核查专用教室数量、面积和使用记录。",
        ),
        (
            "2.4",
            "区教育局、区发展和改革局、区自然资源和规划局",
            "区教育局",
            LUO,
            "所有小学、初中规模不超过2000人，九年一贯制学校、十二年一贯制学校义务教育阶段规模不超过2500人。",
            "大规模学校化解方案及招生计划执行情况。",
        ),
        (
            "2.5",
            "区教育局、区公安分局、区住房和城乡建设局",
            "区教育局",
            LUO,
            "小学、初中所有班级学生数分别不超过45人、50人。",
            "以学籍系统分班数据为准，逐班核对实际在班人数。",
        ),
        (
            "2.6",
            "区财政局、区教育局",
            "区财政局",
            HAN,
            "不足100名学生的村小学和教学点按100名学生核定公用经费。",
            "预算批复文件和资金拨付凭证。",
        ),
        (
            "2.7",
            "区财政局、区教育局、区残联",
            "区财政局",
            HAN,
            "特殊教育学校生均公用经费不低于6000元，随班就读、送教上门学生同样执行。",
            "预算文件、国库支付记录及随班就读学生经费拨付情况。",
        ),
        (
            "2.8",
            "区人社局、区财政局、区教育局",
            "区人社局",
            HAN,
            "全区义务教育学校教师平均工资收入水平不低于当地公务员平均工资收入水平，按规定足额核定教师绩效工资总量。",
            "人社、财政部门工资统计口径是否一致；绩效工资核定文件。",
        ),
        (
            "2.9",
            "区教育局、区财政局",
            "区教育局",
            ZHU,
            "教师5年360学时培训完成率达到100%。",
            "继续教育学时登记系统记录及培训经费保障。",
        ),
        (
            "2.10",
            "区委编办、区人社局、区教育局",
            "区委编办",
            HAN,
            "区教育局在核定的教职工编制总额和岗位总量内，统筹分配各校教职工编制和岗位数量。",
            "“区管校聘”文件、编制及岗位分配表。",
        ),
        (
            "2.11",
            "区教育局、区人社局、区委编办",
            "区教育局",
            ZHU,
            "全区每年交流轮岗教师的比例不低于符合交流条件教师总数的10%，其中骨干教师不低于交流轮岗教师总数的20%。",
            "交流名单、派出与接收学校到岗考勤记录。",
        ),
        (
            "2.12",
            "区教育局",
            "区教育局",
            ZHU,
            "专任教师持有教师资格证上岗率达到100%。",
            "教师资格证与任教学段、学科是否对应。",
        ),
        (
            "2.13",
            "区教育局、区公安分局、区住房和城乡建设局",
            "区教育局",
            LUO,
            "城区和镇区公办小学、初中（不含寄宿制学校）就近划片入学比例分别达到100%、95%以上。",
            "招生方案、施教区划分及入学名单。",
        ),
        (
            "2.14",
            "区教育局",
            "区教育局",
            LUO,
            "优质高中招生名额分配比例不低于50%，并向农村初中倾斜。",
            "中考招生文件及名额分配表。",
        ),
        (
            "2.15",
            "区教育局、区民政局、区公安分局、区人社局、区妇联",
            "区教育局",
            LUO,
            "留守儿童关爱体系健全；符合条件的随迁子女在公办学校和政府购买服务的民办学校就读比例不低于85%。",
            "留守儿童台账、随迁子女入学统计和购买学位协议。",
        ),
        (
            "3.1",
            "区教育局、区公安分局、区民政局、各镇乡人民政府、各街道办事处",
            "区教育局",
            JIANG,
            "全区初中三年巩固率达到95%以上。",
            "学籍系统三年间转入转出、休学复学记录；控辍保学台账。",
        ),
        (
            "3.2",
            "区教育局、区残联、区卫生健康局、区民政局",
            "区教育局",
            JIANG,
            "全区残疾儿童少年入学率达到95%以上，含特殊教育学校就读、随班就读和送教上门。",
            "残联底数与学籍、送教上门记录逐人比对。",
        ),
        (
            "3.3",
            "区教育局",
            "区教育局",
            ZHU,
            "所有学校制定章程，实现学校管理与教学信息化。",
            "章程核准文件；信息化管理平台的实际使用情况。",
        ),
        (
            "3.4",
            "区教育局、区财政局",
            "区教育局",
            ZHU,
            "所有学校按照不低于学校年度公用经费预算总额的5%安排教师培训经费。",
            "学校年度预算及培训经费支出明细。",
        ),
        (
            "3.5",
            "区教育局",
            "区教育局",
            ZHU,
            "教师能熟练运用信息化手段组织教学，设施设备利用率较高。",
            "随堂听课、平台使用数据。",
        ),
        (
            "3.6",
            "区教育局、团区委、区委宣传部",
            "区教育局",
            JIANG,
            "所有学校德育工作、校园文化建设水平达到良好以上。",
            "学校德育工作方案、校园文化实地查看。",
        ),
        (
            "3.7",
            "区教育局",
            "区教育局",
            JIANG,
            "课程开齐开足，教学秩序规范，综合实践活动有效开展。",
            "课表、教学日志与学生访谈。",
        ),
        (
            "3.8",
            "区教育局、区市场监督管理局",
            "区教育局",
            JIANG,
            "无过重课业负担。",
            "作业公示、作业时长与睡眠时间抽样调查；校外培训治理情况。",
        ),
        (
            "3.9",
            "区教育局",
            "区教育局",
            JIANG,
            "在国家义务教育质量监测中，相关科目学生学业水平达到Ⅲ级以上，且校际差异率低于0.15。",
            "最近一轮国家和省级质量监测结果报告。",
        ),
        (
            "4.1",
            "区教育局、区委宣传部、各镇乡人民政府、各街道办事处",
            "区教育局",
            LUO,
            "社会认可度达到85%以上，调查对象包括学生、家长、教师、校长、人大代表、政协委员及其他群众。",
            "问卷抽样的代表性与有效性；群众反映问题的整改情况。",
        ),
        (
            "4.2",
            "区教育局、区公安分局、区应急管理局、区市场监督管理局",
            "区教育局",
            LUO,
            "存在以考试方式招生、违规择校、设置重点学校或重点班、有编不补或长期聘用编外教师、发生重大安全责任事故或严重违纪违规、弄虚作假等情形之一的，不予认定。",
            "信访举报、招生和人事档案、安全事故记录。",
        ),
    ];
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .map(|(id, units, lead, leader, expl, focus)| {
            vec![t(*id), t(*units), t(*lead), t(*leader), t(*expl), t(*focus)]
        })
        .collect();
    let ws = wb.add_worksheet().set_name("责任分工")?;
    table(
        ws,
        f,
        None,
        &[
            col("指标编号", 9.0),
            wcol("责任单位", 30.0),
            wcol("牵头单位", 16.0),
            wcol("责任领导", 20.0),
            wcol("指标说明", 50.0),
            wcol("评估重点", 36.0),
        ],
        &rows,
    )?;
    Ok(())
}

fn leaders_sheet(wb: &mut Workbook, f: &Formats) -> Result<()> {
    let data = [
        ("组长", "陈立衡", "区委副书记、区长"),
        ("副组长", "韩志远", "区委常委、常务副区长"),
        ("副组长", "罗晓岚", "区政府副区长"),
        ("副组长", "蒋承宇", "区政府党组成员、区教育局党组书记、局长"),
        ("成员", "唐家俊", "区政府办公室主任"),
        ("成员", "孟书瑶", "区委编办主任"),
        ("成员", "何振声", "区发展和改革局局长"),
        ("成员", "邹立诚", "区财政局局长"),
        ("成员", "姚慧珍", "区人社局局长"),
        ("成员", "贺子川", "区自然资源和规划局局长"),
        ("成员", "钱永年", "区住房和城乡建设局局长"),
        ("成员", "葛素华", "区民政局局长"),
        ("成员", "方晓舟", "区卫生健康局局长"),
        ("成员", "陆承安", "区公安分局副局长"),
        ("成员", "严守正", "区统计局局长"),
        ("成员", "温婉青", "区残联理事长"),
        ("成员", "章雨萌", "区妇联主席"),
        ("成员", "朱予澄", "区教育局党组成员、副局长"),
        ("办公室主任", "蒋承宇", "区教育局党组书记、局长（兼）"),
    ];
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .map(|(r, n, p)| vec![t(*r), t(*n), t(*p)])
        .collect();
    let ws = wb.add_worksheet().set_name("领导小组")?;
    table(
        ws,
        f,
        None,
        &[
            col("职务", 12.0),
            col("姓名", 10.0),
            col("单位及职务", 40.0),
        ],
        &rows,
    )?;
    Ok(())
}

fn phases_sheet(wb: &mut Workbook, f: &Formats) -> Result<()> {
    let data = [
        (
            "动员部署阶段",
            "2026年3月—2026年4月",
            "印发实施方案和责任清单，召开全区创建工作动员大会，成立领导小组及办公室。各责任单位和学校对照评估指标制定本单位工作方案，明确专人负责，建立周调度、月通报制度。",
        ),
        (
            "自查整改阶段",
            "2026年4月—2026年8月",
            "逐校逐项开展对标自查，建立问题清单和整改台账。重点推进第一中学综合教学楼建设、柳塘镇中心小学教学装备更新和实验小学大班额消化，7月底前完成档案资料归集，8月底前问题整改到位。",
        ),
        (
            "市级复核与申报阶段",
            "2026年9月—2026年10月",
            "形成自评报告和申报材料，提请临川市教育局复核；根据复核意见查漏补缺，经区人民政府同意后向省人民政府教育督导委员会提出评估申请。",
        ),
        (
            "迎接省级评估阶段",
            "2026年11月—2026年12月",
            "组织模拟评估和社会认可度预调查，完善档案资料，做好省级评估现场核查的配合工作；针对评估反馈问题制定整改方案，限期落实。",
        ),
        (
            "迎接国家认定与巩固提升阶段",
            "2027年1月—2027年12月",
            "巩固省级评估成果，按要求报送国家认定材料，迎接国家实地核查；建立优质均衡发展年度监测机制，防止各项指标回落。",
        ),
    ];
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .map(|(a, b, c)| vec![t(*a), t(*b), t(*c)])
        .collect();
    let ws = wb.add_worksheet().set_name("实施步骤")?;
    table(
        ws,
        f,
        None,
        &[
            col("阶段", 26.0),
            col("起止时间", 22.0),
            wcol("工作内容", 80.0),
        ],
        &rows,
    )?;
    Ok(())
}

fn tasks_sheet(wb: &mut Workbook, f: &Formats) -> Result<()> {
    let data = [
        (
            "优化资源配置",
            "实施校舍扩容工程",
            "加快第一中学综合教学楼建设，2026年8月底前竣工交付，新增教学及辅助用房3400平方米。统筹推进实验小学、文昌路小学功能教室改造，提高现有校舍使用效率。对生均面积接近标准线的学校逐校测算未来三年学位需求，纳入年度建设计划。",
            "区教育局、区发展和改革局、区住房和城乡建设局、区财政局",
            "2026年8月",
        ),
        (
            "优化资源配置",
            "补齐教学装备短板",
            "按照省定装备标准，对柳塘镇中心小学的实验仪器、音体美器材和信息化设备进行整体更新，2026年投入不少于25万元，使其生均教学仪器设备值达到2000元以上。建立仪器设备年度更新机制，保障消耗性实验材料及时补充。",
            "区教育局、区财政局",
            "2026年7月",
        ),
        (
            "优化资源配置",
            "均衡配置师资力量",
            "通过公开招聘、公费师范生安置补充体育、音乐、美术和科学教师，新进教师优先分配到乡镇学校。修订区级骨干教师评选办法，提高乡镇学校评选比例，使每所学校每百名学生拥有区级以上骨干教师数稳定在1人以上。",
            "区教育局、区委编办、区人社局",
            "2026年9月",
        ),
        (
            "强化政府保障",
            "严控班额和学校规模",
            "落实招生计划刚性管理，小学、初中起始年级班额分别控制在45人、50人以内，各年级不再插班。加快城北片区配套小学建设，调整实验小学施教区，从源头上缓解城区学位紧张。",
            "区教育局、区公安分局、区住房和城乡建设局、区自然资源和规划局",
            "2026年9月",
        ),
        (
            "强化政府保障",
            "足额保障经费投入",
            "按照城乡统一标准足额拨付生均公用经费，教学点和小规模学校按100人核定，特殊教育学校及随班就读、送教上门学生按每生每年7000元拨付。督促各校按不低于公用经费预算5%安排教师培训经费，执行情况纳入年度经费审计。",
            "区财政局、区教育局",
            "2026年6月",
        ),
        (
            "强化政府保障",
            "深化教师管理改革",
            "全面推行“区管校聘”，在编制总额内统筹分配各校编制和岗位。完善教师交流轮岗办法，每年交流比例不低于符合条件教师的10%，其中骨干教师不低于20%。建立教师工资与公务员工资联动机制，确保教师平均工资收入不低于公务员平均工资收入。",
            "区委编办、区人社局、区财政局、区教育局",
            "2026年8月",
        ),
        (
            "提升教育质量",
            "落实立德树人根本任务",
            "以“清禾少年”成长行动为载体，统筹思政课程、主题班会、研学实践和劳动教育，每所学校培育一项德育特色项目。加强心理健康教育，每校至少配备一名专兼职心理教师。",
            "区教育局、团区委、区妇联",
            "2026年12月",
        ),
        (
            "提升教育质量",
            "深化课堂教学改革",
            "开齐开足国家课程，推进作业设计与课后服务提质，严控作业总量和考试次数。依托区智慧教育平台推广城乡同步课堂，组织城区学校与乡镇学校结对开展联合教研，缩小校际教学质量差距。",
            "区教育局",
            "2026年12月",
        ),
        (
            "提升教育质量",
            "保障特殊群体受教育权利",
            "完善控辍保学联控联保机制，初中三年巩固率保持在95%以上。对适龄残疾儿童少年实行“一人一案”安置，扩大随班就读资源教室覆盖面。健全留守儿童关爱台账，保障随迁子女平等入学。",
            "区教育局、区残联、区民政局、区公安分局、各镇乡人民政府",
            "2026年9月",
        ),
        (
            "提高社会认可度",
            "加强创建宣传引导",
            "通过政务新媒体、家长学校和社区宣讲等渠道宣传创建政策和阶段成效。每季度开展一次局长接待日和校园开放日活动，及时回应群众关切。",
            "区教育局、区委宣传部、各镇乡人民政府、各街道办事处",
            "2026年10月",
        ),
        (
            "提高社会认可度",
            "开展认可度预调查",
            "委托第三方机构按评估要求对学生、家长、教师、校长、人大代表、政协委员和其他群众开展认可度预调查。对认可度偏低的学校和事项建立整改清单，逐项销号。",
            "区教育局、区统计局",
            "2026年10月",
        ),
    ];
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .map(|(c, ti, co, u, d)| vec![t(*c), t(*ti), t(*co), t(*u), t(*d)])
        .collect();
    let ws = wb.add_worksheet().set_name("工作任务")?;
    table(
        ws,
        f,
        None,
        &[
            col("类别", 14.0),
            col("标题", 22.0),
            wcol("内容", 70.0),
            wcol("责任单位", 30.0),
            col("完成时限", 12.0),
        ],
        &rows,
    )?;
    Ok(())
}

fn texts_sheet(wb: &mut Workbook, f: &Formats) -> Result<()> {
    let data = [
        (
            "指导思想",
            "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德树人根本任务，坚持教育优先发展，以促进公平和提高质量为主线，以补齐办学条件短板、均衡配置师资为重点，以深化“区管校聘”和集团化办学改革为动力，统筹城区与乡镇学校协调发展，推动全区义务教育由基本均衡向优质均衡迈进，让每一名清禾孩子在家门口上好学。",
        ),
        (
            "工作目标",
            "2026年全区义务教育学校各项指标达到优质均衡评估标准，通过江汉省人民政府教育督导委员会组织的省级评估；2027年接受国家督导检查，争取被认定为全国义务教育优质均衡发展区。到2027年，全区义务教育学校资源配置7项指标校际差异系数小学不高于0.35、初中不高于0.30，社会认可度稳定在90%以上，形成城乡一体、校际协调、质量领先的义务教育发展格局。",
        ),
        (
            "保障措施",
            "（一）强化组织领导。区委、区政府将义务教育优质均衡创建列入年度重点工作和民生实事项目，领导小组每季度召开一次专题会议，研究解决规划用地、项目建设、经费投入和教师编制等重大问题。各责任单位主要负责同志为第一责任人，按照责任清单分解任务、明确时限。\n\
（二）强化经费保障。区财政按照“一个不低于、两个只增不减”的要求安排教育经费，设立优质均衡创建专项资金，2026年安排不少于1.2亿元，重点用于校舍扩容、装备更新和教师培训。统筹用好地方政府专项债券，确保建设项目资金按进度拨付到位。\n\
（三）强化督导考核。区人民政府教育督导室对照评估指标开展月度督查，实行问题清单、责任清单、整改清单“三单”管理，督查结果在全区通报。创建工作纳入各部门和镇乡（街道）年度绩效考核，对推诿扯皮、工作滞后造成不良影响的，依规依纪追究责任。\n\
（四）强化宣传引导。广泛宣传创建工作的目标任务、政策举措和阶段成效，及时总结推广基层学校的典型经验，营造全社会关心支持义务教育的良好氛围。",
        ),
        (
            "主要做法与成效",
            "（一）坚持规划先行，学校布局持续优化。2016年通过国家义务教育基本均衡发展督导评估认定以来，区委、区政府把义务教育摆在优先发展位置，编制实施中小学校布局专项规划，累计新建、改扩建学校6所，新增学位5400个。2018年建成滨河小学，2019年完成白沙学校整体改造，乡村学校办学条件整体提升。\n\
（二）坚持投入优先，办学条件明显改善。2023—2025年全区一般公共预算教育支出分别为4.86亿元、5.12亿元、5.47亿元，逐年只增不减。三年累计投入1.05亿元更新教学仪器设备、建设网络多媒体教室，实现班班通、校校通全覆盖，全区小学、初中生均教学仪器设备值分别达到2261元、2805元。\n\
（三）坚持人才强教，师资配置更加均衡。全面推行“区管校聘”管理改革，近三年公开招聘教师156名，其中音体美教师38名，优先补充乡镇学校；建立城乡学校结对帮扶和骨干教师交流机制，2025学年交流轮岗教师34人，其中骨干教师9人。教师平均工资收入持续不低于本区公务员平均工资收入水平。\n\
（四）坚持内涵发展，教育质量稳步提升。组建实验小学、第一中学两个教育集团，以“紧密型集团＋城乡结对”方式覆盖全部乡镇学校。深入落实“双减”要求，课后服务实现有需求学生全覆盖。在最近一轮国家义务教育质量监测中，全区各学科学业水平均达到Ⅲ级以上，校际差异率均低于0.15。\n\
（五）坚持公平普惠，特殊群体保障有力。随迁子女在公办学校和政府购买服务的民办学校就读比例达到95.2%，适龄残疾儿童少年入学率达到97.6%，留守儿童关爱服务体系覆盖全部镇乡。",
        ),
        (
            "存在问题",
            "对照优质均衡评估标准，全区义务教育发展仍有一些短板。一是个别学校办学条件尚未达标，第一中学生均教学及辅助用房面积低于5.8平方米的标准，柳塘镇中心小学生均教学仪器设备值与2000元的标准差距较大。二是城区学位供给偏紧，实验小学六年级仍有个别班级学生数超过45人。三是城乡师资结构不够均衡，乡镇学校区级以上骨干教师和音体美专任教师偏少，部分教师兼任多门学科。四是信息化应用水平校际差异明显，优质数字教育资源在乡村学校的常态化使用有待加强。",
        ),
        (
            "努力方向",
            "下一步，清禾区将以省级评估和国家认定为契机，坚持问题导向，持续补齐短板。一是加快第一中学综合教学楼建设，2026年8月底前投入使用，同步完成柳塘镇中心小学教学装备更新。二是加快城北片区配套小学建设，合理调整施教区，从源头上控制大班额。三是深化集团化办学和城乡教师交流，持续提高乡镇学校骨干教师比例。四是建立优质均衡发展年度监测制度，对各项指标实行动态管理，推动优质均衡发展成果持续巩固、不断提升。",
        ),
    ];
    let rows: Vec<Vec<Cell>> = data.iter().map(|(a, b)| vec![t(*a), t(*b)]).collect();
    let ws = wb.add_worksheet().set_name("文字材料")?;
    table(
        ws,
        f,
        None,
        &[col("章节", 16.0), wcol("内容", 100.0)],
        &rows,
    )?;
    Ok(())
}

fn targets_sheet(wb: &mut Workbook, f: &Formats) -> Result<()> {
    let rows: Vec<Vec<Cell>> = vec![
        vec![
            t("资源配置七项指标全部达标的学校比例"),
            t("%"),
            Cell::Num(84.6, "0.0"),
            int(100),
            int(2026),
        ],
        vec![
            t("初中三年巩固率"),
            t("%"),
            Cell::Num(97.7, "0.0"),
            t("≥98.0"),
            int(2027),
        ],
        vec![
            t("区级以上骨干教师占专任教师比例"),
            t("%"),
            Cell::Num(17.0, "0.0"),
            int(20),
            int(2027),
        ],
        vec![
            t("教师交流轮岗比例"),
            t("%"),
            Cell::Num(12.3, "0.0"),
            int(15),
            int(2027),
        ],
        vec![
            t("适龄残疾儿童少年入学率"),
            t("%"),
            Cell::Num(97.6, "0.0"),
            t("≥98.0"),
            int(2027),
        ],
        vec![
            t("社会认可度"),
            t("%"),
            Cell::Num(90.7, "0.0"),
            t("≥92.0"),
            int(2027),
        ],
    ];
    let ws = wb.add_worksheet().set_name("发展指标")?;
    table(
        ws,
        f,
        None,
        &[
            col("指标", 36.0),
            col("单位", 8.0),
            col("基期值", 10.0),
            col("目标值", 10.0),
            col("目标年份", 10.0),
        ],
        &rows,
    )?;
    Ok(())
}

fn write_qinghe(path: &Path) -> Result<()> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    // A fixed creation date keeps the file byte-for-byte reproducible.
    let created = ExcelDateTime::from_ymd(2026, 3, 10)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("清禾区义务教育优质均衡发展指标工作簿（2025年）")
            .set_author("清禾区教育局督导室")
            .set_company("临川市清禾区教育局")
            .set_comment("junheng 示例工作簿：地名、校名、人名和数据均为虚构")
            .set_creation_datetime(&created),
    );
    info_sheet(&mut wb, &f)?;
    school_sheet(&mut wb, &f)?;
    class_sheet(&mut wb, &f)?;
    county_items_sheet(&mut wb, &f)?;
    quality_sheet(&mut wb, &f)?;
    recognition_sheet(&mut wb, &f)?;
    duties_sheet(&mut wb, &f)?;
    leaders_sheet(&mut wb, &f)?;
    phases_sheet(&mut wb, &f)?;
    tasks_sheet(&mut wb, &f)?;
    texts_sheet(&mut wb, &f)?;
    targets_sheet(&mut wb, &f)?;
    wb.save(path)?;
    Ok(())
}
