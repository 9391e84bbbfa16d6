//! The validation rules of the Esper contracts: the fixtures pass them, a
//! typical violation of each contract family is reported with its path, the
//! contracts go through `GuardedCodec::decode_versioned`, and the static size
//! bounds of every contract (run with `--nocapture` to see the table).

use std::collections::HashMap;

use leyline::codec::{CodecConfig, CodecError, GuardedCodec, Versioned as _};
use leyline::contracts::*;
use leyline::prost::Message as _;
use leyline::Contract;

const UUID: &str = "123e4567-e89b-12d3-a456-426614174000";

/// The (path, rule) of every violation, in order.
fn violations<M: Contract>(msg: &M) -> Vec<(String, &'static str)> {
    match msg.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.iter().map(|v| (v.path.clone(), v.rule)).collect(),
    }
}

fn v(path: &str, rule: &'static str) -> (String, &'static str) {
    (path.to_owned(), rule)
}

#[test]
fn every_fixture_validates() {
    let packet = fixtures::system_state_packet();
    assert_eq!(packet.validate(), Ok(()));
    assert_eq!(fixtures::adaptation_command().validate(), Ok(()));
    assert_eq!(fixtures::event_envelope().validate(), Ok(()));
    assert_eq!(fixtures::structural_pruning_request().validate(), Ok(()));
    assert_eq!(
        fixtures::resnet18_importance_statistics().validate(),
        Ok(())
    );
    // What `wrap` builds is valid as it is.
    assert_eq!(EventEnvelope::wrap(&packet, "tolaria").validate(), Ok(()));
}

#[test]
fn defaults_of_the_rule_free_contracts_validate() {
    assert_eq!(PerformanceBudgets::default().validate(), Ok(()));
    assert_eq!(MemoryBudgets::default().validate(), Ok(()));
    assert_eq!(SystemLimits::default().validate(), Ok(()));
    assert_eq!(BusEnvelope::default().validate(), Ok(()));
}

#[test]
fn training_violations_are_reported_with_their_paths() {
    let mut packet = fixtures::system_state_packet();
    packet.packet_id = "packet-7".into();
    packet.validation_accuracy = 1.5;
    packet.training_loss = f32::NAN;
    if let Some(hw) = packet.hardware_context.as_mut() {
        hw.utilization_percent = 101.0;
        hw.temperature_celsius = Some(-60.0);
    }
    packet.seed_states[3].learning_rate = f32::INFINITY;
    packet.seed_states[3]
        .metrics
        .insert("loss".into(), f32::NAN);
    assert_eq!(
        violations(&packet),
        [
            v("validation_accuracy", "float.lte"),
            v("hardware_context.temperature_celsius", "float.gte"),
            v("hardware_context.utilization_percent", "float.lte"),
            v("seed_states[3].learning_rate", "float.lte"),
            v("seed_states[3].learning_rate", "float.finite"),
            v("seed_states[3].metrics[\"loss\"]", "float.finite"),
            v("packet_id", "string.uuid"),
            v("training_loss", "float.gte"),
            v("training_loss", "float.finite"),
        ]
    );

    let missing = SystemStatePacket {
        hardware_context: None,
        seed_states: vec![SeedState::default(); 257],
        ..fixtures::system_state_packet()
    };
    let found = violations(&missing);
    assert!(
        found.contains(&v("hardware_context", "required")),
        "{found:?}"
    );
    assert!(
        found.contains(&v("seed_states", "repeated.max_items")),
        "{found:?}"
    );
    assert!(
        found.contains(&v("seed_states[0].seed_id", "string.min_len"))
            || found.contains(&v("seed_states[0].seed_id", "string.not_empty")),
        "{found:?}"
    );
}

#[test]
fn control_violations_are_reported_with_their_paths() {
    let mut command = fixtures::adaptation_command();
    command.command_id = "cmd-1".into();
    command.issued_at = None;
    if let Some(AdaptationPayload::SeedOperation(op)) = command.payload.as_mut() {
        op.parameters.insert(String::new(), 1.0);
    }
    assert_eq!(
        violations(&command),
        [
            v("command_id", "string.uuid"),
            v("issued_at", "required"),
            v("seed_operation.parameters[\"\"]", "string.min_len"),
        ]
    );
    // Pause and emergency commands carry no payload.
    let emergency = AdaptationCommand {
        command_type: CommandType::Emergency,
        payload: None,
        ..fixtures::adaptation_command()
    };
    assert_eq!(emergency.validate(), Ok(()));
    let breaker = CommandCircuitBreaker {
        rationale: "x".repeat(1025),
        ..Default::default()
    };
    assert_eq!(violations(&breaker), [v("rationale", "string.max_len")]);
}

fn field_report() -> FieldReport {
    FieldReport {
        report_id: UUID.into(),
        command_id: UUID.into(),
        training_run_id: fixtures::FIXTURE_RUN_ID.into(),
        issued_at: Some(fixtures::FIXTURE_TIME),
        follow_up_actions: vec![MitigationAction {
            action_type: "rollback".into(),
            ..Default::default()
        }],
        ..FieldReport::current()
    }
}

#[test]
fn report_violations_are_reported_with_their_paths() {
    assert_eq!(field_report().validate(), Ok(()));
    let mut report = field_report();
    report.command_id = String::new();
    report.metrics.insert("delta".into(), f32::NEG_INFINITY);
    report.follow_up_actions[0].action_type = String::new();
    assert_eq!(
        violations(&report),
        [
            v("command_id", "string.uuid"),
            v("metrics[\"delta\"]", "float.finite"),
            v("follow_up_actions[0].action_type", "string.not_empty"),
        ]
    );
}

#[test]
fn blueprint_violations_are_reported_with_their_paths() {
    let descriptor = BlueprintDescriptor {
        blueprint_id: "bp-residual-bottleneck-v2".into(),
        name: "Residual bottleneck".into(),
        allowed_parameters: [(
            "alpha".to_owned(),
            BlueprintParameterBounds {
                min_value: 0.0,
                max_value: f64::NAN,
                ..Default::default()
            },
        )]
        .into_iter()
        .collect(),
        risk: 1.2,
        ..Default::default()
    };
    assert_eq!(
        violations(&descriptor),
        [
            v("allowed_parameters[\"alpha\"].max_value", "double.finite"),
            v("risk", "float.lte"),
        ]
    );
}

#[test]
fn bus_violations_are_reported_with_their_paths() {
    let update = PolicyUpdate {
        policy_id: "policy-3".into(),
        ..PolicyUpdate::current()
    };
    assert_eq!(violations(&update), [v("issued_at", "required")]);
    let envelope = BusEnvelope {
        attributes: (0..33).map(|i| (format!("k{i}"), String::new())).collect(),
        ..Default::default()
    };
    assert_eq!(violations(&envelope), [v("attributes", "map.max_pairs")]);
}

#[test]
fn envelope_violations_are_reported_with_their_paths() {
    let mut envelope = fixtures::event_envelope();
    envelope.event_id = "evt-9".into();
    envelope.source_subsystem = String::new();
    envelope.routing_keys.push(String::new());
    assert_eq!(
        violations(&envelope),
        [
            v("event_id", "string.uuid"),
            v("source_subsystem", "string.not_empty"),
            v("routing_keys[1]", "string.min_len"),
        ]
    );
}

#[test]
fn telemetry_violations_are_reported_with_their_paths() {
    let packet = TelemetryPacket {
        packet_id: "tp-1".into(),
        timestamp: Some(fixtures::FIXTURE_TIME),
        source_subsystem: "nissa".into(),
        metrics: vec![MetricPoint {
            name: "loss".into(),
            value: f64::NAN,
            ..Default::default()
        }],
        spans: vec![TraceSpan {
            span_id: "s1".into(),
            name: "epoch".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    assert_eq!(
        violations(&packet),
        [
            v("metrics[0].value", "double.finite"),
            v("spans[0].start_time", "required"),
        ]
    );
}

#[test]
fn budget_violations_are_reported_with_their_paths() {
    let memory = MemoryBudgets {
        model_percent: 40.0,
        optimizer_percent: 120.0,
        emergency_percent: f32::NAN,
        ..Default::default()
    };
    assert_eq!(
        violations(&memory),
        [
            v("optimizer_percent", "float.lte"),
            v("emergency_percent", "float.gte"),
            v("emergency_percent", "float.lte"),
            v("emergency_percent", "float.finite"),
        ]
    );
    let limits = SystemLimits {
        max_pruning_ratio_percent: 150,
        ..Default::default()
    };
    assert_eq!(
        violations(&limits),
        [v("max_pruning_ratio_percent", "uint32.lte")]
    );
}

#[test]
fn pruning_violations_are_reported_with_their_paths() {
    let mut request = fixtures::structural_pruning_request();
    if let Some(stats) = request.importance_stats.as_mut() {
        stats.layers[2].channel_importance[5] = f32::NAN;
    }
    if let Some(config) = request.config.as_mut() {
        config.target_sparsity = 1.5;
    }
    assert_eq!(
        violations(&request),
        [
            v(
                "importance_stats.layers[2].channel_importance[5]",
                "float.finite"
            ),
            v("config.target_sparsity", "float.lte"),
        ]
    );
    let response = StructuralPruningResponse {
        request_id: UUID.into(),
        response_id: UUID.into(),
        completed_at: Some(fixtures::FIXTURE_TIME),
        source_subsystem: "emrakul".into(),
        safety_report: Some(StructuralSafetyReport {
            accuracy_after: Some(-0.1),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        violations(&response),
        [v("safety_report.accuracy_after", "float.gte")]
    );
}

fn checkpoint() -> CheckpointMetadata {
    CheckpointMetadata {
        checkpoint_id: "ckpt-run0042-e0120".into(),
        training_run_id: fixtures::FIXTURE_RUN_ID.into(),
        created_at: Some(fixtures::FIXTURE_TIME),
        storage_uri: "s3://esper/ckpt/run0042/e0120".into(),
        sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        source_subsystem: "tolaria".into(),
        ..CheckpointMetadata::current()
    }
}

#[test]
fn checkpoint_violations_are_reported_with_their_paths() {
    assert_eq!(checkpoint().validate(), Ok(()));
    let upper = CheckpointMetadata {
        sha256: checkpoint().sha256.to_uppercase(),
        ..checkpoint()
    };
    assert_eq!(violations(&upper), [v("sha256", "string.pattern")]);
    let short = CheckpointMetadata {
        sha256: "9f86d0".into(),
        validation_loss: -1.0,
        ..checkpoint()
    };
    assert_eq!(
        violations(&short),
        [
            v("sha256", "string.len"),
            v("sha256", "string.pattern"),
            v("validation_loss", "float.gte"),
        ]
    );
}

#[test]
fn guarded_codec_decodes_esper_contracts_by_version() {
    let codec = GuardedCodec::new(CodecConfig {
        // The fixture is 646 bytes, over the default limit of 280.
        max_message_size: 1024,
        ..CodecConfig::default()
    })
    .expect("valid config");
    let packet = fixtures::system_state_packet();
    let mut buf = Vec::new();
    codec
        .encode(&packet, &mut buf)
        .expect("the fixture encodes");
    let decoded: SystemStatePacket = codec.decode_versioned(&buf).expect("version 1");
    assert_eq!(decoded, packet);

    let newer = SystemStatePacket {
        version: SystemStatePacket::CONTRACT_VERSION + 1,
        ..packet
    };
    codec
        .encode(&newer, &mut buf)
        .expect("encoding does not check the version");
    match codec.decode_versioned::<SystemStatePacket>(&buf) {
        Err(CodecError::VersionMismatch {
            message_type,
            expected,
            found,
        }) => {
            assert_eq!(message_type, "esper.leyline.v1.SystemStatePacket");
            assert_eq!((expected, found), (1, 2));
        }
        other => panic!("expected a version mismatch, got {other:?}"),
    }
    // The one definition of the version serves both traits.
    assert_eq!(newer_check(&newer), Err(2));
}

fn newer_check<M: Versioned>(msg: &M) -> Result<(), u32> {
    msg.check_version().map_err(|e| match e {
        VersionedDecodeError::VersionMismatch { found, .. } => found,
        _ => 0,
    })
}

// ---------------------------------------------------------------------------
// Static size bounds

/// `MAX_ENCODED_LEN` of every Esper message: `None` for all of them, since
/// each keeps unknown fields (a store of unbounded size).
#[test]
fn max_encoded_len_of_every_esper_message() {
    macro_rules! table {
        ($($ty:ty),* $(,)?) => {{
            let rows: Vec<(&str, Option<usize>)> =
                vec![$((<$ty as Contract>::FULL_NAME, <$ty as Contract>::MAX_ENCODED_LEN)),*];
            rows
        }};
    }
    let rows = table!(
        HardwareContext,
        SeedState,
        SystemStatePacket,
        CommandSeedOperation,
        CommandOptimizerAdjustment,
        CommandCircuitBreaker,
        AdaptationCommand,
        MitigationAction,
        FieldReport,
        BlueprintParameterBounds,
        BlueprintDescriptor,
        BusEnvelope,
        PolicyUpdate,
        EventEnvelope,
        MetricPoint,
        TelemetryEvent,
        TraceSpan,
        SystemHealth,
        TelemetryPacket,
        PerformanceBudgets,
        MemoryBudgets,
        SystemLimits,
        LayerImportance,
        ImportanceStatistics,
        PruningConfiguration,
        StructuralPruningRequest,
        StructuralAnalysisResult,
        PruningMask,
        LayerPruningDecision,
        PruningDecisionReport,
        SafetyCheck,
        StructuralSafetyReport,
        StructuralPruningResponse,
        CheckpointMetadata,
        SealedFrame,
    );
    assert_eq!(rows.len(), all_messages().len());
    println!("| message | MAX_ENCODED_LEN |\n|---|---|");
    for (name, bound) in &rows {
        println!("| {name} | {bound:?} |");
        assert_eq!(*bound, None, "{name}");
    }
}

/// Twins of a few contracts, with the same fields and rules but no
/// unknown-field store: the bound the contracts would have without it.

#[leyline::message(package = "leyline.twin.v1")]
pub struct HardwareContextTwin {
    #[leyline(field = 1, validate(not_empty, max_len = 32))]
    pub device_type: String,
    #[leyline(field = 2, validate(not_empty, max_len = 64))]
    pub device_id: String,
    #[leyline(field = 3, validate(gt = 0.0, finite))]
    pub total_memory_gb: f32,
    #[leyline(field = 4, validate(gte = 0.0, finite))]
    pub available_memory_gb: f32,
    #[leyline(field = 5, validate(gte = -40.0, lte = 150.0, finite))]
    pub temperature_celsius: Option<f32>,
    #[leyline(field = 6, validate(gte = 0.0, lte = 100.0, finite))]
    pub utilization_percent: f32,
    #[leyline(field = 7)]
    pub compute_capability: u32,
}

#[leyline::message(package = "leyline.twin.v1")]
pub struct SeedStateTwin {
    #[leyline(field = 1, validate(not_empty, max_len = 64))]
    pub seed_id: String,
    #[leyline(field = 2, validate(defined_only))]
    pub stage: SeedLifecycleStage,
    #[leyline(field = 3, validate(gte = 0.0, finite))]
    pub gradient_norm: f32,
    #[leyline(field = 4, validate(gte = 0.0, lte = 10.0, finite))]
    pub learning_rate: f32,
    #[leyline(field = 5)]
    pub layer_depth: u32,
    #[leyline(
        field = 6,
        validate(max_pairs = 32, keys(min_len = 1, max_len = 64), values(finite))
    )]
    pub metrics: HashMap<String, f32>,
    #[leyline(field = 7)]
    pub age_epochs: u32,
    #[leyline(field = 8, validate(gte = 0.0, lte = 1.0, finite))]
    pub risk_score: f32,
}

#[leyline::message(package = "leyline.twin.v1")]
pub struct CommandCircuitBreakerTwin {
    #[leyline(field = 1, validate(defined_only))]
    pub desired_state: CircuitBreakerState,
    #[leyline(field = 2, validate(max_len = 1024))]
    pub rationale: String,
}

/// SystemStatePacket over the twins above.
#[leyline::message(package = "leyline.twin.v1")]
pub struct SystemStatePacketTwin {
    #[leyline(field = 1)]
    pub version: u32,
    #[leyline(field = 2)]
    pub current_epoch: u32,
    #[leyline(field = 3, validate(gte = 0.0, lte = 1.0, finite))]
    pub validation_accuracy: f32,
    #[leyline(field = 4, validate(gte = 0.0, finite))]
    pub validation_loss: f32,
    #[leyline(field = 5)]
    pub timestamp_ns: u64,
    #[leyline(field = 6, validate(required))]
    pub hardware_context: Option<HardwareContextTwin>,
    #[leyline(
        field = 7,
        validate(max_pairs = 64, keys(min_len = 1, max_len = 64), values(finite))
    )]
    pub training_metrics: HashMap<String, f32>,
    #[leyline(field = 8, split, validate(max_items = 256))]
    pub seed_states: Vec<SeedStateTwin>,
    #[leyline(field = 9, validate(uuid))]
    pub packet_id: String,
    #[leyline(field = 10)]
    pub global_step: u64,
    #[leyline(field = 11, validate(gte = 0.0, finite))]
    pub training_loss: f32,
    #[leyline(field = 12, validate(not_empty, max_len = 32))]
    pub source_subsystem: String,
    #[leyline(field = 13, validate(not_empty, max_len = 64))]
    pub training_run_id: String,
    #[leyline(field = 14, validate(max_len = 128))]
    pub experiment_name: String,
}

#[test]
fn bounds_without_the_unknown_field_store() {
    let rows = [
        ("HardwareContext", HardwareContextTwin::MAX_ENCODED_LEN),
        ("SeedState", SeedStateTwin::MAX_ENCODED_LEN),
        (
            "CommandCircuitBreaker",
            CommandCircuitBreakerTwin::MAX_ENCODED_LEN,
        ),
        ("SystemStatePacket", SystemStatePacketTwin::MAX_ENCODED_LEN),
    ];
    for (name, bound) in rows {
        println!("{name} without unknown fields: {bound:?}");
        assert!(bound.is_some(), "{name}");
    }
    // The largest HardwareContext the rules allow meets the bound.
    let widest = HardwareContextTwin {
        device_type: "\u{10FFFF}".repeat(32),
        device_id: "\u{10FFFF}".repeat(64),
        total_memory_gb: 1.0,
        available_memory_gb: 1.0,
        temperature_celsius: Some(1.0),
        utilization_percent: 1.0,
        compute_capability: u32::MAX,
    };
    assert_eq!(widest.validate(), Ok(()));
    assert_eq!(
        Some(widest.encoded_len()),
        HardwareContextTwin::MAX_ENCODED_LEN
    );
}
