//! `junheng update EDITED.docx --workbook CORRECTED.xlsx`: carry a data correction into a
//! person's copy of a generated Word file as tracked changes.
//!
//! A generated .docx carries an id ([`id`]) naming the workbook it was made from (by the
//! hash of its bytes), the document and the date; a build keeps a copy of that workbook
//! in the hidden folder `.junheng/` of the county's output folder ([`keep_source`]), or
//! the user names it with `--base`. The base (old workbook) and the new generation
//! (corrected workbook) are generated again and merged into the person's copy on text
//! ([`merge`]); the person's copy itself is read as hostile input ([`package`]).

pub mod id;
pub mod merge;
pub mod package;
pub mod wordml;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::documents::DocumentKind;
use crate::model::Date;
use crate::pipeline::{self, stable_hash};
use crate::problem::Problem;
use crate::render::Renderer;
use crate::render::output::write_atomic;

use id::DocId;
use package::{Package, zip_time};

/// The hidden folder beside the generated files that keeps the workbooks they came from.
pub const SOURCES: &str = ".junheng";
/// How many workbook copies a folder keeps (the newest).
const KEEP_SOURCES: usize = 10;
/// Author of every revision and comment.
pub const AUTHOR: &str = "数据更正";

#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error("「{file}」无法读取：{why}")]
    Docx { file: String, why: String },
    #[error(
        "「{0}」没有本程序写入的生成标记（文档属性 junheng），不知道它由哪份工作簿生成；它不是 junheng 生成的 Word 版，或标记已被删除"
    )]
    NoId(String),
    #[error("找不到生成「{file}」时所用的工作簿（应在「{folder}」中）；请用 --base 指定原工作簿")]
    NoBase { file: String, folder: String },
    #[error("「{file}」记录的文件种类「{kind}」无法识别")]
    Kind { file: String, kind: String },
    #[error("{file}：发现 {errors} 处错误，未生成更正稿")]
    Workbook {
        file: String,
        errors: usize,
        problems: Vec<Problem>,
    },
    #[error("「{0}」是输入文件之一：更正稿不会写在输入文件上，请用 -o 另给一个文件名")]
    OutputIsInput(String),
    #[error("无法读取「{file}」：{source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("生成「{kind}」失败：{why}")]
    Render { kind: String, why: String },
    #[error("错误：{0}")]
    Write(#[from] crate::render::output::WriteError),
}

/// What `update` is asked to do.
pub struct UpdateOptions {
    pub edited: PathBuf,
    pub workbook: PathBuf,
    pub base: Option<PathBuf>,
    pub out: Option<PathBuf>,
    /// The date on the revisions (today when None).
    pub date: Option<Date>,
}

/// What `update` did.
#[derive(Debug)]
pub struct UpdateReport {
    pub out: PathBuf,
    pub document: String,
    pub revisions: usize,
    pub conflicts: usize,
    pub unplaced: Vec<String>,
    /// Lines to print before the counts (a --base whose hash is not the recorded one).
    pub notes: Vec<String>,
    pub merge_ms: u64,
    pub total_ms: u64,
}

/// Keep a copy of the workbook `file` (whose bytes hash to `hash`) in
/// `dir/.junheng/<hash>/` under its own name (the 对照表 quotes it), so that a later
/// `update` can generate a person's copy's base again. The newest [`KEEP_SOURCES`] stay.
/// Best effort: a copy that cannot be written only means the user will need `--base`.
pub(crate) fn keep_source(dir: &Path, file: &Path, hash: u64) {
    let root = dir.join(SOURCES);
    let folder = root.join(format!("{hash:016x}"));
    let Some(name) = file.file_name() else {
        return;
    };
    if find_source(dir, hash).is_none() {
        let Ok(bytes) = std::fs::read(file) else {
            return;
        };
        if stable_hash(&bytes) != hash || write_atomic(&folder.join(name), &bytes).is_err() {
            return;
        }
    } else if let Ok(f) = std::fs::File::open(&folder) {
        // Used again: it is among the newest.
        let _ = f.set_modified(std::time::SystemTime::now());
    }
    let Ok(entries) = std::fs::read_dir(&root) else {
        return;
    };
    let mut copies: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    copies.sort_by_key(|c| std::cmp::Reverse(c.0));
    for (_, old) in copies.into_iter().skip(KEEP_SOURCES) {
        let _ = std::fs::remove_dir_all(old);
    }
}

/// The kept copy of the workbook with hash `hash` in `dir/.junheng/`.
fn find_source(dir: &Path, hash: u64) -> Option<PathBuf> {
    std::fs::read_dir(dir.join(SOURCES).join(format!("{hash:016x}")))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.is_file())
}

/// Stamp the 数据更正对照表 Word file at `path` (comparing `old` with `new`) with its id
/// and keep both workbooks beside it.
pub(crate) fn stamp_correction(
    path: &Path,
    old: &pipeline::Prepared,
    new: &pipeline::Prepared,
) -> Result<(), UpdateError> {
    let bytes = read_file(path, package::MAX_FILE_BYTES)?;
    let id = DocId {
        kind: id::CORRECTION.to_string(),
        workbook: new.content_hash,
        date: new.date,
        old: Some(old.content_hash),
    };
    write_atomic(path, &id::stamp(bytes, &id)?)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    keep_source(dir, &old.file, old.content_hash);
    keep_source(dir, &new.file, new.content_hash);
    Ok(())
}

/// The id of a generated Word edition of `kind` from a workbook hashing to `hash`.
pub(crate) fn doc_id(kind: DocumentKind, hash: u64, date: Date) -> DocId {
    DocId {
        kind: kind.key().to_string(),
        workbook: hash,
        date,
        old: None,
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `自评报告.docx` → `自评报告（已更正）.docx` beside it, numbered when taken.
fn default_out(edited: &Path) -> PathBuf {
    let stem = edited
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let dir = edited.parent().unwrap_or(Path::new(""));
    let mut n = 1;
    loop {
        let mark = if n == 1 {
            "已更正".to_string()
        } else {
            format!("已更正{n}")
        };
        let path = dir.join(format!("{stem}（{mark}）.docx"));
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, UpdateError> {
    let fail = |source| UpdateError::Read {
        file: path.display().to_string(),
        source,
    };
    let len = std::fs::metadata(path).map_err(fail)?.len();
    if len > limit {
        return Err(UpdateError::Docx {
            file: path.display().to_string(),
            why: format!("文件大于 {} MB", limit / 1024 / 1024),
        });
    }
    std::fs::read(path).map_err(fail)
}

/// What a person's copy was generated as.
#[derive(Clone, Copy)]
enum Made {
    Document(DocumentKind),
    /// The 数据更正对照表, from an earlier workbook to a later one.
    Correction,
}

impl Made {
    fn stem(self) -> &'static str {
        match self {
            Made::Document(kind) => kind.file_stem(),
            Made::Correction => "数据更正对照表",
        }
    }
}

fn prepare(workbook: &Path, date: Date) -> Result<pipeline::Prepared, UpdateError> {
    pipeline::prepare(workbook, Some(date)).map_err(|problems| UpdateError::Workbook {
        file: workbook.display().to_string(),
        errors: problems.iter().filter(|p| p.is_error()).count(),
        problems,
    })
}

/// One generation from a workbook (for the 对照表, compared with the `earlier` one): its
/// paragraphs, the date it carries and the workbook's hash.
fn generate(
    renderer: &Renderer,
    made: Made,
    earlier: Option<&Path>,
    workbook: &Path,
    date: Date,
) -> Result<(Vec<wordml::Para>, Date, u64), UpdateError> {
    let prepared = prepare(workbook, date)?;
    let render = |why: String| UpdateError::Render {
        kind: made.stem().to_string(),
        why,
    };
    let docx = match made {
        Made::Document(kind) => {
            let markup = pipeline::fill_templates(renderer, &prepared, &[kind])
                .map_err(|e| render(e.to_string()))?
                .into_iter()
                .next()
                .map(|(_, m)| m)
                .unwrap_or_default();
            renderer
                .docx(&markup, prepared.date, &pipeline::pdf_ident(kind))
                .map_err(|e| render(e.to_string()))?
        }
        Made::Correction => {
            let Some(earlier) = earlier else {
                return Err(render("缺少比较的原工作簿".into()));
            };
            let old = prepare(earlier, date)?;
            let report = crate::cli::diff::compare(&old, &prepared);
            let markup = crate::documents::correction::markup(
                renderer,
                &report,
                &prepared.county,
                prepared.date,
            )
            .map_err(|e| render(e.to_string()))?;
            renderer
                .docx(&markup, prepared.date, crate::documents::correction::IDENT)
                .map_err(|e| render(e.to_string()))?
        }
    };
    let package = Package::open(made.stem(), docx.bytes)?;
    let xml = package.part("word/document.xml")?.unwrap_or_default();
    let paras = wordml::paragraphs(made.stem(), &xml)?;
    Ok((paras, prepared.date, prepared.content_hash))
}

/// The largest `w:id` in some XML (revision, comment and bookmark ids share no space in
/// the standard, but some programs treat them as one).
fn max_id(xml: &str) -> u64 {
    xml.match_indices("w:id=\"")
        .filter_map(|(i, m)| {
            let rest = xml.get(i + m.len()..)?;
            let end = rest.find('"')?;
            rest.get(..end)?.parse::<u64>().ok()
        })
        .max()
        .unwrap_or(0)
}

const COMMENTS_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The comments part's name in a package (from its relationship), when it has one.
fn comments_target(rels: &str) -> Option<String> {
    let at = rels.find(COMMENTS_REL)?;
    let tag_start = rels.get(..at)?.rfind('<')?;
    let tag_end = at + rels.get(at..)?.find('>')?;
    let tag = rels.get(tag_start..tag_end)?;
    let t = tag.find("Target=\"")? + "Target=\"".len();
    let rest = tag.get(t..)?;
    let target = rest.get(..rest.find('"')?)?;
    Some(format!(
        "word/{}",
        target.trim_start_matches('/').trim_start_matches("word/")
    ))
}

/// Carry the correction into the person's copy. See the module documentation.
pub fn update(opts: &UpdateOptions) -> Result<UpdateReport, UpdateError> {
    let started = Instant::now();
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| default_out(&opts.edited));
    let inputs = [Some(&opts.edited), Some(&opts.workbook), opts.base.as_ref()];
    if inputs.iter().flatten().any(|i| same_file(i, &out)) {
        return Err(UpdateError::OutputIsInput(out.display().to_string()));
    }
    let label = opts.edited.display().to_string();
    let bytes = read_file(&opts.edited, package::MAX_FILE_BYTES)?;
    let edited = Package::open(&label, bytes)?;
    let id = id::read(&edited)?.ok_or_else(|| UpdateError::NoId(label.clone()))?;
    let made = match DocumentKind::from_key(&id.kind) {
        Some(kind) => Made::Document(kind),
        None if id.kind == id::CORRECTION => Made::Correction,
        None => {
            return Err(UpdateError::Kind {
                file: label.clone(),
                kind: id.kind.clone(),
            });
        }
    };
    let folder = opts
        .edited
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut notes = Vec::new();
    let base = match &opts.base {
        Some(base) => {
            let hash = std::fs::read(base).map(|b| stable_hash(&b)).ok();
            if hash != Some(id.workbook) {
                notes.push(format!(
                    "注意：「{}」与生成「{label}」时所用的工作簿内容不同；以它为原稿比较，与原稿不同之处都当作您的修改",
                    base.display()
                ));
            }
            base.clone()
        }
        None => find_source(folder, id.workbook).ok_or_else(|| UpdateError::NoBase {
            file: label.clone(),
            folder: folder.join(SOURCES).display().to_string(),
        })?,
    };
    // The 对照表 compares against the earlier workbook it was made with.
    let earlier = match (made, id.old) {
        (Made::Correction, Some(old)) => {
            Some(find_source(folder, old).ok_or_else(|| UpdateError::NoBase {
                file: label.clone(),
                folder: folder.join(SOURCES).display().to_string(),
            })?)
        }
        _ => None,
    };
    let renderer = Renderer::new(crate::render::fonts::FontSet::bundled());
    let ((base_paras, _, _), (new_paras, new_date, new_hash)) = {
        let earlier = earlier.as_deref();
        let (a, b) = rayon::join(
            || generate(&renderer, made, earlier, &base, id.date),
            || generate(&renderer, made, earlier, &opts.workbook, id.date),
        );
        (a?, b?)
    };
    let merge_started = Instant::now();
    let xml = edited.part("word/document.xml")?.unwrap_or_default();
    let edited_paras = wordml::paragraphs(&label, &xml)?;
    let rels = edited
        .part("word/_rels/document.xml.rels")?
        .unwrap_or_default();
    let comments_part = comments_target(&rels);
    let existing_comments = match &comments_part {
        Some(part) => edited.part(part)?,
        None => None,
    };
    let today = opts.date.unwrap_or_else(pipeline::today);
    let stamp = merge::Stamp {
        author: AUTHOR.to_string(),
        date: format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            today.year, today.month, today.day
        ),
    };
    let first_comment = existing_comments
        .as_deref()
        .map(max_id)
        .map_or(0, |m| m + 1);
    let merged = merge::merge(
        &base_paras,
        &new_paras,
        &edited_paras,
        &xml,
        max_id(&xml) + 1,
        first_comment,
        &stamp,
    );
    let merge_ms = u64::try_from(merge_started.elapsed().as_millis()).unwrap_or(u64::MAX);

    let mut parts: Vec<(String, Vec<u8>)> =
        vec![("word/document.xml".into(), merged.xml.into_bytes())];
    if !merged.comments.is_empty() {
        let added = merged.comments.concat();
        match (&comments_part, existing_comments) {
            (Some(part), Some(text)) if text.contains("</w:comments>") => {
                let text = text.replacen("</w:comments>", &format!("{added}</w:comments>"), 1);
                parts.push((part.clone(), text.into_bytes()));
            }
            _ => {
                let part = comments_part.clone().unwrap_or("word/comments.xml".into());
                let text = format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W_NS}\">{added}</w:comments>"
                );
                parts.push((part.clone(), text.into_bytes()));
                if comments_part.is_none() {
                    let rels = rels.replacen(
                        "</Relationships>",
                        &format!("<Relationship Id=\"rIdJunhengComments\" Type=\"{COMMENTS_REL}\" Target=\"comments.xml\"/></Relationships>"),
                        1,
                    );
                    parts.push(("word/_rels/document.xml.rels".into(), rels.into_bytes()));
                }
                let types = edited.part("[Content_Types].xml")?.unwrap_or_default();
                let name = format!("/{part}");
                if !types.contains(&format!("PartName=\"{name}\"")) {
                    let types = types.replacen(
                        "</Types>",
                        &format!("<Override PartName=\"{name}\" ContentType=\"{COMMENTS_TYPE}\"/></Types>"),
                        1,
                    );
                    parts.push(("[Content_Types].xml".into(), types.into_bytes()));
                }
            }
        }
    }
    // The copy now holds the corrected data: the next correction starts from it.
    let new_id = DocId {
        kind: id.kind.clone(),
        workbook: new_hash,
        date: new_date,
        old: id.old,
    };
    parts.push(id::restamped(&edited, &id, &new_id)?);
    let bytes = edited.rewrite(&parts, zip_time(today))?;
    write_atomic(&out, &bytes)?;
    let out_dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    keep_source(out_dir, &opts.workbook, new_hash);
    Ok(UpdateReport {
        out,
        document: made.stem().to_string(),
        revisions: merged.revisions,
        conflicts: merged.conflicts,
        unplaced: merged.unplaced,
        notes,
        merge_ms,
        total_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comments_part_is_found_from_its_relationship() {
        let rels = format!(
            r#"<Relationships><Relationship Id="r9" Type="{COMMENTS_REL}" Target="comments.xml"/></Relationships>"#
        );
        assert_eq!(comments_target(&rels).as_deref(), Some("word/comments.xml"));
        assert_eq!(comments_target("<Relationships/>"), None);
        assert_eq!(max_id(r#"<a w:id="3"/><b w:id="12"/><c w:id="x"/>"#), 12);
    }
}
