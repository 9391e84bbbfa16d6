//! Everything generated code needs, behind one path (`leyline::__private`), so a
//! user depends on `leyline` alone. Not a public API: it changes without notice.
//!
//! This is the one door from generated code into the crate: it re-exports from
//! every layer (`wire`, `contract`, `validate`, `view`, `size`, `schema`) and
//! holds nothing of its own but [`ProtoField`] and the `const` helpers of the
//! compile-time checks.

pub use alloc::boxed::Box;
pub use alloc::string::String;
pub use alloc::vec::Vec;
pub use bytes::{Buf, BufMut};
pub use core;
pub use prost;
pub use serde;

pub use crate::json;

pub use crate::__leyline_register as register;
pub use crate::contract::{
    encode_enum_field, encode_enum_value, encode_into, encode_length_delimited_to_vec,
    encode_message_field_cached, encode_message_value, encode_to_vec, enum_value_len,
    field_encode_error, map_depth, merge_enum_repeated, merge_enum_value, merge_fields,
    merge_message, merge_message_value, merge_other_field, merge_prost_value, message_depth,
    message_is_default, message_value_len, message_value_len_cached, message_value_len_recorded,
    optional_depth, prost_encode, prost_encode_length_delimited, prost_merge, prost_merge_field,
    prost_merge_length_delimited, repeated_depth, singular_depth, unknown_depth, AsPathKey,
    Contract, Element, Enumeration, FieldPath, MessageView, Oneof, SplitField, ValidationErrors,
};
pub use crate::schema::{
    EnumSchema, EnumValueSchema, FieldSchema, FieldType, Label, Member, MessageSchema, OneofSchema,
    ReservedRange, Scalar,
};
pub use crate::size;
pub use crate::validate::{
    bytes_len, bytes_max_len, bytes_min_len, bytes_not_empty, defined_only, finite, max_items,
    max_pairs, min_items, min_pairs, num_const, num_gt, num_gte, num_in, num_lt, num_lte,
    num_not_in, required, str_const, str_in, str_len, str_max_len, str_min_len, str_not_empty,
    str_not_in, str_pattern, str_prefix, str_suffix, str_uuid, unique, Pattern,
};
pub use crate::view::{
    new_view, unknown_fields, view_merge_message, view_merge_optional, MapView, OwnedView,
    ProtoView, Regions, Repeated, UnavailableView,
};
pub use crate::wire::encoding::{Fixed32, Fixed64, Sfixed32, Sfixed64, Sint32, Sint64};
pub use crate::wire::{
    encode_key, encode_map, encode_map_cached, encode_optional, encode_optional_cached,
    encode_repeated, encode_repeated_cached, encode_repeated_unpacked_cached, encode_singular,
    encode_singular_cached, encode_varint, field_error, key_len, key_parts, map_len,
    map_len_cached, merge_map, merge_optional, new_value, optional_len, optional_len_cached,
    repeated_len, repeated_len_cached, repeated_unpacked_len_cached, reserve_map_run, singular_len,
    singular_len_cached, varint_len, wire_type_error, DecodeCtx, DecodeError, DecodeErrorKind,
    EncodeError, FieldValue, LenCache, MapKey, MapType, ProtoType, Reader, Singular, UnknownFields,
    WireType,
};
/// The last step of the exchange between a message and the oneofs it holds,
/// called by every oneof's callback macro.
pub use leyline_macros::__held_oneofs as held_oneofs;

/// Names the [`ProtoType`] that encodes a field's element type. Generated code
/// reaches every field codec through this trait, so a type that is not a
/// `ProtoType` fails one obligation, reported once at the field's type, and
/// every later use sees an error type instead of failing again.
pub trait ProtoField {
    /// The element type itself, known to be a [`ProtoType`].
    type Codec: ProtoType;
}

// `T::Value` is `T` itself (only encoding markers differ, and they are never
// named through this trait); spelt so, the codec of a type that is not a
// `ProtoType` is an error type rather than the type, so the view's uses
// (`ProtoView` on it) fail no further obligation.
impl<T> ProtoField for T
where
    T: ProtoType,
    T::Value: ProtoType,
{
    type Codec = T::Value;
}

/// Whether `numbers` contains `n` (usable in constants).
pub const fn contains(numbers: &[u32], n: u32) -> bool {
    let mut i = 0;
    while i < numbers.len() {
        if numbers[i] == n {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether any of `numbers` lies in `start..=end` (usable in constants).
pub const fn any_in_range(numbers: &[u32], start: u32, end: u32) -> bool {
    let mut i = 0;
    while i < numbers.len() {
        if numbers[i] >= start && numbers[i] <= end {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether a field list has a field with this proto name (usable in constants).
pub const fn contains_name(fields: &[FieldSchema], name: &str) -> bool {
    let mut i = 0;
    while i < fields.len() {
        if str_eq(fields[i].name, name) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether two strings are equal (usable in constants: the assertion that a
/// `parent = P` names a top-level message of the same package).
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether two number lists share a number (usable in constants).
pub const fn intersects(a: &[u32], b: &[u32]) -> bool {
    let mut i = 0;
    while i < a.len() {
        if contains(b, a[i]) {
            return true;
        }
        i += 1;
    }
    false
}
