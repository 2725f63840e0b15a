//! 责任清单: who answers for each of the 33 indicators, in one of three styles.

use serde::Serialize;

use super::{Common, format};
use crate::evaluate::Evaluation;
use crate::evaluate::catalogue::{self, Area, Indicator, IndicatorId, prefixed_unit};
use crate::model::{County, DutyStyle};

/// One indicator row of the responsibility table.
#[derive(Debug, Clone, Serialize)]
pub struct DutyRow {
    pub id: String,
    /// C1 … C33
    pub code: String,
    pub wording: String,
    pub name: String,
    /// Responsible units; the lead unit (if any) first.
    pub units: Vec<String>,
    /// Lead units (牵头单位), a subset of `units`.
    pub lead_units: Vec<String>,
    pub leader: Option<String>,
    pub explanation: String,
    pub focus: String,
    pub formula: String,
    /// B-level group (seed 004) and its code B1 …
    pub group: String,
    pub group_code: String,
    /// Rows of the same group that follow this one (rowspan), 0 when not the first.
    pub group_span: usize,
    /// 现状: today's verdict; [`format::MISSING`] when the workbook lacks the data.
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DutyArea {
    /// 一、二、…
    pub number: String,
    pub label: String,
    /// A1 …
    pub code: String,
    pub rows: Vec<DutyRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DutyTable {
    /// brief / detailed / graded
    pub style: &'static str,
    pub landscape: bool,
    pub with_status: bool,
    pub areas: Vec<DutyArea>,
    pub row_count: usize,
}

/// One unit's share of the list: what it leads and what it supports.
#[derive(Debug, Clone, Serialize)]
pub struct UnitSummary {
    pub unit: String,
    pub leads: String,
    pub supports: String,
    pub count: usize,
}

/// Per-unit summary of the table, units ordered by how many indicators they carry.
pub fn unit_summaries(table: &DutyTable) -> Vec<UnitSummary> {
    let mut units: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for row in table.areas.iter().flat_map(|a| a.rows.iter()) {
        for unit in &row.units {
            let i = match units.iter().position(|(u, _, _)| u == unit) {
                Some(i) => i,
                None => {
                    units.push((unit.clone(), Vec::new(), Vec::new()));
                    units.len() - 1
                }
            };
            let Some(entry) = units.get_mut(i) else {
                continue;
            };
            if row.lead_units.contains(unit) {
                entry.1.push(row.id.clone());
            } else {
                entry.2.push(row.id.clone());
            }
        }
    }
    let mut out: Vec<UnitSummary> = units
        .into_iter()
        .map(|(unit, leads, supports)| UnitSummary {
            count: leads.len() + supports.len(),
            leads: format::list_or_none(&leads),
            supports: format::list_or_none(&supports),
            unit,
        })
        .collect();
    // Stable: by load, then by first appearance (sort_by_key is stable).
    out.sort_by_key(|u| std::cmp::Reverse(u.count));
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct DutiesContext {
    pub common: Common,
    pub title: String,
    pub table: DutyTable,
    pub units: Vec<UnitSummary>,
}

/// 现状 of one indicator: its verdict mark, or [`format::MISSING`] when it cannot be
/// judged from the workbook (never "—": the cell applies to every indicator).
pub fn status_text(evaluation: &Evaluation, id: IndicatorId) -> String {
    let mark = match evaluation.indicator(id).and_then(|r| r.met) {
        Some(true) => "√ 达标",
        Some(false) => "× 未达标",
        None => format::MISSING,
    };
    mark.to_string()
}

pub fn title(county: &County) -> String {
    format!(
        "{}相关部门推进义务教育优质均衡发展责任清单",
        county.info.county_name
    )
}

fn style_key(style: DutyStyle) -> &'static str {
    match style {
        DutyStyle::Brief => "brief",
        DutyStyle::Detailed => "detailed",
        DutyStyle::Graded => "graded",
    }
}

/// The units responsible for an indicator, lead units first, and the lead units: the
/// 责任分工 sheet's row for it, else the catalogue's defaults (the first is the lead).
pub fn responsible_units(county: &County, indicator: &Indicator) -> (Vec<String>, Vec<String>) {
    let level = county.info.admin_level;
    let duty = county
        .duties
        .iter()
        .find(|d| catalogue::indicator(&d.indicator).is_some_and(|i| i.id == indicator.id));
    let mut units: Vec<String> = match duty {
        Some(d) if !d.units.is_empty() => d.units.clone(),
        _ => indicator.departments_for(level),
    };
    let lead_units: Vec<String> = match duty {
        Some(d) if !d.lead_units.is_empty() => d.lead_units.clone(),
        Some(d) if !d.units.is_empty() => Vec::new(),
        _ => indicator
            .lead_department()
            .map(|u| vec![prefixed_unit(u, level)])
            .unwrap_or_default(),
    };
    // Lead units are listed first (and added when the 责任单位 cell forgot them).
    for lead in lead_units.iter().rev() {
        units.retain(|u| u != lead);
        units.insert(0, lead.clone());
    }
    (units, lead_units)
}

fn row_for(county: &County, evaluation: &Evaluation, indicator: &Indicator) -> DutyRow {
    let duty = county
        .duties
        .iter()
        .find(|d| catalogue::indicator(&d.indicator).is_some_and(|i| i.id == indicator.id));
    let (units, lead_units) = responsible_units(county, indicator);
    DutyRow {
        id: indicator.id.to_string(),
        code: indicator.code(),
        wording: indicator.wording.to_string(),
        name: indicator.name.to_string(),
        units,
        lead_units,
        leader: duty.and_then(|d| d.leader.clone()),
        explanation: duty
            .and_then(|d| d.explanation.clone())
            .unwrap_or_else(|| indicator.explanation.to_string()),
        focus: duty
            .and_then(|d| d.focus.clone())
            .unwrap_or_else(|| indicator.focus.to_string()),
        formula: indicator.formula.to_string(),
        group: indicator.group.to_string(),
        group_code: String::new(),
        group_span: 0,
        status: status_text(evaluation, indicator.id),
    }
}

/// The responsibility table in the workbook's chosen style.
pub fn table(county: &County, evaluation: &Evaluation, style: DutyStyle) -> DutyTable {
    let mut areas = Vec::new();
    let mut group_counter = 0;
    let mut row_count = 0;
    for (i, area) in Area::ALL.into_iter().enumerate() {
        let mut rows: Vec<DutyRow> = area
            .indicators()
            .map(|ind| row_for(county, evaluation, ind))
            .collect();
        // Group spans for the graded style (B-level groups are contiguous in the catalogue).
        let mut start = 0;
        while let Some(group) = rows.get(start).map(|r| r.group.clone()) {
            let end = rows
                .iter()
                .skip(start)
                .position(|r| r.group != group)
                .map_or(rows.len(), |p| start + p);
            group_counter += 1;
            for r in rows.iter_mut().take(end).skip(start) {
                r.group_code = format!("B{group_counter}");
            }
            if let Some(first) = rows.get_mut(start) {
                first.group_span = end - start;
            }
            start = end;
        }
        row_count += rows.len();
        areas.push(DutyArea {
            number: format::chinese_number(i + 1),
            label: area.label().to_string(),
            code: area.code().to_string(),
            rows,
        });
    }
    DutyTable {
        style: style_key(style),
        landscape: style == DutyStyle::Detailed,
        with_status: county.info.duty_status_column,
        areas,
        row_count,
    }
}

pub fn context(county: &County, evaluation: &Evaluation, common: Common) -> DutiesContext {
    let table = table(county, evaluation, county.info.duty_style);
    DutiesContext {
        common,
        title: title(county),
        units: unit_summaries(&table),
        table,
    }
}
