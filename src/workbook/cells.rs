//! Parsing single cells: numbers, counts, ratios, yes/no, dates and years, whatever form
//! a hand-typed or exported workbook gives them in. Every failure says what was expected
//! and what was found; the caller adds sheet, row and column.

use calamine::Data;

use crate::model::Date;

/// A parse failure, to be located by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct CellError(pub String);

pub(crate) type CellResult<T> = Result<Option<T>, CellError>;

/// A formula the file holds without its result (written by a script or a tool that does
/// not calculate): calamine reads it as blank, and it must not pass as blank. The
/// readers store it as this value; `#GETTING_DATA` is Excel's own "not calculated yet".
pub(crate) const UNSAVED_FORMULA: Data = Data::Error(calamine::CellErrorType::GettingData);

/// Whether `cell` is [`UNSAVED_FORMULA`].
pub(crate) fn is_unsaved_formula(cell: &Data) -> bool {
    *cell == UNSAVED_FORMULA
}

/// What to say about an [`UNSAVED_FORMULA`] cell.
pub(crate) const UNSAVED_FORMULA_MESSAGE: &str = "该单元格是公式，但文件中没有保存公式的计算结果（由程序或脚本生成的文件常见），程序无法读到它的值：请用 Excel、WPS 或 LibreOffice 打开该文件，保存一次后再试；或把公式改为直接填写的数值";

/// Characters that show nothing (zero-width spaces and joiners, direction marks and
/// overrides, the byte-order mark, the soft hyphen) and control characters other than
/// line breaks and tabs: they make two equal names differ, a blank cell look filled,
/// and can rewrite a terminal (ANSI/OSC escapes).
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{180E}'
    ) || (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Text as it is compared and printed: invisible characters (see [`is_invisible`])
/// removed, and in Unicode's composed form (NFC), so that the same name typed on two
/// machines is one name. Returns the first invisible character removed, if any.
pub(crate) fn clean_text(text: &mut String) -> Option<char> {
    let first = text.chars().find(|c| is_invisible(*c));
    if first.is_some() {
        text.retain(|c| !is_invisible(c));
    }
    use unicode_normalization::UnicodeNormalization;
    if unicode_normalization::is_nfc_quick(text.chars()) != unicode_normalization::IsNormalized::Yes
    {
        *text = text.nfc().collect();
    }
    first
}

/// How an invisible character is named in a message: `U+200B（零宽空格）`.
pub(crate) fn invisible_name(c: char) -> String {
    let name = match c {
        '\u{200B}' => "零宽空格",
        '\u{200C}' | '\u{200D}' => "零宽连接符",
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            "文字方向控制符"
        }
        '\u{FEFF}' => "字节顺序标记",
        '\u{00AD}' => "软连字符",
        '\u{1B}' => "终端控制符 ESC",
        c if c.is_control() => "控制字符",
        _ => "不可见字符",
    };
    format!("U+{:04X}（{name}）", u32::from(c))
}

/// Words that mean "not applicable / nothing" in a cell.
const NOT_APPLICABLE: &[&str] = &[
    "—",
    "-",
    "/",
    "无",
    "－",
    "——",
    "不涉及",
    "N/A",
    "n/a",
    "／",
];

/// Normalise typed text: full-width digits and signs to ASCII, spaces (ASCII and
/// full-width, incl. no-break) trimmed.
pub fn normalize_text(text: &str) -> String {
    // Most cells need no mapping; skip the char-by-char rebuild for them.
    let mapped = |c: char| {
        matches!(
            c,
            '０'..='９' | '．' | '，' | '％' | '－' | '−' | '＋' | '\u{a0}' | '\u{3000}'
        )
    };
    if !text.contains(mapped) {
        return text.trim().to_string();
    }
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '％' => '%',
            '－' | '−' => '-',
            '＋' => '+',
            '\u{a0}' | '\u{3000}' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Whether a cell is blank: empty, or text that is only whitespace (what
/// [`cell_text`] maps to `None`, without building the text).
pub(crate) fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim_matches(|c: char| c.is_whitespace()).is_empty(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.is_empty(),
        _ => false,
    }
}

/// Text of a cell as the user typed it (numbers printed plainly), or None when blank.
pub fn cell_text(cell: &Data) -> Option<String> {
    let text = match cell {
        Data::Empty => return None,
        Data::String(s) => s.trim_matches(|c: char| c.is_whitespace()).to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format_plain(*f),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) => match date_from_serial(serial_1900(dt)) {
            Some(d) => format!("{}年{}月{}日", d.year, d.month, d.day),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => error_label(e).to_string(),
    };
    if text.is_empty() { None } else { Some(text) }
}

/// How a value that Excel stored as a float prints when it is really an integer.
pub(crate) fn format_plain(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else if f.is_finite() && f != 0.0 && !(1e-6..1e15).contains(&f.abs()) {
        // Rust writes every digit of 1e308 (309 of them); a spreadsheet shows 1E+308.
        format!("{f:E}").replace("E", "E+").replace("E+-", "E-")
    } else {
        format!("{f}")
    }
}

/// Longest cell text quoted in a message; longer text is cut with an ellipsis.
const QUOTE_LIMIT: usize = 40;

/// Cell text for a message: control characters shown as spaces, long text shortened.
pub fn quote(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(QUOTE_LIMIT)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > QUOTE_LIMIT {
        out.push('…');
    }
    format!("“{out}”")
}

/// What a cell holds, for "实际为…" in messages.
pub fn describe(cell: &Data) -> String {
    match cell {
        Data::Empty => "空白".to_string(),
        Data::String(s) => quote(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format_plain(*f),
        Data::Bool(b) => format!("逻辑值 {}", if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) => {
            let serial = serial_1900(dt);
            match civil_from_serial(serial) {
                Some((y, m, d)) => format!(
                    "日期 {y}-{m:02}-{d:02}（单元格内的数值为 {}）",
                    format_plain(serial)
                ),
                None => format!("日期（单元格内的数值为 {}）", format_plain(serial)),
            }
        }
        Data::DateTimeIso(s) => format!("日期 {s}"),
        Data::DurationIso(s) => format!("时长 {s}"),
        Data::Error(calamine::CellErrorType::GettingData) => {
            "没有保存计算结果的公式（请用 Excel、WPS 或 LibreOffice 打开该文件，保存后再试）"
                .to_string()
        }
        Data::Error(e) => format!(
            "公式错误 {}（请检查该单元格的公式，或直接填写数值）",
            error_label(e)
        ),
    }
}

fn error_label(e: &calamine::CellErrorType) -> &'static str {
    use calamine::CellErrorType::*;
    match e {
        Div0 => "#DIV/0!",
        NA => "#N/A",
        Name => "#NAME?",
        Null => "#NULL!",
        Num => "#NUM!",
        Ref => "#REF!",
        Value => "#VALUE!",
        GettingData => "#GETTING_DATA",
    }
}

/// Whether the cell says "not applicable" (— - / 无 不涉及).
pub(crate) fn is_not_applicable(cell: &Data) -> bool {
    match cell {
        Data::String(s) => NOT_APPLICABLE.contains(&normalize_text(s).as_str()),
        _ => false,
    }
}

/// A number in any common form: 1234, "1,234", "１２３４", "12.5". `percent` tells
/// whether a trailing % was present (the value returned is then already divided by 100).
fn parse_number_text(text: &str) -> Option<(f64, bool)> {
    let t = normalize_text(text);
    let (body, percent) = match t.strip_suffix('%') {
        Some(b) => (b.trim(), true),
        None => (t.as_str(), false),
    };
    // Thousands separators only between digit groups of three.
    let cleaned: String = if body.contains(',') {
        let (int_part, frac) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        let digits = int_part.trim_start_matches(['-', '+']);
        let mut groups = digits.split(',');
        let first = groups.next().unwrap_or_default();
        let rest: Vec<&str> = groups.collect();
        let valid = !rest.is_empty()
            && !first.is_empty()
            && first.len() <= 3
            && rest.iter().all(|g| g.len() == 3);
        if !valid {
            return None;
        }
        let mut s = int_part.replace(',', "");
        if let Some(f) = frac {
            s.push('.');
            s.push_str(f);
        }
        s
    } else {
        body.to_string()
    };
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return None;
    }
    let value: f64 = cleaned.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    Some(if percent {
        (value / 100.0, true)
    } else {
        (value, false)
    })
}

/// Largest magnitude accepted for any number: beyond it a value is a typing or export
/// error (a county's whole budget is below 10^13 元), and arithmetic stays exact enough.
pub const MAX_NUMBER: f64 = 1e13;

/// Largest whole number accepted for a count (people, rooms, classes).
pub const MAX_COUNT: u32 = 10_000_000;

/// Units people type into number cells; the unit belongs in the header.
const UNIT_SUFFIXES: &[&str] = &[
    "万元",
    "元",
    "平方米",
    "㎡",
    "m²",
    "m2",
    "人",
    "名",
    "个",
    "间",
    "所",
    "班",
    "台",
    "册",
];

fn unit_hint(text: &str) -> &'static str {
    let t = normalize_text(text);
    let has_unit = UNIT_SUFFIXES.iter().any(|u| {
        t.strip_suffix(u)
            .is_some_and(|body| parse_number_text(body).is_some())
    });
    if has_unit {
        "（单元格中只填数字，单位写在表头，如「教学仪器设备值（万元）」）"
    } else {
        ""
    }
}

/// A real number (areas, money, ratios before normalisation).
pub fn number(cell: &Data) -> CellResult<f64> {
    let expected = "应为数字";
    let value = match cell {
        Data::Empty => return Ok(None),
        Data::Int(i) => *i as f64,
        Data::Float(f) if f.is_finite() => *f,
        Data::String(s) if normalize_text(s).is_empty() => return Ok(None),
        _ if is_not_applicable(cell) => return Ok(None),
        Data::String(s) => match parse_number_text(s) {
            Some((v, false)) => v,
            Some((_, true)) => {
                return Err(CellError(format!(
                    "{expected}，不应带百分号，实际为{}",
                    describe(cell)
                )));
            }
            None => {
                return Err(CellError(format!(
                    "{expected}，实际为{}{}",
                    describe(cell),
                    unit_hint(s)
                )));
            }
        },
        Data::DateTime(_) | Data::DateTimeIso(_) => {
            return Err(CellError(format!(
                "{expected}，实际为{}：该单元格被设成了日期格式，请改为“常规”或“数值”格式",
                describe(cell)
            )));
        }
        _ => return Err(CellError(format!("{expected}，实际为{}", describe(cell)))),
    };
    if value.abs() > MAX_NUMBER {
        return Err(CellError(format!(
            "数值过大（超过 10 万亿），实际为{}，请核实",
            describe(cell)
        )));
    }
    Ok(Some(value))
}

/// A non-negative real number.
pub fn non_negative(cell: &Data) -> CellResult<f64> {
    match number(cell)? {
        Some(v) if v < 0.0 => Err(CellError(format!("应为非负数，实际为{}", describe(cell)))),
        other => Ok(other),
    }
}

/// A non-negative whole number (students, teachers, rooms).
pub fn count(cell: &Data) -> CellResult<u32> {
    let Some(value) =
        number(cell).map_err(|e| CellError(e.0.replacen("应为数字", "应为非负整数", 1)))?
    else {
        return Ok(None);
    };
    if value < 0.0 || value.fract() != 0.0 {
        return Err(CellError(format!("应为非负整数，实际为{}", describe(cell))));
    }
    if value > f64::from(MAX_COUNT) {
        return Err(CellError(format!(
            "数值过大（超过 1000 万），实际为{}，请核实",
            describe(cell)
        )));
    }
    Ok(Some(value as u32))
}

/// A ratio as a fraction. "95%", "95％", 95 and 0.95 all give 0.95: text with a percent
/// sign is a percentage, a plain number above 1 is a percentage, 1 or less a fraction.
pub fn ratio(cell: &Data) -> CellResult<f64> {
    let value = match cell {
        Data::String(s) if !is_not_applicable(cell) && !normalize_text(s).is_empty() => {
            match parse_number_text(s) {
                Some((v, true)) => v,
                Some((v, false)) => plain_ratio(v),
                None => {
                    return Err(CellError(format!(
                        "应为百分比（如 95% 或 0.95），实际为{}",
                        describe(cell)
                    )));
                }
            }
        }
        _ => match number(cell) {
            Ok(Some(v)) => plain_ratio(v),
            Ok(None) => return Ok(None),
            Err(_) => {
                return Err(CellError(format!(
                    "应为百分比（如 95% 或 0.95），实际为{}",
                    describe(cell)
                )));
            }
        },
    };
    if !(0.0..=1.0 + 1e-12).contains(&value) {
        return Err(CellError(format!(
            "应为 0%～100% 之间的比例，实际为{}",
            describe(cell)
        )));
    }
    Ok(Some(value))
}

fn plain_ratio(v: f64) -> f64 {
    if v > 1.0 { v / 100.0 } else { v }
}

/// 是/否 in the forms clerks type: 是 否 √ × Y N 有 无 yes no true false 1 0.
pub fn yes_no(cell: &Data) -> CellResult<bool> {
    match cell {
        Data::Empty => Ok(None),
        Data::Bool(b) => Ok(Some(*b)),
        Data::Int(1) => Ok(Some(true)),
        Data::Int(0) => Ok(Some(false)),
        Data::Float(f) if *f == 1.0 => Ok(Some(true)),
        Data::Float(f) if *f == 0.0 => Ok(Some(false)),
        Data::String(s) => {
            let t = normalize_text(s).to_lowercase();
            match t.as_str() {
                "" => Ok(None),
                "是" | "√" | "✓" | "✔" | "y" | "yes" | "有" | "true" | "对" => {
                    Ok(Some(true))
                }
                "否" | "×" | "✗" | "✘" | "x" | "n" | "no" | "无" | "false" | "没有" => {
                    Ok(Some(false))
                }
                _ => Err(CellError(format!(
                    "应为 是/否（也可写 √/×、Y/N、有/无），实际为{}",
                    describe(cell)
                ))),
            }
        }
        _ => Err(CellError(format!(
            "应为 是/否（也可写 √/×、Y/N、有/无），实际为{}",
            describe(cell)
        ))),
    }
}

/// A plain text value (trimmed), or None when blank. Numbers are printed as typed.
pub fn text(cell: &Data) -> CellResult<String> {
    match cell {
        Data::Error(e) => Err(CellError(format!(
            "应为文字，实际为公式错误 {}",
            error_label(e)
        ))),
        _ => Ok(cell_text(cell)),
    }
}

/// A year such as 2016, "2016", "2016年".
pub fn year(cell: &Data) -> CellResult<i32> {
    let bad = || CellError(format!("应为年份（如 2016），实际为{}", describe(cell)));
    let value = match cell {
        Data::Empty => return Ok(None),
        Data::Int(i) => *i as f64,
        Data::Float(f) => *f,
        Data::String(s) => {
            let t = normalize_text(s);
            let t = t.trim_end_matches('年').trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<f64>().map_err(|_| bad())?
        }
        Data::DateTime(dt) => match date_from_serial(serial_1900(dt)) {
            Some(d) => return Ok(Some(d.year)),
            None => return Err(bad()),
        },
        _ => return Err(bad()),
    };
    if value.fract() != 0.0 || !(1949.0..=2100.0).contains(&value) {
        return Err(bad());
    }
    Ok(Some(value as i32))
}

/// A date: an Excel date cell, or text like 2026年3月16日, 2026-03-16, 2026/3/16, 2026.3.16.
pub fn date(cell: &Data) -> CellResult<Date> {
    let bad = || {
        CellError(format!(
            "应为日期（如 2026年3月16日 或 2026-03-16），实际为{}",
            describe(cell)
        ))
    };
    match cell {
        Data::Empty => Ok(None),
        Data::DateTime(dt) => date_from_serial(serial_1900(dt)).map(Some).ok_or_else(bad),
        Data::Float(f) if (20000.0..80000.0).contains(f) => {
            date_from_serial(*f).map(Some).ok_or_else(bad)
        }
        Data::Int(i) if (20000..80000).contains(i) => {
            date_from_serial(*i as f64).map(Some).ok_or_else(bad)
        }
        Data::String(s) | Data::DateTimeIso(s) => {
            let t = normalize_text(s);
            if t.is_empty() {
                return Ok(None);
            }
            parse_date_text(&t).map(Some).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

fn parse_date_text(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text
        .split(['年', '月', '日', '-', '/', '.', 'T', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [year, month, day, ..] = parts.as_slice() else {
        return None;
    };
    valid_date(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn valid_date(year: i32, month: u32, day: u32) -> Option<Date> {
    if !(1949..=2100).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if leap => 29,
        _ => 28,
    };
    if day == 0 || day > days {
        return None;
    }
    Some(Date { year, month, day })
}

/// A date cell's serial day number in the 1900 date system. A workbook saved with
/// Excel's 1904 date system stores days since 1904-01-01; calamine knows which system
/// the workbook uses, so the day is taken from its conversion and counted again from
/// 1899-12-30 (a 1904 date read as a 1900 serial is four years and a day early).
pub(crate) fn serial_1900(dt: &calamine::ExcelDateTime) -> f64 {
    let raw = dt.as_f64();
    if !dt.is_datetime() || !raw.is_finite() || raw < 61.0 {
        return raw;
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    // Days-from-civil (Howard Hinnant), epoch 1970-01-01 = serial 25569.
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (days + 25_569) as f64 + raw.fract()
}

/// Excel 1900-system serial day number → date (serials after 1900-02-28 include
/// Excel's phantom 1900-02-29, hence the shift).
pub(crate) fn date_from_serial(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let (year, m, d) = civil_from_serial(serial)?;
    valid_date(i32::try_from(year).ok()?, m, d)
}

/// Excel serial → (year, month, day) without any plausibility check (for messages).
fn civil_from_serial(serial: f64) -> Option<(i64, u32, u32)> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days since 1899-12-30; serials before Excel's phantom 1900-02-29 are one day off.
    let mut days = serial.floor() as i64;
    if days < 61 {
        days += 1;
    }
    // Epoch 1970-01-01 = serial 25569.
    Some(crate::model::civil_from_days(days - 25569))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 26's probe: 成文日期 2026-03-16 in a workbook saved with the 1904 date
    /// system is serial 44635 there (46097 in the 1900 system); read as a 1900 serial it
    /// was 2022-03-15, four years and a day early.
    #[test]
    fn dates_of_a_1904_workbook_are_not_four_years_early() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let d1904 = Data::DateTime(ExcelDateTime::new(
            44635.0,
            ExcelDateTimeType::DateTime,
            true,
        ));
        let d1900 = Data::DateTime(ExcelDateTime::new(
            46097.0,
            ExcelDateTimeType::DateTime,
            false,
        ));
        let expected = Date {
            year: 2026,
            month: 3,
            day: 16,
        };
        assert_eq!(date(&d1904).ok().flatten(), Some(expected));
        assert_eq!(date(&d1900).ok().flatten(), Some(expected));
        assert_eq!(year(&d1904).ok().flatten(), Some(2026));
        assert_eq!(cell_text(&d1904).as_deref(), Some("2026年3月16日"));
    }

    #[test]
    fn huge_and_tiny_numbers_print_as_a_spreadsheet_shows_them() {
        assert_eq!(describe(&Data::Float(1e308)), "1E+308");
        assert_eq!(describe(&Data::Float(-2.5e20)), "-2.5E+20");
        assert_eq!(describe(&Data::Float(1.5e-9)), "1.5E-9");
        assert_eq!(describe(&Data::Float(74.8)), "74.8");
        assert_eq!(describe(&Data::Float(7480.0)), "7480");
        let refused = number(&Data::Float(1e308)).unwrap_err().0;
        assert!(
            refused.contains("1E+308") && refused.len() < 200,
            "{refused}"
        );
    }

    fn s(text: &str) -> Data {
        Data::String(text.to_string())
    }

    #[test]
    fn is_blank_agrees_with_cell_text() {
        let cells = [
            Data::Empty,
            s(""),
            s("  "),
            s("\u{3000}\u{a0}\t"),
            s(" 甲 "),
            s("0"),
            Data::Int(0),
            Data::Float(0.0),
            Data::Bool(false),
            Data::DateTimeIso(String::new()),
            Data::DateTimeIso("2026-01-01".into()),
            Data::DurationIso(String::new()),
            Data::Error(calamine::CellErrorType::NA),
        ];
        for cell in &cells {
            assert_eq!(is_blank(cell), cell_text(cell).is_none(), "{cell:?}");
        }
    }

    #[test]
    fn normalize_text_fast_path_matches_the_mapping() {
        for (input, expected) in [
            ("  实验小学 ", "实验小学"),
            ("１２．５％", "12.5%"),
            ("\u{3000}甲\u{a0}乙\u{3000}", "甲 乙"),
            ("－３", "-3"),
            ("plain", "plain"),
        ] {
            assert_eq!(normalize_text(input), expected, "{input:?}");
        }
    }

    #[test]
    fn numbers_in_every_form() {
        assert_eq!(number(&Data::Int(1234)), Ok(Some(1234.0)));
        assert_eq!(number(&s("1,234")), Ok(Some(1234.0)));
        assert_eq!(number(&s("１２３４．５")), Ok(Some(1234.5)));
        assert_eq!(number(&s(" 12 ")), Ok(Some(12.0)));
        assert_eq!(number(&s("—")), Ok(None));
        assert_eq!(number(&Data::Empty), Ok(None));
        assert!(number(&s("12,34")).is_err());
        assert!(number(&s("abc")).is_err());
        assert!(number(&s("95%")).is_err());
        assert!(
            number(&Data::Error(calamine::CellErrorType::Div0))
                .unwrap_err()
                .0
                .contains("#DIV/0!")
        );
    }

    #[test]
    fn counts_are_whole_and_non_negative() {
        assert_eq!(count(&Data::Float(42.0)), Ok(Some(42)));
        assert!(
            count(&Data::Float(42.5))
                .unwrap_err()
                .0
                .contains("非负整数")
        );
        assert!(count(&Data::Int(-3)).is_err());
    }

    #[test]
    fn ratios_all_mean_the_same() {
        for cell in [
            s("95%"),
            s("95％"),
            Data::Int(95),
            Data::Float(0.95),
            s("0.95"),
            s("９５％"),
        ] {
            let v = ratio(&cell).unwrap().unwrap();
            assert!((v - 0.95).abs() < 1e-12, "{cell:?} → {v}");
        }
        assert_eq!(ratio(&Data::Int(1)), Ok(Some(1.0)));
        assert!(ratio(&s("120%")).is_err());
    }

    #[test]
    fn yes_no_forms() {
        for t in ["是", "√", "Y", "y", "有", "yes"] {
            assert_eq!(yes_no(&s(t)), Ok(Some(true)), "{t}");
        }
        for t in ["否", "×", "N", "无", "no"] {
            assert_eq!(yes_no(&s(t)), Ok(Some(false)), "{t}");
        }
        assert!(yes_no(&s("也许")).is_err());
    }

    #[test]
    fn dates_and_years() {
        let want = Date {
            year: 2026,
            month: 3,
            day: 16,
        };
        assert_eq!(date(&s("2026年3月16日")), Ok(Some(want)));
        assert_eq!(date(&s("2026-03-16")), Ok(Some(want)));
        assert_eq!(date(&s("2026/3/16")), Ok(Some(want)));
        // Excel serial 46097 = 2026-03-16.
        assert_eq!(date(&Data::Float(46097.0)), Ok(Some(want)));
        assert_eq!(
            date_from_serial(25569.0),
            Some(Date {
                year: 1970,
                month: 1,
                day: 1
            })
        );
        // Before 1949 is not a plausible document date.
        assert_eq!(date_from_serial(61.0), None);
        assert!(date(&s("2026-02-30")).is_err());
        assert_eq!(year(&s("2016年")), Ok(Some(2016)));
        assert!(year(&s("二〇一六")).is_err());
    }
}
