//! Base64 for `bytes` fields: written in the standard alphabet with padding;
//! read in the standard or the URL-safe alphabet, padded or not (as proto3
//! JSON asks of parsers).

use alloc::vec::Vec;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Not a base64 digit.
const INVALID: u8 = 0xFF;

/// The value of each byte as a digit of either alphabet.
const DIGITS: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table[b'-' as usize] = 62;
    table[b'_' as usize] = 63;
    table
};

/// The length of the padded standard encoding of `len` bytes.
#[inline]
pub(crate) fn encoded_len(len: usize) -> usize {
    len.div_ceil(3) * 4
}

/// Appends the standard, padded encoding of `bytes` to `out`.
pub(crate) fn encode(bytes: &[u8], out: &mut Vec<u8>) {
    out.reserve(encoded_len(bytes.len()));
    let digit = |v: u32| ALPHABET[(v & 63) as usize];
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        out.extend_from_slice(&[digit(n >> 18), digit(n >> 12), digit(n >> 6), digit(n)]);
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[digit(n >> 18), digit(n >> 12), b'=', b'=']);
        }
        [a, b] => {
            let n = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.extend_from_slice(&[digit(n >> 18), digit(n >> 12), digit(n >> 6), b'=']);
        }
        _ => {}
    }
}

/// Why text is not base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base64Error {
    /// A byte that is a digit of neither alphabet (or `=` before the end),
    /// at this offset.
    InvalidByte(usize),
    /// A length no encoding has (one digit too many, or padding that does
    /// not complete a group of four).
    InvalidLength,
}

/// Decodes `text` (standard or URL-safe digits, with or without padding),
/// appending the bytes to `out`.
pub(crate) fn decode(text: &[u8], out: &mut Vec<u8>) -> Result<(), Base64Error> {
    let mut end = text.len();
    let mut padding = 0;
    while padding < 2 && end > 0 && text[end - 1] == b'=' {
        end -= 1;
        padding += 1;
    }
    if padding > 0 && text.len() % 4 != 0 {
        return Err(Base64Error::InvalidLength);
    }
    let digits = &text[..end];
    if digits.len() % 4 == 1 {
        return Err(Base64Error::InvalidLength);
    }
    out.reserve(digits.len() / 4 * 3 + 2);
    let value = |i: usize| -> Result<u32, Base64Error> {
        match DIGITS[digits[i] as usize] {
            INVALID => Err(Base64Error::InvalidByte(i)),
            v => Ok(u32::from(v)),
        }
    };
    let full = digits.len() / 4 * 4;
    let mut i = 0;
    while i < full {
        let n = (value(i)? << 18) | (value(i + 1)? << 12) | (value(i + 2)? << 6) | value(i + 3)?;
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
        i += 4;
    }
    match digits.len() - full {
        2 => {
            let n = (value(i)? << 18) | (value(i + 1)? << 12);
            out.push((n >> 16) as u8);
        }
        3 => {
            let n = (value(i)? << 18) | (value(i + 1)? << 12) | (value(i + 2)? << 6);
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8]);
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(bytes: &[u8]) -> String {
        let mut out = Vec::new();
        encode(bytes, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    fn dec(text: &str) -> Result<Vec<u8>, Base64Error> {
        let mut out = Vec::new();
        decode(text.as_bytes(), &mut out).map(|()| out)
    }

    #[test]
    fn rfc4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(enc(plain.as_bytes()), coded);
            assert_eq!(dec(coded).as_deref(), Ok(plain.as_bytes()));
            assert_eq!(
                dec(coded.trim_end_matches('=')).as_deref(),
                Ok(plain.as_bytes())
            );
        }
    }

    #[test]
    fn url_safe_digits_and_every_byte() {
        assert_eq!(dec("-_"), Ok(vec![0xfb]));
        assert_eq!(dec("+/"), Ok(vec![0xfb]));
        let all: Vec<u8> = (0..=255).collect();
        let coded = enc(&all);
        assert_eq!(dec(&coded), Ok(all.clone()));
        let url: String = coded
            .chars()
            .map(|c| match c {
                '+' => '-',
                '/' => '_',
                c => c,
            })
            .collect();
        assert_eq!(dec(&url), Ok(all));
    }

    #[test]
    fn rejects_what_no_encoder_writes() {
        assert_eq!(dec("A"), Err(Base64Error::InvalidLength));
        assert_eq!(dec("AAAAA"), Err(Base64Error::InvalidLength));
        assert_eq!(dec("Zg="), Err(Base64Error::InvalidLength));
        assert_eq!(dec("Zg==="), Err(Base64Error::InvalidLength));
        assert_eq!(dec("Z=g="), Err(Base64Error::InvalidByte(1)));
        assert_eq!(dec("Zm9v!A=="), Err(Base64Error::InvalidByte(4)));
        assert_eq!(dec("Zm 9"), Err(Base64Error::InvalidByte(2)));
    }
}
