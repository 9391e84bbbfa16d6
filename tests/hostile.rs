//! Hostile input: decoding any bytes into any Esper contract returns `Ok` or an
//! error, never a panic, a hang or a stack overflow; unknown fields and enum
//! values survive a relay built against an older contract; errors name the
//! field; depth is bounded on decode and checked on encode.
//!
//! The fuzz targets (`fuzz/`) run the same checks (`fuzz/src/lib.rs`, included
//! here) on generated input; every input they found failing is kept in
//! `tests/regressions/` and replayed by `regressions_still_pass`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "hostile_support.rs"]
#[allow(dead_code)]
mod hostile_support;

use std::collections::HashMap;

use bytes::Buf;
use hostile_support::{contracts, fixtures, Entry, Outcome};
use leyline::contracts::{self as c, SeedLifecycleStage};
use leyline::prost::Message;
use leyline::wire::{encode_key, encode_varint, WireType, DEFAULT_RECURSION_LIMIT};
use leyline::{Contract, DecodeErrorKind, EncodeErrorKind, UnknownFields};
use proptest::prelude::*;

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code, unreachable_pub)]
mod fuzz_checks;

use fuzz_checks::{check_decode, check_roundtrip, Wkts};

fn len_field(tag: u32, payload: &[u8], buf: &mut Vec<u8>) {
    encode_key(tag, WireType::LengthDelimited, buf);
    encode_varint(payload.len() as u64, buf);
    buf.extend_from_slice(payload);
}

fn entry(name: &str) -> Entry {
    contracts()
        .into_iter()
        .find(|e| e.full_name == name)
        .unwrap()
}

/// A fuzz target's check of one contract: decode every way (bytes, split).
type DecodeCheck = fn(&[u8], usize);
/// A fuzz target's check of one contract: decode, encode, decode.
type RoundtripCheck = fn(&[u8]);

/// The fuzz checks of every contract, by name.
fn checks(full_name: &str) -> (DecodeCheck, RoundtripCheck) {
    let index = contracts()
        .iter()
        .position(|e| e.full_name == full_name)
        .unwrap();
    (fuzz_checks::DECODE[index], fuzz_checks::ROUNDTRIP[index])
}

// ---------------------------------------------------------------------------
// Fixtures, truncated and flipped

#[test]
fn fixtures_cover_every_contract_and_decode() {
    let fixtures = fixtures();
    for entry in contracts() {
        let of_it: Vec<_> = fixtures
            .iter()
            .filter(|(e, _)| e.full_name == entry.full_name)
            .collect();
        assert!(of_it.len() >= 2, "{} has no fixture", entry.full_name);
        for (_, bytes) in of_it {
            assert_eq!((entry.decode)(bytes), Outcome::Ok, "{}", entry.full_name);
            let (decode, roundtrip) = checks(entry.full_name);
            decode(bytes, bytes.len() / 2);
            roundtrip(bytes);
        }
    }
}

#[test]
fn every_prefix_of_every_fixture_is_ok_or_an_error() {
    let mut prefixes = 0usize;
    for (entry, bytes) in fixtures() {
        // The full-size pruning request (16 KiB of floats) is covered by its
        // schema-built fixture; its every prefix would take minutes unoptimised.
        if bytes.len() > 8192 {
            continue;
        }
        let (decode, roundtrip) = checks(entry.full_name);
        for end in 0..=bytes.len() {
            let prefix = &bytes[..end];
            // Ok or Err: both are fine, a panic fails the test. The decode
            // check also compares the slice and Buf paths on the prefix.
            decode(prefix, end / 2);
            roundtrip(prefix);
            prefixes += 1;
        }
        assert_eq!((entry.decode)(&bytes), Outcome::Ok);
    }
    assert!(prefixes > 5_000, "only {prefixes} prefixes");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn flipped_bits_never_panic(pick in any::<prop::sample::Index>(), flips in prop::collection::vec(any::<prop::sample::Index>(), 1..8)) {
        // Only fixtures with bits to flip (an empty encoding has none).
        let fixtures: Vec<_> = fixtures().into_iter().filter(|(_, b)| !b.is_empty()).collect();
        let (entry, mut bytes) = fixtures[pick.index(fixtures.len())].clone();
        let bits = bytes.len() * 8;
        for flip in &flips {
            let bit = flip.index(bits);
            bytes[bit / 8] ^= 1 << (bit % 8);
        }
        let (decode, roundtrip) = checks(entry.full_name);
        decode(&bytes, bytes.len() / 3);
        roundtrip(&bytes);
    }

    #[test]
    fn random_bytes_never_panic(pick in any::<prop::sample::Index>(), bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let table = contracts();
        let entry = table[pick.index(table.len())];
        let (decode, roundtrip) = checks(entry.full_name);
        decode(&bytes, bytes.len() / 2);
        roundtrip(&bytes);
        check_decode::<Wkts>(&bytes, bytes.len() / 2);
        check_roundtrip::<Wkts>(&bytes);
    }

    #[test]
    fn spliced_fixtures_never_panic(a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>()) {
        // A valid encoding of one contract followed by a piece of another: the
        // fields collide in number with others' of another type.
        let fixtures = fixtures();
        let (entry, mut bytes) = fixtures[a.index(fixtures.len())].clone();
        let other = &fixtures[b.index(fixtures.len())].1;
        bytes.extend_from_slice(&other[cut.index(other.len() + 1)..]);
        let (decode, roundtrip) = checks(entry.full_name);
        decode(&bytes, bytes.len() / 2);
        roundtrip(&bytes);
    }
}

// ---------------------------------------------------------------------------
// Malformed fields

/// One record of every wire type for field `tag`.
fn every_wire_type(tag: u32) -> Vec<(WireType, Vec<u8>)> {
    let mut out = Vec::new();
    for wire_type in [
        WireType::Varint,
        WireType::SixtyFourBit,
        WireType::LengthDelimited,
        WireType::StartGroup,
        WireType::ThirtyTwoBit,
    ] {
        let mut buf = Vec::new();
        encode_key(tag, wire_type, &mut buf);
        match wire_type {
            WireType::Varint => buf.push(1),
            WireType::SixtyFourBit => buf.extend_from_slice(&[1; 8]),
            WireType::ThirtyTwoBit => buf.extend_from_slice(&[1; 4]),
            WireType::LengthDelimited => buf.extend_from_slice(&[1, 1]),
            WireType::StartGroup => encode_key(tag, WireType::EndGroup, &mut buf),
            WireType::EndGroup => {}
        }
        out.push((wire_type, buf));
    }
    out
}

/// The wire types a field accepts: its own, and for packable repeated fields
/// also length-delimited (packed). `None` for messages and other
/// length-delimited types (whose payload `[1, 1]` may itself be invalid).
fn accepted(field: &leyline::schema::FieldSchema) -> Vec<WireType> {
    use leyline::schema::{FieldType, Label, Scalar};
    let own = match field.ty {
        FieldType::Scalar(Scalar::Double | Scalar::Fixed64 | Scalar::Sfixed64) => {
            WireType::SixtyFourBit
        }
        FieldType::Scalar(Scalar::Float | Scalar::Fixed32 | Scalar::Sfixed32) => {
            WireType::ThirtyTwoBit
        }
        FieldType::Scalar(Scalar::String | Scalar::Bytes)
        | FieldType::Message(_)
        | FieldType::Map(..) => WireType::LengthDelimited,
        FieldType::Scalar(_) | FieldType::Enum(_) => WireType::Varint,
    };
    let mut out = vec![own];
    if field.label == Label::Repeated && own != WireType::LengthDelimited {
        out.push(WireType::LengthDelimited);
    }
    out
}

#[test]
fn wrong_wire_types_for_known_fields_are_errors_naming_the_field() {
    let mut cases = 0;
    for entry in contracts() {
        let schema = (entry.schema)();
        for (field, oneof) in schema.fields() {
            let ok = accepted(field);
            for (wire_type, bytes) in every_wire_type(field.number) {
                if ok.contains(&wire_type) {
                    continue;
                }
                let Outcome::Err(text) = (entry.decode)(&bytes) else {
                    panic!("{}.{} accepted {wire_type:?}", schema.name, field.name);
                };
                let owner = match oneof {
                    Some(o) => format!(
                        "{}.{}: {}.{}: ",
                        schema.name, o.name, o.rust_type, field.name
                    ),
                    None => format!("{}.{}: ", schema.name, field.name),
                };
                assert!(
                    text.contains(&owner) && text.contains("wrong wire type"),
                    "{text}"
                );
                cases += 1;
            }
        }
    }
    assert!(cases > 500, "{cases}");
}

#[test]
fn overlong_and_malformed_varints_are_errors() {
    let seed = entry(c::SeedState::FULL_NAME);
    // layer_depth (5) = an 11-byte varint.
    let mut eleven = vec![5 << 3];
    eleven.extend_from_slice(&[0x80; 10]);
    eleven.push(0x01);
    // a 10-byte varint whose last byte carries bits above 2^64.
    let mut above = vec![5 << 3];
    above.extend_from_slice(&[0xff; 9]);
    above.push(0x02);
    // a key above 2^32.
    let big_key = vec![0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
    for bytes in [&eleven, &above, &big_key] {
        assert!(
            matches!((seed.decode)(bytes), Outcome::Err(_)),
            "{bytes:x?}"
        );
    }
    let err = c::SeedState::decode_slice(&eleven).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::InvalidVarint);
    assert!(matches!(
        c::SeedState::decode_slice(&big_key).unwrap_err().kind(),
        DecodeErrorKind::InvalidKey(_)
    ));
    // Padded but in range: protobuf decoders accept it, and so do we.
    let padded = [5 << 3, 0x87, 0x80, 0x80, 0x00];
    assert_eq!(c::SeedState::decode_slice(&padded).unwrap().layer_depth, 7);
    // A varint cut short by the end of the input, and a field number of 0.
    assert_eq!(
        c::SeedState::decode_slice(&[5 << 3, 0x80])
            .unwrap_err()
            .kind(),
        &DecodeErrorKind::Truncated
    );
    assert_eq!(
        c::SeedState::decode_slice(&[0x00, 0x01])
            .unwrap_err()
            .kind(),
        &DecodeErrorKind::InvalidTag
    );
    // Wire types 6 and 7 do not exist; end-group with no start is an error.
    assert!(c::SeedState::decode_slice(&[(1 << 3) | 6]).is_err());
    assert!(c::SeedState::decode_slice(&[(1 << 3) | 7]).is_err());
    assert_eq!(
        c::SeedState::decode_slice(&[(1 << 3) | 4])
            .unwrap_err()
            .kind(),
        &DecodeErrorKind::UnexpectedEndGroup
    );
    // A group closed by another field's end key.
    let mut crossed = Vec::new();
    encode_key(20, WireType::StartGroup, &mut crossed);
    encode_key(21, WireType::EndGroup, &mut crossed);
    assert_eq!(
        c::SeedState::decode_slice(&crossed).unwrap_err().kind(),
        &DecodeErrorKind::UnexpectedEndGroup
    );
}

#[test]
fn length_prefixes_past_the_end_are_errors_for_every_contract() {
    for entry in contracts() {
        let schema = (entry.schema)();
        for (field, _) in schema.fields() {
            // 2 GiB announced, 3 bytes present.
            let mut bytes = Vec::new();
            encode_key(field.number, WireType::LengthDelimited, &mut bytes);
            encode_varint(1 << 31, &mut bytes);
            bytes.extend_from_slice(b"abc");
            let Outcome::Err(text) = (entry.decode)(&bytes) else {
                panic!(
                    "{}.{} accepted a 2 GiB length on 3 bytes",
                    schema.name, field.name
                );
            };
            assert!(text.contains("ends inside a field"), "{text}");
        }
        // And for an unknown field, and for u64::MAX.
        let mut bytes = Vec::new();
        encode_key(9999, WireType::LengthDelimited, &mut bytes);
        encode_varint(u64::MAX, &mut bytes);
        assert!(matches!((entry.decode)(&bytes), Outcome::Err(_)));
    }
}

#[test]
fn packed_lengths_must_be_whole_elements() {
    // LayerImportance.channel_importance is a packed float.
    let schema = c::LayerImportance::schema();
    let field = schema.field_by_name("channel_importance").unwrap();
    let mut bytes = Vec::new();
    len_field(field.number, &[0, 0, 128, 63, 0], &mut bytes);
    let err = c::LayerImportance::decode_slice(&bytes).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::PackedLength);
    assert_eq!(
        err.path().collect::<Vec<_>>(),
        ["LayerImportance.channel_importance"]
    );
}

#[test]
fn oversized_repeated_fields_decode_in_linear_time() {
    // 100 000 empty SeedState records: 200 KB of input, 100 000 elements
    // (32 MiB of memory budget, half the default cap of 64 MiB;
    // tests/memory.rs refuses more).
    let mut bytes = Vec::new();
    for _ in 0..100_000 {
        bytes.extend_from_slice(&[8 << 3 | 2, 0]);
    }
    let packet = c::SystemStatePacket::decode_slice(&bytes).unwrap();
    assert_eq!(packet.seed_states.len(), 100_000);
    // The same through prost's Buf path, in two chunks.
    let (a, b) = bytes.split_at(bytes.len() / 2 + 1);
    let packet2 = c::SystemStatePacket::decode(a.chain(b)).unwrap();
    assert_eq!(packet, packet2);
    // 1 MiB of packed floats, and a 1 MiB bitmap.
    let floats = vec![0u8; 1 << 20];
    let channels = c::LayerImportance::schema()
        .field_by_name("channel_importance")
        .unwrap();
    let mut bytes = Vec::new();
    len_field(channels.number, &floats, &mut bytes);
    let layer = c::LayerImportance::decode_slice(&bytes).unwrap();
    assert_eq!(layer.channel_importance.len(), 1 << 18);
    let mask_field = c::PruningMask::schema().field_by_name("bitmap").unwrap();
    let mut bytes = Vec::new();
    len_field(mask_field.number, &floats, &mut bytes);
    assert_eq!(
        c::PruningMask::decode_slice(&bytes).unwrap().bitmap.len(),
        1 << 20
    );
    // 100 000 unknown fields.
    let mut bytes = Vec::new();
    for i in 0..100_000u64 {
        encode_key(1000, WireType::Varint, &mut bytes);
        encode_varint(i, &mut bytes);
    }
    let seed = c::SeedState::decode_slice(&bytes).unwrap();
    assert_eq!(seed.unknown_fields.as_bytes(), bytes.as_slice());
    assert_eq!(seed.encode_to_vec(), bytes);
}

// ---------------------------------------------------------------------------
// Deep nesting

/// A contract that nests itself.
#[leyline::message(package = "leyline.hostile.v1")]
pub struct Node {
    #[leyline(field = 1)]
    pub child: Option<Box<Node>>,
    #[leyline(field = 2)]
    pub children: Vec<Node>,
    #[leyline(field = 3)]
    pub data: Option<leyline::Struct>,
    #[leyline(field = 4)]
    pub by_name: HashMap<String, Node>,
    #[leyline(unknown_fields)]
    pub unknown_fields: UnknownFields,
}

/// `levels` length-delimited headers of field `tag`, each holding the next.
fn nested(tag: u32, levels: usize, innermost: &[u8]) -> Vec<u8> {
    let mut bytes = innermost.to_vec();
    for _ in 0..levels {
        let mut outer = Vec::with_capacity(bytes.len() + 6);
        len_field(tag, &bytes, &mut outer);
        bytes = outer;
    }
    bytes
}

/// A `Struct` whose field "k" holds a `Struct`, `levels` times: each level is
/// three messages on the wire (Struct, map entry, Value).
fn nested_struct(levels: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    for _ in 0..levels {
        let mut value = Vec::new();
        len_field(5, &bytes, &mut value);
        let mut entry = Vec::new();
        len_field(1, b"k", &mut entry);
        len_field(2, &value, &mut entry);
        let mut structure = Vec::new();
        len_field(1, &entry, &mut structure);
        bytes = structure;
    }
    bytes
}

/// A `ListValue` holding a `Value` holding a list ..., `levels` times.
fn nested_list(levels: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    for _ in 0..levels {
        let mut value = Vec::new();
        len_field(6, &bytes, &mut value);
        let mut list = Vec::new();
        len_field(1, &value, &mut list);
        bytes = list;
    }
    bytes
}

fn assert_recursion_limit<T: Contract>(bytes: &[u8]) {
    let err = T::decode_slice(bytes).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::RecursionLimit, "{err}");
    // prost's generic entry points, from one chunk and from two.
    let (a, b) = bytes.split_at(bytes.len() / 2);
    let text = <T as Message>::decode(a.chain(b)).unwrap_err().to_string();
    assert!(text.contains("recursion limit"), "{text}");
    assert!(<T as Message>::decode(bytes).is_err());
    let mut delimited = Vec::new();
    encode_varint(bytes.len() as u64, &mut delimited);
    delimited.extend_from_slice(bytes);
    let (a, b) = delimited.split_at(delimited.len() / 3);
    assert!(T::decode_length_delimited(a.chain(b)).is_err());
}

#[test]
fn ten_thousand_nested_messages_are_a_recursion_error() {
    let deep = nested(1, 10_000, &[]);
    assert_recursion_limit::<Node>(&deep);
    assert_recursion_limit::<Node>(&nested(2, 10_000, &[]));
    // Through map values: entry (not a level) then the value (a level).
    let mut map_deep = Vec::new();
    for _ in 0..10_000 {
        let mut entry = Vec::new();
        len_field(1, b"k", &mut entry);
        len_field(2, &map_deep, &mut entry);
        let mut node = Vec::new();
        len_field(4, &entry, &mut node);
        map_deep = node;
    }
    assert_recursion_limit::<Node>(&map_deep);
    // The limit itself: 100 levels below the top decode, 101 do not.
    let limit = DEFAULT_RECURSION_LIMIT as usize;
    assert!(Node::decode_slice(&nested(1, limit, &[])).is_ok());
    assert!(Node::decode_slice(&nested(1, limit + 1, &[])).is_err());
    assert!(Node::decode(&nested(1, limit, &[])[..]).is_ok());
    assert!(Node::decode_slice_with_limit(&nested(1, 5, &[]), 5).is_ok());
    assert!(Node::decode_slice_with_limit(&nested(1, 6, &[]), 5).is_err());
}

#[test]
fn deep_struct_and_list_values_are_a_recursion_error() {
    // AdaptationCommand.payload.rollback_payload (13) is a Struct: one holding
    // deep structs, and one holding deep lists ({"k": [[[...]]]}).
    let mut list_value = Vec::new();
    len_field(6, &nested_list(10_000), &mut list_value);
    let mut entry = Vec::new();
    len_field(1, b"k", &mut entry);
    len_field(2, &list_value, &mut entry);
    let mut struct_of_lists = Vec::new();
    len_field(1, &entry, &mut struct_of_lists);
    for payload in [nested_struct(10_000), struct_of_lists] {
        let mut bytes = Vec::new();
        len_field(13, &payload, &mut bytes);
        let err = c::AdaptationCommand::decode_slice(&bytes).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::RecursionLimit);
        assert_eq!(
            err.path().collect::<Vec<_>>(),
            [
                "AdaptationCommand.payload",
                "AdaptationPayload.rollback_payload"
            ]
        );
        assert_recursion_limit::<c::AdaptationCommand>(&bytes);
    }
    // prost on its own stops at its limit too (no stack overflow).
    assert!(leyline::Struct::decode(&nested_struct(10_000)[..]).is_err());
    assert!(leyline::ListValue::decode(&nested_list(10_000)[..]).is_err());
    // The caller's limit applies inside Struct: 3 wire levels per Struct level.
    let mut bytes = Vec::new();
    len_field(3, &nested_struct(3), &mut bytes);
    // Node -> data, a Struct (1) -> 3 x (entry, Value, Struct) = 10 levels.
    assert!(Node::decode_slice_with_limit(&bytes, 10).is_ok());
    assert!(Node::decode_slice_with_limit(&bytes, 9).is_err());
    let node = Node::decode_slice(&bytes).unwrap();
    assert!(node.check_depth(10).is_ok());
    assert!(node.check_depth(9).is_err());
}

#[test]
fn deep_unknown_groups_are_a_recursion_error() {
    let mut bytes = Vec::new();
    for _ in 0..10_000 {
        encode_key(20, WireType::StartGroup, &mut bytes);
    }
    for _ in 0..10_000 {
        encode_key(20, WireType::EndGroup, &mut bytes);
    }
    for entry in contracts() {
        let Outcome::Err(text) = (entry.decode)(&bytes) else {
            panic!("{} accepted 10 000 nested groups", entry.full_name);
        };
        assert!(text.contains("recursion limit"), "{text}");
    }
    assert_recursion_limit::<c::SeedState>(&bytes);
    // 50 levels are fine, and kept.
    let mut ok = Vec::new();
    for _ in 0..50 {
        encode_key(20, WireType::StartGroup, &mut ok);
    }
    for _ in 0..50 {
        encode_key(20, WireType::EndGroup, &mut ok);
    }
    let seed = c::SeedState::decode_slice(&ok).unwrap();
    assert_eq!(seed.encode_to_vec(), ok);
    assert!(seed.check_depth(50).is_ok());
    assert!(seed.check_depth(49).is_err());
}

#[test]
fn encoding_a_too_deep_value_is_an_error() {
    let mut node = Node::default();
    for _ in 0..150 {
        node = Node {
            child: Some(Box::new(node)),
            ..Node::default()
        };
    }
    let err = node.encode_to_vec_checked().unwrap_err();
    assert_eq!(err.kind(), &EncodeErrorKind::RecursionLimit);
    // The 101st level is the one too many.
    assert_eq!(err.path().count(), 101);
    assert!(err
        .to_string()
        .starts_with("failed to encode protobuf message: Node.child: Node.child: "));
    assert!(node.check_depth(150).is_ok());
    assert!(node.check_depth(149).is_err());
    let mut buf = vec![7];
    assert!(node.encode_checked(&mut buf).is_err());
    assert_eq!(buf, [7], "nothing is written on error");

    // A deep Struct held by an Esper contract.
    let mut value = leyline::Value {
        kind: Some(prost_types::value::Kind::NullValue(0)),
    };
    for _ in 0..60 {
        let mut fields = std::collections::BTreeMap::new();
        fields.insert("k".to_owned(), value);
        value = leyline::Value {
            kind: Some(prost_types::value::Kind::StructValue(leyline::Struct {
                fields,
            })),
        };
    }
    let Some(prost_types::value::Kind::StructValue(deep)) = value.kind else {
        unreachable!()
    };
    let command = c::AdaptationCommand {
        payload: Some(c::AdaptationPayload::RollbackPayload(deep)),
        ..Default::default()
    };
    let err = command.encode_to_vec_checked().unwrap_err();
    assert_eq!(
        err.to_string(),
        "failed to encode protobuf message: AdaptationCommand.payload: AdaptationPayload.rollback_payload: messages are nested deeper than the recursion limit"
    );
    // Within the limit, the checked encoding is the ordinary one, and decodes.
    let fixture = c::fixtures::adaptation_command();
    assert_eq!(
        fixture.encode_to_vec_checked().unwrap(),
        fixture.encode_to_vec()
    );
}

// ---------------------------------------------------------------------------
// Unknown fields from a newer contract

#[leyline::message(package = "leyline.hostile.v1")]
pub struct InnerV1 {
    #[leyline(field = 1)]
    pub name: String,
    #[leyline(unknown_fields)]
    pub unknown_fields: UnknownFields,
}

#[leyline::message(package = "leyline.hostile.v1")]
pub struct RecordV1 {
    #[leyline(field = 1)]
    pub id: String,
    #[leyline(field = 2)]
    pub inner: Option<InnerV1>,
    #[leyline(field = 3)]
    pub inners: Vec<InnerV1>,
    #[leyline(unknown_fields)]
    pub unknown_fields: UnknownFields,
}

/// `InnerV1` with fields added: one of each wire type.
#[leyline::message(package = "leyline.hostile.v2")]
pub struct InnerV2 {
    #[leyline(field = 1)]
    pub name: String,
    #[leyline(field = 2)]
    pub count: u64,
    #[leyline(field = 3, encoding = "fixed64")]
    pub stamp: u64,
    #[leyline(field = 4)]
    pub ratio: f32,
    #[leyline(field = 5)]
    pub label: String,
    #[leyline(unknown_fields)]
    pub unknown_fields: UnknownFields,
}

/// `RecordV1` with fields added: every wire type, a new nested message, a
/// packed repeated field, a map, and a new enum.
#[leyline::message(package = "leyline.hostile.v2")]
pub struct RecordV2 {
    #[leyline(field = 1)]
    pub id: String,
    #[leyline(field = 2)]
    pub inner: Option<InnerV2>,
    #[leyline(field = 3)]
    pub inners: Vec<InnerV2>,
    #[leyline(field = 4)]
    pub count: u64,
    #[leyline(field = 5, encoding = "sint64")]
    pub delta: i64,
    #[leyline(field = 6, encoding = "fixed64")]
    pub stamp: u64,
    #[leyline(field = 7)]
    pub blob: Vec<u8>,
    #[leyline(field = 8)]
    pub extra: Option<InnerV2>,
    #[leyline(field = 9, encoding = "fixed32")]
    pub small: u32,
    #[leyline(field = 10)]
    pub samples: Vec<u32>,
    #[leyline(field = 11)]
    pub tags: HashMap<String, u32>,
    #[leyline(field = 12)]
    pub score: f64,
    #[leyline(field = 13)]
    pub stage: SeedLifecycleStage,
    #[leyline(unknown_fields)]
    pub unknown_fields: UnknownFields,
}

fn inner_v2(n: u64) -> InnerV2 {
    InnerV2 {
        name: format!("inner-{n}"),
        count: 1 << 40 | n,
        stamp: 0xdead_beef_0000_0000 | n,
        ratio: 0.5,
        label: "newer".into(),
        unknown_fields: UnknownFields::new(),
    }
}

/// A group record (wire types 3 and 4) for field `tag` holding a varint, a
/// nested group and a string.
fn group(tag: u32) -> Vec<u8> {
    let mut g = Vec::new();
    encode_key(tag, WireType::StartGroup, &mut g);
    encode_key(1, WireType::Varint, &mut g);
    encode_varint(150, &mut g);
    encode_key(2, WireType::StartGroup, &mut g);
    encode_key(1, WireType::ThirtyTwoBit, &mut g);
    g.extend_from_slice(&[1, 2, 3, 4]);
    encode_key(2, WireType::SixtyFourBit, &mut g);
    g.extend_from_slice(&[5; 8]);
    encode_key(2, WireType::EndGroup, &mut g);
    len_field(3, b"in a group", &mut g);
    encode_key(tag, WireType::EndGroup, &mut g);
    g
}

/// A newer record, encoded, with a group field appended both to it and to its
/// nested message (groups cannot be declared, so they travel as unknown fields
/// in v2 as well).
fn newer() -> (RecordV2, Vec<u8>) {
    let mut inner = inner_v2(1);
    inner.unknown_fields = RecordV2::decode_slice(&group(30)).unwrap().unknown_fields;
    let mut record = RecordV2 {
        id: "record-1".into(),
        inner: Some(inner),
        inners: vec![inner_v2(2), inner_v2(3)],
        count: 1 << 60,
        delta: -5,
        stamp: u64::MAX,
        blob: vec![0, 1, 2, 255],
        extra: Some(inner_v2(4)),
        small: 0xffff_fffe,
        samples: vec![1, 300, 70_000],
        tags: HashMap::from([("a".to_owned(), 1)]),
        score: -2.25,
        stage: SeedLifecycleStage::from_value(77),
        unknown_fields: UnknownFields::new(),
    };
    let mut bytes = record.encode_to_vec();
    bytes.extend_from_slice(&group(40));
    record = RecordV2::decode_slice(&bytes).unwrap();
    (record, bytes)
}

fn assert_relayed(relay: &RecordV1, original: &RecordV2, bytes: &[u8]) {
    assert_eq!(relay.id, "record-1");
    assert_eq!(relay.inner.as_ref().unwrap().name, "inner-1");
    assert!(!relay.unknown_fields.is_empty());
    assert_eq!(
        relay.unknown_fields.numbers(),
        [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 40]
    );
    assert_eq!(
        relay.inner.as_ref().unwrap().unknown_fields.numbers(),
        [2, 3, 4, 5, 30]
    );
    let reencoded = relay.encode_to_vec();
    assert_eq!(reencoded, bytes, "the relay changed the bytes");
    assert_eq!(&RecordV2::decode_slice(&reencoded).unwrap(), original);
}

#[test]
fn unknown_fields_of_every_wire_type_survive_a_relay_by_slice() {
    let (original, bytes) = newer();
    let relay = RecordV1::decode_slice(&bytes).unwrap();
    assert_relayed(&relay, &original, &bytes);
    // And through a relay of the relay.
    let twice = RecordV1::decode_slice(&relay.encode_to_vec()).unwrap();
    assert_eq!(twice, relay);
}

#[test]
fn unknown_fields_survive_a_relay_through_prost_buf_paths() {
    let (original, bytes) = newer();
    for split in 0..=bytes.len() {
        let (a, b) = bytes.split_at(split);
        // `Message::decode` / `merge` from a non-contiguous Buf.
        let relay = RecordV1::decode(a.chain(b)).unwrap();
        assert_relayed(&relay, &original, &bytes);
        let mut merged = RecordV1::default();
        merged.merge(a.chain(b)).unwrap();
        assert_eq!(merged, relay);
    }
    // Field by field through `merge_field` (prost's length-delimited decode),
    // split everywhere.
    let mut delimited = Vec::new();
    encode_varint(bytes.len() as u64, &mut delimited);
    delimited.extend_from_slice(&bytes);
    for split in 0..=delimited.len() {
        let (a, b) = delimited.split_at(split);
        let relay = RecordV1::decode_length_delimited(a.chain(b)).unwrap();
        assert_relayed(&relay, &original, &bytes);
    }
}

#[test]
fn unknown_fields_inside_esper_contracts_survive() {
    // A newer SeedState (inside a SystemStatePacket) with a field 99 varint
    // and a field 100 group; and an unknown field of the packet itself.
    let mut seed = c::SeedState {
        seed_id: "seed-L03-02".into(),
        ..Default::default()
    }
    .encode_to_vec();
    encode_key(99, WireType::Varint, &mut seed);
    encode_varint(12345, &mut seed);
    seed.extend_from_slice(&group(100));
    let mut bytes = Vec::new();
    len_field(8, &seed, &mut bytes);
    len_field(8, &seed, &mut bytes);
    encode_key(4000, WireType::SixtyFourBit, &mut bytes);
    bytes.extend_from_slice(&[9; 8]);
    let packet = c::SystemStatePacket::decode_slice(&bytes).unwrap();
    assert_eq!(packet.seed_states[1].unknown_fields.numbers(), [99, 100]);
    assert_eq!(packet.unknown_fields.numbers(), [4000]);
    assert_eq!(packet.encode_to_vec(), bytes);
    let (a, b) = bytes.split_at(7);
    assert_eq!(c::SystemStatePacket::decode(a.chain(b)).unwrap(), packet);
}

// ---------------------------------------------------------------------------
// Unknown enum values

#[leyline::message(package = "leyline.hostile.v1")]
pub struct Stages {
    #[leyline(field = 1)]
    pub stage: SeedLifecycleStage,
    #[leyline(field = 2)]
    pub stages: Vec<SeedLifecycleStage>,
    #[leyline(field = 3)]
    pub maybe: Option<SeedLifecycleStage>,
    #[leyline(field = 4)]
    pub by_name: HashMap<String, SeedLifecycleStage>,
}

#[test]
fn unknown_enum_values_survive_decode_and_encode() {
    // Esper: SeedState.stage = 99 and -5 (negative: ten bytes on the wire).
    for n in [99i32, -5, i32::MAX, i32::MIN] {
        let mut bytes = Vec::new();
        encode_key(2, WireType::Varint, &mut bytes);
        encode_varint(n as i64 as u64, &mut bytes);
        let seed = c::SeedState::decode_slice(&bytes).unwrap();
        assert_eq!(seed.stage.value(), n);
        assert!(!seed.stage.is_defined());
        assert_eq!(seed.encode_to_vec(), bytes);
    }
    // Every Esper enum keeps a number it does not know.
    for e in c::all_enums() {
        let max = e.values.iter().map(|v| v.number).max().unwrap();
        assert!(e.values.iter().all(|v| v.number != max + 1), "{}", e.name);
    }
    // Repeated enums (no Esper contract has one), packed and unpacked.
    let mut packed = Vec::new();
    let mut payload = Vec::new();
    for n in [1i64, 99, -7] {
        encode_varint(n as u64, &mut payload);
    }
    len_field(2, &payload, &mut packed);
    let stages = Stages::decode_slice(&packed).unwrap();
    let values: Vec<i32> = stages.stages.iter().map(|s| s.value()).collect();
    assert_eq!(values, [1, 99, -7]);
    assert_eq!(stages.encode_to_vec(), packed);
    let mut unpacked = Vec::new();
    for n in [1i64, 99, -7] {
        encode_key(2, WireType::Varint, &mut unpacked);
        encode_varint(n as u64, &mut unpacked);
    }
    assert_eq!(Stages::decode_slice(&unpacked).unwrap(), stages);
    // Optional and map values.
    let value = Stages {
        maybe: Some(SeedLifecycleStage::from_value(1234)),
        by_name: HashMap::from([("x".to_owned(), SeedLifecycleStage::from_value(-1))]),
        ..Default::default()
    };
    assert_eq!(Stages::decode_slice(&value.encode_to_vec()).unwrap(), value);
}

// ---------------------------------------------------------------------------
// Invalid UTF-8

#[test]
fn invalid_utf8_is_an_error_naming_the_field() {
    let bad = [b'o', b'k', 0xff, 0xfe];
    // SystemStatePacket.seed_states[1].seed_id
    let mut seed = Vec::new();
    len_field(1, &bad, &mut seed);
    let mut bytes = Vec::new();
    len_field(8, &[], &mut bytes);
    len_field(8, &seed, &mut bytes);
    let err = c::SystemStatePacket::decode_slice(&bytes).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::InvalidUtf8);
    let expected = "failed to decode protobuf message: SystemStatePacket.seed_states: SeedState.seed_id: invalid string value: data is not UTF-8";
    assert_eq!(err.to_string(), expected);
    // The same text through prost's API, from a non-contiguous Buf.
    let (a, b) = bytes.split_at(3);
    let prost_err = c::SystemStatePacket::decode(a.chain(b)).unwrap_err();
    assert!(prost_err
        .to_string()
        .contains("SystemStatePacket.seed_states: SeedState.seed_id: invalid string value"));
    // Inside a oneof: AdaptationCommand.payload.seed_operation.blueprint_id.
    let op = c::CommandSeedOperation::schema();
    let blueprint = op.field_by_name("blueprint_id").unwrap();
    let mut inner = Vec::new();
    len_field(blueprint.number, &bad, &mut inner);
    let mut bytes = Vec::new();
    len_field(10, &inner, &mut bytes);
    let err = c::AdaptationCommand::decode_slice(&bytes).unwrap_err();
    assert_eq!(
        err.path().collect::<Vec<_>>(),
        [
            "AdaptationCommand.payload",
            "AdaptationPayload.seed_operation",
            "CommandSeedOperation.blueprint_id"
        ]
    );
    // A map key and a map value: the map field is named.
    for (tag, text) in [(1, &bad[..]), (2, &bad[..])] {
        let mut entry = Vec::new();
        len_field(tag, text, &mut entry);
        let mut bytes = Vec::new();
        len_field(20, &entry, &mut bytes);
        let err = c::AdaptationCommand::decode_slice(&bytes).unwrap_err();
        assert_eq!(
            err.to_string(),
            "failed to decode protobuf message: AdaptationCommand.annotations: invalid string value: data is not UTF-8"
        );
    }
    // Every string field of every contract.
    for entry in contracts() {
        let schema = (entry.schema)();
        for (field, oneof) in schema.fields() {
            if field.ty != leyline::schema::FieldType::Scalar(leyline::schema::Scalar::String) {
                continue;
            }
            let mut bytes = Vec::new();
            len_field(field.number, &bad, &mut bytes);
            let Outcome::Err(text) = (entry.decode)(&bytes) else {
                panic!("{}.{} accepted invalid UTF-8", schema.name, field.name);
            };
            let at = match oneof {
                Some(o) => format!(
                    "{}.{}: {}.{}: invalid string",
                    schema.name, o.name, o.rust_type, field.name
                ),
                None => format!("{}.{}: invalid string", schema.name, field.name),
            };
            assert!(text.contains(&at), "{text}");
        }
    }
}

// ---------------------------------------------------------------------------
// Inputs the fuzzers found

#[test]
fn regressions_still_pass() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut files = 0;
    for file in std::fs::read_dir(&dir).unwrap() {
        let path = file.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        // Each file is a fuzzer input (first byte picks the contract): replay
        // it as every target does (binary and JSON), and its bytes against
        // every contract.
        for bytes in [&data[..], data.get(1..).unwrap_or(&[])] {
            for (i, decode) in fuzz_checks::DECODE.iter().enumerate() {
                decode(bytes, bytes.len() / 2);
                fuzz_checks::ROUNDTRIP[i](bytes);
            }
            for json_parse in fuzz_checks::JSON_PARSE {
                json_parse(bytes);
            }
            check_decode::<Wkts>(bytes, bytes.len() / 2);
            check_roundtrip::<Wkts>(bytes);
            check_decode::<c::AdaptationCommand>(bytes, 0);
            check_roundtrip::<c::AdaptationCommand>(bytes);
        }
        files += 1;
    }
    assert!(files >= 6, "{files} regression files in {}", dir.display());
}

#[test]
fn the_tables_list_every_contract_in_registry_order() {
    let names: Vec<_> = contracts().iter().map(|e| e.full_name).collect();
    let registry: Vec<_> = c::all_messages().iter().map(|m| m.full_name).collect();
    assert_eq!(names, registry);
    assert_eq!(fuzz_checks::DECODE.len(), names.len());
}

/// Writes the fuzz targets' seed corpora (`fuzz/seeds/<target>/`) from the
/// fixtures: `cargo test -p leyline-tests --test hostile -- --ignored`.
#[test]
#[ignore = "writes fuzz/seeds; run by hand when the contracts change"]
fn write_fuzz_seeds() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds");
    let table = contracts();
    let mut written = 0;
    for (entry, bytes) in fixtures() {
        if bytes.len() > 8192 {
            continue;
        }
        let index = table
            .iter()
            .position(|e| e.full_name == entry.full_name)
            .unwrap();
        let mut input = vec![index as u8];
        input.extend_from_slice(&bytes);
        for target in ["decode", "roundtrip"] {
            let dir = root.join(target);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("{}-{written}", entry.full_name)), &input).unwrap();
        }
        if entry.full_name == c::AdaptationCommand::FULL_NAME {
            let dir = root.join("wkt");
            std::fs::create_dir_all(&dir).unwrap();
            let mut input = vec![1u8];
            input.extend_from_slice(&bytes);
            std::fs::write(dir.join(format!("AdaptationCommand-{written}")), &input).unwrap();
        }
        written += 1;
    }
    // Wkts: every field set, through the schema.
    let dir = root.join("wkt");
    for variant in 0..3 {
        let mut input = vec![0u8];
        input.extend(hostile_support::full_encoding(Wkts::schema(), variant));
        std::fs::write(dir.join(format!("Wkts-{variant}")), &input).unwrap();
    }
}

// ---------------------------------------------------------------------------
// The error and helper types, and the less common codecs

#[leyline::message(package = "leyline.hostile.v1")]
pub struct Packed {
    #[leyline(field = 1)]
    pub doubles: Vec<f64>,
    #[leyline(field = 2, encoding = "fixed64")]
    pub fixed: Vec<u64>,
    #[leyline(field = 3, encoding = "sfixed32")]
    pub sfixed: Vec<i32>,
    #[leyline(field = 4)]
    pub blob: bytes::Bytes,
    #[leyline(field = 5, encoding = "sint64")]
    pub zigzag: Vec<i64>,
    #[leyline(field = 6)]
    pub floats: Vec<f32>,
}

#[test]
fn packed_and_bytes_codecs_reject_what_they_must() {
    let value = Packed {
        doubles: vec![1.5, -0.0],
        fixed: vec![u64::MAX, 1],
        sfixed: vec![-1, 7],
        blob: bytes::Bytes::from_static(b"blob"),
        zigzag: vec![-3, 3],
        floats: vec![0.25],
    };
    let bytes = value.encode_to_vec();
    assert_eq!(Packed::decode_slice(&bytes).unwrap(), value);
    for (tag, bad_len) in [(1u32, 7usize), (2, 9), (3, 5), (6, 3)] {
        let mut bytes = Vec::new();
        len_field(tag, &vec![0; bad_len], &mut bytes);
        let err = Packed::decode_slice(&bytes).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::PackedLength, "{tag}");
    }
    // Unpacked elements are accepted too; wrong wire types are not.
    for (tag, wire_type, payload) in [
        (1u32, WireType::SixtyFourBit, vec![0u8; 8]),
        (2, WireType::SixtyFourBit, vec![1; 8]),
        (3, WireType::ThirtyTwoBit, vec![2; 4]),
        (6, WireType::ThirtyTwoBit, vec![3; 4]),
        (5, WireType::Varint, vec![5]),
    ] {
        let mut bytes = Vec::new();
        encode_key(tag, wire_type, &mut bytes);
        bytes.extend_from_slice(&payload);
        assert!(Packed::decode_slice(&bytes).is_ok(), "{tag}");
        for (other, record) in every_wire_type(tag) {
            if other != wire_type && other != WireType::LengthDelimited {
                assert!(Packed::decode_slice(&record).is_err(), "{tag} {other:?}");
            }
        }
    }
    for (wire_type, record) in every_wire_type(4) {
        assert_eq!(
            Packed::decode_slice(&record).is_ok(),
            wire_type == WireType::LengthDelimited
        );
    }
}

#[test]
fn errors_display_and_debug_their_kind_and_path() {
    use leyline::{DecodeError, EncodeError};
    let kinds = [
        DecodeErrorKind::Truncated,
        DecodeErrorKind::InvalidVarint,
        DecodeErrorKind::InvalidKey(1 << 40),
        DecodeErrorKind::InvalidTag,
        DecodeErrorKind::InvalidWireType(7),
        DecodeErrorKind::UnexpectedWireType {
            expected: WireType::Varint,
            found: WireType::LengthDelimited,
        },
        DecodeErrorKind::InvalidUtf8,
        DecodeErrorKind::RecursionLimit,
        DecodeErrorKind::UnexpectedEndGroup,
        DecodeErrorKind::PackedLength,
        DecodeErrorKind::Prost("prost said no".into()),
    ];
    for kind in kinds {
        let mut err = DecodeError::from(kind.clone());
        err.push("Inner", "field");
        err.push("Outer", "inner");
        let text = err.to_string();
        assert!(text.starts_with("failed to decode protobuf message: Outer.inner: Inner.field: "));
        assert!(text.ends_with(&kind.to_string()));
        assert!(format!("{err:?}").contains("Outer.inner"));
        let prost_err: leyline::prost::DecodeError = err.into();
        assert!(prost_err.to_string().contains("Outer.inner: Inner.field"));
    }
    let mut err = EncodeError::from(EncodeErrorKind::RecursionLimit);
    err.push("Node", "child");
    assert_eq!(err.kind(), &EncodeErrorKind::RecursionLimit);
    assert_eq!(
        format!("{err:?}"),
        r#"EncodeError { kind: RecursionLimit, path: ["Node.child"] }"#
    );
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(boxed
        .to_string()
        .contains("Node.child: messages are nested deeper"));
}

#[test]
fn unknown_field_store_and_const_helpers() {
    let mut seed = c::SeedState::decode_slice(&group(40)).unwrap();
    assert_eq!(
        format!("{:?}", seed.unknown_fields),
        "UnknownFields { numbers: [40], bytes: 37 }".replace("37", &group(40).len().to_string())
    );
    seed.unknown_fields.clear();
    assert!(seed.unknown_fields.is_empty());
    // A truncated group, through the slice path and the Buf paths.
    let cut = &group(40)[..group(40).len() - 1];
    assert!(c::SeedState::decode_slice(cut).is_err());
    let mut delimited = Vec::new();
    encode_varint(cut.len() as u64, &mut delimited);
    delimited.extend_from_slice(cut);
    let (a, b) = delimited.split_at(4);
    assert!(c::SeedState::decode_length_delimited(a.chain(b)).is_err());
    // Group parts cut short: a fixed64, a fixed32 and a length past the end.
    for tail in [
        vec![(2 << 3) | 1, 0, 0],
        vec![(2 << 3) | 5, 0],
        vec![(2 << 3) | 2, 9, 0],
        vec![(2 << 3) | 4],
    ] {
        let mut bytes = Vec::new();
        encode_key(40, WireType::StartGroup, &mut bytes);
        bytes.extend_from_slice(&tail);
        let mut delimited = Vec::new();
        encode_varint(bytes.len() as u64, &mut delimited);
        delimited.extend_from_slice(&bytes);
        assert!(
            c::SeedState::decode_length_delimited(&delimited[..]).is_err(),
            "{tail:?}"
        );
        assert!(c::SeedState::decode_slice(&bytes).is_err(), "{tail:?}");
    }
    // The constant helpers the generated checks use, run rather than const-evaluated.
    use leyline::__private::{any_in_range, contains, contains_name, intersects};
    assert!(contains(&[1, 2, 3], 2) && !contains(&[1, 2, 3], 4));
    assert!(any_in_range(&[5, 50], 40, 60) && !any_in_range(&[5, 50], 6, 49));
    assert!(intersects(&[1, 9], &[9]) && !intersects(&[1, 9], &[2]));
    let fields = <c::AdaptationPayload as leyline::Oneof>::FIELDS;
    assert!(contains_name(fields, "rollback_payload"));
    assert!(!contains_name(fields, "rollback_payloa"));
    assert!(!contains_name(fields, "rollback_payloaX"));
}
