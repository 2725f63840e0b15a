//! Accelerators: caches of the return hashes of calls on tracked values, so that
//! validating a memoized result does not repeat a call already made on the same
//! tracked value.
//!
//! Patched for junheng: each thread keeps its own accelerator and takes tracking
//! ids from its own block of ids, so threads never share a lock or a written cache
//! line here. Upstream keeps one global list of accelerators behind a lock.

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxHashMap;

/// The next block of tracking ids to hand out.
static NEXT_BLOCK: AtomicUsize = AtomicUsize::new(0);

/// How many ids a thread takes at a time.
const BLOCK: usize = 1024;

/// Increased by each eviction; a thread clears its accelerator when it sees a
/// new value.
static EPOCH: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's next id and the end of its block.
    static IDS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    /// This thread's accelerator: (tracking id, call hash) to return hash.
    static LOCAL: RefCell<Local> = RefCell::new(Local { epoch: 0, map: FxHashMap::default() });
}

struct Local {
    epoch: usize,
    map: FxHashMap<(usize, u128), u128>,
}

impl Local {
    /// Forget everything if an eviction happened since the last access.
    fn sync(&mut self) {
        let epoch = EPOCH.load(Ordering::Relaxed);
        if self.epoch != epoch {
            self.epoch = epoch;
            self.map.clear();
        }
    }
}

/// A new, unique tracking id.
pub fn id() -> usize {
    IDS.try_with(|ids| {
        let (mut next, mut end) = ids.get();
        if next == end {
            next = NEXT_BLOCK.fetch_add(1, Ordering::Relaxed) * BLOCK;
            end = next + BLOCK;
        }
        ids.set((next + 1, end));
        next
    })
    // During thread teardown: a fresh block of which only the first id is used.
    .unwrap_or_else(|_| NEXT_BLOCK.fetch_add(1, Ordering::Relaxed) * BLOCK)
}

/// Evict the accelerators (each thread's on its next access).
pub fn evict() {
    EPOCH.fetch_add(1, Ordering::Relaxed);
}

/// The return hash of a call on the tracked value with the given id, computed
/// with `call` unless this thread has it already.
pub fn get_or_call(id: usize, call_hash: u128, call: impl FnOnce() -> u128) -> u128 {
    let cached = LOCAL
        .try_with(|local| {
            let mut local = local.borrow_mut();
            local.sync();
            local.map.get(&(id, call_hash)).copied()
        })
        .ok()
        .flatten();
    if let Some(hash) = cached {
        return hash;
    }
    // Not borrowed during the call: it may validate other memoized results.
    let hash = call();
    let _ = LOCAL.try_with(|local| {
        let mut local = local.borrow_mut();
        local.sync();
        local.map.insert((id, call_hash), hash);
    });
    hash
}
