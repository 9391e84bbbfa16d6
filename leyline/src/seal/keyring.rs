//! Named HMAC-SHA256 keys: one current key seals, every listed key opens.
//!
//! A key is held only as the HMAC-SHA256 state derived from it (the inner and
//! outer padded key, already hashed), built once when the key is added, so
//! that sealing and opening skip the key schedule. That state is zeroized when
//! the keyring drops (`sha2`'s and `hmac`'s `zeroize` features); the raw bytes
//! the keyring read from a file or an environment variable are held in
//! [`Zeroizing`] buffers and zeroized as soon as the state is built. What the
//! caller passes in (`&[u8]`) stays the caller's to wipe.

use core::fmt;
use std::path::Path;

use hmac::{Hmac, KeyInit as _};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::error::KeyringError;

/// HMAC-SHA256, as used for every tag.
pub(crate) type HmacSha256 = Hmac<Sha256>;

/// One named key.
pub(crate) struct Key {
    id: String,
    mac: HmacSha256,
}

impl Key {
    /// The key's id.
    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    /// A fresh HMAC computation under this key.
    pub(crate) fn mac(&self) -> HmacSha256 {
        self.mac.clone()
    }
}

/// Whether `id` is a valid key id: 1 to 64 bytes of `A-Z a-z 0-9 . _ : -`.
pub(crate) fn is_valid_key_id(id: &[u8]) -> bool {
    (1..=crate::contracts::SealedFrame::MAX_KEY_ID_LEN).contains(&id.len())
        && id
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

/// A set of named keys: the current one seals, any of them opens.
///
/// Rotation without downtime: add the new key to every consumer's ring (it
/// opens but does not seal), then make it current on the producers, then, once
/// every frame sealed with the old key has expired, remove the old key.
///
/// ```
/// use leyline::seal::Keyring;
///
/// let ring = Keyring::new("2025-06", &[7u8; 32])?.with_key("2025-01", &[9u8; 32])?;
/// assert_eq!(ring.current_key_id(), "2025-06");
/// assert_eq!(ring.key_ids().collect::<Vec<_>>(), ["2025-06", "2025-01"]);
/// // Debug shows the ids, never the keys.
/// assert_eq!(format!("{ring:?}"), r#"Keyring { current: "2025-06", keys: ["2025-06", "2025-01"] }"#);
/// assert!(Keyring::new("short", b"only sixteen byt").is_err());
/// # Ok::<(), leyline::seal::KeyringError>(())
/// ```
///
/// Key ids are 1 to 64 of `A-Z a-z 0-9 . _ : -`; keys are at least
/// [`MIN_KEY_LEN`](Self::MIN_KEY_LEN) bytes.
pub struct Keyring {
    /// The current key first, then the others in the order added.
    keys: Vec<Key>,
}

impl Keyring {
    /// The shortest key accepted, in bytes: HMAC-SHA256's output length.
    pub const MIN_KEY_LEN: usize = 32;
    /// The environment variable of the Esper shared secret.
    pub const ENV_VAR: &'static str = "ESPER_LEYLINE_SECRET";
    /// The key id of the key read from [`ENV_VAR`](Self::ENV_VAR) by
    /// [`from_env`](Self::from_env): frames sealed with it name this id.
    pub const ENV_KEY_ID: &'static str = "esper-shared";

    /// A keyring of one key, `secret` named `key_id`, which seals and opens.
    pub fn new(key_id: &str, secret: &[u8]) -> Result<Keyring, KeyringError> {
        Ok(Keyring {
            keys: vec![make_key(key_id, secret)?],
        })
    }

    /// Adds a key that opens frames but does not seal (a key being retired,
    /// or one not yet current).
    pub fn with_key(mut self, key_id: &str, secret: &[u8]) -> Result<Keyring, KeyringError> {
        self.push(make_key(key_id, secret)?)?;
        Ok(self)
    }

    /// Makes a new key current; the previous current key stays in the ring
    /// and still opens.
    pub fn rotate_to(mut self, key_id: &str, secret: &[u8]) -> Result<Keyring, KeyringError> {
        self.push(make_key(key_id, secret)?)?;
        self.keys.rotate_right(1);
        Ok(self)
    }

    /// The one-key ring of the Esper shared secret: the UTF-8 bytes of the
    /// environment variable `ESPER_LEYLINE_SECRET` (as the Python stack uses
    /// it), under the key id [`ENV_KEY_ID`](Self::ENV_KEY_ID) (`esper-shared`).
    pub fn from_env() -> Result<Keyring, KeyringError> {
        Keyring::from_env_var(Self::ENV_VAR, Self::ENV_KEY_ID)
    }

    /// The one-key ring of the UTF-8 bytes of the environment variable `var`,
    /// under `key_id`.
    pub fn from_env_var(var: &str, key_id: &str) -> Result<Keyring, KeyringError> {
        let value = match std::env::var(var) {
            Ok(value) => Zeroizing::new(value),
            Err(std::env::VarError::NotPresent) => {
                return Err(KeyringError::EnvVarMissing { var: var.into() })
            }
            Err(std::env::VarError::NotUnicode(raw)) => {
                wipe_os_string(raw);
                return Err(KeyringError::EnvVarNotUnicode { var: var.into() });
            }
        };
        if value.is_empty() {
            return Err(KeyringError::EnvVarMissing { var: var.into() });
        }
        Keyring::new(key_id, value.as_bytes())
    }

    /// The keyring of a key file: one key a line, `<key id> <base64 key>`
    /// (standard alphabet, padded), the current key first; blank lines and
    /// lines starting with `#` are skipped. See [`from_file_contents`](Self::from_file_contents).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Keyring, KeyringError> {
        let path = path.as_ref();
        let contents = std::fs::read(path)
            .map(Zeroizing::new)
            .map_err(|e| KeyringError::Io {
                path: path.to_owned(),
                kind: e.kind(),
            })?;
        Keyring::from_file_contents(&contents)
    }

    /// The keyring of the contents of a key file: one key a line,
    /// `<key id> <base64 key>`, separated by spaces or tabs; the key in base64
    /// with the standard alphabet and padding (Python's `base64.b64encode`,
    /// `openssl rand -base64 32`); the first key is current; blank lines and
    /// lines starting with `#` are skipped. Errors name the line, never its
    /// contents.
    ///
    /// ```
    /// use leyline::seal::{Keyring, KeyringError};
    ///
    /// let file = b"# Esper bus keys. The first key seals; every key opens.
    /// 2025-06 ZXhhbXBsZSBrZXkgMjAyNS0wNiwgbm90IHNlY3JldCE=
    /// 2025-01 ZXhhbXBsZSBrZXkgMjAyNS0wMSwgcmV0aXJpbmcuISE=
    /// ";
    /// let ring = Keyring::from_file_contents(file)?;
    /// assert_eq!(ring.key_ids().collect::<Vec<_>>(), ["2025-06", "2025-01"]);
    ///
    /// let err = Keyring::from_file_contents(b"2025-06 c2hvcnQ=\n").unwrap_err();
    /// assert_eq!(err.to_string(), r#"key "2025-06" is 5 bytes; keys must be at least 32 bytes"#);
    /// # Ok::<(), KeyringError>(())
    /// ```
    pub fn from_file_contents(contents: &[u8]) -> Result<Keyring, KeyringError> {
        let mut keys: Option<Keyring> = None;
        for (key_id, secret) in super::keyfile::parse(contents)? {
            let key = make_key(&key_id, &secret)?;
            match &mut keys {
                None => keys = Some(Keyring { keys: vec![key] }),
                Some(ring) => ring.push(key)?,
            }
        }
        keys.ok_or(KeyringError::NoKeys)
    }

    /// The id of the key that seals.
    pub fn current_key_id(&self) -> &str {
        self.current().id()
    }

    /// The ids of every key, the current one first.
    pub fn key_ids(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.keys.iter().map(Key::id)
    }

    /// Whether a key has this id.
    pub fn contains(&self, key_id: &str) -> bool {
        self.find(key_id).is_some()
    }

    /// The key that seals.
    pub(crate) fn current(&self) -> &Key {
        // A keyring is built with a key and never loses one.
        &self.keys[0]
    }

    /// The key with this id.
    pub(crate) fn find(&self, key_id: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.id == key_id)
    }

    /// Every key.
    pub(crate) fn keys(&self) -> &[Key] {
        &self.keys
    }

    fn push(&mut self, key: Key) -> Result<(), KeyringError> {
        if self.contains(&key.id) {
            return Err(KeyringError::DuplicateKeyId { key_id: key.id });
        }
        self.keys.push(key);
        Ok(())
    }
}

fn make_key(key_id: &str, secret: &[u8]) -> Result<Key, KeyringError> {
    if !is_valid_key_id(key_id.as_bytes()) {
        return Err(KeyringError::InvalidKeyId { len: key_id.len() });
    }
    if secret.len() < Keyring::MIN_KEY_LEN {
        return Err(KeyringError::KeyTooShort {
            key_id: key_id.to_owned(),
            len: secret.len(),
        });
    }
    // HMAC takes keys of any length (longer ones are hashed first).
    let Ok(mac) = HmacSha256::new_from_slice(secret) else {
        return Err(KeyringError::KeyTooShort {
            key_id: key_id.to_owned(),
            len: secret.len(),
        });
    };
    Ok(Key {
        id: key_id.to_owned(),
        mac,
    })
}

/// Wipes an `OsString` as it is dropped.
fn wipe_os_string(value: std::ffi::OsString) {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt as _;
        drop(Zeroizing::new(value.into_vec()));
    }
    #[cfg(not(unix))]
    drop(value);
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current_key_id())
            .field("keys", &self.key_ids().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn key_ids_follow_the_rule() {
        assert!(is_valid_key_id(b"a"));
        assert!(is_valid_key_id(b"esper-shared"));
        assert!(is_valid_key_id(b"2025-06.rotation_B:1"));
        assert!(is_valid_key_id(&[b'k'; 64]));
        assert!(!is_valid_key_id(&[b'k'; 65]));
        assert!(!is_valid_key_id(b""));
        assert!(!is_valid_key_id(b"has space"));
        assert!(!is_valid_key_id(b"slash/"));
        assert!(!is_valid_key_id("Größe".as_bytes()));
    }

    #[test]
    fn short_keys_bad_ids_and_duplicates_are_refused() {
        let err = Keyring::new("k", &[1; 31]).unwrap_err();
        assert_eq!(
            err,
            KeyringError::KeyTooShort {
                key_id: "k".into(),
                len: 31
            }
        );
        assert!(Keyring::new("k", &[1; 32]).is_ok());
        assert_eq!(
            Keyring::new("bad id", &[1; 32]).unwrap_err(),
            KeyringError::InvalidKeyId { len: 6 }
        );
        let ring = Keyring::new("k", &[1; 32]).unwrap();
        assert_eq!(
            ring.with_key("k", &[2; 32]).unwrap_err(),
            KeyringError::DuplicateKeyId { key_id: "k".into() }
        );
    }

    #[test]
    fn rotation_makes_the_new_key_current_and_keeps_the_old() {
        let ring = Keyring::new("old", &[1; 32])
            .unwrap()
            .with_key("spare", &[3; 32])
            .unwrap()
            .rotate_to("new", &[2; 32])
            .unwrap();
        assert_eq!(ring.current_key_id(), "new");
        assert_eq!(ring.key_ids().collect::<Vec<_>>(), ["new", "old", "spare"]);
        assert!(ring.contains("old") && !ring.contains("other"));
    }

    /// The keyring's key state is wiped on drop: an HMAC-SHA256 state is the
    /// two SHA-256 cores of the padded key (`hmac::block_api::HmacCore`), and
    /// that core type zeroizes on drop; so do the buffers raw keys pass through.
    #[test]
    fn key_state_zeroizes_on_drop() {
        fn zeroizes_on_drop<T: zeroize::ZeroizeOnDrop>() {}
        zeroizes_on_drop::<<Sha256 as hmac::EagerHash>::Core>();
        zeroizes_on_drop::<Zeroizing<Vec<u8>>>();
    }
}
