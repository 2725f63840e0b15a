//! junheng (均衡): from a county's indicator workbook to the three documents of the
//! 义务教育优质均衡发展 application, as print-ready PDFs.
//!
//! Pipeline, one module per stage:
//! workbook (read) → model → evaluate → documents → render → cli.

pub mod cli;
pub mod documents;
pub mod evaluate;
pub mod model;
pub mod problem;
pub mod render;
pub mod workbook;
