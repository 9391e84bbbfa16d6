//! The google.protobuf well-known types.
//!
//! `Timestamp`, `Duration`, `Struct`, `Value`, `ListValue`, `Any` and
//! `FieldMask` are prost-types' own (so they interoperate with everything built
//! on prost); `Empty` and the wrapper messages (`Int32Value`, `StringValue`, ...)
//! are leyline messages with the well-known names and numbers. Hold any of them
//! as `Option<T>` to get a message field of that type.

use bytes::BufMut;

pub use prost_types::{Any, Duration, FieldMask, ListValue, Struct, Timestamp, Value};

use crate::depth::{Nested, WktRef};
use crate::schema::{FieldType, MessageSchema};
use crate::wire::{
    encode_varint, key_parts, varint_len, wire_type_error, DecodeCtx, DecodeError, EncodeError,
    FieldValue, ProtoType, Reader, WireType,
};

macro_rules! prost_wkt {
    ($($ty:ident => $file:literal, max: $max:expr $(, nested $kind:ident)?);* $(;)?) => {$(
        impl ProtoType for $ty {
            type Value = $ty;
            const WIRE_TYPE: WireType = WireType::LengthDelimited;
            const TYPE: FieldType = FieldType::Message(|| {
                static SCHEMA: MessageSchema = MessageSchema {
                    name: stringify!($ty),
                    package: "google.protobuf",
                    full_name: concat!("google.protobuf.", stringify!($ty)),
                    defined_in: Some($file),
                    docs: "",
                    members: &[],
                    reserved_ranges: &[],
                    reserved_names: &[],
                    keeps_unknown_fields: false,
                };
                &SCHEMA
            });
            const IS_MESSAGE: bool = true;
            const MAX_VALUE_LEN: Option<usize> = $max;

            #[inline]
            fn is_default(value: &$ty) -> bool {
                crate::__private::message_is_default(value)
            }
            #[inline]
            fn value_len(value: &$ty) -> usize {
                crate::__private::message_value_len(value)
            }
            #[inline]
            fn encode_value(value: &$ty, buf: &mut impl BufMut) {
                crate::__private::encode_message_value(value, buf)
            }
            #[inline]
            fn merge(value: &mut $ty, field: FieldValue<'_>, ctx: DecodeCtx) -> Result<(), DecodeError> {
                prost_wkt!(@merge value, field, ctx $(, $kind)?)
            }
            #[inline]
            fn check_depth(value: &$ty, depth_left: u32) -> Result<(), EncodeError> {
                prost_wkt!(@depth value, depth_left $(, $kind)?)
            }
        }
    )*};
    (@depth $v:ident, $d:ident) => {{
        let _ = $v;
        crate::depth::leaf_message_depth($d)
    }};
    (@depth $v:ident, $d:ident, $kind:ident) => {
        crate::depth::nested_wkt_depth(WktRef::$kind($v), $d)
    };
    (@merge $v:ident, $f:ident, $c:ident) => {
        crate::__private::merge_prost_value($v, $f, $c)
    };
    (@merge $v:ident, $f:ident, $c:ident, $kind:ident) => {
        crate::depth::merge_nested_wkt($v, $f, $c, Nested::$kind)
    };
}

// Timestamp and Duration hold an int64 and an int32 (each a varint of at most
// 10 bytes, behind a 1-byte key): 22 bytes, plus a 1-byte length prefix.
const SECONDS_NANOS: Option<usize> = crate::size::len_delimited(Some(22));

/// `Timestamp` and `Duration` (`int64 seconds = 1; int32 nanos = 2;`), the
/// well-known types of nearly every contract, encode and decode here rather
/// than through prost: same bytes, no `prost::Message` round trip.
macro_rules! seconds_nanos_wkt {
    ($($ty:ident => $file:literal),* $(,)?) => {$(
        impl ProtoType for $ty {
            type Value = $ty;
            const WIRE_TYPE: WireType = WireType::LengthDelimited;
            const TYPE: FieldType = FieldType::Message(|| {
                static SCHEMA: MessageSchema = MessageSchema {
                    name: stringify!($ty),
                    package: "google.protobuf",
                    full_name: concat!("google.protobuf.", stringify!($ty)),
                    defined_in: Some($file),
                    docs: "",
                    members: &[],
                    reserved_ranges: &[],
                    reserved_names: &[],
                    keeps_unknown_fields: false,
                };
                &SCHEMA
            });
            const IS_MESSAGE: bool = true;
            const MAX_VALUE_LEN: Option<usize> = SECONDS_NANOS;

            #[inline]
            fn is_default(value: &$ty) -> bool {
                value.seconds == 0 && value.nanos == 0
            }
            #[inline]
            fn value_len(value: &$ty) -> usize {
                let len = seconds_nanos_len(value.seconds, value.nanos);
                varint_len(len as u64) + len
            }
            #[inline]
            fn encode_value(value: &$ty, buf: &mut impl BufMut) {
                encode_seconds_nanos(value.seconds, value.nanos, buf)
            }
            #[inline]
            fn merge(value: &mut $ty, field: FieldValue<'_>, ctx: DecodeCtx) -> Result<(), DecodeError> {
                merge_seconds_nanos(&mut value.seconds, &mut value.nanos, field, ctx)
            }
            #[inline]
            fn check_depth(_value: &$ty, depth_left: u32) -> Result<(), EncodeError> {
                crate::depth::leaf_message_depth(depth_left)
            }
        }
    )*};
}

#[inline]
fn seconds_nanos_len(seconds: i64, nanos: i32) -> usize {
    let s = if seconds != 0 {
        1 + varint_len(seconds as u64)
    } else {
        0
    };
    let n = if nanos != 0 {
        1 + varint_len(i64::from(nanos) as u64)
    } else {
        0
    };
    s + n
}

#[inline]
fn encode_seconds_nanos(seconds: i64, nanos: i32, buf: &mut impl BufMut) {
    encode_varint(seconds_nanos_len(seconds, nanos) as u64, buf);
    if seconds != 0 {
        buf.put_u8(1 << 3);
        encode_varint(seconds as u64, buf);
    }
    if nanos != 0 {
        buf.put_u8(2 << 3);
        encode_varint(i64::from(nanos) as u64, buf);
    }
}

/// Decodes as prost does: fields 1 and 2 must be varints (the last one wins),
/// other fields are skipped.
#[inline]
fn merge_seconds_nanos(
    seconds: &mut i64,
    nanos: &mut i32,
    field: FieldValue<'_>,
    ctx: DecodeCtx,
) -> Result<(), DecodeError> {
    let FieldValue::Len(bytes) = field else {
        return Err(wire_type_error(WireType::LengthDelimited, &field));
    };
    let ctx = ctx.enter()?;
    let mut r = Reader::new(bytes);
    while !r.is_empty() {
        match r.read_raw_key()? {
            0x08 => *seconds = r.read_varint()? as i64,
            0x10 => *nanos = r.read_varint()? as i32,
            raw => {
                let (tag, wire_type) = key_parts(raw)?;
                let v = r.read_value(tag, wire_type, ctx)?;
                if tag == 1 || tag == 2 {
                    return Err(wire_type_error(WireType::Varint, &v));
                }
            }
        }
    }
    Ok(())
}

seconds_nanos_wkt! {
    Timestamp => "google/protobuf/timestamp.proto",
    Duration => "google/protobuf/duration.proto",
}

// `Struct`, `Value` and `ListValue` nest: their depth is bounded while decoding
// and checked by `Contract::check_depth` (see `crate::depth`).
prost_wkt! {
    Struct => "google/protobuf/struct.proto", max: None, nested Struct;
    Value => "google/protobuf/struct.proto", max: None, nested Value;
    ListValue => "google/protobuf/struct.proto", max: None, nested ListValue;
    Any => "google/protobuf/any.proto", max: None;
    FieldMask => "google/protobuf/field_mask.proto", max: None;
}

macro_rules! wrapper {
    ($($(#[$doc:meta])* $name:ident($ty:ty)),* $(,)?) => {$(
        $(#[$doc])*
        #[leyline_macros::message(package = "google.protobuf", well_known = "google/protobuf/wrappers.proto")]
        pub struct $name {
            /// The wrapped value.
            #[leyline(field = 1)]
            pub value: $ty,
        }

        impl From<$ty> for $name {
            fn from(value: $ty) -> Self {
                $name { value }
            }
        }
    )*};
}

wrapper! {
    /// `google.protobuf.DoubleValue`: a double with presence.
    DoubleValue(f64),
    /// `google.protobuf.FloatValue`: a float with presence.
    FloatValue(f32),
    /// `google.protobuf.Int64Value`: an int64 with presence.
    Int64Value(i64),
    /// `google.protobuf.UInt64Value`: a uint64 with presence.
    UInt64Value(u64),
    /// `google.protobuf.Int32Value`: an int32 with presence.
    Int32Value(i32),
    /// `google.protobuf.UInt32Value`: a uint32 with presence.
    UInt32Value(u32),
    /// `google.protobuf.BoolValue`: a bool with presence.
    BoolValue(bool),
    /// `google.protobuf.StringValue`: a string with presence.
    StringValue(String),
    /// `google.protobuf.BytesValue`: bytes with presence.
    BytesValue(Vec<u8>),
}

/// `google.protobuf.Empty`: a message with no fields.
#[leyline_macros::message(
    package = "google.protobuf",
    well_known = "google/protobuf/empty.proto"
)]
pub struct Empty {}
