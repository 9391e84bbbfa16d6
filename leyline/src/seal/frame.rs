//! The sealed frame on the wire: the bytes the tag covers, writing a frame,
//! and parsing and authenticating one (before anything inside it is decoded).
//!
//! The tag is HMAC-SHA256 over
//!
//! ```text
//! "esper.leyline.v1.SealedFrame" 0x00      domain (28 + 1 bytes)
//! version                 u32 big-endian   00 00 00 01
//! len(key_id)             u32 big-endian
//! key_id                  UTF-8
//! len(envelope)           u64 big-endian
//! envelope                the serialized EventEnvelope
//! ```
//!
//! as the `SealedFrame` contract documents for other languages.

use hmac::Mac as _;

use super::error::{FrameDefect, SealError};
use super::keyring::{is_valid_key_id, HmacSha256, Key, Keyring};
use crate::contracts::SealedFrame;
use crate::Contract as _;

/// Feeds the tagged bytes of (`key_id`, `envelope`) into `mac`.
fn feed(mac: &mut HmacSha256, key_id: &str, envelope: &[u8]) {
    mac.update(SealedFrame::DOMAIN);
    mac.update(&[0]);
    mac.update(&SealedFrame::VERSION.to_be_bytes());
    // Key ids are at most 64 bytes; an envelope is at most 2^64 - 1 bytes.
    mac.update(&(key_id.len() as u32).to_be_bytes());
    mac.update(key_id.as_bytes());
    mac.update(&(envelope.len() as u64).to_be_bytes());
    mac.update(envelope);
}

/// The tag of `envelope` under `key`.
pub(crate) fn tag(key: &Key, envelope: &[u8]) -> [u8; SealedFrame::TAG_LEN] {
    let mut mac = key.mac();
    feed(&mut mac, key.id(), envelope);
    mac.finalize().into_bytes().into()
}

/// The frame of already serialized envelope bytes, sealed with the current key.
pub(crate) fn write(envelope: Vec<u8>, keyring: &Keyring) -> Vec<u8> {
    let key = keyring.current();
    let tag = tag(key, &envelope);
    let frame = SealedFrame {
        version: SealedFrame::VERSION,
        key_id: key.id().to_owned(),
        envelope,
        tag: tag.to_vec(),
        ..SealedFrame::default()
    };
    prost::Message::encode_to_vec(&frame)
}

/// Parses a frame and verifies its tag in constant time; returns the
/// authenticated envelope bytes, not yet decoded.
pub(crate) fn authenticate(bytes: &[u8], keyring: &Keyring) -> Result<Vec<u8>, SealError> {
    let frame = SealedFrame::decode_slice(bytes).map_err(SealError::frame_decode)?;
    // The tag is the last field written: a frame without one was cut short.
    if frame.tag.is_empty() {
        return Err(SealError::Truncated);
    }
    if frame.tag.len() != SealedFrame::TAG_LEN {
        return Err(SealError::MalformedFrame(FrameDefect::TagLength {
            len: frame.tag.len(),
        }));
    }
    if frame.version != SealedFrame::VERSION {
        return Err(SealError::UnsupportedVersion {
            version: frame.version,
        });
    }
    if !is_valid_key_id(frame.key_id.as_bytes()) {
        return Err(SealError::MalformedFrame(FrameDefect::InvalidKeyId));
    }
    if !frame.unknown_fields.is_empty() {
        return Err(SealError::MalformedFrame(FrameDefect::UnknownFields));
    }
    let Some(key) = keyring.find(&frame.key_id) else {
        return Err(SealError::UnknownKeyId {
            key_id: frame.key_id,
        });
    };
    let mut mac = key.mac();
    feed(&mut mac, key.id(), &frame.envelope);
    // `verify_slice` compares in constant time.
    match mac.verify_slice(&frame.tag) {
        Ok(()) => Ok(frame.envelope),
        Err(_) => Err(SealError::BadTag {
            key_id: frame.key_id,
        }),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// The test vector of the SealedFrame docs, computed independently with
    /// Python's `hmac` when the format was written down.
    #[test]
    fn the_documented_test_vector() {
        let secret: Vec<u8> = (0..32).collect();
        let ring = Keyring::new("test-key", &secret).unwrap();
        let expected = [
            0xdf, 0x60, 0xb4, 0x04, 0x9b, 0x58, 0x71, 0x46, 0x28, 0xf8, 0xc4, 0x3e, 0x44, 0xaf,
            0xaf, 0xea, 0x33, 0xa0, 0xf9, 0x1d, 0xf9, 0x19, 0xee, 0x33, 0xd0, 0x5c, 0x22, 0xe8,
            0x3e, 0x20, 0x12, 0xc1,
        ];
        assert_eq!(tag(ring.current(), b"hello"), expected);
        let docs = SealedFrame::schema().docs;
        let words = docs.split_whitespace().collect::<Vec<_>>().join(" ");
        let documented = expected
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(words.contains(&format!("tag = {documented}.")), "{docs}");
    }

    /// Moving bytes between the key id and the envelope changes the tag: the
    /// length prefixes keep the pairs apart.
    #[test]
    fn key_id_and_envelope_cannot_trade_bytes() {
        let ring = Keyring::new("ab", &[5; 32])
            .unwrap()
            .with_key("a", &[5; 32])
            .unwrap();
        let ab = tag(ring.find("ab").unwrap(), b"cd");
        let a = tag(ring.find("a").unwrap(), b"bcd");
        assert_ne!(ab, a);
    }

    #[test]
    fn a_written_frame_authenticates_and_is_a_valid_sealed_frame() {
        let ring = Keyring::new("k1", &[7; 32]).unwrap();
        let bytes = write(b"envelope bytes".to_vec(), &ring);
        assert_eq!(authenticate(&bytes, &ring).unwrap(), b"envelope bytes");
        let frame = SealedFrame::decode_slice(&bytes).unwrap();
        assert!(frame.validate().is_ok());
    }
}
