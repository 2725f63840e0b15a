//! `junheng init DIR`: a blank, documented workbook to fill in.
//!
//! Every sheet and header of DESIGN.md's workbook format, units in the headers,
//! drop-down lists for yes/no and type columns, number checks (as warnings, so a clerk
//! can still type `—`), a hint on every column, the 县级指标 items and the usual
//! 文字材料 sections pre-filled, defaults written into 基本信息, and a 填表说明 sheet.
//! Once filled, `junheng check` accepts it without warnings about its layout.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use super::{EXIT_INTERNAL, EXIT_OK};
use crate::model::{COUNTY_ITEMS, ItemKind};
use crate::render::output::write_atomic;

pub struct InitOptions {
    pub dir: PathBuf,
    /// 县区名称 to pre-fill (also names the file).
    pub county: Option<String>,
    /// Overwrite an existing file.
    pub force: bool,
}

/// The file `init` writes into DIR.
pub fn template_path(dir: &Path, county: Option<&str>) -> PathBuf {
    let stem = match county.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => format!("{}指标工作簿", crate::render::output::safe_folder_name(c)),
        None => "指标工作簿".to_string(),
    };
    dir.join(format!("{stem}.xlsx"))
}

pub fn init(opts: &InitOptions) -> u8 {
    let path = template_path(&opts.dir, opts.county.as_deref());
    if path.exists() && !opts.force {
        eprintln!(
            "错误：「{}」已存在，未覆盖；如需重新生成请加 --force",
            path.display()
        );
        return EXIT_INTERNAL;
    }
    let bytes = match template(opts.county.as_deref()) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("内部错误：无法生成工作簿模板：{e}");
            return EXIT_INTERNAL;
        }
    };
    if let Err(e) = write_atomic(&path, &bytes) {
        eprintln!("错误：{e}");
        return EXIT_INTERNAL;
    }
    println!("已生成空白工作簿：{}", path.display());
    println!("请先阅读其中的“填表说明”工作表；填写后运行：");
    println!("  junheng check {}", path.display());
    println!("  junheng build {}", path.display());
    EXIT_OK
}

// ---------------------------------------------------------------- column kinds

/// What a column holds: decides its width, format and data validation.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    /// Long text, wrapped.
    Long,
    YesNo,
    List(&'static [&'static str]),
    /// Whole number ≥ 0 (people, classes, rooms).
    Count,
    /// Real number ≥ 0 (areas, money).
    Amount,
    Year,
    Date,
    /// A ratio: percent-formatted cell.
    Percent,
}

struct Col {
    header: &'static str,
    kind: Kind,
    required: bool,
    hint: &'static str,
}

const fn col(header: &'static str, kind: Kind, hint: &'static str) -> Col {
    Col {
        header,
        kind,
        required: false,
        hint,
    }
}

const fn req(header: &'static str, kind: Kind, hint: &'static str) -> Col {
    Col {
        header,
        kind,
        required: true,
        hint,
    }
}

const YES_NO: &[&str] = &["是", "否"];
const SCHOOL_TYPES: &[&str] = &[
    "小学",
    "初中",
    "九年一贯制",
    "十二年一贯制",
    "完全中学",
    "教学点",
    "特殊教育学校",
];
const LOCALITIES: &[&str] = &["城区", "镇区", "乡村"];
const OWNERSHIP: &[&str] = &["公办", "民办"];
const STAGES: &[&str] = &["小学", "初中"];
const GRADES: &[&str] = &[
    "一年级",
    "二年级",
    "三年级",
    "四年级",
    "五年级",
    "六年级",
    "七年级",
    "八年级",
    "九年级",
];
const LEVELS: &[&str] = &["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"];
const ROLES: &[&str] = &[
    "组长",
    "常务副组长",
    "副组长",
    "成员",
    "办公室主任",
    "办公室副主任",
];

/// Data rows covered by validation below a header.
const ROWS: u32 = 1000;

// ---------------------------------------------------------------- the sheets

/// (item, kind, default value, hint) of 基本信息.
const BASIC: &[(&str, Kind, &str, &str)] = &[
    (
        "县区名称",
        Kind::Text,
        "",
        "必填：县（区、市）全称，如“清禾区”",
    ),
    (
        "行政级别",
        Kind::List(&["区", "县", "县级市"]),
        "区",
        "决定文中“全区/全县/全市”等用语",
    ),
    ("上级行政区", Kind::Text, "", "如“江汉省临川市”"),
    (
        "发文机关",
        Kind::Text,
        "",
        "落款单位；留空时为“县区名称+教育局”",
    ),
    ("发文字号", Kind::Text, "", "如“清教字〔2026〕7号”"),
    (
        "成文日期",
        Kind::Date,
        "",
        "文件落款日期（如 2026-03-16）；同一工作簿每次生成的 PDF 完全相同",
    ),
    (
        "文稿状态",
        Kind::List(&["征求意见稿", "送审稿", "正式稿"]),
        "正式稿",
        "征求意见稿会在实施方案前加征求意见通知",
    ),
    ("红头", Kind::YesNo, "否", "实施方案印发通知是否使用红头"),
    ("统计年度", Kind::Year, "", "数据所属年度，如 2025"),
    (
        "基本均衡认定年份",
        Kind::Year,
        "",
        "通过义务教育基本均衡国家认定的年份（须早于统计年度3年以上）",
    ),
    ("省级评估年份", Kind::Year, "", "计划接受省级评估的年份"),
    ("国家认定年份", Kind::Year, "", "计划申请国家认定的年份"),
    ("联系人", Kind::Text, "", ""),
    ("联系电话", Kind::Text, "", ""),
    ("电子邮箱", Kind::Text, "", ""),
    (
        "意见反馈截止日期",
        Kind::Text,
        "",
        "征求意见稿的反馈截止日期，如“2026年3月31日”",
    ),
    (
        "报告主题",
        Kind::Text,
        "",
        "自评报告标题上方的主题语（可留空）",
    ),
    (
        "一贯制拆分权重",
        Kind::Text,
        "1:1.1:1.32",
        "小学:初中:高中；一贯制学校的校舍、场馆、仪器、多媒体教室按权重×在校生数拆分；1:1:1 按人数拆分",
    ),
    (
        "民办学校纳入资源配置评估",
        Kind::YesNo,
        "是",
        "民办学校是否参加资源配置7项指标和差异系数计算",
    ),
    (
        "责任清单样式",
        Kind::List(&["简表", "详表", "分级"]),
        "简表",
        "简表：一级指标|二级指标|责任部门；详表：含指标说明、评估重点、计算公式（横排）；分级：A/B/C级",
    ),
    (
        "责任清单现状栏",
        Kind::YesNo,
        "是",
        "责任清单是否附“现状”栏（按工作簿计算的达标情况）",
    ),
];

const SCHOOL: &[Col] = &[
    req(
        "学校名称",
        Kind::Text,
        "每所学校（独立校区）一行，名称不得重复",
    ),
    req(
        "学校类型",
        Kind::List(SCHOOL_TYPES),
        "小学/初中/九年一贯制/十二年一贯制/完全中学/教学点/特殊教育学校",
    ),
    col("城乡类型", Kind::List(LOCALITIES), "默认城区"),
    col("办学性质", Kind::List(OWNERSHIP), "默认公办"),
    col("寄宿制", Kind::YesNo, ""),
    col("中心城区", Kind::YesNo, ""),
    col(
        "建设年份",
        Kind::Year,
        "建成（或规划）年份；2016年及以前建成的学校适用部分特殊情形",
    ),
    col("小学在校生数（人）", Kind::Count, "学校没有的学段留空"),
    col("初中在校生数（人）", Kind::Count, "学校没有的学段留空"),
    col(
        "高中在校生数（人）",
        Kind::Count,
        "十二年一贯制、完全中学填写；高中部分不参加评估",
    ),
    col("小学班级数（个）", Kind::Count, ""),
    col("初中班级数（个）", Kind::Count, ""),
    col("小学专任教师数（人）", Kind::Count, ""),
    col("初中专任教师数（人）", Kind::Count, ""),
    col(
        "小学高于规定学历教师数（人）",
        Kind::Count,
        "指标1.1：小学为专科及以上学历",
    ),
    col(
        "初中高于规定学历教师数（人）",
        Kind::Count,
        "指标1.1：初中为本科及以上学历",
    ),
    col("小学县级以上骨干教师数（人）", Kind::Count, "指标1.2"),
    col("初中县级以上骨干教师数（人）", Kind::Count, "指标1.2"),
    col(
        "小学体育艺术专任教师数（人）",
        Kind::Count,
        "指标1.3：体育、艺术（美术、音乐）专任教师",
    ),
    col(
        "初中体育艺术专任教师数（人）",
        Kind::Count,
        "指标1.3：体育、艺术（美术、音乐）专任教师",
    ),
    col(
        "教学及辅助用房面积（平方米）",
        Kind::Amount,
        "指标1.4：全校合计，一贯制学校由程序按学段拆分",
    ),
    col(
        "体育运动场馆面积（平方米）",
        Kind::Amount,
        "指标1.5：全校合计",
    ),
    col(
        "教学仪器设备值（元）",
        Kind::Amount,
        "指标1.6：全校合计；如按万元填写，请把表头改为“教学仪器设备值（万元）”",
    ),
    col("网络多媒体教室数（间）", Kind::Count, "指标1.7：全校合计"),
    col("音乐专用教室数（间）", Kind::Count, "指标2.3"),
    col("美术专用教室数（间）", Kind::Count, "指标2.3"),
    col(
        "音乐专用教室最小面积（平方米）",
        Kind::Amount,
        "指标2.3：面积最小的一间",
    ),
    col(
        "美术专用教室最小面积（平方米）",
        Kind::Amount,
        "指标2.3：面积最小的一间",
    ),
    col(
        "小学最大班额（人）",
        Kind::Count,
        "指标2.5：未填“班级”工作表时使用",
    ),
    col(
        "初中最大班额（人）",
        Kind::Count,
        "指标2.5：未填“班级”工作表时使用",
    ),
    col(
        "在建教学及辅助用房面积（平方米）",
        Kind::Amount,
        "特殊情形：在建项目（须在“特殊情形说明”中写明）",
    ),
    col(
        "在建体育运动场馆面积（平方米）",
        Kind::Amount,
        "特殊情形：在建项目",
    ),
    col(
        "租用体育运动场馆面积（平方米）",
        Kind::Amount,
        "特殊情形：长期租用的场馆",
    ),
    col(
        "起始年级学生数（人）",
        Kind::Count,
        "一年级（无小学的学校为七年级）",
    ),
    col("起始年级班级数（个）", Kind::Count, ""),
    col("规模经批复", Kind::YesNo, "指标2.4：超规模办学经批复"),
    col("公用经费预算总额（元）", Kind::Amount, "指标3.4"),
    col("教师培训经费（元）", Kind::Amount, "指标3.4"),
    col(
        "特殊情形说明",
        Kind::Long,
        "一校一案的说明文字；特殊情形认定须有此说明",
    ),
];

const CLASSES: &[Col] = &[
    req("学校名称", Kind::Text, "与“学校”工作表中的名称一致"),
    col("学段", Kind::List(STAGES), "可留空，按年级判断"),
    req("年级", Kind::List(GRADES), "一年级～九年级（或 1～9）"),
    col("班级", Kind::Text, "如“1班”"),
    req("学生数", Kind::Count, "该班学生人数"),
];

const ITEMS: &[Col] = &[
    req("项目", Kind::Text, "请勿修改项目名称"),
    req(
        "数值",
        Kind::Text,
        "是/否、人数、金额（元）或比例（如 95%）；不适用填“不涉及”",
    ),
    col("说明", Kind::Long, "佐证说明，将引用到自评报告中"),
];

const QUALITY: &[Col] = &[
    req("学科", Kind::Text, "国家义务教育质量监测学科，如 数学"),
    col("学业水平等级", Kind::List(LEVELS), "Ⅰ～Ⅳ级（也可填 1～4）"),
    col("校际差异率", Kind::Percent, "指标3.9：如 0.12 或 12%"),
];

const RECOGNITION: &[Col] = &[
    req(
        "调查对象",
        Kind::Text,
        "如 学生、家长、教师、校长、人大代表、政协委员、社会人士",
    ),
    req("有效问卷数", Kind::Count, ""),
    req("认可问卷数", Kind::Count, "不得大于有效问卷数"),
    col(
        "权重",
        Kind::Amount,
        "可留空：全部留空按问卷合计计算，全部填写按加权计算",
    ),
];

const DUTIES: &[Col] = &[
    req(
        "指标编号",
        Kind::Text,
        "1.1～4.2；未列出的指标使用内置默认分工",
    ),
    col("责任单位", Kind::Long, "多个单位用顿号分隔"),
    col("牵头单位", Kind::Text, "责任单位中的牵头单位"),
    col("责任领导", Kind::Text, ""),
    col("指标说明", Kind::Long, "详表样式使用"),
    col("评估重点", Kind::Long, "详表样式使用"),
];

const EVIDENCE: &[Col] = &[
    col(
        "指标编号",
        Kind::Text,
        "1.1～4.2；留空表示与上一行相同；未列出的指标使用内置清单",
    ),
    req(
        "材料名称",
        Kind::Text,
        "文件名中含此名称即视为该项材料；不需要材料的指标只留一行并填“无”",
    ),
    col(
        "责任单位",
        Kind::Long,
        "多个单位用顿号分隔；留空则用“责任分工”中该指标的单位",
    ),
    col("说明", Kind::Long, "材料应包含的内容"),
];

const LEADERS: &[Col] = &[
    req("职务", Kind::List(ROLES), "组长/副组长/成员/办公室主任等"),
    req("姓名", Kind::Text, ""),
    col("单位及职务", Kind::Text, "如“区人民政府副区长”"),
];

const PHASES: &[Col] = &[
    req("阶段", Kind::Text, "如“动员部署阶段”"),
    col("起止时间", Kind::Text, "如“2026年3月—4月”"),
    col("工作内容", Kind::Long, ""),
];

const TASKS: &[Col] = &[
    col("类别", Kind::Text, "如“优化资源配置”"),
    req("标题", Kind::Text, "任务标题"),
    col("内容", Kind::Long, ""),
    col("责任单位", Kind::Long, "多个单位用顿号分隔"),
    col("完成时限", Kind::Text, "如“2026年8月底前”"),
];

const TEXTS: &[Col] = &[
    req(
        "章节",
        Kind::Text,
        "请勿修改章节名称；一个章节可写多行，每行一段",
    ),
    col("内容", Kind::Long, "留空则使用内置的默认文字"),
];

const TEXT_SECTIONS: &[&str] = &[
    "指导思想",
    "工作目标",
    "保障措施",
    "主要做法与成效",
    "存在问题",
    "努力方向",
];

const TARGETS: &[Col] = &[
    req("指标", Kind::Text, "如“小学生均教学仪器设备值”"),
    col("单位", Kind::Text, ""),
    col("基期值", Kind::Text, ""),
    col("目标值", Kind::Text, ""),
    col("目标年份", Kind::Text, ""),
];

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

fn width(c: &Col) -> f64 {
    match c.kind {
        Kind::Long => 48.0,
        _ => (c.header.chars().count() as f64 * 1.6 + 2.0).clamp(9.0, 24.0),
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
fn table_sheet(ws: &mut Worksheet, f: &Formats, cols: &[Col]) -> Result<(), XlsxError> {
    for (i, c) in cols.iter().enumerate() {
        let ci = i as u16;
        let fmt = if c.required { &f.required } else { &f.header };
        ws.write_string_with_format(0, ci, c.header, fmt)?;
        ws.set_column_width(ci, width(c))?;
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
        if let Some(v) = with_hint(c.kind, c.header, c.hint)? {
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

    instructions(wb.add_worksheet().set_name("填表说明")?, &f)?;

    // 基本信息: 项目 | 内容, items pre-filled, defaults written.
    {
        let ws = wb.add_worksheet().set_name("基本信息")?;
        let cols = [
            req("项目", Kind::Text, "请勿修改项目名称"),
            req("内容", Kind::Text, ""),
        ];
        table_sheet(ws, &f, &cols)?;
        ws.set_column_width(0, 28)?;
        ws.set_column_width(1, 44)?;
        for (i, (item, kind, default, hint)) in BASIC.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string_with_format(row, 0, *item, &f.text)?;
            let value = match (*item, county) {
                ("县区名称", Some(c)) => c.trim(),
                _ => default,
            };
            if !value.is_empty() {
                ws.write_string_with_format(row, 1, value, &f.text)?;
            }
            if let Some(v) = with_hint(*kind, item, hint)? {
                ws.add_data_validation(row, 1, row, 1, &v)?;
            }
        }
    }

    table_sheet(wb.add_worksheet().set_name("学校")?, &f, SCHOOL)?;
    table_sheet(wb.add_worksheet().set_name("班级")?, &f, CLASSES)?;

    // 县级指标: every item pre-filled, a hint per item on its 数值 cell.
    {
        let ws = wb.add_worksheet().set_name("县级指标")?;
        table_sheet(ws, &f, ITEMS)?;
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

    table_sheet(wb.add_worksheet().set_name("质量监测")?, &f, QUALITY)?;
    table_sheet(wb.add_worksheet().set_name("社会认可度")?, &f, RECOGNITION)?;
    table_sheet(wb.add_worksheet().set_name("责任分工")?, &f, DUTIES)?;
    // 佐证材料: the built-in lists, to edit in place (rows deleted are items removed).
    {
        let ws = wb.add_worksheet().set_name("佐证材料")?;
        table_sheet(ws, &f, EVIDENCE)?;
        ws.set_column_width(1, 22)?;
        ws.set_column_width(3, 56)?;
        let mut row = 1u32;
        for ind in crate::evaluate::catalogue::INDICATORS {
            for item in ind.evidence() {
                ws.write_string_with_format(row, 0, ind.id.as_str(), &f.text)?;
                ws.write_string_with_format(row, 1, item.name, &f.text)?;
                ws.write_string_with_format(row, 3, item.note, &f.wrap)?;
                row += 1;
            }
        }
    }
    table_sheet(wb.add_worksheet().set_name("领导小组")?, &f, LEADERS)?;
    table_sheet(wb.add_worksheet().set_name("实施步骤")?, &f, PHASES)?;
    table_sheet(wb.add_worksheet().set_name("工作任务")?, &f, TASKS)?;
    {
        let ws = wb.add_worksheet().set_name("文字材料")?;
        table_sheet(ws, &f, TEXTS)?;
        ws.set_column_width(1, 90)?;
        for (i, s) in TEXT_SECTIONS.iter().enumerate() {
            ws.write_string_with_format(i as u32 + 1, 0, *s, &f.text)?;
        }
    }
    table_sheet(wb.add_worksheet().set_name("发展指标")?, &f, TARGETS)?;

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
    let sheets = [
        (
            "基本信息",
            "必填",
            "县区名称、成文日期、统计年度、基本均衡认定年份等文件要素；已写入的默认值可按需修改。",
        ),
        (
            "学校",
            "必填",
            "每所学校（独立校区）一行：类型、在校生、班级、教师、校舍场馆、仪器设备、专用教室等。",
        ),
        (
            "班级",
            "选填",
            "每个班一行；填写后以此计算班额（指标2.5），且须与“学校”表的班级数、在校生数一致。",
        ),
        (
            "县级指标",
            "必填",
            "政府保障程度、教育质量等县级项目，已列出全部项目；“数值”栏填写数据，“说明”栏填写佐证材料（引用到自评报告）。六项否决项填“是”表示存在该问题。",
        ),
        (
            "质量监测",
            "选填",
            "国家义务教育质量监测结果：各学科学业水平等级和校际差异率（指标3.9）。",
        ),
        (
            "社会认可度",
            "必填",
            "各类调查对象的有效问卷数和认可问卷数（指标4.1）。",
        ),
        (
            "责任分工",
            "选填",
            "按指标编号（1.1～4.2）填写责任单位、牵头单位、责任领导等；未列出的指标使用内置默认分工。",
        ),
        (
            "佐证材料",
            "选填",
            "各项指标应提供的佐证材料（已预填内置清单）：列出的指标以本表为准——增加材料就加一行，改名直接改“材料名称”，删除材料就删去该行；某项指标不需要材料时只留一行，材料名称填“无”。未列出的指标使用内置清单。供 junheng evidence init/check 使用。",
        ),
        ("领导小组", "选填", "实施方案“组织领导”部分的领导小组名单。"),
        ("实施步骤", "选填", "实施方案“实施步骤”部分的各阶段。"),
        (
            "工作任务",
            "选填",
            "实施方案“重点任务”部分；未达标学校的整改任务由程序自动生成。",
        ),
        (
            "文字材料",
            "选填",
            "指导思想、工作目标、保障措施、主要做法与成效、存在问题、努力方向等叙述文字；留空使用内置默认文字。",
        ),
        (
            "发展指标",
            "选填",
            "实施方案中的发展目标表（基期值、目标值）。",
        ),
    ];
    for (sheet, need, what) in sheets {
        ws.write_string_with_format(row, 0, sheet, &f.text)?;
        ws.write_string_with_format(row, 1, need, &f.text)?;
        ws.write_string_with_format(row, 2, what, &f.note)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Locality, SchoolKind};

    /// The drop-down lists are static tables; they must offer exactly what the reader
    /// accepts, so they are pinned to the model here.
    #[test]
    fn drop_down_lists_match_the_model() {
        let kinds: Vec<&str> = SchoolKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(SCHOOL_TYPES, kinds.as_slice());
        let localities: Vec<&str> = [Locality::Urban, Locality::Town, Locality::Rural]
            .iter()
            .map(|l| l.label())
            .collect();
        assert_eq!(LOCALITIES, localities.as_slice());
    }
}
