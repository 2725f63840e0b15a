//! The narrative a bureau writes in Word: `.docx` files in the folder
//! `<工作簿名>.文字材料/` beside the workbook. A file named after a section
//! (`主要做法与成效.docx`) is that section, its Heading 1 and Heading 2 the two levels of
//! sub-headings; any other file holds several sections, each starting at a Heading 1
//! that names it, with Heading 2 and Heading 3 as the sub-heading levels. A section
//! from a .docx takes the place of the 文字材料 sheet's section of the same name.
//!
//! [`figures`] makes figures in the narrative live (placeholders such as `〔学校数〕`) and
//! finds narrative sentences the data contradicts.

pub mod docx;
pub mod figures;
mod xml;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::problem::Problem;

/// A run of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// A table cell: its paragraphs and how far it spans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub paras: Vec<Vec<Inline>>,
    pub colspan: usize,
    pub rowspan: usize,
}

/// One block of a .docx narrative; `para` is the paragraph it is at (for messages).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// Level as in the file (1 = Heading 1).
    Heading {
        level: u8,
        text: String,
        para: u32,
    },
    Para {
        runs: Vec<Inline>,
        para: u32,
    },
    Table {
        rows: Vec<Vec<Cell>>,
        columns: usize,
        /// Rows marked 标题行重复 in Word.
        header_rows: usize,
        para: u32,
    },
    /// A picture of [`Narrative::images`], at its size on the page.
    Image {
        index: usize,
        width_mm: f64,
        height_mm: f64,
        para: u32,
    },
}

impl Block {
    pub fn para(&self) -> u32 {
        match self {
            Block::Heading { para, .. }
            | Block::Para { para, .. }
            | Block::Table { para, .. }
            | Block::Image { para, .. } => *para,
        }
    }
}

/// A section read from a .docx.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub name: String,
    /// The file, as messages name it.
    pub file: String,
    /// Headings here are of level 2 (（一）) or 3 (1．) in the documents.
    pub blocks: Vec<Block>,
}

/// A picture for the documents: the virtual path Typst reads it at, and its bytes.
#[derive(Debug, Clone)]
pub struct Image {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything read from a county's narrative folder.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Narrative {
    pub sections: Vec<Section>,
    #[serde(skip)]
    pub images: Vec<Image>,
}

impl Narrative {
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }
}

/// Most .docx files read from one folder.
const MAX_FILES: usize = 50;

/// The narrative folder of a workbook: `<工作簿名>.文字材料/` beside it.
pub fn folder_of(workbook: &Path) -> PathBuf {
    let stem = workbook
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    workbook.with_file_name(format!("{stem}.文字材料"))
}

/// What [`load`] gives: the narrative, problems (errors stop the build), and a hash of
/// the files read (a build is out of date when it changes).
pub struct Loaded {
    pub narrative: Narrative,
    pub problems: Vec<Problem>,
    pub hash: u64,
}

/// Read the narrative folder beside `workbook`, when there is one.
pub fn load(workbook: &Path) -> Loaded {
    let dir = folder_of(workbook);
    let mut loaded = Loaded {
        narrative: Narrative::default(),
        problems: Vec::new(),
        hash: 0,
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return loaded;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Word's lock files (~$…) and hidden files are not the bureau's text.
            name.to_lowercase().ends_with(".docx")
                && !name.starts_with("~$")
                && !name.starts_with('.')
        })
        .collect();
    files.sort();
    let mut hasher = crate::pipeline::Fnv::default();
    for (i, path) in files.iter().enumerate() {
        let label = path.display().to_string();
        if i >= MAX_FILES {
            loaded.problems.push(Problem::file_warning(
                &label,
                format!("文件夹中的 Word 文件超过 {MAX_FILES} 个，此文件未读取"),
            ));
            continue;
        }
        // A link could point anywhere on the machine: only plain files are read.
        let is_file = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
        if !is_file {
            loaded.problems.push(Problem::file_warning(
                &label,
                "不是普通文件（符号链接等），未读取",
            ));
            continue;
        }
        let limits = docx::Limits::default();
        let too_big = std::fs::metadata(path).is_ok_and(|m| m.len() > limits.file_bytes);
        let bytes = if too_big {
            Err(format!(
                "文件超过 {} MB，不予读取",
                limits.file_bytes / 1024 / 1024
            ))
        } else {
            std::fs::read(path).map_err(|e| format!("无法读取（{e}）"))
        };
        let read = bytes.and_then(|b| {
            std::hash::Hasher::write(&mut hasher, &b);
            docx::read(&b, &limits)
        });
        match read {
            Ok(read) => add_file(&mut loaded, path, &label, read),
            Err(message) => loaded.problems.push(Problem::file_error(
                &label,
                format!("{message}：文字材料无法读入"),
            )),
        }
    }
    loaded.hash = std::hash::Hasher::finish(&hasher);
    loaded
}

/// Split one file's blocks into sections and add them, with its pictures and notes.
fn add_file(loaded: &mut Loaded, path: &Path, label: &str, read: docx::Document) {
    let offset = loaded.narrative.images.len();
    for (i, picture) in read.pictures.into_iter().enumerate() {
        loaded.narrative.images.push(Image {
            // Paths by position: the same few virtual files for every county.
            path: format!("/narrative/{}.{}", offset + i + 1, picture.ext),
            bytes: picture.bytes,
        });
    }
    for note in read.notes {
        let at = if note.snippet.is_empty() {
            format!("第{}段", note.para)
        } else {
            format!("第{}段（“{}…”）", note.para, note.snippet)
        };
        loaded.problems.push(Problem::file_warning(
            label,
            format!("{at}{}", note.message),
        ));
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shift = |b: Block| match b {
        Block::Image {
            index,
            width_mm,
            height_mm,
            para,
        } => Block::Image {
            index: index + offset,
            width_mm,
            height_mm,
            para,
        },
        other => other,
    };
    let whole = section_name(&stem);
    let mut sections: Vec<Section> = Vec::new();
    let mut orphans: Option<u32> = None;
    for block in read.blocks.into_iter().map(shift) {
        let block = match (block, &whole) {
            // A file that is one section: Heading 1 and 2 are its two levels.
            (Block::Heading { level, text, para }, Some(_)) => Block::Heading {
                level: (level + 1).min(3),
                text,
                para,
            },
            // Several sections: a Heading 1 names the next one.
            (
                Block::Heading {
                    level: 1,
                    text,
                    para,
                },
                None,
            ) => {
                let name = section_name(&text).unwrap_or_else(|| clean_heading(&text));
                let _ = para;
                sections.push(Section {
                    name,
                    file: label.to_string(),
                    blocks: Vec::new(),
                });
                continue;
            }
            (Block::Heading { level, text, para }, None) => Block::Heading {
                level: level.min(3),
                text,
                para,
            },
            (b, _) => b,
        };
        if let Some(name) = &whole
            && sections.is_empty()
        {
            sections.push(Section {
                name: name.clone(),
                file: label.to_string(),
                blocks: Vec::new(),
            });
        }
        match sections.last_mut() {
            Some(s) => s.blocks.push(block),
            None => {
                orphans.get_or_insert(block.para());
            }
        }
    }
    if let Some(para) = orphans {
        let message = if sections.is_empty() {
            format!(
                "文件名“{stem}”不是章节名称，文中也没有“标题 1”样式的章节名：全文未排入。请把文件改名为章节名称（如“主要做法与成效.docx”），或在每一章开头用“标题 1”样式写出章节名称"
            )
        } else {
            format!("第{para}段起、第一个“标题 1”之前的内容不属于任何章节，未排入")
        };
        loaded.problems.push(if sections.is_empty() {
            Problem::file_error(label, message)
        } else {
            Problem::file_warning(label, message)
        });
    }
    for section in sections {
        if loaded.narrative.section(&section.name).is_some() {
            loaded.problems.push(Problem::file_error(
                label,
                format!(
                    "章节“{}”在文字材料文件夹中出现了两次：请只保留一处",
                    section.name
                ),
            ));
            continue;
        }
        loaded.narrative.sections.push(section);
    }
}

/// Put the .docx sections in the county's texts (as plain text, for what reads the
/// narrative as text) and section order; a section the 文字材料 sheet also fills is
/// taken from the file, with a warning at the sheet's row.
pub fn attach(county: &mut crate::model::County) -> Vec<Problem> {
    let mut problems = Vec::new();
    for section in &county.narrative.sections {
        if county
            .texts
            .get(&section.name)
            .is_some_and(|t| !t.trim().is_empty())
        {
            let p = Problem::warning(
                crate::documents::narrative::SHEET_TEXTS,
                format!(
                    "“{}”一节已由文件「{}」提供，本表中这一节的文字未使用",
                    section.name, section.file
                ),
            )
            .at_column("内容");
            problems.push(match county.text_rows.get(&section.name) {
                Some(r) => p.at_row(*r),
                None => p,
            });
        }
        county
            .texts
            .insert(section.name.clone(), plain_text(section));
        county.text_line_rows.remove(&section.name);
        if !county.section_order.contains(&section.name) {
            county.section_order.push(section.name.clone());
        }
    }
    problems
}

/// A heading as a section name: numbering (三、 第三部分) and spaces removed.
fn clean_heading(text: &str) -> String {
    let mut t: &str = text.trim();
    if let Some(rest) = t.strip_prefix('第')
        && let Some(pos) = rest.find(['部', '章'])
        && rest[..pos]
            .chars()
            .all(|c| "一二三四五六七八九十".contains(c))
    {
        t = rest[pos..].trim_start_matches(['部', '分', '章']);
    }
    let numbered = t
        .char_indices()
        .find(|(_, c)| !"一二三四五六七八九十0123456789".contains(*c))
        .filter(|(i, c)| *i > 0 && matches!(c, '、' | '．' | '.'));
    if let Some((i, c)) = numbered {
        t = &t[i + c.len_utf8()..];
    }
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The section a file stem or heading names, when it names a known one.
fn section_name(text: &str) -> Option<String> {
    let name = clean_heading(text);
    crate::documents::narrative::is_known_section(&name).then_some(name)
}

/// The plain text of a section's blocks, one line a paragraph (table cells one a line),
/// for what reads narrative as text (warnings on thin sections, font coverage).
pub fn plain_text(section: &Section) -> String {
    let mut lines: Vec<String> = Vec::new();
    for b in &section.blocks {
        match b {
            Block::Heading { text, .. } => lines.push(text.clone()),
            Block::Para { runs, .. } => lines.push(runs_text(runs)),
            Block::Table { rows, .. } => {
                for row in rows {
                    for cell in row {
                        for p in &cell.paras {
                            lines.push(runs_text(p));
                        }
                    }
                }
            }
            Block::Image { .. } => {}
        }
    }
    lines.join("\n")
}

pub fn runs_text(runs: &[Inline]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_sections_without_their_numbering() {
        assert_eq!(clean_heading("三、主要做法与成效"), "主要做法与成效");
        assert_eq!(clean_heading("第三部分　主要做法与成效"), "主要做法与成效");
        assert_eq!(clean_heading(" 典型 经验 "), "典型经验");
        assert_eq!(
            section_name("主要做法与成效").as_deref(),
            Some("主要做法与成效")
        );
        assert_eq!(section_name("清禾区文字材料"), None);
    }

    #[test]
    fn the_folder_sits_beside_the_workbook() {
        assert_eq!(
            folder_of(Path::new("samples/qinghe.xlsx")),
            Path::new("samples/qinghe.文字材料")
        );
    }
}
