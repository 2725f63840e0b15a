//! Fonts: the bundled open fonts (embedded in the binary) plus any the user points at.
//!
//! Each typographic role of the 公文 style (title 小标宋, body 仿宋, headings 黑体 / 楷体,
//! page numbers 宋体) gets a fallback list: the user's licensed font first when one is
//! found, then the bundled substitute. Typst falls back glyph by glyph along the list, so
//! a user font missing a rare character still prints it from the bundled one. After the
//! Fandol face comes a Noto CJK SC subset holding exactly the characters of the
//! 通用规范汉字表 that Fandol lacks (fonts/fetch-fonts.sh), so every character a person or
//! a place may be named with prints in every role.

use std::path::Path;
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The bundled fonts, embedded so the tool works on a machine without Chinese fonts.
/// Typst sees Fandol faces under the family names "FandolSong", "FandolFang R" etc.
const BUNDLED: &[(&str, &[u8])] = &[
    (
        "FandolSong-Regular.otf",
        include_bytes!("../../fonts/FandolSong-Regular.otf"),
    ),
    (
        "FandolSong-Bold.otf",
        include_bytes!("../../fonts/FandolSong-Bold.otf"),
    ),
    (
        "FandolFang-Regular.otf",
        include_bytes!("../../fonts/FandolFang-Regular.otf"),
    ),
    (
        "FandolHei-Regular.otf",
        include_bytes!("../../fonts/FandolHei-Regular.otf"),
    ),
    (
        "FandolHei-Bold.otf",
        include_bytes!("../../fonts/FandolHei-Bold.otf"),
    ),
    (
        "FandolKai-Regular.otf",
        include_bytes!("../../fonts/FandolKai-Regular.otf"),
    ),
    (
        "NotoSerifCJKsc-Regular-TGH.otf",
        include_bytes!("../../fonts/NotoSerifCJKsc-Regular-TGH.otf"),
    ),
    (
        "NotoSerifCJKsc-Bold-TGH.otf",
        include_bytes!("../../fonts/NotoSerifCJKsc-Bold-TGH.otf"),
    ),
    (
        "NotoSansCJKsc-Regular-TGH.otf",
        include_bytes!("../../fonts/NotoSansCJKsc-Regular-TGH.otf"),
    ),
    (
        "NotoSansCJKsc-Bold-TGH.otf",
        include_bytes!("../../fonts/NotoSansCJKsc-Bold-TGH.otf"),
    ),
];

/// Families of the fallback subsets (regular and bold faces each).
const FALLBACK_SERIF: &str = "Noto Serif CJK SC";
const FALLBACK_SANS: &str = "Noto Sans CJK SC";

/// A typographic role of the house style and the names that identify a user's font for it.
pub(crate) struct Role {
    /// Name of the Typst variable in the generated `roles.typ`.
    pub key: &'static str,
    /// Chinese name, for messages.
    pub label: &'static str,
    /// Family names (lower-cased) of commercial fonts that should win for this role.
    pub preferred: &'static [&'static str],
    /// The bundled family to fall back on.
    pub bundled: &'static str,
    /// The bundled subset for the 通用规范汉字表 characters `bundled` lacks.
    pub fallback: &'static str,
}

pub(crate) const ROLES: &[Role] = &[
    Role {
        key: "title",
        label: "标题（小标宋）",
        preferred: &[
            "fzxiaobiaosong-b05s",
            "fzxiaobiaosong-b05",
            "方正小标宋简体",
            "方正小标宋_gbk",
            "fzxbsk--gbk1-0",
        ],
        bundled: "FandolSong",
        fallback: FALLBACK_SERIF,
    },
    Role {
        key: "body",
        label: "正文（仿宋）",
        preferred: &[
            "fangsong_gb2312",
            "仿宋_gb2312",
            "fangsong",
            "仿宋",
            "stfangsong",
        ],
        bundled: "FandolFang R",
        fallback: FALLBACK_SERIF,
    },
    Role {
        key: "hei",
        label: "一级标题（黑体）",
        preferred: &["simhei", "黑体", "stheiti"],
        bundled: "FandolHei",
        fallback: FALLBACK_SANS,
    },
    Role {
        key: "kai",
        label: "二级标题（楷体）",
        preferred: &["kaiti_gb2312", "楷体_gb2312", "kaiti", "楷体", "stkaiti"],
        bundled: "FandolKai",
        fallback: FALLBACK_SERIF,
    },
    Role {
        key: "song",
        label: "页码（宋体）",
        preferred: &["simsun", "宋体", "songti sc", "stsong"],
        bundled: "FandolSong",
        fallback: FALLBACK_SERIF,
    },
];

/// All fonts of one process, parsed once and shared by every document and thread.
pub struct FontSet {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
    /// For each role in `ROLES`, the family list handed to Typst (user font first).
    pub role_families: Vec<Vec<String>>,
    /// User fonts that won a role: (role label, family).
    pub user_choices: Vec<(&'static str, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("无法读取字体目录「{path}」：{source}")]
    Dir {
        path: String,
        source: std::io::Error,
    },
    #[error("字体文件「{0}」无法解析（不是有效的 TrueType/OpenType 字体）")]
    Invalid(String),
}

impl FontSet {
    /// The bundled fonts only.
    pub fn bundled() -> Self {
        Self::build(Vec::new())
    }

    /// The bundled fonts plus every font file found (recursively) in `dir`.
    pub(crate) fn with_user_dir(dir: &Path) -> Result<Self, FontError> {
        let mut user = Vec::new();
        let entries = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name();
        for entry in entries {
            let entry = entry.map_err(|e| FontError::Dir {
                path: dir.display().to_string(),
                source: e.into(),
            })?;
            let path = entry.path();
            let is_font = path
                .extension()
                .and_then(|e| e.to_str())
                .map(|e| {
                    matches!(
                        e.to_ascii_lowercase().as_str(),
                        "ttf" | "otf" | "ttc" | "otc"
                    )
                })
                .unwrap_or(false);
            if !entry.file_type().is_file() || !is_font {
                continue;
            }
            let data = std::fs::read(path).map_err(|source| FontError::Dir {
                path: path.display().to_string(),
                source,
            })?;
            let faces: Vec<Font> = Font::iter(Bytes::new(data)).collect();
            if faces.is_empty() {
                return Err(FontError::Invalid(path.display().to_string()));
            }
            user.extend(faces);
        }
        Ok(Self::build(user))
    }

    fn build(user: Vec<Font>) -> Self {
        let mut fonts: Vec<Font> = Vec::new();
        for (_, data) in BUNDLED {
            fonts.extend(Font::iter(Bytes::new(*data)));
        }
        let mut role_families = Vec::new();
        let mut user_choices = Vec::new();
        for role in ROLES {
            let mut families = Vec::new();
            // Prefer in the order the role lists its names, so 仿宋_GB2312 beats plain 仿宋.
            for wanted in role.preferred {
                if let Some(font) = user
                    .iter()
                    .find(|f| f.info().family.to_lowercase() == *wanted)
                {
                    let family = font.info().family.clone();
                    if !families.contains(&family) {
                        user_choices.push((role.label, family.clone()));
                        families.push(family);
                    }
                    break;
                }
            }
            families.push(role.bundled.to_string());
            families.push(role.fallback.to_string());
            role_families.push(families);
        }
        fonts.extend(user);
        let book = FontBook::from_fonts(&fonts);
        FontSet {
            book: LazyHash::new(book),
            fonts,
            role_families,
            user_choices,
        }
    }

    /// The generated `roles.typ`: one family list per role, imported by the house style.
    pub(crate) fn roles_typst(&self) -> String {
        let mut out =
            String::from("// 由 junheng 生成：各字体角色的字体族列表（用户字体优先）。\n");
        for (role, families) in ROLES.iter().zip(&self.role_families) {
            let list: Vec<String> = families
                .iter()
                .map(|f| super::escape::typst_string(f))
                .collect();
            out.push_str(&format!(
                "#let font-{} = ({},)\n",
                role.key,
                list.join(", ")
            ));
        }
        out
    }

    /// Whether some font in the set has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.fonts
            .iter()
            .any(|f| f.info().coverage.contains(c as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_parse_and_families_exist() {
        let set = FontSet::bundled();
        assert_eq!(set.fonts.len(), BUNDLED.len());
        for role in ROLES {
            assert!(
                set.book.contains_family(&role.bundled.to_lowercase()),
                "bundled family {} missing",
                role.bundled
            );
        }
    }

    /// The 通用规范汉字表 (fonts/TGH-8105.txt, generated from Unihan's kTGH field).
    fn tgh_list() -> Vec<char> {
        include_str!("../../fonts/TGH-8105.txt")
            .lines()
            .filter(|l| l.starts_with("U+"))
            .filter_map(|l| l.split('\t').nth(1)?.chars().next())
            .collect()
    }

    #[test]
    fn every_role_prints_all_of_the_tongyong_guifan_list_regular_and_bold() {
        use typst::text::{FontStretch, FontStyle, FontVariant, FontWeight};
        let list = tgh_list();
        assert_eq!(list.len(), 8105);
        let set = FontSet::bundled();
        for (role, families) in ROLES.iter().zip(&set.role_families) {
            assert_eq!(
                families,
                &vec![role.bundled.to_string(), role.fallback.to_string()]
            );
            for weight in [FontWeight::REGULAR, FontWeight::BOLD] {
                let variant = FontVariant::new(FontStyle::Normal, weight, FontStretch::NORMAL);
                let faces: Vec<&Font> = families
                    .iter()
                    .filter_map(|f| set.book.select(&f.to_lowercase(), variant))
                    .filter_map(|i| set.fonts.get(i))
                    .collect();
                assert_eq!(faces.len(), 2, "{} {weight:?}", role.label);
                let missing: String = list
                    .iter()
                    .filter(|c| !faces.iter().any(|f| f.info().coverage.contains(**c as u32)))
                    .collect();
                assert!(
                    missing.is_empty(),
                    "{} {weight:?}: {} characters missing: {missing}",
                    role.label,
                    missing.chars().count()
                );
            }
        }
    }

    #[test]
    fn fallback_faces_hold_only_what_fandol_lacks() {
        // Subsetting to the gap keeps the binary small and leaves every character Fandol
        // has to Fandol, so documents without rare characters do not change.
        let set = FontSet::bundled();
        let fandol: Vec<&Font> = set
            .fonts
            .iter()
            .filter(|f| f.info().family.starts_with("Fandol"))
            .collect();
        assert_eq!(fandol.len(), 6);
        let gap = tgh_list()
            .into_iter()
            .filter(|c| !fandol[0].info().coverage.contains(*c as u32))
            .count();
        assert_eq!(gap, 1467);
        for c in "均衡清禾区县一二三".chars() {
            assert!(fandol.iter().all(|f| f.info().coverage.contains(c as u32)));
        }
        for c in "堃喆玥珺昇䶮赟犇旸燊翀镕".chars() {
            assert!(!fandol[0].info().coverage.contains(c as u32), "{c}");
            assert!(set.covers(c), "{c}");
        }
    }

    #[test]
    fn bundled_fonts_cover_gb2312_punctuation_used_in_documents() {
        let set = FontSet::bundled();
        for c in "〔〕（）《》“”、，。：；！？—…·√×％一二三四五六七八九十区县市均衡优质".chars()
        {
            assert!(set.covers(c), "no bundled glyph for {c}");
        }
    }
}
