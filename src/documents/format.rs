//! Numbers and dates as Chinese officials write them: the one number style of every
//! document (实施方案, 责任清单, 自评报告, 汇总表, 对照表, 佐证材料目录).
//!
//! **Grouping.** Integers and the integer part of decimals are written as plain digits,
//! never with thousands separators (48297人, 3251人, 128640元). The real county filings
//! (the seeds) write 48297, 33476 and 2873 side by side ungrouped; GB/T 15835-2011 makes
//! 分节 optional; and the 办法's standards, which are quoted verbatim (2000元, 2500人),
//! are ungrouped. Grouping from five digits put "10,796" beside "5537" in one column,
//! and grouping from four would put "2,000" in our text beside "2000元" in the quoted
//! standard: only "never" gives one style on every page.
//!
//! **Decimals.** Fixed per quantity, never trimmed: a value of an indicator prints with
//! the catalogue's `decimals` (`indicator_value`), its standard deviation with two more
//! (`spread`, so the 差异系数 can be recomputed from the table), a 差异系数 with three and
//! its limit with two, a standard as the 办法 writes it (`standard`). A value on the
//! failing side of its standard never prints as reaching it (`value_towards`).
//!
//! **Dashes.** [`NOT_APPLICABLE`] ("—") means the cell does not apply (a junior school's
//! 小学生数, a judgement indicator's formula) and nothing else; a count of none is "0" or
//! [`NONE`] ("无"); a value the workbook lacks is [`MISSING`].

use crate::evaluate::catalogue::IndicatorId;
use crate::model::Date;

/// The cell does not apply to this row.
pub const NOT_APPLICABLE: &str = "—";
/// An empty list or no item (no lead indicators, no flags).
pub const NONE: &str = "无";
/// A value the workbook does not give (or that cannot be computed from it).
pub const MISSING: &str = "数据不全";

/// 2026年3月16日 (公文 dates: Arabic numerals, no leading zeros).
pub fn date(d: Date) -> String {
    format!("{}年{}月{}日", d.year, d.month, d.day)
}

/// An integer, in plain digits (see the module docs for why never grouped).
pub fn int(n: u64) -> String {
    n.to_string()
}

/// A count of things; none is "0".
pub fn count(n: usize) -> String {
    n.to_string()
}

/// A real number with `places` decimals (half away from zero), in plain digits. A
/// non-finite value cannot be computed from the workbook: [`MISSING`].
pub fn decimal(value: f64, places: usize) -> String {
    if !value.is_finite() {
        return MISSING.to_string();
    }
    let text = format!("{:.*}", places, value);
    // -0.00 is zero.
    if text.starts_with('-') && text.bytes().all(|b| matches!(b, b'-' | b'0' | b'.')) {
        return text.trim_start_matches('-').to_string();
    }
    text
}

/// An amount of money as a clerk entered it: from ten thousand up in 万元 (894000 →
/// 89.4万元, what a 万元 column held), below that in 元; at most four decimals of 万元
/// (one 元), trailing zeros dropped.
pub fn money(yuan: f64) -> String {
    if !yuan.is_finite() {
        return MISSING.to_string();
    }
    let trim = |t: String| {
        if t.contains('.') {
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            t
        }
    };
    if yuan.abs() >= 10_000.0 {
        format!("{}万元", trim(decimal(yuan / 10_000.0, 4)))
    } else {
        format!("{}元", trim(decimal(yuan, 2)))
    }
}

/// Round `value` to `places` decimals so that it stays on its side of `standard`: a
/// value below the standard is rounded down (4.1996 vs 4.2 → 4.19), one at or above is
/// rounded normally but never below the standard's printed form.
pub fn value_towards(value: f64, standard: f64, places: usize) -> String {
    if !value.is_finite() {
        return MISSING.to_string();
    }
    let scale = 10f64.powi(places as i32);
    // Below the standard by more than float noise: round down.
    let rounded = if value < standard && (standard - value) > standard.abs() * 1e-9 {
        let down = (value * scale).floor() / scale;
        // Only when normal rounding would reach the standard does it matter.
        let normal = (value * scale).round() / scale;
        if normal >= standard { down } else { normal }
    } else {
        (value * scale).round() / scale
    };
    decimal(rounded, places)
}

/// The mirror of [`value_towards`] for a ceiling: a value above `limit` never prints as
/// equal to or below it (0.4502 against 0.45 → 0.451).
pub fn value_above(value: f64, limit: f64, places: usize) -> String {
    if !value.is_finite() {
        return MISSING.to_string();
    }
    let scale = 10f64.powi(places as i32);
    let normal = (value * scale).round() / scale;
    if value > limit && normal <= limit {
        decimal((value * scale).ceil() / scale, places)
    } else {
        decimal(normal, places)
    }
}

/// An amount of money in 万元 with two decimals (rounded up: a budget never prints
/// below its cost): 1234567 元 → "123.46".
pub fn wan_yuan(yuan: f64) -> String {
    if !yuan.is_finite() {
        return MISSING.to_string();
    }
    decimal((yuan / 100.0).ceil() / 100.0, 2)
}

/// A planned amount in its column's step: whole teachers and rooms, 0.1 m², whole 元.
pub fn planned_amount(amount: f64, step: f64) -> String {
    if step < 1.0 {
        decimal(amount, 1)
    } else {
        decimal(amount, 0)
    }
}

/// A fraction as a percentage: 0.9123 → "91.23%".
pub fn percent(fraction: f64, places: usize) -> String {
    format!("{}%", decimal(fraction * 100.0, places))
}

/// A value of indicator `id` (a school's, a stage's or a county mean) with the
/// catalogue's decimals, on its side of `standard`. Every place a document prints such a
/// value goes through here, so one value has one form in a document.
pub fn indicator_value(id: IndicatorId, value: f64, standard: f64) -> String {
    value_towards(value, standard, usize::from(id.indicator().decimals))
}

/// A share (a fraction) of indicator `id` as a percentage with the catalogue's decimals,
/// on its side of `standard` (a fraction too): 8.00%, 99.99% (never 100.00% when short).
pub fn indicator_share(id: IndicatorId, share: f64, standard: f64) -> String {
    format!("{}%", indicator_value(id, share * 100.0, standard * 100.0))
}

/// A share's standard as the 办法 writes it: 10%, 95%, 100%.
pub fn standard_share(fraction: f64) -> String {
    if !fraction.is_finite() {
        return MISSING.to_string();
    }
    format!("{}%", standard(fraction * 100.0))
}

/// A standard deviation (or another spread) of indicator `id`: two decimals more than its
/// values, so that the 差异系数 can be recomputed from the printed table.
pub fn spread(id: IndicatorId, value: f64) -> String {
    decimal(value, usize::from(id.indicator().decimals) + 2)
}

/// A 差异系数: three decimals, never rounded onto or below its `limit` when above it.
pub fn cv(value: f64, limit: f64) -> String {
    value_above(value, limit, 3)
}

/// A 差异系数 limit as the 办法 writes it: 0.50, 0.45.
pub fn cv_limit(limit: f64) -> String {
    decimal(limit, 2)
}

/// A standard as the 办法 writes it: the shortest exact form (4.2, 2000, 0.9), since the
/// standards are quoted, not measured.
pub fn standard(value: f64) -> String {
    if !value.is_finite() {
        return MISSING.to_string();
    }
    for places in 0..=4 {
        let text = decimal(value, places);
        if text
            .parse::<f64>()
            .is_ok_and(|v| (v - value).abs() <= value.abs() * 1e-12)
        {
            return text;
        }
    }
    decimal(value, 4)
}

/// A list joined with 、, or [`NONE`] when empty.
pub fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        NONE.to_string()
    } else {
        items.join("、")
    }
}

/// Chinese numerals for section numbers: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一.
fn digit(n: usize) -> &'static str {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    DIGITS.get(n).copied().unwrap_or_default()
}

pub fn chinese_number(n: usize) -> String {
    match n {
        0..=9 => digit(n).to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { digit(n - 10) }),
        20..=99 => format!(
            "{}十{}",
            digit(n / 10),
            if n.is_multiple_of(10) {
                ""
            } else {
                digit(n % 10)
            }
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_reads_as_entered() {
        assert_eq!(money(894_000.0), "89.4万元");
        assert_eq!(money(1_100_000.0), "110万元");
        assert_eq!(money(12_345.67), "1.2346万元");
        assert_eq!(money(8_000.0), "8000元");
        assert_eq!(money(2_500.5), "2500.5元");
        assert_eq!(money(f64::NAN), MISSING);
    }

    use super::*;

    #[test]
    fn integers_are_never_grouped() {
        assert_eq!(int(1804), "1804");
        assert_eq!(int(48297), "48297");
        assert_eq!(int(1234567), "1234567");
        assert_eq!(count(0), "0");
    }

    #[test]
    fn decimals_round_without_grouping() {
        assert_eq!(decimal(4.2, 2), "4.20");
        assert_eq!(decimal(0.5149, 3), "0.515");
        assert_eq!(decimal(2345.678, 2), "2345.68");
        assert_eq!(decimal(23456.7, 1), "23456.7");
        assert_eq!(decimal(-0.5, 1), "-0.5");
        assert_eq!(decimal(-0.0001, 2), "0.00");
        assert_eq!(decimal(f64::NAN, 2), MISSING);
    }

    #[test]
    fn failing_values_never_print_as_meeting_the_standard() {
        assert_eq!(value_towards(4.1996, 4.2, 2), "4.19");
        assert_eq!(value_towards(4.2, 4.2, 2), "4.20");
        assert_eq!(value_towards(4.196, 4.2, 2), "4.19");
        assert_eq!(value_towards(4.1, 4.2, 2), "4.10");
        assert_eq!(value_towards(4.3456, 4.2, 2), "4.35");
        assert_eq!(value_towards(1999.996, 2000.0, 2), "1999.99");
        assert_eq!(cv(0.45004, 0.45), "0.451");
        assert_eq!(cv(0.4496, 0.45), "0.450");
        assert_eq!(cv(0.5714, 0.45), "0.571");
    }

    #[test]
    fn indicator_values_take_the_catalogue_decimals() {
        // 1.6 prints whole 元, 1.1 two decimals; a spread two more.
        assert_eq!(indicator_value(IndicatorId::I1_6, 1658.63, 2000.0), "1659");
        assert_eq!(indicator_value(IndicatorId::I1_6, 1999.7, 2000.0), "1999");
        assert_eq!(indicator_value(IndicatorId::I1_6, 2572.51, 2000.0), "2573");
        assert_eq!(indicator_value(IndicatorId::I1_1, 5.11642, 4.2), "5.12");
        assert_eq!(spread(IndicatorId::I1_6, 226.934), "226.93");
        assert_eq!(spread(IndicatorId::I1_1, 0.41071), "0.4107");
    }

    #[test]
    fn standards_print_as_the_rules_write_them() {
        assert_eq!(standard(4.2), "4.2");
        assert_eq!(standard(2000.0), "2000");
        assert_eq!(standard(0.9), "0.9");
        assert_eq!(standard(10.2), "10.2");
        assert_eq!(cv_limit(0.5), "0.50");
    }

    #[test]
    fn empty_lists_say_none() {
        assert_eq!(list_or_none(&[]), "无");
        assert_eq!(
            list_or_none(&["1.1".to_string(), "2.3".to_string()]),
            "1.1、2.3"
        );
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(21), "二十一");
        assert_eq!(chinese_number(30), "三十");
    }

    #[test]
    fn dates_and_percent() {
        assert_eq!(
            date(Date {
                year: 2024,
                month: 1,
                day: 8
            }),
            "2024年1月8日"
        );
        assert_eq!(percent(0.9123, 2), "91.23%");
    }
}
