//! What can go wrong: opening a frame ([`SealError`]) and loading keys
//! ([`KeyringError`]). Neither ever holds key material or payload bytes: a
//! key is named by its id, an envelope by its event id and times.

use core::fmt;
use std::path::PathBuf;

use crate::{DecodeError, DecodeErrorKind, Timestamp};

/// Why [`open`](super::open) refused a frame. The variants come in the order
/// of the checks: the frame itself, its key and tag, then (only for
/// authenticated bytes) the envelope, its freshness, attempts and replay.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SealError {
    /// The frame ends early: inside a field, or before its tag (a sealed
    /// frame always ends with its 32-byte tag).
    Truncated,
    /// The bytes are not a well-formed SealedFrame.
    MalformedFrame(FrameDefect),
    /// The frame was sealed in a format version this build does not open.
    UnsupportedVersion {
        /// The frame's `version` (0 when absent).
        version: u32,
    },
    /// No key of the keyring has the frame's key id.
    UnknownKeyId {
        /// The frame's key id (it matches the key id rule, so is safe to log).
        key_id: String,
    },
    /// The tag is not the HMAC of the frame's key id and envelope under the
    /// key named by that id: the frame was forged or altered.
    BadTag {
        /// The key id the frame names.
        key_id: String,
    },
    /// The authenticated envelope bytes are not a valid EventEnvelope.
    Decode(DecodeError),
    /// The envelope has no `created_at`, so its freshness cannot be judged.
    MissingCreatedAt,
    /// The envelope was created later than now plus the allowed clock skew.
    FromTheFuture {
        /// The envelope's `created_at`.
        created_at: Timestamp,
        /// The opener's clock.
        now: Timestamp,
        /// The allowed skew.
        max_skew: std::time::Duration,
    },
    /// Now is past the envelope's `created_at` plus its (capped) `ttl`.
    Expired {
        /// `created_at` plus the effective ttl.
        expired_at: Timestamp,
        /// The opener's clock.
        now: Timestamp,
    },
    /// `current_attempt` is greater than `max_attempts` (or the policy's
    /// default when `max_attempts` is 0).
    AttemptsExhausted {
        /// The envelope's `current_attempt`.
        current_attempt: u32,
        /// The limit applied.
        max_attempts: u32,
    },
    /// The envelope's `event_id` is not a UUID, so the replay guard cannot
    /// remember it.
    InvalidEventId,
    /// An envelope with this event id was already opened and is still fresh.
    Replayed {
        /// The event id.
        event_id: String,
    },
    /// The replay guard holds its capacity of unexpired event ids; new ids
    /// are refused until some expire (never accepted unremembered).
    ReplayGuardFull {
        /// The guard's capacity.
        capacity: usize,
    },
    /// The guard has already forgotten ids that expired as late as this
    /// envelope does (the clock went back), so it cannot tell whether this
    /// is a replay.
    BeyondReplayHorizon {
        /// When the envelope expires.
        expires_at: Timestamp,
        /// The latest expiry among the ids the guard has forgotten.
        horizon: Timestamp,
    },
}

/// What is wrong with a frame that is not a well-formed SealedFrame.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FrameDefect {
    /// The bytes are not protobuf of a SealedFrame (other than cut short).
    Decode(DecodeError),
    /// The key id breaks the rule: 1 to 64 of `A-Z a-z 0-9 . _ : -`.
    InvalidKeyId,
    /// The tag is not 32 bytes.
    TagLength {
        /// Its length.
        len: usize,
    },
    /// The frame holds fields that are not part of the format (they would
    /// not be covered by the tag).
    UnknownFields,
}

impl SealError {
    /// A short name for the reason, as used in the `reason` label of the
    /// `leyline.envelope.rejected` counter.
    pub fn reason(&self) -> &'static str {
        match self {
            SealError::Truncated => "truncated",
            SealError::MalformedFrame(_) => "malformed_frame",
            SealError::UnsupportedVersion { .. } => "unsupported_version",
            SealError::UnknownKeyId { .. } => "unknown_key_id",
            SealError::BadTag { .. } => "bad_tag",
            SealError::Decode(_) => "decode",
            SealError::MissingCreatedAt => "missing_created_at",
            SealError::FromTheFuture { .. } => "from_the_future",
            SealError::Expired { .. } => "expired",
            SealError::AttemptsExhausted { .. } => "attempts_exhausted",
            SealError::InvalidEventId => "invalid_event_id",
            SealError::Replayed { .. } => "replayed",
            SealError::ReplayGuardFull { .. } => "replay_guard_full",
            SealError::BeyondReplayHorizon { .. } => "beyond_replay_horizon",
        }
    }

    /// Whether the frame was refused before its tag was verified (its
    /// contents are then unauthenticated and were not decoded).
    pub fn is_before_tag(&self) -> bool {
        matches!(
            self,
            SealError::Truncated
                | SealError::MalformedFrame(_)
                | SealError::UnsupportedVersion { .. }
                | SealError::UnknownKeyId { .. }
                | SealError::BadTag { .. }
        )
    }

    /// The error for a frame that does not decode.
    pub(crate) fn frame_decode(err: DecodeError) -> SealError {
        match err.kind() {
            DecodeErrorKind::Truncated => SealError::Truncated,
            _ => SealError::MalformedFrame(FrameDefect::Decode(err)),
        }
    }
}

impl fmt::Display for SealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("sealed frame refused: ")?;
        match self {
            SealError::Truncated => f.write_str("the frame is cut short"),
            SealError::MalformedFrame(defect) => write!(f, "malformed frame: {defect}"),
            SealError::UnsupportedVersion { version } => write!(
                f,
                "seal format version {version}; this build opens version {}",
                crate::contracts::SealedFrame::VERSION
            ),
            SealError::UnknownKeyId { key_id } => {
                write!(f, "no key with id {key_id:?} in the keyring")
            }
            SealError::BadTag { key_id } => write!(
                f,
                "the tag does not match (key {key_id:?}): forged or altered"
            ),
            SealError::Decode(e) => write!(f, "the authenticated envelope does not decode: {e}"),
            SealError::MissingCreatedAt => f.write_str("the envelope has no created_at"),
            SealError::FromTheFuture {
                created_at,
                now,
                max_skew,
            } => write!(
                f,
                "created at {created_at}, later than now ({now}) plus the allowed skew of {max_skew:?}"
            ),
            SealError::Expired { expired_at, now } => {
                write!(f, "expired at {expired_at}; now is {now}")
            }
            SealError::AttemptsExhausted {
                current_attempt,
                max_attempts,
            } => write!(
                f,
                "delivery attempt {current_attempt} of at most {max_attempts}"
            ),
            SealError::InvalidEventId => f.write_str("the event_id is not a UUID"),
            SealError::Replayed { event_id } => {
                write!(f, "event {event_id} was already opened (replay)")
            }
            SealError::ReplayGuardFull { capacity } => write!(
                f,
                "the replay guard holds {capacity} unexpired event ids, its capacity; \
                 new events are refused until some expire"
            ),
            SealError::BeyondReplayHorizon {
                expires_at,
                horizon,
            } => write!(
                f,
                "expires at {expires_at}, but the replay guard has forgotten ids expiring \
                 up to {horizon} (the clock went back)"
            ),
        }
    }
}

impl fmt::Display for FrameDefect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameDefect::Decode(e) => e.fmt(f),
            FrameDefect::InvalidKeyId => {
                f.write_str("the key id is not 1 to 64 of A-Z a-z 0-9 . _ : -")
            }
            FrameDefect::TagLength { len } => write!(f, "the tag is {len} bytes, not 32"),
            FrameDefect::UnknownFields => f.write_str("the frame holds unknown fields"),
        }
    }
}

impl std::error::Error for SealError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SealError::Decode(e) | SealError::MalformedFrame(FrameDefect::Decode(e)) => Some(e),
            _ => None,
        }
    }
}

/// Why a [`Keyring`](super::Keyring) could not be built. Keys are named by id
/// or by line number, never shown.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyringError {
    /// A key is shorter than [`Keyring::MIN_KEY_LEN`](super::Keyring::MIN_KEY_LEN) bytes.
    KeyTooShort {
        /// The key's id.
        key_id: String,
        /// Its length in bytes.
        len: usize,
    },
    /// A key id breaks the rule (1 to 64 of `A-Z a-z 0-9 . _ : -`). The id is
    /// not repeated, in case a secret was passed as the id.
    InvalidKeyId {
        /// Its length in bytes.
        len: usize,
    },
    /// Two keys have the same id.
    DuplicateKeyId {
        /// The id.
        key_id: String,
    },
    /// The environment variable is not set (or empty).
    EnvVarMissing {
        /// The variable's name.
        var: String,
    },
    /// The environment variable is not valid Unicode.
    EnvVarNotUnicode {
        /// The variable's name.
        var: String,
    },
    /// The key file cannot be read.
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        kind: std::io::ErrorKind,
    },
    /// A line of the key file is not `<key id> <base64 key>`.
    FileSyntax {
        /// The line number, from 1.
        line: usize,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The key file holds no key.
    NoKeys,
}

impl fmt::Display for KeyringError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyringError::KeyTooShort { key_id, len } => write!(
                f,
                "key {key_id:?} is {len} bytes; keys must be at least {} bytes",
                super::Keyring::MIN_KEY_LEN
            ),
            KeyringError::InvalidKeyId { len } => write!(
                f,
                "invalid key id ({len} bytes): key ids are 1 to 64 of A-Z a-z 0-9 . _ : -"
            ),
            KeyringError::DuplicateKeyId { key_id } => {
                write!(f, "two keys have the id {key_id:?}")
            }
            KeyringError::EnvVarMissing { var } => {
                write!(f, "the environment variable {var} is not set or empty")
            }
            KeyringError::EnvVarNotUnicode { var } => {
                write!(f, "the environment variable {var} is not valid Unicode")
            }
            KeyringError::Io { path, kind } => {
                write!(f, "cannot read the key file {}: {kind}", path.display())
            }
            KeyringError::FileSyntax { line, problem } => {
                write!(f, "key file, line {line}: {problem}")
            }
            KeyringError::NoKeys => f.write_str("the key file holds no key"),
        }
    }
}

impl std::error::Error for KeyringError {}
