//! The traits every generated contract implements.

use core::fmt::Debug;
use core::hash::Hash;

use bytes::BufMut;

use crate::codec::{MessageMetrics, Parts};
use crate::encode::LenCache;
use crate::schema::{EnumSchema, FieldSchema, MessageSchema};
use crate::validate::{FieldPath, ValidationErrors};
use crate::view::MessageView;
use crate::wire::{
    DecodeCtx, DecodeError, EncodeError, FieldValue, ProtoType, UnknownFields,
    DEFAULT_RECURSION_LIMIT,
};

/// A message contract: implemented by `#[leyline::message]`.
///
/// Every contract is also a [`prost::Message`], so it works with prost, tonic and
/// anything else that takes one; the methods here add what prost has no place
/// for: the schema, and decoding straight from a byte slice.
pub trait Contract:
    prost::Message + ProtoType<Value = Self> + Default + Clone + PartialEq + Debug + 'static
{
    /// The message name (`SeedState`).
    const NAME: &'static str;
    /// The proto package (`esper.leyline.v1`).
    const PACKAGE: &'static str;
    /// The fully qualified name (`esper.leyline.v1.SeedState`).
    const FULL_NAME: &'static str;

    /// The most bytes a message that passes [`Contract::validate`] can encode
    /// to, when every field is bounded; `None` otherwise. See [`crate::size`].
    const MAX_ENCODED_LEN: Option<usize>;

    /// The size limit set with `#[leyline::message(max_size = N)]`, which the
    /// guarded codec enforces instead of its configured `max_message_size`.
    const MAX_SIZE: Option<usize> = None;
    /// The borrowed view of this contract (`XView<'a>` for a contract `X`):
    /// see [`crate::view`].
    type View<'a>: MessageView<'a, Owned = Self>;

    /// The description of this contract.
    fn schema() -> &'static MessageSchema;

    /// Checks every `validate(...)` rule of this message and of the messages
    /// it holds, reporting every violation with the path to the value.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        self.__validate(&FieldPath::ROOT, &mut errors);
        errors.into_result()
    }

    /// Checks the rules of this message, which sits at `path`, into `errors`.
    #[doc(hidden)]
    fn __validate(&self, path: &FieldPath<'_>, errors: &mut ValidationErrors);

    /// For a message with a `split` field: writes it as parts of at most
    /// `limit` bytes each into `parts`, or fails with the size of a piece that
    /// cannot fit. `None` for messages without a `split` field.
    #[doc(hidden)]
    fn __split(&self, limit: usize, parts: &mut Parts) -> Option<Result<(), usize>> {
        let _ = (limit, parts);
        None
    }

    /// The metric keys of this message type, built at compile time.
    #[doc(hidden)]
    fn __metrics() -> &'static MessageMetrics;

    /// Decodes a borrowed view of `bytes` (see [`crate::view`]): every field
    /// is checked as [`Contract::decode_slice`] checks it, but strings and
    /// bytes point into `bytes` and repeated and map fields are read lazily.
    fn decode_view(bytes: &[u8]) -> Result<Self::View<'_>, DecodeError> {
        <Self::View<'_> as MessageView<'_>>::decode_view(bytes)
    }

    /// Merges one decoded field; returns `false` when the number is unknown.
    #[doc(hidden)]
    fn __merge_field(
        &mut self,
        tag: u32,
        field: FieldValue<'_>,
        ctx: DecodeCtx,
    ) -> Result<bool, DecodeError>;

    /// The unknown-field store, for contracts that keep unknown fields.
    #[doc(hidden)]
    fn __unknown_fields_mut(&mut self) -> Option<&mut UnknownFields> {
        None
    }

    /// Merges every field of `bytes` into the message (generated: a loop
    /// specialised to the message's fields).
    #[doc(hidden)]
    fn __merge_slice(&mut self, bytes: &[u8], ctx: DecodeCtx) -> Result<(), DecodeError> {
        crate::__private::merge_fields(self, bytes, ctx)
    }

    /// Checks that the messages held by this one nest at most `depth_left`
    /// levels deep. Generated for every contract.
    #[doc(hidden)]
    fn __check_depth(&self, depth_left: u32) -> Result<(), EncodeError> {
        let _ = depth_left;
        Ok(())
    }

    /// Decodes a message from a contiguous byte slice.
    fn decode_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut msg = Self::default();
        crate::__private::merge_message(&mut msg, bytes, DecodeCtx::default())?;
        Ok(msg)
    }

    /// Decodes a message, allowing at most `recursion_limit` levels of nested
    /// messages (the default is [`crate::wire::DEFAULT_RECURSION_LIMIT`]).
    fn decode_slice_with_limit(bytes: &[u8], recursion_limit: u32) -> Result<Self, DecodeError> {
        let mut msg = Self::default();
        crate::__private::merge_message(
            &mut msg,
            bytes,
            DecodeCtx::with_recursion_limit(recursion_limit),
        )?;
        Ok(msg)
    }

    /// Encodes the message into `buf`, which grows as needed (once).
    fn encode_into(&self, buf: &mut Vec<u8>) {
        crate::encode::encode_into(self, buf);
    }

    /// The encoded length, recording the lengths of nested messages in
    /// `cache` (generated; see `leyline::encode`).
    #[doc(hidden)]
    fn __encoded_len_cached(&self, cache: &mut LenCache) -> usize {
        let _ = cache;
        prost::Message::encoded_len(self)
    }

    /// Writes the fields, reading the lengths recorded by
    /// [`Contract::__encoded_len_cached`] (generated).
    #[doc(hidden)]
    fn __encode_cached(&self, buf: &mut impl BufMut, cache: &mut LenCache) {
        let _ = cache;
        prost::Message::encode_raw(self, buf);
    }

    /// Checks that the message nests messages at most `recursion_limit` levels
    /// below itself: `Ok` exactly when its encoding decodes with
    /// [`Contract::decode_slice_with_limit`] under the same limit, as far as
    /// depth goes. Counted as the decoder counts (see [`DEFAULT_RECURSION_LIMIT`]);
    /// inside `google.protobuf.Struct` every map entry is a level too, as prost
    /// counts it.
    ///
    /// ```
    /// use leyline::Contract as _;
    ///
    /// #[leyline::message(package = "acme.v1")]
    /// pub struct Node {
    ///     #[leyline(field = 1)]
    ///     pub child: Option<Box<Node>>,
    /// }
    ///
    /// let mut node = Node::default();
    /// for _ in 0..3 {
    ///     node = Node { child: Some(Box::new(node)) };
    /// }
    /// assert!(node.check_depth(3).is_ok());
    /// let err = node.check_depth(2).unwrap_err();
    /// // The path ends at the field holding the message one level too deep.
    /// assert_eq!(err.path().count(), 3);
    /// assert!(err.to_string().starts_with("failed to encode protobuf message: Node.child: "));
    /// ```
    fn check_depth(&self, recursion_limit: u32) -> Result<(), EncodeError> {
        self.__check_depth(recursion_limit)
    }

    /// Encodes the message into `buf` after checking its depth against
    /// [`DEFAULT_RECURSION_LIMIT`], the limit decoders apply by default; a value
    /// nested deeper is an error and nothing is written. Use this rather than
    /// [`prost::Message::encode`] for values built from untrusted input: a
    /// pathologically deep value would otherwise exhaust the stack while
    /// encoding, or produce bytes no decoder accepts.
    fn encode_checked(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        self.check_depth(DEFAULT_RECURSION_LIMIT)?;
        self.encode_into(buf);
        Ok(())
    }

    /// [`Contract::encode_checked`] into a new vector.
    fn encode_to_vec_checked(&self) -> Result<Vec<u8>, EncodeError> {
        let mut buf = Vec::new();
        self.encode_checked(&mut buf)?;
        Ok(buf)
    }
}

/// An enumeration: implemented by `#[leyline::enumeration]`.
///
/// Enumerations are open, as proto3 requires: every leyline enum has an
/// `Unrecognized(i32)` variant holding a number this build does not know, so a
/// value from a newer producer survives decode and re-encode unchanged.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a leyline enumeration",
    label = "not a #[leyline::enumeration]",
    note = "`defined_only` applies to fields that hold a #[leyline::enumeration]"
)]
pub trait Enumeration:
    ProtoType<Value = Self> + Copy + Eq + Hash + Debug + Default + 'static
{
    /// The number of this value on the wire.
    fn value(self) -> i32;
    /// The value for a wire number; unknown numbers become `Unrecognized(n)`.
    fn from_value(value: i32) -> Self;
    /// Whether this is a declared variant (not `Unrecognized`).
    fn is_defined(self) -> bool;
    /// The proto name of the value (`SEED_STAGE_TRAINING`), `None` if unrecognized.
    fn as_str_name(self) -> Option<&'static str>;
    /// The value with this proto name.
    fn from_str_name(name: &str) -> Option<Self>;
    /// The description of this enumeration.
    fn schema() -> &'static EnumSchema;
}

/// A oneof: implemented by `#[leyline::oneof]`, held by a message as
/// `#[leyline(oneof)] pub name: Option<TheOneof>`.
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
    /// [`Oneof::encoded_len`], recording nested lengths (see `leyline::encode`).
    #[doc(hidden)]
    fn encoded_len_cached(&self, cache: &mut LenCache) -> usize {
        let _ = cache;
        self.encoded_len()
    }
    /// [`Oneof::encode`], reading recorded lengths.
    #[doc(hidden)]
    fn encode_cached(&self, buf: &mut impl BufMut, cache: &mut LenCache) {
        let _ = cache;
        self.encode(buf)
    }

    /// Checks the depth of the set variant, as [`Contract::check_depth`] does.
    #[doc(hidden)]
    fn check_depth(&self, depth_left: u32) -> Result<(), EncodeError> {
        let _ = depth_left;
        Ok(())
    }
    /// Merges a field with one of [`Oneof::NUMBERS`] into `slot`.
    fn merge(
        slot: &mut Option<Self>,
        tag: u32,
        field: FieldValue<'_>,
        ctx: DecodeCtx,
    ) -> Result<(), DecodeError>;

    /// The borrowed view of this oneof (`XView<'a>` for a oneof `X`).
    type View<'a>: Clone + Debug;
    /// Merges a field with one of [`Oneof::NUMBERS`] into a view's `slot`, as
    /// [`Oneof::merge`] merges it into the owned slot.
    fn view_merge<'a>(
        slot: &mut Option<Self::View<'a>>,
        tag: u32,
        field: FieldValue<'a>,
        ctx: DecodeCtx,
    ) -> Result<(), DecodeError>;
    /// The owned oneof of a view.
    fn view_to_owned(view: &Self::View<'_>) -> Self;
}
