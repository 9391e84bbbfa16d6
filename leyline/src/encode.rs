//! Encoding with nested lengths computed once.
//!
//! A message field is written as its length, then its fields, so a plain
//! encoder computes the length of every nested message once for the buffer
//! size and again before writing it (and again per level of nesting below
//! that). Here the sizing pass records each nested message's length in a
//! [`LenCache`], in the order the messages are met (a message before its own
//! fields), and the writing pass reads them back in that same order.
//!
//! Generated code writes every field through the `*_cached` helpers below;
//! `prost::Message::encode_raw` and `encoded_len` (so also prost's `encode`)
//! use them with a disabled cache (each nested length computed where it is
//! needed, as before), while `encode_to_vec` and
//! [`crate::Contract::encode_into`] run the two passes with an enabled one.

use alloc::vec::Vec;
use bytes::BufMut;

use crate::wire::{
    encode_key, encode_singular, encode_varint, key_len, singular_len, varint_len, ProtoType,
    WireType,
};

/// Nested messages whose lengths are kept on the stack; more spill to the heap.
const INLINE: usize = 32;

/// The lengths of the nested messages of one encoding, in the order the
/// sizing pass met them.
#[derive(Debug)]
pub struct LenCache {
    enabled: bool,
    pushed: usize,
    read: usize,
    inline: [usize; INLINE],
    spill: Vec<usize>,
}

impl LenCache {
    /// A cache for one encoding: the sizing pass fills it, the writing pass
    /// reads it.
    #[inline]
    pub fn new() -> Self {
        LenCache {
            enabled: true,
            pushed: 0,
            read: 0,
            inline: [0; INLINE],
            spill: Vec::new(),
        }
    }

    /// A cache that keeps nothing: every nested length is computed where it
    /// is needed.
    #[inline]
    pub const fn disabled() -> Self {
        LenCache {
            enabled: false,
            pushed: 0,
            read: 0,
            inline: [0; INLINE],
            spill: Vec::new(),
        }
    }

    /// Reserves the next entry, for a message whose length is being computed.
    #[inline]
    pub fn reserve(&mut self) -> usize {
        if !self.enabled {
            return usize::MAX;
        }
        let slot = self.pushed;
        self.pushed += 1;
        if slot >= INLINE {
            self.spill.push(0);
        }
        slot
    }

    /// Fills an entry reserved by [`LenCache::reserve`].
    #[inline]
    pub fn set(&mut self, slot: usize, len: usize) {
        if slot < INLINE {
            self.inline[slot] = len;
        } else if let Some(entry) = self.spill.get_mut(slot.wrapping_sub(INLINE)) {
            *entry = len;
        }
    }

    /// The next length of the writing pass, if the sizing pass recorded it.
    #[inline]
    pub fn take(&mut self) -> Option<usize> {
        let len = self.peek()?;
        self.read += 1;
        Some(len)
    }

    /// The next length of the writing pass, without moving past it.
    #[inline]
    pub fn peek(&self) -> Option<usize> {
        if !self.enabled || self.read >= self.pushed {
            return None;
        }
        if self.read < INLINE {
            self.inline.get(self.read).copied()
        } else {
            self.spill.get(self.read - INLINE).copied()
        }
    }
}

impl Default for LenCache {
    fn default() -> Self {
        LenCache::new()
    }
}

/// [`crate::wire::singular_len`], recording nested lengths.
#[inline]
pub fn singular_len_cached<C: ProtoType>(
    tag: u32,
    value: &C::Value,
    cache: &mut LenCache,
) -> usize {
    if C::is_default(value) {
        0
    } else {
        key_len(tag) + C::value_len_cached(value, cache)
    }
}

/// [`crate::wire::encode_singular`], reading recorded lengths.
#[inline]
pub fn encode_singular_cached<C: ProtoType>(
    tag: u32,
    value: &C::Value,
    buf: &mut impl BufMut,
    cache: &mut LenCache,
) {
    if !C::is_default(value) {
        encode_key(tag, C::WIRE_TYPE, buf);
        C::encode_value_cached(value, buf, cache);
    }
}

/// [`crate::wire::optional_len`], recording nested lengths.
#[inline]
pub fn optional_len_cached<C: ProtoType>(
    tag: u32,
    value: &Option<C::Value>,
    cache: &mut LenCache,
) -> usize {
    match value {
        Some(v) => key_len(tag) + C::value_len_cached(v, cache),
        None => 0,
    }
}

/// [`crate::wire::encode_optional`], reading recorded lengths.
#[inline]
pub fn encode_optional_cached<C: ProtoType>(
    tag: u32,
    value: &Option<C::Value>,
    buf: &mut impl BufMut,
    cache: &mut LenCache,
) {
    if let Some(v) = value {
        encode_key(tag, C::WIRE_TYPE, buf);
        C::encode_value_cached(v, buf, cache);
    }
}

/// [`crate::wire::repeated_len`], recording nested lengths.
#[inline]
pub fn repeated_len_cached<C: ProtoType>(
    tag: u32,
    values: &[C::Value],
    cache: &mut LenCache,
) -> usize {
    if C::PACKED || values.is_empty() {
        // Packed elements are scalars: no nested message.
        return crate::wire::repeated_len::<C>(tag, values);
    }
    key_len(tag) * values.len()
        + values
            .iter()
            .map(|v| C::value_len_cached(v, cache))
            .sum::<usize>()
}

/// [`crate::wire::encode_repeated`], reading recorded lengths.
#[inline]
pub fn encode_repeated_cached<C: ProtoType>(
    tag: u32,
    values: &[C::Value],
    buf: &mut impl BufMut,
    cache: &mut LenCache,
) {
    if C::PACKED {
        crate::wire::encode_repeated::<C>(tag, values, buf);
        return;
    }
    for v in values {
        encode_key(tag, C::WIRE_TYPE, buf);
        C::encode_value_cached(v, buf, cache);
    }
}

/// [`crate::wire::map_len`], recording nested lengths (of message values).
#[inline]
pub fn map_len_cached<'a, K, V, I>(tag: u32, entries: I, cache: &mut LenCache) -> usize
where
    K: ProtoType,
    V: ProtoType,
    K::Value: 'a,
    V::Value: 'a,
    I: IntoIterator<Item = (&'a K::Value, &'a V::Value)>,
{
    let key = key_len(tag);
    entries
        .into_iter()
        .map(|(k, v)| {
            let value = if V::is_default(v) {
                0
            } else {
                1 + V::value_len_cached(v, cache)
            };
            let len = singular_len::<K>(1, k) + value;
            key + varint_len(len as u64) + len
        })
        .sum()
}

/// [`crate::wire::encode_map`], reading recorded lengths.
#[inline]
pub fn encode_map_cached<'a, K, V, I>(
    tag: u32,
    entries: I,
    buf: &mut impl BufMut,
    cache: &mut LenCache,
) where
    K: ProtoType,
    V: ProtoType,
    K::Value: 'a,
    V::Value: 'a,
    I: IntoIterator<Item = (&'a K::Value, &'a V::Value)>,
{
    for (k, v) in entries {
        let skip_value = V::is_default(v);
        let value = if skip_value {
            0
        } else {
            1 + V::value_len_recorded(v, cache)
        };
        encode_key(tag, WireType::LengthDelimited, buf);
        encode_varint((singular_len::<K>(1, k) + value) as u64, buf);
        encode_singular::<K>(1, k, buf);
        if !skip_value {
            encode_key(2, V::WIRE_TYPE, buf);
            V::encode_value_cached(v, buf, cache);
        }
    }
}

/// `value_len_cached` of a message: records its length (before its fields').
#[inline]
pub fn message_value_len_cached<M: crate::Contract>(msg: &M, cache: &mut LenCache) -> usize {
    let slot = cache.reserve();
    let len = msg.__encoded_len_cached(cache);
    cache.set(slot, len);
    varint_len(len as u64) + len
}

/// `value_len_recorded` of a message: its recorded length, if any.
#[inline]
pub fn message_value_len_recorded<M: crate::Contract>(msg: &M, cache: &LenCache) -> usize {
    let len = match cache.peek() {
        Some(len) => len,
        None => msg.__encoded_len_cached(&mut LenCache::disabled()),
    };
    varint_len(len as u64) + len
}

/// `encode_value_cached` of a message: its recorded length, then its fields.
#[inline]
pub fn encode_message_value_cached<M: crate::Contract>(
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
pub fn encode_to_vec<M: crate::Contract>(msg: &M) -> Vec<u8> {
    let mut cache = LenCache::new();
    let len = msg.__encoded_len_cached(&mut cache);
    let mut buf = Vec::with_capacity(len);
    msg.__encode_cached(&mut buf, &mut cache);
    buf
}

/// Appends the encoding to `buf` in two passes, growing it once.
#[inline]
pub fn encode_into<M: crate::Contract>(msg: &M, buf: &mut Vec<u8>) {
    let mut cache = LenCache::new();
    let len = msg.__encoded_len_cached(&mut cache);
    buf.reserve(len);
    msg.__encode_cached(buf, &mut cache);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_come_back_in_order_past_the_inline_entries() {
        let mut cache = LenCache::new();
        let slots: Vec<usize> = (0..INLINE + 5).map(|_| cache.reserve()).collect();
        for (i, slot) in slots.iter().enumerate() {
            cache.set(*slot, i * 3);
        }
        for i in 0..INLINE + 5 {
            assert_eq!(cache.peek(), Some(i * 3));
            assert_eq!(cache.take(), Some(i * 3));
        }
        assert_eq!(cache.take(), None);
    }

    #[test]
    fn a_disabled_cache_keeps_nothing() {
        let mut cache = LenCache::disabled();
        let slot = cache.reserve();
        cache.set(slot, 7);
        assert_eq!(cache.take(), None);
    }
}
