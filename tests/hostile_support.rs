//! Inputs for the hostile-input tests (`hostile.rs`, `memory.rs`, which
//! include this file as a module): every Esper
//! contract by name, and a valid encoding of each with every field set, built
//! from its schema alone (so a contract added later is covered without a
//! hand-written fixture).

use leyline::contracts::*;
use leyline::schema::{FieldSchema, FieldType, Label, MessageSchema, Scalar};
use leyline::wire::{encode_key, encode_varint, zigzag32, zigzag64, WireType};
use leyline::Contract;

/// What a test does with one contract type, given the bytes.
pub type Check = fn(&[u8]) -> Outcome;

/// How a decode went, for tests that only count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Decoded.
    Ok,
    /// Rejected, with the error's text.
    Err(String),
}

/// Decodes `bytes` as `T` by the slice path.
pub fn decode_as<T: Contract>(bytes: &[u8]) -> Outcome {
    match T::decode_slice(bytes) {
        Ok(_) => Outcome::Ok,
        Err(e) => Outcome::Err(e.to_string()),
    }
}

/// One Esper contract: its full name, schema and monomorphised checks.
#[derive(Clone, Copy)]
pub struct Entry {
    pub full_name: &'static str,
    pub schema: fn() -> &'static MessageSchema,
    /// `size_of` the Rust type.
    pub size: usize,
    /// Decodes by the slice path.
    pub decode: Check,
    /// Runs a caller's generic check: the table is built once per check kind
    /// with [`esper_table`].
    pub generic: fn(&[u8]),
}

/// Every Esper message contract, as `(full name, schema, size, decode, f::<T>)`
/// for a generic check `f` given as a macro-free function path.
macro_rules! esper_table {
    ($f:ident) => {
        esper_table!(@list $f;
            HardwareContext, SeedState, SystemStatePacket, CommandSeedOperation,
            CommandOptimizerAdjustment, CommandCircuitBreaker, AdaptationCommand,
            MitigationAction, FieldReport, BlueprintParameterBounds, BlueprintDescriptor,
            BusEnvelope, PolicyUpdate, EventEnvelope, MetricPoint, TelemetryEvent, TraceSpan,
            SystemHealth, TelemetryPacket, PerformanceBudgets, MemoryBudgets, SystemLimits,
            LayerImportance, ImportanceStatistics, PruningConfiguration,
            StructuralPruningRequest, StructuralAnalysisResult, PruningMask,
            LayerPruningDecision, PruningDecisionReport, SafetyCheck, StructuralSafetyReport,
            StructuralPruningResponse, CheckpointMetadata, SealedFrame)
    };
    (@list $f:ident; $($ty:ident),* $(,)?) => {
        [$(crate::hostile_support::Entry {
            full_name: <::leyline::contracts::$ty as ::leyline::Contract>::FULL_NAME,
            schema: <::leyline::contracts::$ty as ::leyline::Contract>::schema,
            size: ::core::mem::size_of::<::leyline::contracts::$ty>(),
            decode: crate::hostile_support::decode_as::<::leyline::contracts::$ty>,
            generic: $f::<::leyline::contracts::$ty>,
        }),*]
    };
}

fn ignore<T: Contract>(_: &[u8]) {}

/// How many Esper message contracts [`esper_table`] lists.
pub const CONTRACTS: usize = 35;

/// The table with no generic check.
pub fn contracts() -> [Entry; CONTRACTS] {
    esper_table!(ignore)
}

// ---------------------------------------------------------------------------
// Full encodings from the schema

fn scalar(s: Scalar, number: u32, buf: &mut Vec<u8>) {
    let n = u64::from(number);
    match s {
        Scalar::Double => buf.extend_from_slice(&(1.5 + n as f64).to_le_bytes()),
        Scalar::Float => buf.extend_from_slice(&(2.5 + n as f32).to_le_bytes()),
        Scalar::Int32 => encode_varint(-(number as i64) as u64, buf),
        Scalar::Int64 => encode_varint(1 << 40 | n, buf),
        Scalar::Uint32 => encode_varint(300 + n, buf),
        Scalar::Uint64 => encode_varint(1 << 50 | n, buf),
        Scalar::Sint32 => encode_varint(u64::from(zigzag32(-(number as i32))), buf),
        Scalar::Sint64 => encode_varint(zigzag64(-(n as i64)), buf),
        Scalar::Fixed32 | Scalar::Sfixed32 => buf.extend_from_slice(&(7 + number).to_le_bytes()),
        Scalar::Fixed64 | Scalar::Sfixed64 => buf.extend_from_slice(&(9 + n).to_le_bytes()),
        Scalar::Bool => buf.push(1),
        Scalar::String => {
            let text = format!("text-{number}-é");
            encode_varint(text.len() as u64, buf);
            buf.extend_from_slice(text.as_bytes());
        }
        Scalar::Bytes => {
            encode_varint(3, buf);
            buf.extend_from_slice(&[0, 0xff, number as u8]);
        }
    }
}

fn scalar_wire(s: Scalar) -> WireType {
    match s {
        Scalar::Double | Scalar::Fixed64 | Scalar::Sfixed64 => WireType::SixtyFourBit,
        Scalar::Float | Scalar::Fixed32 | Scalar::Sfixed32 => WireType::ThirtyTwoBit,
        Scalar::String | Scalar::Bytes => WireType::LengthDelimited,
        _ => WireType::Varint,
    }
}

fn len_field(tag: u32, payload: &[u8], buf: &mut Vec<u8>) {
    encode_key(tag, WireType::LengthDelimited, buf);
    encode_varint(payload.len() as u64, buf);
    buf.extend_from_slice(payload);
}

/// A non-default value of a well-known type, or `None` for a leyline message.
fn well_known(full_name: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match full_name {
        "google.protobuf.Timestamp" | "google.protobuf.Duration" => {
            encode_key(1, WireType::Varint, &mut out);
            encode_varint(1_736_942_400, &mut out);
            encode_key(2, WireType::Varint, &mut out);
            encode_varint(5_000, &mut out);
        }
        "google.protobuf.Struct" => {
            // {"k": {"inner": [1.0, "s"]}}
            let list = {
                let mut list = Vec::new();
                let mut number = Vec::new();
                encode_key(2, WireType::SixtyFourBit, &mut number);
                number.extend_from_slice(&1.0f64.to_le_bytes());
                len_field(1, &number, &mut list);
                let mut text = Vec::new();
                len_field(3, b"s", &mut text);
                len_field(1, &text, &mut list);
                list
            };
            let mut inner_value = Vec::new();
            len_field(6, &list, &mut inner_value);
            let mut inner_entry = Vec::new();
            len_field(1, b"inner", &mut inner_entry);
            len_field(2, &inner_value, &mut inner_entry);
            let mut inner_struct = Vec::new();
            len_field(1, &inner_entry, &mut inner_struct);
            let mut value = Vec::new();
            len_field(5, &inner_struct, &mut value);
            let mut entry = Vec::new();
            len_field(1, b"k", &mut entry);
            len_field(2, &value, &mut entry);
            len_field(1, &entry, &mut out);
        }
        "google.protobuf.Value" => {
            encode_key(4, WireType::Varint, &mut out);
            encode_varint(1, &mut out);
        }
        "google.protobuf.ListValue" => {
            let mut value = Vec::new();
            encode_key(4, WireType::Varint, &mut value);
            encode_varint(1, &mut value);
            len_field(1, &value, &mut out);
        }
        "google.protobuf.Any" => {
            len_field(
                1,
                b"type.googleapis.com/esper.leyline.v1.SeedState",
                &mut out,
            );
            len_field(2, &[0x0a, 0x01, b's'], &mut out);
        }
        "google.protobuf.FieldMask" => len_field(1, b"seed_states.seed_id", &mut out),
        _ => return None,
    }
    Some(out)
}

/// The payload of one value of type `ty` (after the key).
fn value(ty: &FieldType, number: u32, variant: usize, depth: u32, buf: &mut Vec<u8>) {
    match ty {
        FieldType::Scalar(s) => scalar(*s, number, buf),
        FieldType::Enum(e) => {
            let values = e().values;
            let v = values.last().map_or(0, |v| v.number);
            encode_varint(v as i64 as u64, buf);
        }
        FieldType::Message(m) => {
            let schema = m();
            // A recursive contract stops after a few levels (empty messages).
            let payload = well_known(schema.full_name).unwrap_or_else(|| {
                if depth < 3 {
                    encoding(schema, variant, depth + 1)
                } else {
                    Vec::new()
                }
            });
            encode_varint(payload.len() as u64, buf);
            buf.extend_from_slice(&payload);
        }
        FieldType::Map(..) => {}
    }
}

fn wire_of(ty: &FieldType) -> WireType {
    match ty {
        FieldType::Scalar(s) => scalar_wire(*s),
        FieldType::Enum(_) => WireType::Varint,
        FieldType::Message(_) | FieldType::Map(..) => WireType::LengthDelimited,
    }
}

fn field(f: &FieldSchema, variant: usize, depth: u32, buf: &mut Vec<u8>) {
    match (f.label, &f.ty) {
        (Label::Map, FieldType::Map(k, v)) => {
            for i in 0..2 {
                let mut entry = Vec::new();
                encode_key(1, scalar_wire(*k), &mut entry);
                scalar(*k, f.number + i, &mut entry);
                encode_key(2, wire_of(v), &mut entry);
                value(v, f.number, variant, depth, &mut entry);
                len_field(f.number, &entry, buf);
            }
        }
        (Label::Repeated, ty) if f.packed => {
            let mut payload = Vec::new();
            for i in 0..3 {
                value(ty, f.number + i, variant, depth, &mut payload);
            }
            len_field(f.number, &payload, buf);
        }
        (Label::Repeated, ty) => {
            for i in 0..2 {
                encode_key(f.number, wire_of(ty), buf);
                value(ty, f.number + i, variant, depth, buf);
            }
        }
        (_, ty) => {
            encode_key(f.number, wire_of(ty), buf);
            value(ty, f.number, variant, depth, buf);
        }
    }
}

/// A valid encoding of the message with every field set (maps with two
/// entries, repeated fields with two or three elements), and of each oneof the
/// variant `variant` (modulo its number of variants). Nested messages are set
/// in full too.
pub fn full_encoding(schema: &MessageSchema, variant: usize) -> Vec<u8> {
    encoding(schema, variant, 0)
}

fn encoding(schema: &MessageSchema, variant: usize, depth: u32) -> Vec<u8> {
    let mut out = Vec::new();
    for member in schema.members {
        match member {
            leyline::schema::Member::Field(f) => field(f, variant, depth, &mut out),
            leyline::schema::Member::Oneof(o) => {
                if let Some(f) = o.fields.get(variant % o.fields.len().max(1)) {
                    field(f, variant, depth, &mut out);
                }
            }
        }
    }
    out
}

/// The number of variants of the message's largest oneof (at least 1): how
/// many `variant`s [`full_encoding`] needs to reach every oneof variant.
pub fn variants(schema: &MessageSchema) -> usize {
    schema.oneofs().map(|o| o.fields.len()).max().unwrap_or(1)
}

/// Valid encodings of every Esper contract: [`full_encoding`] for each oneof
/// variant, the default (empty) message, and the hand-written fixtures.
pub fn fixtures() -> Vec<(Entry, Vec<u8>)> {
    use leyline::prost::Message as _;

    let table = contracts();
    let mut out = Vec::new();
    for entry in table {
        let schema = (entry.schema)();
        for variant in 0..variants(schema) {
            out.push((entry, full_encoding(schema, variant)));
        }
        out.push((entry, Vec::new()));
    }
    let by_name = |name: &str| table.into_iter().find(|e| e.full_name == name);
    let hand_written = [
        (
            SystemStatePacket::FULL_NAME,
            fixtures::system_state_packet().encode_to_vec(),
        ),
        (
            AdaptationCommand::FULL_NAME,
            fixtures::adaptation_command().encode_to_vec(),
        ),
        (
            EventEnvelope::FULL_NAME,
            fixtures::event_envelope().encode_to_vec(),
        ),
        (
            StructuralPruningRequest::FULL_NAME,
            fixtures::structural_pruning_request().encode_to_vec(),
        ),
    ];
    for (name, bytes) in hand_written {
        if let Some(entry) = by_name(name) {
            out.push((entry, bytes));
        }
    }
    out
}
