//! The length cache: nested message lengths computed once per encode.
//!
//! A message field is written as its length, then its fields, so a plain
//! encoder computes the length of every nested message once for the buffer
//! size and again before writing it (and again per level of nesting below
//! that). Here the sizing pass records each nested message's length in a
//! [`LenCache`], in the order the messages are met (a message before its own
//! fields), and the writing pass reads them back in that same order.
//!
//! Generated code writes every field through the `*_cached` helpers of
//! [`crate::wire`]; `prost::Message::encode_raw` and `encoded_len` (so also
//! prost's `encode`) use them with a disabled cache (each nested length
//! computed where it is needed), while `encode_to_vec` and
//! `Contract::encode_into` run the two passes with an enabled one.

use alloc::vec::Vec;

/// Nested messages whose lengths are kept on the stack; more spill to the heap.
const INLINE: usize = 32;

/// The lengths of the nested messages of one encoding, in the order the
/// sizing pass met them.
#[derive(Debug)]
pub struct LenCache {
    enabled: bool,
    deterministic: bool,
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
            deterministic: false,
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
            deterministic: false,
            pushed: 0,
            read: 0,
            inline: [0; INLINE],
            spill: Vec::new(),
        }
    }

    /// A cache for one deterministic encoding: as [`LenCache::new`], and map
    /// entries are written in key order (both passes visit them so), so that
    /// equal values encode to equal bytes whatever their maps' iteration order.
    #[inline]
    pub fn deterministic() -> Self {
        LenCache {
            deterministic: true,
            ..LenCache::new()
        }
    }

    /// Whether map entries are written in key order.
    #[inline]
    pub fn is_deterministic(&self) -> bool {
        self.deterministic
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
