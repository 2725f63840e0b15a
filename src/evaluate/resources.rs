//! 资源配置 (1.1–1.7): per school and stage values, the 6-of-7 + 85% compliance rule,
//! the enrolment-weighted 差异系数, and the county-level verdict of each indicator.
//!
//! Rules (DESIGN.md "学校", REFERENCE.md §1):
//! * A school contributes one *part* per compulsory stage it has (`SchoolPart`):
//!   小学/教学点 → primary; 初中/完全中学 → junior; 九年/十二年一贯制 → both.
//! * Teachers (1.1–1.3) are taken per stage from the model. The four whole-school
//!   physical resources (1.4–1.7) are split between stages in proportion to
//!   weight × enrolment (`info.split_weights`, default 1 : 1.1 : 1.32); the senior share of
//!   十二年一贯制 and 完全中学 is removed. A blank enrolment of a stage the school type has
//!   is never read as 0: the split is then impossible and the values are `None`.
//! * Scope: 特殊教育学校, 教学点 with fewer than 50 students and (when
//!   `include_private_schools` is false) 民办 schools take no part in 1.1–1.7 or the 差异系数.
//! * Exceptions (1.4 and 1.5 only) never change a value or a 差异系数; they mark the value
//!   "met by exception" with a reason:
//!   - 在建: existing + under-construction area (split like the resource) reaches the standard;
//!   - 租用 (1.5, schools in 城区 or 中心城区): existing + rented venues reach the standard;
//!   - 起始年级: the area reaches the standard for the projected enrolment
//!     起始年级学生数 × 年级数 (6 for primary, 3 for junior). The starting grade comes from
//!     the 班级 sheet (一年级 / 七年级) when it lists the school, otherwise from
//!     `starting_grade_students` for schools with a single compulsory stage;
//!   - 一校一案 (1.4, schools in a 城区 or 中心城区 with 面积一校一案 = 是; the
//!     特殊情形说明 is quoted, never read for the decision).

use super::catalogue::{
    EIGHTY_FIVE_PERCENT, GapUnit, IndicatorId, RESOURCE_IDS, Rational, cv_limit,
};
use super::exact::{Quantity, ceil_div, ceil_tolerant, cmp_per, cmp_real, reaches, within};
use super::judge::Judge;
use super::{Finding, IndicatorResult};
use crate::model::{BasicInfo, County, Locality, School, SchoolKind, SplitWeights, Stage};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// The key of a 1.x finding about a 差异系数 over its limit (the others are about a
/// school part failing the compliance rule).
pub const CV_KEY: &str = "cv";

/// Grades per stage, for the starting-grade projection (六三学制).
pub fn grades(stage: Stage) -> u32 {
    match stage {
        Stage::Primary => 6,
        Stage::Junior => 3,
    }
}

/// Why a value that falls short is nevertheless recognised (特殊情形认定).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionBasis {
    /// 现有面积与在建工程面积合并计算达标
    UnderConstruction,
    /// 现有场馆与租用的专用场馆合并计算达标
    RentedVenue,
    /// 按起始年级学生数（班级数）测算达标
    StartingGrade,
    /// 城区或中心城区确实无法扩充，“一校一案”制定化解方案 (1.4; column 面积一校一案)
    CentralCityPlan,
    /// 学校规模未超过县级以上人民政府批复规模 (2.4 (2))
    SizeApproved,
    /// 多个独立校区，每个校区规模达标 (2.4 (1); column 最大校区在校生数)
    CampusWithinLimit,
    /// 城区或中心城区因城镇化超规模，已制定化解方案 (2.4 (3); column 规模化解方案)
    SizePlan,
    /// 挖潜扩容的优质学校 (2.5; column 挖潜扩容学校)
    CapacityExpansion,
    /// 2016年及以前规划建设，音乐、美术专用教室数量达标 (2.3 (1))
    BuiltBefore2017,
    /// 城区或中心城区确实无法增加音乐、美术教室，音乐、美术课开齐开足开好 (2.3 (2);
    /// column 音乐美术课开齐开足)
    MusicArtTaught,
}

impl ExceptionBasis {
    pub fn label(self) -> &'static str {
        match self {
            ExceptionBasis::UnderConstruction => "在建工程合并计算",
            ExceptionBasis::RentedVenue => "租用专用场馆合并计算",
            ExceptionBasis::StartingGrade => "按起始年级测算",
            ExceptionBasis::CentralCityPlan => "城区一校一案",
            ExceptionBasis::SizeApproved => "规模经政府批复",
            ExceptionBasis::CampusWithinLimit => "各独立校区规模达标",
            ExceptionBasis::SizePlan => "城区超规模已制定化解方案",
            ExceptionBasis::CapacityExpansion => "挖潜扩容优质学校",
            ExceptionBasis::BuiltBefore2017 => "2016年及以前规划建设",
            ExceptionBasis::MusicArtTaught => "城区学校音乐、美术课开齐开足",
        }
    }
}

/// A 特殊情形认定: the value stays as computed; the indicator counts as met. Worded by
/// `documents::wording` from these figures, the item's standard and the part's stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Exception {
    pub indicator: IndicatorId,
    pub basis: ExceptionBasis,
    /// The area counted with the existing one, this stage's share (m²): under
    /// construction (在建) or rented (租用).
    pub added_area: Option<f64>,
    /// The area per student that reaches the standard (m²; none for 一校一案).
    pub per_student: Option<f64>,
    /// 起始年级: its students, times `grades(stage)` for the projected enrolment.
    pub starting_students: Option<u32>,
    /// 一校一案: the school's 特殊情形说明, as written in the workbook (quoted only).
    pub note: Option<String>,
    /// 一校一案: where the school is (城区 or 中心城区).
    pub place: Option<&'static str>,
}

impl Exception {
    fn new(indicator: IndicatorId, basis: ExceptionBasis) -> Self {
        Exception {
            indicator,
            basis,
            added_area: None,
            per_student: None,
            starting_students: None,
            note: None,
            place: None,
        }
    }
}

/// One of the seven values of a school part, with everything documents print.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceItem {
    pub id: IndicatorId,
    /// The standard for this part's stage (e.g. 42/10).
    pub standard: Rational,
    /// 100 for "每百名学生" indicators, 1 for 生均.
    pub factor: u64,
    /// What the value is computed from: teachers, m², 元, rooms (a multi-stage school's
    /// physical resources are its stage share, hence real).
    pub quantity: Option<Quantity>,
    /// factor × quantity ÷ students, unrounded.
    pub value: Option<f64>,
    /// value ÷ standard.
    pub ratio: Option<f64>,
    /// value ≥ standard (exact comparison).
    pub meets_standard: Option<bool>,
    /// value ≥ 85% of the standard.
    pub meets_85: Option<bool>,
    pub exception: Option<Exception>,
    /// Met, counting a 特殊情形认定 as met.
    pub met: Option<bool>,
}

impl ResourceItem {
    pub(crate) fn standard_f64(&self) -> f64 {
        self.standard.to_f64()
    }
}

/// How far a part is from a standard, in the underlying quantity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub indicator: IndicatorId,
    /// Unit of `current`/`required`/`shortfall`.
    pub unit: GapUnit,
    pub current: f64,
    /// Quantity needed to reach the standard (whole teachers; rooms of a single-stage
    /// school are whole, a multi-stage school's room share is real).
    pub required: f64,
    /// Quantity needed to reach 85% of the standard.
    pub required_85: f64,
    /// How much must be added to reach the standard (0 when met); whole units for 人/间.
    pub shortfall: f64,
    /// How much must be added to reach the 85% line (0 when reached).
    pub shortfall_85: f64,
}

/// One compulsory stage of one school (a `SchoolPart`).
#[derive(Debug, Clone, PartialEq)]
pub struct PartResult {
    pub stage: Stage,
    /// Enrolment of the stage (0 when blank; see `problem`).
    pub students: u32,
    /// The seven items, in catalogue order 1.1–1.7.
    pub items: Vec<ResourceItem>,
    /// Number of items met (counting exceptions).
    pub met_count: usize,
    /// Smallest value ÷ standard over the seven (None if any value is missing).
    pub min_ratio: Option<f64>,
    /// 6 of 7 met and the seventh ≥ 85% of its standard; None when undecidable.
    pub compliant: Option<bool>,
    /// This stage's share of the whole-school physical resources (1 for single-stage).
    pub share: Option<f64>,
    /// Why some values could not be computed (Chinese), if so.
    pub problem: Option<String>,
}

impl PartResult {
    pub fn item(&self, id: IndicatorId) -> Option<&ResourceItem> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn value(&self, id: IndicatorId) -> Option<f64> {
        self.item(id).and_then(|i| i.value)
    }

    /// All 特殊情形认定 of this part.
    pub fn exceptions(&self) -> impl Iterator<Item = &Exception> {
        self.items.iter().filter_map(|i| i.exception.as_ref())
    }

    /// The gap to the standard and to the 85% line for one indicator; `None` when the
    /// value is unknown.
    pub fn gap(&self, id: IndicatorId) -> Option<Gap> {
        let item = self.item(id)?;
        let q = item.quantity?;
        if self.students == 0 {
            return None;
        }
        let unit = id.indicator().gap?.unit;
        let whole = unit.is_whole();
        let line = item.standard.times(EIGHTY_FIVE_PERCENT);
        let students = u128::from(self.students);
        let factor = u128::from(item.factor);
        let (required, required_85) = match q {
            Quantity::Count(_) => (
                ceil_div(
                    u128::from(item.standard.num) * students,
                    u128::from(item.standard.den) * factor,
                ) as f64,
                ceil_div(
                    u128::from(line.num) * students,
                    u128::from(line.den) * factor,
                ) as f64,
            ),
            Quantity::Amount(_) => {
                let f = item.factor as f64;
                let s = f64::from(self.students);
                (item.standard.to_f64() * s / f, line.to_f64() * s / f)
            }
        };
        let current = q.to_f64();
        let short = |need: f64, reached: Option<bool>| -> f64 {
            if reached == Some(true) {
                return 0.0;
            }
            let d = (need - current).max(0.0);
            if whole { ceil_tolerant(d) } else { d }
        };
        Some(Gap {
            indicator: item.id,
            unit,
            current,
            required,
            required_85,
            shortfall: short(required, item.meets_standard),
            shortfall_85: short(required_85, item.meets_85),
        })
    }
}

/// One school's resource evaluation (its JSON is written by
/// `documents::wording::ResultsJson`, which words the 特殊情形认定).
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolResult {
    pub name: String,
    pub kind: SchoolKind,
    /// Empty when the school is out of scope (`excluded`).
    pub parts: Vec<PartResult>,
    /// Why the school takes no part in 1.1–1.7 and the 差异系数.
    pub excluded: Option<String>,
    /// Row in the 学校 sheet.
    pub row: u32,
    /// Index into `County::schools`.
    pub index: usize,
}

/// What one school must add to close a resource gap in every stage, in the resource's
/// own unit.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolGap {
    pub indicator: IndicatorId,
    pub unit: GapUnit,
    /// The stages below the standard, in order.
    pub stages: Vec<Stage>,
    /// The addition that brings every stage to its standard.
    pub to_standard: f64,
    /// The addition that brings every stage to 85% of its standard (0 when all are).
    pub to_85: f64,
}

/// The whole-school addition for one stage's gap `need − current` (in the stage's
/// share): a whole-school resource reaches a stage only by its share, so the school must
/// add `(need − current) ÷ share`.
fn whole_school_addition(need: f64, current: f64, share: f64) -> f64 {
    let d = (need - current).max(0.0);
    if share > 0.0 && share < 1.0 {
        d / share
    } else {
        d
    }
}

impl SchoolResult {
    /// What the school must add for one indicator, `None` when every stage reaches the
    /// standard (or a value is unknown). Teachers are per stage, so the stages' additions
    /// add up; a whole-school resource (1.4–1.7) raised by A raises every stage's share,
    /// so the school needs the largest of the stages' additions, not their sum. Teachers
    /// and rooms are rounded up to whole units.
    pub fn gap(&self, id: IndicatorId) -> Option<SchoolGap> {
        let unit = id.indicator().gap?.unit;
        let mut stages = Vec::new();
        let (mut to_standard, mut to_85) = (0.0f64, 0.0f64);
        for part in &self.parts {
            let Some(item) = part.item(id) else { continue };
            if item.meets_standard != Some(false) {
                continue;
            }
            let gap = part.gap(id)?;
            stages.push(part.stage);
            if unit.is_per_stage() {
                to_standard += gap.shortfall;
                to_85 += gap.shortfall_85;
                continue;
            }
            let share = part.share.unwrap_or(1.0);
            let whole = |need: f64, reached: Option<bool>| {
                if reached == Some(true) {
                    return 0.0;
                }
                let a = whole_school_addition(need, gap.current, share);
                if unit.is_whole() { ceil_tolerant(a) } else { a }
            };
            to_standard = to_standard.max(whole(gap.required, item.meets_standard));
            to_85 = to_85.max(whole(gap.required_85, item.meets_85));
        }
        (!stages.is_empty()).then_some(SchoolGap {
            indicator: id,
            unit,
            stages,
            to_standard,
            to_85,
        })
    }

    /// `name（小学）` for a multi-stage school's part, plain `name` otherwise.
    pub(crate) fn part_label(&self, stage: Stage) -> String {
        stage_label(&self.name, self.kind, stage)
    }
}

/// `name（小学）` for a part of a school with both compulsory stages, plain `name` otherwise.
pub(crate) fn stage_label(name: &str, kind: SchoolKind, stage: Stage) -> String {
    if kind.has_primary() && kind.has_junior() {
        format!("{name}（{}）", stage.label())
    } else {
        name.to_string()
    }
}

/// One school's figures in a 差异系数 computation table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CvRow {
    pub school: String,
    pub students: u32,
    pub value: f64,
}

/// The 差异系数 of one indicator in one stage, with what documents print.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CvStat {
    pub stage: Stage,
    pub indicator: IndicatorId,
    /// Number of school parts in the computation.
    pub schools: usize,
    /// N = Σ P_i.
    pub students: u64,
    /// X̄ = Σ P_i·X_i / N.
    pub mean: Option<f64>,
    /// S = sqrt(Σ P_i·(X_i − X̄)² / N).
    pub sd: Option<f64>,
    /// CV = S / X̄.
    pub cv: Option<f64>,
    pub limit: f64,
    /// CV ≤ limit.
    pub met: Option<bool>,
    /// The mean reaches the stage's standard (exact: Σ quantity × factor ≥ standard × N).
    #[serde(skip)]
    pub mean_meets: Option<bool>,
    pub rows: Vec<CvRow>,
    /// Parts in scope whose value is unknown: the CV is then not computed.
    pub missing: Vec<String>,
}

/// The 14 差异系数 (7 indicators × 2 stages).
///
/// Serialises as DESIGN's `cv`: `{"primary": {"1.1": 0.21, …}, "junior": {…}}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CvTable {
    pub stats: Vec<CvStat>,
}

impl CvTable {
    pub fn get(&self, stage: Stage, id: IndicatorId) -> Option<&CvStat> {
        self.stats
            .iter()
            .find(|s| s.stage == stage && s.indicator == id)
    }

    pub fn stage(&self, stage: Stage) -> impl Iterator<Item = &CvStat> {
        self.stats.iter().filter(move |s| s.stage == stage)
    }

    /// Mean of the seven coefficients of a stage, for reference only (the 优质均衡
    /// evaluation has no composite coefficient). None unless all seven are known.
    pub(crate) fn mean_cv(&self, stage: Stage) -> Option<f64> {
        let cvs: Option<Vec<f64>> = self.stage(stage).map(|s| s.cv).collect();
        let cvs = cvs?;
        if cvs.is_empty() {
            None
        } else {
            Some(cvs.iter().sum::<f64>() / cvs.len() as f64)
        }
    }

    /// The richer form for `cv_detail` in the JSON.
    pub fn detail(&self) -> CvDetail<'_> {
        CvDetail(self)
    }
}

impl Serialize for CvTable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Stage1<'a>(&'a CvTable, Stage);
        impl Serialize for Stage1<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(None)?;
                for st in self.0.stage(self.1) {
                    m.serialize_entry(st.indicator.as_str(), &st.cv)?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("primary", &Stage1(self, Stage::Primary))?;
        m.serialize_entry("junior", &Stage1(self, Stage::Junior))?;
        m.end()
    }
}

/// `cv_detail`: `{"primary": {"indicators": {"1.1": {schools, students, mean, sd, cv,
/// limit, met}}, "mean_cv": …}, "junior": …}`.
pub struct CvDetail<'a>(&'a CvTable);

impl Serialize for CvDetail<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Brief<'a> {
            schools: usize,
            students: u64,
            mean: Option<f64>,
            sd: Option<f64>,
            cv: Option<f64>,
            limit: f64,
            met: Option<bool>,
            #[serde(skip_serializing_if = "<[String]>::is_empty")]
            missing: &'a [String],
        }
        #[derive(Serialize)]
        struct StageDetail<'a> {
            indicators: BTreeMap<&'static str, Brief<'a>>,
            mean_cv: Option<f64>,
        }
        let mut m = s.serialize_map(Some(2))?;
        for stage in Stage::BOTH {
            let indicators = self
                .0
                .stage(stage)
                .map(|st| {
                    (
                        st.indicator.as_str(),
                        Brief {
                            schools: st.schools,
                            students: st.students,
                            mean: st.mean,
                            sd: st.sd,
                            cv: st.cv,
                            limit: st.limit,
                            met: st.met,
                            missing: &st.missing,
                        },
                    )
                })
                .collect();
            let key = match stage {
                Stage::Primary => "primary",
                Stage::Junior => "junior",
            };
            m.serialize_entry(
                key,
                &StageDetail {
                    indicators,
                    mean_cv: self.0.mean_cv(stage),
                },
            )?;
        }
        m.end()
    }
}

/// Everything the resource stage produces.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResourceOutcome {
    pub schools: Vec<SchoolResult>,
    pub cv: CvTable,
    /// 1.1–1.7 at county level.
    pub indicators: Vec<IndicatorResult>,
}

/// Why a school takes no part in 1.1–1.7 and the 差异系数, if it does not. The
/// teaching-point threshold is the province's setting (基本信息 教学点参评人数下限,
/// national default `rules::SMALL_TEACHING_POINT`).
pub(crate) fn exclusion(school: &School, info: &BasicInfo) -> Option<String> {
    match school.kind {
        SchoolKind::SpecialEducation => {
            return Some("特殊教育学校不参与资源配置指标评估和差异系数计算".to_string());
        }
        SchoolKind::TeachingPoint => {
            let threshold = info.teaching_point_threshold();
            if let Some(n) = school.students.primary
                && n < threshold
            {
                return Some(format!(
                    "教学点在校生{n}人，不足{threshold}人，不参与资源配置指标评估和差异系数计算"
                ));
            }
        }
        _ => {}
    }
    if school.private && !info.include_private_schools {
        return Some("民办学校按基本信息设置不纳入资源配置评估".to_string());
    }
    None
}

/// The compulsory stages a school type has parts for.
pub(crate) fn stages_of(kind: SchoolKind) -> Vec<Stage> {
    match kind {
        SchoolKind::SpecialEducation => vec![],
        _ => Stage::BOTH
            .into_iter()
            .filter(|s| match s {
                Stage::Primary => kind.has_primary(),
                Stage::Junior => kind.has_junior(),
            })
            .collect(),
    }
}

/// A stage's share of the whole-school physical resources.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Share {
    /// The stage is the only one with students: the whole resource (exact).
    Whole,
    Fraction(f64),
}

impl Share {
    pub(crate) fn to_f64(self) -> f64 {
        match self {
            Share::Whole => 1.0,
            Share::Fraction(f) => f,
        }
    }
}

/// The share of `stage` in the school's whole-school resources:
/// weight(stage)·P(stage) ÷ Σ weight·P over the stages the school type has.
/// `Err` explains (in Chinese) why it cannot be computed.
pub(crate) fn resource_share(
    school: &School,
    stage: Stage,
    w: &SplitWeights,
) -> Result<Share, String> {
    let kind = school.kind;
    // (label, weight, enrolment) of every stage the type has, senior included.
    let mut stages: Vec<(&str, f64, Option<u32>, bool)> = Vec::new();
    if kind.has_primary() {
        stages.push((
            "小学",
            w.primary,
            school.students.primary,
            stage == Stage::Primary,
        ));
    }
    if kind.has_junior() {
        stages.push((
            "初中",
            w.junior,
            school.students.junior,
            stage == Stage::Junior,
        ));
    }
    if kind.has_senior() {
        stages.push(("高中", w.senior, school.students.senior, false));
    }
    if !stages.iter().any(|s| s.3) {
        return Err(format!("{}没有{}学段", kind.label(), stage.label()));
    }
    if stages.len() == 1 {
        return Ok(Share::Whole);
    }
    for (label, weight, students, _) in &stages {
        if !(weight.is_finite() && *weight > 0.0) {
            return Err("一贯制拆分权重无效（应为正数）".to_string());
        }
        if students.is_none() {
            return Err(format!(
                "{}缺少{label}在校生数，无法按权重拆分校舍、场馆、设备和教室（没有该学段学生请填0）",
                kind.label()
            ));
        }
    }
    let own = stages
        .iter()
        .find(|s| s.3)
        .map(|s| s.1 * f64::from(s.2.unwrap_or(0)));
    let total: f64 = stages
        .iter()
        .map(|s| s.1 * f64::from(s.2.unwrap_or(0)))
        .sum();
    let own = own.unwrap_or(0.0);
    let others_empty = stages.iter().all(|s| s.3 || s.2 == Some(0));
    if total <= 0.0 {
        return Err("全校在校生数为0，无法拆分".to_string());
    }
    if others_empty {
        return Ok(Share::Whole);
    }
    Ok(Share::Fraction(own / total))
}

/// Starting-grade enrolment per (school name, stage) from the 班级 sheet.
fn starting_grades_from_classes(county: &County) -> BTreeMap<(&str, Stage), u32> {
    let mut map: BTreeMap<(&str, Stage), u32> = BTreeMap::new();
    if let Some(classes) = &county.classes {
        for c in classes {
            let start = match c.stage {
                Stage::Primary => c.grade == 1,
                // 七年级; a sheet numbering junior grades 1–3 uses 1.
                Stage::Junior => c.grade == 7 || c.grade == 1,
            };
            if start {
                let e = map.entry((c.school.as_str(), c.stage)).or_insert(0);
                *e = e.saturating_add(c.students);
            }
        }
    }
    map
}

fn has_stage_inputs(school: &School, stage: Stage) -> bool {
    let pos = |v: Option<u32>| v.is_some_and(|n| n > 0);
    pos(school.teachers_above_degree.get(stage))
        || pos(school.backbone_teachers.get(stage))
        || pos(school.pe_art_teachers.get(stage))
        || pos(school.full_time_teachers.get(stage))
        || pos(school.classes.get(stage))
}

/// The parts a school has, with the enrolment of each (None = blank).
pub(crate) fn part_stages(school: &School) -> Vec<(Stage, Option<u32>)> {
    let stages = stages_of(school.kind);
    let single = stages.len() == 1;
    stages
        .into_iter()
        .filter(|&st| single || school.students.get(st) != Some(0) || has_stage_inputs(school, st))
        .map(|st| (st, school.students.get(st)))
        .collect()
}

struct Ctx<'a> {
    weights: SplitWeights,
    starting: BTreeMap<(&'a str, Stage), u32>,
}

fn evaluate_part(school: &School, stage: Stage, students: Option<u32>, ctx: &Ctx) -> PartResult {
    let n = students.unwrap_or(0);
    let mut problem: Option<String> = match students {
        None => Some(format!("缺少{}在校生数", stage.label())),
        Some(0) => Some(format!(
            "{}在校生数为0，但填有该学段的教师或班级数据",
            stage.label()
        )),
        Some(_) => None,
    };
    let share = resource_share(school, stage, &ctx.weights);
    if let Err(e) = &share
        && problem.is_none()
    {
        problem = Some(e.clone());
    }
    let share = share.ok();
    // A non-finite or negative amount is invalid input (reported by `validate`): the
    // value is unknown, never a number documents could print.
    let split = |x: Option<f64>| -> Option<Quantity> {
        let x = x.filter(|x| x.is_finite() && *x >= 0.0)?;
        match share? {
            Share::Whole => Some(Quantity::Amount(x)),
            Share::Fraction(f) => Some(Quantity::Amount(x * f)),
        }
    };
    let rooms = match (school.multimedia_rooms, share) {
        (Some(r), Some(Share::Whole)) => Some(Quantity::Count(u64::from(r))),
        (Some(r), Some(Share::Fraction(f))) => Some(Quantity::Amount(f64::from(r) * f)),
        _ => None,
    };
    let count = |v: Option<u32>| v.map(|c| Quantity::Count(u64::from(c)));
    let quantities: [Option<Quantity>; 7] = [
        count(school.teachers_above_degree.get(stage)),
        count(school.backbone_teachers.get(stage)),
        count(school.pe_art_teachers.get(stage)),
        split(school.teaching_area),
        split(school.sports_area),
        split(school.equipment_value),
        rooms,
    ];
    let mut items = Vec::with_capacity(7);
    for (k, id) in RESOURCE_IDS.into_iter().enumerate() {
        let ind = id.indicator();
        let Some(standard) = ind.standard(stage) else {
            continue;
        };
        let factor = ind.factor;
        let value_of = |q: Quantity| q.to_f64() * factor as f64 / f64::from(n);
        let q = if n == 0 {
            None
        } else {
            quantities.get(k).copied().flatten()
        }
        .filter(|&q| value_of(q).is_finite());
        let per = u64::from(n);
        let value = q.map(value_of);
        let meets_standard = q.and_then(|q| reaches(cmp_per(q, factor, per, standard)));
        let meets_85 =
            q.and_then(|q| reaches(cmp_per(q, factor, per, standard.times(EIGHTY_FIVE_PERCENT))));
        let exception = if meets_standard == Some(false) {
            resource_exception(school, stage, id, standard, share, ctx)
        } else {
            None
        };
        let met = if exception.is_some() {
            Some(true)
        } else {
            meets_standard
        };
        items.push(ResourceItem {
            id: ind.id,
            standard,
            factor,
            quantity: q,
            value,
            ratio: value.map(|v| v / standard.to_f64()),
            meets_standard,
            meets_85,
            exception,
            met,
        });
    }
    let met_count = items.iter().filter(|i| i.met == Some(true)).count();
    let min_ratio = items
        .iter()
        .map(|i| i.ratio)
        .collect::<Option<Vec<f64>>>()
        .and_then(|r| r.into_iter().min_by(|a, b| a.total_cmp(b)));
    let compliant = compliance(&items);
    PartResult {
        stage,
        students: n,
        items,
        met_count,
        min_ratio,
        compliant,
        share: share.map(Share::to_f64),
        problem,
    }
}

/// The compliance rule: at least 6 of the 7 met and the remaining one ≥ 85% of its
/// standard. Three-valued: `None` when missing values could change the outcome.
pub fn compliance(items: &[ResourceItem]) -> Option<bool> {
    let unmet: Vec<&ResourceItem> = items.iter().filter(|i| i.met == Some(false)).collect();
    let unknown = items.iter().filter(|i| i.met.is_none()).count();
    if unmet.len() > crate::catalogue::rules::RESOURCES_BELOW_ALLOWED
        || unmet.iter().any(|i| i.meets_85 == Some(false))
    {
        return Some(false);
    }
    if unknown > 0 || unmet.iter().any(|i| i.meets_85.is_none()) {
        return None;
    }
    Some(true)
}

fn resource_exception(
    school: &School,
    stage: Stage,
    id: IndicatorId,
    standard: Rational,
    share: Option<Share>,
    ctx: &Ctx,
) -> Option<Exception> {
    if !matches!(id, IndicatorId::I1_4 | IndicatorId::I1_5) {
        return None;
    }
    let share = share?;
    let students = school.students.get(stage)?;
    if students == 0 {
        return None;
    }
    let (existing, extra) = match id {
        IndicatorId::I1_4 => (
            school.teaching_area?,
            school.teaching_area_under_construction,
        ),
        _ => (school.sports_area?, school.sports_area_under_construction),
    };
    let f = share.to_f64();
    let reaches_with = |area: f64, per: u32| -> bool {
        per > 0
            && reaches(cmp_per(Quantity::Amount(area), 1, u64::from(per), standard)) == Some(true)
    };
    // 在建工程合并计算
    if let Some(c) = extra.filter(|c| c.is_finite() && *c > 0.0) {
        let total = (existing + c) * f;
        if reaches_with(total, students) {
            return Some(Exception {
                added_area: Some(c * f),
                per_student: Some(total / f64::from(students)),
                ..Exception::new(id, ExceptionBasis::UnderConstruction)
            });
        }
    }
    // 租用专用场馆 (1.5, 城区或中心城区)
    if id == IndicatorId::I1_5
        && (school.locality == Locality::Urban || school.central_city)
        && let Some(r) = school
            .sports_area_rented
            .filter(|r| r.is_finite() && *r > 0.0)
    {
        let total = (existing + r) * f;
        if reaches_with(total, students) {
            return Some(Exception {
                added_area: Some(r * f),
                per_student: Some(total / f64::from(students)),
                ..Exception::new(id, ExceptionBasis::RentedVenue)
            });
        }
    }
    // 按起始年级学生数测算
    let single = stages_of(school.kind).len() == 1;
    let start = ctx
        .starting
        .get(&(school.name.as_str(), stage))
        .copied()
        .or(if single {
            school.starting_grade_students
        } else {
            None
        });
    if let Some(sg) = start.filter(|&s| s > 0) {
        let projected = sg.saturating_mul(grades(stage));
        if projected < students && reaches_with(existing * f, projected) {
            return Some(Exception {
                starting_students: Some(sg),
                per_student: Some(existing * f / f64::from(projected)),
                ..Exception::new(id, ExceptionBasis::StartingGrade)
            });
        }
    }
    // 县城区或中心城区“一校一案” (the column decides; the note is only quoted)
    if id == IndicatorId::I1_4 && school.in_city() && school.area_plan == Some(true) {
        return Some(Exception {
            note: school
                .special_note
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            place: Some(school.city_label()),
            ..Exception::new(id, ExceptionBasis::CentralCityPlan)
        });
    }
    None
}

/// Population-weighted mean, standard deviation and CV (REFERENCE §1).
/// Returns (mean, sd, cv); cv is None when the mean is 0.
pub fn weighted_cv(rows: &[(u32, f64)]) -> Option<(f64, f64, Option<f64>)> {
    let n: f64 = rows.iter().map(|(p, _)| f64::from(*p)).sum();
    if rows.is_empty() || n <= 0.0 {
        return None;
    }
    let mean = rows.iter().map(|(p, x)| f64::from(*p) * x).sum::<f64>() / n;
    let var = rows
        .iter()
        .map(|(p, x)| f64::from(*p) * (x - mean) * (x - mean))
        .sum::<f64>()
        / n;
    let sd = var.max(0.0).sqrt();
    let cv = if mean > 0.0 { Some(sd / mean) } else { None };
    Some((mean, sd, cv))
}

fn cv_stats(schools: &[SchoolResult]) -> CvTable {
    let mut stats = Vec::new();
    for stage in Stage::BOTH {
        let limit = cv_limit(stage);
        for id in RESOURCE_IDS {
            let mut rows = Vec::new();
            let mut missing = Vec::new();
            let mut total: Option<Quantity> = Some(Quantity::Count(0));
            for s in schools.iter().filter(|s| s.excluded.is_none()) {
                for p in s.parts.iter().filter(|p| p.stage == stage) {
                    let item = p.item(id);
                    total = match (total, item.and_then(|i| i.quantity)) {
                        (Some(Quantity::Count(a)), Some(Quantity::Count(b))) => {
                            a.checked_add(b).map(Quantity::Count)
                        }
                        (Some(a), Some(b)) => Some(Quantity::Amount(a.to_f64() + b.to_f64())),
                        _ => None,
                    };
                    match p.value(id) {
                        Some(v) if p.students > 0 => rows.push(CvRow {
                            school: s.part_label(stage),
                            students: p.students,
                            value: v,
                        }),
                        _ => missing.push(s.part_label(stage)),
                    }
                }
            }
            let students: u64 = rows.iter().map(|r| u64::from(r.students)).sum();
            let (mean, sd, cv) = if missing.is_empty() {
                let pairs: Vec<(u32, f64)> = rows.iter().map(|r| (r.students, r.value)).collect();
                match weighted_cv(&pairs) {
                    Some((m, s, c)) => (Some(m), Some(s), c),
                    None => (None, None, None),
                }
            } else {
                (None, None, None)
            };
            let met = cv.and_then(|c| within(cmp_real(c, limit.to_f64())));
            let standard = id.indicator().standard(stage);
            let mean_meets = match (mean, total, standard) {
                (Some(_), Some(q), Some(standard)) => {
                    reaches(cmp_per(q, id.indicator().factor, students, standard))
                }
                _ => None,
            };
            stats.push(CvStat {
                stage,
                indicator: id,
                schools: rows.len(),
                students,
                mean,
                sd,
                cv,
                limit: limit.to_f64(),
                met,
                mean_meets,
                rows,
                missing,
            });
        }
    }
    CvTable { stats }
}

/// Evaluate 1.1–1.7 for the whole county.
pub(crate) fn evaluate_resources(county: &County) -> ResourceOutcome {
    let ctx = Ctx {
        weights: county.info.split_weights,
        starting: starting_grades_from_classes(county),
    };
    let schools: Vec<SchoolResult> = county
        .schools
        .iter()
        .enumerate()
        .map(|(index, school)| {
            let excluded = exclusion(school, &county.info);
            let parts = if excluded.is_some() {
                Vec::new()
            } else {
                part_stages(school)
                    .into_iter()
                    .map(|(st, n)| evaluate_part(school, st, n, &ctx))
                    .collect()
            };
            SchoolResult {
                name: school.name.clone(),
                kind: school.kind,
                parts,
                excluded,
                row: school.row,
                index,
            }
        })
        .collect();
    let cv = cv_stats(&schools);
    let indicators = RESOURCE_IDS
        .iter()
        .map(|id| county_resource_indicator(*id, &schools, &cv))
        .collect();
    ResourceOutcome {
        schools,
        cv,
        indicators,
    }
}

fn county_resource_indicator(
    id: IndicatorId,
    schools: &[SchoolResult],
    cv: &CvTable,
) -> IndicatorResult {
    let mut j = Judge::new(id);
    let in_scope: Vec<(&SchoolResult, &PartResult)> = schools
        .iter()
        .filter(|s| s.excluded.is_none())
        .flat_map(|s| s.parts.iter().map(move |p| (s, p)))
        .collect();
    if in_scope.is_empty() {
        j.unknown("没有参与资源配置评估的学校（「学校」工作表为空或全部不在评估范围内）");
        return j.finish();
    }
    for stage in Stage::BOTH {
        if !in_scope.iter().any(|(_, p)| p.stage == stage) {
            continue;
        }
        let Some(stat) = cv.get(stage, id) else {
            continue;
        };
        let (key_mean, key_cv) = match stage {
            Stage::Primary => ("primary_mean", "primary_cv"),
            Stage::Junior => ("junior_mean", "junior_cv"),
        };
        if let Some(m) = stat.mean {
            j.figure(key_mean, m);
        }
        if let Some(c) = stat.cv {
            j.figure(key_cv, c);
        }
        match stat.met {
            Some(true) => {}
            Some(false) => j.fail_with(
                Finding {
                    stage: Some(stage),
                    ..Finding::default()
                }
                .with_figures(stat.cv.unwrap_or(f64::NAN), stat.limit)
                .keyed(CV_KEY),
            ),
            None => {
                if !stat.missing.is_empty() {
                    j.unknown(format!(
                        "{}校际差异系数无法计算：{}缺少数据",
                        stage.label(),
                        stat.missing.join("、")
                    ));
                } else {
                    j.unknown(format!("{}校际差异系数无法计算（均值为0）", stage.label()));
                }
            }
        }
    }
    for (s, p) in &in_scope {
        let Some(item) = p.item(id) else { continue };
        let label = s.part_label(p.stage);
        if let Some(e) = &item.exception {
            j.exception_with(Finding::at(s.index, Some(p.stage)).with_basis(e.basis));
        }
        match item.met {
            Some(true) => {}
            Some(false) => match p.compliant {
                Some(true) => {}
                // The line says whether six were met (the seventh below 85%) or fewer.
                Some(false) => j.fail_with(
                    Finding::at(s.index, Some(p.stage))
                        .with_figures(item.value.unwrap_or(f64::NAN), item.standard.to_f64())
                        .counting(p.met_count as u64, p.items.len() as u64),
                ),
                None => j.unknown(format!(
                    "{label}未达到该指标标准，因其他指标数据缺失无法判定是否达到校际均衡要求"
                )),
            },
            None => j.unknown(match &p.problem {
                Some(pr) => format!("{label}：{pr}，无法计算"),
                None => format!("{label}缺少计算该指标所需的数据"),
            }),
        }
    }
    j.finish()
}
