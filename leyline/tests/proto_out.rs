//! The checked-in `proto-out/` is what the contracts export today, and a real
//! protobuf compiler (protox) reads it back into exactly the descriptors the
//! macros produced: names, numbers, types, labels, oneofs, reserved ranges.

// Test support code may panic: a failed expectation is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use leyline::export::{Export, Exporter};

fn proto_out() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../proto-out")
}

fn export_all() -> Export {
    let mut exporter = Exporter::new();
    for schema in leyline::contracts::all_messages() {
        exporter = exporter.message_schema(schema);
    }
    for schema in leyline::contracts::all_enums() {
        exporter = exporter.enum_schema(schema);
    }
    exporter.export().expect("the Esper contracts export")
}

#[test]
fn checked_in_proto_out_is_fresh() {
    if let Err(stale) = export_all().check_dir(proto_out()) {
        panic!("{stale}");
    }
}

#[test]
fn protox_reads_proto_out_into_our_descriptors() {
    let export = export_all();
    let names: Vec<&str> = export.files().iter().map(|f| f.path()).collect();
    let mut compiler = protox::Compiler::new([proto_out()]).expect("include path");
    compiler.include_source_info(false).include_imports(false);
    compiler
        .open_files(&names)
        .expect("protox compiles every exported file");
    let compiled = compiler.file_descriptor_set();
    let ours = export.descriptor_set();
    assert_eq!(compiled.file.len(), ours.file.len());
    for theirs in &compiled.file {
        let mine = ours
            .file
            .iter()
            .find(|f| f.name == theirs.name)
            .expect("same files");
        assert_eq!(mine, theirs, "descriptor of {:?} differs", theirs.name);
    }
    // Every Esper message is in there.
    let file = &compiled.file[0];
    assert_eq!(
        file.message_type.len(),
        leyline::contracts::all_messages().len()
    );
}
