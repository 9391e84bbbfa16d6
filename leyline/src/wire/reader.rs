//! Reading an input: the [`Reader`] cursor and the [`FieldValue`] of one record.

use super::ctx::DecodeCtx;
use super::error::{truncated, DecodeError, DecodeErrorKind};
use super::varint::{decode_varint, decode_varint_slow, key_parts};
use super::{WireType, MIN_FIELD_NUMBER};

/// The value of one field as read from the wire, before it is interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// Wire type 0.
    Varint(u64),
    /// Wire type 1.
    Fixed64(u64),
    /// Wire type 5.
    Fixed32(u32),
    /// Wire type 2: the payload, without its length prefix.
    Len(&'a [u8]),
    /// Wire type 3: the raw bytes of the group, up to and including its end key.
    Group(&'a [u8]),
}

impl FieldValue<'_> {
    /// The wire type this value was read with.
    pub fn wire_type(&self) -> WireType {
        match self {
            FieldValue::Varint(_) => WireType::Varint,
            FieldValue::Fixed64(_) => WireType::SixtyFourBit,
            FieldValue::Fixed32(_) => WireType::ThirtyTwoBit,
            FieldValue::Len(_) => WireType::LengthDelimited,
            FieldValue::Group(_) => WireType::StartGroup,
        }
    }
}

/// The error for a field read with a wire type its declaration does not allow.
#[cold]
pub fn wire_type_error(expected: WireType, actual: &FieldValue<'_>) -> DecodeError {
    DecodeError::new(DecodeErrorKind::UnexpectedWireType {
        expected,
        found: actual.wire_type(),
    })
}

/// Adds `message.field` context to a decode error.
#[cold]
pub fn field_error(
    mut err: DecodeError,
    message: &'static str,
    field: &'static str,
) -> DecodeError {
    err.push(message, field);
    err
}
/// A cursor over a contiguous input.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    #[inline]
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    /// Whether everything has been read.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    /// Reads one byte when it is `byte` (a one-byte key the caller expects
    /// next); otherwise reads nothing.
    #[inline(always)]
    pub fn eat_byte(&mut self, byte: u8) -> bool {
        let hit = self.buf.get(self.pos) == Some(&byte);
        self.pos += usize::from(hit);
        hit
    }

    /// Bytes read so far.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes not yet read.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// The bytes between two positions of this reader.
    #[inline]
    pub fn slice(&self, start: usize, end: usize) -> &'a [u8] {
        let buf: &'a [u8] = self.buf;
        buf.get(start..end).unwrap_or(&[])
    }

    /// How many length-delimited records follow the current position
    /// back to back, each starting with the key bytes `key`. Stops at the
    /// first other record or at anything malformed (a hint, never an error).
    pub fn count_run(&self, key: &[u8]) -> usize {
        let mut rest = self.buf.get(self.pos..).unwrap_or(&[]);
        let mut n = 0;
        // The usual case first: a one-byte key (fields 1 to 15) and records
        // shorter than 128 bytes, two header bytes each. Anything else goes
        // on in the general loop below, from the same place.
        if let [k] = *key {
            while let [first, len, ref after @ ..] = *rest {
                if first != k || len >= 0x80 {
                    break;
                }
                let Some(next) = after.get(usize::from(len)..) else {
                    return n;
                };
                rest = next;
                n += 1;
            }
        }
        while let Some(after_key) = strip_key(rest, key) {
            let Ok((len, used)) = decode_varint(after_key) else {
                break;
            };
            let Some(next) = usize::try_from(len)
                .ok()
                .and_then(|len| len.checked_add(used))
                .and_then(|skip| after_key.get(skip..))
            else {
                break;
            };
            rest = next;
            n += 1;
        }
        n
    }

    /// Reads a varint.
    #[inline]
    pub fn read_varint(&mut self) -> Result<u64, DecodeError> {
        // One and two bytes (field numbers up to 2047, lengths up to 16383)
        // inline; longer varints out of line.
        if let Some(&b) = self.buf.get(self.pos) {
            if b < 0x80 {
                self.pos += 1;
                return Ok(u64::from(b));
            }
            if let Some(&c) = self.buf.get(self.pos + 1) {
                if c < 0x80 {
                    self.pos += 2;
                    return Ok(u64::from(b & 0x7f) | u64::from(c) << 7);
                }
            }
        }
        // By value, so that the reader itself never escapes into a call and
        // stays in registers in the loops that inline this.
        let (value, pos) = read_varint_long(self.buf, self.pos)?;
        self.pos = pos;
        Ok(value)
    }

    /// Reads a field key: the field number and the wire type.
    #[inline]
    pub fn read_key(&mut self) -> Result<(u32, WireType), DecodeError> {
        key_parts(self.read_varint()?)
    }

    /// Reads a field key as the raw varint, unchecked (see [`key_parts`]).
    #[inline(always)]
    pub fn read_raw_key(&mut self) -> Result<u64, DecodeError> {
        self.read_varint()
    }

    /// Reads one field record: its number and value. The common wire types
    /// are read inline (one copy each, wherever this is inlined); groups and
    /// malformed keys take the general path.
    #[inline(always)]
    pub fn read_field(&mut self, ctx: DecodeCtx<'_>) -> Result<(u32, FieldValue<'a>), DecodeError> {
        let raw = self.read_varint()?;
        let tag = (raw >> 3) as u32;
        if raw > u64::from(u32::MAX) || tag < MIN_FIELD_NUMBER {
            let (tag, wire_type) = key_parts(raw)?;
            return Ok((tag, self.read_value(tag, wire_type, ctx)?));
        }
        let value = match raw & 7 {
            0 => FieldValue::Varint(self.read_varint()?),
            2 => FieldValue::Len(self.read_len_delimited()?),
            5 => {
                let b = self.read_bytes(4)?;
                FieldValue::Fixed32(u32::from_le_bytes(array4(b)))
            }
            1 => {
                let b = self.read_bytes(8)?;
                FieldValue::Fixed64(u64::from_le_bytes(array8(b)))
            }
            _ => {
                let (tag, wire_type) = key_parts(raw)?;
                self.read_value(tag, wire_type, ctx)?
            }
        };
        Ok((tag, value))
    }

    /// Reads the value of a field whose key has just been read, when the wire
    /// type is known where this is inlined (`wire_type` is the wire type's
    /// number, 0 to 5), so that only its branch remains.
    #[inline(always)]
    pub fn read_known_value(
        &mut self,
        tag: u32,
        wire_type: u8,
        ctx: DecodeCtx<'_>,
    ) -> Result<FieldValue<'a>, DecodeError> {
        match wire_type {
            0 => Ok(FieldValue::Varint(self.read_varint()?)),
            1 => {
                let b = self.read_bytes(8)?;
                Ok(FieldValue::Fixed64(u64::from_le_bytes(array8(b))))
            }
            2 => Ok(FieldValue::Len(self.read_len_delimited()?)),
            5 => {
                let b = self.read_bytes(4)?;
                Ok(FieldValue::Fixed32(u32::from_le_bytes(array4(b))))
            }
            other => {
                let wire_type = WireType::try_from(u64::from(other)).map_err(|_| {
                    DecodeError::new(DecodeErrorKind::InvalidWireType(other.into()))
                })?;
                self.read_value(tag, wire_type, ctx)
            }
        }
    }

    /// Reads `n` bytes.
    #[inline]
    pub fn read_bytes(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let buf: &'a [u8] = self.buf;
        let end = self.pos.checked_add(n).ok_or_else(truncated)?;
        match buf.get(self.pos..end) {
            Some(s) => {
                self.pos = end;
                Ok(s)
            }
            None => Err(truncated()),
        }
    }

    /// Reads a length prefix and the bytes it announces. The length is checked
    /// against the input before anything else happens, so a prefix that claims
    /// more than the input holds costs an error, not an allocation.
    #[inline]
    pub fn read_len_delimited(&mut self) -> Result<&'a [u8], DecodeError> {
        let len = self.read_varint()?;
        if len > self.remaining() as u64 {
            return Err(truncated());
        }
        self.read_bytes(len as usize)
    }

    /// Reads the value of a field whose key has just been read.
    #[inline]
    pub fn read_value(
        &mut self,
        tag: u32,
        wire_type: WireType,
        ctx: DecodeCtx<'_>,
    ) -> Result<FieldValue<'a>, DecodeError> {
        Ok(match wire_type {
            WireType::Varint => FieldValue::Varint(self.read_varint()?),
            WireType::SixtyFourBit => {
                let b = self.read_bytes(8)?;
                FieldValue::Fixed64(u64::from_le_bytes(array8(b)))
            }
            WireType::ThirtyTwoBit => {
                let b = self.read_bytes(4)?;
                FieldValue::Fixed32(u32::from_le_bytes(array4(b)))
            }
            WireType::LengthDelimited => FieldValue::Len(self.read_len_delimited()?),
            WireType::StartGroup => {
                // On a copy, so that `self` never escapes (see `read_varint`).
                let start = self.pos;
                let mut group = self.clone();
                group.skip_group(tag, ctx)?;
                self.pos = group.pos;
                FieldValue::Group(self.slice(start, self.pos))
            }
            WireType::EndGroup => {
                return Err(DecodeError::new(DecodeErrorKind::UnexpectedEndGroup))
            }
        })
    }

    fn skip_group(&mut self, tag: u32, ctx: DecodeCtx<'_>) -> Result<(), DecodeError> {
        let ctx = ctx.enter()?;
        loop {
            if self.is_empty() {
                return Err(truncated());
            }
            let (inner_tag, wire_type) = self.read_key()?;
            if wire_type == WireType::EndGroup {
                if inner_tag != tag {
                    return Err(DecodeError::new(DecodeErrorKind::UnexpectedEndGroup));
                }
                return Ok(());
            }
            self.read_value(inner_tag, wire_type, ctx)?;
        }
    }
}

/// The varint at `buf[pos..]` of three bytes or more (or a truncated one),
/// and the position after it.
#[inline(never)]
fn read_varint_long(buf: &[u8], pos: usize) -> Result<(u64, usize), DecodeError> {
    let rest = buf.get(pos..).unwrap_or(&[]);
    if rest.is_empty() {
        return Err(truncated());
    }
    let (value, n) = decode_varint_slow(rest)?;
    Ok((value, pos + n))
}

/// `bytes` after `key`, when it starts with `key` (a key is 1 to 5 bytes:
/// compared inline rather than through `memcmp`).
#[inline]
fn strip_key<'a>(bytes: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    if bytes.len() < key.len() || bytes.iter().zip(key).any(|(a, b)| a != b) {
        return None;
    }
    bytes.get(key.len()..)
}
#[inline]
fn array4(b: &[u8]) -> [u8; 4] {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[..4]);
    a
}

#[inline]
fn array8(b: &[u8]) -> [u8; 8] {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_prefix_past_the_end_is_an_error() {
        let mut r = Reader::new(&[0x0a, 0xff, 0xff, 0xff, 0xff, 0x07, 1, 2]);
        let (tag, wt) = r.read_key().unwrap();
        let memory = crate::wire::MemoryBudget::new(0);
        let ctx = DecodeCtx::new(1, &memory);
        assert!(r.read_value(tag, wt, ctx).is_err());
    }

    /// Records of field `tag` (length-delimited) with payloads of `lens` bytes.
    fn records(key: &[u8], lens: &[usize]) -> Vec<u8> {
        let mut out = Vec::new();
        for &len in lens {
            out.extend_from_slice(key);
            crate::wire::encode_varint(len as u64, &mut out);
            out.extend(core::iter::repeat_n(7u8, len));
        }
        out
    }

    #[test]
    fn count_run_counts_whole_records_with_the_same_key() {
        let one = [0x0a];
        // Short records, then one of 200 bytes (a two-byte length) in the
        // middle of the run, then short ones again: all counted.
        let bytes = records(&one, &[3, 0, 5, 200, 1, 127, 128]);
        assert_eq!(Reader::new(&bytes).count_run(&one), 7);
        // Counting starts at the reader's position.
        let mut r = Reader::new(&bytes);
        r.read_raw_key().unwrap();
        r.read_len_delimited().unwrap();
        assert_eq!(r.count_run(&one), 6);
        // Another key ends the run, in both loops.
        let mut mixed = records(&one, &[2, 2]);
        mixed.extend(records(&[0x12], &[2]));
        mixed.extend(records(&one, &[2]));
        assert_eq!(Reader::new(&mixed).count_run(&one), 2);
        let mut long_then_other = records(&one, &[300]);
        long_then_other.extend(records(&[0x12], &[1]));
        assert_eq!(Reader::new(&long_then_other).count_run(&one), 1);
        // A record that runs past the end is not counted, short or long.
        for lens in [&[4usize, 9][..], &[4, 200]] {
            let mut cut = records(&one, lens);
            cut.truncate(cut.len() - 1);
            assert_eq!(Reader::new(&cut).count_run(&one), 1, "{lens:?}");
        }
        // A key byte alone at the end, or with a length that never ends.
        let mut tail = records(&one, &[1]);
        tail.push(0x0a);
        assert_eq!(Reader::new(&tail).count_run(&one), 1);
        tail.extend([0xff; 11]);
        assert_eq!(Reader::new(&tail).count_run(&one), 1);
        // Two-byte keys (field 16 and above) take the general loop.
        let two = [0x82, 0x01];
        let bytes = records(&two, &[1, 150, 0]);
        assert_eq!(Reader::new(&bytes).count_run(&two), 3);
        assert_eq!(Reader::new(&bytes).count_run(&one), 0);
        assert_eq!(Reader::new(&[]).count_run(&one), 0);
    }
}
