//! The Chinese line of every result: an indicator's `detail`, and the line of each of
//! its findings and 特殊情形认定. The documents, the 工作台 and the results JSON
//! ([`ResultsJson`]) all print these lines, so how a result is worded and rounded is
//! decided here and nowhere else; evaluate hands over data (value, limit, need, counts,
//! school, stage, key) and words nothing but the problems of its input (`missing`).
//!
//! One module per area: [`resources`] (1.x), [`government`] (2.x), [`quality`] (3.x
//! and 4.x). Each gives a finding's line, an exception's line and the summary of a met
//! indicator; this module joins them as the results JSON has always read: the findings
//! when unmet, the missing inputs when undetermined, the summary and the 特殊情形认定
//! when met.

mod government;
mod quality;
pub mod rectify;
mod resources;

pub use quality::precondition;
pub use resources::exception_reason;

use crate::evaluate::catalogue::Area;
use crate::evaluate::{Evaluation, Finding, IndicatorResult, PartResult, SchoolResult, Verdict};
use crate::model::County;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

/// A school's 特殊情形说明 quoted after a 特殊情形认定 (`（学校说明：“…”）`), or nothing.
/// The note is only ever quoted: each exception is decided by its own column.
pub(crate) fn quoted_note(note: Option<&str>) -> String {
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("（学校说明：“{n}”）"),
        None => String::new(),
    }
}

/// Clauses joined by "；" into one statement. A clause's own full stop (a workbook's 说明
/// often ends in one) would read "。；", so it is dropped, as is a trailing "；".
pub fn join_clauses<S: AsRef<str>>(clauses: &[S]) -> String {
    clauses
        .iter()
        .map(|c| {
            c.as_ref()
                .trim()
                .trim_end_matches(['。', '；', ';'])
                .trim_end()
        })
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join("；")
}

/// What the wording of one county's results can see.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    pub county: &'a County,
    pub evaluation: &'a Evaluation,
}

impl<'a> Words<'a> {
    pub fn new(county: &'a County, evaluation: &'a Evaluation) -> Self {
        Words { county, evaluation }
    }

    /// Who a finding is about: its school, with the stage where the school has two.
    pub fn who(&self, f: &Finding) -> Option<String> {
        let school = self.evaluation.schools.get(f.school?)?;
        Some(match f.stage {
            Some(stage) if school.parts.len() > 1 => school.part_label(stage),
            _ => school.name.clone(),
        })
    }

    /// The school a finding is about, as the workbook describes it.
    pub fn school(&self, f: &Finding) -> Option<&'a crate::model::School> {
        self.county.schools.get(f.school?)
    }

    /// The line of one failure of `r`.
    pub fn finding(&self, r: &IndicatorResult, f: &Finding) -> String {
        let worded = match r.indicator().area {
            Area::Resources => resources::finding(self, r, f),
            Area::Government => government::finding(self, r, f),
            Area::Quality | Area::Recognition => quality::finding(self, r, f),
        };
        // Data too incomplete for the area's sentence still say what failed.
        worded.unwrap_or_else(|| {
            let ind = r.indicator();
            let who = self.who(f).unwrap_or_default();
            format!("{who}{}未达到标准（{}）", ind.name, ind.standard_text)
        })
    }

    /// The line of one 特殊情形认定 of `r`.
    pub fn exception(&self, r: &IndicatorResult, f: &Finding) -> String {
        let worded = match r.indicator().area {
            Area::Resources => resources::exception(self, r, f),
            Area::Government => government::exception(self, r, f),
            Area::Quality | Area::Recognition => quality::exception(self, r, f),
        };
        worded.unwrap_or_else(|| {
            let basis = f.basis.map_or("特殊情形认定", |b| b.label());
            format!(
                "{}按特殊情形认定（{basis}）",
                self.who(f).unwrap_or_default()
            )
        })
    }

    /// What a met indicator found, without its 特殊情形认定 (`None` or `""` when there is
    /// nothing to say beyond 达标).
    fn summary(&self, r: &IndicatorResult) -> Option<String> {
        match r.indicator().area {
            Area::Resources => resources::summary(self, r),
            Area::Government => government::summary(self, r),
            Area::Quality | Area::Recognition => quality::summary(self, r),
        }
    }

    /// The `detail` of an indicator: its failures when unmet, its missing inputs when
    /// undetermined, its summary and 特殊情形认定 when met.
    pub fn detail(&self, r: &IndicatorResult) -> Option<String> {
        match r.met {
            Some(false) => Some(join_clauses(
                &r.findings
                    .iter()
                    .map(|f| self.finding(r, f))
                    .collect::<Vec<_>>(),
            )),
            None => Some(join_clauses(&r.missing)),
            Some(true) => {
                let mut parts: Vec<String> = self
                    .summary(r)
                    .filter(|s| !s.is_empty())
                    .into_iter()
                    .collect();
                if !r.exceptions.is_empty() {
                    parts.push(format!(
                        "特殊情形认定：{}",
                        join_clauses(
                            &r.exceptions
                                .iter()
                                .map(|f| self.exception(r, f))
                                .collect::<Vec<_>>()
                        )
                    ));
                }
                (!parts.is_empty()).then(|| join_clauses(&parts))
            }
        }
    }
}

/// The results JSON of DESIGN.md ("Computed results"): the evaluation's data with the
/// lines of [`Words`].
pub struct ResultsJson<'a>(pub Words<'a>);

impl<'a> ResultsJson<'a> {
    pub fn new(county: &'a County, evaluation: &'a Evaluation) -> Self {
        ResultsJson(Words::new(county, evaluation))
    }
}

struct Lines<'a, F: Fn(&Finding) -> String>(&'a [Finding], F);

impl<F: Fn(&Finding) -> String> Serialize for Lines<'_, F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(&self.1))
    }
}

struct Indicator<'a>(Words<'a>, &'a IndicatorResult);

impl Serialize for Indicator<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (w, r) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("met", &r.met)?;
        if let Some(v) = r.value {
            m.serialize_entry("value", &v)?;
        }
        if let Some(d) = w.detail(r) {
            m.serialize_entry("detail", &d)?;
        }
        if !r.findings.is_empty() {
            m.serialize_entry("findings", &Lines(&r.findings, |f| w.finding(r, f)))?;
        }
        if !r.missing.is_empty() {
            m.serialize_entry("missing", &r.missing)?;
        }
        if !r.exceptions.is_empty() {
            m.serialize_entry("exceptions", &Lines(&r.exceptions, |f| w.exception(r, f)))?;
        }
        if !r.evidence.is_empty() {
            m.serialize_entry("evidence", &r.evidence)?;
        }
        for (k, v) in &r.figures {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl Serialize for ResultsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Indicators<'a>(Words<'a>);
        impl Serialize for Indicators<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let ev = self.0.evaluation;
                let mut m = s.serialize_map(Some(ev.indicators.len()))?;
                for r in &ev.indicators {
                    m.serialize_entry(r.id.as_str(), &Indicator(self.0, r))?;
                }
                m.end()
            }
        }
        let ev = self.0.evaluation;
        let mut st = s.serialize_struct("Evaluation", 10)?;
        st.serialize_field("county", &ev.county)?;
        st.serialize_field("schools", &Schools(&ev.schools))?;
        st.serialize_field("cv", &ev.cv)?;
        st.serialize_field("indicators", &Indicators(self.0))?;
        st.serialize_field("social_recognition", &ev.social_recognition)?;
        st.serialize_field("veto", &ev.veto)?;
        st.serialize_field("verdict", &VerdictJson(&ev.verdict))?;
        st.serialize_field("cv_detail", &ev.cv.detail())?;
        st.serialize_field("social_recognition_groups", &ev.recognition)?;
        st.end()
    }
}

/// `schools`: each school's parts with their values and 特殊情形认定 (worded).
struct Schools<'a>(&'a [SchoolResult]);

impl Serialize for Schools<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct School<'a>(&'a SchoolResult);
        impl Serialize for School<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let school = self.0;
                let n = if school.excluded.is_some() { 4 } else { 3 };
                let mut st = s.serialize_struct("SchoolResult", n)?;
                st.serialize_field("name", &school.name)?;
                st.serialize_field("type", school.kind.label())?;
                st.serialize_field("parts", &Parts(&school.parts))?;
                if let Some(why) = &school.excluded {
                    st.serialize_field("excluded", why)?;
                }
                st.end()
            }
        }
        s.collect_seq(self.0.iter().map(School))
    }
}

struct Parts<'a>(&'a [PartResult]);

impl Serialize for Parts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Part))
    }
}

/// One stage of a school: `{level, students, values, met, met_count, min_ratio,
/// compliant, exceptions: [{indicator, basis, reason}], problem?}`.
struct Part<'a>(&'a PartResult);

impl Serialize for Part<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct ById<'a, T: Serialize, F: Fn(&crate::evaluate::ResourceItem) -> T>(
            &'a PartResult,
            F,
        );
        impl<T: Serialize, F: Fn(&crate::evaluate::ResourceItem) -> T> Serialize for ById<'_, T, F> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.items.len()))?;
                for i in &self.0.items {
                    m.serialize_entry(i.id.as_str(), &(self.1)(i))?;
                }
                m.end()
            }
        }
        struct Exceptions<'a>(&'a PartResult);
        impl Serialize for Exceptions<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let part = self.0;
                s.collect_seq(part.items.iter().filter_map(|item| {
                    let e = item.exception.as_ref()?;
                    Some(ExceptionJson {
                        indicator: e.indicator,
                        basis: e.basis,
                        reason: exception_reason(item, part.stage).unwrap_or_default(),
                    })
                }))
            }
        }
        #[derive(Serialize)]
        struct ExceptionJson {
            indicator: crate::evaluate::IndicatorId,
            basis: crate::evaluate::ExceptionBasis,
            reason: String,
        }
        let p = self.0;
        let n = if p.problem.is_some() { 9 } else { 8 };
        let mut st = s.serialize_struct("PartResult", n)?;
        st.serialize_field("level", &p.stage)?;
        st.serialize_field("students", &p.students)?;
        st.serialize_field("values", &ById(p, |i| i.value))?;
        st.serialize_field("met", &ById(p, |i| i.met))?;
        st.serialize_field("met_count", &p.met_count)?;
        st.serialize_field("min_ratio", &p.min_ratio)?;
        st.serialize_field("compliant", &p.compliant)?;
        st.serialize_field("exceptions", &Exceptions(p))?;
        if let Some(problem) = &p.problem {
            st.serialize_field("problem", problem)?;
        }
        st.end()
    }
}

/// `verdict`: `{passed, unmet, undetermined, precondition: {met, basic_balance_year,
/// statistics_year, detail}}`, the 评估前提 worded here. The 工作台 sends the same.
pub struct VerdictJson<'a>(pub &'a Verdict);

impl Serialize for VerdictJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Precondition<'a>(&'a crate::evaluate::Precondition);
        impl Serialize for Precondition<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let p = self.0;
                let mut st = s.serialize_struct("Precondition", 7)?;
                st.serialize_field("met", &p.met)?;
                st.serialize_field("basic_balance_year", &p.basic_balance_year)?;
                st.serialize_field("statistics_year", &p.statistics_year)?;
                st.serialize_field("application_year", &p.application_year)?;
                st.serialize_field("year_source", &p.year_source)?;
                st.serialize_field("monitoring_kept", &p.monitoring_kept)?;
                st.serialize_field("detail", &precondition(p))?;
                st.end()
            }
        }
        let v = self.0;
        let mut st = s.serialize_struct("Verdict", 4)?;
        st.serialize_field("passed", &v.passed)?;
        st.serialize_field("unmet", &v.unmet)?;
        st.serialize_field("undetermined", &v.undetermined)?;
        st.serialize_field("precondition", &Precondition(&v.precondition))?;
        st.end()
    }
}

/// The report's note on each provincial setting of 基本信息 that departs from the
/// national default (REFERENCE.md §1), so a reader knows the verdict rests on it.
pub fn settings_notes(info: &crate::model::BasicInfo) -> Vec<String> {
    use crate::catalogue::rules::SMALL_TEACHING_POINT;
    let mut notes = Vec::new();
    let threshold = info.teaching_point_threshold();
    if threshold != SMALL_TEACHING_POINT {
        notes.push(if threshold == 0 {
            format!(
                "按省级实施细则，所有教学点均参加资源配置指标评估和差异系数计算（默认不足{SMALL_TEACHING_POINT}人的教学点不参加）。"
            )
        } else {
            format!(
                "按省级实施细则，在校生不足{threshold}人的教学点不参加资源配置指标评估和差异系数计算（默认为{SMALL_TEACHING_POINT}人）。"
            )
        });
    }
    if !info.rooms_judge_teaching_points() {
        notes.push(
            "按省级实施细则，教学点不参加音乐、美术专用教室配备（指标2.3）评估。".to_string(),
        );
    }
    notes
}

/// The rule numbers templates and web pages print beside a verdict (`rules.cv_primary`,
/// `rules.compliance`, …), formatted from the catalogue, so that a page never states a
/// threshold of its own: change the catalogue and the note changes with the verdict.
#[derive(Debug, Clone, Serialize)]
pub struct RuleText {
    /// 差异系数 limits: "0.50", "0.45".
    pub cv_primary: String,
    pub cv_junior: String,
    /// The school compliance rule: "至少6项指标达到标准、其余1项不低于标准的85%".
    pub compliance: String,
    /// 2.5's class limits: "45", "50".
    pub class_primary: String,
    pub class_junior: String,
    /// 大班额 from "56" to "65", 超大班额 from "66".
    pub large_class: String,
    pub large_class_to: String,
    pub huge_class: String,
    /// Teaching points below this take no part in 1.1–1.7: "50".
    pub small_teaching_point: String,
}

impl RuleText {
    pub fn new() -> Self {
        use crate::catalogue::{RESOURCE_IDS, cv_limit, rules};
        use crate::documents::format;
        use crate::model::Stage;
        let n = RESOURCE_IDS.len();
        let below = rules::RESOURCES_BELOW_ALLOWED;
        RuleText {
            cv_primary: format::cv_limit(cv_limit(Stage::Primary).to_f64()),
            cv_junior: format::cv_limit(cv_limit(Stage::Junior).to_f64()),
            compliance: format!(
                "至少{}项指标达到标准、其余{below}项不低于标准的{}",
                n.saturating_sub(below),
                format::standard_share(crate::catalogue::EIGHTY_FIVE_PERCENT.to_f64())
            ),
            class_primary: format::int(u64::from(rules::class_limit(Stage::Primary))),
            class_junior: format::int(u64::from(rules::class_limit(Stage::Junior))),
            large_class: format::int(u64::from(rules::LARGE_CLASS)),
            large_class_to: format::int(u64::from(rules::HUGE_CLASS.saturating_sub(1))),
            huge_class: format::int(u64::from(rules::HUGE_CLASS)),
            small_teaching_point: format::int(u64::from(rules::SMALL_TEACHING_POINT)),
        }
    }
}

impl Default for RuleText {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod clause_tests {
    use super::join_clauses;

    /// The 说明 of 2.2 and 3.3 end in "。": joined, they read "…；…", never "。；".
    #[test]
    fn clauses_join_without_a_full_stop_before_the_semicolon() {
        assert_eq!(
            join_clauses(&["已出台实施办法。", "每年开展督导。"]),
            "已出台实施办法；每年开展督导"
        );
        assert_eq!(join_clauses(&["甲；", "", "乙"]), "甲；乙");
    }
}
