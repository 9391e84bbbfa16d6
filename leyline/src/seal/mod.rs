//! Sealed envelopes: EventEnvelopes that a consumer can trust came from a
//! holder of the bus key, unchanged, recently, and once.
//!
//! [`seal`] serializes an envelope and wraps the bytes in a
//! [`SealedFrame`](crate::contracts::SealedFrame) with an HMAC-SHA256 tag over
//! the key id and those exact bytes. [`open`] verifies the tag in constant
//! time *before* it decodes anything inside, then checks freshness against an
//! injected clock and refuses replays ([`OpenPolicy`], [`ReplayGuard`]).
//! Every refusal is a [`SealError`] that says what failed and holds neither
//! key material nor payload bytes.
//!
//! ```
//! use leyline::contracts::{EventEnvelope, SystemStatePacket, Versioned};
//! use leyline::seal::{open, seal, Keyring, OpenPolicy, SealError};
//!
//! let ring = Keyring::new("2025-06", b"a key of at least thirty-two bytes!")?;
//! let envelope = EventEnvelope::wrap(&SystemStatePacket::current(), "tolaria");
//! let frame = seal(&envelope, &ring);
//!
//! let policy = OpenPolicy::new(); // system clock, 5 s skew, ttl 60 s by default
//! assert_eq!(open(&frame, &ring, &policy)?, envelope);
//!
//! // The same frame again is a replay.
//! assert!(matches!(open(&frame, &ring, &policy), Err(SealError::Replayed { .. })));
//! // One bit changed anywhere in the tag or the envelope: the tag fails.
//! let mut forged = frame.clone();
//! *forged.last_mut().unwrap() ^= 1;
//! assert!(matches!(open(&forged, &ring, &policy), Err(SealError::BadTag { .. })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! What it stops: forged, altered and replayed bus messages, from anyone who
//! can write to the bus but does not hold a key. What it does not stop: a
//! holder of a key (every producer and consumer that has it can seal
//! anything), and eavesdropping: nothing is encrypted.
//!
//! Keys: [`Keyring`] (from bytes, `ESPER_LEYLINE_SECRET`, or a key file).
//! The guarded codec seals and opens too:
//! [`GuardedCodec::encode_sealed`](crate::codec::GuardedCodec::encode_sealed) and
//! [`GuardedCodec::decode_sealed`](crate::codec::GuardedCodec::decode_sealed),
//! which counts every refused frame in `leyline.envelope.rejected` (label
//! `reason`) and logs it at warn level.
//! The Python stack's current signatures (base64 HMAC-SHA256 of the payload)
//! are checked by [`verify_legacy`] and made by [`sign_legacy`].

mod clock;
mod codec;
mod error;
mod frame;
mod keyfile;
mod keyring;
mod legacy;
mod policy;
mod replay;

pub use clock::{ManualWallClock, SystemWallClock, WallClock};
pub use codec::{SealedDecodeError, ENVELOPE_REJECTED};
pub use error::{FrameDefect, KeyringError, SealError};
pub use keyring::Keyring;
pub use legacy::{sign_legacy, verify_legacy, LegacySignatureError};
pub use policy::OpenPolicy;
pub use replay::ReplayGuard;

use crate::contracts::EventEnvelope;
use crate::Contract as _;

/// Serializes `envelope` and seals the bytes with the keyring's current key:
/// the encoded [`SealedFrame`](crate::contracts::SealedFrame).
pub fn seal(envelope: &EventEnvelope, keyring: &Keyring) -> Vec<u8> {
    frame::write(prost::Message::encode_to_vec(envelope), keyring)
}

/// Seals envelope bytes serialized already (by this process or another):
/// they are sent exactly as given.
pub fn seal_encoded(envelope: Vec<u8>, keyring: &Keyring) -> Vec<u8> {
    frame::write(envelope, keyring)
}

/// Opens a sealed frame: parses it, verifies its tag in constant time with
/// the key its key id names, and only then decodes the envelope and checks
/// it against `policy` (freshness, attempts, replay). A frame that opens is
/// remembered by the policy's replay guard.
pub fn open<C: WallClock>(
    frame: &[u8],
    keyring: &Keyring,
    policy: &OpenPolicy<C>,
) -> Result<EventEnvelope, SealError> {
    let bytes = frame::authenticate(frame, keyring)?;
    let envelope = EventEnvelope::decode_slice(&bytes).map_err(SealError::Decode)?;
    policy.admit(&envelope)?;
    Ok(envelope)
}
