//! proto3 JSON values at their edges, through the public API: `null` (the
//! default for most fields, a value for `google.protobuf.Value` and
//! `NullValue`, an error as a repeated element or a map value), empty
//! repeated and map fields written when defaults are asked for, timestamps
//! and durations just outside their rules, field masks that are not strings
//! or not lowerCamelCase, integers written with exponents, and `Value`s that
//! serde cannot take. Every refusal has its kind and says what is wrong.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use leyline::json::{self, JsonErrorKind, JsonOptions};
use leyline::prost::Message as _;
use leyline::{Contract as _, Duration, FieldMask, NullValue, Timestamp, Value};

#[leyline::oneof]
pub enum Pick {
    #[leyline(field = 8)]
    Num(u32),
    #[leyline(field = 9)]
    Text(String),
}

#[leyline::message(package = "leyline.cov.v1")]
pub struct Nulls {
    #[leyline(field = 1)]
    pub nothing: NullValue,
    #[leyline(field = 2)]
    pub maybe_nothing: Option<NullValue>,
    #[leyline(field = 3)]
    pub opt: Option<u32>,
    #[leyline(field = 4)]
    pub list: Vec<u32>,
    #[leyline(field = 5)]
    pub map: BTreeMap<String, u32>,
    #[leyline(field = 6)]
    pub value: Option<Value>,
    #[leyline(field = 7)]
    pub values: Vec<Value>,
    #[leyline(oneof)]
    pub pick: Option<Pick>,
    #[leyline(field = 10)]
    pub by_name: BTreeMap<String, Value>,
    #[leyline(field = 11)]
    pub small: i32,
    #[leyline(field = 12)]
    pub flag: bool,
}

/// Nested every way a JSON error path can name.
#[leyline::message(package = "leyline.cov.v1")]
pub struct Tree {
    #[leyline(field = 1)]
    pub child: Option<Box<Tree>>,
    #[leyline(field = 2)]
    pub leaves: Vec<Tree>,
    #[leyline(field = 3)]
    pub by: BTreeMap<String, Tree>,
    #[leyline(field = 4)]
    pub n: i32,
}

fn read(text: &str) -> Result<Nulls, json::JsonError> {
    json::from_str::<Nulls>(text)
}

fn null_value() -> Value {
    json::from_str::<Value>("null").unwrap()
}

#[test]
fn null_is_the_default_except_where_it_is_a_value() {
    let nulls = read(
        r#"{"nothing":null,"maybeNothing":null,"opt":null,"list":null,"map":null,
            "value":null,"values":[null],"num":null,"byName":{"k":null},"small":null}"#,
    )
    .unwrap();
    assert_eq!(
        nulls,
        Nulls {
            // A NullValue field holds its one value; so does an optional one.
            maybe_nothing: Some(NullValue::NullValue),
            // A Value's null is a value.
            value: Some(null_value()),
            values: vec![null_value()],
            by_name: BTreeMap::from([("k".to_owned(), null_value())]),
            ..Nulls::default()
        }
    );
    // Written back: the nulls that are values, and nothing else.
    let text = json::to_string(&nulls).unwrap();
    assert_eq!(
        text,
        r#"{"maybeNothing":null,"value":null,"values":[null],"byName":{"k":null}}"#
    );
    assert_eq!(serde_json::to_string(&nulls).unwrap(), text);
    let bytes = nulls.encode_to_vec();
    let view = Nulls::decode_view(&bytes).unwrap();
    assert_eq!(json::view_to_string(&view).unwrap(), text);
    assert_eq!(json::protobuf_to_string::<Nulls>(&bytes).unwrap(), text);
}

#[test]
fn null_as_an_element_or_a_map_value_is_refused() {
    let err = read(r#"{"list":[1,null]}"#).unwrap_err();
    assert_eq!(*err.kind(), JsonErrorKind::UnexpectedType, "{err}");
    assert_eq!(err.path(), "list[1]");
    assert!(
        err.message().contains("an element of a repeated field"),
        "{err}"
    );
    let err = read(r#"{"map":{"a":1,"b c":null}}"#).unwrap_err();
    assert_eq!(*err.kind(), JsonErrorKind::UnexpectedType, "{err}");
    assert_eq!(err.path(), "map[\"b c\"]");
    assert!(err.message().contains("a map value"), "{err}");
    // The position is the first found (the null), not the field's.
    let (line, column) = err.position().unwrap();
    assert_eq!((line, column), (1, 21));
}

#[test]
fn defaults_asked_for_include_empty_lists_maps_and_null() {
    let options = JsonOptions::default().emit_default_values(true);
    let text = json::to_string_with(&Nulls::default(), &options).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["nothing"], serde_json::Value::Null);
    assert_eq!(value["list"], serde_json::json!([]));
    assert_eq!(value["map"], serde_json::json!({}));
    assert_eq!(value["byName"], serde_json::json!({}));
    assert_eq!(value["small"], serde_json::json!(0));
    assert_eq!(
        json::from_str_with::<Nulls>(&text, &options).unwrap(),
        Nulls::default()
    );
    let bytes = Nulls::default().encode_to_vec();
    let view = Nulls::decode_view(&bytes).unwrap();
    assert_eq!(json::JsonView::to_json_with(&view, &options).unwrap(), text);
}

#[test]
fn integers_may_be_written_with_exponents_within_range() {
    assert_eq!(read(r#"{"small":1e2}"#).unwrap().small, 100);
    assert_eq!(read(r#"{"small":1.5e1}"#).unwrap().small, 15);
    assert_eq!(read(r#"{"small":-2.0}"#).unwrap().small, -2);
    for text in [
        r#"{"small":1e21}"#,
        r#"{"small":3e9}"#,
        r#"{"small":1.5}"#,
        r#"{"small":1.}"#,
        r#"{"small":-}"#,
    ] {
        let err = read(text).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                JsonErrorKind::InvalidValue | JsonErrorKind::Syntax
            ),
            "{text}: {err}"
        );
        assert_eq!(err.path(), "small", "{text}: {err}");
    }
}

fn timestamp(text: &str) -> Result<Timestamp, json::JsonError> {
    json::from_str::<Timestamp>(&format!("\"{text}\""))
}

#[test]
fn timestamps_outside_the_clock_or_with_bad_offsets_are_refused() {
    assert_eq!(
        timestamp("1970-01-01T05:30:00+05:30").unwrap(),
        Timestamp::default()
    );
    assert_eq!(
        timestamp("1970-01-01T00:00:00-01:00").unwrap().seconds,
        3600
    );
    for text in [
        "1970-01-01T00:60:00Z",
        "1970-01-01T00:00:60Z",
        "1970-01-01T00:00:00+24:00",
        "1970-01-01T00:00:00+05:60",
        "1970-01-01T00:00:00+0530",
        "1970-01-01T00:00:00+05-30",
        "1970-01-01T00:00:00",
    ] {
        let err = timestamp(text).unwrap_err();
        assert_eq!(*err.kind(), JsonErrorKind::InvalidValue, "{text}: {err}");
        assert!(err.message().contains(text), "{text}: {err}");
    }
}

#[test]
fn durations_outside_their_rules_are_refused_both_ways() {
    for (d, reason) in [
        (
            Duration {
                seconds: 1,
                nanos: 1_000_000_000,
            },
            "duration 1s 1000000000ns is outside ±315576000000.999999999s",
        ),
        (
            Duration {
                seconds: 1,
                nanos: -1,
            },
            "duration 1s -1ns has seconds and nanos of different signs",
        ),
        (
            Duration {
                seconds: -1,
                nanos: 1,
            },
            "duration -1s 1ns has seconds and nanos of different signs",
        ),
    ] {
        let err = json::to_string(&d).unwrap_err();
        assert_eq!(*err.kind(), JsonErrorKind::Unrepresentable);
        assert_eq!(err.message(), reason);
    }
    assert_eq!(
        json::to_string(&Duration {
            seconds: 0,
            nanos: -5
        })
        .unwrap(),
        "\"-0.000000005s\""
    );
    for text in ["s", "-s", "1234567890123s", "1.s", "1.5", "315576000001s"] {
        let err = json::from_str::<Duration>(&format!("\"{text}\"")).unwrap_err();
        assert_eq!(*err.kind(), JsonErrorKind::InvalidValue, "{text}: {err}");
    }
}

#[test]
fn field_masks_are_lower_camel_case_strings() {
    assert_eq!(
        json::from_str::<FieldMask>(r#""""#).unwrap(),
        FieldMask::default()
    );
    assert_eq!(
        json::from_str::<FieldMask>(r#""a.bC,d""#).unwrap().paths,
        ["a.b_c", "d"]
    );
    let err = json::from_str::<FieldMask>("5").unwrap_err();
    assert_eq!(*err.kind(), JsonErrorKind::UnexpectedType, "{err}");
    assert!(err.message().contains("a field mask as a string"), "{err}");
    let err = json::from_str::<FieldMask>(r#""a_b""#).unwrap_err();
    assert_eq!(*err.kind(), JsonErrorKind::InvalidValue);
    assert_eq!(
        err.message(),
        "\"a_b\" is not a valid field mask: paths are lowerCamelCase, without `_`"
    );
}

#[test]
fn serde_refuses_values_json_cannot_hold() {
    let no_kind = Nulls {
        value: Some(Value::default()),
        ..Nulls::default()
    };
    let err = serde_json::to_string(&no_kind).unwrap_err().to_string();
    assert_eq!(err, "google.protobuf.Value has no kind set");
    assert_eq!(
        *json::to_string(&no_kind).unwrap_err().kind(),
        JsonErrorKind::Unrepresentable
    );
    let nan: Value = json::from_str("1").unwrap();
    let mut bytes = nan.encode_to_vec();
    // Field 2 (number_value) is a double: make it NaN.
    let at = bytes.len() - 8;
    bytes[at..].copy_from_slice(&f64::NAN.to_le_bytes());
    let nan = Value::decode(bytes.as_slice()).unwrap();
    let holder = Nulls {
        values: vec![nan],
        ..Nulls::default()
    };
    let err = serde_json::to_string(&holder).unwrap_err().to_string();
    assert_eq!(
        err,
        "google.protobuf.Value cannot hold NaN: JSON numbers are finite"
    );
}

#[test]
fn error_paths_name_fields_indexes_and_keys() {
    let err = json::from_str::<Tree>(
        r#"{"child":{"leaves":[{},{"by":{"k":{"by":{"two words":{"n":"x"}}}}}]}}"#,
    )
    .unwrap_err();
    assert_eq!(err.path(), "child.leaves[1].by.k.by[\"two words\"].n");
    assert!(
        err.to_string()
            .starts_with("child.leaves[1].by.k.by[\"two words\"].n: "),
        "{err}"
    );
    let err = json::from_str::<Tree>(r#"{"by":{"":{"n":true}}}"#).unwrap_err();
    assert_eq!(err.path(), "by[\"\"].n");
}

#[test]
fn malformed_json_is_a_syntax_error_at_its_position() {
    for (text, column) in [
        (r#"{,"small":1}"#, 2),
        (r#"{"small":1,}"#, 12),
        (r#"{"list":[,1]}"#, 10),
        (r#"{"list":[1,]}"#, 12),
        (r#"{"flag":tru}"#, 9),
        (r#"{"flag":fals}"#, 9),
    ] {
        let err = read(text).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                JsonErrorKind::Syntax | JsonErrorKind::UnexpectedType
            ),
            "{text}: {err:?}"
        );
        assert_eq!(err.position(), Some((1, column)), "{text}: {err}");
    }
    // A string that is not even a valid string, where a bool belongs.
    let err = read(r#"{"flag":"\q"}"#).unwrap_err();
    assert!(err.message().contains("an invalid string"), "{err}");
}

#[test]
fn ignored_unknown_fields_are_still_checked_as_json() {
    let options = JsonOptions::default().ignore_unknown_fields(true);
    let nulls = json::from_str_with::<Nulls>(
        r#"{"other":-1.5e3,"more":[true,false,null,{"x":"y"}],"small":3}"#,
        &options,
    )
    .unwrap();
    assert_eq!(nulls.small, 3);
    for text in [r#"{"other":nul}"#, r#"{"other":+1}"#, r#"{"other":[1,]}"#] {
        let err = json::from_str_with::<Nulls>(text, &options).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                JsonErrorKind::Syntax | JsonErrorKind::UnexpectedType
            ),
            "{text}: {err:?}"
        );
    }
    // Without the option, the first unknown field is the error.
    let err = read(r#"{"other":1}"#).unwrap_err();
    assert_eq!(*err.kind(), JsonErrorKind::UnknownField);
}
