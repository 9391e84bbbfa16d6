//! Singular, optional and repeated fields: their lengths, their writing
//! (directly, or through the [`LenCache`] of a two-pass encode) and merging.

use bytes::BufMut;

use super::ctx::DecodeCtx;
use super::error::DecodeError;
use super::len_cache::LenCache;
use super::proto_type::ProtoType;
use super::reader::FieldValue;
use super::varint::{encode_key, encode_varint, key_len, varint_len};
use super::WireType;

/// Length of a singular field (key included), 0 when it holds the default.
#[inline]
pub fn singular_len<C: ProtoType>(tag: u32, value: &C::Value) -> usize {
    if C::is_default(value) {
        0
    } else {
        key_len(tag) + C::value_len(value)
    }
}

/// Writes a singular field unless it holds the default.
#[inline]
pub fn encode_singular<C: ProtoType>(tag: u32, value: &C::Value, buf: &mut impl BufMut) {
    if !C::is_default(value) {
        encode_key(tag, C::WIRE_TYPE, buf);
        C::encode_value(value, buf);
    }
}

/// Length of a field with presence (key included), 0 when absent.
#[inline]
pub fn optional_len<C: ProtoType>(tag: u32, value: &Option<C::Value>) -> usize {
    match value {
        Some(v) => key_len(tag) + C::value_len(v),
        None => 0,
    }
}

/// Writes a field with presence when present.
#[inline]
pub fn encode_optional<C: ProtoType>(tag: u32, value: &Option<C::Value>, buf: &mut impl BufMut) {
    if let Some(v) = value {
        encode_key(tag, C::WIRE_TYPE, buf);
        C::encode_value(v, buf);
    }
}

/// Merges into a field with presence.
#[inline]
pub fn merge_optional<C: ProtoType>(
    value: &mut Option<C::Value>,
    field: FieldValue<'_>,
    ctx: DecodeCtx<'_>,
) -> Result<(), DecodeError> {
    let value = match value {
        Some(value) => value,
        None => value.insert(super::proto_type::new_value::<C>(ctx)?),
    };
    C::merge(value, field, ctx)
}

/// Length of the payload of a packed field (without key and length prefix).
#[inline]
fn packed_payload_len<C: ProtoType>(values: &[C::Value]) -> usize {
    match C::WIRE_TYPE {
        WireType::ThirtyTwoBit => values.len() * 4,
        WireType::SixtyFourBit => values.len() * 8,
        _ => values.iter().map(C::value_len).sum(),
    }
}

/// Length of a repeated field (keys included).
#[inline]
pub fn repeated_len<C: ProtoType>(tag: u32, values: &[C::Value]) -> usize {
    if values.is_empty() {
        return 0;
    }
    if C::PACKED {
        let len = packed_payload_len::<C>(values);
        key_len(tag) + varint_len(len as u64) + len
    } else {
        key_len(tag) * values.len() + values.iter().map(C::value_len).sum::<usize>()
    }
}

/// Writes a repeated field: packed for numeric types, one record per element otherwise.
#[inline]
pub fn encode_repeated<C: ProtoType>(tag: u32, values: &[C::Value], buf: &mut impl BufMut) {
    if values.is_empty() {
        return;
    }
    if C::PACKED {
        encode_key(tag, WireType::LengthDelimited, buf);
        encode_varint(packed_payload_len::<C>(values) as u64, buf);
        C::encode_packed(values, buf);
    } else {
        for v in values {
            encode_key(tag, C::WIRE_TYPE, buf);
            C::encode_value(v, buf);
        }
    }
}

#[inline]
pub fn singular_len_cached<C: ProtoType>(
    tag: u32,
    value: &C::Value,
    cache: &mut LenCache,
) -> usize {
    if C::is_default(value) {
        0
    } else {
        key_len(tag) + C::value_len_cached(value, cache)
    }
}

/// [`encode_singular`], reading recorded lengths.
#[inline]
pub fn encode_singular_cached<C: ProtoType>(
    tag: u32,
    value: &C::Value,
    buf: &mut impl BufMut,
    cache: &mut LenCache,
) {
    if !C::is_default(value) {
        C::encode_field_cached(tag, value, buf, cache);
    }
}

/// [`optional_len`], recording nested lengths.
#[inline]
pub fn optional_len_cached<C: ProtoType>(
    tag: u32,
    value: &Option<C::Value>,
    cache: &mut LenCache,
) -> usize {
    match value {
        Some(v) => key_len(tag) + C::value_len_cached(v, cache),
        None => 0,
    }
}

/// [`encode_optional`], reading recorded lengths.
#[inline]
pub fn encode_optional_cached<C: ProtoType>(
    tag: u32,
    value: &Option<C::Value>,
    buf: &mut impl BufMut,
    cache: &mut LenCache,
) {
    if let Some(v) = value {
        C::encode_field_cached(tag, v, buf, cache);
    }
}

/// [`repeated_len`], recording nested lengths.
#[inline]
pub fn repeated_len_cached<C: ProtoType>(
    tag: u32,
    values: &[C::Value],
    cache: &mut LenCache,
) -> usize {
    if C::PACKED || values.is_empty() {
        // Packed elements are scalars: no nested message.
        return repeated_len::<C>(tag, values);
    }
    key_len(tag) * values.len()
        + values
            .iter()
            .map(|v| C::value_len_cached(v, cache))
            .sum::<usize>()
}

/// [`encode_repeated`], reading recorded lengths.
#[inline]
pub fn encode_repeated_cached<C: ProtoType>(
    tag: u32,
    values: &[C::Value],
    buf: &mut impl BufMut,
    cache: &mut LenCache,
) {
    if C::PACKED {
        encode_repeated::<C>(tag, values, buf);
        return;
    }
    for v in values {
        C::encode_field_cached(tag, v, buf, cache);
    }
}

/// The encoded length of a `packed = false` repeated field: one key per
/// element, as protoc writes `[packed = false]`.
#[inline]
pub fn repeated_unpacked_len_cached<C: ProtoType>(
    tag: u32,
    values: &[C::Value],
    cache: &mut LenCache,
) -> usize {
    key_len(tag) * values.len()
        + values
            .iter()
            .map(|v| C::value_len_cached(v, cache))
            .sum::<usize>()
}

/// Writes a `packed = false` repeated field: one record per element. (Decoding
/// accepts both forms, through `ProtoType::merge_repeated`.)
#[inline]
pub fn encode_repeated_unpacked_cached<C: ProtoType>(
    tag: u32,
    values: &[C::Value],
    buf: &mut impl BufMut,
    cache: &mut LenCache,
) {
    for v in values {
        C::encode_field_cached(tag, v, buf, cache);
    }
}
