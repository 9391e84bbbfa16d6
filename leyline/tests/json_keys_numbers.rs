//! proto3 JSON map keys and numbers at their edges: integer keys must be
//! plain decimal (no sign alone, no leading zero, no fraction), bool keys
//! are `true` or `false`, a key given twice is named; doubles accept the
//! quoted special values and refuse what overflows, with a message that
//! tells a number out of range from text that is no number; quoted
//! integers follow the rules of unquoted ones; the serde path writes the
//! special values as leyline does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use leyline::json::{self, JsonErrorKind};

#[leyline::message(package = "leyline.cov.v1")]
pub struct Keys {
    #[leyline(field = 1)]
    pub by_int: BTreeMap<i32, u32>,
    #[leyline(field = 2)]
    pub by_bool: BTreeMap<bool, u32>,
    #[leyline(field = 3)]
    pub by_u64: BTreeMap<u64, u32>,
    #[leyline(field = 4)]
    pub ratio: f64,
    #[leyline(field = 5)]
    pub count: i64,
    #[leyline(field = 6)]
    pub small: f32,
}

fn read(text: &str) -> Result<Keys, json::JsonError> {
    json::from_str::<Keys>(text)
}

#[test]
fn integer_keys_are_plain_decimal() {
    let keys =
        read(r#"{"byInt":{"-7":1,"0":2,"42":3},"byU64":{"18446744073709551615":4}}"#).unwrap();
    assert_eq!(keys.by_int, BTreeMap::from([(-7, 1), (0, 2), (42, 3)]));
    assert_eq!(keys.by_u64, BTreeMap::from([(u64::MAX, 4)]));
    for key in [
        "",
        "-",
        "01",
        "-01",
        "1.0",
        "1e3",
        "+1",
        " 1",
        "2147483648",
        "x",
    ] {
        let err = read(&format!(r#"{{"byInt":{{"{key}":1}}}}"#)).unwrap_err();
        assert_eq!(*err.kind(), JsonErrorKind::InvalidValue, "{key:?}: {err}");
        assert!(
            err.message().contains("is not a valid int32 map key"),
            "{key:?}: {err}"
        );
    }
    let err = read(r#"{"byU64":{"-1":1}}"#).unwrap_err();
    assert!(err.message().contains("uint64 map key"), "{err}");
    let err = read(&format!(r#"{{"byU64":{{"{}":1}}}}"#, "9".repeat(21))).unwrap_err();
    assert_eq!(*err.kind(), JsonErrorKind::InvalidValue, "{err}");
}

#[test]
fn bool_keys_are_true_or_false_and_keys_given_twice_are_named() {
    let keys = read(r#"{"byBool":{"true":1,"false":0}}"#).unwrap();
    assert_eq!(keys.by_bool, BTreeMap::from([(false, 0), (true, 1)]));
    let text = json::to_string(&keys).unwrap();
    assert_eq!(text, r#"{"byBool":{"false":0,"true":1}}"#);
    assert_eq!(serde_json::to_string(&keys).unwrap(), text);
    let err = read(r#"{"byBool":{"yes":1}}"#).unwrap_err();
    assert!(err.message().contains("\"yes\" is not a valid"), "{err}");
    for (text, shown) in [
        (
            r#"{"byBool":{"true":1,"true":2}}"#,
            "map key \"true\" appears twice",
        ),
        (
            r#"{"byBool":{"false":1,"false":2}}"#,
            "map key \"false\" appears twice",
        ),
        (
            r#"{"byInt":{"-3":1,"-3":2}}"#,
            "map key \"-3\" appears twice",
        ),
    ] {
        let err = read(text).unwrap_err();
        assert_eq!(*err.kind(), JsonErrorKind::DuplicateField, "{text}: {err}");
        assert!(err.message().contains(shown), "{text}: {err}");
    }
}

#[test]
fn doubles_take_quoted_special_values_and_refuse_overflow() {
    assert!(read(r#"{"ratio":"NaN"}"#).unwrap().ratio.is_nan());
    assert_eq!(
        read(r#"{"ratio":"Infinity"}"#).unwrap().ratio,
        f64::INFINITY
    );
    assert_eq!(
        read(r#"{"ratio":"-Infinity"}"#).unwrap().ratio,
        f64::NEG_INFINITY
    );
    assert_eq!(read(r#"{"ratio":"2.5e3"}"#).unwrap().ratio, 2500.0);
    for (text, message) in [
        (r#"{"ratio":1e400}"#, "1e400 is out of range for double"),
        (
            r#"{"ratio":"1e400"}"#,
            "\"1e400\" is out of range for double",
        ),
        (
            r#"{"ratio":"1."}"#,
            "expected a number (double), got \"1.\"",
        ),
        (
            r#"{"ratio":"infinity"}"#,
            "expected a number (double), got \"infinity\"",
        ),
        (r#"{"small":1e39}"#, "out of range for float"),
    ] {
        let err = read(text).unwrap_err();
        assert_eq!(*err.kind(), JsonErrorKind::InvalidValue, "{text}: {err}");
        assert!(err.message().contains(message), "{text}: {err}");
    }
}

#[test]
fn quoted_integers_follow_the_rules_of_unquoted_ones() {
    assert_eq!(read(r#"{"count":"-12"}"#).unwrap().count, -12);
    assert_eq!(read(r#"{"count":"1e3"}"#).unwrap().count, 1000);
    assert_eq!(read(r#"{"count":1.0e1}"#).unwrap().count, 10);
    for text in [
        r#"{"count":"1e20"}"#,
        r#"{"count":1e20}"#,
        r#"{"count":"9223372036854775808"}"#,
        r#"{"count":"1.5"}"#,
        r#"{"count":"1."}"#,
        r#"{"count":"abc"}"#,
    ] {
        let err = read(text).unwrap_err();
        assert_eq!(*err.kind(), JsonErrorKind::InvalidValue, "{text}: {err}");
        assert_eq!(err.path(), "count", "{text}");
    }
}

/// Found by `fuzz/` (the `json` target): a mantissa near `u64::MAX` times
/// 10^20 overflowed the 128-bit product (a panic with overflow checks, a
/// wrapped and possibly accepted value without). Every such integer is out
/// of range, quoted or not, and names its field; the largest that fit are
/// still read.
#[test]
fn integers_whose_digits_times_their_exponent_overflow_are_out_of_range() {
    for (text, path) in [
        (r#"{"count":9999999999999990000e20}"#, "count"),
        (
            r#"{"count":999999999999999000000000000000000000000}"#,
            "count",
        ),
        (r#"{"count":"18446744073709551615e20"}"#, "count"),
        (r#"{"count":-18446744073709551615e20}"#, "count"),
        (r#"{"byU64":{"18446744073709551615e20":1}}"#, "byU64"),
    ] {
        let err = read(text).unwrap_err();
        assert_eq!(*err.kind(), JsonErrorKind::InvalidValue, "{text}: {err}");
        assert_eq!(err.path(), path, "{text}");
    }
    assert_eq!(
        read(r#"{"count":9223372036854775807}"#).unwrap().count,
        i64::MAX
    );
    assert_eq!(
        read(r#"{"count":9.223372036854775807e18}"#).unwrap().count,
        i64::MAX
    );
    assert_eq!(
        read(r#"{"byU64":{"18446744073709551615":1}}"#)
            .unwrap()
            .by_u64,
        BTreeMap::from([(u64::MAX, 1)])
    );
}

#[test]
fn serde_writes_special_floats_as_leyline_does() {
    for (ratio, small) in [
        (f64::INFINITY, f32::NAN),
        (f64::NEG_INFINITY, f32::INFINITY),
        (f64::NAN, f32::NEG_INFINITY),
        (-0.0, 1.5),
    ] {
        let keys = Keys {
            ratio,
            small,
            ..Keys::default()
        };
        let ours = json::to_string(&keys).unwrap();
        assert_eq!(serde_json::to_string(&keys).unwrap(), ours);
    }
    let keys = Keys {
        ratio: f64::INFINITY,
        small: f32::NAN,
        ..Keys::default()
    };
    assert_eq!(
        json::to_string(&keys).unwrap(),
        r#"{"ratio":"Infinity","small":"NaN"}"#
    );
}

#[test]
fn struct_errors_are_named_by_key() {
    // A key first in the path: quoted when it is not a plain word.
    let err = json::from_str::<leyline::Struct>(r#"{"a b":{"c":[1,{"d":tru}]}}"#).unwrap_err();
    assert_eq!(*err.kind(), JsonErrorKind::UnexpectedType, "{err}");
    assert_eq!(err.path(), r#"["a b"].c[1].d"#);
    assert_eq!(err.position(), Some((1, 21)));
    let err = json::from_str::<leyline::Struct>(r#"{"ok":1e400}"#).unwrap_err();
    assert_eq!(*err.kind(), JsonErrorKind::InvalidValue, "{err}");
    assert_eq!(err.path(), "ok");
    assert!(err.to_string().starts_with("ok: "), "{err}");
    // Letters, digits, `_` and `-` make a plain key; anything else is quoted.
    let err = json::from_str::<leyline::Struct>(r#"{"a_b-1":{"c.d":{"e":tru}}}"#).unwrap_err();
    assert_eq!(err.path(), r#"a_b-1["c.d"].e"#);
}

#[test]
fn a_failing_writer_is_an_io_error_and_nothing_is_written_for_a_bad_message() {
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let keys = Keys {
        count: 3,
        ..Keys::default()
    };
    let err = json::to_writer(Broken, &keys).unwrap_err();
    assert_eq!(*err.kind(), JsonErrorKind::Io);
    assert_eq!(err.message(), "cannot write: disk full");
    let mut out = Vec::new();
    json::to_writer(&mut out, &keys).unwrap();
    assert_eq!(out, br#"{"count":"3"}"#);
}
