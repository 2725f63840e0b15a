//! The paragraphs of a `word/document.xml`, located by byte offsets so that an edit
//! replaces one paragraph's XML and leaves every other byte as the person's program
//! wrote it. Table cells are paragraphs too (inside `w:tc`). Only the `w:` prefix of
//! WordprocessingML is understood, which is what Word, WPS and LibreOffice write.

use quick_xml::events::{BytesRef, Event};

use super::UpdateError;

/// Deepest element nesting accepted (Word's own files stay under 30).
pub const MAX_DEPTH: usize = 256;

/// One direct child of a paragraph.
#[derive(Debug, Clone)]
pub enum Item {
    /// A run of plain text: its `w:rPr` (raw XML, may be empty) and its text.
    Run { rpr: String, text: String },
    /// Anything else (a bookmark, a field, a drawing, a run with a tab), kept verbatim.
    Other { raw: String },
}

/// A paragraph of the document.
#[derive(Debug, Clone)]
pub struct Para {
    /// Byte range of the element.
    pub start: usize,
    pub end: usize,
    /// The start tag, always as an open tag (`<w:p …>`).
    pub open: String,
    /// The `w:pPr`, raw (empty when absent).
    pub ppr: String,
    /// The content after the `w:pPr`, raw.
    pub body: String,
    pub items: Vec<Item>,
    /// The visible text (insertions in, deletions out, nested text boxes out).
    pub text: String,
    /// Whether the paragraph is only plain runs and markers, so that it can be rewritten
    /// run by run.
    pub rewritable: bool,
    /// Inside a table cell.
    pub in_table: bool,
    /// Holds a picture, an embedded object or a relationship reference.
    pub media: bool,
    /// Where its top-level block (itself, or its outermost table) ends.
    pub block_end: usize,
}

impl Para {
    /// Whitespace-free text: what alignment compares.
    pub fn key(&self) -> String {
        normalise(&self.text)
    }
}

pub fn normalise(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A character or predefined entity reference.
pub fn resolve_ref(r: &BytesRef) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match r.xml10_content().as_ref() {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

struct Open {
    start: usize,
    open: String,
    depth: usize,
    ppr: Option<(usize, usize)>,
    body_start: usize,
    items: Vec<Item>,
    text: String,
    rewritable: bool,
    in_table: bool,
    /// The child being read (depth depth+1): its start, and for a run its state.
    child: Option<Child>,
    nested: usize,
    deleted: usize,
}

struct Child {
    start: usize,
    is_run: bool,
    plain: bool,
    rpr: Option<(usize, usize)>,
    rpr_start: usize,
    text: String,
    has_text: bool,
}

/// Every paragraph of `xml` (the text of word/document.xml) in document order.
pub fn paragraphs(file: &str, xml: &str) -> Result<Vec<Para>, UpdateError> {
    let bad = |why: String| UpdateError::Docx {
        file: file.to_string(),
        why: format!("word/document.xml：{why}"),
    };
    if !xml.contains("xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"") {
        return Err(bad("不是 WordprocessingML 正文（应使用 w: 前缀）".into()));
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut paras: Vec<Para> = Vec::new();
    let mut cur: Option<Open> = None;
    let mut block_first: usize = 0;
    let mut tables = 0usize;
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader
            .read_event()
            .map_err(|e| bad(format!("XML 有误（第 {before} 字节附近）：{e}")))?;
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                stack.push(name.clone());
                if stack.len() > MAX_DEPTH {
                    return Err(bad(format!("元素嵌套超过 {MAX_DEPTH} 层")));
                }
                if stack.len() == 3 {
                    block_first = paras.len();
                }
                if name == "w:tbl" {
                    tables += 1;
                }
                match cur.as_mut() {
                    None if name == "w:p" => {
                        cur = Some(Open {
                            start: before,
                            open: xml.get(before..after).unwrap_or_default().to_string(),
                            depth: stack.len(),
                            ppr: None,
                            body_start: after,
                            items: Vec::new(),
                            text: String::new(),
                            rewritable: true,
                            in_table: tables > 0,
                            child: None,
                            nested: 0,
                            deleted: 0,
                        });
                    }
                    None => {}
                    Some(p) => start_inside(p, &name, stack.len(), before, after),
                }
            }
            Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                match cur.as_mut() {
                    None if name == "w:p" => {
                        let raw = xml.get(before..after).unwrap_or_default();
                        let open = format!("{}>", raw.trim_end_matches("/>"));
                        paras.push(Para {
                            start: before,
                            end: after,
                            open,
                            ppr: String::new(),
                            body: String::new(),
                            items: Vec::new(),
                            text: String::new(),
                            rewritable: true,
                            in_table: tables > 0,
                            media: false,
                            block_end: after,
                        });
                        if stack.len() == 2 {
                            block_first = paras.len();
                        }
                    }
                    None => {}
                    Some(p) => {
                        let depth = stack.len() + 1;
                        if p.nested > 0 {
                            // Inside a text box: not this paragraph's own content.
                        } else if depth == p.depth + 1 {
                            if name == "w:pPr" {
                                p.ppr = Some((before, after));
                                p.body_start = after;
                            } else {
                                p.items.push(Item::Other {
                                    raw: xml.get(before..after).unwrap_or_default().to_string(),
                                });
                            }
                        } else if let Some(c) = p.child.as_mut()
                            && c.is_run
                            && depth == p.depth + 2
                        {
                            match name.as_str() {
                                "w:rPr" => c.rpr = Some((before, after)),
                                "w:t" | "w:lastRenderedPageBreak" => {}
                                _ => c.plain = false,
                            }
                        }
                    }
                }
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_string();
                let depth = stack.len();
                stack.pop();
                if name == "w:tbl" {
                    tables = tables.saturating_sub(1);
                }
                if let Some(p) = cur.as_mut() {
                    if name == "w:p" && p.nested > 0 {
                        p.nested -= 1;
                    } else if name == "w:p" && depth == p.depth {
                        let p = cur.take();
                        if let Some(p) = p {
                            let body = xml.get(p.body_start..before).unwrap_or_default();
                            let ppr = p.ppr.and_then(|(a, b)| xml.get(a..b)).unwrap_or_default();
                            let raw = xml.get(p.start..after).unwrap_or_default();
                            let media = ["r:embed=", "r:id=", "<w:drawing", "<w:pict", "<w:object"]
                                .iter()
                                .any(|m| raw.contains(m));
                            paras.push(Para {
                                start: p.start,
                                end: after,
                                open: p.open,
                                ppr: ppr.to_string(),
                                body: body.to_string(),
                                items: p.items,
                                text: p.text,
                                rewritable: p.rewritable,
                                in_table: p.in_table,
                                media,
                                block_end: after,
                            });
                        }
                    } else {
                        end_inside(p, xml, &name, depth, before, after);
                    }
                }
                if depth == 3 {
                    for p in paras.iter_mut().skip(block_first) {
                        p.block_end = after;
                    }
                }
            }
            Event::Text(t) => {
                if let Some(p) = cur.as_mut()
                    && stack.last().is_some_and(|n| n == "w:t")
                    && p.nested == 0
                {
                    push_text(p, &t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(p) = cur.as_mut()
                    && stack.last().is_some_and(|n| n == "w:t")
                    && p.nested == 0
                    && let Some(c) = resolve_ref(&r)
                {
                    push_text(p, &c.to_string());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(paras)
}

fn push_text(p: &mut Open, text: &str) {
    if p.deleted > 0 {
        return;
    }
    p.text.push_str(text);
    match p.child.as_mut() {
        Some(c) => {
            c.has_text = true;
            if c.is_run {
                c.text.push_str(text);
            }
        }
        None => p.rewritable = false,
    }
}

fn start_inside(p: &mut Open, name: &str, depth: usize, before: usize, _after: usize) {
    if name == "w:p" {
        p.nested += 1;
        return;
    }
    if p.nested > 0 {
        return;
    }
    if name == "w:del" || name == "w:moveFrom" {
        p.deleted += 1;
    }
    if depth == p.depth + 1 {
        if name == "w:pPr" {
            p.ppr = Some((before, before));
            return;
        }
        p.child = Some(Child {
            start: before,
            is_run: name == "w:r",
            plain: true,
            rpr: None,
            rpr_start: 0,
            text: String::new(),
            has_text: false,
        });
    } else if let Some(c) = p.child.as_mut()
        && c.is_run
        && depth == p.depth + 2
    {
        match name {
            "w:rPr" => c.rpr_start = before,
            "w:t" | "w:lastRenderedPageBreak" => {}
            _ => c.plain = false,
        }
    }
}

fn end_inside(p: &mut Open, xml: &str, name: &str, depth: usize, _before: usize, after: usize) {
    if p.nested > 0 {
        return;
    }
    if name == "w:del" || name == "w:moveFrom" {
        p.deleted = p.deleted.saturating_sub(1);
    }
    if depth == p.depth + 1 {
        if name == "w:pPr" {
            if let Some((a, _)) = p.ppr {
                p.ppr = Some((a, after));
            }
            p.body_start = after;
            return;
        }
        let Some(c) = p.child.take() else {
            return;
        };
        let raw = xml.get(c.start..after).unwrap_or_default().to_string();
        if c.is_run && c.plain {
            let rpr = c
                .rpr
                .and_then(|(a, b)| xml.get(a..b))
                .unwrap_or_default()
                .to_string();
            p.items.push(Item::Run { rpr, text: c.text });
        } else {
            if c.has_text {
                p.rewritable = false;
            }
            p.items.push(Item::Other { raw });
        }
    } else if let Some(c) = p.child.as_mut()
        && c.is_run
        && depth == p.depth + 2
        && name == "w:rPr"
    {
        c.rpr = Some((c.rpr_start, after));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn paragraphs_runs_and_cells_are_found() {
        let xml = format!(
            r#"<w:document {NS}><w:body><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>达到</w:t></w:r><w:bookmarkStart w:id="0" w:name="x"/><w:r><w:t xml:space="preserve">2260 &amp; 元</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/><w:p><w:ins w:id="1"><w:r><w:t>新</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:delText>旧</w:delText></w:r></w:del></w:p></w:body></w:document>"#
        );
        let paras = paragraphs("x.docx", &xml).unwrap();
        assert_eq!(paras.len(), 4);
        assert_eq!(paras[0].text, "达到2260 & 元");
        assert!(paras[0].rewritable && !paras[0].in_table);
        assert_eq!(paras[0].ppr, r#"<w:pPr><w:jc w:val="center"/></w:pPr>"#);
        assert_eq!(paras[0].items.len(), 3);
        assert!(
            matches!(&paras[0].items[0], Item::Run { rpr, text } if rpr == "<w:rPr><w:b/></w:rPr>" && text == "达到")
        );
        assert_eq!(paras[1].text, "甲");
        assert!(paras[1].in_table);
        assert_eq!(paras[1].block_end, xml.find("</w:tbl>").unwrap() + 8);
        assert_eq!(paras[2].text, "");
        assert_eq!(paras[3].text, "新", "insertions in, deletions out");
        assert!(!paras[3].rewritable);
        assert_eq!(&xml[paras[0].start..paras[0].start + 5], "<w:p>");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            "<w:document {NS}><w:body>{}{}</w:body></w:document>",
            "<w:x>".repeat(MAX_DEPTH + 1),
            "</w:x>".repeat(MAX_DEPTH + 1)
        );
        assert!(paragraphs("x.docx", &deep).is_err());
    }
}
