//! Decoding and encoding errors.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use super::WireType;

/// Why bytes could not be decoded into a contract.
///
/// Carries the kind of fault and the path of fields (outermost first) where it
/// happened, so `SystemStatePacket.seed_states: SeedState.seed_id: invalid
/// UTF-8` says exactly which field held the bad data.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    inner: Box<Inner>,
}

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: DecodeErrorKind,
    /// (message, field) pairs, innermost first (pushed while unwinding).
    path: Vec<(&'static str, &'static str)>,
}

/// The kind of a [`DecodeError`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ends inside a field (or a length prefix points past the end).
    Truncated,
    /// A varint longer than 10 bytes or larger than 2^64 - 1.
    InvalidVarint,
    /// A key larger than 2^32 - 1.
    InvalidKey(u64),
    /// A key with field number 0.
    InvalidTag,
    /// A wire type that does not exist (6 or 7).
    InvalidWireType(u64),
    /// A known field arrived with a wire type its declaration does not allow.
    UnexpectedWireType {
        /// What the field's type is written with.
        expected: WireType,
        /// What arrived.
        found: WireType,
    },
    /// A string field holds bytes that are not UTF-8.
    InvalidUtf8,
    /// Messages are nested deeper than the recursion limit.
    RecursionLimit,
    /// An end-group key without a matching start.
    UnexpectedEndGroup,
    /// A packed fixed-width field whose length is not a multiple of the width.
    PackedLength,
    /// Decoding would allocate more heap than the decode's memory cap
    /// ([`DecodeLimits::max_memory`](super::DecodeLimits::max_memory)).
    MemoryLimit {
        /// The cap, in bytes.
        limit: usize,
    },
    /// An error reported by prost (well-known types decode through prost).
    Prost(String),
}

impl DecodeError {
    /// An error of this kind, with no field path yet.
    #[cold]
    pub fn new(kind: DecodeErrorKind) -> Self {
        DecodeError {
            inner: Box::new(Inner {
                kind,
                path: Vec::new(),
            }),
        }
    }

    /// The kind of fault.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.inner.kind
    }

    /// The fields where it happened, outermost first, as `Message.field`.
    pub fn path(&self) -> impl Iterator<Item = String> + '_ {
        self.inner
            .path
            .iter()
            .rev()
            .map(|(m, f)| alloc::format!("{m}.{f}"))
    }

    /// Records that the error happened inside `message.field`.
    #[cold]
    pub fn push(&mut self, message: &'static str, field: &'static str) {
        self.inner.path.push((message, field));
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeErrorKind::Truncated => f.write_str("the input ends inside a field"),
            DecodeErrorKind::InvalidVarint => {
                f.write_str("invalid varint (longer than 10 bytes or above 2^64)")
            }
            DecodeErrorKind::InvalidKey(k) => write!(f, "invalid field key {k}"),
            DecodeErrorKind::InvalidTag => f.write_str("invalid field number 0"),
            DecodeErrorKind::InvalidWireType(w) => write!(f, "invalid wire type {w}"),
            DecodeErrorKind::UnexpectedWireType { expected, found } => {
                write!(f, "wrong wire type: expected {expected:?}, found {found:?}")
            }
            DecodeErrorKind::InvalidUtf8 => f.write_str("invalid string value: data is not UTF-8"),
            DecodeErrorKind::RecursionLimit => {
                f.write_str("messages are nested deeper than the recursion limit")
            }
            DecodeErrorKind::UnexpectedEndGroup => f.write_str("unexpected end-group key"),
            DecodeErrorKind::PackedLength => {
                f.write_str("packed field length is not a multiple of the element size")
            }
            DecodeErrorKind::MemoryLimit { limit } => {
                write!(
                    f,
                    "decoding would allocate more than the memory limit of {limit} bytes"
                )
            }
            DecodeErrorKind::Prost(msg) => f.write_str(msg),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("failed to decode protobuf message: ")?;
        for (message, field) in self.inner.path.iter().rev() {
            write!(f, "{message}.{field}: ")?;
        }
        self.inner.kind.fmt(f)
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("kind", &self.inner.kind)
            .field("path", &self.path().collect::<Vec<_>>())
            .finish()
    }
}

impl std::error::Error for DecodeError {}

impl From<DecodeErrorKind> for DecodeError {
    fn from(kind: DecodeErrorKind) -> Self {
        DecodeError::new(kind)
    }
}

impl From<prost::DecodeError> for DecodeError {
    #[cold]
    fn from(err: prost::DecodeError) -> Self {
        DecodeError::new(DecodeErrorKind::Prost(err.to_string()))
    }
}

impl From<DecodeError> for prost::DecodeError {
    #[cold]
    fn from(err: DecodeError) -> Self {
        // prost offers no other public constructor for its error type; the
        // description keeps our kind and field path intact.
        #[allow(deprecated)]
        prost::DecodeError::new(err.to_string())
    }
}

/// Why a value could not be encoded by `Contract::encode_checked`: it nests
/// messages deeper than the recursion limit, so a decoder holding the same limit
/// would reject the bytes (and an unchecked encode of a very deep value would
/// exhaust the stack).
///
/// Carries the path of fields (outermost first) down to the message that lies
/// too deep, as [`DecodeError`] does.
#[derive(Clone, PartialEq, Eq)]
pub struct EncodeError {
    inner: Box<EncodeInner>,
}

#[derive(Clone, PartialEq, Eq)]
struct EncodeInner {
    kind: EncodeErrorKind,
    /// (message, field) pairs, innermost first (pushed while unwinding).
    path: Vec<(&'static str, &'static str)>,
}

/// The kind of an [`EncodeError`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// Messages are nested deeper than the recursion limit.
    RecursionLimit,
}

impl EncodeError {
    /// An error of this kind, with no field path yet.
    #[cold]
    pub fn new(kind: EncodeErrorKind) -> Self {
        EncodeError {
            inner: Box::new(EncodeInner {
                kind,
                path: Vec::new(),
            }),
        }
    }

    /// The kind of fault.
    pub fn kind(&self) -> &EncodeErrorKind {
        &self.inner.kind
    }

    /// The fields where it happened, outermost first, as `Message.field`.
    pub fn path(&self) -> impl Iterator<Item = String> + '_ {
        self.inner
            .path
            .iter()
            .rev()
            .map(|(m, f)| alloc::format!("{m}.{f}"))
    }

    /// Records that the error happened inside `message.field`.
    #[cold]
    pub fn push(&mut self, message: &'static str, field: &'static str) {
        self.inner.path.push((message, field));
    }
}

impl fmt::Display for EncodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeErrorKind::RecursionLimit => {
                f.write_str("messages are nested deeper than the recursion limit")
            }
        }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("failed to encode protobuf message: ")?;
        for (message, field) in self.inner.path.iter().rev() {
            write!(f, "{message}.{field}: ")?;
        }
        self.inner.kind.fmt(f)
    }
}

impl fmt::Debug for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodeError")
            .field("kind", &self.inner.kind)
            .field("path", &self.path().collect::<Vec<_>>())
            .finish()
    }
}

impl std::error::Error for EncodeError {}

impl From<EncodeErrorKind> for EncodeError {
    fn from(kind: EncodeErrorKind) -> Self {
        EncodeError::new(kind)
    }
}

#[cold]
pub(super) fn truncated() -> DecodeError {
    DecodeError::new(DecodeErrorKind::Truncated)
}
