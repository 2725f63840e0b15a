//! Rebuilding one workbook again and again (`watch`): only the documents whose markup
//! changed are compiled; the others are carried over from the last good set.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::{Built, Format, Input, PipelineError, Prepared, Project, WordEdition};
use crate::documents::DocumentKind;
use crate::render::output::county_dir;

/// What the previous builds left behind.
#[derive(Default)]
pub struct Session {
    pub builds: usize,
    /// Hash of the workbook bytes last built (successfully or not).
    pub last_bytes: Option<u64>,
    /// Output folder of the last good build and the markup of each document in it.
    dir: Option<PathBuf>,
    markup: Vec<(DocumentKind, String)>,
}

/// A rebuild that got as far as the documents' markup.
pub struct Rebuild {
    pub prepared: Prepared,
    pub dir: PathBuf,
    /// Compiled again (empty when nothing changed, or only Word editions are written).
    pub built: Vec<Built>,
    pub docx: Vec<WordEdition>,
    /// Documents whose markup did not change: left as they were.
    pub unchanged: Vec<DocumentKind>,
    /// Lines about files a person changed (kept aside) and stale editions removed.
    pub notes: Vec<String>,
}

impl Rebuild {
    /// Nothing was typeset again: every document's markup is the last build's.
    pub(crate) fn nothing_changed(&self) -> bool {
        self.built.is_empty() && self.docx.is_empty()
    }
}

/// Why a rebuild stopped; the last good files stay in place in every case.
#[derive(Debug, thiserror::Error)]
pub enum RebuildError {
    /// The workbook has errors (`PipelineError::Input`).
    #[error(transparent)]
    Input(PipelineError),
    /// Typesetting failed.
    #[error(transparent)]
    Render(PipelineError),
    #[error(transparent)]
    Other(PipelineError),
}

/// Hash of a file's bytes: a save that did not change them is no reason to rebuild.
pub(crate) fn file_hash(path: &Path) -> Option<u64> {
    let bytes = std::fs::read(path).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    Some(h.finish())
}

/// The file extensions of the editions a build writes.
fn edition_names(formats: &[Format]) -> Vec<&'static str> {
    let mut names = Vec::new();
    if formats.contains(&Format::Pdf) {
        names.push("pdf");
    }
    if formats.contains(&Format::Docx) {
        names.push("docx");
    }
    names
}

impl Session {
    /// Read the workbook once more (a rebuild's first step; its warnings can be shown
    /// before [`Session::rebuild`] typesets).
    pub fn load(&mut self, project: &Project, file: &Path) -> Result<Prepared, RebuildError> {
        self.builds += 1;
        self.last_bytes = file_hash(file);
        project.load(Input::Path(file)).map_err(|e| match e {
            PipelineError::Input { .. } => RebuildError::Input(e),
            e => RebuildError::Other(e),
        })
    }

    /// Build what [`Session::load`] read into `out`, typesetting only what changed
    /// since the last good build.
    pub fn rebuild(
        &mut self,
        project: &Project,
        file: &Path,
        out: &Path,
        prepared: Prepared,
    ) -> Result<Rebuild, RebuildError> {
        let sources = project.documents(&prepared).map_err(RebuildError::Other)?;
        let dir = county_dir(out, &prepared.county.info.county_name);
        let same_dir = self.dir.as_deref() == Some(dir.as_path());
        let editions = edition_names(&project.options.formats);
        let (changed, unchanged): (Vec<_>, Vec<_>) = sources.into_iter().partition(|(kind, m)| {
            // A file a person changed since is made again (and the change kept aside
            // by the write), never carried over as if it were the tool's.
            let present = editions
                .iter()
                .all(|ext| super::intact(&dir, &format!("{}.{ext}", kind.file_stem())));
            !(same_dir && present && self.markup.iter().any(|(k, old)| k == kind && old == m))
        });
        let unchanged: Vec<DocumentKind> = unchanged.into_iter().map(|(k, _)| k).collect();
        if changed.is_empty() {
            return Ok(Rebuild {
                prepared,
                dir,
                built: Vec::new(),
                docx: Vec::new(),
                unchanged,
                notes: Vec::new(),
            });
        }
        let changed_markup = changed.clone();
        let (built, docx) = project
            .render_editions(file, changed, prepared.date, &prepared.assets)
            .map_err(RebuildError::Render)?;
        let docx = project
            .stamp(&prepared, docx)
            .map_err(RebuildError::Render)?;
        // The documents whose markup did not change stay as they are; the set written
        // (and its manifest) still lists every document of this workbook.
        let mut files = project.files(&built, &docx);
        for kind in &unchanged {
            for ext in &editions {
                let name = format!("{}.{ext}", kind.file_stem());
                if let Ok(bytes) = std::fs::read(dir.join(&name)) {
                    files.push((name, bytes));
                }
            }
        }
        files.push(super::figures_file(&prepared));
        let (_, notes) = project
            .write(&dir, &prepared, files)
            .map_err(RebuildError::Other)?;
        if !same_dir {
            self.markup.clear();
        }
        for (kind, markup) in changed_markup {
            self.markup.retain(|(k, _)| *k != kind);
            self.markup.push((kind, markup));
        }
        self.dir = Some(dir.clone());
        // Typst's caches: keep what the last ten rebuilds used.
        comemo::evict(10);
        Ok(Rebuild {
            prepared,
            dir,
            built,
            docx,
            unchanged,
            notes,
        })
    }
}
