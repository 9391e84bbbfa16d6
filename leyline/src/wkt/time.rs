//! `Timestamp` and `Duration`, encoded and decoded natively.

use bytes::BufMut;

use super::{Duration, Timestamp};
use crate::contract::Element;
use crate::schema::{FieldType, MessageSchema};
use crate::wire::{
    encode_varint, key_parts, varint_len, wire_type_error, DecodeCtx, DecodeError, EncodeError,
    FieldValue, ProtoType, Reader, WireType,
};

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
            fn merge(value: &mut $ty, field: FieldValue<'_>, ctx: DecodeCtx<'_>) -> Result<(), DecodeError> {
                merge_seconds_nanos(&mut value.seconds, &mut value.nanos, field, ctx)
            }
            #[inline]
            fn check_depth(_value: &$ty, depth_left: u32) -> Result<(), EncodeError> {
                crate::contract::leaf_message_depth(depth_left)
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
    ctx: DecodeCtx<'_>,
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

impl Element for Timestamp {}
impl Element for Duration {}
