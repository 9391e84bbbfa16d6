//! Contracts of a fleet of trainers, registered rather than listed: with
//! leyline's `registry` feature, `Exporter::registered()` finds them, and the
//! example crate's contracts they use, without a list.

use leyline_example_contracts::{Phase, StepReport};

/// A trainer's health, as the fleet manager sees it.
#[leyline::enumeration(package = "acme.fleet.v1", prefix = "TRAINER_STATE_")]
pub enum TrainerState {
    /// Not reported.
    Unspecified = 0,
    /// Running steps.
    Busy = 1,
    /// Waiting for work.
    Idle = 2,
}

/// A trainer's heartbeat, with the last step it reported.
#[leyline::message(package = "acme.fleet.v1")]
pub struct Heartbeat {
    /// Trainer id.
    #[leyline(field = 1)]
    pub trainer_id: String,
    /// State.
    #[leyline(field = 2)]
    pub state: TrainerState,
    /// The phase of its current run.
    #[leyline(field = 3)]
    pub phase: Phase,
    /// Its last step.
    #[leyline(field = 4)]
    pub last_step: Option<StepReport>,
    /// Fields of newer trainers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: leyline::UnknownFields,
}

/// Where a trainer runs. No message holds it: it is exported because it
/// registers itself.
#[leyline::enumeration(package = "acme.fleet.v1", prefix = "REGION_")]
pub enum Region {
    /// Not reported.
    Unspecified = 0,
    /// On the premises.
    OnPremises = 1,
    /// Rented.
    Cloud = 2,
}
