//! Documents stage: one context builder per document, turning the model and the
//! evaluation into sentences, lists and tables ready for the templates. Nothing here
//! knows Typst syntax; numbers are formatted here, escaping happens in `render`.

pub mod correction;
pub mod county;
pub mod defaults;
pub mod duties;
pub mod evidence;
pub mod format;
pub mod narrative;
pub mod plan;
pub mod report;
pub mod shortfall;
pub mod summary;
pub mod wording;

use serde::Serialize;

use crate::evaluate::Evaluation;
use crate::model::{County, Date};

/// The three documents, in the order they are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Plan,
    Duties,
    Report,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 3] = [
        DocumentKind::Plan,
        DocumentKind::Duties,
        DocumentKind::Report,
    ];

    /// File stem of the output: 实施方案 / 责任清单 / 自评报告.
    pub fn file_stem(self) -> &'static str {
        match self {
            DocumentKind::Plan => "实施方案",
            DocumentKind::Duties => "责任清单",
            DocumentKind::Report => "自评报告",
        }
    }

    /// Name used with `--only`.
    pub fn key(self) -> &'static str {
        match self {
            DocumentKind::Plan => "plan",
            DocumentKind::Duties => "duties",
            DocumentKind::Report => "report",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim();
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.key() == key || k.file_stem() == key)
    }

    pub fn template(self) -> &'static str {
        match self {
            DocumentKind::Plan => "plan.typ.j2",
            DocumentKind::Duties => "duties.typ.j2",
            DocumentKind::Report => "report.typ.j2",
        }
    }
}

/// Facts every document prints.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    pub county: String,
    /// 区 / 县 / 市
    pub unit: String,
    /// 全区 / 全县 / 全市
    pub whole: String,
    /// 我区 / 我县 / 我市
    pub we: String,
    /// 全国义务教育优质均衡发展区（县、市）
    pub goal_name: String,
    pub authority: String,
    pub date: String,
    pub document_number: Option<String>,
}

impl Common {
    pub fn new(county: &County, date: Date) -> Self {
        let info = &county.info;
        let unit = info.admin_level.suffix().to_string();
        Common {
            county: info.county_name.clone(),
            whole: format!("全{unit}"),
            we: format!("我{unit}"),
            goal_name: format!("全国义务教育优质均衡发展{unit}"),
            authority: info
                .issuing_authority
                .clone()
                .unwrap_or_else(|| format!("{}教育局", info.county_name)),
            date: format::date(date),
            document_number: info.document_number.clone(),
            unit,
        }
    }
}

/// Split a text cell into paragraphs (one per non-blank line).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// A paragraph of narrative text with the structure clerks type into it: a short line
/// starting with （一） is a level-2 heading, one starting with 1. or 1． a level-3
/// heading; a long one starting that way has a run-in lead (up to the first 。).
/// From a .docx also: a paragraph of emphasised runs, a table, a picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Para {
    /// `p` (plain), `h2`, `h3`, `lead2`, `lead3`, `runs`, `table` or `image`.
    pub kind: &'static str,
    /// The heading or run-in lead, numbering included; empty for plain paragraphs.
    pub lead: String,
    /// The text after the lead (or the whole paragraph).
    pub text: String,
    /// `runs`: the paragraph's runs with their bold and italic.
    pub runs: Vec<crate::narrative::Inline>,
    /// `table`: its cells.
    pub table: Option<TablePara>,
    /// `image`: the picture's virtual path and width.
    pub image: Option<ImagePara>,
}

/// A narrative table: header rows (repeated on every page) and body rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TablePara {
    pub columns: usize,
    pub header: Vec<Vec<crate::narrative::Cell>>,
    pub body: Vec<Vec<crate::narrative::Cell>>,
}

/// A narrative picture: where Typst finds it and how wide it is printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImagePara {
    pub path: String,
    pub width_mm: f64,
}

impl Para {
    pub fn plain(text: impl Into<String>) -> Self {
        Para {
            kind: "p",
            lead: String::new(),
            text: text.into(),
            runs: Vec::new(),
            table: None,
            image: None,
        }
    }

    fn led(kind: &'static str, lead: impl Into<String>, text: impl Into<String>) -> Self {
        Para {
            kind,
            lead: lead.into(),
            ..Para::plain(text)
        }
    }
}

/// The paragraphs of a section read from a .docx.
fn rich_paras(
    section: &crate::narrative::Section,
    images: &[crate::narrative::Image],
) -> Vec<Para> {
    use crate::narrative::Block;
    let mut out = Vec::new();
    for block in &section.blocks {
        match block {
            Block::Heading { level, text, .. } => {
                out.push(Para::led(
                    if *level <= 2 { "h2" } else { "h3" },
                    text.clone(),
                    "",
                ));
            }
            Block::Para { runs, .. } => out.push(Para {
                kind: "runs",
                runs: runs.clone(),
                ..Para::plain(crate::narrative::runs_text(runs))
            }),
            Block::Table {
                rows,
                columns,
                header_rows,
                ..
            } => {
                // Rows Word repeats on every page head the table; without them the first
                // row does, unless a cell of it spans further down.
                let first_spans = rows
                    .first()
                    .is_some_and(|r| r.iter().any(|c| c.rowspan > 1));
                let header = if *header_rows > 0 {
                    *header_rows
                } else if rows.len() > 1 && !first_spans {
                    1
                } else {
                    0
                };
                let mut header = header.min(rows.len());
                // A header cell may not reach into the body.
                let reaches_body = rows
                    .iter()
                    .take(header)
                    .enumerate()
                    .any(|(i, row)| row.iter().any(|c| i + c.rowspan > header));
                if reaches_body {
                    header = 0;
                }
                out.push(Para {
                    kind: "table",
                    table: Some(TablePara {
                        columns: *columns,
                        header: rows.iter().take(header).cloned().collect(),
                        body: rows.iter().skip(header).cloned().collect(),
                    }),
                    ..Para::plain("")
                });
            }
            Block::Image {
                index, width_mm, ..
            } => {
                if let Some(image) = images.get(*index) {
                    out.push(Para {
                        kind: "image",
                        image: Some(ImagePara {
                            path: image.path.clone(),
                            width_mm: (width_mm * 10.0).round() / 10.0,
                        }),
                        ..Para::plain("")
                    });
                }
            }
        }
    }
    out
}

/// A section's paragraphs: from a .docx, else from the 文字材料 sheet; None when blank.
pub fn section_of(county: &County, name: &str) -> Option<Vec<Para>> {
    if let Some(section) = county.narrative.section(name) {
        return Some(rich_paras(section, &county.narrative.images));
    }
    let text = county.texts.get(name)?;
    (!text.trim().is_empty()).then(|| structured(text))
}

/// Which numbering a paragraph starts with: 2 for （一）/(一), 3 for 1./1．/1、.
fn numbering_level(text: &str) -> Option<u8> {
    let t = text.trim_start();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open)
            && let Some(end) = rest.find(close)
        {
            let inner = &rest[..end];
            if !inner.is_empty() && inner.chars().all(|c| "一二三四五六七八九十".contains(c))
            {
                return Some(2);
            }
        }
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && digits.len() <= 2 {
        let after = t[digits.len()..].chars().next();
        if matches!(after, Some('.' | '．' | '、')) {
            return Some(3);
        }
    }
    None
}

pub fn structured(text: &str) -> Vec<Para> {
    paragraphs(text)
        .into_iter()
        .map(|line| {
            let Some(level) = numbering_level(&line) else {
                return Para::plain(line);
            };
            let body = line.trim_end_matches(['。', '；']);
            let is_heading = line.chars().count() <= 32 && !body.contains('。');
            if is_heading {
                return Para::led(if level == 2 { "h2" } else { "h3" }, line, "");
            }
            match line.find('。') {
                Some(pos) if line[..pos].chars().count() <= 40 => {
                    let split = pos + '。'.len_utf8();
                    Para::led(
                        if level == 2 { "lead2" } else { "lead3" },
                        &line[..split],
                        &line[split..],
                    )
                }
                _ => Para::plain(line),
            }
        })
        .collect()
}

/// 文字材料 section names the documents place themselves. Any other section is printed
/// in the plan as an extra numbered section after 保障措施 (e.g. 工作要求, 工作举措).
pub const KNOWN_SECTIONS: &[&str] = &[
    "编制依据",
    "前言",
    "指导思想",
    "总体要求",
    "工作目标",
    "保障措施",
    "主要做法与成效",
    "主要做法",
    "存在问题",
    "努力方向",
    "报告导语",
    "导语",
];

/// Extra narrative sections of the plan (工作要求 …), in the order of first appearance;
/// those that belong to the report (典型经验 …) are left to [`report_sections`].
pub fn extra_sections(county: &County) -> Vec<(String, Vec<Para>)> {
    county
        .section_order
        .iter()
        .filter(|name| !KNOWN_SECTIONS.contains(&name.as_str()))
        .filter(|name| !narrative::REPORT_SECTIONS.contains(&name.as_str()))
        .filter_map(|name| Some((name.clone(), section_of(county, name)?)))
        .collect()
}

/// Sections that belong to the 自评报告 beside 主要做法与成效 (典型经验, 特色亮点 …),
/// printed after it, in the order of first appearance.
pub fn report_sections(county: &County) -> Vec<(String, Vec<Para>)> {
    county
        .section_order
        .iter()
        .filter(|name| narrative::REPORT_SECTIONS.contains(&name.as_str()))
        .filter_map(|name| Some((name.clone(), section_of(county, name)?)))
        .collect()
}

/// The 文字材料 section, or the built-in default with level words filled in.
pub fn section_paras(county: &County, names: &[&str], default: &str) -> Vec<Para> {
    for name in names {
        if let Some(paras) = section_of(county, name) {
            return paras;
        }
    }
    structured(&defaults::fill(
        default,
        county.info.admin_level,
        &county.info.county_name,
    ))
}

/// The 文字材料 section, or the built-in default with level words filled in.
pub fn section_text(county: &County, names: &[&str], default: &str) -> Vec<String> {
    for name in names {
        if let Some(text) = county.texts.get(*name)
            && !text.trim().is_empty()
        {
            return paragraphs(text);
        }
    }
    paragraphs(&defaults::fill(
        default,
        county.info.admin_level,
        &county.info.county_name,
    ))
}

/// The date a document carries: 成文日期, else the given fallback (today).
pub fn document_date(county: &County, fallback: Date) -> Date {
    county.info.date.unwrap_or(fallback)
}

/// Build the Typst markup of one document.
pub fn markup(
    renderer: &crate::render::Renderer,
    kind: DocumentKind,
    county: &County,
    evaluation: &Evaluation,
    date: Date,
) -> Result<String, crate::render::RenderError> {
    markup_with_evidence(renderer, kind, county, evaluation, date, None)
}

/// [`markup`], with the checked evidence folder: the 自评报告 then ends with the
/// 佐证材料目录 as its last annex and lists missing material in its 问题清单.
pub fn markup_with_evidence(
    renderer: &crate::render::Renderer,
    kind: DocumentKind,
    county: &County,
    evaluation: &Evaluation,
    date: Date,
    evidence: Option<&crate::evidence::CheckReport>,
) -> Result<String, crate::render::RenderError> {
    let common = Common::new(county, date);
    if let (DocumentKind::Report, Some(check)) = (kind, evidence) {
        let mut context = report::context(county, evaluation, common);
        context
            .problem_rows
            .extend(evidence::problem_rows(check, county));
        context.evidence = Some(evidence::index(check, Some(&county.info.county_name)));
        return renderer.markup(kind.template(), &context);
    }
    match kind {
        DocumentKind::Plan => {
            renderer.markup(kind.template(), &plan::context(county, evaluation, common))
        }
        DocumentKind::Duties => renderer.markup(
            kind.template(),
            &duties::context(county, evaluation, common),
        ),
        DocumentKind::Report => renderer.markup(
            kind.template(),
            &report::context(county, evaluation, common),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structured_text_finds_headings_and_run_in_leads() {
        let paras = structured(
            "（一）秉持一个理念\n正文第一段。\n1.强化资源保障，筑牢基础\n（二）强化组织保障。领导小组定期召开会议。\n2．压实责任。各单位要落实。",
        );
        let kinds: Vec<&str> = paras.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, ["h2", "p", "h3", "lead2", "lead3"]);
        assert_eq!(paras[3].lead, "（二）强化组织保障。");
        assert_eq!(paras[3].text, "领导小组定期召开会议。");
        assert_eq!(paras[1].text, "正文第一段。");
    }

    #[test]
    fn numbers_that_are_not_numbering_stay_plain() {
        let paras = structured("2026年完成建设。\n（注）说明文字");
        assert!(paras.iter().all(|p| p.kind == "p"));
    }
}
