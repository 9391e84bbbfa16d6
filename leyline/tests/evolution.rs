//! The schema evolution guard, scenario by scenario: each scenario under
//! `tests/evolution/` must break exactly the rules listed in
//! `tests/evolution/scenarios.rs`, no more and no fewer.

#![cfg(feature = "evolution")]
// Helpers outside `#[test]` functions panic on failure too.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};

use leyline::evolution::{
    check, check_against_dir, check_with, load_proto_dir, EvolutionError, Member, Rule, RuleSet,
    Subject,
};

#[path = "evolution/scenarios.rs"]
mod scenarios;

use scenarios::{scenario_names, Profile, SCENARIOS};

fn load(dir: &Path) -> prost_types::FileDescriptorSet {
    match load_proto_dir(dir) {
        Ok(set) => set,
        Err(err) => panic!("{}: {err}", dir.display()),
    }
}

#[test]
fn every_scenario_breaks_exactly_the_expected_rules() {
    let mut failures = Vec::new();
    for scenario in SCENARIOS {
        let old = load(&scenario.dir().join("old"));
        let new = load(&scenario.dir().join("new"));
        let report = check_with(&old, &new, scenario.profile.rules());
        let found: Vec<&str> = report.rules().iter().map(|r| r.id()).collect();
        let mut expected = scenario.expect.to_vec();
        expected.sort_unstable();
        let mut found_sorted = found.clone();
        found_sorted.sort_unstable();
        if found_sorted != expected {
            failures.push(format!(
                "{} ({:?}): expected {expected:?}, found {found_sorted:?}\n{report}",
                scenario.name, scenario.profile
            ));
        }
        assert_eq!(report.is_compatible(), expected.is_empty());
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_scenario_directory_is_listed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evolution");
    let mut on_disk: Vec<String> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, scenario_names());
}

#[test]
fn every_rule_is_exercised_by_some_scenario() {
    for rule in Rule::ALL {
        assert!(
            SCENARIOS.iter().any(|s| s.expect.contains(&rule.id())),
            "no scenario breaks {rule}"
        );
    }
}

fn scenario_report(name: &str, profile: Profile) -> leyline::evolution::Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/evolution")
        .join(name);
    check_with(
        &load(&dir.join("old")),
        &load(&dir.join("new")),
        profile.rules(),
    )
}

#[test]
fn report_lists_every_problem_one_per_line() {
    let report = scenario_report("field_number_reused", Profile::Leyline);
    assert_eq!(
        report.to_string(),
        "esper.v1.SeedState field 3 \"gradient_norm\": number 3 reused by \"risk\" (was \"gradient_norm\", float) [FIELD_SAME_NAME]\n\
         esper.v1.SeedState field 3 \"gradient_norm\": JSON name changed from \"gradientNorm\" to \"risk\" [FIELD_SAME_JSON_NAME]\n\
         esper.v1.SeedState field 3 \"gradient_norm\": type changed from float to string [FIELD_WIRE_JSON_COMPATIBLE_TYPE]"
    );
    let problem = &report.problems()[0];
    assert_eq!(problem.rule(), Rule::FieldSameName);
    assert_eq!(problem.subject(), Subject::Message);
    assert_eq!(problem.name(), "esper.v1.SeedState");
    assert_eq!(problem.file(), "esper/v1/seed.proto");
    assert_eq!(problem.field(), Some((3, "gradient_norm")));
    assert_eq!(problem.old_value(), Some("gradient_norm"));
    assert_eq!(problem.new_value(), Some("risk"));
}

#[test]
fn report_display_reads_well_for_each_kind_of_element() {
    let line = |name: &str, profile| scenario_report(name, profile).to_string();
    assert_eq!(
        line("enum_value_deleted_name_reserved", Profile::Leyline),
        "esper.v1.Stage value 2 \"STAGE_TRAINING\": deleted without reserving number 2 [ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED]"
    );
    assert_eq!(
        line("file_package_changed", Profile::Leyline),
        "package esper.v1: package deleted: no file declares it any more [PACKAGE_NO_DELETE]\n\
         file esper/v1/seed.proto: package changed from \"esper.v1\" to \"esper.v2\" [FILE_SAME_PACKAGE]"
    );
    assert_eq!(
        line("rpc_client_streaming_changed", Profile::Leyline),
        "esper.v1.Trainer rpc \"Step\": request streaming changed from unary to streaming [RPC_SAME_CLIENT_STREAMING]"
    );
    assert_eq!(
        line("reserved_message_range_removed", Profile::Leyline),
        "esper.v1.Sample: reserved range 4 removed: 4 no longer reserved [RESERVED_MESSAGE_NO_DELETE]\n\
         esper.v1.Sample: reserved range 8 to 10 removed: 10 no longer reserved [RESERVED_MESSAGE_NO_DELETE]"
    );
    assert_eq!(
        line("cardinality_singular_to_repeated", Profile::Leyline),
        "esper.v1.Sample field 1 \"value\": cardinality changed from singular (implicit presence) to repeated [FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY]"
    );
    assert_eq!(
        line("message_deleted", Profile::Leyline),
        "esper.v1.Blueprint: message deleted from package esper.v1 [PACKAGE_MESSAGE_NO_DELETE]"
    );
    assert_eq!(line("field_added", Profile::Leyline), "no breaking changes");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    // Two fields deleted, one renamed, one enum value deleted: all show up.
    let dir = temp_dir("accumulate");
    write(&dir.join("old/esper/v1/a.proto"), "syntax = \"proto3\";\npackage esper.v1;\nmessage A { int32 a = 1; int32 b = 2; int32 c = 3; }\nenum E { E_UNSPECIFIED = 0; E_ONE = 1; }\n");
    write(&dir.join("new/esper/v1/a.proto"), "syntax = \"proto3\";\npackage esper.v1;\nmessage A { int32 z = 3; }\nenum E { E_UNSPECIFIED = 0; }\n");
    let report = check(&load(&dir.join("old")), &load(&dir.join("new")));
    let fields: Vec<Option<&Member>> = report.problems().iter().map(|p| p.member()).collect();
    assert_eq!(report.problems().len(), 8, "{report}");
    assert!(fields.iter().all(Option::is_some));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_against_dir_uses_the_directory_as_the_old_version() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evolution/field_deleted");
    let current = load(&scenario.join("new"));
    let report = check_against_dir(&current, &scenario.join("old")).unwrap();
    assert_eq!(
        report.rules(),
        vec![
            Rule::FieldNoDeleteUnlessNumberReserved,
            Rule::FieldNoDeleteUnlessNameReserved
        ]
    );
    // Against itself, nothing changed.
    assert!(check_against_dir(&current, &scenario.join("new"))
        .unwrap()
        .is_compatible());
}

/// The scalar changes buf's docs list as compatible, as `old_to_new`.
const WIRE_COMPATIBLE: &[&str] = &[
    // int32, uint32, int64, uint64 and bool are all varints.
    "int32_to_int64",
    "int32_to_uint32",
    "int32_to_uint64",
    "int32_to_bool",
    "int64_to_int32",
    "int64_to_uint32",
    "int64_to_uint64",
    "int64_to_bool",
    "uint32_to_int32",
    "uint32_to_int64",
    "uint32_to_uint64",
    "uint32_to_bool",
    "uint64_to_int32",
    "uint64_to_int64",
    "uint64_to_uint32",
    "uint64_to_bool",
    "bool_to_int32",
    "bool_to_int64",
    "bool_to_uint32",
    "bool_to_uint64",
    // Zigzag varints, and fixed widths of the same size.
    "sint32_to_sint64",
    "sint64_to_sint32",
    "fixed32_to_sfixed32",
    "sfixed32_to_fixed32",
    "fixed64_to_sfixed64",
    "sfixed64_to_fixed64",
    // Every string is valid bytes, not the other way round.
    "string_to_bytes",
];

/// JSON prints 64-bit integers as strings, bools as `true`, bytes as base64.
const WIRE_JSON_COMPATIBLE: &[&str] = &[
    "int32_to_uint32",
    "uint32_to_int32",
    "int64_to_uint64",
    "uint64_to_int64",
    "fixed32_to_sfixed32",
    "sfixed32_to_fixed32",
    "fixed64_to_sfixed64",
    "sfixed64_to_fixed64",
];

#[test]
fn scalar_type_changes_follow_buf_field_by_field() {
    for (profile, compatible) in [
        (Profile::Wire, WIRE_COMPATIBLE),
        (Profile::WireJson, WIRE_JSON_COMPATIBLE),
    ] {
        let report = scenario_report("type_matrix_all_scalars", profile);
        let broken: Vec<&str> = report
            .problems()
            .iter()
            .map(|p| p.field().unwrap().1)
            .collect();
        assert_eq!(broken.len(), 15 * 14 - compatible.len(), "{profile:?}");
        for pair in compatible {
            assert!(!broken.contains(pair), "{profile:?}: {pair} reported");
        }
    }
}

#[test]
fn rule_sets_are_buf_categories() {
    assert!(RuleSet::wire().contains(Rule::FieldWireCompatibleType));
    assert!(!RuleSet::wire().contains(Rule::FieldSameName));
    assert!(RuleSet::wire_json().contains(Rule::FieldSameName));
    assert!(!RuleSet::wire_json().contains(Rule::FieldWireCompatibleType));
    assert_eq!(RuleSet::default(), RuleSet::leyline());
    assert_eq!(
        Rule::from_id("FIELD_SAME_ONEOF"),
        Some(Rule::FieldSameOneof)
    );
    assert_eq!(Rule::from_id("FIELD_SAME_TYPE"), None);
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("leyline-evolution-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn parse_errors_name_the_file_line_and_column() {
    let dir = temp_dir("parse");
    write(
        &dir.join("esper/v1/ok.proto"),
        "syntax = \"proto3\";\npackage esper.v1;\nmessage Ok {}\n",
    );
    write(
        &dir.join("esper/v1/broken.proto"),
        "syntax = \"proto3\";\npackage esper.v1;\nmessage Broken {\n  int32 x = 1\n}\n",
    );
    let err = load_proto_dir(&dir).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, EvolutionError::Compile { .. }), "{text}");
    let expected_prefix = format!("{}:5:1: ", dir.join("esper/v1/broken.proto").display());
    assert!(text.starts_with(&expected_prefix), "{text}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unresolved_types_name_the_file() {
    let dir = temp_dir("unresolved");
    write(
        &dir.join("esper/v1/a.proto"),
        "syntax = \"proto3\";\npackage esper.v1;\nmessage A { Missing m = 1; }\n",
    );
    let text = load_proto_dir(&dir).unwrap_err().to_string();
    assert!(text.contains("esper/v1/a.proto"), "{text}");
    assert!(text.contains("Missing"), "{text}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_empty_or_missing_directory_is_an_error() {
    let dir = temp_dir("empty");
    fs::create_dir_all(&dir).unwrap();
    let err = load_proto_dir(&dir).unwrap_err();
    assert!(matches!(err, EvolutionError::NoProtoFiles { .. }));
    assert!(err.to_string().starts_with("no .proto files found under"));
    fs::remove_dir_all(&dir).unwrap();
    let err = load_proto_dir(&dir).unwrap_err();
    assert!(matches!(err, EvolutionError::Io { .. }), "{err}");
}

#[test]
fn well_known_types_resolve_and_imports_stay_out_of_the_set() {
    let dir = temp_dir("wkt");
    write(
        &dir.join("esper/v1/a.proto"),
        "syntax = \"proto3\";\npackage esper.v1;\nimport \"google/protobuf/timestamp.proto\";\nimport \"esper/v1/b.proto\";\nmessage A { google.protobuf.Timestamp at = 1; B b = 2; }\n",
    );
    write(
        &dir.join("esper/v1/b.proto"),
        "syntax = \"proto3\";\npackage esper.v1;\nmessage B {}\n",
    );
    let set = load(&dir);
    let names: Vec<&str> = set.file.iter().map(|f| f.name()).collect();
    assert_eq!(names, ["esper/v1/b.proto", "esper/v1/a.proto"]);
    assert!(check(&set, &set).is_compatible());
    fs::remove_dir_all(&dir).unwrap();
}
