//! [`CodecError`]: why the guarded codec refused a message.

use core::fmt;
use std::time::Duration;

use crate::validate::ValidationErrors;
use crate::wire::DecodeError;

/// Why the guarded codec refused a message.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CodecError {
    /// The message breaks validation rules (all of them are listed).
    Validation(ValidationErrors),
    /// The message (or input) is larger than its limit; for a split message,
    /// `size` is the piece that cannot fit in one part.
    SizeOverflow {
        /// The size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The decoded message carries a contract version this build does not accept.
    VersionMismatch {
        /// The message type.
        message_type: &'static str,
        /// [`Versioned::CONTRACT_VERSION`](super::Versioned::CONTRACT_VERSION) of this build.
        expected: u32,
        /// [`Versioned::version`](super::Versioned::version) of the message.
        found: u32,
    },
    /// The input is not a valid encoding of the message.
    Decode(DecodeError),
    /// The breaker of this message type is open.
    CircuitOpen {
        /// The message type.
        message_type: &'static str,
        /// Time left until a trial request is let through.
        retry_in: Duration,
    },
}

impl CodecError {
    /// A short name for the kind of error, as used in the `error_kind` label:
    /// `validation`, `size_overflow`, `version_mismatch`, `decode`, `circuit_open`.
    pub fn kind(&self) -> &'static str {
        match self {
            CodecError::Validation(_) => "validation",
            CodecError::SizeOverflow { .. } => "size_overflow",
            CodecError::VersionMismatch { .. } => "version_mismatch",
            CodecError::Decode(_) => "decode",
            CodecError::CircuitOpen { .. } => "circuit_open",
        }
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodecError::Validation(e) => e.fmt(f),
            CodecError::SizeOverflow { size, limit } => {
                write!(f, "message of {size} bytes exceeds the limit of {limit} bytes")
            }
            CodecError::VersionMismatch {
                message_type,
                expected,
                found,
            } => write!(
                f,
                "{message_type} has contract version {found}; this build accepts version {expected}"
            ),
            CodecError::Decode(e) => e.fmt(f),
            CodecError::CircuitOpen {
                message_type,
                retry_in,
            } => write!(
                f,
                "circuit open for {message_type} after repeated serialization failures; retry in {retry_in:?}"
            ),
        }
    }
}

impl std::error::Error for CodecError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CodecError::Validation(e) => Some(e),
            CodecError::Decode(e) => Some(e),
            _ => None,
        }
    }
}
