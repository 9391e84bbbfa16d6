//! The guarded codec: validation, size limits, splitting, a circuit breaker
//! and observability around encoding and decoding contracts.
//!
//! ```
//! use leyline::codec::{CodecConfig, GuardedCodec};
//! use leyline::Contract;
//!
//! #[leyline::message(package = "esper.leyline.v1")]
//! pub struct Heartbeat {
//!     #[leyline(field = 1, validate(uuid))]
//!     pub node_id: String,
//!     #[leyline(field = 2, validate(gte = 0.0, lte = 1.0))]
//!     pub load: f32,
//! }
//!
//! let codec = GuardedCodec::new(CodecConfig::default()).unwrap();
//! let mut buf = Vec::new();
//! let beat = Heartbeat { node_id: "123e4567-e89b-12d3-a456-426614174000".into(), load: 0.5 };
//! let size = codec.encode(&beat, &mut buf).unwrap();
//! assert_eq!(size, buf.len());
//! assert_eq!(codec.decode::<Heartbeat>(&buf).unwrap(), beat);
//!
//! let bad = Heartbeat { node_id: "node-7".into(), load: 1.5 };
//! let err = codec.encode(&bad, &mut buf).unwrap_err();
//! assert_eq!(err.kind(), "validation");
//! ```
//!
//! **Encoding** ([`GuardedCodec::encode`]): the breaker of the message type
//! admits the request (else [`CodecError::CircuitOpen`]); the message is
//! validated ([`CodecError::Validation`] lists every violation); its length is
//! checked against the limit, which is the message's
//! [`Contract::MAX_SIZE`] when set and the configured `max_message_size`
//! otherwise ([`CodecError::SizeOverflow`]); then it is written into the
//! caller's buffer, which is cleared first and reused without reallocating
//! once it has grown. [`GuardedCodec::encode_parts`] does the same, but cuts a
//! message with a `split` field that is over the limit into parts that each
//! fit (see [`merge_parts`]).
//!
//! **Decoding** ([`GuardedCodec::decode`]): input over the limit is refused
//! before any parsing; then the bytes are decoded, the contract version checked
//! ([`GuardedCodec::decode_versioned`], for [`Versioned`] contracts) and the
//! message validated.
//!
//! **Observability**: encoding runs in a `leyline.serialize` span (debug
//! level) with `message_type`, `size_bytes` and `duration_us`; records the
//! histograms `leyline.serialization.duration_us` and
//! `leyline.message.size_bytes` and, on failure, the counter
//! `leyline.serialization.failures` (labels `message_type`, `error_kind`). A
//! message is logged at debug level; a warning is logged when it takes more
//! than 80 % of its size limit, or longer than `serialization_timeout_us` (that
//! also counts `leyline.serialization.over_budget`; it is not a failure); a
//! failure is logged at error level (a rejection by the breaker at warn level).
//! Decoding failures count `leyline.deserialization.failures`. With no
//! `tracing` subscriber and no `metrics` recorder installed, all this costs a
//! few atomic loads and two clock readings per message: the metric keys of each
//! contract are built at compile time.

use core::fmt;
use std::time::Duration;

use crate::breaker::{BreakerConfig, CircuitBreaker, Clock, SystemClock};
use crate::traits::Contract;
use crate::validate::ValidationErrors;
use crate::wire::{key_len, varint_len, DecodeCtx, DecodeError, ProtoType, WireType};

// ---------------------------------------------------------------------------
// Configuration

/// The codec's configuration: the `message_contracts` block of the design.
///
/// ```yaml
/// message_contracts:
///   use_native_maps: true
///   packed_encoding: true
///   max_message_size: 280
///   serialization_timeout_us: 80
/// ```
///
/// The default is this block. Leyline always writes maps as native map fields
/// and repeated scalars packed (both proto3 defaults), so the two flags must be
/// `true`: `false` is refused rather than silently ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "yaml", derive(serde::Deserialize))]
#[cfg_attr(feature = "yaml", serde(default, deny_unknown_fields))]
pub struct CodecConfig {
    /// Maps are native `map<K, V>` fields (must be `true`).
    pub use_native_maps: bool,
    /// Repeated scalars are packed (must be `true`).
    pub packed_encoding: bool,
    /// The size limit in bytes for messages without their own `max_size`
    /// (1 to 1024).
    pub max_message_size: usize,
    /// The time budget of one serialization in microseconds (10 to 1000); a
    /// slower one is logged and counted, not failed.
    pub serialization_timeout_us: u64,
}

impl Default for CodecConfig {
    fn default() -> Self {
        CodecConfig {
            use_native_maps: true,
            packed_encoding: true,
            max_message_size: 280,
            serialization_timeout_us: 80,
        }
    }
}

/// A configuration that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// The YAML does not parse, or does not have the expected shape.
    Yaml(String),
    /// A value is out of its range.
    Invalid {
        /// The key, as written in YAML.
        key: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Yaml(e) => write!(f, "invalid message_contracts configuration: {e}"),
            ConfigError::Invalid { key, message } => {
                write!(f, "invalid message_contracts.{key}: {message}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

impl CodecConfig {
    /// The largest `max_message_size` allowed.
    pub const MAX_MESSAGE_SIZE: usize = 1024;
    /// The smallest `serialization_timeout_us` allowed.
    pub const MIN_TIMEOUT_US: u64 = 10;
    /// The largest `serialization_timeout_us` allowed.
    pub const MAX_TIMEOUT_US: u64 = 1000;

    /// Checks every value; reports the first out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key, message: String| Err(ConfigError::Invalid { key, message });
        if !self.use_native_maps {
            return invalid(
                "use_native_maps",
                "leyline always encodes maps as native map fields; only true is supported".into(),
            );
        }
        if !self.packed_encoding {
            return invalid(
                "packed_encoding",
                "leyline always packs repeated scalars (the proto3 default); only true is supported"
                    .into(),
            );
        }
        if self.max_message_size == 0 || self.max_message_size > Self::MAX_MESSAGE_SIZE {
            return invalid(
                "max_message_size",
                format!(
                    "{} is out of range: 1 to {} bytes",
                    self.max_message_size,
                    Self::MAX_MESSAGE_SIZE
                ),
            );
        }
        if !(Self::MIN_TIMEOUT_US..=Self::MAX_TIMEOUT_US).contains(&self.serialization_timeout_us) {
            return invalid(
                "serialization_timeout_us",
                format!(
                    "{} is out of range: {} to {} microseconds",
                    self.serialization_timeout_us,
                    Self::MIN_TIMEOUT_US,
                    Self::MAX_TIMEOUT_US
                ),
            );
        }
        Ok(())
    }

    /// The time budget of one serialization.
    pub fn serialization_timeout(&self) -> Duration {
        Duration::from_micros(self.serialization_timeout_us)
    }

    /// Reads the `message_contracts` block of a YAML document (other
    /// top-level keys are ignored; unknown keys inside the block are errors;
    /// missing keys take their defaults) and validates it.
    #[cfg(feature = "yaml")]
    pub fn from_yaml_str(yaml: &str) -> Result<CodecConfig, ConfigError> {
        #[derive(serde::Deserialize)]
        struct Document {
            message_contracts: Option<CodecConfig>,
        }
        let doc: Document =
            serde_norway::from_str(yaml).map_err(|e| ConfigError::Yaml(e.to_string()))?;
        let config = doc.message_contracts.ok_or_else(|| {
            ConfigError::Yaml("the document has no `message_contracts` block".into())
        })?;
        config.validate()?;
        Ok(config)
    }
}

// ---------------------------------------------------------------------------
// Errors

/// Why the guarded codec refused a message.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CodecError {
    /// The message breaks validation rules (all of them are listed).
    Validation(ValidationErrors),
    /// The message (or input) is larger than its limit; for a split message,
    /// `size` is the piece that cannot fit in one part.
    SizeOverflow {
        /// The size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The decoded message carries a contract version this build does not accept.
    VersionMismatch {
        /// The message type.
        message_type: &'static str,
        /// [`Versioned::CONTRACT_VERSION`] of this build.
        expected: u32,
        /// [`Versioned::version`] of the message.
        found: u32,
    },
    /// The input is not a valid encoding of the message.
    Decode(DecodeError),
    /// The breaker of this message type is open.
    CircuitOpen {
        /// The message type.
        message_type: &'static str,
        /// Time left until a trial request is let through.
        retry_in: Duration,
    },
}

impl CodecError {
    /// A short name for the kind of error, as used in the `error_kind` label:
    /// `validation`, `size_overflow`, `version_mismatch`, `decode`, `circuit_open`.
    pub fn kind(&self) -> &'static str {
        match self {
            CodecError::Validation(_) => "validation",
            CodecError::SizeOverflow { .. } => "size_overflow",
            CodecError::VersionMismatch { .. } => "version_mismatch",
            CodecError::Decode(_) => "decode",
            CodecError::CircuitOpen { .. } => "circuit_open",
        }
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodecError::Validation(e) => e.fmt(f),
            CodecError::SizeOverflow { size, limit } => {
                write!(f, "message of {size} bytes exceeds the limit of {limit} bytes")
            }
            CodecError::VersionMismatch {
                message_type,
                expected,
                found,
            } => write!(
                f,
                "{message_type} has contract version {found}; this build accepts version {expected}"
            ),
            CodecError::Decode(e) => e.fmt(f),
            CodecError::CircuitOpen {
                message_type,
                retry_in,
            } => write!(
                f,
                "circuit open for {message_type} after repeated serialization failures; retry in {retry_in:?}"
            ),
        }
    }
}

impl std::error::Error for CodecError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CodecError::Validation(e) => Some(e),
            CodecError::Decode(e) => Some(e),
            _ => None,
        }
    }
}

/// A contract that carries its version, checked by [`GuardedCodec::decode_versioned`].
///
/// Kept minimal on purpose: implement it by hand (or from a contracts module)
/// for messages with a version field.
///
/// ```
/// use leyline::codec::Versioned;
///
/// #[leyline::message(package = "esper.leyline.v1")]
/// pub struct Envelope {
///     #[leyline(field = 1)]
///     pub contract_version: u32,
/// }
///
/// impl Versioned for Envelope {
///     const CONTRACT_VERSION: u32 = 2;
///     fn version(&self) -> u32 {
///         self.contract_version
///     }
/// }
/// ```
pub trait Versioned {
    /// The version this build writes and reads.
    const CONTRACT_VERSION: u32;
    /// The version a message carries.
    fn version(&self) -> u32;
    /// Whether a message of version `found` is accepted (by default, only
    /// [`Versioned::CONTRACT_VERSION`] itself).
    fn accepts(found: u32) -> bool {
        found == Self::CONTRACT_VERSION
    }
}

// ---------------------------------------------------------------------------
// Parts of a split message

/// The parts of an encoded message, each within the size limit, in one
/// reusable buffer. Their concatenation is a valid encoding of the whole
/// message, which [`merge_parts`] (or decoding [`Parts::concatenated`])
/// gives back exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Parts {
    /// No parts.
    pub const fn new() -> Self {
        Parts {
            bytes: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Forgets the parts, keeping the memory.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }

    /// The number of parts.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no parts.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Part `i`.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.bytes.get(start..end)
    }

    /// The parts in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[u8]> + '_ {
        (0..self.ends.len()).map(move |i| self.get(i).unwrap_or(&[]))
    }

    /// All parts back to back: one encoding of the whole message.
    pub fn concatenated(&self) -> &[u8] {
        &self.bytes
    }

    /// The buffer the current part is written to.
    #[doc(hidden)]
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }

    /// Ends the current part.
    #[doc(hidden)]
    pub fn finish_part(&mut self) {
        self.ends.push(self.bytes.len());
    }

    fn current_len(&self) -> usize {
        self.bytes.len() - self.ends.last().copied().unwrap_or(0)
    }
}

/// Decodes the parts of a split message (in order) into one message: the same
/// as decoding their concatenation, by protobuf's merge semantics.
pub fn merge_parts<'a, M: Contract>(
    parts: impl IntoIterator<Item = &'a [u8]>,
) -> Result<M, DecodeError> {
    let mut msg = M::default();
    for part in parts {
        crate::__private::merge_message(&mut msg, part, DecodeCtx::default())?;
    }
    Ok(msg)
}

/// Writes `base` (the message without its split field) and the elements of
/// its split field `tag` as parts of at most `limit` bytes. The first part
/// holds every other field; the elements follow in order, as many per part as
/// fit (a packed field gets one packed run per part). Fails with the size of
/// a piece that cannot fit in a part of its own.
#[doc(hidden)]
pub fn split_repeated<M: Contract, C: ProtoType>(
    base: &M,
    tag: u32,
    elems: &[C::Value],
    limit: usize,
    parts: &mut Parts,
) -> Result<(), usize> {
    parts.clear();
    let base_len = prost::Message::encoded_len(base);
    if base_len > limit {
        return Err(base_len);
    }
    prost::Message::encode_raw(base, parts.buffer());
    let key = key_len(tag);
    let mut i = 0;
    while i < elems.len() {
        let used = parts.current_len();
        let start = i;
        if C::PACKED {
            let mut run = 0usize;
            while let Some(v) = elems.get(i) {
                let next = run + C::value_len(v);
                if used + key + varint_len(next as u64) + next > limit {
                    break;
                }
                run = next;
                i += 1;
            }
            if i > start {
                let buf = parts.buffer();
                crate::wire::encode_key(tag, WireType::LengthDelimited, buf);
                crate::wire::encode_varint(run as u64, buf);
                for v in &elems[start..i] {
                    C::encode_value(v, buf);
                }
            }
        } else {
            let mut total = used;
            while let Some(v) = elems.get(i) {
                let next = total + key + C::value_len(v);
                if next > limit {
                    break;
                }
                total = next;
                i += 1;
            }
            let buf = parts.buffer();
            for v in &elems[start..i] {
                crate::wire::encode_key(tag, C::WIRE_TYPE, buf);
                C::encode_value(v, buf);
            }
        }
        if i == start {
            if used == 0 {
                // Alone in a fresh part and still too big.
                let v = C::value_len(&elems[i]);
                let own = if C::PACKED {
                    key + varint_len(v as u64) + v
                } else {
                    key + v
                };
                return Err(own);
            }
            parts.finish_part();
            continue;
        }
        if i < elems.len() {
            parts.finish_part();
        }
    }
    parts.finish_part();
    Ok(())
}

// ---------------------------------------------------------------------------
// Metric keys

/// The labels of a message type's metrics, built at compile time by the macro.
#[doc(hidden)]
#[derive(Debug)]
pub struct MessageLabels([metrics::Label; 1]);

impl MessageLabels {
    /// `message_type = full_name`.
    pub const fn new(full_name: &'static str) -> Self {
        MessageLabels([metrics::Label::from_static_parts("message_type", full_name)])
    }
}

/// The metric keys of a message type, built at compile time by the macro, so
/// recording a metric allocates nothing.
#[doc(hidden)]
#[derive(Debug)]
pub struct MessageMetrics {
    name: &'static str,
    duration: metrics::Key,
    size: metrics::Key,
    over_budget: metrics::Key,
}

/// `leyline.serialization.duration_us`
pub const SERIALIZATION_DURATION_US: &str = "leyline.serialization.duration_us";
/// `leyline.message.size_bytes`
pub const MESSAGE_SIZE_BYTES: &str = "leyline.message.size_bytes";
/// `leyline.serialization.failures`
pub const SERIALIZATION_FAILURES: &str = "leyline.serialization.failures";
/// `leyline.serialization.over_budget`
pub const SERIALIZATION_OVER_BUDGET: &str = "leyline.serialization.over_budget";
/// `leyline.deserialization.failures`
pub const DESERIALIZATION_FAILURES: &str = "leyline.deserialization.failures";

impl MessageMetrics {
    /// The keys of message type `full_name`.
    pub const fn new(full_name: &'static str, labels: &'static MessageLabels) -> Self {
        MessageMetrics {
            name: full_name,
            duration: metrics::Key::from_static_parts(SERIALIZATION_DURATION_US, &labels.0),
            size: metrics::Key::from_static_parts(MESSAGE_SIZE_BYTES, &labels.0),
            over_budget: metrics::Key::from_static_parts(SERIALIZATION_OVER_BUDGET, &labels.0),
        }
    }
}

static METADATA: metrics::Metadata<'static> =
    metrics::Metadata::new("leyline::codec", metrics::Level::INFO, Some(module_path!()));

fn count_failure(metric: &'static str, message_type: &'static str, kind: &'static str) {
    metrics::counter!(metric, "message_type" => message_type, "error_kind" => kind).increment(1);
}

// ---------------------------------------------------------------------------
// The codec

/// Encodes and decodes contracts under validation, size limits, a circuit
/// breaker per message type and observability. Share one between threads.
#[derive(Debug)]
pub struct GuardedCodec<C: Clock = SystemClock> {
    config: CodecConfig,
    budget: Duration,
    breaker: CircuitBreaker<C>,
}

impl GuardedCodec<SystemClock> {
    /// A codec with this configuration (validated), the default breaker and the system clock.
    pub fn new(config: CodecConfig) -> Result<Self, ConfigError> {
        GuardedCodec::with_clock(config, BreakerConfig::default(), SystemClock)
    }
}

impl<C: Clock> GuardedCodec<C> {
    /// A codec with this configuration (validated), breaker settings and clock.
    pub fn with_clock(
        config: CodecConfig,
        breaker: BreakerConfig,
        clock: C,
    ) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(GuardedCodec {
            config,
            budget: config.serialization_timeout(),
            breaker: CircuitBreaker::new(breaker, clock),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &CodecConfig {
        &self.config
    }

    /// The circuit breakers.
    pub fn breaker(&self) -> &CircuitBreaker<C> {
        &self.breaker
    }

    /// The size limit of `M`: its `max_size` if set, else the configured `max_message_size`.
    #[inline]
    pub fn limit_for<M: Contract>(&self) -> usize {
        M::MAX_SIZE.unwrap_or(self.config.max_message_size)
    }

    /// Validates `msg` and encodes it into `buf` (cleared first, reused),
    /// within its size limit. Returns the encoded length.
    ///
    /// The message is written first and its length checked after: one walk
    /// of the message instead of two (computing the length walks it all). A
    /// message over the limit leaves `buf` empty.
    #[inline]
    pub fn encode<M: Contract>(&self, msg: &M, buf: &mut Vec<u8>) -> Result<usize, CodecError> {
        self.guarded(msg, |limit| {
            buf.clear();
            prost::Message::encode_raw(msg, buf);
            let len = buf.len();
            if len > limit {
                buf.clear();
                return Err(CodecError::SizeOverflow { size: len, limit });
            }
            Ok(len)
        })
    }

    /// Like [`GuardedCodec::encode`], but a message with a `split` field that
    /// is over its limit is cut into parts that each fit. Returns the number
    /// of parts (1 when the message fits whole).
    pub fn encode_parts<M: Contract>(
        &self,
        msg: &M,
        parts: &mut Parts,
    ) -> Result<usize, CodecError> {
        self.guarded(msg, |limit| {
            let len = prost::Message::encoded_len(msg);
            if len <= limit {
                parts.clear();
                parts.buffer().reserve(len);
                prost::Message::encode_raw(msg, parts.buffer());
                parts.finish_part();
                return Ok(len);
            }
            match msg.__split(limit, parts) {
                Some(Ok(())) => Ok(len),
                Some(Err(size)) => Err(CodecError::SizeOverflow { size, limit }),
                None => Err(CodecError::SizeOverflow { size: len, limit }),
            }
        })
        .map(|_| parts.len())
    }

    /// The guard around one serialization: breaker, span, validation, timing,
    /// metrics and logs; `write` writes within the limit it is given and
    /// returns the encoded length.
    #[inline]
    fn guarded<M: Contract>(
        &self,
        msg: &M,
        write: impl FnOnce(usize) -> Result<usize, CodecError>,
    ) -> Result<usize, CodecError> {
        let message_type = M::FULL_NAME;
        if let Err(rejected) = self.breaker.admit(message_type) {
            let err = CodecError::CircuitOpen {
                message_type,
                retry_in: rejected.retry_in,
            };
            count_failure(SERIALIZATION_FAILURES, message_type, err.kind());
            tracing::warn!(message_type, error_kind = err.kind(), "{err}");
            return Err(err);
        }
        let span = tracing::debug_span!(
            "leyline.serialize",
            message_type,
            size_bytes = tracing::field::Empty,
            duration_us = tracing::field::Empty,
        );
        let _entered = span.enter();
        let limit = self.limit_for::<M>();
        let start = self.breaker.clock().now();
        let result = match msg.validate() {
            Ok(()) => write(limit),
            Err(e) => Err(CodecError::Validation(e)),
        };
        let elapsed = self.breaker.clock().now().saturating_duration_since(start);
        match result {
            Ok(size) => {
                self.observe_success::<M>(size, limit, elapsed, &span);
                self.breaker.record_success(message_type);
                Ok(size)
            }
            Err(err) => {
                self.observe_failure(message_type, &err);
                self.breaker.record_failure(message_type);
                Err(err)
            }
        }
    }

    #[inline]
    fn observe_success<M: Contract>(
        &self,
        size: usize,
        limit: usize,
        elapsed: Duration,
        span: &tracing::Span,
    ) {
        let keys = M::__metrics();
        let duration_us = elapsed.as_secs_f64() * 1e6;
        let over_budget = elapsed > self.budget;
        metrics::with_recorder(|r| {
            r.register_histogram(&keys.duration, &METADATA)
                .record(duration_us);
            r.register_histogram(&keys.size, &METADATA)
                .record(size as f64);
            if over_budget {
                r.register_counter(&keys.over_budget, &METADATA)
                    .increment(1);
            }
        });
        if !span.is_disabled() {
            span.record("size_bytes", size);
            span.record("duration_us", duration_us);
        }
        let message_type = keys.name;
        tracing::debug!(message_type, size_bytes = size, duration_us, "serialized");
        if size.saturating_mul(5) > limit.saturating_mul(4) {
            tracing::warn!(
                message_type,
                size_bytes = size,
                limit_bytes = limit,
                "message takes more than 80% of its size limit"
            );
        }
        if over_budget {
            tracing::warn!(
                message_type,
                duration_us,
                budget_us = self.config.serialization_timeout_us,
                "serialization took longer than its time budget"
            );
        }
    }

    #[cold]
    fn observe_failure(&self, message_type: &'static str, err: &CodecError) {
        count_failure(SERIALIZATION_FAILURES, message_type, err.kind());
        tracing::error!(
            message_type,
            error_kind = err.kind(),
            "serialization failed: {err}"
        );
    }

    /// Decodes and validates a message, refusing input over the limit before
    /// parsing it.
    pub fn decode<M: Contract>(&self, bytes: &[u8]) -> Result<M, CodecError> {
        self.decode_checked(bytes, |_| Ok(()))
    }

    /// Decodes a message, checks its contract version, then validates it.
    pub fn decode_versioned<M: Contract + Versioned>(&self, bytes: &[u8]) -> Result<M, CodecError> {
        self.decode_checked(bytes, |msg: &M| {
            let found = msg.version();
            if M::accepts(found) {
                Ok(())
            } else {
                Err(CodecError::VersionMismatch {
                    message_type: M::FULL_NAME,
                    expected: M::CONTRACT_VERSION,
                    found,
                })
            }
        })
    }

    /// Decodes the parts of a split message (each within the limit) into one
    /// message and validates it.
    pub fn decode_parts<'a, M: Contract>(
        &self,
        parts: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<M, CodecError> {
        let limit = self.limit_for::<M>();
        let mut msg = M::default();
        let result = parts.into_iter().try_for_each(|part| {
            if part.len() > limit {
                return Err(CodecError::SizeOverflow {
                    size: part.len(),
                    limit,
                });
            }
            crate::__private::merge_message(&mut msg, part, DecodeCtx::default())
                .map_err(CodecError::Decode)
        });
        let result = result.and_then(|()| msg.validate().map_err(CodecError::Validation));
        self.observe_decode::<M>(result.map(|()| msg))
    }

    fn decode_checked<M: Contract>(
        &self,
        bytes: &[u8],
        version: impl FnOnce(&M) -> Result<(), CodecError>,
    ) -> Result<M, CodecError> {
        let limit = self.limit_for::<M>();
        let result = if bytes.len() > limit {
            Err(CodecError::SizeOverflow {
                size: bytes.len(),
                limit,
            })
        } else {
            M::decode_slice(bytes)
                .map_err(CodecError::Decode)
                .and_then(|msg| version(&msg).map(|()| msg))
                .and_then(|msg| msg.validate().map(|()| msg).map_err(CodecError::Validation))
        };
        self.observe_decode::<M>(result)
    }

    fn observe_decode<M: Contract>(&self, result: Result<M, CodecError>) -> Result<M, CodecError> {
        let message_type = M::FULL_NAME;
        match &result {
            Ok(_) => tracing::debug!(message_type, "deserialized"),
            Err(err) => {
                count_failure(DESERIALIZATION_FAILURES, message_type, err.kind());
                tracing::error!(
                    message_type,
                    error_kind = err.kind(),
                    "deserialization failed: {err}"
                );
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_design_block_is_the_default_and_valid() {
        let c = CodecConfig::default();
        assert_eq!(c.max_message_size, 280);
        assert_eq!(c.serialization_timeout_us, 80);
        assert!(c.validate().is_ok());
    }

    #[test]
    fn ranges_are_enforced() {
        let mut c = CodecConfig {
            max_message_size: 1025,
            ..CodecConfig::default()
        };
        assert!(matches!(
            c.validate(),
            Err(ConfigError::Invalid {
                key: "max_message_size",
                ..
            })
        ));
        c.max_message_size = 1024;
        assert!(c.validate().is_ok());
        for (t, ok) in [(9, false), (10, true), (1000, true), (1001, false)] {
            c.serialization_timeout_us = t;
            assert_eq!(c.validate().is_ok(), ok, "{t}");
        }
        c.serialization_timeout_us = 80;
        c.packed_encoding = false;
        assert!(c.validate().is_err());
    }

    #[cfg(feature = "yaml")]
    #[test]
    fn loads_the_design_block_from_yaml() {
        let yaml = "
other_subsystem:
  anything: 1
message_contracts:
  use_native_maps: true
  packed_encoding: true
  max_message_size: 280
  serialization_timeout_us: 80
";
        assert_eq!(
            CodecConfig::from_yaml_str(yaml).unwrap(),
            CodecConfig::default()
        );
        let partial = "message_contracts:\n  max_message_size: 512\n";
        assert_eq!(
            CodecConfig::from_yaml_str(partial)
                .unwrap()
                .max_message_size,
            512
        );
        let typo = "message_contracts:\n  max_mesage_size: 512\n";
        assert!(matches!(
            CodecConfig::from_yaml_str(typo),
            Err(ConfigError::Yaml(_))
        ));
        let too_big = "message_contracts:\n  max_message_size: 4096\n";
        assert!(matches!(
            CodecConfig::from_yaml_str(too_big),
            Err(ConfigError::Invalid { .. })
        ));
        assert!(CodecConfig::from_yaml_str("other: 1\n").is_err());
    }

    #[test]
    fn parts_index() {
        let mut p = Parts::new();
        p.buffer().extend_from_slice(b"abc");
        p.finish_part();
        p.buffer().extend_from_slice(b"de");
        p.finish_part();
        assert_eq!(p.len(), 2);
        assert_eq!(p.get(0), Some(&b"abc"[..]));
        assert_eq!(p.get(1), Some(&b"de"[..]));
        assert_eq!(p.iter().collect::<Vec<_>>(), [&b"abc"[..], &b"de"[..]]);
        assert_eq!(p.concatenated(), b"abcde");
    }
}
