//! Map fields: their entries' lengths, writing (directly or through the
//! [`LenCache`]), and merging into a [`MapType`].

use alloc::vec::Vec;
use bytes::BufMut;

use super::ctx::DecodeCtx;
use super::error::DecodeError;
use super::field::{encode_singular, singular_len};
use super::len_cache::LenCache;
use super::proto_type::ProtoType;
use super::reader::{wire_type_error, FieldValue, Reader};
use super::varint::{encode_key, encode_varint, key_len, key_parts, varint_len};
use super::WireType;

/// Length of a map entry's payload (without key and length prefix). Default keys
/// and values are omitted, as prost and protoc do.
#[inline]
fn map_entry_len<K: ProtoType, V: ProtoType>(key: &K::Value, value: &V::Value) -> usize {
    singular_len::<K>(1, key) + map_value_len::<V>(value)
}

#[inline]
fn map_value_len<V: ProtoType>(value: &V::Value) -> usize {
    if V::is_default(value) {
        0
    } else {
        1 + V::value_len(value)
    }
}

/// Length of a map field (keys included).
#[inline]
pub fn map_len<'a, K, V, I>(tag: u32, entries: I) -> usize
where
    K: ProtoType,
    V: ProtoType,
    K::Value: 'a,
    V::Value: 'a,
    I: IntoIterator<Item = (&'a K::Value, &'a V::Value)>,
{
    // A `for` loop rather than `map().sum()`: the map's `next` is inlined
    // wherever this is, while its `fold` may be compiled out of line.
    let key = key_len(tag);
    let mut total = 0;
    for (k, v) in entries {
        let len = map_entry_len::<K, V>(k, v);
        total += key + varint_len(len as u64) + len;
    }
    total
}

/// Writes a map field, one entry record per pair.
#[inline]
pub fn encode_map<'a, K, V, I>(tag: u32, entries: I, buf: &mut impl BufMut)
where
    K: ProtoType,
    V: ProtoType,
    K::Value: 'a,
    V::Value: 'a,
    I: IntoIterator<Item = (&'a K::Value, &'a V::Value)>,
{
    for (k, v) in entries {
        encode_key(tag, WireType::LengthDelimited, buf);
        encode_varint(map_entry_len::<K, V>(k, v) as u64, buf);
        encode_singular::<K>(1, k, buf);
        if !V::is_default(v) {
            encode_key(2, V::WIRE_TYPE, buf);
            V::encode_value(v, buf);
        }
    }
}

/// Reads one map entry. A missing key or value takes its default; unknown
/// fields inside the entry are skipped.
#[inline]
pub fn merge_map_entry<K: ProtoType, V: ProtoType>(
    field: FieldValue<'_>,
    ctx: DecodeCtx,
) -> Result<(K::Value, V::Value), DecodeError> {
    let bytes = match field {
        FieldValue::Len(bytes) => bytes,
        other => return Err(wire_type_error(WireType::LengthDelimited, &other)),
    };
    let mut key = K::Value::default();
    let mut value = V::Value::default();
    let mut r = Reader::new(bytes);
    // The keys a conforming encoder writes, matched whole so the value is read
    // with its wire type known; anything else takes the general path.
    let key_key = (1 << 3) | K::WIRE_TYPE as u64;
    let value_key = (2 << 3) | V::WIRE_TYPE as u64;
    while !r.is_empty() {
        let raw = r.read_raw_key()?;
        if raw == key_key {
            let v = r.read_known_value(1, K::WIRE_TYPE as u8, ctx)?;
            K::merge(&mut key, v, ctx)?;
        } else if raw == value_key {
            let v = r.read_known_value(2, V::WIRE_TYPE as u8, ctx)?;
            V::merge(&mut value, v, ctx)?;
        } else {
            let (tag, wire_type) = key_parts(raw)?;
            let v = r.read_value(tag, wire_type, ctx)?;
            match tag {
                1 => K::merge(&mut key, v, ctx)?,
                2 => V::merge(&mut value, v, ctx)?,
                _ => {}
            }
        }
    }
    Ok((key, value))
}

/// A map type leyline can hold: `HashMap` and `BTreeMap`.
pub trait MapType<K, V>: Default {
    /// Inserts, replacing an earlier value under the same key.
    fn insert_entry(&mut self, key: K, value: V);
    /// Makes room for `additional` more entries, where the map can.
    #[inline]
    fn reserve_entries(&mut self, additional: usize) {
        let _ = additional;
    }
}

impl<K: Eq + core::hash::Hash, V, S: core::hash::BuildHasher + Default> MapType<K, V>
    for std::collections::HashMap<K, V, S>
{
    #[inline]
    fn insert_entry(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
    #[inline]
    fn reserve_entries(&mut self, additional: usize) {
        self.reserve(additional);
    }
}

impl<K: Ord, V> MapType<K, V> for alloc::collections::BTreeMap<K, V> {
    #[inline]
    fn insert_entry(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
}

/// Merges one entry into a map field.
#[inline]
pub fn merge_map<K: ProtoType, V: ProtoType, M: MapType<K::Value, V::Value>>(
    map: &mut M,
    field: FieldValue<'_>,
    ctx: DecodeCtx,
) -> Result<(), DecodeError> {
    let (k, v) = merge_map_entry::<K, V>(field, ctx)?;
    map.insert_entry(k, v);
    Ok(())
}

/// The entries of a map in key order, for a deterministic encoding.
#[cold]
#[inline(never)]
fn sorted<'a, K: Ord + 'a, V: 'a>(
    entries: impl IntoIterator<Item = (&'a K, &'a V)>,
) -> Vec<(&'a K, &'a V)> {
    let mut sorted: Vec<_> = entries.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    sorted
}

/// [`map_len`], recording nested lengths (of message values). In a
/// deterministic encoding, message values are visited in key order, as the
/// writing pass visits them.
#[inline]
pub fn map_len_cached<'a, K, V, I>(tag: u32, entries: I, cache: &mut LenCache) -> usize
where
    K: ProtoType,
    V: ProtoType,
    K::Value: Ord + 'a,
    V::Value: 'a,
    I: IntoIterator<Item = (&'a K::Value, &'a V::Value)>,
{
    if V::IS_MESSAGE && cache.is_deterministic() {
        return entries_len_cached::<K, V>(tag, sorted(entries), cache);
    }
    entries_len_cached::<K, V>(tag, entries, cache)
}

#[inline]
fn entries_len_cached<'a, K, V>(
    tag: u32,
    entries: impl IntoIterator<Item = (&'a K::Value, &'a V::Value)>,
    cache: &mut LenCache,
) -> usize
where
    K: ProtoType,
    V: ProtoType,
    K::Value: 'a,
    V::Value: 'a,
{
    let key = key_len(tag);
    let mut total = 0;
    for (k, v) in entries {
        let value = if V::is_default(v) {
            0
        } else {
            1 + V::value_len_cached(v, cache)
        };
        let len = singular_len::<K>(1, k) + value;
        total += key + varint_len(len as u64) + len;
    }
    total
}

/// [`encode_map`], reading recorded lengths; in a deterministic encoding
/// (see [`LenCache::deterministic`]), in key order.
#[inline]
pub fn encode_map_cached<'a, K, V, I>(
    tag: u32,
    entries: I,
    buf: &mut impl BufMut,
    cache: &mut LenCache,
) where
    K: ProtoType,
    V: ProtoType,
    K::Value: Ord + 'a,
    V::Value: 'a,
    I: IntoIterator<Item = (&'a K::Value, &'a V::Value)>,
{
    if cache.is_deterministic() {
        encode_entries_cached::<K, V>(tag, sorted(entries), buf, cache);
    } else {
        encode_entries_cached::<K, V>(tag, entries, buf, cache);
    }
}

#[inline]
fn encode_entries_cached<'a, K, V>(
    tag: u32,
    entries: impl IntoIterator<Item = (&'a K::Value, &'a V::Value)>,
    buf: &mut impl BufMut,
    cache: &mut LenCache,
) where
    K: ProtoType,
    V: ProtoType,
    K::Value: 'a,
    V::Value: 'a,
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
