//! Decoding a contract: the field loops generated code falls back on, message
//! and enumeration values, and `prost::Message`'s `merge` and `merge_field`
//! (any [`Buf`], a single copy when it is not contiguous).

use alloc::vec::Vec;

use bytes::Buf;

use super::enumeration::Enumeration;
use super::message::Contract;
use crate::wire::{
    encode_key, encode_varint, key_parts, wire_type_error, DecodeCtx, DecodeError, DecodeErrorKind,
    DecodeLimits, FieldValue, Reader, WireType,
};

/// Decodes fields from `bytes` into `msg` until the input ends.
#[inline]
pub fn merge_message<M: Contract>(
    msg: &mut M,
    bytes: &[u8],
    ctx: DecodeCtx<'_>,
) -> Result<(), DecodeError> {
    msg.__merge_slice(bytes, ctx)
}

/// The record whose raw key `key` has just been read (it started at
/// `start`), when no field of the message is written with that key: a known
/// field with another wire type, a oneof, an unknown field or a malformed key.
///
/// The reader comes by value and goes back as the result, so that the
/// caller's own never escapes into this call and stays in registers in its
/// loop.
#[inline(never)]
pub fn merge_other_field<'a, M: Contract>(
    msg: &mut M,
    mut r: Reader<'a>,
    start: usize,
    key: u64,
    ctx: DecodeCtx<'_>,
) -> Result<Reader<'a>, DecodeError> {
    let (tag, wire_type) = key_parts(key)?;
    let field = r.read_value(tag, wire_type, ctx)?;
    if !msg.__merge_field(tag, field, ctx)? {
        if let Some(unknown) = msg.__unknown_fields_mut() {
            unknown.push_record(r.slice(start, r.position()), ctx)?;
        }
    }
    Ok(r)
}

/// The general field loop: decodes fields from `bytes` into `msg` one by one
/// through [`Contract::__merge_field`].
#[inline]
pub fn merge_fields<M: Contract>(
    msg: &mut M,
    bytes: &[u8],
    ctx: DecodeCtx<'_>,
) -> Result<(), DecodeError> {
    let mut r = Reader::new(bytes);
    while !r.is_empty() {
        let start = r.position();
        let (tag, wire_type) = r.read_key()?;
        let field = r.read_value(tag, wire_type, ctx)?;
        if !msg.__merge_field(tag, field, ctx)? {
            if let Some(unknown) = msg.__unknown_fields_mut() {
                unknown.push_record(r.slice(start, r.position()), ctx)?;
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
    ctx: DecodeCtx<'_>,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => merge_message(msg, bytes, ctx.enter()?),
        other => Err(wire_type_error(WireType::LengthDelimited, &other)),
    }
}

/// The most heap bytes prost allocates per input byte when it decodes one of
/// the well-known types it defines (`Any`, `FieldMask`, `Struct`, `Value`,
/// `ListValue`): prost's allocations cannot be counted one by one, so the
/// bound is counted before prost starts. The worst case is `ListValue`: an
/// empty `Value` (two bytes, `0a 00`) becomes a 32-byte element of a `Vec`
/// that doubles, which counts as at most 2 x 32 / 2 = 32 bytes per input byte
/// with its reallocation; a `Struct` entry needs five bytes for a distinct key
/// and becomes a hash table slot of 56 bytes (at most 2 x 8/7 slots of 57 bytes
/// per entry, and the old table while it moves: 3 x 8/7 x 57 / 5 < 40 per byte),
/// plus the key's own bytes. 48 covers both with room; `tests/memory.rs`
/// measures it.
pub(crate) const PROST_ALLOC_PER_BYTE: usize = 48;

/// Merges a length-delimited field value into a foreign prost message (the
/// well-known types), one level deeper, after counting the most prost may
/// allocate for it ([`PROST_ALLOC_PER_BYTE`]).
#[inline]
pub fn merge_prost_value<M: prost::Message>(
    msg: &mut M,
    field: FieldValue<'_>,
    ctx: DecodeCtx<'_>,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => {
            ctx.enter()?;
            ctx.charge(bytes.len().saturating_mul(PROST_ALLOC_PER_BYTE))?;
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
    ctx: DecodeCtx<'_>,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => {
            // One element per varint, counted before the run is read (a
            // varint ends at each byte below 0x80).
            ctx.reserve(values, bytes.iter().filter(|&&b| b < 0x80).count())?;
            let mut r = Reader::new(bytes);
            while !r.is_empty() {
                values.push(E::from_value(r.read_varint()? as i32));
            }
            Ok(())
        }
        other => {
            let mut v = E::default();
            merge_enum_value(&mut v, other)?;
            ctx.reserve(values, 1)?;
            values.push(v);
            Ok(())
        }
    }
}

/// `prost::Message::merge_field` for a leyline contract: reads the field's value
/// from any [`Buf`] and hands it to the contract's own field decoder.
///
/// prost calls this once per field only when it drives the decode itself: for
/// a leyline contract held by a message prost generated. Each call is then a
/// decode of its own, under the default [`DecodeLimits`]. (`decode`, `merge`
/// and their length-delimited forms go through [`prost_merge`]: one decode,
/// one budget, for the whole message.)
pub fn prost_merge_field<M: Contract>(
    msg: &mut M,
    tag: u32,
    wire_type: WireType,
    buf: &mut impl Buf,
) -> Result<(), DecodeError> {
    DecodeLimits::default().run(|ctx| merge_field_from_buf(msg, tag, wire_type, buf, ctx))
}

fn merge_field_from_buf<M: Contract>(
    msg: &mut M,
    tag: u32,
    wire_type: WireType,
    buf: &mut impl Buf,
    ctx: DecodeCtx<'_>,
) -> Result<(), DecodeError> {
    let merge = |msg: &mut M, field: FieldValue<'_>| -> Result<(), DecodeError> {
        if !msg.__merge_field(tag, field, ctx)? {
            if let Some(unknown) = msg.__unknown_fields_mut() {
                unknown.push_field(tag, field, ctx)?;
            }
        }
        Ok(())
    };
    match wire_type {
        WireType::Varint => {
            let v = prost::encoding::decode_varint(buf)?;
            merge(msg, FieldValue::Varint(v))
        }
        WireType::SixtyFourBit => {
            if buf.remaining() < 8 {
                return Err(DecodeError::new(DecodeErrorKind::Truncated));
            }
            merge(msg, FieldValue::Fixed64(buf.get_u64_le()))
        }
        WireType::ThirtyTwoBit => {
            if buf.remaining() < 4 {
                return Err(DecodeError::new(DecodeErrorKind::Truncated));
            }
            merge(msg, FieldValue::Fixed32(buf.get_u32_le()))
        }
        WireType::LengthDelimited => {
            let len = prost::encoding::decode_varint(buf)?;
            if len > buf.remaining() as u64 {
                return Err(DecodeError::new(DecodeErrorKind::Truncated));
            }
            let len = len as usize;
            if buf.chunk().len() >= len {
                merge(msg, FieldValue::Len(&buf.chunk()[..len]))?;
                buf.advance(len);
                Ok(())
            } else {
                // The one copy of a value split across chunks, counted first.
                ctx.charge(len)?;
                let owned = buf.copy_to_bytes(len);
                merge(msg, FieldValue::Len(&owned))
            }
        }
        WireType::StartGroup => {
            let mut raw = Vec::new();
            read_group(tag, buf, &mut raw, ctx)?;
            merge(msg, FieldValue::Group(&raw))
        }
        WireType::EndGroup => Err(DecodeError::new(DecodeErrorKind::UnexpectedEndGroup)),
    }
}

/// Copies a group's fields (up to and including its end key) from `buf` into
/// `raw`, which grows within the decode's memory budget.
fn read_group(
    tag: u32,
    buf: &mut impl Buf,
    raw: &mut Vec<u8>,
    ctx: DecodeCtx<'_>,
) -> Result<(), DecodeError> {
    let ctx = ctx.enter()?;
    loop {
        if !buf.has_remaining() {
            return Err(DecodeError::new(DecodeErrorKind::Truncated));
        }
        let (inner, wire_type) = prost::encoding::decode_key(buf)?;
        // A key and a varint: at most 15 bytes.
        ctx.reserve(raw, 15)?;
        encode_key(inner, wire_type, raw);
        let copy = match wire_type {
            WireType::EndGroup => {
                if inner != tag {
                    return Err(DecodeError::new(DecodeErrorKind::UnexpectedEndGroup));
                }
                return Ok(());
            }
            WireType::StartGroup => {
                read_group(inner, buf, raw, ctx)?;
                0
            }
            WireType::Varint => {
                encode_varint(prost::encoding::decode_varint(buf)?, raw);
                0
            }
            WireType::SixtyFourBit => 8,
            WireType::ThirtyTwoBit => 4,
            WireType::LengthDelimited => {
                let len = prost::encoding::decode_varint(buf)?;
                encode_varint(len, raw);
                usize::try_from(len).unwrap_or(usize::MAX)
            }
        };
        if copy > buf.remaining() {
            return Err(DecodeError::new(DecodeErrorKind::Truncated));
        }
        ctx.reserve(raw, copy)?;
        copy_from_buf(buf, copy, raw);
    }
}

/// Moves `n` bytes (no more than `buf` holds) from `buf` to the end of `raw`,
/// chunk by chunk.
fn copy_from_buf(buf: &mut impl Buf, mut n: usize, raw: &mut Vec<u8>) {
    while n > 0 {
        let chunk = buf.chunk();
        let take = chunk.len().min(n);
        if take == 0 {
            return;
        }
        raw.extend_from_slice(&chunk[..take]);
        buf.advance(take);
        n -= take;
    }
}

/// `prost::Message::merge` for a leyline contract: one decode under the
/// default [`DecodeLimits`]; the slice fast path for contiguous buffers, and
/// otherwise a single copy, counted against the budget first.
pub fn prost_merge<M: Contract>(msg: &mut M, mut buf: impl Buf) -> Result<(), DecodeError> {
    DecodeLimits::default().run(|ctx| {
        let n = buf.remaining();
        if buf.chunk().len() == n {
            merge_message(msg, buf.chunk(), ctx)?;
            buf.advance(n);
            Ok(())
        } else {
            ctx.charge(n)?;
            let bytes = buf.copy_to_bytes(n);
            merge_message(msg, &bytes, ctx)
        }
    })
}

/// `prost::Message::merge_length_delimited` for a leyline contract: the length
/// prefix, then [`prost_merge`] of that many bytes (one decode, one budget,
/// where prost would decode field by field).
pub fn prost_merge_length_delimited<M: Contract>(
    msg: &mut M,
    mut buf: impl Buf,
) -> Result<(), DecodeError> {
    let len = prost::encoding::decode_varint(&mut buf)?;
    if len > buf.remaining() as u64 {
        return Err(DecodeError::new(DecodeErrorKind::Truncated));
    }
    prost_merge(msg, buf.take(len as usize))
}
