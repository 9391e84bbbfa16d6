//! Budgets and limits every subsystem works within: latency, memory and size.

/// Latency budgets of the platform's operations.
#[crate::message(package = "esper.leyline.v1")]
pub struct PerformanceBudgets {
    /// Time allowed for all work at an epoch boundary, in milliseconds.
    #[leyline(field = 1)]
    pub epoch_boundary_ms: u32,
    /// Time allowed for one controller (Tamiyo) inference, in milliseconds.
    #[leyline(field = 2)]
    pub tamiyo_inference_ms: u32,
    /// Time allowed to assemble a SystemStatePacket, in milliseconds.
    #[leyline(field = 3)]
    pub systemstate_assembly_ms: u32,
    /// Time allowed to process an AdaptationCommand, in milliseconds.
    #[leyline(field = 4)]
    pub adaptation_processing_ms: u32,
    /// Time allowed for a fast (in-memory) rollback, in milliseconds.
    #[leyline(field = 5)]
    pub fast_rollback_ms: u32,
    /// Time allowed for a full rollback from a checkpoint, in seconds.
    #[leyline(field = 6)]
    pub full_rollback_seconds: u32,
    /// Time allowed to serialize one message, in microseconds.
    #[leyline(field = 7)]
    pub protobuf_serialization_us: u32,
    /// Time allowed to validate one message, in microseconds.
    #[leyline(field = 8)]
    pub message_validation_us: u32,
    /// Time after which a call counts as failed for a circuit breaker, in
    /// milliseconds.
    #[leyline(field = 9)]
    pub breaker_timeout_ms: u32,
    /// Time an open circuit breaker waits before trying again, in seconds.
    #[leyline(field = 10)]
    pub breaker_reset_seconds: u32,
    /// Training overhead allowed for importance tracking, in percent.
    /// At most 100.
    #[leyline(field = 11, validate(lte = 100))]
    pub importance_tracking_overhead_percent: u32,
    /// Shortest expected checkpoint analysis for pruning, in minutes.
    #[leyline(field = 12)]
    pub checkpoint_analysis_minutes_min: u32,
    /// Longest allowed checkpoint analysis for pruning, in minutes.
    #[leyline(field = 13)]
    pub checkpoint_analysis_minutes_max: u32,
    /// Time allowed for structural validation of a pruning, in seconds.
    #[leyline(field = 14)]
    pub structured_validation_seconds: u32,
    /// Time allowed to coordinate a rollback across subsystems, in seconds.
    #[leyline(field = 15)]
    pub rollback_coordination_seconds: u32,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// How device memory is shared out, in percent of the total.
#[crate::message(package = "esper.leyline.v1")]
pub struct MemoryBudgets {
    /// Share for model weights.
    /// From 0 to 100, finite.
    #[leyline(field = 1, validate(gte = 0.0, lte = 100.0, finite))]
    pub model_percent: f32,
    /// Share for optimizer state.
    /// From 0 to 100, finite.
    #[leyline(field = 2, validate(gte = 0.0, lte = 100.0, finite))]
    pub optimizer_percent: f32,
    /// Share for gradients.
    /// From 0 to 100, finite.
    #[leyline(field = 3, validate(gte = 0.0, lte = 100.0, finite))]
    pub gradients_percent: f32,
    /// Share for in-memory checkpoints.
    /// From 0 to 100, finite.
    #[leyline(field = 4, validate(gte = 0.0, lte = 100.0, finite))]
    pub checkpoints_percent: f32,
    /// Share for telemetry buffers.
    /// From 0 to 100, finite.
    #[leyline(field = 5, validate(gte = 0.0, lte = 100.0, finite))]
    pub telemetry_percent: f32,
    /// Share for seeds and other morphogenetic machinery.
    /// From 0 to 100, finite.
    #[leyline(field = 6, validate(gte = 0.0, lte = 100.0, finite))]
    pub morphogenetic_percent: f32,
    /// Share kept free for emergencies.
    /// From 0 to 100, finite.
    #[leyline(field = 7, validate(gte = 0.0, lte = 100.0, finite))]
    pub emergency_percent: f32,
    /// Share for importance statistics collected for pruning.
    /// From 0 to 100, finite.
    #[leyline(field = 8, validate(gte = 0.0, lte = 100.0, finite))]
    pub importance_statistics_percent: f32,
    /// Share for pruning masks and metadata.
    /// From 0 to 100, finite.
    #[leyline(field = 9, validate(gte = 0.0, lte = 100.0, finite))]
    pub pruning_metadata_percent: f32,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// Hard limits of the platform.
#[crate::message(package = "esper.leyline.v1")]
pub struct SystemLimits {
    /// Most seeds germinated in one epoch.
    #[leyline(field = 1)]
    pub max_seeds_per_epoch: u32,
    /// Largest encoded message, in bytes.
    #[leyline(field = 2)]
    pub max_message_size_bytes: u32,
    /// Most messages waiting in one queue.
    #[leyline(field = 3)]
    pub max_queue_depth: u32,
    /// Most delivery or execution attempts.
    #[leyline(field = 4)]
    pub max_retry_attempts: u32,
    /// Most pauses the controller may request per run.
    #[leyline(field = 5)]
    pub max_pause_quota: u32,
    /// Most heap allocations allowed to process one message.
    #[leyline(field = 6)]
    pub max_gc_allocations_per_msg: u32,
    /// Largest share of a layer's units one pruning may remove, in percent.
    /// At most 100.
    #[leyline(field = 7, validate(lte = 100))]
    pub max_pruning_ratio_percent: u32,
    /// Failed prunings in a row after which pruning stops.
    #[leyline(field = 8)]
    pub max_consecutive_pruning_failures: u32,
    /// Most checkpoint storage, in GiB.
    #[leyline(field = 9)]
    pub max_checkpoint_storage_gb: u32,
    /// Days of importance history kept.
    #[leyline(field = 10)]
    pub max_importance_history_days: u32,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}
