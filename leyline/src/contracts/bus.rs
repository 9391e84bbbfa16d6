//! The message bus (Oona): the compact bus envelope and policy updates.

use std::collections::HashMap;

/// What a BusEnvelope carries.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum BusMessageType {
    /// Not set by the producer.
    Unspecified = 0,
    /// A SystemStatePacket.
    SystemState = 1,
    /// An AdaptationCommand.
    AdaptationCommand = 2,
    /// A FieldReport.
    FieldReport = 3,
    /// A TelemetryPacket.
    Telemetry = 4,
    /// A PolicyUpdate.
    PolicyUpdate = 5,
}

/// A compact envelope for messages on the bus: the type tells how to decode
/// the payload.
#[crate::message(package = "esper.leyline.v1")]
pub struct BusEnvelope {
    /// What the payload holds.
    #[leyline(field = 1, validate(defined_only))]
    pub message_type: BusMessageType,
    /// The encoded message.
    #[leyline(field = 2)]
    pub payload: Vec<u8>,
    /// Transport attributes by name (trace ids, routing hints, ...).
    /// At most 32 entries; keys of 1 to 64 characters, values of at most 256.
    #[leyline(
        field = 3,
        validate(max_pairs = 32, keys(min_len = 1, max_len = 64), values(max_len = 256))
    )]
    pub attributes: HashMap<String, String>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// A new controller policy, published to the subsystems that run it.
#[crate::message(package = "esper.leyline.v1")]
pub struct PolicyUpdate {
    /// Version of this contract the producer wrote (currently 1); consumers
    /// reject updates of another version.
    #[leyline(field = 1)]
    pub version: u32,
    /// Unique identifier of the policy.
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 2, validate(not_empty, max_len = 64))]
    pub policy_id: String,
    /// The training run the policy was trained on or applies to.
    /// At most 64 characters.
    #[leyline(field = 3, validate(max_len = 64))]
    pub training_run_id: String,
    /// When the update was issued.
    /// Required.
    #[leyline(field = 4, validate(required))]
    pub issued_at: Option<crate::Timestamp>,
    /// Version of the controller (Tamiyo) policy.
    /// At most 64 characters.
    #[leyline(field = 5, validate(max_len = 64))]
    pub tamiyo_policy_version: String,
    /// The serialized policy (weights or parameters).
    #[leyline(field = 6)]
    pub payload: Vec<u8>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}
