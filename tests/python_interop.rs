//! Wire interoperability of every Esper contract with Google's protobuf runtime
//! for Python (upb), through the exported `.proto` compiled by Google's protoc.
//!
//! 1. Builds cases for every message: the benchmark fixtures, a `/empty` case
//!    per message, a `/full` case per message with every field set, and edge
//!    cases (every oneof payload, open enums holding unknown numbers, proto3
//!    `optional` fields set to zero and absent, negative zero, NaN and
//!    infinities, pre-1970 timestamps and negative durations, non-ASCII
//!    strings and map keys, all 256 byte values, unknown fields of every wire
//!    type at the top level and nested).
//! 2. Compiles `proto-out/` with `python -m grpc_tools.protoc --python_out`.
//! 3. Writes each case as leyline encodes it, and runs `python/roundtrip.py`,
//!    which decodes every case with the generated classes, checks it field by
//!    field against the values `python/expected.py` states on its own (from
//!    literals, with the generated classes), re-encodes the decoded message
//!    (which must be byte-identical to leyline's encoding when no map of
//!    several entries makes the order differ), and also encodes its own
//!    expected value.
//! 4. Decodes both of Python's encodings with leyline and compares them with
//!    the original Rust value (`PartialEq`: maps as maps; cases marked `bits`
//!    compare re-encoded bytes instead, so that the sign of a zero and NaN
//!    count too).
//!
//! A second test, `python_writes_what_leyline_writes`, proves the field order:
//! contracts whose oneof variants interleave with the fields and with each
//! other (a variant numbered 30 declared before a field numbered 5, two oneofs
//! taking turns, nested messages, every field kind, unknown fields) are
//! exported with leyline's exporter, compiled by protoc, and built by
//! `python/field_order.py` from literals: Google's encoding of each value must
//! be byte for byte leyline's (maps of one entry, or a `BTreeMap`, whose order
//! is the key order deterministic serialization uses), and leyline must decode
//! it back to the original.
//!
//! A third test, `python_json_of_every_message`, takes the cases of the first
//! through proto3 JSON against Python's `json_format`, both ways: leyline's
//! JSON (each option set, from owned values and from views) parses in Python
//! to the original and equals `MessageToDict` with the same options as a JSON
//! value; Python's `MessageToJson` and `MessageToDict` read in leyline to the
//! original (see `tests/python/json_roundtrip.py`).
//!
//! The Python interpreter comes from `LEYLINE_PYTHON` (`.ci/run` installs a
//! virtual environment with `.ci/requirements.txt` and sets it). Without it the
//! test says so and passes, except under CI (`CI` set), where it fails.
//!
//! ```text
//! LEYLINE_PYTHON=$PWD/target/venv/bin/python cargo test -p leyline-tests --test python_interop -- --nocapture
//! ```
//!
//! Not covered, because leyline differs there from Google's runtimes (as prost
//! does): a `-0.0` in a float field *without* presence is not written by
//! leyline (Google's runtimes write it), so its sign does not reach Python;
//! `implicit_negative_zero_is_not_written` pins that behaviour. Negative zero
//! in `optional` and repeated float fields is covered.

// Test support code may panic: a failed expectation is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use leyline::contracts::{self as c, fixtures, Versioned};
use leyline::json::{self, JsonFields, JsonOptions};
use leyline::prost::Message as _;
use leyline::{Contract, Duration, ListValue, Struct, Timestamp, UnknownFields, Value};
use prost_types::value::Kind;

// ---------------------------------------------------------------------------
// Cases

/// How a value decoded from Python's bytes is compared with the original.
#[derive(Clone, Copy, PartialEq)]
enum Compare {
    /// `PartialEq` (maps compared as maps; `-0.0 == 0.0`, `NaN != NaN`).
    Eq,
    /// leyline's encodings of the two values are byte-identical: for messages
    /// without maps, where the sign of zero and NaN must survive too.
    Bits,
}

/// Decodes bytes as a case's contract and compares the result with the case's
/// value.
type Check = Box<dyn Fn(&[u8]) -> Result<(), String>>;

/// Writes a case's value as JSON: from the owned value (`false`) or straight
/// from its protobuf bytes through the view transcoder (`true`).
type ToJson = Box<dyn Fn(&JsonOptions, bool) -> String>;

/// Reads JSON text as a case's contract and compares the result with the
/// value that the bytes (the case's value as JSON can hold it: without unknown
/// fields) decode to.
type CheckJson = Box<dyn Fn(&str, &[u8]) -> Result<(), String>>;

/// A Rust value of one contract, encoded, with a way to check a decoding.
struct Case {
    name: String,
    full_name: &'static str,
    bytes: Vec<u8>,
    check: Check,
    to_json: ToJson,
    check_json: CheckJson,
}

/// `a` and `b` are the same value in the `compare` sense.
fn same<T: Contract>(a: &T, b: &T, compare: Compare) -> bool {
    match compare {
        Compare::Eq => a == b,
        Compare::Bits => a.encode_to_vec() == b.encode_to_vec(),
    }
}

fn case_with<T: JsonFields>(name: &str, value: T, compare: Compare) -> Case {
    assert!(
        name.starts_with(&format!("{}/", T::NAME)),
        "case {name:?} must be named after its message, {}",
        T::NAME
    );
    let bytes = value.encode_to_vec();
    let json_value = value.clone();
    let json_bytes = bytes.clone();
    let check = move |bytes: &[u8]| -> Result<(), String> {
        let decoded = T::decode_slice(bytes).map_err(|e| format!("leyline cannot decode: {e}"))?;
        if same(&decoded, &value, compare) {
            Ok(())
        } else {
            Err(format!(
                "decoded value differs from the original\n  original: {value:?}\n  decoded:  {decoded:?}"
            ))
        }
    };
    let to_json = move |options: &JsonOptions, from_view: bool| -> String {
        let written = if from_view {
            json::protobuf_to_string_with::<T>(&json_bytes, options)
        } else {
            json::to_string_with(&json_value, options)
        };
        written.unwrap_or_else(|e| panic!("leyline cannot write {} as JSON: {e}", T::FULL_NAME))
    };
    let check_json = move |text: &str, known: &[u8]| -> Result<(), String> {
        let want = T::decode_slice(known)
            .map_err(|e| format!("leyline cannot decode the value without unknown fields: {e}"))?;
        let parsed: T =
            json::from_str(text).map_err(|e| format!("leyline cannot read the JSON: {e}"))?;
        if same(&parsed, &want, compare) {
            Ok(())
        } else {
            Err(format!(
                "the JSON reads to another value\n  original: {want:?}\n  read:     {parsed:?}"
            ))
        }
    };
    Case {
        name: name.to_owned(),
        full_name: T::FULL_NAME,
        bytes,
        check: Box::new(check),
        to_json: Box::new(to_json),
        check_json: Box::new(check_json),
    }
}

fn case<T: JsonFields>(name: &str, value: T) -> Case {
    case_with(name, value, Compare::Eq)
}

fn case_bits<T: JsonFields>(name: &str, value: T) -> Case {
    case_with(name, value, Compare::Bits)
}

/// Non-ASCII text: two-byte, three-byte and four-byte UTF-8, and a dash.
const TEXT: &str = "Größe — 训练 🌱";

fn s(text: &str) -> String {
    text.to_owned()
}

fn strings<const N: usize>(items: [&str; N]) -> Vec<String> {
    items.into_iter().map(s).collect()
}

fn f32_map<const N: usize>(entries: [(&str, f32); N]) -> HashMap<String, f32> {
    entries.into_iter().map(|(k, v)| (s(k), v)).collect()
}

fn str_map<const N: usize>(entries: [(&str, &str); N]) -> HashMap<String, String> {
    entries.into_iter().map(|(k, v)| (s(k), s(v))).collect()
}

/// 2025-01-15T12:00:00.123456789Z.
const T0: Timestamp = Timestamp {
    seconds: 1_736_942_400,
    nanos: 123_456_789,
};

/// 1969-12-31T23:59:59.999999999Z: negative seconds, positive nanos.
const BEFORE_1970: Timestamp = Timestamp {
    seconds: -1,
    nanos: 999_999_999,
};

/// Every byte value, invalid UTF-8 included.
fn all_bytes() -> Vec<u8> {
    (0..=255u8).collect()
}

/// Unknown fields, one per wire type, as raw records written out by hand:
/// 50 varint 42, 51 fixed64 0x0807060504030201, 52 bytes "Größe",
/// 53 fixed32 0xdeadbeef, 54 a group holding field 1 = 1, and the highest
/// field number, 536870911, varint 1.
fn unknown_every_wire_type() -> UnknownFields {
    let mut unknown = UnknownFields::new();
    unknown.push_raw(&[0x90, 0x03, 0x2a]);
    unknown.push_raw(&[0x99, 0x03, 1, 2, 3, 4, 5, 6, 7, 8]);
    unknown.push_raw(&[0xa2, 0x03, 0x07, b'G', b'r', 0xc3, 0xb6, 0xc3, 0x9f, b'e']);
    unknown.push_raw(&[0xa2, 0x03, 0x00]);
    unknown.push_raw(&[0xad, 0x03, 0xef, 0xbe, 0xad, 0xde]);
    unknown.push_raw(&[0xb3, 0x03, 0x08, 0x01, 0xb4, 0x03]);
    unknown.push_raw(&[0xf8, 0xff, 0xff, 0xff, 0x0f, 0x01]);
    unknown
}

/// One unknown field: `number` (below 2048) as a varint `value` (below 128).
fn unknown_varint(number: u32, value: u8) -> UnknownFields {
    assert!(number < 2048 && value < 128);
    let key = number << 3;
    let mut unknown = UnknownFields::new();
    unknown.push_raw(&[0x80 | (key & 0x7f) as u8, (key >> 7) as u8, value]);
    unknown
}

// --- training

fn hardware_context_full() -> c::HardwareContext {
    c::HardwareContext {
        device_type: s("cuda"),
        device_id: s("cuda:0"),
        total_memory_gb: 80.0,
        available_memory_gb: 42.5,
        temperature_celsius: Some(65.25),
        utilization_percent: 93.5,
        compute_capability: 86,
        ..Default::default()
    }
}

fn seed_state_full() -> c::SeedState {
    c::SeedState {
        seed_id: s("seed-L03-02 🌱"),
        stage: c::SeedLifecycleStage::Grafting,
        gradient_norm: 0.125,
        learning_rate: 0.000_976_562_5,
        layer_depth: 3,
        metrics: f32_map([("loss", 0.5), ("accuracy", 0.875), ("Größe", -1.5)]),
        age_epochs: 12,
        risk_score: 0.25,
        ..Default::default()
    }
}

fn system_state_packet_full() -> c::SystemStatePacket {
    c::SystemStatePacket {
        version: 1,
        current_epoch: u32::MAX,
        validation_accuracy: 0.9375,
        validation_loss: 0.3125,
        timestamp_ns: u64::MAX,
        hardware_context: Some(hardware_context_full()),
        training_metrics: f32_map([
            ("grad_norm", 1.875),
            ("samples_per_second", 2843.0),
            ("", 0.0),
        ]),
        seed_states: vec![
            seed_state_full(),
            c::SeedState {
                seed_id: s("seed-L01-00"),
                stage: c::SeedLifecycleStage::Fossilized,
                ..Default::default()
            },
            c::SeedState::default(),
        ],
        packet_id: s("5f0c6a8e-3b7d-4c1a-9e2f-8d4b6a1c0e37"),
        global_step: 46_920,
        training_loss: 0.109_375,
        source_subsystem: s("tolaria"),
        training_run_id: s("run-0042"),
        experiment_name: s(TEXT),
        ..Default::default()
    }
}

fn training_cases() -> Vec<Case> {
    vec![
        case("HardwareContext/full", hardware_context_full()),
        case(
            "HardwareContext/temperature_zero",
            c::HardwareContext {
                device_type: s("cpu"),
                temperature_celsius: Some(0.0),
                ..Default::default()
            },
        ),
        case_bits(
            "HardwareContext/temperature_negative_zero",
            c::HardwareContext {
                device_type: s("cpu"),
                temperature_celsius: Some(-0.0),
                ..Default::default()
            },
        ),
        case(
            "HardwareContext/temperature_absent",
            c::HardwareContext {
                device_type: s("cpu"),
                temperature_celsius: None,
                ..Default::default()
            },
        ),
        case("SeedState/full", seed_state_full()),
        case(
            "SeedState/unknown_stage",
            c::SeedState {
                seed_id: s("seed-from-a-newer-producer"),
                stage: c::SeedLifecycleStage::from_value(42),
                ..Default::default()
            },
        ),
        case(
            "SeedState/negative_unknown_stage",
            c::SeedState {
                stage: c::SeedLifecycleStage::from_value(-7),
                ..Default::default()
            },
        ),
        case(
            "SeedState/unknown_fields",
            c::SeedState {
                seed_id: s("relay"),
                unknown_fields: unknown_every_wire_type(),
                ..Default::default()
            },
        ),
        case("SystemStatePacket/fixture", fixtures::system_state_packet()),
        case("SystemStatePacket/full", system_state_packet_full()),
        case(
            "SystemStatePacket/empty_hardware_context",
            c::SystemStatePacket {
                hardware_context: Some(c::HardwareContext::default()),
                ..c::SystemStatePacket::current()
            },
        ),
        case(
            "SystemStatePacket/nested_unknown_fields",
            c::SystemStatePacket {
                hardware_context: Some(c::HardwareContext {
                    device_type: s("cuda"),
                    unknown_fields: unknown_varint(99, 7),
                    ..Default::default()
                }),
                seed_states: vec![
                    c::SeedState {
                        seed_id: s("seed-a"),
                        ..Default::default()
                    },
                    c::SeedState {
                        seed_id: s("seed-b"),
                        unknown_fields: unknown_every_wire_type(),
                        ..Default::default()
                    },
                ],
                unknown_fields: unknown_varint(250, 1),
                ..c::SystemStatePacket::current()
            },
        ),
    ]
}

// --- control

fn seed_operation_full() -> c::CommandSeedOperation {
    c::CommandSeedOperation {
        operation: c::SeedOperation::FineTune,
        blueprint_id: s("bp-Größe-v2"),
        parameters: f32_map([("alpha", 0.25), ("blend_epochs", 5.0)]),
        ..Default::default()
    }
}

fn optimizer_adjustment_full() -> c::CommandOptimizerAdjustment {
    c::CommandOptimizerAdjustment {
        optimizer_id: s("adamw"),
        hyperparameters: f32_map([
            ("lr", 0.007_812_5),
            ("weight_decay", 0.015_625),
            ("beta1", 0.875),
        ]),
        ..Default::default()
    }
}

fn circuit_breaker_full() -> c::CommandCircuitBreaker {
    c::CommandCircuitBreaker {
        desired_state: c::CircuitBreakerState::HalfOpen,
        rationale: s(TEXT),
        ..Default::default()
    }
}

fn value(kind: Kind) -> Value {
    Value { kind: Some(kind) }
}

/// Rollback instructions using every kind of `google.protobuf.Value`.
fn rollback_struct() -> Struct {
    let limits = Struct {
        fields: BTreeMap::from([(s("max_ms"), value(Kind::NumberValue(1500.5)))]),
    };
    Struct {
        fields: BTreeMap::from([
            (
                s("checkpoint_id"),
                value(Kind::StringValue(s("ckpt-run0042-e0118"))),
            ),
            (s("epoch"), value(Kind::NumberValue(118.0))),
            (
                s("scope"),
                value(Kind::ListValue(ListValue {
                    values: vec![
                        value(Kind::StringValue(s("model"))),
                        value(Kind::StringValue(s("optimizer"))),
                        value(Kind::NumberValue(-0.5)),
                        value(Kind::BoolValue(true)),
                        value(Kind::NullValue(0)),
                    ],
                })),
            ),
            (s("dry_run"), value(Kind::BoolValue(false))),
            (s("reason"), value(Kind::NullValue(0))),
            (s("limits"), value(Kind::StructValue(limits))),
            (s("Größe"), value(Kind::StringValue(s(TEXT)))),
        ]),
    }
}

fn adaptation_command(
    command_type: c::CommandType,
    payload: Option<c::AdaptationPayload>,
) -> c::AdaptationCommand {
    c::AdaptationCommand {
        command_id: s("c3a1f7d2-8e4b-4f60-a9d5-2b7e1c4f8a90"),
        command_type,
        target_seed_id: s("seed-L03-02"),
        execution_deadline_ms: 500,
        issued_at: Some(T0),
        issued_by: s("tamiyo"),
        payload,
        annotations: str_map([("reason", "plateau_detected"), ("политика", TEXT)]),
        ..c::AdaptationCommand::current()
    }
}

fn control_cases() -> Vec<Case> {
    use c::AdaptationPayload as P;
    vec![
        case("CommandSeedOperation/full", seed_operation_full()),
        case(
            "CommandOptimizerAdjustment/full",
            optimizer_adjustment_full(),
        ),
        case("CommandCircuitBreaker/full", circuit_breaker_full()),
        case("AdaptationCommand/fixture", fixtures::adaptation_command()),
        case(
            "AdaptationCommand/seed_operation",
            adaptation_command(
                c::CommandType::Seed,
                Some(P::SeedOperation(seed_operation_full())),
            ),
        ),
        case(
            "AdaptationCommand/optimizer_adjustment",
            adaptation_command(
                c::CommandType::Optimizer,
                Some(P::OptimizerAdjustment(optimizer_adjustment_full())),
            ),
        ),
        case(
            "AdaptationCommand/circuit_breaker",
            adaptation_command(
                c::CommandType::CircuitBreaker,
                Some(P::CircuitBreaker(circuit_breaker_full())),
            ),
        ),
        case(
            "AdaptationCommand/rollback_payload",
            adaptation_command(
                c::CommandType::Rollback,
                Some(P::RollbackPayload(rollback_struct())),
            ),
        ),
        case(
            "AdaptationCommand/empty_payload_message",
            c::AdaptationCommand {
                command_type: c::CommandType::Seed,
                payload: Some(P::SeedOperation(c::CommandSeedOperation::default())),
                ..Default::default()
            },
        ),
        case(
            "AdaptationCommand/no_payload",
            c::AdaptationCommand {
                command_type: c::CommandType::Pause,
                execution_deadline_ms: u32::MAX,
                issued_at: Some(BEFORE_1970),
                payload: None,
                ..Default::default()
            },
        ),
    ]
}

// --- reports, blueprint, bus, envelope

fn mitigation_action_full() -> c::MitigationAction {
    c::MitigationAction {
        action_type: s("rollback"),
        rationale: s(TEXT),
        ..Default::default()
    }
}

fn blueprint_bounds(min_value: f64, max_value: f64) -> c::BlueprintParameterBounds {
    c::BlueprintParameterBounds {
        min_value,
        max_value,
        ..Default::default()
    }
}

fn envelope_cases() -> Vec<Case> {
    vec![
        case("MitigationAction/full", mitigation_action_full()),
        case(
            "FieldReport/full",
            c::FieldReport {
                version: 1,
                report_id: s("8d1c2b3a-0000-4000-8000-000000000001"),
                command_id: s("c3a1f7d2-8e4b-4f60-a9d5-2b7e1c4f8a90"),
                training_run_id: s("run-0042"),
                seed_id: s("seed-L03-02"),
                blueprint_id: s("bp-residual-bottleneck-v2"),
                outcome: c::FieldReportOutcome::Regression,
                metrics: f32_map([("accuracy_delta", -0.015_625), ("loss_delta", 0.062_5)]),
                observation_window_epochs: 5,
                issued_at: Some(T0),
                tamiyo_policy_version: s("v2.1.0"),
                follow_up_actions: vec![mitigation_action_full(), c::MitigationAction::default()],
                notes: s(TEXT),
                ..Default::default()
            },
        ),
        case(
            "FieldReport/unknown_outcome",
            c::FieldReport {
                outcome: c::FieldReportOutcome::from_value(99),
                ..c::FieldReport::current()
            },
        ),
        case(
            "BlueprintParameterBounds/full",
            blueprint_bounds(-2.5, 1e300),
        ),
        case(
            "BlueprintDescriptor/full",
            c::BlueprintDescriptor {
                blueprint_id: s("bp-residual-bottleneck-v2"),
                name: s("Residual bottleneck"),
                tier: c::BlueprintTier::HighRisk,
                allowed_parameters: HashMap::from([
                    (s("alpha"), blueprint_bounds(0.0, 1.0)),
                    (s("rank"), blueprint_bounds(1.0, 64.0)),
                    (
                        s("unbounded"),
                        blueprint_bounds(f64::NEG_INFINITY, f64::INFINITY),
                    ),
                    (s("Größe"), c::BlueprintParameterBounds::default()),
                ]),
                risk: 0.75,
                stage: 3,
                quarantine_only: true,
                approval_required: true,
                description: s(TEXT),
                ..Default::default()
            },
        ),
        case(
            "BusEnvelope/full",
            c::BusEnvelope {
                message_type: c::BusMessageType::PolicyUpdate,
                payload: all_bytes(),
                attributes: str_map([
                    ("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"),
                    ("route", TEXT),
                ]),
                ..Default::default()
            },
        ),
        case(
            "BusEnvelope/unknown_message_type",
            c::BusEnvelope {
                message_type: c::BusMessageType::from_value(6),
                payload: vec![0],
                ..Default::default()
            },
        ),
        case(
            "PolicyUpdate/full",
            c::PolicyUpdate {
                version: 1,
                policy_id: s("policy-7"),
                training_run_id: s("run-0042"),
                issued_at: Some(T0),
                tamiyo_policy_version: s("v2.1.0"),
                payload: vec![0x00, 0xff, 0xfe, 0x80, b'w', 0xc3, 0x28, 0x00],
                ..Default::default()
            },
        ),
        case("EventEnvelope/fixture", fixtures::event_envelope()),
        case(
            "EventEnvelope/full",
            c::EventEnvelope {
                event_id: s("9b2e4d71-0c5a-4e8f-b3d6-7a1f2c9e5b04"),
                event_type: s("training.state"),
                source_subsystem: s("tolaria"),
                created_at: Some(T0),
                processing_deadline: Some(Duration {
                    seconds: 0,
                    nanos: 50_000_000,
                }),
                ttl: Some(Duration {
                    seconds: 30,
                    nanos: 0,
                }),
                payload: all_bytes(),
                payload_type: s("esper.leyline.v1.SystemStatePacket"),
                content_encoding: s("json"),
                priority: c::MessagePriority::Critical,
                routing_keys: strings(["esper.training.state", "esper.训练", ""]),
                correlation_id: s("5f0c6a8e-3b7d-4c1a-9e2f-8d4b6a1c0e37"),
                delivery_guarantee: c::DeliveryGuarantee::ExactlyOnce,
                max_attempts: 5,
                current_attempt: 2,
                ..Default::default()
            },
        ),
        case(
            "EventEnvelope/before_1970_and_negative_duration",
            c::EventEnvelope {
                created_at: Some(BEFORE_1970),
                processing_deadline: Some(Duration {
                    seconds: 0,
                    nanos: 0,
                }),
                ttl: Some(Duration {
                    seconds: -2,
                    nanos: -250_000_000,
                }),
                ..Default::default()
            },
        ),
        case(
            "SealedFrame/full",
            c::SealedFrame {
                version: 1,
                key_id: s("esper-shared"),
                envelope: all_bytes(),
                tag: (0..32u8).rev().collect(),
                ..Default::default()
            },
        ),
    ]
}

// --- telemetry, budgets

fn telemetry_event(level: c::TelemetryLevel) -> c::TelemetryEvent {
    c::TelemetryEvent {
        event_id: s("evt-1"),
        description: s(TEXT),
        level,
        attributes: str_map([("seed_id", "seed-L03-02"), ("stage", "GRAFTING")]),
        ..Default::default()
    }
}

fn trace_span(span_id: &str, parent: &str) -> c::TraceSpan {
    c::TraceSpan {
        span_id: s(span_id),
        parent_span_id: s(parent),
        name: s("tolaria.epoch"),
        start_time: Some(T0),
        end_time: Some(Timestamp {
            seconds: T0.seconds + 1,
            nanos: 623_456_789,
        }),
        attributes: str_map([("epoch", "120"), ("device", "cuda:0")]),
        ..Default::default()
    }
}

fn system_health_full() -> c::SystemHealth {
    c::SystemHealth {
        status: c::HealthStatus::Critical,
        summary: s(TEXT),
        indicators: str_map([("gpu_memory", "ok"), ("温度", "hot")]),
        ..Default::default()
    }
}

fn metric_point(name: &str, value: f64) -> c::MetricPoint {
    c::MetricPoint {
        name: s(name),
        value,
        unit: s("ms"),
        attributes: str_map([("epoch", "120"), ("phase", "train")]),
        ..Default::default()
    }
}

fn telemetry_cases() -> Vec<Case> {
    vec![
        case(
            "MetricPoint/full",
            metric_point("tolaria.epoch.duration_ms", 0.1),
        ),
        case(
            "MetricPoint/negative_infinity",
            metric_point("loss", f64::NEG_INFINITY),
        ),
        case(
            "TelemetryEvent/full",
            telemetry_event(c::TelemetryLevel::Debug),
        ),
        case("TraceSpan/full", trace_span("span-2", "span-1")),
        case("SystemHealth/full", system_health_full()),
        case(
            "TelemetryPacket/full",
            c::TelemetryPacket {
                packet_id: s("tp-1"),
                timestamp: Some(T0),
                source_subsystem: s("kasmina"),
                level: c::TelemetryLevel::Warning,
                metrics: vec![metric_point("a", 1.5), metric_point("b", -2.25)],
                events: vec![
                    telemetry_event(c::TelemetryLevel::Info),
                    telemetry_event(c::TelemetryLevel::from_value(1000)),
                ],
                spans: vec![trace_span("span-1", ""), trace_span("span-2", "span-1")],
                system_health: Some(system_health_full()),
                ..Default::default()
            },
        ),
        case(
            "TelemetryPacket/unknown_level",
            c::TelemetryPacket {
                level: c::TelemetryLevel::from_value(6),
                ..Default::default()
            },
        ),
        case(
            "PerformanceBudgets/full",
            c::PerformanceBudgets {
                epoch_boundary_ms: 18,
                tamiyo_inference_ms: 12,
                systemstate_assembly_ms: 2,
                adaptation_processing_ms: 5,
                fast_rollback_ms: 500,
                full_rollback_seconds: 12,
                protobuf_serialization_us: 80,
                message_validation_us: 20,
                breaker_timeout_ms: 1_000,
                breaker_reset_seconds: 30,
                importance_tracking_overhead_percent: 3,
                checkpoint_analysis_minutes_min: 2,
                checkpoint_analysis_minutes_max: 5,
                structured_validation_seconds: 60,
                rollback_coordination_seconds: u32::MAX,
                ..Default::default()
            },
        ),
        case(
            "MemoryBudgets/full",
            c::MemoryBudgets {
                model_percent: 40.0,
                optimizer_percent: 20.0,
                gradients_percent: 12.5,
                checkpoints_percent: 5.0,
                telemetry_percent: 2.5,
                morphogenetic_percent: 7.5,
                emergency_percent: 5.25,
                importance_statistics_percent: 6.25,
                pruning_metadata_percent: 1.0,
                ..Default::default()
            },
        ),
        case(
            "SystemLimits/full",
            c::SystemLimits {
                max_seeds_per_epoch: 4,
                max_message_size_bytes: 280,
                max_queue_depth: 10_000,
                max_retry_attempts: 3,
                max_pause_quota: 2,
                max_gc_allocations_per_msg: 16,
                max_pruning_ratio_percent: 50,
                max_consecutive_pruning_failures: 3,
                max_checkpoint_storage_gb: 500,
                max_importance_history_days: 30,
                ..Default::default()
            },
        ),
    ]
}

// --- pruning, checkpoint

fn layer_importance_full() -> c::LayerImportance {
    c::LayerImportance {
        layer_name: s("encoder.层.0"),
        layer_type: s("MultiheadAttention"),
        granularity: c::PruningGranularity::AttentionHead,
        // Zero, negative zero, the smallest subnormal and the largest finite
        // float, packed on the wire.
        channel_importance: vec![
            0.0,
            0.5,
            -0.0,
            1.0,
            0.25,
            f32::from_bits(1),
            f32::MAX,
            -3.75,
        ],
        parameter_count: u64::MAX,
        flops: 1 << 40,
        mean_importance: 0.375,
        std_importance: 0.125,
        ..Default::default()
    }
}

fn importance_statistics_full() -> c::ImportanceStatistics {
    c::ImportanceStatistics {
        layers: vec![
            layer_importance_full(),
            c::LayerImportance {
                layer_name: s("fc"),
                channel_importance: vec![0.5],
                ..Default::default()
            },
        ],
        metric: c::ImportanceMetric::Fisher,
        batches_observed: 7_820,
        first_epoch: 100,
        last_epoch: 119,
        first_step: 39_100,
        last_step: 46_919,
        ema_decay: 0.984_375,
        ..Default::default()
    }
}

fn pruning_configuration_full() -> c::PruningConfiguration {
    c::PruningConfiguration {
        granularity: c::PruningGranularity::Neuron,
        importance_metric: c::ImportanceMetric::WeightMagnitude,
        target_sparsity: 0.3125,
        max_layer_sparsity: 0.5,
        importance_threshold: 0.0625,
        min_units_per_layer: 16,
        unit_multiple: 8,
        protected_layers: strings(["conv1", "fc", "encoder.层.0"]),
        dry_run: true,
        ..Default::default()
    }
}

fn analysis_result_full() -> c::StructuralAnalysisResult {
    c::StructuralAnalysisResult {
        layers_analyzed: 17,
        units_total: 3_904,
        units_pruned: 1_171,
        parameters_before: 11_689_512,
        parameters_after: 8_182_658,
        flops_before: 3_628_146_688,
        flops_after: u64::MAX,
        achieved_sparsity: 0.296_875,
        estimated_accuracy_drop: 0.007_812_5,
        layer_sparsity: f32_map([("layer1.0.conv1", 0.25), ("layer4.1.conv2", 0.5)]),
        warnings: strings(["layer3.1.conv2: few statistics", TEXT]),
        ..Default::default()
    }
}

fn pruning_mask(layer_name: &str) -> c::PruningMask {
    c::PruningMask {
        layer_name: s(layer_name),
        granularity: c::PruningGranularity::Channel,
        length: 12,
        bitmap: vec![0b1011_0101, 0b0000_1110],
        kept_count: 8,
        ..Default::default()
    }
}

fn layer_decision(layer_name: &str, units_after: u32) -> c::LayerPruningDecision {
    c::LayerPruningDecision {
        layer_name: s(layer_name),
        units_before: 64,
        units_after,
        importance_threshold: 0.1875,
        rationale: s(TEXT),
        ..Default::default()
    }
}

fn decision_report_full() -> c::PruningDecisionReport {
    c::PruningDecisionReport {
        decision: c::PruningDecision::Defer,
        rationale: s("more statistics needed"),
        layer_decisions: vec![
            layer_decision("layer1.0.conv1", 48),
            layer_decision("fc", 64),
        ],
        decided_by: s("elesh-heuristic-v3"),
        confidence: 0.9375,
        ..Default::default()
    }
}

fn safety_check(name: &str, passed: bool, observed: f64, threshold: f64) -> c::SafetyCheck {
    c::SafetyCheck {
        name: s(name),
        passed,
        observed,
        threshold,
        detail: s(TEXT),
        ..Default::default()
    }
}

fn safety_report_full() -> c::StructuralSafetyReport {
    c::StructuralSafetyReport {
        passed: true,
        checks: vec![
            safety_check("max_accuracy_drop", true, 0.0049, 0.01),
            safety_check("max_loss_increase", false, 0.07, 0.05),
        ],
        accuracy_before: 0.9375,
        accuracy_after: Some(0.921_875),
        loss_before: 0.25,
        loss_after: Some(0.3125),
        violated_constraints: strings(["max_loss_increase", "min_parameter_fraction"]),
        ..Default::default()
    }
}

fn pruning_cases() -> Vec<Case> {
    vec![
        case_bits("LayerImportance/full", layer_importance_full()),
        case("ImportanceStatistics/full", importance_statistics_full()),
        case("PruningConfiguration/full", pruning_configuration_full()),
        case(
            "StructuralPruningRequest/fixture",
            fixtures::structural_pruning_request(),
        ),
        case(
            "StructuralPruningRequest/full",
            c::StructuralPruningRequest {
                request_id: s("e7d45a10-6f2b-4c83-a1e9-3c5b8f0d2a66"),
                checkpoint_id: s("ckpt-run0042-e0120"),
                epoch: 120,
                phase: c::PruningPhase::Recovery,
                importance_stats: Some(importance_statistics_full()),
                config: Some(pruning_configuration_full()),
                safety_constraints: f32_map([
                    ("max_accuracy_drop", 0.015_625),
                    ("max_loss_increase", 0.0625),
                    ("min_parameter_fraction", 0.5),
                ]),
                created_at: Some(T0),
                source_subsystem: s("emrakul"),
                timeout: Some(Duration {
                    seconds: 1_800,
                    nanos: 500_000_000,
                }),
                ..Default::default()
            },
        ),
        case("StructuralAnalysisResult/full", analysis_result_full()),
        case("PruningMask/full", pruning_mask("layer1.0.conv1")),
        case(
            "LayerPruningDecision/full",
            layer_decision("layer1.0.conv1", 48),
        ),
        case("PruningDecisionReport/full", decision_report_full()),
        case(
            "SafetyCheck/full",
            safety_check("max_accuracy_drop", true, 0.0049, 0.01),
        ),
        case_bits(
            "SafetyCheck/nan_and_infinity",
            safety_check("loss_is_finite", false, f64::NAN, f64::INFINITY),
        ),
        case("StructuralSafetyReport/full", safety_report_full()),
        case(
            "StructuralSafetyReport/optional_zero",
            c::StructuralSafetyReport {
                accuracy_after: Some(0.0),
                loss_after: Some(0.0),
                ..Default::default()
            },
        ),
        case(
            "StructuralSafetyReport/optional_absent",
            c::StructuralSafetyReport {
                accuracy_before: 0.5,
                accuracy_after: None,
                loss_after: None,
                ..Default::default()
            },
        ),
        case(
            "StructuralPruningResponse/full",
            c::StructuralPruningResponse {
                request_id: s("e7d45a10-6f2b-4c83-a1e9-3c5b8f0d2a66"),
                response_id: s("1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d"),
                validation_passed: true,
                analysis_result: Some(analysis_result_full()),
                pruning_masks: vec![
                    pruning_mask("layer1.0.conv1"),
                    pruning_mask("layer2.0.conv1"),
                ],
                decision_report: Some(decision_report_full()),
                safety_report: Some(c::StructuralSafetyReport {
                    loss_after: None,
                    ..safety_report_full()
                }),
                rollback_required: true,
                rollback_reason: s(TEXT),
                completed_at: Some(T0),
                source_subsystem: s("elesh"),
                processing_time_ms: 93_000,
                ..Default::default()
            },
        ),
        case(
            "CheckpointMetadata/full",
            c::CheckpointMetadata {
                version: 1,
                checkpoint_id: s("ckpt-run0042-e0120"),
                training_run_id: s("run-0042"),
                epoch: 120,
                global_step: 46_920,
                created_at: Some(T0),
                storage_uri: s("s3://esper-checkpoints/run-0042/e0120/Größe.pt"),
                sha256: s("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                size_bytes: 1 << 33,
                format: c::CheckpointFormat::TorchDistributed,
                format_version: s("torch 2.4.0"),
                kind: c::CheckpointKind::WeightsOnly,
                parent_checkpoint_id: s("ckpt-run0042-e0110"),
                architecture_digest: s(
                    "sha256:3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
                ),
                validation_accuracy: 0.9375,
                validation_loss: 0.3125,
                active_seed_ids: strings(["seed-L03-02", "seed-L04-07"]),
                source_subsystem: s("tolaria"),
                compression: s("zstd"),
                annotations: str_map([("reason", "pre_pruning"), ("note", TEXT)]),
                ..Default::default()
            },
        ),
    ]
}

/// The default value of every contract, under `<Message>/empty`.
macro_rules! empty_cases {
    ($($ty:ident),* $(,)?) => {
        vec![$(case(concat!(stringify!($ty), "/empty"), c::$ty::default())),*]
    };
}

fn cases() -> Vec<Case> {
    let mut all = empty_cases![
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
    ];
    all.extend(training_cases());
    all.extend(control_cases());
    all.extend(envelope_cases());
    all.extend(telemetry_cases());
    all.extend(pruning_cases());
    all
}

// ---------------------------------------------------------------------------
// Running Python

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace root")
        .to_path_buf()
}

/// The interpreter from `LEYLINE_PYTHON`, or `None` (after saying why) when the
/// test is to be skipped; under CI a missing interpreter fails the test.
fn python() -> Option<PathBuf> {
    match std::env::var_os("LEYLINE_PYTHON") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) => panic!(
            "LEYLINE_PYTHON is not set: CI must install the Python environment \
             (.ci/requirements.txt) and point LEYLINE_PYTHON at its interpreter"
        ),
        _ => {
            eprintln!(
                "skipping the Python interop test: set LEYLINE_PYTHON to a Python with \
                 the packages of .ci/requirements.txt (bash .ci/run does)"
            );
            None
        }
    }
}

fn proto_files(dir: &Path, relative: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir.join(relative)).expect("read proto-out") {
        let entry = entry.expect("entry");
        let child = relative.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            proto_files(dir, &child, out);
        } else if child.extension().is_some_and(|e| e == "proto") {
            out.push(child);
        }
    }
}

fn run(command: &mut Command, what: &str) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{what} failed ({})\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    if !stderr.trim().is_empty() {
        eprintln!("{what} (stderr):\n{stderr}");
    }
    stdout
}

/// A fresh directory `name` under the test's scratch space, with `generated/`
/// (the classes protoc generates from `proto-out/`) and `cases/`.
fn python_work(python: &Path, name: &str) -> (PathBuf, PathBuf) {
    let proto_out = repo_root().join("proto-out");
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&work);
    let generated = work.join("generated");
    let case_dir = work.join("cases");
    std::fs::create_dir_all(&generated).unwrap();
    std::fs::create_dir_all(&case_dir).unwrap();

    // Google's protoc (from grpcio-tools) generates the Python classes.
    let mut files = Vec::new();
    proto_files(&proto_out, Path::new(""), &mut files);
    files.sort();
    assert!(
        !files.is_empty(),
        "no .proto files in {}",
        proto_out.display()
    );
    run(
        Command::new(python)
            .args(["-m", "grpc_tools.protoc", "--fatal_warnings"])
            .arg(format!("--proto_path={}", proto_out.display()))
            .arg(format!("--python_out={}", generated.display()))
            .args(&files),
        "protoc --python_out",
    );
    (generated, case_dir)
}

/// Fails unless every Esper message has a case with content, not only
/// `/empty`.
fn assert_every_message_has_content(cases: &[Case]) {
    for schema in leyline::contracts::all_messages() {
        let prefix = format!("{}/", schema.name);
        assert!(
            cases
                .iter()
                .any(|c| c.name.starts_with(&prefix) && !c.name.ends_with("/empty")),
            "no case with content for {}",
            schema.full_name
        );
    }
}

#[test]
fn python_round_trip_of_every_message() {
    let Some(python) = python() else { return };
    let root = repo_root();
    let (generated, case_dir) = python_work(&python, "python-interop");
    let cases = cases();
    assert_every_message_has_content(&cases);
    let mut manifest = String::new();
    for (i, case) in cases.iter().enumerate() {
        assert!(
            cases[..i].iter().all(|other| other.name != case.name),
            "two cases named {}",
            case.name
        );
        let id = format!("c{i:03}");
        std::fs::write(case_dir.join(format!("{id}.rust.bin")), &case.bytes).unwrap();
        writeln!(manifest, "{id}\t{}\t{}", case.full_name, case.name).unwrap();
    }
    std::fs::write(case_dir.join("cases.tsv"), manifest).unwrap();

    let report = run(
        Command::new(&python)
            .arg(root.join("tests/python/roundtrip.py"))
            .arg("--generated")
            .arg(&generated)
            .arg("--cases")
            .arg(&case_dir),
        "tests/python/roundtrip.py",
    );
    print!("{report}");

    // leyline decodes what Python wrote: its re-encoding of our bytes, and its
    // encoding of the values it built itself.
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        for (suffix, what) in [
            ("python.bin", "Python's re-encoding of leyline's bytes"),
            (
                "expected.bin",
                "Python's encoding of its own expected value",
            ),
        ] {
            let path = case_dir.join(format!("c{i:03}.{suffix}"));
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("{}: {} is missing: {e}", case.name, path.display()));
            if let Err(err) = (case.check)(&bytes) {
                failures.push(format!("{} ({what}): {err}", case.name));
            }
        }
    }
    println!(
        "rust: decoded {} Python encodings of {} cases",
        2 * cases.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} Python encodings do not decode to the original value:\n{}",
        failures.len(),
        2 * cases.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// JSON: the proto3 JSON mapping, both ways, against Python's json_format

/// The JSON option sets, each with the keyword arguments of Python's
/// `json_format.MessageToDict` that mean the same: written by leyline, each
/// must parse in Python (`json_format.Parse`) to the original message and be,
/// as a JSON value (`json.loads`), what `MessageToDict` makes of it with those
/// arguments.
fn json_option_sets() -> Vec<(&'static str, JsonOptions, &'static str)> {
    let o = JsonOptions::default;
    vec![
        ("default", o(), "{}"),
        (
            "proto_names",
            o().proto_field_names(true),
            r#"{"preserving_proto_field_name": true}"#,
        ),
        (
            "emit_defaults",
            o().emit_default_values(true),
            r#"{"always_print_fields_with_no_presence": true}"#,
        ),
        (
            "enums_as_numbers",
            o().enums_as_numbers(true),
            r#"{"use_integers_for_enums": true}"#,
        ),
        // How Nissa indexes TelemetryPackets into Elasticsearch.
        (
            "proto_names_emit_defaults",
            o().proto_field_names(true).emit_default_values(true),
            r#"{"preserving_proto_field_name": true, "always_print_fields_with_no_presence": true}"#,
        ),
    ]
}

/// What `tests/python/json_roundtrip.py` writes for each case, by Python's
/// `json_format`: `MessageToJson` and `MessageToDict` (through `json.dumps`),
/// with the default options and with `preserving_proto_field_name=True`.
const PYTHON_JSON_FORMS: [&str; 4] = ["json", "json_proto_names", "dict", "dict_proto_names"];

/// Every case of `python_round_trip_of_every_message`, as proto3 JSON:
///
/// 1. leyline writes each case's value as JSON with every option set of
///    [`json_option_sets`], from the owned value and from its protobuf bytes
///    (the view transcoder);
/// 2. `tests/python/json_roundtrip.py` decodes the protobuf bytes with the
///    protoc-generated class, parses each of leyline's texts with
///    `json_format.Parse` and requires the same message (compared by
///    deterministic serialization, so that NaN and the sign of zero count),
///    requires each text, as a JSON value, to be what `MessageToDict` makes of
///    the message with the matching options, and writes its own
///    `MessageToJson` and `MessageToDict` texts ([`PYTHON_JSON_FORMS`]);
/// 3. leyline reads each of Python's texts back to the original value.
///
/// JSON has no unknown fields: the original here is the case's value without
/// them, which Python writes (after `DiscardUnknownFields`) as `<id>.known.bin`.
#[test]
fn python_json_of_every_message() {
    let Some(python) = python() else { return };
    let root = repo_root();
    let (generated, case_dir) = python_work(&python, "python-json");
    let cases = cases();
    assert_every_message_has_content(&cases);
    assert!(cases.iter().any(|c| c.name == "TelemetryPacket/full"));

    let sets = json_option_sets();
    let mut options_tsv = String::new();
    for (name, _, python_kwargs) in &sets {
        writeln!(options_tsv, "{name}\t{python_kwargs}").unwrap();
    }
    std::fs::write(case_dir.join("options.tsv"), options_tsv).unwrap();
    let mut manifest = String::new();
    for (i, case) in cases.iter().enumerate() {
        let id = format!("j{i:03}");
        std::fs::write(case_dir.join(format!("{id}.rust.bin")), &case.bytes).unwrap();
        for (set, options, _) in &sets {
            for (from_view, source) in [(false, "rust"), (true, "view")] {
                let text = (case.to_json)(options, from_view);
                std::fs::write(case_dir.join(format!("{id}.{source}.{set}.json")), text).unwrap();
            }
        }
        writeln!(manifest, "{id}\t{}\t{}", case.full_name, case.name).unwrap();
    }
    std::fs::write(case_dir.join("cases.tsv"), manifest).unwrap();

    let report = run(
        Command::new(&python)
            .arg(root.join("tests/python/json_roundtrip.py"))
            .arg("--generated")
            .arg(&generated)
            .arg("--cases")
            .arg(&case_dir),
        "tests/python/json_roundtrip.py",
    );
    print!("{report}");

    let mut failures = Vec::new();
    let mut read = 0;
    for (i, case) in cases.iter().enumerate() {
        let known_path = case_dir.join(format!("j{i:03}.known.bin"));
        let known = std::fs::read(&known_path)
            .unwrap_or_else(|e| panic!("{}: {} is missing: {e}", case.name, known_path.display()));
        for form in PYTHON_JSON_FORMS {
            let path = case_dir.join(format!("j{i:03}.python.{form}.json"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {} is missing: {e}", case.name, path.display()));
            read += 1;
            if let Err(err) = (case.check_json)(&text, &known) {
                failures.push(format!(
                    "{} (Python's {form}): {err}\n  text: {text}",
                    case.name
                ));
            }
        }
    }
    println!(
        "rust: read {read} JSON texts Python wrote for {} cases",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {read} JSON texts from Python do not read to the original value:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// leyline, like prost, treats `-0.0` as the default of a float field without
/// presence and does not write it; Google's runtimes (C++, Java, Python upb)
/// compare bits and write it. Decoding keeps the sign either way. This pins
/// leyline's side so that a change is noticed (and the Python case added).
#[test]
fn implicit_negative_zero_is_not_written() {
    let decision = c::LayerPruningDecision {
        importance_threshold: -0.0,
        ..Default::default()
    };
    assert!(decision.encode_to_vec().is_empty());
    // What Python writes for the same value: field 4, fixed32, 0x80000000.
    let from_python = c::LayerPruningDecision::decode_slice(&[0x25, 0, 0, 0, 0x80]).unwrap();
    assert!(from_python.importance_threshold.is_sign_negative());
    assert_eq!(from_python.importance_threshold, 0.0);
}

// ---------------------------------------------------------------------------
// Field order: oneof variants at their own numbers

/// Contracts whose oneofs interleave with their fields and with each other.
/// Field numbers, in order: 1 choice, 2 other, 3, 5, 6-7 third, 10, 11 other,
/// 12 choice, 13 other, 15, 20 choice, 21 other, 22, 24, 25 choice, 26, 27, 28,
/// 30 choice, 35, 40 other, 45 third, 49 (below the numbers 50 to 54 of
/// `unknown_every_wire_type`).
mod order {
    use std::collections::{BTreeMap, HashMap};

    /// An open enumeration with a negative value.
    #[leyline::enumeration(package = "leyline.interop.v1")]
    pub enum Level {
        Unspecified = 0,
        Low = 1,
        High = 2,
        Below = -4,
    }

    /// Every scalar kind, declared out of number order.
    #[leyline::message(package = "leyline.interop.v1")]
    pub struct Leaf {
        #[leyline(field = 16)]
        pub level: Level,
        #[leyline(field = 1)]
        pub f_double: f64,
        #[leyline(field = 2)]
        pub f_float: f32,
        #[leyline(field = 3)]
        pub f_int32: i32,
        #[leyline(field = 4)]
        pub f_int64: i64,
        #[leyline(field = 5)]
        pub f_uint32: u32,
        #[leyline(field = 6)]
        pub f_uint64: u64,
        #[leyline(field = 7, encoding = "sint32")]
        pub f_sint32: i32,
        #[leyline(field = 8, encoding = "sint64")]
        pub f_sint64: i64,
        #[leyline(field = 9, encoding = "fixed32")]
        pub f_fixed32: u32,
        #[leyline(field = 10, encoding = "fixed64")]
        pub f_fixed64: u64,
        #[leyline(field = 11, encoding = "sfixed32")]
        pub f_sfixed32: i32,
        #[leyline(field = 12, encoding = "sfixed64")]
        pub f_sfixed64: i64,
        #[leyline(field = 13)]
        pub f_bool: bool,
        #[leyline(field = 14)]
        pub f_string: String,
        #[leyline(field = 15)]
        pub f_bytes: Vec<u8>,
    }

    /// Numbered around `Ordered`'s fields: 1 before all of them, 30 after 5.
    #[leyline::oneof]
    pub enum Choice {
        #[leyline(field = 30)]
        Far(Leaf),
        #[leyline(field = 1)]
        Text(String),
        #[leyline(field = 12, encoding = "sint32")]
        Num(i32),
        #[leyline(field = 20)]
        Level(Level),
        #[leyline(field = 25)]
        Blob(Vec<u8>),
    }

    /// Taking turns with `Choice`.
    #[leyline::oneof]
    pub enum Other {
        #[leyline(field = 2)]
        Flag(bool),
        #[leyline(field = 11, encoding = "fixed64")]
        Fixed(u64),
        #[leyline(field = 13)]
        Ratio(f64),
        #[leyline(field = 21)]
        Leaf(Leaf),
        #[leyline(field = 40)]
        Tail(String),
    }

    /// Two variants side by side (6 and 7), one far away (45).
    #[leyline::oneof]
    pub enum Third {
        #[leyline(field = 45)]
        C(u32),
        #[leyline(field = 6)]
        A(u32),
        #[leyline(field = 7)]
        B(String),
    }

    /// The oneofs declared first, the fields after them, out of number order.
    #[leyline::message(package = "leyline.interop.v1")]
    pub struct Ordered {
        #[leyline(oneof)]
        pub choice: Option<Choice>,
        #[leyline(field = 5)]
        pub after: u32,
        #[leyline(oneof)]
        pub other: Option<Other>,
        #[leyline(oneof)]
        pub third: Option<Third>,
        #[leyline(field = 3)]
        pub weight: Option<f32>,
        #[leyline(field = 10)]
        pub counts: Vec<i64>,
        #[leyline(field = 15)]
        pub names: Vec<String>,
        #[leyline(field = 22)]
        pub leaves: Vec<Leaf>,
        #[leyline(field = 24)]
        pub by_name: BTreeMap<String, Leaf>,
        #[leyline(field = 26)]
        pub labels: HashMap<i32, String>,
        #[leyline(field = 27)]
        pub levels: Vec<Level>,
        #[leyline(field = 28, encoding = "sint64")]
        pub deltas: Vec<i64>,
        #[leyline(field = 35)]
        pub nested: Option<Box<Ordered>>,
        #[leyline(field = 49)]
        pub at: Option<leyline::Timestamp>,
        #[leyline(unknown_fields)]
        pub unknown: leyline::UnknownFields,
    }
}

fn leaf_full() -> order::Leaf {
    order::Leaf {
        level: order::Level::Below,
        f_double: -2.5,
        f_float: 0.375,
        f_int32: -123_456,
        f_int64: i64::MIN,
        f_uint32: u32::MAX,
        f_uint64: u64::MAX,
        f_sint32: -1,
        f_sint64: i64::MAX,
        f_fixed32: 0xdead_beef,
        f_fixed64: 1 << 40,
        f_sfixed32: i32::MIN,
        f_sfixed64: -7,
        f_bool: true,
        f_string: s(TEXT),
        f_bytes: all_bytes(),
    }
}

/// Every plain field of `Ordered` set; the oneofs left to the caller.
fn ordered_fields() -> order::Ordered {
    order::Ordered {
        after: 5,
        weight: Some(-0.0),
        counts: vec![0, -1, i64::MAX],
        names: strings(["a", "", TEXT]),
        leaves: vec![
            order::Leaf {
                f_string: s("first"),
                ..Default::default()
            },
            order::Leaf::default(),
            leaf_full(),
        ],
        by_name: BTreeMap::from([
            (s("alpha"), leaf_full()),
            (
                s("beta"),
                order::Leaf {
                    f_bool: true,
                    ..Default::default()
                },
            ),
        ]),
        labels: HashMap::from([(-9, s(TEXT))]),
        levels: vec![
            order::Level::High,
            order::Level::from_value(77),
            order::Level::Below,
        ],
        deltas: vec![-1, 1, i64::MIN],
        at: Some(BEFORE_1970),
        ..Default::default()
    }
}

fn order_cases() -> Vec<Case> {
    use order::{Choice, Other, Third};
    vec![
        case("Leaf/full", leaf_full()),
        case("Ordered/empty", order::Ordered::default()),
        case(
            "Ordered/far_and_tail",
            order::Ordered {
                choice: Some(Choice::Far(leaf_full())),
                other: Some(Other::Tail(s(TEXT))),
                third: Some(Third::B(s("b"))),
                ..ordered_fields()
            },
        ),
        case(
            "Ordered/first_and_flag",
            order::Ordered {
                choice: Some(Choice::Text(s("t"))),
                other: Some(Other::Flag(true)),
                third: Some(Third::A(0)),
                ..ordered_fields()
            },
        ),
        case(
            "Ordered/taking_turns",
            order::Ordered {
                choice: Some(Choice::Num(-7)),
                other: Some(Other::Fixed(11)),
                third: Some(Third::C(45)),
                ..ordered_fields()
            },
        ),
        case_bits(
            "Ordered/defaults_in_variants",
            order::Ordered {
                choice: Some(Choice::Level(order::Level::Unspecified)),
                other: Some(Other::Ratio(-0.0)),
                third: Some(Third::B(String::new())),
                after: 1,
                ..Default::default()
            },
        ),
        case(
            "Ordered/empty_message_variant",
            order::Ordered {
                choice: Some(Choice::Blob(Vec::new())),
                other: Some(Other::Leaf(order::Leaf::default())),
                after: 1,
                ..Default::default()
            },
        ),
        case(
            "Ordered/nested",
            order::Ordered {
                choice: Some(Choice::Blob(all_bytes())),
                other: Some(Other::Leaf(leaf_full())),
                nested: Some(Box::new(order::Ordered {
                    choice: Some(Choice::Level(order::Level::Low)),
                    other: Some(Other::Ratio(0.5)),
                    nested: Some(Box::new(order::Ordered {
                        choice: Some(Choice::Far(leaf_full())),
                        other: Some(Other::Flag(false)),
                        after: 9,
                        unknown: unknown_varint(99, 7),
                        ..Default::default()
                    })),
                    ..ordered_fields()
                })),
                unknown: unknown_every_wire_type(),
                ..ordered_fields()
            },
        ),
    ]
}

#[test]
fn python_writes_what_leyline_writes() {
    let Some(python) = python() else { return };
    let root = repo_root();
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("python-field-order");
    let _ = std::fs::remove_dir_all(&work);
    let (proto_dir, generated, case_dir) = (
        work.join("proto"),
        work.join("generated"),
        work.join("cases"),
    );
    for dir in [&proto_dir, &generated, &case_dir] {
        std::fs::create_dir_all(dir).unwrap();
    }

    // The contracts' `.proto`, as leyline exports them; protoc compiles it.
    leyline::export::Exporter::new()
        .message::<order::Ordered>()
        .export()
        .unwrap()
        .write_dir(&proto_dir)
        .unwrap();
    let mut files = Vec::new();
    proto_files(&proto_dir, Path::new(""), &mut files);
    files.sort();
    assert_eq!(files, [PathBuf::from("leyline/interop/v1/interop.proto")]);
    run(
        Command::new(&python)
            .args(["-m", "grpc_tools.protoc", "--fatal_warnings"])
            .arg(format!("--proto_path={}", proto_dir.display()))
            .arg(format!("--python_out={}", generated.display()))
            .args(&files),
        "protoc --python_out (field order)",
    );

    let cases = order_cases();
    let mut manifest = String::new();
    for (i, case) in cases.iter().enumerate() {
        let id = format!("o{i:03}");
        std::fs::write(case_dir.join(format!("{id}.rust.bin")), &case.bytes).unwrap();
        writeln!(manifest, "{id}\t{}\t{}", case.full_name, case.name).unwrap();
    }
    std::fs::write(case_dir.join("cases.tsv"), manifest).unwrap();
    let report = run(
        Command::new(&python)
            .arg(root.join("tests/python/field_order.py"))
            .arg("--generated")
            .arg(&generated)
            .arg("--cases")
            .arg(&case_dir),
        "tests/python/field_order.py",
    );
    print!("{report}");

    // leyline decodes what Python wrote to the original value.
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let path = case_dir.join(format!("o{i:03}.python.bin"));
        let bytes = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {} is missing: {e}", case.name, path.display()));
        assert_eq!(
            bytes, case.bytes,
            "{}: field_order.py passed but wrote other bytes",
            case.name
        );
        if let Err(err) = (case.check)(&bytes) {
            failures.push(format!("{}: {err}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// leyline, like prost, leaves a map entry's key or value out when it is the
/// default; Google's runtimes write both: for `by_name["beta"] = Leaf()`, upb
/// writes the entry `0a 04 "beta" 12 00` (seen in
/// `python_writes_what_leyline_writes`, whose cases therefore hold no default
/// key or value in a map). Decoding reads either. This pins leyline's side, so
/// that a change is noticed (and the Python case added).
#[test]
fn map_entry_defaults_are_not_written() {
    let v = order::Ordered {
        by_name: BTreeMap::from([(s("beta"), order::Leaf::default())]),
        ..Default::default()
    };
    // Field 24, an entry of 6 bytes: the key "beta" and no value.
    assert_eq!(
        v.encode_to_vec(),
        [0xc2, 0x01, 0x06, 0x0a, 0x04, b'b', b'e', b't', b'a']
    );
    let from_python = [
        0xc2, 0x01, 0x08, 0x0a, 0x04, b'b', b'e', b't', b'a', 0x12, 0x00,
    ];
    assert_eq!(order::Ordered::decode_slice(&from_python).unwrap(), v);
}
