//! Nesting depth: the check behind [`Contract::check_depth`] and
//! [`Contract::encode_checked`], and the bound on nesting inside the
//! well-known types that prost decodes (`Struct`, `Value`, `ListValue`).
//!
//! Depth is counted as the decoder counts it: a contract decoded with
//! `recursion_limit = L` ([`Contract::decode_slice_with_limit`]) may hold
//! messages nested `L` levels below itself, so `check_depth(L)` accepts a value
//! exactly when its encoding decodes under that limit. A map entry of a leyline
//! map is not a level (its message value is); inside `Struct`, `Value` and
//! `ListValue`, which prost decodes, every nested message is a level, the map
//! entries of `Struct.fields` included, as prost counts them, and prost's own
//! limit of [`PROST_RECURSION_LIMIT`] levels applies there as well.
//!
//! [`Contract::check_depth`]: crate::Contract::check_depth
//! [`Contract::encode_checked`]: crate::Contract::encode_checked
//! [`Contract::decode_slice_with_limit`]: crate::Contract::decode_slice_with_limit

use prost_types::value::Kind;
use prost_types::{ListValue, Struct, Value};

use crate::error::{EncodeError, EncodeErrorKind};
use crate::traits::{Contract, Oneof};
use crate::wire::{
    DecodeCtx, DecodeError, DecodeErrorKind, FieldValue, ProtoType, Reader, UnknownFields,
};

/// prost's fixed limit on nesting below a message it decodes.
pub const PROST_RECURSION_LIMIT: u32 = 100;

#[cold]
fn too_deep() -> EncodeError {
    EncodeError::new(EncodeErrorKind::RecursionLimit)
}

/// Adds `message.field` context to an encode error.
#[cold]
pub fn field_encode_error(
    mut err: EncodeError,
    message: &'static str,
    field: &'static str,
) -> EncodeError {
    err.push(message, field);
    err
}

/// The depth check of a leyline message held as a field: the message is one
/// level, its fields must fit in what is left below it.
#[inline]
pub fn message_depth<M: Contract>(msg: &M, depth_left: u32) -> Result<(), EncodeError> {
    match depth_left.checked_sub(1) {
        Some(below) => msg.__check_depth(below),
        None => Err(too_deep()),
    }
}

/// The depth check of a message that holds no messages (`Timestamp`,
/// `Duration`, `Any`, `FieldMask`) held as a field: it is one level.
#[inline]
pub(crate) fn leaf_message_depth(depth_left: u32) -> Result<(), EncodeError> {
    match depth_left {
        0 => Err(too_deep()),
        _ => Ok(()),
    }
}

/// Depth check of a singular field (written only when not the default).
#[inline]
pub fn singular_depth<C: ProtoType>(value: &C::Value, depth_left: u32) -> Result<(), EncodeError> {
    if C::IS_MESSAGE && !C::is_default(value) {
        C::check_depth(value, depth_left)
    } else {
        Ok(())
    }
}

/// Depth check of a field with presence.
#[inline]
pub fn optional_depth<C: ProtoType>(
    value: &Option<C::Value>,
    depth_left: u32,
) -> Result<(), EncodeError> {
    match value {
        Some(v) => C::check_depth(v, depth_left),
        None => Ok(()),
    }
}

/// Depth check of a repeated field.
#[inline]
pub fn repeated_depth<C: ProtoType>(
    values: &[C::Value],
    depth_left: u32,
) -> Result<(), EncodeError> {
    if C::IS_MESSAGE {
        for v in values {
            C::check_depth(v, depth_left)?;
        }
    }
    Ok(())
}

/// Depth check of a map field: the values (keys are scalars), which are left
/// out of their entry when they are the default.
#[inline]
pub fn map_depth<'a, K, V, I>(entries: I, depth_left: u32) -> Result<(), EncodeError>
where
    K: ProtoType,
    V: ProtoType,
    K::Value: 'a,
    V::Value: 'a,
    I: IntoIterator<Item = (&'a K::Value, &'a V::Value)>,
{
    if V::IS_MESSAGE {
        for (_, v) in entries {
            if !V::is_default(v) {
                V::check_depth(v, depth_left)?;
            }
        }
    }
    Ok(())
}

/// Depth check of a oneof field.
#[inline]
pub fn oneof_depth<O: Oneof>(value: &Option<O>, depth_left: u32) -> Result<(), EncodeError> {
    match value {
        Some(o) => o.check_depth(depth_left),
        None => Ok(()),
    }
}

/// Depth check of the unknown fields a message keeps: groups among them nest
/// as the decoder counts them when it skips them.
pub fn unknown_depth(unknown: &UnknownFields, depth_left: u32) -> Result<(), EncodeError> {
    let ctx = DecodeCtx::with_recursion_limit(depth_left);
    let mut r = Reader::new(unknown.as_bytes());
    while !r.is_empty() {
        let Ok((tag, wire_type)) = r.read_key() else {
            return Ok(());
        };
        match r.read_value(tag, wire_type, ctx) {
            Ok(_) => {}
            Err(e) if *e.kind() == DecodeErrorKind::RecursionLimit => return Err(too_deep()),
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// google.protobuf.Struct, Value and ListValue

/// The recursive well-known types (and the map entry of `Struct.fields`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nested {
    Struct,
    Entry,
    Value,
    ListValue,
}

/// What a length-delimited field of `kind` holds, when it is a nested message.
fn child(kind: Nested, tag: u32) -> Option<Nested> {
    match (kind, tag) {
        (Nested::Struct, 1) => Some(Nested::Entry),
        (Nested::Entry, 2) | (Nested::ListValue, 1) => Some(Nested::Value),
        (Nested::Value, 5) => Some(Nested::Struct),
        (Nested::Value, 6) => Some(Nested::ListValue),
        _ => None,
    }
}

/// Scans the encoding of a `kind` for messages nested more than `depth_left`
/// levels below it, without allocating. Anything malformed ends the scan of
/// that level: prost, which decodes the bytes next, reports it.
fn scan(bytes: &[u8], kind: Nested, depth_left: u32) -> Result<(), DecodeError> {
    let mut r = Reader::new(bytes);
    while !r.is_empty() {
        let Ok((tag, wire_type)) = r.read_key() else {
            return Ok(());
        };
        let Ok(value) = r.read_value(tag, wire_type, DecodeCtx::default()) else {
            return Ok(());
        };
        if let (Some(inner), FieldValue::Len(payload)) = (child(kind, tag), value) {
            match depth_left.checked_sub(1) {
                Some(below) => scan(payload, inner, below)?,
                None => return Err(DecodeError::new(DecodeErrorKind::RecursionLimit)),
            }
        }
    }
    Ok(())
}

/// Merges a length-delimited `Struct`, `Value` or `ListValue` through prost,
/// one level deeper, after checking that its nesting fits both the decoder's
/// remaining depth and prost's own limit (so that deep input is a
/// `RecursionLimit` error whatever prost's features, and the limit a caller
/// chose applies inside these types too).
pub(crate) fn merge_nested_wkt<M: prost::Message>(
    msg: &mut M,
    field: FieldValue<'_>,
    ctx: DecodeCtx,
    kind: Nested,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => {
            let ctx = ctx.enter()?;
            scan(bytes, kind, ctx.depth_left().min(PROST_RECURSION_LIMIT))?;
            msg.merge(bytes).map_err(DecodeError::from)
        }
        other => Err(crate::wire::wire_type_error(
            crate::wire::WireType::LengthDelimited,
            &other,
        )),
    }
}

/// The depth check of a `Struct`, `Value` or `ListValue` held as a field.
pub(crate) fn nested_wkt_depth(value: WktRef<'_>, depth_left: u32) -> Result<(), EncodeError> {
    match depth_left.checked_sub(1) {
        Some(below) => value.check(below.min(PROST_RECURSION_LIMIT)),
        None => Err(too_deep()),
    }
}

/// A borrowed `Struct`, `Value` or `ListValue`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum WktRef<'a> {
    Struct(&'a Struct),
    Value(&'a Value),
    ListValue(&'a ListValue),
}

impl WktRef<'_> {
    /// Whether everything below this value fits in `depth_left` levels, counted
    /// as prost writes it: a `Struct.fields` entry is a level, its value another
    /// unless it is the default `Value` (which prost leaves out of the entry).
    fn check(self, depth_left: u32) -> Result<(), EncodeError> {
        match self {
            WktRef::Struct(s) => {
                for value in s.fields.values() {
                    let below_entry = depth_left.checked_sub(1).ok_or_else(too_deep)?;
                    if value.kind.is_some() {
                        let below_value = below_entry.checked_sub(1).ok_or_else(too_deep)?;
                        WktRef::Value(value).check(below_value)?;
                    }
                }
                Ok(())
            }
            WktRef::Value(v) => match &v.kind {
                Some(Kind::StructValue(s)) => {
                    let below = depth_left.checked_sub(1).ok_or_else(too_deep)?;
                    WktRef::Struct(s).check(below)
                }
                Some(Kind::ListValue(l)) => {
                    let below = depth_left.checked_sub(1).ok_or_else(too_deep)?;
                    WktRef::ListValue(l).check(below)
                }
                _ => Ok(()),
            },
            WktRef::ListValue(l) => {
                for value in &l.values {
                    let below = depth_left.checked_sub(1).ok_or_else(too_deep)?;
                    WktRef::Value(value).check(below)?;
                }
                Ok(())
            }
        }
    }
}
