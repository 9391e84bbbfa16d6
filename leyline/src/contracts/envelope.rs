//! The event envelope: any contract wrapped for the message bus, with
//! identity, timing, routing and delivery semantics.
//!
//! [`EventEnvelope::wrap`] (protobuf binary) and [`EventEnvelope::wrap_json`]
//! (canonical proto3 JSON) encode a contract into an envelope and record its
//! full proto name and content encoding; [`EventEnvelope::unpack`] checks
//! that name, then decodes by the envelope's `content_encoding`, so a consumer
//! never decodes one contract's bytes as another's, nor JSON as binary.

use core::fmt;
use std::time::SystemTime;

use crate::json::{self, JsonError, JsonMessage, JsonOptions};
use crate::{Contract, DecodeError};

/// The payload encodings an envelope can carry (its `content_encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ContentEncoding {
    /// `"protobuf"`: protobuf binary.
    Protobuf,
    /// `"json"`: canonical proto3 JSON (UTF-8), as [`crate::json`] writes it.
    Json,
}

impl ContentEncoding {
    /// The `content_encoding` text.
    pub const fn as_str(self) -> &'static str {
        match self {
            ContentEncoding::Protobuf => EventEnvelope::PROTOBUF_ENCODING,
            ContentEncoding::Json => EventEnvelope::JSON_ENCODING,
        }
    }

    /// The encoding a `content_encoding` names, if it is one Leyline reads.
    /// Exact and case-sensitive, as the field is written.
    pub fn from_name(name: &str) -> Option<ContentEncoding> {
        match name {
            EventEnvelope::PROTOBUF_ENCODING => Some(ContentEncoding::Protobuf),
            EventEnvelope::JSON_ENCODING => Some(ContentEncoding::Json),
            _ => None,
        }
    }
}

impl fmt::Display for ContentEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How urgently an event must be handled.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum MessagePriority {
    /// Not set by the producer; handled as normal.
    Unspecified = 0,
    /// Handle when there is spare capacity.
    Low = 1,
    /// Handle in order.
    Normal = 2,
    /// Handle before normal traffic.
    High = 3,
    /// Handle immediately.
    Critical = 4,
}

/// How often an event may be delivered.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum DeliveryGuarantee {
    /// Not set by the producer.
    Unknown = 0,
    /// Delivered one or more times; consumers deduplicate by event id.
    AtLeastOnce = 1,
    /// Delivered once or not at all.
    AtMostOnce = 2,
    /// Delivered exactly once.
    ExactlyOnce = 3,
}

/// Any contract wrapped for the message bus (Oona), with identity, timing,
/// routing and delivery semantics.
#[crate::message(package = "esper.leyline.v1")]
pub struct EventEnvelope {
    /// Unique identifier of the event (a UUID), for deduplication.
    /// Must be a UUID.
    #[leyline(field = 1, validate(uuid))]
    pub event_id: String,
    /// What kind of event this is, for routing ("training.state", ...).
    /// At most 128 characters.
    #[leyline(field = 2, validate(max_len = 128))]
    pub event_type: String,
    /// The subsystem that published the event.
    /// Must not be empty; at most 32 characters.
    #[leyline(field = 3, validate(not_empty, max_len = 32))]
    pub source_subsystem: String,
    /// When the event was created.
    /// Required.
    #[leyline(field = 4, validate(required))]
    pub created_at: Option<crate::Timestamp>,
    /// How long after creation the event should be processed (its SLO).
    #[leyline(field = 5)]
    pub processing_deadline: Option<crate::Duration>,
    /// How long after creation the event may be dropped unprocessed.
    #[leyline(field = 6)]
    pub ttl: Option<crate::Duration>,
    /// The encoded message.
    #[leyline(field = 10)]
    pub payload: Vec<u8>,
    /// The full proto name of the payload's message
    /// ("esper.leyline.v1.SystemStatePacket").
    /// At most 256 characters.
    #[leyline(field = 11, validate(max_len = 256))]
    pub payload_type: String,
    /// How the payload is encoded: "protobuf", "json", ...
    /// At most 32 characters.
    #[leyline(field = 12, validate(max_len = 32))]
    pub content_encoding: String,
    /// How urgently the event must be handled.
    #[leyline(field = 20, validate(defined_only))]
    pub priority: MessagePriority,
    /// Topics or queues the event is routed to.
    /// At most 16 keys of 1 to 256 characters.
    #[leyline(
        field = 21,
        validate(max_items = 16, items(min_len = 1, max_len = 256))
    )]
    pub routing_keys: Vec<String>,
    /// Identifier shared by related events (a request and its response).
    /// At most 64 characters.
    #[leyline(field = 22, validate(max_len = 64))]
    pub correlation_id: String,
    /// How often the event may be delivered.
    #[leyline(field = 30, validate(defined_only))]
    pub delivery_guarantee: DeliveryGuarantee,
    /// Most delivery attempts; 0 for the bus default.
    #[leyline(field = 31)]
    pub max_attempts: u32,
    /// This delivery's attempt number, from 1.
    #[leyline(field = 32)]
    pub current_attempt: u32,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

impl EventEnvelope {
    /// The `content_encoding` of a payload encoded as protobuf binary.
    pub const PROTOBUF_ENCODING: &'static str = "protobuf";
    /// The `content_encoding` of a payload encoded as proto3 JSON.
    pub const JSON_ENCODING: &'static str = "json";

    /// Wraps a contract: the payload is its encoding, `payload_type` its full
    /// proto name, `content_encoding` `"protobuf"`, `event_id` a new UUID (v4)
    /// and `created_at` the current time. Every other field keeps its default;
    /// set the ones you need (priority, routing keys, ...) on the result.
    pub fn wrap<T: Contract>(message: &T, source_subsystem: impl Into<String>) -> EventEnvelope {
        Self::with_payload::<T>(
            prost::Message::encode_to_vec(message),
            ContentEncoding::Protobuf,
            source_subsystem.into(),
        )
    }

    /// As [`wrap`](Self::wrap), with the payload in canonical proto3 JSON
    /// (default [`JsonOptions`]) and `content_encoding` `"json"`. Fails only
    /// where the message has no JSON form (a `Timestamp` outside years 1 to
    /// 9999, an `Any` of an unregistered type, ...).
    pub fn wrap_json<T: Contract + JsonMessage>(
        message: &T,
        source_subsystem: impl Into<String>,
    ) -> Result<EventEnvelope, JsonError> {
        Self::wrap_json_with(message, source_subsystem, &JsonOptions::default())
    }

    /// [`wrap_json`](Self::wrap_json), writing the JSON with `options`.
    pub fn wrap_json_with<T: Contract + JsonMessage>(
        message: &T,
        source_subsystem: impl Into<String>,
        options: &JsonOptions,
    ) -> Result<EventEnvelope, JsonError> {
        let payload = json::to_vec_with(message, options)?;
        Ok(Self::with_payload::<T>(
            payload,
            ContentEncoding::Json,
            source_subsystem.into(),
        ))
    }

    /// Wraps a contract in the given encoding.
    pub fn wrap_as<T: Contract + JsonMessage>(
        message: &T,
        source_subsystem: impl Into<String>,
        encoding: ContentEncoding,
    ) -> Result<EventEnvelope, JsonError> {
        match encoding {
            ContentEncoding::Protobuf => Ok(Self::wrap(message, source_subsystem)),
            ContentEncoding::Json => Self::wrap_json(message, source_subsystem),
        }
    }

    fn with_payload<T: Contract>(
        payload: Vec<u8>,
        encoding: ContentEncoding,
        source_subsystem: String,
    ) -> EventEnvelope {
        EventEnvelope {
            event_id: uuid::Uuid::new_v4().to_string(),
            source_subsystem,
            created_at: Some(crate::Timestamp::from(SystemTime::now())),
            payload,
            payload_type: T::FULL_NAME.to_owned(),
            content_encoding: encoding.as_str().to_owned(),
            ..EventEnvelope::default()
        }
    }

    /// The payload's encoding, if `content_encoding` names one Leyline reads.
    pub fn encoding(&self) -> Option<ContentEncoding> {
        ContentEncoding::from_name(&self.content_encoding)
    }

    /// Whether the payload is a `T` in an encoding [`unpack`](Self::unpack)
    /// reads (protobuf or JSON).
    pub fn holds<T: Contract>(&self) -> bool {
        self.payload_type == T::FULL_NAME && self.encoding().is_some()
    }

    /// Decodes the payload as a `T`, after checking that the envelope says it
    /// holds a `T`; by its `content_encoding`: `"protobuf"` as binary,
    /// `"json"` as proto3 JSON (default [`JsonOptions`]: an unknown field is
    /// an error, so nothing is dropped unseen). Any other encoding is
    /// [`EnvelopeError::UnsupportedEncoding`].
    pub fn unpack<T: Contract + JsonMessage>(&self) -> Result<T, EnvelopeError> {
        self.unpack_with(&JsonOptions::default())
    }

    /// [`unpack`](Self::unpack), reading a JSON payload with `options`
    /// (`ignore_unknown_fields`, a type registry for `Any`, ...).
    pub fn unpack_with<T: Contract + JsonMessage>(
        &self,
        options: &JsonOptions,
    ) -> Result<T, EnvelopeError> {
        if self.payload_type != T::FULL_NAME {
            return Err(EnvelopeError::PayloadTypeMismatch {
                expected: T::FULL_NAME,
                found: self.payload_type.clone(),
            });
        }
        match self.encoding() {
            Some(ContentEncoding::Protobuf) => {
                T::decode_slice(&self.payload).map_err(|source| EnvelopeError::Decode {
                    payload_type: T::FULL_NAME,
                    source,
                })
            }
            Some(ContentEncoding::Json) => json::from_slice_with::<T>(&self.payload, options)
                .map_err(|source| EnvelopeError::Json {
                    payload_type: T::FULL_NAME,
                    source,
                }),
            None => Err(EnvelopeError::UnsupportedEncoding {
                payload_type: T::FULL_NAME,
                found: self.content_encoding.clone(),
            }),
        }
    }
}

/// Why [`EventEnvelope::unpack`] failed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The envelope holds another contract than the one asked for.
    PayloadTypeMismatch {
        /// The full proto name asked for.
        expected: &'static str,
        /// The envelope's `payload_type`.
        found: String,
    },
    /// The envelope's `content_encoding` is neither `"protobuf"` nor `"json"`.
    UnsupportedEncoding {
        /// The full proto name asked for.
        payload_type: &'static str,
        /// The envelope's `content_encoding`.
        found: String,
    },
    /// The payload's bytes are not a valid encoding of the contract.
    Decode {
        /// The full proto name asked for.
        payload_type: &'static str,
        /// What went wrong.
        source: DecodeError,
    },
    /// The JSON payload is not a valid proto3 JSON form of the contract.
    Json {
        /// The full proto name asked for.
        payload_type: &'static str,
        /// What went wrong, with the JSON path.
        source: JsonError,
    },
}

impl fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnvelopeError::PayloadTypeMismatch { expected, found } if found.is_empty() => write!(
                f,
                "cannot unpack the envelope as {expected}: its payload_type is empty"
            ),
            EnvelopeError::PayloadTypeMismatch { expected, found } => write!(
                f,
                "cannot unpack the envelope as {expected}: it holds {found}"
            ),
            EnvelopeError::UnsupportedEncoding {
                payload_type,
                found,
            } => write!(
                f,
                "cannot unpack the envelope as {payload_type}: its content_encoding is {found:?}, expected \"{}\" or \"{}\"",
                EventEnvelope::PROTOBUF_ENCODING,
                EventEnvelope::JSON_ENCODING
            ),
            EnvelopeError::Decode {
                payload_type,
                source,
            } => write!(f, "cannot unpack the envelope as {payload_type}: {source}"),
            EnvelopeError::Json {
                payload_type,
                source,
            } => write!(
                f,
                "cannot unpack the envelope as {payload_type} from JSON: {source}"
            ),
        }
    }
}

impl std::error::Error for EnvelopeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EnvelopeError::Decode { source, .. } => Some(source),
            EnvelopeError::Json { source, .. } => Some(source),
            _ => None,
        }
    }
}
