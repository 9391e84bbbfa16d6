//! Validation reports beyond `validate.rs`: map keys of every key type in a
//! path (`[true]`, `[7]`, `[-7]`, `["k"]`), a report walked by value and by
//! reference, the text of an empty report and of a violation at the root,
//! UUIDs with bytes outside ASCII, and a pattern the regex crate cannot
//! compile (every value is then reported as not matching, never a panic).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use leyline::validate::{is_uuid, FieldPath, Pattern};
use leyline::{Contract as _, ValidationErrors};

#[leyline::message(package = "leyline.cov.v1")]
pub struct Keyed {
    #[leyline(field = 1, validate(values(max_len = 1)))]
    pub by_flag: BTreeMap<bool, String>,
    #[leyline(field = 2, validate(keys(gt = 10)))]
    pub by_big: BTreeMap<u64, String>,
    #[leyline(field = 3, validate(keys(gt = 0)))]
    pub by_signed: BTreeMap<i64, String>,
    #[leyline(field = 4, validate(keys(min_len = 2)))]
    pub by_name: BTreeMap<String, u32>,
}

#[test]
fn every_key_type_appears_in_the_path() {
    let keyed = Keyed {
        by_flag: BTreeMap::from([(true, "too long".into()), (false, "ok".into())]),
        by_big: BTreeMap::from([(7, String::new()), (11, String::new())]),
        by_signed: BTreeMap::from([(-7, String::new())]),
        by_name: BTreeMap::from([("k".into(), 1)]),
    };
    let errors = keyed.validate().unwrap_err();
    let paths: Vec<(String, bool)> = errors.iter().map(|v| (v.path.clone(), v.for_key)).collect();
    assert_eq!(
        paths,
        [
            ("by_flag[false]".to_owned(), false),
            ("by_flag[true]".to_owned(), false),
            ("by_big[7]".to_owned(), true),
            ("by_signed[-7]".to_owned(), true),
            ("by_name[\"k\"]".to_owned(), true),
        ]
    );
    let text = errors.to_string();
    assert!(
        text.starts_with("5 validation errors: by_flag[false]: "),
        "{text}"
    );
    assert!(text.contains("; by_big[7] (map key): "), "{text}");

    // Walked by reference and by value, the same violations in order.
    let by_ref: Vec<&str> = (&errors).into_iter().map(|v| v.rule).collect();
    let by_value: Vec<&str> = errors.clone().into_iter().map(|v| v.rule).collect();
    assert_eq!(by_ref, by_value);
    assert_eq!(by_ref.len(), errors.len());
    // Debug lists them.
    let debug = format!("{errors:?}");
    assert!(
        debug.starts_with("[Violation { path: \"by_flag[false]\""),
        "{debug}"
    );
}

#[test]
fn empty_reports_and_root_violations_read_well() {
    let none = ValidationErrors::new();
    assert_eq!(none.to_string(), "no validation errors");
    assert_eq!(format!("{none:?}"), "[]");
    assert!(none.clone().into_result().is_ok());

    let mut one = ValidationErrors::new();
    one.push(
        FieldPath::ROOT,
        "message.custom",
        "must hold something".into(),
        "{}".into(),
    );
    assert_eq!(
        one.to_string(),
        "1 validation error: (message): must hold something [message.custom], got {}"
    );
    assert_eq!(FieldPath::ROOT.to_string(), "");
    let root = FieldPath::ROOT;
    let field = root.field("a");
    let item = field.index(2);
    assert_eq!(item.to_string(), "a[2]");
}

#[test]
fn uuids_with_non_ascii_bytes_are_refused() {
    assert!(is_uuid("9b2e4d71-0c5a-4e8f-b3d6-7a1f2c9e5b04"));
    assert!(is_uuid("9B2E4D71-0C5A-4E8F-B3D6-7A1F2C9E5B04"));
    // 36 bytes with hyphens in place, but a two-byte character among the digits.
    let accented = "9b2e4d71-0c5a-4e8f-b3d6-7a1f2c9e5bé";
    assert_eq!(accented.len(), 36);
    assert!(!is_uuid(accented));
    let accented = "é2e4d71-0c5a-4e8f-b3d6-7a1f2c9e5b04";
    assert_eq!(accented.len(), 36);
    assert!(!is_uuid(accented));
    assert!(!is_uuid("9b2e4d71-0c5a-4e8f-b3d6-7a1f2c9e5b0g"));
    // A hyphen missing at each of its four places.
    for bad in [
        "9b2e4d71+0c5a-4e8f-b3d6-7a1f2c9e5b04",
        "9b2e4d71-0c5a+4e8f-b3d6-7a1f2c9e5b04",
        "9b2e4d71-0c5a-4e8f+b3d6-7a1f2c9e5b04",
        "9b2e4d71-0c5a-4e8f-b3d6+7a1f2c9e5b04",
        "9b2e4d71-0c5a-4e8f-b3d6-7a1f2c9e5b0",
    ] {
        assert!(!is_uuid(bad), "{bad}");
    }
}

#[test]
fn a_pattern_that_does_not_compile_matches_nothing() {
    let broken = Pattern::new("(unclosed");
    assert_eq!(broken.source(), "(unclosed");
    assert!(!broken.is_match("(unclosed"));
    assert!(!broken.is_match(""));
    // Too big for the regex crate's default size limit.
    let huge = Pattern::new("(?:a{1000}){1000}");
    assert!(!huge.is_match(&"a".repeat(10)));
    let fine = Pattern::new("^a+$");
    assert!(fine.is_match("aaa"));
    assert!(!fine.is_match("aab"));
}
