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

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

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
    /// 数据文件夹（账号、上传的工作簿、生成的文件）；默认用临时文件夹，退出时删除
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
        }
    }
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
    let result = match cmd {
        UsersCommand::Add {
            name,
            role,
            data,
            url,
        } => (|| {
            let role = Role::parse(role).ok_or_else(|| ServerError::BadRole(role.clone()))?;
            let store = Store::open(data)?;
            let token = store.add_account(name, role)?;
            println!("已添加{}账号「{}」。", role.label(), name.trim());
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
                println!(
                    "{}\t{}\t创建于 {}",
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
    // A temporary data folder lives as long as the server; dropping it removes it.
    let (data, _temp) = match &opts.data {
        Some(dir) => (dir.clone(), None),
        None => {
            let temp = tempfile::Builder::new()
                .prefix("junheng-serve-")
                .tempdir()
                .map_err(ServerError::TempDir)?;
            (temp.path().to_path_buf(), Some(temp))
        }
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
            require_auth: listen.is_some() || shared_token.is_some() || accounts > 0,
            hosts,
            behind_proxy: opts.behind_proxy,
            builds: opts.builds.clamp(1, 64),
            queue: opts.queue.clamp(1, 1000),
            keep_versions: opts.keep_versions.max(1),
            quota_bytes: opts.quota_mb.max(1).saturating_mul(1024 * 1024),
        })?;
        println!("均衡工作台已启动：{url}");
        match &opts.data {
            Some(dir) => println!("数据文件夹：{}", dir.display()),
            None => println!(
                "数据文件夹：{}（临时，退出时删除；用 --data 保留）",
                data.display()
            ),
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
        let service = app
            .router()
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, service)
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(ServerError::Serve)
    })?;
    println!("工作台已退出。");
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
