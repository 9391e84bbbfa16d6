//! The Esper Leyline contracts: every message exchanged between the Esper
//! subsystems, in proto package `esper.leyline.v1`.
//!
//! The wire format (numbers, names, types) matches the Python implementation
//! exactly; `tests/proto/esper/leyline/v1/python_contracts.proto` states it
//! independently and the wire tests hold the two together.
//!
//! | module | contracts |
//! |---|---|
//! | training | [`SystemStatePacket`], [`SeedState`], [`HardwareContext`], [`SeedLifecycleStage`] |
//! | control | [`AdaptationCommand`] and its payloads, [`CommandType`], [`SeedOperation`], [`CircuitBreakerState`] |
//! | reports | [`FieldReport`], [`MitigationAction`], [`FieldReportOutcome`] |
//! | blueprint | [`BlueprintDescriptor`], [`BlueprintParameterBounds`], [`BlueprintTier`] |
//! | bus | [`BusEnvelope`], [`PolicyUpdate`], [`BusMessageType`] |
//! | envelope | [`EventEnvelope`] with [`EventEnvelope::wrap`], [`EventEnvelope::wrap_json`] and [`EventEnvelope::unpack`] (by [`ContentEncoding`]), [`MessagePriority`], [`DeliveryGuarantee`] |
//! | telemetry | [`TelemetryPacket`], [`MetricPoint`], [`TelemetryEvent`], [`TraceSpan`], [`SystemHealth`], [`TelemetryLevel`], [`HealthStatus`] |
//! | budgets | [`PerformanceBudgets`], [`MemoryBudgets`], [`SystemLimits`] |
//! | pruning | [`StructuralPruningRequest`], [`StructuralPruningResponse`] and their parts |
//! | checkpoint | [`CheckpointMetadata`], [`CheckpointFormat`], [`CheckpointKind`] |
//! | seal | [`SealedFrame`]: an envelope's bytes with their HMAC-SHA256 tag (see [`crate::seal`]) |
//!
//! Every message keeps unknown fields, so a relay built against an older
//! version passes newer fields on unchanged. Contracts with a `version` field
//! implement [`Versioned`]; decode them with [`decode_versioned`] to reject a
//! version this build does not know. [`all_messages`] and [`decode_debug`] give
//! tools the contracts by name; [`fixtures`] holds the benchmark messages.
//!
//! ```
//! use leyline::contracts::{EventEnvelope, SystemStatePacket, Versioned};
//!
//! let packet = SystemStatePacket { current_epoch: 3, ..SystemStatePacket::current() };
//! let envelope = EventEnvelope::wrap(&packet, "tolaria");
//! assert_eq!(envelope.payload_type, "esper.leyline.v1.SystemStatePacket");
//! let received: SystemStatePacket = envelope.unpack()?;
//! assert_eq!(received, packet);
//! # Ok::<(), leyline::contracts::EnvelopeError>(())
//! ```

mod blueprint;
mod budgets;
mod bus;
mod checkpoint;
mod control;
mod envelope;
pub mod fixtures;
mod pruning;
mod registry;
mod reports;
mod seal;
mod telemetry;
mod training;
mod versioning;

pub use blueprint::*;
pub use budgets::*;
pub use bus::*;
pub use checkpoint::*;
pub use control::*;
pub use envelope::*;
pub use pruning::*;
pub use registry::{
    all_enums, all_messages, decode_debug, exporter, message_schema, DecodeDebugError,
};
pub use reports::*;
pub use seal::*;
pub use telemetry::*;
pub use training::*;
pub use versioning::{decode_versioned, Versioned, VersionedDecodeError};
