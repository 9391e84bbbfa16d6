//! The type registry: which messages a `google.protobuf.Any` can hold in
//! JSON, by full name. It always knows the well-known types; the Esper
//! contracts add themselves with `leyline::contracts::register_json_types`,
//! and a program adds its own contracts with [`register`] (process-wide) or
//! in a [`TypeRegistry`] of its own, given to [`JsonOptions::registry`].

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use std::sync::{LazyLock, RwLock};

use super::error::{JsonError, JsonErrorKind};
use super::message::{JsonFields, JsonMessage};
use super::options::JsonOptions;
use super::read::JsonReader;
use super::write::JsonWriter;
use crate::wkt;

/// How a `google.protobuf.Any` holding one type is written and read: the
/// type's fields inline beside `"@type"`, or its own JSON form under
/// `"value"` (for the well-known types that have one).
#[derive(Clone, Copy)]
pub struct AnyEntry {
    name: fn() -> &'static str,
    write_body: fn(&[u8], &mut JsonWriter<'_>) -> Result<(), JsonError>,
    read_body: fn(&mut JsonReader<'_>) -> Result<Vec<u8>, JsonError>,
}

impl core::fmt::Debug for AnyEntry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("AnyEntry").field(&(self.name)()).finish()
    }
}

impl AnyEntry {
    /// A message whose fields sit beside `"@type"`.
    pub const fn inline<T: JsonFields>() -> Self {
        AnyEntry {
            name: type_name::<T>,
            write_body: write_inline::<T>,
            read_body: read_inline::<T>,
        }
    }

    /// A well-known type written under `"value"`.
    pub const fn well_known<T: JsonMessage>() -> Self {
        AnyEntry {
            name: type_name::<T>,
            write_body: write_value::<T>,
            read_body: read_value::<T>,
        }
    }

    /// The full name of the type.
    pub fn type_name(&self) -> &'static str {
        (self.name)()
    }

    /// Writes what follows `"@type"` in the Any's object, from the packed bytes.
    pub(crate) fn write_body(&self, bytes: &[u8], w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        (self.write_body)(bytes, w)
    }

    /// Reads the Any's object (from its `{`), returning the packed bytes.
    pub(crate) fn read_body(&self, r: &mut JsonReader<'_>) -> Result<Vec<u8>, JsonError> {
        (self.read_body)(r)
    }
}

fn type_name<T: JsonMessage>() -> &'static str {
    T::TYPE_NAME
}

fn write_inline<T: JsonFields>(bytes: &[u8], w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
    let value = T::decode_slice(bytes)?;
    value.__json_write_fields(w)
}

fn read_inline<T: JsonFields>(r: &mut JsonReader<'_>) -> Result<Vec<u8>, JsonError> {
    let mark = r.set_any_object();
    let mut value = T::default();
    let result = value.__json_read(r);
    r.restore_any_object(mark);
    result?;
    Ok(prost::Message::encode_to_vec(&value))
}

fn write_value<T: JsonMessage>(bytes: &[u8], w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
    let value = T::decode(bytes).map_err(crate::wire::DecodeError::from)?;
    w.key("value");
    T::write_json(&value, w).map_err(|e| e.in_field("value"))
}

fn read_value<T: JsonMessage>(r: &mut JsonReader<'_>) -> Result<Vec<u8>, JsonError> {
    let mut value = T::default();
    let mut members = r.begin_object()?;
    let mut seen = false;
    while let Some(key) = r.next_key(&mut members)? {
        match r.text(&key) {
            "@type" => r.skip_value()?,
            "value" if seen => {
                return Err(r.error_at_text(
                    &key,
                    JsonErrorKind::DuplicateField,
                    String::from("\"value\" appears twice"),
                ))
            }
            "value" => {
                seen = true;
                if T::NULL_IS_VALUE || !r.take_null() {
                    T::read_json(r, &mut value).map_err(|e| e.in_field("value"))?;
                }
            }
            _ => r.unknown_field(&key, T::TYPE_NAME)?,
        }
    }
    Ok(prost::Message::encode_to_vec(&value))
}

/// The messages a `google.protobuf.Any` can hold in JSON, by full name.
///
/// ```
/// use std::sync::Arc;
/// use leyline::json::{JsonOptions, TypeRegistry};
///
/// #[leyline::message(package = "acme.v1")]
/// pub struct Ping {
///     #[leyline(field = 1)]
///     pub sequence: u64,
/// }
///
/// let registry = TypeRegistry::new().with::<Ping>();
/// assert!(registry.contains("acme.v1.Ping"));
/// assert!(registry.contains("google.protobuf.Duration"));
///
/// let any = leyline::Any {
///     type_url: "type.googleapis.com/acme.v1.Ping".into(),
///     value: leyline::prost::Message::encode_to_vec(&Ping { sequence: 7 }),
/// };
/// let options = JsonOptions::default().registry(Arc::new(registry));
/// let json = leyline::json::to_string_with(&any, &options)?;
/// assert_eq!(json, r#"{"@type":"type.googleapis.com/acme.v1.Ping","sequence":"7"}"#);
/// let back: leyline::Any = leyline::json::from_str_with(&json, &options)?;
/// assert_eq!(back, any);
/// # Ok::<(), leyline::json::JsonError>(())
/// ```
#[derive(Debug, Clone)]
pub struct TypeRegistry {
    entries: BTreeMap<&'static str, AnyEntry>,
}

impl Default for TypeRegistry {
    fn default() -> Self {
        TypeRegistry::new()
    }
}

impl TypeRegistry {
    /// A registry holding the well-known types.
    pub fn new() -> Self {
        let mut registry = TypeRegistry {
            entries: BTreeMap::new(),
        };
        registry
            .register::<wkt::Timestamp>()
            .register::<wkt::Duration>()
            .register::<wkt::FieldMask>()
            .register::<wkt::Struct>()
            .register::<wkt::Value>()
            .register::<wkt::ListValue>()
            .register::<wkt::Any>()
            .register::<wkt::Empty>()
            .register::<wkt::DoubleValue>()
            .register::<wkt::FloatValue>()
            .register::<wkt::Int64Value>()
            .register::<wkt::UInt64Value>()
            .register::<wkt::Int32Value>()
            .register::<wkt::UInt32Value>()
            .register::<wkt::BoolValue>()
            .register::<wkt::StringValue>()
            .register::<wkt::BytesValue>();
        registry
    }

    /// Adds a message type (again is harmless).
    pub fn register<T: JsonMessage>(&mut self) -> &mut Self {
        self.entries.insert(T::TYPE_NAME, T::ANY);
        self
    }

    /// The registry with one more message type.
    #[must_use]
    pub fn with<T: JsonMessage>(mut self) -> Self {
        self.register::<T>();
        self
    }

    /// Adds every type of `other`.
    pub fn extend(&mut self, other: &TypeRegistry) -> &mut Self {
        self.entries
            .extend(other.entries.iter().map(|(k, v)| (*k, *v)));
        self
    }

    /// Whether the registry knows the type with this full name.
    pub fn contains(&self, full_name: &str) -> bool {
        self.entries.contains_key(full_name)
    }

    /// The full names of the types it knows, in order.
    pub fn type_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.keys().copied()
    }

    fn get(&self, full_name: &str) -> Option<AnyEntry> {
        self.entries.get(full_name).copied()
    }
}

static GLOBAL: LazyLock<RwLock<TypeRegistry>> = LazyLock::new(|| RwLock::new(TypeRegistry::new()));

/// Adds a message type to the process-wide registry, where
/// `google.protobuf.Any` looks types up unless [`JsonOptions::registry`]
/// names another.
pub fn register<T: JsonMessage>() {
    let mut registry = GLOBAL.write().unwrap_or_else(|e| e.into_inner());
    registry.register::<T>();
}

/// Adds every type of `other` to the process-wide registry.
pub fn register_all(other: &TypeRegistry) {
    let mut registry = GLOBAL.write().unwrap_or_else(|e| e.into_inner());
    registry.extend(other);
}

/// A copy of the process-wide registry.
pub fn global_registry() -> TypeRegistry {
    GLOBAL.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// The entry of `full_name` in the registry the options name.
pub(crate) fn lookup(options: &JsonOptions, full_name: &str) -> Option<AnyEntry> {
    match &options.registry {
        Some(registry) => registry.get(full_name),
        None => GLOBAL
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(full_name),
    }
}
