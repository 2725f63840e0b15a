//! The server's store: one SQLite file under `--data` holding accounts, sessions,
//! uploads and the audit log; the uploaded workbooks and their documents lie beside it
//! in `files/<id>/`. A backup is a copy of the folder. The schema is versioned
//! (`PRAGMA user_version`) and migrated forward at open.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// Forward migrations; entry N takes the schema from version N to N+1. Never edit a
/// released entry: append a new one.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('county', 'office')),
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
    hash BLOB PRIMARY KEY,
    account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE county_versions (
    county TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    county TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    uploader TEXT NOT NULL,
    file_name TEXT NOT NULL,
    ext TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    status TEXT NOT NULL,
    message TEXT,
    passed INTEGER NOT NULL,
    verdict TEXT NOT NULL,
    warnings TEXT NOT NULL,
    previous TEXT,
    UNIQUE (county, version)
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    upload TEXT,
    county TEXT,
    detail TEXT NOT NULL
);
"#];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    County,
    Office,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::County => "county",
            Role::Office => "office",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "county" | "县区" => Some(Role::County),
            "office" | "督导室" => Some(Role::Office),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::County => "县区",
            Role::Office => "督导室",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub created_at: i64,
}

/// Build state of an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Building,
    Ready,
    Failed,
}

impl Status {
    fn key(self) -> &'static str {
        match self {
            Status::Building => "building",
            Status::Ready => "ready",
            Status::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Status {
        match text {
            "ready" => Status::Ready,
            "building" => Status::Building,
            _ => Status::Failed,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Building => "正在生成",
            Status::Ready => "已生成",
            Status::Failed => "生成失败",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Upload {
    pub id: String,
    pub county: String,
    pub version: i64,
    pub created_at: i64,
    pub uploader: String,
    /// The client's file name: shown (escaped), never used as a path.
    pub file_name: String,
    pub ext: String,
    pub sha256: String,
    pub bytes: i64,
    pub status: Status,
    pub message: Option<String>,
    pub passed: bool,
    /// The verdict object of the results JSON.
    pub verdict: String,
    /// The warnings, as JSON.
    pub warnings: String,
    /// The version this one was compared with (数据更正对照表).
    pub previous: Option<String>,
}

/// What a new upload records.
pub(crate) struct NewUpload<'a> {
    pub id: &'a str,
    pub county: &'a str,
    pub uploader: &'a str,
    pub file_name: &'a str,
    pub ext: &'a str,
    pub sha256: &'a str,
    pub bytes: i64,
    pub passed: bool,
    pub verdict: &'a str,
    pub warnings: &'a str,
}

#[derive(Debug, Clone)]
pub(crate) struct AuditEntry {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub upload: Option<String>,
    pub county: Option<String>,
    pub detail: String,
}

/// Who may see what: `None` is every county, `Some(c)` one county only.
pub type Scope<'a> = Option<&'a str>;

pub(crate) struct Store {
    conn: Connection,
    root: PathBuf,
}

/// What went wrong with the data folder; Display is the Chinese message.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("数据库错误：{0}")]
    Db(#[from] rusqlite::Error),
    #[error("无法取得随机数：{0}")]
    Random(getrandom::Error),
    #[error("无法创建数据文件夹「{}」：{source}", dir.display())]
    CreateDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    /// The data folder's format version, newer than this program knows.
    #[error("数据文件夹由更新版本的 junheng 创建（数据格式第 {0} 版），请升级程序")]
    Newer(i64),
    #[error("账号名称应为 1～64 个字符（县区账号用县区名称，如“清禾区”）")]
    BadAccountName,
    #[error("账号「{0}」已存在；如需新令牌，请先删除再添加")]
    AccountExists(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

fn db_err(e: rusqlite::Error) -> StoreError {
    StoreError::Db(e)
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// `n` random bytes from the operating system, as lowercase hex.
pub(crate) fn random_hex(n: usize) -> Result<String> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(StoreError::Random)?;
    Ok(hex(&buf))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Tokens are 256-bit random: one SHA-256 is enough to store them (nothing to brute-force).
pub(crate) fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.trim().as_bytes()).to_vec()
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// An upload id as the server makes them: 32 lowercase hex digits (128 bits).
pub(crate) fn is_id(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

const UPLOAD_COLUMNS: &str = "id, county, version, created_at, uploader, file_name, ext, sha256, \
    bytes, status, message, passed, verdict, warnings, previous";

fn upload_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Upload> {
    let status: String = row.get(9)?;
    Ok(Upload {
        id: row.get(0)?,
        county: row.get(1)?,
        version: row.get(2)?,
        created_at: row.get(3)?,
        uploader: row.get(4)?,
        file_name: row.get(5)?,
        ext: row.get(6)?,
        sha256: row.get(7)?,
        bytes: row.get(8)?,
        status: Status::parse(&status),
        message: row.get(10)?,
        passed: row.get::<_, i64>(11)? != 0,
        verdict: row.get(12)?,
        warnings: row.get(13)?,
        previous: row.get(14)?,
    })
}

fn account_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    let role: String = row.get(2)?;
    Ok(Account {
        id: row.get(0)?,
        name: row.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::County),
        created_at: row.get(3)?,
    })
}

impl Store {
    /// Open (creating when needed) the store in `dir` and migrate it.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir.join("files")).map_err(|source| StoreError::CreateDir {
            dir: dir.to_path_buf(),
            source,
        })?;
        let conn = Connection::open(dir.join("junheng.sqlite3")).map_err(db_err)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
        )
        .map_err(db_err)?;
        let mut store = Store {
            conn,
            root: dir.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(db_err)?;
        if version as usize > MIGRATIONS.len() {
            return Err(StoreError::Newer(version));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction().map_err(db_err)?;
            tx.execute_batch(sql).map_err(db_err)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .map_err(db_err)?;
            tx.commit().map_err(db_err)?;
        }
        Ok(())
    }

    #[cfg(test)]
    pub(crate) fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(db_err)
    }

    /// The folder of one upload's files.
    pub(crate) fn files_dir(&self, id: &str) -> PathBuf {
        self.root.join("files").join(id)
    }

    // ------------------------------------------------------------ accounts

    /// Add an account; Ok is its token (shown once, stored hashed).
    pub(crate) fn add_account(&self, name: &str, role: Role) -> Result<String> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(StoreError::BadAccountName);
        }
        let token = random_hex(32)?;
        let inserted = self.conn.execute(
            "INSERT INTO accounts (name, role, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, role.key(), token_hash(&token), now()],
        );
        match inserted {
            Ok(_) => Ok(token),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Err(StoreError::AccountExists(name.to_string()))
            }
            Err(e) => Err(db_err(e)),
        }
    }

    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut st = self
            .conn
            .prepare("SELECT id, name, role, created_at FROM accounts ORDER BY role DESC, name")
            .map_err(db_err)?;
        let rows = st.query_map([], account_row).map_err(db_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db_err)
    }

    pub(crate) fn account_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
            .map_err(db_err)
    }

    /// Remove an account (and its sessions). Ok(false) when there is none of that name.
    pub(crate) fn remove_account(&self, name: &str) -> Result<bool> {
        let n = self
            .conn
            .execute("DELETE FROM accounts WHERE name = ?1", params![name.trim()])
            .map_err(db_err)?;
        Ok(n > 0)
    }

    pub(crate) fn account_by_token(&self, token: &str) -> Result<Option<Account>> {
        self.conn
            .query_row(
                "SELECT id, name, role, created_at FROM accounts WHERE token_hash = ?1",
                params![token_hash(token)],
                account_row,
            )
            .optional()
            .map_err(db_err)
    }

    // ------------------------------------------------------------ sessions

    /// A new session for an account (None: the shared `--token`). Ok is (cookie, csrf).
    pub(crate) fn create_session(
        &self,
        account: Option<i64>,
        lifetime: i64,
    ) -> Result<(String, String)> {
        let token = random_hex(32)?;
        let csrf = random_hex(32)?;
        self.conn
            .execute("DELETE FROM sessions WHERE expires_at < ?1", params![now()])
            .map_err(db_err)?;
        self.conn
            .execute(
                "INSERT INTO sessions (hash, account_id, csrf, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![token_hash(&token), account, csrf, now() + lifetime],
            )
            .map_err(db_err)?;
        Ok((token, csrf))
    }

    /// The session's account (None inside: the shared token) and CSRF token.
    pub fn session(&self, token: &str) -> Result<Option<(Option<Account>, String)>> {
        let found: Option<(Option<i64>, String)> = self
            .conn
            .query_row(
                "SELECT account_id, csrf FROM sessions WHERE hash = ?1 AND expires_at >= ?2",
                params![token_hash(token), now()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(db_err)?;
        let Some((account_id, csrf)) = found else {
            return Ok(None);
        };
        let account = match account_id {
            None => None,
            Some(id) => {
                let account = self
                    .conn
                    .query_row(
                        "SELECT id, name, role, created_at FROM accounts WHERE id = ?1",
                        params![id],
                        account_row,
                    )
                    .optional()
                    .map_err(db_err)?;
                match account {
                    Some(a) => Some(a),
                    None => return Ok(None),
                }
            }
        };
        Ok(Some((account, csrf)))
    }

    pub(crate) fn delete_session(&self, token: &str) -> Result<()> {
        self.conn
            .execute(
                "DELETE FROM sessions WHERE hash = ?1",
                params![token_hash(token)],
            )
            .map_err(db_err)?;
        Ok(())
    }

    // ------------------------------------------------------------ uploads

    /// Record a checked upload as the county's next version; Ok is the version number.
    pub(crate) fn insert_upload(&mut self, u: &NewUpload<'_>) -> Result<i64> {
        let tx = self.conn.transaction().map_err(db_err)?;
        let last: i64 = tx
            .query_row(
                "SELECT last FROM county_versions WHERE county = ?1",
                params![u.county],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_err)?
            .unwrap_or(0);
        let version = last + 1;
        tx.execute(
            "INSERT INTO county_versions (county, last) VALUES (?1, ?2)
             ON CONFLICT (county) DO UPDATE SET last = excluded.last",
            params![u.county, version],
        )
        .map_err(db_err)?;
        let previous: Option<String> = tx
            .query_row(
                "SELECT id FROM uploads WHERE county = ?1 ORDER BY version DESC LIMIT 1",
                params![u.county],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_err)?;
        tx.execute(
            &format!(
                "INSERT INTO uploads ({UPLOAD_COLUMNS}) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'building', NULL, ?10, ?11, ?12, ?13)"
            ),
            params![
                u.id,
                u.county,
                version,
                now(),
                u.uploader,
                u.file_name,
                u.ext,
                u.sha256,
                u.bytes,
                u.passed as i64,
                u.verdict,
                u.warnings,
                previous
            ],
        )
        .map_err(db_err)?;
        tx.commit().map_err(db_err)?;
        Ok(version)
    }

    pub(crate) fn set_status(
        &self,
        id: &str,
        status: Status,
        message: Option<&str>,
        bytes: i64,
    ) -> Result<()> {
        self.conn
            .execute(
                "UPDATE uploads SET status = ?2, message = ?3, bytes = ?4 WHERE id = ?1",
                params![id, status.key(), message, bytes],
            )
            .map_err(db_err)?;
        Ok(())
    }

    /// One upload, if `scope` may see it (the same None whether it is absent or foreign).
    pub fn upload(&self, id: &str, scope: Scope<'_>) -> Result<Option<Upload>> {
        if !is_id(id) {
            return Ok(None);
        }
        let found = self
            .conn
            .query_row(
                &format!("SELECT {UPLOAD_COLUMNS} FROM uploads WHERE id = ?1"),
                params![id],
                upload_row,
            )
            .optional()
            .map_err(db_err)?;
        Ok(found.filter(|u| scope.is_none_or(|c| c == u.county)))
    }

    /// Uploads `scope` may see, newest first.
    pub fn uploads(&self, scope: Scope<'_>) -> Result<Vec<Upload>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE ?1 IS NULL OR county = ?1 \
                 ORDER BY created_at DESC, county, version DESC"
            ))
            .map_err(db_err)?;
        let rows = st.query_map(params![scope], upload_row).map_err(db_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db_err)
    }

    /// Every version of one county, newest first.
    pub(crate) fn versions(&self, county: &str) -> Result<Vec<Upload>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE county = ?1 ORDER BY version DESC"
            ))
            .map_err(db_err)?;
        let rows = st.query_map(params![county], upload_row).map_err(db_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db_err)
    }

    /// The newest built version of each county `scope` may see, by county.
    pub(crate) fn latest_ready(&self, scope: Scope<'_>) -> Result<Vec<Upload>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {UPLOAD_COLUMNS} FROM uploads u WHERE status = 'ready' \
                 AND (?1 IS NULL OR county = ?1) AND version = \
                 (SELECT max(version) FROM uploads v WHERE v.county = u.county AND v.status = 'ready') \
                 ORDER BY county"
            ))
            .map_err(db_err)?;
        let rows = st.query_map(params![scope], upload_row).map_err(db_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db_err)
    }

    /// Uploads left half-built by a stopped server.
    pub(crate) fn unfinished(&self) -> Result<Vec<Upload>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE status = 'building' ORDER BY created_at"
            ))
            .map_err(db_err)?;
        let rows = st.query_map([], upload_row).map_err(db_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db_err)
    }

    /// Delete an upload's record and files.
    pub(crate) fn delete_upload(&self, id: &str) -> Result<()> {
        if !is_id(id) {
            return Ok(());
        }
        self.conn
            .execute("DELETE FROM uploads WHERE id = ?1", params![id])
            .map_err(db_err)?;
        self.conn
            .execute(
                "UPDATE uploads SET previous = NULL WHERE previous = ?1",
                params![id],
            )
            .map_err(db_err)?;
        let _ = std::fs::remove_dir_all(self.files_dir(id));
        Ok(())
    }

    /// (versions, bytes) the county holds.
    pub fn usage(&self, county: &str) -> Result<(i64, i64)> {
        self.conn
            .query_row(
                "SELECT count(*), coalesce(sum(bytes), 0) FROM uploads WHERE county = ?1",
                params![county],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(db_err)
    }

    /// Delete the county's oldest versions beyond `keep` versions or `quota` bytes (the
    /// newest is always kept). Ok is the ids deleted.
    pub(crate) fn enforce_retention(
        &self,
        county: &str,
        keep: i64,
        quota: i64,
    ) -> Result<Vec<String>> {
        let versions = self.versions(county)?;
        let mut kept = 0i64;
        let mut bytes = 0i64;
        let mut deleted = Vec::new();
        for u in versions {
            let fits = kept < keep.max(1) && bytes + u.bytes <= quota;
            if kept == 0 || fits {
                kept += 1;
                bytes += u.bytes;
            } else if u.status != Status::Building {
                self.delete_upload(&u.id)?;
                deleted.push(u.id);
            }
        }
        Ok(deleted)
    }

    // ------------------------------------------------------------ audit

    pub fn audit(
        &self,
        actor: &str,
        action: &str,
        upload: Option<&str>,
        county: Option<&str>,
        detail: &str,
    ) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO audit (at, actor, action, upload, county, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![now(), actor, action, upload, county, detail],
            )
            .map_err(db_err)?;
        Ok(())
    }

    pub(crate) fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT at, actor, action, upload, county, detail FROM audit ORDER BY id DESC LIMIT ?1",
            )
            .map_err(db_err)?;
        let rows = st
            .query_map(params![limit], |r| {
                Ok(AuditEntry {
                    at: r.get(0)?,
                    actor: r.get(1)?,
                    action: r.get(2)?,
                    upload: r.get(3)?,
                    county: r.get(4)?,
                    detail: r.get(5)?,
                })
            })
            .map_err(db_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_upload<'a>(id: &'a str, county: &'a str) -> NewUpload<'a> {
        NewUpload {
            id,
            county,
            uploader: "测试",
            file_name: "a.xlsx",
            ext: "xlsx",
            sha256: "00",
            bytes: 100,
            passed: false,
            verdict: "{}",
            warnings: "[]",
        }
    }

    #[test]
    fn versions_count_per_county_and_scope_hides_other_counties() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let a1 = "a".repeat(32);
        let a2 = "b".repeat(32);
        let b1 = "c".repeat(32);
        assert_eq!(store.insert_upload(&new_upload(&a1, "甲区")).unwrap(), 1);
        assert_eq!(store.insert_upload(&new_upload(&a2, "甲区")).unwrap(), 2);
        assert_eq!(store.insert_upload(&new_upload(&b1, "乙县")).unwrap(), 1);
        assert!(store.upload(&b1, Some("甲区")).unwrap().is_none());
        assert!(store.upload(&b1, None).unwrap().is_some());
        assert_eq!(store.uploads(Some("甲区")).unwrap().len(), 2);
        let second = store.upload(&a2, Some("甲区")).unwrap().unwrap();
        assert_eq!(second.previous.as_deref(), Some(a1.as_str()));
    }

    #[test]
    fn retention_keeps_the_newest_versions() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let ids: Vec<String> = (0..4).map(|i| format!("{i:032x}")).collect();
        for id in &ids {
            store.insert_upload(&new_upload(id, "甲区")).unwrap();
            store.set_status(id, Status::Ready, None, 100).unwrap();
        }
        let deleted = store.enforce_retention("甲区", 2, 1_000_000).unwrap();
        assert_eq!(deleted, vec![ids[1].clone(), ids[0].clone()]);
        let deleted = store.enforce_retention("甲区", 10, 150).unwrap();
        assert_eq!(deleted, vec![ids[2].clone()]);
        assert_eq!(store.usage("甲区").unwrap(), (1, 100));
    }

    #[test]
    fn accounts_store_only_a_hash_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let token = {
            let store = Store::open(dir.path()).unwrap();
            store.add_account("清禾区", Role::County).unwrap()
        };
        let raw = std::fs::read(dir.path().join("junheng.sqlite3")).unwrap();
        assert!(!raw.windows(token.len()).any(|w| w == token.as_bytes()));
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let account = store.account_by_token(&token).unwrap().unwrap();
        assert_eq!(account.name, "清禾区");
        assert!(store.account_by_token("0").unwrap().is_none());
        assert!(store.add_account("清禾区", Role::Office).is_err());
        assert!(store.remove_account("清禾区").unwrap());
        assert!(store.account_by_token(&token).unwrap().is_none());
    }
}
