//! Writes the catalogue of bad input under `tests/fixtures/bad/`, and the manifest
//! `tests/fixtures/bad/expected.tsv` that `tests/it/bad_input.rs` checks every file against.
//!
//! ```text
//! cargo run --example make_bad_fixtures
//! ```
//!
//! Every fixture is a small valid county workbook (`base()`: three schools, a few county
//! items, a survey) with one thing broken the way workbooks from schools really break:
//! hand-typed text in number columns, merged cells, hidden rows, formulas whose cached
//! result is an error, 万元 typed under a 元 header, totals rows, renamed files, … The
//! manifest says for each file the exit code of `junheng check` and the exact message
//! lines it must print. The file names say what is wrong; the manifest is the contract.
//!
//! The program does not use the `junheng` library: it only writes files.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// One cell to write.
#[derive(Clone, Debug)]
enum V {
    Blank,
    S(String),
    N(f64),
    B(bool),
    /// A real date cell.
    Date(u16, u8, u8),
    /// A number shown with a date format (what Excel does to "20" in a date-formatted cell).
    NumAsDate(f64),
    /// A number shown as a percentage.
    Pct(f64),
    /// A formula and the result Excel cached for it (calamine reads the cached value).
    Formula(&'static str, &'static str),
}

fn s(text: &str) -> V {
    V::S(text.to_string())
}

fn n(x: f64) -> V {
    V::N(x)
}

#[derive(Clone, Debug, Default)]
struct SheetSpec {
    name: String,
    /// rows[0] is Excel row 1.
    rows: Vec<Vec<V>>,
    /// (first row, first col, last row, last col), 0-based.
    merges: Vec<(u32, u16, u32, u16)>,
    hidden_rows: Vec<u32>,
    hidden_cols: Vec<u16>,
    hidden: bool,
    /// Cells far away from the table: (row, col, value), 0-based.
    far: Vec<(u32, u16, V)>,
    /// 1-based Excel row of the header row.
    header_row: u32,
}

impl SheetSpec {
    fn new(name: &str, header_row: u32, rows: Vec<Vec<V>>) -> Self {
        SheetSpec {
            name: name.to_string(),
            rows,
            header_row,
            ..SheetSpec::default()
        }
    }

    /// 0-based column of a header (matched on the header text before any bracket).
    fn col(&self, header: &str) -> u16 {
        let row = &self.rows[self.header_row as usize - 1];
        let pos = row
            .iter()
            .position(|v| match v {
                V::S(t) => t == header || t.split(['（', '(']).next() == Some(header),
                _ => false,
            })
            .unwrap_or_else(|| panic!("no header {header} in {}", self.name));
        pos as u16
    }

    /// Set the cell at Excel row `row` under `header`.
    fn set(&mut self, row: u32, header: &str, v: V) {
        let c = self.col(header) as usize;
        let r = row as usize - 1;
        while self.rows.len() <= r {
            self.rows.push(Vec::new());
        }
        let cells = &mut self.rows[r];
        while cells.len() <= c {
            cells.push(V::Blank);
        }
        cells[c] = v;
    }

    /// The header as written, for column labels in messages: `E（小学在校生数）`.
    fn label(&self, header: &str) -> String {
        let c = self.col(header);
        let written = match &self.rows[self.header_row as usize - 1][c as usize] {
            V::S(t) => t.clone(),
            _ => String::new(),
        };
        format!("{}（{written}）", letter(c))
    }
}

fn letter(c: u16) -> String {
    let mut n = u32::from(c) + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[derive(Clone, Debug, Default)]
struct Book {
    sheets: Vec<SheetSpec>,
}

impl Book {
    fn sheet(&mut self, name: &str) -> &mut SheetSpec {
        self.sheets
            .iter_mut()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no sheet {name}"))
    }

    fn get(&self, name: &str) -> &SheetSpec {
        self.sheets
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no sheet {name}"))
    }

    fn remove(&mut self, name: &str) {
        self.sheets.retain(|s| s.name != name);
    }

    fn bytes(&self) -> Result<Vec<u8>> {
        let mut wb = Workbook::new();
        // A fixed creation date: regenerating gives byte-identical files.
        wb.set_properties(
            &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?),
        );
        let title = Format::new().set_bold().set_align(FormatAlign::Center);
        let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
        let num_date = Format::new().set_num_format("m\"月\"d\"日\"");
        let pct = Format::new().set_num_format("0%");
        for spec in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(&spec.name)?;
            let write =
                |ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, v: &V| -> Result<()> {
                    match v {
                        V::Blank => {}
                        V::S(t) => {
                            ws.write_string(r, c, t)?;
                        }
                        V::N(x) => {
                            ws.write_number(r, c, *x)?;
                        }
                        V::B(b) => {
                            ws.write_boolean(r, c, *b)?;
                        }
                        V::Date(y, m, d) => {
                            ws.write_datetime_with_format(
                                r,
                                c,
                                ExcelDateTime::from_ymd(*y, *m, *d)?,
                                &date,
                            )?;
                        }
                        V::NumAsDate(x) => {
                            ws.write_number_with_format(r, c, *x, &num_date)?;
                        }
                        V::Pct(x) => {
                            ws.write_number_with_format(r, c, *x, &pct)?;
                        }
                        V::Formula(f, cached) => {
                            ws.write_formula(r, c, Formula::new(*f).set_result(*cached))?;
                        }
                    }
                    Ok(())
                };
            for (r, row) in spec.rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    let in_merge = spec.merges.iter().any(|&(r1, c1, r2, c2)| {
                        (r1..=r2).contains(&(r as u32)) && (c1..=c2).contains(&(c as u16))
                    });
                    if !in_merge {
                        write(ws, r as u32, c as u16, v)?;
                    }
                }
            }
            for &(r1, c1, r2, c2) in &spec.merges {
                let text = match spec
                    .rows
                    .get(r1 as usize)
                    .and_then(|row| row.get(c1 as usize))
                {
                    Some(V::S(t)) => t.clone(),
                    Some(V::N(x)) => x.to_string(),
                    _ => String::new(),
                };
                ws.merge_range(r1, c1, r2, c2, &text, &title)?;
            }
            for (r, c, v) in &spec.far {
                write(ws, *r, *c, v)?;
            }
            for r in &spec.hidden_rows {
                ws.set_row_hidden(*r)?;
            }
            for c in &spec.hidden_cols {
                ws.set_column_hidden(*c)?;
            }
            if spec.hidden {
                ws.set_hidden(true);
            }
        }
        Ok(wb.save_to_buffer()?)
    }
}

const SCHOOL_HEADERS: &[&str] = &[
    "序号",
    "学校名称",
    "学校类型",
    "城乡类型",
    "办学性质",
    "小学在校生数",
    "初中在校生数",
    "小学班级数",
    "初中班级数",
    "小学专任教师数",
    "初中专任教师数",
    "小学高于规定学历教师数",
    "初中高于规定学历教师数",
    "小学县级以上骨干教师数",
    "初中县级以上骨干教师数",
    "小学体育艺术专任教师数",
    "初中体育艺术专任教师数",
    "教学及辅助用房面积（平方米）",
    "体育运动场馆面积（平方米）",
    "教学仪器设备值（元）",
    "网络多媒体教室数",
    "音乐专用教室数",
    "美术专用教室数",
    "小学最大班额",
    "初中最大班额",
    "公用经费预算总额（元）",
    "教师培训经费（元）",
    "特殊情形说明",
];

fn school_row(values: &[V]) -> Vec<V> {
    values.to_vec()
}

/// A small valid county: 测试区, three schools (rows 3–5 of 学校, below a merged title).
fn base() -> Book {
    let info = SheetSpec::new(
        "基本信息",
        1,
        vec![
            vec![s("项目"), s("内容")],
            vec![s("县区名称"), s("测试区")],
            vec![s("行政级别"), s("区")],
            vec![s("统计年度"), n(2025.0)],
            vec![s("基本均衡认定年份"), n(2015.0)],
            vec![s("成文日期"), s("2026年3月16日")],
            vec![s("发文机关"), s("测试区人民政府")],
            vec![s("一贯制拆分权重"), s("1:1.1:1.32")],
        ],
    );
    let b = V::Blank;
    let mut title = vec![s("测试区义务教育学校基本情况表")];
    title.resize(SCHOOL_HEADERS.len(), V::Blank);
    let mut schools = SheetSpec::new(
        "学校",
        2,
        vec![
            title,
            SCHOOL_HEADERS.iter().map(|h| s(h)).collect(),
            school_row(&[
                n(1.0),
                s("东城小学"),
                s("小学"),
                s("城区"),
                s("公办"),
                n(900.0),
                b.clone(),
                n(20.0),
                b.clone(),
                n(50.0),
                b.clone(),
                n(48.0),
                b.clone(),
                n(10.0),
                b.clone(),
                n(8.0),
                b.clone(),
                n(5200.0),
                n(9000.0),
                n(2_300_000.0),
                n(22.0),
                n(2.0),
                n(2.0),
                n(45.0),
                b.clone(),
                n(700_000.0),
                n(40_000.0),
            ]),
            school_row(&[
                n(2.0),
                s("西城中学"),
                s("初中"),
                s("镇区"),
                s("公办"),
                b.clone(),
                n(600.0),
                b.clone(),
                n(12.0),
                b.clone(),
                n(52.0),
                b.clone(),
                n(50.0),
                b.clone(),
                n(9.0),
                b.clone(),
                n(7.0),
                n(5100.0),
                n(10000.0),
                n(1_800_000.0),
                n(14.0),
                n(1.0),
                n(1.0),
                b.clone(),
                n(50.0),
                n(500_000.0),
                n(30_000.0),
            ]),
            school_row(&[
                n(3.0),
                s("南山学校"),
                s("九年一贯制"),
                s("乡村"),
                s("公办"),
                n(300.0),
                n(200.0),
                n(8.0),
                n(5.0),
                n(20.0),
                n(18.0),
                n(19.0),
                n(17.0),
                n(3.0),
                n(3.0),
                n(3.0),
                n(3.0),
                n(4000.0),
                n(7000.0),
                n(1_400_000.0),
                n(14.0),
                n(1.0),
                n(1.0),
                n(40.0),
                n(42.0),
                n(400_000.0),
                n(22_000.0),
            ]),
        ],
    );
    schools
        .merges
        .push((0, 0, 0, SCHOOL_HEADERS.len() as u16 - 1));
    let items = SheetSpec::new(
        "县级指标",
        1,
        vec![
            vec![s("项目"), s("数值"), s("说明")],
            vec![
                s("规划布局合理"),
                s("是"),
                s("学校布局规划经区政府批准实施"),
            ],
            vec![s("教师平均工资收入"), n(98_000.0), b.clone()],
            vec![s("公务员平均工资收入"), n(96_000.0), b.clone()],
            vec![s("小学就近划片入学比例"), s("98%"), b.clone()],
            vec![s("初中就近划片入学比例"), n(0.96), b.clone()],
            vec![s("优质高中名额分配比例"), V::Pct(0.55), b.clone()],
            vec![s("特殊教育学校生均公用经费"), s("不涉及"), b.clone()],
        ],
    );
    let survey = SheetSpec::new(
        "社会认可度",
        1,
        vec![
            vec![s("调查对象"), s("有效问卷数"), s("认可问卷数")],
            vec![s("学生"), n(500.0), n(470.0)],
            vec![s("家长"), n(500.0), n(465.0)],
            vec![s("教师"), n(200.0), n(190.0)],
        ],
    );
    Book {
        sheets: vec![info, schools, items, survey],
    }
}

/// What `junheng check` must print for a fixture.
struct Expect {
    exit: u8,
    /// Number of schools `junheng eval` must count (only for files that read without error).
    schools: Option<usize>,
    lines: Vec<String>,
}

/// `错误：工作表「学校」 第4行 E（小学在校生数）列：` + message.
fn at(
    severity: &str,
    sheet: &str,
    row: Option<u32>,
    column: Option<&str>,
    message: &str,
) -> String {
    let mut out = format!("{severity}：工作表「{sheet}」");
    if let Some(r) = row {
        out.push_str(&format!(" 第{r}行"));
    }
    if let Some(c) = column {
        out.push_str(&format!(" {c}列"));
    }
    out.push('：');
    out.push_str(message);
    out
}

/// `错误：文件「x.xlsx」：` + message, for a file that cannot be read as a workbook.
fn file_err(file: &str, message: &str) -> String {
    format!("错误：文件「{file}」：{message}")
}

/// `错误：整个工作簿：` + message.
fn workbook_err(message: &str) -> String {
    format!("错误：整个工作簿：{message}")
}

fn err(sheet: &str, row: Option<u32>, column: Option<&str>, message: &str) -> String {
    at("错误", sheet, row, column, message)
}

fn warn(sheet: &str, row: Option<u32>, column: Option<&str>, message: &str) -> String {
    at("警告", sheet, row, column, message)
}

fn fails(lines: Vec<String>) -> Expect {
    Expect {
        exit: 1,
        schools: None,
        lines,
    }
}

fn passes(schools: usize, lines: Vec<String>) -> Expect {
    Expect {
        exit: 0,
        schools: Some(schools),
        lines,
    }
}

/// The school sheet's label for a header, e.g. `F（小学在校生数）`.
fn col(header: &str) -> String {
    base().get("学校").label(header)
}

enum Content {
    Book(Book),
    Bytes(Vec<u8>),
}

struct Fixture {
    file: &'static str,
    what: &'static str,
    content: Content,
    expect: Expect,
}

fn fixture(file: &'static str, what: &'static str, book: Book, expect: Expect) -> Fixture {
    Fixture {
        file,
        what,
        content: Content::Book(book),
        expect,
    }
}

fn raw(file: &'static str, what: &'static str, bytes: Vec<u8>, expect: Expect) -> Fixture {
    Fixture {
        file,
        what,
        content: Content::Bytes(bytes),
        expect,
    }
}

fn with(f: impl FnOnce(&mut Book)) -> Book {
    let mut book = base();
    f(&mut book);
    book
}

const TYPES: &str = "小学/初中/九年一贯制/十二年一贯制/完全中学/教学点/特殊教育学校";

fn catalogue() -> Result<Vec<Fixture>> {
    let mut out = Vec::new();
    let sch = "学校";

    out.push(fixture(
        "00_base_valid.xlsx",
        "the base workbook itself: reads without error",
        base(),
        passes(3, vec!["检查通过".to_string()]),
    ));

    // ------------------------------------------------------------ sheets and columns
    out.push(fixture(
        "01_missing_sheet.xlsx",
        "no 基本信息 sheet",
        with(|b| b.remove("基本信息")),
        fails(vec![err(
            "基本信息",
            None,
            None,
            "缺少工作表「基本信息」（应有列「项目」）；工作簿中的工作表有：",
        )]),
    ));
    out.push(fixture(
        "02_sheet_renamed.xlsx",
        "学校 sheet called 学校情况",
        with(|b| b.sheet("学校").name = "学校情况".to_string()),
        fails(vec![err(
            "学校",
            None,
            None,
            "缺少工作表「学校」（应有列「学校名称」）；工作簿中有「学校情况」，如果就是它，请改名为「学校」",
        )]),
    ));
    out.push(fixture(
        "03_missing_key_column.xlsx",
        "学校名称 header typed as 校名",
        with(|b| b.sheet("学校").rows[1][1] = s("校名")),
        fails(vec![err(
            "学校",
            None,
            None,
            "找不到表头：应有一行包含列名「学校名称」",
        )]),
    ));
    out.push(fixture(
        "04_missing_type_column.xlsx",
        "no 学校类型 column",
        with(|b| {
            for row in &mut b.sheet("学校").rows[1..] {
                row[2] = V::Blank;
            }
        }),
        fails(vec![err("学校", None, None, "缺少必填列「学校类型」")]),
    ));
    out.push(fixture(
        "05_duplicate_column.xlsx",
        "小学在校生数 twice in the header",
        with(|b| b.sheet("学校").rows[1][6] = s("小学在校生数")),
        fails(vec![err(
            "学校",
            Some(2),
            Some("G"),
            "列名「小学在校生数」重复出现：每列只能出现一次",
        )]),
    ));
    out.push(fixture(
        "06_duplicate_sheet_names.xlsx",
        "学校 and 学校␣ (same name after trimming)",
        with(|b| {
            let mut copy = b.get("学校").clone();
            copy.name = "学校 ".to_string();
            b.sheets.push(copy);
        }),
        fails(vec![err(
            "学校 ",
            None,
            None,
            "工作表名称「学校 」与「学校」相同（忽略空格后）",
        )]),
    ));
    out.push(fixture(
        "07_unknown_column.xlsx",
        "an extra column nobody asked for: warned, ignored",
        with(|b| {
            let sheet = b.sheet("学校");
            sheet.rows[1].push(s("校长姓名"));
            sheet.rows[2].resize(SCHOOL_HEADERS.len(), V::Blank);
            sheet.rows[2].push(s("张三"));
        }),
        passes(
            3,
            vec![warn(
                "学校",
                Some(2),
                Some("AC"),
                "未知列「校长姓名」，已忽略",
            )],
        ),
    ));
    out.push(fixture(
        "08_only_headers.xlsx",
        "学校 has its header but no school",
        with(|b| b.sheet("学校").rows.truncate(2)),
        fails(vec![err("学校", None, None, "没有任何学校数据行")]),
    ));

    // ------------------------------------------------------------ 基本信息
    out.push(fixture(
        "10_missing_county_name.xlsx",
        "县区名称 left blank",
        with(|b| b.sheet("基本信息").rows[1][1] = V::Blank),
        fails(vec![err(
            "基本信息",
            Some(2),
            Some("B（内容）"),
            "「县区名称」必须填写（如“清禾区”）",
        )]),
    ));
    out.push(fixture(
        "11_bad_admin_level.xlsx",
        "行政级别 = 地级市",
        with(|b| b.sheet("基本信息").rows[2][1] = s("地级市")),
        fails(vec![err(
            "基本信息",
            Some(3),
            Some("B（内容）"),
            "「行政级别」应为 区/县/县级市，实际为“地级市”",
        )]),
    ));
    out.push(fixture(
        "12_impossible_date.xlsx",
        "成文日期 2026-02-30",
        with(|b| b.sheet("基本信息").rows[5][1] = s("2026-02-30")),
        fails(vec![err(
            "基本信息",
            Some(6),
            Some("B（内容）"),
            "「成文日期」应为日期（如 2026年3月16日 或 2026-03-16），实际为“2026-02-30”",
        )]),
    ));
    out.push(fixture(
        "13_year_in_words.xlsx",
        "基本均衡认定年份 written 二〇一五年",
        with(|b| b.sheet("基本信息").rows[4][1] = s("二〇一五年")),
        fails(vec![err(
            "基本信息",
            Some(5),
            Some("B（内容）"),
            "「基本均衡认定年份」应为年份（如 2016），实际为“二〇一五年”",
        )]),
    ));
    out.push(fixture(
        "14_duplicate_item.xlsx",
        "统计年度 given twice",
        with(|b| {
            b.sheet("基本信息")
                .rows
                .push(vec![s("统计年度"), n(2024.0)])
        }),
        fails(vec![err(
            "基本信息",
            Some(9),
            Some("A（项目）"),
            "项目「统计年度」重复填写",
        )]),
    ));
    out.push(fixture(
        "15_bad_split_weights.xlsx",
        "一贯制拆分权重 with two numbers",
        with(|b| b.sheet("基本信息").rows[7][1] = s("1:1.1")),
        fails(vec![err(
            "基本信息",
            Some(8),
            Some("B（内容）"),
            "「一贯制拆分权重」应为 小学:初中:高中 三个正数（如 1:1.1:1.32），实际为“1:1.1”",
        )]),
    ));

    // ------------------------------------------------------------ 学校 rows
    out.push(fixture(
        "20_duplicate_school.xlsx",
        "西城中学 row renamed 东城小学",
        with(|b| b.sheet("学校").set(4, "学校名称", s("东城小学"))),
        fails(vec![err(
            sch,
            Some(4),
            Some("B（学校名称）"),
            "学校名称「东城小学」重复：与第3行相同，每所学校只能填一行",
        )]),
    ));
    out.push(fixture(
        "21_duplicate_school_spaces.xlsx",
        "the same school typed with a space and a full-width space",
        with(|b| b.sheet("学校").set(4, "学校名称", s("东城 小学\u{3000}"))),
        fails(vec![err(
            sch,
            Some(4),
            Some("B（学校名称）"),
            "学校名称「东城 小学」重复：与第3行相同",
        )]),
    ));
    out.push(fixture(
        "22_unknown_school_type.xlsx",
        "学校类型 职业高中",
        with(|b| b.sheet("学校").set(4, "学校类型", s("职业高中"))),
        fails(vec![err(
            sch,
            Some(4),
            Some("C（学校类型）"),
            &format!("学校类型应为 {TYPES}，实际为“职业高中”"),
        )]),
    ));
    out.push(fixture(
        "23_blank_school_type.xlsx",
        "学校类型 left blank",
        with(|b| b.sheet("学校").set(4, "学校类型", V::Blank)),
        fails(vec![err(
            sch,
            Some(4),
            Some("C（学校类型）"),
            &format!("「学校类型」不能为空：应填写{TYPES}"),
        )]),
    ));
    out.push(fixture(
        "24_bad_locality.xlsx",
        "城乡类型 城郊",
        with(|b| b.sheet("学校").set(3, "城乡类型", s("城郊"))),
        fails(vec![err(
            sch,
            Some(3),
            Some("D（城乡类型）"),
            "城乡类型应为 城区/镇区/乡村，实际为“城郊”",
        )]),
    ));
    out.push(fixture(
        "25_bad_ownership.xlsx",
        "办学性质 国有",
        with(|b| b.sheet("学校").set(3, "办学性质", s("国有"))),
        fails(vec![err(
            sch,
            Some(3),
            Some("E（办学性质）"),
            "办学性质应为 公办/民办，实际为“国有”",
        )]),
    ));
    out.push(fixture(
        "26_stage_mismatch.xlsx",
        "a 小学 with junior-stage students",
        with(|b| b.sheet("学校").set(3, "初中在校生数", n(120.0))),
        fails(vec![err(
            sch,
            Some(3),
            Some(&col("初中在校生数")),
            "学校类型为“小学”，不应填写初中在校生数",
        )]),
    ));
    out.push(fixture(
        "27_blank_name_with_data.xlsx",
        "a row of figures whose school name is blank",
        with(|b| b.sheet("学校").set(5, "学校名称", V::Blank)),
        fails(vec![err(
            sch,
            Some(5),
            Some("B（学校名称）"),
            "「学校名称」为空，但该行填有数据（C列（学校类型）“九年一贯制”、D列（城乡类型）“乡村”、E列（办学性质）“公办”等）：请补填「学校名称」，或删除该行",
        )]),
    ));

    // ------------------------------------------------------------ numbers
    out.push(fixture(
        "30_negative_students.xlsx",
        "小学在校生数 -12",
        with(|b| b.sheet("学校").set(3, "小学在校生数", n(-12.0))),
        fails(vec![err(
            sch,
            Some(3),
            Some(&col("小学在校生数")),
            "应为非负整数，实际为-12",
        )]),
    ));
    out.push(fixture(
        "31_fractional_students.xlsx",
        "初中在校生数 312.5",
        with(|b| b.sheet("学校").set(4, "初中在校生数", n(312.5))),
        fails(vec![err(
            sch,
            Some(4),
            Some(&col("初中在校生数")),
            "应为非负整数，实际为312.5",
        )]),
    ));
    out.push(fixture(
        "32_zero_students_with_teachers.xlsx",
        "小学在校生数 0 while the school has 50 teachers",
        with(|b| b.sheet("学校").set(3, "小学在校生数", n(0.0))),
        fails(vec![err(
            sch,
            Some(3),
            Some("小学在校生数"),
            "东城小学小学在校生数为0，但填有小学教师或班级数据，无法计算生均和每百名学生指标",
        )]),
    ));
    out.push(fixture(
        "33_text_in_number.xlsx",
        "约300人 in a count column",
        with(|b| b.sheet("学校").set(5, "初中在校生数", s("约300人"))),
        fails(vec![err(
            sch,
            Some(5),
            Some(&col("初中在校生数")),
            "应为非负整数，实际为“约300人”",
        )]),
    ));
    out.push(fixture(
        "34_unit_in_cell.xlsx",
        "230万元 typed into a 元 column",
        with(|b| b.sheet("学校").set(3, "教学仪器设备值", s("230万元"))),
        fails(vec![err(
            sch,
            Some(3),
            Some(&col("教学仪器设备值")),
            "应为数字，实际为“230万元”（单元格中只填数字，单位写在表头，如「教学仪器设备值（万元）」）",
        )]),
    ));
    out.push(fixture(
        "35_date_in_number.xlsx",
        "a class count shown in a date format",
        with(|b| b.sheet("学校").set(3, "小学班级数", V::NumAsDate(20.0))),
        fails(vec![err(
            sch,
            Some(3),
            Some(&col("小学班级数")),
            "应为非负整数，实际为日期 1900-01-20（单元格内的数值为 20）：该单元格被设成了日期格式，请改为“常规”或“数值”格式",
        )]),
    ));
    out.push(fixture(
        "36_real_date_in_number.xlsx",
        "a real date typed into 网络多媒体教室数",
        with(|b| b.sheet("学校").set(4, "网络多媒体教室数", V::Date(2024, 9, 1))),
        fails(vec![err(
            sch,
            Some(4),
            Some(&col("网络多媒体教室数")),
            "应为非负整数，实际为日期 2024-09-01（单元格内的数值为 45536）：该单元格被设成了日期格式",
        )]),
    ));
    out.push(fixture(
        "37_formula_div0.xlsx",
        "=T3/0 cached as #DIV/0!",
        with(|b| {
            b.sheet("学校")
                .set(3, "教学及辅助用房面积", V::Formula("=T3/0", "#DIV/0!"))
        }),
        fails(vec![err(
            sch,
            Some(3),
            Some(&col("教学及辅助用房面积")),
            "应为数字，实际为公式错误 #DIV/0!（请检查该单元格的公式，或直接填写数值）",
        )]),
    ));
    out.push(fixture(
        "38_formula_ref_in_name.xlsx",
        "a school name that is a broken reference (#REF!)",
        with(|b| {
            b.sheet("学校")
                .set(4, "学校名称", V::Formula("=#REF!", "#REF!"))
        }),
        fails(vec![err(
            sch,
            Some(4),
            Some("B（学校名称）"),
            "应为文字，实际为公式错误 #REF!",
        )]),
    ));
    out.push(fixture(
        "39_formula_na_in_item.xlsx",
        "#N/A from a failed VLOOKUP in 县级指标",
        with(|b| {
            b.sheet("县级指标").rows[2][1] = V::Formula("=VLOOKUP(\"x\",A1:B2,2,FALSE)", "#N/A")
        }),
        fails(vec![err(
            "县级指标",
            Some(3),
            Some("B（数值）"),
            "「教师平均工资收入」应为数字，实际为公式错误 #N/A",
        )]),
    ));
    out.push(fixture(
        "40_formula_value_in_yes_no.xlsx",
        "#VALUE! where 是/否 belongs",
        with(|b| b.sheet("县级指标").rows[1][1] = V::Formula("=1+\"a\"", "#VALUE!")),
        fails(vec![err(
            "县级指标",
            Some(2),
            Some("B（数值）"),
            "「规划布局合理」应为 是/否（也可写 √/×、Y/N、有/无），实际为公式错误 #VALUE!",
        )]),
    ));
    out.push(fixture(
        "41_wrong_thousands.xlsx",
        "1,2345 (misplaced thousands separator)",
        with(|b| b.sheet("学校").set(3, "体育运动场馆面积", s("1,2345"))),
        fails(vec![err(
            sch,
            Some(3),
            Some(&col("体育运动场馆面积")),
            "应为数字，实际为“1,2345”",
        )]),
    ));
    out.push(fixture(
        "42_percent_in_count.xlsx",
        "95% in a count column",
        with(|b| b.sheet("学校").set(3, "音乐专用教室数", s("95%"))),
        fails(vec![err(
            sch,
            Some(3),
            Some(&col("音乐专用教室数")),
            "应为非负整数，不应带百分号，实际为“95%”",
        )]),
    ));
    out.push(fixture(
        "43_boolean_in_number.xlsx",
        "TRUE in 美术专用教室数",
        with(|b| b.sheet("学校").set(4, "美术专用教室数", V::B(true))),
        fails(vec![err(
            sch,
            Some(4),
            Some(&col("美术专用教室数")),
            "应为非负整数，实际为逻辑值 TRUE",
        )]),
    ));
    out.push(fixture(
        "44_absurd_number.xlsx",
        "1e20 students",
        with(|b| b.sheet("学校").set(3, "小学在校生数", n(1e20))),
        fails(vec![err(
            sch,
            Some(3),
            Some(&col("小学在校生数")),
            "数值过大（超过 10 万亿），实际为1E+20，请核实",
        )]),
    ));
    out.push(fixture(
        "45_percent_over_100.xlsx",
        "120% for an enrolment ratio",
        with(|b| b.sheet("县级指标").rows[4][1] = s("120%")),
        fails(vec![err(
            "县级指标",
            Some(5),
            Some("B（数值）"),
            "「小学就近划片入学比例」应为 0%～100% 之间的比例，实际为“120%”",
        )]),
    ));
    out.push(fixture(
        "46_fullwidth_digits_and_percent.xlsx",
        "９００ and ９８％ and １，８００，０００ typed with full-width characters: accepted",
        with(|b| {
            let sch = b.sheet("学校");
            sch.set(3, "小学在校生数", s("９００"));
            sch.set(4, "教学仪器设备值", s("１，８００，０００"));
            b.sheet("县级指标").rows[4][1] = s("９８％");
        }),
        passes(3, vec!["检查通过".to_string()]),
    ));
    out.push(fixture(
        "47_bad_yes_no.xlsx",
        "规划布局合理 = 基本合理",
        with(|b| b.sheet("县级指标").rows[1][1] = s("基本合理")),
        fails(vec![err(
            "县级指标",
            Some(2),
            Some("B（数值）"),
            "「规划布局合理」应为 是/否（也可写 √/×、Y/N、有/无），实际为“基本合理”",
        )]),
    ));

    // ------------------------------------------------------------ 万元 vs 元
    out.push(fixture(
        "50_wan_typed_under_yuan.xlsx",
        "equipment typed in 万元 (230) under a 元 header",
        with(|b| b.sheet("学校").set(3, "教学仪器设备值", n(230.0))),
        fails(vec![err(
            sch,
            Some(3),
            Some(&col("教学仪器设备值")),
            "教学仪器设备值为 230 元，折合生均仅 0.26 元，疑似单位错误（万元/元）：数值像是按万元填写的。请在表头注明「教学仪器设备值（万元）」，或改按元填写",
        )]),
    ));
    out.push(fixture(
        "51_yuan_typed_under_wan.xlsx",
        "header says 万元, values are in 元",
        with(|b| b.sheet("学校").rows[1][19] = s("教学仪器设备值（万元）")),
        fails(vec![err(
            sch,
            Some(3),
            Some("T（教学仪器设备值（万元））"),
            "教学仪器设备值折合生均 25555555.56 元，疑似单位错误（万元/元）：表头注明了万元，数值却像是按元填写的。请把表头改为「（元）」，或改按万元填写",
        )]),
    ));
    out.push(fixture(
        "52_wan_header_correct.xlsx",
        "header says 万元 and values are in 万元: converted, accepted",
        with(|b| {
            let sheet = b.sheet("学校");
            sheet.rows[1][19] = s("教学仪器设备值（万元）");
            sheet.set(3, "教学仪器设备值", n(230.0));
            sheet.set(4, "教学仪器设备值", n(180.0));
            sheet.set(5, "教学仪器设备值", n(140.0));
        }),
        passes(3, vec!["检查通过".to_string()]),
    ));
    out.push(fixture(
        "53_salary_in_wan.xlsx",
        "教师平均工资收入 9.8 (万元) in a 元 column",
        with(|b| b.sheet("县级指标").rows[2][1] = n(9.8)),
        fails(vec![err(
            "县级指标",
            Some(3),
            Some("B（数值）"),
            "「教师平均工资收入」为 9.80 元，疑似单位错误（万元/元）：数值像是按万元填写的。请写成「教师平均工资收入（万元）」，或改按元填写",
        )]),
    ));
    out.push(fixture(
        "54_salary_unit_in_item.xlsx",
        "教师平均工资收入（万元） 9.8: the unit after the item name is honoured",
        with(|b| {
            let items = b.sheet("县级指标");
            items.rows[2] = vec![s("教师平均工资收入（万元）"), n(9.8), V::Blank];
            items.rows[3] = vec![s("公务员平均工资收入（万元）"), n(9.6), V::Blank];
        }),
        passes(3, vec!["检查通过".to_string()]),
    ));

    // ------------------------------------------------------------ layout: merges, hidden, totals
    out.push(fixture(
        "60_merged_across_rows.xlsx",
        "学校类型 merged over rows 3–4 (小学 for both)",
        with(|b| {
            let sheet = b.sheet("学校");
            sheet.set(4, "学校类型", s("小学"));
            sheet.merges.push((2, 2, 3, 2));
        }),
        fails(vec![err(
            sch,
            Some(3),
            Some("C（学校类型）"),
            "合并单元格 C3:C4 跨越数据行（第3～4行）：只有第3行读得到内容（“小学”），其余各行在程序看来是空白。请取消合并，在每一行分别填写",
        )]),
    ));
    out.push(fixture(
        "61_merged_across_columns.xlsx",
        "学校名称 and 学校类型 merged into one cell",
        with(|b| b.sheet("学校").merges.push((3, 1, 3, 2))),
        fails(vec![err(
            sch,
            Some(4),
            Some("B（学校名称）"),
            "合并单元格 B4:C4 横跨「学校名称」「学校类型」等 2 列：只有第一列读得到内容。请取消合并，在各列分别填写",
        )]),
    ));
    out.push(fixture(
        "62_hidden_row.xlsx",
        "南山学校 in a hidden row",
        with(|b| b.sheet("学校").hidden_rows.push(4)),
        fails(vec![err(
            sch,
            Some(5),
            None,
            "这是隐藏行（或被筛选隐藏），但其中有数据（“南山学校”）：无法判断它是否应当计入。请取消隐藏后核对，不应计入的请删除该行",
        )]),
    ));
    out.push(fixture(
        "63_hidden_column.xlsx",
        "教师培训经费 in a hidden column: read, warned",
        with(|b| b.sheet("学校").hidden_cols.push(26)),
        passes(
            3,
            vec![warn(
                sch,
                None,
                Some("AA"),
                "列「教师培训经费（元）」是隐藏列，其中的数据仍会读取，请取消隐藏后核对",
            )],
        ),
    ));
    out.push(fixture(
        "64_hidden_sheet.xlsx",
        "社会认可度 is a hidden sheet: read, warned",
        with(|b| b.sheet("社会认可度").hidden = true),
        passes(
            3,
            vec![warn(
                "社会认可度",
                None,
                None,
                "这是隐藏的工作表，其中的数据仍会读取，请取消隐藏后核对",
            )],
        ),
    ));
    out.push(fixture(
        "65_header_repeated.xlsx",
        "the header row pasted again between schools",
        with(|b| {
            let sheet = b.sheet("学校");
            let header = sheet.rows[1].clone();
            sheet.rows.insert(3, header);
        }),
        passes(
            3,
            vec![warn(sch, Some(4), None, "表头在数据中重复出现，已跳过该行")],
        ),
    ));
    out.push(fixture(
        "66_totals_row.xlsx",
        "a 合计 row with the sums under the schools",
        with(|b| {
            let sheet = b.sheet("学校");
            let mut total = vec![V::Blank; SCHOOL_HEADERS.len()];
            total[1] = s("合计");
            total[5] = n(1200.0);
            total[6] = n(800.0);
            sheet.rows.push(total);
        }),
        passes(
            3,
            vec![warn(
                sch,
                Some(6),
                None,
                "“合计” 像是合计、备注或说明行，未作为数据读取",
            )],
        ),
    ));
    out.push(fixture(
        "67_totals_in_serial_column.xlsx",
        "合计 written in the 序号 column, 学校名称 blank",
        with(|b| {
            let mut total = vec![V::Blank; SCHOOL_HEADERS.len()];
            total[0] = s("合  计");
            total[5] = n(1200.0);
            b.sheet("学校").rows.push(total);
        }),
        passes(
            3,
            vec![warn(
                sch,
                Some(6),
                None,
                "“合  计” 像是合计、备注或说明行，未作为数据读取",
            )],
        ),
    ));
    out.push(fixture(
        "68_totals_named_after_county.xlsx",
        "a totals row named 测试区",
        with(|b| {
            let mut total = vec![V::Blank; SCHOOL_HEADERS.len()];
            total[1] = s("测试区");
            total[2] = s("小学");
            total[5] = n(1200.0);
            b.sheet("学校").rows.push(total);
        }),
        passes(
            3,
            vec![warn(
                sch,
                Some(6),
                Some("B（学校名称）"),
                "「测试区」是县区名称，像是全县区合计行，未作为学校读取",
            )],
        ),
    ));
    out.push(fixture(
        "69_note_rows.xlsx",
        "备注 and 说明 rows under the table",
        with(|b| {
            let sheet = b.sheet("学校");
            let mut note = vec![V::Blank; SCHOOL_HEADERS.len()];
            note[0] = s("备注：本表由各校填报，教育局汇总。");
            sheet.rows.push(note);
            let mut expl = vec![V::Blank; SCHOOL_HEADERS.len()];
            expl[1] = s("说明：在校生数以2025年秋季学期统计为准");
            sheet.rows.push(expl);
        }),
        passes(
            3,
            vec![
                warn(
                    sch,
                    Some(6),
                    None,
                    "“备注：本表由各校填报，教育局汇总。” 像是合计、备注或说明行，未作为数据读取",
                ),
                warn(
                    sch,
                    Some(7),
                    None,
                    "“说明：在校生数以2025年秋季学期统计为准” 像是合计、备注或说明行，未作为数据读取",
                ),
            ],
        ),
    ));
    out.push(fixture(
        "70_stray_cell_far_away.xlsx",
        "a stray x in cell XFD1048576 (a dense reader would allocate 17 billion cells)",
        with(|b| b.sheet("学校").far.push((1_048_575, 16_383, s("x")))),
        passes(
            3,
            vec![warn(
                sch,
                Some(1_048_576),
                None,
                "该行没有「学校名称」，其中的内容（XFD列“x”）未读取",
            )],
        ),
    ));
    out.push(fixture(
        "71_empty_serial_rows.xlsx",
        "template rows numbered 4..20 in 序号 but otherwise empty: silently skipped",
        with(|b| {
            let sheet = b.sheet("学校");
            for i in 4..=20 {
                sheet.rows.push(vec![n(f64::from(i))]);
            }
        }),
        passes(3, vec!["检查通过".to_string()]),
    ));

    // ------------------------------------------------------------ 班级 vs 学校
    let classes = |rows: Vec<Vec<V>>| {
        let mut all = vec![vec![
            s("学校名称"),
            s("学段"),
            s("年级"),
            s("班级"),
            s("学生数"),
        ]];
        all.extend(rows);
        SheetSpec::new("班级", 1, all)
    };
    out.push(fixture(
        "75_class_sheet_disagrees.xlsx",
        "班级 lists 2 classes (90 pupils) for a school that declares 20 classes and 900",
        with(|b| {
            b.sheets.push(classes(vec![
                vec![s("东城小学"), s("小学"), s("一年级"), s("1班"), n(45.0)],
                vec![s("东城小学"), s("小学"), s("一年级"), s("2班"), n(45.0)],
            ]))
        }),
        fails(vec![
            err(
                "班级",
                Some(2),
                Some("D（班级）"),
                "「东城小学」小学班级数不一致：「学校」表第3行填 20 个班，「班级」表列出 2 个班",
            ),
            err(
                "班级",
                Some(2),
                Some("E（学生数）"),
                "「东城小学」小学学生数不一致：「学校」表第3行填 900 人，「班级」表合计 90 人",
            ),
        ]),
    ));
    out.push(fixture(
        "76_class_unknown_school.xlsx",
        "班级 names a school missing from 学校",
        with(|b| {
            b.sheets.push(classes(vec![vec![
                s("北湖小学"),
                s("小学"),
                s("一年级"),
                s("1班"),
                n(40.0),
            ]]))
        }),
        fails(vec![err(
            "班级",
            Some(2),
            Some("A（学校名称）"),
            "学校「北湖小学」不在「学校」工作表中",
        )]),
    ));
    out.push(fixture(
        "77_class_bad_grade.xlsx",
        "年级 十年级",
        with(|b| {
            b.sheets.push(classes(vec![vec![
                s("东城小学"),
                V::Blank,
                s("十年级"),
                s("1班"),
                n(40.0),
            ]]))
        }),
        fails(vec![err(
            "班级",
            Some(2),
            Some("C（年级）"),
            "年级应为 一年级～九年级（或 1～9），实际为“十年级”",
        )]),
    ));
    out.push(fixture(
        "78_class_bad_stage.xlsx",
        "学段 高中",
        with(|b| {
            b.sheets.push(classes(vec![vec![
                s("东城小学"),
                s("高中"),
                s("一年级"),
                s("1班"),
                n(40.0),
            ]]))
        }),
        fails(vec![err(
            "班级",
            Some(2),
            Some("B（学段）"),
            "学段应为 小学/初中，实际为“高中”",
        )]),
    ));

    // ------------------------------------------------------------ other sheets
    out.push(fixture(
        "80_survey_more_approving_than_valid.xlsx",
        "认可问卷数 520 > 有效问卷数 500",
        with(|b| b.sheet("社会认可度").rows[1][2] = n(520.0)),
        fails(vec![err(
            "社会认可度",
            Some(2),
            Some("C（认可问卷数）"),
            "认可问卷数 520 大于有效问卷数 500",
        )]),
    ));
    out.push(fixture(
        "81_quality_bad_level.xlsx",
        "学业水平等级 Ⅴ",
        with(|b| {
            b.sheets.push(SheetSpec::new(
                "质量监测",
                1,
                vec![
                    vec![s("学科"), s("学业水平等级"), s("校际差异率")],
                    vec![s("数学"), s("Ⅴ"), s("0.12")],
                ],
            ))
        }),
        fails(vec![err(
            "质量监测",
            Some(2),
            Some("B（学业水平等级）"),
            "学业水平等级应为 Ⅰ～Ⅳ（或 1～4），实际为“Ⅴ”",
        )]),
    ));

    // ------------------------------------------------------------ whole files
    out.push(fixture(
        "90_empty_workbook.xlsx",
        "a workbook with one empty sheet",
        Book {
            sheets: vec![SheetSpec::new("Sheet1", 1, vec![])],
        },
        fails(vec![workbook_err("工作簿是空的：所有工作表都没有数据")]),
    ));
    let base_bytes = base().bytes()?;
    out.push(raw(
        "91_zero_bytes.xlsx",
        "an empty file",
        Vec::new(),
        fails(vec![file_err("91_zero_bytes.xlsx", "文件是空的（0 字节）")]),
    ));
    out.push(raw(
        "92_truncated.xlsx",
        "the base workbook cut in half (an interrupted copy)",
        base_bytes[..base_bytes.len() / 2].to_vec(),
        fails(vec![file_err(
            "92_truncated.xlsx",
            "文件已损坏（压缩结构无法读取",
        )]),
    ));
    out.push(raw(
        "93_csv_renamed.xlsx",
        "a CSV file renamed .xlsx",
        "学校名称,学校类型,小学在校生数\n东城小学,小学,900\n"
            .as_bytes()
            .to_vec(),
        fails(vec![file_err(
            "93_csv_renamed.xlsx",
            "这是文本文件（CSV 或制表符分隔的文本），只是扩展名像工作簿",
        )]),
    ));
    out.push(raw(
        "94_html_renamed.xls",
        "an HTML table saved as .xls by a statistics system",
        "<html><head><meta charset=\"utf-8\"></head><body><table><tr><td>学校名称</td></tr><tr><td>东城小学</td></tr></table></body></html>"
            .as_bytes()
            .to_vec(),
        fails(vec![file_err("94_html_renamed.xls", "这是网页（HTML）文件，只是扩展名像工作簿")]),
    ));
    out.push(raw(
        "95_password_protected.xlsx",
        "an encrypted workbook (OLE container with EncryptionInfo + EncryptedPackage)",
        encrypted_container(),
        fails(vec![file_err(
            "95_password_protected.xlsx",
            "文件设有打开密码（已加密），无法读取",
        )]),
    ));
    out.push(raw(
        "96_word_renamed.xlsx",
        "a .docx renamed .xlsx",
        docx()?,
        fails(vec![file_err(
            "96_word_renamed.xlsx",
            "这是 Word 文档（.docx），不是工作簿",
        )]),
    ));
    out.push(raw(
        "97_binary_garbage.xlsx",
        "random bytes",
        (0..2048u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect(),
        fails(vec![file_err(
            "97_binary_garbage.xlsx",
            "无法识别的文件格式",
        )]),
    ));
    out.push(raw(
        "98_pdf_renamed.xlsx",
        "a PDF renamed .xlsx",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".to_vec(),
        fails(vec![file_err(
            "98_pdf_renamed.xlsx",
            "这是 PDF 文件，不是工作簿",
        )]),
    ));

    // ------------------------------------------------------------ many problems at once
    out.push(fixture(
        "99_many_problems.xlsx",
        "five mistakes in three sheets: all listed in one run",
        with(|b| {
            let sheet = b.sheet("学校");
            sheet.set(3, "小学在校生数", s("九百"));
            sheet.set(4, "学校类型", s("中学"));
            sheet.set(5, "体育运动场馆面积", n(-5.0));
            b.sheet("基本信息").rows[2][1] = s("省");
            b.sheet("社会认可度").rows[2][1] = s("五百");
        }),
        fails(vec![
            err(
                sch,
                Some(3),
                Some(&col("小学在校生数")),
                "应为非负整数，实际为“九百”",
            ),
            err(
                sch,
                Some(4),
                Some("C（学校类型）"),
                &format!("学校类型应为 {TYPES}，实际为“中学”"),
            ),
            err(
                sch,
                Some(5),
                Some(&col("体育运动场馆面积")),
                "应为非负数，实际为-5",
            ),
            err(
                "基本信息",
                Some(3),
                Some("B（内容）"),
                "「行政级别」应为 区/县/县级市，实际为“省”",
            ),
            err(
                "社会认可度",
                Some(3),
                Some("B（有效问卷数）"),
                "应为非负整数，实际为“五百”",
            ),
        ]),
    ));

    // ------------------------------------------------------------ hostile text
    out.push(fixture(
        "hostile_typst.xlsx",
        "every text field holds Typst or minijinja syntax: reads as plain text (tests/it/bad_input.rs also builds it)",
        hostile(),
        passes(HOSTILE_SCHOOLS.len(), vec!["检查通过".to_string()]),
    ));
    out.push(fixture(
        "path_in_county_name.xlsx",
        "县区名称 ../../逃逸区/CON: reads; the output folder name cannot escape (tests/it/bad_input.rs builds it)",
        with(|b| b.sheet("基本信息").rows[1][1] = s("../../逃逸区/CON")),
        passes(3, vec!["检查通过".to_string()]),
    ));
    out.push(fixture(
        "rare_chars.xlsx",
        "a school and a leader named with characters outside the 通用规范汉字表 (CJK Extension B): check and build pass with a located warning",
        with(|b| {
            b.sheet("学校").set(5, "学校名称", s("𠀾𡈼学校"));
            b.sheets.push(SheetSpec::new(
                "领导小组",
                1,
                vec![
                    vec![s("职务"), s("姓名"), s("单位及职务")],
                    vec![s("组长"), s("王𪚥"), s("区长")],
                ],
            ));
        }),
        passes(
            3,
            vec!["检查通过".to_string(), "没有任何字体收录".to_string()],
        ),
    ));
    Ok(out)
}

/// Strings that would be code if they reached Typst or minijinja unescaped.
pub const HOSTILE: &[&str] = &[
    "#set page(width: 1cm)",
    "{{ county }}{{7*7}}",
    "{% for x in range(3) %}循环{% endfor %}",
    "]#text(red)[注入",
    "反斜杠\\ \\u{41} \\\\ 结尾\\",
    "$x^2$ *粗* _斜_ `raw` <lbl> @ref",
    "// 注释 /* 块注释",
    "= 标题\n- 列表\n+ 编号\n/ 术语: 解释",
    "https://example.com/a?b=c&d=e#frag",
    "'单引号' \"双引号\" -- --- ... ~ -?",
    "#{{ 1 + 1 }}]{% raw %}{#注释#}",
    "#import \"/etc/passwd\"",
    "#read(\"../../secret.txt\")",
    "#{panic(\"boom\")}",
    "#let x = 1; #x",
];

/// School names carrying the syntax (unique, no totals words).
const HOSTILE_SCHOOLS: &[&str] = &[
    "#第一小学{{ x }}",
    "]第二中学[#emph[x]",
    "{% if true %}第三学校{% endif %}\\",
];

fn hostile() -> Book {
    let h = |i: usize| HOSTILE[i % HOSTILE.len()].to_string();
    let mut b = base();
    {
        let info = b.sheet("基本信息");
        info.rows[1][1] = s("#测试区{{ x }}]");
        info.rows[6][1] = V::S(h(0));
        info.rows.push(vec![s("上级行政区"), V::S(h(1))]);
        info.rows.push(vec![s("发文字号"), V::S(h(3))]);
        info.rows.push(vec![s("报告主题"), V::S(h(4))]);
        info.rows.push(vec![s("联系人"), V::S(h(5))]);
        info.rows.push(vec![s("文稿状态"), s("征求意见稿")]);
        info.rows.push(vec![s("责任清单样式"), s("详表")]);
    }
    {
        let sch = b.sheet("学校");
        for (i, name) in HOSTILE_SCHOOLS.iter().enumerate() {
            sch.set(3 + i as u32, "学校名称", s(name));
            sch.set(3 + i as u32, "特殊情形说明", V::S(h(6 + i)));
        }
    }
    {
        let items = b.sheet("县级指标");
        for (i, row) in items.rows.iter_mut().enumerate().skip(1) {
            row.resize(3, V::Blank);
            row[2] = V::S(h(i));
        }
    }
    b.sheets.push(SheetSpec::new(
        "领导小组",
        1,
        vec![
            vec![s("职务"), s("姓名"), s("单位及职务")],
            vec![s("组长"), V::S(h(2)), V::S(h(7))],
            vec![s("成员"), V::S(h(8)), V::S(h(9))],
        ],
    ));
    b.sheets.push(SheetSpec::new(
        "实施步骤",
        1,
        vec![
            vec![s("阶段"), s("起止时间"), s("工作内容")],
            vec![V::S(h(10)), V::S(h(11)), V::S(h(12))],
        ],
    ));
    b.sheets.push(SheetSpec::new(
        "工作任务",
        1,
        vec![
            vec![
                s("类别"),
                s("标题"),
                s("内容"),
                s("责任单位"),
                s("完成时限"),
            ],
            vec![
                V::S(h(13)),
                V::S(h(14)),
                V::S(h(0)),
                s("区教育局#{{u}}"),
                V::S(h(1)),
            ],
        ],
    ));
    b.sheets.push(SheetSpec::new(
        "文字材料",
        1,
        vec![
            vec![s("章节"), s("内容")],
            vec![s("指导思想"), V::S(h(2))],
            vec![s("保障措施"), V::S(h(3))],
            vec![s("主要做法与成效"), V::S(h(4))],
            vec![s("努力方向"), V::S(h(5))],
        ],
    ));
    b.sheets.push(SheetSpec::new(
        "责任分工",
        1,
        vec![
            vec![
                s("指标编号"),
                s("责任单位"),
                s("牵头单位"),
                s("责任领导"),
                s("指标说明"),
                s("评估重点"),
            ],
            vec![
                s("1.1"),
                s("区教育局#[x]、区财政局{{y}}"),
                s("区教育局#[x]"),
                V::S(h(6)),
                V::S(h(7)),
                V::S(h(8)),
            ],
        ],
    ));
    b.sheets.push(SheetSpec::new(
        "发展指标",
        1,
        vec![
            vec![
                s("指标"),
                s("单位"),
                s("基期值"),
                s("目标值"),
                s("目标年份"),
            ],
            vec![V::S(h(9)), s("%#"), s("1{{0}}"), s("$9$"), s("2027]")],
        ],
    ));
    b.sheets.push(SheetSpec::new(
        "质量监测",
        1,
        vec![
            vec![s("学科"), s("学业水平等级"), s("校际差异率")],
            vec![V::S(h(10)), s("Ⅱ"), s("0.12")],
        ],
    ));
    b.sheet("社会认可度").rows[1][0] = V::S(h(11));
    b
}

/// A minimal OLE compound file laid out the way Office stores an encrypted workbook:
/// a root entry with two streams, `EncryptionInfo` and `EncryptedPackage` (contents are
/// placeholders: what matters to a reader is the container and the stream names).
fn encrypted_container() -> Vec<u8> {
    const SECTOR: usize = 512;
    const FREE: u32 = 0xFFFF_FFFF;
    const END: u32 = 0xFFFF_FFFE;
    const FATSECT: u32 = 0xFFFF_FFFD;
    const STREAM: usize = 4096; // at the mini-stream cutoff: stored in normal sectors
    let per_stream = STREAM / SECTOR; // 8 sectors each
    let mut out = vec![0u8; SECTOR];
    // Header.
    out[0..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out[0x18..0x1A].copy_from_slice(&0x003Eu16.to_le_bytes());
    out[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
    out[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
    out[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
    out[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
    out[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes()); // FAT sectors
    out[0x30..0x34].copy_from_slice(&1u32.to_le_bytes()); // first directory sector
    out[0x38..0x3C].copy_from_slice(&(STREAM as u32).to_le_bytes());
    out[0x3C..0x40].copy_from_slice(&END.to_le_bytes()); // no mini FAT
    out[0x44..0x48].copy_from_slice(&END.to_le_bytes()); // no DIFAT sectors
    out[0x4C..0x50].copy_from_slice(&0u32.to_le_bytes()); // DIFAT[0] = FAT in sector 0
    for i in 1..109 {
        let at = 0x4C + 4 * i;
        out[at..at + 4].copy_from_slice(&FREE.to_le_bytes());
    }
    // Sector 0: the FAT.
    let mut fat = vec![FREE; SECTOR / 4];
    fat[0] = FATSECT;
    fat[1] = END;
    for s in 0..2 * per_stream {
        let sector = 2 + s;
        let last = s % per_stream == per_stream - 1;
        fat[sector] = if last { END } else { (sector + 1) as u32 };
    }
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    // Sector 1: the directory.
    let entry = |name: &str, kind: u8, right: u32, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let utf16: Vec<u8> = name
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        e[..utf16.len()].copy_from_slice(&utf16);
        e[64..66].copy_from_slice(&(utf16.len() as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1; // black
        e[68..72].copy_from_slice(&FREE.to_le_bytes());
        e[72..76].copy_from_slice(&right.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    out.extend(entry("Root Entry", 5, FREE, 1, END, 0));
    out.extend(entry("EncryptionInfo", 2, 2, FREE, 2, STREAM as u32));
    out.extend(entry(
        "EncryptedPackage",
        2,
        FREE,
        FREE,
        (2 + per_stream) as u32,
        STREAM as u32,
    ));
    let mut unused = vec![0u8; 128];
    unused[68..80].copy_from_slice(&[0xFF; 12]);
    out.extend(unused);
    // The two streams.
    let mut info = vec![0u8; STREAM];
    info[..4].copy_from_slice(&[4, 0, 4, 0]); // agile encryption, version 4.4
    out.extend(info);
    out.extend((0..STREAM).map(|i| (i * 131 % 251) as u8));
    out
}

/// A minimal Word document (.docx).
fn docx() -> Result<Vec<u8>> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", options)?;
        zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)?;
        zip.start_file("word/document.xml", options)?;
        zip.write_all(br#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>report</w:t></w:r></w:p></w:body></w:document>"#)?;
        zip.finish()?;
    }
    Ok(buf.into_inner())
}

fn main() -> Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    std::fs::create_dir_all(&dir)?;
    // Start from a clean folder so a renamed fixture leaves nothing behind.
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        if path.is_file() {
            std::fs::remove_file(path)?;
        }
    }
    let fixtures = catalogue()?;
    let mut manifest = String::from(
        "# Bad-input catalogue: written by `cargo run --example make_bad_fixtures`, checked by\n\
         # tests/it/bad_input.rs. Columns (tab-separated): file, exit code of `junheng check`,\n\
         # schools that `junheng eval` must count (- when the file must not read), what is\n\
         # wrong, then every line `check` must print (each is a substring of its output).\n",
    );
    for f in &fixtures {
        let bytes = match &f.content {
            Content::Book(book) => book.bytes()?,
            Content::Bytes(bytes) => bytes.clone(),
        };
        std::fs::write(dir.join(f.file), bytes)?;
        let schools = f.expect.schools.map_or("-".to_string(), |n| n.to_string());
        let mut line = format!("{}\t{}\t{}\t{}", f.file, f.expect.exit, schools, f.what);
        for l in &f.expect.lines {
            assert!(!l.contains(['\t', '\n']), "{l}");
            line.push('\t');
            line.push_str(l);
        }
        manifest.push_str(&line);
        manifest.push('\n');
    }
    std::fs::write(dir.join("expected.tsv"), manifest)?;
    // The hostile strings, for the build test.
    let mut hostile = String::new();
    for h in HOSTILE.iter().chain(HOSTILE_SCHOOLS) {
        hostile.push_str(&h.replace('\\', "\\\\").replace('\n', "\\n"));
        hostile.push('\n');
    }
    std::fs::write(dir.join("hostile_strings.txt"), hostile)?;
    println!("已生成 {} 个文件：{}", fixtures.len(), dir.display());
    Ok(())
}
