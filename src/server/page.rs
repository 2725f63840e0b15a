//! The HTML pages: minijinja templates (`src/server/web/*.html`, HTML auto-escaped, so a
//! school named `<script>` shows as text) and the contexts they are filled from. Every
//! figure and verdict word comes from the documents stage, as in the PDFs.

use minijinja::Environment;
use serde_json::{Value, json};

use super::pipeline::{self, Checked};
use super::store::{AuditEntry, Status, Upload, county_label};
use crate::documents::report;
use crate::evaluate::Area;
use crate::evaluate::catalogue::{self, RESOURCE_IDS};

pub(crate) const APP_JS: &str = include_str!("web/app.js");
pub(crate) const APP_CSS: &str = include_str!("web/app.css");

const TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("web/layout.html")),
    ("index.html", include_str!("web/index.html")),
    ("workbook.html", include_str!("web/workbook.html")),
    ("summary.html", include_str!("web/summary.html")),
    ("audit.html", include_str!("web/audit.html")),
    ("login.html", include_str!("web/login.html")),
    ("message.html", include_str!("web/message.html")),
];

/// The page templates; `.html` names get minijinja's HTML auto-escaping.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // The rule numbers a page prints, from the catalogue (never typed in a page).
    env.add_global(
        "rules",
        minijinja::Value::from_serialize(crate::documents::wording::RuleText::new()),
    );
    for (name, source) in TEMPLATES {
        // The templates are ours and tested; a broken one shows as a render error.
        let _ = env.add_template(name, source);
    }
    env
}

pub fn render(
    env: &Environment<'static>,
    name: &str,
    ctx: Value,
) -> Result<String, minijinja::Error> {
    env.get_template(name).and_then(|t| t.render(ctx))
}

/// Add the keys of `more` to the object `ctx`.
pub fn extend(ctx: &mut Value, more: Value) {
    if let (Some(base), Value::Object(more)) = (ctx.as_object_mut(), more) {
        base.extend(more);
    }
}

/// Seconds since 1970 as Beijing time, `2026-03-16 09:05`.
pub(crate) fn time_text(secs: i64) -> String {
    let local = secs + 8 * 3600;
    let days = local.div_euclid(86_400);
    let rem = local.rem_euclid(86_400);
    let (year, month, day) = crate::model::civil_from_days(days);
    format!(
        "{year}-{month:02}-{day:02} {:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60
    )
}

fn mb(bytes: i64) -> String {
    format!("{:.1}", bytes as f64 / 1024.0 / 1024.0)
}

fn status_key(s: Status) -> &'static str {
    match s {
        Status::Building => "building",
        Status::Ready => "ready",
        Status::Failed => "failed",
    }
}

fn verdict_word(u: &Upload) -> &'static str {
    if u.passed { "达标" } else { "未达标" }
}

fn quota(usage: (i64, i64), keep: i64, quota_bytes: i64) -> Value {
    json!({
        "versions": usage.0, "keep": keep,
        "used_mb": mb(usage.1), "quota_mb": mb(quota_bytes),
    })
}

fn upload_row(u: &Upload) -> Value {
    json!({
        "id": u.id, "county": county_label(&u.region, &u.county), "version": u.version, "time": time_text(u.created_at),
        "uploader": u.uploader, "file_name": u.file_name, "verdict": verdict_word(u),
        "passed": u.passed, "status": status_key(u.status), "status_label": u.status.label(),
    })
}

pub(crate) fn index_context(
    uploads: &[Upload],
    usage: Option<(i64, i64)>,
    keep: i64,
    quota_bytes: i64,
) -> Value {
    let counties: std::collections::BTreeSet<(&str, &str)> = uploads
        .iter()
        .map(|u| (u.region.as_str(), u.county.as_str()))
        .collect();
    json!({
        "uploads": uploads.iter().map(upload_row).collect::<Vec<_>>(),
        "county_count": counties.len(),
        "quota": usage.map(|u| quota(u, keep, quota_bytes)),
        "keep": keep, "quota_mb": mb(quota_bytes),
    })
}

/// A problem's message split into 应为 and 实际 where it says both.
fn split_message(message: &str) -> (String, String) {
    match message.split_once("，实际为") {
        Some((expected, actual)) => (expected.to_string(), actual.to_string()),
        None => match message.split_once("，实际") {
            Some((expected, actual)) => (expected.to_string(), actual.to_string()),
            None => (message.to_string(), String::new()),
        },
    }
}

/// Problems (as the API's JSON) grouped by sheet, sheets with errors first, errors
/// first within a sheet; with whether every message says both what was expected and what
/// was found (then the table has 应为 and 实际 columns, otherwise one 说明 column: a
/// warning such as a 行政级别 mismatch fits neither heading).
pub(crate) fn problem_groups(problems: &[Value]) -> (Vec<Value>, bool) {
    let message = |p: &Value| {
        p.get("message")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let split = !problems.is_empty()
        && problems
            .iter()
            .all(|p| !split_message(&message(p)).1.is_empty());
    let mut groups: Vec<(String, Vec<&Value>)> = Vec::new();
    for p in problems {
        let sheet = p
            .get("sheet")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        match groups.iter_mut().find(|(s, _)| *s == sheet) {
            Some((_, list)) => list.push(p),
            None => groups.push((sheet, vec![p])),
        }
    }
    let is_error = |p: &&Value| p.get("severity").and_then(Value::as_str) == Some("error");
    groups.sort_by_key(|(_, list)| !list.iter().any(is_error));
    let groups = groups
        .into_iter()
        .map(|(sheet, mut list)| {
            list.sort_by_key(|p| !is_error(p));
            let errors = list.iter().filter(|p| is_error(p)).count();
            let rows: Vec<Value> = list
                .iter()
                .map(|p| {
                    let text = message(p);
                    let (expected, actual) = if split {
                        split_message(&text)
                    } else {
                        (text, String::new())
                    };
                    json!({
                        "error": is_error(p),
                        "row": p.get("row"),
                        "column": p.get("column"),
                        "expected": expected,
                        "actual": actual,
                    })
                })
                .collect();
            json!({ "sheet": sheet, "errors": errors, "warnings": rows.len() - errors, "rows": rows })
        })
        .collect();
    (groups, split)
}

/// Bar-chart geometry for one 差异系数 chart (inline SVG, no script).
fn chart_svg(chart: &report::Chart) -> Value {
    let (width, height, left, top, bottom) = (560.0, 220.0, 48.0, 20.0, 28.0);
    let plot_h = height - top - bottom;
    let plot_w = width - left - 12.0;
    let limit = chart.limit.unwrap_or(0.0);
    let max = chart
        .bars
        .iter()
        .map(|b| b.value)
        .fold(limit * 1.3, f64::max)
        .max(0.01);
    let slot = plot_w / chart.bars.len().max(1) as f64;
    let y = |v: f64| top + plot_h - (v / max).min(1.0) * plot_h;
    let bars: Vec<Value> = chart
        .bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let x = left + slot * i as f64 + slot * 0.2;
            let top_y = y(b.value);
            json!({
                "x": format!("{x:.1}"), "y": format!("{top_y:.1}"),
                "w": format!("{:.1}", slot * 0.6), "h": format!("{:.1}", top + plot_h - top_y),
                "cx": format!("{:.1}", x + slot * 0.3), "ty": format!("{:.1}", top_y - 4.0),
                "label": b.label, "text": b.text, "ok": b.value <= limit,
            })
        })
        .collect();
    json!({
        "title": chart.title, "width": width, "height": height,
        "base": format!("{:.1}", top + plot_h), "left": left, "right": format!("{:.1}", width - 12.0),
        "label_y": format!("{:.1}", height - 8.0),
        "limit_y": format!("{:.1}", y(limit)), "limit_text": chart.limit_text, "bars": bars,
    })
}

/// The part of the results page that comes from the evaluation: computed by the worker
/// when the workbook is checked, stored as `page.json` beside it.
pub(crate) fn evaluation_context(checked: &Checked) -> Value {
    let evaluation = &checked.evaluation;
    let areas: Vec<Value> = Area::ALL
        .iter()
        .map(|area| {
            let (met, total) = evaluation.area_count(*area);
            let rows: Vec<Value> = report::item_rows(&checked.county, evaluation, *area)
                .into_iter()
                .map(|r| {
                    let standard = catalogue::indicator(&r.id)
                        .map(|i| i.standard_text)
                        .unwrap_or("");
                    json!({
                        "id": r.id, "wording": r.wording, "standard": standard,
                        "result": r.result, "verdict": r.verdict, "ok": r.ok,
                    })
                })
                .collect();
            json!({ "label": area.label(), "met": met, "total": total, "rows": rows })
        })
        .collect();
    let resource_names: Vec<&str> = RESOURCE_IDS.iter().map(|id| id.indicator().name).collect();
    json!({
        "verdict": {
            "passed": evaluation.verdict.passed,
            "text": pipeline::verdict_text(checked),
        },
        "areas": areas,
        "resource_ids": RESOURCE_IDS,
        "resource_names": resource_names,
        "stages": report::stage_tables(evaluation),
        "charts": report::cv_charts(evaluation).iter().map(chart_svg).collect::<Vec<_>>(),
        "problems": report::problem_rows(&checked.county, evaluation),
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn workbook_context(
    u: &Upload,
    evaluation: Value,
    versions: &[Upload],
    diff: Option<Value>,
    present: &[&str],
    usage: (i64, i64),
    keep: i64,
    quota_bytes: i64,
) -> Value {
    let warnings: Vec<Value> = serde_json::from_str(&u.warnings).unwrap_or_default();
    let files: Vec<Value> = present
        .iter()
        .map(|name| {
            json!({
                "name": name,
                "url": format!("/api/workbooks/{}/files/{name}", u.id),
                "pdf": name.ends_with(".pdf"),
            })
        })
        .collect();
    // The version compared with may have been deleted since: no link to a dead page.
    let diff = diff.map(|mut d| {
        let alive = d
            .get("old")
            .and_then(Value::as_str)
            .is_some_and(|old| versions.iter().any(|v| v.id == old));
        if let Some(obj) = d.as_object_mut() {
            obj.insert("old_present".into(), Value::Bool(alive));
        }
        d
    });
    let versions: Vec<Value> = versions
        .iter()
        .map(|v| {
            let mut row = upload_row(v);
            extend(&mut row, json!({ "current": v.id == u.id }));
            row
        })
        .collect();
    let (check, split) = problem_groups(&warnings);
    let mut ctx = json!({
        "upload": upload_row(u),
        "message": u.message,
        "building": u.status == Status::Building,
        "check": check,
        "check_split": split,
        "warning_count": warnings.len(),
        "files": files,
        "versions": versions,
        "diff": diff,
        "quota": quota(usage, keep, quota_bytes),
    });
    extend(&mut ctx, evaluation);
    ctx
}

pub(crate) fn summary_context(rows: &[(Upload, pipeline::Row)]) -> Value {
    json!({
        "rows": rows.iter().map(|(u, r)| json!({
            "id": u.id, "version": u.version, "time": time_text(u.created_at), "row": r,
        })).collect::<Vec<_>>(),
        "ids": RESOURCE_IDS,
        "passed": rows.iter().filter(|(_, r)| r.passed).count(),
    })
}

pub(crate) fn audit_context(
    entries: &[AuditEntry],
    actors: &[String],
    actions: &[String],
    query: &std::collections::HashMap<String, String>,
    csv_query: &str,
) -> Value {
    let q = |k: &str| query.get(k).cloned().unwrap_or_default();
    json!({
        "entries": entries.iter().map(|e| json!({
            "time": time_text(e.at), "actor": e.actor, "action": e.action,
            "upload": e.upload, "county": e.county, "detail": e.detail, "ip": e.ip,
        })).collect::<Vec<_>>(),
        "actors": actors, "actions": actions,
        "filter": {
            "actor": q("actor"), "action": q("action"), "county": q("county"),
            "ip": q("ip"), "from": q("from"), "to": q("to"),
        },
        "csv_url": if csv_query.is_empty() { "/api/audit.csv".to_string() } else { format!("/api/audit.csv?{csv_query}") },
    })
}

/// `2026-03-16` as the second its day starts in Beijing time.
pub(crate) fn day_start(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1970..=9999).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Days since 1970-01-01 from a civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 - 8 * 3600)
}

/// A query value percent-encoded (for links the page builds).
pub(crate) fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_days() {
        assert_eq!(day_start("1970-01-01"), Some(-8 * 3600));
        // 2026-03-16 00:00 Beijing is 2026-03-15 16:00 UTC.
        let t = day_start("2026-03-16").unwrap();
        assert_eq!(time_text(t), "2026-03-16 00:00");
        assert_eq!(time_text(t - 60), "2026-03-15 23:59");
        assert_eq!(day_start("2026-13-01"), None);
        assert_eq!(day_start("昨天"), None);
        assert_eq!(
            url_encode("市督导室 a&b"),
            "%E5%B8%82%E7%9D%A3%E5%AF%BC%E5%AE%A4%20a%26b"
        );
    }

    #[test]
    fn beijing_time() {
        assert_eq!(time_text(0), "1970-01-01 08:00");
        // 2026-03-16 01:30 UTC
        assert_eq!(time_text(1_773_624_600), "2026-03-16 09:30");
    }

    #[test]
    fn problems_group_by_sheet_with_errors_first() {
        let problems = vec![
            json!({"severity": "warning", "sheet": "班级", "row": 3, "column": "A", "message": "多余的列"}),
            json!({"severity": "warning", "sheet": "学校", "row": 4, "column": "D", "message": "缺少数据"}),
            json!({"severity": "error", "sheet": "学校", "row": 5, "column": "D", "message": "应为非负整数，实际为“abc”"}),
        ];
        let (groups, split) = problem_groups(&problems);
        assert_eq!(groups[0]["sheet"], "学校");
        assert_eq!(groups[0]["rows"][0]["error"], true);
        assert!(
            !split,
            "a warning without 实际 puts every message under 说明"
        );
        assert_eq!(
            groups[0]["rows"][0]["expected"],
            "应为非负整数，实际为“abc”"
        );
        assert_eq!(groups[1]["sheet"], "班级");
        let (groups, split) = problem_groups(&problems[2..]);
        assert!(split);
        assert_eq!(groups[0]["rows"][0]["expected"], "应为非负整数");
        assert_eq!(groups[0]["rows"][0]["actual"], "“abc”");
    }

    #[test]
    fn templates_escape_workbook_strings() {
        let env = environment();
        let mut ctx = json!({"user": "本机", "role": "本机", "csrf": "x", "office": true, "signed_in": false});
        extend(
            &mut ctx,
            json!({"title": "<script>alert(1)</script>", "message": "a&b"}),
        );
        let html = render(&env, "message.html", ctx).unwrap();
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>alert"));
    }
}
