//! Borrowed views: reading a message straight from its bytes.
//!
//! For every `#[leyline::message] struct X`, the macro also declares
//! `XView<'a>`: the same fields, decoded from a byte slice without copying.
//! Strings are `&'a str` and bytes `&'a [u8]` pointing into the input; nested
//! messages are their own views; repeated and map fields are [`Repeated`] and
//! [`MapView`], which remember where their records lie and decode the elements
//! as they are iterated. Decoding a view checks everything the owned decode
//! checks (UTF-8, wire types, lengths, nesting depth), with the same errors, so
//! iterating a view afterwards cannot fail. For the usual encodings a view
//! allocates nothing (a message field that arrives in several pieces, which
//! protobuf merges, costs one small allocation; boxed, recursive fields one
//! box each).
//!
//! ```
//! # use std::collections::HashMap;
//! #[leyline::message(package = "demo.v1")]
//! pub struct Seed {
//!     #[leyline(field = 1)]
//!     pub id: String,
//!     #[leyline(field = 2)]
//!     pub metrics: HashMap<String, f32>,
//!     #[leyline(field = 3)]
//!     pub history: Vec<f32>,
//! }
//!
//! use leyline::prost::Message as _;
//! let seed = Seed {
//!     id: "seed-7".into(),
//!     metrics: [("loss".to_owned(), 0.25)].into(),
//!     history: vec![1.0, 0.5],
//! };
//! let bytes = seed.encode_to_vec();
//! let view = SeedView::decode(&bytes)?;
//! assert_eq!(view.id, "seed-7"); // borrowed from `bytes`
//! assert_eq!(view.metrics.get(&"loss"), Some(0.25));
//! assert_eq!(view.history.iter().collect::<Vec<_>>(), [1.0, 0.5]);
//! assert_eq!(view.to_owned(), seed);
//! # Ok::<(), leyline::DecodeError>(())
//! ```

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use crate::traits::Contract;
use crate::wire::encoding::{Fixed32, Fixed64, Sfixed32, Sfixed64, Sint32, Sint64};
use crate::wire::{
    key_parts, str_from_utf8, wire_type_error, DecodeCtx, DecodeError, DecodeErrorKind, FieldValue,
    MapType, ProtoType, Reader, WireType,
};

/// The borrowed view of a message type: implemented by the `XView<'a>` that
/// `#[leyline::message]` declares beside every `X`.
pub trait MessageView<'a>: Sized + Clone + fmt::Debug + Default {
    /// The owned message this views.
    type Owned: Contract;

    /// Decodes a view of `bytes`: every field is checked as the owned decode
    /// checks it; strings and bytes borrow from `bytes`.
    fn decode_view(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        let mut view = Self::default();
        view.__merge_view(bytes, DecodeCtx::default())?;
        Ok(view)
    }

    /// The owned message holding the same values (what the owned decode of
    /// the same bytes returns).
    fn to_owned_message(&self) -> Self::Owned;

    /// Merges the fields of `bytes` into the view.
    #[doc(hidden)]
    fn __merge_view(&mut self, bytes: &'a [u8], ctx: DecodeCtx) -> Result<(), DecodeError>;
}

/// How a field type is viewed: implemented by every [`ProtoType`] of leyline
/// (scalars as themselves, strings as `&str`, bytes as `&[u8]`, enumerations
/// as themselves, messages as their view). A hand-written `ProtoType` needs
/// this too, for the views of the contracts that hold it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no borrowed view (`leyline::ProtoView`)",
    label = "no `ProtoView` implementation",
    note = "every field type of a contract needs one for the contract's `...View<'a>`; leyline's own types, enumerations and messages have it"
)]
pub trait ProtoView: ProtoType {
    /// The borrowed form of one value.
    type View<'a>: Clone + fmt::Debug + Default;

    /// Merges a value read from the wire into its view, as
    /// [`ProtoType::merge`] merges it into the owned value.
    fn view_merge<'a>(
        view: &mut Self::View<'a>,
        field: FieldValue<'a>,
        ctx: DecodeCtx,
    ) -> Result<(), DecodeError>;

    /// The owned value of a view.
    fn view_to_owned(view: &Self::View<'_>) -> Self::Value;
}

macro_rules! copy_views {
    ($($ty:ty),* $(,)?) => {$(
        impl ProtoView for $ty {
            type View<'a> = <$ty as ProtoType>::Value;
            #[inline]
            fn view_merge<'a>(
                view: &mut Self::View<'a>,
                field: FieldValue<'a>,
                ctx: DecodeCtx,
            ) -> Result<(), DecodeError> {
                <$ty as ProtoType>::merge(view, field, ctx)
            }
            #[inline]
            fn view_to_owned(view: &Self::View<'_>) -> Self::Value {
                *view
            }
        }
    )*};
}

copy_views!(
    u32,
    u64,
    i32,
    i64,
    bool,
    f32,
    f64,
    Sint32,
    Sint64,
    Fixed32,
    Fixed64,
    Sfixed32,
    Sfixed64,
    crate::Timestamp,
    crate::Duration,
);

impl ProtoView for String {
    type View<'a> = &'a str;
    #[inline]
    fn view_merge<'a>(
        view: &mut &'a str,
        field: FieldValue<'a>,
        _ctx: DecodeCtx,
    ) -> Result<(), DecodeError> {
        match field {
            FieldValue::Len(bytes) => {
                *view = str_from_utf8(bytes)?;
                Ok(())
            }
            other => Err(wire_type_error(WireType::LengthDelimited, &other)),
        }
    }
    #[inline]
    fn view_to_owned(view: &&str) -> String {
        String::from(*view)
    }
}

#[inline]
fn view_bytes<'a>(view: &mut &'a [u8], field: FieldValue<'a>) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => {
            *view = bytes;
            Ok(())
        }
        other => Err(wire_type_error(WireType::LengthDelimited, &other)),
    }
}

impl ProtoView for Vec<u8> {
    type View<'a> = &'a [u8];
    #[inline]
    fn view_merge<'a>(
        view: &mut &'a [u8],
        field: FieldValue<'a>,
        _ctx: DecodeCtx,
    ) -> Result<(), DecodeError> {
        view_bytes(view, field)
    }
    #[inline]
    fn view_to_owned(view: &&[u8]) -> Vec<u8> {
        view.to_vec()
    }
}

impl ProtoView for bytes::Bytes {
    type View<'a> = &'a [u8];
    #[inline]
    fn view_merge<'a>(
        view: &mut &'a [u8],
        field: FieldValue<'a>,
        _ctx: DecodeCtx,
    ) -> Result<(), DecodeError> {
        view_bytes(view, field)
    }
    #[inline]
    fn view_to_owned(view: &&[u8]) -> bytes::Bytes {
        bytes::Bytes::copy_from_slice(view)
    }
}

impl<T: ProtoView<Value = T> + Default> ProtoView for Box<T> {
    type View<'a> = Box<T::View<'a>>;
    #[inline]
    fn view_merge<'a>(
        view: &mut Self::View<'a>,
        field: FieldValue<'a>,
        ctx: DecodeCtx,
    ) -> Result<(), DecodeError> {
        T::view_merge(view, field, ctx)
    }
    #[inline]
    fn view_to_owned(view: &Self::View<'_>) -> Box<T> {
        Box::new(T::view_to_owned(view))
    }
}

// ---------------------------------------------------------------------------
// Where a lazily read field's records lie

/// The byte regions (message bodies) that hold a field's records: one for
/// anything an encoder writes; one per piece when a message arrived in several
/// pieces, which protobuf merges.
#[derive(Clone, Default)]
pub struct Regions<'a> {
    first: &'a [u8],
    more: Vec<&'a [u8]>,
    used: bool,
}

impl<'a> Regions<'a> {
    /// Records that `region` holds records of the field (once per region).
    #[inline]
    pub fn push(&mut self, region: &'a [u8]) {
        if !self.used {
            self.first = region;
            self.used = true;
            return;
        }
        let last = self.more.last().copied().unwrap_or(self.first);
        if !core::ptr::eq(last, region) {
            self.more.push(region);
        }
    }

    /// Every region, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        let first = self.used.then_some(self.first);
        first.into_iter().chain(self.more.iter().copied())
    }
}

impl fmt::Debug for Regions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.iter().map(<[u8]>::len))
            .finish()
    }
}

/// Every record of field `tag` in `regions`, in order, as read from the wire
/// (already checked when the view was decoded: a fault ends the iteration).
fn records<'r, 'a: 'r>(
    regions: &'r Regions<'a>,
    tag: u32,
) -> impl Iterator<Item = FieldValue<'a>> + 'r {
    regions.iter().flat_map(move |region| {
        let mut r = Reader::new(region);
        core::iter::from_fn(move || {
            while !r.is_empty() {
                let (t, wire_type) = r.read_key().ok()?;
                let field = r.read_value(t, wire_type, DecodeCtx::default()).ok()?;
                if t == tag {
                    return Some(field);
                }
            }
            None
        })
    })
}

// ---------------------------------------------------------------------------
// Repeated fields

/// A repeated field of a view: its elements stay in the input and are decoded
/// as they are iterated (each was checked when the view was decoded).
pub struct Repeated<'a, C: ProtoView> {
    regions: Regions<'a>,
    tag: u32,
    len: usize,
    _codec: PhantomData<fn() -> C>,
}

impl<C: ProtoView> Default for Repeated<'_, C> {
    fn default() -> Self {
        Repeated {
            regions: Regions::default(),
            tag: 0,
            len: 0,
            _codec: PhantomData,
        }
    }
}

impl<C: ProtoView> Clone for Repeated<'_, C> {
    fn clone(&self) -> Self {
        Repeated {
            regions: self.regions.clone(),
            tag: self.tag,
            len: self.len,
            _codec: PhantomData,
        }
    }
}

impl<'a, C: ProtoView> fmt::Debug for Repeated<'a, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Checks the elements of one record of a repeated field, returning how many
/// it holds (a packed run holds any number).
fn check_elements<'a, C: ProtoView>(
    field: FieldValue<'a>,
    ctx: DecodeCtx,
) -> Result<usize, DecodeError> {
    match field {
        FieldValue::Len(bytes) if C::PACKED => {
            let width = match C::WIRE_TYPE {
                WireType::ThirtyTwoBit => 4,
                WireType::SixtyFourBit => 8,
                _ => 0,
            };
            if width > 0 {
                if bytes.len() % width != 0 {
                    return Err(DecodeError::new(DecodeErrorKind::PackedLength));
                }
                return Ok(bytes.len() / width);
            }
            let mut r = Reader::new(bytes);
            let mut n = 0;
            while !r.is_empty() {
                let v = r.read_value(0, C::WIRE_TYPE, ctx)?;
                C::view_merge(&mut C::View::default(), v, ctx)?;
                n += 1;
            }
            Ok(n)
        }
        other => {
            C::view_merge(&mut C::View::default(), other, ctx)?;
            Ok(1)
        }
    }
}

impl<'a, C: ProtoView> Repeated<'a, C> {
    /// The number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The elements, in order.
    pub fn iter(&self) -> impl Iterator<Item = C::View<'a>> + '_ {
        records(&self.regions, self.tag).flat_map(|field| {
            let packed = match field {
                FieldValue::Len(bytes) if C::PACKED => Some(Reader::new(bytes)),
                _ => None,
            };
            let mut single = packed.is_none().then_some(field);
            let mut packed = packed;
            core::iter::from_fn(move || {
                let ctx = DecodeCtx::default();
                let field = match (&mut packed, single.take()) {
                    (_, Some(field)) => field,
                    (Some(r), None) if !r.is_empty() => r.read_value(0, C::WIRE_TYPE, ctx).ok()?,
                    _ => return None,
                };
                let mut view = C::View::default();
                C::view_merge(&mut view, field, ctx).ok()?;
                Some(view)
            })
        })
    }

    /// The element at `index`.
    pub fn get(&self, index: usize) -> Option<C::View<'a>> {
        self.iter().nth(index)
    }

    /// The owned elements.
    pub fn to_vec(&self) -> Vec<C::Value> {
        let mut out = Vec::with_capacity(self.len);
        out.extend(self.iter().map(|v| C::view_to_owned(&v)));
        out
    }

    /// Checks and records one record of the field, read from `region`.
    #[doc(hidden)]
    #[inline]
    pub fn __push(
        &mut self,
        region: &'a [u8],
        tag: u32,
        field: FieldValue<'a>,
        ctx: DecodeCtx,
    ) -> Result<(), DecodeError> {
        self.len += check_elements::<C>(field, ctx)?;
        self.tag = tag;
        self.regions.push(region);
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Map fields

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
    ctx: DecodeCtx,
) -> Result<(K::View<'a>, V::View<'a>), DecodeError> {
    let bytes = match field {
        FieldValue::Len(bytes) => bytes,
        other => return Err(wire_type_error(WireType::LengthDelimited, &other)),
    };
    let mut key = K::View::default();
    let mut value = V::View::default();
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
        records(&self.regions, self.tag)
            .map_while(|field| view_entry::<K, V>(field, DecodeCtx::default()).ok())
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
        ctx: DecodeCtx,
    ) -> Result<(), DecodeError> {
        view_entry::<K, V>(field, ctx)?;
        self.len += 1;
        self.tag = tag;
        self.regions.push(region);
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Foreign well-known types

/// The view of a well-known type that prost-types defines (`Struct`, `Value`,
/// `ListValue`, `Any`, `FieldMask`): its bytes, checked by decoding them when
/// the view was decoded, and decoded again by [`ForeignView::get`].
pub struct ForeignView<'a, T> {
    regions: Regions<'a>,
    _type: PhantomData<fn() -> T>,
}

impl<T> Default for ForeignView<'_, T> {
    fn default() -> Self {
        ForeignView {
            regions: Regions::default(),
            _type: PhantomData,
        }
    }
}

impl<T> Clone for ForeignView<'_, T> {
    fn clone(&self) -> Self {
        ForeignView {
            regions: self.regions.clone(),
            _type: PhantomData,
        }
    }
}

impl<T: prost::Message + Default + fmt::Debug> fmt::Debug for ForeignView<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.get(), f)
    }
}

impl<T: prost::Message + Default> ForeignView<'_, T> {
    /// The decoded value.
    pub fn get(&self) -> T {
        let mut value = T::default();
        for region in self.regions.iter() {
            if value.merge(region).is_err() {
                break;
            }
        }
        value
    }

    /// The encoded bytes (of the first piece, when it arrived in several).
    pub fn as_bytes(&self) -> &[u8] {
        self.regions.iter().next().unwrap_or(&[])
    }
}

macro_rules! foreign_views {
    ($($ty:ident),* $(,)?) => {$(
        impl ProtoView for crate::$ty {
            type View<'a> = ForeignView<'a, crate::$ty>;
            fn view_merge<'a>(
                view: &mut Self::View<'a>,
                field: FieldValue<'a>,
                ctx: DecodeCtx,
            ) -> Result<(), DecodeError> {
                // Checked the way the owned decode reads it.
                let mut check = view.get();
                <crate::$ty as ProtoType>::merge(&mut check, field, ctx)?;
                if let FieldValue::Len(bytes) = field {
                    view.regions.push(bytes);
                }
                Ok(())
            }
            fn view_to_owned(view: &Self::View<'_>) -> crate::$ty {
                view.get()
            }
        }
    )*};
}

foreign_views!(Struct, Value, ListValue, Any, FieldMask);

// ---------------------------------------------------------------------------
// Helpers for generated code

/// Merges into a view field with presence.
#[inline]
pub fn view_merge_optional<'a, C: ProtoView>(
    view: &mut Option<C::View<'a>>,
    field: FieldValue<'a>,
    ctx: DecodeCtx,
) -> Result<(), DecodeError> {
    C::view_merge(view.get_or_insert_with(Default::default), field, ctx)
}

/// Merges a length-delimited field into a message view, one level deeper.
#[inline]
pub fn view_merge_message<'a, V: MessageView<'a>>(
    view: &mut V,
    field: FieldValue<'a>,
    ctx: DecodeCtx,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => view.__merge_view(bytes, ctx.enter()?),
        other => Err(wire_type_error(WireType::LengthDelimited, &other)),
    }
}

/// The records of `regions` whose numbers `known` rejects, as the owned
/// decode keeps them in its unknown-field store.
pub fn unknown_fields(regions: &Regions<'_>, known: impl Fn(u32) -> bool) -> crate::UnknownFields {
    let mut out = crate::UnknownFields::new();
    for region in regions.iter() {
        let mut r = Reader::new(region);
        while !r.is_empty() {
            let start = r.position();
            let Ok((tag, wire_type)) = r.read_key() else {
                break;
            };
            if r.read_value(tag, wire_type, DecodeCtx::default()).is_err() {
                break;
            }
            if !known(tag) {
                out.push_raw(r.slice(start, r.position()));
            }
        }
    }
    out
}

/// The view the macros give a contract whose declaration has errors, so that
/// the compile reports the user's mistake and nothing else. Never constructed
/// by code that compiles.
#[doc(hidden)]
pub struct UnavailableView<T>(PhantomData<fn() -> T>);

impl<T> Clone for UnavailableView<T> {
    fn clone(&self) -> Self {
        UnavailableView(PhantomData)
    }
}

impl<T> Default for UnavailableView<T> {
    fn default() -> Self {
        UnavailableView(PhantomData)
    }
}

impl<T> fmt::Debug for UnavailableView<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UnavailableView")
    }
}

impl<'a, T: Contract> MessageView<'a> for UnavailableView<T> {
    type Owned = T;

    fn to_owned_message(&self) -> T {
        T::default()
    }

    fn __merge_view(&mut self, _bytes: &'a [u8], _ctx: DecodeCtx) -> Result<(), DecodeError> {
        Ok(())
    }
}
