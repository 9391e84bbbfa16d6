//! Varints, zigzag and field keys.

use bytes::BufMut;

use super::error::{truncated, DecodeError, DecodeErrorKind};
use super::{WireType, MIN_FIELD_NUMBER};

/// The number of bytes `value` takes as a varint (1 to 10).
#[inline]
pub const fn varint_len(value: u64) -> usize {
    // ceil(bits / 7) with bits >= 1, computed without a branch.
    let bits = 64 - (value | 1).leading_zeros() as usize;
    (bits * 9 + 64) / 64
}

/// Writes `value` as a varint.
#[inline(always)]
pub fn encode_varint(value: u64, buf: &mut impl BufMut) {
    if value < 0x80 {
        buf.put_u8(value as u8);
    } else {
        encode_varint_long(value, buf);
    }
}

/// [`encode_varint`] of a value of two bytes or more, kept out of line so
/// that the one-byte case (keys, and most lengths) inlines into every field
/// writer as a single byte store, and the writers stay small enough to
/// inline themselves.
#[inline(never)]
fn encode_varint_long(mut value: u64, buf: &mut impl BufMut) {
    // Two bytes (most lengths) in one store; longer values byte by byte into
    // a stack buffer, written with one store of a length known at compile
    // time in each arm (no call to `memcpy` for a few bytes).
    if value < 0x4000 {
        buf.put_slice(&[(value as u8) | 0x80, (value >> 7) as u8]);
        return;
    }
    let mut tmp = [0u8; 10];
    let mut len = 0;
    for byte in tmp.iter_mut() {
        len += 1;
        if value < 0x80 {
            *byte = value as u8;
            break;
        }
        *byte = (value as u8) | 0x80;
        value >>= 7;
    }
    match len {
        3 => buf.put_slice(&tmp[..3]),
        4 => buf.put_slice(&tmp[..4]),
        5 => buf.put_slice(&tmp[..5]),
        6 => buf.put_slice(&tmp[..6]),
        7 => buf.put_slice(&tmp[..7]),
        8 => buf.put_slice(&tmp[..8]),
        9 => buf.put_slice(&tmp[..9]),
        _ => buf.put_slice(&tmp),
    }
}

/// Writes a key and a varint after it: one store of two bytes when both fit
/// in one byte each, else the key and the varint one after the other.
#[inline(always)]
fn encode_key_and_varint(tag: u32, wire_type: WireType, value: u64, buf: &mut impl BufMut) {
    let key = (tag << 3) | wire_type as u32;
    if key < 0x80 && value < 0x80 {
        buf.put_slice(&[key as u8, value as u8]);
    } else {
        encode_key(tag, wire_type, buf);
        encode_varint(value, buf);
    }
}

/// Writes the key of a length-delimited record and its length, in one store
/// when both are one byte (short strings, small messages, map entries).
#[inline(always)]
pub fn encode_len_header(tag: u32, len: usize, buf: &mut impl BufMut) {
    encode_key_and_varint(tag, WireType::LengthDelimited, len as u64, buf);
}

/// Writes a varint field: its key and value in one store when both are one
/// byte (small counts, enumerations, `true`).
#[inline(always)]
pub fn encode_varint_field(tag: u32, value: u64, buf: &mut impl BufMut) {
    encode_key_and_varint(tag, WireType::Varint, value, buf);
}

/// Writes a 32-bit fixed-width field (`float`, `fixed32`, `sfixed32`): key and
/// value in one store when the key is one byte.
#[inline(always)]
pub fn encode_fixed32_field(tag: u32, value: [u8; 4], buf: &mut impl BufMut) {
    let key = (tag << 3) | WireType::ThirtyTwoBit as u32;
    if key < 0x80 {
        let [a, b, c, d] = value;
        buf.put_slice(&[key as u8, a, b, c, d]);
    } else {
        encode_key(tag, WireType::ThirtyTwoBit, buf);
        buf.put_slice(&value);
    }
}

/// Writes a 64-bit fixed-width field (`double`, `fixed64`, `sfixed64`): key
/// and value in one store when the key is one byte.
#[inline(always)]
pub fn encode_fixed64_field(tag: u32, value: [u8; 8], buf: &mut impl BufMut) {
    let key = (tag << 3) | WireType::SixtyFourBit as u32;
    if key < 0x80 {
        let [a, b, c, d, e, f, g, h] = value;
        buf.put_slice(&[key as u8, a, b, c, d, e, f, g, h]);
    } else {
        encode_key(tag, WireType::SixtyFourBit, buf);
        buf.put_slice(&value);
    }
}

/// Writes a field key.
#[inline(always)]
pub fn encode_key(tag: u32, wire_type: WireType, buf: &mut impl BufMut) {
    let key = (tag << 3) | wire_type as u32;
    // Generated code passes constant tags, so this folds to one store of one
    // or two bytes known at compile time.
    if key < 0x80 {
        buf.put_u8(key as u8);
    } else if key < 0x4000 {
        buf.put_slice(&[(key as u8) | 0x80, (key >> 7) as u8]);
    } else {
        encode_varint_long(u64::from(key), buf);
    }
}

/// The length of a field key.
#[inline]
pub const fn key_len(tag: u32) -> usize {
    varint_len((tag << 3) as u64)
}

/// Zigzag-encodes a 32-bit signed integer.
#[inline]
pub const fn zigzag32(v: i32) -> u32 {
    ((v << 1) ^ (v >> 31)) as u32
}

/// Zigzag-encodes a 64-bit signed integer.
#[inline]
pub const fn zigzag64(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// Reverses [`zigzag32`].
#[inline]
pub const fn unzigzag32(v: u32) -> i32 {
    ((v >> 1) as i32) ^ (-((v & 1) as i32))
}

/// Reverses [`zigzag64`].
#[inline]
pub const fn unzigzag64(v: u64) -> i64 {
    ((v >> 1) as i64) ^ (-((v & 1) as i64))
}

/// Splits a raw key into field number and wire type, checking both.
#[inline]
pub fn key_parts(key: u64) -> Result<(u32, WireType), DecodeError> {
    if key > u64::from(u32::MAX) {
        return Err(DecodeError::new(DecodeErrorKind::InvalidKey(key)));
    }
    let wire_type = WireType::try_from(key & 7)
        .map_err(|_| DecodeError::new(DecodeErrorKind::InvalidWireType(key & 7)))?;
    let tag = (key as u32) >> 3;
    if tag < MIN_FIELD_NUMBER {
        return Err(DecodeError::new(DecodeErrorKind::InvalidTag));
    }
    Ok((tag, wire_type))
}

/// A varint of any length, unrolled: each byte is added with its
/// continuation bit, and the bit taken off again once the next byte is known
/// to follow (as protobuf C++'s parser does), with no loop counter.
#[inline]
pub(super) fn decode_varint_slow(bytes: &[u8]) -> Result<(u64, usize), DecodeError> {
    // The byte at `i`, or the end of the input: truncated.
    macro_rules! byte {
        ($i:literal) => {
            match bytes.get($i) {
                Some(&b) => b,
                None => return Err(truncated()),
            }
        };
    }
    let b = byte!(0);
    let mut lo = u32::from(b);
    if b < 0x80 {
        return Ok((u64::from(lo), 1));
    }
    lo -= 0x80;
    let b = byte!(1);
    lo += u32::from(b) << 7;
    if b < 0x80 {
        return Ok((u64::from(lo), 2));
    }
    lo -= 0x80 << 7;
    let b = byte!(2);
    lo += u32::from(b) << 14;
    if b < 0x80 {
        return Ok((u64::from(lo), 3));
    }
    lo -= 0x80 << 14;
    let b = byte!(3);
    lo += u32::from(b) << 21;
    if b < 0x80 {
        return Ok((u64::from(lo), 4));
    }
    lo -= 0x80 << 21;
    let value = u64::from(lo);
    let b = byte!(4);
    let mut hi = u32::from(b);
    if b < 0x80 {
        return Ok((value | u64::from(hi) << 28, 5));
    }
    hi -= 0x80;
    let b = byte!(5);
    hi += u32::from(b) << 7;
    if b < 0x80 {
        return Ok((value | u64::from(hi) << 28, 6));
    }
    hi -= 0x80 << 7;
    let b = byte!(6);
    hi += u32::from(b) << 14;
    if b < 0x80 {
        return Ok((value | u64::from(hi) << 28, 7));
    }
    hi -= 0x80 << 14;
    let b = byte!(7);
    hi += u32::from(b) << 21;
    if b < 0x80 {
        return Ok((value | u64::from(hi) << 28, 8));
    }
    hi -= 0x80 << 21;
    let value = value | u64::from(hi) << 28;
    let b = byte!(8);
    if b < 0x80 {
        return Ok((value | u64::from(b) << 56, 9));
    }
    // The tenth byte holds the last bit of 64: 0 or 1, and no continuation.
    let last = byte!(9);
    if last > 1 {
        return Err(DecodeError::new(DecodeErrorKind::InvalidVarint));
    }
    Ok((
        value | u64::from(b - 0x80) << 56 | u64::from(last) << 63,
        10,
    ))
}

/// Decodes a varint at the start of `bytes`, returning the value and its length.
pub fn decode_varint(bytes: &[u8]) -> Result<(u64, usize), DecodeError> {
    match bytes.first() {
        Some(&b) if b < 0x80 => Ok((u64::from(b), 1)),
        Some(_) => decode_varint_slow(bytes),
        None => Err(truncated()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_len_matches_encoding() {
        for v in [
            0u64,
            1,
            127,
            128,
            16383,
            16384,
            u32::MAX as u64,
            u64::MAX,
            1 << 63,
        ] {
            let mut buf = Vec::new();
            encode_varint(v, &mut buf);
            assert_eq!(buf.len(), varint_len(v), "{v}");
            assert_eq!(decode_varint(&buf).unwrap(), (v, buf.len()));
        }
    }

    #[test]
    fn keys_are_prost_s_bytes_at_every_length() {
        // One, two and three or more key bytes: the largest tag of each
        // length, the smallest of the next, and the largest tag of all.
        let tags = [1, 15, 16, 2047, 2048, 262_143, 262_144, 536_870_911];
        let wire_types = [
            WireType::Varint,
            WireType::SixtyFourBit,
            WireType::LengthDelimited,
            WireType::StartGroup,
            WireType::EndGroup,
            WireType::ThirtyTwoBit,
        ];
        for tag in tags {
            for wire_type in wire_types {
                let mut buf = Vec::new();
                encode_key(tag, wire_type, &mut buf);
                let mut expected = Vec::new();
                prost::encoding::encode_key(tag, wire_type, &mut expected);
                assert_eq!(buf, expected, "tag {tag}, {wire_type:?}");
                assert_eq!(buf.len(), key_len(tag), "tag {tag}");
            }
        }
    }

    #[test]
    fn length_headers_are_a_key_and_a_varint() {
        // Both one byte (the two-byte store), and each of key and length
        // past one byte.
        for tag in [1, 15, 16, 2048] {
            for len in [0, 1, 127, 128, 300, 1 << 21] {
                let mut buf = Vec::new();
                encode_len_header(tag, len, &mut buf);
                let mut expected = Vec::new();
                prost::encoding::encode_key(tag, WireType::LengthDelimited, &mut expected);
                prost::encoding::encode_varint(len as u64, &mut expected);
                assert_eq!(buf, expected, "tag {tag}, length {len}");
            }
        }
    }

    #[test]
    fn scalar_fields_are_a_key_and_a_value() {
        for tag in [1, 15, 16, 2048] {
            for value in [0u64, 1, 127, 128, 300, u64::MAX] {
                let mut buf = Vec::new();
                encode_varint_field(tag, value, &mut buf);
                let mut expected = Vec::new();
                prost::encoding::encode_key(tag, WireType::Varint, &mut expected);
                prost::encoding::encode_varint(value, &mut expected);
                assert_eq!(buf, expected, "varint: tag {tag}, value {value}");
            }
            let mut buf = Vec::new();
            encode_fixed32_field(tag, [1, 2, 3, 4], &mut buf);
            let mut expected = Vec::new();
            prost::encoding::encode_key(tag, WireType::ThirtyTwoBit, &mut expected);
            expected.extend_from_slice(&[1, 2, 3, 4]);
            assert_eq!(buf, expected, "fixed32: tag {tag}");
            let mut buf = Vec::new();
            encode_fixed64_field(tag, [1, 2, 3, 4, 5, 6, 7, 8], &mut buf);
            let mut expected = Vec::new();
            prost::encoding::encode_key(tag, WireType::SixtyFourBit, &mut expected);
            expected.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
            assert_eq!(buf, expected, "fixed64: tag {tag}");
        }
    }

    #[test]
    fn varints_of_every_length_are_prost_s_bytes() {
        for len in 1..=10u32 {
            // The smallest and the largest value of this length.
            let smallest = if len == 1 { 0 } else { 1u64 << (7 * (len - 1)) };
            let largest = 1u64.checked_shl(7 * len).map_or(u64::MAX, |v| v - 1);
            for v in [smallest, smallest + 1, largest] {
                let mut buf = Vec::new();
                encode_varint(v, &mut buf);
                let mut expected = Vec::new();
                prost::encoding::encode_varint(v, &mut expected);
                assert_eq!(buf, expected, "{v}");
                assert_eq!(buf.len(), len as usize, "{v}");
            }
        }
    }

    #[test]
    fn overlong_and_truncated_varints_are_errors() {
        assert!(decode_varint(&[0x80; 11]).is_err());
        assert!(
            decode_varint(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]).is_err()
        );
        assert!(decode_varint(&[0x80, 0x80]).is_err());
        assert!(decode_varint(&[]).is_err());
        assert_eq!(
            decode_varint(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).unwrap(),
            (u64::MAX, 10)
        );
    }

    /// Every varint, at every length, read at the very end of the input and
    /// with more input after it, against prost's decoder: the bits of each
    /// 7-bit group all set, all clear and mixed, and redundant zero groups
    /// (which prost and protobuf accept).
    #[test]
    fn varints_decode_as_prost_s_at_the_end_and_before_more_input() {
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for len in 1..=10u32 {
            let smallest = if len == 1 { 0 } else { 1u64 << (7 * (len - 1)) };
            let largest = 1u64.checked_shl(7 * len).map_or(u64::MAX, |v| v - 1);
            for v in [
                smallest,
                smallest + 1,
                largest,
                largest / 3,
                largest ^ 0x2a5,
            ] {
                let mut buf = Vec::new();
                encode_varint(v, &mut buf);
                inputs.push(buf);
            }
            // A value padded to `len` bytes with zero groups.
            let mut padded = vec![0x81; len as usize];
            padded[len as usize - 1] = 0;
            inputs.push(padded);
        }
        for input in inputs {
            for trailing in [0usize, 1, 9, 10] {
                let mut bytes = input.clone();
                bytes.extend(std::iter::repeat_n(0xff, trailing));
                let mut prost_buf = bytes.as_slice();
                let expected = prost::encoding::decode_varint(&mut prost_buf).unwrap();
                let used = bytes.len() - prost_buf.len();
                assert_eq!(
                    decode_varint(&bytes).unwrap(),
                    (expected, used),
                    "{input:02x?} with {trailing} bytes after it"
                );
            }
        }
    }

    #[test]
    fn overlong_varints_are_errors_at_the_end_and_before_more_input() {
        // Ten bytes whose last is above 1 (more than 64 bits), and a tenth
        // byte with the continuation bit, each alone and with input after.
        let mut over = vec![0xff; 9];
        over.push(0x02);
        let mut continued = vec![0x80; 9];
        continued.push(0x80);
        for input in [over, continued] {
            for trailing in [0usize, 5] {
                let mut bytes = input.clone();
                bytes.extend(std::iter::repeat_n(0x00, trailing));
                let err = decode_varint(&bytes).unwrap_err();
                assert!(
                    matches!(err.kind(), DecodeErrorKind::InvalidVarint),
                    "{bytes:02x?}: {err}"
                );
            }
        }
        // Cut short at every length: truncated, not invalid.
        for len in 1..10 {
            let err = decode_varint(&vec![0x80; len]).unwrap_err();
            assert!(
                matches!(err.kind(), DecodeErrorKind::Truncated),
                "{len}: {err}"
            );
        }
    }

    #[test]
    fn zigzag_round_trips() {
        for v in [0i32, -1, 1, i32::MIN, i32::MAX] {
            assert_eq!(unzigzag32(zigzag32(v)), v);
        }
        for v in [0i64, -1, 1, i64::MIN, i64::MAX] {
            assert_eq!(unzigzag64(zigzag64(v)), v);
        }
        assert_eq!(zigzag32(-1), 1);
        assert_eq!(zigzag64(1), 2);
    }
}
