//! What the fuzz targets check, for any contract: decoding never panics, the
//! slice path and prost's generic `Buf` paths agree, a decoded message
//! re-encodes to bytes that decode to the same message, and the depth check on
//! encode agrees with the decoder's recursion limit.
//!
//! The first input byte picks the contract (and where the input is split for
//! the non-contiguous `Buf`); the rest is the message bytes.

use std::collections::HashMap;

// By path, so that `tests/hostile.rs`, which includes this file by path,
// finds it too.
#[path = "open.rs"]
pub mod open;

#[path = "json.rs"]
pub mod json;

use bytes::Buf;
use leyline::contracts::*;
use leyline::prost::Message;
use leyline::Contract;

/// Every Esper message contract, in registry order.
macro_rules! esper_contracts {
    ($apply:ident) => {
        $apply![
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
        ]
    };
}

macro_rules! decode_table {
    ($($ty:ident),* $(,)?) => { &[$(check_decode::<$ty>),*] };
}
macro_rules! roundtrip_table {
    ($($ty:ident),* $(,)?) => { &[$(check_roundtrip::<$ty>),*] };
}

macro_rules! json_parse_table {
    ($($ty:ident),* $(,)?) => { &[$(json::check_json_parse::<$ty>),*] };
}
macro_rules! binary_json_table {
    ($($ty:ident),* $(,)?) => { &[$(json::check_binary_json::<$ty>),*] };
}

/// `json::check_json_parse` for each Esper contract.
pub const JSON_PARSE: &[fn(&[u8])] = esper_contracts!(json_parse_table);
/// `json::check_binary_json` for each Esper contract.
pub const BINARY_JSON: &[fn(&[u8])] = esper_contracts!(binary_json_table);

/// `check_decode` for each Esper contract.
pub const DECODE: &[fn(&[u8], usize)] = esper_contracts!(decode_table);
/// `check_roundtrip` for each Esper contract.
pub const ROUNDTRIP: &[fn(&[u8])] = esper_contracts!(roundtrip_table);

/// Splits fuzzer input into (contract index, split point, message bytes).
pub fn select(data: &[u8], count: usize) -> Option<(usize, usize, &[u8])> {
    let (&first, rest) = data.split_first()?;
    let index = usize::from(first) % count;
    let split = rest.len() * (usize::from(first) / count % 8) / 8;
    Some((index, split, rest))
}

/// Whether two decodes hold the same value: equal under `==`, or, when a NaN
/// float (damaged packed floats decode to NaNs often) makes `==` false, with
/// the same deterministic encoding (map entries in key order, every float by
/// its bits). Never skips the comparison.
fn same<T: Contract>(a: &T, b: &T) -> bool {
    a == b || a.encode_deterministic() == b.encode_deterministic()
}

/// Decodes `bytes` every way a caller can: the slice path, prost's `decode`
/// from a `Buf` in two chunks, prost's length-delimited decode (field by field
/// through `merge_field`) from two chunks, and under small recursion limits.
/// The ways must agree: all fail, or all give the same message.
pub fn check_decode<T: Contract>(bytes: &[u8], split: usize) {
    let slice = T::decode_slice(bytes);
    let (a, b) = bytes.split_at(split.min(bytes.len()));
    let chained = <T as Message>::decode(a.chain(b));

    let mut delimited = Vec::with_capacity(bytes.len() + 10);
    leyline::wire::encode_varint(bytes.len() as u64, &mut delimited);
    let at = delimited.len() + split.min(bytes.len());
    delimited.extend_from_slice(bytes);
    let (a, b) = delimited.split_at(at);
    let by_field = T::decode_length_delimited(a.chain(b));

    match (&slice, &chained, &by_field) {
        (Ok(s), Ok(c), Ok(f)) => {
            assert!(same(s, c), "slice and chained Buf decodes differ");
            if !same(s, f) {
                // prost reads each key before handing the field over, so
                // the field-by-field path keeps a message's own unknown
                // fields re-encoded canonically (a padded key or varint
                // loses its padding); the slice path keeps them byte for
                // byte. Same fields, so canonicalising `s` must give `f`.
                let canonical =
                    T::decode_length_delimited(s.encode_length_delimited_to_vec().as_slice());
                match canonical {
                    Ok(canonical) => assert!(
                        same(&canonical, f),
                        "slice and field-by-field decodes differ"
                    ),
                    Err(e) => panic!("a decoded message does not decode again: {e}"),
                }
            }
            // Debug walks the unknown fields too.
            let _ = format!("{s:?}");
        }
        (Err(_), Err(_), Err(_)) => {}
        _ => panic!(
            "decode paths disagree: slice {:?}, chained {:?}, field-by-field {:?}",
            slice.as_ref().err(),
            chained.as_ref().err(),
            by_field.as_ref().err()
        ),
    }
    for limit in [0, 1, 2] {
        let limited = T::decode_slice_with_limit(bytes, limit);
        if slice.is_err() {
            assert!(
                limited.is_err(),
                "a smaller limit accepted what the default rejected"
            );
        }
    }
}

/// The smallest recursion limit under which `ok` holds (it is monotone), or
/// `None` when it fails even at `max`.
fn smallest_limit(max: u32, ok: impl Fn(u32) -> bool) -> Option<u32> {
    if !ok(max) {
        return None;
    }
    let (mut lo, mut hi) = (0u32, max);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if ok(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

/// Decode, encode, decode: the encoding of a decoded message has the length
/// `encoded_len` promised, decodes again, to an equal message, and encodes to
/// the same length; its depth check passes at the default limit, and the
/// smallest limit it passes at is the smallest the decoder accepts the bytes at.
pub fn check_roundtrip<T: Contract>(bytes: &[u8]) {
    let Ok(first) = T::decode_slice(bytes) else {
        return;
    };
    let encoded = match first.encode_to_vec_checked() {
        Ok(encoded) => encoded,
        Err(e) => panic!("a decoded message fails the depth check: {e}"),
    };
    assert_eq!(encoded.len(), first.encoded_len(), "encoded_len is wrong");
    let second = match T::decode_slice(&encoded) {
        Ok(second) => second,
        Err(e) => panic!("the encoding of a decoded message does not decode: {e}"),
    };
    assert!(
        same(&first, &second),
        "decode(encode(decode(x))) != decode(x)"
    );
    assert_eq!(
        second.encoded_len(),
        encoded.len(),
        "re-encoding changed length"
    );

    let max = leyline::wire::DEFAULT_RECURSION_LIMIT;
    let by_check = smallest_limit(max, |l| first.check_depth(l).is_ok());
    let by_decode = smallest_limit(max, |l| T::decode_slice_with_limit(&encoded, l).is_ok());
    assert_eq!(
        by_check, by_decode,
        "check_depth and the decoder disagree on the depth"
    );
}

/// A contract made of the well-known types, the recursive ones above all, and
/// a recursion of its own.
#[leyline::message(package = "leyline.fuzz.v1")]
pub struct Wkts {
    #[leyline(field = 1)]
    pub structure: Option<leyline::Struct>,
    #[leyline(field = 2)]
    pub value: Option<leyline::Value>,
    #[leyline(field = 3)]
    pub list: Option<leyline::ListValue>,
    #[leyline(field = 4)]
    pub any: Option<leyline::Any>,
    #[leyline(field = 5)]
    pub timestamp: Option<leyline::Timestamp>,
    #[leyline(field = 6)]
    pub duration: Option<leyline::Duration>,
    #[leyline(field = 7)]
    pub mask: Option<leyline::FieldMask>,
    #[leyline(field = 8)]
    pub structs: Vec<leyline::Struct>,
    #[leyline(field = 9)]
    pub values: HashMap<String, leyline::Value>,
    #[leyline(field = 10)]
    pub child: Option<Box<Wkts>>,
    #[leyline(field = 11)]
    pub children: Vec<Wkts>,
    #[leyline(field = 12)]
    pub wrapped: Option<leyline::StringValue>,
    #[leyline(field = 13)]
    pub empty: Option<leyline::Empty>,
    #[leyline(oneof)]
    pub choice: Option<WktChoice>,
    #[leyline(unknown_fields)]
    pub unknown_fields: leyline::UnknownFields,
}

/// A oneof of recursive well-known types.
#[leyline::oneof]
pub enum WktChoice {
    #[leyline(field = 20)]
    Tree(leyline::Struct),
    #[leyline(field = 21)]
    Node(Box<Wkts>),
    #[leyline(field = 22)]
    Int(leyline::Int64Value),
}
