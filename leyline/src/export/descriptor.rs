//! Building the descriptor protoc produces for a rendered file.

use prost_types::descriptor_proto::ReservedRange as MessageReservedRange;
use prost_types::enum_descriptor_proto::EnumReservedRange;
use prost_types::field_descriptor_proto::{Label as ProtoLabel, Type};
use prost_types::{
    DescriptorProto, EnumDescriptorProto, EnumOptions, EnumValueDescriptorProto,
    FieldDescriptorProto, FieldOptions, FileDescriptorProto, MessageOptions, OneofDescriptorProto,
};

use super::collect::element_target;
use super::names::{is_proto3_optional, map_entry_name, synthetic_oneofs};
use super::{explicitly_unpacked, Package};
use crate::schema::{EnumSchema, FieldSchema, FieldType, Label, Member, MessageSchema, Scalar};

/// The descriptor of the file holding `package`.
pub(super) fn file(package: &Package) -> FileDescriptorProto {
    FileDescriptorProto {
        name: Some(package.path.clone()),
        package: Some(package.name.to_owned()),
        dependency: package.imports.keys().cloned().collect(),
        message_type: package
            .messages
            .iter()
            .map(|m| message(package, m))
            .collect(),
        enum_type: package.enums.iter().map(|e| enumeration(e)).collect(),
        syntax: Some("proto3".to_owned()),
        ..FileDescriptorProto::default()
    }
}

fn message(package: &Package, schema: &MessageSchema) -> DescriptorProto {
    // Real oneofs come first, in declaration order; the synthetic oneofs of
    // proto3 `optional` fields follow, in field order.
    let mut oneof_decl: Vec<OneofDescriptorProto> = schema
        .oneofs()
        .map(|o| OneofDescriptorProto {
            name: Some(o.name.to_owned()),
            options: None,
        })
        .collect();
    let mut synthetic = synthetic_oneofs(schema).into_iter();
    let mut fields = Vec::new();
    // Declared types come first, as the text writes them before the fields;
    // protoc then appends each map field's entry type in field order.
    let nested = package.nested_in(schema);
    let mut entries: Vec<DescriptorProto> = nested
        .iter()
        .flat_map(|n| n.messages.iter())
        .map(|m| message(package, m))
        .collect();
    let enum_type = nested
        .iter()
        .flat_map(|n| n.enums.iter())
        .map(|e| enumeration(e))
        .collect();
    let mut real_oneof = 0;
    for member in schema.members {
        match member {
            Member::Field(field) => {
                let mut descriptor = self::field(schema, field);
                if is_proto3_optional(field.label, false) {
                    descriptor.oneof_index = Some(index(oneof_decl.len()));
                    descriptor.proto3_optional = Some(true);
                    oneof_decl.push(OneofDescriptorProto {
                        name: synthetic.next(),
                        options: None,
                    });
                }
                if let FieldType::Map(key, value) = field.ty {
                    entries.push(map_entry(field, key, value));
                }
                fields.push(descriptor);
            }
            Member::Oneof(oneof) => {
                for field in oneof.fields {
                    let mut descriptor = self::field(schema, field);
                    descriptor.oneof_index = Some(index(real_oneof));
                    fields.push(descriptor);
                }
                real_oneof += 1;
            }
        }
    }
    DescriptorProto {
        name: Some(schema.name.to_owned()),
        field: fields,
        nested_type: entries,
        enum_type,
        oneof_decl,
        reserved_range: schema
            .reserved_ranges
            .iter()
            .map(|r| MessageReservedRange {
                start: Some(clamp(r.start)),
                // Descriptors hold message ranges with an exclusive end.
                end: Some(clamp(r.end.saturating_add(1))),
            })
            .collect(),
        reserved_name: schema
            .reserved_names
            .iter()
            .map(|n| (*n).to_owned())
            .collect(),
        ..DescriptorProto::default()
    }
}

fn field(message: &MessageSchema, field: &FieldSchema) -> FieldDescriptorProto {
    let label = match field.label {
        Label::Singular | Label::Optional => ProtoLabel::Optional,
        Label::Repeated | Label::Map => ProtoLabel::Repeated,
    };
    let (ty, type_name) = match field.ty {
        FieldType::Map(..) => (
            Type::Message,
            Some(format!(
                ".{}.{}",
                message.full_name,
                map_entry_name(field.name)
            )),
        ),
        ty => element_type(&ty),
    };
    FieldDescriptorProto {
        name: Some(field.name.to_owned()),
        number: Some(clamp(i64::from(field.number))),
        label: Some(label as i32),
        r#type: Some(ty as i32),
        type_name,
        json_name: Some(field.json_name.to_owned()),
        options: explicitly_unpacked(field).then(|| FieldOptions {
            packed: Some(false),
            ..FieldOptions::default()
        }),
        ..FieldDescriptorProto::default()
    }
}

/// The entry message protoc generates for a map field.
fn map_entry(field: &FieldSchema, key: Scalar, value: &FieldType) -> DescriptorProto {
    let entry_field =
        |name: &str, number: i32, (ty, type_name): (Type, Option<String>)| FieldDescriptorProto {
            name: Some(name.to_owned()),
            number: Some(number),
            label: Some(ProtoLabel::Optional as i32),
            r#type: Some(ty as i32),
            type_name,
            json_name: Some(name.to_owned()),
            ..FieldDescriptorProto::default()
        };
    DescriptorProto {
        name: Some(map_entry_name(field.name)),
        field: vec![
            entry_field("key", 1, (scalar_type(key), None)),
            entry_field("value", 2, element_type(value)),
        ],
        options: Some(MessageOptions {
            map_entry: Some(true),
            ..MessageOptions::default()
        }),
        ..DescriptorProto::default()
    }
}

/// The type and type name of a scalar, enum or message element.
fn element_type(ty: &FieldType) -> (Type, Option<String>) {
    match (ty, element_target(ty)) {
        (FieldType::Scalar(scalar), _) => (scalar_type(*scalar), None),
        (FieldType::Enum(_), Some(target)) => {
            (Type::Enum, Some(format!(".{}", target.full_name())))
        }
        (_, target) => (
            Type::Message,
            target.map(|target| format!(".{}", target.full_name())),
        ),
    }
}

fn scalar_type(scalar: Scalar) -> Type {
    match scalar {
        Scalar::Double => Type::Double,
        Scalar::Float => Type::Float,
        Scalar::Int32 => Type::Int32,
        Scalar::Int64 => Type::Int64,
        Scalar::Uint32 => Type::Uint32,
        Scalar::Uint64 => Type::Uint64,
        Scalar::Sint32 => Type::Sint32,
        Scalar::Sint64 => Type::Sint64,
        Scalar::Fixed32 => Type::Fixed32,
        Scalar::Fixed64 => Type::Fixed64,
        Scalar::Sfixed32 => Type::Sfixed32,
        Scalar::Sfixed64 => Type::Sfixed64,
        Scalar::Bool => Type::Bool,
        Scalar::String => Type::String,
        Scalar::Bytes => Type::Bytes,
    }
}

fn enumeration(schema: &EnumSchema) -> EnumDescriptorProto {
    EnumDescriptorProto {
        name: Some(schema.name.to_owned()),
        value: schema
            .values
            .iter()
            .map(|v| EnumValueDescriptorProto {
                name: Some(v.name.to_owned()),
                number: Some(v.number),
                options: None,
            })
            .collect(),
        options: schema.allow_alias.then(|| EnumOptions {
            allow_alias: Some(true),
            ..EnumOptions::default()
        }),
        // Enum ranges keep their inclusive end.
        reserved_range: schema
            .reserved_ranges
            .iter()
            .map(|r| EnumReservedRange {
                start: Some(clamp(r.start)),
                end: Some(clamp(r.end)),
            })
            .collect(),
        reserved_name: schema
            .reserved_names
            .iter()
            .map(|n| (*n).to_owned())
            .collect(),
    }
}

/// A number the checks have kept within `i32`.
fn clamp(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX })
}

fn index(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}
