//! The integration tests, in one test binary: each module below was once its own file
//! under `tests/`. One binary links the crate (and Typst, and the embedded fonts) once
//! instead of fifteen times, which keeps a cold `cargo test` within CI's disk and time.
//! Run one group with `cargo test --test it pipeline::`.

#[macro_use]
mod common;

mod bad_input;
mod batch_scale;
mod cli_batch;
mod cli_diff;
mod cli_init;
mod cli_watch;
mod county_tasks;
mod determinism;
mod diagnosis;
mod documents;
mod docx;
mod eval_json;
mod evidence;
mod fonts_archive;
mod formats;
mod fuzz_cells;
mod fuzz_escape;
mod fuzz_workbook;
mod hostile;
mod keep_edits;
mod markup_snapshots;
mod narrative;
mod no_panic_lint;
mod number_style;
mod pages;
mod pipeline;
mod plausibility;
mod rectify;
mod rulebook;
mod samples_build;
mod schema;
mod serve;
mod serve_accounts;
mod serve_limits;
mod split_layout;
mod update_merge;
mod word_edition;
