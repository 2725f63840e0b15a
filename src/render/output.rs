//! Output that is all-or-nothing.
//!
//! One file (a 汇总表) is written to a temporary file beside it and renamed over the old
//! one. A county's set of files (its PDFs, later its Word files, its manifest) is written
//! into a staging folder beside the county's folder and swapped in as one, so the folder
//! always holds one run's complete set: a failed or interrupted run leaves the previous
//! set, never a mixture. Swaps are serialised by a lock on the output folder, so two
//! builds into one folder each replace the set whole and the last one wins. Temporary
//! files and folders are registered while they exist: the signal handler
//! ([`install_signal_cleanup`]) removes them before the process exits, and a later run
//! removes those a killed process left. Files get the usual mode under the umask (0644).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

#[derive(Debug, thiserror::Error)]
#[error("无法写入「{path}」：{source}")]
pub struct WriteError {
    pub path: String,
    pub source: std::io::Error,
}

impl WriteError {
    fn new(path: &Path, source: std::io::Error) -> Self {
        WriteError {
            path: path.display().to_string(),
            source,
        }
    }
}

/// Prefix of every temporary name this module creates.
const TEMP_PREFIX: &str = ".junheng-";
const STAGE_PREFIX: &str = ".junheng-stage-";
const OLD_PREFIX: &str = ".junheng-old-";

/// Temporary paths that exist right now, for the signal handler.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Set by the signal handler: no new temporary path may be created.
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);
/// Held while a set is swapped in (and by the signal handler, so that an interrupt never
/// falls between the two renames of the fallback swap).
static SWAP: Mutex<()> = Mutex::new(());
static COUNTER: AtomicU64 = AtomicU64::new(0);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A fresh temporary name in `dir`: prefix, process id, counter, suffix.
fn temp_path(dir: &Path, prefix: &str, suffix: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!("{prefix}{}-{n}{suffix}", std::process::id()))
}

/// Record a temporary path before creating it. Err once the process is being stopped.
fn register(path: &Path) -> Result<(), WriteError> {
    let mut pending = lock(&PENDING);
    if SHUTTING_DOWN.load(Ordering::SeqCst) {
        return Err(WriteError::new(
            path,
            std::io::Error::new(std::io::ErrorKind::Interrupted, "程序正在退出"),
        ));
    }
    pending.push(path.to_path_buf());
    Ok(())
}

fn unregister(path: &Path) {
    lock(&PENDING).retain(|p| p != path);
}

fn remove_any(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else {
        let _ = std::fs::remove_file(path);
    }
}

/// On SIGINT, SIGTERM or SIGHUP: wait for a swap in progress, remove every temporary file
/// and folder, and exit with status 130. Finished sets stay as they are.
pub fn install_signal_cleanup() {
    let _ = ctrlc::set_handler(|| {
        let _swap = lock(&SWAP);
        let pending = {
            let mut pending = lock(&PENDING);
            SHUTTING_DOWN.store(true, Ordering::SeqCst);
            std::mem::take(&mut *pending)
        };
        for path in &pending {
            remove_any(path);
        }
        eprintln!("已中断：未完成的临时文件已清除，已写完的文件保持完整。");
        std::process::exit(130);
    });
}

/// Create `path` (which must not exist) with `bytes`, flushed to disk. The mode is the
/// default under the umask.
fn create_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Make renames in `dir` durable (best effort: not every platform can sync a folder).
fn sync_dir(dir: &Path) {
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
}

fn parent_or_dot(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Write one file atomically: a temporary file in the same folder, renamed over `path`.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |source| WriteError::new(path, source);
    let dir = parent_or_dot(path);
    std::fs::create_dir_all(dir).map_err(fail)?;
    remove_stale_temps(dir);
    let tmp = temp_path(dir, TEMP_PREFIX, ".tmp");
    register(&tmp)?;
    let result = create_file(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    unregister(&tmp);
    result.map_err(fail)?;
    sync_dir(dir);
    Ok(())
}

/// One file of a set: its name inside the set's folder, and its bytes.
pub(crate) type NamedFile = (String, Vec<u8>);

/// What protects a person's files when a set is swapped in. `owned` names every file the
/// tool may write into the folder (each document in each edition); `intact(dir, name)`
/// says whether the file `name` in `dir` is still exactly what the tool wrote there (it
/// is asked under the folder lock, so the answer holds for the swap).
pub(crate) struct Guard<'a> {
    pub owned: &'a [String],
    pub intact: &'a dyn Fn(&Path, &str) -> bool,
}

/// What a guarded swap did besides writing the set.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Swapped {
    /// The paths written, in the order given.
    pub written: Vec<PathBuf>,
    /// Files a person changed (or the tool never wrote), kept under a new name:
    /// (old name, new name).
    pub kept: Vec<(String, String)>,
    /// The tool's own files of an earlier set that this set did not write again.
    pub removed: Vec<String>,
}

/// Replace the set of files in folder `dir` as one: afterwards `dir` holds exactly the
/// given files plus whatever it held before under other names (a `--only` build keeps the
/// other documents). Names are plain file names. Returns the paths written, in order.
pub(crate) fn replace_set(dir: &Path, files: &[NamedFile]) -> Result<Vec<PathBuf>, WriteError> {
    replace_set_guarded(dir, files, None).map(|s| s.written)
}

/// [`replace_set`], and with a guard: a file under one of the guard's names that is not
/// intact is never overwritten or deleted but kept as `名称（日期 修改稿）.扩展名`; an
/// intact one this set does not write again is removed, so that the folder never mixes
/// two runs' editions.
pub(crate) fn replace_set_guarded(
    dir: &Path,
    files: &[NamedFile],
    guard: Option<&Guard>,
) -> Result<Swapped, WriteError> {
    for (name, _) in files {
        let plain = Path::new(name)
            .file_name()
            .is_some_and(|n| n == std::ffi::OsStr::new(name));
        if !plain || name.starts_with(TEMP_PREFIX) && !name.ends_with("manifest.json") {
            return Err(WriteError::new(
                &dir.join(name),
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "文件名无效"),
            ));
        }
    }
    let parent = parent_or_dot(dir);
    std::fs::create_dir_all(parent).map_err(|e| WriteError::new(parent, e))?;
    remove_stale_temps(parent);
    let stage = temp_path(parent, STAGE_PREFIX, "");
    register(&stage)?;
    let result = stage_and_swap(dir, &stage, files, guard);
    // After a swap the staging path holds the previous set; after a failure, the partial
    // new one. Either way it goes.
    remove_any(&stage);
    unregister(&stage);
    let mut swapped = result?;
    sync_dir(parent);
    swapped.written = files.iter().map(|(name, _)| dir.join(name)).collect();
    Ok(swapped)
}

fn stage_and_swap(
    dir: &Path,
    stage: &Path,
    files: &[NamedFile],
    guard: Option<&Guard>,
) -> Result<Swapped, WriteError> {
    std::fs::create_dir(stage).map_err(|e| WriteError::new(stage, e))?;
    for (name, bytes) in files {
        let path = stage.join(name);
        create_file(&path, bytes).map_err(|e| WriteError::new(&dir.join(name), e))?;
    }
    let _swap = lock(&SWAP);
    let _folder_lock = FolderLock::acquire(parent_or_dot(dir))?;
    // Carried over under the lock, so that files another build swapped in a moment ago
    // are the ones kept.
    if dir.is_dir() {
        // A folder (the user's) where a file of the set goes would be deleted by the swap.
        for (name, _) in files {
            let path = dir.join(name);
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                return Err(WriteError::new(
                    &path,
                    std::io::Error::other("此处是一个文件夹，无法以文件替换；请移走或改名后再试"),
                ));
            }
        }
    }
    let mut swapped = Swapped::default();
    if dir.is_dir() {
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        swapped = carry_over(dir, stage, &names, guard).map_err(|e| WriteError::new(dir, e))?;
    }
    sync_dir(stage);
    swap_in(stage, dir).map_err(|e| WriteError::new(dir, e))?;
    Ok(swapped)
}

/// Hard-link (or copy) into `stage` every entry of `dir` whose name is not in `skip`;
/// with a guard, files under the guard's names go as [`replace_set_guarded`] says.
fn carry_over(
    dir: &Path,
    stage: &Path,
    skip: &[&str],
    guard: Option<&Guard>,
) -> std::io::Result<Swapped> {
    let mut swapped = Swapped::default();
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        entries.push(entry.file_name().to_string_lossy().to_string());
    }
    entries.sort();
    // Names a kept file must not take: what the folder holds and what the set writes.
    let mut taken: std::collections::HashSet<String> = entries.iter().cloned().collect();
    taken.extend(skip.iter().map(|s| s.to_string()));
    for text in &entries {
        let path = dir.join(text);
        if text.starts_with(TEMP_PREFIX) && text.ends_with(".tmp") {
            continue;
        }
        let guarded = guard.filter(|g| g.owned.iter().any(|n| n == text));
        let Some(guard) = guarded else {
            if !skip.contains(&text.as_str()) {
                link_tree(&path, &stage.join(text))?;
            }
            continue;
        };
        if std::fs::symlink_metadata(&path)?.is_dir() {
            link_tree(&path, &stage.join(text))?;
            continue;
        }
        if (guard.intact)(dir, text) {
            if !skip.contains(&text.as_str()) {
                swapped.removed.push(text.clone());
            }
            continue;
        }
        let date = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .unwrap_or_else(|_| std::time::SystemTime::now());
        let new_name = kept_name(text, &civil_date(date), &taken);
        taken.insert(new_name.clone());
        link_tree(&path, &stage.join(&new_name))?;
        swapped.kept.push((text.clone(), new_name));
    }
    Ok(swapped)
}

/// `自评报告.docx` → `自评报告（2026-12-07 修改稿）.docx`, numbered when that is taken.
pub(crate) fn kept_name(
    name: &str,
    date: &str,
    taken: &std::collections::HashSet<String>,
) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    let mut n = 1;
    loop {
        let mark = if n == 1 {
            format!("{date} 修改稿")
        } else {
            format!("{date} 修改稿{n}")
        };
        let candidate = format!("{stem}（{mark}）{ext}");
        if !taken.contains(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

/// The UTC calendar date of a moment, as 2026-12-07.
fn civil_date(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (year, month, day) = crate::model::civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(from)?.is_dir() {
        std::fs::create_dir(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        return Ok(());
    }
    if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to)?;
    }
    Ok(())
}

/// Put the staged folder at `dir`; the previous folder, if any, ends up at `stage`.
fn swap_in(stage: &Path, dir: &Path) -> std::io::Result<()> {
    if !dir.exists() {
        return std::fs::rename(stage, dir);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, stage, CWD, dir, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    // No atomic exchange here: two renames, the old folder parked under a name that says
    // where it belongs, so that a later run can put it back should the process die
    // between them.
    let parent = parent_or_dot(dir);
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let old = temp_path(parent, OLD_PREFIX, &format!("~{name}"));
    std::fs::rename(dir, &old)?;
    if let Err(e) = std::fs::rename(stage, dir) {
        let _ = std::fs::rename(&old, dir);
        return Err(e);
    }
    std::fs::rename(&old, stage)
}

/// An exclusive lock on the output folder, held while a set is swapped in; another
/// process that swaps into the same folder waits for it.
struct FolderLock {
    _file: File,
}

impl FolderLock {
    fn acquire(folder: &Path) -> Result<Self, WriteError> {
        // A folder can be locked where it can be opened (Unix); elsewhere a lock file.
        #[cfg(unix)]
        let file = File::open(folder);
        #[cfg(not(unix))]
        let file = OpenOptions::new()
            .create(true)
            .write(true)
            .open(folder.join(".junheng.lock"));
        let file = file.map_err(|e| WriteError::new(folder, e))?;
        file.lock().map_err(|e| WriteError::new(folder, e))?;
        Ok(FolderLock { _file: file })
    }
}

/// Temporary files older than this are left-overs of an interrupted run, whatever their
/// process id says.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Whether the process that made a temporary name is gone (or the name is old).
fn is_stale(name: &str, path: &Path) -> bool {
    let rest = name
        .trim_start_matches(STAGE_PREFIX)
        .trim_start_matches(OLD_PREFIX);
    let rest = rest.trim_start_matches(TEMP_PREFIX);
    let pid: Option<u32> = rest.split('-').next().and_then(|p| p.parse().ok());
    if pid == Some(std::process::id()) {
        return false;
    }
    if cfg!(target_os = "linux")
        && let Some(pid) = pid
        && !Path::new(&format!("/proc/{pid}")).exists()
    {
        return true;
    }
    std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE_AFTER)
}

/// Remove what a killed run left in `dir`: temporary files, staging folders, and a
/// previous set parked by an interrupted fallback swap (put back when its folder is
/// missing). Never a fresh one of a run still in progress.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let temp = name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp");
        let stage = name.starts_with(STAGE_PREFIX);
        let old = name.starts_with(OLD_PREFIX);
        if !(temp || stage || old) || !is_stale(&name, &entry.path()) {
            continue;
        }
        if old
            && let Some((_, county)) = name.split_once('~')
            && !dir.join(county).exists()
            && std::fs::rename(entry.path(), dir.join(county)).is_ok()
        {
            continue;
        }
        remove_any(&entry.path());
    }
}

/// Longest folder name derived from a county name, in characters (file systems allow
/// 255 bytes; CJK takes 3 bytes a character in UTF-8).
const MAX_FOLDER_CHARS: usize = 60;

/// Device names Windows reserves, with or without an extension (`CON`, `con.txt`, `COM1`).
fn is_reserved_on_windows(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or_default().trim_end();
    let upper = base.to_ascii_uppercase();
    if ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"].contains(&upper.as_str()) {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: String = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && rest.chars().count() == 1
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '¹' | '²' | '³'))
}

/// The file `init` writes into DIR.
pub(crate) fn template_path(dir: &Path, county: Option<&str>) -> PathBuf {
    let stem = match county.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => format!("{}指标工作簿", safe_folder_name(c)),
        None => "指标工作簿".to_string(),
    };
    dir.join(format!("{stem}.xlsx"))
}

/// A folder name derived from a county name that cannot escape the output folder:
/// path separators, `..`, control characters and characters Windows forbids are replaced.
pub(crate) fn safe_folder_name(name: &str) -> String {
    let mut out: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    out = out
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    if out.chars().count() > MAX_FOLDER_CHARS {
        out = out.chars().take(MAX_FOLDER_CHARS).collect();
        out = out.trim_end_matches(['.', ' ']).to_string();
    }
    if out.is_empty() || is_reserved_on_windows(&out) {
        out = format!("县区_{out}");
    }
    out
}

pub fn county_dir(out: &Path, county_name: &str) -> PathBuf {
    out.join(safe_folder_name(county_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_cannot_escape() {
        assert_eq!(safe_folder_name("清禾区"), "清禾区");
        assert_eq!(safe_folder_name("../etc"), "_etc");
        assert_eq!(safe_folder_name(".."), "县区_");
        assert_eq!(safe_folder_name("/abs/path"), "_abs_path");
        assert_eq!(safe_folder_name("CON"), "县区_CON");
        assert_eq!(safe_folder_name("a\u{0}b"), "a_b");
        assert_eq!(safe_folder_name("con.txt"), "县区_con.txt");
        assert_eq!(safe_folder_name("LPT¹"), "县区_LPT¹");
        assert_eq!(safe_folder_name("COM10"), "COM10");
        assert_eq!(safe_folder_name("..\\..\\windows"), "_.._windows");
        assert_eq!(safe_folder_name(" ．．/ "), "．．_");
        assert_eq!(safe_folder_name(&"长".repeat(300)).chars().count(), 60);
        for hostile in ["../../x", "/", "\\", "..", ".", "a/../../b", "C:\\x", "~/x"] {
            let name = safe_folder_name(hostile);
            let dir = county_dir(Path::new("out"), hostile);
            assert_eq!(dir.parent(), Some(Path::new("out")), "{hostile} → {name}");
            assert!(!name.contains(['/', '\\']) && name != ".." && name != ".");
        }
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    fn set(tag: &str) -> Vec<NamedFile> {
        ["a.pdf", "b.pdf", "c.pdf"]
            .iter()
            .map(|n| (n.to_string(), format!("{tag}:{n}").into_bytes()))
            .collect()
    }

    fn contents(dir: &Path) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                (e.file_name().to_string_lossy().to_string(), text)
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn a_set_replaces_the_old_one_and_keeps_other_files() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("县");
        replace_set(&dir, &set("one")).unwrap();
        std::fs::write(dir.join("note.txt"), "mine").unwrap();
        let written = replace_set(&dir, &set("two")[..2]).unwrap();
        assert_eq!(written, vec![dir.join("a.pdf"), dir.join("b.pdf")]);
        let found = contents(&dir);
        let expected: Vec<(String, String)> = [
            ("a.pdf", "two:a.pdf"),
            ("b.pdf", "two:b.pdf"),
            ("c.pdf", "one:c.pdf"),
            ("note.txt", "mine"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(found, expected);
        let left: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no staging folder left");
        assert!(replace_set(&dir, &[("../x".into(), vec![])]).is_err());
        // A folder in the way of a file is never replaced (it would be deleted).
        std::fs::create_dir(dir.join("d.pdf")).unwrap();
        assert!(replace_set(&dir, &[("d.pdf".into(), vec![])]).is_err());
        assert!(dir.join("d.pdf").is_dir() && dir.join("a.pdf").is_file());
    }

    #[cfg(unix)]
    #[test]
    fn files_get_the_mode_of_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("县");
        replace_set(&dir, &set("one")).unwrap();
        write_atomic(&root.path().join("x.pdf"), b"x").unwrap();
        for path in [dir.join("a.pdf"), root.path().join("x.pdf")] {
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            // Whatever the umask, the group and others may read unless it forbids it:
            // never the 0600 of a private temporary file.
            assert_ne!(mode, 0o600, "{}", path.display());
            assert!(mode & 0o600 == 0o600);
        }
    }

    #[test]
    fn concurrent_sets_never_mix() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("县");
        for round in 0..40 {
            std::thread::scope(|s| {
                for tag in ["x", "y", "z"] {
                    let dir = &dir;
                    s.spawn(move || replace_set(dir, &set(&format!("{tag}{round}"))).unwrap());
                }
            });
            let found = contents(&dir);
            assert_eq!(found.len(), 3);
            let tags: std::collections::BTreeSet<&str> = found
                .iter()
                .map(|(_, text)| text.split(':').next().unwrap())
                .collect();
            assert_eq!(tags.len(), 1, "one run's set: {found:?}");
        }
        let left: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn kept_copies_are_dated_and_never_take_a_taken_name() {
        let mut taken = std::collections::HashSet::new();
        assert_eq!(
            kept_name("自评报告.docx", "2026-12-07", &taken),
            "自评报告（2026-12-07 修改稿）.docx"
        );
        taken.insert("自评报告（2026-12-07 修改稿）.docx".to_string());
        assert_eq!(
            kept_name("自评报告.docx", "2026-12-07", &taken),
            "自评报告（2026-12-07 修改稿2）.docx"
        );
        assert_eq!(civil_date(std::time::UNIX_EPOCH), "1970-01-01");
        let day = std::time::Duration::from_secs(20_429 * 86_400 + 3_600);
        assert_eq!(civil_date(std::time::UNIX_EPOCH + day), "2025-12-07");
    }

    #[test]
    fn a_guard_keeps_changed_files_and_removes_unchanged_stale_ones() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("县");
        replace_set(&dir, &set("one")).unwrap();
        std::fs::write(dir.join("b.pdf"), "edited").unwrap();
        std::fs::write(dir.join("note.txt"), "mine").unwrap();
        let owned: Vec<String> = ["a.pdf", "b.pdf", "c.pdf"].map(String::from).to_vec();
        // Whatever still holds what run one wrote is the tool's.
        let intact = |dir: &Path, name: &str| {
            std::fs::read_to_string(dir.join(name)).is_ok_and(|t| t == format!("one:{name}"))
        };
        let guard = Guard {
            owned: &owned,
            intact: &intact,
        };
        let swapped = replace_set_guarded(&dir, &set("two")[..2], Some(&guard)).unwrap();
        assert_eq!(swapped.removed, vec!["c.pdf".to_string()]);
        assert_eq!(swapped.kept.len(), 1);
        let (old, new) = &swapped.kept[0];
        assert_eq!(old, "b.pdf");
        assert!(
            new.starts_with("b（") && new.ends_with("修改稿）.pdf"),
            "{new}"
        );
        let found = contents(&dir);
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a.pdf", "b.pdf", new.as_str(), "note.txt"]);
        assert_eq!(found[1].1, "two:b.pdf");
        assert_eq!(found[2].1, "edited");
    }

    #[test]
    fn left_overs_of_a_dead_process_are_removed() {
        let root = tempfile::tempdir().unwrap();
        // Process ids never reach u32::MAX: this one is surely gone.
        let dead = format!("{STAGE_PREFIX}{}-0", u32::MAX);
        std::fs::create_dir(root.path().join(&dead)).unwrap();
        let parked = format!("{OLD_PREFIX}{}-1~县", u32::MAX);
        std::fs::create_dir(root.path().join(&parked)).unwrap();
        std::fs::write(root.path().join(&parked).join("a.pdf"), "old").unwrap();
        replace_set(&root.path().join("乡"), &set("one")).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        assert_eq!(names, ["乡", "县"], "stage removed, parked set put back");
    }
}
