"""The values of the Python interop cases, stated on the Python side.

Every case of ``tests/python_interop.rs`` has a builder here under the same
name, which constructs the same value from literals with the classes protoc
generated from ``proto-out/``. Nothing here is read from Rust: when the two
sides disagree, ``roundtrip.py`` names the field.

Float fields hold float32: assigning a Python float rounds it to the nearest
float32, as the Rust ``f32`` literal does, and the values chosen are exact in
float32 anyway, except in the benchmark fixtures, whose derived values are
computed here in float32 arithmetic the way the Rust fixtures compute them.
"""

import math
import struct

from google.protobuf import duration_pb2, struct_pb2, timestamp_pb2

from esper.leyline.v1 import leyline_pb2 as pb

CASES = {}


def case(name):
    """Registers a builder for the case ``name`` (``<Message>/<variant>``)."""

    def register(build):
        if name in CASES:
            raise ValueError(f"two builders for {name}")
        CASES[name] = build
        return build

    return register


# Every message's default value, under ``<Message>/empty``.
for _name, _descriptor in pb.DESCRIPTOR.message_types_by_name.items():
    CASES[f"{_name}/empty"] = getattr(pb, _name)

TEXT = "Größe — 训练 🌱"


def ts(seconds, nanos):
    return timestamp_pb2.Timestamp(seconds=seconds, nanos=nanos)


def dur(seconds, nanos):
    return duration_pb2.Duration(seconds=seconds, nanos=nanos)


T0 = (1_736_942_400, 123_456_789)  # 2025-01-15T12:00:00.123456789Z
BEFORE_1970 = (-1, 999_999_999)  # 1969-12-31T23:59:59.999999999Z
ALL_BYTES = bytes(range(256))


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def key(number, wire_type):
    return varint(number << 3 | wire_type)


def unknown_every_wire_type():
    """Raw unknown fields, one per wire type (see the Rust side's list)."""
    text = "Größe".encode()
    return b"".join(
        [
            key(50, 0) + varint(42),
            key(51, 1) + struct.pack("<Q", 0x0807060504030201),
            key(52, 2) + varint(len(text)) + text,
            key(52, 2) + varint(0),
            key(53, 5) + struct.pack("<I", 0xDEADBEEF),
            key(54, 3) + key(1, 0) + varint(1) + key(54, 4),
            key(536_870_911, 0) + varint(1),
        ]
    )


def with_unknown(message, raw):
    """Appends raw unknown fields to ``message``, as a newer producer's would."""
    message.MergeFromString(raw)
    return message


def f32(x):
    """``x`` rounded to float32: emulates one Rust f32 operation exactly (the
    float64 result of one +, -, *, / or sqrt of float32 values, rounded to
    float32, is the correctly rounded float32 result)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


# --- training


def hardware_context_full():
    return pb.HardwareContext(
        device_type="cuda",
        device_id="cuda:0",
        total_memory_gb=80.0,
        available_memory_gb=42.5,
        temperature_celsius=65.25,
        utilization_percent=93.5,
        compute_capability=86,
    )


def seed_state_full():
    return pb.SeedState(
        seed_id="seed-L03-02 🌱",
        stage=pb.SEED_STAGE_GRAFTING,
        gradient_norm=0.125,
        learning_rate=0.0009765625,
        layer_depth=3,
        metrics={"loss": 0.5, "accuracy": 0.875, "Größe": -1.5},
        age_epochs=12,
        risk_score=0.25,
    )


case("HardwareContext/full")(hardware_context_full)


@case("HardwareContext/temperature_zero")
def _():
    return pb.HardwareContext(device_type="cpu", temperature_celsius=0.0)


@case("HardwareContext/temperature_negative_zero")
def _():
    return pb.HardwareContext(device_type="cpu", temperature_celsius=-0.0)


@case("HardwareContext/temperature_absent")
def _():
    return pb.HardwareContext(device_type="cpu")


case("SeedState/full")(seed_state_full)


@case("SeedState/unknown_stage")
def _():
    # Open enum: a number this schema does not know is kept as a plain int.
    return pb.SeedState(seed_id="seed-from-a-newer-producer", stage=42)


@case("SeedState/negative_unknown_stage")
def _():
    return pb.SeedState(stage=-7)


@case("SeedState/unknown_fields")
def _():
    return with_unknown(pb.SeedState(seed_id="relay"), unknown_every_wire_type())


@case("SystemStatePacket/fixture")
def _():
    stages = [
        pb.SEED_STAGE_GERMINATING,
        pb.SEED_STAGE_TRAINING,
        pb.SEED_STAGE_TRAINING,
        pb.SEED_STAGE_GRAFTING,
        pb.SEED_STAGE_STABILIZING,
        pb.SEED_STAGE_EVALUATING,
        pb.SEED_STAGE_FINE_TUNING,
        pb.SEED_STAGE_FOSSILIZED,
        pb.SEED_STAGE_CULLING,
        pb.SEED_STAGE_TRAINING,
    ]
    packet = pb.SystemStatePacket(
        version=1,
        current_epoch=120,
        validation_accuracy=0.9132,
        validation_loss=0.3117,
        timestamp_ns=1_736_942_400_000_000_000,
        hardware_context=pb.HardwareContext(
            device_type="cuda",
            device_id="cuda:0",
            total_memory_gb=80.0,
            available_memory_gb=42.5,
            temperature_celsius=65.0,
            utilization_percent=93.5,
            compute_capability=80,
        ),
        training_metrics={
            "train_accuracy": 0.9641,
            "grad_norm": 1.873,
            "learning_rate": 0.0125,
            "samples_per_second": 2843.0,
            "epoch_time_s": 17.6,
        },
        packet_id="5f0c6a8e-3b7d-4c1a-9e2f-8d4b6a1c0e37",
        global_step=46_920,
        training_loss=0.1089,
        source_subsystem="tolaria",
        training_run_id="run-2025-01-15-resnet18-0042",
        experiment_name="resnet18-cifar10-morphogenesis",
    )
    for i, stage in enumerate(stages):
        packet.seed_states.add(
            seed_id=f"seed-L{1 + i % 4:02}-{i:02}",
            stage=stage,
            gradient_norm=0.125 + 0.03125 * i,
            learning_rate=f32(f32(1e-3) / (1 + i)),
            layer_depth=1 + i % 4,
            age_epochs=3 * i + 1,
            risk_score=f32(f32(0.05) * i),
        )
    return packet


@case("SystemStatePacket/full")
def _():
    return pb.SystemStatePacket(
        version=1,
        current_epoch=2**32 - 1,
        validation_accuracy=0.9375,
        validation_loss=0.3125,
        timestamp_ns=2**64 - 1,
        hardware_context=hardware_context_full(),
        training_metrics={"grad_norm": 1.875, "samples_per_second": 2843.0, "": 0.0},
        seed_states=[
            seed_state_full(),
            pb.SeedState(seed_id="seed-L01-00", stage=pb.SEED_STAGE_FOSSILIZED),
            pb.SeedState(),
        ],
        packet_id="5f0c6a8e-3b7d-4c1a-9e2f-8d4b6a1c0e37",
        global_step=46_920,
        training_loss=0.109375,
        source_subsystem="tolaria",
        training_run_id="run-0042",
        experiment_name=TEXT,
    )


@case("SystemStatePacket/empty_hardware_context")
def _():
    packet = pb.SystemStatePacket(version=1)
    packet.hardware_context.SetInParent()
    return packet


@case("SystemStatePacket/nested_unknown_fields")
def _():
    packet = pb.SystemStatePacket(
        version=1,
        hardware_context=with_unknown(
            pb.HardwareContext(device_type="cuda"), key(99, 0) + varint(7)
        ),
        seed_states=[
            pb.SeedState(seed_id="seed-a"),
            with_unknown(pb.SeedState(seed_id="seed-b"), unknown_every_wire_type()),
        ],
    )
    return with_unknown(packet, key(250, 0) + varint(1))


# --- control


def seed_operation_full():
    return pb.CommandSeedOperation(
        operation=pb.SEED_OP_FINE_TUNE,
        blueprint_id="bp-Größe-v2",
        parameters={"alpha": 0.25, "blend_epochs": 5.0},
    )


def optimizer_adjustment_full():
    return pb.CommandOptimizerAdjustment(
        optimizer_id="adamw",
        hyperparameters={"lr": 0.0078125, "weight_decay": 0.015625, "beta1": 0.875},
    )


def circuit_breaker_full():
    return pb.CommandCircuitBreaker(desired_state=pb.CIRCUIT_STATE_HALF_OPEN, rationale=TEXT)


def rollback_struct():
    """Every kind of google.protobuf.Value, built value by value."""
    rollback = struct_pb2.Struct()
    rollback.fields["checkpoint_id"].string_value = "ckpt-run0042-e0118"
    rollback.fields["epoch"].number_value = 118.0
    scope = rollback.fields["scope"].list_value
    scope.values.add().string_value = "model"
    scope.values.add().string_value = "optimizer"
    scope.values.add().number_value = -0.5
    scope.values.add().bool_value = True
    scope.values.add().null_value = struct_pb2.NULL_VALUE
    rollback.fields["dry_run"].bool_value = False
    rollback.fields["reason"].null_value = struct_pb2.NULL_VALUE
    rollback.fields["limits"].struct_value.fields["max_ms"].number_value = 1500.5
    rollback.fields["Größe"].string_value = TEXT
    return rollback


def adaptation_command(command_type, **payload):
    return pb.AdaptationCommand(
        version=1,
        command_id="c3a1f7d2-8e4b-4f60-a9d5-2b7e1c4f8a90",
        command_type=command_type,
        target_seed_id="seed-L03-02",
        execution_deadline_ms=500,
        issued_at=ts(*T0),
        issued_by="tamiyo",
        annotations={"reason": "plateau_detected", "политика": TEXT},
        **payload,
    )


case("CommandSeedOperation/full")(seed_operation_full)
case("CommandOptimizerAdjustment/full")(optimizer_adjustment_full)
case("CommandCircuitBreaker/full")(circuit_breaker_full)


@case("AdaptationCommand/fixture")
def _():
    return pb.AdaptationCommand(
        version=1,
        command_id="c3a1f7d2-8e4b-4f60-a9d5-2b7e1c4f8a90",
        command_type=pb.COMMAND_SEED,
        target_seed_id="seed-L03-02",
        execution_deadline_ms=500,
        issued_at=ts(1_736_942_400, 0),
        issued_by="tamiyo",
        seed_operation=pb.CommandSeedOperation(
            operation=pb.SEED_OP_GERMINATE,
            blueprint_id="bp-residual-bottleneck-v2",
            parameters={"alpha": 0.25, "blend_epochs": 5.0},
        ),
        annotations={"reason": "plateau_detected"},
    )


@case("AdaptationCommand/seed_operation")
def _():
    return adaptation_command(pb.COMMAND_SEED, seed_operation=seed_operation_full())


@case("AdaptationCommand/optimizer_adjustment")
def _():
    return adaptation_command(
        pb.COMMAND_OPTIMIZER, optimizer_adjustment=optimizer_adjustment_full()
    )


@case("AdaptationCommand/circuit_breaker")
def _():
    return adaptation_command(pb.COMMAND_CIRCUIT_BREAKER, circuit_breaker=circuit_breaker_full())


@case("AdaptationCommand/rollback_payload")
def _():
    return adaptation_command(pb.COMMAND_ROLLBACK, rollback_payload=rollback_struct())


@case("AdaptationCommand/empty_payload_message")
def _():
    command = pb.AdaptationCommand(command_type=pb.COMMAND_SEED)
    command.seed_operation.SetInParent()
    return command


@case("AdaptationCommand/no_payload")
def _():
    return pb.AdaptationCommand(
        command_type=pb.COMMAND_PAUSE,
        execution_deadline_ms=2**32 - 1,
        issued_at=ts(*BEFORE_1970),
    )


# --- reports, blueprint, bus, envelope


def mitigation_action_full():
    return pb.MitigationAction(action_type="rollback", rationale=TEXT)


case("MitigationAction/full")(mitigation_action_full)


@case("FieldReport/full")
def _():
    return pb.FieldReport(
        version=1,
        report_id="8d1c2b3a-0000-4000-8000-000000000001",
        command_id="c3a1f7d2-8e4b-4f60-a9d5-2b7e1c4f8a90",
        training_run_id="run-0042",
        seed_id="seed-L03-02",
        blueprint_id="bp-residual-bottleneck-v2",
        outcome=pb.FIELD_REPORT_OUTCOME_REGRESSION,
        metrics={"accuracy_delta": -0.015625, "loss_delta": 0.0625},
        observation_window_epochs=5,
        issued_at=ts(*T0),
        tamiyo_policy_version="v2.1.0",
        follow_up_actions=[mitigation_action_full(), pb.MitigationAction()],
        notes=TEXT,
    )


@case("FieldReport/unknown_outcome")
def _():
    return pb.FieldReport(version=1, outcome=99)


@case("BlueprintParameterBounds/full")
def _():
    return pb.BlueprintParameterBounds(min_value=-2.5, max_value=1e300)


@case("BlueprintDescriptor/full")
def _():
    descriptor = pb.BlueprintDescriptor(
        blueprint_id="bp-residual-bottleneck-v2",
        name="Residual bottleneck",
        tier=pb.BLUEPRINT_TIER_HIGH_RISK,
        risk=0.75,
        stage=3,
        quarantine_only=True,
        approval_required=True,
        description=TEXT,
    )
    params = descriptor.allowed_parameters
    params["alpha"].CopyFrom(pb.BlueprintParameterBounds(min_value=0.0, max_value=1.0))
    params["rank"].CopyFrom(pb.BlueprintParameterBounds(min_value=1.0, max_value=64.0))
    params["unbounded"].CopyFrom(
        pb.BlueprintParameterBounds(min_value=-math.inf, max_value=math.inf)
    )
    params["Größe"].SetInParent()
    return descriptor


@case("BusEnvelope/full")
def _():
    return pb.BusEnvelope(
        message_type=pb.BUS_MESSAGE_TYPE_POLICY_UPDATE,
        payload=ALL_BYTES,
        attributes={"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "route": TEXT},
    )


@case("BusEnvelope/unknown_message_type")
def _():
    return pb.BusEnvelope(message_type=6, payload=b"\x00")


@case("PolicyUpdate/full")
def _():
    return pb.PolicyUpdate(
        version=1,
        policy_id="policy-7",
        training_run_id="run-0042",
        issued_at=ts(*T0),
        tamiyo_policy_version="v2.1.0",
        payload=b"\x00\xff\xfe\x80w\xc3(\x00",
    )


@case("EventEnvelope/fixture")
def _():
    return pb.EventEnvelope(
        event_id="9b2e4d71-0c5a-4e8f-b3d6-7a1f2c9e5b04",
        event_type="training.state",
        source_subsystem="tolaria",
        created_at=ts(1_736_942_400, 0),
        processing_deadline=dur(0, 50_000_000),
        ttl=dur(30, 0),
        payload=bytes(i % 251 for i in range(200)),
        payload_type="esper.leyline.v1.SystemStatePacket",
        content_encoding="protobuf",
        priority=pb.MESSAGE_PRIORITY_NORMAL,
        routing_keys=["esper.training.state"],
        correlation_id="5f0c6a8e-3b7d-4c1a-9e2f-8d4b6a1c0e37",
        delivery_guarantee=pb.DELIVERY_GUARANTEE_AT_LEAST_ONCE,
        max_attempts=3,
        current_attempt=1,
    )


@case("EventEnvelope/full")
def _():
    return pb.EventEnvelope(
        event_id="9b2e4d71-0c5a-4e8f-b3d6-7a1f2c9e5b04",
        event_type="training.state",
        source_subsystem="tolaria",
        created_at=ts(*T0),
        processing_deadline=dur(0, 50_000_000),
        ttl=dur(30, 0),
        payload=ALL_BYTES,
        payload_type="esper.leyline.v1.SystemStatePacket",
        content_encoding="json",
        priority=pb.MESSAGE_PRIORITY_CRITICAL,
        routing_keys=["esper.training.state", "esper.训练", ""],
        correlation_id="5f0c6a8e-3b7d-4c1a-9e2f-8d4b6a1c0e37",
        delivery_guarantee=pb.DELIVERY_GUARANTEE_EXACTLY_ONCE,
        max_attempts=5,
        current_attempt=2,
    )


@case("EventEnvelope/before_1970_and_negative_duration")
def _():
    return pb.EventEnvelope(
        created_at=ts(*BEFORE_1970),
        processing_deadline=dur(0, 0),
        ttl=dur(-2, -250_000_000),
    )


@case("SealedFrame/full")
def _():
    return pb.SealedFrame(
        version=1,
        key_id="esper-shared",
        envelope=ALL_BYTES,
        tag=bytes(reversed(range(32))),
    )


# --- telemetry, budgets


def telemetry_event(level):
    return pb.TelemetryEvent(
        event_id="evt-1",
        description=TEXT,
        level=level,
        attributes={"seed_id": "seed-L03-02", "stage": "GRAFTING"},
    )


def trace_span(span_id, parent):
    return pb.TraceSpan(
        span_id=span_id,
        parent_span_id=parent,
        name="tolaria.epoch",
        start_time=ts(*T0),
        end_time=ts(1_736_942_401, 623_456_789),
        attributes={"epoch": "120", "device": "cuda:0"},
    )


def system_health_full():
    return pb.SystemHealth(
        status=pb.HEALTH_STATUS_CRITICAL,
        summary=TEXT,
        indicators={"gpu_memory": "ok", "温度": "hot"},
    )


def metric_point(name, value):
    return pb.MetricPoint(
        name=name, value=value, unit="ms", attributes={"epoch": "120", "phase": "train"}
    )


@case("MetricPoint/full")
def _():
    return metric_point("tolaria.epoch.duration_ms", 0.1)


@case("MetricPoint/negative_infinity")
def _():
    return metric_point("loss", -math.inf)


@case("TelemetryEvent/full")
def _():
    return telemetry_event(pb.TELEMETRY_LEVEL_DEBUG)


@case("TraceSpan/full")
def _():
    return trace_span("span-2", "span-1")


case("SystemHealth/full")(system_health_full)


@case("TelemetryPacket/full")
def _():
    return pb.TelemetryPacket(
        packet_id="tp-1",
        timestamp=ts(*T0),
        source_subsystem="kasmina",
        level=pb.TELEMETRY_LEVEL_WARNING,
        metrics=[metric_point("a", 1.5), metric_point("b", -2.25)],
        events=[telemetry_event(pb.TELEMETRY_LEVEL_INFO), telemetry_event(1000)],
        spans=[trace_span("span-1", ""), trace_span("span-2", "span-1")],
        system_health=system_health_full(),
    )


@case("TelemetryPacket/unknown_level")
def _():
    return pb.TelemetryPacket(level=6)


@case("PerformanceBudgets/full")
def _():
    return pb.PerformanceBudgets(
        epoch_boundary_ms=18,
        tamiyo_inference_ms=12,
        systemstate_assembly_ms=2,
        adaptation_processing_ms=5,
        fast_rollback_ms=500,
        full_rollback_seconds=12,
        protobuf_serialization_us=80,
        message_validation_us=20,
        breaker_timeout_ms=1_000,
        breaker_reset_seconds=30,
        importance_tracking_overhead_percent=3,
        checkpoint_analysis_minutes_min=2,
        checkpoint_analysis_minutes_max=5,
        structured_validation_seconds=60,
        rollback_coordination_seconds=2**32 - 1,
    )


@case("MemoryBudgets/full")
def _():
    return pb.MemoryBudgets(
        model_percent=40.0,
        optimizer_percent=20.0,
        gradients_percent=12.5,
        checkpoints_percent=5.0,
        telemetry_percent=2.5,
        morphogenetic_percent=7.5,
        emergency_percent=5.25,
        importance_statistics_percent=6.25,
        pruning_metadata_percent=1.0,
    )


@case("SystemLimits/full")
def _():
    return pb.SystemLimits(
        max_seeds_per_epoch=4,
        max_message_size_bytes=280,
        max_queue_depth=10_000,
        max_retry_attempts=3,
        max_pause_quota=2,
        max_gc_allocations_per_msg=16,
        max_pruning_ratio_percent=50,
        max_consecutive_pruning_failures=3,
        max_checkpoint_storage_gb=500,
        max_importance_history_days=30,
    )


# --- pruning, checkpoint


def layer_importance_full():
    return pb.LayerImportance(
        layer_name="encoder.层.0",
        layer_type="MultiheadAttention",
        granularity=pb.PRUNING_GRANULARITY_ATTENTION_HEAD,
        # Zero, negative zero, the smallest subnormal and the largest finite
        # float32.
        channel_importance=[
            0.0,
            0.5,
            -0.0,
            1.0,
            0.25,
            float.fromhex("0x1p-149"),
            float.fromhex("0x1.fffffep+127"),
            -3.75,
        ],
        parameter_count=2**64 - 1,
        flops=2**40,
        mean_importance=0.375,
        std_importance=0.125,
    )


def importance_statistics_full():
    return pb.ImportanceStatistics(
        layers=[
            layer_importance_full(),
            pb.LayerImportance(layer_name="fc", channel_importance=[0.5]),
        ],
        metric=pb.IMPORTANCE_METRIC_FISHER,
        batches_observed=7_820,
        first_epoch=100,
        last_epoch=119,
        first_step=39_100,
        last_step=46_919,
        ema_decay=0.984375,
    )


def pruning_configuration_full():
    return pb.PruningConfiguration(
        granularity=pb.PRUNING_GRANULARITY_NEURON,
        importance_metric=pb.IMPORTANCE_METRIC_WEIGHT_MAGNITUDE,
        target_sparsity=0.3125,
        max_layer_sparsity=0.5,
        importance_threshold=0.0625,
        min_units_per_layer=16,
        unit_multiple=8,
        protected_layers=["conv1", "fc", "encoder.层.0"],
        dry_run=True,
    )


def analysis_result_full():
    return pb.StructuralAnalysisResult(
        layers_analyzed=17,
        units_total=3_904,
        units_pruned=1_171,
        parameters_before=11_689_512,
        parameters_after=8_182_658,
        flops_before=3_628_146_688,
        flops_after=2**64 - 1,
        achieved_sparsity=0.296875,
        estimated_accuracy_drop=0.0078125,
        layer_sparsity={"layer1.0.conv1": 0.25, "layer4.1.conv2": 0.5},
        warnings=["layer3.1.conv2: few statistics", TEXT],
    )


def pruning_mask(layer_name):
    return pb.PruningMask(
        layer_name=layer_name,
        granularity=pb.PRUNING_GRANULARITY_CHANNEL,
        length=12,
        bitmap=bytes([0b1011_0101, 0b0000_1110]),
        kept_count=8,
    )


def layer_decision(layer_name, units_after):
    return pb.LayerPruningDecision(
        layer_name=layer_name,
        units_before=64,
        units_after=units_after,
        importance_threshold=0.1875,
        rationale=TEXT,
    )


def decision_report_full():
    return pb.PruningDecisionReport(
        decision=pb.PRUNING_DECISION_DEFER,
        rationale="more statistics needed",
        layer_decisions=[layer_decision("layer1.0.conv1", 48), layer_decision("fc", 64)],
        decided_by="elesh-heuristic-v3",
        confidence=0.9375,
    )


def safety_check(name, passed, observed, threshold):
    return pb.SafetyCheck(
        name=name, passed=passed, observed=observed, threshold=threshold, detail=TEXT
    )


def safety_report_full():
    return pb.StructuralSafetyReport(
        passed=True,
        checks=[
            safety_check("max_accuracy_drop", True, 0.0049, 0.01),
            safety_check("max_loss_increase", False, 0.07, 0.05),
        ],
        accuracy_before=0.9375,
        accuracy_after=0.921875,
        loss_before=0.25,
        loss_after=0.3125,
        violated_constraints=["max_loss_increase", "min_parameter_fraction"],
    )


# ResNet-18's convolutions: module path, input channels, output channels,
# kernel size, output side length (224x224 inputs).
RESNET18_CONVS = [
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
]


def fixture_score(layer, unit):
    """The fixtures' deterministic importance score: a 32-bit multiplicative
    hash of (layer, unit), its top 24 bits as a fraction of 1."""
    mask = 0xFFFF_FFFF
    h = (layer * 0x9E37_79B9 + unit * 0x85EB_CA6B) & mask
    h = ((h << 13) | (h >> 19)) & mask
    h = (h * 0xC2B2_AE35) & mask
    return (h >> 8) / (1 << 24)


@case("StructuralPruningRequest/fixture")
def _():
    stats = pb.ImportanceStatistics(
        metric=pb.IMPORTANCE_METRIC_TAYLOR_FIRST_ORDER,
        batches_observed=7_820,
        first_epoch=100,
        last_epoch=119,
        first_step=39_100,
        last_step=46_919,
        ema_decay=0.99,
    )
    for layer, (name, c_in, c_out, k, side) in enumerate(RESNET18_CONVS):
        scores = [fixture_score(layer, unit) for unit in range(c_out)]
        # Mean and population standard deviation in float32, summed in order.
        total = 0.0
        for v in scores:
            total = f32(total + v)
        mean = f32(total / c_out)
        spread = 0.0
        for v in scores:
            d = f32(v - mean)
            spread = f32(spread + f32(d * d))
        std = f32(math.sqrt(f32(spread / c_out)))
        parameters = c_in * c_out * k * k
        stats.layers.add(
            layer_name=name,
            layer_type="Conv2d",
            granularity=pb.PRUNING_GRANULARITY_CHANNEL,
            channel_importance=scores,
            parameter_count=parameters,
            flops=2 * parameters * side * side,
            mean_importance=mean,
            std_importance=std,
        )
    return pb.StructuralPruningRequest(
        request_id="e7d45a10-6f2b-4c83-a1e9-3c5b8f0d2a66",
        checkpoint_id="ckpt-run0042-e0120",
        epoch=120,
        phase=pb.PRUNING_PHASE_ANALYSIS,
        importance_stats=stats,
        config=pb.PruningConfiguration(
            granularity=pb.PRUNING_GRANULARITY_CHANNEL,
            importance_metric=pb.IMPORTANCE_METRIC_TAYLOR_FIRST_ORDER,
            target_sparsity=0.3,
            max_layer_sparsity=0.5,
            importance_threshold=0.0,
            min_units_per_layer=16,
            unit_multiple=8,
            protected_layers=["conv1", "fc"],
            dry_run=False,
        ),
        safety_constraints={
            "max_accuracy_drop": 0.01,
            "max_loss_increase": 0.05,
            "min_parameter_fraction": 0.5,
        },
        created_at=ts(1_736_942_400, 0),
        source_subsystem="emrakul",
        timeout=dur(1_800, 0),
    )


case("LayerImportance/full")(layer_importance_full)
case("ImportanceStatistics/full")(importance_statistics_full)
case("PruningConfiguration/full")(pruning_configuration_full)


@case("StructuralPruningRequest/full")
def _():
    return pb.StructuralPruningRequest(
        request_id="e7d45a10-6f2b-4c83-a1e9-3c5b8f0d2a66",
        checkpoint_id="ckpt-run0042-e0120",
        epoch=120,
        phase=pb.PRUNING_PHASE_RECOVERY,
        importance_stats=importance_statistics_full(),
        config=pruning_configuration_full(),
        safety_constraints={
            "max_accuracy_drop": 0.015625,
            "max_loss_increase": 0.0625,
            "min_parameter_fraction": 0.5,
        },
        created_at=ts(*T0),
        source_subsystem="emrakul",
        timeout=dur(1_800, 500_000_000),
    )


case("StructuralAnalysisResult/full")(analysis_result_full)


@case("PruningMask/full")
def _():
    return pruning_mask("layer1.0.conv1")


@case("LayerPruningDecision/full")
def _():
    return layer_decision("layer1.0.conv1", 48)


case("PruningDecisionReport/full")(decision_report_full)


@case("SafetyCheck/full")
def _():
    return safety_check("max_accuracy_drop", True, 0.0049, 0.01)


@case("SafetyCheck/nan_and_infinity")
def _():
    return safety_check("loss_is_finite", False, math.nan, math.inf)


case("StructuralSafetyReport/full")(safety_report_full)


@case("StructuralSafetyReport/optional_zero")
def _():
    return pb.StructuralSafetyReport(accuracy_after=0.0, loss_after=0.0)


@case("StructuralSafetyReport/optional_absent")
def _():
    return pb.StructuralSafetyReport(accuracy_before=0.5)


@case("StructuralPruningResponse/full")
def _():
    safety = safety_report_full()
    safety.ClearField("loss_after")
    return pb.StructuralPruningResponse(
        request_id="e7d45a10-6f2b-4c83-a1e9-3c5b8f0d2a66",
        response_id="1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
        validation_passed=True,
        analysis_result=analysis_result_full(),
        pruning_masks=[pruning_mask("layer1.0.conv1"), pruning_mask("layer2.0.conv1")],
        decision_report=decision_report_full(),
        safety_report=safety,
        rollback_required=True,
        rollback_reason=TEXT,
        completed_at=ts(*T0),
        source_subsystem="elesh",
        processing_time_ms=93_000,
    )


@case("CheckpointMetadata/full")
def _():
    return pb.CheckpointMetadata(
        version=1,
        checkpoint_id="ckpt-run0042-e0120",
        training_run_id="run-0042",
        epoch=120,
        global_step=46_920,
        created_at=ts(*T0),
        storage_uri="s3://esper-checkpoints/run-0042/e0120/Größe.pt",
        sha256="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        size_bytes=2**33,
        format=pb.CHECKPOINT_FORMAT_TORCH_DISTRIBUTED,
        format_version="torch 2.4.0",
        kind=pb.CHECKPOINT_KIND_WEIGHTS_ONLY,
        parent_checkpoint_id="ckpt-run0042-e0110",
        architecture_digest="sha256:3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
        validation_accuracy=0.9375,
        validation_loss=0.3125,
        active_seed_ids=["seed-L03-02", "seed-L04-07"],
        source_subsystem="tolaria",
        compression="zstd",
        annotations={"reason": "pre_pruning", "note": TEXT},
    )
