//! The design's benchmark contracts declared with leyline: the same messages,
//! numbers and types as `proto/esper/bench/v1/contracts.proto` (the prost side).
//!
//! The real Esper contracts are written elsewhere with these shapes; once they
//! land, [`crate::fixtures`] can build them instead and this module goes away.
//! Maps are `HashMap`, as the contracts declare them.

use std::collections::HashMap;

/// Lifecycle stage of a seed.
#[leyline::enumeration(package = "esper.bench.v1", prefix = "SEED_STAGE_")]
pub enum SeedLifecycleStage {
    Unknown = 0,
    Dormant = 1,
    Germinated = 2,
    Training = 3,
    Grafting = 4,
    Stabilization = 5,
    Evaluating = 6,
    FineTuning = 7,
    Fossilized = 8,
    Culled = 9,
}

/// Hardware state embedded in a [`SystemStatePacket`].
#[leyline::message(package = "esper.bench.v1")]
pub struct HardwareContext {
    #[leyline(field = 1)]
    pub device_type: String,
    #[leyline(field = 2)]
    pub device_id: String,
    #[leyline(field = 3)]
    pub total_memory_gb: f32,
    #[leyline(field = 4)]
    pub available_memory_gb: f32,
    #[leyline(field = 5)]
    pub temperature_celsius: Option<f32>,
    #[leyline(field = 6)]
    pub utilization_percent: f32,
    #[leyline(field = 7)]
    pub compute_capability: u32,
}

/// One seed's state.
#[leyline::message(package = "esper.bench.v1")]
pub struct SeedState {
    #[leyline(field = 1)]
    pub seed_id: String,
    #[leyline(field = 2)]
    pub stage: SeedLifecycleStage,
    #[leyline(field = 3)]
    pub gradient_norm: f32,
    #[leyline(field = 4)]
    pub learning_rate: f32,
    #[leyline(field = 5)]
    pub layer_depth: u32,
    #[leyline(field = 6)]
    pub metrics: HashMap<String, f32>,
    #[leyline(field = 7)]
    pub age_epochs: u32,
    #[leyline(field = 8)]
    pub risk_score: f32,
}

/// Training state, published every epoch.
#[leyline::message(package = "esper.bench.v1", reserved(100..=199))]
pub struct SystemStatePacket {
    #[leyline(field = 1)]
    pub version: u32,
    #[leyline(field = 2)]
    pub current_epoch: u32,
    #[leyline(field = 3)]
    pub validation_accuracy: f32,
    #[leyline(field = 4)]
    pub validation_loss: f32,
    #[leyline(field = 5)]
    pub timestamp_ns: u64,
    #[leyline(field = 6)]
    pub hardware_context: Option<HardwareContext>,
    #[leyline(field = 7)]
    pub training_metrics: HashMap<String, f32>,
    #[leyline(field = 8)]
    pub seed_states: Vec<SeedState>,
    #[leyline(field = 9)]
    pub packet_id: String,
    #[leyline(field = 10)]
    pub global_step: u64,
    #[leyline(field = 11)]
    pub training_loss: f32,
    #[leyline(field = 12)]
    pub source_subsystem: String,
    #[leyline(field = 13)]
    pub training_run_id: String,
    #[leyline(field = 14)]
    pub experiment_name: String,
}

/// What an [`AdaptationCommand`] asks for.
#[leyline::enumeration(package = "esper.bench.v1")]
pub enum CommandType {
    Unspecified = 0,
    SeedOperation = 1,
    OptimizerAdjustment = 2,
    CircuitBreaker = 3,
    Rollback = 4,
}

/// An operation on a seed.
#[leyline::enumeration(package = "esper.bench.v1")]
pub enum SeedOperation {
    Unspecified = 0,
    Germinate = 1,
    StartTraining = 2,
    StartGrafting = 3,
    Stabilize = 4,
    Cull = 5,
}

/// Payload of a seed operation command.
#[leyline::message(package = "esper.bench.v1")]
pub struct CommandSeedOperation {
    #[leyline(field = 1)]
    pub operation: SeedOperation,
    #[leyline(field = 2)]
    pub blueprint_id: String,
    #[leyline(field = 3)]
    pub parameters: HashMap<String, f32>,
}

/// Payload of an optimizer adjustment command.
#[leyline::message(package = "esper.bench.v1")]
pub struct CommandOptimizerAdjustment {
    #[leyline(field = 1)]
    pub optimizer_type: String,
    #[leyline(field = 2)]
    pub parameters: HashMap<String, f32>,
}

/// Payload of a circuit breaker command.
#[leyline::message(package = "esper.bench.v1")]
pub struct CommandCircuitBreaker {
    #[leyline(field = 1)]
    pub action: String,
    #[leyline(field = 2)]
    pub reason: String,
}

/// The command's payload.
#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 10)]
    SeedOperation(CommandSeedOperation),
    #[leyline(field = 11)]
    OptimizerAdjustment(CommandOptimizerAdjustment),
    #[leyline(field = 12)]
    CircuitBreaker(CommandCircuitBreaker),
    #[leyline(field = 13)]
    RollbackPayload(leyline::Struct),
}

/// A control-plane command.
#[leyline::message(package = "esper.bench.v1")]
pub struct AdaptationCommand {
    #[leyline(field = 1)]
    pub version: u32,
    #[leyline(field = 2)]
    pub command_id: String,
    #[leyline(field = 3)]
    pub command_type: CommandType,
    #[leyline(field = 4)]
    pub target_seed_id: String,
    #[leyline(field = 5)]
    pub execution_deadline_ms: u32,
    #[leyline(field = 6)]
    pub issued_at: Option<leyline::Timestamp>,
    #[leyline(field = 7)]
    pub issued_by: String,
    #[leyline(oneof)]
    pub payload: Option<Payload>,
    #[leyline(field = 20)]
    pub annotations: HashMap<String, String>,
}

/// Delivery priority.
#[leyline::enumeration(package = "esper.bench.v1")]
pub enum MessagePriority {
    Unspecified = 0,
    Low = 1,
    Normal = 2,
    High = 3,
    Critical = 4,
}

/// Delivery semantics.
#[leyline::enumeration(package = "esper.bench.v1")]
pub enum DeliveryGuarantee {
    Unspecified = 0,
    AtMostOnce = 1,
    AtLeastOnce = 2,
    ExactlyOnce = 3,
}

/// The message bus wrapper.
#[leyline::message(package = "esper.bench.v1")]
pub struct EventEnvelope {
    #[leyline(field = 1)]
    pub event_id: String,
    #[leyline(field = 2)]
    pub event_type: String,
    #[leyline(field = 3)]
    pub source_subsystem: String,
    #[leyline(field = 4)]
    pub created_at: Option<leyline::Timestamp>,
    #[leyline(field = 5)]
    pub processing_deadline: Option<leyline::Duration>,
    #[leyline(field = 6)]
    pub ttl: Option<leyline::Duration>,
    #[leyline(field = 10)]
    pub payload: Vec<u8>,
    #[leyline(field = 11)]
    pub payload_type: String,
    #[leyline(field = 12)]
    pub content_encoding: String,
    #[leyline(field = 20)]
    pub priority: MessagePriority,
    #[leyline(field = 21)]
    pub routing_keys: Vec<String>,
    #[leyline(field = 22)]
    pub correlation_id: String,
    #[leyline(field = 30)]
    pub delivery_guarantee: DeliveryGuarantee,
    #[leyline(field = 31)]
    pub max_attempts: u32,
    #[leyline(field = 32)]
    pub current_attempt: u32,
}

/// Phase of structured pruning.
#[leyline::enumeration(package = "esper.bench.v1")]
pub enum PruningPhase {
    Unspecified = 0,
    DataCollection = 1,
    Analysis = 2,
    MaskGeneration = 3,
    Validation = 4,
}

/// Importance of every channel of one layer.
#[leyline::message(package = "esper.bench.v1")]
pub struct LayerImportance {
    #[leyline(field = 1)]
    pub layer_name: String,
    #[leyline(field = 2)]
    pub channel_importances: Vec<f32>,
    #[leyline(field = 3)]
    pub mean_importance: f32,
    #[leyline(field = 4)]
    pub std_importance: f32,
    #[leyline(field = 5)]
    pub parameter_count: u64,
}

/// Gradient importance statistics of a model.
#[leyline::message(package = "esper.bench.v1")]
pub struct ImportanceStatistics {
    #[leyline(field = 1)]
    pub layers: Vec<LayerImportance>,
    #[leyline(field = 2)]
    pub total_parameters: u64,
    #[leyline(field = 3)]
    pub collection_steps: u32,
    #[leyline(field = 4)]
    pub method: String,
}

/// How to prune.
#[leyline::message(package = "esper.bench.v1")]
pub struct PruningConfiguration {
    #[leyline(field = 1)]
    pub strategy: String,
    #[leyline(field = 2)]
    pub target_sparsity: f32,
    #[leyline(field = 3)]
    pub min_channels_per_layer: u32,
    #[leyline(field = 4)]
    pub max_layers_per_step: u32,
    #[leyline(field = 5)]
    pub protected_layers: Vec<String>,
}

/// A request to analyse a model for structured pruning.
#[leyline::message(package = "esper.bench.v1")]
pub struct StructuralPruningRequest {
    #[leyline(field = 1)]
    pub request_id: String,
    #[leyline(field = 2)]
    pub checkpoint_id: String,
    #[leyline(field = 3)]
    pub epoch: u32,
    #[leyline(field = 4)]
    pub phase: PruningPhase,
    #[leyline(field = 5)]
    pub importance_stats: Option<ImportanceStatistics>,
    #[leyline(field = 6)]
    pub config: Option<PruningConfiguration>,
    #[leyline(field = 7)]
    pub safety_constraints: HashMap<String, f32>,
    #[leyline(field = 10)]
    pub created_at: Option<leyline::Timestamp>,
    #[leyline(field = 11)]
    pub source_subsystem: String,
    #[leyline(field = 12)]
    pub timeout: Option<leyline::Duration>,
}
