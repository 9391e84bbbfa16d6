//! Schema builders and the protox check shared by the export tests
//! (`export.rs`, `export_render.rs`, `export_problems.rs`). Each test file
//! uses only some of them.
#![allow(dead_code)]

use std::collections::BTreeMap;

use leyline::export::Export;
use leyline::schema::{FieldSchema, FieldType, Label, Member, MessageSchema};

/// A field as the macro would describe it: packed exactly when it is a
/// repeated field of a packable type.
pub(crate) const fn field(
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

/// A top-level message with no docs, reserved numbers or unknown-field store.
pub(crate) const fn message(
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

/// Compiles the exported files with protox, as protoc would.
pub(crate) fn compile(export: &Export) -> prost_types::FileDescriptorSet {
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

/// `source` with line numbers, for a failure message.
pub(crate) fn numbered(source: &str) -> String {
    source
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{:4} {l}\n", i + 1))
        .collect()
}

/// protox compiles the exported files to exactly the descriptors the
/// exporter builds: the same files in the same (dependency-first) order,
/// compared piece by piece first for a readable failure.
pub(crate) fn assert_protox_agrees(export: &Export) {
    let compiled = compile(export);
    let ours = export.descriptor_set();
    let names = |set: &prost_types::FileDescriptorSet| -> Vec<String> {
        set.file.iter().map(|f| f.name().to_owned()).collect()
    };
    assert_eq!(names(&ours), names(&compiled));
    for (ours, theirs) in ours.file.iter().zip(&compiled.file) {
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
    assert_eq!(ours, compiled);
}
