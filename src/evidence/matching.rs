//! Which file is which item: folders to indicators, file names to items.
//!
//! - A folder belongs to indicator X when its name starts with X's id (`2.5 班额`,
//!   `2.5班额`, `２．５`, `C12`); a file belongs to the nearest such folder above it,
//!   wherever the folder sits in the tree (area folders are optional).
//! - Names are compared after [`normalize`]: full-width letters and digits become
//!   ASCII, letters lower case, and spaces and punctuation are dropped.
//! - A file is evidence of every item whose name appears in the file's path below the
//!   indicator folder (subfolder names and the file name without its extension). Only
//!   when no name appears are the items' other keywords tried.
//! - Empty files and files that cannot be read do not count.

use std::io::Read;
use std::path::Path;

use super::scan::{Limits, ScannedFile, Tree, display};
use super::{CheckReport, ExpectedIndicator, FoundFile, IndicatorCheck, ItemCheck, ItemStatus};

/// Fold a name for comparison: `（2026年）班额 统计表.PDF` → `2026年班额统计表pdf`.
pub(crate) fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            // Full-width ASCII forms.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The indicator id a folder name starts with, if any.
pub(crate) fn folder_indicator(name: &str) -> Option<&'static str> {
    let folded: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    let token: String = if let Some(rest) = folded.strip_prefix(['C', 'c']) {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        format!("C{digits}")
    } else {
        folded
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect::<String>()
            .trim_end_matches('.')
            .to_string()
    };
    // `C1` must not be read from a name like `Class`; ids need at least one digit.
    if !token.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    crate::evaluate::catalogue::indicator(&token).map(|i| i.id.as_str())
}

/// File name without a short extension (`班额统计表.xlsx` → `班额统计表`).
fn stem(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && ext.len() <= 5
                && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            stem
        }
        _ => name,
    }
}

/// Read what a file needs: a byte to prove it readable, or (for PDFs within the budget)
/// all of it for the page count.
fn inspect(file: &ScannedFile, budget: &mut u64, limits: &Limits) -> FoundFile {
    let name = file.rel.last().cloned().unwrap_or_default();
    let mut found = FoundFile {
        path: display(&file.rel),
        within: display(&file.rel),
        name: name.clone(),
        size: file.size,
        pages: None,
        problem: None,
        pdf_note: None,
    };
    let mut handle = match std::fs::File::open(&file.path) {
        Ok(h) => h,
        Err(e) => {
            found.problem = Some(format!("无法读取：{}", io_reason(&e)));
            return found;
        }
    };
    if file.size == 0 {
        found.problem = Some("空文件".to_string());
        return found;
    }
    let is_pdf = super::pdf::is_pdf_name(&name);
    if is_pdf && file.size <= limits.max_pdf_bytes && file.size <= *budget {
        *budget -= file.size;
        let mut bytes = Vec::new();
        // Read at most the declared size plus one byte: a file that grows meanwhile
        // cannot make us read more than the budget allowed.
        match (&mut handle)
            .take(file.size.saturating_add(1))
            .read_to_end(&mut bytes)
        {
            Ok(0) => found.problem = Some("空文件".to_string()),
            Ok(_) => match super::pdf::page_count(bytes) {
                Ok(n) => found.pages = Some(n),
                Err(why) => found.pdf_note = Some(why.to_string()),
            },
            Err(e) => found.problem = Some(format!("无法读取：{}", io_reason(&e))),
        }
        return found;
    }
    if is_pdf {
        found.pdf_note = Some(if file.size > limits.max_pdf_bytes {
            format!("文件超过 {} MB，未统计页数", limits.max_pdf_bytes >> 20)
        } else {
            "本次检查读取的 PDF 已达上限，未统计页数".to_string()
        });
    }
    let mut byte = [0u8; 1];
    match handle.read(&mut byte) {
        Ok(0) => found.problem = Some("空文件".to_string()),
        Ok(_) => {}
        Err(e) => found.problem = Some(format!("无法读取：{}", io_reason(&e))),
    }
    found
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "没有读取权限".to_string(),
        std::io::ErrorKind::NotFound => "文件已不存在".to_string(),
        _ => e.to_string(),
    }
}

/// Match the scanned tree against the expected items.
pub(crate) fn assign(
    root: &Path,
    tree: Tree,
    indicators: &[ExpectedIndicator],
    limits: &Limits,
) -> CheckReport {
    let mut budget = limits.max_total_pdf_bytes;
    let mut checks: Vec<IndicatorCheck> = indicators
        .iter()
        .map(|ind| IndicatorCheck {
            id: ind.id,
            name: ind.name,
            area: ind.area,
            folders: Vec::new(),
            items: ind
                .items
                .iter()
                .map(|item| ItemCheck {
                    name: item.name.clone(),
                    units: item.units.clone(),
                    status: ItemStatus::Missing,
                    files: Vec::new(),
                })
                .collect(),
            unmatched: Vec::new(),
            empty: false,
        })
        .collect();
    for dir in &tree.dirs {
        let Some(id) = dir.last().and_then(|n| folder_indicator(n)) else {
            continue;
        };
        if let Some(c) = checks.iter_mut().find(|c| c.id == id) {
            c.folders.push(display(dir));
        }
    }
    let mut stray = Vec::new();
    let mut unreadable = tree.unreadable;
    let mut files_per_indicator = vec![0usize; checks.len()];
    for file in &tree.files {
        let mut found = inspect(file, &mut budget, limits);
        if let Some(problem) = &found.problem
            && problem != "空文件"
        {
            unreadable.push((found.path.clone(), problem.clone()));
        }
        // The nearest folder above the file that names an indicator.
        let dirs = file.rel.len().saturating_sub(1);
        let owner = (0..dirs).rev().find_map(|k| {
            let id = folder_indicator(file.rel.get(k)?)?;
            Some((k, id))
        });
        let Some((k, id)) = owner else {
            stray.push(found);
            continue;
        };
        let Some(index) = checks.iter().position(|c| c.id == id) else {
            stray.push(found);
            continue;
        };
        if let Some(n) = files_per_indicator.get_mut(index) {
            *n += 1;
        }
        found.within = display(file.rel.get(k + 1..).unwrap_or_default());
        let below: Vec<&str> = file
            .rel
            .iter()
            .skip(k + 1)
            .enumerate()
            .map(|(i, part)| {
                if i + k + 2 == file.rel.len() {
                    stem(part)
                } else {
                    part.as_str()
                }
            })
            .collect();
        let text = normalize(&below.concat());
        let (Some(check), Some(expected)) = (checks.get_mut(index), indicators.get(index)) else {
            continue;
        };
        let by_name: Vec<usize> = expected
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| contains(&text, &item.name))
            .map(|(i, _)| i)
            .collect();
        let hits = if by_name.is_empty() {
            expected
                .items
                .iter()
                .enumerate()
                .filter(|(_, item)| item.also.iter().any(|a| contains(&text, a)))
                .map(|(i, _)| i)
                .collect()
        } else {
            by_name
        };
        if hits.is_empty() {
            check.unmatched.push(found);
            continue;
        }
        for i in hits {
            if let Some(item) = check.items.get_mut(i) {
                item.files.push(found.clone());
            }
        }
    }
    for (check, count) in checks.iter_mut().zip(&files_per_indicator) {
        check.empty = !check.folders.is_empty() && *count == 0;
        for item in &mut check.items {
            item.status = if item.files.iter().any(FoundFile::usable) {
                ItemStatus::Present
            } else if item.files.is_empty() {
                ItemStatus::Missing
            } else {
                ItemStatus::Unusable
            };
        }
    }
    unreadable.sort();
    CheckReport {
        root: root.display().to_string(),
        indicators: checks,
        stray,
        unreadable,
        skipped: tree.skipped,
        truncated: tree.truncated,
    }
}

fn contains(text: &str, name: &str) -> bool {
    let key = normalize(name);
    !key.is_empty() && text.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_width_case_space_and_punctuation() {
        assert_eq!(normalize("（2026年）班额 统计表"), "2026年班额统计表");
        assert_eq!(normalize("ＡＢＣ－１２"), "abc12");
        assert_eq!(normalize("规划文本_v2"), "规划文本v2");
        assert_eq!(stem("班额统计表.xlsx"), "班额统计表");
        assert_eq!(stem(".pdf"), ".pdf");
        assert_eq!(stem("说明.第二版"), "说明.第二版");
    }

    #[test]
    fn folders_are_known_by_their_leading_id() {
        assert_eq!(folder_indicator("2.5 班额"), Some("2.5"));
        assert_eq!(folder_indicator("2.5班额"), Some("2.5"));
        assert_eq!(folder_indicator("２．５ 班额"), Some("2.5"));
        assert_eq!(folder_indicator("2.10 编制和岗位统筹分配"), Some("2.10"));
        assert_eq!(folder_indicator("C12 班额"), Some("2.5"));
        assert_eq!(folder_indicator("一、资源配置"), None);
        assert_eq!(folder_indicator("2026年规划"), None);
        assert_eq!(folder_indicator("Class"), None);
        assert_eq!(folder_indicator("5.1"), None);
    }

    fn expected_25() -> Vec<ExpectedIndicator> {
        crate::evidence::expected(None)
            .into_iter()
            .filter(|i| i.id == "2.5")
            .collect()
    }

    fn scanned(rel: &[&str], path: &Path, size: u64) -> ScannedFile {
        ScannedFile {
            rel: rel.iter().map(|s| s.to_string()).collect(),
            path: path.to_path_buf(),
            size,
        }
    }

    #[test]
    fn names_win_over_keywords_and_vanished_files_are_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("f");
        std::fs::write(&real, b"x").unwrap();
        let gone = dir.path().join("gone");
        let folder = "2.5 班额";
        let tree = Tree {
            dirs: vec![vec![folder.to_string()]],
            files: vec![
                // Only the keyword 学籍花名册 of 学籍名册: matched by the fallback.
                scanned(&[folder, "七年级学籍花名册.xls"], &real, 1),
                // Contains the name 班额统计表 and the keyword 大班额: the name wins.
                scanned(&[folder, "大班额班额统计表.pdf"], &real, 1),
                scanned(&[folder, "化解大班额方案.docx"], &gone, 5),
            ],
            ..Tree::default()
        };
        let report = assign(dir.path(), tree, &expected_25(), &Limits::default());
        let ind = &report.indicators[0];
        let status: Vec<ItemStatus> = ind.items.iter().map(|i| i.status).collect();
        assert_eq!(
            status,
            [
                ItemStatus::Present,
                ItemStatus::Present,
                ItemStatus::Unusable
            ]
        );
        assert_eq!(ind.items[0].files.len(), 1, "{:?}", ind.items[0].files);
        assert_eq!(ind.items[1].files[0].within, "七年级学籍花名册.xls");
        assert_eq!(report.unreadable.len(), 1);
        assert!(
            report.unreadable[0].1.contains("文件已不存在"),
            "{:?}",
            report.unreadable
        );
        assert!(!report.complete());
    }
}
