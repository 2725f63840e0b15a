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
        let bytes = write::package(&body, &images, &self.docx_fonts(), &meta)
            .map_err(|e| RenderError::Docx(e.to_string()))?;
        timing::record("docx", timing::doc_of_ident(ident), started.elapsed());
        Ok(Docx {
            bytes,
            dropped,
            paragraphs: body.texts(),
        })
    }

    /// The Word font of each role: the user's font when `--font-dir` gave one, otherwise
    /// the name Windows and WPS have.
    pub fn docx_fonts(&self) -> FontNames {
        let pick = |key: &str, windows: &str| -> String {
            ROLES
                .iter()
                .zip(&self.fonts.role_families)
                .find(|(role, _)| role.key == key)
                .and_then(|(_, families)| (families.len() > 1).then(|| families.first()))
                .flatten()
                .cloned()
                .unwrap_or_else(|| windows.to_string())
        };
        FontNames {
            title: pick("title", "方正小标宋简体"),
            body: pick("body", "仿宋"),
            hei: pick("hei", "黑体"),
            kai: pick("kai", "楷体"),
            song: pick("song", "宋体"),
        }
    }
}

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
