//! The testee's contracts exported as `.proto`: nested types inside their
//! parents, enum values scoped as protoc scopes them, `[packed = false]`,
//! `google.protobuf.NullValue` imported from `struct.proto`; and protox
//! compiles the export to exactly the descriptors Leyline builds itself.

// Test helpers fail by panicking, with the text that explains the failure.
#![allow(clippy::panic)]

use std::collections::BTreeMap;

use leyline::export::{Export, Exporter};
use leyline_conformance::proto3::{Bool, EnumOnlyProto3, NullHypothesisProto3, TestAllTypesProto3};

fn export() -> Export {
    let export = Exporter::new()
        .message::<TestAllTypesProto3>()
        .message::<NullHypothesisProto3>()
        .message::<EnumOnlyProto3>()
        .enumeration::<Bool>()
        .export();
    match export {
        Ok(export) => export,
        Err(e) => panic!("{e}"),
    }
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
            panic!("protox rejects {}: {err:?}\n{}", file.path(), file.source());
        }
    }
    compiler.file_descriptor_set()
}

#[test]
fn the_export_nests_types_and_marks_unpacked_fields() {
    let export = export();
    let paths: Vec<&str> = export.files().iter().map(|f| f.path()).collect();
    assert_eq!(
        paths,
        ["protobuf_test_messages/proto3/proto3.proto"],
        "one file for the package"
    );
    let source = export.files()[0].source();
    for expected in [
        "import \"google/protobuf/struct.proto\";",
        "message EnumOnlyProto3 {\n  // `EnumOnlyProto3.Bool`.\n  enum Bool {\n    kFalse = 0;\n    kTrue = 1;\n  }\n}",
        "message TestAllTypesProto3 {\n  // `TestAllTypesProto3.AliasedEnum`.\n  enum AliasedEnum {\n    option allow_alias = true;",
        "\n  enum NestedEnum {\n    FOO = 0;",
        "\n  message NestedMessage {\n    int32 a = 1;\n    TestAllTypesProto3 corecursive = 2;",
        "NestedMessage optional_nested_message = 18;",
        "repeated int32 unpacked_int32 = 89 [packed = false];",
        "repeated NestedEnum unpacked_nested_enum = 102 [packed = false];",
        "google.protobuf.NullValue optional_null_value = 307;",
        "google.protobuf.NullValue oneof_null_value = 120;",
        "map<string, NestedMessage> map_string_nested_message = 71;",
        "reserved 501 to 510;",
    ] {
        assert!(source.contains(expected), "missing {expected:?} in\n{source}");
    }
}

#[test]
fn protox_compiles_the_export_to_our_descriptors() {
    let export = export();
    let compiled = compile(&export);
    let ours = export.descriptor_set();
    assert_eq!(ours.file.len(), compiled.file.len());
    for (a, b) in ours.file.iter().zip(&compiled.file) {
        for (ma, mb) in a.message_type.iter().zip(&b.message_type) {
            for (fa, fb) in ma.field.iter().zip(&mb.field) {
                assert_eq!(fa, fb, "field {} of {}", fa.name(), ma.name());
            }
            for (na, nb) in ma.nested_type.iter().zip(&mb.nested_type) {
                assert_eq!(na, nb, "nested {} of {}", na.name(), ma.name());
            }
            assert_eq!(ma.enum_type, mb.enum_type, "enums of {}", ma.name());
            assert_eq!(ma, mb, "message {}", ma.name());
        }
        assert_eq!(a, b, "file {}", a.name());
    }
    // The nested enum values are scoped to the message, so `FOO` of
    // `NestedEnum` and `ALIAS_FOO` of `AliasedEnum` sit side by side there.
    let message = ours.file[0]
        .message_type
        .iter()
        .find(|m| m.name() == "TestAllTypesProto3");
    let enums: Vec<&str> = message
        .map(|m| m.enum_type.iter().map(|e| e.name()).collect())
        .unwrap_or_default();
    assert_eq!(enums, ["AliasedEnum", "NestedEnum"]);
}
