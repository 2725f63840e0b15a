//! The server's store: one SQLite file under `--data` holding accounts, sessions,
//! uploads and the audit log; the uploaded workbooks and their documents lie beside it
//! in `files/<id>/`. A backup is a copy of the folder. The schema is versioned
//! (`PRAGMA user_version`) and migrated forward at open.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// Forward migrations; entry N takes the schema from version N to N+1. Never edit a
/// released entry: append a new one.
const MIGRATIONS: &[&str] = &[
    r#"
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
"#,
    // Version 2: counties are told apart by 上级行政区 (two 鼓楼区 are two counties). Uploads
    // kept from version 1 are marked unidentified: the server reads their workbooks again at
    // start to learn their 上级行政区 (`Store::unidentified`). Accounts may carry the county
    // and its 上级行政区; the audit log records the client's address.
    r#"
CREATE TABLE uploads_v2 (
    id TEXT PRIMARY KEY,
    region TEXT NOT NULL DEFAULT '',
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
    identified INTEGER NOT NULL DEFAULT 1,
    UNIQUE (region, county, version)
);
INSERT INTO uploads_v2 (id, region, county, version, created_at, uploader, file_name, ext,
    sha256, bytes, status, message, passed, verdict, warnings, previous, identified)
SELECT id, '', county, version, created_at, uploader, file_name, ext, sha256, bytes, status,
    message, passed, verdict, warnings, previous, 0 FROM uploads;
DROP TABLE uploads;
ALTER TABLE uploads_v2 RENAME TO uploads;
CREATE TABLE county_versions_v2 (
    region TEXT NOT NULL,
    county TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (region, county)
);
INSERT INTO county_versions_v2 (region, county, last) SELECT '', county, last FROM county_versions;
DROP TABLE county_versions;
ALTER TABLE county_versions_v2 RENAME TO county_versions;
ALTER TABLE accounts ADD COLUMN county TEXT;
ALTER TABLE accounts ADD COLUMN region TEXT;
ALTER TABLE audit ADD COLUMN ip TEXT;
CREATE INDEX audit_at ON audit (at);
"#,
];

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
    /// A county account's 县区名称 (its name unless given apart).
    pub county: String,
    /// A county account's 上级行政区; None until given or learnt from its first upload.
    pub region: Option<String>,
}

/// A county as the server tells counties apart: 上级行政区 and 县区名称, shown together
/// (`江苏省南京市鼓楼区`) or the name alone when the workbook gives no 上级行政区.
pub fn county_label(region: &str, county: &str) -> String {
    format!("{region}{county}")
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
    /// 上级行政区 ("" when the workbook gives none).
    pub region: String,
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
    pub region: &'a str,
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
    pub ip: Option<String>,
    pub actor: String,
    pub action: String,
    pub upload: Option<String>,
    pub county: Option<String>,
    pub detail: String,
}

/// Who may see what: `None` is every county, `Some((县区名称, 上级行政区))` one county
/// only; a county account not yet bound to a 上级行政区 (`None` inside) sees nothing.
pub type Scope<'a> = Option<(&'a str, Option<&'a str>)>;

fn in_scope(scope: Scope<'_>, u: &Upload) -> bool {
    scope.is_none_or(|(county, region)| county == u.county && region == Some(u.region.as_str()))
}

/// What the office filters the audit log by.
#[derive(Debug, Clone, Default)]
pub(crate) struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub county: Option<String>,
    pub ip: Option<String>,
    /// Seconds since 1970, inclusive.
    pub from: Option<i64>,
    /// Seconds since 1970, exclusive.
    pub to: Option<i64>,
    pub limit: i64,
}

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
    #[error(
        "账号「{0}」已存在；如需新令牌，请先删除再添加（另一个同名县区请用 --region 给出上级行政区）"
    )]
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

/// An upload id as the server makes them: 32 lowercase hex digits (128 bits).
pub(crate) fn is_id(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

const UPLOAD_COLUMNS: &str = "id, county, version, created_at, uploader, file_name, ext, sha256, \
    bytes, status, message, passed, verdict, warnings, previous, region";

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
        region: row.get(15)?,
    })
}

const ACCOUNT_COLUMNS: &str = "id, name, role, created_at, county, region";

fn account_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    let role: String = row.get(2)?;
    let name: String = row.get(1)?;
    let county: Option<String> = row.get(4)?;
    Ok(Account {
        id: row.get(0)?,
        county: county.unwrap_or_else(|| name.clone()),
        name,
        role: Role::parse(&role).unwrap_or(Role::County),
        created_at: row.get(3)?,
        region: row.get(5)?,
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
        // Foreign keys stay off while migrations rebuild tables (a dropped table would
        // otherwise cascade into the sessions).
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;")
            .map_err(db_err)?;
        let mut store = Store {
            conn,
            root: dir.to_path_buf(),
        };
        store.migrate()?;
        store
            .conn
            .execute_batch("PRAGMA foreign_keys = ON;")
            .map_err(db_err)?;
        private_tree(dir);
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
    /// A county account's name is its county's, with the 上级行政区 in front when given.
    pub(crate) fn add_account(
        &self,
        name: &str,
        role: Role,
        region: Option<&str>,
    ) -> Result<String> {
        let county = name.trim();
        if county.is_empty() || county.chars().count() > 64 {
            return Err(StoreError::BadAccountName);
        }
        let region = match role {
            Role::County => region
                .map(super::pipeline::normalize_region)
                .filter(|r| !r.is_empty()),
            Role::Office => None,
        };
        let name = match &region {
            Some(r) => county_label(r, county),
            None => county.to_string(),
        };
        let token = random_hex(32)?;
        let inserted = self.conn.execute(
            "INSERT INTO accounts (name, role, token_hash, created_at, county, region) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                name,
                role.key(),
                token_hash(&token),
                now(),
                (role == Role::County).then_some(county),
                region
            ],
        );
        let name = name.as_str();
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
            .prepare(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY role DESC, name"
            ))
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

    /// Bind a county account to the 上级行政区 of its first upload.
    pub(crate) fn bind_account(&self, id: i64, region: &str) -> Result<bool> {
        let n = self
            .conn
            .execute(
                "UPDATE accounts SET region = ?2 WHERE id = ?1 AND region IS NULL",
                params![id, region],
            )
            .map_err(db_err)?;
        Ok(n > 0)
    }

    pub(crate) fn account_by_token(&self, token: &str) -> Result<Option<Account>> {
        self.conn
            .query_row(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE token_hash = ?1"),
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
                        &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?1"),
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
                "SELECT last FROM county_versions WHERE region = ?1 AND county = ?2",
                params![u.region, u.county],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_err)?
            .unwrap_or(0);
        let version = last + 1;
        tx.execute(
            "INSERT INTO county_versions (region, county, last) VALUES (?1, ?2, ?3)
             ON CONFLICT (region, county) DO UPDATE SET last = excluded.last",
            params![u.region, u.county, version],
        )
        .map_err(db_err)?;
        let previous: Option<String> = tx
            .query_row(
                "SELECT id FROM uploads WHERE region = ?1 AND county = ?2 \
                 ORDER BY version DESC LIMIT 1",
                params![u.region, u.county],
                |r| r.get(0),
            )
            .optional()
            .map_err(db_err)?;
        tx.execute(
            &format!(
                "INSERT INTO uploads ({UPLOAD_COLUMNS}) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'building', NULL, ?10, ?11, ?12, ?13, ?14)"
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
                previous,
                u.region
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
        Ok(found.filter(|u| in_scope(scope, u)))
    }

    /// Uploads `scope` may see, newest first.
    pub fn uploads(&self, scope: Scope<'_>) -> Result<Vec<Upload>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE ?1 IS NULL OR (county = ?1 AND region = ?2) \
                 ORDER BY created_at DESC, county, region, version DESC"
            ))
            .map_err(db_err)?;
        let (county, region) = scope.unzip();
        let rows = st
            .query_map(params![county, region.flatten()], upload_row)
            .map_err(db_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db_err)
    }

    /// Every version of one county, newest first.
    pub(crate) fn versions(&self, region: &str, county: &str) -> Result<Vec<Upload>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE region = ?1 AND county = ?2 \
                 ORDER BY version DESC"
            ))
            .map_err(db_err)?;
        let rows = st
            .query_map(params![region, county], upload_row)
            .map_err(db_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db_err)
    }

    /// The newest built version of each county `scope` may see, by county.
    pub(crate) fn latest_ready(&self, scope: Scope<'_>) -> Result<Vec<Upload>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {UPLOAD_COLUMNS} FROM uploads u WHERE status = 'ready' \
                 AND (?1 IS NULL OR (county = ?1 AND region = ?2)) AND version = \
                 (SELECT max(version) FROM uploads v WHERE v.county = u.county \
                  AND v.region = u.region AND v.status = 'ready') \
                 ORDER BY county, region"
            ))
            .map_err(db_err)?;
        let (county, region) = scope.unzip();
        let rows = st
            .query_map(params![county, region.flatten()], upload_row)
            .map_err(db_err)?;
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
    pub fn usage(&self, region: &str, county: &str) -> Result<(i64, i64)> {
        self.conn
            .query_row(
                "SELECT count(*), coalesce(sum(bytes), 0) FROM uploads \
                 WHERE region = ?1 AND county = ?2",
                params![region, county],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(db_err)
    }

    /// Delete the county's oldest versions beyond `keep` versions or `quota` bytes (the
    /// newest is always kept). Ok is the ids deleted.
    pub(crate) fn enforce_retention(
        &self,
        region: &str,
        county: &str,
        keep: i64,
        quota: i64,
    ) -> Result<Vec<String>> {
        let versions = self.versions(region, county)?;
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
        ip: Option<&str>,
    ) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO audit (at, actor, action, upload, county, detail, ip) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![now(), actor, action, upload, county, detail, ip],
            )
            .map_err(db_err)?;
        Ok(())
    }

    /// The newest entries first, filtered.
    pub(crate) fn audit_log(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT at, actor, action, upload, county, detail, ip FROM audit \
                 WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2) \
                 AND (?3 IS NULL OR instr(county, ?3) > 0) AND (?4 IS NULL OR ip = ?4) \
                 AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at < ?6) \
                 ORDER BY id DESC LIMIT ?7",
            )
            .map_err(db_err)?;
        let rows = st
            .query_map(
                params![f.actor, f.action, f.county, f.ip, f.from, f.to, f.limit],
                |r| {
                    Ok(AuditEntry {
                        at: r.get(0)?,
                        actor: r.get(1)?,
                        action: r.get(2)?,
                        upload: r.get(3)?,
                        county: r.get(4)?,
                        detail: r.get(5)?,
                        ip: r.get(6)?,
                    })
                },
            )
            .map_err(db_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db_err)
    }

    /// Distinct actors and actions, for the audit page's filter lists.
    pub(crate) fn audit_choices(&self) -> Result<(Vec<String>, Vec<String>)> {
        let list = |sql: &str| -> Result<Vec<String>> {
            let mut st = self.conn.prepare(sql).map_err(db_err)?;
            let rows = st.query_map([], |r| r.get(0)).map_err(db_err)?;
            rows.collect::<rusqlite::Result<Vec<String>>>()
                .map_err(db_err)
        };
        Ok((
            list("SELECT DISTINCT actor FROM audit ORDER BY actor LIMIT 500")?,
            list("SELECT DISTINCT action FROM audit ORDER BY action LIMIT 200")?,
        ))
    }

    // ------------------------------------------------------------ version 1 stores

    /// Uploads kept from a version-1 store, whose 上级行政区 is not known yet.
    pub(crate) fn unidentified(&self) -> Result<Vec<Upload>> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE identified = 0 ORDER BY created_at"
            ))
            .map_err(db_err)?;
        let rows = st.query_map([], upload_row).map_err(db_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db_err)
    }

    /// Record what an old upload's workbook says (None: it could not be read again; it
    /// keeps no 上级行政区).
    pub(crate) fn identify(&self, id: &str, region: Option<&str>) -> Result<()> {
        self.conn
            .execute(
                "UPDATE uploads SET region = coalesce(?2, region), identified = 1 WHERE id = ?1",
                params![id, region],
            )
            .map_err(db_err)?;
        Ok(())
    }

    /// After [`Self::identify`]: version counters per (上级行政区, 县区), no comparison
    /// across two counties that shared a name, and each old county account bound to the
    /// 上级行政区 of its uploads when they all agree.
    pub(crate) fn finish_identifying(&mut self) -> Result<()> {
        let tx = self.conn.transaction().map_err(db_err)?;
        tx.execute_batch(
            "DELETE FROM county_versions;
             INSERT INTO county_versions (region, county, last)
                 SELECT region, county, max(version) FROM uploads GROUP BY region, county;
             UPDATE uploads SET previous = NULL WHERE previous IS NOT NULL AND NOT EXISTS
                 (SELECT 1 FROM uploads p WHERE p.id = uploads.previous
                  AND p.region = uploads.region AND p.county = uploads.county);
             UPDATE accounts SET region =
                 (SELECT min(u.region) FROM uploads u WHERE u.county = coalesce(accounts.county, accounts.name))
             WHERE role = 'county' AND region IS NULL AND
                 (SELECT count(DISTINCT u.region) FROM uploads u
                  WHERE u.county = coalesce(accounts.county, accounts.name)) = 1;",
        )
        .map_err(db_err)?;
        tx.commit().map_err(db_err)?;
        Ok(())
    }
}

/// Only the server's user may read the data folder: folders 0700, files 0600 (the umask
/// covers what is created later; this mends folders made by earlier versions).
#[cfg(unix)]
pub(crate) fn private_tree(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let walk = walkdir::WalkDir::new(dir)
        .max_depth(3)
        .follow_links(false)
        .into_iter()
        .filter_map(std::result::Result::ok)
        .take(200_000);
    for entry in walk {
        let Ok(meta) = entry.metadata() else { continue };
        let mode = if meta.is_dir() {
            0o700
        } else if meta.is_file() {
            0o600
        } else {
            continue;
        };
        if meta.permissions().mode() & 0o777 != mode {
            let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode));
        }
    }
}

#[cfg(not(unix))]
pub(crate) fn private_tree(_dir: &Path) {}

/// New files and folders of this process: only its user may read them.
#[cfg(unix)]
pub(crate) fn private_umask() {
    // SAFETY: umask only sets the process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
}

#[cfg(not(unix))]
pub(crate) fn private_umask() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_upload<'a>(id: &'a str, county: &'a str) -> NewUpload<'a> {
        NewUpload {
            id,
            region: "",
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
        let own = Some(("甲区", Some("")));
        assert!(store.upload(&b1, own).unwrap().is_none());
        assert!(store.upload(&b1, None).unwrap().is_some());
        assert_eq!(store.uploads(own).unwrap().len(), 2);
        // A county account not yet bound to a 上级行政区 sees nothing.
        assert!(store.uploads(Some(("甲区", None))).unwrap().is_empty());
        let second = store.upload(&a2, own).unwrap().unwrap();
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
        let deleted = store.enforce_retention("", "甲区", 2, 1_000_000).unwrap();
        assert_eq!(deleted, vec![ids[1].clone(), ids[0].clone()]);
        let deleted = store.enforce_retention("", "甲区", 10, 150).unwrap();
        assert_eq!(deleted, vec![ids[2].clone()]);
        assert_eq!(store.usage("", "甲区").unwrap(), (1, 100));
    }

    #[test]
    fn accounts_store_only_a_hash_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let token = {
            let store = Store::open(dir.path()).unwrap();
            store.add_account("清禾区", Role::County, None).unwrap()
        };
        let raw = std::fs::read(dir.path().join("junheng.sqlite3")).unwrap();
        assert!(!raw.windows(token.len()).any(|w| w == token.as_bytes()));
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let account = store.account_by_token(&token).unwrap().unwrap();
        assert_eq!(account.name, "清禾区");
        assert!(store.account_by_token("0").unwrap().is_none());
        assert!(store.add_account("清禾区", Role::Office, None).is_err());
        assert!(store.remove_account("清禾区").unwrap());
        assert!(store.account_by_token(&token).unwrap().is_none());
    }

    #[test]
    fn same_named_counties_of_two_regions_are_two_counties() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let nanjing = store
            .add_account("鼓楼区", Role::County, Some("江苏省 南京市"))
            .unwrap();
        store
            .add_account("鼓楼区", Role::County, Some("江苏省徐州市"))
            .unwrap();
        let a = store.account_by_token(&nanjing).unwrap().unwrap();
        assert_eq!(a.name, "江苏省南京市鼓楼区");
        assert_eq!(
            (a.county.as_str(), a.region.as_deref()),
            ("鼓楼区", Some("江苏省南京市"))
        );
        let (n, x) = ("1".repeat(32), "2".repeat(32));
        let mut up = new_upload(&n, "鼓楼区");
        up.region = "江苏省南京市";
        assert_eq!(store.insert_upload(&up).unwrap(), 1);
        let mut up = new_upload(&x, "鼓楼区");
        up.region = "江苏省徐州市";
        assert_eq!(
            store.insert_upload(&up).unwrap(),
            1,
            "its own first version"
        );
        let xuzhou = store.upload(&x, None).unwrap().unwrap();
        assert_eq!(
            xuzhou.previous, None,
            "never compared with the other 鼓楼区"
        );
        let scope = Some(("鼓楼区", Some("江苏省南京市")));
        let seen: Vec<String> = store
            .uploads(scope)
            .unwrap()
            .into_iter()
            .map(|u| u.id)
            .collect();
        assert_eq!(seen, vec![n.clone()]);
        assert!(store.upload(&x, scope).unwrap().is_none());
    }

    #[test]
    fn a_version_one_store_is_migrated_and_its_uploads_identified() {
        let dir = tempfile::tempdir().unwrap();
        let (old_a, old_b) = ("a".repeat(32), "b".repeat(32));
        {
            // A store as version 1 left it: one county of a name, two versions.
            let conn = Connection::open(dir.path().join("junheng.sqlite3")).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO accounts (name, role, token_hash, created_at) VALUES ('鼓楼区', 'county', x'00', 0)",
                [],
            )
            .unwrap();
            for (id, version, previous) in [(&old_a, 1, None), (&old_b, 2, Some(&old_a))] {
                conn.execute(
                    "INSERT INTO uploads (id, county, version, created_at, uploader, file_name, ext, sha256, bytes, status, passed, verdict, warnings, previous) \
                     VALUES (?1, '鼓楼区', ?2, 0, 'x', 'a.xlsx', 'xlsx', '', 1, 'ready', 0, '{}', '[]', ?3)",
                    params![id, version, previous],
                )
                .unwrap();
            }
            conn.execute("INSERT INTO county_versions VALUES ('鼓楼区', 2)", [])
                .unwrap();
        }
        let mut store = Store::open(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let old = store.unidentified().unwrap();
        assert_eq!(old.len(), 2);
        // Both turn out to be 南京's: the account binds to it, the chain stays.
        store.identify(&old_a, Some("江苏省南京市")).unwrap();
        store.identify(&old_b, Some("江苏省南京市")).unwrap();
        store.finish_identifying().unwrap();
        assert!(store.unidentified().unwrap().is_empty());
        let account = &store.accounts().unwrap()[0];
        assert_eq!(account.region.as_deref(), Some("江苏省南京市"));
        let b = store.upload(&old_b, None).unwrap().unwrap();
        assert_eq!(b.previous.as_deref(), Some(old_a.as_str()));
        let third = "c".repeat(32);
        let mut next = new_upload(&third, "鼓楼区");
        next.region = "江苏省南京市";
        assert_eq!(store.insert_upload(&next).unwrap(), 3);
    }

    #[test]
    fn two_counties_mixed_by_version_one_are_split_apart() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let (a, b) = ("a".repeat(32), "b".repeat(32));
        store.insert_upload(&new_upload(&a, "鼓楼区")).unwrap();
        store.insert_upload(&new_upload(&b, "鼓楼区")).unwrap();
        store
            .conn
            .execute("UPDATE uploads SET identified = 0", [])
            .unwrap();
        store.add_account("鼓楼区", Role::County, None).unwrap();
        store.identify(&a, Some("江苏省南京市")).unwrap();
        store.identify(&b, Some("江苏省徐州市")).unwrap();
        store.finish_identifying().unwrap();
        let second = store.upload(&b, None).unwrap().unwrap();
        assert_eq!(
            second.previous, None,
            "徐州's upload is no longer diffed against 南京's"
        );
        // The account cannot tell which of the two it is: it binds at its next upload.
        assert_eq!(store.accounts().unwrap()[0].region, None);
    }

    #[cfg(unix)]
    #[test]
    fn the_data_folder_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(data.join("files").join("x")).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(data.join("files").join("x").join("a.pdf"), b"x").unwrap();
        std::fs::set_permissions(
            data.join("files").join("x").join("a.pdf"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        drop(Store::open(&data).unwrap());
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join("files").join("x")), 0o700);
        assert_eq!(mode(&data.join("files").join("x").join("a.pdf")), 0o600);
        assert_eq!(mode(&data.join("junheng.sqlite3")), 0o600);
    }
}
