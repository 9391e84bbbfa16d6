//! [`MapView`]: a map field of a view.

use core::fmt;
use core::marker::PhantomData;

use super::regions::{records, Regions};
use super::{new_view, ProtoView};
use crate::wire::{
    key_parts, wire_type_error, DecodeCtx, DecodeError, DecodeLimits, FieldValue, MapType, Reader,
    WireType,
};

/// A map field of a view: its entries stay in the input and are decoded as
/// they are iterated, in the order they arrived (a later entry with the same
/// key replaces an earlier one, as in the owned map: [`MapView::get`] returns
/// the last).
pub struct MapView<'a, K: ProtoView, V: ProtoView> {
    regions: Regions<'a>,
    tag: u32,
    len: usize,
    _codec: PhantomData<fn() -> (K, V)>,
}

impl<K: ProtoView, V: ProtoView> Default for MapView<'_, K, V> {
    fn default() -> Self {
        MapView {
            regions: Regions::default(),
            tag: 0,
            len: 0,
            _codec: PhantomData,
        }
    }
}

impl<K: ProtoView, V: ProtoView> Clone for MapView<'_, K, V> {
    fn clone(&self) -> Self {
        MapView {
            regions: self.regions.clone(),
            tag: self.tag,
            len: self.len,
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
    let mut r = Reader::new(bytes);
    let key_key = (1 << 3) | K::WIRE_TYPE as u64;
    let value_key = (2 << 3) | V::WIRE_TYPE as u64;
    while !r.is_empty() {
        let raw = r.read_raw_key()?;
        if raw == key_key {
            let v = r.read_known_value(1, K::WIRE_TYPE as u8, ctx)?;
            K::view_merge(&mut key, v, ctx)?;
        } else if raw == value_key {
            let v = r.read_known_value(2, V::WIRE_TYPE as u8, ctx)?;
            V::view_merge(&mut value, v, ctx)?;
        } else {
            let (tag, wire_type) = key_parts(raw)?;
            let v = r.read_value(tag, wire_type, ctx)?;
            match tag {
                1 => K::view_merge(&mut key, v, ctx)?,
                2 => V::view_merge(&mut value, v, ctx)?,
                _ => {}
            }
        }
    }
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
    pub fn iter(&self) -> impl Iterator<Item = (K::View<'a>, V::View<'a>)> + '_ {
        records(&self.regions, self.tag).map_while(|field| {
            DecodeLimits::CHECKED_INPUT.run(|ctx| view_entry::<K, V>(field, ctx).ok())
        })
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

    /// Checks and records one entry of the field, read from `region`.
    #[doc(hidden)]
    #[inline]
    pub fn __push(
        &mut self,
        region: &'a [u8],
        tag: u32,
        field: FieldValue<'a>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        view_entry::<K, V>(field, ctx)?;
        self.len += 1;
        self.tag = tag;
        self.regions.push(region, ctx)
    }
}
