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
    #[leyline(field = 1)]
    pub action_type: String,
    /// Why the action was taken.
    #[leyline(field = 2)]
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
    #[leyline(field = 2)]
    pub report_id: String,
    /// The command whose outcome is reported.
    #[leyline(field = 3)]
    pub command_id: String,
    /// The training run the command applied to.
    #[leyline(field = 4)]
    pub training_run_id: String,
    /// The seed the command applied to, if any.
    #[leyline(field = 5)]
    pub seed_id: String,
    /// The blueprint involved, if any.
    #[leyline(field = 6)]
    pub blueprint_id: String,
    /// How the adaptation turned out.
    #[leyline(field = 7)]
    pub outcome: FieldReportOutcome,
    /// Measurements over the observation window by name (accuracy delta, ...).
    #[leyline(field = 8)]
    pub metrics: HashMap<String, f32>,
    /// Epochs the outcome was observed over.
    #[leyline(field = 9)]
    pub observation_window_epochs: u32,
    /// When the report was issued.
    #[leyline(field = 10)]
    pub issued_at: Option<crate::Timestamp>,
    /// Version of the controller policy that issued the command.
    #[leyline(field = 11)]
    pub tamiyo_policy_version: String,
    /// Corrective actions taken or recommended.
    #[leyline(field = 12)]
    pub follow_up_actions: Vec<MitigationAction>,
    /// Free-form notes for humans.
    #[leyline(field = 13)]
    pub notes: String,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}
