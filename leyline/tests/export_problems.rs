//! What export refuses in hand-written schemas, beyond `tests/export.rs`:
//! names and packages, nested types whose parent is missing or an enum,
//! fields no proto3 file can hold, empty oneofs, enum reserved ranges past
//! 32 bits, and an import cycle between packages. Each problem's message
//! names the item and what is wrong, and the error lists them all.

#![allow(clippy::unwrap_used, clippy::panic)]

use leyline::export::{Exporter, Problem};
use leyline::schema::{
    EnumSchema, EnumValueSchema, FieldType, Label, Member, MessageSchema, OneofSchema,
    ReservedRange, Scalar,
};

mod export_support;
use export_support::{field, message};

const BOOL: FieldType = FieldType::Scalar(Scalar::Bool);
const STRING_TO_BOOL: FieldType = FieldType::Map(Scalar::String, &BOOL);

const ONE_BOOL: &[Member] = &[Member::Field(field("b", "b", 1, Label::Singular, BOOL))];

const fn one_bool(
    package: &'static str,
    name: &'static str,
    full_name: &'static str,
) -> MessageSchema {
    message(package, name, full_name, ONE_BOOL)
}

static NO_PACKAGE: MessageSchema = one_bool("", "Lonely", "Lonely");
static BAD_PACKAGE: MessageSchema = one_bool("cov.1bad", "Thing", "cov.1bad.Thing");
static ORPHAN: MessageSchema = one_bool("cov.v1", "Inner", "cov.v1.Missing.Inner");
static IN_ENUM: MessageSchema = one_bool("cov.v1", "Inner", "cov.v1.Color.Inner");

static COLOR: EnumSchema = EnumSchema {
    name: "Color",
    package: "cov.v1",
    full_name: "cov.v1.Color",
    defined_in: None,
    docs: "",
    values: &[
        EnumValueSchema {
            name: "COLOR_UNSPECIFIED",
            number: 0,
            docs: "",
            rust_name: "Unspecified",
        },
        EnumValueSchema {
            name: "COLOR-RED",
            number: 1,
            docs: "",
            rust_name: "Red",
        },
    ],
    allow_alias: false,
    reserved_ranges: &[ReservedRange {
        start: -2_147_483_649,
        end: 5,
    }],
    reserved_names: &["2bad"],
};

static FIELDS: MessageSchema = MessageSchema {
    reserved_names: &["ok_name", "9lives"],
    // Past the largest field number only at its end.
    reserved_ranges: &[ReservedRange {
        start: 100,
        end: 536_870_912,
    }],
    ..message(
        "cov.v1",
        "Fields",
        "cov.v1.Fields",
        &[
            Member::Field(field(
                "nested_map",
                "nested_map",
                1,
                Label::Map,
                FieldType::Map(Scalar::String, &STRING_TO_BOOL),
            )),
            Member::Field(field(
                "unlabelled",
                "unlabelled",
                2,
                Label::Singular,
                STRING_TO_BOOL,
            )),
            // Fine: a map of scalars, an optional field outside a oneof.
            Member::Field(field("good_map", "good_map", 5, Label::Map, STRING_TO_BOOL)),
            Member::Field(field("maybe", "maybe", 6, Label::Optional, BOOL)),
            Member::Oneof(OneofSchema {
                name: "choice",
                rust_type: "Choice",
                docs: "",
                fields: &[
                    field(
                        "in_oneof_map",
                        "in_oneof_map",
                        3,
                        Label::Map,
                        STRING_TO_BOOL,
                    ),
                    field(
                        "in_oneof_optional",
                        "in_oneof_optional",
                        4,
                        Label::Optional,
                        BOOL,
                    ),
                ],
            }),
            Member::Oneof(OneofSchema {
                name: "1empty",
                rust_type: "Empty",
                docs: "",
                fields: &[],
            }),
        ],
    )
};

#[test]
fn every_naming_and_field_problem_is_named() {
    let err = Exporter::new()
        .message_schema(&NO_PACKAGE)
        .message_schema(&BAD_PACKAGE)
        .message_schema(&ORPHAN)
        .message_schema(&IN_ENUM)
        .enum_schema(&COLOR)
        .message_schema(&FIELDS)
        .export()
        .unwrap_err();
    let messages: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    let expected = [
        "`Lonely` has no package",
        "package of `cov.1bad.Thing`: `cov.1bad` is not a valid proto identifier",
        "`cov.v1.Color`: reserved range -2147483649 to 5 is outside the enum values (32-bit integers)",
        "reserved name of `cov.v1.Color`: `2bad` is not a valid proto identifier",
        "value of enum `cov.v1.Color`: `COLOR-RED` is not a valid proto identifier",
        "`cov.v1.Color.Inner` is nested in `cov.v1.Color`, which is an enum: only messages hold nested types",
        "`cov.v1.Fields`: reserved range 100 to 536870912 is outside the field numbers 1 to 536870911",
        "reserved name of `cov.v1.Fields`: `9lives` is not a valid proto identifier",
        "`cov.v1.Fields.nested_map`: the value of a map cannot be a map",
        "`cov.v1.Fields.unlabelled`: a map type needs `Label::Map`",
        "`cov.v1.Fields.in_oneof_map`: a map cannot be a oneof variant",
        "`cov.v1.Fields.in_oneof_optional`: a oneof variant cannot be `optional`",
        "oneof `cov.v1.Fields.1empty`: `1empty` is not a valid proto identifier",
        "`cov.v1.Fields.1empty`: a oneof needs at least one variant",
        "`cov.v1.Missing.Inner` is nested in `cov.v1.Missing`, which is not exported with it; \
         add that message to the export",
    ];
    for e in expected {
        assert!(
            messages.iter().any(|m| m == e),
            "missing {e:?} in {messages:#?}"
        );
    }
    assert_eq!(messages.len(), expected.len(), "{messages:#?}");
    // Several problems: a count, then one a line.
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "cannot export contracts ({} problems):\n  - ",
            expected.len()
        )),
        "{text}"
    );
    assert_eq!(text.lines().count(), expected.len() + 1, "{text}");
}

#[test]
fn one_problem_is_one_line() {
    // A type without a package is one mistake: its full name is its name.
    let err = Exporter::new()
        .message_schema(&NO_PACKAGE)
        .export()
        .unwrap_err();
    assert_eq!(err.problems().len(), 1, "{err}");
    assert_eq!(
        err.to_string(),
        "cannot export contracts: `Lonely` has no package"
    );
    // Unless the full name is not even that.
    static RENAMED: MessageSchema = one_bool("", "Named", "Other");
    let err = Exporter::new()
        .message_schema(&RENAMED)
        .export()
        .unwrap_err();
    let messages: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "`Other` has no package",
            "full name `Other` does not match its package and name (`Named`)"
        ]
    );
}

static CYCLE_A: MessageSchema = message(
    "cyc.a.v1",
    "A",
    "cyc.a.v1.A",
    &[Member::Field(field(
        "b",
        "b",
        1,
        Label::Singular,
        FieldType::Message(|| &CYCLE_B),
    ))],
);
static CYCLE_B: MessageSchema = message(
    "cyc.b.v1",
    "B",
    "cyc.b.v1.B",
    &[Member::Field(field(
        "a",
        "a",
        1,
        Label::Singular,
        FieldType::Message(|| &CYCLE_A),
    ))],
);

#[test]
fn an_import_cycle_names_each_file_and_reference() {
    let err = Exporter::new()
        .message_schema(&CYCLE_A)
        .message_schema(&CYCLE_B)
        .export()
        .unwrap_err();
    let [Problem::ImportCycle { files }] = err.problems() else {
        panic!("{err}");
    };
    assert_eq!(files.len(), 2, "{files:?}");
    let text = err.problems()[0].to_string();
    assert!(
        text.starts_with("packages refer to each other in a cycle, which protoc rejects: "),
        "{text}"
    );
    for (file, reason) in files {
        assert!(
            text.contains(&format!(" {file} imports the next ({reason});")),
            "{text}"
        );
    }
    assert!(
        text.ends_with(&format!(" the last imports {}", files[0].0)),
        "{text}"
    );
    assert!(
        text.contains("cyc/a/v1/") && text.contains("cyc/b/v1/"),
        "{text}"
    );
}

#[test]
fn two_different_messages_of_one_name_are_refused() {
    static FIRST: MessageSchema = one_bool("cov.v1", "Twin", "cov.v1.Twin");
    static SECOND: MessageSchema = message(
        "cov.v1",
        "Twin",
        "cov.v1.Twin",
        &[Member::Field(field("c", "c", 2, Label::Singular, BOOL))],
    );
    let err = Exporter::new()
        .message_schema(&FIRST)
        .message_schema(&SECOND)
        .export()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot export contracts: two different messages are named `cov.v1.Twin`"
    );
}

#[test]
fn the_same_schema_given_twice_is_one_message() {
    // Two statics with the same description are the same contract.
    static COPY_A: MessageSchema = one_bool("cov.v1", "Copy", "cov.v1.Copy");
    static COPY_B: MessageSchema = one_bool("cov.v1", "Copy", "cov.v1.Copy");
    let export = Exporter::new()
        .message_schema(&COPY_A)
        .message_schema(&COPY_B)
        .message_schema(&COPY_A)
        .export()
        .unwrap();
    assert_eq!(export.files().len(), 1);
    assert_eq!(
        export.files()[0].source().matches("message Copy {").count(),
        1
    );
}

#[test]
fn an_import_cycle_without_files_still_reads() {
    let problem = Problem::ImportCycle { files: Vec::new() };
    assert_eq!(
        problem.to_string(),
        "packages refer to each other in a cycle, which protoc rejects:"
    );
}
