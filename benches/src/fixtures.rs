//! The values measured, one function per benchmark case. Every value is
//! deterministic (no clock, no randomness): numbers are derived from the index
//! of the seed, layer or channel, strings are fixed, so every run encodes the
//! same fields (a `HashMap`'s iteration order, and so the order of map entries
//! on the wire, still varies between processes, for leyline and prost alike).
//!
//! The prost value of each case is prost's decode of the leyline value's bytes,
//! so both sides hold the same data; [`check`] proves the two encodings are
//! the same size and decode to each other.
//!
//! To benchmark the real Esper contracts once they land, build them here
//! instead of [`crate::contracts`] and point `crate::pb` at their `.proto` export.

use std::collections::HashMap;

use crate::contracts::*;

/// A UUID-shaped string (36 characters), different for each `n`.
fn uuid(n: u64) -> String {
    let x = n
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .wrapping_add(0x3f2b_8c1e_9d4a_4e7b);
    let y = x.rotate_left(29) ^ 0x8f61_0c5d_2a9b_7e34;
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        x >> 32,
        (x >> 16) & 0xffff,
        x & 0xfff,
        0x8000 | (y >> 48) & 0x3fff,
        y & 0xffff_ffff_ffff
    )
}

/// A number in [0, 1) from an index: the fractional part of `i * golden ratio`.
fn unit(i: u32) -> f32 {
    ((f64::from(i) * 0.618_033_988_749_895).fract()) as f32
}

fn metrics(names: &[&str], base: u32) -> HashMap<String, f32> {
    names
        .iter()
        .enumerate()
        .map(|(k, name)| ((*name).to_owned(), unit(base + k as u32) * 10.0))
        .collect()
}

/// `SystemStatePacket`, "10 seeds, 5 metrics": 10 seeds with 5 metrics each,
/// 5 training metrics, a hardware context and the string header fields.
pub fn system_state_packet() -> SystemStatePacket {
    const SEED_METRICS: [&str; 5] = [
        "activation_mean",
        "activation_std",
        "gradient_variance",
        "health_score",
        "utilization",
    ];
    const TRAINING_METRICS: [&str; 5] = [
        "loss",
        "accuracy",
        "learning_rate",
        "grad_norm",
        "samples_per_second",
    ];
    let seed_states = (0..10u32)
        .map(|i| SeedState {
            seed_id: format!("seed-l{:02}-{:04}", i % 8, 1000 + i * 7),
            stage: SeedLifecycleStage::from_value((i % 9 + 1) as i32),
            gradient_norm: unit(i) * 4.0,
            learning_rate: 1e-3 * (1.0 + unit(i + 100)),
            layer_depth: i % 8 + 1,
            metrics: metrics(&SEED_METRICS, i * 5),
            age_epochs: 3 + i * 2,
            risk_score: unit(i + 200),
        })
        .collect();
    SystemStatePacket {
        version: 1,
        current_epoch: 42,
        validation_accuracy: 0.8731,
        validation_loss: 0.4123,
        timestamp_ns: 1_736_899_200_123_456_789,
        hardware_context: Some(HardwareContext {
            device_type: "cuda".into(),
            device_id: "cuda:0".into(),
            total_memory_gb: 80.0,
            available_memory_gb: 61.25,
            temperature_celsius: Some(67.5),
            utilization_percent: 93.5,
            compute_capability: 90,
        }),
        training_metrics: metrics(&TRAINING_METRICS, 500),
        seed_states,
        packet_id: uuid(1),
        global_step: 421_337,
        training_loss: 0.3977,
        source_subsystem: "tolaria".into(),
        training_run_id: "run-2025-01-15-resnet50-a".into(),
        experiment_name: "resnet50-morphogenesis-baseline".into(),
    }
}

/// `AdaptationCommand`, "single command": a seed operation with a 3-entry
/// parameters map, an issue time and 2 annotations.
pub fn adaptation_command() -> AdaptationCommand {
    AdaptationCommand {
        version: 1,
        command_id: uuid(2),
        command_type: CommandType::SeedOperation,
        target_seed_id: "seed-l07-1049".into(),
        execution_deadline_ms: 250,
        issued_at: Some(leyline::Timestamp {
            seconds: 1_736_899_200,
            nanos: 123_456_789,
        }),
        issued_by: "tamiyo".into(),
        payload: Some(Payload::SeedOperation(CommandSeedOperation {
            operation: SeedOperation::Germinate,
            blueprint_id: "bp-residual-adapter-v2".into(),
            parameters: [
                ("learning_rate".to_owned(), 1e-3),
                ("warmup_steps".to_owned(), 500.0),
                ("alpha".to_owned(), 0.25),
            ]
            .into(),
        })),
        annotations: [
            ("policy_version".to_owned(), "v3.2.1".to_owned()),
            ("reason".to_owned(), "plateau_detected".to_owned()),
        ]
        .into(),
    }
}

/// `EventEnvelope`, "200-byte payload": the payload is 200 bytes of a fixed
/// pattern; three timestamps/durations and three routing keys.
pub fn event_envelope() -> EventEnvelope {
    EventEnvelope {
        event_id: uuid(3),
        event_type: "esper.leyline.v1.SystemStatePacket".into(),
        source_subsystem: "tolaria".into(),
        created_at: Some(leyline::Timestamp {
            seconds: 1_736_899_200,
            nanos: 987_654_321,
        }),
        processing_deadline: Some(leyline::Duration {
            seconds: 0,
            nanos: 50_000_000,
        }),
        ttl: Some(leyline::Duration {
            seconds: 30,
            nanos: 0,
        }),
        payload: (0..200u32).map(|i| (i * 37 + 11) as u8).collect(),
        payload_type: "type.googleapis.com/esper.leyline.v1.SystemStatePacket".into(),
        content_encoding: "protobuf".into(),
        priority: MessagePriority::High,
        routing_keys: vec![
            "telemetry.training".into(),
            "tamiyo.inbox".into(),
            "nissa.metrics".into(),
        ],
        correlation_id: uuid(4),
        delivery_guarantee: DeliveryGuarantee::AtLeastOnce,
        max_attempts: 5,
        current_attempt: 1,
    }
}

/// Layers and channels of the pruning request's importance statistics.
pub const PRUNING_LAYERS: u32 = 16;
/// Channels per layer.
pub const PRUNING_CHANNELS: u32 = 256;

/// `StructuralPruningRequest`, "full importance statistics": 16 layers of 256
/// channel importances each (packed floats), with names, means, deviations and
/// parameter counts; a configuration and 4 safety constraints.
pub fn structural_pruning_request() -> StructuralPruningRequest {
    let layers = (0..PRUNING_LAYERS)
        .map(|l| {
            let channel_importances: Vec<f32> = (0..PRUNING_CHANNELS)
                .map(|c| unit(l * PRUNING_CHANNELS + c))
                .collect();
            let n = channel_importances.len() as f32;
            let mean = channel_importances.iter().sum::<f32>() / n;
            let var = channel_importances
                .iter()
                .map(|x| (x - mean) * (x - mean))
                .sum::<f32>()
                / n;
            LayerImportance {
                layer_name: format!("backbone.layer{}.conv{}", l / 4 + 1, l % 4 + 1),
                channel_importances,
                mean_importance: mean,
                std_importance: var.sqrt(),
                parameter_count: u64::from(PRUNING_CHANNELS * PRUNING_CHANNELS * 9),
            }
        })
        .collect::<Vec<_>>();
    let total_parameters = layers.iter().map(|l| l.parameter_count).sum();
    StructuralPruningRequest {
        request_id: uuid(5),
        checkpoint_id: "ckpt-epoch-0120-step-0421337".into(),
        epoch: 120,
        phase: PruningPhase::Analysis,
        importance_stats: Some(ImportanceStatistics {
            layers,
            total_parameters,
            collection_steps: 2000,
            method: "taylor_first_order".into(),
        }),
        config: Some(PruningConfiguration {
            strategy: "magnitude_l1".into(),
            target_sparsity: 0.3,
            min_channels_per_layer: 16,
            max_layers_per_step: 4,
            protected_layers: vec!["stem.conv1".into(), "head.fc".into()],
        }),
        safety_constraints: [
            ("max_accuracy_drop".to_owned(), 0.01),
            ("max_loss_increase".to_owned(), 0.05),
            ("min_layer_width_ratio".to_owned(), 0.25),
            ("max_latency_regression".to_owned(), 0.1),
        ]
        .into(),
        created_at: Some(leyline::Timestamp {
            seconds: 1_736_899_260,
            nanos: 0,
        }),
        source_subsystem: "emrakul".into(),
        timeout: Some(leyline::Duration {
            seconds: 120,
            nanos: 0,
        }),
    }
}

/// The prost value holding the same data as a leyline value: prost's decode of
/// its bytes.
pub fn to_prost<P: prost::Message + Default>(
    value: &impl prost::Message,
) -> Result<P, prost::DecodeError> {
    P::decode(value.encode_to_vec().as_slice())
}

/// Checks that a leyline value and its prost twin agree: same encoded size,
/// and each decodes the other's bytes to an equal value.
pub fn check<L: leyline::Contract, P: prost::Message + Default + PartialEq>(
    ours: &L,
    theirs: &P,
) -> Result<(), String> {
    let a = ours.encode_to_vec();
    let b = theirs.encode_to_vec();
    if a.len() != b.len() {
        return Err(format!(
            "sizes differ: leyline {} prost {}",
            a.len(),
            b.len()
        ));
    }
    let back = L::decode_slice(&b).map_err(|e| e.to_string())?;
    if &back != ours {
        return Err("leyline decodes prost's bytes to a different value".into());
    }
    let back = P::decode(a.as_slice()).map_err(|e| e.to_string())?;
    if &back != theirs {
        return Err("prost decodes leyline's bytes to a different value".into());
    }
    Ok(())
}
