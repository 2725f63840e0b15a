//! `junheng serve`: the 工作台, a web page that uploads, checks, evaluates, previews and
//! downloads, over the same library as the CLI (see [`pipeline`], its only door into
//! it). One server can serve one clerk on loopback (no accounts) or a whole city or
//! province (`--listen`, accounts from `junheng users`, each county seeing only its own
//! uploads). State lives under `--data` ([`store`]): SQLite plus one folder per upload.

mod auth;
mod error;
mod http;
mod page;
pub mod pipeline;
pub mod store;
pub mod worker;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use error::ServerError;
use store::{Role, Store};

pub(crate) const EXIT_OK: u8 = 0;
pub(crate) const EXIT_FAIL: u8 = 2;

/// Largest upload accepted (the workbook reader's own limit is higher).
pub(crate) const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

#[derive(Debug, Clone, clap::Args)]
pub struct ServeOptions {
    /// 端口（只在本机 127.0.0.1 上提供服务）
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// 启动后用默认浏览器打开工作台
    #[arg(long)]
    pub open: bool,
    /// 数据文件夹（账号、上传的工作簿、生成的文件）；默认为本用户的数据文件夹（Linux 上
    /// ~/.local/share/junheng，见启动时的提示），退出后仍保留
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// 在内网地址上提供服务，如 0.0.0.0:8000；此时每个请求都要令牌或账号
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<SocketAddr>,
    /// 共用访问令牌（--listen 且没有账号时不给则自动生成并显示）
    #[arg(long)]
    pub token: Option<String>,
    /// 允许的主机名（浏览器地址栏里的名字，如 junheng.example.gov.cn），可多次给出
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// 运行在反向代理（nginx、Caddy）之后：采信 X-Forwarded-Proto 与 X-Forwarded-For
    #[arg(long)]
    pub behind_proxy: bool,
    /// 同时排版的工作簿数
    #[arg(long, default_value_t = 2)]
    pub builds: usize,
    /// 排队等候的工作簿数上限（超出时答复 503，请稍后再试）
    #[arg(long, default_value_t = 16)]
    pub queue: usize,
    /// 每个县区保留的版本数
    #[arg(long, default_value_t = 20)]
    pub keep_versions: i64,
    /// 每个县区的存储上限（MB）
    #[arg(long, default_value_t = 500)]
    pub quota_mb: i64,
    /// 一次上传须在多少秒内传完（太慢的上传被中断，不占排队名额）
    #[arg(long, default_value_t = 300)]
    pub upload_timeout: u64,
    /// 每个账号同时进行的上传（传输、检查、排队、排版）上限
    #[arg(long, default_value_t = 4)]
    pub per_account: usize,
    /// 读取、排版每个工作簿的子进程的内存（地址空间）上限，MB；0 为不限
    #[arg(long, default_value_t = 4096)]
    pub worker_memory_mb: u64,
    /// 读取或排版一个工作簿的时间上限（秒）
    #[arg(long, default_value_t = 600)]
    pub worker_timeout: u64,
    /// 请求头须在多少秒内收完
    #[arg(long, default_value_t = 20, hide = true)]
    pub header_timeout: u64,
}

impl ServeOptions {
    /// Double-clicking the program: serve on loopback and open the browser.
    pub fn double_click() -> Self {
        ServeOptions {
            port: 8000,
            open: true,
            data: None,
            listen: None,
            token: None,
            allow_host: Vec::new(),
            behind_proxy: false,
            builds: 2,
            queue: 16,
            keep_versions: 20,
            quota_mb: 500,
            upload_timeout: 300,
            per_account: 4,
            worker_memory_mb: 4096,
            worker_timeout: 600,
            header_timeout: 20,
        }
    }
}

/// Where the 工作台 keeps its data when no `--data` is given: the user's own data folder,
/// as each platform names it (XDG_DATA_HOME or ~/.local/share on Linux and BSD,
/// ~/Library/Application Support on macOS, %LOCALAPPDATA% on Windows).
pub fn default_data_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let base = if cfg!(windows) {
        var("LOCALAPPDATA").or_else(|| var("APPDATA"))
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library").join("Application Support"))
    } else {
        var("XDG_DATA_HOME").or_else(|| var("HOME").map(|h| h.join(".local").join("share")))
    };
    base.map(|b| b.join("junheng"))
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum UsersCommand {
    /// 添加账号，显示一次其令牌与登录链接
    Add {
        /// 账号名称：县区账号用县区名称（与工作簿“县区名称”一致），督导室账号任意
        name: String,
        /// county（县区，只能看自己的）或 office（督导室，看全部）
        #[arg(long, default_value = "county")]
        role: String,
        /// 县区的上级行政区（与工作簿“上级行政区”一致，如“江苏省南京市”）：同名县区靠它区分；
        /// 不给时账号在第一次上传时绑定工作簿中的上级行政区
        #[arg(long)]
        region: Option<String>,
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// 登录链接的地址前缀（浏览器访问工作台的地址）
        #[arg(long, default_value = "http://127.0.0.1:8000")]
        url: String,
    },
    /// 列出账号
    List {
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
    },
    /// 删除账号（其登录随即失效；已上传的工作簿保留）
    Remove {
        name: String,
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
    },
}

/// `junheng users …`.
pub fn users(cmd: &UsersCommand) -> u8 {
    store::private_umask();
    let result = match cmd {
        UsersCommand::Add {
            name,
            role,
            region,
            data,
            url,
        } => (|| {
            let role = Role::parse(role).ok_or_else(|| ServerError::BadRole(role.clone()))?;
            let store = Store::open(data)?;
            let token = store.add_account(name, role, region.as_deref())?;
            let region = region
                .as_deref()
                .map(pipeline::normalize_region)
                .filter(|r| !r.is_empty() && role == Role::County);
            let shown = match &region {
                Some(r) => store::county_label(r, name.trim()),
                None => name.trim().to_string(),
            };
            let _ = store.audit(
                "命令行",
                "添加账号",
                None,
                (role == Role::County).then_some(shown.as_str()),
                &format!("{}账号「{shown}」", role.label()),
                None,
            );
            println!("已添加{}账号「{shown}」。", role.label());
            if role == Role::County && region.is_none() {
                println!("未给 --region：账号在第一次上传时绑定工作簿中的上级行政区。");
            }
            println!("令牌（只显示这一次，请妥善转交）：{token}");
            println!(
                "登录链接：{}/login#token={token}",
                url.trim_end_matches('/')
            );
            println!("脚本调用时使用请求头：Authorization: Bearer {token}");
            Ok(())
        })(),
        UsersCommand::List { data } => (|| {
            let store = Store::open(data)?;
            let accounts = store.accounts()?;
            if accounts.is_empty() {
                println!(
                    "没有账号。用 junheng users add 名称 --role county|office --data {} 添加。",
                    data.display()
                );
            }
            for a in accounts {
                let region = match (a.role, &a.region) {
                    (Role::Office, _) => String::new(),
                    (Role::County, Some(r)) if r.is_empty() => "\t上级行政区：（空）".to_string(),
                    (Role::County, Some(r)) => format!("\t上级行政区：{r}"),
                    (Role::County, None) => "\t上级行政区：未绑定（第一次上传时绑定）".to_string(),
                };
                println!(
                    "{}\t{}{region}\t创建于 {}",
                    a.name,
                    a.role.label(),
                    page::time_text(a.created_at)
                );
            }
            Ok(())
        })(),
        UsersCommand::Remove { name, data } => (|| {
            let store = Store::open(data)?;
            if store.remove_account(name)? {
                let _ = store.audit(
                    "命令行",
                    "删除账号",
                    None,
                    None,
                    &format!("账号「{}」", name.trim()),
                    None,
                );
                println!("已删除账号「{}」。", name.trim());
                Ok(())
            } else {
                Err(ServerError::NoAccount(name.trim().to_string()))
            }
        })(),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("错误：{e}");
            EXIT_FAIL
        }
    }
}

/// `junheng serve`.
pub fn serve(opts: &ServeOptions) -> u8 {
    match serve_inner(opts) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("错误：{e}");
            EXIT_FAIL
        }
    }
}

fn serve_inner(opts: &ServeOptions) -> Result<(), ServerError> {
    // Accounts, workbooks and documents are the county's: only this user may read them.
    store::private_umask();
    let data = match &opts.data {
        Some(dir) => dir.clone(),
        None => default_data_dir().ok_or(ServerError::NoDataDir)?,
    };
    let store = Store::open(&data)?;
    let accounts = store.account_count()?;
    drop(store);
    let listen = opts.listen;
    let shared_token = match (&opts.token, listen) {
        (Some(t), _) if t.trim().len() < 16 => {
            return Err(ServerError::ShortToken);
        }
        (Some(t), _) => Some(t.trim().to_string()),
        (None, Some(_)) if accounts == 0 => Some(store::random_hex(24)?),
        (None, _) => None,
    };
    let require_auth = listen.is_some() || shared_token.is_some() || accounts > 0;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServerError::Runtime)?;
    runtime.block_on(async move {
        let listener = bind(opts).await?;
        let addr = listener.local_addr().map_err(ServerError::LocalAddr)?;
        let hosts = allowed_hosts(addr, &opts.allow_host);
        let url = page_url(addr);
        let app = http::App::new(http::Config {
            data: data.clone(),
            shared_token: shared_token.clone(),
            require_auth,
            hosts,
            behind_proxy: opts.behind_proxy,
            builds: opts.builds.clamp(1, 64),
            queue: opts.queue.clamp(1, 1000),
            keep_versions: opts.keep_versions.max(1),
            quota_bytes: opts.quota_mb.max(1).saturating_mul(1024 * 1024),
            upload_timeout: Duration::from_secs(opts.upload_timeout.clamp(1, 24 * 3600)),
            per_account: opts.per_account.clamp(1, 1000),
            worker: worker::Limits {
                memory_mb: opts.worker_memory_mb,
                timeout: Duration::from_secs(opts.worker_timeout.clamp(5, 24 * 3600)),
            },
            data_note: (!require_auth).then(|| data_note(&data)),
        })?;
        let identified = app.identify_old_uploads().await?;
        if identified > 0 {
            println!("已升级数据：重新读取 {identified} 个以前的上传，按“上级行政区＋县区名称”区分县区。");
        }
        println!("均衡工作台已启动：{url}");
        println!("数据文件夹：{}", data.display());
        if opts.data.is_none() {
            println!("（上传的工作簿和生成的文件都保存在这里，关闭后仍在；要全部删除，先退出工作台，再删除这个文件夹）");
        }
        if let Some(token) = &shared_token
            && opts.token.is_none()
        {
            println!("访问令牌：{token}");
            println!("登录链接：{url}login#token={token}");
        } else if accounts > 0 {
            println!("已有 {accounts} 个账号：请用各自的登录链接进入（junheng users list 查看）");
        }
        println!("按 Ctrl+C 退出。");
        if opts.open {
            open_browser(&url);
        }
        app.resume_unfinished();
        serve_connections(
            listener,
            app.router(),
            Duration::from_secs(opts.header_timeout.clamp(1, 3600)),
        )
        .await
    })?;
    println!("工作台已退出。");
    Ok(())
}

/// What the page of the person at this computer says about where the data is.
fn data_note(data: &Path) -> String {
    format!(
        "上传的工作簿和生成的文件保存在 {}，关闭工作台后仍保留；要全部删除，先退出工作台，再删除这个文件夹。",
        data.display()
    )
}

/// Serve HTTP/1.1 connections until Ctrl+C or SIGTERM. Each connection must send its
/// request headers within `header_timeout` (a client that opens connections and sends
/// nothing holds nothing for long); bodies have their own limits in the handlers.
async fn serve_connections(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    header_timeout: Duration,
) -> Result<(), ServerError> {
    use axum::extract::ConnectInfo;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    let stop = shutdown();
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            // Out of file descriptors and the like: wait a little instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let mut stop_rx = stop_rx.clone();
        tasks.spawn(async move {
            let service = hyper::service::service_fn(
                move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(ConnectInfo(peer));
                    tower::ServiceExt::oneshot(router.clone(), req)
                },
            );
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop_rx.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(10), conn).await;
                }
            }
        });
        while tasks.try_join_next().is_some() {}
    }
    let _ = stop_tx.send(true);
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    Ok(())
}

async fn bind(opts: &ServeOptions) -> Result<tokio::net::TcpListener, ServerError> {
    let addr = opts
        .listen
        .unwrap_or(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), opts.port));
    match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => Ok(l),
        // A double-click when 8000 is taken: try the next few ports.
        Err(_) if opts.listen.is_none() && opts.port == 8000 => {
            for port in 8001..8020 {
                let next = SocketAddr::new(addr.ip(), port);
                if let Ok(l) = tokio::net::TcpListener::bind(next).await {
                    return Ok(l);
                }
            }
            Err(ServerError::PortsTaken)
        }
        Err(source) => Err(ServerError::Bind { addr, source }),
    }
}

/// `Host` header values the server answers (DNS rebinding defence).
fn allowed_hosts(addr: SocketAddr, extra: &[String]) -> Vec<String> {
    let port = addr.port();
    let mut hosts = vec![format!("{addr}")];
    if addr.ip().is_loopback() {
        hosts.push(format!("localhost:{port}"));
        hosts.push(format!("127.0.0.1:{port}"));
        hosts.push(format!("[::1]:{port}"));
    }
    for h in extra {
        let h = h.trim().to_ascii_lowercase();
        if !h.is_empty() {
            hosts.push(h.clone());
            if !h.contains(':') {
                hosts.push(format!("{h}:{port}"));
            }
        }
    }
    hosts
}

fn page_url(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("http://127.0.0.1:{}/", addr.port())
    } else {
        format!("http://{addr}/")
    }
}

fn open_browser(url: &str) {
    let spawned = if cfg!(target_os = "windows") {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if spawned.is_err() {
        println!("无法自动打开浏览器，请手动打开：{url}");
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
