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
use crate::wire::{DecodeCtx, DecodeError, EncodeError, FieldValue, ProtoType, WireType};

macro_rules! prost_wkt {
    ($($ty:ident => $file:literal $(, nested $kind:ident)?);* $(;)?) => {$(
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

// `Struct`, `Value` and `ListValue` nest: their depth is bounded while decoding
// and checked by `Contract::check_depth` (see `crate::depth`).
prost_wkt! {
    Timestamp => "google/protobuf/timestamp.proto";
    Duration => "google/protobuf/duration.proto";
    Struct => "google/protobuf/struct.proto", nested Struct;
    Value => "google/protobuf/struct.proto", nested Value;
    ListValue => "google/protobuf/struct.proto", nested ListValue;
    Any => "google/protobuf/any.proto";
    FieldMask => "google/protobuf/field_mask.proto";
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
