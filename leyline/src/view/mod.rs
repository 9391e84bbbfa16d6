//! Borrowed views: reading a message straight from its bytes.
//!
//! For every `#[leyline::message] struct X`, the macro also declares
//! `XView<'a>`: the same fields, decoded from a byte slice without copying.
//! Strings are `&'a str` and bytes `&'a [u8]` pointing into the input; nested
//! messages are their own views; repeated and map fields are [`Repeated`] and
//! [`MapView`], which remember where their records lie and decode the elements
//! as they are iterated. Decoding a view checks everything the owned decode
//! checks (UTF-8, wire types, lengths, nesting depth), with the same errors, so
//! iterating a view afterwards cannot fail. A view allocates nothing, decoding
//! or iterating, except in three cases: a message field that arrives in
//! several pieces (which protobuf merges: the view remembers each piece, in
//! a `Vec` of slices), a boxed, recursive field (one box each), and the
//! well-known types that prost decodes (`Struct`, `Value`, `ListValue`, `Any`,
//! `FieldMask`: checked by decoding them). `tests/views_hostile.rs` checks
//! this on every Esper contract and hostile input; the memory cap of the
//! decode ([`crate::wire::DecodeLimits`]) bounds what those cases allocate.
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
//!
//! | file | holds |
//! |---|---|
//! | here | [`ProtoView`] (how each field type is viewed), the scalar, string and bytes views |
//! | `regions` | [`Regions`]: the message bodies a view's unknown fields (or a foreign view) lie in |
//! | `spans` | `Spans`: where a repeated or map field's records lie |
//! | `repeated` | [`Repeated`]: a repeated field, read as it is iterated |
//! | `map` | [`MapView`]: a map field, read as it is iterated |
//! | `owned` | [`OwnedView`]: the view of a contract declared `view = false` (the owned decode) |
//!
//! The trait of a whole message's view, [`MessageView`], is the contract
//! layer's (every `Contract` names its view), re-exported here; the views of
//! the well-known types are in `leyline::wkt`.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use crate::contract::Contract;
pub use crate::contract::MessageView;
use crate::wire::encoding::{Fixed32, Fixed64, Sfixed32, Sfixed64, Sint32, Sint64};
use crate::wire::{
    str_from_utf8, wire_type_error, DecodeCtx, DecodeError, DecodeLimits, FieldValue, ProtoType,
    Reader, UnknownFields, WireType,
};

mod map;
mod owned;
mod regions;
mod repeated;
mod spans;

pub use map::{MapIter, MapView};
pub use owned::OwnedView;
pub use regions::Regions;
pub use repeated::{Repeated, RepeatedIter};

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
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError>;

    /// The owned value of a view.
    fn view_to_owned(view: &Self::View<'_>) -> Self::Value;

    /// The heap bytes a default view allocates (counted against a decode's
    /// memory budget before one is made): a `Box`'s contents; 0 otherwise.
    #[doc(hidden)]
    const VIEW_DEFAULT_ALLOC: usize = 0;
}

/// A default view of `C`, its allocation (a `Box`'s) counted first.
#[inline]
pub fn new_view<'a, C: ProtoView>(ctx: DecodeCtx<'_>) -> Result<C::View<'a>, DecodeError> {
    if C::VIEW_DEFAULT_ALLOC != 0 {
        ctx.charge(C::VIEW_DEFAULT_ALLOC)?;
    }
    Ok(C::View::default())
}

macro_rules! copy_views {
    ($($ty:ty),* $(,)?) => {$(
        impl ProtoView for $ty {
            type View<'a> = <$ty as ProtoType>::Value;
            #[inline]
            fn view_merge<'a>(
                view: &mut Self::View<'a>,
                field: FieldValue<'a>,
                ctx: DecodeCtx<'_>,
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
    u32, u64, i32, i64, bool, f32, f64, Sint32, Sint64, Fixed32, Fixed64, Sfixed32, Sfixed64,
);

impl ProtoView for String {
    type View<'a> = &'a str;
    #[inline]
    fn view_merge<'a>(
        view: &mut &'a str,
        field: FieldValue<'a>,
        _ctx: DecodeCtx<'_>,
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
        _ctx: DecodeCtx<'_>,
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
        _ctx: DecodeCtx<'_>,
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
    const VIEW_DEFAULT_ALLOC: usize = size_of::<T::View<'static>>() + T::VIEW_DEFAULT_ALLOC;
    #[inline]
    fn view_merge<'a>(
        view: &mut Self::View<'a>,
        field: FieldValue<'a>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        T::view_merge(view, field, ctx)
    }
    #[inline]
    fn view_to_owned(view: &Self::View<'_>) -> Box<T> {
        Box::new(T::view_to_owned(view))
    }
}

// ---------------------------------------------------------------------------
// Helpers for generated code

/// Merges into a view field with presence.
#[inline]
pub fn view_merge_optional<'a, C: ProtoView>(
    view: &mut Option<C::View<'a>>,
    field: FieldValue<'a>,
    ctx: DecodeCtx<'_>,
) -> Result<(), DecodeError> {
    let view = match view {
        Some(view) => view,
        None => view.insert(new_view::<C>(ctx)?),
    };
    C::view_merge(view, field, ctx)
}

/// Merges a length-delimited field into a message view, one level deeper.
#[inline]
pub fn view_merge_message<'a, V: MessageView<'a>>(
    view: &mut V,
    field: FieldValue<'a>,
    ctx: DecodeCtx<'_>,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => view.__merge_view(bytes, ctx.enter()?),
        other => Err(wire_type_error(WireType::LengthDelimited, &other)),
    }
}

/// The records of `regions` whose numbers `known` rejects, as the owned
/// decode keeps them in its unknown-field store.
pub fn unknown_fields(regions: &Regions<'_>, known: impl Fn(u32) -> bool) -> UnknownFields {
    let mut out = UnknownFields::new();
    DecodeLimits::CHECKED_INPUT.run(|ctx| {
        for region in regions.iter() {
            let mut r = Reader::new(region);
            while !r.is_empty() {
                let start = r.position();
                let Ok((tag, wire_type)) = r.read_key() else {
                    break;
                };
                if r.read_value(tag, wire_type, ctx).is_err() {
                    break;
                }
                if !known(tag) && out.push_record(r.slice(start, r.position()), ctx).is_err() {
                    break;
                }
            }
        }
    });
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

    fn __merge_view(&mut self, _bytes: &'a [u8], _ctx: DecodeCtx<'_>) -> Result<(), DecodeError> {
        Ok(())
    }
}
