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
    /// Must be finite.
    #[leyline(field = 1, validate(finite))]
    pub min_value: f64,
    /// Largest allowed value (inclusive).
    /// Must be finite.
    #[leyline(field = 2, validate(finite))]
    pub max_value: f64,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// A blueprint in the catalogue: a module design seeds can be germinated from.
#[crate::message(package = "esper.leyline.v1")]
pub struct BlueprintDescriptor {
    /// Unique identifier of the blueprint.
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 64))]
    pub blueprint_id: String,
    /// Human-readable name.
    /// Must not be empty; at most 128 characters.
    #[leyline(field = 2, validate(not_empty, max_len = 128))]
    pub name: String,
    /// Risk tier.
    #[leyline(field = 3, validate(defined_only))]
    pub tier: BlueprintTier,
    /// Parameters the blueprint accepts, with their allowed ranges, by name.
    /// At most 64 entries; names of 1 to 64 characters.
    #[leyline(field = 4, validate(max_pairs = 64, keys(min_len = 1, max_len = 64)))]
    pub allowed_parameters: HashMap<String, BlueprintParameterBounds>,
    /// Estimated risk of using the blueprint, from 0 (safe) to 1.
    /// From 0 to 1, finite.
    #[leyline(field = 5, validate(gte = 0.0, lte = 1.0, finite))]
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
    /// At most 4096 characters.
    #[leyline(field = 9, validate(max_len = 4096))]
    pub description: String,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}
