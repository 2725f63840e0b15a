//! The check as terminal lines (Chinese). File names are data: control characters and
//! bidirectional overrides are shown as `\u{…}` so that a name cannot move the cursor,
//! clear the screen or read backwards.

use super::{CheckReport, ItemStatus};

/// A file name safe to print on a terminal.
pub(crate) fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn file_label(f: &super::FoundFile) -> String {
    let mut s = terminal_safe(&f.within);
    if let Some(n) = f.pages {
        s.push_str(&format!("（{n}页）"));
    }
    if let Some(p) = &f.problem {
        s.push_str(&format!("（{p}）"));
    }
    s
}

/// One line per indicator (with its items), then unmatched files and other findings,
/// then a summary line.
pub(crate) fn report_lines(report: &CheckReport) -> Vec<String> {
    let mut out = Vec::new();
    for ind in &report.indicators {
        let missing = ind.missing().count();
        let head = if ind.items.is_empty() {
            format!("{} {}：不需要提供材料", ind.id, ind.name)
        } else if missing == 0 {
            format!("{} {}：齐全（{}项）", ind.id, ind.name, ind.items.len())
        } else {
            format!(
                "{} {}：缺{}项（共{}项）",
                ind.id,
                ind.name,
                missing,
                ind.items.len()
            )
        };
        out.push(head);
        if ind.folders.is_empty() && !ind.items.is_empty() {
            out.push("    没有找到本指标的文件夹".to_string());
        } else if ind.empty {
            out.push(format!(
                "    文件夹是空的：{}",
                terminal_safe(&ind.folders.join("、"))
            ));
        }
        for item in ind.items.iter().filter(|i| i.status == ItemStatus::Present) {
            let files: Vec<String> = item.files.iter().map(file_label).collect();
            out.push(format!("    有  {}：{}", item.name, files.join("；")));
        }
        // Missing items grouped by their responsible units, in order of first appearance.
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for item in ind.missing() {
            let units = item.units.join("、");
            let mut label = item.name.clone();
            if item.status == ItemStatus::Unusable {
                let files: Vec<String> = item.files.iter().map(file_label).collect();
                label.push_str(&format!("（{}）", files.join("；")));
            }
            match groups.iter_mut().find(|(u, _)| *u == units) {
                Some((_, names)) => names.push(label),
                None => groups.push((units, vec![label])),
            }
        }
        for (units, names) in groups {
            out.push(format!("    缺  {}（责任单位：{units}）", names.join("、")));
        }
        for f in &ind.unmatched {
            out.push(format!("    未对应任何材料：{}", terminal_safe(&f.within)));
        }
    }
    for f in &report.stray {
        out.push(format!("不在任何指标文件夹中：{}", terminal_safe(&f.path)));
    }
    for (path, why) in &report.unreadable {
        out.push(format!("无法读取：{}（{why}）", terminal_safe(path)));
    }
    for (path, why) in &report.skipped {
        out.push(format!("已跳过：{}（{why}）", terminal_safe(path)));
    }
    for why in &report.truncated {
        out.push(format!("检查范围受限：{}", terminal_safe(why)));
    }
    out.push(if report.complete() {
        format!(
            "佐证材料齐全：应提供{}项，均已找到对应文件。",
            report.expected_count()
        )
    } else {
        format!(
            "佐证材料不齐：应提供{}项，已提供{}项，缺{}项；未对应材料的文件{}个。",
            report.expected_count(),
            report.present_count(),
            report.missing_count(),
            report.unmatched_count()
        )
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(terminal_safe("x\u{202e}fdp.exe"), "x\\u{202e}fdp.exe");
        assert_eq!(terminal_safe("班额统计表.pdf"), "班额统计表.pdf");
    }
}
