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

const fn col(name: &'static str, kind: Kind, help: &'static str) -> Column {
    Column {
        name,
        aliases: &[],
        unit: None,
        kind,
        required: false,
        help,
        field: "",
        stages: None,
    }
}

const fn req(name: &'static str, kind: Kind, help: &'static str) -> Column {
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
        "落款单位；留空时为“县区名称+教育局”",
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
        "通过义务教育基本均衡国家认定的年份（须早于统计年度3年以上）",
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
    key: "项目",
    required: true,
    must_fill: true,
    help: "县区名称、成文日期、统计年度、基本均衡认定年份等文件要素；已写入的默认值可按需修改。",
    columns: &[
        req("项目", Kind::Text, "请勿修改项目名称"),
        req("内容", Kind::Text, ""),
    ],
};

// ---------------------------------------------------------------- 学校

const ALL_STAGES_EMPTY: Stages = &[("小学", ""), ("初中", "")];

pub const SCHOOLS: SheetSchema = SheetSchema {
    name: "学校",
    key: "学校名称",
    required: true,
    must_fill: true,
    help: "每所学校（独立校区）一行：类型、在校生、班级、教师、校舍场馆、仪器设备、专用教室等。",
    columns: &[
        req(
            "学校名称",
            Kind::Text,
            "每所学校（独立校区）一行，名称不得重复",
        ),
        req(
            "学校类型",
            Kind::List(SCHOOL_TYPES),
            "小学/初中/九年一贯制/十二年一贯制/完全中学/教学点/特殊教育学校",
        )
        .field("kind"),
        col("城乡类型", Kind::List(LOCALITIES), "默认城区").field("locality"),
        col("办学性质", Kind::List(OWNERSHIP), "默认公办").field("private"),
        col("寄宿制", Kind::YesNo, "").field("boarding"),
        col("中心城区", Kind::YesNo, "").field("central_city"),
        col(
            "建设年份",
            Kind::Year,
            "建成（或规划）年份；2016年及以前建成的学校适用部分特殊情形",
        )
        .field("built_year"),
        col("在校生数", Kind::Count, "")
            .unit("人")
            .field("students")
            .aliases(&["学生数"])
            .staged(&[
                ("小学", "学校没有的学段留空"),
                ("初中", "学校没有的学段留空"),
                ("高中", "十二年一贯制、完全中学填写；高中部分不参加评估"),
            ]),
        col("班级数", Kind::Count, "")
            .unit("个")
            .field("classes")
            .staged(ALL_STAGES_EMPTY),
        col("专任教师数", Kind::Count, "")
            .unit("人")
            .field("full_time_teachers")
            .staged(ALL_STAGES_EMPTY),
        col("高于规定学历教师数", Kind::Count, "")
            .unit("人")
            .field("teachers_above_degree")
            .staged(&[
                ("小学", "指标1.1：小学为专科及以上学历"),
                ("初中", "指标1.1：初中为本科及以上学历"),
            ]),
        col("县级以上骨干教师数", Kind::Count, "")
            .unit("人")
            .field("backbone_teachers")
            .staged(&[("小学", "指标1.2"), ("初中", "指标1.2")]),
        col("体育艺术专任教师数", Kind::Count, "")
            .unit("人")
            .field("pe_art_teachers")
            .staged(&[
                ("小学", "指标1.3：体育、艺术（美术、音乐）专任教师"),
                ("初中", "指标1.3：体育、艺术（美术、音乐）专任教师"),
            ]),
        col(
            "教学及辅助用房面积",
            Kind::Amount,
            "指标1.4：全校合计，一贯制学校由程序按学段拆分",
        )
        .unit("平方米")
        .field("teaching_area"),
        col("体育运动场馆面积", Kind::Amount, "指标1.5：全校合计")
            .unit("平方米")
            .field("sports_area"),
        col(
            "教学仪器设备值",
            Kind::Amount,
            "指标1.6：全校合计；如按万元填写，请把表头改为“教学仪器设备值（万元）”",
        )
        .unit("元")
        .field("equipment_value")
        .aliases(&["教学仪器设备总值"]),
        col("网络多媒体教室数", Kind::Count, "指标1.7：全校合计")
            .unit("间")
            .field("multimedia_rooms"),
        col("音乐专用教室数", Kind::Count, "指标2.3")
            .unit("间")
            .field("music_rooms"),
        col("美术专用教室数", Kind::Count, "指标2.3")
            .unit("间")
            .field("art_rooms"),
        col(
            "音乐专用教室最小面积",
            Kind::Amount,
            "指标2.3：面积最小的一间",
        )
        .unit("平方米")
        .field("music_room_min_area"),
        col(
            "美术专用教室最小面积",
            Kind::Amount,
            "指标2.3：面积最小的一间",
        )
        .unit("平方米")
        .field("art_room_min_area"),
        col("最大班额", Kind::Count, "")
            .unit("人")
            .field("max_class_size")
            .staged(&[
                ("小学", "指标2.5：未填“班级”工作表时使用"),
                ("初中", "指标2.5：未填“班级”工作表时使用"),
            ]),
        col(
            "在建教学及辅助用房面积",
            Kind::Amount,
            "特殊情形：在建项目（须在“特殊情形说明”中写明）",
        )
        .unit("平方米")
        .field("teaching_area_under_construction"),
        col("在建体育运动场馆面积", Kind::Amount, "特殊情形：在建项目")
            .unit("平方米")
            .field("sports_area_under_construction"),
        col(
            "租用体育运动场馆面积",
            Kind::Amount,
            "特殊情形：长期租用的场馆",
        )
        .unit("平方米")
        .field("sports_area_rented"),
        col(
            "起始年级学生数",
            Kind::Count,
            "一年级（无小学的学校为七年级）",
        )
        .unit("人")
        .field("starting_grade_students"),
        col("起始年级班级数", Kind::Count, "")
            .unit("个")
            .field("starting_grade_classes"),
        col("规模经批复", Kind::YesNo, "指标2.4：超规模办学经批复").field("size_approved"),
        col("公用经费预算总额", Kind::Amount, "指标3.4")
            .unit("元")
            .field("public_funds_budget"),
        col("教师培训经费", Kind::Amount, "指标3.4")
            .unit("元")
            .field("training_budget"),
        col(
            "特殊情形说明",
            Kind::Long,
            "一校一案的说明文字；特殊情形认定须有此说明",
        )
        .field("special_note"),
    ],
};

// ---------------------------------------------------------------- the other sheets

pub(crate) const CLASSES: SheetSchema = SheetSchema {
    name: "班级",
    key: "学校名称",
    required: false,
    must_fill: false,
    help: "每个班一行；填写后以此计算班额（指标2.5），且须与“学校”表的班级数、在校生数一致。",
    columns: &[
        req("学校名称", Kind::Text, "与“学校”工作表中的名称一致"),
        col("学段", Kind::List(STAGES), "可留空，按年级判断"),
        req("年级", Kind::List(GRADES), "一年级～九年级（或 1～9）"),
        col("班级", Kind::Text, "如“1班”"),
        req("学生数", Kind::Count, "该班学生人数"),
    ],
};

pub(crate) const COUNTY_INDICATORS: SheetSchema = SheetSchema {
    name: "县级指标",
    key: "项目",
    required: false,
    must_fill: true,
    help: "政府保障程度、教育质量等县级项目，已列出全部项目；“数值”栏填写数据，“说明”栏填写佐证材料（引用到自评报告）。六项否决项填“是”表示存在该问题。",
    columns: &[
        req("项目", Kind::Text, "请勿修改项目名称"),
        req(
            "数值",
            Kind::Text,
            "是/否、人数、金额（元）或比例（如 95%）；不适用填“不涉及”",
        ),
        col("说明", Kind::Long, "佐证说明，将引用到自评报告中"),
    ],
};

pub(crate) const QUALITY: SheetSchema = SheetSchema {
    name: "质量监测",
    key: "学科",
    required: false,
    must_fill: false,
    help: "国家义务教育质量监测结果：各学科学业水平等级和校际差异率（指标3.9）。",
    columns: &[
        req("学科", Kind::Text, "国家义务教育质量监测学科，如 数学"),
        col("学业水平等级", Kind::List(LEVELS), "Ⅰ～Ⅳ级（也可填 1～4）"),
        col("校际差异率", Kind::Percent, "指标3.9：如 0.12 或 12%"),
    ],
};

pub(crate) const RECOGNITION: SheetSchema = SheetSchema {
    name: "社会认可度",
    key: "调查对象",
    required: false,
    must_fill: true,
    help: "各类调查对象的有效问卷数和认可问卷数（指标4.1）。",
    columns: &[
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
    ],
};

pub(crate) const DUTIES: SheetSchema = SheetSchema {
    name: "责任分工",
    key: "指标编号",
    required: false,
    must_fill: false,
    help: "按指标编号（1.1～4.2）填写责任单位、牵头单位、责任领导等；未列出的指标使用内置默认分工。",
    columns: &[
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
    ],
};

pub(crate) const EVIDENCE: SheetSchema = SheetSchema {
    name: "佐证材料",
    key: "材料名称",
    required: false,
    must_fill: false,
    help: "各项指标应提供的佐证材料（已预填内置清单）：列出的指标以本表为准——增加材料就加一行，改名直接改“材料名称”，删除材料就删去该行；某项指标不需要材料时只留一行，材料名称填“无”。未列出的指标使用内置清单。供 junheng evidence init/check 使用。",
    columns: &[
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
    ],
};

pub(crate) const LEADERS: SheetSchema = SheetSchema {
    name: "领导小组",
    key: "职务",
    required: false,
    must_fill: false,
    help: "实施方案“组织领导”部分的领导小组名单。",
    columns: &[
        req("职务", Kind::List(ROLES), "组长/副组长/成员/办公室主任等").field("role"),
        req("姓名", Kind::Text, "").field("name"),
        col("单位及职务", Kind::Text, "如“区人民政府副区长”").field("position"),
    ],
};

pub(crate) const PHASES: SheetSchema = SheetSchema {
    name: "实施步骤",
    key: "阶段",
    required: false,
    must_fill: false,
    help: "实施方案“实施步骤”部分的各阶段。",
    columns: &[
        req("阶段", Kind::Text, "如“动员部署阶段”").field("name"),
        col("起止时间", Kind::Text, "如“2026年3月—4月”").field("period"),
        col("工作内容", Kind::Long, "").field("content"),
    ],
};

pub(crate) const TASKS: SheetSchema = SheetSchema {
    name: "工作任务",
    key: "标题",
    required: false,
    must_fill: false,
    help: "实施方案“重点任务”部分；未达标学校的整改任务由程序自动生成。",
    columns: &[
        col("类别", Kind::Text, "如“优化资源配置”").field("category"),
        req("标题", Kind::Text, "任务标题").field("title"),
        col("内容", Kind::Long, "").field("content"),
        col("责任单位", Kind::Long, "多个单位用顿号分隔").field("units"),
        col("完成时限", Kind::Text, "如“2026年8月底前”").field("deadline"),
    ],
};

pub(crate) const TEXTS: SheetSchema = SheetSchema {
    name: "文字材料",
    key: "章节",
    required: false,
    must_fill: false,
    help: "指导思想、工作目标、保障措施、主要做法与成效、存在问题、努力方向等叙述文字；留空使用内置默认文字。",
    columns: &[
        req(
            "章节",
            Kind::Text,
            "请勿修改章节名称；一个章节可写多行，每行一段",
        ),
        col("内容", Kind::Long, "留空则使用内置的默认文字"),
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
    key: "指标",
    required: false,
    must_fill: false,
    help: "实施方案中的发展目标表（基期值、目标值）。",
    columns: &[
        req("指标", Kind::Text, "如“小学生均教学仪器设备值”").field("indicator"),
        col("单位", Kind::Text, "").field("unit"),
        col("基期值", Kind::Text, "").field("base_value"),
        col("目标值", Kind::Text, "").field("target_value"),
        col("目标年份", Kind::Text, "").field("target_year"),
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
];

#[cfg(test)]
mod tests {
    use super::*;
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
