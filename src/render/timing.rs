//! Opt-in stage timings for profiling and the benchmark (`bench/run.sh`).
//!
//! With `JUNHENG_TIMINGS=1` in the environment every timed stage prints one line to
//! stderr as it ends:
//!
//! ```text
//! junheng-timing<TAB>compile<TAB>report<TAB>812.4<TAB>1290.7
//! ```
//!
//! (tab-separated: marker, stage, document or `-`, the stage's milliseconds, and the
//! milliseconds from the first timed stage of the process to the end of this one).
//! Stages: `fonts`, `read`, `evaluate`, `markup`, `compile` (Typst layout), `export`
//! (PDF), `write`. Documents built in parallel overlap, so their stages are wall times
//! that may include waiting for a core. Without the variable a timer costs one load.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Marker at the start of every timing line.
pub(crate) const MARKER: &str = "junheng-timing";

struct Clock {
    on: bool,
    epoch: Instant,
}

fn clock() -> &'static Clock {
    static CLOCK: OnceLock<Clock> = OnceLock::new();
    CLOCK.get_or_init(|| Clock {
        on: std::env::var_os("JUNHENG_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0"),
        epoch: Instant::now(),
    })
}

/// Whether `JUNHENG_TIMINGS` is set to something other than empty or `0`.
pub(crate) fn enabled() -> bool {
    clock().on
}

/// Print one stage's duration (when enabled). `doc` is the document key or empty.
pub fn record(stage: &str, doc: &str, elapsed: Duration) {
    let clock = clock();
    if clock.on {
        let doc = if doc.is_empty() { "-" } else { doc };
        eprintln!(
            "{MARKER}\t{stage}\t{doc}\t{:.1}\t{:.1}",
            elapsed.as_secs_f64() * 1000.0,
            clock.epoch.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// Run `f`, recording how long it took under `stage` / `doc`.
pub fn time<T>(stage: &str, doc: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let started = Instant::now();
    let out = f();
    record(stage, doc, started.elapsed());
    out
}

/// The document key of a PDF identifier (`junheng-report` → `report`).
pub(crate) fn doc_of_ident(ident: &str) -> &str {
    ident.strip_prefix("junheng-").unwrap_or(ident)
}
