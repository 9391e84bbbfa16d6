//! The behaviour of the Esper contracts: envelopes, versions, unknown fields.

use leyline::codec::Versioned as _;
use leyline::contracts::{
    decode_versioned, fixtures, AdaptationCommand, CheckpointMetadata, EnvelopeError,
    EventEnvelope, FieldReport, PolicyUpdate, SeedState, SystemStatePacket, Versioned,
    VersionedDecodeError,
};
use leyline::prost::Message as _;
use leyline::{Contract, DecodeErrorKind};

#[test]
fn wrap_fills_the_envelope_and_unpack_returns_the_message() {
    let packet = fixtures::system_state_packet();
    let before = std::time::SystemTime::now();
    let envelope = EventEnvelope::wrap(&packet, "tolaria");

    assert_eq!(envelope.payload, packet.encode_to_vec());
    assert_eq!(envelope.payload_type, "esper.leyline.v1.SystemStatePacket");
    assert_eq!(envelope.content_encoding, "protobuf");
    assert_eq!(envelope.source_subsystem, "tolaria");
    let id = uuid::Uuid::parse_str(&envelope.event_id).expect("event_id is a UUID");
    assert_eq!(id.get_version_num(), 4);
    assert_eq!(envelope.event_id, id.hyphenated().to_string());
    let created = envelope.created_at.expect("created_at is set");
    let created = std::time::SystemTime::try_from(created).expect("a valid time");
    assert!(created >= before - std::time::Duration::from_secs(1));
    assert!(envelope.holds::<SystemStatePacket>());
    assert!(!envelope.holds::<AdaptationCommand>());

    // Through the wire and back.
    let received = EventEnvelope::decode_slice(&envelope.encode_to_vec()).expect("decodes");
    assert_eq!(received.unpack::<SystemStatePacket>(), Ok(packet));

    // Two wraps never share an event id.
    assert_ne!(
        EventEnvelope::wrap(&SeedState::default(), "x").event_id,
        EventEnvelope::wrap(&SeedState::default(), "x").event_id
    );
}

#[test]
fn unpack_refuses_another_payload_type() {
    let envelope = EventEnvelope::wrap(&fixtures::adaptation_command(), "tamiyo");
    let err = envelope
        .unpack::<SystemStatePacket>()
        .expect_err("wrong type");
    assert_eq!(
        err,
        EnvelopeError::PayloadTypeMismatch {
            expected: "esper.leyline.v1.SystemStatePacket",
            found: "esper.leyline.v1.AdaptationCommand".to_owned(),
        }
    );
    assert_eq!(
        err.to_string(),
        "cannot unpack the envelope as esper.leyline.v1.SystemStatePacket: it holds esper.leyline.v1.AdaptationCommand"
    );

    let untyped = EventEnvelope {
        payload_type: String::new(),
        ..envelope
    };
    assert_eq!(
        untyped
            .unpack::<AdaptationCommand>()
            .expect_err("no type")
            .to_string(),
        "cannot unpack the envelope as esper.leyline.v1.AdaptationCommand: its payload_type is empty"
    );
}

#[test]
fn unpack_refuses_another_content_encoding() {
    let mut envelope = EventEnvelope::wrap(&fixtures::adaptation_command(), "tamiyo");
    envelope.content_encoding = "avro".to_owned();
    let err = envelope
        .unpack::<AdaptationCommand>()
        .expect_err("neither protobuf nor json");
    assert!(matches!(err, EnvelopeError::UnsupportedEncoding { .. }));
    assert_eq!(
        err.to_string(),
        "cannot unpack the envelope as esper.leyline.v1.AdaptationCommand: its content_encoding is \"avro\", expected \"protobuf\" or \"json\""
    );
    assert!(!envelope.holds::<AdaptationCommand>());
}

#[test]
fn unpack_reports_a_corrupt_payload() {
    let mut envelope = EventEnvelope::wrap(&fixtures::adaptation_command(), "tamiyo");
    envelope.payload.truncate(10);
    let err = envelope
        .unpack::<AdaptationCommand>()
        .expect_err("truncated");
    let EnvelopeError::Decode {
        payload_type,
        source,
    } = &err
    else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(*payload_type, "esper.leyline.v1.AdaptationCommand");
    assert_eq!(source.kind(), &DecodeErrorKind::Truncated);
    assert!(std::error::Error::source(&err).is_some());
    assert!(err.to_string().starts_with(
        "cannot unpack the envelope as esper.leyline.v1.AdaptationCommand: failed to decode"
    ));
}

#[test]
fn versioned_contracts_carry_version_one() {
    assert_eq!(SystemStatePacket::CONTRACT_VERSION, 1);
    assert_eq!(AdaptationCommand::CONTRACT_VERSION, 1);
    assert_eq!(FieldReport::CONTRACT_VERSION, 1);
    assert_eq!(PolicyUpdate::CONTRACT_VERSION, 1);
    assert_eq!(CheckpointMetadata::CONTRACT_VERSION, 1);
    let report = FieldReport::current();
    assert_eq!(report.version(), 1);
    assert_eq!(
        report,
        FieldReport {
            version: 1,
            ..Default::default()
        }
    );
}

#[test]
fn decode_versioned_accepts_the_current_version() {
    let command = fixtures::adaptation_command();
    let decoded =
        decode_versioned::<AdaptationCommand>(&command.encode_to_vec()).expect("version 1");
    assert_eq!(decoded, command);
}

#[test]
fn decode_versioned_rejects_another_version() {
    let newer = SystemStatePacket {
        version: 2,
        ..fixtures::system_state_packet()
    };
    let err = decode_versioned::<SystemStatePacket>(&newer.encode_to_vec()).expect_err("v2");
    assert_eq!(
        err,
        VersionedDecodeError::VersionMismatch {
            message: "esper.leyline.v1.SystemStatePacket",
            expected: 1,
            found: 2,
        }
    );
    assert_eq!(
        err.to_string(),
        "esper.leyline.v1.SystemStatePacket: unsupported contract version 2 (this build reads version 1)"
    );

    let unset = PolicyUpdate::default();
    let err = decode_versioned::<PolicyUpdate>(&unset.encode_to_vec()).expect_err("v0");
    assert_eq!(
        err.to_string(),
        "esper.leyline.v1.PolicyUpdate: the version field is not set (0); this build reads version 1"
    );
}

#[test]
fn decode_versioned_reports_bad_bytes_with_the_message_name() {
    let err = decode_versioned::<CheckpointMetadata>(&[0x12, 0x09, b'x']).expect_err("truncated");
    assert!(matches!(
        err,
        VersionedDecodeError::Decode {
            message: "esper.leyline.v1.CheckpointMetadata",
            ..
        }
    ));
    assert!(err
        .to_string()
        .starts_with("esper.leyline.v1.CheckpointMetadata: failed to decode"));
}

/// A relay built against this version decodes a message from a newer producer
/// (with a field it does not know) and re-encodes it: the new field survives,
/// inside nested messages too.
#[test]
fn relays_pass_unknown_fields_on() {
    // (At most one entry per map, so that map order cannot change the bytes.)
    let mut packet = fixtures::system_state_packet();
    packet
        .training_metrics
        .retain(|name, _| name == "grad_norm");
    let mut bytes = packet.encode_to_vec();
    // Field 150 (a reserved number a newer version might use), varint 42.
    let unknown = [0xb0, 0x09, 42];
    bytes.extend_from_slice(&unknown);
    let relayed = SystemStatePacket::decode_slice(&bytes).expect("decodes");
    assert_eq!(relayed.unknown_fields.numbers(), vec![150]);
    assert_eq!(relayed.encode_to_vec(), bytes);

    // Inside an envelope, inside a seed.
    let mut seed = SeedState::default().encode_to_vec();
    seed.extend_from_slice(&[0xf8, 0x01, 7]); // field 31, varint 7
    let mut outer = SystemStatePacket::default().encode_to_vec();
    outer.push(0x42); // field 8 (seed_states), length-delimited
    outer.push(seed.len() as u8);
    outer.extend_from_slice(&seed);
    let decoded = SystemStatePacket::decode_slice(&outer).expect("decodes");
    assert_eq!(decoded.seed_states[0].unknown_fields.numbers(), vec![31]);
    let envelope = EventEnvelope::wrap(&decoded, "relay");
    let unpacked: SystemStatePacket = envelope.unpack().expect("unpacks");
    assert_eq!(unpacked.encode_to_vec(), outer);
}
