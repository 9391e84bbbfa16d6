//! The guarded codec: errors, the circuit breaker driven by a manual clock,
//! and its observability checked with a capturing `tracing` subscriber and
//! `metrics-util`'s `DebuggingRecorder`.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::time::Duration;

use leyline::breaker::{BreakerConfig, BreakerState, ManualClock};
use leyline::codec::{CodecConfig, CodecError, GuardedCodec, Versioned};
use leyline::prost::Message as _;
use leyline::Contract;
use metrics_util::debugging::DebugValue;
use tracing::Level;

mod capture_support;
use capture_support::observe;

#[leyline::message(package = "leyline.test.v1")]
pub struct Reading {
    #[leyline(field = 1, validate(not_empty, max_len = 300))]
    pub sensor: String,
    #[leyline(field = 2, validate(gte = 0.0, lte = 1.0))]
    pub value: f32,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Envelope {
    #[leyline(field = 1)]
    pub contract_version: u32,
    #[leyline(field = 2, validate(not_empty))]
    pub source: String,
}

impl Versioned for Envelope {
    const CONTRACT_VERSION: u32 = 3;
    fn version(&self) -> u32 {
        self.contract_version
    }
}

fn reading(sensor: &str, value: f32) -> Reading {
    Reading {
        sensor: sensor.into(),
        value,
    }
}

const READING: &str = "leyline.test.v1.Reading";

fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn manual_codec(config: CodecConfig) -> (GuardedCodec<ManualClock>, ManualClock) {
    let clock = ManualClock::new();
    let codec = GuardedCodec::with_clock(config, BreakerConfig::default(), clock.clone()).unwrap();
    (codec, clock)
}

// ---------------------------------------------------------------------------

#[test]
fn a_successful_encode_is_observed() {
    let (codec, clock) = manual_codec(CodecConfig::default());
    clock.set_step(Duration::from_micros(12));
    let msg = reading("lidar", 0.5);
    let mut buf = Vec::new();
    let (size, capture, metrics) = observe(|| codec.encode(&msg, &mut buf).unwrap());
    assert_eq!(size, msg.encoded_len());
    assert_eq!(buf, msg.encode_to_vec());

    let spans = capture.spans();
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].name, "leyline.serialize");
    assert_eq!(spans[0].level, Level::DEBUG);
    assert_eq!(spans[0].fields["message_type"], READING);
    assert_eq!(spans[0].fields["size_bytes"], size.to_string());
    assert_eq!(spans[0].fields["duration_us"], "12.0");

    let events = capture.events();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].level, Level::DEBUG);
    assert_eq!(events[0].name, "serialized");

    let ty = labels(&[("message_type", READING)]);
    assert_eq!(
        metrics,
        [
            (
                "leyline.message.size_bytes".to_string(),
                ty.clone(),
                DebugValue::Histogram(vec![(size as f64).into()])
            ),
            (
                "leyline.serialization.duration_us".to_string(),
                ty,
                DebugValue::Histogram(vec![12.0.into()])
            ),
        ]
    );
}

#[test]
fn a_message_near_its_limit_is_a_warning() {
    // The manual clock stands still: the encode takes no time, so the only
    // warning possible is the size warning, however slow the build (the
    // real clock made an instrumented run count the time-budget warning too).
    let (codec, clock) = manual_codec(CodecConfig::default());
    // 280 bytes of limit: 230 bytes is above 80 %.
    let msg = reading(&"x".repeat(220), 0.5);
    assert!(msg.encoded_len() > 224 && msg.encoded_len() <= 280);
    let mut buf = Vec::new();
    let (result, capture, _) = observe(|| codec.encode(&msg, &mut buf));
    assert!(result.is_ok());
    let warnings: Vec<_> = capture
        .events()
        .into_iter()
        .filter(|e| e.level == Level::WARN)
        .collect();
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].name,
        "message takes more than 80% of its size limit"
    );
    assert_eq!(warnings[0].fields["limit_bytes"], "280");
    // Just below 80 %: no warning.
    let msg = reading(&"x".repeat(210), 0.5);
    assert!(msg.encoded_len() <= 224);
    let (_, capture, _) = observe(|| codec.encode(&msg, &mut buf));
    assert!(capture.events().iter().all(|e| e.level != Level::WARN));
    // Both warnings at once when the encode also overruns its budget, each
    // counted once.
    clock.set_step(Duration::from_micros(100));
    let msg = reading(&"x".repeat(220), 0.5);
    let (result, capture, _) = observe(|| codec.encode(&msg, &mut buf));
    assert!(result.is_ok());
    let mut warnings: Vec<_> = capture
        .events()
        .into_iter()
        .filter(|e| e.level == Level::WARN)
        .map(|e| e.name)
        .collect();
    warnings.sort();
    assert_eq!(
        warnings,
        [
            "message takes more than 80% of its size limit",
            "serialization took longer than its time budget"
        ]
    );
}

#[test]
fn over_the_time_budget_is_a_warning_and_a_metric_not_a_failure() {
    let (codec, clock) = manual_codec(CodecConfig::default());
    clock.set_step(Duration::from_micros(100));
    let mut buf = Vec::new();
    let (result, capture, metrics) = observe(|| {
        (0..5)
            .map(|_| codec.encode(&reading("a", 0.1), &mut buf))
            .collect::<Vec<_>>()
    });
    assert!(result.iter().all(Result::is_ok));
    let warnings: Vec<_> = capture
        .events()
        .into_iter()
        .filter(|e| e.level == Level::WARN)
        .collect();
    assert_eq!(warnings.len(), 5);
    assert_eq!(
        warnings[0].name,
        "serialization took longer than its time budget"
    );
    assert_eq!(warnings[0].fields["budget_us"], "80");
    let over: Vec<_> = metrics
        .iter()
        .filter(|m| m.0 == "leyline.serialization.over_budget")
        .collect();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].2, DebugValue::Counter(5));
    assert!(metrics
        .iter()
        .all(|m| m.0 != "leyline.serialization.failures"));
    assert_eq!(
        codec.breaker().state(READING),
        BreakerState::Closed {
            consecutive_failures: 0
        }
    );
}

#[test]
fn a_failure_is_an_error_log_and_a_counter() {
    let codec = GuardedCodec::new(CodecConfig::default()).unwrap();
    let mut buf = vec![1, 2, 3];
    let (result, capture, metrics) = observe(|| codec.encode(&reading("", 2.0), &mut buf));
    let Err(CodecError::Validation(errors)) = result else {
        panic!("{result:?}")
    };
    assert_eq!(errors.len(), 2);
    let errors_logged: Vec<_> = capture
        .events()
        .into_iter()
        .filter(|e| e.level == Level::ERROR)
        .collect();
    assert_eq!(errors_logged.len(), 1);
    assert_eq!(errors_logged[0].fields["error_kind"], "validation");
    assert!(errors_logged[0]
        .name
        .starts_with("serialization failed: 2 validation errors"));
    assert_eq!(
        metrics,
        [(
            "leyline.serialization.failures".to_string(),
            labels(&[("error_kind", "validation"), ("message_type", READING)]),
            DebugValue::Counter(1)
        )]
    );
    // The buffer is left alone on failure.
    assert_eq!(buf, [1, 2, 3]);
}

#[leyline::message(package = "leyline.test.v1", max_size = 8)]
pub struct Tiny {
    #[leyline(field = 1)]
    pub note: String,
}

#[test]
fn size_limit_comes_from_max_size_or_the_configuration() {
    let config = CodecConfig {
        max_message_size: 16,
        ..CodecConfig::default()
    };
    let codec = GuardedCodec::new(config).unwrap();
    let mut buf = Vec::new();
    assert_eq!(codec.limit_for::<Tiny>(), 8);
    assert_eq!(codec.limit_for::<Reading>(), 16);
    assert_eq!(
        codec.encode(
            &Tiny {
                note: "x".repeat(7)
            },
            &mut buf
        ),
        Err(CodecError::SizeOverflow { size: 9, limit: 8 })
    );
    assert_eq!(
        codec.encode(&reading(&"x".repeat(20), 0.0), &mut buf),
        Err(CodecError::SizeOverflow {
            size: 22,
            limit: 16
        })
    );
    assert_eq!(
        codec.encode(
            &Tiny {
                note: "x".repeat(6)
            },
            &mut buf
        ),
        Ok(8)
    );
}

#[test]
fn the_breaker_opens_after_three_failures_and_half_opens_after_30_s() {
    let (codec, clock) = manual_codec(CodecConfig::default());
    let mut buf = Vec::new();
    let bad = reading("", 0.0);
    let good = reading("ok", 0.0);
    let ((), capture, metrics) = observe(|| {
        for _ in 0..3 {
            assert_eq!(
                codec.encode(&bad, &mut buf).unwrap_err().kind(),
                "validation"
            );
        }
        // Open: even a good message is rejected, without being looked at.
        assert_eq!(
            codec.encode(&good, &mut buf),
            Err(CodecError::CircuitOpen {
                message_type: READING,
                retry_in: Duration::from_secs(30)
            })
        );
        // Other message types go on.
        let env = Envelope {
            contract_version: 3,
            source: "tolaria".into(),
        };
        assert!(codec.encode(&env, &mut buf).is_ok());
        clock.advance(Duration::from_secs(30));
        // Half-open: the trial fails, the breaker opens again.
        assert_eq!(
            codec.encode(&bad, &mut buf).unwrap_err().kind(),
            "validation"
        );
        assert_eq!(
            codec.encode(&good, &mut buf).unwrap_err().kind(),
            "circuit_open"
        );
        clock.advance(Duration::from_secs(30));
        // The next trial succeeds and closes it.
        assert!(codec.encode(&good, &mut buf).is_ok());
        assert!(codec.encode(&good, &mut buf).is_ok());
    });
    let failures: BTreeMap<_, _> = metrics
        .iter()
        .filter(|m| m.0 == "leyline.serialization.failures")
        .map(|m| {
            let DebugValue::Counter(n) = m.2 else {
                panic!("{m:?}")
            };
            (m.1[0].1.clone(), n)
        })
        .collect();
    assert_eq!(
        failures,
        [
            ("circuit_open".to_string(), 2),
            ("validation".to_string(), 4),
        ]
        .into_iter()
        .collect()
    );
    let rejections = capture
        .events()
        .into_iter()
        .filter(|e| {
            e.level == Level::WARN
                && e.fields.get("error_kind").map(String::as_str) == Some("circuit_open")
        })
        .count();
    assert_eq!(rejections, 2);
    assert_eq!(
        codec.breaker().state(READING),
        BreakerState::Closed {
            consecutive_failures: 0
        }
    );
}

#[test]
fn decode_refuses_oversized_input_before_parsing() {
    let codec = GuardedCodec::new(CodecConfig::default()).unwrap();
    // Not a valid encoding at all, but too long: refused for its size.
    let garbage = vec![0xff; 281];
    let (result, capture, metrics) = observe(|| codec.decode::<Reading>(&garbage));
    assert_eq!(
        result,
        Err(CodecError::SizeOverflow {
            size: 281,
            limit: 280
        })
    );
    assert_eq!(capture.events()[0].level, Level::ERROR);
    assert_eq!(metrics[0].0, "leyline.deserialization.failures");
    assert_eq!(
        metrics[0].1,
        labels(&[("error_kind", "size_overflow"), ("message_type", READING)])
    );
    assert_eq!(
        codec.decode::<Reading>(&garbage[..10]).unwrap_err().kind(),
        "decode"
    );
}

#[test]
fn decode_checks_the_version_then_validates() {
    let codec = GuardedCodec::new(CodecConfig::default()).unwrap();
    let good = Envelope {
        contract_version: 3,
        source: "kasmina".into(),
    };
    let bytes = good.encode_to_vec();
    assert_eq!(codec.decode_versioned::<Envelope>(&bytes), Ok(good));
    let old = Envelope {
        contract_version: 2,
        source: String::new(),
    };
    assert_eq!(
        codec.decode_versioned::<Envelope>(&old.encode_to_vec()),
        Err(CodecError::VersionMismatch {
            message_type: "leyline.test.v1.Envelope",
            expected: 3,
            found: 2
        })
    );
    // Without the version check, the same bytes fail validation.
    assert_eq!(
        codec
            .decode::<Envelope>(&old.encode_to_vec())
            .unwrap_err()
            .kind(),
        "validation"
    );
}

#[test]
fn the_buffer_is_reused() {
    let codec = GuardedCodec::new(CodecConfig::default()).unwrap();
    let mut buf = Vec::with_capacity(64);
    let ptr = buf.as_ptr();
    for i in 0..10 {
        let msg = reading(&format!("sensor-{i}"), 0.5);
        codec.encode(&msg, &mut buf).unwrap();
        assert_eq!(Reading::decode_slice(&buf).unwrap(), msg);
    }
    assert_eq!(buf.as_ptr(), ptr);
    assert_eq!(buf.capacity(), 64);
}

#[test]
fn errors_display_what_happened() {
    let e = CodecError::SizeOverflow {
        size: 300,
        limit: 280,
    };
    assert_eq!(
        e.to_string(),
        "message of 300 bytes exceeds the limit of 280 bytes"
    );
    let codec = GuardedCodec::new(CodecConfig::default()).unwrap();
    let err = codec
        .encode(&reading("", 0.0), &mut Vec::new())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "1 validation error: sensor: must not be empty [string.not_empty], got \"\""
    );
}
