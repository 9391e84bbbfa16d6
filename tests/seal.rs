//! Sealed envelopes (`leyline::seal`): what opens and what is refused, and why.
//!
//! - `frame_layout_is_the_documented_one`: a sealed frame is exactly
//!   version, key id, envelope, tag, in that order, as the `.proto` says.
//! - `every_bit_flip_is_refused_with_the_right_error` and
//!   `every_truncation_is_refused_as_truncated`: all 8 x len single-bit flips
//!   and all len truncations of a sealed 200-byte-payload envelope.
//! - the wrong key, an unknown key id, expired, from the future, replayed,
//!   exhausted attempts, the replay guard full, a clock that steps back,
//!   malformed frames and undecodable envelopes: one test each.
//! - key rotation, keyrings from `ESPER_LEYLINE_SECRET` and from a key file;
//!   no error or `Debug` output ever shows key material or payload bytes.
//! - threads opening the same frame at once: exactly one succeeds.
//! - `open(seal(e)) == e` for random envelopes within the policy (proptest).
//! - the `open` fuzz target's check (`fuzz/src/open.rs`) on its seeds and
//!   their mutations; `write_open_fuzz_seeds` (ignored) writes the seeds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use leyline::contracts::{fixtures, EventEnvelope, SealedFrame};
use leyline::prost::Message as _;
use leyline::seal::{
    open, seal, seal_encoded, FrameDefect, Keyring, ManualWallClock, OpenPolicy, SealError,
};
use leyline::{Contract as _, DecodeErrorKind, Timestamp};
use proptest::prelude::*;

#[path = "../fuzz/src/open.rs"]
mod fuzz_open;

/// Key material that must never appear in any output.
const SECRET: &[u8] = b"SECRET-key-material-0123456789-abcdef";
const OTHER_SECRET: &[u8] = b"another-secret-key-material-987654321";

fn ring() -> Keyring {
    Keyring::new("k1", SECRET).unwrap()
}

fn at(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds as u64)
}

/// The fixture's `created_at`, in seconds.
const T0: i64 = fixtures::FIXTURE_TIME.seconds;

/// A policy on a manual clock showing `now` (the fixture is 30 s long-lived).
fn policy_at(now: SystemTime) -> (ManualWallClock, OpenPolicy<ManualWallClock>) {
    let clock = ManualWallClock::at(now);
    (clock.clone(), OpenPolicy::new().with_clock(clock))
}

fn envelope() -> EventEnvelope {
    fixtures::event_envelope()
}

fn with_id(n: u128) -> EventEnvelope {
    EventEnvelope {
        event_id: uuid(n),
        ..envelope()
    }
}

fn uuid(n: u128) -> String {
    let h = format!("{n:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
    out
}

/// Where each part of a sealed frame is.
struct Layout {
    key_id: std::ops::Range<usize>,
    envelope: std::ops::Range<usize>,
    tag: std::ops::Range<usize>,
}

/// The frame `seal` writes, rebuilt from its parts, and where they are.
fn layout(frame: &[u8], key_id: &str, envelope: &[u8]) -> Layout {
    let mut expected = vec![0x08, 0x01, 0x12, key_id.len() as u8];
    expected.extend_from_slice(key_id.as_bytes());
    let key_id_range = 4..expected.len();
    expected.push(0x1a);
    expected.extend(varint(envelope.len() as u64));
    let start = expected.len();
    expected.extend_from_slice(envelope);
    let envelope_range = start..expected.len();
    expected.extend_from_slice(&[0x22, 0x20]);
    let start = expected.len();
    expected.extend_from_slice(&frame[frame.len() - 32..]);
    assert_eq!(
        frame,
        &expected[..],
        "the frame is version, key id, envelope, tag"
    );
    Layout {
        key_id: key_id_range,
        envelope: envelope_range,
        tag: start..expected.len(),
    }
}

/// No output of an error shows key material or payload bytes.
fn assert_clean(err: &SealError) {
    let payload = envelope().payload;
    for shown in [err.to_string(), format!("{err:?}")] {
        for secret in [SECRET, OTHER_SECRET] {
            assert!(
                !shown.contains(&String::from_utf8_lossy(secret)[..]),
                "{shown}"
            );
            assert!(!shown.contains(&format!("{secret:?}")), "{shown}");
            assert!(!shown.contains(&format!("{:?}", &secret[..8])), "{shown}");
        }
        assert!(!shown.contains(&format!("{:?}", &payload[..8])), "{shown}");
        assert!(!shown.contains("0, 1, 2, 3, 4"), "{shown}");
    }
}

#[test]
fn frame_layout_is_the_documented_one() {
    let e = envelope();
    let frame = seal(&e, &ring());
    let l = layout(&frame, "k1", &e.encode_to_vec());
    assert_eq!(l.tag.end, frame.len());
    let decoded = SealedFrame::decode_slice(&frame).unwrap();
    assert!(decoded.validate().is_ok());
    assert_eq!(decoded.envelope, e.encode_to_vec());
    // `seal_encoded` sends the given bytes unchanged.
    assert_eq!(seal_encoded(e.encode_to_vec(), &ring()), frame);
}

#[test]
fn the_fixture_opens_within_its_window_and_at_its_edges() {
    for now in [T0 - 5, T0, T0 + 30] {
        let (_, policy) = policy_at(at(now));
        assert_eq!(
            open(&seal(&envelope(), &ring()), &ring(), &policy),
            Ok(envelope()),
            "at {now}"
        );
    }
}

/// The expected error of a frame whose key id bytes were changed to `id`.
fn key_id_error(id: &[u8], ring: &Keyring) -> SealError {
    match std::str::from_utf8(id) {
        Err(_) => SealError::MalformedFrame(FrameDefect::Decode(
            SealedFrame::decode_slice(&[0x12, 0x01, 0xff]).unwrap_err(),
        )),
        Ok(id)
            if !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-_:".contains(&b)) =>
        {
            SealError::MalformedFrame(FrameDefect::InvalidKeyId)
        }
        Ok(id) if ring.contains(id) => SealError::BadTag { key_id: id.into() },
        Ok(id) => SealError::UnknownKeyId { key_id: id.into() },
    }
}

#[test]
fn every_bit_flip_is_refused_with_the_right_error() {
    // A key id whose one-bit neighbours include ids of the ring, valid ids
    // it lacks, invalid characters and invalid UTF-8.
    let ring = Keyring::new("key-a", SECRET)
        .unwrap()
        .with_key("key-c", OTHER_SECRET)
        .unwrap();
    let e = envelope();
    let frame = seal(&e, &ring);
    let l = layout(&frame, "key-a", &e.encode_to_vec());
    let (_, policy) = policy_at(at(T0));
    let mut by_reason: BTreeMap<&'static str, usize> = BTreeMap::new();
    for i in 0..frame.len() {
        for bit in 0..8 {
            let mut bad = frame.clone();
            bad[i] ^= 1 << bit;
            let err = open(&bad, &ring, &policy).expect_err("a flipped frame opened");
            assert_clean(&err);
            assert!(err.is_before_tag(), "byte {i} bit {bit}: {err}");
            *by_reason.entry(err.reason()).or_default() += 1;
            let expected = if l.envelope.contains(&i) || l.tag.contains(&i) {
                Some(SealError::BadTag {
                    key_id: "key-a".into(),
                })
            } else if l.key_id.contains(&i) {
                Some(key_id_error(&bad[l.key_id.clone()], &ring))
            } else if i == 1 && bit < 7 {
                // The version's value (a one-byte varint).
                Some(SealError::UnsupportedVersion {
                    version: 1 ^ (1 << bit),
                })
            } else if i == l.tag.start - 1 && [0, 1, 2, 3, 4, 6].contains(&bit) {
                // The tag's length grows past the end of the frame.
                Some(SealError::Truncated)
            } else {
                None // another field key or length: refused as a frame error
            };
            if let Some(expected) = expected {
                assert_eq!(err, expected, "byte {i} bit {bit}");
            }
        }
    }
    println!(
        "{} single-bit flips of a {}-byte frame, all refused before decoding: {by_reason:?}",
        8 * frame.len(),
        frame.len()
    );
    assert!(by_reason["unknown_key_id"] > 0 && by_reason["malformed_frame"] > 0);
}

#[test]
fn every_truncation_is_refused_as_truncated() {
    let frame = seal(&envelope(), &ring());
    let (_, policy) = policy_at(at(T0));
    for len in 0..frame.len() {
        let err = open(&frame[..len], &ring(), &policy).unwrap_err();
        assert_eq!(err, SealError::Truncated, "cut to {len} bytes");
    }
}

#[test]
fn the_wrong_key_and_an_unknown_key_id_are_refused() {
    let e = envelope();
    let (_, policy) = policy_at(at(T0));
    let same_id_other_key = Keyring::new("k1", OTHER_SECRET).unwrap();
    let frame = seal(&e, &same_id_other_key);
    let err = open(&frame, &ring(), &policy).unwrap_err();
    assert_eq!(
        err,
        SealError::BadTag {
            key_id: "k1".into()
        }
    );
    assert_clean(&err);

    let frame = seal(&e, &Keyring::new("k9", SECRET).unwrap());
    let err = open(&frame, &ring(), &policy).unwrap_err();
    assert_eq!(
        err,
        SealError::UnknownKeyId {
            key_id: "k9".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "sealed frame refused: no key with id \"k9\" in the keyring"
    );
    // Nothing was remembered: the guard saw only authenticated envelopes.
    assert!(policy.replay_guard().is_empty());
}

#[test]
fn rotation_opens_frames_of_the_old_and_the_new_key() {
    let old = Keyring::new("2025-01", OTHER_SECRET).unwrap();
    let rotated = Keyring::new("2025-01", OTHER_SECRET)
        .unwrap()
        .rotate_to("2025-06", SECRET)
        .unwrap();
    let retired = Keyring::new("2025-06", SECRET).unwrap();
    let (_, policy) = policy_at(at(T0));
    let by_old = seal(&with_id(1), &old);
    let by_new = seal(&with_id(2), &rotated);
    assert_eq!(
        SealedFrame::decode_slice(&by_new).unwrap().key_id,
        "2025-06"
    );
    assert_eq!(open(&by_old, &rotated, &policy), Ok(with_id(1)));
    assert_eq!(open(&by_new, &rotated, &policy), Ok(with_id(2)));
    // Once the old key is removed, its frames no longer open.
    assert_eq!(
        open(&seal(&with_id(3), &old), &retired, &policy),
        Err(SealError::UnknownKeyId {
            key_id: "2025-01".into()
        })
    );
}

#[test]
fn expired_and_future_envelopes_are_refused() {
    let frame = seal(&envelope(), &ring());
    let (_, policy) = policy_at(at(T0 + 31));
    let err = open(&frame, &ring(), &policy).unwrap_err();
    assert_eq!(
        err,
        SealError::Expired {
            expired_at: Timestamp {
                seconds: T0 + 30,
                nanos: 0
            },
            now: Timestamp {
                seconds: T0 + 31,
                nanos: 0
            },
        }
    );
    assert_eq!(
        err.to_string(),
        "sealed frame refused: expired at 2025-01-15T12:00:30Z; now is 2025-01-15T12:00:31Z"
    );

    let (_, policy) = policy_at(at(T0 - 6));
    let err = open(&frame, &ring(), &policy).unwrap_err();
    assert_eq!(
        err,
        SealError::FromTheFuture {
            created_at: fixtures::FIXTURE_TIME,
            now: Timestamp {
                seconds: T0 - 6,
                nanos: 0
            },
            max_skew: Duration::from_secs(5),
        }
    );
    // A wider skew lets it in.
    let (_, policy) = policy_at(at(T0 - 6));
    let policy = policy.with_max_clock_skew(Duration::from_secs(6));
    assert!(open(&frame, &ring(), &policy).is_ok());
}

#[test]
fn the_ttl_defaults_and_is_capped_by_the_policy() {
    let no_ttl = EventEnvelope {
        ttl: None,
        ..envelope()
    };
    let frame = seal(&no_ttl, &ring());
    // The default ttl is 60 s.
    assert!(open(&frame, &ring(), &policy_at(at(T0 + 60)).1).is_ok());
    assert!(matches!(
        open(&frame, &ring(), &policy_at(at(T0 + 61)).1),
        Err(SealError::Expired { .. })
    ));
    let long = EventEnvelope {
        ttl: Some(leyline::Duration {
            seconds: 86_400,
            nanos: 0,
        }),
        ..envelope()
    };
    let frame = seal(&long, &ring());
    let (_, policy) = policy_at(at(T0 + 301));
    // Cut to the 300 s cap.
    assert!(matches!(
        open(&frame, &ring(), &policy),
        Err(SealError::Expired { .. })
    ));
    let (_, policy) = policy_at(at(T0 + 301));
    let policy = policy.with_max_ttl(Duration::from_secs(86_400));
    assert!(open(&frame, &ring(), &policy).is_ok());
    // A negative ttl has expired as soon as it was created.
    let negative = EventEnvelope {
        ttl: Some(leyline::Duration {
            seconds: -1,
            nanos: 0,
        }),
        ..envelope()
    };
    assert!(matches!(
        open(&seal(&negative, &ring()), &ring(), &policy_at(at(T0)).1),
        Err(SealError::Expired { .. })
    ));
}

#[test]
fn exhausted_attempts_are_refused() {
    let (_, policy) = policy_at(at(T0));
    let last = EventEnvelope {
        current_attempt: 3,
        ..with_id(1)
    };
    assert!(open(&seal(&last, &ring()), &ring(), &policy).is_ok());
    let over = EventEnvelope {
        current_attempt: 4,
        ..with_id(2)
    };
    assert_eq!(
        open(&seal(&over, &ring()), &ring(), &policy),
        Err(SealError::AttemptsExhausted {
            current_attempt: 4,
            max_attempts: 3
        })
    );
    // max_attempts 0 is the bus default: the policy's (3 unless set).
    let default = EventEnvelope {
        max_attempts: 0,
        current_attempt: 4,
        ..with_id(3)
    };
    assert_eq!(
        open(&seal(&default, &ring()), &ring(), &policy),
        Err(SealError::AttemptsExhausted {
            current_attempt: 4,
            max_attempts: 3
        })
    );
    let (_, policy) = policy_at(at(T0));
    let policy = policy.with_default_max_attempts(5);
    assert!(open(&seal(&default, &ring()), &ring(), &policy).is_ok());
}

#[test]
fn a_replay_is_refused_while_fresh_then_expired() {
    let frame = seal(&envelope(), &ring());
    let (clock, policy) = policy_at(at(T0));
    assert!(open(&frame, &ring(), &policy).is_ok());
    let err = open(&frame, &ring(), &policy).unwrap_err();
    assert_eq!(
        err,
        SealError::Replayed {
            event_id: envelope().event_id
        }
    );
    // Re-sealed by a key holder, the same event id is still a replay.
    let resealed = seal(
        &EventEnvelope {
            current_attempt: 2,
            ..envelope()
        },
        &ring(),
    );
    assert!(matches!(
        open(&resealed, &ring(), &policy),
        Err(SealError::Replayed { .. })
    ));
    clock.advance(Duration::from_secs(30));
    assert!(matches!(
        open(&frame, &ring(), &policy),
        Err(SealError::Replayed { .. })
    ));
    clock.advance(Duration::from_secs(1));
    assert!(matches!(
        open(&frame, &ring(), &policy),
        Err(SealError::Expired { .. })
    ));
}

#[test]
fn a_full_replay_guard_refuses_new_ids_and_never_forgets_fresh_ones() {
    let (clock, policy) = policy_at(at(T0));
    let policy = policy.with_replay_capacity(3);
    let frames: Vec<Vec<u8>> = (1..=4).map(|n| seal(&with_id(n), &ring())).collect();
    for frame in &frames[..3] {
        open(frame, &ring(), &policy).unwrap();
    }
    assert_eq!(
        open(&frames[3], &ring(), &policy),
        Err(SealError::ReplayGuardFull { capacity: 3 })
    );
    for frame in &frames[..3] {
        assert!(matches!(
            open(frame, &ring(), &policy),
            Err(SealError::Replayed { .. })
        ));
    }
    // Once the first three have expired, a new one fits.
    clock.advance(Duration::from_secs(31));
    let later = EventEnvelope {
        created_at: Some(Timestamp {
            seconds: T0 + 31,
            nanos: 0,
        }),
        ..with_id(4)
    };
    assert!(open(&seal(&later, &ring()), &ring(), &policy).is_ok());
    assert_eq!(policy.replay_guard().len(), 1);
}

#[test]
fn after_the_clock_steps_back_forgotten_ids_are_not_accepted() {
    let (clock, policy) = policy_at(at(T0));
    let first = seal(&with_id(1), &ring());
    open(&first, &ring(), &policy).unwrap();
    // 40 s later another envelope arrives; the first id is forgotten.
    clock.advance(Duration::from_secs(40));
    let second = EventEnvelope {
        created_at: Some(Timestamp {
            seconds: T0 + 40,
            nanos: 0,
        }),
        ..with_id(2)
    };
    open(&seal(&second, &ring()), &ring(), &policy).unwrap();
    // The clock steps back: the first frame looks fresh again, but the guard
    // knows it may have forgotten it.
    clock.rewind(Duration::from_secs(40));
    assert!(matches!(
        open(&first, &ring(), &policy),
        Err(SealError::BeyondReplayHorizon { .. })
    ));
}

#[test]
fn malformed_frames_name_their_defect() {
    let e = envelope();
    let (_, policy) = policy_at(at(T0));
    let good = SealedFrame::decode_slice(&seal(&e, &ring())).unwrap();
    let cases: Vec<(SealedFrame, SealError)> = vec![
        (
            SealedFrame {
                version: 2,
                ..good.clone()
            },
            SealError::UnsupportedVersion { version: 2 },
        ),
        (
            SealedFrame {
                version: 0,
                ..good.clone()
            },
            SealError::UnsupportedVersion { version: 0 },
        ),
        (
            SealedFrame {
                tag: good.tag[..31].to_vec(),
                ..good.clone()
            },
            SealError::MalformedFrame(FrameDefect::TagLength { len: 31 }),
        ),
        (
            SealedFrame {
                key_id: "a/b".into(),
                ..good.clone()
            },
            SealError::MalformedFrame(FrameDefect::InvalidKeyId),
        ),
        (
            SealedFrame {
                key_id: String::new(),
                ..good.clone()
            },
            SealError::MalformedFrame(FrameDefect::InvalidKeyId),
        ),
    ];
    for (frame, expected) in cases {
        assert_eq!(
            open(&frame.encode_to_vec(), &ring(), &policy),
            Err(expected)
        );
    }
    // An unknown field appended (it would not be covered by the tag).
    let mut extended = seal(&e, &ring());
    extended.extend_from_slice(&[0x28, 0x01]);
    assert_eq!(
        open(&extended, &ring(), &policy),
        Err(SealError::MalformedFrame(FrameDefect::UnknownFields))
    );
    // Not protobuf at all.
    let err = open(&[0x0f, 0x00], &ring(), &policy).unwrap_err();
    assert!(
        matches!(err, SealError::MalformedFrame(FrameDefect::Decode(_))),
        "{err}"
    );
}

#[test]
fn authenticated_bytes_that_are_not_an_envelope_or_lack_what_opening_needs() {
    let (_, policy) = policy_at(at(T0));
    // Tagged garbage (only a key holder can make it): a decode error.
    let err = open(
        &seal_encoded(vec![0x0a, 0x05, b'a'], &ring()),
        &ring(),
        &policy,
    )
    .unwrap_err();
    match &err {
        SealError::Decode(e) => assert_eq!(e.kind(), &DecodeErrorKind::Truncated),
        other => panic!("{other}"),
    }
    assert!(!err.is_before_tag());
    let no_time = EventEnvelope {
        created_at: None,
        ..envelope()
    };
    assert_eq!(
        open(&seal(&no_time, &ring()), &ring(), &policy),
        Err(SealError::MissingCreatedAt)
    );
    let not_a_uuid = EventEnvelope {
        event_id: "evt-7".into(),
        ..envelope()
    };
    assert_eq!(
        open(&seal(&not_a_uuid, &ring()), &ring(), &policy),
        Err(SealError::InvalidEventId)
    );
}

#[test]
fn threads_opening_the_same_frame_at_once_accept_it_once() {
    let (_, policy) = policy_at(at(T0));
    let policy = Arc::new(policy);
    let keys = Arc::new(ring());
    let frame = Arc::new(seal(&envelope(), &keys));
    let distinct: Arc<Vec<Vec<u8>>> =
        Arc::new((100..108).map(|n| seal(&with_id(n), &keys)).collect());
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let (policy, keys, frame, distinct) = (
                policy.clone(),
                keys.clone(),
                frame.clone(),
                distinct.clone(),
            );
            std::thread::spawn(move || {
                let same = open(&frame, &keys, &policy);
                let own = open(&distinct[t], &keys, &policy);
                (same, own)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let accepted = results.iter().filter(|(same, _)| same.is_ok()).count();
    assert_eq!(accepted, 1, "exactly one thread opens the shared frame");
    for (same, own) in &results {
        if let Err(e) = same {
            assert!(matches!(e, SealError::Replayed { .. }), "{e}");
        }
        assert!(own.is_ok());
    }
    assert_eq!(policy.replay_guard().len(), 9);
}

#[test]
fn keyrings_from_the_environment_and_from_a_file() {
    // This test alone touches ESPER_LEYLINE_SECRET.
    std::env::set_var(
        "ESPER_LEYLINE_SECRET",
        "a shared secret of more than 32 bytes",
    );
    let env = Keyring::from_env().unwrap();
    assert_eq!(env.current_key_id(), "esper-shared");
    assert_eq!(Keyring::ENV_KEY_ID, "esper-shared");
    let same = Keyring::new("esper-shared", b"a shared secret of more than 32 bytes").unwrap();
    let (_, policy) = policy_at(at(T0));
    assert!(open(&seal(&envelope(), &same), &env, &policy).is_ok());
    std::env::set_var("ESPER_LEYLINE_SECRET", "too short");
    assert_eq!(
        Keyring::from_env().unwrap_err().to_string(),
        "key \"esper-shared\" is 9 bytes; keys must be at least 32 bytes"
    );
    std::env::remove_var("ESPER_LEYLINE_SECRET");
    assert_eq!(
        Keyring::from_env().unwrap_err().to_string(),
        "the environment variable ESPER_LEYLINE_SECRET is not set or empty"
    );

    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("seal-keyfile");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("keys");
    // base64 of SECRET and OTHER_SECRET.
    std::fs::write(
        &path,
        "# current first\n2025-06 U0VDUkVULWtleS1tYXRlcmlhbC0wMTIzNDU2Nzg5LWFiY2RlZg==\n\
         2025-01 YW5vdGhlci1zZWNyZXQta2V5LW1hdGVyaWFsLTk4NzY1NDMyMQ==\n",
    )
    .unwrap();
    let from_file = Keyring::from_file(&path).unwrap();
    assert_eq!(
        from_file.key_ids().collect::<Vec<_>>(),
        ["2025-06", "2025-01"]
    );
    let by_old = seal(&with_id(5), &Keyring::new("2025-01", OTHER_SECRET).unwrap());
    assert!(open(&by_old, &from_file, &policy).is_ok());
    let shown = format!("{from_file:?}");
    assert_eq!(
        shown,
        r#"Keyring { current: "2025-06", keys: ["2025-06", "2025-01"] }"#
    );
    let missing = Keyring::from_file(dir.join("absent")).unwrap_err();
    assert!(
        missing.to_string().starts_with("cannot read the key file "),
        "{missing}"
    );
}

#[test]
fn debug_output_never_shows_key_material() {
    let ring = ring().with_key("k2", OTHER_SECRET).unwrap();
    let (_, policy) = policy_at(at(T0));
    for shown in [
        format!("{ring:?}"),
        format!("{ring:#?}"),
        format!("{policy:?}"),
    ] {
        for secret in [SECRET, OTHER_SECRET] {
            assert!(
                !shown.contains(&String::from_utf8_lossy(secret)[..]),
                "{shown}"
            );
            assert!(!shown.contains(&format!("{:?}", &secret[..4])), "{shown}");
            let hex: String = secret[..4].iter().map(|b| format!("{b:02x}")).collect();
            assert!(!shown.contains(&hex), "{shown}");
        }
    }
}

// ---------------------------------------------------------------------------
// open(seal(e)) == e

fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..=max).prop_map(|c| c.into_iter().collect())
}

prop_compose! {
    /// Any envelope that the default policy accepts at `now`: created within
    /// its ttl (at most 300 s) in the past or within the 5 s skew ahead,
    /// within its attempts, with a UUID event id.
    fn fresh_envelope(now: i64)(
        id in any::<u128>(),
        event_type in text(8),
        source in text(8),
        age_ms in -5_000i64..=300_000,
        ttl_ms in 0i64..=300_000,
        deadline in proptest::option::of(0i64..10_000),
        payload in proptest::collection::vec(any::<u8>(), 0..512),
        payload_type in text(16),
        routing_keys in proptest::collection::vec(text(6), 0..4),
        max_attempts in 0u32..10,
        attempt_seed in any::<u32>(),
        priority in 0i32..6,
    ) -> EventEnvelope {
        let ttl_ms = ttl_ms.max(age_ms);
        let created_ms = now * 1000 - age_ms;
        let limit = if max_attempts == 0 { 3 } else { max_attempts };
        EventEnvelope {
            event_id: uuid(id),
            event_type,
            source_subsystem: source,
            created_at: Some(Timestamp {
                seconds: created_ms.div_euclid(1000),
                nanos: (created_ms.rem_euclid(1000) * 1_000_000) as i32,
            }),
            processing_deadline: deadline.map(|ms| leyline::Duration {
                seconds: ms / 1000,
                nanos: (ms % 1000 * 1_000_000) as i32,
            }),
            ttl: Some(leyline::Duration {
                seconds: ttl_ms / 1000,
                nanos: (ttl_ms % 1000 * 1_000_000) as i32,
            }),
            payload,
            payload_type,
            content_encoding: "protobuf".into(),
            priority: leyline::contracts::MessagePriority::from_value(priority),
            routing_keys,
            max_attempts,
            current_attempt: attempt_seed % (limit + 1),
            ..EventEnvelope::default()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn open_of_seal_is_the_envelope(e in fresh_envelope(T0)) {
        let (_, policy) = policy_at(at(T0));
        let frame = seal(&e, &ring());
        prop_assert_eq!(open(&frame, &ring(), &policy), Ok(e));
        let again = open(&frame, &ring(), &policy);
        prop_assert!(matches!(again, Err(SealError::Replayed { .. })), "{:?}", again);
    }
}

// ---------------------------------------------------------------------------
// The fuzz target's check, on its seeds

fn seed_envelopes() -> Vec<(&'static str, EventEnvelope)> {
    let mut unknown = leyline::UnknownFields::new();
    unknown.push_raw(&[0x90, 0x03, 0x2a]);
    vec![
        ("fixture", envelope()),
        (
            "no_ttl_default_attempts",
            EventEnvelope {
                ttl: None,
                max_attempts: 0,
                ..with_id(1)
            },
        ),
        (
            "unicode_and_unknown_fields",
            EventEnvelope {
                event_type: "training.状态".into(),
                source_subsystem: "Größe".into(),
                unknown_fields: unknown,
                ..with_id(2)
            },
        ),
        (
            "empty_payload",
            EventEnvelope {
                payload: Vec::new(),
                ..with_id(3)
            },
        ),
    ]
}

/// Writes `fuzz/seeds/open/`: `cargo test -p leyline-tests --test seal -- --ignored`.
#[test]
#[ignore = "writes fuzz/seeds/open; run by hand when the seeds should change"]
fn write_open_fuzz_seeds() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/open");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, e) in seed_envelopes() {
        std::fs::write(dir.join(name), seal(&e, fuzz_open::right_keyring())).unwrap();
    }
}

#[test]
fn the_fuzz_check_opens_its_seeds_and_no_mutation_of_them() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/open");
    let mut seeds = 0;
    for (name, e) in seed_envelopes() {
        let frame = std::fs::read(dir.join(name)).unwrap();
        assert_eq!(
            frame,
            seal(&e, fuzz_open::right_keyring()),
            "seed {name} is stale"
        );
        assert!(fuzz_open::check_open(&frame), "seed {name} does not open");
        for i in (0..frame.len()).step_by(7) {
            let mut bad = frame.clone();
            bad[i] = bad[i].wrapping_add(1 + i as u8 % 255);
            assert!(
                !fuzz_open::check_open(&bad),
                "seed {name} changed at {i} opened"
            );
            assert!(!fuzz_open::check_open(&frame[..i]));
        }
        seeds += 1;
    }
    assert_eq!(seeds, std::fs::read_dir(&dir).unwrap().count());
}
