//! Checkpoints: what the checkpoint subsystem records to find, verify and
//! restore a saved training state.

use std::collections::HashMap;

/// How a checkpoint is stored.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum CheckpointFormat {
    /// Not set by the producer.
    Unspecified = 0,
    /// A single file written by `torch.save`.
    Torch = 1,
    /// A single safetensors file.
    Safetensors = 2,
    /// A directory of shards written by `torch.distributed.checkpoint`.
    TorchDistributed = 3,
}

/// What a checkpoint holds.
#[crate::enumeration(package = "esper.leyline.v1")]
pub enum CheckpointKind {
    /// Not set by the producer.
    Unspecified = 0,
    /// Everything needed to resume training: model, optimizer, scheduler,
    /// random number generator states and seeds.
    Full = 1,
    /// Model weights only: enough to roll the model back or to run it, not
    /// to resume training exactly.
    WeightsOnly = 2,
}

/// A saved training state: where it is, how to verify it, and where it sits in
/// the run.
#[crate::message(package = "esper.leyline.v1", reserved(100..=199))]
pub struct CheckpointMetadata {
    /// Version of this contract the producer wrote (currently 1); consumers
    /// reject metadata of another version.
    #[leyline(field = 1)]
    pub version: u32,
    /// Unique identifier of the checkpoint.
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 2, validate(not_empty, max_len = 64))]
    pub checkpoint_id: String,
    /// The training run the checkpoint belongs to.
    /// Must not be empty; at most 64 characters.
    #[leyline(field = 3, validate(not_empty, max_len = 64))]
    pub training_run_id: String,
    /// The epoch the checkpoint was taken at.
    #[leyline(field = 4)]
    pub epoch: u32,
    /// The global step the checkpoint was taken at.
    #[leyline(field = 5)]
    pub global_step: u64,
    /// When the checkpoint was written.
    /// Required.
    #[leyline(field = 6, validate(required))]
    pub created_at: Option<crate::Timestamp>,
    /// Where the checkpoint is stored ("file:///...", "s3://bucket/key", ...).
    /// Must not be empty; at most 1024 characters.
    #[leyline(field = 7, validate(not_empty, max_len = 1024))]
    pub storage_uri: String,
    /// SHA-256 of the stored bytes, as 64 lowercase hex digits (for a directory
    /// format, of its metadata file).
    #[leyline(field = 8, validate(len = 64, pattern = "^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// Size of the stored checkpoint, in bytes.
    #[leyline(field = 9)]
    pub size_bytes: u64,
    /// How the checkpoint is stored.
    #[leyline(field = 10, validate(defined_only))]
    pub format: CheckpointFormat,
    /// Version of the library that wrote it ("torch 2.4.0").
    /// At most 32 characters.
    #[leyline(field = 11, validate(max_len = 32))]
    pub format_version: String,
    /// What the checkpoint holds.
    #[leyline(field = 12, validate(defined_only))]
    pub kind: CheckpointKind,
    /// The checkpoint this one follows in the run; empty for the first.
    /// At most 64 characters.
    #[leyline(field = 13, validate(max_len = 64))]
    pub parent_checkpoint_id: String,
    /// Digest of the model's structure (layer names and shapes): a restore
    /// into a model of another structure (after a pruning, for example) must
    /// fail.
    /// At most 128 characters.
    #[leyline(field = 14, validate(max_len = 128))]
    pub architecture_digest: String,
    /// Validation accuracy when the checkpoint was taken (0 to 1).
    /// From 0 to 1, finite.
    #[leyline(field = 15, validate(gte = 0.0, lte = 1.0, finite))]
    pub validation_accuracy: f32,
    /// Validation loss when the checkpoint was taken.
    /// Must be non-negative and finite.
    #[leyline(field = 16, validate(gte = 0.0, finite))]
    pub validation_loss: f32,
    /// The seeds active in the saved model.
    /// At most 256 ids of 1 to 64 characters.
    #[leyline(
        field = 17,
        validate(max_items = 256, items(min_len = 1, max_len = 64))
    )]
    pub active_seed_ids: Vec<String>,
    /// The subsystem that wrote the checkpoint.
    /// Must not be empty; at most 32 characters.
    #[leyline(field = 18, validate(not_empty, max_len = 32))]
    pub source_subsystem: String,
    /// Compression of the stored bytes ("zstd", "gzip"); empty for none.
    /// At most 32 characters.
    #[leyline(field = 19, validate(max_len = 32))]
    pub compression: String,
    /// Free-form labels by name ("reason": "pre_pruning", ...).
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
