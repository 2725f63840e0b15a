//! The 33 indicators of 《县域义务教育优质均衡发展督导评估办法》 as data.
//!
//! One static table, [`INDICATORS`], in the order of the 办法: 1.1–1.7 资源配置,
//! 2.1–2.15 政府保障程度, 3.1–3.9 教育质量, 4.1 社会认可度 and 4.2 the veto items.
//! Everything a document needs to print about an indicator (wording, standard, unit,
//! formula, default responsible units, 指标说明, 评估重点) lives here and nowhere else.
//!
//! **Responsible units are stored without the administrative prefix** (`教育局`, not
//! `区教育局`). Documents add it with [`Indicator::departments_for`], which uses
//! [`AdminLevel::suffix`] (区/县/市), so one table serves 区, 县 and 县级市. The first unit
//! of [`Indicator::departments`] is the default lead unit (牵头单位).

pub mod evidence_items;
pub mod rules;

use crate::model::{AdminLevel, Stage};
use serde::Serialize;

/// 一级指标 (evaluation area).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// 资源配置
    Resources,
    /// 政府保障程度
    Government,
    /// 教育质量
    Quality,
    /// 社会认可度 (4.1 and the 4.2 veto items)
    Recognition,
}

impl Area {
    pub const ALL: [Area; 4] = [
        Area::Resources,
        Area::Government,
        Area::Quality,
        Area::Recognition,
    ];

    /// The official label: 资源配置 / 政府保障程度 / 教育质量 / 社会认可度.
    pub fn label(self) -> &'static str {
        match self {
            Area::Resources => "资源配置",
            Area::Government => "政府保障程度",
            Area::Quality => "教育质量",
            Area::Recognition => "社会认可度",
        }
    }

    /// The "A1"… code used by graded duty lists (seed 004).
    pub fn code(self) -> &'static str {
        match self {
            Area::Resources => "A1",
            Area::Government => "A2",
            Area::Quality => "A3",
            Area::Recognition => "A4",
        }
    }

    /// All indicators of this area, in order.
    pub fn indicators(self) -> impl Iterator<Item = &'static Indicator> {
        INDICATORS.iter().filter(move |i| i.area == self)
    }
}

/// An exact non-negative rational, used for thresholds so that comparisons against
/// counts can be done by integer cross-multiplication (4.2 is `42/10`, never `4.2f64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rational {
    pub num: u64,
    pub den: u64,
}

impl Rational {
    pub const fn new(num: u64, den: u64) -> Self {
        Rational { num, den }
    }

    pub const fn int(n: u64) -> Self {
        Rational { num: n, den: 1 }
    }

    pub(crate) fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// `self × other`, exact.
    pub const fn times(self, other: Rational) -> Rational {
        Rational {
            num: self.num * other.num,
            den: self.den * other.den,
        }
    }
}

/// The 85% line of the compliance rule, exactly.
pub(crate) const EIGHTY_FIVE_PERCENT: Rational = Rational::new(85, 100);

/// Which way a standard is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// "达到 X 以上" / "不低于 X": value ≥ X.
    AtLeast,
    /// "不超过 X": value ≤ X.
    AtMost,
    /// "低于 X": value < X.
    Below,
    /// Yes/no judgement (or a combination of several conditions).
    Judgement,
}

/// One of the 33 indicators. Code names an indicator by its variant
/// (`IndicatorId::I1_6`), never by the string `"1.6"`; text from a workbook becomes an id
/// only through [`IndicatorId::parse`]. The variants are in the 办法's order, the order of
/// [`INDICATORS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndicatorId {
    /// 1.1
    I1_1,
    /// 1.2
    I1_2,
    /// 1.3
    I1_3,
    /// 1.4
    I1_4,
    /// 1.5
    I1_5,
    /// 1.6
    I1_6,
    /// 1.7
    I1_7,
    /// 2.1
    I2_1,
    /// 2.2
    I2_2,
    /// 2.3
    I2_3,
    /// 2.4
    I2_4,
    /// 2.5
    I2_5,
    /// 2.6
    I2_6,
    /// 2.7
    I2_7,
    /// 2.8
    I2_8,
    /// 2.9
    I2_9,
    /// 2.10
    I2_10,
    /// 2.11
    I2_11,
    /// 2.12
    I2_12,
    /// 2.13
    I2_13,
    /// 2.14
    I2_14,
    /// 2.15
    I2_15,
    /// 3.1
    I3_1,
    /// 3.2
    I3_2,
    /// 3.3
    I3_3,
    /// 3.4
    I3_4,
    /// 3.5
    I3_5,
    /// 3.6
    I3_6,
    /// 3.7
    I3_7,
    /// 3.8
    I3_8,
    /// 3.9
    I3_9,
    /// 4.1
    I4_1,
    /// 4.2
    I4_2,
}

impl IndicatorId {
    /// All 33, in order.
    pub const ALL: [IndicatorId; 33] = [
        IndicatorId::I1_1,
        IndicatorId::I1_2,
        IndicatorId::I1_3,
        IndicatorId::I1_4,
        IndicatorId::I1_5,
        IndicatorId::I1_6,
        IndicatorId::I1_7,
        IndicatorId::I2_1,
        IndicatorId::I2_2,
        IndicatorId::I2_3,
        IndicatorId::I2_4,
        IndicatorId::I2_5,
        IndicatorId::I2_6,
        IndicatorId::I2_7,
        IndicatorId::I2_8,
        IndicatorId::I2_9,
        IndicatorId::I2_10,
        IndicatorId::I2_11,
        IndicatorId::I2_12,
        IndicatorId::I2_13,
        IndicatorId::I2_14,
        IndicatorId::I2_15,
        IndicatorId::I3_1,
        IndicatorId::I3_2,
        IndicatorId::I3_3,
        IndicatorId::I3_4,
        IndicatorId::I3_5,
        IndicatorId::I3_6,
        IndicatorId::I3_7,
        IndicatorId::I3_8,
        IndicatorId::I3_9,
        IndicatorId::I4_1,
        IndicatorId::I4_2,
    ];

    /// The seven resource indicators 1.1–1.7, in order.
    pub(crate) const RESOURCES: [IndicatorId; 7] = [
        IndicatorId::I1_1,
        IndicatorId::I1_2,
        IndicatorId::I1_3,
        IndicatorId::I1_4,
        IndicatorId::I1_5,
        IndicatorId::I1_6,
        IndicatorId::I1_7,
    ];

    /// `1.1` … `4.2`, as the 办法 numbers them.
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorId::I1_1 => "1.1",
            IndicatorId::I1_2 => "1.2",
            IndicatorId::I1_3 => "1.3",
            IndicatorId::I1_4 => "1.4",
            IndicatorId::I1_5 => "1.5",
            IndicatorId::I1_6 => "1.6",
            IndicatorId::I1_7 => "1.7",
            IndicatorId::I2_1 => "2.1",
            IndicatorId::I2_2 => "2.2",
            IndicatorId::I2_3 => "2.3",
            IndicatorId::I2_4 => "2.4",
            IndicatorId::I2_5 => "2.5",
            IndicatorId::I2_6 => "2.6",
            IndicatorId::I2_7 => "2.7",
            IndicatorId::I2_8 => "2.8",
            IndicatorId::I2_9 => "2.9",
            IndicatorId::I2_10 => "2.10",
            IndicatorId::I2_11 => "2.11",
            IndicatorId::I2_12 => "2.12",
            IndicatorId::I2_13 => "2.13",
            IndicatorId::I2_14 => "2.14",
            IndicatorId::I2_15 => "2.15",
            IndicatorId::I3_1 => "3.1",
            IndicatorId::I3_2 => "3.2",
            IndicatorId::I3_3 => "3.3",
            IndicatorId::I3_4 => "3.4",
            IndicatorId::I3_5 => "3.5",
            IndicatorId::I3_6 => "3.6",
            IndicatorId::I3_7 => "3.7",
            IndicatorId::I3_8 => "3.8",
            IndicatorId::I3_9 => "3.9",
            IndicatorId::I4_1 => "4.1",
            IndicatorId::I4_2 => "4.2",
        }
    }

    /// The catalogue entry.
    pub fn indicator(self) -> &'static Indicator {
        // The discriminant is the position in TABLE: both list the 33 in the 办法's order
        // (the test `all_33_ids_in_order` checks it), and TABLE's type fixes its length.
        #[allow(clippy::indexing_slicing)]
        &TABLE[self as usize]
    }

    /// An id as typed in a workbook: `2.5`, or a `C12`-style code.
    pub fn parse(text: &str) -> Option<IndicatorId> {
        let text = text.trim();
        if let Some(n) = text.strip_prefix(['C', 'c']) {
            let n: usize = n.parse().ok()?;
            return IndicatorId::ALL.get(n.checked_sub(1)?).copied();
        }
        IndicatorId::ALL.into_iter().find(|id| id.as_str() == text)
    }
}

impl std::fmt::Display for IndicatorId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for IndicatorId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<str> for IndicatorId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for IndicatorId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// `1.5、1.6` — ids joined for a sentence.
pub fn joined(ids: &[IndicatorId], separator: &str) -> String {
    ids.iter()
        .map(|id| id.as_str())
        .collect::<Vec<_>>()
        .join(separator)
}

/// The quantity a resource gap is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapUnit {
    /// Whole teachers (人).
    Teachers,
    /// 平方米 of floor or ground.
    SquareMetres,
    /// 元 of equipment.
    Yuan,
    /// Whole rooms (间).
    Rooms,
}

impl GapUnit {
    /// The unit of [`crate::evaluate::Gap`]'s amounts.
    pub fn symbol(self) -> &'static str {
        match self {
            GapUnit::Teachers => "人",
            GapUnit::SquareMetres => "平方米",
            GapUnit::Yuan => "元",
            GapUnit::Rooms => "间",
        }
    }

    /// Teachers belong to one stage; the other resources are the whole school's, split
    /// between its stages by weight.
    pub(crate) fn is_per_stage(self) -> bool {
        matches!(self, GapUnit::Teachers)
    }

    /// Teachers and rooms come in whole units.
    pub(crate) fn is_whole(self) -> bool {
        matches!(self, GapUnit::Teachers | GapUnit::Rooms)
    }
}

/// What closes a resource gap: "增加{noun}{amount}".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GapSpec {
    pub noun: &'static str,
    pub unit: GapUnit,
}

/// One indicator of the 办法.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub id: IndicatorId,
    /// Sequential number 1–33, as in seed 001's 二级指标 numbering.
    pub number: u8,
    pub area: Area,
    /// B-level group as in seed 004 (教师队伍, 办学条件, 教育经费, …).
    pub group: &'static str,
    /// Short name for tables (`每百名学生拥有高于规定学历教师数`).
    pub name: &'static str,
    /// The 办法's wording, verbatim.
    pub wording: &'static str,
    /// Per-stage standard for primary (1.1–1.7; 2.5's class limit; 2.13's ratio).
    pub primary: Option<Rational>,
    /// Per-stage standard for junior (same indicators as `primary`).
    pub junior: Option<Rational>,
    /// The single county-level threshold where there is one (2.7's 6000 元, 2.9's 100%
    /// as `1/1`, 3.1's 95% as `95/100`, 4.1's 85%, …). Indicators with several numbers
    /// (2.3, 2.4, 2.11, 3.9) keep them as constants in their rule module.
    pub threshold: Option<Rational>,
    pub direction: Direction,
    /// Unit of the indicator value (`人`, `平方米`, `元`, `间`, `%`, `人`…); empty for judgements.
    pub unit: &'static str,
    /// Decimals a value of this indicator prints with (per-stage values of 1.1–1.7;
    /// computation tables print two more).
    pub decimals: u8,
    /// 100 for "每百名学生" indicators, 1 for 生均 and county-level ones.
    pub factor: u64,
    /// How a school's shortfall is closed (1.1–1.7).
    pub gap: Option<GapSpec>,
    /// The standard as printed, e.g. `小学≥4.2人，初中≥5.3人`.
    pub standard_text: &'static str,
    /// Calculation formula in Chinese; empty where the indicator is a judgement.
    pub formula: &'static str,
    /// Default responsible units, **without** the 区/县/市 prefix; the first is the lead.
    pub departments: &'static [&'static str],
    /// 指标说明 for the detailed responsibility list.
    pub explanation: &'static str,
    /// 评估重点 for the detailed responsibility list.
    pub focus: &'static str,
}

impl Indicator {
    /// `C1` … `C33` (seed 004's style).
    pub fn code(&self) -> String {
        format!("C{}", self.number)
    }

    /// The per-stage standard (1.1–1.7, 2.5, 2.13).
    pub fn standard(&self, stage: Stage) -> Option<Rational> {
        match stage {
            Stage::Primary => self.primary,
            Stage::Junior => self.junior,
        }
    }

    /// The default lead unit, without prefix.
    pub(crate) fn lead_department(&self) -> Option<&'static str> {
        self.departments.first().copied()
    }

    /// Default responsible units with the administrative prefix (`区教育局` / `县教育局`).
    pub(crate) fn departments_for(&self, level: AdminLevel) -> Vec<String> {
        self.departments
            .iter()
            .map(|d| prefixed_unit(d, level))
            .collect()
    }

    /// The 佐证材料 a review expects for this indicator (data in `evidence_items.rs`).
    pub fn evidence(&self) -> &'static [evidence_items::EvidenceItem] {
        evidence_items::for_id(self.id.as_str())
    }

    /// Whether this is one of the seven per-school resource indicators.
    pub fn is_resource(&self) -> bool {
        self.area == Area::Resources
    }
}

/// `教育局` → `区教育局` (or `县…`/`市…`). Units that already carry a prefix are kept.
pub(crate) fn prefixed_unit(unit: &str, level: AdminLevel) -> String {
    let suffix = level.suffix();
    if unit.starts_with(['区', '县', '市']) {
        unit.to_string()
    } else {
        format!("{suffix}{unit}")
    }
}

/// Look an indicator up by id as typed (`"2.5"`). Also accepts `C12`-style codes.
pub fn indicator(id: &str) -> Option<&'static Indicator> {
    IndicatorId::parse(id).map(IndicatorId::indicator)
}

/// The seven resource indicator ids, in order.
pub const RESOURCE_IDS: [IndicatorId; 7] = IndicatorId::RESOURCES;

/// 差异系数 limits, exactly: ≤ 0.50 primary, ≤ 0.45 junior.
pub(crate) fn cv_limit(stage: Stage) -> Rational {
    match stage {
        Stage::Primary => Rational::new(50, 100),
        Stage::Junior => Rational::new(45, 100),
    }
}

/// The catalogue. Order = the 办法's order; `number` runs 1–33.
pub static INDICATORS: &[Indicator] = &TABLE;

static TABLE: [Indicator; 33] = [
    // ───────────── 资源配置 ─────────────
    Indicator {
        id: IndicatorId::I1_1,
        number: 1,
        area: Area::Resources,
        group: "教师队伍",
        name: "每百名学生拥有高于规定学历教师数",
        wording: "每百名学生拥有高于规定学历教师数：小学、初中分别达到4.2人以上、5.3人以上",
        primary: Some(Rational::new(42, 10)),
        junior: Some(Rational::new(53, 10)),
        threshold: None,
        direction: Direction::AtLeast,
        unit: "人",
        decimals: 2,
        factor: 100,
        gap: Some(GapSpec {
            noun: "高于规定学历教师",
            unit: GapUnit::Teachers,
        }),
        standard_text: "小学≥4.2人，初中≥5.3人",
        formula: "每百名学生拥有高于规定学历教师数＝高于规定学历教师数÷在校生数×100",
        departments: &["教育局", "人社局", "委编办"],
        explanation: "规定学历是指《中华人民共和国教师法》规定的取得相应教师资格应当具备的学历：小学教师应当具备中等师范学校毕业及其以上学历，初中教师应当具备高等师范专科学校或者其他大学专科毕业及其以上学历。高于规定学历教师是指学历高于上述规定的专任教师，即小学专任教师具有专科及以上学历、初中专任教师具有本科及以上学历。按学校、分学段统计，一贯制学校按小学、初中学段分别计算。",
        focus: "核查县域及学校教师花名册、学历证书及教育统计年报数据，重点关注各校分学段统计口径是否准确，学历认定是否有据可查，未达标学校补充或培养高学历教师的计划和措施。",
    },
    Indicator {
        id: IndicatorId::I1_2,
        number: 2,
        area: Area::Resources,
        group: "教师队伍",
        name: "每百名学生拥有县级以上骨干教师数",
        wording: "每百名学生拥有县级以上骨干教师数：小学、初中均达到1人以上",
        primary: Some(Rational::new(1, 1)),
        junior: Some(Rational::new(1, 1)),
        threshold: None,
        direction: Direction::AtLeast,
        unit: "人",
        decimals: 2,
        factor: 100,
        gap: Some(GapSpec {
            noun: "县级以上骨干教师",
            unit: GapUnit::Teachers,
        }),
        standard_text: "小学、初中均≥1人",
        formula: "每百名学生拥有县级以上骨干教师数＝县级以上骨干教师数÷在校生数×100",
        departments: &["教育局"],
        explanation: "县级以上骨干教师是指由县级及以上教育行政部门认定、具有有效期内专业性称号的优秀教师，包括骨干教师、学科带头人、教坛新秀、名师、名校长、特级教师等。同时获得多个称号的只统计1次，不重复计算。",
        focus: "核查县级骨干教师遴选培养方案、认定程序、认定文件和证书，重点关注称号是否在有效期内、是否重复统计，以及骨干教师在城乡学校之间的配置情况。",
    },
    Indicator {
        id: IndicatorId::I1_3,
        number: 3,
        area: Area::Resources,
        group: "教师队伍",
        name: "每百名学生拥有体育、艺术（美术、音乐）专任教师数",
        wording: "每百名学生拥有体育、艺术（美术、音乐）专任教师数：小学、初中均达到0.9人以上",
        primary: Some(Rational::new(9, 10)),
        junior: Some(Rational::new(9, 10)),
        threshold: None,
        direction: Direction::AtLeast,
        unit: "人",
        decimals: 2,
        factor: 100,
        gap: Some(GapSpec {
            noun: "体育、艺术专任教师",
            unit: GapUnit::Teachers,
        }),
        standard_text: "小学、初中均≥0.9人",
        formula: "每百名学生拥有体育、艺术专任教师数＝（体育专任教师数＋美术专任教师数＋音乐专任教师数）÷在校生数×100",
        departments: &["教育局", "人社局", "委编办"],
        explanation: "体育、艺术专任教师是指具有相应学科教师资格、专门从事体育或美术、音乐学科教学的专任教师，体育与艺术专任教师之和计算本项指标。偏远地区农村小规模学校（不足100人的学校和教学点）可将交流轮岗、兼职、走教的体育、艺术教师纳入统计口径。",
        focus: "核查教师资格证书、教师任课安排表和班级课程表，重点关注体育、艺术专任教师是否专职任教本学科，是否存在挂名统计，小规模学校走教、兼职教师是否符合规定。",
    },
    Indicator {
        id: IndicatorId::I1_4,
        number: 4,
        area: Area::Resources,
        group: "办学条件",
        name: "生均教学及辅助用房面积",
        wording: "生均教学及辅助用房面积：小学、初中分别达到4.5平方米以上、5.8平方米以上",
        primary: Some(Rational::new(45, 10)),
        junior: Some(Rational::new(58, 10)),
        threshold: None,
        direction: Direction::AtLeast,
        unit: "平方米",
        decimals: 2,
        factor: 1,
        gap: Some(GapSpec {
            noun: "教学及辅助用房",
            unit: GapUnit::SquareMetres,
        }),
        standard_text: "小学≥4.5平方米，初中≥5.8平方米",
        formula: "生均教学及辅助用房面积＝教学及辅助用房建筑面积÷在校生数",
        departments: &["教育局", "发改委", "财政局", "自然资源和规划局", "住建局"],
        explanation: "教学及辅助用房面积是指学校普通教室、专用教室、公共教学用房及其辅助用房的建筑面积。一贯制学校、完全中学按小学、初中、高中学段的统计权重拆分后分学段计算。位于城区及中心城区确实无法扩充面积并“一校一案”制定化解方案的学校，按起始年级学生数测算达标的学校，或现有面积与在建工程面积合并计算达标的学校，可认定为达标。",
        focus: "核查学校校舍建筑面积台账、房产证明和教育统计年报，重点关注面积不达标学校现有资源能否满足教育教学需要，在建工程的规划、立项和建设进度，以及“一校一案”化解方案的落实情况。",
    },
    Indicator {
        id: IndicatorId::I1_5,
        number: 5,
        area: Area::Resources,
        group: "办学条件",
        name: "生均体育运动场馆面积",
        wording: "生均体育运动场馆面积：小学、初中分别达到7.5平方米以上、10.2平方米以上",
        primary: Some(Rational::new(75, 10)),
        junior: Some(Rational::new(102, 10)),
        threshold: None,
        direction: Direction::AtLeast,
        unit: "平方米",
        decimals: 2,
        factor: 1,
        gap: Some(GapSpec {
            noun: "体育运动场馆",
            unit: GapUnit::SquareMetres,
        }),
        standard_text: "小学≥7.5平方米，初中≥10.2平方米",
        formula: "生均体育运动场馆面积＝（体育馆面积＋运动场地面积）÷在校生数",
        departments: &["教育局", "发改委", "财政局", "自然资源和规划局", "住建局"],
        explanation: "体育运动场馆面积是指学校体育馆面积与室外运动场地面积之和，运动场地是指专门用于室外体育运动并有相应设施的场地。位于城区及中心城区的学校，现有场馆与租赁的、保障上课时间专用的校外场馆能确保体育课和大课间活动正常开展的，按起始年级学生数测算达标的，或现有面积与在建工程面积合并计算达标的，可认定为达标。",
        focus: "核查学校运动场馆面积台账、工程规划和项目进展、场馆租赁合同，重点关注体育课开齐开足、大课间活动正常开展情况，以及租赁场馆是否保障学校上课时间专用。",
    },
    Indicator {
        id: IndicatorId::I1_6,
        number: 6,
        area: Area::Resources,
        group: "办学条件",
        name: "生均教学仪器设备值",
        wording: "生均教学仪器设备值：小学、初中分别达到2000元以上、2500元以上",
        primary: Some(Rational::new(2000, 1)),
        junior: Some(Rational::new(2500, 1)),
        threshold: None,
        direction: Direction::AtLeast,
        unit: "元",
        decimals: 0,
        factor: 1,
        gap: Some(GapSpec {
            noun: "教学仪器设备",
            unit: GapUnit::Yuan,
        }),
        standard_text: "小学≥2000元，初中≥2500元",
        formula: "生均教学仪器设备值＝教学仪器设备资产值÷在校生数",
        departments: &["教育局", "财政局"],
        explanation: "教学仪器设备值是指学校固定资产中用于教学、实验的仪器设备资产值，口径与教育统计年报一致，不含图书、课桌椅等。县级人民政府应结合教育改革发展需要，按照国家标准及时更新教学仪器设备，保障消耗性材料的补充供给。",
        focus: "核查教育统计年报办学条件表、学校固定资产账和教学仪器设备清单，重点关注资产入账口径是否规范、设备是否配置到位并有效使用。",
    },
    Indicator {
        id: IndicatorId::I1_7,
        number: 7,
        area: Area::Resources,
        group: "办学条件",
        name: "每百名学生拥有网络多媒体教室数",
        wording: "每百名学生拥有网络多媒体教室数：小学、初中分别达到2.3间以上、2.4间以上",
        primary: Some(Rational::new(23, 10)),
        junior: Some(Rational::new(24, 10)),
        threshold: None,
        direction: Direction::AtLeast,
        unit: "间",
        decimals: 2,
        factor: 100,
        gap: Some(GapSpec {
            noun: "网络多媒体教室",
            unit: GapUnit::Rooms,
        }),
        standard_text: "小学≥2.3间，初中≥2.4间",
        formula: "每百名学生拥有网络多媒体教室数＝网络多媒体教室数÷在校生数×100",
        departments: &["教育局", "财政局"],
        explanation: "网络多媒体教室是指配备多媒体教学设备并接入网络、能够接收和使用网络教学资源开展教学的教室，包括普通教室和专用教室中符合上述条件的教室（“班班通”教室）。",
        focus: "核查教育统计年报办学条件表、分学校网络多媒体教室一览表，实地查看设备配置、网络接入和日常使用情况。",
    },
    // ───────────── 政府保障程度 ─────────────
    Indicator {
        id: IndicatorId::I2_1,
        number: 8,
        area: Area::Government,
        group: "办学条件",
        name: "义务教育学校规划布局合理",
        wording: "县域内义务教育学校规划布局合理，符合国家规定要求",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::Judgement,
        unit: "",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "规划布局合理，符合国家规定要求",
        formula: "",
        departments: &["教育局", "发改委", "自然资源和规划局", "住建局"],
        explanation: "根据城镇化进程和学龄人口变化趋势，科学制定城乡义务教育学校布局规划，建立与常住人口规模相适应的学校布局和学位供给机制，合理规划并保障学校建设用地，严格落实新建住宅小区配建学校规定，规范有序撤并乡村小规模学校，县域民办义务教育学校在校生规模占比符合国家规定。",
        focus: "核查经县级人民政府批准的义务教育学校布局专项规划及规划图，重点关注规划与人口变化趋势是否相适应、教育用地是否得到保障、小区配套学校是否同步建设交付，实地抽查学校布局和学位供给情况。",
    },
    Indicator {
        id: IndicatorId::I2_2,
        number: 9,
        area: Area::Government,
        group: "办学条件",
        name: "城乡义务教育学校“四统一”",
        wording: "县域内城乡义务教育学校建设标准统一、教师编制标准统一、生均公用经费基准定额统一、基本装备配置标准统一",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::Judgement,
        unit: "",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "建设标准、教师编制标准、生均公用经费基准定额、基本装备配置标准城乡统一",
        formula: "",
        departments: &["教育局", "委编办", "财政局", "发改委", "住建局"],
        explanation: "县域内城乡义务教育学校执行统一的建设标准、教师编制标准、生均公用经费基准定额和基本装备配置标准。2016年及以前开工建设的学校可允许未达到城乡统一建设标准，2016年以后规划建设的学校须执行城乡统一建设标准。",
        focus: "核查建设标准、编制标准、生均公用经费基准定额、基本装备配置标准城乡统一的文件及编办、财政、教育等部门的账表数据，重点关注政策执行是否城乡一致。",
    },
    Indicator {
        id: IndicatorId::I2_3,
        number: 10,
        area: Area::Government,
        group: "办学条件",
        name: "音乐、美术专用教室配备",
        wording: "所有小学、初中每12个班级配备音乐、美术专用教室1间以上；其中，每间音乐专用教室面积不小于96平方米，每间美术专用教室面积不小于90平方米",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::AtLeast,
        unit: "间",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "每12个班级音乐、美术专用教室各1间以上；音乐教室≥96平方米，美术教室≥90平方米",
        formula: "应配音乐（美术）专用教室数＝小学和初中班级数之和÷12（向上取整）",
        departments: &["教育局", "财政局"],
        explanation: "所有小学、初中（含一贯制学校的义务教育阶段）按每12个班级配备音乐、美术专用教室各1间以上，不足12个班的按1间计。每间音乐专用教室面积不小于96平方米，每间美术专用教室面积不小于90平方米。符合以下情况之一的，可认定为达标：2016年及以前规划建设的学校，音乐、美术专用教室数量达标的；位于县城区及地级市以上中心城区，确实无法增加音乐、美术教室的个别学校，能确保音乐、美术课开齐开足开好的；评估认定时按起始年级班级数测算，音乐、美术专用教室数量达标的。",
        focus: "核查各校班级数、音乐和美术专用教室数量及面积台账，实地查看专用教室配置和使用情况，重点关注教育资源能否满足音乐、美术课程开齐开足开好的需要。",
    },
    Indicator {
        id: IndicatorId::I2_4,
        number: 11,
        area: Area::Government,
        group: "办学条件",
        name: "学校规模",
        wording: "所有小学、初中规模不超过2000人，九年一贯制学校、十二年一贯制学校义务教育阶段规模不超过2500人",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::AtMost,
        unit: "人",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "小学、初中≤2000人，九年一贯制、十二年一贯制学校义务教育阶段≤2500人",
        formula: "学校规模＝学校义务教育阶段在校生数（小学在校生数＋初中在校生数）",
        departments: &["教育局", "发改委", "自然资源和规划局"],
        explanation: "所有小学、初中在校生规模不超过2000人，九年一贯制学校、十二年一贯制学校义务教育阶段在校生规模不超过2500人；符合以下情况之一的，可认定为达标：一个独立代码、一个独立法人、多个独立校区的学校，每个独立校区规模达标的；学校规模未超过县级以上人民政府批复的；位于县城区及地级市以上中心城区的个别学校，因城镇化、学龄儿童集中入学等原因造成校额超标，能确保课程开齐开足开好，并结合学龄人口变化科学制定化解方案的。",
        focus: "核查学校在校生数、校区设置和县级以上人民政府对学校规模的批复文件，重点关注规模超标学校化解“大校额”的方案和实施进度。",
    },
    Indicator {
        id: IndicatorId::I2_5,
        number: 12,
        area: Area::Government,
        group: "办学条件",
        name: "班额",
        wording: "小学、初中所有班级学生数分别不超过45人、50人",
        primary: Some(Rational::new(45, 1)),
        junior: Some(Rational::new(50, 1)),
        threshold: None,
        direction: Direction::AtMost,
        unit: "人",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "小学每班≤45人，初中每班≤50人，不得有56人以上大班额",
        formula: "",
        departments: &["教育局"],
        explanation: "小学、初中所有班级学生数分别不超过45人、50人。挖潜扩容的优质学校，小学最大班额不超过50人、初中最大班额不超过55人的；或评估认定时起始年级小学、初中班级学生数分别不超过45人、50人，且其他年级小学最大班额不超过50人、初中最大班额不超过55人的，可认定为达标。存在56人以上大班额的，不予认定为达标（56～65人为大班额，66人以上为超大班额）。",
        focus: "核查学籍系统分班名单和各校班级学生数统计表，重点核查是否存在56人以上的大班额，以及起始年级班额控制情况。",
    },
    Indicator {
        id: IndicatorId::I2_6,
        number: 13,
        area: Area::Government,
        group: "教育经费",
        name: "小规模学校按100人核定公用经费",
        wording: "不足100名学生村小学和教学点按100名学生核定公用经费",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::Judgement,
        unit: "",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "不足100名学生的村小学和教学点按100名学生核定公用经费",
        formula: "",
        departments: &["财政局", "教育局"],
        explanation: "农村地区不足100名学生的村小学和教学点按100名学生核定公用经费，并落实对乡镇寄宿制学校按寄宿生年生均200元标准增加公用经费补助的政策。",
        focus: "核查县级生均公用经费拨款标准文件、部门预算批复、财务账表或预算管理一体化平台执行数据，以及相关学校实际收到的公用经费指标额度凭证。",
    },
    Indicator {
        id: IndicatorId::I2_7,
        number: 14,
        area: Area::Government,
        group: "教育经费",
        name: "特殊教育学校生均公用经费",
        wording: "特殊教育学校生均公用经费不低于6000元",
        primary: None,
        junior: None,
        threshold: Some(Rational::new(6000, 1)),
        direction: Direction::AtLeast,
        unit: "元",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "≥6000元",
        formula: "特殊教育生均公用经费＝特殊教育公用经费预算拨款÷特殊教育在校生数",
        departments: &["财政局", "教育局"],
        explanation: "义务教育阶段特殊教育学校生均预算内公用经费标准每年不低于6000元，随班就读、特教班就读和送教上门的残疾学生按同一标准拨付。",
        focus: "核查县级生均公用经费拨款标准文件、部门预算批复和预算执行数据，特别关注随班就读残疾学生是否按标准拨付公用经费及其使用情况。",
    },
    Indicator {
        id: IndicatorId::I2_8,
        number: 15,
        area: Area::Government,
        group: "教育经费",
        name: "教师平均工资收入与绩效工资",
        wording: "全县义务教育学校教师平均工资收入水平不低于当地公务员平均工资收入水平，按规定足额核定教师绩效工资总量",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::AtLeast,
        unit: "元",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "教师平均工资收入≥当地公务员平均工资收入，绩效工资足额核定",
        formula: "教师平均工资收入水平÷当地公务员平均工资收入水平≥100%",
        departments: &["财政局", "人社局", "教育局"],
        explanation: "建立健全义务教育教师工资收入随当地公务员待遇调整的联动机制，县域义务教育学校教师平均工资收入水平不低于当地公务员平均工资收入水平，并按规定足额核定教师绩效工资总量。不含民办学校教师。",
        focus: "核查县级财政、人社部门提供的教师与公务员平均工资收入对比材料、绩效工资核定文件及发放记录。",
    },
    Indicator {
        id: IndicatorId::I2_9,
        number: 16,
        area: Area::Government,
        group: "教师队伍",
        name: "教师5年360学时培训完成率",
        wording: "教师5年360学时培训完成率达到100%",
        primary: None,
        junior: None,
        threshold: Some(Rational::new(1, 1)),
        direction: Direction::AtLeast,
        unit: "%",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "100%",
        formula: "培训完成率＝5年周期内完成360学时培训的教师数÷应完成培训的教师数×100%",
        departments: &["教育局", "财政局"],
        explanation: "实行5年一周期不少于360学时的教师全员培训制度，推行教师培训学分管理，5年周期按教师培训计划的周期确定。",
        focus: "核查县域近5年教师培训规划、年度计划及落实情况总结，抽查教师业务档案、继续教育证书和培训学分统计表。",
    },
    Indicator {
        id: IndicatorId::I2_10,
        number: 17,
        area: Area::Government,
        group: "教师队伍",
        name: "编制和岗位统筹分配",
        wording: "县级教育行政部门在核定的教职工编制总额和岗位总量内，统筹分配各校教职工编制和岗位数量",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::Judgement,
        unit: "",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "县级教育行政部门统筹分配各校编制和岗位",
        formula: "",
        departments: &["委编办", "人社局", "教育局"],
        explanation: "县级教育行政部门在核定的教职工编制总额和岗位总量内，根据学校规模、班额、课程设置等统筹分配各校编制和岗位，向体育、艺术、劳动教育等学科倾斜，重点保障农村小规模学校、寄宿制学校需要，确保开齐开足国家规定课程。不含民办学校。",
        focus: "核查编办、人社和教育部门关于编制核定、岗位设置和统筹调配的文件及统计数据，重点关注是否存在有编不补、长期聘用编外教师现象。",
    },
    Indicator {
        id: IndicatorId::I2_11,
        number: 18,
        area: Area::Government,
        group: "教师队伍",
        name: "教师交流轮岗",
        wording: "全县每年交流轮岗教师的比例不低于符合交流条件教师总数的10%；其中，骨干教师不低于交流轮岗教师总数的20%",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::AtLeast,
        unit: "%",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "交流轮岗比例≥10%，其中骨干教师≥20%",
        formula: "交流轮岗比例＝当年交流轮岗教师数÷当年符合交流条件的教师数×100%；骨干教师比例＝当年交流轮岗骨干教师数÷当年交流轮岗教师数×100%",
        departments: &["教育局", "人社局", "委编办"],
        explanation: "交流轮岗方式包括定期交流、跨校竞聘、学区一体化管理、集团化办学、学校联盟、对口支援、乡镇中心学校教师走教等，允许教师编制保留在原学校。骨干教师按指标1.2的口径认定。不含民办学校。",
        focus: "核查县域教师交流轮岗实施方案、保障激励机制和年度交流名单，重点关注由城镇学校、优质学校向乡村学校、薄弱学校流动的情况。",
    },
    Indicator {
        id: IndicatorId::I2_12,
        number: 19,
        area: Area::Government,
        group: "教师队伍",
        name: "专任教师持证上岗率",
        wording: "专任教师持有教师资格证上岗率达到100%",
        primary: None,
        junior: None,
        threshold: Some(Rational::new(1, 1)),
        direction: Direction::AtLeast,
        unit: "%",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "100%",
        formula: "持证上岗率＝持有教师资格证的专任教师数÷专任教师总数×100%",
        departments: &["教育局", "人社局"],
        explanation: "严把教师入口关，专任教师必须取得相应的教师资格，所教学科与教师资格证学科一致。",
        focus: "核查义务教育学校教师资格证书和专任教师任教学科统计表，重点关注是否存在无证上岗、持证学科与任教学科不一致的情况。",
    },
    Indicator {
        id: IndicatorId::I2_13,
        number: 20,
        area: Area::Government,
        group: "教育公平",
        name: "就近划片入学比例",
        wording: "城区和镇区公办小学、初中（均不含寄宿制学校）就近划片入学比例分别达到100%、95%以上",
        primary: Some(Rational::new(1, 1)),
        junior: Some(Rational::new(95, 100)),
        threshold: None,
        direction: Direction::AtLeast,
        unit: "%",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "小学100%，初中≥95%",
        formula: "就近划片入学比例＝按就近划片方式入学的学生数÷当年招生总数×100%",
        departments: &["教育局", "公安局"],
        explanation: "县级教育行政部门根据适龄儿童人数、学校分布和规模、交通状况等因素，为每所城区和镇区公办义务教育学校（不含寄宿制学校）科学划定招生片区。小学生源全部由就近入学方式确定，划片入学的初中95%以上生源由就近入学方式确定，不得组织任何形式的选拔考试。",
        focus: "核查县级招生入学文件、学区划片公示材料、户籍和学籍数据，重点关注是否存在跨片区招生和成规模择校现象。",
    },
    Indicator {
        id: IndicatorId::I2_14,
        number: 21,
        area: Area::Government,
        group: "教育公平",
        name: "优质高中招生名额分配",
        wording: "全县优质高中招生名额分配比例不低于50%，并向农村初中倾斜",
        primary: None,
        junior: None,
        threshold: Some(Rational::new(50, 100)),
        direction: Direction::AtLeast,
        unit: "%",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "≥50%，并向农村初中倾斜",
        formula: "名额分配比例＝优质高中分配到初中学校的招生名额数÷优质高中招生计划总数×100%",
        departments: &["教育局"],
        explanation: "优质高中是指经省级和设区的市级教育行政部门认定的示范高中等优质高中。将优质高中招生名额的50%以上按比例合理分配到县域内各初中学校，农村初中分配比例高于城区初中。",
        focus: "核查优质高中招生文件、名额分配统计表和招生录取情况，重点关注名额分配向农村初中倾斜的落实情况。",
    },
    Indicator {
        id: IndicatorId::I2_15,
        number: 22,
        area: Area::Government,
        group: "教育公平",
        name: "留守儿童关爱与随迁子女就读",
        wording: "留守儿童关爱体系健全，全县符合条件的随迁子女在公办学校和政府购买服务的民办学校就读的比例不低于85%",
        primary: None,
        junior: None,
        threshold: Some(Rational::new(85, 100)),
        direction: Direction::AtLeast,
        unit: "%",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "关爱体系健全；随迁子女就读比例≥85%",
        formula: "随迁子女就读比例＝（公办学校就读的随迁子女数＋政府购买服务的民办学校就读的随迁子女数）÷符合条件的随迁子女总数×100%",
        departments: &["教育局", "民政局", "财政局", "妇联"],
        explanation: "构建县级人民政府、学校、家庭和社会各界广泛参与的农村留守儿童关爱保护工作体系。落实“两为主、两纳入、以居住证为主要依据”的随迁子女义务教育入学政策，符合条件的随迁子女在公办学校和政府购买服务的民办学校就读的比例不低于85%。",
        focus: "核查留守儿童关爱体系文件和关爱保护工作台账，随迁子女入学政策文件及就读情况统计表。",
    },
    // ───────────── 教育质量 ─────────────
    Indicator {
        id: IndicatorId::I3_1,
        number: 23,
        area: Area::Quality,
        group: "教育普及程度",
        name: "初中三年巩固率",
        wording: "全县初中三年巩固率达到95%以上",
        primary: None,
        junior: None,
        threshold: Some(Rational::new(95, 100)),
        direction: Direction::AtLeast,
        unit: "%",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "≥95%",
        formula: "初中三年巩固率＝（初中毕业生数－三年内转入、复学等正常增加的学生数＋三年内转出、休学、死亡等正常减少的学生数）÷该年级三年前初一学生数×100%",
        departments: &["教育局"],
        explanation: "初中三年巩固率是指县域内当年初中毕业生数经学籍正常变动调整后，与该年级三年前入学时初一学生数的比例，反映控辍保学工作成效。",
        focus: "核查学生学籍管理和各类学籍异动证明材料，控辍保学工作机制、辍学学生劝返复学台账，重点关注隐性辍学学生的管理情况。",
    },
    Indicator {
        id: IndicatorId::I3_2,
        number: 24,
        area: Area::Quality,
        group: "教育普及程度",
        name: "残疾儿童少年入学率",
        wording: "全县残疾儿童少年入学率达到95%以上",
        primary: None,
        junior: None,
        threshold: Some(Rational::new(95, 100)),
        direction: Direction::AtLeast,
        unit: "%",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "≥95%",
        formula: "残疾儿童少年入学率＝县域内接受义务教育的残疾儿童少年数÷县域内适龄残疾儿童少年总数×100%",
        departments: &["教育局", "残联"],
        explanation: "残疾儿童少年入学率是指县域内在特殊教育学校义务教育阶段就读、在普通学校随班就读和特教班就读、接受送教上门的残疾儿童少年占适龄残疾儿童少年总数的比例。",
        focus: "核查残联提供的适龄残疾儿童少年名单和残疾认定结论，逐一核对入学安置和送教上门情况。",
    },
    Indicator {
        id: IndicatorId::I3_3,
        number: 25,
        area: Area::Quality,
        group: "学校管理水平",
        name: "学校章程与管理教学信息化",
        wording: "所有学校制定章程，实现学校管理与教学信息化",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::Judgement,
        unit: "",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "所有学校制定章程，实现管理与教学信息化",
        formula: "",
        departments: &["教育局"],
        explanation: "凡具有独立法人资格的学校均应依法制定章程，内容齐全、程序合法，经教职工代表大会审议通过并公开。加强数字校园建设，有效应用国家中小学智慧教育平台等，实现学校管理与教学信息化。",
        focus: "核查学校章程文本及审议公布程序，学校信息化基础环境和管理、教学平台的常态化应用情况。",
    },
    Indicator {
        id: IndicatorId::I3_4,
        number: 26,
        area: Area::Quality,
        group: "学校管理水平",
        name: "教师培训经费",
        wording: "全县所有学校按照不低于学校年度公用经费预算总额的5%安排教师培训经费",
        primary: None,
        junior: None,
        threshold: Some(rules::TRAINING_SHARE),
        direction: Direction::AtLeast,
        unit: "%",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "每所学校≥公用经费预算总额的5%",
        formula: "教师培训经费比例＝学校年度教师培训经费÷学校年度公用经费预算总额×100%",
        departments: &["教育局", "财政局"],
        explanation: "每所学校按照不低于年度公用经费预算总额5%的标准安排教师培训经费，用于教师参加培训所需的差旅费、伙食补助费、资料费和住宿费等开支。",
        focus: "核查预算管理一体化系统或学校账册，重点关注教师培训经费是否足额安排、及时下达，培训费支出明细和实际执行进度。",
    },
    Indicator {
        id: IndicatorId::I3_5,
        number: 27,
        area: Area::Quality,
        group: "学校管理水平",
        name: "教师信息化教学",
        wording: "教师能熟练运用信息化手段组织教学，设施设备利用率达到较高水平",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::Judgement,
        unit: "",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "教师熟练运用信息化手段教学，设施设备利用率较高",
        formula: "",
        departments: &["教育局"],
        explanation: "教师能够运用各级教育信息化平台和优质数字教育资源，通过线上课堂、同步课堂、智慧课堂等形式推进信息技术与教育教学深度融合，学校信息化设施设备利用率达到较高水平。",
        focus: "核查教师应用国家中小学智慧教育平台等开展教学的记录，实地查看课堂教学中信息化手段的运用和设施设备的使用情况。",
    },
    Indicator {
        id: IndicatorId::I3_6,
        number: 28,
        area: Area::Quality,
        group: "学校管理水平",
        name: "德育工作与校园文化建设",
        wording: "所有学校德育工作、校园文化建设水平达到良好以上",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::Judgement,
        unit: "",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "所有学校达到良好以上",
        formula: "",
        departments: &["教育局"],
        explanation: "落实立德树人根本任务，落实党组织领导的校长负责制，健全学校家庭社会协同育人机制。学校具有符合实际的“一训三风”，打造与办学理念相匹配的精神文化、制度文化和物质文化，开展形式多样的校园文化活动。",
        focus: "核查学校德育工作方案、思政课和心理健康教育开设情况、校园文化建设材料，重点关注三年内是否发生学生欺凌、意识形态安全等重大事件。",
    },
    Indicator {
        id: IndicatorId::I3_7,
        number: 29,
        area: Area::Quality,
        group: "学校管理水平",
        name: "课程开设与教学秩序",
        wording: "课程开齐开足，教学秩序规范，综合实践活动有效开展",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::Judgement,
        unit: "",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "课程开齐开足，教学秩序规范，综合实践活动有效开展",
        formula: "",
        departments: &["教育局"],
        explanation: "学校依据国家课程方案和省级课程实施办法制定课程实施方案，开齐开足开好国家课程，规范开设地方课程和校本课程，规范教学行为和教学秩序，有效开展综合实践活动和劳动教育。",
        focus: "核查学校课程实施方案、课程表、任课教师一览表和作息时间表，重点关注道德与法治、音乐、体育、美术、科学、劳动等课程的开设情况。",
    },
    Indicator {
        id: IndicatorId::I3_8,
        number: 30,
        area: Area::Quality,
        group: "学校管理水平",
        name: "无过重课业负担",
        wording: "无过重课业负担",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::Judgement,
        unit: "",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "无过重课业负担",
        formula: "",
        departments: &["教育局"],
        explanation: "“双减”政策有效落实。按课程标准实施教学，不随意增减课时、提高难度、加快进度；规范作业管理，压减作业总量和时长；严控考试次数，不公布考试成绩和排名；提供课后服务，校外培训机构治理长效机制健全。",
        focus: "核查学校作业管理、考试管理和课后服务相关制度及落实情况，重点关注是否存在教师有偿补课、节假日集体补课等问题。",
    },
    Indicator {
        id: IndicatorId::I3_9,
        number: 31,
        area: Area::Quality,
        group: "学业质量与综合素质",
        name: "国家义务教育质量监测",
        wording: "在国家义务教育质量监测中，相关科目学生学业水平达到Ⅲ级以上，且校际差异率低于0.15",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::Judgement,
        unit: "",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "各相关科目学业水平达到Ⅲ级以上，校际差异率＜0.15",
        formula: "",
        departments: &["教育局"],
        explanation: "以国家义务教育质量监测结果为依据，相关科目学生学业水平达到Ⅲ级以上，且校际差异率低于0.15。申报县三年内参加过相关学科国家监测的，可直接使用监测结果；仅参加部分学科的，由教育部统一补测其他学科。",
        focus: "核查组织参加国家义务教育质量监测的文件和国家义务教育质量监测结果报告，以及基于监测结果的教学改进措施。",
    },
    // ───────────── 社会认可度 ─────────────
    Indicator {
        id: IndicatorId::I4_1,
        number: 32,
        area: Area::Recognition,
        group: "社会认可度调查",
        name: "社会认可度",
        wording: "社会认可度达到85%以上",
        primary: None,
        junior: None,
        threshold: Some(rules::RECOGNITION_SHARE),
        direction: Direction::AtLeast,
        unit: "%",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "≥85%",
        formula: "社会认可度＝认可问卷数÷有效问卷数×100%（设定权重时为各调查对象认可度的加权平均）",
        departments: &["教育局", "委宣传部"],
        explanation: "社会认可度调查内容包括县级人民政府及有关职能部门落实教育公平政策、推动优质资源共享，以及义务教育学校规范办学行为、实施素质教育、推进考试评价制度改革、提高教育质量等方面取得的成效。调查对象包括学生、家长、教师、校长、人大代表、政协委员及其他群众。",
        focus: "核查社会认可度调查方案、问卷样本和统计结果，重点关注调查对象覆盖面、样本代表性和群众反映的突出问题的整改情况。",
    },
    Indicator {
        id: IndicatorId::I4_2,
        number: 33,
        area: Area::Recognition,
        group: "一票否决",
        name: "一票否决事项",
        wording: "存在以考试方式招生、违规择校、重点学校或重点班、“有编不补”或长期聘用编外教师、教育系统存在重大安全责任事故和严重违纪违规事件、有弄虚作假行为等情况之一的，不予认定",
        primary: None,
        junior: None,
        threshold: None,
        direction: Direction::Judgement,
        unit: "",
        decimals: 2,
        factor: 1,
        gap: None,
        standard_text: "不存在任何一项否决情形",
        formula: "",
        departments: &["教育局", "委编办", "人社局"],
        explanation: "县域内存在以考试方式招生、违规择校、设立重点学校或重点班、“有编不补”或长期聘用编外教师、教育系统存在重大安全责任事故和严重违纪违规事件、评估中有弄虚作假行为等情形之一的，实行一票否决，不予认定。",
        focus: "核查招生入学、编制使用、教师聘用、安全管理和信访举报等材料，重点关注是否存在上述任一否决情形。",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_33_ids_in_order() {
        let ids: Vec<&str> = INDICATORS.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(
            INDICATORS.iter().map(|i| i.id).collect::<Vec<_>>(),
            IndicatorId::ALL
        );
        let mut expected = Vec::new();
        for n in 1..=7 {
            expected.push(format!("1.{n}"));
        }
        for n in 1..=15 {
            expected.push(format!("2.{n}"));
        }
        for n in 1..=9 {
            expected.push(format!("3.{n}"));
        }
        expected.push("4.1".into());
        expected.push("4.2".into());
        assert_eq!(ids, expected);
        for (k, i) in INDICATORS.iter().enumerate() {
            assert_eq!(usize::from(i.number), k + 1, "{}", i.id);
            assert!(!i.wording.is_empty() && !i.explanation.is_empty() && !i.focus.is_empty());
            assert!(!i.departments.is_empty(), "{}", i.id);
        }
        assert_eq!(Area::Resources.indicators().count(), 7);
        assert_eq!(Area::Government.indicators().count(), 15);
        assert_eq!(Area::Quality.indicators().count(), 9);
        assert_eq!(Area::Recognition.indicators().count(), 2);
    }

    #[test]
    fn lookup_and_prefix() {
        let i = indicator("1.1").unwrap();
        assert_eq!(
            i.wording,
            "每百名学生拥有高于规定学历教师数：小学、初中分别达到4.2人以上、5.3人以上"
        );
        assert_eq!(i.primary, Some(Rational::new(42, 10)));
        assert_eq!(indicator("C12").unwrap().id, "2.5");
        assert_eq!(indicator(" 2.10 ").unwrap().number, 17);
        assert!(indicator("5.1").is_none());
        assert_eq!(
            indicator("1.6")
                .unwrap()
                .departments_for(AdminLevel::County),
            vec!["县教育局".to_string(), "县财政局".to_string()]
        );
        assert_eq!(prefixed_unit("区妇联", AdminLevel::County), "区妇联");
        assert_eq!(prefixed_unit("人社局", AdminLevel::CountyCity), "市人社局");
    }

    #[test]
    fn departments_carry_no_prefix() {
        for i in INDICATORS {
            for d in i.departments {
                assert!(!d.starts_with(['区', '县', '市']), "{} {}", i.id, d);
            }
        }
    }
}
