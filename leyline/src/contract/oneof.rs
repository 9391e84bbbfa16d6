//! [`Oneof`]: the trait every `#[leyline::oneof]` implements.

use core::fmt::Debug;

use bytes::BufMut;

use super::violation::{FieldPath, ValidationErrors};
use crate::schema::FieldSchema;
use crate::wire::{DecodeCtx, DecodeError, EncodeError, FieldValue, LenCache};

/// A oneof: implemented by `#[leyline::oneof]`, held by a message as
/// `#[leyline(oneof)] pub name: Option<TheOneof>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a #[leyline::oneof] enum",
    label = "not a #[leyline::oneof] enum",
    note = "a field marked #[leyline(oneof)] holds `Option<E>` where `E` is an enum declared with #[leyline::oneof] in the same crate"
)]
pub trait Oneof: Clone + PartialEq + Debug + Sized + 'static {
    /// The variants, as fields.
    const FIELDS: &'static [FieldSchema];
    /// The variants' numbers.
    const NUMBERS: &'static [u32];
    /// The smallest variant number (where prost places the oneof when encoding).
    const FIRST_NUMBER: u32;
    /// The Rust name of the oneof type.
    const RUST_NAME: &'static str;
    /// The most bytes the set variant encodes to (key included), when every
    /// variant is bounded. See [`crate::size`].
    const MAX_ENCODED_LEN: Option<usize>;

    /// The encoded length of the set variant, key included.
    fn encoded_len(&self) -> usize;
    /// Writes the set variant.
    fn encode(&self, buf: &mut impl BufMut);
    /// Checks the rules of the set variant; `path` is that of the message
    /// holding the oneof (a variant is addressed by its own field name).
    #[doc(hidden)]
    fn __validate(&self, path: &FieldPath<'_>, errors: &mut ValidationErrors);
    /// [`Oneof::encoded_len`], recording nested lengths (see [`LenCache`]).
    #[doc(hidden)]
    fn encoded_len_cached(&self, cache: &mut LenCache) -> usize;
    /// [`Oneof::encode`], reading recorded lengths.
    #[doc(hidden)]
    fn encode_cached(&self, buf: &mut impl BufMut, cache: &mut LenCache);

    /// Checks the depth of the set variant, as [`Contract::check_depth`] does.
    #[doc(hidden)]
    fn check_depth(&self, depth_left: u32) -> Result<(), EncodeError>;
    /// Merges a field with one of [`Oneof::NUMBERS`] into `slot`.
    fn merge(
        slot: &mut Option<Self>,
        tag: u32,
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError>;

    /// The borrowed view of this oneof (`XView<'a>` for a oneof `X`).
    type View<'a>: Clone + Debug;
    /// Merges a field with one of [`Oneof::NUMBERS`] into a view's `slot`, as
    /// [`Oneof::merge`] merges it into the owned slot.
    fn view_merge<'a>(
        slot: &mut Option<Self::View<'a>>,
        tag: u32,
        field: FieldValue<'a>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError>;
    /// The owned oneof of a view.
    fn view_to_owned(view: &Self::View<'_>) -> Self;

    /// `Self`. Generated code reaches the oneof's JSON side
    /// (`json::JsonOneof`) as `<<T as Oneof>::Json as JsonOneof>`, and a
    /// message's oneof field through [`Oneof::__json`] and
    /// [`Oneof::__json_mut`], so that a type which is not a oneof is reported
    /// once, as not a `Oneof`, rather than once per JSON function.
    #[doc(hidden)]
    type Json;
    /// `slot`, as a slot of [`Oneof::Json`].
    #[doc(hidden)]
    fn __json(slot: &Option<Self>) -> &Option<Self::Json>;
    /// `slot`, as a slot of [`Oneof::Json`].
    #[doc(hidden)]
    fn __json_mut(slot: &mut Option<Self>) -> &mut Option<Self::Json>;
}
