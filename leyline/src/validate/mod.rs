//! Validation: the rules written in `#[leyline(field = N, validate(...))]`,
//! checked at run time by [`Contract::validate`](crate::Contract::validate).
//!
//! The rules are named as protovalidate names them (`gte`, `max_len`,
//! `min_items`, `defined_only`, ...); the macro checks at compile time that
//! each rule fits its field, and generates a `__validate` method that reports
//! every violation, each with the path of the offending value
//! (`seed_states[3].metrics["loss"]`), the rule and the value.
//!
//! Nothing here allocates unless a rule is violated: the field path is a chain
//! of stack frames ([`FieldPath`]) that is only rendered into a string when a
//! violation is recorded.
//!
//! The functions after [`ValidationErrors`] are the checks generated code
//! calls (through `leyline::__private`); they are public so hand-written
//! [`ProtoType`](crate::ProtoType)s can use them, but are not meant to be
//! called directly otherwise.
//!
//! | file | rules |
//! |---|---|
//! | `numbers` | `const`, `gt`, `gte`, `lt`, `lte`, `in`, `not_in`, `finite` |
//! | `strings` | `min_len`, `max_len`, `len`, `not_empty`, `prefix`, `suffix`, `uuid`, `const`, `in`, `not_in`, `pattern` |
//! | `collections` | bytes lengths, `min_items`, `max_items`, `unique`, `min_pairs`, `max_pairs` |
//! | here | `required`, `defined_only` |
//!
//! The report itself ([`ValidationErrors`], [`Violation`], [`FieldPath`]) is the
//! contract layer's, re-exported here.

use alloc::string::String;
use core::fmt::{Debug, Display, Write as _};

use crate::contract::Enumeration;
pub use crate::contract::{AsPathKey, FieldPath, PathKey, ValidationErrors, Violation};

mod collections;
mod numbers;
mod strings;

pub use collections::{
    bytes_len, bytes_max_len, bytes_min_len, bytes_not_empty, max_items, max_pairs, min_items,
    min_pairs, unique,
};
pub use numbers::{finite, num_const, num_gt, num_gte, num_in, num_lt, num_lte, num_not_in};
pub use strings::{
    is_uuid, str_const, str_in, str_len, str_max_len, str_min_len, str_not_empty, str_not_in,
    str_pattern, str_prefix, str_suffix, str_uuid, Pattern,
};

/// Where a checked value lies: a [`FieldPath`] itself, or a closure that
/// builds one (only called when the rule is broken). Generated code passes the
/// path; a closure suits a hand-written check whose path costs something to
/// build. With the path as a value, every check is instantiated once for all
/// the fields of a crate, instead of once for each closure type.
pub trait AtPath<'p> {
    /// The path.
    fn path(&self) -> FieldPath<'p>;
}

impl<'p> AtPath<'p> for FieldPath<'p> {
    #[inline]
    fn path(&self) -> FieldPath<'p> {
        *self
    }
}

impl<'p, F: Fn() -> FieldPath<'p>> AtPath<'p> for F {
    #[inline]
    fn path(&self) -> FieldPath<'p> {
        self()
    }
}

// ---------------------------------------------------------------------------
// Checks called by generated code. Each returns quickly when the rule holds;
// building the violation is out of line.

pub(crate) fn debug<T: Debug + ?Sized>(value: &T) -> String {
    alloc::format!("{value:?}")
}

pub(crate) fn list<T: Display>(values: &[T]) -> String {
    let mut out = String::from("[");
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{v}");
    }
    out.push(']');
    out
}

/// Records a violation. Out of line and cold, so that a check inlines to its
/// comparison alone and builds nothing (path, message, value) unless it fails.
#[cold]
#[inline(never)]
pub(crate) fn fail<'p>(
    errors: &mut ValidationErrors,
    path: impl AtPath<'p>,
    rule: &'static str,
    message: impl FnOnce() -> String,
    value: impl FnOnce() -> String,
) {
    errors.push(path.path(), rule, message(), value());
}

/// `required`: the field (or oneof) must be set.
#[inline]
pub fn required<'p>(is_set: bool, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
    if !is_set {
        fail(
            errors,
            path,
            "required",
            || String::from("value is required"),
            || String::from("None"),
        );
    }
}

#[inline]
pub fn defined_only<'p, E: Enumeration>(
    value: &E,
    path: impl AtPath<'p>,
    errors: &mut ValidationErrors,
) {
    if !value.is_defined() {
        fail(
            errors,
            path,
            "enum.defined_only",
            || String::from("must be a value the enumeration defines"),
            || alloc::format!("{}", value.value()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_lists_everything() {
        let mut e = ValidationErrors::new();
        let root = FieldPath::ROOT;
        let p = root.field("accuracy");
        num_lte(1.5f32, 1.0, "float.lte", || p, &mut e);
        required(false, || root.field("hardware"), &mut e);
        assert_eq!(
            e.to_string(),
            "2 validation errors: accuracy: must be less than or equal to 1 [float.lte], got 1.5; hardware: value is required [required], got None"
        );
    }
}
