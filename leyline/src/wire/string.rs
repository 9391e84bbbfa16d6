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
        prefix8(value.as_bytes())
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

/// The first eight bytes of `bytes`, big-endian, padded with zeros; without
/// a loop for shorter ones: four to seven bytes are two overlapping 4-byte
/// loads (the bytes both hold land on the same bits), fewer are put in place
/// one by one.
#[inline]
fn prefix8(bytes: &[u8]) -> u64 {
    if let Some(first) = bytes.first_chunk::<8>() {
        return u64::from_be_bytes(*first);
    }
    match *bytes {
        [] => 0,
        [a] => u64::from(a) << 56,
        [a, b] => u64::from(a) << 56 | u64::from(b) << 48,
        [a, b, c] => u64::from(a) << 56 | u64::from(b) << 48 | u64::from(c) << 40,
        _ => {
            let word = |b: Option<&[u8; 4]>| b.map_or(0, |b| u64::from(u32::from_be_bytes(*b)));
            // The last four bytes end at byte `len - 1` of eight.
            let tail = word(bytes.last_chunk::<4>()) << (8 * (8 - bytes.len()));
            word(bytes.first_chunk::<4>()) << 32 | tail
        }
    }
}

#[cfg(test)]
mod prefix_tests {
    use super::prefix8;

    /// Every length from 0 to 10, with bytes that differ in every position,
    /// against the definition: byte `i` at bits `56 - 8 i`, zeros after the
    /// end, nothing past the eighth byte.
    #[test]
    fn prefixes_are_the_first_eight_bytes_zero_padded() {
        let source: Vec<u8> = (0u8..10).map(|i| 0x80 | i.wrapping_mul(29)).collect();
        for len in 0..=10 {
            let bytes = &source[..len];
            let expected = bytes
                .iter()
                .take(8)
                .enumerate()
                .fold(0u64, |p, (i, &b)| p | u64::from(b) << (56 - 8 * i));
            assert_eq!(prefix8(bytes), expected, "{len} bytes");
        }
        // Byte order is kept: a shorter string below every longer one it
        // starts, and a lower byte below a higher one at any position.
        assert!(prefix8(b"ab") < prefix8(b"ab\x01"));
        assert!(prefix8(b"abcde") < prefix8(b"abcdf"));
        assert!(prefix8(b"abcdefg") < prefix8(b"abcdefh"));
        assert!(prefix8(b"b") > prefix8(b"abcdefgh"));
    }
}
