//! Located input problems, shared by every stage that inspects user data.
//!
//! A problem always says where (sheet, row, column) and what was expected versus found,
//! so a bureau clerk can go straight to the cell. Messages are Chinese.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// What a problem is about: one sheet (the usual case), the file as a whole (it cannot
/// be opened as a workbook at all), or the workbook's sheets taken together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Sheet,
    File,
    Workbook,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub scope: Scope,
    /// Sheet name as the user sees it (e.g. `学校`); the file name for [`Scope::File`];
    /// `工作簿` for [`Scope::Workbook`].
    pub sheet: String,
    /// 1-based worksheet row, as Excel shows it.
    pub row: Option<u32>,
    /// Column letter and header, e.g. `D（小学在校生数）`.
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn error(sheet: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            scope: Scope::Sheet,
            sheet: sheet.into(),
            row: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn warning(sheet: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(sheet, message)
        }
    }

    /// The file itself is the problem (empty, damaged, not a workbook): `file` is its name.
    pub(crate) fn file_error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            scope: Scope::File,
            ..Problem::error(file, message)
        }
    }

    /// A warning about the file as a whole (e.g. what its format cannot tell).
    pub(crate) fn file_warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::file_error(file, message)
        }
    }

    /// A problem with the workbook's sheets taken together (none, or all empty).
    pub(crate) fn workbook_error(message: impl Into<String>) -> Self {
        Problem {
            scope: Scope::Workbook,
            ..Problem::error("工作簿", message)
        }
    }

    pub(crate) fn at_row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }

    pub(crate) fn at_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        let sheet = terminal_safe(&self.sheet);
        match self.scope {
            Scope::Sheet => write!(f, "{tag}：工作表「{sheet}」")?,
            Scope::File => write!(f, "{tag}：文件「{sheet}」")?,
            Scope::Workbook => write!(f, "{tag}：整个工作簿")?,
        }
        if let Some(row) = self.row {
            write!(f, " 第{row}行")?;
        }
        if let Some(column) = &self.column {
            write!(f, " {}列", terminal_safe(column))?;
        }
        write!(f, "：{}", terminal_safe(&self.message))
    }
}

/// Text for a terminal: control characters (an ESC starts an ANSI or OSC sequence that
/// can recolour, retitle or rewrite the screen) and direction overrides shown as
/// `\u{1b}` instead of acting; line breaks kept.
pub(crate) fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let acts = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(acts) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if acts(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Excel-style column letters for a 0-based column index (0 → A, 26 → AA).
pub(crate) fn column_letter(index: u32) -> String {
    // u64: a damaged file can name column u32::MAX.
    let mut n = u64::from(index) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_file_and_workbook_problems_do_not_pose_as_sheets() {
        assert_eq!(
            Problem::file_error("县区.xlsx", "文件是空的").to_string(),
            "错误：文件「县区.xlsx」：文件是空的"
        );
        assert_eq!(
            Problem::workbook_error("工作簿中没有任何工作表").to_string(),
            "错误：整个工作簿：工作簿中没有任何工作表"
        );
        assert_eq!(
            Problem::error("学校", "缺少必填列").at_row(3).to_string(),
            "错误：工作表「学校」 第3行：缺少必填列"
        );
    }

    #[test]
    fn escapes_never_reach_the_terminal() {
        let p = Problem::error("学\u{1b}]0;x\u{7}校", "名称“\u{1b}[31m红\u{202e}”");
        let shown = p.to_string();
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{202e}'),
            "{shown}"
        );
        assert!(shown.contains("\\u{1b}[31m红\\u{202e}"), "{shown}");
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        assert_eq!(column_letter(u32::MAX), "MWLQKWV");
    }

    #[test]
    fn display_names_location() {
        let p = Problem::error("学校", "应为非负整数，实际为“abc”")
            .at_row(5)
            .at_column("D（小学在校生数）");
        assert_eq!(
            p.to_string(),
            "错误：工作表「学校」 第5行 D（小学在校生数）列：应为非负整数，实际为“abc”"
        );
    }
}
