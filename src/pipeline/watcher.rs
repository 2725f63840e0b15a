//! The file side of `watch`: wait for the next save of one workbook.
//!
//! The parent folder is watched (editors save through a temporary file and a rename,
//! which replaces the watched file's inode), and events for the workbook's name are
//! debounced (200 ms of quiet). Events about other files in the folder (a log being
//! polled, another workbook) neither trigger nor hold back a rebuild.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecursiveMode, Watcher};

use super::incremental::file_hash;

/// Quiet time that ends a burst of file events.
const DEBOUNCE: Duration = Duration::from_millis(200);
/// How long a file may be missing in the middle of a rename-over save.
const REAPPEAR: Duration = Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("错误：「{}」不是工作簿文件", .0.display())]
    NotAFile(PathBuf),
    #[error("内部错误：无法监视文件变化：{0}")]
    Start(notify::Error),
    #[error("错误：无法监视文件夹「{}」：{source}", dir.display())]
    Folder { dir: PathBuf, source: notify::Error },
    #[error("内部错误：文件监视已中断")]
    Interrupted,
}

/// What a settled burst of events left behind.
pub enum Save {
    /// The workbook is there; the hash of its bytes.
    Saved(u64),
    /// The workbook was deleted or moved away and has not come back.
    Gone,
}

/// Watches one workbook file for saves.
pub struct WorkbookWatcher {
    path: PathBuf,
    name: OsString,
    events: mpsc::Receiver<notify::Result<Event>>,
    // Kept alive: dropping it stops the events.
    _watcher: notify::RecommendedWatcher,
}

impl WorkbookWatcher {
    pub fn new(path: &Path) -> Result<Self, WatchError> {
        let name = path
            .file_name()
            .map(|n| n.to_os_string())
            .ok_or_else(|| WatchError::NotAFile(path.to_path_buf()))?;
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let (tx, events) = mpsc::channel::<notify::Result<Event>>();
        let mut watcher = notify::recommended_watcher(move |res| {
            let _ = tx.send(res);
        })
        .map_err(WatchError::Start)?;
        watcher
            .watch(&dir, RecursiveMode::NonRecursive)
            .map_err(|source| WatchError::Folder { dir, source })?;
        Ok(WorkbookWatcher {
            path: path.to_path_buf(),
            name,
            events,
            _watcher: watcher,
        })
    }

    /// Block until the workbook has been saved (or removed) and the burst of events of
    /// that save has settled.
    pub fn next_save(&mut self) -> Result<Save, WatchError> {
        loop {
            let first = self.events.recv().map_err(|_| WatchError::Interrupted)?;
            if !concerns(&first, &self.name) {
                continue;
            }
            let mut deadline = Instant::now() + DEBOUNCE;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                match self.events.recv_timeout(left) {
                    Ok(ev) => {
                        if concerns(&ev, &self.name) {
                            deadline = Instant::now() + DEBOUNCE;
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        return Err(WatchError::Interrupted);
                    }
                }
            }
            if !reappears(&self.path) {
                return Ok(Save::Gone);
            }
            if let Some(hash) = file_hash(&self.path) {
                return Ok(Save::Saved(hash));
            }
        }
    }
}

/// Whether an event may have changed the workbook (reads and opens do not).
fn concerns(event: &notify::Result<Event>, name: &std::ffi::OsStr) -> bool {
    let Ok(event) = event else {
        // An error from the watcher: rebuild rather than miss a save.
        return true;
    };
    let kind_matters = match event.kind {
        EventKind::Access(notify::event::AccessKind::Close(notify::event::AccessMode::Write)) => {
            true
        }
        EventKind::Access(_) => false,
        _ => true,
    };
    kind_matters
        && event
            .paths
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n == name))
}

/// Wait (briefly) for the file to exist again after a delete-and-create save.
fn reappears(path: &Path) -> bool {
    let started = Instant::now();
    while started.elapsed() < REAPPEAR {
        if path.is_file() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}
