//! Read stage: a county workbook (.xlsx/.xls/.ods) → the typed `County` model.
//!
//! Every problem is collected (never only the first), located by sheet, row and column,
//! and the model is returned only when there is no error. Warnings travel with it.

pub mod cells;
pub mod limits;
mod ods;
pub mod open;
mod parts;
pub mod schema;
pub mod sheet;
pub mod table;
pub mod template;
mod xls;
mod xlsx;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use calamine::Data;

use crate::model::*;
use crate::problem::Problem;
use cells::normalize_text;
use schema::{
    Col, Lookup, SheetSchema, basic, class, cost, county, duty, evidence, leader, phase, quality,
    recognition, school, target, task, text,
};
pub use sheet::{Grid, Layout, Merge, Sheet};
use table::{Table, TableRow, normalize_header};

/// A successfully read workbook: the model and the warnings met on the way.
pub struct ReadOutcome {
    pub county: County,
    pub warnings: Vec<Problem>,
}

/// Read a workbook. Err holds every problem found (errors and warnings) when at least
/// one is an error.
pub fn read_county(path: &Path) -> Result<ReadOutcome, Vec<Problem>> {
    let file_label = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string());
    let (sheets, problems) = open::load(path, &file_label).map_err(|p| vec![p])?;
    read_sheets(sheets, problems)
}

/// Read the model from sheets already loaded (from a file, or built in memory by tests
/// and fuzzers). `problems` are those met while loading; the same contract as
/// [`read_county`].
pub fn read_sheets(
    loaded: Vec<Sheet>,
    mut problems: Vec<Problem>,
) -> Result<ReadOutcome, Vec<Problem>> {
    let mut sheets: Sheets = BTreeMap::new();
    let mut positions: BTreeMap<String, usize> = BTreeMap::new();
    for (i, mut sheet) in loaded.into_iter().enumerate() {
        clean_sheet(&mut sheet, i, &mut problems);
        let key = normalize_sheet_name(&sheet.name);
        if let Some(first) = sheets.get(&key) {
            let first_at = positions.get(&key).copied().unwrap_or(0);
            problems.push(Problem::error(
                sheet_label(&sheet.name, i),
                format!(
                    "工作表名称「{}」与「{}」相同（忽略空格后）：程序无法判断该读哪一个，请删除或改名其中一个",
                    sheet_label(&sheet.name, i),
                    sheet_label(&first.name, first_at)
                ),
            ));
            continue;
        }
        positions.insert(key.clone(), i);
        sheets.insert(key, sheet);
    }
    let county = read_model(&sheets, &mut problems);
    if problems.iter().any(Problem::is_error) {
        return Err(problems);
    }
    match county {
        Some(county) => Ok(ReadOutcome {
            county,
            warnings: problems,
        }),
        None => Err(problems),
    }
}

/// Remove invisible characters from the sheet's name and text cells (and bring them to
/// NFC), each kind reported once per sheet with its first cell: nothing is dropped
/// without a word, and names are compared after this.
fn clean_sheet(sheet: &mut Sheet, index: usize, problems: &mut Vec<Problem>) {
    let mut name = sheet.name.clone();
    if let Some(c) = cells::clean_text(&mut name) {
        problems.push(Problem::warning(
            sheet_label(&name, index),
            format!(
                "工作表名称中有看不见的字符 {}，已删除后再识别工作表",
                cells::invisible_name(c)
            ),
        ));
        sheet.name = name;
    }
    let mut first: Option<(u32, u32, char)> = None;
    let mut count = 0usize;
    sheet.grid.rewrite_text(|r, c, text| {
        if let Some(found) = cells::clean_text(text) {
            count += 1;
            first.get_or_insert((r, c, found));
        }
    });
    if let Some((r, c, found)) = first {
        let more = if count > 1 {
            format!("（本表共 {count} 个单元格有这种情况，此处为第一个）")
        } else {
            String::new()
        };
        problems.push(
            Problem::warning(
                sheet_label(&sheet.name, index),
                format!(
                    "单元格中有看不见的字符 {}，已删除{more}：这类字符会让两个看起来相同的名称被当作不同的名称。请在原文件中删除后核对",
                    cells::invisible_name(found)
                ),
            )
            .at_row(r.saturating_add(1))
            .at_column(crate::problem::column_letter(c)),
        );
    }
}

/// A sheet's name for messages: as written, or its position when the name is blank
/// (or only spaces and line breaks, which some exporters produce).
fn sheet_label(name: &str, index: usize) -> String {
    let shown: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if shown.trim().is_empty() {
        format!("第{}个工作表（名称为空白）", index + 1)
    } else {
        shown
    }
}

/// Sheet names are matched after dropping all spaces (ASCII and full-width).
fn normalize_sheet_name(name: &str) -> String {
    normalize_text(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

type Sheets = BTreeMap<String, Sheet>;

fn sheet_table(
    sheets: &Sheets,
    schema: &SheetSchema,
    problems: &mut Vec<Problem>,
) -> Option<Table> {
    let (name, key) = (schema.name, schema.key);
    match sheets.get(name) {
        Some(sheet) => {
            if sheet.hidden {
                problems.push(Problem::warning(
                    sheet.name.clone(),
                    "这是隐藏的工作表，其中的数据仍会读取，请取消隐藏后核对",
                ));
            }
            Table::from_schema(sheet, schema, problems)
        }
        None => {
            if schema.required {
                let mut message = format!("缺少工作表「{name}」（应有列「{key}」）");
                let present: Vec<&str> = sheets.values().map(|s| s.name.as_str()).collect();
                if let Some(similar) = present.iter().find(|n| n.contains(name)) {
                    message.push_str(&format!(
                        "；工作簿中有「{similar}」，如果就是它，请改名为「{name}」"
                    ));
                } else if !present.is_empty() {
                    message.push_str(&format!("；工作簿中的工作表有：{}", present.join("、")));
                }
                problems.push(Problem::error(name, message));
            }
            None
        }
    }
}

fn read_model(sheets: &Sheets, problems: &mut Vec<Problem>) -> Option<County> {
    if sheets.is_empty() {
        problems.push(Problem::workbook_error("工作簿中没有任何工作表"));
        return None;
    }
    if sheets.values().all(|s| s.grid.is_empty()) {
        problems.push(Problem::workbook_error(
            "工作簿是空的：所有工作表都没有数据。请使用 junheng init 生成的模板填写",
        ));
        return None;
    }
    let info = read_basic_info(sheets, problems);
    let schools = read_schools(sheets, &info, problems);
    let classes = read_classes(sheets, &schools, problems);
    let county_items = read_county_items(sheets, problems);
    let quality = read_quality(sheets, problems);
    let recognition = read_recognition(sheets, problems);
    let duties = read_duties(sheets, problems);
    let leaders = read_leaders(sheets, problems);
    let phases = read_phases(sheets, problems);
    let tasks = read_tasks(sheets, problems);
    let (texts, section_order, text_rows, text_line_rows) = read_texts(sheets, problems);
    let targets = read_targets(sheets, problems);
    let evidence = read_evidence(sheets, problems);
    let cost_params = read_costs(sheets, problems);
    Some(County {
        info: info?,
        schools,
        classes,
        county_items,
        quality,
        recognition,
        duties,
        leaders,
        phases,
        tasks,
        texts,
        section_order,
        text_rows,
        text_line_rows,
        targets,
        evidence,
        cost_params,
        narrative: Default::default(),
    })
}

// ---------------------------------------------------------------- 测算参数

/// 测算参数: 项目 | 单价 | 单位 | 说明, the unit costs of 整改测算. 单价 is a number in
/// 元 (a 单位 or header in 万元 multiplies it by 10,000), or 禁止/不可 for a kind of
/// action the county rules out; 测算截止年份 is a year.
fn read_costs(sheets: &Sheets, problems: &mut Vec<Problem>) -> Vec<CostParam> {
    let Some(table) = sheet_table(sheets, &schema::COSTS, problems) else {
        return Vec::new();
    };
    let accepted = crate::rectify::costs::accepted_items();
    let mut out: Vec<CostParam> = Vec::new();
    for row in &table.rows {
        let Some(item) = table.get(row, cost::ITEM, cells::text, problems) else {
            continue;
        };
        let located = |message: String, key: Col| {
            Problem::error(&table.sheet, message)
                .at_row(row.row)
                .at_column(table.column_label(key))
        };
        if !accepted.contains(&item.as_str()) {
            problems.push(located(
                format!(
                    "项目「{item}」不是测算参数：应为{}之一",
                    accepted.join("、")
                ),
                cost::ITEM,
            ));
            continue;
        }
        if out.iter().any(|p| p.item == item) {
            problems.push(located(format!("项目「{item}」重复"), cost::ITEM));
            continue;
        }
        let unit = table.get(row, cost::UNIT, cells::text, problems);
        let raw = table.raw(row, cost::PRICE);
        let text = cells::cell_text(raw).unwrap_or_default();
        let forbidden = ["禁止", "不可", "不采用"].iter().any(|w| text.contains(w));
        let price = if forbidden || text.is_empty() {
            None
        } else {
            match cells::non_negative(raw) {
                Ok(v) => {
                    let wan = unit.as_deref().is_some_and(|u| u.starts_with("万元"));
                    let scale = if wan {
                        10_000.0
                    } else {
                        table.scale(cost::PRICE)
                    };
                    v.map(|v| v * scale)
                }
                Err(e) => {
                    problems.push(located(e.0, cost::PRICE));
                    None
                }
            }
        };
        if forbidden
            && (item == crate::rectify::costs::BUDGET_ITEM
                || item == crate::rectify::costs::HORIZON_ITEM)
        {
            problems.push(located(
                format!("「{item}」应填数字，不能填“{text}”"),
                cost::PRICE,
            ));
            continue;
        }
        out.push(CostParam {
            row: row.row,
            item,
            price,
            forbidden,
            unit,
            note: table.get(row, cost::NOTE, cells::text, problems),
        });
    }
    out
}

// ---------------------------------------------------------------- 基本信息

fn read_basic_info(sheets: &Sheets, problems: &mut Vec<Problem>) -> Option<BasicInfo> {
    let table = sheet_table(sheets, &schema::BASIC_INFO, problems)?;
    let sheet = table.sheet.clone();
    if !table.has(basic::CONTENT) {
        problems.push(Problem::error(&sheet, "缺少列「内容」"));
        return None;
    }
    // item → (row, cell)
    let mut items: BTreeMap<String, (&TableRow, &Data)> = BTreeMap::new();
    for row in &table.rows {
        let Some(name) = cells::cell_text(table.raw(row, basic::ITEM)) else {
            continue;
        };
        let name = normalize_header(&name).0;
        if schema::basic_item(&name).is_none() {
            problems.push(
                Problem::warning(&sheet, format!("未知项目「{name}」，已忽略"))
                    .at_row(row.row)
                    .at_column(table.column_label(basic::ITEM)),
            );
            continue;
        }
        if items.contains_key(&name) {
            problems.push(
                Problem::error(&sheet, format!("项目「{name}」重复填写"))
                    .at_row(row.row)
                    .at_column(table.column_label(basic::ITEM)),
            );
            continue;
        }
        items.insert(name, (row, table.raw(row, basic::CONTENT)));
    }
    let column = table.column_label(basic::CONTENT);
    let mut get = |name: &str, parse: fn(&Data) -> cells::CellResult<_>| -> Option<String> {
        let (row, cell) = items.get(name)?;
        match parse(cell) {
            Ok(v) => v,
            Err(e) => {
                problems.push(
                    Problem::error(&sheet, format!("「{name}」{}", e.0))
                        .at_row(row.row)
                        .at_column(column.clone()),
                );
                None
            }
        }
    };
    let text_of = |items: &BTreeMap<String, (&TableRow, &Data)>, name: &str| {
        items.get(name).and_then(|(_, c)| cells::cell_text(c))
    };
    let county_name = get("县区名称", cells::text);
    let mut info = BasicInfo {
        county_name: county_name.clone().unwrap_or_default(),
        include_private_schools: true,
        item_rows: items
            .iter()
            .map(|(name, (row, _))| (name.clone(), row.row))
            .collect(),
        ..BasicInfo::default()
    };
    info.parent_region = get("上级行政区", cells::text);
    info.issuing_authority = get("发文机关", cells::text);
    info.report_authority = get("自评报告发文机关", cells::text);
    info.document_number = get("发文字号", cells::text);
    info.contact_person = get("联系人", cells::text);
    info.contact_phone = get("联系电话", cells::text);
    info.contact_email = get("电子邮箱", cells::text);
    info.feedback_deadline = get("意见反馈截止日期", cells::text);
    info.motto = get("报告主题", cells::text);

    let locate = |name: &str| items.get(name).map(|(r, _)| r.row);
    let mut located_error = |name: &str, message: String| {
        let mut p =
            Problem::error(&sheet, format!("「{name}」{message}")).at_column(column.clone());
        if let Some(r) = locate(name) {
            p = p.at_row(r);
        }
        problems.push(p);
    };
    if county_name.is_none() {
        located_error("县区名称", "必须填写（如“清禾区”）".to_string());
    }
    macro_rules! parse_item {
        ($name:expr, $parser:expr) => {
            match items.get($name).map(|(_, c)| $parser(c)) {
                Some(Ok(v)) => v,
                Some(Err(e)) => {
                    located_error($name, e.0);
                    None
                }
                None => None,
            }
        };
    }
    info.date = parse_item!("成文日期", cells::date);
    info.statistics_year = parse_item!("统计年度", cells::year);
    info.basic_balance_year = parse_item!("基本均衡认定年份", cells::year);
    info.application_year = parse_item!("申报年份", cells::year);
    info.monitoring_kept = parse_item!("基本均衡年度监测持续巩固", cells::yes_no);
    info.teaching_point_min = parse_item!("教学点参评人数下限", cells::count);
    info.resident_population = parse_item!("常住人口", cells::count).map(u64::from);
    info.teaching_points_in_rooms = parse_item!("教学点参加专用教室评估", cells::yes_no);
    info.provincial_assessment_year = parse_item!("省级评估年份", cells::year);
    info.national_recognition_year = parse_item!("国家认定年份", cells::year);
    info.red_header = parse_item!("红头", cells::yes_no).unwrap_or(false);
    info.duty_status_column = parse_item!("责任清单现状栏", cells::yes_no).unwrap_or(true);
    info.include_private_schools =
        parse_item!("民办学校纳入资源配置评估", cells::yes_no).unwrap_or(true);
    if let Some(level) = text_of(&items, "行政级别") {
        info.admin_level = match normalize_text(&level).as_str() {
            "区" => AdminLevel::District,
            "县" => AdminLevel::County,
            "县级市" | "市" => AdminLevel::CountyCity,
            other => {
                located_error(
                    "行政级别",
                    format!("应为 {}，实际为“{other}”", schema::ADMIN_LEVELS.join("/")),
                );
                AdminLevel::District
            }
        };
    }
    if let Some(status) = text_of(&items, "文稿状态") {
        info.status = match normalize_text(&status).as_str() {
            "征求意见稿" => DraftStatus::Consultation,
            "送审稿" => DraftStatus::ForReview,
            "正式稿" => DraftStatus::Final,
            other => {
                located_error(
                    "文稿状态",
                    format!("应为 {}，实际为“{other}”", schema::DRAFT_STATUSES.join("/")),
                );
                DraftStatus::Final
            }
        };
    }
    if let Some(style) = text_of(&items, "责任清单样式") {
        info.duty_style = match normalize_text(&style).as_str() {
            "简表" => DutyStyle::Brief,
            "详表" => DutyStyle::Detailed,
            "分级" => DutyStyle::Graded,
            other => {
                located_error(
                    "责任清单样式",
                    format!("应为 {}，实际为“{other}”", schema::DUTY_STYLES.join("/")),
                );
                DutyStyle::Brief
            }
        };
    }
    if let Some(weights) = text_of(&items, "一贯制拆分权重") {
        match parse_weights(&weights) {
            Some(w) => info.split_weights = w,
            None => located_error(
                "一贯制拆分权重",
                format!("应为 小学:初中:高中 三个正数（如 1:1.1:1.32），实际为“{weights}”"),
            ),
        }
    }
    Some(info)
}

fn parse_weights(text: &str) -> Option<SplitWeights> {
    let t = normalize_text(text).replace('：', ":");
    let parts: Vec<f64> = t
        .split(':')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    match parts.as_slice() {
        [p, j, s] if [p, j, s].iter().all(|v| v.is_finite() && **v > 0.0) => Some(SplitWeights {
            primary: *p,
            junior: *j,
            senior: *s,
        }),
        _ => None,
    }
}

// ---------------------------------------------------------------- 学校

fn read_schools(
    sheets: &Sheets,
    info: &Option<BasicInfo>,
    problems: &mut Vec<Problem>,
) -> Vec<School> {
    let Some(table) = sheet_table(sheets, &schema::SCHOOLS, problems) else {
        return Vec::new();
    };
    if !table.has(school::KIND) {
        problems.push(Problem::error(&table.sheet, "缺少必填列「学校类型」"));
        return Vec::new();
    }
    let county_name = info.as_ref().map(|i| name_key(&i.county_name));
    let mut schools: Vec<School> = Vec::new();
    // name_key → sheet row of the school first read under that name.
    let mut first_rows: HashMap<String, u32> = HashMap::new();
    for row in &table.rows {
        // A row named after the county itself is its totals row.
        let row_name = cells::cell_text(table.raw(row, school::NAME)).map(|n| name_key(&n));
        if let (Some(county), Some(name)) = (&county_name, &row_name)
            && !county.is_empty()
            && name == county
        {
            problems.push(
                Problem::warning(
                    &table.sheet,
                    format!("「{name}」是县区名称，像是全县区合计行，未作为学校读取"),
                )
                .at_row(row.row)
                .at_column(table.column_label(school::NAME)),
            );
            continue;
        }
        if let Some(school) = read_school_row(&table, row, problems) {
            if let Some(first_row) = first_rows.get(&name_key(&school.name)) {
                problems.push(
                    Problem::error(
                        &table.sheet,
                        format!(
                            "学校名称「{}」重复：与第{}行相同，每所学校只能填一行",
                            school.name, first_row
                        ),
                    )
                    .at_row(row.row)
                    .at_column(table.column_label(school::NAME)),
                );
                continue;
            }
            first_rows.insert(name_key(&school.name), school.row);
            schools.push(school);
        }
    }
    if schools.is_empty()
        && !problems
            .iter()
            .any(|p| p.is_error() && p.sheet == table.sheet)
    {
        problems.push(Problem::error(&table.sheet, "没有任何学校数据行"));
    }
    schools
}

/// A name for comparisons: normalised, without any spaces.
fn name_key(name: &str) -> String {
    normalize_text(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Per-student money far outside any real school's range means the column's unit
/// (元 or 万元) does not match its values. Returns the message, if any.
fn unit_mismatch(
    what: &str,
    value: f64,
    students: u32,
    low: f64,
    high: f64,
    header_says_wan: bool,
) -> Option<String> {
    if students == 0 || value <= 0.0 {
        return None;
    }
    let per_student = value / f64::from(students);
    let shown = documents_free_number(value);
    if per_student < low && !header_says_wan {
        Some(format!(
            "{what}为 {shown} 元，折合生均仅 {} 元，疑似单位错误（万元/元）：数值像是按万元填写的。请在表头注明「{what}（万元）」，或改按元填写",
            documents_free_number(per_student)
        ))
    } else if per_student > high {
        let unit = if header_says_wan {
            "表头注明了万元，数值却像是按元填写的。请把表头改为「（元）」，或改按万元填写"
        } else {
            "请核实数值和单位"
        };
        Some(format!(
            "{what}折合生均 {} 元，疑似单位错误（万元/元）：{unit}",
            documents_free_number(per_student)
        ))
    } else {
        None
    }
}

/// A number for a message: whole numbers plainly, others with up to two decimals.
fn documents_free_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn read_school_row(table: &Table, row: &TableRow, problems: &mut Vec<Problem>) -> Option<School> {
    let name = table.get(row, school::NAME, cells::text, problems)?;
    let kind_text = table.get(row, school::KIND, cells::text, problems);
    let kind = match kind_text.as_deref().map(normalize_text) {
        None => {
            table.require(row, school::KIND, &schema::SCHOOL_TYPES.join("/"), problems);
            return None;
        }
        Some(t) => match SchoolKind::from_label(&t) {
            Some(k) => k,
            None => {
                problems.push(
                    Problem::error(
                        &table.sheet,
                        format!(
                            "学校类型应为 {}，实际为“{t}”",
                            schema::SCHOOL_TYPES.join("/")
                        ),
                    )
                    .at_row(row.row)
                    .at_column(table.column_label(school::KIND)),
                );
                return None;
            }
        },
    };
    let locality = match table
        .get(row, school::LOCALITY, cells::text, problems)
        .map(|t| normalize_text(&t))
    {
        None => Locality::Urban,
        Some(t) => match t.as_str() {
            "城区" => Locality::Urban,
            "镇区" => Locality::Town,
            "乡村" => Locality::Rural,
            _ => {
                problems.push(
                    Problem::error(
                        &table.sheet,
                        format!("城乡类型应为 {}，实际为“{t}”", schema::LOCALITIES.join("/")),
                    )
                    .at_row(row.row)
                    .at_column(table.column_label(school::LOCALITY)),
                );
                Locality::Urban
            }
        },
    };
    let private = match table
        .get(row, school::OWNERSHIP, cells::text, problems)
        .map(|t| normalize_text(&t))
    {
        None => false,
        Some(t) => match t.as_str() {
            "公办" => false,
            "民办" => true,
            _ => {
                problems.push(
                    Problem::error(
                        &table.sheet,
                        format!("办学性质应为 {}，实际为“{t}”", schema::OWNERSHIP.join("/")),
                    )
                    .at_row(row.row)
                    .at_column(table.column_label(school::OWNERSHIP)),
                );
                false
            }
        },
    };

    // Stage figures: the prefixed header, or the plain one for a single-stage school.
    let single_stage = match kind {
        SchoolKind::Primary | SchoolKind::TeachingPoint => Some("小学"),
        SchoolKind::Junior => Some("初中"),
        _ => None,
    };
    let staged = |base: Col, problems: &mut Vec<Problem>| -> PerStage<u32> {
        let mut out = PerStage::default();
        for (stage, slot) in [
            ("小学", &mut out.primary),
            ("初中", &mut out.junior),
            ("高中", &mut out.senior),
        ] {
            let mut value = table.get(row, base.stage(stage), cells::count, problems);
            if value.is_none() && single_stage == Some(stage) {
                value = table.get(row, base, cells::count, problems);
            }
            *slot = value;
        }
        out
    };
    let students = staged(school::STUDENTS, problems);
    let classes = staged(school::CLASSES, problems);
    let full_time_teachers = staged(school::FULL_TIME_TEACHERS, problems);
    let teachers_above_degree = staged(school::TEACHERS_ABOVE_DEGREE, problems);
    let backbone_teachers = staged(school::BACKBONE_TEACHERS, problems);
    let pe_art_teachers = staged(school::PE_ART_TEACHERS, problems);
    let max_class_size = staged(school::MAX_CLASS_SIZE, problems);

    // Figures for a stage the school type does not have are a data error.
    for (stage, present, stage_name) in [
        (students.primary, kind.has_primary(), "小学"),
        (students.junior, kind.has_junior(), "初中"),
        (students.senior, kind.has_senior(), "高中"),
    ] {
        let label = school::STUDENTS.stage(stage_name);
        if matches!(stage, Some(n) if n > 0) && !present && kind != SchoolKind::SpecialEducation {
            problems.push(
                Problem::error(
                    &table.sheet,
                    format!("学校类型为“{}”，不应填写{}", kind.label(), label.header()),
                )
                .at_row(row.row)
                .at_column(table.column_label(label)),
            );
        }
    }

    let area = |name: Col, problems: &mut Vec<Problem>| {
        table.get_scaled(row, name, cells::non_negative, problems)
    };
    let equipment_value = area(school::EQUIPMENT_VALUE, problems);
    let public_funds_budget = area(school::PUBLIC_FUNDS_BUDGET, problems);
    let all_students = [students.primary, students.junior, students.senior]
        .iter()
        .map(|n| n.unwrap_or(0))
        .fold(0u32, u32::saturating_add);
    // Standards are 2,000–2,500 元 of equipment and 650–850 元 of public funds per student.
    for (field, value, low, high) in [
        (school::EQUIPMENT_VALUE, equipment_value, 50.0, 1_000_000.0),
        (
            school::PUBLIC_FUNDS_BUDGET,
            public_funds_budget,
            20.0,
            200_000.0,
        ),
    ] {
        let wan = table.scale(field) > 1.0;
        if let Some(v) = value
            && let Some(message) = unit_mismatch(field.name(), v, all_students, low, high, wan)
        {
            problems.push(
                Problem::error(&table.sheet, message)
                    .at_row(row.row)
                    .at_column(table.column_label(field)),
            );
        }
    }
    Some(School {
        name: normalize_text(&name),
        row: row.row,
        kind,
        locality,
        private,
        boarding: table
            .get(row, school::BOARDING, cells::yes_no, problems)
            .unwrap_or(false),
        central_city: table
            .get(row, school::CENTRAL_CITY, cells::yes_no, problems)
            .unwrap_or(false),
        built_year: table.get(row, school::BUILT_YEAR, cells::year, problems),
        students,
        classes,
        full_time_teachers,
        teachers_above_degree,
        backbone_teachers,
        pe_art_teachers,
        teaching_area: area(school::TEACHING_AREA, problems),
        sports_area: area(school::SPORTS_AREA, problems),
        equipment_value,
        multimedia_rooms: table.get(row, school::MULTIMEDIA_ROOMS, cells::count, problems),
        music_rooms: table.get(row, school::MUSIC_ROOMS, cells::count, problems),
        art_rooms: table.get(row, school::ART_ROOMS, cells::count, problems),
        music_room_min_area: area(school::MUSIC_ROOM_MIN_AREA, problems),
        art_room_min_area: area(school::ART_ROOM_MIN_AREA, problems),
        max_class_size,
        teaching_area_under_construction: area(school::TEACHING_AREA_UNDER_CONSTRUCTION, problems),
        sports_area_under_construction: area(school::SPORTS_AREA_UNDER_CONSTRUCTION, problems),
        sports_area_rented: area(school::SPORTS_AREA_RENTED, problems),
        starting_grade_students: table.get(
            row,
            school::STARTING_GRADE_STUDENTS,
            cells::count,
            problems,
        ),
        starting_grade_classes: table.get(
            row,
            school::STARTING_GRADE_CLASSES,
            cells::count,
            problems,
        ),
        size_approved: table.get(row, school::SIZE_APPROVED, cells::yes_no, problems),
        largest_campus_students: table.get(
            row,
            school::LARGEST_CAMPUS_STUDENTS,
            cells::count,
            problems,
        ),
        size_plan: table.get(row, school::SIZE_PLAN, cells::yes_no, problems),
        area_plan: table.get(row, school::AREA_PLAN, cells::yes_no, problems),
        music_art_taught: table.get(row, school::MUSIC_ART_TAUGHT, cells::yes_no, problems),
        capacity_expansion: table.get(row, school::CAPACITY_EXPANSION, cells::yes_no, problems),
        nearby_ratio: table.get(row, school::NEARBY_RATIO, cells::ratio, problems),
        public_funds_budget,
        training_budget: area(school::TRAINING_BUDGET, problems),
        special_note: table.get(row, school::SPECIAL_NOTE, cells::text, problems),
    })
}

// ---------------------------------------------------------------- 班级

fn read_classes(
    sheets: &Sheets,
    schools: &[School],
    problems: &mut Vec<Problem>,
) -> Option<Vec<ClassRow>> {
    let table = sheet_table(sheets, &schema::CLASSES, problems)?;
    let known: HashSet<&str> = schools.iter().map(|s| s.name.as_str()).collect();
    let mut rows = Vec::new();
    for row in &table.rows {
        let Some(school) = table
            .get(row, class::SCHOOL, cells::text, problems)
            .map(|s| normalize_text(&s))
        else {
            continue;
        };
        if !schools.is_empty() && !known.contains(school.as_str()) {
            problems.push(
                Problem::error(
                    &table.sheet,
                    format!("学校「{school}」不在「学校」工作表中"),
                )
                .at_row(row.row)
                .at_column(table.column_label(class::SCHOOL)),
            );
            continue;
        }
        let grade_text = table.get(row, class::GRADE, cells::text, problems);
        let grade = grade_text.as_deref().and_then(parse_grade);
        let stage_text = table
            .get(row, class::STAGE, cells::text, problems)
            .map(|t| normalize_text(&t));
        let stage = match stage_text.as_deref() {
            Some("小学") => Some(Stage::Primary),
            Some("初中") => Some(Stage::Junior),
            None => grade.map(|g| {
                if g <= 6 {
                    Stage::Primary
                } else {
                    Stage::Junior
                }
            }),
            Some(other) => {
                problems.push(
                    Problem::error(&table.sheet, format!("学段应为 小学/初中，实际为“{other}”"))
                        .at_row(row.row)
                        .at_column(table.column_label(class::STAGE)),
                );
                continue;
            }
        };
        let Some(grade) = grade else {
            problems.push(
                Problem::error(
                    &table.sheet,
                    format!(
                        "年级应为 一年级～九年级（或 1～9），实际为“{}”",
                        grade_text.unwrap_or_default()
                    ),
                )
                .at_row(row.row)
                .at_column(table.column_label(class::GRADE)),
            );
            continue;
        };
        let Some(stage) = stage else { continue };
        let Some(students) = table.get(row, class::STUDENTS, cells::count, problems) else {
            table.require(row, class::STUDENTS, "该班学生人数", problems);
            continue;
        };
        rows.push(ClassRow {
            row: row.row,
            school,
            stage,
            grade,
            class_name: table
                .get(row, class::CLASS, cells::text, problems)
                .unwrap_or_default(),
            students,
        });
    }
    // The class sheet must agree with the school sheet. One pass groups the classes by
    // (school, stage), so a 1,000-school county does not rescan 20,000 rows per school.
    let mut groups: BTreeMap<(&str, Stage), (u32, u64, u64)> = BTreeMap::new();
    for c in &rows {
        let entry = groups
            .entry((c.school.as_str(), c.stage))
            .or_insert((c.row, 0, 0));
        entry.1 += 1;
        entry.2 += u64::from(c.students);
    }
    for school in schools {
        for stage in Stage::BOTH {
            let Some(&(first_row, count, total)) = groups.get(&(school.name.as_str(), stage))
            else {
                continue;
            };
            if let Some(declared) = school.classes.get(stage)
                && u64::from(declared) != count
            {
                problems.push(
                    Problem::error(
                        &table.sheet,
                        format!(
                            "「{}」{}班级数不一致：「学校」表第{}行填 {declared} 个班，「班级」表列出 {count} 个班",
                            school.name,
                            stage.label(),
                            school.row
                        ),
                    )
                    .at_row(first_row)
                    .at_column(table.column_label(class::CLASS)),
                );
            }
            if let Some(declared) = school.students.get(stage)
                && u64::from(declared) != total
            {
                problems.push(
                    Problem::error(
                        &table.sheet,
                        format!(
                            "「{}」{}学生数不一致：「学校」表第{}行填 {declared} 人，「班级」表合计 {total} 人",
                            school.name,
                            stage.label(),
                            school.row
                        ),
                    )
                    .at_row(first_row)
                    .at_column(table.column_label(class::STUDENTS)),
                );
            }
        }
    }
    Some(rows)
}

fn parse_grade(text: &str) -> Option<u32> {
    let t = normalize_text(text);
    let t = t.trim_end_matches("年级").trim();
    if let Ok(n) = t.parse::<u32>() {
        return (1..=9).contains(&n).then_some(n);
    }
    let names = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];
    names.iter().position(|n| *n == t).map(|i| i as u32 + 1)
}

// ---------------------------------------------------------------- 县级指标

fn read_county_items(sheets: &Sheets, problems: &mut Vec<Problem>) -> CountyItems {
    let mut items = CountyItems::new();
    let Some(table) = sheet_table(sheets, &schema::COUNTY_INDICATORS, problems) else {
        let name = schema::COUNTY_INDICATORS.name;
        problems.push(Problem::warning(
            name,
            format!("缺少工作表「{name}」：政府保障程度、教育质量等县级指标将无法评估"),
        ));
        return items;
    };
    for row in &table.rows {
        let Some(name) = cells::cell_text(table.raw(row, county::ITEM)) else {
            continue;
        };
        let (name, item_unit) = normalize_header(&name);
        // 万元 may be written after the item (`教师平均工资收入（万元）`) or on the column.
        let money_scale = if item_unit.as_deref().is_some_and(|u| u.contains("万元")) {
            10_000.0
        } else {
            money_scale(&table)
        };
        let Some((_, kind)) = COUNTY_ITEMS.iter().find(|(n, _)| *n == name) else {
            problems.push(
                Problem::warning(&table.sheet, format!("未知项目「{name}」，已忽略"))
                    .at_row(row.row)
                    .at_column(table.column_label(county::ITEM)),
            );
            continue;
        };
        if items.contains_key(&name) {
            problems.push(
                Problem::error(&table.sheet, format!("项目「{name}」重复填写"))
                    .at_row(row.row)
                    .at_column(table.column_label(county::ITEM)),
            );
            continue;
        }
        let cell = table.raw(row, county::VALUE);
        let not_applicable = matches!(cell, Data::String(s) if normalize_text(s) == "不涉及");
        let parsed: Result<Option<ItemValue>, cells::CellError> = if not_applicable {
            Ok(Some(ItemValue::NotApplicable))
        } else {
            match kind {
                ItemKind::YesNo => cells::yes_no(cell)
                    .map(|v| v.map(|b| if b { ItemValue::Yes } else { ItemValue::No })),
                ItemKind::Count => {
                    cells::count(cell).map(|v| v.map(|n| ItemValue::Number(f64::from(n))))
                }
                ItemKind::Money => cells::non_negative(cell)
                    .map(|v| v.map(|n| n * money_scale))
                    .and_then(|v| match v {
                        Some(n) => money_plausible(&name, n, money_scale > 1.0).map(|_| v),
                        None => Ok(None),
                    })
                    .map(|v| v.map(ItemValue::Number)),
                ItemKind::Ratio => cells::ratio(cell).map(|v| v.map(ItemValue::Number)),
            }
        };
        match parsed {
            Ok(Some(value)) => {
                items.insert(
                    name,
                    CountyItem {
                        value,
                        note: table.get(row, county::NOTE, cells::text, problems),
                        row: row.row,
                    },
                );
            }
            Ok(None) => problems.push(
                Problem::warning(
                    &table.sheet,
                    format!("项目「{name}」未填写数值，相关指标将无法评估"),
                )
                .at_row(row.row)
                .at_column(table.column_label(county::VALUE)),
            ),
            Err(e) => problems.push(
                Problem::error(&table.sheet, format!("「{name}」{}", e.0))
                    .at_row(row.row)
                    .at_column(table.column_label(county::VALUE)),
            ),
        }
    }
    items
}

/// Money items of 县级指标 far outside any real value: the unit (元/万元) is wrong.
fn money_plausible(name: &str, value: f64, wan: bool) -> Result<(), cells::CellError> {
    let (low, high) = match name {
        // Yearly pay per person.
        "教师平均工资收入" | "公务员平均工资收入" => (5_000.0, 2_000_000.0),
        // Per student per year; the national floor is 6,000 元.
        "特殊教育学校生均公用经费" => (200.0, 1_000_000.0),
        _ => return Ok(()),
    };
    let shown = documents_free_number(value);
    if value > 0.0 && value < low && !wan {
        Err(cells::CellError(format!(
            "为 {shown} 元，疑似单位错误（万元/元）：数值像是按万元填写的。请写成「{name}（万元）」，或改按元填写"
        )))
    } else if value > high {
        Err(cells::CellError(format!(
            "折合 {shown} 元，疑似单位错误（万元/元）：{}",
            if wan {
                "注明了万元，数值却像是按元填写的"
            } else {
                "请核实数值和单位"
            }
        )))
    } else {
        Ok(())
    }
}

/// The 数值 column of 县级指标 may carry a 万元 unit for money items.
fn money_scale(table: &Table) -> f64 {
    table.scale(county::VALUE)
}

// ---------------------------------------------------------------- 质量监测, 社会认可度

fn read_quality(sheets: &Sheets, problems: &mut Vec<Problem>) -> Vec<QualitySubject> {
    let Some(table) = sheet_table(sheets, &schema::QUALITY, problems) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(subject) = table.get(row, quality::SUBJECT, cells::text, problems) else {
            continue;
        };
        let level = match table.get(row, quality::LEVEL, cells::text, problems) {
            None => None,
            Some(t) => match parse_level(&t) {
                Some(l) => Some(l),
                None => {
                    problems.push(
                        Problem::error(
                            &table.sheet,
                            format!("学业水平等级应为 Ⅰ～Ⅳ（或 1～4），实际为“{t}”"),
                        )
                        .at_row(row.row)
                        .at_column(table.column_label(quality::LEVEL)),
                    );
                    None
                }
            },
        };
        out.push(QualitySubject {
            row: row.row,
            subject,
            level,
            difference_rate: table.get(row, quality::DIFFERENCE_RATE, cells::ratio, problems),
        });
    }
    out
}

fn parse_level(text: &str) -> Option<u8> {
    let t = normalize_text(text);
    let t = t.trim_start_matches("水平").trim_end_matches('级').trim();
    match t {
        "Ⅰ" | "I" | "1" | "一" => Some(1),
        "Ⅱ" | "II" | "2" | "二" => Some(2),
        "Ⅲ" | "III" | "3" | "三" => Some(3),
        "Ⅳ" | "IV" | "4" | "四" => Some(4),
        _ => None,
    }
}

fn read_recognition(sheets: &Sheets, problems: &mut Vec<Problem>) -> Vec<SurveyGroup> {
    let Some(table) = sheet_table(sheets, &schema::RECOGNITION, problems) else {
        let name = schema::RECOGNITION.name;
        problems.push(Problem::warning(
            name,
            format!("缺少工作表「{name}」：指标4.1将无法评估"),
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(group) = table.get(row, recognition::GROUP, cells::text, problems) else {
            continue;
        };
        let valid = table.get(row, recognition::VALID, cells::count, problems);
        let approving = table.get(row, recognition::APPROVING, cells::count, problems);
        let (Some(valid), Some(approving)) = (valid, approving) else {
            if !table.has(recognition::VALID) || !table.has(recognition::APPROVING) {
                continue;
            }
            for name in [recognition::VALID, recognition::APPROVING] {
                table.require(row, name, "问卷份数", problems);
            }
            continue;
        };
        if approving > valid {
            problems.push(
                Problem::error(
                    &table.sheet,
                    format!("认可问卷数 {approving} 大于有效问卷数 {valid}"),
                )
                .at_row(row.row)
                .at_column(table.column_label(recognition::APPROVING)),
            );
            continue;
        }
        out.push(SurveyGroup {
            row: row.row,
            group,
            valid,
            approving,
            weight: table.get(row, recognition::WEIGHT, cells::non_negative, problems),
        });
    }
    out
}

// ---------------------------------------------------------------- 责任分工, 领导小组, 实施步骤, 工作任务

/// Units separated by 、，, ; or new lines.
pub(crate) fn split_units(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', '\n', '\r'])
        .map(normalize_text)
        .filter(|s| !s.is_empty())
        .collect()
}

fn read_duties(sheets: &Sheets, problems: &mut Vec<Problem>) -> Vec<Duty> {
    let Some(table) = sheet_table(sheets, &schema::DUTIES, problems) else {
        return Vec::new();
    };
    let mut out: Vec<Duty> = Vec::new();
    for row in &table.rows {
        let Some(id) = table.get(row, duty::INDICATOR, cells::text, problems) else {
            continue;
        };
        let id = normalize_text(&id);
        if crate::catalogue::indicator(&id).is_none() {
            // Not dropped in silence: a typo (1.10 for 1.1) would lose the row's duties.
            problems.push(
                Problem::error(
                    &table.sheet,
                    format!(
                        "指标编号{}不存在：应为指标目录中的编号（如 1.1、2.5、4.12），该行的责任分工无法归到任何指标。请改正编号，或删除该行",
                        cells::quote(&id)
                    ),
                )
                .at_row(row.row)
                .at_column(table.column_label(duty::INDICATOR)),
            );
            continue;
        }
        if out.iter().any(|d| d.indicator == id) {
            problems.push(
                Problem::error(&table.sheet, format!("指标编号「{id}」重复"))
                    .at_row(row.row)
                    .at_column(table.column_label(duty::INDICATOR)),
            );
            continue;
        }
        out.push(Duty {
            row: row.row,
            indicator: id,
            units: table
                .get(row, duty::UNITS, cells::text, problems)
                .map(|t| split_units(&t))
                .unwrap_or_default(),
            lead_units: table
                .get(row, duty::LEAD, cells::text, problems)
                .map(|t| split_units(&t))
                .unwrap_or_default(),
            leader: table.get(row, duty::LEADER, cells::text, problems),
            explanation: table.get(row, duty::EXPLANATION, cells::text, problems),
            focus: table.get(row, duty::FOCUS, cells::text, problems),
        });
    }
    out
}

fn read_leaders(sheets: &Sheets, problems: &mut Vec<Problem>) -> Vec<LeadingGroupMember> {
    let Some(table) = sheet_table(sheets, &schema::LEADERS, problems) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(role) = table.get(row, leader::ROLE, cells::text, problems) else {
            continue;
        };
        let Some(name) = table.get(row, leader::NAME, cells::text, problems) else {
            table.require(row, leader::NAME, "成员姓名", problems);
            continue;
        };
        out.push(LeadingGroupMember {
            row: row.row,
            role,
            name,
            position: table
                .get(row, leader::POSITION, cells::text, problems)
                .unwrap_or_default(),
        });
    }
    out
}

fn read_phases(sheets: &Sheets, problems: &mut Vec<Problem>) -> Vec<Phase> {
    let Some(table) = sheet_table(sheets, &schema::PHASES, problems) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(name) = table.get(row, phase::NAME, cells::text, problems) else {
            continue;
        };
        out.push(Phase {
            row: row.row,
            name,
            period: table
                .get(row, phase::PERIOD, cells::text, problems)
                .unwrap_or_default(),
            content: table
                .get(row, phase::CONTENT, cells::text, problems)
                .unwrap_or_default(),
        });
    }
    out
}

fn read_tasks(sheets: &Sheets, problems: &mut Vec<Problem>) -> Vec<Task> {
    let Some(table) = sheet_table(sheets, &schema::TASKS, problems) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(title) = table.get(row, task::TITLE, cells::text, problems) else {
            continue;
        };
        out.push(Task {
            row: row.row,
            category: table
                .get(row, task::CATEGORY, cells::text, problems)
                .unwrap_or_default(),
            title,
            content: table
                .get(row, task::CONTENT, cells::text, problems)
                .unwrap_or_default(),
            units: table
                .get(row, task::UNITS, cells::text, problems)
                .map(|t| split_units(&t))
                .unwrap_or_default(),
            deadline: table.get(row, task::DEADLINE, cells::text, problems),
        });
    }
    out
}

// ---------------------------------------------------------------- 佐证材料

/// Longest accepted 材料名称: names are matched against file names and printed in a
/// narrow table column.
const EVIDENCE_NAME_MAX: usize = 40;

/// 佐证材料: 指标编号 | 材料名称 | 责任单位 | 说明. A blank 指标编号 continues the
/// indicator of the row above (clerks often leave it blank or merge it). A 材料名称 of
/// `无` (or `—`, `/`, `不涉及`) says the indicator needs no material.
fn read_evidence(sheets: &Sheets, problems: &mut Vec<Problem>) -> Vec<EvidenceRow> {
    let Some(table) = sheet_table(sheets, &schema::EVIDENCE, problems) else {
        return Vec::new();
    };
    let mut out: Vec<EvidenceRow> = Vec::new();
    let mut current: Option<String> = None;
    for row in &table.rows {
        let id_text = table.get(row, evidence::INDICATOR, cells::text, problems);
        let name_cell = table.raw(row, evidence::NAME);
        let name = table.get(row, evidence::NAME, cells::text, problems);
        let id = match id_text {
            Some(text) => {
                let Some(ind) = crate::catalogue::indicator(&normalize_text(&text)) else {
                    problems.push(
                        Problem::error(
                            &table.sheet,
                            format!("指标编号「{text}」不是 1.1～4.2 中的指标"),
                        )
                        .at_row(row.row)
                        .at_column(table.column_label(evidence::INDICATOR)),
                    );
                    current = None;
                    continue;
                };
                current = Some(ind.id.to_string());
                ind.id.to_string()
            }
            None => match &current {
                Some(id) => id.clone(),
                None => {
                    if name.is_some() {
                        table.require(row, evidence::INDICATOR, "指标编号（如 2.5）", problems);
                    }
                    continue;
                }
            },
        };
        let none = cells::is_not_applicable(name_cell);
        let name = match name {
            Some(_) if none => None,
            Some(n) => Some(normalize_text(&n)),
            None => {
                table.require(
                    row,
                    evidence::NAME,
                    "材料名称（如 班额统计表），或“无”",
                    problems,
                );
                continue;
            }
        };
        if let Some(n) = &name {
            let bad = if n.chars().count() > EVIDENCE_NAME_MAX {
                Some(format!(
                    "材料名称过长（{} 字），应不超过 {EVIDENCE_NAME_MAX} 字",
                    n.chars().count()
                ))
            } else if n.chars().any(|c| c.is_control() || matches!(c, '/' | '\\')) {
                Some("材料名称中不能有换行、斜杠等字符".to_string())
            } else if out
                .iter()
                .any(|r| r.indicator == id && r.name.as_deref() == Some(n.as_str()))
            {
                Some(format!("指标{id}的材料「{n}」重复"))
            } else {
                None
            };
            if let Some(message) = bad {
                problems.push(
                    Problem::error(&table.sheet, message)
                        .at_row(row.row)
                        .at_column(table.column_label(evidence::NAME)),
                );
                continue;
            }
        }
        out.push(EvidenceRow {
            row: row.row,
            indicator: id,
            name,
            units: table
                .get(row, evidence::UNITS, cells::text, problems)
                .map(|t| split_units(&t))
                .unwrap_or_default(),
            note: table.get(row, evidence::NOTE, cells::text, problems),
        });
    }
    // `无` next to real items of the same indicator is a contradiction.
    for r in &out {
        if r.name.is_none()
            && out
                .iter()
                .any(|o| o.indicator == r.indicator && o.name.is_some())
        {
            problems.push(
                Problem::error(
                    &table.sheet,
                    format!(
                        "指标{}既列了材料又填了“无”：不需要材料时只保留一行“无”",
                        r.indicator
                    ),
                )
                .at_row(r.row)
                .at_column(table.column_label(evidence::NAME)),
            );
        }
    }
    out
}

// ---------------------------------------------------------------- 文字材料, 发展指标

/// 文字材料 as read: section → text, the sections in the sheet's order, each section's
/// first row, and the row of each line of each section's text.
type Texts = (
    BTreeMap<String, String>,
    Vec<String>,
    BTreeMap<String, u32>,
    BTreeMap<String, Vec<u32>>,
);

/// 文字材料: section → text, plus the sections in the sheet's order and their rows.
fn read_texts(sheets: &Sheets, problems: &mut Vec<Problem>) -> Texts {
    let mut out = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut rows: BTreeMap<String, u32> = BTreeMap::new();
    let mut line_rows: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let Some(table) = sheet_table(sheets, &schema::TEXTS, problems) else {
        return (out, order, rows, line_rows);
    };
    // Text pasted from Word fills one row a paragraph with 章节 only on the first: a
    // blank 章节 continues the section above.
    let mut current: Option<String> = None;
    for row in &table.rows {
        let section = match table.get(row, text::SECTION, cells::text, problems) {
            Some(s) => normalize_header(&s).0,
            None => match &current {
                Some(s) => s.clone(),
                None => {
                    if cells::cell_text(table.raw(row, text::CONTENT)).is_some() {
                        table.require(
                            row,
                            text::SECTION,
                            "章节名称（如 主要做法与成效）",
                            problems,
                        );
                    }
                    continue;
                }
            },
        };
        current = Some(section.clone());
        let Some(content) = table.get(row, text::CONTENT, cells::text, problems) else {
            continue;
        };
        if !order.contains(&section) {
            order.push(section.clone());
            rows.insert(section.clone(), row.row);
        }
        line_rows
            .entry(section.clone())
            .or_default()
            .extend(std::iter::repeat_n(row.row, content.split('\n').count()));
        // Several rows for one section are joined as paragraphs.
        out.entry(section)
            .and_modify(|t: &mut String| {
                t.push('\n');
                t.push_str(&content);
            })
            .or_insert(content);
    }
    (out, order, rows, line_rows)
}

fn read_targets(sheets: &Sheets, problems: &mut Vec<Problem>) -> Vec<DevelopmentTarget> {
    let Some(table) = sheet_table(sheets, &schema::TARGETS, problems) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(indicator) = table.get(row, target::INDICATOR, cells::text, problems) else {
            continue;
        };
        let text = |name: Col, problems: &mut Vec<Problem>| {
            table
                .get(row, name, cells::text, problems)
                .unwrap_or_default()
        };
        out.push(DevelopmentTarget {
            row: row.row,
            indicator,
            unit: text(target::UNIT, problems),
            base_value: text(target::BASE, problems),
            target_value: text(target::TARGET, problems),
            target_year: text(target::YEAR, problems),
        });
    }
    out
}
