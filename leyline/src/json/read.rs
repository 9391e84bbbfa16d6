//! [`JsonReader`]: the input side of proto3 JSON, a cursor over the text.
//!
//! It reads one token at a time, as generated code asks for them: an object's
//! keys, a string (borrowed from the input when it holds no escape, unescaped
//! into a scratch buffer otherwise), a number as its text. Every fault is an
//! error naming what was expected and what was found, with the line and
//! column; nothing here panics or allocates more than the input's size.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::error::{push_quoted, JsonError, JsonErrorKind};
use super::number::{self, IntError, Scanned};
use super::options::JsonOptions;
use super::registry::{self, AnyEntry};

/// A string just read: where its text is ([`JsonReader::text`]).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Text {
    start: usize,
    end: usize,
    /// Unescaped into the scratch buffer rather than borrowed.
    scratch: bool,
}

/// The state of an object or array being read: whether a member was read.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default)]
pub struct Members {
    started: bool,
}

/// An integer type, for range checks and messages.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct IntType {
    pub name: &'static str,
    pub min: i128,
    pub max: i128,
}

/// Reads proto3 JSON from text. Generated code and the
/// [`JsonType`](super::JsonType) implementations drive it.
#[derive(Debug)]
pub struct JsonReader<'a> {
    input: &'a str,
    pos: usize,
    scratch: String,
    options: &'a JsonOptions,
    depth_left: u32,
    /// The depth of the `google.protobuf.Any` object being read inline,
    /// where the key `@type` belongs to the Any rather than to its message.
    any_depth: Option<u32>,
}

impl<'a> JsonReader<'a> {
    /// A reader of `input`.
    pub fn new(input: &'a str, options: &'a JsonOptions) -> Self {
        JsonReader {
            input,
            pos: 0,
            scratch: String::new(),
            options,
            // The top-level value is entered too, and does not count.
            depth_left: options.recursion_limit.saturating_add(1),
            any_depth: None,
        }
    }

    /// The options in force.
    #[inline]
    pub fn options(&self) -> &'a JsonOptions {
        self.options
    }

    /// The registry entry of a `google.protobuf.Any` type.
    pub(crate) fn any_entry(&self, full_name: &str) -> Option<AnyEntry> {
        registry::lookup(self.options, full_name)
    }

    #[inline]
    fn bytes(&self) -> &'a [u8] {
        self.input.as_bytes()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes().get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes().get(self.pos).copied()
    }

    /// Where the next token starts (after whitespace); for [`JsonReader::rewind`].
    #[inline]
    pub(crate) fn position(&mut self) -> usize {
        self.skip_ws();
        self.pos
    }

    /// Goes back to a position returned by [`JsonReader::position`].
    #[inline]
    pub(crate) fn rewind(&mut self, pos: usize) {
        self.pos = pos;
    }

    /// Fails unless only whitespace is left.
    pub(crate) fn finish(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => {
                let found = self.describe();
                Err(self.error(
                    JsonErrorKind::Syntax,
                    format!("trailing characters after the value: {found}"),
                ))
            }
        }
    }

    // -----------------------------------------------------------------------
    // Errors

    /// An error at byte offset `pos`.
    #[cold]
    pub(crate) fn error_at(&self, pos: usize, kind: JsonErrorKind, message: String) -> JsonError {
        let before = self.input.get(..pos).unwrap_or(self.input);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before
            .get(line_start..)
            .map_or(1, |s| s.chars().count() + 1);
        JsonError::new(kind, message).at_position(line, column)
    }

    /// An error at a key or string read by this reader.
    #[cold]
    pub(crate) fn error_at_text(
        &self,
        text: &Text,
        kind: JsonErrorKind,
        message: String,
    ) -> JsonError {
        self.error_at(text.start.saturating_sub(1), kind, message)
    }

    /// An error at the next token.
    #[cold]
    pub fn error(&mut self, kind: JsonErrorKind, message: String) -> JsonError {
        self.skip_ws();
        self.error_at(self.pos, kind, message)
    }

    /// The next token, as an error message shows it: `"x"`, `12`, `an
    /// object`, `the end of the input`.
    #[cold]
    pub(crate) fn describe(&mut self) -> String {
        self.skip_ws();
        let rest = self.bytes().get(self.pos..).unwrap_or_default();
        match rest.first() {
            None => "the end of the input".into(),
            Some(b'{') => "an object".into(),
            Some(b'[') => "an array".into(),
            Some(b'"') => {
                let mut out = String::new();
                let save = self.pos;
                match self.scan_string() {
                    Ok(t) => {
                        let text = String::from(self.text(&t));
                        push_quoted(&mut out, &text);
                    }
                    Err(_) => out.push_str("an invalid string"),
                }
                self.pos = save;
                out
            }
            Some(b'-' | b'0'..=b'9') => {
                let n = number::number_len(rest).unwrap_or(1);
                String::from(self.input.get(self.pos..self.pos + n).unwrap_or("-"))
            }
            Some(_) => {
                let word: String = self
                    .input
                    .get(self.pos..)
                    .unwrap_or_default()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .take(20)
                    .collect();
                if matches!(word.as_str(), "true" | "false" | "null") {
                    word
                } else if word.is_empty() {
                    let c = self.input.get(self.pos..).and_then(|s| s.chars().next());
                    format!("`{}`", c.unwrap_or('?'))
                } else {
                    format!("`{word}`")
                }
            }
        }
    }

    /// "expected `what`, got ...".
    #[cold]
    pub fn unexpected(&mut self, what: &str) -> JsonError {
        let found = self.describe();
        let kind = match self.peek() {
            Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
                JsonErrorKind::UnexpectedType
            }
            _ => JsonErrorKind::Syntax,
        };
        self.error(kind, format!("expected {what}, got {found}"))
    }

    // -----------------------------------------------------------------------
    // Depth

    /// Enters one more level of nested messages, failing past the limit.
    #[doc(hidden)]
    #[inline]
    pub fn enter(&mut self) -> Result<(), JsonError> {
        match self.depth_left.checked_sub(1) {
            Some(left) => {
                self.depth_left = left;
                Ok(())
            }
            None => Err(self.error(
                JsonErrorKind::RecursionLimit,
                String::from("messages are nested deeper than the recursion limit"),
            )),
        }
    }

    /// Leaves a level entered with [`JsonReader::enter`].
    #[doc(hidden)]
    #[inline]
    pub fn leave(&mut self) {
        self.depth_left += 1;
    }

    /// Marks the object about to be read as a `google.protobuf.Any` holding
    /// its message inline: its `@type` key is the Any's. Returns the mark to
    /// restore afterwards.
    pub(crate) fn set_any_object(&mut self) -> Option<u32> {
        self.any_depth.replace(self.depth_left)
    }

    /// Restores the mark returned by [`JsonReader::set_any_object`].
    pub(crate) fn restore_any_object(&mut self, mark: Option<u32>) {
        self.any_depth = mark;
    }

    // -----------------------------------------------------------------------
    // Structure

    /// Reads `{`.
    #[doc(hidden)]
    #[inline]
    pub fn begin_object(&mut self) -> Result<Members, JsonError> {
        if self.peek() == Some(b'{') {
            self.pos += 1;
            Ok(Members::default())
        } else {
            Err(self.unexpected("an object"))
        }
    }

    /// Reads the next key of an object and its colon, or the closing `}`
    /// (then `None`).
    #[doc(hidden)]
    #[inline]
    pub fn next_key(&mut self, members: &mut Members) -> Result<Option<Text>, JsonError> {
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                return Ok(None);
            }
            Some(b',') if members.started => {
                self.pos += 1;
                if self.peek() != Some(b'"') {
                    return Err(self.unexpected("a key (a string in double quotes)"));
                }
            }
            Some(b'"') if !members.started => {}
            _ if members.started => return Err(self.unexpected("`,` or `}`")),
            _ => return Err(self.unexpected("a key (a string in double quotes) or `}`")),
        }
        members.started = true;
        let key = self.scan_string()?;
        if self.peek() == Some(b':') {
            self.pos += 1;
            Ok(Some(key))
        } else {
            Err(self.unexpected("`:`"))
        }
    }

    /// Reads `[`.
    #[doc(hidden)]
    #[inline]
    pub fn begin_array(&mut self) -> Result<Members, JsonError> {
        if self.peek() == Some(b'[') {
            self.pos += 1;
            Ok(Members::default())
        } else {
            Err(self.unexpected("an array"))
        }
    }

    /// Moves to the next element of an array (`true`), or past its closing
    /// `]` (`false`).
    #[doc(hidden)]
    #[inline]
    pub fn next_element(&mut self, members: &mut Members) -> Result<bool, JsonError> {
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                return Ok(false);
            }
            Some(b',') if members.started => {
                self.pos += 1;
                if self.peek() == Some(b']') {
                    return Err(self.unexpected("a value"));
                }
            }
            _ if members.started => return Err(self.unexpected("`,` or `]`")),
            _ => {}
        }
        members.started = true;
        Ok(true)
    }

    /// Consumes `null` if it comes next.
    #[doc(hidden)]
    #[inline]
    pub fn take_null(&mut self) -> bool {
        if self.peek() == Some(b'n') && self.bytes().get(self.pos..self.pos + 4) == Some(b"null") {
            self.pos += 4;
            true
        } else {
            false
        }
    }

    /// Whether `null` comes next (not consumed).
    #[inline]
    pub fn peek_null(&mut self) -> bool {
        self.peek() == Some(b'n') && self.bytes().get(self.pos..self.pos + 4) == Some(b"null")
    }

    /// Reads `true` or `false`.
    pub fn read_bool(&mut self) -> Result<bool, JsonError> {
        let rest = self.bytes().get(self.pos..).unwrap_or_default();
        if self.peek() == Some(b't') && rest.starts_with(b"true") {
            self.pos += 4;
            Ok(true)
        } else if self.peek() == Some(b'f') && rest.starts_with(b"false") {
            self.pos += 5;
            Ok(false)
        } else {
            Err(self.unexpected("true or false"))
        }
    }

    /// Skips one value of any type (checking its syntax), however nested,
    /// within the recursion limit.
    pub fn skip_value(&mut self) -> Result<(), JsonError> {
        let mut open: Vec<(bool, Members)> = Vec::new();
        let result = self.skip_nested(&mut open);
        for _ in 0..open.len() {
            self.leave();
        }
        result
    }

    /// Skips the next value, returning where its text starts and ends.
    pub(crate) fn value_span(&mut self) -> Result<(usize, usize), JsonError> {
        let start = self.position();
        self.skip_value()?;
        Ok((start, self.pos))
    }

    fn skip_nested(&mut self, open: &mut Vec<(bool, Members)>) -> Result<(), JsonError> {
        loop {
            match self.peek() {
                Some(b'{') => {
                    self.enter()?;
                    let members = self.begin_object()?;
                    open.push((true, members));
                }
                Some(b'[') => {
                    self.enter()?;
                    let members = self.begin_array()?;
                    open.push((false, members));
                }
                Some(b'"') => {
                    self.scan_string()?;
                }
                Some(b't' | b'f') => {
                    self.read_bool()?;
                }
                Some(b'n') if self.take_null() => {}
                Some(b'-' | b'0'..=b'9') => {
                    self.scan_number()?;
                }
                _ => return Err(self.unexpected("a value")),
            }
            // Move to the next value to skip, closing what ends here.
            loop {
                let Some((is_object, members)) = open.last_mut() else {
                    return Ok(());
                };
                let more = if *is_object {
                    self.next_key(members)?.is_some()
                } else {
                    self.next_element(members)?
                };
                if more {
                    break;
                }
                open.pop();
                self.leave();
            }
        }
    }

    // -----------------------------------------------------------------------
    // Fields

    /// Fails on, or skips, a key that names no field of `message`. In the
    /// object of a `google.protobuf.Any`, `@type` is skipped.
    #[doc(hidden)]
    pub fn unknown_field(&mut self, key: &Text, message: &'static str) -> Result<(), JsonError> {
        if self.any_depth == Some(self.depth_left) && self.text(key) == "@type" {
            return self.skip_value();
        }
        if self.options.ignore_unknown_fields {
            return self.skip_value();
        }
        let mut name = String::new();
        push_quoted(&mut name, self.text(key));
        Err(self.error_at(
            key.start.saturating_sub(1),
            JsonErrorKind::UnknownField,
            format!("unknown field {name}: {message} has no field with this JSON or proto name"),
        ))
    }

    /// Records that field `index` was read, failing if it already was.
    #[doc(hidden)]
    #[inline]
    pub fn seen(
        &mut self,
        seen: &mut [u64],
        index: usize,
        name: &'static str,
        key: &Text,
    ) -> Result<(), JsonError> {
        let bit = 1u64 << (index % 64);
        match seen.get_mut(index / 64) {
            Some(word) if *word & bit != 0 => Err(self.error_at(
                key.start.saturating_sub(1),
                JsonErrorKind::DuplicateField,
                format!(
                    "field \"{name}\" appears twice (once is allowed, under its JSON name or its proto name)"
                ),
            )),
            Some(word) => {
                *word |= bit;
                Ok(())
            }
            None => Ok(()),
        }
    }

    // -----------------------------------------------------------------------
    // Strings

    /// The text of a string read by this reader (valid until the next
    /// string is read).
    #[doc(hidden)]
    #[inline]
    pub fn text(&self, text: &Text) -> &str {
        if text.scratch {
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
    fn scan_string(&mut self) -> Result<Text, JsonError> {
        let bytes = self.bytes();
        let start = self.pos + 1;
        let i = skip_plain(bytes, start);
        match bytes.get(i) {
            Some(b'"') => {
                self.pos = i + 1;
                Ok(Text {
                    start,
                    end: i,
                    scratch: false,
                })
            }
            Some(b'\\') => self.unescape(start, i),
            Some(_) => Err(self.error_at(
                i,
                JsonErrorKind::Syntax,
                String::from("a control character in a string must be escaped"),
            )),
            None => Err(self.error_at(
                i,
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
            end: start,
            scratch: true,
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

    // -----------------------------------------------------------------------
    // Numbers

    /// Scans the number at the cursor (after whitespace): its digits, and
    /// its text.
    #[inline]
    fn scan_number(&mut self) -> Result<(Scanned, &'a str), JsonError> {
        self.skip_ws();
        let input = self.input;
        let rest = input.as_bytes().get(self.pos..).unwrap_or_default();
        let Some(scanned) = number::scan(rest) else {
            let found = self.describe();
            return Err(self.error(JsonErrorKind::Syntax, format!("invalid number: {found}")));
        };
        if rest.get(scanned.len).is_some_and(u8::is_ascii_digit) {
            return Err(self.error(
                JsonErrorKind::Syntax,
                String::from("invalid number: a number has no leading zeros"),
            ));
        }
        let text = input
            .get(self.pos..self.pos + scanned.len)
            .unwrap_or_default();
        self.pos += scanned.len;
        Ok((scanned, text))
    }

    /// Reads an integer of type `ty`: a number or a string holding one,
    /// exponents allowed where the value is integral.
    #[doc(hidden)]
    #[inline]
    pub fn read_integer(&mut self, ty: IntType) -> Result<i128, JsonError> {
        let start = self.position();
        let value = match self.bytes().get(start) {
            Some(b'-' | b'0'..=b'9') => {
                let (scanned, text) = self.scan_number()?;
                scanned
                    .integer()
                    .unwrap_or_else(|| number::parse_integer(text))
            }
            Some(b'"') => {
                let t = self.scan_string()?;
                let text = self.text(&t);
                match number::scan(text.as_bytes()) {
                    Some(scanned) if scanned.len == text.len() => scanned
                        .integer()
                        .unwrap_or_else(|| number::parse_integer(text)),
                    _ => Err(IntError::Invalid),
                }
            }
            _ => return Err(self.unexpected(&format!("an integer ({})", ty.name))),
        };
        match value {
            Ok(v) if v >= ty.min && v <= ty.max => Ok(v),
            Ok(_) => Err(self.integer_error(start, ty, IntError::OutOfRange)),
            Err(e) => Err(self.integer_error(start, ty, e)),
        }
    }

    #[cold]
    fn integer_error(&self, start: usize, ty: IntType, error: IntError) -> JsonError {
        let mut probe = JsonReader::new(self.input, self.options);
        probe.pos = start;
        let shown = probe.describe();
        let message = match error {
            IntError::OutOfRange => format!("{shown} is out of range for {}", ty.name),
            IntError::NotInteger => format!("{shown} is not an integer, as {} requires", ty.name),
            IntError::Invalid => format!("expected an integer ({}), got {shown}", ty.name),
        };
        self.error_at(start, JsonErrorKind::InvalidValue, message)
    }

    /// Reads a double: a number, or a string holding one or `"NaN"`,
    /// `"Infinity"`, `"-Infinity"`. A finite number beyond the double range
    /// is an error.
    #[doc(hidden)]
    #[inline]
    pub fn read_f64(&mut self, ty: &'static str) -> Result<f64, JsonError> {
        let start = self.position();
        match self.bytes().get(start) {
            Some(b'-' | b'0'..=b'9') => {
                let (scanned, text) = self.scan_number()?;
                if let Some(v) = scanned.float() {
                    return Ok(v);
                }
                text.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| {
                        self.error_at(
                            start,
                            JsonErrorKind::InvalidValue,
                            format!("{text} is out of range for {ty}"),
                        )
                    })
            }
            Some(b'"') => {
                let t = self.scan_string()?;
                let text = self.text(&t);
                match text {
                    "NaN" => Ok(f64::NAN),
                    "Infinity" => Ok(f64::INFINITY),
                    "-Infinity" => Ok(f64::NEG_INFINITY),
                    _ => match number::parse_f64(text) {
                        Some(v) => Ok(v),
                        None => {
                            let mut shown = String::new();
                            push_quoted(&mut shown, text);
                            let message = if number::is_number(text) {
                                format!("{shown} is out of range for {ty}")
                            } else {
                                format!("expected a number ({ty}), got {shown}")
                            };
                            Err(self.error_at(start, JsonErrorKind::InvalidValue, message))
                        }
                    },
                }
            }
            _ => Err(self.unexpected(&format!("a number ({ty})"))),
        }
    }

    /// Reads a float: as [`JsonReader::read_f64`], and a finite value that
    /// rounds to no finite float is an error.
    #[doc(hidden)]
    #[inline]
    pub fn read_f32(&mut self) -> Result<f32, JsonError> {
        let start = self.position();
        let v = self.read_f64("float")?;
        // As C++ decides: out of range is what rounds to no finite float.
        if v.is_finite() && !(v as f32).is_finite() {
            return Err(self.error_at(
                start,
                JsonErrorKind::InvalidValue,
                format!("{v} is out of range for float"),
            ));
        }
        Ok(v as f32)
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
