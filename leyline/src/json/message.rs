//! The traits generated code implements for proto3 JSON ([`JsonMessage`],
//! [`JsonFields`], [`JsonOneof`], [`JsonView`]) and the helpers it calls: one
//! per field shape (singular, optional, repeated, map), for owned values and
//! for borrowed views, and for messages and enumerations as field values.

use alloc::string::String;
use alloc::vec::Vec;

use serde::ser::SerializeMap;

use super::error::{JsonError, JsonErrorKind};
use super::read::{IntType, JsonReader, Text};
use super::registry::AnyEntry;
use super::stream::Stream;
use super::types::{JsonKey, JsonMap, JsonType};
use super::write::{FieldKey, JsonWriter};
use crate::contract::{Contract, Enumeration, MessageView, Oneof};
use crate::view::{MapView, Repeated};
use crate::wire::{DecodeCtx, FieldValue};

/// A message that can be the top-level value of a JSON document: every
/// `#[leyline::message]` and every well-known type. Use it through
/// [`to_string`](super::to_string), [`from_str`](super::from_str) and their
/// kin.
pub trait JsonMessage: JsonType<Value = Self> + prost::Message + Default + 'static {
    /// The full proto name (`esper.leyline.v1.SeedState`), under which a
    /// `google.protobuf.Any` names it.
    const TYPE_NAME: &'static str;

    /// How a `google.protobuf.Any` holding this type is written and read.
    #[doc(hidden)]
    const ANY: AnyEntry;
}

/// The fields of a `#[leyline::message]` as proto3 JSON: generated.
/// Not a public API.
#[doc(hidden)]
pub trait JsonFields: Contract + JsonMessage {
    /// Writes the fields (no braces).
    fn __json_write_fields(&self, w: &mut JsonWriter<'_>) -> Result<(), JsonError>;
    /// Writes the fields of a borrowed view (no braces).
    fn __json_write_view_fields(
        view: &<Self as Contract>::View<'_>,
        w: &mut JsonWriter<'_>,
    ) -> Result<(), JsonError>;
    /// Reads a whole object into the message.
    fn __json_read(&mut self, r: &mut JsonReader<'_>) -> Result<(), JsonError>;
    /// Writes the message encoded in `bytes` as an object, in one pass.
    fn __json_transcode(
        bytes: &[u8],
        w: &mut JsonWriter<'_>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), JsonError>;
    /// Serializes the fields as map entries.
    fn __serialize_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// A `#[leyline::oneof]` as proto3 JSON: generated. Not a public API.
#[doc(hidden)]
pub trait JsonOneof: Oneof {
    /// The number of variants.
    const COUNT: usize;
    /// The variant a JSON key names (by JSON or proto name): its index and
    /// its JSON name.
    fn __json_variant(key: &str) -> Option<(usize, &'static str)>;
    /// The JSON name of the variant that is set.
    fn __json_name(&self) -> &'static str;
    /// Reads the value of variant `index` into `slot`.
    fn __json_read_variant(
        slot: &mut Option<Self>,
        index: usize,
        r: &mut JsonReader<'_>,
    ) -> Result<(), JsonError>;
    /// Writes the set variant's key and value.
    fn __json_write(&self, w: &mut JsonWriter<'_>) -> Result<(), JsonError>;
    /// Writes a view's variant, key and value.
    fn __json_write_view(view: &Self::View<'_>, w: &mut JsonWriter<'_>) -> Result<(), JsonError>;
    /// Serializes the set variant as a map entry.
    fn __serialize_entry<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
    /// Transcodes one record of variant `tag` (`index` is the oneof's).
    fn __json_stream_variant<'a>(
        s: &mut Stream<'_, 'a>,
        w: &mut JsonWriter<'_>,
        index: usize,
        tag: u32,
        field: FieldValue<'a>,
        ctx: DecodeCtx<'_>,
    ) -> Result<bool, JsonError>;
}

/// A borrowed view that writes itself as proto3 JSON: implemented for the
/// `XView<'a>` of every message `X`. The bytes go straight to JSON, with no
/// owned message in between.
///
/// ```
/// use leyline::json::JsonView as _;
/// use leyline::prost::Message as _;
///
/// #[leyline::message(package = "demo.v1")]
/// pub struct Reading {
///     #[leyline(field = 1)]
///     pub sensor_id: String,
///     #[leyline(field = 2)]
///     pub celsius: f32,
/// }
///
/// let bytes = Reading { sensor_id: "t-1".into(), celsius: 21.5 }.encode_to_vec();
/// let view = ReadingView::decode(&bytes)?;
/// assert_eq!(view.to_json()?, r#"{"sensorId":"t-1","celsius":21.5}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait JsonView<'a>: MessageView<'a> {
    /// Writes the view as a JSON object.
    #[doc(hidden)]
    fn __json_write(&self, w: &mut JsonWriter<'_>) -> Result<(), JsonError>;

    /// The view as JSON, with the default options.
    fn to_json(&self) -> Result<String, JsonError> {
        self.to_json_with(&super::JsonOptions::default())
    }

    /// The view as JSON, with `options`.
    fn to_json_with(&self, options: &super::JsonOptions) -> Result<String, JsonError> {
        let mut out = Vec::with_capacity(256);
        let mut w = JsonWriter::new(&mut out, options);
        self.__json_write(&mut w)?;
        Ok(super::into_string(out))
    }
}

/// The view of a contract declared `view = false` is its owned decode, and
/// writes JSON as the message does.
impl<'a, T: JsonFields> JsonView<'a> for crate::view::OwnedView<T> {
    fn __json_write(&self, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        write_message(self.get(), w)
    }
}

// ---------------------------------------------------------------------------
// Messages and enumerations as field values

/// Writes a message as an object, one level deeper.
#[inline]
pub fn write_message<M: JsonFields>(value: &M, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
    w.enter()?;
    w.begin_object();
    value.__json_write_fields(w)?;
    w.end_object();
    w.leave();
    Ok(())
}

/// Writes a message's view as an object, one level deeper.
#[inline]
pub fn write_message_view<M: JsonFields>(
    view: &<M as Contract>::View<'_>,
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError> {
    w.enter()?;
    w.begin_object();
    M::__json_write_view_fields(view, w)?;
    w.end_object();
    w.leave();
    Ok(())
}

/// Reads an object into a message, one level deeper.
#[inline]
pub fn read_message<M: JsonFields>(
    r: &mut JsonReader<'_>,
    value: &mut M,
) -> Result<bool, JsonError> {
    r.enter()?;
    value.__json_read(r)?;
    r.leave();
    Ok(true)
}

/// Writes an enumeration value: its name (`null` for
/// `google.protobuf.NullValue`), or its number when it has no name or the
/// options ask for numbers.
#[inline]
pub fn write_enum<E: Enumeration>(
    value: &E,
    null_value: bool,
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError> {
    if null_value {
        w.null();
        return Ok(());
    }
    match value.as_str_name() {
        Some(name) if !w.options().enums_as_numbers => {
            w.raw("\"");
            w.raw(name);
            w.raw("\"");
        }
        _ => w.number_i64(i64::from(value.value())),
    }
    Ok(())
}

/// Serializes an enumeration value as [`write_enum`] writes it by default.
pub fn serialize_enum<E: Enumeration, S: serde::Serializer>(
    value: &E,
    null_value: bool,
    s: S,
) -> Result<S::Ok, S::Error> {
    if null_value {
        return s.serialize_unit();
    }
    match value.as_str_name() {
        Some(name) => s.serialize_str(name),
        None => s.serialize_i32(value.value()),
    }
}

const ENUM_NUMBER: IntType = IntType {
    name: "an enum number (int32)",
    min: i32::MIN as i128,
    max: i32::MAX as i128,
};

/// The error for a name that is not a value of the enum: out of line and not
/// generic, so that each enumeration's `read_enum` is only its fast path.
#[cold]
#[inline(never)]
fn unknown_enum_name(
    r: &JsonReader<'_>,
    start: usize,
    text: &Text,
    schema: &'static crate::schema::EnumSchema,
) -> JsonError {
    let mut shown = String::new();
    super::error::push_quoted(&mut shown, r.text(text));
    let names: Vec<&str> = schema.values.iter().map(|v| v.name).collect();
    r.error_at(
        start,
        JsonErrorKind::InvalidValue,
        alloc::format!(
            "{shown} is not a value of enum {} (its values are {})",
            schema.full_name,
            names.join(", ")
        ),
    )
}

/// Reads an enumeration value: a declared name, or any int32 number
/// (`null` too, for `google.protobuf.NullValue`). An unknown name is an
/// error, or skipped (`false`) under `ignore_unknown_fields`.
pub fn read_enum<E: Enumeration>(
    r: &mut JsonReader<'_>,
    value: &mut E,
    null_value: bool,
) -> Result<bool, JsonError> {
    match r.peek() {
        Some(b'"') => {
            let start = r.position();
            let text = r.read_text()?;
            if let Some(v) = E::from_str_name(r.text(&text)) {
                *value = v;
                return Ok(true);
            }
            if r.options().ignore_unknown_fields {
                return Ok(false);
            }
            Err(unknown_enum_name(r, start, &text, E::schema()))
        }
        Some(b'-' | b'0'..=b'9') => {
            let n = r.read_integer(ENUM_NUMBER)?;
            *value = E::from_value(i32::try_from(n).unwrap_or_default());
            Ok(true)
        }
        Some(b'n') if null_value && r.take_null() => {
            *value = E::default();
            Ok(true)
        }
        _ => Err(r.unexpected("an enum value (a name in double quotes, or a number)")),
    }
}

// ---------------------------------------------------------------------------
// Writing fields

/// The field's name as the writer uses it, for error paths.
#[cold]
fn name_of(key: &FieldKey, w: &JsonWriter<'_>) -> &'static str {
    if w.options().proto_field_names {
        key.proto_name()
    } else {
        key.json_name()
    }
}

/// Writes a field without presence, unless it holds its default.
#[inline]
pub fn write_singular<C: JsonType>(
    key: &FieldKey,
    value: &C::Value,
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError> {
    if w.emit_defaults() || !C::is_default(value) {
        w.field_key(key);
        C::write_json(value, w).map_err(|e| e.in_field(name_of(key, w)))?;
    }
    Ok(())
}

/// Writes a field with presence, when set.
#[inline]
pub fn write_optional<C: JsonType>(
    key: &FieldKey,
    value: &Option<C::Value>,
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError> {
    if let Some(value) = value {
        w.field_key(key);
        C::write_json(value, w).map_err(|e| e.in_field(name_of(key, w)))?;
    }
    Ok(())
}

/// Writes a repeated field as an array, unless it is empty.
#[inline]
pub fn write_repeated<C: JsonType>(
    key: &FieldKey,
    values: &[C::Value],
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError> {
    if values.is_empty() && !w.emit_defaults() {
        return Ok(());
    }
    w.field_key(key);
    w.begin_array();
    for (i, value) in values.iter().enumerate() {
        w.element();
        C::write_json(value, w).map_err(|e| e.at_index(i).in_field(name_of(key, w)))?;
    }
    w.end_array();
    Ok(())
}

/// Writes a map field as an object, unless it is empty.
#[inline]
pub fn write_map<'m, K, V, I>(
    key: &FieldKey,
    len: usize,
    entries: I,
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError>
where
    K: JsonKey,
    V: JsonType,
    K::Value: 'm,
    V::Value: 'm,
    I: IntoIterator<Item = (&'m K::Value, &'m V::Value)>,
{
    if len == 0 && !w.emit_defaults() {
        return Ok(());
    }
    w.field_key(key);
    w.begin_object();
    for (k, v) in entries {
        w.map_key_start();
        K::write_key(k, w);
        w.map_key_end();
        V::write_json(v, w).map_err(|e| e.at_key(K::key_text(k)).in_field(name_of(key, w)))?;
    }
    w.end_object();
    Ok(())
}

/// Writes a oneof's variant, when one is set.
#[inline]
pub fn write_oneof<O: JsonOneof>(
    value: &Option<O>,
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError> {
    match value {
        Some(o) => o.__json_write(w),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------
// Writing views

/// Writes a view's field without presence, unless it holds its default.
#[inline]
pub fn write_view_singular<C: JsonType>(
    key: &FieldKey,
    view: &C::View<'_>,
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError> {
    if w.emit_defaults() || !C::view_is_default(view) {
        w.field_key(key);
        C::write_view_json(view, w).map_err(|e| e.in_field(name_of(key, w)))?;
    }
    Ok(())
}

/// Writes a view's field with presence, when set.
#[inline]
pub fn write_view_optional<C: JsonType>(
    key: &FieldKey,
    view: &Option<C::View<'_>>,
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError> {
    if let Some(view) = view {
        w.field_key(key);
        C::write_view_json(view, w).map_err(|e| e.in_field(name_of(key, w)))?;
    }
    Ok(())
}

/// Writes a view's repeated field as an array, unless it is empty.
#[inline]
pub fn write_view_repeated<C: JsonType>(
    key: &FieldKey,
    values: &Repeated<'_, C>,
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError> {
    if values.is_empty() && !w.emit_defaults() {
        return Ok(());
    }
    w.field_key(key);
    w.begin_array();
    for (i, view) in values.iter().enumerate() {
        w.element();
        C::write_view_json(&view, w).map_err(|e| e.at_index(i).in_field(name_of(key, w)))?;
    }
    w.end_array();
    Ok(())
}

/// Maps up to this many entries are checked for repeated keys in place;
/// larger ones are sorted.
const SMALL_MAP: usize = 16;

/// Writes a view's map field as an object, unless it is empty. A key that
/// arrived more than once is written once, with its last value (as the owned
/// decode keeps it).
pub fn write_view_map<K: JsonKey, V: JsonType>(
    key: &FieldKey,
    map: &MapView<'_, K, V>,
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError> {
    if map.is_empty() && !w.emit_defaults() {
        return Ok(());
    }
    w.field_key(key);
    w.begin_object();
    let write = |w: &mut JsonWriter<'_>, k: &K::View<'_>, v: &V::View<'_>| {
        w.map_key_start();
        K::write_view_key(k, w);
        w.map_key_end();
        V::write_view_json(v, w)
    };
    if map.len() <= SMALL_MAP {
        let mut entries: [Option<(K::View<'_>, V::View<'_>)>; SMALL_MAP] =
            core::array::from_fn(|_| None);
        for (slot, entry) in entries.iter_mut().zip(map.iter()) {
            *slot = Some(entry);
        }
        let entries = &entries[..map.len().min(SMALL_MAP)];
        for (i, entry) in entries.iter().enumerate() {
            let Some((k, v)) = entry else { continue };
            let later = entries[i + 1..]
                .iter()
                .flatten()
                .any(|(other, _)| K::cmp_views(k, other).is_eq());
            if !later {
                write(w, k, v).map_err(|e| e.in_field(name_of(key, w)))?;
            }
        }
    } else {
        let mut entries: Vec<(usize, K::View<'_>, V::View<'_>)> = map
            .iter()
            .enumerate()
            .map(|(i, (k, v))| (i, k, v))
            .collect();
        entries.sort_by(|a, b| K::cmp_views(&a.1, &b.1).then(a.0.cmp(&b.0)));
        for (i, (_, k, v)) in entries.iter().enumerate() {
            let later = entries
                .get(i + 1)
                .is_some_and(|(_, next, _)| K::cmp_views(k, next).is_eq());
            if !later {
                write(w, k, v).map_err(|e| e.in_field(name_of(key, w)))?;
            }
        }
    }
    w.end_object();
    Ok(())
}

/// Writes a view's oneof variant, when one is set.
#[inline]
pub fn write_view_oneof<O: JsonOneof>(
    view: &Option<O::View<'_>>,
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError> {
    match view {
        Some(v) => O::__json_write_view(v, w),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------
// Reading fields

/// Reads a field without presence (`null` leaves its default).
#[inline]
pub fn read_singular<C: JsonType>(
    r: &mut JsonReader<'_>,
    value: &mut C::Value,
) -> Result<(), JsonError> {
    if !C::NULL_IS_VALUE && r.take_null() {
        return Ok(());
    }
    C::read_json(r, value).map(|_| ())
}

/// Reads a field with presence (`null` leaves it unset).
#[inline]
pub fn read_optional<C: JsonType>(
    r: &mut JsonReader<'_>,
    value: &mut Option<C::Value>,
) -> Result<(), JsonError> {
    if !C::NULL_IS_VALUE && r.take_null() {
        return Ok(());
    }
    let mut v = C::Value::default();
    if C::read_json(r, &mut v)? {
        *value = Some(v);
    }
    Ok(())
}

#[cold]
fn null_element(r: &mut JsonReader<'_>, what: &str) -> JsonError {
    r.error(
        JsonErrorKind::UnexpectedType,
        alloc::format!("null is not allowed as {what}"),
    )
}

/// Reads a repeated field from an array (`null` leaves it empty).
#[inline]
pub fn read_repeated<C: JsonType>(
    r: &mut JsonReader<'_>,
    values: &mut Vec<C::Value>,
) -> Result<(), JsonError> {
    if r.take_null() {
        return Ok(());
    }
    let mut members = r.begin_array()?;
    let mut i = 0;
    while r.next_element(&mut members)? {
        if !C::NULL_IS_VALUE && r.peek_null() {
            return Err(null_element(r, "an element of a repeated field").at_index(i));
        }
        let mut v = C::Value::default();
        if C::read_json(r, &mut v).map_err(|e| e.at_index(i))? {
            values.push(v);
        }
        i += 1;
    }
    Ok(())
}

/// Reads a map field from an object (`null` leaves it empty). A key given
/// twice is an error.
#[inline]
pub fn read_map<K: JsonKey, V: JsonType, M: JsonMap<K::Value, V::Value>>(
    r: &mut JsonReader<'_>,
    map: &mut M,
) -> Result<(), JsonError> {
    if r.take_null() {
        return Ok(());
    }
    let mut members = r.begin_object()?;
    while let Some(key) = r.next_key(&mut members)? {
        let Some(k) = K::parse_key(r.text(&key)) else {
            return Err(bad_key::<K>(r, &key));
        };
        if !V::NULL_IS_VALUE && r.peek_null() {
            return Err(null_element(r, "a map value").at_key(K::key_text(&k)));
        }
        let mut v = V::Value::default();
        if V::read_json(r, &mut v).map_err(|e| e.at_key(K::key_text(&k)))? {
            if let Err(text) = map.insert_new(k, v, K::key_text) {
                let mut shown = String::new();
                super::error::push_quoted(&mut shown, &text);
                return Err(r.error_at_text(
                    &key,
                    JsonErrorKind::DuplicateField,
                    alloc::format!("map key {shown} appears twice"),
                ));
            }
        }
    }
    Ok(())
}

#[cold]
fn bad_key<K: JsonKey>(r: &JsonReader<'_>, key: &Text) -> JsonError {
    let mut shown = String::new();
    super::error::push_quoted(&mut shown, r.text(key));
    let what = match K::TYPE {
        crate::schema::FieldType::Scalar(s) => s.proto_name(),
        _ => "key",
    };
    r.error_at_text(
        key,
        JsonErrorKind::InvalidValue,
        alloc::format!("{shown} is not a valid {what} map key"),
    )
}

/// Reads variant `C` of a oneof into `slot` (`null` leaves it unset, unless
/// `null` is a value of `C`). A second variant is an error.
#[inline]
pub fn read_oneof_variant<O: JsonOneof, C: JsonType>(
    slot: &mut Option<O>,
    name: &'static str,
    r: &mut JsonReader<'_>,
    wrap: impl FnOnce(C::Value) -> O,
) -> Result<(), JsonError> {
    if !C::NULL_IS_VALUE && r.take_null() {
        return Ok(());
    }
    if let Some(set) = slot {
        let first = set.__json_name();
        return Err(r.error(
            JsonErrorKind::DuplicateField,
            alloc::format!(
                "fields \"{first}\" and \"{name}\" belong to the same oneof: at most one may be set"
            ),
        ));
    }
    let mut v = C::Value::default();
    if C::read_json(r, &mut v).map_err(|e| e.in_field(name))? {
        *slot = Some(wrap(v));
    }
    Ok(())
}
