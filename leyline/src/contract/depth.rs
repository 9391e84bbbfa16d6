//! Nesting depth: the check behind [`Contract::check_depth`] and
//! [`Contract::encode_checked`]. (The bound on nesting inside the well-known
//! types that prost decodes, `Struct`, `Value` and `ListValue`, is in
//! `leyline::wkt`.)
//!
//! Depth is counted as the decoder counts it: a contract decoded with
//! `recursion_limit = L` ([`Contract::decode_slice_with_limit`]) may hold
//! messages nested `L` levels below itself, so `check_depth(L)` accepts a value
//! exactly when its encoding decodes under that limit. A map entry of a leyline
//! map is not a level (its message value is); inside `Struct`, `Value` and
//! `ListValue`, which prost decodes, every nested message is a level, the map
//! entries of `Struct.fields` included, as prost counts them, and prost's own
//! limit of `PROST_RECURSION_LIMIT` levels applies there as well.
//!
//! [`Contract::check_depth`]: crate::Contract::check_depth
//! [`Contract::encode_checked`]: crate::Contract::encode_checked
//! [`Contract::decode_slice_with_limit`]: crate::Contract::decode_slice_with_limit

use super::message::Contract;
use crate::wire::{
    DecodeCtx, DecodeErrorKind, EncodeError, EncodeErrorKind, MemoryBudget, ProtoType, Reader,
    UnknownFields,
};

#[cold]
pub(crate) fn too_deep() -> EncodeError {
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

/// Depth check of the unknown fields a message keeps: groups among them nest
/// as the decoder counts them when it skips them.
pub fn unknown_depth(unknown: &UnknownFields, depth_left: u32) -> Result<(), EncodeError> {
    let memory = MemoryBudget::unlimited();
    let ctx = DecodeCtx::new(depth_left, &memory);
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
