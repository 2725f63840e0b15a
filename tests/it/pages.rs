//! Page layout of every sample, read back as word boxes (`common::pdf`, the boxes that
//! `pdftotext -bbox` gives): no page holding only a
//! 附件说明, 落款 or table note; the 附件说明 above the 落款; titles broken between words in
//! balanced lines; headings indented like the body; landscape page numbers where the
//! portrait pages have them; no product name in a filing; rows kept together.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub(crate) const COUNTIES: [&str; 6] = ["清禾区", "松溪区", "芦浦区", "鼓林县", "青杨区", "石门区"];
pub(crate) const DOCUMENTS: [&str; 3] = ["实施方案", "责任清单", "自评报告"];
/// Words a title line must never break inside (besides the county's name).
const WORDS: [&str; 5] = ["实施方案", "自评报告", "责任清单", "义务教育", "优质均衡"];

pub(crate) use crate::common::pdf::{Page, Word};

impl Page {
    pub fn landscape(&self) -> bool {
        self.width > self.height
    }

    /// Text lines (words grouped by their top edge), page numbers left out.
    pub fn lines(&self) -> Vec<String> {
        self.placed_lines().into_iter().map(|(_, l)| l).collect()
    }

    /// Text lines with their top edge, words left to right (table cells come in the
    /// content stream in any order).
    fn placed_lines(&self) -> Vec<(f64, String)> {
        let mut lines: Vec<(f64, Vec<&Word>)> = Vec::new();
        for w in &self.words {
            if w.text.chars().all(|c| c == '—' || c.is_ascii_digit()) {
                continue;
            }
            match lines.iter_mut().find(|(y, _)| (y - w.y0).abs() < 2.0) {
                Some((_, line)) => line.push(w),
                None => lines.push((w.y0, vec![w])),
            }
        }
        lines.sort_by(|a, b| a.0.total_cmp(&b.0));
        lines
            .into_iter()
            .map(|(y, mut words)| {
                words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                (y, words.iter().map(|w| w.text.as_str()).collect())
            })
            .collect()
    }
}

pub(crate) fn pages(pdf: &Path) -> Vec<Page> {
    crate::common::pdf::pages(pdf)
}

/// Every sample built once (the folder build), shared by the tests of this module.
pub(crate) fn built() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let o = run!("build", samples, "-o", out, "--date", "2026-03-16");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        (dir, out)
    });
    out
}

fn each_pdf() -> Vec<(String, Vec<Page>)> {
    let mut all = Vec::new();
    for county in COUNTIES {
        for doc in DOCUMENTS {
            let pdf = built().join(county).join(format!("{doc}.pdf"));
            all.push((format!("{county}{doc}"), pages(&pdf)));
        }
    }
    all
}

#[test]
fn no_page_holds_only_an_attachment_note_a_signature_or_a_table_note() {
    let mut bad = Vec::new();
    for (name, pages) in each_pdf() {
        for (i, page) in pages.iter().enumerate() {
            let lines = page.lines();
            let Some(first) = lines.first() else {
                bad.push(format!("{name} p{}: empty", i + 1));
                continue;
            };
            let date_only = lines.len() <= 3
                && lines
                    .last()
                    .is_some_and(|l| l.ends_with('日') && l.contains('年') && l.contains('月'));
            if first.starts_with("附件：") || first.starts_with("注：") || date_only {
                bad.push(format!("{name} p{}: {lines:?}", i + 1));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn the_attachment_note_stands_above_the_signature() {
    for county in COUNTIES {
        for doc in ["实施方案", "自评报告"] {
            let pages = pages(&built().join(county).join(format!("{doc}.pdf")));
            let page = pages
                .iter()
                .find(|p| p.words.iter().any(|w| w.text.starts_with("附件：")))
                .unwrap_or_else(|| panic!("{county}{doc}: no 附件说明"));
            let attachment = page
                .words
                .iter()
                .find(|w| w.text.starts_with("附件："))
                .map(|w| w.y0)
                .unwrap_or_default();
            // The 成文日期 of the 落款: a line ending in 日 on the same page.
            let date = page
                .placed_lines()
                .into_iter()
                .filter(|(_, l)| l.ends_with('日') && l.contains('年') && l.chars().count() < 14)
                .map(|(y, _)| y)
                .fold(f64::NAN, f64::max);
            assert!(
                date > attachment,
                "{county}{doc}: 附件说明 (y {attachment}) must come before the 落款 (y {date})"
            );
        }
    }
}

/// Title lines: the words set in 2号 (22pt boxes), grouped into lines.
fn title_lines(page: &Page) -> Vec<String> {
    let title = Page {
        width: page.width,
        height: page.height,
        words: page
            .words
            .iter()
            .filter(|w| (w.y1 - w.y0 - 22.0).abs() < 0.5)
            .map(|w| Word {
                text: w.text.clone(),
                ..*w
            })
            .collect(),
        text: String::new(),
    };
    title.lines()
}

#[test]
fn titles_break_between_words_in_balanced_lines() {
    let mut checked = 0;
    for (county, (name, pages)) in COUNTIES
        .iter()
        .flat_map(|c| std::iter::repeat_n(c, DOCUMENTS.len()))
        .zip(each_pdf())
    {
        for (i, page) in pages.iter().enumerate() {
            let lines = title_lines(page);
            for pair in lines.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                for word in WORDS.iter().copied().chain([*county]) {
                    assert!(
                        !broken_inside(a, b, word),
                        "{name} p{}: title broken inside {word}: {a} / {b}",
                        i + 1
                    );
                }
                checked += 1;
            }
            if lines.len() == 2 {
                let (a, b) = (lines[0].chars().count(), lines[1].chars().count());
                assert!(
                    a.abs_diff(b) <= 6,
                    "{name} p{}: unbalanced title lines {lines:?}",
                    i + 1
                );
            }
        }
    }
    assert!(checked > 10, "only {checked} title line breaks found");
}

#[test]
fn headings_are_indented_like_the_body() {
    let pages = pages(&built().join("清禾区").join("实施方案.pdf"));
    let mut headings = 0;
    for page in pages.iter().filter(|p| !p.landscape()) {
        // The left edge of the type area: 28 mm.
        let left = 28.0 / 25.4 * 72.0;
        for w in &page.words {
            let heading = [
                "一、",
                "二、",
                "三、",
                "四、",
                "五、",
                "六、",
                "（一）",
                "（二）",
            ]
            .iter()
            .any(|h| w.text.starts_with(h))
                // A 段首引语 “（一）……。” opens a justified paragraph, not a heading.
                && !w.text.contains('。');
            if heading && (w.y1 - w.y0 - 16.0).abs() < 0.5 {
                // Two 三号 characters (2 × 16pt), as every paragraph's first line.
                assert!(
                    (w.x0 - left - 32.0).abs() < 0.5,
                    "heading {} at {} (text edge {left})",
                    w.text,
                    w.x0
                );
                headings += 1;
            }
        }
    }
    assert!(headings >= 8, "only {headings} headings found");
}

#[test]
fn landscape_page_numbers_sit_where_the_portrait_ones_do() {
    let pages = pages(&built().join("清禾区").join("自评报告.pdf"));
    let mut landscape = 0;
    for (i, page) in pages.iter().enumerate() {
        let n = (i + 1).to_string();
        if !page.landscape() {
            continue;
        }
        landscape += 1;
        // The number in the margin, not the same figure in a table cell.
        let number = page
            .words
            .iter()
            .filter(|w| w.text == n)
            .min_by(|a, b| a.x1.total_cmp(&b.x1))
            .unwrap_or_else(|| panic!("p{n}: no page number"));
        // Turned with the page to portrait (table head to the left), the landscape
        // page's left edge is the portrait foot: the number stands in the left margin
        // (37 mm = 104.9 pt), in its lower half on odd pages, upper half on even ones.
        assert!(number.x1 < 104.9, "p{n}: page number at x {}", number.x1);
        let lower = number.y0 > page.height / 2.0;
        assert_eq!(
            lower,
            (i + 1) % 2 == 1,
            "p{n}: page number at y {}",
            number.y0
        );
    }
    assert!(landscape >= 3, "only {landscape} landscape pages");
}

#[test]
fn filings_name_neither_the_product_nor_a_unit_the_workbook_states_otherwise() {
    for (name, pages) in each_pdf() {
        for page in &pages {
            for w in &page.words {
                assert!(
                    !w.text.to_lowercase().contains("junheng"),
                    "{name}: {}",
                    w.text
                );
            }
            // Nor how the tool makes the filings (a county corrects its 申报材料).
            let text = page.lines().concat();
            assert!(!text.contains("重新生成"), "{name}: {text}");
        }
    }
    let plan = crate::common::pdf_text_squeezed(&built().join("鼓林县").join("实施方案.pdf"));
    // 鼓林县's 领导小组 names its bureau 县教育和体育局.
    assert!(plan.contains("办公室设在县教育和体育局"), "office unit");
    assert!(!plan.contains("办公室设在县教育局"), "office unit");
    // 青杨区 and 石门区 leave 4.1's units to the defaults: the unit is the 区委宣传部.
    for county in ["青杨区", "石门区"] {
        let duties = crate::common::pdf_text_squeezed(&built().join(county).join("责任清单.pdf"));
        assert!(duties.contains("区委宣传部"), "{county}");
        assert!(!duties.contains("区宣传部"), "{county}");
    }
}

#[test]
fn a_duty_row_stays_on_one_page_with_its_small_group() {
    // 松溪区 4.1: its four units must stay beside it, under the 社会认可度 label.
    let pages = pages(&built().join("松溪区").join("实施方案.pdf"));
    let page = pages
        .iter()
        .find(|p| p.lines().iter().any(|l| l.contains("4.1社会认可度")))
        .expect("the 4.1 row");
    let text: String = page.lines().concat();
    for unit in ["区委宣传部", "各街道办事处", "望江镇人民政府", "社会认可"] {
        assert!(text.contains(unit), "{unit} not beside 4.1: {text}");
    }
    assert!(text.contains("4.2"), "4.2 left its group: {text}");
}

#[test]
fn a_paragraph_opening_with_a_bracket_starts_exactly_at_the_indent() {
    // “（一）坚持……。” paragraphs and （一） headings: justification used to squeeze the
    // bracket's left half away, pulling it up to half a character left of the indent.
    let left = 28.0 / 25.4 * 72.0;
    let mut checked = 0;
    for doc in ["自评报告", "实施方案"] {
        for (i, page) in pages(&built().join("清禾区").join(format!("{doc}.pdf")))
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.landscape())
        {
            for w in &page.words {
                let mut chars = w.text.chars();
                let numbered = chars.next() == Some('（')
                    && chars
                        .next()
                        .is_some_and(|c| "一二三四五六七八九十".contains(c));
                if numbered && (w.y1 - w.y0 - 16.0).abs() < 0.5 && w.x0 < left + 40.0 {
                    assert!(
                        (w.x0 - left - 32.0).abs() < 0.1,
                        "{doc} p{}: {} at {} (indent at {})",
                        i + 1,
                        w.text,
                        w.x0,
                        left + 32.0
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} bracketed openings found");
}

/// On a page that opens with a table header: how many rows the first column numbers
/// (digits under the header's first cell, below the header, above the footer). None
/// when the first column is not a 序号.
fn numbered_rows(page: &Page) -> Option<usize> {
    let (top, _) = page.placed_lines().into_iter().next()?;
    // The header band: its cells may wrap (序/号 in a narrow column).
    let mut header: Vec<&Word> = page
        .words
        .iter()
        .filter(|w| w.y0 >= top - 2.0 && w.y0 < top + 16.0)
        .collect();
    header.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let first = header.first()?;
    if !first.text.starts_with('序') {
        return None;
    }
    let second = header.iter().find(|w| w.x0 > first.x1 + 1.0)?.x0;
    // Not the page number, which a landscape page has in its left margin.
    let left = first.x0 - 6.0;
    let top = header.iter().map(|w| w.y1).fold(top, f64::max);
    Some(
        page.words
            .iter()
            .filter(|w| {
                w.y0 > top
                    && w.y1 < page.height - 60.0
                    && w.x0 >= left
                    && w.x1 <= second
                    && !w.text.is_empty()
                    && w.text.chars().all(|c| c.is_ascii_digit())
            })
            .count(),
    )
}

#[test]
fn no_table_ends_with_a_lone_row_on_its_last_page() {
    // A page that opens with the repeated table header and holds one row besides it
    // (鼓林县's 责任清单 ended so: 单位/牵头指标/… and 县纪委监委 alone).
    let mut bad = Vec::new();
    let mut continued = 0;
    for (name, pages) in each_pdf() {
        for (i, pair) in pages.windows(2).enumerate() {
            let (before, page) = (&pair[0], &pair[1]);
            let lines = page.lines();
            let Some(first) = lines.first() else { continue };
            if !before.lines().contains(first) {
                continue;
            }
            continued += 1;
            if lines.len() <= 2 || numbered_rows(page) == Some(1) {
                bad.push(format!("{name} p{}: {lines:?}", i + 2));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
    assert!(
        continued >= 5,
        "only {continued} tables continued across pages"
    );
}

/// Words an 附件说明 line must not break inside: the titles' words and the annexes' own.
const ATTACHMENT_WORDS: [&str; 9] = [
    "实施方案",
    "自评报告",
    "责任清单",
    "义务教育",
    "优质均衡",
    "问题清单",
    "整改台账",
    "专用教室",
    "差异系数",
];

#[test]
fn attachment_names_break_between_words() {
    let mut checked = 0;
    for county in COUNTIES {
        for doc in ["实施方案", "自评报告"] {
            let pages = pages(&built().join(county).join(format!("{doc}.pdf")));
            let Some(page) = pages
                .iter()
                .find(|p| p.words.iter().any(|w| w.text.starts_with("附件：")))
            else {
                panic!("{county}{doc}: no 附件说明");
            };
            let lines = page.lines();
            let from = lines
                .iter()
                .position(|l| l.starts_with("附件："))
                .unwrap_or_default();
            for pair in lines[from..].windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                for word in ATTACHMENT_WORDS.iter().copied().chain([county]) {
                    assert!(
                        !broken_inside(a, b, word),
                        "{county}{doc}: 附件说明 broken inside {word}: {a} / {b}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 12, "only {checked} 附件说明 line pairs seen");
}

/// Table headers that must not wrap inside a word: the cell's text, split as a too
/// narrow column would split it, is found as one word above the other.
const HEADER_SPLITS: [(&str, &str); 11] = [
    ("序", "号"),
    ("小学生", "数"),
    ("初中生", "数"),
    ("达标", "校"),
    ("达标", "项"),
    ("高学", "历教师"),
    ("多媒", "体教室"),
    ("指", "标"),
    ("差异系", "数"),
    ("学校（学", "段）"),
    ("完成时", "限"),
];

#[test]
fn table_headers_do_not_wrap_inside_a_word() {
    let mut bad = Vec::new();
    for county in COUNTIES {
        for doc in DOCUMENTS {
            let pdf = built().join(county).join(format!("{doc}.pdf"));
            for (i, page) in pages(&pdf).iter().enumerate() {
                for (head, tail) in HEADER_SPLITS {
                    for h in page.words.iter().filter(|w| w.text == head) {
                        let below = page.words.iter().any(|w| {
                            // In the same cell: the two overlap across.
                            w.text == tail
                                && w.x0 < h.x1
                                && w.x1 > h.x0
                                && w.y0 > h.y0
                                && w.y0 - h.y0 < 2.0 * (h.y1 - h.y0)
                        });
                        if below {
                            bad.push(format!("{county}{doc} p{}: {head}/{tail}", i + 1));
                        }
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

/// A lead-in ending in “如下：” stands on the page of the table it announces.
#[test]
fn the_status_table_lead_in_stays_with_its_table() {
    for county in COUNTIES {
        let pages = pages(&built().join(county).join("实施方案.pdf"));
        let page = pages
            .iter()
            .find(|p| p.lines().concat().contains("国家标准与现状如下"))
            .unwrap_or_else(|| panic!("{county}: no status table lead-in"));
        let text = page.lines().concat();
        assert!(
            text.contains("生均教学仪器设备值"),
            "{county}: the lead-in stands apart from its table: {text}"
        );
    }
}

/// The 各单位承担指标汇总 gives each unit's name on one line (县人力资源和社会保障局 is
/// the longest the samples use).
#[test]
fn the_unit_summary_keeps_unit_names_whole() {
    for county in COUNTIES {
        let pages = pages(&built().join(county).join("责任清单.pdf"));
        let Some(start) = pages.iter().position(|p| {
            p.words
                .iter()
                .any(|w| w.text.contains("各单位承担指标汇总"))
        }) else {
            panic!("{county}: no unit summary");
        };
        for (i, page) in pages.iter().enumerate().skip(start) {
            let top = if i == start {
                page.words
                    .iter()
                    .find(|w| w.text.contains("各单位承担指标汇总"))
                    .map_or(0.0, |w| w.y0)
            } else {
                0.0
            };
            for w in page.words.iter().filter(|w| w.y0 > top) {
                assert!(
                    !w.text.starts_with("障局"),
                    "{county}责任清单 p{}: a unit name broken: {}",
                    i + 1,
                    w.text
                );
            }
        }
    }
}

/// The 自评报告's table of the seven resource indicators never leaves a row alone under
/// its header at the foot of a page: its first page holds its last row too.
#[test]
fn the_resource_table_of_the_report_is_not_split() {
    for county in COUNTIES {
        let pages = pages(&built().join(county).join("自评报告.pdf"));
        let page = pages
            .iter()
            .find(|p| {
                p.lines()
                    .iter()
                    .any(|l| l.contains("均值") && l.contains("标准"))
            })
            .unwrap_or_else(|| panic!("{county}: no resource table"));
        let text = page.lines().concat();
        assert!(
            text.contains("网络多媒体"),
            "{county}: the resource table is split: {text}"
        );
    }
}

/// Whether line `a` ends with the start of `word` and line `b` goes on with its rest.
fn broken_inside(a: &str, b: &str, word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    (1..chars.len()).any(|k| {
        let head: String = chars[..k].iter().collect();
        let tail: String = chars[k..].iter().collect();
        a.ends_with(&head) && b.starts_with(&tail)
    })
}
