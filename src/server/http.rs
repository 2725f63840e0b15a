//! Routes, handlers and the request guard (Host check, security headers, Chinese 413).
//!
//! Nothing the client sends becomes a path: upload ids are checked to be 32 hex digits
//! before they name a folder, and file names are looked up in a fixed list. Nothing the
//! client sends is parsed in this process either: workbooks are sniffed, read, checked
//! and built by child processes ([`worker`]), so a hostile file can fail only its job.

// Handlers return `Result<_, Response>` (axum's idiom): the refusal is the answer itself.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path as FsPath, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::auth::{self, Denied, Lock, Principal, RateLimit, Via, Who};
use super::page;
use super::pipeline;
use super::store::{self, AuditFilter, NewUpload, Status, Store, Upload, county_label};
use super::worker::{self, DIFF_JSON, FILES, Job, Outcome, PAGE, RESULTS, SUMMARY_ROW};
use super::{MAX_UPLOAD_BYTES, ServerError};

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
    /// A whole upload body must arrive within this.
    pub upload_timeout: Duration,
    /// Uploads one account may have in progress at once (receiving, checking, waiting
    /// or building).
    pub per_account: usize,
    /// The child processes' limits.
    pub worker: worker::Limits,
    /// The data folder as shown on the page of the person at this computer (None on a
    /// server with accounts: a county has no business with the server's paths).
    pub data_note: Option<String>,
}

/// Bodies being received at once, whoever sends them: they hold a connection and a file
/// being written, nothing else, but a bound keeps a flood of idle uploads finite.
const MAX_RECEIVING: usize = 256;

/// Uploads in progress, overall and per account (see [`Config::per_account`]).
#[derive(Default)]
struct Counts {
    receiving: usize,
    pending: usize,
    receiving_by: HashMap<String, usize>,
    pending_by: HashMap<String, usize>,
}

pub(crate) struct Inner {
    cfg: Config,
    store: Mutex<Store>,
    build_slots: tokio::sync::Semaphore,
    check_slots: tokio::sync::Semaphore,
    counts: Mutex<Counts>,
    local_csrf: String,
    limiter: Mutex<RateLimit>,
    env: minijinja::Environment<'static>,
}

#[derive(Clone)]
pub(crate) struct App(Arc<Inner>);

/// Which phase an upload holds a place in.
#[derive(Clone, Copy)]
enum Phase {
    Receiving,
    Pending,
}

/// A place taken in [`Counts`], given back when dropped.
struct Place {
    app: App,
    key: Option<String>,
    phase: Phase,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut guard = lock(&self.app.0.counts);
        let c = &mut *guard;
        let (total, by) = match self.phase {
            Phase::Receiving => (&mut c.receiving, &mut c.receiving_by),
            Phase::Pending => (&mut c.pending, &mut c.pending_by),
        };
        *total = total.saturating_sub(1);
        if let Some(k) = &self.key
            && let Some(n) = by.get_mut(k)
        {
            *n = n.saturating_sub(1);
            if *n == 0 {
                by.remove(k);
            }
        }
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

fn with_retry(mut r: Response, seconds: &'static str) -> Response {
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static(seconds));
    r
}

/// Who is asking and from where, for the audit log.
struct Actor {
    name: String,
    ip: String,
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
            check_slots: tokio::sync::Semaphore::new(cfg.builds),
            store: Mutex::new(store),
            counts: Mutex::new(Counts::default()),
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
            .route("/api/audit.csv", get(audit_csv))
            .fallback(fallback)
            .layer(middleware::from_fn_with_state(self.clone(), guard))
            .with_state(self.clone())
    }

    /// Run one job in a child process, off the async threads.
    async fn work(&self, job: Job) -> Result<Outcome, String> {
        let limits = self.0.cfg.worker;
        match tokio::task::spawn_blocking(move || worker::run(&job, limits)).await {
            Ok(Ok(outcome)) => Ok(outcome),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err("内部错误：处理中断".to_string()),
        }
    }

    /// Uploads kept from a version-1 store: read their workbooks again (in child
    /// processes) to learn each county's 上级行政区. Ok is how many were read.
    pub(crate) async fn identify_old_uploads(&self) -> Result<usize, ServerError> {
        let old = self.store().unidentified()?;
        if old.is_empty() {
            return Ok(0);
        }
        println!(
            "正在升级数据：重新读取 {} 个以前上传的工作簿，以记下各县区的上级行政区……",
            old.len()
        );
        for u in &old {
            let job = Job::Check {
                source: self.source_path(u),
                dir: self.files_dir(&u.id),
            };
            let region = match self.work(job).await {
                Ok(Outcome::Checked { region, .. }) => Some(region),
                _ => None,
            };
            self.store().identify(&u.id, region.as_deref())?;
        }
        self.store().finish_identifying()?;
        Ok(old.len())
    }

    /// Build again what a stopped server left half-built.
    pub(crate) fn resume_unfinished(&self) {
        let unfinished = self.store().unfinished().unwrap_or_default();
        for u in unfinished {
            let place = self.take_pending(None);
            let app = self.clone();
            tokio::spawn(async move { app.build_in_background(u, place).await });
        }
    }

    /// A pending place that is not refused (resumed builds).
    fn take_pending(&self, key: Option<String>) -> Place {
        let mut guard = lock(&self.0.counts);
        let c = &mut *guard;
        c.pending += 1;
        if let Some(k) = &key {
            *c.pending_by.entry(k.clone()).or_default() += 1;
        }
        Place {
            app: self.clone(),
            key,
            phase: Phase::Pending,
        }
    }

    /// A place in `phase`, or None when the server's or the account's share is used up
    /// (Err: whose share).
    fn try_place(&self, key: Option<String>, phase: Phase) -> Result<Place, bool> {
        let per_account = self.0.cfg.per_account;
        let mut guard = lock(&self.0.counts);
        let c = &mut *guard;
        let (total, cap) = match phase {
            Phase::Receiving => (c.receiving, MAX_RECEIVING),
            Phase::Pending => (c.pending, self.0.cfg.queue),
        };
        // An account's uploads in every phase count together.
        if let Some(k) = &key {
            let mine = c.receiving_by.get(k).copied().unwrap_or(0)
                + c.pending_by.get(k).copied().unwrap_or(0);
            if mine >= per_account {
                return Err(true);
            }
        }
        if total >= cap {
            return Err(false);
        }
        let (total, by) = match phase {
            Phase::Receiving => (&mut c.receiving, &mut c.receiving_by),
            Phase::Pending => (&mut c.pending, &mut c.pending_by),
        };
        *total += 1;
        if let Some(k) = &key {
            *by.entry(k.clone()).or_default() += 1;
        }
        Ok(Place {
            app: self.clone(),
            key,
            phase,
        })
    }

    fn client_ip(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
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

    /// Who is asking, or the answer that refuses them. A correct token or session always
    /// passes; wrong tokens are counted per address and answered 429 once it has used
    /// up its attempts.
    fn principal(
        &self,
        headers: &HeaderMap,
        peer: SocketAddr,
        html: bool,
    ) -> Result<Principal, Response> {
        let ip = self.client_ip(peer, headers);
        let open = self.open();
        let result = {
            let store = self.store();
            auth::authenticate(&store, headers, self.0.cfg.shared_token.as_deref(), open)
        };
        let denied = match result {
            Ok(p) => return Ok(p),
            Err(d) => d,
        };
        let who = Actor {
            name: "（未登录）".to_string(),
            ip: ip.to_string(),
        };
        match denied {
            Denied::Wrong => {
                let lock = lock(&self.0.limiter).fail(ip);
                match lock {
                    Lock::Open => {
                        self.audit(
                            &who,
                            "令牌无效",
                            None,
                            None,
                            "Authorization 请求头中的令牌不正确",
                        );
                    }
                    Lock::JustLocked(wait) => {
                        self.audit(
                            &who,
                            "令牌无效",
                            None,
                            None,
                            "Authorization 请求头中的令牌不正确",
                        );
                        self.audit(
                            &who,
                            "地址被限制",
                            None,
                            None,
                            &format!(
                                "10 分钟内令牌错误 {} 次，该地址此后 {wait} 秒内的错误尝试答复 429",
                                auth::LOGIN_FAILURES
                            ),
                        );
                    }
                    Lock::Locked(wait) => return Err(too_many(wait)),
                }
                Err(json_error(
                    StatusCode::UNAUTHORIZED,
                    "令牌不正确：请核对 Authorization: Bearer 后的令牌（账号可能已删除）",
                ))
            }
            Denied::Expired => {
                self.audit(
                    &who,
                    "会话无效",
                    None,
                    None,
                    "登录已过期、已退出或账号已删除",
                );
                if html {
                    Err(Redirect::to("/login?expired=1").into_response())
                } else {
                    Err(json_error(
                        StatusCode::UNAUTHORIZED,
                        "登录已过期：请重新打开登录链接，或到登录页粘贴令牌后再试",
                    ))
                }
            }
            Denied::Missing => {
                if html {
                    Err(Redirect::to("/login").into_response())
                } else if browser(headers) {
                    Err(json_error(
                        StatusCode::UNAUTHORIZED,
                        "需要登录：请打开管理员发给您的登录链接，或到登录页粘贴令牌",
                    ))
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
            self.audit(
                &self.who(&p, peer, headers),
                "请求被拒",
                None,
                None,
                "缺少或不正确的 CSRF 令牌",
            );
            return Err(json_error(
                StatusCode::FORBIDDEN,
                "请求被拒绝：缺少或不正确的 CSRF 令牌（请刷新页面后重试）",
            ));
        }
        Ok(p)
    }

    fn who(&self, p: &Principal, peer: SocketAddr, headers: &HeaderMap) -> Actor {
        Actor {
            name: p.name(),
            ip: self.client_ip(peer, headers).to_string(),
        }
    }

    fn csrf_for(&self, p: &Principal) -> String {
        p.csrf().map(str::to_string).unwrap_or_else(|| match p.via {
            Via::Nothing => self.0.local_csrf.clone(),
            _ => String::new(),
        })
    }

    fn audit(
        &self,
        who: &Actor,
        action: &str,
        upload: Option<&str>,
        county: Option<&str>,
        detail: &str,
    ) {
        let _ = self
            .store()
            .audit(&who.name, action, upload, county, detail, Some(&who.ip));
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
        let local = matches!(p.who, Who::Local);
        json!({
            "user": p.name(),
            "role": p.role_label(),
            "office": p.is_office(),
            "signed_in": !matches!(p.via, Via::Nothing),
            "csrf": self.csrf_for(p),
            "county_fixed": p.scope().map(|(c, r)| county_label(r.unwrap_or(""), c)),
            "data_note": if local { self.0.cfg.data_note.clone() } else { None },
        })
    }

    /// Build the documents of a checked upload in a child process, one build slot each.
    async fn build_in_background(&self, u: Upload, place: Place) {
        let app = self.clone();
        let Ok(_permit) = app.0.build_slots.acquire().await else {
            return;
        };
        let previous = u
            .previous
            .as_deref()
            .and_then(|prev| app.store().upload(prev, None).ok().flatten())
            .map(|prev| worker::Previous {
                source: app.source_path(&prev),
                label: version_label(&prev),
                id: prev.id.clone(),
                version: prev.version,
            });
        let job = Job::Build {
            source: app.source_path(&u),
            dir: app.files_dir(&u.id),
            label: version_label(&u),
            // The zip's folder is the county's name, as `build -o` names it.
            county: u.county.clone(),
            previous,
        };
        let outcome = app.work(job).await;
        let dir = app.files_dir(&u.id);
        let bytes = dir_bytes(&dir);
        let store = app.store();
        match outcome {
            Ok(Outcome::Done) => {
                let _ = store.set_status(&u.id, Status::Ready, None, bytes);
                if let Ok(deleted) = store.enforce_retention(
                    &u.region,
                    &u.county,
                    app.0.cfg.keep_versions,
                    app.0.cfg.quota_bytes,
                ) {
                    for old in deleted {
                        let _ = store.audit(
                            "系统",
                            "按保留规则删除",
                            Some(&old),
                            Some(&county_label(&u.region, &u.county)),
                            "超出保留版本数或存储上限",
                            None,
                        );
                    }
                }
            }
            Ok(Outcome::Failed { message }) => {
                let _ = store.set_status(&u.id, Status::Failed, Some(&message), bytes);
            }
            Ok(_) => {
                let _ = store.set_status(&u.id, Status::Failed, Some("内部错误"), bytes);
            }
            Err(message) => {
                let _ = store.set_status(
                    &u.id,
                    Status::Failed,
                    Some(&format!("生成失败：{message}")),
                    bytes,
                );
            }
        }
        drop(store);
        drop(place);
    }
}

/// A request a browser sent (scripts and curl send none of these).
fn browser(headers: &HeaderMap) -> bool {
    ["origin", "sec-fetch-site", "cookie"]
        .iter()
        .any(|h| headers.contains_key(*h))
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

fn too_many(wait: u64) -> Response {
    let mut r = json_error(
        StatusCode::TOO_MANY_REQUESTS,
        format!("尝试次数过多，请 {wait} 秒后再试（正确的令牌仍可登录）"),
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
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| app.client_ip(*peer, req.headers()).to_string())
        .unwrap_or_default();
    let path: String = req.uri().path().chars().take(200).collect();
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
        let shown: String = host
            .as_deref()
            .unwrap_or("（无）")
            .chars()
            .take(100)
            .collect();
        app.audit(
            &Actor {
                name: "（未登录）".to_string(),
                ip: ip.clone(),
            },
            "请求被拒",
            None,
            None,
            &format!("主机名不符：{shown}，{path}"),
        );
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
        app.audit(
            &Actor {
                name: "—".to_string(),
                ip,
            },
            "上传被拒",
            None,
            None,
            "文件过大（请求声明的长度超过上限）",
        );
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

async fn login_page(
    State(app): State<App>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let expired = query.contains_key("expired");
    app.render(
        "login.html",
        json!({ "user": null, "csrf": "", "expired": expired }),
    )
}

/// Whether a login comes from our own page: its `Origin` must name the host the request
/// was sent to (which the guard has checked), whatever the host setup; without `Origin`
/// (scripts), a browser's `Sec-Fetch-Site` must not say another site.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = auth::header(headers, "host").map(str::to_ascii_lowercase);
    if let Some(origin) = auth::header(headers, "origin") {
        let authority = origin
            .split_once("://")
            .map(|(_, rest)| rest.trim_end_matches('/').to_ascii_lowercase());
        return authority.is_some() && authority == host;
    }
    auth::header(headers, "sec-fetch-site")
        .is_none_or(|s| s.eq_ignore_ascii_case("same-origin") || s.eq_ignore_ascii_case("none"))
}

async fn login(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let ip = app.client_ip(peer, &headers);
    let anonymous = Actor {
        name: "（未登录）".to_string(),
        ip: ip.to_string(),
    };
    // Login from another site's page would sign the visitor into a foreign account.
    if !same_origin(&headers) {
        let origin: String = auth::header(&headers, "origin")
            .unwrap_or("（无）")
            .chars()
            .take(100)
            .collect();
        app.audit(
            &anonymous,
            "登录被拒",
            None,
            None,
            &format!("来自其他网站的登录：{origin}"),
        );
        return json_error(StatusCode::FORBIDDEN, "请求被拒绝：来自其他网站的登录");
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
        let lock = lock(&app.0.limiter).fail(ip);
        return match lock {
            Lock::Open => {
                app.audit(&anonymous, "登录失败", None, None, "令牌不正确或账号已删除");
                json_error(StatusCode::UNAUTHORIZED, "登录失败：令牌不正确或账号已删除")
            }
            Lock::JustLocked(wait) => {
                app.audit(&anonymous, "登录失败", None, None, "令牌不正确或账号已删除");
                app.audit(
                    &anonymous,
                    "地址被限制",
                    None,
                    None,
                    &format!(
                        "10 分钟内登录失败 {} 次，该地址此后 {wait} 秒内的错误尝试答复 429",
                        auth::LOGIN_FAILURES
                    ),
                );
                json_error(StatusCode::UNAUTHORIZED, "登录失败：令牌不正确或账号已删除")
            }
            Lock::Locked(wait) => too_many(wait),
        };
    };
    let account = match &p.who {
        Who::Account(a) => Some(a.id),
        _ => None,
    };
    let created = app.store().create_session(account, auth::SESSION_SECONDS);
    let Ok((session, _csrf)) = created else {
        return internal("无法建立会话");
    };
    let county = p.scope().map(|(c, r)| county_label(r.unwrap_or(""), c));
    app.audit(
        &app.who(&p, peer, &headers),
        "登录",
        None,
        county.as_deref(),
        "",
    );
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
    app.audit(&app.who(&p, peer, &headers), "退出登录", None, None, "");
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

/// Problems from the worker, file-level ones named by the client's file name.
fn name_file_problems(problems: Vec<Value>, file_name: &str) -> Vec<Value> {
    problems
        .into_iter()
        .map(|mut v| {
            if v.get("scope").and_then(Value::as_str) == Some("file")
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

/// An upload's folder, removed when dropped unless kept.
struct Partial(Option<PathBuf>);

impl Partial {
    fn keep(&mut self) {
        self.0 = None;
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(dir) = self.0.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Why receiving a body stopped.
enum BodyError {
    TooLarge,
    Broken,
    Slow,
    Disk(String),
}

/// Receive the `file` field into `path` within the deadline. Ok: (file name, size, SHA-256).
async fn receive(
    multipart: &mut Multipart,
    path: &FsPath,
    deadline: tokio::time::Instant,
) -> Result<Option<(String, i64, String)>, BodyError> {
    loop {
        let field = match tokio::time::timeout_at(deadline, multipart.next_field()).await {
            Err(_) => return Err(BodyError::Slow),
            Ok(Ok(Some(f))) => f,
            Ok(Ok(None)) => return Ok(None),
            Ok(Err(e)) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(BodyError::TooLarge);
            }
            Ok(Err(_)) => return Err(BodyError::Broken),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = display_name(field.file_name());
        let mut field = field;
        let mut out = std::fs::File::create(path).map_err(|e| BodyError::Disk(e.to_string()))?;
        let mut hash = Sha256::new();
        let mut size = 0usize;
        loop {
            match tokio::time::timeout_at(deadline, field.chunk()).await {
                Err(_) => return Err(BodyError::Slow),
                Ok(Ok(Some(chunk))) => {
                    size += chunk.len();
                    if size > MAX_UPLOAD_BYTES {
                        return Err(BodyError::TooLarge);
                    }
                    hash.update(&chunk);
                    out.write_all(&chunk)
                        .map_err(|e| BodyError::Disk(e.to_string()))?;
                }
                Ok(Ok(None)) => break,
                Ok(Err(e)) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(BodyError::TooLarge);
                }
                Ok(Err(_)) => return Err(BodyError::Broken),
            }
        }
        out.sync_all().map_err(|e| BodyError::Disk(e.to_string()))?;
        return Ok(Some((name, size as i64, store::hex(&hash.finalize()))));
    }
}

/// The key per-account limits count under: the account, or the address for the shared
/// token (one token may serve a whole city); none for the person at this computer.
fn account_key(p: &Principal, ip: IpAddr) -> Option<String> {
    match &p.who {
        Who::Local => None,
        Who::Admin => Some(format!("ip {ip}")),
        Who::Account(a) => Some(format!("account {}", a.id)),
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
    let who = app.who(&p, peer, &headers);
    let scope_label = p.scope().map(|(c, r)| county_label(r.unwrap_or(""), c));
    let refuse = |action_detail: &str| {
        app.audit(
            &who,
            "上传被拒",
            None,
            scope_label.as_deref(),
            action_detail,
        );
    };
    let Ok(mut multipart) = multipart else {
        refuse("请求格式不对");
        return json_error(
            StatusCode::BAD_REQUEST,
            "请求格式不对：应为 multipart/form-data，文件放在字段 file 中",
        );
    };
    let key = account_key(&p, app.client_ip(peer, &headers));
    // Receiving holds a connection and a file being written, never a queue place.
    let receiving = match app.try_place(key.clone(), Phase::Receiving) {
        Ok(place) => place,
        Err(own) => {
            refuse(if own {
                "本账号同时上传过多"
            } else {
                "同时上传的连接过多"
            });
            return with_retry(
                json_error(
                    if own {
                        StatusCode::TOO_MANY_REQUESTS
                    } else {
                        StatusCode::SERVICE_UNAVAILABLE
                    },
                    if own {
                        format!(
                            "本账号同时进行的上传过多（最多 {} 个）：请等前面的工作簿处理完再上传",
                            app.0.cfg.per_account
                        )
                    } else {
                        "正在上传的连接过多，请稍后再试".to_string()
                    },
                ),
                "5",
            );
        }
    };
    let id = match store::random_hex(16) {
        Ok(id) => id,
        Err(e) => return internal(e),
    };
    let dir = app.files_dir(&id);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return internal(format!("无法保存上传的文件：{e}"));
    }
    // Whatever ends this request early (a refusal, or the client going away mid-body),
    // the upload's folder goes with it; only a recorded upload keeps it.
    let mut partial = Partial(Some(dir.clone()));
    let incoming = dir.join("workbook.upload");
    let deadline = tokio::time::Instant::now() + app.0.cfg.upload_timeout;
    let received = receive(&mut multipart, &incoming, deadline).await;
    drop(receiving);
    let (file_name, size, sha) = match received {
        Ok(Some(r)) => r,
        Ok(None) => {
            let _ = std::fs::remove_dir_all(&dir);
            refuse("没有收到文件");
            return json_error(
                StatusCode::BAD_REQUEST,
                "没有收到文件：文件应放在表单字段 file 中",
            );
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&dir);
            return match e {
                BodyError::TooLarge => {
                    refuse("文件过大");
                    too_large()
                }
                BodyError::Broken => {
                    refuse("上传中断");
                    json_error(StatusCode::BAD_REQUEST, "上传中断或格式不对，请重试")
                }
                BodyError::Slow => {
                    let secs = app.0.cfg.upload_timeout.as_secs();
                    app.audit(
                        &who,
                        "上传超时",
                        None,
                        scope_label.as_deref(),
                        &format!("{secs} 秒内没有收完"),
                    );
                    json_error(
                        StatusCode::REQUEST_TIMEOUT,
                        format!(
                            "上传超时：{secs} 秒内没有收完这个文件（网络太慢或已中断），已放弃；请在网络较好时重新上传"
                        ),
                    )
                }
                BodyError::Disk(e) => internal(format!("无法保存上传的文件：{e}")),
            };
        }
    };
    // Only a complete body takes a queue place.
    let place = match app.try_place(key, Phase::Pending) {
        Ok(place) => place,
        Err(own) => {
            let _ = std::fs::remove_dir_all(&dir);
            refuse(&format!(
                "{file_name}：{}",
                if own {
                    "本账号排队的工作簿过多"
                } else {
                    "排队已满"
                }
            ));
            let message = if own {
                format!(
                    "本账号正在处理的工作簿过多（最多 {} 个），请等前面的完成后再试",
                    app.0.cfg.per_account
                )
            } else {
                "正在处理的工作簿过多，请稍后再试".to_string()
            };
            return with_retry(json_error(StatusCode::SERVICE_UNAVAILABLE, message), "5");
        }
    };
    // The check runs in its own task holding the queue place and a check slot: a client
    // that goes away meanwhile frees neither before its child process has finished.
    let checking = {
        let app = app.clone();
        let job = Job::Check {
            source: incoming.clone(),
            dir: dir.clone(),
        };
        tokio::spawn(async move {
            let outcome = match app.0.check_slots.acquire().await {
                Ok(_permit) => app.work(job).await,
                Err(_) => Err("内部错误".to_string()),
            };
            (outcome, place)
        })
    };
    let Ok((outcome, place)) = checking.await else {
        return internal("内部错误：检查工作簿时中断");
    };
    let (ext, county, region, passed, verdict, warnings) = match outcome {
        Ok(Outcome::Checked {
            ext,
            county,
            region,
            passed,
            verdict,
            warnings,
        }) => (ext, county, region, passed, verdict, warnings),
        Ok(Outcome::NotWorkbook { reason }) => {
            let _ = std::fs::remove_dir_all(&dir);
            refuse(&format!("{file_name}：{reason}"));
            return (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Json(json!({
                    "error": format!("「{file_name}」不是工作簿：{reason}"),
                    "errors": [{ "severity": "error", "scope": "file", "sheet": file_name, "row": null, "column": null, "message": reason }],
                    "warnings": [],
                })),
            )
                .into_response();
        }
        Ok(Outcome::Refused { problems }) => {
            let _ = std::fs::remove_dir_all(&dir);
            let problems = name_file_problems(problems, &file_name);
            let (errs, warns): (Vec<Value>, Vec<Value>) = problems
                .into_iter()
                .partition(|p| p.get("severity").and_then(Value::as_str) == Some("error"));
            refuse(&format!("{file_name}：{} 处错误", errs.len()));
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({
                    "error": format!("「{file_name}」有 {} 处错误，未生成文件；请按下表改正后重新上传", errs.len()),
                    "file": file_name,
                    "errors": errs,
                    "warnings": warns,
                })),
            )
                .into_response();
        }
        other => {
            let _ = std::fs::remove_dir_all(&dir);
            let why = match other {
                Ok(Outcome::Failed { message }) => message,
                Err(message) => message,
                _ => "内部错误".to_string(),
            };
            refuse(&format!("{file_name}：{why}"));
            let message = format!(
                "无法读取「{file_name}」：{why}。请在 Excel/WPS 中打开这个文件，另存为 .xlsx 后重新上传"
            );
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({
                    "error": message,
                    "file": file_name,
                    "errors": [{ "severity": "error", "scope": "file", "sheet": file_name, "row": null, "column": null, "message": message }],
                    "warnings": [],
                })),
            )
                .into_response();
        }
    };
    let label = county_label(&region, &county);
    if let Who::Account(a) = &p.who
        && a.role == store::Role::County
    {
        let wrong_region = a.region.as_deref().is_some_and(|r| r != region);
        if a.county != county || wrong_region {
            let _ = std::fs::remove_dir_all(&dir);
            refuse(&format!("{file_name}：工作簿是「{label}」"));
            let own = county_label(a.region.as_deref().unwrap_or(""), &a.county);
            let (column, message) = if a.county != county {
                (
                    "县区名称",
                    format!(
                        "本账号只能上传「{}」的工作簿，这份工作簿“基本信息”中的县区名称是「{county}」：请核对文件，或改正县区名称后重新上传",
                        a.county
                    ),
                )
            } else {
                (
                    "上级行政区",
                    format!(
                        "本账号是「{own}」的账号，这份工作簿“基本信息”中的上级行政区是「{}」：可能是另一个同名县区的工作簿，请核对文件或改正上级行政区后重新上传",
                        if region.is_empty() {
                            "（空）"
                        } else {
                            region.as_str()
                        }
                    ),
                )
            };
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({
                    "error": message,
                    "file": file_name,
                    "errors": [{ "severity": "error", "scope": "sheet", "sheet": "基本信息", "row": null, "column": column, "message": message }],
                    "warnings": [],
                })),
            )
                .into_response();
        }
        if a.region.is_none() && app.store().bind_account(a.id, &region).unwrap_or(false) {
            app.audit(
                &who,
                "账号绑定",
                None,
                Some(&label),
                &format!(
                    "首次上传，账号「{}」绑定上级行政区「{}」",
                    a.name,
                    if region.is_empty() {
                        "（空）"
                    } else {
                        region.as_str()
                    }
                ),
            );
        }
    }
    let warnings = name_file_problems(warnings, &file_name);
    let warnings_text = Value::Array(warnings.clone()).to_string();
    let inserted = app.store().insert_upload(&NewUpload {
        id: &id,
        region: &region,
        county: &county,
        uploader: &p.name(),
        file_name: &file_name,
        ext: &ext,
        sha256: &sha,
        bytes: size,
        passed,
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
        &who,
        "上传",
        Some(&id),
        Some(&label),
        &format!("第{version}版 {file_name}（SHA-256 {sha}）"),
    );
    partial.keep();
    let Ok(Some(record)) = app.store().upload(&id, None) else {
        return internal("内部错误：上传记录丢失");
    };
    let builder = app.clone();
    tokio::spawn(async move { builder.build_in_background(record, place).await });
    (
        StatusCode::CREATED,
        Json(json!({
            "id": id,
            "county": county,
            "region": region,
            "county_label": label,
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
        "region": u.region,
        "county_label": county_label(&u.region, &u.county),
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

/// The upload if the principal may see it: one 404 for absent and foreign alike. A
/// county asking for another county's upload is recorded (the answer says nothing).
fn visible(app: &App, p: &Principal, who: &Actor, id: &str) -> Result<Upload, Response> {
    let found = app.store().upload(id, None);
    match found {
        Ok(Some(u)) if app.store().upload(id, p.scope()).ok().flatten().is_some() => Ok(u),
        Ok(Some(u)) => {
            app.audit(
                who,
                "越权访问",
                Some(&u.id),
                Some(&county_label(&u.region, &u.county)),
                "请求其他县区的上传，已答复 404",
            );
            Err(not_found())
        }
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
    match visible(&app, &p, &app.who(&p, peer, &headers), &id) {
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
    let who = app.who(&p, peer, &headers);
    let u = match visible(&app, &p, &who, &id) {
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
        &who,
        "删除",
        Some(&u.id),
        Some(&county_label(&u.region, &u.county)),
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
    let who = app.who(&p, peer, &headers);
    let u = match visible(&app, &p, &who, &id) {
        Ok(u) => u,
        Err(r) => return r,
    };
    match std::fs::read(app.files_dir(&u.id).join(RESULTS)) {
        Ok(bytes) => {
            app.audit(
                &who,
                "下载",
                Some(&u.id),
                Some(&county_label(&u.region, &u.county)),
                &format!("第{}版 计算结果（JSON）", u.version),
            );
            ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
        }
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
    let u = match visible(&app, &p, &app.who(&p, peer, &headers), &id) {
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

/// Wait (at most three minutes) until an upload is no longer building.
async fn wait_built(app: &App, id: &str) -> Option<Upload> {
    for _ in 0..3600 {
        let u = app.store().upload(id, None).ok().flatten()?;
        if u.status != Status::Building {
            return Some(u);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
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
    let who = app.who(&p, peer, &headers);
    let u = match visible(&app, &p, &who, &id) {
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
    let download = query.contains_key("download");
    let label = county_label(&u.region, &u.county);
    app.audit(
        &who,
        if download { "下载" } else { "预览" },
        Some(&u.id),
        Some(&label),
        &format!("第{}版 {fixed}", u.version),
    );
    let how = if download { "attachment" } else { "inline" };
    let shown = format!("{label}-第{}版-{fixed}", u.version);
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
        .map(|(c, _)| c.to_string())
        .or_else(|| {
            query
                .get("county")
                .map(|c| c.trim().chars().take(64).collect::<String>())
        })
        .filter(|c| !c.is_empty());
    // Our own blank workbook: made in this process, from nothing the client sent but a
    // short name.
    let made = tokio::task::spawn_blocking({
        let county = county.clone();
        move || pipeline::template(county.as_deref())
    })
    .await;
    match made {
        Ok(Ok(bytes)) => {
            app.audit(
                &app.who(&p, peer, &headers),
                "下载",
                None,
                county.as_deref(),
                "空白模板",
            );
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

/// The latest built version of every county, with its 汇总表 row (made by the worker
/// when the upload was checked). Two counties of one name are shown with their
/// 上级行政区.
fn summary_rows(app: &App) -> Result<Vec<(Upload, pipeline::Row)>, ServerError> {
    let latest = app.store().latest_ready(None)?;
    let mut names: HashMap<String, usize> = HashMap::new();
    for u in &latest {
        *names.entry(u.county.clone()).or_default() += 1;
    }
    let mut rows = Vec::new();
    for u in latest {
        let Ok(text) = std::fs::read(app.files_dir(&u.id).join(SUMMARY_ROW)) else {
            continue;
        };
        let Ok(mut row) = serde_json::from_slice::<pipeline::Row>(&text) else {
            continue;
        };
        row.file = version_label(&u);
        if names.get(&u.county).copied().unwrap_or(0) > 1 {
            row.county = county_label(&u.region, &u.county);
        }
        rows.push((u, row));
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
    if let Err(r) = app
        .principal(&headers, peer, false)
        .and_then(|p| office_only(&p))
    {
        return r;
    }
    match summary_rows(&app) {
        Ok(rows) => Json(json!(
            rows.iter()
                .map(
                    |(u, r)| json!({"id": u.id, "version": u.version, "region": u.region, "row": r})
                )
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
    let p = match app
        .principal(&headers, peer, false)
        .and_then(|p| office_only(&p).map(|()| p))
    {
        Ok(p) => p,
        Err(r) => return r,
    };
    let rows: Vec<pipeline::Row> = match summary_rows(&app) {
        Ok(rows) => rows.into_iter().map(|(_, r)| r).collect(),
        Err(e) => return internal(e),
    };
    if rows.is_empty() {
        return json_error(StatusCode::NOT_FOUND, "还没有已生成的县区");
    }
    let Ok(_permit) = app.0.build_slots.acquire().await else {
        return internal("内部错误");
    };
    let Ok(name) = store::random_hex(16) else {
        return internal("内部错误");
    };
    let out = app
        .0
        .cfg
        .data
        .join("files")
        .join(format!("summary-{name}.pdf"));
    let outcome = app
        .work(Job::Summary {
            rows,
            out: out.clone(),
        })
        .await;
    let pdf = std::fs::read(&out);
    let _ = std::fs::remove_file(&out);
    match (outcome, pdf) {
        (Ok(Outcome::Done), Ok(bytes)) => {
            app.audit(
                &app.who(&p, peer, &headers),
                "下载",
                None,
                None,
                "汇总表.pdf",
            );
            let mut r = ([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response();
            r.headers_mut().insert(
                header::CONTENT_DISPOSITION,
                disposition("inline", "汇总表.pdf"),
            );
            r
        }
        (Ok(Outcome::Failed { message }), _) | (Err(message), _) => internal(message),
        _ => internal("内部错误：汇总表未生成"),
    }
}

/// The audit filter from the query (`actor`, `action`, `county`, `ip`, `from` and `to`
/// as 2026-03-16, both days included).
fn audit_filter(query: &HashMap<String, String>, limit: i64) -> AuditFilter {
    let text = |k: &str| {
        query
            .get(k)
            .map(|v| v.trim().chars().take(100).collect::<String>())
            .filter(|v| !v.is_empty())
    };
    AuditFilter {
        actor: text("actor"),
        action: text("action"),
        county: text("county"),
        ip: text("ip"),
        from: text("from").and_then(|d| page::day_start(&d)),
        to: text("to")
            .and_then(|d| page::day_start(&d))
            .map(|t| t + 86_400),
        limit,
    }
}

fn audit_row(e: &store::AuditEntry) -> Value {
    json!({
        "at": e.at, "time": page::time_text(e.at), "actor": e.actor, "action": e.action,
        "upload": e.upload, "county": e.county, "detail": e.detail, "ip": e.ip,
    })
}

async fn audit_json(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if let Err(r) = app
        .principal(&headers, peer, false)
        .and_then(|p| office_only(&p))
    {
        return r;
    }
    let entries = app.store().audit_log(&audit_filter(&query, 1000));
    match entries {
        Ok(entries) => {
            Json(json!(entries.iter().map(audit_row).collect::<Vec<_>>())).into_response()
        }
        Err(e) => internal(e),
    }
}

/// One CSV field: quoted, and a leading = + - @ neutralised so that a spreadsheet never
/// runs it as a formula (file names and details come from clients).
fn csv_field(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

async fn audit_csv(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let p = match app
        .principal(&headers, peer, false)
        .and_then(|p| office_only(&p).map(|()| p))
    {
        Ok(p) => p,
        Err(r) => return r,
    };
    let entries = match app.store().audit_log(&audit_filter(&query, 100_000)) {
        Ok(e) => e,
        Err(e) => return internal(e),
    };
    app.audit(
        &app.who(&p, peer, &headers),
        "导出操作记录",
        None,
        None,
        &format!("{} 条", entries.len()),
    );
    // A BOM so that Excel opens the UTF-8 file with its Chinese intact.
    let mut csv = String::from("\u{feff}时间,账号,操作,县区,客户端地址,上传编号,说明\r\n");
    for e in &entries {
        let fields = [
            page::time_text(e.at),
            e.actor.clone(),
            e.action.clone(),
            e.county.clone().unwrap_or_default(),
            e.ip.clone().unwrap_or_default(),
            e.upload.clone().unwrap_or_default(),
            e.detail.clone(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    let mut r = ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response();
    r.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        disposition("attachment", "操作记录.csv"),
    );
    r
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
    let usage = p
        .scope()
        .and_then(|(c, r)| r.map(|r| app.store().usage(r, c).unwrap_or((0, 0))));
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
    let Ok(u) = visible(&app, &p, &app.who(&p, peer, &headers), &id) else {
        return html_not_found(&app, &p);
    };
    let dir = app.files_dir(&u.id);
    let Some(evaluation) = std::fs::read(dir.join(PAGE))
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
    else {
        return html_not_found(&app, &p);
    };
    let versions = app
        .store()
        .versions(&u.region, &u.county)
        .unwrap_or_default();
    let diff = std::fs::read(dir.join(DIFF_JSON))
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok());
    let present: Vec<&str> = FILES
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| dir.join(n).is_file())
        .collect();
    let usage = app.store().usage(&u.region, &u.county).unwrap_or((0, 0));
    let mut ctx = app.base(&p);
    page::extend(
        &mut ctx,
        page::workbook_context(
            &u,
            evaluation,
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
    let rows = summary_rows(&app).unwrap_or_default();
    let mut ctx = app.base(&p);
    page::extend(&mut ctx, page::summary_context(&rows));
    app.render("summary.html", ctx)
}

async fn audit_page(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let p = match office_principal(&app, &headers, peer) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let filter = audit_filter(&query, 500);
    let entries = app.store().audit_log(&filter).unwrap_or_default();
    let (actors, actions) = app.store().audit_choices().unwrap_or_default();
    // The same filter for the CSV link, as the query it came from.
    let csv_query: String = ["actor", "action", "county", "ip", "from", "to"]
        .iter()
        .filter_map(|k| query.get(*k).map(|v| (k, v)))
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", page::url_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut ctx = app.base(&p);
    page::extend(
        &mut ctx,
        page::audit_context(&entries, &actors, &actions, &query, &csv_query),
    );
    app.render("audit.html", ctx)
}
