//! `prost::Message::merge_field` on a leyline contract: the path prost takes
//! when it drives the decode itself, field by field, for a leyline contract
//! held inside a message prost generated. Every wire type, known and unknown
//! fields, values split across the chunks of a `Buf`, and the errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use leyline::prost::bytes::Buf;
use leyline::prost::encoding::{decode_key, encode_key, encode_varint, DecodeContext, WireType};
use leyline::prost::Message as _;

#[leyline::message(package = "leyline.merge_field.v1")]
pub struct Probe {
    #[leyline(field = 1)]
    pub count: u64,
    #[leyline(field = 2)]
    pub name: String,
    #[leyline(field = 3)]
    pub ratio: f64,
    #[leyline(field = 4)]
    pub level: f32,
    #[leyline(unknown_fields)]
    pub unknown: leyline::UnknownFields,
}

/// Feeds one field to `merge_field`: reads the key from `buf`, as prost does.
fn merge(msg: &mut Probe, mut buf: impl Buf) -> Result<(), String> {
    let (tag, wire_type) = decode_key(&mut buf).unwrap();
    msg.merge_field(tag, wire_type, &mut buf, DecodeContext::default())
        .map_err(|e| e.to_string())?;
    assert!(!buf.has_remaining(), "the field was not read whole");
    Ok(())
}

fn key(tag: u32, wire_type: WireType) -> Vec<u8> {
    let mut b = Vec::new();
    encode_key(tag, wire_type, &mut b);
    b
}

fn len_record(tag: u32, payload: &[u8]) -> Vec<u8> {
    let mut b = key(tag, WireType::LengthDelimited);
    encode_varint(payload.len() as u64, &mut b);
    b.extend_from_slice(payload);
    b
}

#[test]
fn known_fields_of_every_wire_type() {
    let mut msg = Probe::default();
    let mut varint = key(1, WireType::Varint);
    encode_varint(1 << 40, &mut varint);
    merge(&mut msg, &varint[..]).unwrap();
    let mut fixed64 = key(3, WireType::SixtyFourBit);
    fixed64.extend_from_slice(&0.25f64.to_le_bytes());
    merge(&mut msg, &fixed64[..]).unwrap();
    let mut fixed32 = key(4, WireType::ThirtyTwoBit);
    fixed32.extend_from_slice(&1.5f32.to_le_bytes());
    merge(&mut msg, &fixed32[..]).unwrap();
    merge(&mut msg, &len_record(2, b"contiguous")[..]).unwrap();
    assert_eq!(
        msg,
        Probe {
            count: 1 << 40,
            name: "contiguous".into(),
            ratio: 0.25,
            level: 1.5,
            unknown: leyline::UnknownFields::default(),
        }
    );
}

#[test]
fn a_value_split_across_chunks_is_read_whole() {
    let record = len_record(2, "split across two chunks é".as_bytes());
    for cut in 2..record.len() {
        let mut msg = Probe::default();
        let (a, b) = record.split_at(cut);
        merge(&mut msg, a.chain(b)).unwrap();
        assert_eq!(msg.name, "split across two chunks é", "cut at {cut}");
    }
}

#[test]
fn unknown_fields_of_every_wire_type_are_kept_byte_for_byte() {
    let mut records = Vec::new();
    let mut varint = key(9, WireType::Varint);
    encode_varint(300, &mut varint);
    records.push(varint);
    let mut fixed64 = key(10, WireType::SixtyFourBit);
    fixed64.extend_from_slice(&7u64.to_le_bytes());
    records.push(fixed64);
    let mut fixed32 = key(11, WireType::ThirtyTwoBit);
    fixed32.extend_from_slice(&9u32.to_le_bytes());
    records.push(fixed32);
    records.push(len_record(12, b"unknown bytes"));
    // A group holding every wire type, a nested group among them.
    let mut group = key(13, WireType::StartGroup);
    group.extend(key(1, WireType::Varint));
    encode_varint(1 << 50, &mut group);
    group.extend(key(2, WireType::SixtyFourBit));
    group.extend_from_slice(&[1; 8]);
    group.extend(key(3, WireType::ThirtyTwoBit));
    group.extend_from_slice(&[2; 4]);
    group.extend(len_record(4, b"inside a group"));
    group.extend(key(5, WireType::StartGroup));
    group.extend(key(6, WireType::Varint));
    group.push(1);
    group.extend(key(5, WireType::EndGroup));
    group.extend(key(13, WireType::EndGroup));
    records.push(group);

    let mut msg = Probe::default();
    for record in &records {
        merge(&mut msg, &record[..]).unwrap();
        // And again from a Buf cut in two, as a stream delivers it.
        let mut chunked = Probe::default();
        let (a, b) = record.split_at(record.len() / 2);
        merge(&mut chunked, a.chain(b)).unwrap();
        assert_eq!(chunked.unknown.as_bytes(), &record[..]);
    }
    assert_eq!(msg.unknown.as_bytes(), records.concat());
    assert_eq!(msg.unknown.numbers(), vec![9, 10, 11, 12, 13]);
    // Re-encoded, the unknown fields come back as they came.
    assert_eq!(msg.encode_to_vec(), records.concat());
}

#[test]
fn truncated_and_malformed_fields_are_errors() {
    const TRUNCATED: &str = "the input ends inside a field";
    const END_GROUP: &str = "unexpected end-group key";
    let mut cases: Vec<(&str, Vec<u8>, &str)> = Vec::new();
    let mut short64 = key(3, WireType::SixtyFourBit);
    short64.extend_from_slice(&[0; 7]);
    cases.push(("fixed64 with 7 bytes", short64, TRUNCATED));
    let mut short32 = key(4, WireType::ThirtyTwoBit);
    short32.extend_from_slice(&[0; 3]);
    cases.push(("fixed32 with 3 bytes", short32, TRUNCATED));
    let mut liar = key(2, WireType::LengthDelimited);
    encode_varint(100, &mut liar);
    liar.extend_from_slice(b"short");
    cases.push(("a length past the input", liar, TRUNCATED));
    cases.push((
        "an end-group key alone",
        key(13, WireType::EndGroup),
        END_GROUP,
    ));
    let mut wrong_end = key(13, WireType::StartGroup);
    wrong_end.extend(key(14, WireType::EndGroup));
    cases.push(("a group closed by another number", wrong_end, END_GROUP));
    cases.push((
        "a group that never ends",
        key(13, WireType::StartGroup),
        TRUNCATED,
    ));
    let mut long_inside = key(13, WireType::StartGroup);
    long_inside.extend(key(1, WireType::LengthDelimited));
    encode_varint(50, &mut long_inside);
    long_inside.extend_from_slice(b"less than fifty");
    cases.push((
        "a length past the input inside a group",
        long_inside,
        TRUNCATED,
    ));
    let mut fixed_inside = key(13, WireType::StartGroup);
    fixed_inside.extend(key(1, WireType::SixtyFourBit));
    fixed_inside.extend_from_slice(&[0; 5]);
    cases.push(("a short fixed64 inside a group", fixed_inside, TRUNCATED));

    for (what, bytes, expected) in cases {
        let mut msg = Probe::default();
        let mut buf = &bytes[..];
        let (tag, wire_type) = decode_key(&mut buf).unwrap();
        let err = msg
            .merge_field(tag, wire_type, &mut buf, DecodeContext::default())
            .expect_err(what);
        assert!(err.to_string().contains(expected), "{what}: {err}");
        assert_eq!(msg, Probe::default(), "{what}: nothing was kept");
    }
}
