//! The 佐证材料目录: the evidence check as a printable index (standalone, and as the
//! last annex of the 自评报告), and its rows for the 问题清单.

use serde::Serialize;

use super::Common;
use super::shortfall::ProblemRow;
use crate::evaluate::catalogue::Area;
use crate::evidence::{CheckReport, FoundFile, ItemStatus, area_folder};
use crate::model::County;

/// Files matching no item listed in the index at most (the terminal lists them all).
const MAX_UNMATCHED_ROWS: usize = 200;

/// One line of the index: one file of one item (or the item alone when it has none).
#[derive(Debug, Clone, Serialize)]
pub struct IndexRow {
    /// Rows the indicator cell spans (0 on the rows it covers).
    pub indicator_span: usize,
    pub indicator: String,
    /// Rows the item cells span (0 on the rows they cover).
    pub item_span: usize,
    pub item: String,
    /// File name (with subfolders below the indicator folder), `无` when none was found,
    /// `—` where no material is needed.
    pub file: String,
    /// Page count of a PDF, `—` otherwise.
    pub pages: String,
    pub units: String,
    /// `有` or `缺`.
    pub status: String,
    pub ok: bool,
    /// The file does not count (empty, unreadable).
    pub file_bad: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexArea {
    /// `一、资源配置`.
    pub title: String,
    pub rows: Vec<IndexRow>,
}

/// A file that matches no item.
#[derive(Debug, Clone, Serialize)]
pub struct UnmatchedRow {
    /// The indicator it sits under, or `—` for files outside every indicator folder.
    pub indicator: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceIndex {
    pub title: String,
    /// One sentence with the counts.
    pub summary: String,
    pub expected: usize,
    pub present: usize,
    pub missing: usize,
    pub areas: Vec<IndexArea>,
    pub unmatched: Vec<UnmatchedRow>,
    /// Empty folders, unreadable files, skipped links, limits reached: one line each.
    pub notes: Vec<String>,
}

/// Lets long ASCII file names wrap in a narrow column: a zero-width space after
/// separators and inside long runs of letters and digits. Control characters become `?`.
fn breakable(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    let mut run = 0usize;
    for c in name.chars() {
        // A newline or escape in a file name would break or hide a line: show it as `?`.
        let c = if c.is_control() { '?' } else { c };
        out.push(c);
        if c.is_ascii_alphanumeric() {
            run += 1;
            if run >= 12 {
                out.push('\u{200B}');
                run = 0;
            }
        } else {
            run = 0;
            if matches!(c, '_' | '-' | '.' | '/' | '，' | '、') {
                out.push('\u{200B}');
            }
        }
    }
    out
}

/// The path of a file below its indicator folder.
fn shown(file: &FoundFile) -> String {
    let mut text = breakable(&file.within);
    if let Some(problem) = &file.problem {
        text.push_str(&format!("（{problem}）"));
    }
    text
}

fn pages(file: &FoundFile) -> String {
    file.pages.map_or_else(
        || super::format::NOT_APPLICABLE.to_string(),
        super::format::count,
    )
}

/// `X区义务教育优质均衡发展佐证材料目录` (without a county: no prefix).
pub fn title(county: Option<&str>) -> String {
    format!("{}义务教育优质均衡发展佐证材料目录", county.unwrap_or(""))
}

/// The index of a checked evidence folder.
pub fn index(report: &CheckReport, county: Option<&str>) -> EvidenceIndex {
    let mut areas = Vec::new();
    for area in Area::ALL {
        let mut rows = Vec::new();
        for ind in report.indicators.iter().filter(|i| i.area == area) {
            let label = format!("{} {}", ind.id, ind.name);
            let first_row = rows.len();
            if ind.items.is_empty() {
                rows.push(IndexRow {
                    indicator_span: 1,
                    indicator: label.clone(),
                    item_span: 1,
                    item: "（不需要提供材料）".to_string(),
                    file: "—".to_string(),
                    pages: "—".to_string(),
                    units: String::new(),
                    status: "—".to_string(),
                    ok: true,
                    file_bad: false,
                });
                continue;
            }
            for item in &ind.items {
                let ok = item.status == ItemStatus::Present;
                let status = if ok { "有" } else { "缺" }.to_string();
                let units = item.units.join("、");
                let span = item.files.len().max(1);
                if item.files.is_empty() {
                    rows.push(IndexRow {
                        indicator_span: 0,
                        indicator: label.clone(),
                        item_span: 1,
                        item: item.name.clone(),
                        file: super::format::NONE.to_string(),
                        pages: super::format::NOT_APPLICABLE.to_string(),
                        units,
                        status,
                        ok,
                        file_bad: false,
                    });
                    continue;
                }
                for (n, file) in item.files.iter().enumerate() {
                    rows.push(IndexRow {
                        indicator_span: 0,
                        indicator: label.clone(),
                        item_span: if n == 0 { span } else { 0 },
                        item: item.name.clone(),
                        file: shown(file),
                        pages: pages(file),
                        units: units.clone(),
                        status: status.clone(),
                        ok,
                        file_bad: !file.usable(),
                    });
                }
            }
            let span = rows.len() - first_row;
            if let Some(first) = rows.get_mut(first_row) {
                first.indicator_span = span;
            }
        }
        areas.push(IndexArea {
            title: area_folder(area),
            rows,
        });
    }
    let mut unmatched: Vec<UnmatchedRow> = report
        .indicators
        .iter()
        .flat_map(|ind| {
            ind.unmatched.iter().map(move |f| UnmatchedRow {
                indicator: ind.id.to_string(),
                path: breakable(&f.path),
            })
        })
        .collect();
    unmatched.extend(report.stray.iter().map(|f| UnmatchedRow {
        indicator: "—".to_string(),
        path: breakable(&f.path),
    }));
    let mut notes = Vec::new();
    // A folder of thousands of stray files must not make the index thousands of rows.
    if unmatched.len() > MAX_UNMATCHED_ROWS {
        notes.push(format!(
            "未对应材料的文件共{}个，表中只列出前{MAX_UNMATCHED_ROWS}个",
            unmatched.len()
        ));
        unmatched.truncate(MAX_UNMATCHED_ROWS);
    }
    let ids = |pick: &dyn Fn(&crate::evidence::IndicatorCheck) -> bool| -> String {
        let picked: Vec<&str> = report
            .indicators
            .iter()
            .filter(|i| pick(i))
            .map(|i| i.id)
            .collect();
        picked.join("、")
    };
    let no_folder = ids(&|i| i.folders.is_empty() && !i.items.is_empty());
    if !no_folder.is_empty() {
        notes.push(format!("以下指标没有对应的文件夹：{no_folder}"));
    }
    let empty = ids(&|i| i.empty && !i.items.is_empty());
    if !empty.is_empty() {
        notes.push(format!("以下指标的文件夹是空的：{empty}"));
    }
    for ind in &report.indicators {
        for f in ind
            .items
            .iter()
            .flat_map(|i| &i.files)
            .chain(&ind.unmatched)
        {
            if let Some(why) = &f.pdf_note {
                notes.push(format!("{}：{why}", breakable(&f.path)));
            }
        }
    }
    notes.dedup();
    for (path, why) in &report.unreadable {
        notes.push(format!("{}：{why}", breakable(path)));
    }
    for (path, why) in &report.skipped {
        notes.push(format!("{}：{why}", breakable(path)));
    }
    notes.extend(report.truncated.iter().cloned());
    let (expected, present, missing) = (
        report.expected_count(),
        report.present_count(),
        report.missing_count(),
    );
    let summary = if missing == 0 {
        format!("对照33项指标，应提供佐证材料{expected}项，已全部提供。")
    } else {
        format!(
            "对照33项指标，应提供佐证材料{expected}项，已提供{present}项，缺{missing}项（“状态”栏标“缺”者）。"
        )
    };
    EvidenceIndex {
        title: title(county),
        summary,
        expected,
        present,
        missing,
        areas,
        unmatched,
        notes,
    }
}

/// The standalone 佐证材料目录.
#[derive(Debug, Clone, Serialize)]
pub struct IndexContext {
    pub authority: String,
    pub date: String,
    pub index: EvidenceIndex,
}

/// Context of `evidence.typ.j2`. Without a workbook there is no county: the title has
/// no county name and the signature no authority.
pub fn context(
    report: &CheckReport,
    county: Option<&County>,
    date: crate::model::Date,
) -> IndexContext {
    let authority = county
        .map(|c| Common::new(c, date).authority)
        .unwrap_or_default();
    IndexContext {
        authority,
        date: super::format::date(date),
        index: index(report, county.map(|c| c.info.county_name.as_str())),
    }
}

/// 问题清单 rows: one per indicator with missing items, naming the items and their units.
pub fn problem_rows(report: &CheckReport, county: &County) -> Vec<ProblemRow> {
    let deadline = county
        .info
        .provincial_assessment_year
        .map(|y| format!("{y}年省级评估前"))
        .unwrap_or_else(|| "省级评估前".to_string());
    let whole = format!("全{}", county.info.admin_level.suffix());
    report
        .indicators
        .iter()
        .filter_map(|ind| {
            let missing: Vec<_> = ind.missing().collect();
            if missing.is_empty() {
                return None;
            }
            let names: Vec<&str> = missing.iter().map(|i| i.name.as_str()).collect();
            let mut units: Vec<String> = Vec::new();
            for u in missing.iter().flat_map(|i| &i.units) {
                if !units.contains(u) {
                    units.push(u.clone());
                }
            }
            Some(ProblemRow {
                school: whole.clone(),
                indicator: ind.id.to_string(),
                problem: format!("佐证材料缺{}项：{}", names.len(), names.join("、")),
                measure: format!("收集整理后放入“{} {}”文件夹", ind.id, ind.name),
                units: units.join("、"),
                deadline: deadline.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_ascii_names_can_wrap() {
        let b = breakable("scan_0001_very-long-file-name-without-spaces.pdf");
        assert!(b.contains('\u{200B}'));
        assert_eq!(
            b.replace('\u{200B}', ""),
            "scan_0001_very-long-file-name-without-spaces.pdf"
        );
        assert_eq!(breakable("班额统计表"), "班额统计表");
    }
}
