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

use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::fmt::{self, Debug, Display, Write as _};
use std::sync::OnceLock;

use crate::traits::Enumeration;

/// Every rule a value broke, in the order they were found.
#[derive(Clone, Default, PartialEq)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// Where the value is, from the validated message: `seed_states[3].metrics["loss"]`.
    pub path: String,
    /// The rule, as protovalidate names it: `float.gte`, `string.max_len`,
    /// `repeated.min_items`, `map.max_pairs`, `enum.defined_only`, `required`.
    pub rule: &'static str,
    /// What the rule asks, in words: `must be less than or equal to 1`.
    pub message: String,
    /// The offending value, as Rust prints it with `{:?}` (for collection
    /// rules, the number of items).
    pub value: String,
    /// Whether the rule is about a map key (`path` then names the entry).
    pub for_key: bool,
}

impl ValidationErrors {
    /// No violations.
    pub const fn new() -> Self {
        ValidationErrors {
            violations: Vec::new(),
        }
    }

    /// Whether no rule was broken.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// How many rules were broken.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// The violations, in the order they were found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Iterates over the violations.
    pub fn iter(&self) -> core::slice::Iter<'_, Violation> {
        self.violations.iter()
    }

    /// `Ok(())` when there are no violations, else `Err(self)`.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// Records a violation at `path`.
    #[cold]
    #[inline(never)]
    pub fn push(
        &mut self,
        path: FieldPath<'_>,
        rule: &'static str,
        message: String,
        value: String,
    ) {
        self.violations.push(Violation {
            path: path.render(),
            rule,
            message,
            value,
            for_key: path.is_key(),
        });
    }
}

impl IntoIterator for ValidationErrors {
    type Item = Violation;
    type IntoIter = alloc::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.violations.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a Violation;
    type IntoIter = core::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}

impl Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(message)"
        } else {
            &self.path
        };
        let key = if self.for_key { " (map key)" } else { "" };
        write!(
            f,
            "{path}{key}: {} [{}], got {}",
            self.message, self.rule, self.value
        )
    }
}

impl Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.violations.len() {
            0 => return f.write_str("no validation errors"),
            1 => f.write_str("1 validation error: ")?,
            n => write!(f, "{n} validation errors: ")?,
        }
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            Display::fmt(v, f)?;
        }
        Ok(())
    }
}

impl Debug for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.violations).finish()
    }
}

impl std::error::Error for ValidationErrors {}

/// The path from the validated message to a value, as a chain of frames on the
/// stack (one per nesting level), rendered only when a rule is broken.
#[derive(Debug, Clone, Copy)]
pub struct FieldPath<'a> {
    parent: Option<&'a FieldPath<'a>>,
    segment: Segment<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Root,
    Field(&'static str),
    Index(usize),
    /// The value of a map entry.
    Value(PathKey<'a>),
    /// The key of a map entry.
    Key(PathKey<'a>),
}

/// A map key as it appears in a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKey<'a> {
    /// A string key, printed quoted.
    Str(&'a str),
    /// A signed integer key.
    Int(i64),
    /// An unsigned integer key.
    Uint(u64),
    /// A bool key.
    Bool(bool),
}

impl<'a> FieldPath<'a> {
    /// The validated message itself.
    pub const ROOT: FieldPath<'static> = FieldPath {
        parent: None,
        segment: Segment::Root,
    };

    /// The field `name` (its proto name) of the message at this path.
    #[inline]
    pub fn field(&'a self, name: &'static str) -> FieldPath<'a> {
        FieldPath {
            parent: Some(self),
            segment: Segment::Field(name),
        }
    }

    /// Element `index` of the repeated field at this path.
    #[inline]
    pub fn index(&'a self, index: usize) -> FieldPath<'a> {
        FieldPath {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// The value under `key` in the map field at this path.
    #[inline]
    pub fn value(&'a self, key: PathKey<'a>) -> FieldPath<'a> {
        FieldPath {
            parent: Some(self),
            segment: Segment::Value(key),
        }
    }

    /// The key `key` itself in the map field at this path.
    #[inline]
    pub fn key(&'a self, key: PathKey<'a>) -> FieldPath<'a> {
        FieldPath {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    /// Whether the path ends at a map key.
    pub fn is_key(&self) -> bool {
        matches!(self.segment, Segment::Key(_))
    }

    /// The path as text: `seed_states[3].metrics["loss"]`; empty for the root.
    pub fn render(&self) -> String {
        let mut frames = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            frames.push(p.segment);
            at = p.parent;
        }
        let mut out = String::new();
        for segment in frames.iter().rev() {
            match segment {
                Segment::Root => {}
                Segment::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Segment::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
                Segment::Value(k) | Segment::Key(k) => {
                    let _ = match k {
                        PathKey::Str(s) => write!(out, "[{s:?}]"),
                        PathKey::Int(n) => write!(out, "[{n}]"),
                        PathKey::Uint(n) => write!(out, "[{n}]"),
                        PathKey::Bool(b) => write!(out, "[{b}]"),
                    };
                }
            }
        }
        out
    }
}

impl Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// The map key types, as they appear in a path.
pub trait AsPathKey {
    /// This key in a path.
    fn as_path_key(&self) -> PathKey<'_>;
}

impl AsPathKey for String {
    #[inline]
    fn as_path_key(&self) -> PathKey<'_> {
        PathKey::Str(self)
    }
}

impl AsPathKey for bool {
    #[inline]
    fn as_path_key(&self) -> PathKey<'_> {
        PathKey::Bool(*self)
    }
}

macro_rules! int_keys {
    ($($ty:ty => $variant:ident($as:ty)),*) => {$(
        impl AsPathKey for $ty {
            #[inline]
            fn as_path_key(&self) -> PathKey<'_> {
                PathKey::$variant(<$as>::from(*self))
            }
        }
    )*};
}
int_keys!(u32 => Uint(u64), u64 => Uint(u64), i32 => Int(i64), i64 => Int(i64));

// ---------------------------------------------------------------------------
// Checks called by generated code. Each returns quickly when the rule holds;
// building the violation is out of line.

fn debug<T: Debug + ?Sized>(value: &T) -> String {
    alloc::format!("{value:?}")
}

fn list<T: Display>(values: &[T]) -> String {
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
fn fail<'p>(
    errors: &mut ValidationErrors,
    path: impl FnOnce() -> FieldPath<'p>,
    rule: &'static str,
    message: impl FnOnce() -> String,
    value: impl FnOnce() -> String,
) {
    errors.push(path(), rule, message(), value());
}

/// `required`: the field (or oneof) must be set.
#[inline]
pub fn required<'p>(is_set: bool, path: impl Fn() -> FieldPath<'p>, errors: &mut ValidationErrors) {
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

/// Numeric `const`.
#[inline]
pub fn num_const<'p, T: PartialEq + Copy + Debug + Display>(
    value: T,
    expected: T,
    rule: &'static str,
    path: impl Fn() -> FieldPath<'p>,
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
    path: impl Fn() -> FieldPath<'p>,
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
    path: impl Fn() -> FieldPath<'p>,
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
    path: impl Fn() -> FieldPath<'p>,
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
    path: impl Fn() -> FieldPath<'p>,
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
    path: impl Fn() -> FieldPath<'p>,
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
    path: impl Fn() -> FieldPath<'p>,
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
    path: impl Fn() -> FieldPath<'p>,
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
    path: impl Fn() -> FieldPath<'p>,
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

/// The number of characters of `s` when it is needed to compare with `n`:
/// bytes bound characters from above, and a quarter of the bytes from below.
#[inline]
fn chars_cmp(s: &str, n: usize) -> Ordering {
    if s.len() < n {
        return Ordering::Less;
    }
    if s.len() / 4 > n {
        return Ordering::Greater;
    }
    s.chars().count().cmp(&n)
}

/// String `min_len`, in characters.
#[inline]
pub fn str_min_len<'p>(
    s: &str,
    n: usize,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
    if chars_cmp(s, n).is_lt() {
        fail(
            errors,
            path,
            "string.min_len",
            || alloc::format!("must be at least {n} characters"),
            || debug(s),
        );
    }
}

/// String `max_len`, in characters.
#[inline]
pub fn str_max_len<'p>(
    s: &str,
    n: usize,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
    if s.len() > n && chars_cmp(s, n).is_gt() {
        fail(
            errors,
            path,
            "string.max_len",
            || alloc::format!("must be at most {n} characters"),
            || debug(s),
        );
    }
}

/// String `len`, in characters.
#[inline]
pub fn str_len<'p>(
    s: &str,
    n: usize,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
    if chars_cmp(s, n).is_ne() {
        fail(
            errors,
            path,
            "string.len",
            || alloc::format!("must be {n} characters"),
            || debug(s),
        );
    }
}

/// String `not_empty`.
#[inline]
pub fn str_not_empty<'p>(s: &str, path: impl Fn() -> FieldPath<'p>, errors: &mut ValidationErrors) {
    if s.is_empty() {
        fail(
            errors,
            path,
            "string.not_empty",
            || String::from("must not be empty"),
            || debug(s),
        );
    }
}

/// String `prefix`.
#[inline]
pub fn str_prefix<'p>(
    s: &str,
    prefix: &str,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
    if !s.starts_with(prefix) {
        fail(
            errors,
            path,
            "string.prefix",
            || alloc::format!("must start with {prefix:?}"),
            || debug(s),
        );
    }
}

/// String `suffix`.
#[inline]
pub fn str_suffix<'p>(
    s: &str,
    suffix: &str,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
    if !s.ends_with(suffix) {
        fail(
            errors,
            path,
            "string.suffix",
            || alloc::format!("must end with {suffix:?}"),
            || debug(s),
        );
    }
}

/// String `uuid`: the canonical 8-4-4-4-12 hexadecimal form (either case).
#[inline]
pub fn str_uuid<'p>(s: &str, path: impl Fn() -> FieldPath<'p>, errors: &mut ValidationErrors) {
    if !is_uuid(s) {
        fail(
            errors,
            path,
            "string.uuid",
            || String::from("must be a UUID (8-4-4-4-12 hexadecimal digits)"),
            || debug(s),
        );
    }
}

/// String `const`.
#[inline]
pub fn str_const<'p>(
    s: &str,
    expected: &str,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
    if s != expected {
        fail(
            errors,
            path,
            "string.const",
            || alloc::format!("must equal {expected:?}"),
            || debug(s),
        );
    }
}

/// String `in`.
#[inline]
pub fn str_in<'p>(
    s: &str,
    allowed: &[&str],
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
    if !allowed.contains(&s) {
        fail(
            errors,
            path,
            "string.in",
            || alloc::format!("must be in list {allowed:?}"),
            || debug(s),
        );
    }
}

/// String `not_in`.
#[inline]
pub fn str_not_in<'p>(
    s: &str,
    denied: &[&str],
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
    if denied.contains(&s) {
        fail(
            errors,
            path,
            "string.not_in",
            || alloc::format!("must not be in list {denied:?}"),
            || debug(s),
        );
    }
}

/// A regular expression compiled the first time it is needed. Generated code
/// keeps one in a `static` per `pattern` rule. Patterns are checked when the
/// contract compiles, so compiling them here does not fail in practice; if it
/// ever did (the `regex` crate's size limits), every value is reported as not
/// matching rather than panicking.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// A pattern, compiled on first use.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as written.
    pub const fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `s` contains a match (protovalidate's `matches`: unanchored).
    pub fn is_match(&self, s: &str) -> bool {
        self.compiled
            .get_or_init(|| regex::Regex::new(self.source).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(s))
    }
}

/// String `pattern`.
#[inline]
pub fn str_pattern<'p>(
    s: &str,
    pattern: &Pattern,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
    if !pattern.is_match(s) {
        fail(
            errors,
            path,
            "string.pattern",
            || alloc::format!("must match the pattern {:?}", pattern.source),
            || debug(s),
        );
    }
}

/// Bytes `min_len`.
#[inline]
pub fn bytes_min_len<'p>(
    b: &[u8],
    n: usize,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
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
pub fn bytes_max_len<'p>(
    b: &[u8],
    n: usize,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
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
pub fn bytes_len<'p>(
    b: &[u8],
    n: usize,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
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
pub fn bytes_not_empty<'p>(
    b: &[u8],
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
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

/// `defined_only`: the enumeration value is one the enumeration declares.
#[inline]
pub fn defined_only<'p, E: Enumeration>(
    value: &E,
    path: impl Fn() -> FieldPath<'p>,
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

fn items(n: usize) -> String {
    alloc::format!("{n} item{}", if n == 1 { "" } else { "s" })
}

/// Repeated `min_items`.
#[inline]
pub fn min_items<'p>(
    len: usize,
    n: usize,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
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
pub fn max_items<'p>(
    len: usize,
    n: usize,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
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
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
    for (i, v) in values.iter().enumerate().skip(1) {
        if values[..i].contains(v) {
            let parent = path();
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
pub fn min_pairs<'p>(
    len: usize,
    n: usize,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
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
pub fn max_pairs<'p>(
    len: usize,
    n: usize,
    path: impl Fn() -> FieldPath<'p>,
    errors: &mut ValidationErrors,
) {
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

/// Whether `s` is a UUID in canonical form: 36 characters, hexadecimal digits
/// (either case) in groups of 8-4-4-4-12 separated by hyphens. Any version and
/// variant are accepted, the nil UUID included.
#[inline]
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 36 || b[8] != b'-' || b[13] != b'-' || b[18] != b'-' || b[23] != b'-' {
        return false;
    }
    // The 32 digits as four words of eight, checked eight at a time.
    let word = |x: &[u8], y: &[u8]| {
        let mut w = [0u8; 8];
        w[..x.len()].copy_from_slice(x);
        w[x.len()..].copy_from_slice(y);
        u64::from_le_bytes(w)
    };
    hex8(word(&b[..8], &[]))
        && hex8(word(&b[9..13], &b[14..18]))
        && hex8(word(&b[19..23], &b[24..28]))
        && hex8(word(&b[28..36], &[]))
}

/// Whether all eight bytes of `w` are hexadecimal digits. Each byte is
/// compared with the bounds of `0-9` and (lower-cased) `a-f` by adding the
/// distance to 0x80 and reading its high bit; with every byte below 0x80 no
/// sum carries into the next byte.
#[inline]
fn hex8(w: u64) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn splat(b: u8) -> u64 {
        u64::from_ne_bytes([b; 8])
    }
    // High bit of each byte set where the byte is at least `lo`.
    const fn at_least(x: u64, lo: u8) -> u64 {
        x.wrapping_add(splat(0x80 - lo))
    }
    if w & HIGH != 0 {
        return false;
    }
    let digit = at_least(w, b'0') & !at_least(w, b'9' + 1);
    let lower = w | splat(0x20);
    let letter = at_least(lower, b'a') & !at_least(lower, b'f' + 1);
    (digit | letter) & HIGH == HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_protovalidate() {
        let root = FieldPath::ROOT;
        let seeds = root.field("seed_states");
        let third = seeds.index(3);
        let metrics = third.field("metrics");
        let loss = metrics.value(PathKey::Str("loss"));
        assert_eq!(loss.render(), r#"seed_states[3].metrics["loss"]"#);
        assert_eq!(root.render(), "");
        let k = metrics.key(PathKey::Int(-2));
        assert_eq!(k.render(), "seed_states[3].metrics[-2]");
        assert!(k.is_key());
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(is_uuid("123E4567-E89B-12D3-A456-426614174000"));
        assert!(is_uuid("00000000-0000-0000-0000-000000000000"));
        assert!(!is_uuid("123e4567e89b12d3a456426614174000"));
        assert!(!is_uuid("123e4567-e89b-12d3-a456-42661417400"));
        assert!(!is_uuid("123e4567-e89b-12d3-a456-4266141740000"));
        assert!(!is_uuid("g23e4567-e89b-12d3-a456-426614174000"));
        assert!(!is_uuid("123e4567-e89b-12d3-a456_426614174000"));
        assert!(!is_uuid("{23e4567-e89b-12d3-a456-426614174000}"));
        assert!(!is_uuid("123e4567-e89b-12d3-a4560426614174000-"));
        // every byte value in every digit position
        let good = *b"123e4567-e89b-12d3-a456-426614174000";
        for pos in (0..36).filter(|p| ![8, 13, 18, 23].contains(p)) {
            for byte in 0..=255u8 {
                let mut s = good;
                s[pos] = byte;
                let expected = byte.is_ascii_hexdigit();
                match std::str::from_utf8(&s) {
                    Ok(s) => assert_eq!(is_uuid(s), expected, "{pos} {byte:#x}"),
                    Err(_) => assert!(!expected),
                }
            }
        }
    }

    #[test]
    fn string_lengths_count_characters() {
        let mut e = ValidationErrors::new();
        let p = FieldPath::ROOT;
        // 3 characters, 9 bytes
        str_max_len("日本語", 3, || p, &mut e);
        str_min_len("日本語", 3, || p, &mut e);
        str_len("日本語", 3, || p, &mut e);
        assert!(e.is_empty(), "{e}");
        str_max_len("日本語", 2, || p, &mut e);
        str_min_len("日本語", 4, || p, &mut e);
        str_len("日本語", 4, || p, &mut e);
        assert_eq!(e.len(), 3);
        let rules: Vec<_> = e.iter().map(|v| v.rule).collect();
        assert_eq!(rules, ["string.max_len", "string.min_len", "string.len"]);
    }

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

    #[test]
    fn unique_reports_each_repeat() {
        let mut e = ValidationErrors::new();
        let root = FieldPath::ROOT;
        let p = root.field("tags");
        unique(&["a", "b", "a", "a"], || p, &mut e);
        let paths: Vec<_> = e.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["tags[2]", "tags[3]"]);
    }

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
