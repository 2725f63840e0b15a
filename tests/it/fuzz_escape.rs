//! Property test for the Typst escaping: any string, put into a template value, renders
//! literally and compiles. Random strings over a hostile alphabet (Typst markup and code
//! syntax, minijinja delimiters, backslashes, newlines, CJK, full-width punctuation,
//! control and bidi characters) go through the project's own template environment in
//! every position a template uses (paragraph, heading, list item, table cell, emphasis,
//! a `|str` code value), are compiled in-process by the project's Renderer, and the
//! PDF's text (read back by `common::pdf`) must contain each string as written.
//!
//! `JUNHENG_FUZZ_CASES` sets the number of documents (default 3, 40 strings each);
//! `JUNHENG_FUZZ_SEED` varies the stream.

use junheng::model::Date;
use junheng::render::escape::{typst_markup, typst_string};
use junheng::render::fonts::FontSet;
use junheng::render::{Renderer, template_environment};

use crate::common::fuzz::{Rng, env_number};

fn documents() -> usize {
    (env_number("JUNHENG_FUZZ_CASES", 300) / 100).max(1) as usize
}

fn seed() -> u64 {
    env_number("JUNHENG_FUZZ_SEED", 20_260_316)
}

/// Pieces random strings are made of: single characters and whole syntax fragments.
const PIECES: &[&str] = &[
    "#",
    "[",
    "]",
    "{",
    "}",
    "*",
    "_",
    "$",
    "\\",
    "/",
    "<",
    ">",
    "@",
    "=",
    "-",
    "+",
    "~",
    "'",
    "\"",
    "`",
    ":",
    ";",
    ",",
    ".",
    "(",
    ")",
    "!",
    "?",
    "%",
    "&",
    "^",
    "|",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    "{{ ",
    " }}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{{ x }}",
    "{% if 1 %}",
    "{% endif %}",
    "//",
    "/*",
    "*/",
    "http://a.b/c",
    "1. ",
    "- ",
    "+ ",
    "= ",
    "== ",
    "/ x: ",
    "--",
    "---",
    "...",
    "-?",
    "\\u{41}",
    "#set page(width: 1cm)",
    "#panic(\"x\")",
    "#import \"/etc/passwd\"",
    "$x^2$",
    "<lbl>",
    "@lbl",
    "```",
    "a",
    "Z",
    "9",
    "0",
    "清",
    "禾",
    "区",
    "学",
    "校",
    "（",
    "）",
    "、",
    "，",
    "。",
    "：",
    "；",
    "“",
    "”",
    "《",
    "》",
    "—",
    "…",
    "％",
    "１",
    "√",
    "×",
    "\u{3000}",
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "\u{202E}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
];

fn hostile(rng: &mut Rng) -> String {
    let n = 1 + rng.below(12);
    (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

const TEMPLATE: &str = r#"#set page(width: 16cm, height: auto, margin: 1cm)
#set text(font: ("FandolSong",), lang: "zh", size: 9pt)
{% for s in strings %}
== 标题{{ s }}
{{ s }}

- 列表{{ s }}
#table(columns: 2, [{{ s }}], [格])
#emph[{{ s }}] #strong[{{ s }}]
#let v = {{ s|str }}
#text(v)

{% endfor %}
"#;

fn markup_for(strings: &[String]) -> String {
    let mut env = template_environment();
    env.add_template_owned("fuzz.typ.j2", TEMPLATE.to_string())
        .expect("template");
    env.get_template("fuzz.typ.j2")
        .expect("get")
        .render(minijinja::context! { strings => strings })
        .expect("render")
}

/// What the PDF must show for `s`, compared without whitespace: the escaper drops
/// control and bidi-override characters and turns line breaks into Typst line breaks;
/// zero-width characters are not compared (a PDF may or may not map them to text).
fn visible(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_control()
                && !c.is_whitespace()
                && !matches!(
                    c,
                    '\u{200B}' | '\u{202E}' | '\u{FEFF}' | '\u{2028}' | '\u{2029}'
                )
        })
        .collect()
}

#[test]
fn any_string_in_any_position_compiles_and_prints_literally() {
    let renderer = Renderer::new(FontSet::bundled());
    let date = Date {
        year: 2026,
        month: 3,
        day: 16,
    };
    let mut rng = Rng::from_state(seed() | 1);
    let started = std::time::Instant::now();
    let mut strings_checked = 0usize;
    for doc in 0..documents() {
        let strings: Vec<String> = (0..40).map(|_| hostile(&mut rng)).collect();
        let markup = markup_for(&strings);
        let compiled = match renderer.compile(markup.clone(), date, "fuzz") {
            Ok(c) => c,
            Err(e) => {
                // Find the culprit: compile the strings one by one.
                for s in &strings {
                    let single = markup_for(std::slice::from_ref(s));
                    if let Err(e) = renderer.compile(single, date, "fuzz") {
                        panic!("document {doc}: {s:?} does not compile:\n{e}");
                    }
                }
                panic!("document {doc} does not compile:\n{e}");
            }
        };
        assert!(
            compiled.warnings.is_empty(),
            "document {doc}: {:?}",
            compiled.warnings
        );
        let text = crate::common::pdf::text_raw_of_bytes(&compiled.pdf);
        let text = visible(&text);
        for s in &strings {
            let want = visible(s);
            // Every position prints it: count at least six occurrences.
            let found = if want.is_empty() {
                6
            } else {
                text.matches(want.as_str()).count()
            };
            assert!(
                found >= 6,
                "document {doc}: {s:?} shown {found} times, not literally in every position"
            );
            strings_checked += 1;
        }
    }
    eprintln!(
        "escape fuzz: {} documents, {strings_checked} strings checked literally, {:.1} s",
        documents(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn escaped_markup_never_leaves_an_active_character() {
    // Cheap, many cases: after escaping, every ASCII punctuation is preceded by a
    // backslash, and no raw line break survives.
    let mut rng = Rng::from_state(seed() ^ 0xABCD);
    let cases = std::env::var("JUNHENG_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000usize);
    for _ in 0..cases {
        let s = hostile(&mut rng);
        let out = typst_markup(&s);
        let mut chars = out.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' {
                let next = chars.next();
                assert!(next.is_some(), "{s:?} → {out:?}: trailing backslash");
                continue;
            }
            assert!(
                !c.is_ascii_punctuation() && !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'),
                "{s:?} → {out:?}: active {c:?}"
            );
            assert!(!c.is_control(), "{s:?} → {out:?}: control {c:?}");
        }
        let lit = typst_string(&s);
        assert!(lit.starts_with('"') && lit.ends_with('"') && lit.len() >= 2);
        let inner = &lit[1..lit.len() - 1];
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => assert!(
                    matches!(chars.next(), Some('\\' | '"' | 'n' | 'r' | 't')),
                    "{s:?} → {lit:?}"
                ),
                '"' => panic!("{s:?} → {lit:?}: unescaped quote"),
                c => assert!(!c.is_control(), "{s:?} → {lit:?}"),
            }
        }
    }
}
