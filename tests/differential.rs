//! Differential tests: leyline contracts against the types prost-build generates
//! from `proto/leyline/test/v1/reference.proto` (compiled with protox).
//!
//! For random values of every contract:
//! - leyline's bytes decode with prost to the same value: prost re-encodes them
//!   to the bytes protoc's runtimes write for it, once its records are put in
//!   field-number order at every level (`protoc_order`: prost writes a oneof
//!   at the position of its smallest number, protoc's runtimes and leyline
//!   write each variant at its own number; `Nested.second`, numbered 5 and 30
//!   around the field 20, differs so);
//! - prost's bytes decode with leyline back to the original value;
//! - `encoded_len` equals the length of what is written.
//!
//! That the order is protoc's own is proved against Google's runtime by
//! `tests/python_interop.rs` (`python_writes_what_leyline_writes`).
//!
//! Then hand-built inputs prove decode accepts what any conforming encoder may
//! send: fields out of order, unpacked repeated scalars, repeated singular fields
//! (last wins, messages merge), unknown fields, map entries missing key or value.

use std::collections::{BTreeMap, HashMap};

use leyline::prost::Message as _;
use leyline::schema::{FieldType, Member, MessageSchema};
use leyline::{Contract, Enumeration};
use leyline_tests::reference as pb;
use proptest::prelude::*;

/// A colour, with a negative value to exercise sign extension.
#[leyline::enumeration(package = "leyline.test.v1")]
pub enum Color {
    Unspecified = 0,
    Red = 1,
    Green = 2,
    Infrared = -3,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Scalars {
    #[leyline(field = 1)]
    pub f_double: f64,
    #[leyline(field = 2)]
    pub f_float: f32,
    #[leyline(field = 3)]
    pub f_int32: i32,
    #[leyline(field = 4)]
    pub f_int64: i64,
    #[leyline(field = 5)]
    pub f_uint32: u32,
    #[leyline(field = 6)]
    pub f_uint64: u64,
    #[leyline(field = 7, encoding = "sint32")]
    pub f_sint32: i32,
    #[leyline(field = 8, encoding = "sint64")]
    pub f_sint64: i64,
    #[leyline(field = 9, encoding = "fixed32")]
    pub f_fixed32: u32,
    #[leyline(field = 10, encoding = "fixed64")]
    pub f_fixed64: u64,
    #[leyline(field = 11, encoding = "sfixed32")]
    pub f_sfixed32: i32,
    #[leyline(field = 12, encoding = "sfixed64")]
    pub f_sfixed64: i64,
    #[leyline(field = 13)]
    pub f_bool: bool,
    #[leyline(field = 14)]
    pub f_string: String,
    #[leyline(field = 15)]
    pub f_bytes: Vec<u8>,
    #[leyline(field = 16)]
    pub f_color: Color,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Optionals {
    #[leyline(field = 1)]
    pub f_double: Option<f64>,
    #[leyline(field = 2)]
    pub f_float: Option<f32>,
    #[leyline(field = 3)]
    pub f_int32: Option<i32>,
    #[leyline(field = 4)]
    pub f_int64: Option<i64>,
    #[leyline(field = 5)]
    pub f_uint32: Option<u32>,
    #[leyline(field = 6)]
    pub f_uint64: Option<u64>,
    #[leyline(field = 7, encoding = "sint32")]
    pub f_sint32: Option<i32>,
    #[leyline(field = 8, encoding = "sint64")]
    pub f_sint64: Option<i64>,
    #[leyline(field = 9, encoding = "fixed32")]
    pub f_fixed32: Option<u32>,
    #[leyline(field = 10, encoding = "fixed64")]
    pub f_fixed64: Option<u64>,
    #[leyline(field = 11, encoding = "sfixed32")]
    pub f_sfixed32: Option<i32>,
    #[leyline(field = 12, encoding = "sfixed64")]
    pub f_sfixed64: Option<i64>,
    #[leyline(field = 13)]
    pub f_bool: Option<bool>,
    #[leyline(field = 14)]
    pub f_string: Option<String>,
    #[leyline(field = 15)]
    pub f_bytes: Option<bytes::Bytes>,
    #[leyline(field = 16)]
    pub f_color: Option<Color>,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Repeateds {
    #[leyline(field = 1)]
    pub f_double: Vec<f64>,
    #[leyline(field = 2)]
    pub f_float: Vec<f32>,
    #[leyline(field = 3)]
    pub f_int32: Vec<i32>,
    #[leyline(field = 4)]
    pub f_int64: Vec<i64>,
    #[leyline(field = 5)]
    pub f_uint32: Vec<u32>,
    #[leyline(field = 6)]
    pub f_uint64: Vec<u64>,
    #[leyline(field = 7, encoding = "sint32")]
    pub f_sint32: Vec<i32>,
    #[leyline(field = 8, encoding = "sint64")]
    pub f_sint64: Vec<i64>,
    #[leyline(field = 9, encoding = "fixed32")]
    pub f_fixed32: Vec<u32>,
    #[leyline(field = 10, encoding = "fixed64")]
    pub f_fixed64: Vec<u64>,
    #[leyline(field = 11, encoding = "sfixed32")]
    pub f_sfixed32: Vec<i32>,
    #[leyline(field = 12, encoding = "sfixed64")]
    pub f_sfixed64: Vec<i64>,
    #[leyline(field = 13)]
    pub f_bool: Vec<bool>,
    #[leyline(field = 14)]
    pub f_string: Vec<String>,
    #[leyline(field = 15)]
    pub f_bytes: Vec<Vec<u8>>,
    #[leyline(field = 16)]
    pub f_color: Vec<Color>,
    #[leyline(field = 17)]
    pub f_message: Vec<Scalars>,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Maps {
    #[leyline(field = 1)]
    pub str_float: BTreeMap<String, f32>,
    #[leyline(field = 2)]
    pub int_str: BTreeMap<i32, String>,
    #[leyline(field = 3)]
    pub u64_bytes: BTreeMap<u64, Vec<u8>>,
    #[leyline(field = 4, key_encoding = "sint32", encoding = "sint64")]
    pub s32_s64: BTreeMap<i32, i64>,
    #[leyline(field = 5)]
    pub bool_color: BTreeMap<bool, Color>,
    #[leyline(field = 6)]
    pub str_msg: BTreeMap<String, Scalars>,
    #[leyline(field = 7, key_encoding = "fixed32")]
    pub f32_double: BTreeMap<u32, f64>,
    #[leyline(field = 8, key_encoding = "sfixed64")]
    pub sf64_i64: BTreeMap<i64, i64>,
    #[leyline(field = 9)]
    pub i64_u32: BTreeMap<i64, u32>,
}

#[leyline::oneof]
pub enum Choice {
    #[leyline(field = 10)]
    Text(String),
    #[leyline(field = 11)]
    Msg(Scalars),
    #[leyline(field = 12)]
    Number(i32),
    #[leyline(field = 13)]
    Color(Color),
    #[leyline(field = 14)]
    Blob(Vec<u8>),
    #[leyline(field = 15)]
    Deeper(Box<Nested>),
}

#[leyline::oneof]
pub enum Second {
    #[leyline(field = 30)]
    Late(u64),
    #[leyline(field = 5)]
    LateText(String),
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Nested {
    #[leyline(field = 1)]
    pub scalars: Option<Scalars>,
    #[leyline(field = 2)]
    pub many: Vec<Scalars>,
    #[leyline(field = 3)]
    pub child: Option<Box<Nested>>,
    #[leyline(oneof)]
    pub choice: Option<Choice>,
    #[leyline(field = 20)]
    pub after: i32,
    #[leyline(oneof)]
    pub second: Option<Second>,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct WellKnown {
    #[leyline(field = 1)]
    pub ts: Option<leyline::Timestamp>,
    #[leyline(field = 2)]
    pub dur: Option<leyline::Duration>,
    #[leyline(field = 3)]
    pub st: Option<leyline::Struct>,
    #[leyline(field = 4)]
    pub val: Option<leyline::Value>,
    #[leyline(field = 5)]
    pub list: Option<leyline::ListValue>,
    #[leyline(field = 6)]
    pub any: Option<leyline::Any>,
    #[leyline(field = 7)]
    pub mask: Option<leyline::FieldMask>,
    #[leyline(field = 8)]
    pub i32w: Option<leyline::Int32Value>,
    #[leyline(field = 9)]
    pub strw: Option<leyline::StringValue>,
    #[leyline(field = 10)]
    pub empty: Option<leyline::Empty>,
    #[leyline(field = 11)]
    pub stamps: Vec<leyline::Timestamp>,
    #[leyline(field = 12)]
    pub dw: Option<leyline::DoubleValue>,
    #[leyline(field = 13)]
    pub bw: Option<leyline::BytesValue>,
}

// ---------------------------------------------------------------------------
// Strategies

fn f32s() -> impl Strategy<Value = f32> {
    any::<f32>().prop_filter("NaN never equals itself", |f| !f.is_nan())
}

fn f64s() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("NaN never equals itself", |f| !f.is_nan())
}

fn colors() -> impl Strategy<Value = Color> {
    prop_oneof![
        Just(Color::Unspecified),
        Just(Color::Red),
        Just(Color::Green),
        Just(Color::Infrared),
        any::<i32>().prop_map(Color::from_value),
    ]
}

fn strings() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-z]{1,8}", any::<String>()]
}

fn byte_vecs() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..16)
}

pub(crate) fn scalars() -> impl Strategy<Value = Scalars> {
    (
        (
            f64s(),
            f32s(),
            any::<i32>(),
            any::<i64>(),
            any::<u32>(),
            any::<u64>(),
        ),
        (
            any::<i32>(),
            any::<i64>(),
            any::<u32>(),
            any::<u64>(),
            any::<i32>(),
            any::<i64>(),
        ),
        (any::<bool>(), strings(), byte_vecs(), colors()),
    )
        .prop_map(
            |((a, b, c, d, e, f), (g, h, i, j, k, l), (m, n, o, p))| Scalars {
                f_double: a,
                f_float: b,
                f_int32: c,
                f_int64: d,
                f_uint32: e,
                f_uint64: f,
                f_sint32: g,
                f_sint64: h,
                f_fixed32: i,
                f_fixed64: j,
                f_sfixed32: k,
                f_sfixed64: l,
                f_bool: m,
                f_string: n,
                f_bytes: o,
                f_color: p,
            },
        )
}

pub(crate) fn optionals() -> impl Strategy<Value = Optionals> {
    use prop::option::of;
    (
        (
            of(f64s()),
            of(f32s()),
            of(any::<i32>()),
            of(any::<i64>()),
            of(any::<u32>()),
            of(any::<u64>()),
        ),
        (
            of(any::<i32>()),
            of(any::<i64>()),
            of(any::<u32>()),
            of(any::<u64>()),
            of(any::<i32>()),
            of(any::<i64>()),
        ),
        (
            of(any::<bool>()),
            of(strings()),
            of(byte_vecs().prop_map(bytes::Bytes::from)),
            of(colors()),
        ),
    )
        .prop_map(
            |((a, b, c, d, e, f), (g, h, i, j, k, l), (m, n, o, p))| Optionals {
                f_double: a,
                f_float: b,
                f_int32: c,
                f_int64: d,
                f_uint32: e,
                f_uint64: f,
                f_sint32: g,
                f_sint64: h,
                f_fixed32: i,
                f_fixed64: j,
                f_sfixed32: k,
                f_sfixed64: l,
                f_bool: m,
                f_string: n,
                f_bytes: o,
                f_color: p,
            },
        )
}

pub(crate) fn repeateds() -> impl Strategy<Value = Repeateds> {
    use prop::collection::vec;
    const N: std::ops::Range<usize> = 0..5;
    (
        (
            vec(f64s(), N),
            vec(f32s(), N),
            vec(any::<i32>(), N),
            vec(any::<i64>(), N),
            vec(any::<u32>(), N),
            vec(any::<u64>(), N),
        ),
        (
            vec(any::<i32>(), N),
            vec(any::<i64>(), N),
            vec(any::<u32>(), N),
            vec(any::<u64>(), N),
            vec(any::<i32>(), N),
            vec(any::<i64>(), N),
        ),
        (
            vec(any::<bool>(), N),
            vec(strings(), N),
            vec(byte_vecs(), N),
            vec(colors(), N),
            vec(scalars(), 0..3),
        ),
    )
        .prop_map(
            |((a, b, c, d, e, f), (g, h, i, j, k, l), (m, n, o, p, q))| Repeateds {
                f_double: a,
                f_float: b,
                f_int32: c,
                f_int64: d,
                f_uint32: e,
                f_uint64: f,
                f_sint32: g,
                f_sint64: h,
                f_fixed32: i,
                f_fixed64: j,
                f_sfixed32: k,
                f_sfixed64: l,
                f_bool: m,
                f_string: n,
                f_bytes: o,
                f_color: p,
                f_message: q,
            },
        )
}

pub(crate) fn maps() -> impl Strategy<Value = Maps> {
    use prop::collection::btree_map as m;
    const N: std::ops::Range<usize> = 0..4;
    (
        (
            m(strings(), f32s(), N),
            m(any::<i32>(), strings(), N),
            m(any::<u64>(), byte_vecs(), N),
        ),
        (
            m(any::<i32>(), any::<i64>(), N),
            m(any::<bool>(), colors(), N),
            m(strings(), scalars(), 0..2),
        ),
        (
            m(any::<u32>(), f64s(), N),
            m(any::<i64>(), any::<i64>(), N),
            m(any::<i64>(), any::<u32>(), N),
        ),
    )
        .prop_map(|((a, b, c), (d, e, f), (g, h, i))| Maps {
            str_float: a,
            int_str: b,
            u64_bytes: c,
            s32_s64: d,
            bool_color: e,
            str_msg: f,
            f32_double: g,
            sf64_i64: h,
            i64_u32: i,
        })
}

pub(crate) fn nested() -> impl Strategy<Value = Nested> {
    let leaf = (prop::option::of(scalars()), any::<i32>()).prop_map(|(scalars, after)| Nested {
        scalars,
        after,
        ..Default::default()
    });
    leaf.prop_recursive(3, 12, 3, |inner| {
        let choice = prop_oneof![
            strings().prop_map(Choice::Text),
            scalars().prop_map(Choice::Msg),
            any::<i32>().prop_map(Choice::Number),
            colors().prop_map(Choice::Color),
            byte_vecs().prop_map(Choice::Blob),
            inner.clone().prop_map(|n| Choice::Deeper(Box::new(n))),
        ];
        let second = prop_oneof![
            any::<u64>().prop_map(Second::Late),
            strings().prop_map(Second::LateText)
        ];
        (
            prop::option::of(scalars()),
            prop::collection::vec(scalars(), 0..3),
            prop::option::of(inner.prop_map(Box::new)),
            prop::option::of(choice),
            any::<i32>(),
            prop::option::of(second),
        )
            .prop_map(|(scalars, many, child, choice, after, second)| Nested {
                scalars,
                many,
                child,
                choice,
                after,
                second,
            })
    })
}

fn struct_values() -> impl Strategy<Value = leyline::Struct> {
    use prost_types::value::Kind;
    let value = prop_oneof![
        f64s().prop_map(Kind::NumberValue),
        strings().prop_map(Kind::StringValue),
        any::<bool>().prop_map(Kind::BoolValue),
        Just(Kind::NullValue(0)),
    ]
    .prop_map(|k| leyline::Value { kind: Some(k) });
    prop::collection::btree_map(strings(), value, 0..4)
        .prop_map(|fields| leyline::Struct { fields })
}

pub(crate) fn well_known() -> impl Strategy<Value = WellKnown> {
    use prop::option::of;
    let ts = (any::<i64>(), 0..1_000_000_000i32)
        .prop_map(|(seconds, nanos)| leyline::Timestamp { seconds, nanos });
    let dur = (any::<i64>(), -999_999_999..1_000_000_000i32)
        .prop_map(|(seconds, nanos)| leyline::Duration { seconds, nanos });
    (
        (
            of(ts.clone()),
            of(dur),
            of(struct_values()),
            of(strings().prop_map(|s| leyline::Value {
                kind: Some(prost_types::value::Kind::StringValue(s)),
            })),
        ),
        (
            of(struct_values().prop_map(|s| leyline::ListValue {
                values: s.fields.into_values().collect(),
            })),
            of((strings(), byte_vecs())
                .prop_map(|(type_url, value)| leyline::Any { type_url, value })),
            of(prop::collection::vec("[a-z_.]{1,10}", 0..3)
                .prop_map(|paths| leyline::FieldMask { paths })),
        ),
        (
            of(any::<i32>().prop_map(leyline::Int32Value::from)),
            of(strings().prop_map(leyline::StringValue::from)),
            of(Just(leyline::Empty::default())),
            prop::collection::vec(ts, 0..3),
            of(f64s().prop_map(leyline::DoubleValue::from)),
            of(byte_vecs().prop_map(leyline::BytesValue::from)),
        ),
    )
        .prop_map(
            |((ts, dur, st, val), (list, any, mask), (i32w, strw, empty, stamps, dw, bw))| {
                WellKnown {
                    ts,
                    dur,
                    st,
                    val,
                    list,
                    any,
                    mask,
                    i32w,
                    strw,
                    empty,
                    stamps,
                    dw,
                    bw,
                }
            },
        )
}

// ---------------------------------------------------------------------------
// The differential property

/// Ours → bytes → prost → bytes, in protoc's order, must be identical, and
/// prost's bytes must decode with leyline to the original value.
fn differential<T: Contract, P: leyline::prost::Message + Default>(
    value: &T,
) -> Result<(), TestCaseError> {
    let ours = value.encode_to_vec();
    prop_assert_eq!(
        ours.len(),
        value.encoded_len(),
        "encoded_len disagrees with the bytes written"
    );
    let theirs = P::decode(&ours[..])
        .map_err(|e| TestCaseError::fail(format!("prost rejects our bytes: {e}")))?;
    let theirs_bytes = theirs.encode_to_vec();
    prop_assert_eq!(
        &ours,
        &protoc_order(&theirs_bytes, T::schema()),
        "our bytes differ from prost's for the same value, put in field-number order"
    );
    let back = T::decode_slice(&theirs_bytes)
        .map_err(|e| TestCaseError::fail(format!("we reject prost's bytes: {e}")))?;
    prop_assert_eq!(&back, value);
    // The generic prost entry point agrees with the slice fast path.
    let via_prost_api = <T as leyline::prost::Message>::decode(bytes::Bytes::from(theirs_bytes))
        .map_err(|e| TestCaseError::fail(format!("prost API decode failed: {e}")))?;
    prop_assert_eq!(&via_prost_api, value);
    Ok(())
}

/// Reads a varint off the front of `r`.
fn read_varint(r: &mut &[u8]) -> u64 {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = r.split_first().expect("a varint runs past the end");
        *r = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            break;
        }
    }
    value
}

fn write_varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The message held by field `number` of `schema` (a oneof variant
/// included); for a map of messages, the value's. `None` for other fields.
fn nested_schema(schema: &MessageSchema, number: u32) -> Option<(&'static MessageSchema, bool)> {
    let field = schema
        .members
        .iter()
        .flat_map(|m| match m {
            Member::Field(f) => std::slice::from_ref(f),
            Member::Oneof(o) => o.fields,
        })
        .find(|f| f.number == number)?;
    match field.ty {
        FieldType::Message(m) => Some((m(), false)),
        FieldType::Map(_, FieldType::Message(m)) => Some((m(), true)),
        _ => None,
    }
}

/// `bytes`, a message of `schema`, with its records in field-number order at
/// every level, as protoc's runtimes (C++, upb, Java) write them. The sort is
/// stable: repeated elements and map entries keep their order.
fn protoc_order(bytes: &[u8], schema: &MessageSchema) -> Vec<u8> {
    let mut records: Vec<(u32, Vec<u8>)> = Vec::new();
    let mut r = bytes;
    while !r.is_empty() {
        let start = r;
        let key = read_varint(&mut r);
        let number = u32::try_from(key >> 3).expect("a field number fits in u32");
        let mut record = start[..start.len() - r.len()].to_vec();
        match key & 7 {
            0 => {
                let before = r;
                read_varint(&mut r);
                record.extend_from_slice(&before[..before.len() - r.len()]);
            }
            1 | 5 => {
                let n = if key & 7 == 1 { 8 } else { 4 };
                record.extend_from_slice(&r[..n]);
                r = &r[n..];
            }
            2 => {
                let len = usize::try_from(read_varint(&mut r)).expect("a length fits in usize");
                let (payload, rest) = r.split_at(len);
                r = rest;
                let payload = match nested_schema(schema, number) {
                    Some((inner, false)) => protoc_order(payload, inner),
                    // A map entry: key (1), then the value (2), a message.
                    Some((inner, true)) => {
                        let mut entry = Vec::new();
                        let mut e = payload;
                        while !e.is_empty() {
                            let field_start = e;
                            let k = read_varint(&mut e);
                            if k == (2 << 3) | 2 {
                                let n = usize::try_from(read_varint(&mut e)).expect("length");
                                let value = protoc_order(&e[..n], inner);
                                e = &e[n..];
                                write_varint(k, &mut entry);
                                write_varint(value.len() as u64, &mut entry);
                                entry.extend_from_slice(&value);
                            } else {
                                // The key: a scalar or a string.
                                if k & 7 == 2 {
                                    let n = usize::try_from(read_varint(&mut e)).expect("length");
                                    e = &e[n..];
                                } else if k & 7 == 0 {
                                    read_varint(&mut e);
                                } else {
                                    e = &e[if k & 7 == 1 { 8 } else { 4 }..];
                                }
                                entry
                                    .extend_from_slice(&field_start[..field_start.len() - e.len()]);
                            }
                        }
                        entry
                    }
                    None => payload.to_vec(),
                };
                write_varint(payload.len() as u64, &mut record);
                record.extend_from_slice(&payload);
            }
            other => panic!("wire type {other} in a test message"),
        }
        records.push((number, record));
    }
    records.sort_by_key(|(number, _)| *number);
    records.into_iter().flat_map(|(_, record)| record).collect()
}

/// A oneof whose message variant is numbered between two message fields,
/// which are declared out of number order: the sizing pass records nested
/// lengths in the order the writing pass reads them back.
#[leyline::oneof]
pub enum Between {
    #[leyline(field = 2)]
    Middle(Scalars),
    #[leyline(field = 4)]
    Late(Scalars),
}

/// Declared out of number order, holding `Between`.
#[leyline::message(package = "leyline.test.v1")]
pub struct OutOfOrder {
    #[leyline(field = 3)]
    pub third: Option<Scalars>,
    #[leyline(field = 1)]
    pub first: Option<Scalars>,
    #[leyline(oneof)]
    pub between: Option<Between>,
    #[leyline(field = 5)]
    pub many: Vec<Scalars>,
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Nested lengths of different sizes, met in field-number order by both
    /// passes: a decode of what is written gives the value back, in protoc's
    /// order.
    #[test]
    fn nested_lengths_follow_the_field_order(
        first in scalars(),
        third in scalars(),
        variant in scalars(),
        late in any::<bool>(),
        many in prop::collection::vec(scalars(), 0..3),
    ) {
        let v = OutOfOrder {
            first: Some(first),
            third: Some(third),
            between: Some(if late { Between::Late(variant) } else { Between::Middle(variant) }),
            many,
        };
        let bytes = v.encode_to_vec();
        prop_assert_eq!(bytes.len(), v.encoded_len());
        prop_assert_eq!(&protoc_order(&bytes, OutOfOrder::schema()), &bytes);
        prop_assert_eq!(OutOfOrder::decode_slice(&bytes).ok(), Some(v));
    }
}

#[test]
fn protoc_order_moves_a_oneof_variant_to_its_number() {
    // prost writes the oneof `second` at 5, its smallest number, so before
    // `after` (20); protoc's runtimes write `late` at 30, after it. In `child`
    // too.
    let inner = pb::Nested {
        after: 1,
        second: Some(pb::nested::Second::Late(2)),
        ..Default::default()
    };
    let outer = pb::Nested {
        child: Some(Box::new(inner)),
        after: 3,
        second: Some(pb::nested::Second::Late(4)),
        ..Default::default()
    };
    let prost_bytes = outer.encode_to_vec();
    let prost_inner = cat(&[&key(30, 0), &[2], &key(20, 0), &[1]]);
    assert_eq!(
        prost_bytes,
        cat(&[
            &key(3, 2),
            &[prost_inner.len() as u8],
            &prost_inner,
            &key(30, 0),
            &[4],
            &key(20, 0),
            &[3],
        ])
    );
    let inner = cat(&[&key(20, 0), &[1], &key(30, 0), &[2]]);
    let ordered = cat(&[
        &key(3, 2),
        &[inner.len() as u8],
        &inner,
        &key(20, 0),
        &[3],
        &key(30, 0),
        &[4],
    ]);
    assert_eq!(protoc_order(&prost_bytes, Nested::schema()), ordered);
    // And that is what leyline writes.
    let ours = Nested {
        child: Some(Box::new(Nested {
            after: 1,
            second: Some(Second::Late(2)),
            ..Default::default()
        })),
        after: 3,
        second: Some(Second::Late(4)),
        ..Default::default()
    };
    assert_eq!(ours.encode_to_vec(), ordered);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn scalars_match_prost(v in scalars()) {
        differential::<Scalars, pb::Scalars>(&v)?;
    }

    #[test]
    fn optionals_match_prost(v in optionals()) {
        differential::<Optionals, pb::Optionals>(&v)?;
    }

    #[test]
    fn repeateds_match_prost(v in repeateds()) {
        differential::<Repeateds, pb::Repeateds>(&v)?;
    }

    #[test]
    fn maps_match_prost(v in maps()) {
        differential::<Maps, pb::Maps>(&v)?;
    }

    #[test]
    fn nested_messages_and_oneofs_match_prost(v in nested()) {
        differential::<Nested, pb::Nested>(&v)?;
    }

    #[test]
    fn well_known_types_match_prost(v in well_known()) {
        differential::<WellKnown, pb::WellKnown>(&v)?;
    }

    /// A oneof decoded by prost holds the same variant we encoded.
    #[test]
    fn oneof_variants_cross_decode(n in any::<i32>(), text in strings()) {
        let ours = Nested { choice: Some(Choice::Number(n)), second: Some(Second::LateText(text.clone())), ..Default::default() };
        let theirs = pb::Nested::decode(&ours.encode_to_vec()[..]).unwrap();
        prop_assert_eq!(theirs.choice, Some(pb::nested::Choice::Number(n)));
        prop_assert_eq!(theirs.second, Some(pb::nested::Second::LateText(text)));
    }
}

// ---------------------------------------------------------------------------
// What a conforming encoder may send

/// Concatenates raw pieces of a hand-built message.
pub(crate) fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// A field key as varint bytes.
pub(crate) fn key(field: u32, wire_type: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut v = (field << 3) | wire_type;
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
    out
}

#[test]
fn fields_in_any_order_decode() {
    // f_uint32 = 7 (field 5), then f_int32 = 3 (field 3)
    let bytes = cat(&[&key(5, 0), &[7], &key(3, 0), &[3]]);
    let v = Scalars::decode_slice(&bytes).unwrap();
    assert_eq!((v.f_int32, v.f_uint32), (3, 7));
}

#[test]
fn unpacked_repeated_scalars_decode() {
    // f_int32 as two unpacked records, then a packed run; f_float unpacked.
    let bytes = cat(&[
        &key(3, 0),
        &[1],
        &key(3, 0),
        &[2],
        &key(3, 2),
        &[2, 3, 4],
        &key(2, 5),
        &1.5f32.to_le_bytes(),
    ]);
    let v = Repeateds::decode_slice(&bytes).unwrap();
    assert_eq!(v.f_int32, vec![1, 2, 3, 4]);
    assert_eq!(v.f_float, vec![1.5]);
    let theirs = pb::Repeateds::decode(&bytes[..]).unwrap();
    assert_eq!(theirs.f_int32, v.f_int32);
}

#[test]
fn repeated_singular_field_last_wins_and_messages_merge() {
    // after = 1, after = 9, then scalars { f_int32: 4 } and scalars { f_uint32: 5 }: merged
    let bytes = cat(&[
        &key(20, 0),
        &[1],
        &key(20, 0),
        &[9],
        &key(1, 2),
        &[2],
        &key(3, 0),
        &[4],
        &key(1, 2),
        &[2],
        &key(5, 0),
        &[5],
    ]);
    let v = Nested::decode_slice(&bytes).unwrap();
    assert_eq!(v.after, 9);
    let s = v.scalars.unwrap();
    assert_eq!((s.f_int32, s.f_uint32), (4, 5));
}

#[test]
fn oneof_seen_twice_merges_same_variant_and_replaces_another() {
    // msg { f_int32: 1 }, msg { f_uint32: 2 } → merged; then number 3 → replaced
    let bytes = cat(&[
        &key(11, 2),
        &[2],
        &key(3, 0),
        &[1],
        &key(11, 2),
        &[2],
        &key(5, 0),
        &[2],
    ]);
    let v = Nested::decode_slice(&bytes).unwrap();
    match v.choice {
        Some(Choice::Msg(s)) => assert_eq!((s.f_int32, s.f_uint32), (1, 2)),
        other => panic!("expected a merged message, got {other:?}"),
    }
    let more = cat(&[&bytes, &key(12, 0), &[3]]);
    assert_eq!(
        Nested::decode_slice(&more).unwrap().choice,
        Some(Choice::Number(3))
    );
}

#[test]
fn unknown_fields_are_skipped_in_every_wire_type() {
    let bytes = cat(&[
        &key(3, 0),
        &[1],
        &key(99, 0),
        &[0x96, 0x01], // varint
        &key(98, 1),
        &[0; 8], // fixed64
        &key(97, 2),
        &[2, 0xff, 0xfe], // length-delimited, not UTF-8
        &key(96, 5),
        &[0; 4], // fixed32
        &key(95, 3),
        &key(1, 0),
        &[5],
        &key(95, 4), // group
        &key(5, 0),
        &[2],
    ]);
    let v = Scalars::decode_slice(&bytes).unwrap();
    assert_eq!((v.f_int32, v.f_uint32), (1, 2));
}

#[test]
fn map_entries_missing_key_or_value_take_defaults() {
    // str_float entries: {value: 1.0} (no key), {key: "a"} (no value), {} (neither)
    let bytes = cat(&[
        &key(1, 2),
        &[5],
        &key(2, 5),
        &1.0f32.to_le_bytes(),
        &key(1, 2),
        &[3],
        &key(1, 2),
        &[1, b'a'],
    ]);
    let v = Maps::decode_slice(&bytes).unwrap();
    assert_eq!(v.str_float.get(""), Some(&1.0));
    assert_eq!(v.str_float.get("a"), Some(&0.0));
    let theirs = pb::Maps::decode(&bytes[..]).unwrap();
    assert_eq!(theirs.str_float, v.str_float);
    // An empty entry means key "" and value 0, replacing the first entry.
    let with_empty = cat(&[&bytes, &key(1, 2), &[0]]);
    assert_eq!(
        Maps::decode_slice(&with_empty).unwrap().str_float.get(""),
        Some(&0.0)
    );
}

/// Map entries whose records are not the usual key-then-value: repeated,
/// reversed, with unknown fields before, between and after, each alone and
/// in a run: the owned decode and the view (read in full) hold what prost
/// holds, the last record of each field winning.
#[test]
fn map_entries_in_any_order_decode_as_prost_s() {
    let k = |s: &[u8]| cat(&[&key(1, 2), &[s.len() as u8], s]);
    let v = |f: f32| cat(&[&key(2, 5), &f.to_le_bytes()]);
    let unknown = cat(&[&key(9, 0), &[0x7f]]);
    let entries: Vec<Vec<u8>> = vec![
        cat(&[&k(b"a"), &v(1.0)]),
        cat(&[&v(2.0), &k(b"b")]),
        cat(&[&k(b"x"), &k(b"c"), &v(3.0)]),
        cat(&[&k(b"d"), &v(9.0), &v(4.0)]),
        cat(&[&k(b"y"), &v(8.0), &k(b"e"), &v(5.0)]),
        cat(&[&unknown, &k(b"f"), &v(6.0)]),
        cat(&[&k(b"g"), &unknown, &v(7.0)]),
        cat(&[&k(b"h"), &v(8.0), &unknown]),
        cat(&[&v(9.5)]),
        cat(&[&k(b"i")]),
        Vec::new(),
    ];
    let mut all = Vec::new();
    for entry in &entries {
        let record = cat(&[&key(1, 2), &[entry.len() as u8], entry]);
        let theirs = pb::Maps::decode(&record[..]).unwrap();
        let ours = Maps::decode_slice(&record).unwrap();
        assert_eq!(ours.str_float, theirs.str_float, "{entry:02x?}");
        let view = MapsView::decode(&record).unwrap();
        assert_eq!(view.to_owned(), ours, "{entry:02x?}");
        all.extend_from_slice(&record);
    }
    let theirs = pb::Maps::decode(&all[..]).unwrap();
    let ours = Maps::decode_slice(&all).unwrap();
    assert_eq!(ours.str_float, theirs.str_float);
    assert_eq!(ours.str_float.len(), 10);
    assert_eq!(MapsView::decode(&all).unwrap().to_owned(), ours);
    // A key or a value of the wrong wire type is an error in both.
    for entry in [
        cat(&[&key(1, 0), &[1], &v(1.0)]),
        cat(&[&k(b"a"), &key(2, 0), &[1]]),
    ] {
        let record = cat(&[&key(1, 2), &[entry.len() as u8], &entry]);
        assert!(Maps::decode_slice(&record).is_err(), "{entry:02x?}");
        assert!(MapsView::decode(&record).is_err(), "{entry:02x?}");
    }
}

/// Timestamps whose records are not the usual seconds-then-nanos: reversed,
/// repeated, with unknown fields around them, one part missing, empty; the
/// owned decode and the view hold what prost holds (the last record of each
/// field wins), and a wrong wire type is an error in both.
#[test]
fn timestamp_records_in_any_order_decode_as_prost_s() {
    let secs = |v: u64| {
        let mut b = key(1, 0);
        leyline::wire::encode_varint(v, &mut b);
        b
    };
    let nanos = |v: u64| {
        let mut b = key(2, 0);
        leyline::wire::encode_varint(v, &mut b);
        b
    };
    let unknown = cat(&[&key(9, 2), &[1, 0x55]]);
    let big = 1_700_000_000;
    let bodies: Vec<Vec<u8>> = vec![
        cat(&[&secs(big), &nanos(999_999_999)]),
        cat(&[&nanos(5), &secs(big)]),
        cat(&[&secs(1), &secs(big), &nanos(7)]),
        cat(&[&secs(big), &nanos(1), &nanos(8)]),
        cat(&[&secs(big), &nanos(1), &secs(2), &nanos(9)]),
        cat(&[&unknown, &secs(big), &nanos(3)]),
        cat(&[&secs(big), &unknown, &nanos(4)]),
        cat(&[&secs(big), &nanos(6), &unknown]),
        cat(&[&nanos(11)]),
        cat(&[&secs(u64::MAX)]),
        Vec::new(),
    ];
    for body in &bodies {
        let record = cat(&[&key(1, 2), &[body.len() as u8], body]);
        let theirs = pb::WellKnown::decode(&record[..]).unwrap();
        let ours = WellKnown::decode_slice(&record).unwrap();
        let ts = ours.ts.as_ref().map(|t| (t.seconds, t.nanos));
        assert_eq!(ts, theirs.ts.map(|t| (t.seconds, t.nanos)), "{body:02x?}");
        let view = WellKnownView::decode(&record).unwrap();
        assert_eq!(view.to_owned(), ours, "{body:02x?}");
    }
    for body in [
        cat(&[&key(1, 5), &[0; 4]]),
        cat(&[&secs(1), &key(2, 2), &[0]]),
    ] {
        let record = cat(&[&key(1, 2), &[body.len() as u8], &body]);
        assert!(pb::WellKnown::decode(&record[..]).is_err(), "{body:02x?}");
        assert!(WellKnown::decode_slice(&record).is_err(), "{body:02x?}");
        assert!(WellKnownView::decode(&record).is_err(), "{body:02x?}");
    }
}

#[test]
fn unknown_enum_values_survive_a_round_trip() {
    let bytes = cat(&[&key(16, 0), &[0x2a]]);
    let v = Scalars::decode_slice(&bytes).unwrap();
    assert_eq!(v.f_color, Color::Unrecognized(42));
    assert!(!v.f_color.is_defined());
    assert_eq!(v.encode_to_vec(), bytes);
}

#[test]
fn hash_maps_decode_to_the_same_entries() {
    #[leyline::message(package = "leyline.test.v1")]
    pub struct HashMaps {
        #[leyline(field = 1)]
        pub str_float: HashMap<String, f32>,
    }
    let theirs = pb::Maps {
        str_float: [("a".to_string(), 1.0), ("b".to_string(), 2.0)].into(),
        ..Default::default()
    };
    let ours = HashMaps::decode_slice(&theirs.encode_to_vec()).unwrap();
    assert_eq!(ours.str_float.len(), 2);
    let back = pb::Maps::decode(&ours.encode_to_vec()[..]).unwrap();
    assert_eq!(back.str_float, theirs.str_float);
}

#[test]
fn invalid_utf8_names_the_field() {
    let bytes = cat(&[&key(14, 2), &[2, 0xff, 0xfe]]);
    let err = Scalars::decode_slice(&bytes).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("Scalars.f_string"), "{text}");
    assert!(text.contains("UTF-8"), "{text}");
}

#[test]
fn schema_describes_the_contract() {
    let s = Nested::schema();
    assert_eq!(s.full_name, "leyline.test.v1.Nested");
    let oneofs: Vec<_> = s.oneofs().map(|o| o.name).collect();
    assert_eq!(oneofs, ["choice", "second"]);
    let numbers: Vec<u32> = s.fields().map(|(f, _)| f.number).collect();
    assert_eq!(numbers, [1, 2, 3, 10, 11, 12, 13, 14, 15, 20, 30, 5]);
    assert_eq!(Color::schema().values.len(), 4);
    assert_eq!(Color::Infrared.value(), -3);
}

#[test]
fn wrappers_and_empty_keep_unknown_fields() {
    // Int32Value { value: 7 }, then unknown field 5 (varint 1) and field 6 ("x").
    let bytes = [0x08, 0x07, 0x28, 0x01, 0x32, 0x01, b'x'];
    let wrapper = leyline::Int32Value::decode_slice(&bytes);
    assert_eq!(wrapper.as_ref().map(|w| w.value).ok(), Some(7));
    assert_eq!(
        wrapper.map(|w| w.encode_to_vec()).ok(),
        Some(bytes.to_vec())
    );
    let string = leyline::StringValue::decode_slice(&[0x28, 0x01, 0x0A, 0x01, b'y']);
    assert_eq!(
        string.map(|w| (w.value.clone(), w.encode_to_vec())).ok(),
        Some(("y".to_owned(), vec![0x0A, 0x01, b'y', 0x28, 0x01]))
    );
    let empty = leyline::Empty::decode_slice(&[0x28, 0x01]);
    assert_eq!(
        empty.map(|e| e.encode_to_vec()).ok(),
        Some(vec![0x28, 0x01])
    );
    // Inside a contract, as a message field: the unknown field survives too,
    // and prost (which drops it) still reads the value.
    let held = WellKnown {
        i32w: leyline::Int32Value::decode_slice(&bytes).ok(),
        ..WellKnown::default()
    };
    let encoded = held.encode_to_vec();
    let back = WellKnown::decode_slice(&encoded).ok();
    assert_eq!(back.as_ref(), Some(&held));
    let theirs = pb::WellKnown::decode(encoded.as_slice()).ok();
    assert_eq!(theirs.and_then(|t| t.i32w), Some(7));
}

#[test]
fn null_value_is_the_well_known_enum() {
    let schema = <leyline::NullValue as leyline::Enumeration>::schema();
    assert_eq!(schema.full_name, "google.protobuf.NullValue");
    assert_eq!(schema.defined_in, Some("google/protobuf/struct.proto"));
    assert_eq!(
        schema
            .values
            .iter()
            .map(|v| (v.name, v.number))
            .collect::<Vec<_>>(),
        [("NULL_VALUE", 0)]
    );
    // Same numbers as prost-types' NullValue.
    assert_eq!(
        leyline::NullValue::NullValue.value(),
        prost_types::NullValue::NullValue as i32
    );
}
