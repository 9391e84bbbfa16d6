//! The guarded codec with sealed envelopes: `encode_sealed` writes frames
//! that open, `decode_sealed` opens them, and every frame it refuses is
//! counted in `leyline.envelope.rejected` by reason and logged at warn level
//! (checked with a capturing `tracing` subscriber and `metrics-util`'s
//! `DebuggingRecorder`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

use leyline::codec::{CodecConfig, CodecError, GuardedCodec};
use leyline::contracts::{fixtures, EventEnvelope};
use leyline::seal::{
    open, seal, seal_encoded, Keyring, ManualWallClock, OpenPolicy, SealError, SealedDecodeError,
    ENVELOPE_REJECTED,
};
use metrics_util::debugging::DebugValue;
use tracing::Level;

mod capture_support;
use capture_support::Captured;

/// Runs `f` with its events captured and a debugging recorder; returns the
/// events and the `leyline.envelope.rejected` counts by reason.
fn observe<T>(f: impl FnOnce() -> T) -> (T, Vec<Captured>, BTreeMap<String, u64>) {
    let (out, capture, metrics) = capture_support::observe(f);
    let mut rejected = BTreeMap::new();
    for (name, labels, value) in metrics {
        if name != ENVELOPE_REJECTED {
            continue;
        }
        assert_eq!(labels.len(), 1, "{labels:?}");
        assert_eq!(labels[0].0, "reason");
        let DebugValue::Counter(n) = value else {
            panic!("{ENVELOPE_REJECTED} is not a counter")
        };
        rejected.insert(labels[0].1.clone(), n);
    }
    (out, capture.events(), rejected)
}

const SECRET: &[u8] = b"the codec test key, 32 bytes or more";

fn ring() -> Keyring {
    Keyring::new("k1", SECRET).unwrap()
}

fn codec() -> GuardedCodec {
    GuardedCodec::new(CodecConfig {
        max_message_size: 1024,
        ..CodecConfig::default()
    })
    .unwrap()
}

fn policy() -> OpenPolicy<ManualWallClock> {
    let now = UNIX_EPOCH + Duration::from_secs(fixtures::FIXTURE_TIME.seconds as u64);
    OpenPolicy::new().with_clock(ManualWallClock::at(now))
}

#[test]
fn encode_sealed_writes_a_frame_that_opens() {
    let codec = codec();
    let mut buf = Vec::new();
    let len = codec
        .encode_sealed(&fixtures::event_envelope(), &ring(), &mut buf)
        .unwrap();
    assert_eq!(len, buf.len());
    assert_eq!(buf, seal(&fixtures::event_envelope(), &ring()));
    assert_eq!(
        open(&buf, &ring(), &policy()),
        Ok(fixtures::event_envelope())
    );
    // An envelope that breaks its rules is refused by the codec, unsealed.
    let invalid = EventEnvelope {
        source_subsystem: String::new(),
        ..fixtures::event_envelope()
    };
    let err = codec
        .encode_sealed(&invalid, &ring(), &mut buf)
        .unwrap_err();
    assert_eq!(err.kind(), "validation");
    assert!(buf.is_empty());
}

#[test]
fn decode_sealed_opens_a_frame_and_counts_nothing() {
    let codec = codec();
    let frame = seal(&fixtures::event_envelope(), &ring());
    let policy = policy();
    let (opened, events, rejected) = observe(|| codec.decode_sealed(&frame, &ring(), &policy));
    assert_eq!(opened, Ok(fixtures::event_envelope()));
    assert!(rejected.is_empty(), "{rejected:?}");
    assert!(events.iter().all(|e| e.level != Level::WARN), "{events:?}");
}

#[test]
fn every_refused_frame_is_counted_by_reason_and_logged() {
    let codec = codec();
    let policy = policy();
    let good = seal(&fixtures::event_envelope(), &ring());
    let mut flipped = good.clone();
    flipped[200] ^= 4;
    let stale = EventEnvelope {
        created_at: Some(leyline::Timestamp {
            seconds: fixtures::FIXTURE_TIME.seconds - 60,
            nanos: 0,
        }),
        ..fixtures::event_envelope()
    };
    let invalid = EventEnvelope {
        source_subsystem: String::new(),
        event_id: "0e9d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b".into(),
        ..fixtures::event_envelope()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("opens", good.clone(), ""),
        ("the same frame again", good.clone(), "replayed"),
        ("a flipped bit", flipped, "bad_tag"),
        ("cut short", good[..good.len() - 1].to_vec(), "truncated"),
        (
            "an unknown key",
            seal(
                &fixtures::event_envelope(),
                &Keyring::new("k2", SECRET).unwrap(),
            ),
            "unknown_key_id",
        ),
        ("expired", seal(&stale, &ring()), "expired"),
        (
            "authenticated but invalid",
            seal(&invalid, &ring()),
            "validation",
        ),
        (
            "authenticated but not an envelope",
            seal_encoded(vec![0x0a, 0x7f], &ring()),
            "decode",
        ),
        (
            "too large to parse",
            vec![0; 1024 + 113 + 1],
            "size_overflow",
        ),
    ];
    let (results, events, rejected) = observe(|| {
        cases
            .iter()
            .map(|(_, frame, _)| codec.decode_sealed(frame, &ring(), &policy))
            .collect::<Vec<_>>()
    });
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    let warnings: Vec<&Captured> = events.iter().filter(|e| e.level == Level::WARN).collect();
    for ((what, _, reason), result) in cases.iter().zip(&results) {
        match result {
            Ok(_) => assert!(reason.is_empty(), "{what} opened"),
            Err(err) => {
                assert_eq!(err.reason(), *reason, "{what}: {err}");
                *expected.entry((*reason).to_owned()).or_default() += 1;
                assert!(
                    warnings
                        .iter()
                        .any(
                            |w| w.fields.get("reason").map(String::as_str) == Some(*reason)
                                && w.name == format!("sealed envelope rejected: {err}")
                        ),
                    "{what}: no warning for {err}: {warnings:?}"
                );
            }
        }
    }
    assert_eq!(rejected, expected);
    assert_eq!(
        warnings.len(),
        cases.len() - 1,
        "one warning per refused frame: {warnings:?}"
    );
    // The errors themselves say what failed.
    assert!(matches!(
        results[2],
        Err(SealedDecodeError::Rejected(SealError::BadTag { .. }))
    ));
    assert!(matches!(
        results[8],
        Err(SealedDecodeError::Codec(CodecError::SizeOverflow {
            size: 1138,
            limit: 1137
        }))
    ));
    // Nothing refused before or at validation consumed a replay slot.
    assert_eq!(policy.replay_guard().len(), 1);
}
