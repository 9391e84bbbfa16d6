//! Observability: metrics, events, traces and health, streamed to Nissa.

use std::collections::HashMap;

/// The severity of telemetry.
///
/// The numbers are not in severity order: `TELEMETRY_LEVEL_DEBUG` came later and
/// took the next free number, 5, so that no existing number changed meaning.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum TelemetryLevel {
    /// Not set by the producer.
    Unspecified = 0,
    /// Normal operation.
    Info = 1,
    /// Something unexpected that does not stop operation.
    Warning = 2,
    /// An operation failed.
    Error = 3,
    /// The subsystem cannot continue without intervention.
    Critical = 4,
    /// Detail for debugging, below Info in severity.
    Debug = 5,
}

/// The overall health of a subsystem.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum HealthStatus {
    /// Not set by the producer, or not known.
    Unknown = 0,
    /// Everything works.
    Healthy = 1,
    /// Working, with reduced capacity or performance.
    Degraded = 2,
    /// Not working properly.
    Unhealthy = 3,
    /// Failing; needs immediate attention.
    Critical = 4,
}

/// One measurement.
#[crate::message(package = "esper.leyline.v1")]
pub struct MetricPoint {
    /// The metric's name ("tolaria.epoch.duration_ms", ...).
    /// Must not be empty; at most 128 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 128))]
    pub name: String,
    /// The measured value.
    /// Must be finite.
    #[leyline(field = 2, validate(finite))]
    pub value: f64,
    /// The unit of the value ("ms", "bytes", "percent", ...).
    /// At most 32 characters.
    #[leyline(field = 3, validate(max_len = 32))]
    pub unit: String,
    /// Dimensions of the measurement by name.
    /// At most 32 entries; keys of 1 to 64 characters, values of at most 256.
    #[leyline(
        field = 4,
        validate(max_pairs = 32, keys(min_len = 1, max_len = 64), values(max_len = 256))
    )]
    pub attributes: HashMap<String, String>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// Something that happened.
#[crate::message(package = "esper.leyline.v1")]
pub struct TelemetryEvent {
    /// Unique identifier of the event.
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 64))]
    pub event_id: String,
    /// What happened, for humans.
    /// At most 4096 characters.
    #[leyline(field = 2, validate(max_len = 4096))]
    pub description: String,
    /// How severe the event is.
    #[leyline(field = 3, validate(defined_only))]
    pub level: TelemetryLevel,
    /// Details by name.
    /// At most 32 entries; keys of 1 to 64 characters, values of at most 256.
    #[leyline(
        field = 4,
        validate(max_pairs = 32, keys(min_len = 1, max_len = 64), values(max_len = 256))
    )]
    pub attributes: HashMap<String, String>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// One timed operation of a trace.
#[crate::message(package = "esper.leyline.v1")]
pub struct TraceSpan {
    /// Identifier of the span.
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 64))]
    pub span_id: String,
    /// Identifier of the enclosing span; empty for a root span.
    /// At most 64 characters.
    #[leyline(field = 2, validate(max_len = 64))]
    pub parent_span_id: String,
    /// The operation's name.
    /// Must not be empty; at most 128 characters.
    #[leyline(field = 3, validate(not_empty, max_len = 128))]
    pub name: String,
    /// When the operation started.
    /// Required.
    #[leyline(field = 4, validate(required))]
    pub start_time: Option<crate::Timestamp>,
    /// When the operation ended.
    #[leyline(field = 5)]
    pub end_time: Option<crate::Timestamp>,
    /// Details by name.
    /// At most 32 entries; keys of 1 to 64 characters, values of at most 256.
    #[leyline(
        field = 6,
        validate(max_pairs = 32, keys(min_len = 1, max_len = 64), values(max_len = 256))
    )]
    pub attributes: HashMap<String, String>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// The health of the reporting subsystem.
#[crate::message(package = "esper.leyline.v1")]
pub struct SystemHealth {
    /// Overall status.
    #[leyline(field = 1, validate(defined_only))]
    pub status: HealthStatus,
    /// One-line summary for humans.
    /// At most 1024 characters.
    #[leyline(field = 2, validate(max_len = 1024))]
    pub summary: String,
    /// Health indicators by name ("gpu_memory": "ok", ...).
    /// At most 64 entries; keys of 1 to 64 characters, values of at most 256.
    #[leyline(
        field = 3,
        validate(max_pairs = 64, keys(min_len = 1, max_len = 64), values(max_len = 256))
    )]
    pub indicators: HashMap<String, String>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// A batch of telemetry from one subsystem: metrics, events, trace spans and
/// its health.
#[crate::message(package = "esper.leyline.v1")]
pub struct TelemetryPacket {
    /// Unique identifier of the packet.
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 64))]
    pub packet_id: String,
    /// When the packet was assembled.
    /// Required.
    #[leyline(field = 2, validate(required))]
    pub timestamp: Option<crate::Timestamp>,
    /// The subsystem that sent the packet.
    /// Must not be empty; at most 32 characters.
    #[leyline(field = 3, validate(not_empty, max_len = 32))]
    pub source_subsystem: String,
    /// The highest severity in the packet.
    #[leyline(field = 4, validate(defined_only))]
    pub level: TelemetryLevel,
    /// Measurements.
    /// At most 1024 points.
    #[leyline(field = 10, validate(max_items = 1024))]
    pub metrics: Vec<MetricPoint>,
    /// Events.
    /// At most 256 events.
    #[leyline(field = 20, validate(max_items = 256))]
    pub events: Vec<TelemetryEvent>,
    /// Trace spans.
    /// At most 256 spans.
    #[leyline(field = 30, validate(max_items = 256))]
    pub spans: Vec<TraceSpan>,
    /// The subsystem's health.
    #[leyline(field = 40)]
    pub system_health: Option<SystemHealth>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}
