//! `google.protobuf.Any` in JSON (type URLs, the type registry, the errors of
//! both directions), and the serde path: `Serialize` agrees with
//! `leyline::json` for every JSON shape an `Any` can hold, and `Deserialize`
//! takes the values of any serde data model (128-bit integers, options,
//! non-string keys, non-finite floats, deep nesting) and refuses what proto3
//! JSON refuses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::sync::Arc;

use leyline::json::{self, AnyEntry, JsonErrorKind, JsonOptions, TypeRegistry};
use leyline::{Any, Contract as _, Duration};
use prost::Message as _;
use serde::de::value::{Error as DeError, MapDeserializer};
use serde::de::{IntoDeserializer, Visitor};
use serde::Deserialize as _;

/// A contract with the fields whose JSON the serde path has to agree on.
#[leyline::message(package = "leyline.cov.v1")]
pub struct Holder {
    #[leyline(field = 1)]
    pub any: Option<Any>,
    #[leyline(field = 2)]
    pub flag: bool,
    #[leyline(field = 3)]
    pub count: i64,
    #[leyline(field = 4)]
    pub ratio: f64,
    #[leyline(field = 5)]
    pub small: f32,
    #[leyline(field = 6)]
    pub ids: Vec<u32>,
    #[leyline(field = 7)]
    pub by_id: BTreeMap<u32, String>,
    #[leyline(field = 8)]
    pub anys: Vec<Any>,
}

/// Registered nowhere but in the registries the tests build.
#[leyline::message(package = "leyline.cov.v1")]
pub struct Ping {
    #[leyline(field = 1)]
    pub sequence: u64,
}

/// Registered process-wide by one test only (through `register_all`).
#[leyline::message(package = "leyline.cov.v1")]
pub struct Pong {
    #[leyline(field = 1)]
    pub label: String,
}

fn any_of(type_url: &str, value: Vec<u8>) -> Any {
    Any {
        type_url: type_url.to_owned(),
        value,
    }
}

fn wkt_url(name: &str) -> String {
    format!("type.googleapis.com/google.protobuf.{name}")
}

// ---------------------------------------------------------------------------
// The type registry

#[test]
fn registry_entries_name_their_type_and_registries_combine() {
    let inline = AnyEntry::inline::<Ping>();
    assert_eq!(inline.type_name(), "leyline.cov.v1.Ping");
    assert_eq!(format!("{inline:?}"), r#"AnyEntry("leyline.cov.v1.Ping")"#);
    let well_known = AnyEntry::well_known::<Duration>();
    assert_eq!(well_known.type_name(), "google.protobuf.Duration");

    // The well-known types, in name order, and nothing else.
    let wkt = TypeRegistry::default();
    let names: Vec<&str> = wkt.type_names().collect();
    assert_eq!(names.len(), 17, "{names:?}");
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    assert!(names.iter().all(|n| n.starts_with("google.protobuf.")));
    assert!(!wkt.contains("leyline.cov.v1.Ping"));

    let mut mine = TypeRegistry::new().with::<Ping>();
    mine.register::<Ping>(); // again is harmless
    assert_eq!(mine.type_names().count(), 18);
    let mut other = TypeRegistry::new();
    other.register::<Pong>();
    mine.extend(&other);
    assert!(mine.contains("leyline.cov.v1.Ping"));
    assert!(mine.contains("leyline.cov.v1.Pong"));
    assert_eq!(mine.type_names().count(), 19);
}

#[test]
fn register_all_makes_types_known_process_wide() {
    let pong = any_of(
        "type.googleapis.com/leyline.cov.v1.Pong",
        Pong { label: "x".into() }.encode_to_vec(),
    );
    let holder = Holder {
        any: Some(pong),
        ..Holder::default()
    };
    // Only this test registers Pong in the global registry.
    assert_eq!(
        *json::to_string(&holder).unwrap_err().kind(),
        JsonErrorKind::UnknownType
    );
    assert!(!json::global_registry().contains("leyline.cov.v1.Pong"));
    json::register_all(&TypeRegistry::new().with::<Pong>());
    assert!(json::global_registry().contains("leyline.cov.v1.Pong"));
    let text = json::to_string(&holder).unwrap();
    assert_eq!(
        text,
        r#"{"any":{"@type":"type.googleapis.com/leyline.cov.v1.Pong","label":"x"}}"#
    );
    assert_eq!(json::from_str::<Holder>(&text).unwrap(), holder);
}

// ---------------------------------------------------------------------------
// Writing an Any: the type URL must name a registered type

#[test]
fn writing_an_any_whose_url_names_no_type_is_unrepresentable() {
    for url in ["no-slash-at-all", "type.googleapis.com/"] {
        let holder = Holder {
            any: Some(any_of(url, vec![8, 1])),
            ..Holder::default()
        };
        let err = json::to_string(&holder).unwrap_err();
        assert_eq!(*err.kind(), JsonErrorKind::Unrepresentable, "{err}");
        assert_eq!(
            err.to_string(),
            format!(
                "any: google.protobuf.Any has type URL \"{url}\", which names no type \
                 (expected \"type.googleapis.com/package.Message\")"
            )
        );
    }
}

#[test]
fn an_any_with_bytes_but_no_type_url_is_unrepresentable() {
    let holder = Holder {
        any: Some(any_of("", vec![8, 1])),
        ..Holder::default()
    };
    let err = json::to_string(&holder).unwrap_err();
    assert_eq!(*err.kind(), JsonErrorKind::Unrepresentable, "{err}");
    assert!(
        err.message()
            .contains("has type URL \"\", which names no type"),
        "{err}"
    );
}

#[test]
fn writing_an_unregistered_any_names_the_url_quoted_and_shortened() {
    // Quotes, backslashes, newlines and control characters are escaped;
    // past 60 characters the URL is cut.
    let url = format!("a\"b\\c\nd\u{1}/{}", "x".repeat(80));
    let holder = Holder {
        any: Some(any_of(&url, vec![])),
        ..Holder::default()
    };
    let err = json::to_string(&holder).unwrap_err();
    assert_eq!(*err.kind(), JsonErrorKind::UnknownType);
    let shown = format!("\"a\\\"b\\\\c\\nd\\u0001/{}...\"", "x".repeat(51));
    assert_eq!(
        err.message(),
        format!(
            "google.protobuf.Any holds {shown}, which is not in the type registry \
             (register it with leyline::json::register)"
        )
    );
    assert_eq!(err.path(), "any");
    // Debug shows the same parts.
    let debug = format!("{err:?}");
    assert!(
        debug.starts_with("JsonError { kind: UnknownType"),
        "{debug}"
    );
    assert!(debug.contains("path: \"any\""), "{debug}");
    assert!(std::error::Error::source(&err).is_none());
}

#[test]
fn an_empty_any_is_an_empty_object_both_ways() {
    let holder = Holder {
        any: Some(Any::default()),
        ..Holder::default()
    };
    let text = json::to_string(&holder).unwrap();
    assert_eq!(text, r#"{"any":{}}"#);
    assert_eq!(json::from_str::<Holder>(&text).unwrap(), holder);
    assert_eq!(serde_json::to_string(&holder).unwrap(), text);
    // Its view writes the same.
    let bytes = holder.encode_to_vec();
    let view = Holder::decode_view(&bytes).unwrap();
    assert_eq!(json::view_to_string(&view).unwrap(), text);
}

#[test]
fn a_packed_message_that_does_not_decode_is_a_decode_error() {
    let registry = Arc::new(TypeRegistry::new().with::<Ping>());
    let options = JsonOptions::default().registry(registry);
    // Field 1 says varint, but the bytes end inside it.
    let holder = Holder {
        any: Some(any_of(
            "type.googleapis.com/leyline.cov.v1.Ping",
            vec![8, 0x80],
        )),
        ..Holder::default()
    };
    let err = json::to_string_with(&holder, &options).unwrap_err();
    assert!(
        matches!(err.kind(), JsonErrorKind::Decode(_)),
        "{:?}",
        err.kind()
    );
    assert!(std::error::Error::source(&err).is_some());
}

// ---------------------------------------------------------------------------
// Reading an Any

fn read_err(text: &str) -> json::JsonError {
    json::from_str::<Holder>(text).unwrap_err()
}

#[test]
fn reading_an_any_checks_its_type_key() {
    let err = read_err(r#"{"any":{"@type":"x/a.B","@type":"x/a.B"}}"#);
    assert_eq!(*err.kind(), JsonErrorKind::DuplicateField);
    assert!(err.message().contains("\"@type\" appears twice"), "{err}");

    let err = read_err(r#"{"any":{"@type":5}}"#);
    assert_eq!(*err.kind(), JsonErrorKind::UnexpectedType, "{err}");
    assert!(
        err.message().contains("a type URL string for \"@type\""),
        "{err}"
    );

    let err = read_err(r#"{"any":{"value":"1s"}}"#);
    assert_eq!(*err.kind(), JsonErrorKind::InvalidValue);
    assert!(
        err.message()
            .contains("google.protobuf.Any needs an \"@type\" key naming the type it holds"),
        "{err}"
    );
    assert_eq!(err.position(), Some((1, 8)));

    let err = read_err(r#"{"any":{"@type":"nothing-here"}}"#);
    assert_eq!(*err.kind(), JsonErrorKind::InvalidValue);
    assert!(
        err.message()
            .starts_with("\"nothing-here\" is not a type URL"),
        "{err}"
    );

    let err = read_err(r#"{"any":{"@type":"type.googleapis.com/leyline.cov.v1.Ping"}}"#);
    assert_eq!(*err.kind(), JsonErrorKind::UnknownType);
    assert!(
        err.message().contains(
            "\"type.googleapis.com/leyline.cov.v1.Ping\", which is not in the type registry"
        ),
        "{err}"
    );
}

#[test]
fn reading_a_well_known_any_checks_its_value_key() {
    let url = wkt_url("Duration");
    let err = read_err(&format!(
        r#"{{"any":{{"@type":"{url}","value":"1s","value":"2s"}}}}"#
    ));
    assert_eq!(*err.kind(), JsonErrorKind::DuplicateField);
    assert!(err.message().contains("\"value\" appears twice"), "{err}");

    let err = read_err(&format!(r#"{{"any":{{"@type":"{url}","seconds":1}}}}"#));
    assert_eq!(*err.kind(), JsonErrorKind::UnknownField, "{err}");

    // "value": null is the default Duration; "@type" may come last.
    let holder: Holder =
        json::from_str(&format!(r#"{{"any":{{"value":null,"@type":"{url}"}}}}"#)).unwrap();
    assert_eq!(
        holder.any,
        Some(any_of(&url, Duration::default().encode_to_vec()))
    );
    let holder: Holder =
        json::from_str(&format!(r#"{{"any":{{"value":"1.5s","@type":"{url}"}}}}"#)).unwrap();
    let packed = holder.any.unwrap();
    assert_eq!(
        Duration::decode(packed.value.as_slice()).unwrap(),
        Duration {
            seconds: 1,
            nanos: 500_000_000
        }
    );
}

// ---------------------------------------------------------------------------
// serde: Serialize

/// An Any holding a `google.protobuf.Value` list with every JSON shape.
fn every_shape() -> Holder {
    let value: leyline::Value =
        json::from_str(r#"[1, true, false, null, -3, 0.5, 1e300, "s\"", {"k": [[]]}, []]"#)
            .unwrap();
    let any = any_of(&wkt_url("Value"), value.encode_to_vec());
    let strukt: leyline::Struct = json::from_str(r#"{"a": {"b": -7}, "c": []}"#).unwrap();
    Holder {
        any: Some(any),
        flag: true,
        count: -9,
        ratio: f64::NAN,
        small: f32::NEG_INFINITY,
        ids: vec![1, 2],
        by_id: BTreeMap::from([(3, "three".to_owned()), (1, "one".to_owned())]),
        anys: vec![
            any_of(&wkt_url("Struct"), strukt.encode_to_vec()),
            any_of(
                &wkt_url("Duration"),
                Duration {
                    seconds: 3,
                    nanos: 0,
                }
                .encode_to_vec(),
            ),
        ],
    }
}

#[test]
fn serialize_agrees_with_leyline_json_for_every_shape_an_any_holds() {
    let holder = every_shape();
    let ours = json::to_string(&holder).unwrap();
    assert_eq!(serde_json::to_string(&holder).unwrap(), ours);
    assert!(
        ours.contains(r#""ratio":"NaN","small":"-Infinity""#),
        "{ours}"
    );
    assert!(
        ours.contains(r#"[1.0,true,false,null,-3.0,0.5,1e+300,"s\"",{"k":[[]]},[]]"#),
        "{ours}"
    );
    // And back through serde's own data model.
    let value = serde_json::to_value(&holder).unwrap();
    let back = Holder::deserialize(value).unwrap();
    assert_eq!(back.encode_to_vec(), holder.encode_to_vec());
    // The Any holding an unregistered type is a serde error, with leyline's message.
    let bad = Holder {
        any: Some(any_of("type.googleapis.com/leyline.cov.v1.Ping", vec![])),
        ..Holder::default()
    };
    let err = serde_json::to_string(&bad).unwrap_err().to_string();
    assert!(err.contains("which is not in the type registry"), "{err}");
}

/// Registered process-wide by one test only: an Any holding it is written
/// inline, with JSON integers (not quoted, unlike 64-bit fields).
#[leyline::message(package = "leyline.cov.v1")]
pub struct Signed {
    #[leyline(field = 1)]
    pub below: i32,
    #[leyline(field = 2)]
    pub above: u32,
}

#[test]
fn serialize_hands_integers_of_an_inline_any_to_serde_as_integers() {
    json::register::<Signed>();
    let holder = Holder {
        any: Some(any_of(
            "type.googleapis.com/leyline.cov.v1.Signed",
            Signed {
                below: -5,
                above: 7,
            }
            .encode_to_vec(),
        )),
        ..Holder::default()
    };
    let ours = json::to_string(&holder).unwrap();
    assert_eq!(
        ours,
        r#"{"any":{"@type":"type.googleapis.com/leyline.cov.v1.Signed","below":-5,"above":7}}"#
    );
    assert_eq!(serde_json::to_string(&holder).unwrap(), ours);
    let value = serde_json::to_value(&holder).unwrap();
    assert!(value["any"]["below"].is_i64());
    assert!(value["any"]["above"].is_u64());
    assert_eq!(Holder::deserialize(value).unwrap(), holder);
}

#[test]
fn ser_wrapper_debug_names_itself() {
    assert_eq!(format!("{:?}", json::serde::Ser::<u64>(&7)), "Ser");
}

// ---------------------------------------------------------------------------
// serde: Deserialize from other data models

/// A value of serde's data model, handed to the visitor as it is.
#[derive(Clone)]
enum Val {
    I128(i128),
    U128(u128),
    F64(f64),
    Str(&'static str),
    Bytes(&'static [u8]),
    None,
    Some(Box<Val>),
}

impl<'de> serde::Deserializer<'de> for Val {
    type Error = DeError;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self {
            Val::I128(n) => v.visit_i128(n),
            Val::U128(n) => v.visit_u128(n),
            Val::F64(n) => v.visit_f64(n),
            Val::Str(s) => v.visit_str(s),
            Val::Bytes(b) => v.visit_bytes(b),
            Val::None => v.visit_none(),
            Val::Some(inner) => v.visit_some(*inner),
        }
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, DeError> for Val {
    type Deserializer = Val;
    fn into_deserializer(self) -> Val {
        self
    }
}

fn from_entries(entries: Vec<(Val, Val)>) -> Result<Holder, DeError> {
    Holder::deserialize(MapDeserializer::<_, DeError>::new(entries.into_iter()))
}

#[test]
fn deserialize_takes_wide_integers_and_options() {
    let holder = from_entries(vec![
        (Val::Str("count"), Val::I128(-7)),
        (Val::Str("ids"), Val::Str("ignored")),
    ]);
    // "ids" must be an array: the string is refused as proto3 JSON refuses it.
    assert!(holder.is_err());

    let holder = from_entries(vec![
        (Val::Str("count"), Val::Some(Box::new(Val::I128(-7)))),
        (Val::Str("ratio"), Val::None),
        (Val::Str("small"), Val::F64(0.25)),
    ])
    .unwrap();
    assert_eq!(
        holder,
        Holder {
            count: -7,
            small: 0.25,
            ..Holder::default()
        }
    );
    let holder = from_entries(vec![(Val::Str("count"), Val::U128(1 << 40))]).unwrap();
    assert_eq!(holder.count, 1 << 40);
    // Out of int64's range: refused by leyline's reader, not wrapped.
    let err = from_entries(vec![(Val::Str("count"), Val::U128(u128::MAX))])
        .unwrap_err()
        .to_string();
    assert!(err.contains("int64"), "{err}");
}

#[test]
fn deserialize_refuses_non_finite_floats_non_string_keys_and_bytes() {
    let err = from_entries(vec![(Val::Str("ratio"), Val::F64(f64::INFINITY))])
        .unwrap_err()
        .to_string();
    assert_eq!(err, "JSON numbers are finite");
    let err = from_entries(vec![(Val::I128(1), Val::I128(2))])
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected a string key"), "{err}");
    // Bytes have no JSON form.
    let err = from_entries(vec![(Val::Str("any"), Val::Bytes(b"\x01"))])
        .unwrap_err()
        .to_string();
    assert_eq!(err, "invalid type: byte array, expected a JSON value");
}

#[test]
fn deserialize_through_serde_json_reads_bools_nulls_and_maps() {
    let holder: Holder =
        serde_json::from_str(r#"{"flag":true,"ratio":null,"byId":{"2":"b","1":"a"},"ids":[4,5]}"#)
            .unwrap();
    assert_eq!(
        holder,
        Holder {
            flag: true,
            ids: vec![4, 5],
            by_id: BTreeMap::from([(1, "a".to_owned()), (2, "b".to_owned())]),
            ..Holder::default()
        }
    );
    let holder: Holder = serde_json::from_str(r#"{"flag":false}"#).unwrap();
    assert!(!holder.flag);
    // A key twice in a BTreeMap field is refused, naming the key.
    let err = json::from_str::<Holder>(r#"{"byId":{"1":"a","1":"b"}}"#).unwrap_err();
    assert_eq!(*err.kind(), JsonErrorKind::DuplicateField, "{err}");
    assert!(err.to_string().contains('1'), "{err}");
    let err = serde_json::from_str::<Holder>(r#"{"byId":{"1":"a","1":"b"}}"#).unwrap_err();
    assert!(err.to_string().contains("twice"), "{err}");
}

#[test]
fn deserialize_refuses_values_nested_too_deeply() {
    let mut nested = serde_json::json!(1);
    for _ in 0..150 {
        nested = serde_json::json!([nested]);
    }
    let err = Holder::deserialize(serde_json::json!({ "ids": nested }))
        .unwrap_err()
        .to_string();
    assert_eq!(err, "values are nested too deeply");
    let mut nested = serde_json::json!({});
    for _ in 0..150 {
        nested = serde_json::json!({ "k": nested });
    }
    let err = Holder::deserialize(serde_json::json!({ "any": nested }))
        .unwrap_err()
        .to_string();
    assert_eq!(err, "values are nested too deeply");
}
