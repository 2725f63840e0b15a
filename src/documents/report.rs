//! 自评报告, plus the result tables the plan borrows (工作目标 table, shortfall tasks,
//! 问题清单). Every sentence with a number is generated from the evaluation.

use serde::Serialize;

use super::format::{self, chinese_number};
use super::shortfall::{ProblemRow, ShortfallTask, cv_text};
use super::shortfall::{deadline, units_for};
use super::wording::{self, Words};
use super::{Common, Para, defaults, section_paras};
use crate::evaluate::Evaluation;
use crate::evaluate::catalogue::{Area, GapUnit, IndicatorId, RESOURCE_IDS, cv_limit, joined};
use crate::evaluate::government;
use crate::evaluate::resources::{CvStat, PartResult, ResourceItem};
use crate::model::{ClassRow, County, SchoolKind, Stage};
use std::collections::HashMap;

// ---------------------------------------------------------------- basic facts

#[derive(Debug, Clone, Serialize)]
pub struct KindRow {
    pub kind: String,
    pub schools: usize,
    pub primary_students: String,
    pub junior_students: String,
    pub teachers: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BasicFacts {
    pub paragraphs: Vec<String>,
    pub rows: Vec<KindRow>,
    pub total: KindRow,
}

fn sum_stage(
    county: &County,
    kinds: &[SchoolKind],
    f: impl Fn(&crate::model::School) -> u64,
) -> u64 {
    county
        .schools
        .iter()
        .filter(|s| kinds.is_empty() || kinds.contains(&s.kind))
        .map(f)
        .sum()
}

pub fn basic_facts(county: &County, common: &Common) -> BasicFacts {
    let p = |s: &crate::model::School| u64::from(s.students.primary.unwrap_or(0));
    let j = |s: &crate::model::School| u64::from(s.students.junior.unwrap_or(0));
    let tp = |s: &crate::model::School| u64::from(s.full_time_teachers.primary.unwrap_or(0));
    let tj = |s: &crate::model::School| u64::from(s.full_time_teachers.junior.unwrap_or(0));
    let mut rows = Vec::new();
    let mut kind_phrases = Vec::new();
    for kind in SchoolKind::ALL {
        let of_kind: Vec<_> = county.schools.iter().filter(|s| s.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let private = of_kind.iter().filter(|s| s.private).count();
        let noun = match kind {
            SchoolKind::TeachingPoint => "个",
            _ => "所",
        };
        let label = match kind {
            SchoolKind::NineYear | SchoolKind::TwelveYear => format!("{}学校", kind.label()),
            _ => kind.label().to_string(),
        };
        kind_phrases.push(if private > 0 {
            format!("{label}{}{noun}（含民办{private}{noun}）", of_kind.len())
        } else {
            format!("{label}{}{noun}", of_kind.len())
        });
        let ks = [kind];
        rows.push(KindRow {
            kind: label,
            schools: of_kind.len(),
            primary_students: format::int(sum_stage(county, &ks, p)),
            junior_students: format::int(sum_stage(county, &ks, j)),
            teachers: format::int(sum_stage(county, &ks, |s| tp(s) + tj(s))),
        });
    }
    let (sp, sj) = (sum_stage(county, &[], p), sum_stage(county, &[], j));
    let (tpn, tjn) = (sum_stage(county, &[], tp), sum_stage(county, &[], tj));
    let schools = county.schools.len();
    let paragraphs = vec![format!(
        "{}现有义务教育阶段学校（含教学点）{schools}所，其中{}。义务教育阶段在校学生{}人，其中小学{}人、初中{}人；专任教师{}人，其中小学{}人、初中{}人。",
        common.whole,
        kind_phrases.join("、"),
        format::int(sp + sj),
        format::int(sp),
        format::int(sj),
        format::int(tpn + tjn),
        format::int(tpn),
        format::int(tjn),
    )];
    BasicFacts {
        paragraphs,
        rows,
        total: KindRow {
            kind: "合计".to_string(),
            schools,
            primary_students: format::int(sp),
            junior_students: format::int(sj),
            teachers: format::int(tpn + tjn),
        },
    }
}

// ---------------------------------------------------------------- resource tables

/// How a resource value prints: the catalogue's decimals, never rounded across its
/// standard; a value the workbook lacks says so.
pub fn resource_value(item: &ResourceItem) -> String {
    match item.value {
        Some(v) => format::indicator_value(item.id, v, item.standard_f64()),
        None => format::MISSING.to_string(),
    }
}

fn standard_text(id: IndicatorId, stage: Stage) -> String {
    id.indicator()
        .standard(stage)
        .map(|r| format::standard(r.to_f64()))
        .unwrap_or_default()
}

/// A stage's 差异系数 of one indicator: not applicable where the stage has no school in
/// the computation, missing where a school's value is.
pub fn cv_of(stat: Option<&CvStat>, stage: Stage) -> String {
    match stat {
        Some(s) if s.schools > 0 => cv_text(s.cv, stage),
        _ => format::NOT_APPLICABLE.to_string(),
    }
}

/// A stage's (weighted) mean of a resource indicator, as both the 现状 table and the
/// 差异系数 computation table print it.
pub(crate) fn mean_text(id: IndicatorId, stage: Stage, stat: Option<&CvStat>) -> String {
    let standard = id.indicator().standard(stage).map(|r| r.to_f64());
    match (stat.filter(|s| s.schools > 0).map(|s| s.mean), standard) {
        (None, _) => format::NOT_APPLICABLE.to_string(),
        (Some(Some(m)), Some(s)) => format::indicator_value(id, m, s),
        (Some(Some(m)), None) => format::decimal(m, usize::from(id.indicator().decimals)),
        (Some(None), _) => format::MISSING.to_string(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourceGoalRow {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub primary_standard: String,
    pub primary_value: String,
    pub primary_ok: bool,
    pub primary_cv: String,
    pub primary_cv_ok: bool,
    pub primary_meeting: String,
    pub junior_standard: String,
    pub junior_value: String,
    pub junior_ok: bool,
    pub junior_cv: String,
    pub junior_cv_ok: bool,
    pub junior_meeting: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourceGoalTable {
    pub intro: String,
    pub rows: Vec<ResourceGoalRow>,
    pub note: String,
}

fn parts(evaluation: &Evaluation, stage: Stage) -> Vec<(&str, &PartResult)> {
    evaluation
        .schools
        .iter()
        .flat_map(|s| s.parts.iter().map(move |p| (s.name.as_str(), p)))
        .filter(|(_, p)| p.stage == stage)
        .collect()
}

/// 现状 vs 标准 for the 7 resource indicators: county mean, schools meeting, 差异系数.
pub fn resource_goal_table(evaluation: &Evaluation) -> ResourceGoalTable {
    let mut rows = Vec::new();
    for id in RESOURCE_IDS {
        let ind = id.indicator();
        let mut cells: Vec<(String, bool, String, bool, String)> = Vec::new();
        for stage in Stage::BOTH {
            let stat = evaluation.cv.get(stage, id);
            let value = mean_text(id, stage, stat);
            let ok = stat.and_then(|s| s.mean).is_none()
                || stat.and_then(|s| s.mean_meets) != Some(false);
            let cv_ok = stat.and_then(|s| s.met).unwrap_or(true);
            let stage_parts = parts(evaluation, stage);
            let meeting = stage_parts
                .iter()
                .filter(|(_, p)| p.item(id).and_then(|i| i.meets_standard) == Some(true))
                .count();
            cells.push((
                value,
                ok,
                cv_of(stat, stage),
                cv_ok,
                format!(
                    "{}/{}",
                    format::count(meeting),
                    format::count(stage_parts.len())
                ),
            ));
        }
        let [(pv, pok, pcv, pcvok, pm), (jv, jok, jcv, jcvok, jm)] = <[_; 2]>::try_from(cells)
            .unwrap_or_else(|_| {
                let blank = || {
                    let na = format::NOT_APPLICABLE.to_string();
                    (na.clone(), true, na, true, String::new())
                };
                [blank(), blank()]
            });
        rows.push(ResourceGoalRow {
            id: id.to_string(),
            name: ind.name.to_string(),
            unit: ind.unit.to_string(),
            primary_standard: standard_text(id, Stage::Primary),
            primary_value: pv,
            primary_ok: pok,
            primary_cv: pcv,
            primary_cv_ok: pcvok,
            primary_meeting: pm,
            junior_standard: standard_text(id, Stage::Junior),
            junior_value: jv,
            junior_ok: jok,
            junior_cv: jcv,
            junior_cv_ok: jcvok,
            junior_meeting: jm,
        });
    }
    ResourceGoalTable {
        intro: "资源配置7项指标的国家标准与现状如下（现状为按在校生数加权的全域平均值）："
            .to_string(),
        rows,
        note: format!(
            "注：差异系数按在校生数加权计算，小学不高于{}、初中不高于{}为达标；标注下划线的数值未达到标准。",
            format::cv_limit(cv_limit(Stage::Primary).to_f64()),
            format::cv_limit(cv_limit(Stage::Junior).to_f64())
        ),
    }
}

// ---------------------------------------------------------------- per-school tables

#[derive(Debug, Clone, Serialize)]
pub struct SchoolCell {
    pub value: String,
    pub ok: bool,
    /// 特殊情形认定 applies.
    pub exception: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SchoolRow {
    pub name: String,
    pub students: String,
    pub cells: Vec<SchoolCell>,
    pub met_count: String,
    pub verdict: String,
    pub compliant: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageTable {
    pub stage: String,
    pub standards: Vec<String>,
    pub rows: Vec<SchoolRow>,
    pub compliant: usize,
    /// Of the compliant, those that pass only with a 特殊情形认定.
    pub compliant_by_exception: usize,
}

pub fn stage_tables(evaluation: &Evaluation) -> Vec<StageTable> {
    let mut out = Vec::new();
    for stage in Stage::BOTH {
        let mut rows = Vec::new();
        let mut compliant_by_exception = 0;
        for school in &evaluation.schools {
            for part in school.parts.iter().filter(|p| p.stage == stage) {
                if part.compliant == Some(true) && passes_by_exception(part) {
                    compliant_by_exception += 1;
                }
                let cells = RESOURCE_IDS
                    .iter()
                    .map(|id| match part.item(*id) {
                        Some(item) => SchoolCell {
                            value: resource_value(item),
                            ok: item.met != Some(false),
                            exception: item.exception.is_some(),
                        },
                        None => SchoolCell {
                            value: format::NOT_APPLICABLE.to_string(),
                            ok: true,
                            exception: false,
                        },
                    })
                    .collect();
                let verdict = match part.compliant {
                    Some(true) => "达标",
                    Some(false) => "未达标",
                    None => "数据不全",
                };
                rows.push(SchoolRow {
                    name: school.part_label(stage),
                    students: format::int(u64::from(part.students)),
                    cells,
                    met_count: format::count(part.met_count),
                    verdict: verdict.to_string(),
                    compliant: part.compliant == Some(true),
                });
            }
        }
        if rows.is_empty() {
            continue;
        }
        let compliant = rows.iter().filter(|r| r.compliant).count();
        out.push(StageTable {
            stage: stage.label().to_string(),
            standards: RESOURCE_IDS
                .iter()
                .map(|id| standard_text(*id, stage))
                .collect(),
            rows,
            compliant,
            compliant_by_exception,
        });
    }
    out
}

// ---------------------------------------------------------------- shortfalls

/// Quantity and unit of a gap as officials write it: teachers and rooms whole, areas in
/// m² (1 decimal), equipment in 万元 (2 decimals).
fn gap_amount(unit: GapUnit, amount: f64) -> String {
    match unit {
        GapUnit::Yuan => format!(
            "{}万元",
            format::decimal((amount / 10_000.0 * 100.0).ceil() / 100.0, 2)
        ),
        GapUnit::SquareMetres => format!(
            "{}平方米",
            format::decimal((amount * 10.0).ceil() / 10.0, 1)
        ),
        GapUnit::Teachers => format!("{}名", format::decimal(amount.ceil(), 0)),
        GapUnit::Rooms => format!("{}间", format::decimal(amount.ceil(), 0)),
    }
}

/// One stage of a school below a resource standard.
struct StageShortfall {
    /// `小学` for a part of a multi-stage school, empty otherwise.
    stage: String,
    /// The stage, for the standard it is held to (a single-stage school's too).
    stage_name: &'static str,
    value: String,
    standard: String,
    /// 特殊情形认定 that makes the item count as met, with its reason.
    exception: Option<String>,
}

/// One school below one resource standard in one or more stages, with what the whole
/// school must add (evaluate's [`crate::evaluate::SchoolGap`]).
struct Shortfall {
    school: String,
    id: IndicatorId,
    name: &'static str,
    unit: &'static str,
    noun: &'static str,
    stages: Vec<StageShortfall>,
    add: String,
    add_85: Option<String>,
    /// The resource is split between stages by weight (a whole-school addition).
    split: bool,
    units: String,
}

impl Shortfall {
    /// `为1658元` or `小学为3.33平方米、初中为3.33平方米`.
    fn values(&self) -> String {
        self.stages
            .iter()
            .map(|st| format!("{}为{}{}", st.stage, st.value, self.unit))
            .collect::<Vec<_>>()
            .join("、")
    }

    /// `2000元` or `小学4.5平方米、初中5.8平方米`.
    fn standards(&self) -> String {
        self.stages
            .iter()
            .map(|st| format!("{}{}{}", st.stage, st.standard, self.unit))
            .collect::<Vec<_>>()
            .join("、")
    }

    /// `小学2000元` or `小学4.5平方米、初中5.8平方米`: every standard with its stage.
    fn staged_standards(&self) -> String {
        self.stages
            .iter()
            .map(|st| format!("{}{}{}", st.stage_name, st.standard, self.unit))
            .collect::<Vec<_>>()
            .join("、")
    }

    fn exceptions(&self) -> Vec<&str> {
        self.stages
            .iter()
            .filter_map(|st| st.exception.as_deref())
            .collect()
    }
}

fn shortfalls(county: &County, evaluation: &Evaluation) -> Vec<Shortfall> {
    let mut out = Vec::new();
    for school in &evaluation.schools {
        let multi = school.parts.len() > 1;
        for id in RESOURCE_IDS {
            let Some(gap) = school.gap(id) else { continue };
            let ind = id.indicator();
            let stages: Vec<StageShortfall> = school
                .parts
                .iter()
                .filter(|p| gap.stages.contains(&p.stage))
                .filter_map(|p| {
                    let item = p.item(id)?;
                    Some(StageShortfall {
                        stage: if multi {
                            p.stage.label().to_string()
                        } else {
                            String::new()
                        },
                        value: resource_value(item),
                        standard: standard_text(id, p.stage),
                        stage_name: p.stage.label(),
                        exception: wording::exception_reason(item, p.stage),
                    })
                })
                .collect();
            let school_label = match gap.stages.as_slice() {
                [only] => school.part_label(*only),
                _ => school.name.clone(),
            };
            out.push(Shortfall {
                school: school_label,
                id,
                name: ind.name,
                unit: ind.unit,
                noun: ind.gap.map_or("", |g| g.noun),
                stages,
                add: gap_amount(gap.unit, gap.to_standard),
                add_85: (gap.to_85 > 0.0).then(|| gap_amount(gap.unit, gap.to_85)),
                split: multi && !gap.unit.is_per_stage(),
                units: units_for(county, id),
            });
        }
    }
    out
}

/// Generated tasks that close each resource gap, school by school. The title is a goal
/// (deadline and target), never a statement that the school already meets it.
pub fn shortfall_tasks(county: &County, evaluation: &Evaluation) -> Vec<ShortfallTask> {
    let deadline = deadline(county);
    shortfalls(county, evaluation)
        .into_iter()
        .map(|s| {
            let exceptions = s.exceptions();
            let exception = if exceptions.is_empty() {
                String::new()
            } else {
                format!(
                    "该项已按特殊情形认定（{}），仍应按计划补齐。",
                    exceptions.join("；")
                )
            };
            let floor = match &s.add_85 {
                Some(a) => format!("，其中至少增加{a}方可达到标准的85%"),
                None => "（已达到标准的85%）".to_string(),
            };
            let whole = if s.split {
                "全校"
            } else {
                ""
            };
            let split_note = if s.split {
                "（一贯制学校按学段权重拆分，全校增加后各学段均达到标准）"
            } else {
                ""
            };
            ShortfallTask {
                title: format!(
                    "{}{}力争于{deadline}达到{}以上",
                    s.school,
                    s.name,
                    s.standards()
                ),
                text: format!(
                    "该校{}{}，低于{}的标准。{whole}需增加{}{}{split_note}{floor}。{exception}（责任单位：{}；完成时限：{deadline}）",
                    s.name,
                    s.values(),
                    s.staged_standards(),
                    s.noun,
                    s.add,
                    s.units
                ),
            }
        })
        .collect()
}

/// 问题清单（整改台账）rows: every resource shortfall school by school, then every
/// other unmet indicator finding, then every indicator whose data is incomplete.
pub fn problem_rows(county: &County, evaluation: &Evaluation) -> Vec<ProblemRow> {
    let deadline = deadline(county);
    let whole = format!("全{}", county.info.admin_level.suffix());
    let mut rows: Vec<ProblemRow> = shortfalls(county, evaluation)
        .into_iter()
        .map(|s| {
            let exceptions = s.exceptions();
            let mut problem = format!("{}{}，标准为{}", s.name, s.values(), s.staged_standards());
            if !exceptions.is_empty() {
                problem.push_str(&format!("（已按特殊情形认定：{}）", exceptions.join("；")));
            }
            ProblemRow {
                school: s.school.clone(),
                indicator: s.id.to_string(),
                problem,
                measure: format!(
                    "{}增加{}{}",
                    if s.split { "全校" } else { "" },
                    s.noun,
                    s.add
                ),
                units: s.units,
                deadline: deadline.clone(),
            }
        })
        .collect();
    for stat in &evaluation.cv.stats {
        if stat.met == Some(false) {
            let name = stat.indicator.indicator().name;
            rows.push(ProblemRow {
                school: format!("{whole}{}", stat.stage.label()),
                indicator: stat.indicator.to_string(),
                problem: format!(
                    "{name}校际差异系数{}，高于{}",
                    cv_text(stat.cv, stat.stage),
                    format::cv_limit(stat.limit)
                ),
                measure: "向低于均值的学校倾斜配置资源，缩小校际差距".to_string(),
                units: units_for(county, stat.indicator),
                deadline: deadline.clone(),
            });
        }
    }
    rows.extend(super::county::county_problem_rows(county, evaluation));
    let words = Words::new(county, evaluation);
    for r in &evaluation.indicators {
        if RESOURCE_IDS.contains(&r.id) {
            continue;
        }
        // A 特殊情形认定 stays on the ledger with its basis: the condition it rests on
        // (a plan, an approval, a starting grade) is what the review will check.
        for f in &r.exceptions {
            rows.push(ProblemRow {
                school: words.who(f).unwrap_or_else(|| whole.clone()),
                indicator: r.id.to_string(),
                problem: format!("已按特殊情形认定：{}", words.exception(r, f)),
                measure: "保持认定依据，按方案持续化解并跟踪".to_string(),
                units: units_for(county, r.id),
                deadline: deadline.clone(),
            });
        }
        match r.met {
            Some(false) => {}
            None => rows.push(ProblemRow {
                school: whole.clone(),
                indicator: r.id.to_string(),
                problem: format!("数据不全：{}", r.missing.join("；")),
                measure: "补齐基础数据后重新测算".to_string(),
                units: units_for(county, r.id),
                deadline: deadline.clone(),
            }),
            Some(true) => {}
        }
    }
    rows
}

// ---------------------------------------------------------------- county-level items

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub id: String,
    pub wording: String,
    pub result: String,
    pub verdict: String,
    pub ok: bool,
}

fn verdict_word(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "达标",
        Some(false) => "未达标",
        None => "数据不全",
    }
}

/// One row per indicator of an area: what was found (the engine's detail, else the
/// workbook's 说明 evidence) and the verdict.
pub fn item_rows(county: &County, evaluation: &Evaluation, area: Area) -> Vec<ItemRow> {
    let words = Words::new(county, evaluation);
    area.indicators()
        .filter_map(|ind| {
            let r = evaluation.indicator(ind.id)?;
            let mut result = words.detail(r).unwrap_or_default();
            if result.is_empty() {
                result = wording::join_clauses(&r.evidence);
            }
            if result.is_empty() {
                result = wording::join_clauses(&r.missing);
            }
            if result.is_empty() {
                result = format::NONE.to_string();
            }
            Some(ItemRow {
                id: ind.id.to_string(),
                wording: ind.wording.to_string(),
                result,
                verdict: verdict_word(r.met).to_string(),
                ok: r.met == Some(true),
            })
        })
        .collect()
}

/// "一是“资源配置”方面，共有7项指标。……" for each area, from the results.
pub fn area_summaries(evaluation: &Evaluation) -> Vec<String> {
    let ordinals = ["一", "二", "三", "四"];
    Area::ALL
        .iter()
        .enumerate()
        .map(|(i, area)| {
            let (met, total) = evaluation.area_count(*area);
            let unmet = evaluation.unmet_in(*area);
            let unknown: Vec<IndicatorId> = area
                .indicators()
                .filter(|ind| {
                    evaluation
                        .indicator(ind.id)
                        .is_some_and(|r| r.met.is_none())
                })
                .map(|ind| ind.id)
                .collect();
            let mut sentence = format!(
                "{}是“{}”方面，共有{total}项指标。",
                ordinals.get(i).copied().unwrap_or("另"),
                area.label()
            );
            if met == total {
                sentence.push_str("经对照自评，各项指标均已达到要求。");
            } else {
                sentence.push_str(&format!("经对照自评，{met}项已达到要求"));
                if !unmet.is_empty() {
                    sentence.push_str(&format!("，第{}项尚未达到要求", joined(&unmet, "、")));
                }
                if !unknown.is_empty() {
                    sentence.push_str(&format!(
                        "，第{}项因数据不全暂无法评估",
                        joined(&unknown, "、")
                    ));
                }
                sentence.push('。');
            }
            sentence
        })
        .collect()
}

/// The closing sentence of the 自评情况: how many of 33 are met and the conclusion.
pub fn verdict_sentence(evaluation: &Evaluation, common: &Common) -> String {
    let met: usize = Area::ALL.iter().map(|a| evaluation.area_count(*a).0).sum();
    let total: usize = Area::ALL.iter().map(|a| evaluation.area_count(*a).1).sum();
    let pre = &wording::precondition(&evaluation.verdict.precondition);
    let unmet = &evaluation.verdict.unmet;
    let conclusion = if evaluation.verdict.passed {
        format!("{}义务教育已达到优质均衡发展的评估标准", common.whole)
    } else if !unmet.is_empty() {
        // A veto item and the monitoring results are not shortfalls a bureau can close
        // before filing: each is named for what it is.
        let fixable: Vec<IndicatorId> = unmet
            .iter()
            .copied()
            .filter(|id| !matches!(id, IndicatorId::I4_2 | IndicatorId::I3_9))
            .collect();
        let mut clauses = Vec::new();
        if !fixable.is_empty() {
            clauses.push(format!(
                "{}尚有{}项指标（第{}项）未达到要求，需在申报前完成整改",
                common.whole,
                fixable.len(),
                joined(&fixable, "、")
            ));
        }
        if unmet.contains(&IndicatorId::I3_9) {
            clauses.push(
                "第3.9项国家义务教育质量监测结果未达到要求，该结果在申报前无法通过整改改变"
                    .to_string(),
            );
        }
        if unmet.contains(&IndicatorId::I4_2) {
            let items = if evaluation.veto.is_empty() {
                String::new()
            } else {
                format!("（{}）", evaluation.veto.join("、"))
            };
            clauses.push(format!(
                "存在一票否决情形{items}，该情形存续期间{}不予认定",
                common.whole
            ));
        }
        clauses.join("；")
    } else {
        format!("{}尚有指标数据不全，需补齐后再行评估", common.whole)
    };
    let count = if met == total {
        format!("{total}项指标均已达到要求")
    } else {
        format!("{total}项指标中{met}项已达到要求")
    };
    format!("综上，{count}。{pre}。{conclusion}。")
}

#[derive(Debug, Clone, Serialize)]
pub struct RecognitionRow {
    pub group: String,
    pub valid: String,
    pub approving: String,
    pub ratio: String,
}

pub fn recognition_rows(evaluation: &Evaluation) -> Vec<RecognitionRow> {
    evaluation
        .recognition
        .groups
        .iter()
        .map(|g| RecognitionRow {
            group: g.group.clone(),
            valid: format::int(u64::from(g.valid)),
            approving: format::int(u64::from(g.approving)),
            ratio: g
                .ratio
                .map(|r| format::percent(r, 2))
                .unwrap_or_else(|| format::MISSING.into()),
        })
        .collect()
}

// ---------------------------------------------------------------- 差异系数 computation

#[derive(Debug, Clone, Serialize)]
pub struct CvRowText {
    pub id: String,
    pub name: String,
    pub schools: String,
    pub students: String,
    pub mean: String,
    pub sd: String,
    pub cv: String,
    pub limit: String,
    pub ok: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CvStageTable {
    pub stage: String,
    pub rows: Vec<CvRowText>,
    pub mean_cv: String,
}

pub fn cv_tables(evaluation: &Evaluation) -> Vec<CvStageTable> {
    Stage::BOTH
        .iter()
        .filter(|stage| evaluation.cv.stage(**stage).any(|s| s.schools > 0))
        .map(|stage| {
            let rows = RESOURCE_IDS
                .iter()
                .filter_map(|id| {
                    let stat = evaluation.cv.get(*stage, *id)?;
                    let ind = id.indicator();
                    Some(CvRowText {
                        id: id.to_string(),
                        name: ind.name.to_string(),
                        schools: format::count(stat.schools),
                        students: format::int(stat.students),
                        mean: mean_text(*id, *stage, Some(stat)),
                        sd: stat
                            .sd
                            .map(|v| format::spread(*id, v))
                            .unwrap_or_else(|| format::MISSING.into()),
                        cv: cv_text(stat.cv, *stage),
                        limit: format::cv_limit(stat.limit),
                        ok: stat.met != Some(false),
                    })
                })
                .collect();
            CvStageTable {
                stage: stage.label().to_string(),
                rows,
                mean_cv: evaluation
                    .cv
                    .mean_cv(*stage)
                    .map(|v| format::decimal(v, 3))
                    .unwrap_or_else(|| format::MISSING.into()),
            }
        })
        .collect()
}

// ---------------------------------------------------------------- charts

#[derive(Debug, Clone, Serialize)]
pub struct ChartBar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub title: String,
    pub bars: Vec<ChartBar>,
    pub limit: Option<f64>,
    pub limit_text: String,
}

/// 差异系数 of each indicator against its limit, per stage.
pub fn cv_charts(evaluation: &Evaluation) -> Vec<Chart> {
    Stage::BOTH
        .iter()
        .filter(|stage| evaluation.cv.stage(**stage).any(|s| s.cv.is_some()))
        .map(|stage| {
            let limit = cv_limit(*stage).to_f64();
            Chart {
                title: format!("{}各项指标校际差异系数", stage.label()),
                bars: RESOURCE_IDS
                    .iter()
                    .filter_map(|id| {
                        let cv = evaluation.cv.get(*stage, *id)?.cv?;
                        Some(ChartBar {
                            label: id.to_string(),
                            value: cv,
                            text: cv_text(Some(cv), *stage),
                        })
                    })
                    .collect(),
                limit: Some(limit),
                limit_text: format!("限值 {}", format::cv_limit(limit)),
            }
        })
        .collect()
}

/// Schools (stage parts) by the number of the 7 indicators they meet.
pub fn met_count_charts(evaluation: &Evaluation) -> Vec<Chart> {
    Stage::BOTH
        .iter()
        .filter_map(|stage| {
            let stage_parts = parts(evaluation, *stage);
            if stage_parts.is_empty() {
                return None;
            }
            let bars = (0..=7)
                .map(|n| {
                    let count = stage_parts.iter().filter(|(_, p)| p.met_count == n).count();
                    ChartBar {
                        label: format!("{n}项"),
                        value: count as f64,
                        text: format::count(count),
                    }
                })
                .collect();
            Some(Chart {
                title: format!("{}学校按达标指标项数分布（所）", stage.label()),
                bars,
                limit: None,
                limit_text: String::new(),
            })
        })
        .collect()
}

// ---------------------------------------------------------------- class size, school size, rooms

#[derive(Debug, Clone, Serialize)]
pub struct SizeRow {
    pub name: String,
    pub students: String,
    pub limit: String,
    pub classes: String,
    pub max_class: String,
    pub large_classes: String,
    pub super_large: String,
    pub rooms_needed: String,
    pub music: String,
    pub art: String,
    pub areas: String,
    pub flags: String,
    pub ok: bool,
}

/// Per-school facts behind 2.3 (rooms), 2.4 (size) and 2.5 (class size). The marks come
/// from the engine's findings, so the rules live in one place.
pub fn size_rows(county: &County, evaluation: &Evaluation) -> Vec<SizeRow> {
    // Classes are grouped by school once: per-school scans made this quadratic (half a
    // second at 1,000 schools).
    let mut flagged: HashMap<usize, Vec<&'static str>> = HashMap::new();
    for (id, label) in [
        (IndicatorId::I2_3, "专用教室"),
        (IndicatorId::I2_4, "规模"),
        (IndicatorId::I2_5, "班额"),
    ] {
        let Some(result) = evaluation.indicator(id) else {
            continue;
        };
        for finding in &result.findings {
            if let Some(owner) = finding.school {
                let labels = flagged.entry(owner).or_default();
                if !labels.contains(&label) {
                    labels.push(label);
                }
            }
        }
    }
    let mut classes_by_school: HashMap<&str, Vec<&ClassRow>> = HashMap::new();
    for class in county.classes.iter().flatten() {
        classes_by_school
            .entry(class.school.as_str())
            .or_default()
            .push(class);
    }
    county
        .schools
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind != SchoolKind::SpecialEducation)
        .map(|(index, s)| {
            let compulsory = u64::from(s.students.primary.unwrap_or(0))
                + u64::from(s.students.junior.unwrap_or(0));
            let limit = government::size_limit(s.kind);
            let classes = u64::from(s.classes.primary.unwrap_or(0))
                + u64::from(s.classes.junior.unwrap_or(0));
            let own_classes = classes_by_school
                .get(s.name.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let class_sizes: Vec<u32> = own_classes.iter().map(|c| c.students).collect();
            let max_class = class_sizes
                .iter()
                .copied()
                .max()
                .or_else(|| s.max_class_size.primary.max(s.max_class_size.junior));
            let large = county.classes.as_ref().map(|_| {
                own_classes
                    .iter()
                    .filter(|c| c.students > government::class_limit(c.stage))
                    .count()
            });
            let super_large = class_sizes
                .iter()
                .filter(|n| **n >= government::LARGE_CLASS)
                .count();
            let needed = classes.div_ceil(u64::from(government::CLASSES_PER_ROOM));
            let flags = flagged.get(&index).cloned().unwrap_or_default();
            let area = |v: Option<f64>| {
                v.map(|a| format::decimal(a, 0))
                    .unwrap_or_else(|| format::MISSING.into())
            };
            // Without the 班级 sheet the class counts are not given, not zero.
            let counted = |n: Option<usize>| {
                n.map(format::count)
                    .unwrap_or_else(|| format::MISSING.into())
            };
            let rooms = |n: Option<u32>| {
                n.map(|n| format::int(u64::from(n)))
                    .unwrap_or_else(|| format::MISSING.into())
            };
            SizeRow {
                name: s.name.clone(),
                students: format::int(compulsory),
                limit: format::int(u64::from(limit)),
                classes: format::int(classes),
                max_class: max_class
                    .map(|m| format::int(u64::from(m)))
                    .unwrap_or_else(|| format::MISSING.into()),
                large_classes: counted(large),
                super_large: counted(county.classes.is_some().then_some(super_large)),
                rooms_needed: format::int(needed),
                music: rooms(s.music_rooms),
                art: rooms(s.art_rooms),
                areas: match (s.music_room_min_area, s.art_room_min_area) {
                    (None, None) => format::MISSING.to_string(),
                    (music, art) => format!("{}/{}", area(music), area(art)),
                },
                ok: flags.is_empty(),
                flags: if flags.is_empty() {
                    format::NONE.to_string()
                } else {
                    flags.join("、")
                },
            }
        })
        .collect()
}

// ---------------------------------------------------------------- the report

/// Who signs the 自评报告: the 基本信息 item 自评报告发文机关, else the county's
/// 人民政府 (the self-evaluation is the 县级人民政府's, not the 教育局's).
pub fn report_authority(county: &County) -> String {
    county
        .info
        .report_authority
        .clone()
        .unwrap_or_else(|| format!("{}人民政府", county.info.county_name))
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportContext {
    pub common: Common,
    pub title: String,
    pub motto: Option<String>,
    pub intro: Vec<Para>,
    pub basic: BasicFacts,
    pub area_summaries: Vec<String>,
    pub verdict_sentence: String,
    /// One sentence per provincial setting that departs from the national default.
    pub settings_notes: Vec<String>,
    /// Teaching points below this many pupils take no part in 1.1–1.7 (the setting).
    pub teaching_point_min: String,
    pub resource_sentences: Vec<String>,
    pub resource_table: ResourceGoalTable,
    pub cv_charts: Vec<Chart>,
    pub met_charts: Vec<Chart>,
    pub government_rows: Vec<ItemRow>,
    pub quality_rows: Vec<ItemRow>,
    pub recognition_rows: Vec<ItemRow>,
    pub recognition_groups: Vec<RecognitionRow>,
    pub recognition_total: String,
    pub stage_tables: Vec<StageTable>,
    pub cv_tables: Vec<CvStageTable>,
    pub size_rows: Vec<SizeRow>,
    pub practices: Vec<Para>,
    pub problems: Vec<Para>,
    pub generated_problems: Vec<String>,
    pub directions: Vec<Para>,
    /// Sections after 主要做法与成效 (典型经验 …).
    pub report_sections: Vec<(String, Vec<Para>)>,
    pub school_list: Vec<SchoolListRow>,
    pub problem_rows: Vec<ProblemRow>,
    /// The 佐证材料目录, the last annex when `build --evidence` checked a folder.
    pub evidence: Option<super::evidence::EvidenceIndex>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SchoolListRow {
    pub name: String,
    pub kind: String,
    pub locality: String,
    pub nature: String,
    pub primary: String,
    pub junior: String,
    pub note: String,
}

pub fn title(county: &County) -> String {
    format!(
        "{}创建全国义务教育优质均衡发展{}工作自评报告",
        county.info.county_name,
        county.info.admin_level.suffix()
    )
}

fn resource_sentences(evaluation: &Evaluation, common: &Common) -> Vec<String> {
    let mut out = Vec::new();
    for stage in Stage::BOTH {
        let stage_parts = parts(evaluation, stage);
        if stage_parts.is_empty() {
            continue;
        }
        let compliant = stage_parts
            .iter()
            .filter(|(_, p)| p.compliant == Some(true))
            .count();
        let all_seven = stage_parts.iter().filter(|(_, p)| p.met_count == 7).count();
        // Passes that rest on a 特殊情形认定 are counted and named beside the counts.
        let by_exception = |keep: fn(&PartResult) -> bool| {
            stage_parts
                .iter()
                .filter(|(_, p)| keep(p) && passes_by_exception(p))
                .map(|(name, _)| *name)
                .collect::<Vec<&str>>()
        };
        let seven_exc = by_exception(|p| p.met_count == 7);
        let compliant_exc = by_exception(|p| p.compliant == Some(true));
        let seven_note = exception_note(&seven_exc, true);
        let compliant_note = exception_note(&compliant_exc, compliant_exc != seven_exc);
        let cvs: Vec<String> = RESOURCE_IDS
            .iter()
            .map(|id| cv_of(evaluation.cv.get(stage, *id), stage))
            .collect();
        let limit = format::decimal(cv_limit(stage).to_f64(), 2);
        let over: Vec<IndicatorId> = RESOURCE_IDS
            .iter()
            .copied()
            .filter(|id| evaluation.cv.get(stage, *id).and_then(|s| s.met) == Some(false))
            .collect();
        let cv_clause = if over.is_empty() {
            format!(
                "7项指标校际差异系数分别为{}，均不高于{limit}",
                cvs.join("、")
            )
        } else {
            format!(
                "7项指标校际差异系数分别为{}，其中第{}项高于{limit}",
                cvs.join("、"),
                joined(&over, "、")
            )
        };
        out.push(format!(
            "{}参评{}{}所（一贯制学校按学段分别计算），其中7项指标全部达标{}所{seven_note}，达到“至少6项达标、其余1项不低于标准85%”要求的{}所{compliant_note}；{cv_clause}。",
            common.whole,
            stage.label(),
            stage_parts.len(),
            all_seven,
            compliant
        ));
    }
    out
}

/// A school part counts an item as met only through a 特殊情形认定.
fn passes_by_exception(part: &PartResult) -> bool {
    part.items
        .iter()
        .any(|i| i.exception.is_some() && i.met == Some(true))
}

/// `（其中甲校、乙校2所的部分指标经特殊情形认定为达标）`, or the count alone when the
/// same schools were just named; empty when no pass rests on one.
fn exception_note(names: &[&str], name_them: bool) -> String {
    match (names.len(), name_them) {
        (0, _) => String::new(),
        (n, true) => format!(
            "（其中{}{n}所的部分指标经特殊情形认定为达标）",
            names.join("、")
        ),
        (n, false) => format!("（其中上述{n}所的部分指标经特殊情形认定为达标）"),
    }
}

/// A resource indicator's problems, worded from the data: each 差异系数 over its limit,
/// then each school below the standard that misses the compliance rule, described by
/// what it misses (too few items met, or the one unmet item below 85% of its standard).
fn resource_problem(evaluation: &Evaluation, id: IndicatorId) -> Option<String> {
    let ind = id.indicator();
    let mut lines = Vec::new();
    for stat in evaluation.cv.stats.iter().filter(|s| s.indicator == id) {
        if stat.met == Some(false) {
            lines.push(format!(
                "{}校际差异系数为{}，高于{}",
                stat.stage.label(),
                cv_text(stat.cv, stat.stage),
                format::decimal(stat.limit, 2)
            ));
        }
    }
    for (school, part) in evaluation.parts() {
        let Some(item) = part.item(id) else { continue };
        if item.met != Some(false) || part.compliant != Some(false) {
            continue;
        }
        let misses = if part.met_count + 1 >= part.items.len() {
            let share = item
                .ratio
                .map(|r| format::value_towards(r * 100.0, 85.0, 1))
                .unwrap_or_else(|| format::MISSING.to_string());
            format!("仅为标准的{share}%，低于85%的底线")
        } else {
            format!(
                "该校7项指标中仅{}项达标，少于“至少6项达标”的要求",
                part.met_count
            )
        };
        lines.push(format!(
            "{}为{}{}，低于{}{}{}的标准，{misses}",
            school.part_label(part.stage),
            resource_value(item),
            ind.unit,
            part.stage.label(),
            standard_text(id, part.stage),
            ind.unit
        ));
    }
    (!lines.is_empty()).then(|| lines.join("；"))
}

/// 存在问题 generated from the results: one sentence per unmet or undetermined indicator.
pub fn generated_problems(county: &County, evaluation: &Evaluation) -> Vec<String> {
    let words = Words::new(county, evaluation);
    let mut out = Vec::new();
    for r in &evaluation.indicators {
        let ind = r.indicator();
        match r.met {
            Some(false) if ind.is_resource() => {
                if let Some(lines) = resource_problem(evaluation, r.id) {
                    out.push(format!("{} {}：{}。", ind.id, ind.name, lines));
                }
            }
            Some(false) => {
                let detail = words.detail(r).unwrap_or_default();
                out.push(format!(
                    "{} {}：{}。",
                    ind.id,
                    ind.name,
                    detail.trim_end_matches('。')
                ));
            }
            None => out.push(format!(
                "{} {}：数据不全，暂无法评估（{}）。",
                ind.id,
                ind.name,
                r.missing.join("；").trim_end_matches('。')
            )),
            Some(true) => {}
        }
    }
    if evaluation.verdict.precondition.met != Some(true) {
        out.push(format!(
            "评估前提：{}。",
            wording::precondition(&evaluation.verdict.precondition)
        ));
    }
    out
}

pub fn context(county: &County, evaluation: &Evaluation, mut common: Common) -> ReportContext {
    // The 自评报告 is the 县（区）人民政府's report, whoever issues the plan.
    common.authority = report_authority(county);
    let name = &county.info.county_name;
    let level = county.info.admin_level;
    let school_list = county
        .schools
        .iter()
        .map(|s| SchoolListRow {
            name: s.name.clone(),
            kind: s.kind.label().to_string(),
            locality: s.locality.label().to_string(),
            nature: if s.private { "民办" } else { "公办" }.to_string(),
            // A school without a stage has no pupils in it to count.
            primary: s
                .students
                .primary
                .map(|n| format::int(u64::from(n)))
                .unwrap_or_else(|| format::NOT_APPLICABLE.into()),
            junior: s
                .students
                .junior
                .map(|n| format::int(u64::from(n)))
                .unwrap_or_else(|| format::NOT_APPLICABLE.into()),
            note: evaluation
                .schools
                .iter()
                .find(|r| r.name == s.name)
                .and_then(|r| r.excluded.clone())
                .unwrap_or_default(),
        })
        .collect();
    let _ = chinese_number;
    ReportContext {
        title: title(county),
        motto: county.info.motto.clone(),
        intro: section_paras(
            county,
            &["报告导语", "导语"],
            &format!(
                "按照《县域义务教育优质均衡发展督导评估办法》的要求，{}对照四个方面33项指标，逐校逐项开展了自查自评。现将有关情况报告如下。",
                defaults::fill("{我}", level, name)
            ),
        ),
        basic: basic_facts(county, &common),
        area_summaries: area_summaries(evaluation),
        verdict_sentence: verdict_sentence(evaluation, &common),
        settings_notes: wording::settings_notes(&county.info),
        teaching_point_min: format::int(u64::from(county.info.teaching_point_threshold())),
        resource_sentences: resource_sentences(evaluation, &common),
        resource_table: resource_goal_table(evaluation),
        cv_charts: cv_charts(evaluation),
        met_charts: met_count_charts(evaluation),
        government_rows: item_rows(county, evaluation, Area::Government),
        quality_rows: item_rows(county, evaluation, Area::Quality),
        recognition_rows: item_rows(county, evaluation, Area::Recognition),
        recognition_groups: recognition_rows(evaluation),
        recognition_total: evaluation
            .social_recognition
            .map(|r| format::percent(r, 2))
            .unwrap_or_else(|| format::MISSING.into()),
        stage_tables: stage_tables(evaluation),
        cv_tables: cv_tables(evaluation),
        size_rows: size_rows(county, evaluation),
        practices: section_paras(county, &["主要做法与成效", "主要做法"], defaults::PRACTICES),
        problems: section_paras(county, &["存在问题"], ""),
        generated_problems: generated_problems(county, evaluation),
        directions: match super::section_of(county, "努力方向") {
            Some(paras) => paras,
            None => super::county::directions(county, evaluation, defaults::FUTURE_DIRECTIONS),
        },
        report_sections: super::report_sections(county),
        school_list,
        problem_rows: problem_rows(county, evaluation),
        evidence: None,
        common,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::tests::fixtures::{passing, primary, stage};
    use crate::model::SplitWeights;

    /// Issue 13's worked case, as the plan words it: one task for the school, the whole
    /// school's addition (2,960 m², not 700 + 1,480), both stages named, and a goal with
    /// its deadline instead of a claim that the school already meets the standard.
    #[test]
    fn a_multi_stage_gap_is_one_whole_school_task_worded_as_a_goal() {
        let mut c = passing();
        c.info.provincial_assessment_year = Some(2026);
        c.info.split_weights = SplitWeights {
            primary: 1.0,
            junior: 1.0,
            senior: 1.0,
        };
        let mut s = primary("白沙学校", 9);
        s.kind = SchoolKind::NineYear;
        s.students = stage(Some(600), Some(600));
        s.classes = stage(Some(14), Some(12));
        s.full_time_teachers = stage(Some(40), Some(40));
        s.teachers_above_degree = stage(Some(40), Some(40));
        s.backbone_teachers = stage(Some(10), Some(10));
        s.pe_art_teachers = stage(Some(8), Some(8));
        s.teaching_area = Some(4000.0);
        s.multimedia_rooms = Some(20);
        c.schools.push(s);
        let e = crate::evaluate::evaluate(&c);
        let tasks = shortfall_tasks(&c, &e);
        let area: Vec<&ShortfallTask> = tasks
            .iter()
            .filter(|t| t.title.starts_with("白沙学校生均教学及辅助用房面积"))
            .collect();
        assert_eq!(area.len(), 1, "{tasks:?}");
        let task = area[0];
        assert_eq!(
            task.title,
            "白沙学校生均教学及辅助用房面积力争于2026年省级评估前达到小学4.5平方米、初中5.8平方米以上"
        );
        assert!(
            task.text.starts_with(
                "该校生均教学及辅助用房面积小学为3.33平方米、初中为3.33平方米，低于小学4.5平方米、初中5.8平方米的标准。全校需增加教学及辅助用房2960.0平方米"
            ),
            "{}",
            task.text
        );
        let rooms = tasks
            .iter()
            .find(|t| {
                t.title
                    .starts_with("白沙学校每百名学生拥有网络多媒体教室数")
            })
            .unwrap();
        assert!(
            rooms.text.contains("全校需增加网络多媒体教室9间"),
            "{}",
            rooms.text
        );
        let rows = problem_rows(&c, &e);
        let row = rows
            .iter()
            .find(|r| r.school == "白沙学校" && r.indicator == "1.4")
            .unwrap();
        assert_eq!(row.measure, "全校增加教学及辅助用房2960.0平方米");
    }

    /// A veto item says the county 不予认定 while it stands, and is never counted as one
    /// more shortfall to fix before filing; 3.9 says it cannot change before filing.
    #[test]
    fn a_veto_item_and_the_monitoring_results_are_named_for_what_they_are() {
        let mut c = passing();
        crate::evaluate::tests::fixtures::yes(&mut c, "重点学校或重点班");
        let e = crate::evaluate::evaluate(&c);
        assert!(
            e.verdict.unmet.contains(&IndicatorId::I4_2),
            "{:?}",
            e.verdict
        );
        let common = Common::new(
            &c,
            crate::model::Date {
                year: 2026,
                month: 3,
                day: 16,
            },
        );
        let sentence = verdict_sentence(&e, &common);
        assert!(
            sentence.contains("存在一票否决情形（重点学校或重点班）"),
            "{sentence}"
        );
        assert!(sentence.contains("不予认定"), "{sentence}");
        assert!(!sentence.contains("需在申报前完成整改"), "{sentence}");
        let rows = problem_rows(&c, &e);
        let veto = rows.iter().find(|r| r.indicator == "4.2").unwrap();
        assert!(veto.measure.starts_with("一票否决"), "{}", veto.measure);
    }
}
