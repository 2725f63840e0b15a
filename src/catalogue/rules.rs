//! The numbers of the 办法 and its 指标说明 beside an indicator's headline standard:
//! the several limits of 2.3, 2.4, 2.5 and 2.11, the 特殊情形 limits, the 大班额 terms.
//! `evaluate` judges with these, and the documents and the 工作台 print them, so that
//! changing one here changes the verdict and the wording together.

use super::Rational;
use crate::model::{SchoolKind, Stage};

/// 2.3: a music room's minimum area, m².
pub const MUSIC_ROOM_AREA: f64 = 96.0;
/// 2.3: an art room's minimum area, m².
pub const ART_ROOM_AREA: f64 = 90.0;
/// 2.3 特殊情形 (1): schools planned in or before this year are judged on the number of
/// rooms only.
pub const ROOM_AREA_EXEMPT_UNTIL: i32 = 2016;
/// 2.3: one music and one art room per this many classes.
pub const CLASSES_PER_ROOM: u32 = 12;

/// 2.4: the size limit of a 小学 or 初中 (a 完全中学's junior part counts as an 初中).
pub const SIZE_LIMIT: u32 = 2000;
/// 2.4: the size limit of the compulsory part of a 九年/十二年一贯制 school.
pub const SIZE_LIMIT_THROUGH: u32 = 2500;

/// 2.4's limit for a school type (compulsory part).
pub fn size_limit(kind: SchoolKind) -> u32 {
    match kind {
        SchoolKind::NineYear | SchoolKind::TwelveYear => SIZE_LIMIT_THROUGH,
        _ => SIZE_LIMIT,
    }
}

/// 大班额 (the Ministry's term): a class of this many or more never passes 2.5, whatever
/// the exception.
pub const LARGE_CLASS: u32 = 56;
/// 超大班额: a class of this many or more.
pub const HUGE_CLASS: u32 = 66;

/// 2.5's class-size limit: 45 primary, 50 junior (the catalogue's per-stage standard).
pub fn class_limit(stage: Stage) -> u32 {
    let standard = super::IndicatorId::I2_5.indicator().standard(stage);
    standard.map_or(0, |r| u32::try_from(r.num / r.den.max(1)).unwrap_or(0))
}

/// 2.5 特殊情形: the relaxed limit, 50 primary, 55 junior.
pub fn class_limit_relaxed(stage: Stage) -> u32 {
    match stage {
        Stage::Primary => 50,
        Stage::Junior => 55,
    }
}

/// 2.11: the share of eligible teachers exchanged each year.
pub const ROTATION_SHARE: Rational = Rational::new(10, 100);
/// 2.11: the share of backbone teachers among those exchanged.
pub const BACKBONE_SHARE: Rational = Rational::new(20, 100);

/// 教学点 with fewer students than this take no part in 1.1–1.7 or the 差异系数
/// (Hebei's detailed rules, REFERENCE.md §1).
pub const SMALL_TEACHING_POINT: u32 = 50;

/// The school compliance rule of 1.1–1.7: at most this many of the seven below the
/// standard, and each of them at least [`super::EIGHTY_FIVE_PERCENT`] of it.
pub const RESOURCES_BELOW_ALLOWED: usize = 1;

/// 2.6: schools with fewer pupils than this are funded as this many.
pub const SMALL_SCHOOL_FUNDED_AS: u32 = 100;

/// The threshold of an indicator that has one (2.7's 6000 元, 2.14's 50%, …), as the
/// catalogue states it; `Rational::int(0)` would be a bug caught by the tests.
pub fn threshold(id: super::IndicatorId) -> Rational {
    id.indicator().threshold.unwrap_or(Rational::int(0))
}

/// 3.9: the lowest passing 学业水平 (Ⅲ).
pub const MIN_LEVEL: u8 = 3;
/// 3.9: the 校际差异率 must be below this.
pub const MAX_DIFFERENCE_RATE: Rational = Rational::new(15, 100);
/// 3.4: each school's training budget ≥ this share of its public funds (the catalogue's
/// 3.4 threshold, as a constant for the const contexts that need it).
pub const TRAINING_SHARE: Rational = Rational::new(5, 100);
/// 4.1: at least this share recognise the work (the catalogue's 4.1 threshold).
pub const RECOGNITION_SHARE: Rational = Rational::new(85, 100);
/// 申报条件: 基本均衡 recognised at least this many years before the application.
pub const YEARS_AFTER_BASIC_BALANCE: i32 = 3;

/// 4.1: the groups the survey asks, each with the names a workbook may give it.
pub const SURVEY_GROUPS: [(&str, &[&str]); 7] = [
    ("学生", &["学生"]),
    ("家长", &["家长"]),
    ("教师", &["教师"]),
    ("校长", &["校长"]),
    ("人大代表", &["人大"]),
    ("政协委员", &["政协"]),
    ("其他群众", &["群众", "居民", "社会", "其他"]),
];
/// 4.1: the national survey draws this share of the 常住人口 (1.5‰).
pub const SURVEY_SHARE: Rational = Rational::new(15, 10_000);
/// 4.1: a sample under this share of [`SURVEY_SHARE`] is far too thin (a warning).
pub const SURVEY_SHORT_SHARE: Rational = Rational::new(1, 2);
