//! The protobuf wire format: varints, keys, field values and the [`ProtoType`]
//! trait through which scalars, enumerations and messages encode themselves.
//!
//! Generated code reaches this module through `leyline::__private`; it is public
//! so that hand-written types can take part in contracts too.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use bytes::BufMut;

pub use prost::encoding::WireType;

pub use crate::error::{DecodeError, DecodeErrorKind, EncodeError};

use crate::schema::{FieldType, Scalar};

/// Default limit on message nesting while decoding.
pub const DEFAULT_RECURSION_LIMIT: u32 = 100;

/// Smallest valid field number.
pub const MIN_FIELD_NUMBER: u32 = 1;
/// Largest valid field number (2^29 - 1).
pub const MAX_FIELD_NUMBER: u32 = (1 << 29) - 1;

/// Decoding state passed down through nested messages: how deep we may still go.
#[derive(Debug, Clone, Copy)]
pub struct DecodeCtx {
    depth_left: u32,
}

impl Default for DecodeCtx {
    fn default() -> Self {
        DecodeCtx::with_recursion_limit(DEFAULT_RECURSION_LIMIT)
    }
}

impl DecodeCtx {
    /// A context allowing `limit` levels of nested messages.
    pub const fn with_recursion_limit(limit: u32) -> Self {
        DecodeCtx { depth_left: limit }
    }

    /// How many more levels of nested messages may be entered.
    #[inline]
    pub const fn depth_left(self) -> u32 {
        self.depth_left
    }

    /// The context for one level deeper, or an error when the limit is reached.
    #[inline]
    pub fn enter(self) -> Result<DecodeCtx, DecodeError> {
        match self.depth_left.checked_sub(1) {
            Some(depth_left) => Ok(DecodeCtx { depth_left }),
            None => Err(recursion_limit_error()),
        }
    }
}

#[cold]
fn recursion_limit_error() -> DecodeError {
    DecodeError::new(DecodeErrorKind::RecursionLimit)
}

/// The value of one field as read from the wire, before it is interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// Wire type 0.
    Varint(u64),
    /// Wire type 1.
    Fixed64(u64),
    /// Wire type 5.
    Fixed32(u32),
    /// Wire type 2: the payload, without its length prefix.
    Len(&'a [u8]),
    /// Wire type 3: the raw bytes of the group, up to and including its end key.
    Group(&'a [u8]),
}

impl FieldValue<'_> {
    /// The wire type this value was read with.
    pub fn wire_type(&self) -> WireType {
        match self {
            FieldValue::Varint(_) => WireType::Varint,
            FieldValue::Fixed64(_) => WireType::SixtyFourBit,
            FieldValue::Fixed32(_) => WireType::ThirtyTwoBit,
            FieldValue::Len(_) => WireType::LengthDelimited,
            FieldValue::Group(_) => WireType::StartGroup,
        }
    }
}

/// The error for a field read with a wire type its declaration does not allow.
#[cold]
pub fn wire_type_error(expected: WireType, actual: &FieldValue<'_>) -> DecodeError {
    DecodeError::new(DecodeErrorKind::UnexpectedWireType {
        expected,
        found: actual.wire_type(),
    })
}

/// Adds `message.field` context to a decode error.
#[cold]
pub fn field_error(
    mut err: DecodeError,
    message: &'static str,
    field: &'static str,
) -> DecodeError {
    err.push(message, field);
    err
}

// ---------------------------------------------------------------------------
// Varints

/// The number of bytes `value` takes as a varint (1 to 10).
#[inline]
pub const fn varint_len(value: u64) -> usize {
    // ceil(bits / 7) with bits >= 1, computed without a branch.
    let bits = 64 - (value | 1).leading_zeros() as usize;
    (bits * 9 + 64) / 64
}

/// Writes `value` as a varint.
#[inline]
pub fn encode_varint(mut value: u64, buf: &mut impl BufMut) {
    if value < 0x80 {
        buf.put_u8(value as u8);
        return;
    }
    let mut tmp = [0u8; 10];
    let mut i = 0;
    while value >= 0x80 {
        tmp[i] = (value as u8) | 0x80;
        value >>= 7;
        i += 1;
    }
    tmp[i] = value as u8;
    buf.put_slice(&tmp[..=i]);
}

/// Writes a field key.
#[inline]
pub fn encode_key(tag: u32, wire_type: WireType, buf: &mut impl BufMut) {
    encode_varint(u64::from((tag << 3) | wire_type as u32), buf);
}

/// The length of a field key.
#[inline]
pub const fn key_len(tag: u32) -> usize {
    varint_len((tag << 3) as u64)
}

/// Zigzag-encodes a 32-bit signed integer.
#[inline]
pub const fn zigzag32(v: i32) -> u32 {
    ((v << 1) ^ (v >> 31)) as u32
}

/// Zigzag-encodes a 64-bit signed integer.
#[inline]
pub const fn zigzag64(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// Reverses [`zigzag32`].
#[inline]
pub const fn unzigzag32(v: u32) -> i32 {
    ((v >> 1) as i32) ^ (-((v & 1) as i32))
}

/// Reverses [`zigzag64`].
#[inline]
pub const fn unzigzag64(v: u64) -> i64 {
    ((v >> 1) as i64) ^ (-((v & 1) as i64))
}

// ---------------------------------------------------------------------------
// Reading

/// A cursor over a contiguous input.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    #[inline]
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    /// Whether everything has been read.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    /// Bytes read so far.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes not yet read.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// The bytes between two positions of this reader.
    #[inline]
    pub fn slice(&self, start: usize, end: usize) -> &'a [u8] {
        let buf: &'a [u8] = self.buf;
        buf.get(start..end).unwrap_or(&[])
    }

    /// How many length-delimited records follow the current position
    /// back to back, each starting with the key bytes `key`. Stops at the
    /// first other record or at anything malformed (a hint, never an error).
    pub fn count_run(&self, key: &[u8]) -> usize {
        let mut rest = self.buf.get(self.pos..).unwrap_or(&[]);
        let mut n = 0;
        while let Some(after_key) = strip_key(rest, key) {
            let Ok((len, used)) = decode_varint(after_key) else {
                break;
            };
            let Some(next) = usize::try_from(len)
                .ok()
                .and_then(|len| len.checked_add(used))
                .and_then(|skip| after_key.get(skip..))
            else {
                break;
            };
            rest = next;
            n += 1;
        }
        n
    }

    /// Reads a varint.
    #[inline]
    pub fn read_varint(&mut self) -> Result<u64, DecodeError> {
        // One and two bytes (field numbers up to 2047, lengths up to 16383)
        // inline; longer varints out of line.
        if let Some(&b) = self.buf.get(self.pos) {
            if b < 0x80 {
                self.pos += 1;
                return Ok(u64::from(b));
            }
            if let Some(&c) = self.buf.get(self.pos + 1) {
                if c < 0x80 {
                    self.pos += 2;
                    return Ok(u64::from(b & 0x7f) | u64::from(c) << 7);
                }
            }
        }
        self.read_varint_long()
    }

    /// A varint of three bytes or more (or a truncated one).
    #[inline(never)]
    fn read_varint_long(&mut self) -> Result<u64, DecodeError> {
        let rest = self.buf.get(self.pos..).unwrap_or(&[]);
        if rest.is_empty() {
            return Err(truncated());
        }
        let (value, n) = decode_varint_slow(rest)?;
        self.pos += n;
        Ok(value)
    }

    /// Reads a field key: the field number and the wire type.
    #[inline]
    pub fn read_key(&mut self) -> Result<(u32, WireType), DecodeError> {
        key_parts(self.read_varint()?)
    }

    /// Reads a field key as the raw varint, unchecked (see [`key_parts`]).
    #[inline(always)]
    pub fn read_raw_key(&mut self) -> Result<u64, DecodeError> {
        self.read_varint()
    }

    /// Reads one field record: its number and value. The common wire types
    /// are read inline (one copy each, wherever this is inlined); groups and
    /// malformed keys take the general path.
    #[inline(always)]
    pub fn read_field(&mut self, ctx: DecodeCtx) -> Result<(u32, FieldValue<'a>), DecodeError> {
        let raw = self.read_varint()?;
        let tag = (raw >> 3) as u32;
        if raw > u64::from(u32::MAX) || tag < MIN_FIELD_NUMBER {
            let (tag, wire_type) = key_parts(raw)?;
            return Ok((tag, self.read_value(tag, wire_type, ctx)?));
        }
        let value = match raw & 7 {
            0 => FieldValue::Varint(self.read_varint()?),
            2 => FieldValue::Len(self.read_len_delimited()?),
            5 => {
                let b = self.read_bytes(4)?;
                FieldValue::Fixed32(u32::from_le_bytes(array4(b)))
            }
            1 => {
                let b = self.read_bytes(8)?;
                FieldValue::Fixed64(u64::from_le_bytes(array8(b)))
            }
            _ => {
                let (tag, wire_type) = key_parts(raw)?;
                self.read_value(tag, wire_type, ctx)?
            }
        };
        Ok((tag, value))
    }

    /// Reads the value of a field whose key has just been read, when the wire
    /// type is known where this is inlined (`wire_type` is the wire type's
    /// number, 0 to 5), so that only its branch remains.
    #[inline(always)]
    pub fn read_known_value(
        &mut self,
        tag: u32,
        wire_type: u8,
        ctx: DecodeCtx,
    ) -> Result<FieldValue<'a>, DecodeError> {
        match wire_type {
            0 => Ok(FieldValue::Varint(self.read_varint()?)),
            1 => {
                let b = self.read_bytes(8)?;
                Ok(FieldValue::Fixed64(u64::from_le_bytes(array8(b))))
            }
            2 => Ok(FieldValue::Len(self.read_len_delimited()?)),
            5 => {
                let b = self.read_bytes(4)?;
                Ok(FieldValue::Fixed32(u32::from_le_bytes(array4(b))))
            }
            other => {
                let wire_type = WireType::try_from(u64::from(other)).map_err(|_| {
                    DecodeError::new(DecodeErrorKind::InvalidWireType(other.into()))
                })?;
                self.read_value(tag, wire_type, ctx)
            }
        }
    }

    /// Reads `n` bytes.
    #[inline]
    pub fn read_bytes(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let buf: &'a [u8] = self.buf;
        let end = self.pos.checked_add(n).ok_or_else(truncated)?;
        match buf.get(self.pos..end) {
            Some(s) => {
                self.pos = end;
                Ok(s)
            }
            None => Err(truncated()),
        }
    }

    /// Reads a length prefix and the bytes it announces. The length is checked
    /// against the input before anything else happens, so a prefix that claims
    /// more than the input holds costs an error, not an allocation.
    #[inline]
    pub fn read_len_delimited(&mut self) -> Result<&'a [u8], DecodeError> {
        let len = self.read_varint()?;
        if len > self.remaining() as u64 {
            return Err(truncated());
        }
        self.read_bytes(len as usize)
    }

    /// Reads the value of a field whose key has just been read.
    #[inline]
    pub fn read_value(
        &mut self,
        tag: u32,
        wire_type: WireType,
        ctx: DecodeCtx,
    ) -> Result<FieldValue<'a>, DecodeError> {
        Ok(match wire_type {
            WireType::Varint => FieldValue::Varint(self.read_varint()?),
            WireType::SixtyFourBit => {
                let b = self.read_bytes(8)?;
                FieldValue::Fixed64(u64::from_le_bytes(array8(b)))
            }
            WireType::ThirtyTwoBit => {
                let b = self.read_bytes(4)?;
                FieldValue::Fixed32(u32::from_le_bytes(array4(b)))
            }
            WireType::LengthDelimited => FieldValue::Len(self.read_len_delimited()?),
            WireType::StartGroup => {
                let start = self.pos;
                self.skip_group(tag, ctx)?;
                FieldValue::Group(self.slice(start, self.pos))
            }
            WireType::EndGroup => {
                return Err(DecodeError::new(DecodeErrorKind::UnexpectedEndGroup))
            }
        })
    }

    fn skip_group(&mut self, tag: u32, ctx: DecodeCtx) -> Result<(), DecodeError> {
        let ctx = ctx.enter()?;
        loop {
            if self.is_empty() {
                return Err(truncated());
            }
            let (inner_tag, wire_type) = self.read_key()?;
            if wire_type == WireType::EndGroup {
                if inner_tag != tag {
                    return Err(DecodeError::new(DecodeErrorKind::UnexpectedEndGroup));
                }
                return Ok(());
            }
            self.read_value(inner_tag, wire_type, ctx)?;
        }
    }
}

/// `bytes` after `key`, when it starts with `key` (a key is 1 to 5 bytes:
/// compared inline rather than through `memcmp`).
#[inline]
fn strip_key<'a>(bytes: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    if bytes.len() < key.len() || bytes.iter().zip(key).any(|(a, b)| a != b) {
        return None;
    }
    bytes.get(key.len()..)
}

/// Splits a raw key into field number and wire type, checking both.
#[inline]
pub fn key_parts(key: u64) -> Result<(u32, WireType), DecodeError> {
    if key > u64::from(u32::MAX) {
        return Err(DecodeError::new(DecodeErrorKind::InvalidKey(key)));
    }
    let wire_type = WireType::try_from(key & 7)
        .map_err(|_| DecodeError::new(DecodeErrorKind::InvalidWireType(key & 7)))?;
    let tag = (key as u32) >> 3;
    if tag < MIN_FIELD_NUMBER {
        return Err(DecodeError::new(DecodeErrorKind::InvalidTag));
    }
    Ok((tag, wire_type))
}

#[inline]
fn array4(b: &[u8]) -> [u8; 4] {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[..4]);
    a
}

#[inline]
fn array8(b: &[u8]) -> [u8; 8] {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    a
}

#[cold]
fn truncated() -> DecodeError {
    DecodeError::new(DecodeErrorKind::Truncated)
}

#[inline]
fn decode_varint_slow(bytes: &[u8]) -> Result<(u64, usize), DecodeError> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().take(10).enumerate() {
        value |= u64::from(b & 0x7f) << (i * 7);
        if b < 0x80 {
            if i == 9 && b > 1 {
                break;
            }
            return Ok((value, i + 1));
        }
    }
    if bytes.len() < 10 && bytes.last().is_some_and(|&b| b >= 0x80) {
        Err(truncated())
    } else {
        Err(DecodeError::new(DecodeErrorKind::InvalidVarint))
    }
}

/// Decodes a varint at the start of `bytes`, returning the value and its length.
pub fn decode_varint(bytes: &[u8]) -> Result<(u64, usize), DecodeError> {
    match bytes.first() {
        Some(&b) if b < 0x80 => Ok((u64::from(b), 1)),
        Some(_) => decode_varint_slow(bytes),
        None => Err(truncated()),
    }
}

// ---------------------------------------------------------------------------
// The ProtoType trait

/// How a Rust type is written to and read from the wire.
///
/// Implemented by the scalars (`u32`, `String`, `Vec<u8>`, ...), by every
/// `#[leyline::enumeration]` and `#[leyline::message]`, by the well-known types,
/// and by the marker types of [`encoding`] that override an integer's
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
        ctx: DecodeCtx,
    ) -> Result<(), DecodeError>;

    /// Checks the rules of a value found at `path`: messages check theirs
    /// (and those of the messages they hold); other types have none of their own.
    #[doc(hidden)]
    #[inline]
    fn __validate(
        value: &Self::Value,
        path: &crate::validate::FieldPath<'_>,
        errors: &mut crate::validate::ValidationErrors,
    ) {
        let _ = (value, path, errors);
    }

    /// [`ProtoType::value_len`], recording the lengths of nested messages in
    /// `cache` (see `leyline::encode`; only messages record anything).
    #[doc(hidden)]
    #[inline]
    fn value_len_cached(value: &Self::Value, cache: &mut crate::encode::LenCache) -> usize {
        let _ = cache;
        Self::value_len(value)
    }

    /// [`ProtoType::value_len`] during the writing pass: a message's recorded
    /// length, without moving past it.
    #[doc(hidden)]
    #[inline]
    fn value_len_recorded(value: &Self::Value, cache: &crate::encode::LenCache) -> usize {
        let _ = cache;
        Self::value_len(value)
    }

    /// [`ProtoType::encode_value`], reading the lengths recorded by
    /// [`ProtoType::value_len_cached`].
    #[doc(hidden)]
    #[inline]
    fn encode_value_cached(
        value: &Self::Value,
        buf: &mut impl BufMut,
        cache: &mut crate::encode::LenCache,
    ) {
        let _ = cache;
        Self::encode_value(value, buf)
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
        ctx: DecodeCtx,
    ) -> Result<(), DecodeError> {
        let mut value = Self::Value::default();
        Self::merge(&mut value, field, ctx)?;
        values.push(value);
        Ok(())
    }
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

// ---------------------------------------------------------------------------
// Scalars

#[inline]
fn packed_merge<T: Default>(
    values: &mut Vec<T>,
    field: FieldValue<'_>,
    ctx: DecodeCtx,
    width: Option<usize>,
    merge: impl Fn(&mut T, FieldValue<'_>, DecodeCtx) -> Result<(), DecodeError>,
    wire_type: WireType,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => {
            let mut r = Reader::new(bytes);
            if let Some(w) = width {
                if bytes.len() % w != 0 {
                    return Err(DecodeError::new(DecodeErrorKind::PackedLength));
                }
                values.reserve(bytes.len() / w);
            }
            while !r.is_empty() {
                let v = r.read_value(0, wire_type, ctx)?;
                let mut value = T::default();
                merge(&mut value, v, ctx)?;
                values.push(value);
            }
            Ok(())
        }
        other => {
            let mut value = T::default();
            merge(&mut value, other, ctx)?;
            values.push(value);
            Ok(())
        }
    }
}

/// Writes fixed-width values as a packed payload: converted a block at a time
/// into a stack buffer, each block written with one `put_slice` (instead of one
/// bounds-checked write per value).
#[inline]
fn encode_packed_fixed<T, const W: usize>(
    values: &[T],
    buf: &mut impl BufMut,
    to_le_bytes: impl Fn(&T) -> [u8; W],
) {
    const BLOCK: usize = 512;
    let mut tmp = [0u8; BLOCK];
    for chunk in values.chunks(BLOCK / W) {
        for (dst, v) in tmp.chunks_exact_mut(W).zip(chunk) {
            dst.copy_from_slice(&to_le_bytes(v));
        }
        if let Some(block) = tmp.get(..chunk.len() * W) {
            buf.put_slice(block);
        }
    }
}

macro_rules! varint_scalar {
    ($ty:ty, $scalar:ident, $max:expr, $to:expr, $from:expr) => {
        impl ProtoType for $ty {
            type Value = $ty;
            const WIRE_TYPE: WireType = WireType::Varint;
            const TYPE: FieldType = FieldType::Scalar(Scalar::$scalar);
            const PACKED: bool = true;
            const MAX_VALUE_LEN: Option<usize> = Some($max);

            #[inline]
            fn is_default(value: &$ty) -> bool {
                *value == <$ty>::default()
            }
            #[inline]
            fn value_len(value: &$ty) -> usize {
                varint_len($to(*value))
            }
            #[inline]
            fn encode_value(value: &$ty, buf: &mut impl BufMut) {
                encode_varint($to(*value), buf);
            }
            #[inline]
            fn merge(
                value: &mut $ty,
                field: FieldValue<'_>,
                _ctx: DecodeCtx,
            ) -> Result<(), DecodeError> {
                match field {
                    FieldValue::Varint(v) => {
                        *value = $from(v);
                        Ok(())
                    }
                    other => Err(wire_type_error(WireType::Varint, &other)),
                }
            }
            #[inline]
            fn merge_repeated(
                values: &mut Vec<$ty>,
                field: FieldValue<'_>,
                ctx: DecodeCtx,
            ) -> Result<(), DecodeError> {
                packed_merge(
                    values,
                    field,
                    ctx,
                    None,
                    <$ty as ProtoType>::merge,
                    WireType::Varint,
                )
            }
        }
    };
}

varint_scalar!(u32, Uint32, 5, |v: u32| u64::from(v), |v: u64| v as u32);
varint_scalar!(u64, Uint64, 10, |v: u64| v, |v: u64| v);
varint_scalar!(i32, Int32, 10, |v: i32| v as i64 as u64, |v: u64| v as i32);
varint_scalar!(i64, Int64, 10, |v: i64| v as u64, |v: u64| v as i64);
varint_scalar!(bool, Bool, 1, |v: bool| u64::from(v), |v: u64| v != 0);

macro_rules! marker_scalar {
    ($(#[$doc:meta])* $name:ident, $value:ty, $scalar:ident, $wire:ident, $max:expr,
     len: |$lv:ident| $len:expr, enc: |$ev:ident, $eb:ident| $enc:expr,
     dec: $dec:pat => $decv:expr, width: $width:expr $(, le: |$bv:ident| $bytes:expr)?) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name;

        impl ProtoType for $name {
            type Value = $value;
            const WIRE_TYPE: WireType = WireType::$wire;
            const TYPE: FieldType = FieldType::Scalar(Scalar::$scalar);
            const PACKED: bool = true;
            const MAX_VALUE_LEN: Option<usize> = Some($max);

            #[inline]
            fn is_default(value: &$value) -> bool {
                *value == <$value>::default()
            }
            #[inline]
            fn value_len(value: &$value) -> usize {
                let $lv = *value;
                $len
            }
            #[inline]
            fn encode_value(value: &$value, $eb: &mut impl BufMut) {
                let $ev = *value;
                $enc
            }
            #[inline]
            fn merge(value: &mut $value, field: FieldValue<'_>, _ctx: DecodeCtx) -> Result<(), DecodeError> {
                match field {
                    $dec => {
                        *value = $decv;
                        Ok(())
                    }
                    other => Err(wire_type_error(WireType::$wire, &other)),
                }
            }
            #[inline]
            fn merge_repeated(values: &mut Vec<$value>, field: FieldValue<'_>, ctx: DecodeCtx) -> Result<(), DecodeError> {
                packed_merge(values, field, ctx, $width, <$name as ProtoType>::merge, WireType::$wire)
            }
            $(
            #[inline]
            fn encode_packed(values: &[$value], buf: &mut impl BufMut) {
                encode_packed_fixed(values, buf, |$bv: &$value| $bytes)
            }
            )?
        }
    };
}

/// Integer encoding markers for `#[leyline(encoding = "...")]`.
pub mod encoding {
    use super::*;

    marker_scalar!(
        /// `sint32`: zigzag varint of an `i32`.
        Sint32, i32, Sint32, Varint, 5,
        len: |v| varint_len(u64::from(zigzag32(v))),
        enc: |v, buf| encode_varint(u64::from(zigzag32(v)), buf),
        dec: FieldValue::Varint(v) => unzigzag32(v as u32),
        width: None
    );
    marker_scalar!(
        /// `sint64`: zigzag varint of an `i64`.
        Sint64, i64, Sint64, Varint, 10,
        len: |v| varint_len(zigzag64(v)),
        enc: |v, buf| encode_varint(zigzag64(v), buf),
        dec: FieldValue::Varint(v) => unzigzag64(v),
        width: None
    );
    marker_scalar!(
        /// `fixed32`: little-endian `u32`.
        Fixed32, u32, Fixed32, ThirtyTwoBit, 4,
        len: |_v| 4,
        enc: |v, buf| buf.put_u32_le(v),
        dec: FieldValue::Fixed32(v) => v,
        width: Some(4),
        le: |v| v.to_le_bytes()
    );
    marker_scalar!(
        /// `fixed64`: little-endian `u64`.
        Fixed64, u64, Fixed64, SixtyFourBit, 8,
        len: |_v| 8,
        enc: |v, buf| buf.put_u64_le(v),
        dec: FieldValue::Fixed64(v) => v,
        width: Some(8),
        le: |v| v.to_le_bytes()
    );
    marker_scalar!(
        /// `sfixed32`: little-endian `i32`.
        Sfixed32, i32, Sfixed32, ThirtyTwoBit, 4,
        len: |_v| 4,
        enc: |v, buf| buf.put_i32_le(v),
        dec: FieldValue::Fixed32(v) => v as i32,
        width: Some(4),
        le: |v| v.to_le_bytes()
    );
    marker_scalar!(
        /// `sfixed64`: little-endian `i64`.
        Sfixed64, i64, Sfixed64, SixtyFourBit, 8,
        len: |_v| 8,
        enc: |v, buf| buf.put_i64_le(v),
        dec: FieldValue::Fixed64(v) => v as i64,
        width: Some(8),
        le: |v| v.to_le_bytes()
    );
}

macro_rules! float_scalar {
    ($ty:ty, $scalar:ident, $wire:ident, $variant:ident, $width:literal) => {
        impl ProtoType for $ty {
            type Value = $ty;
            const WIRE_TYPE: WireType = WireType::$wire;
            const TYPE: FieldType = FieldType::Scalar(Scalar::$scalar);
            const PACKED: bool = true;
            const MAX_VALUE_LEN: Option<usize> = Some($width);

            #[inline]
            fn is_default(value: &$ty) -> bool {
                // As prost: -0.0 compares equal to 0.0 and is omitted.
                *value == 0.0
            }
            #[inline]
            fn value_len(_value: &$ty) -> usize {
                $width
            }
            #[inline]
            fn encode_value(value: &$ty, buf: &mut impl BufMut) {
                buf.put_slice(&value.to_le_bytes());
            }
            #[inline]
            fn merge(
                value: &mut $ty,
                field: FieldValue<'_>,
                _ctx: DecodeCtx,
            ) -> Result<(), DecodeError> {
                match field {
                    FieldValue::$variant(v) => {
                        *value = <$ty>::from_bits(v);
                        Ok(())
                    }
                    other => Err(wire_type_error(WireType::$wire, &other)),
                }
            }
            #[inline]
            fn encode_packed(values: &[$ty], buf: &mut impl BufMut) {
                encode_packed_fixed(values, buf, |v: &$ty| v.to_le_bytes())
            }
            #[inline]
            fn merge_repeated(
                values: &mut Vec<$ty>,
                field: FieldValue<'_>,
                _ctx: DecodeCtx,
            ) -> Result<(), DecodeError> {
                match field {
                    FieldValue::Len(bytes) => {
                        if bytes.len() % $width != 0 {
                            return Err(DecodeError::new(DecodeErrorKind::PackedLength));
                        }
                        values.extend(bytes.chunks_exact($width).map(|c| {
                            let mut a = [0u8; $width];
                            a.copy_from_slice(c);
                            <$ty>::from_le_bytes(a)
                        }));
                        Ok(())
                    }
                    FieldValue::$variant(v) => {
                        values.push(<$ty>::from_bits(v));
                        Ok(())
                    }
                    other => Err(wire_type_error(WireType::$wire, &other)),
                }
            }
        }
    };
}

float_scalar!(f32, Float, ThirtyTwoBit, Fixed32, 4);
float_scalar!(f64, Double, SixtyFourBit, Fixed64, 8);

impl ProtoType for String {
    type Value = String;
    const WIRE_TYPE: WireType = WireType::LengthDelimited;
    const TYPE: FieldType = FieldType::Scalar(Scalar::String);

    #[inline]
    fn is_default(value: &String) -> bool {
        value.is_empty()
    }
    #[inline]
    fn value_len(value: &String) -> usize {
        varint_len(value.len() as u64) + value.len()
    }
    #[inline]
    fn encode_value(value: &String, buf: &mut impl BufMut) {
        encode_varint(value.len() as u64, buf);
        buf.put_slice(value.as_bytes());
    }
    #[inline]
    fn merge(
        value: &mut String,
        field: FieldValue<'_>,
        _ctx: DecodeCtx,
    ) -> Result<(), DecodeError> {
        match field {
            FieldValue::Len(bytes) => {
                let s = str_from_utf8(bytes)?;
                if value.capacity() == 0 {
                    // A fresh string: one exact allocation, no growth path.
                    *value = String::from(s);
                } else {
                    value.clear();
                    value.push_str(s);
                }
                Ok(())
            }
            other => Err(wire_type_error(WireType::LengthDelimited, &other)),
        }
    }
}

/// Checks that a string field's bytes are UTF-8.
#[inline]
pub fn str_from_utf8(bytes: &[u8]) -> Result<&str, DecodeError> {
    // Most strings on the wire are short and ASCII; `is_ascii` checks a word at
    // a time with none of `from_utf8`'s set-up, and ASCII needs nothing more.
    if bytes.is_ascii() {
        // SAFETY: every byte is below 0x80, and a sequence of ASCII bytes is
        // valid UTF-8.
        return Ok(unsafe { core::str::from_utf8_unchecked(bytes) });
    }
    core::str::from_utf8(bytes).map_err(|_| invalid_utf8())
}

#[cold]
fn invalid_utf8() -> DecodeError {
    DecodeError::new(DecodeErrorKind::InvalidUtf8)
}

impl ProtoType for Vec<u8> {
    type Value = Vec<u8>;
    const WIRE_TYPE: WireType = WireType::LengthDelimited;
    const TYPE: FieldType = FieldType::Scalar(Scalar::Bytes);

    #[inline]
    fn is_default(value: &Vec<u8>) -> bool {
        value.is_empty()
    }
    #[inline]
    fn value_len(value: &Vec<u8>) -> usize {
        varint_len(value.len() as u64) + value.len()
    }
    #[inline]
    fn encode_value(value: &Vec<u8>, buf: &mut impl BufMut) {
        encode_varint(value.len() as u64, buf);
        buf.put_slice(value);
    }
    #[inline]
    fn merge(
        value: &mut Vec<u8>,
        field: FieldValue<'_>,
        _ctx: DecodeCtx,
    ) -> Result<(), DecodeError> {
        match field {
            FieldValue::Len(bytes) => {
                if value.capacity() == 0 {
                    *value = bytes.to_vec();
                } else {
                    value.clear();
                    value.extend_from_slice(bytes);
                }
                Ok(())
            }
            other => Err(wire_type_error(WireType::LengthDelimited, &other)),
        }
    }
}

impl ProtoType for bytes::Bytes {
    type Value = bytes::Bytes;
    const WIRE_TYPE: WireType = WireType::LengthDelimited;
    const TYPE: FieldType = FieldType::Scalar(Scalar::Bytes);

    #[inline]
    fn is_default(value: &bytes::Bytes) -> bool {
        value.is_empty()
    }
    #[inline]
    fn value_len(value: &bytes::Bytes) -> usize {
        varint_len(value.len() as u64) + value.len()
    }
    #[inline]
    fn encode_value(value: &bytes::Bytes, buf: &mut impl BufMut) {
        encode_varint(value.len() as u64, buf);
        buf.put_slice(value);
    }
    #[inline]
    fn merge(
        value: &mut bytes::Bytes,
        field: FieldValue<'_>,
        _ctx: DecodeCtx,
    ) -> Result<(), DecodeError> {
        match field {
            FieldValue::Len(bytes) => {
                *value = bytes::Bytes::copy_from_slice(bytes);
                Ok(())
            }
            other => Err(wire_type_error(WireType::LengthDelimited, &other)),
        }
    }
}

impl<T: ProtoType<Value = T> + Default> ProtoType for Box<T> {
    type Value = Box<T>;
    const WIRE_TYPE: WireType = T::WIRE_TYPE;
    const TYPE: FieldType = T::TYPE;
    const IS_MESSAGE: bool = T::IS_MESSAGE;
    const PACKED: bool = T::PACKED;
    // A boxed field is how recursion is written: no static bound.
    const MAX_VALUE_LEN: Option<usize> = None;

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
    fn value_len_cached(value: &Self::Value, cache: &mut crate::encode::LenCache) -> usize {
        T::value_len_cached(value, cache)
    }
    #[inline]
    fn value_len_recorded(value: &Self::Value, cache: &crate::encode::LenCache) -> usize {
        T::value_len_recorded(value, cache)
    }
    #[inline]
    fn encode_value_cached(
        value: &Self::Value,
        buf: &mut impl BufMut,
        cache: &mut crate::encode::LenCache,
    ) {
        T::encode_value_cached(value, buf, cache)
    }
    #[inline]
    fn merge(
        value: &mut Self::Value,
        field: FieldValue<'_>,
        ctx: DecodeCtx,
    ) -> Result<(), DecodeError> {
        T::merge(value, field, ctx)
    }
    #[inline]
    fn __validate(
        value: &Self::Value,
        path: &crate::validate::FieldPath<'_>,
        errors: &mut crate::validate::ValidationErrors,
    ) {
        T::__validate(value, path, errors)
    }
    #[inline]
    fn check_depth(value: &Self::Value, depth_left: u32) -> Result<(), EncodeError> {
        T::check_depth(value, depth_left)
    }
}

macro_rules! marker_impls {
    ($tr:ident for $($ty:ty),*) => { $(impl $tr for $ty {})* };
}
marker_impls!(Singular for u32, u64, i32, i64, bool, f32, f64, String, Vec<u8>, bytes::Bytes);
marker_impls!(Singular for encoding::Sint32, encoding::Sint64, encoding::Fixed32, encoding::Fixed64, encoding::Sfixed32, encoding::Sfixed64);
macro_rules! map_keys {
    ($($ty:ty => $scalar:ident),* $(,)?) => { $(impl MapKey for $ty { const SCALAR: Scalar = Scalar::$scalar; })* };
}
map_keys! {
    u32 => Uint32, u64 => Uint64, i32 => Int32, i64 => Int64, bool => Bool, String => String,
    encoding::Sint32 => Sint32, encoding::Sint64 => Sint64, encoding::Fixed32 => Fixed32,
    encoding::Fixed64 => Fixed64, encoding::Sfixed32 => Sfixed32, encoding::Sfixed64 => Sfixed64,
}

// ---------------------------------------------------------------------------
// Field helpers used by generated code

/// Length of a singular field (key included), 0 when it holds the default.
#[inline]
pub fn singular_len<C: ProtoType>(tag: u32, value: &C::Value) -> usize {
    if C::is_default(value) {
        0
    } else {
        key_len(tag) + C::value_len(value)
    }
}

/// Writes a singular field unless it holds the default.
#[inline]
pub fn encode_singular<C: ProtoType>(tag: u32, value: &C::Value, buf: &mut impl BufMut) {
    if !C::is_default(value) {
        encode_key(tag, C::WIRE_TYPE, buf);
        C::encode_value(value, buf);
    }
}

/// Length of a field with presence (key included), 0 when absent.
#[inline]
pub fn optional_len<C: ProtoType>(tag: u32, value: &Option<C::Value>) -> usize {
    match value {
        Some(v) => key_len(tag) + C::value_len(v),
        None => 0,
    }
}

/// Writes a field with presence when present.
#[inline]
pub fn encode_optional<C: ProtoType>(tag: u32, value: &Option<C::Value>, buf: &mut impl BufMut) {
    if let Some(v) = value {
        encode_key(tag, C::WIRE_TYPE, buf);
        C::encode_value(v, buf);
    }
}

/// Merges into a field with presence.
#[inline]
pub fn merge_optional<C: ProtoType>(
    value: &mut Option<C::Value>,
    field: FieldValue<'_>,
    ctx: DecodeCtx,
) -> Result<(), DecodeError> {
    C::merge(value.get_or_insert_with(Default::default), field, ctx)
}

/// Length of the payload of a packed field (without key and length prefix).
#[inline]
fn packed_payload_len<C: ProtoType>(values: &[C::Value]) -> usize {
    match C::WIRE_TYPE {
        WireType::ThirtyTwoBit => values.len() * 4,
        WireType::SixtyFourBit => values.len() * 8,
        _ => values.iter().map(C::value_len).sum(),
    }
}

/// Length of a repeated field (keys included).
#[inline]
pub fn repeated_len<C: ProtoType>(tag: u32, values: &[C::Value]) -> usize {
    if values.is_empty() {
        return 0;
    }
    if C::PACKED {
        let len = packed_payload_len::<C>(values);
        key_len(tag) + varint_len(len as u64) + len
    } else {
        key_len(tag) * values.len() + values.iter().map(C::value_len).sum::<usize>()
    }
}

/// Writes a repeated field: packed for numeric types, one record per element otherwise.
#[inline]
pub fn encode_repeated<C: ProtoType>(tag: u32, values: &[C::Value], buf: &mut impl BufMut) {
    if values.is_empty() {
        return;
    }
    if C::PACKED {
        encode_key(tag, WireType::LengthDelimited, buf);
        encode_varint(packed_payload_len::<C>(values) as u64, buf);
        C::encode_packed(values, buf);
    } else {
        for v in values {
            encode_key(tag, C::WIRE_TYPE, buf);
            C::encode_value(v, buf);
        }
    }
}

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
    let key = key_len(tag);
    entries
        .into_iter()
        .map(|(k, v)| {
            let len = map_entry_len::<K, V>(k, v);
            key + varint_len(len as u64) + len
        })
        .sum()
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

// ---------------------------------------------------------------------------
// Unknown fields

/// Fields a contract did not recognise while decoding, kept byte for byte so that
/// re-encoding loses nothing (a relay that decodes and re-encodes a message from
/// a newer producer passes the newer fields on).
///
/// A contract opts in by declaring a field `#[leyline(unknown_fields)] pub
/// unknown_fields: leyline::UnknownFields`. The fields are written after the
/// known ones.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct UnknownFields {
    raw: Vec<u8>,
}

impl UnknownFields {
    /// No unknown fields.
    pub const fn new() -> Self {
        UnknownFields { raw: Vec::new() }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The raw records (key and value of each field), in the order read.
    pub fn as_bytes(&self) -> &[u8] {
        &self.raw
    }

    /// Forgets every unknown field.
    pub fn clear(&mut self) {
        self.raw.clear();
    }

    /// The field numbers present, in order (a number may repeat).
    pub fn numbers(&self) -> Vec<u32> {
        let mut out = Vec::new();
        let mut r = Reader::new(&self.raw);
        while !r.is_empty() {
            let Ok((tag, wire_type)) = r.read_key() else {
                break;
            };
            if r.read_value(tag, wire_type, DecodeCtx::default()).is_err() {
                break;
            }
            out.push(tag);
        }
        out
    }

    /// Appends one raw record (key and value) as read from the wire.
    #[doc(hidden)]
    pub fn push_raw(&mut self, record: &[u8]) {
        self.raw.extend_from_slice(record);
    }

    /// Appends one field given as its number and value.
    #[doc(hidden)]
    pub fn push_field(&mut self, tag: u32, field: FieldValue<'_>) {
        match field {
            FieldValue::Varint(v) => {
                encode_key(tag, WireType::Varint, &mut self.raw);
                encode_varint(v, &mut self.raw);
            }
            FieldValue::Fixed64(v) => {
                encode_key(tag, WireType::SixtyFourBit, &mut self.raw);
                self.raw.put_u64_le(v);
            }
            FieldValue::Fixed32(v) => {
                encode_key(tag, WireType::ThirtyTwoBit, &mut self.raw);
                self.raw.put_u32_le(v);
            }
            FieldValue::Len(b) => {
                encode_key(tag, WireType::LengthDelimited, &mut self.raw);
                encode_varint(b.len() as u64, &mut self.raw);
                self.raw.extend_from_slice(b);
            }
            FieldValue::Group(b) => {
                encode_key(tag, WireType::StartGroup, &mut self.raw);
                self.raw.extend_from_slice(b);
            }
        }
    }

    /// The encoded length.
    #[inline]
    pub fn encoded_len(&self) -> usize {
        self.raw.len()
    }

    /// Writes the records.
    #[inline]
    pub fn encode(&self, buf: &mut impl BufMut) {
        if !self.raw.is_empty() {
            buf.put_slice(&self.raw);
        }
    }
}

impl core::fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("UnknownFields")
            .field("numbers", &self.numbers())
            .field("bytes", &self.raw.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_len_matches_encoding() {
        for v in [
            0u64,
            1,
            127,
            128,
            16383,
            16384,
            u32::MAX as u64,
            u64::MAX,
            1 << 63,
        ] {
            let mut buf = Vec::new();
            encode_varint(v, &mut buf);
            assert_eq!(buf.len(), varint_len(v), "{v}");
            assert_eq!(decode_varint(&buf).unwrap(), (v, buf.len()));
        }
    }

    #[test]
    fn overlong_and_truncated_varints_are_errors() {
        assert!(decode_varint(&[0x80; 11]).is_err());
        assert!(
            decode_varint(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]).is_err()
        );
        assert!(decode_varint(&[0x80, 0x80]).is_err());
        assert!(decode_varint(&[]).is_err());
        assert_eq!(
            decode_varint(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).unwrap(),
            (u64::MAX, 10)
        );
    }

    #[test]
    fn packed_fixed_blocks_match_one_value_at_a_time() {
        // More values than one block holds, and a partial last block.
        let floats: Vec<f32> = (0..300).map(|i| i as f32 * 0.37 - 11.0).collect();
        let doubles: Vec<f64> = (0..70).map(|i| i as f64 * -1.5e10).collect();
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        f32::encode_packed(&floats, &mut fast);
        floats.iter().for_each(|v| f32::encode_value(v, &mut slow));
        assert_eq!(fast, slow);
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        f64::encode_packed(&doubles, &mut fast);
        encoding::Sfixed64::encode_packed(&[-1, 2, i64::MIN], &mut fast);
        doubles.iter().for_each(|v| f64::encode_value(v, &mut slow));
        [-1i64, 2, i64::MIN]
            .iter()
            .for_each(|v| encoding::Sfixed64::encode_value(v, &mut slow));
        assert_eq!(fast, slow);
        let mut back = Vec::new();
        let mut payload = Vec::new();
        f32::encode_packed(&floats, &mut payload);
        f32::merge_repeated(&mut back, FieldValue::Len(&payload), DecodeCtx::default()).unwrap();
        assert_eq!(back, floats);
    }

    #[test]
    fn zigzag_round_trips() {
        for v in [0i32, -1, 1, i32::MIN, i32::MAX] {
            assert_eq!(unzigzag32(zigzag32(v)), v);
        }
        for v in [0i64, -1, 1, i64::MIN, i64::MAX] {
            assert_eq!(unzigzag64(zigzag64(v)), v);
        }
        assert_eq!(zigzag32(-1), 1);
        assert_eq!(zigzag64(1), 2);
    }

    #[test]
    fn length_prefix_past_the_end_is_an_error() {
        let mut r = Reader::new(&[0x0a, 0xff, 0xff, 0xff, 0xff, 0x07, 1, 2]);
        let (tag, wt) = r.read_key().unwrap();
        assert!(r.read_value(tag, wt, DecodeCtx::default()).is_err());
    }

    #[test]
    fn groups_are_captured_whole() {
        // field 1 group containing field 2 varint 5, then end group 1
        let bytes = [0x0b, 0x10, 0x05, 0x0c];
        let mut r = Reader::new(&bytes);
        let (tag, wt) = r.read_key().unwrap();
        let v = r.read_value(tag, wt, DecodeCtx::default()).unwrap();
        assert_eq!(v, FieldValue::Group(&[0x10, 0x05, 0x0c]));
        let mut u = UnknownFields::new();
        u.push_field(tag, v);
        assert_eq!(u.as_bytes(), &bytes);
    }
}
