//! The evolution guard beyond its scenarios: proto2 defaults (a float NaN
//! respelled is no change, other values are), required fields made optional,
//! groups, files without a package; the `Rule` and `RuleSet` API (ids,
//! display, sets built from rules, with and without a rule); and the text of
//! each `EvolutionError`, whose I/O source is kept.

#![cfg(feature = "evolution")]
#![allow(clippy::unwrap_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};

use leyline::evolution::{check, check_with, load_proto_dir, EvolutionError, Rule, RuleSet};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "leyline-evolution-edges-{}-{name}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn report_of(name: &str, old: &str, new: &str, rules: RuleSet) -> String {
    let dir = temp_dir(name);
    write(&dir.join("old/a.proto"), old);
    write(&dir.join("new/a.proto"), new);
    let old = load_proto_dir(&dir.join("old")).unwrap();
    let new = load_proto_dir(&dir.join("new")).unwrap();
    let report = check_with(&old, &new, rules);
    fs::remove_dir_all(&dir).unwrap();
    report.to_string()
}

const OLD: &str = r#"syntax = "proto2";
package edges.v1;
enum E { E_A = 0; E_B = 1; }
message M {
  optional float f = 1 [default = nan];
  optional double d = 2 [default = 1.5];
  optional bool b = 3 [default = true];
  optional E e = 4 [default = E_B];
  optional E e2 = 5;
  required int32 r = 6;
  optional group G = 7 { optional int32 x = 1; }
  optional string s = 8 [default = "x"];
}
"#;

#[test]
fn proto2_defaults_and_required_fields_are_compared() {
    let new = r#"syntax = "proto2";
package edges.v1;
enum E { E_A = 0; E_B = 1; }
message M {
  optional float f = 1 [default = nan];
  optional double d = 2 [default = 2.5];
  optional bool b = 3 [default = false];
  optional E e = 4 [default = E_A];
  optional E e2 = 5 [default = E_A];
  optional int32 r = 6;
  optional group G = 7 { optional int32 x = 1; }
  optional string s = 8 [default = "x"];
}
"#;
    let report = report_of("defaults", OLD, new, RuleSet::default());
    let lines: Vec<&str> = report.lines().collect();
    let expected = [
        "edges.v1.M field 2 \"d\": default value changed from 1.5 to 2.5 [FIELD_SAME_DEFAULT]",
        "edges.v1.M field 3 \"b\": default value changed from true to false [FIELD_SAME_DEFAULT]",
        "edges.v1.M field 4 \"e\": default value changed from E_B to E_A [FIELD_SAME_DEFAULT]",
        "edges.v1.M field 6 \"r\": cardinality changed from required to optional (explicit presence) \
         [FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY]",
        "edges.v1.M field 6 \"r\": required field removed: peers that still require it reject the \
         message [MESSAGE_SAME_REQUIRED_FIELDS]",
    ];
    for e in expected {
        assert!(lines.contains(&e), "missing {e:?} in:\n{report}");
    }
    // `nan` to `nan` and the first value made explicit are no change; nothing
    // else is reported.
    assert_eq!(lines.len(), expected.len(), "{report}");
}

#[test]
fn a_group_changed_to_a_message_field_is_a_type_change() {
    let new = OLD.replace(
        "optional group G = 7 { optional int32 x = 1; }",
        "message G { optional int32 x = 1; }\n  optional G g = 7;",
    );
    let report = report_of("group", OLD, &new, RuleSet::wire_json());
    // The same type name either way: the report says which one was a group.
    assert_eq!(
        report,
        "edges.v1.M field 7 \"g\": type changed from group edges.v1.M.G to edges.v1.M.G \
         [FIELD_WIRE_JSON_COMPATIBLE_TYPE]"
    );
}

#[test]
fn files_without_a_package_are_compared_too() {
    let old = "syntax = \"proto3\";\nmessage Top { int32 a = 1; }\n";
    let new = "syntax = \"proto3\";\nmessage Top { int64 a = 1; }\n";
    let report = report_of("nopackage", old, new, RuleSet::default());
    assert_eq!(
        report,
        "Top field 1 \"a\": type changed from int32 to int64 (same binary encoding, different \
         JSON encoding) [FIELD_WIRE_JSON_COMPATIBLE_TYPE]"
    );
    let same = report_of("nopackage-same", old, old, RuleSet::default());
    assert_eq!(same, "no breaking changes");
}

#[test]
fn a_file_given_twice_counts_once() {
    let dir = temp_dir("twice");
    write(
        &dir.join("a.proto"),
        "syntax = \"proto3\";\npackage twice.v1;\nmessage A { int32 a = 1; }\n",
    );
    // Files that are not .proto files are left out.
    write(&dir.join("README.md"), "not a proto file\n");
    write(&dir.join("docs/notes.txt"), "message Nope {}\n");
    let mut set = load_proto_dir(&dir).unwrap();
    assert_eq!(set.file.len(), 1);
    let copy = set.file[0].clone();
    set.file.push(copy);
    assert!(check(&set, &set).is_compatible());
    let report = check(&load_proto_dir(&dir).unwrap(), &set);
    assert!(report.is_compatible(), "{report}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rules_and_rule_sets() {
    for rule in Rule::ALL {
        assert_eq!(Rule::from_id(rule.id()), Some(*rule));
        assert_eq!(rule.to_string(), rule.id());
    }
    assert_eq!(Rule::from_id("NOT_A_RULE"), None);

    let set: RuleSet = [Rule::FieldSameName, Rule::FieldSameDefault]
        .into_iter()
        .collect();
    // In declaration order.
    assert_eq!(
        format!("{set:?}"),
        r#"{"FIELD_SAME_NAME", "FIELD_SAME_DEFAULT"}"#
    );
    assert!(set.contains(Rule::FieldSameName));
    let fewer = set.without(Rule::FieldSameName);
    assert!(!fewer.contains(Rule::FieldSameName));
    assert!(fewer.contains(Rule::FieldSameDefault));
    assert_eq!(fewer.iter().collect::<Vec<_>>(), [Rule::FieldSameDefault]);
    assert_eq!(fewer.without(Rule::FieldSameDefault), RuleSet::empty());
    assert_eq!(format!("{:?}", RuleSet::empty()), "{}");
    assert_eq!(RuleSet::default(), RuleSet::leyline());
    let every: RuleSet = Rule::ALL.iter().copied().collect();
    assert_eq!(every.iter().count(), Rule::ALL.len());
}

#[test]
fn evolution_errors_say_where() {
    let path = PathBuf::from("dir/a.proto");
    let with_position = EvolutionError::Compile {
        path: Some(path.clone()),
        position: Some((3, 7)),
        message: "expected ';'".into(),
    };
    assert_eq!(with_position.to_string(), "dir/a.proto:3:7: expected ';'");
    let without_position = EvolutionError::Compile {
        path: Some(path),
        position: None,
        message: "import not found".into(),
    };
    assert_eq!(
        without_position.to_string(),
        "dir/a.proto: import not found"
    );
    let nowhere = EvolutionError::Compile {
        path: None,
        position: Some((1, 1)),
        message: "something".into(),
    };
    assert_eq!(nowhere.to_string(), "something");
    assert!(std::error::Error::source(&nowhere).is_none());

    let missing = temp_dir("missing");
    let err = load_proto_dir(&missing).unwrap_err();
    let EvolutionError::Io { path, source } = &err else {
        panic!("{err}");
    };
    assert_eq!(path, &missing);
    assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    assert!(
        err.to_string()
            .starts_with(&format!("cannot read {}: ", missing.display())),
        "{err}"
    );
    assert_eq!(
        std::error::Error::source(&err).unwrap().to_string(),
        source.to_string()
    );
}

#[test]
fn deleting_a_package_is_reported_once_not_per_type_or_service() {
    let old =
        "syntax = \"proto3\";\npackage gone.v1;\nenum E { E_A = 0; }\nmessage M { int32 a = 1; }\n\
               service S { rpc Call (M) returns (M); }\n";
    let dir = temp_dir("package-gone");
    write(&dir.join("old/gone/v1/a.proto"), old);
    write(
        &dir.join("new/other/v1/b.proto"),
        "syntax = \"proto3\";\npackage other.v1;\nmessage N {}\n",
    );
    let report = check(
        &load_proto_dir(&dir.join("old")).unwrap(),
        &load_proto_dir(&dir.join("new")).unwrap(),
    );
    fs::remove_dir_all(&dir).unwrap();
    let rules: Vec<&str> = report.rules().iter().map(|r| r.id()).collect();
    assert_eq!(rules, ["PACKAGE_NO_DELETE"], "{report}");
}

#[test]
fn a_service_deleted_is_no_wire_or_json_break() {
    let old = "syntax = \"proto3\";\npackage svc.v1;\nmessage M {}\nservice S { rpc Call (M) returns (M); }\n";
    let new = "syntax = \"proto3\";\npackage svc.v1;\nmessage M {}\n";
    assert_eq!(
        report_of("service-gone", old, new, RuleSet::default()),
        "no breaking changes"
    );
}

#[test]
fn a_reserved_range_narrowed_names_exactly_the_numbers_freed() {
    let old =
        "syntax = \"proto3\";\npackage res.v1;\nmessage M { reserved 5 to 10; int32 a = 3; }\n";
    // 6 and 7 stay reserved; 1-2 and 20-30 are beside the old range.
    let new = "syntax = \"proto3\";\npackage res.v1;\nmessage M { reserved 1 to 2, 6 to 7, 20 to 30; int32 a = 3; }\n";
    assert_eq!(
        report_of("reserved-narrowed", old, new, RuleSet::default()),
        "res.v1.M: reserved range 5 to 10 removed: 5, 8 to 10 no longer reserved \
         [RESERVED_MESSAGE_NO_DELETE]"
    );
}

#[test]
fn a_message_deleted_from_a_file_without_a_package_is_named_by_its_name() {
    let old = "syntax = \"proto3\";\nmessage Top { int32 a = 1; }\nmessage Gone {}\n";
    let new = "syntax = \"proto3\";\nmessage Top { int32 a = 1; }\n";
    let rules = RuleSet::empty().with(Rule::MessageNoDelete);
    assert_eq!(
        report_of("deleted-no-package", old, new, rules),
        "Gone: message deleted from file a.proto [MESSAGE_NO_DELETE]"
    );
}
