//! The contracts of a training service that is not Esper: what a crate of
//! your own looks like. `src/bin/contracts.rs` gives them the leyline command
//! line (`cargo run --bin contracts -- export --out proto-out`).

use std::collections::HashMap;

/// Where a run is.
#[leyline::enumeration(package = "acme.runs.v1", prefix = "PHASE_")]
pub enum Phase {
    /// Not reported.
    Unspecified = 0,
    /// Learning rate still ramping up.
    Warmup = 1,
    /// Training.
    Training = 2,
    /// Evaluating on held-out data.
    Evaluation = 3,
}

/// One optimizer step, as the trainer reports it.
#[leyline::message(package = "acme.runs.v1")]
pub struct StepReport {
    /// Step number, from 1.
    #[leyline(field = 1)]
    pub step: u64,
    /// Phase of the run at this step.
    #[leyline(field = 2)]
    pub phase: Phase,
    /// Training loss.
    #[leyline(field = 3)]
    pub loss: f32,
    /// Other metrics by name.
    #[leyline(field = 4)]
    pub metrics: HashMap<String, f64>,
    /// When the step ended.
    #[leyline(field = 5)]
    pub finished_at: Option<leyline::Timestamp>,
    /// Fields of newer trainers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: leyline::UnknownFields,
}

/// How a run ended.
#[leyline::oneof]
pub enum Outcome {
    /// The checkpoint the run produced.
    #[leyline(field = 10)]
    Checkpoint(String),
    /// Why the run failed.
    #[leyline(field = 11)]
    Failure(String),
}

/// A finished run.
#[leyline::message(package = "acme.runs.v1")]
pub struct RunSummary {
    /// Run id.
    #[leyline(field = 1)]
    pub run_id: String,
    /// Every step, in order.
    #[leyline(field = 2)]
    pub steps: Vec<StepReport>,
    /// Lowest loss seen, if any step ran.
    #[leyline(field = 3)]
    pub best_loss: Option<f32>,
    /// How it ended.
    #[leyline(oneof)]
    pub outcome: Option<Outcome>,
    /// Fields of newer trainers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: leyline::UnknownFields,
}
