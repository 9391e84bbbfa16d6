//! The numbers the README states, checked.

use leyline::prost::Message as _;
use leyline::Contract;

/// The README's size-bound example.
#[leyline::message(package = "esper.example.v1", max_size = 256)]
pub struct Probe {
    /// At most 16 characters: 64 bytes of UTF-8.
    #[leyline(field = 1, validate(max_len = 16))]
    pub name: String,
    /// At most 8 floats, packed: 32 bytes.
    #[leyline(field = 2, validate(max_items = 8))]
    pub samples: Vec<f32>,
}

#[test]
fn size_bound_example() {
    // key + length + 64 bytes, then key + length + 32 bytes
    assert_eq!(Probe::MAX_ENCODED_LEN, Some(1 + 1 + 64 + 1 + 1 + 32));
    assert_eq!(Probe::MAX_SIZE, Some(256));
    let widest = Probe {
        name: "\u{1F331}".repeat(16),
        samples: vec![1.0; 8],
    };
    assert!(widest.validate().is_ok());
    assert_eq!(widest.encode_to_vec().len(), 100);
}

/// The README's JSON example, as it stands there.
#[test]
fn json_example() -> Result<(), Box<dyn std::error::Error>> {
    use leyline::contracts::{fixtures, SystemStatePacket};
    use leyline::json::{self, JsonOptions, JsonView as _};

    let packet = fixtures::system_state_packet();
    let text = json::to_string(&packet)?; // {"version":1,"currentEpoch":120,...}
    assert!(text.starts_with(r#"{"version":1,"currentEpoch":120,"#));
    assert_eq!(json::from_str::<SystemStatePacket>(&text)?, packet);
    assert_eq!(serde_json::to_string(&packet)?, text);

    // What Nissa indexes: Python's MessageToDict(packet,
    // preserving_proto_field_name=True, always_print_fields_with_no_presence=True).
    let nissa = JsonOptions::default()
        .proto_field_names(true)
        .emit_default_values(true);
    let document = json::to_string_with(&packet, &nissa)?;

    // Straight from the protobuf bytes, with no owned decode in between.
    let bytes = packet.encode_to_vec();
    let view = SystemStatePacket::decode_view(&bytes)?;
    let from_view = view.to_json_with(&nissa)?;
    let from_bytes = json::protobuf_to_string_with::<SystemStatePacket>(&bytes, &nissa)?;
    let value = |s: &str| serde_json::from_str::<serde_json::Value>(s);
    assert_eq!(value(&from_view)?, value(&document)?);
    assert_eq!(value(&from_bytes)?, value(&document)?);

    // Bad input: the JSON path, the line and the column.
    let bad = r#"{"seedStates": [{}, {"metrics": {"loss": "x"}}]}"#;
    let Err(err) = json::from_str::<SystemStatePacket>(bad) else {
        return Err("a string where a float belongs was read".into());
    };
    assert_eq!(
        err.to_string(),
        r#"seedStates[1].metrics.loss: expected a number (float), got "x" at line 1 column 42"#
    );
    Ok(())
}
