//! Export of hand-written schemas: golden text, and the proof that protoc (in
//! the form of protox) makes of the rendered files exactly the descriptors
//! the exporter builds.

// Helpers outside `#[test]` functions fail loudly too.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use leyline::export::{Export, Exporter, Problem, REFRESH_COMMAND};
use leyline::schema::{
    EnumSchema, EnumValueSchema, FieldSchema, FieldType, Label, Member, MessageSchema, OneofSchema,
    ReservedRange, Scalar,
};
use leyline::ProtoType;

// ---------------------------------------------------------------------------
// Schema builders

const fn field(
    name: &'static str,
    json_name: &'static str,
    number: u32,
    label: Label,
    ty: FieldType,
) -> FieldSchema {
    let packable = match ty {
        FieldType::Scalar(s) => s.is_packable(),
        FieldType::Enum(_) => true,
        FieldType::Message(_) | FieldType::Map(..) => false,
    };
    FieldSchema {
        name,
        json_name,
        number,
        label,
        ty,
        packed: packable && matches!(label, Label::Repeated),
        docs: "",
        rust_name: name,
    }
}

const fn documented(field: FieldSchema, docs: &'static str) -> FieldSchema {
    FieldSchema { docs, ..field }
}

const fn unpacked(field: FieldSchema) -> FieldSchema {
    FieldSchema {
        packed: false,
        ..field
    }
}

const fn scalar(name: &'static str, json_name: &'static str, number: u32, s: Scalar) -> Member {
    Member::Field(field(
        name,
        json_name,
        number,
        Label::Singular,
        FieldType::Scalar(s),
    ))
}

const fn value(name: &'static str, number: i32, docs: &'static str) -> EnumValueSchema {
    EnumValueSchema {
        name,
        number,
        docs,
        rust_name: name,
    }
}

const fn message(
    package: &'static str,
    name: &'static str,
    full_name: &'static str,
    members: &'static [Member],
) -> MessageSchema {
    MessageSchema {
        name,
        package,
        full_name,
        defined_in: None,
        docs: "",
        members,
        reserved_ranges: &[],
        reserved_names: &[],
        keeps_unknown_fields: false,
    }
}

const fn range(start: i64, end: i64) -> ReservedRange {
    ReservedRange { start, end }
}

// ---------------------------------------------------------------------------
// A small package, for the golden text

static LEVEL: EnumSchema = EnumSchema {
    name: "Level",
    package: "acme.v1",
    full_name: "acme.v1.Level",
    defined_in: None,
    docs: "How loud a reading is.",
    values: &[
        value("LEVEL_UNSPECIFIED", 0, "Not measured."),
        value("LEVEL_LOW", 1, ""),
        value("LEVEL_QUIET", 1, "The old name of `LEVEL_LOW`."),
        value("LEVEL_HIGH", 2, ""),
    ],
    allow_alias: true,
    reserved_ranges: &[range(3, 3), range(10, 2_147_483_647)],
    reserved_names: &["LEVEL_MEDIUM"],
};

const LEVEL_TYPE: FieldType = FieldType::Enum(|| &LEVEL);

static READING: MessageSchema = MessageSchema {
    docs: "One reading of a sensor.\n\nSent every second.",
    reserved_ranges: &[range(6, 6), range(8, 9), range(100, 536_870_911)],
    reserved_names: &["old_level"],
    ..message(
        "acme.v1",
        "Reading",
        "acme.v1.Reading",
        &[
            Member::Field(documented(
                field(
                    "id",
                    "id",
                    1,
                    Label::Singular,
                    FieldType::Scalar(Scalar::Uint32),
                ),
                "Unique per sensor.",
            )),
            Member::Field(field(
                "label",
                "label",
                2,
                Label::Optional,
                FieldType::Scalar(Scalar::String),
            )),
            Member::Field(documented(
                field(
                    "levels_by_band",
                    "levelsByBand",
                    3,
                    Label::Map,
                    FieldType::Map(Scalar::String, &LEVEL_TYPE),
                ),
                "Level per frequency band.",
            )),
            Member::Oneof(OneofSchema {
                name: "source",
                rust_type: "Source",
                docs: "Where the reading comes from.",
                fields: &[
                    field(
                        "device",
                        "device",
                        4,
                        Label::Singular,
                        FieldType::Scalar(Scalar::String),
                    ),
                    documented(
                        field(
                            "taken_at",
                            "takenAt",
                            5,
                            Label::Singular,
                            <leyline::Timestamp as ProtoType>::TYPE,
                        ),
                        "Replayed from a log.",
                    ),
                ],
            }),
            Member::Field(field(
                "samples",
                "samples",
                7,
                Label::Repeated,
                FieldType::Scalar(Scalar::Sint32),
            )),
        ],
    )
};

const GOLDEN: &str = r#"// Code generated by leyline from Rust contracts. DO NOT EDIT.

syntax = "proto3";

package acme.v1;

import "google/protobuf/timestamp.proto";

// How loud a reading is.
enum Level {
  option allow_alias = true;
  reserved 3, 10 to max;
  reserved "LEVEL_MEDIUM";

  // Not measured.
  LEVEL_UNSPECIFIED = 0;
  LEVEL_LOW = 1;

  // The old name of `LEVEL_LOW`.
  LEVEL_QUIET = 1;
  LEVEL_HIGH = 2;
}

// One reading of a sensor.
//
// Sent every second.
message Reading {
  reserved 6, 8 to 9, 100 to max;
  reserved "old_level";

  // Unique per sensor.
  uint32 id = 1;
  optional string label = 2;

  // Level per frequency band.
  map<string, Level> levels_by_band = 3;

  // Where the reading comes from.
  oneof source {
    string device = 4;

    // Replayed from a log.
    google.protobuf.Timestamp taken_at = 5;
  }

  repeated sint32 samples = 7;
}
"#;

// ---------------------------------------------------------------------------
// A larger set: every scalar, aliases, reserved numbers and names, oneofs,
// optional fields, maps, recursion, well-known types and other packages.

const PKG: &str = "esper.test.v1";

static COLOR: EnumSchema = EnumSchema {
    name: "Color",
    package: PKG,
    full_name: "esper.test.v1.Color",
    defined_in: None,
    docs: "A color.",
    values: &[
        value("COLOR_UNSPECIFIED", 0, "No color."),
        value("COLOR_RED", 1, ""),
        value("COLOR_CRIMSON", 1, ""),
        value("COLOR_GREEN", 2, ""),
        value("COLOR_INFRARED", -3, ""),
    ],
    allow_alias: true,
    reserved_ranges: &[
        range(5, 5),
        range(10, 20),
        range(-10, -5),
        range(100, 2_147_483_647),
    ],
    reserved_names: &["COLOR_BLUE", "COLOR_PURPLE"],
};

static STANDALONE: EnumSchema = EnumSchema {
    name: "Standalone",
    package: PKG,
    full_name: "esper.test.v1.Standalone",
    defined_in: None,
    docs: "",
    values: &[value("STANDALONE_UNSPECIFIED", 0, "")],
    allow_alias: false,
    reserved_ranges: &[],
    reserved_names: &[],
};

const COLOR_TYPE: FieldType = FieldType::Enum(|| &COLOR);
const NODE_TYPE: FieldType = FieldType::Message(|| &NODE);
const SCALARS_TYPE: FieldType = FieldType::Message(|| &SCALARS);
const MONEY_TYPE: FieldType = FieldType::Message(|| &MONEY);
const SHADOWED_TYPE: FieldType = FieldType::Message(|| &SHADOWED);
const INT64_TYPE: FieldType = FieldType::Scalar(Scalar::Int64);

static SCALARS: MessageSchema = message(
    PKG,
    "Scalars",
    "esper.test.v1.Scalars",
    &[
        scalar("f_double", "fDouble", 1, Scalar::Double),
        scalar("f_float", "fFloat", 2, Scalar::Float),
        scalar("f_int32", "fInt32", 3, Scalar::Int32),
        scalar("f_int64", "fInt64", 4, Scalar::Int64),
        scalar("f_uint32", "fUint32", 5, Scalar::Uint32),
        scalar("f_uint64", "fUint64", 6, Scalar::Uint64),
        scalar("f_sint32", "fSint32", 7, Scalar::Sint32),
        scalar("f_sint64", "fSint64", 8, Scalar::Sint64),
        scalar("f_fixed32", "fFixed32", 9, Scalar::Fixed32),
        scalar("f_fixed64", "fFixed64", 10, Scalar::Fixed64),
        scalar("f_sfixed32", "fSfixed32", 11, Scalar::Sfixed32),
        scalar("f_sfixed64", "fSfixed64", 12, Scalar::Sfixed64),
        scalar("f_bool", "fBool", 13, Scalar::Bool),
        scalar("f_string", "fString", 14, Scalar::String),
        scalar("f_bytes", "fBytes", 15, Scalar::Bytes),
        Member::Field(field(
            "r_int32",
            "rInt32",
            16,
            Label::Repeated,
            FieldType::Scalar(Scalar::Int32),
        )),
        Member::Field(field(
            "r_string",
            "rString",
            17,
            Label::Repeated,
            FieldType::Scalar(Scalar::String),
        )),
        Member::Field(unpacked(field(
            "r_double",
            "rDouble",
            18,
            Label::Repeated,
            FieldType::Scalar(Scalar::Double),
        ))),
        Member::Field(field("r_color", "rColor", 19, Label::Repeated, COLOR_TYPE)),
        Member::Field(field(
            "r_bytes",
            "rBytes",
            20,
            Label::Repeated,
            FieldType::Scalar(Scalar::Bytes),
        )),
        Member::Field(unpacked(field(
            "r_unpacked_color",
            "rUnpackedColor",
            21,
            Label::Repeated,
            COLOR_TYPE,
        ))),
        Member::Field(field(
            "big_number",
            "bigNumber",
            536_870_911,
            Label::Singular,
            FieldType::Scalar(Scalar::Uint64),
        )),
    ],
);

static NODE: MessageSchema = MessageSchema {
    docs: "A tree node that refers to itself.",
    ..message(
        PKG,
        "Node",
        "esper.test.v1.Node",
        &[
            scalar("name", "name", 1, Scalar::String),
            Member::Field(field("parent", "parent", 2, Label::Singular, NODE_TYPE)),
            Member::Field(field("children", "children", 3, Label::Repeated, NODE_TYPE)),
            Member::Field(field("color", "color", 4, Label::Optional, COLOR_TYPE)),
            Member::Field(field(
                "by_name",
                "byName",
                5,
                Label::Map,
                FieldType::Map(Scalar::String, &NODE_TYPE),
            )),
        ],
    )
};

static EVERYTHING: MessageSchema = MessageSchema {
    docs: "Holds one of everything.\n  Indented line.\n\nLast paragraph.\n",
    reserved_ranges: &[range(30, 30), range(40, 49), range(1000, 536_870_911)],
    reserved_names: &["old", "older"],
    ..message(
        PKG,
        "Everything",
        "esper.test.v1.Everything",
        &[
            Member::Field(documented(
                field("scalars", "scalars", 1, Label::Singular, SCALARS_TYPE),
                "Every scalar.",
            )),
            Member::Field(field(
                "maybe_count",
                "maybeCount",
                2,
                Label::Optional,
                FieldType::Scalar(Scalar::Int32),
            )),
            Member::Field(field(
                "maybe_name",
                "maybeName",
                3,
                Label::Optional,
                FieldType::Scalar(Scalar::String),
            )),
            Member::Field(field(
                "legacy_id",
                "legacyID",
                4,
                Label::Singular,
                FieldType::Scalar(Scalar::String),
            )),
            Member::Oneof(OneofSchema {
                name: "choice",
                rust_type: "Choice",
                docs: "Pick one.",
                fields: &[
                    field(
                        "text",
                        "text",
                        5,
                        Label::Singular,
                        FieldType::Scalar(Scalar::String),
                    ),
                    field("node", "node", 6, Label::Singular, NODE_TYPE),
                    field("color", "color", 7, Label::Singular, COLOR_TYPE),
                    field(
                        "at",
                        "at",
                        8,
                        Label::Singular,
                        <leyline::Timestamp as ProtoType>::TYPE,
                    ),
                ],
            }),
            Member::Field(field(
                "counts",
                "counts",
                9,
                Label::Map,
                FieldType::Map(Scalar::String, &INT64_TYPE),
            )),
            Member::Field(field(
                "nodes",
                "nodes",
                10,
                Label::Map,
                FieldType::Map(Scalar::Int32, &NODE_TYPE),
            )),
            Member::Field(field(
                "colors",
                "colors",
                11,
                Label::Map,
                FieldType::Map(Scalar::Bool, &COLOR_TYPE),
            )),
            Member::Field(field(
                "prices",
                "prices",
                12,
                Label::Map,
                FieldType::Map(Scalar::Uint64, &MONEY_TYPE),
            )),
            Member::Field(field("tree", "tree", 13, Label::Repeated, NODE_TYPE)),
            Member::Field(field(
                "created_at",
                "createdAt",
                14,
                Label::Singular,
                <leyline::Timestamp as ProtoType>::TYPE,
            )),
            Member::Field(field(
                "ttl",
                "ttl",
                15,
                Label::Singular,
                <leyline::Duration as ProtoType>::TYPE,
            )),
            Member::Field(field("price", "price", 16, Label::Singular, MONEY_TYPE)),
            Member::Field(field("tint", "tint", 17, Label::Optional, COLOR_TYPE)),
            Member::Oneof(OneofSchema {
                name: "second",
                rust_type: "Second",
                docs: "",
                fields: &[
                    field(
                        "flag",
                        "flag",
                        18,
                        Label::Singular,
                        FieldType::Scalar(Scalar::Bool),
                    ),
                    field(
                        "blob",
                        "blob",
                        19,
                        Label::Singular,
                        FieldType::Scalar(Scalar::Bytes),
                    ),
                ],
            }),
            Member::Field(field(
                "ratio",
                "ratio",
                20,
                Label::Optional,
                FieldType::Scalar(Scalar::Double),
            )),
            Member::Field(field(
                "_private",
                "Private",
                21,
                Label::Optional,
                FieldType::Scalar(Scalar::Bool),
            )),
            Member::Field(field(
                "shadowed",
                "shadowed",
                22,
                Label::Singular,
                SHADOWED_TYPE,
            )),
            Member::Field(field(
                "struct_value",
                "structValue",
                23,
                Label::Singular,
                <leyline::Struct as ProtoType>::TYPE,
            )),
            Member::Field(field(
                "any_value",
                "anyValue",
                24,
                Label::Repeated,
                <leyline::Any as ProtoType>::TYPE,
            )),
            Member::Field(field(
                "mask",
                "mask",
                25,
                Label::Singular,
                <leyline::FieldMask as ProtoType>::TYPE,
            )),
            Member::Field(field(
                "values",
                "values",
                26,
                Label::Map,
                FieldType::Map(Scalar::String, &<leyline::Value as ProtoType>::TYPE),
            )),
            Member::Field(field("tagged", "tagged", 27, Label::Singular, TAGGED_TYPE)),
            Member::Field(field(
                "entry",
                "entry",
                28,
                Label::Singular,
                LABELS_ENTRY_TYPE,
            )),
        ],
    )
};

static MONEY: MessageSchema = MessageSchema {
    docs: "An amount of money.",
    ..message(
        "esper.common.v1",
        "Money",
        "esper.common.v1.Money",
        &[
            scalar("currency_code", "currencyCode", 1, Scalar::String),
            scalar("units", "units", 2, Scalar::Int64),
            scalar("nanos", "nanos", 3, Scalar::Sint32),
        ],
    )
};

/// Inside `Tagged`, `LabelsEntry` names the entry message protoc generates
/// for the map `labels`, so the top-level `LabelsEntry` needs a leading dot.
static TAGGED: MessageSchema = message(
    PKG,
    "Tagged",
    "esper.test.v1.Tagged",
    &[
        Member::Field(field(
            "labels",
            "labels",
            1,
            Label::Map,
            FieldType::Map(Scalar::String, &FieldType::Scalar(Scalar::String)),
        )),
        Member::Field(field(
            "entry",
            "entry",
            2,
            Label::Singular,
            LABELS_ENTRY_TYPE,
        )),
    ],
);
static LABELS_ENTRY: MessageSchema = message(
    PKG,
    "LabelsEntry",
    "esper.test.v1.LabelsEntry",
    &[scalar("key", "key", 1, Scalar::String)],
);
const LABELS_ENTRY_TYPE: FieldType = FieldType::Message(|| &LABELS_ENTRY);
const TAGGED_TYPE: FieldType = FieldType::Message(|| &TAGGED);

/// In package `test.shadow`: from `esper.test.v1`, `test.shadow.Shadowed`
/// would be looked up in `esper.test` first, so it needs a leading dot.
static SHADOWED: MessageSchema = message("test.shadow", "Shadowed", "test.shadow.Shadowed", &[]);

// ---------------------------------------------------------------------------
// Helpers

fn export_everything() -> Export {
    Exporter::new()
        .message_schema(&EVERYTHING)
        .enum_schema(&STANDALONE)
        .export()
        .unwrap()
}

/// Compiles the exported files with protox, as protoc would.
fn compile(export: &Export) -> prost_types::FileDescriptorSet {
    struct Memory(BTreeMap<String, String>);

    impl protox::file::FileResolver for Memory {
        fn open_file(&self, name: &str) -> Result<protox::file::File, protox::Error> {
            match self.0.get(name) {
                Some(source) => protox::file::File::from_source(name, source),
                None => Err(protox::Error::file_not_found(name)),
            }
        }
    }

    let files = export
        .files()
        .iter()
        .map(|f| (f.path().to_owned(), f.source().to_owned()))
        .collect();
    let mut resolver = protox::file::ChainFileResolver::new();
    resolver.add(Memory(files));
    resolver.add(protox::file::GoogleFileResolver::new());
    let mut compiler = protox::Compiler::with_file_resolver(resolver);
    compiler.include_source_info(false).include_imports(false);
    for file in export.files() {
        if let Err(err) = compiler.open_file(file.path()) {
            panic!(
                "protox rejects {}: {err:?}\n{}",
                file.path(),
                numbered(file.source())
            );
        }
    }
    compiler.file_descriptor_set()
}

fn numbered(source: &str) -> String {
    source
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{:4} {l}\n", i + 1))
        .collect()
}

fn assert_protox_agrees(export: &Export) {
    let compiled = compile(export);
    let ours = export.descriptor_set();
    let names = |set: &prost_types::FileDescriptorSet| -> Vec<String> {
        set.file.iter().map(|f| f.name().to_owned()).collect()
    };
    // Same files, in the same (dependency-first) order.
    assert_eq!(names(&ours), names(&compiled));
    for (ours, theirs) in ours.file.iter().zip(&compiled.file) {
        // Compare piece by piece first, for a readable failure.
        for (a, b) in ours.message_type.iter().zip(&theirs.message_type) {
            let context = format!("message {} of {}", a.name(), ours.name());
            for (fa, fb) in a.field.iter().zip(&b.field) {
                assert_eq!(fa, fb, "field {} of {context}", fa.name());
            }
            for (na, nb) in a.nested_type.iter().zip(&b.nested_type) {
                assert_eq!(na, nb, "nested {} of {context}", na.name());
            }
            assert_eq!(a.oneof_decl, b.oneof_decl, "oneofs of {context}");
            assert_eq!(a.reserved_range, b.reserved_range, "reserved of {context}");
            assert_eq!(a, b, "{context}");
        }
        for (a, b) in ours.enum_type.iter().zip(&theirs.enum_type) {
            assert_eq!(a, b, "enum {} of {}", a.name(), ours.name());
        }
        assert_eq!(ours, theirs, "file {}", ours.name());
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("leyline-export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

// ---------------------------------------------------------------------------
// Tests

#[test]
fn golden_text() {
    let export = Exporter::new().message_schema(&READING).export().unwrap();
    let paths: Vec<&str> = export.files().iter().map(|f| f.path()).collect();
    assert_eq!(paths, ["acme/v1/acme.proto"]);
    let source = export.files()[0].source();
    assert_eq!(source, GOLDEN, "\n{source}");
}

#[test]
fn protox_compiles_the_golden_file_to_the_same_descriptors() {
    let export = Exporter::new().message_schema(&READING).export().unwrap();
    assert_protox_agrees(&export);
}

#[test]
fn protox_compiles_everything_to_the_same_descriptors() {
    assert_protox_agrees(&export_everything());
}

#[test]
fn collection_is_transitive() {
    let export = export_everything();
    let paths: Vec<&str> = export.files().iter().map(|f| f.path()).collect();
    assert_eq!(
        paths,
        [
            "esper/common/v1/common.proto",
            "esper/test/v1/test.proto",
            "test/shadow/shadow.proto",
        ]
    );
    let main = export
        .file("esper/test/v1/test.proto")
        .unwrap()
        .descriptor();
    let messages: Vec<&str> = main.message_type.iter().map(|m| m.name()).collect();
    assert_eq!(
        messages,
        ["Everything", "LabelsEntry", "Node", "Scalars", "Tagged"]
    );
    let enums: Vec<&str> = main.enum_type.iter().map(|e| e.name()).collect();
    assert_eq!(enums, ["Color", "Standalone"]);
    assert_eq!(
        main.dependency,
        [
            "esper/common/v1/common.proto",
            "google/protobuf/any.proto",
            "google/protobuf/duration.proto",
            "google/protobuf/field_mask.proto",
            "google/protobuf/struct.proto",
            "google/protobuf/timestamp.proto",
            "test/shadow/shadow.proto",
        ]
    );
    // Dependencies come first in the descriptor set.
    let order: Vec<String> = export
        .descriptor_set()
        .file
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    assert_eq!(
        order,
        [
            "esper/common/v1/common.proto",
            "test/shadow/shadow.proto",
            "esper/test/v1/test.proto",
        ]
    );
}

#[test]
fn names_are_relative_unless_protoc_would_misread_them() {
    let export = export_everything();
    let source = export.file("esper/test/v1/test.proto").unwrap().source();
    assert!(source.contains("  Node parent = 2;\n"), "{source}");
    assert!(
        source.contains("  esper.common.v1.Money price = 16;\n"),
        "{source}"
    );
    assert!(
        source.contains("  map<uint64, esper.common.v1.Money> prices = 12;\n"),
        "{source}"
    );
    assert!(
        source.contains("  google.protobuf.Timestamp created_at = 14;\n"),
        "{source}"
    );
    assert!(
        source.contains("  .test.shadow.Shadowed shadowed = 22;\n"),
        "{source}"
    );
    assert!(
        source.contains("  string legacy_id = 4 [json_name = \"legacyID\"];\n"),
        "{source}"
    );
    assert!(
        source.contains("  repeated double r_double = 18 [packed = false];\n"),
        "{source}"
    );
    assert!(
        source.contains("  optional bool _private = 21;\n"),
        "{source}"
    );
    let shadow = export.file("test/shadow/shadow.proto").unwrap().source();
    assert!(
        shadow.ends_with("package test.shadow;\n\nmessage Shadowed {}\n"),
        "{shadow}"
    );
}

#[test]
fn output_is_deterministic() {
    let a = export_everything();
    let b = Exporter::new()
        .enum_schema(&STANDALONE)
        .message_schema(&MONEY)
        .message_schema(&NODE)
        .message_schema(&EVERYTHING)
        .message_schema(&EVERYTHING)
        .export()
        .unwrap();
    assert_eq!(a, b);
    let encode = |e: &Export| prost::Message::encode_to_vec(&e.descriptor_set());
    assert_eq!(encode(&a), encode(&export_everything()));
}

static THING_A: MessageSchema = message("esper.dup.v1", "Thing", "esper.dup.v1.Thing", &[]);
static THING_B: MessageSchema = message(
    "esper.dup.v1",
    "Thing",
    "esper.dup.v1.Thing",
    &[scalar("x", "x", 1, Scalar::Bool)],
);
/// Equal to `THING_A` but another static: the same contract.
static THING_A_AGAIN: MessageSchema = message("esper.dup.v1", "Thing", "esper.dup.v1.Thing", &[]);
static THING_ENUM: EnumSchema = EnumSchema {
    name: "Thing",
    package: "esper.dup.v1",
    full_name: "esper.dup.v1.Thing",
    defined_in: None,
    docs: "",
    values: &[value("THING_UNSPECIFIED", 0, "")],
    allow_alias: false,
    reserved_ranges: &[],
    reserved_names: &[],
};
const THING_B_TYPE: FieldType = FieldType::Message(|| &THING_B);
static HOLDER: MessageSchema = message(
    "esper.dup.v1",
    "Holder",
    "esper.dup.v1.Holder",
    &[Member::Field(field(
        "thing",
        "thing",
        1,
        Label::Singular,
        THING_B_TYPE,
    ))],
);

#[test]
fn two_schemas_with_one_name_are_an_error() {
    let err = Exporter::new()
        .message_schema(&THING_A)
        .message_schema(&HOLDER)
        .export()
        .unwrap_err();
    assert_eq!(
        err.problems(),
        [Problem::DuplicateFullName {
            full_name: "esper.dup.v1.Thing".into(),
            first: "message",
            second: "message",
        }]
    );
    assert_eq!(
        err.to_string(),
        "cannot export contracts: two different messages are named `esper.dup.v1.Thing`"
    );

    let err = Exporter::new()
        .message_schema(&THING_A)
        .enum_schema(&THING_ENUM)
        .export()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot export contracts: a message and an enum are both named `esper.dup.v1.Thing`"
    );

    // Equal descriptions in two statics are one contract.
    let export = Exporter::new()
        .message_schema(&THING_A)
        .message_schema(&THING_A_AGAIN)
        .export()
        .unwrap();
    assert_eq!(export.files().len(), 1);
}

static CYCLE_A: MessageSchema = message(
    "esper.a.v1",
    "A",
    "esper.a.v1.A",
    &[Member::Field(field(
        "b",
        "b",
        1,
        Label::Singular,
        CYCLE_B_TYPE,
    ))],
);
static CYCLE_B: MessageSchema = message(
    "esper.b.v1",
    "B",
    "esper.b.v1.B",
    &[Member::Field(field(
        "a",
        "a",
        1,
        Label::Repeated,
        CYCLE_A_TYPE,
    ))],
);
const CYCLE_A_TYPE: FieldType = FieldType::Message(|| &CYCLE_A);
const CYCLE_B_TYPE: FieldType = FieldType::Message(|| &CYCLE_B);

#[test]
fn packages_importing_each_other_are_an_error() {
    let err = Exporter::new()
        .message_schema(&CYCLE_A)
        .export()
        .unwrap_err();
    assert_eq!(
        err.problems(),
        [Problem::ImportCycle {
            files: vec![
                (
                    "esper/a/v1/a.proto".into(),
                    "esper.a.v1.A.b uses esper.b.v1.B".into()
                ),
                (
                    "esper/b/v1/b.proto".into(),
                    "esper.b.v1.B.a uses esper.a.v1.A".into()
                ),
            ],
        }]
    );
}

static SHAPE: EnumSchema = EnumSchema {
    name: "Shape",
    package: "esper.dup.v1",
    full_name: "esper.dup.v1.Shape",
    defined_in: None,
    docs: "",
    values: &[value("UNKNOWN", 0, "")],
    allow_alias: false,
    reserved_ranges: &[],
    reserved_names: &[],
};
static SIZE: EnumSchema = EnumSchema {
    name: "Size",
    full_name: "esper.dup.v1.Size",
    ..SHAPE
};
static BROKEN: MessageSchema = MessageSchema {
    reserved_ranges: &[range(0, 3), range(9, 8)],
    ..message(
        "esper.dup.v1",
        "Broken",
        "esper.dup.v1.Brokn",
        &[
            Member::Field(field(
                "a-b",
                "aB",
                1,
                Label::Singular,
                FieldType::Scalar(Scalar::Bool),
            )),
            Member::Field(field(
                "m",
                "m",
                2,
                Label::Map,
                FieldType::Scalar(Scalar::Bool),
            )),
            Member::Field(field(
                "d",
                "d",
                3,
                Label::Map,
                FieldType::Map(Scalar::Double, &INT64_TYPE),
            )),
            Member::Oneof(OneofSchema {
                name: "o",
                rust_type: "O",
                docs: "",
                fields: &[field(
                    "r",
                    "r",
                    4,
                    Label::Repeated,
                    FieldType::Scalar(Scalar::Bool),
                )],
            }),
        ],
    )
};

#[test]
fn every_problem_is_reported() {
    let err = Exporter::new()
        .enum_schema(&SHAPE)
        .enum_schema(&SIZE)
        .message_schema(&BROKEN)
        .export()
        .unwrap_err();
    let messages: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "full name `esper.dup.v1.Brokn` does not match its package and name \
             (`esper.dup.v1.Broken`)",
            "`esper.dup.v1.Brokn`: reserved range 0 to 3 is outside the field numbers 1 to \
             536870911",
            "`esper.dup.v1.Brokn`: reserved range 9 to 8 ends before it starts",
            "field `esper.dup.v1.Brokn.a-b`: `a-b` is not a valid proto identifier",
            "`esper.dup.v1.Brokn.m`: `Label::Map` needs a `FieldType::Map` type",
            "`esper.dup.v1.Brokn.d`: `double` cannot be a map key",
            "`esper.dup.v1.Brokn.r`: a oneof variant cannot be `repeated`",
            "`esper.dup.v1.UNKNOWN` would be declared twice: by value `UNKNOWN` of enum \
             `esper.dup.v1.Shape` (enum values share the scope of their enum) and by value \
             `UNKNOWN` of enum `esper.dup.v1.Size` (enum values share the scope of their enum)",
        ]
    );
}

#[test]
fn write_and_check_a_directory() {
    let export = export_everything();
    let dir = temp_dir("write-check");

    // Nothing there yet: everything is missing.
    let stale = export.check_dir(&dir).unwrap_err();
    assert_eq!(stale.missing.len(), 3);
    assert!(stale.to_string().ends_with(REFRESH_COMMAND), "{stale}");

    export.write_dir(&dir).unwrap();
    export.check_dir(&dir).unwrap();

    // Edit one file, remove another, add a stray one.
    let main = dir.join("esper/test/v1/test.proto");
    let edited = std::fs::read_to_string(&main)
        .unwrap()
        .replace("uint64 big_number", "int64 big_number");
    std::fs::write(&main, edited).unwrap();
    std::fs::remove_file(dir.join("esper/common/v1/common.proto")).unwrap();
    std::fs::create_dir_all(dir.join("old/v1")).unwrap();
    let old = export.files()[0]
        .source()
        .replace("esper.common.v1", "old.v1");
    std::fs::write(dir.join("old/v1/old.proto"), old).unwrap();
    std::fs::write(dir.join("README.md"), "not a proto file\n").unwrap();
    std::fs::write(dir.join("hand_written.proto"), "syntax = \"proto3\";\n").unwrap();

    let stale = export.check_dir(&dir).unwrap_err();
    assert_eq!(stale.missing, ["esper/common/v1/common.proto"]);
    assert_eq!(stale.extra, ["old/v1/old.proto"]);
    assert_eq!(stale.changed.len(), 1);
    assert_eq!(stale.changed[0].path, "esper/test/v1/test.proto");
    assert!(stale.changed[0].found.contains("int64 big_number"));
    let message = stale.to_string();
    assert!(
        message.contains("changed: esper/test/v1/test.proto (line "),
        "{message}"
    );
    assert!(
        message.contains("missing: esper/common/v1/common.proto"),
        "{message}"
    );
    assert!(message.contains("extra:   old/v1/old.proto"), "{message}");
    assert!(
        message.ends_with(
            "refresh them with: cargo run -p leyline --bin leyline -- export --out proto-out"
        ),
        "{message}"
    );

    // Writing again repairs everything, prunes the stale generated file and
    // the directories it leaves empty, and leaves files leyline did not
    // generate alone.
    export.write_dir(&dir).unwrap();
    export.check_dir(&dir).unwrap();
    assert!(!dir.join("old").exists());
    assert!(dir.join("README.md").exists());
    assert!(dir.join("hand_written.proto").exists());

    // Windows line endings do not count as a change.
    let crlf = std::fs::read_to_string(&main)
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(&main, crlf).unwrap();
    export.check_dir(&dir).unwrap();

    std::fs::remove_dir_all(&dir).unwrap();
}
