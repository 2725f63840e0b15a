//! The workbook's format as data: every sheet and column (name, aliases, unit, type,
//! required, allowed values, help text) and the 基本信息 items, in one table.
//!
//! The reader (which headers it accepts, under which aliases), `init`'s template (headers,
//! units, drop-down lists, hints), `diff`'s labels, the glyph-coverage list and the
//! validator's locations all take their names from here, so renaming a column or adding
//! an alias is one edit. The reader looks columns up by their canonical `name`; a lookup
//! of a name that is not in the sheet's schema is a bug caught by a debug assertion.

/// What a column holds: decides the template's width, format and data validation, and
/// whether `diff` shows its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Text,
    /// Long text, wrapped.
    Long,
    YesNo,
    /// One of the allowed values.
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

impl Kind {
    /// The values a list column allows (是/否 for yes/no columns).
    pub fn allowed(self) -> &'static [&'static str] {
        match self {
            Kind::YesNo => YES_NO,
            Kind::List(items) => items,
            _ => &[],
        }
    }
}

/// A column written per stage: the stages the template writes, each with its help text.
/// The reader also accepts the other stages' prefixed headers and, for a single-stage
/// school, the bare name.
pub type Stages = &'static [(&'static str, &'static str)];

/// The stage prefixes of per-stage columns (高中 figures are read, not assessed).
pub(crate) const STAGE_PREFIXES: [&str; 3] = ["小学", "初中", "高中"];

#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Canonical name, without unit: what the reader looks up.
    pub name: &'static str,
    /// Other headers accepted for this column (after the same normalisation).
    pub aliases: &'static [&'static str],
    /// The unit the template writes in brackets after the name.
    pub unit: Option<&'static str>,
    pub kind: Kind,
    pub required: bool,
    /// The template's input hint.
    pub help: &'static str,
    /// The model field (serde name) the column fills, for `diff`'s labels; "" when the
    /// sheet is compared by hand.
    pub field: &'static str,
    /// Per-stage columns (小学…/初中…/高中…); None for a plain column.
    pub stages: Option<Stages>,
}

impl Column {
    /// The header as the template writes it: name and unit.
    pub fn header(&self, stage: Option<&str>) -> String {
        let prefix = stage.unwrap_or_default();
        match self.unit {
            Some(unit) => format!("{prefix}{}（{unit}）", self.name),
            None => format!("{prefix}{}", self.name),
        }
    }

    /// `diff`'s label: areas and money carry their unit, counts and text do not.
    pub fn label(&self) -> String {
        match (self.kind, self.unit) {
            (Kind::Amount, Some(unit)) => format!("{}（{unit}）", self.name),
            _ => self.name.to_string(),
        }
    }
}

/// A column the reader looks up. Only this module makes one (the `ids!` lists below),
/// and the sheets' column tables are written with them, so a reader can only name a
/// column its sheet has, and renaming a column is one edit here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col(&'static str);

impl Col {
    pub const fn name(self) -> &'static str {
        self.0
    }

    /// The column of one stage, e.g. 小学在校生数 (see [`Column::stages`]).
    pub const fn stage(self, stage: &'static str) -> Staged {
        Staged(self, stage)
    }
}

/// A staged column: the stage prefix and its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staged(Col, &'static str);

/// What a table can look a column up by: a [`Col`] or a [`Staged`] one.
pub trait Lookup: Copy {
    /// The header as the table holds it (canonical name, stage prefix first).
    fn header(self) -> std::borrow::Cow<'static, str>;
}

impl Lookup for Col {
    fn header(self) -> std::borrow::Cow<'static, str> {
        self.0.into()
    }
}

impl Lookup for Staged {
    fn header(self) -> std::borrow::Cow<'static, str> {
        format!("{}{}", self.1, (self.0).0).into()
    }
}

macro_rules! ids {
    ($($(#[$doc:meta])* $module:ident { $($id:ident = $name:literal,)* })*) => {$(
        $(#[$doc])*
        pub mod $module {
            use super::Col;
            $(pub const $id: Col = Col($name);)*
            /// Every column id of the sheet.
            #[cfg(test)]
            pub(crate) const ALL: &[Col] = &[$($id),*];
        }
    )*};
}

ids! {
    /// Columns of 「基本信息」.
    basic {
        ITEM = "项目",
        CONTENT = "内容",
    }
    /// Columns of 「学校」.
    school {
        NAME = "学校名称",
        KIND = "学校类型",
        LOCALITY = "城乡类型",
        OWNERSHIP = "办学性质",
        BOARDING = "寄宿制",
        CENTRAL_CITY = "中心城区",
        BUILT_YEAR = "建设年份",
        STUDENTS = "在校生数",
        CLASSES = "班级数",
        FULL_TIME_TEACHERS = "专任教师数",
        TEACHERS_ABOVE_DEGREE = "高于规定学历教师数",
        BACKBONE_TEACHERS = "县级以上骨干教师数",
        PE_ART_TEACHERS = "体育艺术专任教师数",
        TEACHING_AREA = "教学及辅助用房面积",
        SPORTS_AREA = "体育运动场馆面积",
        EQUIPMENT_VALUE = "教学仪器设备值",
        MULTIMEDIA_ROOMS = "网络多媒体教室数",
        MUSIC_ROOMS = "音乐专用教室数",
        ART_ROOMS = "美术专用教室数",
        MUSIC_ROOM_MIN_AREA = "音乐专用教室最小面积",
        ART_ROOM_MIN_AREA = "美术专用教室最小面积",
        MAX_CLASS_SIZE = "最大班额",
        TEACHING_AREA_UNDER_CONSTRUCTION = "在建教学及辅助用房面积",
        SPORTS_AREA_UNDER_CONSTRUCTION = "在建体育运动场馆面积",
        SPORTS_AREA_RENTED = "租用体育运动场馆面积",
        STARTING_GRADE_STUDENTS = "起始年级学生数",
        STARTING_GRADE_CLASSES = "起始年级班级数",
        SIZE_APPROVED = "规模经批复",
        LARGEST_CAMPUS_STUDENTS = "最大校区在校生数",
        SIZE_PLAN = "规模化解方案",
        AREA_PLAN = "面积一校一案",
        MUSIC_ART_TAUGHT = "音乐美术课开齐开足",
        CAPACITY_EXPANSION = "挖潜扩容学校",
        NEARBY_RATIO = "就近入学比例",
        PUBLIC_FUNDS_BUDGET = "公用经费预算总额",
        TRAINING_BUDGET = "教师培训经费",
        SPECIAL_NOTE = "特殊情形说明",
    }
    /// Columns of 「班级」.
    class {
        SCHOOL = "学校名称",
        STAGE = "学段",
        GRADE = "年级",
        CLASS = "班级",
        STUDENTS = "学生数",
    }
    /// Columns of 「县级指标」.
    county {
        ITEM = "项目",
        VALUE = "数值",
        NOTE = "说明",
    }
    /// Columns of 「质量监测」.
    quality {
        SUBJECT = "学科",
        LEVEL = "学业水平等级",
        DIFFERENCE_RATE = "校际差异率",
    }
    /// Columns of 「社会认可度」.
    recognition {
        GROUP = "调查对象",
        VALID = "有效问卷数",
        APPROVING = "认可问卷数",
        WEIGHT = "权重",
    }
    /// Columns of 「责任分工」.
    duty {
        INDICATOR = "指标编号",
        UNITS = "责任单位",
        LEAD = "牵头单位",
        LEADER = "责任领导",
        EXPLANATION = "指标说明",
        FOCUS = "评估重点",
    }
    /// Columns of 「佐证材料」.
    evidence {
        INDICATOR = "指标编号",
        NAME = "材料名称",
        UNITS = "责任单位",
        NOTE = "说明",
    }
    /// Columns of 「领导小组」.
    leader {
        ROLE = "职务",
        NAME = "姓名",
        POSITION = "单位及职务",
    }
    /// Columns of 「实施步骤」.
    phase {
        NAME = "阶段",
        PERIOD = "起止时间",
        CONTENT = "工作内容",
    }
    /// Columns of 「工作任务」.
    task {
        CATEGORY = "类别",
        TITLE = "标题",
        CONTENT = "内容",
        UNITS = "责任单位",
        DEADLINE = "完成时限",
    }
    /// Columns of 「文字材料」.
    text {
        SECTION = "章节",
        CONTENT = "内容",
    }
    /// Columns of 「测算参数」.
    cost {
        ITEM = "项目",
        PRICE = "单价",
        UNIT = "单位",
        NOTE = "说明",
    }
    /// Columns of 「发展指标」.
    target {
        INDICATOR = "指标",
        UNIT = "单位",
        BASE = "基期值",
        TARGET = "目标值",
        YEAR = "目标年份",
    }
}

const fn col(name: Col, kind: Kind, help: &'static str) -> Column {
    Column {
        name: name.0,
        aliases: &[],
        unit: None,
        kind,
        required: false,
        help,
        field: "",
        stages: None,
    }
}

const fn req(name: Col, kind: Kind, help: &'static str) -> Column {
    Column {
        required: true,
        ..col(name, kind, help)
    }
}

impl Column {
    const fn unit(self, unit: &'static str) -> Column {
        Column {
            unit: Some(unit),
            ..self
        }
    }
    const fn field(self, field: &'static str) -> Column {
        Column { field, ..self }
    }
    const fn aliases(self, aliases: &'static [&'static str]) -> Column {
        Column { aliases, ..self }
    }
    const fn staged(self, stages: Stages) -> Column {
        Column {
            stages: Some(stages),
            ..self
        }
    }
}

/// One sheet of the workbook.
#[derive(Debug, Clone, Copy)]
pub struct SheetSchema {
    pub name: &'static str,
    /// The column that finds the header row and names each row.
    pub key: &'static str,
    /// A workbook without this sheet is refused.
    pub required: bool,
    /// 填表说明 marks the sheet 必填: the documents need it (a missing optional sheet
    /// only leaves indicators undetermined).
    pub must_fill: bool,
    /// 填表说明's line about the sheet.
    pub help: &'static str,
    /// Columns in the template's order (the key among them).
    pub columns: &'static [Column],
}

impl SheetSchema {
    /// The column of this name (canonical, or an alias).
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns
            .iter()
            .find(|c| c.name == name || c.aliases.contains(&name))
    }

    /// Every canonical header the reader accepts, per-stage columns expanded.
    pub fn accepted(&self) -> Vec<String> {
        let mut out = Vec::new();
        for c in self.columns {
            out.push(c.name.to_string());
            if c.stages.is_some() {
                for stage in STAGE_PREFIXES {
                    out.push(format!("{stage}{}", c.name));
                }
            }
        }
        out
    }

    /// Names of the count, area and money columns (per-stage columns expanded):
    /// those a percent or currency format misleads.
    pub fn measured(&self) -> Vec<String> {
        let mut out = Vec::new();
        for c in self.columns {
            if !matches!(c.kind, Kind::Count | Kind::Amount) {
                continue;
            }
            out.push(c.name.to_string());
            if c.stages.is_some() {
                for stage in STAGE_PREFIXES {
                    out.push(format!("{stage}{}", c.name));
                }
            }
        }
        out
    }

    /// Alias → canonical header pairs (per-stage columns expanded).
    pub fn aliases(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for c in self.columns {
            for alias in c.aliases {
                out.push((alias.to_string(), c.name.to_string()));
                if c.stages.is_some() {
                    for stage in STAGE_PREFIXES {
                        out.push((format!("{stage}{alias}"), format!("{stage}{}", c.name)));
                    }
                }
            }
        }
        out
    }

    /// (field, label) pairs for `diff`, in column order.
    pub fn labels(&self) -> Vec<(&'static str, String)> {
        self.columns
            .iter()
            .filter(|c| !c.field.is_empty())
            .map(|c| (c.field, c.label()))
            .collect()
    }

    /// The template's header row: (header, column), per-stage columns expanded to the
    /// stages the template writes.
    pub fn template_columns(&self) -> Vec<(String, &'static Column, &'static str)> {
        let mut out = Vec::new();
        for c in self.columns {
            match c.stages {
                Some(stages) => {
                    for (stage, help) in stages {
                        out.push((c.header(Some(*stage)), c, *help));
                    }
                }
                None => out.push((c.header(None), c, c.help)),
            }
        }
        out
    }
}

/// One item (row) of 基本信息.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub name: &'static str,
    pub kind: Kind,
    /// The value the template writes.
    pub default: &'static str,
    pub help: &'static str,
    /// The `BasicInfo` field (serde name), for `diff`'s labels.
    pub field: &'static str,
}

const fn item(
    name: &'static str,
    field: &'static str,
    kind: Kind,
    default: &'static str,
    help: &'static str,
) -> Item {
    Item {
        name,
        kind,
        default,
        help,
        field,
    }
}

// ---------------------------------------------------------------- allowed values

pub(crate) const YES_NO: &[&str] = &["是", "否"];
pub(crate) const ADMIN_LEVELS: &[&str] = &["区", "县", "县级市"];
pub(crate) const DRAFT_STATUSES: &[&str] = &["征求意见稿", "送审稿", "正式稿"];
pub(crate) const DUTY_STYLES: &[&str] = &["简表", "详表", "分级"];
pub(crate) const SCHOOL_TYPES: &[&str] = &[
    "小学",
    "初中",
    "九年一贯制",
    "十二年一贯制",
    "完全中学",
    "教学点",
    "特殊教育学校",
];
pub(crate) const LOCALITIES: &[&str] = &["城区", "镇区", "乡村"];
pub(crate) const OWNERSHIP: &[&str] = &["公办", "民办"];
pub(crate) const STAGES: &[&str] = &["小学", "初中"];
pub const GRADES: &[&str] = &[
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
pub(crate) const LEVELS: &[&str] = &["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"];
pub(crate) const ROLES: &[&str] = &[
    "组长",
    "常务副组长",
    "副组长",
    "成员",
    "办公室主任",
    "办公室副主任",
];

// ---------------------------------------------------------------- 基本信息

pub const BASIC_ITEMS: &[Item] = &[
    item(
        "县区名称",
        "county_name",
        Kind::Text,
        "",
        "必填：县（区、市）全称，如“清禾区”",
    ),
    item(
        "行政级别",
        "admin_level",
        Kind::List(ADMIN_LEVELS),
        "区",
        "决定文中“全区/全县/全市”等用语",
    ),
    item(
        "上级行政区",
        "parent_region",
        Kind::Text,
        "",
        "如“江汉省临川市”",
    ),
    item(
        "发文机关",
        "issuing_authority",
        Kind::Text,
        "",
        "实施方案、责任清单的落款单位；留空时为“县区名称+教育局”",
    ),
    item(
        "自评报告发文机关",
        "report_authority",
        Kind::Text,
        "",
        "自评报告的落款单位；留空时为“县区名称+人民政府”（自评报告由县级人民政府出具）",
    ),
    item(
        "发文字号",
        "document_number",
        Kind::Text,
        "",
        "如“清教字〔2026〕7号”",
    ),
    item(
        "成文日期",
        "date",
        Kind::Date,
        "",
        "文件落款日期（如 2026-03-16）；同一工作簿每次生成的 PDF 完全相同",
    ),
    item(
        "文稿状态",
        "status",
        Kind::List(DRAFT_STATUSES),
        "正式稿",
        "征求意见稿会在实施方案前加征求意见通知",
    ),
    item(
        "红头",
        "red_header",
        Kind::YesNo,
        "否",
        "实施方案印发通知是否使用红头",
    ),
    item(
        "统计年度",
        "statistics_year",
        Kind::Year,
        "",
        "数据所属年度，如 2025",
    ),
    item(
        "基本均衡认定年份",
        "basic_balance_year",
        Kind::Year,
        "",
        "通过义务教育基本均衡国家认定的年份（至申报年份须满3年）",
    ),
    item(
        "申报年份",
        "application_year",
        Kind::Year,
        "",
        "申请优质均衡认定的年份；留空时取成文日期的年份，再无则取统计年度",
    ),
    item(
        "基本均衡年度监测持续巩固",
        "monitoring_kept",
        Kind::YesNo,
        "",
        "申报条件之二：基本均衡发展年度监测中持续保持基本均衡（是/否）",
    ),
    item(
        "省级评估年份",
        "provincial_assessment_year",
        Kind::Year,
        "",
        "计划接受省级评估的年份",
    ),
    item(
        "国家认定年份",
        "national_recognition_year",
        Kind::Year,
        "",
        "计划申请国家认定的年份",
    ),
    item("联系人", "contact_person", Kind::Text, "", ""),
    item("联系电话", "contact_phone", Kind::Text, "", ""),
    item("电子邮箱", "contact_email", Kind::Text, "", ""),
    item(
        "意见反馈截止日期",
        "feedback_deadline",
        Kind::Text,
        "",
        "征求意见稿的反馈截止日期，如“2026年3月31日”",
    ),
    item(
        "报告主题",
        "motto",
        Kind::Text,
        "",
        "自评报告标题上方的主题语（可留空）",
    ),
    item(
        "一贯制拆分权重",
        "split_weights",
        Kind::Text,
        "1:1.1:1.32",
        "小学:初中:高中；一贯制学校的校舍、场馆、仪器、多媒体教室按权重×在校生数拆分；1:1:1 按人数拆分",
    ),
    item(
        "民办学校纳入资源配置评估",
        "include_private_schools",
        Kind::YesNo,
        "是",
        "民办学校是否参加资源配置7项指标和差异系数计算",
    ),
    item(
        "常住人口",
        "resident_population",
        Kind::Count,
        "",
        "全县（区）常住人口（人）；社会认可度调查样本应约为常住人口的1.5‰，填写后检查样本是否过少",
    ),
    item(
        "教学点参评人数下限",
        "teaching_point_min",
        Kind::Count,
        "50",
        "在校生少于此数的教学点不参加资源配置7项指标和差异系数计算（按省级实施细则：0、50或100）",
    ),
    item(
        "教学点参加专用教室评估",
        "teaching_points_in_rooms",
        Kind::YesNo,
        "是",
        "指标2.3（音乐、美术专用教室）是否评估教学点（按省级实施细则）",
    ),
    item(
        "责任清单样式",
        "duty_style",
        Kind::List(DUTY_STYLES),
        "简表",
        "简表：一级指标|二级指标|责任部门；详表：含指标说明、评估重点、计算公式（横排）；分级：A/B/C级",
    ),
    item(
        "责任清单现状栏",
        "duty_status_column",
        Kind::YesNo,
        "是",
        "责任清单是否附“现状”栏（按工作簿计算的达标情况）",
    ),
];

/// The 基本信息 item of this name.
pub fn basic_item(name: &str) -> Option<&'static Item> {
    BASIC_ITEMS.iter().find(|i| i.name == name)
}

pub const BASIC_INFO: SheetSchema = SheetSchema {
    name: "基本信息",
    key: basic::ITEM.name(),
    required: true,
    must_fill: true,
    help: "县区名称、成文日期、统计年度、基本均衡认定年份等文件要素；已写入的默认值可按需修改。",
    columns: &[
        req(basic::ITEM, Kind::Text, "请勿修改项目名称"),
        req(basic::CONTENT, Kind::Text, ""),
    ],
};

// ---------------------------------------------------------------- 学校

const ALL_STAGES_EMPTY: Stages = &[("小学", ""), ("初中", "")];

pub const SCHOOLS: SheetSchema = SheetSchema {
    name: "学校",
    key: school::NAME.name(),
    required: true,
    must_fill: true,
    help: "每所学校（独立校区）一行：类型、在校生、班级、教师、校舍场馆、仪器设备、专用教室等。",
    columns: &[
        req(
            school::NAME,
            Kind::Text,
            "每所学校（独立校区）一行，名称不得重复",
        ),
        req(
            school::KIND,
            Kind::List(SCHOOL_TYPES),
            "小学/初中/九年一贯制/十二年一贯制/完全中学/教学点/特殊教育学校",
        )
        .field("kind"),
        col(school::LOCALITY, Kind::List(LOCALITIES), "默认城区").field("locality"),
        col(school::OWNERSHIP, Kind::List(OWNERSHIP), "默认公办").field("private"),
        col(school::BOARDING, Kind::YesNo, "").field("boarding"),
        col(school::CENTRAL_CITY, Kind::YesNo, "").field("central_city"),
        col(
            school::BUILT_YEAR,
            Kind::Year,
            "建成（或规划）年份；2016年及以前建成的学校适用部分特殊情形",
        )
        .field("built_year"),
        col(school::STUDENTS, Kind::Count, "")
            .unit("人")
            .field("students")
            .aliases(&["学生数"])
            .staged(&[
                ("小学", "学校没有的学段留空"),
                ("初中", "学校没有的学段留空"),
                ("高中", "十二年一贯制、完全中学填写；高中部分不参加评估"),
            ]),
        col(school::CLASSES, Kind::Count, "")
            .unit("个")
            .field("classes")
            .staged(ALL_STAGES_EMPTY),
        col(school::FULL_TIME_TEACHERS, Kind::Count, "")
            .unit("人")
            .field("full_time_teachers")
            .staged(ALL_STAGES_EMPTY),
        col(school::TEACHERS_ABOVE_DEGREE, Kind::Count, "")
            .unit("人")
            .field("teachers_above_degree")
            .staged(&[
                ("小学", "指标1.1：小学为专科及以上学历"),
                ("初中", "指标1.1：初中为本科及以上学历"),
            ]),
        col(school::BACKBONE_TEACHERS, Kind::Count, "")
            .unit("人")
            .field("backbone_teachers")
            .staged(&[("小学", "指标1.2"), ("初中", "指标1.2")]),
        col(school::PE_ART_TEACHERS, Kind::Count, "")
            .unit("人")
            .field("pe_art_teachers")
            .staged(&[
                ("小学", "指标1.3：体育、艺术（美术、音乐）专任教师"),
                ("初中", "指标1.3：体育、艺术（美术、音乐）专任教师"),
            ]),
        col(
            school::TEACHING_AREA,
            Kind::Amount,
            "指标1.4：全校合计，一贯制学校由程序按学段拆分",
        )
        .unit("平方米")
        .field("teaching_area"),
        col(school::SPORTS_AREA, Kind::Amount, "指标1.5：全校合计")
            .unit("平方米")
            .field("sports_area"),
        col(
            school::EQUIPMENT_VALUE,
            Kind::Amount,
            "指标1.6：全校合计；如按万元填写，请把表头改为“教学仪器设备值（万元）”",
        )
        .unit("元")
        .field("equipment_value")
        .aliases(&["教学仪器设备总值"]),
        col(school::MULTIMEDIA_ROOMS, Kind::Count, "指标1.7：全校合计")
            .unit("间")
            .field("multimedia_rooms"),
        col(school::MUSIC_ROOMS, Kind::Count, "指标2.3")
            .unit("间")
            .field("music_rooms"),
        col(school::ART_ROOMS, Kind::Count, "指标2.3")
            .unit("间")
            .field("art_rooms"),
        col(
            school::MUSIC_ROOM_MIN_AREA,
            Kind::Amount,
            "指标2.3：面积最小的一间",
        )
        .unit("平方米")
        .field("music_room_min_area"),
        col(
            school::ART_ROOM_MIN_AREA,
            Kind::Amount,
            "指标2.3：面积最小的一间",
        )
        .unit("平方米")
        .field("art_room_min_area"),
        col(school::MAX_CLASS_SIZE, Kind::Count, "")
            .unit("人")
            .field("max_class_size")
            .staged(&[
                ("小学", "指标2.5：未填“班级”工作表时使用"),
                ("初中", "指标2.5：未填“班级”工作表时使用"),
            ]),
        col(
            school::TEACHING_AREA_UNDER_CONSTRUCTION,
            Kind::Amount,
            "指标1.4特殊情形：在建工程的教学及辅助用房面积",
        )
        .unit("平方米")
        .field("teaching_area_under_construction"),
        col(
            school::SPORTS_AREA_UNDER_CONSTRUCTION,
            Kind::Amount,
            "特殊情形：在建项目",
        )
        .unit("平方米")
        .field("sports_area_under_construction"),
        col(
            school::SPORTS_AREA_RENTED,
            Kind::Amount,
            "特殊情形：长期租用的场馆",
        )
        .unit("平方米")
        .field("sports_area_rented"),
        col(
            school::STARTING_GRADE_STUDENTS,
            Kind::Count,
            "一年级（无小学的学校为七年级）",
        )
        .unit("人")
        .field("starting_grade_students"),
        col(school::STARTING_GRADE_CLASSES, Kind::Count, "一年级（无小学的学校为七年级）；指标2.3可按起始年级班级数测算")
            .unit("个")
            .field("starting_grade_classes"),
        col(
            school::SIZE_APPROVED,
            Kind::YesNo,
            "指标2.4特殊情形：学校规模未超过县级以上人民政府批复的规模",
        )
        .field("size_approved"),
        col(
            school::LARGEST_CAMPUS_STUDENTS,
            Kind::Count,
            "指标2.4特殊情形：一个法人、多个独立校区的学校，填在校生最多的校区的义务教育阶段在校生数",
        )
        .unit("人")
        .field("largest_campus_students"),
        col(
            school::SIZE_PLAN,
            Kind::YesNo,
            "指标2.4特殊情形（城区、中心城区学校）：因城镇化等原因超规模，课程开齐开足，已制定化解方案",
        )
        .field("size_plan"),
        col(
            school::AREA_PLAN,
            Kind::YesNo,
            "指标1.4特殊情形（城区、中心城区学校）：确实无法扩充面积，已“一校一案”制定化解方案",
        )
        .field("area_plan"),
        col(
            school::MUSIC_ART_TAUGHT,
            Kind::YesNo,
            "指标2.3特殊情形（城区、中心城区学校）：确实无法增加音乐、美术教室，音乐、美术课开齐开足开好",
        )
        .field("music_art_taught"),
        col(
            school::CAPACITY_EXPANSION,
            Kind::YesNo,
            "指标2.5特殊情形：挖潜扩容的优质学校",
        )
        .field("capacity_expansion"),
        col(
            school::NEARBY_RATIO,
            Kind::Percent,
            "指标2.13：本校招生中划片就近入学的比例；填写后逐校评估（城区、镇区公办非寄宿学校：小学100%、初中95%以上），不填则用「县级指标」的全县比例",
        )
        .field("nearby_ratio"),
        col(school::PUBLIC_FUNDS_BUDGET, Kind::Amount, "指标3.4")
            .unit("元")
            .field("public_funds_budget"),
        col(school::TRAINING_BUDGET, Kind::Amount, "指标3.4")
            .unit("元")
            .field("training_budget"),
        col(
            school::SPECIAL_NOTE,
            Kind::Long,
            "特殊情形的说明文字，报告中原文引用；是否认定特殊情形只看上面各列",
        )
        .field("special_note"),
    ],
};

// ---------------------------------------------------------------- the other sheets

pub(crate) const CLASSES: SheetSchema = SheetSchema {
    name: "班级",
    key: class::SCHOOL.name(),
    required: false,
    must_fill: false,
    help: "每个班一行；填写后以此计算班额（指标2.5），且须与“学校”表的班级数、在校生数一致。",
    columns: &[
        req(class::SCHOOL, Kind::Text, "与“学校”工作表中的名称一致"),
        col(class::STAGE, Kind::List(STAGES), "可留空，按年级判断"),
        req(
            class::GRADE,
            Kind::List(GRADES),
            "一年级～九年级（或 1～9）",
        ),
        col(class::CLASS, Kind::Text, "如“1班”"),
        req(class::STUDENTS, Kind::Count, "该班学生人数"),
    ],
};

pub(crate) const COUNTY_INDICATORS: SheetSchema = SheetSchema {
    name: "县级指标",
    key: county::ITEM.name(),
    required: false,
    must_fill: true,
    help: "政府保障程度、教育质量等县级项目，已列出全部项目；“数值”栏填写数据，“说明”栏填写佐证材料（引用到自评报告）。六项否决项填“是”表示存在该问题。",
    columns: &[
        req(county::ITEM, Kind::Text, "请勿修改项目名称"),
        req(
            county::VALUE,
            Kind::Text,
            "是/否、人数、金额（元）或比例（如 95%）；不适用填“不涉及”",
        ),
        col(county::NOTE, Kind::Long, "佐证说明，将引用到自评报告中"),
    ],
};

pub(crate) const QUALITY: SheetSchema = SheetSchema {
    name: "质量监测",
    key: quality::SUBJECT.name(),
    required: false,
    must_fill: false,
    help: "国家义务教育质量监测结果：各学科学业水平等级和校际差异率（指标3.9）。",
    columns: &[
        req(
            quality::SUBJECT,
            Kind::Text,
            "国家义务教育质量监测学科，如 数学",
        ),
        col(quality::LEVEL, Kind::List(LEVELS), "Ⅰ～Ⅳ级（也可填 1～4）"),
        col(
            quality::DIFFERENCE_RATE,
            Kind::Percent,
            "指标3.9：如 0.12 或 12%",
        ),
    ],
};

pub(crate) const RECOGNITION: SheetSchema = SheetSchema {
    name: "社会认可度",
    key: recognition::GROUP.name(),
    required: false,
    must_fill: true,
    help: "各类调查对象的有效问卷数和认可问卷数（指标4.1）。",
    columns: &[
        req(
            recognition::GROUP,
            Kind::Text,
            "如 学生、家长、教师、校长、人大代表、政协委员、社会人士",
        ),
        req(recognition::VALID, Kind::Count, ""),
        req(recognition::APPROVING, Kind::Count, "不得大于有效问卷数"),
        col(
            recognition::WEIGHT,
            Kind::Amount,
            "可留空：全部留空按问卷合计计算，全部填写按加权计算",
        ),
    ],
};

pub(crate) const DUTIES: SheetSchema = SheetSchema {
    name: "责任分工",
    key: duty::INDICATOR.name(),
    required: false,
    must_fill: false,
    help: "按指标编号（1.1～4.2）填写责任单位、牵头单位、责任领导等；未列出的指标使用内置默认分工。",
    columns: &[
        req(
            duty::INDICATOR,
            Kind::Text,
            "1.1～4.2；未列出的指标使用内置默认分工",
        ),
        col(duty::UNITS, Kind::Long, "多个单位用顿号分隔"),
        col(duty::LEAD, Kind::Text, "责任单位中的牵头单位"),
        col(duty::LEADER, Kind::Text, ""),
        col(duty::EXPLANATION, Kind::Long, "详表样式使用"),
        col(duty::FOCUS, Kind::Long, "详表样式使用"),
    ],
};

pub(crate) const EVIDENCE: SheetSchema = SheetSchema {
    name: "佐证材料",
    key: evidence::NAME.name(),
    required: false,
    must_fill: false,
    help: "各项指标应提供的佐证材料（已预填内置清单）：列出的指标以本表为准——增加材料就加一行，改名直接改“材料名称”，删除材料就删去该行；某项指标不需要材料时只留一行，材料名称填“无”。未列出的指标使用内置清单。供 junheng evidence init/check 使用。",
    columns: &[
        col(
            evidence::INDICATOR,
            Kind::Text,
            "1.1～4.2；留空表示与上一行相同；未列出的指标使用内置清单",
        ),
        req(
            evidence::NAME,
            Kind::Text,
            "文件名中含此名称即视为该项材料；不需要材料的指标只留一行并填“无”",
        ),
        col(
            evidence::UNITS,
            Kind::Long,
            "多个单位用顿号分隔；留空则用“责任分工”中该指标的单位",
        ),
        col(evidence::NOTE, Kind::Long, "材料应包含的内容"),
    ],
};

pub(crate) const LEADERS: SheetSchema = SheetSchema {
    name: "领导小组",
    key: leader::ROLE.name(),
    required: false,
    must_fill: false,
    help: "实施方案“组织领导”部分的领导小组名单。",
    columns: &[
        req(
            leader::ROLE,
            Kind::List(ROLES),
            "组长/副组长/成员/办公室主任等",
        )
        .field("role"),
        req(leader::NAME, Kind::Text, "").field("name"),
        col(leader::POSITION, Kind::Text, "如“区人民政府副区长”").field("position"),
    ],
};

pub(crate) const PHASES: SheetSchema = SheetSchema {
    name: "实施步骤",
    key: phase::NAME.name(),
    required: false,
    must_fill: false,
    help: "实施方案“实施步骤”部分的各阶段。",
    columns: &[
        req(phase::NAME, Kind::Text, "如“动员部署阶段”").field("name"),
        col(phase::PERIOD, Kind::Text, "如“2026年3月—4月”").field("period"),
        col(phase::CONTENT, Kind::Long, "").field("content"),
    ],
};

pub(crate) const TASKS: SheetSchema = SheetSchema {
    name: "工作任务",
    key: task::TITLE.name(),
    required: false,
    must_fill: false,
    help: "实施方案“重点任务”部分；未达标学校的整改任务由程序自动生成。",
    columns: &[
        col(task::CATEGORY, Kind::Text, "如“优化资源配置”").field("category"),
        req(task::TITLE, Kind::Text, "任务标题").field("title"),
        col(task::CONTENT, Kind::Long, "").field("content"),
        col(task::UNITS, Kind::Long, "多个单位用顿号分隔").field("units"),
        col(task::DEADLINE, Kind::Text, "如“2026年8月底前”").field("deadline"),
    ],
};

pub(crate) const TEXTS: SheetSchema = SheetSchema {
    name: "文字材料",
    key: text::SECTION.name(),
    required: false,
    must_fill: false,
    help: "指导思想、工作目标、保障措施、主要做法与成效、存在问题、努力方向等叙述文字；留空使用内置默认文字。",
    columns: &[
        req(
            text::SECTION,
            Kind::Text,
            "请勿修改章节名称；一个章节可写多行，每行一段",
        ),
        col(text::CONTENT, Kind::Long, "留空则使用内置的默认文字"),
    ],
};

/// The 文字材料 sections the template lists.
pub(crate) const TEXT_SECTIONS: &[&str] = &[
    "指导思想",
    "工作目标",
    "保障措施",
    "主要做法与成效",
    "存在问题",
    "努力方向",
];

pub(crate) const TARGETS: SheetSchema = SheetSchema {
    name: "发展指标",
    key: target::INDICATOR.name(),
    required: false,
    must_fill: false,
    help: "实施方案中的发展目标表（基期值、目标值）。",
    columns: &[
        req(target::INDICATOR, Kind::Text, "如“小学生均教学仪器设备值”").field("indicator"),
        col(target::UNIT, Kind::Text, "").field("unit"),
        col(target::BASE, Kind::Text, "").field("base_value"),
        col(target::TARGET, Kind::Text, "").field("target_value"),
        col(target::YEAR, Kind::Text, "").field("target_year"),
    ],
};

pub(crate) const COSTS: SheetSchema = SheetSchema {
    name: "测算参数",
    key: cost::ITEM.name(),
    required: false,
    must_fill: false,
    help: "整改测算（junheng rectify）使用的单价，不填的项目使用默认值（见 README“整改测算”）。项目：新增教师、骨干教师培养、教学及辅助用房、体育运动场馆、教学仪器设备、网络多媒体教室、音乐美术专用教室、教师培训经费、教师交流、年度预算上限、测算截止年份；单价填“禁止”表示不采用该类措施。",
    columns: &[
        req(
            cost::ITEM,
            Kind::Text,
            "如“新增教师”“体育运动场馆”“年度预算上限”",
        )
        .field("item"),
        col(
            cost::PRICE,
            Kind::Text,
            "元（单位为万元时按万元）；填“禁止”表示不采用该类措施",
        )
        .field("price"),
        col(cost::UNIT, Kind::Text, "如“元/人”“万元/间”").field("unit"),
        col(cost::NOTE, Kind::Long, "测算依据").field("note"),
    ],
};

/// Every sheet, in the workbook's order.
pub const SHEETS: &[&SheetSchema] = &[
    &BASIC_INFO,
    &SCHOOLS,
    &CLASSES,
    &COUNTY_INDICATORS,
    &QUALITY,
    &RECOGNITION,
    &DUTIES,
    &EVIDENCE,
    &LEADERS,
    &PHASES,
    &TASKS,
    &TEXTS,
    &TARGETS,
    &COSTS,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader looks columns up only by these ids; one that named no column of its
    /// sheet would find nothing and read every cell as blank.
    #[test]
    fn every_reader_id_is_a_column_of_its_sheet() {
        let sheets: [(&SheetSchema, &[Col]); 14] = [
            (&BASIC_INFO, basic::ALL),
            (&SCHOOLS, school::ALL),
            (&CLASSES, class::ALL),
            (&COUNTY_INDICATORS, county::ALL),
            (&QUALITY, quality::ALL),
            (&RECOGNITION, recognition::ALL),
            (&DUTIES, duty::ALL),
            (&EVIDENCE, evidence::ALL),
            (&LEADERS, leader::ALL),
            (&PHASES, phase::ALL),
            (&TASKS, task::ALL),
            (&TEXTS, text::ALL),
            (&TARGETS, target::ALL),
            (&COSTS, cost::ALL),
        ];
        assert_eq!(sheets.len(), SHEETS.len());
        for (sheet, ids) in sheets {
            for id in ids {
                assert!(
                    sheet.columns.iter().any(|c| c.name == id.name()),
                    "「{}」 has no column 「{}」",
                    sheet.name,
                    id.name()
                );
            }
            assert_eq!(ids.len(), sheet.columns.len(), "「{}」", sheet.name);
        }
        // A staged lookup names a column that has that stage.
        let students = SCHOOLS.column(school::STUDENTS.name()).expect("在校生数");
        assert!(
            students
                .stages
                .is_some_and(|s| s.iter().any(|(st, _)| *st == "高中"))
        );
        assert_eq!(school::STUDENTS.stage("小学").header(), "小学在校生数");
    }
    use crate::model::{Locality, SchoolKind};

    /// The allowed values are static tables; they must be exactly what the reader
    /// accepts, so they are pinned to the model here.
    #[test]
    fn allowed_values_match_the_model() {
        let kinds: Vec<&str> = SchoolKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(SCHOOL_TYPES, kinds.as_slice());
        let localities: Vec<&str> = [Locality::Urban, Locality::Town, Locality::Rural]
            .iter()
            .map(|l| l.label())
            .collect();
        assert_eq!(LOCALITIES, localities.as_slice());
    }

    #[test]
    fn names_and_aliases_are_unique_within_a_sheet() {
        for sheet in SHEETS {
            let mut seen: Vec<String> = sheet.accepted();
            seen.extend(sheet.aliases().into_iter().map(|(a, _)| a));
            let total = seen.len();
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), total, "{}: a name or alias repeats", sheet.name);
            assert!(
                sheet.column(sheet.key).is_some(),
                "{}: key column {} is not a column",
                sheet.name,
                sheet.key
            );
        }
        let mut names: Vec<&str> = SHEETS.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SHEETS.len());
    }

    #[test]
    fn diff_labels_show_units_of_areas_and_money_only() {
        let labels = SCHOOLS.labels();
        let label = |field: &str| {
            labels
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, l)| l.clone())
        };
        assert_eq!(
            label("teaching_area").as_deref(),
            Some("教学及辅助用房面积（平方米）")
        );
        assert_eq!(label("students").as_deref(), Some("在校生数"));
        assert_eq!(
            label("equipment_value").as_deref(),
            Some("教学仪器设备值（元）")
        );
    }
}
