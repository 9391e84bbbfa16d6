//! The nesting of `Struct`, `Value` and `ListValue`, which prost decodes:
//! bounded while decoding (by the decoder's remaining depth and by prost's own
//! limit) and checked by `Contract::check_depth`, counted as prost counts it.

use prost_types::value::Kind;

use super::{ListValue, Struct, Value};
use crate::contract::depth::too_deep;
use crate::contract::PROST_ALLOC_PER_BYTE;
use crate::wire::{
    wire_type_error, DecodeCtx, DecodeError, DecodeErrorKind, DecodeLimits, EncodeError,
    FieldValue, Reader, WireType,
};

/// prost's fixed limit on nesting below a message it decodes.
pub const PROST_RECURSION_LIMIT: u32 = 100;

// google.protobuf.Struct, Value and ListValue

/// The recursive well-known types (and the map entry of `Struct.fields`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Nested {
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
    DecodeLimits::CHECKED_INPUT.run(|ctx| scan_in(bytes, kind, depth_left, ctx))
}

fn scan_in(
    bytes: &[u8],
    kind: Nested,
    depth_left: u32,
    ctx: DecodeCtx<'_>,
) -> Result<(), DecodeError> {
    let mut r = Reader::new(bytes);
    while !r.is_empty() {
        let Ok((tag, wire_type)) = r.read_key() else {
            return Ok(());
        };
        let Ok(value) = r.read_value(tag, wire_type, ctx) else {
            return Ok(());
        };
        if let (Some(inner), FieldValue::Len(payload)) = (child(kind, tag), value) {
            match depth_left.checked_sub(1) {
                Some(below) => scan_in(payload, inner, below, ctx)?,
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
pub(super) fn merge_nested_wkt<M: prost::Message>(
    msg: &mut M,
    field: FieldValue<'_>,
    ctx: DecodeCtx<'_>,
    kind: Nested,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => {
            let ctx = ctx.enter()?;
            scan(bytes, kind, ctx.depth_left().min(PROST_RECURSION_LIMIT))?;
            // prost's allocations, bounded and counted before it starts.
            ctx.charge(bytes.len().saturating_mul(PROST_ALLOC_PER_BYTE))?;
            msg.merge(bytes).map_err(DecodeError::from)
        }
        other => Err(wire_type_error(WireType::LengthDelimited, &other)),
    }
}

/// The depth check of a `Struct`, `Value` or `ListValue` held as a field.
pub(super) fn nested_wkt_depth(value: WktRef<'_>, depth_left: u32) -> Result<(), EncodeError> {
    match depth_left.checked_sub(1) {
        Some(below) => value.check(below.min(PROST_RECURSION_LIMIT)),
        None => Err(too_deep()),
    }
}

/// A borrowed `Struct`, `Value` or `ListValue`.
#[derive(Debug, Clone, Copy)]
pub(super) enum WktRef<'a> {
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
