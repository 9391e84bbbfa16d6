//! The size-bound arithmetic of `leyline::size`, called at run time. Generated
//! code calls these functions in constants (so a test binary never runs them);
//! here each is checked against the wire format by hand, with the unbounded
//! (`None`) and overflowing cases, and `assert_max_size`'s message.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use leyline::size::{
    add, assert_max_size, bytes_value, field, len_delimited, map, max, mul, repeated, string_value,
};

#[test]
fn unbounded_and_overflow_absorb() {
    assert_eq!(add(Some(2), Some(3)), Some(5));
    assert_eq!(add(None, Some(3)), None);
    assert_eq!(add(Some(2), None), None);
    assert_eq!(add(Some(usize::MAX), Some(1)), None);
    assert_eq!(max(Some(2), Some(7)), Some(7));
    assert_eq!(max(Some(9), Some(7)), Some(9));
    assert_eq!(max(None, Some(7)), None);
    assert_eq!(mul(Some(4), 8), Some(32));
    assert_eq!(mul(None, 8), None);
    assert_eq!(mul(Some(usize::MAX / 2 + 1), 2), None);
    assert_eq!(len_delimited(None), None);
    assert_eq!(len_delimited(Some(usize::MAX)), None);
    assert_eq!(string_value(usize::MAX / 2), None);
}

#[test]
fn records_are_counted_as_the_wire_writes_them() {
    // A one-byte length prefix up to 127, two bytes from 128.
    assert_eq!(len_delimited(Some(0)), Some(1));
    assert_eq!(len_delimited(Some(127)), Some(128));
    assert_eq!(len_delimited(Some(128)), Some(130));
    // Keys: one byte up to field 15, two from 16.
    assert_eq!(field(15, Some(3)), Some(4));
    assert_eq!(field(16, Some(3)), Some(5));
    assert_eq!(field(1, None), None);
    // 10 characters of at most 4 bytes each, and their prefix.
    assert_eq!(string_value(10), Some(41));
    assert_eq!(bytes_value(300), Some(302));
    // Packed: one key, one prefix, the elements; unpacked: a key per element.
    assert_eq!(repeated(1, true, Some(4), 8), Some(1 + 1 + 32));
    assert_eq!(repeated(1, false, Some(4), 8), Some(8 * (1 + 4)));
    assert_eq!(repeated(1, true, None, 8), None);
    // No elements allowed: nothing written, bounded or not.
    assert_eq!(repeated(1, false, None, 0), Some(0));
    // An entry: key 1 and value 2 inside a length-delimited record.
    let entry = 1 + 6 + 1 + 5;
    assert_eq!(map(3, Some(6), Some(5), 2), Some(2 * (1 + 1 + entry)));
    assert_eq!(map(3, None, Some(5), 2), None);
    assert_eq!(map(3, None, None, 0), Some(0));
}

/// The panic message of `assert_max_size`, or `None` when it returns.
fn max_size_message(bound: Option<usize>, max_size: usize, message: &str) -> Option<String> {
    std::panic::catch_unwind(|| assert_max_size(bound, max_size, message))
        .err()
        .map(|payload| {
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .expect("a text panic")
        })
}

#[test]
fn a_bound_over_max_size_names_both_numbers() {
    assert_eq!(max_size_message(Some(512), 512, "Probe"), None);
    assert_eq!(max_size_message(None, 512, "Probe"), None);
    assert_eq!(
        max_size_message(Some(1_234_567), 512, "Probe").as_deref(),
        Some(
            "message `Probe` may encode to 1234567 bytes, more than its max_size of 512: \
             lower max_len, max_items or max_pairs on its fields, or raise max_size to 1234567"
        )
    );
    assert_eq!(
        max_size_message(Some(10), 0, "Zero").as_deref(),
        Some(
            "message `Zero` may encode to 10 bytes, more than its max_size of 0: \
             lower max_len, max_items or max_pairs on its fields, or raise max_size to 10"
        )
    );
}

#[test]
fn a_message_too_long_for_the_buffer_is_cut_or_replaced() {
    // ASCII: cut at the buffer's 512 bytes, still text.
    let long = "L".repeat(600);
    let text = max_size_message(Some(600), 1, &long).unwrap();
    assert_eq!(text.len(), 512);
    assert!(text.starts_with("message `LLL"));
    // Cut inside a two-byte character: the generic message instead.
    let accents = "é".repeat(300);
    assert_eq!(
        max_size_message(Some(600), 1, &accents).as_deref(),
        Some("the static size bound of a message exceeds its max_size")
    );
}
