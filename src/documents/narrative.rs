//! The narrative sections the documents need from the 文字材料 sheet. A blank section is
//! printed from built-in text (or generated), a single sentence makes a thin chapter:
//! both are warnings for `check` and `build`, located like the plausibility warnings.

use crate::model::County;
use crate::problem::Problem;

pub const SHEET_TEXTS: &str = "文字材料";

/// A section a document needs: the names it is accepted under (first preferred), the
/// document, and what is printed when it is blank.
struct Needed {
    names: &'static [&'static str],
    document: &'static str,
    when_blank: &'static str,
    /// A single sentence is warned of where a section needs more; 指导思想 is one long
    /// sentence by custom.
    one_sentence_is_thin: bool,
}

const NEEDED: &[Needed] = &[
    Needed {
        names: &["指导思想", "总体要求"],
        document: "实施方案",
        when_blank: "将使用内置的通用表述",
        one_sentence_is_thin: false,
    },
    Needed {
        names: &["工作目标"],
        document: "实施方案",
        when_blank: "将使用内置的通用表述",
        one_sentence_is_thin: true,
    },
    Needed {
        names: &["保障措施"],
        document: "实施方案",
        when_blank: "将使用内置的通用表述",
        one_sentence_is_thin: true,
    },
    Needed {
        names: &["主要做法与成效", "主要做法"],
        document: "自评报告",
        when_blank: "将只有一段内置的通用表述",
        one_sentence_is_thin: true,
    },
    Needed {
        names: &["存在问题"],
        document: "自评报告",
        when_blank: "将只列出逐校逐项测算发现的问题",
        one_sentence_is_thin: true,
    },
    Needed {
        names: &["努力方向"],
        document: "自评报告",
        when_blank: "将依据未达标指标自动生成",
        one_sentence_is_thin: true,
    },
];

/// Sections that belong to the 自评报告: printed after 主要做法与成效, never in the plan.
pub const REPORT_SECTIONS: &[&str] = &[
    "典型经验",
    "经验做法",
    "特色亮点",
    "特色做法",
    "工作亮点",
    "典型案例",
    "主要成效",
    "工作成效",
];

/// Further sections a 实施方案 commonly has: printed after its 保障措施.
pub const PLAN_SECTIONS: &[&str] = &[
    "工作要求",
    "工作举措",
    "工作措施",
    "实施步骤",
    "组织实施",
    "重点任务",
    "主要任务",
    "基本原则",
    "工作原则",
];

/// A section name the documents know where to print.
pub fn is_known_section(name: &str) -> bool {
    super::KNOWN_SECTIONS.contains(&name)
        || REPORT_SECTIONS.contains(&name)
        || PLAN_SECTIONS.contains(&name)
}

/// Sentences of a text: pieces ended by 。！？ or a line break, blank ones ignored.
fn sentences(text: &str) -> usize {
    text.split(['。', '！', '？', '!', '?', '\n'])
        .filter(|s| !s.trim().is_empty())
        .count()
}

/// One warning per needed section that is blank or a single sentence.
pub fn narrative_warnings(county: &County) -> Vec<Problem> {
    let mut out = Vec::new();
    for needed in NEEDED {
        let found = needed.names.iter().find_map(|name| {
            let text = county.texts.get(*name)?;
            (!text.trim().is_empty()).then_some((*name, text))
        });
        let Some((&label, rest)) = needed.names.split_first() else {
            continue;
        };
        let also = if rest.is_empty() {
            String::new()
        } else {
            format!("（或“{}”）", rest.join("”“"))
        };
        match found {
            None => {
                let row = needed
                    .names
                    .iter()
                    .find_map(|n| county.text_rows.get(*n).copied());
                let problem = Problem::warning(
                    SHEET_TEXTS,
                    format!(
                        "章节“{label}”{also}未填写：{}中这一部分{}，请在工作表「{SHEET_TEXTS}」的内容列填写本地的具体情况",
                        needed.document, needed.when_blank
                    ),
                );
                out.push(match row {
                    Some(r) => problem.at_row(r).at_column("内容"),
                    None => problem.at_column("章节"),
                });
            }
            Some((name, text)) if needed.one_sentence_is_thin && sentences(text) <= 1 => {
                let problem = Problem::warning(
                    SHEET_TEXTS,
                    format!(
                        "章节“{name}”只有一句话：{}中这一部分会很单薄，请补充本地的具体做法和数据",
                        needed.document
                    ),
                )
                .at_column("内容");
                out.push(match county.text_rows.get(name) {
                    Some(r) => problem.at_row(*r),
                    None => problem,
                });
            }
            Some(_) => {}
        }
    }
    // A section of an unknown name is printed in the plan: say so, since it may be meant
    // for the report.
    for name in &county.section_order {
        if is_known_section(name) {
            continue;
        }
        let message = format!(
            "章节“{name}”不是内置的章节名称，排入实施方案“保障措施”之后；如属自评报告，请改用“{}”等名称（排在自评报告“主要做法与成效”之后）",
            REPORT_SECTIONS
                .iter()
                .take(3)
                .copied()
                .collect::<Vec<_>>()
                .join("”“")
        );
        out.push(match county.narrative.section(name) {
            Some(section) => Problem::file_warning(&section.file, message),
            None => {
                let problem = Problem::warning(SHEET_TEXTS, message).at_column("章节");
                match county.text_rows.get(name) {
                    Some(r) => problem.at_row(*r),
                    None => problem,
                }
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn county(texts: &[(&str, &str, u32)]) -> County {
        let mut c = County::default();
        for (name, text, row) in texts {
            c.texts.insert(name.to_string(), text.to_string());
            c.section_order.push(name.to_string());
            c.text_rows.insert(name.to_string(), *row);
        }
        c
    }

    #[test]
    fn blank_and_single_sentence_sections_are_warned_at_their_cells() {
        let full = "第一句。第二句。";
        let c = county(&[
            // One long sentence is the custom for 指导思想.
            ("总体要求", "只有一句话。", 2),
            ("工作目标", "2026年通过省级评估。", 3),
            ("保障措施", full, 4),
            ("主要做法", full, 5),
            ("存在问题", "  ", 6),
        ]);
        let warnings = narrative_warnings(&c);
        let texts: Vec<String> = warnings.iter().map(|p| p.message.clone()).collect();
        assert_eq!(warnings.len(), 3, "{texts:?}");
        assert!(
            texts[0].starts_with("章节“工作目标”只有一句话"),
            "{texts:?}"
        );
        assert_eq!(
            (warnings[0].row, warnings[0].column.as_deref()),
            (Some(3), Some("内容"))
        );
        // Present but blank: located at its row; absent: at the 章节 column.
        assert!(texts[1].starts_with("章节“存在问题”未填写"), "{texts:?}");
        assert_eq!(warnings[1].row, Some(6));
        assert!(texts[2].contains("努力方向"), "{texts:?}");
        assert!(texts[2].contains("将依据未达标指标自动生成"), "{texts:?}");
        assert_eq!(
            (warnings[2].row, warnings[2].column.as_deref()),
            (None, Some("章节"))
        );
    }

    #[test]
    fn several_lines_are_several_sentences() {
        assert_eq!(sentences("（一）强化组织领导\n（二）强化经费保障"), 2);
        assert_eq!(sentences("只有一句话。"), 1);
        assert_eq!(sentences(""), 0);
    }
}
