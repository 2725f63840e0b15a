//! The three-way merge on text. Paragraphs (and table-cell paragraphs) of the base (what
//! the tool generated from the old workbook), the new generation (from the corrected
//! workbook) and the person's copy are aligned by a longest common subsequence over
//! their whitespace-free text — never by XML identity, since Word, WPS and LibreOffice
//! rewrite every run when they save — and the paragraphs left between two aligned ones
//! are paired in order (by position when both sides have as many, else by likeness).
//!
//! Then, paragraph by paragraph of the base:
//! - the person did not change it and the data did: a tracked change in the person's
//!   copy, over the smallest span of characters (widened to whole numbers);
//! - the person changed it and the data did not: the person's text stays;
//! - both changed it: the person's text stays, with a comment quoting the new text.
//!
//! Paragraphs the new generation adds go in as tracked insertions after the paragraph
//! they follow; what cannot be placed (a new table row) is listed for a person.

use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

use super::wordml::{Item, Para, normalise};

/// Who and when, on every revision and comment.
pub struct Stamp {
    pub author: String,
    /// `2026-12-07T00:00:00Z`.
    pub date: String,
}

/// The merged document.xml and what it holds.
pub struct Merged {
    pub xml: String,
    /// `<w:comment>` elements to add to comments.xml.
    pub comments: Vec<String>,
    /// Tracked changes made: paragraphs revised, deleted or inserted.
    pub revisions: usize,
    /// Paragraphs both the person and the data changed (each carries a comment).
    pub conflicts: usize,
    /// New generated text that could not be placed (in tables), for a person to add.
    pub unplaced: Vec<String>,
}

/// How long the alignment may search before settling for a coarser one.
const ALIGN_DEADLINE: std::time::Duration = std::time::Duration::from_secs(5);

/// The ops of a diff as (is equal, old range, new range), with the empty side of a
/// deletion or insertion placed where it really is (`similar` reports another index).
fn spans(ops: Vec<similar::DiffOp>) -> Vec<(bool, std::ops::Range<usize>, std::ops::Range<usize>)> {
    let (mut oi, mut ni) = (0, 0);
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        let (o, n) = match tag {
            DiffTag::Delete => (o, ni..ni),
            DiffTag::Insert => (oi..oi, n),
            _ => (o, n),
        };
        oi = o.end;
        ni = n.end;
        out.push((tag == DiffTag::Equal, o, n));
    }
    out
}

/// For each of `a`, its partner in `b`.
pub fn align(a: &[String], b: &[String]) -> Vec<Option<usize>> {
    let deadline = std::time::Instant::now() + ALIGN_DEADLINE;
    let ops = capture_diff_slices_deadline(Algorithm::Myers, a, b, Some(deadline));
    let mut pairs = vec![None; a.len()];
    let mut gap: Option<(usize, usize, usize, usize)> = None;
    for (equal, old, new) in spans(ops) {
        if equal {
            if let Some(g) = gap.take() {
                pair_gap(a, b, g, &mut pairs);
            }
            for (i, j) in old.zip(new) {
                if let Some(slot) = pairs.get_mut(i) {
                    *slot = Some(j);
                }
            }
        } else {
            gap = Some(match gap {
                None => (old.start, old.end, new.start, new.end),
                Some((a0, _, b0, _)) => (a0, old.end, b0, new.end),
            });
        }
    }
    if let Some(g) = gap {
        pair_gap(a, b, g, &mut pairs);
    }
    pairs
}

/// Pair what lies between two aligned items: by position when both sides have as many,
/// else each item of `a` with the next likely item of `b`.
fn pair_gap(
    a: &[String],
    b: &[String],
    (a0, a1, b0, b1): (usize, usize, usize, usize),
    pairs: &mut [Option<usize>],
) {
    if a1 - a0 == b1 - b0 {
        for k in 0..a1 - a0 {
            if let Some(slot) = pairs.get_mut(a0 + k) {
                *slot = Some(b0 + k);
            }
        }
        return;
    }
    // Bounded: a gap of thousands on both sides (a rewritten document) pairs nothing.
    if (a1 - a0).saturating_mul(b1 - b0) > 250_000 {
        return;
    }
    let mut next = b0;
    for i in a0..a1 {
        let (Some(x), Some(slot)) = (a.get(i), pairs.get_mut(i)) else {
            continue;
        };
        let best = (next..b1)
            .filter_map(|j| b.get(j).map(|y| (j, likeness(x, y))))
            .filter(|(_, s)| *s >= 0.5)
            .max_by(|l, r| l.1.total_cmp(&r.1));
        if let Some((j, _)) = best {
            *slot = Some(j);
            next = j + 1;
        }
    }
}

/// Dice coefficient over character bigrams (characters for very short texts).
fn likeness(x: &str, y: &str) -> f64 {
    let grams = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        if c.len() < 2 {
            return c.iter().map(|&ch| (ch, ch)).collect();
        }
        c.windows(2)
            .filter_map(|w| match w {
                [a, b] => Some((*a, *b)),
                _ => None,
            })
            .collect()
    };
    let (mut gx, gy) = (grams(x), grams(y));
    if gx.is_empty() && gy.is_empty() {
        return 1.0;
    }
    let total = gx.len() + gy.len();
    let mut common = 0;
    for g in gy {
        if let Some(pos) = gx.iter().position(|h| *h == g) {
            gx.swap_remove(pos);
            common += 1;
        }
    }
    2.0 * common as f64 / total as f64
}

/// Merge the data change base → new into the person's copy `edited` (its paragraphs
/// from `xml`). Revision ids start at `first_id`, comment ids at `first_comment`.
pub fn merge(
    base: &[Para],
    new: &[Para],
    edited: &[Para],
    xml: &str,
    first_id: u64,
    first_comment: u64,
    stamp: &Stamp,
) -> Merged {
    let bkeys: Vec<String> = base.iter().map(Para::key).collect();
    let nkeys: Vec<String> = new.iter().map(Para::key).collect();
    let ekeys: Vec<String> = edited.iter().map(Para::key).collect();
    let be = align(&bkeys, &ekeys);
    let bn = align(&bkeys, &nkeys);
    let mut n_base = vec![None; new.len()];
    for (i, j) in bn.iter().enumerate() {
        if let Some(slot) = j.and_then(|j| n_base.get_mut(j)) {
            *slot = Some(i);
        }
    }
    let mut w = Writer {
        stamp,
        next_id: first_id,
        next_comment: first_comment,
        comments: Vec::new(),
    };
    let mut merged = Merged {
        xml: String::new(),
        comments: Vec::new(),
        revisions: 0,
        conflicts: 0,
        unplaced: Vec::new(),
    };
    // (start, end, replacement) over the person's document.xml.
    let mut splices: Vec<(usize, usize, String)> = Vec::new();
    for (i, bkey) in bkeys.iter().enumerate() {
        let n = bn.get(i).copied().flatten();
        let new_key = n.and_then(|j| nkeys.get(j));
        if new_key == Some(bkey) {
            continue;
        }
        let Some(ei) = be.get(i).copied().flatten() else {
            // The person deleted the paragraph: their deletion stands.
            continue;
        };
        let (Some(e), Some(ekey)) = (edited.get(ei), ekeys.get(ei)) else {
            continue;
        };
        let new_para = n.and_then(|j| new.get(j));
        let person_changed = ekey != bkey;
        let replacement = match (person_changed, new_para) {
            (false, Some(np)) if e.rewritable => {
                merged.revisions += 1;
                w.revise(e, &np.text)
            }
            (false, None) if e.rewritable && !bkey.is_empty() => {
                merged.revisions += 1;
                w.delete(e)
            }
            (false, None) if bkey.is_empty() => continue,
            (_, np) => {
                merged.conflicts += 1;
                let note = match np {
                    Some(np) if np.text.trim().is_empty() => {
                        "数据更正：更正后的文件中这一处为空。".to_string()
                    }
                    Some(np) => format!("数据更正：更正后的文件中这一处为“{}”", np.text),
                    None => "数据更正：更正后的文件中没有这一段。".to_string(),
                };
                w.comment(e, &note)
            }
        };
        splices.push((e.start, e.end, replacement));
    }
    for (j, np) in new.iter().enumerate() {
        if n_base.get(j).copied().flatten().is_some() || np.key().is_empty() {
            continue;
        }
        if np.in_table || np.media {
            merged.unplaced.push(np.text.clone());
            continue;
        }
        // After the person's copy of the nearest earlier paragraph the base also had.
        let anchor = (0..j).rev().find_map(|k| {
            let i = n_base.get(k).copied().flatten()?;
            let ei = be.get(i).copied().flatten()?;
            edited.get(ei)
        });
        let at = match anchor {
            Some(e) if e.in_table => e.block_end,
            Some(e) => e.end,
            None => match edited.first() {
                Some(e) => e.start,
                None => {
                    merged.unplaced.push(np.text.clone());
                    continue;
                }
            },
        };
        merged.revisions += 1;
        splices.push((at, at, w.insert(np)));
    }
    // Insertions before a replacement that starts where they go; order kept otherwise.
    splices.sort_by_key(|(start, end, _)| (*start, *end != *start));
    let mut out = String::with_capacity(xml.len() + 4096);
    let mut pos = 0;
    for (start, end, text) in splices {
        if start < pos {
            continue;
        }
        out.push_str(xml.get(pos..start).unwrap_or_default());
        out.push_str(&text);
        pos = end;
    }
    out.push_str(xml.get(pos..).unwrap_or_default());
    merged.xml = out;
    merged.comments = w.comments;
    merged
}

struct Writer<'a> {
    stamp: &'a Stamp,
    next_id: u64,
    next_comment: u64,
    comments: Vec<String>,
}

fn esc(s: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(s)
}

/// A change of characters: `old[start..end]` becomes `text`.
struct Change {
    start: usize,
    end: usize,
    text: String,
}

fn numeric(c: char) -> bool {
    c.is_ascii_digit() || c.is_numeric() || matches!(c, '.' | ',' | '%' | '．' | '％')
}

/// The smallest changes from `old` to `new`, each widened to whole numbers.
fn changes(old: &[char], new: &[char]) -> Vec<Change> {
    let ops = capture_diff_slices_deadline(
        Algorithm::Myers,
        old,
        new,
        Some(std::time::Instant::now() + std::time::Duration::from_secs(1)),
    );
    // (old range, new range) of each run of non-equal ops.
    let mut raw: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize, usize, usize)> = None;
    for (equal, o, n) in spans(ops) {
        if equal {
            raw.extend(open.take());
        } else {
            open = Some(match open {
                None => (o.start, o.end, n.start, n.end),
                Some((a, _, b, _)) => (a, o.end, b, n.end),
            });
        }
    }
    raw.extend(open);
    // The text around a change is the same on both sides: widen both together.
    let widen = |(mut os, mut oe, mut ns, mut ne): (usize, usize, usize, usize)| {
        while os > 0
            && ns > 0
            && old.get(os - 1).is_some_and(|c| numeric(*c))
            && old.get(os - 1) == new.get(ns - 1)
        {
            os -= 1;
            ns -= 1;
        }
        while old.get(oe).is_some_and(|c| numeric(*c)) && old.get(oe) == new.get(ne) {
            oe += 1;
            ne += 1;
        }
        (os, oe, ns, ne)
    };
    let mut widened: Vec<(usize, usize, usize, usize)> = Vec::new();
    for change in raw {
        let mut c = widen(change);
        // Touching or overlapping the previous one after widening: one change over both.
        while let Some(last) = widened.last().copied()
            && c.0 <= last.1
        {
            widened.pop();
            c = widen((
                last.0.min(c.0),
                last.1.max(c.1),
                last.2.min(c.2),
                last.3.max(c.3),
            ));
        }
        widened.push(c);
    }
    widened
        .into_iter()
        .map(|(os, oe, ns, ne)| Change {
            start: os,
            end: oe,
            text: new
                .get(ns..ne)
                .map(|c| c.iter().collect())
                .unwrap_or_default(),
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Span {
    Same,
    Deleted,
}

impl Writer<'_> {
    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id - 1
    }

    fn mark(&mut self, tag: &str) -> String {
        format!(
            r#"<w:{tag} w:id="{}" w:author="{}" w:date="{}">"#,
            self.id(),
            esc(&self.stamp.author),
            self.stamp.date
        )
    }

    fn run(&mut self, out: &mut String, span: Span, rpr: &str, text: &str) {
        if text.is_empty() {
            return;
        }
        match span {
            Span::Same => out.push_str(&format!(
                r#"<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#,
                esc(text)
            )),
            Span::Deleted => {
                let mark = self.mark("del");
                out.push_str(&format!(
                    r#"{mark}<w:r>{rpr}<w:delText xml:space="preserve">{}</w:delText></w:r></w:del>"#,
                    esc(text)
                ));
            }
        }
    }

    fn inserted(&mut self, out: &mut String, rpr: &str, text: &str) {
        if text.is_empty() {
            return;
        }
        let mark = self.mark("ins");
        out.push_str(&format!(
            r#"{mark}<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r></w:ins>"#,
            esc(text)
        ));
    }

    /// The paragraph with its text changed to `new` as tracked changes.
    fn revise(&mut self, p: &Para, new: &str) -> String {
        let old: Vec<char> = p.text.chars().collect();
        let new: Vec<char> = new.chars().collect();
        let changes = changes(&old, &new);
        let mut body = String::new();
        let mut pos = 0usize;
        let mut ci = 0usize;
        let mut last_rpr = String::new();
        let mut start_rpr: Option<String> = None;
        for item in &p.items {
            match item {
                Item::Other { raw } => body.push_str(raw),
                Item::Run { rpr, text } => {
                    last_rpr = rpr.clone();
                    let mut span = Span::Same;
                    let mut buf = String::new();
                    for c in text.chars() {
                        // A change ending here: its new text goes in before this char.
                        while let Some(ch) = changes.get(ci).filter(|ch| ch.end == pos) {
                            if ch.start == pos && start_rpr.is_none() {
                                start_rpr = Some(rpr.clone());
                            }
                            self.run(&mut body, span, rpr, &buf);
                            buf.clear();
                            let r = start_rpr.take().unwrap_or_else(|| rpr.clone());
                            self.inserted(&mut body, &r, &ch.text);
                            ci += 1;
                        }
                        let here = match changes.get(ci) {
                            Some(ch) if ch.start <= pos && pos < ch.end => {
                                if ch.start == pos {
                                    start_rpr = Some(rpr.clone());
                                }
                                Span::Deleted
                            }
                            _ => Span::Same,
                        };
                        if here != span {
                            self.run(&mut body, span, rpr, &buf);
                            buf.clear();
                            span = here;
                        }
                        buf.push(c);
                        pos += 1;
                    }
                    self.run(&mut body, span, rpr, &buf);
                }
            }
        }
        while let Some(ch) = changes.get(ci) {
            let r = start_rpr.take().unwrap_or_else(|| last_rpr.clone());
            self.inserted(&mut body, &r, &ch.text);
            ci += 1;
        }
        format!("{}{}{body}</w:p>", p.open, p.ppr)
    }

    /// The paragraph deleted as a tracked change (its mark too, outside tables).
    fn delete(&mut self, p: &Para) -> String {
        let mut body = String::new();
        for item in &p.items {
            match item {
                Item::Other { raw } => body.push_str(raw),
                Item::Run { rpr, text } => self.run(&mut body, Span::Deleted, rpr, text),
            }
        }
        let ppr = if p.in_table {
            p.ppr.clone()
        } else {
            let mark = self.mark("del").replace('>', "/>");
            mark_ppr(&p.ppr, &mark)
        };
        format!("{}{ppr}{body}</w:p>", p.open)
    }

    /// A paragraph of the new generation inserted as a tracked change.
    fn insert(&mut self, p: &Para) -> String {
        let mark = self.mark("ins").replace('>', "/>");
        let ppr = mark_ppr(&p.ppr, &mark);
        let open = self.mark("ins");
        format!("{}{ppr}{open}{}</w:ins></w:p>", p.open, p.body)
    }

    /// The paragraph as it is, with a comment saying `note`.
    fn comment(&mut self, p: &Para, note: &str) -> String {
        let id = self.next_comment;
        self.next_comment += 1;
        self.comments.push(format!(
            r#"<w:comment w:id="{id}" w:author="{}" w:date="{}" w:initials="JH"><w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p></w:comment>"#,
            esc(&self.stamp.author),
            self.stamp.date,
            esc(note)
        ));
        format!(
            r#"{}{}<w:commentRangeStart w:id="{id}"/>{}<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r></w:p>"#,
            p.open, p.ppr, p.body
        )
    }
}

/// A paragraph's `w:pPr` with `mark` (an empty `w:ins`/`w:del`) on its paragraph mark.
fn mark_ppr(ppr: &str, mark: &str) -> String {
    let fresh = format!("<w:pPr><w:rPr>{mark}</w:rPr></w:pPr>");
    if ppr.is_empty() || !ppr.contains("</w:pPr>") {
        return fresh;
    }
    if let Some(i) = ppr.find("<w:rPr>") {
        let (a, b) = ppr.split_at(i + "<w:rPr>".len());
        return format!("{a}{mark}{b}");
    }
    if ppr.contains("<w:rPr/>") {
        return ppr.replacen("<w:rPr/>", &format!("<w:rPr>{mark}</w:rPr>"), 1);
    }
    let before = ["<w:sectPr", "<w:pPrChange", "</w:pPr>"]
        .iter()
        .find_map(|t| ppr.find(t))
        .unwrap_or(ppr.len());
    let (a, b) = ppr.split_at(before);
    format!("{a}<w:rPr>{mark}</w:rPr>{b}")
}

/// Whitespace-free text of a whole document (for messages and tests).
pub fn text_of(paras: &[Para]) -> Vec<String> {
    paras.iter().map(|p| normalise(&p.text)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn changes_are_small_and_whole_numbers() {
        let c = changes(&chars("生均2260元，达到"), &chars("生均2003元，达到"));
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].start, c[0].end, c[0].text.as_str()), (2, 6, "2003"));
        let c = changes(&chars("有1所学校未达到"), &chars("所有学校均达到"));
        assert!(!c.is_empty());
        let two = changes(&chars("分别为83%和90%"), &chars("分别为86%和90%"));
        assert_eq!(two.len(), 1);
        assert_eq!(two[0].text, "86%");
    }

    #[test]
    fn alignment_pairs_equal_then_changed_paragraphs() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let a = s(&["一", "二2260", "三", "四"]);
        let b = s(&["一", "二2003", "三", "新", "四"]);
        assert_eq!(align(&a, &b), vec![Some(0), Some(1), Some(2), Some(4)]);
        let c = s(&["一", "三", "四"]);
        assert_eq!(align(&a, &c), vec![Some(0), None, Some(1), Some(2)]);
    }

    #[test]
    fn a_paragraph_mark_is_marked_where_word_expects_it() {
        assert_eq!(
            mark_ppr("", "<w:ins/>"),
            "<w:pPr><w:rPr><w:ins/></w:rPr></w:pPr>"
        );
        assert_eq!(
            mark_ppr("<w:pPr><w:jc/><w:rPr><w:b/></w:rPr></w:pPr>", "<w:del/>"),
            "<w:pPr><w:jc/><w:rPr><w:del/><w:b/></w:rPr></w:pPr>"
        );
        assert_eq!(
            mark_ppr("<w:pPr><w:jc/><w:sectPr/></w:pPr>", "<w:del/>"),
            "<w:pPr><w:jc/><w:rPr><w:del/></w:rPr><w:sectPr/></w:pPr>"
        );
    }
}
