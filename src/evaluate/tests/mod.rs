//! Tests of the evaluation. Expected figures are worked out by hand in each test, never
//! by calling the code under test.

pub(crate) mod fixtures;
mod government;
mod json;
mod plausibility;
mod quality;
mod resources;
mod rulebook;
mod verdict;
