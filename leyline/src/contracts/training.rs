//! Training state: what Tolaria publishes at every epoch boundary and what
//! Tamiyo and Kasmina read to decide on adaptations.

use std::collections::HashMap;

/// Where a seed (a candidate module grown into the host network) is in its life.
///
/// Seeds move forward through germination, training, grafting, stabilization
/// and evaluation, then end fossilized (kept), culled or cancelled.
#[crate::enumeration(package = "esper.leyline.v1", prefix = "SEED_STAGE_")]
pub enum SeedLifecycleStage {
    /// Not set by the producer; never a real stage.
    Unknown = 0,
    /// The seed's module is being created and attached, isolated from the host.
    Germinating = 1,
    /// The seed trains on the host's activations without affecting its output.
    Training = 2,
    /// The seed's output is blended into the host, its weight ramping up.
    Grafting = 3,
    /// The seed is fully blended; the host settles before evaluation.
    Stabilizing = 4,
    /// The seed's contribution is being measured against the host without it.
    Evaluating = 5,
    /// The seed and the host are fine-tuned together.
    FineTuning = 6,
    /// The seed became a permanent part of the host (terminal).
    Fossilized = 7,
    /// The seed is being removed because it did not help.
    Culling = 8,
    /// The seed was stopped before completing its lifecycle (terminal).
    Cancelled = 9,
}

/// The device a training process runs on, and how loaded it is.
#[crate::message(package = "esper.leyline.v1")]
pub struct HardwareContext {
    /// The kind of device: "cuda", "cpu" or "tpu".
    /// Must not be empty; at most 32 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 32))]
    pub device_type: String,
    /// The device's identifier (for example "cuda:0").
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 2, validate(not_empty, max_len = 64))]
    pub device_id: String,
    /// Total device memory, in GiB.
    /// Must be positive and finite.
    #[leyline(field = 3, validate(gt = 0.0, finite))]
    pub total_memory_gb: f32,
    /// Device memory still free, in GiB.
    /// Must be non-negative and finite.
    #[leyline(field = 4, validate(gte = 0.0, finite))]
    pub available_memory_gb: f32,
    /// Device temperature in degrees Celsius; absent when the device does not
    /// report one.
    /// When present, from -40 to 150.
    #[leyline(field = 5, validate(gte = -40.0, lte = 150.0, finite))]
    pub temperature_celsius: Option<f32>,
    /// Device utilization, in percent (0 to 100).
    #[leyline(field = 6, validate(gte = 0.0, lte = 100.0, finite))]
    pub utilization_percent: f32,
    /// CUDA compute capability times ten (86 for 8.6); 0 for other devices.
    #[leyline(field = 7)]
    pub compute_capability: u32,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// The state of one seed at an epoch boundary.
#[crate::message(package = "esper.leyline.v1")]
pub struct SeedState {
    /// The seed's unique identifier.
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 64))]
    pub seed_id: String,
    /// Where the seed is in its lifecycle.
    #[leyline(field = 2, validate(defined_only))]
    pub stage: SeedLifecycleStage,
    /// L2 norm of the seed's gradients over the last epoch.
    /// Must be non-negative and finite.
    #[leyline(field = 3, validate(gte = 0.0, finite))]
    pub gradient_norm: f32,
    /// The seed's current learning rate.
    /// From 0 to 10, finite.
    #[leyline(field = 4, validate(gte = 0.0, lte = 10.0, finite))]
    pub learning_rate: f32,
    /// Depth of the host layer the seed is attached to (0 = input side).
    #[leyline(field = 5)]
    pub layer_depth: u32,
    /// Seed-specific metrics by name.
    /// At most 32 entries; names of 1 to 64 characters, finite values.
    #[leyline(
        field = 6,
        validate(max_pairs = 32, keys(min_len = 1, max_len = 64), values(finite))
    )]
    pub metrics: HashMap<String, f32>,
    /// Epochs since the seed was germinated.
    #[leyline(field = 7)]
    pub age_epochs: u32,
    /// Current risk assessment, from 0 (safe) to 1 (dangerous).
    #[leyline(field = 8, validate(gte = 0.0, lte = 1.0, finite))]
    pub risk_score: f32,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// The training state Tolaria publishes at every epoch boundary: progress,
/// validation results, hardware context and the state of every active seed.
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct SystemStatePacket {
    /// Version of this contract the producer wrote (currently 1); consumers
    /// reject packets of another version.
    #[leyline(field = 1)]
    pub version: u32,
    /// The epoch that just ended.
    #[leyline(field = 2)]
    pub current_epoch: u32,
    /// Validation accuracy at the end of the epoch (0 to 1).
    #[leyline(field = 3, validate(gte = 0.0, lte = 1.0, finite))]
    pub validation_accuracy: f32,
    /// Validation loss at the end of the epoch.
    /// Must be non-negative and finite.
    #[leyline(field = 4, validate(gte = 0.0, finite))]
    pub validation_loss: f32,
    /// When the packet was assembled, in nanoseconds since the Unix epoch.
    #[leyline(field = 5)]
    pub timestamp_ns: u64,
    /// The device the training runs on.
    /// Required.
    #[leyline(field = 6, validate(required))]
    pub hardware_context: Option<HardwareContext>,
    /// Training metrics by name (throughput, gradient statistics, ...).
    /// At most 64 entries; names of 1 to 64 characters, finite values.
    #[leyline(
        field = 7,
        validate(max_pairs = 64, keys(min_len = 1, max_len = 64), values(finite))
    )]
    pub training_metrics: HashMap<String, f32>,
    /// The state of every active seed.
    /// At most 256 seeds; an oversized packet is split along this field (see `GuardedCodec::encode_parts`).
    #[leyline(field = 8, split, validate(max_items = 256))]
    pub seed_states: Vec<SeedState>,
    /// Unique identifier of this packet (a UUID), for correlation.
    /// Must be a UUID.
    #[leyline(field = 9, validate(uuid))]
    pub packet_id: String,
    /// Optimizer steps taken since the start of the run.
    #[leyline(field = 10)]
    pub global_step: u64,
    /// Training loss over the epoch.
    /// Must be non-negative and finite.
    #[leyline(field = 11, validate(gte = 0.0, finite))]
    pub training_loss: f32,
    /// The subsystem that assembled the packet (normally "tolaria").
    /// Must not be empty; at most 32 characters.
    #[leyline(field = 12, validate(not_empty, max_len = 32))]
    pub source_subsystem: String,
    /// Unique identifier of the training run.
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 13, validate(not_empty, max_len = 64))]
    pub training_run_id: String,
    /// Human-readable name of the experiment the run belongs to.
    /// At most 128 characters.
    #[leyline(field = 14, validate(max_len = 128))]
    pub experiment_name: String,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}
