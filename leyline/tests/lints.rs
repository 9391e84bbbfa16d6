//! Generated code is warning-free under strict lints, `missing_docs` included,
//! when the user documents their own items: everything public the macros add
//! (the `Unrecognized` variant, inherent methods and constants) carries docs.
//! Clippy runs over this file too (`cargo clippy --all-targets`).

#![deny(warnings, rust_2018_idioms, unused_qualifications, missing_docs)]

/// Contracts written as a user documents them.
pub mod contracts {
    use std::collections::{BTreeMap, HashMap};

    /// Lifecycle of a seed.
    #[leyline::enumeration(
        package = "esper.leyline.v1",
        prefix = "SEED_STAGE_",
        allow_alias,
        reserved(4, 10..=19),
        reserved_names("SEED_STAGE_CULLED")
    )]
    pub enum SeedStage {
        /// Not set.
        Unspecified = 0,
        /// Growing.
        Germinating = 1,
        /// Being trained.
        Training = 2,
        /// An alias of `Training`.
        Learning = 2,
    }

    /// What a seed carries.
    #[leyline::oneof]
    pub enum Payload {
        /// A note.
        #[leyline(field = 20)]
        Note(String),
        /// A change, zigzag-encoded.
        #[leyline(field = 21, encoding = "sint64")]
        Delta(i64),
        /// A nested seed.
        #[leyline(field = 22)]
        Child(Box<Seed>),
    }

    /// One seed.
    #[leyline::message(
        package = "esper.leyline.v1",
        reserved(3, 100..=199),
        reserved_names("legacy_flag")
    )]
    pub struct Seed {
        /// The seed's id.
        #[leyline(field = 1)]
        pub seed_id: String,
        /// Its stage.
        #[leyline(field = 2)]
        pub stage: SeedStage,
        /// A zigzag-encoded offset.
        #[leyline(field = 4, encoding = "sint32")]
        pub offset: i32,
        /// Raw bytes.
        #[leyline(field = 5)]
        pub raw: Vec<u8>,
        /// An optional count.
        #[leyline(field = 6)]
        pub maybe: Option<u32>,
        /// The parent seed.
        #[leyline(field = 7)]
        pub parent: Option<Box<Seed>>,
        /// When it was planted.
        #[leyline(field = 8)]
        pub planted: Option<leyline::Timestamp>,
        /// Losses.
        #[leyline(field = 9)]
        pub losses: Vec<f32>,
        /// Stages seen.
        #[leyline(field = 10)]
        pub history: Vec<SeedStage>,
        /// Named metrics.
        #[leyline(field = 11)]
        pub metrics: HashMap<String, f64>,
        /// Counts by offset.
        #[leyline(field = 12, key_encoding = "sint64")]
        pub by_offset: BTreeMap<i64, u32>,
        /// The payload.
        #[leyline(oneof)]
        pub payload: Option<Payload>,
        /// Fields this build does not know.
        #[leyline(unknown_fields)]
        pub unknown: leyline::UnknownFields,
    }
}

use contracts::{Payload, Seed, SeedStage};
use leyline::prost::Message as _;
use leyline::Contract as _;

#[test]
fn documented_contracts_round_trip() {
    let seed = Seed {
        seed_id: "s-1".to_owned(),
        stage: SeedStage::Learning,
        offset: -4,
        payload: Some(Payload::Delta(-9)),
        ..Seed::default()
    };
    let back = Seed::decode_slice(&seed.encode_to_vec()).expect("round trip");
    assert_eq!(back, seed);
    assert_eq!(SeedStage::from_value(7), SeedStage::Unrecognized(7));
    assert!(SeedStage::Germinating.is_defined());
    assert_eq!(SeedStage::DEFINED_VALUES, &[0, 1, 2]);
    assert!(matches!(Payload::Note(String::new()), Payload::Note(_)));
    assert!(matches!(Payload::Child(Box::default()), Payload::Child(_)));
}
