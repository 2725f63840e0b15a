//! Turning workbook strings into literal Typst text.
//!
//! Strings from a workbook are data, never Typst code. In markup, a backslash before any
//! non-whitespace character (other than `u{`) makes that character literal, so every ASCII
//! punctuation character is escaped; that also defuses `//` comments, `http://` links,
//! list markers at line start, smart quotes and labels. Newlines (and the Unicode line
//! and paragraph separators) become explicit line breaks; other control characters are
//! dropped (Typst would reject or misplace them). `tests/it/fuzz_escape.rs` compiles random
//! hostile strings through both functions and checks that the PDF shows them literally.

/// Bidirectional embedding, override and isolate controls: in a workbook they can only
/// make printed text read differently from what was typed (U+202E reverses it), so
/// they are dropped.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Longest run of ASCII letters, digits and punctuation left without a break
/// opportunity: Typst breaks Chinese text anywhere but a run like a 32,767-character
/// name or a long URL only at spaces, and it would run off the page (out of its table
/// cell). A zero-width space after every so many characters lets it wrap.
const MAX_UNBROKEN: usize = 24;

/// Escape `text` for Typst markup (content) context.
pub fn typst_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut chars = text.chars().peekable();
    let mut run = 0usize;
    while let Some(c) = chars.next() {
        if c.is_ascii_graphic() {
            run += 1;
            if run > MAX_UNBROKEN {
                out.push('\u{200B}');
                run = 1;
            }
        } else {
            run = 0;
        }
        match c {
            '\r' => {
                // \r\n and lone \r both end a line.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\ ");
            }
            // Typst also ends a line at U+2028/U+2029: make them explicit breaks too.
            '\n' | '\u{2028}' | '\u{2029}' => out.push_str("\\ "),
            '\t' => out.push(' '),
            c if c.is_control() || is_bidi_control(c) => {}
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A Typst string literal (code context), quotes included.
pub fn typst_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_every_ascii_punctuation() {
        assert_eq!(typst_markup("#emph[x]"), "\\#emph\\[x\\]");
        assert_eq!(typst_markup("a*b_c"), "a\\*b\\_c");
        assert_eq!(typst_markup("http://x"), "http\\:\\/\\/x");
        assert_eq!(typst_markup("\\"), "\\\\");
        assert_eq!(typst_markup("清禾区"), "清禾区");
    }

    #[test]
    fn markup_newlines_become_breaks() {
        assert_eq!(typst_markup("甲\n乙"), "甲\\ 乙");
        assert_eq!(typst_markup("甲\r\n乙"), "甲\\ 乙");
        assert_eq!(typst_markup("甲\u{7}乙"), "甲乙");
        assert_eq!(typst_markup("甲\u{202E}乙丙"), "甲乙丙");
        assert_eq!(typst_markup("甲\u{2028}= 乙"), "甲\\ \\= 乙");
    }

    #[test]
    fn long_unbroken_runs_get_break_opportunities() {
        let long = "a".repeat(49);
        let out = typst_markup(&long);
        assert_eq!(out.matches('\u{200B}').count(), 2);
        assert_eq!(out.replace('\u{200B}', ""), long);
        assert_eq!(
            typst_markup("jiaoyuju@qinghe.gov.cn 0571"),
            "jiaoyuju\\@qinghe\\.gov\\.cn 0571"
        );
    }

    #[test]
    fn string_literal_escapes_quotes_and_backslashes() {
        assert_eq!(typst_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
