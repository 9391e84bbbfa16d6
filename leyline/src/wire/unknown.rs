//! [`UnknownFields`]: the records a contract does not know, kept byte for byte.

use alloc::vec::Vec;
use bytes::BufMut;

use super::ctx::{DecodeCtx, MemoryBudget, DEFAULT_RECURSION_LIMIT};
use super::error::DecodeError;
use super::reader::{FieldValue, Reader};
use super::varint::{encode_key, encode_varint, key_len};
use super::WireType;

/// Fields a contract did not recognise while decoding, kept byte for byte so that
/// re-encoding loses nothing (a relay that decodes and re-encodes a message from
/// a newer producer passes the newer fields on).
///
/// A contract opts in by declaring a field `#[leyline(unknown_fields)] pub
/// unknown_fields: leyline::UnknownFields`. The fields are written after the
/// known ones.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct UnknownFields {
    raw: Vec<u8>,
}

impl UnknownFields {
    /// No unknown fields.
    pub const fn new() -> Self {
        UnknownFields { raw: Vec::new() }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The raw records (key and value of each field), in the order read.
    pub fn as_bytes(&self) -> &[u8] {
        &self.raw
    }

    /// Forgets every unknown field.
    pub fn clear(&mut self) {
        self.raw.clear();
    }

    /// The field numbers present, in order (a number may repeat).
    pub fn numbers(&self) -> Vec<u32> {
        let mut out = Vec::new();
        let memory = MemoryBudget::unlimited();
        let ctx = DecodeCtx::new(DEFAULT_RECURSION_LIMIT, &memory);
        let mut r = Reader::new(&self.raw);
        while !r.is_empty() {
            let Ok((tag, wire_type)) = r.read_key() else {
                break;
            };
            if r.read_value(tag, wire_type, ctx).is_err() {
                break;
            }
            out.push(tag);
        }
        out
    }

    /// Appends one raw record (key and value), as a decoder read it.
    #[doc(hidden)]
    pub fn push_raw(&mut self, record: &[u8]) {
        self.raw.extend_from_slice(record);
    }

    /// Appends one raw record (key and value) as read from the wire, within
    /// the decode's memory budget.
    #[doc(hidden)]
    #[inline]
    pub fn push_record(&mut self, record: &[u8], ctx: DecodeCtx<'_>) -> Result<(), DecodeError> {
        ctx.reserve(&mut self.raw, record.len())?;
        self.raw.extend_from_slice(record);
        Ok(())
    }

    /// Appends one field given as its number and value, within the decode's
    /// memory budget.
    #[doc(hidden)]
    pub fn push_field(
        &mut self,
        tag: u32,
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        // The key, at most 10 bytes of varint, length prefix or fixed value,
        // and the payload.
        let payload = match field {
            FieldValue::Len(b) | FieldValue::Group(b) => b.len(),
            _ => 0,
        };
        ctx.reserve(&mut self.raw, key_len(tag) + 10 + payload)?;
        match field {
            FieldValue::Varint(v) => {
                encode_key(tag, WireType::Varint, &mut self.raw);
                encode_varint(v, &mut self.raw);
            }
            FieldValue::Fixed64(v) => {
                encode_key(tag, WireType::SixtyFourBit, &mut self.raw);
                self.raw.put_u64_le(v);
            }
            FieldValue::Fixed32(v) => {
                encode_key(tag, WireType::ThirtyTwoBit, &mut self.raw);
                self.raw.put_u32_le(v);
            }
            FieldValue::Len(b) => {
                encode_key(tag, WireType::LengthDelimited, &mut self.raw);
                encode_varint(b.len() as u64, &mut self.raw);
                self.raw.extend_from_slice(b);
            }
            FieldValue::Group(b) => {
                encode_key(tag, WireType::StartGroup, &mut self.raw);
                self.raw.extend_from_slice(b);
            }
        }
        Ok(())
    }

    /// The encoded length.
    #[inline]
    pub fn encoded_len(&self) -> usize {
        self.raw.len()
    }

    /// Writes the records.
    #[inline]
    pub fn encode(&self, buf: &mut impl BufMut) {
        if !self.raw.is_empty() {
            buf.put_slice(&self.raw);
        }
    }
}

impl core::fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("UnknownFields")
            .field("numbers", &self.numbers())
            .field("bytes", &self.raw.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_captured_whole() {
        // field 1 group containing field 2 varint 5, then end group 1
        let bytes = [0x0b, 0x10, 0x05, 0x0c];
        let mut r = Reader::new(&bytes);
        let (tag, wt) = r.read_key().unwrap();
        let memory = MemoryBudget::new(64);
        let ctx = DecodeCtx::new(DEFAULT_RECURSION_LIMIT, &memory);
        let v = r.read_value(tag, wt, ctx).unwrap();
        assert_eq!(v, FieldValue::Group(&[0x10, 0x05, 0x0c]));
        let mut u = UnknownFields::new();
        u.push_field(tag, v, ctx).unwrap();
        assert_eq!(u.as_bytes(), &bytes);
        // One byte of key, ten of room, three of group: one block of 14.
        assert_eq!(memory.used(), 14);
        let mut small = UnknownFields::new();
        let tight = MemoryBudget::new(8);
        let ctx = DecodeCtx::new(DEFAULT_RECURSION_LIMIT, &tight);
        assert!(small.push_record(&[0; 9], ctx).is_err());
        assert!(small.is_empty());
        small.push_record(&bytes, ctx).unwrap();
        assert_eq!(small.as_bytes(), &bytes);
    }
}
