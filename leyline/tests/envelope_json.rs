//! `EventEnvelope` with JSON payloads: `wrap_json` writes canonical proto3
//! JSON, and `unpack` decodes by the envelope's `content_encoding`.

use leyline::contracts::{
    fixtures, AdaptationCommand, ContentEncoding, EnvelopeError, EventEnvelope, SystemStatePacket,
};
use leyline::json::{self, JsonErrorKind, JsonOptions};
use leyline::prost::Message as _;
use leyline::Contract as _;

#[test]
fn wrap_json_holds_the_canonical_json_and_unpack_reads_it_back() {
    let packet = fixtures::system_state_packet();
    let envelope = EventEnvelope::wrap_json(&packet, "tolaria").expect("has a JSON form");
    assert_eq!(envelope.content_encoding, "json");
    assert_eq!(envelope.encoding(), Some(ContentEncoding::Json));
    assert_eq!(envelope.payload_type, "esper.leyline.v1.SystemStatePacket");
    assert_eq!(
        envelope.payload,
        json::to_vec(&packet).expect("has a JSON form")
    );
    assert!(envelope.holds::<SystemStatePacket>());
    assert_eq!(envelope.unpack::<SystemStatePacket>(), Ok(packet.clone()));

    // The envelope itself survives the wire, and then still unpacks.
    let bytes = envelope.encode_to_vec();
    let received = EventEnvelope::decode_slice(&bytes).expect("decodes");
    assert_eq!(received.unpack::<SystemStatePacket>(), Ok(packet));
}

#[test]
fn unpack_decides_by_the_envelope_s_encoding() {
    let command = fixtures::adaptation_command();
    let binary = EventEnvelope::wrap_as(&command, "tamiyo", ContentEncoding::Protobuf)
        .expect("protobuf always encodes");
    let text =
        EventEnvelope::wrap_as(&command, "tamiyo", ContentEncoding::Json).expect("has a JSON form");
    assert_eq!(binary.content_encoding, "protobuf");
    assert_eq!(text.content_encoding, "json");
    assert_ne!(binary.payload, text.payload);
    assert_eq!(binary.unpack::<AdaptationCommand>(), Ok(command.clone()));
    assert_eq!(text.unpack::<AdaptationCommand>(), Ok(command));

    // JSON bytes labelled protobuf are a binary decode error, and binary
    // labelled JSON a JSON error: the label is what decides.
    let mut mislabelled = text.clone();
    mislabelled.content_encoding = "protobuf".into();
    assert!(matches!(
        mislabelled.unpack::<AdaptationCommand>(),
        Err(EnvelopeError::Decode { .. })
    ));
    let mut mislabelled = binary;
    mislabelled.content_encoding = "json".into();
    assert!(matches!(
        mislabelled.unpack::<AdaptationCommand>(),
        Err(EnvelopeError::Json { .. })
    ));
}

#[test]
fn an_unknown_encoding_is_a_typed_error() {
    let mut envelope = EventEnvelope::wrap(&fixtures::adaptation_command(), "tamiyo");
    for name in ["JSON", "Protobuf", "yaml", ""] {
        envelope.content_encoding = name.into();
        assert_eq!(envelope.encoding(), None);
        assert!(!envelope.holds::<AdaptationCommand>());
        assert_eq!(
            envelope.unpack::<AdaptationCommand>(),
            Err(EnvelopeError::UnsupportedEncoding {
                payload_type: "esper.leyline.v1.AdaptationCommand",
                found: name.to_owned(),
            })
        );
    }
    // The payload type is checked first, whatever the encoding.
    assert!(matches!(
        envelope.unpack::<SystemStatePacket>(),
        Err(EnvelopeError::PayloadTypeMismatch { .. })
    ));
}

#[test]
fn a_bad_json_payload_names_its_path() {
    let mut envelope =
        EventEnvelope::wrap_json(&fixtures::adaptation_command(), "tamiyo").expect("encodes");
    envelope.payload = br#"{"version": 1, "executionDeadlineMs": "soon"}"#.to_vec();
    let err = envelope
        .unpack::<AdaptationCommand>()
        .expect_err("not a number");
    let EnvelopeError::Json {
        payload_type,
        source,
    } = &err
    else {
        panic!("expected a JSON error, got {err:?}");
    };
    assert_eq!(*payload_type, "esper.leyline.v1.AdaptationCommand");
    assert_eq!(source.kind(), &JsonErrorKind::InvalidValue);
    assert!(std::error::Error::source(&err).is_some());
    let shown = err.to_string();
    assert!(
        shown.starts_with(
            "cannot unpack the envelope as esper.leyline.v1.AdaptationCommand from JSON: executionDeadlineMs:"
        ),
        "{shown}"
    );

    // Not UTF-8 at all.
    envelope.payload = vec![0xFF, 0xFE];
    assert!(matches!(
        envelope.unpack::<AdaptationCommand>(),
        Err(EnvelopeError::Json { .. })
    ));
}

#[test]
fn unknown_json_fields_are_refused_unless_the_options_allow_them() {
    let mut envelope =
        EventEnvelope::wrap_json(&fixtures::adaptation_command(), "tamiyo").expect("encodes");
    envelope.payload = br#"{"version": 1, "fromTheFuture": true}"#.to_vec();
    assert!(matches!(
        envelope.unpack::<AdaptationCommand>(),
        Err(EnvelopeError::Json { .. })
    ));
    let lenient = JsonOptions::default().ignore_unknown_fields(true);
    let command = envelope
        .unpack_with::<AdaptationCommand>(&lenient)
        .expect("unknown fields ignored");
    assert_eq!(command.version, 1);
}

#[test]
fn wrap_json_with_writes_with_the_options() {
    let command = AdaptationCommand::default();
    let options = JsonOptions::default()
        .proto_field_names(true)
        .emit_default_values(true);
    let envelope = EventEnvelope::wrap_json_with(&command, "tamiyo", &options).expect("encodes");
    let text = String::from_utf8(envelope.payload.clone()).expect("UTF-8");
    assert!(text.contains(r#""execution_deadline_ms":0"#), "{text}");
    assert_eq!(envelope.unpack::<AdaptationCommand>(), Ok(command));
}
