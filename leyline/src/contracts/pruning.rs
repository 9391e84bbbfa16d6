//! Structured pruning (C-020): the request Emrakul sends at a checkpoint with
//! the importance statistics gathered during training, and the response Elesh
//! returns with the analysis, the masks to apply, the decision and its safety
//! validation.
//!
//! Pruning removes whole units (convolution channels, linear neurons,
//! attention heads) rather than single weights, so that the network actually
//! gets smaller. Which units a layer keeps travels as a bit-packed
//! [`PruningMask`].

use core::fmt;
use std::collections::HashMap;

/// Where a structured pruning cycle is.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum PruningPhase {
    /// Not set by the producer.
    Unspecified = 0,
    /// Importance statistics are being gathered during training.
    DataCollection = 1,
    /// A checkpoint is being analysed to choose the units to remove.
    Analysis = 2,
    /// The chosen masks are being validated for safety.
    Validation = 3,
    /// Validated masks are being applied to the model.
    Application = 4,
    /// The pruned model trains to recover accuracy.
    Recovery = 5,
    /// A pruning is being undone by restoring the checkpoint.
    Rollback = 6,
}

/// The kind of unit pruning removes.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum PruningGranularity {
    /// Not set by the producer.
    Unspecified = 0,
    /// Output channels (filters) of a convolution.
    Channel = 1,
    /// Output features (neurons) of a linear layer.
    Neuron = 2,
    /// Heads of an attention layer.
    AttentionHead = 3,
}

/// How the importance of a unit is measured.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum ImportanceMetric {
    /// Not set by the producer.
    Unspecified = 0,
    /// Mean absolute gradient of the loss with respect to the unit's output.
    GradientMagnitude = 1,
    /// First-order Taylor estimate of the loss change when the unit is removed:
    /// mean of |activation times gradient|.
    TaylorFirstOrder = 2,
    /// L2 norm of the unit's weights.
    WeightMagnitude = 3,
    /// Mean squared gradient (diagonal Fisher information).
    Fisher = 4,
}

/// What to do with a proposed pruning.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum PruningDecision {
    /// Not set by the producer.
    Unspecified = 0,
    /// Apply the masks.
    Apply = 1,
    /// Do not prune now; try again later (for example with more statistics).
    Defer = 2,
    /// Do not apply the masks.
    Reject = 3,
}

/// The importance of every prunable unit of one layer.
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct LayerImportance {
    /// The layer's module path in the model ("layer3.1.conv2").
    /// Must not be empty; at most 256 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 256))]
    pub layer_name: String,
    /// The layer's type ("Conv2d", "Linear", "MultiheadAttention").
    /// At most 64 characters.
    #[leyline(field = 2, validate(max_len = 64))]
    pub layer_type: String,
    /// The kind of unit scored.
    #[leyline(field = 3, validate(defined_only))]
    pub granularity: PruningGranularity,
    /// One importance score per unit (channel, neuron or head, as granularity
    /// says), in unit index order. Packed on the wire.
    /// At most 65 536 scores, all finite.
    #[leyline(field = 4, validate(max_items = 65536, items(finite)))]
    pub channel_importance: Vec<f32>,
    /// Number of parameters of the layer.
    #[leyline(field = 5)]
    pub parameter_count: u64,
    /// Estimated floating-point operations of the layer per sample.
    #[leyline(field = 6)]
    pub flops: u64,
    /// Mean of the scores.
    /// Must be finite.
    #[leyline(field = 7, validate(finite))]
    pub mean_importance: f32,
    /// Standard deviation of the scores.
    /// Must be non-negative and finite.
    #[leyline(field = 8, validate(gte = 0.0, finite))]
    pub std_importance: f32,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// Importance statistics gathered during training, with how they were
/// gathered.
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct ImportanceStatistics {
    /// The statistics of every prunable layer.
    /// At most 4096 layers.
    #[leyline(field = 1, validate(max_items = 4096))]
    pub layers: Vec<LayerImportance>,
    /// How importance was measured.
    #[leyline(field = 2, validate(defined_only))]
    pub metric: ImportanceMetric,
    /// Number of training batches the statistics aggregate.
    #[leyline(field = 3)]
    pub batches_observed: u64,
    /// First epoch of the collection window.
    #[leyline(field = 4)]
    pub first_epoch: u32,
    /// Last epoch of the collection window (inclusive).
    #[leyline(field = 5)]
    pub last_epoch: u32,
    /// Global step at which collection started.
    #[leyline(field = 6)]
    pub first_step: u64,
    /// Global step at which collection ended (inclusive).
    #[leyline(field = 7)]
    pub last_step: u64,
    /// Decay of the exponential moving average the scores are; 0 for a plain
    /// mean over the window.
    /// From 0 to 1, finite.
    #[leyline(field = 8, validate(gte = 0.0, lte = 1.0, finite))]
    pub ema_decay: f32,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// What to prune and how far to go.
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct PruningConfiguration {
    /// The kind of unit to remove.
    #[leyline(field = 1, validate(defined_only))]
    pub granularity: PruningGranularity,
    /// How unit importance is measured.
    #[leyline(field = 2, validate(defined_only))]
    pub importance_metric: ImportanceMetric,
    /// Fraction of all prunable units to remove (0 to 1).
    /// From 0 to 1, finite.
    #[leyline(field = 3, validate(gte = 0.0, lte = 1.0, finite))]
    pub target_sparsity: f32,
    /// Largest fraction of any one layer's units to remove (0 to 1).
    /// From 0 to 1, finite.
    #[leyline(field = 4, validate(gte = 0.0, lte = 1.0, finite))]
    pub max_layer_sparsity: f32,
    /// Units scoring below this are candidates for removal; 0 to choose by
    /// target_sparsity alone.
    /// Must be finite.
    #[leyline(field = 5, validate(finite))]
    pub importance_threshold: f32,
    /// Fewest units any layer keeps.
    #[leyline(field = 6)]
    pub min_units_per_layer: u32,
    /// Layers keep a multiple of this many units (8 suits tensor cores); 0 or
    /// 1 for any count.
    #[leyline(field = 7)]
    pub unit_multiple: u32,
    /// Layers never pruned, by module path.
    /// At most 1024 names of 1 to 256 characters.
    #[leyline(
        field = 8,
        validate(max_items = 1024, items(min_len = 1, max_len = 256))
    )]
    pub protected_layers: Vec<String>,
    /// Analyse and report only: the response's masks are not to be applied.
    #[leyline(field = 9)]
    pub dry_run: bool,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// A request to analyse a checkpoint for structured pruning (Emrakul to Elesh).
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct StructuralPruningRequest {
    /// Unique identifier of the request (a UUID).
    /// Must be a UUID.
    #[leyline(field = 1, validate(uuid))]
    pub request_id: String,
    /// The checkpoint to analyse (see CheckpointMetadata).
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 2, validate(not_empty, max_len = 64))]
    pub checkpoint_id: String,
    /// The training epoch of the checkpoint.
    #[leyline(field = 3)]
    pub epoch: u32,
    /// The phase of the pruning cycle the request belongs to.
    #[leyline(field = 4, validate(defined_only))]
    pub phase: PruningPhase,
    /// The importance statistics gathered during training.
    #[leyline(field = 5)]
    pub importance_stats: Option<ImportanceStatistics>,
    /// What to prune and how far to go.
    #[leyline(field = 6)]
    pub config: Option<PruningConfiguration>,
    /// Safety thresholds the result must meet, by name ("max_accuracy_drop":
    /// largest allowed drop of validation accuracy, as a fraction;
    /// "max_loss_increase"; "min_parameter_fraction": smallest fraction of
    /// parameters kept).
    /// At most 32 entries; names of 1 to 64 characters, finite values.
    #[leyline(
        field = 7,
        validate(max_pairs = 32, keys(min_len = 1, max_len = 64), values(finite))
    )]
    pub safety_constraints: HashMap<String, f32>,
    /// When the request was created.
    /// Required.
    #[leyline(field = 10, validate(required))]
    pub created_at: Option<crate::Timestamp>,
    /// The requesting subsystem.
    /// Must not be empty; at most 32 characters.
    #[leyline(field = 11, validate(not_empty, max_len = 32))]
    pub source_subsystem: String,
    /// How long the analysis may take.
    #[leyline(field = 12)]
    pub timeout: Option<crate::Duration>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// The effect of the proposed pruning on the model.
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct StructuralAnalysisResult {
    /// Number of layers analysed.
    #[leyline(field = 1)]
    pub layers_analyzed: u32,
    /// Prunable units before pruning, over all layers.
    #[leyline(field = 2)]
    pub units_total: u64,
    /// Units the masks remove.
    #[leyline(field = 3)]
    pub units_pruned: u64,
    /// Parameters of the model before pruning.
    #[leyline(field = 4)]
    pub parameters_before: u64,
    /// Parameters of the model after pruning.
    #[leyline(field = 5)]
    pub parameters_after: u64,
    /// Estimated floating-point operations per sample before pruning.
    #[leyline(field = 6)]
    pub flops_before: u64,
    /// Estimated floating-point operations per sample after pruning.
    #[leyline(field = 7)]
    pub flops_after: u64,
    /// Fraction of prunable units removed (0 to 1).
    /// From 0 to 1, finite.
    #[leyline(field = 8, validate(gte = 0.0, lte = 1.0, finite))]
    pub achieved_sparsity: f32,
    /// Estimated drop of validation accuracy, as a fraction.
    /// Must be finite.
    #[leyline(field = 9, validate(finite))]
    pub estimated_accuracy_drop: f32,
    /// Fraction of units removed per layer, by module path.
    /// At most 4096 entries; layer names of 1 to 256 characters, values from 0 to 1.
    #[leyline(
        field = 10,
        validate(
            max_pairs = 4096,
            keys(min_len = 1, max_len = 256),
            values(gte = 0.0, lte = 1.0, finite)
        )
    )]
    pub layer_sparsity: HashMap<String, f32>,
    /// Problems noticed during analysis that did not stop it.
    /// At most 256 warnings of at most 1024 characters.
    #[leyline(field = 11, validate(max_items = 256, items(max_len = 1024)))]
    pub warnings: Vec<String>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// Which units of one layer to keep, as a bitmap.
///
/// Bit `i` of the mask is bit `i % 8` (least significant first) of byte `i / 8`
/// of `bitmap`; 1 keeps unit `i`, 0 removes it. The bitmap has
/// `ceil(length / 8)` bytes and its unused high bits are 0. In NumPy:
/// `np.packbits(keep, bitorder="little")`.
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct PruningMask {
    /// The layer's module path in the model.
    /// Must not be empty; at most 256 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 256))]
    pub layer_name: String,
    /// The kind of unit each bit stands for.
    #[leyline(field = 2, validate(defined_only))]
    pub granularity: PruningGranularity,
    /// Number of units the mask covers (bits that count).
    #[leyline(field = 3)]
    pub length: u32,
    /// The bits, least significant first; 1 keeps the unit.
    #[leyline(field = 4)]
    pub bitmap: Vec<u8>,
    /// Number of units kept (bits set), to check the bitmap against.
    #[leyline(field = 5)]
    pub kept_count: u32,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// The decision for one layer.
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct LayerPruningDecision {
    /// The layer's module path in the model.
    /// Must not be empty; at most 256 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 256))]
    pub layer_name: String,
    /// Units before pruning.
    #[leyline(field = 2)]
    pub units_before: u32,
    /// Units after pruning.
    #[leyline(field = 3)]
    pub units_after: u32,
    /// The importance below which units of this layer are removed.
    /// Must be finite.
    #[leyline(field = 4, validate(finite))]
    pub importance_threshold: f32,
    /// Why the layer is pruned this far (or not at all).
    /// At most 1024 characters.
    #[leyline(field = 5, validate(max_len = 1024))]
    pub rationale: String,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// What was decided about a pruning, and why.
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct PruningDecisionReport {
    /// The decision.
    #[leyline(field = 1, validate(defined_only))]
    pub decision: PruningDecision,
    /// Why, for humans.
    /// At most 4096 characters.
    #[leyline(field = 2, validate(max_len = 4096))]
    pub rationale: String,
    /// The decision for every analysed layer.
    /// At most 4096 layers.
    #[leyline(field = 3, validate(max_items = 4096))]
    pub layer_decisions: Vec<LayerPruningDecision>,
    /// The policy or heuristic that decided, with its version.
    /// At most 32 characters.
    #[leyline(field = 4, validate(max_len = 32))]
    pub decided_by: String,
    /// Confidence in the decision, from 0 to 1.
    /// From 0 to 1, finite.
    #[leyline(field = 5, validate(gte = 0.0, lte = 1.0, finite))]
    pub confidence: f32,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// One safety check of a pruning.
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct SafetyCheck {
    /// The check's name (a safety_constraints key, or a built-in check).
    /// Must not be empty; at most 128 characters.
    #[leyline(field = 1, validate(not_empty, max_len = 128))]
    pub name: String,
    /// Whether the check passed.
    #[leyline(field = 2)]
    pub passed: bool,
    /// The value measured or estimated.
    /// Must be finite.
    #[leyline(field = 3, validate(finite))]
    pub observed: f64,
    /// The threshold it was compared with.
    /// Must be finite.
    #[leyline(field = 4, validate(finite))]
    pub threshold: f64,
    /// Details, for humans.
    /// At most 1024 characters.
    #[leyline(field = 5, validate(max_len = 1024))]
    pub detail: String,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// The safety validation of a pruning.
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct StructuralSafetyReport {
    /// Whether every check passed.
    #[leyline(field = 1)]
    pub passed: bool,
    /// Every check made.
    /// At most 256 checks.
    #[leyline(field = 2, validate(max_items = 256))]
    pub checks: Vec<SafetyCheck>,
    /// Validation accuracy of the model before pruning.
    /// From 0 to 1, finite.
    #[leyline(field = 3, validate(gte = 0.0, lte = 1.0, finite))]
    pub accuracy_before: f32,
    /// Validation accuracy with the masks applied; absent when not measured.
    /// When present, from 0 to 1.
    #[leyline(field = 4, validate(gte = 0.0, lte = 1.0, finite))]
    pub accuracy_after: Option<f32>,
    /// Validation loss of the model before pruning.
    /// Must be non-negative and finite.
    #[leyline(field = 5, validate(gte = 0.0, finite))]
    pub loss_before: f32,
    /// Validation loss with the masks applied; absent when not measured.
    /// When present, non-negative and finite.
    #[leyline(field = 6, validate(gte = 0.0, finite))]
    pub loss_after: Option<f32>,
    /// Names of the safety constraints violated.
    /// At most 256 names of at most 128 characters.
    #[leyline(field = 7, validate(max_items = 256, items(max_len = 128)))]
    pub violated_constraints: Vec<String>,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

/// The answer to a StructuralPruningRequest (Elesh to Emrakul).
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct StructuralPruningResponse {
    /// The request answered.
    /// Must be a UUID (the request's `request_id`).
    #[leyline(field = 1, validate(uuid))]
    pub request_id: String,
    /// Unique identifier of the response (a UUID).
    /// Must be a UUID.
    #[leyline(field = 2, validate(uuid))]
    pub response_id: String,
    /// Whether the proposed pruning passed validation overall.
    #[leyline(field = 3)]
    pub validation_passed: bool,
    /// The effect of the proposed pruning.
    #[leyline(field = 4)]
    pub analysis_result: Option<StructuralAnalysisResult>,
    /// The masks to apply, one per pruned layer.
    /// At most 4096 masks.
    #[leyline(field = 5, validate(max_items = 4096))]
    pub pruning_masks: Vec<PruningMask>,
    /// What was decided, and why.
    #[leyline(field = 6)]
    pub decision_report: Option<PruningDecisionReport>,
    /// The safety validation.
    #[leyline(field = 7)]
    pub safety_report: Option<StructuralSafetyReport>,
    /// Whether the checkpoint must be restored (the pruning failed after
    /// being applied).
    #[leyline(field = 8)]
    pub rollback_required: bool,
    /// Why a rollback is required; empty otherwise.
    /// At most 1024 characters.
    #[leyline(field = 9, validate(max_len = 1024))]
    pub rollback_reason: String,
    /// When the analysis completed.
    /// Required.
    #[leyline(field = 10, validate(required))]
    pub completed_at: Option<crate::Timestamp>,
    /// The responding subsystem.
    /// Must not be empty; at most 32 characters.
    #[leyline(field = 11, validate(not_empty, max_len = 32))]
    pub source_subsystem: String,
    /// How long the analysis took, in milliseconds.
    #[leyline(field = 12)]
    pub processing_time_ms: u32,
    /// Fields from newer producers, passed on unchanged.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

impl PruningMask {
    /// Builds the mask of one layer from one flag per unit (`true` keeps it).
    ///
    /// Fails only for a layer of more than `u32::MAX` units.
    pub fn from_keep_flags(
        layer_name: impl Into<String>,
        granularity: PruningGranularity,
        keep: &[bool],
    ) -> Result<PruningMask, PruningMaskError> {
        let layer_name = layer_name.into();
        let Ok(length) = u32::try_from(keep.len()) else {
            return Err(PruningMaskError::TooManyUnits {
                layer_name,
                units: keep.len(),
            });
        };
        let mut bitmap = vec![0u8; keep.len().div_ceil(8)];
        let mut kept_count = 0u32;
        for (i, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
            bitmap[i / 8] |= 1 << (i % 8);
            kept_count += 1;
        }
        Ok(PruningMask {
            layer_name,
            granularity,
            length,
            bitmap,
            kept_count,
            unknown_fields: crate::UnknownFields::new(),
        })
    }

    /// Whether unit `index` is kept; `None` past the end of the mask (or of a
    /// bitmap shorter than `length` says).
    pub fn is_kept(&self, index: u32) -> Option<bool> {
        if index >= self.length {
            return None;
        }
        let index = index as usize;
        self.bitmap
            .get(index / 8)
            .map(|byte| byte >> (index % 8) & 1 == 1)
    }

    /// The flag of every unit, in index order (units past a too short bitmap
    /// read as removed).
    pub fn keep_flags(&self) -> impl Iterator<Item = bool> + '_ {
        (0..self.length).map(|i| self.is_kept(i).unwrap_or(false))
    }

    /// Number of bits set among the first `length`.
    pub fn count_kept(&self) -> u32 {
        self.keep_flags().map(u32::from).sum()
    }

    /// Checks the mask is well formed: the bitmap has `ceil(length / 8)` bytes,
    /// its unused bits are 0 and `kept_count` matches the bits set.
    pub fn check(&self) -> Result<(), PruningMaskError> {
        let expected = (self.length as usize).div_ceil(8);
        if self.bitmap.len() != expected {
            return Err(PruningMaskError::BitmapLength {
                layer_name: self.layer_name.clone(),
                expected,
                found: self.bitmap.len(),
            });
        }
        let used_bits = self.length % 8;
        if used_bits != 0 && self.bitmap.last().is_some_and(|b| b >> used_bits != 0) {
            return Err(PruningMaskError::PaddingBitsSet {
                layer_name: self.layer_name.clone(),
            });
        }
        let counted = self.count_kept();
        if counted != self.kept_count {
            return Err(PruningMaskError::KeptCount {
                layer_name: self.layer_name.clone(),
                declared: self.kept_count,
                counted,
            });
        }
        Ok(())
    }
}

/// Why a [`PruningMask`] could not be built or is malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PruningMaskError {
    /// The layer has more units than a mask can describe.
    TooManyUnits {
        /// The layer.
        layer_name: String,
        /// Its number of units.
        units: usize,
    },
    /// The bitmap's size does not match the mask's length.
    BitmapLength {
        /// The layer.
        layer_name: String,
        /// `ceil(length / 8)`.
        expected: usize,
        /// The bitmap's size.
        found: usize,
    },
    /// Bits past `length` are set.
    PaddingBitsSet {
        /// The layer.
        layer_name: String,
    },
    /// `kept_count` differs from the number of bits set.
    KeptCount {
        /// The layer.
        layer_name: String,
        /// The mask's `kept_count`.
        declared: u32,
        /// Bits set in the bitmap.
        counted: u32,
    },
}

impl fmt::Display for PruningMaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PruningMaskError::TooManyUnits { layer_name, units } => write!(
                f,
                "pruning mask of layer {layer_name:?}: {units} units do not fit a mask (at most {})",
                u32::MAX
            ),
            PruningMaskError::BitmapLength {
                layer_name,
                expected,
                found,
            } => write!(
                f,
                "pruning mask of layer {layer_name:?}: the bitmap has {found} bytes, its length needs {expected}"
            ),
            PruningMaskError::PaddingBitsSet { layer_name } => write!(
                f,
                "pruning mask of layer {layer_name:?}: bits past the mask's length are set"
            ),
            PruningMaskError::KeptCount {
                layer_name,
                declared,
                counted,
            } => write!(
                f,
                "pruning mask of layer {layer_name:?}: kept_count says {declared} but {counted} bits are set"
            ),
        }
    }
}

impl std::error::Error for PruningMaskError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_pack_least_significant_bit_first() {
        let keep = [
            true, false, true, true, false, false, false, false, false, true,
        ];
        let mask = PruningMask::from_keep_flags("conv1", PruningGranularity::Channel, &keep)
            .expect("small mask");
        assert_eq!(mask.length, 10);
        assert_eq!(mask.bitmap, vec![0b0000_1101, 0b0000_0010]);
        assert_eq!(mask.kept_count, 4);
        assert_eq!(mask.keep_flags().collect::<Vec<_>>(), keep);
        assert_eq!(mask.is_kept(9), Some(true));
        assert_eq!(mask.is_kept(10), None);
        assert_eq!(mask.check(), Ok(()));
    }

    #[test]
    fn malformed_masks_are_reported() {
        let mut mask = PruningMask::from_keep_flags("fc", PruningGranularity::Neuron, &[true; 12])
            .expect("ok");
        mask.bitmap[1] |= 0b1000_0000;
        assert_eq!(
            mask.check().map_err(|e| e.to_string()),
            Err("pruning mask of layer \"fc\": bits past the mask's length are set".to_owned())
        );
        mask.bitmap.pop();
        assert!(matches!(
            mask.check(),
            Err(PruningMaskError::BitmapLength {
                expected: 2,
                found: 1,
                ..
            })
        ));
        let mut mask =
            PruningMask::from_keep_flags("fc", PruningGranularity::Neuron, &[true; 8]).expect("ok");
        mask.kept_count = 7;
        assert!(matches!(
            mask.check(),
            Err(PruningMaskError::KeptCount {
                declared: 7,
                counted: 8,
                ..
            })
        ));
    }
}
