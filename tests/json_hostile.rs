//! Hostile proto3 JSON against the Esper contracts: each input is refused with
//! a clear error of the right kind that names the JSON path of the fault, and
//! nothing panics, recurses without bound, or does work out of proportion to
//! the input.

// Test code may panic: a failed expectation is the test failing.
#![allow(clippy::expect_used, clippy::panic)]

use leyline::contracts::{AdaptationCommand, EventEnvelope, SystemStatePacket};
use leyline::json::{self, JsonError, JsonErrorKind, JsonMessage, JsonOptions};

/// The error reading `text` as a `T`, checked to have `kind`, to name `path`
/// (empty for the top level) and to say so in its text.
fn refused<T: JsonMessage + std::fmt::Debug>(
    text: &str,
    kind: JsonErrorKind,
    path: &str,
) -> JsonError {
    let err = match json::from_str::<T>(text) {
        Ok(v) => panic!("{text:.80}: read as {v:?}"),
        Err(e) => e,
    };
    assert_eq!(err.kind(), &kind, "{err}");
    assert_eq!(err.path(), path, "{err}");
    let shown = err.to_string();
    if !path.is_empty() {
        assert!(shown.starts_with(&format!("{path}: ")), "{shown}");
    }
    assert!(err.position().is_some(), "no position: {shown}");
    err
}

#[test]
fn nesting_past_the_recursion_limit_is_refused_at_its_depth() {
    // A Struct inside the command, Values nested 200 deep: refused at the
    // limit (100), not by a stack overflow.
    let depth = 200;
    let text = format!(
        r#"{{"rollbackPayload": {}{}}}"#,
        r#"{"a": "#.repeat(depth),
        "}".repeat(depth)
    );
    let err = refused::<AdaptationCommand>(&text, JsonErrorKind::RecursionLimit, &err_path(&text));
    assert!(err.to_string().contains("100"), "{err}");

    // Arrays as deep as that, where a number belongs, are a type error at
    // once, and far past any limit in an ignored unknown field still end.
    let deep = format!(r#"{{"x": {}{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
    let lenient = JsonOptions::default().ignore_unknown_fields(true);
    let skipped = json::from_str_with::<SystemStatePacket>(&deep, &lenient)
        .expect_err("nesting past the limit, even when skipped");
    assert_eq!(skipped.kind(), &JsonErrorKind::RecursionLimit, "{skipped}");
    let err = json::from_str::<SystemStatePacket>(&format!(
        r#"{{"currentEpoch": {}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    ))
    .expect_err("an array is not a number");
    assert_eq!(err.kind(), &JsonErrorKind::UnexpectedType, "{err}");
    assert_eq!(err.path(), "currentEpoch");
}

/// The path the recursion-limit error gives for `text`: whatever it is, it
/// must begin at the command's field (checked by the caller through this).
fn err_path(text: &str) -> String {
    let err = json::from_str::<AdaptationCommand>(text).expect_err("too deep");
    let path = err.path();
    assert!(path.starts_with("rollbackPayload.a"), "{err}");
    // One step a level, down to the level where the limit struck.
    assert!(path.matches(".a").count() >= 90, "{err}");
    path
}

#[test]
fn integers_out_of_range_or_with_fractions_are_refused() {
    for (text, path) in [
        (r#"{"currentEpoch": 4294967296}"#, "currentEpoch"),
        (r#"{"currentEpoch": -1}"#, "currentEpoch"),
        (r#"{"currentEpoch": 1.5}"#, "currentEpoch"),
        (r#"{"currentEpoch": "1.5"}"#, "currentEpoch"),
        (r#"{"currentEpoch": 1e10}"#, "currentEpoch"),
        (r#"{"currentEpoch": 1e999999999}"#, "currentEpoch"),
        (r#"{"timestampNs": "18446744073709551616"}"#, "timestampNs"),
        (r#"{"globalStep": -5}"#, "globalStep"),
        (
            r#"{"seedStates": [{}, {"layerDepth": 0.000001}]}"#,
            "seedStates[1].layerDepth",
        ),
        (
            r#"{"seedStates": [{"ageEpochs": 99999999999999999999999999999999}]}"#,
            "seedStates[0].ageEpochs",
        ),
    ] {
        let err = refused::<SystemStatePacket>(text, JsonErrorKind::InvalidValue, path);
        assert!(
            err.message().contains("range") || err.message().contains("integer"),
            "{text}: {err}"
        );
    }
    // Integral exponents are fine, and huge exponent digits cost nothing.
    let ok = json::from_str::<SystemStatePacket>(r#"{"currentEpoch": 1.5e1, "globalStep": "2e3"}"#)
        .expect("integral");
    assert_eq!((ok.current_epoch, ok.global_step), (15, 2000));
    let long_exponent = format!(r#"{{"currentEpoch": 1e{}}}"#, "9".repeat(100_000));
    refused::<SystemStatePacket>(&long_exponent, JsonErrorKind::InvalidValue, "currentEpoch");
}

#[test]
fn invalid_base64_is_refused() {
    for (text, byte) in [
        (r#"{"payload": "a*bc"}"#, "byte 2"),
        (r#"{"payload": "abc=d"}"#, ""),
        (r#"{"payload": "a"}"#, ""),
        (r#"{"payload": "ab==="}"#, ""),
        (r#"{"payload": "\u00e9\u00e9\u00e9\u00e9"}"#, ""),
    ] {
        let err = refused::<EventEnvelope>(text, JsonErrorKind::InvalidValue, "payload");
        assert!(err.message().contains("base64"), "{text}: {err}");
        assert!(err.message().contains(byte), "{text}: {err}");
    }
    let err = refused::<EventEnvelope>(
        r#"{"payload": 12}"#,
        JsonErrorKind::UnexpectedType,
        "payload",
    );
    assert!(err.message().contains("expected a string"), "{err}");
}

#[test]
fn lone_surrogates_are_refused() {
    for text in [
        r#"{"eventId": "\uD800"}"#,
        r#"{"eventId": "x\uDBFFy"}"#,
        r#"{"eventId": "\uDC00"}"#,
        r#"{"eventId": "\uD800\u0041"}"#,
        r#"{"eventId": "\uD800\uD800"}"#,
    ] {
        let err = refused::<EventEnvelope>(text, JsonErrorKind::Syntax, "eventId");
        assert!(err.message().contains("surrogate"), "{text}: {err}");
    }
    // In a key too, and in a map key.
    let err = json::from_str::<SystemStatePacket>(r#"{"trainingMetrics": {"\uDC00": 1}}"#)
        .expect_err("lone surrogate");
    assert!(err.message().contains("surrogate"), "{err}");
    assert_eq!(err.path(), "trainingMetrics");
    // A proper pair is one character.
    let ok = json::from_str::<EventEnvelope>(r#"{"eventId": "\uD83D\uDE00"}"#).expect("a pair");
    assert_eq!(ok.event_id, "\u{1F600}");
}

#[test]
fn very_long_strings_read_in_proportion_and_errors_stay_short() {
    // 8 MiB of text reads (into a field with no JSON length limit).
    let long = "x".repeat(8 << 20);
    let envelope =
        json::from_str::<EventEnvelope>(&format!(r#"{{"eventId": "{long}"}}"#)).expect("reads");
    assert_eq!(envelope.event_id.len(), long.len());
    // Escaped, too.
    let escaped = "\\n".repeat(1 << 20);
    let envelope =
        json::from_str::<EventEnvelope>(&format!(r#"{{"eventId": "{escaped}"}}"#)).expect("reads");
    assert_eq!(envelope.event_id.len(), 1 << 20);
    // A long string where a number belongs, or a long unknown key: the error
    // quotes a bounded piece of it.
    let err = refused::<SystemStatePacket>(
        &format!(r#"{{"currentEpoch": "{long}"}}"#),
        JsonErrorKind::InvalidValue,
        "currentEpoch",
    );
    assert!(
        err.to_string().len() < 400,
        "{} bytes",
        err.to_string().len()
    );
    let err =
        json::from_str::<SystemStatePacket>(&format!(r#"{{"{long}": 1}}"#)).expect_err("unknown");
    assert_eq!(err.kind(), &JsonErrorKind::UnknownField);
    assert!(
        err.to_string().len() < 400,
        "{} bytes",
        err.to_string().len()
    );
    // An unterminated long string ends cleanly.
    let err = json::from_str::<EventEnvelope>(&format!(r#"{{"eventId": "{long}"#))
        .expect_err("unterminated");
    assert_eq!(err.kind(), &JsonErrorKind::Syntax, "{err}");
}

#[test]
fn a_field_under_its_json_and_its_proto_name_is_given_twice() {
    for text in [
        r#"{"currentEpoch": 1, "current_epoch": 2}"#,
        r#"{"current_epoch": 1, "currentEpoch": 1}"#,
        r#"{"current_epoch": 1, "current_epoch": 1}"#,
    ] {
        let err = refused::<SystemStatePacket>(text, JsonErrorKind::DuplicateField, "");
        assert!(err.message().contains("twice"), "{text}: {err}");
    }
    // Deeper down, the path names the message holding the field twice.
    let err = refused::<SystemStatePacket>(
        r#"{"seedStates": [{"seed_id": "a", "seedId": "b"}]}"#,
        JsonErrorKind::DuplicateField,
        "seedStates[0]",
    );
    assert!(err.message().contains("seedId"), "{err}");
    // Even when the first was null (null is the field given, as its default).
    refused::<SystemStatePacket>(
        r#"{"hardwareContext": null, "hardware_context": {}}"#,
        JsonErrorKind::DuplicateField,
        "",
    );
}

#[test]
fn duplicate_keys_are_refused_in_maps_oneofs_and_structs() {
    let err = refused::<SystemStatePacket>(
        r#"{"trainingMetrics": {"loss": 1, "loss": 2}}"#,
        JsonErrorKind::DuplicateField,
        "trainingMetrics",
    );
    assert!(err.message().contains("\"loss\""), "{err}");
    let err = refused::<SystemStatePacket>(
        r#"{"seedStates": [{"metrics": {"a": 1, "b": 2, "a": 3}}]}"#,
        JsonErrorKind::DuplicateField,
        "seedStates[0].metrics",
    );
    assert!(err.message().contains("\"a\""), "{err}");
    // Two variants of one oneof.
    let err =
        json::from_str::<AdaptationCommand>(r#"{"rollbackPayload": {}, "seedOperation": {}}"#)
            .expect_err("two variants");
    assert_eq!(err.kind(), &JsonErrorKind::DuplicateField, "{err}");
    // A Struct with a key twice.
    let err = refused::<AdaptationCommand>(
        r#"{"rollbackPayload": {"k": 1, "k": 2}}"#,
        JsonErrorKind::DuplicateField,
        "rollbackPayload",
    );
    assert!(err.message().contains("\"k\""), "{err}");
}

#[test]
fn truncations_of_a_valid_document_are_errors_not_panics() {
    let packet = leyline::contracts::fixtures::system_state_packet();
    let text = json::to_string(&packet).expect("writes");
    for end in 0..text.len() {
        let Some(prefix) = text.get(..end) else {
            continue;
        };
        assert!(
            json::from_str::<SystemStatePacket>(prefix).is_err(),
            "{prefix}"
        );
    }
    assert_eq!(json::from_str::<SystemStatePacket>(&text), Ok(packet));
}

// ---------------------------------------------------------------------------
// The JSON fuzz targets' checks (fuzz/src/json.rs), on the seeds and the
// fixtures, whole, truncated and with bytes flipped.

#[path = "../fuzz/src/json.rs"]
#[allow(dead_code, unreachable_pub)]
mod fuzz_json;

use leyline::contracts::fixtures;
use leyline::prost::Message as _;

/// Every prefix and a flip at every position of `bytes`, each checked.
fn mangled(bytes: &[u8], check: fn(&[u8])) {
    check(bytes);
    for end in 0..bytes.len() {
        check(&bytes[..end]);
    }
    for at in 0..bytes.len() {
        for flip in [0x01u8, 0x20, 0x80] {
            let mut copy = bytes.to_vec();
            copy[at] ^= flip;
            check(&copy);
        }
    }
}

#[test]
fn the_json_fuzz_checks_hold_on_mangled_fixtures() {
    let packet = json::to_vec(&fixtures::system_state_packet()).expect("writes");
    mangled(&packet, fuzz_json::check_json_parse::<SystemStatePacket>);
    let command = json::to_vec(&fixtures::adaptation_command()).expect("writes");
    mangled(&command, fuzz_json::check_json_parse::<AdaptationCommand>);
    let envelope = json::to_vec(&fixtures::event_envelope()).expect("writes");
    mangled(&envelope, fuzz_json::check_json_parse::<EventEnvelope>);

    mangled(
        &fixtures::system_state_packet().encode_to_vec(),
        fuzz_json::check_binary_json::<SystemStatePacket>,
    );
    mangled(
        &fixtures::adaptation_command().encode_to_vec(),
        fuzz_json::check_binary_json::<AdaptationCommand>,
    );
    mangled(
        &fixtures::event_envelope().encode_to_vec(),
        fuzz_json::check_binary_json::<EventEnvelope>,
    );
}

#[test]
fn the_json_fuzz_seeds_pass_their_checks() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/json");
    let mut files = 0;
    for file in std::fs::read_dir(&dir).expect("the seeds") {
        let data = std::fs::read(file.expect("an entry").path()).expect("a seed");
        let Some((&first, text)) = data.split_first() else {
            continue;
        };
        // The first byte picks the contract, as in the target.
        match first {
            2 => mangled(text, fuzz_json::check_json_parse::<SystemStatePacket>),
            6 => mangled(text, fuzz_json::check_json_parse::<AdaptationCommand>),
            13 => mangled(text, fuzz_json::check_json_parse::<EventEnvelope>),
            other => panic!("a seed for contract {other}: add it here"),
        }
        files += 1;
    }
    assert!(files >= 3, "{files} seeds in {}", dir.display());
}
