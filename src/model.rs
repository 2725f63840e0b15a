//! The typed county model: what the workbook says, after parsing and unit conversion.
//!
//! No I/O and no Typst here. Every value a user can leave blank is an `Option`, so a
//! missing input can never be mistaken for zero. Money is always in 元 and areas in m²
//! (the reader converts 万元 headers). Ratios are fractions (0.95 for 95%).

use serde::Serialize;
use std::collections::BTreeMap;

/// The whole county as read from one workbook.
#[derive(Debug, Clone, Default, Serialize)]
pub struct County {
    pub info: BasicInfo,
    pub schools: Vec<School>,
    /// The optional 班级 sheet; `None` when the sheet is absent.
    pub classes: Option<Vec<ClassRow>>,
    pub county_items: CountyItems,
    /// The optional 质量监测 sheet; empty when absent.
    pub quality: Vec<QualitySubject>,
    pub recognition: Vec<SurveyGroup>,
    pub duties: Vec<Duty>,
    pub leaders: Vec<LeadingGroupMember>,
    pub phases: Vec<Phase>,
    pub tasks: Vec<Task>,
    /// 文字材料: section name → text (paragraphs separated by newlines).
    pub texts: BTreeMap<String, String>,
    /// 文字材料 section names in the order the sheet lists them.
    pub section_order: Vec<String>,
    /// 文字材料: section name → the sheet row of its first paragraph.
    pub text_rows: BTreeMap<String, u32>,
    /// 文字材料: section name → the sheet row of each line of its text.
    pub text_line_rows: BTreeMap<String, Vec<u32>>,
    /// Sections written in Word (`<工作簿名>.文字材料/`), read beside the workbook; each
    /// is also in `texts` as plain text, for what reads narrative as text.
    pub narrative: crate::narrative::Narrative,
    pub targets: Vec<DevelopmentTarget>,
    /// The optional 佐证材料 sheet; empty when absent (the catalogue's lists apply).
    pub evidence: Vec<EvidenceRow>,
    /// The optional 测算参数 sheet (整改测算's unit costs); empty when absent.
    pub cost_params: Vec<CostParam>,
}

/// One row of the optional 测算参数 sheet: a unit cost that replaces a default of
/// `rectify`, or a kind of action the county forbids.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostParam {
    pub row: u32,
    /// 项目, one of `rectify::costs::ITEMS` (or 年度预算上限, 测算截止年份).
    pub item: String,
    /// 单价 in 元 (万元 units converted); the year for 测算截止年份.
    pub price: Option<f64>,
    /// 单价 says 禁止/不可: the county rules this kind of action out.
    pub forbidden: bool,
    pub unit: Option<String>,
    pub note: Option<String>,
}

/// 行政级别: decides the 全区/全县/全市 wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum AdminLevel {
    #[default]
    District,
    County,
    CountyCity,
}

impl AdminLevel {
    /// The one-character suffix used in 全区 / 我县 / 本市.
    pub fn suffix(self) -> &'static str {
        match self {
            AdminLevel::District => "区",
            AdminLevel::County => "县",
            AdminLevel::CountyCity => "市",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum DraftStatus {
    /// 征求意见稿: the plan gets a cover notice asking for comments.
    Consultation,
    /// 送审稿
    ForReview,
    #[default]
    Final,
}

impl DraftStatus {
    pub fn label(self) -> &'static str {
        match self {
            DraftStatus::Consultation => "征求意见稿",
            DraftStatus::ForReview => "送审稿",
            DraftStatus::Final => "正式稿",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum DutyStyle {
    /// 简表 (seed 000): 一级指标 | 二级指标 | 责任部门.
    #[default]
    Brief,
    /// 详表 (seed 001): explanation, focus, formula, units, leaders; landscape.
    Detailed,
    /// 分级 (seed 004): A/B/C levels.
    Graded,
}

/// The calendar date (year, month, day) of `days` since 1970-01-01 (Howard Hinnant's
/// civil_from_days), for every place that turns a count of days into a date.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// A calendar date as written in the workbook (公文 dates are plain Y年M月D日).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Weights used to split whole-school physical resources between stages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SplitWeights {
    pub primary: f64,
    pub junior: f64,
    pub senior: f64,
}

impl Default for SplitWeights {
    fn default() -> Self {
        SplitWeights {
            primary: 1.0,
            junior: 1.1,
            senior: 1.32,
        }
    }
}

/// 基本信息 sheet.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BasicInfo {
    pub county_name: String,
    pub admin_level: AdminLevel,
    pub parent_region: Option<String>,
    pub issuing_authority: Option<String>,
    /// 自评报告发文机关: who signs the 自评报告 (default: the county's 人民政府).
    pub report_authority: Option<String>,
    pub document_number: Option<String>,
    pub date: Option<Date>,
    pub status: DraftStatus,
    pub red_header: bool,
    pub statistics_year: Option<i32>,
    pub basic_balance_year: Option<i32>,
    /// 申报年份: the year the county applies (else 成文日期's year, else 统计年度).
    pub application_year: Option<i32>,
    /// 基本均衡年度监测持续巩固: the second 申报条件.
    pub monitoring_kept: Option<bool>,
    pub provincial_assessment_year: Option<i32>,
    pub national_recognition_year: Option<i32>,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub feedback_deadline: Option<String>,
    pub motto: Option<String>,
    pub split_weights: SplitWeights,
    pub include_private_schools: bool,
    pub duty_style: DutyStyle,
    /// 责任清单现状栏: print today's verdict beside each indicator (default 是).
    pub duty_status_column: bool,
    /// 常住人口: the resident population, for 4.1's sample size.
    pub resident_population: Option<u64>,
    /// 教学点参评人数下限: teaching points with fewer pupils take no part in 1.1–1.7
    /// (a provincial choice; None is the default of REFERENCE.md, 50).
    pub teaching_point_min: Option<u32>,
    /// 教学点参加专用教室评估: whether 2.3 judges teaching points (None: 是).
    pub teaching_points_in_rooms: Option<bool>,
    /// Item (项目) → its sheet row, for messages.
    pub item_rows: BTreeMap<String, u32>,
}

impl BasicInfo {
    /// The teaching-point threshold in force (the setting, else the default).
    pub fn teaching_point_threshold(&self) -> u32 {
        self.teaching_point_min
            .unwrap_or(crate::catalogue::rules::SMALL_TEACHING_POINT)
    }

    /// Whether 2.3 judges teaching points (the setting, else 是).
    pub fn rooms_judge_teaching_points(&self) -> bool {
        self.teaching_points_in_rooms.unwrap_or(true)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SchoolKind {
    Primary,
    Junior,
    NineYear,
    TwelveYear,
    /// 完全中学: junior + senior.
    Complete,
    /// 教学点: a primary teaching point.
    TeachingPoint,
    SpecialEducation,
}

impl SchoolKind {
    pub const ALL: [SchoolKind; 7] = [
        SchoolKind::Primary,
        SchoolKind::Junior,
        SchoolKind::NineYear,
        SchoolKind::TwelveYear,
        SchoolKind::Complete,
        SchoolKind::TeachingPoint,
        SchoolKind::SpecialEducation,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SchoolKind::Primary => "小学",
            SchoolKind::Junior => "初中",
            SchoolKind::NineYear => "九年一贯制",
            SchoolKind::TwelveYear => "十二年一贯制",
            SchoolKind::Complete => "完全中学",
            SchoolKind::TeachingPoint => "教学点",
            SchoolKind::SpecialEducation => "特殊教育学校",
        }
    }

    pub(crate) fn from_label(text: &str) -> Option<Self> {
        SchoolKind::ALL.into_iter().find(|k| k.label() == text)
    }

    /// Whether the school has a primary (grades 1–6) part.
    pub(crate) fn has_primary(self) -> bool {
        matches!(
            self,
            SchoolKind::Primary
                | SchoolKind::NineYear
                | SchoolKind::TwelveYear
                | SchoolKind::TeachingPoint
        )
    }

    /// Whether the school has a junior (grades 7–9) part.
    pub(crate) fn has_junior(self) -> bool {
        matches!(
            self,
            SchoolKind::Junior
                | SchoolKind::NineYear
                | SchoolKind::TwelveYear
                | SchoolKind::Complete
        )
    }

    /// Whether the school has a senior high part (removed from the evaluation).
    pub fn has_senior(self) -> bool {
        matches!(self, SchoolKind::TwelveYear | SchoolKind::Complete)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Locality {
    #[default]
    Urban,
    Town,
    Rural,
}

impl School {
    /// In a 县城区 (城区) or a 地级市以上中心城区: where the 城区 exceptions of 1.4, 1.5,
    /// 2.3 and 2.4 may apply.
    pub fn in_city(&self) -> bool {
        self.locality == Locality::Urban || self.central_city
    }

    /// Where the school is, as the 特殊情形认定 says it: 中心城区 when marked so.
    pub fn city_label(&self) -> &'static str {
        if self.central_city {
            "中心城区"
        } else {
            "城区"
        }
    }
}

impl Locality {
    pub fn label(self) -> &'static str {
        match self {
            Locality::Urban => "城区",
            Locality::Town => "镇区",
            Locality::Rural => "乡村",
        }
    }
}

/// A figure given per stage. `None` means the cell was blank.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct PerStage<T> {
    pub primary: Option<T>,
    pub junior: Option<T>,
    pub senior: Option<T>,
}

/// The two compulsory-education stages the evaluation works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Primary,
    Junior,
}

impl Stage {
    pub(crate) const BOTH: [Stage; 2] = [Stage::Primary, Stage::Junior];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Primary => "小学",
            Stage::Junior => "初中",
        }
    }
}

impl<T: Copy> PerStage<T> {
    pub fn get(&self, stage: Stage) -> Option<T> {
        match stage {
            Stage::Primary => self.primary,
            Stage::Junior => self.junior,
        }
    }
}

/// One row of the 学校 sheet: a school or an independent campus.
#[derive(Debug, Clone, Serialize)]
pub struct School {
    pub name: String,
    /// 1-based row in the 学校 sheet, for messages.
    pub row: u32,
    pub kind: SchoolKind,
    pub locality: Locality,
    pub private: bool,
    pub boarding: bool,
    pub central_city: bool,
    pub built_year: Option<i32>,
    pub students: PerStage<u32>,
    pub classes: PerStage<u32>,
    pub full_time_teachers: PerStage<u32>,
    /// 高于规定学历教师数 (1.1)
    pub teachers_above_degree: PerStage<u32>,
    /// 县级以上骨干教师数 (1.2)
    pub backbone_teachers: PerStage<u32>,
    /// 体育艺术专任教师数 (1.3)
    pub pe_art_teachers: PerStage<u32>,
    /// 教学及辅助用房面积, m², whole school (1.4)
    pub teaching_area: Option<f64>,
    /// 体育运动场馆面积, m², whole school (1.5)
    pub sports_area: Option<f64>,
    /// 教学仪器设备值, 元, whole school (1.6)
    pub equipment_value: Option<f64>,
    /// 网络多媒体教室数, whole school (1.7)
    pub multimedia_rooms: Option<u32>,
    pub music_rooms: Option<u32>,
    pub art_rooms: Option<u32>,
    pub music_room_min_area: Option<f64>,
    pub art_room_min_area: Option<f64>,
    /// 最大班额 per stage, used for 2.5 when there is no 班级 sheet.
    pub max_class_size: PerStage<u32>,
    pub teaching_area_under_construction: Option<f64>,
    pub sports_area_under_construction: Option<f64>,
    pub sports_area_rented: Option<f64>,
    /// 起始年级学生数 / 班级数 (一年级 or 七年级).
    pub starting_grade_students: Option<u32>,
    pub starting_grade_classes: Option<u32>,
    /// 规模经批复 (2.4 exception (2)).
    pub size_approved: Option<bool>,
    /// 最大校区在校生数: one code and one legal person with several independent campuses,
    /// the largest campus's compulsory enrolment (2.4 exception (1)).
    pub largest_campus_students: Option<u32>,
    /// 规模化解方案: a 城区/中心城区 school oversized by urbanisation with a 化解方案
    /// (2.4 exception (3)).
    pub size_plan: Option<bool>,
    /// 面积一校一案: a 城区/中心城区 school that cannot add teaching area and has a
    /// 一校一案 化解方案 (1.4 exception).
    pub area_plan: Option<bool>,
    /// 音乐美术课开齐开足: a 城区/中心城区 school that cannot add music/art rooms but
    /// teaches both subjects fully (2.3 exception (2)).
    pub music_art_taught: Option<bool>,
    /// 挖潜扩容学校: a quality school that expanded its intake (2.5 exception (1)).
    pub capacity_expansion: Option<bool>,
    /// 就近入学比例: the share of the school's intake admitted by 划片就近入学 (2.13
    /// judged school by school when any school gives it).
    pub nearby_ratio: Option<f64>,
    /// 公用经费预算总额, 元 (3.4)
    pub public_funds_budget: Option<f64>,
    /// 教师培训经费, 元 (3.4)
    pub training_budget: Option<f64>,
    /// 特殊情形说明: free text quoted beside a 特殊情形认定; it never decides one (each
    /// exception has its own explicit column).
    pub special_note: Option<String>,
}

/// One row of the optional 班级 sheet.
#[derive(Debug, Clone, Serialize)]
pub struct ClassRow {
    pub row: u32,
    pub school: String,
    pub stage: Stage,
    /// 年级 as written (一年级 … 九年级 or 1–9), normalised to 1–9.
    pub grade: u32,
    pub class_name: String,
    pub students: u32,
}

/// The typed value of a 县级指标 item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemValue {
    Yes,
    No,
    /// 不涉及: counts as met.
    NotApplicable,
    /// Counts, money (元) and ratios (as fractions).
    Number(f64),
}

/// How a 县级指标 item must be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    YesNo,
    /// A non-negative whole number (people, students).
    Count,
    /// An amount in 元.
    Money,
    /// A percentage / fraction, normalised to a fraction.
    Ratio,
}

/// The 县级指标 items DESIGN.md lists, with how each is parsed. `不涉及` is accepted
/// for every item. The six veto items read 是 = the problem is present.
pub const COUNTY_ITEMS: &[(&str, ItemKind)] = &[
    ("规划布局合理", ItemKind::YesNo),
    ("建设标准统一", ItemKind::YesNo),
    ("教师编制标准统一", ItemKind::YesNo),
    ("生均公用经费基准定额统一", ItemKind::YesNo),
    ("基本装备配置标准统一", ItemKind::YesNo),
    ("小规模学校按100人核定公用经费", ItemKind::YesNo),
    ("特殊教育学校生均公用经费", ItemKind::Money),
    ("教师平均工资收入", ItemKind::Money),
    ("公务员平均工资收入", ItemKind::Money),
    ("绩效工资足额核定", ItemKind::YesNo),
    ("五年360学时应完成教师数", ItemKind::Count),
    ("五年360学时已完成教师数", ItemKind::Count),
    ("编制岗位统筹分配", ItemKind::YesNo),
    ("符合交流条件教师数", ItemKind::Count),
    ("交流轮岗教师数", ItemKind::Count),
    ("交流轮岗骨干教师数", ItemKind::Count),
    ("专任教师数", ItemKind::Count),
    ("持证专任教师数", ItemKind::Count),
    ("小学就近划片入学比例", ItemKind::Ratio),
    ("初中就近划片入学比例", ItemKind::Ratio),
    ("优质高中名额分配比例", ItemKind::Ratio),
    ("名额分配向农村初中倾斜", ItemKind::YesNo),
    ("留守儿童关爱体系健全", ItemKind::YesNo),
    ("符合条件随迁子女数", ItemKind::Count),
    ("随迁子女公办学校就读数", ItemKind::Count),
    ("随迁子女购买服务民办学校就读数", ItemKind::Count),
    ("初中毕业生数", ItemKind::Count),
    ("三年内转入复学等增加数", ItemKind::Count),
    ("三年内转出休学等减少数", ItemKind::Count),
    ("三年前初一学生数", ItemKind::Count),
    ("适龄残疾儿童少年数", ItemKind::Count),
    ("残疾儿童少年入学数", ItemKind::Count),
    ("学校章程制定", ItemKind::YesNo),
    ("管理与教学信息化", ItemKind::YesNo),
    ("教师信息化教学", ItemKind::YesNo),
    ("德育与校园文化良好", ItemKind::YesNo),
    ("课程开齐开足", ItemKind::YesNo),
    ("无过重课业负担", ItemKind::YesNo),
    ("以考试方式招生", ItemKind::YesNo),
    ("违规择校", ItemKind::YesNo),
    ("重点学校或重点班", ItemKind::YesNo),
    ("有编不补或长期聘用编外教师", ItemKind::YesNo),
    ("重大安全责任事故或严重违纪违规", ItemKind::YesNo),
    ("弄虚作假", ItemKind::YesNo),
];

/// The six 4.2 veto items (是 = present → 不予认定).
pub const VETO_ITEMS: [&str; 6] = [
    "以考试方式招生",
    "违规择校",
    "重点学校或重点班",
    "有编不补或长期聘用编外教师",
    "重大安全责任事故或严重违纪违规",
    "弄虚作假",
];

#[derive(Debug, Clone, Serialize)]
pub struct CountyItem {
    pub value: ItemValue,
    /// 说明: the evidence text quoted in the report.
    pub note: Option<String>,
    pub row: u32,
}

/// 县级指标, keyed by item name (one of `COUNTY_ITEMS`). Missing items are absent.
pub(crate) type CountyItems = BTreeMap<String, CountyItem>;

/// One row of 质量监测 (indicator 3.9).
#[derive(Debug, Clone, Serialize)]
pub struct QualitySubject {
    pub row: u32,
    pub subject: String,
    /// 学业水平等级 1–4 (Ⅰ–Ⅳ).
    pub level: Option<u8>,
    /// 校际差异率 as a fraction.
    pub difference_rate: Option<f64>,
}

/// One row of 社会认可度 (indicator 4.1).
#[derive(Debug, Clone, Serialize)]
pub struct SurveyGroup {
    pub row: u32,
    pub group: String,
    pub valid: u32,
    pub approving: u32,
    pub weight: Option<f64>,
}

/// One row of 责任分工: who is responsible for an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct Duty {
    pub row: u32,
    /// Indicator id as in the catalogue, e.g. `1.1`.
    pub indicator: String,
    pub units: Vec<String>,
    pub lead_units: Vec<String>,
    pub leader: Option<String>,
    pub explanation: Option<String>,
    pub focus: Option<String>,
}

/// One row of 佐证材料: an evidence item a county expects for an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRow {
    /// 1-based sheet row.
    pub row: u32,
    /// Catalogue id (`2.5`), already checked against the catalogue.
    pub indicator: String,
    /// 材料名称; `None` for a row that says the indicator needs no material (`无`).
    pub name: Option<String>,
    pub units: Vec<String>,
    pub note: Option<String>,
}

/// One row of 领导小组.
#[derive(Debug, Clone, Serialize)]
pub struct LeadingGroupMember {
    /// 1-based sheet row.
    pub row: u32,
    pub role: String,
    pub name: String,
    pub position: String,
}

/// One row of 实施步骤.
#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    /// 1-based sheet row.
    pub row: u32,
    pub name: String,
    pub period: String,
    pub content: String,
}

/// One row of 工作任务: the plan's 重点任务.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// 1-based sheet row.
    pub row: u32,
    pub category: String,
    pub title: String,
    pub content: String,
    pub units: Vec<String>,
    pub deadline: Option<String>,
}

/// One row of 发展指标 (seed 002's target table). Values are kept as written.
#[derive(Debug, Clone, Serialize)]
pub struct DevelopmentTarget {
    /// 1-based sheet row.
    pub row: u32,
    pub indicator: String,
    pub unit: String,
    pub base_value: String,
    pub target_value: String,
    pub target_year: String,
}
