//! Decoding a contract: the field loops generated code falls back on, message
//! and enumeration values, and `prost::Message`'s `merge` and `merge_field`
//! (any [`Buf`], a single copy when it is not contiguous).

use alloc::vec::Vec;

use bytes::Buf;

use super::enumeration::Enumeration;
use super::message::Contract;
use crate::wire::{
    encode_key, encode_varint, key_parts, wire_type_error, DecodeCtx, DecodeError, DecodeErrorKind,
    FieldValue, Reader, WireType,
};

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
