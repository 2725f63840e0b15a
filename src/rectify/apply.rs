//! A plan written into the county: into the typed model (for the evaluation that
//! verifies it) and into a corrected copy of the workbook (`rectify --apply OUT.xlsx`).
//!
//! The corrected workbook is the input's sheets, cell for cell, with the planned
//! figures in the 学校 cells they change (in the column's own unit: a 万元 header gets
//! 万元), written as .xlsx whatever the input was. Formatting is not kept: the file is a
//! what-if copy to check with `junheng eval`, not a replacement of the original.

use super::{Action, ActionKind, Column};
use crate::model::{County, PerStage, School, Stage};
use crate::problem::Problem;
use crate::workbook::schema;
use crate::workbook::table::Table;
use crate::workbook::{Sheet, open};
use calamine::Data;
use std::collections::BTreeMap;
use std::path::Path;

/// New value of every changed (school, stage, column) cell, in base units.
fn new_values(
    county: &County,
    actions: &[Action],
) -> BTreeMap<(usize, Option<Stage>, Column), f64> {
    let mut out: BTreeMap<(usize, Option<Stage>, Column), f64> = BTreeMap::new();
    for a in actions {
        let Some(school) = county.schools.get(a.school) else {
            continue;
        };
        let key = (a.school, a.stage, a.column);
        let current = match out.get(&key) {
            Some(v) => *v,
            None => a.column.current(school, a.stage).unwrap_or(0.0),
        };
        out.insert(key, current + a.add);
    }
    // A teacher hired or moved is a full-time teacher too: 专任教师数 follows (never
    // below the counts it contains).
    let mut full_time: BTreeMap<(usize, Stage), f64> = BTreeMap::new();
    for a in actions {
        let Some(stage) = a.stage else { continue };
        let counts = matches!(
            (a.column, a.kind),
            (Column::AboveDegree | Column::PeArt, _) | (Column::Backbone, ActionKind::Exchange)
        );
        if counts {
            *full_time.entry((a.school, stage)).or_default() += a.add;
        }
    }
    for ((school, stage), delta) in full_time {
        let Some(s) = county.schools.get(school) else {
            continue;
        };
        let Some(current) = s.full_time_teachers.get(stage) else {
            continue;
        };
        let mut v = f64::from(current) + delta;
        for c in [Column::AboveDegree, Column::Backbone, Column::PeArt] {
            let n = out
                .get(&(school, Some(stage), c))
                .copied()
                .or_else(|| c.current(s, Some(stage)));
            if let Some(n) = n {
                v = v.max(n);
            }
        }
        out.insert((school, Some(stage), Column::FullTime), v);
    }
    out
}

fn set_count(field: &mut PerStage<u32>, stage: Stage, v: f64) {
    let n = v.round().clamp(0.0, f64::from(u32::MAX)) as u32;
    match stage {
        Stage::Primary => field.primary = Some(n),
        Stage::Junior => field.junior = Some(n),
    }
}

fn set(school: &mut School, stage: Option<Stage>, column: Column, v: f64) {
    let st = stage.unwrap_or(Stage::Primary);
    let whole = || v.round().clamp(0.0, f64::from(u32::MAX)) as u32;
    match column {
        Column::AboveDegree => set_count(&mut school.teachers_above_degree, st, v),
        Column::Backbone => set_count(&mut school.backbone_teachers, st, v),
        Column::PeArt => set_count(&mut school.pe_art_teachers, st, v),
        Column::FullTime => set_count(&mut school.full_time_teachers, st, v),
        Column::TeachingArea => school.teaching_area = Some(v),
        Column::SportsArea => school.sports_area = Some(v),
        Column::Equipment => school.equipment_value = Some(v),
        Column::MultimediaRoom => school.multimedia_rooms = Some(whole()),
        Column::MusicRooms => school.music_rooms = Some(whole()),
        Column::ArtRooms => school.art_rooms = Some(whole()),
        Column::TrainingBudget => school.training_budget = Some(v),
    }
}

/// The county with the plan carried out.
pub fn apply(county: &County, actions: &[Action]) -> County {
    let mut out = county.clone();
    for ((school, stage, column), v) in new_values(county, actions) {
        if let Some(s) = out.schools.get_mut(school) {
            set(s, stage, column, v);
        }
    }
    out
}

/// Why a corrected workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("不能覆盖输入的工作簿「{0}」：请给出另一个文件名")]
    SameFile(String),
    #[error("输出文件应为 .xlsx：「{0}」")]
    NotXlsx(String),
    #[error("{0}")]
    Read(String),
    #[error(
        "「学校」工作表第 {row} 行没有「{column}」列，无法写入整改后的数值：请在该表中增加这一列"
    )]
    NoColumn { row: u32, column: String },
    #[error("无法写出「{path}」：{message}")]
    Write { path: String, message: String },
}

/// Write `input` with the plan's figures to `output` (.xlsx). Refuses to overwrite the
/// input (also through another name of the same file).
pub fn write_corrected(
    input: &Path,
    output: &Path,
    county: &County,
    actions: &[Action],
) -> Result<(), ApplyError> {
    let shown = |p: &Path| p.display().to_string();
    let is_xlsx = output
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        return Err(ApplyError::NotXlsx(shown(output)));
    }
    if same_file(input, output) {
        return Err(ApplyError::SameFile(shown(output)));
    }
    let label = input
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| shown(input));
    let (mut sheets, _) = open::load(input, &label).map_err(|p| ApplyError::Read(p.to_string()))?;
    let values = new_values(county, actions);
    let schools_sheet = sheets
        .iter()
        .position(|s| normalized(&s.name) == schema::SCHOOLS.name)
        .ok_or_else(|| ApplyError::Read("工作簿中没有「学校」工作表".to_string()))?;
    let mut problems: Vec<Problem> = Vec::new();
    let table = sheets
        .get(schools_sheet)
        .and_then(|s| Table::from_schema(s, &schema::SCHOOLS, &mut problems))
        .ok_or_else(|| ApplyError::Read("「学校」工作表无法读取".to_string()))?;
    let mut edits: Vec<(u32, u32, f64)> = Vec::new();
    for ((school, stage, column), v) in values {
        let Some(s) = county.schools.get(school) else {
            continue;
        };
        let Some(row) = table.rows.iter().find(|r| r.row == s.row) else {
            continue;
        };
        // The reader takes a stage's own column, or for a single-stage school the bare
        // header when the stage's cell is blank: write where the figure was read.
        let place = match (column.per_stage(), stage) {
            (true, Some(st)) => {
                let own = column.col().stage(st.label());
                let filled = table.place(own).is_some()
                    && !crate::workbook::cells::is_blank(table.raw(row, own));
                if filled {
                    table.place(own)
                } else {
                    table.place(column.col()).or(table.place(own))
                }
            }
            _ => table.place(column.col()),
        };
        let Some((col, scale)) = place else {
            return Err(ApplyError::NoColumn {
                row: s.row,
                column: column.header(stage),
            });
        };
        let v = if scale > 0.0 { v / scale } else { v };
        edits.push((row.row.saturating_sub(1), col, v));
    }
    if let Some(sheet) = sheets.get_mut(schools_sheet) {
        for (r, c, v) in edits {
            sheet.grid.set(r, c, Data::Float(v));
        }
    }
    write_xlsx(&sheets, output).map_err(|e| ApplyError::Write {
        path: shown(output),
        message: e.to_string(),
    })
}

fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Every sheet's cells as values (dates keep a date format, so they read back as dates).
fn write_xlsx(sheets: &[Sheet], output: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name)?;
        for (r, row) in sheet.grid.rows() {
            for (&c, cell) in row {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                match cell {
                    Data::Empty => {}
                    Data::String(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f)?;
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64)?;
                    }
                    Data::Bool(b) => {
                        ws.write_boolean(r, c, *b)?;
                    }
                    Data::DateTime(d) => {
                        ws.write_number_with_format(r, c, d.as_f64(), &date)?;
                    }
                    Data::DateTimeIso(s) | Data::DurationIso(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    Data::Error(e) => {
                        ws.write_string(r, c, e.to_string())?;
                    }
                }
            }
        }
    }
    let tmp = output.with_extension("xlsx.tmp");
    book.save(&tmp)?;
    std::fs::rename(&tmp, output).map_err(rust_xlsxwriter::XlsxError::IoError)?;
    Ok(())
}

impl Column {
    fn col(self) -> schema::Col {
        match self {
            Column::AboveDegree => schema::school::TEACHERS_ABOVE_DEGREE,
            Column::Backbone => schema::school::BACKBONE_TEACHERS,
            Column::PeArt => schema::school::PE_ART_TEACHERS,
            Column::FullTime => schema::school::FULL_TIME_TEACHERS,
            Column::TeachingArea => schema::school::TEACHING_AREA,
            Column::SportsArea => schema::school::SPORTS_AREA,
            Column::Equipment => schema::school::EQUIPMENT_VALUE,
            Column::MultimediaRoom => schema::school::MULTIMEDIA_ROOMS,
            Column::MusicRooms => schema::school::MUSIC_ROOMS,
            Column::ArtRooms => schema::school::ART_ROOMS,
            Column::TrainingBudget => schema::school::TRAINING_BUDGET,
        }
    }
}
