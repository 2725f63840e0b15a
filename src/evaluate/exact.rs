//! Threshold comparisons that floating-point error cannot flip.
//!
//! * Counts (teachers, rooms, students, questionnaires) are compared with the threshold
//!   as an exact rational by integer cross-multiplication: 42 teachers for 1,000
//!   students is `100·42·10 = 42000 ≥ 42·1000 = 42000`, exactly 4.2, met.
//! * Real inputs (areas, money, ratios read from percent cells, split shares) are
//!   compared with a relative tolerance of [`REL_TOL`] = 1e-9: two numbers within
//!   `1e-9 × max(|a|, |b|)` of each other are *equal*. Equality is then resolved by the
//!   rule's own wording, so a value that equals the threshold in decimal (4.5 m² per
//!   pupil, 85% of a standard, a 差异系数 of exactly 0.50) counts as reaching it for
//!   "≥"/"≤" rules and as not below it for the strict "< 0.15" rule. Real inputs carry
//!   far fewer than nine significant digits, so the tolerance can only absorb
//!   representation error, never a real shortfall.

use super::catalogue::Rational;
use serde::Serialize;
use std::cmp::Ordering;

/// Relative tolerance for comparisons of real (f64) quantities.
pub(crate) const REL_TOL: f64 = 1e-9;

/// Compare two reals, treating values within [`REL_TOL`] (relative) as equal.
/// Returns `None` when either is NaN or infinite.
pub(crate) fn cmp_real(a: f64, b: f64) -> Option<Ordering> {
    if !a.is_finite() || !b.is_finite() {
        return None;
    }
    let scale = a.abs().max(b.abs());
    if (a - b).abs() <= REL_TOL * scale {
        Some(Ordering::Equal)
    } else if a < b {
        Some(Ordering::Less)
    } else {
        Some(Ordering::Greater)
    }
}

/// An amount that an indicator value is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Quantity {
    /// A whole number (teachers, rooms of a single-stage school).
    Count(u64),
    /// A real amount (m², 元, or a multi-stage school's split share).
    Amount(f64),
}

impl Quantity {
    pub(crate) fn to_f64(self) -> f64 {
        match self {
            Quantity::Count(n) => n as f64,
            Quantity::Amount(x) => x,
        }
    }
}

/// Compare `quantity × factor ÷ per` with `threshold`.
/// `None` when `per` is zero or the quantity is not a finite number.
pub(crate) fn cmp_per(q: Quantity, factor: u64, per: u64, threshold: Rational) -> Option<Ordering> {
    if per == 0 || threshold.den == 0 {
        return None;
    }
    match q {
        Quantity::Count(n) => {
            let lhs = u128::from(n) * u128::from(factor) * u128::from(threshold.den);
            let rhs = u128::from(threshold.num) * u128::from(per);
            Some(lhs.cmp(&rhs))
        }
        Quantity::Amount(x) => cmp_real(
            x * factor as f64 * threshold.den as f64,
            threshold.num as f64 * per as f64,
        ),
    }
}

/// Compare the integer fraction `num ÷ den` with `threshold`, exactly. `None` if `den` is 0.
pub(crate) fn cmp_int_fraction(num: i128, den: u128, threshold: Rational) -> Option<Ordering> {
    if den == 0 || threshold.den == 0 {
        return None;
    }
    let den = i128::try_from(den).ok()?;
    let lhs = num.checked_mul(i128::from(threshold.den))?;
    let rhs = i128::from(threshold.num).checked_mul(den)?;
    Some(lhs.cmp(&rhs))
}

/// Compare the real fraction `num ÷ den` with `threshold` (tolerant). `None` if `den` ≤ 0.
pub(crate) fn cmp_real_fraction(num: f64, den: f64, threshold: Rational) -> Option<Ordering> {
    if den.partial_cmp(&0.0) != Some(Ordering::Greater) || threshold.den == 0 {
        return None;
    }
    cmp_real(num * threshold.den as f64, threshold.num as f64 * den)
}

/// Compare a real value with a rational threshold (tolerant).
pub(crate) fn cmp_value(value: f64, threshold: Rational) -> Option<Ordering> {
    cmp_real_fraction(value, 1.0, threshold)
}

/// "≥": reached (equal counts as reached).
pub(crate) fn reaches(ord: Option<Ordering>) -> Option<bool> {
    ord.map(|o| o != Ordering::Less)
}

/// "≤": within (equal counts as within).
pub fn within(ord: Option<Ordering>) -> Option<bool> {
    ord.map(|o| o != Ordering::Greater)
}

/// "<": strictly below (equal is not below).
pub fn below(ord: Option<Ordering>) -> Option<bool> {
    ord.map(|o| o == Ordering::Less)
}

/// Smallest whole number ≥ `x`, where `x` within [`REL_TOL`] of an integer counts as
/// that integer (so 42.000000000001 needed teachers is 42, not 43).
pub(crate) fn ceil_tolerant(x: f64) -> f64 {
    let r = x.round();
    if (x - r).abs() <= REL_TOL * x.abs().max(1.0) {
        r
    } else {
        x.ceil()
    }
}

/// `ceil(a ÷ b)` for integers, `b > 0`.
pub(crate) fn ceil_div(a: u128, b: u128) -> u128 {
    if b == 0 { 0 } else { a.div_ceil(b) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R42: Rational = Rational::new(42, 10);

    #[test]
    fn exactly_at_threshold_meets_for_counts() {
        // 42 teachers per 1,000 students = 4.2 per hundred.
        assert_eq!(
            cmp_per(Quantity::Count(42), 100, 1000, R42),
            Some(Ordering::Equal)
        );
        assert_eq!(
            reaches(cmp_per(Quantity::Count(42), 100, 1000, R42)),
            Some(true)
        );
        // 41 teachers: 4.1 < 4.2.
        assert_eq!(
            reaches(cmp_per(Quantity::Count(41), 100, 1000, R42)),
            Some(false)
        );
        // 42 teachers for 1,001 students: 4.1958… just under.
        assert_eq!(
            reaches(cmp_per(Quantity::Count(42), 100, 1001, R42)),
            Some(false)
        );
        // 85% line: 4.2 × 0.85 = 3.57 → 357 per 10,000 students is exactly on it.
        let line = R42.times(Rational::new(85, 100));
        assert_eq!(
            cmp_per(Quantity::Count(357), 100, 10_000, line),
            Some(Ordering::Equal)
        );
        assert_eq!(cmp_per(Quantity::Count(1), 100, 0, R42), None);
    }

    #[test]
    fn reals_equal_in_decimal_are_equal() {
        // 0.1 + 0.2 style error must not flip "≥".
        let area = 0.1 * 3.0 * 15000.0; // 4500.000000000001 or 4499.99…
        assert_eq!(
            cmp_per(Quantity::Amount(area), 1, 1000, Rational::new(45, 10)),
            Some(Ordering::Equal)
        );
        // A percentage read as 0.95 (which is not exactly 95/100 in binary).
        assert_eq!(
            cmp_value(0.95, Rational::new(95, 100)),
            Some(Ordering::Equal)
        );
        assert_eq!(
            reaches(cmp_value(0.9499, Rational::new(95, 100))),
            Some(false)
        );
        // Strict "<": equal is not below.
        assert_eq!(below(cmp_value(0.15, Rational::new(15, 100))), Some(false));
        assert_eq!(below(cmp_value(0.1499, Rational::new(15, 100))), Some(true));
        assert_eq!(within(cmp_value(0.5, Rational::new(50, 100))), Some(true));
        assert_eq!(cmp_value(f64::NAN, Rational::new(1, 1)), None);
    }

    #[test]
    fn int_fractions() {
        // 95 of 100 → exactly 95%.
        assert_eq!(
            cmp_int_fraction(95, 100, Rational::new(95, 100)),
            Some(Ordering::Equal)
        );
        assert_eq!(
            cmp_int_fraction(-1, 100, Rational::new(95, 100)),
            Some(Ordering::Less)
        );
        assert_eq!(cmp_int_fraction(1, 0, Rational::new(95, 100)), None);
    }

    #[test]
    fn tolerant_ceil() {
        assert_eq!(ceil_tolerant(42.000000000001), 42.0);
        assert_eq!(ceil_tolerant(42.01), 43.0);
        assert_eq!(ceil_tolerant(0.0), 0.0);
        assert_eq!(ceil_div(42 * 1000, 1000), 42);
        assert_eq!(ceil_div(42 * 1001, 1000), 43);
    }
}
