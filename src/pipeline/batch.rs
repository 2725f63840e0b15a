//! A folder of counties: every workbook built by a small pool of workers, one county at
//! a time per worker, each county's files written as soon as it is done.
//!
//! Memory stays bounded by the counties in flight, whatever the number of counties: a
//! worker drops a county's data once its files are written, Typst's memoised results are
//! evicted after every county (as `watch` does), and the run keeps only each county's
//! small [`Record`] (the 汇总表 line). Every worker compiles on its own rayon pool whose
//! threads have [`super::STACK_SIZE`] stacks; one county is in flight per pool, so a thread
//! waiting for its county's parts never picks up another county's work (which nested
//! the counties on one stack and overflowed it past a hundred of them).
//!
//! A run may be one shard of a folder split on several machines ([`Shard`]); the records
//! go, one JSON line per county, to a file that `junheng summary` merges.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError, mpsc};

use serde::{Deserialize, Serialize};

use super::{Input, Outcome, PipelineError, Project, Timings, stable_hash, thread_pool};
use crate::documents::summary::SummaryRow;
use crate::model::Date;
use crate::render::output::{county_dir, write_atomic};

/// Workbooks under `path`: the file itself, or every .xlsx/.xls/.ods below a folder
/// (Office lock files such as `~$x.xlsx` and hidden files skipped), sorted by path.
pub fn workbooks(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| is_workbook(p))
        .collect();
    found.sort();
    found
}

fn is_workbook(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with("~$") || name.starts_with('.') {
        return false;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// The worker threads of a build.
pub(crate) struct Jobs {
    pub threads: usize,
    pub cpus: usize,
    /// The number asked for, when it was more than the cap.
    pub asked: Option<usize>,
}

/// `-j`: one thread a CPU by default, at most twice the CPUs (more threads only take
/// more memory: every county in flight holds its documents).
pub(crate) fn capped_jobs(requested: Option<usize>) -> Jobs {
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let cap = (cpus * 2).max(2);
    let (threads, asked) = match requested {
        None => (cpus, None),
        Some(n) if n > cap => (cap, Some(n)),
        Some(n) => (n.max(1), None),
    };
    Jobs {
        threads,
        cpus,
        asked,
    }
}

/// A `--shard` that is not `K/N` with 1 ≤ K ≤ N.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("「{0}」不是有效的分片，应为 K/N（1 ≤ K ≤ N），如 3/8")]
pub struct BadShard(pub String);

/// Why shard summaries could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RecordsError {
    #[error("无法读取文件夹「{}」", .0.display())]
    Folder(PathBuf),
    #[error("未找到任何分片汇总文件（summary*.jsonl）")]
    NoFiles,
    #[error("无法读取「{}」：{source}", file.display())]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("「{}」第 {line} 行不是有效的汇总记录：{source}", file.display())]
    Record {
        file: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
}

/// One part of a folder split in `count` parts; `index` counts from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// `K/N` with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Result<Shard, BadShard> {
        let bad = || BadShard(text.to_string());
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// The shard a workbook belongs to, from its path relative to the folder (with `/`
    /// separators), so that adding files never moves the others.
    pub fn of(relative: &str, count: u32) -> u32 {
        let hash = stable_hash(relative.as_bytes());
        // `count` ≥ 1, so the remainder fits in u32.
        u32::try_from(hash % u64::from(count.max(1))).unwrap_or(0) + 1
    }

    pub fn contains(&self, relative: &str) -> bool {
        Shard::of(relative, self.count) == self.index
    }

    /// The name of the shard's summary file.
    pub(crate) fn summary_name(shard: Option<Shard>) -> String {
        match shard {
            None => "summary.jsonl".to_string(),
            Some(s) => format!("summary.shard-{}-of-{}.jsonl", s.index, s.count),
        }
    }
}

/// A workbook's path relative to the folder that was built, `/`-separated.
pub(crate) fn relative_name(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    parts.join("/")
}

/// What became of one workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Built,
    UpToDate,
    /// The workbook has errors or cannot be read.
    InputError,
    /// Typesetting or writing failed.
    Failed,
    /// Another workbook of the run has the same 县区名称.
    Duplicate,
}

impl Status {
    pub fn ok(self) -> bool {
        matches!(self, Status::Built | Status::UpToDate)
    }

    /// Why nothing was built, as the 汇总 line says it.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Status::Built | Status::UpToDate => "",
            Status::InputError => "数据有误或无法读取",
            Status::Failed => "排版或写出失败",
            Status::Duplicate => "与其他工作簿的县区名称相同",
        }
    }
}

/// One county's line of a shard summary (JSON lines).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The workbook, relative to the folder built.
    pub file: String,
    pub county: Option<String>,
    pub status: Status,
    /// 达标 / 未达标 / 前置条件未满足 / 数据不全.
    pub verdict: Option<String>,
    /// Unmet indicator ids.
    pub unmet: Vec<String>,
    /// The files of the county's set, relative to the output folder.
    pub files: Vec<String>,
    pub timings: Timings,
    /// 成文日期 of the documents, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The county's 汇总表 line.
    pub row: Option<SummaryRow>,
}

fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

fn parse_date_text(text: &str) -> Option<Date> {
    let mut it = text.split('-');
    let year = it.next()?.parse().ok()?;
    let month = it.next()?.parse().ok()?;
    let day = it.next()?.parse().ok()?;
    Some(Date { year, month, day })
}

impl Record {
    fn new(file: String, status: Status) -> Self {
        Record {
            file,
            county: None,
            status,
            verdict: None,
            unmet: Vec::new(),
            files: Vec::new(),
            timings: Timings::default(),
            date: None,
            row: None,
        }
    }

    fn of_outcome(file: String, out: &Path, outcome: &Outcome) -> Self {
        let mut r = Record::new(
            file,
            if outcome.up_to_date {
                Status::UpToDate
            } else {
                Status::Built
            },
        );
        r.county = Some(outcome.county.clone());
        r.verdict = Some(outcome.summary.verdict.clone());
        r.unmet = outcome
            .summary
            .unmet
            .split('、')
            .filter(|s| *s != "—" && !s.is_empty())
            .map(str::to_string)
            .collect();
        r.files = outcome
            .files
            .iter()
            .map(|f| relative_name(out, f))
            .collect();
        r.timings = outcome.timings;
        r.date = Some(date_text(outcome.date));
        r.row = Some(outcome.summary.clone());
        r
    }

    pub fn date(&self) -> Option<Date> {
        self.date.as_deref().and_then(parse_date_text)
    }
}

/// One workbook's result, as the worker that built it hands it over.
pub enum CountyResult {
    Done(Box<Outcome>),
    Failed(PipelineError),
    /// Same 县区名称 as `first` (a path), which is built instead.
    Duplicate {
        county: String,
        first: PathBuf,
    },
}

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub out: PathBuf,
    /// Threads in all.
    pub jobs: usize,
    pub skip_unchanged: bool,
    pub shard: Option<Shard>,
}

/// The workbooks of `files` that belong to `shard` (all without one).
pub(crate) fn select(root: &Path, files: Vec<PathBuf>, shard: Option<Shard>) -> Vec<PathBuf> {
    match shard {
        None => files,
        Some(s) => files
            .into_iter()
            .filter(|f| s.contains(&relative_name(root, f)))
            .collect(),
    }
}

/// Build every workbook of `files` (relative names taken from `root`), calling `report`
/// on this thread with each result as it arrives (in completion order, with its index
/// in `files`). Writes the records to `OUT/summary*.jsonl` as they arrive, and returns
/// them in `files` order.
pub fn run(
    project: &Project,
    root: &Path,
    files: &[PathBuf],
    opts: &BatchOptions,
    report: &mut dyn FnMut(usize, &CountyResult),
) -> Result<Vec<Record>, PipelineError> {
    let workers = opts.jobs.max(1).min(files.len().max(1));
    // Threads left over when there are fewer counties than threads go to the counties'
    // documents and parts.
    let per_worker = (opts.jobs.max(1) / workers).max(1);
    let pools: Vec<rayon::ThreadPool> = (0..workers)
        .map(|_| thread_pool(per_worker))
        .collect::<Result<_, _>>()?;
    std::fs::create_dir_all(&opts.out).map_err(|e| {
        PipelineError::Write(crate::render::output::WriteError {
            path: opts.out.display().to_string(),
            source: e,
        })
    })?;
    let jsonl_path = opts.out.join(Shard::summary_name(opts.shard));
    // Written fresh, then one line per county as it finishes: a killed run leaves the
    // lines of every county it finished.
    write_atomic(&jsonl_path, b"")?;
    let mut jsonl = std::fs::OpenOptions::new()
        .append(true)
        .open(&jsonl_path)
        .map_err(|e| {
            PipelineError::Write(crate::render::output::WriteError {
                path: jsonl_path.display().to_string(),
                source: e,
            })
        })?;

    let next = AtomicUsize::new(0);
    let claims: Mutex<HashMap<PathBuf, PathBuf>> = Mutex::new(HashMap::new());
    let (tx, rx) = mpsc::channel::<(usize, CountyResult)>();
    let mut records: Vec<Option<Record>> = vec![None; files.len()];
    let mut write_error = None;
    let mut spawned = 0;
    std::thread::scope(|scope| {
        for pool in &pools {
            let tx = tx.clone();
            let (next, claims) = (&next, &claims);
            let work = move || {
                pool.install(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = files.get(i) else { break };
                        let result = build_one(project, file, opts, claims);
                        // Typst's memoised results of this county: kept only while
                        // another county in flight may still use them.
                        comemo::evict(workers);
                        if tx.send((i, result)).is_err() {
                            break;
                        }
                    }
                });
            };
            // The worker itself only waits on its pool, whose threads do the work.
            if std::thread::Builder::new()
                .spawn_scoped(scope, work)
                .is_ok()
            {
                spawned += 1;
            }
        }
        drop(tx);
        for (i, result) in rx {
            let file = files
                .get(i)
                .map(|f| relative_name(root, f))
                .unwrap_or_default();
            let record = match &result {
                CountyResult::Done(outcome) => Record::of_outcome(file, &opts.out, outcome),
                CountyResult::Failed(e) => Record::new(
                    file,
                    if e.is_input() {
                        Status::InputError
                    } else {
                        Status::Failed
                    },
                ),
                CountyResult::Duplicate { county, .. } => {
                    let mut r = Record::new(file, Status::Duplicate);
                    r.county = Some(county.clone());
                    r
                }
            };
            report(i, &result);
            drop(result);
            if let Ok(mut line) = serde_json::to_vec(&record) {
                line.push(b'\n');
                if let Err(e) = jsonl.write_all(&line).and_then(|()| jsonl.flush()) {
                    write_error.get_or_insert(e);
                }
            }
            if let Some(slot) = records.get_mut(i) {
                *slot = Some(record);
            }
        }
    });
    if spawned == 0 {
        return Err(PipelineError::Threads("无法启动工作线程".to_string()));
    }
    if let Some(source) = write_error {
        return Err(PipelineError::Write(crate::render::output::WriteError {
            path: jsonl_path.display().to_string(),
            source,
        }));
    }
    Ok(records.into_iter().flatten().collect())
}

/// Load one workbook, claim its county's folder, build it.
fn build_one(
    project: &Project,
    file: &Path,
    opts: &BatchOptions,
    claims: &Mutex<HashMap<PathBuf, PathBuf>>,
) -> CountyResult {
    let prepared = match project.load(Input::Path(file)) {
        Ok(p) => p,
        Err(e) => return CountyResult::Failed(e),
    };
    // Two workbooks of one county would overwrite each other's files: the first one
    // read builds, the other is reported.
    let dir = county_dir(&opts.out, &prepared.county.info.county_name);
    {
        let mut claims = claims.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(first) = claims.get(&dir) {
            return CountyResult::Duplicate {
                county: prepared.county.info.county_name.clone(),
                first: first.clone(),
            };
        }
        claims.insert(dir, file.to_path_buf());
    }
    match project.build_prepared(prepared, &opts.out, opts.skip_unchanged, &mut |_| {}) {
        Ok(outcome) => CountyResult::Done(Box::new(outcome)),
        Err(e) => CountyResult::Failed(e),
    }
}

/// Read the records of shard summaries: every `summary*.jsonl` in each folder (or the
/// given files). Err names the file and line that is not a record.
pub(crate) fn read_records(paths: &[PathBuf]) -> Result<Vec<Record>, RecordsError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let Ok(entries) = std::fs::read_dir(path) else {
                return Err(RecordsError::Folder(path.clone()));
            };
            let mut found: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("summary") && n.ends_with(".jsonl"))
                })
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    if files.is_empty() {
        return Err(RecordsError::NoFiles);
    }
    let mut records = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|source| RecordsError::Read {
            file: file.clone(),
            source,
        })?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let record: Record =
                serde_json::from_str(line).map_err(|source| RecordsError::Record {
                    file: file.clone(),
                    line: n + 1,
                    source,
                })?;
            records.push(record);
        }
    }
    // Path order, as a single run lists them; a county built twice (a re-run shard)
    // counts once, its last record winning.
    let mut by_file: std::collections::BTreeMap<String, Record> = Default::default();
    for r in records {
        by_file.insert(r.file.clone(), r);
    }
    Ok(by_file.into_values().collect())
}

/// The 汇总表's inputs from records in path order: the rows of the counties built, the
/// workbooks that were not, and the date (the latest 成文日期 unless `date` is given).
pub(crate) fn summary_inputs(
    records: &[Record],
    date: Option<Date>,
) -> (Vec<SummaryRow>, Vec<String>, Option<Date>) {
    let rows = records.iter().filter_map(|r| r.row.clone()).collect();
    let skipped = records
        .iter()
        .filter(|r| !r.status.ok())
        .map(|r| r.file.clone())
        .collect();
    let date = date.or_else(|| records.iter().filter_map(Record::date).max());
    (rows, skipped, date)
}

/// The folder's 汇总表 over `records` (every county that was built), in the editions the
/// project's options ask for, as `out/汇总表.pdf` and `.docx`; dated `date`, else the
/// latest 成文日期, else today. Typeset on worker threads with the large stacks a long
/// table needs.
pub(crate) fn write_folder_summary(
    project: &Project,
    records: &[Record],
    out: &Path,
    date: Option<Date>,
    jobs: usize,
) -> Result<super::SummaryFiles, PipelineError> {
    let (rows, skipped, date) = summary_inputs(records, date);
    let date = date.unwrap_or_else(super::today);
    thread_pool(jobs)?.install(|| project.write_summary(&out.join("汇总表"), &rows, &skipped, date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_partition() {
        assert_eq!(Shard::parse("3/8"), Ok(Shard { index: 3, count: 8 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let names: Vec<String> = (0..500)
            .map(|i| format!("省/市{}/县{i}.xlsx", i % 7))
            .collect();
        let mut seen = 0;
        for k in 1..=4 {
            let shard = Shard { index: k, count: 4 };
            let part = names.iter().filter(|n| shard.contains(n)).count();
            assert!(part > 80, "shard {k} has {part} of 500");
            seen += part;
        }
        assert_eq!(seen, names.len(), "every file in exactly one shard");
        // Stable: the same name, the same shard, whatever else is in the folder.
        assert_eq!(Shard::of("a/b.xlsx", 8), Shard::of("a/b.xlsx", 8));
    }

    #[test]
    fn dates_round_trip() {
        let d = Date {
            year: 2026,
            month: 3,
            day: 6,
        };
        assert_eq!(parse_date_text(&date_text(d)), Some(d));
    }
}
