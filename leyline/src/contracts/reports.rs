//! Field reports: what happened after an adaptation, sent back to the
//! controller so that it learns from the outcome.

use std::collections::HashMap;

/// How an adaptation turned out.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum FieldReportOutcome {
    /// Not set by the producer.
    Unspecified = 0,
    /// The adaptation improved the model.
    Success = 1,
    /// The adaptation made no measurable difference.
    Neutral = 2,
    /// The adaptation made the model worse.
    Regression = 3,
    /// The adaptation was stopped before it completed.
    Aborted = 4,
}

/// A corrective action taken (or recommended) after an adaptation.
#[crate::message(package = "esper.leyline.v1")]
pub struct MitigationAction {
    /// The kind of action ("rollback", "cull_seed", "reduce_lr", ...).
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 64))]
    pub action_type: String,
    /// Why the action was taken.
    /// At most 1024 characters.
    #[leyline(field = 2, validate(max_len = 1024))]
    pub rationale: String,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// The observed outcome of an adaptation command, sent to the controller after
/// an observation window.
#[crate::message(package = "esper.leyline.v1")]
pub struct FieldReport {
    /// Version of this contract the producer wrote (currently 1); consumers
    /// reject reports of another version.
    #[leyline(field = 1)]
    pub version: u32,
    /// Unique identifier of this report (a UUID).
    /// Must be a UUID.
    #[leyline(field = 2, validate(uuid))]
    pub report_id: String,
    /// The command whose outcome is reported.
    /// Must be a UUID (the command's `command_id`).
    #[leyline(field = 3, validate(uuid))]
    pub command_id: String,
    /// The training run the command applied to.
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 4, validate(not_empty, max_len = 64))]
    pub training_run_id: String,
    /// The seed the command applied to, if any.
    /// At most 64 characters.
    #[leyline(field = 5, validate(max_len = 64))]
    pub seed_id: String,
    /// The blueprint involved, if any.
    /// At most 64 characters.
    #[leyline(field = 6, validate(max_len = 64))]
    pub blueprint_id: String,
    /// How the adaptation turned out.
    #[leyline(field = 7, validate(defined_only))]
    pub outcome: FieldReportOutcome,
    /// Measurements over the observation window by name (accuracy delta, ...).
    /// At most 64 entries; names of 1 to 64 characters, finite values.
    #[leyline(
        field = 8,
        validate(max_pairs = 64, keys(min_len = 1, max_len = 64), values(finite))
    )]
    pub metrics: HashMap<String, f32>,
    /// Epochs the outcome was observed over.
    #[leyline(field = 9)]
    pub observation_window_epochs: u32,
    /// When the report was issued.
    /// Required.
    #[leyline(field = 10, validate(required))]
    pub issued_at: Option<crate::Timestamp>,
    /// Version of the controller policy that issued the command.
    /// At most 64 characters.
    #[leyline(field = 11, validate(max_len = 64))]
    pub tamiyo_policy_version: String,
    /// Corrective actions taken or recommended.
    /// At most 32 actions.
    #[leyline(field = 12, validate(max_items = 32))]
    pub follow_up_actions: Vec<MitigationAction>,
    /// Free-form notes for humans.
    /// At most 4096 characters.
    #[leyline(field = 13, validate(max_len = 4096))]
    pub notes: String,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}
