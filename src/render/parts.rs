//! Laying out one long document as independent parts, in parallel, then joining them.
//!
//! A large county's 自评报告 is mostly annexes, each starting on a new page and needing
//! nothing from the pages before it except the page number in its footer. Templates mark
//! those boundaries with comment lines (invisible to Typst, so the emitted `.typ` file
//! is still one ordinary document):
//!
//! ```text
//! #show: gongwen.with(…)
//! // junheng:preamble-end        ← everything above is repeated at the top of each part
//! …body…
//! // junheng:part                ← a new part (portrait pages)
//! #annex(number: 1)…
//! // junheng:part landscape      ← a new part that starts on landscape pages
//! ```
//!
//! Each part is compiled with its footer switched off. The page numbers are then typeset
//! in one small document of empty pages of the same sizes, and each page's footer items
//! are appended to the matching content page, exactly where and in the order in which
//! Typst's own page finalisation would have put them. A test checks that the joined PDF
//! is byte-identical to compiling the whole document in one go.

use typst::layout::{Abs, FrameItem};
use typst::model::Document;
use typst_layout::{Page, PagedDocument};

/// Marks the end of the preamble that every part repeats.
pub(crate) const PREAMBLE_END: &str = "// junheng:preamble-end";
/// Starts a new part; `landscape` after it means the part's first page is landscape.
pub(crate) const PART: &str = "// junheng:part";

/// Switches the footer off in a part: page numbers are added after joining.
const NO_FOOTER: &str = "#set page(footer: none)\n";
/// The page setting a `landscape` part starts with (the house style's landscape pages).
const LANDSCAPE: &str = "#set page(flipped: true, margin: landscape-margin)\n";

/// The sources of the parts of `markup`, or None when it has no part markers (or only
/// one part), in which case it is compiled whole.
pub fn split(markup: &str) -> Option<Vec<String>> {
    let (preamble, body) = split_once_line(markup, PREAMBLE_END)?;
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut landscape = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if let Some(rest) = trimmed.strip_prefix(PART)
            && (rest.is_empty() || rest.starts_with(' '))
        {
            parts.push(part_source(preamble, landscape, &current));
            current.clear();
            landscape = rest.trim() == "landscape";
            continue;
        }
        current.push_str(line);
    }
    parts.push(part_source(preamble, landscape, &current));
    (parts.len() > 1).then_some(parts)
}

/// Text before and after the first line that is exactly `marker` (the marker line
/// itself belongs to neither).
fn split_once_line<'a>(text: &'a str, marker: &str) -> Option<(&'a str, &'a str)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == marker {
            let before = text.get(..offset)?;
            let after = text.get(offset + line.len()..)?;
            return Some((before, after));
        }
        offset += line.len();
    }
    None
}

fn part_source(preamble: &str, landscape: bool, body: &str) -> String {
    let mut source = String::with_capacity(preamble.len() + body.len() + 128);
    source.push_str(preamble);
    if !preamble.ends_with('\n') {
        source.push('\n');
    }
    source.push_str(NO_FOOTER);
    if landscape {
        source.push_str(LANDSCAPE);
    }
    source.push_str(body);
    source
}

/// A rough estimate of the time a part (or a whole document) takes to lay out, in
/// arbitrary units, for ordering the work: table cells dominate it. Measured on the
/// benchmark counties (300 and 1,000 schools, one thread, within about 20 %): a string
/// cell (`"…",`) costs 1 unit, a content cell (`[…],`) 3 on portrait pages and 2 on
/// landscape ones (wider columns, fewer lines to break), and prose about 5 units per KB.
/// Markup bytes alone are a poor guide: the plan's problem list and its body are both
/// 73 KB at 1,000 schools, yet the list takes five times as long.
pub(crate) fn layout_cost(source: &str) -> u64 {
    let string_cells = source.matches("\",").count() as u64;
    let content_cells = source.matches("],").count() as u64;
    let per_content_cell = if source.contains(LANDSCAPE) { 2 } else { 3 };
    string_cells + per_content_cell * content_cells + source.len() as u64 * 5 / 1000
}

/// Largest total [`layout_cost`] of the documents of one build. Measured on synthetic
/// counties (`examples/synth_county.rs`, schools with all their classes): the cost
/// grows by about 47 per school, and under a 2 GB address-space limit 1,500 schools
/// (70,000) build in 0.9 GB while 2,000 (93,000) abort. So about [`BUDGET_SCHOOLS`].
pub(crate) const MAX_LAYOUT_COST: u64 = 72_000;
/// The size of county [`MAX_LAYOUT_COST`] allows, for the refusal's message.
pub(crate) const BUDGET_SCHOOLS: usize = 1_500;

/// The Typst source of the footer document: one empty page per content page, portrait
/// or landscape as the content page is, each carrying the footer the house style would
/// print on it (its number given outright, so one layout pass suffices).
pub(crate) fn footer_source(parts: &[&PagedDocument]) -> String {
    let pages: Vec<String> = parts
        .iter()
        .flat_map(|d| d.pages())
        .zip(1u64..)
        .map(|(p, number)| {
            let size = p.frame.size();
            format!("({}, {number})", size.x > size.y)
        })
        .collect();
    format!(
        "#import \"house.typ\": *\n#show: gongwen\n#footer-pages(({},))\n",
        pages.join(", ")
    )
}

/// Why two page sets cannot be joined; a bug in a template or the house style if ever
/// seen, so the caller falls back to compiling the whole document.
#[derive(Debug)]
pub struct Mismatch;

/// Join the parts' pages, appending to each the footer items of the matching page of
/// `footers`. Returns the joined document.
pub fn join(parts: &[&PagedDocument], footers: &PagedDocument) -> Result<PagedDocument, Mismatch> {
    let info = parts.first().ok_or(Mismatch)?.info().clone();
    let mut pages: Vec<Page> = parts
        .iter()
        .flat_map(|d| d.pages().iter().cloned())
        .collect();
    if pages.len() != footers.pages().len() {
        return Err(Mismatch);
    }
    for (number, (page, footer)) in (1u64..).zip(pages.iter_mut().zip(footers.pages())) {
        if !same_size(page, footer) {
            return Err(Mismatch);
        }
        // Tags only feed introspection; the footer page's own would duplicate the
        // content page's. Everything else is the footer, already at page position.
        for (pos, item) in footer.frame.items() {
            if !matches!(item, FrameItem::Tag(_)) {
                page.frame.push(*pos, item.clone());
            }
        }
        page.number = number;
    }
    Ok(PagedDocument::new(pages.into_iter().collect(), info))
}

fn same_size(a: &Page, b: &Page) -> bool {
    let (sa, sb) = (a.frame.size(), b.frame.size());
    let close = |x: Abs, y: Abs| (x - y).abs() < Abs::pt(0.01);
    close(sa.x, sb.x) && close(sa.y, sb.y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_markers_means_compile_whole() {
        assert!(split("#import \"house.typ\": *\n正文\n").is_none());
        assert!(split("前\n// junheng:preamble-end\n正文\n").is_none());
    }

    #[test]
    fn layout_cost_counts_cells_and_weighs_portrait_content_cells_more() {
        let strings = "#table(\"a\", \"b\", \"c\",\n\"d\",)\n";
        let content = "#table([a], [b], [c],\n[d],)\n";
        assert_eq!(layout_cost(strings), 4);
        assert_eq!(layout_cost(content), 12);
        let landscape = format!("{LANDSCAPE}{content}");
        assert_eq!(layout_cost(&landscape), 8);
        // Prose: 5 units per KB.
        assert_eq!(layout_cost(&"字".repeat(2000)), 30);
    }

    #[test]
    fn parts_repeat_the_preamble_and_switch_the_footer_off() {
        let markup = "导言\n// junheng:preamble-end\n甲\n// junheng:part\n乙\n// junheng:part landscape\n丙\n丁\n";
        let parts = split(markup).unwrap_or_default();
        assert_eq!(
            parts,
            vec![
                format!("导言\n{NO_FOOTER}甲\n"),
                format!("导言\n{NO_FOOTER}乙\n"),
                format!("导言\n{NO_FOOTER}{LANDSCAPE}丙\n丁\n"),
            ]
        );
    }

    #[test]
    fn a_marker_must_be_the_whole_line() {
        let markup = "导言\n// junheng:preamble-end\n甲 // junheng:part\n// junheng:particle\n乙\n";
        assert!(split(markup).is_none());
    }
}
