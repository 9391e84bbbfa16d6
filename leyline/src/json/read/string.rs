//! [`JsonReader`]'s strings: borrowed when they hold no escape, unescaped
//! into the scratch buffer otherwise; escapes and surrogate pairs checked.

use alloc::string::String;

use super::{JsonReader, Text};
use crate::json::error::{JsonError, JsonErrorKind};

impl<'a> JsonReader<'a> {
    // -----------------------------------------------------------------------
    // Strings

    /// The text of a string read by this reader (valid until the next
    /// string is read).
    #[doc(hidden)]
    #[inline]
    pub fn text(&self, text: &Text) -> &str {
        if text.end == Text::SCRATCH {
            &self.scratch
        } else {
            self.input.get(text.start..text.end).unwrap_or_default()
        }
    }

    /// Reads a string.
    #[doc(hidden)]
    #[inline]
    pub fn read_text(&mut self) -> Result<Text, JsonError> {
        if self.peek() == Some(b'"') {
            self.scan_string()
        } else {
            Err(self.unexpected("a string"))
        }
    }

    /// Reads a string into `out` (replacing its contents).
    #[inline]
    pub fn read_string_into(&mut self, out: &mut String) -> Result<(), JsonError> {
        let text = self.read_text()?;
        out.clear();
        out.push_str(self.text(&text));
        Ok(())
    }

    /// Scans the string at the cursor (which is at its opening quote).
    #[inline]
    pub(super) fn scan_string(&mut self) -> Result<Text, JsonError> {
        let bytes = self.bytes();
        let start = self.pos + 1;
        let end = skip_plain(bytes, start);
        if bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            return Ok(Text { start, end });
        }
        self.scan_string_slow(start, end)
    }

    /// The rest of a string that holds an escape, a control character or no
    /// closing quote.
    #[cold]
    #[inline(never)]
    fn scan_string_slow(&mut self, start: usize, at: usize) -> Result<Text, JsonError> {
        match self.bytes().get(at) {
            Some(b'\\') => self.unescape(start, at),
            Some(_) => Err(self.error_at(
                at,
                JsonErrorKind::Syntax,
                String::from("a control character in a string must be escaped"),
            )),
            None => Err(self.error_at(
                at,
                JsonErrorKind::Syntax,
                String::from("the input ends inside a string"),
            )),
        }
    }

    /// Unescapes the string starting at `start`, whose first escape is at
    /// `at`, into the scratch buffer.
    fn unescape(&mut self, start: usize, at: usize) -> Result<Text, JsonError> {
        let input = self.input;
        let bytes = input.as_bytes();
        let mut scratch = core::mem::take(&mut self.scratch);
        scratch.clear();
        scratch.push_str(input.get(start..at).unwrap_or_default());
        let mut i = at;
        let result = loop {
            match bytes.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    break Ok(());
                }
                Some(b'\\') => match self.escape(i, &mut scratch) {
                    Ok(next) => i = next,
                    Err(e) => break Err(e),
                },
                Some(_) => {
                    let end = skip_plain(bytes, i);
                    if end == i {
                        break Err(self.error_at(
                            i,
                            JsonErrorKind::Syntax,
                            String::from("a control character in a string must be escaped"),
                        ));
                    }
                    scratch.push_str(input.get(i..end).unwrap_or_default());
                    i = end;
                }
                None => {
                    break Err(self.error_at(
                        i,
                        JsonErrorKind::Syntax,
                        String::from("the input ends inside a string"),
                    ))
                }
            }
        };
        self.scratch = scratch;
        result.map(|()| Text {
            start,
            end: Text::SCRATCH,
        })
    }

    /// Decodes the escape at `at` into `out`; returns where the string goes on.
    fn escape(&self, at: usize, out: &mut String) -> Result<usize, JsonError> {
        let bytes = self.bytes();
        let bad = |pos: usize, message: &str| {
            self.error_at(pos, JsonErrorKind::Syntax, String::from(message))
        };
        let c = match bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let unit = hex4(bytes, at + 2).ok_or_else(|| {
                    bad(
                        at,
                        "invalid \\u escape: four hexadecimal digits must follow",
                    )
                })?;
                let (c, next) = match unit {
                    0xD800..=0xDBFF => {
                        let low = (bytes.get(at + 6..at + 8) == Some(b"\\u"))
                            .then(|| hex4(bytes, at + 8))
                            .flatten()
                            .filter(|low| (0xDC00..=0xDFFF).contains(low))
                            .ok_or_else(|| {
                                bad(at, "unpaired UTF-16 surrogate: \\uD800-\\uDBFF must be followed by \\uDC00-\\uDFFF")
                            })?;
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        (char::from_u32(code), at + 12)
                    }
                    0xDC00..=0xDFFF => return Err(bad(
                        at,
                        "unpaired UTF-16 surrogate: \\uDC00-\\uDFFF must follow \\uD800-\\uDBFF",
                    )),
                    unit => (char::from_u32(unit), at + 6),
                };
                out.push(c.ok_or_else(|| bad(at, "invalid \\u escape"))?);
                return Ok(next);
            }
            None => return Err(bad(at, "the input ends inside a string")),
            Some(_) => {
                return Err(bad(
                    at,
                    "invalid escape: use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX",
                ))
            }
        };
        out.push(c);
        Ok(at + 2)
    }
}
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The first byte from `i` that ends a run of plain string bytes: a quote,
/// a backslash or a control character (or the end of the input).
#[inline]
fn skip_plain(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(word);
        let q = w ^ (ONES * u64::from(b'"'));
        let s = w ^ (ONES * u64::from(b'\\'));
        let special = (w.wrapping_sub(ONES * 0x20) & !w)
            | (q.wrapping_sub(ONES) & !q)
            | (s.wrapping_sub(ONES) & !s);
        if special & HIGHS != 0 {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

/// Four hexadecimal digits at `at`.
fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    digits.iter().try_fold(0u32, |acc, &b| {
        let d = (b as char).to_digit(16)?;
        Some(acc * 16 + d)
    })
}
