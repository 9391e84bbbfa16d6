//! [`MapView`]: a map field of a view.

use core::fmt;
use core::marker::PhantomData;

use super::spans::{Records, Spans};
use super::{new_view, ProtoView};
use crate::wire::{
    walk_entry, wire_type_error, DecodeCtx, DecodeError, FieldValue, MapType, MemoryBudget,
    WireType,
};

/// A map field of a view: its entries stay in the input and are decoded as
/// they are iterated, in the order they arrived (a later entry with the same
/// key replaces an earlier one, as in the owned map: [`MapView::get`] returns
/// the last). Each entry was checked when the view was decoded, so iterating
/// cannot fail; it walks the field's own records once.
pub struct MapView<'a, K: ProtoView, V: ProtoView> {
    spans: Spans<'a>,
    tag: u32,
    len: usize,
    /// The nesting depth left where the field was read.
    depth: u32,
    _codec: PhantomData<fn() -> (K, V)>,
}

impl<K: ProtoView, V: ProtoView> Default for MapView<'_, K, V> {
    fn default() -> Self {
        MapView {
            spans: Spans::default(),
            tag: 0,
            len: 0,
            depth: 0,
            _codec: PhantomData,
        }
    }
}

impl<K: ProtoView, V: ProtoView> Clone for MapView<'_, K, V> {
    fn clone(&self) -> Self {
        MapView {
            spans: self.spans.clone(),
            tag: self.tag,
            len: self.len,
            depth: self.depth,
            _codec: PhantomData,
        }
    }
}

impl<'a, K: ProtoView, V: ProtoView> fmt::Debug for MapView<'a, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Reads one map entry into views (a missing key or value takes its default,
/// unknown fields are skipped), as the owned decode reads it.
fn view_entry<'a, K: ProtoView, V: ProtoView>(
    field: FieldValue<'a>,
    ctx: DecodeCtx<'_>,
) -> Result<(K::View<'a>, V::View<'a>), DecodeError> {
    let bytes = match field {
        FieldValue::Len(bytes) => bytes,
        other => return Err(wire_type_error(WireType::LengthDelimited, &other)),
    };
    let mut key = new_view::<K>(ctx)?;
    let mut value = new_view::<V>(ctx)?;
    walk_entry(
        bytes,
        K::WIRE_TYPE,
        V::WIRE_TYPE,
        ctx,
        |v| K::view_merge(&mut key, v, ctx),
        |v| V::view_merge(&mut value, v, ctx),
    )?;
    Ok((key, value))
}

impl<'a, K: ProtoView, V: ProtoView> MapView<'a, K, V> {
    /// The number of entries on the wire (a key sent twice counts twice).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The entries, in the order they arrived.
    pub fn iter(&self) -> MapIter<'_, 'a, K, V> {
        MapIter {
            records: self.spans.records(self.tag),
            left: self.len,
            depth: self.depth,
            memory: MemoryBudget::unlimited(),
            _codec: PhantomData,
        }
    }

    /// The value under `key` (the last one, when the key arrived more than once).
    pub fn get(&self, key: &K::View<'a>) -> Option<V::View<'a>>
    where
        K::View<'a>: PartialEq,
    {
        self.iter().filter(|(k, _)| k == key).last().map(|(_, v)| v)
    }

    /// The owned map (`HashMap` or `BTreeMap`).
    pub fn to_map<M: MapType<K::Value, V::Value>>(&self) -> M {
        let mut map = M::default();
        map.reserve_entries(self.len);
        for (k, v) in self.iter() {
            map.insert_entry(K::view_to_owned(&k), V::view_to_owned(&v));
        }
        map
    }

    /// Checks and records one entry of the field: `region[start..end]`,
    /// whose value is `field`. When the view holding the field is itself
    /// being read again (`ctx.is_checked()`), the entry was checked already.
    #[doc(hidden)]
    #[inline]
    pub fn __push(
        &mut self,
        region: &'a [u8],
        start: usize,
        end: usize,
        tag: u32,
        field: FieldValue<'a>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        if !ctx.is_checked() {
            view_entry::<K, V>(field, ctx)?;
        }
        self.len += 1;
        self.tag = tag;
        self.depth = ctx.depth_left();
        self.spans.push(region, start, end, ctx)
    }
}

impl<'r, 'a, K: ProtoView, V: ProtoView> IntoIterator for &'r MapView<'a, K, V> {
    type Item = (K::View<'a>, V::View<'a>);
    type IntoIter = MapIter<'r, 'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The entries of a [`MapView`], in the order they arrived.
pub struct MapIter<'r, 'a, K: ProtoView, V: ProtoView> {
    records: Records<'r, 'a>,
    left: usize,
    depth: u32,
    /// The entries were checked: this budget only bounds what the walk may
    /// not need (made once per walk, not per entry).
    memory: MemoryBudget,
    _codec: PhantomData<fn() -> (K, V)>,
}

impl<K: ProtoView, V: ProtoView> fmt::Debug for MapIter<'_, '_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MapIter")
            .field("left", &self.left)
            .finish_non_exhaustive()
    }
}

impl<'a, K: ProtoView, V: ProtoView> Iterator for MapIter<'_, 'a, K, V> {
    type Item = (K::View<'a>, V::View<'a>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        // The count is exact (the entries were checked): the records need
        // not be walked to their end.
        if self.left == 0 {
            return None;
        }
        let ctx = DecodeCtx::new(self.depth, &self.memory).checked();
        let field = self.records.next_record(ctx)?;
        let entry = view_entry::<K, V>(field, ctx).ok()?;
        self.left = self.left.saturating_sub(1);
        Some(entry)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K: ProtoView, V: ProtoView> ExactSizeIterator for MapIter<'_, '_, K, V> {}
