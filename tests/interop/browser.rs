//! `junheng serve` in a real browser: Debian's headless Chromium driven through
//! chromedriver's WebDriver protocol (plain HTTP/JSON, so no extra crate). Uploads a
//! sample, waits for the results, opens the preview, downloads a PDF and saves
//! screenshots under target/tmp/serve-e2e/; and two counties in two browsers see only
//! their own uploads.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::http::{Response, Server, request};
use crate::common::sample;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Driver {
    fn start() -> Driver {
        let chromedriver = crate::need("chromedriver", "chromium-driver");
        let port = free_port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Driver { child, port };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                let r = driver.call("GET", "/status", None);
                if r.status == 200 && r.json()["value"]["ready"] == true {
                    return driver;
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("chromedriver did not start");
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Response {
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let headers = vec![
            ("Host".to_string(), format!("127.0.0.1:{}", self.port)),
            ("Content-Type".to_string(), "application/json".to_string()),
        ];
        request(self.port, method, path, &headers, &bytes)
    }

    fn session(&self, profile: &Path) -> Session<'_> {
        let binary = crate::need("chromium", "chromium");
        let binary = binary.to_string_lossy();
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary.trim(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--window-size=1280,1600",
                         format!("--user-data-dir={}", profile.display())],
            }
        }}});
        let r = self.call("POST", "/session", Some(caps));
        assert_eq!(r.status, 200, "new session: {}", r.text());
        let id = r.json()["value"]["sessionId"].as_str().unwrap().to_string();
        Session { driver: self, id }
    }
}

struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = self
            .driver
            .call("DELETE", &format!("/session/{}", self.id), None);
    }
}

impl Session<'_> {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let r = self
            .driver
            .call(method, &format!("/session/{}{path}", self.id), body);
        assert_eq!(r.status, 200, "{method} {path}: {}", r.text());
        r.json()["value"].clone()
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn script(&self, js: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": js, "args": [] })),
        )
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        v[ELEMENT].as_str().unwrap().to_string()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    fn wait_for(&self, what: &str, js: &str) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(120) {
            if self.script(js) == Value::Bool(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(150));
        }
        panic!(
            "timed out waiting for {what}; page: {}",
            self.script("return document.body.innerText")
        );
    }

    fn screenshot(&self, path: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64_decode(b64.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"));
        std::fs::write(path, png).unwrap();
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter_map(value) {
        acc = (acc << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn shots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-e2e");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn browser_uploads_waits_previews_and_downloads() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let session = driver.session(profile.path());
    let downloads = tempfile::tempdir().unwrap();
    session.cmd(
        "POST",
        "/goog/cdp/execute",
        Some(json!({ "cmd": "Browser.setDownloadBehavior",
                     "params": { "behavior": "allow", "downloadPath": downloads.path().display().to_string() } })),
    );
    let base = format!("http://127.0.0.1:{}", server.port);
    session.go(&format!("{base}/"));
    assert_eq!(session.script("return document.title"), json!("均衡工作台"));
    let shots = shots_dir();
    session.screenshot(&shots.join("1-index.png"));

    // Choose the workbook in the file input, as a clerk clicking 选择文件 would.
    let input = session.find("#file");
    let file = sample();
    session.cmd(
        "POST",
        &format!("/element/{input}/value"),
        Some(json!({ "text": file.display().to_string() })),
    );
    session.wait_for(
        "the results page",
        "return location.pathname.startsWith('/workbooks/')",
    );
    session.wait_for(
        "the documents",
        "return document.querySelector('[data-building]') === null && document.querySelector('[data-preview]') !== null",
    );
    let text = session
        .script("return document.body.innerText")
        .as_str()
        .unwrap()
        .to_string();
    for want in [
        "清禾区",
        "数据检查",
        "33 项指标",
        "未达标",
        "问题清单",
        "自评报告.pdf",
    ] {
        assert!(text.contains(want), "page lacks {want}");
    }
    // The failing school's 1.6 cell is marked.
    let marked = session.script(
        "return Array.from(document.querySelectorAll('td.fail')).map(e => e.innerText).join('|')",
    );
    assert!(marked.as_str().unwrap().contains('✗'), "{marked}");
    session.screenshot(&shots.join("2-results.png"));

    // The preview of 自评报告.
    session.click("[data-preview$='自评报告.pdf']");
    session.wait_for(
        "the preview frame",
        "const f = document.getElementById('preview'); return !document.getElementById('preview-box').hidden && f.src.endsWith(encodeURIComponent('自评报告.pdf'))",
    );
    std::thread::sleep(Duration::from_millis(1500));
    session.screenshot(&shots.join("3-preview.png"));

    // Download a PDF.
    session.script("document.getElementById('files').scrollIntoView()");
    session.click("#files a.button[href*='%E8%87%AA%E8%AF%84%E6%8A%A5%E5%91%8A.pdf'], #files a.button[href*='自评报告.pdf']");
    let started = Instant::now();
    let pdf = loop {
        let done: Vec<PathBuf> = std::fs::read_dir(downloads.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .collect();
        if let Some(p) = done.first() {
            break p.clone();
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no download");
        std::thread::sleep(Duration::from_millis(200));
    };
    let name = pdf.file_name().unwrap().to_string_lossy().to_string();
    // Counties are told apart by 上级行政区 + 县区名称 (two 鼓楼区 are two counties).
    assert_eq!(name, "江汉省临川市清禾区-第1版-自评报告.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.len() > 100_000);
}

#[test]
fn two_counties_in_two_browsers_see_only_their_own() {
    let data = tempfile::tempdir().unwrap();
    let mut tokens = Vec::new();
    for county in ["清禾区", "松溪区"] {
        let out = run!(
            "users",
            "add",
            county,
            "--role",
            "county",
            "--data",
            data.path()
        );
        let text = crate::common::stdout(&out);
        let link = text
            .lines()
            .find_map(|l| l.split("登录链接：").nth(1))
            .unwrap()
            .trim()
            .to_string();
        tokens.push(link.split("#token=").nth(1).unwrap().to_string());
    }
    let server = Server::start(data.path(), &[]);
    let driver = Driver::start();
    let base = format!("http://127.0.0.1:{}", server.port);
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let profiles = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let sessions: Vec<Session<'_>> = profiles.iter().map(|p| driver.session(p.path())).collect();
    for ((session, token), file) in sessions
        .iter()
        .zip(&tokens)
        .zip(["qinghe.xlsx", "songxi.xlsx"])
    {
        session.go(&format!("{base}/login#token={token}"));
        session.wait_for(
            "the signed-in page",
            "return location.pathname === '/' && document.getElementById('file') !== null",
        );
        let input = session.find("#file");
        let path = samples.join(file);
        session.cmd(
            "POST",
            &format!("/element/{input}/value"),
            Some(json!({ "text": path.display().to_string() })),
        );
        session.wait_for(
            "the results page",
            "return location.pathname.startsWith('/workbooks/')",
        );
    }
    for (session, (own, other)) in sessions
        .iter()
        .zip([("清禾区", "松溪区"), ("松溪区", "清禾区")])
    {
        session.go(&format!("{base}/"));
        let list = session
            .script("return document.querySelector('table.list').innerText")
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            list.contains(own),
            "{own} does not see its own upload: {list}"
        );
        assert!(!list.contains(other), "{own} sees {other}: {list}");
        let who = session.script("return document.querySelector('.who').innerText");
        assert!(who.as_str().unwrap().contains(own));
    }
    sessions[1].screenshot(&shots_dir().join("4-songxi-list.png"));
}
