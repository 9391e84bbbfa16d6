//! Deterministic example messages: the conditions of the design's benchmarks
//! (leyline-message-contracts, "Performance Characteristics"), for benchmarks,
//! examples and size reports.
//!
//! Every builder returns the same values on every call: fixed identifiers and
//! timestamps, no randomness. Maps are `HashMap`s, so the order of map entries
//! on the wire may differ between processes; the encoded size never does.
//!
//! | builder | design condition | encoded size |
//! |---|---|---|
//! | [`system_state_packet`] | SystemStatePacket, 10 seeds, 5 metrics | 646 bytes |
//! | [`system_state_packet_seed_metrics`] | the same, with 5 metrics on every seed | 1 796 bytes |
//! | [`adaptation_command`] | AdaptationCommand, single command | 169 bytes |
//! | [`event_envelope`] | EventEnvelope, 200-byte payload | 405 bytes |
//! | [`structural_pruning_request`] | StructuralPruningRequest, full importance statistics | 16 700 bytes |
//!
//! Only the AdaptationCommand meets the design's target of under 280 bytes per
//! message. The SystemStatePacket's header alone (identifiers, hardware
//! context, 5 metrics) takes 291 bytes and each seed adds 34 more; the
//! envelope adds about 205 bytes of headers to its payload; the pruning request
//! carries 3 904 four-byte scores. The target holds for small packets only
//! (no seeds, short identifiers), so it is a goal for the hot control messages,
//! not a bound on every contract.

use std::collections::HashMap;

use super::*;
use crate::codec::Versioned as _;
use crate::{Duration, Timestamp};

/// 2025-01-15T12:00:00Z, the instant every fixture is stamped with.
pub const FIXTURE_TIME: Timestamp = Timestamp {
    seconds: 1_736_942_400,
    nanos: 0,
};

/// [`FIXTURE_TIME`] in nanoseconds since the Unix epoch.
pub const FIXTURE_TIME_NS: u64 = 1_736_942_400_000_000_000;

/// The training run every fixture belongs to.
pub const FIXTURE_RUN_ID: &str = "run-2025-01-15-resnet18-0042";

fn metrics<const N: usize>(entries: [(&str, f32); N]) -> HashMap<String, f32> {
    entries
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
}

/// The benchmark's SystemStatePacket: "10 seeds, 5 metrics".
///
/// Epoch 120 of a ResNet-18 run on one A100: a full hardware context
/// (temperature included), 5 entries in `training_metrics`, and 10 seeds in
/// assorted lifecycle stages, each with every scalar field set and no
/// seed-specific metrics. Identifiers are realistic: a UUID packet id, a run id,
/// an experiment name, and seed ids of the form `seed-L03-02`.
///
/// Encodes to 646 bytes.
pub fn system_state_packet() -> SystemStatePacket {
    const STAGES: [SeedLifecycleStage; 10] = [
        SeedLifecycleStage::Germinating,
        SeedLifecycleStage::Training,
        SeedLifecycleStage::Training,
        SeedLifecycleStage::Grafting,
        SeedLifecycleStage::Stabilizing,
        SeedLifecycleStage::Evaluating,
        SeedLifecycleStage::FineTuning,
        SeedLifecycleStage::Fossilized,
        SeedLifecycleStage::Culling,
        SeedLifecycleStage::Training,
    ];
    let seed_states = STAGES
        .iter()
        .zip(0u32..)
        .map(|(&stage, i)| SeedState {
            seed_id: format!("seed-L{:02}-{:02}", 1 + i % 4, i),
            stage,
            gradient_norm: 0.125 + 0.031_25 * i as f32,
            learning_rate: 1e-3 / (1 + i) as f32,
            layer_depth: 1 + i % 4,
            metrics: HashMap::new(),
            age_epochs: 3 * i + 1,
            risk_score: 0.05 * i as f32,
            unknown_fields: crate::UnknownFields::new(),
        })
        .collect();
    SystemStatePacket {
        version: SystemStatePacket::CONTRACT_VERSION,
        current_epoch: 120,
        validation_accuracy: 0.9132,
        validation_loss: 0.3117,
        timestamp_ns: FIXTURE_TIME_NS,
        hardware_context: Some(HardwareContext {
            device_type: "cuda".to_owned(),
            device_id: "cuda:0".to_owned(),
            total_memory_gb: 80.0,
            available_memory_gb: 42.5,
            temperature_celsius: Some(65.0),
            utilization_percent: 93.5,
            compute_capability: 80,
            unknown_fields: crate::UnknownFields::new(),
        }),
        training_metrics: metrics([
            ("train_accuracy", 0.9641),
            ("grad_norm", 1.873),
            ("learning_rate", 0.0125),
            ("samples_per_second", 2843.0),
            ("epoch_time_s", 17.6),
        ]),
        seed_states,
        packet_id: "5f0c6a8e-3b7d-4c1a-9e2f-8d4b6a1c0e37".to_owned(),
        global_step: 46_920,
        training_loss: 0.1089,
        source_subsystem: "tolaria".to_owned(),
        training_run_id: FIXTURE_RUN_ID.to_owned(),
        experiment_name: "resnet18-cifar10-morphogenesis".to_owned(),
        unknown_fields: crate::UnknownFields::new(),
    }
}

/// The map-heavy variant of [`system_state_packet`]: the same packet, with
/// 5 seed-specific metrics on each of its 10 seeds (activation mean and
/// deviation, gradient variance, health score, utilization), as a training loop
/// that reports per-seed health sends it: 65 map entries in all.
///
/// Encodes to 1 796 bytes.
pub fn system_state_packet_seed_metrics() -> SystemStatePacket {
    let mut packet = system_state_packet();
    for (seed, i) in packet.seed_states.iter_mut().zip(0u16..) {
        let x = f32::from(i);
        seed.metrics = metrics([
            ("activation_mean", 0.25 + 0.01 * x),
            ("activation_std", 0.75 - 0.02 * x),
            ("gradient_variance", 0.004 * (1.0 + x)),
            ("health_score", 1.0 - 0.05 * x),
            ("utilization", 0.5 + 0.03 * x),
        ]);
    }
    packet
}

/// The benchmark's "single" AdaptationCommand: Tamiyo asks Kasmina to
/// germinate a seed from a blueprint, with two blueprint parameters, a
/// deadline, the issue time and one annotation.
///
/// Encodes to 169 bytes.
pub fn adaptation_command() -> AdaptationCommand {
    AdaptationCommand {
        version: AdaptationCommand::CONTRACT_VERSION,
        command_id: "c3a1f7d2-8e4b-4f60-a9d5-2b7e1c4f8a90".to_owned(),
        command_type: CommandType::Seed,
        target_seed_id: "seed-L03-02".to_owned(),
        execution_deadline_ms: 500,
        issued_at: Some(FIXTURE_TIME),
        issued_by: "tamiyo".to_owned(),
        payload: Some(AdaptationPayload::SeedOperation(CommandSeedOperation {
            operation: SeedOperation::Germinate,
            blueprint_id: "bp-residual-bottleneck-v2".to_owned(),
            parameters: metrics([("alpha", 0.25), ("blend_epochs", 5.0)]),
            unknown_fields: crate::UnknownFields::new(),
        })),
        annotations: [("reason".to_owned(), "plateau_detected".to_owned())]
            .into_iter()
            .collect(),
        unknown_fields: crate::UnknownFields::new(),
    }
}

/// The benchmark's EventEnvelope: "200-byte payload".
///
/// A 200-byte opaque payload (bytes `0, 1, 2, ...` modulo 251) announced as a
/// SystemStatePacket, with every header the bus sets in practice: UUID event
/// id, event type, source, creation time, processing deadline (50 ms), TTL
/// (30 s), content encoding, priority, one routing key, a UUID correlation id
/// and the delivery settings (at least once, 3 attempts, attempt 1).
///
/// Encodes to 405 bytes.
pub fn event_envelope() -> EventEnvelope {
    EventEnvelope {
        event_id: "9b2e4d71-0c5a-4e8f-b3d6-7a1f2c9e5b04".to_owned(),
        event_type: "training.state".to_owned(),
        source_subsystem: "tolaria".to_owned(),
        created_at: Some(FIXTURE_TIME),
        processing_deadline: Some(Duration {
            seconds: 0,
            nanos: 50_000_000,
        }),
        ttl: Some(Duration {
            seconds: 30,
            nanos: 0,
        }),
        payload: (0..200u32).map(|i| (i % 251) as u8).collect(),
        payload_type: "esper.leyline.v1.SystemStatePacket".to_owned(),
        content_encoding: EventEnvelope::PROTOBUF_ENCODING.to_owned(),
        priority: MessagePriority::Normal,
        routing_keys: vec!["esper.training.state".to_owned()],
        correlation_id: "5f0c6a8e-3b7d-4c1a-9e2f-8d4b6a1c0e37".to_owned(),
        delivery_guarantee: DeliveryGuarantee::AtLeastOnce,
        max_attempts: 3,
        current_attempt: 1,
        unknown_fields: crate::UnknownFields::new(),
    }
}

/// One prunable convolution of ResNet-18 on 224x224 ImageNet inputs: module
/// path, input channels, output channels, kernel size, output side length.
const RESNET18_CONVS: [(&str, u64, u64, u64, u64); 17] = [
    ("conv1", 3, 64, 7, 112),
    ("layer1.0.conv1", 64, 64, 3, 56),
    ("layer1.0.conv2", 64, 64, 3, 56),
    ("layer1.1.conv1", 64, 64, 3, 56),
    ("layer1.1.conv2", 64, 64, 3, 56),
    ("layer2.0.conv1", 64, 128, 3, 28),
    ("layer2.0.conv2", 128, 128, 3, 28),
    ("layer2.1.conv1", 128, 128, 3, 28),
    ("layer2.1.conv2", 128, 128, 3, 28),
    ("layer3.0.conv1", 128, 256, 3, 14),
    ("layer3.0.conv2", 256, 256, 3, 14),
    ("layer3.1.conv1", 256, 256, 3, 14),
    ("layer3.1.conv2", 256, 256, 3, 14),
    ("layer4.0.conv1", 256, 512, 3, 7),
    ("layer4.0.conv2", 512, 512, 3, 7),
    ("layer4.1.conv1", 512, 512, 3, 7),
    ("layer4.1.conv2", 512, 512, 3, 7),
];

/// A deterministic importance score in `[0, 1)` for a unit (a multiplicative
/// hash; no randomness).
fn score(layer: usize, unit: usize) -> f32 {
    let h = (layer as u32)
        .wrapping_mul(0x9E37_79B9)
        .wrapping_add((unit as u32).wrapping_mul(0x85EB_CA6B))
        .rotate_left(13)
        .wrapping_mul(0xC2B2_AE35);
    (h >> 8) as f32 / (1u32 << 24) as f32
}

/// Per-channel Taylor importance of every convolution of ResNet-18 (17
/// layers, 3 904 output channels), as gathered over epochs 100 to 119.
pub fn resnet18_importance_statistics() -> ImportanceStatistics {
    let layers = RESNET18_CONVS
        .iter()
        .enumerate()
        .map(|(l, &(name, c_in, c_out, k, side))| {
            let channel_importance: Vec<f32> = (0..c_out as usize).map(|u| score(l, u)).collect();
            let n = channel_importance.len() as f32;
            let mean = channel_importance.iter().sum::<f32>() / n;
            let var = channel_importance
                .iter()
                .map(|v| (v - mean) * (v - mean))
                .sum::<f32>()
                / n;
            let parameter_count = c_in * c_out * k * k;
            LayerImportance {
                layer_name: name.to_owned(),
                layer_type: "Conv2d".to_owned(),
                granularity: PruningGranularity::Channel,
                channel_importance,
                parameter_count,
                flops: 2 * parameter_count * side * side,
                mean_importance: mean,
                std_importance: var.sqrt(),
                unknown_fields: crate::UnknownFields::new(),
            }
        })
        .collect();
    ImportanceStatistics {
        layers,
        metric: ImportanceMetric::TaylorFirstOrder,
        batches_observed: 7_820,
        first_epoch: 100,
        last_epoch: 119,
        first_step: 39_100,
        last_step: 46_919,
        ema_decay: 0.99,
        unknown_fields: crate::UnknownFields::new(),
    }
}

/// The benchmark's StructuralPruningRequest: "full importance statistics".
///
/// "Full" means one importance score for every output channel of every
/// convolution of ResNet-18 ([`resnet18_importance_statistics`]: 17 layers,
/// 3 904 packed floats, with per-layer type, parameter count, FLOPs, mean and
/// standard deviation), plus a complete configuration (channel pruning to 30%
/// sparsity, two protected layers), three safety constraints, the creation
/// time and a 30-minute timeout.
///
/// Encodes to 16 700 bytes, of which 15 616 are the importance scores.
pub fn structural_pruning_request() -> StructuralPruningRequest {
    StructuralPruningRequest {
        request_id: "e7d45a10-6f2b-4c83-a1e9-3c5b8f0d2a66".to_owned(),
        checkpoint_id: "ckpt-run0042-e0120".to_owned(),
        epoch: 120,
        phase: PruningPhase::Analysis,
        importance_stats: Some(resnet18_importance_statistics()),
        config: Some(PruningConfiguration {
            granularity: PruningGranularity::Channel,
            importance_metric: ImportanceMetric::TaylorFirstOrder,
            target_sparsity: 0.3,
            max_layer_sparsity: 0.5,
            importance_threshold: 0.0,
            min_units_per_layer: 16,
            unit_multiple: 8,
            protected_layers: vec!["conv1".to_owned(), "fc".to_owned()],
            dry_run: false,
            unknown_fields: crate::UnknownFields::new(),
        }),
        safety_constraints: metrics([
            ("max_accuracy_drop", 0.01),
            ("max_loss_increase", 0.05),
            ("min_parameter_fraction", 0.5),
        ]),
        created_at: Some(FIXTURE_TIME),
        source_subsystem: "emrakul".to_owned(),
        timeout: Some(Duration {
            seconds: 1_800,
            nanos: 0,
        }),
        unknown_fields: crate::UnknownFields::new(),
    }
}

#[cfg(test)]
mod tests {
    use prost::Message as _;

    use super::*;

    /// The sizes the module documentation states; run with `--nocapture` to
    /// see them next to the design's 280-byte target.
    #[test]
    fn benchmark_message_sizes() {
        let packet = system_state_packet();
        let header_only = SystemStatePacket {
            seed_states: Vec::new(),
            ..packet.clone()
        };
        let seed_sizes: Vec<usize> = packet.seed_states.iter().map(|s| s.encoded_len()).collect();
        let stats = resnet18_importance_statistics();
        let scores: usize = stats
            .layers
            .iter()
            .map(|l| l.channel_importance.len() * 4)
            .sum();
        let sizes = [
            (
                "SystemStatePacket (10 seeds, 5 metrics)",
                packet.encoded_len(),
                646,
            ),
            (
                "SystemStatePacket (10 seeds with 5 metrics each)",
                system_state_packet_seed_metrics().encoded_len(),
                1_796,
            ),
            (
                "AdaptationCommand (single)",
                adaptation_command().encoded_len(),
                169,
            ),
            (
                "EventEnvelope (200-byte payload)",
                event_envelope().encoded_len(),
                405,
            ),
            (
                "StructuralPruningRequest (full importance stats)",
                structural_pruning_request().encoded_len(),
                16_700,
            ),
        ];
        println!("design target: < 280 bytes per message");
        for (name, size, _) in sizes {
            let verdict = if size < 280 { "within" } else { "over" };
            println!("{name:<50} {size:>6} bytes ({verdict} 280)");
        }
        println!(
            "SystemStatePacket without seeds: {} bytes; each seed adds {:?} bytes (SeedState plus 2 bytes of key and length)",
            header_only.encoded_len(),
            seed_sizes
        );
        println!("importance scores: {scores} bytes of packed floats");
        for (name, size, documented) in sizes {
            assert_eq!(size, documented, "{name}: update the documented size");
        }
        assert_eq!(packet.encode_to_vec().len(), packet.encoded_len());
        assert_eq!(scores, 15_616);
    }

    #[test]
    fn fixtures_are_deterministic_and_versioned() {
        assert_eq!(system_state_packet(), system_state_packet());
        assert_eq!(structural_pruning_request(), structural_pruning_request());
        assert_eq!(system_state_packet().check_version(), Ok(()));
        assert_eq!(adaptation_command().check_version(), Ok(()));
        let stats = resnet18_importance_statistics();
        assert_eq!(stats.layers.len(), 17);
        assert_eq!(
            stats
                .layers
                .iter()
                .map(|l| l.channel_importance.len())
                .sum::<usize>(),
            3_904
        );
        assert!(stats
            .layers
            .iter()
            .flat_map(|l| &l.channel_importance)
            .all(|v| (0.0..1.0).contains(v)));
    }
}
