//! The guarded codec's messages and its split fields beyond
//! `codec_errors.rs`: every `CodecError` text names the type, sizes and
//! versions involved, and its source is the underlying error; a split field
//! declared `packed = false` is cut into one record per element and merges
//! back; a packed element too big for a part of its own is refused with its
//! own size.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::error::Error as _;
use std::time::Duration;

use leyline::codec::{CodecConfig, CodecError, GuardedCodec, Parts};
use leyline::prost::Message as _;
use leyline::Contract as _;

/// A split field written one record per element.
#[leyline::message(package = "leyline.cov.v1", max_size = 12)]
pub struct Unpacked {
    #[leyline(field = 1, split, packed = false)]
    pub ticks: Vec<u32>,
}

/// A split field written as packed runs.
#[leyline::message(package = "leyline.cov.v1", max_size = 11)]
pub struct Packed {
    #[leyline(field = 1, split)]
    pub ticks: Vec<u64>,
}

fn codec() -> GuardedCodec {
    GuardedCodec::new(CodecConfig::default()).unwrap()
}

#[test]
fn codec_errors_say_what_was_refused() {
    let version = CodecError::VersionMismatch {
        message_type: "esper.v1.Seed",
        expected: 2,
        found: 3,
    };
    assert_eq!(version.kind(), "version_mismatch");
    assert_eq!(
        version.to_string(),
        "esper.v1.Seed has contract version 3; this build accepts version 2"
    );
    assert!(version.source().is_none());

    let open = CodecError::CircuitOpen {
        message_type: "esper.v1.Seed",
        retry_in: Duration::from_millis(1500),
    };
    assert_eq!(open.kind(), "circuit_open");
    assert_eq!(
        open.to_string(),
        "circuit open for esper.v1.Seed after repeated serialization failures; retry in 1.5s"
    );
    assert!(open.source().is_none());

    let size = CodecError::SizeOverflow {
        size: 20,
        limit: 12,
    };
    assert_eq!(
        size.to_string(),
        "message of 20 bytes exceeds the limit of 12 bytes"
    );
    assert!(size.source().is_none());

    // A decode error is shown as it is, and is the source.
    let decode = Unpacked::decode_slice(&[0x08]).unwrap_err();
    let err = CodecError::Decode(decode.clone());
    assert_eq!(err.to_string(), decode.to_string());
    assert_eq!(err.source().unwrap().to_string(), decode.to_string());
}

#[test]
fn a_validation_error_is_the_source_of_the_codec_error() {
    /// A contract with a rule.
    #[leyline::message(package = "leyline.cov.v1")]
    pub(crate) struct Named {
        #[leyline(field = 1, validate(not_empty))]
        pub(crate) name: String,
    }
    let err = codec()
        .encode(&Named::default(), &mut Vec::new())
        .unwrap_err();
    let CodecError::Validation(violations) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(err.to_string(), violations.to_string());
    assert_eq!(err.source().unwrap().to_string(), violations.to_string());
}

#[test]
fn an_unpacked_split_field_is_cut_into_records_and_merges_back() {
    let msg = Unpacked {
        ticks: (1..=10).map(|i| i * 100).collect(),
    };
    assert!(msg.encoded_len() > 12);
    let split = msg.__split_field().unwrap();
    assert_eq!(
        format!("{split:?}"),
        "SplitField { tag: 1, elements: 10, .. }"
    );

    let mut parts = Parts::new();
    assert!(parts.is_empty());
    let n = codec().encode_parts(&msg, &mut parts).unwrap();
    assert!(!parts.is_empty());
    assert_eq!(n, parts.len());
    assert!(n >= 2, "{n} parts");
    for part in parts.iter() {
        assert!(part.len() <= 12, "{part:?}");
        // One varint record per element (key 0x08), never a packed run (0x0a).
        let mut at = 0;
        while at < part.len() {
            assert_eq!(part[at], 0x08, "{part:?}");
            at += 2;
            while part[at - 1] & 0x80 != 0 {
                at += 1;
            }
        }
    }
    let back: Unpacked = codec().decode_parts(parts.iter()).unwrap();
    assert_eq!(back, msg);
}

#[test]
fn a_packed_element_too_big_for_any_part_is_refused_with_its_size() {
    // 1 fits in a run; u64::MAX takes 10 bytes, 12 with its key and length,
    // more than the 11 bytes a part may hold.
    let msg = Packed {
        ticks: vec![1, u64::MAX],
    };
    let mut parts = Parts::new();
    let err = codec().encode_parts(&msg, &mut parts).unwrap_err();
    assert_eq!(
        err,
        CodecError::SizeOverflow {
            size: 12,
            limit: 11
        }
    );
    // Small elements are cut into packed runs that fit.
    let msg = Packed {
        ticks: (0..20).collect(),
    };
    let n = codec().encode_parts(&msg, &mut parts).unwrap();
    assert!(n >= 2, "{n} parts");
    assert!(parts
        .iter()
        .all(|p| p.len() <= 11 && p.first() == Some(&0x0a)));
    let back: Packed = codec().decode_parts(parts.iter()).unwrap();
    assert_eq!(back, msg);
}

#[test]
fn a_message_size_limit_out_of_range_is_refused() {
    for size in [0, usize::MAX] {
        let config = CodecConfig {
            max_message_size: size,
            ..CodecConfig::default()
        };
        let err = config.validate().unwrap_err().to_string();
        assert!(err.contains("max_message_size"), "{err}");
        assert!(
            err.contains(&format!("{size} is out of range: 1 to ")),
            "{err}"
        );
        assert!(GuardedCodec::new(config).is_err());
    }
}
