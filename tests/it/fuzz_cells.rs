//! Property tests for cell parsing and header matching, with a small deterministic
//! generator (xorshift; no proptest dependency). Every property runs
//! `JUNHENG_FUZZ_CASES` cases (default 2,000: well under a second); set the variable
//! higher for a long run, and `JUNHENG_FUZZ_SEED` to vary the stream.

use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};
use junheng::model::Date;
use junheng::workbook::cells::{self, normalize_text};
use junheng::workbook::schema::{Col, school};
use junheng::workbook::table::{Table, normalize_header};
use junheng::workbook::{Grid, Sheet};

use crate::common::fuzz::{Rng, env_number};

fn cases() -> usize {
    env_number("JUNHENG_FUZZ_CASES", 2_000) as usize
}

fn seed() -> u64 {
    env_number("JUNHENG_FUZZ_SEED", 20_260_316)
}

const SPACES: &[char] = &[' ', '\u{3000}', '\u{a0}', '\t'];

fn pad(rng: &mut Rng, text: &str) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(3) {
        out.push(*rng.pick(SPACES));
    }
    out.push_str(text);
    for _ in 0..rng.below(3) {
        out.push(*rng.pick(SPACES));
    }
    out
}

fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            '.' => '．',
            ',' => '，',
            '%' => '％',
            '-' => '－',
            c => c,
        })
        .collect()
}

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

/// A whole number written any way a clerk or an export might write it.
fn written_count(rng: &mut Rng, n: u64) -> Data {
    match rng.below(6) {
        0 => Data::Int(n as i64),
        1 => Data::Float(n as f64),
        2 => Data::String(pad(rng, &n.to_string())),
        3 => Data::String(pad(rng, &thousands(n))),
        4 => Data::String(full_width(&n.to_string())),
        _ => Data::String(full_width(&thousands(n))),
    }
}

#[test]
fn counts_round_trip_in_every_written_form() {
    let mut rng = Rng::new(seed());
    for _ in 0..cases() {
        let n = match rng.below(3) {
            0 => rng.below(100) as u64,
            1 => rng.below(100_000) as u64,
            _ => rng.below(cells::MAX_COUNT as usize + 1) as u64,
        };
        let cell = written_count(&mut rng, n);
        assert_eq!(cells::count(&cell), Ok(Some(n as u32)), "{cell:?}");
        assert_eq!(cells::number(&cell), Ok(Some(n as f64)), "{cell:?}");
    }
}

#[test]
fn non_counts_are_refused_with_what_was_found() {
    let mut rng = Rng::new(seed() ^ 1);
    for _ in 0..cases() {
        let n = rng.below(1_000_000) as f64;
        let (cell, found) = match rng.below(5) {
            0 => (Data::Float(n + 0.5), format!("{}", n + 0.5)),
            1 => (Data::Int(-(n as i64) - 1), format!("{}", -(n as i64) - 1)),
            2 => (Data::String(format!("约{n}人")), format!("“约{n}人”")),
            3 => (Data::String(format!("{n}%")), format!("“{n}%”")),
            _ => (
                Data::Float(f64::from(cells::MAX_COUNT) + 1.0 + n),
                format!("{}", f64::from(cells::MAX_COUNT) + 1.0 + n),
            ),
        };
        let err = cells::count(&cell).expect_err("must be refused");
        assert!(err.0.contains("实际为"), "{cell:?}: {}", err.0);
        assert!(err.0.contains(&found), "{cell:?}: {} lacks {found}", err.0);
    }
}

#[test]
fn ratios_mean_the_same_whatever_the_notation() {
    let mut rng = Rng::new(seed() ^ 2);
    for _ in 0..cases() {
        // Percent with up to one decimal, 0.0 ..= 100.0.
        let tenths = rng.below(1001) as f64;
        let p = tenths / 10.0;
        let want = p / 100.0;
        let text = format!("{p}");
        let forms = [
            Data::String(pad(&mut rng, &format!("{text}%"))),
            Data::String(full_width(&format!("{text}%"))),
            Data::String(format!("{text}％")),
            Data::Float(want),
        ];
        for cell in forms {
            let got = cells::ratio(&cell).expect("ratio").expect("some");
            assert!((got - want).abs() < 1e-9, "{cell:?} → {got}, want {want}");
        }
        // A plain number above 1 is a percentage.
        if p > 1.0 {
            let got = cells::ratio(&Data::Float(p)).expect("ratio").expect("some");
            assert!((got - want).abs() < 1e-9, "{p} → {got}");
        }
    }
    for bad in ["101%", "-1%", "一半", "95%%", "%"] {
        assert!(
            cells::ratio(&Data::String(bad.into())).is_err(),
            "{bad} accepted"
        );
    }
}

fn case_variants(rng: &mut Rng, word: &str) -> String {
    word.chars()
        .map(|c| {
            if rng.chance(50) {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

#[test]
fn yes_no_accepts_every_documented_form() {
    let mut rng = Rng::new(seed() ^ 3);
    let yes = ["是", "√", "Y", "yes", "有", "true", "✓", "对"];
    let no = ["否", "×", "N", "no", "无", "false", "✗", "没有"];
    for _ in 0..cases() {
        let (word, want) = if rng.chance(50) {
            (*rng.pick(&yes), true)
        } else {
            (*rng.pick(&no), false)
        };
        let varied = case_variants(&mut rng, word);
        let text = pad(&mut rng, &varied);
        assert_eq!(
            cells::yes_no(&Data::String(text.clone())),
            Ok(Some(want)),
            "{text:?}"
        );
    }
    assert_eq!(cells::yes_no(&Data::Bool(true)), Ok(Some(true)));
    assert_eq!(cells::yes_no(&Data::Int(0)), Ok(Some(false)));
    assert!(cells::yes_no(&Data::String("也许".into())).is_err());
}

#[test]
fn dates_round_trip_in_every_written_form() {
    let mut rng = Rng::new(seed() ^ 4);
    for _ in 0..cases() {
        let year = 1950 + rng.below(150) as i32;
        let month = 1 + rng.below(12) as u32;
        let day = 1 + rng.below(28) as u32;
        let want = Date { year, month, day };
        let text = match rng.below(5) {
            0 => format!("{year}年{month}月{day}日"),
            1 => format!("{year}-{month:02}-{day:02}"),
            2 => format!("{year}/{month}/{day}"),
            3 => format!("{year}.{month}.{day}"),
            _ => full_width(&format!("{year}年{month}月{day}日")),
        };
        let text = pad(&mut rng, &text);
        assert_eq!(
            cells::date(&Data::String(text.clone())),
            Ok(Some(want)),
            "{text:?}"
        );
        assert_eq!(
            cells::year(&Data::String(format!("{year}年"))),
            Ok(Some(year))
        );
    }
}

/// Any cell at all: every variant, with extreme and garbage values.
fn arbitrary_cell(rng: &mut Rng) -> Data {
    const NASTY: &[&str] = &[
        "",
        " ",
        "—",
        "-",
        "/",
        "无",
        "不涉及",
        "N/A",
        "1,234",
        "12,34",
        "1e400",
        "-0",
        "+5",
        "NaN",
        "inf",
        "１２３",
        "９５％",
        "95%%",
        "%",
        ".",
        "..",
        "1.2.3",
        "0x10",
        "1_000",
        "二〇一六年",
        "2026-02-30",
        "2026年13月1日",
        "是",
        "√",
        "×",
        "#DIV/0!",
        "合计",
        "\u{0}\u{7}",
        "\u{202E}123",
        "𠀾",
        "ｅ",
        "1e5",
        "１e５",
        "99999999999999999999999999999999999999999999999999999999999999999999999999999999",
    ];
    match rng.below(11) {
        0 => Data::Empty,
        1 => Data::Int(match rng.below(4) {
            0 => i64::MIN,
            1 => i64::MAX,
            2 => -(rng.below(1000) as i64),
            _ => rng.next() as i64,
        }),
        2 => Data::Float(match rng.below(8) {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => f64::NEG_INFINITY,
            3 => f64::MAX,
            4 => f64::MIN_POSITIVE,
            5 => -0.0,
            6 => f64::from_bits(rng.next()),
            _ => rng.below(100_000) as f64 / 7.0,
        }),
        3 => Data::Bool(rng.chance(50)),
        4 => Data::Error(
            rng.pick(&[
                CellErrorType::Div0,
                CellErrorType::NA,
                CellErrorType::Name,
                CellErrorType::Null,
                CellErrorType::Num,
                CellErrorType::Ref,
                CellErrorType::Value,
                CellErrorType::GettingData,
            ])
            .clone(),
        ),
        5 => Data::DateTime(ExcelDateTime::new(
            match rng.below(4) {
                0 => f64::from_bits(rng.next()),
                1 => -(rng.below(1000) as f64),
                2 => 1e12,
                _ => rng.below(80_000) as f64,
            },
            ExcelDateTimeType::DateTime,
            rng.chance(10),
        )),
        6 => Data::DateTimeIso(random_text(rng, 12)),
        7 => Data::DurationIso(random_text(rng, 8)),
        8 => Data::String(rng.pick(NASTY).to_string()),
        9 => Data::String(full_width(&random_text(rng, 10))),
        _ => Data::String(random_text(rng, 30)),
    }
}

fn random_text(rng: &mut Rng, max: usize) -> String {
    const ALPHABET: &[char] = &[
        '0', '1', '5', '9', '.', ',', '-', '+', 'e', 'E', '%', '％', '年', '月', '日', ' ',
        '\u{3000}', '人', '元', '万', '是', '否', '/', '—', 'a', 'Z', '#', '\n', '\u{0}', '𠀾',
        '\u{FEFF}', '：', ':', '（', '）', '(', ')', '*',
    ];
    let len = rng.below(max + 1);
    (0..len).map(|_| *rng.pick(ALPHABET)).collect()
}

#[test]
fn no_parser_panics_and_every_refusal_says_what_it_found() {
    let mut rng = Rng::new(seed() ^ 5);
    for _ in 0..cases() * 5 {
        let cell = arbitrary_cell(&mut rng);
        let check = |name: &str, err: Option<cells::CellError>| {
            if let Some(e) = err {
                assert!(e.0.contains("实际为"), "{name}({cell:?}): {}", e.0);
            }
        };
        check("number", cells::number(&cell).err());
        check("non_negative", cells::non_negative(&cell).err());
        check("count", cells::count(&cell).err());
        check("ratio", cells::ratio(&cell).err());
        check("yes_no", cells::yes_no(&cell).err());
        check("year", cells::year(&cell).err());
        check("date", cells::date(&cell).err());
        check("text", cells::text(&cell).err());
        if let Ok(Some(v)) = cells::number(&cell) {
            assert!(
                v.is_finite() && v.abs() <= cells::MAX_NUMBER,
                "{cell:?} → {v}"
            );
        }
        if let Ok(Some(v)) = cells::ratio(&cell) {
            assert!((0.0..=1.0 + 1e-9).contains(&v), "{cell:?} → {v}");
        }
        let _ = cells::cell_text(&cell);
        let _ = cells::describe(&cell);
    }
}

const HEADERS: &[&str] = &[
    "学校名称",
    "小学在校生数",
    "教学及辅助用房面积",
    "教学仪器设备值",
    "公用经费预算总额",
    "网络多媒体教室数",
    "特殊情形说明",
];

const UNITS: &[(&str, f64)] = &[
    ("（万元）", 10_000.0),
    ("(万元)", 10_000.0),
    ("［万元］", 10_000.0),
    ("（元）", 1.0),
    ("(平方米)", 1.0),
    ("（人）", 1.0),
    ("㎡", 1.0),
    ("[个]", 1.0),
];

/// A header as people type it: spaces anywhere, a unit at the end, a required marker.
fn typed_header(rng: &mut Rng, name: &str) -> (String, f64) {
    let mut out = String::new();
    for c in name.chars() {
        if rng.chance(15) {
            out.push(*rng.pick(SPACES));
        }
        out.push(c);
    }
    let mut scale = 1.0;
    if rng.chance(40) {
        out.push('*');
    }
    if rng.chance(60) {
        let (unit, s) = *rng.pick(UNITS);
        out.push_str(unit);
        scale = s;
    }
    (pad(rng, &out), scale)
}

#[test]
fn headers_match_whatever_the_spacing_units_and_markers() {
    let mut rng = Rng::new(seed() ^ 6);
    for _ in 0..cases() {
        let name = *rng.pick(HEADERS);
        let (typed, scale) = typed_header(&mut rng, name);
        assert_eq!(normalize_header(&typed).0, name, "{typed:?}");
        // Through a whole table: the column is found and its unit scales the values.
        let mut grid = Grid::new();
        grid.set(0, 0, Data::String("学校名称".into()));
        if name != "学校名称" {
            grid.set(0, 1, Data::String(typed.clone()));
        }
        grid.set(1, 0, Data::String("东城小学".into()));
        grid.set(1, 1, Data::Int(7));
        let mut problems = Vec::new();
        let table = Table::from_sheet(
            &Sheet::new("学校", grid),
            "学校名称",
            HEADERS,
            &mut problems,
        )
        .expect("table");
        let (found, found_scale) = match name {
            "学校名称" => (table.has(school::NAME), 1.0),
            "小学在校生数" => {
                let key = school::STUDENTS.stage("小学");
                (table.has(key), table.scale(key))
            }
            "教学及辅助用房面积" => column(&table, school::TEACHING_AREA),
            "教学仪器设备值" => column(&table, school::EQUIPMENT_VALUE),
            "公用经费预算总额" => column(&table, school::PUBLIC_FUNDS_BUDGET),
            "网络多媒体教室数" => column(&table, school::MULTIMEDIA_ROOMS),
            "特殊情形说明" => column(&table, school::SPECIAL_NOTE),
            other => panic!("no schema id for {other}"),
        };
        assert!(found, "{typed:?}: {problems:?}");
        if name != "学校名称" {
            assert_eq!(found_scale, scale, "{typed:?}");
        }
        assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
    }
}

/// Whether the table has the column, and its scale.
fn column(table: &Table, key: Col) -> (bool, f64) {
    (table.has(key), table.scale(key))
}

#[test]
fn normalising_never_panics_and_is_idempotent() {
    let mut rng = Rng::new(seed() ^ 7);
    for _ in 0..cases() * 5 {
        let text = random_text(&mut rng, 40);
        let once = normalize_text(&text);
        assert_eq!(normalize_text(&once), once, "{text:?}");
        let (name, _) = normalize_header(&text);
        let (again, _) = normalize_header(&name);
        assert!(again.len() <= name.len(), "{text:?}");
        let _ = junheng::workbook::table::looks_like_summary(&text);
    }
}
