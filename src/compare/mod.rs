//! What changed between two versions of a county's workbook (`junheng diff OLD NEW`).
//!
//! Input changes are found on the typed model (schools by name, 县级指标 by item, classes
//! by school/grade/class, the other sheets by their key column), so a moved row or a
//! number retyped as text is not a change, and every change names the sheet, the row,
//! the school or item and the header. Consequences are found on the two evaluations:
//! indicator values and verdicts, school compliance, the 14 差异系数 and the overall
//! verdict. The report is printed in the terminal and filled into a 数据更正对照表 in the
//! house style, to attach to a resubmission.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::documents::format;
use crate::evaluate::catalogue::RESOURCE_IDS;
use crate::evaluate::{Evaluation, IndicatorResult, PartResult, SchoolResult};
use crate::model::*;
use crate::workbook::schema::{self, SheetSchema};

/// One changed input cell (or an added / removed row).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputChange {
    pub sheet: String,
    /// 1-based row in the new workbook (the old one for a removed row), when known.
    pub row: Option<u32>,
    /// The school, item, subject… the row is about.
    pub subject: String,
    /// The header (with its unit) or 整行 for an added / removed row.
    pub field: String,
    pub old: String,
    pub new: String,
}

/// One computed result that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consequence {
    /// 指标 / 学校 / 差异系数 / 认定结论.
    pub category: String,
    pub subject: String,
    pub old: String,
    pub new: String,
    /// A verdict flipped (达标 ↔ 未达标, 通过 ↔ 未通过), not only a value.
    pub flipped: bool,
}

/// Everything `diff` reports.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    pub county: String,
    pub old_file: String,
    pub new_file: String,
    pub inputs: Vec<InputChange>,
    pub consequences: Vec<Consequence>,
    /// The overall verdict before and after (text), whether or not it changed.
    pub verdict_old: String,
    pub verdict_new: String,
}

impl DiffReport {
    pub fn flipped(&self) -> usize {
        self.consequences.iter().filter(|c| c.flipped).count()
    }
}

/// One side of a comparison: a workbook read and evaluated.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub file: &'a Path,
    pub county: &'a County,
    pub evaluation: &'a Evaluation,
}

/// Two workbooks of different counties, which are not compared: (old, new) names.
pub(crate) fn different_counties(old: &County, new: &County) -> Option<(String, String)> {
    let (a, b) = (&old.info.county_name, &new.info.county_name);
    (a != b).then(|| (a.clone(), b.clone()))
}

/// Compare two workbooks of one county.
pub fn compare(old: Side<'_>, new: Side<'_>) -> DiffReport {
    DiffReport {
        county: new.county.info.county_name.clone(),
        old_file: file_label(old.file),
        new_file: file_label(new.file),
        inputs: input_changes(old.county, new.county),
        consequences: consequences(old.evaluation, new.evaluation),
        verdict_old: verdict_text(old.evaluation),
        verdict_new: verdict_text(new.evaluation),
    }
}

fn file_label(path: &Path) -> String {
    path.display().to_string()
}

// ---------------------------------------------------------------- input changes

/// A row of some sheet, as (label, shown value) pairs in header order.
struct Record {
    key: String,
    row: Option<u32>,
    subject: String,
    fields: Vec<(String, String)>,
}

/// Every changed input, sheet by sheet in workbook order.
pub fn input_changes(old: &County, new: &County) -> Vec<InputChange> {
    use schema::{
        BASIC_INFO, CLASSES, COUNTY_INDICATORS, DUTIES, LEADERS, PHASES, QUALITY, RECOGNITION,
        SCHOOLS, TARGETS, TASKS, TEXTS,
    };
    let mut out = Vec::new();
    let mut records = |sheet: &SheetSchema, old: Vec<Record>, new: Vec<Record>| {
        diff_records(sheet.name, old, new, &mut out)
    };
    records(&BASIC_INFO, basic_info(old), basic_info(new));
    records(&SCHOOLS, schools(old), schools(new));
    records(&CLASSES, classes(old), classes(new));
    records(&COUNTY_INDICATORS, county_items(old), county_items(new));
    records(&QUALITY, quality(old), quality(new));
    records(&RECOGNITION, recognition(old), recognition(new));
    records(&DUTIES, duties(old), duties(new));
    // 领导小组 rows are told apart by 职务 and 姓名 (a group has several 成员).
    let leader_key = [LEADERS.key, "姓名"];
    records(
        &LEADERS,
        by_key(&old.leaders, &LEADERS, &leader_key),
        by_key(&new.leaders, &LEADERS, &leader_key),
    );
    records(
        &PHASES,
        by_key(&old.phases, &PHASES, &[PHASES.key]),
        by_key(&new.phases, &PHASES, &[PHASES.key]),
    );
    records(
        &TASKS,
        by_key(&old.tasks, &TASKS, &[TASKS.key]),
        by_key(&new.tasks, &TASKS, &[TASKS.key]),
    );
    records(&TEXTS, texts(old), texts(new));
    records(
        &TARGETS,
        by_key(&old.targets, &TARGETS, &[TARGETS.key]),
        by_key(&new.targets, &TARGETS, &[TARGETS.key]),
    );
    out
}

fn diff_records(sheet: &str, old: Vec<Record>, new: Vec<Record>, out: &mut Vec<InputChange>) {
    let mut changes: Vec<InputChange> = Vec::new();
    for n in &new {
        match old.iter().find(|o| o.key == n.key) {
            Some(o) => {
                let mut labels: Vec<&String> = n.fields.iter().map(|(l, _)| l).collect();
                for (l, _) in &o.fields {
                    if !labels.contains(&l) {
                        labels.push(l);
                    }
                }
                for label in labels {
                    let get = |r: &Record| {
                        r.fields
                            .iter()
                            .find(|(l, _)| l == label)
                            .map(|(_, v)| v.clone())
                            .unwrap_or_else(|| BLANK.to_string())
                    };
                    let (ov, nv) = (get(o), get(n));
                    if ov != nv {
                        changes.push(InputChange {
                            sheet: sheet.to_string(),
                            row: n.row.or(o.row),
                            subject: n.subject.clone(),
                            field: label.clone(),
                            old: ov,
                            new: nv,
                        });
                    }
                }
            }
            None => changes.push(InputChange {
                sheet: sheet.to_string(),
                row: n.row,
                subject: n.subject.clone(),
                field: "整行".to_string(),
                old: "（无）".to_string(),
                new: "新增".to_string(),
            }),
        }
    }
    for o in &old {
        if !new.iter().any(|n| n.key == o.key) {
            changes.push(InputChange {
                sheet: sheet.to_string(),
                row: o.row,
                subject: o.subject.clone(),
                field: "整行".to_string(),
                old: "原有".to_string(),
                new: "删除".to_string(),
            });
        }
    }
    // Row order within a sheet (unknown rows keep their order at the end).
    changes.sort_by_key(|c| c.row.unwrap_or(u32::MAX));
    out.extend(changes);
}

const BLANK: &str = "（空）";

/// A number as a clerk typed it: whole numbers plain, others with up to 4 decimals.
fn number(v: f64) -> String {
    if !v.is_finite() {
        return format::MISSING.to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format::decimal(v, 0);
    }
    let text = format::decimal(v, 4);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn opt<T>(v: Option<T>, show: impl Fn(T) -> String) -> String {
    v.map(show).unwrap_or_else(|| BLANK.to_string())
}

fn yes_no(b: bool) -> String {
    if b { "是" } else { "否" }.to_string()
}

fn percent(v: f64) -> String {
    let text = format::decimal(v * 100.0, 4);
    format!("{}%", text.trim_end_matches('0').trim_end_matches('.'))
}

/// Long free text, shortened for a table cell; blank text is [`BLANK`], never an empty
/// cell.
fn clip(text: &str) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return BLANK.to_string();
    }
    if t.chars().count() > 40 {
        format!("{}…", t.chars().take(40).collect::<String>())
    } else {
        t
    }
}

/// A serialised model value as text: the fallback for fields without a typed display.
fn json_text(v: &Value) -> String {
    match v {
        Value::Null => BLANK.to_string(),
        Value::Bool(b) => yes_no(*b),
        Value::Number(n) => n.as_f64().map(number).unwrap_or_else(|| n.to_string()),
        Value::String(s) => clip(s),
        Value::Array(a) => {
            if a.is_empty() {
                BLANK.to_string()
            } else {
                a.iter().map(json_text).collect::<Vec<_>>().join("、")
            }
        }
        Value::Object(o) => {
            if let (Some(y), Some(m), Some(d)) = (o.get("year"), o.get("month"), o.get("day")) {
                format!("{}年{}月{}日", json_text(y), json_text(m), json_text(d))
            } else {
                o.iter()
                    .map(|(k, v)| format!("{k}={}", json_text(v)))
                    .collect::<Vec<_>>()
                    .join("，")
            }
        }
    }
}

/// Flatten a serialised struct into labelled fields: `labels` gives the order and the
/// Chinese header of known keys; a per-stage object becomes 小学…/初中…/高中…; keys not
/// in `labels` (fields added to the model later) follow under their own name.
fn flatten(
    value: &Value,
    labels: &[(&'static str, String)],
    skip: &[&str],
) -> Vec<(String, String)> {
    let Value::Object(map) = value else {
        return Vec::new();
    };
    let mut keys: Vec<(&str, String)> = labels
        .iter()
        .filter(|(k, _)| map.contains_key(*k))
        .map(|(k, l)| (*k, l.to_string()))
        .collect();
    for k in map.keys() {
        if !skip.contains(&k.as_str()) && !labels.iter().any(|(l, _)| l == k) {
            keys.push((k.as_str(), k.clone()));
        }
    }
    let mut out = Vec::new();
    for (key, label) in keys {
        let Some(v) = map.get(key) else { continue };
        match v {
            Value::Object(o)
                if o.len() == 3
                    && o.contains_key("primary")
                    && o.contains_key("junior")
                    && o.contains_key("senior") =>
            {
                let (base, unit) = split_unit(&label);
                for (stage, name) in [("primary", "小学"), ("junior", "初中"), ("senior", "高中")]
                {
                    if let Some(sv) = o.get(stage) {
                        out.push(match money(unit, sv) {
                            Some(text) => (format!("{name}{base}"), text),
                            None => (format!("{name}{base}{unit}"), json_text(sv)),
                        });
                    }
                }
            }
            _ => {
                let (base, unit) = split_unit(&label);
                out.push(match money(unit, v) {
                    Some(text) => (base.to_string(), text),
                    None => (label.clone(), json_text(v)),
                });
            }
        }
    }
    out
}

/// A money field's value with its unit (89.4万元 as the clerk typed it under a 万元
/// header, not 894000 under 元): the unit moves from the header into the value.
fn money(unit: &str, v: &Value) -> Option<String> {
    (unit == "（元）")
        .then(|| v.as_f64())
        .flatten()
        .map(format::money)
}

/// `在校生数（人）` → (`在校生数`, `（人）`).
fn split_unit(label: &str) -> (&str, &str) {
    match label.find('（') {
        Some(i) => (&label[..i], &label[i..]),
        None => (label, ""),
    }
}

fn serialized<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn basic_info(c: &County) -> Vec<Record> {
    let info = &c.info;
    let mut fields = flatten(
        &serialized(info),
        &schema::BASIC_ITEMS
            .iter()
            .map(|i| (i.field, i.name.to_string()))
            .collect::<Vec<_>>(),
        // item_rows: where each item was read, not data.
        &[
            "admin_level",
            "status",
            "duty_style",
            "split_weights",
            "item_rows",
        ],
    );
    let w = info.split_weights;
    let typed = [
        ("行政级别", info.admin_level.suffix().to_string()),
        ("文稿状态", info.status.label().to_string()),
        (
            "责任清单样式",
            match info.duty_style {
                DutyStyle::Brief => "简表",
                DutyStyle::Detailed => "详表",
                DutyStyle::Graded => "分级",
            }
            .to_string(),
        ),
        (
            "一贯制拆分权重",
            format!(
                "{}:{}:{}",
                number(w.primary),
                number(w.junior),
                number(w.senior)
            ),
        ),
    ];
    for (label, text) in typed {
        if let Some(slot) = fields.iter_mut().find(|(l, _)| l == label) {
            slot.1 = text;
        }
    }
    // One record per item, so a change reads 「联系电话｜内容：a → b」.
    fields
        .into_iter()
        .map(|(label, text)| Record {
            key: label.clone(),
            row: None,
            subject: label,
            fields: vec![("内容".to_string(), text)],
        })
        .collect()
}

fn schools(c: &County) -> Vec<Record> {
    let labels = schema::SCHOOLS.labels();
    c.schools
        .iter()
        .map(|s| {
            let mut fields = flatten(&serialized(s), &labels, &["name", "row"]);
            let typed = [
                ("学校类型", s.kind.label().to_string()),
                ("城乡类型", s.locality.label().to_string()),
                (
                    "办学性质",
                    if s.private { "民办" } else { "公办" }.to_string(),
                ),
            ];
            for (label, text) in typed {
                if let Some(slot) = fields.iter_mut().find(|(l, _)| l == label) {
                    slot.1 = text;
                }
            }
            Record {
                key: s.name.clone(),
                row: Some(s.row),
                subject: s.name.clone(),
                fields,
            }
        })
        .collect()
}

fn classes(c: &County) -> Vec<Record> {
    let Some(rows) = &c.classes else {
        return Vec::new();
    };
    let mut out: Vec<Record> = Vec::new();
    for r in rows {
        let base = format!("{}｜{}年级｜{}", r.school, r.grade, r.class_name);
        // Unnamed classes of one grade are told apart by their order.
        let mut key = base.clone();
        let mut n = 1;
        while out.iter().any(|o| o.key == key) {
            n += 1;
            key = format!("{base}#{n}");
        }
        let class = if r.class_name.is_empty() {
            format!("第{n}个班")
        } else {
            r.class_name.clone()
        };
        out.push(Record {
            key,
            row: Some(r.row),
            subject: format!("{} {}年级 {}", r.school, r.grade, class),
            fields: vec![
                ("学段".to_string(), r.stage.label().to_string()),
                ("学生数".to_string(), r.students.to_string()),
            ],
        });
    }
    out
}

fn item_value(name: &str, v: &ItemValue) -> String {
    match v {
        ItemValue::Yes => "是".to_string(),
        ItemValue::No => "否".to_string(),
        ItemValue::NotApplicable => "不涉及".to_string(),
        ItemValue::Number(x) => {
            let kind = COUNTY_ITEMS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, k)| *k);
            match kind {
                Some(ItemKind::Ratio) => percent(*x),
                _ => number(*x),
            }
        }
    }
}

fn county_items(c: &County) -> Vec<Record> {
    let mut out: Vec<Record> = c
        .county_items
        .iter()
        .map(|(name, item)| Record {
            key: name.clone(),
            row: Some(item.row),
            subject: name.clone(),
            fields: vec![
                ("数值".to_string(), item_value(name, &item.value)),
                ("说明".to_string(), opt(item.note.as_deref(), clip)),
            ],
        })
        .collect();
    out.sort_by_key(|r| r.row);
    out
}

fn quality(c: &County) -> Vec<Record> {
    c.quality
        .iter()
        .map(|q| Record {
            key: q.subject.clone(),
            row: Some(q.row),
            subject: q.subject.clone(),
            fields: vec![
                (
                    "学业水平等级".to_string(),
                    opt(q.level, |l| {
                        ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"]
                            .get(usize::from(l).saturating_sub(1))
                            .map(|s| s.to_string())
                            .unwrap_or_else(|| l.to_string())
                    }),
                ),
                ("校际差异率".to_string(), opt(q.difference_rate, percent)),
            ],
        })
        .collect()
}

fn recognition(c: &County) -> Vec<Record> {
    c.recognition
        .iter()
        .map(|g| Record {
            key: g.group.clone(),
            row: Some(g.row),
            subject: g.group.clone(),
            fields: vec![
                ("有效问卷数".to_string(), g.valid.to_string()),
                ("认可问卷数".to_string(), g.approving.to_string()),
                ("权重".to_string(), opt(g.weight, number)),
            ],
        })
        .collect()
}

fn duties(c: &County) -> Vec<Record> {
    c.duties
        .iter()
        .map(|d| Record {
            key: d.indicator.clone(),
            row: Some(d.row),
            subject: format!("指标{}", d.indicator),
            fields: vec![
                ("责任单位".to_string(), list(&d.units)),
                ("牵头单位".to_string(), list(&d.lead_units)),
                ("责任领导".to_string(), opt(d.leader.as_deref(), clip)),
                ("指标说明".to_string(), opt(d.explanation.as_deref(), clip)),
                ("评估重点".to_string(), opt(d.focus.as_deref(), clip)),
            ],
        })
        .collect()
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        BLANK.to_string()
    } else {
        items.join("、")
    }
}

fn texts(c: &County) -> Vec<Record> {
    c.texts
        .iter()
        .map(|(section, text)| Record {
            key: section.clone(),
            row: None,
            subject: section.clone(),
            fields: vec![("内容".to_string(), clip(text))],
        })
        .collect()
}

/// Rows keyed by the fields labelled `key` (the sheet's key column; for 领导小组 职务 and
/// 姓名): a moved row is the same row. A key met again is told apart by
/// its occurrence (the second 副组长 is 副组长 #2).
fn by_key<T: Serialize>(rows: &[T], sheet: &SheetSchema, key: &[&str]) -> Vec<Record> {
    let labels = sheet.labels();
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    rows.iter()
        .map(|r| {
            let value = serialized(r);
            let row = value
                .get("row")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok());
            let fields = flatten(&value, &labels, &["row"]);
            let mut name: String = fields
                .iter()
                .filter(|(label, _)| key.contains(&label.as_str()))
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join("｜");
            let count = seen.entry(name.clone()).or_insert(0);
            *count += 1;
            if *count > 1 {
                name = format!("{name} #{count}");
            }
            Record {
                key: name.clone(),
                row,
                subject: name,
                fields,
            }
        })
        .collect()
}

// ---------------------------------------------------------------- consequences

/// A verdict in the documents' one vocabulary: 达标 / 未达标 / 数据不全.
fn met_text(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "达标",
        Some(false) => "未达标",
        None => format::MISSING,
    }
}

/// Two values shown with enough decimals that a real change is visible.
fn pair(
    old: Option<f64>,
    new: Option<f64>,
    places: usize,
    show: impl Fn(f64, usize) -> String,
) -> (String, String) {
    // A value that cannot be computed is 数据不全, never "—" (that is 不适用).
    let one = |v: Option<f64>, p: usize| {
        v.map(|x| show(x, p))
            .unwrap_or_else(|| format::MISSING.to_string())
    };
    let mut p = places;
    loop {
        let (a, b) = (one(old, p), one(new, p));
        if a != b || p >= places + 4 {
            return (a, b);
        }
        p += 1;
    }
}

/// Two values of a resource indicator as the documents print them
/// (`format::indicator_value`), with more decimals only where needed to show a change.
fn pair_towards(
    old: Option<f64>,
    new: Option<f64>,
    id: crate::evaluate::IndicatorId,
    standard: f64,
) -> (String, String) {
    let places = usize::from(id.indicator().decimals);
    let one = |v: Option<f64>, p: usize| {
        v.map(|x| {
            if p == places {
                format::indicator_value(id, x, standard)
            } else {
                format::value_towards(x, standard, p)
            }
        })
        .unwrap_or_else(|| format::MISSING.to_string())
    };
    let mut p = places;
    loop {
        let (a, b) = (one(old, p), one(new, p));
        if a != b || p >= places + 4 {
            return (a, b);
        }
        p += 1;
    }
}

fn decimal_places(v: f64, places: usize) -> String {
    format::decimal(v, places)
}

fn percent_places(v: f64, places: usize) -> String {
    format::percent(v, places)
}

/// How an indicator's headline value prints.
fn indicator_pair(r_old: &IndicatorResult, r_new: &IndicatorResult) -> (String, String) {
    let unit = r_new.indicator().unit;
    if unit == "%" {
        pair(r_old.value, r_new.value, 2, percent_places)
    } else {
        let whole = [r_old.value, r_new.value]
            .iter()
            .flatten()
            .all(|v| v.fract() == 0.0);
        pair(
            r_old.value,
            r_new.value,
            if whole { 0 } else { 2 },
            decimal_places,
        )
    }
}

fn indicator_name(id: crate::evaluate::IndicatorId) -> String {
    format!("{id} {}", id.indicator().name)
}

/// Every computed result that differs, in report order: indicators, schools, 差异系数,
/// then the overall verdict.
pub fn consequences(old: &Evaluation, new: &Evaluation) -> Vec<Consequence> {
    let mut out = Vec::new();
    // Indicators (all 33, catalogue order).
    for n in &new.indicators {
        let Some(o) = old.indicator(n.id) else {
            continue;
        };
        let (ov, nv) = indicator_pair(o, n);
        let value_changed = o.value != n.value;
        if o.met != n.met || value_changed {
            let show = |met: Option<bool>, v: &str, has: bool| {
                if has {
                    format!("{}（{v}）", met_text(met))
                } else {
                    met_text(met).to_string()
                }
            };
            let has = o.value.is_some() || n.value.is_some();
            out.push(Consequence {
                category: "指标".to_string(),
                subject: indicator_name(n.id),
                old: show(o.met, &ov, has),
                new: show(n.met, &nv, has),
                flipped: o.met != n.met,
            });
        }
    }
    // Schools: compliance and the seven values of each part.
    for ns in &new.schools {
        let os = old.schools.iter().find(|s| s.name == ns.name);
        school_changes(os, Some(ns), &mut out);
    }
    for os in &old.schools {
        if !new.schools.iter().any(|s| s.name == os.name) {
            school_changes(Some(os), None, &mut out);
        }
    }
    // 差异系数.
    for stage in Stage::BOTH {
        for id in RESOURCE_IDS {
            let o = old.cv.get(stage, id);
            let n = new.cv.get(stage, id);
            let (ocv, ncv) = (o.and_then(|s| s.cv), n.and_then(|s| s.cv));
            let (om, nm) = (o.and_then(|s| s.met), n.and_then(|s| s.met));
            if ocv != ncv || om != nm {
                let limit = crate::catalogue::cv_limit(stage).to_f64();
                let (a, b) = pair(ocv, ncv, 3, |v, p| format::value_above(v, limit, p));
                let show = |v: String, met: Option<bool>| {
                    if met == Some(false) {
                        format!("{v}（超过限值）")
                    } else {
                        v
                    }
                };
                out.push(Consequence {
                    category: "差异系数".to_string(),
                    subject: format!("{} {}", stage.label(), indicator_name(id)),
                    old: show(a, om),
                    new: show(b, nm),
                    flipped: om != nm,
                });
            }
        }
    }
    // Overall verdict.
    let (vo, vn) = (verdict_text(old), verdict_text(new));
    if vo != vn {
        out.push(Consequence {
            category: "认定结论".to_string(),
            subject: "优质均衡认定".to_string(),
            old: vo,
            new: vn,
            flipped: old.verdict.passed != new.verdict.passed,
        });
    }
    out
}

fn part_text(p: &PartResult) -> String {
    let verdict = met_text(p.compliant);
    format!("{}/7项达标，{verdict}", p.met_count)
}

fn school_changes(
    old: Option<&SchoolResult>,
    new: Option<&SchoolResult>,
    out: &mut Vec<Consequence>,
) {
    let Some(any) = new.or(old) else { return };
    for stage in Stage::BOTH {
        let op = old.and_then(|s| s.parts.iter().find(|p| p.stage == stage));
        let np = new.and_then(|s| s.parts.iter().find(|p| p.stage == stage));
        if op.is_none() && np.is_none() {
            continue;
        }
        let label = format!("{}（{}）", any.name, stage.label());
        match (op, np) {
            (Some(o), Some(n)) => {
                if o.compliant != n.compliant || o.met_count != n.met_count {
                    out.push(Consequence {
                        category: "学校".to_string(),
                        subject: label.clone(),
                        old: part_text(o),
                        new: part_text(n),
                        flipped: o.compliant != n.compliant,
                    });
                }
                for id in RESOURCE_IDS {
                    let (oi, ni) = (o.item(id), n.item(id));
                    let (ov, nv) = (oi.and_then(|i| i.value), ni.and_then(|i| i.value));
                    let (om, nm) = (oi.and_then(|i| i.met), ni.and_then(|i| i.met));
                    if ov != nv || om != nm {
                        // As the documents print a value: the catalogue's decimals, on
                        // its side of the standard (4.4996 against 4.5 is 4.49).
                        let standard = ni.or(oi).map_or(f64::NAN, |i| i.standard_f64());
                        let (a, b) = pair_towards(ov, nv, id, standard);
                        out.push(Consequence {
                            category: "学校".to_string(),
                            subject: format!("{label} {}", indicator_name(id)),
                            old: format!("{a}（{}）", met_text(om)),
                            new: format!("{b}（{}）", met_text(nm)),
                            flipped: om != nm,
                        });
                    }
                }
            }
            (Some(o), None) => out.push(Consequence {
                category: "学校".to_string(),
                subject: label,
                old: part_text(o),
                new: "不再参评".to_string(),
                flipped: o.compliant.is_some(),
            }),
            (None, Some(n)) => out.push(Consequence {
                category: "学校".to_string(),
                subject: label,
                old: "未参评".to_string(),
                new: part_text(n),
                flipped: n.compliant.is_some(),
            }),
            (None, None) => {}
        }
    }
}

/// 通过 / 未通过 with the unmet indicators.
pub(crate) fn verdict_text(e: &Evaluation) -> String {
    let v = &e.verdict;
    if v.passed {
        return "通过（33项指标全部达标）".to_string();
    }
    let mut why = Vec::new();
    if !v.unmet.is_empty() {
        why.push(format!(
            "未达标：{}",
            crate::evaluate::catalogue::joined(&v.unmet, "、")
        ));
    }
    if !v.undetermined.is_empty() {
        why.push(format!(
            "无法判定：{}",
            crate::evaluate::catalogue::joined(&v.undetermined, "、")
        ));
    }
    if v.precondition.met == Some(false) {
        why.push("基本均衡认定未满3年".to_string());
    }
    if why.is_empty() {
        "未通过".to_string()
    } else {
        format!("未通过（{}）", why.join("；"))
    }
}

// ---------------------------------------------------------------- output

/// The terminal report.
pub(crate) fn render_text(r: &DiffReport) -> String {
    let mut s = String::new();
    s.push_str(&format!("数据更正对照表：{}\n", r.county));
    s.push_str(&format!(
        "  原工作簿：{}\n  新工作簿：{}\n",
        r.old_file, r.new_file
    ));
    if r.inputs.is_empty() && r.consequences.is_empty() {
        s.push_str("\n两个工作簿的数据没有差异。\n");
        return s;
    }
    s.push_str(&format!("\n一、数据变化（{} 处）\n", r.inputs.len()));
    if r.inputs.is_empty() {
        s.push_str("  （无：两个工作簿读出的数据相同）\n");
    }
    for (i, c) in r.inputs.iter().enumerate() {
        let row = c.row.map(|r| format!(" 第{r}行")).unwrap_or_default();
        s.push_str(&format!(
            "  {}. {}{row}｜{}｜{}：{} → {}\n",
            i + 1,
            c.sheet,
            c.subject,
            c.field,
            c.old,
            c.new
        ));
    }
    s.push_str(&format!(
        "\n二、计算结果变化（{} 处，其中结论改变 {} 处）\n",
        r.consequences.len(),
        r.flipped()
    ));
    if r.consequences.is_empty() {
        s.push_str("  （无：上述更改不影响任何计算结果）\n");
    }
    for (i, c) in r.consequences.iter().enumerate() {
        let mark = if c.flipped { "〔结论改变〕" } else { "" };
        s.push_str(&format!(
            "  {}. {}｜{}：{} → {}{mark}\n",
            i + 1,
            c.category,
            c.subject,
            c.old,
            c.new
        ));
    }
    if r.verdict_old == r.verdict_new {
        s.push_str(&format!("\n三、认定结论：不变，{}\n", r.verdict_new));
    } else {
        s.push_str(&format!(
            "\n三、认定结论：{} → {}\n",
            r.verdict_old, r.verdict_new
        ));
    }
    s
}
