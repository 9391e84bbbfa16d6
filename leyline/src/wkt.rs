//! The google.protobuf well-known types.
//!
//! `Timestamp`, `Duration`, `Struct`, `Value`, `ListValue`, `Any` and
//! `FieldMask` are prost-types' own (so they interoperate with everything built
//! on prost); `Empty` and the wrapper messages (`Int32Value`, `StringValue`, ...)
//! are leyline messages with the well-known names and numbers. Hold any of them
//! as `Option<T>` to get a message field of that type.

use bytes::BufMut;

pub use prost_types::{Any, Duration, FieldMask, ListValue, Struct, Timestamp, Value};

use crate::schema::{FieldType, MessageSchema};
use crate::wire::{DecodeCtx, DecodeError, FieldValue, ProtoType, WireType};

macro_rules! prost_wkt {
    ($($ty:ident => $file:literal, max: $max:expr),* $(,)?) => {$(
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
                crate::__private::merge_prost_value(value, field, ctx)
            }
        }
    )*};
}

// Timestamp and Duration hold an int64 and an int32 (each a varint of at most
// 10 bytes, behind a 1-byte key): 22 bytes, plus a 1-byte length prefix.
const SECONDS_NANOS: Option<usize> = crate::size::len_delimited(Some(22));

prost_wkt! {
    Timestamp => "google/protobuf/timestamp.proto", max: SECONDS_NANOS,
    Duration => "google/protobuf/duration.proto", max: SECONDS_NANOS,
    Struct => "google/protobuf/struct.proto", max: None,
    Value => "google/protobuf/struct.proto", max: None,
    ListValue => "google/protobuf/struct.proto", max: None,
    Any => "google/protobuf/any.proto", max: None,
    FieldMask => "google/protobuf/field_mask.proto", max: None,
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
