//! Map fields: their entries' lengths, writing (directly or through the
//! [`LenCache`]), and merging into a [`MapType`].

use alloc::vec::Vec;
use bytes::BufMut;

use super::ctx::DecodeCtx;
use super::error::DecodeError;
use super::field::{encode_singular, singular_len};
use super::len_cache::LenCache;
use super::proto_type::{new_value, ProtoType};
use super::reader::{wire_type_error, FieldValue, Reader};
use super::varint::{encode_key, encode_len_header, encode_varint, key_len, key_parts, varint_len};
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

/// Walks the records of one map entry's body (`bytes`), in order: the key's
/// go to `key`, the value's to `value` (so the last of each wins where they
/// merge), unknown fields are skipped. The owned decode and the view both read
/// their entries with it.
#[inline(always)]
pub(crate) fn walk_entry<'a>(
    bytes: &'a [u8],
    key_wire: WireType,
    value_wire: WireType,
    ctx: DecodeCtx<'_>,
    mut key: impl FnMut(FieldValue<'a>) -> Result<(), DecodeError>,
    mut value: impl FnMut(FieldValue<'a>) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let mut r = Reader::new(bytes);
    // The keys a conforming encoder writes, matched whole so the value is read
    // with its wire type known; anything else takes the general path.
    let key_key = (1 << 3) | key_wire as u64;
    let value_key = (2 << 3) | value_wire as u64;
    // The entry as every conforming encoder writes it, the key and then the
    // value, read without the loop; whatever follows, or comes in another
    // order, is read by the loop, in order. (Both keys are one byte: field
    // numbers 1 and 2.)
    if r.eat_byte(key_key as u8) {
        key(r.read_known_value(1, key_wire as u8, ctx)?)?;
    }
    if r.eat_byte(value_key as u8) {
        value(r.read_known_value(2, value_wire as u8, ctx)?)?;
    }
    while !r.is_empty() {
        let raw = r.read_raw_key()?;
        if raw == key_key {
            key(r.read_known_value(1, key_wire as u8, ctx)?)?;
        } else if raw == value_key {
            value(r.read_known_value(2, value_wire as u8, ctx)?)?;
        } else {
            let (tag, wire_type) = key_parts(raw)?;
            let v = r.read_value(tag, wire_type, ctx)?;
            match tag {
                1 => key(v)?,
                2 => value(v)?,
                _ => {}
            }
        }
    }
    Ok(())
}

/// Reads one map entry. A missing key or value takes its default; unknown
/// fields inside the entry are skipped.
#[inline]
pub fn merge_map_entry<K: ProtoType, V: ProtoType>(
    field: FieldValue<'_>,
    ctx: DecodeCtx<'_>,
) -> Result<(K::Value, V::Value), DecodeError> {
    let bytes = match field {
        FieldValue::Len(bytes) => bytes,
        other => return Err(wire_type_error(WireType::LengthDelimited, &other)),
    };
    let mut key = new_value::<K>(ctx)?;
    let mut value = new_value::<V>(ctx)?;
    walk_entry(
        bytes,
        K::WIRE_TYPE,
        V::WIRE_TYPE,
        ctx,
        |v| K::merge(&mut key, v, ctx),
        |v| V::merge(&mut value, v, ctx),
    )?;
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
    /// The heap bytes the next insertion may allocate (counted against a
    /// decode's memory budget before it happens). By default a bound for a
    /// node-based map: four times an entry, plus a pointer.
    #[inline]
    fn next_insert_alloc(&self) -> usize {
        4 * size_of::<(K, V)>() + 8
    }
    /// The heap bytes a map made room for `entries` entries holds at most
    /// (what [`MapType::reserve_entries`] allocates).
    #[inline]
    fn reserved_alloc(entries: usize) -> usize {
        let _ = entries;
        0
    }
}

/// The bytes of a hash table with room for `capacity` entries of `entry`
/// bytes each, in hashbrown's layout (std's `HashMap`): a slot and a control
/// byte per bucket, plus one group of 16 control bytes and the alignment of
/// the control bytes; buckets a power of two, 8/7 of the capacity at least,
/// and 4, 8 or 16 for small tables (more for tiny entries).
const fn hash_table_bytes(capacity: usize, entry: usize) -> usize {
    let min = match entry {
        0 | 1 => 14,
        2 | 3 => 7,
        _ => 3,
    };
    let capacity = if capacity < min { min } else { capacity };
    let buckets = if capacity < 4 {
        4
    } else if capacity < 8 {
        8
    } else if capacity < 15 {
        16
    } else {
        match capacity.checked_mul(8) {
            Some(c) => match (c / 7).checked_next_power_of_two() {
                Some(b) => b,
                None => usize::MAX,
            },
            None => usize::MAX,
        }
    };
    buckets.saturating_mul(entry + 1).saturating_add(16 + 16)
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
    /// Nothing while the table has room; the next, doubled table when full.
    #[inline]
    fn next_insert_alloc(&self) -> usize {
        if self.len() < self.capacity() {
            0
        } else {
            hash_table_bytes(self.capacity() + 1, size_of::<(K, V)>())
        }
    }
    #[inline]
    fn reserved_alloc(entries: usize) -> usize {
        hash_table_bytes(entries, size_of::<(K, V)>())
    }
}

impl<K: Ord, V> MapType<K, V> for alloc::collections::BTreeMap<K, V> {
    #[inline]
    fn insert_entry(&mut self, key: K, value: V) {
        self.insert(key, value);
    }
}

/// Sizes an empty map for the run of `entries` entries that is arriving, as
/// far as the decode's memory budget allows (a shorter reservation leaves the
/// rest to growth, which the budget then refuses in turn).
#[inline]
pub fn reserve_map_run<K, V, M: MapType<K, V>>(map: &mut M, entries: usize, ctx: DecodeCtx<'_>) {
    let mut n = entries;
    while n > 0 {
        if ctx.charge(M::reserved_alloc(n)).is_ok() {
            map.reserve_entries(n);
            return;
        }
        n /= 2;
    }
}

/// Merges one entry into a map field.
#[inline]
pub fn merge_map<K: ProtoType, V: ProtoType, M: MapType<K::Value, V::Value>>(
    map: &mut M,
    field: FieldValue<'_>,
    ctx: DecodeCtx<'_>,
) -> Result<(), DecodeError> {
    let (k, v) = merge_map_entry::<K, V>(field, ctx)?;
    let alloc = map.next_insert_alloc();
    if alloc != 0 {
        ctx.charge(alloc)?;
    }
    map.insert_entry(k, v);
    Ok(())
}

/// Maps of up to this many entries are put in key order on the stack; larger
/// ones in a `Vec`.
const SORT_ON_STACK: usize = 16;

/// Calls `f` with the entries of a map in key order, for a deterministic
/// encoding. Up to [`SORT_ON_STACK`] entries are sorted in an array on the
/// stack (no allocation); more, in a `Vec`. Each entry is sorted with its
/// key's [`ProtoType::order_prefix`], which decides most comparisons.
#[inline(never)]
fn in_key_order<'a, K: ProtoType, V: 'a, R>(
    entries: impl IntoIterator<Item = (&'a K::Value, &'a V)>,
    f: impl FnOnce(InKeyOrder<'_, 'a, K::Value, V>) -> R,
) -> R
where
    K::Value: Ord + 'a,
{
    let mut entries = entries.into_iter().map(|(k, v)| (K::order_prefix(k), k, v));
    let Some(first) = entries.next() else {
        return f(InKeyOrder(<&[Sorting<'a, K::Value, V>]>::default().iter()));
    };
    // Every slot starts as the first entry; the first `n` hold the entries.
    let mut stack: [Sorting<'a, K::Value, V>; SORT_ON_STACK] = [first; SORT_ON_STACK];
    let mut n = 1;
    for slot in stack.iter_mut().skip(1) {
        match entries.next() {
            Some(entry) => *slot = entry,
            None => break,
        }
        n += 1;
    }
    let mut heap: Vec<Sorting<'a, K::Value, V>>;
    let sorted: &mut [Sorting<'a, K::Value, V>] = match entries.next() {
        Some(more) => {
            heap = Vec::with_capacity(2 * SORT_ON_STACK + entries.size_hint().0);
            heap.extend_from_slice(&stack);
            heap.push(more);
            heap.extend(entries);
            &mut heap
        }
        None => stack.get_mut(..n).unwrap_or_default(),
    };
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    f(InKeyOrder(sorted.iter()))
}

/// An entry being sorted: its key's order prefix, key and value.
type Sorting<'a, K, V> = (u64, &'a K, &'a V);

/// Whether `entries` holds at most one entry, so that any order is key
/// order (a map's iterator knows its length). The length pass and the writing
/// pass of a deterministic encode ask it of the same map, so both take the
/// same path and read the recorded lengths in the same order.
#[inline]
fn at_most_one(entries: &impl Iterator) -> bool {
    matches!(entries.size_hint().1, Some(n) if n <= 1)
}

/// The sorted entries [`in_key_order`] hands out.
struct InKeyOrder<'s, 'a, K, V>(core::slice::Iter<'s, Sorting<'a, K, V>>);

impl<'a, K, V> Iterator for InKeyOrder<'_, 'a, K, V> {
    type Item = (&'a K, &'a V);

    #[inline]
    fn next(&mut self) -> Option<(&'a K, &'a V)> {
        self.0.next().map(|&(_, k, v)| (k, v))
    }
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
        let entries = entries.into_iter();
        if !at_most_one(&entries) {
            return in_key_order::<K, _, _>(entries, |sorted| {
                entries_len_cached::<K, V>(tag, sorted, cache)
            });
        }
        return entries_len_cached::<K, V>(tag, entries, cache);
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
        let entries = entries.into_iter();
        if !at_most_one(&entries) {
            return in_key_order::<K, _, _>(entries, |sorted| {
                encode_entries_cached::<K, V>(tag, sorted, buf, cache)
            });
        }
        return encode_entries_cached::<K, V>(tag, entries, buf, cache);
    }
    encode_entries_cached::<K, V>(tag, entries, buf, cache);
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
        encode_len_header(tag, singular_len::<K>(1, k) + value, buf);
        if !K::is_default(k) {
            K::encode_field_cached(1, k, buf, cache);
        }
        if !skip_value {
            V::encode_field_cached(2, v, buf, cache);
        }
    }
}
