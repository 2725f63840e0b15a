//! junheng (均衡): from a county's indicator workbook to the three documents of the
//! 义务教育优质均衡发展 application, as print-ready PDFs.
//!
//! Pipeline, one module per stage:
//! workbook (read) → model → evaluate → documents → render → cli, over `catalogue` (the
//! 33 indicators as data, which every stage reads).

// Workbooks are hostile input: outside tests, nothing may panic on them. `cargo clippy`
// (run by `tests/it/no_panic_lint.rs` and CI) refuses unwrap, expect, panic-family macros
// and unchecked indexing; use `.get()`, `?`, `let … else` instead.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod catalogue;
pub mod cli;
pub mod compare;
pub mod documents;
pub mod evaluate;
pub mod evidence;
pub mod model;
pub mod narrative;
pub mod pipeline;
pub mod problem;
pub mod rectify;
pub mod render;
pub mod server;
pub mod update;
pub mod workbook;
