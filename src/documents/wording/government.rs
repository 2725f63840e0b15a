//! The lines of 政府保障程度 (2.1–2.15).

use super::Words;
use crate::documents::format;
use crate::evaluate::catalogue::IndicatorId;
use crate::evaluate::{ExceptionBasis, Finding, IndicatorResult, government};
use crate::model::Stage;

pub(super) fn finding(w: &Words, r: &IndicatorResult, f: &Finding) -> Option<String> {
    match r.id {
        IndicatorId::I2_5 => class_size_line(w, f),
        _ => None,
    }
}

pub(super) fn exception(w: &Words, r: &IndicatorResult, f: &Finding) -> Option<String> {
    match r.id {
        IndicatorId::I2_5 => class_size_exception(w, f),
        _ => None,
    }
}

pub(super) fn summary(_w: &Words, r: &IndicatorResult) -> Option<String> {
    match r.id {
        IndicatorId::I2_5 => Some(class_size_summary(r)),
        _ => None,
    }
}

/// A 2.5 failure, naming its stage: `北关小学最大班额49人，超过小学45人的标准`.
fn class_size_line(w: &Words, f: &Finding) -> Option<String> {
    let (Some(stage), Some(max), Some(limit), Some(name)) = (f.stage, f.value, f.limit, w.who(f))
    else {
        return None;
    };
    let stage = stage.label();
    let line = format!(
        "{name}最大班额{}人，超过{stage}{}人的标准",
        format::decimal(max, 0),
        format::decimal(limit, 0)
    );
    if f.key != Some("super_large") {
        return Some(line);
    }
    let classes = f.items.join("、");
    Some(format!(
        "{line}，且有{}人以上超大班额（{classes}）",
        government::SUPER_LARGE_CLASS
    ))
}

/// A 2.5 特殊情形认定, naming its stage.
fn class_size_exception(w: &Words, f: &Finding) -> Option<String> {
    let (Some(st), Some(value), Some(relaxed), Some(name), Some(basis)) =
        (f.stage, f.value, f.limit, w.who(f), f.basis)
    else {
        return None;
    };
    let stage = st.label();
    let value = format::decimal(value, 0);
    let relaxed = format::decimal(relaxed, 0);
    Some(match basis {
        ExceptionBasis::StartingGrade => format!(
            "{name}起始年级班额不超过{}人，{stage}其他年级最大班额{value}人，不超过{relaxed}人（{}）",
            government::class_limit(st),
            basis.label()
        ),
        _ => format!(
            "{name}最大班额{value}人，属挖潜扩容的优质学校，不超过{stage}放宽后的{relaxed}人（{}）",
            basis.label()
        ),
    })
}

/// 2.5 when met: the largest class of each stage (never a figure without its stage).
fn class_size_summary(r: &IndicatorResult) -> String {
    Stage::BOTH
        .iter()
        .filter_map(|st| {
            let v = r.by_stage.get(*st)?;
            Some(format!("{}最大班额{}人", st.label(), format::decimal(v, 0)))
        })
        .collect::<Vec<_>>()
        .join("、")
}
