//! Blueprints: the catalogue of module designs seeds are germinated from.

use std::collections::HashMap;

/// How much risk a blueprint carries, which decides where it may be used.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum BlueprintTier {
    /// Not set by the producer.
    Unspecified = 0,
    /// Well-tested designs, allowed everywhere.
    Safe = 1,
    /// Designs under evaluation.
    Experimental = 2,
    /// Designs that may destabilize training; used with approval only.
    HighRisk = 3,
}

/// The allowed range of one blueprint parameter.
#[crate::message(package = "esper.leyline.v1")]
pub struct BlueprintParameterBounds {
    /// Smallest allowed value (inclusive).
    #[leyline(field = 1)]
    pub min_value: f64,
    /// Largest allowed value (inclusive).
    #[leyline(field = 2)]
    pub max_value: f64,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// A blueprint in the catalogue: a module design seeds can be germinated from.
#[crate::message(package = "esper.leyline.v1")]
pub struct BlueprintDescriptor {
    /// Unique identifier of the blueprint.
    #[leyline(field = 1)]
    pub blueprint_id: String,
    /// Human-readable name.
    #[leyline(field = 2)]
    pub name: String,
    /// Risk tier.
    #[leyline(field = 3)]
    pub tier: BlueprintTier,
    /// Parameters the blueprint accepts, with their allowed ranges, by name.
    #[leyline(field = 4)]
    pub allowed_parameters: HashMap<String, BlueprintParameterBounds>,
    /// Estimated risk of using the blueprint, from 0 (safe) to 1.
    #[leyline(field = 5)]
    pub risk: f32,
    /// The blueprint's maturity stage in the catalogue.
    #[leyline(field = 6)]
    pub stage: u32,
    /// Whether the blueprint may run in quarantine (isolated evaluation) only.
    #[leyline(field = 7)]
    pub quarantine_only: bool,
    /// Whether using the blueprint needs explicit approval.
    #[leyline(field = 8)]
    pub approval_required: bool,
    /// What the blueprint does.
    #[leyline(field = 9)]
    pub description: String,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}
