//! Property tests of proto3 JSON on every Esper contract, with the random
//! values of `tests/esper_strategies.rs` (shared with the wire tests):
//!
//! - JSON → message → JSON is stable: a value's JSON reads back to the same
//!   value, and that value writes the same JSON again (default options, and
//!   with `proto_field_names` + `emit_default_values`; compared as JSON
//!   values, since a `HashMap` field's members come in its iteration order);
//! - binary and JSON round trips agree: binary → message equals
//!   JSON → message, and the one-pass view transcoder
//!   (`protobuf_to_string`) writes the same text as the owned writer;
//! - a value JSON cannot represent (a timestamp or duration out of range, a
//!   non-finite number in a `Struct`) is a clean `Unrepresentable` error from
//!   every writer, never a panic.

// Test code may panic: a failed expectation is the test failing.
#![allow(clippy::expect_used)]

use std::collections::{BTreeMap, HashMap};

use leyline::contracts::{self as c, all_messages};
use leyline::json::{self, JsonErrorKind, JsonFields, JsonMessage, JsonOptions};
use leyline::{Contract, Enumeration};
use proptest::collection::{hash_map, vec};
use proptest::prelude::*;

include!("esper_strategies.rs");

fn fail(what: &str, e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(format!("{what}: {e}"))
}

fn as_value(text: &str) -> Result<serde_json::Value, TestCaseError> {
    serde_json::from_str(text).map_err(|e| fail(text, e))
}

fn json_round_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Contract + JsonMessage + JsonFields + serde::Serialize + std::fmt::Debug,
{
    let bytes = value.encode_to_vec();
    let options = [
        JsonOptions::default(),
        JsonOptions::default()
            .proto_field_names(true)
            .emit_default_values(true),
    ];
    for options in &options {
        let text = match json::to_string_with(value, options) {
            Ok(text) => text,
            Err(e) => {
                // No JSON form: every writer says so, the same way.
                prop_assert_eq!(e.kind(), &JsonErrorKind::Unrepresentable, "{}", e);
                let streamed = json::protobuf_to_string_with::<T>(&bytes, options)
                    .expect_err("the transcoder writes what the owned writer refuses");
                prop_assert_eq!(streamed.kind(), &JsonErrorKind::Unrepresentable);
                continue;
            }
        };
        // JSON → message gives the value back, and writes the same text.
        let back: T = json::from_str_with(&text, options).map_err(|e| fail(&text, e))?;
        prop_assert_eq!(&back, value, "{}", text);
        let again = json::to_string_with(&back, options).map_err(|e| fail("again", e))?;
        // The same JSON value (a `HashMap` field's members may come in
        // another order; `serde_json::Value` objects compare as maps).
        prop_assert_eq!(as_value(&again)?, as_value(&text)?);

        // Binary and JSON round trips agree.
        let from_binary = T::decode_slice(&bytes).map_err(|e| fail("binary", e))?;
        prop_assert_eq!(&from_binary, &back);
        let streamed =
            json::protobuf_to_string_with::<T>(&bytes, options).map_err(|e| fail("view", e))?;
        let from_stream: T =
            json::from_str_with(&streamed, options).map_err(|e| fail(&streamed, e))?;
        prop_assert_eq!(&from_stream, value, "{}", streamed);
        prop_assert_eq!(as_value(&streamed)?, as_value(&text)?);
        // The binary of the JSON-read value is the binary of the value.
        prop_assert_eq!(back.encode_deterministic(), value.encode_deterministic());
    }
    // serde gives the default options' text.
    if let Ok(text) = json::to_string(value) {
        prop_assert_eq!(
            serde_json::to_string(value).map_err(|e| fail("serde", e))?,
            text
        );
    }
    Ok(())
}

macro_rules! json_tests {
    ($($test:ident: $ours:ty, $strategy:ident;)*) => {
        proptest! {
            #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
            $(
                #[test]
                fn $test(value in $strategy(3)) {
                    json_round_trip::<$ours>(&value)?;
                }
            )*
        }

        /// Every registered message has a JSON property test above.
        #[test]
        fn every_message_has_a_json_test() {
            let mut tested = vec![$(<$ours as Contract>::FULL_NAME),*];
            let mut all: Vec<&str> = all_messages().iter().map(|m| m.full_name).collect();
            tested.sort_unstable();
            all.sort_unstable();
            assert_eq!(tested, all);
        }
    };
}

json_tests! {
    hardware_context_json: c::HardwareContext, hardware_context;
    seed_state_json: c::SeedState, seed_state;
    system_state_packet_json: c::SystemStatePacket, system_state_packet;
    command_seed_operation_json: c::CommandSeedOperation, command_seed_operation;
    command_optimizer_adjustment_json: c::CommandOptimizerAdjustment, command_optimizer_adjustment;
    command_circuit_breaker_json: c::CommandCircuitBreaker, command_circuit_breaker;
    adaptation_command_json: c::AdaptationCommand, adaptation_command;
    mitigation_action_json: c::MitigationAction, mitigation_action;
    field_report_json: c::FieldReport, field_report;
    blueprint_parameter_bounds_json: c::BlueprintParameterBounds, blueprint_parameter_bounds;
    blueprint_descriptor_json: c::BlueprintDescriptor, blueprint_descriptor;
    bus_envelope_json: c::BusEnvelope, bus_envelope;
    policy_update_json: c::PolicyUpdate, policy_update;
    metric_point_json: c::MetricPoint, metric_point;
    telemetry_event_json: c::TelemetryEvent, telemetry_event;
    trace_span_json: c::TraceSpan, trace_span;
    system_health_json: c::SystemHealth, system_health;
    telemetry_packet_json: c::TelemetryPacket, telemetry_packet;
    event_envelope_json: c::EventEnvelope, event_envelope;
    performance_budgets_json: c::PerformanceBudgets, performance_budgets;
    memory_budgets_json: c::MemoryBudgets, memory_budgets;
    system_limits_json: c::SystemLimits, system_limits;
    layer_importance_json: c::LayerImportance, layer_importance;
    importance_statistics_json: c::ImportanceStatistics, importance_statistics;
    pruning_configuration_json: c::PruningConfiguration, pruning_configuration;
    structural_pruning_request_json: c::StructuralPruningRequest, structural_pruning_request;
    structural_analysis_result_json: c::StructuralAnalysisResult, structural_analysis_result;
    pruning_mask_json: c::PruningMask, pruning_mask;
    layer_pruning_decision_json: c::LayerPruningDecision, layer_pruning_decision;
    pruning_decision_report_json: c::PruningDecisionReport, pruning_decision_report;
    safety_check_json: c::SafetyCheck, safety_check;
    structural_safety_report_json: c::StructuralSafetyReport, structural_safety_report;
    structural_pruning_response_json: c::StructuralPruningResponse, structural_pruning_response;
    checkpoint_metadata_json: c::CheckpointMetadata, checkpoint_metadata;
    sealed_frame_json: c::SealedFrame, sealed_frame;
}
