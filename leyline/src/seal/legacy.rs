//! The Python stack's existing convention, for the migration: each bus entry
//! carries, beside its payload, the base64 (standard alphabet, padded) of the
//! HMAC-SHA256 of the payload bytes under the shared secret:
//!
//! ```python
//! signature = base64.b64encode(hmac.new(secret, payload, hashlib.sha256).digest()).decode()
//! ```
//!
//! These signatures have no key id, no freshness and no replay protection:
//! prefer sealed frames. [`verify_legacy`] accepts a signature made with any
//! key of the ring (so it follows a rotation); [`sign_legacy`] uses the
//! current key.

use core::fmt;

use base64::Engine as _;
use hmac::Mac as _;

use super::keyring::Keyring;

/// The Python convention's signature of `payload`, under the current key.
///
/// ```
/// use leyline::seal::{sign_legacy, verify_legacy, Keyring};
///
/// let ring = Keyring::new(Keyring::ENV_KEY_ID, b"a shared secret of at least 32 bytes")?;
/// let signature = sign_legacy(b"payload bytes", &ring);
/// assert_eq!(signature.len(), 44);
/// assert!(verify_legacy(b"payload bytes", &signature, &ring).is_ok());
/// assert!(verify_legacy(b"payload bytez", &signature, &ring).is_err());
/// # Ok::<(), leyline::seal::KeyringError>(())
/// ```
pub fn sign_legacy(payload: &[u8], keyring: &Keyring) -> String {
    let mut mac = keyring.current().mac();
    mac.update(payload);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Checks a Python-convention signature of `payload` against every key of the
/// ring, comparing in constant time.
pub fn verify_legacy(
    payload: &[u8],
    signature: &str,
    keyring: &Keyring,
) -> Result<(), LegacySignatureError> {
    let tag = match base64::engine::general_purpose::STANDARD.decode(signature) {
        Ok(tag) if tag.len() == 32 => tag,
        Ok(tag) => return Err(LegacySignatureError::Length { len: tag.len() }),
        Err(_) => return Err(LegacySignatureError::NotBase64),
    };
    let mut matched = false;
    for key in keyring.keys() {
        let mut mac = key.mac();
        mac.update(payload);
        // `verify_slice` compares in constant time; every key is tried.
        matched |= mac.verify_slice(&tag).is_ok();
    }
    if matched {
        Ok(())
    } else {
        Err(LegacySignatureError::Mismatch)
    }
}

/// Why [`verify_legacy`] refused a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LegacySignatureError {
    /// The signature is not base64 (standard alphabet, padded).
    NotBase64,
    /// The signature decodes to other than 32 bytes.
    Length {
        /// The decoded length.
        len: usize,
    },
    /// No key of the ring made this signature of these bytes.
    Mismatch,
}

impl fmt::Display for LegacySignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LegacySignatureError::NotBase64 => {
                f.write_str("the signature is not base64 (standard alphabet, padded)")
            }
            LegacySignatureError::Length { len } => {
                write!(f, "the signature decodes to {len} bytes, not 32")
            }
            LegacySignatureError::Mismatch => {
                f.write_str("the signature does not match the payload under any key")
            }
        }
    }
}

impl std::error::Error for LegacySignatureError {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// RFC 4231, test case 2 ("Jefe"; too short a key for a keyring, so the
    /// tag is checked with the same key padded by HMAC's own rule: a key is
    /// zero-padded to the block size, so appending zero bytes does not
    /// change the HMAC).
    #[test]
    fn matches_rfc_4231_test_case_2() {
        let mut key = b"Jefe".to_vec();
        key.resize(32, 0);
        let ring = Keyring::new("rfc", &key).unwrap();
        let signature = sign_legacy(b"what do ya want for nothing?", &ring);
        let expected = [
            0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26, 0x08, 0x95,
            0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9,
            0x64, 0xec, 0x38, 0x43,
        ];
        assert_eq!(
            signature,
            base64::engine::general_purpose::STANDARD.encode(expected)
        );
    }

    #[test]
    fn any_key_of_the_ring_verifies_and_bad_signatures_say_why() {
        let old = Keyring::new("old", &[1; 32]).unwrap();
        let ring = Keyring::new("new", &[2; 32])
            .unwrap()
            .with_key("old", &[1; 32])
            .unwrap();
        let by_old = sign_legacy(b"p", &old);
        assert!(verify_legacy(b"p", &by_old, &ring).is_ok());
        assert_eq!(
            verify_legacy(b"p", &by_old, &Keyring::new("x", &[3; 32]).unwrap()),
            Err(LegacySignatureError::Mismatch)
        );
        assert_eq!(
            verify_legacy(b"p", "not base64!", &ring),
            Err(LegacySignatureError::NotBase64)
        );
        assert_eq!(
            verify_legacy(b"p", "AAAA", &ring),
            Err(LegacySignatureError::Length { len: 3 })
        );
        let long = base64::engine::general_purpose::STANDARD.encode([0u8; 48]);
        assert_eq!(
            verify_legacy(b"p", &long, &ring),
            Err(LegacySignatureError::Length { len: 48 })
        );
    }
}
