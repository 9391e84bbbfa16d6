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
//! before any parsing; then the bytes are decoded (within the configured
//! `max_decode_memory`, see [`crate::wire::DecodeLimits`]), the contract version checked
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
//!
//! **Shared between threads: what the hot path locks.** A `GuardedCodec` is
//! `Sync`; one instance serves any number of threads. On the way through
//! [`GuardedCodec::encode`] and [`GuardedCodec::decode`] it takes:
//!
//! - *no lock of its own while every breaker is closed without failures*:
//!   [`CircuitBreaker::admit`] and [`CircuitBreaker::record_success`] read one
//!   atomic counter (`dirty`, the number of message types whose breaker is not
//!   clean) and return;
//! - *the breaker's one mutex* (`CircuitBreaker`'s map of states, all message
//!   types together) in three cases: every failed encode
//!   ([`CircuitBreaker::record_failure`]); and, while *any* message type's
//!   breaker has failures or is open, the admission and the success record of
//!   every encode, of every type. The lock is held for a map lookup and an
//!   update (plus a clock reading when a breaker opens or its period is
//!   checked), never while a message is validated, encoded or logged, and no
//!   other lock is taken under it (the clock's reading aside, which for the
//!   clocks here takes none), so it cannot deadlock.
//!   [`CircuitBreaker::state`] takes it too;
//! - *nothing while decoding*: decoding never consults the breaker, and its
//!   memory budget ([`MemoryBudget`]) lives on the decoding thread's stack;
//!   the configured limits are copied out of the codec;
//! - *whatever the installed recorder and subscriber take*: metrics go through
//!   the `metrics` global recorder (keys built at compile time, so with no
//!   recorder it is an atomic load), spans and events through `tracing`'s
//!   dispatcher (a few atomic loads when nothing listens). An exporter's own
//!   registry lock, or a subscriber writing to stdout, is that crate's.
//! - the [`Clock`]: [`SystemClock`] reads `Instant::now()`; the test clock
//!   [`breaker::ManualClock`] is a pair of atomics.
//!
//! The sealed paths add the seal's replay guard, a mutex of its own held for
//! one check-and-record per opened frame, expired entries dropped under it
//! (see [`crate::seal`]).
//!
//! `leyline/tests/codec_load.rs` runs one codec under 8 threads, its breakers
//! tripping and recovering throughout, and checks every outcome and metric
//! count; `leyline/benches/codec_load.rs` measures encode on 1 and 8 threads,
//! with every breaker clean and with one breaker open (the locked path).
//!
//! **Sealed envelopes**: [`GuardedCodec::encode_sealed`] and
//! [`GuardedCodec::decode_sealed`] seal an EventEnvelope on the way out and
//! open it on the way in; they live with the seal, a layer above (see
//! [`crate::seal`]), and count every refused frame in
//! `leyline.envelope.rejected`.

mod config;
mod error;
mod observe;
mod parts;
mod versioned;

pub mod breaker;

use std::time::Duration;

use breaker::{BreakerConfig, CircuitBreaker, Clock, SystemClock};
pub use config::{CodecConfig, ConfigError};
pub use error::CodecError;
use observe::{count_failure, Keys, METADATA};
pub use observe::{
    DESERIALIZATION_FAILURES, MESSAGE_SIZE_BYTES, SERIALIZATION_DURATION_US,
    SERIALIZATION_FAILURES, SERIALIZATION_OVER_BUDGET,
};
pub use parts::{merge_parts, Parts};
pub use versioned::Versioned;

use crate::contract::{merge_message, Contract};
use crate::wire::{DecodeCtx, MemoryBudget, DEFAULT_RECURSION_LIMIT};

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
            breaker: CircuitBreaker::try_new(breaker, clock)?,
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
            match msg.__split_field() {
                Some(split) => match parts::split_parts(&split, limit, parts) {
                    Ok(()) => Ok(len),
                    Err(size) => Err(CodecError::SizeOverflow { size, limit }),
                },
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
        let duration_us = elapsed.as_secs_f64() * 1e6;
        let over_budget = elapsed > self.budget;
        ::metrics::with_recorder(|r| {
            r.register_histogram(&Keys::<M>::DURATION, &METADATA)
                .record(duration_us);
            r.register_histogram(&Keys::<M>::SIZE, &METADATA)
                .record(size as f64);
            if over_budget {
                r.register_counter(&Keys::<M>::OVER_BUDGET, &METADATA)
                    .increment(1);
            }
        });
        if !span.is_disabled() {
            span.record("size_bytes", size);
            span.record("duration_us", duration_us);
        }
        let message_type = M::FULL_NAME;
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
        // The parts are one decode: they share one memory budget.
        let memory = MemoryBudget::new(self.config.max_decode_memory);
        let ctx = DecodeCtx::new(DEFAULT_RECURSION_LIMIT, &memory);
        let result = parts.into_iter().try_for_each(|part| {
            if part.len() > limit {
                return Err(CodecError::SizeOverflow {
                    size: part.len(),
                    limit,
                });
            }
            merge_message(&mut msg, part, ctx).map_err(CodecError::Decode)
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
            M::decode_slice_with_limits(bytes, self.config.decode_limits())
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
