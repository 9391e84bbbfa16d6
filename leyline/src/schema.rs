//! The schema model: a static description of every contract.
//!
//! `#[leyline::message]`, `#[leyline::enumeration]` and `#[leyline::oneof]` emit
//! these descriptions from the same parsed model that produces the encoding, so
//! the `.proto` export, the descriptor set and the wire format cannot drift apart.
//! Every description is a `&'static` value: reaching it costs nothing at run time.
//!
//! References between contracts are function pointers ([`FieldType::Message`],
//! [`FieldType::Enum`]), which lets recursive messages describe themselves.

use core::fmt;

/// A scalar protobuf type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    /// `double` (f64)
    Double,
    /// `float` (f32)
    Float,
    /// `int32` (i32)
    Int32,
    /// `int64` (i64)
    Int64,
    /// `uint32` (u32)
    Uint32,
    /// `uint64` (u64)
    Uint64,
    /// `sint32` (i32, zigzag)
    Sint32,
    /// `sint64` (i64, zigzag)
    Sint64,
    /// `fixed32` (u32, little-endian)
    Fixed32,
    /// `fixed64` (u64, little-endian)
    Fixed64,
    /// `sfixed32` (i32, little-endian)
    Sfixed32,
    /// `sfixed64` (i64, little-endian)
    Sfixed64,
    /// `bool`
    Bool,
    /// `string` (valid UTF-8)
    String,
    /// `bytes`
    Bytes,
}

impl Scalar {
    /// The name of the type in `.proto` source.
    pub const fn proto_name(self) -> &'static str {
        match self {
            Scalar::Double => "double",
            Scalar::Float => "float",
            Scalar::Int32 => "int32",
            Scalar::Int64 => "int64",
            Scalar::Uint32 => "uint32",
            Scalar::Uint64 => "uint64",
            Scalar::Sint32 => "sint32",
            Scalar::Sint64 => "sint64",
            Scalar::Fixed32 => "fixed32",
            Scalar::Fixed64 => "fixed64",
            Scalar::Sfixed32 => "sfixed32",
            Scalar::Sfixed64 => "sfixed64",
            Scalar::Bool => "bool",
            Scalar::String => "string",
            Scalar::Bytes => "bytes",
        }
    }

    /// Whether a repeated field of this type is packed in proto3.
    pub const fn is_packable(self) -> bool {
        !matches!(self, Scalar::String | Scalar::Bytes)
    }

    /// Whether protobuf allows this type as a map key.
    pub const fn is_valid_map_key(self) -> bool {
        !matches!(self, Scalar::Double | Scalar::Float | Scalar::Bytes)
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.proto_name())
    }
}

/// The type of a field's element (or of a map's value).
#[derive(Clone, Copy)]
pub enum FieldType {
    /// A scalar type.
    Scalar(Scalar),
    /// A leyline enumeration (or another enum with a schema).
    Enum(fn() -> &'static EnumSchema),
    /// A message: a leyline contract or a well-known type.
    Message(fn() -> &'static MessageSchema),
    /// A `map<K, V>` with a scalar key. Appears exactly on fields whose label is
    /// [`Label::Map`] (the macro emits both together).
    Map(Scalar, &'static FieldType),
}

impl FieldType {
    /// The `.proto` spelling of this type, fully qualified for messages and enums
    /// (`esper.leyline.v1.SeedState`, `google.protobuf.Timestamp`).
    pub fn proto_type_name(&self) -> String {
        match self {
            FieldType::Scalar(s) => s.proto_name().to_owned(),
            FieldType::Enum(e) => e().full_name.to_owned(),
            FieldType::Message(m) => m().full_name.to_owned(),
            FieldType::Map(k, v) => format!("map<{}, {}>", k.proto_name(), v.proto_type_name()),
        }
    }
}

impl fmt::Debug for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldType::Scalar(s) => write!(f, "Scalar({s:?})"),
            FieldType::Enum(e) => write!(f, "Enum({})", e().full_name),
            FieldType::Message(m) => write!(f, "Message({})", m().full_name),
            FieldType::Map(k, v) => write!(f, "Map({k:?}, {v:?})"),
        }
    }
}

impl PartialEq for FieldType {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (FieldType::Scalar(a), FieldType::Scalar(b)) => a == b,
            (FieldType::Enum(a), FieldType::Enum(b)) => a().full_name == b().full_name,
            (FieldType::Message(a), FieldType::Message(b)) => a().full_name == b().full_name,
            (FieldType::Map(ka, va), FieldType::Map(kb, vb)) => ka == kb && va == vb,
            _ => false,
        }
    }
}

/// The cardinality of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// A proto3 singular field without presence (`uint32 x = 1;`), or a message
    /// field (which always has presence and is written without a label).
    Singular,
    /// A proto3 `optional` scalar or enum field (explicit presence).
    Optional,
    /// A `repeated` field.
    Repeated,
    /// A `map<K, V>` field (on the wire, a repeated entry message).
    Map,
}

/// One field of a message or of a oneof.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSchema {
    /// The proto field name (`seed_id`).
    pub name: &'static str,
    /// The JSON name as protoc computes it (`seedId`).
    pub json_name: &'static str,
    /// The field number.
    pub number: u32,
    /// Cardinality.
    pub label: Label,
    /// The element type (for maps, [`FieldType::Map`]).
    pub ty: FieldType,
    /// Whether a repeated scalar or enum is packed on the wire (proto3's default).
    /// Only meaningful for [`Label::Repeated`] fields of packable types.
    pub packed: bool,
    /// The Rust doc comment, one line per `///` line, without the leading space.
    pub docs: &'static str,
    /// The Rust field or variant name, for error messages and field paths.
    pub rust_name: &'static str,
}

/// A `oneof` held by a message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneofSchema {
    /// The proto name of the oneof (the Rust field name holding it).
    pub name: &'static str,
    /// The Rust type of the oneof enum.
    pub rust_type: &'static str,
    /// The doc comment of the holding field.
    pub docs: &'static str,
    /// The variants, each a field of the message.
    pub fields: &'static [FieldSchema],
}

/// A member of a message in declaration order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Member {
    /// An ordinary field.
    Field(FieldSchema),
    /// A oneof and its variants.
    Oneof(OneofSchema),
}

/// An inclusive range of reserved numbers, `start..=end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReservedRange {
    /// First reserved number.
    pub start: i64,
    /// Last reserved number (inclusive).
    pub end: i64,
}

/// The description of a message contract.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MessageSchema {
    /// The message name (`SeedState`).
    pub name: &'static str,
    /// The proto package (`esper.leyline.v1`).
    pub package: &'static str,
    /// The fully qualified name (`esper.leyline.v1.SeedState`).
    pub full_name: &'static str,
    /// For well-known types defined outside Leyline, the `.proto` file that
    /// defines them (`google/protobuf/timestamp.proto`). `None` for contracts.
    pub defined_in: Option<&'static str>,
    /// The Rust doc comment.
    pub docs: &'static str,
    /// Fields and oneofs, in declaration order.
    pub members: &'static [Member],
    /// Reserved numbers.
    pub reserved_ranges: &'static [ReservedRange],
    /// Reserved names.
    pub reserved_names: &'static [&'static str],
    /// Whether the contract keeps unknown fields (declares an
    /// `#[leyline(unknown_fields)]` field).
    pub keeps_unknown_fields: bool,
}

impl MessageSchema {
    /// Every field, oneof variants included, in declaration order.
    pub fn fields(
        &self,
    ) -> impl Iterator<Item = (&'static FieldSchema, Option<&'static OneofSchema>)> {
        self.members
            .iter()
            .flat_map(|m| -> Box<dyn Iterator<Item = _>> {
                match m {
                    Member::Field(f) => Box::new(core::iter::once((f, None))),
                    Member::Oneof(o) => Box::new(o.fields.iter().map(move |f| (f, Some(o)))),
                }
            })
    }

    /// The oneofs of this message, in declaration order.
    pub fn oneofs(&self) -> impl Iterator<Item = &'static OneofSchema> {
        self.members.iter().filter_map(|m| match m {
            Member::Oneof(o) => Some(o),
            Member::Field(_) => None,
        })
    }

    /// The field with this number, if any.
    pub fn field_by_number(&self, number: u32) -> Option<&'static FieldSchema> {
        self.fields().map(|(f, _)| f).find(|f| f.number == number)
    }

    /// The field with this proto name, if any.
    pub fn field_by_name(&self, name: &str) -> Option<&'static FieldSchema> {
        self.fields().map(|(f, _)| f).find(|f| f.name == name)
    }
}

/// One value of an enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumValueSchema {
    /// The proto name (`SEED_STAGE_TRAINING`).
    pub name: &'static str,
    /// The number.
    pub number: i32,
    /// The Rust doc comment.
    pub docs: &'static str,
    /// The Rust variant name (`Training`).
    pub rust_name: &'static str,
}

/// The description of an enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumSchema {
    /// The enum name (`SeedLifecycleStage`).
    pub name: &'static str,
    /// The proto package.
    pub package: &'static str,
    /// The fully qualified name.
    pub full_name: &'static str,
    /// For enums defined outside Leyline, the `.proto` file that defines them.
    pub defined_in: Option<&'static str>,
    /// The Rust doc comment.
    pub docs: &'static str,
    /// Values in declaration order.
    pub values: &'static [EnumValueSchema],
    /// Whether two values may share a number (`option allow_alias = true;`).
    pub allow_alias: bool,
    /// Reserved numbers.
    pub reserved_ranges: &'static [ReservedRange],
    /// Reserved names.
    pub reserved_names: &'static [&'static str],
}

/// Computes the JSON name of a field the way protoc does: underscores are removed
/// and the letter after each is upper-cased (`seed_id` → `seedId`).
pub fn json_name(proto_name: &str) -> String {
    let mut out = String::with_capacity(proto_name.len());
    let mut upper_next = false;
    for c in proto_name.chars() {
        if c == '_' {
            upper_next = true;
        } else if upper_next {
            out.extend(c.to_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_names_follow_protoc() {
        assert_eq!(json_name("seed_id"), "seedId");
        assert_eq!(json_name("validation_accuracy"), "validationAccuracy");
        assert_eq!(json_name("x"), "x");
        assert_eq!(json_name("a__b"), "aB");
        assert_eq!(json_name("trailing_"), "trailing");
    }
}
