//! Static size bounds: the most bytes a message that passes validation can
//! encode to, computed at compile time.
//!
//! Every contract has [`Contract::MAX_ENCODED_LEN`](crate::Contract::MAX_ENCODED_LEN):
//! `Some(n)` when each of its fields is bounded, `None` otherwise. A field is
//! bounded when
//!
//! - it holds a number, a bool or an enumeration (a varint takes at most 10
//!   bytes, a fixed-width value 4 or 8);
//! - it holds a string with `max_len`, `len` or `uuid` (a string of `max_len`
//!   characters takes at most `4 × max_len` bytes of UTF-8, since protovalidate
//!   counts `max_len` in characters; `uuid` fixes 36 bytes), or bytes with
//!   `max_len` or `len`;
//! - it is repeated with `max_items`, or a map with `max_pairs`, and its
//!   elements (keys and values) are bounded;
//! - it holds a message whose own bound exists (a `Box`ed message, the way a
//!   recursion is written, has none), or a `Timestamp` or `Duration`;
//! - it is a oneof whose every variant is bounded (the bound is the largest).
//!
//! A contract with an unknown-field store has no bound: what it carries is not
//! in the schema. The bound counts every field as present, so it is reached by
//! the message whose every field holds a largest value.
//!
//! `#[leyline::message(max_size = N)]` sets [`Contract::MAX_SIZE`](crate::Contract::MAX_SIZE),
//! the limit the guarded codec enforces for the message; when the static bound
//! exists and exceeds `N`, the contract does not compile.
//!
//! The functions here are `const` so generated code can compute the bounds in
//! constants; `None` stands for "unbounded" and absorbs (an overflow is `None` too).

use crate::wire::{key_len, varint_len};

/// `a + b`, `None` if either is unbounded.
pub const fn add(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(a), Some(b)) => a.checked_add(b),
        _ => None,
    }
}

/// The larger of two bounds, `None` if either is unbounded.
pub const fn max(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if a > b { a } else { b }),
        _ => None,
    }
}

/// `a × n`, `None` if `a` is unbounded.
pub const fn mul(a: Option<usize>, n: usize) -> Option<usize> {
    match a {
        Some(a) => a.checked_mul(n),
        None => None,
    }
}

/// A length-delimited value: the length prefix and the payload.
pub const fn len_delimited(payload: Option<usize>) -> Option<usize> {
    match payload {
        Some(p) => p.checked_add(varint_len(p as u64)),
        None => None,
    }
}

/// One field record: the key of field `tag` and a value.
pub const fn field(tag: u32, value: Option<usize>) -> Option<usize> {
    add(Some(key_len(tag)), value)
}

/// A string value of at most `max_chars` characters (4 bytes of UTF-8 each at most).
pub const fn string_value(max_chars: usize) -> Option<usize> {
    match max_chars.checked_mul(4) {
        Some(bytes) => len_delimited(Some(bytes)),
        None => None,
    }
}

/// A bytes value (or a string) of at most `max_bytes` bytes.
pub const fn bytes_value(max_bytes: usize) -> Option<usize> {
    len_delimited(Some(max_bytes))
}

/// A repeated field of at most `max_items` elements, packed or not.
pub const fn repeated(
    tag: u32,
    packed: bool,
    value: Option<usize>,
    max_items: usize,
) -> Option<usize> {
    if max_items == 0 {
        return Some(0);
    }
    if packed {
        field(tag, len_delimited(mul(value, max_items)))
    } else {
        mul(field(tag, value), max_items)
    }
}

/// A map field of at most `max_pairs` entries; `key` and `value` bound one
/// key and one value (each is written with a one-byte key inside the entry).
pub const fn map(
    tag: u32,
    key: Option<usize>,
    value: Option<usize>,
    max_pairs: usize,
) -> Option<usize> {
    if max_pairs == 0 {
        return Some(0);
    }
    let entry = add(field(1, key), field(2, value));
    mul(field(tag, len_delimited(entry)), max_pairs)
}

/// Fails compilation (from a constant) when the static bound of a message
/// exceeds its `max_size`, naming both numbers.
///
/// Generated code calls it only to initialise a constant, where a panic is a
/// compile error pointing at `max_size`; it never runs in a program.
#[doc(hidden)]
#[track_caller]
// The panic is the compile error: this runs in const evaluation only.
#[allow(clippy::panic)]
pub const fn assert_max_size(bound: Option<usize>, max_size: usize, message: &str) {
    let Some(bound) = bound else { return };
    if bound <= max_size {
        return;
    }
    let mut text = Text::new();
    text.push("message `");
    text.push(message);
    text.push("` may encode to ");
    text.push_number(bound);
    text.push(" bytes, more than its max_size of ");
    text.push_number(max_size);
    text.push(": lower max_len, max_items or max_pairs on its fields, or raise max_size to ");
    text.push_number(bound);
    match text.as_str() {
        Some(s) => panic!("{}", s),
        None => panic!("the static size bound of a message exceeds its max_size"),
    }
}

/// A fixed buffer for building a message in a constant.
struct Text {
    buf: [u8; 512],
    len: usize,
}

impl Text {
    const fn new() -> Self {
        Text {
            buf: [0; 512],
            len: 0,
        }
    }

    const fn push(&mut self, s: &str) {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() && self.len < self.buf.len() {
            self.buf[self.len] = b[i];
            self.len += 1;
            i += 1;
        }
    }

    const fn push_number(&mut self, mut n: usize) {
        let mut digits = [0u8; 20];
        let mut k = 0;
        loop {
            digits[k] = b'0' + (n % 10) as u8;
            n /= 10;
            k += 1;
            if n == 0 {
                break;
            }
        }
        while k > 0 && self.len < self.buf.len() {
            k -= 1;
            self.buf[self.len] = digits[k];
            self.len += 1;
        }
    }

    const fn as_str(&self) -> Option<&str> {
        let (head, _) = self.buf.split_at(self.len);
        match core::str::from_utf8(head) {
            Ok(s) => Some(s),
            Err(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_absorbs_unbounded_and_overflow() {
        assert_eq!(add(Some(1), Some(2)), Some(3));
        assert_eq!(add(Some(1), None), None);
        assert_eq!(add(Some(usize::MAX), Some(1)), None);
        assert_eq!(max(Some(1), Some(5)), Some(5));
        assert_eq!(mul(Some(3), 4), Some(12));
        assert_eq!(mul(Some(usize::MAX), 2), None);
    }

    #[test]
    fn field_shapes() {
        // uint64 field 1: key 1 byte + 10 bytes
        assert_eq!(field(1, Some(10)), Some(11));
        // string of 3 characters: 12 bytes + 1 byte prefix
        assert_eq!(string_value(3), Some(13));
        // 200 bytes need a 2-byte prefix
        assert_eq!(bytes_value(200), Some(202));
        // packed 4 floats: key, prefix, 16 bytes
        assert_eq!(repeated(1, true, Some(4), 4), Some(18));
        // 2 unpacked strings of 13 bytes: (1 + 13) * 2
        assert_eq!(repeated(1, false, Some(13), 2), Some(28));
        assert_eq!(repeated(1, false, None, 0), Some(0));
        // map<uint32, uint32>, 2 entries: (1 + 1 + (1 + 5) * 2) * 2
        assert_eq!(map(1, Some(5), Some(5), 2), Some(28));
    }
}
