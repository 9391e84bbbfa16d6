//! [`JsonError`]: why a message could not be written as JSON or read from it,
//! with the JSON path to the value at fault and, when reading, the line and
//! column.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::wire::DecodeError;

/// Why a message could not be written to or read from proto3 JSON.
///
/// It names the JSON path to the value at fault (outermost first) and, for
/// input, where in the text it is:
/// `seedStates[3].metrics.loss: expected a number, got "x" at line 1 column 57`.
#[derive(Clone, PartialEq)]
pub struct JsonError {
    inner: Box<Inner>,
}

#[derive(Clone, PartialEq)]
struct Inner {
    kind: JsonErrorKind,
    message: String,
    /// Innermost first (pushed while unwinding).
    path: Vec<Segment>,
    /// 1-based line and column of the input, when reading.
    position: Option<(usize, usize)>,
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Field(&'static str),
    Index(usize),
    Key(String),
}

/// What kind of fault a [`JsonError`] is.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum JsonErrorKind {
    /// The text is not JSON (a missing comma, a bad escape, trailing text...).
    Syntax,
    /// A value of the wrong JSON type (a string where a number belongs...).
    UnexpectedType,
    /// A value of the right JSON type that the field cannot hold: a number out
    /// of range or with a fraction, invalid base64, a malformed timestamp, an
    /// enum name the enumeration does not declare...
    InvalidValue,
    /// A field name the message does not declare (and
    /// `ignore_unknown_fields` is off).
    UnknownField,
    /// A key given twice in one object (a field under its JSON name and its
    /// proto name counts as twice), or two fields of one oneof.
    DuplicateField,
    /// Messages nested deeper than the recursion limit.
    RecursionLimit,
    /// A `google.protobuf.Any` whose type is not in the type registry.
    UnknownType,
    /// A value proto3 JSON cannot represent: a timestamp or duration out of
    /// range, a non-finite number in a `google.protobuf.Value`, a field mask
    /// path that does not round-trip, a `Value` with no kind set.
    Unrepresentable,
    /// The protobuf bytes being written as JSON do not decode.
    Decode(DecodeError),
    /// The writer given to `to_writer` failed.
    Io,
    /// An error reported through serde.
    Custom,
}

impl JsonError {
    /// An error of this kind with a message, no path and no position.
    #[cold]
    pub fn new(kind: JsonErrorKind, message: impl Into<String>) -> Self {
        JsonError {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                path: Vec::new(),
                position: None,
            }),
        }
    }

    /// The kind of fault.
    pub fn kind(&self) -> &JsonErrorKind {
        &self.inner.kind
    }

    /// What went wrong, without the path and position.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The JSON path of the value at fault (`seedStates[3].metrics.loss`);
    /// empty for the top-level value.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.inner.path.iter().rev() {
            match segment {
                Segment::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Segment::Key(key) => {
                    let plain = !key.is_empty()
                        && key
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                    if plain {
                        if !out.is_empty() {
                            out.push('.');
                        }
                        out.push_str(key);
                    } else {
                        out.push('[');
                        push_quoted(&mut out, key);
                        out.push(']');
                    }
                }
            }
        }
        out
    }

    /// The line and column (both from 1) of the input where the fault was
    /// found, when reading.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.inner.position
    }

    /// Records that the error happened inside the field `name`.
    #[cold]
    pub fn in_field(mut self, name: &'static str) -> Self {
        self.inner.path.push(Segment::Field(name));
        self
    }

    /// Records that the error happened at element `index` of an array.
    #[cold]
    pub fn at_index(mut self, index: usize) -> Self {
        self.inner.path.push(Segment::Index(index));
        self
    }

    /// Records that the error happened under the map key `key`.
    #[cold]
    pub fn at_key(mut self, key: impl fmt::Display) -> Self {
        self.inner.path.push(Segment::Key(key.to_string()));
        self
    }

    /// Sets where in the input the error was found (first setting wins).
    #[cold]
    pub(crate) fn at_position(mut self, line: usize, column: usize) -> Self {
        if self.inner.position.is_none() {
            self.inner.position = Some((line, column));
        }
        self
    }
}

/// Appends `s` as a JSON string literal, shortened past 60 characters.
pub(crate) fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    for (i, c) in s.chars().enumerate() {
        if i == 60 {
            out.push_str("...");
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                out.push_str(&alloc::format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        if !path.is_empty() {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.inner.message)?;
        if let Some((line, column)) = self.inner.position {
            write!(f, " at line {line} column {column}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonError")
            .field("kind", &self.inner.kind)
            .field("message", &self.inner.message)
            .field("path", &self.path())
            .field("position", &self.inner.position)
            .finish()
    }
}

impl std::error::Error for JsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.kind {
            JsonErrorKind::Decode(e) => Some(e),
            _ => None,
        }
    }
}

impl From<DecodeError> for JsonError {
    #[cold]
    fn from(err: DecodeError) -> Self {
        JsonError::new(JsonErrorKind::Decode(err.clone()), err.to_string())
    }
}

/// A value that cannot be written as proto3 JSON.
#[cold]
pub(crate) fn unrepresentable(message: impl Into<String>) -> JsonError {
    JsonError::new(JsonErrorKind::Unrepresentable, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_and_position_read_outermost_first() {
        let err = JsonError::new(
            JsonErrorKind::UnexpectedType,
            "expected a number, got \"x\"",
        )
        .at_position(1, 57)
        .at_key("loss")
        .in_field("metrics")
        .at_index(3)
        .in_field("seedStates");
        assert_eq!(err.path(), "seedStates[3].metrics.loss");
        assert_eq!(
            err.to_string(),
            "seedStates[3].metrics.loss: expected a number, got \"x\" at line 1 column 57"
        );
        assert_eq!(err.position(), Some((1, 57)));
    }

    #[test]
    fn odd_map_keys_are_quoted() {
        let err = JsonError::new(JsonErrorKind::InvalidValue, "bad")
            .at_key("a.b \"c\"")
            .in_field("m");
        assert_eq!(err.path(), "m[\"a.b \\\"c\\\"\"]");
        let top = JsonError::new(JsonErrorKind::Syntax, "trailing characters");
        assert_eq!(top.to_string(), "trailing characters");
    }
}
