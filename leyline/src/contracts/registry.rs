//! Every Esper contract by full proto name: the schemas (for export and
//! documentation) and decoding by name (for tools such as the CLI, which get a
//! type name and bytes at run time).

use core::fmt;
use std::sync::OnceLock;

use super::*;
use crate::schema::{EnumSchema, FieldType, MessageSchema};
use crate::{Contract, DecodeError};

/// One registered contract.
struct Entry {
    full_name: &'static str,
    schema: fn() -> &'static MessageSchema,
    render: fn(&[u8]) -> Result<String, DecodeError>,
}

fn render<T: Contract>(bytes: &[u8]) -> Result<String, DecodeError> {
    T::decode_slice(bytes).map(|message| format!("{message:#?}"))
}

macro_rules! registry {
    ($($ty:ident),* $(,)?) => {
        /// The contracts, grouped by module.
        const ENTRIES: &[Entry] = &[$(
            Entry {
                full_name: <$ty as Contract>::FULL_NAME,
                schema: <$ty as Contract>::schema,
                render: render::<$ty>,
            }
        ),*];

        /// Every Esper message contract (and so every enumeration they use),
        /// with the Python facade `esper.leyline.contracts`, for export and
        /// for tools: the `leyline` binary runs [`crate::cli`] over it.
        pub fn exporter() -> crate::export::Exporter {
            crate::export::Exporter::new()$(.message::<$ty>())*.python_facade("esper.leyline.contracts")
        }
    };
}

registry! {
    // training
    HardwareContext, SeedState, SystemStatePacket,
    // control
    CommandSeedOperation, CommandOptimizerAdjustment, CommandCircuitBreaker, AdaptationCommand,
    // reports
    MitigationAction, FieldReport,
    // blueprint
    BlueprintParameterBounds, BlueprintDescriptor,
    // bus
    BusEnvelope, PolicyUpdate,
    // envelope
    EventEnvelope,
    // telemetry
    MetricPoint, TelemetryEvent, TraceSpan, SystemHealth, TelemetryPacket,
    // budgets
    PerformanceBudgets, MemoryBudgets, SystemLimits,
    // pruning
    LayerImportance, ImportanceStatistics, PruningConfiguration, StructuralPruningRequest,
    StructuralAnalysisResult, PruningMask, LayerPruningDecision, PruningDecisionReport,
    SafetyCheck, StructuralSafetyReport, StructuralPruningResponse,
    // checkpoint
    CheckpointMetadata,
    // seal
    SealedFrame,
}

/// The schema of every Esper message contract (package `esper.leyline.v1`),
/// grouped by module, in a stable order.
pub fn all_messages() -> &'static [&'static MessageSchema] {
    static ALL: OnceLock<Vec<&'static MessageSchema>> = OnceLock::new();
    ALL.get_or_init(|| ENTRIES.iter().map(|e| (e.schema)()).collect())
}

/// The schema of every enumeration the Esper messages use, in the order their
/// first use appears in [`all_messages`].
pub fn all_enums() -> &'static [&'static EnumSchema] {
    static ALL: OnceLock<Vec<&'static EnumSchema>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut enums: Vec<&'static EnumSchema> = Vec::new();
        for message in all_messages() {
            for (field, _) in message.fields() {
                let ty = match field.ty {
                    FieldType::Map(_, value) => *value,
                    ty => ty,
                };
                if let FieldType::Enum(schema) = ty {
                    let schema = schema();
                    if !enums.iter().any(|e| e.full_name == schema.full_name) {
                        enums.push(schema);
                    }
                }
            }
        }
        enums
    })
}

/// The schema of the Esper message with this full proto name
/// (`esper.leyline.v1.SeedState`).
pub fn message_schema(full_name: &str) -> Option<&'static MessageSchema> {
    ENTRIES
        .iter()
        .find(|e| e.full_name == full_name)
        .map(|e| (e.schema)())
}

/// Decodes `bytes` as the Esper message named `full_name`
/// (`esper.leyline.v1.SystemStatePacket`) and renders it readably (`{:#?}`).
///
/// ```
/// use leyline::contracts::{decode_debug, SeedState};
/// use leyline::prost::Message as _;
///
/// let bytes = SeedState { seed_id: "seed-1".into(), ..Default::default() }.encode_to_vec();
/// let text = decode_debug("esper.leyline.v1.SeedState", &bytes).unwrap();
/// assert!(text.contains("seed_id: \"seed-1\""));
/// assert!(decode_debug("esper.leyline.v1.Nope", &bytes).is_err());
/// ```
pub fn decode_debug(full_name: &str, bytes: &[u8]) -> Result<String, DecodeDebugError> {
    let Some(entry) = ENTRIES.iter().find(|e| e.full_name == full_name) else {
        return Err(DecodeDebugError::UnknownMessage {
            name: full_name.to_owned(),
            known: ENTRIES.iter().map(|e| e.full_name).collect(),
        });
    };
    (entry.render)(bytes).map_err(|source| DecodeDebugError::Decode {
        message: entry.full_name,
        source,
    })
}

/// Why [`decode_debug`] failed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum DecodeDebugError {
    /// No Esper message has this name.
    UnknownMessage {
        /// The name asked for.
        name: String,
        /// The full names of every Esper message.
        known: Vec<&'static str>,
    },
    /// The bytes are not a valid encoding of the message.
    Decode {
        /// The message's full name.
        message: &'static str,
        /// What went wrong.
        source: DecodeError,
    },
}

impl fmt::Display for DecodeDebugError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeDebugError::UnknownMessage { name, known } => write!(
                f,
                "unknown message type {name:?}; the known types are: {}",
                known.join(", ")
            ),
            DecodeDebugError::Decode { message, source } => write!(f, "{message}: {source}"),
        }
    }
}

impl std::error::Error for DecodeDebugError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DecodeDebugError::Decode { source, .. } => Some(source),
            DecodeDebugError::UnknownMessage { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_registered_once_and_in_the_package() {
        let all = all_messages();
        assert_eq!(all.len(), 35);
        for (i, m) in all.iter().enumerate() {
            assert_eq!(m.package, "esper.leyline.v1");
            assert!(
                m.keeps_unknown_fields,
                "{} drops unknown fields",
                m.full_name
            );
            assert!(
                all[..i].iter().all(|o| o.full_name != m.full_name),
                "{} registered twice",
                m.full_name
            );
        }
    }

    #[test]
    fn every_message_a_contract_refers_to_is_registered() {
        for m in all_messages() {
            for (field, _) in m.fields() {
                let ty = match field.ty {
                    FieldType::Map(_, value) => *value,
                    ty => ty,
                };
                if let FieldType::Message(schema) = ty {
                    let schema = schema();
                    if schema.package == "esper.leyline.v1" {
                        assert!(
                            message_schema(schema.full_name).is_some(),
                            "{}.{} refers to unregistered {}",
                            m.name,
                            field.name,
                            schema.full_name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn enums_are_collected_from_fields() {
        let names: Vec<&str> = all_enums().iter().map(|e| e.name).collect();
        assert_eq!(
            names,
            [
                "SeedLifecycleStage",
                "SeedOperation",
                "CircuitBreakerState",
                "CommandType",
                "FieldReportOutcome",
                "BlueprintTier",
                "BusMessageType",
                "MessagePriority",
                "DeliveryGuarantee",
                "TelemetryLevel",
                "HealthStatus",
                "PruningGranularity",
                "ImportanceMetric",
                "PruningPhase",
                "PruningDecision",
                "CheckpointFormat",
                "CheckpointKind",
            ]
        );
    }

    #[test]
    fn decode_debug_renders_by_name_and_lists_known_names() {
        let packet = SystemStatePacket {
            current_epoch: 7,
            ..Versioned::current()
        };
        let bytes = prost::Message::encode_to_vec(&packet);
        let text = decode_debug("esper.leyline.v1.SystemStatePacket", &bytes).expect("decodes");
        assert!(text.starts_with("SystemStatePacket {"), "{text}");
        assert!(text.contains("current_epoch: 7"), "{text}");

        let err = decode_debug("esper.leyline.v1.SystemState", &bytes).expect_err("unknown");
        let shown = err.to_string();
        assert!(
            shown.starts_with("unknown message type \"esper.leyline.v1.SystemState\"; the known types are: esper.leyline.v1.HardwareContext, "),
            "{shown}"
        );
        assert!(
            shown.contains("esper.leyline.v1.CheckpointMetadata"),
            "{shown}"
        );

        let err = decode_debug("esper.leyline.v1.SystemStatePacket", &[0x0a, 0x05])
            .expect_err("truncated");
        assert!(matches!(err, DecodeDebugError::Decode { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with("esper.leyline.v1.SystemStatePacket: failed to decode"),
            "{err}"
        );
    }
}
