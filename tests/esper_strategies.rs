// Random values of every Esper contract, for property tests
// (`tests/contracts_wire.rs`, `tests/json_props.rs`): `include!`d by each, so
// every test binary gets its own private copy (no dead-code warnings).
// `m` is the largest number of entries in any map.

fn text() -> BoxedStrategy<String> {
    "\\PC{0,6}".boxed()
}

fn f32s() -> BoxedStrategy<f32> {
    prop_oneof![
        Just(0.0f32),
        any::<f32>().prop_filter("NaN", |v| !v.is_nan())
    ]
    .boxed()
}

fn f64s() -> BoxedStrategy<f64> {
    prop_oneof![
        Just(0.0f64),
        any::<f64>().prop_filter("NaN", |v| !v.is_nan())
    ]
    .boxed()
}

fn u32s() -> BoxedStrategy<u32> {
    prop_oneof![Just(0u32), any::<u32>()].boxed()
}

fn u64s() -> BoxedStrategy<u64> {
    prop_oneof![Just(0u64), any::<u64>()].boxed()
}

fn bytes() -> BoxedStrategy<Vec<u8>> {
    vec(any::<u8>(), 0..12).boxed()
}

fn texts() -> BoxedStrategy<Vec<String>> {
    vec(text(), 0..3).boxed()
}

fn floats() -> BoxedStrategy<Vec<f32>> {
    vec(f32s(), 0..6).boxed()
}

fn f32_map(m: usize) -> BoxedStrategy<HashMap<String, f32>> {
    hash_map(text(), f32s(), 0..=m).boxed()
}

fn text_map(m: usize) -> BoxedStrategy<HashMap<String, String>> {
    hash_map(text(), text(), 0..=m).boxed()
}

/// Declared values mostly, and any other number (kept as `Unrecognized`).
fn enumeration<E: Enumeration>() -> BoxedStrategy<E> {
    let declared: Vec<i32> = E::schema().values.iter().map(|v| v.number).collect();
    prop_oneof![
        3 => proptest::sample::select(declared),
        1 => any::<i32>(),
    ]
    .prop_map(E::from_value)
    .boxed()
}

/// Mostly times proto3 JSON can write (years 1 to 9999, nanos in range),
/// sometimes any pair at all (binary carries it; JSON must refuse it cleanly).
fn timestamp() -> BoxedStrategy<Option<leyline::Timestamp>> {
    let valid = (-62_135_596_800i64..=253_402_300_799, 0..1_000_000_000i32);
    proptest::option::of(
        prop_oneof![3 => valid, 1 => (any::<i64>(), any::<i32>())]
            .prop_map(|(seconds, nanos)| leyline::Timestamp { seconds, nanos }),
    )
    .boxed()
}

/// Mostly durations proto3 JSON can write (within ±10000 years, nanos of the
/// seconds' sign), sometimes any pair at all.
fn duration() -> BoxedStrategy<Option<leyline::Duration>> {
    let valid = (-315_576_000_000i64..=315_576_000_000, 0..1_000_000_000i32).prop_map(
        |(seconds, nanos)| {
            if seconds < 0 {
                (seconds, -nanos)
            } else {
                (seconds, nanos)
            }
        },
    );
    proptest::option::of(
        prop_oneof![3 => valid, 1 => (any::<i64>(), any::<i32>())]
            .prop_map(|(seconds, nanos)| leyline::Duration { seconds, nanos }),
    )
    .boxed()
}

fn json_struct(m: usize) -> BoxedStrategy<leyline::Struct> {
    use prost_types::value::Kind;
    let value = prop_oneof![
        Just(None),
        Just(Some(Kind::NullValue(0))),
        f64s().prop_map(|v| Some(Kind::NumberValue(v))),
        text().prop_map(|v| Some(Kind::StringValue(v))),
        any::<bool>().prop_map(|v| Some(Kind::BoolValue(v))),
    ]
    .prop_map(|kind| prost_types::Value { kind });
    proptest::collection::btree_map(text(), value, 0..=m)
        .prop_map(|fields: BTreeMap<_, _>| leyline::Struct { fields })
        .boxed()
}

fn unknown() -> leyline::UnknownFields {
    leyline::UnknownFields::new()
}

// ---------------------------------------------------------------------------
// Message strategies, one per contract

fn hardware_context(_m: usize) -> BoxedStrategy<c::HardwareContext> {
    (
        text(),
        text(),
        f32s(),
        f32s(),
        proptest::option::of(f32s()),
        f32s(),
        u32s(),
    )
        .prop_map(|(a, b, cc, d, e, f, g)| c::HardwareContext {
            device_type: a,
            device_id: b,
            total_memory_gb: cc,
            available_memory_gb: d,
            temperature_celsius: e,
            utilization_percent: f,
            compute_capability: g,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn seed_state(m: usize) -> BoxedStrategy<c::SeedState> {
    (
        text(),
        enumeration(),
        f32s(),
        f32s(),
        u32s(),
        f32_map(m),
        u32s(),
        f32s(),
    )
        .prop_map(|(a, b, cc, d, e, f, g, h)| c::SeedState {
            seed_id: a,
            stage: b,
            gradient_norm: cc,
            learning_rate: d,
            layer_depth: e,
            metrics: f,
            age_epochs: g,
            risk_score: h,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn system_state_packet(m: usize) -> BoxedStrategy<c::SystemStatePacket> {
    (
        (
            u32s(),
            u32s(),
            f32s(),
            f32s(),
            u64s(),
            proptest::option::of(hardware_context(m)),
            f32_map(m),
        ),
        (
            vec(seed_state(m), 0..3),
            text(),
            u64s(),
            f32s(),
            text(),
            text(),
            text(),
        ),
    )
        .prop_map(
            |((a, b, cc, d, e, f, g), (h, i, j, k, l, n, o))| c::SystemStatePacket {
                version: a,
                current_epoch: b,
                validation_accuracy: cc,
                validation_loss: d,
                timestamp_ns: e,
                hardware_context: f,
                training_metrics: g,
                seed_states: h,
                packet_id: i,
                global_step: j,
                training_loss: k,
                source_subsystem: l,
                training_run_id: n,
                experiment_name: o,
                unknown_fields: unknown(),
            },
        )
        .boxed()
}

fn command_seed_operation(m: usize) -> BoxedStrategy<c::CommandSeedOperation> {
    (enumeration(), text(), f32_map(m))
        .prop_map(|(a, b, cc)| c::CommandSeedOperation {
            operation: a,
            blueprint_id: b,
            parameters: cc,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn command_optimizer_adjustment(m: usize) -> BoxedStrategy<c::CommandOptimizerAdjustment> {
    (text(), f32_map(m))
        .prop_map(|(a, b)| c::CommandOptimizerAdjustment {
            optimizer_id: a,
            hyperparameters: b,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn command_circuit_breaker(_m: usize) -> BoxedStrategy<c::CommandCircuitBreaker> {
    (enumeration(), text())
        .prop_map(|(a, b)| c::CommandCircuitBreaker {
            desired_state: a,
            rationale: b,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn adaptation_payload(m: usize) -> BoxedStrategy<Option<c::AdaptationPayload>> {
    use c::AdaptationPayload as P;
    prop_oneof![
        Just(None),
        command_seed_operation(m).prop_map(|v| Some(P::SeedOperation(v))),
        command_optimizer_adjustment(m).prop_map(|v| Some(P::OptimizerAdjustment(v))),
        command_circuit_breaker(m).prop_map(|v| Some(P::CircuitBreaker(v))),
        json_struct(m).prop_map(|v| Some(P::RollbackPayload(v))),
    ]
    .boxed()
}

fn adaptation_command(m: usize) -> BoxedStrategy<c::AdaptationCommand> {
    (
        u32s(),
        text(),
        enumeration(),
        text(),
        u32s(),
        timestamp(),
        text(),
        adaptation_payload(m),
        text_map(m),
    )
        .prop_map(|(a, b, cc, d, e, f, g, h, i)| c::AdaptationCommand {
            version: a,
            command_id: b,
            command_type: cc,
            target_seed_id: d,
            execution_deadline_ms: e,
            issued_at: f,
            issued_by: g,
            payload: h,
            annotations: i,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn mitigation_action(_m: usize) -> BoxedStrategy<c::MitigationAction> {
    (text(), text())
        .prop_map(|(a, b)| c::MitigationAction {
            action_type: a,
            rationale: b,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn field_report(m: usize) -> BoxedStrategy<c::FieldReport> {
    (
        (
            u32s(),
            text(),
            text(),
            text(),
            text(),
            text(),
            enumeration(),
        ),
        (
            f32_map(m),
            u32s(),
            timestamp(),
            text(),
            vec(mitigation_action(m), 0..3),
            text(),
        ),
    )
        .prop_map(
            |((a, b, cc, d, e, f, g), (h, i, j, k, l, n))| c::FieldReport {
                version: a,
                report_id: b,
                command_id: cc,
                training_run_id: d,
                seed_id: e,
                blueprint_id: f,
                outcome: g,
                metrics: h,
                observation_window_epochs: i,
                issued_at: j,
                tamiyo_policy_version: k,
                follow_up_actions: l,
                notes: n,
                unknown_fields: unknown(),
            },
        )
        .boxed()
}

fn blueprint_parameter_bounds(_m: usize) -> BoxedStrategy<c::BlueprintParameterBounds> {
    (f64s(), f64s())
        .prop_map(|(a, b)| c::BlueprintParameterBounds {
            min_value: a,
            max_value: b,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn blueprint_descriptor(m: usize) -> BoxedStrategy<c::BlueprintDescriptor> {
    (
        text(),
        text(),
        enumeration(),
        hash_map(text(), blueprint_parameter_bounds(m), 0..=m),
        f32s(),
        u32s(),
        any::<bool>(),
        any::<bool>(),
        text(),
    )
        .prop_map(|(a, b, cc, d, e, f, g, h, i)| c::BlueprintDescriptor {
            blueprint_id: a,
            name: b,
            tier: cc,
            allowed_parameters: d,
            risk: e,
            stage: f,
            quarantine_only: g,
            approval_required: h,
            description: i,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn bus_envelope(m: usize) -> BoxedStrategy<c::BusEnvelope> {
    (enumeration(), bytes(), text_map(m))
        .prop_map(|(a, b, cc)| c::BusEnvelope {
            message_type: a,
            payload: b,
            attributes: cc,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn policy_update(_m: usize) -> BoxedStrategy<c::PolicyUpdate> {
    (u32s(), text(), text(), timestamp(), text(), bytes())
        .prop_map(|(a, b, cc, d, e, f)| c::PolicyUpdate {
            version: a,
            policy_id: b,
            training_run_id: cc,
            issued_at: d,
            tamiyo_policy_version: e,
            payload: f,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn metric_point(m: usize) -> BoxedStrategy<c::MetricPoint> {
    (text(), f64s(), text(), text_map(m))
        .prop_map(|(a, b, cc, d)| c::MetricPoint {
            name: a,
            value: b,
            unit: cc,
            attributes: d,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn telemetry_event(m: usize) -> BoxedStrategy<c::TelemetryEvent> {
    (text(), text(), enumeration(), text_map(m))
        .prop_map(|(a, b, cc, d)| c::TelemetryEvent {
            event_id: a,
            description: b,
            level: cc,
            attributes: d,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn trace_span(m: usize) -> BoxedStrategy<c::TraceSpan> {
    (
        text(),
        text(),
        text(),
        timestamp(),
        timestamp(),
        text_map(m),
    )
        .prop_map(|(a, b, cc, d, e, f)| c::TraceSpan {
            span_id: a,
            parent_span_id: b,
            name: cc,
            start_time: d,
            end_time: e,
            attributes: f,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn system_health(m: usize) -> BoxedStrategy<c::SystemHealth> {
    (enumeration(), text(), text_map(m))
        .prop_map(|(a, b, cc)| c::SystemHealth {
            status: a,
            summary: b,
            indicators: cc,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn telemetry_packet(m: usize) -> BoxedStrategy<c::TelemetryPacket> {
    (
        text(),
        timestamp(),
        text(),
        enumeration(),
        vec(metric_point(m), 0..3),
        vec(telemetry_event(m), 0..3),
        vec(trace_span(m), 0..3),
        proptest::option::of(system_health(m)),
    )
        .prop_map(|(a, b, cc, d, e, f, g, h)| c::TelemetryPacket {
            packet_id: a,
            timestamp: b,
            source_subsystem: cc,
            level: d,
            metrics: e,
            events: f,
            spans: g,
            system_health: h,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn event_envelope(_m: usize) -> BoxedStrategy<c::EventEnvelope> {
    (
        (
            text(),
            text(),
            text(),
            timestamp(),
            duration(),
            duration(),
            bytes(),
            text(),
        ),
        (
            text(),
            enumeration(),
            texts(),
            text(),
            enumeration(),
            u32s(),
            u32s(),
        ),
    )
        .prop_map(
            |((a, b, cc, d, e, f, g, h), (i, j, k, l, n, o, p))| c::EventEnvelope {
                event_id: a,
                event_type: b,
                source_subsystem: cc,
                created_at: d,
                processing_deadline: e,
                ttl: f,
                payload: g,
                payload_type: h,
                content_encoding: i,
                priority: j,
                routing_keys: k,
                correlation_id: l,
                delivery_guarantee: n,
                max_attempts: o,
                current_attempt: p,
                unknown_fields: unknown(),
            },
        )
        .boxed()
}

fn performance_budgets(_m: usize) -> BoxedStrategy<c::PerformanceBudgets> {
    (vec(u32s(), 15..=15))
        .prop_map(|v| c::PerformanceBudgets {
            epoch_boundary_ms: v[0],
            tamiyo_inference_ms: v[1],
            systemstate_assembly_ms: v[2],
            adaptation_processing_ms: v[3],
            fast_rollback_ms: v[4],
            full_rollback_seconds: v[5],
            protobuf_serialization_us: v[6],
            message_validation_us: v[7],
            breaker_timeout_ms: v[8],
            breaker_reset_seconds: v[9],
            importance_tracking_overhead_percent: v[10],
            checkpoint_analysis_minutes_min: v[11],
            checkpoint_analysis_minutes_max: v[12],
            structured_validation_seconds: v[13],
            rollback_coordination_seconds: v[14],
            unknown_fields: unknown(),
        })
        .boxed()
}

fn memory_budgets(_m: usize) -> BoxedStrategy<c::MemoryBudgets> {
    vec(f32s(), 9..=9)
        .prop_map(|v| c::MemoryBudgets {
            model_percent: v[0],
            optimizer_percent: v[1],
            gradients_percent: v[2],
            checkpoints_percent: v[3],
            telemetry_percent: v[4],
            morphogenetic_percent: v[5],
            emergency_percent: v[6],
            importance_statistics_percent: v[7],
            pruning_metadata_percent: v[8],
            unknown_fields: unknown(),
        })
        .boxed()
}

fn system_limits(_m: usize) -> BoxedStrategy<c::SystemLimits> {
    vec(u32s(), 10..=10)
        .prop_map(|v| c::SystemLimits {
            max_seeds_per_epoch: v[0],
            max_message_size_bytes: v[1],
            max_queue_depth: v[2],
            max_retry_attempts: v[3],
            max_pause_quota: v[4],
            max_gc_allocations_per_msg: v[5],
            max_pruning_ratio_percent: v[6],
            max_consecutive_pruning_failures: v[7],
            max_checkpoint_storage_gb: v[8],
            max_importance_history_days: v[9],
            unknown_fields: unknown(),
        })
        .boxed()
}

fn layer_importance(_m: usize) -> BoxedStrategy<c::LayerImportance> {
    (
        text(),
        text(),
        enumeration(),
        floats(),
        u64s(),
        u64s(),
        f32s(),
        f32s(),
    )
        .prop_map(|(a, b, cc, d, e, f, g, h)| c::LayerImportance {
            layer_name: a,
            layer_type: b,
            granularity: cc,
            channel_importance: d,
            parameter_count: e,
            flops: f,
            mean_importance: g,
            std_importance: h,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn importance_statistics(m: usize) -> BoxedStrategy<c::ImportanceStatistics> {
    (
        vec(layer_importance(m), 0..3),
        enumeration(),
        u64s(),
        u32s(),
        u32s(),
        u64s(),
        u64s(),
        f32s(),
    )
        .prop_map(|(a, b, cc, d, e, f, g, h)| c::ImportanceStatistics {
            layers: a,
            metric: b,
            batches_observed: cc,
            first_epoch: d,
            last_epoch: e,
            first_step: f,
            last_step: g,
            ema_decay: h,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn pruning_configuration(_m: usize) -> BoxedStrategy<c::PruningConfiguration> {
    (
        enumeration(),
        enumeration(),
        f32s(),
        f32s(),
        f32s(),
        u32s(),
        u32s(),
        texts(),
        any::<bool>(),
    )
        .prop_map(|(a, b, cc, d, e, f, g, h, i)| c::PruningConfiguration {
            granularity: a,
            importance_metric: b,
            target_sparsity: cc,
            max_layer_sparsity: d,
            importance_threshold: e,
            min_units_per_layer: f,
            unit_multiple: g,
            protected_layers: h,
            dry_run: i,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn structural_pruning_request(m: usize) -> BoxedStrategy<c::StructuralPruningRequest> {
    (
        text(),
        text(),
        u32s(),
        enumeration(),
        proptest::option::of(importance_statistics(m)),
        proptest::option::of(pruning_configuration(m)),
        f32_map(m),
        timestamp(),
        text(),
        duration(),
    )
        .prop_map(
            |(a, b, cc, d, e, f, g, h, i, j)| c::StructuralPruningRequest {
                request_id: a,
                checkpoint_id: b,
                epoch: cc,
                phase: d,
                importance_stats: e,
                config: f,
                safety_constraints: g,
                created_at: h,
                source_subsystem: i,
                timeout: j,
                unknown_fields: unknown(),
            },
        )
        .boxed()
}

fn structural_analysis_result(m: usize) -> BoxedStrategy<c::StructuralAnalysisResult> {
    (
        (u32s(), u64s(), u64s(), u64s(), u64s(), u64s()),
        (u64s(), f32s(), f32s(), f32_map(m), texts()),
    )
        .prop_map(
            |((a, b, cc, d, e, f), (g, h, i, j, k))| c::StructuralAnalysisResult {
                layers_analyzed: a,
                units_total: b,
                units_pruned: cc,
                parameters_before: d,
                parameters_after: e,
                flops_before: f,
                flops_after: g,
                achieved_sparsity: h,
                estimated_accuracy_drop: i,
                layer_sparsity: j,
                warnings: k,
                unknown_fields: unknown(),
            },
        )
        .boxed()
}

fn pruning_mask(_m: usize) -> BoxedStrategy<c::PruningMask> {
    (text(), enumeration(), u32s(), bytes(), u32s())
        .prop_map(|(a, b, cc, d, e)| c::PruningMask {
            layer_name: a,
            granularity: b,
            length: cc,
            bitmap: d,
            kept_count: e,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn layer_pruning_decision(_m: usize) -> BoxedStrategy<c::LayerPruningDecision> {
    (text(), u32s(), u32s(), f32s(), text())
        .prop_map(|(a, b, cc, d, e)| c::LayerPruningDecision {
            layer_name: a,
            units_before: b,
            units_after: cc,
            importance_threshold: d,
            rationale: e,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn pruning_decision_report(m: usize) -> BoxedStrategy<c::PruningDecisionReport> {
    (
        enumeration(),
        text(),
        vec(layer_pruning_decision(m), 0..3),
        text(),
        f32s(),
    )
        .prop_map(|(a, b, cc, d, e)| c::PruningDecisionReport {
            decision: a,
            rationale: b,
            layer_decisions: cc,
            decided_by: d,
            confidence: e,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn safety_check(_m: usize) -> BoxedStrategy<c::SafetyCheck> {
    (text(), any::<bool>(), f64s(), f64s(), text())
        .prop_map(|(a, b, cc, d, e)| c::SafetyCheck {
            name: a,
            passed: b,
            observed: cc,
            threshold: d,
            detail: e,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn structural_safety_report(m: usize) -> BoxedStrategy<c::StructuralSafetyReport> {
    (
        any::<bool>(),
        vec(safety_check(m), 0..3),
        f32s(),
        proptest::option::of(f32s()),
        f32s(),
        proptest::option::of(f32s()),
        texts(),
    )
        .prop_map(|(a, b, cc, d, e, f, g)| c::StructuralSafetyReport {
            passed: a,
            checks: b,
            accuracy_before: cc,
            accuracy_after: d,
            loss_before: e,
            loss_after: f,
            violated_constraints: g,
            unknown_fields: unknown(),
        })
        .boxed()
}

fn structural_pruning_response(m: usize) -> BoxedStrategy<c::StructuralPruningResponse> {
    (
        (
            text(),
            text(),
            any::<bool>(),
            proptest::option::of(structural_analysis_result(m)),
            vec(pruning_mask(m), 0..3),
            proptest::option::of(pruning_decision_report(m)),
        ),
        (
            proptest::option::of(structural_safety_report(m)),
            any::<bool>(),
            text(),
            timestamp(),
            text(),
            u32s(),
        ),
    )
        .prop_map(
            |((a, b, cc, d, e, f), (g, h, i, j, k, l))| c::StructuralPruningResponse {
                request_id: a,
                response_id: b,
                validation_passed: cc,
                analysis_result: d,
                pruning_masks: e,
                decision_report: f,
                safety_report: g,
                rollback_required: h,
                rollback_reason: i,
                completed_at: j,
                source_subsystem: k,
                processing_time_ms: l,
                unknown_fields: unknown(),
            },
        )
        .boxed()
}

fn checkpoint_metadata(m: usize) -> BoxedStrategy<c::CheckpointMetadata> {
    (
        (
            u32s(),
            text(),
            text(),
            u32s(),
            u64s(),
            timestamp(),
            text(),
            text(),
            u64s(),
            enumeration(),
        ),
        (
            text(),
            enumeration(),
            text(),
            text(),
            f32s(),
            f32s(),
            texts(),
            text(),
            text(),
            text_map(m),
        ),
    )
        .prop_map(
            |((a, b, cc, d, e, f, g, h, i, j), (k, l, n, o, p, q, r, s, t, u))| {
                c::CheckpointMetadata {
                    version: a,
                    checkpoint_id: b,
                    training_run_id: cc,
                    epoch: d,
                    global_step: e,
                    created_at: f,
                    storage_uri: g,
                    sha256: h,
                    size_bytes: i,
                    format: j,
                    format_version: k,
                    kind: l,
                    parent_checkpoint_id: n,
                    architecture_digest: o,
                    validation_accuracy: p,
                    validation_loss: q,
                    active_seed_ids: r,
                    source_subsystem: s,
                    compression: t,
                    annotations: u,
                    unknown_fields: unknown(),
                }
            },
        )
        .boxed()
}

fn sealed_frame(_m: usize) -> BoxedStrategy<c::SealedFrame> {
    (u32s(), text(), bytes(), bytes())
        .prop_map(|(a, b, cc, d)| c::SealedFrame {
            version: a,
            key_id: b,
            envelope: cc,
            tag: d,
            unknown_fields: unknown(),
        })
        .boxed()
}
