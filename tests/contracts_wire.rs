//! Wire proof for the Esper contracts: `leyline::contracts` against the Python
//! wire format, stated independently in
//! `proto/esper/leyline/v1/python_contracts.proto` (written by hand) and
//! compiled by prost-build into `leyline_tests::esper`.
//!
//! - `schemas_match_the_python_proto`: every message and enumeration has the
//!   same fields (name, number, type, label, oneof), values and reserved
//!   ranges on both sides, and neither side has a contract the other lacks.
//! - one property test per message: random values of OUR type are encoded by
//!   leyline, decoded and re-encoded by prost, and decoded by leyline again,
//!   which must give back the original value (with maps of up to 3 entries),
//!   and every encoder of prost's API (`encode`, `encode_length_delimited`
//!   and its `_to_vec`) writes our bytes, or prost's capacity error;
//!   with maps of at most one entry (where `HashMap` order cannot matter),
//!   prost's re-encoding must be byte-identical to ours, and an unknown field
//!   appended to our bytes must survive a leyline decode and re-encode;
//!   with maps of up to 3 entries, `Contract::encode_deterministic` must be
//!   byte-identical to prost's re-encoding (its maps are `BTreeMap`s: key
//!   order), and equal values must encode deterministically to equal bytes;
//!   the view of the encoding (and of two encodings concatenated, which
//!   protobuf merges: nested messages in pieces), read in full (every field,
//!   every element of every repeated field and map, through the views'
//!   iterators), equals the owned decode.

use std::collections::{BTreeMap, HashMap};

use leyline::contracts::{self as c, all_enums, all_messages};
use leyline::prost::Message;
use leyline::schema::{FieldType, Label, MessageSchema};
use leyline::{Contract, Enumeration};
use leyline_tests::esper as py;
use proptest::collection::{hash_map, vec};
use proptest::prelude::*;
use prost_types::field_descriptor_proto::{Label as PLabel, Type as PType};
use prost_types::{DescriptorProto, FieldDescriptorProto, FileDescriptorSet};

// ---------------------------------------------------------------------------
// Schemas

const PACKAGE: &str = "esper.leyline.v1";

fn proto_file() -> prost_types::FileDescriptorProto {
    let set = FileDescriptorSet::decode(leyline_tests::DESCRIPTORS).expect("descriptor set");
    set.file
        .into_iter()
        .find(|f| f.package() == PACKAGE)
        .expect("python_contracts.proto is compiled")
}

/// `.esper.leyline.v1.X` → `esper.leyline.v1.X`; scalar types by proto name.
fn proto_type_name(field: &FieldDescriptorProto) -> String {
    match field.r#type() {
        PType::Message | PType::Enum => field.type_name().trim_start_matches('.').to_owned(),
        other => other
            .as_str_name()
            .trim_start_matches("TYPE_")
            .to_lowercase(),
    }
}

/// One field as a line of `.proto`, from the descriptor.
fn describe_proto_field(message: &DescriptorProto, field: &FieldDescriptorProto) -> String {
    let oneof = match field.oneof_index {
        Some(i) if !field.proto3_optional() => {
            format!(" (oneof {})", message.oneof_decl[i as usize].name())
        }
        _ => String::new(),
    };
    let entry = message.nested_type.iter().find(|n| {
        n.options.as_ref().is_some_and(|o| o.map_entry())
            && field.type_name().ends_with(&format!(".{}", n.name()))
    });
    let ty = match (field.label(), entry) {
        (PLabel::Repeated, Some(entry)) => format!(
            "map<{}, {}>",
            proto_type_name(&entry.field[0]),
            proto_type_name(&entry.field[1])
        ),
        (PLabel::Repeated, None) => format!("repeated {}", proto_type_name(field)),
        _ if field.proto3_optional() => format!("optional {}", proto_type_name(field)),
        _ => proto_type_name(field),
    };
    format!(
        "{ty} {} = {} json={}{oneof}",
        field.name(),
        field.number(),
        field.json_name()
    )
}

/// One field as a line of `.proto`, from the leyline schema.
fn describe_schema(message: &MessageSchema) -> Vec<String> {
    let mut lines: Vec<String> = message
        .fields()
        .map(|(field, oneof)| {
            let ty = field.ty.proto_type_name();
            let ty = match field.label {
                Label::Singular | Label::Map => ty,
                Label::Optional => format!("optional {ty}"),
                Label::Repeated => {
                    if let FieldType::Scalar(s) = field.ty {
                        assert_eq!(
                            field.packed,
                            s.is_packable(),
                            "{}.{}: proto3 packs repeated numeric fields",
                            message.name,
                            field.name
                        );
                    }
                    format!("repeated {ty}")
                }
            };
            let oneof = oneof.map_or_else(String::new, |o| format!(" (oneof {})", o.name));
            format!(
                "{ty} {} = {} json={}{oneof}",
                field.name, field.number, field.json_name
            )
        })
        .collect();
    lines.extend(
        message
            .reserved_ranges
            .iter()
            .map(|r| format!("reserved {} to {}", r.start, r.end)),
    );
    lines.sort();
    lines
}

fn describe_proto(message: &DescriptorProto) -> Vec<String> {
    let mut lines: Vec<String> = message
        .field
        .iter()
        .map(|f| describe_proto_field(message, f))
        .collect();
    // Descriptor ranges are end-exclusive.
    lines.extend(
        message
            .reserved_range
            .iter()
            .map(|r| format!("reserved {} to {}", r.start(), r.end() - 1)),
    );
    lines.sort();
    lines
}

#[test]
fn schemas_match_the_python_proto() {
    let file = proto_file();

    let mut proto_names: Vec<String> = file
        .message_type
        .iter()
        .map(|m| format!("{PACKAGE}.{}", m.name()))
        .collect();
    let mut our_names: Vec<String> = all_messages()
        .iter()
        .map(|m| m.full_name.to_owned())
        .collect();
    proto_names.sort();
    our_names.sort();
    assert_eq!(our_names, proto_names, "the same messages on both sides");

    for message in &file.message_type {
        let full_name = format!("{PACKAGE}.{}", message.name());
        let ours = c::message_schema(&full_name).expect("registered");
        assert_eq!(
            describe_schema(ours),
            describe_proto(message),
            "fields of {full_name}"
        );
    }

    let mut proto_enums: Vec<String> = file
        .enum_type
        .iter()
        .map(|e| format!("{PACKAGE}.{}", e.name()))
        .collect();
    let mut our_enums: Vec<String> = all_enums().iter().map(|e| e.full_name.to_owned()).collect();
    proto_enums.sort();
    our_enums.sort();
    assert_eq!(
        our_enums, proto_enums,
        "the same enumerations on both sides"
    );

    for proto in &file.enum_type {
        let full_name = format!("{PACKAGE}.{}", proto.name());
        let ours = all_enums()
            .iter()
            .find(|e| e.full_name == full_name)
            .expect("listed");
        let ours: Vec<(String, i32)> = ours
            .values
            .iter()
            .map(|v| (v.name.to_owned(), v.number))
            .collect();
        let theirs: Vec<(String, i32)> = proto
            .value
            .iter()
            .map(|v| (v.name().to_owned(), v.number()))
            .collect();
        assert_eq!(ours, theirs, "values of {full_name}");
    }
}

/// What `leyline::export` writes for the contracts describes the same schema
/// as the hand-written file: the `.proto` the Python side generates from is the
/// one the Rust contracts export.
#[test]
fn exported_proto_matches_the_python_proto() {
    let exporter = all_messages()
        .iter()
        .fold(leyline::export::Exporter::new(), |e, m| e.message_schema(m));
    let export = exporter.export().expect("the contracts export");
    let exported = export
        .files()
        .iter()
        .find(|f| f.package() == PACKAGE)
        .expect("an esper.leyline.v1 file")
        .descriptor()
        .clone();
    let hand = proto_file();

    let by_name = |file: &prost_types::FileDescriptorProto| -> BTreeMap<String, Vec<String>> {
        file.message_type
            .iter()
            .map(|m| (m.name().to_owned(), describe_proto(m)))
            .collect()
    };
    assert_eq!(by_name(&exported), by_name(&hand));
    let enums = |file: &prost_types::FileDescriptorProto| -> BTreeMap<String, Vec<(String, i32)>> {
        file.enum_type
            .iter()
            .map(|e| {
                let values = e
                    .value
                    .iter()
                    .map(|v| (v.name().to_owned(), v.number()))
                    .collect();
                (e.name().to_owned(), values)
            })
            .collect()
    };
    assert_eq!(enums(&exported), enums(&hand));
}

/// Every contract, field and value has docs (they become the `.proto`
/// comments), free of rustdoc link syntax, which means nothing there.
#[test]
fn every_contract_is_documented() {
    let all_docs = all_messages()
        .iter()
        .flat_map(|m| {
            std::iter::once(m.docs)
                .chain(m.fields().map(|(f, _)| f.docs))
                .chain(m.oneofs().map(|o| o.docs))
        })
        .chain(
            all_enums()
                .iter()
                .flat_map(|e| std::iter::once(e.docs).chain(e.values.iter().map(|v| v.docs))),
        );
    for docs in all_docs {
        assert!(
            !docs.contains("[`"),
            "rustdoc link in a schema comment: {docs}"
        );
    }
    for message in all_messages() {
        assert!(!message.docs.is_empty(), "{} has no docs", message.name);
        for (field, _) in message.fields() {
            assert!(
                !field.docs.is_empty(),
                "{}.{} has no docs",
                message.name,
                field.name
            );
        }
        for oneof in message.oneofs() {
            assert!(
                !oneof.docs.is_empty(),
                "{}.{} has no docs",
                message.name,
                oneof.name
            );
        }
    }
    for e in all_enums() {
        assert!(!e.docs.is_empty(), "{} has no docs", e.name);
        for v in e.values {
            assert!(!v.docs.is_empty(), "{} has no docs", v.name);
        }
    }
}

// ---------------------------------------------------------------------------
// Value strategies, one per contract (shared with tests/json_props.rs)

include!("esper_strategies.rs");

// ---------------------------------------------------------------------------
// The checks

/// Ours → prost → prost → ours gives back the value; prost's re-encoding has
/// our length (map order aside, the encodings agree byte for byte in length).
fn through_prost<T: Contract, P: Message + Default>(value: &T) -> Result<(), TestCaseError> {
    let ours = value.encode_to_vec();
    prop_assert_eq!(ours.len(), value.encoded_len());
    prost_api_encoders(value, &ours)?;
    let theirs = P::decode(&ours[..]).map_err(|e| TestCaseError::fail(format!("prost: {e}")))?;
    let again = theirs.encode_to_vec();
    prop_assert_eq!(
        again.len(),
        ours.len(),
        "prost re-encodes to another length"
    );
    let back = T::decode_slice(&again).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&back, value);
    Ok(())
}

/// Every encoder of prost's API (which leyline implements in two passes,
/// nested lengths sized once) writes `ours`; a buffer with too little room is
/// prost's capacity error, naming what was needed, with nothing written.
fn prost_api_encoders<T: Contract>(value: &T, ours: &[u8]) -> Result<(), TestCaseError> {
    let mut buf = vec![0xAA];
    value
        .encode(&mut buf)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&buf[1..], ours);
    let mut delimited = Vec::new();
    prost::encoding::encode_varint(ours.len() as u64, &mut delimited);
    delimited.extend_from_slice(ours);
    let mut buf = Vec::new();
    value
        .encode_length_delimited(&mut buf)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&buf, &delimited);
    prop_assert_eq!(&value.encode_length_delimited_to_vec(), &delimited);
    if !ours.is_empty() {
        let mut room = vec![0u8; ours.len() - 1];
        let mut slice = &mut room[..];
        let err = value.encode(&mut slice).expect_err("too little room");
        prop_assert_eq!(err.required_capacity(), ours.len());
        prop_assert_eq!(err.remaining(), ours.len() - 1);
        prop_assert!(
            room.iter().all(|&b| b == 0),
            "wrote into a buffer too small"
        );
        let mut room = vec![0u8; delimited.len() - 1];
        let mut slice = &mut room[..];
        let err = value
            .encode_length_delimited(&mut slice)
            .expect_err("too little room");
        prop_assert_eq!(err.required_capacity(), delimited.len());
        prop_assert_eq!(err.remaining(), delimited.len() - 1);
    }
    Ok(())
}

/// The deterministic encoding writes every map's entries in key order, as
/// prost-build's `BTreeMap` types do: byte-identical to prost's re-encoding
/// whatever the map sizes. A twin decoded from those bytes holds `HashMap`s
/// that iterate in another order, and still encodes to the same bytes.
fn deterministic<T: Contract, P: Message + Default>(value: &T) -> Result<(), TestCaseError> {
    let det = value.encode_deterministic();
    prop_assert_eq!(det.len(), value.encoded_len());
    let theirs = P::decode(&value.encode_to_vec()[..])
        .map_err(|e| TestCaseError::fail(format!("prost: {e}")))?;
    prop_assert_eq!(
        theirs.encode_to_vec(),
        det.clone(),
        "the deterministic encoding is not in key order"
    );
    let twin = T::decode_slice(&det).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&twin, value);
    prop_assert_eq!(twin.encode_deterministic(), det);
    Ok(())
}

/// With maps of at most one entry: prost re-encodes our bytes unchanged, and an
/// unknown field appended to them survives a leyline decode and re-encode.
fn byte_identical<T: Contract, P: Message + Default>(value: &T) -> Result<(), TestCaseError> {
    let ours = value.encode_to_vec();
    let theirs = P::decode(&ours[..]).map_err(|e| TestCaseError::fail(format!("prost: {e}")))?;
    prop_assert_eq!(
        theirs.encode_to_vec(),
        ours.clone(),
        "prost re-encodes to other bytes"
    );

    let mut newer = ours;
    newer.extend_from_slice(&[0xf8, 0xff, 0x03, 0x2a]); // field 8191, varint 42
    let relayed = T::decode_slice(&newer).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(relayed.encode_to_vec(), newer);
    Ok(())
}

/// A view read in full (`to_owned_message` walks every repeated field and map
/// through its iterator, at every level) equals the owned decode: of `value`'s
/// encoding, and of it followed by `other`'s (nested messages then arrive in
/// two pieces, whose repeated fields and maps append).
fn view_reads_whole<T: Contract>(value: &T, other: &T) -> Result<(), TestCaseError> {
    let one = value.encode_to_vec();
    let both = [one.clone(), other.encode_to_vec()].concat();
    for bytes in [&one, &both] {
        let owned = T::decode_slice(bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let view = T::decode_view(bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let read = leyline::MessageView::to_owned_message(&view);
        prop_assert_eq!(&read, &owned, "the view read in full differs");
        // Reading again gives the same (iterating does not consume the view).
        prop_assert_eq!(&leyline::MessageView::to_owned_message(&view), &read);
    }
    Ok(())
}

macro_rules! wire_tests {
    ($($test:ident: $ours:ty => $theirs:ty, $strategy:ident;)*) => {
        proptest! {
            #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
            $(
                #[test]
                fn $test(value in $strategy(3), small in $strategy(1)) {
                    through_prost::<$ours, $theirs>(&value)?;
                    through_prost::<$ours, $theirs>(&small)?;
                    byte_identical::<$ours, $theirs>(&small)?;
                    deterministic::<$ours, $theirs>(&value)?;
                    view_reads_whole::<$ours>(&value, &small)?;
                }
            )*
        }

        /// Every registered message has a wire test above.
        #[test]
        fn every_message_has_a_wire_test() {
            let mut tested = vec![$(<$ours as Contract>::FULL_NAME),*];
            let mut all: Vec<&str> = all_messages().iter().map(|m| m.full_name).collect();
            tested.sort_unstable();
            all.sort_unstable();
            assert_eq!(tested, all);
            // Each pairs our type with the prost type of the same name.
            $(assert!(stringify!($theirs).ends_with(<$ours as Contract>::NAME));)*
        }
    };
}

wire_tests! {
    hardware_context_wire: c::HardwareContext => py::HardwareContext, hardware_context;
    seed_state_wire: c::SeedState => py::SeedState, seed_state;
    system_state_packet_wire: c::SystemStatePacket => py::SystemStatePacket, system_state_packet;
    command_seed_operation_wire: c::CommandSeedOperation => py::CommandSeedOperation, command_seed_operation;
    command_optimizer_adjustment_wire: c::CommandOptimizerAdjustment => py::CommandOptimizerAdjustment, command_optimizer_adjustment;
    command_circuit_breaker_wire: c::CommandCircuitBreaker => py::CommandCircuitBreaker, command_circuit_breaker;
    adaptation_command_wire: c::AdaptationCommand => py::AdaptationCommand, adaptation_command;
    mitigation_action_wire: c::MitigationAction => py::MitigationAction, mitigation_action;
    field_report_wire: c::FieldReport => py::FieldReport, field_report;
    blueprint_parameter_bounds_wire: c::BlueprintParameterBounds => py::BlueprintParameterBounds, blueprint_parameter_bounds;
    blueprint_descriptor_wire: c::BlueprintDescriptor => py::BlueprintDescriptor, blueprint_descriptor;
    bus_envelope_wire: c::BusEnvelope => py::BusEnvelope, bus_envelope;
    policy_update_wire: c::PolicyUpdate => py::PolicyUpdate, policy_update;
    metric_point_wire: c::MetricPoint => py::MetricPoint, metric_point;
    telemetry_event_wire: c::TelemetryEvent => py::TelemetryEvent, telemetry_event;
    trace_span_wire: c::TraceSpan => py::TraceSpan, trace_span;
    system_health_wire: c::SystemHealth => py::SystemHealth, system_health;
    telemetry_packet_wire: c::TelemetryPacket => py::TelemetryPacket, telemetry_packet;
    event_envelope_wire: c::EventEnvelope => py::EventEnvelope, event_envelope;
    performance_budgets_wire: c::PerformanceBudgets => py::PerformanceBudgets, performance_budgets;
    memory_budgets_wire: c::MemoryBudgets => py::MemoryBudgets, memory_budgets;
    system_limits_wire: c::SystemLimits => py::SystemLimits, system_limits;
    layer_importance_wire: c::LayerImportance => py::LayerImportance, layer_importance;
    importance_statistics_wire: c::ImportanceStatistics => py::ImportanceStatistics, importance_statistics;
    pruning_configuration_wire: c::PruningConfiguration => py::PruningConfiguration, pruning_configuration;
    structural_pruning_request_wire: c::StructuralPruningRequest => py::StructuralPruningRequest, structural_pruning_request;
    structural_analysis_result_wire: c::StructuralAnalysisResult => py::StructuralAnalysisResult, structural_analysis_result;
    pruning_mask_wire: c::PruningMask => py::PruningMask, pruning_mask;
    layer_pruning_decision_wire: c::LayerPruningDecision => py::LayerPruningDecision, layer_pruning_decision;
    pruning_decision_report_wire: c::PruningDecisionReport => py::PruningDecisionReport, pruning_decision_report;
    safety_check_wire: c::SafetyCheck => py::SafetyCheck, safety_check;
    structural_safety_report_wire: c::StructuralSafetyReport => py::StructuralSafetyReport, structural_safety_report;
    structural_pruning_response_wire: c::StructuralPruningResponse => py::StructuralPruningResponse, structural_pruning_response;
    checkpoint_metadata_wire: c::CheckpointMetadata => py::CheckpointMetadata, checkpoint_metadata;
    sealed_frame_wire: c::SealedFrame => py::SealedFrame, sealed_frame;
}

/// The benchmark fixtures, with all their map entries, decode identically on
/// the prost side, and the full-size pruning request is byte-identical once
/// its one map is sorted the way prost sorts it.
#[test]
fn fixtures_cross_the_wire() {
    use leyline::contracts::fixtures;
    through_prost::<_, py::SystemStatePacket>(&fixtures::system_state_packet()).expect("packet");
    through_prost::<_, py::AdaptationCommand>(&fixtures::adaptation_command()).expect("command");
    through_prost::<_, py::EventEnvelope>(&fixtures::event_envelope()).expect("envelope");
    through_prost::<_, py::StructuralPruningRequest>(&fixtures::structural_pruning_request())
        .expect("request");
    byte_identical::<_, py::EventEnvelope>(&fixtures::event_envelope()).expect("envelope bytes");

    let prost_request = py::StructuralPruningRequest::decode(
        &fixtures::structural_pruning_request().encode_to_vec()[..],
    )
    .expect("decodes");
    let stats = prost_request.importance_stats.as_ref().expect("stats");
    assert_eq!(stats.layers.len(), 17);
    assert_eq!(stats.layers[16].channel_importance.len(), 512);
    assert_eq!(stats.metric, py::ImportanceMetric::TaylorFirstOrder as i32);
}
