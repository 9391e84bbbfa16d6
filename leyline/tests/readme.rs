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
