//! What validation reports: [`ValidationErrors`], each [`Violation`] with the
//! [`FieldPath`] of the offending value. The rules themselves are checked by
//! `leyline::validate`, over the contract traits; this vocabulary sits with
//! the traits because [`Contract::validate`](super::Contract::validate) returns it.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Debug, Display, Write as _};

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
}
