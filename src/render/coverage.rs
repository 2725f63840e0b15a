//! Characters that no font of the set can print.
//!
//! The bundled fonts cover all 8,105 characters of the 通用规范汉字表 (Fandol plus the
//! Noto subsets); a character beyond it in a person's or a school's name (生僻字, CJK
//! Extension B and beyond) would come out of Typst as an empty box without any
//! complaint. Every string of the county is scanned (by `check`, and by `build` before
//! compiling) and each such character is reported as a warning naming the sheet, the row
//! and the column. The PDF is still built.

use std::collections::BTreeMap;

use crate::model::County;
use crate::problem::Problem;
use crate::workbook::schema::{
    self, BASIC_INFO, CLASSES, COUNTY_INDICATORS, DUTIES, LEADERS, PHASES, QUALITY, RECOGNITION,
    SCHOOLS, SheetSchema, TARGETS, TASKS, TEXTS,
};

use super::fonts::FontSet;

/// Characters that print nothing by design (joiners, variation selectors, BOM), and
/// characters the escaper turns into something else (controls, line separators).
fn needs_glyph(c: char) -> bool {
    !(c.is_control()
        || c.is_whitespace()
        || matches!(c,
            '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{E0100}'..='\u{E01EF}'))
}

/// Where a string sits in the workbook.
struct Place<'a> {
    sheet: &'static str,
    row: Option<u32>,
    column: String,
    text: &'a str,
}

/// A string under `column` of `sheet`; the column is the schema's, or `内容（item）`
/// for an item of a two-column sheet.
fn place<'a>(
    sheet: &'static SheetSchema,
    row: Option<u32>,
    column: &str,
    text: &'a str,
) -> Place<'a> {
    debug_assert!(
        sheet.column(column).is_some()
            || column
                .strip_suffix('）')
                .and_then(|c| c.split_once('（'))
                .is_some_and(|(c, item)| sheet.column(c).is_some()
                    && (sheet.name != BASIC_INFO.name || schema::basic_item(item).is_some())),
        "{column} is not a column of {}",
        sheet.name
    );
    Place {
        sheet: sheet.name,
        row,
        column: column.to_string(),
        text,
    }
}

/// Every user-written string of the county with its location.
fn places(county: &County) -> Vec<Place<'_>> {
    let mut out = Vec::new();
    let info = &county.info;
    let item_row = |item: &str| info.item_rows.get(item).copied();
    out.push(place(
        &BASIC_INFO,
        item_row("县区名称"),
        "内容（县区名称）",
        &info.county_name,
    ));
    for (item, value) in [
        ("上级行政区", &info.parent_region),
        ("发文机关", &info.issuing_authority),
        ("发文字号", &info.document_number),
        ("联系人", &info.contact_person),
        ("联系电话", &info.contact_phone),
        ("电子邮箱", &info.contact_email),
        ("意见反馈截止日期", &info.feedback_deadline),
        ("报告主题", &info.motto),
    ] {
        if let Some(text) = value {
            out.push(place(
                &BASIC_INFO,
                item_row(item),
                &format!("内容（{item}）"),
                text,
            ));
        }
    }
    for s in &county.schools {
        out.push(place(&SCHOOLS, Some(s.row), "学校名称", &s.name));
        if let Some(note) = &s.special_note {
            out.push(place(&SCHOOLS, Some(s.row), "特殊情形说明", note));
        }
    }
    for c in county.classes.iter().flatten() {
        out.push(place(&CLASSES, Some(c.row), "班级", &c.class_name));
    }
    for (name, item) in &county.county_items {
        if let Some(note) = &item.note {
            out.push(Place {
                sheet: COUNTY_INDICATORS.name,
                row: Some(item.row),
                column: format!("说明（{name}）"),
                text: note,
            });
        }
    }
    for q in &county.quality {
        out.push(place(&QUALITY, Some(q.row), "学科", &q.subject));
    }
    for g in &county.recognition {
        out.push(place(&RECOGNITION, Some(g.row), "调查对象", &g.group));
    }
    for d in &county.duties {
        let row = Some(d.row);
        for unit in d.units.iter() {
            out.push(place(&DUTIES, row, "责任单位", unit));
        }
        for unit in d.lead_units.iter() {
            out.push(place(&DUTIES, row, "牵头单位", unit));
        }
        for (column, value) in [
            ("责任领导", &d.leader),
            ("指标说明", &d.explanation),
            ("评估重点", &d.focus),
        ] {
            if let Some(text) = value {
                out.push(place(&DUTIES, row, column, text));
            }
        }
    }
    for m in &county.leaders {
        let row = Some(m.row);
        out.push(place(&LEADERS, row, "职务", &m.role));
        out.push(place(&LEADERS, row, "姓名", &m.name));
        out.push(place(&LEADERS, row, "单位及职务", &m.position));
    }
    for p in &county.phases {
        let row = Some(p.row);
        out.push(place(&PHASES, row, "阶段", &p.name));
        out.push(place(&PHASES, row, "起止时间", &p.period));
        out.push(place(&PHASES, row, "工作内容", &p.content));
    }
    for t in &county.tasks {
        let row = Some(t.row);
        out.push(place(&TASKS, row, "类别", &t.category));
        out.push(place(&TASKS, row, "标题", &t.title));
        out.push(place(&TASKS, row, "内容", &t.content));
        for unit in &t.units {
            out.push(place(&TASKS, row, "责任单位", unit));
        }
        if let Some(deadline) = &t.deadline {
            out.push(place(&TASKS, row, "完成时限", deadline));
        }
    }
    for (section, text) in &county.texts {
        out.push(Place {
            sheet: TEXTS.name,
            row: county.text_rows.get(section).copied(),
            column: format!("内容（{section}）"),
            text,
        });
    }
    for t in &county.targets {
        for (column, text) in [
            ("指标", &t.indicator),
            ("单位", &t.unit),
            ("基期值", &t.base_value),
            ("目标值", &t.target_value),
            ("目标年份", &t.target_year),
        ] {
            out.push(place(&TARGETS, Some(t.row), column, text));
        }
    }
    out
}

/// Text around the first uncovered character, for the message.
fn excerpt(text: &str, missing: char) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = chars.iter().position(|c| *c == missing).unwrap_or(0);
    let from = at.saturating_sub(8);
    let shown: String = chars.iter().skip(from).take(17).collect();
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(&shown);
    if from + 17 < chars.len() {
        out.push('…');
    }
    out
}

/// One warning per string holding characters that no font in `fonts` covers.
pub fn uncovered_chars(county: &County, fonts: &FontSet) -> Vec<Problem> {
    let mut known: BTreeMap<char, bool> = BTreeMap::new();
    let mut out = Vec::new();
    for p in places(county) {
        let mut missing: Vec<char> = Vec::new();
        for c in p.text.chars().filter(|c| needs_glyph(*c)) {
            let covered = *known.entry(c).or_insert_with(|| fonts.covers(c));
            if !covered && !missing.contains(&c) {
                missing.push(c);
            }
        }
        let Some(first) = missing.first().copied() else {
            continue;
        };
        let listed: Vec<String> = missing
            .iter()
            .map(|c| format!("“{c}”（U+{:04X}）", u32::from(*c)))
            .collect();
        let mut problem = Problem::warning(
            p.sheet,
            format!(
                "「{}」中的 {} 没有任何字体收录，PDF 中会显示为空白方框：请核对是否录入有误；确需使用时，可用 --font-dir 提供包含该字的字体（如思源宋体、花园明朝）",
                excerpt(p.text, first),
                listed.join("、")
            ),
        )
        .at_column(p.column);
        if let Some(row) = p.row {
            problem = problem.at_row(row);
        }
        out.push(problem);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BasicInfo, County};

    #[test]
    fn extension_b_in_a_county_name_is_reported() {
        let fonts = FontSet::bundled();
        let county = County {
            info: BasicInfo {
                county_name: "𠀾溪区".to_string(),
                item_rows: [("县区名称".to_string(), 3)].into_iter().collect(),
                ..BasicInfo::default()
            },
            texts: [("工作目标".to_string(), "到2027年𪚥".to_string())]
                .into_iter()
                .collect(),
            text_rows: [("工作目标".to_string(), 7)].into_iter().collect(),
            ..County::default()
        };
        let problems = uncovered_chars(&county, &fonts);
        assert_eq!(problems.len(), 2, "{problems:?}");
        let text = problems[0].to_string();
        assert!(text.contains("U+2003E"), "{text}");
        assert!(
            text.contains("工作表「基本信息」 第3行 内容（县区名称）列"),
            "{text}"
        );
        let text = problems[1].to_string();
        assert!(
            text.contains("工作表「文字材料」 第7行 内容（工作目标）列"),
            "{text}"
        );
        assert!(!problems[0].is_error());
    }

    #[test]
    fn name_characters_of_the_tongyong_guifan_list_are_covered() {
        let fonts = FontSet::bundled();
        let county = County {
            info: BasicInfo {
                county_name: "堃玥镕区".to_string(),
                ..BasicInfo::default()
            },
            texts: [(
                "工作目标".to_string(),
                "王喆、李珺、赵昇、䶮、赟、犇".to_string(),
            )]
            .into_iter()
            .collect(),
            ..County::default()
        };
        assert!(uncovered_chars(&county, &fonts).is_empty());
    }

    #[test]
    fn common_text_is_covered() {
        let fonts = FontSet::bundled();
        let county = County {
            info: BasicInfo {
                county_name: "清禾区（试点）#1 \u{FE0F}\n".to_string(),
                ..BasicInfo::default()
            },
            ..County::default()
        };
        assert!(uncovered_chars(&county, &fonts).is_empty());
    }
}
