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
    #[leyline(field = 1)]
    pub name: String,
    /// The measured value.
    #[leyline(field = 2)]
    pub value: f64,
    /// The unit of the value ("ms", "bytes", "percent", ...).
    #[leyline(field = 3)]
    pub unit: String,
    /// Dimensions of the measurement by name.
    #[leyline(field = 4)]
    pub attributes: HashMap<String, String>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// Something that happened.
#[crate::message(package = "esper.leyline.v1")]
pub struct TelemetryEvent {
    /// Unique identifier of the event.
    #[leyline(field = 1)]
    pub event_id: String,
    /// What happened, for humans.
    #[leyline(field = 2)]
    pub description: String,
    /// How severe the event is.
    #[leyline(field = 3)]
    pub level: TelemetryLevel,
    /// Details by name.
    #[leyline(field = 4)]
    pub attributes: HashMap<String, String>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// One timed operation of a trace.
#[crate::message(package = "esper.leyline.v1")]
pub struct TraceSpan {
    /// Identifier of the span.
    #[leyline(field = 1)]
    pub span_id: String,
    /// Identifier of the enclosing span; empty for a root span.
    #[leyline(field = 2)]
    pub parent_span_id: String,
    /// The operation's name.
    #[leyline(field = 3)]
    pub name: String,
    /// When the operation started.
    #[leyline(field = 4)]
    pub start_time: Option<crate::Timestamp>,
    /// When the operation ended.
    #[leyline(field = 5)]
    pub end_time: Option<crate::Timestamp>,
    /// Details by name.
    #[leyline(field = 6)]
    pub attributes: HashMap<String, String>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// The health of the reporting subsystem.
#[crate::message(package = "esper.leyline.v1")]
pub struct SystemHealth {
    /// Overall status.
    #[leyline(field = 1)]
    pub status: HealthStatus,
    /// One-line summary for humans.
    #[leyline(field = 2)]
    pub summary: String,
    /// Health indicators by name ("gpu_memory": "ok", ...).
    #[leyline(field = 3)]
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
    #[leyline(field = 1)]
    pub packet_id: String,
    /// When the packet was assembled.
    #[leyline(field = 2)]
    pub timestamp: Option<crate::Timestamp>,
    /// The subsystem that sent the packet.
    #[leyline(field = 3)]
    pub source_subsystem: String,
    /// The highest severity in the packet.
    #[leyline(field = 4)]
    pub level: TelemetryLevel,
    /// Measurements.
    #[leyline(field = 10)]
    pub metrics: Vec<MetricPoint>,
    /// Events.
    #[leyline(field = 20)]
    pub events: Vec<TelemetryEvent>,
    /// Trace spans.
    #[leyline(field = 30)]
    pub spans: Vec<TraceSpan>,
    /// The subsystem's health.
    #[leyline(field = 40)]
    pub system_health: Option<SystemHealth>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}
