//! Our own `typst::World`: it serves only the files we hand it (the generated main file,
//! the house style and the font-role file) and the fonts of a shared `FontSet`. No file
//! system, no network, no packages.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, IntoValue};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::FontSet;

/// The standard library is the same for every document: build it once per process.
static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// The input that tells the house style it is being exported for the Word edition.
pub(crate) const TARGET_INPUT: &str = "junheng-target";

/// The library for the Word edition: HTML export on, and `sys.inputs` telling the house
/// style to emit its semantic hints (see `render::docx`).
static DOCX_LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| {
    let mut inputs = typst::foundations::Dict::new();
    inputs.insert(TARGET_INPUT.into(), "docx".into_value());
    LazyHash::new(
        Library::builder()
            .with_inputs(inputs)
            .with_features([typst::Feature::Html].into_iter().collect())
            .build(),
    )
});

/// Virtual paths are interned for the whole process (a 16-bit id space), so every
/// document reuses the same few paths instead of minting ids per run.
pub(crate) const MAIN_PATH: &str = "main.typ";

fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(FileId::new(RootedPath::new(VirtualRoot::Project, vpath)))
}

/// Parse auxiliary files (virtual path, text) into sources, once per `Renderer`.
/// A path that is not a valid virtual path is skipped (ours are constants).
pub(crate) fn support_sources(files: &[(&str, String)]) -> Vec<Source> {
    files
        .iter()
        .filter_map(|(path, text)| Some(Source::new(file_id(path)?, text.clone())))
        .collect()
}

/// A binary file a document reads (a picture of the narrative), at a virtual path.
#[derive(Clone)]
pub struct Asset {
    id: FileId,
    bytes: Bytes,
}

impl Asset {
    /// None when `path` is not a valid virtual path.
    pub fn new(path: &str, bytes: Vec<u8>) -> Option<Self> {
        Some(Asset {
            id: file_id(path)?,
            bytes: Bytes::new(bytes),
        })
    }
}

/// One compilation's world: a main source plus auxiliary sources and binary assets, all
/// in memory.
pub(crate) struct DocumentWorld<'a> {
    fonts: &'a FontSet,
    main: Source,
    aux: &'a [Source],
    assets: &'a [Asset],
    today: Datetime,
    library: &'static LazyHash<Library>,
}

impl<'a> DocumentWorld<'a> {
    /// `aux` holds every file the main source may import (see [`support_sources`]);
    /// they are shared, not copied, so their parse and hash carry over between compiles.
    pub fn new(
        fonts: &'a FontSet,
        main_text: String,
        aux: &'a [Source],
        today: Datetime,
    ) -> Option<Self> {
        let main = Source::new(file_id(MAIN_PATH)?, main_text);
        Some(DocumentWorld {
            fonts,
            main,
            aux,
            assets: &[],
            today,
            library: &LIBRARY,
        })
    }

    /// The same world, serving `assets` too.
    pub(crate) fn with_assets(mut self, assets: &'a [Asset]) -> Self {
        self.assets = assets;
        self
    }

    /// The same world for the Word edition (HTML export, see [`TARGET_INPUT`]).
    pub(crate) fn for_docx(mut self) -> Self {
        self.library = &DOCX_LIBRARY;
        self
    }

    /// The source with this id, when it is one of ours.
    pub(crate) fn lookup(&self, id: FileId) -> Option<&Source> {
        if id == self.main.id() {
            return Some(&self.main);
        }
        self.aux.iter().find(|s| s.id() == id)
    }
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.lookup(id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(asset) = self.assets.iter().find(|a| a.id == id) {
            return Ok(asset.bytes.clone());
        }
        self.lookup(id)
            .map(|s| Bytes::from_string(s.clone()))
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // Fixed by the caller (the document date), so output is reproducible.
        Some(self.today)
    }
}
