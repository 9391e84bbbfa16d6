//! Export rendering at its edges: file paths of versioned packages (`v1beta2`,
//! `v1p1beta1`, `v1test`, and components that only look like versions), a
//! custom `json_name` holding characters a proto string must escape, a message
//! holding only reserved numbers, a message holding only a nested type, and a
//! package whose name is also a message. Every file written is compiled by
//! protox (protoc's rules), and what it compiles is what the exporter meant.

#![allow(clippy::unwrap_used, clippy::panic)]

use leyline::export::{Exporter, Problem};
use leyline::schema::{
    EnumSchema, EnumValueSchema, FieldType, Label, Member, MessageSchema, ReservedRange, Scalar,
};

mod export_support;
use export_support::{assert_protox_agrees, compile, field, message};

const UINT32: FieldType = FieldType::Scalar(Scalar::Uint32);

const ONE: &[Member] = &[Member::Field(field("n", "n", 1, Label::Singular, UINT32))];

#[test]
fn versioned_packages_are_named_by_their_last_other_component() {
    static BETA: MessageSchema = message("acme.store.v1beta2", "A", "acme.store.v1beta2.A", ONE);
    static POINT: MessageSchema =
        message("acme.store.v1p1beta1", "A", "acme.store.v1p1beta1.A", ONE);
    static TEST: MessageSchema = message("acme.v1test", "A", "acme.v1test.A", ONE);
    static ALPHA: MessageSchema = message("acme.v2alpha", "A", "acme.v2alpha.A", ONE);
    // Not versions: `vx` (no digit), `v1x` (an unknown suffix), `v` alone.
    static VX: MessageSchema = message("acme.vx", "A", "acme.vx.A", ONE);
    static V1X: MessageSchema = message("acme.v1x", "A", "acme.v1x.A", ONE);
    static ONLY: MessageSchema = message("v1", "A", "v1.A", ONE);
    let export = [&BETA, &POINT, &TEST, &ALPHA, &VX, &V1X, &ONLY]
        .into_iter()
        .fold(Exporter::new(), Exporter::message_schema)
        .export()
        .unwrap();
    let mut paths: Vec<&str> = export.files().iter().map(|f| f.path()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "acme/store/v1beta2/store.proto",
            "acme/store/v1p1beta1/store.proto",
            "acme/v1test/acme.proto",
            "acme/v1x/v1x.proto",
            "acme/v2alpha/acme.proto",
            "acme/vx/vx.proto",
            "v1/v1.proto",
        ]
    );
    assert_protox_agrees(&export);
}

#[test]
fn a_json_name_with_special_characters_is_escaped_and_compiles_back() {
    static ODD: MessageSchema = message(
        "render.v1",
        "Odd",
        "render.v1.Odd",
        &[
            Member::Field(field(
                "quoted",
                "say \"hi\"\\now",
                1,
                Label::Singular,
                UINT32,
            )),
            Member::Field(field(
                "spaced",
                "tab\there\r\nnext\u{1}",
                2,
                Label::Singular,
                UINT32,
            )),
        ],
    );
    let export = Exporter::new().message_schema(&ODD).export().unwrap();
    let source = export.files()[0].source();
    assert!(
        source.contains(r#"uint32 quoted = 1 [json_name = "say \"hi\"\\now"];"#),
        "{source}"
    );
    assert!(
        source.contains(r#"uint32 spaced = 2 [json_name = "tab\there\r\nnext\x01"];"#),
        "{source}"
    );
    let compiled = compile(&export);
    let fields = &compiled.file[0].message_type[0].field;
    assert_eq!(fields[0].json_name(), "say \"hi\"\\now");
    assert_eq!(fields[1].json_name(), "tab\there\r\nnext\u{1}");
    assert_eq!(export.descriptor_set(), compiled);
}

static OUTER: MessageSchema = message("render.v1", "Outer", "render.v1.Outer", &[]);
static INNER: EnumSchema = EnumSchema {
    name: "Inner",
    package: "render.v1",
    full_name: "render.v1.Outer.Inner",
    defined_in: None,
    docs: "",
    values: &[EnumValueSchema {
        name: "INNER_UNSPECIFIED",
        number: 0,
        docs: "",
        rust_name: "Unspecified",
    }],
    allow_alias: false,
    reserved_ranges: &[ReservedRange { start: 4, end: 4 }],
    reserved_names: &[],
};
static RESERVED_ONLY: MessageSchema = MessageSchema {
    reserved_ranges: &[ReservedRange { start: 2, end: 3 }],
    reserved_names: &["gone"],
    ..message("render.v1", "Retired", "render.v1.Retired", &[])
};
static EMPTY: MessageSchema = message("render.v1", "Empty", "render.v1.Empty", &[]);
static CRATE: MessageSchema = message("render.v1", "Crate", "render.v1.Crate", &[]);
static CRATE_A: MessageSchema = message("render.v1", "A", "render.v1.Crate.A", ONE);
static CRATE_B: MessageSchema = message("render.v1", "B", "render.v1.Crate.B", &[]);

#[test]
fn messages_with_only_reserved_numbers_or_nested_types_render_and_compile() {
    let export = Exporter::new()
        .message_schema(&OUTER)
        .enum_schema(&INNER)
        .message_schema(&RESERVED_ONLY)
        .message_schema(&EMPTY)
        .message_schema(&CRATE)
        .message_schema(&CRATE_B)
        .message_schema(&CRATE_A)
        .export()
        .unwrap();
    let source = export.files()[0].source();
    assert!(source.contains("message Empty {}\n"), "{source}");
    assert!(
        source.contains("message Retired {\n  reserved 2 to 3;\n  reserved \"gone\";\n}\n"),
        "{source}"
    );
    assert!(
        source.contains(
            "message Outer {\n  enum Inner {\n    reserved 4;\n\n    INNER_UNSPECIFIED = 0;\n  }\n}\n"
        ),
        "{source}"
    );
    // Only nested messages, set apart by a blank line.
    assert!(
        source.contains(
            "message Crate {\n  message A {\n    uint32 n = 1;\n  }\n\n  message B {}\n}\n"
        ),
        "{source}"
    );
    assert_protox_agrees(&export);
}

#[test]
fn a_package_named_like_a_message_is_refused() {
    // `clash.v1.Thing` is a message, and the package of another one.
    static THING: MessageSchema = message("clash.v1", "Thing", "clash.v1.Thing", ONE);
    static INSIDE: MessageSchema = message("clash.v1.Thing", "A", "clash.v1.Thing.A", ONE);
    let err = Exporter::new()
        .message_schema(&THING)
        .message_schema(&INSIDE)
        .export()
        .unwrap_err();
    let dup = err
        .problems()
        .iter()
        .find(|p| matches!(p, Problem::DuplicateSymbol { .. }))
        .unwrap_or_else(|| panic!("{err}"));
    let text = dup.to_string();
    assert!(
        text.starts_with("`clash.v1.Thing` would be declared twice: "),
        "{text}"
    );
    assert!(text.contains("package"), "{text}");
    // Two packages sharing a prefix are fine.
    static OTHER: MessageSchema = message("clash.v2", "Thing", "clash.v2.Thing", ONE);
    let export = Exporter::new()
        .message_schema(&THING)
        .message_schema(&OTHER)
        .export()
        .unwrap();
    assert_eq!(export.files().len(), 2);
}
