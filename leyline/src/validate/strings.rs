//! Rules on strings, lengths counted in characters; `uuid`; `pattern`.

use alloc::string::String;
use core::cmp::Ordering;
use std::sync::OnceLock;

use super::{debug, fail, AtPath};
use crate::contract::ValidationErrors;

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
pub fn str_min_len<'p>(s: &str, n: usize, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
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
pub fn str_max_len<'p>(s: &str, n: usize, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
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
pub fn str_len<'p>(s: &str, n: usize, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
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
pub fn str_not_empty<'p>(s: &str, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
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
pub fn str_prefix<'p>(s: &str, prefix: &str, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
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
pub fn str_suffix<'p>(s: &str, suffix: &str, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
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
pub fn str_uuid<'p>(s: &str, path: impl AtPath<'p>, errors: &mut ValidationErrors) {
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
    path: impl AtPath<'p>,
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
pub fn str_in<'p>(s: &str, allowed: &[&str], path: impl AtPath<'p>, errors: &mut ValidationErrors) {
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
    path: impl AtPath<'p>,
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
    path: impl AtPath<'p>,
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
    use crate::contract::FieldPath;

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
}
