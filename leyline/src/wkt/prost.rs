//! The well-known types prost-types defines and decodes: `Struct`, `Value`,
//! `ListValue`, `Any` and `FieldMask`.

use bytes::BufMut;

use super::nested::{merge_nested_wkt, nested_wkt_depth, Nested, WktRef};
use super::{Any, FieldMask, ListValue, Struct, Value};
use crate::contract::Element;
use crate::schema::{FieldType, MessageSchema};
use crate::wire::{DecodeCtx, DecodeError, EncodeError, FieldValue, ProtoType, WireType};

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
                crate::contract::message_is_default(value)
            }
            #[inline]
            fn value_len(value: &$ty) -> usize {
                crate::contract::message_value_len(value)
            }
            #[inline]
            fn encode_value(value: &$ty, buf: &mut impl BufMut) {
                crate::contract::encode_message_value(value, buf)
            }
            #[inline]
            fn merge(value: &mut $ty, field: FieldValue<'_>, ctx: DecodeCtx<'_>) -> Result<(), DecodeError> {
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
        crate::contract::leaf_message_depth($d)
    }};
    (@depth $v:ident, $d:ident, $kind:ident) => {
        nested_wkt_depth(WktRef::$kind($v), $d)
    };
    (@merge $v:ident, $f:ident, $c:ident) => {
        crate::contract::merge_prost_value($v, $f, $c)
    };
    (@merge $v:ident, $f:ident, $c:ident, $kind:ident) => {
        merge_nested_wkt($v, $f, $c, Nested::$kind)
    };
}

// `Struct`, `Value` and `ListValue` nest: their depth is bounded while decoding
// and checked by `Contract::check_depth` (see `nested`).
prost_wkt! {
    Struct => "google/protobuf/struct.proto", max: None, nested Struct;
    Value => "google/protobuf/struct.proto", max: None, nested Value;
    ListValue => "google/protobuf/struct.proto", max: None, nested ListValue;
    Any => "google/protobuf/any.proto", max: None;
    FieldMask => "google/protobuf/field_mask.proto", max: None;
}

impl Element for Struct {}
impl Element for Value {}
impl Element for ListValue {}
impl Element for Any {}
impl Element for FieldMask {}
