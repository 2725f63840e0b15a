//! The blank, documented workbook `junheng init` writes, driven by the schema table.
//!
//! Every sheet and header of the schema, units in the headers, drop-down lists for
//! yes/no and list columns, number checks (as warnings, so a clerk can still type `—`),
//! a hint on every column, the 县级指标 items and the usual 文字材料 sections
//! pre-filled, defaults written into 基本信息, and a 填表说明 sheet. Once filled,
//! `junheng check` accepts it without warnings about its layout.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use super::schema::{self, Kind, SheetSchema, YES_NO};
use crate::model::{COUNTY_ITEMS, ItemKind};

/// Data rows covered by validation below a header.
const ROWS: u32 = 1000;

struct Formats {
    title: Format,
    header: Format,
    required: Format,
    text: Format,
    wrap: Format,
    percent: Format,
    note: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_font_name("宋体").set_font_size(11);
        let header = base
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: base.clone().set_bold().set_font_size(16),
            required: header.clone().set_background_color("#F8CBAD"),
            header: header.set_background_color("#D9E1F2"),
            text: base.clone().set_align(FormatAlign::VerticalCenter),
            wrap: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            percent: base.clone().set_num_format("0.0%"),
            note: base.set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

fn width(header: &str, kind: Kind) -> f64 {
    match kind {
        Kind::Long => 48.0,
        _ => (header.chars().count() as f64 * 1.6 + 2.0).clamp(9.0, 24.0),
    }
}

/// The validation rule of a column kind (None: free text).
fn validation(kind: Kind) -> Result<Option<DataValidation>, XlsxError> {
    let warn = DataValidationErrorStyle::Warning;
    Ok(Some(match kind {
        Kind::Text | Kind::Long => return Ok(None),
        Kind::YesNo => DataValidation::new().allow_list_strings(YES_NO)?,
        Kind::List(items) => DataValidation::new().allow_list_strings(items)?,
        Kind::Count => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_style(warn)
            .set_error_message("应为不小于 0 的整数（不适用可填“—”）")?,
        Kind::Amount => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_style(warn)
            .set_error_message("应为不小于 0 的数（不适用可填“—”）")?,
        Kind::Year => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(1949, 2100))
            .set_error_style(warn)
            .set_error_message("应为四位年份，如 2025")?,
        Kind::Date => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(2000, 1, 1)?,
                ExcelDateTime::from_ymd(2100, 12, 31)?,
            ))
            .set_error_style(warn)
            .set_error_message("应为日期，如 2026-03-16")?,
        Kind::Percent => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, 1.0))
            .set_error_style(warn)
            .set_error_message("应为 0～100% 的比例，如 95%")?,
    }))
}

/// `validation` plus the column's hint as the input message.
fn with_hint(kind: Kind, title: &str, hint: &str) -> Result<Option<DataValidation>, XlsxError> {
    let v = match validation(kind)? {
        Some(v) => v,
        None if hint.is_empty() => return Ok(None),
        None => DataValidation::new().allow_any_value(),
    };
    if hint.is_empty() {
        return Ok(Some(v));
    }
    let title: String = title.chars().take(30).collect();
    Ok(Some(v.set_input_title(title)?.set_input_message(hint)?))
}

/// A table sheet: header row 1 (frozen), column widths, validation over the data rows.
fn table_sheet(ws: &mut Worksheet, f: &Formats, sheet: &SheetSchema) -> Result<(), XlsxError> {
    for (i, (header, c, hint)) in sheet.template_columns().iter().enumerate() {
        let ci = i as u16;
        let fmt = if c.required { &f.required } else { &f.header };
        ws.write_string_with_format(0, ci, header, fmt)?;
        ws.set_column_width(ci, width(header, c.kind))?;
        match c.kind {
            Kind::Long => {
                ws.set_column_format(ci, &f.wrap)?;
            }
            Kind::Percent => {
                ws.set_column_format(ci, &f.percent)?;
            }
            _ => {
                ws.set_column_format(ci, &f.text)?;
            }
        }
        if let Some(v) = with_hint(c.kind, header, hint)? {
            ws.add_data_validation(1, ci, ROWS, ci, &v)?;
        }
    }
    ws.set_row_height(0, 36)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn item_hint(kind: ItemKind) -> (&'static str, Kind) {
    match kind {
        ItemKind::YesNo => ("填“是”或“否”；不适用填“不涉及”", Kind::Text),
        ItemKind::Count => ("人数（整数）；不适用填“不涉及”", Kind::Text),
        ItemKind::Money => ("金额，单位：元；不适用填“不涉及”", Kind::Text),
        ItemKind::Ratio => ("比例，如 95%；不适用填“不涉及”", Kind::Percent),
    }
}

/// The instructions sheet, first in the template (the reader ignores it).
pub const INSTRUCTIONS: &str = "填表说明";

/// Build the template workbook in memory.
pub fn template(county: Option<&str>) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("义务教育优质均衡发展指标工作簿")
            .set_author("junheng")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?),
    );

    instructions(wb.add_worksheet().set_name(INSTRUCTIONS)?, &f)?;

    // 基本信息: 项目 | 内容, items pre-filled, defaults written.
    {
        let ws = wb.add_worksheet().set_name(schema::BASIC_INFO.name)?;
        table_sheet(ws, &f, &schema::BASIC_INFO)?;
        ws.set_column_width(0, 28)?;
        ws.set_column_width(1, 44)?;
        for (i, item) in schema::BASIC_ITEMS.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string_with_format(row, 0, item.name, &f.text)?;
            let value = match county {
                Some(c) if item.field == "county_name" => c.trim(),
                _ => item.default,
            };
            if !value.is_empty() {
                ws.write_string_with_format(row, 1, value, &f.text)?;
            }
            if let Some(v) = with_hint(item.kind, item.name, item.help)? {
                ws.add_data_validation(row, 1, row, 1, &v)?;
            }
        }
    }

    table_sheet(
        wb.add_worksheet().set_name(schema::SCHOOLS.name)?,
        &f,
        &schema::SCHOOLS,
    )?;
    table_sheet(
        wb.add_worksheet().set_name(schema::CLASSES.name)?,
        &f,
        &schema::CLASSES,
    )?;

    // 县级指标: every item pre-filled, a hint per item on its 数值 cell.
    {
        let ws = wb
            .add_worksheet()
            .set_name(schema::COUNTY_INDICATORS.name)?;
        table_sheet(ws, &f, &schema::COUNTY_INDICATORS)?;
        ws.set_column_width(0, 34)?;
        ws.set_column_width(1, 14)?;
        ws.set_column_width(2, 60)?;
        for (i, (item, kind)) in COUNTY_ITEMS.iter().enumerate() {
            let row = i as u32 + 1;
            let label = match kind {
                ItemKind::Money => format!("{item}（元）"),
                _ => item.to_string(),
            };
            ws.write_string_with_format(row, 0, &label, &f.text)?;
            let (mut hint, cell) = item_hint(*kind);
            if crate::model::VETO_ITEMS.contains(item) {
                hint = "否决项：存在该问题填“是”，不存在填“否”";
            }
            if matches!(cell, Kind::Percent) {
                ws.write_blank(row, 1, &f.percent)?;
            }
            // Numbers or 不涉及; a custom rule keeps both possible.
            let cell_ref = format!("B{}", row + 1);
            let rule = match kind {
                ItemKind::YesNo => {
                    DataValidation::new().allow_list_strings(&["是", "否", "不涉及"])?
                }
                _ => DataValidation::new()
                    .allow_custom(Formula::new(format!(
                        "=OR(ISNUMBER({cell_ref}),{cell_ref}=\"不涉及\")"
                    )))
                    .set_error_style(DataValidationErrorStyle::Warning)
                    .set_error_message("应为数字，或“不涉及”")?,
            };
            let title: String = item.chars().take(30).collect();
            let rule = rule.set_input_title(title)?.set_input_message(hint)?;
            ws.add_data_validation(row, 1, row, 1, &rule)?;
        }
    }

    for sheet in [&schema::QUALITY, &schema::RECOGNITION, &schema::DUTIES] {
        table_sheet(wb.add_worksheet().set_name(sheet.name)?, &f, sheet)?;
    }
    // 佐证材料: the built-in lists, to edit in place (rows deleted are items removed).
    {
        let ws = wb.add_worksheet().set_name(schema::EVIDENCE.name)?;
        table_sheet(ws, &f, &schema::EVIDENCE)?;
        ws.set_column_width(1, 22)?;
        ws.set_column_width(3, 56)?;
        let mut row = 1u32;
        for ind in crate::catalogue::INDICATORS {
            for item in ind.evidence() {
                ws.write_string_with_format(row, 0, ind.id.as_str(), &f.text)?;
                ws.write_string_with_format(row, 1, item.name, &f.text)?;
                ws.write_string_with_format(row, 3, item.note, &f.wrap)?;
                row += 1;
            }
        }
    }
    for sheet in [&schema::LEADERS, &schema::PHASES, &schema::TASKS] {
        table_sheet(wb.add_worksheet().set_name(sheet.name)?, &f, sheet)?;
    }
    {
        let ws = wb.add_worksheet().set_name(schema::TEXTS.name)?;
        table_sheet(ws, &f, &schema::TEXTS)?;
        ws.set_column_width(1, 90)?;
        for (i, s) in schema::TEXT_SECTIONS.iter().enumerate() {
            ws.write_string_with_format(i as u32 + 1, 0, *s, &f.text)?;
        }
    }
    table_sheet(
        wb.add_worksheet().set_name(schema::TARGETS.name)?,
        &f,
        &schema::TARGETS,
    )?;
    // 整改测算's unit costs: optional, blank means the documented defaults.
    table_sheet(
        wb.add_worksheet().set_name(schema::COSTS.name)?,
        &f,
        &schema::COSTS,
    )?;

    wb.save_to_buffer()
}

/// The 填表说明 sheet.
fn instructions(ws: &mut Worksheet, f: &Formats) -> Result<(), XlsxError> {
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 10)?;
    ws.set_column_width(2, 100)?;
    ws.merge_range(
        0,
        0,
        0,
        2,
        "义务教育优质均衡发展指标工作簿 填表说明",
        &f.title,
    )?;
    ws.set_row_height(0, 30)?;
    let general = [
        "1. 本工作簿供 junheng（均衡）生成实施方案、责任清单和自评报告（PDF）使用。请按工作表逐一填写，不要修改工作表名称、表头文字和“项目”“章节”名称；列的顺序可以调整，表头上方可以加标题行。",
        "2. 橙色表头为必填列，蓝色表头为选填列。留空表示“未填写”，不会当作 0 处理；相关指标将显示为无法判定。",
        "3. 数字可以直接填写，也可以带千分位（1,234）；比例可填 95%、0.95 或 95。面积单位为平方米，金额单位为元（如按万元填写，请把表头改为“…（万元）”）。",
        "4. 是/否栏填“是”或“否”（也可用 √/×、有/无）。县级指标不适用时填“不涉及”，视为达标。“—”“/”“无”表示该项不适用。",
        "5. 九年一贯制、十二年一贯制、完全中学的在校生、班级、教师按学段分列；教学及辅助用房、体育运动场馆、教学仪器设备值、网络多媒体教室按全校填写，由程序按“一贯制拆分权重”拆分到学段。",
        "6. 特殊教育学校、在校生不足 50 人的教学点不参加资源配置 7 项指标和差异系数计算，但仍应填写（计入基本情况和其他指标）。",
        "7. 单元格有下拉列表或输入提示；数字栏输入非数字时会提示，确认后仍可保留（如“—”）。",
    ];
    let mut row = 2u32;
    for line in general {
        ws.merge_range(row, 0, row, 2, line, &f.note)?;
        ws.set_row_height(row, 36)?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "工作表", &f.header)?;
    ws.write_string_with_format(row, 1, "是否必填", &f.header)?;
    ws.write_string_with_format(row, 2, "填写内容", &f.header)?;
    row += 1;
    for sheet in schema::SHEETS {
        let need = if sheet.must_fill { "必填" } else { "选填" };
        ws.write_string_with_format(row, 0, sheet.name, &f.text)?;
        ws.write_string_with_format(row, 1, need, &f.text)?;
        ws.write_string_with_format(row, 2, sheet.help, &f.note)?;
        row += 1;
    }
    row += 1;
    ws.merge_range(
        row,
        0,
        row,
        2,
        "填写完成后，运行 junheng check 工作簿.xlsx 检查数据（每个问题都注明工作表、行和列）；运行 junheng build 工作簿.xlsx 生成三份 PDF 文件。",
        &f.note,
    )?;
    ws.set_row_height(row, 36)?;
    ws.set_active(true);
    Ok(())
}
