//! The key file format: one key a line, `<key id> <base64 key>`.
//!
//! ```text
//! # Esper bus keys. The first key seals; every key opens.
//! 2025-06 ZXhhbXBsZSBrZXkgMjAyNS0wNiwgbm90IHNlY3JldCE=
//! 2025-01 ZXhhbXBsZSBrZXkgMjAyNS0wMSwgcmV0aXJpbmcuISE=
//! ```
//!
//! - The key id and the key are separated by spaces or tabs; the key is
//!   base64 with the standard alphabet and padding (Python's
//!   `base64.b64encode`, or `openssl rand -base64 32`).
//! - The first key is the current one: it seals. Every key opens.
//! - Blank lines and lines whose first non-blank character is `#` are skipped;
//!   lines may end in `\r\n`.
//!
//! Errors give the line number and what is wrong, never the line.

use base64::Engine as _;
use zeroize::Zeroizing;

use super::error::KeyringError;
use super::keyring::is_valid_key_id;

/// A key id and its key, wiped when dropped.
pub(crate) type Entry = (String, Zeroizing<Vec<u8>>);

/// The (key id, key) pairs of a key file, in order.
pub(crate) fn parse(contents: &[u8]) -> Result<Vec<Entry>, KeyringError> {
    let mut keys = Vec::new();
    for (index, line) in contents.split(|&b| b == b'\n').enumerate() {
        let line_number = index + 1;
        let syntax = |problem| KeyringError::FileSyntax {
            line: line_number,
            problem,
        };
        let line = line.trim_ascii();
        if line.is_empty() || line.starts_with(b"#") {
            continue;
        }
        let mut fields = line
            .split(|b| b.is_ascii_whitespace())
            .filter(|f| !f.is_empty());
        let (Some(id), Some(encoded), None) = (fields.next(), fields.next(), fields.next()) else {
            return Err(syntax("expected `<key id> <base64 key>`"));
        };
        if !is_valid_key_id(id) {
            return Err(syntax("the key id is not 1 to 64 of A-Z a-z 0-9 . _ : -"));
        }
        let id = String::from_utf8_lossy(id).into_owned();
        // Decode into a buffer that is wiped when dropped, sized up front so
        // that no copy is left behind by a reallocation.
        let mut secret = Zeroizing::new(vec![0u8; encoded.len() / 4 * 3 + 3]);
        let len = base64::engine::general_purpose::STANDARD
            .decode_slice(encoded, &mut secret[..])
            .map_err(|_| syntax("the key is not base64 (standard alphabet, padded)"))?;
        secret.truncate(len);
        keys.push((id, secret));
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn reads_keys_in_order_skipping_comments_and_blank_lines() {
        let text = b"# keys\n\n  k1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\r\n\tk2\t\tAQ==  \n   # done\n";
        let keys = parse(text).unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].0, "k1");
        assert_eq!(&keys[0].1[..], &(0..32).collect::<Vec<u8>>()[..]);
        assert_eq!(keys[1].0, "k2");
        assert_eq!(&keys[1].1[..], &[1u8][..]);
    }

    #[test]
    fn errors_name_the_line_not_its_contents() {
        let cases: [(&[u8], usize, &str); 4] = [
            (b"k1\n", 1, "expected `<key id> <base64 key>`"),
            (
                b"# c\nk1 AQ== extra\n",
                2,
                "expected `<key id> <base64 key>`",
            ),
            (
                b"\n\nbad/id AQ==\n",
                3,
                "the key id is not 1 to 64 of A-Z a-z 0-9 . _ : -",
            ),
            (
                b"k1 not-base64!\n",
                1,
                "the key is not base64 (standard alphabet, padded)",
            ),
        ];
        for (text, line, problem) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err, KeyringError::FileSyntax { line, problem });
            assert!(!err.to_string().contains("AQ=="), "{err}");
        }
    }
}
