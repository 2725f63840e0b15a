//! `junheng serve` over HTTP with a real client against the running binary: the
//! contract of issue 15, every safety rule, and concurrent uploads of ten counties.

use std::path::{Path, PathBuf};
use std::time::Duration;

use calamine::Data;

use crate::common::http::{Server, encode_path, wait_ready};
use crate::common::{Book, pdf_text_squeezed, sample};

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// A copy of the 清禾区 sample renamed to `county`, as bytes.
pub fn renamed_sample(dir: &Path, county: &str) -> Vec<u8> {
    let mut book = Book::open(&sample());
    book.set_item("基本信息", "县区名称", Data::String(county.to_string()));
    let path = dir.join(format!("{county}.xlsx"));
    book.save(&path);
    std::fs::read(&path).expect("read renamed sample")
}

/// Replace every cell equal to `old` (a school's name appears in 学校 and 班级).
fn rename_everywhere(book: &mut Book, old: &str, new: &str) {
    for (_, grid) in &mut book.sheets {
        for row in grid.iter_mut() {
            for cell in row.iter_mut() {
                if matches!(cell, Data::String(s) if s.trim() == old) {
                    *cell = Data::String(new.to_string());
                }
            }
        }
    }
}

fn eval_json(path: &Path) -> String {
    let out = run!("eval", path, "--json");
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    crate::common::stdout(&out)
}

fn file_path(id: &str, name: &str) -> String {
    encode_path(&format!("/api/workbooks/{id}/files/{name}"))
}

#[test]
fn contract_upload_results_files_page_template() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);

    let r = server.upload("qinghe.xlsx", &std::fs::read(sample()).unwrap(), &[]);
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    let id = v["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 32);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(v["county"], "清禾区");
    assert_eq!(v["errors"], serde_json::json!([]));
    assert!(v["warnings"].is_array());
    assert_eq!(v["verdict"]["passed"], false);
    assert_eq!(v["verdict"]["unmet"], serde_json::json!(["1.6"]));

    // Results: byte for byte what `junheng eval --json` prints.
    let results = server.get(&format!("/api/workbooks/{id}/results"), &[]);
    assert_eq!(results.status, 200);
    assert_eq!(results.header("content-type"), Some("application/json"));
    assert_eq!(results.text(), eval_json(&sample()));

    // The three PDFs (the request waits for the build), the zip.
    for name in ["实施方案.pdf", "责任清单.pdf", "自评报告.pdf"] {
        let r = server.get(&(file_path(&id, name) + "?download=1"), &[]);
        assert_eq!(r.status, 200, "{name}: {}", r.text());
        assert_eq!(r.header("content-type"), Some("application/pdf"));
        assert!(r.body.starts_with(b"%PDF-"), "{name}");
        let cd = r.header("content-disposition").unwrap();
        assert!(cd.starts_with("attachment;"), "{cd}");
        assert!(cd.contains("filename*=UTF-8''"), "{cd}");
        let saved = data.path().join("check.pdf");
        std::fs::write(&saved, &r.body).unwrap();
        assert!(pdf_text_squeezed(&saved).contains("清禾区"), "{name}");
    }
    let inline = server.get(&file_path(&id, "自评报告.pdf"), &[]);
    assert!(
        inline
            .header("content-disposition")
            .unwrap()
            .starts_with("inline;")
    );
    let zip = server.get(&file_path(&id, "all.zip"), &[]);
    assert_eq!(zip.status, 200);
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body.clone())).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    for want in [
        "清禾区/实施方案.pdf",
        "清禾区/自评报告.pdf",
        "清禾区/results.json",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} not in {names:?}");
    }
    let status = server.get(&format!("/api/workbooks/{id}"), &[]).json();
    assert_eq!(status["status"], "ready");
    assert_eq!(status["version"], 1);

    // The results page and the list.
    let page = server.get(&format!("/workbooks/{id}"), &[]);
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text();
    for want in [
        "清禾区",
        "数据检查",
        "评估结果",
        "差异系数",
        "问题清单",
        "<svg",
        "数据更正",
    ] {
        assert!(html.contains(want), "page lacks {want}");
    }
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "page links outside"
    );
    let list = server.get("/api/workbooks", &[]).json();
    assert_eq!(list.as_array().unwrap().len(), 1);

    // The blank template with the county filled in.
    let t = server.get(&encode_path("/api/template.xlsx?county=松溪区"), &[]);
    assert_eq!(t.status, 200);
    assert!(t.body.starts_with(b"PK"));
    assert!(
        t.header("content-disposition")
            .unwrap()
            .contains("%E6%9D%BE%E6%BA%AA%E5%8C%BA")
    );
    let saved = data.path().join("template.xlsx");
    std::fs::write(&saved, &t.body).unwrap();
    let book = Book::open(&saved);
    let (r, c) = book.header("基本信息", "内容");
    let row = book.row_of("基本信息", c - 1, "县区名称");
    assert!(row > r);
    assert_eq!(book.get("基本信息", row, c), Data::String("松溪区".into()));

    // A corrected version: the 数据更正对照表 against version 1.
    let mut fixed = Book::open(&sample());
    let (_, col) = fixed.header("学校", "教学仪器设备值");
    let (_, name_col) = fixed.header("学校", "学校名称");
    let row = fixed.row_of("学校", name_col, "清禾区柳塘镇中心小学");
    let before = match fixed.get("学校", row, col) {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        other => panic!("{other:?}"),
    };
    fixed.set("学校", row, col, Data::Float(before * 2.0));
    let fixed_path = data.path().join("qinghe-v2.xlsx");
    fixed.save(&fixed_path);
    let r2 = server.upload("qinghe-v2.xlsx", &std::fs::read(&fixed_path).unwrap(), &[]);
    assert_eq!(r2.status, 201, "{}", r2.text());
    let id2 = r2.json()["id"].as_str().unwrap().to_string();
    assert_eq!(r2.json()["version"], 2);
    let diff = server.get(&format!("/api/workbooks/{id2}/diff"), &[]);
    assert_eq!(diff.status, 200, "{}", diff.text());
    let diff = diff.json();
    assert_eq!(diff["old"], id.as_str());
    assert!(!diff["report"]["inputs"].as_array().unwrap().is_empty());
    assert!(
        diff["report"]["consequences"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["flipped"] == true)
    );
    let pdf = server.get(&file_path(&id2, "数据更正对照表.pdf"), &[]);
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF-"));
    // Its Word edition, from the same markup, is offered beside it.
    let docx = server.get(&file_path(&id2, "数据更正对照表.docx"), &[]);
    assert_eq!(docx.status, 200);
    assert!(docx.body.starts_with(b"PK"));
    let mut word = zip::ZipArchive::new(std::io::Cursor::new(docx.body.clone())).unwrap();
    let mut body = String::new();
    std::io::Read::read_to_string(&mut word.by_name("word/document.xml").unwrap(), &mut body)
        .unwrap();
    assert!(
        body.contains("数据更正明细"),
        "the .docx has the table's text"
    );
    let page2 = server.get(&format!("/workbooks/{id2}"), &[]).text();
    assert!(page2.contains("数据更正对照表（与第 1 版相比）"));
    assert!(
        page2.contains("数据更正对照表.docx"),
        "the Word edition is linked"
    );
    assert!(
        page2.contains(&format!("/workbooks/{id}")),
        "earlier version listed"
    );
    assert_eq!(
        server.get(&format!("/api/workbooks/{id}/diff"), &[]).status,
        404
    );
}

#[test]
fn refused_workbook_answers_422_with_located_errors_and_server_keeps_serving() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let bad =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/33_text_in_number.xlsx");
    let r = server.upload("bad.xlsx", &std::fs::read(&bad).unwrap(), &[]);
    assert_eq!(r.status, 422, "{}", r.text());
    let v = r.json();
    let errors = v["errors"].as_array().unwrap();
    assert!(!errors.is_empty());
    let located = errors
        .iter()
        .find(|e| e["row"].is_number())
        .expect("a located error");
    assert!(located["sheet"].is_string() && located["column"].is_string());
    assert!(
        located["message"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    );
    // Nothing was kept, and the next upload works.
    assert_eq!(
        server
            .get("/api/workbooks", &[])
            .json()
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let ok = server.upload("q.xlsx", &std::fs::read(sample()).unwrap(), &[]);
    assert_eq!(ok.status, 201);
}

#[test]
fn safety_rules() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &["--queue", "1", "--builds", "1"]);

    // A foreign Host (DNS rebinding) is refused; our own names pass.
    let foreign = server.get("/", &[("Host", "evil.example:80")]);
    assert_eq!(foreign.status, 403);
    assert!(foreign.text().contains("主机名"));
    assert_eq!(
        server
            .get("/", &[("Host", &format!("localhost:{}", server.port))])
            .status,
        200
    );

    // Oversize: 413 with a Chinese message, by declared length and by streamed body.
    let big = vec![b'x'; 51 * 1024 * 1024];
    let r = server.upload("big.xlsx", &big, &[]);
    assert_eq!(r.status, 413);
    assert!(r.text().contains("上限为 50 MB"), "{}", r.text());

    // Wrong type: content decides, not the name.
    let r = server.upload("fake.xlsx", b"name,students\nA,100\n", &[]);
    assert_eq!(r.status, 415, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("文本文件"));
    let r = server.upload("x.xlsx", b"%PDF-1.7 something", &[]);
    assert_eq!(r.status, 415);

    // A script-named school and a `../` file name.
    let mut book = Book::open(&sample());
    rename_everywhere(
        &mut book,
        "清禾区柳塘镇中心小学",
        "<script>alert(1)</script>小学",
    );
    let path = data.path().join("script.xlsx");
    book.save(&path);
    let r = server.upload(
        "../../../escape<b>.xlsx",
        &std::fs::read(&path).unwrap(),
        &[],
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_string();

    // Beyond the queue: 503 with Retry-After while the first still builds.
    let busy = server.upload("q.xlsx", &std::fs::read(sample()).unwrap(), &[]);
    assert_eq!(busy.status, 503, "{}", busy.text());
    assert_eq!(busy.header("retry-after"), Some("5"));

    wait_ready(&server, &id, &[]);
    let html = server.get(&format!("/workbooks/{id}"), &[]).text();
    assert!(!html.contains("<script>alert"), "school name not escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;小学"));
    assert!(html.contains("escape&lt;b&gt;.xlsx"));
    assert!(!html.contains("../"));
    // Nothing named by the client exists on disk; only the id's folder.
    let names: Vec<String> = walk(data.path());
    assert!(names.iter().all(|n| !n.contains("escape")), "{names:?}");
    assert!(
        !data
            .path()
            .parent()
            .unwrap()
            .join("escape<b>.xlsx")
            .exists()
    );

    // File names and ids from the client never reach the disk.
    for path in [
        format!("/api/workbooks/{id}/files/..%2F..%2Fjunheng.sqlite3"),
        format!("/api/workbooks/{id}/files/../../junheng.sqlite3"),
        format!("/api/workbooks/{id}/files/workbook.xlsx"),
        "/api/workbooks/..%2Fjunheng.sqlite3/results".to_string(),
        "/api/workbooks/00000000000000000000000000000000/results".to_string(),
        format!("/api/workbooks/{}/results", id.to_uppercase()),
    ] {
        let r = server.get(&path, &[]);
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        assert!(!r.body.starts_with(b"SQLite"), "{path}");
    }

    // Another site's page cannot post to the loopback server (no CSRF token)…
    let r = server.upload(
        "q.xlsx",
        &std::fs::read(sample()).unwrap(),
        &[
            ("Origin", "http://evil.example"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
    );
    assert_eq!(r.status, 403, "{}", r.text());
    // …while the page itself can, with the token it embeds.
    let page = server.get("/", &[]).text();
    let token = crate::common::http::csrf_of(&page);
    assert_eq!(token.len(), 64);
    let r = server.send(
        "DELETE",
        &format!("/api/workbooks/{id}"),
        &[
            ("Origin", &format!("http://{}", server.host())),
            ("X-CSRF-Token", &token),
        ],
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(!data.path().join("files").join(&id).exists());
}

fn walk(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().display().to_string())
        .collect()
}

#[test]
fn ten_concurrent_uploads_of_different_counties_do_not_mix() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let work = tempfile::tempdir().unwrap();
    // The six samples and four renamed copies: ten counties.
    let mut inputs: Vec<(String, Vec<u8>, PathBuf)> = Vec::new();
    for name in ["qinghe", "songxi", "lupu", "gulin", "qingyang", "failing"] {
        let path = samples_dir().join(format!("{name}.xlsx"));
        inputs.push((name.to_string(), std::fs::read(&path).unwrap(), path));
    }
    for county in ["甲一区", "乙二县", "丙三区", "丁四县"] {
        let bytes = renamed_sample(work.path(), county);
        inputs.push((
            county.to_string(),
            bytes,
            work.path().join(format!("{county}.xlsx")),
        ));
    }
    let expected: Vec<String> = inputs.iter().map(|(_, _, p)| eval_json(p)).collect();
    let port = server.port;
    let host = server.host();
    let answers: Vec<(String, String, Vec<u8>)> = std::thread::scope(|s| {
        let handles: Vec<_> = inputs
            .iter()
            .map(|(name, bytes, _)| {
                let host = host.clone();
                s.spawn(move || {
                    let (ct, body) = crate::common::http::multipart(&format!("{name}.xlsx"), bytes);
                    let h = vec![
                        ("Host".to_string(), host.clone()),
                        ("Content-Type".to_string(), ct),
                    ];
                    let r = crate::common::http::request(port, "POST", "/api/workbooks", &h, &body);
                    assert_eq!(r.status, 201, "{name}: {}", r.text());
                    let id = r.json()["id"].as_str().unwrap().to_string();
                    let hh = vec![("Host".to_string(), host)];
                    let results = crate::common::http::request(
                        port,
                        "GET",
                        &format!("/api/workbooks/{id}/results"),
                        &hh,
                        &[],
                    );
                    let pdf = crate::common::http::request(
                        port,
                        "GET",
                        &file_path(&id, "自评报告.pdf"),
                        &hh,
                        &[],
                    );
                    assert_eq!(pdf.status, 200, "{name}: {}", pdf.text());
                    (
                        r.json()["county"].as_str().unwrap().to_string(),
                        results.text(),
                        pdf.body,
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (((county, results, pdf), want), (name, _, _)) in answers.iter().zip(&expected).zip(&inputs)
    {
        assert_eq!(results, want, "{name}: results mixed up");
        let parsed: serde_json::Value = serde_json::from_str(want).unwrap();
        assert_eq!(parsed["county"].as_str().unwrap(), county, "{name}");
        let path = work.path().join(format!("{name}-report.pdf"));
        std::fs::write(&path, pdf).unwrap();
        assert!(
            pdf_text_squeezed(&path).contains(county.as_str()),
            "{name}: PDF of another county"
        );
    }
    let list = server.get("/api/workbooks", &[]).json();
    assert_eq!(list.as_array().unwrap().len(), 10);
    std::thread::sleep(Duration::from_millis(10));
}
