//! A contract holding every kind of field, for the JSON tests.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};

use leyline::{
    Any, BytesValue, Duration, Empty, FieldMask, Int32Value, Int64Value, ListValue, StringValue,
    Struct, Timestamp, UnknownFields, Value,
};

/// A colour.
#[leyline::enumeration(package = "leyline.json.v1")]
pub enum Color {
    /// Not set.
    Unspecified = 0,
    /// Red.
    Red = 1,
    /// Green.
    Green = 2,
}

/// A nested message, which may nest itself.
#[leyline::message(package = "leyline.json.v1")]
pub struct Inner {
    /// A number.
    #[leyline(field = 1)]
    pub a: i32,
    /// Itself, one level down.
    #[leyline(field = 2)]
    pub child: Option<Box<Inner>>,
    /// A time.
    #[leyline(field = 3)]
    pub at: Option<Timestamp>,
}

/// A choice.
#[leyline::oneof]
pub enum Choice {
    /// Text.
    #[leyline(field = 60)]
    Text(String),
    /// A number.
    #[leyline(field = 61)]
    Number(u64),
    /// A message.
    #[leyline(field = 62)]
    Nested(Inner),
    /// An enum.
    #[leyline(field = 63)]
    Shade(Color),
}

/// Every kind of field (declared in the order of their numbers: on main, a
/// contract declared out of order encodes nested lengths wrongly, which
/// the `macros` branch fixes).
#[leyline::message(package = "leyline.json.v1")]
pub struct All {
    #[leyline(field = 1)]
    pub i32: i32,
    #[leyline(field = 2)]
    pub u32: u32,
    #[leyline(field = 3)]
    pub i64: i64,
    #[leyline(field = 4)]
    pub u64: u64,
    #[leyline(field = 5, encoding = "sint32")]
    pub s32: i32,
    #[leyline(field = 6, encoding = "sint64")]
    pub s64: i64,
    #[leyline(field = 7, encoding = "fixed32")]
    pub fx32: u32,
    #[leyline(field = 8, encoding = "fixed64")]
    pub fx64: u64,
    #[leyline(field = 9, encoding = "sfixed32")]
    pub sfx32: i32,
    #[leyline(field = 10, encoding = "sfixed64")]
    pub sfx64: i64,
    #[leyline(field = 11)]
    pub f32: f32,
    #[leyline(field = 12)]
    pub f64: f64,
    #[leyline(field = 13)]
    pub flag: bool,
    #[leyline(field = 14)]
    pub text_value: String,
    #[leyline(field = 15)]
    pub bytes: Vec<u8>,
    #[leyline(field = 16)]
    pub bytes_b: bytes::Bytes,
    #[leyline(field = 17)]
    pub color: Color,
    #[leyline(field = 18)]
    pub optional_i32: Option<i32>,
    #[leyline(field = 19)]
    pub optional_color: Option<Color>,
    #[leyline(field = 20)]
    pub inner: Option<Inner>,
    #[leyline(field = 21)]
    pub map_str_i64: HashMap<String, i64>,
    #[leyline(field = 22)]
    pub map_i32_inner: BTreeMap<i32, Inner>,
    #[leyline(field = 23)]
    pub map_bool_color: HashMap<bool, Color>,
    #[leyline(field = 24)]
    pub map_u64_bytes: BTreeMap<u64, Vec<u8>>,
    #[leyline(field = 25, key_encoding = "sint64", encoding = "fixed64")]
    pub map_s64_fx64: BTreeMap<i64, u64>,
    #[leyline(field = 30)]
    pub repeated_i32: Vec<i32>,
    #[leyline(field = 31)]
    pub repeated_i64: Vec<i64>,
    #[leyline(field = 32)]
    pub repeated_text: Vec<String>,
    #[leyline(field = 33)]
    pub repeated_inner: Vec<Inner>,
    #[leyline(field = 34)]
    pub repeated_color: Vec<Color>,
    #[leyline(field = 35)]
    pub repeated_f32: Vec<f32>,
    #[leyline(field = 40)]
    pub timestamp: Option<Timestamp>,
    #[leyline(field = 41)]
    pub duration: Option<Duration>,
    #[leyline(field = 42)]
    pub mask: Option<FieldMask>,
    #[leyline(field = 43)]
    pub structure: Option<Struct>,
    #[leyline(field = 44)]
    pub value: Option<Value>,
    #[leyline(field = 45)]
    pub list: Option<ListValue>,
    #[leyline(field = 46)]
    pub any: Option<Any>,
    #[leyline(field = 47)]
    pub empty: Option<Empty>,
    #[leyline(field = 48)]
    pub int32_wrapper: Option<Int32Value>,
    #[leyline(field = 49)]
    pub int64_wrapper: Option<Int64Value>,
    #[leyline(field = 50)]
    pub bytes_wrapper: Option<BytesValue>,
    #[leyline(field = 51)]
    pub string_wrapper: Option<StringValue>,
    #[leyline(field = 52)]
    pub timestamps: Vec<Timestamp>,
    #[leyline(oneof)]
    pub choice: Option<Choice>,
    #[leyline(unknown_fields)]
    pub unknown_fields: UnknownFields,
}

/// An `All` with every field set (Any holding an `Inner`: register it first).
pub fn all_set() -> All {
    use prost_types::value::Kind;
    All {
        i32: -1,
        u32: 2,
        i64: -3,
        u64: 4,
        s32: -5,
        s64: -6,
        fx32: 7,
        fx64: 8,
        sfx32: -9,
        sfx64: -10,
        f32: 1.5,
        f64: -2.25,
        flag: true,
        text_value: "Größe — 训练 🌱 \"q\"".into(),
        bytes: (0..=255).collect(),
        bytes_b: bytes::Bytes::from_static(b"bytes"),
        color: Color::Red,
        optional_i32: Some(0),
        optional_color: Some(Color::Unspecified),
        inner: Some(Inner {
            a: 1,
            child: Some(Box::new(Inner::default())),
            at: Some(Timestamp {
                seconds: 1,
                nanos: 2,
            }),
        }),
        repeated_i32: vec![1, -1, i32::MAX],
        repeated_i64: vec![i64::MIN, 0],
        repeated_text: vec!["a".into(), String::new()],
        repeated_inner: vec![
            Inner::default(),
            Inner {
                a: 5,
                ..Inner::default()
            },
        ],
        repeated_color: vec![Color::Green, Color::Unrecognized(42)],
        repeated_f32: vec![0.0, -0.5, f32::MAX],
        map_str_i64: HashMap::from([("x".into(), 1), ("".into(), -2)]),
        map_i32_inner: BTreeMap::from([
            (-7, Inner::default()),
            (
                7,
                Inner {
                    a: 9,
                    ..Inner::default()
                },
            ),
        ]),
        map_bool_color: HashMap::from([(false, Color::Green), (true, Color::Unrecognized(3))]),
        map_u64_bytes: BTreeMap::from([(0, vec![]), (u64::MAX, vec![9, 9])]),
        map_s64_fx64: BTreeMap::from([(-1, 2)]),
        timestamp: Some(Timestamp {
            seconds: -1,
            nanos: 999_999_999,
        }),
        duration: Some(Duration {
            seconds: 3,
            nanos: 1_000,
        }),
        mask: Some(FieldMask {
            paths: vec!["a.b_c".into()],
        }),
        structure: Some(Struct {
            fields: [
                (
                    "n".to_owned(),
                    Value {
                        kind: Some(Kind::NumberValue(-0.5)),
                    },
                ),
                (
                    "l".to_owned(),
                    Value {
                        kind: Some(Kind::ListValue(ListValue {
                            values: vec![Value {
                                kind: Some(Kind::NullValue(0)),
                            }],
                        })),
                    },
                ),
                (
                    "s".to_owned(),
                    Value {
                        kind: Some(Kind::StructValue(Struct::default())),
                    },
                ),
            ]
            .into(),
        }),
        value: Some(Value {
            kind: Some(Kind::StringValue("v".into())),
        }),
        list: Some(ListValue {
            values: vec![Value {
                kind: Some(Kind::BoolValue(true)),
            }],
        }),
        any: Some(Any {
            type_url: "type.googleapis.com/leyline.json.v1.Inner".into(),
            value: leyline::prost::Message::encode_to_vec(&Inner {
                a: 11,
                ..Inner::default()
            }),
        }),
        empty: Some(Empty::default()),
        int32_wrapper: Some(Int32Value {
            value: -4,
            ..Default::default()
        }),
        int64_wrapper: Some(Int64Value {
            value: i64::MAX,
            ..Default::default()
        }),
        bytes_wrapper: Some(BytesValue {
            value: vec![],
            ..Default::default()
        }),
        string_wrapper: Some(StringValue {
            value: "w".into(),
            ..Default::default()
        }),
        timestamps: vec![
            Timestamp::default(),
            Timestamp {
                seconds: 253_402_300_799,
                nanos: 999_999_999,
            },
        ],
        choice: Some(Choice::Shade(Color::Green)),
        unknown_fields: UnknownFields::new(),
    }
}
