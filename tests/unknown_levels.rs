//! Unknown fields survive at every nesting level of the Esper contracts, not
//! only at the top and one level down: inside a oneof's message variant, inside
//! a map's message value, three levels deep, and inside a repeated message
//! element. Each case goes through every way a consumer reads bytes: the owned
//! decode (slice, and prost's `decode` from a non-contiguous `Buf`), the
//! borrowed view converted with `to_owned_message`, and the guarded codec; each
//! must keep the unknown records of the nested message byte for byte and write
//! them back.

use std::collections::HashMap;

use bytes::Buf;
use leyline::codec::{CodecConfig, GuardedCodec};
use leyline::contracts::{self as c, fixtures};
use leyline::wire::{encode_key, encode_varint, WireType};
use leyline::{Contract, MessageView, UnknownFields};

/// Unknown records of every wire type a newer producer might add: a varint,
/// a fixed64, a length-delimited field, a group and a fixed32.
fn newer_fields() -> Vec<u8> {
    let mut b = Vec::new();
    encode_key(5000, WireType::Varint, &mut b);
    encode_varint(1 << 40, &mut b);
    encode_key(5001, WireType::SixtyFourBit, &mut b);
    b.extend_from_slice(&7u64.to_le_bytes());
    encode_key(5002, WireType::LengthDelimited, &mut b);
    encode_varint(5, &mut b);
    b.extend_from_slice(b"newer");
    encode_key(5003, WireType::StartGroup, &mut b);
    encode_key(1, WireType::Varint, &mut b);
    encode_varint(3, &mut b);
    encode_key(5003, WireType::EndGroup, &mut b);
    encode_key(5004, WireType::ThirtyTwoBit, &mut b);
    b.extend_from_slice(&9u32.to_le_bytes());
    b
}

const NEWER: [u32; 5] = [5000, 5001, 5002, 5003, 5004];

/// `msg` as a newer producer sends it: with [`newer_fields`] after its own.
fn from_newer<T: Contract>(msg: T) -> T {
    let mut bytes = msg.encode_to_vec();
    bytes.extend_from_slice(&newer_fields());
    match T::decode_slice(&bytes) {
        Ok(newer) => newer,
        Err(e) => panic!("{}: {e}", T::NAME),
    }
}

/// A codec whose limit fits every case here.
fn codec() -> GuardedCodec {
    let config = CodecConfig {
        max_message_size: CodecConfig::MAX_MESSAGE_SIZE,
        ..CodecConfig::default()
    };
    match GuardedCodec::new(config) {
        Ok(codec) => codec,
        Err(e) => panic!("{e}"),
    }
}

/// Reads `value`'s encoding every way, and checks that each reader got the
/// same message, that `nested` finds the unknown records in it, and that the
/// message writes them back.
fn survives<T: Contract>(value: &T, nested: impl Fn(&T) -> Vec<&UnknownFields>) {
    let name = T::NAME;
    let expected = newer_fields();
    let stores = nested(value);
    assert!(!stores.is_empty(), "{name}: the case holds no nested store");
    for store in &stores {
        assert_eq!(store.numbers(), NEWER, "{name}: the case was built wrong");
        assert_eq!(store.as_bytes(), expected.as_slice());
    }
    let bytes = value.encode_to_vec();
    let canonical = value.encode_deterministic();

    let check = |how: &str, got: &T| {
        assert_eq!(got, value, "{name} through {how}");
        for store in nested(got) {
            assert_eq!(
                store.as_bytes(),
                expected.as_slice(),
                "{name} through {how}"
            );
        }
        assert_eq!(
            got.encode_deterministic(),
            canonical,
            "{name} through {how}: written back differently"
        );
    };

    match T::decode_slice(&bytes) {
        Ok(owned) => check("decode_slice", &owned),
        Err(e) => panic!("{name}: decode_slice: {e}"),
    }
    for split in [1, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
        let (a, b) = bytes.split_at(split);
        match T::decode(a.chain(b)) {
            Ok(owned) => check("prost::Message::decode of a chained Buf", &owned),
            Err(e) => panic!("{name}: prost decode: {e}"),
        }
    }
    match T::decode_view(&bytes) {
        Ok(view) => check("decode_view + to_owned_message", &view.to_owned_message()),
        Err(e) => panic!("{name}: decode_view: {e}"),
    }
    let codec = codec();
    match codec.decode::<T>(&bytes) {
        Ok(decoded) => {
            check("GuardedCodec::decode", &decoded);
            let mut out = Vec::new();
            match codec.encode(&decoded, &mut out) {
                Ok(n) => assert_eq!(n, bytes.len(), "{name}: the codec wrote another length"),
                Err(e) => panic!("{name}: GuardedCodec::encode: {e}"),
            }
            match T::decode_slice(&out) {
                Ok(again) => check("GuardedCodec::encode", &again),
                Err(e) => panic!("{name}: {e}"),
            }
        }
        Err(e) => panic!("{name}: GuardedCodec::decode: {e}"),
    }
}

#[test]
fn inside_a_oneof_message_variant() {
    let mut command = fixtures::adaptation_command();
    let Some(c::AdaptationPayload::SeedOperation(op)) = command.payload.take() else {
        panic!("the fixture carries a seed operation");
    };
    command.payload = Some(c::AdaptationPayload::SeedOperation(from_newer(op)));
    survives(&command, |cmd| match &cmd.payload {
        Some(c::AdaptationPayload::SeedOperation(op)) => vec![&op.unknown_fields],
        _ => Vec::new(),
    });
}

#[test]
fn inside_a_map_message_value() {
    let bounds = c::BlueprintParameterBounds {
        min_value: 0.0,
        max_value: 1.0,
        ..Default::default()
    };
    let blueprint = c::BlueprintDescriptor {
        blueprint_id: "bp-residual-adapter-v2".into(),
        name: "Residual adapter".into(),
        tier: c::BlueprintTier::Safe,
        allowed_parameters: HashMap::from([("alpha".to_owned(), from_newer(bounds))]),
        risk: 0.25,
        ..Default::default()
    };
    survives(&blueprint, |b| {
        b.allowed_parameters
            .values()
            .map(|v| &v.unknown_fields)
            .collect()
    });
}

#[test]
fn three_levels_deep() {
    // StructuralPruningRequest > ImportanceStatistics > LayerImportance: the
    // unknown records sit in the third level, and in the second as well.
    let mut request = fixtures::structural_pruning_request();
    let mut stats = request.importance_stats.take().unwrap_or_default();
    stats.layers.truncate(2);
    for layer in &mut stats.layers {
        layer.channel_importance.truncate(8);
    }
    let layers = std::mem::take(&mut stats.layers);
    stats.layers = layers.into_iter().map(from_newer).collect();
    request.importance_stats = Some(from_newer(stats));
    survives(&request, |r| {
        let stats = r.importance_stats.as_ref();
        stats
            .map(|s| &s.unknown_fields)
            .into_iter()
            .chain(
                stats
                    .into_iter()
                    .flat_map(|s| s.layers.iter().map(|l| &l.unknown_fields)),
            )
            .collect()
    });
}

#[test]
fn inside_a_repeated_message_element() {
    let mut packet = fixtures::system_state_packet();
    packet.seed_states.truncate(3);
    let seeds = std::mem::take(&mut packet.seed_states);
    packet.seed_states = seeds.into_iter().map(from_newer).collect();
    survives(&packet, |p| {
        p.seed_states.iter().map(|s| &s.unknown_fields).collect()
    });
}
