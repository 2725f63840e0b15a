//! Numbers and dates as Chinese officials write them.
//!
//! A failing value must never print as equal to or above its standard because of
//! rounding, so values are rounded *towards* the side they are on (`value_towards`).

use crate::model::Date;

/// 2026年3月16日 (公文 dates: Arabic numerals, no leading zeros).
pub fn date(d: Date) -> String {
    format!("{}年{}月{}日", d.year, d.month, d.day)
}

/// Thousands separators for integers of five digits or more (48,297); four-digit
/// figures stay plain (2025年, 1804人), as in the bureaus' own reports.
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() <= 4 {
        return digits;
    }
    group(&digits)
}

fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A real number with `places` decimals (half away from zero), grouped when ≥ 10,000.
pub fn decimal(value: f64, places: usize) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let text = format!("{:.*}", places, value);
    let (sign, body) = match text.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", text.as_str()),
    };
    let (int_part, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let int_text = if int_part.len() > 4 {
        group(int_part)
    } else {
        int_part.to_string()
    };
    match frac {
        Some(f) => format!("{sign}{int_text}.{f}"),
        None => format!("{sign}{int_text}"),
    }
}

/// Round `value` to `places` decimals so that it stays on its side of `standard`: a
/// value below the standard is rounded down (4.1996 vs 4.2 → 4.19), one at or above is
/// rounded normally but never below the standard's printed form.
pub fn value_towards(value: f64, standard: f64, places: usize) -> String {
    if !value.is_finite() {
        return "—".to_string();
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

/// A fraction as a percentage: 0.9123 → "91.23%".
pub fn percent(fraction: f64, places: usize) -> String {
    format!("{}%", decimal(fraction * 100.0, places))
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
    use super::*;

    #[test]
    fn integers_group_from_five_digits() {
        assert_eq!(int(1804), "1804");
        assert_eq!(int(48297), "48,297");
        assert_eq!(int(1234567), "1,234,567");
    }

    #[test]
    fn decimals_round_and_group() {
        assert_eq!(decimal(4.2, 2), "4.20");
        assert_eq!(decimal(0.5149, 3), "0.515");
        assert_eq!(decimal(2345.678, 2), "2345.68");
        assert_eq!(decimal(23456.7, 1), "23,456.7");
        assert_eq!(decimal(-0.5, 1), "-0.5");
    }

    #[test]
    fn failing_values_never_print_as_meeting_the_standard() {
        assert_eq!(value_towards(4.1996, 4.2, 2), "4.19");
        assert_eq!(value_towards(4.2, 4.2, 2), "4.20");
        assert_eq!(value_towards(4.196, 4.2, 2), "4.19");
        assert_eq!(value_towards(4.1, 4.2, 2), "4.10");
        assert_eq!(value_towards(4.3456, 4.2, 2), "4.35");
        // CV limits work the other way round: pass is ≤, so callers pass the mirrored case.
        assert_eq!(value_towards(1999.996, 2000.0, 2), "1999.99");
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
