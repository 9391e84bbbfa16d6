//! The guarded codec's error paths a user hits: configurations that cannot be
//! used (YAML that does not parse or has the wrong types, values out of range,
//! breaker settings that would overflow a clock), and split messages whose
//! parts are too big, corrupt, or merge into an invalid message. Each is a
//! clear error, with the text asserted; none panics.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::Duration;

use leyline::breaker::{BreakerConfig, BreakerState, CircuitBreaker, ManualClock};
use leyline::codec::{CodecConfig, CodecError, ConfigError, GuardedCodec, Parts};
use leyline::prost::Message as _;

#[cfg(feature = "yaml")]
fn yaml_error(yaml: &str) -> String {
    match CodecConfig::from_yaml_str(yaml) {
        Ok(config) => panic!("accepted {yaml:?} as {config:?}"),
        Err(e) => e.to_string(),
    }
}

#[cfg(feature = "yaml")]
#[test]
fn yaml_with_a_syntax_error_is_refused_with_its_position() {
    let err = yaml_error("message_contracts:\n  max_message_size: [280\n");
    assert!(
        err.starts_with("invalid message_contracts configuration: "),
        "{err}"
    );
    assert!(err.contains("line"), "no position in {err}");
}

#[cfg(feature = "yaml")]
#[test]
fn yaml_with_a_value_of_the_wrong_type_names_the_key() {
    let err = yaml_error("message_contracts:\n  max_message_size: lots\n");
    assert_eq!(
        err,
        "invalid message_contracts configuration: message_contracts.max_message_size: invalid type: string \"lots\", expected usize at line 2 column 21"
    );
    let err = yaml_error("message_contracts:\n  use_native_maps: 3\n");
    assert!(err.contains("use_native_maps"), "{err}");
}

#[cfg(feature = "yaml")]
#[test]
fn yaml_that_turns_off_what_leyline_always_does_is_refused() {
    assert_eq!(
        yaml_error("message_contracts:\n  use_native_maps: false\n"),
        "invalid message_contracts.use_native_maps: leyline always encodes maps as native map fields; only true is supported"
    );
    assert_eq!(
        yaml_error("message_contracts:\n  packed_encoding: false\n"),
        "invalid message_contracts.packed_encoding: leyline always packs repeated scalars (the proto3 default); only true is supported"
    );
}

#[cfg(feature = "yaml")]
#[test]
fn yaml_out_of_range_unknown_or_missing_is_refused() {
    assert_eq!(
        yaml_error("message_contracts:\n  max_message_size: 4096\n"),
        "invalid message_contracts.max_message_size: 4096 is out of range: 1 to 1024 bytes"
    );
    assert_eq!(
        yaml_error("message_contracts:\n  serialization_timeout_us: 5\n"),
        "invalid message_contracts.serialization_timeout_us: 5 is out of range: 10 to 1000 microseconds"
    );
    let err = yaml_error("message_contracts:\n  max_mesage_size: 100\n");
    assert!(err.contains("unknown field `max_mesage_size`"), "{err}");
    assert_eq!(
        yaml_error("other_block:\n  x: 1\n"),
        "invalid message_contracts configuration: the document has no `message_contracts` block"
    );
}

#[test]
fn breaker_settings_that_cannot_work_are_refused() {
    let refused = |breaker: BreakerConfig| match GuardedCodec::with_clock(
        CodecConfig::default(),
        breaker,
        ManualClock::new(),
    ) {
        Ok(_) => panic!("accepted {breaker:?}"),
        Err(e) => e,
    };
    let err = refused(BreakerConfig {
        open_for: Duration::MAX,
        ..BreakerConfig::default()
    });
    assert!(
        matches!(
            err,
            ConfigError::Invalid {
                key: "breaker.open_for",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("invalid message_contracts.breaker.open_for: "),
        "{err}"
    );
    let err = refused(BreakerConfig {
        failure_threshold: 0,
        ..BreakerConfig::default()
    });
    assert_eq!(
        err.to_string(),
        "invalid message_contracts.breaker.failure_threshold: 0 is out of range: at least 1 failure opens the breaker"
    );
    // The longest period allowed is accepted.
    let longest = BreakerConfig {
        open_for: BreakerConfig::MAX_OPEN_FOR,
        ..BreakerConfig::default()
    };
    assert!(GuardedCodec::with_clock(CodecConfig::default(), longest, ManualClock::new()).is_ok());
    assert!(CircuitBreaker::try_new(longest, ManualClock::new()).is_ok());
    assert!(CircuitBreaker::try_new(
        BreakerConfig {
            open_for: BreakerConfig::MAX_OPEN_FOR + Duration::from_nanos(1),
            ..longest
        },
        ManualClock::new()
    )
    .is_err());
}

#[test]
fn a_breaker_built_from_any_settings_never_panics() {
    // `CircuitBreaker::new` brings settings into range instead of refusing
    // them: the period that used to overflow `Instant` opens for a day.
    let clock = ManualClock::new();
    let breaker = CircuitBreaker::new(
        BreakerConfig {
            failure_threshold: 0,
            open_for: Duration::MAX,
        },
        clock.clone(),
    );
    assert_eq!(breaker.config().failure_threshold, 1);
    assert_eq!(breaker.config().open_for, BreakerConfig::MAX_OPEN_FOR);
    breaker.record_failure("t");
    assert!(matches!(breaker.state("t"), BreakerState::Open { .. }));
    let rejected = breaker.admit("t").unwrap_err();
    assert_eq!(rejected.retry_in, BreakerConfig::MAX_OPEN_FOR);
    clock.advance(BreakerConfig::MAX_OPEN_FOR);
    assert!(breaker.admit("t").is_ok());
    assert_eq!(breaker.state("t"), BreakerState::HalfOpen);
}

// ---------------------------------------------------------------------------
// Split messages

#[leyline::message(package = "leyline.test.v1")]
pub struct Row {
    #[leyline(field = 1, validate(max_len = 16))]
    pub name: String,
}

#[leyline::message(package = "leyline.test.v1", max_size = 48)]
pub struct Table {
    #[leyline(field = 1, validate(not_empty))]
    pub title: String,
    #[leyline(field = 2, split, validate(max_items = 20))]
    pub rows: Vec<Row>,
}

fn table(rows: usize) -> Table {
    Table {
        title: "results".into(),
        rows: (0..rows)
            .map(|i| Row {
                name: format!("row-{i:04}"),
            })
            .collect(),
    }
}

fn codec() -> GuardedCodec {
    GuardedCodec::new(CodecConfig::default()).unwrap()
}

fn parts_of(table: &Table) -> Parts {
    let mut parts = Parts::new();
    let n = codec().encode_parts(table, &mut parts).unwrap();
    assert!(n >= 3, "{n} parts");
    parts
}

#[test]
fn decode_parts_gives_back_the_message() {
    let original = table(12);
    let parts = parts_of(&original);
    let back: Table = codec().decode_parts(parts.iter()).unwrap();
    assert_eq!(back, original);
}

#[test]
fn decode_parts_refuses_a_part_over_the_limit() {
    let parts = parts_of(&table(12));
    let mut oversized: Vec<Vec<u8>> = parts.iter().map(<[u8]>::to_vec).collect();
    let extra = table(3).encode_to_vec();
    oversized[1].extend_from_slice(&extra);
    let limit = codec().limit_for::<Table>();
    assert!(oversized[1].len() > limit);
    let err = codec()
        .decode_parts::<Table>(oversized.iter().map(Vec::as_slice))
        .unwrap_err();
    assert_eq!(
        err,
        CodecError::SizeOverflow {
            size: oversized[1].len(),
            limit
        }
    );
    assert_eq!(err.kind(), "size_overflow");
}

#[test]
fn decode_parts_refuses_a_corrupt_part() {
    let parts = parts_of(&table(12));
    let mut corrupt: Vec<Vec<u8>> = parts.iter().map(<[u8]>::to_vec).collect();
    // In the second part, the name inside the first row claims more bytes
    // than the row holds (key 0x12, row length, key 0x0a, name length, ...).
    assert_eq!((corrupt[1][0], corrupt[1][2]), (0x12, 0x0a));
    corrupt[1][3] = 0x7f;
    let err = codec()
        .decode_parts::<Table>(corrupt.iter().map(Vec::as_slice))
        .unwrap_err();
    assert!(matches!(err, CodecError::Decode(_)), "{err:?}");
    assert_eq!(err.kind(), "decode");
    assert_eq!(
        err.to_string(),
        "failed to decode protobuf message: Table.rows: the input ends inside a field"
    );
}

#[test]
fn decode_parts_refuses_a_merged_message_that_breaks_a_rule() {
    // Each part is valid on its own, but together the rows are too many.
    let mut parts = parts_of(&table(12));
    let more = parts_of(&table(12));
    let mut all: Vec<Vec<u8>> = parts.iter().map(<[u8]>::to_vec).collect();
    all.extend(more.iter().skip(1).map(<[u8]>::to_vec));
    parts.clear();
    let err = codec()
        .decode_parts::<Table>(all.iter().map(Vec::as_slice))
        .unwrap_err();
    let CodecError::Validation(violations) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(violations.len(), 1);
    assert_eq!(violations.violations()[0].rule, "repeated.max_items");
    assert_eq!(violations.violations()[0].path, "rows");
}
