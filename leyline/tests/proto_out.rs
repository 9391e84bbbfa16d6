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

/// What `leyline export --out proto-out` writes: the `.proto` files and the
/// Python facade `esper/leyline/contracts.py`.
fn export_all() -> Export {
    leyline::contracts::exporter()
        .export()
        .expect("the Esper contracts export")
}

/// The exporter the `leyline` binary uses covers every Esper contract: the
/// same export as every schema given by hand.
#[test]
fn the_cli_exporter_has_every_esper_contract() {
    let mut by_schema = Exporter::new();
    for schema in leyline::contracts::all_messages() {
        by_schema = by_schema.message_schema(schema);
    }
    for schema in leyline::contracts::all_enums() {
        by_schema = by_schema.enum_schema(schema);
    }
    let by_schema = by_schema.export().expect("the Esper contracts export");
    assert_eq!(export_all().files(), by_schema.files());
    assert_eq!(
        leyline::contracts::exporter().message_types().len(),
        leyline::contracts::all_messages().len()
    );
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

/// `SeedLifecycleStage` → `SEED_LIFECYCLE_STAGE_`, as buf's ENUM_VALUE_PREFIX
/// rule expects.
fn buf_value_prefix(enum_name: &str) -> String {
    let mut out = String::new();
    for (i, c) in enum_name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out.push('_');
    out
}

/// `proto-out/buf.yaml` excludes ENUM_VALUE_PREFIX and ENUM_ZERO_VALUE_SUFFIX
/// for the whole file (buf scopes exclusions by path, and every enum lives in
/// one file). This pins the enums those exclusions are for, so a new enum that
/// breaks either rule fails here instead of slipping through the exclusion, and
/// checks that buf.yaml names each of them.
#[test]
fn buf_lint_exclusions_cover_exactly_the_python_named_enums() {
    let mut bad_prefix = Vec::new();
    let mut bad_zero = Vec::new();
    for schema in leyline::contracts::all_enums() {
        let prefix = buf_value_prefix(schema.name);
        if schema.values.iter().any(|v| !v.name.starts_with(&prefix)) {
            bad_prefix.push(schema.name);
        }
        let zero = schema.values.iter().find(|v| v.number == 0).unwrap();
        if !zero.name.ends_with("_UNSPECIFIED") {
            bad_zero.push(schema.name);
        }
    }
    bad_prefix.sort_unstable();
    bad_zero.sort_unstable();
    assert_eq!(
        bad_prefix,
        [
            "CircuitBreakerState",
            "CommandType",
            "SeedLifecycleStage",
            "SeedOperation"
        ],
        "enums whose value names break buf's ENUM_VALUE_PREFIX; a new one needs \
         the Python naming reason recorded in proto-out/buf.yaml"
    );
    assert_eq!(
        bad_zero,
        [
            "CircuitBreakerState",
            "CommandType",
            "DeliveryGuarantee",
            "HealthStatus",
            "SeedLifecycleStage",
            "SeedOperation"
        ],
        "enums whose zero value breaks buf's ENUM_ZERO_VALUE_SUFFIX; a new one \
         needs the Python naming reason recorded in proto-out/buf.yaml"
    );
    // Each rule's reason is the comment just above it in buf.yaml.
    let config = std::fs::read_to_string(proto_out().join("buf.yaml")).unwrap();
    let (prefix_reason, rest) = config
        .split_once("ENUM_VALUE_PREFIX:")
        .expect("buf.yaml excludes ENUM_VALUE_PREFIX");
    let (zero_reason, zero_paths) = rest
        .split_once("ENUM_ZERO_VALUE_SUFFIX:")
        .expect("buf.yaml excludes ENUM_ZERO_VALUE_SUFFIX after ENUM_VALUE_PREFIX");
    for name in bad_prefix {
        assert!(
            prefix_reason.contains(name),
            "buf.yaml's ENUM_VALUE_PREFIX reason does not name {name}"
        );
    }
    for name in bad_zero {
        assert!(
            zero_reason.contains(name),
            "buf.yaml's ENUM_ZERO_VALUE_SUFFIX reason does not name {name}"
        );
    }
    assert!(zero_paths.contains("esper/leyline/v1/leyline.proto"));
}
