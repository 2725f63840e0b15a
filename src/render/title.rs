//! Title segments: a 公文 title breaks between words, never inside one. The house style's
//! `doc-title` takes the segments and lays them out in balanced lines (see house.typ).

/// Words a title line must not break inside, besides the county's own name. The
/// longest match wins at each position.
const WORDS: &[&str] = &[
    "义务教育",
    "优质均衡",
    "发展",
    "实施方案",
    "自评报告",
    "责任清单",
    "问题清单",
    "整改台账",
    "相关部门",
    "推进",
    "创建",
    "全国",
    "县域",
    "关于",
    "印发",
    "通知",
    "学校",
    "资源配置",
    "指标",
    "校际",
    "差异系数",
    "计算表",
    "达标情况",
    "名单",
    "规模",
    "班额",
    "音乐美术",
    "专用教室",
    "情况",
    "工作",
    "数据更正",
    "对照表",
    "汇总表",
];

/// Punctuation that belongs to the segment after it (opening) or before it (closing).
fn opens(c: char) -> bool {
    matches!(c, '《' | '“' | '‘' | '（' | '〔' | '［' | '(' | '[')
}

fn closes(c: char) -> bool {
    matches!(
        c,
        '》' | '”'
            | '’'
            | '）'
            | '〕'
            | '］'
            | ')'
            | ']'
            | '、'
            | '，'
            | '。'
            | '：'
            | '；'
            | '！'
            | '？'
            | '的'
    )
}

/// Cut `title` into the pieces a line may break between: protected words (`WORDS` and
/// `county`), runs of Latin letters and digits, and single characters; punctuation
/// clings to its word. Concatenated, the pieces are `title`.
pub(crate) fn segments(title: &str, county: &str) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    let county: Vec<char> = county.trim().chars().collect();
    let words: Vec<Vec<char>> = std::iter::once(county)
        .filter(|w| w.len() > 1)
        .chain(WORDS.iter().map(|w| w.chars().collect()))
        .collect();
    let mut pieces: Vec<String> = Vec::new();
    let mut pending_open = String::new();
    let mut at = 0;
    while let Some(&c) = chars.get(at) {
        if closes(c) && !pieces.is_empty() {
            if let Some(last) = pieces.last_mut() {
                last.push(c);
            }
            at += 1;
            continue;
        }
        if opens(c) {
            pending_open.push(c);
            at += 1;
            continue;
        }
        let rest = chars.get(at..).unwrap_or(&[]);
        let word = words
            .iter()
            .filter(|w| rest.starts_with(w))
            .map(Vec::len)
            .max();
        let len = match word {
            Some(n) => n,
            None if c.is_ascii_alphanumeric() || c == '.' => rest
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '.')
                .count(),
            None => 1,
        };
        let piece: String = rest.iter().take(len).collect();
        pieces.push(std::mem::take(&mut pending_open) + &piece);
        at += len.max(1);
    }
    if !pending_open.is_empty() {
        pieces.push(pending_open);
    }
    pieces
}

/// The segments as a Typst array of string literals, for `doc-title`.
pub(crate) fn typst_array(title: &str, county: &str) -> String {
    let items: Vec<String> = segments(title, county)
        .iter()
        .map(|s| super::escape::typst_string(s))
        .collect();
    if items.is_empty() {
        return "()".to_string();
    }
    format!("({},)", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_words_and_the_county_stay_whole() {
        let s = segments("清禾区相关部门推进义务教育优质均衡发展责任清单", "清禾区");
        assert_eq!(
            s,
            [
                "清禾区",
                "相关部门",
                "推进",
                "义务教育",
                "优质均衡",
                "发展",
                "责任清单"
            ]
        );
        let s = segments("鼓林县县域义务教育优质均衡发展自评报告", "鼓林县");
        assert_eq!(
            s,
            ["鼓林县", "县域", "义务教育", "优质均衡", "发展", "自评报告"]
        );
    }

    #[test]
    fn punctuation_clings_to_its_word_and_nothing_is_lost() {
        let title = "关于印发《松溪区义务教育优质均衡发展实施方案》的通知";
        let s = segments(title, "松溪区");
        assert_eq!(
            s,
            [
                "关于",
                "印发",
                "《松溪区",
                "义务教育",
                "优质均衡",
                "发展",
                "实施方案》的",
                "通知"
            ]
        );
        assert_eq!(s.concat(), title);
        let s = segments("资源配置7项指标达标情况（2025年）", "");
        assert_eq!(s.concat(), "资源配置7项指标达标情况（2025年）");
        assert!(s.contains(&"（2025".to_string()), "{s:?}");
    }

    #[test]
    fn the_typst_array_is_escaped() {
        assert_eq!(typst_array("a\"b", ""), "(\"a\", \"\\\"\", \"b\",)");
        assert_eq!(typst_array("", ""), "()");
    }
}
