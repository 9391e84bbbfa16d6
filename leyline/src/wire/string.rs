//! Length-delimited scalars: `String`, `Vec<u8>` and `bytes::Bytes`.

use alloc::string::String;
use alloc::vec::Vec;
use bytes::BufMut;

use super::ctx::DecodeCtx;
use super::error::{DecodeError, DecodeErrorKind};
use super::len_cache::LenCache;
use super::proto_type::ProtoType;
use super::reader::{wire_type_error, FieldValue};
use super::varint::{encode_len_header, encode_varint, varint_len};
use super::WireType;
use crate::schema::{FieldType, Scalar};

impl ProtoType for String {
    type Value = String;
    const WIRE_TYPE: WireType = WireType::LengthDelimited;
    const TYPE: FieldType = FieldType::Scalar(Scalar::String);

    #[inline]
    fn is_default(value: &String) -> bool {
        value.is_empty()
    }
    #[inline]
    fn value_len(value: &String) -> usize {
        varint_len(value.len() as u64) + value.len()
    }
    #[inline]
    fn encode_value(value: &String, buf: &mut impl BufMut) {
        encode_varint(value.len() as u64, buf);
        buf.put_slice(value.as_bytes());
    }
    #[inline]
    fn encode_field_cached(tag: u32, value: &String, buf: &mut impl BufMut, _: &mut LenCache) {
        encode_len_header(tag, value.len(), buf);
        buf.put_slice(value.as_bytes());
    }
    /// The first eight bytes, big-endian, padded with zeros: a padding
    /// byte is never above the byte it stands for, so a smaller prefix is a
    /// smaller string (byte order, as `str`'s `Ord`).
    #[inline]
    fn order_prefix(value: &String) -> u64 {
        let bytes = value.as_bytes();
        match bytes.first_chunk::<8>() {
            Some(first) => u64::from_be_bytes(*first),
            None => bytes
                .iter()
                .zip((0..8).rev())
                .fold(0, |p, (&b, i)| p | u64::from(b) << (8 * i)),
        }
    }
    #[inline]
    fn merge(
        value: &mut String,
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        match field {
            FieldValue::Len(bytes) => {
                let s = str_from_utf8(bytes)?;
                if value.capacity() < s.len() {
                    // One exact allocation, counted first (a string that
                    // arrives again, longer, is replaced, not grown).
                    ctx.charge(s.len())?;
                    *value = String::from(s);
                } else {
                    value.clear();
                    value.push_str(s);
                }
                Ok(())
            }
            other => Err(wire_type_error(WireType::LengthDelimited, &other)),
        }
    }
}

/// Checks that a string field's bytes are UTF-8.
#[inline]
pub fn str_from_utf8(bytes: &[u8]) -> Result<&str, DecodeError> {
    // Most strings on the wire are short and ASCII; `is_ascii` checks a word at
    // a time with none of `from_utf8`'s set-up, and ASCII needs nothing more.
    if bytes.is_ascii() {
        // SAFETY: every byte is below 0x80, and a sequence of ASCII bytes is
        // valid UTF-8.
        return Ok(unsafe { core::str::from_utf8_unchecked(bytes) });
    }
    core::str::from_utf8(bytes).map_err(|_| invalid_utf8())
}

#[cold]
fn invalid_utf8() -> DecodeError {
    DecodeError::new(DecodeErrorKind::InvalidUtf8)
}

impl ProtoType for Vec<u8> {
    type Value = Vec<u8>;
    const WIRE_TYPE: WireType = WireType::LengthDelimited;
    const TYPE: FieldType = FieldType::Scalar(Scalar::Bytes);

    #[inline]
    fn is_default(value: &Vec<u8>) -> bool {
        value.is_empty()
    }
    #[inline]
    fn value_len(value: &Vec<u8>) -> usize {
        varint_len(value.len() as u64) + value.len()
    }
    #[inline]
    fn encode_value(value: &Vec<u8>, buf: &mut impl BufMut) {
        encode_varint(value.len() as u64, buf);
        buf.put_slice(value);
    }
    #[inline]
    fn encode_field_cached(tag: u32, value: &Vec<u8>, buf: &mut impl BufMut, _: &mut LenCache) {
        encode_len_header(tag, value.len(), buf);
        buf.put_slice(value);
    }
    #[inline]
    fn merge(
        value: &mut Vec<u8>,
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        match field {
            FieldValue::Len(bytes) => {
                if value.capacity() < bytes.len() {
                    ctx.charge(bytes.len())?;
                    *value = bytes.to_vec();
                } else {
                    value.clear();
                    value.extend_from_slice(bytes);
                }
                Ok(())
            }
            other => Err(wire_type_error(WireType::LengthDelimited, &other)),
        }
    }
}

impl ProtoType for bytes::Bytes {
    type Value = bytes::Bytes;
    const WIRE_TYPE: WireType = WireType::LengthDelimited;
    const TYPE: FieldType = FieldType::Scalar(Scalar::Bytes);

    #[inline]
    fn is_default(value: &bytes::Bytes) -> bool {
        value.is_empty()
    }
    #[inline]
    fn value_len(value: &bytes::Bytes) -> usize {
        varint_len(value.len() as u64) + value.len()
    }
    #[inline]
    fn encode_value(value: &bytes::Bytes, buf: &mut impl BufMut) {
        encode_varint(value.len() as u64, buf);
        buf.put_slice(value);
    }
    #[inline]
    fn encode_field_cached(
        tag: u32,
        value: &bytes::Bytes,
        buf: &mut impl BufMut,
        _: &mut LenCache,
    ) {
        encode_len_header(tag, value.len(), buf);
        buf.put_slice(value);
    }
    #[inline]
    fn merge(
        value: &mut bytes::Bytes,
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        match field {
            FieldValue::Len(bytes) => {
                ctx.charge(bytes.len())?;
                *value = bytes::Bytes::copy_from_slice(bytes);
                Ok(())
            }
            other => Err(wire_type_error(WireType::LengthDelimited, &other)),
        }
    }
}
