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
use super::number;
use super::options::JsonOptions;
use super::registry::{self, AnyEntry};

/// A string just read: where its text is ([`JsonReader::text`]). Two words
/// (`end == usize::MAX` for text unescaped into the scratch buffer), so that
/// results holding one pass in registers.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Text {
    start: usize,
    end: usize,
}

impl Text {
    const SCRATCH: usize = usize::MAX;
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
        // Compact JSON has none: one comparison decides.
        if self.bytes().get(self.pos).is_some_and(|&b| b > b' ') {
            return;
        }
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
            None => {
                let limit = self.options.recursion_limit;
                Err(self.error(
                    JsonErrorKind::RecursionLimit,
                    format!("messages are nested deeper than the recursion limit ({limit})"),
                ))
            }
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
            _ => return Err(self.bad_member(members.started)),
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

    #[cold]
    #[inline(never)]
    fn bad_member(&mut self, started: bool) -> JsonError {
        if started {
            self.unexpected("`,` or `}`")
        } else {
            self.unexpected("a key (a string in double quotes) or `}`")
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
}

mod numbers;
mod string;
