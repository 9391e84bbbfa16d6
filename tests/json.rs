//! The proto3 JSON mapping, field type by field type, on a contract that holds
//! every kind of field (`json_support::All`) and on the Esper contracts:
//! exact output for each form, reading back, the options, serde agreeing with
//! `leyline::json`, borrowed views agreeing with owned values, and every
//! error with its JSON path.

// Test code may panic: a failed expectation is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "json_support.rs"]
mod json_support;

use std::collections::{BTreeMap, HashMap};

use json_support::{all_set, All, Choice, Color, Inner};
use leyline::contracts::{self as c, fixtures};
use leyline::json::{self, JsonErrorKind, JsonOptions, JsonView as _};
use leyline::prost::Message as _;
use leyline::{Any, Contract, Duration, FieldMask, ListValue, Struct, Timestamp, Value};
use prost_types::value::Kind;

fn text(all: &All) -> String {
    json::to_string(all).unwrap()
}

fn read(s: &str) -> All {
    json::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn error(s: &str) -> json::JsonError {
    match json::from_str::<All>(s) {
        Ok(v) => panic!("{s} reads as {v:?}"),
        Err(e) => e,
    }
}

fn one(set: impl FnOnce(&mut All)) -> String {
    let mut all = All::default();
    set(&mut all);
    text(&all)
}

#[test]
fn defaults_are_left_out_and_emitted_on_request() {
    assert_eq!(text(&All::default()), "{}");
    let options = JsonOptions::default().emit_default_values(true);
    let all = json::to_string_with(&All::default(), &options).unwrap();
    // Fields without presence appear; message, optional and oneof fields do not.
    let value: serde_json::Value = serde_json::from_str(&all).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(keys.contains(&"i32") && keys.contains(&"repeatedI32") && keys.contains(&"mapStrI64"));
    assert!(!keys.contains(&"optionalI32") && !keys.contains(&"inner") && !keys.contains(&"text"));
    assert_eq!(value["i64"], "0");
    assert_eq!(value["color"], "COLOR_UNSPECIFIED");
    assert_eq!(value["bytes"], "");
    assert_eq!(value["repeatedI32"], serde_json::json!([]));
    assert_eq!(value["mapStrI64"], serde_json::json!({}));
    assert_eq!(read(&all), All::default());
}

#[test]
fn scalars_take_their_json_forms() {
    assert_eq!(one(|a| a.i32 = -7), r#"{"i32":-7}"#);
    assert_eq!(one(|a| a.u32 = u32::MAX), r#"{"u32":4294967295}"#);
    assert_eq!(
        one(|a| a.i64 = i64::MIN),
        r#"{"i64":"-9223372036854775808"}"#
    );
    assert_eq!(
        one(|a| a.u64 = u64::MAX),
        r#"{"u64":"18446744073709551615"}"#
    );
    assert_eq!(one(|a| a.s32 = -1), r#"{"s32":-1}"#);
    assert_eq!(one(|a| a.s64 = -1), r#"{"s64":"-1"}"#);
    assert_eq!(one(|a| a.fx32 = 1), r#"{"fx32":1}"#);
    assert_eq!(one(|a| a.fx64 = 1), r#"{"fx64":"1"}"#);
    assert_eq!(one(|a| a.sfx32 = -2), r#"{"sfx32":-2}"#);
    assert_eq!(one(|a| a.sfx64 = -2), r#"{"sfx64":"-2"}"#);
    assert_eq!(one(|a| a.f32 = 0.1), r#"{"f32":0.1}"#);
    assert_eq!(one(|a| a.f64 = 0.1), r#"{"f64":0.1}"#);
    assert_eq!(one(|a| a.f64 = 1e300), r#"{"f64":1e+300}"#);
    assert_eq!(one(|a| a.f32 = f32::NAN), r#"{"f32":"NaN"}"#);
    assert_eq!(one(|a| a.f64 = f64::INFINITY), r#"{"f64":"Infinity"}"#);
    assert_eq!(one(|a| a.f64 = f64::NEG_INFINITY), r#"{"f64":"-Infinity"}"#);
    assert_eq!(one(|a| a.flag = true), r#"{"flag":true}"#);
    assert_eq!(
        one(|a| a.text_value = "a\"b\\c\n\u{1}é".into()),
        r#"{"textValue":"a\"b\\c\n\u0001é"}"#
    );
    assert_eq!(one(|a| a.bytes = vec![0xfb, 0xff]), r#"{"bytes":"+/8="}"#);
    assert_eq!(
        one(|a| a.bytes_b = bytes::Bytes::from_static(b"hi")),
        r#"{"bytesB":"aGk="}"#
    );
    assert_eq!(
        one(|a| a.color = Color::Green),
        r#"{"color":"COLOR_GREEN"}"#
    );
    assert_eq!(
        one(|a| a.color = Color::Unrecognized(77)),
        r#"{"color":77}"#
    );
    assert_eq!(one(|a| a.optional_i32 = Some(0)), r#"{"optionalI32":0}"#);
    assert_eq!(
        one(|a| a.optional_color = Some(Color::Unspecified)),
        r#"{"optionalColor":"COLOR_UNSPECIFIED"}"#
    );
}

#[test]
fn numbers_read_from_numbers_and_strings() {
    assert_eq!(read(r#"{"i32":"12"}"#).i32, 12);
    assert_eq!(read(r#"{"i32":1e5}"#).i32, 100_000);
    assert_eq!(read(r#"{"i32":100000.000}"#).i32, 100_000);
    assert_eq!(read(r#"{"i32":-2.147483648e9}"#).i32, i32::MIN);
    assert_eq!(read(r#"{"i64":9223372036854775807}"#).i64, i64::MAX);
    assert_eq!(read(r#"{"i64":"-9223372036854775808"}"#).i64, i64::MIN);
    assert_eq!(read(r#"{"u64":"1.8446744073709551615e19"}"#).u64, u64::MAX);
    assert_eq!(read(r#"{"s64":"2\u0031"}"#).s64, 21);
    assert_eq!(read(r#"{"f32":"1"}"#).f32, 1.0);
    assert_eq!(read(r#"{"f32":3.4028235e38}"#).f32, f32::MAX);
    assert!(read(r#"{"f64":"NaN"}"#).f64.is_nan());
    assert_eq!(read(r#"{"f64":"-Infinity"}"#).f64, f64::NEG_INFINITY);
    assert_eq!(read(r#"{"f64":-0}"#).f64.to_bits(), (-0.0f64).to_bits());
    assert_eq!(read(r#"{"color":2}"#).color, Color::Green);
    assert_eq!(read(r#"{"color":-5}"#).color, Color::Unrecognized(-5));
    assert_eq!(read(r#"{"color":"COLOR_RED"}"#).color, Color::Red);
}

#[test]
fn bytes_read_in_both_base64_alphabets_padded_or_not() {
    for s in ["+/8=", "+/8", "-_8=", "-_8"] {
        assert_eq!(
            read(&format!(r#"{{"bytes":"{s}"}}"#)).bytes,
            vec![0xfb, 0xff],
            "{s}"
        );
    }
    let e = error(r#"{"bytes":"a*b="}"#);
    assert_eq!(
        e.to_string(),
        "bytes: invalid base64: byte 2 of the string is not a base64 digit at line 1 column 10"
    );
    let e = error(r#"{"bytes":"abcde"}"#);
    assert_eq!(*e.kind(), JsonErrorKind::InvalidValue);
}

#[test]
fn names_read_in_both_spellings_once() {
    assert_eq!(read(r#"{"text_value":"x"}"#).text_value, "x");
    assert_eq!(read(r#"{"textValue":"x"}"#).text_value, "x");
    assert_eq!(read(r#"{"text\u0056alue":"x"}"#).text_value, "x");
    let e = error(r#"{"textValue":"x","text_value":"y"}"#);
    assert_eq!(*e.kind(), JsonErrorKind::DuplicateField);
    assert_eq!(
        e.to_string(),
        "field \"textValue\" appears twice (once is allowed, under its JSON name or its proto name) at line 1 column 18"
    );
    let options = JsonOptions::default().proto_field_names(true);
    let all = json::to_string_with(&all_set(), &options).unwrap();
    assert!(
        all.contains("\"text_value\":") && all.contains("\"repeated_i32\":"),
        "{all}"
    );
    assert_eq!(json::from_str::<All>(&all).unwrap(), all_set());
}

#[test]
fn repeated_maps_and_oneofs() {
    let all = All {
        repeated_i32: vec![1, -2],
        repeated_i64: vec![3],
        repeated_text: vec!["a".into(), "".into()],
        repeated_inner: vec![
            Inner {
                a: 1,
                ..Inner::default()
            },
            Inner::default(),
        ],
        repeated_color: vec![Color::Red, Color::Unrecognized(9)],
        map_str_i64: HashMap::from([("k".to_owned(), 5)]),
        map_i32_inner: BTreeMap::from([(
            -1,
            Inner {
                a: 2,
                ..Inner::default()
            },
        )]),
        map_bool_color: HashMap::from([(true, Color::Green)]),
        map_u64_bytes: BTreeMap::from([(7, vec![1u8])]),
        choice: Some(Choice::Number(0)),
        ..All::default()
    };
    assert_eq!(
        text(&all),
        concat!(
            r#"{"mapStrI64":{"k":"5"},"mapI32Inner":{"-1":{"a":2}},"mapBoolColor":{"true":"COLOR_GREEN"},"#,
            r#""mapU64Bytes":{"7":"AQ=="},"repeatedI32":[1,-2],"repeatedI64":["3"],"repeatedText":["a",""],"#,
            r#""repeatedInner":[{"a":1},{}],"repeatedColor":["COLOR_RED",9],"number":"0"}"#
        )
    );
    assert_eq!(read(&text(&all)), all);
    assert_eq!(
        read(r#"{"text":"x"}"#).choice,
        Some(Choice::Text("x".into()))
    );
    assert_eq!(
        read(r#"{"nested":{}}"#).choice,
        Some(Choice::Nested(Inner::default()))
    );
    assert_eq!(
        read(r#"{"number":null,"text":"x"}"#).choice,
        Some(Choice::Text("x".into()))
    );
    assert_eq!(
        read(r#"{"text":"x","number":null}"#).choice,
        Some(Choice::Text("x".into()))
    );
    let e = error(r#"{"text":"x","number":"1"}"#);
    assert_eq!(*e.kind(), JsonErrorKind::DuplicateField);
    assert!(
        e.to_string()
            .starts_with("fields \"text\" and \"number\" belong to the same oneof"),
        "{e}"
    );
    // Null is the default for every field, an error inside arrays and maps.
    assert_eq!(
        read(
            r#"{"i32":null,"inner":null,"repeatedI32":null,"mapStrI64":null,"optionalI32":null,"timestamp":null,"int32Wrapper":null}"#
        ),
        All::default()
    );
    assert_eq!(
        error(r#"{"repeatedI32":[1,null]}"#).to_string(),
        "repeatedI32[1]: null is not allowed as an element of a repeated field at line 1 column 19"
    );
    assert_eq!(
        error(r#"{"mapStrI64":{"a":null}}"#).to_string(),
        "mapStrI64.a: null is not allowed as a map value at line 1 column 19"
    );
    assert_eq!(
        error(r#"{"mapI32Inner":{"x":{}}}"#).to_string(),
        "mapI32Inner: \"x\" is not a valid int32 map key at line 1 column 17"
    );
    assert_eq!(
        error(r#"{"mapStrI64":{"a":"1","a":"2"}}"#).to_string(),
        "mapStrI64: map key \"a\" appears twice at line 1 column 23"
    );
    assert_eq!(
        read(r#"{"mapBoolColor":{"false":1}}"#).map_bool_color,
        HashMap::from([(false, Color::Red)])
    );
}

#[test]
fn well_known_types_take_their_special_forms() {
    let all = All {
        timestamp: Some(Timestamp {
            seconds: 1_736_942_400,
            nanos: 21_000_000,
        }),
        duration: Some(Duration {
            seconds: -1,
            nanos: -500_000_000,
        }),
        mask: Some(FieldMask {
            paths: vec!["a.b_c".into(), "d".into()],
        }),
        structure: Some(Struct {
            fields: BTreeMap::from([
                (
                    "n".to_owned(),
                    Value {
                        kind: Some(Kind::NumberValue(1.5)),
                    },
                ),
                (
                    "z".to_owned(),
                    Value {
                        kind: Some(Kind::NullValue(0)),
                    },
                ),
            ]),
        }),
        value: Some(Value {
            kind: Some(Kind::ListValue(ListValue {
                values: vec![
                    Value {
                        kind: Some(Kind::StringValue("s".into())),
                    },
                    Value {
                        kind: Some(Kind::BoolValue(false)),
                    },
                ],
            })),
        }),
        list: Some(ListValue::default()),
        empty: Some(leyline::Empty::default()),
        int32_wrapper: Some(leyline::Int32Value {
            value: 0,
            ..Default::default()
        }),
        int64_wrapper: Some(leyline::Int64Value {
            value: 5,
            ..Default::default()
        }),
        bytes_wrapper: Some(leyline::BytesValue {
            value: vec![1, 2],
            ..Default::default()
        }),
        string_wrapper: Some(leyline::StringValue {
            value: "w".into(),
            ..Default::default()
        }),
        timestamps: vec![Timestamp {
            seconds: -62_135_596_800,
            nanos: 0,
        }],
        ..All::default()
    };
    assert_eq!(
        text(&all),
        concat!(
            r#"{"timestamp":"2025-01-15T12:00:00.021Z","duration":"-1.500s","mask":"a.bC,d","#,
            r#""structure":{"n":1.5,"z":null},"value":["s",false],"list":[],"empty":{},"#,
            r#""int32Wrapper":0,"int64Wrapper":"5","bytesWrapper":"AQI=","stringWrapper":"w","#,
            r#""timestamps":["0001-01-01T00:00:00Z"]}"#
        )
    );
    assert_eq!(read(&text(&all)), all);
    assert_eq!(
        read(r#"{"value":null}"#).value,
        Some(Value {
            kind: Some(Kind::NullValue(0))
        })
    );
    assert_eq!(
        read(r#"{"timestamp":"1970-01-01T08:00:01+08:00"}"#).timestamp,
        Some(Timestamp {
            seconds: 1,
            nanos: 0
        })
    );
    assert_eq!(
        error(r#"{"timestamp":"2025-13-01T00:00:00Z"}"#).to_string(),
        "timestamp: \"2025-13-01T00:00:00Z\" is not a valid timestamp (expected text such as \"1972-01-01T10:00:20.021Z\") at line 1 column 14"
    );
    assert_eq!(
        error(r#"{"duration":"1"}"#).to_string(),
        "duration: \"1\" is not a valid duration (expected text such as \"1.000340012s\") at line 1 column 13"
    );
    assert_eq!(
        *error(r#"{"mask":"a_b"}"#).kind(),
        JsonErrorKind::InvalidValue
    );
    // Values JSON cannot hold are refused on output, with the path.
    let bad = All {
        repeated_inner: vec![
            Inner::default(),
            Inner {
                at: Some(Timestamp {
                    seconds: i64::MAX,
                    nanos: 0,
                }),
                ..Inner::default()
            },
        ],
        ..All::default()
    };
    let e = json::to_string(&bad).unwrap_err();
    assert_eq!(*e.kind(), JsonErrorKind::Unrepresentable);
    assert_eq!(e.path(), "repeatedInner[1].at");
    let nan = All {
        value: Some(Value {
            kind: Some(Kind::NumberValue(f64::NAN)),
        }),
        ..All::default()
    };
    assert_eq!(
        *json::to_string(&nan).unwrap_err().kind(),
        JsonErrorKind::Unrepresentable
    );
    let mask = All {
        mask: Some(FieldMask {
            paths: vec!["fooBar".into()],
        }),
        ..All::default()
    };
    assert!(json::to_string(&mask).is_err());
}

#[test]
fn any_holds_messages_inline_and_well_known_types_under_value() {
    json::register::<Inner>();
    let inner = Inner {
        a: 3,
        ..Inner::default()
    };
    let all = All {
        any: Some(Any {
            type_url: "type.googleapis.com/leyline.json.v1.Inner".into(),
            value: inner.encode_to_vec(),
        }),
        ..All::default()
    };
    assert_eq!(
        text(&all),
        r#"{"any":{"@type":"type.googleapis.com/leyline.json.v1.Inner","a":3}}"#
    );
    assert_eq!(read(&text(&all)), all);
    // "@type" may come last.
    assert_eq!(
        read(r#"{"any":{"a":3,"@type":"type.googleapis.com/leyline.json.v1.Inner"}}"#),
        all
    );
    let duration = Any {
        type_url: "type.googleapis.com/google.protobuf.Duration".into(),
        value: Duration {
            seconds: 1,
            nanos: 500_000_000,
        }
        .encode_to_vec(),
    };
    let d = All {
        any: Some(duration),
        ..All::default()
    };
    assert_eq!(
        text(&d),
        r#"{"any":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"1.500s"}}"#
    );
    assert_eq!(read(&text(&d)), d);
    assert_eq!(read(r#"{"any":{}}"#).any, Some(Any::default()));
    let e = error(r#"{"any":{"@type":"type.googleapis.com/nope.Nope","a":1}}"#);
    assert_eq!(*e.kind(), JsonErrorKind::UnknownType);
    assert_eq!(e.path(), "any");
    let e = error(r#"{"any":{"a":1}}"#);
    assert!(e.to_string().contains("needs an \"@type\""), "{e}");
    let e = error(r#"{"any":{"@type":"type.googleapis.com/leyline.json.v1.Inner","b":1}}"#);
    assert_eq!(*e.kind(), JsonErrorKind::UnknownField);
}

#[test]
fn unknown_fields_fail_or_are_skipped() {
    let e = error(r#"{"i32":1,"nope":{"a":[1,{"b":null}]}}"#);
    assert_eq!(*e.kind(), JsonErrorKind::UnknownField);
    assert_eq!(
        e.to_string(),
        "unknown field \"nope\": leyline.json.v1.All has no field with this JSON or proto name at line 1 column 10"
    );
    let options = JsonOptions::default().ignore_unknown_fields(true);
    let all: All = json::from_str_with(r#"{"i32":1,"nope":{"a":[1,{"b":null}]},"color":"COLOR_NOPE","repeatedColor":["COLOR_RED","COLOR_NOPE"]}"#, &options).unwrap();
    assert_eq!(
        all,
        All {
            i32: 1,
            repeated_color: vec![Color::Red],
            ..All::default()
        }
    );
    assert!(error(r#"{"color":"COLOR_NOPE"}"#)
        .to_string()
        .contains("is not a value of enum leyline.json.v1.Color"));
}

#[test]
fn syntax_errors_say_where() {
    for (input, message) in [
        ("", "expected an object, got the end of the input at line 1 column 1"),
        ("null", "expected leyline.json.v1.All (a JSON object), got null at line 1 column 1"),
        ("[]", "expected an object, got an array at line 1 column 1"),
        ("{\"i32\":1,}", "expected a key (a string in double quotes), got `}` at line 1 column 10"),
        ("{\"i32\":1 \"u32\":2}", "expected `,` or `}`, got \"u32\" at line 1 column 10"),
        ("{\"i32\":01}", "i32: invalid number: a number has no leading zeros at line 1 column 8"),
        ("{\"i32\":+1}", "i32: expected an integer (int32), got `+` at line 1 column 8"),
        ("{\"i32\":1} x", "trailing characters after the value: `x` at line 1 column 11"),
        ("{'i32':1}", "expected a key (a string in double quotes) or `}`, got `'` at line 1 column 2"),
        ("{\"f32\":NaN}", "f32: expected a number (float), got `NaN` at line 1 column 8"),
        ("{\"flag\":\"true\"}", "flag: expected true or false, got \"true\" at line 1 column 9"),
        ("{\"textValue\":\"\\uD800\"}", "textValue: unpaired UTF-16 surrogate: \\uD800-\\uDBFF must be followed by \\uDC00-\\uDFFF at line 1 column 15"),
        ("{\"textValue\":\"\\uDC00\"}", "textValue: unpaired UTF-16 surrogate: \\uDC00-\\uDFFF must follow \\uD800-\\uDBFF at line 1 column 15"),
        ("{\"textValue\":\"a\u{1}\"}", "textValue: a control character in a string must be escaped at line 1 column 16"),
        ("{\"textValue\":\"abc\\", "textValue: the input ends inside a string at line 1 column 18"),
        ("{\n  \"i32\": 2147483648\n}", "i32: 2147483648 is out of range for int32 at line 2 column 10"),
        ("{\"u32\":-1}", "u32: -1 is out of range for uint32 at line 1 column 8"),
        ("{\"i64\":\"0.5\"}", "i64: \"0.5\" is not an integer, as int64 requires at line 1 column 8"),
        ("{\"i64\":\"3x3\"}", "i64: expected an integer (int64), got \"3x3\" at line 1 column 8"),
        ("{\"f32\":3.5e38}", "f32: 350000000000000000000000000000000000000 is out of range for float at line 1 column 8"),
        ("{\"f64\":1e999}", "f64: 1e999 is out of range for double at line 1 column 8"),
        ("{\"inner\":{\"a\":\"x\"}}", "inner.a: expected an integer (int32), got \"x\" at line 1 column 15"),
    ] {
        let e = error(input);
        assert_eq!(e.to_string(), message, "{input:?}");
    }
    assert!(json::from_slice::<All>(b"{\"textValue\":\"\xff\"}").is_err());
}

#[test]
fn the_recursion_limit_holds_both_ways() {
    let nest = |depth: usize| -> String {
        let mut s = String::from("{\"inner\":");
        for _ in 0..depth {
            s.push_str("{\"child\":");
        }
        s.push_str("{}");
        for _ in 0..depth {
            s.push('}');
        }
        s.push('}');
        s
    };
    // The top message, `inner` and 99 children: 100 levels below the top.
    assert!(json::from_str::<All>(&nest(99)).is_ok());
    let e = json::from_str::<All>(&nest(100)).unwrap_err();
    assert_eq!(*e.kind(), JsonErrorKind::RecursionLimit);
    let options = JsonOptions::default().ignore_unknown_fields(true);
    let deep_unknown = format!("{{\"x\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        *json::from_str_with::<All>(&deep_unknown, &options)
            .unwrap_err()
            .kind(),
        JsonErrorKind::RecursionLimit
    );
    let deep_value = format!("{{\"value\":{}1{}}}", "[".repeat(101), "]".repeat(101));
    assert_eq!(*error(&deep_value).kind(), JsonErrorKind::RecursionLimit);

    let mut deep = Inner::default();
    for _ in 0..101 {
        deep = Inner {
            child: Some(Box::new(deep)),
            ..Inner::default()
        };
    }
    let all = All {
        inner: Some(deep),
        ..All::default()
    };
    assert_eq!(
        *json::to_string(&all).unwrap_err().kind(),
        JsonErrorKind::RecursionLimit
    );
    let options = JsonOptions::default().recursion_limit(200);
    let s = json::to_string_with(&all, &options).unwrap();
    assert_eq!(json::from_str_with::<All>(&s, &options).unwrap(), all);
}

#[test]
fn serde_agrees_with_leyline_json() {
    let all = all_set();
    let ours = json::to_string(&all).unwrap();
    assert_eq!(serde_json::to_string(&all).unwrap(), ours);
    assert_eq!(serde_json::from_str::<All>(&ours).unwrap(), all);
    let value = serde_json::to_value(&all).unwrap();
    assert_eq!(serde_json::from_value::<All>(value).unwrap(), all);
    // Errors reach serde too.
    assert!(serde_json::from_str::<All>(r#"{"nope":1}"#)
        .unwrap_err()
        .to_string()
        .contains("unknown field"));
    assert!(serde_json::from_str::<All>(r#"{"i32":1,"i32":2}"#).is_err());
    for packet in [
        fixtures::system_state_packet_seed_metrics(),
        fixtures::system_state_packet(),
    ] {
        assert_eq!(
            serde_json::to_string(&packet).unwrap(),
            json::to_string(&packet).unwrap()
        );
    }
    let command = fixtures::adaptation_command();
    assert_eq!(
        serde_json::to_string(&command).unwrap(),
        json::to_string(&command).unwrap()
    );
}

#[test]
fn views_write_what_owned_values_write() {
    json::register::<Inner>();
    let all = all_set();
    let bytes = all.encode_to_vec();
    let view = <All as Contract>::decode_view(&bytes).unwrap();
    for options in [
        JsonOptions::default(),
        JsonOptions::default()
            .emit_default_values(true)
            .proto_field_names(true),
        JsonOptions::default().enums_as_numbers(true),
    ] {
        let from_view = view.to_json_with(&options).unwrap();
        let from_owned = json::to_string_with(&all, &options).unwrap();
        let a: serde_json::Value = serde_json::from_str(&from_view).unwrap();
        let b: serde_json::Value = serde_json::from_str(&from_owned).unwrap();
        assert_eq!(a, b);
    }
    assert_eq!(
        json::protobuf_to_string::<All>(&bytes).unwrap(),
        json::to_string(&all).unwrap()
    );
    let e = json::protobuf_to_string::<All>(&[0x0a, 0x05]).unwrap_err();
    assert!(matches!(e.kind(), JsonErrorKind::Decode(_)), "{e}");
    for packet in [
        fixtures::system_state_packet_seed_metrics(),
        fixtures::system_state_packet(),
    ] {
        let bytes = packet.encode_to_vec();
        let view: serde_json::Value = serde_json::from_str(
            &json::protobuf_to_string::<c::SystemStatePacket>(&bytes).unwrap(),
        )
        .unwrap();
        let owned: serde_json::Value =
            serde_json::from_str(&json::to_string(&packet).unwrap()).unwrap();
        assert_eq!(view, owned);
    }
}

#[test]
fn a_map_key_sent_twice_is_written_once_from_a_view() {
    // Two entries with key "a": the owned decode keeps the last.
    let mut bytes = Vec::new();
    for (k, v) in [("a", 1u8), ("b", 2), ("a", 3)] {
        let entry = [vec![0x0a, 1, k.as_bytes()[0]], vec![0x10, v]].concat();
        bytes.extend_from_slice(&[0xaa, 0x01, entry.len() as u8]);
        bytes.extend_from_slice(&entry);
    }
    let owned = All::decode_slice(&bytes).unwrap();
    assert_eq!(
        owned.map_str_i64,
        HashMap::from([("a".to_owned(), 3), ("b".to_owned(), 2)])
    );
    let from_view: serde_json::Value =
        serde_json::from_str(&json::protobuf_to_string::<All>(&bytes).unwrap()).unwrap();
    assert_eq!(
        from_view,
        serde_json::json!({"mapStrI64": {"a": "3", "b": "2"}})
    );
    // And past the in-place limit (17 keys, each sent twice).
    let mut bytes = Vec::new();
    for round in 0..2u8 {
        for k in b'a'..b'a' + 17 {
            let entry = [vec![0x0a, 1, k], vec![0x10, round + 1]].concat();
            bytes.extend_from_slice(&[0xaa, 0x01, entry.len() as u8]);
            bytes.extend_from_slice(&entry);
        }
    }
    let view: serde_json::Value =
        serde_json::from_str(&json::protobuf_to_string::<All>(&bytes).unwrap()).unwrap();
    let owned: serde_json::Value =
        serde_json::from_str(&json::to_string(&All::decode_slice(&bytes).unwrap()).unwrap())
            .unwrap();
    assert_eq!(view, owned);
    assert_eq!(view["mapStrI64"].as_object().unwrap().len(), 17);
}

#[test]
fn every_option_round_trips_the_full_contract() {
    json::register::<Inner>();
    let all = all_set();
    for options in [
        JsonOptions::default(),
        JsonOptions::default().proto_field_names(true),
        JsonOptions::default().emit_default_values(true),
        JsonOptions::default().enums_as_numbers(true),
    ] {
        let s = json::to_string_with(&all, &options).unwrap();
        assert_eq!(json::from_str::<All>(&s).unwrap(), all, "{options:?}: {s}");
        let v = json::to_vec_with(&all, &options).unwrap();
        assert_eq!(v, s.as_bytes());
        let mut w = Vec::new();
        json::to_writer_with(&mut w, &all, &options).unwrap();
        assert_eq!(w, s.as_bytes());
        assert_eq!(json::from_slice::<All>(&v).unwrap(), all);
    }
    let numbers =
        json::to_string_with(&all, &JsonOptions::default().enums_as_numbers(true)).unwrap();
    assert!(numbers.contains("\"color\":1"), "{numbers}");
}

#[test]
fn the_esper_contracts_round_trip() {
    let packet = fixtures::system_state_packet_seed_metrics();
    let s = json::to_string(&packet).unwrap();
    assert_eq!(json::from_str::<c::SystemStatePacket>(&s).unwrap(), packet);
    assert!(s.contains(r#""timestampNs":"1736942400000000000""#), "{s}");
    assert!(s.contains(r#""stage":"SEED_STAGE_GERMINATING""#), "{s}");
    let command = fixtures::adaptation_command();
    let s = json::to_string(&command).unwrap();
    assert!(s.contains(r#""issuedAt":"2025-01-15T12:00:00Z""#), "{s}");
    assert_eq!(json::from_str::<c::AdaptationCommand>(&s).unwrap(), command);
    let envelope = fixtures::event_envelope();
    let s = json::to_string(&envelope).unwrap();
    assert!(s.contains(r#""ttl":"30s""#), "{s}");
    assert_eq!(json::from_str::<c::EventEnvelope>(&s).unwrap(), envelope);
    // The example of the issue: a clear error naming the JSON path.
    let bad = r#"{"seedStates":[{},{},{},{"metrics":{"loss":"x"}}]}"#;
    assert_eq!(
        json::from_str::<c::SystemStatePacket>(bad)
            .unwrap_err()
            .to_string(),
        r#"seedStates[3].metrics.loss: expected a number (float), got "x" at line 1 column 44"#
    );
}
