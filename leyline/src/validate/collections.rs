//! Rules on sizes: bytes lengths, repeated fields and maps.

use alloc::string::String;
use core::fmt::Debug;

use super::{debug, fail, AtPath};
use crate::contract::ValidationErrors;

#[inline]
pub fn bytes_min_len<'p>(b: &[u8], n: usize, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
    if b.len() < n {
        fail(
            errors,
            path,
            "bytes.min_len",
            || alloc::format!("must be at least {n} bytes"),
            || alloc::format!("{} bytes", b.len()),
        );
    }
}

/// Bytes `max_len`.
#[inline]
pub fn bytes_max_len<'p>(b: &[u8], n: usize, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
    if b.len() > n {
        fail(
            errors,
            path,
            "bytes.max_len",
            || alloc::format!("must be at most {n} bytes"),
            || alloc::format!("{} bytes", b.len()),
        );
    }
}

/// Bytes `len`.
#[inline]
pub fn bytes_len<'p>(b: &[u8], n: usize, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
    if b.len() != n {
        fail(
            errors,
            path,
            "bytes.len",
            || alloc::format!("must be {n} bytes"),
            || alloc::format!("{} bytes", b.len()),
        );
    }
}

/// Bytes `not_empty`.
#[inline]
pub fn bytes_not_empty<'p>(b: &[u8], path: impl AtPath<'p>, errors: &mut ValidationErrors) {
    if b.is_empty() {
        fail(
            errors,
            path,
            "bytes.not_empty",
            || String::from("must not be empty"),
            || String::from("0 bytes"),
        );
    }
}

fn items(n: usize) -> String {
    alloc::format!("{n} item{}", if n == 1 { "" } else { "s" })
}

/// Repeated `min_items`.
#[inline]
pub fn min_items<'p>(len: usize, n: usize, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
    if len < n {
        fail(
            errors,
            path,
            "repeated.min_items",
            || alloc::format!("must hold at least {}", items(n)),
            || items(len),
        );
    }
}

/// Repeated `max_items`.
#[inline]
pub fn max_items<'p>(len: usize, n: usize, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
    if len > n {
        fail(
            errors,
            path,
            "repeated.max_items",
            || alloc::format!("must hold at most {}", items(n)),
            || items(len),
        );
    }
}

/// Repeated `unique`: one violation per element equal to an earlier one,
/// at that element's index. Compares every pair (`PartialEq` is all the
/// element types share), which suits the short lists `unique` is meant for.
#[inline]
pub fn unique<'p, T: PartialEq + Debug>(
    values: &[T],
    path: impl AtPath<'p>,
    errors: &mut ValidationErrors,
) {
    for (i, v) in values.iter().enumerate().skip(1) {
        if values[..i].contains(v) {
            let parent = path.path();
            fail(
                errors,
                || parent.index(i),
                "repeated.unique",
                || String::from("must not repeat an earlier item"),
                || debug(v),
            );
        }
    }
}

fn pairs(n: usize) -> String {
    alloc::format!("{n} entr{}", if n == 1 { "y" } else { "ies" })
}

/// Map `min_pairs`.
#[inline]
pub fn min_pairs<'p>(len: usize, n: usize, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
    if len < n {
        fail(
            errors,
            path,
            "map.min_pairs",
            || alloc::format!("must hold at least {}", pairs(n)),
            || pairs(len),
        );
    }
}

/// Map `max_pairs`.
#[inline]
pub fn max_pairs<'p>(len: usize, n: usize, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
    if len > n {
        fail(
            errors,
            path,
            "map.max_pairs",
            || alloc::format!("must hold at most {}", pairs(n)),
            || pairs(len),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::FieldPath;

    #[test]
    fn unique_reports_each_repeat() {
        let mut e = ValidationErrors::new();
        let root = FieldPath::ROOT;
        let p = root.field("tags");
        unique(&["a", "b", "a", "a"], || p, &mut e);
        let paths: Vec<_> = e.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["tags[2]", "tags[3]"]);
    }
}
