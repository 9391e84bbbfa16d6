//! [`JsonType`]: how one value of a field type is written as proto3 JSON and
//! read from it, [`JsonKey`] for map keys, [`JsonMap`] for the map types; and
//! their implementations for the scalars, strings, bytes, the integer
//! encodings and `Box<T>`.
//!
//! | protobuf | JSON |
//! |---|---|
//! | `int32`, `uint32`, `sint32`, `fixed32`, `sfixed32` | number (reads a string too) |
//! | `int64`, `uint64`, `sint64`, `fixed64`, `sfixed64` | string (reads a number too) |
//! | `float`, `double` | number, or `"NaN"`, `"Infinity"`, `"-Infinity"` |
//! | `bool` | `true`, `false` |
//! | `string` | string |
//! | `bytes` | base64 string (reads URL-safe and unpadded base64 too) |

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;
use std::collections::HashMap;

use serde::Serializer;

use super::error::{JsonError, JsonErrorKind};
use super::read::{IntType, JsonReader};
use super::stream::KeyRepr;
use super::write::JsonWriter;
use crate::view::ProtoView;
use crate::wire::encoding::{Fixed32, Fixed64, Sfixed32, Sfixed64, Sint32, Sint64};
use crate::wire::{DecodeCtx, FieldValue};

/// How a field type is written as proto3 JSON and read from it: implemented
/// by every field type leyline knows (scalars, strings, bytes, enumerations,
/// messages, the well-known types). Generated code reaches it for every field;
/// a hand-written `ProtoType` needs it too.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no proto3 JSON form (`leyline::json::JsonType`)",
    label = "no `JsonType` implementation",
    note = "every field type of a contract needs one; leyline's own types, enumerations and messages have it"
)]
pub trait JsonType: ProtoView {
    /// Whether JSON `null` is a value of this type (`google.protobuf.Value`,
    /// `google.protobuf.NullValue`) rather than the absence of one.
    const NULL_IS_VALUE: bool = false;

    /// Writes one value.
    fn write_json(value: &Self::Value, w: &mut JsonWriter<'_>) -> Result<(), JsonError>;

    /// Reads one value into `value` (never a `null` unless
    /// [`JsonType::NULL_IS_VALUE`]). Returns `false` when the value was
    /// skipped rather than read: an enum name the enumeration does not
    /// declare, under `ignore_unknown_fields`.
    fn read_json(r: &mut JsonReader<'_>, value: &mut Self::Value) -> Result<bool, JsonError>;

    /// Whether a borrowed view holds the default value.
    fn view_is_default(view: &Self::View<'_>) -> bool;

    /// Writes one value from its borrowed view.
    fn write_view_json(view: &Self::View<'_>, w: &mut JsonWriter<'_>) -> Result<(), JsonError>;

    /// Serializes one value through serde, as [`JsonType::write_json`]
    /// writes it with the default options.
    fn serialize_json<S: Serializer>(value: &Self::Value, s: S) -> Result<S::Ok, S::Error>;

    /// Writes one value straight from its wire record, checking it as the
    /// owned decode does (messages override this to transcode their bytes in
    /// one pass; see `leyline::json` on views).
    #[inline]
    fn transcode_json(
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
        w: &mut JsonWriter<'_>,
    ) -> Result<(), JsonError> {
        let mut view = Self::View::default();
        Self::view_merge(&mut view, field, ctx)?;
        Self::write_view_json(&view, w)
    }
}

/// A map key type: written as a JSON string (`"7"`, `"true"`, `"name"`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a map key in proto3 JSON",
    label = "not a map key type"
)]
pub trait JsonKey: JsonType {
    /// Writes the key as a JSON string.
    fn write_key(value: &Self::Value, w: &mut JsonWriter<'_>);
    /// Writes a key's view as a JSON string.
    fn write_view_key(view: &Self::View<'_>, w: &mut JsonWriter<'_>);
    /// The key that the text of a JSON key denotes.
    fn parse_key(text: &str) -> Option<Self::Value>;
    /// The key as its JSON text (for error paths).
    fn key_text(value: &Self::Value) -> String;
    /// Serializes the key as serde map keys are: a string.
    fn serialize_key<S: Serializer>(value: &Self::Value, s: S) -> Result<S::Ok, S::Error>;
    /// Orders two keys' views (to find keys that arrived twice).
    fn cmp_views(a: &Self::View<'_>, b: &Self::View<'_>) -> Ordering;
    /// A key's view, as far as telling keys apart goes.
    fn key_repr<'a>(view: &Self::View<'a>) -> KeyRepr<'a>;
}

/// A map type a contract can hold: `HashMap` and `BTreeMap`.
pub trait JsonMap<K, V>: Default {
    /// Inserts a pair; when the key is already there, changes nothing and
    /// returns what `describe` says of the key.
    fn insert_new(
        &mut self,
        key: K,
        value: V,
        describe: impl FnOnce(&K) -> String,
    ) -> Result<(), String>;
}

impl<K: Eq + core::hash::Hash, V, S: core::hash::BuildHasher + Default> JsonMap<K, V>
    for HashMap<K, V, S>
{
    #[inline]
    fn insert_new(
        &mut self,
        key: K,
        value: V,
        describe: impl FnOnce(&K) -> String,
    ) -> Result<(), String> {
        match self.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => Err(describe(e.key())),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(value);
                Ok(())
            }
        }
    }
}

impl<K: Ord, V> JsonMap<K, V> for BTreeMap<K, V> {
    #[inline]
    fn insert_new(
        &mut self,
        key: K,
        value: V,
        describe: impl FnOnce(&K) -> String,
    ) -> Result<(), String> {
        match self.entry(key) {
            alloc::collections::btree_map::Entry::Occupied(e) => Err(describe(e.key())),
            alloc::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(value);
                Ok(())
            }
        }
    }
}

const INT32: IntType = IntType {
    name: "int32",
    min: i32::MIN as i128,
    max: i32::MAX as i128,
};
const UINT32: IntType = IntType {
    name: "uint32",
    min: 0,
    max: u32::MAX as i128,
};
const INT64: IntType = IntType {
    name: "int64",
    min: i64::MIN as i128,
    max: i64::MAX as i128,
};
const UINT64: IntType = IntType {
    name: "uint64",
    min: 0,
    max: u64::MAX as i128,
};

/// A JSON key that holds a plain integer (`-?(0|[1-9][0-9]*)`).
fn integer_key(text: &str) -> Option<i128> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.len() == 1 || !digits.starts_with('0'))
        && digits.len() <= 20;
    if !plain {
        return None;
    }
    let magnitude = digits
        .bytes()
        .fold(0i128, |acc, d| acc * 10 + i128::from(d - b'0'));
    Some(if text.starts_with('-') {
        -magnitude
    } else {
        magnitude
    })
}

macro_rules! integers {
    ($($codec:ty => $value:ty, $ty:expr, $write:ident, $key:ident, $wide:ty, $ser:tt;)*) => {$(
        impl JsonType for $codec {
            #[inline]
            fn write_json(value: &$value, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
                w.$write(<$wide>::from(*value));
                Ok(())
            }
            #[inline]
            fn read_json(r: &mut JsonReader<'_>, value: &mut $value) -> Result<bool, JsonError> {
                let v = r.read_integer($ty)?;
                *value = <$value>::try_from(v).unwrap_or_default();
                Ok(true)
            }
            #[inline]
            fn view_is_default(view: &$value) -> bool {
                *view == 0
            }
            #[inline]
            fn write_view_json(view: &$value, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
                w.$write(<$wide>::from(*view));
                Ok(())
            }
            fn serialize_json<S: Serializer>(value: &$value, s: S) -> Result<S::Ok, S::Error> {
                integers!(@serialize $ser, s, *value)
            }
        }

        impl JsonKey for $codec {
            #[inline]
            fn write_key(value: &$value, w: &mut JsonWriter<'_>) {
                w.$key(<$wide>::from(*value));
            }
            #[inline]
            fn write_view_key(view: &$value, w: &mut JsonWriter<'_>) {
                w.$key(<$wide>::from(*view));
            }
            fn parse_key(text: &str) -> Option<$value> {
                <$value>::try_from(integer_key(text)?).ok()
            }
            fn key_text(value: &$value) -> String {
                alloc::format!("{value}")
            }
            fn serialize_key<S: Serializer>(value: &$value, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(itoa::Buffer::new().format(*value))
            }
            fn cmp_views(a: &$value, b: &$value) -> Ordering {
                a.cmp(b)
            }
            fn key_repr<'a>(view: &<$codec as ProtoView>::View<'a>) -> KeyRepr<'a> {
                KeyRepr::Int(i128::from(*view))
            }
        }
    )*};
    (@serialize string, $s:ident, $v:expr) => { $s.serialize_str(itoa::Buffer::new().format($v)) };
    (@serialize $method:ident, $s:ident, $v:expr) => { $s.$method($v) };
}

integers! {
    i32 => i32, INT32, number_i64, quoted_i64, i64, serialize_i32;
    Sint32 => i32, INT32, number_i64, quoted_i64, i64, serialize_i32;
    Sfixed32 => i32, INT32, number_i64, quoted_i64, i64, serialize_i32;
    u32 => u32, UINT32, number_u64, quoted_u64, u64, serialize_u32;
    Fixed32 => u32, UINT32, number_u64, quoted_u64, u64, serialize_u32;
    i64 => i64, INT64, quoted_i64, quoted_i64, i64, string;
    Sint64 => i64, INT64, quoted_i64, quoted_i64, i64, string;
    Sfixed64 => i64, INT64, quoted_i64, quoted_i64, i64, string;
    u64 => u64, UINT64, quoted_u64, quoted_u64, u64, string;
    Fixed64 => u64, UINT64, quoted_u64, quoted_u64, u64, string;
}

impl JsonType for f32 {
    #[inline]
    fn write_json(value: &f32, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.f32(*value);
        Ok(())
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>, value: &mut f32) -> Result<bool, JsonError> {
        *value = r.read_f32()?;
        Ok(true)
    }
    #[inline]
    fn view_is_default(view: &f32) -> bool {
        // As the binary encoding decides: -0.0 is not written either.
        *view == 0.0
    }
    #[inline]
    fn write_view_json(view: &f32, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.f32(*view);
        Ok(())
    }
    fn serialize_json<S: Serializer>(value: &f32, s: S) -> Result<S::Ok, S::Error> {
        match non_finite_name(f64::from(*value)) {
            Some(name) => s.serialize_str(name),
            None => s.serialize_f32(*value),
        }
    }
}

impl JsonType for f64 {
    #[inline]
    fn write_json(value: &f64, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.f64(*value);
        Ok(())
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>, value: &mut f64) -> Result<bool, JsonError> {
        *value = r.read_f64("double")?;
        Ok(true)
    }
    #[inline]
    fn view_is_default(view: &f64) -> bool {
        *view == 0.0
    }
    #[inline]
    fn write_view_json(view: &f64, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.f64(*view);
        Ok(())
    }
    fn serialize_json<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
        match non_finite_name(*value) {
            Some(name) => s.serialize_str(name),
            None => s.serialize_f64(*value),
        }
    }
}

/// `"NaN"`, `"Infinity"` or `"-Infinity"` for a value that is not finite.
pub(crate) fn non_finite_name(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("Infinity")
    } else if v == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

impl JsonType for bool {
    #[inline]
    fn write_json(value: &bool, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.bool(*value);
        Ok(())
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>, value: &mut bool) -> Result<bool, JsonError> {
        *value = r.read_bool()?;
        Ok(true)
    }
    #[inline]
    fn view_is_default(view: &bool) -> bool {
        !*view
    }
    #[inline]
    fn write_view_json(view: &bool, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.bool(*view);
        Ok(())
    }
    fn serialize_json<S: Serializer>(value: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(*value)
    }
}

impl JsonKey for bool {
    #[inline]
    fn write_key(value: &bool, w: &mut JsonWriter<'_>) {
        w.raw(if *value { "\"true\"" } else { "\"false\"" });
    }
    #[inline]
    fn write_view_key(view: &bool, w: &mut JsonWriter<'_>) {
        <bool as JsonKey>::write_key(view, w)
    }
    fn parse_key(text: &str) -> Option<bool> {
        match text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
    fn key_text(value: &bool) -> String {
        String::from(if *value { "true" } else { "false" })
    }
    fn serialize_key<S: Serializer>(value: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if *value { "true" } else { "false" })
    }
    fn cmp_views(a: &bool, b: &bool) -> Ordering {
        a.cmp(b)
    }
    fn key_repr<'a>(view: &<bool as ProtoView>::View<'a>) -> KeyRepr<'a> {
        KeyRepr::Bool(*view)
    }
}

impl JsonType for String {
    #[inline]
    fn write_json(value: &String, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.string(value);
        Ok(())
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>, value: &mut String) -> Result<bool, JsonError> {
        r.read_string_into(value)?;
        Ok(true)
    }
    #[inline]
    fn view_is_default(view: &&str) -> bool {
        view.is_empty()
    }
    #[inline]
    fn write_view_json(view: &&str, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.string(view);
        Ok(())
    }
    fn serialize_json<S: Serializer>(value: &String, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value)
    }
}

impl JsonKey for String {
    #[inline]
    fn write_key(value: &String, w: &mut JsonWriter<'_>) {
        w.string(value);
    }
    #[inline]
    fn write_view_key(view: &&str, w: &mut JsonWriter<'_>) {
        w.string(view);
    }
    fn parse_key(text: &str) -> Option<String> {
        Some(String::from(text))
    }
    fn key_text(value: &String) -> String {
        value.clone()
    }
    fn serialize_key<S: Serializer>(value: &String, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value)
    }
    fn cmp_views(a: &&str, b: &&str) -> Ordering {
        a.cmp(b)
    }
    fn key_repr<'a>(view: &<String as ProtoView>::View<'a>) -> KeyRepr<'a> {
        KeyRepr::Str(view)
    }
}

/// Reads a base64 string into `out` (replacing its contents).
fn read_base64(r: &mut JsonReader<'_>, out: &mut Vec<u8>) -> Result<(), JsonError> {
    let start = r.position();
    let text = r.read_text()?;
    out.clear();
    let result = super::base64::decode(r.text(&text).as_bytes(), out);
    result.map_err(|e| {
        let message = match e {
            super::base64::Base64Error::InvalidByte(i) => alloc::format!(
                "invalid base64: byte {} of the string is not a base64 digit",
                i + 1
            ),
            super::base64::Base64Error::InvalidLength => {
                String::from("invalid base64: the length fits no encoding")
            }
        };
        r.error_at(start, JsonErrorKind::InvalidValue, message)
    })
}

/// `bytes` as a base64 string, for serde.
fn base64_string(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(super::base64::encoded_len(bytes.len()));
    super::base64::encode(bytes, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

impl JsonType for Vec<u8> {
    #[inline]
    fn write_json(value: &Vec<u8>, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.base64(value);
        Ok(())
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>, value: &mut Vec<u8>) -> Result<bool, JsonError> {
        read_base64(r, value)?;
        Ok(true)
    }
    #[inline]
    fn view_is_default(view: &&[u8]) -> bool {
        view.is_empty()
    }
    #[inline]
    fn write_view_json(view: &&[u8], w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.base64(view);
        Ok(())
    }
    fn serialize_json<S: Serializer>(value: &Vec<u8>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64_string(value))
    }
}

impl JsonType for bytes::Bytes {
    #[inline]
    fn write_json(value: &bytes::Bytes, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.base64(value);
        Ok(())
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>, value: &mut bytes::Bytes) -> Result<bool, JsonError> {
        let mut out = Vec::new();
        read_base64(r, &mut out)?;
        *value = bytes::Bytes::from(out);
        Ok(true)
    }
    #[inline]
    fn view_is_default(view: &&[u8]) -> bool {
        view.is_empty()
    }
    #[inline]
    fn write_view_json(view: &&[u8], w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.base64(view);
        Ok(())
    }
    fn serialize_json<S: Serializer>(value: &bytes::Bytes, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64_string(value))
    }
}

impl<T: JsonType<Value = T> + Default> JsonType for Box<T>
where
    T: ProtoView,
{
    const NULL_IS_VALUE: bool = T::NULL_IS_VALUE;

    #[inline]
    fn write_json(value: &Box<T>, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        T::write_json(value, w)
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>, value: &mut Box<T>) -> Result<bool, JsonError> {
        T::read_json(r, value)
    }
    #[inline]
    fn view_is_default(view: &Self::View<'_>) -> bool {
        T::view_is_default(view)
    }
    #[inline]
    fn write_view_json(view: &Self::View<'_>, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        T::write_view_json(view, w)
    }
    fn serialize_json<S: Serializer>(value: &Box<T>, s: S) -> Result<S::Ok, S::Error> {
        T::serialize_json(value, s)
    }
    #[inline]
    fn transcode_json(
        field: FieldValue<'_>,
        ctx: DecodeCtx<'_>,
        w: &mut JsonWriter<'_>,
    ) -> Result<(), JsonError> {
        T::transcode_json(field, ctx, w)
    }
}
