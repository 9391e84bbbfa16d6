//! The google.protobuf well-known types.
//!
//! `Timestamp`, `Duration`, `Struct`, `Value`, `ListValue`, `Any` and
//! `FieldMask` are prost-types' own (so they interoperate with everything built
//! on prost); `Empty` and the wrapper messages (`Int32Value`, `StringValue`, ...)
//! are leyline messages with the well-known names and numbers.

use bytes::BufMut;

pub use prost_types::{Any, Duration, FieldMask, ListValue, Struct, Timestamp, Value};

use crate::schema::{FieldType, MessageSchema};
use crate::wire::{DecodeCtx, DecodeError, FieldValue, ProtoType, WireType};

macro_rules! prost_wkt {
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

prost_wkt! {
    Timestamp => "google/protobuf/timestamp.proto",
    Duration => "google/protobuf/duration.proto",
    Struct => "google/protobuf/struct.proto",
    Value => "google/protobuf/struct.proto",
    ListValue => "google/protobuf/struct.proto",
    Any => "google/protobuf/any.proto",
    FieldMask => "google/protobuf/field_mask.proto",
}
