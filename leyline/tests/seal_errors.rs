//! What the seal layer says when it refuses: every `SealError`,
//! `FrameDefect` and `KeyringError` message names what failed (and never key
//! material), each reason label and before-the-tag flag is the documented
//! one, and the `OpenPolicy` settings read back as set (its defaults are the
//! documented table).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::error::Error as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use leyline::contracts::{fixtures, EventEnvelope};
use leyline::seal::{
    open, seal, FrameDefect, Keyring, KeyringError, ManualWallClock, OpenPolicy, SealError,
    WallClock as _,
};
use leyline::{DecodeError, Timestamp};

const SECRET: &[u8] = b"a key of at least thirty-two bytes!!";

fn ts(seconds: i64) -> Timestamp {
    Timestamp { seconds, nanos: 0 }
}

fn decode_error() -> DecodeError {
    use leyline::Contract as _;
    // A varint that never ends.
    EventEnvelope::decode_slice(&[0x08, 0xff]).unwrap_err()
}

#[test]
fn every_seal_error_says_what_failed() {
    let decode = decode_error();
    let cases: Vec<(SealError, &str, &str)> = vec![
        (
            SealError::Truncated,
            "truncated",
            "sealed frame refused: the frame is cut short",
        ),
        (
            SealError::MalformedFrame(FrameDefect::InvalidKeyId),
            "malformed_frame",
            "sealed frame refused: malformed frame: the key id is not 1 to 64 of A-Z a-z 0-9 . _ : -",
        ),
        (
            SealError::MalformedFrame(FrameDefect::TagLength { len: 31 }),
            "malformed_frame",
            "sealed frame refused: malformed frame: the tag is 31 bytes, not 32",
        ),
        (
            SealError::MalformedFrame(FrameDefect::UnknownFields),
            "malformed_frame",
            "sealed frame refused: malformed frame: the frame holds unknown fields",
        ),
        (
            SealError::UnsupportedVersion { version: 9 },
            "unsupported_version",
            "sealed frame refused: seal format version 9; this build opens version 1",
        ),
        (
            SealError::UnknownKeyId {
                key_id: "k9".into(),
            },
            "unknown_key_id",
            "sealed frame refused: no key with id \"k9\" in the keyring",
        ),
        (
            SealError::BadTag {
                key_id: "k1".into(),
            },
            "bad_tag",
            "sealed frame refused: the tag does not match (key \"k1\"): forged or altered",
        ),
        (
            SealError::MissingCreatedAt,
            "missing_created_at",
            "sealed frame refused: the envelope has no created_at",
        ),
        (
            SealError::FromTheFuture {
                created_at: ts(100),
                now: ts(10),
                max_skew: Duration::from_secs(5),
            },
            "from_the_future",
            "sealed frame refused: created at 1970-01-01T00:01:40Z, later than now \
             (1970-01-01T00:00:10Z) plus the allowed skew of 5s",
        ),
        (
            SealError::Expired {
                expired_at: ts(60),
                now: ts(61),
            },
            "expired",
            "sealed frame refused: expired at 1970-01-01T00:01:00Z; now is 1970-01-01T00:01:01Z",
        ),
        (
            SealError::AttemptsExhausted {
                current_attempt: 4,
                max_attempts: 3,
            },
            "attempts_exhausted",
            "sealed frame refused: delivery attempt 4 of at most 3",
        ),
        (
            SealError::InvalidEventId,
            "invalid_event_id",
            "sealed frame refused: the event_id is not a UUID",
        ),
        (
            SealError::Replayed {
                event_id: "e-1".into(),
            },
            "replayed",
            "sealed frame refused: event e-1 was already opened (replay)",
        ),
        (
            SealError::ReplayGuardFull { capacity: 2 },
            "replay_guard_full",
            "sealed frame refused: the replay guard holds 2 unexpired event ids, its capacity; \
             new events are refused until some expire",
        ),
        (
            SealError::BeyondReplayHorizon {
                expires_at: ts(1),
                horizon: ts(2),
            },
            "beyond_replay_horizon",
            "sealed frame refused: expires at 1970-01-01T00:00:01Z, but the replay guard has \
             forgotten ids expiring up to 1970-01-01T00:00:02Z (the clock went back)",
        ),
    ];
    for (err, reason, text) in &cases {
        assert_eq!(err.reason(), *reason, "{err:?}");
        assert_eq!(err.to_string(), *text, "{err:?}");
        assert!(err.source().is_none(), "{err:?}");
    }
    // Only the frame, key and tag checks come before the tag is verified.
    let before: Vec<&str> = cases
        .iter()
        .filter(|(e, _, _)| e.is_before_tag())
        .map(|(_, r, _)| *r)
        .collect();
    assert_eq!(
        before,
        [
            "truncated",
            "malformed_frame",
            "malformed_frame",
            "malformed_frame",
            "unsupported_version",
            "unknown_key_id",
            "bad_tag",
        ]
    );

    // A decode error is shown, and is the source.
    let inner = decode.to_string();
    let err = SealError::Decode(decode.clone());
    assert_eq!(err.reason(), "decode");
    assert!(!err.is_before_tag());
    assert_eq!(
        err.to_string(),
        format!("sealed frame refused: the authenticated envelope does not decode: {inner}")
    );
    assert_eq!(err.source().unwrap().to_string(), inner);
    let err = SealError::MalformedFrame(FrameDefect::Decode(decode));
    assert_eq!(
        err.to_string(),
        format!("sealed frame refused: malformed frame: {inner}")
    );
    assert_eq!(err.source().unwrap().to_string(), inner);
}

#[test]
fn every_keyring_error_names_the_key_or_line_never_the_secret() {
    let cases = [
        (
            KeyringError::InvalidKeyId { len: 70 },
            "invalid key id (70 bytes): key ids are 1 to 64 of A-Z a-z 0-9 . _ : -",
        ),
        (
            KeyringError::DuplicateKeyId {
                key_id: "k1".into(),
            },
            "two keys have the id \"k1\"",
        ),
        (
            KeyringError::EnvVarNotUnicode { var: "V".into() },
            "the environment variable V is not valid Unicode",
        ),
        (
            KeyringError::FileSyntax {
                line: 3,
                problem: "no key after the id",
            },
            "key file, line 3: no key after the id",
        ),
        (KeyringError::NoKeys, "the key file holds no key"),
    ];
    for (err, text) in cases {
        assert_eq!(err.to_string(), text);
    }

    // The same errors, from the API.
    let bad_id = Keyring::new(&"x".repeat(70), SECRET).unwrap_err();
    assert_eq!(bad_id, KeyringError::InvalidKeyId { len: 70 });
    let dup = Keyring::new("k1", SECRET)
        .unwrap()
        .with_key("k1", SECRET)
        .unwrap_err();
    assert_eq!(
        dup,
        KeyringError::DuplicateKeyId {
            key_id: "k1".into()
        }
    );
    assert_eq!(
        Keyring::from_file_contents(b"# only a comment\n\n").unwrap_err(),
        KeyringError::NoKeys
    );
}

#[cfg(unix)]
#[test]
fn an_environment_secret_must_be_set_and_unicode() {
    use std::os::unix::ffi::OsStrExt as _;
    // Variables of this test alone.
    let var = "LEYLINE_TEST_SEAL_ERRORS_SECRET";
    std::env::set_var(var, std::ffi::OsStr::from_bytes(b"\xff\xfe not unicode"));
    assert_eq!(
        Keyring::from_env_var(var, "k").unwrap_err(),
        KeyringError::EnvVarNotUnicode { var: var.into() }
    );
    std::env::set_var(var, "");
    let err = Keyring::from_env_var(var, "k").unwrap_err();
    assert_eq!(err, KeyringError::EnvVarMissing { var: var.into() });
    assert_eq!(
        err.to_string(),
        format!("the environment variable {var} is not set or empty")
    );
    std::env::set_var(var, std::str::from_utf8(SECRET).unwrap());
    let ring = Keyring::from_env_var(var, "from-env").unwrap();
    assert_eq!(ring.current_key_id(), "from-env");
    std::env::remove_var(var);
}

#[test]
fn open_policy_settings_read_back_and_default_to_the_documented_table() {
    let policy = OpenPolicy::default();
    assert_eq!(policy.max_clock_skew(), Duration::from_secs(5));
    assert_eq!(policy.default_ttl(), Duration::from_secs(60));
    assert_eq!(policy.max_ttl(), Duration::from_secs(300));
    assert_eq!(policy.default_max_attempts(), 3);
    assert_eq!(policy.replay_guard().capacity(), 100_000);

    let start = UNIX_EPOCH + Duration::from_secs(1_000);
    let policy = OpenPolicy::new()
        .with_clock(ManualWallClock::at(start))
        .with_max_clock_skew(Duration::from_secs(1))
        .with_default_ttl(Duration::from_secs(7))
        .with_max_ttl(Duration::from_secs(8))
        .with_default_max_attempts(9)
        .with_replay_capacity(10);
    assert_eq!(policy.max_clock_skew(), Duration::from_secs(1));
    assert_eq!(policy.default_ttl(), Duration::from_secs(7));
    assert_eq!(policy.max_ttl(), Duration::from_secs(8));
    assert_eq!(policy.default_max_attempts(), 9);
    assert_eq!(policy.replay_guard().capacity(), 10);
    assert_eq!(policy.clock().now(), start);
    let later = start + Duration::from_secs(42);
    policy.clock().set(later);
    assert_eq!(policy.clock().now(), later);
}

#[test]
fn the_policy_settings_decide_what_opens() {
    let ring = Keyring::new("k1", SECRET).unwrap();
    let envelope = fixtures::event_envelope();
    let created = envelope.created_at.unwrap();
    let created_at = UNIX_EPOCH + Duration::from_secs(created.seconds as u64);
    let without_ttl = EventEnvelope {
        ttl: None,
        max_attempts: 0,
        current_attempt: 2,
        ..envelope
    };
    let frame = seal(&without_ttl, &ring);

    // The default ttl applies to an envelope without one: 7 s later it is
    // open, 8 s later expired.
    let policy_at = |now: SystemTime, attempts: u32| {
        OpenPolicy::new()
            .with_clock(ManualWallClock::at(now))
            .with_default_ttl(Duration::from_secs(7))
            .with_default_max_attempts(attempts)
    };
    assert!(open(
        &frame,
        &ring,
        &policy_at(created_at + Duration::from_secs(7), 3)
    )
    .is_ok());
    let err = open(
        &frame,
        &ring,
        &policy_at(created_at + Duration::from_secs(8), 3),
    )
    .unwrap_err();
    assert!(matches!(err, SealError::Expired { .. }), "{err}");
    assert!(err.to_string().contains("expired at"), "{err}");

    // The default attempt limit applies when the envelope's is 0.
    let err = open(&frame, &ring, &policy_at(created_at, 1)).unwrap_err();
    assert_eq!(
        err,
        SealError::AttemptsExhausted {
            current_attempt: 2,
            max_attempts: 1
        }
    );
    assert_eq!(
        err.to_string(),
        "sealed frame refused: delivery attempt 2 of at most 1"
    );

    // The skew: a clock 2 s behind created_at is within 5 s but not 1 s.
    let behind = created_at - Duration::from_secs(2);
    assert!(open(&frame, &ring, &policy_at(behind, 3)).is_ok());
    let strict = policy_at(behind, 3).with_max_clock_skew(Duration::from_secs(1));
    let err = open(&frame, &ring, &strict).unwrap_err();
    assert!(matches!(err, SealError::FromTheFuture { .. }), "{err}");
    assert!(
        err.to_string().ends_with("plus the allowed skew of 1s"),
        "{err}"
    );
}

#[test]
fn legacy_signature_errors_say_what_is_wrong() {
    use leyline::seal::{sign_legacy, verify_legacy, LegacySignatureError};
    let ring = Keyring::new("k1", SECRET).unwrap();
    let signature = sign_legacy(b"payload", &ring);
    assert!(verify_legacy(b"payload", &signature, &ring).is_ok());
    let cases = [
        (
            verify_legacy(b"payload", "not base64!", &ring),
            LegacySignatureError::NotBase64,
            "the signature is not base64 (standard alphabet, padded)",
        ),
        (
            verify_legacy(b"payload", "c2hvcnQ=", &ring),
            LegacySignatureError::Length { len: 5 },
            "the signature decodes to 5 bytes, not 32",
        ),
        (
            verify_legacy(b"other payload", &signature, &ring),
            LegacySignatureError::Mismatch,
            "the signature does not match the payload under any key",
        ),
    ];
    for (result, expected, text) in cases {
        let err = result.unwrap_err();
        assert_eq!(err, expected);
        assert_eq!(err.to_string(), text);
    }
}
