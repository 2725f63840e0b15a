//! Figures that stay live in the narrative, and sentences the data contradicts.
//!
//! A placeholder `〔名称〕` in the narrative (the 文字材料 sheet or a .docx) prints a
//! computed figure in the documents' number style: `〔学校数〕`, `〔专任教师数〕`,
//! `〔1.6/小学/均值〕`, `〔2.7〕`… (the full list is [`figures`]). `【名称】`, which a
//! Chinese keyboard types with the bracket keys, works too when the name is known (and
//! is left as text otherwise). An unknown `〔…〕` is a located error.
//!
//! Two warnings: a plain number in the narrative that equals a figure of the previous
//! build which has since changed (the build keeps its figures in [`FIGURES_FILE`] in
//! the county's output folder; `diff` compares the two workbooks), and a sentence that
//! claims all is met (全部达标, 均已达到, 均在……以下) for an area, indicator or stage
//! that is not.

use std::collections::BTreeMap;

use crate::catalogue::Area;
use crate::documents::format;
use crate::documents::narrative::SHEET_TEXTS;
use crate::evaluate::Evaluation;
use crate::model::{County, Stage};
use crate::problem::Problem;

use super::{Block, Inline};

/// The figures of the previous build, beside the county's documents.
pub const FIGURES_FILE: &str = ".junheng.figures.json";

/// Every figure a placeholder can print: name → the text the documents print.
pub fn figures(county: &County, evaluation: &Evaluation) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let sum = |f: &dyn Fn(&crate::model::School) -> Option<u32>| -> u64 {
        county
            .schools
            .iter()
            .map(|s| u64::from(f(s).unwrap_or(0)))
            .sum()
    };
    let primary = sum(&|s| s.students.primary);
    let junior = sum(&|s| s.students.junior);
    let teachers = sum(&|s| s.full_time_teachers.primary) + sum(&|s| s.full_time_teachers.junior);
    out.insert("学校数".to_string(), format::count(county.schools.len()));
    out.insert("在校生数".to_string(), format::int(primary + junior));
    out.insert("小学在校生数".to_string(), format::int(primary));
    out.insert("初中在校生数".to_string(), format::int(junior));
    out.insert("专任教师数".to_string(), format::int(teachers));
    let met = evaluation
        .indicators
        .iter()
        .filter(|i| i.met == Some(true))
        .count();
    out.insert("达标指标数".to_string(), format::count(met));
    out.insert(
        "未达标指标数".to_string(),
        format::count(evaluation.indicators.len() - met),
    );
    for stage in Stage::BOTH {
        let parts: Vec<_> = evaluation
            .parts()
            .filter(|(_, p)| p.stage == stage)
            .map(|(_, p)| p)
            .collect();
        let compliant = parts.iter().filter(|p| p.compliant == Some(true)).count();
        out.insert(
            format!("{}/学校数", stage.label()),
            format::count(parts.len()),
        );
        out.insert(
            format!("{}/达标学校数", stage.label()),
            format::count(compliant),
        );
    }
    for result in &evaluation.indicators {
        let ind = result.indicator();
        let id = result.id.to_string();
        if ind.area == Area::Resources {
            for stage in Stage::BOTH {
                let stat = evaluation.cv.get(stage, result.id);
                if stat.is_none_or(|s| s.schools == 0) {
                    continue;
                }
                let label = stage.label();
                out.insert(
                    format!("{id}/{label}/均值"),
                    crate::documents::report::mean_text(result.id, stage, stat),
                );
                out.insert(
                    format!("{id}/{label}/差异系数"),
                    crate::documents::report::cv_of(stat, stage),
                );
                let meeting = evaluation
                    .parts()
                    .filter(|(_, p)| p.stage == stage)
                    .filter(|(_, p)| p.item(result.id).and_then(|i| i.meets_standard) == Some(true))
                    .count();
                out.insert(format!("{id}/{label}/达标校数"), format::count(meeting));
            }
            continue;
        }
        let Some(value) = result.value else {
            continue;
        };
        let standard = ind.threshold.map(|t| t.to_f64()).unwrap_or(value);
        let text = if ind.unit == "%" {
            format::indicator_share(result.id, value, standard)
        } else {
            format::indicator_value(result.id, value, standard)
        };
        out.insert(id.clone(), text);
        for stage in Stage::BOTH {
            if let Some(v) = result.by_stage.get(stage) {
                let standard = ind.standard(stage).map(|r| r.to_f64()).unwrap_or(v);
                out.insert(
                    format!("{id}/{}", stage.label()),
                    format::indicator_value(result.id, v, standard),
                );
            }
        }
    }
    out
}

/// A placeholder's name as typed, in the form [`figures`] uses: full-width digits and
/// punctuation made half-width, spaces removed.
fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '．' | '。' => '.',
            '／' | '、' => '/',
            c => c,
        })
        .collect()
}

/// Replace the placeholders of `text`; Err lists the unknown `〔…〕` names.
pub fn substitute(text: &str, figures: &BTreeMap<String, String>) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['〔', '【']) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let open = from.chars().next().unwrap_or('〔');
        let close = if open == '〔' { '〕' } else { '】' };
        let inner = &from[open.len_utf8()..];
        let end = inner
            .find(close)
            .filter(|e| inner[..*e].chars().count() <= 30);
        let Some(end) = end else {
            out.push(open);
            rest = inner;
            continue;
        };
        let name = &inner[..end];
        // 〔2017〕 is the year of a document number (教督〔2017〕6号), not a figure.
        let year = !name.is_empty() && normalise(name).chars().all(|c| c.is_ascii_digit());
        match figures.get(&normalise(name)) {
            _ if year => out.push_str(&from[..open.len_utf8() + end + close.len_utf8()]),
            Some(value) => out.push_str(value),
            None if open == '〔' => {
                unknown.push(name.to_string());
                out.push_str(&from[..open.len_utf8() + end + close.len_utf8()]);
            }
            // 【…】 is ordinary text unless it names a figure.
            None => out.push_str(&from[..open.len_utf8() + end + close.len_utf8()]),
        }
        rest = &inner[end + close.len_utf8()..];
    }
    out.push_str(rest);
    (out, unknown)
}

fn unknown_message(names: &[String]) -> String {
    format!(
        "占位符{}不是可用的数据名称：可用的如〔学校数〕〔在校生数〕〔专任教师数〕〔1.6/小学/均值〕〔1.1/初中/差异系数〕〔2.7〕〔达标指标数〕，全部名称见 README“文字材料”一节",
        names
            .iter()
            .map(|n| format!("〔{n}〕"))
            .collect::<Vec<_>>()
            .join("")
    )
}

/// Where a narrative paragraph is: a row of the 文字材料 sheet, or a paragraph of a file.
#[derive(Debug, Clone)]
pub enum Place {
    Sheet { row: Option<u32> },
    File { file: String, para: u32 },
}

impl Place {
    fn problem(&self, error: bool, message: String) -> Problem {
        match self {
            Place::Sheet { row } => {
                let p = if error {
                    Problem::error(SHEET_TEXTS, message)
                } else {
                    Problem::warning(SHEET_TEXTS, message)
                }
                .at_column("内容");
                match row {
                    Some(r) => p.at_row(*r),
                    None => p,
                }
            }
            Place::File { file, para } => {
                let message = format!("第{para}段：{message}");
                if error {
                    Problem::file_error(file, message)
                } else {
                    Problem::file_warning(file, message)
                }
            }
        }
    }
}

/// Fill every placeholder of the narrative in place (sheet and .docx). Errors for the
/// unknown ones, located.
pub fn fill(county: &mut County, figures: &BTreeMap<String, String>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let names: Vec<String> = county.texts.keys().cloned().collect();
    for name in names {
        if county.narrative.section(&name).is_some() {
            continue;
        }
        let Some(text) = county.texts.get(&name) else {
            continue;
        };
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let mut filled = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            let (new, unknown) = substitute(line, figures);
            if !unknown.is_empty() {
                let place = Place::Sheet {
                    row: sheet_row(county, &name, i),
                };
                problems
                    .push(place.problem(true, format!("（{name}）{}", unknown_message(&unknown))));
            }
            filled.push(new);
        }
        county.texts.insert(name, filled.join("\n"));
    }
    for section in &mut county.narrative.sections {
        let file = section.file.clone();
        for block in &mut section.blocks {
            let para = block.para();
            let mut unknown = Vec::new();
            let mut fill_runs = |runs: &mut Vec<Inline>| {
                for run in runs.iter_mut() {
                    let (new, u) = substitute(&run.text, figures);
                    run.text = new;
                    unknown.extend(u);
                }
            };
            match block {
                Block::Heading { text, .. } => {
                    let (new, u) = substitute(text, figures);
                    *text = new;
                    unknown.extend(u);
                }
                Block::Para { runs, .. } => fill_runs(runs),
                Block::Table { rows, .. } => {
                    for cell in rows.iter_mut().flatten() {
                        for p in &mut cell.paras {
                            fill_runs(p);
                        }
                    }
                }
                Block::Image { .. } => {}
            }
            if !unknown.is_empty() {
                let place = Place::File {
                    file: file.clone(),
                    para,
                };
                problems.push(place.problem(true, unknown_message(&unknown)));
            }
        }
    }
    problems
}

/// The sheet row of line `i` of a section's text.
fn sheet_row(county: &County, section: &str, i: usize) -> Option<u32> {
    county
        .text_line_rows
        .get(section)
        .and_then(|rows| rows.get(i).copied())
        .or_else(|| county.text_rows.get(section).copied())
}

/// Every narrative paragraph with its place, as printed (placeholders filled).
pub fn paragraphs(county: &County) -> Vec<(Place, String)> {
    let mut out = Vec::new();
    for name in &county.section_order {
        if let Some(section) = county.narrative.section(name) {
            for block in &section.blocks {
                let place = Place::File {
                    file: section.file.clone(),
                    para: block.para(),
                };
                match block {
                    Block::Heading { text, .. } => out.push((place, text.clone())),
                    Block::Para { runs, .. } => out.push((place, super::runs_text(runs))),
                    Block::Table { rows, .. } => {
                        for cell in rows.iter().flatten() {
                            for p in &cell.paras {
                                out.push((place.clone(), super::runs_text(p)));
                            }
                        }
                    }
                    Block::Image { .. } => {}
                }
            }
            continue;
        }
        let Some(text) = county.texts.get(name) else {
            continue;
        };
        for (i, line) in text.split('\n').enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let row = sheet_row(county, name, i);
            out.push((Place::Sheet { row }, line.to_string()));
        }
    }
    out
}

/// True when `value` stands in `text` as a number of its own (not part of a longer one).
fn has_number(text: &str, value: &str) -> bool {
    let is_num = |c: char| c.is_ascii_digit() || c == '.' || c == ',';
    let mut from = 0;
    while let Some(pos) = text[from..].find(value) {
        let start = from + pos;
        let end = start + value.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let after_digit = {
            let mut it = text[end..].chars();
            matches!(it.next(), Some('.')) && it.next().is_some_and(|c| c.is_ascii_digit())
        };
        if !before.is_some_and(is_num) && !after.is_some_and(|c| c.is_ascii_digit()) && !after_digit
        {
            return true;
        }
        from = end;
    }
    false
}

/// A figure worth tracing: a decimal or a percentage, or a whole number of three or
/// more digits (a 15 in a narrative is too often something else).
fn traceable(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    value.chars().any(|c| c.is_ascii_digit())
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '%')
        && (value.contains('.') || value.contains('%') || digits >= 3)
}

/// Plain numbers in the narrative that were `previous` figures and have changed since.
pub fn stale_numbers(
    county: &County,
    previous: &BTreeMap<String, String>,
    current: &BTreeMap<String, String>,
) -> Vec<Problem> {
    let changed: Vec<(&String, &String, &String)> = previous
        .iter()
        .filter_map(|(k, old)| {
            let new = current.get(k)?;
            (new != old && traceable(old)).then_some((k, old, new))
        })
        .collect();
    if changed.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (place, text) in paragraphs(county) {
        for (key, old, new) in &changed {
            // The number is still right for another figure: nothing to say.
            if current.values().any(|v| v == *old) {
                continue;
            }
            if has_number(&text, old) {
                out.push(place.problem(
                    false,
                    format!(
                        "“{old}”是上次生成时〔{key}〕的数值，更正后为 {new}：请核对这句话，或改写为占位符〔{key}〕，以后随数据自动更新"
                    ),
                ));
            }
        }
    }
    out
}

/// Read the figures a previous build left in a county's folder.
pub fn read_previous(dir: &std::path::Path) -> Option<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(dir.join(FIGURES_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Words by which a sentence claims everything is met.
const CLAIMS: &[&str] = &[
    "全部达标",
    "全部达到",
    "均已达标",
    "均达标",
    "均已达到",
    "均达到",
    "都已达到",
    "都达到",
    "全面达标",
    "均低于",
];

/// The claim a sentence makes: a word of [`CLAIMS`], or 均在……以下 / 均在……以内.
fn claims_all(sentence: &str) -> bool {
    if CLAIMS.iter().any(|c| sentence.contains(c)) {
        return true;
    }
    sentence.find("均在").is_some_and(|pos| {
        let rest = &sentence[pos..];
        rest.contains("以下") || rest.contains("以内")
    })
}

/// Indicator ids a sentence names (1.6, 2.11…).
fn named_indicators(sentence: &str) -> Vec<crate::catalogue::IndicatorId> {
    let chars: Vec<char> = sentence.chars().collect();
    let mut out = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if !c.is_ascii_digit()
            || i > 0
                && chars
                    .get(i - 1)
                    .is_some_and(|p| p.is_ascii_digit() || *p == '.')
        {
            continue;
        }
        let token: String = chars
            .iter()
            .skip(i)
            .take_while(|c| c.is_ascii_digit() || **c == '.')
            .collect();
        let token = token.trim_end_matches('.');
        if token.contains('.')
            && let Some(ind) = crate::catalogue::indicator(token)
            && !out.contains(&ind.id)
        {
            out.push(ind.id);
        }
    }
    out
}

/// What is not met of what a sentence names, as words; empty when all it names is met.
fn contradicted(sentence: &str, evaluation: &Evaluation) -> Vec<String> {
    let stages: Vec<Stage> = Stage::BOTH
        .into_iter()
        .filter(|s| sentence.contains(s.label()))
        .collect();
    let mut unmet = Vec::new();
    let ids = named_indicators(sentence);
    for id in &ids {
        if let Some(r) = evaluation.indicator(*id)
            && r.met == Some(false)
        {
            unmet.push(format!("第{id}项指标"));
        }
    }
    let about_cv = sentence.contains("差异系数");
    let areas: Vec<(Area, &str)> = [
        (Area::Resources, "资源配置"),
        (Area::Government, "政府保障"),
        (Area::Quality, "教育质量"),
        (Area::Recognition, "社会认可"),
    ]
    .into_iter()
    .filter(|(_, word)| sentence.contains(word))
    .collect();
    if about_cv {
        let scope = if stages.is_empty() {
            Stage::BOTH.to_vec()
        } else {
            stages.clone()
        };
        for stat in &evaluation.cv.stats {
            if scope.contains(&stat.stage)
                && stat.met == Some(false)
                && (ids.is_empty() || ids.contains(&stat.indicator))
            {
                unmet.push(format!(
                    "{}{}的差异系数",
                    stat.stage.label(),
                    stat.indicator
                ));
            }
        }
    } else if ids.is_empty() {
        for (area, word) in &areas {
            let failing = evaluation.unmet_in(*area);
            if *area == Area::Resources && !stages.is_empty() {
                // A stage's schools: each must be compliant.
                for stage in &stages {
                    let bad = evaluation
                        .parts()
                        .filter(|(_, p)| p.stage == *stage && p.compliant == Some(false))
                        .count();
                    if bad > 0 {
                        unmet.push(format!("{}有{}所学校资源配置未达标", stage.label(), bad));
                    }
                }
            } else if !failing.is_empty() {
                let list: Vec<String> = failing.iter().map(|i| i.to_string()).collect();
                unmet.push(format!("{word}的第{}项指标", list.join("、")));
            }
        }
        if areas.is_empty() && stages.is_empty() && sentence.contains("指标") {
            let failing: Vec<String> = evaluation
                .indicators
                .iter()
                .filter(|i| i.met == Some(false))
                .map(|i| i.id.to_string())
                .collect();
            if !failing.is_empty() {
                unmet.push(format!("第{}项指标", failing.join("、")));
            }
        }
    }
    unmet
}

/// Sentences of the narrative that claim all is met where the data says otherwise.
pub fn false_claims(county: &County, evaluation: &Evaluation) -> Vec<Problem> {
    let mut out = Vec::new();
    for (place, text) in paragraphs(county) {
        for sentence in text.split_inclusive(['。', '；', '！', '\n']) {
            if !claims_all(sentence) {
                continue;
            }
            let unmet = contradicted(sentence, evaluation);
            if unmet.is_empty() {
                continue;
            }
            let shown: String = sentence.trim().chars().take(40).collect();
            out.push(place.problem(
                false,
                format!(
                    "“{shown}”与测算结果不符：{}未达标。请改写这句话",
                    unmet.join("，")
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn placeholders_print_figures_and_name_the_unknown() {
        let f = map(&[("学校数", "15"), ("1.6/小学/均值", "2269")]);
        let (text, unknown) =
            substitute("全区〔学校数〕所学校，生均〔１．６／小学／均值〕元。", &f);
        assert_eq!(text, "全区15所学校，生均2269元。");
        assert!(unknown.is_empty());
        let (text, unknown) = substitute("【学校数】所；【经验一】；〔学校总数〕", &f);
        assert_eq!(text, "15所；【经验一】；〔学校总数〕");
        assert_eq!(unknown, ["学校总数"]);
        // A document number's year is text.
        let (text, unknown) = substitute("（教督〔2017〕6号、教督【２０１７】6号）", &f);
        assert_eq!(text, "（教督〔2017〕6号、教督【２０１７】6号）");
        assert!(unknown.is_empty());
        // An unclosed bracket is text.
        assert_eq!(substitute("〔未完", &f).0, "〔未完");
    }

    #[test]
    fn numbers_are_found_whole() {
        assert!(has_number("分别达到2261元、2805元", "2261"));
        assert!(!has_number("达到22610元", "2261"));
        assert!(!has_number("达到2261.5元", "2261"));
        assert!(has_number("为0.312。", "0.312"));
        assert!(!has_number("为10.312", "0.312"));
        assert!(traceable("2261") && traceable("0.31") && traceable("95.2%"));
        assert!(!traceable("15") && !traceable("数据不全"));
    }

    #[test]
    fn claims_and_their_scope() {
        assert!(claims_all("资源配置7项指标所有学校全部达标。"));
        assert!(claims_all("差异系数均在0.45以下"));
        assert!(!claims_all("差异系数为0.31"));
        assert_eq!(
            named_indicators("第1.6项和2.11项，2026年"),
            [
                crate::catalogue::indicator("1.6").unwrap().id,
                crate::catalogue::indicator("2.11").unwrap().id
            ]
        );
    }
}
