//! The guarded codec, sealing on the way out and opening on the way in.
//!
//! [`GuardedCodec::encode_sealed`] encodes an envelope as
//! [`GuardedCodec::encode`] does (breaker, validation, size limit, metrics,
//! logs) and seals the bytes. [`GuardedCodec::decode_sealed`] refuses a frame
//! larger than the envelope's limit plus a frame's overhead before parsing
//! it, verifies its tag, decodes and validates the envelope as
//! [`GuardedCodec::decode`] does, then checks freshness and replay. Every
//! refusal is counted in `leyline.envelope.rejected` (label `reason`: a
//! [`SealError::reason`] or a [`CodecError::kind`]) and logged at warn level
//! with the reason and the error; nothing is dropped silently.

use core::fmt;

use super::clock::WallClock;
use super::error::SealError;
use super::frame;
use super::keyring::Keyring;
use super::policy::OpenPolicy;
use crate::codec::breaker::Clock;
use crate::codec::{CodecError, GuardedCodec};
use crate::contracts::{EventEnvelope, SealedFrame};

/// `leyline.envelope.rejected`: sealed frames refused by
/// [`GuardedCodec::decode_sealed`], by `reason`.
pub const ENVELOPE_REJECTED: &str = "leyline.envelope.rejected";

/// The most a frame adds to its envelope: the version (2 bytes), the longest
/// key id (2 + 64), the envelope's key and length (1 + up to 10) and the tag
/// (2 + 32).
const FRAME_OVERHEAD: usize =
    2 + 2 + SealedFrame::MAX_KEY_ID_LEN + 1 + 10 + 2 + SealedFrame::TAG_LEN;

/// Why [`GuardedCodec::decode_sealed`] refused a frame.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SealedDecodeError {
    /// The frame did not open: see the [`SealError`].
    Rejected(SealError),
    /// The frame (before parsing) or its authenticated envelope failed the
    /// codec: over the size limit, or breaking the envelope's validation rules.
    Codec(CodecError),
}

impl SealedDecodeError {
    /// The `reason` label of `leyline.envelope.rejected`: the
    /// [`SealError::reason`] or the [`CodecError::kind`].
    pub fn reason(&self) -> &'static str {
        match self {
            SealedDecodeError::Rejected(e) => e.reason(),
            SealedDecodeError::Codec(e) => e.kind(),
        }
    }
}

impl fmt::Display for SealedDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SealedDecodeError::Rejected(e) => e.fmt(f),
            SealedDecodeError::Codec(e) => write!(f, "sealed envelope refused: {e}"),
        }
    }
}

impl std::error::Error for SealedDecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SealedDecodeError::Rejected(e) => Some(e),
            SealedDecodeError::Codec(e) => Some(e),
        }
    }
}

impl<C: Clock> GuardedCodec<C> {
    /// Encodes `envelope` as [`encode`](Self::encode) does, then seals the
    /// bytes with the keyring's current key: `buf` holds the frame. Returns
    /// the frame's length. A refusal is the codec's (counted and logged by
    /// it); `buf` is then empty.
    pub fn encode_sealed(
        &self,
        envelope: &EventEnvelope,
        keyring: &Keyring,
        buf: &mut Vec<u8>,
    ) -> Result<usize, CodecError> {
        if let Err(err) = self.encode(envelope, buf) {
            // Never leave an earlier frame behind to be sent by mistake.
            buf.clear();
            return Err(err);
        }
        *buf = frame::write(core::mem::take(buf), keyring);
        tracing::debug!(
            key_id = keyring.current_key_id(),
            size_bytes = buf.len(),
            "sealed envelope"
        );
        Ok(buf.len())
    }

    /// Opens a sealed frame: refuses it unparsed when it is longer than the
    /// envelope's limit plus a frame's overhead, verifies its tag in constant
    /// time, decodes and validates the envelope as [`decode`](Self::decode)
    /// does, then checks it against `policy` (freshness, attempts, replay).
    /// Every refusal counts in `leyline.envelope.rejected` and logs a warning.
    pub fn decode_sealed<W: WallClock>(
        &self,
        frame: &[u8],
        keyring: &Keyring,
        policy: &OpenPolicy<W>,
    ) -> Result<EventEnvelope, SealedDecodeError> {
        let result = self.open_guarded(frame, keyring, policy);
        if let Err(err) = &result {
            let reason = err.reason();
            metrics::counter!(ENVELOPE_REJECTED, "reason" => reason).increment(1);
            tracing::warn!(
                reason,
                frame_bytes = frame.len(),
                "sealed envelope rejected: {err}"
            );
        }
        result
    }

    fn open_guarded<W: WallClock>(
        &self,
        frame: &[u8],
        keyring: &Keyring,
        policy: &OpenPolicy<W>,
    ) -> Result<EventEnvelope, SealedDecodeError> {
        let limit = self
            .limit_for::<EventEnvelope>()
            .saturating_add(FRAME_OVERHEAD);
        if frame.len() > limit {
            return Err(SealedDecodeError::Codec(CodecError::SizeOverflow {
                size: frame.len(),
                limit,
            }));
        }
        let bytes = frame::authenticate(frame, keyring).map_err(SealedDecodeError::Rejected)?;
        let envelope = self
            .decode::<EventEnvelope>(&bytes)
            .map_err(SealedDecodeError::Codec)?;
        policy
            .admit(&envelope)
            .map_err(SealedDecodeError::Rejected)?;
        tracing::debug!(event_id = envelope.event_id, "opened sealed envelope");
        Ok(envelope)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use super::*;
    use crate::Contract as _;

    /// The overhead covers the largest frame header the seal writes.
    #[test]
    fn the_frame_overhead_bounds_every_frame() {
        let ring = Keyring::new(&"k".repeat(64), &[1; 32]).expect("a valid key");
        for len in [0usize, 1, 127, 128, 16_383, 16_384, 1 << 21] {
            let frame = frame::write(vec![0; len], &ring);
            assert!(frame.len() <= len + FRAME_OVERHEAD, "{len}");
        }
        let frame = frame::write(Vec::new(), &ring);
        let _ = SealedFrame::decode_slice(&frame).expect("a frame");
    }
}
