//! Parts of a split message: cutting a message along its `split` field into
//! parts that each fit the limit, and merging parts back.

use crate::contract::{merge_message, Contract, SplitField};
use crate::wire::{
    encode_key, encode_varint, key_len, varint_len, DecodeError, DecodeLimits, WireType,
};

/// The parts of an encoded message, each within the size limit, in one
/// reusable buffer. Their concatenation is a valid encoding of the whole
/// message, which [`merge_parts`] (or decoding [`Parts::concatenated`])
/// gives back exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Parts {
    /// No parts.
    pub const fn new() -> Self {
        Parts {
            bytes: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Forgets the parts, keeping the memory.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }

    /// The number of parts.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no parts.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Part `i`.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.bytes.get(start..end)
    }

    /// The parts in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[u8]> + '_ {
        (0..self.ends.len()).map(move |i| self.get(i).unwrap_or(&[]))
    }

    /// All parts back to back: one encoding of the whole message.
    pub fn concatenated(&self) -> &[u8] {
        &self.bytes
    }

    /// The buffer the current part is written to.
    #[doc(hidden)]
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }

    /// Ends the current part.
    #[doc(hidden)]
    pub fn finish_part(&mut self) {
        self.ends.push(self.bytes.len());
    }

    pub(super) fn current_len(&self) -> usize {
        self.bytes.len() - self.ends.last().copied().unwrap_or(0)
    }
}

/// Decodes the parts of a split message (in order) into one message: the same
/// as decoding their concatenation, by protobuf's merge semantics, and like it
/// one decode under the default [`DecodeLimits`] (the parts share one memory
/// budget).
pub fn merge_parts<'a, M: Contract>(
    parts: impl IntoIterator<Item = &'a [u8]>,
) -> Result<M, DecodeError> {
    let mut msg = M::default();
    DecodeLimits::default().run(|ctx| {
        parts
            .into_iter()
            .try_for_each(|part| merge_message(&mut msg, part, ctx))
    })?;
    Ok(msg)
}

/// Writes a message that has a `split` field as parts of at most `limit`
/// bytes: the first part holds every other field (`split.base`); the
/// elements of the split field follow in order, as many per part as fit (a
/// packed field gets one packed run per part). Fails with the size of a piece
/// that cannot fit in a part of its own.
pub(super) fn split_parts<M: Contract>(
    split: &SplitField<'_, M>,
    limit: usize,
    parts: &mut Parts,
) -> Result<(), usize> {
    parts.clear();
    let base_len = prost::Message::encoded_len(&split.base);
    if base_len > limit {
        return Err(base_len);
    }
    prost::Message::encode_raw(&split.base, parts.buffer());
    let (tag, elems) = (split.tag, &*split.elements);
    let key = key_len(tag);
    let packed = elems.packed();
    let mut i = 0;
    while i < elems.len() {
        let used = parts.current_len();
        let start = i;
        if packed {
            let mut run = 0usize;
            while i < elems.len() {
                let next = run + elems.value_len(i);
                if used + key + varint_len(next as u64) + next > limit {
                    break;
                }
                run = next;
                i += 1;
            }
            if i > start {
                let buf = parts.buffer();
                encode_key(tag, WireType::LengthDelimited, buf);
                encode_varint(run as u64, buf);
                for e in start..i {
                    elems.encode_value(e, buf);
                }
            }
        } else {
            let mut total = used;
            while i < elems.len() {
                let next = total + key + elems.value_len(i);
                if next > limit {
                    break;
                }
                total = next;
                i += 1;
            }
            let buf = parts.buffer();
            for e in start..i {
                encode_key(tag, elems.wire_type(), buf);
                elems.encode_value(e, buf);
            }
        }
        if i == start {
            if used == 0 {
                // Alone in a fresh part and still too big.
                let v = elems.value_len(i);
                let own = if packed {
                    key + varint_len(v as u64) + v
                } else {
                    key + v
                };
                return Err(own);
            }
            parts.finish_part();
            continue;
        }
        if i < elems.len() {
            parts.finish_part();
        }
    }
    parts.finish_part();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_index() {
        let mut p = Parts::new();
        p.buffer().extend_from_slice(b"abc");
        p.finish_part();
        p.buffer().extend_from_slice(b"de");
        p.finish_part();
        assert_eq!(p.len(), 2);
        assert_eq!(p.get(0), Some(&b"abc"[..]));
        assert_eq!(p.get(1), Some(&b"de"[..]));
        assert_eq!(p.iter().collect::<Vec<_>>(), [&b"abc"[..], &b"de"[..]]);
        assert_eq!(p.concatenated(), b"abcde");
    }
}
