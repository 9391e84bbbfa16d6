//! [`Contract`]: the trait every `#[leyline::message]` implements.

use alloc::vec::Vec;
use core::fmt::Debug;

use bytes::BufMut;

use super::split::SplitField;
use super::view::MessageView;
use super::violation::{FieldPath, ValidationErrors};
use crate::schema::MessageSchema;
use crate::wire::{
    DecodeCtx, DecodeError, DecodeLimits, EncodeError, FieldValue, LenCache, ProtoType,
    UnknownFields, DEFAULT_RECURSION_LIMIT,
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

    /// For a message with a `split` field: the message without that field,
    /// and the field's elements (see [`SplitField`]). `None` for messages
    /// without a `split` field.
    #[doc(hidden)]
    fn __split_field(&self) -> Option<SplitField<'_, Self>> {
        None
    }

    /// Decodes a borrowed view of `bytes` (see [`crate::view`]): every field
    /// is checked as [`Contract::decode_slice`] checks it, but strings and
    /// bytes point into `bytes` and repeated and map fields are read lazily.
    fn decode_view(bytes: &[u8]) -> Result<Self::View<'_>, DecodeError> {
        <Self::View<'_> as MessageView<'_>>::decode_view(bytes)
    }

    /// [`Contract::decode_view`] under `limits` (see
    /// [`Contract::decode_slice_with_limits`]).
    fn decode_view_with_limits(
        bytes: &[u8],
        limits: DecodeLimits,
    ) -> Result<Self::View<'_>, DecodeError> {
        <Self::View<'_> as MessageView<'_>>::decode_view_with_limits(bytes, limits)
    }

    /// Merges one decoded field; returns `false` when the number is unknown.
    #[doc(hidden)]
    fn __merge_field(
        &mut self,
        tag: u32,
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
    ) -> Result<bool, DecodeError>;

    /// The unknown-field store, for contracts that keep unknown fields.
    #[doc(hidden)]
    fn __unknown_fields_mut(&mut self) -> Option<&mut UnknownFields> {
        None
    }

    /// Merges every field of `bytes` into the message (generated: a loop
    /// specialised to the message's fields).
    #[doc(hidden)]
    fn __merge_slice(&mut self, bytes: &[u8], ctx: DecodeCtx<'_>) -> Result<(), DecodeError> {
        super::decode::merge_fields(self, bytes, ctx)
    }

    /// Checks that the messages held by this one nest at most `depth_left`
    /// levels deep. Generated for every contract.
    #[doc(hidden)]
    fn __check_depth(&self, depth_left: u32) -> Result<(), EncodeError> {
        let _ = depth_left;
        Ok(())
    }

    /// Decodes a message from a contiguous byte slice, under the default
    /// [`DecodeLimits`] (100 levels of nesting; 64 MiB of heap unless
    /// [`crate::wire::set_default_max_decode_memory`] set another cap).
    fn decode_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        Self::decode_slice_with_limits(bytes, DecodeLimits::default())
    }

    /// Decodes a message, allowing at most `recursion_limit` levels of nested
    /// messages (the default is [`crate::wire::DEFAULT_RECURSION_LIMIT`]).
    fn decode_slice_with_limit(bytes: &[u8], recursion_limit: u32) -> Result<Self, DecodeError> {
        Self::decode_slice_with_limits(
            bytes,
            DecodeLimits::default().with_recursion_limit(recursion_limit),
        )
    }

    /// Decodes a message under `limits`: a decode that would nest deeper or
    /// allocate more heap fails (with `RecursionLimit` or `MemoryLimit`)
    /// before it does.
    ///
    /// ```
    /// use leyline::wire::{DecodeLimits, DecodeErrorKind};
    /// use leyline::Contract as _;
    ///
    /// #[leyline::message(package = "acme.v1")]
    /// pub struct Batch {
    ///     #[leyline(field = 1)]
    ///     pub samples: Vec<u64>,
    /// }
    ///
    /// // 1,000 packed samples of one byte each: 8,000 bytes in memory.
    /// let bytes = [&[0x0a, 0xe8, 0x07][..], &[1; 1000]].concat();
    /// let tight = DecodeLimits::default().with_max_memory(4096);
    /// let err = Batch::decode_slice_with_limits(&bytes, tight).unwrap_err();
    /// assert_eq!(err.kind(), &DecodeErrorKind::MemoryLimit { limit: 4096 });
    /// assert_eq!(Batch::decode_slice(&bytes)?.samples.len(), 1000);
    /// # Ok::<(), leyline::DecodeError>(())
    /// ```
    fn decode_slice_with_limits(bytes: &[u8], limits: DecodeLimits) -> Result<Self, DecodeError> {
        let mut msg = Self::default();
        limits.run(|ctx| super::decode::merge_message(&mut msg, bytes, ctx))?;
        Ok(msg)
    }

    /// Encodes the message into `buf`, which grows as needed (once).
    fn encode_into(&self, buf: &mut Vec<u8>) {
        super::encode::encode_into(self, buf);
    }

    /// Encodes the message into `buf` deterministically: as
    /// [`Contract::encode_into`], but the entries of every map, at every
    /// level, are written in key order (protobuf C++'s
    /// `SetSerializationDeterministic`). Two values equal under `==` encode to
    /// identical bytes, within a process and across processes and builds, as
    /// caching, deduplication and content hashes need; a `HashMap`'s
    /// iteration order otherwise differs between instances. Costs a sort of
    /// each map's entries (and a small allocation per map field).
    ///
    /// ```
    /// # use std::collections::HashMap;
    /// use leyline::Contract as _;
    ///
    /// #[leyline::message(package = "acme.v1")]
    /// pub struct Counts {
    ///     #[leyline(field = 1)]
    ///     pub by_name: HashMap<String, u32>,
    /// }
    ///
    /// let a = Counts { by_name: (0..50).map(|i| (format!("k{i}"), i)).collect() };
    /// let b = Counts { by_name: (0..50).rev().map(|i| (format!("k{i}"), i)).collect() };
    /// assert_eq!(a, b);
    /// assert_eq!(a.encode_deterministic(), b.encode_deterministic());
    /// ```
    fn encode_deterministic_into(&self, buf: &mut Vec<u8>) {
        super::encode::encode_deterministic_into(self, buf);
    }

    /// [`Contract::encode_deterministic_into`] into a new vector.
    fn encode_deterministic(&self) -> Vec<u8> {
        super::encode::encode_deterministic_to_vec(self)
    }

    /// The encoded length, recording the lengths of nested messages in
    /// `cache` (generated; see [`LenCache`]).
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
