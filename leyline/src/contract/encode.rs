//! Encoding a contract: the two-pass encode through the [`LenCache`] (sizes,
//! then one allocation and the writing pass), and the codecs of message and
//! enumeration values that generated code calls.

use alloc::vec::Vec;

use bytes::BufMut;

use super::enumeration::Enumeration;
use super::message::Contract;
use crate::wire::{encode_len_header, encode_varint, encode_varint_field, varint_len, LenCache};

#[inline]
pub fn message_value_len_cached<M: Contract>(msg: &M, cache: &mut LenCache) -> usize {
    let slot = cache.reserve();
    let len = msg.__encoded_len_cached(cache);
    cache.set(slot, len);
    varint_len(len as u64) + len
}

/// The length the sizing pass recorded for `msg`, or, with a disabled cache
/// (prost's `encode_raw`), its length measured now.
#[inline]
fn recorded_len<M: Contract>(msg: &M, recorded: Option<usize>) -> usize {
    match recorded {
        Some(len) => len,
        None => msg.__encoded_len_cached(&mut LenCache::disabled()),
    }
}

/// `value_len_recorded` of a message: its recorded length, if any.
#[inline]
pub fn message_value_len_recorded<M: Contract>(msg: &M, cache: &LenCache) -> usize {
    let len = recorded_len(msg, cache.peek());
    varint_len(len as u64) + len
}

/// `encode_field_cached` of a message: its key and recorded length (in one
/// store when both are one byte), then its fields.
#[inline]
pub fn encode_message_field_cached<M: Contract>(
    tag: u32,
    msg: &M,
    buf: &mut impl BufMut,
    cache: &mut LenCache,
) {
    let len = recorded_len(msg, cache.take());
    encode_len_header(tag, len, buf);
    msg.__encode_cached(buf, cache);
}

/// `prost::Message::encode_to_vec` in two passes: sizes (recording nested
/// lengths), then one allocation of the exact size and the writing pass.
#[inline]
pub fn encode_to_vec<M: Contract>(msg: &M) -> Vec<u8> {
    encode_to_vec_with(msg, LenCache::new())
}

/// [`encode_to_vec`] with the given cache (normal or deterministic).
#[inline]
fn encode_to_vec_with<M: Contract>(msg: &M, mut cache: LenCache) -> Vec<u8> {
    let len = msg.__encoded_len_cached(&mut cache);
    let mut buf = Vec::with_capacity(len);
    msg.__encode_cached(&mut buf, &mut cache);
    buf
}

/// `prost::Message::encode` (what tonic's codec calls) in the same two passes
/// as [`encode_to_vec`]: sizes recording nested lengths, the capacity check,
/// then the writing pass reading them back (prost's default would size every
/// nested message again while it writes).
#[inline]
pub fn prost_encode<M: Contract>(msg: &M, buf: &mut impl BufMut) -> Result<(), prost::EncodeError> {
    let mut cache = LenCache::new();
    let len = msg.__encoded_len_cached(&mut cache);
    let remaining = buf.remaining_mut();
    if len > remaining {
        return Err(capacity_error(len, buf, false));
    }
    msg.__encode_cached(buf, &mut cache);
    Ok(())
}

/// prost's own error for a buffer with too little room for a message of
/// `len` bytes (prost offers no constructor: its default `encode` makes it,
/// for a stand-in of that length, and writes nothing).
#[cold]
fn capacity_error(len: usize, buf: &mut impl BufMut, delimited: bool) -> prost::EncodeError {
    #[derive(Debug, Default)]
    struct OfLen(usize);
    impl prost::Message for OfLen {
        fn encode_raw(&self, _: &mut impl BufMut) {}
        fn merge_field(
            &mut self,
            tag: u32,
            wire_type: prost::encoding::WireType,
            buf: &mut impl bytes::Buf,
            ctx: prost::encoding::DecodeContext,
        ) -> Result<(), prost::DecodeError> {
            prost::encoding::skip_field(wire_type, tag, buf, ctx)
        }
        fn encoded_len(&self) -> usize {
            self.0
        }
        fn clear(&mut self) {}
    }
    let result = if delimited {
        prost::Message::encode_length_delimited(&OfLen(len), buf)
    } else {
        prost::Message::encode(&OfLen(len), buf)
    };
    match result {
        Err(e) => e,
        // Unreachable: the caller saw too little room, and nothing was written.
        Ok(()) => capacity_error(usize::MAX, buf, false),
    }
}

/// `prost::Message::encode_length_delimited`, in two passes as
/// [`prost_encode`].
#[inline]
pub fn prost_encode_length_delimited<M: Contract>(
    msg: &M,
    buf: &mut impl BufMut,
) -> Result<(), prost::EncodeError> {
    let mut cache = LenCache::new();
    let len = msg.__encoded_len_cached(&mut cache);
    let required = len + varint_len(len as u64);
    let remaining = buf.remaining_mut();
    if required > remaining {
        return Err(capacity_error(len, buf, true));
    }
    encode_varint(len as u64, buf);
    msg.__encode_cached(buf, &mut cache);
    Ok(())
}

/// `prost::Message::encode_length_delimited_to_vec`, in two passes as
/// [`encode_to_vec`].
#[inline]
pub fn encode_length_delimited_to_vec<M: Contract>(msg: &M) -> Vec<u8> {
    let mut cache = LenCache::new();
    let len = msg.__encoded_len_cached(&mut cache);
    let mut buf = Vec::with_capacity(len + varint_len(len as u64));
    encode_varint(len as u64, &mut buf);
    msg.__encode_cached(&mut buf, &mut cache);
    buf
}

/// Appends the encoding to `buf` in two passes, growing it once.
#[inline]
pub fn encode_into<M: Contract>(msg: &M, buf: &mut Vec<u8>) {
    encode_into_with(msg, buf, LenCache::new());
}

/// Appends the deterministic encoding to `buf`: map entries in key order.
#[inline]
pub(super) fn encode_deterministic_into<M: Contract>(msg: &M, buf: &mut Vec<u8>) {
    encode_into_with(msg, buf, LenCache::deterministic());
}

/// [`encode_deterministic_into`] into a new vector of the exact size.
#[inline]
pub(super) fn encode_deterministic_to_vec<M: Contract>(msg: &M) -> Vec<u8> {
    encode_to_vec_with(msg, LenCache::deterministic())
}

#[inline]
fn encode_into_with<M: Contract>(msg: &M, buf: &mut Vec<u8>, mut cache: LenCache) {
    let len = msg.__encoded_len_cached(&mut cache);
    buf.reserve(len);
    msg.__encode_cached(buf, &mut cache);
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

/// Whether a message equals its default: true exactly when its encoding is
/// empty (every field holds the default its encoder leaves out: `-0.0`
/// compares equal to `0.0`, `NaN` to nothing). Compared rather than measured:
/// measuring walks the whole value, and the length pass asks this of every
/// map value at every level, which made the cost of nested maps of messages
/// exponential in their depth.
#[inline]
pub fn message_is_default<M: prost::Message + PartialEq + Default>(msg: &M) -> bool {
    *msg == M::default()
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

/// `encode_field_cached` of an enumeration: key and value in one store when
/// both are one byte.
#[inline]
pub fn encode_enum_field<E: Enumeration>(tag: u32, value: &E, buf: &mut impl BufMut) {
    encode_varint_field(tag, value.value() as i64 as u64, buf);
}
