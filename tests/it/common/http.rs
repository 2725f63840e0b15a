//! A running `junheng serve` and a small blocking HTTP/1.1 client over a TcpStream: it
//! can send any Host header and any raw path (which ordinary clients refuse or
//! normalise), which the safety tests need.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A server process on a free loopback port; killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    pub data: PathBuf,
    /// Lines it printed at start (address, data folder, token…).
    pub banner: Vec<String>,
}

impl Server {
    /// `junheng serve --port 0 --data DATA EXTRA…`, waiting for its address line.
    pub fn start(data: &Path, extra: &[&str]) -> Server {
        let mut args = vec!["--data", data.to_str().expect("UTF-8 path")];
        args.extend_from_slice(extra);
        Server::start_with(&args, &[], data)
    }

    /// `junheng serve --port 0 ARGS…` with extra environment variables; `data` is where
    /// the test expects its data folder.
    pub fn start_with(args: &[&str], env: &[(&str, &str)], data: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_junheng"))
            .args(["serve", "--port", "0"])
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start junheng serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(stdout);
        let mut banner = Vec::new();
        let mut port = None;
        for _ in 0..10 {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            let line = line.trim_end().to_string();
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                port = rest.trim_end_matches('/').parse().ok();
            }
            let done = line.starts_with("按 Ctrl+C");
            banner.push(line);
            if done {
                break;
            }
        }
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = String::new();
            let _ = reader.read_to_string(&mut sink);
        });
        let port = port.unwrap_or_else(|| panic!("no address in {banner:?}"));
        Server {
            child,
            port,
            data: data.to_path_buf(),
            banner,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        request(self.port, "GET", path, &self.with_host(headers), &[])
    }

    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        request(self.port, method, path, &self.with_host(headers), body)
    }

    /// POST a workbook as multipart field `file`.
    pub fn upload(&self, file_name: &str, bytes: &[u8], headers: &[(&str, &str)]) -> Response {
        let (content_type, body) = multipart(file_name, bytes);
        let mut all = headers.to_vec();
        all.push(("Content-Type", &content_type));
        self.send("POST", "/api/workbooks", &all, &body)
    }

    fn with_host<'a>(&self, headers: &[(&'a str, &'a str)]) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if !out.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            out.push(("Host".into(), self.host()));
        }
        out
    }

    /// Stop the server (SIGKILL: what a power cut does).
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", self.status, self.text()))
    }
}

pub fn multipart(file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----junhengtestboundary7d1f";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// One request on its own connection (`Connection: close`).
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(180)))
        .expect("timeout");
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method != "GET" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send head");
    // The server may answer (413) before reading a large body: a failed write is fine.
    let _ = stream.write_all(body);
    // Read to the end, or to Content-Length: some servers (chromedriver) keep the
    // connection open whatever the request asked.
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|n| raw.len() >= split + 4 + n) {
                break;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..eol]).to_string();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        data = &data[eol + 2..];
        if size == 0 || data.len() < size {
            break;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[(size + 2).min(data.len())..];
    }
    out
}

/// The value of `<meta name="csrf" content="…">` in a page.
pub fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("")
        .to_string()
}

/// Poll an upload until its documents are built; panics after two minutes.
pub fn wait_ready(server: &Server, id: &str, headers: &[(&str, &str)]) -> serde_json::Value {
    for _ in 0..1200 {
        let r = server.get(&format!("/api/workbooks/{id}"), headers);
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        if v["status"] != "building" {
            return v;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("upload {id} still building after two minutes");
}

/// A URL path with every non-ASCII byte percent-encoded.
pub fn encode_path(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii_graphic() && b != b'%' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
