//! An index of a `FileDescriptorSet` by full name, and the facts the rules
//! compare (cardinality, type, real oneof, JSON name, default value).

use std::collections::{BTreeMap, BTreeSet};

use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorSet,
    ServiceDescriptorProto,
};

/// The syntax of the file that declares an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    Proto2,
    Proto3,
    /// Editions: compared with edition 2023 defaults (explicit presence,
    /// JSON format `ALLOW`); per-element `features` are not resolved.
    Editions,
}

impl Syntax {
    fn of(syntax: Option<&str>) -> Self {
        match syntax {
            Some("proto3") => Syntax::Proto3,
            Some("editions") => Syntax::Editions,
            _ => Syntax::Proto2,
        }
    }

    /// Whether messages and enums of the file only have best-effort JSON
    /// support (proto2, whose JSON mapping was never defined).
    pub(crate) fn is_json_best_effort(self) -> bool {
        self == Syntax::Proto2
    }

    /// buf's name for the JSON format support of messages and enums.
    pub(crate) fn json_format(self) -> &'static str {
        match self {
            Syntax::Proto2 => "LEGACY_BEST_EFFORT",
            Syntax::Proto3 | Syntax::Editions => "ALLOW",
        }
    }
}

#[derive(Debug)]
pub(crate) struct FileInfo<'a> {
    pub(crate) package: &'a str,
    /// Messages declared in the file, named relative to the package.
    pub(crate) messages: BTreeSet<String>,
    /// Enums declared in the file, named relative to the package.
    pub(crate) enums: BTreeSet<String>,
}

#[derive(Debug)]
pub(crate) struct MessageInfo<'a> {
    pub(crate) file: &'a str,
    pub(crate) package: &'a str,
    pub(crate) syntax: Syntax,
    pub(crate) proto: &'a DescriptorProto,
}

impl MessageInfo<'_> {
    pub(crate) fn is_map_entry(&self) -> bool {
        self.proto
            .options
            .as_ref()
            .is_some_and(|options| options.map_entry())
    }

    pub(crate) fn field(&self, number: i32) -> Option<&FieldDescriptorProto> {
        self.proto.field.iter().find(|f| f.number() == number)
    }

    /// Reserved numbers as inclusive ranges (descriptor ends are exclusive).
    pub(crate) fn reserved_ranges(&self) -> Vec<(i64, i64)> {
        self.proto
            .reserved_range
            .iter()
            .map(|r| (i64::from(r.start()), i64::from(r.end()) - 1))
            .collect()
    }
}

#[derive(Debug)]
pub(crate) struct EnumInfo<'a> {
    pub(crate) file: &'a str,
    pub(crate) package: &'a str,
    pub(crate) syntax: Syntax,
    pub(crate) proto: &'a EnumDescriptorProto,
}

impl EnumInfo<'_> {
    /// Reserved numbers as inclusive ranges (as in the descriptor).
    pub(crate) fn reserved_ranges(&self) -> Vec<(i64, i64)> {
        self.proto
            .reserved_range
            .iter()
            .map(|r| (i64::from(r.start()), i64::from(r.end())))
            .collect()
    }

    /// Value names by number, in declaration order (several with `allow_alias`).
    pub(crate) fn names_by_number(&self) -> BTreeMap<i32, Vec<&str>> {
        let mut names: BTreeMap<i32, Vec<&str>> = BTreeMap::new();
        for value in &self.proto.value {
            names.entry(value.number()).or_default().push(value.name());
        }
        names
    }

    fn short_name(&self) -> &str {
        self.proto.name()
    }
}

#[derive(Debug)]
pub(crate) struct ServiceInfo<'a> {
    pub(crate) file: &'a str,
    pub(crate) proto: &'a ServiceDescriptorProto,
}

/// Every file, package, message, enum and service of a descriptor set.
#[derive(Debug, Default)]
pub(crate) struct Schema<'a> {
    pub(crate) files: BTreeMap<&'a str, FileInfo<'a>>,
    pub(crate) packages: BTreeSet<&'a str>,
    pub(crate) messages: BTreeMap<String, MessageInfo<'a>>,
    pub(crate) enums: BTreeMap<String, EnumInfo<'a>>,
    pub(crate) services: BTreeMap<String, ServiceInfo<'a>>,
}

impl<'a> Schema<'a> {
    pub(crate) fn new(set: &'a FileDescriptorSet) -> Self {
        let mut schema = Schema::default();
        for file in &set.file {
            let path = file.name();
            // A set may repeat a file (e.g. as an import of two sets merged):
            // the first copy wins, as in a descriptor pool.
            if schema.files.contains_key(path) {
                continue;
            }
            let package = file.package();
            if !package.is_empty() {
                schema.packages.insert(package);
            }
            let mut info = FileInfo {
                package,
                messages: BTreeSet::new(),
                enums: BTreeSet::new(),
            };
            let cx = DeclContext {
                file: path,
                package,
                syntax: Syntax::of(file.syntax.as_deref()),
            };
            for message in &file.message_type {
                schema.add_message(&cx, &mut info, "", message);
            }
            for enumeration in &file.enum_type {
                schema.add_enum(&cx, &mut info, "", enumeration);
            }
            for service in &file.service {
                let full = qualify(package, service.name());
                schema.services.entry(full).or_insert(ServiceInfo {
                    file: path,
                    proto: service,
                });
            }
            schema.files.insert(path, info);
        }
        schema
    }

    fn add_message(
        &mut self,
        cx: &DeclContext<'a>,
        file: &mut FileInfo<'a>,
        parent: &str,
        message: &'a DescriptorProto,
    ) {
        let relative = qualify(parent, message.name());
        for nested in &message.nested_type {
            self.add_message(cx, file, &relative, nested);
        }
        for enumeration in &message.enum_type {
            self.add_enum(cx, file, &relative, enumeration);
        }
        self.messages
            .entry(qualify(cx.package, &relative))
            .or_insert(MessageInfo {
                file: cx.file,
                package: cx.package,
                syntax: cx.syntax,
                proto: message,
            });
        file.messages.insert(relative);
    }

    fn add_enum(
        &mut self,
        cx: &DeclContext<'a>,
        file: &mut FileInfo<'a>,
        parent: &str,
        enumeration: &'a EnumDescriptorProto,
    ) {
        let relative = qualify(parent, enumeration.name());
        self.enums
            .entry(qualify(cx.package, &relative))
            .or_insert(EnumInfo {
                file: cx.file,
                package: cx.package,
                syntax: cx.syntax,
                proto: enumeration,
            });
        file.enums.insert(relative);
    }

    /// Whether a field is a map: a repeated field of a `map_entry` message.
    fn is_map(&self, field: &FieldDescriptorProto) -> bool {
        field.label() == Label::Repeated
            && field.r#type() == Type::Message
            && self
                .messages
                .get(type_name(field))
                .is_some_and(|m| m.is_map_entry())
    }

    /// The facts about a field that the rules compare.
    pub(crate) fn field_view<'f>(
        &self,
        message: &'f MessageInfo<'_>,
        field: &'f FieldDescriptorProto,
    ) -> FieldView<'f> {
        let oneof = field
            .oneof_index
            .filter(|_| !field.proto3_optional())
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| message.proto.oneof_decl.get(i))
            .map(|o| o.name());
        let cardinality = if self.is_map(field) {
            Cardinality::Map
        } else {
            match field.label() {
                Label::Repeated => Cardinality::Repeated,
                Label::Required => Cardinality::Required,
                Label::Optional => {
                    let implicit = message.syntax == Syntax::Proto3
                        && oneof.is_none()
                        && !field.proto3_optional()
                        && !matches!(field.r#type(), Type::Message | Type::Group);
                    if implicit {
                        Cardinality::Implicit
                    } else {
                        Cardinality::Explicit
                    }
                }
            }
        };
        FieldView {
            proto: field,
            cardinality,
            oneof,
            json_name: field
                .json_name
                .clone()
                .unwrap_or_else(|| crate::schema::json_name(field.name())),
        }
    }

    /// How a field's type reads in a report: `float`, `esper.v1.Stage`,
    /// `repeated string`, `map<string, int32>`.
    pub(crate) fn describe(&self, view: &FieldView<'_>) -> String {
        let element = type_display(view.proto);
        match view.cardinality {
            Cardinality::Repeated => format!("repeated {element}"),
            Cardinality::Map => {
                let entry = self.messages.get(type_name(view.proto));
                let key = entry.and_then(|e| e.field(1)).map(type_display);
                let value = entry.and_then(|e| e.field(2)).map(type_display);
                match (key, value) {
                    (Some(key), Some(value)) => format!("map<{key}, {value}>"),
                    _ => format!("map {element}"),
                }
            }
            Cardinality::Required => format!("required {element}"),
            Cardinality::Implicit | Cardinality::Explicit => element,
        }
    }

    /// Whether every name/number pair of enum `old` (in `old_schema`) is in
    /// enum `new` (in `self`) and the two have the same short name: buf's
    /// test for an enum that merely moved.
    pub(crate) fn enum_is_superset(&self, new: &str, old_schema: &Schema<'_>, old: &str) -> bool {
        let (Some(new), Some(old)) = (self.enums.get(new), old_schema.enums.get(old)) else {
            return false;
        };
        new.short_name() == old.short_name()
            && old.proto.value.iter().all(|o| {
                new.proto
                    .value
                    .iter()
                    .any(|n| n.name() == o.name() && n.number() == o.number())
            })
    }

    /// The effective default of a singular scalar or enum field: the
    /// explicit `default`, or the zero value (first value for enums).
    pub(crate) fn default_value(&self, view: &FieldView<'_>) -> Option<DefaultValue> {
        if !matches!(
            view.cardinality,
            Cardinality::Implicit | Cardinality::Explicit | Cardinality::Required
        ) {
            return None;
        }
        let field = view.proto;
        let explicit = field.default_value.as_deref();
        let value = match field.r#type() {
            Type::Message | Type::Group => return None,
            Type::Enum => {
                let enumeration = self.enums.get(type_name(field))?;
                let value = match explicit {
                    Some(name) => enumeration.proto.value.iter().find(|v| v.name() == name),
                    None => enumeration.proto.value.first(),
                }?;
                DefaultValue::Enum {
                    number: value.number(),
                    name: value.name().to_owned(),
                }
            }
            Type::Bool => DefaultValue::Bool(explicit == Some("true")),
            Type::String | Type::Bytes => {
                DefaultValue::Text(explicit.unwrap_or_default().to_owned())
            }
            Type::Double | Type::Float => {
                DefaultValue::Float(explicit.map_or(Some(0.0), parse_float)?)
            }
            Type::Int32
            | Type::Int64
            | Type::Uint32
            | Type::Uint64
            | Type::Sint32
            | Type::Sint64
            | Type::Fixed32
            | Type::Fixed64
            | Type::Sfixed32
            | Type::Sfixed64 => DefaultValue::Int(explicit.map_or(Some(0), parse_int)?),
        };
        Some(value)
    }
}

struct DeclContext<'a> {
    file: &'a str,
    package: &'a str,
    syntax: Syntax,
}

fn qualify(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_owned()
    } else {
        format!("{scope}.{name}")
    }
}

/// The referenced message or enum of a field, without the leading dot.
pub(crate) fn type_name(field: &FieldDescriptorProto) -> &str {
    let name = field.type_name();
    name.strip_prefix('.').unwrap_or(name)
}

/// The `.proto` spelling of a field's element type.
pub(crate) fn type_display(field: &FieldDescriptorProto) -> String {
    match field.r#type() {
        Type::Message | Type::Enum => type_name(field).to_owned(),
        // A group and a message field may name the same type.
        Type::Group => format!("group {}", type_name(field)),
        scalar => scalar_name(scalar).to_owned(),
    }
}

pub(crate) fn scalar_name(ty: Type) -> &'static str {
    match ty {
        Type::Double => "double",
        Type::Float => "float",
        Type::Int64 => "int64",
        Type::Uint64 => "uint64",
        Type::Int32 => "int32",
        Type::Fixed64 => "fixed64",
        Type::Fixed32 => "fixed32",
        Type::Bool => "bool",
        Type::String => "string",
        Type::Group => "group",
        Type::Message => "message",
        Type::Bytes => "bytes",
        Type::Uint32 => "uint32",
        Type::Enum => "enum",
        Type::Sfixed32 => "sfixed32",
        Type::Sfixed64 => "sfixed64",
        Type::Sint32 => "sint32",
        Type::Sint64 => "sint64",
    }
}

fn parse_int(text: &str) -> Option<i128> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i128::from_str_radix(hex, 16).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        i128::from_str_radix(&digits[1..], 8).ok()?
    } else {
        digits.parse().ok()?
    };
    Some(if negative { -magnitude } else { magnitude })
}

fn parse_float(text: &str) -> Option<f64> {
    text.parse().ok()
}

/// The presence and multiplicity of a field, as buf classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cardinality {
    /// proto3 singular scalar without `optional`.
    Implicit,
    /// proto2 `optional`, proto3 `optional`, message fields, oneof members.
    Explicit,
    Required,
    Repeated,
    Map,
}

impl Cardinality {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Cardinality::Implicit => "singular (implicit presence)",
            Cardinality::Explicit => "optional (explicit presence)",
            Cardinality::Required => "required",
            Cardinality::Repeated => "repeated",
            Cardinality::Map => "map",
        }
    }
}

#[derive(Debug)]
pub(crate) struct FieldView<'f> {
    pub(crate) proto: &'f FieldDescriptorProto,
    pub(crate) cardinality: Cardinality,
    /// The real oneof holding the field (proto3 `optional` does not count).
    pub(crate) oneof: Option<&'f str>,
    pub(crate) json_name: String,
}

/// A field's effective default value.
#[derive(Debug, Clone)]
pub(crate) enum DefaultValue {
    Int(i128),
    Float(f64),
    Bool(bool),
    /// `string` text or C-escaped `bytes`, as the descriptor spells them.
    Text(String),
    Enum {
        number: i32,
        name: String,
    },
}

impl DefaultValue {
    /// Whether the two defaults differ; `None` when they are of different
    /// kinds (the type change is reported by the type rules).
    pub(crate) fn differs(&self, other: &DefaultValue) -> Option<bool> {
        Some(match (self, other) {
            (DefaultValue::Int(a), DefaultValue::Int(b)) => a != b,
            (DefaultValue::Float(a), DefaultValue::Float(b)) => {
                !(a == b || (a.is_nan() && b.is_nan()))
            }
            (DefaultValue::Bool(a), DefaultValue::Bool(b)) => a != b,
            (DefaultValue::Text(a), DefaultValue::Text(b)) => a != b,
            (DefaultValue::Enum { number: a, .. }, DefaultValue::Enum { number: b, .. }) => a != b,
            _ => return None,
        })
    }
}

impl core::fmt::Display for DefaultValue {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            DefaultValue::Int(v) => write!(f, "{v}"),
            DefaultValue::Float(v) => write!(f, "{v}"),
            DefaultValue::Bool(v) => write!(f, "{v}"),
            DefaultValue::Text(v) => write!(f, "\"{v}\""),
            DefaultValue::Enum { name, .. } => f.write_str(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_defaults_parse_in_every_base() {
        assert_eq!(parse_int("-12"), Some(-12));
        assert_eq!(parse_int("0x1F"), Some(31));
        assert_eq!(parse_int("010"), Some(8));
        assert_eq!(parse_int("0"), Some(0));
        assert_eq!(parse_int("x"), None);
    }
}
