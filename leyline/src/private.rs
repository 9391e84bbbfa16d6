//! Everything generated code needs, behind one path (`leyline::__private`), so a
//! user depends on `leyline` alone. Not a public API: it changes without notice.

pub use alloc::boxed::Box;
pub use alloc::string::String;
pub use alloc::vec::Vec;
pub use bytes::{Buf, BufMut};
pub use core;
pub use prost;

pub use crate::codec::{split_repeated, MessageLabels, MessageMetrics, Parts};
pub use crate::depth::{
    field_encode_error, map_depth, message_depth, oneof_depth, optional_depth, repeated_depth,
    singular_depth, unknown_depth,
};
pub use crate::encode::{
    encode_into, encode_map_cached, encode_message_value_cached, encode_optional_cached,
    encode_repeated_cached, encode_singular_cached, encode_to_vec, map_len_cached,
    message_value_len_cached, message_value_len_recorded, optional_len_cached, repeated_len_cached,
    singular_len_cached, LenCache,
};
pub use crate::error::EncodeError;
pub use crate::schema::{
    EnumSchema, EnumValueSchema, FieldSchema, FieldType, Label, Member, MessageSchema, OneofSchema,
    ReservedRange, Scalar,
};
pub use crate::size;
pub use crate::traits::{Contract, Enumeration, Oneof};
pub use crate::validate::{
    bytes_len, bytes_max_len, bytes_min_len, bytes_not_empty, defined_only, finite, max_items,
    max_pairs, min_items, min_pairs, num_const, num_gt, num_gte, num_in, num_lt, num_lte,
    num_not_in, required, str_const, str_in, str_len, str_max_len, str_min_len, str_not_empty,
    str_not_in, str_pattern, str_prefix, str_suffix, str_uuid, unique, AsPathKey, FieldPath,
    Pattern, ValidationErrors,
};
pub use crate::view::{
    unknown_fields, view_merge_message, view_merge_optional, MapView, MessageView, ProtoView,
    Regions, Repeated, UnavailableView,
};
pub use crate::wire::encoding::{Fixed32, Fixed64, Sfixed32, Sfixed64, Sint32, Sint64};
pub use crate::wire::{
    encode_key, encode_map, encode_optional, encode_repeated, encode_singular, encode_varint,
    field_error, key_len, key_parts, map_len, merge_map, merge_optional, optional_len,
    repeated_len, singular_len, varint_len, wire_type_error, DecodeCtx, DecodeError,
    DecodeErrorKind, FieldValue, MapKey, MapType, ProtoType, Reader, Singular, UnknownFields,
    WireType,
};
/// The last step of the exchange between a message and the oneofs it holds,
/// called by every oneof's callback macro.
pub use leyline_macros::__held_oneofs as held_oneofs;

/// Names the [`ProtoType`] that encodes a field's element type. Generated code
/// reaches every field codec through this trait, so a type that is not a
/// `ProtoType` fails one obligation, reported once at the field's type, and
/// every later use sees an error type instead of failing again.
pub trait ProtoField {
    /// The element type itself, known to be a [`ProtoType`].
    type Codec: ProtoType;
}

// `T::Value` is `T` itself (only encoding markers differ, and they are never
// named through this trait); spelt so, the codec of a type that is not a
// `ProtoType` is an error type rather than the type, so the view's uses
// (`ProtoView` on it) fail no further obligation.
impl<T> ProtoField for T
where
    T: ProtoType,
    T::Value: ProtoType,
{
    type Codec = T::Value;
}

/// Decodes fields from `bytes` into `msg` until the input ends.
#[inline]
pub fn merge_message<M: Contract>(
    msg: &mut M,
    bytes: &[u8],
    ctx: DecodeCtx,
) -> Result<(), DecodeError> {
    msg.__merge_slice(bytes, ctx)
}

/// The record whose raw key `key` has just been read (it started at
/// `start`), when no field of the message is written with that key: a known
/// field with another wire type, a oneof, an unknown field or a malformed key.
#[inline(never)]
pub fn merge_other_field<M: Contract>(
    msg: &mut M,
    r: &mut Reader<'_>,
    start: usize,
    key: u64,
    ctx: DecodeCtx,
) -> Result<(), DecodeError> {
    let (tag, wire_type) = key_parts(key)?;
    let field = r.read_value(tag, wire_type, ctx)?;
    if !msg.__merge_field(tag, field, ctx)? {
        if let Some(unknown) = msg.__unknown_fields_mut() {
            unknown.push_raw(r.slice(start, r.position()));
        }
    }
    Ok(())
}

/// The general field loop: decodes fields from `bytes` into `msg` one by one
/// through [`Contract::__merge_field`].
#[inline]
pub fn merge_fields<M: Contract>(
    msg: &mut M,
    bytes: &[u8],
    ctx: DecodeCtx,
) -> Result<(), DecodeError> {
    let mut r = Reader::new(bytes);
    while !r.is_empty() {
        let start = r.position();
        let (tag, wire_type) = r.read_key()?;
        let field = r.read_value(tag, wire_type, ctx)?;
        if !msg.__merge_field(tag, field, ctx)? {
            if let Some(unknown) = msg.__unknown_fields_mut() {
                unknown.push_raw(r.slice(start, r.position()));
            }
        }
    }
    Ok(())
}

/// Encoded length of a message as a field value (length prefix included).
#[inline]
pub fn message_value_len<M: prost::Message>(msg: &M) -> usize {
    let len = msg.encoded_len();
    varint_len(len as u64) + len
}

/// Writes a message as a field value (length prefix included).
#[inline]
pub fn encode_message_value<M: prost::Message>(msg: &M, buf: &mut impl BufMut) {
    encode_varint(msg.encoded_len() as u64, buf);
    msg.encode_raw(buf);
}

/// Merges a length-delimited field value into a message, one level deeper.
#[inline]
pub fn merge_message_value<M: Contract>(
    msg: &mut M,
    field: FieldValue<'_>,
    ctx: DecodeCtx,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => merge_message(msg, bytes, ctx.enter()?),
        other => Err(wire_type_error(WireType::LengthDelimited, &other)),
    }
}

/// Merges a length-delimited field value into a foreign prost message (the
/// well-known types), one level deeper.
#[inline]
pub fn merge_prost_value<M: prost::Message>(
    msg: &mut M,
    field: FieldValue<'_>,
    ctx: DecodeCtx,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => {
            ctx.enter()?;
            msg.merge(bytes).map_err(DecodeError::from)
        }
        other => Err(wire_type_error(WireType::LengthDelimited, &other)),
    }
}

/// Whether a message equals its default, judged by its encoding being empty
/// (true exactly when every field holds its default).
#[inline]
pub fn message_is_default<M: prost::Message>(msg: &M) -> bool {
    msg.encoded_len() == 0
}

/// Encoded length of an enumeration value.
#[inline]
pub fn enum_value_len<E: Enumeration>(value: &E) -> usize {
    varint_len(value.value() as i64 as u64)
}

/// Writes an enumeration value.
#[inline]
pub fn encode_enum_value<E: Enumeration>(value: &E, buf: &mut impl BufMut) {
    encode_varint(value.value() as i64 as u64, buf);
}

/// Merges an enumeration value; unknown numbers are kept as `Unrecognized`.
#[inline]
pub fn merge_enum_value<E: Enumeration>(
    value: &mut E,
    field: FieldValue<'_>,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Varint(v) => {
            *value = E::from_value(v as i32);
            Ok(())
        }
        other => Err(wire_type_error(WireType::Varint, &other)),
    }
}

/// Merges a repeated enumeration field, packed or not.
#[inline]
pub fn merge_enum_repeated<E: Enumeration>(
    values: &mut Vec<E>,
    field: FieldValue<'_>,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => {
            let mut r = Reader::new(bytes);
            while !r.is_empty() {
                values.push(E::from_value(r.read_varint()? as i32));
            }
            Ok(())
        }
        other => {
            let mut v = E::default();
            merge_enum_value(&mut v, other)?;
            values.push(v);
            Ok(())
        }
    }
}

/// `prost::Message::merge_field` for a leyline contract: reads the field's value
/// from any [`Buf`] and hands it to the contract's own field decoder.
pub fn prost_merge_field<M: Contract>(
    msg: &mut M,
    tag: u32,
    wire_type: WireType,
    buf: &mut impl Buf,
) -> Result<(), DecodeError> {
    let ctx = DecodeCtx::default();
    let known_unknown = |msg: &mut M, known: bool, field: FieldValue<'_>| {
        if !known {
            if let Some(unknown) = msg.__unknown_fields_mut() {
                unknown.push_field(tag, field);
            }
        }
    };
    match wire_type {
        WireType::Varint => {
            let v = prost::encoding::decode_varint(buf)?;
            let field = FieldValue::Varint(v);
            let known = msg.__merge_field(tag, field, ctx)?;
            known_unknown(msg, known, field);
        }
        WireType::SixtyFourBit => {
            if buf.remaining() < 8 {
                return Err(DecodeError::new(DecodeErrorKind::Truncated));
            }
            let field = FieldValue::Fixed64(buf.get_u64_le());
            let known = msg.__merge_field(tag, field, ctx)?;
            known_unknown(msg, known, field);
        }
        WireType::ThirtyTwoBit => {
            if buf.remaining() < 4 {
                return Err(DecodeError::new(DecodeErrorKind::Truncated));
            }
            let field = FieldValue::Fixed32(buf.get_u32_le());
            let known = msg.__merge_field(tag, field, ctx)?;
            known_unknown(msg, known, field);
        }
        WireType::LengthDelimited => {
            let len = prost::encoding::decode_varint(buf)?;
            if len > buf.remaining() as u64 {
                return Err(DecodeError::new(DecodeErrorKind::Truncated));
            }
            let len = len as usize;
            if buf.chunk().len() >= len {
                let field = FieldValue::Len(&buf.chunk()[..len]);
                let known = msg.__merge_field(tag, field, ctx)?;
                known_unknown(msg, known, field);
                buf.advance(len);
            } else {
                let owned = buf.copy_to_bytes(len);
                let field = FieldValue::Len(&owned);
                let known = msg.__merge_field(tag, field, ctx)?;
                known_unknown(msg, known, field);
            }
        }
        WireType::StartGroup => {
            let mut raw = Vec::new();
            read_group(tag, buf, &mut raw, ctx)?;
            let field = FieldValue::Group(&raw);
            let known = msg.__merge_field(tag, field, ctx)?;
            known_unknown(msg, known, field);
        }
        WireType::EndGroup => return Err(DecodeError::new(DecodeErrorKind::UnexpectedEndGroup)),
    }
    Ok(())
}

/// Copies a group's fields (up to and including its end key) from `buf` into `raw`.
fn read_group(
    tag: u32,
    buf: &mut impl Buf,
    raw: &mut Vec<u8>,
    ctx: DecodeCtx,
) -> Result<(), DecodeError> {
    let ctx = ctx.enter()?;
    loop {
        if !buf.has_remaining() {
            return Err(DecodeError::new(DecodeErrorKind::Truncated));
        }
        let (inner, wire_type) = prost::encoding::decode_key(buf)?;
        encode_key(inner, wire_type, raw);
        match wire_type {
            WireType::EndGroup => {
                if inner != tag {
                    return Err(DecodeError::new(DecodeErrorKind::UnexpectedEndGroup));
                }
                return Ok(());
            }
            WireType::StartGroup => read_group(inner, buf, raw, ctx)?,
            WireType::Varint => encode_varint(prost::encoding::decode_varint(buf)?, raw),
            WireType::SixtyFourBit | WireType::ThirtyTwoBit => {
                let n = if wire_type == WireType::SixtyFourBit {
                    8
                } else {
                    4
                };
                if buf.remaining() < n {
                    return Err(DecodeError::new(DecodeErrorKind::Truncated));
                }
                let bytes = buf.copy_to_bytes(n);
                raw.extend_from_slice(&bytes);
            }
            WireType::LengthDelimited => {
                let len = prost::encoding::decode_varint(buf)?;
                if len > buf.remaining() as u64 {
                    return Err(DecodeError::new(DecodeErrorKind::Truncated));
                }
                encode_varint(len, raw);
                let bytes = buf.copy_to_bytes(len as usize);
                raw.extend_from_slice(&bytes);
            }
        }
    }
}

/// `prost::Message::merge` for a leyline contract: the slice fast path for
/// contiguous buffers, a single copy otherwise.
pub fn prost_merge<M: Contract>(msg: &mut M, mut buf: impl Buf) -> Result<(), DecodeError> {
    let n = buf.remaining();
    if buf.chunk().len() == n {
        merge_message(msg, buf.chunk(), DecodeCtx::default())?;
        buf.advance(n);
        Ok(())
    } else {
        let bytes = buf.copy_to_bytes(n);
        merge_message(msg, &bytes, DecodeCtx::default())
    }
}

/// Whether `numbers` contains `n` (usable in constants).
pub const fn contains(numbers: &[u32], n: u32) -> bool {
    let mut i = 0;
    while i < numbers.len() {
        if numbers[i] == n {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether any of `numbers` lies in `start..=end` (usable in constants).
pub const fn any_in_range(numbers: &[u32], start: u32, end: u32) -> bool {
    let mut i = 0;
    while i < numbers.len() {
        if numbers[i] >= start && numbers[i] <= end {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether a field list has a field with this proto name (usable in constants).
pub const fn contains_name(fields: &[FieldSchema], name: &str) -> bool {
    let mut i = 0;
    while i < fields.len() {
        if str_eq(fields[i].name, name) {
            return true;
        }
        i += 1;
    }
    false
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether two number lists share a number (usable in constants).
pub const fn intersects(a: &[u32], b: &[u32]) -> bool {
    let mut i = 0;
    while i < a.len() {
        if contains(b, a[i]) {
            return true;
        }
        i += 1;
    }
    false
}
