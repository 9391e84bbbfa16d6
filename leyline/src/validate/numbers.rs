//! Rules on numbers: `const`, `gt`, `gte`, `lt`, `lte`, `in`, `not_in`, `finite`.

use alloc::string::String;
use core::cmp::Ordering;
use core::fmt::{Debug, Display};

use super::{debug, fail, list, AtPath};
use crate::contract::ValidationErrors;

/// Numeric `const`.
#[inline]
pub fn num_const<'p, T: PartialEq + Copy + Debug + Display>(
    value: T,
    expected: T,
    rule: &'static str,
    path: impl AtPath<'p>,
    errors: &mut ValidationErrors,
) {
    if value != expected {
        fail(
            errors,
            path,
            rule,
            || alloc::format!("must equal {expected}"),
            || debug(&value),
        );
    }
}

/// A numeric bound: `value` must compare to `bound` as `accepts` allows.
/// NaN compares as nothing, so it fails every bound.
#[inline]
fn num_bound<'p, T: PartialOrd + Copy + Debug + Display>(
    value: T,
    bound: T,
    accepts: fn(Ordering) -> bool,
    relation: &'static str,
    rule: &'static str,
    path: impl AtPath<'p>,
    errors: &mut ValidationErrors,
) {
    if !value.partial_cmp(&bound).is_some_and(accepts) {
        fail(
            errors,
            path,
            rule,
            || alloc::format!("must be {relation} {bound}"),
            || debug(&value),
        );
    }
}

/// Numeric `gt`. NaN fails every bound.
#[inline]
pub fn num_gt<'p, T: PartialOrd + Copy + Debug + Display>(
    value: T,
    bound: T,
    rule: &'static str,
    path: impl AtPath<'p>,
    errors: &mut ValidationErrors,
) {
    num_bound(
        value,
        bound,
        Ordering::is_gt,
        "greater than",
        rule,
        path,
        errors,
    );
}

/// Numeric `gte`.
#[inline]
pub fn num_gte<'p, T: PartialOrd + Copy + Debug + Display>(
    value: T,
    bound: T,
    rule: &'static str,
    path: impl AtPath<'p>,
    errors: &mut ValidationErrors,
) {
    num_bound(
        value,
        bound,
        Ordering::is_ge,
        "greater than or equal to",
        rule,
        path,
        errors,
    );
}

/// Numeric `lt`.
#[inline]
pub fn num_lt<'p, T: PartialOrd + Copy + Debug + Display>(
    value: T,
    bound: T,
    rule: &'static str,
    path: impl AtPath<'p>,
    errors: &mut ValidationErrors,
) {
    num_bound(
        value,
        bound,
        Ordering::is_lt,
        "less than",
        rule,
        path,
        errors,
    );
}

/// Numeric `lte`.
#[inline]
pub fn num_lte<'p, T: PartialOrd + Copy + Debug + Display>(
    value: T,
    bound: T,
    rule: &'static str,
    path: impl AtPath<'p>,
    errors: &mut ValidationErrors,
) {
    num_bound(
        value,
        bound,
        Ordering::is_le,
        "less than or equal to",
        rule,
        path,
        errors,
    );
}

/// Numeric `in`.
#[inline]
pub fn num_in<'p, T: PartialEq + Copy + Debug + Display>(
    value: T,
    allowed: &[T],
    rule: &'static str,
    path: impl AtPath<'p>,
    errors: &mut ValidationErrors,
) {
    if !allowed.contains(&value) {
        fail(
            errors,
            path,
            rule,
            || alloc::format!("must be in list {}", list(allowed)),
            || debug(&value),
        );
    }
}

/// Numeric `not_in`.
#[inline]
pub fn num_not_in<'p, T: PartialEq + Copy + Debug + Display>(
    value: T,
    denied: &[T],
    rule: &'static str,
    path: impl AtPath<'p>,
    errors: &mut ValidationErrors,
) {
    if denied.contains(&value) {
        fail(
            errors,
            path,
            rule,
            || alloc::format!("must not be in list {}", list(denied)),
            || debug(&value),
        );
    }
}

/// `finite` (floats): neither NaN nor infinite.
#[inline]
pub fn finite<'p>(
    value: f64,
    rule: &'static str,
    path: impl AtPath<'p>,
    errors: &mut ValidationErrors,
) {
    if !value.is_finite() {
        fail(
            errors,
            path,
            rule,
            || String::from("must be finite"),
            || debug(&value),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::FieldPath;

    #[test]
    fn nan_fails_every_bound() {
        let mut e = ValidationErrors::new();
        let p = FieldPath::ROOT;
        num_gte(f32::NAN, 0.0, "float.gte", || p, &mut e);
        num_lte(f32::NAN, 1.0, "float.lte", || p, &mut e);
        finite(f64::from(f32::INFINITY), "float.finite", || p, &mut e);
        assert_eq!(e.len(), 3);
        assert_eq!(e.violations()[0].value, "NaN");
        assert_eq!(e.violations()[2].value, "inf");
    }
}
