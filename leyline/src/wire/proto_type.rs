//! The [`ProtoType`] trait: how one value of a Rust type is written to and
//! read from the wire; the markers [`Singular`] and [`MapKey`]; and `Box<T>`.

use alloc::boxed::Box;
use alloc::vec::Vec;
use bytes::BufMut;

use super::ctx::DecodeCtx;
use super::error::{DecodeError, EncodeError};
use super::len_cache::LenCache;
use super::reader::FieldValue;
use super::varint::encode_key;
use super::WireType;
use crate::schema::{FieldType, Scalar};

/// How a Rust type is written to and read from the wire.
///
/// Implemented by the scalars (`u32`, `String`, `Vec<u8>`, ...), by every
/// `#[leyline::enumeration]` and `#[leyline::message]`, by the well-known types,
/// and by the marker types of [`encoding`](super::encoding) that override an integer's
/// encoding (`encoding = "sint64"`). The field's shape (singular, `Option`,
/// `Vec`, map) is read from the Rust type by the macro; the element type is
/// described by this trait, so no proto type needs repeating in an attribute.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a field of a leyline contract",
    label = "not a protobuf type",
    note = "fields may be u32, u64, i32, i64, f32, f64, bool, String, Vec<u8>, bytes::Bytes, a #[leyline::enumeration], a #[leyline::message] (as Option<T> or Option<Box<T>>), or a well-known type such as leyline::Timestamp"
)]
pub trait ProtoType {
    /// The Rust value this type encodes (`Self`, except for encoding markers).
    type Value: Default;
    /// The wire type of one value.
    const WIRE_TYPE: WireType;
    /// The schema type of one value.
    const TYPE: FieldType;
    /// Whether this is a message type (fields of it have presence).
    const IS_MESSAGE: bool = false;
    /// Whether a repeated field of it is packed.
    const PACKED: bool = false;
    /// The largest encoded length of one value (after its key), when bounded.
    const MAX_VALUE_LEN: Option<usize> = None;
    /// The heap bytes a default value allocates (counted against a decode's
    /// memory budget before one is made): a `Box`'s contents; 0 otherwise.
    #[doc(hidden)]
    const DEFAULT_ALLOC: usize = 0;

    /// Whether the value is the proto3 default (and is omitted as a singular field).
    fn is_default(value: &Self::Value) -> bool;
    /// The encoded length of the value, after its key (length prefix included).
    fn value_len(value: &Self::Value) -> usize;
    /// Writes the value, after its key (length prefix included).
    fn encode_value(value: &Self::Value, buf: &mut impl BufMut);
    /// Merges a value read from the wire into `value`.
    fn merge(
        value: &mut Self::Value,
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError>;

    /// [`ProtoType::value_len`], recording the lengths of nested messages in
    /// `cache` (see [`LenCache`]; only messages record anything).
    #[doc(hidden)]
    #[inline]
    fn value_len_cached(value: &Self::Value, cache: &mut LenCache) -> usize {
        let _ = cache;
        Self::value_len(value)
    }

    /// [`ProtoType::value_len`] during the writing pass: a message's recorded
    /// length, without moving past it.
    #[doc(hidden)]
    #[inline]
    fn value_len_recorded(value: &Self::Value, cache: &LenCache) -> usize {
        let _ = cache;
        Self::value_len(value)
    }

    /// Writes a field of this type in the writing pass of a two-pass encode:
    /// its key, then the value. Messages override it to read the lengths
    /// recorded by [`ProtoType::value_len_cached`]; scalars, strings and
    /// enumerations to write the key together with what follows it (one store
    /// where both fit, as [`crate::wire::encode_len_header`]).
    #[doc(hidden)]
    #[inline]
    fn encode_field_cached(
        tag: u32,
        value: &Self::Value,
        buf: &mut impl BufMut,
        cache: &mut LenCache,
    ) {
        let _ = cache;
        encode_key(tag, Self::WIRE_TYPE, buf);
        Self::encode_value(value, buf);
    }

    /// For sorting map keys (a deterministic encoding): a number whose order
    /// agrees with the keys' (`order_prefix(a) < order_prefix(b)` only when
    /// `a < b`), equal prefixes leaving the order to `Ord`. Strings override
    /// it with their first eight bytes, so that most comparisons of a sort
    /// compare two numbers.
    #[doc(hidden)]
    #[inline]
    fn order_prefix(value: &Self::Value) -> u64 {
        let _ = value;
        0
    }

    /// Writes the payload of a packed run (no key, no length prefix): every
    /// value, one after the other. Fixed-width scalars override this to convert
    /// a block of values at a time and write it with one copy.
    #[doc(hidden)]
    #[inline]
    fn encode_packed(values: &[Self::Value], buf: &mut impl BufMut) {
        for v in values {
            Self::encode_value(v, buf);
        }
    }

    /// Checks that the messages inside the value nest no deeper than
    /// `depth_left` levels (the value itself counting as one if it is a
    /// message). Scalars and enumerations hold none.
    #[inline]
    fn check_depth(value: &Self::Value, depth_left: u32) -> Result<(), EncodeError> {
        let _ = (value, depth_left);
        Ok(())
    }

    /// Merges one wire value of a repeated field: one element, or for packed
    /// types a whole packed run.
    #[inline]
    fn merge_repeated(
        values: &mut Vec<Self::Value>,
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        let mut value = new_value::<Self>(ctx)?;
        Self::merge(&mut value, field, ctx)?;
        ctx.reserve(values, 1)?;
        values.push(value);
        Ok(())
    }
}

/// A default value of `C`, its allocation (a `Box`'s) counted first.
#[inline]
pub fn new_value<C: ProtoType + ?Sized>(ctx: DecodeCtx<'_>) -> Result<C::Value, DecodeError> {
    if C::DEFAULT_ALLOC != 0 {
        ctx.charge(C::DEFAULT_ALLOC)?;
    }
    Ok(C::Value::default())
}

/// Marker for types that may be a singular field written without `Option`:
/// scalars and enumerations. Messages must be wrapped in `Option`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a message: a message field is written `Option<{Self}>` (or `Option<Box<{Self}>>` to break a recursion)",
    label = "wrap this type in Option"
)]
pub trait Singular: ProtoType {
    /// Named by generated code to require `Singular` of a field's type.
    #[doc(hidden)]
    const ASSERT: () = ();
}

/// Marker for the types protobuf allows as map keys: integers, bool and string.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a map key",
    label = "invalid map key type",
    note = "protobuf map keys must be an integer type, bool or String; floats, bytes, enums and messages are not allowed"
)]
pub trait MapKey: ProtoType {
    /// The key's scalar type, for the schema.
    const SCALAR: Scalar;
}

impl<T: ProtoType<Value = T> + Default> ProtoType for Box<T> {
    type Value = Box<T>;
    const WIRE_TYPE: WireType = T::WIRE_TYPE;
    const TYPE: FieldType = T::TYPE;
    const IS_MESSAGE: bool = T::IS_MESSAGE;
    const PACKED: bool = T::PACKED;
    // A boxed field is how recursion is written: no static bound.
    const MAX_VALUE_LEN: Option<usize> = None;
    const DEFAULT_ALLOC: usize = size_of::<T>() + T::DEFAULT_ALLOC;

    #[inline]
    fn is_default(value: &Self::Value) -> bool {
        T::is_default(value)
    }
    #[inline]
    fn value_len(value: &Self::Value) -> usize {
        T::value_len(value)
    }
    #[inline]
    fn encode_value(value: &Self::Value, buf: &mut impl BufMut) {
        T::encode_value(value, buf)
    }
    #[inline]
    fn value_len_cached(value: &Self::Value, cache: &mut LenCache) -> usize {
        T::value_len_cached(value, cache)
    }
    #[inline]
    fn value_len_recorded(value: &Self::Value, cache: &LenCache) -> usize {
        T::value_len_recorded(value, cache)
    }
    #[inline]
    fn encode_field_cached(
        tag: u32,
        value: &Self::Value,
        buf: &mut impl BufMut,
        cache: &mut LenCache,
    ) {
        T::encode_field_cached(tag, value, buf, cache)
    }
    #[inline]
    fn merge(
        value: &mut Self::Value,
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        T::merge(value, field, ctx)
    }
    #[inline]
    fn check_depth(value: &Self::Value, depth_left: u32) -> Result<(), EncodeError> {
        T::check_depth(value, depth_left)
    }
}
