//! `junheng serve` for a whole city (issue 20): accounts from `junheng users`, each county
//! seeing only its own uploads on every endpoint, the office seeing all, CSRF on session
//! requests, login rate limit, and a restart keeping accounts and uploads.

use std::path::Path;

use crate::common::http::{Server, csrf_of, encode_path, wait_ready};
use crate::common::sample;

/// `junheng users add NAME --role ROLE --data DIR`: the printed token.
fn add_user(data: &Path, name: &str, role: &str) -> String {
    let out = run!("users", "add", name, "--role", role, "--data", data);
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let text = crate::common::stdout(&out);
    let token = text
        .lines()
        .find_map(|l| l.split("令牌（只显示这一次，请妥善转交）：").nth(1))
        .unwrap_or_else(|| panic!("no token in {text}"))
        .trim()
        .to_string();
    assert!(text.contains(&format!("/login#token={token}")), "{text}");
    token
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn songxi() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/songxi.xlsx")).unwrap()
}

#[test]
fn counties_see_only_their_own_uploads_and_the_office_sees_all() {
    let data = tempfile::tempdir().unwrap();
    let qinghe = add_user(data.path(), "清禾区", "county");
    let songxi_token = add_user(data.path(), "松溪区", "county");
    let office = add_user(data.path(), "市督导室", "office");
    let listed = run!("users", "list", "--data", data.path());
    let listed = crate::common::stdout(&listed);
    assert!(listed.contains("清禾区") && listed.contains("市督导室"));
    assert!(!listed.contains(&qinghe), "list must not show tokens");

    let server = Server::start(data.path(), &[]);
    let q = bearer(&qinghe);
    let s = bearer(&songxi_token);
    let o = bearer(&office);

    // Without credentials: 401 for the API, the login page for pages.
    assert_eq!(server.get("/api/workbooks", &[]).status, 401);
    let page = server.get("/", &[]);
    assert_eq!(page.status, 303);
    assert_eq!(page.header("location"), Some("/login"));
    assert_eq!(
        server
            .get("/api/workbooks", &[("Authorization", "Bearer 0000")])
            .status,
        401
    );

    // The county is fixed by the account.
    let wrong = server.upload("songxi.xlsx", &songxi(), &[("Authorization", &q)]);
    assert_eq!(wrong.status, 422, "{}", wrong.text());
    assert!(
        wrong.json()["error"]
            .as_str()
            .unwrap()
            .contains("只能上传「清禾区」")
    );
    let up = server.upload(
        "qinghe.xlsx",
        &std::fs::read(sample()).unwrap(),
        &[("Authorization", &q)],
    );
    assert_eq!(up.status, 201, "{}", up.text());
    let qid = up.json()["id"].as_str().unwrap().to_string();
    let up = server.upload("songxi.xlsx", &songxi(), &[("Authorization", &s)]);
    assert_eq!(up.status, 201, "{}", up.text());
    let sid = up.json()["id"].as_str().unwrap().to_string();
    wait_ready(&server, &qid, &[("Authorization", &q)]);
    wait_ready(&server, &sid, &[("Authorization", &s)]);

    // 松溪区 on every endpoint of 清禾区's upload: the same 404 as for an id that does not exist.
    let absent = "0123456789abcdef0123456789abcdef";
    for id in [qid.as_str(), absent] {
        for path in [
            format!("/api/workbooks/{id}"),
            format!("/api/workbooks/{id}/results"),
            format!("/api/workbooks/{id}/diff"),
            encode_path(&format!("/api/workbooks/{id}/files/自评报告.pdf")),
            format!("/api/workbooks/{id}/files/all.zip"),
            format!("/workbooks/{id}"),
        ] {
            let r = server.get(&path, &[("Authorization", &s)]);
            assert_eq!(r.status, 404, "{path}");
            assert!(!r.text().contains("清禾区"), "{path} leaks");
        }
        let r = server.send(
            "DELETE",
            &format!("/api/workbooks/{id}"),
            &[("Authorization", &s)],
            &[],
        );
        assert_eq!(r.status, 404);
    }
    let foreign_404 = server
        .get(&format!("/api/workbooks/{qid}"), &[("Authorization", &s)])
        .body;
    let absent_404 = server
        .get(
            &format!("/api/workbooks/{absent}"),
            &[("Authorization", &s)],
        )
        .body;
    assert_eq!(foreign_404, absent_404, "no existence oracle");
    let list = server
        .get("/api/workbooks", &[("Authorization", &s)])
        .json();
    let counties: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["county"].as_str().unwrap())
        .collect();
    assert_eq!(counties, vec!["松溪区"]);
    for path in [
        "/summary",
        "/api/summary",
        "/api/summary.pdf",
        "/audit",
        "/api/audit",
    ] {
        assert_eq!(
            server.get(path, &[("Authorization", &s)]).status,
            404,
            "{path}"
        );
    }
    // A county's template carries its own name whatever is asked.
    let t = server.get(
        &encode_path("/api/template.xlsx?county=清禾区"),
        &[("Authorization", &s)],
    );
    assert!(
        t.header("content-disposition")
            .unwrap()
            .contains("%E6%9D%BE%E6%BA%AA%E5%8C%BA")
    );

    // The office sees both, the 汇总表 and who uploaded what.
    let list = server
        .get("/api/workbooks", &[("Authorization", &o)])
        .json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(
        server
            .get(
                &format!("/api/workbooks/{qid}/results"),
                &[("Authorization", &o)]
            )
            .status,
        200
    );
    let summary = server.get("/api/summary", &[("Authorization", &o)]).json();
    let rows: Vec<&str> = summary
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"]["county"].as_str().unwrap())
        .collect();
    assert_eq!(
        rows,
        vec!["松溪区", "清禾区"]
            .into_iter()
            .filter(|c| rows.contains(c))
            .collect::<Vec<_>>()
    );
    assert_eq!(rows.len(), 2);
    let pdf = server.get("/api/summary.pdf", &[("Authorization", &o)]);
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF-"));
    let audit = server.get("/api/audit", &[("Authorization", &o)]).json();
    let entries = audit.as_array().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e["actor"] == "清禾区" && e["action"] == "上传")
    );
    assert!(
        entries
            .iter()
            .any(|e| e["actor"] == "清禾区" && e["action"] == "上传被拒")
    );
    assert!(
        entries
            .iter()
            .any(|e| e["actor"] == "松溪区" && e["action"] == "上传")
    );

    // A county deletes its own upload; the office can delete any.
    let r = server.send(
        "DELETE",
        &format!("/api/workbooks/{sid}"),
        &[("Authorization", &s)],
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = server.send(
        "DELETE",
        &format!("/api/workbooks/{qid}"),
        &[("Authorization", &o)],
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        server
            .get("/api/workbooks", &[("Authorization", &o)])
            .json()
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

/// Log in with a token: the session cookie.
fn login(server: &Server, token: &str) -> String {
    let body = serde_json::json!({ "token": token }).to_string();
    let r = server.send(
        "POST",
        "/api/login",
        &[
            ("Content-Type", "application/json"),
            ("Origin", &format!("http://{}", server.host())),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let cookie = r.header("set-cookie").unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP without --behind-proxy: {cookie}"
    );
    cookie.split(';').next().unwrap().to_string()
}

#[test]
fn sessions_need_the_csrf_token_and_survive_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let qinghe = add_user(data.path(), "清禾区", "county");
    let server = Server::start(data.path(), &[]);
    let cookie = login(&server, &qinghe);
    let page = server.get("/", &[("Cookie", &cookie)]);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("清禾区"));
    let csrf = csrf_of(&page.text());
    assert_eq!(csrf.len(), 64);

    let bytes = std::fs::read(sample()).unwrap();
    let missing = server.upload("q.xlsx", &bytes, &[("Cookie", &cookie)]);
    assert_eq!(missing.status, 403, "{}", missing.text());
    let forged = server.upload(
        "q.xlsx",
        &bytes,
        &[("Cookie", &cookie), ("X-CSRF-Token", &"0".repeat(64))],
    );
    assert_eq!(forged.status, 403);
    let ok = server.upload(
        "q.xlsx",
        &bytes,
        &[("Cookie", &cookie), ("X-CSRF-Token", &csrf)],
    );
    assert_eq!(ok.status, 201, "{}", ok.text());
    let id = ok.json()["id"].as_str().unwrap().to_string();
    wait_ready(&server, &id, &[("Cookie", &cookie)]);
    let r = server.send(
        "DELETE",
        &format!("/api/workbooks/{id}"),
        &[("Cookie", &cookie)],
        &[],
    );
    assert_eq!(r.status, 403);
    let r = server.send("POST", "/api/logout", &[("Cookie", &cookie)], &[]);
    assert_eq!(r.status, 403, "logout is a state change too");

    // A power cut: accounts, sessions and uploads are all still there.
    server.kill();
    let server = Server::start(data.path(), &[]);
    let list = server
        .get("/api/workbooks", &[("Authorization", &bearer(&qinghe))])
        .json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["status"], "ready");
    let pdf = server.get(
        &encode_path(&format!("/api/workbooks/{id}/files/自评报告.pdf")),
        &[("Cookie", &cookie)],
    );
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF-"));
    // The next upload is version 2, compared with version 1.
    let next = server.upload("q2.xlsx", &bytes, &[("Authorization", &bearer(&qinghe))]);
    assert_eq!(next.json()["version"], 2);

    // Removing the account ends its sessions and its token.
    let out = run!("users", "remove", "清禾区", "--data", data.path());
    assert!(out.status.success());
    assert_eq!(
        server.get("/api/workbooks", &[("Cookie", &cookie)]).status,
        401
    );
    assert_eq!(
        server
            .get("/api/workbooks", &[("Authorization", &bearer(&qinghe))])
            .status,
        401
    );
}

#[test]
fn listen_mode_needs_a_token_and_logins_are_rate_limited() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &["--token", "a-shared-token-of-enough-length"]);
    assert_eq!(server.get("/api/workbooks", &[]).status, 401);
    let ok = server.get(
        "/api/workbooks",
        &[("Authorization", "Bearer a-shared-token-of-enough-length")],
    );
    assert_eq!(ok.status, 200);
    for _ in 0..10 {
        let r = server.send(
            "POST",
            "/api/login",
            &[("Content-Type", "application/json")],
            br#"{"token":"guess"}"#,
        );
        assert_eq!(r.status, 401);
    }
    let r = server.send(
        "POST",
        "/api/login",
        &[("Content-Type", "application/json")],
        br#"{"token":"guess"}"#,
    );
    assert_eq!(r.status, 429, "{}", r.text());
    assert!(r.header("retry-after").is_some());
    // The right token still signs in from that address (issue 32).
    let r = server.send(
        "POST",
        "/api/login",
        &[("Content-Type", "application/json")],
        br#"{"token":"a-shared-token-of-enough-length"}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // Another site cannot log the visitor in.
    let r = server.send(
        "POST",
        "/api/login",
        &[
            ("Content-Type", "application/json"),
            ("Origin", "http://evil.example"),
        ],
        br#"{"token":"x"}"#,
    );
    assert_eq!(r.status, 403);
}
