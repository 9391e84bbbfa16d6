//! The control plane: commands Tamiyo (the controller) sends to Tolaria and
//! Kasmina to adapt the network and the training.

use std::collections::HashMap;

/// The state of a circuit breaker guarding a subsystem.
#[crate::enumeration(package = "esper.leyline.v1", prefix = "CIRCUIT_STATE_")]
pub enum CircuitBreakerState {
    /// Not set by the producer.
    Unknown = 0,
    /// Calls flow normally.
    Closed = 1,
    /// Calls are refused after repeated failures.
    Open = 2,
    /// A limited number of trial calls decide whether to close again.
    HalfOpen = 3,
}

/// What an adaptation command asks for.
#[crate::enumeration(package = "esper.leyline.v1", prefix = "COMMAND_")]
pub enum CommandType {
    /// Not set by the producer.
    Unknown = 0,
    /// A seed lifecycle operation (payload `seed_operation`).
    Seed = 1,
    /// Roll training back to an earlier checkpoint (payload `rollback_payload`).
    Rollback = 2,
    /// Adjust optimizer hyperparameters (payload `optimizer_adjustment`).
    Optimizer = 3,
    /// Force a circuit breaker into a state (payload `circuit_breaker`).
    CircuitBreaker = 4,
    /// Pause adaptations for a while.
    Pause = 5,
    /// Emergency stop of all adaptations.
    Emergency = 6,
    /// Start a structural pruning cycle.
    StructuralPruning = 7,
}

/// A seed lifecycle operation.
#[crate::enumeration(package = "esper.leyline.v1", prefix = "SEED_OP_")]
pub enum SeedOperation {
    /// Not set by the producer.
    Unknown = 0,
    /// Create a new seed from a blueprint.
    Germinate = 1,
    /// Start training a germinated seed.
    StartTraining = 2,
    /// Start blending the seed into the host.
    StartGrafting = 3,
    /// Hold the blend and let the host settle.
    Stabilize = 4,
    /// Measure the seed's contribution.
    Evaluate = 5,
    /// Fine-tune seed and host together.
    FineTune = 6,
    /// Make the seed a permanent part of the host.
    Fossilize = 7,
    /// Remove the seed.
    Cull = 8,
    /// Stop the seed's lifecycle.
    Cancel = 9,
}

/// Payload of a seed command: the operation and its parameters.
#[crate::message(package = "esper.leyline.v1")]
pub struct CommandSeedOperation {
    /// The operation to perform on the target seed.
    #[leyline(field = 1, validate(defined_only))]
    pub operation: SeedOperation,
    /// The blueprint to germinate from (for `SEED_OP_GERMINATE`).
    /// At most 64 characters.
    #[leyline(field = 2, validate(max_len = 64))]
    pub blueprint_id: String,
    /// Numeric parameters of the operation by name (blend rate, ...).
    /// At most 32 entries; names of 1 to 64 characters, finite values.
    #[leyline(
        field = 3,
        validate(max_pairs = 32, keys(min_len = 1, max_len = 64), values(finite))
    )]
    pub parameters: HashMap<String, f32>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// Payload of an optimizer command: new hyperparameter values.
#[crate::message(package = "esper.leyline.v1")]
pub struct CommandOptimizerAdjustment {
    /// The optimizer to adjust.
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 64))]
    pub optimizer_id: String,
    /// New hyperparameter values by name ("lr", "weight_decay", ...).
    /// At most 32 entries; names of 1 to 64 characters, finite values.
    #[leyline(
        field = 2,
        validate(max_pairs = 32, keys(min_len = 1, max_len = 64), values(finite))
    )]
    pub hyperparameters: HashMap<String, f32>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// Payload of a circuit breaker command.
#[crate::message(package = "esper.leyline.v1")]
pub struct CommandCircuitBreaker {
    /// The state to put the breaker in.
    #[leyline(field = 1, validate(defined_only))]
    pub desired_state: CircuitBreakerState,
    /// Why the controller forces this state.
    /// At most 1024 characters.
    #[leyline(field = 2, validate(max_len = 1024))]
    pub rationale: String,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// The payload of an [`AdaptationCommand`], one per kind of command.
#[crate::oneof]
pub enum AdaptationPayload {
    /// A seed lifecycle operation.
    #[leyline(field = 10)]
    SeedOperation(CommandSeedOperation),
    /// An optimizer adjustment.
    #[leyline(field = 11)]
    OptimizerAdjustment(CommandOptimizerAdjustment),
    /// A circuit breaker state change.
    #[leyline(field = 12)]
    CircuitBreaker(CommandCircuitBreaker),
    /// Free-form rollback instructions (target checkpoint, scope, ...).
    #[leyline(field = 13)]
    RollbackPayload(crate::Struct),
}

/// A command from the controller (Tamiyo) to adapt the network or the training.
#[crate::message(package = "esper.leyline.v1")]
pub struct AdaptationCommand {
    /// Version of this contract the producer wrote (currently 1); consumers
    /// reject commands of another version.
    #[leyline(field = 1)]
    pub version: u32,
    /// Unique identifier of the command (a UUID); field reports refer to it.
    /// Must be a UUID.
    #[leyline(field = 2, validate(uuid))]
    pub command_id: String,
    /// What the command asks for; tells which payload to expect.
    #[leyline(field = 3, validate(defined_only))]
    pub command_type: CommandType,
    /// The seed the command applies to, if any.
    /// At most 64 characters.
    #[leyline(field = 4, validate(max_len = 64))]
    pub target_seed_id: String,
    /// Milliseconds the receiver has to execute the command; 0 for no deadline.
    #[leyline(field = 5)]
    pub execution_deadline_ms: u32,
    /// When the command was issued.
    /// Required.
    #[leyline(field = 6, validate(required))]
    pub issued_at: Option<crate::Timestamp>,
    /// The subsystem or policy that issued the command.
    /// Must not be empty; at most 32 characters.
    #[leyline(field = 7, validate(not_empty, max_len = 32))]
    pub issued_by: String,
    /// The command's payload. Not required: `COMMAND_PAUSE`,
    /// `COMMAND_EMERGENCY` and `COMMAND_STRUCTURAL_PRUNING` have none.
    #[leyline(oneof)]
    pub payload: Option<AdaptationPayload>,
    /// Free-form annotations (reasons, policy details) by name.
    /// At most 32 entries; keys of 1 to 64 characters, values of at most 256.
    #[leyline(
        field = 20,
        validate(max_pairs = 32, keys(min_len = 1, max_len = 64), values(max_len = 256))
    )]
    pub annotations: HashMap<String, String>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}
