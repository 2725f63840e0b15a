//! Routes, handlers and the request guard (Host check, security headers, Chinese 413).
//!
//! Nothing the client sends becomes a path: upload ids are checked to be 32 hex digits
//! before they name a folder, and file names are looked up in a fixed list.

// Handlers return `Result<_, Response>` (axum's idiom): the refusal is the answer itself.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path as FsPath, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Json;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::auth::{self, Denied, Principal, RateLimit, Via};
use super::page;
use super::pipeline::{self, Checked};
use super::store::{self, NewUpload, Status, Store, Upload};
use super::{MAX_UPLOAD_BYTES, ServerError};
use crate::problem::{Problem, Scope};
use crate::render::Renderer;

pub(crate) struct Config {
    pub data: PathBuf,
    pub shared_token: Option<String>,
    pub require_auth: bool,
    pub hosts: Vec<String>,
    pub behind_proxy: bool,
    pub builds: usize,
    pub queue: usize,
    pub keep_versions: i64,
    pub quota_bytes: i64,
}

pub(crate) struct Inner {
    cfg: Config,
    store: Mutex<Store>,
    renderer: Renderer,
    build_slots: tokio::sync::Semaphore,
    /// Uploads being checked, waiting or building.
    pending: AtomicUsize,
    local_csrf: String,
    limiter: Mutex<RateLimit>,
    env: minijinja::Environment<'static>,
}

#[derive(Clone)]
pub(crate) struct App(Arc<Inner>);

/// The files of an upload that may be fetched: (name in the URL, content type). The
/// name is also the file's name on disk; only these constants ever name a file.
const FILES: &[(&str, &str)] = &[
    ("实施方案.pdf", "application/pdf"),
    ("责任清单.pdf", "application/pdf"),
    ("自评报告.pdf", "application/pdf"),
    ("数据更正对照表.pdf", "application/pdf"),
    (
        "实施方案.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "责任清单.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "自评报告.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "数据更正对照表.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("results.json", "application/json"),
    ("all.zip", "application/zip"),
];
const RESULTS: &str = "results.json";
const DIFF_JSON: &str = "diff.json";
const DIFF_PDF: &str = "数据更正对照表.pdf";
const DIFF_DOCX: &str = "数据更正对照表.docx";
const ZIP: &str = "all.zip";

/// Frees a queue place when the upload is done with (answered, built or failed).
struct Slot(App);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.0.pending.fetch_sub(1, Ordering::SeqCst);
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn json_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

fn not_found() -> Response {
    json_error(StatusCode::NOT_FOUND, "未找到：没有这个上传，或您无权查看")
}

fn internal(message: impl std::fmt::Display) -> Response {
    json_error(StatusCode::INTERNAL_SERVER_ERROR, message.to_string())
}

/// `attachment` or `inline` with the UTF-8 file name (RFC 6266) and an ASCII fallback.
fn disposition(kind: &str, name: &str) -> HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or(HeaderValue::from_static("attachment"))
}

impl App {
    pub fn new(cfg: Config) -> Result<App, ServerError> {
        let store = Store::open(&cfg.data)?;
        let env = page::environment();
        Ok(App(Arc::new(Inner {
            build_slots: tokio::sync::Semaphore::new(cfg.builds),
            store: Mutex::new(store),
            renderer: pipeline::renderer(),
            pending: AtomicUsize::new(0),
            local_csrf: store::random_hex(32)?,
            limiter: Mutex::new(RateLimit::default()),
            env,
            cfg,
        })))
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.0.store)
    }

    fn files_dir(&self, id: &str) -> PathBuf {
        self.0.cfg.data.join("files").join(id)
    }

    fn source_path(&self, u: &Upload) -> PathBuf {
        self.files_dir(&u.id)
            .join(format!("workbook.{}", safe_ext(&u.ext)))
    }

    pub(crate) fn router(&self) -> Router {
        let upload_limit =
            tower_http::limit::RequestBodyLimitLayer::new(MAX_UPLOAD_BYTES + 64 * 1024);
        Router::new()
            .route("/", get(index))
            .route("/login", get(login_page))
            .route("/summary", get(summary_page))
            .route("/audit", get(audit_page))
            .route("/workbooks/{id}", get(workbook_page))
            .route("/assets/{name}", get(asset))
            .route("/api/login", post(login))
            .route("/api/logout", post(logout))
            .merge(
                Router::new()
                    .route("/api/workbooks", post(upload).get(list))
                    .layer(DefaultBodyLimit::disable())
                    .layer(upload_limit),
            )
            .route("/api/workbooks/{id}", get(status).delete(delete))
            .route("/api/workbooks/{id}/results", get(results))
            .route("/api/workbooks/{id}/diff", get(diff))
            .route("/api/workbooks/{id}/files/{file}", get(file))
            .route("/api/template.xlsx", get(template))
            .route("/api/summary", get(summary_json))
            .route("/api/summary.pdf", get(summary_pdf))
            .route("/api/audit", get(audit_json))
            .fallback(fallback)
            .layer(middleware::from_fn_with_state(self.clone(), guard))
            .with_state(self.clone())
    }

    /// Build again what a stopped server left half-built.
    pub(crate) fn resume_unfinished(&self) {
        let unfinished = self.store().unfinished().unwrap_or_default();
        for u in unfinished {
            self.0.pending.fetch_add(1, Ordering::SeqCst);
            let slot = Slot(self.clone());
            let app = self.clone();
            tokio::spawn(async move {
                let source = app.source_path(&u);
                let checked = tokio::task::spawn_blocking(move || pipeline::check(&source)).await;
                match checked {
                    Ok(Ok(mut checked)) => {
                        checked.file = PathBuf::from(version_label(&u));
                        app.build_in_background(u, checked, slot).await;
                    }
                    _ => {
                        let _ = app.store().set_status(
                            &u.id,
                            Status::Failed,
                            Some("重新生成失败：工作簿无法读取"),
                            u.bytes,
                        );
                    }
                }
            });
        }
    }

    fn client_ip(&self, peer: SocketAddr, headers: &HeaderMap) -> std::net::IpAddr {
        if self.0.cfg.behind_proxy
            && let Some(ip) = auth::header(headers, "x-forwarded-for")
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse().ok())
        {
            return ip;
        }
        peer.ip()
    }

    fn secure(&self, headers: &HeaderMap) -> bool {
        self.0.cfg.behind_proxy
            && auth::header(headers, "x-forwarded-proto")
                .is_some_and(|p| p.eq_ignore_ascii_case("https"))
    }

    fn open(&self) -> bool {
        !self.0.cfg.require_auth && self.store().account_count().unwrap_or(1) == 0
    }

    /// Who is asking, or the answer that refuses them.
    fn principal(
        &self,
        headers: &HeaderMap,
        peer: SocketAddr,
        html: bool,
    ) -> Result<Principal, Response> {
        let ip = self.client_ip(peer, headers);
        // Only token checks are limited: a blocked address keeps its working sessions.
        if headers.contains_key(header::AUTHORIZATION)
            && let Some(wait) = lock(&self.0.limiter).blocked(ip)
        {
            return Err(too_many(wait));
        }
        let open = self.open();
        let result = {
            let store = self.store();
            auth::authenticate(&store, headers, self.0.cfg.shared_token.as_deref(), open)
        };
        match result {
            Ok(p) => Ok(p),
            Err(denied) => {
                if matches!(denied, Denied::Wrong) {
                    lock(&self.0.limiter).fail(ip);
                }
                if html {
                    Err(Redirect::to("/login").into_response())
                } else {
                    Err(json_error(
                        StatusCode::UNAUTHORIZED,
                        "需要登录：请使用登录链接，或在请求头中提供 Authorization: Bearer 令牌",
                    ))
                }
            }
        }
    }

    /// The principal of a state-changing request, with its CSRF token checked.
    fn actor(&self, headers: &HeaderMap, peer: SocketAddr) -> Result<Principal, Response> {
        let p = self.principal(headers, peer, false)?;
        if !auth::csrf_ok(&p, headers, &self.0.local_csrf) {
            return Err(json_error(
                StatusCode::FORBIDDEN,
                "请求被拒绝：缺少或不正确的 CSRF 令牌（请刷新页面后重试）",
            ));
        }
        Ok(p)
    }

    fn csrf_for(&self, p: &Principal) -> String {
        p.csrf().map(str::to_string).unwrap_or_else(|| match p.via {
            Via::Nothing => self.0.local_csrf.clone(),
            _ => String::new(),
        })
    }

    fn audit(
        &self,
        p: &Principal,
        action: &str,
        upload: Option<&str>,
        county: Option<&str>,
        detail: &str,
    ) {
        let _ = self
            .store()
            .audit(&p.name(), action, upload, county, detail);
    }

    fn render(&self, name: &str, ctx: Value) -> Response {
        match page::render(&self.0.env, name, ctx) {
            Ok(html) => {
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
            }
            Err(e) => internal(format!("页面生成失败：{e}")),
        }
    }

    fn base(&self, p: &Principal) -> Value {
        json!({
            "user": p.name(),
            "role": p.role_label(),
            "office": p.is_office(),
            "signed_in": !matches!(p.via, Via::Nothing),
            "csrf": self.csrf_for(p),
            "county_fixed": p.scope(),
        })
    }

    async fn build_in_background(&self, u: Upload, checked: Checked, slot: Slot) {
        let app = self.clone();
        let Ok(_permit) = app.0.build_slots.acquire().await else {
            return;
        };
        let worker = app.clone();
        let id = u.id.clone();
        let county = u.county.clone();
        let outcome = tokio::task::spawn_blocking(move || worker.build(&u, &checked)).await;
        let dir = app.files_dir(&id);
        let bytes = dir_bytes(&dir);
        let store = app.store();
        match outcome {
            Ok(Ok(())) => {
                let _ = store.set_status(&id, Status::Ready, None, bytes);
                if let Ok(deleted) =
                    store.enforce_retention(&county, app.0.cfg.keep_versions, app.0.cfg.quota_bytes)
                {
                    for old in deleted {
                        let _ = store.audit(
                            "系统",
                            "按保留规则删除",
                            Some(&old),
                            Some(&county),
                            "超出保留版本数或存储上限",
                        );
                    }
                }
            }
            Ok(Err(e)) => {
                let _ = store.set_status(&id, Status::Failed, Some(&e.to_string()), bytes);
            }
            Err(_) => {
                let _ = store.set_status(&id, Status::Failed, Some("内部错误：生成中断"), bytes);
            }
        }
        drop(store);
        drop(slot);
    }

    /// Compile the documents, the correction table against the previous version and the
    /// zip (runs on a blocking thread).
    fn build(&self, u: &Upload, checked: &Checked) -> Result<(), ServerError> {
        let dir = self.files_dir(&u.id);
        pipeline::build_documents(&self.0.renderer, checked, &dir)?;
        let previous = u
            .previous
            .as_deref()
            .and_then(|prev| self.store().upload(prev, None).ok().flatten());
        if let Some(prev) = previous
            && let Ok(mut old) = pipeline::check(&self.source_path(&prev))
        {
            old.file = PathBuf::from(version_label(&prev));
            let report = pipeline::correction(
                &self.0.renderer,
                &old,
                checked,
                &dir.join(DIFF_PDF),
                &dir.join(DIFF_DOCX),
            )?;
            let json = serde_json::to_string_pretty(&json!({
                "old": prev.id, "old_version": prev.version, "report": report,
            }))
            .map_err(ServerError::Json)?;
            write_file(&dir.join(DIFF_JSON), json.as_bytes())?;
        }
        write_zip(&dir, &u.county)
    }
}

fn version_label(u: &Upload) -> String {
    format!("第{}版 {}", u.version, u.file_name)
}

fn safe_ext(ext: &str) -> &'static str {
    match ext {
        "xls" => "xls",
        "ods" => "ods",
        "xlsb" => "xlsb",
        _ => "xlsx",
    }
}

fn write_file(path: &FsPath, bytes: &[u8]) -> Result<(), ServerError> {
    Ok(crate::render::output::write_atomic(path, bytes)?)
}

fn dir_bytes(dir: &FsPath) -> i64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len() as i64)
                .sum()
        })
        .unwrap_or(0)
}

/// Everything of one upload as one zip: the PDFs, the Word editions, the results and the
/// correction table.
fn write_zip(dir: &FsPath, county: &str) -> Result<(), ServerError> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let folder = crate::render::output::safe_folder_name(county);
        for (name, _) in FILES {
            if *name == ZIP {
                continue;
            }
            let Ok(bytes) = std::fs::read(dir.join(name)) else {
                continue;
            };
            zip.start_file(format!("{folder}/{name}"), options)?;
            zip.write_all(&bytes).map_err(ServerError::ZipWrite)?;
        }
        zip.finish()?;
    }
    write_file(&dir.join(ZIP), buf.get_ref())
}

fn too_many(wait: u64) -> Response {
    let mut r = json_error(
        StatusCode::TOO_MANY_REQUESTS,
        format!("尝试次数过多，请 {wait} 秒后再试"),
    );
    if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

// ---------------------------------------------------------------- guard

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    frame-src 'self'; object-src 'self'; connect-src 'self'; form-action 'self'; \
    frame-ancestors 'self'; base-uri 'none'";

async fn guard(State(app): State<App>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase)
        .or_else(|| {
            req.uri()
                .authority()
                .map(|a| a.as_str().to_ascii_lowercase())
        });
    let allowed = host
        .as_deref()
        .is_some_and(|h| app.0.cfg.hosts.iter().any(|a| a == h))
        || (app.0.cfg.hosts.len() == 1
            && app
                .0
                .cfg
                .hosts
                .first()
                .is_some_and(|h| h.starts_with("0.0.0.0:") || h.starts_with("[::]:")));
    let mut response = if allowed {
        next.run(req).await
    } else {
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "禁止访问：主机名不符（为防 DNS 重绑定攻击，只接受本服务自己的地址；内网部署请用 --allow-host 指定）",
        )
            .into_response()
    };
    // tower-http answers an oversized body with an empty 413: say it in Chinese.
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_none_or(|v| !v.as_bytes().starts_with(b"application/json"))
    {
        response = too_large();
    }
    let h = response.headers_mut();
    let is_pdf = h
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/pdf"));
    if !is_pdf {
        h.insert("content-security-policy", HeaderValue::from_static(CSP));
    }
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("SAMEORIGIN"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn too_large() -> Response {
    json_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "文件过大：上传上限为 {} MB。一个县区的指标工作簿通常不到 2 MB，请删除多余的工作表、图片和空白行列后另存再试",
            MAX_UPLOAD_BYTES / 1024 / 1024
        ),
    )
}

async fn fallback(method: Method) -> Response {
    if method == Method::GET {
        json_error(StatusCode::NOT_FOUND, "未找到")
    } else {
        json_error(StatusCode::NOT_FOUND, "未找到该接口")
    }
}

async fn asset(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "app.js" => (page::APP_JS, "text/javascript; charset=utf-8"),
        "app.css" => (page::APP_CSS, "text/css; charset=utf-8"),
        _ => return json_error(StatusCode::NOT_FOUND, "未找到"),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

// ---------------------------------------------------------------- login

async fn login_page(State(app): State<App>) -> Response {
    app.render("login.html", json!({ "user": null, "csrf": "" }))
}

async fn login(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    // Login from another site's page would sign the visitor into a foreign account.
    if let Some(origin) = auth::header(&headers, "origin") {
        let own = origin
            .split_once("://")
            .map(|(_, rest)| rest.to_ascii_lowercase())
            .is_some_and(|o| app.0.cfg.hosts.contains(&o) || app.0.cfg.hosts.len() == 1);
        if !own {
            return json_error(StatusCode::FORBIDDEN, "请求被拒绝：来自其他网站的登录");
        }
    }
    let ip = app.client_ip(peer, &headers);
    if let Some(wait) = lock(&app.0.limiter).blocked(ip) {
        return too_many(wait);
    }
    let token = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("token").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_default();
    let found = {
        let store = app.store();
        auth::bearer(&store, &token, app.0.cfg.shared_token.as_deref())
    };
    let Some(p) = found else {
        lock(&app.0.limiter).fail(ip);
        return json_error(StatusCode::UNAUTHORIZED, "登录失败：令牌不正确或账号已删除");
    };
    let account = match &p.who {
        auth::Who::Account(a) => Some(a.id),
        _ => None,
    };
    let created = app.store().create_session(account, auth::SESSION_SECONDS);
    let Ok((session, _csrf)) = created else {
        return internal("无法建立会话");
    };
    app.audit(&p, "登录", None, p.scope(), "");
    let secure = if app.secure(&headers) { "; Secure" } else { "" };
    let cookie = format!(
        "{}={session}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        auth::SESSION_COOKIE,
        auth::SESSION_SECONDS
    );
    let mut r = Json(json!({ "name": p.name(), "role": p.role_label() })).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

async fn logout(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let p = match app.actor(&headers, peer) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Via::Session { token, .. } = &p.via {
        let _ = app.store().delete_session(token);
    }
    let mut r = Json(json!({ "ok": true })).into_response();
    let clear = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        auth::SESSION_COOKIE
    );
    if let Ok(v) = HeaderValue::from_str(&clear) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

// ---------------------------------------------------------------- upload

/// A problem as the API shows it, file-level ones named by the client's file name.
fn problems_json(problems: &[Problem], file_name: &str) -> Vec<Value> {
    let mut sorted: Vec<&Problem> = problems.iter().collect();
    sorted.sort_by_key(|p| p.severity);
    sorted
        .into_iter()
        .map(|p| {
            let mut v = serde_json::to_value(p).unwrap_or(Value::Null);
            if p.scope == Scope::File
                && let Some(obj) = v.as_object_mut()
            {
                obj.insert("sheet".into(), Value::String(file_name.to_string()));
            }
            v
        })
        .collect()
}

/// The client's file name without any folder part, for display only.
fn display_name(name: Option<&str>) -> String {
    let base = name
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .trim();
    let shown: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if shown.is_empty() {
        "工作簿".to_string()
    } else {
        shown
    }
}

async fn upload(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let p = match app.actor(&headers, peer) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(mut multipart) = multipart else {
        return json_error(
            StatusCode::BAD_REQUEST,
            "请求格式不对：应为 multipart/form-data，文件放在字段 file 中",
        );
    };
    // Admission: beyond the queue, ask the client to come back.
    if app.0.pending.fetch_add(1, Ordering::SeqCst) >= app.0.cfg.queue {
        app.0.pending.fetch_sub(1, Ordering::SeqCst);
        let mut r = json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "正在处理的工作簿过多，请稍后再试",
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        return r;
    }
    let slot = Slot(app.clone());

    let mut received: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large(),
            Err(_) => return json_error(StatusCode::BAD_REQUEST, "上传中断或格式不对，请重试"),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = display_name(field.file_name());
        let mut bytes = Vec::new();
        let mut field = field;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        return too_large();
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large(),
                Err(_) => return json_error(StatusCode::BAD_REQUEST, "上传中断，请重试"),
            }
        }
        received = Some((name, bytes));
        break;
    }
    let Some((file_name, bytes)) = received else {
        return json_error(
            StatusCode::BAD_REQUEST,
            "没有收到文件：文件应放在表单字段 file 中",
        );
    };
    let ext = match pipeline::sniff(&bytes) {
        Ok(ext) => ext,
        Err(reason) => {
            app.audit(
                &p,
                "上传被拒",
                None,
                p.scope(),
                &format!("{file_name}：{reason}"),
            );
            return (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Json(json!({
                    "error": format!("「{file_name}」不是工作簿：{reason}"),
                    "errors": [{ "severity": "error", "scope": "file", "sheet": file_name, "row": null, "column": null, "message": reason.to_string() }],
                    "warnings": [],
                })),
            )
                .into_response();
        }
    };
    let id = match store::random_hex(16) {
        Ok(id) => id,
        Err(e) => return internal(e),
    };
    let dir = app.files_dir(&id);
    let source = dir.join(format!("workbook.{ext}"));
    let sha = store::sha256_hex(&bytes);
    let size = bytes.len() as i64;
    if let Err(e) = std::fs::create_dir_all(&dir)
        .map_err(|e| e.to_string())
        .and_then(|()| write_file(&source, &bytes).map_err(|e| e.to_string()))
    {
        return internal(format!("无法保存上传的文件：{e}"));
    }
    drop(bytes);
    let check_path = source.clone();
    let checked = tokio::task::spawn_blocking(move || pipeline::check(&check_path)).await;
    let checked = match checked {
        Ok(Ok(c)) => c,
        Ok(Err(problems)) => {
            let _ = std::fs::remove_dir_all(&dir);
            let errors = problems.iter().filter(|p| p.is_error()).count();
            app.audit(
                &p,
                "上传被拒",
                None,
                p.scope(),
                &format!("{file_name}：{errors} 处错误"),
            );
            let (errs, warns): (Vec<Problem>, Vec<Problem>) =
                problems.into_iter().partition(Problem::is_error);
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({
                    "error": format!("「{file_name}」有 {errors} 处错误，未生成文件；请按下表改正后重新上传"),
                    "file": file_name,
                    "errors": problems_json(&errs, &file_name),
                    "warnings": problems_json(&warns, &file_name),
                })),
            )
                .into_response();
        }
        Err(_) => {
            let _ = std::fs::remove_dir_all(&dir);
            return internal("内部错误：检查工作簿时中断");
        }
    };
    let county = pipeline::county_name(&checked).to_string();
    if let Some(own) = p.scope()
        && own != county
    {
        let _ = std::fs::remove_dir_all(&dir);
        app.audit(
            &p,
            "上传被拒",
            None,
            Some(own),
            &format!("{file_name}：县区名称为「{county}」"),
        );
        let message = format!(
            "本账号只能上传「{own}」的工作簿，这份工作簿“基本信息”中的县区名称是「{county}」：请核对文件，或改正县区名称后重新上传"
        );
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({
                "error": message,
                "file": file_name,
                "errors": [{ "severity": "error", "scope": "sheet", "sheet": "基本信息", "row": null, "column": "县区名称", "message": message }],
                "warnings": [],
            })),
        )
            .into_response();
    }
    let results = match pipeline::results_json(&checked) {
        Ok(r) => r,
        Err(e) => return internal(e),
    };
    if let Err(e) = write_file(&dir.join(RESULTS), results.as_bytes()) {
        return internal(e);
    }
    let verdict = pipeline::verdict_json(&checked);
    let warnings = problems_json(&checked.warnings, &file_name);
    let warnings_text = Value::Array(warnings.clone()).to_string();
    let inserted = app.store().insert_upload(&NewUpload {
        id: &id,
        county: &county,
        uploader: &p.name(),
        file_name: &file_name,
        ext,
        sha256: &sha,
        bytes: size,
        passed: checked.evaluation.verdict.passed,
        verdict: &verdict.to_string(),
        warnings: &warnings_text,
    });
    let version = match inserted {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&dir);
            return internal(e);
        }
    };
    app.audit(
        &p,
        "上传",
        Some(&id),
        Some(&county),
        &format!("第{version}版 {file_name}（SHA-256 {sha}）"),
    );
    let Ok(Some(record)) = app.store().upload(&id, None) else {
        return internal("内部错误：上传记录丢失");
    };
    let mut checked = checked;
    checked.file = PathBuf::from(version_label(&record));
    let builder = app.clone();
    tokio::spawn(async move { builder.build_in_background(record, checked, slot).await });
    (
        StatusCode::CREATED,
        Json(json!({
            "id": id,
            "county": county,
            "version": version,
            "status": "building",
            "url": format!("/workbooks/{id}"),
            "errors": [],
            "warnings": warnings,
            "verdict": verdict,
        })),
    )
        .into_response()
}

// ---------------------------------------------------------------- reading uploads

fn upload_json(app: &App, u: &Upload) -> Value {
    let dir = app.files_dir(&u.id);
    let files: Vec<&str> = FILES
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| u.status == Status::Ready && dir.join(n).is_file())
        .collect();
    json!({
        "id": u.id,
        "county": u.county,
        "version": u.version,
        "created_at": u.created_at,
        "uploader": u.uploader,
        "file_name": u.file_name,
        "sha256": u.sha256,
        "bytes": u.bytes,
        "status": match u.status { Status::Building => "building", Status::Ready => "ready", Status::Failed => "failed" },
        "message": u.message,
        "passed": u.passed,
        "verdict": serde_json::from_str::<Value>(&u.verdict).unwrap_or(Value::Null),
        "previous": u.previous,
        "url": format!("/workbooks/{}", u.id),
        "files": files,
    })
}

/// The upload if the principal may see it: one 404 for absent and foreign alike.
fn visible(app: &App, p: &Principal, id: &str) -> Result<Upload, Response> {
    match app.store().upload(id, p.scope()) {
        Ok(Some(u)) => Ok(u),
        Ok(None) => Err(not_found()),
        Err(e) => Err(internal(e)),
    }
}

async fn list(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let p = match app.principal(&headers, peer, false) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let uploads = match app.store().uploads(p.scope()) {
        Ok(u) => u,
        Err(e) => return internal(e),
    };
    Json(Value::Array(
        uploads.iter().map(|u| upload_json(&app, u)).collect(),
    ))
    .into_response()
}

async fn status(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let p = match app.principal(&headers, peer, false) {
        Ok(p) => p,
        Err(r) => return r,
    };
    match visible(&app, &p, &id) {
        Ok(u) => Json(upload_json(&app, &u)).into_response(),
        Err(r) => r,
    }
}

async fn delete(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let p = match app.actor(&headers, peer) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let u = match visible(&app, &p, &id) {
        Ok(u) => u,
        Err(r) => return r,
    };
    if u.status == Status::Building {
        return json_error(StatusCode::CONFLICT, "正在生成，完成后才能删除");
    }
    if let Err(e) = app.store().delete_upload(&u.id) {
        return internal(e);
    }
    app.audit(
        &p,
        "删除",
        Some(&u.id),
        Some(&u.county),
        &format!("第{}版 {}", u.version, u.file_name),
    );
    Json(json!({ "deleted": u.id })).into_response()
}

async fn results(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let p = match app.principal(&headers, peer, false) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let u = match visible(&app, &p, &id) {
        Ok(u) => u,
        Err(r) => return r,
    };
    match std::fs::read(app.files_dir(&u.id).join(RESULTS)) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(_) => not_found(),
    }
}

async fn diff(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let p = match app.principal(&headers, peer, false) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let u = match visible(&app, &p, &id) {
        Ok(u) => u,
        Err(r) => return r,
    };
    if u.status == Status::Building {
        wait_built(&app, &u.id).await;
    }
    match std::fs::read(app.files_dir(&u.id).join(DIFF_JSON)) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(_) => json_error(
            StatusCode::NOT_FOUND,
            "这是该县区的第一版，没有可对照的上一版",
        ),
    }
}

/// Wait (at most two minutes) until an upload is no longer building.
async fn wait_built(app: &App, id: &str) -> Option<Upload> {
    for _ in 0..2400 {
        let u = app.store().upload(id, None).ok().flatten()?;
        if u.status != Status::Building {
            return Some(u);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    None
}

async fn file(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((id, name)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let p = match app.principal(&headers, peer, false) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let u = match visible(&app, &p, &id) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Some((fixed, kind)) = FILES.iter().find(|(n, _)| *n == name) else {
        return json_error(StatusCode::NOT_FOUND, "没有这个文件");
    };
    let u = if u.status == Status::Building {
        match wait_built(&app, &u.id).await {
            Some(u) => u,
            None => return json_error(StatusCode::SERVICE_UNAVAILABLE, "仍在生成，请稍后再试"),
        }
    } else {
        u
    };
    if u.status == Status::Failed && *fixed != RESULTS {
        return internal(u.message.unwrap_or_else(|| "生成失败".to_string()));
    }
    let Ok(bytes) = std::fs::read(app.files_dir(&u.id).join(fixed)) else {
        return json_error(
            StatusCode::NOT_FOUND,
            "没有这个文件（数据更正对照表只在第二版起生成）",
        );
    };
    let how = if query.contains_key("download") {
        "attachment"
    } else {
        "inline"
    };
    let shown = format!("{}-第{}版-{fixed}", u.county, u.version);
    let mut r = ([(header::CONTENT_TYPE, *kind)], bytes).into_response();
    r.headers_mut()
        .insert(header::CONTENT_DISPOSITION, disposition(how, &shown));
    r
}

async fn template(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let p = match app.principal(&headers, peer, false) {
        Ok(p) => p,
        Err(r) => return r,
    };
    // A county account's template always carries its own name.
    let county = p
        .scope()
        .map(str::to_string)
        .or_else(|| {
            query
                .get("county")
                .map(|c| c.trim().chars().take(64).collect::<String>())
        })
        .filter(|c| !c.is_empty());
    let made = tokio::task::spawn_blocking({
        let county = county.clone();
        move || pipeline::template(county.as_deref())
    })
    .await;
    match made {
        Ok(Ok(bytes)) => {
            let name = match &county {
                Some(c) => format!(
                    "{}指标工作簿.xlsx",
                    crate::render::output::safe_folder_name(c)
                ),
                None => "指标工作簿.xlsx".to_string(),
            };
            let mut r = (
                [(
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )],
                bytes,
            )
                .into_response();
            r.headers_mut().insert(
                header::CONTENT_DISPOSITION,
                disposition("attachment", &name),
            );
            r
        }
        Ok(Err(e)) => internal(e),
        Err(_) => internal("内部错误"),
    }
}

// ---------------------------------------------------------------- 汇总表, audit

/// The latest built version of every county the office sees, read again for the rows.
async fn summary_rows(app: &App) -> Result<Vec<(Upload, pipeline::Row)>, ServerError> {
    let latest = app.store().latest_ready(None)?;
    let mut rows = Vec::new();
    for u in latest {
        let source = app.source_path(&u);
        let label = version_label(&u);
        let checked = tokio::task::spawn_blocking(move || {
            pipeline::check(&source).map(|c| pipeline::summary_row(&label, &c))
        })
        .await
        .map_err(|_| ServerError::Interrupted)?;
        if let Ok(row) = checked {
            rows.push((u, row));
        }
    }
    Ok(rows)
}

fn office_only(p: &Principal) -> Result<(), Response> {
    if p.is_office() {
        Ok(())
    } else {
        Err(not_found())
    }
}

async fn summary_json(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let p = match app
        .principal(&headers, peer, false)
        .and_then(|p| office_only(&p).map(|()| p))
    {
        Ok(p) => p,
        Err(r) => return r,
    };
    let _ = p;
    match summary_rows(&app).await {
        Ok(rows) => Json(json!(
            rows.iter()
                .map(|(u, r)| json!({"id": u.id, "version": u.version, "row": r}))
                .collect::<Vec<_>>()
        ))
        .into_response(),
        Err(e) => internal(e),
    }
}

async fn summary_pdf(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = app
        .principal(&headers, peer, false)
        .and_then(|p| office_only(&p))
    {
        return r;
    }
    let rows: Vec<pipeline::Row> = match summary_rows(&app).await {
        Ok(rows) => rows.into_iter().map(|(_, r)| r).collect(),
        Err(e) => return internal(e),
    };
    if rows.is_empty() {
        return json_error(StatusCode::NOT_FOUND, "还没有已生成的县区");
    }
    let Ok(_permit) = app.0.build_slots.acquire().await else {
        return internal("内部错误");
    };
    let worker = app.clone();
    let pdf = tokio::task::spawn_blocking(move || {
        pipeline::summary_pdf(&worker.0.renderer, &rows, pipeline::today())
    })
    .await;
    match pdf {
        Ok(Ok(bytes)) => {
            let mut r = ([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response();
            let how = "inline";
            r.headers_mut()
                .insert(header::CONTENT_DISPOSITION, disposition(how, "汇总表.pdf"));
            r
        }
        Ok(Err(e)) => internal(e),
        Err(_) => internal("内部错误"),
    }
}

async fn audit_json(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = app
        .principal(&headers, peer, false)
        .and_then(|p| office_only(&p))
    {
        return r;
    }
    match app.store().audit_log(1000) {
        Ok(entries) => Json(json!(entries.iter().map(|e| json!({
            "at": e.at, "actor": e.actor, "action": e.action, "upload": e.upload, "county": e.county, "detail": e.detail,
        })).collect::<Vec<_>>()))
        .into_response(),
        Err(e) => internal(e),
    }
}

// ---------------------------------------------------------------- pages

async fn index(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let p = match app.principal(&headers, peer, true) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let uploads = app.store().uploads(p.scope()).unwrap_or_default();
    let usage = p.scope().map(|c| app.store().usage(c).unwrap_or((0, 0)));
    let mut ctx = app.base(&p);
    page::extend(
        &mut ctx,
        page::index_context(
            &uploads,
            usage,
            app.0.cfg.keep_versions,
            app.0.cfg.quota_bytes,
        ),
    );
    app.render("index.html", ctx)
}

/// The signed-in office account; anyone else gets the uniform 404 page (no hint that an
/// office-only page exists).
fn office_principal(
    app: &App,
    headers: &HeaderMap,
    peer: SocketAddr,
) -> Result<Principal, Response> {
    let p = app.principal(headers, peer, true)?;
    if !p.is_office() {
        return Err(html_not_found(app, &p));
    }
    Ok(p)
}

fn html_not_found(app: &App, p: &Principal) -> Response {
    let mut ctx = app.base(p);
    page::extend(
        &mut ctx,
        json!({ "title": "未找到", "message": "没有这个上传，或您无权查看。" }),
    );
    let mut r = app.render("message.html", ctx);
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}

async fn workbook_page(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let p = match app.principal(&headers, peer, true) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(u) = visible(&app, &p, &id) else {
        return html_not_found(&app, &p);
    };
    let source = app.source_path(&u);
    let checked = tokio::task::spawn_blocking(move || pipeline::check(&source)).await;
    let Ok(Ok(checked)) = checked else {
        return html_not_found(&app, &p);
    };
    let versions = app.store().versions(&u.county).unwrap_or_default();
    let diff = std::fs::read(app.files_dir(&u.id).join(DIFF_JSON))
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok());
    let present: Vec<&str> = FILES
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| app.files_dir(&u.id).join(n).is_file())
        .collect();
    let usage = app.store().usage(&u.county).unwrap_or((0, 0));
    let mut ctx = app.base(&p);
    page::extend(
        &mut ctx,
        page::workbook_context(
            &u,
            &checked,
            &versions,
            diff,
            &present,
            usage,
            app.0.cfg.keep_versions,
            app.0.cfg.quota_bytes,
        ),
    );
    app.render("workbook.html", ctx)
}

async fn summary_page(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let p = match office_principal(&app, &headers, peer) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let rows = summary_rows(&app).await.unwrap_or_default();
    let mut ctx = app.base(&p);
    page::extend(&mut ctx, page::summary_context(&rows));
    app.render("summary.html", ctx)
}

async fn audit_page(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let p = match office_principal(&app, &headers, peer) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let entries = app.store().audit_log(500).unwrap_or_default();
    let mut ctx = app.base(&p);
    page::extend(&mut ctx, page::audit_context(&entries));
    app.render("audit.html", ctx)
}
