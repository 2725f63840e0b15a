//! `junheng update` (issue 25, item 4): a month of a bureau's work in one test. A sample is
//! built; its 自评报告.docx is edited as a leader would (sentences changed, a paragraph
//! added, one deleted, a table cell changed, and one paragraph the data also changes),
//! with every run rewritten as a word processor does; the workbook is corrected so that
//! the verdict flips; `update` carries the correction into the leader's copy. Accepting
//! all revisions must give the corrected figures and wording with every edit kept;
//! rejecting all must give the leader's copy back; the paragraph both changed carries a
//! comment quoting the new text. Everything here reads the .docx with zip + quick-xml.

use std::io::{Read, Write};
use std::path::Path;

use quick_xml::events::Event;

use crate::common::{stderr, stdout};

/// A paragraph of a document.xml: byte range, text, inside a table.
struct P {
    start: usize,
    end: usize,
    text: String,
    in_table: bool,
}

fn part(docx: &Path, name: &str) -> Option<String> {
    let bytes = std::fs::read(docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entry = zip.by_name(name).ok()?;
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    Some(text)
}

/// `docx` with some parts replaced.
fn with_parts(docx: &Path, out: &Path, parts: &[(&str, String)]) {
    let bytes = std::fs::read(docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if let Some((_, text)) = parts.iter().find(|(n, _)| *n == name) {
            data = text.clone().into_bytes();
        }
        w.start_file(name, options).unwrap();
        w.write_all(&data).unwrap();
    }
    std::fs::write(out, w.finish().unwrap().into_inner()).unwrap();
}

#[derive(Clone, Copy, PartialEq)]
enum View {
    /// As the file is (insertions shown, deletions not): also "accept all".
    Accept,
    /// Every revision rejected.
    Reject,
}

/// The paragraphs of a document.xml, as seen with all revisions accepted or rejected.
fn paras(xml: &str, view: View) -> Vec<P> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut cur: Option<P> = None;
    let mut tables = 0;
    let mut ins = 0;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().unwrap();
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                match name.as_str() {
                    "w:tbl" => tables += 1,
                    "w:ins" => ins += 1,
                    "w:p" => {
                        cur = Some(P {
                            start: before,
                            end: 0,
                            text: String::new(),
                            in_table: tables > 0,
                        })
                    }
                    _ => {}
                }
                stack.push(name);
            }
            Event::Empty(e) if e.name().as_ref() == "w:p" => out.push(P {
                start: before,
                end: after,
                text: String::new(),
                in_table: tables > 0,
            }),
            Event::End(e) => {
                stack.pop();
                match e.name().as_ref() {
                    "w:tbl" => tables -= 1,
                    "w:ins" => ins -= 1,
                    "w:p" => {
                        if let Some(mut p) = cur.take() {
                            p.end = after;
                            out.push(p);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let shown = match stack.last().map(String::as_str) {
                    Some("w:t") => view == View::Accept || ins == 0,
                    Some("w:delText") => view == View::Reject,
                    _ => false,
                };
                if shown && let Some(p) = cur.as_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let shown = match stack.last().map(String::as_str) {
                    Some("w:t") => view == View::Accept || ins == 0,
                    Some("w:delText") => view == View::Reject,
                    _ => false,
                };
                if shown && let Some(p) = cur.as_mut() {
                    let c = match r.xml10_content().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        _ => '\'',
                    };
                    p.text.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The non-empty whitespace-free paragraph texts of a .docx in a view.
fn texts(docx: &Path, view: View) -> Vec<String> {
    let xml = part(docx, "word/document.xml").unwrap();
    paras(&xml, view)
        .iter()
        .map(|p| squeeze(&p.text))
        .filter(|t| !t.is_empty())
        .collect()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A paragraph as a word processor writes it: the same `w:pPr`, the text in two runs.
fn rewritten(xml: &str, p: &P, text: &str) -> String {
    let raw = &xml[p.start..p.end];
    let ppr = match (raw.find("<w:pPr>"), raw.find("</w:pPr>")) {
        (Some(a), Some(b)) => &raw[a..b + "</w:pPr>".len()],
        _ => "",
    };
    let cut = text
        .char_indices()
        .nth(text.chars().count() / 2)
        .map_or(0, |(i, _)| i);
    format!(
        r#"<w:p w14:paraId="1A2B3C4D">{ppr}<w:r w:rsidR="00C0FFEE"><w:t xml:space="preserve">{}</w:t></w:r><w:r w:rsidR="00C0FFEF"><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(&text[..cut]),
        esc(&text[cut..])
    )
}

/// What the leader did.
struct Edits {
    changed: String,
    deleted: String,
    added: String,
    cell: String,
    conflict: String,
    /// The base text of the paragraph both changed.
    conflict_base: String,
}

/// Edit `base` (a generated 自评报告) as a leader would into `edited`, choosing
/// paragraphs by what the correction (`new`, the same report from the corrected
/// workbook) does to them.
fn edit_like_a_leader(base: &Path, new: &Path, edited: &Path) -> Edits {
    let xml = part(base, "word/document.xml").unwrap();
    let ps = paras(&xml, View::Accept);
    let new_texts: std::collections::HashSet<String> =
        texts(new, View::Accept).into_iter().collect();
    let same = |p: &P| new_texts.contains(&squeeze(&p.text));
    let body = |p: &P| !p.in_table && p.text.chars().count() >= 30;
    let mut picked = ps
        .iter()
        .enumerate()
        .skip(8)
        .filter(|(_, p)| body(p) && same(p));
    let (ci, changed_p) = picked.next().expect("a sentence to change");
    let (di, deleted_p) = picked.next().expect("a paragraph to delete");
    let conflict_p = ps
        .iter()
        .find(|p| !p.in_table && !same(p) && p.text.contains("1.6"))
        .or_else(|| {
            ps.iter()
                .find(|p| !p.in_table && !same(p) && p.text.chars().count() > 10)
        })
        .expect("a paragraph the correction changes");
    let cell_p = ps
        .iter()
        .find(|p| p.in_table && same(p) && p.text.ends_with("小学") && !p.text.contains("柳塘"))
        .expect("a school's name in a table");
    assert!(ci < di);

    let changed = format!("经区政府常务会议研究，{}", changed_p.text.trim());
    let added =
        "领导新增：各责任单位于每月25日前报送整改进展，区教育督导室汇总后通报。".to_string();
    let cell = format!("{}（本部）", cell_p.text.trim());
    let conflict = format!("{}（领导已核实）", conflict_p.text.trim());
    let mut splices: Vec<(usize, usize, String)> = vec![
        (
            changed_p.start,
            changed_p.end,
            rewritten(&xml, changed_p, &changed),
        ),
        (deleted_p.start, deleted_p.end, String::new()),
        (cell_p.start, cell_p.end, rewritten(&xml, cell_p, &cell)),
        (
            conflict_p.start,
            conflict_p.end,
            rewritten(&xml, conflict_p, &conflict),
        ),
    ];
    let after = &ps[di + 1];
    splices.push((
        after.end,
        after.end,
        format!(r#"<w:p><w:r><w:t>{}</w:t></w:r></w:p>"#, esc(&added)),
    ));
    splices.sort_by_key(|s| (s.0, s.1));
    let mut out = String::new();
    let mut pos = 0;
    for (a, b, text) in splices {
        out.push_str(&xml[pos..a]);
        out.push_str(&text);
        pos = b;
    }
    out.push_str(&xml[pos..]);
    // A re-save rewrites every run: revision-session ids on all of them.
    let out = out.replace("<w:r>", r#"<w:r w:rsidR="00ABCDEF">"#);
    let out = if out.contains("xmlns:w14=") {
        out
    } else {
        out.replace(
            "<w:document ",
            r#"<w:document xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
        )
    };
    with_parts(base, edited, &[("word/document.xml", out)]);
    Edits {
        changed: squeeze(&changed),
        deleted: squeeze(&deleted_p.text),
        added: squeeze(&added),
        cell: squeeze(&cell),
        conflict: squeeze(&conflict),
        conflict_base: squeeze(&conflict_p.text),
    }
}

fn build(workbook: &Path, out: &Path) {
    let result = run!(
        "build",
        workbook,
        "-o",
        out,
        "--only",
        "report",
        "--format",
        "docx",
        "--date",
        "2026-03-16"
    );
    assert!(result.status.success(), "{}", stderr(&result));
}

#[test]
fn a_correction_reaches_a_leaders_copy_as_tracked_changes() {
    let dir = tempfile::tempdir().unwrap();
    let merged = play_the_month(dir.path(), &|from, to| {
        std::fs::copy(from, to).unwrap();
    });
    // An output over an input is refused.
    let new = dir.path().join("new.xlsx");
    let refused = run!("update", merged, "--workbook", new, "-o", new);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("输入文件"),
        "{}",
        stderr(&refused)
    );
}

/// The month, with the leader's copy saved by `resave(generated, copy)` before the
/// edits (a plain copy, or a word processor's re-save). Checks everything the issue
/// asks of the result and gives the merged file.
pub(crate) fn play_the_month(dir: &Path, resave: &dyn Fn(&Path, &Path)) -> std::path::PathBuf {
    let (old, new) = crate::cli_diff::planted(dir);
    let out = dir.join("out");
    build(&old, &out);
    let reference = dir.join("reference");
    build(&new, &reference);
    let generated = out.join("清禾区/自评报告.docx");
    let corrected = reference.join("清禾区/自评报告.docx");

    // The leader edits the copy in place, as people do.
    let pristine = dir.join("pristine.docx");
    resave(&generated, &pristine);
    let edits = edit_like_a_leader(&pristine, &corrected, &generated);
    let edited_bytes = std::fs::read(&generated).unwrap();

    let result = run!(
        "update",
        generated,
        "--workbook",
        new,
        "--date",
        "2026-12-07"
    );
    assert!(
        result.status.success(),
        "{}\n{}",
        stdout(&result),
        stderr(&result)
    );
    let said = stdout(&result);
    assert_eq!(
        std::fs::read(&generated).unwrap(),
        edited_bytes,
        "input untouched"
    );
    let merged = out.join("清禾区/自评报告（已更正）.docx");
    assert!(merged.is_file(), "{said}");
    assert!(said.contains("冲突 1 处"), "{said}");

    let accepted = texts(&merged, View::Accept);
    let rejected = texts(&merged, View::Reject);
    let leader = texts(&generated, View::Accept);
    // Rejecting every revision gives the leader's copy back.
    assert_eq!(rejected, leader);
    // Every edit is still there.
    for kept in [&edits.changed, &edits.added, &edits.cell, &edits.conflict] {
        assert!(accepted.contains(kept), "lost: {kept}");
    }
    assert!(!accepted.contains(&edits.deleted), "deleted paragraph back");
    // Accepting every revision gives the corrected figures and verdict wording: every
    // paragraph the correction brought is there (but those it could not place, which it
    // names), and no paragraph the correction removed is left.
    let base_texts: std::collections::HashSet<String> =
        texts(&pristine, View::Accept).into_iter().collect();
    let new_texts = texts(&corrected, View::Accept);
    let new_set: std::collections::HashSet<&String> = new_texts.iter().collect();
    let comments = part(&merged, "word/comments.xml").expect("comments.xml");
    let mut brought = 0;
    let mut quoted = 0;
    for t in new_texts.iter().filter(|t| !base_texts.contains(*t)) {
        if said.contains(t.as_str()) {
            continue;
        }
        if comments.contains(t.as_str()) {
            // The paragraph both changed: the comment quotes the new text.
            quoted += 1;
            continue;
        }
        brought += 1;
        assert!(accepted.contains(t), "missing corrected text: {t}\n{said}");
    }
    assert!(brought >= 3, "the correction changes several paragraphs");
    assert_eq!(quoted, 1, "{comments}");
    for t in base_texts.iter().filter(|t| !new_set.contains(t)) {
        if *t == edits.conflict_base {
            continue;
        }
        assert!(!accepted.contains(t), "stale text kept: {t}");
    }
    // The verdict flipped: the copy no longer says 1.6 is not met.
    assert!(
        !accepted.iter().any(|t| t.contains("第1.6项未达到")),
        "{accepted:?}"
    );

    // The paragraph both changed carries a comment quoting the new text.
    let xml = part(&merged, "word/document.xml").unwrap();
    let para = paras(&xml, View::Accept)
        .into_iter()
        .find(|p| squeeze(&p.text) == edits.conflict)
        .unwrap();
    assert!(xml[para.start..para.end].contains("<w:commentReference"));
    assert!(comments.contains("w:author=\"数据更正\""));
    let types = part(&merged, "[Content_Types].xml").unwrap();
    assert!(types.contains("/word/comments.xml"));
    let rels = part(&merged, "word/_rels/document.xml.rels").unwrap();
    assert!(rels.contains("relationships/comments"));
    // Revisions are attributed and dated.
    assert!(xml.contains(r#"w:author="数据更正" w:date="2026-12-07T00:00:00Z""#));

    merged
}

/// The largest sample (46 schools): a correction of two schools' equipment merges into an unedited copy with revisions only, in well under a
/// second of comparing and merging (the rest is generating the two editions).
#[test]
fn the_largest_sample_merges_quickly() {
    use calamine::Data;
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let book = crate::common::Book::open(&samples.join("qingyang.xlsx"));
    let old = dir.path().join("qingyang.xlsx");
    book.save(&old);
    let mut fixed = book.clone();
    let (row, _) = fixed.header("学校", "学校名称");
    let (_, equipment) = fixed.header("学校", "教学仪器设备值");
    let number = |d: Data| match d {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        other => panic!("not a number: {other:?}"),
    };
    let value = number(fixed.get("学校", row + 1, equipment));
    fixed.set("学校", row + 1, equipment, Data::Float(value * 0.8));
    let other = number(fixed.get("学校", row + 2, equipment));
    fixed.set("学校", row + 2, equipment, Data::Float(other * 1.2));
    let new = dir.path().join("qingyang-fixed.xlsx");
    fixed.save(&new);
    let out = dir.path().join("out");
    build(&old, &out);
    let copy = out.join("青杨区/自评报告.docx");
    let merged = dir.path().join("merged.docx");
    let result = run!("update", copy, "--workbook", new, "-o", merged);
    assert!(result.status.success(), "{}", stderr(&result));
    let said = stdout(&result);
    assert!(said.contains("冲突 0 处"), "{said}");
    let revisions: usize = said
        .split("数据修订 ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(revisions >= 2, "{said}");
    let seconds: f64 = said
        .split("比较与合并 ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(seconds < 2.0, "{said}");
    // Unedited copy: accepting all gives the corrected generation's text, but for the
    // new table rows it names for a person to add.
    let reference = dir.path().join("reference");
    build(&new, &reference);
    let mut missing = texts(&reference.join("青杨区/自评报告.docx"), View::Accept);
    let mut extra = Vec::new();
    for t in texts(&merged, View::Accept) {
        match missing.iter().position(|m| *m == t) {
            Some(i) => {
                missing.remove(i);
            }
            None => extra.push(t),
        }
    }
    assert!(extra.is_empty(), "stale: {extra:?}");
    let named = squeeze(&said);
    for t in &missing {
        assert!(named.contains(t.as_str()), "not carried, not named: {t}");
    }
    eprintln!("qingyang: {said}");
}

/// The 数据更正对照表 is carried forward too: a second correction reaches a copy of the
/// first table the leader added a paragraph to.
#[test]
fn a_second_correction_reaches_the_correction_table() {
    use calamine::Data;
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = crate::cli_diff::planted(dir.path());
    let mut again = crate::common::Book::open(&new);
    again.set_by(
        "学校",
        "学校名称",
        "清禾区柳塘镇中心小学",
        "教学仪器设备值",
        Data::Float(120.0),
    );
    let new2 = dir.path().join("new2.xlsx");
    again.save(&new2);
    let table = dir.path().join("tables/数据更正对照表.docx");
    std::fs::create_dir_all(table.parent().unwrap()).unwrap();
    let made = run!("diff", old, new, "--docx", table, "--date", "2026-03-16");
    assert!(made.status.success(), "{}", stderr(&made));
    let reference = dir.path().join("reference.docx");
    let made = run!(
        "diff",
        old,
        new2,
        "--docx",
        reference,
        "--date",
        "2026-03-16"
    );
    assert!(made.status.success(), "{}", stderr(&made));

    // The leader adds a paragraph after the first one.
    let xml = part(&table, "word/document.xml").unwrap();
    let first = &paras(&xml, View::Accept)[0];
    let note = "说明：以上更正经区教育局审核确认。";
    let edited_xml = format!(
        "{}<w:p><w:r><w:t>{note}</w:t></w:r></w:p>{}",
        &xml[..first.end],
        &xml[first.end..]
    );
    let base_texts = texts(&table, View::Accept);
    with_parts(&table.clone(), &table, &[("word/document.xml", edited_xml)]);

    let merged = dir.path().join("merged.docx");
    let result = run!("update", table, "--workbook", new2, "-o", merged);
    assert!(result.status.success(), "{}", stderr(&result));
    let said = stdout(&result);
    let accepted = texts(&merged, View::Accept);
    assert!(accepted.contains(&squeeze(note)), "{accepted:?}");
    assert_eq!(texts(&merged, View::Reject), texts(&table, View::Accept));
    let mut brought = 0;
    for t in texts(&reference, View::Accept) {
        if base_texts.contains(&t) || said.contains(t.as_str()) {
            continue;
        }
        brought += 1;
        assert!(accepted.contains(&t), "missing: {t}\n{said}");
    }
    assert!(brought >= 1, "{said}");
}
