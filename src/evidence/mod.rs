//! 佐证材料: the evidence a review expects per indicator, the folder tree a county files
//! it in, and the check of such a tree before the review.
//!
//! - [`expected`] turns the catalogue's lists ([`crate::evaluate::evidence_items`]) and a
//!   workbook's 佐证材料 and 责任分工 sheets into the items each indicator expects.
//! - [`init_tree`] writes the folder tree (`一、资源配置/1.1 每百名…/应提供材料.txt`),
//!   never overwriting a file.
//! - [`check`] scans a tree ([`scan`]) and matches files to items ([`matching`]).
//!
//! A folder is hostile input: symlinks are listed, never followed; depth, entry count
//! and the bytes read for page counts are bounded ([`Limits`]); a file that cannot be
//! read is reported and the check goes on. Everything here works on a directory path
//! and returns data; printing is the caller's job.

pub mod matching;
pub mod pdf;
pub mod scan;
pub mod text;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::evaluate::catalogue::{Area, INDICATORS, Indicator};
use crate::model::{AdminLevel, County};

pub use scan::Limits;

/// Name of the list written into every indicator folder; the check ignores it.
pub(crate) const LIST_FILE: &str = "应提供材料.txt";

/// One item an indicator expects.
#[derive(Debug, Clone, Serialize)]
pub struct ExpectedItem {
    /// 材料名称.
    pub name: String,
    /// Other words that also identify the item in a file name.
    pub also: Vec<String>,
    /// 责任单位, lead first.
    pub units: Vec<String>,
    /// 说明.
    pub note: String,
}

/// The evidence of one indicator.
#[derive(Debug, Clone, Serialize)]
pub struct ExpectedIndicator {
    pub id: &'static str,
    pub name: &'static str,
    pub area: Area,
    /// `一、资源配置`.
    pub area_folder: String,
    /// `1.1 每百名学生拥有高于规定学历教师数`.
    pub folder: String,
    /// Empty when the workbook says the indicator needs no material.
    pub items: Vec<ExpectedItem>,
}

/// `一、资源配置` … `四、社会认可度`.
pub(crate) fn area_folder(area: Area) -> String {
    let number = match area {
        Area::Resources => "一",
        Area::Government => "二",
        Area::Quality => "三",
        Area::Recognition => "四",
    };
    format!("{number}、{}", area.label())
}

/// `1.1 每百名学生拥有高于规定学历教师数`, safe as a folder name on every system.
pub(crate) fn indicator_folder(ind: &Indicator) -> String {
    crate::render::output::safe_folder_name(&format!("{} {}", ind.id, ind.name))
}

/// The responsible units of an indicator: the workbook's 责任分工 row (lead units first),
/// else the catalogue's defaults with the 区/县/市 prefix.
fn indicator_units(county: Option<&County>, ind: &Indicator) -> Vec<String> {
    let level = county.map_or(AdminLevel::default(), |c| c.info.admin_level);
    let duty = county.and_then(|c| {
        c.duties.iter().find(|d| {
            crate::evaluate::catalogue::indicator(&d.indicator).is_some_and(|i| i.id == ind.id)
        })
    });
    let mut units = match duty {
        Some(d) if !d.units.is_empty() => d.units.clone(),
        _ => ind.departments_for(level),
    };
    if let Some(d) = duty {
        for lead in d.lead_units.iter().rev() {
            units.retain(|u| u != lead);
            units.insert(0, lead.clone());
        }
    }
    units
}

/// The items every indicator expects, in catalogue order.
///
/// An indicator listed in the workbook's 佐证材料 sheet takes exactly the rows listed
/// there (in the sheet's order); a single row `无` means it needs no material. Other
/// indicators keep the catalogue's list. An item without 责任单位 takes the indicator's
/// units (责任分工, else the catalogue defaults).
pub fn expected(county: Option<&County>) -> Vec<ExpectedIndicator> {
    INDICATORS
        .iter()
        .map(|ind| {
            let units = indicator_units(county, ind);
            let rows: Vec<_> = county
                .map(|c| {
                    c.evidence
                        .iter()
                        .filter(|r| r.indicator == ind.id.as_str())
                        .collect()
                })
                .unwrap_or_default();
            let items = if rows.is_empty() {
                ind.evidence()
                    .iter()
                    .map(|e| ExpectedItem {
                        name: e.name.to_string(),
                        also: e.also.iter().map(|a| a.to_string()).collect(),
                        units: units.clone(),
                        note: e.note.to_string(),
                    })
                    .collect()
            } else {
                rows.iter()
                    .filter_map(|r| {
                        let name = r.name.clone()?;
                        // A renamed built-in item keeps no keywords; an unchanged one does.
                        let also = ind
                            .evidence()
                            .iter()
                            .find(|e| e.name == name)
                            .map(|e| e.also.iter().map(|a| a.to_string()).collect())
                            .unwrap_or_default();
                        Some(ExpectedItem {
                            name,
                            also,
                            units: if r.units.is_empty() {
                                units.clone()
                            } else {
                                // Units typed in the workbook are kept as written.
                                r.units.clone()
                            },
                            note: r.note.clone().unwrap_or_default(),
                        })
                    })
                    .collect()
            };
            ExpectedIndicator {
                id: ind.id.as_str(),
                name: ind.name,
                area: ind.area,
                area_folder: area_folder(ind.area),
                folder: indicator_folder(ind),
                items,
            }
        })
        .collect()
}

/// The text of `应提供材料.txt` for one indicator.
pub(crate) fn list_text(ind: &ExpectedIndicator) -> String {
    let mut out = format!("{}\r\n\r\n", ind.folder);
    if ind.items.is_empty() {
        out.push_str("本指标不需要提供佐证材料。\r\n");
        return out;
    }
    out.push_str("应提供材料（文件名中含材料名称即可，如“2026年班额统计表.pdf”；也可按材料名称建子文件夹）：\r\n");
    for (n, item) in ind.items.iter().enumerate() {
        out.push_str(&format!("{}．{}", n + 1, item.name));
        if !item.also.is_empty() {
            out.push_str(&format!("（文件名含“{}”亦可）", item.also.join("”“")));
        }
        out.push_str("\r\n");
        if !item.note.is_empty() {
            out.push_str(&format!("    说明：{}\r\n", item.note));
        }
        if !item.units.is_empty() {
            out.push_str(&format!("    责任单位：{}\r\n", item.units.join("、")));
        }
    }
    out
}

/// What [`init_tree`] did.
#[derive(Debug, Default, Serialize)]
pub(crate) struct InitReport {
    pub created_folders: usize,
    pub written_files: usize,
    /// Lists that were already there and were left alone.
    pub kept_files: Vec<PathBuf>,
}

/// Create the folder tree under `dir`: one folder per area, one per indicator, each
/// with its `应提供材料.txt`. Existing files are never overwritten.
pub(crate) fn init_tree(
    dir: &Path,
    indicators: &[ExpectedIndicator],
) -> std::io::Result<InitReport> {
    let mut report = InitReport::default();
    let create = |path: &Path, report: &mut InitReport| -> std::io::Result<()> {
        if !path.is_dir() {
            std::fs::create_dir_all(path)?;
            report.created_folders += 1;
        }
        Ok(())
    };
    create(dir, &mut report)?;
    for ind in indicators {
        let folder = dir.join(&ind.area_folder).join(&ind.folder);
        create(&dir.join(&ind.area_folder), &mut report)?;
        create(&folder, &mut report)?;
        let list = folder.join(LIST_FILE);
        // create_new: never replace what is there, not even through a race.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&list)
        {
            Ok(mut file) => {
                std::io::Write::write_all(&mut file, list_text(ind).as_bytes())?;
                report.written_files += 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                report.kept_files.push(list);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

/// How an expected item fares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// At least one readable, non-empty file.
    Present,
    /// No file at all.
    Missing,
    /// Only empty or unreadable files.
    Unusable,
}

/// A file found in the tree.
#[derive(Debug, Clone, Serialize)]
pub struct FoundFile {
    /// Path relative to the checked folder, `/`-separated, for display.
    pub path: String,
    /// Path below its indicator folder (the whole path for files outside them).
    pub within: String,
    /// The file name.
    pub name: String,
    pub size: u64,
    /// Pages, for PDFs whose page tree could be read.
    pub pages: Option<usize>,
    /// Why the file does not count (`空文件`, `无法读取：…`); None when it is fine.
    pub problem: Option<String>,
    /// A PDF whose pages could not be counted (too large, damaged), with the reason.
    pub pdf_note: Option<String>,
}

impl FoundFile {
    pub(crate) fn usable(&self) -> bool {
        self.problem.is_none()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemCheck {
    pub name: String,
    pub units: Vec<String>,
    pub status: ItemStatus,
    pub files: Vec<FoundFile>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorCheck {
    pub id: &'static str,
    pub name: &'static str,
    pub area: Area,
    /// The folders found for this indicator (relative paths); empty when there is none.
    pub folders: Vec<String>,
    pub items: Vec<ItemCheck>,
    /// Files in the indicator's folders that match none of its items.
    pub unmatched: Vec<FoundFile>,
    /// A folder exists but holds no file besides the list.
    pub empty: bool,
}

impl IndicatorCheck {
    pub fn missing(&self) -> impl Iterator<Item = &ItemCheck> {
        self.items
            .iter()
            .filter(|i| i.status != ItemStatus::Present)
    }
}

/// The check of one evidence folder.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// The folder as given, for messages.
    pub root: String,
    pub indicators: Vec<IndicatorCheck>,
    /// Files outside every indicator folder.
    pub stray: Vec<FoundFile>,
    /// Files and folders that could not be read (path, reason).
    pub unreadable: Vec<(String, String)>,
    /// Symlinks and other special entries, not followed (path, kind).
    pub skipped: Vec<(String, String)>,
    /// Why the scan stopped early (depth or count limit), if it did.
    pub truncated: Vec<String>,
}

impl CheckReport {
    pub(crate) fn expected_count(&self) -> usize {
        self.indicators.iter().map(|i| i.items.len()).sum()
    }

    pub(crate) fn present_count(&self) -> usize {
        self.indicators
            .iter()
            .flat_map(|i| &i.items)
            .filter(|i| i.status == ItemStatus::Present)
            .count()
    }

    pub(crate) fn missing_count(&self) -> usize {
        self.expected_count() - self.present_count()
    }

    /// Every expected item has a usable file.
    pub fn complete(&self) -> bool {
        self.missing_count() == 0
    }

    pub(crate) fn unmatched_count(&self) -> usize {
        self.indicators
            .iter()
            .map(|i| i.unmatched.len())
            .sum::<usize>()
            + self.stray.len()
    }
}

/// Why a check could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("「{0}」不存在或不是文件夹")]
    NotADirectory(String),
    #[error("无法读取文件夹「{0}」：{1}")]
    Unreadable(String, String),
}

/// Check the evidence tree under `dir` against `indicators`.
pub fn check(
    dir: &Path,
    indicators: &[ExpectedIndicator],
    limits: &Limits,
) -> Result<CheckReport, CheckError> {
    let tree = scan::scan(dir, limits)?;
    Ok(matching::assign(dir, tree, indicators, limits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_follow_the_catalogue() {
        let all = expected(None);
        assert_eq!(all.len(), 33);
        assert_eq!(all[0].folder, "1.1 每百名学生拥有高于规定学历教师数");
        assert_eq!(all[0].area_folder, "一、资源配置");
        assert_eq!(all[32].area_folder, "四、社会认可度");
        for ind in &all {
            assert!(
                !ind.folder
                    .contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|'])
            );
            assert!(!ind.items.is_empty());
        }
        // Default units carry the prefix of the default level (区).
        assert_eq!(all[0].items[0].units[0], "区教育局");
    }

    #[test]
    fn list_text_names_items_and_units() {
        let all = expected(None);
        let text = list_text(&all[11]);
        assert!(text.starts_with("2.5 班额"), "{text}");
        assert!(text.contains("1．班额统计表"), "{text}");
        assert!(text.contains("责任单位：区教育局"), "{text}");
    }
}
