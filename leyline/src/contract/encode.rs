//! Encoding a contract: the two-pass encode through the [`LenCache`] (sizes,
//! then one allocation and the writing pass), and the codecs of message and
//! enumeration values that generated code calls.

use alloc::vec::Vec;

use bytes::BufMut;

use super::enumeration::Enumeration;
use super::message::Contract;
use crate::wire::{encode_varint, varint_len, LenCache};

#[inline]
pub fn message_value_len_cached<M: Contract>(msg: &M, cache: &mut LenCache) -> usize {
    let slot = cache.reserve();
    let len = msg.__encoded_len_cached(cache);
    cache.set(slot, len);
    varint_len(len as u64) + len
}

/// `value_len_recorded` of a message: its recorded length, if any.
#[inline]
pub fn message_value_len_recorded<M: Contract>(msg: &M, cache: &LenCache) -> usize {
    let len = match cache.peek() {
        Some(len) => len,
        None => msg.__encoded_len_cached(&mut LenCache::disabled()),
    };
    varint_len(len as u64) + len
}

/// `encode_value_cached` of a message: its recorded length, then its fields.
#[inline]
pub fn encode_message_value_cached<M: Contract>(
    msg: &M,
    buf: &mut impl BufMut,
    cache: &mut LenCache,
) {
    let len = match cache.take() {
        Some(len) => len,
        None => msg.__encoded_len_cached(&mut LenCache::disabled()),
    };
    encode_varint(len as u64, buf);
    msg.__encode_cached(buf, cache);
}

/// `prost::Message::encode_to_vec` in two passes: sizes (recording nested
/// lengths), then one allocation of the exact size and the writing pass.
#[inline]
pub fn encode_to_vec<M: Contract>(msg: &M) -> Vec<u8> {
    let mut cache = LenCache::new();
    let len = msg.__encoded_len_cached(&mut cache);
    let mut buf = Vec::with_capacity(len);
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
