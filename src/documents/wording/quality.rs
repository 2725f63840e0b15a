//! The lines of the quality indicators' results.

use super::Words;
use crate::evaluate::{Finding, IndicatorResult};

pub(super) fn finding(_w: &Words, _r: &IndicatorResult, _f: &Finding) -> Option<String> {
    None
}

pub(super) fn exception(_w: &Words, _r: &IndicatorResult, _f: &Finding) -> Option<String> {
    None
}

pub(super) fn summary(_w: &Words, _r: &IndicatorResult) -> Option<String> {
    None
}
