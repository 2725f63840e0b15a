//! Reading a .docx back in Rust (zip + quick-xml), the way python-docx reads it: the
//! body's paragraphs and tables in order, a paragraph's text the text of its runs
//! (`w:t`; a tab as `\t`; a line break as a space, as the old python-docx script
//! printed it), a table cell's text its paragraphs joined by spaces, a cell merged with
//! the one above (`w:vMerge` without `restart`) left out.

use std::io::Read;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

/// One entry of a .docx package, as text.
pub fn part(docx: &Path, name: &str) -> String {
    let file = std::fs::File::open(docx).unwrap_or_else(|e| panic!("{}: {e}", docx.display()));
    let mut archive = zip::ZipArchive::new(file)
        .unwrap_or_else(|e| panic!("{} is not a zip: {e}", docx.display()));
    let mut entry = archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{}: no {name}: {e}", docx.display()));
    let mut text = String::new();
    entry
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{}: {name} is not UTF-8: {e}", docx.display()));
    text
}

/// Every paragraph (`P\t…`), table row (`R\t`) and cell (`C\t…`) of the body in order,
/// and the number of tables (text in nested tables is left out, as python-docx leaves it out of `cell.paragraphs`).
pub fn texts(docx: &Path) -> (usize, Vec<String>) {
    let xml = part(docx, "word/document.xml");
    let mut reader = Reader::from_str(&xml);
    let mut out = Vec::new();
    let mut tables = 0usize;
    // Element names from w:body down.
    let mut path: Vec<String> = Vec::new();
    // The text of each open w:p (a text box's paragraphs nest inside a run).
    let mut paragraphs: Vec<String> = Vec::new();
    let mut cell: Vec<String> = Vec::new();
    let mut cell_continues = false;
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{}: bad document.xml: {e}", docx.display()));
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                let depth_in_body = path.iter().position(|n| n == "w:body");
                match name.as_str() {
                    "w:tbl" if depth_in_body == Some(path.len() - 1) => tables += 1,
                    "w:tr" if top_table_level(&path) => out.push("R\t".to_string()),
                    "w:tc" if top_table_level_row(&path) => {
                        cell.clear();
                        cell_continues = false;
                    }
                    "w:p" => paragraphs.push(String::new()),
                    "w:t" => in_text = in_run(&path),
                    "w:vMerge" if top_table_cell_props(&path, "w:tcPr") => {
                        cell_continues = !vmerge_restarts(&e);
                    }
                    _ => {}
                }
                path.push(name);
            }
            Event::Empty(e) => match e.name().as_ref() {
                "w:tab" | "w:ptab" if in_run(&path) => paragraphs.extend_last('\t'),
                "w:br" | "w:cr" if in_run(&path) => paragraphs.extend_last(' '),
                "w:vMerge" if top_table_cell_props(&path, "w:tcPr") => {
                    cell_continues = !vmerge_restarts(&e);
                }
                "w:p" => finish_paragraph(&path, "", &mut out, &mut cell),
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(p) = paragraphs.last_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                let name: &str = &r;
                let resolved = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                if let (Some(p), Some(c)) = (paragraphs.last_mut(), resolved) {
                    p.push(c);
                }
            }
            Event::End(e) => {
                path.pop();
                match e.name().as_ref() {
                    "w:t" => in_text = false,
                    "w:p" => {
                        let text = paragraphs.pop().unwrap_or_default();
                        finish_paragraph(&path, &text, &mut out, &mut cell);
                    }
                    "w:tc" if top_table_level_row(&path) && !cell_continues => {
                        out.push(format!("C\t{}", cell.join(" ")));
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (tables, out)
}

/// A finished `w:p` (`path` is its parent's path): a body paragraph, or a paragraph of
/// a top-level table cell.
fn finish_paragraph(path: &[String], text: &str, out: &mut Vec<String>, cell: &mut Vec<String>) {
    match path.last().map(String::as_str) {
        Some("w:body") => out.push(format!("P\t{text}")),
        Some("w:tc") if top_table_level_row(&path[..path.len() - 1]) => cell.push(text.to_string()),
        _ => {}
    }
}

fn body_depth(path: &[String]) -> Option<usize> {
    path.iter().position(|n| n == "w:body")
}

/// `path` ends in w:body/w:tbl (a row starts here).
fn top_table_level(path: &[String]) -> bool {
    body_depth(path).is_some_and(|d| path.len() == d + 2 && path[d + 1] == "w:tbl")
}

/// `path` ends in w:body/w:tbl/w:tr (a cell starts here).
fn top_table_level_row(path: &[String]) -> bool {
    body_depth(path)
        .is_some_and(|d| path.len() == d + 3 && path[d + 1] == "w:tbl" && path[d + 2] == "w:tr")
}

/// `path` ends in w:body/w:tbl/w:tr/w:tc/`props`.
fn top_table_cell_props(path: &[String], props: &str) -> bool {
    body_depth(path).is_some_and(|d| {
        path.len() == d + 5
            && path[d + 1] == "w:tbl"
            && path[d + 2] == "w:tr"
            && path[d + 3] == "w:tc"
            && path[d + 4] == props
    })
}

/// Directly inside a run of a paragraph (w:p/w:r, or w:p/w:hyperlink/w:r).
fn in_run(path: &[String]) -> bool {
    let names: Vec<&str> = path.iter().rev().take(3).map(String::as_str).collect();
    matches!(
        names.as_slice(),
        ["w:r", "w:p", ..] | ["w:r", "w:hyperlink", "w:p"]
    )
}

trait ExtendLast {
    fn extend_last(&mut self, c: char);
}

impl ExtendLast for Vec<String> {
    /// Append `c` to the innermost open paragraph.
    fn extend_last(&mut self, c: char) {
        if let Some(p) = self.last_mut() {
            p.push(c);
        }
    }
}

/// `w:vMerge w:val="restart"` starts a merged cell; without a value it continues one.
fn vmerge_restarts(e: &quick_xml::events::BytesStart<'_>) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.as_ref() == "w:val" && &*a.value == "restart")
}
