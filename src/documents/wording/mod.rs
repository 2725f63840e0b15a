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
mod resources;

use crate::evaluate::catalogue::Area;
use crate::evaluate::{Evaluation, Finding, IndicatorResult};
use crate::model::County;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

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
        worded.unwrap_or_else(|| f.text.clone())
    }

    /// The line of one 特殊情形认定 of `r`.
    pub fn exception(&self, r: &IndicatorResult, f: &Finding) -> String {
        let worded = match r.indicator().area {
            Area::Resources => resources::exception(self, r, f),
            Area::Government => government::exception(self, r, f),
            Area::Quality | Area::Recognition => quality::exception(self, r, f),
        };
        worded.unwrap_or_else(|| f.text.clone())
    }

    /// What a met indicator found, without its 特殊情形认定 (`Some("")` when there is
    /// nothing to say beyond 达标; `None` while the area does not word it yet).
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
            Some(false) => Some(
                r.findings
                    .iter()
                    .map(|f| self.finding(r, f))
                    .collect::<Vec<_>>()
                    .join("；"),
            ),
            None => Some(r.missing.join("；")),
            Some(true) => {
                let Some(summary) = self.summary(r) else {
                    return r.detail.clone();
                };
                let mut parts: Vec<String> = Some(summary)
                    .filter(|s| !s.is_empty())
                    .into_iter()
                    .collect();
                if !r.exceptions.is_empty() {
                    parts.push(format!(
                        "特殊情形认定：{}",
                        r.exceptions
                            .iter()
                            .map(|f| self.exception(r, f))
                            .collect::<Vec<_>>()
                            .join("；")
                    ));
                }
                (!parts.is_empty()).then(|| parts.join("；"))
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
        st.serialize_field("schools", &ev.schools)?;
        st.serialize_field("cv", &ev.cv)?;
        st.serialize_field("indicators", &Indicators(self.0))?;
        st.serialize_field("social_recognition", &ev.social_recognition)?;
        st.serialize_field("veto", &ev.veto)?;
        st.serialize_field("verdict", &ev.verdict)?;
        st.serialize_field("cv_detail", &ev.cv.detail())?;
        st.serialize_field("social_recognition_groups", &ev.recognition)?;
        st.end()
    }
}
