//! [`JsonOptions`]: how a message is written as JSON and read from it.

use alloc::sync::Arc;

use super::registry::TypeRegistry;
use crate::wire::DEFAULT_RECURSION_LIMIT;

/// How `leyline::json` writes and reads messages. The default is canonical
/// proto3 JSON, as `serde_json` gets it through the contracts' `Serialize`.
///
/// | option | default | Python's `json_format` |
/// |---|---|---|
/// | `proto_field_names` | `false`: lowerCamelCase JSON names | `preserving_proto_field_name=True` |
/// | `emit_default_values` | `false`: fields at their default are left out | `always_print_fields_with_no_presence=True` |
/// | `enums_as_numbers` | `false`: enum values by name | `use_integers_for_enums=True` |
/// | `ignore_unknown_fields` | `false`: an unknown field is an error | `Parse(..., ignore_unknown_fields=True)` |
///
/// `emit_default_values` writes the fields that have no presence: singular
/// scalars and enums, repeated fields and maps. Message fields, `optional`
/// scalars and oneofs are written when they are set, whatever the option.
/// Reading always accepts both field names, enum names and numbers.
///
/// ```
/// use leyline::json::JsonOptions;
///
/// let options = JsonOptions::default()
///     .proto_field_names(true)
///     .emit_default_values(true);
/// assert!(options.proto_field_names && options.emit_default_values);
/// assert!(!options.enums_as_numbers && !options.ignore_unknown_fields);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct JsonOptions {
    /// Writes fields under their proto names (`seed_id`) instead of their
    /// JSON names (`seedId`).
    pub proto_field_names: bool,
    /// Writes singular scalars and enums at their default, and empty repeated
    /// fields and maps.
    pub emit_default_values: bool,
    /// Writes enum values as numbers instead of names.
    pub enums_as_numbers: bool,
    /// Skips fields (and enum names) the message does not declare instead of
    /// failing.
    pub ignore_unknown_fields: bool,
    /// Most levels of nested messages (and `Struct`/`ListValue` values) below
    /// the top one, as for binary decoding.
    pub recursion_limit: u32,
    /// Where `google.protobuf.Any` looks up its types; `None` for the
    /// process-wide registry ([`register`](super::register)).
    pub(crate) registry: Option<Arc<TypeRegistry>>,
}

impl Default for JsonOptions {
    fn default() -> Self {
        JsonOptions {
            proto_field_names: false,
            emit_default_values: false,
            enums_as_numbers: false,
            ignore_unknown_fields: false,
            recursion_limit: DEFAULT_RECURSION_LIMIT,
            registry: None,
        }
    }
}

impl JsonOptions {
    /// The default options: canonical proto3 JSON.
    pub fn new() -> Self {
        JsonOptions::default()
    }

    /// Sets [`JsonOptions::proto_field_names`].
    #[must_use]
    pub fn proto_field_names(mut self, on: bool) -> Self {
        self.proto_field_names = on;
        self
    }

    /// Sets [`JsonOptions::emit_default_values`].
    #[must_use]
    pub fn emit_default_values(mut self, on: bool) -> Self {
        self.emit_default_values = on;
        self
    }

    /// Sets [`JsonOptions::enums_as_numbers`].
    #[must_use]
    pub fn enums_as_numbers(mut self, on: bool) -> Self {
        self.enums_as_numbers = on;
        self
    }

    /// Sets [`JsonOptions::ignore_unknown_fields`].
    #[must_use]
    pub fn ignore_unknown_fields(mut self, on: bool) -> Self {
        self.ignore_unknown_fields = on;
        self
    }

    /// Sets [`JsonOptions::recursion_limit`].
    #[must_use]
    pub fn recursion_limit(mut self, limit: u32) -> Self {
        self.recursion_limit = limit;
        self
    }

    /// Resolves `google.protobuf.Any` types in `registry` instead of the
    /// process-wide registry.
    #[must_use]
    pub fn registry(mut self, registry: Arc<TypeRegistry>) -> Self {
        self.registry = Some(registry);
        self
    }
}
