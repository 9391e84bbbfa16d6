//! The public field helpers of `leyline::wire` without a length cache
//! (`optional_len`/`encode_optional`, `repeated_len`/`encode_repeated`,
//! `map_len`/`encode_map`), which hand-written types can use: they write
//! exactly the bytes prost writes for the same fields, their lengths are the
//! lengths written, and they agree with the cached helpers generated code uses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use leyline::wire::encoding::Sint64;
use leyline::wire::{
    encode_map, encode_map_cached, encode_optional, encode_optional_cached, encode_repeated,
    map_len, map_len_cached, optional_len, optional_len_cached, repeated_len, LenCache,
};
use prost::Message as _;

/// The same fields, as prost derives them.
#[derive(Clone, PartialEq, prost::Message)]
struct Reference {
    #[prost(int64, optional, tag = "2")]
    present: Option<i64>,
    #[prost(btree_map = "uint32, string", tag = "3")]
    names: BTreeMap<u32, String>,
    #[prost(string, repeated, tag = "4")]
    words: Vec<String>,
    #[prost(btree_map = "string, sint64", tag = "5")]
    signed: BTreeMap<String, i64>,
    #[prost(sint64, repeated, tag = "6")]
    packed: Vec<i64>,
}

/// Writes `r` with the uncached helpers, field by field, checking that each
/// helper's length is what it writes.
fn write_with_helpers(r: &Reference) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut step = |len: usize, write: &dyn Fn(&mut Vec<u8>)| {
        let before = buf.len();
        write(&mut buf);
        assert_eq!(
            buf.len() - before,
            len,
            "a helper's length is not what it wrote"
        );
    };
    step(optional_len::<i64>(2, &r.present), &|b| {
        encode_optional::<i64>(2, &r.present, b)
    });
    step(map_len::<u32, String, _>(3, &r.names), &|b| {
        encode_map::<u32, String, _>(3, &r.names, b)
    });
    step(repeated_len::<String>(4, &r.words), &|b| {
        encode_repeated::<String>(4, &r.words, b)
    });
    step(map_len::<String, Sint64, _>(5, &r.signed), &|b| {
        encode_map::<String, Sint64, _>(5, &r.signed, b)
    });
    step(repeated_len::<Sint64>(6, &r.packed), &|b| {
        encode_repeated::<Sint64>(6, &r.packed, b)
    });
    buf
}

fn samples() -> Vec<Reference> {
    vec![
        Reference::default(),
        Reference {
            present: Some(0),
            ..Reference::default()
        },
        Reference {
            present: Some(-5),
            // Default keys and values are left out of an entry, as prost does.
            names: BTreeMap::from([(0, "zero".into()), (1, String::new()), (300, "x".into())]),
            words: vec![String::new(), "two".into(), "é".repeat(100)],
            signed: BTreeMap::from([
                (String::new(), 0),
                ("neg".into(), -1),
                ("big".into(), i64::MIN),
            ]),
            packed: vec![0, -1, 1, i64::MAX, i64::MIN],
        },
    ]
}

#[test]
fn uncached_helpers_write_what_prost_writes() {
    for r in samples() {
        assert_eq!(write_with_helpers(&r), r.encode_to_vec(), "{r:?}");
    }
}

#[test]
fn uncached_and_cached_helpers_agree() {
    for r in samples() {
        let mut cache = LenCache::default();
        let mut buf = Vec::new();
        let len = optional_len_cached::<i64>(2, &r.present, &mut cache)
            + map_len_cached::<u32, String, _>(3, &r.names, &mut cache);
        encode_optional_cached::<i64>(2, &r.present, &mut buf, &mut cache);
        encode_map_cached::<u32, String, _>(3, &r.names, &mut buf, &mut cache);
        assert_eq!(len, buf.len());

        let mut plain = Vec::new();
        encode_optional::<i64>(2, &r.present, &mut plain);
        encode_map::<u32, String, _>(3, &r.names, &mut plain);
        assert_eq!(plain, buf);
        assert_eq!(
            optional_len::<i64>(2, &r.present) + map_len::<u32, String, _>(3, &r.names),
            len
        );
    }
}

/// A contract, as a message field's element (boxed, as recursion is written).
#[leyline::message(package = "leyline.cov.v1")]
pub struct Leaf {
    #[leyline(field = 1)]
    pub x: u32,
    #[leyline(field = 2)]
    pub name: String,
}

#[derive(Clone, PartialEq, prost::Message)]
struct LeafRef {
    #[prost(uint32, tag = "1")]
    x: u32,
    #[prost(string, tag = "2")]
    name: String,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Leaves {
    #[prost(message, optional, tag = "7")]
    leaf: Option<LeafRef>,
    #[prost(message, repeated, tag = "8")]
    leaves: Vec<LeafRef>,
}

#[test]
fn boxed_message_fields_write_what_prost_writes() {
    let leaf = |x: u32, name: &str| Leaf {
        x,
        name: name.into(),
    };
    let leaf_ref = |x: u32, name: &str| LeafRef {
        x,
        name: name.into(),
    };
    let one = Some(Box::new(leaf(5, "five")));
    let many = vec![
        Box::new(leaf(0, "")),
        Box::new(leaf(1, "")),
        Box::new(leaf(0, "n")),
    ];
    let mut buf = Vec::new();
    encode_optional::<Box<Leaf>>(7, &one, &mut buf);
    encode_repeated::<Box<Leaf>>(8, &many, &mut buf);
    assert_eq!(
        optional_len::<Box<Leaf>>(7, &one) + repeated_len::<Box<Leaf>>(8, &many),
        buf.len()
    );
    let expected = Leaves {
        leaf: Some(leaf_ref(5, "five")),
        leaves: vec![leaf_ref(0, ""), leaf_ref(1, ""), leaf_ref(0, "n")],
    };
    assert_eq!(buf, expected.encode_to_vec());
    // A singular boxed message is left out when it is the default.
    assert_eq!(
        leyline::wire::singular_len::<Box<Leaf>>(7, &Box::default()),
        0
    );
    let mut empty = Vec::new();
    leyline::wire::encode_singular::<Box<Leaf>>(7, &Box::default(), &mut empty);
    assert!(empty.is_empty());
}

#[test]
fn varints_cut_short_are_truncated_and_overlong_ones_invalid() {
    use leyline::{Contract as _, DecodeErrorKind};
    let decode = |bytes: &[u8]| Leaf::decode_slice(bytes).map_err(|e| e.kind().clone());
    // Field 1 (x), a varint.
    assert_eq!(decode(&[0x08, 0xff, 0xff]), Err(DecodeErrorKind::Truncated));
    assert_eq!(decode(&[0x08, 0x80]), Err(DecodeErrorKind::Truncated));
    let mut ten = vec![0x08];
    ten.extend([0xff; 9]);
    ten.push(0x02); // the tenth byte may only hold bit 63
    assert_eq!(decode(&ten), Err(DecodeErrorKind::InvalidVarint));
    let mut eleven = vec![0x08];
    eleven.extend([0xff; 10]);
    eleven.push(0x01);
    assert_eq!(decode(&eleven), Err(DecodeErrorKind::InvalidVarint));
    // The largest ten-byte varint is fine (u32 field: truncated to its low bits).
    let mut max = vec![0x08];
    max.extend([0xff; 9]);
    max.push(0x01);
    assert!(decode(&max).is_ok());
}

#[test]
fn schema_field_types_compare_by_what_they_name() {
    use leyline::schema::{FieldType, Scalar};
    const I64: FieldType = FieldType::Scalar(Scalar::Int64);
    const U64: FieldType = FieldType::Scalar(Scalar::Uint64);
    let map = |k, v: &'static FieldType| FieldType::Map(k, v);
    assert_eq!(map(Scalar::String, &I64), map(Scalar::String, &I64));
    assert_ne!(map(Scalar::String, &I64), map(Scalar::Int32, &I64));
    assert_ne!(map(Scalar::String, &I64), map(Scalar::String, &U64));
    assert_ne!(map(Scalar::String, &I64), I64);
    assert_ne!(I64, U64);
}

#[test]
fn a_timestamp_field_with_a_wrong_wire_type_is_refused_and_unknown_fields_skipped() {
    use leyline::{Contract as _, DecodeErrorKind, Timestamp};
    #[leyline::message(package = "leyline.cov.v1")]
    pub(crate) struct At {
        #[leyline(field = 1)]
        pub(crate) at: Option<Timestamp>,
    }
    // at = {seconds: 5, field 3: 7}: the unknown field is skipped.
    let at = At::decode_slice(&[0x0a, 0x04, 0x08, 0x05, 0x18, 0x07]).unwrap();
    assert_eq!(
        at.at,
        Some(Timestamp {
            seconds: 5,
            nanos: 0
        })
    );
    // seconds as a fixed64: the wrong wire type.
    let err = At::decode_slice(&[0x0a, 0x09, 0x09, 1, 0, 0, 0, 0, 0, 0, 0]).unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::UnexpectedWireType { .. }),
        "{err:?}"
    );
}
