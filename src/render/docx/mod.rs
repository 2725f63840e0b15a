//! The Word editions (.docx): the same markup as the PDF, exported through Typst's HTML
//! target and written as WordprocessingML.
//!
//! # One source
//!
//! Two designs were weighed. (a) A format-neutral document tree (headings, runs, tables,
//! sections) built by `documents/` and rendered by a Typst writer and a DOCX writer, as
//! pandoc does; (b) the minijinja templates stay the one source, and the Word file is
//! written from Typst's HTML export of the very markup the PDF is laid out from.
//!
//! A spike of (b) settled it: Typst's HTML export already gives the structure Word needs
//! (paragraphs, `strong`, `sup`, tables with `thead`, `colspan` and `rowspan`), `html.frame`
//! gives the charts laid out exactly as in the PDF, and the few things HTML does not say
//! (which paragraph is the 标题, the 成文日期, the 版记; a table's column widths; which
//! annex is landscape) are said by a short section at the end of `templates/house.typ`
//! that redefines the house functions only when `sys.inputs` asks for the Word edition.
//! The PDF never sees that section, so PDFs stay byte-identical, and a user's template
//! override (`--templates`) changes both editions at once. Design (a) would have meant
//! rewriting every template as Rust data, duplicating what the templates say today, and
//! giving up overridable templates for the PDF.
//!
//! # Writer
//!
//! The parts are written as text by [`write`], escaped with `quick-xml` and zipped with
//! `zip`, both already in the tree. `docx-rs` was considered: it would add a second XML
//! model and still need raw XML for the document grid, odd/even footers with a PAGE
//! field and East-Asian font declarations, which are most of what makes the file a 公文.

mod convert;
mod write;

use std::time::Instant;

use typst::layout::{Abs, Sides};
use typst::visualize::{Color, Paint};
use typst_html::HtmlDocument;

use super::fonts::ROLES;
use super::world::DocumentWorld;
use super::{RenderError, Renderer, describe_diagnostic, timing, typst_date};
use crate::model::Date;

pub use convert::SetupFonts;
pub use write::FontNames;

/// A written Word file.
pub struct Docx {
    pub bytes: Vec<u8>,
    /// Elements the HTML export dropped (content that would be missing from the .docx).
    pub dropped: Vec<String>,
    /// The text of every paragraph, in order (table cells row by row), for comparisons.
    pub paragraphs: Vec<String>,
}

/// Charts are rasterised at this many pixels per point (216 dpi).
const CHART_PIXELS_PER_PT: f64 = 3.0;

impl Renderer {
    /// The Word edition of a document from its markup. `date` fixes `today()`, the zip
    /// entry times and the core properties.
    pub fn docx(&self, markup: &str, date: Date, ident: &str) -> Result<Docx, RenderError> {
        self.docx_with(markup, date, ident, &[])
    }

    /// [`Renderer::docx`] for a document that reads `assets` (the narrative's pictures).
    pub fn docx_with(
        &self,
        markup: &str,
        date: Date,
        ident: &str,
        assets: &[super::Asset],
    ) -> Result<Docx, RenderError> {
        let started = Instant::now();
        let today = typst_date(date).ok_or(RenderError::World)?;
        let world = DocumentWorld::new(&self.fonts, markup.to_string(), &self.aux, today)
            .ok_or(RenderError::World)?
            .for_docx()
            .with_assets(assets);
        let warned = typst::compile::<HtmlDocument>(&world);
        let dropped: Vec<String> = warned
            .warnings
            .iter()
            .filter(|w| w.message.contains("ignored during HTML export"))
            // Page settings are read through the hints (an annex's orientation), and the
            // one page break of the templates (after the plan's notice) is where a second
            // title starts: neither is content.
            .filter(|w| {
                !w.message.starts_with("page set rule") && !w.message.starts_with("pagebreak")
            })
            .map(|w| describe_diagnostic(&world, w))
            .collect();
        let mut document = warned.output.map_err(|errors| {
            RenderError::Typst(
                self.locate(
                    errors
                        .iter()
                        .map(|e| describe_diagnostic(&world, e))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            )
        })?;
        let info = document.info_mut().clone();
        let body = convert::convert(document.root());
        let images: Vec<Vec<u8>> = body
            .images
            .iter()
            .map(chart_png)
            .collect::<Result<_, _>>()?;
        let title = info.title.as_deref().unwrap_or("");
        let author = info.author.first().map(|a| a.as_str()).unwrap_or("");
        let meta = write::Meta {
            title,
            author,
            date,
        };
        let fonts = self.docx_fonts(&body.setup.fonts, body.run_in_font.as_deref());
        let bytes = write::package(&body, &images, &fonts, &meta)
            .map_err(|e| RenderError::Docx(e.to_string()))?;
        timing::record("docx", timing::doc_of_ident(ident), started.elapsed());
        Ok(Docx {
            bytes,
            dropped,
            paragraphs: body.texts(),
        })
    }

    /// The Word font of each role the house style names (`setup`; the roles' own lists
    /// when it names none): the user's font when `--font-dir` gave one, otherwise the
    /// name Windows and WPS have. Never a bundled face (Fandol, Noto): no office PC has
    /// those, and Word would set the text in whatever it falls back on.
    pub fn docx_fonts(&self, setup: &SetupFonts, run_in: Option<&[String]>) -> FontNames {
        let pick = |given: Option<&Vec<String>>, key: &str| -> String {
            self.word_font(given.map(Vec::as_slice), key)
        };
        FontNames {
            title: pick(setup.title.as_ref(), "title"),
            body: pick(setup.body.as_ref(), "body"),
            h1: pick(setup.h1.as_ref(), "hei"),
            h2: pick(setup.h2.as_ref(), "kai"),
            h3: pick(setup.h3.as_ref(), "body"),
            hei: pick(setup.hei.as_ref(), "hei"),
            kai: self.word_font(run_in.or(setup.kai.as_deref()), "kai"),
            song: pick(setup.page.as_ref(), "song"),
        }
    }

    /// The Word name of a Typst family list, `role` being the role the place is set in
    /// by default.
    fn word_font(&self, families: Option<&[String]>, role: &str) -> String {
        let roles = || ROLES.iter().zip(&self.fonts.role_families);
        let Some(families) = families.filter(|f| !f.is_empty()) else {
            return self.role_word_name(role);
        };
        // One of the roles' lists (`font-kai`…): that role's name, the place's own role
        // first (the title's list is the 宋体 list until the user gives a 小标宋).
        if roles().any(|(r, list)| r.key == role && list.as_slice() == families) {
            return self.role_word_name(role);
        }
        for key in ["body", "hei", "kai", "song", "title"] {
            if roles().any(|(r, list)| r.key == key && list.as_slice() == families) {
                return self.role_word_name(key);
            }
        }
        let Some(first) = families.first() else {
            return self.role_word_name(role);
        };
        // A bundled face named on its own: the Windows face of the same design.
        let bundled = |name: &str| {
            let lower = name.to_lowercase();
            lower.starts_with("fandol") || lower.starts_with("noto ")
        };
        if bundled(first) {
            let lower = first.to_lowercase();
            let key = if lower.contains("fang") {
                "body"
            } else if lower.contains("hei") || lower.contains("sans") {
                "hei"
            } else if lower.contains("kai") {
                "kai"
            } else {
                "song"
            };
            return WINDOWS
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, name)| (*name).to_string())
                .unwrap_or_else(|| self.role_word_name(role));
        }
        // A family the house or the user's fonts name: Word looks it up by that name.
        first.clone()
    }

    /// A role's Word name: the user's font for it, else the Windows name.
    fn role_word_name(&self, key: &str) -> String {
        let user = ROLES
            .iter()
            .zip(&self.fonts.role_families)
            .find(|(role, _)| role.key == key)
            .and_then(|(role, families)| {
                let first = families.first()?;
                self.fonts
                    .user_choices
                    .iter()
                    .any(|(label, family)| *label == role.label && family == first)
                    .then(|| first.clone())
            });
        user.unwrap_or_else(|| {
            WINDOWS
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, name)| (*name).to_string())
                .unwrap_or_else(|| "宋体".to_string())
        })
    }
}

/// The faces of each role on a Chinese Windows (and in WPS), by their Chinese names as
/// Word writes them. 仿宋 rather than 仿宋_GB2312: Windows has shipped 仿宋 (FangSong)
/// since Vista and no longer ships 仿宋_GB2312, so a document naming the latter is set in
/// 宋体 on a stock PC; a bureau with the GB2312 faces gives them with `--font-dir`.
/// 方正小标宋简体 is not part of Windows: the font table declares 宋体 as its fallback.
const WINDOWS: [(&str, &str); 5] = [
    ("title", "方正小标宋简体"),
    ("body", "仿宋"),
    ("hei", "黑体"),
    ("kai", "楷体"),
    ("song", "宋体"),
];

/// A chart frame as a PNG on white.
fn chart_png(frame: &typst::layout::Frame) -> Result<Vec<u8>, RenderError> {
    let page = typst_layout::Page {
        frame: frame.clone(),
        bleed: Sides::splat(Abs::zero()),
        fill: typst::foundations::Smart::Custom(Some(Paint::Solid(Color::WHITE))),
        numbering: None,
        supplement: typst::foundations::Content::empty(),
        number: 1,
    };
    let pixmap = typst_render::render(
        &page,
        &typst_render::RenderOptions {
            pixel_per_pt: CHART_PIXELS_PER_PT.into(),
            render_bleed: false,
        },
    );
    pixmap
        .encode_png()
        .map_err(|e| RenderError::Docx(format!("图表图片编码失败：{e}")))
}

impl convert::Body {
    /// Every paragraph's text in order, table cells row by row.
    pub fn texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                convert::Block::Para(p) => out.push(p.text()),
                convert::Block::Table(t) => {
                    for row in &t.rows {
                        for cell in row {
                            for p in &cell.paras {
                                out.push(p.text());
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::DocumentKind;
    use crate::pipeline::{fill_templates, prepare};

    /// Bundled faces map to the Windows faces of their role (the title's list, the same
    /// as the 宋体 list, to 方正小标宋简体 in the title only); a font from `--font-dir`
    /// names its role wherever the house uses that role.
    #[test]
    fn word_fonts_are_windows_faces_or_the_users() {
        let bundled = Renderer::new(crate::render::fonts::FontSet::bundled());
        let list = |r: &Renderer, key: &str| {
            ROLES
                .iter()
                .zip(&r.fonts.role_families)
                .find(|(role, _)| role.key == key)
                .map(|(_, families)| families.clone())
        };
        let setup = SetupFonts {
            title: list(&bundled, "title"),
            page: list(&bundled, "song"),
            h1: list(&bundled, "hei"),
            h2: list(&bundled, "kai"),
            h3: list(&bundled, "body"),
            ..SetupFonts::default()
        };
        let names = bundled.docx_fonts(&setup, None);
        assert_eq!(
            [&names.title, &names.song, &names.h1, &names.h2, &names.h3],
            ["方正小标宋简体", "宋体", "黑体", "楷体", "仿宋"]
        );
        // A house that names a bundled face itself still gets the Windows face.
        let named = SetupFonts {
            h1: Some(vec!["FandolKai".into()]),
            ..SetupFonts::default()
        };
        assert_eq!(bundled.docx_fonts(&named, None).h1, "楷体");

        let mut set = crate::render::fonts::FontSet::bundled();
        let hei = ROLES.iter().position(|r| r.key == "hei").unwrap();
        set.role_families[hei].insert(0, "SimHei".into());
        set.user_choices.push((ROLES[hei].label, "SimHei".into()));
        let user = Renderer::new(set);
        let setup = SetupFonts {
            h1: list(&user, "hei"),
            ..SetupFonts::default()
        };
        let names = user.docx_fonts(&setup, None);
        assert_eq!(
            (names.h1.as_str(), names.hei.as_str()),
            ("SimHei", "SimHei")
        );
        assert_eq!(names.body, "仿宋");
    }

    /// Nothing of any sample's markup is dropped on the way to Word: every element the
    /// templates use has an HTML form or a house-style hint.
    #[test]
    fn no_sample_content_is_dropped_by_the_html_export() {
        let renderer = Renderer::new(crate::render::fonts::FontSet::bundled());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        for name in ["qinghe", "songxi", "lupu", "gulin", "qingyang", "failing"] {
            let prepared = prepare(&dir.join(format!("{name}.xlsx")), None)
                .unwrap_or_else(|_| panic!("{name} does not load"));
            for (kind, markup) in fill_templates(&renderer, &prepared, &DocumentKind::ALL).unwrap()
            {
                let docx = renderer
                    .docx_with(&markup, prepared.date, "test", &prepared.assets)
                    .unwrap();
                assert!(
                    docx.dropped.is_empty(),
                    "{name} {}: {:?}",
                    kind.file_stem(),
                    docx.dropped
                );
                assert!(docx.paragraphs.iter().any(|p| !p.is_empty()));
            }
        }
    }
}
