//! [`JsonWriter`]: the output side of proto3 JSON. It appends to a byte
//! vector: field keys as pre-formatted literals (one copy each), strings
//! escaped eight bytes at a time, integers with `itoa`, floats with `zmij`
//! (the shortest text that reads back to the same value).

use alloc::vec::Vec;

use super::error::{JsonError, JsonErrorKind};
use super::options::JsonOptions;
use super::registry::{self, AnyEntry};

/// The two names of a field as the writer emits them: `,"seedId":` and
/// `,"seed_id":`, each with the comma that separates it from the field
/// before (left out for the first field of an object). Generated code holds
/// one per field. Not a public API.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct FieldKey {
    /// `,"jsonName":`
    pub json: &'static str,
    /// `,"proto_name":`
    pub proto: &'static str,
}

impl FieldKey {
    /// The bare JSON name (`seedId`).
    #[inline]
    pub fn json_name(&self) -> &'static str {
        bare(self.json)
    }

    /// The bare proto name (`seed_id`).
    #[inline]
    pub fn proto_name(&self) -> &'static str {
        bare(self.proto)
    }
}

/// `seedId` from `,"seedId":`.
fn bare(formatted: &'static str) -> &'static str {
    formatted
        .get(2..formatted.len().saturating_sub(2))
        .unwrap_or(formatted)
}

/// Writes proto3 JSON into a byte vector. Generated code and the
/// [`JsonType`](super::JsonType) implementations drive it; a hand-written
/// `JsonType` uses the value methods (`string`, `number_u64`, ...).
#[derive(Debug)]
pub struct JsonWriter<'a> {
    out: &'a mut Vec<u8>,
    options: &'a JsonOptions,
    depth_left: u32,
    /// No key or element written yet in the innermost open object or array.
    first: bool,
}

impl<'a> JsonWriter<'a> {
    /// A writer appending to `out`.
    pub fn new(out: &'a mut Vec<u8>, options: &'a JsonOptions) -> Self {
        JsonWriter {
            out,
            // The top-level value is entered too, and does not count.
            depth_left: options.recursion_limit.saturating_add(1),
            options,
            first: true,
        }
    }

    /// The options in force.
    #[inline]
    pub fn options(&self) -> &'a JsonOptions {
        self.options
    }

    /// Whether fields at their default are written too.
    #[doc(hidden)]
    #[inline]
    pub fn emit_defaults(&self) -> bool {
        self.options.emit_default_values
    }

    /// The registry entry of a `google.protobuf.Any` type.
    pub(crate) fn any_entry(&self, full_name: &str) -> Option<AnyEntry> {
        registry::lookup(self.options, full_name)
    }

    /// Enters one more level of nested messages, failing past the limit.
    #[doc(hidden)]
    #[inline]
    pub fn enter(&mut self) -> Result<(), JsonError> {
        match self.depth_left.checked_sub(1) {
            Some(left) => {
                self.depth_left = left;
                Ok(())
            }
            None => Err(too_deep()),
        }
    }

    /// Leaves a level entered with [`JsonWriter::enter`].
    #[doc(hidden)]
    #[inline]
    pub fn leave(&mut self) {
        self.depth_left += 1;
    }

    /// Where the output stands, for [`JsonWriter::rewind`].
    #[doc(hidden)]
    #[inline]
    pub fn mark(&self) -> (usize, bool) {
        (self.out.len(), self.first)
    }

    /// Drops what was written since `mark`.
    #[doc(hidden)]
    #[inline]
    pub fn rewind(&mut self, mark: (usize, bool)) {
        self.out.truncate(mark.0);
        self.first = mark.1;
    }

    /// Opens an object.
    #[inline]
    pub fn begin_object(&mut self) {
        self.out.push(b'{');
        self.first = true;
    }

    /// Closes an object.
    #[inline]
    pub fn end_object(&mut self) {
        self.out.push(b'}');
        self.first = false;
    }

    /// Opens an array.
    #[inline]
    pub fn begin_array(&mut self) {
        self.out.push(b'[');
        self.first = true;
    }

    /// Closes an array.
    #[inline]
    pub fn end_array(&mut self) {
        self.out.push(b']');
        self.first = false;
    }

    /// Starts the next element of an array (writes the comma before it).
    #[inline]
    pub fn element(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    /// Writes a key (escaped) and its colon; the value follows.
    pub fn key(&mut self, key: &str) {
        self.element();
        write_escaped(self.out, key);
        self.out.push(b':');
    }

    /// Writes a field's key in the name the options choose.
    #[doc(hidden)]
    #[inline]
    pub fn field_key(&mut self, key: &FieldKey) {
        let formatted = if self.options.proto_field_names {
            key.proto
        } else {
            key.json
        };
        let skip = usize::from(self.first);
        self.first = false;
        if let Some(bytes) = formatted.as_bytes().get(skip..) {
            self.out.extend_from_slice(bytes);
        }
    }

    /// Starts a map entry's key: the comma before it, when needed.
    #[doc(hidden)]
    #[inline]
    pub fn map_key_start(&mut self) {
        self.element();
    }

    /// Ends a map entry's key (`:`).
    #[doc(hidden)]
    #[inline]
    pub fn map_key_end(&mut self) {
        self.out.push(b':');
    }

    /// Writes `null`.
    #[inline]
    pub fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    /// Writes `true` or `false`.
    #[inline]
    pub fn bool(&mut self, value: bool) {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// Writes a string, escaped.
    #[inline]
    pub fn string(&mut self, value: &str) {
        write_escaped(self.out, value);
    }

    /// Writes text that is already valid JSON (a pre-quoted name, ...).
    #[doc(hidden)]
    #[inline]
    pub fn raw(&mut self, json: &str) {
        self.out.extend_from_slice(json.as_bytes());
    }

    /// Writes an integer as a JSON number.
    #[inline]
    pub fn number_i64(&mut self, value: i64) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    /// Writes an unsigned integer as a JSON number.
    #[inline]
    pub fn number_u64(&mut self, value: u64) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    /// Writes an integer as a JSON string (how proto3 JSON writes 64-bit
    /// integers, which a double cannot hold).
    #[inline]
    pub fn quoted_i64(&mut self, value: i64) {
        self.out.push(b'"');
        self.number_i64(value);
        self.out.push(b'"');
    }

    /// Writes an unsigned integer as a JSON string.
    #[inline]
    pub fn quoted_u64(&mut self, value: u64) {
        self.out.push(b'"');
        self.number_u64(value);
        self.out.push(b'"');
    }

    /// Writes a double: the shortest text that reads back to it, or
    /// `"NaN"`, `"Infinity"`, `"-Infinity"`.
    #[inline]
    pub fn f64(&mut self, value: f64) {
        if value.is_finite() {
            self.out
                .extend_from_slice(zmij::Buffer::new().format_finite(value).as_bytes());
        } else {
            self.non_finite(value.is_nan(), value.is_sign_negative());
        }
    }

    /// Writes a float: the shortest text that reads back to the same float.
    #[inline]
    pub fn f32(&mut self, value: f32) {
        if value.is_finite() {
            self.out
                .extend_from_slice(zmij::Buffer::new().format_finite(value).as_bytes());
        } else {
            self.non_finite(value.is_nan(), value.is_sign_negative());
        }
    }

    #[cold]
    fn non_finite(&mut self, nan: bool, negative: bool) {
        self.out.extend_from_slice(match (nan, negative) {
            (true, _) => b"\"NaN\"",
            (false, false) => b"\"Infinity\"",
            (false, true) => b"\"-Infinity\"",
        });
    }

    /// Writes bytes as a base64 string (standard alphabet, padded).
    #[inline]
    pub fn base64(&mut self, bytes: &[u8]) {
        self.out.push(b'"');
        super::base64::encode(bytes, self.out);
        self.out.push(b'"');
    }
}

#[cold]
fn too_deep() -> JsonError {
    JsonError::new(
        JsonErrorKind::RecursionLimit,
        "messages are nested deeper than the recursion limit",
    )
}

/// What follows the backslash for each byte that must be escaped (`u` for
/// `\u00XX`), 0 for the bytes written as they are. As serde_json escapes:
/// quote, backslash and the control characters, nothing else.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = b'u';
        i += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any of the eight bytes of `w` needs escaping: a control
/// character, a quote or a backslash.
#[inline]
fn needs_escape(w: u64) -> bool {
    let control = w.wrapping_sub(ONES * 0x20) & !w;
    let quote = (w ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES) & !(w ^ (ONES * u64::from(b'"')));
    let backslash =
        (w ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES) & !(w ^ (ONES * u64::from(b'\\')));
    (control | quote | backslash) & HIGHS != 0
}

/// Appends `s` as a JSON string literal.
pub(crate) fn write_escaped(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    loop {
        while let Some(chunk) = bytes.get(i..i + 8) {
            let Ok(word) = <[u8; 8]>::try_from(chunk) else {
                break;
            };
            if needs_escape(u64::from_le_bytes(word)) {
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let escape = ESCAPE[usize::from(b)];
        if escape != 0 {
            out.extend_from_slice(&bytes[start..i]);
            write_escape(out, b, escape);
            start = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[inline]
fn write_escape(out: &mut Vec<u8>, byte: u8, escape: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    if escape == b'u' {
        out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(byte >> 4)],
            HEX[usize::from(byte & 0xf)],
        ]);
    } else {
        out.extend_from_slice(&[b'\\', escape]);
    }
}

/// `s` as a JSON string literal.
#[cfg(test)]
fn quoted(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 2);
    write_escaped(&mut out, s);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
use alloc::string::String;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_serde_json_does() {
        for s in [
            "",
            "plain ascii text, longer than eight bytes",
            "quote \" and backslash \\ inside",
            "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f}\u{7f}",
            "Größe — 训练 🌱 / </script>",
            "tail\"",
            "12345678\"",
            "\u{2028}\u{2029}",
        ] {
            assert_eq!(
                quoted(s),
                serde_json::to_string(s).unwrap_or_default(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn the_word_test_finds_every_byte_that_needs_escaping() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                assert_eq!(
                    needs_escape(u64::from_le_bytes(word)),
                    ESCAPE[usize::from(b)] != 0,
                    "byte {b:#x} at {at}"
                );
            }
        }
    }

    #[test]
    fn keys_drop_the_comma_of_the_first_field() {
        const A: FieldKey = FieldKey {
            json: ",\"seedId\":",
            proto: ",\"seed_id\":",
        };
        assert_eq!(A.json_name(), "seedId");
        assert_eq!(A.proto_name(), "seed_id");
        let mut out = Vec::new();
        let options = JsonOptions::default();
        let mut w = JsonWriter::new(&mut out, &options);
        w.begin_object();
        w.field_key(&A);
        w.number_u64(1);
        w.field_key(&A);
        w.f32(0.1);
        w.end_object();
        assert_eq!(out, b"{\"seedId\":1,\"seedId\":0.1}");
    }

    #[test]
    fn floats_are_shortest_and_non_finite_ones_named() {
        let options = JsonOptions::default();
        let mut out = Vec::new();
        let mut w = JsonWriter::new(&mut out, &options);
        w.begin_array();
        for v in [
            0.1f32,
            1.0,
            3.402_823_5e38,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ] {
            w.element();
            w.f32(v);
        }
        w.element();
        w.f64(-0.0);
        w.end_array();
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "[0.1,1.0,3.4028235e+38,\"NaN\",\"Infinity\",\"-Infinity\",-0.0]"
        );
    }
}
